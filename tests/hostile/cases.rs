//! The cases of the hostile corpus: one function each, listed in [`all`] with what the
//! issue expects. A case writes its package folder(s) into the batch (where `good`, a copy
//! of a passing fixture, already is) and returns its expectations.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::time::Duration;

use image::ImageFormat;
use lopdf::{dictionary, Object, Stream};

use super::build::{self, *};
use super::{Case, Ctx, Expect, Run, Want, GOOD};

const UNREADABLE: Want = Want::Code("unreadable_file");
const LINK: Want = Want::Code("link_not_followed");
const NOT_A_FILE: Want = Want::Code("not_a_file");
const DAMAGED: Want = Want::Code("damaged_scan");
const MANIFEST_INVALID: Want = Want::Code("manifest_invalid");

/// The case run first, alone: it fills the shared OCR cache with the good package.
pub const BASELINE: &str = "good_package_alone";

macro_rules! cases {
    ($( $name:ident : $expect:literal ),* $(,)?) => {
        vec![ $( Case { name: stringify!($name), build: $name, expect: $expect } ),* ]
    };
}

/// Every case, in the order of the issue: images, PDFs, the folder tree, manifests,
/// names, and what already passed.
pub fn all() -> Vec<Case> {
    cases![
        good_package_alone: "the good package passes on its own",
        // images
        zero_byte_jpeg: "unreadable_file",
        zero_byte_png: "unreadable_file",
        zero_byte_pdf: "unreadable_file",
        truncated_png: "unreadable_file",
        truncated_jpeg_header: "unreadable_file",
        truncated_tiff: "unreadable_file",
        truncated_webp: "unreadable_file",
        truncated_bmp: "reading finding",
        png_bomb_header: "unreadable_file (pixel limit)",
        png_bomb_deflate: "unreadable_file (pixel limit)",
        jpeg_bomb_header: "unreadable_file (pixel limit)",
        tiff_bomb_header: "unreadable_file (pixel limit)",
        bmp_bomb_header: "unreadable_file (pixel limit)",
        tiff_ifd_loop_self: "reading finding, no hang",
        tiff_ifd_loop_two: "reading finding, no hang",
        tiff_too_many_pages: "unreadable_file (page limit)",
        png_bad_chunk: "reading finding, no debug text",
        text_named_jpg: "unreadable_file",
        gif_named_gif: "unreadable_file",
        heic_noise: "unreadable_file",
        file_over_size_limit: "unreadable_file (size limit)",
        jpeg_declares_12000: "reading finding, <= 1 GiB",
        fixture_jpeg_cut_half: "warning/error naming the file (damaged)",
        photo_1x1: "not counted as the photo",
        photo_blank: "not counted as the photo",
        // PDFs
        pdf_10000_pages: "unreadable_file (page limit)",
        pdf_encrypted_open: "unreadable_file (encrypted)",
        pdf_encrypted_locked: "unreadable_file (encrypted)",
        pdf_encrypt_bogus: "unreadable_file (encrypted)",
        pdf_broken_xref: "finding naming it",
        pdf_startxref_past_end: "finding naming it",
        pdf_no_trailer: "finding naming it",
        pdf_truncated: "unreadable_file",
        pdf_random_after_header: "unreadable_file, not called truncated",
        pdf_garbage_body: "unreadable_file",
        pdf_no_pages: "unreadable_file",
        pdf_blank_page: "unreadable_file",
        pdf_ccitt: "unreadable_file naming the codec",
        pdf_jbig2: "unreadable_file naming the codec",
        pdf_jpx: "unreadable_file naming the codec",
        pdf_image_huge_dims: "unreadable_file (pixel limit)",
        pdf_flate_bomb_image: "unreadable_file (pixel limit)",
        pdf_form_draws_itself: "unreadable_file, no abort",
        pdf_form_cycle: "unreadable_file, no abort",
        pdf_pages_own_parent: "unreadable_file, no hang",
        pdf_resources_cycle: "finding, no panic on stderr",
        pdf_deep_nesting: "finding, no abort",
        pdf_flate_dct_1mb: "reading finding, <= 1 GiB",
        pdf_flate_dct_two_files: "both named, <= 1 GiB with 2 workers",
        pdf_damaged_jpeg: "warning/error naming the file (damaged)",
        // the folder tree
        link_etc_passwd: "link finding, target not read",
        link_to_root: "link finding, not followed",
        link_borrowed_package: "link finding, package does not pass",
        link_up_dir: "link finding, siblings not read",
        link_sibling_file: "link finding, target not read",
        link_outside_file: "link finding, target not read",
        link_package_alias: "a linked package folder is not read",
        link_broken: "link finding",
        link_loop: "link finding for both",
        link_cycle_inside_package: "no hang, bad file named",
        manifest_link_outside: "link finding, outside manifest not parsed",
        manifest_link_sibling: "link finding, package does not pass",
        chmod_000_file: "permission finding (not rescan)",
        chmod_000_folder: "permission finding (not rescan)",
        nesting_50_levels: "depth finding (not rescan)",
        tiny_packages_5000: "5 000 packages all reported",
        fifo_in_package: "finding naming the fifo, no hang",
        loose_in_batch: "listed as in no package, no hang",
        socket_in_package: "finding naming the socket",
        manifest_is_fifo: "finding naming package.toml, no hang",
        empty_package: "finding, advice fits (not rescan)",
        // manifests
        manifest_not_toml: "manifest_invalid, one line",
        manifest_binary: "manifest_invalid",
        manifest_syntax_error: "manifest_invalid, one line",
        manifest_wrong_types: "manifest_invalid per type error",
        manifest_unknown_service: "manifest_invalid",
        manifest_bad_date: "manifest_invalid",
        manifest_deep_arrays: "manifest_invalid, no abort",
        manifest_80000_unknown_keys: "one finding, quick",
        manifest_10mb_unknown_keys: "one finding, no hang",
        manifest_surname_10mb: "report capped",
        manifest_surname_500kb: "report capped",
        manifest_chmod_000: "permission finding (not rescan)",
        // names
        name_with_newline: "escaped in text, no forged line",
        name_with_escape: "escaped in text",
        name_with_bidi_override: "escaped in text",
        names_non_utf8_differ: "two distinct names, lossless",
        package_name_with_escape: "escaped in text",
        cache_dir_mode_kept: "--cache-dir mode unchanged",
    ]
}

