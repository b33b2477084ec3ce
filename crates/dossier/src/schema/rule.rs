//! The parameterised checks of a service (`[[rule]]`): passport validity, certificate
//! age, apostille and translation, plus the in-person rule. Each carries its citation
//! and effective dates; the judge decides the findings, these types only hold the
//! parameters and the date arithmetic the seeds define.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::condition::Effective;
use super::service::Citation;
use crate::model::KindId;

/// The country whose own documents never need an apostille in Kazakhstan.
pub const DOMESTIC_COUNTRY: &str = "KAZ";

/// One `[[rule]]` of a service.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The check name as written in the schema (`passport_validity`, ...).
    pub check: &'static str,
    pub kind: RuleKind,
    pub effective: Effective,
    pub citation: Citation,
}

/// What a rule checks, with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// `passport_validity` → finding `passport_validity_short`. At least one is set.
    PassportValidity {
        /// The passport must not expire earlier than this many months after
        /// `[request].valid_until`.
        months_beyond_request_end: Option<u32>,
        /// The passport must be valid for more than this many days at application.
        days_at_application: Option<u32>,
    },
    /// `certificate_age` → finding `certificate_outdated`.
    CertificateAge { kind: KindId, max_age: MaxAge },
    /// `apostille` → finding `apostille_missing`. A document of one of `kinds` issued
    /// abroad needs an apostille or legalisation unless its country is exempt.
    Apostille {
        kinds: Vec<KindId>,
        /// Alpha-3 codes of the parties to the conventions the rule names, sorted.
        exempt_countries: Vec<String>,
    },
    /// `translation` → finding `translation_missing`: a passport without the holder's
    /// name in `script` needs a notarized translation (`passport_translation`).
    Translation { script: Script },
    /// `in_person` → the service may not be filed through a representative.
    InPerson,
}

/// How old a certificate may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxAge {
    /// Issued in the calendar year of the check ("completed in the current year").
    CurrentYear,
    Days(u32),
    Months(u32),
    Years(u32),
}

/// The script a passport must show the holder's name in to need no translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Cyrillic (a translation into Kazakh or Russian otherwise).
    Cyrillic,
    /// Cyrillic or Latin: only a passport in neither needs a translation.
    CyrillicOrLatin,
}

impl Rule {
    /// True when the rule is in force on `as_of`.
    pub fn applies(&self, as_of: NaiveDate) -> bool {
        self.effective.in_force(as_of)
    }

    /// The check name as written in the schema (`passport_validity`, ...).
    pub fn check_name(&self) -> &'static str {
        self.check
    }
}

impl RuleKind {
    /// The earliest passport expiry date that satisfies a `PassportValidity` rule, given
    /// the application date and the requested end date. A part whose date is unknown
    /// (`valid_until` absent) is left out; `None` when no part can be computed or the
    /// rule is of another kind.
    pub fn minimum_passport_expiry(
        &self,
        application_date: NaiveDate,
        valid_until: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let RuleKind::PassportValidity {
            months_beyond_request_end,
            days_at_application,
        } = self
        else {
            return None;
        };
        // "must not expire earlier than 3 months from expiry date of the requested visa"
        let by_months = months_beyond_request_end
            .and_then(|m| valid_until.and_then(|end| end.checked_add_months(Months::new(m))));
        // "a validity period of more than 180 calendar days at the time of application":
        // strictly more, so the first acceptable expiry is day 181.
        let by_days = days_at_application
            .and_then(|d| application_date.checked_add_days(Days::new(u64::from(d) + 1)));
        match (by_months, by_days) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }
}

impl MaxAge {
    /// True when a certificate issued on `issued` is still recent enough on `on`.
    /// A certificate dated after `on` is not judged here (another check's business)
    /// and counts as current.
    pub fn is_current(&self, issued: NaiveDate, on: NaiveDate) -> bool {
        if issued > on {
            return true;
        }
        match *self {
            MaxAge::CurrentYear => issued.year() == on.year(),
            MaxAge::Days(n) => on
                .checked_sub_days(Days::new(u64::from(n)))
                .is_none_or(|oldest| issued >= oldest),
            MaxAge::Months(n) => on
                .checked_sub_months(Months::new(n))
                .is_none_or(|oldest| issued >= oldest),
            MaxAge::Years(n) => on
                .checked_sub_months(Months::new(n.saturating_mul(12)))
                .is_none_or(|oldest| issued >= oldest),
        }
    }
}

impl FromStr for MaxAge {
    type Err = String;

