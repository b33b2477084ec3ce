//! `dossier-samples`: renders fictional, realistic sample scans and packages.
//!
//! The library API is [`generate`] with a [`Command`]; the `dossier-samples` binary is
//! a thin CLI over it, and dossier's tests and benches call it directly. It never uses
//! the dossier library (what it draws must not be shaped by what the reader expects):
//! the two crates do not depend on each other, and this one builds without Tesseract.
//!
//! - `fixtures [--out fixtures]` writes the curated set (fixed seeds) and its README;
//! - `batch --seed N --packages N --out DIR [--held-out exclude|include|only]` writes
//!   random packages for benchmarks and evaluation;
//! - `documents --seed N --count N --out DIR [--held-out exclude|include|only]` writes
//!   single documents with a truth.json;
//! - `mrz-pages --seed N --count N --out DIR [--family regular|sharp]` writes pages of
//!   machine-readable travel documents with a truth.json in the MRZ specimen set's layout.
//!
//! Held back from tuning and unit tests (see `style.rs`): layout family `c` of every kind
//! and the PT Sans / PT Serif face. `documents` and `batch` draw a layout family (`a`, `b`,
//! `c`), a face (DejaVu, Liberation, FreeFont, PT) and, for a quarter of the files, a
//! phone photo instead of a scan; `--held-out exclude` (the default) never draws the
//! held-back ones, `include` draws everything (for evaluation), `only` draws layout `c`
//! in PT only. Each document's layout, font and capture are in truth.json (and a
//! package's layout and font in expected.json). The fixtures are family `a` in DejaVu,
//! scans only.
//!
//! Same arguments, same bytes: every package and document has its own seeded RNG, so the
//! parallel workers cannot change what is written.

mod case;
mod degrade;
mod fixtures;
mod mrzpages;
mod output;
mod package;
mod pdffont;
mod render;
mod services;
mod style;

pub use crate::mrzpages::Family;
pub use crate::style::HeldOut;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use clap::Subcommand;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde_json::json;

use crate::output::Format;
use crate::package::{Defect, Env, Spec};
use crate::pdffont::PdfFont;
use crate::services::Service;
use crate::style::Style;

/// The check date the fixtures are made for.
pub const FIXTURE_AS_OF: &str = "2026-12-01";

/// [`FIXTURE_AS_OF`] as a date: the default check date of generated packages.
pub fn fixture_as_of() -> NaiveDate {
    NaiveDate::parse_from_str(FIXTURE_AS_OF, "%Y-%m-%d").expect("FIXTURE_AS_OF is a date")
}

const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// What to generate: the binary's subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Write the curated fixture set (fixed seeds) into OUT/packages and OUT/README.md.
    Fixtures {
        #[arg(long, default_value = "fixtures")]
        out: PathBuf,
    },
    /// Write N random packages (services, defects, formats, layout family, face and
    /// photos drawn from SEED).
    Batch {
        #[arg(long)]
        seed: u64,
        #[arg(long)]
        packages: usize,
        #[arg(long)]
        out: PathBuf,
        /// Check date the packages are made for.
        #[arg(long, default_value = FIXTURE_AS_OF)]
        as_of: NaiveDate,
        /// Held-back data: exclude (tuning: never layout family c nor the PT face),
        /// include (evaluation: everything, reported apart) or only (layout c in PT).
        #[arg(long, value_enum, default_value = "exclude")]
        held_out: HeldOut,
    },
    /// Write N single documents and a truth.json describing them (kind, fields, format,
    /// degradation, layout family, font, capture).
    Documents {
        #[arg(long)]
        seed: u64,
        #[arg(long)]
        count: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = FIXTURE_AS_OF)]
        as_of: NaiveDate,
        /// Only this document kind (default: any kind, passports more often).
        #[arg(long)]
        kind: Option<String>,
        /// Only this format: png, jpeg, tiff, pdf-scan-jpeg, pdf-scan-flate, pdf-text.
        #[arg(long)]
        format: Option<String>,
        /// No degradation: the clean render at 300 dpi (no phone photos either).
        #[arg(long)]
        clean: bool,
        /// The fixtures' look instead of a drawn style: layout family a, DejaVu, the MRZ
        /// at ICAO's nominal pitch and size (for tests of one reader on a known setting).
        #[arg(long, conflicts_with = "held_out")]
        plain: bool,
        /// Held-back data: exclude (tuning: never layout family c nor the PT face),
        /// include (evaluation: everything, reported apart) or only (layout c in PT).
        #[arg(long, value_enum, default_value = "exclude")]
        held_out: HeldOut,
    },
    /// Write N pages of machine-readable travel documents (TD1, TD2, TD3, MRV-A, MRV-B and
    /// a few pages without a zone) and OUT/truth.json in the layout of the shared MRZ
    /// specimen set, for `cargo run --release --example evaluate -- --specimens OUT`.
    ///
    /// Held out from all tuning (report them apart): `--family sharp` (OCR-B "Sharp" cut,
    /// serif labels, photo on the right, labels beside values, rosette patterns) at any
    /// seed, and `--family regular` at seeds 1000000 and above. Tune only on `--family
    /// regular` with seeds below 1000000. See docs/mrz-recogniser.md.
    MrzPages {
        #[arg(long)]
        seed: u64,
        #[arg(long)]
        count: usize,
        #[arg(long)]
        out: PathBuf,
        /// Layout family: regular (tuning) or sharp (held out).
        #[arg(long, default_value = "regular")]
        family: mrzpages::Family,
    },
}

