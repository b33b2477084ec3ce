//! Single-image files (JPEG, PNG, BMP, WebP): header checks and guarded decoding.
//!
//! The size is read from the header and checked against the pixel limit before any pixel
//! buffer exists; `image::Limits` is a second guard on the decoder's allocations. JPEG
//! and WebP pages are turned upright from their EXIF orientation, as phones store them
//! sideways and flag the rotation.

use std::io::Cursor;

use ::image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader};

use super::{check_pixels, FileFormat, Limits};

/// Headroom over the raw 8-bit RGBA size for the decoder's own working buffers.
const ALLOC_SLACK: u64 = 64 * 1024 * 1024;

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

/// Reads the header only: the image must parse, fit the pixel limit and (PNG) not be
/// cut short.
pub(super) fn check_header(
    bytes: &[u8],
    format: FileFormat,
    limits: &Limits,
) -> Result<(), String> {
    let fmt = image_format(format).ok_or("not an image")?;
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), fmt)
        .into_dimensions()
        .map_err(|e| explain(format, &e))?;
    check_pixels(&what(format), w, h, limits)?;
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
    check_header(bytes, format, limits)?;
    decode_unchecked_size(bytes, format, limits)
}

/// Decodes an image whose size has already been checked (also used for JPEG scans inside
/// PDFs, whose size the PDF dictionary gives).
pub(super) fn decode_unchecked_size(
    bytes: &[u8],
    format: FileFormat,
    limits: &Limits,
) -> Result<DynamicImage, String> {
    let fmt = image_format(format).ok_or("not an image")?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), fmt);
    let mut guard = ::image::Limits::default();
    guard.max_alloc = Some(
        limits
            .max_pixels
            .saturating_mul(4)
            .saturating_add(ALLOC_SLACK),
    );
    reader.limits(guard);
    let mut decoder = reader.into_decoder().map_err(|e| explain(format, &e))?;
    let (w, h) = decoder.dimensions();
    check_pixels(&what(format), w, h, limits)?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| explain(format, &e))?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img)
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
