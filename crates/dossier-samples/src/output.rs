//! Writes a set of scanned pages as one file: PNG, JPEG, multi-page TIFF, image-only
//! (scanned) PDF, or PDF with a real text layer.
//!
//! Every writer is deterministic: no timestamps, no document /ID, no creator strings, and
//! encoders with fixed settings, so the same pages give the same bytes on every run.
//! Single-image formats (PNG, JPEG) hold one page; callers split multi-page documents.

use std::collections::BTreeSet;
use std::io::Cursor;

use image::codecs::jpeg::{JpegEncoder, PixelDensity};
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageEncoder};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};

use crate::pdffont::PdfFont;

/// The file formats the generator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// One page, lossless (kept noise-free to stay small).
    Png,
    /// One page, baseline JPEG at the scan's quality.
    Jpeg,
    /// Several pages in one TIFF (Deflate, horizontal predictor).
    Tiff,
    /// Image-only PDF, each page a DCTDecode JPEG.
    PdfJpeg,
    /// Image-only PDF, each page a FlateDecode 8-bit grayscale image.
    PdfFlate,
    /// PDF with the page image and an invisible text layer (Type0 font, Identity-H).
    PdfText,
}

impl Format {
    /// Every format, in a fixed order.
    pub const ALL: [Format; 6] = [
        Format::Png,
        Format::Jpeg,
        Format::Tiff,
        Format::PdfJpeg,
        Format::PdfFlate,
        Format::PdfText,
    ];

    /// File name extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Tiff => "tif",
            Format::PdfJpeg | Format::PdfFlate | Format::PdfText => "pdf",
        }
    }

    /// Short id used in README and notes.
    pub fn id(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Tiff => "tiff",
            Format::PdfJpeg => "pdf-scan-jpeg",
            Format::PdfFlate => "pdf-scan-flate",
            Format::PdfText => "pdf-text",
        }
    }

    /// Whether a file of this format holds several pages.
    pub fn multi_page(self) -> bool {
        !matches!(self, Format::Png | Format::Jpeg)
    }
}

/// A line of text for a PDF text layer, in pixel coordinates of the scan image
/// (baseline-left, y down), with its font size in pixels.
#[derive(Clone, Debug)]
pub struct Line {
    /// The text as printed.
    pub text: String,
    /// Baseline-left x in pixels.
    pub x: f32,
    /// Baseline y in pixels, from the top.
    pub y: f32,
    /// Font size in pixels.
    pub size: f32,
}

/// One degraded page ready to write.
pub struct Scan {
    /// The page image (8-bit gray or RGB).
    pub image: DynamicImage,
    /// Resolution the image is at.
    pub dpi: u32,
    /// JPEG quality used by the JPEG-based formats.
    pub jpeg_quality: u8,
    /// Text for a text-layer PDF (empty otherwise).
    pub lines: Vec<Line>,
}