    fn from_str(s: &str) -> Result<MaxAge, String> {
        let s = s.trim();
        if s == "current_year" {
            return Ok(MaxAge::CurrentYear);
        }
        let bad = || {
            format!("`{s}` is not a certificate age; expected current_year or a number with d, m or y (30d, 3m, 1y)")
        };
        let unit = s.chars().last().ok_or_else(bad)?;
        let n: u32 = s[..s.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(bad());
        }
        match unit {
            'd' => Ok(MaxAge::Days(n)),
            'm' => Ok(MaxAge::Months(n)),
            'y' => Ok(MaxAge::Years(n)),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for MaxAge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MaxAge::CurrentYear => f.write_str("current_year"),
            MaxAge::Days(n) => write!(f, "{n}d"),
            MaxAge::Months(n) => write!(f, "{n}m"),
            MaxAge::Years(n) => write!(f, "{n}y"),
        }
    }
}

impl FromStr for Script {
    type Err = String;

    fn from_str(s: &str) -> Result<Script, String> {
        match s.trim() {
            "cyrillic" => Ok(Script::Cyrillic),
            "cyrillic_or_latin" => Ok(Script::CyrillicOrLatin),
            other => Err(format!(
                "unknown script `{other}`; expected cyrillic or cyrillic_or_latin"
            )),
        }
    }
}

impl Script {
    /// True when a passport showing these scripts needs a translation.
    pub fn translation_needed(&self, has_cyrillic: bool, has_latin: bool) -> bool {
        match self {
            Script::Cyrillic => !has_cyrillic,
            Script::CyrillicOrLatin => !has_cyrillic && !has_latin,
        }
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Script::Cyrillic => "cyrillic",
            Script::CyrillicOrLatin => "cyrillic_or_latin",
        })
    }
}

/// For an `Apostille` rule: true when a document of `kind` issued in `country`
/// (alpha-3) needs an apostille or legalisation. Kazakhstan's own documents and those
/// of exempt countries never do; kinds the rule does not name never do.
pub fn needs_apostille(rule: &RuleKind, kind: &str, country: &str) -> bool {
    match rule {
        RuleKind::Apostille {
            kinds,
            exempt_countries,
        } => {
            kinds.iter().any(|k| k == kind)
                && country != DOMESTIC_COUNTRY
                && !exempt_countries.iter().any(|c| c == country)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn passport_validity_bounds() {
        let visa = RuleKind::PassportValidity {
            months_beyond_request_end: Some(3),
            days_at_application: None,
        };
        assert_eq!(
            visa.minimum_passport_expiry(d("2026-12-01"), Some(d("2028-11-30"))),
            Some(d("2029-02-28"))
        );
        assert_eq!(visa.minimum_passport_expiry(d("2026-12-01"), None), None);
        let prp = RuleKind::PassportValidity {
            months_beyond_request_end: None,
            days_at_application: Some(180),
        };
        // 2026-12-01 + 180 days = 2027-05-30; "more than 180 days" needs 2027-05-31.
        assert_eq!(
            prp.minimum_passport_expiry(d("2026-12-01"), None),
            Some(d("2027-05-31"))
        );
    }

    #[test]
    fn certificate_ages() {
        let on = d("2026-12-01");
        assert!(MaxAge::CurrentYear.is_current(d("2026-01-01"), on));
        assert!(!MaxAge::CurrentYear.is_current(d("2025-12-31"), on));
        assert!(MaxAge::Days(30).is_current(d("2026-11-01"), on));
        assert!(!MaxAge::Days(30).is_current(d("2026-10-31"), on));
        assert!(MaxAge::Months(3).is_current(d("2026-09-01"), on));
        assert!(!MaxAge::Years(1).is_current(d("2025-11-30"), on));
        for s in ["current_year", "30d", "3m", "1y"] {
            assert_eq!(s.parse::<MaxAge>().unwrap().to_string(), s);
        }
        for s in ["", "d", "0d", "3w", "-3d", "year"] {
            assert!(s.parse::<MaxAge>().is_err(), "{s}");
        }
    }

    #[test]
    fn apostille_exemptions() {
        let rule = RuleKind::Apostille {
            kinds: vec![crate::schema::kinds::test_kind("birth_certificate")],
            exempt_countries: vec!["RUS".into(), "UZB".into()],
        };
        assert!(needs_apostille(&rule, "birth_certificate", "DEU"));
        assert!(!needs_apostille(&rule, "birth_certificate", "RUS"));
        assert!(!needs_apostille(&rule, "birth_certificate", "KAZ"));
        assert!(!needs_apostille(&rule, "passport", "DEU"));
    }

    #[test]
    fn translation_scripts() {
        assert!(Script::Cyrillic.translation_needed(false, true));
        assert!(!Script::Cyrillic.translation_needed(true, true));
        assert!(!Script::CyrillicOrLatin.translation_needed(false, true));
        assert!(Script::CyrillicOrLatin.translation_needed(false, false));
    }
}
