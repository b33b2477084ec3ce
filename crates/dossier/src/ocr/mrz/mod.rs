//! dossier's own reader of machine-readable zones.
//!
//! The zone is found from the image alone ([`locate`]), each of its lines is rectified
//! into a [`LineStrip`] (straight, level, glyphs of a fixed height), every glyph cell is
//! classified over the 37 MRZ symbols by a small model trained on OCR-B ([`glyph`]), and
//! the zone's reading is the best combination of the cells' candidates that the check
//! digits accept ([`decode`]). Tesseract ([`super::mrz_band`]) is only a second opinion.
//!
//! Data flow: upright page → [`Zone`] (strips + cell boxes) → per-cell scores → reading.

/// Version of the reader's code: the locator, the decoder and the choice between its
/// readings and Tesseract's. Bump it whenever a change there can change a reading; it
/// is part of every OCR cache key ([`super::cache_version`]). Retraining the model
/// needs no bump: [`reader_id`] is the model's digest.
pub const READER_VERSION: u32 = 1;

pub mod decode;
pub mod glyph;
pub mod locate;
pub mod train;

use image::GrayImage;

use crate::model::{BBox, MrzCell, MrzLines};

/// Height in pixels of the glyph band (the height of a capital or digit, "cap height")
/// in a rectified [`LineStrip`].
pub const STRIP_CAP: u32 = 32;
/// Rows of background kept above and below the glyph band in a strip.
pub const STRIP_MARGIN: u32 = 8;
/// Total height of every strip.
pub const STRIP_HEIGHT: u32 = STRIP_CAP + 2 * STRIP_MARGIN;

/// The 37 symbols of an MRZ, in the order of the recogniser's outputs.
pub const ALPHABET: [char; 37] = [
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I',
    'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', '<',
];

/// One MRZ line, rectified: level and straight, dark ink on a light background, every
/// glyph's top at row [`STRIP_MARGIN`] and its baseline at row
/// `STRIP_MARGIN + STRIP_CAP`; [`STRIP_HEIGHT`] rows in all. Horizontally the strip is
/// scaled by the same factor as vertically (glyph shapes keep their aspect).
#[derive(Debug, Clone)]
pub struct LineStrip {
    pub image: GrayImage,
    /// The x centre of each glyph cell, in strip pixels, left to right.
    pub centers: Vec<f32>,
    /// The distance between neighbouring cell centres, in strip pixels.
    pub pitch: f32,
    /// Each cell's box on the upright page the zone was located on (page pixels),
    /// one per entry of `centers`.
    pub boxes: Vec<BBox>,
}

/// A located machine-readable zone: its 2 or 3 lines, top to bottom.
#[derive(Debug, Clone)]
pub struct Zone {
    pub lines: Vec<LineStrip>,
    /// The whole zone on the upright page (page pixels).
    pub bbox: BBox,
}

/// A short id of the recogniser's trained model (the first 12 hex digits of its
/// SHA-256): part of every OCR cache key, so pages read with another model are read
/// again rather than taken from the cache.
pub fn reader_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(glyph::GlyphModel::builtin().to_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("ocrb-{}", &hex[..12])
    })
}

/// A zone as dossier's recogniser read it.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The lines, every cell's reading, and the confidence (the cells' mean
    /// certainty, 0–100).
    pub lines: MrzLines,
    pub decoded: decode::Decoded,
    /// The recogniser's scores of every cell, and the cells' boxes on the page.
    scores: Vec<Vec<decode::Scores>>,
    boxes: Vec<Vec<BBox>>,
}

/// Locates and reads the machine-readable zone of an upright page with dossier's own
/// recogniser: `None` when no zone is found or its lines are no ICAO layout.
///
/// Where the locator offers a second placement of the cells (see
/// [`locate::locate_all`]), both are read and the better reading is kept
/// ([`better`]).
pub fn read(upright: &GrayImage) -> Option<Reading> {
    let model = glyph::GlyphModel::builtin();
    locate::locate_all(upright)
        .into_iter()
        .filter_map(|zone| {
            let scores: Vec<Vec<decode::Scores>> =
                zone.lines.iter().map(|l| model.classify_strip(l)).collect();
            let boxes: Vec<Vec<BBox>> = zone.lines.iter().map(|l| l.boxes.clone()).collect();
            Reading::from_scores(scores, boxes, zone.bbox)
        })
        .reduce(|a, b| if better(&b.decoded, &a.decoded) { b } else { a })
}

