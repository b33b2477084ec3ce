//! End-to-end tests of the OCR stage: the real Tesseract over pages rendered here with
//! ab_glyph (OCR-B for a TD3 machine-readable zone, DejaVu Sans for printed text).
//!
//! Run with `OMP_THREAD_LIMIT=1` in the environment so Tesseract stays on one thread
//! (libgomp reads it when the library loads, before any test code runs).

use std::time::Instant;

use ab_glyph::{Font, FontVec, PxScale, ScaleFont};
use dossier::model::{PageRef, PageText, TextSource};
use dossier::ocr::{self, CacheKey, OcrCache, OcrEngine, Pass, ReadOptions, TesseractEngine};
use image::{DynamicImage, GrayImage, Luma};

const OCRB: &str = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";
const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// The ICAO 9303 specimen TD3 zone.
const MRZ: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];

fn font(path: &str) -> FontVec {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("font {path}: {e}"));
    FontVec::try_from_vec(bytes).expect("font parses")
}

/// Draws `text` in black with its baseline at `baseline`, starting at `x`; each glyph
/// advances by `pitch` when given (monospaced MRZ), else by the font's advance.
/// Returns the x after the last glyph.
fn draw(
    img: &mut GrayImage,
    font: &FontVec,
    px: f32,
    x: f32,
    baseline: f32,
    pitch: Option<f32>,
    text: &str,
) -> f32 {
    let scaled = font.as_scaled(PxScale::from(px));
    let mut pen = x;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        let glyph = id.with_scale_and_position(px, ab_glyph::point(pen, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|gx, gy, cov| {
                let px_x = b.min.x as i64 + gx as i64;
                let px_y = b.min.y as i64 + gy as i64;
                if px_x >= 0
                    && px_y >= 0
                    && (px_x as u32) < img.width()
                    && (px_y as u32) < img.height()
                {
                    let p = img.get_pixel_mut(px_x as u32, px_y as u32);
                    let v = (255.0 * (1.0 - cov.clamp(0.0, 1.0))) as u8;
                    p.0[0] = p.0[0].min(v);
                }
            });
        }
        pen += pitch.unwrap_or_else(|| scaled.h_advance(id));
    }
    pen
}

/// A TD3 passport data page (125 × 88 mm) at `dpi`, MRZ at the bottom, some printed
/// text above it.
fn passport_page(dpi: f32) -> GrayImage {
    let mm = dpi / 25.4;
    let (w, h) = ((125.0 * mm) as u32, (88.0 * mm) as u32);
    let mut img = GrayImage::from_pixel(w, h, Luma([255]));
    let sans = font(DEJAVU);
    let ocrb = font(OCRB);
    let small = 2.6 * mm;
    draw(
        &mut img,
        &sans,
        3.4 * mm,
        40.0 * mm,
        8.0 * mm,
        None,
        "PASSPORT / ПАСПОРТ",
    );
    // A grey photo box, as on a real data page.
    for y in (12.0 * mm) as u32..(52.0 * mm) as u32 {
        for x in (6.0 * mm) as u32..(36.0 * mm) as u32 {
            img.put_pixel(x, y, Luma([150]));
        }
    }
    let rows = [
        "Surname / Фамилия",
        "ERIKSSON",
        "Given names / Имя",
        "ANNA MARIA",
        "Date of birth / Дата рождения",
        "12 AUG 1974",
    ];
    for (i, row) in rows.iter().enumerate() {
        draw(
            &mut img,
            &sans,
            small,
            42.0 * mm,
            (16.0 + 6.0 * i as f32) * mm,
            None,
            row,
        );
    }
    // OCR-B at 10 characters per inch, lines 6.35 mm apart, bottom line 6 mm above the edge.
    let pitch = 2.54 * mm;
    let px = pitch / advance_em(&ocrb, 'A');
    let left = (w as f32 - 44.0 * pitch) / 2.0;
    draw(
        &mut img,
        &ocrb,
        px,
        left,
        h as f32 - 12.5 * mm,
        Some(pitch),
        MRZ[0],
    );
    draw(
        &mut img,
        &ocrb,
        px,
        left,
        h as f32 - 6.0 * mm,
        Some(pitch),
        MRZ[1],
    );
    img
}

