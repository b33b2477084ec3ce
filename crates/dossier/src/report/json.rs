//! The JSON report: the shape issue 4 fixes, documented in `docs/report.md` and
//! described by `docs/report.schema.json`.
//!
//! The JSON is written from its own document types ([`ReportJson`] and the types it
//! holds) rather than by serialising the model directly, so the public shape stays fixed
//! when the model grows (a field's `method` or a document's classification evidence are
//! not part of it). The same types read a report back (`dossier merge`, `dossier diff`),
//! so a report read and written again comes out byte for byte as it went in. Keys come
//! out in the order of the structs; maps are `BTreeMap`s, so the output is byte-stable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Report, Summary};
use crate::findings::{Finding, Severity, Status};
use crate::model::{Document, Evidence, LooseEntry, SkippedEntry};

/// A whole report as its JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportJson {
    pub as_of: String,
    /// Present only in the report of one shard of a batch (`check --shard K/N`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardJson>,
    pub packages: Vec<PackageJson>,
    /// Absent when every entry of the batch folders is a package.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_in_a_package: Vec<LooseEntry>,
    pub summary: SummaryJson,
}

/// Which part of which batch a shard's report covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardJson {
    /// 1 to `count`.
    pub index: u32,
    pub count: u32,
    /// The paths the run was given, in order, `/` separators.
    pub roots: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageJson {
    pub id: String,
    pub path: String,
    pub service: Option<String>,
    pub status: Status,
    pub documents: Vec<DocumentJson>,
    pub findings: Vec<FindingJson>,
    /// Absent when nothing was skipped, so reports of tidy packages keep their shape.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentJson {
    pub file: String,
    pub pages: Vec<u32>,
    pub kind: String,
    pub confidence: f32,
    pub fields: BTreeMap<String, FieldJson>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldJson {
    pub value: String,
    pub confidence: f32,
    pub source: EvidenceJson,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingJson {
    pub code: String,
    pub severity: Severity,
    pub kind: Option<String>,
    pub message: String,
    pub evidence: Vec<EvidenceJson>,
    /// `expiring_soon` only: when and what it turns into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DueJson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueJson {
    /// The first day the problem holds, `YYYY-MM-DD`.
    pub on: String,
    /// The code `check` reports from that day.
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceJson {
    pub file: String,
    pub page: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[u32; 4]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryJson {
    pub packages: usize,
    pub pass: usize,
    pub review: usize,
    pub fail: usize,
    pub errors: usize,
    pub warnings: usize,
    pub by_code: BTreeMap<String, usize>,
}

/// Rounds a confidence for the report: finite, to a tenth of a point on the 0–100
/// scale or a thousandth on the 0–1 scale, so tiny float noise never changes the output.
fn round(x: f32, scale: f32) -> f32 {
    if x.is_finite() {
        (x * scale).round() / scale
    } else {
        0.0
    }
}

fn evidence(e: &Evidence) -> EvidenceJson {
    EvidenceJson {
        file: e.file.clone(),
        page: e.page,
        bbox: e.bbox.map(|b| [b.x, b.y, b.w, b.h]),
        text: e.text.clone(),
        confidence: e.confidence.map(|c| round(c, 10.0)),
    }
}

fn document(d: &Document) -> DocumentJson {
    DocumentJson {
        file: d.file.clone(),
        pages: d.pages.clone(),
        kind: d.kind.to_string(),
        confidence: round(d.confidence, 1000.0),
        fields: d
            .fields
            .iter()
            .map(|(name, f)| {
                (
                    name.clone(),
                    FieldJson {
                        value: f.value.clone(),
                        confidence: round(f.confidence, 10.0),
                        source: evidence(&f.source),
                    },
                )
            })
            .collect(),
    }
}

fn finding(f: &Finding) -> FindingJson {
    FindingJson {
        code: f.code.as_str().to_string(),
        severity: f.severity,
        kind: f.kind.as_ref().map(ToString::to_string),
        message: f.message.clone(),
        evidence: f.evidence.iter().map(evidence).collect(),
        due: f.due.map(|d| DueJson {
            on: d.on.format("%Y-%m-%d").to_string(),
            code: d.code.as_str().to_string(),
        }),
    }
}

impl From<&Summary> for SummaryJson {
    fn from(s: &Summary) -> SummaryJson {
        SummaryJson {
            packages: s.packages,
            pass: s.pass,
            review: s.review,
            fail: s.fail,
            errors: s.errors,
            warnings: s.warnings,
            by_code: s.by_code.clone(),
        }
    }
}

impl SummaryJson {
    /// The counts over `packages`, by the same rule as [`Summary::of`].
    pub fn of(packages: &[PackageJson]) -> SummaryJson {
        let counted = Summary::count(packages.iter().map(|p| {
            (
                p.status,
                p.findings.iter().map(|f| (f.severity, f.code.as_str())),
            )
        }));
        SummaryJson::from(&counted)
    }
}

/// The JSON document of one package's report.
pub fn package_json(p: &super::PackageReport) -> PackageJson {
    PackageJson {
        id: p.id.clone(),
        // Paths are shown with '/' whatever the platform, like file paths inside packages.
        path: slashed(&p.path),
        service: p.service.clone(),
        status: p.status,
        documents: p.documents.iter().map(document).collect(),
        findings: p.findings.iter().map(finding).collect(),
        skipped: p.skipped.clone(),
    }
}

/// A path with `/` separators whatever the platform.
pub(crate) fn slashed(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl From<&Report> for EndJson {
    fn from(report: &Report) -> EndJson {
        EndJson {
            as_of: report.as_of.format("%Y-%m-%d").to_string(),
            shard: report.shard.as_ref().map(|s| ShardJson {
                index: s.shard.index(),
                count: s.shard.count(),
                roots: s.roots.iter().map(|r| slashed(r)).collect(),
            }),
            not_in_a_package: report.loose.clone(),
            summary: SummaryJson::from(&report.summary),
        }
    }
}

impl From<&Report> for ReportJson {
    fn from(report: &Report) -> ReportJson {
        let end = EndJson::from(report);
        ReportJson {
            as_of: end.as_of,
            shard: end.shard,
            packages: report.packages.iter().map(package_json).collect(),
            not_in_a_package: end.not_in_a_package,
            summary: end.summary,
        }
    }
}

/// Pretty-printed JSON ending in a newline. Serialising plain structs of strings and
/// numbers cannot fail; keep the library panic-free anyway.
pub(crate) fn pretty<T: Serialize>(value: &T) -> String {
    ended(serde_json::to_string_pretty(value))
}

/// The JSON ending in a newline, or an `{"error": ...}` object in its place.
fn ended(json: Result<String, serde_json::Error>) -> String {
    let mut out = json.unwrap_or_else(|e| {
        format!(
            "{{\"error\": {}}}",
            serde_json::Value::String(e.to_string())
        )
    });
    out.push('\n');
    out
}

/// The report as pretty-printed JSON, ending in a newline.
pub fn json(report: &Report) -> String {
    pretty(&ReportJson::from(report))
}

impl ReportJson {
    /// Reads a report written by `check --format json` (or by `merge`).
    pub fn parse(text: &str) -> Result<ReportJson, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The report as `check --format json` writes it.
    pub fn render(&self) -> String {
        pretty(self)
    }
}

/// One line of `check --format jsonl`: a package as soon as it is judged, and, last, the
/// batch's end with its summary. The `record` key says which.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum JsonlRecord {
    Package(PackageJson),
    End(EndJson),
}

/// The last line of `check --format jsonl`: everything of the JSON report but its packages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndJson {
    pub as_of: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_in_a_package: Vec<LooseEntry>,
    pub summary: SummaryJson,
}

impl JsonlRecord {
    /// The record on one line, ending in a newline.
    pub fn line(&self) -> String {
        ended(serde_json::to_string(self))
    }

    /// Reads one line written by [`JsonlRecord::line`].
    pub fn parse(line: &str) -> Result<JsonlRecord, serde_json::Error> {
        serde_json::from_str(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn shape_and_key_order_follow_issue_4() {
        let out = json(&fixtures::report());
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid json");
        assert_eq!(v["as_of"], "2026-12-01");
        let p = &v["packages"][1];
        assert_eq!(p["id"], "bad <&> \"pkg\"");
        assert_eq!(p["status"], "fail");
        assert_eq!(p["service"], "c3_visa");
        assert_eq!(v["packages"][2]["service"], serde_json::Value::Null);
        let d = &p["documents"][0];
        assert_eq!(d["pages"], serde_json::json!([1]));
        assert_eq!(d["fields"]["surname"]["value"], "MUELLER");
        assert_eq!(d["fields"]["surname"]["confidence"], 91.5);
        assert_eq!(
            d["fields"]["surname"]["source"]["bbox"],
            serde_json::json!([10, 20, 300, 40])
        );
        let f = &p["findings"][0];
        assert_eq!(f["code"], "name_mismatch");
        assert_eq!(f["severity"], "error");
        assert_eq!(f["kind"], "passport_translation");
        assert_eq!(p["findings"][1]["kind"], serde_json::Value::Null);
        assert_eq!(v["summary"]["by_code"]["low_confidence"], 2);
        let loose = &v["not_in_a_package"][0];
        assert_eq!(loose["folder"], "batch");
        assert_eq!(loose["file"], "stray\u{1b}[2J.jpg");
        assert!(loose["reason"]
            .as_str()
            .is_some_and(|r| r.contains("outside any package")));
        // Keys in the documented order, not alphabetical.
        let a = out.find("\"as_of\"").expect("as_of");
        let b = out.find("\"packages\"").expect("packages");
        let l = out.find("\"not_in_a_package\"").expect("not_in_a_package");
        let c = out.find("\"summary\"").expect("summary");
        assert!(a < b && b < l && l < c);
        let id = out.find("\"id\"").expect("id");
        let st = out.find("\"status\"").expect("status");
        assert!(id < st);
    }

    #[test]
    fn output_is_byte_stable() {
        assert_eq!(json(&fixtures::report()), json(&fixtures::report()));
    }

    #[test]
    fn non_finite_confidence_does_not_break_json() {
        let mut r = fixtures::report();
        r.packages[0].documents[0].confidence = f32::NAN;
        let v: serde_json::Value = serde_json::from_str(&json(&r)).expect("json");
        assert_eq!(v["packages"][0]["documents"][0]["confidence"], 0.0);
    }

    #[test]
    fn jsonl_records_are_one_line_each_and_read_back() {
        let report = fixtures::report();
        let whole = ReportJson::from(&report);
        let mut lines: Vec<String> = report
            .packages
            .iter()
            .map(|p| JsonlRecord::Package(package_json(p)).line())
            .collect();
        lines.push(JsonlRecord::End(EndJson::from(&report)).line());
        for line in &lines {
            assert!(line.ends_with('\n') && !line.trim_end().contains('\n'));
        }
        let back: Vec<JsonlRecord> = lines
            .iter()
            .map(|l| JsonlRecord::parse(l).expect("reads back"))
            .collect();
        let (packages, end): (Vec<_>, Vec<_>) = back
            .into_iter()
            .partition(|r| matches!(r, JsonlRecord::Package(_)));
        let packages: Vec<PackageJson> = packages
            .into_iter()
            .filter_map(|r| match r {
                JsonlRecord::Package(p) => Some(p),
                JsonlRecord::End(_) => None,
            })
            .collect();
        assert_eq!(packages, whole.packages);
        let [JsonlRecord::End(end)] = end.as_slice() else {
            panic!("one end record, got {end:?}");
        };
        assert_eq!(end.summary, whole.summary);
        assert_eq!(end.not_in_a_package, whole.not_in_a_package);
        let v: serde_json::Value = serde_json::from_str(&lines[0]).expect("json");
        assert_eq!(v["record"], "package");
        assert!(lines
            .last()
            .is_some_and(|l| l.starts_with("{\"record\":\"end\"")));
    }
}
