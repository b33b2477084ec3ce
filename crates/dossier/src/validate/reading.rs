//! Findings from reading: files that could not be read, documents no kind fits, and
//! file names that suggest another kind than the content. These need no service.

use crate::display;
use crate::findings::Code;
use crate::findings::Finding;
use crate::model::{Document, Evidence, PackageRead, ReadCause, ReadProblem};

use super::facts::kind_title;

/// The classifier's signal for a file name that suggests another kind.
pub(crate) const FILE_NAME_DISAGREES: &str = "file_name_disagrees";

/// Every reading finding of the package.
pub(crate) fn check(read: &PackageRead) -> Vec<Finding> {
    let mut out = Vec::new();
    unreadable_file(read, &mut out);
    damaged_scan(read, &mut out);
    for doc in &read.documents {
        unrecognized_document(doc, &mut out);
        kind_filename_mismatch(doc, &mut out);
    }
    out
}

fn doc_evidence(doc: &Document) -> Evidence {
    Evidence {
        file: doc.file.clone(),
        page: doc.pages.first().copied().unwrap_or(0),
        bbox: None,
        text: None,
        confidence: None,
    }
}

fn pages(doc: &Document) -> String {
    match doc.pages.as_slice() {
        [] => String::new(),
        [p] => format!(", page {p}"),
        [first, .., last] => format!(", pages {first}–{last}"),
    }
}

/// `unreadable_file`: one finding per problem the reading half reported, with the
/// advice that fits its cause ([`ReadCause::advice`]).
fn unreadable_file(read: &PackageRead, out: &mut Vec<Finding>) {
    for p in &read.problems {
        out.push(Code::UnreadableFile.finding(
            None,
            unreadable_message(p),
            vec![Evidence {
                file: p.file.clone(),
                page: p.page.unwrap_or(0),
                bbox: None,
                text: None,
                confidence: None,
            }],
        ));
    }
}

/// `damaged_scan`: one warning per file (or page) read all the same although part of its
/// scan is missing; none where the same file or page could not be read at all (that
/// `unreadable_file` says more).
fn damaged_scan(read: &PackageRead, out: &mut Vec<Finding>) {
    for d in &read.damaged {
        let unreadable = read.problems.iter().any(|p| {
            p.file == d.file && (p.page.is_none() || p.page == d.page || d.page.is_none())
        });
        if unreadable {
            continue;
        }
        let where_ = match d.page {
            Some(page) => format!("Page {page} of {}", d.file),
            None => format!("The file {}", d.file),
        };
        let reason = d.reason.trim().trim_end_matches('.');
        out.push(Code::DamagedScan.finding(
            None,
            format!(
                "{where_} is damaged: {reason}, so part of the scan is missing; it was \
                 checked as far as it goes. Scan it again and replace it."
            ),
            vec![Evidence {
                file: d.file.clone(),
                page: d.page.unwrap_or(0),
                bbox: None,
                text: None,
                confidence: None,
            }],
        ));
    }
}

/// "The file X could not be read: REASON. ADVICE" for a file; "X: REASON. ADVICE" for
/// what is not a file to read (a link, a folder, a fifo).
fn unreadable_message(p: &ReadProblem) -> String {
    let reason = clerk_reason(p);
    let advice = p.cause.advice();
    let folder = p.file == "." || p.file.is_empty();
    match p.cause {
        ReadCause::Link | ReadCause::NotAFile | ReadCause::TooDeep | ReadCause::EmptyFolder => {
            let what = if folder {
                "The package folder".to_string()
            } else {
                p.file.clone()
            };
            // "borrowed is a link ...": such a reason is worded to follow the name.
            if reason.starts_with("is ") {
                format!("{what} {reason}. {advice}")
            } else {
                format!("{what}: {reason}. {advice}")
            }
        }
        _ => {
            let where_ = match (p.page, folder) {
                (Some(page), _) => format!("Page {page} of {}", p.file),
                (None, true) => "The package folder".to_string(),
                (None, false) => format!("The file {}", p.file),
            };
            format!("{where_} could not be read: {reason}. {advice}")
        }
    }
}

/// The reason as a clerk may read it: one line, capped, without the system's error
/// numbers, and never a decoder's internal text (Rust debug output such as
/// `ChunkType { type: IDAT }`), which gives way to a plain sentence of the cause.
fn clerk_reason(p: &ReadProblem) -> String {
    let mut reason = p.reason.trim().trim_end_matches('.').to_string();
    while let Some(at) = reason.find(" (os error ") {
        let end = reason[at..].find(')').map_or(reason.len(), |e| at + e + 1);
        reason.replace_range(at..end, "");
    }
    if looks_internal(&reason) {
        return generic_reason(p.cause).to_string();
    }
    display::value(&reason)
}

