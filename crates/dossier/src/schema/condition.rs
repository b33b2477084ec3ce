//! When a schema item applies: the `when` conditions of docs/schemas.md (flags,
//! category, citizenship, passport script, age) and the effective dates of rules that
//! changed on a date. Evaluation is three-valued: a condition that needs a fact the
//! package does not give (no birth date, no citizenship) is `Unknown`, not false.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::parse::country::is_alpha3;

/// One condition of a `when` list. All conditions of a list must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `dependant`: `[flags] dependant = true`.
    Dependant,
    /// `representative`: `[flags] representative = true`.
    Representative,
    /// `category:B2`: `[flags] category = "B2"`.
    Category(String),
    /// `citizenship_in:RUS,BLR`: the applicant's citizenship is one of these codes.
    CitizenshipIn(Vec<String>),
    /// `citizenship_not_in:RUS,BLR`: the applicant's citizenship is none of these.
    CitizenshipNotIn(Vec<String>),
    /// `passport_lacks_cyrillic`: the passport shows no Cyrillic name.
    PassportLacksCyrillic,
    /// `age_at_least:16`: the applicant is at least this old on the application date.
    AgeAtLeast(u32),
    /// `not:COND`.
    Not(Box<Condition>),
}

/// The facts a condition is evaluated against. Build it with [`Context::new`] or
/// [`Manifest::context`](crate::manifest::Manifest::context), then fill what the documents tell (the passport's
/// citizenship and script) where the manifest is silent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The check date: decides which dated items are in force.
    pub as_of: NaiveDate,
    pub dependant: bool,
    pub representative: bool,
    pub category: Option<String>,
    /// ISO 3166-1 alpha-3, as in the MRZ.
    pub citizenship: Option<String>,
    /// Whether the passport prints the holder's name in Cyrillic.
    pub passport_has_cyrillic: Option<bool>,
    /// Age in whole years on the application date.
    pub age: Option<u32>,
}

/// Whether an item applies to a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    Applies,
    DoesNotApply,
    /// A condition needs a fact the context does not have.
    Unknown,
}

impl Context {
    /// A context with no flags and no known facts.
    pub fn new(as_of: NaiveDate) -> Context {
        Context {
            as_of,
            dependant: false,
            representative: false,
            category: None,
            citizenship: None,
            passport_has_cyrillic: None,
            age: None,
        }
    }
}

/// Age in whole years on `on` of someone born on `born`; `None` if `on` is before
/// `born`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < born {
        return None;
    }
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

impl Condition {
    /// `Some(true)` when the condition holds, `Some(false)` when it does not, `None`
    /// when the context lacks the fact it needs.
    pub fn eval(&self, ctx: &Context) -> Option<bool> {
        match self {
            Condition::Dependant => Some(ctx.dependant),
            Condition::Representative => Some(ctx.representative),
            Condition::Category(c) => Some(ctx.category.as_deref() == Some(c.as_str())),
            Condition::CitizenshipIn(codes) => {
                let have = ctx.citizenship.as_deref()?;
                Some(codes.iter().any(|c| c == have))
            }
            Condition::CitizenshipNotIn(codes) => {
                let have = ctx.citizenship.as_deref()?;
                Some(!codes.iter().any(|c| c == have))
            }
            Condition::PassportLacksCyrillic => ctx.passport_has_cyrillic.map(|has| !has),
            Condition::AgeAtLeast(years) => ctx.age.map(|age| age >= *years),
            Condition::Not(inner) => inner.eval(ctx).map(|b| !b),
        }
    }

    /// The category this condition names, looking through `not:`.
    pub fn category(&self) -> Option<&str> {
        match self {
            Condition::Category(c) => Some(c),
            Condition::Not(inner) => inner.category(),
            _ => None,
        }
    }
}

/// Evaluates a `when` list: all must hold; one false wins over an unknown.
pub fn eval_all(conditions: &[Condition], ctx: &Context) -> Applicability {
    let mut unknown = false;
    for c in conditions {
        match c.eval(ctx) {
            Some(true) => {}
            Some(false) => return Applicability::DoesNotApply,
            None => unknown = true,
        }
    }
    if unknown {
        Applicability::Unknown
    } else {
        Applicability::Applies
    }
}

fn parse_codes(list: &str) -> Result<Vec<String>, String> {
    let codes: Vec<String> = list.split(',').map(|c| c.trim().to_string()).collect();
    for code in &codes {
        if !is_alpha3(code) {
            return Err(format!(
                "`{code}` is not an ISO 3166-1 alpha-3 code (three capital letters, e.g. RUS)"
            ));
        }
    }
    Ok(codes)
}

impl FromStr for Condition {
    type Err = String;

