//! Training the glyph recogniser ([`super::glyph`]) on synthetic OCR-B lines.
//!
//! The checked-in `ocrb.model` is `train(&TrainConfig::default())`, written by
//! `cargo run --release --example train_mrz_model -- --out crates/dossier/src/ocr/mrz/ocrb.model`;
//! `tests/mrz_model.rs` checks that it still comes out byte for byte. Everything here is
//! deterministic: every line is drawn from its own ChaCha8 stream seeded by its index,
//! floats are combined in a fixed order on one thread, and nothing calls the C library's
//! transcendental functions (their last bit may depend on the CPU).
//!
//! **What a training line looks like.** A random run of MRZ symbols (`<` often, in
//! runs, as in real zones) is drawn with ab_glyph from Debian's fonts-ocr-b at a
//! working resolution, emboldened or thinned, sheared, each glyph tilted a little, with
//! strokes broken here and there; the line is then brought down to the size it had on
//! the page (6–60 px cap height: a 9 px pitch ID card scanned at low resolution up to a
//! 600 dpi passport scan), inked on paper of some contrast under uneven light, blurred,
//! given sensor noise, sometimes binarised at some level and JPEG-compressed with the
//! `image` crate's encoder, and finally scaled back to the strip's cap height, as the
//! locator would, with the locator's errors: centres off by up to 0.2 pitch, glyph band
//! off by 3 px and 10 % in height, and pitches from condensed to widely spaced.
//!
//! **Held out.** OCR-B Sharp (`OCRBS.otf`) is never drawn in training or tuning, and
//! neither are the seeds from [`HELD_OUT_SEEDS`]: the accuracies of [`evaluate`] on them
//! measure generalisation, not memory.

use std::ops::Range;
use std::sync::OnceLock;

use ab_glyph::{
    point, Font, FontVec, Outline, OutlineCurve, OutlinedGlyph, Point, PxScale, ScaleFont,
};
use image::GrayImage;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::glyph::{cell_features, quantised, softmax, Dense, GlyphModel, CLASSES, INPUTS};
use super::{LineStrip, ALPHABET, STRIP_CAP, STRIP_HEIGHT, STRIP_MARGIN};
use crate::model::BBox;

/// First seed of the evaluation lines; training lines use seeds from
/// [`TrainConfig::seed`] upwards, calibration lines [`CALIBRATION_SEEDS`].
pub const HELD_OUT_SEEDS: Range<u64> = 1 << 40..(1 << 40) + (1 << 20);
/// Seeds of the lines the softmax temperature is fitted on.
pub const CALIBRATION_SEEDS: Range<u64> = 1 << 39..(1 << 39) + (1 << 20);

const FONT_DIR: &str = "/usr/share/fonts/opentype/ocr-b";

/// The OCR-B faces of fonts-ocr-b that MRZ lines are drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Oblique,
    /// Held out from training: a second digitisation with sharp corners.
    Sharp,
}

impl Face {
    fn file(self) -> &'static str {
        match self {
            Face::Regular => "OCRB.otf",
            Face::Oblique => "OCRBL.otf",
            Face::Sharp => "OCRBS.otf",
        }
    }
}

/// A loaded face and the metrics the renderer needs.
struct LoadedFace {
    font: FontVec,
    /// Height of the glyph band above the baseline, font units.
    cap_units: f32,
}

struct Faces([LoadedFace; 3]);

static FACES: OnceLock<Result<Faces, String>> = OnceLock::new();

/// Loads the OCR-B faces once; the error names the Debian package to install.
pub fn fonts_available() -> Result<(), String> {
    faces().map(|_| ())
}

fn faces() -> Result<&'static Faces, String> {
    FACES
        .get_or_init(|| {
            let load = |face: Face| -> Result<LoadedFace, String> {
                let path = format!("{FONT_DIR}/{}", face.file());
                let bytes = std::fs::read(&path).map_err(|e| {
                    format!("cannot read {path} ({e}): install the Debian package fonts-ocr-b")
                })?;
                let font = FontVec::try_from_vec(bytes)
                    .map_err(|_| format!("{path} is not a font: reinstall fonts-ocr-b"))?;
                // ab_glyph's unscaled bounds are y-flipped: `min.y` is the top.
                let top = |c: char| {
                    font.outline(font.glyph_id(c))
                        .map(|o| o.bounds.min.y)
                        .ok_or_else(|| format!("{path} has no {c}"))
                };
                // OCR-B's digits stand taller than its letters (773 vs 713 units in
                // OCRB.otf); the style's cap height is taken halfway between.
                let cap_units = (top('H')? + top('0')?) * 0.5;
                Ok(LoadedFace { font, cap_units })
            };
            Ok(Faces([
                load(Face::Regular)?,
                load(Face::Oblique)?,
                load(Face::Sharp)?,
            ]))
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn face(f: Face) -> &'static LoadedFace {
    let faces = faces().unwrap_or_else(|e| panic!("{e}"));
    &faces.0[f as usize]
}

/// How one synthetic line is printed, captured and located.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderStyle {
    pub face: Face,
    /// Cap height of the line as captured, in image pixels (6–60).
    pub cap_px: f32,
    /// Distance between glyph centres over the cap height (ICAO 9303: about 1.0–1.25).
    pub pitch_ratio: f32,
    /// Stroke weight as a coverage threshold: 0.5 as designed, lower is bolder.
    pub weight: f32,
    /// Horizontal shift per unit of height above the baseline (italic slant).
    pub shear: f32,
    /// Rotation of each glyph about its centre, radians.
    pub tilt: f32,
    /// Expected number of erased specks per glyph (broken strokes).
    pub breaks: f32,
    /// Grey levels of paper and ink (0–255).
    pub paper: f32,
    pub ink: f32,
    /// Relative change of the light from one end of the line to the other.
    pub light: f32,
    /// Gaussian blur, sigma in captured pixels.
    pub blur: f32,
    /// Standard deviation of the sensor noise, grey levels.
    pub noise: f32,
    /// Binarisation threshold, as a fraction of the way from ink to paper.
    pub binarise: Option<f32>,
    /// JPEG quality of a compression round trip.
    pub jpeg: Option<u8>,
    /// Largest error of a reported cell centre, as a fraction of the pitch.
    pub center_jitter: f32,
    /// Largest error of the glyph band's vertical placement, strip pixels.
    pub v_jitter: f32,
    /// Largest relative error of the glyph band's height.
    pub scale_jitter: f32,
}

