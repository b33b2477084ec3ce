//! Stage 1, ingest: from folders on disk to files, pages and page contents.
//!
//! [`discover`] turns the paths given on the command line into packages of input files
//! (it only reads: nothing is ever written into the scanned folders). [`open`] reads one
//! file, hashes it and counts its pages without decoding them; [`load_page`] decodes one
//! page when the pipeline gets to it, so memory stays bounded by the pages in flight.
//!
//! Every way a file can be bad (empty, truncated, corrupt, encrypted, too big, a
//! decompression bomb, an unknown format) comes back as a [`ReadProblem`] whose reason a
//! clerk can act on; nothing here panics on bad input, and third-party decoder panics are
//! caught and turned into problems too.

mod discover;
mod image;
mod pdf;
mod pdf_image;
mod pdf_structure;
pub mod sandbox;
mod shard;
mod sniff;
mod tiff;

use std::cell::Cell;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use sha2::{Digest, Sha256};

pub use crate::model::{LooseEntry, ReadCause, ReadProblem, SkippedEntry};
pub use discover::{discover, single_file};
pub use pdf::MIN_TEXT_CHARS;
pub use sandbox::{
    serve_worker, worker_pid, workers_started, Isolation, Worker, WorkerError, WORKER_COMMAND,
};
pub use shard::{shard_of, Shard};
pub use sniff::FileFormat;

/// Resource limits that keep a hostile or broken file from exhausting the machine.
///
/// Memory is bounded by configuration, not by the input: every page is checked against
/// [`Limits::max_decode_bytes`] *before* any pixel buffer or inflated stream exists, from
/// what the file declares (image headers, each TIFF page's directory, a PDF image's
/// `/Width`, `/Height`, colour space and bits), and every compressed stream is inflated
/// through a reader that stops at the budget. The estimate of one page is
///
/// ```text
/// pixels × (bytes per pixel of the decoded buffer + of the conversions made from it
///           + OCR_BYTES_PER_PIXEL)  +  intermediate buffers (inflated PDF data)
/// ```
///
/// where [`OCR_BYTES_PER_PIXEL`] covers the OCR stage's copies (grey, levelled, upright,
/// Tesseract's own). A whole run then stays within
/// `BASE_BYTES + workers × (WORKER_BYTES + max_decode_bytes)` ([`Limits::memory_bound`]);
/// [`Limits::for_max_memory`] derives the per-file budget from a total (`--max-memory`).
///
/// (Serialisable: a worker process receives them with its request.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// Largest image (width × height) decoded, checked from the header before any pixel
    /// buffer is allocated. Applies to image files, each TIFF page and PDF scan images.
    pub max_pixels: u64,
    /// Most pages accepted in one PDF (and in one multi-page TIFF).
    pub max_pdf_pages: usize,
    /// Largest file read, checked before reading.
    pub max_file_bytes: u64,
    /// Per-file decode budget in bytes: the most memory reading one page of a file may
    /// take (see the type's documentation for what is counted).
    pub max_decode_bytes: u64,
}

/// Bytes per pixel the OCR stage holds beside the decoded image, at its peak: the grey,
/// levelled (deskewed) and upright copies (1 byte each) and Tesseract's own copy,
/// thresholded image and line images. Measured (peak RSS, one worker) at 5 bytes a pixel
/// for a 20-million-pixel page of large text and 9 to 10 for a page of small text
/// upscaled to 60 million pixels; 10 is the figure used. Upscaling is capped so the
/// upscaled page fits the same budget ([`Limits::max_ocr_pixels`]).
pub const OCR_BYTES_PER_PIXEL: u64 = 10;

