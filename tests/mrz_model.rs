//! The checked-in MRZ glyph model (`crates/dossier/src/ocr/mrz/ocrb.model`) is what its documented
//! command makes, and it reads lines it has never seen.
//!
//! Both tests need Debian's fonts-ocr-b (the training and test lines are drawn from it).

use dossier::ocr::mrz::glyph::GlyphModel;
use dossier::ocr::mrz::train::{self, Face, Level, TrainConfig};

#[test]
fn training_reproduces_the_checked_in_model() {
    let model = train::train(&TrainConfig::default());
    let bytes = model.to_bytes();
    let shipped: &[u8] = include_bytes!("../crates/dossier/src/ocr/mrz/ocrb.model");
    assert!(
        bytes == shipped,
        "train(&TrainConfig::default()) no longer gives crates/dossier/src/ocr/mrz/ocrb.model: regenerate it with \
         `cargo run --release --example train_mrz_model -- --out crates/dossier/src/ocr/mrz/ocrb.model` \
         ({} bytes made, {} checked in)",
        bytes.len(),
        shipped.len()
    );
    assert_eq!(
        &GlyphModel::from_bytes(shipped).unwrap(),
        GlyphModel::builtin()
    );
}

/// Minimum cell accuracy per (face, level) on held-out lines; the measured values are
/// in docs/mrz-recogniser.md, these floors sit a little below them.
const FLOORS: [(Face, Level, f64); 6] = [
    (Face::Regular, Level::Clean, 0.995),
    (Face::Regular, Level::Office, 0.975),
    (Face::Regular, Level::Phone, 0.89),
    (Face::Sharp, Level::Clean, 0.995),
    (Face::Sharp, Level::Office, 0.975),
    (Face::Sharp, Level::Phone, 0.89),
];

#[test]
fn the_model_reads_held_out_lines() {
    let model = GlyphModel::builtin();
    let mut failures = Vec::new();
    for (face, level, floor) in FLOORS {
        let set = train::held_out_set(face, level, 40, 44);
        let e = train::evaluate(model, &set);
        if e.accuracy() < floor {
            failures.push(format!(
                "{face:?} {}: {:.2} % < {:.1} % (confusions {:?})",
                level.name(),
                100.0 * e.accuracy(),
                100.0 * floor,
                e.top_confusions(5)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
