//! Builders for hostile inputs: images, TIFFs, PDFs and raw byte strings, all made by
//! code (no binary file is checked in).

use std::io::{Cursor, Write};

use flate2::{write::ZlibEncoder, Compression};
use image::{DynamicImage, GrayImage, ImageFormat, Luma};
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

// ---------------------------------------------------------------- images

pub fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format)
        .expect("encode");
    out
}

/// A gray test card: a gradient (no text on it).
pub fn card(w: u32, h: u32) -> DynamicImage {
    DynamicImage::ImageLuma8(GrayImage::from_fn(w, h, |x, y| {
        Luma([((x * 7 + y * 3) % 256) as u8])
    }))
}

/// An even gray (or white) image of `w` × `h`: nothing on it.
pub fn blank(w: u32, h: u32, level: u8) -> DynamicImage {
    DynamicImage::ImageLuma8(GrayImage::from_pixel(w, h, Luma([level])))
}

pub fn png(w: u32, h: u32) -> Vec<u8> {
    encode(&card(w, h), ImageFormat::Png)
}

pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    encode(&card(w, h), ImageFormat::Jpeg)
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

fn png_ihdr(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit gray, deflate, no filter, no interlace
    ihdr
}

/// A PNG whose header claims `w` × `h` but which holds almost nothing.
pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(&mut out, b"IHDR", &png_ihdr(w, h));
    png_chunk(&mut out, b"IDAT", &zlib(&[0u8; 64]));
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// A real PNG decompression bomb: `w` × `h` gray, IDAT a deflate of `zeros` zero bytes
/// (a thousand to one), so the file is small and the pixels huge.
pub fn png_deflate_bomb(w: u32, h: u32, zeros: usize) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(&mut out, b"IHDR", &png_ihdr(w, h));
    png_chunk(&mut out, b"IDAT", &zlib_zeros(&[], zeros));
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// A PNG whose second chunk has a type of non-letters and a wrong CRC.
pub fn png_bad_chunk() -> Vec<u8> {
    let good = png(32, 32);
    let mut out = good[..33].to_vec(); // signature + IHDR
    out.extend_from_slice(&8u32.to_be_bytes());
    out.extend_from_slice(&[0x01, 0x9F, 0x00, 0xFE]);
    out.extend_from_slice(&[0xAB; 8]);
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&good[33..]);
    out
}

/// A small JPEG whose frame header (SOF0) is patched to claim `w` × `h`.
pub fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut bytes = jpeg(16, 16);
    let sof = bytes
        .windows(2)
        .position(|b| b == [0xFF, 0xC0])
        .expect("baseline JPEG has SOF0");
    bytes[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    bytes
}

/// A BMP header claiming `w` × `h` at 24 bits, with a few bytes of pixels.
pub fn bmp_claiming(w: i32, h: i32) -> Vec<u8> {
    let mut out = b"BM".to_vec();
    out.extend_from_slice(&(54u32 + 16).to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&54u32.to_le_bytes());
    out.extend_from_slice(&40u32.to_le_bytes());
    out.extend_from_slice(&w.to_le_bytes());
    out.extend_from_slice(&h.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&24u16.to_le_bytes());
    out.extend_from_slice(&[0; 24]);
    out.extend_from_slice(&[0x55; 16]);
    out
}

/// One TIFF IFD entry (little endian): tag, type (3 SHORT, 4 LONG), count 1, value.
fn ifd_entry(out: &mut Vec<u8>, tag: u16, kind: u16, value: u32) {
    out.extend_from_slice(&tag.to_le_bytes());
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&value.to_le_bytes());
}

/// A minimal 8-bit gray TIFF IFD of `w` × `h` whose one strip is at `strip` (`len` bytes)
/// and whose next-IFD pointer is `next`.
fn tiff_ifd(w: u32, h: u32, strip: u32, len: u32, next: u32) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&8u16.to_le_bytes());
    ifd_entry(&mut out, 256, 4, w);
    ifd_entry(&mut out, 257, 4, h);
    ifd_entry(&mut out, 258, 3, 8);
    ifd_entry(&mut out, 259, 3, 1);
    ifd_entry(&mut out, 262, 3, 1);
    ifd_entry(&mut out, 273, 4, strip);
    ifd_entry(&mut out, 278, 4, h);
    ifd_entry(&mut out, 279, 4, len);
    out.extend_from_slice(&next.to_le_bytes());
    out
}

/// IFD size: count (2) + 8 entries × 12 + next pointer (4).
const IFD_LEN: u32 = 2 + 8 * 12 + 4;

/// A TIFF whose one page claims `w` × `h`, with 64 bytes of pixels.
pub fn tiff_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    let strip = 8 + IFD_LEN;
    out.extend_from_slice(&tiff_ifd(w, h, strip, 64, 0));
    out.extend_from_slice(&[0x80; 64]);
    out
}

/// A TIFF whose IFD chain loops: `two == false`, the first IFD points at itself;
/// `two == true`, the first points at the second and the second back at the first.
pub fn tiff_ifd_loop(two: bool) -> Vec<u8> {
    let (w, h) = (8u32, 8u32);
    let first = 8u32;
    let second = first + IFD_LEN;
    let strip = second + IFD_LEN;
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&first.to_le_bytes());
    let next = if two { second } else { first };
    out.extend_from_slice(&tiff_ifd(w, h, strip, w * h, next));
    out.extend_from_slice(&tiff_ifd(w, h, strip, w * h, first));
    out.extend_from_slice(&vec![0x80; (w * h) as usize]);
    out
}