impl Limits {
    /// The default per-file decode budget: 384 MiB, enough for an A4 page scanned at
    /// 600 dpi in grey (35 million pixels) or 500 dpi in colour, and a default run with
    /// two workers stays within 1 GiB.
    pub const DEFAULT_DECODE_BYTES: u64 = 384 * MIB;
    /// Memory of the process before any page is read: code, schemas, the batch's lists,
    /// the report.
    pub const BASE_BYTES: u64 = 64 * MIB;
    /// Memory of one worker beside its page: its Tesseract engine with the eng, rus and
    /// kaz models loaded (a run with one worker over tiny images peaks at 110 MiB, base
    /// included), and the file's bytes.
    pub const WORKER_BYTES: u64 = 96 * MIB;
    /// The smallest per-file budget accepted: below it even an ordinary scan is refused.
    pub const MIN_DECODE_BYTES: u64 = 32 * MIB;

    /// Limits whose per-file budget makes a run with `workers` workers stay within
    /// `total` bytes: `max_decode_bytes = (total − BASE_BYTES) / workers − WORKER_BYTES`.
    /// `Err` with a sentence when that leaves less than [`Self::MIN_DECODE_BYTES`].
    pub fn for_max_memory(total: u64, workers: usize) -> Result<Limits, String> {
        let workers = workers.max(1) as u64;
        let per_worker = total.saturating_sub(Self::BASE_BYTES) / workers;
        let budget = per_worker.saturating_sub(Self::WORKER_BYTES);
        if budget < Self::MIN_DECODE_BYTES {
            let needed = Self::BASE_BYTES + workers * (Self::WORKER_BYTES + Self::MIN_DECODE_BYTES);
            return Err(format!(
                "a memory limit of {} is too small for {workers} worker(s): give at least {} \
                 or fewer workers (--jobs)",
                human_bytes(total),
                human_bytes(needed)
            ));
        }
        Ok(Limits {
            max_decode_bytes: budget,
            ..Limits::default()
        })
    }

    /// The most memory a run with `workers` workers takes under these limits.
    pub fn memory_bound(&self, workers: usize) -> u64 {
        let workers = workers.max(1) as u64;
        Self::BASE_BYTES + workers * (Self::WORKER_BYTES + self.max_decode_bytes)
    }

    /// The largest page (pixels) the OCR stage may work on, upscaled or not.
    pub fn max_ocr_pixels(&self) -> u64 {
        self.max_decode_bytes / (OCR_BYTES_PER_PIXEL + 1)
    }
}

const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    /// 150 million pixels (an A4 page at 1200 dpi is about 140 million), 200 pages,
    /// 256 MiB files, a 384 MiB decode budget per file.
    fn default() -> Self {
        Limits {
            max_pixels: 150_000_000,
            max_pdf_pages: 200,
            max_file_bytes: 256 * MIB,
            max_decode_bytes: Self::DEFAULT_DECODE_BYTES,
        }
    }
}

/// Why the inputs could not even be listed: a usage error, not a finding.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path given does not exist (or cannot be reached).
    #[error("{path}: no such folder")]
    NotFound { path: PathBuf },
    /// The path given is a file, not a folder.
    #[error("{path}: not a folder (give a package folder or a folder of package folders)")]
    NotAFolder { path: PathBuf },
    /// The folder exists but cannot be listed.
    #[error("{path}: cannot read the folder: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// One input file of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Path inside the package, `/` separators.
    pub rel: String,
    /// Where to read it.
    pub path: PathBuf,
    /// The format sniffed from the first bytes; `None` when the bytes match no supported
    /// format (the file is still listed because its name says it is meant as a document;
    /// [`open`] reports why it cannot be read).
    pub format: Option<FileFormat>,
}

impl InputFile {
    /// When the file's extension names a different format than its bytes, a sentence
    /// saying so (e.g. "passport.pdf is really a JPEG image"). Such files are read by
    /// their bytes; this is only a note.
    pub fn extension_mismatch(&self) -> Option<String> {
        let format = self.format?;
        let ext = Path::new(&self.rel)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        let claimed = FileFormat::from_extension(&ext)?;
        (claimed != format).then(|| format!("{} is really {}", self.rel, format.describe()))
    }
}

