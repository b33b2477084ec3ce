//! Machine-readable zones (ICAO Doc 9303): TD3 for passports (2 × 44), TD1 for
//! identity cards (3 × 30), TD2 for cards of the middle size (2 × 36), and the visas
//! MRV-A (2 × 44) and MRV-B (2 × 36), with check digits computed here, independently of
//! the dossier library's parser.

use chrono::NaiveDate;

/// The value of one MRZ character for check digits: digits as themselves, A–Z as 10–35,
/// `<` (and anything else) as 0.
fn value(c: char) -> u32 {
    match c {
        '0'..='9' => c as u32 - '0' as u32,
        'A'..='Z' => c as u32 - 'A' as u32 + 10,
        _ => 0,
    }
}

/// The ICAO 9303 check digit of `field`: weights 7, 3, 1 repeating, sum mod 10.
pub fn check_digit(field: &str) -> char {
    let sum: u32 = field
        .chars()
        .zip([7, 3, 1].iter().cycle())
        .map(|(c, w)| value(c) * w)
        .sum();
    char::from(b'0' + (sum % 10) as u8)
}

/// Upper-cases and keeps only characters the MRZ allows; spaces, hyphens and other
/// separators become `<`, apostrophes are dropped (ICAO 9303 part 3, 6.A).
fn mrz_chars(s: &str) -> String {
    s.chars()
        .flat_map(char::to_uppercase)
        .filter(|c| *c != '\'')
        .map(|c| {
            if c.is_ascii_uppercase() || c.is_ascii_digit() {
                c
            } else {
                '<'
            }
        })
        .collect()
}

/// Pads with `<` (or truncates) to exactly `n` characters.
fn fit(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    while out.chars().count() < n {
        out.push('<');
    }
    out
}

/// The name field: `SURNAME<<GIVEN<NAMES`, filled with `<` to `n` characters.
pub fn name_field(surname: &str, given: &str, n: usize) -> String {
    let g = mrz_chars(given.trim());
    let s = mrz_chars(surname.trim());
    if g.is_empty() {
        fit(&s, n)
    } else {
        fit(&format!("{s}<<{g}"), n)
    }
}

fn yymmdd(d: NaiveDate) -> String {
    d.format("%y%m%d").to_string()
}

/// The data a machine-readable zone encodes.
pub struct MrzData<'a> {
    /// "P" for passports, "ID" or "I" for identity cards.
    pub doc_type: &'a str,
    pub issuing_state: &'a str,
    pub surname: &'a str,
    pub given_names: &'a str,
    pub number: &'a str,
    pub nationality: &'a str,
    pub birth: NaiveDate,
    pub sex: char,
    pub expiry: NaiveDate,
    /// Personal number (TD3) or optional data (TD1 line 1), e.g. the IIN.
    pub personal: &'a str,
    /// Make the document-number check digit wrong, keeping every other check valid.
    pub bad_check_digit: bool,
}

/// A digit other than `c` (the next one, wrapping).
fn wrong(c: char) -> char {
    let d = c.to_digit(10).unwrap_or(0);
    char::from(b'0' + ((d + 1) % 10) as u8)
}

/// The two 44-character lines of a TD3 (passport) MRZ.
pub fn td3(d: &MrzData) -> [String; 2] {
    let line1 = format!(
        "{}{}{}",
        fit(d.doc_type, 2),
        fit(&mrz_chars(d.issuing_state), 3),
        name_field(d.surname, d.given_names, 39)
    );
    let number = fit(&mrz_chars(d.number), 9);
    let mut number_cd = check_digit(&number);
    if d.bad_check_digit {
        number_cd = wrong(number_cd);
    }
    let birth = yymmdd(d.birth);
    let expiry = yymmdd(d.expiry);
    let personal = fit(&mrz_chars(d.personal), 14);
    // An empty personal number may carry `<` as its check digit (ICAO allows either).
    let personal_cd = if personal.chars().all(|c| c == '<') {
        '<'
    } else {
        check_digit(&personal)
    };
    let sex = if matches!(d.sex, 'M' | 'F') {
        d.sex
    } else {
        '<'
    };
    // The composite covers the fields as printed, including the (possibly wrong) number
    // check digit, so that exactly one check digit fails when `bad_check_digit` is set.
    let composite_src = format!(
        "{number}{number_cd}{birth}{}{expiry}{}{personal}{personal_cd}",
        check_digit(&birth),
        check_digit(&expiry)
    );
    let line2 = format!(
        "{number}{number_cd}{}{birth}{}{sex}{expiry}{}{personal}{personal_cd}{}",
        fit(&mrz_chars(d.nationality), 3),
        check_digit(&birth),
        check_digit(&expiry),
        check_digit(&composite_src)
    );
    [line1, line2]
}

