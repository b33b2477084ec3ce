//! A drawing surface at any resolution, addressed in millimetres: fills, outlines,
//! procedural security patterns, a photo placeholder, text sized by its capital height,
//! and the MRZ's OCR-B set glyph by glyph on a chosen pitch with jitter and stroke weight.
//!
//! Ink multiplies onto the paper, as in `render::draw`.

use ab_glyph::{point, Font, FontVec, PxScale, ScaleFont};
use image::RgbImage;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub type Color = [u8; 3];

/// A rectangle in millimetres: (x0, y0, x1, y1).
pub type RectMm = [f32; 4];

pub struct Canvas {
    pub img: RgbImage,
    /// Pixels per millimetre.
    pub ppm: f32,
}

/// The OCR-B glyphs of one MRZ line as drawn, in the canvas's millimetres.
#[derive(Clone, Debug, Default)]
pub struct LineGeom {
    /// Ink bounds of each drawn glyph (fillers included).
    pub ink: Vec<RectMm>,
    /// Centre of each character cell (x, y at mid cap height).
    pub centres: Vec<(f32, f32)>,
}

/// How the MRZ is set: pitch, size and stroke, all in millimetres.
#[derive(Clone, Debug)]
pub struct MrzStyle {
    pub pitch: f32,
    pub cap: f32,
    /// Glyph width relative to the font's own (1.0 = as designed).
    pub aspect: f32,
    /// Stroke offset in mm: positive thickens, negative thins.
    pub weight: f32,
    /// Per-glyph position jitter (mm, uniform ±).
    pub jitter_x: f32,
    pub jitter_y: f32,
    pub color: Color,
}

/// Capital height of `font` in font units (from the outline of 'H').
fn cap_units(font: &FontVec) -> f32 {
    let id = font.glyph_id('H');
    font.outline(id)
        .map(|o| o.bounds.max.y - o.bounds.min.y)
        .filter(|h| *h > 0.0)
        .unwrap_or_else(|| font.units_per_em().unwrap_or(1000.0) * 0.7)
}

/// ab_glyph's scale for a capital height of `cap_px` pixels (its scale is ascent - descent).
pub fn cap_scale(font: &FontVec, cap_px: f32, aspect: f32) -> PxScale {
    let y = cap_px * font.height_unscaled() / cap_units(font);
    PxScale { x: y * aspect, y }
}

impl Canvas {
    /// A blank canvas of `w` × `h` mm at `ppm` pixels per mm, filled with `paper`.
    pub fn new(w: f32, h: f32, ppm: f32, paper: Color) -> Canvas {
        let (wp, hp) = (
            ((w * ppm).round() as u32).max(1),
            ((h * ppm).round() as u32).max(1),
        );
        let mut buf = Vec::with_capacity(wp as usize * hp as usize * 3);
        for _ in 0..wp as usize * hp as usize {
            buf.extend_from_slice(&paper);
        }
        let img = RgbImage::from_raw(wp, hp, buf).unwrap_or_else(|| RgbImage::new(wp, hp));
        Canvas { img, ppm }
    }

    pub fn w_mm(&self) -> f32 {
        self.img.width() as f32 / self.ppm
    }

    pub fn h_mm(&self) -> f32 {
        self.img.height() as f32 / self.ppm
    }

    fn ink(&mut self, x: i64, y: i64, color: Color, a: f32) {
        let (w, h) = (i64::from(self.img.width()), i64::from(self.img.height()));
        if a <= 0.0 || x < 0 || y < 0 || x >= w || y >= h {
            return;
        }
        let a = a.min(1.0);
        let i = ((y * w + x) * 3) as usize;
        let buf: &mut [u8] = &mut self.img;
        if let Some(p) = buf.get_mut(i..i + 3) {
            for k in 0..3 {
                let f = 1.0 - a + a * f32::from(color[k]) / 255.0;
                p[k] = (f32::from(p[k]) * f + 0.5) as u8;
            }
        }
    }

    /// Replaces a rectangle with `color` (not multiplied: clears what is under it).
    pub fn paint(&mut self, r: RectMm, color: Color) {
        let (x0, y0, x1, y1) = self.px_rect(r);
        for y in y0..y1 {
            for x in x0..x1 {
                self.img.put_pixel(x, y, image::Rgb(color));
            }
        }
    }

    fn px_rect(&self, r: RectMm) -> (u32, u32, u32, u32) {
        let c = |v: f32, max: u32| ((v * self.ppm).round().max(0.0) as u32).min(max);
        let (w, h) = self.img.dimensions();
        (c(r[0], w), c(r[1], h), c(r[2], w), c(r[3], h))
    }

