//! Scores a report against the ground truth the sample generator writes beside each
//! package: `expected.json` (status and finding codes, from what was injected) and
//! `truth.json` (each file's documents: pages, kind, printed fields).
//!
//! Used by the integration tests over `fixtures/` and by `examples/evaluate.rs` over
//! freshly generated sets, so both measure the same way.
//!
//! Generated sets also record how each document was drawn (`layout`, `font`, `capture`,
//! and whether its layout family or font is held back from tuning); [`SplitScore`]
//! scores every figure separately for the seen and the held-back parts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::findings::Status;
use crate::report::PackageReport;

/// `expected.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Expected {
    pub service: String,
    pub status: Status,
    /// Sorted, unique finding codes.
    pub findings: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(flatten)]
    pub drawn: Drawn,
}

/// How a package or document was drawn (absent in the fixtures).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Drawn {
    /// Layout family id (`a`, `b`, `c`).
    #[serde(default)]
    pub layout: Option<String>,
    /// Font family id.
    #[serde(default)]
    pub font: Option<String>,
    #[serde(default)]
    pub layout_held_out: Option<bool>,
    #[serde(default)]
    pub font_held_out: Option<bool>,
    /// `scan` or `photo`.
    #[serde(default)]
    pub capture: Option<String>,
}

impl Drawn {
    /// The parts this belongs to: `all`, then `layout seen` or `layout held back`, `font
    /// seen` or `font held back`, and the capture (`scan` or `photo`), where recorded.
    pub fn parts(&self) -> Vec<String> {
        let mut v = vec!["all".to_string()];
        let seen = |held: bool| if held { "held back" } else { "seen" };
        if let Some(h) = self.layout_held_out {
            v.push(format!("layout {}", seen(h)));
        }
        if let Some(h) = self.font_held_out {
            v.push(format!("font {}", seen(h)));
        }
        if let Some(c) = &self.capture {
            v.push(c.clone());
        }
        v
    }
}

/// One document of `truth.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct TruthDoc {
    pub pages: Vec<u32>,
    pub kind: String,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(flatten)]
    pub drawn: Drawn,
}

/// `truth.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Truth {
    pub files: BTreeMap<String, Vec<TruthDoc>>,
}

/// Errors reading the ground truth of a package.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: {1}")]
    Json(String, serde_json::Error),
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, EvalError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Io(name.clone(), e))?;
    serde_json::from_str(&text).map_err(|e| EvalError::Json(name, e))
}

/// Reads `expected.json` of a package folder.
pub fn expected(package: &Path) -> Result<Expected, EvalError> {
    read_json(&package.join("expected.json"))
}

/// Reads `truth.json` of a package folder.
pub fn truth(package: &Path) -> Result<Truth, EvalError> {
    read_json(&package.join("truth.json"))
}

/// True positives, false positives and false negatives of one finding code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: u32,
    pub fp: u32,
    pub fn_: u32,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

impl JudgeScore {
    /// Every code's counts summed (micro average).
    pub fn total(&self) -> Counts {
        self.codes.values().fold(Counts::default(), |a, c| Counts {
            tp: a.tp + c.tp,
            fp: a.fp + c.fp,
            fn_: a.fn_ + c.fn_,
        })
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        1.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// The judging half against `expected.json`.
#[derive(Debug, Clone, Default)]
pub struct JudgeScore {
    pub packages: u32,
    pub status_right: u32,
    /// Status right and the set of codes exactly the expected one.
    pub exact: u32,
    pub codes: BTreeMap<String, Counts>,
    /// `(package id, expected, got)` for every package not exactly right.
    pub misses: Vec<(String, String, String)>,
}

impl JudgeScore {
    /// Adds one package.
    pub fn add(&mut self, report: &PackageReport, expected: &Expected) {
        self.packages += 1;
        let got: BTreeSet<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
        let want: BTreeSet<&str> = expected.findings.iter().map(String::as_str).collect();
        for code in got.union(&want) {
            let c = self.codes.entry((*code).to_string()).or_default();
            match (got.contains(code), want.contains(code)) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                (false, false) => {}
            }
        }
        let status_ok = report.status == expected.status;
        self.status_right += u32::from(status_ok);
        if status_ok && got == want {
            self.exact += 1;
        } else {
            self.misses.push((
                report.id.clone(),
                format!("{:?} {:?}", expected.status, want),
                format!("{:?} {:?}", report.status, got),
            ));
        }
    }
}

/// The reading half against `truth.json`.
#[derive(Debug, Clone, Default)]
pub struct ReadScore {
    /// Documents in the truth.
    pub documents: u32,
    /// Documents found with the right kind on the right first page.
    pub kind_right: u32,
    /// Field values in the truth of documents whose kind was right.
    pub fields: u32,
    pub fields_right: u32,
    /// Passports and ID cards in the truth; those whose MRZ was found and read with
    /// number, birth date and expiry equal to the truth (a deliberately wrong check
    /// digit does not make a reading wrong); and those of them whose every check digit
    /// also holds.
    pub mrz_documents: u32,
    pub mrz_right: u32,
    pub mrz_right_and_valid: u32,
    /// Per field name: (right, total).
    pub per_field: BTreeMap<String, (u32, u32)>,
    /// `(file, expected kind, found kind)` for every miss.
    pub kind_misses: Vec<(String, String, String)>,
}

impl ReadScore {
    /// Adds one package.
    pub fn add(&mut self, report: &PackageReport, truth: &Truth) {
        for (file, docs) in &truth.files {
            for want in docs {
                self.add_doc(report, file, want);
            }
        }
    }

