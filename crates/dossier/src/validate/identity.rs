//! Who the package is about: the machine-readable zone's check digits, every IIN, and
//! the holder's name, birth date and passport number across the passport, its
//! translation, the IIN certificate, the application forms and the manifest.
//!
//! The identity document (passport, else ID card; else the manifest) is the reference:
//! each other source is compared with it, so one wrong translation gives one finding,
//! not one per pair.

use std::collections::BTreeMap;

use super::facts::{check_misread, field_title, kind_title, Facts, Origin, Reading, Value};
use super::{capitalize, low_confidence};
use crate::findings::Code;
use crate::findings::{Finding, Severity};
use crate::model::{Document, FieldMethod, MrzCheck, MrzCheckField, MrzReport, Role};
use crate::parse::iin::{parse_iin, Sex};
use crate::parse::mrz::check_digit;
use crate::parse::mrz::repair::letter_to_digit;
use crate::parse::names::{compare, NameMatch, SAME_NAME};

/// Within one script, names scoring below this are different names; between it and
/// [`SAME_NAME`] (transliteration variants and OCR slips score above), a warning.
pub(crate) const DIFFERENT_NAME: f32 = 0.6;
/// Across scripts a translator writes a foreign name by sound, and Russian practice
/// for Chinese or Korean names (ЧЖОУ for ZHOU, ХАЫН for HAEUN) scores 0.5–0.75, while
/// a substituted surname scores about 0.1–0.2: below this, an error; from here to
/// [`DIFFERENT_NAME`], a warning; above, the same name.
pub(crate) const DIFFERENT_NAME_ACROSS_SCRIPTS: f32 = 0.35;

/// True when `d` is compared with the identity document `reference`: its kind states
/// the holder ([`Role::StatesHolder`]) and is not the reference's own kind (a second
/// passport is an older passport, with its own number).
fn compared(d: &Document, reference: Option<&Document>) -> bool {
    d.kind.has(Role::StatesHolder) && reference.is_none_or(|r| r.kind != d.kind)
}

/// Every identity check.
pub(crate) fn check(f: &Facts<'_>, out: &mut Vec<Finding>) {
    mrz_check_digit(f, out);
    iin(f, out);
    let reference = f.id_doc();
    name_mismatch(f, reference, out);
    birth_date_mismatch(f, reference, out);
    passport_number_mismatch(f, reference, out);
}

/// The sources compared with the reference: the documents [`compared`] with it, then
/// the manifest.
fn others<'a>(f: &Facts<'a>, reference: Option<&'a Document>) -> Vec<Source<'a>> {
    let mut v: Vec<Source<'a>> = f
        .read
        .documents
        .iter()
        .filter(|d| compared(d, reference))
        .map(Source::Doc)
        .collect();
    if reference.is_some() && f.manifest.is_some() {
        v.push(Source::Manifest);
    }
    v
}

#[derive(Clone, Copy)]
enum Source<'a> {
    Doc(&'a Document),
    Manifest,
}

impl<'a> Source<'a> {
    /// A field of the source; derived values (a birth date decoded from an IIN) are not
    /// independent evidence and are left out.
    fn get(self, f: &Facts<'a>, name: &'static str) -> Option<Value<'a>> {
        match self {
            Source::Doc(d) => {
                if d.fields.get(name)?.method == FieldMethod::Derived {
                    return None;
                }
                f.value(d, name)
            }
            Source::Manifest => f.declared(name),
        }
    }
}

/// The reference's field, or the manifest's when there is no identity document.
fn reference_value<'a>(
    f: &Facts<'a>,
    reference: Option<&'a Document>,
    name: &'static str,
) -> Option<Value<'a>> {
    match reference {
        Some(d) => Source::Doc(d).get(f, name),
        None => f.declared(name),
    }
}

