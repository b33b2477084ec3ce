//! The curated fixture set checked in under fixtures/: which packages, with which seed,
//! service, nationality, defects and formats, and the README that describes them.
//!
//! Every defect of generator.md appears at least once, every output format at least
//! once, and several packages are complete and correct. Services with few documents are
//! preferred to keep the checked-in set small.

use crate::output::Format;
use crate::package::{Defect, Spec, Summary};

/// Base of the fixture seeds: package i uses `SEED + i`.
pub const SEED: u64 = 20_261_201;

/// One curated package: id, service, nationality, defects, formats.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Vec<Defect>,
    Vec<Format>,
);

/// The curated packages.
pub fn specs() -> Vec<Spec> {
    use Defect::*;
    use Format::*;
    let list: Vec<Row> = vec![
        (
            "iin_deu_complete",
            "iin",
            "DEU",
            vec![],
            vec![Jpeg, PdfText, Png],
        ),
        ("iin_rus_complete", "iin", "RUS", vec![], vec![Tiff, Jpeg]),
        (
            "iin_usa_passport_expired",
            "iin",
            "USA",
            vec![PassportExpired],
            vec![PdfJpeg, Jpeg, Jpeg],
        ),
        (
            "iin_gbr_name_mismatch",
            "iin",
            "GBR",
            vec![NameMismatch],
            vec![PdfText, Jpeg, PdfFlate],
        ),
        (
            "iin_chn_mrz_check_digit",
            "iin",
            "CHN",
            vec![MrzCheckDigit],
            vec![Png, PdfFlate, Jpeg],
        ),
        (
            "iin_tur_missing_document",
            "iin",
            "TUR",
            vec![MissingDocument],
            vec![Jpeg, PdfJpeg],
        ),
        (
            "iin_ind_complete",
            "iin",
            "IND",
            vec![],
            vec![PdfJpeg, Tiff, Jpeg],
        ),
        (
            "fingerprinting_deu_complete",
            "fingerprinting",
            "DEU",
            vec![],
            vec![Jpeg, PdfFlate, Tiff, Png],
        ),
        (
            "fingerprinting_rus_complete",
            "fingerprinting",
            "RUS",
            vec![],
            vec![PdfText, Jpeg],
        ),
        (
            "fingerprinting_uzb_iin_invalid",
            "fingerprinting",
            "UZB",
            vec![IinInvalid],
            vec![Jpeg, PdfJpeg],
        ),
        (
            "fingerprinting_kor_iin_birth_date",
            "fingerprinting",
            "KOR",
            vec![IinBirthDateMismatch],
            vec![PdfFlate, Jpeg],
        ),
        (
            "fingerprinting_ind_unreadable_file",
            "fingerprinting",
            "IND",
            vec![UnreadableFile],
            vec![Jpeg, Tiff],
        ),
        (
            "fingerprinting_usa_mrz_and_iin",
            "fingerprinting",
            "USA",
            vec![MrzCheckDigit, IinInvalid],
            vec![Jpeg, PdfJpeg],
        ),
        (
            "fingerprinting_gbr_missing_document",
            "fingerprinting",
            "GBR",
            vec![MissingDocument],
            vec![PdfJpeg, Jpeg],
        ),
        (
            "arrival_notification_chn_complete",
            "arrival_notification",
            "CHN",
            vec![],
            vec![Jpeg, Png],
        ),
        (
            "arrival_notification_deu_passport_expired",
            "arrival_notification",
            "DEU",
            vec![PassportExpired],
            vec![PdfFlate, Jpeg],
        ),
        (
            "c3_visa_tur_complete",
            "c3_visa",
            "TUR",
            vec![],
            vec![Jpeg, PdfJpeg],
        ),
        (
            "c3_visa_ind_validity_short",
            "c3_visa",
            "IND",
            vec![PassportValidityShort],
            vec![PdfJpeg, Jpeg],
        ),
        (
            "c3_visa_usa_name_mismatch",
            "c3_visa",
            "USA",
            vec![NameMismatch],
            vec![Jpeg, PdfText],
        ),
        (
            "c3_invitation_deu_complete",
            "c3_invitation",
            "DEU",
            vec![],
            vec![PdfJpeg, Jpeg],
        ),
        (
            "c3_visa_rus_missing_document",
            "c3_visa",
            "RUS",
            vec![MissingDocument],
            vec![Jpeg, Tiff],
        ),
        (
            "trp_business_initial_usa_certificate_outdated",
            "trp_business_initial",
            "USA",
            vec![CertificateOutdated],
            vec![Jpeg],
        ),
    ];
    list.into_iter()
        .enumerate()
        .map(|(i, (id, service, nat, defects, formats))| Spec {
            id: id.to_string(),
            seed: SEED + i as u64,
            service: service.to_string(),
            nationality: nat.to_string(),
            defects,
            // One Russian-speaking office gets a Kazakh translation.
            kazakh_translation: matches!(id, "iin_ind_complete" | "iin_tur_missing_document"),
            formats,
            // Family a in DejaVu, scans only: the fixtures stay as they were.
            held_out: None,
        })
        .collect()
}

/// fixtures/README.md: one section per package.
pub fn readme(done: &[(Spec, Summary)], as_of: &str) -> String {
    let mut s = String::from(
        "# Sample packages\n\n\
         Fictional packages rendered by `dossier-samples fixtures` (crates/dossier-samples).\n\
         No file shows a real person: names, numbers and dates are drawn from small pools with\n\
         a seeded RNG. Regenerate byte for byte with\n\n\
         ```sh\ncargo run --release --bin dossier-samples -- fixtures --out fixtures\n```\n\n",
    );
    s.push_str(&format!(
        "Checks on these packages run with `--as-of {as_of}`. Each package folder holds the scans,\n\
         `package.toml` (what the applicant declared), `expected.json` (status and finding codes\n\
         from what the generator injected, never from dossier's output) and `truth.json` (the\n\
         documents in each file and the fields they print, for reading tests).\n\n"
    ));
    s.push_str("| package | service | seed | expected | findings |\n|---|---|---|---|---|\n");
    for (spec, sum) in done {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            spec.id,
            spec.service,
            spec.seed,
            sum.status,
            if sum.findings.is_empty() {
                "—".to_string()
            } else {
                sum.findings.join(", ")
            }
        ));
    }
    for (spec, sum) in done {
        s.push_str(&format!(
            "\n## {}\n\nService `{}` ({}; schema: {}), applicant {}, seed {}. Expected `{}`.\n\n",
            spec.id, spec.service, sum.title, sum.schema, spec.nationality, spec.seed, sum.status
        ));
        for n in &sum.notes {
            s.push_str(&format!("- {n}\n"));
        }
        s.push_str("\n| file | kind | format | degradation |\n|---|---|---|---|\n");
        for (f, k, fmt, d) in &sum.files {
            s.push_str(&format!("| {f} | {k} | {fmt} | {d} |\n"));
        }
    }
    s
}
