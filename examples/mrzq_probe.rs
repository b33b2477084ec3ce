//! Probe: does the MRZ band locator find a zone on these images (after deskew)?
use dossier::ocr::{mrz_band, preprocess};
fn main() {
    for path in std::env::args().skip(1) {
        let Ok(img) = image::open(&path) else {
            continue;
        };
        let gray = preprocess::to_gray(img);
        let layout = preprocess::estimate_layout(&preprocess::Probe::new(&gray));
        let g =
            preprocess::deskew(&gray, dossier::ocr::orient::level_angle(&layout)).unwrap_or(gray);
        match mrz_band::locate(&g) {
            Some(b) => println!(
                "{path}: band {:?} lines {:?}",
                b.bbox,
                b.lines
                    .iter()
                    .map(|l| (l.y1 - l.y0, l.cells.len()))
                    .collect::<Vec<_>>()
            ),
            None => println!("{path}: none"),
        }
    }
}
