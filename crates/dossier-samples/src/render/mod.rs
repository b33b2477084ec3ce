//! Renderers of fictional documents: one per document kind, each drawing a clean page at
//! 300 dpi at the document's real size, plus the text runs a PDF text layer should hold.
//!
//! Pages are clean (no noise, no rotation): degradation is the packager's job. Rendering is
//! deterministic: the only randomness comes from the caller's seeded RNG, and glyphs are
//! rasterised by ab_glyph with plain f32 arithmetic.

// The CLI uses a subset of these helpers; the rest is API for the packager and tests.
#![allow(dead_code)]

mod certs;
mod draw;
mod extra;
mod forms;
mod layout;
mod legal;
mod letters;
pub mod mrz;
mod notary;
mod passport;
mod translation;
mod util;

use std::sync::OnceLock;

use ab_glyph::{Font, FontVec, PxScale, ScaleFont};
use rand_chacha::ChaCha8Rng;

use crate::case::Case;

/// One line of text as drawn on a page, for a text layer.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub text: String,
    /// Pixel x of the left end of the baseline, at the page's dpi.
    pub x: f32,
    /// Pixel y of the baseline, at the page's dpi.
    pub y: f32,
    /// Em size in pixels at the page's dpi (font size in points = size * 72 / dpi).
    pub size: f32,
    pub font: FontKind,
}

/// The typefaces the renderers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontKind {
    /// The face's sans (DejaVu Sans in the fixtures).
    Sans,
    /// The face's sans bold.
    SansBold,
    /// The face's serif.
    Serif,
    /// OCR-B, for machine-readable zones.
    OcrB,
}

/// A rendered page before degradation.
pub struct Page {
    pub image: image::RgbImage,
    pub dpi: u32,
    /// Everything printed as text, in reading order, for a text layer.
    pub runs: Vec<TextRun>,
}

/// A font family the text of a document is set in (the MRZ stays in OCR-B). Each comes
/// from a Debian package and covers Cyrillic with the Kazakh letters (ә ғ қ ң ө ұ ү һ і).
///
/// [`Face::PtSans`] is HELD BACK: tuning and unit tests never see it (see [`Face::held_out`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// DejaVu Sans / Serif (fonts-dejavu-core): the fixtures' face.
    DejaVu,
    /// Liberation Sans / Serif 2.x (fonts-liberation2; 1.07 in fonts-liberation lacks the
    /// Kazakh letters).
    Liberation,
    /// GNU FreeSans / FreeSerif (fonts-freefont-ttf).
    FreeFont,
    /// ParaType PT Sans / PT Serif (fonts-paratype). Held back.
    PtSans,
}

impl Face {
    pub const ALL: [Face; 4] = [Face::DejaVu, Face::Liberation, Face::FreeFont, Face::PtSans];

    /// The id written to truth.json.
    pub fn id(self) -> &'static str {
        match self {
            Face::DejaVu => "dejavu",
            Face::Liberation => "liberation",
            Face::FreeFont => "freefont",
            Face::PtSans => "pt",
        }
    }

    /// Held back from tuning and unit tests; evaluation reports it apart.
    pub fn held_out(self) -> bool {
        self == Face::PtSans
    }

    /// (regular, bold, serif) files and the Debian package holding them.
    fn files(self) -> ([&'static str; 3], &'static str) {
        match self {
            Face::DejaVu => (
                [
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
                ],
                "fonts-dejavu-core",
            ),
            Face::Liberation => (
                [
                    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
                    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
                    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
                ],
                "fonts-liberation2",
            ),
            Face::FreeFont => (
                [
                    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
                    "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf",
                    "/usr/share/fonts/truetype/freefont/FreeSerif.ttf",
                ],
                "fonts-freefont-ttf",
            ),
            Face::PtSans => (
                [
                    "/usr/share/fonts/truetype/paratype/PTS55F.ttf",
                    "/usr/share/fonts/truetype/paratype/PTS75F.ttf",
                    "/usr/share/fonts/truetype/paratype/PTF55F.ttf",
                ],
                "fonts-paratype",
            ),
        }
    }
}

