//! Image preparation before OCR: grayscale, orientation axis, deskew, upscaling.
//!
//! Everything that measures the page works on a small binarised copy (about 1000 px
//! on the long side): it only has to find where the ink lies, and that is cheap at
//! that size. Only the corrections themselves touch the full-resolution image.

use std::borrow::Cow;

use image::imageops::{self, FilterType};
use image::{DynamicImage, GrayImage, Luma};
use imageproc::geometric_transformations::{rotate_about_center, Interpolation};

/// Long side of the copy used for measurements.
const PROBE_SIDE: u32 = 1000;
/// Largest skew corrected, in degrees (either way).
pub const MAX_SKEW_DEG: f32 = 5.0;
/// Skews below this are left alone: rotating costs time and blurs the glyphs.
const MIN_SKEW_DEG: f32 = 0.2;
/// Median text line height (ink rows, pixels) small text is brought up to. Tesseract's
/// LSTM models scale every line to 36 px high, so more gains nothing and costs time.
const TARGET_LINE_PX: f32 = 36.0;
/// Lines shorter than this get the page upscaled: below it glyph details vanish when
/// Tesseract binarises. Pages are judged by their text, not their size: a 300 dpi
/// scan of an ID card is small but sharp, a 150 dpi A4 page of fine print is not.
const MIN_LINE_PX: f32 = 26.0;
/// Largest upscaling factor, and largest upscaled page (pixels) we accept unless the
/// decode budget asks for less ([`crate::ocr::ReadOptions::max_upscaled_pixels`]).
const MAX_UPSCALE: f32 = 3.0;
pub const MAX_UPSCALED_PIXELS: u64 = 60_000_000;

/// Otsu's threshold level of an 8-bit image: imageproc's computation, with sums that do
/// not overflow (imageproc's `otsu_level` multiplies a level by its pixel count in 32
/// bits, which overflows, and panics in debug builds, once one grey level holds more
/// than 16.8 million pixels: a white A4 page at 600 dpi).
pub fn otsu_level(image: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for &v in image.as_raw() {
        hist[usize::from(v)] += 1;
    }
    let total_weight: u64 = hist.iter().sum();
    let total_pixel_sum = hist
        .iter()
        .enumerate()
        .fold(0f64, |sum, (t, &h)| sum + (t as u64 * h) as f64);
    let mut background_pixel_sum = 0f64;
    let mut background_weight = 0u64;
    let mut largest_variance = 0f64;
    let mut best_threshold = 0u8;
    for (threshold, &hist_count) in hist.iter().enumerate() {
        background_weight += hist_count;
        if background_weight == 0 {
            continue;
        }
        let foreground_weight = total_weight - background_weight;
        if foreground_weight == 0 {
            break;
        }
        background_pixel_sum += (threshold as u64 * hist_count) as f64;
        let foreground_pixel_sum = total_pixel_sum - background_pixel_sum;
        let background_mean = background_pixel_sum / (background_weight as f64);
        let foreground_mean = foreground_pixel_sum / (foreground_weight as f64);
        let mean_diff_squared = (background_mean - foreground_mean).powi(2);
        let intra_class_variance =
            (background_weight as f64) * (foreground_weight as f64) * mean_diff_squared;
        if intra_class_variance > largest_variance {
            largest_variance = intra_class_variance;
            best_threshold = threshold as u8;
        }
    }
    best_threshold
}

/// Converts any decoded image to 8-bit grayscale (alpha composited on white, so
/// transparent PNG backgrounds do not turn black).
pub fn to_gray(image: DynamicImage) -> GrayImage {
    if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        let (w, h) = rgba.dimensions();
        let mut gray = GrayImage::new(w, h);
        for (x, y, p) in rgba.enumerate_pixels() {
            let [r, g, b, a] = p.0;
            let luma = (299 * r as u32 + 587 * g as u32 + 114 * b as u32) / 1000;
            let a = a as u32;
            let v = (luma * a + 255 * (255 - a)) / 255;
            gray.put_pixel(x, y, Luma([v as u8]));
        }
        gray
    } else {
        image.into_luma8()
    }
}

/// A binarised, downscaled copy of a page: `true` is ink.
pub struct Probe {
    pub width: u32,
    pub height: u32,
    /// Coordinates of the ink pixels.
    ink: Vec<(u16, u16)>,
}

