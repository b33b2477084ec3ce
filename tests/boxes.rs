//! The boxes of a report land on the printed values of the page as stored, for every input
//! format and every quarter turn: a package of fixture scans (JPEG, PNG, TIFF, a scanned
//! PDF, and one page saved at each quarter turn) is checked with the real Tesseract; each
//! value's box is then cut out of the stored page and read again on its own, and the cut
//! must hold what the report says was read there.

use std::path::Path;

use dossier::ingest::{self, Limits, PageContent};
use dossier::ocr::{OcrEngine, Pass, TesseractEngine};
use dossier::pipeline::{self, CheckOptions, NoProgress};
use dossier::schema::Schemas;
use image::{DynamicImage, GrayImage};

fn fixture(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/packages")
        .join(rel)
}

/// The stored page as decoded by dossier's own reader (for a PDF: the page's image).
fn stored_page(path: &Path, page: u32) -> GrayImage {
    let input = ingest::single_file(path).expect("input");
    let limits = Limits::default();
    let opened = ingest::open(&input, &limits).expect("open");
    let locator = opened.pages.iter().find(|l| l.page == page).expect("page");
    match ingest::load_page(&input, locator, &limits).expect("load") {
        PageContent::Image(image) => image.to_luma8(),
        PageContent::Text(_) => panic!("{} page {page} has a text layer", path.display()),
    }
}

/// Upper-case letters and digits only, with the look-alikes OCR confuses folded.
fn normal(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// What Tesseract reads in `b` (grown by a margin) of `page`, at whichever quarter turn
/// reads best: the crop is upright on the stored page only when the page was stored
/// upright.
fn read_box(engine: &mut TesseractEngine, page: &GrayImage, b: [u32; 4]) -> Vec<String> {
    let m = 6;
    let (x, y) = (b[0].saturating_sub(m), b[1].saturating_sub(m));
    let w = (b[2] + 2 * m).min(page.width() - x);
    let h = (b[3] + 2 * m).min(page.height() - y);
    let crop = image::imageops::crop_imm(page, x, y, w, h).to_image();
    let big = DynamicImage::ImageLuma8(crop).resize(
        w * 3,
        h * 3,
        image::imageops::FilterType::CatmullRom,
    );
    let mut out = Vec::new();
    for turn in 0..4 {
        let turned = match turn {
            1 => big.rotate90(),
            2 => big.rotate180(),
            3 => big.rotate270(),
            _ => big.clone(),
        };
        let mut padded = GrayImage::from_pixel(
            turned.width() + 80,
            turned.height() + 80,
            image::Luma([255]),
        );
        image::imageops::overlay(&mut padded, &turned.to_luma8(), 40, 40);
        let words = engine.recognize(&padded, Pass::Page).expect("ocr");
        out.push(
            words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    out
}

#[test]
fn boxes_land_on_the_printed_values_in_every_format_and_turn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pkg = dir.path().join("batch/pkg");
    std::fs::create_dir_all(&pkg).expect("mkdir");
    // A consent form (PNG) saved at each quarter turn, as a clerk's scanner might.
    let form = image::open(fixture("arrival_notification_chn_complete/scan_02.png")).expect("png");
    for (turn, img) in [
        (0, form.clone()),
        (90, form.rotate90()),
        (180, form.rotate180()),
        (270, form.rotate270()),
    ] {
        img.save(pkg.join(format!("form_{turn}.png")))
            .expect("save");
    }
    for (from, to) in [
        (
            "arrival_notification_chn_complete/scan_01.jpg",
            "passport.jpg",
        ),
        ("c3_visa_rus_missing_document/scan_02.tif", "scan.tif"),
        ("c3_visa_tur_complete/scan_02.pdf", "certificate.pdf"),
    ] {
        std::fs::copy(fixture(from), pkg.join(to)).expect("copy");
    }

    let schemas = Schemas::embedded().expect("schemas");
    let mut opts = CheckOptions::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"));
    opts.cache_dir = None;
    opts.service = Some("arrival_notification".into());
    let report =
        pipeline::check(&[dir.path().join("batch")], &schemas, &opts, &NoProgress).expect("check");
    let package = &report.packages[0];
    let json = dossier::report::package_json(package);

    let mut engine = TesseractEngine::new().expect("tesseract");
    let mut checked: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for d in &json.documents {
        for (name, f) in &d.fields {
            let (Some(b), Some(text)) = (f.source.bbox, f.source.text.as_deref()) else {
                continue;
            };
            // The longest word of the text read there that the box covers: what the cut
            // must show. (A field's text is the whole line it was read on; its box covers
            // the words of the value, and values are normalised, e.g. dates.)
            let Some(word) = text
                .split(|c: char| !c.is_alphanumeric())
                .map(normal)
                .filter(|w| w.chars().count() >= 4 && normal(&f.value).contains(w.as_str()))
                .max_by_key(|w| w.chars().count())
                .or_else(|| {
                    let v = normal(&f.value);
                    (v.chars().count() >= 4 && normal(text).contains(&v)).then_some(v)
                })
            else {
                continue;
            };
            let page = stored_page(&pkg.join(&f.source.file), f.source.page);
            assert!(
                b[0] + b[2] <= page.width() && b[1] + b[3] <= page.height(),
                "{} {name}: box {b:?} outside the {}x{} page",
                f.source.file,
                page.width(),
                page.height()
            );
            let reads = read_box(&mut engine, &page, b);
            let hit = reads.iter().any(|r| normal(r).contains(&word));
            let tally = checked.entry(f.source.file.clone()).or_default();
            tally.0 += 1;
            if hit {
                tally.1 += 1;
            } else {
                eprintln!(
                    "{} {name}: {word} not in the cut {b:?}: {reads:?}",
                    f.source.file
                );
            }
        }
    }
    eprintln!("boxes checked (file: boxes, holding their value): {checked:?}");
    let files: Vec<&str> = checked.keys().map(String::as_str).collect();
    for expected in [
        "form_0.png",
        "form_90.png",
        "form_180.png",
        "form_270.png",
        "passport.jpg",
        "scan.tif",
        "certificate.pdf",
    ] {
        assert!(
            files.contains(&expected),
            "no box checked on {expected}: {checked:?}"
        );
    }
    for (file, (n, hits)) in &checked {
        // A cut read alone can fail where the page read well; a box off the value fails
        // them all.
        assert!(
            *hits * 10 >= *n * 7,
            "{file}: only {hits} of {n} boxes hold their value: {checked:?}"
        );
    }
}
