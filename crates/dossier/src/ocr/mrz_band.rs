//! Finding the machine-readable zone on an upright page and reading it exactly.
//!
//! Locating is pure image analysis and cheap: rows of ink form lines; an MRZ line is
//! long and made of 30–44 glyphs at a strictly even pitch (OCR-B is monospaced and the
//! zone has no spaces, unlike printed text with its word gaps), and an MRZ is two or
//! three such lines of equal height. The whole page is searched, and the lowest zone
//! wins: a passport photocopied on the top half of an A4 sheet has its MRZ mid-page.
//!
//! Reading uses Tesseract with the MRZ alphabet, which reads letters and digits well
//! but garbles runs of the `<` filler (it reads chevrons as K, X or C and inserts extra
//! ones). The glyph cells found while locating tell which cells hold a chevron — its
//! shape is unlike any letter or digit — so the Tesseract text of each line is aligned
//! to the cells (a small edit-distance alignment) and each chevron cell becomes `<`.
//! When the cells cannot be counted (touching or broken glyphs), the Tesseract text
//! is kept as read.

use super::preprocess::otsu_level;
use image::GrayImage;

use crate::model::{BBox, MrzLines, Word};

/// Glyph counts of MRZ lines: TD1, TD2/MRV-B, TD3/MRV-A.
const LINE_LENGTHS: [usize; 3] = [30, 36, 44];

/// A run of glyphs found on one text line of the binarised search region.
#[derive(Debug, Clone)]
pub struct GlyphLine {
    /// Rows of the line, in page coordinates, end exclusive.
    pub y0: u32,
    pub y1: u32,
    /// Glyph cells: column spans (page coordinates, end exclusive) and whether the
    /// glyph is shaped like the `<` filler.
    pub cells: Vec<Cell>,
}

/// One glyph of an MRZ line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub x0: u32,
    pub x1: u32,
    /// Height of the glyph's ink in pixels.
    pub ink_h: u32,
    pub chevron: bool,
}

/// A located MRZ: its lines and the band (page coordinates) to read.
#[derive(Debug, Clone)]
pub struct Band {
    pub lines: Vec<GlyphLine>,
    pub bbox: BBox,
}

/// Binarised view of a page region: `true` is ink.
struct Bits {
    w: u32,
    x0: u32,
    y0: u32,
    ink: Vec<bool>,
}

impl Bits {
    fn at(&self, x: u32, y: u32) -> bool {
        self.ink[((y - self.y0) * self.w + (x - self.x0)) as usize]
    }
}

/// Looks for an MRZ on an upright page (the lowest one when several match).
pub fn locate(img: &GrayImage) -> Option<Band> {
    let (w, h) = img.dimensions();
    if w < 100 || h < 40 {
        return None;
    }
    let level = otsu_level(img).min(199);
    let bits = Bits {
        w,
        x0: 0,
        y0: 0,
        ink: img.as_raw().iter().map(|&v| v <= level).collect(),
    };
    let lines: Vec<GlyphLine> = row_runs(&bits, h)
        .into_iter()
        .filter_map(|(y0, y1)| glyph_line(&bits, y0, y1))
        .collect();
    // The lowest group of 2–3 neighbouring MRZ-like lines of similar height.
    let mut best: Option<Vec<GlyphLine>> = None;
    let mut group: Vec<GlyphLine> = Vec::new();
    for line in lines {
        let fits = group.last().is_some_and(|prev| {
            let (hp, hl) = ((prev.y1 - prev.y0) as f32, (line.y1 - line.y0) as f32);
            (hl / hp - 1.0).abs() < 0.35 && (line.y0 - prev.y1) as f32 <= 2.5 * hp
        });
        if !fits {
            if group.len() >= 2 {
                best = Some(std::mem::take(&mut group));
            }
            group.clear();
        }
        group.push(line);
    }
    if group.len() >= 2 {
        best = Some(group);
    }
    let mut lines = best?;
    if lines.len() > 3 {
        lines.drain(..lines.len() - 3);
    }
    let line_h = lines.iter().map(|l| l.y1 - l.y0).max().unwrap_or(1);
    let x0 = lines
        .iter()
        .filter_map(|l| l.cells.first().map(|c| c.x0))
        .min()?;
    let x1 = lines
        .iter()
        .filter_map(|l| l.cells.last().map(|c| c.x1))
        .max()?;
    let pad = line_h;
    let bx0 = x0.saturating_sub(pad);
    let by0 = lines.first()?.y0.saturating_sub(pad);
    let bx1 = (x1 + pad).min(w);
    let by1 = (lines.last()?.y1 + pad).min(h);
    Some(Band {
        bbox: BBox {
            x: bx0,
            y: by0,
            w: bx1 - bx0,
            h: by1 - by0,
        },
        lines,
    })
}

