//! Finds a machine-readable zone on a page well enough to tell its format, for
//! classification only: the dedicated MRZ pass (`PageText.mrz`) when there is one, else
//! lines of the page text that look like an MRZ. Parsing and check digits are the
//! extract stage's work; here a line only has to look like one.

use crate::model::{MrzFormat, PageText};
use crate::text::latin_twin;

/// An MRZ seen on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrzSighting {
    pub format: MrzFormat,
    /// The built-in signal it raises: `mrz_td3`, ...
    pub signal: &'static str,
    pub lines: usize,
    /// Mean line length.
    pub length: usize,
    /// Found in the page text rather than by the MRZ pass.
    pub from_text: bool,
}

impl MrzSighting {
    /// A short description for evidence (never the MRZ itself: it is personal data).
    pub fn detail(&self) -> String {
        let src = if self.from_text {
            "page text"
        } else {
            "MRZ pass"
        };
        format!(
            "{} MRZ, {} line(s) of about {} characters ({src})",
            self.format.name(),
            self.lines,
            self.length
        )
    }
}

/// Strips spaces and maps the characters OCR puts in place of `<` back to it.
fn clean(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '«' | '‹' | '≤' | '‘' => '<',
            // Without a whitelist, eng+rus OCR often reads an OCR-B zone as Cyrillic.
            c => latin_twin(c).unwrap_or_else(|| c.to_uppercase().next().unwrap_or(c)),
        })
        .collect()
}

/// True when a cleaned line looks like one MRZ line: long enough, almost only the MRZ
/// alphabet, and some fillers.
fn looks_like_mrz(line: &str) -> bool {
    let n = line.chars().count();
    if !(26..=48).contains(&n) {
        return false;
    }
    let good = line
        .chars()
        .filter(|c| c.is_uppercase() || c.is_ascii_digit() || *c == '<')
        .count();
    let fillers = line.chars().filter(|c| *c == '<').count();
    good * 10 >= n * 9 && fillers >= 2 && line.contains("<<")
}

/// The format a group of MRZ lines has, from their count, length and first character.
fn format_of(lines: &[String]) -> Option<(MrzFormat, &'static str)> {
    let len = lines.iter().map(|l| l.chars().count()).sum::<usize>() / lines.len().max(1);
    let first = lines.first().and_then(|l| l.chars().next()).unwrap_or(' ');
    // No ICAO document code starts with Y: a "Y" (or Cyrillic "У") there is a misread V.
    let visa = matches!(first, 'V' | 'Y');
    match len {
        40..=48 if visa => Some((MrzFormat::MrvA, "mrz_mrva")),
        40..=48 => Some((MrzFormat::Td3, "mrz_td3")),
        33..=39 if visa => Some((MrzFormat::MrvB, "mrz_mrvb")),
        33..=39 => Some((MrzFormat::Td2, "mrz_td2")),
        26..=32 => Some((MrzFormat::Td1, "mrz_td1")),
        _ => None,
    }
}

/// Finds the MRZ of a page, if it has one.
pub fn detect_mrz(page: &PageText) -> Option<MrzSighting> {
    if let Some(m) = &page.mrz {
        let lines: Vec<String> = m
            .lines
            .iter()
            .map(|l| clean(l))
            .filter(|l| !l.is_empty())
            .collect();
        if let Some((format, signal)) = format_of(&lines) {
            return Some(MrzSighting {
                format,
                signal,
                lines: lines.len(),
                length: lines.iter().map(|l| l.len()).sum::<usize>() / lines.len().max(1),
                from_text: false,
            });
        }
    }
    // Page text: take the longest run of consecutive MRZ-looking lines.
    let mut best: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for line in page.text.lines().map(clean) {
        if looks_like_mrz(&line) {
            run.push(line);
        } else if !line.is_empty() {
            if run.len() > best.len() {
                best = std::mem::take(&mut run);
            }
            run.clear();
        }
    }
    if run.len() > best.len() {
        best = run;
    }
    if best.is_empty() {
        return None;
    }
    let (format, signal) = format_of(&best)?;
    Some(MrzSighting {
        format,
        signal,
        lines: best.len(),
        length: best.iter().map(|l| l.len()).sum::<usize>() / best.len(),
        from_text: true,
    })
}
