//! Shows what dossier's own MRZ recogniser reads on images of a folder with a
//! `truth.json` (a generated `mrz-pages` set), next to the printed zone:
//!
//! ```sh
//! cargo run --release --example mrz_read_debug -- DIR [--pipeline] [NAME...]
//! ```
//!
//! For each image (or only the named ones): the quarter turn and cell counts the
//! locator found, the recogniser's lines with the wrong cells marked, its mean
//! certainty, the check digits, and whether the plausibility rule keeps the zone;
//! then the thread's CPU time per image for the recogniser alone. For looking at
//! generated tuning pages; nothing is written. `--pipeline` first shows the reading at
//! each quarter turn of the page deskewed as the pipeline deskews it (saved as PNGs into
//! the folder `MRZ_DEBUG_SAVE` names, when set).

use std::collections::BTreeMap;
use std::path::PathBuf;

use dossier::ocr::mrz;

#[derive(serde::Deserialize)]
struct Truth {
    format: String,
    #[serde(default)]
    lines: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
}

/// CPU time of this thread in seconds (Linux `schedstat`), 0 where unavailable.
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().expect("usage: mrz_read_debug DIR [NAME...]"));
    let pipeline_view = args.iter().any(|a| a == "--pipeline");
    let only: Vec<&String> = args[1..].iter().filter(|a| *a != "--pipeline").collect();
    let text = std::fs::read_to_string(dir.join("truth.json")).expect("truth.json");
    let truth: BTreeMap<String, Truth> = serde_json::from_str(&text).expect("truth.json");
    let (mut cpu, mut n) = (0.0, 0usize);
    for (name, t) in &truth {
        if !only.is_empty() && !only.contains(&name) {
            continue;
        }
        let Ok(img) = image::open(dir.join(name)) else {
            continue;
        };
        let mut gray = img.to_luma8();
        if pipeline_view {
            // As the pipeline sees the page: deskewed, then each quarter turn.
            use dossier::ocr::{orient, preprocess};
            let layout = preprocess::estimate_layout(&preprocess::Probe::new(&gray));
            if let Some(level) = preprocess::deskew(&gray, orient::level_angle(&layout)) {
                gray = level;
            }
            let cands = orient::candidates(&layout);
            for r in [0u16, 90, 180, 270] {
                let up = preprocess::rotate_cw(&gray, r);
                let got = mrz::read(&up);
                if let Ok(out) = std::env::var("MRZ_DEBUG_SAVE") {
                    let file = format!("{out}/{}_turn{r}.png", name.replace('/', "_"));
                    up.save(&file).expect("save the turned page");
                }
                println!(
                    "   turn {r}{}: {}",
                    if cands.contains(&r) {
                        " (candidate)"
                    } else {
                        ""
                    },
                    got.map_or("no reading".to_string(), |g| format!(
                        "{} plausible {} holds {}",
                        g.lines.lines.join(" / "),
                        dossier::ocr::mrz_band::plausible(&g.lines),
                        g.decoded.all_hold()
                    ))
                );
            }
        }
        let tags: Vec<&str> = t
            .tags
            .iter()
            .map(String::as_str)
            .filter(|g| !g.starts_with("family") && !g.starts_with("dpi_"))
            .collect();
        println!("== {name} {} [{}]", t.format, tags.join(" "));
        let start = thread_cpu();
        let located = mrz::locate::locate_any_turn(&gray);
        let mid = thread_cpu();
        let read = mrz::read(&gray);
        cpu += thread_cpu() - mid;
        n += 1;
        match &located {
            Some((turn, z)) => println!(
                "   located at turn {turn}: {:?} cells, pitch {:.1} strip px ({:.1} ms)",
                z.lines.iter().map(|l| l.centers.len()).collect::<Vec<_>>(),
                z.lines[0].pitch,
                (mid - start) * 1e3
            ),
            None => println!("   no zone located ({:.1} ms)", (mid - start) * 1e3),
        }
        let Some(r) = read else {
            println!("   no reading at turn 0");
            continue;
        };
        for (i, got) in r.lines.lines.iter().enumerate() {
            let want = t.lines.get(i).map_or("", String::as_str);
            let marks: String = got
                .chars()
                .zip(want.chars().chain(std::iter::repeat(' ')))
                .map(|(a, b)| if a == b { ' ' } else { '^' })
                .collect();
            println!("   got  {got}\n   want {want}\n        {marks}");
        }
        let checks: Vec<String> = r
            .decoded
            .checks
            .iter()
            .map(|c| {
                format!(
                    "{}:{}{}({:.2})",
                    c.field,
                    if c.ok { "ok" } else { "FAIL" },
                    if c.repaired { "*" } else { "" },
                    c.certainty
                )
            })
            .collect();
        println!(
            "   certainty {:.1}, plausible {}, checks {}",
            r.lines.confidence,
            dossier::ocr::mrz_band::plausible(&r.lines),
            checks.join(" ")
        );
    }
    println!(
        "recogniser alone (mrz::read at turn 0): {:.1} ms CPU per image over {n}",
        cpu * 1e3 / n.max(1) as f64
    );
}