/// Runs of rows holding ink, in page coordinates.
fn row_runs(bits: &Bits, h: u32) -> Vec<(u32, u32)> {
    let min_ink = (bits.w / 100).max(3) as usize;
    let mut runs = Vec::new();
    let mut start = None;
    for y in bits.y0..h {
        let i = ((y - bits.y0) * bits.w) as usize;
        let dark = bits.ink[i..i + bits.w as usize]
            .iter()
            .filter(|&&b| b)
            .count();
        match (dark >= min_ink, start) {
            (true, None) => start = Some(y),
            (false, Some(s)) => {
                runs.push((s, y));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, h));
    }
    runs.retain(|&(a, b)| b - a >= 8);
    runs
}

/// The glyphs of rows `y0..y1` if they look like an MRZ line: 26–50 glyphs at an even
/// pitch, spanning a good part of the width.
fn glyph_line(bits: &Bits, y0: u32, y1: u32) -> Option<GlyphLine> {
    let mut spans = Vec::new();
    let mut start = None;
    for x in 0..bits.w {
        let any = (y0..y1).any(|y| bits.at(x, y));
        match (any, start) {
            (true, None) => start = Some(x),
            (false, Some(s)) => {
                spans.push((s, x));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, bits.w));
    }
    if !(26..=50).contains(&spans.len()) {
        return None;
    }
    let first = spans.first()?.0;
    let last = spans.last()?.1;
    if ((last - first) as f32) < 0.35 * bits.w as f32 {
        return None;
    }
    let centers: Vec<f32> = spans.iter().map(|&(a, b)| (a + b) as f32 / 2.0).collect();
    let mut steps: Vec<f32> = centers.windows(2).map(|p| p[1] - p[0]).collect();
    steps.sort_by(f32::total_cmp);
    let median = steps[steps.len() / 2];
    // Monospaced with no spaces: nearly every step is one pitch. Printed text fails
    // here on its word gaps and its narrow and wide letters.
    let regular = steps
        .iter()
        .filter(|&&s| s > 0.75 * median && s < 1.25 * median)
        .count();
    if (regular as f32) < 0.9 * steps.len() as f32 {
        return None;
    }
    let cells = spans
        .iter()
        .map(|&(x0, x1)| Cell {
            x0,
            x1,
            ink_h: ink_height(bits, x0, x1, y0, y1),
            chevron: is_chevron(bits, x0, x1, y0, y1),
        })
        .collect();
    Some(GlyphLine { y0, y1, cells })
}

/// Rows from the glyph's top ink to its bottom ink.
fn ink_height(bits: &Bits, x0: u32, x1: u32, y0: u32, y1: u32) -> u32 {
    let has_ink = |y: u32| (x0..x1).any(|x| bits.at(x, y));
    match (
        (y0..y1).find(|&y| has_ink(y)),
        (y0..y1).rev().find(|&y| has_ink(y)),
    ) {
        (Some(t), Some(b)) => b + 1 - t,
        _ => 0,
    }
}

