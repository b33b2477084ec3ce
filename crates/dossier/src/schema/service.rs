//! One service schema (`schemas/services/<id>.toml`): raw serde structs as written,
//! resolved into a [`Service`] with typed conditions, rules and dates. Every problem is
//! collected with its file, line and column (see docs/schemas.md for the format).

use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::condition::{eval_all, Applicability, Condition, Context, Effective};
use super::conventions::Convention;
use super::kinds::KindVocabulary;
use super::rule::{MaxAge, Rule, RuleKind, Script};
use super::sources::{self, Publication};
use super::SchemaError;
use crate::model::KindId;
use crate::toml_file::tree::{self, DateText};

/// A service: what it requires, on which conditions, and the rules that carry dates.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Equals the file name without `.toml`.
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Categories a package of this service may declare in `[flags] category`.
    pub categories: Vec<String>,
    pub sources: Vec<Source>,
    pub requires: Vec<Requirement>,
    pub rules: Vec<Rule>,
}

/// Where a service's requirements come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// A file of `shared/seeds/`.
    pub seed: String,
    pub section: String,
}

/// The source and its own words behind one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The domain-source file, as the schema names it.
    pub seed: String,
    /// The source as a clerk knows it (`schemas/sources.toml`).
    pub source: String,
    /// The section of the source the service reads it at (its `[[source]]` entry).
    pub section: String,
    pub quote: String,
}

impl fmt::Display for Citation {
    /// "the Expat Centre Guidebook 2025 (…), section “SECTION”: “quote”", for a clerk.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)?;
        if !self.section.trim().is_empty() {
            write!(f, ", section \u{201c}{}\u{201d}", self.section.trim())?;
        }
        if !self.quote.trim().is_empty() {
            write!(f, ": \u{201c}{}\u{201d}", self.quote.trim())?;
        }
        Ok(())
    }
}

/// One required document: a kind, or alternatives of which one suffices.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// One kind, or (from `any_of`) two or more alternatives.
    pub kinds: Vec<KindId>,
    /// All must hold for the item to be required.
    pub when: Vec<Condition>,
    pub effective: Effective,
    pub citation: Citation,
}

impl Requirement {
    /// Whether the item is required for a package: in force on `ctx.as_of` and every
    /// condition holding. `Unknown` when a condition needs a fact `ctx` lacks.
    pub fn applicability(&self, ctx: &Context) -> Applicability {
        if !self.effective.in_force(ctx.as_of) {
            return Applicability::DoesNotApply;
        }
        eval_all(&self.when, ctx)
    }

    /// True only when the item certainly applies (see [`Requirement::applicability`]).
    pub fn applies(&self, ctx: &Context) -> bool {
        self.applicability(ctx) == Applicability::Applies
    }

    /// True when a document of `kind` satisfies the item.
    pub fn accepts(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k == kind)
    }

    /// The kinds as a clerk reads them: `passport`, `marriage_certificate or birth_certificate`.
    pub fn label(&self) -> String {
        let kinds: Vec<&str> = self.kinds.iter().map(KindId::as_str).collect();
        kinds.join(" or ")
    }
}

impl Service {
    /// The requirements that apply to a package (certainly, see
    /// [`Requirement::applicability`]).
    pub fn required(&self, ctx: &Context) -> Vec<&Requirement> {
        self.requires.iter().filter(|r| r.applies(ctx)).collect()
    }

    /// The rules in force on `as_of`.
    pub fn rules_in_force(&self, as_of: chrono::NaiveDate) -> Vec<&Rule> {
        self.rules.iter().filter(|r| r.applies(as_of)).collect()
    }

    /// True when `category` is one the service declares.
    pub fn has_category(&self, category: &str) -> bool {
        self.categories.iter().any(|c| c == category)
    }

    /// Every citation of the service: its requirements', then its rules'.
    pub fn citations(&self) -> impl Iterator<Item = &Citation> {
        self.requires
            .iter()
            .map(|r| &r.citation)
            .chain(self.rules.iter().map(|r| &r.citation))
    }

