//! Single-image files (JPEG, PNG, BMP, WebP): header checks and guarded decoding.
//!
//! The size and colour type are read from the header and checked against the pixel limit
//! and the decode budget before any pixel buffer exists; `image::Limits` (`max_alloc`) is
//! a second guard on the decoder's allocations. A JPEG whose data stops before its end
//! marker (a file cut short in transfer) still decodes, grey where data is missing: its
//! damage is found by walking its markers ([`jpeg_damage`]) and reported as a warning. JPEG
//! and WebP pages are turned upright from their EXIF orientation, as phones store them
//! sideways and flag the rotation.

use std::io::Cursor;

use ::image::metadata::Orientation;
use ::image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader};

use super::{check_budget, FileFormat, Limits};

fn image_format(format: FileFormat) -> Option<ImageFormat> {
    Some(match format {
        FileFormat::Jpeg => ImageFormat::Jpeg,
        FileFormat::Png => ImageFormat::Png,
        FileFormat::Bmp => ImageFormat::Bmp,
        FileFormat::Webp => ImageFormat::WebP,
        FileFormat::Tiff => ImageFormat::Tiff,
        FileFormat::Pdf => return None,
    })
}

/// Name used in messages: "the JPEG image".
fn what(format: FileFormat) -> String {
    format!("the {} image", format_name(format))
}

fn format_name(format: FileFormat) -> &'static str {
    match format {
        FileFormat::Jpeg => "JPEG",
        FileFormat::Png => "PNG",
        FileFormat::Tiff => "TIFF",
        FileFormat::Bmp => "BMP",
        FileFormat::Webp => "WebP",
        FileFormat::Pdf => "PDF",
    }
}

/// Reads the header only: the image must parse, fit the pixel limit and the decode
/// budget (from its declared size and colour type), and (PNG) not be cut short.
pub(super) fn check_header(
    bytes: &[u8],
    format: FileFormat,
    limits: &Limits,
) -> Result<(), String> {
    let fmt = image_format(format).ok_or("not an image")?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), fmt);
    reader.limits(decoder_limits(limits));
    let mut decoder = reader.into_decoder().map_err(|e| explain(format, &e))?;
    check_decoder(bytes, format, &mut decoder, 0, limits)?;
    if format == FileFormat::Png {
        png_structure(bytes)?;
    }
    Ok(())
}

/// Decodes the image, upright, after the same checks as [`check_header`].
pub(super) fn decode(
    bytes: &[u8],
    format: FileFormat,
    limits: &Limits,
) -> Result<DynamicImage, String> {
    if format == FileFormat::Png {
        png_structure(bytes)?;
    }
    decode_within(bytes, format, 0, limits)
}

/// Decodes an image after checking its own header against the pixel limit and the
/// decode budget, `extra` bytes of which are already taken by the caller (a JPEG scan
/// inside a PDF: the inflated stream it is decoded from).
pub(super) fn decode_within(
    bytes: &[u8],
    format: FileFormat,
    extra: u64,
    limits: &Limits,
) -> Result<DynamicImage, String> {
    let fmt = image_format(format).ok_or("not an image")?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), fmt);
    reader.limits(decoder_limits(limits));
    let mut decoder = reader.into_decoder().map_err(|e| explain(format, &e))?;
    let orientation = check_decoder(bytes, format, &mut decoder, extra, limits)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| explain(format, &e))?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img)
}

/// The `image` crate's own guard on the decoder's allocations: the decode budget.
fn decoder_limits(limits: &Limits) -> ::image::Limits {
    let mut guard = ::image::Limits::default();
    guard.max_alloc = Some(limits.max_decode_bytes);
    guard
}

/// Checks the decoder's declared size against the limits, counting every buffer
/// reading the page makes: the decoded buffer (bytes per pixel of its colour type), the
/// turned copy when the EXIF orientation rotates it, the RGBA copy the grey conversion
/// makes of an image with alpha, and a progressive JPEG's coefficient planes. Returns the
/// orientation to apply.
fn check_decoder(
    bytes: &[u8],
    format: FileFormat,
    decoder: &mut impl ImageDecoder,
    extra: u64,
    limits: &Limits,
) -> Result<Option<Orientation>, String> {
    let (w, h) = decoder.dimensions();
    let color = decoder.color_type();
    let orientation = decoder
        .orientation()
        .ok()
        .filter(|o| *o != Orientation::NoTransforms);
    let decoded = u64::from(color.bytes_per_pixel());
    let mut per_pixel = decoded;
    if orientation.is_some() {
        per_pixel += decoded;
    }
    if color.has_alpha() {
        per_pixel += 4;
    }
    if format == FileFormat::Jpeg && jpeg_is_progressive(bytes) {
        // 16-bit coefficients of up to three full-size components.
        per_pixel += 6;
    }
    check_budget(&what(format), w, h, per_pixel, extra, limits)?;
    Ok(orientation)
}

