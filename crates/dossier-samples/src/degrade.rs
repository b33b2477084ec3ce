//! Scanner degradations applied to clean renders: resolution, grayscale, skew, whole
//! turns, blur, noise and JPEG quality, chosen per file by the seeded RNG; or, as a level
//! of its own, a phone photo ([`photo`]: perspective, uneven light, shadow, streaks, low
//! JPEG quality), taken by the MRZ pages' capture (`mrzpages/capture.rs`).
//!
//! The ranges are those of an office flatbed scanner or a phone-scanning app as a clerk
//! uses them (mild blur, light noise, a few degrees of skew), so the scans stay readable
//! by OCR: the point is to exercise deskewing and orientation detection, not to destroy text.

use image::{DynamicImage, GrayImage, Luma, Rgb, RgbImage};
use imageproc::geometric_transformations::{rotate_about_center_no_crop, Interpolation};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::mrzpages::capture::{self, Capture, Level};
use crate::output::{Format, Line, Scan};
use crate::render::Page;

/// The degradations chosen for one file (applied alike to each of its pages).
#[derive(Clone, Debug, PartialEq)]
pub struct Degradation {
    /// Output resolution (150–300).
    pub dpi: u32,
    /// Keep colour (otherwise 8-bit gray, as most office scans are).
    pub color: bool,
    /// Skew in degrees (±5).
    pub skew: f32,
    /// Whole clockwise turn: 0, 90, 180 or 270 degrees.
    pub turn: u16,
    /// Gaussian blur sigma in pixels (0 = none).
    pub blur: f32,
    /// Noise amplitude in gray levels (0 = none).
    pub noise: u8,
    /// JPEG quality (40–90) for JPEG-based formats.
    pub jpeg_quality: u8,
    /// A phone photo instead of a scan: every other field but `dpi` and `jpeg_quality`
    /// is ignored (the capture has its own).
    pub photo: Option<Capture>,
}

impl Degradation {
    /// No degradation at `dpi`.
    pub fn clean(dpi: u32) -> Degradation {
        Degradation {
            dpi,
            color: false,
            skew: 0.0,
            turn: 0,
            blur: 0.0,
            noise: 0,
            jpeg_quality: 85,
            photo: None,
        }
    }

    /// One-line summary for README and notes.
    pub fn describe(&self) -> String {
        if let Some(c) = &self.photo {
            return format!("phone photo: {}", c.describe());
        }
        let mut parts = vec![
            format!("{} dpi", self.dpi),
            if self.color { "colour" } else { "gray" }.to_string(),
        ];
        if self.skew != 0.0 {
            parts.push(format!("skew {:+.1}°", self.skew));
        }
        if self.turn != 0 {
            parts.push(format!("turned {}°", self.turn));
        }
        if self.blur > 0.0 {
            parts.push(format!("blur σ{:.1}", self.blur));
        }
        if self.noise > 0 {
            parts.push(format!("noise ±{}", self.noise));
        }
        parts.push(format!("q{}", self.jpeg_quality));
        parts.join(", ")
    }
}