/// What discovery found under the paths given: the packages, and the entries of batch
/// folders that belong to no package.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Batch {
    /// In the order the roots were given; within a root, sorted by folder name.
    pub packages: Vec<PackageInput>,
    /// Loose entries of the batch folders (files, links to files, named pipes, hidden
    /// entries beside the package folders), in root order, then by name.
    pub loose: Vec<LooseEntry>,
}

impl Batch {
    /// Keeps only the packages of `shard`. The loose entries stay: every shard's report
    /// lists them, as one run over the whole batch does.
    pub fn retain_shard(&mut self, shard: Shard) {
        self.packages.retain(|p| shard.holds(&p.id));
    }
}

/// One package: a folder of files, with an optional `package.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageInput {
    /// The package folder's name.
    pub id: String,
    pub path: PathBuf,
    /// `package.toml`, if present.
    pub manifest: Option<PathBuf>,
    /// Input files in a deterministic order (sorted by `rel`).
    pub files: Vec<InputFile>,
    /// Why `package.toml` is there but was not read (a link out of the package, a folder,
    /// a named pipe); the package is then judged as having an invalid manifest.
    pub manifest_problem: Option<String>,
    /// Problems found while listing (unreadable sub-folders and files, folders nested
    /// too deep, no documents at all): each becomes an `unreadable_file`.
    pub problems: Vec<ReadProblem>,
    /// Entries not read that a person should look at: links not followed, named pipes
    /// and other entries that are not files (sorted by `file`).
    pub not_read: Vec<NotRead>,
    /// Entries skipped on purpose (hidden, not documents, links to folders read under
    /// their own name), listed in the report so nothing is dropped without a word.
    pub skipped: Vec<SkippedEntry>,
}

/// An entry of a package folder that was not read and needs a person's look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotRead {
    /// Path inside the package, `/` separators.
    pub file: String,
    pub cause: NotReadCause,
    /// What it is and why it was not read, to follow the file name: "is a link to the
    /// package good of this batch (good/scan.pdf); it was not followed, ...".
    pub reason: String,
}

/// Why an entry was not read; each cause is its own finding code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReadCause {
    /// A symbolic link whose target is outside the package, missing, or a loop
    /// (`link_not_followed`).
    Link,
    /// A named pipe, socket or device (or a link to one): never opened (`not_a_file`).
    NotAFile,
}

/// How to find one page again inside its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageLocator {
    /// 1-based page number.
    pub page: u32,
    format: FileFormat,
}

/// A file that has been read, hashed and measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedFile {
    /// SHA-256 of the file's bytes, lower-case hex.
    pub digest: String,
    /// One locator per page, in page order.
    pub pages: Vec<PageLocator>,
    /// Damage that still lets the file be read (a scan that decodes only partly): each
    /// becomes a warning naming the file and page; the pages are read all the same.
    pub warnings: Vec<ReadProblem>,
}

/// The content of one page, ready for OCR or for the text-layer path.
#[derive(Debug, Clone)]
pub enum PageContent {
    /// A page image (image files, TIFF pages, scan images inside PDFs).
    Image(::image::DynamicImage),
    /// The text layer of a PDF page that has real text.
    Text(String),
}

/// Reads and hashes a file and counts its pages. Decodes no pixels, but does check each
/// image header against [`Limits::max_pixels`] and the decode budget, so a decompression
/// bomb is reported here; and walks JPEG data (files, and PDF pages' scans) to its end,
/// so a scan cut short becomes one of [`OpenedFile::warnings`].
pub fn open(file: &InputFile, limits: &Limits) -> Result<OpenedFile, ReadProblem> {
    guard(&file.rel, None, || {
        let bytes = read_bytes(file, limits)?;
        let digest = hex_sha256(&bytes);
        let format = sniff_or_problem(file, &bytes)?;
        let count = match format {
            FileFormat::Pdf => pdf::count_pages(&bytes, limits),
            FileFormat::Tiff => tiff::count_pages(&bytes, limits),
            _ => image::check_header(&bytes, format, limits).map(|()| 1),
        }
        .map_err(|reason| problem(file, None, reason))?;
        let pages = (1..=count)
            .map(|page| PageLocator { page, format })
            .collect();
        Ok(OpenedFile {
            digest,
            pages,
            warnings: damage_warnings(file, &bytes, format, limits),
        })
    })
}

