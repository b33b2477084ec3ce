//! The OCR stage: from a page image (or a PDF text layer) to [`PageText`].
//!
//! [`read_page`] prepares the image (grayscale, skew, orientation, upscaling), reads
//! the machine-readable zone first with a dedicated whitelisted pass, then the whole
//! page with eng+rus+kaz. [`ReadOptions`] lets a caller skip the page pass when the
//! MRZ is all a decision needs. Tesseract sits behind the [`OcrEngine`] trait; results
//! are cached on disk by [`OcrCache`].
//!
//! Tesseract must run single-threaded inside (the pipeline parallelises across pages):
//! see [`engine`] for why `OMP_THREAD_LIMIT=1` has to be in the environment before the
//! process starts.
//!
//! How the pipeline is meant to drive it (one engine per rayon worker, cache first):
//!
//! ```text
//! thread_local! { static ENGINE: RefCell<Option<TesseractEngine>> = ... }
//! let key = CacheKey::new(&opened.digest, locator.page, &engine, &opts);
//! let text = match cache.get(&key) {
//!     Some(hit) => hit,
//!     None => match ingest::load_page(..)? {
//!         PageContent::Text(t) => ocr::text_layer_page(t, page_ref),
//!         PageContent::Image(img) => {
//!             let t = ocr::read_page_with(&mut engine, img, page_ref, &opts)?;
//!             cache.put(&key, &t).ok(); // a cache that cannot be written is not fatal
//!             t
//!         }
//!     },
//! };
//! ```
//!
//! Text-layer pages need no cache (reading them is cheaper than a cache lookup).

pub mod cache;
pub mod engine;
pub mod mrz;
pub mod mrz_band;
pub mod orient;
pub mod preprocess;
pub mod script;
pub mod tones;

use image::{DynamicImage, GrayImage};

pub use cache::{CacheKey, OcrCache};
pub use engine::{
    check_setup, omp_single_threaded, tesseract_engine_id, OcrEngine, TesseractEngine,
};

use crate::model::{BBox, MrzLines, PageRef, PageText, TextSource, Word};

/// Version of the preprocessing and the page pass (`ocr` outside `ocr::mrz`). Bump it
/// whenever a change here can change what OCR reads. It is one part of every cache key
/// ([`cache_version`]); the MRZ reader and the MRZ parser have their own versions.
/// 6: zones one cell long offered in both placements, wider pitch, sure failing digits
/// kept over other readers. 7: pages carry their image tones ([`tones`]), which the
/// photo kind needs. 8: readings are ranked with the recogniser's sure cells locked
/// against the parser's repairs. 9: upscaling by `fast_image_resize` (the same bicubic
/// filter, other rounding); Latin look-alikes on Cyrillic pages read again. 10: pages
/// carry the levelling angle (`skew`), so their boxes map back to the stored page.
pub const PREPROCESS_VERSION: u32 = 10;

/// The version part of every OCR cache key, made of the versions of each stage that
/// shapes a cached page: the preprocessing ([`PREPROCESS_VERSION`]), the MRZ reader's
/// locator, decoder and choice between readings ([`mrz::READER_VERSION`]; its model is
/// keyed by its own digest, [`mrz::reader_id`]), and the MRZ parser, whose check-digit
/// verdicts decide which reading of a band is kept ([`crate::parse::mrz::PARSER_VERSION`]).
/// A change to any of them bumps its own constant, and cached pages are read again.
pub fn cache_version() -> String {
    format!(
        "pre{PREPROCESS_VERSION}-mrz{}-parse{}",
        mrz::READER_VERSION,
        crate::parse::mrz::PARSER_VERSION
    )
}

/// Which Tesseract configuration to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// Full page text, eng+rus+kaz, automatic page segmentation.
    Page,
    /// A machine-readable zone band: Latin model, MRZ alphabet only, one text block.
    Mrz,
    /// One word of a Cyrillic page that the page pass read as Latin: rus+kaz, one line
    /// ([`script`]).
    Cyrillic,
}