/// The advance of `c` as a fraction of the em.
fn advance_em(font: &FontVec, c: char) -> f32 {
    let scaled = font.as_scaled(PxScale::from(100.0));
    scaled.h_advance(scaled.glyph_id(c)) / 100.0
}

const PARAGRAPH: [&str; 6] = [
    "The applicant presents a valid passport and a notarized",
    "translation of the birth certificate issued in Almaty.",
    "Заявитель представил действующий паспорт и нотариально",
    "заверенный перевод свидетельства о рождении.",
    "Residence permit application number 4821 was received",
    "on the twelfth of March and registered without delay.",
];

/// A block of English and Russian text (11 pt) on a 210 × 100 mm white sheet at `dpi`.
/// Returns the image and the left x and baseline of the first line.
fn paragraph_page(dpi: f32) -> (GrayImage, f32, f32) {
    paragraph_page_pt(dpi, 11.0)
}

fn paragraph_page_pt(dpi: f32, pt: f32) -> (GrayImage, f32, f32) {
    let mm = dpi / 25.4;
    let (w, h) = ((210.0 * mm) as u32, (100.0 * mm) as u32);
    let mut img = GrayImage::from_pixel(w, h, Luma([255]));
    let sans = font(DEJAVU);
    let px = pt / 72.0 * dpi * 1.33;
    let (x0, y0) = (20.0 * mm, 20.0 * mm);
    for (i, line) in PARAGRAPH.iter().enumerate() {
        draw(
            &mut img,
            &sans,
            px,
            x0,
            y0 + i as f32 * px * 1.5,
            None,
            line,
        );
    }
    (img, x0, y0)
}

fn page_ref() -> PageRef {
    PageRef {
        file: "scan.png".into(),
        page: 1,
    }
}

fn engine() -> TesseractEngine {
    ocr::check_setup().expect("tesseract set up");
    TesseractEngine::new().expect("engine starts")
}

fn mrz_only() -> ReadOptions {
    ReadOptions {
        full_page: false,
        ..ReadOptions::default()
    }
}

fn assert_mrz(page: &PageText) {
    let mrz = page.mrz.as_ref().expect("an MRZ is found");
    assert_eq!(mrz.lines, MRZ, "MRZ lines");
    // Tesseract's own confidence: low-ish even on a right reading, because it garbles
    // the filler runs that the chevron alignment then restores.
    assert!(mrz.confidence > 30.0, "MRZ confidence {}", mrz.confidence);
}

/// Dumps the rendered pages as PNG into $OCR_DUMP (manual experiments only).
#[test]
#[ignore]
fn dump_pages() {
    let dir = std::env::var("OCR_DUMP").unwrap_or_else(|_| "/tmp/ocr-dump".into());
    std::fs::create_dir_all(&dir).unwrap();
    passport_page(300.0)
        .save(format!("{dir}/passport.png"))
        .unwrap();
    paragraph_page(300.0)
        .0
        .save(format!("{dir}/paragraph.png"))
        .unwrap();
    paragraph_page(150.0)
        .0
        .save(format!("{dir}/paragraph150.png"))
        .unwrap();
}

fn rotate_cw(img: &GrayImage, deg: u16) -> GrayImage {
    match deg {
        90 => image::imageops::rotate90(img),
        180 => image::imageops::rotate180(img),
        270 => image::imageops::rotate270(img),
        _ => img.clone(),
    }
}

#[test]
fn mrz_lines_come_back_exactly() {
    let mut engine = engine();
    let page = ocr::read_page_with(
        &mut engine,
        DynamicImage::ImageLuma8(passport_page(300.0)),
        page_ref(),
        &mrz_only(),
    )
    .expect("read");
    assert_eq!(page.rotation, 0);
    assert_mrz(&page);
    let b = page.mrz.as_ref().unwrap().bbox;
    // The zone lies in the bottom fifth of the page.
    assert!(
        b.y > page.height * 4 / 5 - 40 && b.y + b.h <= page.height,
        "{b:?}"
    );
}

