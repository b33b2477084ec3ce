//! Choosing a zone's reading from its cells' candidates, guided by the check digits.
//!
//! The recogniser gives every cell a score for each of the 37 symbols. The layout of
//! ICAO 9303 says which symbols a position may hold (digits in a date, letters in a
//! country code, `M`/`F`/`X`/`<` for the sex), so each cell is first read as the best
//! symbol its position allows. Where a check digit then fails, the reading is searched
//! for the best-scoring combination of the cells' own runner-ups that the digit
//! accepts: at most [`MAX_CHANGES`] cells change, each only to a candidate the
//! recogniser itself scored at least [`ALT_MIN`] and nearly as high as its top
//! reading (so that with the digit's support it is sure), and only when no other
//! combination comes close (an ambiguous repair is no repair). Where the recogniser
//! is unsure, Tesseract's reading weighs in before this (see `super::second_opinion`). A tampered digit on a clean print
//! has no such runner-ups, so it stays failing, on sure cells: the judge reports it
//! as an error. A failing digit on unsure cells goes to a person instead.

use super::ALPHABET;
use crate::model::{BBox, MrzCell, MrzCheckField};
use crate::parse::mrz::{check_layout, dimensions, field_span, MrzFormat};

/// A recogniser's scores for one cell, in [`ALPHABET`] order (they sum to about 1).
pub type Scores = [f32; 37];

/// The lowest score a runner-up needs to be tried by a check digit. Below it the
/// recogniser did not see that symbol, and a digit that held only through it would
/// vouch for nothing.
pub const ALT_MIN: f32 = 0.15;

/// A cell read at least this surely is sure ([`MrzCell::SURE`]).
pub const SURE: f32 = MrzCell::SURE;

/// The most cells one check-digit repair may change.
pub const MAX_CHANGES: usize = 2;

/// How much better the best repair must score than the next one to be taken.
const UNIQUE_MARGIN: f32 = 2.0;

/// Runner-ups kept per cell.
const KEEP_ALTS: usize = 2;

/// What symbols a position of the layout may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    DigitOrFiller,
    LetterOrFiller,
    Sex,
    DocumentCode,
    Any,
}

impl Class {
    fn allows(self, c: char) -> bool {
        match self {
            Class::Digit => c.is_ascii_digit(),
            Class::DigitOrFiller => c.is_ascii_digit() || c == '<',
            Class::LetterOrFiller => c.is_ascii_uppercase() || c == '<',
            Class::Sex => matches!(c, 'M' | 'F' | 'X' | '<'),
            Class::DocumentCode => matches!(c, 'A' | 'C' | 'I' | 'P' | 'V'),
            Class::Any => true,
        }
    }
}

/// A check digit's outcome on the decoded reading.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOutcome {
    pub field: MrzCheckField,
    pub ok: bool,
    /// True when the check digit's own search changed cells to make it hold.
    pub repaired: bool,
    /// The least certainty over the cells the check covers and its digit.
    pub certainty: f32,
}

/// A zone's reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub format: MrzFormat,
    pub lines: Vec<String>,
    pub cells: Vec<Vec<MrzCell>>,
    pub checks: Vec<CheckOutcome>,
}

