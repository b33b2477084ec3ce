//! Classification over real Tesseract output: recorded OCR text of rendered, degraded
//! scans (see tests/data/classify/README.md), and one live Tesseract run over a
//! three-page "PDF" (passport copy, translation, notary's page).

use std::path::{Path, PathBuf};

use dossier::classify::{classify, UNRECOGNIZED};
use dossier::model::{PageRef, PageText, TextSource};
use dossier::schema::kinds::{self, KindVocabulary};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/classify")
}

fn vocab() -> KindVocabulary {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/kinds.toml");
    let text = std::fs::read_to_string(&path).expect("kinds.toml");
    kinds::parse(&path, &text).unwrap_or_else(|e| panic!("{e:?}"))
}

fn page(file: &str, n: u32, text: String) -> PageText {
    PageText {
        page: PageRef {
            file: file.to_string(),
            page: n,
        },
        source: TextSource::Ocr,
        width: 0,
        height: 0,
        rotation: 0,
        skew: 0.0,
        words: Vec::new(),
        text,
        confidence: 80.0,
        mrz: None,
        tones: None,
    }
}

#[test]
fn recorded_ocr_pages_get_their_kind() {
    let v = vocab();
    let mut entries: Vec<_> = std::fs::read_dir(data())
        .expect("test data")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    entries.sort();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for path in entries {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let Some((want, _)) = name.split_once("--") else {
            continue;
        };
        if want == "notary_page" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        // A neutral file name: the content alone must decide.
        let docs = classify("scan.jpg", &[page("scan.jpg", 1, text)], &v);
        checked += 1;
        if docs.len() != 1 || docs[0].kind != want {
            wrong.push(format!(
                "{name}: {:?}",
                docs.iter()
                    .map(|d| (&d.kind, &d.evidence))
                    .collect::<Vec<_>>()
            ));
        } else if docs[0].confidence < 0.5 {
            wrong.push(format!(
                "{name}: right kind but confidence {}",
                docs[0].confidence
            ));
        }
    }
    assert!(checked >= 20, "only {checked} recorded pages");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_notary_page_alone_is_not_a_passport() {
    let text = std::fs::read_to_string(data().join("notary_page--notary_lo.txt")).expect("read");
    let docs = classify("n.jpg", &[page("n.jpg", 1, text)], &vocab());
    assert_ne!(docs[0].kind, "passport");
    assert_ne!(docs[0].kind, UNRECOGNIZED);
}

/// Real Tesseract over three low-resolution scans taken as the pages of one file.
#[test]
fn live_ocr_of_a_three_page_file_groups_passport_translation_and_notary() {
    let file = "passport_and_translation.pdf";
    let mut pages = Vec::new();
    // One engine for all pages, as the pipeline does: initialising is the slow part.
    let mut engine = tesseract::Tesseract::new(None, Some("eng+rus+kaz"))
        .expect("tesseract with eng, rus and kaz data");
    for (n, img) in ["passport_lo.jpg", "translation_lo.jpg", "notary_lo.jpg"]
        .iter()
        .enumerate()
    {
        let path = data().join(img);
        engine = engine
            .set_image(path.to_str().expect("utf-8 path"))
            .expect("image");
        let text = engine.get_text().expect("ocr");
        pages.push(page(file, n as u32 + 1, text));
    }
    let docs = classify(file, &pages, &vocab());
    let got: Vec<(&str, Vec<u32>)> = docs
        .iter()
        .map(|d| (d.kind.as_str(), d.pages.clone()))
        .collect();
    assert_eq!(
        got,
        vec![("passport", vec![1]), ("passport_translation", vec![2, 3])],
        "{docs:#?}"
    );
    assert!(
        docs[0].evidence.iter().any(|e| e.signal == "mrz"),
        "{:?}",
        docs[0].evidence
    );
    assert!(docs[1].evidence.iter().any(|e| e.signal == "attached"));
}
