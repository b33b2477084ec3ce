//! End to end over the checked-in fixture packages: the real Tesseract reads every page,
//! and the report is compared with each package's `expected.json` and `truth.json`, which
//! the generator wrote from what it rendered and injected (never from dossier's output).
//!
//! The batch is checked once (no cache, as of the fixtures' date) and shared by the tests.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dossier::eval::{self, JudgeScore, ReadScore};
use dossier::findings::Status;
use dossier::model::FieldMethod;
use dossier::pipeline::{self, CheckOptions, NoProgress};
use dossier::report::Report;
use dossier::schema::Schemas;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/packages")
}

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let schemas = Schemas::embedded().expect("schemas load");
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let mut opts = CheckOptions::new(as_of);
        opts.cache_dir = None;
        pipeline::check(&[fixtures()], &schemas, &opts, &NoProgress).expect("check runs")
    })
}

fn judged() -> JudgeScore {
    let mut score = JudgeScore::default();
    for p in &report().packages {
        let expected = eval::expected(&p.path).expect("expected.json");
        score.add(p, &expected);
    }
    score
}

#[test]
fn every_fixture_package_is_reported_with_its_service() {
    let mut dirs: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let ids: Vec<String> = report().packages.iter().map(|p| p.id.clone()).collect();
    assert_eq!(ids, dirs, "one report per package folder, in order");
    for p in &report().packages {
        let expected = eval::expected(&p.path).expect("expected.json");
        assert_eq!(
            p.service.as_deref(),
            Some(expected.service.as_str()),
            "{}",
            p.id
        );
    }
}

/// The defects injected into the fixtures that do not hinge on reading a name: each is
/// found wherever it was injected and nowhere else.
#[test]
fn injected_defects_are_found_exactly_where_injected() {
    let score = judged();
    let codes = [
        "unreadable_file",
        "missing_document",
        "iin_invalid",
        "iin_birth_date_mismatch",
        "passport_expired",
        "passport_validity_short",
        "certificate_outdated",
    ];
    for code in codes {
        let c = score.codes.get(code).copied().unwrap_or_default();
        assert!(c.tp > 0, "{code}: the fixtures inject it at least once");
        assert_eq!(
            (c.fp, c.fn_),
            (0, 0),
            "{code}: false positives / misses; all misses: {:#?}",
            score.misses
        );
    }
}

/// Every package that the generator says is broken is not passed.
#[test]
fn no_broken_package_passes() {
    for p in &report().packages {
        let expected = eval::expected(&p.path).expect("expected.json");
        if expected.status != Status::Pass {
            assert_ne!(
                p.status,
                Status::Pass,
                "{} passed, expected {:?}",
                p.id,
                expected.findings
            );
        }
    }
}

/// The full target of the judging issue: status and finding codes exactly as expected for
/// every fixture, degraded scans and tampered MRZs included.
#[test]
fn expected_reports_match_exactly() {
    let score = judged();
    assert!(
        score.misses.is_empty(),
        "{} of {} exact; misses: {:#?}",
        score.exact,
        score.packages,
        score.misses
    );
}

#[test]
fn documents_are_classified_as_the_generator_rendered_them() {
    let mut score = ReadScore::default();
    for p in &report().packages {
        score.add(p, &eval::truth(&p.path).expect("truth.json"));
    }
    let rate = f64::from(score.kind_right) / f64::from(score.documents);
    assert!(
        rate >= 0.9,
        "kind accuracy {rate:.2}; misses: {:#?}",
        score.kind_misses
    );
}

/// Text-layer PDFs of identity documents (passport, ID card, translation, IIN
/// certificate): exact text, so every field the generator printed must come back.
#[test]
fn text_layer_identity_documents_give_exact_fields() {
    text_layer_fields_exact(
        &[
            "passport",
            "id_card",
            "passport_translation",
            "iin_certificate",
        ],
        3,
    );
}

/// The same for every kind: names in running text (consent forms), values after a label
/// in two languages and names wrapped onto the next line (fingerprinting certificates).
#[test]
fn text_layer_pdfs_of_every_kind_give_exact_fields() {
    text_layer_fields_exact(&[], 5);
}

/// Checks every text-layer document of the given kinds (all kinds when empty).
fn text_layer_fields_exact(kinds: &[&str], at_least: usize) {
    let mut checked = BTreeSet::new();
    for p in &report().packages {
        let truth = eval::truth(&p.path).expect("truth.json");
        for (file, docs) in &truth.files {
            let from_text_layer = p.documents.iter().any(|d| {
                &d.file == file
                    && d.fields
                        .values()
                        .any(|f| f.method == FieldMethod::TextLayer)
            });
            if !from_text_layer {
                continue;
            }
            for want in docs
                .iter()
                .filter(|d| kinds.is_empty() || kinds.contains(&d.kind.as_str()))
            {
                let found = p
                    .documents
                    .iter()
                    .find(|d| &d.file == file && d.pages.contains(&want.pages[0]))
                    .unwrap_or_else(|| panic!("{}/{file}: no document", p.id));
                assert_eq!(found.kind, want.kind, "{}/{file}", p.id);
                for (name, value) in &want.fields {
                    let got = found.fields.get(name).map(|f| f.value.as_str());
                    assert_eq!(got, Some(value.as_str()), "{}/{file}: field {name}", p.id);
                }
                checked.insert(format!("{}/{file}", p.id));
            }
        }
    }
    assert!(
        checked.len() >= at_least,
        "the fixtures hold text-layer PDFs: {checked:?}"
    );
}
