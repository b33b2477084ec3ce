//! The table of finding codes: one row per code, with its default severity and the
//! documentation `dossier explain CODE` prints.
//!
//! Codes are part of dossier's public interface (reports, JSON, CI gates). A code is
//! never renamed or reused: when a check is withdrawn its code moves to [`RETIRED`] and
//! `explain` still answers for it. `docs/findings.md` is generated from this table and a
//! test keeps the two in step.

use serde::{Deserialize, Serialize};

use crate::model::{Evidence, KindId};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

/// One diagnostic about a package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Its code: in reports, the stable public name (e.g. `missing_document`).
    pub code: Code,
    pub severity: Severity,
    /// The document kind the finding is about, if any.
    pub kind: Option<KindId>,
    /// One sentence a clerk can act on.
    pub message: String,
    /// Primary evidence first; cross-document checks add the other side.
    pub evidence: Vec<Evidence>,
    /// For a finding that looks ahead (`expiring_soon`): when and what it turns into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
}

/// What a look-ahead finding (`expiring_soon`) turns into, and from which day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    /// The first day the problem holds.
    pub on: chrono::NaiveDate,
    /// The code `check` reports from that day.
    pub code: Code,
}

/// Overall verdict for a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Review,
    Fail,
}

impl Severity {
    /// The public name (`error`, `warning`), as reports and `explain` print it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl Status {
    /// The public name (`pass`, `review`, `fail`), as reports print it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Review => "review",
            Status::Fail => "fail",
        }
    }

    /// `fail` with any error, `review` with warnings only, `pass` otherwise.
    pub fn from_findings(findings: &[Finding]) -> Status {
        if findings.iter().any(|f| f.severity == Severity::Error) {
            Status::Fail
        } else if findings.is_empty() {
            Status::Pass
        } else {
            Status::Review
        }
    }
}

/// The documentation of one code: what `dossier explain CODE` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeDoc {
    pub code: Code,
    /// The stable public name, e.g. `missing_document`.
    pub name: &'static str,
    pub severity: Severity,
    /// A few words naming the problem.
    pub title: &'static str,
    /// What the check looks at and when it fires.
    pub what: &'static str,
    /// Why the problem matters to the office that receives the package.
    pub why: &'static str,
    /// What the applicant or clerk can do about it.
    pub fix: &'static str,
}

use Severity::{Error, Warning};

/// Declares every code once, with its documentation: the [`Code`] enum, [`TABLE`] in the
/// same order, and [`Code::doc`] by index. A code without its row cannot be written.
macro_rules! registry {
    ($($code:ident => { $($field:ident: $value:expr),* $(,)? }),* $(,)?) => {
        /// Every finding code dossier emits.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($code),*
        }

        /// The one table, one row per [`Code`] in declaration order. Order is the order
        /// of `docs/findings.md`.
        pub const TABLE: &[CodeDoc] = &[
            $(CodeDoc { code: Code::$code, $($field: $value),* }),*
        ];
    };
}

