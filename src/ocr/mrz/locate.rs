//! Finding a machine-readable zone on a page image and rectifying its lines.
//!
//! A zone is two or three long lines of evenly pitched, equally tall glyphs on a plain
//! background, and it is found by exactly that, from the image alone, wherever it is on
//! the page and whatever the document (passport page photocopied on A4, ID card, visa):
//!
//! 1. [`blobs`]: the page is downscaled for the search, binarised against its local
//!    background (shadows, tints and streaks do not matter) and cut into connected
//!    components.
//! 2. [`lines`]: glyph-sized components are chained into text lines along any slope up
//!    to about ±10°, and a regular grid of cells (a pitch changing smoothly under
//!    perspective) is fitted to each line; MRZ lines fit it, visual-zone text with its
//!    proportional glyphs and word gaps does not.
//! 3. [`zone`]: two or three stacked MRZ-like lines of one pitch and height at a regular
//!    spacing form a zone (the lowest wins), cut to the ICAO number of cells per line.
//! 4. [`rectify`]: at full resolution, each line's glyph tops and baselines are fitted
//!    and the line is sampled along that geometry into a level [`LineStrip`].
//!
//! The search costs a few milliseconds on an A4 page at 300 dpi (it runs on a copy of
//! at most 1200 pixels a side); the blobs are found once and turned as boxes for each
//! quarter turn tried.

mod blobs;
mod lines;
mod rectify;
mod zone;

use image::GrayImage;

use self::blobs::Blob;
use self::rectify::Upright;
use self::zone::ZoneLines;
use super::Zone;

/// Finds the zone on a page that stands upright (up to a few degrees of skew and of
/// perspective); the lowest zone when there are several.
pub fn locate(page: &GrayImage) -> Option<Zone> {
    let search = Search::new(page)?;
    let found = search.find(0)?;
    Some(search.rectify(page, 0, &found))
}

/// Finds the zone on a page in any quarter turn: tries the page as it is, then turned
/// by 90° and 270°, and returns the clockwise turn (as `image::imageops::rotate90`
/// turns) that makes the zone upright, with the zone on the page so turned. A page
/// upside down is found at turn 0 (or a zone found at 90° may be one seen at 270°
/// upside down): telling 180° apart is left to the recogniser, though between 90° and
/// 270° the one whose lines end in fillers (as MRZ lines do) is preferred.
pub fn locate_any_turn(page: &GrayImage) -> Option<(u16, Zone)> {
    let search = Search::new(page)?;
    if let Some(found) = search.find(0) {
        return Some((0, search.rectify(page, 0, &found)));
    }
    let (turn, found) = [90u16, 270]
        .into_iter()
        .filter_map(|t| search.find(t).map(|z| (t, z)))
        .max_by(|a, b| a.1.score().total_cmp(&b.1.score()))?;
    Some((turn, search.rectify(page, turn, &found)))
}

/// The search image's blobs, found once for all turns.
struct Search {
    blobs: Vec<Blob>,
    /// Page pixels per search pixel.
    k: u32,
    /// The page's size in search pixels (fractional where the page is not a multiple
    /// of `k`, so turned boxes map back onto the page exactly).
    w: f32,
    h: f32,
}

impl Search {
    fn new(page: &GrayImage) -> Option<Search> {
        let (w, h) = page.dimensions();
        if w < 60 || h < 30 {
            return None;
        }
        let k = blobs::search_factor(w, h);
        let small = blobs::downscale(page, k);
        let blobs = blobs::blobs(&blobs::binarise(&small));
        Some(Search {
            blobs,
            k,
            w: w as f32 / k as f32,
            h: h as f32 / k as f32,
        })
    }

    /// The zone on the page turned by `turn`, in search pixels of the turned page.
    fn find(&self, turn: u16) -> Option<ZoneLines> {
        let turned: Vec<Blob> = if turn == 0 {
            self.blobs.clone()
        } else {
            self.blobs
                .iter()
                .map(|b| b.turned(turn, self.w, self.h))
                .collect()
        };
        zone::find_zone(lines::text_lines(&turned))
    }

    /// The located zone's strips, sampled from the full-resolution page.
    fn rectify(&self, page: &GrayImage, turn: u16, found: &ZoneLines) -> Zone {
        let view = Upright::new(page, turn);
        let lines: Vec<_> = found
            .lines
            .iter()
            .zip(&found.first)
            .map(|(gl, &first)| rectify::strip(&view, gl, first, found.cells, self.k as f32))
            .collect();
        let bbox = lines
            .iter()
            .flat_map(|l| l.boxes.iter().copied())
            .fold(crate::model::BBox::default(), |a, b| a.union(b));
        Zone { lines, bbox }
    }
}
