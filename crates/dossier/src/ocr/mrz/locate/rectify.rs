//! From a line found on the search image to a [`LineStrip`] sampled from the full
//! resolution page: the glyph tops and baselines fitted at full resolution, the cell
//! grid scaled up, and the strip sampled bilinearly along that geometry, so skew (a
//! sloping line), keystone (a glyph height changing along the line) and a pitch
//! changing along the line all come out level and regular.

use image::GrayImage;

use super::lines::robust_line;
use super::zone::GridLine;
use crate::model::BBox;
use crate::ocr::mrz::{LineStrip, STRIP_CAP, STRIP_HEIGHT, STRIP_MARGIN};

/// The page as it stands upright after a quarter turn, read without copying it: pixel
/// (`x`, `y`) of the upright page is entry `origin + x·dx + y·dy` of the page's pixels.
pub(super) struct Upright<'a> {
    raw: &'a [u8],
    dims: (u32, u32),
    origin: i64,
    dx: i64,
    dy: i64,
}

impl<'a> Upright<'a> {
    /// The page turned clockwise by `turn` (0, 90, 180 or 270), as
    /// `image::imageops::rotate90` and friends turn it.
    pub fn new(page: &'a GrayImage, turn: u16) -> Self {
        let (w, h) = page.dimensions();
        let (wi, hi) = (w as i64, h as i64);
        let (dims, origin, dx, dy) = match turn {
            90 => ((h, w), (hi - 1) * wi, -wi, 1),
            180 => ((w, h), (hi - 1) * wi + wi - 1, -1, -wi),
            270 => ((h, w), wi - 1, wi, -1),
            _ => ((w, h), 0, 1, wi),
        };
        Upright {
            raw: page.as_raw(),
            dims,
            origin,
            dx,
            dy,
        }
    }

    pub fn dims(&self) -> (u32, u32) {
        self.dims
    }

    /// The pixel at (`x`, `y`) of the upright page.
    pub fn get(&self, x: u32, y: u32) -> u8 {
        self.raw[(self.origin + x as i64 * self.dx + y as i64 * self.dy) as usize]
    }

    /// Bilinear sample at a continuous point (pixel `x` covers `x..x+1`), `None`
    /// off the page.
    fn sample(&self, fx: f32, fy: f32) -> Option<f32> {
        let (w, h) = self.dims();
        let (gx, gy) = (fx - 0.5, fy - 0.5);
        if gx < 0.0 || gy < 0.0 || gx > (w - 1) as f32 || gy > (h - 1) as f32 {
            return None;
        }
        // Both are non-negative here, so truncating is flooring (and much cheaper
        // than `floor`, a library call on the baseline x86-64 target).
        let (x0, y0) = (gx as u32, gy as u32);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (tx, ty) = (gx - x0 as f32, gy - y0 as f32);
        let v = |x, y| self.get(x, y) as f32;
        let top = v(x0, y0) * (1.0 - tx) + v(x1, y0) * tx;
        let bottom = v(x0, y1) * (1.0 - tx) + v(x1, y1) * tx;
        Some(top * (1.0 - ty) + bottom * ty)
    }
}

/// A line's geometry on the full-resolution upright page.
struct Geometry {
    /// Glyph tops `y = a + b·x` and baselines.
    top: (f32, f32),
    base: (f32, f32),
    /// Cell centres `x(i) = a + b·i + c·i²`, `i` counted from the strip's first cell.
    grid: [f32; 3],
}

impl Geometry {
    fn x_at(&self, i: f32) -> f32 {
        self.grid[0] + self.grid[1] * i + self.grid[2] * i * i
    }

    /// The page point at fractional cell `t` and fractional height `s` (0 at the
    /// glyph top, 1 at the baseline), stepping across the line along its normal so a
    /// skewed line's glyphs are not sheared.
    fn point(&self, t: f32, s: f32) -> (f32, f32) {
        self.column(t).at(s)
    }

