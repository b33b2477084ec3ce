//! Findings from reading: files that could not be read, documents no kind fits, and
//! file names that suggest another kind than the content. These need no service.

use crate::findings::Code;
use crate::model::{Document, Evidence, Finding, PackageRead};

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

/// `unreadable_file`: one finding per problem the reading half reported.
fn unreadable_file(read: &PackageRead, out: &mut Vec<Finding>) {
    for p in &read.problems {
        let where_ = match p.page {
            Some(page) => format!("Page {page} of {}", p.file),
            None => format!("The file {}", p.file),
        };
        let reason = p.reason.trim().trim_end_matches('.');
        out.push(Code::UnreadableFile.finding(
            None,
            format!("{where_} could not be read: {reason}. Scan it again and replace it."),
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
    use crate::model::{ClassEvidence, ReadProblem, Severity};
    use crate::validate::testkit::*;

    #[test]
    fn damage_becomes_a_damaged_scan_warning_unless_the_page_is_unreadable() {
        let mut read = package(vec![]);
        let damage = |file: &str, page| ReadProblem {
            file: file.into(),
            page,
            reason: "the JPEG image is cut short (the file ends before the image does)".into(),
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
        read.problems = vec![ReadProblem {
            file: "scan.pdf".into(),
            page: Some(2),
            reason: "the scan image on page 2 is damaged".into(),
        }];
        assert_eq!(codes(&check(&read)), ["unreadable_file", "damaged_scan"]);
    }

    #[test]
    fn problems_become_unreadable_file() {
        let mut read = package(vec![]);
        read.problems = vec![
            ReadProblem {
                file: "a.pdf".into(),
                page: None,
                reason: "the PDF is encrypted".into(),
            },
            ReadProblem {
                file: "b.tiff".into(),
                page: Some(3),
                reason: "truncated image data.".into(),
            },
        ];
        let out = check(&read);
        assert_eq!(codes(&out), ["unreadable_file", "unreadable_file"]);
        assert_eq!(
            out[0].message,
            "The file a.pdf could not be read: the PDF is encrypted. Scan it again and replace it."
        );
        assert!(out[1]
            .message
            .starts_with("Page 3 of b.tiff could not be read: truncated"));
        assert_eq!(out[1].evidence[0].page, 3);
        assert_eq!(out[0].severity, Severity::Error);
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