    fn from_str(s: &str) -> Result<Condition, String> {
        let s = s.trim();
        let (name, arg) = match s.split_once(':') {
            Some((n, a)) => (n, Some(a)),
            None => (s, None),
        };
        let need_arg = |what: &str| -> Result<&str, String> {
            match arg {
                Some(a) if !a.trim().is_empty() => Ok(a.trim()),
                _ => Err(format!(
                    "`{name}` needs {what} after a colon, e.g. `{name}:{}`",
                    example(name)
                )),
            }
        };
        let no_arg = |c: Condition| -> Result<Condition, String> {
            match arg {
                None => Ok(c),
                Some(_) => Err(format!("`{name}` takes no argument")),
            }
        };
        match name {
            "dependant" => no_arg(Condition::Dependant),
            "representative" => no_arg(Condition::Representative),
            "passport_lacks_cyrillic" => no_arg(Condition::PassportLacksCyrillic),
            "category" => Ok(Condition::Category(need_arg("a category")?.to_string())),
            "citizenship_in" => Ok(Condition::CitizenshipIn(parse_codes(need_arg(
                "country codes",
            )?)?)),
            "citizenship_not_in" => Ok(Condition::CitizenshipNotIn(parse_codes(need_arg(
                "country codes",
            )?)?)),
            "age_at_least" => {
                let a = need_arg("an age in years")?;
                a.parse::<u32>()
                    .ok()
                    .filter(|n| *n <= 150)
                    .map(Condition::AgeAtLeast)
                    .ok_or_else(|| format!("`{a}` is not an age in whole years"))
            }
            "not" => {
                let rest = s.split_once(':').map_or("", |(_, r)| r);
                if rest.trim().is_empty() {
                    return Err(
                        "`not` needs a condition after a colon, e.g. `not:dependant`".into(),
                    );
                }
                Ok(Condition::Not(Box::new(rest.parse()?)))
            }
            other => Err(format!(
                "unknown condition `{other}`; expected dependant, representative, category:X, \
                 citizenship_in:AAA,BBB, citizenship_not_in:AAA,BBB, passport_lacks_cyrillic, \
                 age_at_least:N or not:COND"
            )),
        }
    }
}

fn example(name: &str) -> &'static str {
    match name {
        "category" => "B2",
        "citizenship_in" | "citizenship_not_in" => "RUS,BLR",
        "age_at_least" => "16",
        _ => "X",
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Dependant => f.write_str("dependant"),
            Condition::Representative => f.write_str("representative"),
            Condition::Category(c) => write!(f, "category:{c}"),
            Condition::CitizenshipIn(c) => write!(f, "citizenship_in:{}", c.join(",")),
            Condition::CitizenshipNotIn(c) => write!(f, "citizenship_not_in:{}", c.join(",")),
            Condition::PassportLacksCyrillic => f.write_str("passport_lacks_cyrillic"),
            Condition::AgeAtLeast(n) => write!(f, "age_at_least:{n}"),
            Condition::Not(inner) => write!(f, "not:{inner}"),
        }
    }
}

/// The dates between which an item is in force: from `from` (inclusive) until
/// `until` (exclusive). Both open when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Effective {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Effective {
    /// True when the item is in force on `as_of`.
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.from.is_none_or(|from| as_of >= from) && self.until.is_none_or(|until| as_of < until)
    }

    /// True when neither date is set.
    pub fn is_always(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

impl fmt::Display for Effective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.until) {
            (None, None) => f.write_str("always"),
            (Some(from), None) => write!(f, "from {from}"),
            (None, Some(until)) => write!(f, "until {until}"),
            (Some(from), Some(until)) => write!(f, "from {from} until {until}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_and_prints_every_condition() {
        for s in [
            "dependant",
            "representative",
            "category:B2",
            "citizenship_in:RUS,BLR",
            "citizenship_not_in:KAZ",
            "passport_lacks_cyrillic",
            "age_at_least:16",
            "not:category:B3",
            "not:not:dependant",
        ] {
            let c: Condition = s.parse().unwrap();
            assert_eq!(c.to_string(), s);
        }
    }

    #[test]
    fn rejects_bad_conditions() {
        for s in [
            "dependent",
            "category",
            "category:",
            "citizenship_in:RUSSIA",
            "citizenship_in:rus",
            "age_at_least:sixteen",
            "age_at_least:-1",
            "dependant:yes",
            "not:",
            "not:bogus",
        ] {
            assert!(s.parse::<Condition>().is_err(), "{s} should not parse");
        }
    }

    #[test]
    fn evaluates_three_valued() {
        let mut ctx = Context::new(d("2026-12-01"));
        let age: Condition = "age_at_least:16".parse().unwrap();
        assert_eq!(age.eval(&ctx), None);
        ctx.age = Some(15);
        assert_eq!(age.eval(&ctx), Some(false));
        ctx.age = Some(16);
        assert_eq!(age.eval(&ctx), Some(true));
        let cis: Condition = "not:citizenship_in:RUS,BLR".parse().unwrap();
        assert_eq!(cis.eval(&ctx), None);
        ctx.citizenship = Some("DEU".into());
        assert_eq!(cis.eval(&ctx), Some(true));
        let list = [Condition::Dependant, Condition::PassportLacksCyrillic];
        assert_eq!(eval_all(&list, &ctx), Applicability::DoesNotApply);
        ctx.dependant = true;
        assert_eq!(eval_all(&list, &ctx), Applicability::Unknown);
        ctx.passport_has_cyrillic = Some(false);
        assert_eq!(eval_all(&list, &ctx), Applicability::Applies);
    }

    #[test]
    fn ages_count_whole_years() {
        assert_eq!(age_on(d("2010-03-10"), d("2026-03-09")), Some(15));
        assert_eq!(age_on(d("2010-03-10"), d("2026-03-10")), Some(16));
        assert_eq!(age_on(d("2008-02-29"), d("2026-02-28")), Some(17));
        assert_eq!(age_on(d("2026-03-10"), d("2026-03-09")), None);
    }

    #[test]
    fn effective_dates_are_from_inclusive_until_exclusive() {
        let e = Effective {
            from: Some(d("2026-03-10")),
            until: Some(d("2027-01-01")),
        };
        assert!(!e.in_force(d("2026-03-09")));
        assert!(e.in_force(d("2026-03-10")));
        assert!(e.in_force(d("2026-12-31")));
        assert!(!e.in_force(d("2027-01-01")));
        assert!(Effective::default().in_force(d("1900-01-01")));
    }
}
