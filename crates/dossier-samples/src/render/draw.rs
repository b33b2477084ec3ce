//! Drawing primitives for the renderers: a sheet in millimetres with text (ab_glyph
//! rasterisation, recorded as text runs), lines, boxes, rings, rubber stamps and
//! signatures.
//!
//! All colours are applied by multiplying onto the paper, like ink: overlapping strokes
//! darken and a blue stamp over black text keeps the text black, which keeps the text
//! legible to OCR where a stamp overlaps it.

use ab_glyph::{point, Font, Glyph, ScaleFont};
use image::RgbImage;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::{FontKind, Fonts, Page, TextRun};

pub type Color = [u8; 3];
pub const BLACK: Color = [22, 22, 26];
pub const GREY: Color = [110, 110, 115];
pub const BLUE_INK: Color = [30, 50, 150];
pub const STAMP_BLUE: Color = [70, 90, 190];
pub const STAMP_VIOLET: Color = [110, 70, 170];

/// Resolution every renderer draws at.
pub const DPI: u32 = 300;

/// A page being drawn, addressed in millimetres from the top-left corner.
pub struct Sheet<'f> {
    pub img: RgbImage,
    pub runs: Vec<TextRun>,
    pub fonts: &'f Fonts,
}

/// Millimetres to pixels at [`DPI`].
pub fn px(mm: f32) -> f32 {
    mm * DPI as f32 / 25.4
}

/// Points to pixels at [`DPI`].
fn pt_px(pt: f32) -> f32 {
    pt * DPI as f32 / 72.0
}

impl<'f> Sheet<'f> {
    /// A white sheet of `w` × `h` millimetres.
    pub fn new(fonts: &'f Fonts, w: f32, h: f32) -> Sheet<'f> {
        let (wp, hp) = (px(w).round() as u32, px(h).round() as u32);
        // from_raw on a memset buffer: from_pixel is generic code compiled at the crate's
        // opt-level, which made blank A4 pages a tenth of the render time in debug builds.
        let buf = vec![255u8; wp as usize * hp as usize * 3];
        let img = RgbImage::from_raw(wp, hp, buf).unwrap_or_else(|| RgbImage::new(wp, hp));
        Sheet {
            img,
            runs: Vec::new(),
            fonts,
        }
    }

    /// An A4 portrait sheet.
    pub fn a4(fonts: &'f Fonts) -> Sheet<'f> {
        Sheet::new(fonts, 210.0, 297.0)
    }

    pub fn into_page(self) -> Page {
        Page {
            image: self.img,
            dpi: DPI,
            runs: self.runs,
        }
    }

    /// Multiplies ink of `color` with coverage `a` (0..1) onto pixel (x, y).
    fn ink(&mut self, x: i64, y: i64, color: Color, a: f32) {
        let (w, h) = (i64::from(self.img.width()), i64::from(self.img.height()));
        if a <= 0.0 || x < 0 || y < 0 || x >= w || y >= h {
            return;
        }
        let a = a.min(1.0);
        let i = ((y * w + x) * 3) as usize;
        let buf: &mut [u8] = &mut self.img;
        if let Some(px) = buf.get_mut(i..i + 3) {
            for k in 0..3 {
                let f = 1.0 - a + a * f32::from(color[k]) / 255.0;
                px[k] = (f32::from(px[k]) * f + 0.5) as u8;
            }
        }
    }

    /// Width in millimetres of `text` at `pt` points.
    pub fn width(&self, pt: f32, font: FontKind, text: &str) -> f32 {
        self.fonts.text_width(font, pt_px(pt), text) * 25.4 / DPI as f32
    }

    /// Draws `text` with its baseline's left end at (x, y) mm; returns its width in mm.
    /// A title is set in the wording of the sheet's layout family
    /// ([`retitle`](super::layout::retitle)).
    pub fn text(&mut self, x: f32, y: f32, pt: f32, font: FontKind, text: &str) -> f32 {
        let text = super::layout::retitle(self.fonts.layout, text);
        self.text_in(x, y, pt, font, &text, BLACK, true)
    }

    /// Draws `text` centred on `cx`.
    pub fn center(&mut self, cx: f32, y: f32, pt: f32, font: FontKind, text: &str) {
        let text = super::layout::retitle(self.fonts.layout, text);
        let w = self.width(pt, font, &text);
        self.text(cx - w / 2.0, y, pt, font, &text);
    }

    /// Draws `text` ending at `xr`.
    pub fn right(&mut self, xr: f32, y: f32, pt: f32, font: FontKind, text: &str) {
        let text = super::layout::retitle(self.fonts.layout, text);
        let w = self.width(pt, font, &text);
        self.text(xr - w, y, pt, font, &text);
    }

    /// Draws text in a colour; `record` says whether a text layer should hold it.
    #[allow(clippy::too_many_arguments)]
    pub fn text_in(
        &mut self,
        x: f32,
        y: f32,
        pt: f32,
        kind: FontKind,
        text: &str,
        color: Color,
        record: bool,
    ) -> f32 {
        if text.is_empty() {
            return 0.0;
        }
        let em = pt_px(pt);
        let fonts = self.fonts;
        let font = fonts.font(kind);
        let scale = fonts.px_scale(kind, em);
        let scaled = font.as_scaled(scale);
        let (x0, y0) = (px(x), px(y));
        let mut caret = x0;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                caret += scaled.kern(p, id);
            }
            let glyph: Glyph = id.with_scale_and_position(scale, point(caret, y0));
            caret += scaled.h_advance(id);
            prev = Some(id);
            if let Some(outlined) = font.outline_glyph(glyph) {
                let b = outlined.px_bounds();
                let (bx, by) = (b.min.x as i64, b.min.y as i64);
                let mut cov = Vec::new();
                outlined.draw(|gx, gy, v| cov.push((gx, gy, v)));
                for (gx, gy, v) in cov {
                    self.ink(bx + i64::from(gx), by + i64::from(gy), color, v);
                }
            }
        }
        if record {
            self.runs.push(TextRun {
                text: text.to_string(),
                x: x0,
                y: y0,
                size: em,
                font: kind,
            });
        }
        (caret - x0) * 25.4 / DPI as f32
    }