/// The three 30-character lines of a TD1 (identity card) MRZ.
pub fn td1(d: &MrzData) -> [String; 3] {
    let number = fit(&mrz_chars(d.number), 9);
    let mut number_cd = check_digit(&number);
    if d.bad_check_digit {
        number_cd = wrong(number_cd);
    }
    let optional1 = fit(&mrz_chars(d.personal), 15);
    let line1 = format!(
        "{}{}{number}{number_cd}{optional1}",
        fit(d.doc_type, 2),
        fit(&mrz_chars(d.issuing_state), 3)
    );
    let birth = yymmdd(d.birth);
    let expiry = yymmdd(d.expiry);
    let sex = if matches!(d.sex, 'M' | 'F') {
        d.sex
    } else {
        '<'
    };
    let optional2 = fit("", 11);
    let b_cd = check_digit(&birth);
    let e_cd = check_digit(&expiry);
    let composite_src =
        format!("{number}{number_cd}{optional1}{birth}{b_cd}{expiry}{e_cd}{optional2}");
    let line2 = format!(
        "{birth}{b_cd}{sex}{expiry}{e_cd}{}{optional2}{}",
        fit(&mrz_chars(d.nationality), 3),
        check_digit(&composite_src)
    );
    let line3 = name_field(d.surname, d.given_names, 30);
    [line1, line2, line3]
}

/// The two 44-character lines of an MRV-A visa MRZ: like TD3, but line 2 ends with 16
/// characters of optional data and has no composite check digit (ICAO 9303 part 7).
pub fn mrv_a(d: &MrzData) -> [String; 2] {
    let line1 = format!(
        "{}{}{}",
        fit(d.doc_type, 2),
        fit(&mrz_chars(d.issuing_state), 3),
        name_field(d.surname, d.given_names, 39)
    );
    let number = fit(&mrz_chars(d.number), 9);
    let mut number_cd = check_digit(&number);
    if d.bad_check_digit {
        number_cd = wrong(number_cd);
    }
    let birth = yymmdd(d.birth);
    let expiry = yymmdd(d.expiry);
    let sex = if matches!(d.sex, 'M' | 'F') {
        d.sex
    } else {
        '<'
    };
    let line2 = format!(
        "{number}{number_cd}{}{birth}{}{sex}{expiry}{}{}",
        fit(&mrz_chars(d.nationality), 3),
        check_digit(&birth),
        check_digit(&expiry),
        fit(&mrz_chars(d.personal), 16)
    );
    [line1, line2]
}

/// The two 36-character lines of a TD2 MRZ (ICAO 9303 part 6): line 1 as TD3's with a
/// 31-character name field; line 2 ends with 7 characters of optional data and a
/// composite check digit over the number, birth, expiry and optional data.
pub fn td2(d: &MrzData) -> [String; 2] {
    let line1 = format!(
        "{}{}{}",
        fit(d.doc_type, 2),
        fit(&mrz_chars(d.issuing_state), 3),
        name_field(d.surname, d.given_names, 31)
    );
    let number = fit(&mrz_chars(d.number), 9);
    let mut number_cd = check_digit(&number);
    if d.bad_check_digit {
        number_cd = wrong(number_cd);
    }
    let birth = yymmdd(d.birth);
    let expiry = yymmdd(d.expiry);
    let sex = if matches!(d.sex, 'M' | 'F') {
        d.sex
    } else {
        '<'
    };
    let optional = fit(&mrz_chars(d.personal), 7);
    let (b_cd, e_cd) = (check_digit(&birth), check_digit(&expiry));
    let composite_src = format!("{number}{number_cd}{birth}{b_cd}{expiry}{e_cd}{optional}");
    let line2 = format!(
        "{number}{number_cd}{}{birth}{b_cd}{sex}{expiry}{e_cd}{optional}{}",
        fit(&mrz_chars(d.nationality), 3),
        check_digit(&composite_src)
    );
    [line1, line2]
}