    /// Every seed file the service cites, sorted and unique.
    pub fn seeds(&self) -> Vec<&str> {
        let mut seeds: Vec<&str> = self
            .sources
            .iter()
            .map(|s| s.seed.as_str())
            .chain(self.requires.iter().map(|r| r.citation.seed.as_str()))
            .chain(self.rules.iter().map(|r| r.citation.seed.as_str()))
            .collect();
        seeds.sort_unstable();
        seeds.dedup();
        seeds
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: Spanned<String>,
    title: Spanned<String>,
    summary: Spanned<String>,
    #[serde(default)]
    categories: Vec<Spanned<String>>,
    #[serde(rename = "source", default)]
    sources: Vec<RawSource>,
    #[serde(rename = "require", default)]
    requires: Vec<Spanned<RawRequire>>,
    #[serde(rename = "rule", default)]
    rules: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    seed: Spanned<String>,
    section: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequire {
    kind: Option<Spanned<String>>,
    any_of: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    when: Vec<Spanned<String>>,
    effective_from: Option<Spanned<DateText>>,
    effective_until: Option<Spanned<DateText>>,
    seed: Spanned<String>,
    quote: Spanned<String>,
}

/// Declares every check a `[[rule]]` may name, once: its name, its parameters with
/// their TOML types, and the function that turns them into a [`RuleKind`]. From this one
/// list come the raw rule serde reads ([`RawRule`]: the common keys, then every
/// parameter as an `Option`), the keys each check accepts ([`CHECKS`], which the key
/// audit reads) and the names an error offers. A parameter name belongs to one check
/// only: a second check declaring it would give `RawRule` two fields of that name,
/// which does not compile.
macro_rules! checks {
    (
        common { $($common:ident : $cty:ty),+ $(,)? }
        $($check:ident ( $($param:ident : $pty:ty),* ) => $resolve:ident;)+
    ) => {
        /// One `[[rule]]` as written: the keys every rule carries, then the parameters
        /// of every check (those of its own `check` only, by the key audit).
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct RawRule {
            $($common: $cty,)+
            $($($param: Option<$pty>,)*)+
        }

        /// The keys every rule carries, whatever its check.
        const RULE_COMMON: &[&str] = &[$(stringify!($common)),+];

        /// Every check a schema may name, in the order the schema docs list them.
        const CHECKS: &[Check] = &[
            $(Check {
                name: stringify!($check),
                params: &[$(stringify!($param)),*],
                resolve: $resolve,
            },)+
        ];
    };
}

/// A check of `[[rule]]`: its name, the parameters it accepts besides the common keys,
/// and its resolver (`None`, with the errors, when the parameters are wrong).
struct Check {
    name: &'static str,
    params: &'static [&'static str],
    resolve: fn(&RawRule, Range<usize>, &Env<'_>, &mut Errors<'_>) -> Option<RuleKind>,
}

checks! {
    common {
        check: Spanned<String>,
        seed: Spanned<String>,
        quote: Spanned<String>,
        effective_from: Option<Spanned<DateText>>,
        effective_until: Option<Spanned<DateText>>,
    }
    passport_validity(months_beyond_request_end: Spanned<u32>, days_at_application: Spanned<u32>)
        => passport_validity;
    certificate_age(kind: Spanned<String>, max_age: Spanned<String>) => certificate_age;
    apostille(kinds: Vec<Spanned<String>>, exempt: Vec<Spanned<String>>) => apostille;
    translation(script: Spanned<String>) => translation;
    in_person() => in_person;
}

/// The check of this name.
fn check_named(name: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.name == name)
}

/// "`a`, `b` or `c`": the check names, for an error.
fn check_names() -> String {
    let names: Vec<&str> = CHECKS.iter().map(|c| c.name).collect();
    tree::one_of(&names)
}

/// What a service file is checked against.
pub struct Env<'a> {
    /// `None` when kinds.toml itself failed to load: kind names are then not checked.
    pub kinds: Option<&'a KindVocabulary>,
    pub conventions: &'a [Convention],
    /// The published sources a seed may name.
    pub sources: &'a [Publication],
}

/// Collects errors of one file.
struct Errors<'a> {
    file: &'a Path,
    text: &'a str,
    list: Vec<SchemaError>,
}

impl Errors<'_> {
    fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.list.push(SchemaError::at_offset(
            self.file, self.text, span.start, message,
        ));
    }
}

/// Parses and validates one service file. `file` names it in errors; its stem must
/// equal the service id.
pub fn parse_service(file: &Path, text: &str, env: &Env<'_>) -> Result<Service, Vec<SchemaError>> {
    let mut errs = Errors {
        file,
        text,
        list: Vec::new(),
    };
    audit_keys(&mut errs);
    if !errs.list.is_empty() {
        return Err(errs.list);
    }
    let raw: RawService =
        toml::from_str(text).map_err(|e| vec![SchemaError::from_toml(file, text, &e)])?;
    let service = resolve(raw, env, &mut errs);
    if errs.list.is_empty() {
        Ok(service)
    } else {
        Err(errs.list)
    }
}