/// One finding of `code` comparing `theirs` with `ours` (the reference), or
/// `low_confidence` when either side is doubtful.
fn mismatch(
    f: &Facts<'_>,
    code: Code,
    severity: Severity,
    theirs: &Value<'_>,
    ours: &Value<'_>,
    message: String,
) -> Finding {
    let doubtful: Vec<&Value<'_>> = [theirs, ours].into_iter().filter(|v| !f.sure(v)).collect();
    if !doubtful.is_empty() {
        let would = format!(
            "dossier would report {code}: {}",
            message.trim_end_matches('.')
        );
        return low_confidence(theirs.kind(), &doubtful, &would, f.opts);
    }
    let mut finding = code.finding(
        theirs.kind(),
        message,
        vec![theirs.evidence(), ours.evidence()],
    );
    finding.severity = severity;
    finding
}

/// `mrz_check_digit`: a zone whose check digits fail after repair.
///
/// A faint zone (low Tesseract confidence) may fail a check because a character was
/// misread; then a person looks (`low_confidence`). But when the data a failing digit
/// protects is confirmed by an independent reading — the visual zone, another
/// document, the manifest — the data was read right and the digit itself is wrong:
/// that is the altered or damaged passport this code exists for.
fn mrz_check_digit(f: &Facts<'_>, out: &mut Vec<Finding>) {
    for doc in &f.read.documents {
        let Some(mrz) = &doc.mrz else {
            // Every passport has a zone; one that could not be read leaves its check
            // digits — the first sign of an altered passport — unverified.
            if doc.kind == "passport" {
                let mut zone = f.unread(doc, "machine_readable_zone");
                zone.source.bbox = None;
                out.push(low_confidence(
                    Some(&doc.kind),
                    &[&zone],
                    "dossier cannot verify its check digits",
                    f.opts,
                ));
            }
            continue;
        };
        let failing: Vec<&MrzCheck> = mrz.checks.iter().filter(|c| !c.ok).collect();
        if mrz.valid || failing.is_empty() {
            continue;
        }
        // A letter where a digit must be (a check digit read as `M`, a date with an
        // `O` in it) is a misreading, never evidence of tampering; a failing composite
        // next to such a field fails because of it.
        let misread: Vec<&MrzCheck> = failing
            .iter()
            .copied()
            .filter(|c| check_misread(c))
            .collect();
        let failing: Vec<&MrzCheck> = failing
            .into_iter()
            .filter(|c| !check_misread(c) && (c.field != "composite" || misread.is_empty()))
            .collect();
        if failing.is_empty() {
            let read: Vec<String> = misread
                .iter()
                .map(|c| {
                    format!(
                        "{} (check digit read as {}, data as {})",
                        field_title(c.field.name()),
                        c.expected,
                        c.data
                    )
                })
                .collect();
            let zone = zone_value(doc, mrz);
            let would = format!(
                "a letter stands where the zone must have a digit, for {}: a misreading,                  not a failing check digit; rescan the zone or compare it with the printed                  page",
                read.join(" and ")
            );
            out.push(low_confidence(Some(&doc.kind), &[&zone], &would, f.opts));
            continue;
        }
        let failed: Vec<String> = failing
            .iter()
            .map(|c| {
                format!(
                    "{} (printed {}, computed {})",
                    field_title(c.field.name()),
                    c.expected,
                    c.computed
                )
            })
            .collect();
        let message = format!(
            "The machine-readable zone of the {} ({}) fails its check digit for {}, even \
             after correcting common OCR confusions: the document may be damaged or altered.",
            kind_title(&doc.kind),
            doc.file,
            failed.join(" and ")
        );
        if !faint(mrz, f) {
            out.push(Code::MrzCheckDigit.finding(
                Some(&doc.kind),
                message,
                vec![mrz.evidence.clone()],
            ));
        } else if misread_explained(f, doc, &failing) {
            // One character of the faint zone was misread, and the confirmed value
            // satisfies the printed digit: nothing is wrong with the document.
            continue;
        } else if let Some(support) = corroborated(f, doc, mrz, &failing) {
            let message = format!(
                "{} The zone was read faintly, but the data the failing digit protects \
                 matches {}.",
                message,
                places(&support)
            );
            let mut evidence = vec![mrz.evidence.clone()];
            evidence.extend(support.iter().map(Value::evidence));
            out.push(Code::MrzCheckDigit.finding(Some(&doc.kind), message, evidence));
        } else {
            let zone = zone_value(doc, mrz);
            let would = format!(
                "dossier would report mrz_check_digit: {}",
                message.trim_end_matches('.')
            );
            out.push(low_confidence(Some(&doc.kind), &[&zone], &would, f.opts));
        }
    }
}