registry! {
    MissingDocument => {
        name: "missing_document",
        severity: Error,
        title: "A document the service requires is absent",
        what: "For every item the service's schema requires (and whose conditions hold for this \
               applicant on the check date), dossier looks for a document of that kind among the \
               package's files. The finding names the missing kind and the source that asks for \
               it: the guidebook or article, its section and its words.",
        why: "An office rejects an incomplete package outright; the applicant loses a visit, \
              and for time-limited procedures (extensions) possibly the deadline.",
        fix: "Add a scan of the named document to the package folder. If it is there, check \
              that it is readable and that dossier recognised it (see unrecognized_document and \
              unreadable_file).",
    },
    UnreadableFile => {
        name: "unreadable_file",
        severity: Error,
        title: "A file could not be read",
        what: "A file in the package is empty, truncated, encrypted, too large, of an unknown \
               format or compression, built so that reading it loops or stalls, or dossier may \
               not read it; or a page of it could not be decoded; or the package folder itself \
               is empty or nested too deep. The reason is in the message.",
        why: "Whatever the file holds cannot be checked, and an office cannot accept a scan it \
              cannot open either.",
        fix: "The message's advice follows the cause. A damaged, cut or oddly built file: scan \
              the document again and save it as PDF, JPEG, PNG or TIFF. A protected PDF: save an \
              unprotected copy. A compression dossier cannot decode (CCITT, JBIG2, JPEG 2000): \
              save the scan as JPEG or PNG. Permission denied: ask whoever manages the folder \
              for read access. An empty or too-deep folder: put the scans in the package \
              folder itself.",
    },
    DamagedScan => {
        name: "damaged_scan",
        severity: Warning,
        title: "A scan is damaged: part of the image is missing",
        what: "A JPEG image (a file, or the scan inside a PDF page) stops before its end: the \
               file was cut short in transfer, by a full disk or by a broken scanner. The part \
               that is there is read and checked; the rest of the page comes out grey.",
        why: "What is missing cannot be checked, and an office may refuse a scan with part of \
              the page blank; a passport read from half a scan may also be read wrongly.",
        fix: "Scan the page again (or copy the file again from its source) and replace the file.",
    },
    UnrecognizedDocument => {
        name: "unrecognized_document",
        severity: Warning,
        title: "A document's kind could not be determined",
        what: "No document kind of the vocabulary fits the pages: no title, keyword, machine-\
               readable zone or layout that dossier knows was found.",
        why: "The document is not counted towards the service's requirements, so something the \
              applicant did supply may be reported missing; or it may not belong in the package.",
        fix: "Check the scan is upright, complete and legible; remove pages that do not belong; \
              rescan at 300 dpi if the text is faint.",
    },
    ManifestInvalid => {
        name: "manifest_invalid",
        severity: Error,
        title: "The package manifest is missing or wrong",
        what: "The package has no `package.toml` and no `--service` was given, or the manifest \
               has a syntax error, an unknown key, a bad value or an unknown service id. The \
               message names the file and line.",
        why: "Without a service dossier does not know which documents to require, and without \
              the declared applicant data and request dates several checks cannot run.",
        fix: "Write or correct `package.toml` as described in the README, or pass `--service ID` \
              (see `dossier services`).",
    },
    KindFilenameMismatch => {
        name: "kind_filename_mismatch",
        severity: Warning,
        title: "The file name suggests another kind than the content",
        what: "The file's name suggests one document kind (e.g. `passport.pdf`) but its content \
               was classified as another. The content wins; the finding says both.",
        why: "A mislabelled file often means a wrong scan was attached in place of the right \
              one, or the classifier misread the document: a person should look.",
        fix: "Check that the file holds the document its name says; rename it or replace the scan.",
    },
    MrzCheckDigit => {
        name: "mrz_check_digit",
        severity: Error,
        title: "A check digit of the machine-readable zone fails",
        what: "A check digit of the passport's or card's machine-readable zone (document number, \
               birth date, expiry date, personal number or composite) does not match its field, \
               even after repairing typical OCR confusions. When every character the digit \
               covers, and the digit, were read surely (dossier's MRZ recogniser sure of every \
               cell; a zone only Tesseract read, at or above `--min-confidence`), it counts \
               at once. When one of them was read unsurely, it counts only when the data the \
               digit protects is confirmed elsewhere (the printed page, another document, the \
               manifest); otherwise it is `low_confidence`. A letter read where a digit must \
               be (a check digit read as `M`, a date with a letter in it) is a misreading, \
               never evidence of tampering: always `low_confidence`, however surely read.",
        why: "Check digits are computed when the document is issued. A failing one after repair \
              points to a damaged or altered document, and border and migration systems reject \
              such a passport when it is scanned.",
        fix: "Rescan the data page flat, at 300 dpi, with the whole zone visible. If it still \
              fails, compare the zone with the printed data by eye: the document may need \
              replacing.",
    },
    IinInvalid => {
        name: "iin_invalid",
        severity: Error,
        title: "An IIN is not a valid number",
        what: "An individual identification number (on a document or in the manifest) does not \
               have 12 digits, its first six digits are not a real date, its 7th digit is not a \
               century/sex digit (1–6), or its 12th digit is not the check digit.",
        why: "Every state service looks the applicant up by IIN; a wrong one is rejected by the \
              registry or, worse, points at another person.",
        fix: "Copy the IIN from the IIN certificate or the eGov profile, digit by digit.",
    },
    IinBirthDateMismatch => {
        name: "iin_birth_date_mismatch",
        severity: Error,
        title: "The IIN encodes another birth date than the passport",
        what: "The first six digits of the IIN (YYMMDD) and its century digit give a birth date \
               that differs from the passport's. An error needs a sure reading of the birth \
               date (see `low_confidence`); on a doubtful one it is `low_confidence`.",
        why: "The IIN was issued to a person with another birth date: either the IIN belongs to \
              someone else or one of the documents is wrong.",
        fix: "Check which IIN was issued to the applicant (IIN certificate) and which passport \
              it was issued on; request a correction of the IIN data if the passport changed.",
    },
    IinSexMismatch => {
        name: "iin_sex_mismatch",
        severity: Error,
        title: "The IIN encodes another sex than the passport",
        what: "The 7th digit of the IIN (odd = male, even = female) disagrees with the sex in \
               the passport.",
        why: "The IIN was issued to a person of the other sex: it most likely belongs to \
              someone else.",
        fix: "Check the IIN against the IIN certificate; request a correction if the registry \
              data is wrong.",
    },
    NameMismatch => {
        name: "name_mismatch",
        severity: Error,
        title: "The holder's name differs between documents",
        what: "The surname or given names on the passport, the translation, the IIN \
               certificate, the application form and the manifest are compared pairwise (Latin \
               against Cyrillic through transliteration, with a similarity score). The finding \
               names both documents, both spellings and the score. A borderline score is a \
               warning.",
        why: "A name spelt differently on two documents makes the office doubt they are about \
              the same person; a translation with another surname is invalid.",
        fix: "Have the translation or form corrected to the passport's spelling. A notarized \
              translation must be redone by the translator and certified again.",
    },
    BirthDateMismatch => {
        name: "birth_date_mismatch",
        severity: Error,
        title: "The birth date differs between documents",
        what: "The date of birth on the passport is compared with the one on the translation, \
               the IIN certificate, the application form and the manifest.",
        why: "Documents with different birth dates do not describe the same person.",
        fix: "Correct the document that disagrees with the passport.",
    },
    PassportNumberMismatch => {
        name: "passport_number_mismatch",
        severity: Error,
        title: "The passport number differs between documents",
        what: "The passport's document number (from its machine-readable zone where there is \
               one) is compared with the number quoted on the translation, the application \
               form, the IIN certificate and the manifest. An error needs both numbers read \
               surely (see `low_confidence`): then even one digit apart is a mismatch. A \
               doubtful reading, or a scan that lost the first or last character, is \
               `low_confidence`; numbers differing only in OCR look-alikes (0/O, 1/I, 5/S) \
               on a scan agree.",
        why: "A form or translation quoting another number was made for another (often an \
              old) passport and will be refused.",
        fix: "Update the form or translation to the current passport, or attach the passport \
              it refers to.",
    },
    PassportExpired => {
        name: "passport_expired",
        severity: Error,
        title: "The passport has expired",
        what: "The passport's expiry date is before the check date (`--as-of`).",
        why: "No service is given on an expired passport.",
        fix: "Renew the passport and file the package with the new one.",
    },
    PassportValidityShort => {
        name: "passport_validity_short",
        severity: Error,
        title: "The passport is not valid long enough",
        what: "The service's rules require the passport to remain valid for a time: for visas \
               at least 3 months beyond the end of the requested stay (`[request] valid_until`), \
               for the permanent residence permit more than 180 days at application.",
        why: "The office refuses the application, or grants a shorter stay than requested.",
        fix: "Renew the passport first, or request a shorter stay that ends early enough.",
    },
    CertificateOutdated => {
        name: "certificate_outdated",
        severity: Error,
        title: "A certificate is older than the service accepts",
        what: "A certificate's date of issue is older than the service's rule allows, e.g. a \
               fingerprinting certificate that must be \"completed in the current year\".",
        why: "Offices refuse certificates past their validity; the applicant has to obtain a \
              new one anyway.",
        fix: "Obtain a new certificate and replace the scan.",
    },
    ApostilleMissing => {
        name: "apostille_missing",
        severity: Error,
        title: "A foreign public document has no apostille",
        what: "A document of a kind the service wants legalised (power of attorney, civil \
               status certificates, criminal record...) was issued in a country that is not a \
               party to the Minsk (1993) or Chisinau (2002) conventions, and the package holds \
               no apostille (or legalisation) for it.",
        why: "Foreign public documents have no legal force in Kazakhstan without an apostille \
              or consular legalisation; the office will not accept them.",
        fix: "Have the document apostilled in its country of issue (or legalised at a \
              Kazakhstan consulate) and add the apostille's scan to the package.",
    },
    TranslationMissing => {
        name: "translation_missing",
        severity: Error,
        title: "A passport needs a notarized translation",
        what: "The passport shows the holder's name only in Latin letters (no Cyrillic), the \
               service requires a translation in that case, and the package holds no \
               notarized passport translation into Kazakh or Russian.",
        why: "The office enters the name in Cyrillic from the translation; without it the \
              application is not accepted.",
        fix: "Have the passport's data page translated into Russian or Kazakh by a translator \
              and the translator's signature certified by a notary; add the scan.",
    },
    RepresentativeNotAllowed => {
        name: "representative_not_allowed",
        severity: Error,
        title: "The service is filed through a representative but needs the applicant in person",
        what: "The manifest says the package is filed through a representative (`[flags] \
               representative = true`), but on the check date the service must be applied for \
               in person (for example an IIN since February 2024).",
        why: "The office will not accept the application from a representative, whatever \
              power of attorney is attached.",
        fix: "The applicant files in person; or, if the manifest flag is wrong, set \
              `representative = false`.",
    },
    LowConfidence => {
        name: "low_confidence",
        severity: Warning,
        title: "A value a check needs was read with low confidence",
        what: "A check would fail (or pass) on a reading that is not sure, so dossier sends \
               the package to a person instead of reporting an error. A reading is sure when \
               it comes from a PDF text layer or the manifest; when it is an MRZ number or \
               date whose check digits hold; when OCR read every character surely (the \
               field's confidence at or above `--min-confidence`, dossier's MRZ recogniser \
               sure of every cell, and no letter where only digits may stand); or when a \
               second independent reading agrees (the same value on another of the holder's \
               documents or in the manifest). Anything else is doubtful. The message says \
               what was read, how surely, and what dossier would have reported.",
        why: "OCR errors on faint or skewed scans would otherwise become false alarms or, \
              worse, silent passes.",
        fix: "Compare the value in the message with the document by eye. A sharper scan \
              (300 dpi, flat, no glare) usually clears the finding.",
    },
    LinkNotFollowed => {
        name: "link_not_followed",
        severity: Warning,
        title: "A link in the package leads out of it",
        what: "An entry of the package folder is a symbolic link whose target is not inside \
               the same package folder: a sibling package of the batch, the batch folder, a \
               folder above it or anywhere else, or a target that does not exist. A package \
               is checked only on the files inside its own folder, so the target is never \
               opened (a `package.toml` that is such a link is not read either, which is a \
               `manifest_invalid`). The message names the link and where it points: inside \
               the batch by its path there, elsewhere by the link's own words. Links whose \
               target stays inside the package are followed and raise nothing.",
        why: "A package could otherwise pass on documents that are not in it: another \
              applicant's scans, or files from anywhere on the machine. Whatever the link \
              stood for is not counted, so a required document only linked is also reported \
              by `missing_document`; the link itself only needs a person's look, like any \
              entry dossier did not read.",
        fix: "Put the document itself in the package folder (a copy, not a link), or remove \
              the link.",
    },
    NotAFile => {
        name: "not_a_file",
        severity: Warning,
        title: "An entry of the package is not a file",
        what: "An entry of the package folder is a named pipe, a socket or a device (or a \
               link to one inside the package). Such entries hold no document and are never \
               opened: reading a named pipe would wait forever.",
        why: "Nothing in it can be checked or submitted. It usually means the folder was \
              copied with a tool that kept such entries, or that something other than scans \
              was put there; a person should look. A required document is still reported by \
              `missing_document` if it is not among the real files.",
        fix: "Remove the entry from the package folder and put the scans there as ordinary \
              files.",
    },
    ExpiringSoon => {
        name: "expiring_soon",
        severity: Warning,
        title: "A document valid today will not be by the filing date",
        what: "Only with `check --warn-expiring DAYS`: a document passes today's date checks \
               (`passport_expired`, `passport_validity_short`, `certificate_outdated`) but \
               fails one of them before the later of the planned filing date \
               (`[request] application_date`) and DAYS after the check date. The message \
               names the first day it fails and what will be reported then; the JSON report \
               gives that day as the finding's `due`.",
        why: "A package that passes on the night it is checked can be refused on the day it \
              is filed: a passport running out, a visa rule counting months past the stay, a \
              certificate \"of the current year\" turning stale on 1 January.",
        fix: "Renew the document (or obtain a new certificate) before the day named, or file \
              the package before it.",
    },
}

