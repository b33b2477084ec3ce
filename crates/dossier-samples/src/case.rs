//! Fictional case data for the sample generator: people, companies, dates, IINs, BINs and
//! passport numbers, with the Latin spelling a passport prints and the Cyrillic spelling a
//! translator writes.
//!
//! Everything here is drawn from small built-in pools with a seeded ChaCha RNG, so a seed
//! always yields the same case. No pool entry is a real person: names are common ones
//! combined at random. The IIN and BIN check digits are computed here, independently of
//! the dossier library, so the generator stays an independent source of truth.

// The CLI uses a subset of these helpers; the rest is API for the packager and tests.
#![allow(dead_code)]

use chrono::{Datelike, Days, Months, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

mod pools;

use pools::{pool, Pair, CO_PREFIX, CO_SUFFIX, HEAD_NAMES, HEAD_SURNAMES, PATRONYMICS, STREETS};

/// A fictional person as their passport and its translation describe them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Surname in Latin capitals, as in the MRZ (no diacritics).
    pub surname: String,
    /// Given names in Latin capitals, separated by single spaces.
    pub given_names: String,
    /// Surname in Cyrillic capitals as a translator writes it (MUELLER -> МЮЛЛЕР).
    pub surname_cyr: String,
    /// Given names in Cyrillic capitals.
    pub given_names_cyr: String,
    /// 'M' or 'F'.
    pub sex: char,
    pub date_of_birth: NaiveDate,
    /// ISO 3166-1 alpha-3 code of the nationality (and issuing state).
    pub nationality: String,
    /// Place of birth as printed in the passport (Latin capitals).
    pub place_of_birth: String,
    /// Place of birth in Cyrillic capitals.
    pub place_of_birth_cyr: String,
    pub passport_number: String,
    pub passport_issued: NaiveDate,
    pub passport_expires: NaiveDate,
    /// True when the passport itself prints the names in Cyrillic (RUS, KAZ, KGZ, BLR).
    pub passport_has_cyrillic: bool,
    /// The 12-digit IIN, valid unless a defect says otherwise.
    pub iin: Option<String>,
}

impl Person {
    /// "SURNAME GIVEN NAMES" in Latin.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.surname, self.given_names)
    }

    /// "ФАМИЛИЯ ИМЯ" in Cyrillic.
    pub fn full_name_cyr(&self) -> String {
        format!("{} {}", self.surname_cyr, self.given_names_cyr)
    }
}

/// A fictional Kazakhstan company: the inviting party or employer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    /// Latin name with its legal form, e.g. "ALTYN ENGINEERING LLP".
    pub name: String,
    /// Russian name with its legal form, e.g. "ТОО «Алтын Инжиниринг»".
    pub name_cyr: String,
    /// 12-digit business identification number with a valid check digit.
    pub bin: String,
    /// Legal address in Russian.
    pub address: String,
    /// The head (director) in Latin: "SURNAME GIVEN".
    pub head: String,
    /// The head in Russian: "Фамилия Имя Отчество".
    pub head_cyr: String,
}

/// One fictional case: who applies, who invites, and the dates the documents print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub applicant: Person,
    pub company: Company,
    /// A resident of Kazakhstan acting for the applicant (power of attorney).
    pub representative: Option<Person>,
    /// The check date the package is made for.
    pub as_of: NaiveDate,
    pub application_date: NaiveDate,
    /// End of the requested stay or visa.
    pub valid_until: NaiveDate,
    /// Date printed on the fingerprinting certificate.
    pub fingerprint_date: NaiveDate,
    /// Date printed on certificates and letters.
    pub doc_date: NaiveDate,
    pub tamper: Tamper,
}

/// Deliberate inconsistencies the renderers print (defects injected by the packager).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tamper {
    /// Render the MRZ with one wrong check digit (the visual zone stays intact).
    pub mrz_bad_check_digit: bool,
    /// The translation prints this Cyrillic surname instead of the right one.
    pub translation_surname: Option<String>,
    /// The IIN certificate and the MRZ show this IIN instead of the person's.
    pub iin_override: Option<String>,
}

/// Nationalities with their own name pools; others fall back to the USA pool.
pub const NATIONALITIES: &[&str] = &[
    "DEU", "USA", "GBR", "CHN", "TUR", "IND", "KOR", "RUS", "KAZ", "UZB",
];

