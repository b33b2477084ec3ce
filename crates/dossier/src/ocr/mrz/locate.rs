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
//! An A4 page at 300 dpi costs about 9 ms with no zone on it and 14 ms with a passport
//! zone found and rectified (release build, one core): the search runs on a copy of at
//! most 1200 pixels a side, and the blobs are found once and turned as boxes for each
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
    Some(search.rectify(page, 0, &found.lines, &found.first, found.cells))
}

/// The zone of an upright page as [`locate`] finds it, followed, when the grid cannot
/// tell where the zone's cells begin (a line one cell longer than the format at equal
/// ink either way: a stray mark or the document's edge one pitch beyond an end), by
/// the zone with the other cells. Empty when no zone is found. The reader decodes
/// each and keeps the one its check digits accept.
pub fn locate_all(page: &GrayImage) -> Vec<Zone> {
    let Some(search) = Search::new(page) else {
        return Vec::new();
    };
    let Some(found) = search.find(0) else {
        return Vec::new();
    };
    let mut zones = vec![search.rectify(page, 0, &found.lines, &found.first, found.cells)];
    if let Some(alt) = &found.alt_first {
        zones.push(search.rectify(page, 0, &found.lines, alt, found.cells));
    }
    zones
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
        return Some((
            0,
            search.rectify(page, 0, &found.lines, &found.first, found.cells),
        ));
    }
    let (turn, found) = [90u16, 270]
        .into_iter()
        .filter_map(|t| search.find(t).map(|z| (t, z)))
        .max_by(|a, b| a.1.score().total_cmp(&b.1.score()))?;
    Some((
        turn,
        search.rectify(page, turn, &found.lines, &found.first, found.cells),
    ))
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
    fn rectify(
        &self,
        page: &GrayImage,
        turn: u16,
        lines: &[zone::GridLine],
        first: &[i32],
        cells: usize,
    ) -> Zone {
        let view = Upright::new(page, turn);
        let lines: Vec<_> = lines
            .iter()
            .zip(first)
            .map(|(gl, &first)| rectify::strip(&view, gl, first, cells, self.k as f32))
            .collect();
        let bbox = lines
            .iter()
            .flat_map(|l| l.boxes.iter().copied())
            .fold(crate::model::BBox::default(), |a, b| a.union(b));
        Zone { lines, bbox }
    }
}

#[cfg(test)]
mod tests {
    //! Generated passport scans from the fixtures, transformed the way real pages differ
    //! from them: skew, perspective, uneven light and scanner streaks, a lower
    //! resolution, a small document on a big sheet, a quarter turn.

    use image::{imageops, GrayImage, Luma};
    use imageproc::geometric_transformations::{
        rotate_about_center, warp, Interpolation, Projection,
    };

    use super::*;
    use crate::ocr::mrz::{STRIP_CAP, STRIP_MARGIN};

