//! Packages: the documents a service needs for one fictional case, rendered, degraded and
//! written as files, with the defects a spec asks for injected, plus `package.toml`,
//! `expected.json` and `truth.json`.
//!
//! `expected.json` is derived from what was injected and the service schema, never from
//! dossier's own output: a complete, correct package expects `pass` with no findings.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, Days, Months, NaiveDate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

use crate::case::{self, Case};
use crate::degrade;
use crate::output::{self, Format, Scan};
use crate::pdffont::PdfFont;
use crate::render::{self, Fonts};
use crate::services::{Context, Service};
use crate::style::{self, HeldOut, Style};

/// A defect the packager can inject (generator.md), each with its finding code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Defect {
    /// A required document left out.
    MissingDocument,
    /// The IIN has a wrong check digit.
    IinInvalid,
    /// A valid IIN whose birth date is not the passport's.
    IinBirthDateMismatch,
    /// The translation spells a different surname.
    NameMismatch,
    /// The passport expires after the check date but too soon for the service.
    PassportValidityShort,
    /// The passport expired before the check date.
    PassportExpired,
    /// One MRZ check digit is wrong.
    MrzCheckDigit,
    /// The fingerprinting certificate is from an earlier year.
    CertificateOutdated,
    /// One file is truncated.
    UnreadableFile,
}

impl Defect {
    /// Every defect, in a fixed order.
    pub const ALL: [Defect; 9] = [
        Defect::MissingDocument,
        Defect::IinInvalid,
        Defect::IinBirthDateMismatch,
        Defect::NameMismatch,
        Defect::PassportValidityShort,
        Defect::PassportExpired,
        Defect::MrzCheckDigit,
        Defect::CertificateOutdated,
        Defect::UnreadableFile,
    ];

    /// The finding code dossier should report (issue 4).
    pub fn code(self) -> &'static str {
        match self {
            Defect::MissingDocument => "missing_document",
            Defect::IinInvalid => "iin_invalid",
            Defect::IinBirthDateMismatch => "iin_birth_date_mismatch",
            Defect::NameMismatch => "name_mismatch",
            Defect::PassportValidityShort => "passport_validity_short",
            Defect::PassportExpired => "passport_expired",
            Defect::MrzCheckDigit => "mrz_check_digit",
            Defect::CertificateOutdated => "certificate_outdated",
            Defect::UnreadableFile => "unreadable_file",
        }
    }

    /// Whether the defect can be injected into a package of `svc` with a clear expected
    /// outcome. An expired passport is only used where the service has no validity rule,
    /// so that one defect gives one finding.
    pub fn fits(self, svc: &Service, as_of: NaiveDate, nationality: &str) -> bool {
        let validity = !svc.rules("passport_validity", as_of).is_empty();
        match self {
            Defect::PassportValidityShort => validity,
            Defect::PassportExpired => !validity,
            Defect::CertificateOutdated => {
                svc.rules("certificate_age", as_of).iter().any(|r| {
                    r.kind.as_deref() == Some("fingerprint_certificate") && r.max_age.is_some()
                }) && svc
                    .requires
                    .iter()
                    .any(|r| r.kinds.iter().any(|k| k == "fingerprint_certificate"))
            }
            Defect::NameMismatch => !has_cyrillic(nationality),
            _ => true,
        }
    }
}

fn has_cyrillic(nationality: &str) -> bool {
    matches!(nationality, "RUS" | "KAZ" | "KGZ" | "BLR")
}

/// What one package is made of.
#[derive(Clone, Debug)]
pub struct Spec {
    /// Folder name.
    pub id: String,
    /// RNG seed; the same spec and seed give the same bytes.
    pub seed: u64,
    /// Service id.
    pub service: String,
    /// Applicant's nationality (alpha-3).
    pub nationality: String,
    /// Defects to inject.
    pub defects: Vec<Defect>,
    /// Formats to use, cycled over the files (random when empty).
    pub formats: Vec<Format>,
    /// Translate the passport into Kazakh instead of Russian.
    pub kazakh_translation: bool,
    /// Draw a layout family, a face and phone photos (from the spec's seed, see
    /// [`crate::style`]) as this allows, and record them in `truth.json` and
    /// `expected.json`; `None` keeps family `a` in DejaVu and scans only, unrecorded (the
    /// fixtures).
    pub held_out: Option<HeldOut>,
}