impl Probe {
    /// Downscales `img` so its long side is at most [`PROBE_SIDE`] and thresholds it
    /// with Otsu's level.
    pub fn new(img: &GrayImage) -> Probe {
        let (w, h) = img.dimensions();
        let long = w.max(h).max(1);
        let small = if long > PROBE_SIDE {
            let f = PROBE_SIDE as f32 / long as f32;
            let sw = ((w as f32 * f) as u32).max(1);
            let sh = ((h as f32 * f) as u32).max(1);
            imageops::resize(img, sw, sh, FilterType::Triangle)
        } else {
            img.clone()
        };
        let level = otsu_level(&small);
        let (sw, sh) = (small.width() as usize, small.height() as usize);
        // A blank page has an Otsu level near white; demand real contrast.
        let dark: Vec<bool> = small
            .as_raw()
            .iter()
            .map(|&v| v <= level && v < 200)
            .collect();
        // Photos, filled boxes and rules are long runs of ink in some direction; glyph
        // strokes never are. Dropping long runs keeps only text-like ink, so a photo
        // block cannot outvote the text lines.
        let max_run = (sw.max(sh) / 40).max(12);
        let mut keep = dark.clone();
        let mut clear_long_runs =
            |len: usize, stride: usize, starts: &mut dyn Iterator<Item = usize>| {
                for start in starts {
                    let mut run = 0;
                    for k in 0..=len {
                        let on = k < len && dark[start + k * stride];
                        if on {
                            run += 1;
                        } else {
                            if run > max_run {
                                for r in k - run..k {
                                    keep[start + r * stride] = false;
                                }
                            }
                            run = 0;
                        }
                    }
                }
            };
        clear_long_runs(sw, 1, &mut (0..sh).map(|y| y * sw));
        clear_long_runs(sh, sw, &mut (0..sw));
        let ink = keep
            .iter()
            .enumerate()
            .filter(|(_, &k)| k)
            .map(|(i, _)| ((i % sw) as u16, (i / sw) as u16))
            .collect();
        Probe {
            width: small.width(),
            height: small.height(),
            ink,
        }
    }

    /// Number of ink pixels.
    pub fn ink(&self) -> usize {
        self.ink.len()
    }

    /// How strongly the ink forms lines at `angle_deg` from the horizontal (or from
    /// the vertical when `vertical`): the squared coefficient of variation of the
    /// projection profile along the sheared axis. Text lines give profiles that
    /// alternate between full and empty rows, i.e. a high score.
    pub fn line_score(&self, angle_deg: f32, vertical: bool) -> f32 {
        let t = angle_deg.to_radians().tan();
        let (across, along) = if vertical {
            (self.width, self.height)
        } else {
            (self.height, self.width)
        };
        let pad = (along as f32 * t.abs()).ceil() as i64 + 1;
        let bins = across as i64 + 2 * pad;
        let mut profile = vec![0u32; bins.max(1) as usize];
        for &(x, y) in &self.ink {
            let (a, b) = if vertical {
                (x as f32, y as f32)
            } else {
                (y as f32, x as f32)
            };
            let i = (a - b * t).round() as i64 + pad;
            if (0..bins).contains(&i) {
                profile[i as usize] += 1;
            }
        }
        // Only the span that holds ink counts, so margins do not dilute the score.
        let first = profile.iter().position(|&c| c > 0);
        let last = profile.iter().rposition(|&c| c > 0);
        let (Some(first), Some(last)) = (first, last) else {
            return 0.0;
        };
        let span = &profile[first..=last];
        let n = span.len() as f32;
        let mean = span.iter().map(|&c| c as f32).sum::<f32>() / n;
        if mean <= 0.0 {
            return 0.0;
        }
        let var = span.iter().map(|&c| (c as f32 - mean).powi(2)).sum::<f32>() / n;
        var / (mean * mean)
    }
}

/// The layout of the ink on a page: whether lines run across (`false`) or down
/// (`true`) the image, and their skew in degrees (counter-clockwise positive, in
/// image coordinates with y down: the angle to rotate by to level them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    pub vertical: bool,
    pub skew_deg: f32,
    /// The line score at the chosen angle: near 0 means no text lines were found.
    pub score: f32,
}

/// Finds the text-line axis and skew: projection profiles over candidate angles in
/// [-[`MAX_SKEW_DEG`], +[`MAX_SKEW_DEG`]] on both axes, coarse (0.5°) then fine (0.1°).
pub fn estimate_layout(probe: &Probe) -> Layout {
    let mut best = Layout {
        vertical: false,
        skew_deg: 0.0,
        score: f32::MIN,
    };
    if probe.ink() < 50 {
        return Layout { score: 0.0, ..best };
    }
    for vertical in [false, true] {
        let mut a = -MAX_SKEW_DEG;
        while a <= MAX_SKEW_DEG + 1e-3 {
            let s = probe.line_score(a, vertical);
            if s > best.score {
                best = Layout {
                    vertical,
                    skew_deg: a,
                    score: s,
                };
            }
            a += 0.5;
        }
    }
    let coarse = best.skew_deg;
    for i in -5..=5 {
        let a = (coarse + i as f32 * 0.1).clamp(-MAX_SKEW_DEG, MAX_SKEW_DEG);
        let s = probe.line_score(a, best.vertical);
        if s > best.score {
            best.skew_deg = a;
            best.score = s;
        }
    }
    best
}