#[test]
fn a_full_passport_read_has_mrz_and_visual_text() {
    let mut engine = engine();
    let page = ocr::read_page(
        &mut engine,
        DynamicImage::ImageLuma8(passport_page(300.0)),
        page_ref(),
    )
    .expect("read");
    assert_mrz(&page);
    for needle in ["PASSPORT", "ERIKSSON", "Фамилия", "1974"] {
        assert!(
            page.text.contains(needle),
            "{needle:?} not in {:?}",
            page.text
        );
    }
    // The zone is left to the MRZ pass, not repeated garbled in the text.
    assert!(!page.text.contains("<<<"), "{:?}", page.text);
    assert!(page.confidence > 70.0, "{}", page.confidence);
}

#[test]
fn a_blank_page_reads_as_nothing() {
    let mut engine = engine();
    let blank = DynamicImage::ImageLuma8(GrayImage::from_pixel(800, 600, Luma([255])));
    let page = ocr::read_page(&mut engine, blank, page_ref()).expect("read");
    assert!(page.words.is_empty() && page.text.is_empty() && page.mrz.is_none());
    assert_eq!((page.rotation, page.confidence), (0, 0.0));
    // A tiny image is not an error either.
    let tiny = DynamicImage::ImageLuma8(GrayImage::from_pixel(3, 2, Luma([0])));
    assert!(ocr::read_page(&mut engine, tiny, page_ref()).is_ok());
}

#[test]
fn an_mrz_mid_page_is_found() {
    // A passport data page photocopied on the top of a larger sheet, text below it.
    let passport = passport_page(300.0);
    let (para, _, _) = paragraph_page(300.0);
    let mut sheet = GrayImage::from_pixel(2000, 2600, Luma([255]));
    image::imageops::overlay(&mut sheet, &passport, 150, 120);
    let text = image::imageops::crop_imm(&para, 0, 0, 2000, 900).to_image();
    image::imageops::overlay(&mut sheet, &text, 0, 1500);
    let mut engine = engine();
    let page = ocr::read_page_with(
        &mut engine,
        DynamicImage::ImageLuma8(sheet),
        page_ref(),
        &mrz_only(),
    )
    .expect("read");
    assert_eq!(page.rotation, 0);
    assert_mrz(&page);
}

#[test]
fn rotated_passport_pages_are_set_upright() {
    let mut engine = engine();
    let upright = passport_page(300.0);
    for turned in [90u16, 180, 270] {
        let img = rotate_cw(&upright, turned);
        let page = ocr::read_page_with(
            &mut engine,
            DynamicImage::ImageLuma8(img),
            page_ref(),
            &mrz_only(),
        )
        .expect("read");
        assert_eq!(page.rotation, (360 - turned) % 360, "scan turned {turned}°");
        assert_mrz(&page);
        assert_eq!((page.width, page.height), upright.dimensions());
    }
}

#[test]
fn full_page_reads_words_with_boxes_and_confidences() {
    let mut engine = engine();
    let (img, x0, y0) = paragraph_page(300.0);
    let (w, h) = img.dimensions();
    let page =
        ocr::read_page(&mut engine, DynamicImage::ImageLuma8(img), page_ref()).expect("read");
    assert_eq!(page.source, TextSource::Ocr);
    assert_eq!(page.rotation, 0);
    assert!(page.mrz.is_none());
    assert_eq!((page.width, page.height), (w, h));
    for needle in [
        "applicant",
        "passport",
        "Almaty",
        "паспорт",
        "перевод",
        "4821",
    ] {
        assert!(
            page.text.contains(needle),
            "{needle:?} not in {:?}",
            page.text
        );
    }
    assert!(page.confidence > 80.0, "confidence {}", page.confidence);
    let lines: std::collections::BTreeSet<u32> = page.words.iter().map(|w| w.line).collect();
    assert_eq!(lines.len(), PARAGRAPH.len(), "one line id per printed line");
    // The first word starts where it was drawn, and its box is about one line high.
    let first = &page.words[0];
    assert_eq!(first.text, "The");
    assert!((first.bbox.x as f32 - x0).abs() < 10.0, "{:?}", first.bbox);
    let px = 11.0 / 72.0 * 300.0 * 1.33;
    assert!(
        ((first.bbox.y + first.bbox.h) as f32 - y0).abs() < 10.0,
        "{:?}",
        first.bbox
    );
    assert!((first.bbox.h as f32) > 0.5 * px && (first.bbox.h as f32) < 1.2 * px);
    for word in &page.words {
        assert!(word.bbox.x + word.bbox.w <= w && word.bbox.y + word.bbox.h <= h);
        assert!((0.0..=100.0).contains(&word.confidence));
    }
}

