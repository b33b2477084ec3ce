//! OCR smoke test (issue 2): the real Tesseract, through the `tesseract` crate, reads the
//! TD3 machine-readable zone of a generated passport data page.
//!
//! The page comes from the built `dossier-samples documents --kind passport --clean
//! --plain` (300 dpi PNG, as a flatbed scan at its best, the zone at ICAO's nominal
//! pitch and size: Tesseract alone is not asked to cope with the generator's spread of
//! settings, which dossier's own recogniser reads; see tests/mrz_pages.rs). The expected lines are composed here
//! from its truth.json with an independent ICAO 9303 check-digit routine, so the test
//! checks the generator's MRZ and Tesseract's reading of it at once.

use std::io::Cursor;
use std::path::Path;

const FILE: &str = "doc_00000.png";
const MRZ_CHARS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// ICAO 9303 check digit: weights 7, 3, 1; A-Z = 10..35; '<' = 0.
fn check_digit(s: &str) -> char {
    let sum: u32 = s
        .chars()
        .zip([7u32, 3, 1].iter().cycle())
        .map(|(c, w)| {
            let v = match c {
                '0'..='9' => c as u32 - '0' as u32,
                'A'..='Z' => c as u32 - 'A' as u32 + 10,
                _ => 0,
            };
            v * w
        })
        .sum();
    char::from(b'0' + (sum % 10) as u8)
}

fn pad(s: &str, n: usize) -> String {
    format!("{s:<<n$}")
}

/// "1993-08-26" -> "930826".
fn yymmdd(iso: &str) -> String {
    iso.replace('-', "")[2..].to_string()
}

/// The TD3 lines the passport of `fields` must carry (no personal number).
fn expected_mrz(f: &serde_json::Value) -> [String; 2] {
    let s = |k: &str| f[k].as_str().unwrap().to_string();
    let name = format!(
        "{}<<{}",
        s("surname").replace([' ', '-'], "<"),
        s("given_names").replace([' ', '-'], "<")
    );
    let line1 = pad(&format!("P<{}{}", s("nationality"), name), 44);
    let number = pad(&s("document_number"), 9);
    let dob = yymmdd(&s("date_of_birth"));
    let exp = yymmdd(&s("date_of_expiry"));
    let personal = "<".repeat(14);
    let pcd = '<';
    let mut line2 = format!(
        "{number}{}{}{dob}{}{}{exp}{}{personal}{pcd}",
        check_digit(&number),
        s("nationality"),
        check_digit(&dob),
        s("sex"),
        check_digit(&exp)
    );
    let composite = format!("{}{}{}", &line2[0..10], &line2[13..20], &line2[21..43]);
    line2.push(check_digit(&composite));
    [line1, line2]
}

/// Tesseract's best-known MRZ error (DOMAIN.md): a run of `<` fillers read as `K`s (and
/// here and there an `E`), with the run's length off by a few. Fillers carry no data and
/// a TD3 line is 44 characters, so the trailing run of filler look-alikes that starts
/// with a `<` (a name may end in K or E; the filler after it is read as `<`) becomes
/// fillers up to `len`. Every data character stays as read.
fn repair_fillers(line: &str, from: usize, len: usize) -> String {
    let c: Vec<char> = line.chars().collect();
    let mut start = c.len();
    while start > from && matches!(c[start - 1], 'K' | 'E' | '<') {
        start -= 1;
    }
    while start < c.len() && c[start] != '<' {
        start += 1;
    }
    // The `<<` between surname and given names read as `<K<` (one glyph too many):
    // no name part in the generator's pools is a lone K.
    let head: String = c[..start].iter().collect::<String>().replace("<K<", "<<");
    format!("{head:<<len$}")
}

#[test]
fn repair_keeps_names_ending_in_k() {
    assert_eq!(
        repair_fillers("P<SWEERIK<<ANNA<KKK<", 5, 20),
        "P<SWEERIK<<ANNA<<<<<"
    );
    assert_eq!(
        repair_fillers("P<SWEBLOMK<<ERIK<KKKEK<K", 5, 20),
        "P<SWEBLOMK<<ERIK<<<<"
    );
    assert_eq!(
        repair_fillers("P<GBRLEE<<ANNE<<", 5, 20),
        "P<GBRLEE<<ANNE<<<<<<"
    );
}

