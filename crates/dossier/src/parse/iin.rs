//! IIN and BIN: Kazakhstan's 12-digit individual and business identification numbers.
//!
//! Both share one check-digit rule: s = Σ dᵢ·i (i = 1..11) mod 11; when s is 10 a
//! second pass with weights 3,4,5,6,7,8,9,10,11,1,2; when that gives 10 again the
//! number is never issued — it is invalid, not "check digit 0" (a mistake some
//! published code makes). An IIN starts with the birth date YYMMDD and its 7th
//! digit gives century and sex; a BIN starts with the registration year and month
//! and its 5th digit is the entity type (4, 5, 6). A 12-digit number is told apart
//! by [`classify`]: BINs have a month in digits 3–4 but a 5th digit of 4–6, which
//! no valid IIN birth date (DD ≥ 40) can have.

use chrono::NaiveDate;

/// Sex encoded in the IIN's 7th digit (odd = male).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// `M` or `F`, as in the MRZ.
    pub fn letter(self) -> char {
        match self {
            Sex::Male => 'M',
            Sex::Female => 'F',
        }
    }
}

/// A valid, decoded IIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iin {
    pub digits: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

/// Why a 12-character string is not a valid IIN or BIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IinError {
    #[error("must have 12 digits, has {0} characters")]
    Length(usize),
    #[error("holds a character that is not a digit")]
    NotDigits,
    #[error("7th digit {0} is not a century/sex digit (1 to 6)")]
    Century(u8),
    #[error("digits 1 to 6 are not a real date of birth")]
    ImpossibleDate,
    #[error("check digit is {found}, should be {expected}")]
    CheckDigit { expected: u8, found: u8 },
    #[error("the check sum gives 10 on both passes: such a number is never issued")]
    Unissuable,
    #[error("5th digit {0} is not a BIN entity type (4, 5 or 6)")]
    EntityType(u8),
    #[error("digits 3 and 4 are not a registration month")]
    ImpossibleMonth,
}

const SECOND_PASS: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// The check digit of the first 11 digits, or `None` when both passes give 10.
pub fn check_digit(first11: &[u8; 11]) -> Option<u8> {
    let s: u32 = first11
        .iter()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * (i as u32 + 1))
        .sum::<u32>()
        % 11;
    if s != 10 {
        return Some(s as u8);
    }
    let s2: u32 = first11
        .iter()
        .zip(SECOND_PASS)
        .map(|(&d, w)| u32::from(d) * w)
        .sum::<u32>()
        % 11;
    if s2 == 10 {
        None
    } else {
        Some(s2 as u8)
    }
}

/// The 12 digit values, after checking length and characters.
fn digits_of(s: &str) -> Result<[u8; 12], IinError> {
    let n = s.chars().count();
    if n != 12 {
        return Err(IinError::Length(n));
    }
    let mut out = [0u8; 12];
    for (i, c) in s.chars().enumerate() {
        out[i] = c.to_digit(10).ok_or(IinError::NotDigits)? as u8;
    }
    Ok(out)
}

/// Checks the 12th digit against the first eleven.
fn verify_check(d: &[u8; 12]) -> Result<(), IinError> {
    let mut first = [0u8; 11];
    first.copy_from_slice(&d[..11]);
    match check_digit(&first) {
        None => Err(IinError::Unissuable),
        Some(c) if c == d[11] => Ok(()),
        Some(c) => Err(IinError::CheckDigit {
            expected: c,
            found: d[11],
        }),
    }
}

/// Parses and validates an IIN (check digit, century digit, birth date).
pub fn parse_iin(s: &str) -> Result<Iin, IinError> {
    let d = digits_of(s)?;
    let century_digit = d[6];
    let (century, sex) = match century_digit {
        1 => (1800, Sex::Male),
        2 => (1800, Sex::Female),
        3 => (1900, Sex::Male),
        4 => (1900, Sex::Female),
        5 => (2000, Sex::Male),
        6 => (2000, Sex::Female),
        other => return Err(IinError::Century(other)),
    };
    let yy = i32::from(d[0] * 10 + d[1]);
    let mm = u32::from(d[2] * 10 + d[3]);
    let dd = u32::from(d[4] * 10 + d[5]);
    let birth_date =
        NaiveDate::from_ymd_opt(century + yy, mm, dd).ok_or(IinError::ImpossibleDate)?;
    verify_check(&d)?;
    Ok(Iin {
        digits: s.to_string(),
        birth_date,
        sex,
    })
}