// ---------------------------------------------------------------- helpers

/// The case's package `id` with a copy of the good manifest (a known service).
fn package(ctx: &Ctx, id: &str) -> Expect {
    ctx.write(
        &format!("{id}/package.toml"),
        ctx.good_manifest().as_bytes(),
    );
    Expect::default().package(id)
}

/// A package `bad` holding the one file `name` with `bytes`, named as `want`.
fn one_file(ctx: &Ctx, name: &str, bytes: &[u8], want: Want) -> Expect {
    let e = package(ctx, "bad");
    ctx.write(&format!("bad/{name}"), bytes);
    e.named("bad", name, want)
}

/// A package `bad` holding `scan.pdf` with `bytes`.
fn one_pdf(ctx: &Ctx, bytes: &[u8], want: Want) -> Expect {
    one_file(ctx, "scan.pdf", bytes, want)
}

/// Text no document kind matches: a page of it is `unrecognized` if read at all.
const LOREM: &str = "LOREM IPSUM DOLOR SIT AMET CONSECTETUR ADIPISCING ELIT SED DO";

/// A one-page text PDF with a classic cross-reference table (lopdf writes a stream by
/// default), so the table can be damaged byte by byte.
fn text_pdf() -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.text_page(LOREM);
    let mut doc = pdf.finish();
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    save(doc)
}

/// The good fixture's passport scan (a JPEG).
const PASSPORT: &str = "scan_02.jpg";
/// The good fixture's other scan.
const CONSENT: &str = "scan_01.tif";