/// Reports every unknown key of the file (serde would stop at the first).
fn audit_keys(errs: &mut Errors<'_>) {
    let Some(top) = tree::parse_tree(errs.text) else {
        return;
    };
    let allowed = tree::fields_of::<RawService>();
    for (key, span) in tree::unknown_keys(&top, allowed) {
        errs.at(
            span,
            format!("unknown key `{key}`, expected {}", tree::one_of(allowed)),
        );
    }
    let sections: [(&str, &[&str]); 2] = [
        ("source", tree::fields_of::<RawSource>()),
        ("require", tree::fields_of::<RawRequire>()),
    ];
    for (section, allowed) in sections {
        if let Some(node) = tree::get(&top, section) {
            for table in tree::tables(node.get_ref()) {
                for (key, span) in tree::unknown_keys(table, allowed) {
                    errs.at(
                        span,
                        format!(
                            "unknown key `{key}` in [[{section}]], expected {}",
                            tree::one_of(allowed)
                        ),
                    );
                }
            }
        }
    }
    if let Some(node) = tree::get(&top, "rule") {
        for table in tree::tables(node.get_ref()) {
            let check = tree::get(table, "check");
            let params = match check.map(|c| c.get_ref()) {
                Some(tree::Node::Scalar(Some(name))) => match check_named(name) {
                    Some(c) => c.params,
                    None => {
                        let span = check.map_or(0..0, |c| c.span());
                        errs.at(
                            span,
                            format!("unknown check `{name}`, expected {}", check_names()),
                        );
                        continue;
                    }
                },
                // A missing or mistyped `check` is reported by the typed parse.
                _ => continue,
            };
            let allowed: Vec<&str> = RULE_COMMON.iter().chain(params).copied().collect();
            for (key, span) in tree::unknown_keys(table, &allowed) {
                let name = match check.map(|c| c.get_ref()) {
                    Some(tree::Node::Scalar(Some(n))) => n.as_str(),
                    _ => "",
                };
                errs.at(
                    span,
                    format!(
                        "unknown key `{key}` for check `{name}`, expected {}",
                        tree::one_of(&allowed)
                    ),
                );
            }
        }
    }
}

