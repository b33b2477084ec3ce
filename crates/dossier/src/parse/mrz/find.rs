//! Finding a machine-readable zone in OCR text and fitting OCR'd lines to the
//! widths of ICAO 9303 (Tesseract drops, adds and mangles fillers).

use chrono::NaiveDate;

use super::{dimensions, parse_at, rank, Mrz};

/// Maps Cyrillic letters that look like Latin ones (OCR with rus/kaz models
/// active) and filler look-alikes to the MRZ alphabet.
pub(super) fn mrz_char(c: char) -> char {
    match c {
        '«' | '‹' | '≤' | '(' | '{' | '[' => '<',
        'А' | 'а' => 'A',
        'В' | 'в' => 'B',
        'С' | 'с' => 'C',
        'Е' | 'е' => 'E',
        'Н' | 'н' => 'H',
        'І' | 'і' => 'I',
        'К' | 'к' => 'K',
        'М' | 'м' => 'M',
        'О' | 'о' => 'O',
        'Р' | 'р' => 'P',
        'Т' | 'т' => 'T',
        'Х' | 'х' => 'X',
        'У' | 'у' => 'Y',
        c => c.to_ascii_uppercase(),
    }
}

/// Normalises one OCR'd line to exactly `target` MRZ characters, if it plausibly
/// is one: upper-cases, maps `«` and Cyrillic look-alikes, then tries the line
/// with spaces dropped and with spaces read as fillers; a line short by up to
/// three characters that ends in fillers is padded, a line long by up to three
/// fillers is trimmed.
pub fn normalize_line(line: &str, target: usize) -> Option<String> {
    normalize(line, target, 0)
}

/// Like [`normalize_line`], also padding up to `max_pad` missing trailing characters
/// (OCR drops long filler runs; any line the MRZ pass returned may be padded
/// generously, lines found in free text only a little).
fn normalize(line: &str, target: usize, max_pad: usize) -> Option<String> {
    let mapped: Vec<char> = line.trim().chars().map(mrz_char).collect();
    let junk = mapped
        .iter()
        .filter(|c| {
            !(c.is_ascii_uppercase() || c.is_ascii_digit() || **c == '<' || c.is_whitespace())
        })
        .count();
    if junk > 2 {
        return None;
    }
    let keep = |c: &char| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '<';
    let dropped: String = mapped.iter().filter(|c| keep(c)).collect();
    let as_filler: String = mapped
        .iter()
        .map(|&c| if c.is_whitespace() { '<' } else { c })
        .filter(keep)
        .collect();
    let variants = [dropped, as_filler];
    // Exact length first (either reading of the spaces), then trimmed, then padded.
    if let Some(v) = variants.iter().find(|v| v.len() == target) {
        return Some(v.clone());
    }
    for v in &variants {
        let n = v.len();
        if n > target && n <= target + 3 && v[target..].bytes().all(|b| b == b'<') {
            return Some(v[..target].to_string());
        }
    }
    for v in &variants {
        let n = v.len();
        let short = target.saturating_sub(n);
        if n < target && ((short <= 3 && v.ends_with('<')) || short <= max_pad) {
            return Some(format!("{v}{}", "<".repeat(short)));
        }
    }
    None
}