    /// The segment across the line at fractional cell `t`, from the glyph top to the
    /// baseline along the line's normal.
    fn column(&self, t: f32) -> Column {
        let x = self.x_at(t);
        let yt = self.top.0 + self.top.1 * x;
        let yb = self.base.0 + self.base.1 * x;
        let slope = (self.top.1 + self.base.1) / 2.0;
        let norm = (1.0 + slope * slope).sqrt();
        let h = (yb - yt) / norm;
        Column {
            centre: (x, (yt + yb) / 2.0),
            step: (-slope / norm * h, h / norm),
        }
    }

    /// Mean pitch and mean cap height over `cells` cells (page pixels).
    fn mean_pitch_and_cap(&self, cells: usize) -> (f32, f32) {
        let n = cells.max(2) as f32;
        let pitch = (self.x_at(n - 1.0) - self.x_at(0.0)) / (n - 1.0);
        let xm = self.x_at((n - 1.0) / 2.0);
        let cap = (self.base.0 + self.base.1 * xm) - (self.top.0 + self.top.1 * xm);
        (pitch, cap)
    }
}

/// A segment across a line: its centre and the step from the glyph top to the baseline.
struct Column {
    centre: (f32, f32),
    step: (f32, f32),
}

impl Column {
    /// The point at fractional height `s` (0 at the glyph top, 1 at the baseline).
    fn at(&self, s: f32) -> (f32, f32) {
        let d = s - 0.5;
        (
            self.centre.0 + d * self.step.0,
            self.centre.1 + d * self.step.1,
        )
    }
}

/// The strip of one zone line: `cells` cells from index `first` of its grid; `k` page
/// pixels per search pixel.
pub(super) fn strip(view: &Upright, gl: &GridLine, first: i32, cells: usize, k: f32) -> LineStrip {
    let geo = geometry(view, gl, first, k);
    let (pitch, cap) = geo.mean_pitch_and_cap(cells);
    let scale = STRIP_CAP as f32 / cap.max(1.0);
    let strip_pitch = pitch * scale;
    let margin = STRIP_MARGIN as f32;
    let width = (2.0 * margin + cells as f32 * strip_pitch).ceil() as u32;
    let mut raw = vec![f32::NAN; (width * STRIP_HEIGHT) as usize];
    for u in 0..width {
        let t = (u as f32 + 0.5 - margin) / strip_pitch - 0.5;
        let column = geo.column(t);
        for r in 0..STRIP_HEIGHT {
            let s = (r as f32 + 0.5 - margin) / STRIP_CAP as f32;
            let (x, y) = column.at(s);
            if let Some(v) = view.sample(x, y) {
                raw[(r * width + u) as usize] = v;
            }
        }
    }
    let image = normalise(&raw, width, strip_pitch);
    let centers = (0..cells)
        .map(|i| margin + (i as f32 + 0.5) * strip_pitch)
        .collect();
    let boxes = (0..cells)
        .map(|i| cell_box(&geo, i as f32, view.dims()))
        .collect();
    LineStrip {
        image,
        centers,
        pitch: strip_pitch,
        boxes,
    }
}

/// The line's geometry at full resolution: the grid scaled up from the search image,
/// the tops and baselines fitted through the glyphs measured on the page itself.
fn geometry(view: &Upright, gl: &GridLine, first: i32, k: f32) -> Geometry {
    let [a, b, c] = gl.grid.coef;
    let f = first as f32;
    // Re-anchor at `first` and scale to page pixels.
    let grid = [k * (a + b * f + c * f * f), k * (b + 2.0 * c * f), k * c];
    let cap = gl.line.cap * k;
    let mut tops = Vec::new();
    let mut bases = Vec::new();
    for (_, blob) in gl
        .grid
        .cells
        .iter()
        .filter(|(_, b)| b.h() >= 0.8 * gl.line.cap)
    {
        let pad = k + 1.0;
        let bx = (
            blob.x0 * k,
            blob.y0 * k - pad,
            blob.x1 * k,
            blob.y1 * k + pad,
        );
        if let Some((t, bt)) = ink_rows(view, bx) {
            let cx = (bx.0 + bx.2) / 2.0;
            tops.push((cx, t));
            bases.push((cx, bt));
        }
    }
    let tol = 0.04 * cap + 0.5;
    let centre = |x: f32| k * gl.line.y_at(x / k);
    let fallback = |d: f32| {
        let y0 = centre(0.0) + d;
        (y0, gl.line.slope)
    };
    let fit = |pts: &[(f32, f32)], d: f32| {
        if pts.len() >= 4 {
            robust_line(pts, tol).unwrap_or(fallback(d))
        } else {
            fallback(d)
        }
    };
    Geometry {
        top: fit(&tops, -cap / 2.0),
        base: fit(&bases, cap / 2.0),
        grid,
    }
}