    /// Multiplies `color` over a rectangle with strength `a`.
    pub fn fill(&mut self, r: RectMm, color: Color, a: f32) {
        let (x0, y0, x1, y1) = self.px_rect(r);
        for y in y0..y1 {
            for x in x0..x1 {
                self.ink(i64::from(x), i64::from(y), color, a);
            }
        }
    }

    /// A rectangle outline `t` mm thick.
    pub fn frame(&mut self, r: RectMm, t: f32, color: Color) {
        self.fill([r[0], r[1], r[2], r[1] + t], color, 1.0);
        self.fill([r[0], r[3] - t, r[2], r[3]], color, 1.0);
        self.fill([r[0], r[1] + t, r[0] + t, r[3] - t], color, 1.0);
        self.fill([r[2] - t, r[1] + t, r[2], r[3] - t], color, 1.0);
    }

    /// A filled ellipse clipped to `clip`.
    pub fn ellipse(&mut self, c: (f32, f32), r: (f32, f32), clip: RectMm, color: Color) {
        let (x0, y0, x1, y1) = self.px_rect(clip);
        let (cx, cy, rx, ry) = (
            c.0 * self.ppm,
            c.1 * self.ppm,
            r.0 * self.ppm,
            r.1 * self.ppm,
        );
        for y in y0..y1 {
            for x in x0..x1 {
                let dx = (x as f32 + 0.5 - cx) / rx;
                let dy = (y as f32 + 0.5 - cy) / ry;
                let edge = (1.0 - (dx * dx + dy * dy).sqrt()) * rx.min(ry);
                self.ink(
                    i64::from(x),
                    i64::from(y),
                    color,
                    (edge + 0.5).clamp(0.0, 1.0),
                );
            }
        }
    }

    /// A photo placeholder: a toned background with a head-and-shoulders silhouette.
    pub fn photo(&mut self, rng: &mut ChaCha8Rng, r: RectMm) {
        let tone = rng.random_range(200..236u8);
        let bg: Color = [tone, tone, tone.saturating_add(rng.random_range(0..12))];
        self.fill(r, bg, 1.0);
        let (w, h) = (r[2] - r[0], r[3] - r[1]);
        let dark = rng.random_range(70..150u8);
        let sil: Color = [dark, dark.saturating_sub(8), dark.saturating_sub(14)];
        let cx = r[0] + w * rng.random_range(0.45..0.55f32);
        self.ellipse((cx, r[1] + h * 1.02), (w * 0.48, h * 0.33), r, sil);
        self.ellipse((cx, r[1] + h * 0.42), (w * 0.22, h * 0.23), r, sil);
        let hair = dark / 2;
        self.ellipse(
            (cx, r[1] + h * 0.3),
            (w * 0.22, h * 0.12),
            r,
            [hair, hair, hair],
        );
    }

    /// Pale security lines over `r`: two families of crossing waves (`rosette` false) or
    /// rings modulated around a centre (`rosette` true).
    pub fn guilloche(
        &mut self,
        rng: &mut ChaCha8Rng,
        r: RectMm,
        color: Color,
        a: f32,
        rosette: bool,
    ) {
        let (x0, y0, x1, y1) = self.px_rect(r);
        let spacing = rng.random_range(0.6..1.4f32);
        let width = rng.random_range(0.08..0.16f32);
        let (f1, f2) = (
            rng.random_range(0.05..0.15f32),
            rng.random_range(0.15..0.4f32),
        );
        let (a1, a2) = (rng.random_range(1.0..4.0f32), rng.random_range(0.2..0.8f32));
        let (p1, p2) = (rng.random_range(0.0..6.3f32), rng.random_range(0.0..6.3f32));
        let k = rng.random_range(5..14) as f32;
        let (cx, cy) = (
            r[0] + (r[2] - r[0]) * rng.random_range(0.2..0.8f32),
            r[1] + (r[3] - r[1]) * rng.random_range(0.2..0.8f32),
        );
        let ppm = self.ppm;
        let line = |phi: f32| {
            let d = ((phi + 0.5) - (phi + 0.5).floor() - 0.5).abs() * spacing;
            ((width / 2.0 - d) * ppm + 0.5).clamp(0.0, 1.0)
        };
        // The wave terms depend on x only: one row of them serves every row.
        let xs: Vec<f32> = (x0..x1).map(|x| (x as f32 + 0.5) / ppm).collect();
        let wave_u: Vec<f32> = xs
            .iter()
            .map(|&xm| a1 * (xm * f1 + p1).sin() + a2 * (xm * f2 + p2).sin())
            .collect();
        let wave_v: Vec<f32> = xs
            .iter()
            .map(|&xm| -a1 * (xm * f1 + p2).sin() + a2 * (xm * f2 * 0.7 + p1).cos())
            .collect();
        for y in y0..y1 {
            let ym = (y as f32 + 0.5) / ppm;
            for (i, x) in (x0..x1).enumerate() {
                let cov = if rosette {
                    let (dx, dy) = (xs[i] - cx, ym - cy);
                    let rr = (dx * dx + dy * dy).sqrt();
                    let th = dy.atan2(dx);
                    line((rr + a1 * 0.6 * (k * th + p1).sin()) / spacing)
                        .max(line((rr + a1 * 0.6 * (k * th + p2 + 1.5).sin()) / spacing))
                } else {
                    line((ym + wave_u[i]) / spacing).max(line((ym + wave_v[i]) / spacing + 0.37))
                };
                if cov > 0.0 {
                    self.ink(i64::from(x), i64::from(y), color, cov * a);
                }
            }
        }
    }

