//! Reports: the verdict on every package of a batch, rendered as text for a person,
//! JSON for a program (documented in `docs/report.md`, schema in
//! `docs/report.schema.json`) or JUnit XML for CI gates; and an atomic, owner-only
//! writer for `--output FILE`. Also the renderings of `dossier inspect` and
//! `dossier services`.
//!
//! A report is built once, after every package has been judged, so rendering is pure
//! and deterministic: packages in the order given, findings in validate's order, maps
//! keyed by `BTreeMap`. The one exception is the stream of `--format jsonl`
//! ([`JsonlRecord`]), whose package lines come in the order packages were judged.

mod diff;
mod html;
mod inspect;
mod json;
mod junit;
mod merge;
mod services;
mod text;
mod write;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::display;
use crate::findings::{Finding, Severity, Status};
use crate::model::{Document, Evidence, LooseEntry, PackageRead, PageText, SkippedEntry};

pub use diff::{diff, diff_text, Change, Diff, DiffSummary, Expiring, PackageChange};
pub use html::{diff_html, html, Scans};
pub use inspect::{inspect_json, inspect_text, Inspected};
pub(crate) use json::slashed;
pub use json::{
    json, package_json, DocumentJson, DueJson, EndJson, EvidenceJson, FieldJson, FindingJson,
    JsonlRecord, PackageJson, ReportJson, ShardJson, SummaryJson,
};
pub use junit::{junit, xml_escape};
pub use merge::{merge, MergeError};
pub use services::{service_text, services_text};
pub use text::{package_line, text};
pub use write::{create_private, write_atomic};

/// The verdict on a whole batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The check date every date rule was judged against.
    pub as_of: NaiveDate,
    /// Set when the run checked one shard of the batch (`check --shard K/N`).
    pub shard: Option<ShardOf>,
    pub packages: Vec<PackageReport>,
    /// Entries of the batch folders that belong to no package, never read.
    pub loose: Vec<LooseEntry>,
    pub summary: Summary,
}

/// The part of a batch a sharded run checked: shard `shard` of the packages under
/// `roots`, the paths the run was given. `dossier merge` needs both to put the shards'
/// packages back in the order one run over the whole batch gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardOf {
    pub shard: crate::ingest::Shard,
    pub roots: Vec<PathBuf>,
}

/// The verdict on one package.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageReport {
    /// The package folder's name.
    pub id: String,
    pub path: PathBuf,
    /// The service the package was judged against, if one was known.
    pub service: Option<String>,
    pub status: Status,
    pub documents: Vec<Document>,
    pub findings: Vec<Finding>,
    /// Entries of the package folder skipped on purpose (hidden, not documents), listed
    /// so that nothing is dropped without a word.
    pub skipped: Vec<SkippedEntry>,
    /// Every page read, with its size as stored.
    pub pages: Vec<PageSize>,
}

/// Counts over the batch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub packages: usize,
    pub pass: usize,
    pub review: usize,
    pub fail: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Number of findings of each code.
    pub by_code: BTreeMap<String, usize>,
}

impl PackageReport {
    /// The report of one package: its status follows from the findings.
    ///
    /// This is where reports cap what they echo, once for every renderer: each finding
    /// message at [`display::MESSAGE_CAP`] characters, each piece of evidence text and
    /// each field value at [`display::CAP`], so a 10 MB surname in a manifest or a page
    /// of text read as one value cannot blow a report up. It is also where every box
    /// leaves the frame OCR read in for the coordinates of the page as stored
    /// ([`PageText::stored_box`]), so every renderer draws on the file as it is.
    pub fn new(
        read: PackageRead,
        service: Option<String>,
        mut findings: Vec<Finding>,
        skipped: Vec<SkippedEntry>,
    ) -> Self {
        let pages: BTreeMap<(&str, u32), &PageText> = read
            .pages
            .iter()
            .map(|p| ((p.page.file.as_str(), p.page.page), p))
            .collect();
        let place = |e: &mut Evidence| {
            cap_evidence(e);
            if let (Some(b), Some(page)) = (e.bbox, pages.get(&(e.file.as_str(), e.page))) {
                e.bbox = Some(page.stored_box(b));
            }
        };
        for f in &mut findings {
            cap_in_place(&mut f.message, display::MESSAGE_CAP);
            f.evidence.iter_mut().for_each(place);
        }
        let mut documents = read.documents;
        for d in &mut documents {
            for field in d.fields.values_mut() {
                cap_in_place(&mut field.value, display::CAP);
                place(&mut field.source);
            }
        }
        let page_sizes = read
            .pages
            .iter()
            .map(|p| {
                let (width, height) = p.stored_size();
                PageSize {
                    file: p.page.file.clone(),
                    page: p.page.page,
                    width,
                    height,
                }
            })
            .collect();
        PackageReport {
            id: read.id,
            path: read.path,
            service,
            status: Status::from_findings(&findings),
            documents,
            findings,
            skipped,
            pages: page_sizes,
        }
    }
}

