//! Unit tests of the requirement and rule checks on hand-built packages.

use crate::findings::Severity;
use crate::schema::Effective;
use crate::validate::testkit::*;
use crate::validate::{check_package, Options};

#[test]
fn missing_passport_and_conditional_items() {
    let out = run(&package(vec![]), Some(&manifest()));
    // A German applicant's passport lacks Cyrillic names: the translation is due too.
    assert_eq!(
        codes(&out),
        ["missing_document", "missing_document"],
        "{out:#?}"
    );
    assert_eq!(out[0].kind.as_deref(), Some("passport"));
    assert_eq!(out[1].kind.as_deref(), Some("passport_translation"));
    assert_eq!(
        out[0].message,
        "The package has no passport, which the test visa requires. Source: the Expat \
         Centre Guidebook 2025, section \u{201c}A SECTION\u{201d}: \u{201c}a quote\u{201d}."
    );

    // Filed through a representative: the power of attorney becomes required.
    let mut m = manifest();
    m.flags.representative = true;
    let out = run(&package(vec![passport_doc(), translation_doc()]), Some(&m));
    assert_eq!(codes(&out), ["missing_document"], "{out:#?}");
    assert_eq!(out[0].kind.as_deref(), Some("power_of_attorney"));
    assert!(
        out[0]
            .message
            .contains("requires when representative. Source:"),
        "{}",
        out[0].message
    );
}

#[test]
fn any_of_is_satisfied_by_either_kind() {
    let mut svc = visa_service();
    svc.requires = vec![require(
        &["marriage_certificate", "birth_certificate"],
        &["dependant"],
    )];
    svc.rules.clear();
    let mut m = manifest();
    m.flags.dependant = true;
    let schemas = schemas();
    let read = package(vec![passport_doc(), translation_doc()]);
    let out = check_package(&read, Some(&m), Some(&svc), &schemas, &opts());
    assert_eq!(codes(&out), ["missing_document"]);
    assert!(out[0]
        .message
        .contains("no marriage certificate or birth certificate"));
    let read = package(vec![passport_doc(), doc("birth_certificate", "b.pdf", &[])]);
    let out = check_package(&read, Some(&m), Some(&svc), &schemas, &opts());
    assert!(out.is_empty(), "{out:#?}");
}

#[test]
fn effective_dates_and_age_decide_the_fingerprint_certificate() {
    let read = package(vec![passport_doc(), translation_doc()]);
    let schemas = schemas();
    let svc = visa_service();
    let m = manifest();
    // Before 2027-03-10 the requirement is not in force.
    assert!(check_package(&read, Some(&m), Some(&svc), &schemas, &opts()).is_empty());
    let later = Options::new(d("2027-04-01"));
    let mut m2 = manifest();
    m2.request.application_date = Some(d("2027-04-01"));
    let out = check_package(&read, Some(&m2), Some(&svc), &schemas, &later);
    assert_eq!(codes(&out), ["missing_document"], "{out:#?}");
    assert_eq!(out[0].kind.as_deref(), Some("fingerprint_certificate"));
    // A child of 10 needs none.
    let mut child = passport_doc();
    set(&mut child, "date_of_birth", "2017-01-01", 90.0);
    let mut m3 = m2.clone();
    m3.applicant.date_of_birth = Some(d("2017-01-01"));
    let read = package(vec![child, translation_doc()]);
    let out = check_package(&read, Some(&m3), Some(&svc), &schemas, &later);
    assert!(!codes(&out).contains(&"missing_document"), "{out:#?}");
}

#[test]
fn unknown_age_makes_a_missing_item_a_warning() {
    let mut p = passport_doc();
    p.fields.remove("date_of_birth");
    let mut m = manifest();
    m.applicant.date_of_birth = None;
    m.request.application_date = Some(d("2027-04-01"));
    let read = package(vec![p, translation_doc()]);
    let out = check_package(
        &read,
        Some(&m),
        Some(&visa_service()),
        &schemas(),
        &Options::new(d("2027-04-01")),
    );
    let missing: Vec<_> = out
        .iter()
        .filter(|f| f.code == "missing_document")
        .collect();
    assert_eq!(missing.len(), 1, "{out:#?}");
    assert_eq!(missing[0].severity, Severity::Warning);
    assert!(missing[0].message.contains("could not be told"));
}