/// The type of legal entity a BIN's 5th digit gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityType {
    /// 4: resident legal entity.
    Resident,
    /// 5: non-resident legal entity.
    NonResident,
    /// 6: individual entrepreneur (joint venture).
    IndividualEntrepreneur,
}

/// The division a BIN's 6th digit gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Division {
    HeadOffice,
    Branch,
    Representative,
    Farm,
    /// Any other digit: kept, not rejected (the rule lists only 0–3).
    Other(u8),
}

/// A valid, decoded BIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bin {
    pub digits: String,
    /// Two-digit registration year as printed (century is not encoded).
    pub reg_year: u8,
    pub reg_month: u8,
    pub entity: EntityType,
    pub division: Division,
}

/// Parses and validates a BIN (check digit, registration month, type digit).
pub fn parse_bin(s: &str) -> Result<Bin, IinError> {
    let d = digits_of(s)?;
    let reg_month = d[2] * 10 + d[3];
    if !(1..=12).contains(&reg_month) {
        return Err(IinError::ImpossibleMonth);
    }
    let entity = match d[4] {
        4 => EntityType::Resident,
        5 => EntityType::NonResident,
        6 => EntityType::IndividualEntrepreneur,
        other => return Err(IinError::EntityType(other)),
    };
    let division = match d[5] {
        0 => Division::HeadOffice,
        1 => Division::Branch,
        2 => Division::Representative,
        3 => Division::Farm,
        other => Division::Other(other),
    };
    verify_check(&d)?;
    Ok(Bin {
        digits: s.to_string(),
        reg_year: d[0] * 10 + d[1],
        reg_month,
        entity,
        division,
    })
}

/// What a 12-digit number looks like, before its check digit is considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Iin,
    Bin,
    Unknown,
}