/// Errors of the OCR stage.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// Tesseract or its language data is missing.
    #[error("Tesseract is not ready ({missing} missing); install it with: {hint}")]
    Setup { missing: String, hint: &'static str },
    /// Tesseract did not start with the given languages.
    #[error("Tesseract could not start with languages {languages}")]
    Init { languages: String },
    /// The image cannot be handed to Tesseract.
    #[error("a page of {width}x{height} pixels cannot be passed to Tesseract")]
    Image { width: u32, height: u32 },
    /// Tesseract failed during recognition.
    #[error("Tesseract failed while recognising the page")]
    Recognize,
}

/// What [`read_page_with`] does. The default does everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReadOptions {
    /// Run the full-page eng+rus+kaz pass. Without it, a page with an MRZ costs one
    /// small whitelisted pass, and `words`/`text` stay empty.
    pub full_page: bool,
    /// Look for and read a machine-readable zone.
    pub mrz: bool,
    /// Detect and correct 90/180/270° rotations.
    pub orientation: bool,
    /// Detect and correct small skews (up to ±5°).
    pub deskew: bool,
    /// Upscale pages whose text is small (low-resolution scans).
    pub upscale: bool,
    /// Largest upscaled page, in pixels: the decode budget's share for the OCR stage
    /// ([`crate::ingest::Limits::max_ocr_pixels`]); a page is never upscaled past it
    /// (nor past [`preprocess::MAX_UPSCALED_PIXELS`]).
    pub max_upscaled_pixels: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            full_page: true,
            mrz: true,
            orientation: true,
            deskew: true,
            upscale: true,
            max_upscaled_pixels: preprocess::MAX_UPSCALED_PIXELS,
        }
    }
}

impl ReadOptions {
    /// A short tag for cache keys: append it to the engine id so results read with
    /// different options are cached apart.
    pub fn cache_tag(&self) -> String {
        let b = |v: bool| if v { '1' } else { '0' };
        let mut tag = format!(
            "opts:f{}m{}o{}d{}u{}",
            b(self.full_page),
            b(self.mrz),
            b(self.orientation),
            b(self.deskew),
            b(self.upscale)
        );
        // Only a cap below the fixed one changes what is read.
        if self.upscale && self.max_upscaled_pixels < preprocess::MAX_UPSCALED_PIXELS {
            tag.push_str(&format!("p{}", self.max_upscaled_pixels));
        }
        tag
    }
}

impl CacheKey {
    /// The key for a page read by `engine` with `opts`.
    pub fn new(file_digest: &str, page: u32, engine: &dyn OcrEngine, opts: &ReadOptions) -> Self {
        Self::for_engine_id(file_digest, page, &engine.id(), opts)
    }

    /// The same key from an engine's [`OcrEngine::id`] alone.
    pub fn for_engine_id(
        file_digest: &str,
        page: u32,
        engine_id: &str,
        opts: &ReadOptions,
    ) -> Self {
        CacheKey {
            file_digest: file_digest.to_string(),
            page,
            engine: format!("{engine_id}/mrz={}/{}", mrz::reader_id(), opts.cache_tag()),
        }
    }
}

/// Reads one page image with the default options (MRZ first, then the full page).
pub fn read_page(
    engine: &mut dyn OcrEngine,
    image: DynamicImage,
    page: PageRef,
) -> Result<PageText, OcrError> {
    read_page_with(engine, image, page, &ReadOptions::default())
}