/// What `documents` may vary.
struct DocOptions {
    kind: Option<String>,
    format: Option<Format>,
    clean: bool,
    plain: bool,
    held_out: HeldOut,
}

fn load_fonts() -> Result<(render::Fonts, PdfFont)> {
    let fonts = render::Fonts::load().map_err(|e| anyhow::anyhow!(e))?;
    let data = std::fs::read(DEJAVU)
        .with_context(|| format!("{DEJAVU} missing: install the fonts-dejavu-core package"))?;
    Ok((fonts, PdfFont::new(data)?))
}

/// Generates what `cmd` says, with the service schemas in `schemas` (the folder of
/// service TOML files, `schemas/services` in dossier's repository). Returns a one-line
/// summary (what was written, how long it took) for the caller to show.
pub fn generate(schemas: &Path, cmd: Command) -> Result<String> {
    let (fonts, pdf_font) = load_fonts()?;
    let started = Instant::now();
    let summary = match cmd {
        Command::Fixtures { out } => {
            let as_of = fixture_as_of();
            let env = Env {
                fonts: &fonts,
                pdf_font: &pdf_font,
                services_dir: schemas,
                as_of,
            };
            let specs = fixtures::specs();
            let done = build_all(&specs, &env, &out.join("packages"))?;
            let bytes: u64 = done.iter().map(|(_, s)| s.bytes).sum();
            std::fs::write(
                out.join("README.md"),
                fixtures::readme(&done, FIXTURE_AS_OF),
            )?;
            format!(
                "{} packages, {:.1} MB of scans in {:.1}s",
                done.len(),
                bytes as f64 / 1e6,
                started.elapsed().as_secs_f32()
            )
        }
        Command::Batch {
            seed,
            packages,
            out,
            as_of,
            held_out,
        } => {
            let env = Env {
                fonts: &fonts,
                pdf_font: &pdf_font,
                services_dir: schemas,
                as_of,
            };
            let specs = random_specs(seed, packages, schemas, as_of, held_out)?;
            let done = build_all(&specs, &env, &out)?;
            let failing = done.iter().filter(|(_, s)| s.status != "pass").count();
            format!(
                "{} packages ({} with defects) in {:.1}s",
                done.len(),
                failing,
                started.elapsed().as_secs_f32()
            )
        }
        Command::Documents {
            seed,
            count,
            out,
            as_of,
            kind,
            format,
            clean,
            plain,
            held_out,
        } => {
            if let Some(k) = &kind {
                if !render::KINDS.contains(&k.as_str()) {
                    bail!("unknown kind {k}; known: {}", render::KINDS.join(", "));
                }
            }
            let format = match format {
                Some(f) => Some(
                    Format::ALL
                        .into_iter()
                        .find(|x| x.id() == f)
                        .with_context(|| format!("unknown format {f}"))?,
                ),
                None => None,
            };
            let opts = DocOptions {
                kind,
                format,
                clean,
                plain,
                held_out,
            };
            documents(seed, count, &out, as_of, &opts, &fonts, &pdf_font)?;
            format!(
                "{count} documents in {:.1}s",
                started.elapsed().as_secs_f32()
            )
        }
        Command::MrzPages {
            seed,
            count,
            out,
            family,
        } => {
            mrzpages::run(seed, count, &out, family, &fonts, &pdf_font)?;
            format!(
                "{count} MRZ pages ({} family) in {:.1}s",
                family.id(),
                started.elapsed().as_secs_f32()
            )
        }
    };
    Ok(summary)
}

fn build_all(specs: &[Spec], env: &Env, root: &Path) -> Result<Vec<(Spec, package::Summary)>> {
    std::fs::create_dir_all(root).with_context(|| format!("creating {}", root.display()))?;
    // Rebuild each package folder from scratch so no stale file survives.
    for s in specs {
        let dir = root.join(&s.id);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("clearing {}", dir.display()))?;
        }
    }
    let results: Vec<_> = specs
        .par_iter()
        .map(|s| package::build(s, env, &root.join(&s.id)).map(|sum| (s.clone(), sum)))
        .collect();
    let mut done = Vec::new();
    for r in results {
        done.push(r?);
    }
    Ok(done)
}

/// Nationalities of foreign applicants (not KAZ: the services are for foreigners).
const FOREIGN: [&str; 9] = [
    "DEU", "USA", "GBR", "CHN", "TUR", "IND", "KOR", "RUS", "UZB",
];
/// Services the batch draws from (those with few documents the renderer covers).
const BATCH_SERVICES: [&str; 5] = [
    "iin",
    "fingerprinting",
    "arrival_notification",
    "c3_visa",
    "c3_invitation",
];

