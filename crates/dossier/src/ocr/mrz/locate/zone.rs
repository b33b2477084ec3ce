//! From text lines to a zone: the lines whose grid is MRZ-like, grouped into two or
//! three parallel lines of one pitch and height at a regular spacing, the lowest such
//! group winning, and each line cut to the ICAO number of cells.

use super::lines::{fit_grid, Grid, Line};

/// Cells per line of each zone format: TD1 (3 lines), TD2 and MRV-B, TD3 and MRV-A.
pub(super) const LINE_CELLS: [usize; 3] = [30, 36, 44];

/// Least share of a line's blobs lying on its grid for an MRZ line (proportional text
/// falls well below: on the generated forms, 0.3 to 0.7 for most lines) ...
const MIN_FIT: f32 = 0.75;
/// ... and for the lines of a zone on average (MRZ lines: 0.95 to 1 nearly always).
const MIN_ZONE_FIT: f32 = 0.85;
/// Least share of an MRZ line's cells that must be inked (a few glyphs may be lost in
/// the security print or merged with it) ...
const MIN_INKED: f32 = 0.75;
/// ... and the longest run of empty cells inside it (a word gap in text is two or more
/// cells, and lines of text have several).
const MAX_EMPTY_RUN: i32 = 3;

/// An MRZ-like line with its grid.
#[derive(Debug, Clone)]
pub(super) struct GridLine {
    pub line: Line,
    pub grid: Grid,
}

impl GridLine {
    /// Number of cells from the first inked one to the last.
    fn cells_spanned(&self) -> usize {
        let (a, b) = self.grid.span();
        (b - a + 1) as usize
    }
    /// The centre line's height at the line's middle.
    fn mid_y(&self) -> f32 {
        let (a, b) = self.grid.span();
        self.line.y_at(self.grid.x_at((a + b) as f32 / 2.0))
    }
}

/// A zone on the search image: its lines top to bottom, and for each the index of its
/// first cell; every line has `cells` cells.
#[derive(Debug, Clone)]
pub(super) struct ZoneLines {
    pub lines: Vec<GridLine>,
    pub first: Vec<i32>,
    pub cells: usize,
    /// Where a line's grid holds more cells than the format and two windows of
    /// `cells` hold equally many inked cells (a stray mark one pitch beyond either end:
    /// a document's edge, a frame line, a stamp's dot), the first cells with the
    /// rightmost such windows: the grid alone cannot tell which is the zone, the check
    /// digits can (see `super::locate_all`).
    pub alt_first: Option<Vec<i32>>,
}

impl ZoneLines {
    /// How sure the zone is an upright MRZ, for choosing between quarter turns: the
    /// inked share of its cells, plus a bonus when the low fillers gather at the line
    /// ends rather than the starts (an MRZ line opens with a document code or number and
    /// its fields are padded on the right; upside down it is the other way round).
    pub fn score(&self) -> f32 {
        let mut inked = 0usize;
        let mut ends = 0i32;
        for (gl, &first) in self.lines.iter().zip(&self.first) {
            let last = first + self.cells as i32 - 1;
            for (i, b) in &gl.grid.cells {
                if (first..=last).contains(i) {
                    inked += 1;
                    if b.h() < 0.75 * gl.line.cap {
                        let right_half = (i - first) * 2 >= self.cells as i32;
                        ends += if right_half { 1 } else { -1 };
                    }
                }
            }
        }
        let total = (self.cells * self.lines.len()) as f32;
        inked as f32 / total + (ends as f32 / total).clamp(-0.5, 0.5)
    }
}

/// The MRZ among the text lines, if any: the lowest group of compatible MRZ-like lines.
pub(super) fn find_zone(lines: Vec<Line>) -> Option<ZoneLines> {
    let mut candidates: Vec<GridLine> = lines
        .into_iter()
        .filter_map(|line| {
            let grid = fit_grid(&line.blobs, line.cap)?;
            Some(GridLine { line, grid })
        })
        .filter(mrz_like)
        .collect();
    candidates.sort_by(|a, b| a.mid_y().total_cmp(&b.mid_y()));
    let mut best: Option<ZoneLines> = None;
    let mut group: Vec<GridLine> = Vec::new();
    for gl in candidates {
        if !group.last().is_some_and(|prev| stacked(prev, &gl)) {
            if let Some(z) = zone_of(std::mem::take(&mut group)) {
                best = Some(z);
            }
        }
        group.push(gl);
    }
    zone_of(group).or(best)
}