/// The size of one page as stored, in pixels (0 × 0 for a page read from a PDF's text
/// layer): what the boxes of a report are drawn on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSize {
    pub file: String,
    pub page: u32,
    pub width: u32,
    pub height: u32,
}

fn cap_in_place(s: &mut String, max: usize) {
    if let Cow::Owned(capped) = display::cap(s, max) {
        *s = capped;
    }
}

fn cap_evidence(e: &mut Evidence) {
    if let Some(t) = &mut e.text {
        cap_in_place(t, display::CAP);
    }
}

impl Summary {
    /// Counts the statuses and findings of `packages`.
    pub fn of(packages: &[PackageReport]) -> Summary {
        Summary::count(packages.iter().map(|p| {
            (
                p.status,
                p.findings.iter().map(|f| (f.severity, f.code.as_str())),
            )
        }))
    }

    /// Counts packages given as their status and their findings' severities and codes:
    /// the one rule behind the summary of a report and of a merged report.
    pub fn count<'a, F>(packages: impl Iterator<Item = (Status, F)>) -> Summary
    where
        F: Iterator<Item = (Severity, &'a str)>,
    {
        let mut s = Summary::default();
        for (status, findings) in packages {
            s.packages += 1;
            match status {
                Status::Pass => s.pass += 1,
                Status::Review => s.review += 1,
                Status::Fail => s.fail += 1,
            }
            for (severity, code) in findings {
                match severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                }
                *s.by_code.entry(code.to_string()).or_default() += 1;
            }
        }
        s
    }
}

impl Report {
    /// A report over `packages` and the batch's `loose` entries, with the summary
    /// computed.
    pub fn new(as_of: NaiveDate, packages: Vec<PackageReport>, loose: Vec<LooseEntry>) -> Report {
        let summary = Summary::of(&packages);
        Report {
            as_of,
            shard: None,
            packages,
            loose,
            summary,
        }
    }

    /// The worst status of the batch (`pass` for an empty batch).
    pub fn status(&self) -> Status {
        self.packages
            .iter()
            .map(|p| p.status)
            .max()
            .unwrap_or(Status::Pass)
    }

    /// The process exit code the report calls for: 0 when every package passes, 1 when
    /// any fails or needs review. (2, for usage and set-up errors, never comes from a
    /// report.)
    pub fn exit_code(&self) -> i32 {
        exit_code(self.status())
    }
}