/// How hard a line's capture is, for sampling styles and for reporting accuracy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// A good print at a good resolution, located well.
    Clean,
    /// A flatbed scan or photocopy at 150–300 dpi: some blur, JPEG or binarisation.
    Office,
    /// A phone photo: small, blurred, noisy, low contrast, uneven light, heavy JPEG.
    Phone,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Clean, Level::Office, Level::Phone];

    pub fn name(self) -> &'static str {
        match self {
            Level::Clean => "clean",
            Level::Office => "office scan",
            Level::Phone => "phone photo",
        }
    }
}

impl RenderStyle {
    /// The Regular face at the strip's own size, undegraded and located exactly.
    pub fn clean() -> RenderStyle {
        RenderStyle {
            face: Face::Regular,
            cap_px: STRIP_CAP as f32,
            pitch_ratio: 1.1,
            weight: 0.5,
            shear: 0.0,
            tilt: 0.0,
            breaks: 0.0,
            paper: 250.0,
            ink: 20.0,
            light: 0.0,
            blur: 0.0,
            noise: 0.0,
            binarise: None,
            jpeg: None,
            center_jitter: 0.0,
            v_jitter: 0.0,
            scale_jitter: 0.0,
        }
    }

    /// A random style of the given face and level.
    pub fn sample(face: Face, level: Level, rng: &mut ChaCha8Rng) -> RenderStyle {
        let mut u = |a: f32, b: f32| a + (b - a) * rng.random::<f32>();
        let (cap_lo, cap_hi) = match level {
            Level::Clean => (20.0f32, 60.0f32),
            Level::Office => (10.0, 40.0),
            Level::Phone => (6.0, 30.0),
        };
        let cap_px = cap_lo * exp_ln_ratio(cap_hi / cap_lo, u(0.0, 1.0));
        // (low, high) of each knob at this level; the line takes a uniform draw.
        let k = match level {
            Level::Clean => 0.0,
            Level::Office => 0.5,
            Level::Phone => 1.0,
        };
        let pitch_ratio = u(0.95 - 0.12 * k, 1.25 + 0.25 * k);
        let weight = 0.5 + u(-0.1 - 0.15 * k, 0.1 + 0.15 * k);
        let shear = u(-0.03 - 0.07 * k, 0.03 + 0.07 * k);
        let tilt = u(-0.01 - 0.025 * k, 0.01 + 0.025 * k);
        let breaks = u(0.0, 0.6 * k);
        let paper = u(235.0 - 80.0 * k, 255.0 - 25.0 * k);
        let contrast = u(200.0 - 100.0 * k, 240.0 - 80.0 * k).min(paper - 10.0);
        let ink = paper - contrast;
        let light = u(-0.05 - 0.25 * k, 0.05 + 0.25 * k);
        // A blur wider than a stroke leaves nothing to read, at any size.
        let blur = u(0.0 + 0.4 * k, 0.4 + 1.2 * k).min(0.08 * cap_px + 0.2);
        let noise = u(0.0 + 3.0 * k, 2.0 + 12.0 * k);
        let binarise = (u(0.0, 1.0) < 0.1 + 0.2 * k).then(|| u(0.3, 0.7));
        let jpeg = (u(0.0, 1.0) < 0.1 + 0.7 * k).then(|| u(90.0 - 65.0 * k, 95.0 - 15.0 * k) as u8);
        RenderStyle {
            face,
            cap_px,
            pitch_ratio,
            weight,
            shear,
            tilt,
            breaks,
            paper,
            ink,
            light,
            blur,
            noise,
            binarise,
            jpeg,
            center_jitter: 0.1 + 0.1 * k.min(0.5) * 2.0,
            v_jitter: 1.5 + 1.5 * k.min(0.5) * 2.0,
            scale_jitter: 0.05 + 0.05 * k.min(0.5) * 2.0,
        }
    }
}

/// `ratio^t` for t in 0..1 (a log-uniform draw) without the C library's `powf`.
fn exp_ln_ratio(ratio: f32, t: f32) -> f32 {
    super::glyph::exp_det(t * ln_det(ratio))
}

