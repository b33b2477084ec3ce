//! The glyph recogniser: a small model over the 37 MRZ symbols, trained on OCR-B.
//!
//! Every MRZ glyph sits in a cell of a fixed pitch, so recognition is classification of
//! one cell at a time, not reading a line: the locator gives each cell's centre on a
//! [`LineStrip`] whose glyphs are [`STRIP_CAP`] pixels high, and this module turns the
//! strip around that centre into 37 probabilities. The choice among them is left to the
//! check digits (the decoder), so the probabilities have to mean something: a
//! clean glyph gets nearly all the mass, a damaged one spreads it over its look-alikes.
//!
//! **The cell crop.** A window of [`CROP_WIDTH`] × [`STRIP_HEIGHT`] strip pixels centred
//! on the cell (1.125 cap heights wide: a whole glyph even when the locator's centre is
//! 0.2 pitch off, and a little of each neighbour), averaged 2 × 2 into a
//! [`GRID_W`] × [`GRID_H`] grid. The window has a fixed size in strip pixels, not a
//! multiple of the pitch, so a glyph keeps its aspect (OCR-B's `0` is narrower than its
//! `O`, and that is all that tells them apart). Grey levels are normalised per cell,
//! from the paper and ink levels of a window three times as wide: uneven light and low
//! contrast are taken out before the model sees the cell, yet a faint `<` between two
//! dark letters stays faint relative to them.
//!
//! **The model.** A multilayer perceptron (two ReLU hidden layers, a softmax over the
//! 37 symbols), written here in plain Rust: at ~100 k parameters a hand loop is as fast
//! as any crate would be, training must be bit-for-bit reproducible (fixed order of
//! float operations, no threads), and a crate such as candle or burn would weigh more
//! than all of dossier. `ndarray` would not change the arithmetic, only hide it.
//! Inputs are mostly blank paper, so each layer is computed input by input, skipping
//! zeros, as a sum of weight rows (which also vectorises without reordering any sum).
//!
//! **The data file** (`ocrb.model`, made by `examples/train_mrz_model.rs`, see
//! `docs/mrz-recogniser.md`): the magic `DSMRZGLY`, a little-endian u32 format version,
//! the input grid and crop sizes, a softmax temperature, the layer widths, then per
//! layer and per output unit a f32 scale, the unit's weights as i16 multiples of it and
//! its f32 bias. It is embedded with `include_bytes!` and parsed once per process.

use std::sync::OnceLock;

use super::{LineStrip, ALPHABET, STRIP_HEIGHT};

/// Width in strip pixels of the window cut around a cell's centre.
pub const CROP_WIDTH: usize = 36;
/// Columns of the model's input grid (the crop averaged 2 × 2).
pub const GRID_W: usize = CROP_WIDTH / 2;
/// Rows of the model's input grid.
pub const GRID_H: usize = STRIP_HEIGHT as usize / 2;
/// Inputs of the model: one per grid cell, 0 for paper, 1 for full ink.
pub const INPUTS: usize = GRID_W * GRID_H;
/// Outputs of the model: one per symbol of [`ALPHABET`].
pub const CLASSES: usize = ALPHABET.len();
/// Width of the window (strip pixels) whose histogram sets a cell's paper and ink levels.
const LEVEL_WIDTH: usize = 3 * CROP_WIDTH;
/// Widest layer a model file may declare (bounds the stack buffers of inference).
pub const MAX_UNITS: usize = 512;
/// Most layers a model file may declare.
const MAX_LAYERS: usize = 4;

const MAGIC: &[u8; 8] = b"DSMRZGLY";
/// Version of the data file's layout; bump it when the layout or the features change.
pub const FORMAT_VERSION: u32 = 1;

