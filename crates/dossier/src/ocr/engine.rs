//! The OCR engine seam: the [`OcrEngine`] trait and its Tesseract implementation.
//!
//! One [`TesseractEngine`] per worker thread, reused for every page: starting Tesseract
//! with eng+rus+kaz costs a few hundred milliseconds, far more than reading an MRZ. The
//! engine holds one Tesseract handle per pass configuration (page text, MRZ), each
//! started on first use, so a run that only reads MRZs never loads the Cyrillic models.
//!
//! Threads: Debian's libtesseract is built with OpenMP and runs up to four threads per
//! recognition. With rayon already using every core that oversubscribes the machine, so
//! the process must run with `OMP_THREAD_LIMIT=1`. libgomp reads that variable when the
//! shared library is loaded, before `main` starts, so setting it from Rust is too late:
//! the `dossier` binary must re-execute itself with the variable set when it is missing
//! (see [`omp_single_threaded`]), and tests and benches run with it in the environment.

use std::ffi::{CStr, CString};
use std::path::{Path, PathBuf};

use image::GrayImage;
use tesseract::plumbing::tesseract_sys::{
    TessOcrEngineMode_OEM_LSTM_ONLY, TessPageSegMode_PSM_AUTO, TessPageSegMode_PSM_SINGLE_BLOCK,
    TessPageSegMode_PSM_SINGLE_LINE,
};
use tesseract::plumbing::TessBaseApi;

use super::{OcrError, Pass};
use crate::model::{BBox, Word};

/// Languages of the page pass.
pub const PAGE_LANGUAGES: &str = "eng+rus+kaz";
/// Languages of the re-reading of Latin-looking words on Cyrillic pages ([`super::script`]).
pub const CYRILLIC_LANGUAGES: &str = "rus+kaz";
/// Language of the MRZ pass (the Latin model, restricted to [`MRZ_ALPHABET`]).
pub const MRZ_LANGUAGE: &str = "eng";
/// The characters of an ICAO 9303 machine-readable zone.
pub const MRZ_ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";
/// The environment variable that caps OpenMP threads inside Tesseract.
pub const OMP_THREAD_LIMIT: &str = "OMP_THREAD_LIMIT";

/// The one-line fix for a missing Tesseract installation.
const INSTALL_HINT: &str =
    "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-kaz";

/// Something that turns a grayscale image into words with boxes and confidences.
///
/// Boxes are in pixels of the image passed in. Implementations are used from one thread
/// at a time; the pipeline keeps one per worker.
pub trait OcrEngine {
    /// A stable identifier of the engine, its version and its configuration, used in
    /// cache keys: a different id means cached text is not reused.
    fn id(&self) -> String;
    /// Recognises `img` with the configuration of `pass`.
    fn recognize(&mut self, img: &GrayImage, pass: Pass) -> Result<Vec<Word>, OcrError>;
}

/// Tesseract (through the `tesseract` crate) with one handle per pass.
pub struct TesseractEngine {
    page: Option<TessBaseApi>,
    mrz: Option<TessBaseApi>,
    cyrillic: Option<TessBaseApi>,
    version: String,
}

impl std::fmt::Debug for TesseractEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TesseractEngine")
            .field("version", &self.version)
            .field("page_started", &self.page.is_some())
            .field("mrz_started", &self.mrz.is_some())
            .finish()
    }
}

impl TesseractEngine {
    /// Creates an engine. The MRZ handle is started here (it is always needed, and a
    /// failure should surface before any page is read); the page handle on first use.
    pub fn new() -> Result<Self, OcrError> {
        let mut engine = TesseractEngine {
            page: None,
            mrz: None,
            cyrillic: None,
            version: tesseract_version(),
        };
        engine.handle(Pass::Mrz)?;
        Ok(engine)
    }

    /// The handle for `pass`, started on first use.
    fn handle(&mut self, pass: Pass) -> Result<&mut TessBaseApi, OcrError> {
        let slot = match pass {
            Pass::Page => &mut self.page,
            Pass::Mrz => &mut self.mrz,
            Pass::Cyrillic => &mut self.cyrillic,
        };
        if slot.is_none() {
            *slot = Some(start(pass)?);
        }
        slot.as_mut().ok_or(OcrError::Recognize)
    }
}