#[test]
fn expired_passport_is_reported_once() {
    let mut p = passport_doc();
    set(&mut p, "date_of_expiry", "2026-05-03", 90.0);
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    assert_eq!(codes(&out), ["passport_expired"], "{out:#?}");
    assert_eq!(
        out[0].message,
        "The passport (passport.jpg) expired on 2026-05-03, before the check date 2026-12-01."
    );
}

#[test]
fn passport_must_run_three_months_past_the_stay() {
    let mut p = passport_doc();
    set(&mut p, "date_of_expiry", "2028-01-10", 90.0);
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    assert_eq!(codes(&out), ["passport_validity_short"], "{out:#?}");
    assert_eq!(
        out[0].message,
        "The passport (passport.jpg) expires on 2028-01-10, less than 3 months after the \
         requested end of stay 2027-12-01; the test visa needs it valid until at least \
         2028-03-01."
    );
    // Exactly three months is enough.
    let mut p = passport_doc();
    set(&mut p, "date_of_expiry", "2028-03-01", 90.0);
    assert!(run(&package(vec![p, translation_doc()]), Some(&manifest())).is_empty());
    // Without a requested end date the rule cannot be applied.
    let mut p = passport_doc();
    set(&mut p, "date_of_expiry", "2027-01-10", 90.0);
    let mut m = manifest();
    m.request.valid_until = None;
    assert!(run(&package(vec![p, translation_doc()]), Some(&m)).is_empty());
}

#[test]
fn prp_needs_more_than_180_days_at_application() {
    let mut svc = visa_service();
    svc.rules = vec![rule(
        "passport_validity",
        crate::schema::RuleKind::PassportValidity {
            months_beyond_request_end: None,
            days_at_application: Some(180),
        },
    )];
    let mut p = passport_doc();
    set(&mut p, "date_of_expiry", "2027-05-30", 90.0);
    let read = package(vec![p, translation_doc()]);
    let out = check_package(&read, Some(&manifest()), Some(&svc), &schemas(), &opts());
    assert_eq!(codes(&out), ["passport_validity_short"], "{out:#?}");
    assert!(out[0]
        .message
        .contains("180 days after the application date 2026-12-01"));
    assert!(out[0].message.contains("needs more than 180 days"));
}

#[test]
fn doubtful_expiry_date_goes_to_review() {
    let mut p = passport_doc();
    p.mrz.as_mut().expect("mrz").valid = false;
    p.mrz.as_mut().expect("mrz").confidence = 90.0;
    set(&mut p, "date_of_expiry", "2026-05-03", 40.0);
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    // No failing check listed, so no mrz_check_digit; the expiry is doubtful.
    assert_eq!(codes(&out), ["low_confidence"], "{out:#?}");
    assert!(out[0].message.contains("would report passport_expired"));
    // An unread expiry date too.
    let mut p = passport_doc();
    p.fields.remove("date_of_expiry");
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    assert_eq!(codes(&out), ["low_confidence"], "{out:#?}");
    assert!(out[0].message.contains("could not be read"));
}

#[test]
fn mrz_dates_whose_check_digits_hold_are_trusted_at_any_confidence() {
    let mut p = passport_doc();
    set(&mut p, "date_of_expiry", "2031-05-01", 20.0);
    assert!(run(&package(vec![p, translation_doc()]), Some(&manifest())).is_empty());
}

#[test]
fn fingerprint_certificate_of_a_previous_year_is_outdated() {
    let cert = doc(
        "fingerprint_certificate",
        "fp.png",
        &[("date_of_issue", "2025-11-20")],
    );
    let out = run(
        &package(vec![passport_doc(), translation_doc(), cert]),
        Some(&manifest()),
    );
    assert_eq!(codes(&out), ["certificate_outdated"], "{out:#?}");
    assert_eq!(
        out[0].message,
        "The fingerprint certificate (fp.png) was issued on 2025-11-20; the test visa accepts \
         only one issued in the current year (2026)."
    );
    let cert = doc(
        "fingerprint_certificate",
        "fp.png",
        &[("date_of_issue", "2026-01-02")],
    );
    let out = run(
        &package(vec![passport_doc(), translation_doc(), cert]),
        Some(&manifest()),
    );
    assert!(out.is_empty(), "{out:#?}");
}

