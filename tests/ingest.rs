//! Ingest over real files built in a temporary folder: discovery rules, every supported
//! format, and every way a file can be unreadable.

use std::collections::BTreeMap;
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use dossier::ingest::{
    discover, load_page, open, FileFormat, IngestError, InputFile, Limits, PackageInput,
    PageContent,
};
use image::{DynamicImage, GrayImage, ImageFormat, Luma, RgbImage};
use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};

// ---------------------------------------------------------------- builders

fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format)
        .expect("encode");
    out
}

/// A gray test card: a gradient, so decoded pixels can be checked.
fn card(w: u32, h: u32) -> DynamicImage {
    DynamicImage::ImageLuma8(GrayImage::from_fn(w, h, |x, y| {
        Luma([((x * 7 + y * 3) % 256) as u8])
    }))
}

fn png(w: u32, h: u32) -> Vec<u8> {
    encode(&card(w, h), ImageFormat::Png)
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    encode(&card(w, h), ImageFormat::Jpeg)
}

/// A PNG whose header claims `w` × `h` but which is a few dozen bytes: a 1×1 image with
/// its IHDR patched and the chunk CRC recomputed.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = png(1, 1);
    assert_eq!(&bytes[12..16], b"IHDR");
    bytes[16..20].copy_from_slice(&w.to_be_bytes());
    bytes[20..24].copy_from_slice(&h.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    bytes
}

fn tiff_pages(sizes: &[(u32, u32)]) -> Vec<u8> {
    use tiff::encoder::{colortype, TiffEncoder};
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).expect("tiff encoder");
    for &(w, h) in sizes {
        let data: Vec<u8> = card(w, h).into_luma8().into_raw();
        enc.write_image::<colortype::Gray8>(w, h, &data)
            .expect("tiff page");
    }
    out.into_inner()
}

/// What goes on one PDF page.
enum Img {
    Jpeg(u32, u32),
    FlateGray(u32, u32),
    /// A Flate gray image wrapped in a form XObject, as some scanner software writes.
    InForm(u32, u32),
    Jpx(u32, u32),
}

struct PdfPage {
    text: Option<&'static str>,
    images: Vec<Img>,
}

fn image_stream(img: &Img) -> Stream {
    match *img {
        Img::Jpeg(w, h) => Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64,
                "Height" => h as i64, "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8, "Filter" => "DCTDecode",
            },
            jpeg(w, h),
        ),
        Img::FlateGray(w, h) | Img::InForm(w, h) => {
            use flate2::{write::ZlibEncoder, Compression};
            use std::io::Write;
            let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
            z.write_all(card(w, h).as_luma8().expect("gray").as_raw())
                .expect("deflate");
            Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64,
                    "Height" => h as i64, "ColorSpace" => "DeviceGray",
                    "BitsPerComponent" => 8, "Filter" => "FlateDecode",
                },
                z.finish().expect("deflate"),
            )
        }
        Img::Jpx(w, h) => Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64,
                "Height" => h as i64, "ColorSpace" => "DeviceRGB",
                "BitsPerComponent" => 8, "Filter" => "JPXDecode",
            },
            vec![0; 64],
        ),
    }
}

fn build_pdf(pages: &[PdfPage]) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids: Vec<Object> = Vec::new();
    for page in pages {
        let mut content = String::new();
        let mut xobjects = lopdf::Dictionary::new();
        for (i, img) in page.images.iter().enumerate() {
            let name = format!("Im{i}");
            let stream_id = doc.add_object(image_stream(img));
            let id: ObjectId = if let Img::InForm(..) = img {
                let form = Stream::new(
                    dictionary! {
                        "Type" => "XObject", "Subtype" => "Form",
                        "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                        "Resources" => dictionary! { "XObject" => dictionary! { "Inner" => stream_id } },
                    },
                    b"q 595 0 0 842 0 0 cm /Inner Do Q".to_vec(),
                );
                doc.add_object(form)
            } else {
                stream_id
            };
            xobjects.set(name.as_bytes().to_vec(), id);
            content.push_str(&format!("q 595 0 0 842 0 0 cm /{name} Do Q\n"));
        }
        if let Some(text) = page.text {
            content.push_str(&format!("BT /F1 12 Tf 50 700 Td ({text}) Tj ET\n"));
        }
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let resources = dictionary! {
            "Font" => dictionary! { "F1" => font_id },
            "XObject" => xobjects,
        };
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc
}

fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save pdf");
    out
}

fn pdf(pages: &[PdfPage]) -> Vec<u8> {
    save(build_pdf(pages))
}

const TEXT: &str = "REPUBLIC OF KAZAKHSTAN CERTIFICATE OF BIRTH 12.03.1990";

fn text_page() -> PdfPage {
    PdfPage {
        text: Some(TEXT),
        images: vec![],
    }
}

/// A text PDF with a standard-security encryption dictionary in its trailer.
fn encrypted_pdf() -> Vec<u8> {
    let mut doc = build_pdf(&[text_page()]);
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

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, bytes).expect("write");
    path
}

fn input(dir: &Path, rel: &str, bytes: &[u8]) -> InputFile {
    let path = write(dir, rel, bytes);
    InputFile {
        rel: rel.to_string(),
        format: FileFormat::sniff(bytes),
        path,
    }
}

fn rels(pkg: &PackageInput) -> Vec<&str> {
    pkg.files.iter().map(|f| f.rel.as_str()).collect()
}

fn only_package(root: &Path) -> PackageInput {
    let mut pkgs = discover(&[root.to_path_buf()]).expect("discover").packages;
    assert_eq!(pkgs.len(), 1, "{pkgs:#?}");
    pkgs.remove(0)
}

fn open_err(file: &InputFile, limits: &Limits) -> String {
    let p = open(file, limits).expect_err("should be unreadable");
    assert_eq!(p.file, file.rel);
    p.reason
}

fn image_of(file: &InputFile, page: usize) -> DynamicImage {
    let opened = open(file, &Limits::default()).expect("open");
    match load_page(file, &opened.pages[page], &Limits::default()).expect("load") {
        PageContent::Image(img) => img,
        PageContent::Text(t) => panic!("expected an image, got text {t:?}"),
    }
}

// ---------------------------------------------------------------- discovery

#[test]
fn package_folder_lists_documents_sorted_and_skips_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("pkg-001");
    write(&root, "package.toml", b"service = \"c3_visa\"\n");
    write(&root, "passport.jpg", &jpeg(30, 20));
    write(&root, "b_translation.pdf", &pdf(&[text_page()]));
    write(&root, "sub/deeper/notary.png", &png(10, 10));
    write(&root, "scan.pdf", &jpeg(12, 12)); // JPEG bytes, PDF name
    write(&root, "noext", &png(5, 5)); // no extension, PNG bytes
    write(&root, "photo.heic", b"ftypheic not really");
    write(&root, "expected.json", b"{}");
    write(&root, "truth.json", b"{}");
    write(&root, "README.md", b"# notes");
    write(&root, "notes.txt", b"call the applicant");
    write(&root, ".hidden.png", &png(4, 4));
    write(&root, ".git/objects/x.png", &png(4, 4));

    let pkg = only_package(&root);
    assert_eq!(pkg.id, "pkg-001");
    assert_eq!(pkg.manifest, Some(root.join("package.toml")));
    assert_eq!(
        rels(&pkg),
        vec![
            "b_translation.pdf",
            "noext",
            "passport.jpg",
            "photo.heic",
            "scan.pdf",
            "sub/deeper/notary.png"
        ]
    );
    assert!(pkg.problems.is_empty(), "{:?}", pkg.problems);
    // What is not read is listed, except the fixture files and the manifest.
    let skipped: Vec<&str> = pkg.skipped.iter().map(|s| s.file.as_str()).collect();
    assert_eq!(skipped, [".git", ".hidden.png", "README.md", "notes.txt"]);
    let by_rel: BTreeMap<&str, &InputFile> =
        pkg.files.iter().map(|f| (f.rel.as_str(), f)).collect();
    assert_eq!(by_rel["scan.pdf"].format, Some(FileFormat::Jpeg));
    assert_eq!(
        by_rel["scan.pdf"].extension_mismatch().as_deref(),
        Some("scan.pdf is really a JPEG image")
    );
    assert_eq!(by_rel["passport.jpg"].extension_mismatch(), None);
    assert_eq!(by_rel["noext"].format, Some(FileFormat::Png));
    assert_eq!(by_rel["photo.heic"].format, None);
    assert_eq!(by_rel["b_translation.pdf"].format, Some(FileFormat::Pdf));
    assert_eq!(
        by_rel["sub/deeper/notary.png"].path,
        root.join("sub/deeper/notary.png")
    );
    // The wrong extension is read by its bytes.
    assert_eq!(image_of(by_rel["scan.pdf"], 0).width(), 12);
    // An unknown format named like a document is reported, not dropped.
    let reason = open_err(by_rel["photo.heic"], &Limits::default());
    assert!(
        reason.contains("not a PDF, JPEG, PNG, TIFF, BMP or WebP"),
        "{reason}"
    );
}

