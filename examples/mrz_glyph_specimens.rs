//! Measures the MRZ glyph recogniser on real images, with today's projection locator
//! (`ocr::mrz_band`) standing in for the rectifying one:
//!
//! ```sh
//! cargo run --release --example mrz_glyph_specimens -- /work/shared/specimens
//! ```
//!
//! The directory holds `truth.json` (image path → `{"lines": [...]}`) and the images.
//! Only lines whose glyph cells the projection locator counts right are read: each is
//! cut at its ink rows, scaled to the strip's cap height, and its cells are placed at
//! the even pitch fitted to the located cells. Prints per line the cells read right and
//! the reading, then the total and the commonest confusions; `DUMP=DIR` also saves each
//! strip as a PNG there. The images are for evaluation only (never copy them, or crops
//! of them, into the repository).

use std::path::PathBuf;

use dossier::ocr::mrz::glyph::GlyphModel;
use dossier::ocr::mrz::{LineStrip, ALPHABET, STRIP_CAP, STRIP_HEIGHT, STRIP_MARGIN};
use dossier::ocr::{mrz_band, preprocess};
use image::GrayImage;

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: mrz_glyph_specimens DIR"),
    );
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("truth.json")).expect("truth.json"))
            .expect("json");
    let model = GlyphModel::builtin();
    let (mut cells, mut right, mut lines_read, mut lines_all) = (0usize, 0usize, 0, 0);
    let mut confusions = std::collections::BTreeMap::<(char, char), u32>::new();
    for (path, t) in truth.as_object().expect("object") {
        let Some(want) = t["lines"].as_array() else {
            continue;
        };
        let want: Vec<&str> = want.iter().filter_map(|l| l.as_str()).collect();
        if want.is_empty() {
            continue;
        }
        lines_all += want.len();
        let Ok(img) = image::open(dir.join(path)) else {
            continue;
        };
        let gray = preprocess::to_gray(img);
        let Some(band) = mrz_band::locate(&gray) else {
            println!("{path}: no zone located");
            continue;
        };
        let mut report = Vec::new();
        for (line, text) in band.lines.iter().zip(&want) {
            if line.cells.len() != text.len() {
                report.push(format!("{} cells for {}", line.cells.len(), text.len()));
                continue;
            }
            let strip = strip_of(&gray, line);
            if let Ok(d) = std::env::var("DUMP") {
                let name = path.replace('/', "_");
                let _ = strip.image.save(format!("{d}/{name}_{}.png", report.len()));
            }
            let read: String = model
                .classify_strip(&strip)
                .iter()
                .map(|p| ALPHABET[(0..37).fold(0, |b, i| if p[i] > p[b] { i } else { b })])
                .collect();
            let ok = read
                .chars()
                .zip(text.chars())
                .filter(|(a, b)| a == b)
                .count();
            for (r, w) in read.chars().zip(text.chars()).filter(|(a, b)| a != b) {
                *confusions.entry((w, r)).or_default() += 1;
            }
            cells += text.len();
            right += ok;
            lines_read += 1;
            report.push(format!("{ok}/{} {read}", text.len()));
        }
        println!("{path}: {}", report.join(", "));
    }
    let mut conf: Vec<_> = confusions.into_iter().collect();
    conf.sort_by_key(|c| std::cmp::Reverse(c.1));
    println!(
        "lines read {lines_read}/{lines_all}, cells {right}/{cells} = {:.2} %",
        100.0 * right as f64 / cells.max(1) as f64
    );
    let top: Vec<String> = conf
        .iter()
        .take(15)
        .map(|((w, r), n)| format!("{w}→{r} ×{n}"))
        .collect();
    println!("confusions: {}", top.join(", "));
}

/// The line's ink rows scaled to the strip's cap height; centres at a fitted even pitch.
fn strip_of(page: &GrayImage, line: &mrz_band::GlyphLine) -> LineStrip {
    let n = line.cells.len();
    let mids: Vec<f32> = line
        .cells
        .iter()
        .map(|c| (c.x0 + c.x1) as f32 * 0.5)
        .collect();
    let mean_i = (n - 1) as f32 * 0.5;
    let mean_x = mids.iter().sum::<f32>() / n as f32;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, &x) in mids.iter().enumerate() {
        sxy += (i as f32 - mean_i) * (x - mean_x);
        sxx += (i as f32 - mean_i) * (i as f32 - mean_i);
    }
    let pitch = sxy / sxx;
    let s = STRIP_CAP as f32 / (line.y1 - line.y0) as f32;
    let x_start = line.cells[0].x0 as f32 - pitch;
    let width = ((line.cells[n - 1].x1 as f32 + pitch - x_start) * s).ceil() as u32;
    let mut img = GrayImage::new(width, STRIP_HEIGHT);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let px = x_start + (x as f32 + 0.5) / s - 0.5;
        let py = line.y0 as f32 + (y as f32 + 0.5 - STRIP_MARGIN as f32) / s - 0.5;
        p.0 = [bilinear(page, px, py)];
    }
    LineStrip {
        image: img,
        centers: (0..n)
            .map(|i| (mean_x + (i as f32 - mean_i) * pitch - x_start) * s)
            .collect(),
        pitch: pitch * s,
        boxes: Vec::new(),
    }
}

fn bilinear(img: &GrayImage, x: f32, y: f32) -> u8 {
    let x = x.clamp(0.0, (img.width() - 1) as f32);
    let y = y.clamp(0.0, (img.height() - 1) as f32);
    let (x0, y0) = (x as u32, y as u32);
    let (x1, y1) = (
        (x0 + 1).min(img.width() - 1),
        (y0 + 1).min(img.height() - 1),
    );
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let at = |x, y| img.get_pixel(x, y)[0] as f32;
    let top = at(x0, y0) * (1.0 - fx) + at(x1, y0) * fx;
    let bottom = at(x0, y1) * (1.0 - fx) + at(x1, y1) * fx;
    (top * (1.0 - fy) + bottom * fy + 0.5) as u8
}
