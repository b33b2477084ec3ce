//! Text lines on the search image: glyph-sized blobs chained left to right along any
//! slope up to about ±10°, then the blobs of each chain's band gathered (the low `<`
//! fillers, broken glyphs) and a regular grid of cells fitted to them.
//!
//! An MRZ line is told from other text by its grid: OCR-B is monospaced and the zone has
//! no spaces, so nearly every blob sits on a cell of one constant pitch (changing only
//! smoothly under perspective) and nearly every cell is inked; proportional text with
//! word gaps fits no such grid.

use super::blobs::Blob;

/// Blobs taller than this (search pixels) are not glyphs: photos, frames, fingerprints.
const MAX_GLYPH_H: f32 = 110.0;
/// How far (in pitches) a glyph's centre may lie from its cell's centre to count as on
/// the grid: OCR-B glyphs are centred in their cells, and a proportional face's glyphs
/// drift off any grid by more.
const ON_GRID: f32 = 0.15;
/// Fewest linked blobs that make a line worth gathering and fitting.
const MIN_CHAIN: usize = 6;

/// A line of text on the search image: its blobs (left to right), its centre line and
/// its glyph height.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub blobs: Vec<Blob>,
    /// The centre line `y = icpt + slope·x`.
    pub slope: f32,
    pub icpt: f32,
    /// Cap height: the height of a letter or digit (the fillers are lower).
    pub cap: f32,
}

impl Line {
    pub fn y_at(&self, x: f32) -> f32 {
        self.icpt + self.slope * x
    }
    pub fn x0(&self) -> f32 {
        self.blobs
            .iter()
            .map(|b| b.x0)
            .fold(f32::INFINITY, f32::min)
    }
    pub fn x1(&self) -> f32 {
        self.blobs
            .iter()
            .map(|b| b.x1)
            .fold(f32::NEG_INFINITY, f32::max)
    }
}

/// Whether a blob could be a glyph or a piece of one: not too big, not a long thin
/// rule, not a hollow frame.
fn glyph_like(b: &Blob) -> bool {
    let (w, h) = (b.w(), b.h());
    (3.0..=MAX_GLYPH_H).contains(&h) && w <= 3.5 * h + 2.0 && b.area as f32 >= 0.08 * w * h
}

/// All text lines: chains of neighbouring blobs of similar height, merged where a
/// gap broke them, with the blobs of their band gathered.
pub(super) fn text_lines(all: &[Blob]) -> Vec<Line> {
    let mut blobs: Vec<Blob> = all.iter().copied().filter(glyph_like).collect();
    blobs.sort_by(|a, b| a.cx().total_cmp(&b.cx()));
    let chains = chains(&blobs);
    let mut lines: Vec<Line> = chains
        .into_iter()
        .filter(|c| c.len() >= MIN_CHAIN)
        .filter_map(|c| fit_line(c.into_iter().map(|i| blobs[i]).collect()))
        .collect();
    lines = merge_collinear(lines);
    lines
        .into_iter()
        .filter_map(|l| gather(l, &blobs))
        .collect()
}

/// How well `b` continues a line to the right of `a`, or `None` when it cannot:
/// the distance, counting vertical offsets double.
fn link_cost(a: &Blob, b: &Blob) -> Option<f32> {
    let (ha, hb) = (a.h(), b.h());
    let hmax = ha.max(hb);
    let dx = b.cx() - a.cx();
    let dy = (b.cy() - a.cy()).abs();
    let fits = dx > 0.2 * hmax
        && dx <= 2.5 * hmax
        && ha.min(hb) >= 0.45 * hmax
        && dy <= 0.2 * hmax + 0.2 * dx
        && b.x0 - a.x1 > -0.3 * hmax;
    fits.then_some(dx + 2.0 * dy)
}

