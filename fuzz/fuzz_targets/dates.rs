//! Dates: `find_dates`, `parse_date`, `parse_yymmdd`, `month_from_name`. Never panics;
//! found dates are in order, do not overlap, lie on character boundaries and their
//! text is the matched slice; `parse_date` is the first found date; an MRZ birth date
//! is never after the as-of date, an expiry at most 50 years after it.
#![no_main]

use chrono::{Datelike, NaiveDate};
use dossier::parse::dates::{find_dates, month_from_name, parse_date, parse_yymmdd, Century};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dossier_fuzz::only_own_panics_crash();
    // The first two bytes pick an as-of date (1950..2177), the rest is text.
    let (as_of, rest) = match data {
        [a, b, rest @ ..] => {
            let days = u32::from(*a) << 8 | u32::from(*b);
            let base = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap();
            (base + chrono::Duration::days(i64::from(days) * 5 / 4), rest)
        }
        _ => return,
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let found = find_dates(text);
    let mut prev_end = 0;
    for f in &found {
        assert!(f.start < f.end && f.end <= text.len());
        assert!(
            f.start >= prev_end,
            "found dates overlap or are out of order"
        );
        prev_end = f.end;
        let slice = text
            .get(f.start..f.end)
            .expect("a date off character boundaries");
        assert_eq!(f.text, slice.trim_end());
        assert!((1800..=2200).contains(&f.date.year()));
    }
    assert_eq!(parse_date(text), found.first().map(|f| f.date));
    for word in text.split_whitespace().take(32) {
        if let Some(m) = month_from_name(word) {
            assert!((1..=12).contains(&m), "month {m} from {word}");
        }
    }
    if let Some(d) = parse_yymmdd(text, as_of, Century::Past) {
        assert!(d <= as_of, "birth date {d} after {as_of}");
        assert!(d.year() >= as_of.year() - 200);
    }
    if let Some(d) = parse_yymmdd(text, as_of, Century::Future) {
        assert!(
            d.year() <= as_of.year() + 50,
            "expiry {d} far after {as_of}"
        );
        assert!(d.year() >= as_of.year() - 200);
    }
});
