//! End to end: generated travel-document pages of all five formats (the generator's
//! `mrz-pages`, tuning seeds), read as the pipeline reads a page, with the real
//! recogniser and the real Tesseract as its second opinion.
//!
//! What must hold: most zones are read exactly as printed (a floor, not a target: the
//! measured rates are in docs/mrz-recogniser.md), a page with a deliberately wrong
//! check digit is never read as valid, and a page without a zone gives none.

use std::collections::BTreeMap;
use std::path::Path;

use dossier::model::PageRef;
use dossier::ocr::{self, ReadOptions, TesseractEngine};
use dossier::parse::mrz;

#[derive(serde::Deserialize)]
struct Truth {
    #[serde(default)]
    lines: Vec<String>,
    #[serde(default)]
    has_mrz: bool,
    #[serde(default)]
    valid_as_printed: bool,
}

#[test]
fn generated_pages_of_every_format_are_read_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    dossier_samples::generate(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/services"),
        dossier_samples::Command::MrzPages {
            seed: 77,
            count: 24,
            out: tmp.path().to_path_buf(),
            family: dossier_samples::Family::Regular,
        },
    )
    .expect("the generator writes the pages");
    let text = std::fs::read_to_string(tmp.path().join("truth.json")).unwrap();
    let truth: BTreeMap<String, Truth> = serde_json::from_str(&text).unwrap();
    let mut engine = TesseractEngine::new().expect("tesseract");
    let opts = ReadOptions {
        full_page: false,
        ..ReadOptions::default()
    };
    let (mut zones, mut exact) = (0, 0);
    let mut misses = Vec::new();
    for (path, t) in &truth {
        let img = image::open(tmp.path().join(path)).unwrap();
        let page = PageRef {
            file: path.clone(),
            page: 1,
        };
        let read = ocr::read_page_with(&mut engine, img, page, &opts).unwrap();
        let parsed = read
            .mrz
            .as_ref()
            .and_then(|m| mrz::parse(&m.lines).ok())
            .filter(|_| read.mrz.as_ref().is_some_and(ocr::mrz_band::plausible));
        if !t.has_mrz {
            assert!(parsed.is_none(), "{path}: a zone on a page without one");
            continue;
        }
        zones += 1;
        if let Some(m) = &parsed {
            if !t.valid_as_printed {
                assert!(!m.valid(), "{path}: a wrong check digit was read as valid");
            }
            if m.repaired == t.lines {
                exact += 1;
                continue;
            }
        }
        misses.push(path.clone());
    }
    assert!(zones >= 18, "the generator gave only {zones} zones");
    assert!(
        exact * 10 >= zones * 8,
        "{exact} of {zones} zones read exactly; missed: {misses:?}"
    );
}
