//! What a complete package of a service holds, read from `schemas/services/<id>.toml`
//! (format in docs/schemas.md) with the generator's own small serde structs.
//!
//! The generator must not call the dossier library: it is the independent source of
//! truth the checks are measured against, so it evaluates `when`, `effective_from` and
//! `effective_until` itself. Only the keys it needs are read; the rest is ignored.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// Errors loading a service schema.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No schema file for the service.
    #[error("no schema for service {0} in {1}")]
    Missing(String, String),
    /// The file did not parse.
    #[error("{0}: {1}")]
    Parse(String, String),
}

#[derive(Deserialize)]
struct RawService {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default, rename = "require")]
    requires: Vec<RawRequire>,
    #[serde(default, rename = "rule")]
    rules: Vec<RawRule>,
}

#[derive(Deserialize)]
struct RawRequire {
    kind: Option<String>,
    any_of: Option<Vec<String>>,
    #[serde(default)]
    when: Vec<String>,
    effective_from: Option<toml::Value>,
    effective_until: Option<toml::Value>,
}

#[derive(Deserialize)]
struct RawRule {
    check: String,
    months_beyond_request_end: Option<u32>,
    days_at_application: Option<u32>,
    kind: Option<String>,
    max_age: Option<String>,
    effective_from: Option<toml::Value>,
    effective_until: Option<toml::Value>,
}

/// One required item: a kind, or one of several kinds.
#[derive(Clone, Debug)]
pub struct Require {
    /// The kinds that satisfy it (one for `kind`, several for `any_of`).
    pub kinds: Vec<String>,
    /// Conditions, all of which must hold.
    pub when: Vec<String>,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

/// A dated rule the generator needs to know about to inject defects.
#[derive(Clone, Debug)]
pub struct Rule {
    /// `passport_validity`, `certificate_age`, `apostille`, `translation`, ...
    pub check: String,
    /// For passport_validity: months the passport must run past the requested end.
    pub months_beyond_request_end: Option<u32>,
    /// For passport_validity: days the passport must run past the application.
    pub days_at_application: Option<u32>,
    /// For certificate_age: the certificate kind.
    pub kind: Option<String>,
    /// For certificate_age: "current_year", "30d", "3m", "1y".
    pub max_age: Option<String>,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

/// A service schema as the generator sees it.
#[derive(Clone, Debug)]
pub struct Service {
    /// Service id (file name).
    pub id: String,
    /// What a clerk calls it.
    pub title: String,
    /// Required items.
    pub requires: Vec<Require>,
    /// Dated rules.
    pub rules: Vec<Rule>,
    /// Where the schema came from (a file path, or "built-in" for the fallback table).
    pub origin: String,
}

/// What the `when` conditions are evaluated against.
pub struct Context<'a> {
    /// The check date (decides effective_from / effective_until).
    pub as_of: NaiveDate,
    /// The application date (decides `age_at_least`).
    pub application_date: NaiveDate,
    /// Applicant's citizenship, alpha-3.
    pub citizenship: &'a str,
    /// Applicant's birth date.
    pub date_of_birth: NaiveDate,
    /// The passport prints no Cyrillic name.
    pub passport_lacks_cyrillic: bool,
    /// `[flags] dependant`.
    pub dependant: bool,
    /// `[flags] representative`.
    pub representative: bool,
    /// `[flags] category`.
    pub category: Option<&'a str>,
}

fn date(v: &Option<toml::Value>) -> Option<NaiveDate> {
    let s = match v.as_ref()? {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) => d.to_string(),
        _ => return None,
    };
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn in_force(from: Option<NaiveDate>, until: Option<NaiveDate>, as_of: NaiveDate) -> bool {
    from.is_none_or(|f| as_of >= f) && until.is_none_or(|u| as_of < u)
}

fn age(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut a = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        a -= 1;
    }
    a
}