/// Chains of blobs (indices into `blobs`, sorted by x centre) in which every link is
/// the best right neighbour of its left end and the best left neighbour of its right
/// end, so a chain never forks into the line above or below.
fn chains(blobs: &[Blob]) -> Vec<Vec<usize>> {
    let n = blobs.len();
    let mut right: Vec<Option<(usize, f32)>> = vec![None; n];
    let mut left: Vec<Option<(usize, f32)>> = vec![None; n];
    for i in 0..n {
        // A link spans at most 2.5 heights of the taller blob, which is at most
        // 1/0.45 times as tall as this one.
        let reach = blobs[i].cx() + 2.5 / 0.45 * blobs[i].h();
        for j in i + 1..n {
            if blobs[j].cx() > reach {
                break;
            }
            let Some(cost) = link_cost(&blobs[i], &blobs[j]) else {
                continue;
            };
            if right[i].is_none_or(|(_, c)| cost < c) {
                right[i] = Some((j, cost));
            }
            if left[j].is_none_or(|(_, c)| cost < c) {
                left[j] = Some((i, cost));
            }
        }
    }
    let next: Vec<Option<usize>> = (0..n)
        .map(|i| {
            right[i]
                .map(|(j, _)| j)
                .filter(|&j| left[j].map(|l| l.0) == Some(i))
        })
        .collect();
    let has_prev: Vec<bool> = {
        let mut p = vec![false; n];
        next.iter().flatten().for_each(|&j| p[j] = true);
        p
    };
    (0..n)
        .filter(|&i| !has_prev[i])
        .map(|start| {
            let mut chain = vec![start];
            while let Some(j) = next[*chain.last().unwrap_or(&start)] {
                chain.push(j);
            }
            chain
        })
        .collect()
}

/// Fits the centre line and cap height of a set of blobs (sorted by x centre).
fn fit_line(blobs: Vec<Blob>) -> Option<Line> {
    let cap = cap_height(&blobs)?;
    // Only full-height glyphs place the centre line well (fillers sit about mid-height
    // too, but pieces of broken glyphs do not).
    let tall: Vec<(f32, f32)> = blobs
        .iter()
        .filter(|b| b.h() >= 0.75 * cap)
        .map(|b| (b.cx(), b.cy()))
        .collect();
    let (icpt, slope) = robust_line(&tall, 0.15 * cap)?;
    Some(Line {
        blobs,
        slope,
        icpt,
        cap,
    })
}

/// The height of letters and digits among the blobs of a line: the median of the
/// heights within 6% of the top decile's. Fillers and broken pieces are lower (a filler
/// is 0.6 to 0.9 of a capital, depending on the face), and a line can be four fifths
/// fillers (a TD3 name line with a short name), so a plain median or quartile would
/// measure the fillers. Digits may stand up to about 15% taller than capitals, so a
/// line of names measures lower than one of numbers.
fn cap_height(blobs: &[Blob]) -> Option<f32> {
    let mut hs: Vec<f32> = blobs.iter().map(Blob::h).collect();
    if hs.is_empty() {
        return None;
    }
    hs.sort_by(f32::total_cmp);
    let top = hs[hs.len() * 9 / 10];
    let cluster: Vec<f32> = hs
        .into_iter()
        .filter(|&h| (h - top).abs() <= 0.06 * top)
        .collect();
    Some(cluster[cluster.len() / 2])
}

/// Least-squares line `y = a + b·x` through the points, refitted once without the
/// points farther than `tol` (plus twice the first fit's typical residual).
/// Returns `(a, b)`.
pub(super) fn robust_line(pts: &[(f32, f32)], tol: f32) -> Option<(f32, f32)> {
    let (a, b) = lsq_line(pts)?;
    let mut res: Vec<f32> = pts.iter().map(|&(x, y)| (y - a - b * x).abs()).collect();
    res.sort_by(f32::total_cmp);
    let cut = tol + 2.0 * res[res.len() / 2];
    let kept: Vec<(f32, f32)> = pts
        .iter()
        .copied()
        .filter(|&(x, y)| (y - a - b * x).abs() <= cut)
        .collect();
    lsq_line(&kept).or(Some((a, b)))
}

/// Plain least squares `y = a + b·x`; a single point (or points stacked at one x)
/// gives a level line through their mean.
fn lsq_line(pts: &[(f32, f32)]) -> Option<(f32, f32)> {
    if pts.is_empty() {
        return None;
    }
    let n = pts.len() as f32;
    let mx = pts.iter().map(|p| p.0).sum::<f32>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f32>() / n;
    let sxx: f32 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f32 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx < 1e-3 {
        return Some((my, 0.0));
    }
    let b = sxy / sxx;
    Some((my - b * mx, b))
}