/// Why a model file was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a glyph model file (bad magic)")]
    BadMagic,
    #[error("glyph model format version {0}, this build reads version {FORMAT_VERSION}")]
    Version(u32),
    #[error("glyph model made for other features: {0}")]
    Features(String),
    #[error("glyph model has a bad shape: {0}")]
    Shape(String),
    #[error("glyph model file is {got} bytes, its header says {want}")]
    Size { got: usize, want: usize },
    #[error("glyph model holds a non-finite number")]
    NotFinite,
}

/// One fully connected layer: `out[j] = b[j] + Σ_i in[i] · w[i · n_out + j]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dense {
    pub(crate) n_in: usize,
    pub(crate) n_out: usize,
    /// Input-major: the weights from input `i` are `w[i * n_out..(i + 1) * n_out]`.
    pub(crate) w: Vec<f32>,
    pub(crate) b: Vec<f32>,
}

impl Dense {
    /// `out = b + Σ in[i] · row_i`, inputs in order, zero inputs skipped.
    pub(crate) fn forward(&self, input: &[f32], out: &mut [f32]) {
        out.copy_from_slice(&self.b);
        for (i, &x) in input.iter().enumerate() {
            if x != 0.0 {
                let row = &self.w[i * self.n_out..(i + 1) * self.n_out];
                for (o, &w) in out.iter_mut().zip(row) {
                    *o += x * w;
                }
            }
        }
    }
}

/// The trained recogniser of single MRZ cells.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphModel {
    pub(crate) layers: Vec<Dense>,
    /// Logits are divided by it before the softmax (calibration of the scores).
    pub(crate) temperature: f32,
}

static BUILTIN: OnceLock<GlyphModel> = OnceLock::new();