/// Damage that still lets the file be read: a JPEG (file, or the scan of a PDF page)
/// that stops before its end, which the decoder would fill with grey.
fn damage_warnings(
    file: &InputFile,
    bytes: &[u8],
    format: FileFormat,
    limits: &Limits,
) -> Vec<ReadProblem> {
    match format {
        FileFormat::Pdf => pdf_image::damaged_scans(bytes, limits)
            .into_iter()
            .map(|(page, reason)| problem(file, Some(page), reason))
            .collect(),
        FileFormat::Tiff => Vec::new(),
        _ => image::damage(bytes, format)
            .map(|reason| problem(file, None, reason))
            .into_iter()
            .collect(),
    }
}

/// Decodes one page. Image pages are checked against the pixel limit before any
/// allocation; a PDF page gives its text layer when it has real text, otherwise its
/// largest embedded scan image.
pub fn load_page(
    file: &InputFile,
    page: &PageLocator,
    limits: &Limits,
) -> Result<PageContent, ReadProblem> {
    let page_no = (page.format.is_multi_page()).then_some(page.page);
    guard(&file.rel, page_no, || {
        let bytes = read_bytes(file, limits)?;
        let format = sniff_or_problem(file, &bytes)?;
        if format != page.format {
            return Err(ReadProblem::because(
                ReadCause::Changed,
                file.rel.clone(),
                None,
                "the file changed while it was being checked",
            ));
        }
        match format {
            FileFormat::Pdf => pdf::load_page(&bytes, page.page, limits),
            FileFormat::Tiff => {
                tiff::decode_page(&bytes, page.page, limits).map(PageContent::Image)
            }
            _ => image::decode(&bytes, format, limits).map(PageContent::Image),
        }
        .map_err(|reason| problem(file, page_no, reason))
    })
}

thread_local! {
    /// How many [`guard`]s this thread is inside: panics there are caught and reported.
    static GUARDED: Cell<usize> = const { Cell::new(0) };
}

/// Installs a panic hook that stays silent for panics inside the decoders (which
/// [`open`] and [`load_page`] catch and report as a [`ReadProblem`], so the message is
/// noise, and a third-party one at that) and hands every other panic to the hook that
/// was installed before. For programs: the library never installs it by itself.
/// Installing it more than once is harmless.
pub fn quiet_decoder_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic inside a third-party decoder into a [`ReadProblem`] so one
/// odd file never takes the batch down.
fn guard<T>(
    rel: &str,
    page: Option<u32>,
    f: impl FnOnce() -> Result<T, ReadProblem>,
) -> Result<T, ReadProblem> {
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get() - 1));
    result.unwrap_or_else(|_| {
        Err(ReadProblem::because(
            ReadCause::Damaged,
            rel,
            page,
            "the file is damaged or unusual in a way the decoder could not handle",
        ))
    })
}

/// A problem worded by a decoder: its cause is read from its words.
fn problem(file: &InputFile, page: Option<u32>, reason: String) -> ReadProblem {
    ReadProblem::new(file.rel.clone(), page, reason)
}

