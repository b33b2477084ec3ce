//! Every kind of the vocabulary is recognised from what its real document says, through
//! the damage OCR does, and an unrelated page near it is not taken for it.
//!
//! The pages are `fixtures/kinds/*.txt` (see `fixtures/kinds/README.md`), written from
//! the wording of the real documents, not from the sample generator:
//!
//! - `<kind>.txt`: one page of that kind as Tesseract gives it (look-alike letters and
//!   digits, a title broken over two lines, merged and split words, stray punctuation);
//! - `<kind>.unrelated.txt`: a page that shares words with that kind but is another
//!   kind, or none; its first line says which: `# expect: <kind>` or
//!   `# expect: unrecognized`;
//! - `<kind>.<variant>.txt`: further pages, each with its own `# expect:` line (a page
//!   whose title is unreadable, recognised by its body).
//!
//! Lines starting with `#` at the top of a file are comments, removed before the page is
//! classified. `# image: photo` or `# image: blank` says what the page's image measures
//! (a scanned ID photograph, or an empty page), for the kinds an image defines; without
//! it the page has no image measures, as a text layer has none. The vocabulary is the real `schemas/kinds.toml`; the file name given to
//! the classifier is neutral, so the content alone decides.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier::classify::{classify, UNRECOGNIZED};
use dossier::model::{ImageTones, PageRef, PageText, TextSource};
use dossier::schema::kinds::{self, KindVocabulary};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kinds")
}

/// The real vocabulary; `DOSSIER_KINDS_TOML=path` tries an edited copy without
/// rebuilding the library (which embeds `schemas/kinds.toml`).
fn vocab() -> KindVocabulary {
    let path = std::env::var_os("DOSSIER_KINDS_TOML").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/kinds.toml"),
        PathBuf::from,
    );
    let text = std::fs::read_to_string(&path).expect("kinds.toml");
    kinds::parse(&path, &text).unwrap_or_else(|e| panic!("{e:?}"))
}

/// A fixture page: the kind it must get (from `# expect:`, else `None`) and its text
/// without the comment lines.
struct Fixture {
    expect: Option<String>,
    tones: Option<ImageTones>,
    text: String,
}

/// What the OCR stage measures on a 35 × 45 mm photograph scanned at 300 dpi, and on a
/// blank page of the same size.
fn image(what: &str) -> ImageTones {
    match what {
        "photo" => ImageTones {
            width: 413,
            height: 531,
            content_width: 400,
            content_height: 520,
            spread: 170,
            mid_tones: 0.7,
            bands: 13,
        },
        "blank" => ImageTones {
            width: 413,
            height: 531,
            content_width: 0,
            content_height: 0,
            spread: 2,
            mid_tones: 0.0,
            bands: 1,
        },
        other => panic!("unknown `# image: {other}`"),
    }
}

fn read(path: &Path) -> Fixture {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut expect = None;
    let mut tones = None;
    let mut lines = raw.lines().peekable();
    while let Some(l) = lines.next_if(|l| l.starts_with('#')) {
        if let Some(k) = l.strip_prefix("# expect:") {
            expect = Some(k.trim().to_string());
        } else if let Some(what) = l.strip_prefix("# image:") {
            tones = Some(image(what.trim()));
        }
    }
    Fixture {
        expect,
        tones,
        text: lines.collect::<Vec<_>>().join("\n"),
    }
}

/// The kind the classifier gives a one-page scan of `text`, with its evidence for the
/// failure message.
fn kind_of(f: &Fixture, v: &KindVocabulary) -> (String, String) {
    let page = PageText {
        page: PageRef {
            file: "scan.jpg".to_string(),
            page: 1,
        },
        source: TextSource::Ocr,
        width: 0,
        height: 0,
        rotation: 0,
        skew: 0.0,
        words: Vec::new(),
        text: f.text.clone(),
        confidence: 80.0,
        mrz: None,
        tones: f.tones,
    };
    let docs = classify("scan.jpg", &[page], v);
    let kinds: Vec<&str> = docs.iter().map(|d| d.kind.as_str()).collect();
    let why = docs
        .iter()
        .flat_map(|d| d.evidence.iter())
        .map(|e| format!("{} {:+.1} {}", e.signal, e.weight, e.detail))
        .collect::<Vec<_>>()
        .join("; ");
    if kinds.len() == 1 {
        (kinds[0].to_string(), why)
    } else {
        (format!("{kinds:?}"), why)
    }
}

#[test]
fn every_kind_is_recognised_through_ocr_damage_and_not_taken_for_a_near_page() {
    let v = vocab();
    let mut files: BTreeMap<String, PathBuf> = std::fs::read_dir(dir())
        .expect("fixtures/kinds")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            (stem.to_string(), p.clone())
        })
        .collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for k in &v.kinds {
        // Its own page: must be this kind.
        match files.remove(k.id.as_str()) {
            None => failures.push(format!("{}: no fixtures/kinds/{}.txt", k.id, k.id)),
            Some(path) => {
                let f = read(&path);
                if let Some(e) = f.expect.as_deref().filter(|e| *e != k.id) {
                    failures.push(format!("{}.txt: expects {e}, not its own kind", k.id));
                }
                let (got, why) = kind_of(&f, &v);
                checked += 1;
                if got != k.id {
                    failures.push(format!("{}: its page read as {got} [{why}]", k.id));
                }
            }
        }
        // The near page: must be what its first line says, never this kind.
        let name = format!("{}.unrelated", k.id);
        match files.remove(&name) {
            None => failures.push(format!("{}: no fixtures/kinds/{name}.txt", k.id)),
            Some(path) => {
                let f = read(&path);
                let Some(want) = f.expect.clone() else {
                    failures.push(format!("{name}.txt: no `# expect:` first line"));
                    continue;
                };
                if want == k.id {
                    failures.push(format!("{name}.txt: expects the kind it must not be"));
                } else if want != UNRECOGNIZED && !v.contains(&want) {
                    failures.push(format!("{name}.txt: expects unknown kind {want}"));
                }
                let (got, why) = kind_of(&f, &v);
                checked += 1;
                if got != want {
                    failures.push(format!(
                        "{}: near page read as {got}, not {want} [{why}]",
                        k.id
                    ));
                }
            }
        }
    }
    // Variants: `<kind>.<variant>.txt` with their own expectation.
    for (name, path) in files {
        let f = read(&path);
        let Some(want) = f.expect.clone() else {
            failures.push(format!(
                "{name}.txt: not a kind of the vocabulary and no `# expect:`"
            ));
            continue;
        };
        if want != UNRECOGNIZED && !v.contains(&want) {
            failures.push(format!("{name}.txt: expects unknown kind {want}"));
        }
        let (got, why) = kind_of(&f, &v);
        checked += 1;
        if got != want {
            failures.push(format!("{name}: read as {got}, not {want} [{why}]"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} fixture pages wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 2 * v.kinds.len(), "only {checked} pages checked");
}
