//! The MRZ read rate on a folder of real specimen images with their printed zones
//! (`truth.json`: image path → `format`, `lines`, `has_mrz`), such as the evaluation
//! set in the project's shared folder. The images are never copied anywhere; only
//! counts and, per image, whether it was read exactly are printed.
//!
//! Each image is read as the pipeline reads a page (orientation, skew, the MRZ pass
//! with dossier's recogniser and Tesseract as a second opinion), without the
//! full-page pass. A zone is right when its lines, as the parser repairs them, are
//! exactly the printed ones.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use dossier::model::PageRef;
use dossier::ocr::{self, ReadOptions, TesseractEngine};
use dossier::parse::mrz;

#[derive(serde::Deserialize)]
struct Truth {
    format: String,
    #[serde(default)]
    lines: Vec<String>,
    #[serde(default)]
    has_mrz: bool,
    #[serde(default)]
    tags: Vec<String>,
    /// The generator's verdicts on the zone as printed (absent on real specimens).
    #[serde(default)]
    check_digits: Vec<PrintedCheck>,
}

/// One check digit as the generator printed it (`field` in its own names).
#[derive(serde::Deserialize)]
struct PrintedCheck {
    field: String,
    ok: bool,
}

/// The parser's name of a check digit the generator names `field`.
fn parser_field(field: &str) -> &str {
    match field {
        "birth_date" => "date_of_birth",
        "expiry_date" => "date_of_expiry",
        other => other,
    }
}

/// The capture levels a generated set tags its pages with.
const LEVELS: [&str; 3] = ["clean", "office", "photo"];

#[derive(Default)]
struct Tally {
    images: u32,
    exact: u32,
    core_right: u32,
    all_valid: u32,
    found: u32,
}

pub fn run(dir: &Path) {
    let text = std::fs::read_to_string(dir.join("truth.json")).expect("truth.json");
    let truth: BTreeMap<String, Truth> = serde_json::from_str(&text).expect("truth.json");
    let mut engine = TesseractEngine::new().expect("tesseract");
    let opts = ReadOptions {
        full_page: false,
        ..ReadOptions::default()
    };
    let mut by_format: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_level: BTreeMap<String, Tally> = BTreeMap::new();
    let mut secs = 0.0;
    // Pages printed with a deliberately wrong check digit, and those on which the
    // reading still reports that digit failing.
    let (mut tampered, mut reported) = (0u32, 0u32);
    for (path, t) in &truth {
        let Ok(img) = image::open(dir.join(path)) else {
            println!("{path}: cannot be opened");
            continue;
        };
        let page = PageRef {
            file: path.clone(),
            page: 1,
        };
        let start = Instant::now();
        let read = ocr::read_page_with(&mut engine, img, page, &opts).expect("read");
        secs += start.elapsed().as_secs_f64();
        // The zone as dossier uses it: the parser's repaired lines where it parses.
        let raw = read.mrz.map(|m| m.lines).unwrap_or_default();
        let got = mrz::parse(&raw).map(|m| m.repaired).unwrap_or(raw);
        let tally = by_format.entry(t.format.clone()).or_default();
        tally.images += 1;
        if !t.has_mrz {
            let ok = got.is_empty();
            tally.exact += u32::from(ok);
            println!(
                "{path}: {}",
                if ok {
                    "no zone, right"
                } else {
                    "a zone found on a page without one"
                }
            );
            continue;
        }
        tally.found += u32::from(!got.is_empty());
        let exact = got == t.lines;
        tally.exact += u32::from(exact);
        let parsed = mrz::parse(&got).ok();
        let printed = mrz::parse(&t.lines).ok();
        let core = |m: &mrz::Mrz| (m.document_number.clone(), m.date_of_birth, m.date_of_expiry);
        let core_right = matches!((&parsed, &printed), (Some(a), Some(b)) if core(a) == core(b));
        tally.core_right += u32::from(core_right);
        let valid = parsed.as_ref().is_some_and(mrz::Mrz::valid);
        tally.all_valid += u32::from(valid);
        if let Some(level) = t.tags.iter().find(|g| LEVELS.contains(&g.as_str())) {
            let l = by_level.entry(level.clone()).or_default();
            l.images += 1;
            l.found += u32::from(!got.is_empty());
            l.exact += u32::from(exact);
            l.core_right += u32::from(core_right);
            l.all_valid += u32::from(valid);
        }
        let wrong_digits: Vec<&str> = t
            .check_digits
            .iter()
            .filter(|c| !c.ok)
            .map(|c| parser_field(&c.field))
            .collect();
        let tamper_note = if wrong_digits.is_empty() {
            String::new()
        } else {
            tampered += 1;
            let still_fails = |f: &str| {
                parsed
                    .as_ref()
                    .is_some_and(|m| m.checks.iter().any(|c| c.field == f && !c.ok))
            };
            let caught = wrong_digits.iter().all(|f| still_fails(f));
            reported += u32::from(caught);
            format!(
                "; wrong {} digit {}",
                wrong_digits.join(", "),
                if caught { "reported" } else { "NOT reported" }
            )
        };
        let wrong: usize = got
            .iter()
            .zip(&t.lines)
            .map(|(a, b)| {
                a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() + a.len().abs_diff(b.len())
            })
            .sum();
        println!(
            "{path}: {}{tamper_note}",
            if exact {
                "exact".to_string()
            } else if got.is_empty() {
                "no zone".to_string()
            } else {
                format!(
                    "{wrong} characters wrong{}",
                    if core_right {
                        " (number and dates right)"
                    } else {
                        ""
                    }
                )
            }
        );
    }
    println!(
        "\n{:<6} {:>6} {:>6} {:>6} {:>10} {:>10}",
        "format", "images", "found", "exact", "core right", "all valid"
    );
    let mut all = Tally::default();
    for (f, t) in &by_format {
        println!(
            "{f:<6} {:>6} {:>6} {:>6} {:>10} {:>10}",
            t.images, t.found, t.exact, t.core_right, t.all_valid
        );
        all.images += t.images;
        all.found += t.found;
        all.exact += t.exact;
        all.core_right += t.core_right;
        all.all_valid += t.all_valid;
    }
    println!(
        "{:<6} {:>6} {:>6} {:>6} {:>10} {:>10}",
        "all", all.images, all.found, all.exact, all.core_right, all.all_valid
    );
    if !by_level.is_empty() {
        println!(
            "\n{:<6} {:>6} {:>6} {:>6} {:>10} {:>10}",
            "level", "images", "found", "exact", "core right", "all valid"
        );
        for (l, t) in &by_level {
            println!(
                "{l:<6} {:>6} {:>6} {:>6} {:>10} {:>10}",
                t.images, t.found, t.exact, t.core_right, t.all_valid
            );
        }
    }
    if tampered > 0 {
        println!("\ntampered (a wrong check digit printed): {tampered}, still reported failing: {reported}");
    }
    println!(
        "{:.2} s per image (MRZ pass with orientation and skew, no full-page pass)",
        secs / f64::from(all.images.max(1))
    );
}