/// A zone as a doubtful reading, for `low_confidence`.
fn zone_value<'a>(doc: &'a Document, mrz: &MrzReport) -> Value<'a> {
    Value {
        field: "machine_readable_zone",
        value: mrz.repaired.join(" / "),
        confidence: if mrz.confidence.is_finite() {
            mrz.confidence
        } else {
            0.0
        },
        trusted: false,
        origin: Origin::Document(doc),
        source: mrz.evidence.clone(),
    }
}

/// The fields whose own check digits an MRZ prints (and the composite covers).
const COVERED: [MrzCheckField; 3] = [
    MrzCheckField::DocumentNumber,
    MrzCheckField::DateOfBirth,
    MrzCheckField::DateOfExpiry,
];

/// True when some failing check digit of the zone may be a misreading (see
/// [`Facts::check_reading`]).
fn faint(mrz: &MrzReport, f: &Facts<'_>) -> bool {
    mrz.checks
        .iter()
        .filter(|c| !c.ok)
        .any(|c| check_faint(mrz, c, f))
}

/// True when one check's cells (and its digit) may have been misread: see
/// [`Facts::check_reading`].
fn check_faint(mrz: &MrzReport, check: &MrzCheck, f: &Facts<'_>) -> bool {
    f.check_reading(mrz, check) == Reading::Doubtful
}

/// A value written as the characters its check digit covers: a number padded with
/// fillers to `width`, a date as YYMMDD. `None` for a date that is no date.
fn as_check_data(field: &str, value: &Value<'_>, width: usize) -> Option<String> {
    if field == "document_number" {
        let n = normalise_number(&value.value);
        Some(format!("{n:<<width$}"))
    } else {
        Some(value.date()?.format("%y%m%d").to_string())
    }
}

/// Independent sure readings that confirm the data of every failing check, or `None`
/// when some data is unconfirmed — then a misread is as likely as a wrong digit. A
/// failing composite is confirmed through the fields it covers whose own digits fail
/// (a field whose own digit holds vouches for itself); with none, nothing confirms the
/// composite digit. A "digit" printed as a letter or filler is a misread and decides
/// nothing, but at least one failing check must be confirmed.
fn corroborated<'a>(
    f: &Facts<'a>,
    doc: &'a Document,
    mrz: &MrzReport,
    failing: &[&MrzCheck],
) -> Option<Vec<Value<'a>>> {
    let mut support: Vec<Value<'a>> = Vec::new();
    let mut confirmed = 0usize;
    for check in failing {
        if !check.expected.is_ascii_digit() {
            continue;
        }
        let fields: Vec<&MrzCheck> = match check.field {
            MrzCheckField::Composite => mrz
                .checks
                .iter()
                .filter(|c| COVERED.contains(&c.field) && !c.ok)
                .collect(),
            field if COVERED.contains(&field) => vec![*check],
            _ => return None,
        };
        if fields.is_empty() {
            return None;
        }
        for c in fields {
            let name = c.field.name();
            let read = c.data.trim_end_matches('<').to_string();
            let agrees = |v: &Value<'_>| match c.field {
                MrzCheckField::DocumentNumber => lookalike_key(&v.value) == lookalike_key(&read),
                _ => v
                    .date()
                    .is_some_and(|d| d.format("%y%m%d").to_string() == read),
            };
            let confirming = independent(f, doc, name)
                .into_iter()
                .find(|v| f.sure(v) && agrees(v))?;
            if !support.iter().any(|s| s.source == confirming.source) {
                support.push(confirming);
            }
        }
        confirmed += 1;
    }
    (confirmed > 0).then_some(support)
}