/// Codes that were withdrawn: never emitted, never reused; `explain` still answers.
/// Each entry is (code, what replaced it or why it went).
pub const RETIRED: &[(&str, &str)] = &[];

impl Code {
    /// Every live code, in table order.
    pub fn all() -> impl Iterator<Item = Code> {
        TABLE.iter().map(|d| d.code)
    }

    /// The table row of this code.
    pub fn doc(self) -> &'static CodeDoc {
        // `registry!` writes the rows in the order of the variants.
        &TABLE[self as usize]
    }

    /// The stable public name, e.g. `missing_document`.
    pub fn as_str(self) -> &'static str {
        self.doc().name
    }

    /// The severity findings of this code carry unless a check says otherwise.
    pub fn severity(self) -> Severity {
        self.doc().severity
    }

    /// The code with this public name.
    pub fn from_name(name: &str) -> Option<Code> {
        TABLE.iter().find(|d| d.name == name).map(|d| d.code)
    }

    /// A finding of this code with its default severity.
    pub fn finding(
        self,
        kind: Option<&KindId>,
        message: impl Into<String>,
        evidence: Vec<Evidence>,
    ) -> Finding {
        Finding {
            code: self,
            severity: self.severity(),
            kind: kind.cloned(),
            message: message.into(),
            evidence,
            due: None,
        }
    }
}

