//! Decoding one image XObject of a PDF page into pixels.
//!
//! Supported encodings: DCTDecode (JPEG), FlateDecode (with or without PNG predictors),
//! uncompressed samples, and FlateDecode followed by DCTDecode. Colour spaces:
//! DeviceGray, DeviceRGB, DeviceCMYK, CalGray, CalRGB, ICCBased (by component count) and
//! Indexed over those; 1, 2, 4, 8 and 16 bits per component; image masks. JPEG 2000,
//! CCITT fax and JBIG2 scans are reported as problems naming the encoding.
//!
//! The size from the image dictionary is checked against the pixel limit before
//! anything is inflated, and inflation stops at the size the dictionary implies, so a
//! compressed bomb inside a PDF cannot allocate more than an honest image would.

use std::io::Read;

use ::image::{DynamicImage, GrayImage, RgbImage};
use flate2::read::ZlibDecoder;
use lopdf::{Dictionary, Document, Object, Stream};

use super::sniff::FileFormat;
use super::{check_pixels, image, Limits};

/// How samples map to colours.
enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// Base space and the palette bytes (base components per entry).
    Indexed(Box<Space>, Vec<u8>),
}

impl Space {
    fn components(&self) -> usize {
        match self {
            Space::Gray | Space::Indexed(..) => 1,
            Space::Rgb => 3,
            Space::Cmyk => 4,
        }
    }
}

/// Decodes `stream`, a `w` × `h` image XObject found on page `page`.
pub(super) fn decode(
    doc: &Document,
    stream: &Stream,
    w: u32,
    h: u32,
    page: u32,
    limits: &Limits,
) -> Result<DynamicImage, String> {
    check_pixels(&format!("the scan image on page {page}"), w, h, limits)?;
    let dict = &stream.dict;
    let filters = filter_names(doc, dict);
    let params = decode_params(doc, dict);
    let (last, pre) = match filters.split_last() {
        Some((last, pre)) => (Some(last.as_slice()), pre),
        None => (None, &[][..]),
    };
    let jpeg = last == Some(b"DCTDecode".as_slice()) || last == Some(b"DCT".as_slice());
    let is_flate = |f: &[u8]| f == b"FlateDecode" || f == b"Fl";
    let supported = pre.iter().all(|f| is_flate(f)) && (jpeg || last.is_none_or(is_flate));
    if !supported {
        let names: Vec<String> = filters
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        return Err(format!(
            "the scan image on page {page} is stored as {}, which dossier cannot decode; \
             export the page as JPEG or PNG instead",
            names.join(" + ")
        ));
    }
    let flate_count = filters.len() - usize::from(jpeg);

    if jpeg {
        let mut data = stream.content.clone();
        for _ in 0..flate_count {
            data = inflate(&data, limits.max_file_bytes as usize, page)?;
        }
        return image::decode_unchecked_size(&data, FileFormat::Jpeg, limits)
            .map_err(|e| format!("the scan image on page {page}: {e}"));
    }

    let mask = dict
        .get(b"ImageMask")
        .and_then(Object::as_bool)
        .unwrap_or(false);
    let space = if mask {
        Space::Gray
    } else {
        let cs = dict
            .get(b"ColorSpace")
            .map_err(|_| format!("the scan image on page {page} has no colour space"))?;
        color_space(doc, cs, 0).ok_or_else(|| {
            format!("the scan image on page {page} uses an unsupported colour space")
        })?
    };
    let bpc = if mask {
        1
    } else {
        int(doc, dict, b"BitsPerComponent").unwrap_or(8)
    };
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(format!(
            "the scan image on page {page} has {bpc} bits per component, which is not valid"
        ));
    }
    let bpc = bpc as usize;
    let comps = space.components();
    let row_bytes = (w as usize * comps * bpc).div_ceil(8);
    let expected = row_bytes * h as usize;

    let mut data = stream.content.clone();
    for i in 0..flate_count {
        let last_pass = i + 1 == flate_count;
        let predictor = params
            .as_ref()
            .map(|p| int(doc, p, b"Predictor").unwrap_or(1))
            .unwrap_or(1);
        // PNG predictors add one tag byte per row.
        let cap = if last_pass {
            expected + h as usize + 1024
        } else {
            limits.max_file_bytes as usize
        };
        data = inflate(&data, cap, page)?;
        if last_pass && predictor >= 10 {
            data = unpredict_png(&data, row_bytes, (comps * bpc).div_ceil(8)).ok_or_else(|| {
                format!("the scan image on page {page} is damaged (bad predictor data)")
            })?;
        } else if last_pass && predictor == 2 {
            return Err(format!(
                "the scan image on page {page} uses the TIFF predictor, which is not supported"
            ));
        }
    }
    if data.len() < expected {
        return Err(format!(
            "the scan image on page {page} is damaged or truncated (it holds less data than its size says)"
        ));
    }
    let invert = decode_inverted(doc, dict);
    Ok(build(&data, w, h, row_bytes, bpc, &space, invert))
}