impl Reading {
    /// The reading of a zone from its cells' scores and boxes (one `Vec` per line);
    /// `None` when the line lengths are no ICAO layout.
    pub fn from_scores(
        scores: Vec<Vec<decode::Scores>>,
        boxes: Vec<Vec<BBox>>,
        bbox: BBox,
    ) -> Option<Reading> {
        let decoded = decode::decode(&scores)?;
        Some(Reading {
            lines: to_lines(&decoded, &boxes, bbox),
            decoded,
            scores,
            boxes,
        })
    }

    /// Whether `lines` (another reader's, as the parser repairs them) change a cell
    /// of a failing check digit that this reading is sure of in every cell of its
    /// field and in its digit: no other reader may override that (a failing digit
    /// read surely is a wrong digit on the document, and changing cells until it
    /// holds hides it). A reading of another layout changes every cell.
    pub fn overrides_sure_check(&self, lines: &[String]) -> bool {
        let own: Vec<Vec<char>> = self
            .decoded
            .lines
            .iter()
            .map(|l| l.chars().collect())
            .collect();
        let other: Vec<Vec<char>> = lines.iter().map(|l| l.chars().collect()).collect();
        let same_shape =
            own.len() == other.len() && own.iter().zip(&other).all(|(a, b)| a.len() == b.len());
        let layout = crate::parse::mrz::check_layout(self.decoded.format);
        self.decoded
            .checks
            .iter()
            .zip(&layout)
            .filter(|(outcome, _)| !outcome.ok && outcome.certainty >= decode::SURE)
            .any(|(_, check)| {
                !same_shape || check.positions().any(|(l, c)| own[l][c] != other[l][c])
            })
    }

    /// How well this reading's cell scores bear out `lines` (0–100, see
    /// [`decode::support_of`]); `None` when the lines have another shape.
    pub fn support_of(&self, lines: &[String]) -> Option<f32> {
        decode::support_of(&self.scores, lines).map(|s| 100.0 * s)
    }
}

/// Whether reading `b` of a zone is better than reading `a` of the same zone placed
/// otherwise: more check digits holding, then (equal) a higher mean certainty. The
/// check digits of a zone read one cell off fail nearly always (its digits are read
/// from their neighbours' positions), so they decide; certainty only breaks ties.
pub fn better(b: &decode::Decoded, a: &decode::Decoded) -> bool {
    let holding = |d: &decode::Decoded| d.checks.iter().filter(|c| c.ok).count();
    (holding(b), b.mean_certainty()) > (holding(a), a.mean_certainty())
}

fn to_lines(decoded: &decode::Decoded, boxes: &[Vec<BBox>], bbox: BBox) -> MrzLines {
    let cells = decoded
        .cells
        .iter()
        .zip(boxes)
        .map(|(cells, boxes)| {
            cells
                .iter()
                .zip(boxes)
                .map(|(c, &bbox)| MrzCell { bbox, ..*c })
                .collect()
        })
        .collect();
    MrzLines {
        lines: decoded.lines.clone(),
        confidence: 100.0 * decoded.mean_certainty(),
        bbox,
        cells,
    }
}

/// How much a second opinion's symbol weighs against the recogniser's scores on a
/// cell the recogniser was unsure of: Tesseract agrees with the truth far more often
/// than with any one wrong symbol, but its errors on MRZ bands are not independent
/// of the glyph's shape (it misreads the same look-alikes), so it weighs as one
/// moderately reliable vote, not as a certainty.
const SECOND_OPINION_WEIGHT: f32 = 8.0;

/// The recogniser's reading with Tesseract's symbols weighed in on the cells it was
/// unsure of; `None` when Tesseract's lines do not have the same lengths (its
/// characters would not line up with the cells) or nothing was unsure.
pub fn second_opinion(own: &Reading, tesseract: &MrzLines) -> Option<Reading> {
    let same_shape = own.scores.len() == tesseract.lines.len()
        && own
            .scores
            .iter()
            .zip(&tesseract.lines)
            .all(|(s, t)| s.len() == t.chars().count());
    if !same_shape {
        return None;
    }
    let mut scores = own.scores.clone();
    let mut changed = false;
    for ((line, cells), text) in scores
        .iter_mut()
        .zip(&own.decoded.cells)
        .zip(&tesseract.lines)
    {
        for ((s, cell), t) in line.iter_mut().zip(cells).zip(text.chars()) {
            let Some(k) = ALPHABET.iter().position(|&a| a == t) else {
                continue;
            };
            if cell.certainty() >= decode::SURE {
                continue;
            }
            s[k] *= SECOND_OPINION_WEIGHT;
            let total: f32 = s.iter().sum();
            s.iter_mut().for_each(|v| *v /= total);
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    let decoded = decode::decode(&scores)?;
    Some(Reading {
        lines: to_lines(&decoded, &own.boxes, own.lines.bbox),
        decoded,
        scores,
        boxes: own.boxes.clone(),
    })
}
