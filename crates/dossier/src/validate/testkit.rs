//! Hand-built packages, manifests and services for the checks' unit tests: a German
//! applicant, MUELLER ANNA MARIA, born 1985-03-12, applying for a visa on 2026-12-01.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Options;
use crate::findings::Finding;
use crate::manifest::{Manifest, Sex};
use crate::model::{
    BBox, Document, Evidence, Field, FieldMethod, MrzCheck, MrzCheckField, MrzReport, PackageRead,
};
use crate::schema::kinds::test_kind;
use crate::schema::{
    Citation, Condition, Effective, MaxAge, Requirement, Rule, RuleKind, Schemas, Script, Service,
};

/// A valid IIN for a woman born 1985-03-12.
pub const IIN_OK: &str = "850312450124";
/// The same with a wrong check digit.
pub const IIN_BAD_CHECK: &str = "850312450125";
/// A valid IIN for a woman born 1985-04-12.
pub const IIN_OTHER_DATE: &str = "850412450128";
/// A valid IIN for a man born 1985-03-12.
pub const IIN_MALE: &str = "850312350128";

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub fn ev(file: &str, page: u32) -> Evidence {
    Evidence {
        file: file.into(),
        page,
        bbox: Some(BBox {
            x: 10,
            y: 10,
            w: 100,
            h: 20,
        }),
        text: None,
        confidence: None,
    }
}

pub fn field(value: &str, confidence: f32, method: FieldMethod, file: &str) -> Field {
    let mut source = ev(file, 1);
    source.text = Some(value.into());
    source.confidence = Some(confidence);
    Field {
        value: value.into(),
        confidence,
        method,
        source,
    }
}

/// A document whose fields were read visually at confidence 95.
pub fn doc(kind: &str, file: &str, fields: &[(&str, &str)]) -> Document {
    Document {
        file: file.into(),
        pages: vec![1],
        kind: test_kind(kind),
        confidence: 0.9,
        evidence: vec![],
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), field(v, 95.0, FieldMethod::Visual, file)))
            .collect(),
        mrz: None,
    }
}

/// Sets one field of a document.
pub fn set(doc: &mut Document, name: &str, value: &str, confidence: f32) {
    let method = doc
        .fields
        .get(name)
        .map_or(FieldMethod::Visual, |f| f.method);
    doc.fields.insert(
        name.into(),
        field(value, confidence, method, &doc.file.clone()),
    );
}

/// A German passport with a valid TD3 zone; its MRZ fields are read from the zone.
pub fn passport_doc() -> Document {
    let file = "passport.jpg";
    let mut fields = BTreeMap::new();
    for (k, v) in [
        ("surname", "MUELLER"),
        ("given_names", "ANNA MARIA"),
        ("date_of_birth", "1985-03-12"),
        ("sex", "F"),
        ("nationality", "DEU"),
        ("issuing_country", "DEU"),
        ("document_number", "C01X00T47"),
        ("date_of_expiry", "2031-05-01"),
    ] {
        fields.insert(k.to_string(), field(v, 90.0, FieldMethod::Mrz, file));
    }
    let check = |field: &str| MrzCheck {
        field: MrzCheckField::from_name(field).expect("an MRZ check"),
        data: match field {
            "document_number" => "C01X00T47",
            "date_of_birth" => "850312",
            "date_of_expiry" => "310501",
            _ => "C01X00T477850312310501",
        }
        .into(),
        expected: '7',
        computed: '7',
        ok: true,
        certainty: None,
    };
    Document {
        file: file.into(),
        pages: vec![1],
        kind: test_kind("passport"),
        confidence: 0.98,
        evidence: vec![],
        fields,
        mrz: Some(MrzReport {
            format: crate::model::MrzFormat::Td3,
            raw: vec!["P<D<<MUELLER<<ANNA<MARIA".into(), "C01X00T47".into()],
            repaired: vec!["P<D<<MUELLER<<ANNA<MARIA".into(), "C01X00T47".into()],
            checks: [
                "document_number",
                "date_of_birth",
                "date_of_expiry",
                "composite",
            ]
            .iter()
            .map(|f| check(f))
            .collect(),
            valid: true,
            confidence: 88.0,
            evidence: ev(file, 1),
        }),
    }
}