/// Errors writing a file.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// An image encoder failed.
    #[error("image encoding: {0}")]
    Image(#[from] image::ImageError),
    /// The TIFF encoder failed.
    #[error("tiff encoding: {0}")]
    Tiff(#[from] tiff::TiffError),
    /// The PDF writer failed.
    #[error("pdf writing: {0}")]
    Pdf(#[from] lopdf::Error),
    /// Writing into memory failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The text-layer font could not be subset.
    #[error("font: {0}")]
    Font(#[from] crate::pdffont::FontError),
    /// A single-page format was asked to hold several pages, or no page was given.
    #[error("{0} holds exactly one page, got {1}")]
    PageCount(&'static str, usize),
}

/// Encodes `pages` as one file of `format`. `font` is needed for [`Format::PdfText`].
pub fn encode(format: Format, pages: &[Scan], font: &PdfFont) -> Result<Vec<u8>, OutputError> {
    if pages.is_empty() || (!format.multi_page() && pages.len() != 1) {
        return Err(OutputError::PageCount(format.id(), pages.len()));
    }
    match format {
        Format::Png => png(&pages[0]),
        Format::Jpeg => jpeg(&pages[0].image, pages[0].jpeg_quality, pages[0].dpi),
        Format::Tiff => tiff_file(pages),
        Format::PdfJpeg | Format::PdfFlate | Format::PdfText => pdf(format, pages, font),
    }
}

fn png(page: &Scan) -> Result<Vec<u8>, OutputError> {
    let mut out = Vec::new();
    let img = &page.image;
    PngEncoder::new(&mut out).write_image(
        img.as_bytes(),
        img.width(),
        img.height(),
        img.color().into(),
    )?;
    Ok(out)
}

fn jpeg(img: &DynamicImage, quality: u8, dpi: u32) -> Result<Vec<u8>, OutputError> {
    let mut out = Vec::new();
    let mut enc = JpegEncoder::new_with_quality(&mut out, quality);
    let d = u16::try_from(dpi).unwrap_or(300);
    enc.set_pixel_density(PixelDensity::dpi(d));
    enc.encode(
        img.as_bytes(),
        img.width(),
        img.height(),
        img.color().into(),
    )?;
    Ok(out)
}

fn tiff_file(pages: &[Scan]) -> Result<Vec<u8>, OutputError> {
    use tiff::encoder::{colortype, Compression, DeflateLevel, Predictor, Rational, TiffEncoder};
    use tiff::tags::ResolutionUnit;
    let mut cur = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut cur)?
        .with_compression(Compression::Deflate(DeflateLevel::Balanced))
        .with_predictor(Predictor::Horizontal);
    for p in pages {
        let res = Rational { n: p.dpi, d: 1 };
        match &p.image {
            DynamicImage::ImageLuma8(g) => {
                let mut im = enc.new_image::<colortype::Gray8>(g.width(), g.height())?;
                im.resolution(ResolutionUnit::Inch, res);
                im.write_data(g.as_raw())?;
            }
            other => {
                let rgb = other.to_rgb8();
                let mut im = enc.new_image::<colortype::RGB8>(rgb.width(), rgb.height())?;
                im.resolution(ResolutionUnit::Inch, res);
                im.write_data(rgb.as_raw())?;
            }
        }
    }
    Ok(cur.into_inner())
}

/// PDF points per pixel at `dpi`.
fn pt(dpi: u32) -> f32 {
    72.0 / dpi as f32
}

/// Formats a number for a content stream: fixed 2 decimals, no exponent.
fn num(v: f32) -> String {
    format!("{v:.2}")
}

fn image_xobject(format: Format, scan: &Scan) -> Result<Stream, OutputError> {
    let img = &scan.image;
    let gray = matches!(img, DynamicImage::ImageLuma8(_));
    let space = if gray { "DeviceGray" } else { "DeviceRGB" };
    let mut dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => img.width() as i64,
        "Height" => img.height() as i64,
        "ColorSpace" => space,
        "BitsPerComponent" => 8,
    };
    let data = if format == Format::PdfFlate {
        use std::io::Write;
        let luma = img.to_luma8();
        dict.set("ColorSpace", "DeviceGray");
        dict.set("Filter", "FlateDecode");
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(9));
        z.write_all(luma.as_raw())?;
        z.finish()?
    } else {
        dict.set("Filter", "DCTDecode");
        jpeg(img, scan.jpeg_quality, scan.dpi)?
    };
    Ok(Stream::new(dict, data).with_compression(false))
}

fn pdf(format: Format, pages: &[Scan], font: &PdfFont) -> Result<Vec<u8>, OutputError> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();

    let font_id = if format == Format::PdfText {
        Some(type0_font(&mut doc, pages, font)?)
    } else {
        None
    };

    let mut kids = Vec::new();
    for scan in pages {
        let (w, h) = (scan.image.width(), scan.image.height());
        let k = pt(scan.dpi);
        let (wpt, hpt) = (w as f32 * k, h as f32 * k);
        let img_id = doc.add_object(image_xobject(format, scan)?);
        let mut content = format!("q {} 0 0 {} 0 0 cm /Im0 Do Q\n", num(wpt), num(hpt));
        let mut resources = dictionary! {
            "XObject" => dictionary! { "Im0" => img_id },
        };
        if let Some(fid) = font_id {
            resources.set("Font", dictionary! { "F0" => fid });
            content.push_str(&text_layer(scan, font));
        }
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(round2(wpt)), Object::Real(round2(hpt))],
            "Resources" => resources,
            "Contents" => content_id,
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// The content-stream operators of an invisible text layer (render mode 3), one text
/// object per line, glyph ids as 2-byte hex strings.
fn text_layer(scan: &Scan, font: &PdfFont) -> String {
    let k = pt(scan.dpi);
    let hpt = scan.image.height() as f32 * k;
    let mut s = String::from("BT 3 Tr\n");
    for line in &scan.lines {
        let mut hex = String::with_capacity(line.text.len() * 4);
        for c in line.text.chars() {
            hex.push_str(&format!("{:04X}", font.glyph(c)));
        }
        s.push_str(&format!(
            "/F0 {} Tf 1 0 0 1 {} {} Tm <{}> Tj\n",
            num(line.size * k),
            num(line.x * k),
            num(hpt - line.y * k),
            hex
        ));
    }
    s.push_str("ET\n");
    s
}

/// Adds a Type0 / CIDFontType2 font (DejaVuSans subset, Identity-H, /W, /ToUnicode) and
/// returns the id of the Type0 font dictionary.
fn type0_font(
    doc: &mut Document,
    pages: &[Scan],
    font: &PdfFont,
) -> Result<lopdf::ObjectId, OutputError> {
    // Glyph id -> the character it stands for (first one seen wins; BTreeMap for order).
    let mut map = std::collections::BTreeMap::new();
    for c in pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| l.text.chars())
    {
        map.entry(font.glyph(c)).or_insert(c);
    }
    let used: BTreeSet<u16> = map.keys().copied().collect();
    let subset = font.subset(&used)?;
    let len1 = subset.len() as i64;
    let mut file = Stream::new(dictionary! { "Length1" => len1 }, subset);
    file.compress()?;
    let file_id = doc.add_object(file);

    let (ascent, descent, bbox) = font.metrics();
    let name = "AAAAAA+DejaVuSans";
    let descriptor_id = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(name.as_bytes().to_vec()),
        "Flags" => 32,
        "FontBBox" => bbox.iter().map(|&v| Object::Integer(v)).collect::<Vec<_>>(),
        "ItalicAngle" => 0,
        "Ascent" => ascent,
        "Descent" => descent,
        "CapHeight" => ascent,
        "StemV" => 80,
        "FontFile2" => file_id,
    });
    let mut widths = Vec::new();
    for &g in &used {
        widths.push(Object::Integer(g as i64));
        widths.push(Object::Array(vec![Object::Integer(font.width(g))]));
    }
    let cid_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => Object::Name(name.as_bytes().to_vec()),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::String(b"Adobe".to_vec(), StringFormat::Literal),
            "Ordering" => Object::String(b"Identity".to_vec(), StringFormat::Literal),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor_id,
        "DW" => 1000,
        "W" => widths,
        "CIDToGIDMap" => "Identity",
    });
    let mut cmap = Stream::new(dictionary! {}, to_unicode_cmap(&map).into_bytes());
    cmap.compress()?;
    let cmap_id = doc.add_object(cmap);
    Ok(doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(name.as_bytes().to_vec()),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid_id)],
        "ToUnicode" => cmap_id,
    }))
}