fn no_documents_from(
    pkg: &'static str,
    prefix: &'static str,
) -> impl Fn(&Run) -> Result<(), String> {
    move |run| {
        let docs: Vec<String> = run
            .package(pkg)
            .and_then(|p| p["documents"].as_array())
            .map(|d| {
                d.iter()
                    .filter_map(|d| d["file"].as_str())
                    .filter(|f| f.starts_with(prefix))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        if docs.is_empty() {
            Ok(())
        } else {
            Err(format!("read through the link: {}", docs.join(", ")))
        }
    }
}

fn not_pass(pkg: &'static str) -> impl Fn(&Run) -> Result<(), String> {
    move |run| match run.status(pkg) {
        Some("pass") => Err(format!("{pkg} passes")),
        _ => Ok(()),
    }
}

/// The package's JSON must not contain `marker` (a value only the link target holds).
fn never_mentions(pkg: &'static str, marker: &'static str) -> impl Fn(&Run) -> Result<(), String> {
    move |run| {
        let text = run.package(pkg).map(|p| p.to_string()).unwrap_or_default();
        if text.contains(marker) {
            Err(format!(
                "the report shows `{marker}`, read from the link's target"
            ))
        } else {
            Ok(())
        }
    }
}

fn report_smaller_than(limit: usize) -> impl Fn(&Run) -> Result<(), String> {
    move |run| {
        let len = run.report.as_ref().map_or(0, Vec::len);
        if len < limit {
            Ok(())
        } else {
            Err(format!("the report is {} KiB", len / 1024))
        }
    }
}

fn at_most_findings(
    pkg: &'static str,
    code: &'static str,
    n: usize,
) -> impl Fn(&Run) -> Result<(), String> {
    move |run| {
        let count = run
            .findings(pkg)
            .iter()
            .filter(|f| f["code"] == code)
            .count();
        if count <= n {
            Ok(())
        } else {
            Err(format!("{count} `{code}` findings (want at most {n})"))
        }
    }
}

fn photo_missing(pkg: &'static str) -> impl Fn(&Run) -> Result<(), String> {
    move |run| {
        let missing = run
            .findings(pkg)
            .iter()
            .any(|f| f["code"] == "missing_document" && f["kind"] == "photo");
        if missing {
            Ok(())
        } else {
            Err("the blank image was counted as the required photo".to_string())
        }
    }
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    let r = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(r, 0, "mkfifo: {}", std::io::Error::last_os_error());
}

fn prp_manifest(ctx: &Ctx) -> String {
    ctx.good_manifest()
        .replace("service = \"iin\"", "service = \"prp\"")
}

// ---------------------------------------------------------------- images

fn good_package_alone(_ctx: &Ctx) -> Expect {
    Expect::default()
}

fn zero_byte_jpeg(ctx: &Ctx) -> Expect {
    one_file(ctx, "scan.jpg", b"", UNREADABLE)
}

fn zero_byte_png(ctx: &Ctx) -> Expect {
    one_file(ctx, "scan.png", b"", UNREADABLE)
}

fn zero_byte_pdf(ctx: &Ctx) -> Expect {
    one_file(ctx, "scan.pdf", b"", UNREADABLE)
}

fn truncated_png(ctx: &Ctx) -> Expect {
    let full = png(300, 200);
    one_file(ctx, "scan.png", &full[..full.len() / 2], UNREADABLE)
}

fn truncated_jpeg_header(ctx: &Ctx) -> Expect {
    one_file(
        ctx,
        "scan.jpg",
        b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00 and then nothing",
        UNREADABLE,
    )
}

fn truncated_tiff(ctx: &Ctx) -> Expect {
    let full = tiff_pages(1, 64, 64);
    one_file(ctx, "scan.tif", &full[..40], UNREADABLE)
}

fn truncated_webp(ctx: &Ctx) -> Expect {
    let full = encode(&card(120, 80), ImageFormat::WebP);
    one_file(ctx, "scan.webp", &full[..full.len() / 2], UNREADABLE)
}

fn truncated_bmp(ctx: &Ctx) -> Expect {
    let full = encode(&card(120, 80), ImageFormat::Bmp);
    one_file(ctx, "scan.bmp", &full[..full.len() / 2], Want::Reading)
}

fn png_bomb_header(ctx: &Ctx) -> Expect {
    one_file(ctx, "scan.png", &png_claiming(40_000, 40_000), UNREADABLE)
}

fn png_bomb_deflate(ctx: &Ctx) -> Expect {
    // 30 000 × 30 000 gray: 900 MB of pixels from a file of some 64 KiB.
    one_file(
        ctx,
        "scan.png",
        &png_deflate_bomb(30_000, 30_000, 64 << 20),
        UNREADABLE,
    )
}

fn jpeg_bomb_header(ctx: &Ctx) -> Expect {
    one_file(ctx, "scan.jpg", &jpeg_claiming(65_000, 65_000), UNREADABLE)
}

fn tiff_bomb_header(ctx: &Ctx) -> Expect {
    one_file(
        ctx,
        "scan.tif",
        &tiff_claiming(100_000, 100_000),
        UNREADABLE,
    )
}

fn bmp_bomb_header(ctx: &Ctx) -> Expect {
    one_file(ctx, "scan.bmp", &bmp_claiming(50_000, 50_000), UNREADABLE)
}

fn tiff_ifd_loop_self(ctx: &Ctx) -> Expect {
    one_file(ctx, "scan.tif", &tiff_ifd_loop(false), Want::Reading)
}

fn tiff_ifd_loop_two(ctx: &Ctx) -> Expect {
    one_file(ctx, "scan.tif", &tiff_ifd_loop(true), Want::Reading)
}

fn tiff_too_many_pages(ctx: &Ctx) -> Expect {
    one_file(ctx, "scan.tif", &tiff_pages(300, 8, 8), UNREADABLE)
}

fn png_bad_chunk(ctx: &Ctx) -> Expect {
    one_file(ctx, "scan.png", &build::png_bad_chunk(), Want::Reading)
}

fn text_named_jpg(ctx: &Ctx) -> Expect {
    one_file(
        ctx,
        "scan.jpg",
        b"Dear officer, please find attached",
        UNREADABLE,
    )
}

fn gif_named_gif(ctx: &Ctx) -> Expect {
    let mut gif = b"GIF89a\x10\x00\x10\x00\x00\x00\x00".to_vec();
    gif.extend_from_slice(&noise(200, 7));
    one_file(ctx, "scan.gif", &gif, UNREADABLE)
}

fn heic_noise(ctx: &Ctx) -> Expect {
    let mut heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic".to_vec();
    heic.extend_from_slice(&noise(2000, 11));
    one_file(ctx, "photo.heic", &heic, UNREADABLE)
}

fn file_over_size_limit(ctx: &Ctx) -> Expect {
    // A sparse 300 MiB file: costs no disk, must be refused before it is read.
    let e = package(ctx, "bad");
    let path = ctx.write("bad/scan.pdf", b"%PDF-1.4\n");
    let f = fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    f.set_len(300 << 20).expect("set_len");
    e.named("bad", "scan.pdf", UNREADABLE)
}

fn jpeg_declares_12000(ctx: &Ctx) -> Expect {
    let bytes = jpeg_claiming(12_000, 12_000);
    assert!(bytes.len() < 1500, "a small file: {} bytes", bytes.len());
    one_file(ctx, "scan.jpg", &bytes, Want::Reading)
}

fn fixture_jpeg_cut_half(ctx: &Ctx) -> Expect {
    // TIGHTEN: the issue wants a warning naming the damaged file (a code such as
    // `damaged_scan` may come).
    let e = package(ctx, "half");
    ctx.write(&format!("half/{CONSENT}"), &ctx.fixture_file(CONSENT));
    let full = ctx.fixture_file(PASSPORT);
    ctx.write(&format!("half/{PASSPORT}"), &full[..full.len() / 2]);
    e.named("half", PASSPORT, DAMAGED)
}

fn photo_1x1(ctx: &Ctx) -> Expect {
    ctx.write("prp/package.toml", prp_manifest(ctx).as_bytes());
    ctx.write(
        "prp/photo.png",
        &encode(&blank(1, 1, 255), ImageFormat::Png),
    );
    Expect::default()
        .package("prp")
        .named("prp", "photo.png", Want::Any)
        .check("photo", photo_missing("prp"))
}

fn photo_blank(ctx: &Ctx) -> Expect {
    ctx.write("prp/package.toml", prp_manifest(ctx).as_bytes());
    // 3.5 × 4.5 cm at 300 dpi, all white.
    ctx.write(
        "prp/photo.jpg",
        &encode(&blank(413, 531, 255), ImageFormat::Jpeg),
    );
    Expect::default()
        .package("prp")
        .named("prp", "photo.jpg", Want::Any)
        .check("photo", photo_missing("prp"))
}

// ---------------------------------------------------------------- PDFs

fn pdf_10000_pages(ctx: &Ctx) -> Expect {
    let mut pdf = Pdf::new();
    let content = pdf
        .doc
        .add_object(Stream::new(dictionary! {}, b"BT ET".to_vec()));
    for _ in 0..10_000 {
        let page = pdf.doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pdf.pages_id, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        pdf.kids.push(page.into());
    }
    one_pdf(ctx, &pdf.bytes(), UNREADABLE)
}

fn pdf_encrypted_open(ctx: &Ctx) -> Expect {
    one_pdf(ctx, &encrypted_pdf(""), UNREADABLE)
}

fn pdf_encrypted_locked(ctx: &Ctx) -> Expect {
    one_pdf(ctx, &encrypted_pdf("secret"), UNREADABLE)
}

fn pdf_encrypt_bogus(ctx: &Ctx) -> Expect {
    one_pdf(ctx, &bogus_encrypt_pdf(), UNREADABLE)
}

fn pdf_broken_xref(ctx: &Ctx) -> Expect {
    // Every offset in the cross-reference table points into nowhere. Read anyway
    // (repaired) the page is unrecognisable text; either way a finding names it.
    let mut bytes = text_pdf();
    let xref = rfind(&bytes, b"\nxref").expect("xref") + 1;
    let trailer = rfind(&bytes, b"trailer").expect("trailer");
    for b in &mut bytes[xref + 5..trailer] {
        if b.is_ascii_digit() {
            *b = b'7';
        }
    }
    one_pdf(ctx, &bytes, Want::Any)
}

fn pdf_startxref_past_end(ctx: &Ctx) -> Expect {
    let mut bytes = text_pdf();
    let at = rfind(&bytes, b"startxref").expect("startxref");
    bytes.truncate(at);
    bytes.extend_from_slice(b"startxref\n987654321\n%%EOF\n");
    one_pdf(ctx, &bytes, Want::Any)
}

fn pdf_no_trailer(ctx: &Ctx) -> Expect {
    let mut bytes = text_pdf();
    let end = rfind(&bytes, b"endobj").expect("endobj") + 6;
    bytes.truncate(end);
    bytes.extend_from_slice(b"\n%%EOF\n");
    one_pdf(ctx, &bytes, Want::Any)
}

fn pdf_truncated(ctx: &Ctx) -> Expect {
    let bytes = text_pdf();
    one_pdf(ctx, &bytes[..bytes.len() / 3], UNREADABLE)
}

fn pdf_random_after_header(ctx: &Ctx) -> Expect {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend_from_slice(&noise(8192, 3));
    // Issue 10, item 7: random bytes are not "truncated".
    one_pdf(ctx, &bytes, UNREADABLE).check("reason", |run| {
        let truncated = run.findings("bad").iter().any(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("truncated"))
        });
        if truncated {
            Err("random bytes are called \"truncated\"".to_string())
        } else {
            Ok(())
        }
    })
}