fn int(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<i64> {
    let o = dict.get(key).ok()?;
    doc.dereference(o).ok()?.1.as_i64().ok()
}

fn filter_names(doc: &Document, dict: &Dictionary) -> Vec<Vec<u8>> {
    let Some(f) = dict
        .get(b"Filter")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
    else {
        return Vec::new();
    };
    match f.1 {
        Object::Name(n) => vec![n.clone()],
        Object::Array(a) => a
            .iter()
            .filter_map(|o| o.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    }
}

/// The decode parameters of the (last) Flate filter, if any.
fn decode_params(doc: &Document, dict: &Dictionary) -> Option<Dictionary> {
    let p = doc.dereference(dict.get(b"DecodeParms").ok()?).ok()?.1;
    match p {
        Object::Dictionary(d) => Some(d.clone()),
        Object::Array(a) => a
            .iter()
            .filter_map(|o| doc.dereference(o).ok()?.1.as_dict().ok())
            .next()
            .cloned(),
        _ => None,
    }
}

/// A `/Decode [1 0]` array flips gray (and mask) samples: common for 1-bit scans.
fn decode_inverted(doc: &Document, dict: &Dictionary) -> bool {
    dict.get(b"Decode")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| {
            o.as_float()
                .ok()
                .or_else(|| o.as_i64().ok().map(|v| v as f32))
        })
        .is_some_and(|v| v >= 0.5)
}

fn color_space(doc: &Document, obj: &Object, depth: usize) -> Option<Space> {
    if depth > 4 {
        return None;
    }
    let (_, obj) = doc.dereference(obj).ok()?;
    match obj {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Some(Space::Gray),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(Space::Rgb),
            b"DeviceCMYK" | b"CMYK" => Some(Space::Cmyk),
            _ => None,
        },
        Object::Array(a) => {
            let family = a.first()?.as_name().ok()?;
            match family {
                b"CalGray" => Some(Space::Gray),
                b"CalRGB" => Some(Space::Rgb),
                b"ICCBased" => {
                    let stream = doc.dereference(a.get(1)?).ok()?.1.as_stream().ok()?;
                    match int(doc, &stream.dict, b"N")? {
                        1 => Some(Space::Gray),
                        3 => Some(Space::Rgb),
                        4 => Some(Space::Cmyk),
                        _ => None,
                    }
                }
                b"Indexed" | b"I" => {
                    let base = color_space(doc, a.get(1)?, depth + 1)?;
                    if matches!(base, Space::Indexed(..)) {
                        return None;
                    }
                    let lookup = match doc.dereference(a.get(3)?).ok()?.1 {
                        Object::String(s, _) => s.clone(),
                        Object::Stream(s) => s.get_plain_content().ok()?,
                        _ => return None,
                    };
                    Some(Space::Indexed(Box::new(base), lookup))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Inflates zlib data, stopping at `cap` bytes. A stream that ends badly after yielding
/// data is kept (many scanners write a bad final checksum); the caller checks the size.
fn inflate(data: &[u8], cap: usize, page: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let res = ZlibDecoder::new(data)
        .take(cap as u64)
        .read_to_end(&mut out);
    match res {
        Ok(_) => Ok(out),
        Err(_) if !out.is_empty() => Ok(out),
        Err(e) => Err(format!(
            "the scan image on page {page} is damaged (its compressed data cannot be unpacked: {e})"
        )),
    }
}

/// Reverses PNG row filters (predictors 10–15): each row starts with a filter-type byte.
fn unpredict_png(data: &[u8], row_bytes: usize, bpp: usize) -> Option<Vec<u8>> {
    let bpp = bpp.max(1);
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row_bytes];
    for chunk in data.chunks(row_bytes + 1) {
        if chunk.len() < row_bytes + 1 {
            break;
        }
        let (kind, src) = (chunk[0], &chunk[1..]);
        let mut row = src.to_vec();
        for i in 0..row_bytes {
            let a = if i >= bpp { row[i - bpp] } else { 0 };
            let b = prev[i];
            let c = if i >= bpp { prev[i - bpp] } else { 0 };
            row[i] = match kind {
                0 => row[i],
                1 => row[i].wrapping_add(a),
                2 => row[i].wrapping_add(b),
                3 => row[i].wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
                4 => row[i].wrapping_add(paeth(a, b, c)),
                _ => return None,
            };
        }
        out.extend_from_slice(&row);
        prev = row;
    }
    Some(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Sample `i` of a row, as the raw value (0 ..= 2^bpc - 1).
fn sample(row: &[u8], i: usize, bpc: usize) -> u16 {
    match bpc {
        8 => u16::from(row[i]),
        16 => u16::from(row[2 * i]),
        _ => {
            let bit = i * bpc;
            let byte = row[bit / 8];
            let shift = 8 - bpc - bit % 8;
            u16::from((byte >> shift) & ((1u8 << bpc) - 1))
        }
    }
}

/// Scales a raw sample to 0–255 (16-bit samples are already reduced to their high byte).
fn scale(v: u16, bpc: usize) -> u8 {
    match bpc {
        8 | 16 => v as u8,
        _ => (u32::from(v) * 255 / ((1u32 << bpc) - 1)) as u8,
    }
}

fn cmyk_to_rgb(c: u8, m: u8, y: u8, k: u8) -> [u8; 3] {
    let k = 255 - u16::from(k);
    [c, m, y].map(|v| ((255 - u16::from(v)) * k / 255) as u8)
}

/// Turns unpacked sample rows into an image. `data` holds at least `row_bytes * h`.
fn build(
    data: &[u8],
    w: u32,
    h: u32,
    row_bytes: usize,
    bpc: usize,
    space: &Space,
    invert: bool,
) -> DynamicImage {
    let row = |y: u32| &data[y as usize * row_bytes..(y as usize + 1) * row_bytes];
    match space {
        Space::Gray => DynamicImage::ImageLuma8(GrayImage::from_fn(w, h, |x, y| {
            let v = scale(sample(row(y), x as usize, bpc), bpc);
            ::image::Luma([if invert { 255 - v } else { v }])
        })),
        Space::Rgb => DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            let r = row(y);
            let i = x as usize * 3;
            ::image::Rgb([0, 1, 2].map(|c| scale(sample(r, i + c, bpc), bpc)))
        })),
        Space::Cmyk => DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            let r = row(y);
            let i = x as usize * 4;
            let [c, m, ye, k] = [0, 1, 2, 3].map(|c| scale(sample(r, i + c, bpc), bpc));
            ::image::Rgb(cmyk_to_rgb(c, m, ye, k))
        })),
        Space::Indexed(base, lookup) => {
            let n = base.components();
            let entry = |idx: usize| -> [u8; 4] {
                let mut e = [0u8; 4];
                for (c, slot) in e.iter_mut().enumerate().take(n) {
                    *slot = lookup.get(idx * n + c).copied().unwrap_or(0);
                }
                e
            };
            DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
                let e = entry(usize::from(sample(row(y), x as usize, bpc)));
                ::image::Rgb(match **base {
                    Space::Gray => [e[0]; 3],
                    Space::Cmyk => cmyk_to_rgb(e[0], e[1], e[2], e[3]),
                    _ => [e[0], e[1], e[2]],
                })
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bit_samples_and_inversion() {
        // 3 pixels wide, 1 bit: 101 padded to a byte.
        let data = [0b1010_0000u8];
        let img = build(&data, 3, 1, 1, 1, &Space::Gray, false).to_luma8();
        assert_eq!(img.as_raw(), &vec![255, 0, 255]);
        let inv = build(&data, 3, 1, 1, 1, &Space::Gray, true).to_luma8();
        assert_eq!(inv.as_raw(), &vec![0, 255, 0]);
    }

    #[test]
    fn png_predictor_up_filter() {
        // Two rows of 2 bytes; row 2 uses filter 2 (Up).
        let data = [0, 10, 20, 2, 1, 1];
        assert_eq!(unpredict_png(&data, 2, 1), Some(vec![10, 20, 11, 21]));
        assert_eq!(unpredict_png(&[9, 0, 0], 2, 1), None);
    }

    #[test]
    fn indexed_rgb_palette() {
        let space = Space::Indexed(Box::new(Space::Rgb), vec![0, 0, 0, 255, 0, 0]);
        let img = build(&[0, 1], 2, 1, 2, 8, &space, false).to_rgb8();
        assert_eq!(img.as_raw(), &vec![0, 0, 0, 255, 0, 0]);
    }

    #[test]
    fn inflate_stops_at_the_cap() {
        use flate2::{write::ZlibEncoder, Compression};
        use std::io::Write;
        let mut enc = ZlibEncoder::new(Vec::new(), Compression::best());
        enc.write_all(&vec![0u8; 1_000_000]).unwrap();
        let packed = enc.finish().unwrap();
        assert_eq!(inflate(&packed, 5000, 1).unwrap().len(), 5000);
    }
}
