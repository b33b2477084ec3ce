//! dossier's own reader of machine-readable zones.
//!
//! The zone is found from the image alone ([`locate`]), each of its lines is rectified
//! into a [`LineStrip`] (straight, level, glyphs of a fixed height), every glyph cell is
//! classified over the 37 MRZ symbols by a small model trained on OCR-B ([`glyph`]), and
//! the zone's reading is the best combination of the cells' candidates that the check
//! digits accept ([`decode`]). Tesseract ([`super::mrz_band`]) is only a second opinion.
//!
//! Data flow: upright page → [`Zone`] (strips + cell boxes) → per-cell scores → reading.

pub mod decode;
pub mod glyph;
pub mod locate;
pub mod train;

use image::GrayImage;

use crate::model::BBox;

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