fn pdf_garbage_body(ctx: &Ctx) -> Expect {
    one_pdf(
        ctx,
        b"%PDF-1.4\n\x00\x01 this is not really a pdf at all\n%%EOF\n",
        UNREADABLE,
    )
}

fn pdf_no_pages(ctx: &Ctx) -> Expect {
    one_pdf(ctx, &Pdf::new().bytes(), UNREADABLE)
}

fn pdf_blank_page(ctx: &Ctx) -> Expect {
    let mut pdf = Pdf::new();
    pdf.page("", Object::Dictionary(dictionary! {}));
    one_pdf(ctx, &pdf.bytes(), UNREADABLE)
}

fn codec_pdf(filter: &str, params: Option<Object>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.image_page(image_xobject(
        200,
        100,
        Object::Name(filter.as_bytes().to_vec()),
        params,
        noise(3000, 5),
    ));
    pdf.bytes()
}

fn codec_case(ctx: &Ctx, filter: &'static str, params: Option<Object>) -> Expect {
    let e = package(ctx, "bad");
    ctx.write("bad/scan.pdf", &codec_pdf(filter, params));
    e.named_plain("bad", "scan.pdf", UNREADABLE)
        .check("codec", move |run| {
            let named = run
                .findings("bad")
                .iter()
                .any(|f| f["message"].as_str().is_some_and(|m| m.contains(filter)));
            if named {
                Ok(())
            } else {
                Err(format!("no message names {filter}"))
            }
        })
}

fn pdf_ccitt(ctx: &Ctx) -> Expect {
    codec_case(
        ctx,
        "CCITTFaxDecode",
        Some(Object::Dictionary(
            dictionary! { "K" => -1, "Columns" => 200, "Rows" => 100 },
        )),
    )
}

fn pdf_jbig2(ctx: &Ctx) -> Expect {
    codec_case(ctx, "JBIG2Decode", None)
}

fn pdf_jpx(ctx: &Ctx) -> Expect {
    codec_case(ctx, "JPXDecode", None)
}

fn pdf_image_huge_dims(ctx: &Ctx) -> Expect {
    let mut pdf = Pdf::new();
    pdf.image_page(image_xobject(
        100_000,
        100_000,
        Object::Name(b"FlateDecode".to_vec()),
        None,
        zlib(&[0u8; 1000]),
    ));
    one_pdf(ctx, &pdf.bytes(), UNREADABLE)
}

fn pdf_flate_bomb_image(ctx: &Ctx) -> Expect {
    let mut pdf = Pdf::new();
    pdf.image_page(image_xobject(
        20_000,
        20_000,
        Object::Name(b"FlateDecode".to_vec()),
        None,
        zlib_zeros(&[], 16 << 20),
    ));
    one_pdf(ctx, &pdf.bytes(), UNREADABLE)
}

/// A form XObject stream drawing `draws` (by name) with `resources`.
fn form(draws: &str, resources: Object) -> Stream {
    Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => resources,
        },
        format!("q /{draws} Do Q").into_bytes(),
    )
}