/// Whether a line's grid looks like an MRZ line: about 30 to 44 cells, nearly all of
/// its blobs on the grid, nearly all cells inked, a pitch of 0.45 to
/// [`MAX_PITCH_PER_CAP`] cap heights.
fn mrz_like(gl: &GridLine) -> bool {
    let n = gl.cells_spanned();
    (24..=52).contains(&n)
        && gl.grid.fit >= MIN_FIT
        && gl.grid.cells.len() as f32 >= MIN_INKED * n.min(44) as f32
        && longest_empty_run(&gl.grid) <= MAX_EMPTY_RUN
        && gl.grid.pitch >= 0.45 * gl.line.cap
        && gl.grid.pitch <= MAX_PITCH_PER_CAP * gl.line.cap
}

/// The widest pitch of an MRZ line, in cap heights. ICAO's nominal 2.54 mm pitch over a
/// 2.0–2.4 mm capital is 1.06–1.27, and printers vary both (a zone set small on a wide
/// pitch reaches 1.35 and more); the glyph recogniser is trained up to 1.5. Spaced-out
/// words of the visual zone still fail the grid (word gaps, proportional widths).
const MAX_PITCH_PER_CAP: f32 = 1.5;

/// The most consecutive cells with no ink between the first inked cell and the last.
fn longest_empty_run(grid: &Grid) -> i32 {
    grid.cells
        .windows(2)
        .map(|p| p[1].0 - p[0].0 - 1)
        .max()
        .unwrap_or(0)
}

/// Whether `b` can be the MRZ line below `a`: same height and pitch, parallel,
/// overlapping horizontally, one line spacing (1.2 to 3 cap heights) lower.
fn stacked(a: &GridLine, b: &GridLine) -> bool {
    let (ca, cb) = (a.line.cap, b.line.cap);
    let (pa, pb) = (a.grid.pitch, b.grid.pitch);
    let gap = b.mid_y() - a.mid_y();
    let overlap = a.line.x1().min(b.line.x1()) - a.line.x0().max(b.line.x0());
    let shorter = (a.line.x1() - a.line.x0()).min(b.line.x1() - b.line.x0());
    (cb / ca - 1.0).abs() < 0.25
        && (pb / pa - 1.0).abs() < 0.12
        && (a.line.slope - b.line.slope).abs() < 0.05
        && overlap > 0.5 * shorter
        && gap >= 1.2 * ca
        && gap <= 3.0 * ca
}

/// The zone formed by a group of stacked lines (its lowest two or three), or `None`
/// when the group is a single line or its spacing is irregular.
fn zone_of(group: Vec<GridLine>) -> Option<ZoneLines> {
    if group.len() < 2 {
        return None;
    }
    let cells = zone_cells(&group);
    let keep = if cells == LINE_CELLS[0] { 3 } else { 2 };
    let lines: Vec<GridLine> = group.into_iter().rev().take(keep).rev().collect();
    let fit = lines.iter().map(|gl| gl.grid.fit).sum::<f32>() / lines.len() as f32;
    let longest = lines.iter().map(GridLine::cells_spanned).max().unwrap_or(0);
    if fit < MIN_ZONE_FIT || (longest as f32) < 0.9 * cells as f32 {
        return None;
    }
    if lines.len() == 3 {
        let (g1, g2) = (
            lines[1].mid_y() - lines[0].mid_y(),
            lines[2].mid_y() - lines[1].mid_y(),
        );
        if (g1 / g2 - 1.0).abs() > 0.25 {
            return None;
        }
    }
    let first = first_cells(&lines, cells, Tie::Leftmost);
    let alt_first = Some(first_cells(&lines, cells, Tie::Rightmost)).filter(|alt| *alt != first);
    Some(ZoneLines {
        lines,
        first,
        cells,
        alt_first,
    })
}

/// The ICAO cell count of a zone: the one nearest the median number of cells its lines
/// span (first to last inked cell, which is span/pitch + 1). A line missing its last
/// fillers spans fewer cells and one with a stray mark beyond its end more, so the lines
/// vote and the nearest count wins; three stacked lines are TD1 whenever their spans
/// are nearer 30 than 44.
fn zone_cells(group: &[GridLine]) -> usize {
    let mut spans: Vec<usize> = group.iter().map(GridLine::cells_spanned).collect();
    spans.sort_unstable();
    let median = spans[spans.len() / 2] as i32;
    let nearest = |pool: &[usize]| {
        pool.iter()
            .copied()
            .min_by_key(|&n| (n as i32 - median).abs())
            .unwrap_or(44)
    };
    if group.len() >= 3 && (median - 30).abs() < (median - 44).abs() {
        30
    } else if group.len() >= 3 {
        nearest(&LINE_CELLS)
    } else {
        nearest(&LINE_CELLS[1..])
    }
}