/// A ToUnicode CMap mapping 2-byte glyph ids to UTF-16BE.
fn to_unicode_cmap(map: &std::collections::BTreeMap<u16, char>) -> String {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<_> = map.iter().collect();
    for chunk in entries.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (g, c) in chunk {
            let mut buf = [0u16; 2];
            let units: String = c
                .encode_utf16(&mut buf)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            s.push_str(&format!("<{g:04X}> <{units}>\n"));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font() -> Option<PdfFont> {
        PdfFont::new(std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").ok()?).ok()
    }

    fn page(lines: &[&str]) -> Scan {
        let img = image::GrayImage::from_fn(400, 300, |x, y| image::Luma([((x + y) % 256) as u8]));
        Scan {
            image: DynamicImage::ImageLuma8(img),
            dpi: 200,
            jpeg_quality: 70,
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| Line {
                    text: t.to_string(),
                    x: 20.0,
                    y: 40.0 + 30.0 * i as f32,
                    size: 20.0,
                })
                .collect(),
        }
    }

    #[test]
    fn text_pdf_keeps_russian_and_kazakh_through_pdf_extract() {
        let Some(f) = font() else { return };
        let pages = [
            page(&["ПЕРЕВОД С АНГЛИЙСКОГО ЯЗЫКА", "Фамилия: МЮЛЛЕР"]),
            page(&["ЖСН беру туралы АНЫҚТАМА"]),
        ];
        let bytes = encode(Format::PdfText, &pages, &f).unwrap();
        let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
        assert!(text.contains("ПЕРЕВОД С АНГЛИЙСКОГО ЯЗЫКА"), "{text}");
        assert!(text.contains("МЮЛЛЕР"), "{text}");
        assert!(text.contains("АНЫҚТАМА"), "{text}");
        // Deterministic: no dates, no /ID.
        assert_eq!(bytes, encode(Format::PdfText, &pages, &f).unwrap());
        let raw = String::from_utf8_lossy(&bytes);
        assert!(!raw.contains("/ID") && !raw.contains("CreationDate"));

        // Poppler reads the same text (skipped where poppler-utils is not installed).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.pdf");
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(out) = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
        {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                text.contains("МЮЛЛЕР") && text.contains("АНЫҚТАМА"),
                "{text}"
            );
            assert!(
                out.stderr.is_empty(),
                "poppler complained: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }

    #[test]
    fn tiff_holds_every_page_and_pdf_scan_every_image() {
        let Some(f) = font() else { return };
        let pages = [page(&[]), page(&[]), page(&[])];
        let t = encode(Format::Tiff, &pages, &f).unwrap();
        let mut dec = tiff::decoder::Decoder::new(Cursor::new(&t)).unwrap();
        let mut n = 1;
        while dec.more_images() {
            dec.next_image().unwrap();
            n += 1;
        }
        assert_eq!(n, 3);
        for fmt in [Format::PdfJpeg, Format::PdfFlate] {
            let b = encode(fmt, &pages, &f).unwrap();
            let doc = Document::load_mem(&b).unwrap();
            assert_eq!(doc.get_pages().len(), 3);
        }
        assert!(matches!(
            encode(Format::Png, &pages, &f),
            Err(OutputError::PageCount(..))
        ));
    }

    #[test]
    fn jpeg_and_png_decode_back_to_the_same_size() {
        let Some(f) = font() else { return };
        for fmt in [Format::Png, Format::Jpeg] {
            let b = encode(fmt, &[page(&[])], &f).unwrap();
            let img = image::load_from_memory(&b).unwrap();
            assert_eq!((img.width(), img.height()), (400, 300));
        }
    }
}