/// Natural logarithm from additions and multiplications only (see
/// [`super::glyph::exp_det`] for why). For positive normal x.
pub(crate) fn ln_det(x: f32) -> f32 {
    let bits = x.to_bits();
    let e = ((bits >> 23) & 0xff) as i32 - 127;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000); // 1 <= m < 2
    let (m, e) = if m > std::f32::consts::SQRT_2 {
        (m * 0.5, e + 1)
    } else {
        (m, e)
    };
    // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut p = 1.0 / 11.0;
    for c in [1.0 / 9.0, 1.0 / 7.0, 1.0 / 5.0, 1.0 / 3.0, 1.0] {
        p = p * s2 + c;
    }
    2.0 * s * p + e as f32 * std::f32::consts::LN_2
}

/// A plane of floats, row-major.
#[derive(Clone)]
struct Plane {
    w: usize,
    h: usize,
    v: Vec<f32>,
}

impl Plane {
    fn new(w: usize, h: usize, fill: f32) -> Plane {
        Plane {
            w,
            h,
            v: vec![fill; w * h],
        }
    }

    /// Bilinear sample at continuous pixel-index coordinates, clamped at the edges.
    fn bilinear(&self, x: f32, y: f32) -> f32 {
        let x = x.clamp(0.0, (self.w - 1) as f32);
        let y = y.clamp(0.0, (self.h - 1) as f32);
        let (x0, y0) = (x as usize, y as usize); // x, y >= 0: truncation is floor
        let (x1, y1) = ((x0 + 1).min(self.w - 1), (y0 + 1).min(self.h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let at = |x: usize, y: usize| self.v[y * self.w + x];
        let top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * fx;
        let bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * fx;
        top + (bottom - top) * fy
    }
}

/// Where the glyphs of a drawn line are, in the pixels of its plane.
struct LineGeometry {
    /// Centre x of each glyph's cell.
    centers: Vec<f32>,
    /// y of the top of the cap band and its height.
    cap_top: f32,
    cap: f32,
    pitch: f32,
}

/// Draws `text` and returns a synthetic rectified strip whose `centers` are the true
/// cell centres plus the locator's errors of `style` (boxes: the cells on the captured
/// line image).
///
/// # Panics
/// If fonts-ocr-b is not installed ([`fonts_available`] says so gracefully), or if
/// `text` is empty.
pub fn render_strip(text: &str, style: &RenderStyle, rng: &mut ChaCha8Rng) -> LineStrip {
    assert!(!text.is_empty(), "nothing to render");
    // Work at a resolution where strokes are a few pixels wide, then shrink.
    let k = ((36.0 / style.cap_px).ceil() as usize).max(1);
    let (mut cov, geo) = draw_line(text, style, style.cap_px * k as f32);
    if style.weight != 0.5 {
        embolden(
            &mut cov,
            style.weight,
            ((geo.cap / 20.0).round() as usize).max(1),
        );
    }
    break_strokes(&mut cov, &geo, style.breaks, rng);
    let small = downsample(&cov, k);
    let geo = LineGeometry {
        centers: geo.centers.iter().map(|c| c / k as f32).collect(),
        cap_top: geo.cap_top / k as f32,
        cap: geo.cap / k as f32,
        pitch: geo.pitch / k as f32,
    };
    let captured = capture(&small, style, rng);
    rectify(&captured, &geo, style, rng)
}

/// Rasterises the line at cap height `cap` with the style's shear and tilt: ink
/// coverage 0..1, one pitch of blank paper left and right, 0.6 cap above and below.
fn draw_line(text: &str, style: &RenderStyle, cap: f32) -> (Plane, LineGeometry) {
    let lf = face(style.face);
    let font = &lf.font;
    let units_to_px = cap / lf.cap_units;
    let px_scale = PxScale::from(units_to_px * font.height_unscaled());
    let scale_factor = font.as_scaled(px_scale).scale_factor();
    let pitch = cap * style.pitch_ratio;
    let n = text.chars().count();
    let w = (pitch * (n as f32 + 2.0)).ceil() as usize;
    let h = (cap * 2.2).ceil() as usize;
    let cap_top = (cap * 0.6).round();
    let baseline = cap_top + cap;
    let mut plane = Plane::new(w, h, 0.0);
    let mut centers = Vec::with_capacity(n);
    // The band a locator measures: baseline to the tallest glyph of this line (OCR-B's
    // digits stand taller than its letters; `<` is lower than both).
    let mut band_units = 0.0f32;
    for (i, c) in text.chars().enumerate() {
        let center = pitch * (i as f32 + 1.5);
        centers.push(center);
        let id = font.glyph_id(c);
        let Some(outline) = font.outline(id) else {
            continue;
        };
        if c != '<' {
            band_units = band_units.max(outline.bounds.min.y); // y-flipped: min.y is the top
        }
        let adv = font.h_advance_unscaled(id);
        let pivot = point(adv * 0.5, lf.cap_units * 0.5);
        let outline = transform(outline, pivot, style.shear, style.tilt);
        let pen = point(center - adv * 0.5 * units_to_px, baseline);
        let glyph = id.with_scale_and_position(px_scale, pen);
        let og = OutlinedGlyph::new(glyph, outline, scale_factor);
        let b = og.px_bounds();
        og.draw(|x, y, a| {
            let (px, py) = (b.min.x as i64 + x as i64, b.min.y as i64 + y as i64);
            if px >= 0 && py >= 0 && (px as usize) < w && (py as usize) < h {
                let v = &mut plane.v[py as usize * w + px as usize];
                *v = (*v + a).min(1.0);
            }
        });
    }
    let band = if band_units > 0.0 {
        band_units * units_to_px
    } else {
        cap
    };
    let geo = LineGeometry {
        centers,
        cap_top: baseline - band,
        cap: band,
        pitch,
    };
    (plane, geo)
}

/// Shears (x += shear · y) then rotates by `tilt` a glyph outline about `pivot`, in font
/// units (y up). Sine and cosine by their series: `tilt` is a few degrees at most.
fn transform(o: Outline, pivot: Point, shear: f32, tilt: f32) -> Outline {
    let t2 = tilt * tilt;
    let (sin, cos) = (tilt * (1.0 - t2 / 6.0), 1.0 - t2 / 2.0 + t2 * t2 / 24.0);
    let f = |p: Point| {
        let (x, y) = (p.x - pivot.x, p.y - pivot.y);
        let x = x + shear * y;
        point(pivot.x + cos * x - sin * y, pivot.y + sin * x + cos * y)
    };
    let curves: Vec<OutlineCurve> = o
        .curves
        .iter()
        .map(|c| match *c {
            OutlineCurve::Line(a, b) => OutlineCurve::Line(f(a), f(b)),
            OutlineCurve::Quad(a, b, c) => OutlineCurve::Quad(f(a), f(b), f(c)),
            OutlineCurve::Cubic(a, b, c, d) => OutlineCurve::Cubic(f(a), f(b), f(c), f(d)),
        })
        .collect();
    // ab_glyph's unscaled bounds are y-flipped: `min` is (left, top), `max` (right, bottom).
    let mut bounds = ab_glyph::Rect {
        min: point(f32::MAX, f32::MIN),
        max: point(f32::MIN, f32::MAX),
    };
    let mut grow = |p: Point| {
        bounds.min = point(bounds.min.x.min(p.x), bounds.min.y.max(p.y));
        bounds.max = point(bounds.max.x.max(p.x), bounds.max.y.min(p.y));
    };
    for c in &curves {
        match *c {
            OutlineCurve::Line(a, b) => [a, b].into_iter().for_each(&mut grow),
            OutlineCurve::Quad(a, b, c) => [a, b, c].into_iter().for_each(&mut grow),
            OutlineCurve::Cubic(a, b, c, d) => [a, b, c, d].into_iter().for_each(&mut grow),
        }
    }
    Outline { bounds, curves }
}

/// Changes the stroke weight: blurs the coverage over `radius` and re-thresholds it at
/// `threshold` with a soft edge (below 0.5 strokes grow, above they shrink).
fn embolden(p: &mut Plane, threshold: f32, radius: usize) {
    box_blur(p, radius);
    for v in &mut p.v {
        *v = ((*v - threshold) * 4.0 + 0.5).clamp(0.0, 1.0);
    }
}

/// Separable box blur of half-width `r`, clamped at the edges.
fn box_blur(p: &mut Plane, r: usize) {
    let kernel = vec![1.0 / (2 * r + 1) as f32; 2 * r + 1];
    convolve(p, &kernel);
}

/// Separable convolution with a symmetric odd kernel, edges clamped.
fn convolve(p: &mut Plane, kernel: &[f32]) {
    let r = kernel.len() / 2;
    let (w, h) = (p.w, p.h);
    // Rows: each row padded with copies of its end pixels, so the taps need no clamping.
    let mut padded = vec![0.0f32; w + 2 * r];
    let mut tmp = vec![0.0f32; w * h];
    for y in 0..h {
        let row = &p.v[y * w..(y + 1) * w];
        padded[..r].fill(row[0]);
        padded[r..r + w].copy_from_slice(row);
        padded[r + w..].fill(row[w - 1]);
        let out = &mut tmp[y * w..(y + 1) * w];
        for (k, &kv) in kernel.iter().enumerate() {
            for (o, &v) in out.iter_mut().zip(&padded[k..k + w]) {
                *o += v * kv;
            }
        }
    }
    // Columns: whole rows at a time, tap by tap.
    for y in 0..h {
        let out = &mut p.v[y * w..(y + 1) * w];
        out.fill(0.0);
        for (k, &kv) in kernel.iter().enumerate() {
            let yy = (y + k).saturating_sub(r).min(h - 1);
            for (o, &v) in out.iter_mut().zip(&tmp[yy * w..(yy + 1) * w]) {
                *o += v * kv;
            }
        }
    }
}

/// Erases small discs of ink: worn ribbons, dropouts of a scan.
fn break_strokes(p: &mut Plane, geo: &LineGeometry, per_glyph: f32, rng: &mut ChaCha8Rng) {
    let count = (per_glyph * geo.centers.len() as f32 * rng.random::<f32>()).round() as usize;
    for _ in 0..count {
        let c = geo.centers[rng.random_range(0..geo.centers.len())];
        let cx = c + geo.pitch * rng.random_range(-0.3..0.3f32);
        let cy = geo.cap_top + geo.cap * rng.random_range(0.0..1.0f32);
        let r = geo.cap * rng.random_range(0.04..0.09f32);
        let (xa, xb) = (
            (cx - r).max(0.0) as usize,
            ((cx + r).ceil() as usize).min(p.w),
        );
        let (ya, yb) = (
            (cy - r).max(0.0) as usize,
            ((cy + r).ceil() as usize).min(p.h),
        );
        for y in ya..yb {
            for x in xa..xb {
                let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
                if dx * dx + dy * dy <= r * r {
                    p.v[y * p.w + x] = 0.0;
                }
            }
        }
    }
}

/// k × k box averages (the plane's size is cut to whole boxes).
fn downsample(p: &Plane, k: usize) -> Plane {
    if k == 1 {
        return p.clone();
    }
    let (w, h) = (p.w / k, p.h / k);
    let mut out = Plane::new(w, h, 0.0);
    let norm = 1.0 / (k * k) as f32;
    for y in 0..h {
        for x in 0..w {
            let mut s = 0.0;
            for yy in y * k..(y + 1) * k {
                for xx in x * k..(x + 1) * k {
                    s += p.v[yy * p.w + xx];
                }
            }
            out.v[y * w + x] = s * norm;
        }
    }
    out
}

/// Ink coverage → the grey image a scanner or camera delivers.
fn capture(cov: &Plane, style: &RenderStyle, rng: &mut ChaCha8Rng) -> Plane {
    let mut g = Plane::new(cov.w, cov.h, 0.0);
    for y in 0..cov.h {
        for x in 0..cov.w {
            let light = 1.0 + style.light * (x as f32 / cov.w as f32 - 0.5);
            let paper = style.paper * light;
            let ink = style.ink * light;
            g.v[y * cov.w + x] = paper - (paper - ink) * cov.v[y * cov.w + x];
        }
    }
    if style.blur > 0.05 {
        convolve(&mut g, &gaussian_kernel(style.blur));
    }
    if style.noise > 0.0 {
        // Irwin–Hall: the sum of four uniforms, scaled to unit variance.
        let sd = style.noise / (4.0f32 / 3.0).sqrt();
        for v in &mut g.v {
            let s: f32 = (0..4).map(|_| rng.random_range(-1.0..1.0f32)).sum();
            *v += s * sd;
        }
    }
    if let Some(level) = style.binarise {
        let t = style.ink + (style.paper - style.ink) * level;
        for v in &mut g.v {
            *v = if *v < t { style.ink.min(40.0) } else { 255.0 };
        }
    }
    let mut bytes: Vec<u8> = g.v.iter().map(|v| (v + 0.5) as u8).collect(); // `as` saturates
    if let Some(q) = style.jpeg {
        bytes = jpeg_round_trip(bytes, cov.w as u32, cov.h as u32, q);
    }
    g.v = bytes.iter().map(|&b| b as f32).collect();
    g
}

/// Normalised Gaussian weights out to 3 sigma.
fn gaussian_kernel(sigma: f32) -> Vec<f32> {
    let r = (3.0 * sigma).ceil() as i32;
    let mut k: Vec<f32> = (-r..=r)
        .map(|i| super::glyph::exp_det(-((i * i) as f32) / (2.0 * sigma * sigma)))
        .collect();
    let sum: f32 = k.iter().sum();
    k.iter_mut().for_each(|v| *v /= sum);
    k
}

/// Encodes and decodes an 8-bit grey image as JPEG of quality `q`.
fn jpeg_round_trip(bytes: Vec<u8>, w: u32, h: u32, q: u8) -> Vec<u8> {
    let img = GrayImage::from_raw(w, h, bytes).expect("size matches");
    let mut buf = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, q.clamp(1, 100));
    if img.write_with_encoder(enc).is_err() {
        return img.into_raw();
    }
    match image::load_from_memory_with_format(&buf, image::ImageFormat::Jpeg) {
        Ok(d) => d.into_luma8().into_raw(),
        Err(_) => img.into_raw(),
    }
}

/// Scales the captured line to the strip's cap height, as a locator would, with the
/// style's placement errors, and reports the cell centres with the centre error.
fn rectify(
    img: &Plane,
    geo: &LineGeometry,
    style: &RenderStyle,
    rng: &mut ChaCha8Rng,
) -> LineStrip {
    let sj = 1.0 + style.scale_jitter * rng.random_range(-1.0..=1.0f32);
    let vj = style.v_jitter * rng.random_range(-1.0..=1.0f32);
    let s = STRIP_CAP as f32 / geo.cap * sj;
    let band_mid = geo.cap_top + geo.cap * 0.5;
    let strip_mid = (STRIP_MARGIN + STRIP_CAP / 2) as f32 + vj;
    let w = (img.w as f32 * s).ceil() as usize;
    let h = STRIP_HEIGHT as usize;
    // Shrinking (a capture larger than the strip) averages taps over the footprint.
    let taps = (1.0 / s).ceil().max(1.0) as usize;
    let mut raw = vec![0u8; w * h];
    for yy in 0..h {
        for xx in 0..w {
            let mut sum = 0.0;
            for ty in 0..taps {
                for tx in 0..taps {
                    let fx = xx as f32 + (tx as f32 + 0.5) / taps as f32;
                    let fy = yy as f32 + (ty as f32 + 0.5) / taps as f32;
                    let x = fx / s - 0.5;
                    let y = band_mid + (fy - strip_mid) / s - 0.5;
                    sum += img.bilinear(x, y);
                }
            }
            raw[yy * w + xx] = (sum / (taps * taps) as f32 + 0.5) as u8; // `as` saturates
        }
    }
    let pitch = geo.pitch * s;
    let shift = style.center_jitter * 0.5 * rng.random_range(-1.0..=1.0f32);
    let centers: Vec<f32> = geo
        .centers
        .iter()
        .map(|&c| {
            let own = style.center_jitter * 0.5 * rng.random_range(-1.0..=1.0f32);
            c * s + (shift + own) * pitch
        })
        .collect();
    let boxes = geo
        .centers
        .iter()
        .map(|&c| BBox {
            x: (c - geo.pitch * 0.5).max(0.0) as u32,
            y: geo.cap_top as u32,
            w: geo.pitch.round() as u32,
            h: geo.cap.round() as u32,
        })
        .collect();
    LineStrip {
        image: GrayImage::from_raw(w as u32, h as u32, raw).expect("size matches"),
        centers,
        pitch,
        boxes,
    }
}

/// A strip and the index in [`ALPHABET`] of each of its cells' symbols.
#[derive(Debug, Clone)]
pub struct LabelledStrip {
    pub strip: LineStrip,
    pub labels: Vec<u8>,
    pub style: RenderStyle,
}

/// A random run of MRZ symbols: letters and digits with runs of `<`, as in real zones;
/// a fifth of the runs have no digit (a name line, whose band is lower).
pub fn random_text(n: usize, rng: &mut ChaCha8Rng) -> String {
    let mut s = String::with_capacity(n);
    let first = if rng.random::<f32>() < 0.2 { 10 } else { 0 };
    while s.len() < n {
        if rng.random::<f32>() < 0.07 {
            let run = rng.random_range(1..=6usize).min(n - s.len());
            s.extend(std::iter::repeat_n('<', run));
        } else {
            s.push(ALPHABET[rng.random_range(first..36usize)]);
        }
    }
    s
}

/// One labelled line from its own seed.
pub fn labelled_strip(seed: u64, face: Face, level: Level, glyphs: usize) -> LabelledStrip {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let style = RenderStyle::sample(face, level, &mut rng);
    let text = random_text(glyphs, &mut rng);
    let strip = render_strip(&text, &style, &mut rng);
    let labels = text.chars().map(symbol_index).collect();
    LabelledStrip {
        strip,
        labels,
        style,
    }
}

fn symbol_index(c: char) -> u8 {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .expect("an MRZ symbol") as u8
}

/// A set of lines for evaluation: `count` lines of `face` at `level` from the held-out
/// seeds (a different range per face and level, so sets do not share lines).
pub fn held_out_set(face: Face, level: Level, count: usize, glyphs: usize) -> Vec<LabelledStrip> {
    let base = HELD_OUT_SEEDS.start + ((face as u64) * 3 + level as u64) * 100_000;
    (0..count as u64)
        .map(|i| labelled_strip(base + i, face, level, glyphs))
        .collect()
}

/// How a model did on a set of lines.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub cells: usize,
    pub correct: usize,
    /// Cells whose truth is among the model's three best candidates.
    pub in_top3: usize,
    /// `confusion[truth][read]`, indices into [`ALPHABET`].
    pub confusion: Vec<[u32; 37]>,
    /// Sums of the top probability over right and wrong readings.
    pub top_prob_right: f64,
    pub top_prob_wrong: f64,
}

