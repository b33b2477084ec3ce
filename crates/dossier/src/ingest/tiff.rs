//! TIFF files, every page of them.
//!
//! The `image` crate decodes only the first page of a TIFF, but office scanners put a
//! whole multi-page document (passport, translation, notary page) in one TIFF. So pages
//! are walked and decoded here with the `tiff` crate directly, each page's size checked
//! against the pixel limit and the decode budget before its pixels are read.

use std::io::Cursor;

use ::image::{DynamicImage, GrayImage, ImageBuffer, Luma, LumaA, Rgb, RgbImage, Rgba};
use tiff::decoder::{Decoder, DecodingResult};
use tiff::tags::Tag;
use tiff::{ColorType, TiffError};

use super::{check_budget, Limits};

/// TIFF compression code for JPEG ("new-style", 7): its data comes out already RGB.
const COMPRESSION_JPEG: u16 = 7;

fn damaged(e: &TiffError) -> String {
    match e {
        TiffError::UnsupportedError(_) => {
            "the TIFF image uses a feature dossier cannot decode".to_string()
        }
        TiffError::LimitsExceeded => {
            "the TIFF image would need more memory to decode than allowed".to_string()
        }
        TiffError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the TIFF image is truncated (the file ends before the image does)".to_string()
        }
        _ => "the TIFF image is damaged and cannot be decoded".to_string(),
    }
}

fn decoder<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Decoder<Cursor<&'a [u8]>>, String> {
    let mut tl = tiff::decoder::Limits::default();
    // The decode budget backs up the per-page check made from each page's directory.
    let cap = usize::try_from(limits.max_decode_bytes).unwrap_or(usize::MAX);
    tl.decoding_buffer_size = cap;
    tl.intermediate_buffer_size = tl.intermediate_buffer_size.min(cap);
    Decoder::new(Cursor::new(bytes))
        .map(|d| d.with_limits(tl))
        .map_err(|e| damaged(&e))
}

/// Counts the pages (image directories), checking each page's size from its header.
pub(super) fn count_pages(bytes: &[u8], limits: &Limits) -> Result<u32, String> {
    let mut dec = decoder(bytes, limits)?;
    let mut count: u32 = 0;
    loop {
        count += 1;
        if count as usize > limits.max_pdf_pages {
            return Err(format!(
                "the TIFF has more than {} pages, the most accepted in one file",
                limits.max_pdf_pages
            ));
        }
        let (w, h) = dec.dimensions().map_err(|e| damaged(&e))?;
        let color = dec.colortype().map_err(|e| damaged(&e))?;
        check_page(count, w, h, color, limits)?;
        if !dec.more_images() {
            break;
        }
        dec.next_image().map_err(|e| damaged(&e))?;
    }
    Ok(count)
}

/// Decodes page `page` (1-based).
pub(super) fn decode_page(
    bytes: &[u8],
    page: u32,
    limits: &Limits,
) -> Result<DynamicImage, String> {
    let mut dec = decoder(bytes, limits)?;
    let index = page.checked_sub(1).ok_or("there is no page 0")? as usize;
    dec.seek_to_image(index)
        .map_err(|_| format!("the TIFF has no page {page}"))?;
    let (w, h) = dec.dimensions().map_err(|e| damaged(&e))?;
    let color = dec.colortype().map_err(|e| damaged(&e))?;
    check_page(page, w, h, color, limits)?;
    let compression = dec
        .find_tag_unsigned::<u16>(Tag::Compression)
        .ok()
        .flatten()
        .unwrap_or(1);
    let palette = match color {
        ColorType::Palette(_) => dec
            .find_tag_unsigned_vec::<u16>(Tag::ColorMap)
            .ok()
            .flatten(),
        _ => None,
    };
    let data = dec.read_image().map_err(|e| damaged(&e))?;
    to_image(data, color, w, h, compression, palette.as_deref())
}

/// Bytes per pixel a page of `color` takes while it is read: the decoder's samples
/// (rounded up to whole bytes) and the 8-bit image built from them when they are
/// converted (bilevel and palette pages, CMYK), plus the RGBA copy the grey conversion
/// makes of a page with alpha.
fn bytes_per_pixel(color: ColorType) -> u64 {
    let samples = u64::from(color.num_samples());
    let bits = u64::from(color.bit_depth());
    let decoded = (samples * bits).div_ceil(8).max(1);
    let converted = match color {
        ColorType::Gray(b) if b < 8 => 1,
        ColorType::Palette(_) | ColorType::CMYK(_) => 3,
        ColorType::GrayA(_) | ColorType::RGBA(_) => 4,
        _ => 0,
    };
    decoded + converted
}

