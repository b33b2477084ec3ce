//! Seed inputs for the `image` and `pdf` fuzz targets, made from the fixture scans
//! (run by `fuzz/seed.sh`, not by hand): `make-seeds FIXTURES_DIR IMAGE_DIR PDF_DIR`.
//!
//! The fixture scans are a few million pixels, over the fuzz targets' tight pixel
//! limit, so each is scaled down to at most 160 pixels a side and written in every
//! format dossier reads (JPEG gray and colour, progressive-free baseline; PNG gray,
//! colour and 1-bit-like; TIFF single and multi-page; BMP; WebP lossless), and wrapped
//! into PDFs the ways scanners write them (DCT image, Flate image, image in a form
//! XObject, a text layer, several pages). Nothing here is checked in: the corpora are
//! generated.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use image::{imageops::FilterType, DynamicImage, ImageFormat};
use lopdf::{dictionary, Document, Object, ObjectId, Stream};

fn encode(img: &DynamicImage, format: ImageFormat) -> Option<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).ok()?;
    Some(out.into_inner())
}

fn tiff_pages(pages: &[&DynamicImage]) -> Option<Vec<u8>> {
    use tiff::encoder::{colortype, TiffEncoder};
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).ok()?;
    for p in pages {
        let g = p.to_luma8();
        enc.write_image::<colortype::Gray8>(g.width(), g.height(), g.as_raw())
            .ok()?;
    }
    Some(out.into_inner())
}

enum PdfImage<'a> {
    Dct(&'a DynamicImage),
    Flate(&'a DynamicImage),
    InForm(&'a DynamicImage),
}

fn image_stream(img: &DynamicImage, dct: bool) -> Stream {
    let g = img.to_luma8();
    let (w, h) = (i64::from(g.width()), i64::from(g.height()));
    let (filter, data) = if dct {
        let jpeg = encode(&DynamicImage::ImageLuma8(g), ImageFormat::Jpeg).unwrap_or_default();
        ("DCTDecode", jpeg)
    } else {
        use flate2::{write::ZlibEncoder, Compression};
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        let _ = z.write_all(g.as_raw());
        ("FlateDecode", z.finish().unwrap_or_default())
    };
    Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => filter,
        },
        data,
    )
}

/// A PDF of `pages`, each with optional text and images.
fn pdf(pages: &[(Option<&str>, Vec<PdfImage<'_>>)]) -> Option<Vec<u8>> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids: Vec<Object> = Vec::new();
    for (text, images) in pages {
        let mut content = String::new();
        let mut xobjects = lopdf::Dictionary::new();
        for (i, img) in images.iter().enumerate() {
            let name = format!("Im{i}");
            let id: ObjectId = match img {
                PdfImage::Dct(im) => doc.add_object(image_stream(im, true)),
                PdfImage::Flate(im) => doc.add_object(image_stream(im, false)),
                PdfImage::InForm(im) => {
                    let inner = doc.add_object(image_stream(im, false));
                    doc.add_object(Stream::new(
                        dictionary! {
                            "Type" => "XObject", "Subtype" => "Form",
                            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                            "Resources" => dictionary! { "XObject" => dictionary! { "Inner" => inner } },
                        },
                        b"q 595 0 0 842 0 0 cm /Inner Do Q".to_vec(),
                    ))
                }
            };
            xobjects.set(name.as_bytes().to_vec(), id);
            content.push_str(&format!("q 595 0 0 842 0 0 cm /{name} Do Q\n"));
        }
        if let Some(t) = text {
            content.push_str(&format!("BT /F1 12 Tf 50 700 Td ({t}) Tj ET\n"));
        }
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font_id },
                "XObject" => xobjects,
            },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).ok()?;
    Some(out)
}

fn scans(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            scans(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("jpg" | "jpeg" | "png" | "tif" | "tiff")
        ) {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, fixtures, image_dir, pdf_dir] = &args[..] else {
        eprintln!("usage: make-seeds FIXTURES_DIR IMAGE_DIR PDF_DIR");
        std::process::exit(2);
    };
    let (image_dir, pdf_dir) = (Path::new(image_dir), Path::new(pdf_dir));
    let mut files = Vec::new();
    scans(Path::new(fixtures), &mut files);
    // A handful of different scans is plenty: the fuzzer mutates structure, not content.
    let step = (files.len() / 8).max(1);
    let mut small: Vec<DynamicImage> = Vec::new();
    for p in files.iter().step_by(step) {
        let Ok(img) = image::open(p) else { continue };
        small.push(img.resize(160, 160, FilterType::Triangle));
    }
    let mut n = 0;
    let mut put = |dir: &Path, name: String, bytes: Option<Vec<u8>>| {
        if let Some(b) = bytes {
            if std::fs::write(dir.join(name), b).is_ok() {
                n += 1;
            }
        }
    };
    for (i, img) in small.iter().enumerate() {
        let gray = DynamicImage::ImageLuma8(img.to_luma8());
        let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
        let tiny = img.resize(24, 24, FilterType::Nearest);
        put(
            image_dir,
            format!("{i}-gray.jpg"),
            encode(&gray, ImageFormat::Jpeg),
        );
        put(
            image_dir,
            format!("{i}-rgb.jpg"),
            encode(&rgb, ImageFormat::Jpeg),
        );
        put(
            image_dir,
            format!("{i}-tiny.jpg"),
            encode(&tiny, ImageFormat::Jpeg),
        );
        put(
            image_dir,
            format!("{i}-gray.png"),
            encode(&gray, ImageFormat::Png),
        );
        put(
            image_dir,
            format!("{i}-rgba.png"),
            encode(&DynamicImage::ImageRgba8(img.to_rgba8()), ImageFormat::Png),
        );
        put(
            image_dir,
            format!("{i}-tiny.png"),
            encode(&tiny, ImageFormat::Png),
        );
        put(
            image_dir,
            format!("{i}.bmp"),
            encode(&rgb, ImageFormat::Bmp),
        );
        put(
            image_dir,
            format!("{i}.webp"),
            encode(&rgb, ImageFormat::WebP),
        );
        put(image_dir, format!("{i}.tif"), tiff_pages(&[&gray]));
        put(
            image_dir,
            format!("{i}-3pages.tif"),
            tiff_pages(&[&gray, &tiny, &gray]),
        );
        put(
            pdf_dir,
            format!("{i}-dct.pdf"),
            pdf(&[(None, vec![PdfImage::Dct(img)])]),
        );
        put(
            pdf_dir,
            format!("{i}-flate.pdf"),
            pdf(&[(None, vec![PdfImage::Flate(&tiny)])]),
        );
        put(
            pdf_dir,
            format!("{i}-form.pdf"),
            pdf(&[(None, vec![PdfImage::InForm(&tiny)])]),
        );
    }
    let text = "REPUBLIC OF KAZAKHSTAN CERTIFICATE OF BIRTH 12.03.1990 IVANOV IVAN";
    put(pdf_dir, "text.pdf".into(), pdf(&[(Some(text), vec![])]));
    if let (Some(a), Some(b)) = (small.first(), small.last()) {
        let tiny = b.resize(24, 24, FilterType::Nearest);
        put(
            pdf_dir,
            "mixed-3pages.pdf".into(),
            pdf(&[
                (Some(text), vec![]),
                (None, vec![PdfImage::Dct(a)]),
                (
                    Some("P<KAZIVANOV<<IVAN"),
                    vec![PdfImage::Flate(&tiny), PdfImage::InForm(&tiny)],
                ),
            ]),
        );
    }
    println!("make-seeds: {n} seed files from {} scans", small.len());
}