/// Reads one page image: grayscale → skew and orientation axis → deskew → MRZ band
/// (deciding upright vs. upside down when found) → upscale → page pass.
pub fn read_page_with(
    engine: &mut dyn OcrEngine,
    image: DynamicImage,
    page: PageRef,
    opts: &ReadOptions,
) -> Result<PageText, OcrError> {
    let mut gray = preprocess::to_gray(image);
    let measured = tones::measure(&gray);
    let mut candidates = [0u16, 180];
    let mut skew = 0.0;
    if opts.orientation || opts.deskew {
        let layout = preprocess::estimate_layout(&preprocess::Probe::new(&gray));
        if opts.deskew {
            let angle = orient::level_angle(&layout);
            if let Some(level) = preprocess::deskew(&gray, angle) {
                gray = level;
                skew = angle;
            }
        }
        if opts.orientation {
            candidates = orient::candidates(&layout);
        }
    }
    let tries: &[u16] = if opts.orientation {
        &candidates
    } else {
        &candidates[..1]
    };

    // MRZ first: it is cheap, and where found it settles the orientation.
    let mut rotation = tries[0];
    let mut mrz = None;
    if opts.mrz {
        for &r in tries {
            let upright = preprocess::rotate_cw(&gray, r);
            if let Some(found) = read_mrz(engine, &upright)? {
                if mrz_band::plausible(&found) || !opts.orientation {
                    rotation = r;
                    mrz = Some(found);
                    break;
                }
            }
        }
        if mrz.is_none() && opts.orientation {
            // The page's text layout can mislead the orientation guess (a card's photo
            // and few lines of text); a zone is looked for at every quarter turn, by
            // the recogniser alone (no Tesseract pass on the turns the guess ruled out).
            for r in [0u16, 90, 180, 270]
                .into_iter()
                .filter(|r| !tries.contains(r))
            {
                let upright = preprocess::rotate_cw(&gray, r);
                if let Some(found) = mrz::read(&upright)
                    .map(|reading| reading.lines)
                    .filter(mrz_band::plausible)
                {
                    rotation = r;
                    mrz = Some(found);
                    break;
                }
            }
        }
    }
    // Only a plausible zone settles the orientation and may be left out of the page pass.
    let decided = mrz.as_ref().is_some_and(mrz_band::plausible);
    let mut upright = preprocess::rotate_cw(&gray, rotation).into_owned();
    drop(gray);
    // Only the page pass reads the page at large; the MRZ band is scaled on its own.
    let factor = if opts.upscale && opts.full_page {
        preprocess::upscale_factor_within(
            &upright,
            opts.max_upscaled_pixels
                .min(preprocess::MAX_UPSCALED_PIXELS),
        )
    } else {
        1.0
    };
    if factor > 1.0 {
        upright = preprocess::scale(&upright, factor);
    }
    // Every box of a page is in the frame of the page OCR read, the zone's cells too
    // (they were read before the upscale).
    if let Some(m) = mrz.as_mut() {
        m.bbox = scale_box(m.bbox, factor);
        for cell in m.cells.iter_mut().flatten() {
            cell.bbox = scale_box(cell.bbox, factor);
        }
    }

    let mut words = Vec::new();
    if opts.full_page {
        // The zone is already read exactly; the page models would only add a garbled
        // copy of it to the text (and spend time on it).
        if let Some(m) = mrz.as_ref().filter(|_| decided) {
            blank(&mut upright, m.bbox);
        }
        words = engine.recognize(&upright, Pass::Page)?;
        if !decided && opts.orientation && orient::quality(&words) < orient::ACCEPT_CONFIDENCE {
            // Maybe upside down (or the other side): read the opposite way, keep the better.
            let flipped = preprocess::rotate_cw(&upright, 180).into_owned();
            let other = engine.recognize(&flipped, Pass::Page)?;
            if orient::quality(&other) > orient::quality(&words) {
                words = other;
                upright = flipped;
                rotation = (rotation + 180) % 360;
            }
        }
        script::reread_latin_words(engine, &upright, &mut words)?;
    }
    let confidence = if !words.is_empty() {
        words.iter().map(|w| w.confidence).sum::<f32>() / words.len() as f32
    } else {
        mrz.as_ref().map_or(0.0, |m| m.confidence)
    };
    Ok(PageText {
        page,
        source: TextSource::Ocr,
        width: upright.width(),
        height: upright.height(),
        rotation,
        skew,
        text: words_to_text(&words),
        words,
        confidence,
        mrz,
        tones: Some(measured),
    })
}