/// Joins lines that continue each other (same centre line, same height, a gap of a few
/// glyphs): a broken or missing glyph cuts a chain in two.
fn merge_collinear(mut lines: Vec<Line>) -> Vec<Line> {
    lines.sort_by_key(|l| std::cmp::Reverse(l.blobs.len()));
    let mut merged: Vec<Line> = Vec::new();
    for line in lines {
        let host = merged.iter_mut().find(|m| continues(m, &line));
        match host {
            Some(m) => {
                let mut blobs = std::mem::take(&mut m.blobs);
                blobs.extend(line.blobs);
                blobs.sort_by(|a, b| a.cx().total_cmp(&b.cx()));
                if let Some(l) = fit_line(blobs) {
                    *m = l;
                }
            }
            None => merged.push(line),
        }
    }
    merged
}

/// Whether `b` lies on the extension of `a`.
fn continues(a: &Line, b: &Line) -> bool {
    let ratio = b.cap / a.cap;
    let gap = (b.x0() - a.x1()).max(a.x0() - b.x1());
    let off = b
        .blobs
        .iter()
        .map(|g| (g.cy() - a.y_at(g.cx())).abs())
        .sum::<f32>()
        / b.blobs.len() as f32;
    (0.75..=1.33).contains(&ratio) && gap <= 6.0 * a.cap && off <= 0.25 * a.cap
}

/// The line with every blob of its band: within a third of the cap height of the centre
/// line, no taller than a glyph, reached from the line's ends by steps of at most two
/// and a half cap heights (so a long run of fillers is followed to its end, while text
/// farther along the same row is left out).
fn gather(line: Line, blobs: &[Blob]) -> Option<Line> {
    let cap = line.cap;
    let band: Vec<Blob> = blobs
        .iter()
        .copied()
        .filter(|b| {
            (b.cy() - line.y_at(b.cx())).abs() <= 0.35 * cap
                && b.h() <= 1.35 * cap
                && b.h() >= 0.2 * cap
                && b.w() <= 3.5 * cap
        })
        .collect();
    let (mut x0, mut x1) = (line.x0(), line.x1());
    let mut kept: Vec<Blob> = band
        .iter()
        .copied()
        .filter(|b| b.cx() >= x0 && b.cx() <= x1)
        .collect();
    let step = 2.5 * cap;
    let (left_end, right_end) = (x0, x1);
    for b in band.iter().filter(|b| b.cx() > right_end) {
        if b.x0 - x1 > step {
            break;
        }
        x1 = x1.max(b.x1);
        kept.push(*b);
    }
    for b in band.iter().rev().filter(|b| b.cx() < left_end) {
        if x0 - b.x1 > step {
            break;
        }
        x0 = x0.min(b.x0);
        kept.push(*b);
    }
    kept.sort_by(|a, b| a.cx().total_cmp(&b.cx()));
    kept.dedup();
    let cap = cap_height(&kept)?;
    Some(Line {
        blobs: kept,
        cap,
        ..line
    })
}

/// A regular grid of glyph cells fitted to a line: cell `i`'s centre is at
/// `x(i) = a + b·i + c·i²` (a quadratic, because perspective makes the pitch change
/// smoothly along the line), indices counted from the line's first inked cell.
#[derive(Debug, Clone)]
pub(super) struct Grid {
    pub coef: [f32; 3],
    /// The inked cells, by index: the union of the blobs that fell in each.
    pub cells: Vec<(i32, Blob)>,
    /// Mean pitch (search pixels).
    pub pitch: f32,
    /// Fraction of the line's blobs lying within [`ON_GRID`] pitch of their cell centre.
    pub fit: f32,
}

impl Grid {
    pub fn x_at(&self, i: f32) -> f32 {
        self.coef[0] + self.coef[1] * i + self.coef[2] * i * i
    }

    /// First and last inked cell.
    pub fn span(&self) -> (i32, i32) {
        (
            self.cells.first().map_or(0, |c| c.0),
            self.cells.last().map_or(0, |c| c.0),
        )
    }

