//! PDF files: loading with limits, encryption, and choosing each page's content.
//!
//! A page whose text layer holds real text (at least [`MIN_TEXT_CHARS`] letters or
//! digits: a born-digital certificate, or a scan already OCRed by the office's software)
//! is returned as text, exact and free. Otherwise the page is a scan, and its largest
//! embedded image is decoded by [`super::pdf_image`].

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::sniff::find;
use super::{pdf_image, pdf_structure, Limits, PageContent};

/// Letters and digits a text layer needs before it is trusted over the page image.
/// Scanner software often leaves a stray page number or a few garbage glyphs in the
/// text layer of a pure scan; 20 is well above that and well below any real document.
pub const MIN_TEXT_CHARS: usize = 20;

/// How deep form XObjects are searched for scan images (forms inside forms).
const MAX_FORM_DEPTH: usize = 4;

const ENCRYPTED: &str = "the PDF is encrypted (password-protected); save an unprotected copy \
                         and check that instead";

/// Loads a PDF, refusing encrypted ones: lopdf silently opens documents whose user
/// password is empty, but an office would not accept a protected file either.
fn load(bytes: &[u8]) -> Result<Document, String> {
    match Document::load_mem(bytes) {
        Ok(doc) => {
            if doc.was_encrypted() || doc.trailer.get(b"Encrypt").is_ok() {
                Err(ENCRYPTED.to_string())
            } else {
                Ok(doc)
            }
        }
        Err(e) => {
            // A bogus or unsupported encryption dictionary makes the load fail; the
            // clerk still needs to hear "encrypted", not "damaged".
            if find(bytes, b"/Encrypt").is_some() {
                Err(ENCRYPTED.to_string())
            } else if find(&bytes[bytes.len().saturating_sub(1024)..], b"%%EOF").is_none()
                && find(bytes, b" obj").is_some()
            {
                // Objects, but no end: a PDF cut off in transfer. (Random bytes after a
                // `%PDF-` header have no objects at all: damaged, not truncated.)
                let _ = e;
                Err("the PDF is truncated: the file ends before the document does".to_string())
            } else {
                Err("the PDF is damaged and cannot be read".to_string())
            }
        }
    }
}

/// Counts the pages, within the page limit.
pub(super) fn count_pages(bytes: &[u8], limits: &Limits) -> Result<u32, String> {
    let doc = load(bytes)?;
    pdf_structure::check_page_tree(&doc)?;
    let n = doc.get_pages().len();
    if n == 0 {
        return Err("the PDF has no pages".to_string());
    }
    if n > limits.max_pdf_pages {
        return Err(format!(
            "the PDF has {n} pages, more than the {} accepted in one file",
            limits.max_pdf_pages
        ));
    }
    u32::try_from(n).map_err(|_| "the PDF has too many pages".to_string())
}

/// The content of page `page` (1-based): its text layer when that has real text,
/// else its largest scan image.
pub(super) fn load_page(bytes: &[u8], page: u32, limits: &Limits) -> Result<PageContent, String> {
    let mut doc = load(bytes)?;
    let pages = doc.get_pages();
    let &page_id = pages
        .get(&page)
        .ok_or_else(|| format!("the PDF has no page {page}"))?;
    // pdf-extract and lopdf's resource walk recurse and loop without bounds.
    pdf_structure::check_page(&doc, page_id, page)?;
    // pdf-extract inflates every XObject a page draws, images included, whole and
    // without a bound (then reads the pixels as drawing operators): a deflate bomb in a
    // scan would cost gigabytes there. Text never lives in an image, so the images'
    // data is set aside while the text is read, and put back for the image decoder.
    let stash = take_image_data(&mut doc);
    let text = page_text(&doc, page);
    for (id, data) in stash {
        if let Ok(Object::Stream(s)) = doc.get_object_mut(id) {
            s.content = data;
        }
    }
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    if letters >= MIN_TEXT_CHARS {
        return Ok(PageContent::Text(text));
    }
    match largest_image(&doc, page_id) {
        Some((w, h, stream)) => {
            pdf_image::decode(&doc, stream, w, h, page, limits).map(PageContent::Image)
        }
        None if letters > 0 => Ok(PageContent::Text(text)),
        None => Err(format!("page {page} has neither text nor a scan image")),
    }
}

/// Empties the data of every image XObject of the document, returning it by object id.
fn take_image_data(doc: &mut Document) -> Vec<(ObjectId, Vec<u8>)> {
    doc.objects
        .iter_mut()
        .filter_map(|(id, obj)| match obj {
            Object::Stream(s)
                if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") =>
            {
                Some((*id, std::mem::take(&mut s.content)))
            }
            _ => None,
        })
        .collect()
}

/// The page's text layer, via pdf-extract (good word spacing), falling back to lopdf's
/// simpler extractor when pdf-extract fails or panics (it does on some odd PDFs).
fn page_text(doc: &Document, page: u32) -> String {
    let extracted = catch_unwind(AssertUnwindSafe(|| {
        let mut out = String::new();
        let mut sink = pdf_extract::PlainTextOutput::new(&mut out);
        pdf_extract::output_doc_page(doc, &mut sink, page).map(|()| out)
    }));
    let raw = match extracted {
        Ok(Ok(text)) => text,
        _ => catch_unwind(AssertUnwindSafe(|| doc.extract_text(&[page])))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default(),
    };
    tidy(&raw)
}