/// Locates and reads the MRZ of an upright page; `None` when there is none.
///
/// dossier's own recogniser reads first ([`mrz::read`]). A zone it reads surely with
/// every check digit holding costs no Tesseract pass. Otherwise Tesseract reads the
/// band as a second opinion ([`read_mrz_tesseract`]): where it read a cell the
/// recogniser was unsure of, its symbol weighs in ([`mrz::second_opinion`]), and the
/// reading with the most holding check digits is kept.
fn read_mrz(engine: &mut dyn OcrEngine, upright: &GrayImage) -> Result<Option<MrzLines>, OcrError> {
    let own = mrz::read(upright);
    if let Some(r) = &own {
        let sure = r
            .decoded
            .checks
            .iter()
            .all(|c| c.certainty >= mrz::decode::SURE);
        if r.decoded.all_hold() && sure {
            return Ok(Some(r.lines.clone()));
        }
    }
    let tesseract = read_mrz_tesseract(engine, upright)?;
    let fused = match (&own, &tesseract) {
        (Some(r), Some(t)) => mrz::second_opinion(r, t),
        _ => None,
    };
    Ok(choose(own.as_ref(), fused.as_ref(), tesseract))
}

/// The reading of a zone kept among the recogniser's own, the fused one (Tesseract's
/// symbols weighed in on the recogniser's unsure cells) and Tesseract's alone: the
/// one with the most holding check digits, then the one the glyphs bear out best.
///
/// Two rules keep a less sure reader from overriding the recogniser:
/// - A reading (as the parser repairs it) that changes a cell of a failing check
///   the recogniser read surely in every cell of its field and digit is not a candidate
///   ([`mrz::Reading::overrides_sure_check`]): a tampered digit on a clean print must
///   stay failing, not be "repaired" by whatever reading makes it hold.
/// - Readings of the recogniser's shape are compared by how well the cell scores
///   bear them out ([`mrz::Reading::support_of`], the fused scores where Tesseract
///   was asked), not by their own confidences: Tesseract's word confidence and the
///   recogniser's calibrated certainty are on different scales, and a reading
///   surer only by its reader's own account must not change cells no check covers.
///
/// The first of equals wins: the recogniser's own reading, then the fused one.
fn choose(
    own: Option<&mrz::Reading>,
    fused: Option<&mrz::Reading>,
    tesseract: Option<MrzLines>,
) -> Option<MrzLines> {
    let judge = fused.or(own);
    [
        own.map(|r| r.lines.clone()),
        fused.map(|r| r.lines.clone()),
        tesseract,
    ]
    .into_iter()
    .enumerate()
    .filter_map(|(k, lines)| {
        let lines = lines?;
        let parsed = crate::parse::mrz::parse_lines(&lines, today()).ok();
        let repaired = parsed
            .as_ref()
            .map_or_else(|| lines.lines.clone(), |m| m.repaired.clone());
        if k > 0 && own.is_some_and(|r| r.overrides_sure_check(&repaired)) {
            return None;
        }
        let confidence = judge
            .and_then(|j| j.support_of(&repaired))
            .unwrap_or(lines.confidence);
        Some((MrzVerdict::from_parsed(parsed.as_ref(), confidence), lines))
    })
    .reduce(|best, next| if next.0 > best.0 { next } else { best })
    .map(|(_, l)| l)
}

/// Tesseract's reading of the band located by row projections ([`mrz_band`]).
///
/// A zone whose check digits do not all hold is read again from other renderings of
/// the band (larger glyphs, then a black-and-white one): a faint or blurred scan that
/// one rendering garbles another often reads right, and the check digits say which
/// reading to keep. A clean zone costs one pass.
fn read_mrz_tesseract(
    engine: &mut dyn OcrEngine,
    upright: &GrayImage,
) -> Result<Option<MrzLines>, OcrError> {
    let Some(band) = mrz_band::locate(upright) else {
        return Ok(None);
    };
    let b = band.bbox;
    let crop = image::imageops::crop_imm(upright, b.x, b.y, b.w, b.h).to_image();
    let line_h = band.lines.iter().map(|l| l.y1 - l.y0).max().unwrap_or(0) as f32;
    // OCR-B glyphs read best at about 32 px high; small ones are enlarged.
    let plain_factor = if line_h > 0.0 && line_h < 26.0 {
        (32.0 / line_h).min(3.0)
    } else {
        1.0
    };
    let plain = preprocess::scale(&crop, plain_factor);
    let mut best: Option<(MrzVerdict, MrzLines)> = None;
    for rendering in [
        BandRendering::Plain,
        BandRendering::Large,
        BandRendering::Binary,
    ] {
        let (image, factor) = match rendering {
            BandRendering::Plain => (std::borrow::Cow::Borrowed(&plain), plain_factor),
            BandRendering::Large => {
                let f = if line_h > 0.0 {
                    (44.0 / line_h).clamp(1.0, 4.0)
                } else {
                    1.0
                };
                (std::borrow::Cow::Owned(preprocess::scale(&crop, f)), f)
            }
            BandRendering::Binary => {
                let mut img = plain.clone();
                let level = preprocess::otsu_level(&img);
                for p in img.pixels_mut() {
                    p.0[0] = if p.0[0] > level { 255 } else { 0 };
                }
                (std::borrow::Cow::Owned(img), plain_factor)
            }
        };
        let mut words = engine.recognize(&image, Pass::Mrz)?;
        if factor > 1.0 {
            for w in &mut words {
                w.bbox = scale_box(w.bbox, 1.0 / factor);
            }
        }
        let Some(lines) = mrz_band::assemble(&band, &words) else {
            continue;
        };
        let verdict = MrzVerdict::of(&lines);
        let done = verdict.all_hold;
        if best.as_ref().is_none_or(|(v, _)| verdict > *v) {
            best = Some((verdict, lines));
        }
        if done {
            break;
        }
    }
    Ok(best.map(|(_, lines)| lines))
}

