//! Benchmarks of the back-office and nightly outputs. Run with `cargo bench --bench report`
//! (option: `-- --packages N`, default 1000). Checks the fixture batch once (the real OCR,
//! on a temporary cache), then over a batch of N packages made by repeating its verdicts:
//!
//! 1. `--format html` rendering without scans, and with a stand-in 40 KB image per page
//!    (what `--embed-scans` adds): seconds and file size;
//! 2. `dossier diff` of two N-package reports (the second with a finding added to every
//!    tenth package and one resolved in every seventh);
//! 3. the sharded run against the single run on a warm cache: 4 shards one after the
//!    other, and one run over the batch (what sharding costs besides the split itself).
//!
//! Under `cargo test --all-targets` (no `--bench` flag) it returns at once.

use std::time::Instant;

use dossier::ingest::Shard;
use dossier::pipeline::{self, CheckOptions, NoProgress};
use dossier::report::{self, Report, ReportJson, Scans};
use dossier::schema::Schemas;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let n: usize = args
        .iter()
        .position(|a| a == "--packages")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let schemas = Schemas::embedded().expect("schemas");
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/packages");
    let cache = tempfile::tempdir().expect("cache");
    let mut opts = CheckOptions::new(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"));
    opts.cache_dir = Some(cache.path().to_path_buf());
    let start = Instant::now();
    let one = pipeline::check(
        std::slice::from_ref(&fixtures),
        &schemas,
        &opts,
        &NoProgress,
    )
    .expect("check");
    println!(
        "fixture batch, cold: {} packages in {:.1} s",
        one.packages.len(),
        start.elapsed().as_secs_f64()
    );

    // A batch of n packages: the fixtures' verdicts over and over, each with its own id.
    let packages: Vec<_> = (0..n)
        .map(|i| {
            let mut p = one.packages[i % one.packages.len()].clone();
            p.id = format!("{}_{i:05}", p.id);
            p.path = p.path.with_file_name(&p.id);
            p
        })
        .collect();
    let big = Report::new(one.as_of, packages, Vec::new());

    // 1. HTML.
    let start = Instant::now();
    let page = report::html(&big, &Scans::new());
    println!(
        "html, {n} packages, no scans: {:.2} s, {:.1} MB",
        start.elapsed().as_secs_f64(),
        page.len() as f64 / 1e6
    );
    let stand_in = format!("data:image/jpeg;base64,{}", "A".repeat(40_000));
    let scans: Scans = big
        .packages
        .iter()
        .flat_map(|p| {
            let path = p.path.to_string_lossy().replace('\\', "/");
            let stand_in = &stand_in;
            p.pages
                .iter()
                .map(move |s| ((path.clone(), s.file.clone(), s.page), stand_in.clone()))
        })
        .collect();
    let start = Instant::now();
    let page = report::html(&big, &scans);
    println!(
        "html, {n} packages, {} pages with a 40 KB image each: {:.2} s, {:.1} MB",
        scans.len(),
        start.elapsed().as_secs_f64(),
        page.len() as f64 / 1e6
    );

    // 2. diff.
    let before = ReportJson::from(&big);
    let mut after = before.clone();
    for (i, p) in after.packages.iter_mut().enumerate() {
        if i % 10 == 0 {
            if let Some(f) = before.packages[(i + 1) % n].findings.first() {
                p.findings.push(f.clone());
            }
        }
        if i % 7 == 0 && !p.findings.is_empty() {
            p.findings.remove(0);
        }
    }
    let start = Instant::now();
    let d = report::diff(&before, &after, Some(30));
    println!(
        "diff of two {n}-package reports: {:.3} s ({} packages changed)",
        start.elapsed().as_secs_f64(),
        d.packages.len()
    );

    // 3. Sharded against single, warm cache, over the fixture batch.
    let runs = 3;
    let mut single = Vec::new();
    let mut sharded = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        pipeline::check(
            std::slice::from_ref(&fixtures),
            &schemas,
            &opts,
            &NoProgress,
        )
        .expect("single");
        single.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        for k in 1..=4 {
            let mut o = opts.clone();
            o.shard = Some(Shard::new(k, 4).expect("shard"));
            pipeline::check(std::slice::from_ref(&fixtures), &schemas, &o, &NoProgress)
                .expect("shard");
        }
        sharded.push(start.elapsed().as_secs_f64());
    }
    single.sort_by(f64::total_cmp);
    sharded.sort_by(f64::total_cmp);
    println!(
        "warm cache, fixture batch: one run {:.2} s, 4 shards one after the other {:.2} s (medians of {runs})",
        single[runs / 2],
        sharded[runs / 2]
    );
}