/// Readings of one OCR'd line fitted to `target` characters. Tesseract drops or
/// adds characters inside long filler runs (`<<<<<<<` read as `<<<<` or as
/// `KKKKKKKKK`), so besides padding or trimming the end, each run of two or more
/// fillers (or `K`s) is tried as the place where characters went missing or
/// were added; the caller keeps the reading whose check digits hold. Exact
/// readings come first, then end padding, then runs from right to left.
pub fn fit_candidates(line: &str, target: usize) -> Vec<String> {
    let mapped: Vec<char> = line.trim().chars().map(mrz_char).collect();
    let junk = mapped
        .iter()
        .filter(|c| {
            !(c.is_ascii_uppercase() || c.is_ascii_digit() || **c == '<' || c.is_whitespace())
        })
        .count();
    if junk > 2 {
        return Vec::new();
    }
    let keep = |c: &char| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '<';
    let dropped: String = mapped.iter().filter(|c| keep(c)).collect();
    let as_filler: String = mapped
        .iter()
        .map(|&c| if c.is_whitespace() { '<' } else { c })
        .filter(keep)
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: String| {
        if v.len() == target && !out.contains(&v) {
            out.push(v);
        }
    };
    for v in [&dropped, &as_filler] {
        push(v.clone());
    }
    for v in [&dropped, &as_filler] {
        let n = v.len();
        if n == target || n.abs_diff(target) > target / 2 {
            continue;
        }
        let b = v.as_bytes();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < n {
            if matches!(b[i], b'<' | b'K') {
                let j = (i..n).find(|&j| !matches!(b[j], b'<' | b'K')).unwrap_or(n);
                if j - i >= 2 {
                    runs.push((i, j));
                }
                i = j;
            } else {
                i += 1;
            }
        }
        if n < target {
            let d = target - n;
            push(format!("{v}{}", "<".repeat(d)));
            for &(_, e) in runs.iter().rev() {
                push(format!("{}{}{}", &v[..e], "<".repeat(d), &v[e..]));
            }
        } else {
            let d = n - target;
            if v[target..].bytes().all(|c| matches!(c, b'<' | b'K')) {
                push(v[..target].to_string());
            }
            for &(s, e) in runs.iter().rev() {
                if e - s > d {
                    push(format!("{}{}", &v[..e - d], &v[e..]));
                }
            }
        }
    }
    out.truncate(4);
    out
}

/// Layouts tried by [`find_zones`]: (lines, width).
const LAYOUTS: [(usize, usize); 3] = [(2, 44), (2, 36), (3, 30)];

/// Candidate zones in free OCR text: runs of consecutive lines that normalise to
/// one layout, whose first character is a document code letter and that look
/// like MRZ lines (a filler, or no spaces at all).
pub fn find_zones(text: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let looks_mrz =
        |l: &str| l.chars().any(|c| matches!(c, '<' | '«')) || !l.chars().any(char::is_whitespace);
    let mut out = Vec::new();
    for &(count, width) in &LAYOUTS {
        for i in 0..lines.len() {
            let Some(group) = lines.get(i..i + count) else {
                break;
            };
            if !group.iter().all(|l| looks_mrz(l)) {
                continue;
            }
            let norm: Option<Vec<String>> = group
                .iter()
                .map(|l| fit_candidates(l, width).into_iter().next())
                .collect();
            let Some(norm) = norm else { continue };
            let first = norm[0].chars().next().map(mrz_char).unwrap_or(' ');
            let codes = if count == 3 { "IAC" } else { "PIACV" };
            let fillers: usize = norm.iter().map(|l| l.matches('<').count()).sum();
            if codes.contains(first) && fillers >= 2 {
                out.push(group.iter().map(|s| s.to_string()).collect());
            }
        }
    }
    out
}

/// Finds and parses the best zone in free OCR text: the one with the most
/// holding check digits (ties: the later one, as MRZs sit at the bottom).
pub fn find_and_parse(text: &str, as_of: NaiveDate) -> Option<Mrz> {
    let mut best: Option<((bool, usize, usize), Mrz)> = None;
    for z in find_zones(text) {
        let Ok(m) = parse_at(&z, as_of) else { continue };
        let (_, width) = dimensions(m.format);
        let deviation: usize = z
            .iter()
            .map(|l| l.trim().chars().count().abs_diff(width))
            .sum();
        let rank = rank(&m, deviation);
        if best.as_ref().is_none_or(|(r, _)| rank >= *r) {
            best = Some((rank, m));
        }
    }
    best.map(|(_, m)| m)
}