/// How the MRZ band is drawn for one Tesseract pass, in the order they are tried.
#[derive(Debug, Clone, Copy)]
enum BandRendering {
    /// OCR-B glyphs read best at about 32 px high; small ones are enlarged.
    Plain,
    /// Glyphs at about 44 px: blur and JPEG blocks matter less.
    Large,
    /// The plain rendering in black and white at Otsu's level: faint print and noise.
    Binary,
}

/// How good one reading of a zone is: more check digits holding first, then its
/// confidence (Tesseract's, or the recogniser's certainty).
/// The date zones are parsed as of while choosing between readings: only the century
/// of a birth date depends on it, and no check digit does.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct MrzVerdict {
    all_hold: bool,
    holding: usize,
    confidence: f32,
}

impl MrzVerdict {
    fn of(lines: &MrzLines) -> Self {
        let parsed = crate::parse::mrz::parse_lines(lines, today()).ok();
        Self::from_parsed(parsed.as_ref(), lines.confidence)
    }

    fn from_parsed(parsed: Option<&crate::parse::mrz::Mrz>, confidence: f32) -> Self {
        MrzVerdict {
            all_hold: parsed.is_some_and(|m| m.valid()),
            holding: parsed.map_or(0, |m| m.checks.iter().filter(|c| c.ok).count()),
            confidence,
        }
    }
}

/// Paints a box white.
fn blank(img: &mut GrayImage, b: BBox) {
    let (w, h) = img.dimensions();
    for y in b.y.min(h)..b.y.saturating_add(b.h).min(h) {
        for x in b.x.min(w)..b.x.saturating_add(b.w).min(w) {
            img.put_pixel(x, y, image::Luma([255]));
        }
    }
}

fn scale_box(b: BBox, f: f32) -> BBox {
    if (f - 1.0).abs() < 1e-3 {
        return b;
    }
    let s = |v: u32| (v as f32 * f).round() as u32;
    BBox {
        x: s(b.x),
        y: s(b.y),
        w: s(b.w),
        h: s(b.h),
    }
}

/// Words joined by spaces, lines by newlines.
fn words_to_text(words: &[Word]) -> String {
    let mut text = String::new();
    let mut line = None;
    for w in words {
        match line {
            Some(l) if l == w.line => text.push(' '),
            Some(_) => text.push('\n'),
            None => {}
        }
        text.push_str(&w.text);
        line = Some(w.line);
    }
    text
}