/// A clerk-readable reason for a decoder error. The decoder's own text is left out: it
/// is written for programmers (`ChunkType { type: IDAT, .. }`).
fn explain(format: FileFormat, e: &ImageError) -> String {
    let name = format_name(format);
    match e {
        ImageError::Limits(_) => {
            format!("the {name} image would need more memory to decode than allowed")
        }
        ImageError::Unsupported(_) => {
            format!("the {name} image uses a feature dossier cannot decode")
        }
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            format!("the {name} image is truncated (the file ends before the image does)")
        }
        _ => format!("the {name} image is damaged and cannot be decoded"),
    }
}

/// Walks the PNG chunk list (no decompression) and requires it to reach `IEND`: a PNG
/// cut off in transfer still has a valid header, and some decoders would hand back a
/// half-grey page instead of failing.
fn png_structure(bytes: &[u8]) -> Result<(), String> {
    let mut pos = 8usize;
    while let Some(head) = bytes.get(pos..pos + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        if &head[4..8] == b"IEND" {
            return Ok(());
        }
        pos = pos.saturating_add(12).saturating_add(len);
    }
    Err("the PNG image is truncated (the file ends before the image does)".to_string())
}

/// How walking a JPEG's markers ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JpegEnd {
    /// The end-of-image marker was reached.
    Complete,
    /// The data stops before the end-of-image marker: the file was cut short.
    Truncated,
    /// A segment's length points past the file or is impossible.
    Broken,
}

/// Walks a JPEG's segments and entropy-coded data (no decoding) to its end marker;
/// also says whether a progressive frame header was met on the way.
fn walk_jpeg(bytes: &[u8]) -> (JpegEnd, bool) {
    let mut progressive = false;
    let end = walk_jpeg_into(bytes, &mut progressive);
    (end, progressive)
}

fn walk_jpeg_into(bytes: &[u8], progressive: &mut bool) -> JpegEnd {
    if bytes.get(..2) != Some(&[0xFF, 0xD8][..]) {
        return JpegEnd::Broken;
    }
    let mut pos = 2usize;
    loop {
        // A marker: 0xFF (any number of fill bytes), then its code.
        if bytes.get(pos) != Some(&0xFF) {
            return if pos >= bytes.len() {
                JpegEnd::Truncated
            } else {
                JpegEnd::Broken
            };
        }
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = bytes.get(pos) else {
            return JpegEnd::Truncated;
        };
        pos += 1;
        match marker {
            0xD9 => return JpegEnd::Complete,
            0x01 | 0xD0..=0xD8 => continue,
            _ => {}
        }
        let Some(len) = bytes.get(pos..pos + 2) else {
            return JpegEnd::Truncated;
        };
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        if len < 2 {
            return JpegEnd::Broken;
        }
        if matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE) {
            *progressive = true;
        }
        pos += len;
        if pos > bytes.len() {
            return JpegEnd::Truncated;
        }
        if marker == 0xDA {
            // Entropy-coded data runs to the next marker that is not a stuffed zero,
            // a restart marker or a fill byte.
            loop {
                let Some(off) = bytes[pos..].iter().position(|&b| b == 0xFF) else {
                    return JpegEnd::Truncated;
                };
                pos += off;
                match bytes.get(pos + 1) {
                    None => return JpegEnd::Truncated,
                    Some(0x00 | 0xD0..=0xD7) => pos += 2,
                    Some(0xFF) => pos += 1,
                    Some(_) => break,
                }
            }
        }
    }
}

/// True when the JPEG is progressive (its coefficients are held whole while decoding).
fn jpeg_is_progressive(bytes: &[u8]) -> bool {
    walk_jpeg(bytes).1
}

/// Why a JPEG that decodes still lacks part of its image, if it does: the file stops
/// before the image's end marker (cut short in transfer or by a full disk), so the
/// decoder fills the rest with grey. `None` for a complete image.
pub(super) fn jpeg_damage(bytes: &[u8]) -> Option<String> {
    match walk_jpeg(bytes).0 {
        JpegEnd::Complete => None,
        JpegEnd::Truncated => {
            Some("the JPEG image is cut short (the file ends before the image does)".to_string())
        }
        JpegEnd::Broken => Some("the JPEG image's structure is broken before its end".to_string()),
    }
}

