//! The JSON report against its published JSON Schema (docs/report.schema.json), and the
//! status / exit-code contract (0 pass, 1 review or fail).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dossier::findings::{Code, TABLE};
use dossier::findings::{Finding, Severity, Status};
use dossier::model::{
    BBox, Document, Evidence, Field, FieldMethod, KindId, LooseEntry, PackageRead, SkippedEntry,
};
use dossier::report::{self, PackageReport, Report};

const SCHEMA_URL: &str = "https://dossier.invalid/report.schema.json";

fn schema() -> (boon::Schemas, boon::SchemaIndex) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.schema.json");
    let text = std::fs::read_to_string(path).expect("docs/report.schema.json");
    let value: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource(SCHEMA_URL, value)
        .expect("add schema");
    let idx = compiler
        .compile(SCHEMA_URL, &mut schemas)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}"));
    (schemas, idx)
}

/// The kind `id` of the shipped vocabulary (`schemas/kinds.toml`).
fn kind(id: &str) -> KindId {
    dossier::schema::Schemas::embedded()
        .expect("the shipped schemas load")
        .kinds
        .id(id)
        .expect("a kind of kinds.toml")
}

fn evidence(file: &str, page: u32, text: Option<&str>, conf: Option<f32>) -> Evidence {
    Evidence {
        file: file.into(),
        page,
        bbox: text.map(|_| BBox {
            x: 1,
            y: 2,
            w: 3,
            h: 4,
        }),
        text: text.map(str::to_string),
        confidence: conf,
    }
}

fn passport() -> Document {
    let mut fields = BTreeMap::new();
    for (name, value) in [
        ("surname", "MUELLER"),
        ("given_names", "ANNA MARIA"),
        ("date_of_birth", "1985-03-12"),
        ("document_number", "C01X00T47"),
    ] {
        fields.insert(
            name.to_string(),
            Field {
                value: value.into(),
                confidence: 93.25,
                method: FieldMethod::Mrz,
                source: evidence("scans/passport.pdf", 1, Some(value), Some(93.25)),
            },
        );
    }
    Document {
        file: "scans/passport.pdf".into(),
        pages: vec![1],
        kind: kind("passport"),
        confidence: 0.9731,
        evidence: vec![],
        fields,
        mrz: None,
    }
}

fn read(id: &str, documents: Vec<Document>) -> PackageRead {
    PackageRead {
        id: id.into(),
        path: format!("batch/{id}").into(),
        documents,
        problems: vec![],
        damaged: vec![],
        pages: vec![],
    }
}

/// A report holding a finding of every code, every status, a package without a service
/// and one without documents.
fn sample() -> Report {
    let all: Vec<Finding> = TABLE
        .iter()
        .map(|d| {
            d.code.finding(
                Some(&kind("passport")),
                format!("{} <&> \"quoted\"", d.title),
                vec![
                    evidence("scans/passport.pdf", 1, Some("MÜLLER"), Some(40.0)),
                    evidence("package.toml", 0, None, None),
                ],
            )
        })
        .collect();
    let warn = Code::LowConfidence.finding(None, "The IIN was read with confidence 41.", vec![]);
    let mut everything = PackageReport::new(
        read("everything", vec![passport()]),
        Some("c3_visa".into()),
        all,
        vec![],
    );
    everything.skipped = vec![SkippedEntry {
        file: "README.md".into(),
        reason: "not a document".into(),
    }];
    Report::new(
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        vec![
            PackageReport::new(
                read("ok", vec![passport()]),
                Some("c3_visa".into()),
                vec![],
                vec![],
            ),
            everything,
            PackageReport::new(
                read("unsure", vec![passport()]),
                Some("prp".into()),
                vec![warn],
                vec![],
            ),
            PackageReport::new(
                read("no-manifest", vec![]),
                None,
                vec![Code::ManifestInvalid.finding(
                    None,
                    "No package.toml and no --service.",
                    vec![],
                )],
                vec![],
            ),
        ],
        vec![LooseEntry {
            folder: "batch".into(),
            file: "README.md".into(),
            reason: "not a document; it is beside the package folders".into(),
        }],
    )
}

#[test]
fn produced_report_validates_against_the_schema() {
    let (schemas, idx) = schema();
    let out = report::json(&sample());
    let value: serde_json::Value = serde_json::from_str(&out).expect("report is JSON");
    if let Err(e) = schemas.validate(&value, idx) {
        panic!("report does not match docs/report.schema.json: {e:#}");
    }
    // And an empty batch.
    let empty = Report::new(
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        vec![],
        vec![],
    );
    let value: serde_json::Value = serde_json::from_str(&report::json(&empty)).expect("JSON");
    assert!(schemas.validate(&value, idx).is_ok());
}

type Mutation = Box<dyn Fn(&mut serde_json::Value)>;

