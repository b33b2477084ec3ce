//! `mrz-pages`: images of machine-readable travel-document pages with a `truth.json` in
//! the layout of the shared MRZ specimen set (image path → `format`, `lines`, `has_mrz`,
//! `valid_as_printed`, `fields`, `check_digits`, `mrz_bbox_px`, `char_pitch_px`, `tags`,
//! `image_size_px`), so `evaluate --specimens DIR` scores them like the real specimens.
//!
//! Each page has its own RNG seeded from the master seed, so the parallel workers cannot
//! change what is written: same arguments, same bytes.
//!
//! What varies (see `docs/mrz-recogniser.md` for the held-out parts):
//! - the five formats with ICAO check digits, one wrong check digit on ~12 % of pages,
//!   long names truncated, `<` between name parts, no given names, Kazakh IINs in the
//!   optional data, Germany's `D<<`, century traps; ~5 % negatives without any zone;
//! - the document (TD3 125 × 88, TD1 85.6 × 54 with its front above sometimes, TD2
//!   105 × 74, MRV-A 120 × 80 and MRV-B 105 × 74 stickers on a passport page, booklet
//!   spreads), alone or on an A4 photocopy, with photo, visual zone, security pattern
//!   (under the zone on ~25 % of pages);
//! - the OCR-B: pitch 2.54 mm ± 15 %, capital height 2.4 mm ± 15 %, width ± 8 %, bold or
//!   light stroke, line spacing, per-line offsets, per-glyph jitter, ink tone;
//! - the capture: 100–400 dpi; clean (PNG), office scan (skew ± 3°, blur, noise, streaks,
//!   JPEG) or phone photo (perspective, rotation, uneven light, shadow, colour cast,
//!   streaks, blur, noise, JPEG, a table behind the paper); 1 page in 8 turned 90/180/270.

mod canvas;
// The documents' phone-photo degradation (degrade.rs) reuses the capture.
pub(crate) mod capture;
mod content;
mod layout;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::output::{self, Format, Scan};
use crate::pdffont::PdfFont;
use crate::render;

use canvas::{Canvas, MrzStyle};
use capture::{Capture, Level, Placed, Scene};
use content::MrzFormat;
pub use layout::Family;
use layout::{Look, Mount, PageFonts, Piece, Zone};

/// Nominal OCR-B size I in an MRZ: 2.54 mm pitch (10 characters per inch), capitals
/// about 2.4 mm high.
const PITCH_MM: f32 = 2.54;
const CAP_MM: f32 = 2.4;

impl std::str::FromStr for Family {
    type Err = String;
    fn from_str(s: &str) -> Result<Family, String> {
        match s {
            "regular" => Ok(Family::Regular),
            "sharp" => Ok(Family::Sharp),
            _ => Err(format!("unknown family {s}: regular or sharp")),
        }
    }
}

/// Writes `count` pages and `out/truth.json`.
pub fn run(
    seed: u64,
    count: usize,
    out: &Path,
    family: Family,
    fonts: &render::Fonts,
    pdf_font: &PdfFont,
) -> Result<()> {
    let pf = PageFonts::load().map_err(|e| anyhow::anyhow!(e))?;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut master = ChaCha8Rng::seed_from_u64(seed);
    let jobs: Vec<(usize, u64)> = (0..count).map(|i| (i, master.random())).collect();
    let results: Vec<Result<(String, Value)>> = jobs
        .par_iter()
        .map(|&(i, s)| {
            let page = page(s, family, &pf, fonts);
            let fmt = if page.level == Level::Clean {
                Format::Png
            } else {
                Format::Jpeg
            };
            let name = format!("mrz_{i:05}.{}", fmt.ext());
            let scan = Scan {
                image: page.image,
                dpi: page.dpi,
                jpeg_quality: page.jpeg_quality,
                lines: Vec::new(),
            };
            let data = output::encode(fmt, &[scan], pdf_font)?;
            std::fs::write(out.join(&name), data)?;
            Ok((name, page.truth))
        })
        .collect();
    let mut truth = BTreeMap::new();
    for r in results {
        let (n, v) = r?;
        truth.insert(n, v);
    }
    std::fs::write(
        out.join("truth.json"),
        crate::package::pretty(&json!(truth)),
    )?;
    Ok(())
}

