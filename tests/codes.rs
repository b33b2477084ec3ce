//! Every finding code is exercised: by a unit case beside the code that emits it, and
//! end to end by a fixture package whose expected report names it (or a hostile-corpus
//! case that expects it), unless a written exemption below says why not yet.
//!
//! The registry (`dossier::findings`) makes a code without documentation impossible to
//! write; this test makes a code without a test visible.

use std::collections::BTreeSet;
use std::path::Path;

use dossier::findings::Code;

/// Codes no fixture package or hostile case produces yet, and why. A code leaves this
/// list when a fixture for it is added (the test fails while it is listed needlessly).
const NO_FIXTURE_YET: &[(&str, &str)] = &[
    (
        "expiring_soon",
        "fixtures' expected reports are of plain `check`; tests/nightly.rs runs --warn-expiring \
         on them, unit cases in validate/rules/tests.rs",
    ),
    (
        "unrecognized_document",
        "the fixtures' documents are all of known kinds; unit cases in validate/reading.rs",
    ),
    (
        "kind_filename_mismatch",
        "the generator names files scan_NN, never by kind; unit cases in validate/reading.rs",
    ),
    (
        "iin_sex_mismatch",
        "the generator injects no sex mismatch yet; unit cases in validate/identity/tests.rs",
    ),
    (
        "birth_date_mismatch",
        "the generator injects no birth-date mismatch yet; unit cases in validate/identity/tests.rs",
    ),
    (
        "passport_number_mismatch",
        "the generator injects no number mismatch yet; unit cases in validate/identity/tests.rs",
    ),
    (
        "apostille_missing",
        "no fixture service needs an apostille for its applicant; unit cases in validate/rules/tests.rs",
    ),
    (
        "translation_missing",
        "every fixture package carries its translations; unit cases in validate/rules/tests.rs",
    ),
    (
        "representative_not_allowed",
        "no fixture package is filed by a representative; unit cases in validate/rules/tests.rs",
    ),
    (
        "low_confidence",
        "the fixtures are read surely by design (their expected reports are exact); unit cases \
         in validate/identity/tests.rs and validate/rules/tests.rs",
    ),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Codes named in the fixtures' expected reports and in the hostile corpus's cases.
fn end_to_end_codes() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("fixtures/packages")).expect("fixtures") {
        let path = entry.expect("entry").path().join("expected.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let expected: serde_json::Value = serde_json::from_str(&text).expect("expected.json");
        for c in expected["findings"].as_array().into_iter().flatten() {
            codes.insert(c.as_str().expect("a code").to_string());
        }
    }
    let cases = std::fs::read_to_string(root().join("tests/hostile/cases.rs")).expect("cases");
    for part in cases.split("Want::Code(\"").skip(1) {
        codes.insert(part.split('"').next().unwrap_or_default().to_string());
    }
    codes
}

/// The test code of the library: its `tests.rs` and `testkit.rs` files, and what follows
/// `#[cfg(test)]` in the others.
fn unit_test_text() -> String {
    let mut text = String::new();
    let mut stack = vec![root().join("crates/dossier/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).expect("source");
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name == "tests.rs" || name == "testkit.rs" {
                    text.push_str(&source);
                } else if let Some(i) = source.find("#[cfg(test)]") {
                    text.push_str(&source[i..]);
                }
            }
        }
    }
    text
}

#[test]
fn every_code_has_a_unit_case() {
    let tests = unit_test_text();
    for code in Code::all() {
        let variant = format!("Code::{code:?}");
        let name = format!("\"{}\"", code.as_str());
        assert!(
            tests.contains(&variant) || tests.contains(&name),
            "no unit test names {} ({variant}); add one beside the check that emits it",
            code.as_str()
        );
    }
}

#[test]
fn every_code_has_a_fixture_or_a_written_exemption() {
    let seen = end_to_end_codes();
    let exempt: BTreeSet<&str> = NO_FIXTURE_YET.iter().map(|(c, _)| *c).collect();
    for code in Code::all() {
        let name = code.as_str();
        assert!(
            seen.contains(name) || exempt.contains(name),
            "no fixture or hostile case expects {name}, and it has no written exemption"
        );
        assert!(
            !(seen.contains(name) && exempt.contains(name)),
            "{name} has a fixture now: take it off NO_FIXTURE_YET"
        );
    }
    for (name, why) in NO_FIXTURE_YET {
        assert!(Code::from_name(name).is_some(), "{name} is not a live code");
        assert!(why.len() > 20, "{name}: say why there is no fixture");
    }
    // Everything the fixtures expect is a live code.
    for name in &seen {
        assert!(
            Code::from_name(name).is_some(),
            "fixtures expect unknown code {name}"
        );
    }
}
