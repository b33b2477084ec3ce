//! Approximate matching of plain-word phrases (`{ phrase = "..." }` in `kinds.toml`)
//! through the mistakes OCR really makes.
//!
//! Both the phrase and the page are reduced to a canonical form ([`canon_char`]): lower
//! case, the look-alike folding of [`super::fold_char`], then the digit/letter confusions
//! of Tesseract (0→o, 3→з, 6→б, 4→ч, 1/l/I/|/! → i, "rn" → m), and nothing but letters
//! and digits: spaces, line breaks and punctuation are dropped, so merged and split
//! words, a title broken over two lines and stray punctuation cost nothing. A phrase then
//! matches where the page's canonical text, starting at the beginning of a word, is
//! within [`budget`] edits (Levenshtein: a letter changed, dropped or added) of it.
//!
//! Finding the matches is a pigeonhole filter and a check: a phrase allowed `k` edits is
//! cut into `k + 1` pieces, at least one of which survives intact in any match; one
//! Aho-Corasick automaton over the pieces of every phrase of the vocabulary finds the
//! places worth checking in a single pass over the page, and `triple_accel`'s anchored
//! Levenshtein search measures the phrase against the text from each word start there.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use triple_accel::levenshtein::{levenshtein_search_simd_with_opts, LEVENSHTEIN_COSTS};
use triple_accel::SearchType;

/// A phrase needs at least this many letters and digits (canonical bytes): a shorter
/// one would match inside unrelated words. Short words and codes are `re` patterns.
pub const MIN_PHRASE_LEN: usize = 4;

/// The most edits any phrase is allowed, however long.
pub const MAX_EDITS: u32 = 4;

/// The edits a phrase of `len` canonical letters may differ from the text by: none up
/// to 6 letters, then one more for every 8 letters (7–14: 1, 15–22: 2, 23–30: 3),
/// at most [`MAX_EDITS`].
pub fn budget(len: usize) -> u32 {
    (((len + 1) / 8) as u32).min(MAX_EDITS)
}

/// The canonical form of one lower-case, already folded character, or `None` for a
/// character that is not compared (space, punctuation). `|` and `!` are letters (an
/// I, l or і) only next to a letter or digit; the caller decides that.
fn canon_folded(f: char) -> Option<u8> {
    let b = match f {
        '0' => b'o',
        '3' => b'z', // з
        '6' => b'b', // б (folded with в, ь)
        '4' => b'v', // ч
        '1' | 'l' | 'i' | '|' | '!' => b'i',
        c if c.is_ascii_alphanumeric() => c as u8,
        c if c.is_alphanumeric() => b'_', // another script: matches no phrase letter
        _ => return None,
    };
    Some(b)
}

/// The canonical bytes of one character as written (any case), for a phrase or a page.
fn canon_char(c: char, out: &mut Vec<u8>) {
    for l in c.to_lowercase() {
        if let Some(b) = canon_folded(super::fold_char(l)) {
            out.push(b);
        }
    }
}

/// True for `|` and `!`, which OCR writes for I, l and і.
fn stroke(c: char) -> bool {
    c == '|' || c == '!'
}

/// Page text in canonical form, with where each canonical byte came from.
#[derive(Debug, Clone, Default)]
pub struct CanonText {
    /// Canonical bytes (ASCII letters and digits, `_` for other scripts).
    pub bytes: Vec<u8>,
    /// For each byte, the byte range of the original text it came from.
    pub origin: Vec<(usize, usize)>,
    /// For each byte, whether it begins a word of the original text.
    pub word_start: Vec<bool>,
}

impl CanonText {
    /// Reduces `text` to canonical form.
    pub fn new(text: &str) -> CanonText {
        let mut t = CanonText {
            bytes: Vec::with_capacity(text.len()),
            origin: Vec::with_capacity(text.len()),
            word_start: Vec::with_capacity(text.len()),
        };
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let is_letter = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_alphanumeric());
        let mut in_word = false;
        let mut buf = Vec::with_capacity(4);
        for (i, &(at, c)) in chars.iter().enumerate() {
            let end = at + c.len_utf8();
            let letter = c.is_alphanumeric()
                || (stroke(c) && (is_letter(i + 1) || (i > 0 && is_letter(i - 1))));
            if !letter {
                // A hyphen (or soft hyphen) ending a line joins the word across it.
                let hyphen = c == '-' || c == '¬' || c == '\u{ad}';
                let joins = hyphen
                    && text[end..]
                        .chars()
                        .take_while(|n| n.is_whitespace())
                        .any(|n| n == '\n');
                if !joins {
                    in_word = false;
                }
                continue;
            }
            buf.clear();
            canon_char(c, &mut buf);
            for &b in &buf {
                // "rn" is how OCR often reads an "m": both sides use "m".
                if b == b'n'
                    && t.bytes.last() == Some(&b'r')
                    && t.origin.last().is_some_and(|o| o.1 == at)
                {
                    let last = t.bytes.len() - 1;
                    t.bytes[last] = b'm';
                    t.origin[last].1 = end;
                    continue;
                }
                t.bytes.push(b);
                t.origin.push((at, end));
                t.word_start.push(!in_word);
                in_word = true;
            }
        }
        t
    }
}