/// One generated page.
struct Page {
    image: image::DynamicImage,
    dpi: u32,
    jpeg_quality: u8,
    level: Level,
    truth: Value,
}

fn weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut r = rng.random_range(0..total.max(1));
    for &(t, w) in items {
        if r < w {
            return t;
        }
        r -= w;
    }
    items[0].0
}

const TINTS: &[([u8; 3], [u8; 3])] = &[
    ([244, 246, 252], [200, 212, 238]),
    ([252, 244, 246], [238, 202, 214]),
    ([242, 250, 252], [192, 226, 236]),
    ([250, 247, 238], [232, 216, 190]),
    ([246, 250, 244], [206, 230, 202]),
    ([250, 250, 250], [214, 214, 220]),
];

fn page(seed: u64, family: Family, pf: &PageFonts, fonts: &render::Fonts) -> Page {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let rng = &mut rng;
    let format = weighted(
        rng,
        &[
            (Some(MrzFormat::Td3), 28),
            (Some(MrzFormat::Td1), 24),
            (Some(MrzFormat::Td2), 14),
            (Some(MrzFormat::MrvA), 15),
            (Some(MrzFormat::MrvB), 14),
            (None, 5),
        ],
    );
    let level = weighted(
        rng,
        &[(Level::Clean, 30), (Level::Office, 35), (Level::Photo, 35)],
    );
    let content = content::random(rng, format.unwrap_or(MrzFormat::Td1));
    let small = format == Some(MrzFormat::Td1);
    let mut dpi = if small {
        weighted(
            rng,
            &[
                (100, 3),
                (120, 3),
                (150, 3),
                (200, 3),
                (250, 2),
                (300, 2),
                (400, 1),
            ],
        )
    } else {
        weighted(
            rng,
            &[
                (100, 2),
                (120, 2),
                (150, 3),
                (200, 3),
                (250, 2),
                (300, 3),
                (400, 2),
            ],
        )
    };
    let a4 = rng.random_bool(0.22);
    let mount = match format {
        Some(MrzFormat::Td1) if rng.random_bool(0.3) => Mount::TwoSides,
        Some(MrzFormat::Td3 | MrzFormat::MrvA | MrzFormat::MrvB) if rng.random_bool(0.2) => {
            Mount::Booklet
        }
        _ => Mount::Alone,
    };
    if a4 || format.is_none() {
        dpi = dpi.min(250);
    }
    let mut cap = Capture::choose(rng, level, dpi);
    let (tint, lines_c) = TINTS[rng.random_range(0..TINTS.len())];
    let value_cap = if small {
        rng.random_range(1.5..2.3f32)
    } else {
        rng.random_range(1.8..2.8f32)
    };
    let mut tags: Vec<String> = Vec::new();
    let mut variation = serde_json::Map::new();
    // Phone frames stay under ~4200 px: lower the resolution on big paper.
    let paper_long = if a4 || format.is_none() {
        297.0
    } else {
        let (w, h) = content.format.size_mm();
        let h = if mount == Mount::Alone { h } else { h * 2.0 };
        w.max(h) + 8.0
    };
    if level == Level::Photo {
        let max_dpi = (4200.0 * cap.fill * 25.4 / paper_long) as u32;
        cap.dpi = cap.dpi.min(max_dpi.max(100));
    }
    let ppm = cap.dpi as f32 / 25.4;
    let look = Look {
        family,
        fonts: pf,
        ppm,
        value_cap,
        tint,
        lines: lines_c,
        pattern_under_mrz: rng.random_bool(0.25),
    };
    let (piece, negative_kind) = match format {
        Some(f) => {
            let zone = zone(rng, f, &mut tags, &mut variation);
            (layout::document(rng, &look, &content, &zone, mount), None)
        }
        None => {
            if rng.random_bool(0.5) {
                (
                    layout::card_without_zone(rng, &look, &content),
                    Some("card"),
                )
            } else {
                let kinds = [
                    "invitation_letter",
                    "iin_certificate",
                    "payment_receipt",
                    "apostille",
                ];
                let kind = kinds[rng.random_range(0..kinds.len())];
                (existing_page(rng, kind, fonts, ppm), Some(kind))
            }
        }
    };
    tags.extend(content_tags(&content, format.is_some()));
    tags.extend(piece.tags.iter().cloned());
    // Lay the piece on paper: tight crop with small margins, or somewhere on an A4 copy.
    let (pw, ph) = (piece.canvas.w_mm(), piece.canvas.h_mm());
    let a4_paper = a4 && format.is_some() && pw < 200.0 && ph < 280.0;
    let scene = if a4_paper {
        let mut piece = piece;
        photocopy(rng, &mut piece.canvas.img);
        let angle = rng.random_range(-3.0..3.0f32).to_radians();
        let cx = rng.random_range(pw / 2.0 + 6.0..210.0 - pw / 2.0 - 6.0);
        let cy = rng.random_range(ph / 2.0 + 6.0..297.0 - ph / 2.0 - 6.0);
        tags.push("layout_a4_copy".into());
        Scene {
            w: 210.0,
            h: 297.0,
            paper: [252, 252, 250],
            placed: vec![Placed {
                piece,
                centre: (cx, cy),
                angle,
            }],
        }
    } else {
        let m: [f32; 4] = std::array::from_fn(|_| {
            if rng.random_bool(0.2) {
                0.0
            } else {
                rng.random_range(0.5..6.0)
            }
        });
        tags.push(
            if format.is_none() && negative_kind != Some("card") {
                "layout_a4"
            } else {
                "layout_tight"
            }
            .into(),
        );
        Scene {
            w: pw + m[0] + m[2],
            h: ph + m[1] + m[3],
            paper: [253, 253, 253],
            placed: vec![Placed {
                piece,
                centre: (m[0] + pw / 2.0, m[1] + ph / 2.0),
                angle: 0.0,
            }],
        }
    };
    let shot = capture::shoot(rng, &scene, &cap);
    let (w, h) = (shot.image.width(), shot.image.height());
    tags.push(content.format_id(format.is_some()).into());
    tags.push(format!("family_{}", family.id()));
    tags.push(level.id().into());
    tags.push(format!("dpi_{}", cap.dpi));
    if cap.turn != 0 {
        tags.push("turned".into());
        tags.push(format!("turned_{}", cap.turn));
    }
    if cap.shadow {
        tags.push("shadow".into());
    }
    if cap.streaks > 0 {
        tags.push("streaks".into());
    }
    if let Some(p) = shot.pitch {
        if p <= 8.5 {
            tags.push("tiny_resolution".into());
        }
        // Pitch bands for reporting: the recogniser's difficulty follows the pixels.
        let band = match p {
            p if p < 10.0 => "pitch_px_lt10",
            p if p < 13.0 => "pitch_px_10_13",
            p if p < 20.0 => "pitch_px_13_20",
            _ => "pitch_px_ge20",
        };
        tags.push(band.into());
    }
    if format.is_none() {
        tags.push("negative_no_mrz".into());
    }
    variation.insert("seed".into(), json!(seed));
    variation.insert("family".into(), json!(family.id()));
    variation.insert("level".into(), json!(level.id()));
    variation.insert("dpi".into(), json!(cap.dpi));
    variation.insert("rotation_deg".into(), json!(round3(cap.skew)));
    variation.insert("keystone".into(), json!(round3(cap.keystone)));
    variation.insert("blur_px".into(), json!(round3(cap.blur)));
    variation.insert("noise".into(), json!(cap.noise));
    variation.insert("turn".into(), json!(cap.turn));
    if level != Level::Clean {
        variation.insert("jpeg_quality".into(), json!(cap.jpeg_quality));
    }
    let mut notes = format!("generated by dossier-samples mrz-pages; {}", cap.describe());
    if let Some(k) = negative_kind {
        notes.push_str(&format!("; negative: {k} without a zone"));
    }
    let truth = match format {
        Some(f) => {
            let checks = content::checks(f, &content.lines);
            json!({
                "format": f.id(),
                "lines": content.lines,
                "valid_as_printed": checks.iter().all(|c| c.ok),
                "fields": content::fields(f, &content.lines),
                "notes": notes,
                "has_mrz": true,
                "check_digits": content::checks_json(&checks),
                "mrz_bbox_px": shot.bbox.unwrap_or_default(),
                "char_pitch_px": (f64::from(shot.pitch.unwrap_or(0.0)) * 10.0).round() / 10.0,
                "tags": tags,
                "image_size_px": [w, h],
                "variation": variation,
            })
        }
        None => json!({
            "format": "none",
            "lines": [],
            "valid_as_printed": false,
            "fields": {},
            "notes": notes,
            "has_mrz": false,
            "tags": tags,
            "image_size_px": [w, h],
            "variation": variation,
        }),
    };
    Page {
        image: shot.image,
        dpi: cap.dpi,
        jpeg_quality: cap.jpeg_quality,
        level,
        truth,
    }
}

