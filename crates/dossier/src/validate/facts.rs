//! What the checks look at, gathered once per package: the documents by kind, the
//! identity document the others are compared with, and every value with where it was
//! read and whether it can be trusted.

use chrono::NaiveDate;

use super::Options;
use crate::manifest::Manifest;
use crate::model::{
    Document, Evidence, FieldMethod, KindId, MrzCheck, MrzReport, PackageRead, Role,
};

/// The file name evidence for values the applicant declared.
pub(crate) const MANIFEST_FILE: &str = "package.toml";

/// Fields an MRZ check digit (or the composite) covers.
const CHECKED_BY_MRZ: &[&str] = &["document_number", "date_of_birth", "date_of_expiry", "iin"];

/// Where a value comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Origin<'a> {
    Document(&'a Document),
    /// Declared in `package.toml`.
    Manifest,
}

/// One value as a check sees it.
#[derive(Debug, Clone)]
pub(crate) struct Value<'a> {
    /// The field name (`surname`, `date_of_birth`, ...).
    pub field: &'static str,
    /// Normalised value as extracted (empty when a needed value was not read at all).
    pub value: String,
    /// 0–100.
    pub confidence: f32,
    /// Corroborated regardless of OCR confidence: an MRZ number or date whose check
    /// digits hold, a text layer, a declared value.
    pub trusted: bool,
    pub origin: Origin<'a>,
    pub source: Evidence,
}

/// A kind id as a clerk reads it: `passport_translation` → `passport translation`.
pub(crate) fn kind_title(kind: &str) -> String {
    kind.split('_')
        .map(|w| match w {
            "iin" => "IIN",
            "bin" => "BIN",
            "enbek" => "Enbek",
            "trp" => "temporary residence permit",
            "prp" => "permanent residence permit",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A field name as a clerk reads it: `date_of_birth` → `date of birth`.
pub(crate) fn field_title(field: &str) -> String {
    match field {
        "iin" => "IIN".to_string(),
        "surname_cyrillic" => "surname in Cyrillic".to_string(),
        "given_names_cyrillic" => "given names in Cyrillic".to_string(),
        "document_number" => "passport number".to_string(),
        other => other.replace('_', " "),
    }
}

/// How surely something was read: whether a check may report an error on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// A check may fail on it.
    Sure,
    /// A check that would fail on it reports `low_confidence` instead.
    Doubtful,
}

/// Fields made of digits only: a letter read in one is a misreading.
const DIGITS_ONLY: &[&str] = &["iin", "bin"];

/// True when `text` has a letter between its first and last digit ("8912I9454746"):
/// OCR read a letter where a digit must be.
pub(crate) fn letter_among_digits(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let first = chars.iter().position(|c| c.is_ascii_digit());
    let last = chars.iter().rposition(|c| c.is_ascii_digit());
    match (first, last) {
        (Some(a), Some(b)) => chars[a..b].iter().any(|c| c.is_alphabetic()),
        _ => false,
    }
}

impl<'a> Value<'a> {
    /// This reading alone, without the other documents (see [`Facts::reading`]).
    fn reading_alone(&self, opts: &Options) -> Reading {
        if self.value.is_empty() {
            return Reading::Doubtful;
        }
        if self.trusted {
            return Reading::Sure;
        }
        let misread_digit = DIGITS_ONLY.contains(&self.field)
            && self.source.text.as_deref().is_some_and(letter_among_digits);
        if !misread_digit && self.confidence >= opts.min_confidence {
            Reading::Sure
        } else {
            Reading::Doubtful
        }
    }

    /// The document kind, or `None` for a declared value.
    pub fn kind(&self) -> Option<&'a KindId> {
        match self.origin {
            Origin::Document(d) => Some(&d.kind),
            Origin::Manifest => None,
        }
    }

    /// Where the value is, for a message: `the passport translation (scan_02.jpg)` or
    /// `package.toml`.
    pub fn place(&self) -> String {
        match self.origin {
            Origin::Document(d) => format!("the {} ({})", kind_title(&d.kind), d.file),
            Origin::Manifest => MANIFEST_FILE.to_string(),
        }
    }

    /// `the surname on the passport translation (scan_02.jpg)`.
    pub fn label(&self) -> String {
        let prep = match self.origin {
            Origin::Document(_) => "on",
            Origin::Manifest => "in",
        };
        format!("the {} {prep} {}", field_title(self.field), self.place())
    }

    /// The evidence for a finding about this value.
    pub fn evidence(&self) -> Evidence {
        self.source.clone()
    }

    /// The value as a date, if it is an ISO date.
    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.value.trim(), "%Y-%m-%d").ok()
    }
}