    /// The (fractional) index of the cell centred nearest `x`.
    pub fn index_of(&self, x: f32) -> f32 {
        let [a, b, c] = self.coef;
        let mut i = (x - a) / b;
        for _ in 0..3 {
            i = (x - a - c * i * i) / b;
        }
        i
    }
}

/// Fits the cell grid of a line. Touching glyphs (one blob spanning several cells)
/// are split into as many cells as their width holds, broken glyphs (several blobs in
/// one cell) are joined, and cells with no blob (a glyph lost in the background) are
/// simply empty: the grid, not the blobs, says where every cell is.
pub(super) fn fit_grid(blobs: &[Blob], cap: f32) -> Option<Grid> {
    let p0 = initial_pitch(blobs, cap)?;
    let glyphs = split_wide(blobs, p0);
    if glyphs.len() < 4 {
        return None;
    }
    let xs: Vec<f32> = glyphs.iter().map(|g| g.0).collect();
    // Indices by steps between neighbours: robust to a pitch estimate a few per cent
    // off, which over 44 cells would misplace a global rounding.
    let mut idx = vec![0i32; xs.len()];
    for k in 1..xs.len() {
        idx[k] = idx[k - 1] + ((xs[k] - xs[k - 1]) / p0).round() as i32;
    }
    let mut coef = fit_poly(&idx, &xs, &vec![true; xs.len()], 1)?;
    for round in 0..3 {
        let pitch = coef[1];
        let residual = |k: usize, coef: &[f32; 3]| {
            let i = idx[k] as f32;
            (xs[k] - coef[0] - coef[1] * i - coef[2] * i * i).abs()
        };
        let inlier: Vec<bool> = (0..xs.len())
            .map(|k| residual(k, &coef) <= 0.3 * pitch)
            .collect();
        let degree = if round > 0 { 2 } else { 1 };
        coef = fit_poly(&idx, &xs, &inlier, degree)?;
        let grid = Grid {
            coef,
            cells: Vec::new(),
            pitch: coef[1],
            fit: 0.0,
        };
        for k in 0..xs.len() {
            idx[k] = grid.index_of(xs[k]).round() as i32;
        }
    }
    let first = *idx.iter().min()?;
    // Re-anchor so the first inked cell is index 0.
    let shift = first as f32;
    let [a, b, c] = coef;
    let coef = [a + b * shift + c * shift * shift, b + 2.0 * c * shift, c];
    let pitch = coef[1] + coef[2] * (idx.iter().max()? - first) as f32;
    let mut cells: Vec<(i32, Blob)> = Vec::new();
    let mut good = 0;
    for (k, g) in glyphs.iter().enumerate() {
        let i = idx[k] - first;
        let x = coef[0] + coef[1] * i as f32 + coef[2] * (i * i) as f32;
        if (g.0 - x).abs() <= ON_GRID * coef[1] {
            good += 1;
        }
        match cells.iter_mut().find(|c| c.0 == i) {
            Some(c) => c.1 = c.1.union(&g.1),
            None => cells.push((i, g.1)),
        }
    }
    cells.sort_by_key(|c| c.0);
    Some(Grid {
        coef,
        cells,
        pitch,
        fit: good as f32 / glyphs.len() as f32,
    })
}

/// The pitch as the median step between neighbouring single glyphs.
fn initial_pitch(blobs: &[Blob], cap: f32) -> Option<f32> {
    let mut steps: Vec<f32> = blobs
        .windows(2)
        .filter(|p| p[0].w() < 1.1 * cap && p[1].w() < 1.1 * cap)
        .map(|p| p[1].cx() - p[0].cx())
        .filter(|&d| d > 0.35 * cap && d < 1.5 * cap)
        .collect();
    if steps.len() < 3 {
        return None;
    }
    steps.sort_by(f32::total_cmp);
    Some(steps[steps.len() / 2])
}