/// Transliterates Russian or Kazakh Cyrillic to Latin capitals the way current passports
/// do: ICAO 9303 for Russian (Ж→ZH, Х→KH, Ц→TS, Ю→IU, Я→IA, Й→I) and common passport
/// practice for the Kazakh letters (Ә→A, Ғ→G, Қ→K, Ң→N, Ө→O, Ұ→U, Ү→U, Һ→H, І→I).
pub fn translit(cyr: &str) -> String {
    let mut out = String::with_capacity(cyr.len());
    for c in cyr.chars().flat_map(char::to_uppercase) {
        let s = match c {
            'А' | 'Ә' => "A",
            'Б' => "B",
            'В' => "V",
            'Г' | 'Ғ' => "G",
            'Д' => "D",
            'Е' | 'Ё' | 'Э' => "E",
            'Ж' => "ZH",
            'З' => "Z",
            'И' | 'Й' | 'І' => "I",
            'К' | 'Қ' => "K",
            'Л' => "L",
            'М' => "M",
            'Н' | 'Ң' => "N",
            'О' | 'Ө' => "O",
            'П' => "P",
            'Р' => "R",
            'С' => "S",
            'Т' => "T",
            'У' | 'Ұ' | 'Ү' => "U",
            'Ф' => "F",
            'Х' => "KH",
            'Һ' => "H",
            'Ц' => "TS",
            'Ч' => "CH",
            'Ш' => "SH",
            'Щ' => "SHCH",
            'Ы' => "Y",
            'Ъ' => "IE",
            'Ь' => "",
            'Ю' => "IU",
            'Я' => "IA",
            other => {
                out.push(other);
                continue;
            }
        };
        out.push_str(s);
    }
    out
}

/// Check digit of the first 11 digits of an IIN or BIN, or `None` when both weighted
/// passes give 10 (such a number is never issued).
pub fn iin_check_digit(first11: &str) -> Option<u8> {
    let d: Vec<u32> = first11.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 11 {
        return None;
    }
    let s1: u32 = d
        .iter()
        .enumerate()
        .map(|(i, v)| v * (i as u32 + 1))
        .sum::<u32>()
        % 11;
    if s1 != 10 {
        return Some(s1 as u8);
    }
    const W2: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
    let s2: u32 = d.iter().zip(W2).map(|(v, w)| v * w).sum::<u32>() % 11;
    (s2 != 10).then_some(s2 as u8)
}

/// Appends a valid check digit to `prefix` (11 digits), drawing a new serial from the rng
/// (positions `serial_from..11`) while the number would be unissuable.
fn with_check_digit(rng: &mut ChaCha8Rng, prefix: &str, serial_from: usize) -> String {
    let mut first11 = prefix.to_string();
    loop {
        if let Some(c) = iin_check_digit(&first11) {
            return format!("{first11}{c}");
        }
        let serial: String = (serial_from..11)
            .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
            .collect();
        first11 = format!("{}{}", &prefix[..serial_from], serial);
    }
}

/// A valid IIN for someone born on `dob` with sex 'M'/'F'.
pub fn make_iin(rng: &mut ChaCha8Rng, dob: NaiveDate, sex: char) -> String {
    let century = match dob.year() {
        y if y < 1900 => 1,
        y if y < 2000 => 3,
        _ => 5,
    } + u32::from(sex == 'F');
    let serial = rng.random_range(0..10_000u32);
    let prefix = format!(
        "{:02}{:02}{:02}{}{:04}",
        dob.year() % 100,
        dob.month(),
        dob.day(),
        century,
        serial
    );
    with_check_digit(rng, &prefix, 7)
}

/// A valid BIN of a resident head office registered in `registered`'s month.
pub fn make_bin(rng: &mut ChaCha8Rng, registered: NaiveDate) -> String {
    let serial = rng.random_range(0..100_000u32);
    let prefix = format!(
        "{:02}{:02}40{:05}",
        registered.year() % 100,
        registered.month(),
        serial
    );
    with_check_digit(rng, &prefix, 6)
}

fn digits(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

fn letters(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'A' + rng.random_range(0..26u8)))
        .collect()
}

