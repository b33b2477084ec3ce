//! Dates in the forms printed on documents (numeric, English, Russian, Kazakh, MRZ).

use chrono::NaiveDate;

/// Parses one date written in any supported form: `12.03.2025`, `2025-03-12`,
/// `12/03/2025`, `12 March 2025`, `March 12, 2025`, `12 марта 2025 г.`,
/// `12 наурыз 2025 ж.`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let _ = s;
    todo!("parser helper")
}