fn pdf_form_draws_itself(ctx: &Ctx) -> Expect {
    // Form A's content is `/A Do` with A in its own resources: drawing never ends.
    let mut pdf = Pdf::new();
    let a = pdf.doc.new_object_id();
    let resources = dictionary! { "XObject" => dictionary! { "A" => a } };
    pdf.doc.objects.insert(
        a,
        Object::Stream(form("A", Object::Dictionary(resources.clone()))),
    );
    pdf.page("/A Do", Object::Dictionary(resources));
    one_pdf(ctx, &pdf.bytes(), UNREADABLE)
}

fn pdf_form_cycle(ctx: &Ctx) -> Expect {
    // A draws B, B draws A.
    let mut pdf = Pdf::new();
    let a = pdf.doc.new_object_id();
    let b = pdf.doc.new_object_id();
    pdf.doc.objects.insert(
        a,
        Object::Stream(form(
            "B",
            Object::Dictionary(dictionary! { "XObject" => dictionary! { "B" => b } }),
        )),
    );
    pdf.doc.objects.insert(
        b,
        Object::Stream(form(
            "A",
            Object::Dictionary(dictionary! { "XObject" => dictionary! { "A" => a } }),
        )),
    );
    pdf.page(
        "/A Do",
        Object::Dictionary(dictionary! { "XObject" => dictionary! { "A" => a } }),
    );
    one_pdf(ctx, &pdf.bytes(), UNREADABLE)
}

fn pdf_pages_own_parent(ctx: &Ctx) -> Expect {
    // The page has no resources of its own and no text: the inherited-resources walk
    // climbs /Parent, and the /Pages node is its own parent.
    let mut pdf = Pdf::new();
    let content = pdf
        .doc
        .add_object(Stream::new(dictionary! {}, b"q Q".to_vec()));
    let page = pdf.doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pdf.pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    pdf.kids.push(page.into());
    let pages_id = pdf.pages_id;
    let doc = pdf.finish_with(dictionary! { "Parent" => pages_id });
    one_pdf(ctx, &save(doc), UNREADABLE)
}

fn pdf_resources_cycle(ctx: &Ctx) -> Expect {
    // The page's /Resources is an object whose /Font and /XObject point back at itself.
    let mut pdf = Pdf::new();
    let res = pdf.doc.new_object_id();
    pdf.doc.objects.insert(
        res,
        Object::Dictionary(dictionary! {
            "Font" => dictionary! { "F1" => res },
            "XObject" => dictionary! { "X" => res },
            "ExtGState" => res,
        }),
    );
    pdf.page(
        "BT /F1 12 Tf 50 700 Td (HELLO) Tj ET /X Do",
        Object::Reference(res),
    );
    one_pdf(ctx, &pdf.bytes(), Want::Any)
}

