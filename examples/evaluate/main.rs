//! Measures dossier against generated ground truth:
//!
//! ```sh
//! dossier-samples batch --seed 4242 --packages 100 --held-out include --out /tmp/eval-packages
//! dossier-samples documents --seed 4343 --count 200 --held-out include --out /tmp/eval-documents
//! cargo run --release --example evaluate -- /tmp/eval-packages /tmp/eval-documents
//! ```
//!
//! Prints, from `expected.json`: the share of packages with the right status and the
//! precision and recall of each finding code; from `truth.json`: classification
//! accuracy, MRZ read rate and field accuracy. Use sets the tests did not use.
//!
//! Then every figure again by part, from what the generator recorded: seen layout
//! families (`a`, `b`) against the held-back one (`c`), seen fonts against the held-back
//! one (PT Sans / Serif), scans against phone photos, with the gap in points. Held-back
//! data appears only in sets generated with `--held-out include` (or `only`); tuning
//! never sees it, so a gap between seen and held back is a finding: what the tuning fits
//! that the skill does not carry.
//!
//! `evaluate --specimens DIR` instead reads every image of an MRZ specimen set
//! (`DIR/truth.json`, e.g. the shared evaluation specimens) and prints how many zones
//! are read exactly as printed, by format; see [`specimens`].

use std::path::PathBuf;

use dossier::eval::{self, JudgeScore, ReadScore, SplitScore};
use dossier::pipeline::{self, CheckOptions, NoProgress};
use dossier::schema::Schemas;

mod specimens;

fn main() {
    let mut roots = Vec::new();
    let mut as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let mut cache: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--as-of" => {
                as_of = args
                    .next()
                    .and_then(|d| d.parse().ok())
                    .expect("--as-of YYYY-MM-DD")
            }
            "--cache-dir" => cache = args.next().map(PathBuf::from),
            "--specimens" => {
                specimens::run(&PathBuf::from(args.next().expect("--specimens DIR")));
                return;
            }
            _ => roots.push(PathBuf::from(a)),
        }
    }
    assert!(
        !roots.is_empty(),
        "usage: evaluate DIR... [--as-of DATE] [--cache-dir DIR] | evaluate --specimens DIR"
    );
    let schemas = Schemas::embedded().expect("schemas");
    let mut opts = CheckOptions::new(as_of);
    opts.cache_dir = cache;
    // Single-document sets have no manifest; any service lets the reading be scored.
    opts.service = Some("iin".into());
    let start = std::time::Instant::now();
    let report = pipeline::check(&roots, &schemas, &opts, &NoProgress).expect("check");
    let secs = start.elapsed().as_secs_f64();

    let mut split = SplitScore::default();
    for p in &report.packages {
        if let Ok(expected) = eval::expected(&p.path) {
            split.add_judge(p, &expected);
        }
        if let Ok(truth) = eval::truth(&p.path) {
            split.add_read(p, &truth);
        }
    }
    let judge = split.judge.get("all").cloned().unwrap_or_default();
    let read = split.read.get("all").cloned().unwrap_or_default();
    println!("{} packages checked in {secs:.0} s", report.packages.len());
    if judge.packages > 0 {
        println!(
            "\nstatus right: {}/{} ({:.0}%), exact reports: {}/{}",
            judge.status_right,
            judge.packages,
            pct(judge.status_right, judge.packages),
            judge.exact,
            judge.packages
        );
        println!(
            "{:<28} {:>4} {:>4} {:>4} {:>9} {:>7}",
            "code", "tp", "fp", "fn", "precision", "recall"
        );
        for (code, c) in &judge.codes {
            println!(
                "{code:<28} {:>4} {:>4} {:>4} {:>9.2} {:>7.2}",
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall()
            );
        }
    }
    if read.documents > 0 {
        println!(
            "\ndocuments: {}, kind right: {} ({:.1}%)",
            read.documents,
            read.kind_right,
            pct(read.kind_right, read.documents)
        );
        println!(
            "MRZ read right (number, birth date, expiry as printed): {}/{} ({:.1}%), \
             of which every check digit holds: {}",
            read.mrz_right,
            read.mrz_documents,
            pct(read.mrz_right, read.mrz_documents),
            read.mrz_right_and_valid
        );
        println!(
            "fields right (of documents with the right kind): {}/{} ({:.1}%)",
            read.fields_right,
            read.fields,
            pct(read.fields_right, read.fields)
        );
        for (name, (right, total)) in &read.per_field {
            println!(
                "  {name:<24} {right:>4}/{total:<4} {:>5.1}%",
                pct(*right, *total)
            );
        }
        let mut misses: Vec<String> = read
            .kind_misses
            .iter()
            .map(|(_, want, got)| format!("{want} -> {got}"))
            .collect();
        misses.sort();
        misses.dedup_by(|a, b| a == b);
        println!("kind confusions: {misses:?}");
    }
    print_split(&split);
}

