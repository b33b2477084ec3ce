//! What the service requires: documents present (on the conditions that hold for this
//! applicant on the check date), the passport valid long enough, certificates recent
//! enough, foreign documents apostilled, and a translation where the passport lacks
//! Cyrillic names.

use chrono::{Datelike, NaiveDate};

use super::facts::{kind_title, Facts, Value};
use super::low_confidence;
use crate::findings::Code;
use crate::findings::{Finding, Severity};
use crate::model::{Document, KindId};
use crate::schema::service::Citation;
use crate::schema::{
    age_on, needs_apostille, Applicability, Context, MaxAge, Requirement, Rule, RuleKind, Schemas,
    Script, Service,
};

/// Countries whose passports print the holder's name in Cyrillic, for when the
/// extracted fields do not show it (a faint scan).
const CYRILLIC_PASSPORTS: &[&str] = &[
    "BGR", "BLR", "KAZ", "KGZ", "MKD", "MNG", "RUS", "SRB", "TJK", "UKR",
];

/// Every rule and requirement check.
pub(crate) fn check(f: &Facts<'_>, service: &Service, schemas: &Schemas, out: &mut Vec<Finding>) {
    let ctx = context(f);
    let rules = service.rules_in_force(f.opts.as_of);
    let mut translation_reported = false;
    for rule in &rules {
        match &rule.kind {
            RuleKind::CertificateAge { kind, max_age } => {
                certificate_outdated(f, service, kind, *max_age, out)
            }
            RuleKind::Apostille { .. } => apostille_missing(f, rule, out),
            RuleKind::Translation { script } => {
                translation_reported |= translation_missing(f, &ctx, *script, schemas, out)
            }
            RuleKind::InPerson => representative_not_allowed(f, service, rule, out),
            RuleKind::PassportValidity { .. } => {}
        }
    }
    passport_dates(f, service, &rules, out);
    missing_document(f, service, &ctx, translation_reported, out);
}

/// The facts conditions are judged on: the manifest's flags and declared data, filled
/// from the identity document where the manifest is silent.
pub(crate) fn context(f: &Facts<'_>) -> Context {
    let as_of = f.opts.as_of;
    let mut ctx = match f.manifest {
        Some(m) => m.context(as_of),
        None => Context::new(as_of),
    };
    let id = f.id_doc();
    if ctx.citizenship.is_none() {
        ctx.citizenship = id
            .and_then(|d| f.value(d, "nationality"))
            .map(|v| v.value.to_uppercase());
    }
    if ctx.age.is_none() {
        ctx.age = id
            .and_then(|d| f.value(d, "date_of_birth"))
            .and_then(|v| v.date())
            .and_then(|born| age_on(born, f.application_date()));
    }
    // Without a passport, the citizenship tells which passport the applicant holds.
    ctx.passport_has_cyrillic = passport_has_cyrillic(f).or_else(|| {
        ctx.citizenship
            .as_deref()
            .map(|c| CYRILLIC_PASSPORTS.contains(&c))
    });
    ctx
}

/// Whether the passport shows the holder's name in Cyrillic: a Cyrillic name field was
/// read, or the issuing state prints one. `None` without a passport.
fn passport_has_cyrillic(f: &Facts<'_>) -> Option<bool> {
    let doc = f.docs("passport").next()?;
    let read_cyrillic = ["surname_cyrillic", "given_names_cyrillic"]
        .iter()
        .any(|n| {
            doc.fields
                .get(*n)
                .is_some_and(|v| !v.value.trim().is_empty())
        });
    let state = ["issuing_country", "nationality"]
        .iter()
        .find_map(|n| f.value(doc, n))
        .is_some_and(|v| CYRILLIC_PASSPORTS.contains(&v.value.to_uppercase().as_str()));
    Some(read_cyrillic || state)
}

/// "Source: SOURCE, section “SECTION”: “quote”.": the source named as a clerk knows it,
/// after the sentence that names the service.
fn cite(citation: &Citation) -> String {
    let c = citation.to_string();
    let ends = c.trim_end_matches('\u{201d}');
    if ends.ends_with(['.', ';', '!', '?']) {
        format!("Source: {c}")
    } else {
        format!("Source: {c}.")
    }
}