    /// Draws `text` word-wrapped into `w` mm from (x, y); returns the next baseline.
    pub fn para(&mut self, x: f32, y: f32, w: f32, pt: f32, font: FontKind, text: &str) -> f32 {
        let lead = pt * 0.3528 * 1.35;
        let mut y = y;
        for line in self.wrap(w, pt, font, text) {
            self.text(x, y, pt, font, &line);
            y += lead;
        }
        y
    }

    /// Like [`Sheet::para`] but justified to both margins (except the last line), the way
    /// notarial and legal texts are set.
    pub fn para_justified(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        pt: f32,
        font: FontKind,
        text: &str,
    ) -> f32 {
        let lead = pt * 0.3528 * 1.35;
        let lines = self.wrap(w, pt, font, text);
        let n = lines.len();
        let mut y = y;
        let space = self.width(pt, font, " ");
        for (i, line) in lines.into_iter().enumerate() {
            let words: Vec<&str> = line.split(' ').collect();
            if i + 1 == n || words.len() < 2 {
                self.text(x, y, pt, font, &line);
            } else {
                let total: f32 = words.iter().map(|wd| self.width(pt, font, wd)).sum();
                let gap = ((w - total) / (words.len() - 1) as f32).min(space * 5.0);
                let mut cx = x;
                // One run per line keeps the text layer readable; draw word by word.
                let runs_before = self.runs.len();
                for wd in &words {
                    cx += self.text_in(cx, y, pt, font, wd, BLACK, false) + gap;
                }
                self.runs.truncate(runs_before);
                self.runs.push(TextRun {
                    text: line.clone(),
                    x: px(x),
                    y: px(y),
                    size: pt_px(pt),
                    font,
                });
            }
            y += lead;
        }
        y
    }

    /// Splits `text` into lines no wider than `w` mm (explicit '\n' breaks are kept).
    pub fn wrap(&self, w: f32, pt: f32, font: FontKind, text: &str) -> Vec<String> {
        let mut lines = Vec::new();
        for hard in text.split('\n') {
            let mut cur = String::new();
            for word in hard.split_whitespace() {
                let cand = if cur.is_empty() {
                    word.to_string()
                } else {
                    format!("{cur} {word}")
                };
                if !cur.is_empty() && self.width(pt, font, &cand) > w {
                    lines.push(std::mem::take(&mut cur));
                    cur = word.to_string();
                } else {
                    cur = cand;
                }
            }
            lines.push(cur);
        }
        lines
    }