/// Settles `O` against `0` by height: in OCR-B the two have the same shape, but
/// digits stand about 7% taller than capitals. A cell read as either is compared with
/// the median heights of the line's other digits and letters (or of both lines' when
/// one line lacks either); too close to call keeps Tesseract's reading.
fn settle_o_zero(lines: &mut [Vec<char>], cells: &[&[Cell]]) {
    let median = |mut v: Vec<u32>| -> Option<f32> {
        v.sort_unstable();
        (!v.is_empty()).then(|| v[v.len() / 2] as f32)
    };
    let heights = |pred: &dyn Fn(char) -> bool| -> Vec<u32> {
        lines
            .iter()
            .zip(cells)
            .flat_map(|(l, cs)| {
                l.iter()
                    .zip(cs.iter())
                    .filter(|(c, cell)| pred(**c) && !cell.chevron)
                    .map(|(_, cell)| cell.ink_h)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    // Round glyphs overshoot the flat ones, so O is compared with round letters and
    // round digits where the line has them, with all letters and digits otherwise.
    let pick = |round: &str, class: fn(&char) -> bool| {
        median(heights(&|c| round.contains(c))).or_else(|| median(heights(&|c| class(&c))))
    };
    let digit_h = pick("3689", |c| c.is_ascii_digit() && *c != '0');
    let letter_h = pick("CGSU", |c| {
        c.is_ascii_uppercase() && !matches!(c, 'O' | 'Q')
    });
    let (Some(dh), Some(lh)) = (digit_h, letter_h) else {
        return;
    };
    if dh - lh < 1.0 {
        return;
    }
    for (l, cs) in lines.iter_mut().zip(cells) {
        for (c, cell) in l.iter_mut().zip(cs.iter()) {
            if *c == 'O' || *c == '0' {
                let h = cell.ink_h as f32;
                if (h - dh).abs() * 1.5 < (h - lh).abs() {
                    *c = '0';
                } else if (h - lh).abs() * 1.5 < (h - dh).abs() {
                    *c = 'O';
                }
            }
        }
    }
}

/// Whether the glyph in columns `x0..x1` of rows `y0..y1` is shaped like `<`: its
/// left tip is a single point at mid-height, its right end two arms at the top and
/// bottom with nothing between them.
fn is_chevron(bits: &Bits, x0: u32, x1: u32, y0: u32, y1: u32) -> bool {
    let rows: Vec<u32> = (y0..y1)
        .filter(|&y| (x0..x1).any(|x| bits.at(x, y)))
        .collect();
    let (Some(&top), Some(&bottom)) = (rows.first(), rows.last()) else {
        return false;
    };
    let gw = x1 - x0;
    let gh = bottom + 1 - top;
    if gw < 3 || gh < 5 {
        return false;
    }
    let edge = (gw / 5).max(1);
    let ink_rows = |xa: u32, xb: u32| -> Vec<f32> {
        (top..=bottom)
            .filter(|&y| (xa..xb).any(|x| bits.at(x, y)))
            .map(|y| (y - top) as f32 / (gh - 1).max(1) as f32)
            .collect()
    };
    let left = ink_rows(x0, x0 + edge);
    let right = ink_rows(x1 - edge, x1);
    let left_mid = !left.is_empty() && left.iter().all(|&r| (0.25..=0.75).contains(&r));
    let right_arms = right.iter().any(|&r| r < 0.25)
        && right.iter().any(|&r| r > 0.75)
        && !right.iter().any(|&r| (0.35..=0.65).contains(&r));
    left_mid && right_arms
}

/// Turns the words of the MRZ pass over `band` (boxes relative to the band crop) into
/// MRZ lines, one per located line, correcting chevrons from the glyph cells.
pub fn assemble(band: &Band, words: &[Word]) -> Option<MrzLines> {
    if words.is_empty() {
        return None;
    }
    let mut lines: Vec<Vec<char>> = Vec::new();
    let mut aligned: Vec<&[Cell]> = Vec::new();
    let mut confs = Vec::new();
    for gl in &band.lines {
        // Words whose vertical centre lies within this line (band → page coordinates).
        let mut ws: Vec<&Word> = words
            .iter()
            .filter(|w| {
                let cy = band.bbox.y + w.bbox.y + w.bbox.h / 2;
                cy >= gl.y0.saturating_sub((gl.y1 - gl.y0) / 2) && cy < gl.y1 + (gl.y1 - gl.y0) / 2
            })
            .collect();
        ws.sort_by_key(|w| w.bbox.x);
        let read: String = ws
            .iter()
            .flat_map(|w| w.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        confs.extend(ws.iter().map(|w| w.confidence));
        if LINE_LENGTHS.contains(&gl.cells.len()) {
            lines.push(align(&read, &gl.cells).chars().collect());
            aligned.push(&gl.cells);
        } else {
            lines.push(read.chars().collect());
            aligned.push(&[]);
        }
    }
    let mut with_cells: Vec<Vec<char>> = Vec::new();
    let mut their_cells: Vec<&[Cell]> = Vec::new();
    let mut index = Vec::new();
    for (i, (l, cs)) in lines.iter().zip(&aligned).enumerate() {
        if !cs.is_empty() {
            with_cells.push(l.clone());
            their_cells.push(cs);
            index.push(i);
        }
    }
    settle_o_zero(&mut with_cells, &their_cells);
    for (l, i) in with_cells.into_iter().zip(index) {
        lines[i] = l;
    }
    let lines: Vec<String> = lines.into_iter().map(|l| l.into_iter().collect()).collect();
    if lines.iter().all(|l| l.is_empty()) {
        return None;
    }
    let confidence = if confs.is_empty() {
        0.0
    } else {
        confs.iter().sum::<f32>() / confs.len() as f32
    };
    Some(MrzLines {
        lines,
        confidence,
        bbox: band.bbox,
        ..Default::default()
    })
}

/// Tesseract's mean word confidence stays low on a correctly read MRZ whose filler
/// runs it garbled (about 40 on a clean TD3), so the bar for "this is an MRZ" is low;
/// upside-down or non-MRZ text scores far below it.
const MIN_PLAUSIBLE_CONFIDENCE: f32 = 25.0;

/// Whether MRZ lines look like a real reading (used to choose between orientations):
/// at least two lines of about the right length holding fillers, the first and the
/// second opening with a character (a document code, a document number or a birth
/// date; never a filler), and a confidence above [`MIN_PLAUSIBLE_CONFIDENCE`] or two
/// holding check digits.
pub fn plausible(mrz: &MrzLines) -> bool {
    let opens_with_data = mrz
        .lines
        .iter()
        .take(2)
        .all(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()));
    if !opens_with_data {
        return false;
    }
    if !mrz.cells.is_empty() {
        // Read by dossier's recogniser: the lines have their layout's exact lengths (an
        // MRV-A data line may hold no filler at all, but some line always does). Text
        // turned a quarter can read as evenly pitched glyphs the recogniser is sure of
        // (`VDDDDDDDD…`, with no filler), so a sure reading also needs a filler and a
        // holding digit.
        let fillers = mrz.lines.iter().any(|l| l.contains('<'));
        let holding = checks_holding(&mrz.lines);
        return fillers
            && (holding >= 2 || (mrz.confidence >= MIN_PLAUSIBLE_CERTAINTY && holding >= 1));
    }
    let good = mrz
        .lines
        .iter()
        .filter(|l| {
            let n = l.chars().count();
            (26..=50).contains(&n) && l.contains('<')
        })
        .count();
    good >= 2 && (mrz.confidence >= MIN_PLAUSIBLE_CONFIDENCE || checks_holding(&mrz.lines) >= 2)
}

/// The bar of [`plausible`] for a zone read by dossier's recogniser (mean cell
/// certainty, 0–100). Its certainty is a probability, not Tesseract's confidence:
/// text read upside down still has glyphs it is fairly sure of (0, 8, H, N, S, X, Z
/// turn into themselves), so the bar is higher.
const MIN_PLAUSIBLE_CERTAINTY: f32 = 85.0;

/// How many of the number, birth-date and expiry check digits hold on the data line
/// (line 2 of TD2/TD3, of TD1). Degraded scans often read right with a Tesseract
/// confidence near 20; text read upside down or off a non-MRZ band passes two checks
/// only by chance (about 1 in 100), so two holding checks also make a zone plausible.
fn checks_holding(lines: &[String]) -> usize {
    let spans: &[(usize, usize)] = match lines.len() {
        3 => &[(0, 6), (8, 14)],
        _ => &[(0, 9), (13, 19), (21, 27)],
    };
    let Some(line) = lines.get(1) else {
        return 0;
    };
    let chars: Vec<char> = line.chars().collect();
    let mut held = spans
        .iter()
        .filter(|&&(a, b)| {
            chars.get(b).is_some_and(|&c| {
                let field: String = chars[a..b].iter().collect();
                crate::parse::mrz::check_digit(&field) == c
            })
        })
        .count();
    if lines.len() == 3 {
        // TD1 keeps the document number on line 1.
        let first: Vec<char> = lines[0].chars().collect();
        if first.get(14).is_some_and(|&c| {
            crate::parse::mrz::check_digit(&first[5..14].iter().collect::<String>()) == c
        }) {
            held += 1;
        }
    }
    held
}

/// Aligns the text Tesseract read to the glyph cells of the line: one output
/// character per cell; chevron cells give `<`, other cells the character aligned to
/// them. Minimum-cost alignment (substitution, extra read character, missed cell).
fn align(read: &str, cells: &[Cell]) -> String {
    let s: Vec<char> = read.chars().collect();
    let (n, m) = (s.len(), cells.len());
    // Letters Tesseract puts where a chevron is: cheap to drop or to turn into `<`.
    let confusable = |c: char| matches!(c, '<' | 'K' | 'X' | 'C' | 'S' | 'E' | 'Z' | 'L');
    // Tesseract inserts extra letters inside runs of chevrons, not between letters:
    // dropping a read character is cheap only next to a chevron cell.
    let near_chevron = |j: usize| {
        (j < m && cells[j].chevron) || (j > 0 && cells.get(j - 1).is_some_and(|c| c.chevron))
    };
    let skip_read = |c: char, j: usize| {
        if confusable(c) && near_chevron(j) {
            0.6
        } else {
            1.6
        }
    };
    const SKIP_CELL: f32 = 1.0;
    let sub = |c: char, cell: &Cell| match (cell.chevron, c) {
        (true, '<') => 0.0,
        (true, c) if confusable(c) => 0.4,
        (true, _) => 1.2,
        (false, '<') => 1.5,
        (false, _) => 0.0,
    };
    let mut cost = vec![vec![f32::INFINITY; m + 1]; n + 1];
    cost[0][0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = cost[i][j];
            if !here.is_finite() {
                continue;
            }
            if i < n && j < m {
                let c = here + sub(s[i], &cells[j]);
                if c < cost[i + 1][j + 1] {
                    cost[i + 1][j + 1] = c;
                }
            }
            if i < n && here + skip_read(s[i], j) < cost[i + 1][j] {
                cost[i + 1][j] = here + skip_read(s[i], j);
            }
            if j < m && here + SKIP_CELL < cost[i][j + 1] {
                cost[i][j + 1] = here + SKIP_CELL;
            }
        }
    }
    // Walk back from the end, preferring substitutions.
    let mut out = vec!['<'; m];
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = cost[i][j];
        if i > 0 && j > 0 && (cost[i - 1][j - 1] + sub(s[i - 1], &cells[j - 1]) - here).abs() < 1e-4
        {
            out[j - 1] = if cells[j - 1].chevron { '<' } else { s[i - 1] };
            i -= 1;
            j -= 1;
        } else if i > 0 && (cost[i - 1][j] + skip_read(s[i - 1], j) - here).abs() < 1e-4 {
            i -= 1;
        } else if j > 0 {
            // A cell nothing was read for: a filler if its shape says so, else unknown;
            // `<` keeps the line in the MRZ alphabet and the check digits will tell.
            out[j - 1] = '<';
            j -= 1;
        } else {
            i -= 1;
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(pattern: &str) -> Vec<Cell> {
        pattern
            .chars()
            .enumerate()
            .map(|(i, c)| Cell {
                x0: i as u32 * 10,
                x1: i as u32 * 10 + 7,
                ink_h: 20,
                chevron: c == '<',
            })
            .collect()
    }

    #[test]
    fn chevrons_read_as_letters_are_restored() {
        let truth = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
        let garbled = "P<UTOERIKSSON<<ANNAKMARIAK<X<<<K<K<<K<K<<K<KKKKKKK<";
        assert_eq!(align(garbled, &cells(truth)), truth);
    }

    #[test]
    fn clean_reading_is_unchanged() {
        let truth = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
        assert_eq!(align(truth, &cells(truth)), truth);
    }

    #[test]
    fn a_real_k_stays_a_k() {
        let truth = "P<KAZKARIMOV<<ASKAR<<<<<<<<<<<<<<<<<<<<<<<<<";
        let read = "P<KAZKARIMOV<<ASKARK<<<<K<<<<<<<<<<<<<<<<<<<<";
        assert_eq!(align(read, &cells(truth)), truth);
    }

    #[test]
    fn plausibility_needs_two_mrz_like_lines() {
        let mk = |lines: &[&str], confidence| MrzLines {
            lines: lines.iter().map(|s| s.to_string()).collect(),
            confidence,
            bbox: BBox::default(),
            ..Default::default()
        };
        let good = [
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
        ];
        assert!(plausible(&mk(&good, 90.0)));
        assert!(!plausible(&mk(&["ABC", "DEF"], 90.0)));
        // A low-confidence reading whose check digits hold is still an MRZ.
        assert!(plausible(&mk(&good, 20.0)));
        let broken = [good[0], "L898902C37UTO7408123F1204158ZE184226B<<<<<10"];
        assert!(!plausible(&mk(&broken, 20.0)));
        // Garbage of 2s and 5s can pass two checks by chance; no zone opens with a filler.
        let garbage = [
            "<<<CPPPPDP229929GLESOSEIZECLOSANIGLAZMILILWD",
            "<<<DDPPDD255525225225552525VIINT9LAIWHISNIIS",
        ];
        assert!(!plausible(&mk(&garbage, 20.0)));
    }

    #[test]
    fn o_and_zero_are_told_apart_by_height() {
        let line = "L898902C36UT07408122F1204159ZE184226B<<<<<10";
        let truth = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
        let cs: Vec<Cell> = truth
            .chars()
            .enumerate()
            .map(|(i, c)| Cell {
                x0: i as u32 * 10,
                x1: i as u32 * 10 + 7,
                ink_h: if c.is_ascii_digit() { 30 } else { 28 },
                chevron: c == '<',
            })
            .collect();
        let mut lines = vec![line.chars().collect::<Vec<char>>()];
        settle_o_zero(&mut lines, &[&cs]);
        assert_eq!(lines[0].iter().collect::<String>(), truth);
        // Without a height difference nothing changes.
        let flat: Vec<Cell> = cs.iter().map(|c| Cell { ink_h: 29, ..*c }).collect();
        let mut lines = vec![line.chars().collect::<Vec<char>>()];
        settle_o_zero(&mut lines, &[&flat]);
        assert_eq!(lines[0].iter().collect::<String>(), line);
    }
}