/// A layout family: what defines how a document's page is laid out, beyond its content.
///
/// - `a`: today's layouts (the fixtures'): label left of value in ruled tables or
///   "label value" lines, the titles as the renderers write them, fields in their order;
/// - `b`: label above value, tables set as unruled lines and lines as ruled tables, the
///   alternative title wording (mostly the Kazakh or bilingual title), fields in order;
/// - `c` (HELD BACK): value under a bilingual label ("Фамилия / Тегі / Surname") in boxed
///   cells, a third title wording (mostly another Russian or an English title), and the
///   fields in another order (neighbours swapped).
///
/// Kinds drawn with their own code (passport, ID card, apostille, receipt, visa form,
/// photo, visa copy) lay out their own three families (see each renderer); the property
/// owner's consent, a notarized paragraph, varies by its title's wording only. A test
/// checks that every kind draws differently in a, b and c.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    A,
    B,
    C,
}

impl Layout {
    pub const ALL: [Layout; 3] = [Layout::A, Layout::B, Layout::C];

    /// The id written to truth.json.
    pub fn id(self) -> &'static str {
        match self {
            Layout::A => "a",
            Layout::B => "b",
            Layout::C => "c",
        }
    }

    /// Held back from tuning and unit tests; evaluation reports it apart.
    pub fn held_out(self) -> bool {
        self == Layout::C
    }
}

/// How machine-readable zones are set: character pitch (mm) and OCR-B size (pt).
///
/// [`MrzSet::NOMINAL`] is ICAO's 2.54 mm pitch at the renderers' 11 pt (about 2.4 mm
/// capital height, OCR-B size 1). [`MrzSet::draw`] varies pitch by ±6 % (2.39–2.69 mm)
/// and size by ±12 % (capital height about 2.1–2.7 mm), meant as the spread of real
/// printers around ICAO 9303's nominal OCR-B size 1 setting; narrower than the MRZ pages'
/// ±15 % stress range. (The ranges are this generator's choice, not figures quoted from
/// the standard's tolerance tables.)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MrzSet {
    pub pitch: f32,
    pub size: f32,
}

impl MrzSet {
    pub const NOMINAL: MrzSet = MrzSet {
        pitch: 2.54,
        size: 11.0,
    };

    /// A pitch and size within the tolerances, in hundredths of a millimetre and tenths
    /// of a point (exact in truth.json).
    pub fn draw(rng: &mut impl rand::Rng) -> MrzSet {
        MrzSet {
            pitch: rng.random_range(239..=269) as f32 / 100.0,
            size: rng.random_range(97..=123) as f32 / 10.0,
        }
    }
}

/// The typefaces of one face, loaded once per process.
struct FaceFonts {
    sans: FontVec,
    sans_bold: FontVec,
    serif: FontVec,
}

static OCRB: OnceLock<Result<FontVec, String>> = OnceLock::new();
static FACES: [OnceLock<Result<FaceFonts, String>>; 4] = [
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
];