/// True when every failing check of a faint zone is one misread character away from
/// a confirmed value that satisfies the printed digit: the birth date read 151102 where
/// the printed page and the manifest say 1995-11-02 and the digit is that of 951102.
/// The composite must then hold over the corrected data too.
fn misread_explained(f: &Facts<'_>, doc: &Document, failing: &[&MrzCheck]) -> bool {
    let mut fixes: Vec<(String, String)> = Vec::new();
    for check in failing {
        if check.field == MrzCheckField::Composite {
            continue;
        }
        if !COVERED.contains(&check.field) {
            return false;
        }
        let name = check.field.name();
        let as_data = |v: &Value<'_>| -> Option<String> {
            let data = as_check_data(name, v, check.data.chars().count())?;
            let apart = data.chars().count() == check.data.chars().count()
                && data
                    .chars()
                    .zip(check.data.chars())
                    .filter(|(a, b)| a != b)
                    .count()
                    == 1;
            (apart && check_digit(&data) == check.expected).then_some(data)
        };
        let Some(fixed) = independent(f, doc, name)
            .iter()
            .filter(|v| f.sure(v))
            .find_map(as_data)
        else {
            return false;
        };
        fixes.push((check.data.clone(), fixed));
    }
    if fixes.is_empty() {
        return false;
    }
    // (A composite "digit" read as a letter or filler is a misread and decides nothing.)
    failing
        .iter()
        .filter(|c| c.field == "composite" && c.expected.is_ascii_digit())
        .all(|c| {
            let mut data = c.data.clone();
            for (read, fixed) in &fixes {
                data = data.replacen(read.as_str(), fixed, 1);
            }
            check_digit(&data) == c.expected
        })
}

/// The readings of `name` that do not come from `doc`'s own zone: its visual zone,
/// the other documents of the holder, the manifest.
fn independent<'a>(f: &Facts<'a>, doc: &'a Document, name: &'static str) -> Vec<Value<'a>> {
    let own = doc
        .fields
        .get(name)
        .filter(|x| !matches!(x.method, FieldMethod::Mrz | FieldMethod::Derived))
        .and_then(|_| f.value(doc, name));
    let others = f
        .read
        .documents
        .iter()
        .filter(|d| compared(d, Some(doc)))
        .filter_map(|d| Source::Doc(d).get(f, name));
    own.into_iter()
        .chain(others)
        .chain(f.declared(name))
        .collect()
}

/// A number with every OCR look-alike folded to its digit (U and O to 0, Z to 2, I to
/// 1, S to 5, B to 8): two readings with the same key differ only where OCR cannot
/// tell the characters apart.
fn lookalike_key(s: &str) -> String {
    normalise_number(s)
        .chars()
        .map(|c| letter_to_digit(c).unwrap_or(c))
        .collect()
}