/// Starts and configures a Tesseract handle for `pass`.
fn start(pass: Pass) -> Result<TessBaseApi, OcrError> {
    let languages = match pass {
        Pass::Page => PAGE_LANGUAGES,
        Pass::Mrz => MRZ_LANGUAGE,
        Pass::Cyrillic => CYRILLIC_LANGUAGES,
    };
    let init_error = || OcrError::Init {
        languages: languages.to_string(),
    };
    let lang = CString::new(languages).map_err(|_| init_error())?;
    let mut api = TessBaseApi::create();
    api.init_4(None, Some(&lang), TessOcrEngineMode_OEM_LSTM_ONLY)
        .map_err(|_| init_error())?;
    // Tesseract prints warnings through its debug file; the library must stay quiet.
    set(&mut api, c"debug_file", c"/dev/null")?;
    match pass {
        Pass::Page => api.set_page_seg_mode(TessPageSegMode_PSM_AUTO),
        Pass::Mrz => {
            api.set_page_seg_mode(TessPageSegMode_PSM_SINGLE_BLOCK);
            let alphabet = CString::new(MRZ_ALPHABET).map_err(|_| init_error())?;
            set(&mut api, c"tessedit_char_whitelist", &alphabet)?;
        }
        Pass::Cyrillic => api.set_page_seg_mode(TessPageSegMode_PSM_SINGLE_LINE),
    }
    Ok(api)
}

fn set(api: &mut TessBaseApi, name: &CStr, value: &CStr) -> Result<(), OcrError> {
    api.set_variable(name, value).map_err(|_| OcrError::Init {
        languages: format!("(variable {})", name.to_string_lossy()),
    })
}

impl OcrEngine for TesseractEngine {
    fn id(&self) -> String {
        engine_id(&self.version)
    }

    fn recognize(&mut self, img: &GrayImage, pass: Pass) -> Result<Vec<Word>, OcrError> {
        let (w, h) = img.dimensions();
        // Tesseract rejects images this small; nothing could be read from them anyway.
        if w < 8 || h < 8 {
            return Ok(Vec::new());
        }
        let too_big = || OcrError::Image {
            width: w,
            height: h,
        };
        let wi = i32::try_from(w).map_err(|_| too_big())?;
        let hi = i32::try_from(h).map_err(|_| too_big())?;
        let api = self.handle(pass)?;
        api.set_image(img.as_raw(), wi, hi, 1, wi)
            .map_err(|_| too_big())?;
        // Preprocessing brings pages to about 300 dpi; saying so avoids Tesseract's
        // resolution guess (and its warning).
        api.set_source_resolution(300);
        api.recognize().map_err(|_| OcrError::Recognize)?;
        let tsv = api.get_tsv_text(0).map_err(|_| OcrError::Recognize)?;
        Ok(parse_tsv(&tsv.as_ref().to_string_lossy()))
    }
}

/// The version of the linked libtesseract, e.g. `5.3.0`.
/// The id of the Tesseract engine this build runs, without starting it: what cache keys
/// are made of, so a warm re-run never loads Tesseract's models.
pub fn tesseract_engine_id() -> String {
    engine_id(&tesseract_version())
}

fn engine_id(version: &str) -> String {
    format!("tesseract-{version}/lstm/page={PAGE_LANGUAGES}:psm3/mrz={MRZ_LANGUAGE}:psm6/latin-reread={CYRILLIC_LANGUAGES}:psm7")
}

pub fn tesseract_version() -> String {
    tesseract::plumbing::version()
        .to_string_lossy()
        .into_owned()
}

/// Parses Tesseract's TSV output into words (level-5 rows) in reading order.
///
/// Columns: level, page, block, par, line, word, left, top, width, height, conf, text.
/// Lines get ids in order of first appearance, unique within the page. Rows that do
/// not parse are skipped: the TSV is Tesseract's, not user input, but a malformed row
/// must not lose the rest of the page.
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut last_line: Option<(u32, u32, u32, u32)> = None;
    let mut line_id: u32 = 0;
    for row in tsv.lines() {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<i64>().ok();
        let (Some(page), Some(block), Some(par), Some(line)) = (num(1), num(2), num(3), num(4))
        else {
            continue;
        };
        let (Some(x), Some(y), Some(w), Some(h)) = (num(6), num(7), num(8), num(9)) else {
            continue;
        };
        let Ok(conf) = cols[10].trim().parse::<f32>() else {
            continue;
        };
        let text = cols[11..].join("\t");
        let text = text.trim();
        if text.is_empty() || conf < 0.0 {
            continue;
        }
        let key = (page as u32, block as u32, par as u32, line as u32);
        match last_line {
            Some(k) if k == key => {}
            Some(_) => {
                line_id += 1;
                last_line = Some(key);
            }
            None => last_line = Some(key),
        }
        let clamp = |v: i64| v.clamp(0, u32::MAX as i64) as u32;
        words.push(Word {
            text: text.to_string(),
            bbox: BBox {
                x: clamp(x),
                y: clamp(y),
                w: clamp(w),
                h: clamp(h),
            },
            confidence: conf.clamp(0.0, 100.0),
            line: line_id,
        });
    }
    words
}