/// True for text that comes from inside a decoder rather than from dossier's words.
fn looks_internal(s: &str) -> bool {
    const MARKERS: &[&str] = &[
        "{ ", " }", "::", "Some(", "None)", "Error(", "Kind(", "Err(", "Ok(", "[0x", "\"}",
    ];
    MARKERS.iter().any(|m| s.contains(m))
}

/// A plain sentence for a cause, for reasons that could not be shown as they were.
fn generic_reason(cause: ReadCause) -> &'static str {
    match cause {
        ReadCause::Empty => "the file is empty",
        ReadCause::Truncated => "the file ends before its content does",
        ReadCause::Encrypted => "the file is protected by a password",
        ReadCause::TooLarge => "the file is larger than dossier accepts",
        ReadCause::TooComplex => "the file is too complex to read within dossier's limits",
        ReadCause::UnknownFormat => "the file is not in a format dossier reads",
        ReadCause::UnsupportedCodec => "the file uses a compression dossier cannot decode",
        ReadCause::Permission => "dossier is not allowed to read it",
        ReadCause::Link => "is a link that was not followed",
        ReadCause::NotAFile => "is not a regular file",
        ReadCause::EmptyFolder => "the package folder holds no documents",
        ReadCause::TooDeep => "its folders are nested too deep",
        ReadCause::Changed => "the file changed while it was being checked",
        ReadCause::Damaged => "the file is damaged and its decoder could not read it",
    }
}

/// `unrecognized_document`: a document of kind `unrecognized`.
fn unrecognized_document(doc: &Document, out: &mut Vec<Finding>) {
    if doc.kind != "unrecognized" {
        return;
    }
    out.push(Code::UnrecognizedDocument.finding(
        None,
        format!(
            "{}{}: no document kind could be recognised; it is not counted towards the \
             service's requirements.",
            doc.file,
            pages(doc)
        ),
        vec![doc_evidence(doc)],
    ));
}