/// "on the IIN certificate (scan_02.jpg) and in package.toml".
fn places(values: &[Value<'_>]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for v in values {
        let p = match v.origin {
            Origin::Document(_) => format!("on {}", v.place()),
            Origin::Manifest => format!("in {}", v.place()),
        };
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    seen.join(" and ")
}

/// `iin_invalid`, `iin_birth_date_mismatch`, `iin_sex_mismatch`: every IIN on every
/// document and in the manifest, one finding per distinct number.
fn iin(f: &Facts<'_>, out: &mut Vec<Finding>) {
    let mut by_number: BTreeMap<String, Vec<Value<'_>>> = BTreeMap::new();
    for doc in &f.read.documents {
        if let Some(v) = f.value(doc, "iin") {
            by_number
                .entry(normalise_number(&v.value))
                .or_default()
                .push(v);
        }
    }
    if let Some(v) = f.declared("iin") {
        by_number
            .entry(normalise_number(&v.value))
            .or_default()
            .push(v);
    }
    let reference = f.id_doc();
    let born = reference_value(f, reference, "date_of_birth");
    let sex = reference_value(f, reference, "sex");
    for (number, values) in &by_number {
        let Some(first) = values.first() else {
            continue;
        };
        match parse_iin(number) {
            Err(e) => {
                let message = format!("The IIN {number} {} is not valid: {e}.", places(values));
                // A declared or otherwise trusted reading is enough to fail on.
                if values.iter().any(|v| f.sure(v)) {
                    out.push(Code::IinInvalid.finding(
                        first.kind(),
                        message,
                        values.iter().map(Value::evidence).collect(),
                    ));
                } else {
                    let doubtful: Vec<&Value<'_>> = values.iter().collect();
                    let would = format!(
                        "dossier would report iin_invalid: {}",
                        message.trim_end_matches('.')
                    );
                    out.push(low_confidence(first.kind(), &doubtful, &would, f.opts));
                }
            }
            Ok(iin) => {
                // Letters, contracts and powers of attorney also quote other people's
                // IINs (the inviter's, the representative's): only the holder's own
                // documents and the manifest are compared with the passport.
                let Some(holder) = values.iter().find(|v| match v.origin {
                    Origin::Document(d) => d.kind.has(Role::StatesHolder),
                    Origin::Manifest => true,
                }) else {
                    continue;
                };
                // A number whose check digit holds is corroborated by it.
                let mut ours = holder.clone();
                ours.trusted = true;
                if let Some(born) = &born {
                    if let Some(date) = born.date().filter(|d| *d != iin.birth_date) {
                        let message = format!(
                            "The IIN {number} {} encodes the birth date {}, but {} gives {}.",
                            places(values),
                            iin.birth_date.format("%Y-%m-%d"),
                            born.place(),
                            date.format("%Y-%m-%d")
                        );
                        out.push(mismatch(
                            f,
                            Code::IinBirthDateMismatch,
                            Severity::Error,
                            &ours,
                            born,
                            message,
                        ));
                    }
                }
                if let Some(sex) = &sex {
                    let letter = sex.value.trim().to_uppercase();
                    if (letter == "M" || letter == "F") && !letter.starts_with(iin.sex.letter()) {
                        let word = |s: Sex| match s {
                            Sex::Male => "male",
                            Sex::Female => "female",
                        };
                        let message = format!(
                            "The IIN {number} {} encodes the sex {} (7th digit), but {} gives {}.",
                            places(values),
                            word(iin.sex),
                            sex.place(),
                            letter
                        );
                        out.push(mismatch(
                            f,
                            Code::IinSexMismatch,
                            Severity::Error,
                            &ours,
                            sex,
                            message,
                        ));
                    }
                }
            }
        }
    }
}

/// True when `number` satisfies the check digit printed for the passport number in
/// the passport's zone, and that number was read unsurely (see [`check_faint`]).
fn faint_zone_reads(f: &Facts<'_>, passport: &Document, number: &Value<'_>) -> bool {
    let Some(mrz) = passport.mrz.as_ref() else {
        return false;
    };
    let Some(check) = mrz.checks.iter().find(|c| c.field == "document_number") else {
        return false;
    };
    if !check_faint(mrz, check, f) {
        return false;
    }
    let width = check.data.chars().count();
    as_check_data("document_number", number, width)
        .is_some_and(|d| d.chars().count() == width && check_digit(&d) == check.expected)
}

/// True when `short` is `long` without its first or last character.
fn edge_truncated(short: &str, long: &str) -> bool {
    let n = long.chars().count();
    n >= 2
        && short.chars().count() + 1 == n
        && (long.chars().skip(1).eq(short.chars()) || long.chars().take(n - 1).eq(short.chars()))
}

/// True when the value was read by OCR from a scan and nothing confirms its characters
/// (not a text layer, not declared, not an MRZ value whose check digit holds).
fn is_scan(v: &Value<'_>) -> bool {
    match v.origin {
        Origin::Document(d) => d.fields.get(v.field).is_some_and(|x| match x.method {
            FieldMethod::Visual => true,
            FieldMethod::Mrz => !v.trusted,
            FieldMethod::TextLayer | FieldMethod::Derived => false,
        }),
        Origin::Manifest => false,
    }
}

/// Upper-case letters and digits only: how numbers are compared.
fn normalise_number(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A name comparison that did not match: their value, ours, severity, message.
type NameDisagreement<'a> = (Value<'a>, Value<'a>, Severity, String);

/// Compares one name part of each source with the reference spellings `ours`:
/// how many agree, and the disagreements.
fn compare_names<'a>(
    f: &Facts<'a>,
    ours: &[Value<'a>],
    sources: &[Source<'a>],
    (latin, cyrillic): (&'static str, &'static str),
) -> (usize, Vec<NameDisagreement<'a>>) {
    let mut agree = 0usize;
    let mut disagree = Vec::new();
    for source in sources {
        let theirs: Vec<Value<'a>> = [latin, cyrillic]
            .into_iter()
            .filter_map(|n| source.get(f, n))
            .collect();
        // For each of their spellings the best match among ours; the worst of those
        // decides: every name they print must be the holder's.
        let worst = theirs
            .iter()
            .filter_map(|t| best_match(ours, t).map(|(o, m)| (t, o, m)))
            .min_by(|a, b| a.2.score.total_cmp(&b.2.score));
        let Some((t, o, m)) = worst else { continue };
        let cross_script = is_cyrillic(&t.value) != is_cyrillic(&o.value);
        let (same, different) = if cross_script {
            (DIFFERENT_NAME, DIFFERENT_NAME_ACROSS_SCRIPTS)
        } else {
            (SAME_NAME, DIFFERENT_NAME)
        };
        if m.score >= same {
            agree += 1;
            continue;
        }
        let severity = if m.score >= different {
            Severity::Warning
        } else {
            Severity::Error
        };
        let what = if latin == "surname" {
            "surname"
        } else {
            "given names"
        };
        let message = format!(
            "The {what} {} {} does not match {} {}: similarity {:.2} ({}).",
            t.value,
            on(t),
            o.value,
            on(o),
            m.score,
            m.reason.trim_end_matches('.')
        );
        disagree.push((t.clone(), o.clone(), severity, message));
    }
    (agree, disagree)
}

/// `name_mismatch`: every spelling of the surname and of the given names on each source
/// must match a spelling on the reference.
fn name_mismatch<'a>(f: &Facts<'a>, reference: Option<&'a Document>, out: &mut Vec<Finding>) {
    for part in [
        ("surname", "surname_cyrillic"),
        ("given_names", "given_names_cyrillic"),
    ] {
        let ours: Vec<Value<'a>> = match reference {
            Some(d) => [part.0, part.1]
                .into_iter()
                .filter_map(|n| Source::Doc(d).get(f, n))
                .collect(),
            None => f.declared(part.0).into_iter().collect(),
        };
        if ours.is_empty() {
            continue;
        }
        let sources = others(f, reference);
        let (agree, mut disagree) = compare_names(f, &ours, &sources, part);
        // Names carry no check digit. When two or more other sources disagree with the
        // identity document and none agrees, its reading is the odd one out — most
        // likely an OCR misreading, for a person to confirm — and the declared name
        // becomes the reference for the documents.
        if disagree.len() >= 2 && agree == 0 && reference.is_some() {
            if let Some((_, o, _, message)) = disagree.first() {
                let mut doubtful = o.clone();
                doubtful.trusted = false;
                doubtful.confidence = doubtful
                    .confidence
                    .min(f.opts.min_confidence - 1.0)
                    .max(0.0);
                let would = format!(
                    "it disagrees with every other source ({} of them), so dossier does not \
                     report name_mismatch: {}",
                    disagree.len(),
                    message.trim_end_matches('.')
                );
                out.push(low_confidence(o.kind(), &[&doubtful], &would, f.opts));
            }
            disagree = match f.declared(part.0) {
                Some(declared) => {
                    let docs: Vec<Source<'a>> = sources
                        .into_iter()
                        .filter(|s| matches!(s, Source::Doc(_)))
                        .collect();
                    compare_names(f, &[declared], &docs, part).1
                }
                None => Vec::new(),
            };
        }
        for (t, o, severity, message) in disagree {
            out.push(mismatch(f, Code::NameMismatch, severity, &t, &o, message));
        }
    }
}

/// True when the name is written in Cyrillic letters.
fn is_cyrillic(name: &str) -> bool {
    name.chars()
        .any(|c| matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}'))
}

/// The spelling among `ours` that matches `theirs` best, with the comparison.
fn best_match<'v, 'a>(
    ours: &'v [Value<'a>],
    theirs: &Value<'a>,
) -> Option<(&'v Value<'a>, NameMatch)> {
    ours.iter()
        .map(|o| (o, compare(&o.value, &theirs.value)))
        .max_by(|a, b| a.1.score.total_cmp(&b.1.score))
}