#[test]
fn batch_folder_yields_one_package_per_subfolder_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "README.md", b"batch of 2026-11-25");
    write(root, "zeta/p.png", &png(3, 3));
    write(root, "alpha/package.toml", b"");
    write(root, "alpha/a.jpg", &jpeg(8, 8));
    fs::create_dir_all(root.join("middle-empty")).expect("mkdir");
    write(root, ".trash/old.png", &png(3, 3));

    let batch = discover(&[root.to_path_buf()]).expect("discover");
    let pkgs = &batch.packages;
    let ids: Vec<&str> = pkgs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, vec!["alpha", "middle-empty", "zeta"]);
    // What belongs to no package is listed, not read.
    let loose: Vec<&str> = batch.loose.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(loose, vec![".trash", "README.md"]);
    assert!(batch.loose[1].reason.starts_with("not a document"));
    assert_eq!(rels(&pkgs[0]), vec!["a.jpg"]);
    assert!(pkgs[0].manifest.is_some());
    assert!(pkgs[2].manifest.is_none());
    let empty = &pkgs[1];
    assert!(empty.files.is_empty());
    assert_eq!(empty.problems.len(), 1);
    assert_eq!(
        empty.problems[0].reason, "the package folder is empty",
        "{:?}",
        empty.problems
    );
    // The same batch twice, listed twice, identically.
    let again = discover(&[root.to_path_buf(), root.to_path_buf()]).expect("discover");
    assert_eq!(again.packages.len(), 6);
    assert_eq!(again.packages[..3], pkgs[..]);
    assert_eq!(again.loose.len(), 4);
}