/// Tells an IIN from a BIN by structure alone: a BIN's 5th digit is 4–6 (a day
/// of 40–69, impossible in a birth date) and its 3rd–4th digits a month; an
/// IIN has a plausible MMDD and a century digit 1–6.
pub fn classify(s: &str) -> IdKind {
    let Ok(d) = digits_of(s) else {
        return IdKind::Unknown;
    };
    let mm = d[2] * 10 + d[3];
    if !(1..=12).contains(&mm) {
        return IdKind::Unknown;
    }
    if (4..=6).contains(&d[4]) {
        return IdKind::Bin;
    }
    let dd = d[4] * 10 + d[5];
    if (1..=31).contains(&dd) && (1..=6).contains(&d[6]) {
        IdKind::Iin
    } else {
        IdKind::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds an IIN with a correct check digit, if one exists.
    fn with_check(first11: &str) -> Option<String> {
        let mut a = [0u8; 11];
        for (i, c) in first11.chars().enumerate() {
            a[i] = c.to_digit(10).unwrap() as u8;
        }
        check_digit(&a).map(|c| format!("{first11}{c}"))
    }

    #[test]
    fn public_valid_values() {
        for s in ["871008401427", "760212350620", "830717350867"] {
            let iin = parse_iin(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(iin.digits, s);
        }
        let a = parse_iin("871008401427").unwrap();
        assert_eq!(a.birth_date, NaiveDate::from_ymd_opt(1987, 10, 8).unwrap());
        assert_eq!(a.sex, Sex::Female);
        let b = parse_iin("760212350620").unwrap();
        assert_eq!(b.birth_date, NaiveDate::from_ymd_opt(1976, 2, 12).unwrap());
        assert_eq!(b.sex, Sex::Male);
        let c = parse_iin("800416100254").unwrap();
        assert_eq!(c.birth_date, NaiveDate::from_ymd_opt(1880, 4, 16).unwrap());
        assert_eq!(c.sex, Sex::Male);
    }

    #[test]
    fn public_invalid_values() {
        assert_eq!(parse_iin("000813159890"), Err(IinError::Unissuable));
        // Both passes give 10 for this one too: invalid whatever its last digit.
        assert_eq!(parse_iin("821214240092"), Err(IinError::Unissuable));
        for last in 0..10 {
            assert!(parse_iin(&format!("82121424009{last}")).is_err());
        }
    }

    #[test]
    fn second_pass_is_used() {
        // Find numbers whose first pass gives 10 and check the second pass by hand.
        let mut seen = 0;
        for serial in 0..200u32 {
            let s = format!("8710084{serial:04}");
            let d: Vec<u32> = s.chars().map(|c| c.to_digit(10).unwrap()).collect();
            let first: u32 = d.iter().enumerate().map(|(i, x)| x * (i as u32 + 1)).sum();
            if first % 11 != 10 {
                continue;
            }
            let second: u32 = d.iter().zip(SECOND_PASS).map(|(x, w)| x * w).sum::<u32>() % 11;
            let arr: [u8; 11] = std::array::from_fn(|i| d[i] as u8);
            let want = (second != 10).then_some(second as u8);
            assert_eq!(check_digit(&arr), want, "{s}");
            if let Some(c) = want {
                assert!(parse_iin(&format!("{s}{c}")).is_ok());
                seen += 1;
            }
        }
        assert!(seen > 0);
        // Both passes 10: None, never Some(0).
        let z = [0, 0, 0, 8, 1, 3, 1, 5, 9, 8, 9];
        assert_eq!(check_digit(&z), None);
    }

    #[test]
    fn every_century_digit() {
        let cases = [
            ('1', 1899, Sex::Male),
            ('2', 1899, Sex::Female),
            ('3', 1999, Sex::Male),
            ('4', 1999, Sex::Female),
            ('5', 2099, Sex::Male),
            ('6', 2099, Sex::Female),
        ];
        for (c, year, sex) in cases {
            // Vary the serial until a check digit exists.
            let iin = (0..100)
                .find_map(|n| with_check(&format!("991231{c}{n:04}")))
                .unwrap();
            let p = parse_iin(&iin).unwrap_or_else(|e| panic!("{iin}: {e}"));
            assert_eq!(p.birth_date, NaiveDate::from_ymd_opt(year, 12, 31).unwrap());
            assert_eq!(p.sex, sex);
        }
        for c in ['0', '7', '8', '9'] {
            let iin = (0..100)
                .find_map(|n| with_check(&format!("991231{c}{n:04}")))
                .unwrap();
            assert!(
                matches!(parse_iin(&iin), Err(IinError::Century(_))),
                "{iin}"
            );
        }
    }

    #[test]
    fn impossible_dates() {
        for first in ["87130840142", "87023040142", "87000040142", "87100040142"] {
            let iin = with_check(first).unwrap_or_else(|| format!("{first}0"));
            assert_eq!(parse_iin(&iin), Err(IinError::ImpossibleDate), "{iin}");
        }
        // 29 February: 2000 is a leap year, 1900 is not.
        let leap = (0..100)
            .find_map(|n| with_check(&format!("0002295{n:04}")))
            .unwrap();
        assert!(parse_iin(&leap).is_ok());
        let not_leap = (0..100)
            .find_map(|n| with_check(&format!("0002293{n:04}")))
            .unwrap();
        assert_eq!(parse_iin(&not_leap), Err(IinError::ImpossibleDate));
    }

    #[test]
    fn wrong_check_digits() {
        let good = "871008401427";
        for d in 0..10u8 {
            let s = format!("{}{}", &good[..11], d);
            if d == 7 {
                assert!(parse_iin(&s).is_ok());
            } else {
                assert_eq!(
                    parse_iin(&s),
                    Err(IinError::CheckDigit {
                        expected: 7,
                        found: d
                    })
                );
            }
        }
    }

    #[test]
    fn shape_errors() {
        assert_eq!(parse_iin("87100840142"), Err(IinError::Length(11)));
        assert_eq!(parse_iin("8710084014270"), Err(IinError::Length(13)));
        assert_eq!(parse_iin("87100840142O"), Err(IinError::NotDigits));
        assert_eq!(parse_iin(""), Err(IinError::Length(0)));
    }

    #[test]
    fn bins() {
        let a = parse_bin("940140000385").unwrap();
        assert_eq!(a.reg_year, 94);
        assert_eq!(a.reg_month, 1);
        assert_eq!(a.entity, EntityType::Resident);
        assert_eq!(a.division, Division::HeadOffice);
        let b = parse_bin("070941024691").unwrap();
        assert_eq!(b.reg_month, 9);
        assert_eq!(b.entity, EntityType::Resident);
        assert_eq!(b.division, Division::Branch);
        assert!(matches!(
            parse_bin("940140000380"),
            Err(IinError::CheckDigit { found: 0, .. })
        ));
        assert_eq!(parse_bin("941340000385"), Err(IinError::ImpossibleMonth));
        assert_eq!(parse_bin("940170000385"), Err(IinError::EntityType(7)));
    }

    #[test]
    fn classify_tells_apart() {
        assert_eq!(classify("940140000385"), IdKind::Bin);
        assert_eq!(classify("070941024691"), IdKind::Bin);
        assert_eq!(classify("871008401427"), IdKind::Iin);
        assert_eq!(classify("800416100254"), IdKind::Iin);
        assert_eq!(classify("12345"), IdKind::Unknown);
        assert_eq!(classify("871308401427"), IdKind::Unknown);
    }
}