/// "on the passport translation (x.pdf)" / "in package.toml".
fn on(v: &Value<'_>) -> String {
    match v.origin {
        Origin::Document(_) => format!("on {}", v.place()),
        Origin::Manifest => format!("in {}", v.place()),
    }
}

/// `birth_date_mismatch`: each source's date of birth against the reference's.
fn birth_date_mismatch<'a>(f: &Facts<'a>, reference: Option<&'a Document>, out: &mut Vec<Finding>) {
    let Some(ours) = reference_value(f, reference, "date_of_birth") else {
        return;
    };
    for source in others(f, reference) {
        let Some(theirs) = source.get(f, "date_of_birth") else {
            continue;
        };
        let same = match (theirs.date(), ours.date()) {
            (Some(a), Some(b)) => a == b,
            _ => theirs.value == ours.value,
        };
        if same {
            continue;
        }
        let message = capitalize(&format!(
            "the date of birth {} is {}, but {} gives {}.",
            on(&theirs),
            theirs.value,
            ours.place(),
            ours.value
        ));
        out.push(mismatch(
            f,
            Code::BirthDateMismatch,
            Severity::Error,
            &theirs,
            &ours,
            message,
        ));
    }
}

/// `passport_number_mismatch`: the number quoted on translations, forms and the
/// manifest against the passport's own.
fn passport_number_mismatch<'a>(
    f: &Facts<'a>,
    reference: Option<&'a Document>,
    out: &mut Vec<Finding>,
) {
    let Some(passport) = reference.filter(|d| d.kind == "passport") else {
        return;
    };
    let Some(ours) = Source::Doc(passport).get(f, "document_number") else {
        return;
    };
    for source in others(f, reference) {
        if let Source::Doc(d) = source {
            if !d.kind.has(Role::QuotesPassportNumber) {
                continue;
            }
        }
        let Some(theirs) = source.get(f, "document_number") else {
            continue;
        };
        let (a, b) = (
            normalise_number(&theirs.value),
            normalise_number(&ours.value),
        );
        if a == b {
            continue;
        }
        // A faint zone that dropped or swapped a character or two (CMP9MKP48 read as
        // MP9OMKP48, then "repaired" to MP90MKP48: in TD3 the composite repeats the
        // number's own check, so one digit in ten lets a wrong repair through) while
        // the other number satisfies the digit printed for it: the zone says the same
        // number, misread.
        if faint_zone_reads(f, passport, &theirs) && strsim::levenshtein(&a, &b) <= 2 {
            continue;
        }
        // Differing only in look-alikes (U15279976 read as 015279976) where one side is
        // a scan: OCR cannot tell those characters apart, the numbers agree.
        if lookalike_key(&a) == lookalike_key(&b) && (is_scan(&theirs) || is_scan(&ours)) {
            continue;
        }
        let message = capitalize(&format!(
            "the passport number {} is {}, but the passport ({}) has {}.",
            on(&theirs),
            theirs.value,
            passport.file,
            ours.value
        ));
        // A scan that lost the first or last character at the edge of its box (a
        // dropped first letter) read fewer characters than were printed: a character
        // it never read was not read surely. A person confirms it. Any other
        // difference is judged by the readings' certainty like every mismatch: two
        // sure readings of different numbers are a real mismatch, even one digit
        // apart (the commonest typo, and the commonest injected defect).
        let mut theirs = theirs;
        let mut ours = ours.clone();
        for (v, other) in [(&mut theirs, &b), (&mut ours, &a)] {
            let mine = normalise_number(&v.value);
            if is_scan(v) && edge_truncated(&mine, other) {
                v.trusted = false;
                v.confidence = v.confidence.min(f.opts.min_confidence - 1.0).max(0.0);
            }
        }
        out.push(mismatch(
            f,
            Code::PassportNumberMismatch,
            Severity::Error,
            &theirs,
            &ours,
            message,
        ));
    }
}

#[cfg(test)]
mod tests;