// In reports and the OCR cache a code is its public name (`code == "missing_document"`
// in tests and tools).
crate::model::by_name!(Code, as_str, from_name, "finding code");

/// Wraps `text` at `width` columns, each line indented by `indent` spaces.
fn wrap(text: &str, width: usize, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&pad);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&pad);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The text `dossier explain CODE` prints, or `None` for an unknown code.
pub fn explain(code: &str) -> Option<String> {
    if let Some(d) = TABLE.iter().find(|d| d.name == code) {
        return Some(format!(
            "{} ({})\n{}\n\nWhat it means\n{}\nWhy it matters\n{}\nHow to fix it\n{}",
            d.name,
            d.severity.name(),
            d.title,
            wrap(d.what, 80, 2),
            wrap(d.why, 80, 2),
            wrap(d.fix, 80, 2)
        ));
    }
    RETIRED
        .iter()
        .find(|(name, _)| *name == code)
        .map(|(name, why)| format!("{name} (retired)\nThis code is no longer emitted: {why}\n"))
}

/// The list `dossier explain` prints without a code: one line per code.
pub fn list_text() -> String {
    let width = TABLE.iter().map(|d| d.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for d in TABLE {
        out.push_str(&format!(
            "{:<width$}  {:<7}  {}\n",
            d.name,
            d.severity.name(),
            d.title
        ));
    }
    out.push_str(
        "\n`dossier explain CODE` tells what a code means, why it matters and how to fix it.\n",
    );
    out
}

/// `docs/findings.md`, generated from the table (a test keeps the file in step).
pub fn markdown() -> String {
    let mut out = String::from(
        "# Finding codes\n\n\
         <!-- Generated from crates/dossier/src/findings.rs by `UPDATE_DOCS=1 cargo test -p dossier --lib findings`; \
         do not edit by hand. -->\n\n\
         Codes are a stable public interface: a code is never renamed or reused. \
         A package is `fail` with any error, `review` with warnings only, `pass` otherwise. \
         `dossier explain CODE` prints one entry.\n\n\
         | code | severity | problem |\n|---|---|---|\n",
    );
    for d in TABLE {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            d.name,
            d.name,
            d.severity.name(),
            d.title
        ));
    }
    for d in TABLE {
        out.push_str(&format!(
            "\n## {}\n\n*{}* — {}\n\n**What it means.** {}\n\n**Why it matters.** {}\n\n\
             **How to fix it.** {}\n",
            d.name,
            d.severity.name(),
            d.title,
            d.what,
            d.why,
            d.fix
        ));
    }
    if !RETIRED.is_empty() {
        out.push_str("\n## Retired codes\n\n");
        for (name, why) in RETIRED {
            out.push_str(&format!("- `{name}`: {why}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_unique_snake_case_and_round_trip() {
        let mut seen = BTreeSet::new();
        for d in TABLE {
            assert!(seen.insert(d.name), "duplicate name {}", d.name);
            assert!(
                d.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                d.name
            );
            assert_eq!(Code::from_name(d.name), Some(d.code));
            assert_eq!(d.code.as_str(), d.name);
        }
    }

    #[test]
    fn retired_codes_are_never_live() {
        for (name, why) in RETIRED {
            assert!(Code::from_name(name).is_none(), "{name} retired but live");
            assert!(!why.is_empty());
        }
    }

    #[test]
    fn every_code_has_docs() {
        for d in TABLE {
            for (part, text) in [
                ("title", d.title),
                ("what", d.what),
                ("why", d.why),
                ("fix", d.fix),
            ] {
                assert!(text.trim().len() > 10, "{} has no {part}", d.name);
                assert!(!text.contains("  "), "{} {part} has a double space", d.name);
            }
            let e = explain(d.name).expect("explain");
            let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(words(&e).contains(&words(d.what)) && words(&e).contains(&words(d.fix)));
            assert!(e.lines().all(|l| l.chars().count() <= 80), "{e}");
        }
        assert_eq!(explain("no_such_code"), None);
    }

    #[test]
    fn the_codes_of_issue_4_exist() {
        for name in [
            "missing_document",
            "unreadable_file",
            "unrecognized_document",
            "manifest_invalid",
            "mrz_check_digit",
            "iin_invalid",
            "iin_birth_date_mismatch",
            "iin_sex_mismatch",
            "name_mismatch",
            "birth_date_mismatch",
            "passport_number_mismatch",
            "passport_expired",
            "passport_validity_short",
            "certificate_outdated",
            "apostille_missing",
            "translation_missing",
            "low_confidence",
            "kind_filename_mismatch",
        ] {
            assert!(Code::from_name(name).is_some(), "{name}");
        }
    }

    #[test]
    fn list_has_one_line_per_code() {
        let list = list_text();
        for d in TABLE {
            assert!(
                list.lines()
                    .any(|l| l.starts_with(d.name) && l.contains(d.title)),
                "{}",
                d.name
            );
        }
    }

    #[test]
    fn finding_uses_default_severity() {
        let f = Code::LowConfidence.finding(
            Some(&crate::schema::kinds::test_kind("passport")),
            "m",
            vec![],
        );
        assert_eq!(f.code, "low_confidence");
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.kind.as_deref(), Some("passport"));
    }

    /// docs/findings.md is generated from the table; `UPDATE_DOCS=1` rewrites it.
    #[test]
    fn docs_findings_md_is_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/findings.md");
        let want = markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &want).expect("write docs/findings.md");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        for d in TABLE {
            assert!(
                have.contains(&format!("## {}\n", d.name)),
                "docs/findings.md lacks {}; run UPDATE_DOCS=1 cargo test -p dossier --lib findings",
                d.name
            );
        }
        assert!(
            have == want,
            "docs/findings.md is stale; run UPDATE_DOCS=1 cargo test -p dossier --lib findings"
        );
    }
}