#[test]
fn a_sideways_text_page_is_set_upright() {
    let mut engine = engine();
    let (img, _, _) = paragraph_page(300.0);
    let page = ocr::read_page(
        &mut engine,
        DynamicImage::ImageLuma8(rotate_cw(&img, 270)),
        page_ref(),
    )
    .expect("read");
    assert_eq!(page.rotation, 90);
    assert!(page.text.contains("applicant"), "{:?}", page.text);
}

#[test]
fn a_skewed_page_is_deskewed() {
    let upright = passport_page(300.0);
    let skewed = imageproc::geometric_transformations::rotate_about_center(
        &upright,
        3f32.to_radians(),
        imageproc::geometric_transformations::Interpolation::Bilinear,
        Luma([255]),
    );
    let layout = ocr::preprocess::estimate_layout(&ocr::preprocess::Probe::new(&skewed));
    assert!(!layout.vertical);
    assert!((layout.skew_deg.abs() - 3.0).abs() < 0.3, "{layout:?}");
    let mut engine = engine();
    let page = ocr::read_page_with(
        &mut engine,
        DynamicImage::ImageLuma8(skewed),
        page_ref(),
        &mrz_only(),
    )
    .expect("read");
    assert_eq!(page.rotation, 0);
    assert_mrz(&page);
}

#[test]
fn a_low_resolution_page_is_upscaled_and_read() {
    let mut engine = engine();
    // 8 pt at 150 dpi: lines about 21 px high, below what Tesseract reads reliably.
    let (img, _, _) = paragraph_page_pt(150.0, 8.0);
    let (w, h) = img.dimensions();
    let page =
        ocr::read_page(&mut engine, DynamicImage::ImageLuma8(img), page_ref()).expect("read");
    assert!(
        page.width > w && page.height > h,
        "{}x{} from {w}x{h}",
        page.width,
        page.height
    );
    for needle in ["applicant", "passport", "паспорт", "4821"] {
        assert!(
            page.text.contains(needle),
            "{needle:?} not in {:?}",
            page.text
        );
    }
}

#[test]
fn cache_round_trip_and_key_sensitivity() {
    let dir = tempfile::tempdir().unwrap();
    let cache = OcrCache::open(&dir.path().join("ocr")).unwrap();
    let key = CacheKey {
        file_digest: "0f".repeat(32),
        page: 1,
        engine: "tesseract-5.3.0/x".into(),
    };
    let page = ocr::text_layer_page("Апостиль / Apostille".into(), page_ref());
    assert_eq!(cache.get(&key), None);
    cache.put(&key, &page).unwrap();
    assert_eq!(cache.get(&key), Some(page.clone()));
    let others = [
        CacheKey {
            file_digest: "1f".repeat(32),
            ..key.clone()
        },
        CacheKey {
            page: 2,
            ..key.clone()
        },
        CacheKey {
            engine: "tesseract-5.4.0/x".into(),
            ..key.clone()
        },
    ];
    for other in &others {
        assert_eq!(cache.get(other), None, "{other:?}");
    }
    // Overwriting replaces.
    let mut changed = page.clone();
    changed.text.push_str(" 2");
    cache.put(&key, &changed).unwrap();
    assert_eq!(cache.get(&key), Some(changed));
    // An engine's real key carries its id and the reading options.
    let engine = engine();
    let k1 = CacheKey::new("ab", 1, &engine, &ReadOptions::default());
    let k2 = CacheKey::new("ab", 1, &engine, &mrz_only());
    assert!(k1.engine.contains(&ocr::engine::tesseract_version()));
    assert!(k1.engine.contains("eng+rus+kaz"));
    assert_ne!(k1, k2);
    assert!(OcrCache::default_dir().is_some_and(|d| d.ends_with("dossier/ocr")));
}