fn random_specs(
    seed: u64,
    n: usize,
    dir: &Path,
    as_of: NaiveDate,
    held_out: HeldOut,
) -> Result<Vec<Spec>> {
    let mut services = Vec::new();
    for id in BATCH_SERVICES {
        services.push(Service::load(dir, id)?);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut specs = Vec::with_capacity(n);
    for i in 0..n {
        let svc = &services[rng.random_range(0..services.len())];
        let nat = FOREIGN[rng.random_range(0..FOREIGN.len())];
        let fitting: Vec<Defect> = Defect::ALL
            .into_iter()
            .filter(|d| d.fits(svc, as_of, nat))
            .collect();
        let mut defects = Vec::new();
        let roll = rng.random_range(0..10);
        let want = if roll < 4 {
            0
        } else if roll < 9 {
            1
        } else {
            2
        };
        while defects.len() < want && !fitting.is_empty() {
            let d = fitting[rng.random_range(0..fitting.len())];
            let clash = defects.iter().any(|&e| {
                e == d
                    || matches!(
                        (e, d),
                        (Defect::IinInvalid, Defect::IinBirthDateMismatch)
                            | (Defect::IinBirthDateMismatch, Defect::IinInvalid)
                    )
            });
            if !clash {
                defects.push(d);
            }
        }
        defects.sort();
        specs.push(Spec {
            id: format!("pkg_{i:05}"),
            seed: rng.random(),
            service: svc.id.clone(),
            nationality: nat.to_string(),
            defects,
            formats: Vec::new(),
            kazakh_translation: rng.random_bool(0.3),
            held_out: Some(held_out),
        });
    }
    Ok(specs)
}

fn documents(
    seed: u64,
    count: usize,
    out: &Path,
    as_of: NaiveDate,
    opts: &DocOptions,
    fonts: &render::Fonts,
    pdf_font: &PdfFont,
) -> Result<()> {
    if render::KINDS.is_empty() {
        bail!("the renderer knows no document kinds");
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut master = ChaCha8Rng::seed_from_u64(seed);
    let jobs: Vec<(usize, u64)> = (0..count).map(|i| (i, master.random())).collect();
    let results: Vec<Result<(String, serde_json::Value)>> = jobs
        .par_iter()
        .map(|&(i, s)| {
            let mut rng = ChaCha8Rng::seed_from_u64(s);
            let kind = if rng.random_bool(0.3) { "passport" } else { render::KINDS[rng.random_range(0..render::KINDS.len())] };
            let kind = opts.kind.as_deref().unwrap_or(kind);
            let nat = case::NATIONALITIES[rng.random_range(0..case::NATIONALITIES.len())];
            let c = case::random_case(&mut rng, nat, as_of);
            let mut style_rng = style::rng(s);
            let st = if opts.plain {
                Style::PLAIN
            } else {
                Style::pick(&mut style_rng, opts.held_out)
            };
            let photo = !opts.clean
                && style_rng.random_bool(style::PHOTO_SHARE)
                && opts.format.is_none_or(|f| matches!(f, Format::Jpeg | Format::PdfJpeg));
            let styled = st.fonts(fonts).map_err(|e| anyhow::anyhow!(e))?;
            let pages = render::render(kind, &c, &styled, &mut rng);
            let mut fmt = Format::ALL[rng.random_range(0..Format::ALL.len())];
            if let Some(f) = opts.format {
                fmt = f;
            }
            if photo && opts.format.is_none() {
                // A phone saves JPEG; several photos go into one PDF.
                fmt = if pages.len() > 1 { Format::PdfJpeg } else { Format::Jpeg };
            }
            if pages.len() > 1 && !fmt.multi_page() {
                fmt = Format::Tiff;
            }
            let big = pages.first().is_some_and(|p| p.image.width().min(p.image.height()) > 1500);
            let mut d = if photo {
                degrade::photo(&mut rng, big)
            } else {
                degrade::choose(&mut rng, fmt, big)
            };
            if opts.clean {
                d = degrade::Degradation::clean(pages.first().map_or(300, |p| p.dpi));
            }
            let scans: Vec<_> = pages.iter().map(|p| degrade::apply(p, &d, &mut rng)).collect();
            let data = output::encode(fmt, &scans, pdf_font)?;
            let name = format!("doc_{i:05}.{}", fmt.ext());
            std::fs::write(out.join(&name), data)?;
            let fields = package::truth_fields(kind, &c);
            let mut doc = json!({ "pages": (1..=pages.len() as u32).collect::<Vec<_>>(), "kind": kind,
                "fields": fields, "format": fmt.id(), "degradation": d.describe() });
            for (k, v) in st.truth(d.photo.is_some()) {
                doc[k] = v;
            }
            let entry = json!([doc]);
            Ok((name, entry))
        })
        .collect();
    let mut files = BTreeMap::new();
    for r in results {
        let (n, v) = r?;
        files.insert(n, v);
    }
    std::fs::write(
        out.join("truth.json"),
        package::pretty(&json!({ "files": files })),
    )?;
    Ok(())
}