#[test]
fn tesseract_reads_the_td3_mrz_of_a_generated_passport() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    dossier_samples::generate(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/services"),
        dossier_samples::Command::Documents {
            seed: 3,
            count: 1,
            out: root.to_path_buf(),
            as_of: dossier_samples::fixture_as_of(),
            kind: Some("passport".into()),
            format: Some("png".into()),
            clean: true,
            plain: true,
            held_out: dossier_samples::HeldOut::Exclude,
        },
    )
    .expect("the generator writes one passport page");
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("truth.json")).unwrap()).unwrap();
    let doc = &truth["files"][FILE][0];
    assert_eq!(doc["kind"], "passport");
    let want = expected_mrz(&doc["fields"]);

    // The MRZ is the last two text lines of the data page: find them by the rows that
    // hold ink, then read each line alone (single-line mode, MRZ characters only).
    let img = image::open(root.join(FILE)).unwrap().to_luma8();
    let (w, h) = img.dimensions();
    let ink: Vec<bool> = (0..h)
        .map(|y| (0..w).filter(|&x| img.get_pixel(x, y).0[0] < 100).count() > 20)
        .collect();
    let mut rows: Vec<(u32, u32)> = Vec::new();
    for y in 0..h {
        if ink[y as usize] {
            match rows.last_mut() {
                Some(r) if r.1 + 1 == y => r.1 = y,
                _ => rows.push((y, y)),
            }
        }
    }
    rows.retain(|r| r.1 - r.0 >= 8);
    assert!(rows.len() >= 2, "no text lines found");
    let mut lines = Vec::new();
    for &(y0, y1) in &rows[rows.len() - 2..] {
        let pad = (y1 - y0) / 2;
        let top = y0.saturating_sub(pad);
        let band =
            image::imageops::crop_imm(&img, 0, top, w, (y1 + pad).min(h - 1) - top).to_image();
        let mut png = Vec::new();
        band.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let mut tess = tesseract::Tesseract::new(None, Some("eng"))
            .unwrap()
            .set_image_from_mem(&png)
            .unwrap()
            .set_source_resolution(300)
            .set_variable("tessedit_char_whitelist", MRZ_CHARS)
            .unwrap()
            .set_variable("load_system_dawg", "0")
            .unwrap()
            .set_variable("load_freq_dawg", "0")
            .unwrap();
        tess.set_page_seg_mode(tesseract::PageSegMode::PsmSingleLine);
        let text = tess.recognize().unwrap().get_text().unwrap();
        lines.push(
            text.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>(),
        );
    }
    assert_eq!(
        lines.len(),
        2,
        "two MRZ lines expected, read {} lines",
        lines.len()
    );
    // Line 1 ends in fillers after the name: undo the filler misreads there. In line 2
    // only an empty personal-number field (positions 29-43, all filler look-alikes
    // between the expiry check digit and the final digit) is normalised the same way.
    let l2: Vec<char> = lines[1].chars().collect();
    let line2 = if l2.len() > 29
        && l2[28..l2.len() - 1]
            .iter()
            .all(|c| matches!(c, '<' | 'K' | 'E'))
    {
        format!(
            "{}{}{}",
            l2[..28].iter().collect::<String>(),
            "<".repeat(15),
            l2[l2.len() - 1]
        )
    } else {
        lines[1].clone()
    };
    let lines = [repair_fillers(&lines[0], 5, 44), line2];
    assert_eq!(lines[0], want[0], "line 1");
    assert_eq!(lines[1], want[1], "line 2");

    // The check digits of what was read hold (number, birth, expiry, composite).
    let l2 = &lines[1];
    assert_eq!(check_digit(&l2[0..9]), l2.chars().nth(9).unwrap());
    assert_eq!(check_digit(&l2[13..19]), l2.chars().nth(19).unwrap());
    assert_eq!(check_digit(&l2[21..27]), l2.chars().nth(27).unwrap());
    let composite = format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..43]);
    assert_eq!(check_digit(&composite), l2.chars().nth(43).unwrap());
}
