//! `dossier services` and `dossier services ID`: the services dossier knows, and what
//! one requires, on which conditions and from which source.

use std::fmt::Write as _;

use crate::model::KindId;
use crate::schema::{MaxAge, RuleKind, Schemas, Script, Service};

/// One line per service: id, title, and what it is.
pub fn services_text(schemas: &Schemas) -> String {
    let width = schemas.services.keys().map(String::len).max().unwrap_or(0);
    let mut out = String::new();
    for (id, s) in &schemas.services {
        let _ = writeln!(out, "{id:<width$}  {}", s.title);
    }
    let _ = writeln!(
        out,
        "\n{} services. `dossier services ID` shows what one requires.",
        schemas.services.len()
    );
    out
}

fn kind_line(schemas: &Schemas, kind: &str) -> String {
    match schemas.kinds.get(kind) {
        Some(k) => format!("{kind} ({})", k.title),
        None => kind.to_string(),
    }
}

fn rule_text(kind: &RuleKind, schemas: &Schemas) -> String {
    match kind {
        RuleKind::PassportValidity {
            months_beyond_request_end,
            days_at_application,
        } => {
            let mut parts = Vec::new();
            if let Some(m) = months_beyond_request_end {
                parts.push(format!(
                    "at least {m} month(s) beyond the requested end of stay"
                ));
            }
            if let Some(d) = days_at_application {
                parts.push(format!("more than {d} days at application"));
            }
            format!(
                "passport valid {} (passport_validity_short)",
                parts.join(" and ")
            )
        }
        RuleKind::CertificateAge { kind, max_age } => {
            let age = match max_age {
                MaxAge::CurrentYear => "issued in the current year".to_string(),
                other => format!("no older than {other}"),
            };
            format!("{} {age} (certificate_outdated)", kind_line(schemas, kind))
        }
        RuleKind::Apostille {
            kinds,
            exempt_countries,
        } => format!(
            "apostille or legalisation on {} unless issued in KAZ or {} (apostille_missing)",
            kinds
                .iter()
                .map(KindId::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            exempt_countries.join(", ")
        ),
        RuleKind::Translation { script } => {
            let s = match script {
                Script::Cyrillic => "in Cyrillic",
                Script::CyrillicOrLatin => "in Cyrillic or Latin",
            };
            format!(
                "a passport without the holder's name {s} needs a notarized translation \
                 (translation_missing)"
            )
        }
        RuleKind::InPerson => {
            "filed in person, not through a representative (representative_not_allowed)".to_string()
        }
    }
}

/// Everything about one service: sources, required documents with conditions and
/// dates, and rules, each with the seed it comes from.
pub fn service_text(service: &Service, schemas: &Schemas) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", service.id, service.title);
    if !service.summary.trim().is_empty() {
        let _ = writeln!(out, "{}", service.summary.trim());
    }
    if !service.categories.is_empty() {
        let _ = writeln!(out, "\nCategories: {}", service.categories.join(", "));
    }
    let _ = writeln!(out, "\nSources:");
    for s in &service.sources {
        let title = schemas
            .sources
            .iter()
            .find(|p| p.seed == s.seed)
            .map_or(s.seed.as_str(), |p| p.title.as_str());
        let _ = writeln!(out, "  {title}: \u{201c}{}\u{201d}", s.section);
    }
    let _ = writeln!(out, "\nRequired documents:");
    for r in &service.requires {
        let kinds: Vec<String> = r.kinds.iter().map(|k| kind_line(schemas, k)).collect();
        let _ = writeln!(out, "  - {}", kinds.join(" or "));
        let mut conditions: Vec<String> = r.when.iter().map(ToString::to_string).collect();
        if !r.effective.is_always() {
            conditions.push(r.effective.to_string());
        }
        if !conditions.is_empty() {
            let _ = writeln!(out, "      when: {}", conditions.join(", "));
        }
        let _ = writeln!(out, "      source: {}", r.citation);
    }
    if !service.rules.is_empty() {
        let _ = writeln!(out, "\nRules:");
        for r in &service.rules {
            let _ = writeln!(out, "  - {}", rule_text(&r.kind, schemas));
            if !r.effective.is_always() {
                let _ = writeln!(out, "      {}", r.effective);
            }
            let _ = writeln!(out, "      source: {}", r.citation);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_service_and_shows_one_with_its_seeds() {
        let schemas = Schemas::embedded().expect("embedded schemas");
        let list = services_text(&schemas);
        for id in schemas.services.keys() {
            assert!(list.lines().any(|l| l.starts_with(id.as_str())), "{id}");
        }
        let svc = schemas.service("iin").expect("iin service");
        let one = service_text(svc, &schemas);
        assert!(one.starts_with("iin: "));
        assert!(one.contains("Required documents:"));
        assert!(one.contains("passport (Passport (data page))"));
        assert!(one.contains("representative_not_allowed"));
        assert!(one.contains("from 2024-02-01"));
        assert!(one.contains("the Expat Centre Guidebook 2025"), "{one}");
        assert!(!one.contains(".txt"), "a file name shown to a clerk: {one}");
    }
}