impl GlyphModel {
    /// The model shipped in the binary (`ocrb.model`), parsed on first use.
    pub fn builtin() -> &'static GlyphModel {
        BUILTIN.get_or_init(|| {
            GlyphModel::from_bytes(include_bytes!("ocrb.model"))
                .expect("the embedded ocrb.model is checked by tests/mrz_model.rs")
        })
    }

    /// Parses a model file (see the module doc for the layout).
    pub fn from_bytes(b: &[u8]) -> Result<GlyphModel, ModelError> {
        let mut r = Reader { b, at: 0 };
        if r.take(8).ok_or(ModelError::BadMagic)? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let version = r.u32().ok_or(ModelError::Size {
            got: b.len(),
            want: 12,
        })?;
        if version != FORMAT_VERSION {
            return Err(ModelError::Version(version));
        }
        let header_err = || ModelError::Size {
            got: b.len(),
            want: 36,
        };
        let grid = (
            r.u32().ok_or_else(header_err)?,
            r.u32().ok_or_else(header_err)?,
        );
        let crop = r.u32().ok_or_else(header_err)?;
        if grid != (GRID_W as u32, GRID_H as u32) || crop != CROP_WIDTH as u32 {
            return Err(ModelError::Features(format!(
                "grid {}x{} crop {crop}, this build uses {GRID_W}x{GRID_H} crop {CROP_WIDTH}",
                grid.0, grid.1
            )));
        }
        let temperature = r.f32().ok_or_else(header_err)?;
        let n_layers = r.u32().ok_or_else(header_err)? as usize;
        if n_layers == 0 || n_layers > MAX_LAYERS {
            return Err(ModelError::Shape(format!("{n_layers} layers")));
        }
        let mut widths = Vec::with_capacity(n_layers + 1);
        for _ in 0..=n_layers {
            let w = r.u32().ok_or(ModelError::Size {
                got: b.len(),
                want: r.at + 4,
            })?;
            widths.push(w as usize);
        }
        check_widths(&widths)?;
        let want = r.at + body_len(&widths);
        if b.len() != want {
            return Err(ModelError::Size { got: b.len(), want });
        }
        let layers = widths
            .windows(2)
            .map(|io| read_dense(&mut r, io[0], io[1]))
            .collect::<Vec<_>>();
        let model = GlyphModel {
            layers,
            temperature,
        };
        let finite = temperature.is_finite() && temperature > 0.0;
        if !finite
            || model
                .layers
                .iter()
                .any(|l| !l.w.iter().chain(&l.b).all(|v| v.is_finite()))
        {
            return Err(ModelError::NotFinite);
        }
        Ok(model)
    }

    /// Writes the model file. Weights are quantised to i16 per output unit, so
    /// `from_bytes(to_bytes(m))` is `m` rounded; a model from [`super::train::train`]
    /// is already rounded and survives the round trip exactly.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        for v in [
            FORMAT_VERSION,
            GRID_W as u32,
            GRID_H as u32,
            CROP_WIDTH as u32,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.temperature.to_le_bytes());
        out.extend_from_slice(&(self.layers.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.layers[0].n_in as u32).to_le_bytes());
        for l in &self.layers {
            out.extend_from_slice(&(l.n_out as u32).to_le_bytes());
        }
        for l in &self.layers {
            write_dense(&mut out, l);
        }
        out
    }

    /// The softmax temperature fitted when the model was trained.
    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    /// Probabilities of the 37 symbols (in [`ALPHABET`] order) for cell `i` of `strip`.
    ///
    /// # Panics
    /// If `i` is not a cell of the strip.
    pub fn classify_cell(&self, strip: &LineStrip, i: usize) -> [f32; 37] {
        let mut input = [0.0f32; INPUTS];
        cell_features(strip, strip.centers[i], &mut input);
        self.probabilities(&input)
    }

    /// [`Self::classify_cell`] for every cell, left to right.
    pub fn classify_strip(&self, strip: &LineStrip) -> Vec<[f32; 37]> {
        (0..strip.centers.len())
            .map(|i| self.classify_cell(strip, i))
            .collect()
    }

    /// The softmax of the model's tempered logits for one input grid.
    pub(crate) fn probabilities(&self, input: &[f32; INPUTS]) -> [f32; 37] {
        let raw = self.logits(input);
        let tempered: [f32; 37] = std::array::from_fn(|c| raw[c] / self.temperature);
        softmax(&tempered)
    }

    /// The model's output before temperature and softmax.
    pub(crate) fn logits(&self, input: &[f32; INPUTS]) -> [f32; 37] {
        let mut a = [0.0f32; MAX_UNITS];
        let mut b = [0.0f32; MAX_UNITS];
        a[..INPUTS].copy_from_slice(input);
        let mut width = INPUTS;
        for (k, layer) in self.layers.iter().enumerate() {
            layer.forward(&a[..width], &mut b[..layer.n_out]);
            width = layer.n_out;
            if k + 1 < self.layers.len() {
                b[..width].iter_mut().for_each(|v| *v = v.max(0.0));
            }
            std::mem::swap(&mut a, &mut b);
        }
        std::array::from_fn(|c| a[c])
    }
}

/// Layer widths must chain from [`INPUTS`] to [`CLASSES`] within [`MAX_UNITS`].
fn check_widths(widths: &[usize]) -> Result<(), ModelError> {
    let first = widths[0];
    let last = widths[widths.len() - 1];
    if first != INPUTS || last != CLASSES {
        return Err(ModelError::Shape(format!(
            "{first} inputs and {last} outputs, want {INPUTS} and {CLASSES}"
        )));
    }
    if widths.iter().any(|&w| w == 0 || w > MAX_UNITS) {
        return Err(ModelError::Shape(format!("layer widths {widths:?}")));
    }
    Ok(())
}

/// Bytes of the layers' parameters for the given widths.
fn body_len(widths: &[usize]) -> usize {
    widths
        .windows(2)
        .map(|io| io[1] * (4 + 2 * io[0] + 4))
        .sum()
}

/// Per output unit: scale (f32), weights (i16 × n_in), bias (f32).
fn write_dense(out: &mut Vec<u8>, l: &Dense) {
    for j in 0..l.n_out {
        let scale = unit_scale(l, j);
        out.extend_from_slice(&scale.to_le_bytes());
        for i in 0..l.n_in {
            out.extend_from_slice(&quantise(l.w[i * l.n_out + j], scale).to_le_bytes());
        }
        out.extend_from_slice(&l.b[j].to_le_bytes());
    }
}