fn pdf_deep_nesting(ctx: &Ctx) -> Expect {
    // An object of 200 000 nested arrays: a recursive parser overflows its stack.
    let depth = 200_000;
    let mut body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec();
    body.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Count 1 /Kids [3 0 R] >>\nendobj\n");
    body.extend_from_slice(b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox ");
    body.extend(std::iter::repeat_n(b'[', depth));
    body.extend(std::iter::repeat_n(b']', depth));
    body.extend_from_slice(b" >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    one_pdf(ctx, &body, Want::Any)
}

/// A PDF whose one scan image is `[/FlateDecode /DCTDecode]`: a small JPEG header
/// followed by 1 GiB of zeros, deflated to about 1 MiB. Built once (deflating 1 GiB
/// takes a while); `seed` goes into a comment after `%%EOF`, so that two files have
/// different bytes (and digests) and the same content.
fn flate_dct_pdf(seed: u8) -> Vec<u8> {
    static PDF: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let mut bytes = PDF
        .get_or_init(|| {
            let mut head = jpeg(64, 64);
            head.truncate(head.len() - 2); // no EOI: the zeros follow the scan data
            let data = zlib_zeros(&head, 1 << 30);
            let mut pdf = Pdf::new();
            pdf.image_page(image_xobject(
                64,
                64,
                Object::Array(vec![
                    Object::Name(b"FlateDecode".to_vec()),
                    Object::Name(b"DCTDecode".to_vec()),
                ]),
                None,
                data,
            ));
            pdf.bytes()
        })
        .clone();
    bytes.extend_from_slice(format!("%{seed}\n").as_bytes());
    bytes
}

fn pdf_flate_dct_1mb(ctx: &Ctx) -> Expect {
    one_pdf(ctx, &flate_dct_pdf(1), Want::Reading)
}

fn pdf_flate_dct_two_files(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    ctx.write("bad/scan_a.pdf", &flate_dct_pdf(2));
    ctx.write("bad/scan_b.pdf", &flate_dct_pdf(3));
    e.named("bad", "scan_a.pdf", Want::Reading)
        .named("bad", "scan_b.pdf", Want::Reading)
}

fn pdf_damaged_jpeg(ctx: &Ctx) -> Expect {
    // TIGHTEN: the fixture passport, cut at 60 %, as the scan of a PDF page.
    let e = package(ctx, "damaged");
    ctx.write(&format!("damaged/{CONSENT}"), &ctx.fixture_file(CONSENT));
    let full = ctx.fixture_file(PASSPORT);
    let (w, h) = image::ImageReader::new(std::io::Cursor::new(&full))
        .with_guessed_format()
        .expect("format")
        .into_dimensions()
        .expect("dimensions");
    let mut pdf = Pdf::new();
    pdf.image_page(image_xobject(
        w,
        h,
        Object::Name(b"DCTDecode".to_vec()),
        None,
        full[..full.len() * 6 / 10].to_vec(),
    ));
    ctx.write("damaged/passport.pdf", &pdf.bytes());
    e.named("damaged", "passport.pdf", DAMAGED)
}

// ---------------------------------------------------------------- the folder tree

fn link_etc_passwd(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    symlink("/etc/passwd", ctx.batch.join("bad/scan.pdf")).expect("symlink");
    e.named_plain("bad", "scan.pdf", LINK)
        .check("target", never_mentions("bad", "root:"))
}

fn link_to_root(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    symlink("/", ctx.batch.join("bad/rootfs")).expect("symlink");
    e.named_plain("bad", "rootfs", LINK)
        .check("target", no_documents_from("bad", "rootfs"))
}

fn link_borrowed_package(ctx: &Ctx) -> Expect {
    // A package of a manifest and a link to the good package: judged on another
    // package's scans it passes.
    let e = package(ctx, "borrowed");
    symlink(format!("../{GOOD}"), ctx.batch.join("borrowed/good_link")).expect("symlink");
    e.named_plain("borrowed", "good_link", LINK)
        .check("target", no_documents_from("borrowed", "good_link"))
        .check("status", not_pass("borrowed"))
}

fn link_up_dir(ctx: &Ctx) -> Expect {
    let e = package(ctx, "updir");
    symlink("..", ctx.batch.join("updir/up_dir")).expect("symlink");
    e.named_plain("updir", "up_dir", LINK)
        .check("target", no_documents_from("updir", "up_dir"))
        .check("status", not_pass("updir"))
}

fn link_sibling_file(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    symlink(
        format!("../{GOOD}/{PASSPORT}"),
        ctx.batch.join("bad/passport.jpg"),
    )
    .expect("symlink");
    e.named_plain("bad", "passport.jpg", LINK)
        .check("target", no_documents_from("bad", "passport.jpg"))
}

fn link_outside_file(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    let target = ctx.outside.join("passport.jpg");
    fs::write(&target, ctx.fixture_file(PASSPORT)).expect("write");
    symlink(&target, ctx.batch.join("bad/passport.jpg")).expect("symlink");
    e.named_plain("bad", "passport.jpg", LINK)
        .check("target", no_documents_from("bad", "passport.jpg"))
}

fn link_package_alias(ctx: &Ctx) -> Expect {
    // A package folder of the batch that is a link to its sibling `good`.
    symlink(GOOD, ctx.batch.join("alias")).expect("symlink");
    Expect::default()
        .package("alias")
        .check("target", no_documents_from("alias", ""))
        .check("status", not_pass("alias"))
}

fn link_broken(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    symlink("nowhere.jpg", ctx.batch.join("bad/scan.jpg")).expect("symlink");
    e.named_plain("bad", "scan.jpg", LINK)
}

fn link_loop(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    symlink("b.jpg", ctx.batch.join("bad/a.jpg")).expect("symlink");
    symlink("a.jpg", ctx.batch.join("bad/b.jpg")).expect("symlink");
    e.named_plain("bad", "a.jpg", LINK)
        .named_plain("bad", "b.jpg", LINK)
}

fn link_cycle_inside_package(ctx: &Ctx) -> Expect {
    // `sub/again -> ..` stays inside the package: allowed, and read once.
    let e = one_file(ctx, "scan.jpg", b"", UNREADABLE);
    fs::create_dir_all(ctx.batch.join("bad/sub")).expect("mkdir");
    symlink("..", ctx.batch.join("bad/sub/again")).expect("symlink");
    e
}

fn manifest_link_outside(ctx: &Ctx) -> Expect {
    let e = Expect::default().package("mout");
    for f in [CONSENT, PASSPORT] {
        ctx.write(&format!("mout/{f}"), &ctx.fixture_file(f));
    }
    let outside = ctx.outside.join("package.toml");
    let manifest = ctx.good_manifest().replace("MIKHAILOV", "OUTSIDERSURNAME");
    fs::write(&outside, manifest).expect("write");
    symlink(&outside, ctx.batch.join("mout/package.toml")).expect("symlink");
    e.named_plain("mout", "package.toml", MANIFEST_INVALID)
        .check("target", never_mentions("mout", "OUTSIDERSURNAME"))
        .check("status", not_pass("mout"))
}

fn manifest_link_sibling(ctx: &Ctx) -> Expect {
    let e = Expect::default().package("msib");
    for f in [CONSENT, PASSPORT] {
        ctx.write(&format!("msib/{f}"), &ctx.fixture_file(f));
    }
    symlink(
        format!("../{GOOD}/package.toml"),
        ctx.batch.join("msib/package.toml"),
    )
    .expect("symlink");
    e.named_plain("msib", "package.toml", MANIFEST_INVALID)
        .check("status", not_pass("msib"))
}

fn unprivileged(mut e: Expect) -> Expect {
    e.unprivileged = true;
    e
}

fn chmod_000_file(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    let path = ctx.write("bad/scan.jpg", &jpeg(64, 64));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    unprivileged(e.named_plain("bad", "scan.jpg", Want::Reading))
}

fn chmod_000_folder(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    ctx.write("bad/sub/scan.jpg", &jpeg(64, 64));
    fs::set_permissions(ctx.batch.join("bad/sub"), fs::Permissions::from_mode(0o000))
        .expect("chmod");
    unprivileged(e.named_plain("bad", "sub", Want::Reading))
}

fn nesting_50_levels(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    let rel: Vec<String> = (1..=50).map(|i| format!("d{i:02}")).collect();
    ctx.write(&format!("bad/{}/scan.jpg", rel.join("/")), &jpeg(32, 32));
    e.named_plain("bad", "d01/d02/d03", Want::Reading)
}

fn tiny_packages_5000(ctx: &Ctx) -> Expect {
    let mut e = Expect::default();
    for i in 0..5000 {
        let id = format!("p{i:04}");
        ctx.write(&format!("{id}/scan.jpg"), b"");
        e = e.package(&id).named(&id, "scan.jpg", UNREADABLE);
    }
    e.timeout = Some(Duration::from_secs(120));
    e
}

fn fifo_in_package(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    mkfifo(&ctx.batch.join("bad/scan.jpg"));
    mkfifo(&ctx.batch.join("bad/pipe"));
    e.named_plain("bad", "scan.jpg", NOT_A_FILE)
        .named_plain("bad", "pipe", NOT_A_FILE)
}

/// Entries beside the package folders: a note, a named pipe, a hidden file. They belong
/// to no package, so they are listed at the batch level (issue 10, item 4).
fn loose_in_batch(ctx: &Ctx) -> Expect {
    ctx.write("README.md", b"batch of 2026-11-25\n");
    ctx.write(".DS_Store", b"\0\0\0\x01Bud1");
    mkfifo(&ctx.batch.join("drop"));
    Expect::default().check("listed", |run| {
        let listed: Vec<&str> = run
            .json
            .as_ref()
            .and_then(|j| j["not_in_a_package"].as_array())
            .map(|a| a.iter().filter_map(|e| e["file"].as_str()).collect())
            .unwrap_or_default();
        if listed == [".DS_Store", "README.md", "drop"] {
            Ok(())
        } else {
            Err(format!("not_in_a_package lists {listed:?}"))
        }
    })
}

fn socket_in_package(ctx: &Ctx) -> Expect {
    let e = package(ctx, "bad");
    let listener =
        std::os::unix::net::UnixListener::bind(ctx.batch.join("bad/scan.sock")).expect("bind");
    drop(listener); // the socket file stays
    e.named_plain("bad", "scan.sock", NOT_A_FILE)
}

fn manifest_is_fifo(ctx: &Ctx) -> Expect {
    fs::create_dir_all(ctx.batch.join("mfifo")).expect("mkdir");
    for f in [CONSENT, PASSPORT] {
        ctx.write(&format!("mfifo/{f}"), &ctx.fixture_file(f));
    }
    mkfifo(&ctx.batch.join("mfifo/package.toml"));
    Expect::default()
        .package("mfifo")
        .named_plain("mfifo", "package.toml", MANIFEST_INVALID)
}

fn empty_package(ctx: &Ctx) -> Expect {
    fs::create_dir_all(ctx.batch.join("empty")).expect("mkdir");
    Expect::default().package("empty").check("finding", |run| {
        let f = run.findings("empty");
        if f.iter().all(|f| f["severity"] != "error") {
            return Err("no error for an empty package".to_string());
        }
        if f.iter().any(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("Scan it again"))
        }) {
            return Err("advice does not fit the cause (\"Scan it again\")".to_string());
        }
        Ok(())
    })
}

