//! Judging one package: every check of issue 4, each in one function, over what the
//! reading half found ([`PackageRead`]), what the applicant declared ([`Manifest`]) and
//! what the service requires ([`Service`]).
//!
//! - [`reading`]: `unreadable_file`, `unrecognized_document`, `kind_filename_mismatch`.
//! - [`identity`]: `mrz_check_digit`, `iin_invalid`, `iin_birth_date_mismatch`,
//!   `iin_sex_mismatch`, `name_mismatch`, `birth_date_mismatch`,
//!   `passport_number_mismatch`.
//! - [`rules`]: `missing_document`, `passport_expired`, `passport_validity_short`,
//!   `certificate_outdated`, `apostille_missing`, `translation_missing`.
//!
//! Verdicts on doubtful readings: one rule, [`Facts::reading`] for values and
//! [`Facts::check_reading`] for MRZ check digits, decides whether a check may report an
//! error on a reading. Sure: a text layer, the manifest, an MRZ number or date whose
//! check digits hold, an OCR reading sure of every character (confidence at or above
//! [`Options::min_confidence`], the MRZ recogniser sure of every cell, no letter where
//! a digit must be), or two independent readings that agree. A check that would fail on
//! a doubtful reading reports `low_confidence` instead (a warning: the package goes to a
//! person), never both. A letter read where a digit must be is always a misreading.

mod facts;
mod identity;
mod reading;
mod rules;

use crate::findings::Code;
use crate::findings::{Finding, Severity};
use crate::manifest::Manifest;
use crate::model::{Evidence, KindId, PackageRead};
use crate::schema::{Schemas, Service};

pub(crate) use facts::{Facts, Value};

/// How the checks are run: the check date and the confidence threshold, the same
/// values extraction judges by ([`crate::model::Options`]).
pub use crate::model::Options;

/// Every finding for one package, sorted (errors first, then code, file, page).
///
/// With `service` `None` only the reading findings are produced; the pipeline adds
/// `manifest_invalid` through [`manifest_invalid`].
pub fn check_package(
    read: &PackageRead,
    manifest: Option<&Manifest>,
    service: Option<&Service>,
    schemas: &Schemas,
    opts: &Options,
) -> Vec<Finding> {
    let mut out = reading::check(read);
    if let Some(service) = service {
        let facts = Facts::new(read, manifest, opts);
        identity::check(&facts, &mut out);
        rules::check(&facts, service, schemas, &mut out);
    }
    merge_low_confidence(&mut out);
    sort_findings(&mut out);
    out
}

/// The checks that fail with time alone, on documents that do not change: what
/// [`expiring`] looks ahead for.
const DATED: [Code; 3] = [
    Code::PassportExpired,
    Code::PassportValidityShort,
    Code::CertificateOutdated,
];

