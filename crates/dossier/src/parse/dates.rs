//! Dates in the forms printed on documents (numeric, English, Russian, Kazakh, MRZ).
//!
//! Numeric dates are read day-first (`12/03/2025` is 12 March), as every document
//! dossier meets is from a day-first country; the only month-first form accepted
//! is the English one with the month spelled out (`March 12, 2025`). Two-digit
//! years appear only in MRZs, where [`parse_yymmdd`] decides the century with a
//! past/future rule relative to an as-of date.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// Month names, lower-case, with the month number. Russian in nominative and
/// genitive, Kazakh in its nominative (documents print it so: "12 наурыз 2025 ж.")
/// and the common genitive/locative forms, English full and three-letter forms.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("января", 1),
    ("январь", 1),
    ("февраля", 2),
    ("февраль", 2),
    ("марта", 3),
    ("март", 3),
    ("апреля", 4),
    ("апрель", 4),
    ("мая", 5),
    ("май", 5),
    ("июня", 6),
    ("июнь", 6),
    ("июля", 7),
    ("июль", 7),
    ("августа", 8),
    ("август", 8),
    ("сентября", 9),
    ("сентябрь", 9),
    ("октября", 10),
    ("октябрь", 10),
    ("ноября", 11),
    ("ноябрь", 11),
    ("декабря", 12),
    ("декабрь", 12),
    // Kazakh: қаңтар, ақпан, наурыз, сәуір, мамыр, маусым, шілде, тамыз,
    // қыркүйек, қазан, қараша, желтоқсан; genitive adds -дың/-дің/-ның/-нің/-тың/-тің.
    ("қаңтар", 1),
    ("ақпан", 2),
    ("наурыз", 3),
    ("сәуір", 4),
    ("мамыр", 5),
    ("маусым", 6),
    ("шілде", 7),
    ("тамыз", 8),
    ("қыркүйек", 9),
    ("қазан", 10),
    ("қараша", 11),
    ("желтоқсан", 12),
];

/// The month number of a month name in English, Russian or Kazakh (any case,
/// trailing period allowed, Kazakh case endings tolerated).
pub fn month_from_name(name: &str) -> Option<u32> {
    let n = name.trim().trim_end_matches('.').to_lowercase();
    let n = kazakh_letters_fold(&n);
    if n.is_empty() {
        return None;
    }
    for &(m, v) in MONTHS {
        if kazakh_letters_fold(m) == n {
            return Some(v);
        }
    }
    // Kazakh genitive/locative suffixes: "наурыздың", "наурызда", "қаңтардың"...
    for &(m, v) in MONTHS.iter().filter(|(m, _)| m.chars().count() >= 5) {
        let m = kazakh_letters_fold(m);
        if let Some(rest) = n.strip_prefix(m.as_str()) {
            if rest.chars().count() <= 4 {
                return Some(v);
            }
        }
    }
    None
}

/// Folds Kazakh-specific letters to the Russian look-alikes OCR often gives
/// instead (қ→к, ң→н, ә→а, і→и, ү→у, ұ→у, ө→о, ғ→г, һ→х), so "кантар" still
/// matches "қаңтар".
fn kazakh_letters_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'қ' => 'к',
            'ң' => 'н',
            'ә' => 'а',
            'і' | 'i' => 'и',
            'ү' | 'ұ' => 'у',
            'ө' => 'о',
            'ғ' => 'г',
            'һ' => 'х',
            c => c,
        })
        .collect()
}

/// A date found inside a longer text, with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    /// Byte offsets of the matched text in the searched string.
    pub start: usize,
    pub end: usize,
    /// The matched text as printed.
    pub text: String,
}

const WORD: &str = r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+\.?";

fn patterns() -> &'static [(Regex, Shape)] {
    static P: OnceLock<Vec<(Regex, Shape)>> = OnceLock::new();
    P.get_or_init(|| {
        // Word boundaries are ASCII ones, next to digits only: a Unicode `\b` anywhere
        // sends the regex crate to its slow engines on Cyrillic text. A month word needs
        // none (a leftmost match starts at the word's start).
        let raw = [
            // 2025-03-12
            (r"(?-u:\b)(\d{4})-(\d{1,2})-(\d{1,2})(?-u:\b)", Shape::Ymd),
            // 12.03.2025, 12/03/2025, 12-03-2025 (OCR may put spaces around separators)
            (r"(?-u:\b)(\d{1,2}) ?[./-] ?(\d{1,2}) ?[./-] ?(\d{4})(?-u:\b)", Shape::Dmy),
            // 12 March 2025, 12 марта 2025 г., 12 наурыз 2025 ж., 12 MAR 2025, 12-MAR-2025
            (
                r"(?:(?-u:\b)|[«\x22])(\d{1,2})[»\x22]?\s*[-/]?\s*(WORD)(?:\s*/\s*WORD)?\s*[-/]?\s*(\d{4})(?:\s*(?:года?|жыл|г|ж)\.?)?",
                Shape::DMonY,
            ),
            // March 12, 2025
            (r"(WORD)\s+(\d{1,2}),?\s+(\d{4})(?-u:\b)", Shape::MonDY),
            // 2025 жылғы 12 наурыз (Kazakh year-first order)
            (r"(?-u:\b)(\d{4})\s*(?:ж\.|жылғы)\s*(\d{1,2})\s+(WORD)", Shape::YDMon),
        ];
        raw.iter()
            .filter_map(|(p, s)| {
                Regex::new(&p.replace("WORD", WORD))
                    .ok()
                    .map(|r| (r, *s))
            })
            .collect()
    })
}

