//! Decoding one image XObject of a PDF page into pixels.
//!
//! Supported encodings: DCTDecode (JPEG), FlateDecode (with or without PNG predictors),
//! uncompressed samples, and FlateDecode followed by DCTDecode. Colour spaces:
//! DeviceGray, DeviceRGB, DeviceCMYK, CalGray, CalRGB, ICCBased (by component count) and
//! Indexed over those; 1, 2, 4, 8 and 16 bits per component; image masks. JPEG 2000,
//! CCITT fax and JBIG2 scans are reported as problems naming the encoding.
//!
//! The size from the image dictionary (width, height, components, bits) is checked
//! against the pixel limit and the decode budget before anything is inflated, counting
//! the 8-bit image indexed, 1-bit and CMYK samples expand to. Every FlateDecode pass of a
//! filter chain goes through a reader that stops at the size the dictionary implies (an
//! intermediate pass, or the JPEG inside `[/FlateDecode /DCTDecode]`, at what the budget
//! leaves, and more is refused), and a JPEG's own header is checked again before it is
//! decoded; so a compressed bomb inside a PDF cannot allocate more than an honest image
//! would.

use std::io::Read;

use ::image::{DynamicImage, GrayImage, RgbImage};
use flate2::read::ZlibDecoder;
use lopdf::{Dictionary, Document, Object, Stream};

use super::sniff::FileFormat;
use super::{check_budget, check_pixels, image, Limits};

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

    /// Bytes per pixel of the 8-bit image [`build`] makes: grey stays grey, the rest
    /// becomes RGB.
    fn decoded_bytes(&self) -> u64 {
        match self {
            Space::Gray => 1,
            _ => 3,
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
    let what = format!("the scan image on page {page}");
    check_pixels(&what, w, h, limits)?;
    let dict = &stream.dict;
    let filters = filter_names(doc, dict);
    let params = decode_params(doc, dict);
    let (jpeg, flate_count) = supported_filters(&filters, page)?;

    if jpeg {
        // The dictionary's size first (the JPEG's own header is checked again before it
        // is decoded: the two need not agree).
        check_budget(&what, w, h, JPEG_BYTES_PER_PIXEL, 0, limits)?;
        let data = jpeg_data(stream, flate_count, w, h, page, limits)?;
        return image::decode_within(&data, FileFormat::Jpeg, data.len() as u64, limits)
            .map_err(|e| format!("{what}: {e}"));
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
            .map_err(|_| format!("{what} has no colour space"))?;
        color_space(doc, cs, 0).ok_or_else(|| format!("{what} uses an unsupported colour space"))?
    };
    let bpc = if mask {
        1
    } else {
        int(doc, dict, b"BitsPerComponent").unwrap_or(8)
    };
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(format!(
            "{what} has {bpc} bits per component, which is not valid"
        ));
    }
    let bpc = bpc as usize;
    let comps = space.components();
    let row_bytes = (w as usize)
        .checked_mul(comps * bpc)
        .map(|bits| bits.div_ceil(8))
        .ok_or_else(|| format!("{what} is too large"))?;
    let expected = row_bytes
        .checked_mul(h as usize)
        .ok_or_else(|| format!("{what} is too large"))?;
    // The samples as stored (PNG predictors add a tag byte per row), their copy without
    // the predictor, and the 8-bit image built from them: indexed, 1-, 2- and 4-bit and
    // 16-bit samples all expand to 8 bits per component, indexed and CMYK to RGB.
    let stored = expected as u64 + u64::from(h) + 1024;
    check_budget(&what, w, h, space.decoded_bytes(), 2 * stored, limits)?;

    let mut data = stream.content.clone();
    for i in 0..flate_count {
        let last_pass = i + 1 == flate_count;
        let predictor = params
            .as_ref()
            .map(|p| int(doc, p, b"Predictor").unwrap_or(1))
            .unwrap_or(1);
        data = if last_pass {
            // More data than the size implies is never used: stop there.
            inflate(&data, stored as usize, page)?
        } else {
            inflate_within(&data, stored as usize, page)?
        };
        if last_pass && predictor >= 10 {
            data = unpredict_png(&data, row_bytes, (comps * bpc).div_ceil(8))
                .ok_or_else(|| format!("{what} is damaged (bad predictor data)"))?;
        } else if last_pass && predictor == 2 {
            return Err(format!(
                "{what} uses the TIFF predictor, which is not supported"
            ));
        }
    }
    if data.len() < expected {
        return Err(format!(
            "{what} is damaged or truncated (it holds less data than its size says)"
        ));
    }
    let invert = decode_inverted(doc, dict);
    Ok(build(&data, w, h, row_bytes, bpc, &space, invert))
}