#[test]
fn empty_root_is_an_empty_package_and_missing_roots_are_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty");
    fs::create_dir_all(&empty).expect("mkdir");
    let pkg = only_package(&empty);
    assert_eq!(pkg.id, "empty");
    assert!(pkg.files.is_empty());
    assert_eq!(pkg.problems.len(), 1);
    assert!(
        pkg.problems[0]
            .reason
            .starts_with("the folder given is empty"),
        "{:?}",
        pkg.problems
    );

    let missing = dir.path().join("nope");
    assert!(matches!(
        discover(&[missing]),
        Err(IngestError::NotFound { .. })
    ));
    let file = write(dir.path(), "f.png", &png(2, 2));
    let err = discover(&[file]).expect_err("a file is not a folder");
    assert!(matches!(err, IngestError::NotAFolder { .. }));
    assert!(err.to_string().contains("not a folder"));
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_only_inside_the_package() {
    use dossier::ingest::NotReadCause;
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = write(dir.path(), "outside/secret.png", &png(4, 4));
    let batch = dir.path().join("batch");
    let pkg_dir = batch.join("pkg");
    write(&pkg_dir, "real.png", &png(4, 4));
    symlink(&outside, pkg_dir.join("escape.png")).expect("symlink");
    symlink(pkg_dir.join("real.png"), pkg_dir.join("alias.png")).expect("symlink");
    symlink(dir.path().join("gone.png"), pkg_dir.join("broken.png")).expect("symlink");
    symlink(&pkg_dir, pkg_dir.join("loop")).expect("symlink"); // back up the tree
    symlink(dir.path().join("outside"), batch.join("linked-pkg")).expect("symlink");

    let pkgs = discover(std::slice::from_ref(&batch))
        .expect("discover")
        .packages;
    let ids: Vec<&str> = pkgs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, vec!["linked-pkg", "pkg"]);

    let linked = &pkgs[0];
    assert!(linked.files.is_empty());
    assert_eq!(linked.not_read[0].cause, NotReadCause::Link);
    assert!(linked.not_read[0]
        .reason
        .contains("a place outside the batch folder"));

    let pkg = &pkgs[1];
    assert_eq!(rels(pkg), vec!["alias.png", "real.png"]);
    // The alias is read by its target's path, with no link in it.
    assert_eq!(pkg.files[0].path, pkg_dir.join("real.png"));
    assert!(pkg.problems.is_empty(), "{:?}", pkg.problems);
    let not_read: Vec<(&str, &str)> = pkg
        .not_read
        .iter()
        .map(|p| (p.file.as_str(), p.reason.as_str()))
        .collect();
    assert_eq!(not_read.len(), 2, "{not_read:?}");
    assert_eq!(not_read[0].0, "broken.png");
    assert!(not_read[0].1.contains("does not exist"));
    assert_eq!(not_read[1].0, "escape.png");
    assert!(not_read[1].1.contains("a place outside the batch folder"));
    let skipped: Vec<&str> = pkg.skipped.iter().map(|s| s.file.as_str()).collect();
    assert_eq!(skipped, ["loop"]);
}

#[test]
fn nothing_is_written_into_the_scanned_folders() {
    fn snapshot(root: &Path) -> Vec<(PathBuf, u64, SystemTime)> {
        let mut all: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| {
                let m = e.metadata().expect("metadata");
                (
                    e.path().to_path_buf(),
                    m.len(),
                    m.modified().expect("mtime"),
                )
            })
            .collect();
        all.sort();
        all
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("pkg");
    write(&root, "a.png", &png(6, 6));
    write(
        &root,
        "b.pdf",
        &pdf(&[
            text_page(),
            PdfPage {
                text: None,
                images: vec![Img::Jpeg(20, 20)],
            },
        ]),
    );
    let before = snapshot(&root);
    let pkg = only_package(&root);
    for f in &pkg.files {
        let opened = open(f, &Limits::default()).expect("open");
        for p in &opened.pages {
            load_page(f, p, &Limits::default()).expect("load");
        }
    }
    assert_eq!(snapshot(&root), before);
}

// ---------------------------------------------------------------- images

#[test]
fn single_images_open_hash_and_decode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rgb = DynamicImage::ImageRgb8(RgbImage::from_fn(17, 9, |x, y| {
        image::Rgb([x as u8 * 10, y as u8 * 20, 99])
    }));
    let cases = [
        ("a.png", png(31, 17), FileFormat::Png),
        ("b.jpg", jpeg(32, 16), FileFormat::Jpeg),
        ("c.bmp", encode(&rgb, ImageFormat::Bmp), FileFormat::Bmp),
        ("d.webp", encode(&rgb, ImageFormat::WebP), FileFormat::Webp),
    ];
    for (name, bytes, format) in cases {
        let file = input(dir.path(), name, &bytes);
        assert_eq!(file.format, Some(format), "{name}");
        let opened = open(&file, &Limits::default()).expect(name);
        assert_eq!(
            opened.digest,
            format!("{:x}", Sha256::digest(&bytes)),
            "{name}"
        );
        assert_eq!(opened.pages.len(), 1);
        assert_eq!(opened.pages[0].page, 1);
        let expected = image::load_from_memory(&bytes).expect("reference decode");
        let img = image_of(&file, 0);
        assert_eq!(
            (img.width(), img.height()),
            (expected.width(), expected.height()),
            "{name}"
        );
        if format != FileFormat::Jpeg {
            // Lossless formats come back pixel for pixel.
            assert_eq!(img.to_rgb8(), expected.to_rgb8(), "{name}");
        }
    }
}