/// A real multi-page TIFF of `n` small pages.
pub fn tiff_pages(n: usize, w: u32, h: u32) -> Vec<u8> {
    use tiff::encoder::{colortype, TiffEncoder};
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).expect("tiff encoder");
    let data: Vec<u8> = card(w, h).into_luma8().into_raw();
    for _ in 0..n {
        enc.write_image::<colortype::Gray8>(w, h, &data)
            .expect("tiff page");
    }
    out.into_inner()
}

// ---------------------------------------------------------------- compression

pub fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    z.write_all(data).expect("deflate");
    z.finish().expect("deflate")
}

/// zlib of `head` followed by `zeros` zero bytes, compressed as it is written (the
/// zeros never exist in memory at once).
pub fn zlib_zeros(head: &[u8], zeros: usize) -> Vec<u8> {
    let mut z = ZlibEncoder::new(Vec::new(), Compression::fast());
    z.write_all(head).expect("deflate");
    let chunk = vec![0u8; 1 << 20];
    let mut left = zeros;
    while left > 0 {
        let n = left.min(chunk.len());
        z.write_all(&chunk[..n]).expect("deflate");
        left -= n;
    }
    z.finish().expect("deflate")
}

/// Deterministic pseudo-random bytes (xorshift), so cases are the same on every run.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

// ---------------------------------------------------------------- PDFs

/// A PDF under construction: the document and its (not yet written) page tree node.
pub struct Pdf {
    pub doc: Document,
    pub pages_id: ObjectId,
    pub kids: Vec<Object>,
}

impl Pdf {
    pub fn new() -> Pdf {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Pdf {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    /// Adds a page drawing `content` with `resources`; returns its id.
    pub fn page(&mut self, content: &str, resources: Object) -> ObjectId {
        let content_id = self
            .doc
            .add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page_id = self.doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => self.pages_id, "Contents" => content_id,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        self.kids.push(page_id.into());
        page_id
    }

    /// A page drawing one image XObject full-page.
    pub fn image_page(&mut self, image: Stream) -> ObjectId {
        let id = self.doc.add_object(image);
        self.page(
            "q 595 0 0 842 0 0 cm /Im0 Do Q\n",
            Object::Dictionary(dictionary! { "XObject" => dictionary! { "Im0" => id } }),
        )
    }

    /// A page of text in Helvetica.
    pub fn text_page(&mut self, text: &str) -> ObjectId {
        let font = self.doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        self.page(
            &format!("BT /F1 12 Tf 50 700 Td ({text}) Tj ET\n"),
            Object::Dictionary(dictionary! { "Font" => dictionary! { "F1" => font } }),
        )
    }

    /// Writes the page tree and catalog; `extra` is merged into the `/Pages` node.
    pub fn finish_with(mut self, extra: Dictionary) -> Document {
        let count = self.kids.len() as i64;
        let mut pages = dictionary! { "Type" => "Pages", "Kids" => self.kids, "Count" => count };
        for (k, v) in extra.into_iter() {
            pages.set(k, v);
        }
        self.doc
            .objects
            .insert(self.pages_id, Object::Dictionary(pages));
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        self.doc
    }

    pub fn finish(self) -> Document {
        self.finish_with(Dictionary::new())
    }

    pub fn bytes(self) -> Vec<u8> {
        save(self.finish())
    }
}

pub fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save pdf");
    out
}

/// An image XObject of `w` × `h` gray with the given filter(s) and stream bytes.
pub fn image_xobject(
    w: u32,
    h: u32,
    filter: Object,
    params: Option<Object>,
    data: Vec<u8>,
) -> Stream {
    let mut dict = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64,
        "Height" => h as i64, "ColorSpace" => "DeviceGray",
        "BitsPerComponent" => 8, "Filter" => filter,
    };
    if let Some(p) = params {
        dict.set("DecodeParms", p);
    }
    Stream::new(dict, data)
}

/// A text PDF really encrypted by lopdf (RC4, 128-bit) with the given user password.
pub fn encrypted_pdf(user_password: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.text_page("LOREM IPSUM DOLOR SIT AMET CONSECTETUR ADIPISCING");
    let mut doc = pdf.finish();
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(vec![3u8; 16]),
            Object::string_literal(vec![3u8; 16]),
        ],
    );
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    };
    let state = lopdf::EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
    save(doc)
}

/// A text PDF with a standard-security encryption dictionary that is nonsense.
pub fn bogus_encrypt_pdf() -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.text_page("LOREM IPSUM DOLOR SIT AMET CONSECTETUR ADIPISCING");
    let mut doc = pdf.finish();
    let enc = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 1, "R" => 2, "P" => -44,
        "O" => Object::string_literal(vec![7u8; 32]),
        "U" => Object::string_literal(vec![9u8; 32]),
    });
    doc.trailer.set("Encrypt", enc);
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(vec![1u8; 16]),
            Object::string_literal(vec![1u8; 16]),
        ],
    );
    save(doc)
}

/// Position of `needle` in `hay`, from the end.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