    /// Adds one document of the truth, found (or not) in `report`.
    pub fn add_doc(&mut self, report: &PackageReport, file: &str, want: &TruthDoc) {
        let file = &file.to_string();
        self.documents += 1;
        let first = want.pages.first().copied().unwrap_or(1);
        let found = report
            .documents
            .iter()
            .find(|d| &d.file == file && d.pages.contains(&first));
        let Some(found) = found else {
            self.kind_misses
                .push((file.clone(), want.kind.clone(), "nothing".into()));
            return;
        };
        if found.kind != want.kind.as_str() {
            self.kind_misses
                .push((file.clone(), want.kind.clone(), found.kind.to_string()));
            return;
        }
        self.kind_right += 1;
        for (name, value) in &want.fields {
            let ok = found
                .fields
                .get(name)
                .is_some_and(|f| same_value(&f.value, value));
            self.fields += 1;
            self.fields_right += u32::from(ok);
            let e = self.per_field.entry(name.clone()).or_default();
            e.0 += u32::from(ok);
            e.1 += 1;
        }
        // The kinds are equal here; an identity document carries the zone.
        if found.kind.has(crate::model::Role::IdentityDocument) {
            self.mrz_documents += 1;
            // The zone's own characters (after repair), not the fields, which
            // may come from the visual zone.
            let mrz_ok = found.mrz.as_ref().is_some_and(|m| {
                let data = |field: &str| {
                    m.checks
                        .iter()
                        .find(|c| c.field == field)
                        .map(|c| c.data.trim_end_matches('<').to_string())
                };
                let yymmdd = |k: &str| {
                    want.fields.get(k).and_then(|v| {
                        chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                            .ok()
                            .map(|d| d.format("%y%m%d").to_string())
                    })
                };
                [
                    (
                        "document_number",
                        want.fields.get("document_number").cloned(),
                    ),
                    ("date_of_birth", yymmdd("date_of_birth")),
                    ("date_of_expiry", yymmdd("date_of_expiry")),
                ]
                .iter()
                .all(|(field, truth)| match truth {
                    Some(t) => data(field).as_deref() == Some(t.as_str()),
                    None => true,
                })
            });
            self.mrz_right += u32::from(mrz_ok);
            let valid = found.mrz.as_ref().is_some_and(|m| m.valid);
            self.mrz_right_and_valid += u32::from(mrz_ok && valid);
        }
    }
}

/// Every figure by part (see [`Drawn::parts`]): `all`, seen and held-back layout family
/// and font, scan and photo.
#[derive(Debug, Clone, Default)]
pub struct SplitScore {
    pub judge: BTreeMap<String, JudgeScore>,
    pub read: BTreeMap<String, ReadScore>,
}

impl SplitScore {
    /// Adds one package's judging (by the style in its `expected.json`).
    pub fn add_judge(&mut self, report: &PackageReport, expected: &Expected) {
        for part in expected.drawn.parts() {
            self.judge.entry(part).or_default().add(report, expected);
        }
    }

    /// Adds one package's reading, each document to its own parts.
    pub fn add_read(&mut self, report: &PackageReport, truth: &Truth) {
        for (file, docs) in &truth.files {
            for want in docs {
                for part in want.drawn.parts() {
                    self.read
                        .entry(part)
                        .or_default()
                        .add_doc(report, file, want);
                }
            }
        }
    }
}

/// Values compared as a clerk would: case and spacing do not matter.
fn same_value(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase()
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Finding, Severity};

    fn report(status: Status, codes: &[&str]) -> PackageReport {
        PackageReport {
            id: "p".into(),
            path: "p".into(),
            service: Some("iin".into()),
            status,
            documents: Vec::new(),
            findings: codes
                .iter()
                .map(|c| Finding {
                    due: None,
                    code: crate::findings::Code::from_name(c).expect("a live code"),
                    severity: Severity::Error,
                    kind: None,
                    message: String::new(),
                    evidence: Vec::new(),
                })
                .collect(),
            skipped: Vec::new(),
            pages: Vec::new(),
        }
    }

    #[test]
    fn counts_true_and_false_positives_per_code() {
        let want = Expected {
            service: "iin".into(),
            status: Status::Fail,
            findings: vec!["name_mismatch".into()],
            notes: Vec::new(),
            drawn: Drawn::default(),
        };
        let mut s = JudgeScore::default();
        s.add(
            &report(Status::Fail, &["name_mismatch", "low_confidence"]),
            &want,
        );
        s.add(&report(Status::Fail, &["name_mismatch"]), &want);
        s.add(&report(Status::Pass, &[]), &want);
        assert_eq!(s.packages, 3);
        assert_eq!(s.status_right, 2);
        assert_eq!(s.exact, 1);
        assert_eq!(
            s.codes["name_mismatch"],
            Counts {
                tp: 2,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(
            s.codes["low_confidence"],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        assert!((s.codes["name_mismatch"].recall() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.misses.len(), 2);
    }
}