/// `expiring_soon` (`check --warn-expiring DAYS`): for each dated check (see [`DATED`])
/// that passes on the check date but fails on some day up to `days` later, or up to the
/// planned filing date (`[request] application_date`) when that is later, one warning
/// naming the first such day and what would be reported then. `current` is what
/// [`check_package`] found on the check date.
///
/// The look-ahead runs the same checks at later check dates, so every rule speaks for
/// itself (a passport's expiry, months beyond the stay, "of the current year"); the first
/// day is found by bisection, as each of these checks, once failing, keeps failing.
pub fn expiring(
    read: &PackageRead,
    manifest: Option<&Manifest>,
    service: &Service,
    schemas: &Schemas,
    opts: &Options,
    days: u32,
    current: &[Finding],
) -> Vec<Finding> {
    let filing = Facts::new(read, manifest, opts).application_date();
    let until = (opts.as_of + chrono::Duration::days(i64::from(days))).max(filing);
    if until <= opts.as_of {
        return Vec::new();
    }
    let at = |day| {
        let on_day = Options {
            as_of: day,
            ..*opts
        };
        check_package(read, manifest, Some(service), schemas, &on_day)
    };
    // A finding is the same one on another day when it is of the same check, on the same
    // document kind and the same places of the same pages.
    let key = |f: &Finding| {
        let places: Vec<(String, u32)> = f
            .evidence
            .iter()
            .map(|e| (e.file.clone(), e.page))
            .collect();
        (f.code, f.kind.clone(), places)
    };
    let holds_on = |day, k: &_| at(day).into_iter().find(|g| key(g) == *k);
    let now: Vec<_> = current.iter().map(key).collect();
    let mut out = Vec::new();
    for later in at(until) {
        let k = key(&later);
        if !DATED.contains(&later.code) || now.contains(&k) {
            continue;
        }
        // It does not hold on `lo` and holds on `hi`.
        let (mut lo, mut hi, mut first) = (opts.as_of, until, later);
        while (hi - lo).num_days() > 1 {
            let mid = lo + chrono::Duration::days((hi - lo).num_days() / 2);
            match holds_on(mid, &k) {
                Some(f) => (hi, first) = (mid, f),
                None => lo = mid,
            }
        }
        let days = (hi - opts.as_of).num_days();
        let on = hi.format("%Y-%m-%d");
        let filing = if filing > opts.as_of {
            format!("; the planned filing date is {}", filing.format("%Y-%m-%d"))
        } else {
            String::new()
        };
        let code = first.code;
        let mut f = Code::ExpiringSoon.finding(
            first.kind.as_ref(),
            format!(
                "Passes on the check date, but not from {on} ({days} day{} later{filing}): \
                 checked on {on}, dossier would report {}: {}",
                if days == 1 { "" } else { "s" },
                code.as_str(),
                first.message
            ),
            first.evidence,
        );
        f.due = Some(crate::findings::Due { on: hi, code });
        out.push(f);
    }
    // Soonest first.
    out.sort_by_key(|f| f.due.map(|d| d.on));
    out
}

/// Keeps one `low_confidence` finding per doubtful reading: several checks may stand
/// down on the same values, and a person needs to look at them once. The readings are
/// told apart by their evidence (file, page, box, OCR text and confidence of each
/// doubtful value), never by the message, which also says what each check would have
/// reported.
fn merge_low_confidence(findings: &mut Vec<Finding>) {
    let mut seen: Vec<Vec<Evidence>> = Vec::new();
    findings.retain(|f| {
        if f.code != Code::LowConfidence {
            return true;
        }
        if seen.contains(&f.evidence) {
            false
        } else {
            seen.push(f.evidence.clone());
            true
        }
    });
}

/// The `manifest_invalid` finding for a package whose manifest is missing or wrong.
/// `file` and `line` point at the problem when it has a place.
pub fn manifest_invalid(
    package_id: &str,
    reason: &str,
    file: Option<&str>,
    line: Option<usize>,
) -> Finding {
    let place = match (file, line) {
        (Some(f), Some(l)) => format!(" ({f}, line {l})"),
        (Some(f), None) => format!(" ({f})"),
        _ => String::new(),
    };
    let reason = reason.trim().trim_end_matches('.');
    let evidence = file
        .map(|f| {
            vec![Evidence {
                file: f.to_string(),
                page: 0,
                bbox: None,
                text: line.map(|l| format!("line {l}")),
                confidence: None,
            }]
        })
        .unwrap_or_default();
    Code::ManifestInvalid.finding(
        None,
        format!("Package {package_id} cannot be judged: {reason}{place}."),
        evidence,
    )
}

/// Sorts findings for output: errors first, then by code, file, page, kind and message;
/// drops exact duplicates.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    type Key<'a> = (
        std::cmp::Reverse<Severity>,
        &'a str,
        &'a str,
        u32,
        &'a str,
        &'a str,
    );
    fn key(f: &Finding) -> Key<'_> {
        let (file, page) = f
            .evidence
            .first()
            .map_or(("", 0), |e| (e.file.as_str(), e.page));
        (
            std::cmp::Reverse(f.severity),
            f.code.as_str(),
            file,
            page,
            f.kind.as_deref().unwrap_or(""),
            f.message.as_str(),
        )
    }
    findings.sort_by(|a, b| key(a).cmp(&key(b)));
    findings.dedup();
}