/// The index of each line's first cell, so that every line has `cells` cells and the
/// columns of the zone line up. A line spanning more cells than that keeps the window
/// holding the most inked cells; one spanning fewer starts where the best-inked line
/// starts (columns align from line to line, perpendicular to the lines) and is padded on
/// the right otherwise (lost trailing fillers).
fn first_cells(lines: &[GridLine], cells: usize, tie: Tie) -> Vec<i32> {
    let mut first: Vec<i32> = lines
        .iter()
        .map(|gl| best_window(&gl.grid, cells, tie))
        .collect();
    let inked = |k: usize| {
        let w = first[k]..first[k] + cells as i32;
        lines[k]
            .grid
            .cells
            .iter()
            .filter(|c| w.contains(&c.0))
            .count()
    };
    let Some(reference) = (0..lines.len()).max_by_key(|&k| inked(k)) else {
        return first;
    };
    let start = column_start(&lines[reference], first[reference]);
    for k in 0..lines.len() {
        if k == reference {
            continue;
        }
        let gl = &lines[k];
        let (x, y) = start;
        // The point of this line's centre line on the reference column.
        let m = gl.line.slope;
        let mut xs = x;
        for _ in 0..3 {
            let ys = gl.line.y_at(xs);
            xs = x - m * (ys - y);
        }
        let index = gl.grid.index_of(xs);
        let at = index.round() as i32;
        // A shift that keeps every inked cell of the line in its window is taken at any
        // distance (a line that lost its first glyphs to a shadow or a streak starts
        // late, and its grid runs on to the reference column). One that drops an inked
        // cell is taken only when small, and, if the window held every inked cell
        // before, only when the columns disagree by clearly more than half a cell:
        // lines printed up to half a pitch off each other (a printer's lines wander)
        // keep the window their own glyphs fill, and do not lose their first glyph to
        // a rounding.
        let (a, b) = gl.grid.span();
        let n = cells as i32;
        let holds_all = at <= a && b < at + n;
        let held_all = first[k] <= a && b < first[k] + n;
        let clear = (index - first[k] as f32).abs() > 0.75;
        let moved = (at - first[k]).abs();
        if moved >= 1 && (holds_all || (moved <= 3 && (!held_all || clear))) {
            first[k] = at;
        }
    }
    first
}

/// The point where cell `first`'s centre lies on the line.
fn column_start(gl: &GridLine, first: i32) -> (f32, f32) {
    let x = gl.grid.x_at(first as f32);
    (x, gl.line.y_at(x))
}

/// Which of equally inked windows [`best_window`] takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tie {
    /// The leftmost: an MRZ line opens with a glyph and ends in fillers that may fade.
    Leftmost,
    /// The rightmost: the alternative when a stray mark precedes the line.
    Rightmost,
}

/// The first index of the `cells`-long window holding the most inked cells, the
/// leftmost or rightmost of equals as `tie` says.
fn best_window(grid: &Grid, cells: usize, tie: Tie) -> i32 {
    let (a, b) = grid.span();
    let n = cells as i32;
    if b - a < n {
        return a;
    }
    let sign = if tie == Tie::Leftmost { -1 } else { 1 };
    (a..=b - n + 1)
        .max_by_key(|&s| {
            let inked = grid
                .cells
                .iter()
                .filter(|c| (s..s + n).contains(&c.0))
                .count();
            (inked, sign * s)
        })
        .unwrap_or(a)
}

#[cfg(test)]
mod tests {
    use super::super::blobs::Blob;
    use super::super::lines::tests::glyph;
    use super::super::lines::text_lines;
    use super::*;

    /// The blobs of an MRZ line at height `y`: pitch 10 from x = 100, glyphs 14 tall,
    /// fillers ('<') 8 tall; cells whose index is in `lost` left out.
    fn line(text: &str, y: f32, lost: std::ops::Range<usize>) -> Vec<Blob> {
        line_from(100.0, text, y, lost)
    }