#[test]
fn schema_rejects_reports_of_another_shape() {
    let (schemas, idx) = schema();
    let good: serde_json::Value = serde_json::from_str(&report::json(&sample())).expect("JSON");
    let mutations: Vec<(&str, Mutation)> = vec![
        (
            "unknown status",
            Box::new(|v| v["packages"][0]["status"] = "maybe".into()),
        ),
        (
            "unknown severity",
            Box::new(|v| v["packages"][1]["findings"][0]["severity"] = "info".into()),
        ),
        (
            "missing as_of",
            Box::new(|v| {
                v.as_object_mut().expect("object").remove("as_of");
            }),
        ),
        ("bad date", Box::new(|v| v["as_of"] = "01.12.2026".into())),
        (
            "extra key",
            Box::new(|v| v["packages"][0]["extra"] = 1.into()),
        ),
        (
            "skipped entry without a reason",
            Box::new(|v| {
                v["packages"][1]["skipped"][0]
                    .as_object_mut()
                    .expect("object")
                    .remove("reason");
            }),
        ),
        (
            "empty skipped list",
            Box::new(|v| v["packages"][1]["skipped"] = serde_json::json!([])),
        ),
        (
            "page 0 of a document",
            Box::new(|v| v["packages"][0]["documents"][0]["pages"][0] = 0.into()),
        ),
        (
            "confidence above 1",
            Box::new(|v| v["packages"][0]["documents"][0]["confidence"] = 5.into()),
        ),
        (
            "finding without kind key",
            Box::new(|v| {
                v["packages"][1]["findings"][0]
                    .as_object_mut()
                    .expect("object")
                    .remove("kind");
            }),
        ),
    ];
    assert!(schemas.validate(&good, idx).is_ok());
    for (what, mutate) in mutations {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(
            schemas.validate(&bad, idx).is_err(),
            "schema accepted: {what}"
        );
    }
}

#[test]
fn json_round_trips_status_and_summary() {
    let r = sample();
    let value: serde_json::Value = serde_json::from_str(&report::json(&r)).expect("JSON");
    let statuses: Vec<&str> = value["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| p["status"].as_str().expect("status"))
        .collect();
    assert_eq!(statuses, ["pass", "fail", "review", "fail"]);
    // Each package's status is what its findings' severities say.
    for p in value["packages"].as_array().expect("packages") {
        let sev: Vec<&str> = p["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["severity"].as_str().expect("severity"))
            .collect();
        let want = if sev.contains(&"error") {
            "fail"
        } else if sev.is_empty() {
            "pass"
        } else {
            "review"
        };
        assert_eq!(p["status"], want, "package {}", p["id"]);
    }
    let s = &value["summary"];
    assert_eq!(
        (s["packages"].as_u64(), s["pass"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(
        (s["review"].as_u64(), s["fail"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(s["by_code"]["low_confidence"], 2);
    assert_eq!(s["by_code"]["manifest_invalid"], 2);
    assert_eq!(r.exit_code(), 1);
}

#[test]
fn exit_code_contract() {
    let d = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let pkg = |id: &str, findings: Vec<Finding>| {
        PackageReport::new(read(id, vec![]), Some("c3_visa".into()), findings, vec![])
    };
    let warn = || Code::UnrecognizedDocument.finding(None, "w", vec![]);
    let err = || Code::MissingDocument.finding(Some(&kind("passport")), "e", vec![]);
    assert_eq!(Code::UnrecognizedDocument.severity(), Severity::Warning);
    assert_eq!(Code::MissingDocument.severity(), Severity::Error);

    let pass = Report::new(d, vec![pkg("a", vec![]), pkg("b", vec![])], vec![]);
    assert_eq!((pass.status(), pass.exit_code()), (Status::Pass, 0));
    let review = Report::new(d, vec![pkg("a", vec![]), pkg("b", vec![warn()])], vec![]);
    assert_eq!((review.status(), review.exit_code()), (Status::Review, 1));
    let fail = Report::new(
        d,
        vec![pkg("a", vec![warn()]), pkg("b", vec![warn(), err()])],
        vec![],
    );
    assert_eq!((fail.status(), fail.exit_code()), (Status::Fail, 1));
    assert_eq!(Report::new(d, vec![], vec![]).exit_code(), 0);
}

#[test]
fn junit_and_text_cover_every_package() {
    let r = sample();
    let xml = report::junit(&r);
    assert_eq!(xml.matches("<testcase ").count(), r.packages.len());
    assert_eq!(xml.matches("<failure ").count(), 2);
    assert_eq!(xml.matches("<skipped ").count(), 1);
    assert!(!xml.contains("<&>"));
    let txt = report::text(&r, false);
    for p in &r.packages {
        assert!(txt.contains(&p.id));
    }
}

#[test]
fn docs_report_md_names_every_key_of_the_schema() {
    let md = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.md"))
        .expect("docs/report.md");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.schema.json");
    let text = std::fs::read_to_string(path).expect("docs/report.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    // Every key any object of the schema declares, wherever it is nested.
    fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(props) = map.get("properties").and_then(|p| p.as_object()) {
                    out.extend(props.keys().cloned());
                }
                map.values().for_each(|v| keys(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    keys(&schema, &mut all);
    assert!(all.len() > 20, "{all:?}");
    for key in ["not_in_a_package", "folder", "by_code", "bbox"] {
        assert!(all.iter().any(|k| k == key), "the schema lacks `{key}`");
    }
    for key in all {
        assert!(
            md.contains(&format!("`{key}`")),
            "docs/report.md does not document `{key}`"
        );
    }
}
