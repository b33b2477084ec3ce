//! Pipeline benchmarks over generated batches. Run with `cargo bench --bench pipeline`
//! (options: `-- --packages N --warm-packages N --unique-packages N --passports N`):
//! prints pages per second, packages per second and peak memory for
//!
//! 1. a cold run with 1 worker and with 2 workers (OCR of every page),
//! 2. a warm re-run over a large batch whose every page is in the cache (the batch
//!    repeats `--unique-packages` generated packages through hard links, so filling the
//!    cache costs the OCR of those only; dossier keys its cache by the file's bytes),
//! 3. the MRZ pass alone on degraded passport pages (one core, no full-page pass), and
//!    dossier's own recogniser alone on the same pages (the MRZ stage without Tesseract),
//!    both as wall time and as the thread's CPU time (on a shared machine the wall
//!    time counts the waits for a core; the CPU time is what one core spends).
//!
//! `--mrz-only` runs part 3 alone.
//!
//! Under `cargo test --all-targets` (no `--bench` flag) it returns at once: timings
//! belong here, not in tests.

use std::path::{Path, PathBuf};
use std::time::Instant;

use dossier::ingest::{self, Limits, PageContent};
use dossier::model::PageRef;
use dossier::ocr::{self, ReadOptions, TesseractEngine};
use dossier::parse::mrz;
use dossier::pipeline::{self, CheckOptions, NoProgress};
use dossier::schema::Schemas;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let packages: usize = arg_value(&args, "--packages").unwrap_or(20);
    let warm_packages: usize = arg_value(&args, "--warm-packages").unwrap_or(1000);
    let unique_packages: usize = arg_value(&args, "--unique-packages").unwrap_or(50);
    let passports: usize = arg_value(&args, "--passports").unwrap_or(30);
    std::env::set_var("OMP_THREAD_LIMIT", "1");

    let work = tempfile::tempdir().expect("temp dir");
    if args.iter().any(|a| a == "--mrz-only") {
        mrz_only(work.path(), passports);
        return;
    }
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
    let unique = generate(work.path(), "unique", unique_packages, 11);
    let big = replicate(&unique, &work.path().join("warm"), warm_packages);
    let cache = work.path().join("cache-warm");
    let mut opts = CheckOptions::new(as_of);
    opts.cache_dir = Some(cache);
    pipeline::check(std::slice::from_ref(&unique), &schemas, &opts, &NoProgress)
        .expect("filling the cache");
    // Three runs: a 2-second measurement on a shared machine varies by a few percent.
    let mut runs = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let report = pipeline::check(std::slice::from_ref(&big), &schemas, &opts, &NoProgress)
            .expect("warm check");
        let secs = start.elapsed().as_secs_f64();
        println!(
            "warm cache: {} packages in {secs:.2} s = {:.0} packages/s",
            report.packages.len(),
            report.packages.len() as f64 / secs
        );
        runs.push(report.packages.len() as f64 / secs);
    }
    runs.sort_by(f64::total_cmp);
    println!("warm cache, median of 3: {:.0} packages/s", runs[1]);

    // 3. The MRZ pass alone, one core: what a passport page costs when only its zone
    // is needed.
    mrz_only(work.path(), passports);
    println!("peak memory (VmHWM): {} MiB", peak_rss_mib());
}