fn read_dense(r: &mut Reader, n_in: usize, n_out: usize) -> Dense {
    let mut w = vec![0.0f32; n_in * n_out];
    let mut b = vec![0.0f32; n_out];
    for j in 0..n_out {
        let scale = r.f32().expect("length checked");
        for i in 0..n_in {
            w[i * n_out + j] = r.i16().expect("length checked") as f32 * scale;
        }
        b[j] = r.f32().expect("length checked");
    }
    Dense { n_in, n_out, w, b }
}

/// The step of unit `j`'s i16 weights: its largest weight maps to ±32767.
fn unit_scale(l: &Dense, j: usize) -> f32 {
    let max = (0..l.n_in).fold(0.0f32, |m, i| m.max(l.w[i * l.n_out + j].abs()));
    if max > 0.0 {
        max / 32767.0
    } else {
        1.0
    }
}

fn quantise(w: f32, scale: f32) -> i16 {
    (w / scale).round().clamp(-32767.0, 32767.0) as i16
}

/// Rounds every weight to what the data file can hold (biases stay f32).
pub(crate) fn quantised(mut m: GlyphModel) -> GlyphModel {
    for l in &mut m.layers {
        for j in 0..l.n_out {
            let scale = unit_scale(l, j);
            for i in 0..l.n_in {
                let w = &mut l.w[i * l.n_out + j];
                *w = quantise(*w, scale) as f32 * scale;
            }
        }
    }
    m
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.b.get(self.at..self.at + n)?;
        self.at += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn i16(&mut self) -> Option<i16> {
        Some(i16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
}

/// Cuts the cell centred at `cx` out of the strip into the model's input grid:
/// ink 0..1 relative to the local paper and ink levels, 2 × 2 averages.
pub(crate) fn cell_features(strip: &LineStrip, cx: f32, out: &mut [f32; INPUTS]) {
    let img = &strip.image;
    let (w, h) = (img.width() as i64, img.height() as i64);
    let x0 = cx.round() as i64 - CROP_WIDTH as i64 / 2;
    let (paper, ink) = levels(strip, x0 + CROP_WIDTH as i64 / 2);
    let range = (paper - ink).max(32.0);
    let ink_at = |x: i64, y: i64| -> f32 {
        if x < 0 || x >= w || y >= h {
            return 0.0;
        }
        let v = img.as_raw()[(y * w + x) as usize] as f32;
        ((paper - v) / range).clamp(0.0, 1.0)
    };
    for gy in 0..GRID_H {
        for gx in 0..GRID_W {
            let (x, y) = (x0 + 2 * gx as i64, 2 * gy as i64);
            let s = ink_at(x, y) + ink_at(x + 1, y) + ink_at(x, y + 1) + ink_at(x + 1, y + 1);
            out[gy * GRID_W + gx] = s * 0.25;
        }
    }
}

/// Paper and ink grey levels around column `cx`: the 85th and 1.5th percentiles of a
/// window [`LEVEL_WIDTH`] wide and as high as the strip.
fn levels(strip: &LineStrip, cx: i64) -> (f32, f32) {
    let img = &strip.image;
    let w = img.width() as i64;
    let xa = (cx - LEVEL_WIDTH as i64 / 2).clamp(0, w);
    let xb = (cx + LEVEL_WIDTH as i64 / 2).clamp(0, w);
    let mut hist = [0u32; 256];
    for row in img.as_raw().chunks_exact(w.max(1) as usize) {
        for &v in &row[xa as usize..xb as usize] {
            hist[v as usize] += 1;
        }
    }
    let n: u32 = hist.iter().sum();
    if n == 0 {
        return (255.0, 0.0);
    }
    let percentile = |q: f32| {
        let target = (n as f32 * q) as u32;
        let mut acc = 0;
        for (v, &c) in hist.iter().enumerate() {
            acc += c;
            if acc > target {
                return v as f32;
            }
        }
        255.0
    };
    (percentile(0.85), percentile(0.015))
}

/// Softmax with the max subtracted, exponentials from [`exp_det`].
pub(crate) fn softmax(logits: &[f32; 37]) -> [f32; 37] {
    let max = logits.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let mut p = [0.0f32; 37];
    let mut sum = 0.0f32;
    for (p, &l) in p.iter_mut().zip(logits) {
        *p = exp_det(l - max);
        sum += *p;
    }
    p.iter_mut().for_each(|v| *v /= sum);
    p
}

/// `e^x` from additions and multiplications only, so training gives the same bits on
/// every machine (the C library's `expf` may pick an FMA variant at run time).
/// Relative error below 1e-6 for x in [-87, 88]; 0 below that.
pub(crate) fn exp_det(x: f32) -> f32 {
    if x < -87.0 {
        return 0.0;
    }
    let x = x.min(88.0);
    // ln 2 in two parts (Cody–Waite): k · LN2_HI is exact, so r keeps its precision.
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    let k = (x * std::f32::consts::LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Taylor series of e^r for |r| <= ln2/2, Horner form.
    let mut p = 1.0 / 5040.0;
    for c in [
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        p = p * r + c;
    }
    p * f32::from_bits((((k as i32) + 127) as u32) << 23)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::mrz::train::{render_strip, RenderStyle};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn exp_det_matches_std() {
        for i in -800..=800 {
            let x = i as f32 * 0.1;
            let (a, b) = (exp_det(x), x.exp());
            assert!((a - b).abs() <= b * 2e-6, "{x}: {a} vs {b}");
        }
        assert_eq!(exp_det(-100.0), 0.0);
    }

    #[test]
    fn builtin_model_round_trips() {
        let m = GlyphModel::builtin();
        let bytes = m.to_bytes();
        assert_eq!(bytes, include_bytes!("ocrb.model"));
        assert_eq!(&GlyphModel::from_bytes(&bytes).unwrap(), m);
    }

    #[test]
    fn corrupt_files_are_errors() {
        let good = GlyphModel::builtin().to_bytes();
        assert_eq!(
            GlyphModel::from_bytes(b"nonsense"),
            Err(ModelError::BadMagic)
        );
        let mut v = good.clone();
        v[8] = 99;
        assert_eq!(GlyphModel::from_bytes(&v), Err(ModelError::Version(99)));
        let short = &good[..good.len() - 1];
        assert!(matches!(
            GlyphModel::from_bytes(short),
            Err(ModelError::Size { .. })
        ));
        let mut long = good.clone();
        long.push(0);
        assert!(matches!(
            GlyphModel::from_bytes(&long),
            Err(ModelError::Size { .. })
        ));
        let mut grid = good.clone();
        grid[12] = 7;
        assert!(matches!(
            GlyphModel::from_bytes(&grid),
            Err(ModelError::Features(_))
        ));
        let mut nan = good.clone();
        let last = nan.len() - 4;
        nan[last..].copy_from_slice(&f32::NAN.to_le_bytes());
        assert_eq!(GlyphModel::from_bytes(&nan), Err(ModelError::NotFinite));
        assert!(GlyphModel::from_bytes(&good[..20]).is_err());
    }

    #[test]
    fn a_clean_rendered_line_is_read_exactly() {
        let text = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let strip = render_strip(text, &RenderStyle::clean(), &mut rng);
        let probs = GlyphModel::builtin().classify_strip(&strip);
        let read: String = probs.iter().map(|p| ALPHABET[argmax(p)]).collect();
        assert_eq!(read, text);
        for p in &probs {
            assert!(p[argmax(p)] > 0.9, "a clean glyph should be sure: {p:?}");
            assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        }
    }

    fn argmax(p: &[f32; 37]) -> usize {
        (0..37).fold(0, |b, i| if p[i] > p[b] { i } else { b })
    }
}
