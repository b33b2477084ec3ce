//! Classification timings over recorded Tesseract text (`tests/data/classify`). Run with
//! `cargo bench --bench classify`; prints microseconds per page for
//!
//! 1. `score_page` with the shipped vocabulary, on the recorded pages and on long pages
//!    (five recorded pages joined, about 300 words);
//! 2. the phrase matcher alone with 400 phrases (word runs of the recorded pages, so
//!    most of them match somewhere: the matcher's worst case) on the long pages.
//!
//! Under `cargo test --all-targets` (no `--bench` flag) it returns at once.

use std::path::Path;
use std::time::Instant;

use dossier::classify::score_page;
use dossier::model::{PageRef, PageText, TextSource};
use dossier::schema::kinds;
use dossier::text::phrase::{canon_phrase, CanonText, PhraseSet};

fn page(text: &str) -> PageText {
    PageText {
        page: PageRef {
            file: "bench.png".to_string(),
            page: 1,
        },
        source: TextSource::Ocr,
        width: 0,
        height: 0,
        rotation: 0,
        skew: 0.0,
        words: Vec::new(),
        text: text.to_string(),
        confidence: 80.0,
        mrz: None,
        tones: None,
    }
}

/// Microseconds per call of `f` over `items`, repeated until about half a second.
fn per_item<T>(items: &[T], mut f: impl FnMut(&T)) -> f64 {
    let start = Instant::now();
    let mut calls = 0usize;
    while start.elapsed().as_secs_f64() < 0.5 {
        for i in items {
            f(i);
        }
        calls += items.len();
    }
    start.elapsed().as_secs_f64() * 1e6 / calls as f64
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let kinds_path = root.join("schemas/kinds.toml");
    let text = std::fs::read_to_string(&kinds_path).expect("kinds.toml");
    let vocab = kinds::parse(&kinds_path, &text).expect("kinds.toml loads");
    let mut recorded: Vec<String> = std::fs::read_dir(root.join("tests/data/classify"))
        .expect("tests/data/classify")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read_to_string(p).expect("recorded page"))
        .collect();
    recorded.sort();
    let long: Vec<String> = recorded.chunks(5).map(|c| c.join("\n")).collect();
    let words: usize = long.iter().map(|t| t.split_whitespace().count()).sum();

    let short_pages: Vec<PageText> = recorded.iter().map(|t| page(t)).collect();
    let long_pages: Vec<PageText> = long.iter().map(|t| page(t)).collect();
    // The first call builds the vocabulary's regex and phrase sets.
    score_page("bench.png", &short_pages[0], &vocab);
    let us = per_item(&short_pages, |p| {
        score_page("bench.png", p, &vocab);
    });
    println!(
        "score_page, {} recorded pages: {us:.0} µs/page",
        short_pages.len()
    );
    let us = per_item(&long_pages, |p| {
        score_page("bench.png", p, &vocab);
    });
    println!(
        "score_page, {} long pages (~{} words): {us:.0} µs/page",
        long_pages.len(),
        words / long_pages.len().max(1)
    );

    let mut phrases: Vec<String> = Vec::new();
    for t in &recorded {
        let w: Vec<&str> = t.split_whitespace().collect();
        for n in [2usize, 3, 4] {
            for run in w.windows(n) {
                let p = run.join(" ");
                if canon_phrase(&p).len() >= 8 && !phrases.contains(&p) {
                    phrases.push(p);
                }
            }
        }
    }
    phrases.truncate(400);
    let set = PhraseSet::new(phrases.iter().map(|p| canon_phrase(p)).collect());
    let canon: Vec<CanonText> = long.iter().map(|t| CanonText::new(t)).collect();
    let found: usize = canon
        .iter()
        .map(|c| set.find_all(c).iter().filter(|h| !h.is_empty()).count())
        .sum();
    let us = per_item(&canon, |c| {
        set.find_all(c);
    });
    println!(
        "phrase matcher, {} phrases on {} long pages ({found} phrase hits in all): {us:.0} µs/page",
        set.len(),
        canon.len()
    );
    let us = per_item(&long, |t| {
        CanonText::new(t);
    });
    println!("canonical form of a long page: {us:.0} µs/page");
}