/// `missing_document`: each requirement in force whose conditions hold (or cannot be
/// decided: then a warning) and that no document of the package satisfies.
fn missing_document(
    f: &Facts<'_>,
    service: &Service,
    ctx: &Context,
    translation_reported: bool,
    out: &mut Vec<Finding>,
) {
    for req in &service.requires {
        let applicability = req.applicability(ctx);
        if applicability == Applicability::DoesNotApply || present(f, req) {
            continue;
        }
        // translation_missing already says it, with the reason.
        if translation_reported && req.kinds.iter().all(|k| k == "passport_translation") {
            continue;
        }
        let label = req
            .kinds
            .iter()
            .map(|k| kind_title(k))
            .collect::<Vec<_>>()
            .join(" or ");
        let when = if req.when.is_empty() {
            String::new()
        } else {
            format!(
                " when {}",
                req.when
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        };
        let source = cite(&req.citation);
        let service = &service.title;
        let kind = req.kinds.first();
        let finding = if applicability == Applicability::Applies {
            Code::MissingDocument.finding(
                kind,
                format!("The package has no {label}, which the {service} requires{when}. {source}"),
                vec![],
            )
        } else {
            let mut f = Code::MissingDocument.finding(
                kind,
                format!(
                    "The package has no {label}, which the {service} requires{when}; whether \
                     that applies could not be told (birth date or citizenship unknown). {source}"
                ),
                vec![],
            );
            f.severity = Severity::Warning;
            f
        };
        out.push(finding);
    }
}

/// True when a document of the package satisfies the requirement.
fn present(f: &Facts<'_>, req: &Requirement) -> bool {
    f.read.documents.iter().any(|d| req.accepts(&d.kind))
}

/// `passport_expired` and `passport_validity_short`. An expired passport is reported
/// once, as expired.
fn passport_dates(f: &Facts<'_>, service: &Service, rules: &[&Rule], out: &mut Vec<Finding>) {
    let Some(doc) = f.id_doc() else { return };
    let Some(expiry) = f
        .value(doc, "date_of_expiry")
        .filter(|v| v.date().is_some())
    else {
        let unread = f.unread(doc, "date_of_expiry");
        out.push(low_confidence(
            Some(&doc.kind),
            &[&unread],
            "dossier cannot tell whether it has expired or is valid long enough",
            f.opts,
        ));
        return;
    };
    let Some(expires) = expiry.date() else { return };
    let as_of = f.opts.as_of;
    let mut problems: Vec<(Code, String)> = Vec::new();
    if expires < as_of {
        problems.push((
            Code::PassportExpired,
            format!(
                "The {} ({}) expired on {}, before the check date {}.",
                kind_title(&doc.kind),
                doc.file,
                ymd(expires),
                ymd(as_of)
            ),
        ));
    } else {
        for rule in rules {
            if let RuleKind::PassportValidity {
                months_beyond_request_end,
                days_at_application,
            } = rule.kind
            {
                if let Some(m) =
                    validity_by_months(f, service, doc, expires, months_beyond_request_end)
                {
                    problems.push((Code::PassportValidityShort, m));
                }
                if let Some(m) = validity_by_days(f, service, doc, expires, days_at_application) {
                    problems.push((Code::PassportValidityShort, m));
                }
            }
        }
    }
    let passed = problems.is_empty();
    for (code, message) in problems {
        out.push(gated(f, code, doc, &expiry, message));
    }
    if passed && !f.sure(&expiry) {
        // Nothing failed, but on a doubtful reading: a person confirms the date.
        out.push(low_confidence(
            Some(&doc.kind),
            &[&expiry],
            "the passport would be valid long enough",
            f.opts,
        ));
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The finding `code` on a value, or `low_confidence` in its place when the value is
/// doubtful.
fn gated(f: &Facts<'_>, code: Code, doc: &Document, v: &Value<'_>, message: String) -> Finding {
    if f.sure(v) {
        code.finding(Some(&doc.kind), message, vec![v.evidence()])
    } else {
        let would = format!(
            "dossier would report {code}: {}",
            message.trim_end_matches('.')
        );
        low_confidence(Some(&doc.kind), &[v], &would, f.opts)
    }
}

/// Visas: the passport must run `months` beyond `[request] valid_until`.
fn validity_by_months(
    f: &Facts<'_>,
    service: &Service,
    doc: &Document,
    expires: NaiveDate,
    months: Option<u32>,
) -> Option<String> {
    let months = months?;
    let end = f.valid_until()?;
    let part = RuleKind::PassportValidity {
        months_beyond_request_end: Some(months),
        days_at_application: None,
    };
    let min = part.minimum_passport_expiry(f.application_date(), Some(end))?;
    (expires < min).then(|| {
        format!(
            "The {} ({}) expires on {}, less than {months} month{} after the requested end \
             of stay {}; the {} needs it valid until at least {}.",
            kind_title(&doc.kind),
            doc.file,
            ymd(expires),
            if months == 1 { "" } else { "s" },
            ymd(end),
            service.title,
            ymd(min)
        )
    })
}

/// PRP and the like: the passport must be valid more than `days` at application.
fn validity_by_days(
    f: &Facts<'_>,
    service: &Service,
    doc: &Document,
    expires: NaiveDate,
    days: Option<u32>,
) -> Option<String> {
    let days = days?;
    let applied = f.application_date();
    let part = RuleKind::PassportValidity {
        months_beyond_request_end: None,
        days_at_application: Some(days),
    };
    let min = part.minimum_passport_expiry(applied, None)?;
    (expires < min).then(|| {
        format!(
            "The {} ({}) expires on {}, {} days after the application date {}; the {} \
             needs more than {days} days.",
            kind_title(&doc.kind),
            doc.file,
            ymd(expires),
            (expires - applied).num_days(),
            ymd(applied),
            service.title
        )
    })
}

/// "completed in the current year (2026)", "no older than 30 days".
fn describe_max_age(max: MaxAge, as_of: NaiveDate) -> String {
    let plural = |n: u32, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match max {
        MaxAge::CurrentYear => format!("issued in the current year ({})", as_of.year()),
        MaxAge::Days(n) => format!("no older than {}", plural(n, "day")),
        MaxAge::Months(n) => format!("no older than {}", plural(n, "month")),
        MaxAge::Years(n) => format!("no older than {}", plural(n, "year")),
    }
}

/// `certificate_outdated`: each certificate of the rule's kind against its maximum age
/// on the check date.
fn certificate_outdated(
    f: &Facts<'_>,
    service: &Service,
    kind: &KindId,
    max_age: MaxAge,
    out: &mut Vec<Finding>,
) {
    let as_of = f.opts.as_of;
    for doc in f.read.documents.iter().filter(|d| d.kind == *kind) {
        // A labelled date of issue, else the document's own date (see extract).
        let issued = ["date_of_issue", "document_date"]
            .into_iter()
            .find_map(|n| f.value(doc, n).filter(|v| v.date().is_some()));
        let Some(issued) = issued else {
            let unread = f.unread(doc, "date_of_issue");
            let would = format!(
                "dossier cannot tell whether it is {}",
                describe_max_age(max_age, as_of)
            );
            out.push(low_confidence(Some(kind), &[&unread], &would, f.opts));
            continue;
        };
        let Some(date) = issued.date() else { continue };
        if max_age.is_current(date, as_of) {
            if !f.sure(&issued) {
                let would = format!("it would be {}", describe_max_age(max_age, as_of));
                out.push(low_confidence(Some(kind), &[&issued], &would, f.opts));
            }
            continue;
        }
        let message = format!(
            "The {} ({}) was issued on {}; the {} accepts only one {}.",
            kind_title(kind),
            doc.file,
            ymd(date),
            service.title,
            describe_max_age(max_age, as_of)
        );
        out.push(gated(f, Code::CertificateOutdated, doc, &issued, message));
    }
}

/// `apostille_missing`: documents of the rule's kinds issued in a country that is not
/// exempt, more of them than the package holds apostilles (an apostille in the same
/// file is taken as the document's own).
fn apostille_missing(f: &Facts<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let RuleKind::Apostille { kinds, .. } = &rule.kind else {
        return;
    };
    let apostilles: Vec<&Document> = f.docs("apostille").collect();
    let mut used = vec![false; apostilles.len()];
    let mut unmatched: Vec<(&Document, Value<'_>)> = Vec::new();
    for doc in f.read.documents.iter().filter(|d| kinds.contains(&d.kind)) {
        let Some(country) = f.value(doc, "issuing_country") else {
            continue;
        };
        if !needs_apostille(&rule.kind, &doc.kind, &country.value.to_uppercase()) {
            continue;
        }
        if let Some(i) = (0..apostilles.len()).find(|&i| !used[i] && apostilles[i].file == doc.file)
        {
            used[i] = true;
        } else {
            unmatched.push((doc, country));
        }
    }
    for (doc, country) in unmatched {
        if let Some(i) = (0..apostilles.len()).find(|&i| !used[i]) {
            used[i] = true;
            continue;
        }
        let message = format!(
            "The {} ({}) was issued in {}, which is not a party to the Minsk or Chisinau \
             conventions, and the package holds no apostille or legalisation for it.",
            kind_title(&doc.kind),
            doc.file,
            country.value.to_uppercase()
        );
        out.push(gated(f, Code::ApostilleMissing, doc, &country, message));
    }
}

/// `translation_missing`: the passport lacks the name in the script the rule wants and
/// the package has no passport translation. Returns whether it reported.
fn translation_missing(
    f: &Facts<'_>,
    ctx: &Context,
    script: Script,
    schemas: &Schemas,
    out: &mut Vec<Finding>,
) -> bool {
    let Some(passport) = f.docs("passport").next() else {
        return false;
    };
    let has_cyrillic = ctx.passport_has_cyrillic.unwrap_or(false);
    let has_latin = passport.mrz.is_some()
        || ["surname", "given_names"]
            .iter()
            .any(|n| passport.fields.contains_key(*n));
    if !script.translation_needed(has_cyrillic, has_latin) || f.has("passport_translation") {
        return false;
    }
    let lacks = match script {
        Script::Cyrillic => "in Cyrillic",
        Script::CyrillicOrLatin => "in Cyrillic or Latin",
    };
    out.push(Code::TranslationMissing.finding(
        schemas.kinds.id("passport_translation").as_ref(),
        format!(
            "The passport ({}) does not give the holder's name {lacks}, and the package has \
             no notarized translation of it into Kazakh or Russian.",
            passport.file
        ),
        vec![crate::model::Evidence {
            file: passport.file.clone(),
            page: passport.pages.first().copied().unwrap_or(0),
            bbox: None,
            text: None,
            confidence: None,
        }],
    ));
    true
}

/// `representative_not_allowed`: the manifest says a representative files a service
/// that must be applied for in person.
fn representative_not_allowed(
    f: &Facts<'_>,
    service: &Service,
    rule: &Rule,
    out: &mut Vec<Finding>,
) {
    let Some(m) = f.manifest.filter(|m| m.flags.representative) else {
        return;
    };
    let since = rule
        .effective
        .from
        .map(|d| format!(" since {}", ymd(d)))
        .unwrap_or_default();
    let line = m
        .line_of("flags.representative")
        .map(|l| format!(" (line {l})"))
        .unwrap_or_default();
    out.push(Code::RepresentativeNotAllowed.finding(
        None,
        format!(
            "package.toml says a representative files this package{line}, but the {} must \
             be applied for in person{since}. {}",
            service.title,
            cite(&rule.citation)
        ),
        vec![crate::model::Evidence {
            file: super::facts::MANIFEST_FILE.to_string(),
            page: 0,
            bbox: None,
            text: Some("representative = true".into()),
            confidence: None,
        }],
    ));
}

#[cfg(test)]
mod tests;
