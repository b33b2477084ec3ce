//! The MRZ parser: `parse::mrz::parse_at` on the input's lines and
//! `find_and_parse` on the input as free OCR text. Never panics; a parsed zone has
//! the format's width on every line; a check marked as holding has its printed digit
//! equal to the computed one (or `<` over fillers); a birth date is never after the
//! as-of date; and a zone whose checks all hold parses again from its repaired lines,
//! with every check still holding and the same values.
#![no_main]

use chrono::NaiveDate;
use dossier::parse::mrz::{dimensions, find_and_parse, parse_at, Mrz};
use libfuzzer_sys::fuzz_target;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn check(m: &Mrz) {
    let (lines, width) = dimensions(m.format);
    assert_eq!(
        m.repaired.len(),
        lines,
        "repaired zone has the wrong line count"
    );
    for l in &m.repaired {
        assert_eq!(
            l.chars().count(),
            width,
            "repaired line {l} is not {width} wide"
        );
    }
    for c in &m.checks {
        if c.ok {
            assert!(
                c.computed == c.expected || (c.expected == '<' && c.computed == '0'),
                "check {} holds but printed {} != computed {}",
                c.field,
                c.expected,
                c.computed
            );
        }
    }
    if let Some(b) = m.date_of_birth {
        assert!(b <= as_of(), "birth date {b} after the as-of date");
    }
    assert!(matches!(m.sex, 'M' | 'F' | 'X'), "sex {}", m.sex);
}

fuzz_target!(|data: &[u8]| {
    dossier_fuzz::only_own_panics_crash();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    if let Ok(m) = parse_at(&lines, as_of()) {
        check(&m);
        if m.valid() {
            let again = parse_at(&m.repaired, as_of()).expect("a valid zone re-parses");
            check(&again);
            assert!(
                again.valid(),
                "a valid zone's repaired lines do not re-validate: {:?}",
                m.repaired
            );
            assert_eq!(again.format, m.format);
            assert_eq!(again.document_number, m.document_number);
            assert_eq!(again.date_of_birth, m.date_of_birth);
            assert_eq!(again.date_of_expiry, m.date_of_expiry);
        }
    }
    if let Some(m) = find_and_parse(text, as_of()) {
        check(&m);
    }
});