impl Evaluation {
    pub fn accuracy(&self) -> f64 {
        self.correct as f64 / self.cells.max(1) as f64
    }
    pub fn top3_rate(&self) -> f64 {
        self.in_top3 as f64 / self.cells.max(1) as f64
    }
    /// Mean top probability of the right readings.
    pub fn confidence_right(&self) -> f64 {
        self.top_prob_right / self.correct.max(1) as f64
    }
    /// Mean top probability of the wrong readings.
    pub fn confidence_wrong(&self) -> f64 {
        self.top_prob_wrong / (self.cells - self.correct).max(1) as f64
    }
    /// The `n` most frequent (truth, read, count) confusions, most frequent first.
    pub fn top_confusions(&self, n: usize) -> Vec<(char, char, u32)> {
        let mut all = Vec::new();
        for (t, row) in self.confusion.iter().enumerate() {
            for (r, &c) in row.iter().enumerate() {
                if t != r && c > 0 {
                    all.push((ALPHABET[t], ALPHABET[r], c));
                }
            }
        }
        all.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        all.truncate(n);
        all
    }
}

/// Reads every cell of every line and counts.
pub fn evaluate(model: &GlyphModel, set: &[LabelledStrip]) -> Evaluation {
    let mut e = Evaluation {
        cells: 0,
        correct: 0,
        in_top3: 0,
        confusion: vec![[0; 37]; 37],
        top_prob_right: 0.0,
        top_prob_wrong: 0.0,
    };
    for ls in set {
        for (p, &truth) in model.classify_strip(&ls.strip).iter().zip(&ls.labels) {
            let order = ranked(p);
            let (best, truth) = (order[0], truth as usize);
            e.cells += 1;
            e.confusion[truth][best] += 1;
            if best == truth {
                e.correct += 1;
                e.top_prob_right += p[best] as f64;
            } else {
                e.top_prob_wrong += p[best] as f64;
            }
            if order[..3].contains(&truth) {
                e.in_top3 += 1;
            }
        }
    }
    e
}