/// The exit code for a batch whose worst status is `status`.
pub fn exit_code(status: Status) -> i32 {
    match status {
        Status::Pass => 0,
        Status::Review | Status::Fail => 1,
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A small hand-built report shared by the renderers' tests.
    use super::*;
    use crate::model::{BBox, ClassEvidence, Evidence, Field, FieldMethod};

    pub fn field(value: &str, conf: f32, file: &str) -> Field {
        Field {
            value: value.to_string(),
            confidence: conf,
            method: FieldMethod::Mrz,
            source: Evidence {
                file: file.to_string(),
                page: 1,
                bbox: Some(BBox {
                    x: 10,
                    y: 20,
                    w: 300,
                    h: 40,
                }),
                text: Some(value.to_string()),
                confidence: Some(conf),
            },
        }
    }

    pub fn report() -> Report {
        let mut fields = BTreeMap::new();
        fields.insert(
            "surname".to_string(),
            field("MUELLER", 91.5, "passport.png"),
        );
        fields.insert(
            "date_of_birth".to_string(),
            field("1985-03-12", 88.0, "passport.png"),
        );
        let passport = Document {
            file: "passport.png".into(),
            pages: vec![1],
            kind: crate::schema::kinds::test_kind("passport"),
            confidence: 0.97,
            evidence: vec![ClassEvidence {
                signal: "mrz".into(),
                detail: "TD3".into(),
                weight: 1.0,
            }],
            fields,
            mrz: None,
        };
        let good = PackageRead {
            id: "good".into(),
            path: "batch/good".into(),
            documents: vec![passport.clone()],
            problems: vec![],
            damaged: vec![],
            pages: vec![],
        };
        let bad = PackageRead {
            id: "bad <&> \"pkg\"".into(),
            path: "batch/bad".into(),
            documents: vec![passport],
            problems: vec![],
            damaged: vec![],
            pages: vec![],
        };
        let unsure = PackageRead {
            id: "unsure".into(),
            path: "batch/unsure".into(),
            documents: vec![],
            problems: vec![],
            damaged: vec![],
            pages: vec![],
        };
        let err = Finding {
            due: None,
            code: crate::findings::Code::NameMismatch,
            severity: Severity::Error,
            kind: Some(crate::schema::kinds::test_kind("passport_translation")),
            message:
                "The surname on the translation (МЮЛЛЕР) is not the passport's (MUELLER) & <x>."
                    .into(),
            evidence: vec![Evidence {
                file: "passport.png".into(),
                page: 1,
                bbox: None,
                text: Some("MUELLER\u{1}".into()),
                confidence: Some(91.5),
            }],
        };
        let warn = Finding {
            due: None,
            code: crate::findings::Code::LowConfidence,
            severity: Severity::Warning,
            kind: None,
            message: "The IIN was read with confidence 41.".into(),
            evidence: vec![],
        };
        Report::new(
            NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            vec![
                PackageReport::new(good, Some("c3_visa".into()), vec![], vec![]),
                PackageReport::new(bad, Some("c3_visa".into()), vec![err, warn.clone()], vec![]),
                PackageReport::new(unsure, None, vec![warn], vec![]),
            ],
            vec![LooseEntry {
                folder: "batch".into(),
                file: "stray\u{1b}[2J.jpg".into(),
                reason: "a document outside any package folder".into(),
            }],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_statuses_and_codes() {
        let r = fixtures::report();
        assert_eq!(r.summary.packages, 3);
        assert_eq!(
            (r.summary.pass, r.summary.review, r.summary.fail),
            (1, 1, 1)
        );
        assert_eq!((r.summary.errors, r.summary.warnings), (1, 2));
        assert_eq!(r.summary.by_code.get("low_confidence"), Some(&2));
        assert_eq!(r.status(), Status::Fail);
        assert_eq!(r.exit_code(), 1);
    }

    #[test]
    fn echoed_values_are_capped_once_for_every_renderer() {
        let huge = "M".repeat(10_000_000);
        let mut read = PackageRead {
            id: "big".into(),
            path: "batch/big".into(),
            documents: fixtures::report().packages[0].documents.clone(),
            problems: vec![],
            pages: vec![],
            damaged: vec![],
        };
        let field = read.documents[0]
            .fields
            .get_mut("surname")
            .expect("surname");
        field.value = huge.clone();
        field.source.text = Some(huge.clone());
        let finding = Finding {
            due: None,
            code: crate::findings::Code::NameMismatch,
            severity: Severity::Error,
            kind: None,
            message: format!("The manifest's surname ({huge}) is not the passport's."),
            evidence: vec![Evidence {
                file: "package.toml".into(),
                page: 0,
                bbox: None,
                text: Some(huge.clone()),
                confidence: None,
            }],
        };
        let p = PackageReport::new(read, None, vec![finding], vec![]);
        let f = &p.findings[0];
        assert!(f.message.chars().count() < display::MESSAGE_CAP + 40);
        assert!(
            f.message.ends_with(" more characters)"),
            "{}",
            &f.message[1900..]
        );
        let text = f.evidence[0].text.as_deref().expect("text");
        assert!(text.starts_with(&"M".repeat(display::CAP)));
        assert!(text.ends_with("… (9 999 800 more characters)"), "{text}");
        assert!(p.documents[0].fields["surname"].value.chars().count() < display::CAP + 40);
        let report = Report::new(
            NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
            vec![p],
            vec![],
        );
        assert!(json(&report).len() < 20_000);
        assert!(text::text(&report, false).len() < 20_000);
    }

    #[test]
    fn exit_codes_follow_worst_status() {
        assert_eq!(exit_code(Status::Pass), 0);
        assert_eq!(exit_code(Status::Review), 1);
        assert_eq!(exit_code(Status::Fail), 1);
        let empty = Report::new(
            NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
            vec![],
            vec![],
        );
        assert_eq!(empty.exit_code(), 0);
    }
}