/// Shared, loaded once: fonts, the text-layer font, the schema folder, the check date.
pub struct Env<'a> {
    /// Render fonts.
    pub fonts: &'a Fonts,
    /// DejaVuSans for PDF text layers.
    pub pdf_font: &'a PdfFont,
    /// schemas/services.
    pub services_dir: &'a Path,
    /// The check date.
    pub as_of: NaiveDate,
}

/// What was written, for README and the CLI.
pub struct Summary {
    /// Service title.
    pub title: String,
    /// Where the service schema came from.
    pub schema: String,
    /// (file, kind, format id, degradation summary).
    pub files: Vec<(String, String, String, String)>,
    /// Expected status.
    pub status: String,
    /// Expected codes.
    pub findings: Vec<String>,
    /// Notes on what was injected.
    pub notes: Vec<String>,
    /// Bytes written (scans only).
    pub bytes: u64,
}

/// Errors building a package.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// Schema problem.
    #[error(transparent)]
    Service(#[from] crate::services::ServiceError),
    /// Encoding a file failed.
    #[error(transparent)]
    Output(#[from] output::OutputError),
    /// Writing failed.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    /// The spec asks for a defect the service cannot show.
    #[error("package {0}: defect {1} does not fit service {2}")]
    Unfit(String, &'static str, String),
    /// A face's font package is missing.
    #[error("{0}")]
    Font(String),
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

fn passport_expiring(case: &mut Case, expires: NaiveDate) {
    let p = &mut case.applicant;
    p.passport_expires = expires;
    p.passport_issued = add_days(
        expires
            .checked_sub_months(Months::new(120))
            .unwrap_or(expires),
        1,
    );
}

/// Injects the case-level defects; returns notes saying what was done.
fn tamper(
    case: &mut Case,
    svc: &Service,
    d: Defect,
    rng: &mut ChaCha8Rng,
    as_of: NaiveDate,
) -> Vec<String> {
    let mut notes = Vec::new();
    match d {
        Defect::PassportExpired => {
            let e = add_days(as_of, -rng.random_range(20..400));
            passport_expiring(case, e);
            notes.push(format!(
                "passport expired on {e}, before the check date {as_of}"
            ));
        }
        Defect::PassportValidityShort => {
            let rules = svc.rules("passport_validity", as_of);
            let e = if let Some(days) = rules.iter().find_map(|r| r.days_at_application) {
                add_days(case.application_date, rng.random_range(30..days as i64 - 5))
            } else {
                let months = rules
                    .iter()
                    .find_map(|r| r.months_beyond_request_end)
                    .unwrap_or(3);
                let limit = case
                    .valid_until
                    .checked_add_months(Months::new(months))
                    .unwrap_or(case.valid_until);
                let span = (limit - case.valid_until).num_days().max(10);
                add_days(case.valid_until, rng.random_range(5..span - 3))
            };
            passport_expiring(case, e);
            notes.push(format!(
                "passport expires {e}: valid on {as_of} but not long enough for the requested stay to {}",
                case.valid_until
            ));
        }
        Defect::MrzCheckDigit => {
            case.tamper.mrz_bad_check_digit = true;
            notes.push("one MRZ check digit of the passport is wrong (visual zone intact)".into());
        }
        Defect::NameMismatch => {
            const OTHERS: [&str; 6] = [
                "КОВАЛЕНКО",
                "ПЕТРОВСКИЙ",
                "ГАРСИЯ",
                "ТАНАКА",
                "ОКОНКВО",
                "ЛИНДКВИСТ",
            ];
            let mut other = OTHERS[rng.random_range(0..OTHERS.len())];
            if other == case.applicant.surname_cyr {
                other = OTHERS[0];
            }
            case.tamper.translation_surname = Some(other.to_string());
            notes.push(format!(
                "translation gives the surname as {other} instead of {} ({})",
                case.applicant.surname_cyr, case.applicant.surname
            ));
        }
        Defect::IinInvalid => {
            let good = case.applicant.iin.clone().unwrap_or_else(|| {
                case::make_iin(rng, case.applicant.date_of_birth, case.applicant.sex)
            });
            let last = good.as_bytes()[11] - b'0';
            let bad_digit = (last + rng.random_range(1..10)) % 10;
            let bad = format!("{}{}", &good[..11], bad_digit);
            case.tamper.iin_override = Some(bad.clone());
            notes.push(format!(
                "IIN {bad} has a wrong check digit (correct: {good})"
            ));
        }
        Defect::IinBirthDateMismatch => {
            let dob = case.applicant.date_of_birth;
            let other = add_days(
                dob,
                rng.random_range(40..900) * if rng.random_bool(0.5) { 1 } else { -1 },
            );
            let iin = case::make_iin(rng, other, case.applicant.sex);
            case.tamper.iin_override = Some(iin.clone());
            notes.push(format!(
                "IIN {iin} encodes birth date {other}, passport says {dob}"
            ));
        }
        Defect::CertificateOutdated => {
            let y = as_of.year() - 2;
            let date =
                NaiveDate::from_ymd_opt(y, rng.random_range(1..=12), rng.random_range(1..=28))
                    .unwrap_or(as_of);
            case.fingerprint_date = date;
            notes.push(format!(
                "fingerprinting certificate dated {date}, not in the current year"
            ));
        }
        Defect::MissingDocument | Defect::UnreadableFile => {}
    }
    notes
}

/// The fields a document of `kind` prints, for truth.json.
pub fn truth_fields(kind: &str, case: &Case) -> BTreeMap<&'static str, String> {
    let p = &case.applicant;
    let iin = case.tamper.iin_override.clone().or_else(|| p.iin.clone());
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut f = BTreeMap::new();
    let latin = |f: &mut BTreeMap<&'static str, String>| {
        f.insert("surname", p.surname.clone());
        f.insert("given_names", p.given_names.clone());
    };
    match kind {
        "passport" | "id_card" => {
            latin(&mut f);
            f.insert("date_of_birth", iso(p.date_of_birth));
            f.insert("sex", p.sex.to_string());
            f.insert("nationality", p.nationality.clone());
            f.insert("document_number", p.passport_number.clone());
            f.insert("date_of_expiry", iso(p.passport_expires));
            f.insert("date_of_issue", iso(p.passport_issued));
            if p.passport_has_cyrillic {
                f.insert("surname_cyrillic", p.surname_cyr.clone());
                f.insert("given_names_cyrillic", p.given_names_cyr.clone());
            }
            if p.nationality == "KAZ" {
                if let Some(i) = iin {
                    f.insert("iin", i);
                }
            }
        }
        "passport_translation" => {
            let s = case
                .tamper
                .translation_surname
                .clone()
                .unwrap_or_else(|| p.surname_cyr.clone());
            f.insert("surname_cyrillic", s);
            f.insert("given_names_cyrillic", p.given_names_cyr.clone());
            f.insert("date_of_birth", iso(p.date_of_birth));
            f.insert("nationality", p.nationality.clone());
            f.insert("document_number", p.passport_number.clone());
            f.insert("date_of_issue", iso(p.passport_issued));
            f.insert("date_of_expiry", iso(p.passport_expires));
        }
        "iin_certificate" => {
            latin(&mut f);
            f.insert("date_of_birth", iso(p.date_of_birth));
            if let Some(i) = iin {
                f.insert("iin", i);
            }
        }
        "fingerprint_certificate" => {
            latin(&mut f);
            f.insert("date_of_issue", iso(case.fingerprint_date));
        }
        _ => latin(&mut f),
    }
    f
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), PackageError> {
    std::fs::write(path, bytes).map_err(|e| PackageError::Io(path.display().to_string(), e))
}

/// Renders and writes one package into `dir` (created if need be).
pub fn build(spec: &Spec, env: &Env, dir: &Path) -> Result<Summary, PackageError> {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    // One style per package (as if one office printed it all), photos per file.
    let mut style_rng = style::rng(spec.seed);
    let style = spec.held_out.map(|h| Style::pick(&mut style_rng, h));
    let fonts = match style {
        Some(st) => st.fonts(env.fonts).map_err(PackageError::Font)?,
        None => *env.fonts,
    };
    let svc = Service::load(env.services_dir, &spec.service)?;
    let mut case = case::random_case(&mut rng, &spec.nationality, env.as_of);
    for &d in &spec.defects {
        if !d.fits(&svc, env.as_of, &spec.nationality) {
            return Err(PackageError::Unfit(
                spec.id.clone(),
                d.code(),
                spec.service.clone(),
            ));
        }
    }
    let mut notes = Vec::new();
    for &d in &spec.defects {
        notes.extend(tamper(&mut case, &svc, d, &mut rng, env.as_of));
    }
    let p = &case.applicant;
    let ctx = Context {
        as_of: env.as_of,
        application_date: case.application_date,
        citizenship: &p.nationality,
        date_of_birth: p.date_of_birth,
        passport_lacks_cyrillic: !p.passport_has_cyrillic,
        dependant: false,
        representative: false,
        category: None,
    };

    // The documents: each required item's first kind the renderer knows.
    let mut codes: Vec<String> = Vec::new();
    let mut kinds: Vec<String> = Vec::new();
    for req in svc.required(&ctx) {
        match req
            .kinds
            .iter()
            .find(|k| render::KINDS.contains(&k.as_str()))
        {
            Some(k) if !kinds.contains(k) => kinds.push(k.clone()),
            Some(_) => {}
            None => {
                codes.push("missing_document".into());
                notes.push(format!(
                    "the generator cannot render {} (left out)",
                    req.kinds.join(" / ")
                ));
            }
        }
    }
    let wants_translation =
        !svc.rules("translation", env.as_of).is_empty() && !p.passport_has_cyrillic;
    let iin_defect = spec
        .defects
        .iter()
        .any(|d| matches!(d, Defect::IinInvalid | Defect::IinBirthDateMismatch));
    let has = |kinds: &[String], k: &str| kinds.iter().any(|x| x == k);
    if wants_translation && !has(&kinds, "passport_translation") {
        // The service's translation rule: a passport without Cyrillic names needs one.
        kinds.push("passport_translation".to_string());
    }
    let mut extras = Vec::new();
    if spec.defects.contains(&Defect::NameMismatch) && !has(&kinds, "passport_translation") {
        extras.push("passport_translation".to_string());
    }
    if iin_defect && p.nationality != "KAZ" && !has(&kinds, "iin_certificate") {
        extras.push("iin_certificate".to_string());
    }
    for e in &extras {
        notes.push(format!(
            "{e} added beyond the schema's list (needed to show the defect)"
        ));
    }
    kinds.extend(extras);

    if spec.defects.contains(&Defect::MissingDocument) {
        let keep = |k: &str| {
            matches!(k, "passport" | "passport_translation")
                || (k == "iin_certificate" && iin_defect)
                || (k == "fingerprint_certificate"
                    && spec.defects.contains(&Defect::CertificateOutdated))
        };
        let candidates: Vec<usize> = (0..kinds.len()).filter(|&i| !keep(&kinds[i])).collect();
        if let Some(&i) = candidates.get(rng.random_range(0..candidates.len().max(1))) {
            let k = kinds.remove(i);
            notes.push(format!("required document {k} left out"));
        }
    }
    kinds.shuffle(&mut rng);

    // Which kind goes into the unreadable file: one more document, truncated.
    let unreadable = spec.defects.contains(&Defect::UnreadableFile).then(|| {
        let pool: Vec<&&str> = render::KINDS
            .iter()
            .filter(|k| !kinds.iter().any(|x| x == **k) && **k != "passport")
            .collect();
        pool.get(rng.random_range(0..pool.len().max(1)))
            .map(|k| k.to_string())
            .unwrap_or_else(|| "consent_form".into())
    });

    std::fs::create_dir_all(dir).map_err(|e| PackageError::Io(dir.display().to_string(), e))?;
    let mut files = Vec::new();
    let mut truth = serde_json::Map::new();
    let mut bytes = 0u64;
    let all: Vec<(String, bool)> = kinds
        .iter()
        .map(|k| (k.clone(), false))
        .chain(unreadable.map(|k| (k, true)))
        .collect();
    for (i, (kind, corrupt)) in all.iter().enumerate() {
        let render_kind = if kind == "passport_translation" && spec.kazakh_translation {
            "passport_translation:kk"
        } else {
            kind.as_str()
        };
        let pages = render::render(render_kind, &case, &fonts, &mut rng);
        let photo = style.is_some() && !*corrupt && style_rng.random_bool(style::PHOTO_SHARE);
        let mut fmt = if *corrupt {
            Format::Png
        } else if spec.formats.is_empty() {
            Format::ALL[rng.random_range(0..Format::ALL.len())]
        } else {
            spec.formats[i % spec.formats.len()]
        };
        if photo {
            // A phone saves JPEG; several photos go into one PDF.
            fmt = Format::Jpeg;
        }
        if pages.len() > 1 && !fmt.multi_page() {
            fmt = Format::PdfJpeg;
        }
        let big = pages
            .first()
            .is_some_and(|pg| pg.image.width().min(pg.image.height()) > 1500);
        let d = if photo {
            degrade::photo(&mut rng, big)
        } else {
            degrade::choose(&mut rng, fmt, big)
        };
        let scans: Vec<Scan> = pages
            .iter()
            .map(|pg| degrade::apply(pg, &d, &mut rng))
            .collect();
        let mut data = output::encode(fmt, &scans, env.pdf_font)?;
        let name = format!("scan_{:02}.{}", i + 1, fmt.ext());
        if *corrupt {
            data.truncate(data.len() * 2 / 5);
            notes.push(format!(
                "{name} ({kind}) truncated to {} bytes: unreadable",
                data.len()
            ));
            truth.insert(name.clone(), json!([]));
        } else {
            let fields: BTreeMap<&str, String> = truth_fields(kind, &case);
            let mut doc = json!({ "pages": (1..=pages.len() as u32).collect::<Vec<_>>(), "kind": kind, "fields": fields });
            if let Some(st) = style {
                for (k, v) in st.truth(photo) {
                    doc[k] = v;
                }
            }
            truth.insert(name.clone(), json!([doc]));
        }
        write(&dir.join(&name), &data)?;
        bytes += data.len() as u64;
        files.push((
            name,
            render_kind.to_string(),
            fmt.id().to_string(),
            if *corrupt {
                "truncated".into()
            } else {
                d.describe()
            },
        ));
    }

    codes.extend(spec.defects.iter().map(|d| d.code().to_string()));
    codes.sort();
    codes.dedup();
    let status = if codes.is_empty() { "pass" } else { "fail" };
    if codes.is_empty() {
        notes.push("complete and correct".into());
    }
    let mut expected =
        json!({ "service": spec.service, "status": status, "findings": codes, "notes": notes });
    if let Some(st) = style {
        for (k, v) in st.truth(false) {
            if matches!(k, "layout" | "font" | "layout_held_out" | "font_held_out") {
                expected[k] = v;
            }
        }
    }
    write(&dir.join("expected.json"), pretty(&expected).as_bytes())?;
    write(
        &dir.join("truth.json"),
        pretty(&json!({ "files": Value::Object(truth) })).as_bytes(),
    )?;
    let shows_iin = p.nationality == "KAZ" || kinds.iter().any(|k| k == "iin_certificate");
    write(
        &dir.join("package.toml"),
        manifest(&spec.service, &case, shows_iin).as_bytes(),
    )?;
    Ok(Summary {
        title: svc.title.clone(),
        schema: svc.origin.clone(),
        files,
        status: status.into(),
        findings: codes,
        notes,
        bytes,
    })
}

/// JSON with a trailing newline (serde_json's map keeps keys sorted: deterministic).
pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// package.toml (issue 4): what the applicant declared, consistent with the documents
/// (a tampered IIN is what the documents show, so it is declared too; no IIN is declared
/// when no document shows one, as for a foreigner applying for one).
fn manifest(service: &str, case: &Case, shows_iin: bool) -> String {
    let p = &case.applicant;
    let mut s = format!("service = \"{service}\"\n\n[applicant]\n");
    s.push_str(&format!(
        "surname = \"{}\"\ngiven_names = \"{}\"\n",
        p.surname, p.given_names
    ));
    s.push_str(&format!(
        "date_of_birth = \"{}\"\nsex = \"{}\"\n",
        p.date_of_birth.format("%Y-%m-%d"),
        p.sex
    ));
    s.push_str(&format!("citizenship = \"{}\"\n", p.nationality));
    if shows_iin {
        if let Some(iin) = case.tamper.iin_override.as_ref().or(p.iin.as_ref()) {
            s.push_str(&format!("iin = \"{iin}\"\n"));
        }
    }
    s.push_str(&format!(
        "passport_number = \"{}\"\n\n[request]\n",
        p.passport_number
    ));
    s.push_str(&format!(
        "application_date = \"{}\"\nvalid_until = \"{}\"\n\n[flags]\ndependant = false\nrepresentative = false\n",
        case.application_date.format("%Y-%m-%d"),
        case.valid_until.format("%Y-%m-%d")
    ));
    s
}