#[test]
fn every_page_of_a_multi_page_tiff() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = input(
        dir.path(),
        "scan.tif",
        &tiff_pages(&[(40, 30), (20, 50), (11, 13)]),
    );
    let opened = open(&file, &Limits::default()).expect("open");
    let pages: Vec<u32> = opened.pages.iter().map(|p| p.page).collect();
    assert_eq!(pages, vec![1, 2, 3]);
    let sizes: Vec<(u32, u32)> = (0..3)
        .map(|i| {
            let img = image_of(&file, i);
            (img.width(), img.height())
        })
        .collect();
    assert_eq!(sizes, vec![(40, 30), (20, 50), (11, 13)]);
    assert_eq!(image_of(&file, 1).to_luma8(), card(20, 50).into_luma8());
}

#[test]
fn broken_and_hostile_images_are_problems() {
    let dir = tempfile::tempdir().expect("tempdir");
    let limits = Limits::default();

    let empty = input(dir.path(), "empty.jpg", b"");
    assert_eq!(open_err(&empty, &limits), "the file is empty (0 bytes)");

    let full = png(300, 200);
    let truncated = input(dir.path(), "cut.png", &full[..full.len() / 2]);
    let reason = open_err(&truncated, &limits);
    assert!(reason.contains("PNG image is truncated"), "{reason}");

    let bomb_bytes = png_claiming(40_000, 40_000);
    assert!(bomb_bytes.len() < 100);
    let bomb = input(dir.path(), "bomb.png", &bomb_bytes);
    let reason = open_err(&bomb, &limits);
    assert_eq!(
        reason,
        "the PNG image is 40000 × 40000 pixels, over the limit of 150 000 000 pixels \
         (possibly a decompression bomb); not decoded"
    );

    let text = input(
        dir.path(),
        "letter.png",
        b"Dear officer, please find attached",
    );
    assert!(open_err(&text, &limits).contains("not a PDF, JPEG, PNG"));

    let big = input(dir.path(), "big.png", &png(64, 64));
    let small_files = Limits {
        max_file_bytes: 50,
        ..limits
    };
    let reason = open_err(&big, &small_files);
    assert!(
        reason.starts_with("the file is") && reason.contains("over the limit of 50 bytes"),
        "{reason}"
    );

    let corrupt_jpeg = input(
        dir.path(),
        "c.jpg",
        b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00 and then nothing",
    );
    let reason = open(&corrupt_jpeg, &limits)
        .and_then(|o| load_page(&corrupt_jpeg, &o.pages[0], &limits).map(|_| ()))
        .expect_err("corrupt jpeg")
        .reason;
    assert!(reason.starts_with("the JPEG image is damaged"), "{reason}");
}

// ---------------------------------------------------------------- PDFs