#[test]
fn foreign_power_of_attorney_needs_an_apostille() {
    let mut m = manifest();
    m.flags.representative = true;
    let poa =
        |country: &str, file: &str| doc("power_of_attorney", file, &[("issuing_country", country)]);
    let out = run(
        &package(vec![
            passport_doc(),
            translation_doc(),
            poa("DEU", "poa.pdf"),
        ]),
        Some(&m),
    );
    assert_eq!(codes(&out), ["apostille_missing"], "{out:#?}");
    assert!(out[0].message.contains("issued in DEU"));
    // Exempt (Minsk convention) and domestic documents need none.
    for c in ["RUS", "KAZ"] {
        let out = run(
            &package(vec![passport_doc(), translation_doc(), poa(c, "poa.pdf")]),
            Some(&m),
        );
        assert!(out.is_empty(), "{c}: {out:#?}");
    }
    // An apostille in the package covers it.
    let out = run(
        &package(vec![
            passport_doc(),
            translation_doc(),
            poa("DEU", "poa.pdf"),
            doc("apostille", "poa.pdf", &[]),
        ]),
        Some(&m),
    );
    assert!(out.is_empty(), "{out:#?}");
    // Two foreign documents, one apostille: one finding.
    let out = run(
        &package(vec![
            passport_doc(),
            translation_doc(),
            poa("DEU", "poa1.pdf"),
            poa("USA", "poa2.pdf"),
            doc("apostille", "poa2.pdf", &[]),
        ]),
        Some(&m),
    );
    assert_eq!(codes(&out), ["apostille_missing"], "{out:#?}");
    assert!(out[0].message.contains("poa1.pdf"));
}

#[test]
fn latin_only_passport_without_translation() {
    let out = run(&package(vec![passport_doc()]), Some(&manifest()));
    assert_eq!(codes(&out), ["translation_missing"], "{out:#?}");
    assert_eq!(out[0].kind.as_deref(), Some("passport_translation"));
    // A Cyrillic passport needs none.
    let mut p = passport_doc();
    set(&mut p, "nationality", "RUS", 90.0);
    set(&mut p, "issuing_country", "RUS", 90.0);
    let mut m = manifest();
    m.applicant.citizenship = Some("RUS".into());
    assert!(run(&package(vec![p]), Some(&m)).is_empty());
}

#[test]
fn rules_out_of_force_are_not_applied() {
    let mut svc = visa_service();
    for r in &mut svc.rules {
        r.effective = Effective {
            from: None,
            until: Some(d("2026-01-01")),
        };
    }
    let mut p = passport_doc();
    set(&mut p, "date_of_expiry", "2027-01-10", 90.0);
    let out = check_package(
        &package(vec![p]),
        Some(&manifest()),
        Some(&svc),
        &schemas(),
        &opts(),
    );
    // Only the requirement remains (translation is required by the schema's list).
    assert_eq!(codes(&out), ["missing_document"], "{out:#?}");
}

#[test]
fn in_person_services_refuse_representatives() {
    let mut svc = visa_service();
    svc.requires.retain(|r| r.kinds != ["power_of_attorney"]);
    svc.rules = vec![rule("in_person", crate::schema::RuleKind::InPerson)];
    let read = package(vec![passport_doc(), translation_doc()]);
    let mut m = manifest();
    let out = check_package(&read, Some(&m), Some(&svc), &schemas(), &opts());
    assert!(out.is_empty(), "{out:#?}");
    m.flags.representative = true;
    let out = check_package(&read, Some(&m), Some(&svc), &schemas(), &opts());
    assert_eq!(codes(&out), ["representative_not_allowed"], "{out:#?}");
    assert!(out[0].message.contains("must be applied for in person"));
}

/// A complete, consistent package for every service of the real schemas has no
/// findings; without its passport it has exactly the missing passport (and the
/// translation its absence makes due).
#[test]
fn every_real_service_passes_a_complete_package() {
    let schemas = crate::schema::Schemas::embedded().expect("embedded schemas");
    let opts = opts();
    let m = manifest();
    let ctx = {
        let read = package(vec![passport_doc(), translation_doc()]);
        let facts = crate::validate::Facts::new(&read, Some(&m), &opts);
        crate::validate::rules::context(&facts)
    };
    for (id, svc) in &schemas.services {
        let mut docs = vec![passport_doc(), translation_doc()];
        for req in svc.required(&ctx) {
            let kind = &req.kinds[0];
            if docs.iter().any(|d| req.accepts(&d.kind)) {
                continue;
            }
            docs.push(doc(
                kind,
                &format!("{kind}.pdf"),
                &[("issuing_country", "KAZ"), ("date_of_issue", "2026-11-02")],
            ));
        }
        let out = check_package(&package(docs), Some(&m), Some(svc), &schemas, &opts);
        assert!(out.is_empty(), "{id}: {out:#?}");

        let out = check_package(&package(vec![]), Some(&m), Some(svc), &schemas, &opts);
        assert!(
            out.iter().any(|f| f.code == "missing_document"
                && f.kind.as_deref() == Some("passport")
                && f.severity == Severity::Error)
                || !svc.requires.iter().any(|r| r.accepts("passport")),
            "{id}: {out:#?}"
        );
    }
}