/// Symbol indices by decreasing probability (ties: alphabet order).
fn ranked(p: &[f32; 37]) -> [usize; 37] {
    let mut idx: [usize; 37] = std::array::from_fn(|i| i);
    idx.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    idx
}

/// What the checked-in model was trained with.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// Seed of the first training line (line `i` uses `seed + i`).
    pub seed: u64,
    /// Training lines, and glyphs per line.
    pub lines: usize,
    pub glyphs: usize,
    /// Passes over the training cells.
    pub epochs: usize,
    /// Widths of the hidden layers.
    pub hidden: Vec<usize>,
    pub batch: usize,
    /// Learning rate at the start (it falls linearly to 2 % of it), momentum, L2 decay.
    pub learning_rate: f32,
    pub momentum: f32,
    pub weight_decay: f32,
    /// Share of lines drawn in the Oblique face (the rest Regular).
    pub oblique_share: f32,
    /// Shares of clean and office-scan lines (the rest phone photos).
    pub clean_share: f32,
    pub office_share: f32,
    /// Lines the softmax temperature is fitted on.
    pub calibration_lines: usize,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            seed: 0,
            lines: 6000,
            glyphs: 12,
            epochs: 4,
            hidden: vec![192, 96],
            batch: 32,
            learning_rate: 0.02,
            momentum: 0.9,
            weight_decay: 1e-5,
            oblique_share: 0.2,
            clean_share: 0.2,
            office_share: 0.4,
            calibration_lines: 300,
        }
    }
}