/// A `low_confidence` finding standing in for the error a check would have reported.
/// `what` names the doubtful values; `would` says what the check would have said.
pub(crate) fn low_confidence(
    kind: Option<&KindId>,
    doubtful: &[&Value<'_>],
    would: &str,
    opts: &Options,
) -> Finding {
    let read: Vec<String> = doubtful
        .iter()
        .map(|v| {
            if v.value.is_empty() {
                format!("{} could not be read", v.label())
            } else {
                format!(
                    "{} was read as {} with confidence {:.0}",
                    v.label(),
                    v.value,
                    v.confidence
                )
            }
        })
        .collect();
    Code::LowConfidence.finding(
        kind,
        format!(
            "{} (threshold {:.0}); on that reading {}. A person should compare with the \
             document.",
            capitalize(&read.join("; ")),
            opts.min_confidence,
            would
        ),
        doubtful.iter().map(|v| v.evidence()).collect(),
    )
}

/// Upper-cases the first letter of a sentence.
pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    #[test]
    fn manifest_invalid_names_file_and_line() {
        let f = manifest_invalid(
            "pkg1",
            "unknown key `servise`.",
            Some("package.toml"),
            Some(3),
        );
        assert_eq!(f.code, "manifest_invalid");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(
            f.message,
            "Package pkg1 cannot be judged: unknown key `servise` (package.toml, line 3)."
        );
        assert_eq!(f.evidence[0].file, "package.toml");
        let f = manifest_invalid("pkg1", "no package.toml and no --service", None, None);
        assert!(f.evidence.is_empty());
    }

    #[test]
    fn doubtful_readings_are_merged_by_their_evidence_not_their_message() {
        let ev = |file: &str, text: &str| Evidence {
            file: file.into(),
            page: 1,
            bbox: None,
            text: Some(text.into()),
            confidence: Some(41.0),
        };
        let mut v = vec![
            // One reading, two checks standing down on it: one finding.
            Code::LowConfidence.finding(
                None,
                "Surname ... would be a name mismatch",
                vec![ev("a", "SMlTH")],
            ),
            Code::LowConfidence.finding(
                None,
                "Surname ... would be a mismatch too",
                vec![ev("a", "SMlTH")],
            ),
            // The same words about another file's reading: kept.
            Code::LowConfidence.finding(
                None,
                "Surname ... would be a name mismatch",
                vec![ev("b", "SMlTH")],
            ),
            Code::NameMismatch.finding(None, "x", vec![ev("a", "SMlTH")]),
        ];
        merge_low_confidence(&mut v);
        let got: Vec<(Code, &str)> = v
            .iter()
            .map(|f| (f.code, f.evidence[0].file.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Code::LowConfidence, "a"),
                (Code::LowConfidence, "b"),
                (Code::NameMismatch, "a")
            ]
        );
    }

    #[test]
    fn findings_sort_errors_first_then_code_file_page() {
        let ev = |file: &str, page| Evidence {
            file: file.into(),
            page,
            bbox: None,
            text: None,
            confidence: None,
        };
        let mut v = vec![
            Code::LowConfidence.finding(None, "w", vec![ev("a", 1)]),
            Code::NameMismatch.finding(None, "b", vec![ev("b.png", 2)]),
            Code::NameMismatch.finding(None, "a", vec![ev("b.png", 1)]),
            Code::IinInvalid.finding(None, "c", vec![ev("z", 1)]),
            Code::IinInvalid.finding(None, "c", vec![ev("z", 1)]),
        ];
        sort_findings(&mut v);
        let got: Vec<(&str, u32)> = v
            .iter()
            .map(|f| (f.code.as_str(), f.evidence[0].page))
            .collect();
        assert_eq!(
            got,
            [
                ("iin_invalid", 1),
                ("name_mismatch", 1),
                ("name_mismatch", 2),
                ("low_confidence", 1)
            ]
        );
    }

    #[test]
    fn without_a_service_only_reading_findings() {
        let mut read = package(vec![passport_doc()]);
        read.problems.push(crate::model::ReadProblem::new(
            "broken.pdf",
            None,
            "truncated",
        ));
        let schemas = schemas();
        let out = check_package(&read, None, None, &schemas, &opts());
        assert_eq!(codes(&out), ["unreadable_file"]);
    }

    #[test]
    fn a_clean_package_passes() {
        let read = package(vec![passport_doc(), translation_doc()]);
        let schemas = schemas();
        let m = manifest();
        let out = check_package(&read, Some(&m), Some(&visa_service()), &schemas, &opts());
        assert!(out.is_empty(), "{out:#?}");
    }
}