#[test]
fn pdf_pages_give_text_or_their_scan_image() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = pdf(&[
        text_page(),
        PdfPage {
            text: None,
            images: vec![Img::Jpeg(64, 48)],
        },
        PdfPage {
            text: None,
            images: vec![Img::FlateGray(37, 23)],
        },
        // A page number in the text layer is not real text: the scan wins.
        PdfPage {
            text: Some("Page 4"),
            images: vec![Img::FlateGray(10, 10), Img::Jpeg(80, 60)],
        },
        PdfPage {
            text: None,
            images: vec![Img::InForm(25, 35)],
        },
    ]);
    let file = input(dir.path(), "mixed.pdf", &bytes);
    let opened = open(&file, &Limits::default()).expect("open");
    assert_eq!(opened.pages.len(), 5);
    assert_eq!(opened.digest, format!("{:x}", Sha256::digest(&bytes)));
    let limits = Limits::default();
    match load_page(&file, &opened.pages[0], &limits).expect("page 1") {
        PageContent::Text(t) => assert!(t.contains("CERTIFICATE OF BIRTH"), "{t:?}"),
        PageContent::Image(_) => panic!("page 1 has a text layer"),
    }
    let dims = |i: usize| {
        let img = image_of(&file, i);
        (img.width(), img.height())
    };
    assert_eq!(dims(1), (64, 48));
    assert_eq!(dims(2), (37, 23));
    assert_eq!(image_of(&file, 2).to_luma8(), card(37, 23).into_luma8());
    assert_eq!(dims(3), (80, 60), "the largest image is the scan");
    assert_eq!(dims(4), (25, 35), "images inside form XObjects are found");
}

#[test]
fn unreadable_pdfs_are_problems_with_clear_reasons() {
    let dir = tempfile::tempdir().expect("tempdir");
    let limits = Limits::default();

    let enc = input(dir.path(), "enc.pdf", &encrypted_pdf());
    let reason = open_err(&enc, &limits);
    assert!(
        reason.starts_with("the PDF is encrypted (password-protected)"),
        "{reason}"
    );

    let corrupt = input(
        dir.path(),
        "corrupt.pdf",
        b"%PDF-1.7\nthis is not really a pdf at all\n%%EOF\n",
    );
    let reason = open_err(&corrupt, &limits);
    assert!(
        reason.starts_with("the PDF is damaged and cannot be read"),
        "{reason}"
    );

    let good = pdf(&[text_page(), text_page()]);
    let cut = input(dir.path(), "cut.pdf", &good[..good.len() / 3]);
    let reason = open_err(&cut, &limits);
    assert!(reason.starts_with("the PDF is truncated"), "{reason}");

    let three = input(
        dir.path(),
        "three.pdf",
        &pdf(&[text_page(), text_page(), text_page()]),
    );
    let reason = open_err(
        &three,
        &Limits {
            max_pdf_pages: 2,
            ..limits
        },
    );
    assert_eq!(
        reason,
        "the PDF has 3 pages, more than the 2 accepted in one file"
    );

    let blank = input(
        dir.path(),
        "blank.pdf",
        &pdf(&[
            text_page(),
            PdfPage {
                text: None,
                images: vec![],
            },
        ]),
    );
    let opened = open(&blank, &limits).expect("opens");
    let problem = load_page(&blank, &opened.pages[1], &limits).expect_err("blank page");
    assert_eq!(problem.page, Some(2));
    assert_eq!(problem.reason, "page 2 has neither text nor a scan image");

    let jpx = input(
        dir.path(),
        "jpx.pdf",
        &pdf(&[PdfPage {
            text: None,
            images: vec![Img::Jpx(50, 50)],
        }]),
    );
    let opened = open(&jpx, &limits).expect("opens");
    let problem = load_page(&jpx, &opened.pages[0], &limits).expect_err("jpx");
    assert!(
        problem.reason.contains("stored as JPXDecode"),
        "{}",
        problem.reason
    );

    let huge = input(
        dir.path(),
        "huge.pdf",
        &pdf(&[PdfPage {
            text: None,
            images: vec![Img::FlateGray(300, 300)],
        }]),
    );
    let opened = open(&huge, &limits).expect("opens");
    let tight = Limits {
        max_pixels: 80_000,
        ..limits
    };
    let problem = load_page(&huge, &opened.pages[0], &tight).expect_err("over the pixel limit");
    assert!(
        problem.reason.contains("300 × 300 pixels, over the limit"),
        "{}",
        problem.reason
    );
}

// ---------------------------------------------------------------- a whole batch