/// The face and level of training line `i`, from the config's shares.
fn line_kind(cfg: &TrainConfig, rng: &mut ChaCha8Rng) -> (Face, Level) {
    let face = if rng.random::<f32>() < cfg.oblique_share {
        Face::Oblique
    } else {
        Face::Regular
    };
    let u = rng.random::<f32>();
    let level = if u < cfg.clean_share {
        Level::Clean
    } else if u < cfg.clean_share + cfg.office_share {
        Level::Office
    } else {
        Level::Phone
    };
    (face, level)
}

/// Training cells: input grids quantised to bytes (to keep the set small) and labels.
struct CellSet {
    inputs: Vec<u8>,
    labels: Vec<u8>,
}

impl CellSet {
    fn len(&self) -> usize {
        self.labels.len()
    }
    fn input(&self, i: usize, out: &mut [f32; INPUTS]) {
        for (o, &b) in out
            .iter_mut()
            .zip(&self.inputs[i * INPUTS..(i + 1) * INPUTS])
        {
            *o = b as f32 * (1.0 / 255.0);
        }
    }
}

fn cells_of(lines: impl Iterator<Item = LabelledStrip>) -> CellSet {
    let mut set = CellSet {
        inputs: Vec::new(),
        labels: Vec::new(),
    };
    let mut grid = [0.0f32; INPUTS];
    for ls in lines {
        for (&c, &label) in ls.strip.centers.iter().zip(&ls.labels) {
            cell_features(&ls.strip, c, &mut grid);
            set.inputs
                .extend(grid.iter().map(|&v| (v * 255.0).round() as u8));
            set.labels.push(label);
        }
    }
    set
}