/// Glyph centres with their blobs: a blob wider than about one and a half pitches is
/// several touching glyphs, one centre per pitch (a single OCR-B glyph is at most about
/// three quarters of a pitch wide).
fn split_wide(blobs: &[Blob], pitch: f32) -> Vec<(f32, Blob)> {
    let mut out = Vec::new();
    for b in blobs {
        let n = if b.w() > 1.4 * pitch {
            (((b.w() - 0.75 * pitch) / pitch).round() as usize + 1).max(1)
        } else {
            1
        };
        let first = b.cx() - (n - 1) as f32 * pitch / 2.0;
        for k in 0..n {
            let cx = first + k as f32 * pitch;
            let piece = if n == 1 {
                *b
            } else {
                Blob {
                    x0: (cx - pitch / 2.0).max(b.x0),
                    x1: (cx + pitch / 2.0).min(b.x1),
                    area: b.area / n as u32,
                    ..*b
                }
            };
            out.push((cx, piece));
        }
    }
    out
}

/// Least squares `x = a + b·i (+ c·i²)` over the marked points. The quadratic term is
/// kept only when it is small (a pitch changing by at most a fifth along the line):
/// more would be a misfit, not perspective.
fn fit_poly(idx: &[i32], xs: &[f32], use_: &[bool], degree: usize) -> Option<[f32; 3]> {
    let pts: Vec<(f64, f64)> = idx
        .iter()
        .zip(xs)
        .zip(use_)
        .filter(|(_, &u)| u)
        .map(|((&i, &x), _)| (i as f64, x as f64))
        .collect();
    let (lo, hi) = pts.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p.0), hi.max(p.0))
    });
    if pts.len() < 2 || hi - lo < 1.0 {
        return None;
    }
    let linear = {
        let (a, b) = lsq_line(
            &pts.iter()
                .map(|&(i, x)| (i as f32, x as f32))
                .collect::<Vec<_>>(),
        )?;
        [a, b, 0.0]
    };
    if degree < 2 || pts.len() < 12 || hi - lo < 16.0 {
        return (linear[1] > 0.0).then_some(linear);
    }
    let q = lsq_quadratic(&pts)?;
    let change = (2.0 * q[2] as f32 * (hi - lo) as f32).abs();
    let ok = q[1] > 0.0 && change <= 0.2 * linear[1];
    Some(if ok {
        [q[0] as f32, q[1] as f32, q[2] as f32]
    } else {
        linear
    })
}

/// Least squares `x = a + b·i + c·i²` by the normal equations (Cramer's rule on the
/// 3×3 system, in f64: indices up to 50 squared and squared again stay exact enough).
fn lsq_quadratic(pts: &[(f64, f64)]) -> Option<[f64; 3]> {
    let mut s = [0f64; 5];
    let mut t = [0f64; 3];
    for &(i, x) in pts {
        let mut p = 1.0;
        for (k, sk) in s.iter_mut().enumerate() {
            *sk += p;
            if k < 3 {
                t[k] += p * x;
            }
            p *= i;
        }
    }
    let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]];
    let det = det3(&m);
    if det.abs() < 1e-9 {
        return None;
    }
    let mut out = [0f64; 3];
    for (col, o) in out.iter_mut().enumerate() {
        let mut mc = m;
        for row in 0..3 {
            mc[row][col] = t[row];
        }
        *o = det3(&mc) / det;
    }
    Some(out)
}