/// An I/O error in words, without the system's error number; a permission problem
/// says so (and gets the advice that fits).
fn io_problem(file: &InputFile, doing: &str, e: &std::io::Error) -> ReadProblem {
    let (cause, what) = match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            (ReadCause::Permission, "permission denied".to_string())
        }
        std::io::ErrorKind::NotFound => (ReadCause::Changed, "it is no longer there".to_string()),
        _ => {
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or("").trim();
            (
                ReadCause::Damaged,
                crate::display::value(text).to_lowercase(),
            )
        }
    };
    ReadProblem::because(cause, file.rel.clone(), None, format!("{doing}: {what}"))
}

/// Reads the whole file, refusing files over the size limit before reading them.
fn read_bytes(file: &InputFile, limits: &Limits) -> Result<Vec<u8>, ReadProblem> {
    let fail = |cause: ReadCause, reason: String| {
        ReadProblem::because(cause, file.rel.clone(), None, reason)
    };
    let handle = discover::open_regular(&file.path)
        .map_err(|e| io_problem(file, "cannot open the file", &e))?;
    let len = handle
        .metadata()
        .map_err(|e| io_problem(file, "cannot read the file", &e))?
        .len();
    if len > limits.max_file_bytes {
        return Err(fail(
            ReadCause::TooLarge,
            format!(
                "the file is {}, over the limit of {}",
                human_bytes(len),
                human_bytes(limits.max_file_bytes)
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows between the size check and the read.
    handle
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_problem(file, "cannot read the file", &e))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(fail(
            ReadCause::TooLarge,
            format!(
                "the file is over the limit of {}",
                human_bytes(limits.max_file_bytes)
            ),
        ));
    }
    if bytes.is_empty() {
        return Err(fail(ReadCause::Empty, "the file is empty (0 bytes)".into()));
    }
    Ok(bytes)
}

fn sniff_or_problem(file: &InputFile, bytes: &[u8]) -> Result<FileFormat, ReadProblem> {
    FileFormat::sniff(bytes).ok_or_else(|| {
        ReadProblem::because(
            ReadCause::UnknownFormat,
            file.rel.clone(),
            None,
            "the file is not a PDF, JPEG, PNG, TIFF, BMP or WebP (its contents match no \
             supported format, whatever its name says)",
        )
    })
}

fn hex_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// "12.3 MiB" style sizes for messages.
fn human_bytes(n: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if n >= 1024 * 1024 {
        format!("{:.1} MiB", n as f64 / MIB)
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

/// The pixel-limit check shared by every decoder: `Err` with a clerk-readable reason.
fn check_pixels(what: &str, width: u32, height: u32, limits: &Limits) -> Result<(), String> {
    let pixels = u64::from(width) * u64::from(height);
    if width == 0 || height == 0 {
        return Err(format!("{what} has no pixels ({width} × {height})"));
    }
    if pixels > limits.max_pixels {
        return Err(format!(
            "{what} is {width} × {height} pixels, over the limit of {} pixels \
             (possibly a decompression bomb); not decoded",
            crate::display::group_thousands(limits.max_pixels)
        ));
    }
    Ok(())
}

/// The decode-budget check shared by every decoder, made before anything is allocated:
/// a `width` × `height` page whose decoded buffers take `bytes_per_pixel` per pixel (the
/// decoder's buffer and any conversion made from it), plus `extra` bytes of
/// intermediate data (an inflated stream), plus the OCR stage's working copies, must fit
/// [`Limits::max_decode_bytes`]. Runs the pixel check first.
fn check_budget(
    what: &str,
    width: u32,
    height: u32,
    bytes_per_pixel: u64,
    extra: u64,
    limits: &Limits,
) -> Result<(), String> {
    check_pixels(what, width, height, limits)?;
    let need = decode_cost(width, height, bytes_per_pixel, extra);
    if need > limits.max_decode_bytes {
        return Err(format!(
            "{what} is {width} × {height} pixels and would need about {} of memory to read, \
             over the limit of {} per file (possibly a decompression bomb; the limit is set \
             by --max-memory); not decoded",
            human_bytes(need),
            human_bytes(limits.max_decode_bytes)
        ));
    }
    Ok(())
}

/// The memory estimate [`check_budget`] compares with the budget.
fn decode_cost(width: u32, height: u32, bytes_per_pixel: u64, extra: u64) -> u64 {
    let pixels = u64::from(width) * u64::from(height);
    pixels
        .saturating_mul(bytes_per_pixel.saturating_add(OCR_BYTES_PER_PIXEL))
        .saturating_add(extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixel_limit_message_names_size_and_limit() {
        let limits = Limits::default();
        let err = check_pixels("the image", 40_000, 40_000, &limits).unwrap_err();
        assert!(err.contains("40000 × 40000 pixels"), "{err}");
        assert!(err.contains("150 000 000"), "{err}");
        assert!(check_pixels("the image", 1000, 1000, &limits).is_ok());
        assert!(check_pixels("the image", 0, 10, &limits).is_err());
    }

    #[test]
    fn the_per_file_budget_follows_from_the_memory_limit() {
        let limits = Limits::for_max_memory(800 * MIB, 2).expect("fits");
        assert_eq!(limits.max_decode_bytes, (800 - 64) / 2 * MIB - 96 * MIB);
        assert!(limits.memory_bound(2) <= 800 * MIB);
        assert_eq!(limits.max_pixels, Limits::default().max_pixels);
        let err = Limits::for_max_memory(200 * MIB, 2).unwrap_err();
        assert!(err.contains("too small for 2 worker(s)"), "{err}");
        assert!(err.contains("give at least 320.0 MiB"), "{err}");
        // The default: 64 MiB + 2 × (96 + 384) MiB, 1 GiB.
        assert_eq!(Limits::default().memory_bound(2), 1024 * MIB);
        assert_eq!(Limits::default().max_ocr_pixels(), 384 * MIB / 11);
    }

    #[test]
    fn budget_message_names_size_need_and_limit() {
        let limits = Limits {
            max_decode_bytes: 10 * MIB,
            ..Limits::default()
        };
        let err = check_budget("the PNG image", 2000, 1000, 3, 0, &limits).unwrap_err();
        assert_eq!(
            err,
            "the PNG image is 2000 × 1000 pixels and would need about 24.8 MiB of memory to \
             read, over the limit of 10.0 MiB per file (possibly a decompression bomb; the \
             limit is set by --max-memory); not decoded"
        );
        assert!(check_budget("the PNG image", 700, 700, 3, 0, &limits).is_ok());
    }

    #[test]
    fn a_jpeg_file_cut_short_opens_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let img = ::image::GrayImage::from_fn(120, 90, |x, y| {
            ::image::Luma([((x * 13 + y * 7 + x * y) % 253) as u8])
        });
        let mut bytes = Vec::new();
        ::image::DynamicImage::ImageLuma8(img)
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                ::image::ImageFormat::Jpeg,
            )
            .expect("jpeg");
        let open_file = |name: &str, data: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, data).expect("write");
            let file = InputFile {
                rel: name.to_string(),
                path,
                format: Some(FileFormat::Jpeg),
            };
            open(&file, &Limits::default())
        };
        let whole = open_file("whole.jpg", &bytes).expect("opens");
        assert!(whole.warnings.is_empty());
        let half = open_file("half.jpg", &bytes[..bytes.len() / 2]).expect("opens");
        assert_eq!(half.pages.len(), 1);
        assert_eq!(half.warnings.len(), 1);
        assert_eq!(half.warnings[0].file, "half.jpg");
        assert_eq!(half.warnings[0].page, None);
        assert!(half.warnings[0].reason.contains("cut short"));
    }

    #[test]
    fn sha256_hex_of_known_input() {
        assert_eq!(
            hex_sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(10), "10 bytes");
        assert_eq!(human_bytes(256 * 1024 * 1024), "256.0 MiB");
    }
}
