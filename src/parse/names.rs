//! Names in Latin and Cyrillic: ICAO 9303 transliteration with the variants seen in
//! real passports, and a comparison that returns a score and its reason.

/// The result of comparing two names.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    /// 0.0 (unrelated) to 1.0 (same after normalisation).
    pub score: f32,
    /// Why: e.g. "identical", "same after ICAO transliteration of МЮЛЛЕР", "differ: ...".
    pub reason: String,
}

/// ICAO 9303 transliteration of Cyrillic (Russian and Kazakh) to upper-case Latin.
pub fn transliterate(cyrillic: &str) -> String {
    let _ = cyrillic;
    todo!("parser helper")
}

/// Compares two names, each in Latin or Cyrillic.
pub fn compare(a: &str, b: &str) -> NameMatch {
    let _ = (a, b);
    todo!("parser helper")
}