/// The pixel limit and the decode budget for one page, from its directory.
fn check_page(page: u32, w: u32, h: u32, color: ColorType, limits: &Limits) -> Result<(), String> {
    check_budget(
        &format!("page {page} of the TIFF"),
        w,
        h,
        bytes_per_pixel(color),
        0,
        limits,
    )
}

fn unsupported(color: ColorType) -> String {
    format!("the TIFF page's colour layout ({color:?}) is not supported")
}

/// Builds an image from decoded samples; any length mismatch (e.g. planar layouts, which
/// the decoder returns one plane of) is a problem, never a panic.
fn to_image(
    data: DecodingResult,
    color: ColorType,
    w: u32,
    h: u32,
    compression: u16,
    palette: Option<&[u16]>,
) -> Result<DynamicImage, String> {
    let short = || "the TIFF page holds less image data than its size says".to_string();
    let n = w as usize * h as usize;
    let img = match (data, color) {
        (DecodingResult::U8(v), ColorType::Gray(1)) => {
            let row_bytes = (w as usize).div_ceil(8);
            if v.len() < row_bytes * h as usize {
                return Err(short());
            }
            // 1 is white once the decoder has applied WhiteIsZero.
            let img = GrayImage::from_fn(w, h, |x, y| {
                let byte = v[y as usize * row_bytes + x as usize / 8];
                let bit = (byte >> (7 - (x % 8))) & 1;
                Luma([if bit == 1 { 255 } else { 0 }])
            });
            DynamicImage::ImageLuma8(img)
        }
        (DecodingResult::U8(v), ColorType::Gray(8)) => {
            DynamicImage::ImageLuma8(buffer(w, h, v, n).ok_or_else(short)?)
        }
        (DecodingResult::U16(v), ColorType::Gray(16)) => {
            DynamicImage::ImageLuma16(buffer(w, h, v, n).ok_or_else(short)?)
        }
        (DecodingResult::U8(v), ColorType::GrayA(8)) => {
            DynamicImage::ImageLumaA8(buffer::<LumaA<u8>, u8>(w, h, v, n * 2).ok_or_else(short)?)
        }
        (DecodingResult::U8(v), ColorType::RGB(8)) => {
            DynamicImage::ImageRgb8(buffer(w, h, v, n * 3).ok_or_else(short)?)
        }
        (DecodingResult::U8(v), ColorType::YCbCr(8)) => {
            let mut img: RgbImage = buffer(w, h, v, n * 3).ok_or_else(short)?;
            if compression != COMPRESSION_JPEG {
                for p in img.pixels_mut() {
                    *p = ycbcr_to_rgb(p.0);
                }
            }
            DynamicImage::ImageRgb8(img)
        }
        (DecodingResult::U16(v), ColorType::RGB(16)) => {
            DynamicImage::ImageRgb16(buffer::<Rgb<u16>, u16>(w, h, v, n * 3).ok_or_else(short)?)
        }
        (DecodingResult::U8(v), ColorType::RGBA(8)) => {
            DynamicImage::ImageRgba8(buffer(w, h, v, n * 4).ok_or_else(short)?)
        }
        (DecodingResult::U16(v), ColorType::RGBA(16)) => {
            DynamicImage::ImageRgba16(buffer::<Rgba<u16>, u16>(w, h, v, n * 4).ok_or_else(short)?)
        }
        (DecodingResult::U8(v), ColorType::CMYK(8)) => {
            if v.len() < n * 4 {
                return Err(short());
            }
            let rgb: Vec<u8> = v[..n * 4]
                .chunks_exact(4)
                .flat_map(|c| {
                    let k = 255 - u16::from(c[3]);
                    [0, 1, 2].map(|i| ((255 - u16::from(c[i])) * k / 255) as u8)
                })
                .collect();
            DynamicImage::ImageRgb8(buffer(w, h, rgb, n * 3).ok_or_else(short)?)
        }
        (DecodingResult::U8(v), ColorType::Palette(8)) => {
            let map = palette.ok_or("the TIFF palette image has no colour map")?;
            if map.len() < 3 * 256 || v.len() < n {
                return Err(short());
            }
            let rgb: Vec<u8> = v[..n]
                .iter()
                .flat_map(|&i| {
                    let i = usize::from(i);
                    [map[i], map[256 + i], map[512 + i]].map(|c| (c >> 8) as u8)
                })
                .collect();
            DynamicImage::ImageRgb8(buffer(w, h, rgb, n * 3).ok_or_else(short)?)
        }
        (_, color) => return Err(unsupported(color)),
    };
    Ok(img)
}

