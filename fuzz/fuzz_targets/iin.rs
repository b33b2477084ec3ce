//! IIN and BIN: `parse_iin`, `parse_bin`, `classify`, `check_digit`. Never panics; a
//! parsed IIN is 12 digits whose birth date is the real date its first six digits and
//! century digit give, whose sex is the century digit's parity and whose check digit
//! recomputes; a valid IIN classifies as an IIN, a valid BIN as a BIN.
#![no_main]

use chrono::Datelike;
use dossier::parse::iin::{check_digit, classify, parse_bin, parse_iin, IdKind, Sex};
use libfuzzer_sys::fuzz_target;

fn digits(s: &str) -> [u8; 12] {
    let mut d = [0u8; 12];
    for (i, c) in s.chars().enumerate() {
        d[i] = c.to_digit(10).expect("a digit") as u8;
    }
    d
}

fn check_of(d: &[u8; 12]) -> Option<u8> {
    let mut first = [0u8; 11];
    first.copy_from_slice(&d[..11]);
    check_digit(&first)
}

fuzz_target!(|data: &[u8]| {
    dossier_fuzz::only_own_panics_crash();
    // Raw digit values too (check_digit takes any byte values 0..=9).
    if data.len() >= 11 {
        let mut first = [0u8; 11];
        for (f, b) in first.iter_mut().zip(data) {
            *f = b % 10;
        }
        if let Some(c) = check_digit(&first) {
            assert!(c <= 9, "check digit {c}");
        }
    }
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let kind = classify(s);
    if let Ok(iin) = parse_iin(s) {
        assert_eq!(iin.digits, s);
        let d = digits(s);
        let (century, sex) = match d[6] {
            1 | 2 => (1800, d[6]),
            3 | 4 => (1900, d[6]),
            5 | 6 => (2000, d[6]),
            other => panic!("century digit {other} accepted"),
        };
        let b = iin.birth_date;
        assert_eq!(b.year(), century + i32::from(d[0] * 10 + d[1]));
        assert_eq!(b.month(), u32::from(d[2] * 10 + d[3]));
        assert_eq!(b.day(), u32::from(d[4] * 10 + d[5]));
        assert_eq!(iin.sex, if sex % 2 == 1 { Sex::Male } else { Sex::Female });
        assert_eq!(check_of(&d), Some(d[11]), "check digit does not recompute");
        assert_eq!(kind, IdKind::Iin, "a valid IIN {s} classified as {kind:?}");
    }
    if let Ok(bin) = parse_bin(s) {
        let d = digits(s);
        assert!((1..=12).contains(&bin.reg_month));
        assert_eq!(check_of(&d), Some(d[11]), "check digit does not recompute");
        assert_eq!(kind, IdKind::Bin, "a valid BIN {s} classified as {kind:?}");
    }
});