    /// A handwritten-looking signature stroke inside `r`.
    pub fn signature(&mut self, rng: &mut ChaCha8Rng, r: RectMm, color: Color) {
        let (w, h) = (r[2] - r[0], r[3] - r[1]);
        let loops = rng.random_range(3..6) as f32;
        let ph = rng.random_range(0.0..6.3f32);
        let steps = 200;
        let t_px = (0.3 * self.ppm).max(1.0);
        let mut prev: Option<(f32, f32)> = None;
        for i in 0..=steps {
            let t = i as f32 / steps as f32;
            let ang = t * loops * std::f32::consts::TAU;
            let x = r[0] + t * w * 0.9 + ang.cos() * w * 0.04;
            let y = r[1] + h * 0.5 + (ang * 0.5 + ph).sin() * h * 0.35 * (1.0 - t * 0.5);
            let p = (x * self.ppm, y * self.ppm);
            if let Some(q) = prev {
                self.segment(q, p, t_px, color);
            }
            prev = Some(p);
        }
    }

    /// A round-ended segment between pixel points, `t` px wide.
    fn segment(&mut self, a: (f32, f32), b: (f32, f32), t: f32, color: Color) {
        let r = t / 2.0;
        let (xl, xh) = (
            (a.0.min(b.0) - r - 1.0) as i64,
            (a.0.max(b.0) + r + 1.0) as i64,
        );
        let (yl, yh) = (
            (a.1.min(b.1) - r - 1.0) as i64,
            (a.1.max(b.1) + r + 1.0) as i64,
        );
        let len2 = (b.0 - a.0).powi(2) + (b.1 - a.1).powi(2);
        for y in yl..=yh {
            for x in xl..=xh {
                let p = (x as f32 + 0.5, y as f32 + 0.5);
                let tt = if len2 > 0.0 {
                    (((p.0 - a.0) * (b.0 - a.0) + (p.1 - a.1) * (b.1 - a.1)) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let q = (a.0 + tt * (b.0 - a.0), a.1 + tt * (b.1 - a.1));
                let d = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
                let cov = (r - d + 0.5).clamp(0.0, 1.0) * 0.5;
                self.ink(x, y, color, cov);
            }
        }
    }

    /// Width in mm of `text` at capital height `cap` mm.
    pub fn width(&self, font: &FontVec, cap: f32, text: &str) -> f32 {
        let scale = cap_scale(font, cap * self.ppm, 1.0);
        let sf = font.as_scaled(scale);
        let mut w = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = sf.glyph_id(c);
            if let Some(p) = prev {
                w += sf.kern(p, id);
            }
            w += sf.h_advance(id);
            prev = Some(id);
        }
        w / self.ppm
    }

    /// Draws `text` with its baseline's left end at (x, y) mm and capitals `cap` mm high;
    /// returns the width in mm.
    pub fn text(
        &mut self,
        font: &FontVec,
        x: f32,
        y: f32,
        cap: f32,
        text: &str,
        color: Color,
    ) -> f32 {
        let scale = cap_scale(font, cap * self.ppm, 1.0);
        let sf = font.as_scaled(scale);
        let (x0, y0) = (x * self.ppm, y * self.ppm);
        let mut caret = x0;
        let mut prev = None;
        for c in text.chars() {
            let id = sf.glyph_id(c);
            if let Some(p) = prev {
                caret += sf.kern(p, id);
            }
            let g = id.with_scale_and_position(scale, point(caret, y0));
            caret += sf.h_advance(id);
            prev = Some(id);
            if let Some(o) = font.outline_glyph(g) {
                let b = o.px_bounds();
                let (bx, by) = (b.min.x as i64, b.min.y as i64);
                let mut cov = Vec::new();
                o.draw(|gx, gy, v| cov.push((gx, gy, v)));
                for (gx, gy, v) in cov {
                    self.ink(bx + i64::from(gx), by + i64::from(gy), color, v);
                }
            }
        }
        (caret - x0) / self.ppm
    }

    /// Draws `text` shrunk (down to 60 %) to end before `max_w` mm.
    #[allow(clippy::too_many_arguments)]
    pub fn text_fit(
        &mut self,
        font: &FontVec,
        x: f32,
        y: f32,
        cap: f32,
        max_w: f32,
        text: &str,
        color: Color,
    ) -> f32 {
        let mut c = cap;
        while c > cap * 0.6 && self.width(font, c, text) > max_w {
            c *= 0.95;
        }
        self.text(font, x, y, c, text, color)
    }

    /// Sets one MRZ line on its pitch: each character centred in its cell, the baseline at
    /// `y` mm, the first cell starting at `x` mm. Returns where each glyph went.
    pub fn mrz_line(
        &mut self,
        rng: &mut ChaCha8Rng,
        font: &FontVec,
        x: f32,
        y: f32,
        line: &str,
        st: &MrzStyle,
    ) -> LineGeom {
        let ppm = self.ppm;
        let scale = cap_scale(font, st.cap * ppm, st.aspect);
        let sf = font.as_scaled(scale);
        let w = self.img.width() as usize;
        let h = self.img.height() as usize;
        let mut geom = LineGeom::default();
        let off = st.weight * ppm;
        for (i, c) in line.chars().enumerate() {
            let id = sf.glyph_id(c);
            let adv = sf.h_advance(id);
            let jx = if st.jitter_x > 0.0 {
                rng.random_range(-st.jitter_x..st.jitter_x)
            } else {
                0.0
            };
            let jy = if st.jitter_y > 0.0 {
                rng.random_range(-st.jitter_y..st.jitter_y)
            } else {
                0.0
            };
            let cell = x + i as f32 * st.pitch;
            let gx = (cell + jx) * ppm + (st.pitch * ppm - adv) / 2.0;
            let gy = (y + jy) * ppm;
            geom.centres.push((cell + st.pitch / 2.0, y - st.cap / 2.0));
            // Coverage of the glyph, thickened (max over shifted copies) or thinned (min).
            let shifts: &[(f32, f32)] = if off.abs() < 0.05 {
                &[(0.0, 0.0)]
            } else {
                &[(0.0, 0.0), (1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)]
            };
            let pad = off.abs().ceil() as i64 + 1;
            let Some(base) = font.outline_glyph(id.with_scale_and_position(scale, point(gx, gy)))
            else {
                continue;
            };
            let b = base.px_bounds();
            let (bx, by) = (b.min.x as i64 - pad, b.min.y as i64 - pad);
            let bw = (b.width().ceil() as i64 + 2 * pad + 1) as usize;
            let bh = (b.height().ceil() as i64 + 2 * pad + 1) as usize;
            let mut acc = vec![if off < 0.0 { 1.0f32 } else { 0.0 }; bw * bh];
            for (k, &(sx, sy)) in shifts.iter().enumerate() {
                let mut one = vec![0.0f32; bw * bh];
                let pos = point(gx + sx * off.abs(), gy + sy * off.abs());
                if let Some(o) = font.outline_glyph(id.with_scale_and_position(scale, pos)) {
                    let ob = o.px_bounds();
                    let (ox, oy) = (ob.min.x as i64 - bx, ob.min.y as i64 - by);
                    o.draw(|px, py, v| {
                        let (xx, yy) = (ox + i64::from(px), oy + i64::from(py));
                        if xx >= 0 && yy >= 0 && (xx as usize) < bw && (yy as usize) < bh {
                            one[yy as usize * bw + xx as usize] = v;
                        }
                    });
                }
                for (a, o) in acc.iter_mut().zip(&one) {
                    *a = if k == 0 && shifts.len() == 1 {
                        *o
                    } else if off < 0.0 {
                        a.min(*o)
                    } else {
                        a.max(*o)
                    };
                }
            }
            let (mut ix0, mut iy0, mut ix1, mut iy1) = (i64::MAX, i64::MAX, i64::MIN, i64::MIN);
            for yy in 0..bh {
                for xx in 0..bw {
                    let v = acc[yy * bw + xx];
                    if v > 0.02 {
                        let (px, py) = (bx + xx as i64, by + yy as i64);
                        if px >= 0 && py >= 0 && (px as usize) < w && (py as usize) < h {
                            self.ink(px, py, st.color, v);
                        }
                        ix0 = ix0.min(px);
                        iy0 = iy0.min(py);
                        ix1 = ix1.max(px + 1);
                        iy1 = iy1.max(py + 1);
                    }
                }
            }
            if ix0 <= ix1 {
                geom.ink.push([
                    ix0 as f32 / ppm,
                    iy0 as f32 / ppm,
                    ix1 as f32 / ppm,
                    iy1 as f32 / ppm,
                ]);
            }
        }
        geom
    }
}
