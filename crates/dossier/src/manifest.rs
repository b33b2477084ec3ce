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
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::display;
use crate::parse::country::is_alpha3;
use crate::schema::{age_on, Context, Schemas};
use crate::toml_file::tree::{self, DateText};

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

    /// The facts a service's conditions are judged on (flags, category, citizenship,
    /// and the age on the application date, else on `as_of`); the checks then add what
    /// the documents tell (the passport's script) where the manifest is silent.
    pub fn context(&self, as_of: NaiveDate) -> Context {
        let on = self.request.application_date.unwrap_or(as_of);
        Context {
            dependant: self.flags.dependant,
            representative: self.flags.representative,
            category: self.flags.category.clone(),
            citizenship: self.applicant.citizenship.clone(),
            age: self
                .applicant
                .date_of_birth
                .and_then(|born| age_on(born, on)),
            ..Context::new(as_of)
        }
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

/// One problem in a manifest, with its file, line and column (displays as
/// `file:line:column: message`): the same type as a schema's errors.
pub use crate::toml_file::LocatedError as ManifestError;

/// Largest manifest read. A `package.toml` is a few hundred bytes; anything near this
/// is not a manifest, and parsing it would cost time for nothing.
pub const MAX_MANIFEST_BYTES: usize = 1024 * 1024;

/// How many unknown keys the one `unknown keys` error names.
const UNKNOWN_KEYS_SHOWN: usize = 5;
/// Longest text value (a name, a number, a service id) a manifest may hold; a longer one
/// is an error and is not echoed into findings.
const MAX_VALUE_CHARS: usize = 200;

/// The keys of the manifest: top level, then each table with its keys.
const TOP_KEYS: &[&str] = &["service", "applicant", "request", "flags"];
const SECTIONS: [(&str, &[&str]); 3] = [
    (
        "applicant",
        &[
            "surname",
            "given_names",
            "date_of_birth",
            "sex",
            "citizenship",
            "iin",
            "passport_number",
        ],
    ),
    ("request", &["application_date", "valid_until"]),
    ("flags", &["dependant", "representative", "category"]),
];

/// The key the TOML deserializer uses to hand a bare date over as a one-entry map.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

type Entries = Vec<(Spanned<String>, Spanned<toml::Value>)>;

/// One value of the top-level table: a table whose keys keep their spans (the
/// manifest's three sections), or any other value.
enum TopValue {
    Table(Entries),
    Value(toml::Value),
}

/// The top level of a manifest: every key with its span, in file order. Sections keep
/// the spans of their own keys and values, so every unknown key and every bad value can
/// be reported with its line; values are typed here by hand rather than by serde, which
/// would stop at the first error.
struct RawDoc(Vec<(Spanned<String>, Item)>);

/// One top-level entry: a section (which may turn out not to be a table) or a value.
enum Item {
    Section(Spanned<TopValue>),
    Value(Spanned<toml::Value>),
}

impl<'de> Deserialize<'de> for RawDoc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawDoc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a TOML table")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawDoc, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = if SECTIONS.iter().any(|(s, _)| s == key.get_ref()) {
                        Item::Section(map.next_value::<Spanned<TopValue>>()?)
                    } else {
                        Item::Value(map.next_value::<Spanned<toml::Value>>()?)
                    };
                    out.push((key, value));
                }
                Ok(RawDoc(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for TopValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = TopValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a TOML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<TopValue, E> {
                Ok(TopValue::Value(toml::Value::Boolean(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<TopValue, E> {
                Ok(TopValue::Value(toml::Value::Integer(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<TopValue, E> {
                Ok(TopValue::Value(toml::Value::Integer(
                    i64::try_from(v).unwrap_or(i64::MAX),
                )))
            }
            fn visit_f64<E>(self, v: f64) -> Result<TopValue, E> {
                Ok(TopValue::Value(toml::Value::Float(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<TopValue, E> {
                Ok(TopValue::Value(toml::Value::String(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<TopValue, E> {
                Ok(TopValue::Value(toml::Value::String(v)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<TopValue, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(TopValue::Value(toml::Value::Array(Vec::new())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TopValue, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    if key.get_ref() == TOML_DATETIME_KEY {
                        // A bare date where a table belongs.
                        let text = map.next_value::<String>()?;
                        return Ok(TopValue::Value(toml::Value::String(text)));
                    }
                    out.push((key, map.next_value::<Spanned<toml::Value>>()?));
                }
                Ok(TopValue::Table(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Line starts of a text, so any byte offset turns into a line and column in
/// O(log lines) instead of a scan from the start of the file per error (which made a
/// manifest with many errors quadratic).
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// The message of a TOML error on one line: the parser's text can span several lines
/// (a message, then what it expected).
fn one_line(message: &str) -> String {
    let parts: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    display::escape(&parts.join("; ")).into_owned()
}

/// What kind of TOML value `v` is, for messages: "a number", "text", ...
fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("the text \"{}\"", display::value(s)),
        toml::Value::Integer(i) => format!("the number {i}"),
        toml::Value::Float(x) => format!("the number {x}"),
        toml::Value::Boolean(b) => format!("`{b}`"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "a list".to_string(),
        toml::Value::Table(_) => "a table".to_string(),
    }
}

/// Reads and checks a `package.toml`. Files over [`MAX_MANIFEST_BYTES`] are refused
/// before they are read in full.
pub fn load(path: &Path) -> Result<Manifest, Vec<ManifestError>> {
    let fail = |message: String| {
        Err(vec![ManifestError {
            file: path.to_path_buf(),
            line: None,
            column: None,
            message,
        }])
    };
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| {
        f.take(MAX_MANIFEST_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
    });
    if let Err(e) = read {
        return fail(format!(
            "cannot read the manifest: {}",
            display::escape(&e.to_string())
        ));
    }
    if bytes.len() > MAX_MANIFEST_BYTES {
        return fail(too_big());
    }
    match String::from_utf8(bytes) {
        Ok(text) => parse(path, &text),
        Err(_) => fail(
            "the manifest is not UTF-8 text; save package.toml as UTF-8 in a text editor"
                .to_string(),
        ),
    }
}

fn too_big() -> String {
    format!(
        "the manifest is over {} KiB, far more than a package.toml holds; check that it is \
         the right file",
        MAX_MANIFEST_BYTES / 1024
    )
}

struct Errors<'a> {
    file: &'a Path,
    lines: LineIndex<'a>,
    list: Vec<ManifestError>,
    positions: BTreeMap<String, (usize, usize)>,
}

impl Errors<'_> {
    fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = self.lines.position(span.start);
        self.list.push(ManifestError {
            file: self.file.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        });
    }

    /// Records where the value of `key` is (1-based line and column).
    fn place(&mut self, key: &str, span: &Range<usize>) {
        let at = self.lines.position(span.start);
        self.positions.insert(key.to_string(), at);
    }

    /// The text of a value that must be text, or an error saying what it is instead.
    fn string(&mut self, key: &str, v: Option<&Spanned<toml::Value>>) -> Option<Spanned<String>> {
        let v = v?;
        self.place(key, &v.span());
        match v.get_ref() {
            toml::Value::String(s) => Some(Spanned::new(v.span(), s.clone())),
            other => {
                self.at(
                    v.span(),
                    format!(
                        "`{key}` must be text in quotes, e.g. {} = \"...\"; it is {}",
                        key.rsplit('.').next().unwrap_or(key),
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    /// Records where `key` is and returns its trimmed text, or reports it empty.
    fn text_field(&mut self, key: &str, value: Option<&Spanned<toml::Value>>) -> Option<String> {
        let v = self.string(key, value)?;
        let s = v.get_ref().trim().to_string();
        if s.is_empty() {
            self.at(
                v.span(),
                format!("`{key}` is empty; leave it out or give a value"),
            );
            return None;
        }
        let len = s.chars().count();
        if len > MAX_VALUE_CHARS {
            self.at(
                v.span(),
                format!(
                    "`{key}` is {len} characters long; no value here is longer than \
                     {MAX_VALUE_CHARS}: check what was pasted into it"
                ),
            );
            return None;
        }
        Some(s)
    }

    fn date_field(
        &mut self,
        key: &str,
        value: Option<&Spanned<toml::Value>>,
    ) -> Option<(NaiveDate, Range<usize>)> {
        let v = value?;
        self.place(key, &v.span());
        let text = match v.get_ref() {
            toml::Value::String(s) => DateText(s.clone()),
            toml::Value::Datetime(d) => DateText(d.to_string()),
            other => {
                self.at(
                    v.span(),
                    format!(
                        "`{key}` must be a date such as \"2026-03-10\"; it is {}",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        match text.parse() {
            Ok(d) => Some((d, v.span())),
            Err(m) => {
                self.at(v.span(), format!("`{key}`: {}", display::value(&m)));
                None
            }
        }
    }

    fn flag(&mut self, key: &str, value: Option<&Spanned<toml::Value>>) -> bool {
        let Some(v) = value else {
            return false;
        };
        self.place(key, &v.span());
        match v.get_ref() {
            toml::Value::Boolean(b) => *b,
            other => {
                self.at(
                    v.span(),
                    format!("`{key}` must be true or false; it is {}", describe(other)),
                );
                false
            }
        }
    }
}

/// The values of one section by key (the last one given wins; TOML itself refuses a
/// key given twice).
fn section<'a>(doc: &'a RawDoc, name: &str, errs: &mut Errors<'_>) -> Section<'a> {
    let mut out = BTreeMap::new();
    for (k, item) in &doc.0 {
        let Item::Section(v) = item else {
            continue;
        };
        if k.get_ref() != name {
            continue;
        }
        match v.get_ref() {
            TopValue::Table(entries) => {
                for (key, value) in entries {
                    out.insert(key.get_ref().as_str(), value);
                }
            }
            TopValue::Value(other) => errs.at(
                v.span(),
                format!(
                    "`{name}` must be a table: a line [{name}] followed by its keys; it is {}",
                    describe(other)
                ),
            ),
        }
    }
    out
}

/// Parses and checks manifest text; `file` only names the file in errors. Linear in
/// the size of the text: a manifest with many unknown keys gives one error naming the
/// first few, and every bad value is reported with its line.
pub fn parse(file: &Path, text: &str) -> Result<Manifest, Vec<ManifestError>> {
    let mut errs = Errors {
        file,
        lines: LineIndex::new(text),
        list: Vec::new(),
        positions: BTreeMap::new(),
    };
    if text.len() > MAX_MANIFEST_BYTES {
        return Err(vec![ManifestError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: too_big(),
        }]);
    }
    let doc: RawDoc = match toml::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            let message = format!("not valid TOML: {}", one_line(e.message()));
            match e.span() {
                Some(span) => errs.at(span, message),
                None => errs.list.push(ManifestError {
                    file: file.to_path_buf(),
                    line: None,
                    column: None,
                    message,
                }),
            }
            return Err(errs.list);
        }
    };
    audit_keys(&doc, &mut errs);
    if !errs.list.is_empty() {
        return Err(errs.list);
    }

    let service_value = doc.0.iter().find_map(|(k, item)| match item {
        Item::Value(v) if k.get_ref() == "service" => Some(v),
        _ => None,
    });
    let service = errs.text_field("service", service_value);
    let a = section(&doc, "applicant", &mut errs);
    let r = section(&doc, "request", &mut errs);
    let f = section(&doc, "flags", &mut errs);
    let applicant = applicant(&a, &mut errs);
    let request = request(&r, &mut errs);
    let flags = flags(&f, &mut errs);

    if !errs.list.is_empty() {
        errs.list.sort_by_key(|e| (e.line, e.column));
        return Err(errs.list);
    }
    Ok(Manifest {
        service,
        applicant,
        request,
        flags,
        positions: errs.positions,
    })
}

/// The values of one section, by key.
type Section<'a> = BTreeMap<&'a str, &'a Spanned<toml::Value>>;

/// `[applicant]`: each value checked for its form (a date, M/F/X, an alpha-3 code, 12
/// digits, letters and digits).
fn applicant(a: &Section<'_>, errs: &mut Errors<'_>) -> Applicant {
    let surname = errs.text_field("applicant.surname", a.get("surname").copied());
    let given_names = errs.text_field("applicant.given_names", a.get("given_names").copied());
    let date_of_birth = errs
        .date_field("applicant.date_of_birth", a.get("date_of_birth").copied())
        .map(|d| d.0);
    let sex = errs
        .string("applicant.sex", a.get("sex").copied())
        .and_then(|s| match s.get_ref().as_str() {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            "X" => Some(Sex::Unspecified),
            other => {
                errs.at(
                    s.span(),
                    format!(
                        "`applicant.sex` is `{}`; expected M, F or X",
                        display::value(other)
                    ),
                );
                None
            }
        });
    let citizenship = a.get("citizenship").copied().and_then(|c| {
        let code = errs.text_field("applicant.citizenship", Some(c))?;
        if is_alpha3(&code) {
            Some(code)
        } else {
            errs.at(
                c.span(),
                format!(
                    "`applicant.citizenship` is `{}`; expected an ISO 3166-1 alpha-3 code of \
                     three capital letters, e.g. DEU",
                    display::value(&code)
                ),
            );
            None
        }
    });
    let iin = a.get("iin").copied().and_then(|v| {
        let iin = errs.text_field("applicant.iin", Some(v))?;
        if iin.len() == 12 && iin.bytes().all(|b| b.is_ascii_digit()) {
            Some(iin)
        } else {
            errs.at(
                v.span(),
                format!(
                    "`applicant.iin` is `{}`; an IIN is 12 digits",
                    display::value(&iin)
                ),
            );
            None
        }
    });
    let passport_number = a.get("passport_number").copied().and_then(|v| {
        let n = errs.text_field("applicant.passport_number", Some(v))?;
        if n.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Some(n)
        } else {
            errs.at(
                v.span(),
                format!(
                    "`applicant.passport_number` is `{}`; expected letters and digits only",
                    display::value(&n)
                ),
            );
            None
        }
    });
    Applicant {
        surname,
        given_names,
        date_of_birth,
        sex,
        citizenship,
        iin,
        passport_number,
    }
}

/// `[request]`: the two dates, the end not before the application.
fn request(r: &Section<'_>, errs: &mut Errors<'_>) -> Request {
    let application_date = errs.date_field(
        "request.application_date",
        r.get("application_date").copied(),
    );
    let valid_until = errs.date_field("request.valid_until", r.get("valid_until").copied());
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
    Request {
        application_date: application_date.map(|d| d.0),
        valid_until: valid_until.map(|d| d.0),
    }
}

/// `[flags]`.
fn flags(f: &Section<'_>, errs: &mut Errors<'_>) -> Flags {
    let dependant = errs.flag("flags.dependant", f.get("dependant").copied());
    let representative = errs.flag("flags.representative", f.get("representative").copied());
    let category = errs.text_field("flags.category", f.get("category").copied());
    Flags {
        dependant,
        representative,
        category,
    }
}

/// Every unknown key, as ONE error at the first of them that names the first few with
/// their lines and counts the rest (a file of 80 000 unknown keys is one finding).
fn audit_keys(doc: &RawDoc, errs: &mut Errors<'_>) {
    let mut found: Vec<(Range<usize>, &str, Option<&str>)> = Vec::new();
    for (k, item) in &doc.0 {
        if !TOP_KEYS.contains(&k.get_ref().as_str()) {
            found.push((k.span(), k.get_ref(), None));
            continue;
        }
        let Item::Section(v) = item else {
            continue;
        };
        let TopValue::Table(entries) = v.get_ref() else {
            continue;
        };
        let allowed = SECTIONS
            .iter()
            .find(|(s, _)| s == k.get_ref())
            .map_or(&[][..], |(_, a)| *a);
        for (key, _) in entries {
            if !allowed.contains(&key.get_ref().as_str()) {
                found.push((key.span(), key.get_ref(), Some(k.get_ref().as_str())));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    found.sort_by_key(|(span, _, _)| span.start);
    let expected = |section: Option<&str>| match section {
        None => tree::one_of(TOP_KEYS),
        Some(s) => tree::one_of(
            SECTIONS
                .iter()
                .find(|(n, _)| *n == s)
                .map_or(&[][..], |(_, a)| *a),
        ),
    };
    let name = |key: &str, section: Option<&str>| {
        let key = display::value(key);
        match section {
            None => format!("`{key}`"),
            Some(s) => format!("`{key}` in [{s}]"),
        }
    };
    let first = found[0].0.clone();
    let message = if let [(_, key, section)] = found.as_slice() {
        format!(
            "unknown key {}, expected {}",
            name(key, *section),
            expected(*section)
        )
    } else {
        let shown: Vec<String> = found
            .iter()
            .take(UNKNOWN_KEYS_SHOWN)
            .map(|(span, key, section)| {
                format!(
                    "{} (line {})",
                    name(key, *section),
                    errs.lines.position(span.start).0
                )
            })
            .collect();
        let more = found.len().saturating_sub(UNKNOWN_KEYS_SHOWN);
        let more = if more > 0 {
            format!(" and {} more", display::group_thousands(more as u64))
        } else {
            String::new()
        };
        format!(
            "{} unknown keys: {}{more}; a manifest has only `service` and the tables \
             [applicant], [request] and [flags] (see the README)",
            display::group_thousands(found.len() as u64),
            shown.join(", ")
        )
    };
    errs.at(first, message);
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
    fn unknown_keys_are_one_error_naming_each_with_its_line() {
        let text = "servce = \"x\"\n[applicant]\nname = \"A\"\n[flags]\nchild = true\n";
        let errs = parse(Path::new("p.toml"), text).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].column), (Some(1), Some(1)));
        assert_eq!(
            errs[0].to_string(),
            "p.toml:1:1: 3 unknown keys: `servce` (line 1), `name` in [applicant] (line 3), \
             `child` in [flags] (line 5); a manifest has only `service` and the tables \
             [applicant], [request] and [flags] (see the README)"
        );
        let one = parse(Path::new("p.toml"), "[applicant]\nname = \"A\"\n").unwrap_err();
        assert!(one[0]
            .to_string()
            .starts_with("p.toml:2:1: unknown key `name` in [applicant], expected `surname`"));
    }

    #[test]
    fn overlong_values_are_errors_and_not_kept() {
        let long = "A".repeat(MAX_VALUE_CHARS + 1);
        let text = GOOD.replace("\"MUELLER\"", &format!("\"{long}\""));
        assert_ne!(text, GOOD);
        let errs = parse(Path::new("package.toml"), &text).expect_err("too long");
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].message.starts_with(&format!(
            "`applicant.surname` is {} characters long",
            MAX_VALUE_CHARS + 1
        )));
        assert!(errs[0].message.len() < 200);
        let ok = GOOD.replace("\"MUELLER\"", &format!("\"{}\"", &long[1..]));
        assert!(parse(Path::new("package.toml"), &ok).is_ok());
    }

    #[test]
    fn eighty_thousand_unknown_keys_are_one_finding() {
        let mut text = String::from("service = \"c3_visa\"\n[applicant]\nsurname = \"A\"\n");
        for i in 0..80_000 {
            text.push_str(&format!("k{i} = 1\n"));
        }
        assert!(text.len() < MAX_MANIFEST_BYTES);
        let errs = parse(Path::new("p.toml"), &text).unwrap_err();
        assert_eq!(errs.len(), 1);
        let e = &errs[0];
        assert_eq!(e.line, Some(4));
        assert!(
            e.message.starts_with(
                "80 000 unknown keys: `k0` in [applicant] (line 4), `k1` in [applicant] (line 5)"
            ),
            "{}",
            e.message
        );
        assert!(e
            .message
            .contains("`k4` in [applicant] (line 8) and 79 995 more;"));
        assert!(e.message.len() < 400);
    }

    #[test]
    fn a_huge_manifest_is_refused_before_parsing() {
        let big = format!("[applicant]\nsurname = \"{}\"\n", "M".repeat(10_000_000));
        let errs = parse(Path::new("p.toml"), &big).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, None);
        assert!(
            errs[0].message.contains("over 1024 KiB"),
            "{}",
            errs[0].message
        );

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("package.toml");
        std::fs::write(&path, &big).unwrap();
        let errs = load(&path).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.contains("over 1024 KiB"));
        std::fs::write(&path, b"service = \"\xff\"\n").unwrap();
        assert!(load(&path).unwrap_err()[0].message.contains("not UTF-8"));
    }

    #[test]
    fn every_type_error_is_reported_with_its_line() {
        let text = "service = 3\n[applicant]\nsurname = 1\ndate_of_birth = true\nsex = [\"F\"]\n\
                    [request]\nvalid_until = 5\n[flags]\ndependant = \"yes\"\nrepresentative = 1\n\
                    category = false\n";
        let errs = parse(Path::new("p.toml"), text).unwrap_err();
        let lines: Vec<_> = errs.iter().filter_map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 3, 4, 5, 7, 9, 10, 11], "{errs:?}");
        assert!(errs[0].message.contains("`service` must be text in quotes"));
        assert!(errs[0].message.ends_with("it is the number 3"));
        assert!(errs[2].message.contains("must be a date"));
        assert!(errs[5]
            .message
            .contains("`flags.dependant` must be true or false; it is the text \"yes\""));
        assert!(errs.iter().all(|e| !e.message.contains('\n')));
        let errs = parse(Path::new("p.toml"), "applicant = \"x\"\n").unwrap_err();
        assert!(errs[0].message.starts_with("`applicant` must be a table"));
    }

    #[test]
    fn syntax_errors_are_one_line() {
        for text in [
            "[applicant\nsurname = \"A\"\n",
            "a = \n",
            "x = \"unterminated\n",
            "[a]\n[a]\n",
        ] {
            let errs = parse(Path::new("p.toml"), text).unwrap_err();
            assert_eq!(errs.len(), 1, "{text}");
            let m = &errs[0].message;
            assert!(
                m.starts_with("not valid TOML: ") && !m.contains('\n'),
                "{m}"
            );
            assert!(errs[0].line.is_some(), "{text}");
        }
    }

    #[test]
    fn echoed_values_are_capped_and_escaped() {
        let text = format!("[applicant]\nsex = \"\\u001b[2J{}\"\n", "x".repeat(5000));
        let errs = parse(Path::new("p.toml"), &text).unwrap_err();
        let m = &errs[0].message;
        assert!(m.contains("`\\x1b[2Jxxx"), "{m}");
        assert!(!m.contains('\x1b'));
        assert!(m.contains("more characters)`; expected M, F or X"), "{m}");
        assert!(m.len() < 400);
    }

    #[test]
    fn line_index_matches_a_scan_from_the_start() {
        let text = "a\nбв\n\nxyz\n";
        let idx = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            assert_eq!(idx.position(offset), (line, col), "{offset}");
        }
        assert_eq!(idx.position(text.len()), (5, 1));
        assert_eq!(idx.position(4), (2, 2)); // inside `б`: its start
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

/// Inputs the fuzzer (`fuzz/fuzz_targets/manifest.rs`) found, kept as regression tests.
#[cfg(test)]
mod fuzz_regressions {
    use super::*;

    /// Control characters in a comment: the TOML error must still say something, on
    /// one line.
    #[test]
    fn control_characters_in_a_comment_give_a_message() {
        let errors = parse(Path::new("p.toml"), "#e\u{1}\0\0\0").unwrap_err();
        assert!(!errors.is_empty());
        for e in &errors {
            assert!(!e.message.trim().is_empty(), "{e:?}");
            assert!(!e.message.contains('\n'), "{e:?}");
        }
    }
}