/// A page whose text came from a PDF text layer: exact text, confidence 100, no boxes.
pub fn text_layer_page(text: String, page: PageRef) -> PageText {
    PageText {
        page,
        source: TextSource::TextLayer,
        width: 0,
        height: 0,
        rotation: 0,
        skew: 0.0,
        words: Vec::new(),
        text,
        confidence: 100.0,
        mrz: None,
        tones: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bounding box of the dark pixels of an image.
    fn ink_box(img: &image::GrayImage) -> BBox {
        let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
        for (x, y, p) in img.enumerate_pixels() {
            if p.0[0] < 128 {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
            }
        }
        BBox {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        }
    }

    /// A box read on the page OCR saw (levelled, turned, upscaled by the OCR stage's own
    /// functions) maps back onto the same place of the stored image, at every quarter
    /// turn, with and without levelling.
    #[test]
    fn boxes_map_back_to_the_stored_page() {
        let (w0, h0) = (600u32, 400u32);
        let printed = BBox {
            x: 100,
            y: 250,
            w: 180,
            h: 30,
        };
        let mut stored = image::GrayImage::from_pixel(w0, h0, image::Luma([255]));
        for y in printed.y..printed.y + printed.h {
            for x in printed.x..printed.x + printed.w {
                stored.put_pixel(x, y, image::Luma([0]));
            }
        }
        for rotation in [0u16, 90, 180, 270] {
            for skew in [0.0f32, 2.5] {
                let level = preprocess::deskew(&stored, skew).unwrap_or_else(|| stored.clone());
                let upright = preprocess::rotate_cw(&level, rotation).into_owned();
                let seen = preprocess::scale(&upright, 1.7);
                let page = PageText {
                    width: seen.width(),
                    height: seen.height(),
                    rotation,
                    skew,
                    tones: Some(tones::measure(&stored)),
                    ..text_layer_page(
                        String::new(),
                        PageRef {
                            file: "p.png".into(),
                            page: 1,
                        },
                    )
                };
                let back = page.stored_box(ink_box(&seen));
                // Levelling turns the box's corners, so its bounds grow by up to
                // w·sin(skew) ≈ 8 px; scaling and rounding add a pixel or two.
                let slack = 3 + (printed.w as f32 * skew.to_radians().sin()).ceil() as u32;
                let near = |a: u32, b: u32| a.abs_diff(b) <= slack;
                assert!(
                    near(back.x, printed.x)
                        && near(back.y, printed.y)
                        && near(back.x + back.w, printed.x + printed.w)
                        && near(back.y + back.h, printed.y + printed.h),
                    "turn {rotation}, skew {skew}: {back:?} is not on {printed:?}"
                );
            }
        }
    }

    #[test]
    fn text_layer_pages_are_exact() {
        let p = text_layer_page(
            "Apostille".into(),
            PageRef {
                file: "a.pdf".into(),
                page: 3,
            },
        );
        assert_eq!(p.source, TextSource::TextLayer);
        assert_eq!(p.confidence, 100.0);
        assert_eq!(p.text, "Apostille");
        assert!(p.words.is_empty() && p.mrz.is_none());
    }

    #[test]
    fn words_become_lines() {
        let w = |t: &str, line| Word {
            text: t.into(),
            bbox: BBox::default(),
            confidence: 90.0,
            line,
        };
        let text = words_to_text(&[w("a", 0), w("b", 0), w("c", 1)]);
        assert_eq!(text, "a b\nc");
    }

    /// Scores of a cell the recogniser read as `c` with probability `p`.
    fn cell(c: char, p: f32) -> mrz::decode::Scores {
        let mut s = [(1.0 - p) / 36.0; 37];
        s[mrz::ALPHABET.iter().position(|&a| a == c).unwrap()] = p;
        s
    }

    /// The recogniser's reading of `lines`, every cell read surely except those in
    /// `unsure` (line, column, runner-up, top score, runner-up score).
    fn own_reading(lines: &[String], unsure: &[(usize, usize, char, f32, f32)]) -> mrz::Reading {
        let mut scores: Vec<Vec<mrz::decode::Scores>> = lines
            .iter()
            .map(|l| l.chars().map(|c| cell(c, 0.98)).collect())
            .collect();
        for &(l, c, alt, p, q) in unsure {
            let top = lines[l].as_bytes()[c] as char;
            let s = &mut scores[l][c];
            *s = [(1.0 - p - q) / 35.0; 37];
            s[mrz::ALPHABET.iter().position(|&a| a == top).unwrap()] = p;
            s[mrz::ALPHABET.iter().position(|&a| a == alt).unwrap()] = q;
        }
        let boxes = lines
            .iter()
            .map(|l| vec![BBox::default(); l.len()])
            .collect();
        mrz::Reading::from_scores(scores, boxes, BBox::default()).expect("a layout")
    }

    fn tesseract_lines(lines: &[String], confidence: f32) -> MrzLines {
        MrzLines {
            lines: lines.to_vec(),
            confidence,
            bbox: BBox::default(),
            cells: Vec::new(),
        }
    }

    fn valid(lines: &[String]) -> bool {
        crate::parse::mrz::parse(lines).is_ok_and(|m| m.valid())
    }

    /// A TD1 zone as printed with a deliberately wrong expiry check digit (`2` for
    /// `9`), its composite recomputed so that only the expiry check fails; and the
    /// same zone as it should have been printed.
    fn tampered_td1() -> (Vec<String>, Vec<String>) {
        let right: Vec<String> = [
            "I<UTOD231458907<<<<<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<6",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ]
        .map(String::from)
        .to_vec();
        let mut tampered = right.clone();
        tampered[1].replace_range(14..15, "2");
        let composite: String = [&tampered[0][5..30], &tampered[1][0..7], &tampered[1][8..15]]
            .concat()
            + &tampered[1][18..29];
        let digit = crate::parse::mrz::check_digit(&composite).to_string();
        tampered[1].replace_range(29..30, &digit);
        (tampered, right)
    }

    #[test]
    fn a_tampered_digit_read_surely_is_not_overridden_by_a_reading_where_it_holds() {
        let (printed, right) = tampered_td1();
        assert!(!valid(&printed) && valid(&right));
        // The recogniser reads the print exactly and surely: the expiry check fails.
        let own = own_reading(&printed, &[]);
        assert!(!own.decoded.all_hold());
        // Tesseract (or any less sure reader) reads the digits so that every check
        // holds: that hides a wrong digit, the recogniser's reading is kept.
        let chosen = choose(Some(&own), None, Some(tesseract_lines(&right, 95.0)));
        assert_eq!(chosen.expect("a reading").lines, printed);
        // Where the recogniser was unsure of the expiry digit, the reading where
        // every check holds is taken.
        let own = own_reading(&printed, &[(1, 14, '9', 0.6, 0.35)]);
        assert!(!own.decoded.all_hold());
        let chosen = choose(Some(&own), None, Some(tesseract_lines(&right, 95.0)));
        assert_eq!(chosen.expect("a reading").lines, right);
    }

    #[test]
    fn a_reading_surer_only_by_its_own_confidence_does_not_change_unchecked_cells() {
        let (_, zone) = tampered_td1();
        // Every check holds on the recogniser's reading; its name cells are sure, but
        // one check (the number's) is not, so Tesseract was asked.
        let own = own_reading(&zone, &[(0, 6, '8', 0.6, 0.35)]);
        assert!(own.decoded.all_hold());
        // Tesseract reads a name letter otherwise (no check digit covers it), at a
        // confidence of its own above the recogniser's mean certainty.
        let mut misread = zone.clone();
        misread[2].replace_range(1..2, "B");
        assert!(valid(&misread));
        let tesseract = tesseract_lines(&misread, 99.5);
        assert!(tesseract.confidence > own.lines.confidence);
        let fused = mrz::second_opinion(&own, &tesseract);
        let chosen = choose(Some(&own), fused.as_ref(), Some(tesseract));
        assert_eq!(chosen.expect("a reading").lines, zone);
        // Where the recogniser was unsure of that letter itself, Tesseract's vote
        // decides it (through the fused reading).
        let own = own_reading(&zone, &[(0, 6, '8', 0.6, 0.35), (2, 1, 'B', 0.5, 0.45)]);
        let tesseract = tesseract_lines(&misread, 99.5);
        let fused = mrz::second_opinion(&own, &tesseract);
        let chosen = choose(Some(&own), fused.as_ref(), Some(tesseract));
        assert_eq!(chosen.expect("a reading").lines, misread);
    }

    #[test]
    fn options_change_the_cache_tag() {
        let all = ReadOptions::default();
        let mrz_only = ReadOptions {
            full_page: false,
            ..all
        };
        assert_ne!(all.cache_tag(), mrz_only.cache_tag());
    }
}