/// `expiring` on the visa service, looking ahead to `until` (the check date is
/// 2026-12-01, as is the manifest's filing date).
fn ahead(read: &crate::model::PackageRead, until: &str) -> Vec<crate::findings::Finding> {
    ahead_with(read, &manifest(), until)
}

fn ahead_with(
    read: &crate::model::PackageRead,
    m: &crate::manifest::Manifest,
    until: &str,
) -> Vec<crate::findings::Finding> {
    let now = run(read, Some(m));
    let days = (d(until) - opts().as_of).num_days().max(0) as u32;
    crate::validate::expiring(
        read,
        Some(m),
        &visa_service(),
        &schemas(),
        &opts(),
        days,
        &now,
    )
}

#[test]
fn looking_ahead_names_the_first_day_a_dated_check_fails() {
    // Valid today (2026-12-01) and 3 months past the stay's end (2027-12-01) only until
    // 2028-03-01 is required: a passport expiring 2026-12-20 fails both on the way.
    let mut p = passport_doc();
    set(&mut p, "date_of_expiry", "2028-03-10", 99.0);
    let cert = doc(
        "fingerprint_certificate",
        "fp.png",
        &[("date_of_issue", "2026-06-02")],
    );
    let read = package(vec![p, translation_doc(), cert]);
    assert!(run(&read, Some(&manifest())).is_empty());
    // Nothing turns within December.
    assert!(ahead(&read, "2026-12-31").is_empty());
    // The certificate "of the current year" goes stale on 1 January.
    let out = ahead(&read, "2027-02-01");
    assert_eq!(codes(&out), ["expiring_soon"], "{out:#?}");
    let due = out[0].due.expect("due");
    assert_eq!(
        (due.on, due.code.as_str()),
        (d("2027-01-01"), "certificate_outdated")
    );
    assert_eq!(out[0].severity, Severity::Warning);
    assert_eq!(out[0].kind.as_deref(), Some("fingerprint_certificate"));
    assert!(
        out[0].message.starts_with(
            "Passes on the check date, but not from 2027-01-01 (31 days later): checked on \
             2027-01-01, dossier would report certificate_outdated: The fingerprint \
             certificate (fp.png)"
        ),
        "{}",
        out[0].message
    );
    // Much later the passport has expired too: each named once, at its own first day.
    let out = ahead(&read, "2029-01-01");
    let dues: Vec<_> = out
        .iter()
        .map(|f| f.due.map(|d| (d.on, d.code.as_str())))
        .collect();
    assert_eq!(
        dues,
        [
            Some((d("2027-01-01"), "certificate_outdated")),
            Some((d("2028-03-11"), "passport_expired")),
        ],
        "{out:#?}"
    );
}

#[test]
fn looking_ahead_reaches_the_planned_filing_date_beyond_the_window() {
    let cert = doc(
        "fingerprint_certificate",
        "fp.png",
        &[("date_of_issue", "2026-06-02")],
    );
    let read = package(vec![passport_doc(), translation_doc(), cert]);
    let mut m = manifest();
    m.request.application_date = Some(d("2027-01-15"));
    // A 10-day window still reaches the filing date.
    let out = ahead_with(&read, &m, "2026-12-11");
    assert_eq!(codes(&out), ["expiring_soon"], "{out:#?}");
    assert!(
        out[0]
            .message
            .contains("(31 days later; the planned filing date is 2027-01-15)"),
        "{}",
        out[0].message
    );
}

#[test]
fn looking_ahead_repeats_nothing_that_fails_today() {
    let mut p = passport_doc();
    set(&mut p, "date_of_expiry", "2026-11-30", 99.0);
    let read = package(vec![p, translation_doc()]);
    assert_eq!(codes(&run(&read, Some(&manifest()))), ["passport_expired"]);
    assert!(ahead(&read, "2027-06-01").is_empty());
    // And a window that ends today or before looks at nothing.
    assert!(ahead(&read, "2026-12-01").is_empty());
}
