//! The package manifest (`package.toml`): which service a package is for, what the
//! applicant declared, the request's dates and the flags that switch conditional
//! items on. Unknown keys and bad values are reported with file, line and column.
//!
//! ```toml
//! service = "c3_visa"
//! [applicant]
//! surname = "MUELLER"
//! given_names = "ANNA MARIA"
//! date_of_birth = "1985-03-12"
//! sex = "F"
//! citizenship = "DEU"
//! iin = "850312450123"
//! passport_number = "C01X00T47"
//! [request]
//! application_date = "2026-12-01"
//! valid_until = "2028-12-01"
//! [flags]
//! dependant = false
//! representative = false
//! category = "B2"
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::schema::condition::is_alpha3;
use crate::schema::tree::{self, DateText};
use crate::schema::{SchemaError, Schemas};

/// A parsed, checked manifest. Every field is optional in the file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifest {
    /// A service id; checked against the schemas by the caller.
    pub service: Option<String>,
    pub applicant: Applicant,
    pub request: Request,
    pub flags: Flags,
    /// Line and column of each key's value, as `service`, `applicant.surname`, ...
    positions: BTreeMap<String, (usize, usize)>,
}

/// What the applicant declared.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applicant {
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Option<Sex>,
    /// ISO 3166-1 alpha-3, as in the MRZ.
    pub citizenship: Option<String>,
    /// 12 digits; the check digit is judged by the `iin_invalid` check, not here.
    pub iin: Option<String>,
    pub passport_number: Option<String>,
}

/// The dates of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Request {
    /// Defaults to the check date (see [`Manifest::application_date`]).
    pub application_date: Option<NaiveDate>,
    /// End of the requested visa or permit.
    pub valid_until: Option<NaiveDate>,
}

/// Which conditional items apply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Flags {
    pub dependant: bool,
    /// Filed through a representative with a power of attorney.
    pub representative: bool,
    pub category: Option<String>,
}

/// Sex as in the MRZ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
    /// `X`: unspecified.
    Unspecified,
}

impl Sex {
    /// `M`, `F` or `X`.
    pub fn as_char(self) -> char {
        match self {
            Sex::Male => 'M',
            Sex::Female => 'F',
            Sex::Unspecified => 'X',
        }
    }
}

impl Manifest {
    /// The application date, or `as_of` when the manifest gives none.
    pub fn application_date(&self, as_of: NaiveDate) -> NaiveDate {
        self.request.application_date.unwrap_or(as_of)
    }

    /// The line of a key given in the file (`service`, `applicant.surname`,
    /// `request.valid_until`, `flags.category`, ...), for evidence and errors.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.positions.get(key).map(|p| p.0)
    }

    /// Checks what only the schemas can tell: that `service` names a known service and
    /// `[flags] category` one the service declares. `file` names the manifest in errors.
    /// A manifest without `service` passes (the command line may give one).
    pub fn check_against(&self, file: &Path, schemas: &Schemas) -> Vec<ManifestError> {
        let error = |key: &str, message: String| {
            let pos = self.positions.get(key);
            ManifestError {
                file: file.to_path_buf(),
                line: pos.map(|p| p.0),
                column: pos.map(|p| p.1),
                message,
            }
        };
        let Some(id) = &self.service else {
            return Vec::new();
        };
        let Some(service) = schemas.service(id) else {
            return vec![error(
                "service",
                format!("unknown service `{id}`; `dossier services` lists them"),
            )];
        };
        match &self.flags.category {
            Some(c) if service.categories.is_empty() => vec![error(
                "flags.category",
                format!("service `{id}` has no categories, but the manifest gives `{c}`"),
            )],
            Some(c) if !service.has_category(c) => vec![error(
                "flags.category",
                format!(
                    "`{c}` is not a category of service `{id}`; expected one of {}",
                    service.categories.join(", ")
                ),
            )],
            _ => Vec::new(),
        }
    }
}

/// One problem in a manifest. Displays as `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    pub file: PathBuf,
    /// 1-based; `None` when the file could not be read at all.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ManifestError {}