/// Bytes per pixel of a JPEG scan as decoded: RGB (CMYK JPEGs come out RGB too).
const JPEG_BYTES_PER_PIXEL: u64 = 3;

/// Whether the last filter is DCTDecode, and how many FlateDecode filters come before
/// it (or make up the whole chain); `Err` naming the chain for anything else.
fn supported_filters(filters: &[Vec<u8>], page: u32) -> Result<(bool, usize), String> {
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
    Ok((jpeg, filters.len() - usize::from(jpeg)))
}

/// The JPEG data of a DCT image, its FlateDecode passes undone. A JPEG stream is never
/// much larger than the raw pixels it encodes, so each pass stops at twice that (and at
/// what the decode budget leaves once the decoded image is counted); a stream that
/// would inflate further is a bomb, refused.
fn jpeg_data(
    stream: &Stream,
    flate_count: usize,
    w: u32,
    h: u32,
    page: u32,
    limits: &Limits,
) -> Result<Vec<u8>, String> {
    if flate_count == 0 {
        return Ok(stream.content.clone());
    }
    let raw = u64::from(w) * u64::from(h) * JPEG_BYTES_PER_PIXEL;
    let left =
        limits
            .max_decode_bytes
            .saturating_sub(super::decode_cost(w, h, JPEG_BYTES_PER_PIXEL, 0));
    // Two buffers exist during a pass: its input and its output.
    let cap = raw.saturating_mul(2).saturating_add(1 << 20).min(left / 2);
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    let mut data = stream.content.clone();
    for _ in 0..flate_count {
        data = inflate_within(&data, cap, page)?;
    }
    Ok(data)
}

