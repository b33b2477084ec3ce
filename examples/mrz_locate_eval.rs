//! Measures the MRZ locator (`dossier::ocr::mrz::locate`) on images with known zones:
//!
//! ```sh
//! cargo run --release --example mrz_locate_eval -- specimens /work/shared/specimens [--strips /tmp/strips] [--repeat N]
//! cargo run --release --example mrz_locate_eval -- fixtures fixtures/packages [--strips /tmp/strips]
//! ```
//!
//! `specimens`: a folder with `truth.json` (format, lines and an approximate
//! `mrz_bbox_px` per image); an image passes when a zone is found with the right number
//! of lines and of cells per line and a box overlapping the truth's, and the negative
//! (`format: none`) passes when no zone is found. `fixtures`: generated packages; every
//! image file holding a passport (per its `truth.json`) should give a zone of 2×44.
//! Prints one row per image and the totals, with the time per image; `--strips` saves
//! every strip as a PNG for looking at;
//! `--repeat` runs the locator N times per image for steadier timings; `--skew D` turns
//! every image by D degrees first. `page FILE` runs on one image (no expectation).

use std::path::{Path, PathBuf};
use std::time::Instant;

use dossier::ocr::mrz::locate::locate_any_turn;
use dossier::ocr::mrz::Zone;

/// What an image should give: lines and cells per line, and the zone's rough box.
struct Expect {
    name: String,
    path: PathBuf,
    shape: Option<(usize, usize)>,
    bbox: Option<[f64; 4]>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, root) = match args.as_slice() {
        [k, r, ..] => (k.as_str(), PathBuf::from(r)),
        _ => panic!("usage: mrz_locate_eval specimens|fixtures DIR [--strips OUT]"),
    };
    let strips = args
        .iter()
        .position(|a| a == "--strips")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    if let Some(dir) = &strips {
        std::fs::create_dir_all(dir).expect("strip folder");
    }
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .map_or(1, |n| n.parse().expect("--repeat N"));
    let skew: Option<f32> = args
        .iter()
        .position(|a| a == "--skew")
        .and_then(|i| args.get(i + 1))
        .map(|d| d.parse().expect("--skew DEGREES"));
    let cases = match kind {
        "specimens" => specimens(&root),
        "fixtures" => fixtures(&root),
        "page" => vec![Expect {
            name: root.to_string_lossy().into_owned(),
            path: root.clone(),
            shape: None,
            bbox: None,
        }],
        _ => panic!("unknown set {kind}"),
    };
    let (mut pass, mut total_ms, mut worst_ms) = (0, 0.0, 0f64);
    for case in &cases {
        let Ok(mut page) = image::open(&case.path).map(|i| i.to_luma8()) else {
            println!("SKIP {} (unreadable)", case.name);
            continue;
        };
        if let Some(deg) = skew {
            page = imageproc::geometric_transformations::rotate_about_center(
                &page,
                deg.to_radians(),
                imageproc::geometric_transformations::Interpolation::Bilinear,
                image::Luma([255]),
            );
        }
        let t = Instant::now();
        let mut found = locate_any_turn(&page);
        for _ in 1..repeat {
            found = locate_any_turn(&page);
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / repeat as f64;
        total_ms += ms;
        worst_ms = worst_ms.max(ms);
        let ok = judge(case, found.as_ref().map(|f| &f.1));
        pass += ok as usize;
        let got = found.as_ref().map_or("none".to_string(), |(turn, z)| {
            let cells: Vec<usize> = z.lines.iter().map(|l| l.centers.len()).collect();
            format!(
                "turn {turn} cells {cells:?} bbox {},{} {}x{}",
                z.bbox.x, z.bbox.y, z.bbox.w, z.bbox.h
            )
        });
        println!(
            "{} {:<60} want {:?} got {got} ({ms:.1} ms)",
            if ok { "PASS" } else { "FAIL" },
            case.name,
            case.shape
        );
        if let (Some(dir), Some((_, zone))) = (&strips, &found) {
            save_strips(dir, &case.name, zone);
        }
    }
    println!(
        "{pass}/{} pass; {:.1} ms per image on average, {worst_ms:.1} ms at worst",
        cases.len(),
        total_ms / cases.len().max(1) as f64
    );
}

/// Whether the zone found (or not) is the one expected.
fn judge(case: &Expect, zone: Option<&Zone>) -> bool {
    match (case.shape, zone) {
        (None, None) => true,
        (None, Some(_)) | (Some(_), None) => false,
        (Some((lines, cells)), Some(z)) => {
            let shape = z.lines.len() == lines && z.lines.iter().all(|l| l.centers.len() == cells);
            let overlaps = case.bbox.is_none_or(|[x0, y0, x1, y1]| {
                let (bx0, by0) = (z.bbox.x as f64, z.bbox.y as f64);
                let (bx1, by1) = (bx0 + z.bbox.w as f64, by0 + z.bbox.h as f64);
                let ix = (x1.min(bx1) - x0.max(bx0)).max(0.0);
                let iy = (y1.min(by1) - y0.max(by0)).max(0.0);
                ix * iy > 0.5 * (x1 - x0) * (y1 - y0)
            });
            shape && overlaps
        }
    }
}

fn save_strips(dir: &Path, name: &str, zone: &Zone) {
    let stem = name.replace(['/', '.'], "_");
    for (i, l) in zone.lines.iter().enumerate() {
        let out = dir.join(format!("{stem}_L{}.png", i + 1));
        l.image.save(&out).expect("save strip");
    }
}

fn specimens(root: &Path) -> Vec<Expect> {
    let text = std::fs::read_to_string(root.join("truth.json")).expect("truth.json");
    let truth: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).expect("truth json");
    truth
        .iter()
        .map(|(name, t)| {
            let shape = match t["format"].as_str() {
                Some("TD1") => Some((3, 30)),
                Some("TD2") | Some("MRVB") => Some((2, 36)),
                Some("TD3") | Some("MRVA") => Some((2, 44)),
                _ => None,
            };
            let bbox = t["mrz_bbox_px"].as_array().map(|a| {
                let v: Vec<f64> = a.iter().filter_map(|x| x.as_f64()).collect();
                [v[0], v[1], v[2], v[3]]
            });
            Expect {
                name: name.clone(),
                path: root.join(name),
                shape,
                bbox,
            }
        })
        .collect()
}

fn fixtures(root: &Path) -> Vec<Expect> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("fixtures folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let Ok(text) = std::fs::read_to_string(dir.join("truth.json")) else {
            continue;
        };
        let truth: serde_json::Value = serde_json::from_str(&text).expect("truth json");
        let Some(files) = truth["files"].as_object() else {
            continue;
        };
        for (file, docs) in files {
            let is_image = [".png", ".jpg", ".tif"].iter().any(|e| file.ends_with(e));
            let passport = docs
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["kind"] == "passport"));
            if is_image {
                out.push(Expect {
                    name: format!("{}/{file}", dir.file_name().unwrap().to_string_lossy()),
                    path: dir.join(file),
                    shape: passport.then_some((2, 44)),
                    bbox: None,
                });
            }
        }
    }
    out
}