/// The parts compared, as (seen, held back) pairs.
const PAIRS: [(&str, &str); 3] = [
    ("layout seen", "layout held back"),
    ("font seen", "font held back"),
    ("scan", "photo"),
];

/// Every figure by part: seen, held back and the gap in points.
fn print_split(split: &SplitScore) {
    type Figure = (
        &'static str,
        fn(&JudgeScore, &ReadScore) -> Option<(u32, u32)>,
    );
    let figures: [Figure; 7] = [
        ("package status right", |j, _| {
            (j.packages > 0).then_some((j.status_right, j.packages))
        }),
        ("exact reports", |j, _| {
            (j.packages > 0).then_some((j.exact, j.packages))
        }),
        ("finding recall", |j, _| {
            let t = j.total();
            (j.packages > 0).then_some((t.tp, t.tp + t.fn_))
        }),
        ("finding precision", |j, _| {
            let t = j.total();
            (j.packages > 0).then_some((t.tp, t.tp + t.fp))
        }),
        ("document kind right", |_, r| {
            (r.documents > 0).then_some((r.kind_right, r.documents))
        }),
        ("MRZ read right", |_, r| {
            (r.mrz_documents > 0).then_some((r.mrz_right, r.mrz_documents))
        }),
        ("fields right", |_, r| {
            (r.documents > 0).then_some((r.fields_right, r.fields))
        }),
    ];
    let empty_j = JudgeScore::default();
    let empty_r = ReadScore::default();
    let cell = |part: &str, f: &Figure| {
        let j = split.judge.get(part).unwrap_or(&empty_j);
        let r = split.read.get(part).unwrap_or(&empty_r);
        (f.1)(j, r)
    };
    let any = PAIRS
        .iter()
        .any(|(a, b)| split.read.contains_key(*b) || split.judge.contains_key(*a));
    if !any {
        return;
    }
    let fmt = |c: Option<(u32, u32)>| match c {
        Some((a, b)) if b > 0 => format!("{:.1}% ({a}/{b})", pct(a, b)),
        _ => "-".to_string(),
    };
    for (seen, held) in PAIRS {
        println!(
            "\n{:<22} {:>20} {:>20} {:>8}",
            format!("by {}", seen.split(' ').next().unwrap_or(seen)),
            seen,
            held,
            "gap"
        );
        for f in &figures {
            let (a, b) = (cell(seen, f), cell(held, f));
            let gap = match (a, b) {
                (Some((x, n)), Some((y, m))) if n > 0 && m > 0 => {
                    format!("{:+.1}", pct(y, m) - pct(x, n))
                }
                _ => "-".into(),
            };
            println!("{:<22} {:>20} {:>20} {:>8}", f.0, fmt(a), fmt(b), gap);
        }
    }
}

fn pct(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * f64::from(a) / f64::from(b)
    }
}