#[test]
fn batch_with_a_corrupt_file_a_bomb_and_an_encrypted_pdf_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "p1/passport.jpg", &jpeg(60, 40));
    write(root, "p1/corrupt.pdf", b"%PDF-1.4\n\x00\x01garbage\n%%EOF");
    write(root, "p2/bomb.png", &png_claiming(40_000, 40_000));
    write(root, "p2/scan.tif", &tiff_pages(&[(10, 10), (12, 12)]));
    write(root, "p3/encrypted.pdf", &encrypted_pdf());
    write(
        root,
        "p3/translation.pdf",
        &pdf(&[
            text_page(),
            PdfPage {
                text: None,
                images: vec![Img::Jpeg(30, 30)],
            },
        ]),
    );

    let limits = Limits::default();
    let mut problems = Vec::new();
    let mut loaded = Vec::new();
    for pkg in discover(&[root.to_path_buf()]).expect("discover").packages {
        problems.extend(
            pkg.problems
                .iter()
                .map(|p| (pkg.id.clone(), p.file.clone())),
        );
        for file in &pkg.files {
            match open(file, &limits) {
                Err(p) => problems.push((pkg.id.clone(), p.file)),
                Ok(opened) => {
                    for page in &opened.pages {
                        match load_page(file, page, &limits) {
                            Ok(_) => loaded.push(format!("{}/{}#{}", pkg.id, file.rel, page.page)),
                            Err(p) => problems.push((pkg.id.clone(), p.file)),
                        }
                    }
                }
            }
        }
    }
    let problems: Vec<(&str, &str)> = problems
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            ("p1", "corrupt.pdf"),
            ("p2", "bomb.png"),
            ("p3", "encrypted.pdf")
        ]
    );
    assert_eq!(
        loaded,
        vec![
            "p1/passport.jpg#1",
            "p2/scan.tif#1",
            "p2/scan.tif#2",
            "p3/translation.pdf#1",
            "p3/translation.pdf#2"
        ]
    );
}

// ---------------------------------------------------------------- more edge cases

/// A text PDF really encrypted by lopdf (RC4, 128-bit) with the given user password.
fn really_encrypted_pdf(user_password: &str) -> Vec<u8> {
    let mut doc = build_pdf(&[text_page()]);
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

#[test]
fn encrypted_pdfs_are_refused_even_when_they_open_without_a_password() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, user) in [("open.pdf", ""), ("locked.pdf", "secret")] {
        let file = input(dir.path(), name, &really_encrypted_pdf(user));
        let reason = open_err(&file, &Limits::default());
        assert!(
            reason.starts_with("the PDF is encrypted"),
            "{name}: {reason}"
        );
    }
}

/// Wraps a JPEG's bytes with an EXIF APP1 segment holding only an orientation tag.
fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0*\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]); // value padding
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn jpeg_exif_orientation_is_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = input(
        dir.path(),
        "phone.jpg",
        &with_exif_orientation(&jpeg(40, 16), 6),
    );
    let img = image_of(&file, 0);
    assert_eq!((img.width(), img.height()), (16, 40), "rotated upright");
}

#[test]
fn pdf_text_survives_a_page_that_trips_the_text_extractor() {
    // No MediaBox anywhere: pdf-extract panics on such pages; the panic is caught and
    // lopdf's own extractor reads the text instead.
    let mut doc = build_pdf(&[text_page()]);
    let page_id = *doc.get_pages().get(&1).expect("page 1");
    doc.get_object_mut(page_id)
        .and_then(Object::as_dict_mut)
        .expect("page dict")
        .remove(b"MediaBox");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = input(dir.path(), "odd.pdf", &save(doc));
    let opened = open(&file, &Limits::default()).expect("open");
    match load_page(&file, &opened.pages[0], &Limits::default()).expect("page") {
        PageContent::Text(t) => assert!(t.contains("CERTIFICATE OF BIRTH"), "{t:?}"),
        PageContent::Image(_) => panic!("expected text"),
    }
}