fn round3(v: f32) -> f64 {
    (f64::from(v) * 1000.0).round() / 1000.0
}

impl content::Content {
    fn format_id(&self, has: bool) -> &'static str {
        if has {
            self.format.id()
        } else {
            "none"
        }
    }
}

fn content_tags(c: &content::Content, has: bool) -> Vec<String> {
    if has {
        c.tags.clone()
    } else {
        Vec::new()
    }
}

/// How the zone is set: pitch, size, stroke, spacing, offsets.
fn zone(
    rng: &mut ChaCha8Rng,
    f: MrzFormat,
    tags: &mut Vec<String>,
    var: &mut serde_json::Map<String, Value>,
) -> Zone {
    let pitch_f = rng.random_range(0.85..1.15f32);
    let cap_f = rng.random_range(0.85..1.15f32);
    let cap = CAP_MM * cap_f;
    let weight = cap * rng.random_range(-0.03..0.045f32);
    let tone = if rng.random_bool(0.1) {
        tags.push("faint_print".into());
        rng.random_range(70..115u8)
    } else {
        rng.random_range(10..55u8)
    };
    let style = MrzStyle {
        pitch: PITCH_MM * pitch_f,
        cap,
        aspect: rng.random_range(0.92..1.08f32),
        weight,
        jitter_x: PITCH_MM * rng.random_range(0.0..0.05f32),
        jitter_y: cap * rng.random_range(0.0..0.04f32),
        color: [tone, tone, tone.saturating_add(6)],
    };
    let (n, _) = f.shape();
    let spacing = if n == 3 {
        cap * rng.random_range(1.55..2.1f32)
    } else {
        cap * rng.random_range(1.6..2.8f32)
    };
    let bottom = if n == 3 {
        rng.random_range(2.2..4.5f32)
    } else {
        rng.random_range(3.0..6.5f32)
    };
    let line_offsets: Vec<f32> = if rng.random_bool(0.3) {
        tags.push("line_offsets".into());
        (0..n).map(|_| rng.random_range(-0.4..0.4f32)).collect()
    } else {
        vec![0.0; n]
    };
    for (v, lo, hi, name) in [
        (pitch_f, "pitch_narrow", "pitch_wide", "pitch"),
        (cap_f, "cap_small", "cap_large", "cap"),
    ] {
        let _ = name;
        if v < 0.93 {
            tags.push(lo.into());
        } else if v > 1.07 {
            tags.push(hi.into());
        }
    }
    if weight > cap * 0.025 {
        tags.push("stroke_bold".into());
    } else if weight < -cap * 0.015 {
        tags.push("stroke_light".into());
    }
    var.insert("pitch_mm".into(), json!(round3(style.pitch)));
    var.insert("cap_height_mm".into(), json!(round3(cap)));
    var.insert("glyph_aspect".into(), json!(round3(style.aspect)));
    var.insert("stroke_offset_mm".into(), json!(round3(weight)));
    var.insert("line_spacing_mm".into(), json!(round3(spacing)));
    var.insert(
        "line_offsets_pitch".into(),
        json!(line_offsets.iter().map(|v| round3(*v)).collect::<Vec<_>>()),
    );
    Zone {
        style,
        spacing,
        bottom,
        shift: rng.random_range(-2.0..2.0f32),
        line_offsets,
    }
}