fn face_fonts(face: Face) -> Result<&'static FaceFonts, String> {
    let i = Face::ALL.iter().position(|&f| f == face).unwrap_or(0);
    FACES[i]
        .get_or_init(|| {
            let ([r, b, s], package) = face.files();
            Ok(FaceFonts {
                sans: load_font(r, package)?,
                sans_bold: load_font(b, package)?,
                serif: load_font(s, package)?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The fonts and layout family a document is drawn with: a cheap view on fonts read once
/// from Debian's font packages at run time.
#[derive(Clone, Copy)]
pub struct Fonts {
    face_fonts: &'static FaceFonts,
    ocrb: &'static FontVec,
    pub face: Face,
    pub layout: Layout,
    /// How MRZs are set.
    pub mrz: MrzSet,
}

const OCRB_PATH: &str = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";

fn load_font(path: &str, package: &str) -> Result<FontVec, String> {
    let bytes = std::fs::read(path).map_err(|e| {
        format!("cannot read font {path} ({e}): install the Debian package {package}")
    })?;
    FontVec::try_from_vec(bytes).map_err(|_| {
        format!("font {path} is not a valid font: reinstall the Debian package {package}")
    })
}

impl Fonts {
    /// DejaVu (fonts-dejavu-core) and OCR-B (fonts-ocr-b) in layout family `a`, as the
    /// fixtures are drawn; the error is one line naming the missing package.
    pub fn load() -> Result<Fonts, String> {
        let ocrb = OCRB
            .get_or_init(|| load_font(OCRB_PATH, "fonts-ocr-b"))
            .as_ref()
            .map_err(Clone::clone)?;
        Ok(Fonts {
            face_fonts: face_fonts(Face::DejaVu)?,
            ocrb,
            face: Face::DejaVu,
            layout: Layout::A,
            mrz: MrzSet::NOMINAL,
        })
    }

    /// The same fonts set in `face` and laid out in `layout`; the error names the missing
    /// package.
    pub fn styled(&self, face: Face, layout: Layout) -> Result<Fonts, String> {
        Ok(Fonts {
            face_fonts: face_fonts(face)?,
            face,
            layout,
            ..*self
        })
    }

    /// The font behind a [`FontKind`].
    pub fn font(&self, kind: FontKind) -> &FontVec {
        match kind {
            FontKind::Sans => &self.face_fonts.sans,
            FontKind::SansBold => &self.face_fonts.sans_bold,
            FontKind::Serif => &self.face_fonts.serif,
            FontKind::OcrB => self.ocrb,
        }
    }

    /// ab_glyph's scale for an em size in pixels (ab_glyph scales by ascent - descent).
    pub fn px_scale(&self, kind: FontKind, em_px: f32) -> PxScale {
        let f = self.font(kind);
        let upem = f.units_per_em().unwrap_or(1000.0);
        PxScale::from(em_px * f.height_unscaled() / upem)
    }

    /// Advance width in pixels of `text` at em size `em_px`, as the renderers lay it out
    /// (advances plus kerning). A text layer can use it to stretch its runs to fit.
    pub fn text_width(&self, kind: FontKind, em_px: f32, text: &str) -> f32 {
        let font = self.font(kind).as_scaled(self.px_scale(kind, em_px));
        let mut w = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                w += font.kern(p, id);
            }
            w += font.h_advance(id);
            prev = Some(id);
        }
        w
    }
}

/// Every kind [`render`] knows, by its public id (schemas/kinds.toml).
pub const KINDS: &[&str] = &[
    "passport",
    "id_card",
    "passport_translation",
    "apostille",
    "iin_certificate",
    "power_of_attorney",
    "legal_entity_registration",
    "shareholder_resolution",
    "appointment_order",
    "invitation_letter",
    "employment_contract",
    "payment_receipt",
    "visa_application_form",
    "fingerprint_certificate",
    "arrival_notification",
    "medical_certificate_028u",
    "medical_insurance",
    "criminal_record_certificate",
    "property_owner_consent",
    "consent_form",
    "photo",
    "visa_copy",
    "request_letter",
    "trp_application_form",
    "prp_application_form",
    "accommodation_statement",
    "work_permit",
];

/// Renders one document of `kind` for `case`; an empty Vec for an unknown kind.
///
/// A `:kk` suffix asks for the Kazakh variant where one exists
/// (`passport_translation:kk` is the passport translated into Kazakh; the plain kind is
/// the Russian translation). `:ru` is accepted and means the default.
pub fn render(kind: &str, case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Vec<Page> {
    let (base, lang) = match kind.split_once(':') {
        Some((b, l)) => (b, l),
        None => (kind, "ru"),
    };
    let kk = lang == "kk";
    match base {
        "passport" => vec![passport::passport(case, fonts, rng)],
        "id_card" => passport::id_card(case, fonts, rng),
        "passport_translation" => vec![translation::passport_translation(case, fonts, rng, kk)],
        "apostille" => vec![legal::apostille(case, fonts, rng)],
        "iin_certificate" => vec![certs::iin_certificate(case, fonts, rng)],
        "power_of_attorney" => legal::power_of_attorney(case, fonts, rng),
        "legal_entity_registration" => vec![legal::legal_entity_registration(case, fonts, rng)],
        "shareholder_resolution" => vec![legal::shareholder_resolution(case, fonts, rng)],
        "appointment_order" => vec![legal::appointment_order(case, fonts, rng)],
        "invitation_letter" => vec![letters::invitation_letter(case, fonts, rng)],
        "employment_contract" => letters::employment_contract(case, fonts, rng),
        "payment_receipt" => vec![forms::payment_receipt(case, fonts, rng)],
        "visa_application_form" => forms::visa_application_form(case, fonts, rng),
        "fingerprint_certificate" => vec![certs::fingerprint_certificate(case, fonts, rng)],
        "arrival_notification" => vec![forms::arrival_notification(case, fonts, rng)],
        "medical_certificate_028u" => vec![certs::medical_certificate(case, fonts, rng)],
        "medical_insurance" => vec![certs::medical_insurance(case, fonts, rng)],
        "criminal_record_certificate" => vec![certs::criminal_record(case, fonts, rng)],
        "property_owner_consent" => legal::property_owner_consent(case, fonts, rng),
        "consent_form" => vec![forms::consent_form(case, fonts, rng)],
        "photo" => vec![extra::photo(case, fonts, rng)],
        "visa_copy" => vec![extra::visa_copy(case, fonts, rng)],
        "request_letter" => vec![extra::request_letter(case, fonts, rng)],
        "trp_application_form" => vec![extra::trp_application_form(case, fonts, rng)],
        "prp_application_form" => vec![extra::prp_application_form(case, fonts, rng)],
        "accommodation_statement" => vec![extra::accommodation_statement(case, fonts, rng)],
        "work_permit" => vec![extra::work_permit(case, fonts, rng)],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::random_case;
    use chrono::NaiveDate;
    use rand::SeedableRng;

    fn fonts() -> Option<Fonts> {
        // Fonts come from Debian packages; the test machine has them (see common notes).
        Fonts::load().ok()
    }

    #[test]
    fn every_kind_renders_and_is_deterministic() {
        let Some(fonts) = fonts() else {
            panic!("fonts-dejavu-core and fonts-ocr-b must be installed");
        };
        let as_of = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        // Rendering twice is the slow part of this test (debug builds): every kind renders,
        // and those using the rng for stamps, signatures and guilloches render twice.
        let twice = [
            "passport",
            "id_card",
            "passport_translation",
            "apostille",
            "payment_receipt",
        ];
        for (i, kind) in KINDS
            .iter()
            .chain(["passport_translation:kk"].iter())
            .enumerate()
        {
            let nat = ["DEU", "KAZ", "USA"][i % 3];
            let draw = |seed: u64| {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let case = random_case(&mut rng, nat, as_of);
                render(kind, &case, &fonts, &mut rng)
            };
            let a = draw(7);
            assert!(!a.is_empty(), "{kind} rendered nothing");
            for pa in &a {
                assert_eq!(pa.dpi, 300);
                assert!(!pa.runs.is_empty(), "{kind} has no text runs");
                // Something was drawn: not a blank page.
                assert!(pa.image.pixels().any(|p| p.0[0] < 100), "{kind} is blank");
            }
            if twice.contains(kind) {
                let b = draw(7);
                assert_eq!(a.len(), b.len());
                for (pa, pb) in a.iter().zip(&b) {
                    assert!(
                        pa.image.as_raw() == pb.image.as_raw(),
                        "{kind} differs between runs"
                    );
                    assert_eq!(pa.runs, pb.runs);
                }
                let c = draw(8);
                assert!(
                    c[0].image.as_raw() != a[0].image.as_raw(),
                    "{kind} ignores the seed"
                );
            }
        }
    }

    /// Writes every kind as PNG under $GENDOCS_PREVIEW for eyeballing and Tesseract runs:
    /// `GENDOCS_PREVIEW=/tmp/prev cargo test --bin dossier-samples preview -- --ignored`.
    #[test]
    #[ignore]
    fn preview() {
        let dir = std::env::var("GENDOCS_PREVIEW").unwrap_or_else(|_| "/tmp/gendocs".into());
        let only = std::env::var("GENDOCS_KINDS").unwrap_or_default();
        let nats = std::env::var("GENDOCS_NATS").unwrap_or_else(|_| "DEU,KAZ".into());
        std::fs::create_dir_all(&dir).unwrap();
        let fonts = Fonts::load().unwrap();
        let as_of = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for nat in nats.split(',') {
            for kind in KINDS.iter().chain(["passport_translation:kk"].iter()) {
                if !only.is_empty() && !only.split(',').any(|k| k == *kind) {
                    continue;
                }
                let mut rng = ChaCha8Rng::seed_from_u64(42);
                let case = random_case(&mut rng, nat, as_of);
                for (i, page) in render(kind, &case, &fonts, &mut rng).iter().enumerate() {
                    let name = format!("{dir}/{}_{nat}_{i}.png", kind.replace(':', "_"));
                    page.image.save(&name).unwrap();
                    let text: Vec<&str> = page.runs.iter().map(|r| r.text.as_str()).collect();
                    std::fs::write(name.replace(".png", ".txt"), text.join("\n")).unwrap();
                    if let Some(mrz) = page.runs.iter().find(|r| r.font == FontKind::OcrB) {
                        // The MRZ band alone, for whitelisted Tesseract runs.
                        let top = (mrz.y - mrz.size * 1.5).max(0.0) as u32;
                        let h = page.image.height() - top;
                        let crop =
                            image::imageops::crop_imm(&page.image, 0, top, page.image.width(), h);
                        crop.to_image()
                            .save(name.replace(".png", "_mrz.png"))
                            .unwrap();
                    }
                }
            }
        }
    }

    fn case_for(nat: &str, seed: u64) -> (Case, ChaCha8Rng) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let case = random_case(&mut rng, nat, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        (case, rng)
    }

    fn all_text(pages: &[Page]) -> String {
        let lines: Vec<&str> = pages
            .iter()
            .flat_map(|p| &p.runs)
            .map(|r| r.text.as_str())
            .collect();
        lines.join("\n")
    }

    fn mrz_runs(pages: &[Page]) -> Vec<String> {
        let runs = pages.iter().flat_map(|p| &p.runs);
        runs.filter(|r| r.font == FontKind::OcrB)
            .map(|r| r.text.clone())
            .collect()
    }

    #[test]
    fn passport_prints_the_mrz_of_its_case() {
        let fonts = Fonts::load().expect("fonts installed");
        for nat in ["KAZ", "DEU", "USA", "RUS"] {
            let (case, mut rng) = case_for(nat, 3);
            let pages = render("passport", &case, &fonts, &mut rng);
            let mrz = mrz_runs(&pages);
            assert_eq!(mrz.len(), 2);
            let p = &case.applicant;
            assert!(
                mrz[0].starts_with(&format!("P<{nat}{}<<", p.surname)),
                "{}",
                mrz[0]
            );
            assert!(mrz[1].starts_with(&p.passport_number));
            assert_eq!(mrz[1].len(), 44);
            if nat == "KAZ" {
                assert_eq!(&mrz[1][28..40], p.iin.as_deref().unwrap());
            }
            let text = all_text(&pages);
            assert!(text.contains(&p.surname));
            if p.passport_has_cyrillic {
                assert!(text.contains(&p.surname_cyr));
            }
        }
    }

    #[test]
    fn tamper_changes_what_is_printed() {
        let fonts = Fonts::load().expect("fonts installed");
        let (mut case, _) = case_for("KAZ", 5);
        case.tamper.mrz_bad_check_digit = true;
        case.tamper.iin_override = Some("871008401427".into());
        case.tamper.translation_surname = Some("ПЕТРОВА".into());
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mrz = mrz_runs(&render("passport", &case, &fonts, &mut rng));
        let l2 = &mrz[1];
        assert_eq!(&l2[28..40], "871008401427");
        assert_ne!(mrz::check_digit(&l2[0..9]), l2.chars().nth(9).unwrap());
        let card = mrz_runs(&render("id_card", &case, &fonts, &mut rng));
        assert_eq!(card.len(), 3);
        assert!(card[0].contains("871008401427"));
        let iin = all_text(&render("iin_certificate", &case, &fonts, &mut rng));
        assert!(iin.contains("871008401427"));
        for kind in ["passport_translation", "passport_translation:kk"] {
            let t = all_text(&render(kind, &case, &fonts, &mut rng));
            assert!(t.contains("ПЕТРОВА"), "{kind}");
            assert!(!t.contains(&case.applicant.surname_cyr), "{kind}");
        }
    }

    #[test]
    fn documents_print_the_dates_checks_rely_on() {
        let fonts = Fonts::load().expect("fonts installed");
        let (case, mut rng) = case_for("DEU", 9);
        let fp = all_text(&render("fingerprint_certificate", &case, &fonts, &mut rng));
        assert!(fp.contains(&case.fingerprint_date.format("%d.%m.%Y").to_string()));
        let tr = all_text(&render("passport_translation", &case, &fonts, &mut rng));
        for d in [
            case.applicant.date_of_birth,
            case.applicant.passport_expires,
        ] {
            assert!(tr.contains(&d.format("%d.%m.%Y").to_string()));
        }
        assert!(tr.contains("Перевод с немецкого языка на русский язык"));
        let ap = all_text(&render("apostille", &case, &fonts, &mut rng));
        for n in 1..=10 {
            assert!(ap.contains(&format!("{n}. ")), "apostille field {n}");
        }
    }

    #[test]
    fn visa_form_has_a_35_by_45_mm_photo_box() {
        // The box is drawn as a 0.3 mm black frame at x = 160..195 mm, y = 15..60 mm.
        let fonts = Fonts::load().expect("fonts installed");
        let (case, mut rng) = case_for("USA", 2);
        let page = &render("visa_application_form", &case, &fonts, &mut rng)[0];
        let mm = |v: f32| (v * 300.0 / 25.4).round() as u32;
        let dark = |x: u32, y: u32| page.image.get_pixel(x, y).0[0] < 80;
        assert!(dark(mm(160.1), mm(37.0)) && dark(mm(194.9), mm(37.0)));
        assert!(dark(mm(177.0), mm(15.1)) && dark(mm(177.0), mm(59.9)));
        assert!(!dark(mm(159.0), mm(37.0)) && !dark(mm(196.0), mm(37.0)));
    }

    /// Family `b` (seen; `c` is held back from tests) changes every table-based kind's
    /// page, and retitling is idempotent.
    #[test]
    fn family_b_changes_the_tables_and_titles() {
        let fonts = Fonts::load().expect("fonts installed");
        let b = fonts.styled(Face::DejaVu, Layout::B).expect("DejaVu");
        for kind in [
            "iin_certificate",
            "accommodation_statement",
            "power_of_attorney",
        ] {
            let (case, _) = case_for("DEU", 4);
            let draw = |f: &Fonts| {
                let mut rng = ChaCha8Rng::seed_from_u64(4);
                all_text(&render(kind, &case, f, &mut rng))
            };
            assert_ne!(draw(&fonts), draw(&b), "{kind}");
        }
        let t = layout::retitle(Layout::B, "ДОВЕРЕННОСТЬ");
        assert_eq!(t, "СЕНІМХАТ");
        assert_eq!(layout::retitle(Layout::B, &t), t);
        assert_eq!(
            layout::retitle(Layout::B, "РЕШЕНИЕ № 12"),
            "ШЕШІМ / РЕШЕНИЕ № 12"
        );
        assert_eq!(layout::retitle(Layout::A, "ДОВЕРЕННОСТЬ"), "ДОВЕРЕННОСТЬ");
    }

    /// Every kind draws differently in each of the three layout families, for the same
    /// case and seed: its text runs (words and where they stand) differ between a, b and
    /// c. Only that they differ is checked, nothing of what `c` (held back) draws.
    #[test]
    fn every_kind_differs_in_each_layout_family() {
        let fonts = Fonts::load().expect("fonts installed");
        let mut same = Vec::new();
        for (i, kind) in KINDS
            .iter()
            .chain(["passport_translation:kk"].iter())
            .enumerate()
        {
            let nat = ["DEU", "KAZ", "USA", "RUS"][i % 4];
            let (case, _) = case_for(nat, 11);
            let draw = |layout: Layout| {
                let f = fonts.styled(Face::DejaVu, layout).expect("DejaVu");
                let mut rng = ChaCha8Rng::seed_from_u64(11);
                let pages = render(kind, &case, &f, &mut rng);
                let runs: Vec<(String, i32, i32)> = pages
                    .iter()
                    .flat_map(|p| &p.runs)
                    .map(|r| (r.text.clone(), r.x.round() as i32, r.y.round() as i32))
                    .collect();
                runs
            };
            let [a, b, c] = Layout::ALL.map(draw);
            for (x, y, pair) in [
                (&a, &b, "a and b"),
                (&a, &c, "a and c"),
                (&b, &c, "b and c"),
            ] {
                if x == y {
                    same.push(format!("{kind}: {pair}"));
                }
            }
        }
        assert!(same.is_empty(), "families drawing the same: {same:?}");
    }

    #[test]
    fn unknown_kind_renders_nothing() {
        let Some(fonts) = fonts() else {
            panic!("fonts must be installed");
        };
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let case = random_case(
            &mut rng,
            "DEU",
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        );
        assert!(render("no_such_kind", &case, &fonts, &mut rng).is_empty());
    }

    #[test]
    fn text_width_grows_with_text() {
        let Some(fonts) = fonts() else {
            panic!("fonts must be installed");
        };
        let a = fonts.text_width(FontKind::Sans, 40.0, "ПАСПОРТ");
        let b = fonts.text_width(FontKind::Sans, 40.0, "ПАСПОРТ ПАСПОРТ");
        assert!(a > 100.0 && b > 2.0 * a);
    }
}