    /// A generated passport page (TD3) scanned a quarter turn off: its text reads top
    /// to bottom, so `rotate270` stands it upright.
    fn turned_passport() -> GrayImage {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/packages/iin_chn_mrz_check_digit/scan_01.png"
        );
        image::open(path).expect("fixture").to_luma8()
    }

    fn upright_passport() -> GrayImage {
        imageops::rotate270(&turned_passport())
    }

    /// The zone has `lines` lines of `cells` cells, nearly every cell box holds ink of
    /// `page`, and the strips hold their ink between the glyph top and baseline rows.
    fn assert_zone(page: &GrayImage, zone: &Zone, lines: usize, cells: usize) {
        assert_eq!(zone.lines.len(), lines);
        for (n, line) in zone.lines.iter().enumerate() {
            assert_eq!(line.centers.len(), cells, "line {n}");
            assert_eq!(line.boxes.len(), cells, "line {n}");
            let inked = line
                .boxes
                .iter()
                .filter(|b| {
                    (b.y..b.y + b.h)
                        .any(|y| (b.x..b.x + b.w).any(|x| page.get_pixel(x, y)[0] < 110))
                })
                .count();
            assert!(
                inked * 10 >= cells * 9,
                "line {n}: {inked} of {cells} boxes on ink"
            );
            assert_level(&line.image, n);
        }
    }

    /// Nearly all of a strip's ink lies in the glyph band (a skewed or keystoned line
    /// not rectified spills over it).
    fn assert_level(strip: &GrayImage, n: usize) {
        let band = STRIP_MARGIN - 3..STRIP_MARGIN + STRIP_CAP + 3;
        let (mut inside, mut outside) = (0u32, 0u32);
        for (_, y, p) in strip.enumerate_pixels() {
            if p[0] < 100 {
                if band.contains(&y) {
                    inside += 1;
                } else {
                    outside += 1;
                }
            }
        }
        assert!(inside > 1000, "line {n}: {inside} ink pixels");
        assert!(
            outside * 50 < inside,
            "line {n}: {outside} ink pixels off the band of {inside}"
        );
    }

    #[test]
    fn finds_the_passport_zone_on_a_clean_page() {
        let page = upright_passport();
        let zone = locate(&page).expect("zone");
        assert_zone(&page, &zone, 2, 44);
        // The zone is the lowest text of the page's document, in its lower half.
        assert!(zone.bbox.y > page.height() / 2, "{:?}", zone.bbox);
    }

    #[test]
    fn finds_the_zone_on_a_page_skewed_by_a_few_degrees() {
        for degrees in [-4.0f32, 2.5, 5.0] {
            let page = rotate_about_center(
                &upright_passport(),
                degrees.to_radians(),
                Interpolation::Bilinear,
                Luma([255]),
            );
            let zone = locate(&page).unwrap_or_else(|| panic!("no zone at {degrees}°"));
            assert_zone(&page, &zone, 2, 44);
        }
    }

    #[test]
    fn finds_the_zone_under_perspective() {
        let src = upright_passport();
        let (w, h) = (src.width() as f32, src.height() as f32);
        // A phone held a little off: the bottom edge wider than the top, one side
        // shorter than the other.
        let from = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
        let to = [
            (0.06 * w, 0.03 * h),
            (0.95 * w, 0.0),
            (w, h),
            (0.0, 0.97 * h),
        ];
        let projection = Projection::from_control_points(from, to).expect("projection");
        let page = warp(&src, &projection, Interpolation::Bilinear, Luma([255]));
        let zone = locate(&page).expect("zone");
        assert_zone(&page, &zone, 2, 44);
    }

    #[test]
    fn finds_the_zone_under_a_shadow_and_scanner_streaks() {
        let src = upright_passport();
        let (w, h) = src.dimensions();
        let page = GrayImage::from_fn(w, h, |x, y| {
            // Light falling off to half towards the bottom right corner ...
            let light = 1.0 - 0.5 * (x as f32 / w as f32) * (y as f32 / h as f32);
            let mut v = src.get_pixel(x, y)[0] as f32 * light;
            // ... and a grey streak every 97 columns.
            if x % 97 < 2 {
                v -= 50.0;
            }
            Luma([v.clamp(0.0, 255.0) as u8])
        });
        let zone = locate(&page).expect("zone");
        assert_zone(&page, &zone, 2, 44);
    }

    #[test]
    fn finds_the_zone_at_a_lower_resolution_and_on_a_big_sheet() {
        let src = upright_passport();
        let small = imageops::resize(
            &src,
            src.width() * 3 / 5,
            src.height() * 3 / 5,
            imageops::FilterType::Triangle,
        );
        let zone = locate(&small).expect("zone on the small page");
        assert_zone(&small, &zone, 2, 44);
        // The page at full size in the upper part of a 2480×3508 sheet (A4 at
        // 300 dpi), as when a passport is photocopied on A4.
        let mut sheet = GrayImage::from_pixel(2480, 3508, Luma([250]));
        imageops::overlay(&mut sheet, &src, 300, 200);
        let zone = locate(&sheet).expect("zone on the sheet");
        assert_zone(&sheet, &zone, 2, 44);
        assert!(zone.bbox.y > 200 && zone.bbox.y < 200 + src.height());
    }

    #[test]
    fn finds_the_zone_a_quarter_turn_off_and_says_which_turn() {
        let page = turned_passport();
        assert!(locate(&page).is_none(), "no upright zone on a turned page");
        let (turn, zone) = locate_any_turn(&page).expect("zone");
        assert_eq!(turn, 270);
        assert_zone(&imageops::rotate270(&page), &zone, 2, 44);
    }

    #[test]
    fn finds_no_zone_on_a_form_or_a_blank_page() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/packages/arrival_notification_chn_complete/scan_02.png"
        );
        let form = image::open(path).expect("fixture").to_luma8();
        assert!(locate_any_turn(&form).is_none());
        assert!(locate_any_turn(&GrayImage::from_pixel(800, 600, Luma([255]))).is_none());
    }
}