/// Trims line ends and squeezes runs of blank lines, which pdf-extract emits freely.
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank = 0;
    for line in raw.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// `(width, height, stream)` of the page's largest image, looking inside forms: the
/// scan (logos, stamps and signatures are smaller). Shared by the page reader and the
/// damage check of [`super::pdf_image::damaged_scans`].
pub(super) fn largest_image(doc: &Document, page_id: ObjectId) -> Option<(u32, u32, &Stream)> {
    let mut images = Vec::new();
    let mut seen = HashSet::new();
    for resources in page_resources(doc, page_id) {
        collect_images(doc, resources, 0, &mut seen, &mut images);
    }
    images
        .into_iter()
        .max_by_key(|(w, h, _)| u64::from(*w) * u64::from(*h))
}

/// The page's resource dictionaries: its own and any inherited from the page tree.
fn page_resources(doc: &Document, page_id: ObjectId) -> Vec<&Dictionary> {
    let mut out = Vec::new();
    if let Ok((own, inherited)) = doc.get_page_resources(page_id) {
        out.extend(own);
        out.extend(
            inherited
                .into_iter()
                .filter_map(|id| doc.get_dictionary(id).ok()),
        );
    }
    out
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

/// Collects `(width, height, stream)` of every image XObject reachable from
/// `resources`, looking inside form XObjects too (scanner software often wraps the scan
/// in a form).
fn collect_images<'a>(
    doc: &'a Document,
    resources: &'a Dictionary,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<(u32, u32, &'a Stream)>,
) {
    let Some(xobjects) = resources
        .get(b"XObject")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return;
    };
    for (_, value) in xobjects.iter() {
        if let Object::Reference(id) = value {
            if !seen.insert(*id) {
                continue;
            }
        }
        let Some(stream) = deref(doc, value).and_then(|o| o.as_stream().ok()) else {
            continue;
        };
        let dict = &stream.dict;
        match dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => {
                let dim = |key: &[u8]| {
                    dict.get(key)
                        .ok()
                        .and_then(|o| deref(doc, o))
                        .and_then(|o| o.as_i64().ok())
                        .and_then(|v| u32::try_from(v).ok())
                };
                if let (Some(w), Some(h)) = (dim(b"Width"), dim(b"Height")) {
                    out.push((w, h, stream));
                }
            }
            Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                if let Some(inner) = dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| deref(doc, o))
                    .and_then(|o| o.as_dict().ok())
                {
                    collect_images(doc, inner, depth + 1, seen, out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_squeezes_blank_lines() {
        assert_eq!(tidy("\n\nA  \n\n\n\nB\n\n"), "A\n\nB");
    }

    #[test]
    fn garbage_is_damaged_and_cut_files_are_truncated() {
        let err = load(b"%PDF-1.4\n%%EOF\n").unwrap_err();
        assert!(err.starts_with("the PDF is damaged"), "{err}");
        let err = load(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog").unwrap_err();
        assert!(err.starts_with("the PDF is truncated"), "{err}");
        // Random bytes after the header hold no object: damaged, not "truncated".
        let mut noise = b"%PDF-1.7\n".to_vec();
        let mut x = 12345u32;
        noise.extend((0..4096).map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 16) as u8
        }));
        let err = load(&noise).unwrap_err();
        assert_eq!(err, "the PDF is damaged and cannot be read");
    }

    fn bytes(mut doc: Document) -> Vec<u8> {
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }

    #[test]
    fn looping_structures_are_refused_before_pdf_extract_sees_them() {
        use super::pdf_structure::tests as built;
        let limits = Limits::default();
        for doc in [built::self_drawing_form(), built::forms_a_b_a()] {
            let err = load_page(&bytes(doc), 1, &limits).unwrap_err();
            assert!(err.contains("a drawing on page 1 draws itself"), "{err}");
        }
        let err = count_pages(&bytes(built::pages_own_parent()), &limits).unwrap_err();
        assert!(err.contains("its page tree is its own parent"), "{err}");
        let err = load_page(&bytes(built::resources_cycle()), 1, &limits).unwrap_err();
        assert!(err.contains("refer to themselves"), "{err}");
    }

    #[test]
    fn nesting_at_the_cap_fits_a_worker_threads_stack() {
        // pdf-extract recurses once per nested form; at the cap it must fit in the
        // 2 MiB stack of a rayon worker, with room to spare (half of it here).
        let pdf = bytes(super::pdf_structure::tests::nested_forms(
            super::pdf_structure::MAX_DRAW_DEPTH,
        ));
        let result = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || load_page(&pdf, 1, &Limits::default()))
            .unwrap()
            .join()
            .expect("no overflow");
        let err = result.unwrap_err();
        assert!(err.contains("neither text nor a scan image"), "{err}");
    }
}