fn det3(m: &[[f64; 3]; 3]) -> f64 {
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A glyph box `w` wide and `h` tall centred at (`cx`, `cy`) (also the zone tests').
    pub(in crate::ocr::mrz::locate) fn glyph(cx: f32, cy: f32, w: f32, h: f32) -> Blob {
        Blob {
            x0: cx - w / 2.0,
            y0: cy - h / 2.0,
            x1: cx + w / 2.0,
            y1: cy + h / 2.0,
            area: (w * h * 0.4) as u32,
        }
    }

    /// An MRZ-like line: `n` cells of pitch 10 from x = 100 on the line y = 50, glyphs
    /// 14 tall, fillers ('<') 8 tall.
    fn mrz_line(text: &str) -> Vec<Blob> {
        text.chars()
            .enumerate()
            .map(|(i, c)| {
                let cx = 100.0 + 10.0 * i as f32;
                match c {
                    '<' => glyph(cx, 50.0, 5.0, 8.0),
                    _ => glyph(cx, 50.0, 7.0, 14.0),
                }
            })
            .collect()
    }

    #[test]
    fn grid_counts_every_cell_of_a_clean_line() {
        let blobs = mrz_line("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
        let g = fit_grid(&blobs, 14.0).unwrap();
        assert_eq!(g.span(), (0, 43));
        assert_eq!(g.cells.len(), 44);
        assert!((g.pitch - 10.0).abs() < 0.05, "{}", g.pitch);
        assert!(g.fit > 0.99);
    }

    #[test]
    fn grid_splits_touching_glyphs_and_joins_broken_ones() {
        let mut blobs = mrz_line("L898902C36UTO7408122F1204159ZE184226B<<<<<10");
        // Cells 3 and 4 touch: one blob over both.
        let merged = blobs[3].union(&blobs[4]);
        // Cell 10 broke into a top and a bottom piece.
        let top = Blob {
            y1: 50.0,
            ..blobs[10]
        };
        let bottom = Blob {
            y0: 51.0,
            ..blobs[10]
        };
        blobs.splice(10..11, [top, bottom]);
        blobs.splice(3..5, [merged]);
        blobs.sort_by(|a, b| a.cx().total_cmp(&b.cx()));
        let g = fit_grid(&blobs, 14.0).unwrap();
        assert_eq!(g.span(), (0, 43));
        assert_eq!(g.cells.len(), 44);
        assert!((g.x_at(3.0) - 130.0).abs() < 1.0 && (g.x_at(4.0) - 140.0).abs() < 1.0);
    }

    #[test]
    fn grid_bridges_lost_glyphs_and_follows_a_changing_pitch() {
        // Perspective: the pitch grows from 10 to 11 along the line; cells 5-7 are lost.
        let blobs: Vec<Blob> = (0..44)
            .filter(|i| !(5..8).contains(i))
            .map(|i| {
                let i = i as f32;
                glyph(100.0 + 10.0 * i + 0.0114 * i * i, 50.0, 7.0, 14.0)
            })
            .collect();
        let g = fit_grid(&blobs, 14.0).unwrap();
        assert_eq!(g.span(), (0, 43));
        assert_eq!(g.cells.len(), 41);
        assert!((g.x_at(6.0) - (160.0 + 0.0114 * 36.0)).abs() < 0.5);
        assert!((g.x_at(43.0) - (530.0 + 0.0114 * 43.0 * 43.0)).abs() < 0.5);
    }

    #[test]
    fn proportional_text_fits_no_grid() {
        // Words of glyphs as wide as in a proportional face (I narrow, M and W wide),
        // with word gaps: "NATIONAL IMMIGRATION ADMINISTRATION OF THE REPUBLIC".
        let width = |c: char| match c {
            'I' => 2.0,
            'M' | 'W' => 11.0,
            'A' | 'N' | 'O' | 'R' => 9.0,
            _ => 7.0,
        };
        let mut x = 100.0;
        let mut blobs = Vec::new();
        for c in "NATIONAL IMMIGRATION ADMINISTRATION OF THE REPUBLIC".chars() {
            if c == ' ' {
                x += 5.0;
                continue;
            }
            blobs.push(glyph(x + width(c) / 2.0, 50.0, width(c), 14.0));
            x += width(c) + 1.5;
        }
        let g = fit_grid(&blobs, 14.0).unwrap();
        assert!(g.fit < 0.7, "{} {:?} {:?}", g.fit, g.coef, g.span());
    }

    #[test]
    fn chaining_finds_a_skewed_line_and_its_fillers() {
        // 44 cells rising 5° to the right, ending in a run of fillers.
        let slope = 5f32.to_radians().tan();
        let blobs: Vec<Blob> = mrz_line("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<")
            .into_iter()
            .map(|b| {
                let dy = -slope * (b.cx() - 100.0);
                Blob {
                    y0: b.y0 + dy + 200.0,
                    y1: b.y1 + dy + 200.0,
                    ..b
                }
            })
            .collect();
        let lines = text_lines(&blobs);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0].blobs.len(), 44);
        assert!((lines[0].slope + slope).abs() < 0.01);
    }
}