/// The certainty (0–100) at which the recogniser's cells count as read surely.
pub(crate) const SURE_CELLS: f32 = 100.0 * crate::ocr::mrz::decode::SURE;

/// True when a check "fails" only because a letter was read where a digit must be: its
/// check digit, or a date it covers (YYMMDD). OCR confusion, not a wrong digit.
pub(crate) fn check_misread(check: &MrzCheck) -> bool {
    let date = check.field.is_date();
    !check.expected.is_ascii_digit() || (date && check.data.chars().any(|c| !c.is_ascii_digit()))
}

/// Everything the checks of one package share.
pub(crate) struct Facts<'a> {
    pub read: &'a PackageRead,
    pub manifest: Option<&'a Manifest>,
    pub opts: &'a Options,
}

impl<'a> Facts<'a> {
    pub fn new(read: &'a PackageRead, manifest: Option<&'a Manifest>, opts: &'a Options) -> Self {
        Facts {
            read,
            manifest,
            opts,
        }
    }

    /// How sure a reading is: the one rule every check that can report an error on a
    /// reading goes by. Sure:
    /// - declared in the manifest, or read from a PDF text layer (exact text);
    /// - an MRZ number or date whose check digits hold (the digit is a second reading
    ///   of the same characters);
    /// - read by OCR with every character surely: the field's confidence at or above
    ///   `--min-confidence` (a Tesseract word's confidence is that of its least sure
    ///   character; a field dossier's MRZ recogniser read carries the certainty of
    ///   its least sure cell) and no letter where only digits may stand (an IIN or
    ///   BIN read with a letter in it is a misreading, whatever the confidence);
    /// - or, failing that, confirmed by a second independent reading that agrees: the
    ///   same field read the same on another of the holder's documents or declared in
    ///   the manifest (two readings do not go wrong the same way by chance).
    ///
    /// Doubtful otherwise: a check that would fail on a doubtful reading reports
    /// `low_confidence` (review), never an error. (MRZ check digits: see
    /// [`Facts::check_reading`].)
    pub fn reading(&self, v: &Value<'a>) -> Reading {
        if v.reading_alone(self.opts) == Reading::Sure || self.confirmed(v) {
            Reading::Sure
        } else {
            Reading::Doubtful
        }
    }

    /// True when [`Facts::reading`] is sure.
    pub fn sure(&self, v: &Value<'a>) -> bool {
        self.reading(v) == Reading::Sure
    }