/// The canonical form of a phrase as written in `kinds.toml`.
pub fn canon_phrase(phrase: &str) -> Vec<u8> {
    CanonText::new(phrase).bytes
}

/// One place a phrase matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Byte range of the original page text that matched.
    pub start: usize,
    pub end: usize,
    /// Edits between the phrase and that text, in canonical form.
    pub distance: u32,
}

/// Every phrase of a vocabulary, ready to be searched for in one pass.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    phrases: Vec<(Vec<u8>, u32)>,
    /// Over the distinct pieces of every phrase.
    pieces: Option<AhoCorasick>,
    /// For each piece of the automaton: (phrase index, the piece's offset in the phrase).
    owners: Vec<Vec<(usize, usize)>>,
}

impl PhraseSet {
    /// Prepares the search for `phrases` (canonical forms, as [`canon_phrase`] gives);
    /// each is allowed [`budget`] edits.
    pub fn new(phrases: Vec<Vec<u8>>) -> PhraseSet {
        let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut pieces: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut out = Vec::with_capacity(phrases.len());
        for (n, p) in phrases.into_iter().enumerate() {
            let k = budget(p.len());
            if !p.is_empty() {
                let parts = k as usize + 1;
                for i in 0..parts {
                    let (a, b) = (i * p.len() / parts, (i + 1) * p.len() / parts);
                    let piece = p[a..b].to_vec();
                    let id = *index.entry(piece.clone()).or_insert_with(|| {
                        pieces.push(piece);
                        owners.push(Vec::new());
                        pieces.len() - 1
                    });
                    owners[id].push((n, a));
                }
            }
            out.push((p, k));
        }
        PhraseSet {
            phrases: out,
            pieces: AhoCorasick::new(&pieces).ok(),
            owners,
        }
    }

    /// The number of phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// True when the set holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Every match of every phrase in `text`: for each phrase (in the order given to
    /// [`PhraseSet::new`]), its matches, closest first, one per word start.
    pub fn find_all(&self, text: &CanonText) -> Vec<Vec<Hit>> {
        let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); self.phrases.len()];
        let Some(ac) = &self.pieces else {
            return hits;
        };
        // Candidate (phrase, start in canonical text) pairs: word starts near an intact piece.
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        let n = text.bytes.len();
        for m in ac.find_overlapping_iter(&text.bytes) {
            for &(phrase, offset) in &self.owners[m.pattern().as_usize()] {
                let k = self.phrases[phrase].1 as usize;
                let Some(centre) = m.start().checked_sub(offset).or((k > 0).then_some(0)) else {
                    continue;
                };
                let lo = centre.saturating_sub(k);
                let hi = (centre + k).min(n.saturating_sub(1));
                candidates.extend(
                    (lo..=hi)
                        .filter(|&s| text.word_start[s])
                        .map(|s| (phrase, s)),
                );
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for (phrase, s) in candidates {
            let (p, k) = &self.phrases[phrase];
            let end = (s + p.len() + *k as usize).min(n);
            let best = levenshtein_search_simd_with_opts(
                p,
                &text.bytes[s..end],
                *k,
                SearchType::Best,
                LEVENSHTEIN_COSTS,
                true,
            )
            .min_by_key(|m| (m.k, std::cmp::Reverse(m.end)));
            if let Some(m) = best.filter(|m| m.end > 0) {
                hits[phrase].push(Hit {
                    start: text.origin[s].0,
                    end: text.origin[s + m.end - 1].1,
                    distance: m.k,
                });
            }
        }
        for h in &mut hits {
            h.sort_by_key(|h| (h.distance, h.start));
        }
        hits
    }
}

#[cfg(test)]
mod tests;