/// A passport number in the shape the nationality uses (9 characters at most, so it fits
/// the TD3 document-number field without overflow).
fn passport_number(rng: &mut ChaCha8Rng, nationality: &str) -> String {
    match nationality {
        // German numbers mix letters and digits but avoid vowels; keep to a safe subset.
        "DEU" => {
            const SET: &[u8] = b"CFGHJKLMNPRTVWXYZ0123456789";
            let tail: String = (0..8)
                .map(|_| char::from(SET[rng.random_range(0..SET.len())]))
                .collect();
            format!("C{tail}")
        }
        "USA" | "GBR" | "RUS" => digits(rng, 9),
        "CHN" => format!("E{}", digits(rng, 8)),
        "TUR" => format!("U{}", digits(rng, 8)),
        "IND" => format!("{}{}", letters(rng, 1), digits(rng, 7)),
        "KOR" => format!("M{}", digits(rng, 8)),
        "KAZ" => format!("N{}", digits(rng, 8)),
        "UZB" => format!("FA{}", digits(rng, 7)),
        _ => format!("{}{}", letters(rng, 2), digits(rng, 7)),
    }
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    // Pools are non-empty constants; index directly so no Option needs unwrapping.
    items[rng.random_range(0..items.len())]
}

/// Latin from a pool pair: the stored Latin, or the transliteration of the Cyrillic.
fn latin(p: Pair) -> String {
    if p.0.is_empty() {
        translit(p.1)
    } else {
        p.0.to_string()
    }
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

fn add_years(d: NaiveDate, years: i32) -> NaiveDate {
    let m = Months::new(years.unsigned_abs() * 12);
    if years >= 0 {
        d.checked_add_months(m).unwrap_or(d)
    } else {
        d.checked_sub_months(m).unwrap_or(d)
    }
}

/// A random fictional person of `nationality`, aged `min_age..max_age` on `as_of`.
pub fn random_person(
    rng: &mut ChaCha8Rng,
    nationality: &str,
    as_of: NaiveDate,
    min_age: i32,
    max_age: i32,
) -> Person {
    let p = pool(nationality);
    let sex = if rng.random_bool(0.5) { 'M' } else { 'F' };
    let (m, f) = pick(rng, p.surnames);
    let sur = if sex == 'M' { m } else { f };
    let names = if sex == 'M' { p.male } else { p.female };
    let first = pick(rng, names);
    let mut given = latin(first);
    let mut given_cyr = first.1.to_string();
    if rng.random_bool(p.second_name) {
        let second = pick(rng, names);
        if second != first {
            given = format!("{given} {}", latin(second));
            given_cyr = format!("{given_cyr} {}", second.1);
        }
    }
    let place = pick(rng, p.places);
    let age_days = rng.random_range(i64::from(min_age) * 365..i64::from(max_age) * 365);
    let date_of_birth = add_days(as_of, -age_days);
    // Issued 1 to 8 years ago, valid 10 years (minus a day, as most states print it).
    let issued = add_days(as_of, -rng.random_range(200..8 * 365));
    let expires = add_days(add_years(issued, 10), -1);
    let iin = make_iin(rng, date_of_birth, sex);
    Person {
        surname: latin(sur),
        given_names: given,
        surname_cyr: sur.1.to_string(),
        given_names_cyr: given_cyr,
        sex,
        date_of_birth,
        nationality: nationality.to_string(),
        place_of_birth: latin(place),
        place_of_birth_cyr: place.1.to_string(),
        passport_number: passport_number(rng, nationality),
        passport_issued: issued,
        passport_expires: expires,
        passport_has_cyrillic: matches!(nationality, "RUS" | "KAZ" | "KGZ" | "BLR"),
        iin: Some(iin),
    }
}

/// A random fictional Kazakhstan LLP registered a few years before `as_of`.
pub fn random_company(rng: &mut ChaCha8Rng, as_of: NaiveDate) -> Company {
    let pre = pick(rng, CO_PREFIX);
    let suf = pick(rng, CO_SUFFIX);
    let registered = add_days(as_of, -rng.random_range(400..15 * 365));
    let city = if rng.random_bool(0.5) {
        "г. Алматы"
    } else {
        "г. Астана"
    };
    let street = pick(rng, STREETS);
    let sur = pick(rng, HEAD_SURNAMES);
    let given = pick(rng, HEAD_NAMES);
    Company {
        name: format!("{} {} LLP", pre.0, suf.0),
        name_cyr: format!("ТОО «{} {}»", pre.1, suf.1),
        bin: make_bin(rng, registered),
        address: format!(
            "{city}, {street}, д. {}, офис {}",
            rng.random_range(1..180),
            rng.random_range(1..420)
        ),
        head: format!("{} {}", sur.0, given.0),
        head_cyr: format!("{} {} {}", sur.1, given.1, pick(rng, PATRONYMICS)),
    }
}

/// A random case for an applicant of `nationality`, made for the check date `as_of`.
///
/// The case is consistent: the passport is valid well beyond `valid_until` + 3 months,
/// the IIN matches the birth date, the fingerprinting certificate is from `as_of`'s year.
pub fn random_case(rng: &mut ChaCha8Rng, nationality: &str, as_of: NaiveDate) -> Case {
    let applicant = random_person(rng, nationality, as_of, 22, 60);
    let company = random_company(rng, as_of);
    let representative = Some(random_person(rng, "KAZ", as_of, 25, 55));
    let application_date = add_days(as_of, -rng.random_range(0..20));
    let valid_until = add_days(application_date, rng.random_range(90..365));
    // In the same calendar year as `as_of`, and not after it.
    let jan1 = NaiveDate::from_ymd_opt(as_of.year(), 1, 1).unwrap_or(as_of);
    let fingerprint_date = add_days(as_of, -rng.random_range(3..60)).max(jan1);
    let doc_date = add_days(as_of, -rng.random_range(5..40));
    let mut case = Case {
        applicant,
        company,
        representative,
        as_of,
        application_date,
        valid_until,
        fingerprint_date,
        doc_date,
        tamper: Tamper::default(),
    };
    // Keep the default case valid: at least 6 months beyond the requested stay.
    let min_expiry = add_days(case.valid_until, 200);
    if case.applicant.passport_expires < min_expiry {
        case.applicant.passport_issued = add_days(as_of, -rng.random_range(100..700));
        case.applicant.passport_expires =
            add_days(add_years(case.applicant.passport_issued, 10), -1);
    }
    case
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn iin_check_digit_matches_public_values() {
        for good in [
            "871008401427",
            "760212350620",
            "830717350867",
            "800416100254",
        ] {
            let c = iin_check_digit(&good[..11]).map(|d| char::from(b'0' + d));
            assert_eq!(c, good.chars().nth(11), "{good}");
        }
        for bin in ["940140000385", "070941024691"] {
            let c = iin_check_digit(&bin[..11]).map(|d| char::from(b'0' + d));
            assert_eq!(c, bin.chars().nth(11), "{bin}");
        }
        assert_eq!(iin_check_digit("00081315989"), None);
        assert_ne!(iin_check_digit("82121424009"), Some(2));
    }

    #[test]
    fn translit_follows_passport_practice() {
        assert_eq!(translit("ЖАҚСЫЛЫҚОВ"), "ZHAKSYLYKOV");
        assert_eq!(translit("ӘЙГЕРІМ"), "AIGERIM");
        assert_eq!(translit("ШАҺИЗАДА"), "SHAHIZADA");
        assert_eq!(translit("ЩЕРБАКОВА"), "SHCHERBAKOVA");
        assert_eq!(translit("ФЁДОРОВ"), "FEDOROV");
        assert_eq!(translit("НАТАЛЬЯ"), "NATALIA");
    }

    #[test]
    fn random_case_is_consistent_and_deterministic() {
        let as_of = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for nat in NATIONALITIES {
            for seed in 0..20 {
                let a = random_case(&mut ChaCha8Rng::seed_from_u64(seed), nat, as_of);
                let b = random_case(&mut ChaCha8Rng::seed_from_u64(seed), nat, as_of);
                assert_eq!(a, b);
                let p = &a.applicant;
                let iin = p.iin.clone().unwrap();
                assert_eq!(iin.len(), 12);
                assert_eq!(&iin[..6], p.date_of_birth.format("%y%m%d").to_string());
                let c = iin_check_digit(&iin[..11]).unwrap();
                assert_eq!(iin.as_bytes()[11], b'0' + c);
                assert!(p.passport_expires > a.valid_until + Months::new(3));
                assert!(p.passport_issued <= as_of);
                assert!(a.fingerprint_date.year() == as_of.year() && a.fingerprint_date <= as_of);
                assert!(p
                    .surname
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '-'));
                assert!(p.passport_number.len() <= 9);
                let bin = &a.company.bin;
                assert_eq!(bin.as_bytes()[4], b'4');
                assert_eq!(
                    bin.as_bytes()[11],
                    b'0' + iin_check_digit(&bin[..11]).unwrap()
                );
            }
        }
    }
}