/// CPU time of this thread (Linux: /proc/thread-self/schedstat, nanoseconds on CPU),
/// so timings are not inflated by other processes on a busy machine.
fn cpu_time() -> std::time::Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns = stat
        .split_whitespace()
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    std::time::Duration::from_nanos(ns)
}

/// Times `f` over `n` runs: (median wall time, median CPU time).
fn time<T>(n: usize, mut f: impl FnMut() -> T) -> (std::time::Duration, std::time::Duration) {
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..n {
        let (w, c) = (Instant::now(), cpu_time());
        std::hint::black_box(f());
        wall.push(w.elapsed());
        cpu.push(cpu_time() - c);
    }
    wall.sort();
    cpu.sort();
    (wall[n / 2], cpu[n / 2])
}

/// Prints how long the MRZ pass and the full page take on one core. Manual run:
/// `OMP_THREAD_LIMIT=1 taskset -c 0 cargo test --release --test ocr -- --ignored --nocapture timings`
#[test]
#[ignore]
fn timings() {
    let (wall, cpu) = time(1, || TesseractEngine::new().unwrap());
    println!("engine start (MRZ handle): wall {wall:?} cpu {cpu:?}");
    let mut engine = TesseractEngine::new().unwrap();
    let blank = GrayImage::from_pixel(64, 64, Luma([255]));
    let (wall, cpu) = time(1, || engine.recognize(&blank, Pass::Page).unwrap());
    println!("page handle start: wall {wall:?} cpu {cpu:?}");
    let passport = passport_page(300.0);
    let (para, _, _) = paragraph_page(300.0);
    let report = |name: &str, (wall, cpu): (std::time::Duration, std::time::Duration)| {
        println!("{name}: wall {wall:?} cpu {cpu:?}")
    };
    report(
        "passport 1476x1039: layout probe",
        time(5, || {
            ocr::preprocess::estimate_layout(&ocr::preprocess::Probe::new(&passport))
        }),
    );
    report(
        "passport: locate MRZ",
        time(5, || ocr::mrz_band::locate(&passport)),
    );
    let band = ocr::mrz_band::locate(&passport).unwrap().bbox;
    let crop = image::imageops::crop_imm(&passport, band.x, band.y, band.w, band.h).to_image();
    report(
        "passport: Tesseract MRZ pass on the band",
        time(5, || engine.recognize(&crop, Pass::Mrz).unwrap()),
    );
    let img = DynamicImage::ImageLuma8(passport.clone());
    report(
        "passport: read_page MRZ only (total)",
        time(5, || {
            let p = ocr::read_page_with(&mut engine, img.clone(), page_ref(), &mrz_only()).unwrap();
            assert_eq!(p.mrz.unwrap().lines, MRZ);
        }),
    );
    let upside = DynamicImage::ImageLuma8(image::imageops::rotate180(&passport));
    report(
        "passport upside down: read_page MRZ only",
        time(3, || {
            ocr::read_page_with(&mut engine, upside.clone(), page_ref(), &mrz_only()).unwrap()
        }),
    );
    report(
        "passport: read_page MRZ + full page",
        time(3, || {
            ocr::read_page(&mut engine, img.clone(), page_ref()).unwrap()
        }),
    );
    let para_img = DynamicImage::ImageLuma8(para.clone());
    report(
        "paragraph 2480x1181: read_page full",
        time(3, || {
            ocr::read_page(&mut engine, para_img.clone(), page_ref()).unwrap()
        }),
    );
    let para_flip = DynamicImage::ImageLuma8(image::imageops::rotate180(&para));
    report(
        "paragraph upside down: read_page full",
        time(1, || {
            ocr::read_page(&mut engine, para_flip.clone(), page_ref()).unwrap()
        }),
    );
    let a4 = GrayImage::from_fn(2480, 3508, |x, y| *passport.get_pixel(x % 1476, y % 1039));
    report(
        "A4 2480x3508: layout probe",
        time(3, || {
            ocr::preprocess::estimate_layout(&ocr::preprocess::Probe::new(&a4))
        }),
    );
    report("A4: locate MRZ", time(3, || ocr::mrz_band::locate(&a4)));
}