    /// True when another independent reading of `v`'s field says the same.
    fn confirmed(&self, v: &Value<'a>) -> bool {
        if v.value.is_empty() {
            return false;
        }
        let key = |x: &Value<'_>| -> String {
            match x.date() {
                Some(d) => d.format("%Y-%m-%d").to_string(),
                None => x
                    .value
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_uppercase)
                    .collect(),
            }
        };
        let mine = key(v);
        let own_doc = match v.origin {
            Origin::Document(d) => Some(d),
            Origin::Manifest => None,
        };
        let docs = self
            .read
            .documents
            .iter()
            .filter(|d| d.kind.has(Role::StatesHolder))
            .filter(|d| !own_doc.is_some_and(|o| std::ptr::eq(*d, o)))
            .filter(|d| {
                d.fields
                    .get(v.field)
                    .is_some_and(|x| x.method != FieldMethod::Derived)
            })
            .filter_map(|d| self.value(d, v.field));
        let declared = own_doc.and_then(|_| self.declared(v.field));
        docs.chain(declared).any(|other| key(&other) == mine)
    }

    /// How sure one MRZ check verdict is: sure when every character the digit covers,
    /// and the digit, were read surely (dossier's recogniser: each cell's certainty
    /// at least [`SURE_CELLS`]; Tesseract, which gives no per-glyph certainty: the
    /// zone's confidence at or above `--min-confidence`), and no letter stands where
    /// a digit must (the check digit itself, a date): that is a misreading, never
    /// evidence of tampering, however surely it was read.
    pub fn check_reading(&self, mrz: &MrzReport, check: &MrzCheck) -> Reading {
        if check_misread(check) {
            return Reading::Doubtful;
        }
        let sure = match check.certainty {
            Some(c) => c >= SURE_CELLS,
            None => mrz.confidence.is_finite() && mrz.confidence >= self.opts.min_confidence,
        };
        if sure {
            Reading::Sure
        } else {
            Reading::Doubtful
        }
    }

    /// Documents of one kind, in file and page order.
    pub fn docs(&self, kind: &'a str) -> impl Iterator<Item = &'a Document> + 'a {
        self.read.documents.iter().filter(move |d| d.kind == kind)
    }

    /// True when the package holds a document of `kind`.
    pub fn has(&self, kind: &str) -> bool {
        self.read.documents.iter().any(|d| d.kind == kind)
    }

    /// The identity document the others are compared with: of the kinds that are
    /// [`Role::IdentityDocument`], the first in the vocabulary's order that the package
    /// holds (a passport before an ID card); of those, one whose MRZ holds first.
    pub fn id_doc(&self) -> Option<&'a Document> {
        let docs = &self.read.documents;
        let rank = docs
            .iter()
            .filter(|d| d.kind.has(Role::IdentityDocument))
            .map(|d| d.kind.rank())
            .min()?;
        let of_rank = || {
            docs.iter()
                .filter(move |d| d.kind.has(Role::IdentityDocument) && d.kind.rank() == rank)
        };
        of_rank()
            .find(|d| d.mrz.as_ref().is_some_and(|m| m.valid))
            .or_else(|| of_rank().next())
    }

    /// The field `name` of `doc`, if it was read.
    pub fn value(&self, doc: &'a Document, name: &'static str) -> Option<Value<'a>> {
        let f = doc.fields.get(name)?;
        let trusted = match f.method {
            // Check digits cover numbers and dates, never names (ICAO 9303).
            FieldMethod::Mrz => {
                CHECKED_BY_MRZ.contains(&name) && doc.mrz.as_ref().is_some_and(|m| m.valid)
            }
            FieldMethod::TextLayer => true,
            FieldMethod::Visual | FieldMethod::Derived => false,
        };
        Some(Value {
            field: name,
            value: f.value.trim().to_string(),
            confidence: if f.confidence.is_finite() {
                f.confidence
            } else {
                0.0
            },
            trusted,
            origin: Origin::Document(doc),
            source: f.source.clone(),
        })
        .filter(|v| !v.value.is_empty())
    }

    /// A placeholder for a value a check needs that was not read at all: it feeds
    /// `low_confidence` ("could not be read").
    pub fn unread(&self, doc: &'a Document, name: &'static str) -> Value<'a> {
        Value {
            field: name,
            value: String::new(),
            confidence: 0.0,
            trusted: false,
            origin: Origin::Document(doc),
            source: Evidence {
                file: doc.file.clone(),
                page: doc.pages.first().copied().unwrap_or(0),
                bbox: None,
                text: None,
                confidence: None,
            },
        }
    }

    /// A value declared in the manifest's `[applicant]` table.
    pub fn declared(&self, name: &'static str) -> Option<Value<'a>> {
        let a = &self.manifest?.applicant;
        let value = match name {
            "surname" => a.surname.clone(),
            "given_names" => a.given_names.clone(),
            "date_of_birth" => a.date_of_birth.map(|d| d.format("%Y-%m-%d").to_string()),
            "sex" => a.sex.map(|s| s.as_char().to_string()),
            "nationality" => a.citizenship.clone(),
            "iin" => a.iin.clone(),
            "document_number" => a.passport_number.clone(),
            _ => None,
        }?;
        let value = value.trim().to_string();
        if value.is_empty() {
            return None;
        }
        Some(Value {
            field: name,
            value: value.clone(),
            confidence: 100.0,
            trusted: true,
            origin: Origin::Manifest,
            source: Evidence {
                file: MANIFEST_FILE.to_string(),
                page: 0,
                bbox: None,
                text: Some(value),
                confidence: None,
            },
        })
    }

    /// The application date: `[request] application_date`, else the check date.
    pub fn application_date(&self) -> NaiveDate {
        self.manifest
            .and_then(|m| m.request.application_date)
            .unwrap_or(self.opts.as_of)
    }

    /// The end of the requested stay, `[request] valid_until`.
    pub fn valid_until(&self) -> Option<NaiveDate> {
        self.manifest.and_then(|m| m.request.valid_until)
    }
}