/// The two 36-character lines of an MRV-B visa MRZ (ICAO 9303 part 7): like TD2, but
/// line 2 ends with 8 characters of optional data and has no composite check digit.
pub fn mrv_b(d: &MrzData) -> [String; 2] {
    let line1 = format!(
        "{}{}{}",
        fit(d.doc_type, 2),
        fit(&mrz_chars(d.issuing_state), 3),
        name_field(d.surname, d.given_names, 31)
    );
    let number = fit(&mrz_chars(d.number), 9);
    let mut number_cd = check_digit(&number);
    if d.bad_check_digit {
        number_cd = wrong(number_cd);
    }
    let birth = yymmdd(d.birth);
    let expiry = yymmdd(d.expiry);
    let sex = if matches!(d.sex, 'M' | 'F') {
        d.sex
    } else {
        '<'
    };
    let line2 = format!(
        "{number}{number_cd}{}{birth}{}{sex}{expiry}{}{}",
        fit(&mrz_chars(d.nationality), 3),
        check_digit(&birth),
        check_digit(&expiry),
        fit(&mrz_chars(d.personal), 8)
    );
    [line1, line2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn specimen(bad: bool) -> MrzData<'static> {
        MrzData {
            doc_type: "P",
            issuing_state: "UTO",
            surname: "ERIKSSON",
            given_names: "ANNA MARIA",
            number: "L898902C3",
            nationality: "UTO",
            birth: date(1974, 8, 12),
            sex: 'F',
            expiry: date(2012, 4, 15),
            personal: "ZE184226B",
            bad_check_digit: bad,
        }
    }

    #[test]
    fn check_digits_follow_icao() {
        assert_eq!(check_digit("L898902C3"), '6');
        assert_eq!(check_digit("740812"), '2');
        assert_eq!(check_digit("120415"), '9');
        assert_eq!(check_digit("ZE184226B<<<<<"), '1');
        assert_eq!(check_digit("<<<<"), '0');
    }

    #[test]
    fn td3_reproduces_the_icao_specimen() {
        let [l1, l2] = td3(&specimen(false));
        assert_eq!(l1, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
        assert_eq!(l2, "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    }

    #[test]
    fn tampered_td3_breaks_exactly_one_check_digit() {
        let [_, l2] = td3(&specimen(true));
        let c: Vec<char> = l2.chars().collect();
        let s = |a: usize, b: usize| c[a..b].iter().collect::<String>();
        assert_ne!(check_digit(&s(0, 9)), c[9]);
        assert_eq!(check_digit(&s(13, 19)), c[19]);
        assert_eq!(check_digit(&s(21, 27)), c[27]);
        assert_eq!(check_digit(&s(28, 42)), c[42]);
        let composite = format!("{}{}{}", s(0, 10), s(13, 20), s(21, 43));
        assert_eq!(check_digit(&composite), c[43]);
    }

    #[test]
    fn kaz_passport_carries_the_iin() {
        let d = MrzData {
            doc_type: "P",
            issuing_state: "KAZ",
            surname: "ZHAKSYLYKOV",
            given_names: "GALYM",
            number: "N12345678",
            nationality: "KAZ",
            birth: date(1987, 10, 8),
            sex: 'M',
            expiry: date(2031, 5, 1),
            personal: "871008401427",
            bad_check_digit: false,
        };
        let [l1, l2] = td3(&d);
        assert_eq!(l1, "P<KAZZHAKSYLYKOV<<GALYM<<<<<<<<<<<<<<<<<<<<<");
        assert_eq!(&l2[28..42], "871008401427<<");
        assert_eq!(l2.len(), 44);
        assert_eq!(l2.chars().nth(42), Some(check_digit("871008401427<<")));
    }

    #[test]
    fn td1_matches_the_icao_layout() {
        // ICAO 9303 part 5 specimen: I<UTOD231458907<<<<<<<<<<<<<<< /
        // 7408122F1204159UTO<<<<<<<<<<<6 / ERIKSSON<<ANNA<MARIA<<<<<<<<<<
        let d = MrzData {
            doc_type: "I",
            issuing_state: "UTO",
            surname: "ERIKSSON",
            given_names: "ANNA MARIA",
            number: "D23145890",
            nationality: "UTO",
            birth: date(1974, 8, 12),
            sex: 'F',
            expiry: date(2012, 4, 15),
            personal: "",
            bad_check_digit: false,
        };
        let [l1, l2, l3] = td1(&d);
        assert_eq!(l1, "I<UTOD231458907<<<<<<<<<<<<<<<");
        assert_eq!(l2, "7408122F1204159UTO<<<<<<<<<<<6");
        assert_eq!(l3, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<");
    }

    #[test]
    fn mrv_a_has_no_composite_check_digit() {
        let d = MrzData {
            doc_type: "V",
            issuing_state: "UTO",
            surname: "ERIKSSON",
            given_names: "ANNA MARIA",
            number: "L8988901C",
            nationality: "XXX",
            birth: date(1940, 9, 7),
            sex: 'F',
            expiry: date(1996, 12, 10),
            personal: "ZE184226B",
            bad_check_digit: false,
        };
        let [l1, l2] = mrv_a(&d);
        assert_eq!(l1, "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
        assert_eq!(l2, "L8988901C4XXX4009078F9612109ZE184226B<<<<<<<");
        assert_eq!(l2.len(), 44);
    }

    #[test]
    fn names_are_cleaned_and_truncated() {
        assert_eq!(
            name_field("O'NEIL-SMITH", "MARY ANN", 20),
            "ONEIL<SMITH<<MARY<AN"
        );
        assert_eq!(name_field("FARG'ONA", "", 10), "FARGONA<<<");
    }

    fn utopia(
        doc_type: &'static str,
        number: &'static str,
        nationality: &'static str,
    ) -> MrzData<'static> {
        MrzData {
            doc_type,
            issuing_state: "UTO",
            surname: "ERIKSSON",
            given_names: "ANNA MARIA",
            number,
            nationality,
            birth: date(1974, 8, 12),
            sex: 'F',
            expiry: date(2012, 4, 15),
            personal: "",
            bad_check_digit: false,
        }
    }

    #[test]
    fn td2_reproduces_the_icao_specimen() {
        let [l1, l2] = td2(&utopia("I", "D23145890", "UTO"));
        assert_eq!(l1, "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<");
        assert_eq!(l2, "D231458907UTO7408122F1204159<<<<<<<6");
    }

    #[test]
    fn tampered_td2_breaks_only_the_number_check() {
        let mut d = utopia("I", "D23145890", "UTO");
        d.bad_check_digit = true;
        let [_, l2] = td2(&d);
        assert_eq!(&l2[9..10], "8");
        let composite = format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..35]);
        assert_eq!(check_digit(&composite), l2.chars().nth(35).unwrap());
    }

    #[test]
    fn mrv_b_reproduces_the_icao_specimen() {
        let mut d = utopia("V", "L8988901C", "XXX");
        d.birth = date(1940, 9, 7);
        d.expiry = date(1996, 12, 10);
        let [l1, l2] = mrv_b(&d);
        assert_eq!(l1, "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<");
        assert_eq!(l2, "L8988901C4XXX4009078F9612109<<<<<<<<");
        d.personal = "ZE184226B";
        let [_, l2] = mrv_b(&d);
        assert_eq!(l2, "L8988901C4XXX4009078F9612109ZE184226");
    }
}
