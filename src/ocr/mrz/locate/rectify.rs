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

/// The page as it stands upright after a quarter turn, read without copying it.
pub(super) struct Upright<'a> {
    page: &'a GrayImage,
    turn: u16,
}

impl<'a> Upright<'a> {
    pub fn new(page: &'a GrayImage, turn: u16) -> Self {
        Upright { page, turn }
    }

    pub fn dims(&self) -> (u32, u32) {
        let (w, h) = self.page.dimensions();
        match self.turn {
            90 | 270 => (h, w),
            _ => (w, h),
        }
    }

    /// The pixel at (`x`, `y`) of the upright page (turned clockwise by `turn`, as
    /// `image::imageops::rotate90` and friends do).
    pub fn get(&self, x: u32, y: u32) -> u8 {
        let (w, h) = self.page.dimensions();
        let (sx, sy) = match self.turn {
            90 => (y, h - 1 - x),
            180 => (w - 1 - x, h - 1 - y),
            270 => (w - 1 - y, x),
            _ => (x, y),
        };
        self.page.as_raw()[(sy * w + sx) as usize]
    }

    /// Bilinear sample at a continuous point (pixel `x` covers `x..x+1`), `None`
    /// off the page.
    fn sample(&self, fx: f32, fy: f32) -> Option<f32> {
        let (w, h) = self.dims();
        let (gx, gy) = (fx - 0.5, fy - 0.5);
        if gx < 0.0 || gy < 0.0 || gx > (w - 1) as f32 || gy > (h - 1) as f32 {
            return None;
        }
        let (x0, y0) = (gx.floor() as u32, gy.floor() as u32);
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
        let x = self.x_at(t);
        let yt = self.top.0 + self.top.1 * x;
        let yb = self.base.0 + self.base.1 * x;
        let slope = (self.top.1 + self.base.1) / 2.0;
        let norm = (1.0 + slope * slope).sqrt();
        let h = (yb - yt) / norm;
        let (nx, ny) = (-slope / norm, 1.0 / norm);
        let d = (s - 0.5) * h;
        (x + d * nx, (yt + yb) / 2.0 + d * ny)
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
        for r in 0..STRIP_HEIGHT {
            let s = (r as f32 + 0.5 - margin) / STRIP_CAP as f32;
            let (x, y) = geo.point(t, s);
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
    sorted.sort_unstable();
    let dark = sorted[sorted.len() / 10] as u32;
    let light = sorted[sorted.len() * 9 / 10] as u32;
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
    let column: Vec<Vec<f32>> = (0..w)
        .map(|u| {
            let mut c: Vec<f32> = (0..h)
                .map(|r| raw[r * w + u])
                .filter(|v| !v.is_nan())
                .collect();
            c.sort_by(f32::total_cmp);
            c
        })
        .collect();
    let paper: Vec<Option<f32>> = column
        .iter()
        .map(|c| c.get(c.len() * 4 / 5).copied())
        .collect();
    let darkest: Vec<Option<f32>> = column.iter().map(|c| c.first().copied()).collect();
    let reach = (1.5 * pitch).ceil() as usize;
    let mut out = GrayImage::new(width, STRIP_HEIGHT);
    for u in 0..w {
        let win = u.saturating_sub(reach)..(u + reach + 1).min(w);
        let bg = paper[win.clone()]
            .iter()
            .flatten()
            .copied()
            .fold(f32::NAN, f32::max);
        let ink = darkest[win]
            .iter()
            .flatten()
            .copied()
            .fold(f32::NAN, f32::min);
        let (bg, ink) = if bg.is_nan() {
            (255.0, 0.0)
        } else {
            (bg, ink.min(bg - 40.0))
        };
        for r in 0..h {
            let v = raw[r * w + u];
            let v = if v.is_nan() { bg } else { v };
            let n = (255.0 * (v - ink) / (bg - ink)).clamp(0.0, 255.0);
            out.put_pixel(u as u32, r as u32, image::Luma([n.round() as u8]));
        }
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