impl Context<'_> {
    /// Whether one condition of a `when` list holds.
    pub fn holds(&self, cond: &str) -> bool {
        if let Some(rest) = cond.strip_prefix("not:") {
            return !self.holds(rest);
        }
        let (name, arg) = cond.split_once(':').unwrap_or((cond, ""));
        match name {
            "dependant" => self.dependant,
            "representative" => self.representative,
            "category" => self.category == Some(arg),
            "citizenship_in" => arg.split(',').any(|c| c.trim() == self.citizenship),
            "citizenship_not_in" => !arg.split(',').any(|c| c.trim() == self.citizenship),
            "passport_lacks_cyrillic" => self.passport_lacks_cyrillic,
            "age_at_least" => arg
                .parse::<i32>()
                .is_ok_and(|n| age(self.date_of_birth, self.application_date) >= n),
            // An unknown condition: the generator cannot tell, so it treats it as not
            // holding (the item is optional for this package).
            _ => false,
        }
    }
}

impl Service {
    /// Parses a schema file's text.
    pub fn parse(text: &str, origin: &str) -> Result<Service, ServiceError> {
        let raw: RawService = toml::from_str(text)
            .map_err(|e| ServiceError::Parse(origin.to_string(), e.to_string()))?;
        Ok(Service {
            id: raw.id,
            title: raw.title,
            requires: raw
                .requires
                .into_iter()
                .map(|r| Require {
                    kinds: r.kind.map(|k| vec![k]).or(r.any_of).unwrap_or_default(),
                    when: r.when,
                    from: date(&r.effective_from),
                    until: date(&r.effective_until),
                })
                .filter(|r| !r.kinds.is_empty())
                .collect(),
            rules: raw
                .rules
                .into_iter()
                .map(|r| Rule {
                    check: r.check,
                    months_beyond_request_end: r.months_beyond_request_end,
                    days_at_application: r.days_at_application,
                    kind: r.kind,
                    max_age: r.max_age,
                    from: date(&r.effective_from),
                    until: date(&r.effective_until),
                })
                .collect(),
            origin: origin.to_string(),
        })
    }

    /// Loads `<dir>/<id>.toml`, falling back to the built-in table when the file is absent.
    pub fn load(dir: &Path, id: &str) -> Result<Service, ServiceError> {
        let path = dir.join(format!("{id}.toml"));
        match std::fs::read_to_string(&path) {
            Ok(text) => Service::parse(&text, &path.display().to_string()),
            Err(_) => match FALLBACK.iter().find(|(k, _)| *k == id) {
                Some((_, text)) => Service::parse(text, "built-in"),
                None => Err(ServiceError::Missing(
                    id.to_string(),
                    dir.display().to_string(),
                )),
            },
        }
    }

    /// The required items in force for `ctx` whose conditions hold, in schema order.
    pub fn required(&self, ctx: &Context) -> Vec<&Require> {
        self.requires
            .iter()
            .filter(|r| in_force(r.from, r.until, ctx.as_of))
            .filter(|r| r.when.iter().all(|c| ctx.holds(c)))
            .collect()
    }

    /// The rules of `check` in force on `as_of`.
    pub fn rules(&self, check: &str, as_of: NaiveDate) -> Vec<&Rule> {
        self.rules
            .iter()
            .filter(|r| r.check == check && in_force(r.from, r.until, as_of))
            .collect()
    }
}

