//! Parsers for the values printed on documents: machine-readable zones, IIN/BIN,
//! dates, names (with transliteration) and countries. Pure functions, no I/O.

pub mod country;
pub mod dates;
pub mod iin;
pub mod mrz;
pub mod names;