    /// [`line`], its first cell centred at `x` instead of 100.
    fn line_from(x: f32, text: &str, y: f32, lost: std::ops::Range<usize>) -> Vec<Blob> {
        text.chars()
            .enumerate()
            .filter(|(i, _)| !lost.contains(i))
            .map(|(i, c)| {
                let cx = x + 10.0 * i as f32;
                match c {
                    '<' => glyph(cx, y, 5.0, 8.0),
                    _ => glyph(cx, y, 7.0, 14.0),
                }
            })
            .collect()
    }

    const TD3: [&str; 2] = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];

    /// The x of cell `first` of each line of a found zone.
    fn starts(z: &ZoneLines, first: &[i32]) -> Vec<f32> {
        z.lines
            .iter()
            .zip(first)
            .map(|(gl, &f)| gl.grid.x_at(f as f32).round())
            .collect()
    }

    #[test]
    fn a_mark_one_pitch_before_the_zone_gives_a_second_placement() {
        // The document's edge one pitch left of both lines, as tall as a glyph: each
        // line spans 45 cells, and either window of 44 is as well inked.
        let mut blobs = Vec::new();
        for (k, text) in TD3.iter().enumerate() {
            let y = 50.0 + 25.0 * k as f32;
            blobs.push(glyph(90.0, y, 2.0, 14.0));
            blobs.extend(line(text, y, 0..0));
        }
        let z = find_zone(text_lines(&blobs)).expect("zone");
        assert_eq!(z.cells, 44);
        assert_eq!(starts(&z, &z.first), [90.0, 90.0]);
        let alt = z.alt_first.as_ref().expect("second placement");
        assert_eq!(starts(&z, alt), [100.0, 100.0]);
    }

    #[test]
    fn a_clean_zone_has_one_placement() {
        let mut blobs = Vec::new();
        for (k, text) in TD3.iter().enumerate() {
            blobs.extend(line(text, 50.0 + 25.0 * k as f32, 0..0));
        }
        let z = find_zone(text_lines(&blobs)).expect("zone");
        assert_eq!(starts(&z, &z.first), [100.0, 100.0]);
        assert!(z.alt_first.is_none());
    }

    #[test]
    fn a_zone_set_small_on_a_wide_pitch_is_found() {
        // Capitals 7.5 tall on a pitch of 10 (1.33 cap heights: a 2.0 mm capital on a
        // 2.67 mm pitch), fillers 4.5 tall.
        let mut blobs = Vec::new();
        for (k, text) in TD3.iter().enumerate() {
            let y = 50.0 + 16.0 * k as f32;
            for (i, c) in text.chars().enumerate() {
                let cx = 100.0 + 10.0 * i as f32;
                blobs.push(match c {
                    '<' => glyph(cx, y, 3.0, 4.5),
                    _ => glyph(cx, y, 4.0, 7.5),
                });
            }
        }
        let z = find_zone(text_lines(&blobs)).expect("zone");
        assert_eq!(z.cells, 44);
        assert_eq!(starts(&z, &z.first), [100.0, 100.0]);
    }

    #[test]
    fn a_line_that_lost_its_first_glyphs_starts_at_the_zone_column() {
        // The data line's first 12 glyphs are lost (a shadow): its grid spans cells 12
        // to 43 only, and its cells must still start in the name line's column.
        let mut blobs = line(TD3[0], 50.0, 0..0);
        blobs.extend(line(TD3[1], 75.0, 0..12));
        let z = find_zone(text_lines(&blobs)).expect("zone");
        assert_eq!(z.cells, 44);
        assert_eq!(starts(&z, &z.first), [100.0, 100.0]);
    }

    #[test]
    fn lines_half_a_pitch_apart_keep_their_own_first_glyph() {
        // The data line printed 0.4 or 0.6 pitch right, or 0.6 left, of the name line
        // (a printer's lines wander): both lines fill their 44 cells, and the name line
        // must not be moved a cell onto the data line's column, which would drop its
        // `P` or its last filler.
        for offset in [4.0, 6.0, -6.0] {
            let mut blobs = line(TD3[0], 50.0, 0..0);
            blobs.extend(line_from(100.0 + offset, TD3[1], 75.0, 0..0));
            let z = find_zone(text_lines(&blobs)).expect("zone");
            assert_eq!(z.cells, 44);
            assert_eq!(
                starts(&z, &z.first),
                [100.0, (100.0 + offset).round()],
                "offset {offset}"
            );
        }
    }
}