/// Chooses degradations for a file of `format`. Lossless formats get no noise (it would
/// bloat the file); a text-layer PDF gets no skew or turn so its text layer stays aligned
/// with the image; `big_page` (A4 and larger) keeps big pages at 150–200 dpi.
pub fn choose(rng: &mut ChaCha8Rng, format: Format, big_page: bool) -> Degradation {
    let dpi_choices: &[u32] = if big_page {
        &[150, 150, 150, 200]
    } else {
        &[200, 200, 250, 300]
    };
    let dpi = dpi_choices[rng.random_range(0..dpi_choices.len())];
    // Colour only where the encoder is lossy: a colour PNG or TIFF of a page is megabytes.
    let color =
        rng.random_bool(0.15) && matches!(format, Format::Jpeg | Format::PdfJpeg | Format::PdfText);
    let mut d = Degradation {
        dpi,
        color,
        skew: 0.0,
        turn: 0,
        blur: 0.0,
        noise: 0,
        photo: None,
        // Office scanners save full pages at lower quality than ID cards.
        jpeg_quality: if big_page {
            rng.random_range(40..=70)
        } else {
            rng.random_range(40..=90)
        },
    };
    // The JPEG encoders are the place where quality matters; keep it modest elsewhere.
    if format == Format::PdfText {
        return d;
    }
    if rng.random_bool(0.7) {
        // Tenths of a degree keep the value exact in the README and notes.
        d.skew = rng.random_range(-50..=50) as f32 / 10.0;
    }
    let t = rng.random_range(0..20);
    d.turn = match t {
        0 | 1 => 90,
        2 | 3 => 180,
        4 => 270,
        _ => 0,
    };
    if rng.random_bool(0.4) {
        d.blur = rng.random_range(4..=9) as f32 / 10.0;
    }
    // Noise only where the encoder is lossy anyway: in PNG, TIFF and Flate it costs
    // megabytes and adds nothing a JPEG scan does not already show.
    if matches!(format, Format::Jpeg | Format::PdfJpeg) && rng.random_bool(0.25) {
        d.noise = rng.random_range(3..=6);
    }
    d
}

/// A phone photo of a page (saved as JPEG by the phone): resolution on the paper 150–200
/// pixels per inch for A4 and larger (`big_page`), 250–300 for small documents;
/// perspective, rotation, uneven light, shadow, streaks, blur, noise and JPEG quality as
/// the MRZ pages' photo level draws them, quality lowered to 35–75.
pub fn photo(rng: &mut ChaCha8Rng, big_page: bool) -> Degradation {
    let dpi = if big_page {
        [150, 180, 200][rng.random_range(0..3)]
    } else {
        [250, 300][rng.random_range(0..2)]
    };
    let mut cap = Capture::choose(rng, Level::Photo, dpi);
    cap.jpeg_quality = rng.random_range(35..=75);
    Degradation {
        jpeg_quality: cap.jpeg_quality,
        photo: Some(cap),
        ..Degradation::clean(dpi)
    }
}

/// Applies `d` to a clean page. `rng` drives the noise.
pub fn apply(page: &Page, d: &Degradation, rng: &mut ChaCha8Rng) -> Scan {
    if let Some(cap) = &d.photo {
        // The capture resamples the page itself; no text layer (photos are images).
        return Scan {
            image: capture::photograph(rng, &page.image, page.dpi, cap),
            dpi: cap.dpi,
            jpeg_quality: cap.jpeg_quality,
            lines: Vec::new(),
        };
    }
    let scale = d.dpi as f32 / page.dpi.max(1) as f32;
    let (w, h) = (
        ((page.image.width() as f32 * scale).round() as u32).max(1),
        ((page.image.height() as f32 * scale).round() as u32).max(1),
    );
    let resized = if (w, h) == page.image.dimensions() {
        page.image.clone()
    } else {
        image::imageops::resize(&page.image, w, h, image::imageops::FilterType::Triangle)
    };
    let lines: Vec<Line> = page
        .runs
        .iter()
        .map(|r| Line {
            text: r.text.clone(),
            x: r.x * scale,
            y: r.y * scale,
            size: r.size * scale,
        })
        .collect();

    let mut img = if d.color {
        DynamicImage::ImageRgb8(resized)
    } else {
        DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(resized).to_luma8())
    };
    if d.skew != 0.0 {
        let theta = d.skew.to_radians();
        img =
            match img {
                DynamicImage::ImageLuma8(g) => DynamicImage::ImageLuma8(
                    rotate_about_center_no_crop(&g, theta, Interpolation::Bilinear, Luma([250])),
                ),
                other => DynamicImage::ImageRgb8(rotate_about_center_no_crop(
                    &other.to_rgb8(),
                    theta,
                    Interpolation::Bilinear,
                    Rgb([250, 250, 248]),
                )),
            };
    }
    if d.blur > 0.0 {
        img = match img {
            DynamicImage::ImageLuma8(g) => {
                DynamicImage::ImageLuma8(imageproc::filter::gaussian_blur_f32(&g, d.blur))
            }
            other => DynamicImage::ImageRgb8(imageproc::filter::gaussian_blur_f32(
                &other.to_rgb8(),
                d.blur,
            )),
        };
    }
    if d.noise > 0 {
        img = match img {
            DynamicImage::ImageLuma8(g) => DynamicImage::ImageLuma8(noise_gray(g, d.noise, rng)),
            other => DynamicImage::ImageRgb8(noise_rgb(other.to_rgb8(), d.noise, rng)),
        };
    }
    img = match d.turn {
        90 => img.rotate90(),
        180 => img.rotate180(),
        270 => img.rotate270(),
        _ => img,
    };
    Scan {
        image: img,
        dpi: d.dpi,
        jpeg_quality: d.jpeg_quality,
        lines,
    }
}