fn check_seed(seed: &Spanned<String>, sources: &[String], env: &Env<'_>, errs: &mut Errors<'_>) {
    let name = seed.get_ref();
    if sources::find(env.sources, name).is_none() {
        errs.at(
            seed.span(),
            format!(
                "unknown seed file `{name}` (not in schemas/sources.toml), expected one of {}",
                env.sources
                    .iter()
                    .map(|s| s.seed.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    } else if !sources.is_empty() && !sources.contains(name) {
        errs.at(
            seed.span(),
            format!("seed `{name}` is not listed in this service's [[source]] entries"),
        );
    }
}

/// A citation of `seed`, named by its source's title and the section the service's
/// `[[source]]` entry for that seed gives.
fn citation(seed: String, quote: String, service_sources: &[Source], env: &Env<'_>) -> Citation {
    let source = sources::find(env.sources, &seed)
        .map(|p| p.title.clone())
        .unwrap_or_default();
    let section = service_sources
        .iter()
        .find(|s| s.seed == seed)
        .map(|s| s.section.clone())
        .unwrap_or_default();
    Citation {
        seed,
        source,
        section,
        quote,
    }
}

/// The typed id of a kind a service names; an error when the vocabulary lacks it. When
/// the vocabulary itself failed to load (its errors are reported), or for an unknown
/// kind, a placeholder id with no roles: the load fails either way.
fn kind_id(kind: &Spanned<String>, env: &Env<'_>, errs: &mut Errors<'_>) -> KindId {
    let name = kind.get_ref();
    match env.kinds.map(|vocab| vocab.id(name)) {
        Some(Some(id)) => id,
        found => {
            if found.is_some() {
                errs.at(
                    kind.span(),
                    format!("unknown document kind `{name}` (not in schemas/kinds.toml)"),
                );
            }
            KindId::declared(name, &[], u16::MAX)
        }
    }
}

fn check_quote(quote: &Spanned<String>, errs: &mut Errors<'_>) -> String {
    if quote.get_ref().trim().is_empty() {
        errs.at(quote.span(), "the quote is empty; quote the seed's words");
    }
    quote.get_ref().clone()
}

fn effective(
    from: Option<Spanned<DateText>>,
    until: Option<Spanned<DateText>>,
    errs: &mut Errors<'_>,
) -> Effective {
    let mut parse = |d: Option<Spanned<DateText>>| {
        d.and_then(|d| match d.get_ref().parse() {
            Ok(date) => Some((date, d.span())),
            Err(m) => {
                errs.at(d.span(), m);
                None
            }
        })
    };
    let from = parse(from);
    let until = parse(until);
    if let (Some((f, _)), Some((u, span))) = (&from, &until) {
        if u <= f {
            errs.at(
                span.clone(),
                format!("effective_until {u} is not after effective_from {f}"),
            );
        }
    }
    Effective {
        from: from.map(|(d, _)| d),
        until: until.map(|(d, _)| d),
    }
}

fn resolve(raw: RawService, env: &Env<'_>, errs: &mut Errors<'_>) -> Service {
    check_header(&raw, errs);
    let categories = resolve_categories(&raw.categories, errs);
    if raw.sources.is_empty() {
        errs.at(
            0..0,
            "a service needs at least one [[source]] naming its seed",
        );
    }
    let source_seeds: Vec<String> = raw
        .sources
        .iter()
        .map(|s| s.seed.get_ref().clone())
        .collect();
    let mut sources = Vec::new();
    for s in raw.sources {
        check_seed(&s.seed, &[], env, errs);
        sources.push(Source {
            seed: s.seed.into_inner(),
            section: s.section,
        });
    }
    let cx = Sourced {
        source_seeds: &source_seeds,
        sources: &sources,
        env,
    };
    let requires: Vec<Requirement> = raw
        .requires
        .into_iter()
        .map(|entry| resolve_require(entry, &categories, &cx, errs))
        .collect();
    let rules: Vec<Rule> = raw
        .rules
        .into_iter()
        .filter_map(|entry| {
            let span = entry.span();
            let r = entry.into_inner();
            check_seed(&r.seed, cx.source_seeds, env, errs);
            let quote = check_quote(&r.quote, errs);
            let resolved = resolve_rule(&r, span, env, errs);
            let effective = effective(r.effective_from, r.effective_until, errs);
            let (check, kind) = resolved?;
            Some(Rule {
                check,
                kind,
                effective,
                citation: citation(r.seed.into_inner(), quote, cx.sources, env),
            })
        })
        .collect();

    // The translation rule is how a service asks for a passport translation; requiring
    // the kind as well would report one gap twice (missing_document and translation_missing).
    if rules
        .iter()
        .any(|r| matches!(r.kind, RuleKind::Translation { .. }))
        && requires.iter().any(|r| r.accepts("passport_translation"))
    {
        errs.at(
            raw.id.span(),
            "passport_translation is asked for by the translation rule; do not also list it in [[require]]",
        );
    }

    Service {
        id: raw.id.into_inner(),
        title: raw.title.into_inner(),
        summary: raw.summary.into_inner(),
        categories,
        sources,
        requires,
        rules,
    }
}

/// What a requirement or a rule cites: the service's own sources, and the schemas'.
struct Sourced<'a> {
    source_seeds: &'a [String],
    sources: &'a [Source],
    env: &'a Env<'a>,
}

/// The id must be the file name; title and summary must say something.
fn check_header(raw: &RawService, errs: &mut Errors<'_>) {
    let stem = errs
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if raw.id.get_ref() != &stem {
        errs.at(
            raw.id.span(),
            format!(
                "service id `{}` differs from the file name `{stem}.toml`",
                raw.id.get_ref()
            ),
        );
    }
    for field in [&raw.title, &raw.summary] {
        if field.get_ref().trim().is_empty() {
            errs.at(field.span(), "must not be empty");
        }
    }
}

/// The service's categories, each non-empty and named once.
fn resolve_categories(raw: &[Spanned<String>], errs: &mut Errors<'_>) -> Vec<String> {
    let mut categories: Vec<String> = Vec::new();
    for c in raw {
        if c.get_ref().trim().is_empty() || categories.contains(c.get_ref()) {
            errs.at(
                c.span(),
                format!("empty or repeated category `{}`", c.get_ref()),
            );
        }
        categories.push(c.get_ref().clone());
    }
    categories
}

/// One `[[require]]`: its kinds (`kind`, or two or more in `any_of`), its conditions
/// (a category among the service's), dates and citation.
fn resolve_require(
    entry: Spanned<RawRequire>,
    categories: &[String],
    cx: &Sourced<'_>,
    errs: &mut Errors<'_>,
) -> Requirement {
    let span = entry.span();
    let r = entry.into_inner();
    let kinds: Vec<Spanned<String>> = match (r.kind, r.any_of) {
        (Some(k), None) => vec![k],
        (None, Some(list)) if list.len() >= 2 => list,
        (None, Some(_)) => {
            errs.at(
                span.clone(),
                "`any_of` needs two or more kinds; use `kind` for one",
            );
            Vec::new()
        }
        (Some(_), Some(_)) => {
            errs.at(span.clone(), "give either `kind` or `any_of`, not both");
            Vec::new()
        }
        (None, None) => {
            errs.at(span.clone(), "a [[require]] needs `kind` or `any_of`");
            Vec::new()
        }
    };
    let kinds: Vec<KindId> = kinds.iter().map(|k| kind_id(k, cx.env, errs)).collect();
    let mut when = Vec::new();
    for w in &r.when {
        match w.get_ref().parse::<Condition>() {
            Ok(c) => {
                if let Some(cat) = c.category() {
                    if !categories.iter().any(|x| x == cat) {
                        errs.at(
                            w.span(),
                            format!(
                                "category `{cat}` is not declared in this service's `categories`"
                            ),
                        );
                    }
                }
                when.push(c);
            }
            Err(m) => errs.at(w.span(), m),
        }
    }
    check_seed(&r.seed, cx.source_seeds, cx.env, errs);
    let quote = check_quote(&r.quote, errs);
    Requirement {
        kinds,
        when,
        effective: effective(r.effective_from, r.effective_until, errs),
        citation: citation(r.seed.into_inner(), quote, cx.sources, cx.env),
    }
}

/// The typed rule of one `[[rule]]`, by its `check`, with the check's name; `None`
/// (with the errors) when its parameters are wrong. Keys that belong to another check
/// never get here: the key audit ([`audit_keys`], by [`CHECKS`]) reports them before
/// the typed parse.
fn resolve_rule(
    r: &RawRule,
    span: Range<usize>,
    env: &Env<'_>,
    errs: &mut Errors<'_>,
) -> Option<(&'static str, RuleKind)> {
    let name = r.check.get_ref();
    let Some(check) = check_named(name) else {
        errs.at(
            r.check.span(),
            format!("unknown check `{name}`, expected {}", check_names()),
        );
        return None;
    };
    (check.resolve)(r, span, env, errs).map(|kind| (check.name, kind))
}

/// `passport_validity`: at least one of its two limits.
fn passport_validity(
    r: &RawRule,
    span: Range<usize>,
    _: &Env<'_>,
    errs: &mut Errors<'_>,
) -> Option<RuleKind> {
    let months = r.months_beyond_request_end.as_ref().map(|m| *m.get_ref());
    let days = r.days_at_application.as_ref().map(|d| *d.get_ref());
    if months.is_none() && days.is_none() {
        errs.at(
            span,
            "passport_validity needs months_beyond_request_end or days_at_application",
        );
        return None;
    }
    Some(RuleKind::PassportValidity {
        months_beyond_request_end: months,
        days_at_application: days,
    })
}

/// `certificate_age`: a kind of the vocabulary and a maximum age.
fn certificate_age(
    r: &RawRule,
    span: Range<usize>,
    env: &Env<'_>,
    errs: &mut Errors<'_>,
) -> Option<RuleKind> {
    let (Some(kind), Some(max_age)) = (&r.kind, &r.max_age) else {
        errs.at(span, "certificate_age needs `kind` and `max_age`");
        return None;
    };
    let kind = kind_id(kind, env, errs);
    match max_age.get_ref().parse::<MaxAge>() {
        Ok(max_age) => Some(RuleKind::CertificateAge { kind, max_age }),
        Err(m) => {
            errs.at(max_age.span(), m);
            None
        }
    }
}

/// `apostille`: the kinds it covers and the conventions whose parties are exempt
/// (every convention of conventions.toml when `exempt` is not given).
fn apostille(
    r: &RawRule,
    span: Range<usize>,
    env: &Env<'_>,
    errs: &mut Errors<'_>,
) -> Option<RuleKind> {
    let kinds = match &r.kinds {
        Some(k) if !k.is_empty() => k,
        _ => {
            errs.at(span, "apostille needs a non-empty `kinds` list");
            return None;
        }
    };
    let kinds: Vec<KindId> = kinds.iter().map(|k| kind_id(k, env, errs)).collect();
    let mut exempt_countries = Vec::new();
    match &r.exempt {
        None => {
            for c in env.conventions {
                exempt_countries.extend(c.parties.iter().cloned());
            }
        }
        Some(ids) => {
            for id in ids {
                match env.conventions.iter().find(|c| &c.id == id.get_ref()) {
                    Some(c) => exempt_countries.extend(c.parties.iter().cloned()),
                    None => errs.at(
                        id.span(),
                        format!(
                            "unknown convention `{}` (not in schemas/conventions.toml)",
                            id.get_ref()
                        ),
                    ),
                }
            }
        }
    }
    exempt_countries.sort();
    exempt_countries.dedup();
    Some(RuleKind::Apostille {
        kinds,
        exempt_countries,
    })
}

/// `translation`: the script the passport must show (Cyrillic when not given).
fn translation(
    r: &RawRule,
    _: Range<usize>,
    _: &Env<'_>,
    errs: &mut Errors<'_>,
) -> Option<RuleKind> {
    let script = match &r.script {
        None => Script::Cyrillic,
        Some(s) => match s.get_ref().parse::<Script>() {
            Ok(s) => s,
            Err(m) => {
                errs.at(s.span(), m);
                return None;
            }
        },
    };
    Some(RuleKind::Translation { script })
}

/// `in_person`: no parameters.
fn in_person(_: &RawRule, _: Range<usize>, _: &Env<'_>, _: &mut Errors<'_>) -> Option<RuleKind> {
    Some(RuleKind::InPerson)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{SchemaText, Schemas};

    /// The variant a check must resolve to, written out apart from [`CHECKS`] so that a
    /// check wired to another check's resolver fails here.
    fn variant(kind: &RuleKind) -> &'static str {
        match kind {
            RuleKind::PassportValidity { .. } => "passport_validity",
            RuleKind::CertificateAge { .. } => "certificate_age",
            RuleKind::Apostille { .. } => "apostille",
            RuleKind::Translation { .. } => "translation",
            RuleKind::InPerson => "in_person",
        }
    }

    /// A parameter value of the right type for each parameter a check declares.
    fn sample_value(param: &str) -> &'static str {
        match param {
            "months_beyond_request_end" | "days_at_application" => "3",
            "kind" => "\"fingerprint_certificate\"",
            "max_age" => "\"current_year\"",
            "kinds" => "[\"power_of_attorney\"]",
            "exempt" => "[]",
            "script" => "\"cyrillic\"",
            other => panic!("no sample value for parameter `{other}`: add one"),
        }
    }

    #[test]
    fn every_check_resolves_to_its_own_rule_with_all_its_parameters() {
        let seed = "000_3de374b20818080e.txt";
        let mut text = format!(
            "id = \"test_rules\"\ntitle = \"t\"\nsummary = \"s\"\n\n\
             [[source]]\nseed = \"{seed}\"\nsection = \"s\"\n"
        );
        for check in CHECKS {
            text.push_str(&format!(
                "\n[[rule]]\ncheck = \"{}\"\nseed = \"{seed}\"\nquote = \"q\"\n",
                check.name
            ));
            for param in check.params {
                text.push_str(&format!("{param} = {}\n", sample_value(param)));
            }
        }
        let schemas = Schemas::from_texts(
            &SchemaText::new("kinds.toml", super::super::EMBEDDED_KINDS),
            &SchemaText::new("conventions.toml", super::super::EMBEDDED_CONVENTIONS),
            &SchemaText::new("sources.toml", super::super::EMBEDDED_SOURCES),
            &[SchemaText::new("test_rules.toml", text)],
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let rules = &schemas.service("test_rules").expect("parsed").rules;
        let names: Vec<&str> = CHECKS.iter().map(|c| c.name).collect();
        let checks: Vec<&str> = rules.iter().map(|r| r.check).collect();
        let variants: Vec<&str> = rules.iter().map(|r| variant(&r.kind)).collect();
        assert_eq!(checks, names);
        assert_eq!(variants, names);
    }
}
