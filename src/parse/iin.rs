//! IIN and BIN: Kazakhstan's 12-digit individual and business identification numbers.

use chrono::NaiveDate;

/// Sex encoded in the IIN's 7th digit (odd = male).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
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
}

/// Parses and validates an IIN (check digit, century digit, birth date).
pub fn parse_iin(s: &str) -> Result<Iin, IinError> {
    let _ = s;
    todo!("parser helper")
}

/// The check digit of the first 11 digits, or `None` when both passes give 10.
pub fn check_digit(first11: &[u8; 11]) -> Option<u8> {
    let _ = first11;
    todo!("parser helper")
}