fn lines_from(cfg: &TrainConfig, seeds: Range<u64>) -> impl Iterator<Item = LabelledStrip> + '_ {
    seeds.map(move |seed| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15);
        let (face, level) = line_kind(cfg, &mut rng);
        labelled_strip(seed, face, level, cfg.glyphs)
    })
}

/// Trains the recogniser; the same config gives the same bytes on every run.
///
/// # Panics
/// If fonts-ocr-b is not installed.
pub fn train(cfg: &TrainConfig) -> GlyphModel {
    let data = cells_of(lines_from(cfg, cfg.seed..cfg.seed + cfg.lines as u64));
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed ^ 0x5eed);
    let mut widths = vec![INPUTS];
    widths.extend(&cfg.hidden);
    widths.push(CLASSES);
    let mut net = Net::new(&widths, &mut rng);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let steps = cfg.epochs * data.len().div_ceil(cfg.batch);
    let mut step = 0;
    for _ in 0..cfg.epochs {
        shuffle(&mut order, &mut rng);
        for batch in order.chunks(cfg.batch) {
            let lr = cfg.learning_rate * (1.0 - 0.98 * step as f32 / steps as f32);
            net.step(&data, batch, lr, cfg.momentum, cfg.weight_decay);
            step += 1;
        }
    }
    let model = quantised(GlyphModel {
        layers: net.layers,
        temperature: 1.0,
    });
    let calibration = cells_of(lines_from(
        cfg,
        CALIBRATION_SEEDS.start..CALIBRATION_SEEDS.start + cfg.calibration_lines as u64,
    ));
    let temperature = fit_temperature(&model, &calibration);
    GlyphModel {
        temperature,
        ..model
    }
}

/// Fisher–Yates with the training stream.
fn shuffle(v: &mut [usize], rng: &mut ChaCha8Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.random_range(0..=i);
        v.swap(i, j);
    }
}

/// The softmax temperature (0.5–3, steps of 0.05) with the least negative
/// log-likelihood on the calibration cells, so scores match how often they are right.
fn fit_temperature(model: &GlyphModel, cells: &CellSet) -> f32 {
    let mut grid = [0.0f32; INPUTS];
    let logits: Vec<[f32; 37]> = (0..cells.len())
        .map(|i| {
            cells.input(i, &mut grid);
            model.logits(&grid)
        })
        .collect();
    let mut best = (f64::MAX, 1.0f32);
    for k in 10..=60 {
        let t = k as f32 * 0.05;
        let mut nll = 0.0f64;
        for (l, &label) in logits.iter().zip(&cells.labels) {
            let scaled: [f32; 37] = std::array::from_fn(|c| l[c] / t);
            let p = softmax(&scaled)[label as usize].max(1e-30);
            nll -= ln_det(p) as f64;
        }
        if nll < best.0 {
            best = (nll, t);
        }
    }
    best.1
}