/// Rotates `img` to level lines measured at `skew_deg` (see [`Layout`]), filling the
/// corners with white. Small angles are left alone.
pub fn deskew(img: &GrayImage, skew_deg: f32) -> Option<GrayImage> {
    if skew_deg.abs() < MIN_SKEW_DEG || skew_deg.abs() > MAX_SKEW_DEG + 0.01 {
        return None;
    }
    // Lines drawn at `skew` have y' = y - x·tan(skew) level; rotating the image by
    // -skew (imageproc rotates clockwise for positive theta with y down) undoes it.
    Some(rotate_about_center(
        img,
        (-skew_deg).to_radians(),
        Interpolation::Bilinear,
        Luma([255]),
    ))
}

/// Rotates by a multiple of 90° clockwise; no copy for 0°.
pub fn rotate_cw(img: &GrayImage, degrees: u16) -> Cow<'_, GrayImage> {
    match degrees % 360 {
        90 => Cow::Owned(imageops::rotate90(img)),
        180 => Cow::Owned(imageops::rotate180(img)),
        270 => Cow::Owned(imageops::rotate270(img)),
        _ => Cow::Borrowed(img),
    }
}

/// Median height in pixels of the runs of ink-bearing rows (text lines) of an
/// upright, level image; `None` when no text-like runs are found.
pub fn median_line_height(img: &GrayImage) -> Option<f32> {
    let level = otsu_level(img).min(199);
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return None;
    }
    // A row "has ink" when a small share of its pixels is dark: enough for a line of
    // text, not enough for specks.
    let min_ink = (w / 200).max(2);
    let mut runs = Vec::new();
    let mut start: Option<u32> = None;
    for (y, row) in img.as_raw().chunks_exact(w as usize).enumerate() {
        let y = y as u32;
        let dark = row.iter().filter(|&&v| v <= level).count() as u32;
        match (dark >= min_ink, start) {
            (true, None) => start = Some(y),
            (false, Some(s)) => {
                runs.push(y - s);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push(h - s);
    }
    // Runs of a few pixels are rules and specks; runs over a tenth of the page are
    // photos and frames.
    runs.retain(|&r| r >= 6 && r <= h / 10 + 6);
    if runs.is_empty() {
        return None;
    }
    runs.sort_unstable();
    Some(runs[runs.len() / 2] as f32)
}

/// The factor to upscale a page by so its text reaches Tesseract's comfortable size,
/// or 1.0 when the text is big enough (or cannot be measured); the upscaled page has at
/// most [`MAX_UPSCALED_PIXELS`] pixels.
pub fn upscale_factor(img: &GrayImage) -> f32 {
    upscale_factor_within(img, MAX_UPSCALED_PIXELS)
}

/// [`upscale_factor`] with the upscaled page held to `max_pixels`.
pub fn upscale_factor_within(img: &GrayImage, max_pixels: u64) -> f32 {
    let Some(line) = median_line_height(img) else {
        return 1.0;
    };
    if line >= MIN_LINE_PX {
        return 1.0;
    }
    let pixels = img.width() as f32 * img.height() as f32;
    let by_size = (max_pixels as f32 / pixels.max(1.0)).sqrt();
    (TARGET_LINE_PX / line)
        .min(MAX_UPSCALE)
        .min(by_size)
        .max(1.0)
}

/// Resizes by `factor` (bicubic: keeps glyph edges smooth when enlarging).
pub fn scale(img: &GrayImage, factor: f32) -> GrayImage {
    if (factor - 1.0).abs() < 0.01 {
        return img.clone();
    }
    let w = ((img.width() as f32 * factor).round() as u32).max(1);
    let h = ((img.height() as f32 * factor).round() as u32).max(1);
    resize(img, w, h)
}

/// Bicubic (Catmull-Rom) resize to `w` × `h` with `fast_image_resize`, which is
/// several times faster than `image`'s resampler on the page-sized upscales the page
/// pass needs (the upscale was 39 % of a passport page's time). Falls back to `image`
/// if the fast resizer refuses the sizes.
fn resize(img: &GrayImage, w: u32, h: u32) -> GrayImage {
    use fast_image_resize::{FilterType as Filter, ResizeAlg, ResizeOptions, Resizer};
    let mut out = GrayImage::new(w, h);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(Filter::CatmullRom));
    match Resizer::new().resize(img, &mut out, &options) {
        Ok(()) => out,
        Err(_) => imageops::resize(img, w, h, FilterType::CatmullRom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast resizer is the same bicubic filter as `image`'s: on a page of text the
    /// two differ by under one grey level on average, and the size is exact.
    #[test]
    fn fast_resize_matches_image_resize() {
        let page = bars(640, 480, 2.0);
        let fast = scale(&page, 1.7);
        let reference = imageops::resize(&page, 1088, 816, FilterType::CatmullRom);
        assert_eq!(fast.dimensions(), reference.dimensions());
        let diff: u64 = fast
            .as_raw()
            .iter()
            .zip(reference.as_raw())
            .map(|(&a, &b)| u64::from(a.abs_diff(b)))
            .sum();
        let mean = diff as f64 / fast.as_raw().len() as f64;
        assert!(mean < 1.0, "mean difference {mean}");
        // A downscale too (the fallback path is never needed for these sizes).
        assert_eq!(scale(&page, 0.5).dimensions(), (320, 240));
    }

    /// Rows of short dashes (like words of text lines) on white, optionally sheared
    /// by `deg`.
    fn bars(w: u32, h: u32, deg: f32) -> GrayImage {
        let t = deg.to_radians().tan();
        GrayImage::from_fn(w, h, |x, y| {
            let yy = y as f32 + x as f32 * t;
            let inside_x = x > w / 10 && x < w - w / 10 && x % 16 < 10;
            if inside_x && (yy as i64).rem_euclid(40) < 18 && y > 20 && y < h - 20 {
                Luma([0])
            } else {
                Luma([255])
            }
        })
    }

    #[test]
    fn finds_horizontal_lines_and_their_skew() {
        let img = bars(800, 600, 0.0);
        let l = estimate_layout(&Probe::new(&img));
        assert!(!l.vertical);
        assert!(l.skew_deg.abs() < 0.15, "{l:?}");
        let img = bars(800, 600, 2.0);
        let l = estimate_layout(&Probe::new(&img));
        assert!(!l.vertical);
        // Lines with y + x·tan(2°) constant fall to the right: -2° levels them.
        assert!((l.skew_deg + 2.0).abs() < 0.25, "{l:?}");
    }

    #[test]
    fn finds_vertical_lines() {
        let img = imageops::rotate90(&bars(800, 600, 0.0));
        let l = estimate_layout(&Probe::new(&img));
        assert!(l.vertical, "{l:?}");
    }

    #[test]
    fn blank_page_has_no_layout() {
        let img = GrayImage::from_pixel(500, 700, Luma([255]));
        let l = estimate_layout(&Probe::new(&img));
        assert_eq!(l.score, 0.0);
        assert_eq!(upscale_factor(&img), 1.0);
    }

    #[test]
    fn small_text_is_upscaled_large_text_is_not() {
        // Bars 18 px high every 40: lines of 18 px are small (target 36 → 2×).
        let f = upscale_factor(&bars(800, 600, 0.0));
        assert!(f > 1.8 && f <= MAX_UPSCALE, "{f}");
        let big = scale(&bars(800, 600, 0.0), 3.0);
        assert_eq!(upscale_factor(&big), 1.0);
        // The budget caps the upscaled page's size.
        let f = upscale_factor_within(&bars(800, 600, 0.0), 960_000);
        assert!((f - 2.0f32.sqrt()).abs() < 0.01, "{f}");
    }

    #[test]
    fn otsu_level_matches_imageproc_and_does_not_overflow() {
        let img = GrayImage::from_fn(300, 200, |x, y| Luma([((x * 7 + y * 3) % 256) as u8]));
        assert_eq!(otsu_level(&img), imageproc::contrast::otsu_level(&img));
        let page = bars(800, 600, 0.0);
        assert_eq!(otsu_level(&page), imageproc::contrast::otsu_level(&page));
        // 17 million white pixels: imageproc's sum overflows 32 bits here.
        let mut white = GrayImage::from_pixel(4200, 4100, Luma([255]));
        for x in 0..4200 {
            white.put_pixel(x, 10, Luma([0]));
        }
        assert_eq!(otsu_level(&white), 0);
    }

    #[test]
    fn transparent_background_becomes_white() {
        let img = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
            4,
            4,
            image::Rgba([0, 0, 0, 0]),
        ));
        assert_eq!(to_gray(img).get_pixel(1, 1).0[0], 255);
    }
}
