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
mod sniff;
mod tiff;

use std::cell::Cell;
use std::fs::File;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use sha2::{Digest, Sha256};

pub use crate::model::ReadProblem;
pub use discover::{discover, single_file};
pub use pdf::MIN_TEXT_CHARS;
pub use sandbox::{
    serve_worker, worker_pid, workers_started, Isolation, Worker, WorkerError, WORKER_COMMAND,
};
pub use sniff::FileFormat;

/// Resource limits that keep a hostile or broken file from exhausting the machine.
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
}

impl Default for Limits {
    /// 150 million pixels (an A4 page at 1200 dpi is about 140 million), 200 pages,
    /// 256 MiB.
    fn default() -> Self {
        Limits {
            max_pixels: 150_000_000,
            max_pdf_pages: 200,
            max_file_bytes: 256 * 1024 * 1024,
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
    /// Problems found while listing (links out of the folder, unreadable sub-folders,
    /// no files at all).
    pub problems: Vec<ReadProblem>,
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
/// image header against [`Limits::max_pixels`], so a decompression bomb is reported here.
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
            warnings: Vec::new(),
        })
    })
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
            return Err(problem(
                file,
                None,
                "the file changed while it was being checked; run the check again".into(),
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
        Err(ReadProblem {
            file: rel.to_string(),
            page,
            reason: "the file is damaged or unusual in a way the decoder could not handle"
                .to_string(),
        })
    })
}

fn problem(file: &InputFile, page: Option<u32>, reason: String) -> ReadProblem {
    ReadProblem {
        file: file.rel.clone(),
        page,
        reason,
    }
}

/// Reads the whole file, refusing files over the size limit before reading them.
fn read_bytes(file: &InputFile, limits: &Limits) -> Result<Vec<u8>, ReadProblem> {
    let fail = |reason: String| problem(file, None, reason);
    let handle = File::open(&file.path).map_err(|e| fail(format!("cannot open the file: {e}")))?;
    let len = handle
        .metadata()
        .map_err(|e| fail(format!("cannot read the file: {e}")))?
        .len();
    if len > limits.max_file_bytes {
        return Err(fail(format!(
            "the file is {}, over the limit of {}",
            human_bytes(len),
            human_bytes(limits.max_file_bytes)
        )));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows between the size check and the read.
    handle
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(fail(format!(
            "the file is over the limit of {}",
            human_bytes(limits.max_file_bytes)
        )));
    }
    if bytes.is_empty() {
        return Err(fail("the file is empty (0 bytes)".into()));
    }
    Ok(bytes)
}

fn sniff_or_problem(file: &InputFile, bytes: &[u8]) -> Result<FileFormat, ReadProblem> {
    FileFormat::sniff(bytes).ok_or_else(|| {
        problem(
            file,
            None,
            "the file is not a PDF, JPEG, PNG, TIFF, BMP or WebP (its contents match no \
             supported format, whatever its name says)"
                .into(),
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
            group_thousands(limits.max_pixels)
        ));
    }
    Ok(())
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
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