    /// Fills a rectangle (mm).
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color) {
        let (x0, y0, x1, y1) = (px(x), px(y), px(x + w), px(y + h));
        for yy in y0.floor() as i64..y1.ceil() as i64 {
            let cy = cover(yy as f32, y0, y1);
            for xx in x0.floor() as i64..x1.ceil() as i64 {
                let a = cy * cover(xx as f32, x0, x1);
                self.ink(xx, yy, color, a);
            }
        }
    }

    /// A horizontal rule from x1 to x2 at y, `t` mm thick.
    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, t: f32) {
        self.fill(x1, y - t / 2.0, x2 - x1, t, BLACK);
    }

    /// A vertical rule from y1 to y2 at x, `t` mm thick.
    pub fn vline(&mut self, x: f32, y1: f32, y2: f32, t: f32) {
        self.fill(x - t / 2.0, y1, t, y2 - y1, BLACK);
    }

    /// The outline of a rectangle, `t` mm thick, in `color`.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, t: f32, color: Color) {
        self.fill(x, y, w, t, color);
        self.fill(x, y + h - t, w, t, color);
        self.fill(x, y + t, t, h - 2.0 * t, color);
        self.fill(x + w - t, y + t, t, h - 2.0 * t, color);
    }

    /// A dotted leader line (for blanks filled in by hand).
    pub fn dotted(&mut self, x1: f32, x2: f32, y: f32) {
        let mut x = x1;
        while x < x2 {
            self.fill(x, y - 0.1, 0.3, 0.2, [170, 170, 175]);
            x += 1.2;
        }
    }

    /// A filled ellipse (mm), anti-aliased at the edge, clipped to `clip` (x, y, w, h mm).
    pub fn ellipse(
        &mut self,
        (cx, cy): (f32, f32),
        (rx, ry): (f32, f32),
        clip: (f32, f32, f32, f32),
        color: Color,
    ) {
        let (pcx, pcy, prx, pry) = (px(cx), px(cy), px(rx), px(ry));
        let (x_lo, y_lo) = (px(clip.0).ceil() as i64, px(clip.1).ceil() as i64);
        let (x_hi, y_hi) = (
            px(clip.0 + clip.2).floor() as i64,
            px(clip.1 + clip.3).floor() as i64,
        );
        let ys = ((pcy - pry).floor() as i64).max(y_lo)..((pcy + pry).ceil() as i64 + 1).min(y_hi);
        for yy in ys {
            let xs =
                ((pcx - prx).floor() as i64).max(x_lo)..((pcx + prx).ceil() as i64 + 1).min(x_hi);
            for xx in xs {
                let dx = (xx as f32 + 0.5 - pcx) / prx;
                let dy = (yy as f32 + 0.5 - pcy) / pry;
                let d = (dx * dx + dy * dy).sqrt();
                let edge = (1.0 - d) * prx.min(pry);
                self.ink(xx, yy, color, (edge + 0.5).clamp(0.0, 1.0));
            }
        }
    }

    /// A ring of radius `r` and thickness `t` (mm), with ink of strength `a`.
    pub fn ring(&mut self, cx: f32, cy: f32, r: f32, t: f32, color: Color, a: f32) {
        let (pcx, pcy, pr, pt) = (px(cx), px(cy), px(r), px(t) / 2.0);
        let lim = pr + pt + 1.0;
        for yy in (pcy - lim).floor() as i64..=(pcy + lim).ceil() as i64 {
            for xx in (pcx - lim).floor() as i64..=(pcx + lim).ceil() as i64 {
                let dx = xx as f32 + 0.5 - pcx;
                let dy = yy as f32 + 0.5 - pcy;
                let d = ((dx * dx + dy * dy).sqrt() - pr).abs();
                let cov = (pt - d + 0.5).clamp(0.0, 1.0);
                if cov > 0.0 {
                    self.ink(xx, yy, color, cov * a);
                }
            }
        }
    }

    /// A round pen stroke through `pts` (mm) of width `t` mm.
    pub fn stroke(&mut self, pts: &[(f32, f32)], t: f32, color: Color) {
        let r = px(t) / 2.0;
        for w in pts.windows(2) {
            let (a, b) = ((px(w[0].0), px(w[0].1)), (px(w[1].0), px(w[1].1)));
            let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            let x_lo = (a.0.min(b.0) - r - 1.0).floor() as i64;
            let x_hi = (a.0.max(b.0) + r + 1.0).ceil() as i64;
            let y_lo = (a.1.min(b.1) - r - 1.0).floor() as i64;
            let y_hi = (a.1.max(b.1) + r + 1.0).ceil() as i64;
            for yy in y_lo..=y_hi {
                for xx in x_lo..=x_hi {
                    let p = (xx as f32 + 0.5, yy as f32 + 0.5);
                    let tt = if len > 0.0 {
                        (((p.0 - a.0) * (b.0 - a.0) + (p.1 - a.1) * (b.1 - a.1)) / (len * len))
                            .clamp(0.0, 1.0)
                    } else {
                        0.0
                    };
                    let q = (a.0 + tt * (b.0 - a.0), a.1 + tt * (b.1 - a.1));
                    let d = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
                    let cov = (r - d + 0.5).clamp(0.0, 1.0);
                    // Max, not sum, over joints: read back and only darken if stronger.
                    if cov > 0.0 {
                        self.ink_max(xx, yy, color, cov);
                    }
                }
            }
        }
    }

    /// Like `ink`, but the stroke's coverage of a pixel is applied only once: joints of a
    /// polyline would otherwise darken twice.
    fn ink_max(&mut self, x: i64, y: i64, color: Color, a: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.img.width()) || y >= i64::from(self.img.height()) {
            return;
        }
        let target: Vec<u8> = color
            .iter()
            .map(|&c| (255.0 * (1.0 - a + a * f32::from(c) / 255.0)).round() as u8)
            .collect();
        let p = self.img.get_pixel_mut(x as u32, y as u32);
        // Strokes are drawn on (nearly) white paper; keep the darker value per channel.
        for (ch, t) in p.0.iter_mut().zip(target) {
            *ch = (*ch).min(t);
        }
    }

    /// A handwritten-looking signature inside the box (x, y, w, h) mm.
    pub fn signature(&mut self, rng: &mut ChaCha8Rng, x: f32, y: f32, w: f32, h: f32) {
        let mut pts = Vec::new();
        let loops = rng.random_range(3..6);
        let steps = 90;
        let (f1, f2) = (rng.random_range(1.5..3.0f32), rng.random_range(4.0..7.0f32));
        let ph = rng.random_range(0.0..std::f32::consts::TAU);
        for i in 0..=steps {
            let t = i as f32 / steps as f32;
            let ang = t * loops as f32 * std::f32::consts::PI * 2.0;
            let xx = x + t * w * 0.85 + (ang.cos() * w * 0.05);
            let yy = y
                + h * 0.5
                + (ang * 0.5 + ph).sin() * h * 0.35 * (1.0 - t * 0.5)
                + (t * f2 + f1).sin() * h * 0.1;
            pts.push((xx, yy));
        }
        self.stroke(&pts, 0.35, BLUE_INK);
        // The closing flourish.
        let fy = y + h * rng.random_range(0.55..0.8f32);
        self.stroke(
            &[
                (x + w * 0.15, fy),
                (x + w * 0.6, fy + h * 0.08),
                (x + w, fy - h * 0.1),
            ],
            0.3,
            BLUE_INK,
        );
    }

    /// A round rubber stamp: two rings, `outer` set along the circle, `inner` lines across
    /// the middle. Stamp text is not recorded as text runs (a text layer would not hold it).
    #[allow(clippy::too_many_arguments)]
    pub fn stamp(
        &mut self,
        rng: &mut ChaCha8Rng,
        cx: f32,
        cy: f32,
        r: f32,
        outer: &str,
        inner: &[&str],
        color: Color,
    ) {
        let a = rng.random_range(0.75..0.95f32);
        self.ring(cx, cy, r, 0.5, color, a);
        self.ring(cx, cy, r * 0.7, 0.3, color, a);
        let n = outer.chars().count().max(1);
        let rt = r * 0.86;
        // Size the ring text so it spans the circle: about 0.7 em advance per glyph.
        let step = std::f32::consts::TAU / (n as f32 + 1.0);
        let pt = ((rt * step / 0.72) / 0.3528).min(r * 0.5);
        let start = rng.random_range(-0.3..0.3f32) - std::f32::consts::PI / 2.0;
        for (i, c) in outer.chars().enumerate() {
            let ang = start + step * (i as f32 + 1.0);
            let gx = cx + rt * ang.cos();
            let gy = cy + rt * ang.sin();
            self.glyph_rotated(
                c,
                FontKind::SansBold,
                pt,
                gx,
                gy,
                ang + std::f32::consts::PI / 2.0,
                color,
                a,
            );
        }
        let lines = inner.len() as f32;
        for (i, line) in inner.iter().enumerate() {
            let ipt = (r * 0.55).min(r * 2.6 / line.chars().count().max(4) as f32 * 2.2);
            let w = self.width(ipt, FontKind::SansBold, line);
            let yy = cy + (i as f32 - (lines - 1.0) / 2.0) * ipt * 0.45 + ipt * 0.13;
            self.text_in(
                cx - w / 2.0,
                yy,
                ipt,
                FontKind::SansBold,
                line,
                color,
                false,
            );
        }
    }

    /// Draws one glyph centred on (cx, cy) mm, rotated by `ang` radians (clockwise).
    #[allow(clippy::too_many_arguments)]
    fn glyph_rotated(
        &mut self,
        c: char,
        kind: FontKind,
        pt: f32,
        cx: f32,
        cy: f32,
        ang: f32,
        color: Color,
        a: f32,
    ) {
        let fonts = self.fonts;
        let font = fonts.font(kind);
        let scale = fonts.px_scale(kind, pt_px(pt));
        let glyph = font
            .glyph_id(c)
            .with_scale_and_position(scale, point(0.0, 0.0));
        let Some(outlined) = font.outline_glyph(glyph) else {
            return;
        };
        let b = outlined.px_bounds();
        let (w, h) = (
            b.width().ceil() as usize + 1,
            b.height().ceil() as usize + 1,
        );
        let mut buf = vec![0f32; w * h];
        outlined.draw(|gx, gy, v| {
            if let Some(cell) = buf.get_mut(gy as usize * w + gx as usize) {
                *cell = v;
            }
        });
        let (gcx, gcy) = (w as f32 / 2.0, h as f32 / 2.0);
        let (pcx, pcy) = (px(cx), px(cy));
        let (s, co) = ang.sin_cos();
        let rad = ((w * w + h * h) as f32).sqrt() / 2.0 + 1.0;
        for yy in (pcy - rad).floor() as i64..=(pcy + rad).ceil() as i64 {
            for xx in (pcx - rad).floor() as i64..=(pcx + rad).ceil() as i64 {
                let dx = xx as f32 + 0.5 - pcx;
                let dy = yy as f32 + 0.5 - pcy;
                // Inverse rotation back into the glyph's own buffer.
                let sx = co * dx + s * dy + gcx;
                let sy = -s * dx + co * dy + gcy;
                if sx < 0.0 || sy < 0.0 {
                    continue;
                }
                let (ix, iy) = (sx as usize, sy as usize);
                if ix < w && iy < h {
                    let v = buf[iy * w + ix];
                    if v > 0.0 {
                        self.ink(xx, yy, color, v * a);
                    }
                }
            }
        }
    }

    /// Pale wavy security lines over a region (mm), light enough to vanish when binarised.
    pub fn guilloche(
        &mut self,
        rng: &mut ChaCha8Rng,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Color,
    ) {
        let waves = 26;
        let amp = rng.random_range(1.5..3.5f32);
        let f = rng.random_range(0.08..0.16f32);
        for i in 0..waves {
            // Keep the waves inside the region: bases from y + amp to y + h - amp.
            let base = y + amp + (h - 2.0 * amp) * i as f32 / waves as f32;
            let ph = i as f32 * 0.7;
            let pts: Vec<(f32, f32)> = (0..=(w as usize * 2))
                .map(|k| {
                    let xx = x + k as f32 * 0.5;
                    (xx, base + amp * (xx * f + ph).sin())
                })
                .collect();
            self.stroke(&pts, 0.12, color);
        }
    }
}

/// Fraction of pixel [p, p+1) covered by the span [a, b).
fn cover(p: f32, a: f32, b: f32) -> f32 {
    ((p + 1.0).min(b) - p.max(a)).clamp(0.0, 1.0)
}