impl Decoded {
    /// True when every check digit holds.
    pub fn all_hold(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// The mean certainty of the cells, 0–1.
    pub fn mean_certainty(&self) -> f32 {
        let all: Vec<f32> = self
            .cells
            .iter()
            .flatten()
            .map(MrzCell::certainty)
            .collect();
        if all.is_empty() {
            0.0
        } else {
            all.iter().sum::<f32>() / all.len() as f32
        }
    }
}

/// The format a zone of these line lengths is, telling visas by their document code.
fn format_of(cells: &[Vec<Scores>]) -> Option<MrzFormat> {
    let lens: Vec<usize> = cells.iter().map(Vec::len).collect();
    let visa = || {
        let first = ranked(&cells[0][0], Class::DocumentCode);
        first.first().is_some_and(|&(c, _)| c == 'V')
    };
    match lens.as_slice() {
        [30, 30, 30] => Some(MrzFormat::Td1),
        [44, 44] if visa() => Some(MrzFormat::MrvA),
        [44, 44] => Some(MrzFormat::Td3),
        [36, 36] if visa() => Some(MrzFormat::MrvB),
        [36, 36] => Some(MrzFormat::Td2),
        _ => None,
    }
}

/// Every position's class in a format.
fn classes(format: MrzFormat) -> Vec<Vec<Class>> {
    let (n, w) = dimensions(format);
    let mut out = vec![vec![Class::Any; w]; n];
    let mut set = |field: &str, class: Class| {
        if let Some((l, a, b)) = field_span(format, field) {
            for c in &mut out[l][a..b] {
                *c = class;
            }
        }
    };
    set("issuing_state", Class::LetterOrFiller);
    set("names", Class::LetterOrFiller);
    set("nationality", Class::LetterOrFiller);
    // ICAO 9303 lets an unknown day or month of birth be printed as fillers.
    set("date_of_birth", Class::DigitOrFiller);
    set("date_of_expiry", Class::Digit);
    set("sex", Class::Sex);
    // The document code opens with A, C, I, P or V (ICAO 9303 Parts 4 to 7); its second
    // character is the issuer's choice, a digit included (the US `C1` card).
    out[0][0] = Class::DocumentCode;
    out[0][1] = Class::Any;
    for check in check_layout(format) {
        let (l, c) = check.digit;
        // A number's digit is `<` when the number overflows into the optional data;
        // the optional data's own digit is `<` when it is empty.
        out[l][c] = match check.field {
            MrzCheckField::DocumentNumber | MrzCheckField::PersonalNumber => Class::DigitOrFiller,
            _ => Class::Digit,
        };
    }
    out
}

/// OCR-B's letter and digit pairs that differ by a stroke or a curve only. Where the
/// layout allows one of a pair and not the other, the cell's score for the other is
/// a score for it: a position of digits holds no `O`, so an `O`-shaped glyph there is
/// the `0` printed.
const TWINS: [(char, char); 6] = [
    ('0', 'O'),
    ('1', 'I'),
    ('2', 'Z'),
    ('5', 'S'),
    ('6', 'G'),
    ('8', 'B'),
];

fn twin(c: char) -> Option<char> {
    TWINS.iter().find_map(|&(d, l)| {
        if c == d {
            Some(l)
        } else if c == l {
            Some(d)
        } else {
            None
        }
    })
}

/// The symbols a class allows, best first, with scores among them (a twin the class
/// does not allow adds its score to its allowed twin's). A cell whose mass on the
/// allowed symbols is below one half keeps its scores as they are: the recogniser
/// saw none of them, and renormalising would make it sure of one.
fn ranked(scores: &Scores, class: Class) -> Vec<(char, f32)> {
    let score = |c: char| -> f32 {
        let own = scores[ALPHABET.iter().position(|&a| a == c).unwrap_or(36)];
        let borrowed = twin(c)
            .filter(|&t| !class.allows(t))
            .and_then(|t| ALPHABET.iter().position(|&a| a == t))
            .map_or(0.0, |k| scores[k]);
        own + borrowed
    };
    let mut out: Vec<(char, f32)> = ALPHABET
        .iter()
        .filter(|&&c| class.allows(c))
        .map(|&c| (c, score(c)))
        .collect();
    let mass: f32 = out.iter().map(|(_, s)| s).sum();
    let norm = mass.max(0.5);
    for (_, s) in &mut out {
        *s /= norm;
    }
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// A cell's candidates: the chosen symbol first, then the runner-ups a check digit
/// may try.
struct Cell {
    ranked: Vec<(char, f32)>,
}

impl Cell {
    fn top(&self) -> (char, f32) {
        self.ranked[0]
    }
    fn alternatives(&self) -> impl Iterator<Item = (char, f32)> + '_ {
        self.ranked
            .iter()
            .skip(1)
            .take(KEEP_ALTS)
            .copied()
            .filter(|&(_, s)| s >= ALT_MIN)
    }
}

/// Reads a zone from its cells' scores: `None` when the line lengths are no ICAO
/// layout.
pub fn decode(scores: &[Vec<Scores>]) -> Option<Decoded> {
    let format = format_of(scores)?;
    let classes = classes(format);
    let cells: Vec<Vec<Cell>> = scores
        .iter()
        .zip(&classes)
        .map(|(line, cls)| {
            line.iter()
                .zip(cls)
                .map(|(s, &c)| Cell {
                    ranked: ranked(s, c),
                })
                .collect()
        })
        .collect();
    let mut reading: Vec<Vec<char>> = cells
        .iter()
        .map(|l| l.iter().map(|c| c.top().0).collect())
        .collect();
    let layout = check_layout(format);
    let mut repaired = vec![false; layout.len()];
    // Each field's own digit first, then the composite over them.
    let (own, composite): (Vec<usize>, Vec<usize>) =
        (0..layout.len()).partition(|&i| layout[i].field != "composite");
    for i in own.into_iter().chain(composite) {
        if layout[i].holds(&reading) || overflowed(&reading, &layout[i]) {
            continue;
        }
        let held: Vec<usize> = (0..layout.len())
            .filter(|&j| j != i && layout[j].holds(&reading))
            .collect();
        let positions: Vec<(usize, usize)> = layout[i].positions().collect();
        let ok = |r: &[Vec<char>]| layout[i].holds(r) && held.iter().all(|&j| layout[j].holds(r));
        if let Some(changes) = search(&cells, &reading, &positions, &ok) {
            for (l, c, ch) in changes {
                reading[l][c] = ch;
            }
            repaired[i] = true;
        }
    }
    let choices: Vec<Vec<MrzCell>> = cells
        .iter()
        .zip(&reading)
        .map(|(line, read)| {
            line.iter()
                .zip(read)
                .map(|(cell, &ch)| choice(cell, ch))
                .collect()
        })
        .collect();
    let checks = layout
        .iter()
        .zip(&repaired)
        .map(|(check, &repaired)| CheckOutcome {
            field: check.field,
            ok: check.holds(&reading) || overflowed(&reading, check),
            repaired,
            certainty: check
                .positions()
                .map(|(l, c)| choices[l][c].certainty())
                .fold(1.0, f32::min),
        })
        .collect();
    Some(Decoded {
        format,
        lines: reading.iter().map(|l| l.iter().collect()).collect(),
        cells: choices,
        checks,
    })
}

/// The mean score (0–1) that cells scored `scores` give the symbols of `lines`, each
/// among the symbols its position allows and without any check digit's support: how
/// well the glyphs bear out a reading, whoever made it, on the recogniser's own scale
/// (a second reader's confidence is on another). `None` when the lines do not have
/// the cells' shape.
pub fn support_of(scores: &[Vec<Scores>], lines: &[String]) -> Option<f32> {
    let format = format_of(scores)?;
    let classes = classes(format);
    let same_shape = scores.len() == lines.len()
        && scores
            .iter()
            .zip(lines)
            .all(|(s, l)| s.len() == l.chars().count());
    if !same_shape {
        return None;
    }
    let (mut sum, mut n) = (0.0f32, 0usize);
    for ((line, cls), text) in scores.iter().zip(&classes).zip(lines) {
        for ((s, &class), ch) in line.iter().zip(cls).zip(text.chars()) {
            sum += ranked(s, class)
                .iter()
                .find(|(c, _)| *c == ch)
                .map_or(0.0, |r| r.1);
            n += 1;
        }
    }
    Some(if n == 0 { 0.0 } else { sum / n as f32 })
}

/// The cell as chosen: its score, and the best other symbol with its score (the box
/// is the caller's to fill).
fn choice(cell: &Cell, ch: char) -> MrzCell {
    let score = cell
        .ranked
        .iter()
        .find(|(c, _)| *c == ch)
        .map_or(0.0, |r| r.1);
    let (alt, alt_score) = cell
        .ranked
        .iter()
        .find(|(c, _)| *c != ch)
        .copied()
        .unwrap_or(('<', 0.0));
    MrzCell {
        ch,
        score,
        alt,
        alt_score,
        by_check: ch != cell.top().0,
        bbox: BBox::default(),
    }
}

/// A document number longer than nine characters prints `<` for its digit and goes on
/// in the optional data (ICAO 9303 Parts 5 and 6): the plain layout cannot check it,
/// and the parser follows the overflow.
fn overflowed(reading: &[Vec<char>], check: &crate::parse::mrz::CheckLayout) -> bool {
    check.field == "document_number" && reading[check.digit.0][check.digit.1] == '<'
}

/// Cells a repair changes: (line, column, new symbol).
type Changes = Vec<(usize, usize, char)>;

/// How sure a runner-up scored `alt` is once a check digit holds through it, against
/// the top reading scored `top`: a wrong reading satisfies a digit one time in ten.
fn supported(alt: f32, top: f32) -> f32 {
    MrzCell {
        ch: '<',
        score: alt,
        alt: '<',
        alt_score: top,
        by_check: true,
        bbox: BBox::default(),
    }
    .certainty()
}

/// The best-scoring set of at most [`MAX_CHANGES`] runner-ups among `positions` that
/// makes `ok` hold, when no other set comes within [`UNIQUE_MARGIN`] of it.
fn search(
    cells: &[Vec<Cell>],
    reading: &[Vec<char>],
    positions: &[(usize, usize)],
    ok: &dyn Fn(&[Vec<char>]) -> bool,
) -> Option<Changes> {
    // Each option: (line, column, symbol, cost = how much less likely than the top).
    // Only runner-ups that the digit's support would make sure are tried: a digit
    // that held only through a weaker one would vouch for nothing, and on a tampered
    // zone it would turn a wrong digit into a valid-looking reading.
    let options: Vec<(usize, usize, char, f32)> = positions
        .iter()
        .flat_map(|&(l, c)| {
            let cell = &cells[l][c];
            let top = cell.top().1.max(1e-6);
            cell.alternatives()
                .filter(move |&(_, s)| supported(s, top) >= SURE)
                .map(move |(ch, s)| (l, c, ch, (top / s.max(1e-6)).ln()))
        })
        .collect();
    let mut found: Vec<(f32, Changes)> = Vec::new();
    let mut trial: Vec<Vec<char>> = reading.to_vec();
    for (i, a) in options.iter().enumerate() {
        trial[a.0][a.1] = a.2;
        if ok(&trial) {
            found.push((a.3, vec![(a.0, a.1, a.2)]));
        }
        if MAX_CHANGES >= 2 {
            for b in &options[i + 1..] {
                if (b.0, b.1) == (a.0, a.1) {
                    continue;
                }
                trial[b.0][b.1] = b.2;
                if ok(&trial) {
                    found.push((a.3 + b.3, vec![(a.0, a.1, a.2), (b.0, b.1, b.2)]));
                }
                trial[b.0][b.1] = reading[b.0][b.1];
            }
        }
        trial[a.0][a.1] = reading[a.0][a.1];
    }
    found.sort_by(|x, y| x.0.total_cmp(&y.0));
    match found.as_slice() {
        [] => None,
        [only] => Some(only.1.clone()),
        [best, next, ..] if next.0 - best.0 >= UNIQUE_MARGIN.ln() => Some(best.1.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TD3: [&str; 2] = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];
    const TD1: [&str; 3] = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ];
    const TD2: [&str; 2] = [
        "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "D231458907UTO7408122F1204159<<<<<<<6",
    ];
    const MRVA: [&str; 2] = [
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    ];
    const MRVB: [&str; 2] = [
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "L8988901C4XXX4009078F9612109<<<<<<<<",
    ];

    /// A clean recogniser's scores: the printed symbol at `p`, the rest spread.
    fn sure(c: char, p: f32) -> Scores {
        let mut s = [(1.0 - p) / 36.0; 37];
        s[ALPHABET.iter().position(|&a| a == c).unwrap()] = p;
        s
    }

    /// Scores split between two symbols.
    fn split(a: char, pa: f32, b: char, pb: f32) -> Scores {
        let rest = (1.0 - pa - pb) / 35.0;
        let mut s = [rest; 37];
        s[ALPHABET.iter().position(|&x| x == a).unwrap()] = pa;
        s[ALPHABET.iter().position(|&x| x == b).unwrap()] = pb;
        s
    }

    fn clean(lines: &[&str]) -> Vec<Vec<Scores>> {
        lines
            .iter()
            .map(|l| l.chars().map(|c| sure(c, 0.98)).collect())
            .collect()
    }

    fn text(d: &Decoded) -> Vec<String> {
        d.lines.clone()
    }

    #[test]
    fn clean_zones_of_every_format_read_as_printed() {
        for (zone, format) in [
            (&TD3[..], MrzFormat::Td3),
            (&TD1[..], MrzFormat::Td1),
            (&TD2[..], MrzFormat::Td2),
            (&MRVA[..], MrzFormat::MrvA),
            (&MRVB[..], MrzFormat::MrvB),
        ] {
            let d = decode(&clean(zone)).expect("decodes");
            assert_eq!(d.format, format);
            assert_eq!(text(&d), zone);
            assert!(d.all_hold(), "{format:?}: {:?}", d.checks);
            assert!(d.checks.iter().all(|c| c.certainty >= SURE && !c.repaired));
        }
    }

    #[test]
    fn a_letter_read_in_a_digit_position_is_the_digit_of_that_position() {
        let mut s = clean(&TD3);
        // 740812: the 0 read as O, more surely than as 0.
        s[1][15] = split('O', 0.7, '0', 0.28);
        let d = decode(&s).unwrap();
        assert_eq!(text(&d), TD3);
        assert!(d.cells[1][15].score > SURE);
    }

    #[test]
    fn a_failing_digit_is_repaired_from_a_runner_up_the_recogniser_saw() {
        let mut s = clean(&TD3);
        // The number's first 9 read as 8, with 9 a close second.
        s[1][2] = split('8', 0.5, '9', 0.47);
        let d = decode(&s).unwrap();
        assert_eq!(text(&d), TD3);
        let number = &d.checks[0];
        assert!(number.ok && number.repaired);
        assert!(d.cells[1][2].by_check);
        // The digit's support (odds of ten to one) outweighs the recogniser's lean.
        assert!(d.cells[1][2].certainty() >= SURE);
        // A runner-up the recogniser saw far less (0.2 against 0.75) is no repair,
        // though the digit would hold through it: the check stays failing, unsure.
        s[1][2] = split('8', 0.75, '9', 0.2);
        let d = decode(&s).unwrap();
        assert!(!d.checks[0].ok && d.checks[0].certainty < SURE);
    }

    #[test]
    fn a_tampered_digit_of_every_check_of_every_format_is_never_repaired() {
        for zone in [&TD3[..], &TD1[..], &TD2[..], &MRVA[..], &MRVB[..]] {
            let format = format_of(&clean(zone)).unwrap();
            for (k, check) in check_layout(format).iter().enumerate() {
                let (l, c) = check.digit;
                let printed = zone[l].as_bytes()[c] as char;
                if !printed.is_ascii_digit() {
                    continue;
                }
                let wrong = char::from(b'0' + (printed as u8 - b'0' + 3) % 10);
                let mut lines: Vec<String> = zone.iter().map(|s| s.to_string()).collect();
                lines[l].replace_range(c..c + 1, &wrong.to_string());
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                // Clean print, and a noisy one where every cell has a runner-up it
                // barely saw.
                for noisy in [false, true] {
                    let mut s = clean(&refs);
                    if noisy {
                        for line in &mut s {
                            for cell in line.iter_mut() {
                                let top = ALPHABET[cell
                                    .iter()
                                    .enumerate()
                                    .max_by(|a, b| a.1.total_cmp(b.1))
                                    .unwrap()
                                    .0];
                                let other = if top == '7' { '1' } else { '7' };
                                *cell = split(top, 0.88, other, 0.1);
                            }
                        }
                    }
                    let d = decode(&s).unwrap();
                    assert_eq!(d.lines, lines, "{format:?} {}: repaired away", check.field);
                    assert!(!d.checks[k].ok, "{format:?} {}", check.field);
                    if !noisy {
                        assert!(d.checks[k].certainty >= SURE);
                    }
                }
            }
        }
    }

    #[test]
    fn a_failing_digit_on_an_unsure_cell_is_not_sure() {
        let mut s = clean(&TD3);
        // The birth date's check digit smudged: 2 and 7 alike, neither a repair.
        s[1][19] = split('7', 0.5, '1', 0.45);
        let d = decode(&s).unwrap();
        let birth = &d.checks[1];
        assert!(!birth.ok);
        assert!(birth.certainty < SURE);
    }

    #[test]
    fn an_ambiguous_repair_is_no_repair() {
        let mut s = clean(&TD3);
        // The number L898902C3: its third character (weight 1) read 6 for 9, and its
        // sixth (weight 1 too) unsure between 0 and 3. Either change (9 at [2], or 3
        // at [5]) satisfies the digit and the composite alike, at the same cost: the
        // digits cannot tell which, so the reading stays as read.
        s[1][2] = split('6', 0.5, '9', 0.47);
        s[1][5] = split('0', 0.5, '3', 0.47);
        let d = decode(&s).unwrap();
        assert_eq!(&d.lines[1][..9], "L868902C3");
        assert!(!d.checks[0].ok && !d.checks[0].repaired);
        // With only one of them unsure, the repair is unique and taken.
        s[1][5] = sure('0', 0.98);
        let d = decode(&s).unwrap();
        assert_eq!(text(&d), TD3);
    }

    #[test]
    fn a_visa_is_told_by_its_code() {
        let d = decode(&clean(&MRVB)).unwrap();
        assert_eq!(d.format, MrzFormat::MrvB);
        assert!(d.checks.iter().all(|c| c.field != "composite"));
    }

    #[test]
    fn other_line_lengths_are_no_zone() {
        let mut s = clean(&TD3);
        s[1].pop();
        assert!(decode(&s).is_none());
    }

    #[test]
    fn a_cell_that_is_none_of_the_allowed_symbols_stays_unsure() {
        let mut s = clean(&TD3);
        // A filler where a date digit should be: the recogniser saw no digit.
        s[1][21] = sure('<', 0.95);
        let d = decode(&s).unwrap();
        assert!(d.cells[1][21].score < 0.5);
    }
}