/// The passport's notarized Russian translation.
pub fn translation_doc() -> Document {
    doc(
        "passport_translation",
        "translation.pdf",
        &[
            ("surname_cyrillic", "МЮЛЛЕР"),
            ("given_names_cyrillic", "АННА МАРИЯ"),
            ("date_of_birth", "1985-03-12"),
            ("document_number", "C01X00T47"),
        ],
    )
}

pub fn package(documents: Vec<Document>) -> PackageRead {
    PackageRead {
        id: "pkg".into(),
        path: "batch/pkg".into(),
        documents,
        problems: vec![],
        damaged: vec![],
        pages: vec![],
    }
}

/// What the applicant declared: consistent with [`passport_doc`].
pub fn manifest() -> Manifest {
    let mut m = Manifest::default();
    m.service = Some("test_visa".into());
    m.applicant.surname = Some("MUELLER".into());
    m.applicant.given_names = Some("ANNA MARIA".into());
    m.applicant.date_of_birth = Some(d("1985-03-12"));
    m.applicant.sex = Some(Sex::Female);
    m.applicant.citizenship = Some("DEU".into());
    m.applicant.passport_number = Some("C01X00T47".into());
    m.request.application_date = Some(d("2026-12-01"));
    m.request.valid_until = Some(d("2027-12-01"));
    m
}

fn cite() -> Citation {
    Citation {
        seed: "002_05b89dd2cddb67ad.txt".into(),
        source: "the Expat Centre Guidebook 2025".into(),
        section: "A SECTION".into(),
        quote: "a quote".into(),
    }
}

pub fn require(kinds: &[&str], when: &[&str]) -> Requirement {
    Requirement {
        kinds: kinds.iter().map(|k| test_kind(k)).collect(),
        when: when
            .iter()
            .map(|c| c.parse::<Condition>().expect("test condition"))
            .collect(),
        effective: Effective::default(),
        citation: cite(),
    }
}

/// A rule of `check` (the name a schema writes) with these parameters.
pub fn rule(check: &'static str, kind: RuleKind) -> Rule {
    Rule {
        check,
        kind,
        effective: Effective::default(),
        citation: cite(),
    }
}

/// A visa service: passport; translation when the passport lacks Cyrillic; power of
/// attorney through a representative; passport valid 3 months past the stay; the
/// translation rule; apostilles on powers of attorney; a fingerprint certificate of
/// the current year from 2026-03-10 for applicants of 16 or more.
pub fn visa_service() -> Service {
    let mut fingerprint = require(&["fingerprint_certificate"], &["age_at_least:16"]);
    fingerprint.effective = Effective {
        from: Some(d("2027-03-10")),
        until: None,
    };
    Service {
        id: "test_visa".into(),
        title: "test visa".into(),
        summary: String::new(),
        categories: vec![],
        sources: vec![],
        requires: vec![
            require(&["passport"], &[]),
            require(&["passport_translation"], &["passport_lacks_cyrillic"]),
            require(&["power_of_attorney"], &["representative"]),
            fingerprint,
        ],
        rules: vec![
            rule(
                "passport_validity",
                RuleKind::PassportValidity {
                    months_beyond_request_end: Some(3),
                    days_at_application: None,
                },
            ),
            rule(
                "translation",
                RuleKind::Translation {
                    script: Script::Cyrillic,
                },
            ),
            rule(
                "apostille",
                RuleKind::Apostille {
                    kinds: vec![test_kind("power_of_attorney")],
                    exempt_countries: vec!["RUS".into(), "UZB".into()],
                },
            ),
            rule(
                "certificate_age",
                RuleKind::CertificateAge {
                    kind: test_kind("fingerprint_certificate"),
                    max_age: MaxAge::CurrentYear,
                },
            ),
        ],
    }
}

pub fn schemas() -> Schemas {
    Schemas {
        kinds: crate::schema::kinds::test_vocabulary().clone(),
        services: BTreeMap::new(),
        conventions: vec![],
        sources: vec![],
    }
}

pub fn opts() -> Options {
    Options::new(d("2026-12-01"))
}

pub fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

/// Runs every check on a package with the manifest and the visa service.
pub fn run(read: &PackageRead, manifest: Option<&Manifest>) -> Vec<Finding> {
    super::check_package(read, manifest, Some(&visa_service()), &schemas(), &opts())
}