/// Checks that Tesseract and the eng, rus and kaz language data are installed (OSD
/// data is not needed: see [`super::orient`]).
///
/// The error names what is missing and the command that installs it, in one line.
pub fn check_setup() -> Result<(), OcrError> {
    let needed = ["eng", "rus", "kaz"];
    let dirs = tessdata_dirs();
    let found = |lang: &str| {
        dirs.iter()
            .any(|d| d.join(format!("{lang}.traineddata")).is_file())
    };
    let missing: Vec<&str> = needed.iter().copied().filter(|l| !found(l)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    // The data may live somewhere we did not look (a custom build): ask Tesseract.
    if start(Pass::Page).is_ok() {
        return Ok(());
    }
    Err(OcrError::Setup {
        missing: format!("language data {}", missing.join(", ")),
        hint: INSTALL_HINT,
    })
}

/// Where Tesseract looks for language data: `TESSDATA_PREFIX` first, then the usual
/// distribution paths.
fn tessdata_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(prefix) = std::env::var_os("TESSDATA_PREFIX") {
        let p = PathBuf::from(prefix);
        dirs.push(p.join("tessdata"));
        dirs.push(p);
    }
    for d in [
        "/usr/share/tesseract-ocr/5/tessdata",
        "/usr/share/tesseract-ocr/4.00/tessdata",
        "/usr/share/tessdata",
        "/usr/local/share/tessdata",
        "/opt/homebrew/share/tessdata",
    ] {
        dirs.push(Path::new(d).to_path_buf());
    }
    dirs
}

/// True when OpenMP inside Tesseract is capped at one thread, i.e. `OMP_THREAD_LIMIT=1`
/// was in the environment when the process started.
///
/// The binary should check this first thing in `main` and, when false, re-execute
/// itself with the variable set (`std::os::unix::process::CommandExt::exec`), because
/// libgomp has already read its environment by the time `main` runs.
pub fn omp_single_threaded() -> bool {
    std::env::var(OMP_THREAD_LIMIT).is_ok_and(|v| v.trim() == "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_get_boxes_confidences_and_line_ids() {
        let tsv = "1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
                   4\t1\t1\t1\t1\t0\t10\t10\t80\t20\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t10\t30\t20\t96.5\tHello\n\
                   5\t1\t1\t1\t1\t2\t45\t10\t45\t20\t91\tworld\n\
                   5\t1\t1\t1\t2\t1\t10\t40\t30\t20\t88\tsecond\n\
                   5\t1\t2\t1\t1\t1\t10\t70\t30\t20\t70\tthird\n\
                   5\t1\t2\t1\t1\t2\t10\t70\t30\t20\t-1\t \n\
                   5\tbad\trow\n";
        let words = parse_tsv(tsv);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Hello", "world", "second", "third"]);
        let lines: Vec<u32> = words.iter().map(|w| w.line).collect();
        assert_eq!(lines, [0, 0, 1, 2]);
        assert_eq!(
            words[1].bbox,
            BBox {
                x: 45,
                y: 10,
                w: 45,
                h: 20
            }
        );
        assert!((words[0].confidence - 96.5).abs() < 1e-3);
    }

    #[test]
    fn setup_error_says_the_fix_in_one_line() {
        let e = OcrError::Setup {
            missing: "language data kaz".into(),
            hint: INSTALL_HINT,
        };
        let msg = e.to_string();
        assert!(!msg.contains('\n'));
        assert!(msg.contains("kaz") && msg.contains("apt-get install tesseract-ocr"));
    }

    #[test]
    fn setup_is_complete_here() {
        check_setup().expect("this machine has eng, rus and kaz");
    }

    #[test]
    fn tsv_of_nothing_is_no_words() {
        assert!(parse_tsv("").is_empty());
        assert!(parse_tsv("level\tpage_num\n").is_empty());
    }
}