/// The network while it learns: layers plus their momentum buffers.
struct Net {
    layers: Vec<Dense>,
    velocity: Vec<(Vec<f32>, Vec<f32>)>,
}

impl Net {
    /// He-uniform initial weights, zero biases.
    fn new(widths: &[usize], rng: &mut ChaCha8Rng) -> Net {
        let layers: Vec<Dense> = widths
            .windows(2)
            .map(|io| {
                let a = (6.0 / io[0] as f32).sqrt();
                Dense {
                    n_in: io[0],
                    n_out: io[1],
                    w: (0..io[0] * io[1])
                        .map(|_| rng.random_range(-a..a))
                        .collect(),
                    b: vec![0.0; io[1]],
                }
            })
            .collect();
        let velocity = layers
            .iter()
            .map(|l| (vec![0.0; l.w.len()], vec![0.0; l.b.len()]))
            .collect();
        Net { layers, velocity }
    }

    /// One step of SGD with momentum on a mini-batch (cross-entropy loss).
    fn step(&mut self, data: &CellSet, batch: &[usize], lr: f32, momentum: f32, decay: f32) {
        let mut grads: Vec<(Vec<f32>, Vec<f32>)> = self
            .layers
            .iter()
            .map(|l| (vec![0.0; l.w.len()], vec![0.0; l.b.len()]))
            .collect();
        let mut input = [0.0f32; INPUTS];
        for &i in batch {
            data.input(i, &mut input);
            self.accumulate(&input, data.labels[i] as usize, &mut grads);
        }
        let scale = 1.0 / batch.len() as f32;
        for ((l, v), g) in self.layers.iter_mut().zip(&mut self.velocity).zip(&grads) {
            for ((w, v), g) in l.w.iter_mut().zip(&mut v.0).zip(&g.0) {
                *v = momentum * *v - lr * (g * scale + decay * *w);
                *w += *v;
            }
            for ((b, v), g) in l.b.iter_mut().zip(&mut v.1).zip(&g.1) {
                *v = momentum * *v - lr * g * scale;
                *b += *v;
            }
        }
    }

    /// Adds one cell's gradients to `grads` (backpropagation through ReLU layers).
    fn accumulate(&self, input: &[f32], label: usize, grads: &mut [(Vec<f32>, Vec<f32>)]) {
        let mut acts: Vec<Vec<f32>> = vec![input.to_vec()];
        for (k, l) in self.layers.iter().enumerate() {
            let mut out = vec![0.0; l.n_out];
            l.forward(acts.last().expect("input"), &mut out);
            if k + 1 < self.layers.len() {
                out.iter_mut().for_each(|v| *v = v.max(0.0));
            }
            acts.push(out);
        }
        let logits: [f32; 37] = acts.last().expect("output")[..].try_into().expect("37");
        let mut delta: Vec<f32> = softmax(&logits).to_vec();
        delta[label] -= 1.0;
        for k in (0..self.layers.len()).rev() {
            let l = &self.layers[k];
            let a = &acts[k];
            let (gw, gb) = &mut grads[k];
            for (i, &x) in a.iter().enumerate() {
                if x != 0.0 {
                    let row = &mut gw[i * l.n_out..(i + 1) * l.n_out];
                    for (g, &d) in row.iter_mut().zip(&delta) {
                        *g += x * d;
                    }
                }
            }
            for (g, &d) in gb.iter_mut().zip(&delta) {
                *g += d;
            }
            if k > 0 {
                delta = (0..l.n_in)
                    .map(|i| {
                        if a[i] > 0.0 {
                            let row = &l.w[i * l.n_out..(i + 1) * l.n_out];
                            row.iter().zip(&delta).map(|(w, d)| w * d).sum()
                        } else {
                            0.0
                        }
                    })
                    .collect();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_det_matches_std() {
        for i in 1..2000 {
            let x = i as f32 * 0.37;
            assert!(
                (ln_det(x) - x.ln()).abs() < 2e-6 * x.ln().abs().max(1.0),
                "{x}"
            );
        }
        assert!((ln_det(1e-20) - (1e-20f32).ln()).abs() < 1e-4);
    }

    #[test]
    fn a_strip_has_the_contract_geometry() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let s = render_strip("AB<12", &RenderStyle::clean(), &mut rng);
        assert_eq!(s.image.height(), STRIP_HEIGHT);
        assert_eq!(s.centers.len(), 5);
        // The band reaches the digits' tops, a little above the style's cap height.
        assert!(
            (s.pitch / STRIP_CAP as f32 - 1.1).abs() < 0.1,
            "{}",
            s.pitch
        );
        // The H-like stems of A and B reach the cap band's top and baseline rows.
        let col_ink = |y: u32| {
            (0..s.image.width())
                .filter(|&x| s.image.get_pixel(x, y)[0] < 128)
                .count()
        };
        assert!(col_ink(STRIP_MARGIN + 1) > 0 && col_ink(STRIP_MARGIN + STRIP_CAP - 2) > 0);
        assert_eq!(col_ink(STRIP_MARGIN - 3), 0);
        assert_eq!(col_ink(STRIP_MARGIN + STRIP_CAP + 2), 0);
    }

    #[test]
    fn rendering_is_deterministic() {
        let a = labelled_strip(5, Face::Regular, Level::Phone, 8);
        let b = labelled_strip(5, Face::Regular, Level::Phone, 8);
        assert_eq!(a.strip.image, b.strip.image);
        assert_eq!(a.strip.centers, b.strip.centers);
    }
}