/// Damage in an image file that still decodes (a warning, not a problem), by format.
pub(super) fn damage(bytes: &[u8], format: FileFormat) -> Option<String> {
    match format {
        FileFormat::Jpeg => jpeg_damage(bytes),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_bytes(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::new_luma8(w, h);
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("encode png");
        out
    }

    #[test]
    fn png_roundtrip_and_truncation() {
        let bytes = png_bytes(20, 10);
        let img = decode(&bytes, FileFormat::Png, &Limits::default()).expect("decodes");
        assert_eq!((img.width(), img.height()), (20, 10));
        let cut = &bytes[..bytes.len() - 12];
        let err = check_header(cut, FileFormat::Png, &Limits::default()).unwrap_err();
        assert!(err.contains("truncated"), "{err}");
    }

    #[test]
    fn pixel_limit_applies_before_decoding() {
        let bytes = png_bytes(100, 100);
        let limits = Limits {
            max_pixels: 9_999,
            ..Limits::default()
        };
        let err = decode(&bytes, FileFormat::Png, &limits).unwrap_err();
        assert!(err.contains("100 × 100 pixels"), "{err}");
    }

    /// A noisy grey JPEG (noise keeps the entropy-coded data long, so a cut lands in it).
    fn jpeg_bytes(w: u32, h: u32) -> Vec<u8> {
        let img = ::image::GrayImage::from_fn(w, h, |x, y| {
            ::image::Luma([((x * 31 + y * 17 + x * y) % 251) as u8])
        });
        let mut out = Vec::new();
        DynamicImage::ImageLuma8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
            .expect("encode jpeg");
        out
    }

    /// The JPEG with its frame header (SOF0) patched to declare `w` × `h`.
    fn declaring(mut bytes: Vec<u8>, w: u16, h: u16) -> Vec<u8> {
        let sof = bytes
            .windows(2)
            .position(|m| m == [0xFF, 0xC0])
            .expect("a baseline frame header");
        bytes[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
        bytes[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
        bytes
    }

    #[test]
    fn a_small_jpeg_declaring_a_huge_size_is_refused_from_its_header() {
        let bytes = declaring(jpeg_bytes(16, 16), 12_000, 12_000);
        assert!(bytes.len() < 2000);
        let limits = Limits::default();
        // Under the pixel limit (144 million), over the decode budget.
        assert!(12_000u64 * 12_000 < limits.max_pixels);
        for result in [
            check_header(&bytes, FileFormat::Jpeg, &limits),
            decode(&bytes, FileFormat::Jpeg, &limits).map(|_| ()),
        ] {
            let err = result.unwrap_err();
            assert!(
                err.starts_with("the JPEG image is 12000 × 12000 pixels and would need about"),
                "{err}"
            );
            assert!(
                err.contains("over the limit of 384.0 MiB per file"),
                "{err}"
            );
        }
        // The same image at its real size is fine.
        assert!(decode(&jpeg_bytes(16, 16), FileFormat::Jpeg, &limits).is_ok());
    }

    #[test]
    fn the_budget_counts_colour_alpha_and_the_ocr_copies() {
        let rgba = DynamicImage::new_rgba8(100, 100);
        let mut bytes = Vec::new();
        rgba.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .expect("png");
        // 10 000 pixels × (4 decoded + 4 grey conversion's RGBA copy + 6 OCR).
        let need = 10_000 * (4 + 4 + crate::ingest::OCR_BYTES_PER_PIXEL);
        let fits = Limits {
            max_decode_bytes: need,
            ..Limits::default()
        };
        assert!(check_header(&bytes, FileFormat::Png, &fits).is_ok());
        let short = Limits {
            max_decode_bytes: need - 1,
            ..fits
        };
        let err = check_header(&bytes, FileFormat::Png, &short).unwrap_err();
        assert!(err.contains("would need about"), "{err}");
    }

    #[test]
    fn a_jpeg_cut_in_half_is_damaged_a_whole_one_is_not() {
        let whole = jpeg_bytes(200, 150);
        assert_eq!(jpeg_damage(&whole), None);
        assert_eq!(damage(&whole, FileFormat::Jpeg), None);
        let half = &whole[..whole.len() / 2];
        let reason = jpeg_damage(half).expect("damaged");
        assert_eq!(
            reason,
            "the JPEG image is cut short (the file ends before the image does)"
        );
        // Its header is intact, so it opens; the damage is only a warning.
        assert!(check_header(half, FileFormat::Jpeg, &Limits::default()).is_ok());
        // Cut right after the frame header, or inside a segment.
        let sos = whole
            .windows(2)
            .position(|m| m == [0xFF, 0xDA])
            .expect("a scan");
        assert!(jpeg_damage(&whole[..sos + 3]).is_some());
        assert!(jpeg_damage(&whole[..sos]).is_some());
        // Trailing bytes after the end marker are no damage.
        let mut padded = whole.clone();
        padded.extend_from_slice(b"\0\0\0");
        assert_eq!(jpeg_damage(&padded), None);
    }

    #[test]
    fn a_png_cut_short_is_refused() {
        let bytes = png_bytes(64, 64);
        for cut in [bytes.len() / 2, bytes.len() - 12] {
            let err = decode(&bytes[..cut], FileFormat::Png, &Limits::default()).unwrap_err();
            assert!(err.contains("truncated"), "{err}");
        }
    }

    #[test]
    fn garbage_after_magic_is_damaged() {
        let err = check_header(
            b"\xFF\xD8\xFF\xE0garbage",
            FileFormat::Jpeg,
            &Limits::default(),
        )
        .unwrap_err();
        assert!(err.starts_with("the JPEG image is damaged"), "{err}");
    }
}