#[derive(Clone, Copy)]
enum Shape {
    Ymd,
    Dmy,
    DMonY,
    MonDY,
    YDMon,
}

fn num(s: &str) -> Option<u32> {
    s.parse().ok()
}

fn build(shape: Shape, c: &regex::Captures<'_>) -> Option<NaiveDate> {
    let g = |i: usize| c.get(i).map(|m| m.as_str()).unwrap_or("");
    let (y, m, d) = match shape {
        Shape::Ymd => (num(g(1))?, num(g(2))?, num(g(3))?),
        Shape::Dmy => (num(g(3))?, num(g(2))?, num(g(1))?),
        Shape::DMonY => (num(g(3))?, month_from_name(g(2))?, num(g(1))?),
        Shape::MonDY => (num(g(3))?, month_from_name(g(1))?, num(g(2))?),
        Shape::YDMon => (num(g(1))?, month_from_name(g(3))?, num(g(2))?),
    };
    if !(1800..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Parses one date written in any supported form: `12.03.2025`, `2025-03-12`,
/// `12/03/2025`, `12 March 2025`, `12 MAR 2025`, `March 12, 2025`,
/// `12 марта 2025 г.`, `12 наурыз 2025 ж.`. Surrounding text is ignored as long
/// as exactly the first date found is meant; impossible dates give `None`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    find_dates(s).into_iter().next().map(|f| f.date)
}

/// Every date in `text`, in order of position, with byte ranges. Overlapping
/// matches keep the earliest (then longest) one.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    for (re, shape) in patterns() {
        for c in re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            if let Some(date) = build(*shape, &c) {
                found.push(FoundDate {
                    date,
                    start: m.start(),
                    end: m.end(),
                    text: m.as_str().trim_end().to_string(),
                });
            }
        }
    }
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<FoundDate> = Vec::new();
    for f in found {
        if out.last().is_some_and(|l| f.start < l.end) {
            continue;
        }
        out.push(f);
    }
    out
}

/// Which side of the as-of date a two-digit-year MRZ date falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Century {
    /// A birth date: never after the as-of date.
    Past,
    /// An expiry date: may lie up to 50 years after the as-of date.
    Future,
}