// ---------------------------------------------------------------- manifests

fn bad_manifest(ctx: &Ctx, text: &[u8], want: Want) -> Expect {
    ctx.write("mbad/package.toml", text);
    ctx.write("mbad/scan.jpg", b"");
    Expect::default()
        .package("mbad")
        .named("mbad", "package.toml", want)
        .named("mbad", "scan.jpg", UNREADABLE)
}

fn manifest_not_toml(ctx: &Ctx) -> Expect {
    bad_manifest(ctx, b"this is { not toml\n", MANIFEST_INVALID)
}

fn manifest_binary(ctx: &Ctx) -> Expect {
    bad_manifest(ctx, &noise(4096, 9), MANIFEST_INVALID)
}

fn manifest_syntax_error(ctx: &Ctx) -> Expect {
    bad_manifest(
        ctx,
        b"service = \"iin\"\n[applicant\nsurname = \"X\"\n",
        MANIFEST_INVALID,
    )
}

fn manifest_wrong_types(ctx: &Ctx) -> Expect {
    let text = ctx
        .good_manifest()
        .replace("surname = \"MIKHAILOV\"", "surname = 5")
        .replace("date_of_birth = \"2002-03-24\"", "date_of_birth = true");
    // Issue 10, item 6: every type error reported, each with its line.
    bad_manifest(ctx, text.as_bytes(), MANIFEST_INVALID).check("every error", |run| {
        let n = run
            .findings("mbad")
            .iter()
            .filter(|f| f["code"] == "manifest_invalid")
            .count();
        if n >= 2 {
            Ok(())
        } else {
            Err(format!(
                "{n} manifest_invalid finding(s) for two type errors"
            ))
        }
    })
}

fn manifest_unknown_service(ctx: &Ctx) -> Expect {
    let text = ctx
        .good_manifest()
        .replace("service = \"iin\"", "service = \"no_such_service\"");
    bad_manifest(ctx, text.as_bytes(), MANIFEST_INVALID)
}

fn manifest_bad_date(ctx: &Ctx) -> Expect {
    let text = ctx.good_manifest().replace("2002-03-24", "2002-13-45");
    bad_manifest(ctx, text.as_bytes(), MANIFEST_INVALID)
}

fn manifest_deep_arrays(ctx: &Ctx) -> Expect {
    let depth = 100_000;
    let mut text = b"service = \"iin\"\nx = ".to_vec();
    text.extend(std::iter::repeat_n(b'[', depth));
    text.extend(std::iter::repeat_n(b']', depth));
    text.push(b'\n');
    bad_manifest(ctx, &text, MANIFEST_INVALID)
}