/// Used only until schemas/services/<id>.toml exists for these services: the documents
/// the seeds list, in the same format (seed 002, Expat Centre lists).
const FALLBACK: &[(&str, &str)] = &[
    (
        "iin",
        r#"id = "iin"
title = "Individual identification number"
[[require]]
kind = "passport"
[[require]]
kind = "passport_translation"
when = ["passport_lacks_cyrillic"]
[[require]]
kind = "consent_form"
"#,
    ),
    (
        "fingerprinting",
        r#"id = "fingerprinting"
title = "Dactyloscopy registration"
[[require]]
kind = "iin_certificate"
[[require]]
kind = "passport"
[[require]]
kind = "arrival_notification"
[[require]]
kind = "consent_form"
"#,
    ),
    (
        "c3_invitation",
        r#"id = "c3_invitation"
title = "Invitation letter for a C3 work visa"
[[require]]
kind = "legal_entity_registration"
[[require]]
kind = "shareholder_resolution"
[[require]]
kind = "invitation_letter"
[[require]]
kind = "passport"
[[require]]
kind = "payment_receipt"
[[require]]
kind = "employment_contract"
[[require]]
kind = "consent_form"
[[rule]]
check = "passport_validity"
months_beyond_request_end = 3
"#,
    ),
    (
        "trp_employment",
        r#"id = "trp_employment"
title = "Temporary residence permit for employment"
[[require]]
kind = "passport"
[[require]]
kind = "iin_certificate"
[[require]]
kind = "property_owner_consent"
[[require]]
kind = "arrival_notification"
[[require]]
kind = "fingerprint_certificate"
[[require]]
kind = "medical_insurance"
[[require]]
kind = "employment_contract"
[[require]]
kind = "consent_form"
[[rule]]
check = "certificate_age"
kind = "fingerprint_certificate"
max_age = "current_year"
"#,
    ),
    (
        "police_registration",
        r#"id = "police_registration"
title = "Registration of a foreigner's stay"
[[require]]
kind = "passport"
[[require]]
kind = "arrival_notification"
[[require]]
kind = "property_owner_consent"
"#,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(citizenship: &str, born: (i32, u32, u32)) -> Context<'_> {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        Context {
            as_of: d(2026, 12, 1),
            application_date: d(2026, 12, 1),
            citizenship,
            date_of_birth: d(born.0, born.1, born.2),
            passport_lacks_cyrillic: citizenship != "RUS",
            dependant: false,
            representative: false,
            category: None,
        }
    }

    #[test]
    fn conditions_and_dates_decide_what_is_required() {
        let s = Service::parse(
            r#"id = "x"
[[require]]
kind = "passport"
[[require]]
kind = "passport_translation"
when = ["passport_lacks_cyrillic"]
[[require]]
any_of = ["marriage_certificate", "birth_certificate"]
when = ["dependant"]
[[require]]
kind = "fingerprint_certificate"
effective_from = "2026-03-10"
when = ["age_at_least:16", "citizenship_not_in:RUS,BLR"]
[[require]]
kind = "visa_copy"
effective_until = 2026-01-01
[[rule]]
check = "passport_validity"
months_beyond_request_end = 3
unknown_key = 1
"#,
            "test",
        )
        .unwrap();
        let kinds = |c: &Context| -> Vec<String> {
            s.required(c).iter().map(|r| r.kinds[0].clone()).collect()
        };
        assert_eq!(
            kinds(&ctx("DEU", (1990, 1, 1))),
            [
                "passport",
                "passport_translation",
                "fingerprint_certificate"
            ]
        );
        assert_eq!(kinds(&ctx("RUS", (1990, 1, 1))), ["passport"]);
        // 15 on the application date: no fingerprinting.
        assert_eq!(
            kinds(&ctx("DEU", (2010, 12, 2))),
            ["passport", "passport_translation"]
        );
        assert_eq!(kinds(&ctx("DEU", (2010, 12, 1))).len(), 3);
        assert_eq!(
            s.rules("passport_validity", ctx("DEU", (1990, 1, 1)).as_of)[0]
                .months_beyond_request_end,
            Some(3)
        );
    }

    #[test]
    fn fallback_table_parses() {
        for (id, text) in FALLBACK {
            let s = Service::parse(text, "built-in").unwrap();
            assert_eq!(&s.id, id);
            assert!(s.requires.iter().any(|r| r.kinds == ["passport"]));
        }
    }
}