/// A photocopier's rendering of a document: gray, more contrast, pale tints dropped.
fn photocopy(rng: &mut ChaCha8Rng, img: &mut image::RgbImage) {
    let black = rng.random_range(20.0..60.0f32);
    let white = rng.random_range(215.0..240.0f32);
    for p in img.pixels_mut() {
        let [r, g, b] = p.0;
        let y = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
        let v = ((y - black) / (white - black) * 255.0).clamp(0.0, 255.0) as u8;
        p.0 = [v, v, v];
    }
}

/// A page of another kind from the document renderer (300 dpi), resampled to `ppm`.
fn existing_page(rng: &mut ChaCha8Rng, kind: &str, fonts: &render::Fonts, ppm: f32) -> Piece {
    let nat = crate::case::NATIONALITIES[rng.random_range(0..crate::case::NATIONALITIES.len())];
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let case = crate::case::random_case(rng, nat, as_of);
    let pages = render::render(kind, &case, fonts, rng);
    let img = pages
        .into_iter()
        .next()
        .map(|p| p.image)
        .unwrap_or_else(|| image::RgbImage::new(10, 10));
    let scale = ppm / (300.0 / 25.4);
    let (w, h) = (
        ((img.width() as f32 * scale).round() as u32).max(1),
        ((img.height() as f32 * scale).round() as u32).max(1),
    );
    let img = image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle);
    Piece {
        canvas: Canvas { img, ppm },
        mrz: Vec::new(),
        tags: vec![format!("negative_{kind}")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> (PageFonts, render::Fonts) {
        (
            PageFonts::load().expect("fonts-ocr-b and fonts-dejavu-core"),
            render::Fonts::load().expect("fonts"),
        )
    }

    #[test]
    fn same_seed_same_page() {
        let (pf, f) = fonts();
        let seed = 11u64;
        let a = page(seed, Family::Regular, &pf, &f);
        let b = page(seed, Family::Regular, &pf, &f);
        assert_eq!(a.truth, b.truth);
        assert!(
            a.image.as_bytes() == b.image.as_bytes(),
            "seed {seed} differs"
        );
    }

    #[test]
    fn truth_agrees_with_the_image_geometry() {
        let (pf, f) = fonts();
        let mut formats = std::collections::BTreeSet::new();
        for seed in 0..16u64 {
            let family = if seed % 2 == 0 {
                Family::Regular
            } else {
                Family::Sharp
            };
            let p = page(seed * 7919, family, &pf, &f);
            let t = &p.truth;
            formats.insert(t["format"].as_str().unwrap().to_string());
            let (w, h) = (p.image.width(), p.image.height());
            assert_eq!(t["image_size_px"], json!([w, h]));
            if !t["has_mrz"].as_bool().unwrap() {
                assert_eq!(t["lines"], json!([]));
                continue;
            }
            let b: Vec<f64> = t["mrz_bbox_px"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            // The whole zone is in the image, clear of its edges.
            assert!(
                b[0] > 0.0 && b[1] > 0.0 && b[2] < f64::from(w) && b[3] < f64::from(h),
                "seed {seed}: {b:?} in {w}x{h}"
            );
            assert!(b[0] < b[2] && b[1] < b[3]);
            // The zone's long side is about its characters times the pitch.
            let len = t["lines"][0].as_str().unwrap().len() as f64;
            let pitch = t["char_pitch_px"].as_f64().unwrap();
            let long = (b[2] - b[0]).max(b[3] - b[1]);
            let ratio = long / (pitch * len);
            assert!(
                (0.85..1.25).contains(&ratio),
                "seed {seed}: zone {long} px for pitch {pitch} × {len}"
            );
            // Ink in the box: its darkest pixels are much darker than its median.
            let g = p.image.to_luma8();
            let mut v: Vec<u8> = (b[1] as u32..b[3] as u32)
                .flat_map(|y| (b[0] as u32..b[2] as u32).map(move |x| (x, y)))
                .map(|(x, y)| g.get_pixel(x.min(w - 1), y.min(h - 1)).0[0])
                .collect();
            v.sort_unstable();
            let (dark, mid) = (v[v.len() / 50], v[v.len() / 2]);
            assert!(
                i32::from(mid) - i32::from(dark) > 40,
                "seed {seed}: no ink in the box ({dark} vs {mid})"
            );
        }
        assert!(formats.len() >= 4, "{formats:?}");
    }

    /// Writes PNG previews of a generated folder with each `mrz_bbox_px` drawn in red, to
    /// check by eye that the truth matches the image:
    /// `MRZ_PAGES=/tmp/pages cargo test --release --bin dossier-samples preview_pages -- --ignored`.
    #[test]
    #[ignore]
    fn preview_pages() {
        let dir = std::path::PathBuf::from(
            std::env::var("MRZ_PAGES").unwrap_or_else(|_| "/tmp/mrz-pages".into()),
        );
        let truth: serde_json::Map<String, Value> =
            serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap())
                .unwrap();
        let prev = dir.join("preview");
        std::fs::create_dir_all(&prev).unwrap();
        for (name, t) in &truth {
            let mut img = image::open(dir.join(name)).unwrap().to_rgb8();
            if let Some(b) = t["mrz_bbox_px"].as_array() {
                let b: Vec<u32> = b.iter().map(|v| v.as_u64().unwrap_or(0) as u32).collect();
                let (w, h) = img.dimensions();
                let t = (w.max(h) / 500).max(1);
                for x in b[0]..b[2].min(w) {
                    for k in 0..t {
                        for y in [b[1].saturating_sub(k), (b[3] + k).min(h - 1)] {
                            img.put_pixel(x, y.min(h - 1), image::Rgb([255, 0, 0]));
                        }
                    }
                }
                for y in b[1]..b[3].min(h) {
                    for k in 0..t {
                        for x in [b[0].saturating_sub(k), (b[2] + k).min(w - 1)] {
                            img.put_pixel(x.min(w - 1), y, image::Rgb([255, 0, 0]));
                        }
                    }
                }
            }
            let s = (1400.0 / img.width().max(img.height()) as f32).min(1.0);
            let small = image::imageops::resize(
                &img,
                ((img.width() as f32 * s) as u32).max(1),
                ((img.height() as f32 * s) as u32).max(1),
                image::imageops::FilterType::Triangle,
            );
            small
                .save(prev.join(format!("{}.png", name.replace('.', "_"))))
                .unwrap();
            // The zone at full resolution too.
            if let Some(b) = t["mrz_bbox_px"].as_array() {
                let b: Vec<u32> = b.iter().map(|v| v.as_u64().unwrap_or(0) as u32).collect();
                let pad = 10;
                let (x0, y0) = (b[0].saturating_sub(pad), b[1].saturating_sub(pad));
                let (x1, y1) = (
                    (b[2] + pad).min(img.width()),
                    (b[3] + pad).min(img.height()),
                );
                let crop = image::imageops::crop_imm(&img, x0, y0, x1 - x0, y1 - y0).to_image();
                crop.save(prev.join(format!("{}_zone.png", name.replace('.', "_"))))
                    .unwrap();
            }
        }
    }
}