/// Damaged JPEG scans in a PDF: for each page whose largest image is a DCT image, the
/// page and why, when that JPEG stops before its end marker (it would decode with grey
/// where data is missing). Unreadable PDFs give nothing here (opening them reports why).
pub(super) fn damaged_scans(bytes: &[u8], limits: &Limits) -> Vec<(u32, String)> {
    let Ok(doc) = Document::load_mem(bytes) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (page, page_id) in doc.get_pages() {
        // lopdf's resource walk loops on a looping structure: such pages are refused
        // when they are read, and have no damage to report here.
        if super::pdf_structure::check_page(&doc, page_id, page).is_err() {
            continue;
        }
        let Some((w, h, stream)) = super::pdf::largest_image(&doc, page_id) else {
            continue;
        };
        let filters = filter_names(&doc, &stream.dict);
        let Ok((true, flate_count)) = supported_filters(&filters, page) else {
            continue;
        };
        if let Ok(data) = jpeg_data(stream, flate_count, w, h, page, limits) {
            if let Some(reason) = image::jpeg_damage(&data) {
                out.push((
                    page,
                    reason.replacen("the JPEG image", "its JPEG scan image", 1),
                ));
            }
        }
    }
    out
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
                        Object::Stream(s) => small_stream(doc, s, 256 * 4)?,
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

/// Inflates zlib data that must fit `cap` bytes whole: an intermediate pass of a filter
/// chain, whose output is read again, cannot be cut short. More is refused as a bomb.
fn inflate_within(data: &[u8], cap: usize, page: u32) -> Result<Vec<u8>, String> {
    let out = inflate(data, cap.saturating_add(1), page)?;
    if out.len() > cap {
        return Err(format!(
            "the scan image on page {page} unpacks to more data than its size allows \
             (over {}, possibly a decompression bomb); not decoded",
            super::human_bytes(cap as u64)
        ));
    }
    Ok(out)
}

/// The bytes of a small stream (an indexed colour space's palette), inflated through
/// the same bounded reader: at most `cap` bytes, `None` for other filters.
fn small_stream(doc: &Document, stream: &Stream, cap: usize) -> Option<Vec<u8>> {
    let filters = filter_names(doc, &stream.dict);
    match filters.as_slice() {
        [] => Some(stream.content.iter().take(cap).copied().collect()),
        [f] if f == b"FlateDecode" || f == b"Fl" => inflate(&stream.content, cap, 0).ok(),
        _ => None,
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

    use flate2::{write::ZlibEncoder, Compression};
    use lopdf::dictionary;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut enc = ZlibEncoder::new(Vec::new(), Compression::best());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = ::image::GrayImage::from_fn(w, h, |x, y| ::image::Luma([(x * 9 + y * 5) as u8]));
        let mut out = Vec::new();
        DynamicImage::ImageLuma8(img)
            .write_to(
                &mut std::io::Cursor::new(&mut out),
                ::image::ImageFormat::Jpeg,
            )
            .unwrap();
        out
    }

    /// An image XObject of `w` × `h` with `filters`, `extra` dictionary entries and `data`.
    fn image_stream(w: u32, h: u32, filters: &[&str], extra: Dictionary, data: Vec<u8>) -> Stream {
        let mut dict = dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => i64::from(w),
            "Height" => i64::from(h),
        };
        for (k, v) in extra.iter() {
            dict.set(k.clone(), v.clone());
        }
        let names: Vec<Object> = filters
            .iter()
            .map(|f| Object::Name(f.as_bytes().to_vec()))
            .collect();
        if !names.is_empty() {
            dict.set("Filter", Object::Array(names));
        }
        Stream::new(dict, data)
    }

    fn gray8() -> Dictionary {
        dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 }
    }

    #[test]
    fn flate_then_dct_decodes_and_a_bomb_in_it_is_refused() {
        let doc = Document::with_version("1.5");
        let limits = Limits::default();
        let honest = image_stream(
            64,
            48,
            &["FlateDecode", "DCTDecode"],
            gray8(),
            zlib(&jpeg(64, 48)),
        );
        let img = decode(&doc, &honest, 64, 48, 1, &limits).expect("decodes");
        assert_eq!((img.width(), img.height()), (64, 48));
        // The same JPEG followed by 200 MB of zeros: a 200 KB stream in the file.
        let mut padded = jpeg(64, 48);
        padded.resize(padded.len() + 200_000_000, 0);
        let packed = zlib(&padded);
        drop(padded);
        assert!(packed.len() < 1_000_000);
        let bomb = image_stream(64, 48, &["FlateDecode", "DCTDecode"], gray8(), packed);
        let err = decode(&doc, &bomb, 64, 48, 1, &limits).unwrap_err();
        assert!(
            err.starts_with("the scan image on page 1 unpacks to more data than its size allows"),
            "{err}"
        );
        // A JPEG inside declaring more than the dictionary does is checked by its own
        // header: 16 × 16 in the dictionary, 12 000 × 12 000 in the JPEG.
        let mut lie = jpeg(16, 16);
        let sof = lie.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
        lie[sof + 5..sof + 9].copy_from_slice(&[0x2E, 0xE0, 0x2E, 0xE0]);
        let liar = image_stream(16, 16, &["DCTDecode"], gray8(), lie);
        let err = decode(&doc, &liar, 16, 16, 1, &limits).unwrap_err();
        assert!(
            err.contains("12000 × 12000 pixels and would need about"),
            "{err}"
        );
    }

    #[test]
    fn an_intermediate_flate_pass_is_bounded_too() {
        let doc = Document::with_version("1.5");
        // The second pass's input padded with 100 MB of zeros after its zlib stream.
        let mut inner = zlib(&vec![7u8; 100 * 100]);
        inner.resize(inner.len() + 100_000_000, 0);
        let packed = zlib(&inner);
        drop(inner);
        let bomb = image_stream(100, 100, &["FlateDecode", "FlateDecode"], gray8(), packed);
        let err = decode(&doc, &bomb, 100, 100, 1, &Limits::default()).unwrap_err();
        assert!(
            err.contains("unpacks to more data than its size allows"),
            "{err}"
        );
        let honest = image_stream(
            100,
            100,
            &["FlateDecode", "FlateDecode"],
            gray8(),
            zlib(&zlib(&vec![7u8; 100 * 100])),
        );
        let img = decode(&doc, &honest, 100, 100, 1, &Limits::default()).expect("decodes");
        assert_eq!(img.to_luma8().get_pixel(5, 5).0[0], 7);
    }

    #[test]
    fn indexed_and_one_bit_images_are_budgeted_as_the_8_bit_images_they_become() {
        let doc = Document::with_version("1.5");
        let limits = Limits::default();
        // 10 000 × 10 000 at 1 bit: 12.5 MB of samples, under the pixel limit, but 100
        // million RGB pixels once the palette is applied.
        let indexed = dictionary! {
            "ColorSpace" => vec![
                Object::Name(b"Indexed".to_vec()),
                Object::Name(b"DeviceRGB".to_vec()),
                Object::Integer(1),
                Object::string_literal(vec![0u8, 0, 0, 255, 255, 255]),
            ],
            "BitsPerComponent" => 1,
        };
        let s = image_stream(
            10_000,
            10_000,
            &["FlateDecode"],
            indexed.clone(),
            zlib(&[0u8; 64]),
        );
        let err = decode(&doc, &s, 10_000, 10_000, 3, &limits).unwrap_err();
        assert!(
            err.starts_with(
                "the scan image on page 3 is 10000 × 10000 pixels and would need about 1263.6 MiB"
            ),
            "{err}"
        );
        let mask = dictionary! { "ImageMask" => true };
        let s = image_stream(10_000, 10_000, &["FlateDecode"], mask, zlib(&[0u8; 64]));
        let err = decode(&doc, &s, 10_000, 10_000, 3, &limits).unwrap_err();
        assert!(err.contains("would need about"), "{err}");
        // A small indexed 1-bit image still decodes, to RGB.
        let s = image_stream(8, 2, &["FlateDecode"], indexed, zlib(&[0b1010_0000, 0]));
        let img = decode(&doc, &s, 8, 2, 1, &limits)
            .expect("decodes")
            .to_rgb8();
        assert_eq!(img.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(img.get_pixel(1, 0).0, [0, 0, 0]);
    }

    /// A one-page PDF whose page draws `image`.
    fn pdf_with(image: Stream) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let image_id = doc.add_object(image);
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"q 100 0 0 100 0 0 cm /Im0 Do Q".to_vec(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content,
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page.into()],
                "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn a_pdf_page_whose_jpeg_is_cut_short_is_named() {
        let limits = Limits::default();
        let whole = jpeg(200, 120);
        let good = pdf_with(image_stream(
            200,
            120,
            &["DCTDecode"],
            gray8(),
            whole.clone(),
        ));
        assert_eq!(damaged_scans(&good, &limits), vec![]);
        let cut = whole[..whole.len() / 2].to_vec();
        let bad = pdf_with(image_stream(200, 120, &["DCTDecode"], gray8(), cut.clone()));
        let found = damaged_scans(&bad, &limits);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 1);
        assert!(
            found[0].1.starts_with("its JPEG scan image is cut short"),
            "{}",
            found[0].1
        );
        // Behind a FlateDecode pass too.
        let bad = pdf_with(image_stream(
            200,
            120,
            &["FlateDecode", "DCTDecode"],
            gray8(),
            zlib(&cut),
        ));
        assert_eq!(damaged_scans(&bad, &limits).len(), 1);
    }

    #[test]
    fn inflate_stops_at_the_cap() {
        let mut enc = ZlibEncoder::new(Vec::new(), Compression::best());
        enc.write_all(&vec![0u8; 1_000_000]).unwrap();
        let packed = enc.finish().unwrap();
        assert_eq!(inflate(&packed, 5000, 1).unwrap().len(), 5000);
    }
}
