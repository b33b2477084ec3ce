//! Pipeline benchmarks over generated batches. Run with `cargo bench --bench pipeline`
//! (optionally `-- --packages N`): prints pages per second, packages per second and peak
//! memory for
//!
//! 1. a cold run with 1 worker and with 2 workers (OCR of every page),
//! 2. a warm re-run over the same scans (every page from the cache),
//! 3. the MRZ pass alone on passport pages (one core).
//!
//! Under `cargo test --all-targets` (no `--bench` flag) it returns at once: timings
//! belong here, not in tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use dossier::pipeline::{self, CheckOptions, NoProgress};
use dossier::schema::Schemas;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let packages: usize = arg_value(&args, "--packages").unwrap_or(40);
    let warm_packages: usize = arg_value(&args, "--warm-packages").unwrap_or(1000);
    std::env::set_var("OMP_THREAD_LIMIT", "1");

    let work = tempfile::tempdir().expect("temp dir");
    let schemas = Schemas::embedded().expect("schemas load");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");

    // 1. Cold runs: 1 and 2 workers over the same batch, each with a fresh cache.
    let batch = generate(work.path(), "cold", packages, 7);
    let mut rates = Vec::new();
    for jobs in [1usize, 2] {
        let cache = work.path().join(format!("cache-{jobs}"));
        let mut opts = CheckOptions::new(as_of);
        opts.jobs = jobs;
        opts.cache_dir = Some(cache);
        let start = Instant::now();
        let report = pipeline::check(std::slice::from_ref(&batch), &schemas, &opts, &NoProgress)
            .expect("check");
        let secs = start.elapsed().as_secs_f64();
        let pages: usize = report
            .packages
            .iter()
            .map(|p| p.documents.iter().map(|d| d.pages.len()).sum::<usize>())
            .sum();
        println!(
            "cold, {jobs} worker(s): {} packages, {pages} pages in {secs:.1} s = {:.2} pages/s, {:.2} packages/s",
            report.packages.len(),
            pages as f64 / secs,
            report.packages.len() as f64 / secs
        );
        rates.push(secs);
    }
    println!("speed-up 1 → 2 workers: {:.2}×", rates[0] / rates[1]);

    // 2. Warm re-run: a large batch whose pages are all in the cache.
    let big = generate(work.path(), "warm", warm_packages, 11);
    let cache = work.path().join("cache-warm");
    let mut opts = CheckOptions::new(as_of);
    opts.cache_dir = Some(cache);
    pipeline::check(std::slice::from_ref(&big), &schemas, &opts, &NoProgress)
        .expect("filling the cache");
    let start = Instant::now();
    let report = pipeline::check(std::slice::from_ref(&big), &schemas, &opts, &NoProgress)
        .expect("warm check");
    let secs = start.elapsed().as_secs_f64();
    println!(
        "warm cache: {} packages in {secs:.2} s = {:.0} packages/s",
        report.packages.len(),
        report.packages.len() as f64 / secs
    );
    println!("peak memory (VmHWM): {} MiB", peak_rss_mib());
}

/// Generates a batch with the sample generator binary (built by cargo for benches too).
fn generate(dir: &Path, name: &str, packages: usize, seed: u64) -> PathBuf {
    let out = dir.join(name);
    let exe = env!("CARGO_BIN_EXE_dossier-samples");
    let status = Command::new(exe)
        .args([
            "batch",
            "--seed",
            &seed.to_string(),
            "--packages",
            &packages.to_string(),
            "--out",
        ])
        .arg(&out)
        .status()
        .expect("run dossier-samples");
    assert!(status.success(), "dossier-samples failed");
    out
}

fn arg_value<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

/// Peak resident memory of this process, from /proc (Linux).
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<u64>().ok())
            })
        })
        .map_or(0, |kb| kb / 1024)
}
