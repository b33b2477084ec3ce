//! Measures of a page image that tell a photograph from a blank page or a scrap
//! ([`ImageTones`]), taken once per page on a small copy, before OCR preprocessing.

use image::imageops::{self, FilterType};
use image::GrayImage;

use crate::model::ImageTones;

/// Long side of the copy the measures are taken on. The copy samples pixels (nearest
/// neighbour), never averages them: averaging would turn fine black-on-white ink (text,
/// a halftone, a grid) into the mid tones of a photograph.
const SIDE: u32 = 512;
/// A pixel belongs to the content when it differs from the background by more than this.
const CONTENT_DELTA: i16 = 24;
/// A row (column) holds content when at least this share of its pixels does: scanner
/// dust and a stray line do not make a blank page's content box.
const CONTENT_SHARE: f32 = 0.02;

/// Measures `gray`, the page as decoded (turned to grey).
pub fn measure(gray: &GrayImage) -> ImageTones {
    let (width, height) = gray.dimensions();
    let mut tones = ImageTones {
        width,
        height,
        content_width: 0,
        content_height: 0,
        spread: 0,
        mid_tones: 0.0,
        bands: 0,
    };
    if width == 0 || height == 0 {
        return tones;
    }
    let long = width.max(height);
    let small;
    let img = if long > SIDE {
        let f = SIDE as f32 / long as f32;
        let sw = ((width as f32 * f).round() as u32).max(1);
        let sh = ((height as f32 * f).round() as u32).max(1);
        small = imageops::resize(gray, sw, sh, FilterType::Nearest);
        &small
    } else {
        gray
    };
    let (sw, sh) = img.dimensions();
    let px = |x: u32, y: u32| i16::from(img.get_pixel(x, y).0[0]);
    let background = border_median(img);
    let is_content = |x: u32, y: u32| (px(x, y) - background).abs() > CONTENT_DELTA;
    let rows: Vec<bool> = (0..sh)
        .map(|y| (0..sw).filter(|&x| is_content(x, y)).count() as f32 >= share(sw))
        .collect();
    let cols: Vec<bool> = (0..sw)
        .map(|x| (0..sh).filter(|&y| is_content(x, y)).count() as f32 >= share(sh))
        .collect();
    let (Some(y0), Some(y1), Some(x0), Some(x1)) = (
        rows.iter().position(|&r| r),
        rows.iter().rposition(|&r| r),
        cols.iter().position(|&c| c),
        cols.iter().rposition(|&c| c),
    ) else {
        return tones;
    };
    let scale_x = width as f32 / sw as f32;
    let scale_y = height as f32 / sh as f32;
    tones.content_width = (((x1 - x0 + 1) as f32) * scale_x).round() as u32;
    tones.content_height = (((y1 - y0 + 1) as f32) * scale_y).round() as u32;

    let mut hist = [0u32; 256];
    for y in y0..=y1 {
        for x in x0..=x1 {
            hist[img.get_pixel(x as u32, y as u32).0[0] as usize] += 1;
        }
    }
    let total: u32 = hist.iter().sum();
    let percentile = |p: f32| {
        let target = (total as f32 * p).ceil() as u32;
        let mut seen = 0;
        for (v, &n) in hist.iter().enumerate() {
            seen += n;
            if seen >= target.max(1) {
                return v as u8;
            }
        }
        255
    };
    tones.spread = percentile(0.95).saturating_sub(percentile(0.05));
    tones.mid_tones = hist[48..=207].iter().sum::<u32>() as f32 / total as f32;
    tones.bands = hist
        .chunks(16)
        .filter(|band| band.iter().sum::<u32>() as f32 >= total as f32 * 0.01)
        .count() as u8;
    tones
}

fn share(len: u32) -> f32 {
    (len as f32 * CONTENT_SHARE).max(1.0)
}

/// The median grey of the image's outer ring (a twentieth of each side, at least one
/// pixel): the paper, the scanner lid or a photo's backdrop.
fn border_median(img: &GrayImage) -> i16 {
    let (w, h) = img.dimensions();
    let bx = (w / 20).max(1);
    let by = (h / 20).max(1);
    let mut hist = [0u32; 256];
    for (x, y, p) in img.enumerate_pixels() {
        if x < bx || x + bx >= w || y < by || y + by >= h {
            hist[p.0[0] as usize] += 1;
        }
    }
    let total: u32 = hist.iter().sum();
    let mut seen = 0;
    for (v, &n) in hist.iter().enumerate() {
        seen += n;
        if seen * 2 >= total {
            return v as i16;
        }
    }
    255
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn a_blank_page_has_no_content() {
        let t = measure(&GrayImage::from_pixel(1200, 1600, Luma([250])));
        assert_eq!((t.width, t.height), (1200, 1600));
        assert_eq!((t.content_width, t.content_height), (0, 0));
        let t = measure(&GrayImage::from_pixel(1, 1, Luma([0])));
        assert_eq!((t.content_width, t.content_height), (0, 0));
    }

    #[test]
    fn a_dark_block_on_paper_is_found_where_it_is() {
        let img = GrayImage::from_fn(1000, 1000, |x, y| {
            if (200..600).contains(&x) && (300..500).contains(&y) {
                Luma([(x % 200) as u8])
            } else {
                Luma([245])
            }
        });
        let t = measure(&img);
        assert!((t.content_width as i64 - 400).abs() <= 8, "{t:?}");
        assert!((t.content_height as i64 - 200).abs() <= 8, "{t:?}");
        assert!(t.spread > 150 && t.bands >= 10, "{t:?}");
    }
}
