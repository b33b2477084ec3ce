//! The JSON report: the shape issue 4 fixes, documented in `docs/report.md` and
//! described by `docs/report.schema.json`.
//!
//! The JSON is written from private view structs rather than by serialising the model
//! directly, so the public shape stays fixed when the model grows (a field's `method`
//! or a document's classification evidence are not part of it). Keys come out in the
//! order of the structs; maps are `BTreeMap`s, so the output is byte-stable.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Report, Summary};
use crate::findings::Finding;
use crate::model::{Document, Evidence, LooseEntry, SkippedEntry};

#[derive(Serialize)]
struct ReportView<'a> {
    as_of: String,
    packages: Vec<PackageView<'a>>,
    /// Absent when every entry of the batch folders is a package.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    not_in_a_package: &'a [LooseEntry],
    summary: SummaryView<'a>,
}

#[derive(Serialize)]
struct PackageView<'a> {
    id: &'a str,
    path: String,
    service: Option<&'a str>,
    status: &'static str,
    documents: Vec<DocumentView<'a>>,
    findings: Vec<FindingView<'a>>,
    /// Absent when nothing was skipped, so reports of tidy packages keep their shape.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    skipped: &'a [SkippedEntry],
}

#[derive(Serialize)]
struct DocumentView<'a> {
    file: &'a str,
    pages: &'a [u32],
    kind: &'a str,
    confidence: f32,
    fields: BTreeMap<&'a str, FieldView<'a>>,
}

#[derive(Serialize)]
struct FieldView<'a> {
    value: &'a str,
    confidence: f32,
    source: EvidenceView<'a>,
}

#[derive(Serialize)]
struct FindingView<'a> {
    code: &'a str,
    severity: &'static str,
    kind: Option<&'a str>,
    message: &'a str,
    evidence: Vec<EvidenceView<'a>>,
}

#[derive(Serialize)]
struct EvidenceView<'a> {
    file: &'a str,
    page: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    bbox: Option<[u32; 4]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f32>,
}

#[derive(Serialize)]
struct SummaryView<'a> {
    packages: usize,
    pass: usize,
    review: usize,
    fail: usize,
    errors: usize,
    warnings: usize,
    by_code: &'a BTreeMap<String, usize>,
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

fn evidence(e: &Evidence) -> EvidenceView<'_> {
    EvidenceView {
        file: &e.file,
        page: e.page,
        bbox: e.bbox.map(|b| [b.x, b.y, b.w, b.h]),
        text: e.text.as_deref(),
        confidence: e.confidence.map(|c| round(c, 10.0)),
    }
}

fn document(d: &Document) -> DocumentView<'_> {
    DocumentView {
        file: &d.file,
        pages: &d.pages,
        kind: &d.kind,
        confidence: round(d.confidence, 1000.0),
        fields: d
            .fields
            .iter()
            .map(|(name, f)| {
                (
                    name.as_str(),
                    FieldView {
                        value: &f.value,
                        confidence: round(f.confidence, 10.0),
                        source: evidence(&f.source),
                    },
                )
            })
            .collect(),
    }
}

fn finding(f: &Finding) -> FindingView<'_> {
    FindingView {
        code: f.code.as_str(),
        severity: f.severity.name(),
        kind: f.kind.as_deref(),
        message: &f.message,
        evidence: f.evidence.iter().map(evidence).collect(),
    }
}

fn summary(s: &Summary) -> SummaryView<'_> {
    SummaryView {
        packages: s.packages,
        pass: s.pass,
        review: s.review,
        fail: s.fail,
        errors: s.errors,
        warnings: s.warnings,
        by_code: &s.by_code,
    }
}

/// The report as pretty-printed JSON, ending in a newline.
pub fn json(report: &Report) -> String {
    let view = ReportView {
        as_of: report.as_of.format("%Y-%m-%d").to_string(),
        packages: report
            .packages
            .iter()
            .map(|p| PackageView {
                id: &p.id,
                // Paths are shown with '/' whatever the platform, like file paths inside
                // packages.
                path: p.path.to_string_lossy().replace('\\', "/"),
                service: p.service.as_deref(),
                status: p.status.name(),
                documents: p.documents.iter().map(document).collect(),
                findings: p.findings.iter().map(finding).collect(),
                skipped: &p.skipped,
            })
            .collect(),
        not_in_a_package: &report.loose,
        summary: summary(&report.summary),
    };
    // Serialising plain structs of strings and numbers cannot fail; keep the library
    // panic-free anyway.
    let mut out = serde_json::to_string_pretty(&view).unwrap_or_else(|e| {
        format!(
            "{{\"error\": {}}}",
            serde_json::Value::String(e.to_string())
        )
    });
    out.push('\n');
    out
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
}