impl From<SchemaError> for ManifestError {
    fn from(e: SchemaError) -> ManifestError {
        ManifestError {
            file: e.file,
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    service: Option<Spanned<String>>,
    #[serde(default)]
    applicant: RawApplicant,
    #[serde(default)]
    request: RawRequest,
    #[serde(default)]
    flags: RawFlags,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawApplicant {
    surname: Option<Spanned<String>>,
    given_names: Option<Spanned<String>>,
    date_of_birth: Option<Spanned<DateText>>,
    sex: Option<Spanned<String>>,
    citizenship: Option<Spanned<String>>,
    iin: Option<Spanned<String>>,
    passport_number: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRequest {
    application_date: Option<Spanned<DateText>>,
    valid_until: Option<Spanned<DateText>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFlags {
    dependant: Option<Spanned<bool>>,
    representative: Option<Spanned<bool>>,
    category: Option<Spanned<String>>,
}

/// Reads and checks a `package.toml`.
pub fn load(path: &Path) -> Result<Manifest, Vec<ManifestError>> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text),
        Err(e) => Err(vec![ManifestError {
            file: path.to_path_buf(),
            line: None,
            column: None,
            message: format!("cannot read the manifest: {e}"),
        }]),
    }
}

struct Errors<'a> {
    file: &'a Path,
    text: &'a str,
    list: Vec<ManifestError>,
    positions: BTreeMap<String, (usize, usize)>,
}

impl Errors<'_> {
    fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.list
            .push(SchemaError::at_offset(self.file, self.text, span.start, message).into());
    }

    /// Records where the value of `key` is (1-based line and column).
    fn place(&mut self, key: &str, span: &Range<usize>) {
        let at = SchemaError::at_offset(self.file, self.text, span.start, "");
        if let (Some(line), Some(col)) = (at.line, at.column) {
            self.positions.insert(key.to_string(), (line, col));
        }
    }

    /// Records where `key` is and returns its trimmed text, or reports it empty.
    fn text_field(&mut self, key: &str, value: Option<Spanned<String>>) -> Option<String> {
        let v = value?;
        self.place(key, &v.span());
        let s = v.get_ref().trim().to_string();
        if s.is_empty() {
            self.at(
                v.span(),
                format!("`{key}` is empty; leave it out or give a value"),
            );
            return None;
        }
        Some(s)
    }

    fn date_field(
        &mut self,
        key: &str,
        value: Option<Spanned<DateText>>,
    ) -> Option<(NaiveDate, Range<usize>)> {
        let v = value?;
        self.place(key, &v.span());
        match v.get_ref().parse() {
            Ok(d) => Some((d, v.span())),
            Err(m) => {
                self.at(v.span(), format!("`{key}`: {m}"));
                None
            }
        }
    }
}

/// Parses and checks manifest text; `file` only names the file in errors.
pub fn parse(file: &Path, text: &str) -> Result<Manifest, Vec<ManifestError>> {
    let mut errs = Errors {
        file,
        text,
        list: Vec::new(),
        positions: BTreeMap::new(),
    };
    audit_keys(&mut errs);
    if !errs.list.is_empty() {
        return Err(errs.list);
    }
    let raw: RawManifest = toml::from_str(text)
        .map_err(|e| vec![ManifestError::from(SchemaError::from_toml(file, text, &e))])?;

    let service = errs.text_field("service", raw.service);
    let a = raw.applicant;
    let surname = errs.text_field("applicant.surname", a.surname);
    let given_names = errs.text_field("applicant.given_names", a.given_names);
    let date_of_birth = errs
        .date_field("applicant.date_of_birth", a.date_of_birth)
        .map(|d| d.0);
    let sex = a.sex.and_then(|s| {
        errs.place("applicant.sex", &s.span());
        match s.get_ref().as_str() {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            "X" => Some(Sex::Unspecified),
            other => {
                errs.at(
                    s.span(),
                    format!("`applicant.sex` is `{other}`; expected M, F or X"),
                );
                None
            }
        }
    });
    let citizenship = a.citizenship.and_then(|c| {
        let span = c.span();
        let code = errs.text_field("applicant.citizenship", Some(c))?;
        if is_alpha3(&code) {
            Some(code)
        } else {
            errs.at(
                span,
                format!("`applicant.citizenship` is `{code}`; expected an ISO 3166-1 alpha-3 code of three capital letters, e.g. DEU"),
            );
            None
        }
    });
    let iin = a.iin.and_then(|v| {
        let span = v.span();
        let iin = errs.text_field("applicant.iin", Some(v))?;
        if iin.len() == 12 && iin.bytes().all(|b| b.is_ascii_digit()) {
            Some(iin)
        } else {
            errs.at(
                span,
                format!("`applicant.iin` is `{iin}`; an IIN is 12 digits"),
            );
            None
        }
    });
    let passport_number = a.passport_number.and_then(|v| {
        let span = v.span();
        let n = errs.text_field("applicant.passport_number", Some(v))?;
        if n.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Some(n)
        } else {
            errs.at(
                span,
                format!("`applicant.passport_number` is `{n}`; expected letters and digits only"),
            );
            None
        }
    });
    let application_date =
        errs.date_field("request.application_date", raw.request.application_date);
    let valid_until = errs.date_field("request.valid_until", raw.request.valid_until);
    if let (Some((from, _)), Some((until, span))) = (&application_date, &valid_until) {
        if until < from {
            errs.at(
                span.clone(),
                format!(
                    "`request.valid_until` {until} is before `request.application_date` {from}"
                ),
            );
        }
    }
    let mut flag = |key: &str, v: Option<Spanned<bool>>| {
        v.map(|v| {
            errs.place(key, &v.span());
            *v.get_ref()
        })
        .unwrap_or(false)
    };
    let dependant = flag("flags.dependant", raw.flags.dependant);
    let representative = flag("flags.representative", raw.flags.representative);
    let category = errs.text_field("flags.category", raw.flags.category);

    if !errs.list.is_empty() {
        return Err(errs.list);
    }
    Ok(Manifest {
        service,
        applicant: Applicant {
            surname,
            given_names,
            date_of_birth,
            sex,
            citizenship,
            iin,
            passport_number,
        },
        request: Request {
            application_date: application_date.map(|d| d.0),
            valid_until: valid_until.map(|d| d.0),
        },
        flags: Flags {
            dependant,
            representative,
            category,
        },
        positions: errs.positions,
    })
}

