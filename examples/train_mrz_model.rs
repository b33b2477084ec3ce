//! Trains dossier's MRZ glyph recogniser and writes its data file:
//!
//! ```sh
//! cargo run --release --example train_mrz_model -- --out crates/dossier/src/ocr/mrz/ocrb.model
//! cargo run --release --example train_mrz_model -- --eval 200      # also report accuracy
//! cargo run --release --example train_mrz_model -- --eval-only 200 # the checked-in model
//! ```
//!
//! Training is `dossier::ocr::mrz::train::train(&TrainConfig::default())`: deterministic,
//! single-threaded, about half a minute; it needs Debian's fonts-ocr-b. The file it
//! writes must equal the checked-in one byte for byte (tests/mrz_model.rs checks it), so
//! change `TrainConfig::default()` and regenerate together. `--eval N` reads N held-out
//! lines per face (Regular on unseen seeds, Sharp never trained on) and level and prints
//! accuracies, calibration and the commonest confusions (docs/mrz-recogniser.md).

use std::path::PathBuf;
use std::time::Instant;

use dossier::ocr::mrz::glyph::GlyphModel;
use dossier::ocr::mrz::train::{self, Face, Level, TrainConfig};

fn main() {
    let mut out: Option<PathBuf> = None;
    let mut eval_lines = 0usize;
    let mut train_model = true;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--eval" | "--eval-only" => {
                train_model = a == "--eval";
                eval_lines = args.next().and_then(|n| n.parse().ok()).expect("--eval N");
            }
            _ => panic!("usage: train_mrz_model [--out FILE] [--eval N | --eval-only N]"),
        }
    }
    if let Err(e) = train::fonts_available() {
        eprintln!("{e}");
        std::process::exit(1);
    }
    let model = if train_model {
        let t = Instant::now();
        let model = train::train(&TrainConfig::default());
        let bytes = model.to_bytes();
        eprintln!(
            "trained in {:.1} s: {} bytes, temperature {}",
            t.elapsed().as_secs_f64(),
            bytes.len(),
            model.temperature(),
        );
        if let Some(path) = &out {
            std::fs::write(path, &bytes).expect("write the model file");
            eprintln!("wrote {}", path.display());
        }
        model
    } else {
        GlyphModel::builtin().clone()
    };
    if eval_lines > 0 {
        report(&model, eval_lines);
    }
}

/// Time to classify a TD3 zone's 88 cells, best of 50 runs.
fn time_zone(model: &GlyphModel) -> f64 {
    let zone = train::held_out_set(Face::Regular, Level::Office, 2, 44);
    (0..50)
        .map(|_| {
            let t = Instant::now();
            for line in &zone {
                std::hint::black_box(model.classify_strip(&line.strip));
            }
            t.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::MAX, f64::min)
}

fn report(model: &GlyphModel, lines: usize) {
    eprintln!("88 cells (a TD3 zone) in {:.2} ms", time_zone(model));
    println!("| face | level | cells | accuracy | top-3 | mean p (right) | mean p (wrong) | commonest confusions (truth→read ×n) |");
    println!("|---|---|---|---|---|---|---|---|");
    for face in [Face::Regular, Face::Sharp] {
        for level in Level::ALL {
            let set = train::held_out_set(face, level, lines, 44);
            let e = train::evaluate(model, &set);
            let conf: Vec<String> = e
                .top_confusions(6)
                .iter()
                .map(|(a, b, n)| format!("{a}→{b} ×{n}"))
                .collect();
            println!(
                "| {face:?} | {} | {} | {:.2} % | {:.2} % | {:.3} | {:.3} | {} |",
                level.name(),
                e.cells,
                100.0 * e.accuracy(),
                100.0 * e.top3_rate(),
                e.confidence_right(),
                e.confidence_wrong(),
                conf.join(", ")
            );
        }
    }
}