/// The first and last ink rows (continuous: the top edge of the first, the bottom
/// edge of the last) of the glyph inside box `(x0, y0, x1, y1)` of the page,
/// thresholded midway between its darkest and brightest tenths.
fn ink_rows(view: &Upright, (x0, y0, x1, y1): (f32, f32, f32, f32)) -> Option<(f32, f32)> {
    let (w, h) = view.dims();
    let (x0, x1) = (x0.max(0.0) as u32, (x1.ceil() as u32).min(w));
    let (y0, y1) = (y0.max(0.0) as u32, (y1.ceil() as u32).min(h));
    if x1 <= x0 + 1 || y1 <= y0 + 2 {
        return None;
    }
    let mut values: Vec<u8> = Vec::with_capacity(((x1 - x0) * (y1 - y0)) as usize);
    for y in y0..y1 {
        values.extend((x0..x1).map(|x| view.get(x, y)));
    }
    let mut sorted = values.clone();
    let n = sorted.len();
    let dark = *sorted.select_nth_unstable(n / 10).1 as u32;
    let light = *sorted.select_nth_unstable(n * 9 / 10).1 as u32;
    if light < dark + 30 {
        return None;
    }
    let level = ((dark + light) / 2) as u8;
    let cols = (x1 - x0) as usize;
    let need = (cols / 8).max(1);
    let inked = |row: usize| {
        values[row * cols..(row + 1) * cols]
            .iter()
            .filter(|&&v| v < level)
            .count()
            >= need
    };
    let rows = (y1 - y0) as usize;
    let top = (0..rows).find(|&r| inked(r))?;
    let bottom = (0..rows).rev().find(|&r| inked(r))?;
    (bottom > top).then(|| {
        (
            (y0 as usize + top) as f32,
            (y0 as usize + bottom + 1) as f32,
        )
    })
}

/// Stretches the sampled strip so that the paper is white and the ink black, locally
/// (over a few cells), so a shadow across the line or a fading print does not change
/// the glyphs' grey levels; samples off the page become paper. Grey levels in between
/// are kept: the recogniser wants them.
fn normalise(raw: &[f32], width: u32, pitch: f32) -> GrayImage {
    let h = STRIP_HEIGHT as usize;
    let w = width as usize;
    let column: Vec<(Option<f32>, Option<f32>)> = (0..w)
        .map(|u| {
            let mut c: Vec<f32> = (0..h)
                .map(|r| raw[r * w + u])
                .filter(|v| !v.is_nan())
                .collect();
            if c.is_empty() {
                return (None, None);
            }
            let darkest = c.iter().copied().fold(f32::INFINITY, f32::min);
            let k = c.len() * 4 / 5;
            let paper = *c.select_nth_unstable_by(k, f32::total_cmp).1;
            (Some(paper), Some(darkest))
        })
        .collect();
    let reach = (1.5 * pitch).ceil() as usize;
    let paper = sliding_extreme(&column.iter().map(|c| c.0).collect::<Vec<_>>(), reach, true);
    let darkest = sliding_extreme(
        &column.iter().map(|c| c.1).collect::<Vec<_>>(),
        reach,
        false,
    );
    let mut out = GrayImage::new(width, STRIP_HEIGHT);
    for u in 0..w {
        let (bg, ink) = match (paper[u], darkest[u]) {
            (Some(bg), Some(ink)) => (bg, ink.min(bg - 40.0)),
            _ => (255.0, 0.0),
        };
        for r in 0..h {
            let v = raw[r * w + u];
            let v = if v.is_nan() { bg } else { v };
            let n = (255.0 * (v - ink) / (bg - ink)).clamp(0.0, 255.0);
            out.put_pixel(u as u32, r as u32, image::Luma([(n + 0.5) as u8]));
        }
    }
    out
}