/// `kind_filename_mismatch`: the classifier left a `file_name_disagrees` signal.
fn kind_filename_mismatch(doc: &Document, out: &mut Vec<Finding>) {
    let Some(sig) = doc
        .evidence
        .iter()
        .find(|e| e.signal == FILE_NAME_DISAGREES)
    else {
        return;
    };
    let detail = sig.detail.trim().trim_end_matches('.');
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    };
    out.push(Code::KindFilenameMismatch.finding(
        Some(&doc.kind),
        format!(
            "The name of {} suggests another document{detail}, but its content reads as a {}; \
             check that the right scan was attached.",
            doc.file,
            kind_title(&doc.kind)
        ),
        vec![doc_evidence(doc)],
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Severity;
    use crate::model::{ClassEvidence, ReadProblem};
    use crate::validate::testkit::*;

    #[test]
    fn damage_becomes_a_damaged_scan_warning_unless_the_page_is_unreadable() {
        let mut read = package(vec![]);
        let damage = |file: &str, page| {
            ReadProblem::new(
                file,
                page,
                "the JPEG image is cut short (the file ends before the image does)",
            )
        };
        read.damaged = vec![damage("half.jpg", None), damage("scan.pdf", Some(2))];
        let out = check(&read);
        assert_eq!(codes(&out), ["damaged_scan", "damaged_scan"]);
        assert_eq!(out[0].severity, Severity::Warning);
        assert_eq!(
            out[0].message,
            "The file half.jpg is damaged: the JPEG image is cut short (the file ends before \
             the image does), so part of the scan is missing; it was checked as far as it \
             goes. Scan it again and replace it."
        );
        assert!(out[1].message.starts_with("Page 2 of scan.pdf is damaged"));
        assert_eq!(out[1].evidence[0].page, 2);
        // A page that could not be read at all is reported once, as unreadable.
        read.problems = vec![ReadProblem::new(
            "scan.pdf",
            Some(2),
            "the scan image on page 2 is damaged",
        )];
        assert_eq!(codes(&check(&read)), ["unreadable_file", "damaged_scan"]);
    }

    #[test]
    fn problems_become_unreadable_file() {
        let mut read = package(vec![]);
        read.problems = vec![
            ReadProblem::new("a.pdf", None, "the PDF is encrypted"),
            ReadProblem::new("b.tiff", Some(3), "truncated image data."),
        ];
        let out = check(&read);
        assert_eq!(codes(&out), ["unreadable_file", "unreadable_file"]);
        assert_eq!(
            out[0].message,
            "The file a.pdf could not be read: the PDF is encrypted. Save a copy without a \
             password (or print it to a new PDF) and put that in the package instead."
        );
        assert!(out[1]
            .message
            .starts_with("Page 3 of b.tiff could not be read: truncated image data. The file was probably cut off"));
        assert_eq!(out[1].evidence[0].page, 3);
        assert_eq!(out[0].severity, Severity::Error);
    }

    fn message(p: ReadProblem) -> String {
        let mut read = package(vec![]);
        read.problems = vec![p];
        check(&read).remove(0).message
    }

    #[test]
    fn advice_fits_the_cause() {
        let m = message(ReadProblem::new(
            "scan.jpg",
            None,
            "cannot open the file: Permission denied (os error 13)",
        ));
        assert_eq!(
            m,
            "The file scan.jpg could not be read: cannot open the file: Permission denied. \
             dossier may not read this file; ask whoever manages the folder to give read access."
        );
        let m = message(ReadProblem::because(
            ReadCause::Link,
            "borrowed",
            None,
            "is a link that points outside the folder being checked; it was not followed",
        ));
        assert_eq!(
            m,
            "borrowed is a link that points outside the folder being checked; it was not \
             followed. Put the file itself into the package folder instead of a link."
        );
        let m = message(ReadProblem::because(
            ReadCause::EmptyFolder,
            ".",
            None,
            "no files: the package folder holds no documents",
        ));
        assert!(m.starts_with("The package folder: no files"), "{m}");
        assert!(m.ends_with("or remove the folder from the batch."), "{m}");
        let m = message(ReadProblem::because(
            ReadCause::TooDeep,
            "a/b/c",
            None,
            "folders nested deeper than 16 levels were not read",
        ));
        assert!(m.starts_with("a/b/c: folders nested deeper") && m.contains("nearer the top"));
        let m = message(ReadProblem::new(
            "fax.pdf",
            Some(1),
            "the scan image on page 1 is stored as CCITTFaxDecode, which dossier cannot decode",
        ));
        assert!(
            m.ends_with(
                "Save the scan as JPEG or PNG (or a PDF made of JPEG images) and replace the file."
            ),
            "{m}"
        );
        for p in [
            ReadProblem::new("a.jpg", None, "the file is empty (0 bytes)"),
            ReadProblem::new(
                "b.pdf",
                None,
                "the file is 300.0 MiB, over the limit of 256.0 MiB",
            ),
            ReadProblem::new(
                "c.txt.pdf",
                None,
                "the file is not a PDF, JPEG, PNG, TIFF, BMP or WebP",
            ),
        ] {
            assert!(!message(p).contains("Scan the document again"));
        }
        // No cause named: the fallback still gives advice.
        assert!(message(ReadProblem::new("d.png", None, "odd"))
            .ends_with("Scan the document again and replace the file."));
    }

    #[test]
    fn decoder_debug_text_never_reaches_the_clerk() {
        let m = message(ReadProblem::new(
            "p.png",
            None,
            "Format error decoding Png: ChunkType { type: IDAT, critical: true } is invalid",
        ));
        assert!(!m.contains("ChunkType") && !m.contains('{'), "{m}");
        assert!(m.contains("the file is damaged"), "{m}");
        let long = ReadProblem::new("q.png", None, format!("bad {}", "x".repeat(5000)));
        assert!(message(long).len() < 500);
    }

    #[test]
    fn unrecognized_and_file_name_disagreement_are_warnings() {
        let mut odd = doc("unrecognized", "scan_03.jpg", &[]);
        odd.pages = vec![1, 2];
        let mut named = passport_doc();
        named.evidence.push(ClassEvidence {
            signal: FILE_NAME_DISAGREES.into(),
            detail: "file name says iin_certificate".into(),
            weight: 0.0,
        });
        let out = check(&package(vec![odd, named, translation_doc()]));
        assert_eq!(
            codes(&out),
            ["unrecognized_document", "kind_filename_mismatch"]
        );
        assert!(out.iter().all(|f| f.severity == Severity::Warning));
        assert!(out[0]
            .message
            .starts_with("scan_03.jpg, pages 1–2: no document kind"));
        assert!(out[1].message.contains("(file name says iin_certificate)"));
        assert_eq!(out[1].kind.as_deref(), Some("passport"));
    }
}