/// Parses an MRZ `YYMMDD` date. A `Past` date takes the latest century that does
/// not put it after `as_of`; a `Future` date takes 20YY unless that is more than
/// 50 years after `as_of` (then 19YY: an old, long-expired document).
pub fn parse_yymmdd(s: &str, as_of: NaiveDate, rule: Century) -> Option<NaiveDate> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yy: i32 = s[0..2].parse().ok()?;
    let mm: u32 = s[2..4].parse().ok()?;
    let dd: u32 = s[4..6].parse().ok()?;
    let base = as_of.year() - as_of.year().rem_euclid(100);
    match rule {
        Century::Past => {
            let d = NaiveDate::from_ymd_opt(base + yy, mm, dd);
            match d {
                Some(d) if d <= as_of => Some(d),
                // 29 February of a year that is a leap year in one century only
                // (2000 vs 1900) is settled by trying the earlier century.
                _ => NaiveDate::from_ymd_opt(base - 100 + yy, mm, dd),
            }
        }
        Century::Future => {
            let d = NaiveDate::from_ymd_opt(base + yy, mm, dd);
            match d {
                Some(d) if d.year() <= as_of.year() + 50 => Some(d),
                _ => NaiveDate::from_ymd_opt(base - 100 + yy, mm, dd),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(parse_date("12.03.2025"), Some(d(2025, 3, 12)));
        assert_eq!(parse_date("2025-03-12"), Some(d(2025, 3, 12)));
        assert_eq!(parse_date("12/03/2025"), Some(d(2025, 3, 12)));
        assert_eq!(parse_date("1.3.2025"), Some(d(2025, 3, 1)));
        assert_eq!(parse_date("12. 03. 2025"), Some(d(2025, 3, 12)));
    }

    #[test]
    fn english_forms() {
        assert_eq!(parse_date("12 March 2025"), Some(d(2025, 3, 12)));
        assert_eq!(parse_date("12 MAR 2025"), Some(d(2025, 3, 12)));
        assert_eq!(parse_date("12 MAR/MARS 2025"), Some(d(2025, 3, 12)));
        assert_eq!(parse_date("12-MAR-2025"), Some(d(2025, 3, 12)));
        assert_eq!(parse_date("March 12, 2025"), Some(d(2025, 3, 12)));
        assert_eq!(parse_date("Sept 1 2020"), Some(d(2020, 9, 1)));
        assert_eq!(parse_date("01 DEC 1999"), Some(d(1999, 12, 1)));
    }

    #[test]
    fn russian_forms() {
        assert_eq!(parse_date("12 марта 2025 г."), Some(d(2025, 3, 12)));
        assert_eq!(parse_date("«05» января 2024 года"), Some(d(2024, 1, 5)));
        assert_eq!(parse_date("5 января 2024 года"), Some(d(2024, 1, 5)));
        assert_eq!(parse_date("31 ДЕКАБРЯ 1990 г"), Some(d(1990, 12, 31)));
        assert_eq!(parse_date("1 май 2001"), Some(d(2001, 5, 1)));
    }

    #[test]
    fn kazakh_forms_all_months() {
        let names = [
            "қаңтар",
            "ақпан",
            "наурыз",
            "сәуір",
            "мамыр",
            "маусым",
            "шілде",
            "тамыз",
            "қыркүйек",
            "қазан",
            "қараша",
            "желтоқсан",
        ];
        for (i, n) in names.iter().enumerate() {
            let s = format!("12 {n} 2025 ж.");
            assert_eq!(parse_date(&s), Some(d(2025, i as u32 + 1, 12)), "{s}");
        }
        assert_eq!(month_from_name("наурыздың"), Some(3));
        assert_eq!(month_from_name("КАҢТАРДА"), Some(1));
        // OCR without Kazakh letters.
        assert_eq!(month_from_name("кантар"), Some(1));
        assert_eq!(parse_date("2025 жылғы 12 наурыз"), Some(d(2025, 3, 12)));
    }

    #[test]
    fn impossible_and_garbage() {
        assert_eq!(parse_date("31.02.2025"), None);
        assert_eq!(parse_date("12.13.2025"), None);
        assert_eq!(parse_date("30 февраля 2020 г."), None);
        assert_eq!(parse_date("no date here"), None);
        assert_eq!(parse_date("12 Foo 2025"), None);
        assert_eq!(month_from_name(""), None);
    }

    #[test]
    fn find_dates_positions() {
        let t = "Issued 12.03.2015, expires 12 MAR 2025; выдан 1 марта 2010 г.";
        let f = find_dates(t);
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].date, d(2015, 3, 12));
        assert_eq!(&t[f[0].start..f[0].end], "12.03.2015");
        assert_eq!(f[1].date, d(2025, 3, 12));
        assert_eq!(f[1].text, "12 MAR 2025");
        assert_eq!(f[2].date, d(2010, 3, 1));
        assert!(t[f[2].start..f[2].end].starts_with("1 марта 2010"));
    }

    #[test]
    fn mrz_century_rules() {
        let as_of = d(2026, 12, 1);
        assert_eq!(
            parse_yymmdd("740812", as_of, Century::Past),
            Some(d(1974, 8, 12))
        );
        assert_eq!(
            parse_yymmdd("100101", as_of, Century::Past),
            Some(d(2010, 1, 1))
        );
        // 26-12-02 would be tomorrow: a birth date cannot be, so 1926.
        assert_eq!(
            parse_yymmdd("261202", as_of, Century::Past),
            Some(d(1926, 12, 2))
        );
        assert_eq!(
            parse_yymmdd("261201", as_of, Century::Past),
            Some(d(2026, 12, 1))
        );
        assert_eq!(
            parse_yymmdd("350101", as_of, Century::Future),
            Some(d(2035, 1, 1))
        );
        assert_eq!(
            parse_yymmdd("120415", as_of, Century::Future),
            Some(d(2012, 4, 15))
        );
        assert_eq!(
            parse_yymmdd("990101", as_of, Century::Future),
            Some(d(1999, 1, 1))
        );
        // 29 Feb 00: 2000 is a leap year; as a birth date before as_of it stays 2000.
        assert_eq!(
            parse_yymmdd("000229", as_of, Century::Past),
            Some(d(2000, 2, 29))
        );
        assert_eq!(parse_yymmdd("741312", as_of, Century::Past), None);
        assert_eq!(parse_yymmdd("74O812", as_of, Century::Past), None);
        assert_eq!(parse_yymmdd("7408", as_of, Century::Past), None);
    }
}