fn buffer<P: ::image::Pixel<Subpixel = S>, S: ::image::Primitive>(
    w: u32,
    h: u32,
    mut v: Vec<S>,
    len: usize,
) -> Option<ImageBuffer<P, Vec<S>>> {
    if v.len() < len {
        return None;
    }
    v.truncate(len);
    ImageBuffer::from_raw(w, h, v)
}

/// ITU-R BT.601 full-range YCbCr to RGB, as TIFF uses by default.
fn ycbcr_to_rgb([y, cb, cr]: [u8; 3]) -> Rgb<u8> {
    let (y, cb, cr) = (f32::from(y), f32::from(cb) - 128.0, f32::from(cr) - 128.0);
    let clamp = |v: f32| v.round().clamp(0.0, 255.0) as u8;
    Rgb([
        clamp(y + 1.402 * cr),
        clamp(y - 0.344_136 * cb - 0.714_136 * cr),
        clamp(y + 1.772 * cb),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use tiff::encoder::{colortype, TiffEncoder};

    fn three_pages() -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut enc = TiffEncoder::new(&mut out).expect("encoder");
        for (i, (w, h)) in [(8u32, 4u32), (5, 5), (3, 7)].into_iter().enumerate() {
            let data = vec![(i as u8 + 1) * 60; (w * h) as usize];
            enc.write_image::<colortype::Gray8>(w, h, &data)
                .expect("page");
        }
        out.into_inner()
    }

    #[test]
    fn counts_and_decodes_every_page() {
        let bytes = three_pages();
        let limits = Limits::default();
        assert_eq!(count_pages(&bytes, &limits), Ok(3));
        let p3 = decode_page(&bytes, 3, &limits).expect("page 3");
        assert_eq!((p3.width(), p3.height()), (3, 7));
        assert_eq!(p3.to_luma8().get_pixel(0, 0).0[0], 180);
        assert!(decode_page(&bytes, 4, &limits)
            .unwrap_err()
            .contains("no page 4"));
    }

    #[test]
    fn page_limit_and_pixel_limit() {
        let bytes = three_pages();
        let few = Limits {
            max_pdf_pages: 2,
            ..Limits::default()
        };
        assert!(count_pages(&bytes, &few)
            .unwrap_err()
            .contains("more than 2 pages"));
        let tiny = Limits {
            max_pixels: 30,
            ..Limits::default()
        };
        let err = count_pages(&bytes, &tiny).unwrap_err();
        assert!(
            err.starts_with("page 1 of the TIFF is 8 × 4 pixels"),
            "{err}"
        );
    }

    #[test]
    fn each_page_is_checked_against_the_decode_budget() {
        let bytes = three_pages();
        // Page 1 is 8 × 4 grey: 32 pixels × (1 + the OCR copies).
        let need = 32 * (1 + crate::ingest::OCR_BYTES_PER_PIXEL);
        let short = Limits {
            max_decode_bytes: need - 1,
            ..Limits::default()
        };
        let err = count_pages(&bytes, &short).unwrap_err();
        assert!(
            err.starts_with("page 1 of the TIFF is 8 × 4 pixels and would need about"),
            "{err}"
        );
        assert!(decode_page(&bytes, 1, &short).is_err());
        let fits = Limits {
            max_decode_bytes: need,
            ..short
        };
        assert_eq!(count_pages(&bytes, &fits), Ok(3));
        // Bilevel and palette pages are counted as the 8-bit images they become.
        assert_eq!(bytes_per_pixel(ColorType::Gray(1)), 2);
        assert_eq!(bytes_per_pixel(ColorType::Palette(8)), 4);
        assert_eq!(bytes_per_pixel(ColorType::CMYK(8)), 7);
        assert_eq!(bytes_per_pixel(ColorType::RGB(16)), 6);
    }

    #[test]
    fn bilevel_rows_expand_to_black_and_white() {
        // 10 pixels wide: two bytes per row; first pixel white, second black.
        let data = DecodingResult::U8(vec![0b1000_0000, 0, 0b0100_0000, 0]);
        let img = to_image(data, ColorType::Gray(1), 10, 2, 1, None).expect("image");
        let g = img.to_luma8();
        assert_eq!(g.get_pixel(0, 0).0[0], 255);
        assert_eq!(g.get_pixel(1, 0).0[0], 0);
        assert_eq!(g.get_pixel(1, 1).0[0], 255);
    }

    #[test]
    fn short_data_is_a_problem_not_a_panic() {
        let data = DecodingResult::U8(vec![0; 5]);
        assert!(to_image(data, ColorType::RGB(8), 4, 4, 1, None).is_err());
    }
}
