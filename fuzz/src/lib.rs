//! Shared helpers of the fuzz targets.
//!
//! * [`only_own_panics_crash`]: libFuzzer (through `libfuzzer-sys`) aborts on every
//!   panic, also on a panic inside a third-party decoder that `dossier::ingest` catches
//!   by design and turns into an `unreadable_file` problem. This hook lets such a panic
//!   unwind quietly to that `catch_unwind`, and still aborts (a crash the fuzzer keeps)
//!   when the panic is raised in dossier's own code (`src/...`, including an index out
//!   of bounds or an overflow there, whose location is the caller's line).
//! * [`ingest`]: the bytes of one input written to a scratch file and run through the
//!   real `ingest::open` and `ingest::load_page` for every page, as the pipeline does.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Once, OnceLock};

use dossier::ingest::{self, FileFormat, InputFile, Limits, PageContent};

/// Installs the panic hook described in the crate docs (once per process).
pub fn only_own_panics_crash() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let own = info.location().is_some_and(|l| is_own(l.file()));
            if own {
                // Prints the message and aborts: a crash.
                fuzzer_hook(info);
            }
            // Otherwise unwind silently to dossier's guard; if nothing catches it,
            // libfuzzer-sys aborts when it reaches the target's entry point.
        }));
    });
}

/// Whether a source path is dossier's (or a fuzz target's). Cargo names the files of
/// a path dependency outside the fuzz workspace by absolute path, those of the fuzz
/// crate relative to it; third-party crates live under `~/.cargo/registry`.
fn is_own(file: &str) -> bool {
    let fuzz_dir = env!("CARGO_MANIFEST_DIR");
    let root = std::path::Path::new(fuzz_dir)
        .parent()
        .unwrap_or(std::path::Path::new("/"));
    std::path::Path::new(file).starts_with(root.join("src"))
        || file.starts_with("src/")
        || file.starts_with("../src/")
        || file.contains("fuzz_targets/")
}

/// Tight limits, so that what the fuzzer finds is a bug and not merely a big (allowed)
/// allocation: 1 million pixels (4 MB as RGBA), 8 pages, 1 MiB per file.
#[allow(clippy::needless_update)] // other limits (budgets) keep their defaults
pub fn limits() -> Limits {
    Limits {
        max_pixels: 1_000_000,
        max_pdf_pages: 8,
        max_file_bytes: 1024 * 1024,
        ..Limits::default()
    }
}

fn scratch_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let dir = if shm.is_dir() {
            shm
        } else {
            std::env::temp_dir()
        };
        dir.join(format!("dossier-fuzz-{}.bin", std::process::id()))
    })
}

/// Which inputs an ingest target takes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Everything that does not sniff as a PDF (images, and bytes of no format).
    Image,
    /// Only what sniffs as a PDF.
    Pdf,
}

/// Runs `data` through `ingest::open` and `ingest::load_page` (every page), checking
/// what holds for any input: no panic in dossier's code, pages within the limit, each
/// decoded image within the pixel limit, each problem naming the file with a reason.
pub fn ingest(data: &[u8], kind: Kind) {
    only_own_panics_crash();
    let format = FileFormat::sniff(data);
    if (format == Some(FileFormat::Pdf)) != (kind == Kind::Pdf) {
        return;
    }
    let path = scratch_path();
    {
        let mut f = std::fs::File::create(path).expect("scratch file");
        f.write_all(data).expect("scratch file");
    }
    let rel = match format {
        Some(FileFormat::Pdf) => "scan.pdf",
        Some(FileFormat::Png) => "scan.png",
        Some(FileFormat::Tiff) => "scan.tif",
        Some(FileFormat::Bmp) => "scan.bmp",
        Some(FileFormat::Webp) => "scan.webp",
        _ => "scan.jpg",
    };
    let file = InputFile {
        rel: rel.to_string(),
        path: path.clone(),
        format,
    };
    let limits = limits();
    let check_problem = |p: &ingest::ReadProblem| {
        assert_eq!(p.file, rel, "a problem names another file");
        assert!(!p.reason.trim().is_empty(), "a problem without a reason");
    };
    let opened = match ingest::open(&file, &limits) {
        Ok(o) => o,
        Err(p) => {
            check_problem(&p);
            return;
        }
    };
    assert_eq!(opened.digest.len(), 64, "digest is not SHA-256 hex");
    assert!(!opened.pages.is_empty(), "an opened file with no pages");
    assert!(
        opened.pages.len() <= limits.max_pdf_pages.max(1),
        "{} pages, over the limit of {}",
        opened.pages.len(),
        limits.max_pdf_pages
    );
    for (i, page) in opened.pages.iter().enumerate() {
        assert_eq!(page.page as usize, i + 1, "pages out of order");
        match ingest::load_page(&file, page, &limits) {
            Ok(PageContent::Image(img)) => {
                let (w, h) = (img.width(), img.height());
                assert!(w > 0 && h > 0, "a decoded page of {w} × {h} pixels");
                assert!(
                    u64::from(w) * u64::from(h) <= limits.max_pixels,
                    "a decoded page of {w} × {h} pixels, over the limit"
                );
            }
            Ok(PageContent::Text(_)) => {}
            Err(p) => check_problem(&p),
        }
    }
}