/// The largest (or smallest) value within `reach` entries of each entry, skipping
/// missing ones: a sliding window over a monotonic queue, linear in the length.
fn sliding_extreme(values: &[Option<f32>], reach: usize, largest: bool) -> Vec<Option<f32>> {
    let beats = |a: f32, b: f32| if largest { a >= b } else { a <= b };
    let mut queue: std::collections::VecDeque<(usize, f32)> = std::collections::VecDeque::new();
    let mut out = Vec::with_capacity(values.len());
    let n = values.len();
    let mut next = 0;
    for u in 0..n {
        // Admit everything up to u + reach, drop what fell out on the left.
        while next < n && next <= u + reach {
            if let Some(v) = values[next] {
                while queue.back().is_some_and(|&(_, b)| beats(v, b)) {
                    queue.pop_back();
                }
                queue.push_back((next, v));
            }
            next += 1;
        }
        while queue.front().is_some_and(|&(i, _)| i + reach < u) {
            queue.pop_front();
        }
        out.push(queue.front().map(|&(_, v)| v));
    }
    out
}

/// The box on the page of cell `i` (with the rows above and below its glyph band up
/// to the strip margins left out).
fn cell_box(geo: &Geometry, i: f32, (w, h): (u32, u32)) -> BBox {
    let corners = [
        geo.point(i - 0.5, 0.0),
        geo.point(i + 0.5, 0.0),
        geo.point(i - 0.5, 1.0),
        geo.point(i + 0.5, 1.0),
    ];
    let x0 = corners.iter().map(|p| p.0).fold(f32::INFINITY, f32::min);
    let x1 = corners
        .iter()
        .map(|p| p.0)
        .fold(f32::NEG_INFINITY, f32::max);
    let y0 = corners.iter().map(|p| p.1).fold(f32::INFINITY, f32::min);
    let y1 = corners
        .iter()
        .map(|p| p.1)
        .fold(f32::NEG_INFINITY, f32::max);
    let clamp = |v: f32, hi: u32| v.round().clamp(0.0, hi as f32) as u32;
    let (x0, x1) = (clamp(x0, w), clamp(x1, w));
    let (y0, y1) = (clamp(y0, h), clamp(y1, h));
    BBox {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::imageops;

    #[test]
    fn the_upright_view_reads_as_the_rotated_image() {
        let page = GrayImage::from_fn(7, 4, |x, y| image::Luma([(x * 10 + y) as u8]));
        let rotated = [
            (0, page.clone()),
            (90, imageops::rotate90(&page)),
            (180, imageops::rotate180(&page)),
            (270, imageops::rotate270(&page)),
        ];
        for (turn, img) in rotated {
            let view = Upright::new(&page, turn);
            assert_eq!(view.dims(), img.dimensions(), "turn {turn}");
            for (x, y, p) in img.enumerate_pixels() {
                assert_eq!(view.get(x, y), p[0], "turn {turn} at {x},{y}");
            }
        }
    }

    #[test]
    fn sliding_extremes_skip_missing_values() {
        let v = [Some(3.0), None, Some(1.0), Some(5.0), None, None, Some(2.0)];
        let max = sliding_extreme(&v, 1, true);
        assert_eq!(
            max,
            vec![
                Some(3.0),
                Some(3.0),
                Some(5.0),
                Some(5.0),
                Some(5.0),
                Some(2.0),
                Some(2.0)
            ]
        );
        let min = sliding_extreme(&v, 1, false);
        assert_eq!(
            min,
            vec![
                Some(3.0),
                Some(1.0),
                Some(1.0),
                Some(1.0),
                Some(5.0),
                Some(2.0),
                Some(2.0)
            ]
        );
        assert_eq!(sliding_extreme(&[None, None], 3, true), vec![None, None]);
    }
}