/// Reads the MRZ of `count` generated, degraded passport pages on this thread, without
/// the full-page pass.
fn mrz_only(dir: &Path, count: usize) {
    let out = dir.join("passports");
    dossier_samples::generate(
        &services_dir(),
        dossier_samples::Command::Documents {
            seed: 5,
            count,
            out: out.clone(),
            as_of: dossier_samples::fixture_as_of(),
            kind: Some("passport".into()),
            format: None,
            clean: false,
            plain: false,
            held_out: dossier_samples::HeldOut::Exclude,
        },
    )
    .expect("the generator writes the passport pages");
    let mut engine = TesseractEngine::new().expect("tesseract");
    let opts = ReadOptions {
        full_page: false,
        ..ReadOptions::default()
    };
    let limits = Limits::default();
    let (mut pages, mut valid, mut ocr_secs, mut ocr_cpu) = (0usize, 0usize, 0.0f64, 0.0f64);
    // dossier's own recogniser alone (locate, classify, decode) on the upright page.
    let (mut own_secs, mut own_cpu, mut own_valid) = (0.0f64, 0.0f64, 0usize);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("passports")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e != "json"))
        .collect();
    files.sort();
    for path in files {
        let file = ingest::single_file(&path).expect("file");
        let Ok(opened) = ingest::open(&file, &limits) else {
            continue;
        };
        for loc in &opened.pages {
            let Ok(PageContent::Image(img)) = ingest::load_page(&file, loc, &limits) else {
                continue; // text-layer PDFs need no OCR
            };
            let page = PageRef {
                file: file.rel.clone(),
                page: loc.page,
            };
            let gray = img.to_luma8();
            let (start, cpu) = (Instant::now(), thread_cpu_secs());
            let own = ocr::mrz::read(&gray);
            own_secs += start.elapsed().as_secs_f64();
            own_cpu += thread_cpu_secs() - cpu;
            own_valid += usize::from(own.is_some_and(|r| r.decoded.all_hold()));
            let (start, cpu) = (Instant::now(), thread_cpu_secs());
            let read = ocr::read_page_with(&mut engine, img, page, &opts).expect("ocr");
            ocr_secs += start.elapsed().as_secs_f64();
            ocr_cpu += thread_cpu_secs() - cpu;
            pages += 1;
            let holds = read
                .mrz
                .as_ref()
                .and_then(|m| mrz::parse(&m.lines).ok())
                .is_some_and(|m| m.valid());
            valid += usize::from(holds);
        }
    }
    let per_page = |s: f64| s / pages.max(1) as f64;
    println!(
        "MRZ pass alone, 1 core: {pages} scanned passport pages in {ocr_secs:.1} s = \
         {:.2} s/page ({:.3} s/page of CPU in this thread; Tesseract's own threads \
         are limited to 1); every check digit holds on {valid}",
        per_page(ocr_secs),
        per_page(ocr_cpu)
    );
    println!(
        "MRZ recogniser alone (locate, classify, decode; no Tesseract), 1 core: \
         {:.3} s/page ({:.3} s/page of CPU); every check digit holds on {own_valid} of {pages}",
        per_page(own_secs),
        per_page(own_cpu)
    );
}

/// A batch of `n` package folders made of hard links to the packages of `unique`, in
/// turn (copies where hard links are not possible).
fn replicate(unique: &Path, out: &Path, n: usize) -> PathBuf {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(unique)
        .expect("unique batch")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    sources.sort();
    assert!(!sources.is_empty(), "no packages generated");
    for i in 0..n {
        let src = &sources[i % sources.len()];
        let dst = out.join(format!("pkg_{i:05}"));
        std::fs::create_dir_all(&dst).expect("package folder");
        for entry in std::fs::read_dir(src).expect("package").flatten() {
            let to = dst.join(entry.file_name());
            if std::fs::hard_link(entry.path(), &to).is_err() {
                std::fs::copy(entry.path(), &to).expect("copy");
            }
        }
    }
    out.to_path_buf()
}

/// Generates a batch with the sample generator.
fn generate(dir: &Path, name: &str, packages: usize, seed: u64) -> PathBuf {
    let out = dir.join(name);
    dossier_samples::generate(
        &services_dir(),
        dossier_samples::Command::Batch {
            seed,
            packages,
            out: out.clone(),
            as_of: dossier_samples::fixture_as_of(),
            held_out: dossier_samples::HeldOut::Exclude,
        },
    )
    .expect("the generator writes the batch");
    out
}

/// The service schemas the generator draws packages for.
fn services_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/services")
}

fn arg_value<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

/// CPU time this thread has run, in seconds (Linux `schedstat`; 0 elsewhere).
fn thread_cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
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