/// Adds uniform noise of ±`amp` gray levels (sum of two uniforms: a triangular
/// distribution, closer to sensor noise than a flat one).
fn noise_gray(mut g: GrayImage, amp: u8, rng: &mut ChaCha8Rng) -> GrayImage {
    let a = amp as i16;
    for p in g.pixels_mut() {
        let n = rng.random_range(-a..=a) / 2 + rng.random_range(-a..=a) / 2;
        p.0[0] = (p.0[0] as i16 + n).clamp(0, 255) as u8;
    }
    g
}

fn noise_rgb(mut g: RgbImage, amp: u8, rng: &mut ChaCha8Rng) -> RgbImage {
    let a = amp as i16;
    for p in g.pixels_mut() {
        let n = rng.random_range(-a..=a) / 2 + rng.random_range(-a..=a) / 2;
        for c in p.0.iter_mut() {
            *c = (*c as i16 + n).clamp(0, 255) as u8;
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn page() -> Page {
        let mut img = RgbImage::from_pixel(600, 400, Rgb([255, 255, 255]));
        for x in 100..500 {
            for y in 190..210 {
                img.put_pixel(x, y, Rgb([0, 0, 0]));
            }
        }
        Page {
            image: img,
            dpi: 300,
            runs: Vec::new(),
        }
    }

    #[test]
    fn choices_stay_in_scanner_ranges_and_repeat_per_seed() {
        let mut a = ChaCha8Rng::seed_from_u64(7);
        let mut b = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..200 {
            let f = Format::ALL[a.random_range(0..Format::ALL.len())];
            let _ = b.random_range(0..Format::ALL.len());
            let d = choose(&mut a, f, false);
            assert_eq!(d, choose(&mut b, f, false));
            assert!((150..=300).contains(&d.dpi));
            assert!(d.skew.abs() <= 5.0 && d.blur <= 1.0 && d.noise <= 8);
            assert!((40..=90).contains(&d.jpeg_quality));
            if f == Format::PdfText {
                assert_eq!((d.skew, d.turn), (0.0, 0));
            }
            if matches!(f, Format::Png | Format::Tiff | Format::PdfFlate) {
                assert_eq!(d.noise, 0);
                assert!(!d.color);
            }
        }
    }

    #[test]
    fn apply_resamples_turns_and_keeps_the_ink() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let d = Degradation {
            dpi: 150,
            turn: 90,
            blur: 0.6,
            noise: 4,
            ..Degradation::clean(150)
        };
        let s = apply(&page(), &d, &mut rng);
        // 600x400 at 300 dpi -> 300x200 at 150 dpi, turned 90° -> 200x300.
        assert_eq!((s.image.width(), s.image.height()), (200, 300));
        let g = s.image.to_luma8();
        let dark = g.pixels().filter(|p| p.0[0] < 100).count();
        assert!(dark > 500, "bar survived: {dark} dark pixels");
        let skewed = apply(
            &page(),
            &Degradation {
                skew: 4.0,
                ..Degradation::clean(300)
            },
            &mut rng,
        );
        assert!(
            skewed.image.width() > 600,
            "no-crop rotation grows the canvas"
        );
    }
}