/// Reports every unknown key (serde would stop at the first).
fn audit_keys(errs: &mut Errors<'_>) {
    let Some(top) = tree::parse_tree(errs.text) else {
        return;
    };
    let allowed = tree::fields_of::<RawManifest>();
    let mut found = tree::unknown_keys(&top, allowed)
        .into_iter()
        .map(|(k, s)| {
            (
                s,
                format!("unknown key `{k}`, expected {}", tree::one_of(allowed)),
            )
        })
        .collect::<Vec<_>>();
    let sections: [(&str, &[&str]); 3] = [
        ("applicant", tree::fields_of::<RawApplicant>()),
        ("request", tree::fields_of::<RawRequest>()),
        ("flags", tree::fields_of::<RawFlags>()),
    ];
    for (section, allowed) in sections {
        if let Some(tree::Node::Table(table)) = tree::get(&top, section).map(|n| n.get_ref()) {
            for (k, s) in tree::unknown_keys(table, allowed) {
                found.push((
                    s,
                    format!(
                        "unknown key `{k}` in [{section}], expected {}",
                        tree::one_of(allowed)
                    ),
                ));
            }
        }
    }
    found.sort_by_key(|(s, _)| s.start);
    for (span, message) in found {
        errs.at(span, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"service = "c3_visa"
[applicant]
surname = "MUELLER"
given_names = "ANNA MARIA"
date_of_birth = "1985-03-12"
sex = "F"
citizenship = "DEU"
iin = "850312450123"
passport_number = "C01X00T47"
[request]
application_date = "2026-12-01"
valid_until = "2028-12-01"
[flags]
dependant = false
representative = true
category = "B2"
"#;

    #[test]
    fn parses_the_issue_example() {
        let m = parse(Path::new("package.toml"), GOOD).unwrap();
        assert_eq!(m.service.as_deref(), Some("c3_visa"));
        assert_eq!(m.applicant.sex, Some(Sex::Female));
        assert_eq!(m.applicant.citizenship.as_deref(), Some("DEU"));
        assert_eq!(m.request.valid_until.unwrap().to_string(), "2028-12-01");
        assert!(m.flags.representative && !m.flags.dependant);
        assert_eq!(m.flags.category.as_deref(), Some("B2"));
        assert_eq!(m.line_of("applicant.citizenship"), Some(7));
        assert_eq!(m.line_of("flags.category"), Some(16));
    }

    #[test]
    fn empty_manifest_is_all_defaults() {
        let m = parse(Path::new("package.toml"), "").unwrap();
        assert_eq!(m, Manifest::default());
    }

    #[test]
    fn reports_every_unknown_key_with_its_line() {
        let text = "servce = \"x\"\n[applicant]\nname = \"A\"\n[flags]\nchild = true\n";
        let errs = parse(Path::new("p.toml"), text).unwrap_err();
        let lines: Vec<_> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![Some(1), Some(3), Some(5)]);
        assert!(errs[1]
            .to_string()
            .starts_with("p.toml:3:1: unknown key `name` in [applicant]"));
    }

    #[test]
    fn reports_every_bad_value_with_its_line() {
        let text = "[applicant]\ndate_of_birth = \"1985-02-30\"\nsex = \"female\"\ncitizenship = \"DE\"\niin = \"85031245012\"\n[request]\napplication_date = \"2026-12-01\"\nvalid_until = \"2026-01-01\"\n";
        let errs = parse(Path::new("p.toml"), text).unwrap_err();
        let lines: Vec<_> = errs.iter().filter_map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 8]);
        assert_eq!(errs[1].column, Some(7));
    }

    #[test]
    fn bare_toml_dates_are_accepted() {
        let m = parse(Path::new("p.toml"), "[request]\nvalid_until = 2028-12-01\n").unwrap();
        assert_eq!(m.request.valid_until.unwrap().to_string(), "2028-12-01");
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let errs = parse(Path::new("p.toml"), "[flags]\ndependant = \"yes\"\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (Some(2), Some(13)));
    }
}