/// The good manifest followed by unknown keys: `keys` of them, or until `bytes` long.
fn unknown_keys(ctx: &Ctx, keys: usize, bytes: usize) -> Expect {
    let mut text = ctx.good_manifest();
    let mut i = 0;
    while i < keys || text.len() < bytes {
        text.push_str(&format!("unknown_key_{i:07} = 1\n"));
        i += 1;
    }
    ctx.write("mkeys/package.toml", text.as_bytes());
    ctx.write("mkeys/scan.jpg", b"");
    // Issue 10, item 6: one finding listing the first few unknown keys.
    Expect::default()
        .package("mkeys")
        .named("mkeys", "package.toml", MANIFEST_INVALID)
        .named("mkeys", "scan.jpg", UNREADABLE)
        .check("findings", at_most_findings("mkeys", "manifest_invalid", 3))
        .check("size", report_smaller_than(256 << 10))
}

fn manifest_80000_unknown_keys(ctx: &Ctx) -> Expect {
    unknown_keys(ctx, 80_000, 0)
}

fn manifest_10mb_unknown_keys(ctx: &Ctx) -> Expect {
    unknown_keys(ctx, 0, 10 << 20)
}

/// Over the manifest's size limit: refused whole.
fn manifest_surname_10mb(ctx: &Ctx) -> Expect {
    long_surname(ctx, 10 << 20, 1 << 20)
}

/// Under the size limit, so it is read: the overlong value is an error, not echoed.
fn manifest_surname_500kb(ctx: &Ctx) -> Expect {
    long_surname(ctx, 500 << 10, 64 << 10)
}

/// Package `mlong` whose manifest surname is `len` letters; the report stays under
/// `report_limit` bytes (issue 10, item 5: manifest values are capped in reports).
fn long_surname(ctx: &Ctx, len: usize, report_limit: usize) -> Expect {
    let surname = "A".repeat(len);
    let text = ctx
        .good_manifest()
        .replace("\"MIKHAILOV\"", &format!("\"{surname}\""));
    ctx.write("mlong/package.toml", text.as_bytes());
    for f in [CONSENT, PASSPORT] {
        ctx.write(&format!("mlong/{f}"), &ctx.fixture_file(f));
    }
    Expect::default()
        .package("mlong")
        .check("status", not_pass("mlong"))
        .check("size", report_smaller_than(report_limit))
}

fn manifest_chmod_000(ctx: &Ctx) -> Expect {
    let path = ctx.write("mperm/package.toml", ctx.good_manifest().as_bytes());
    ctx.write("mperm/scan.jpg", b"");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    unprivileged(Expect::default().package("mperm").named_plain(
        "mperm",
        "package.toml",
        Want::Reading,
    ))
}

// ---------------------------------------------------------------- names

/// A package `names` holding zero-byte files with the given raw names.
fn names_case(ctx: &Ctx, files: &[&[u8]]) -> Expect {
    let dir = ctx.batch.join("names");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("package.toml"), ctx.good_manifest()).expect("manifest");
    for name in files {
        fs::write(dir.join(OsStr::from_bytes(name)), b"").expect("write");
    }
    Expect::default().package("names").text()
}

fn name_with_newline(ctx: &Ctx) -> Expect {
    names_case(ctx, &[b"forged\nPASS  good  [iin] all fine\n.jpg"])
        .named("names", "forged", UNREADABLE)
}

fn name_with_escape(ctx: &Ctx) -> Expect {
    names_case(ctx, &[b"clear\x1b[2J\x1b[H.jpg"]).named("names", "clear", UNREADABLE)
}

fn name_with_bidi_override(ctx: &Ctx) -> Expect {
    names_case(ctx, &["invoice\u{202E}gpj.exe.jpg".as_bytes()])
        .named("names", "invoice", UNREADABLE)
}

fn names_non_utf8_differ(ctx: &Ctx) -> Expect {
    names_case(ctx, &[b"scan_\xff.jpg", b"scan_\xfe.jpg"]).check("lossless", |run| {
        let files: Vec<String> = run
            .findings("names")
            .iter()
            .filter(|f| f["code"] == "unreadable_file")
            .flat_map(|f| f["evidence"].as_array().cloned().unwrap_or_default())
            .filter_map(|e| e["file"].as_str().map(str::to_string))
            .filter(|f| f.contains("scan_"))
            .collect();
        let mut distinct = files.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() < 2 {
            return Err(format!("the two files show as {distinct:?}"));
        }
        if files.iter().any(|f| f.contains('\u{FFFD}')) {
            return Err("a name shows U+FFFD (lossy)".to_string());
        }
        Ok(())
    })
}

fn package_name_with_escape(ctx: &Ctx) -> Expect {
    let dir = ctx.batch.join(OsStr::from_bytes(b"pkg\x1b[31mred"));
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("scan.jpg"), b"").expect("write");
    let mut e = Expect::default().text();
    e.checks.push((
        "complete",
        Box::new(|run: &Run| {
            let n = run
                .json
                .as_ref()
                .and_then(|j| j["packages"].as_array().map(Vec::len))
                .unwrap_or(0);
            if n == 2 {
                Ok(())
            } else {
                Err(format!("{n} packages reported for 2"))
            }
        }),
    ));
    e
}

fn cache_dir_mode_kept(_ctx: &Ctx) -> Expect {
    // Issue 10, item 7: --cache-dir never changes the mode of a folder it did not create.
    let mut e = Expect::default().check("mode", |run| {
        let mode = fs::metadata(&run.cache)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        if mode == 0o755 {
            Ok(())
        } else {
            Err(format!("the shared cache folder is now {mode:o}, was 755"))
        }
    });
    e.own_cache = true;
    e
}
