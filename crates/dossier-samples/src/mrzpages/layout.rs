//! The documents: TD3 data pages, TD2 cards, TD1 cards (front and MRZ back), MRV-A and
//! MRV-B visa stickers on a passport page, and a card without any zone (negatives), each
//! in two layout families.
//!
//! Family `Regular` (tuning): photo on the left, labels above values, DejaVu Sans labels
//! and Sans Bold values, wavy crossing guilloche. Family `Sharp` (held out): photo on the
//! right, labels beside their values, DejaVu Serif labels and Sans Condensed Bold values,
//! rosette guilloche, a barcode block on card backs, and the OCR-B "Sharp" cut.

use ab_glyph::FontVec;
use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::canvas::{Canvas, Color, LineGeom, MrzStyle, RectMm};
use super::content::{Content, MrzFormat};

/// The two layout families (font and layout together).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Regular,
    Sharp,
}

impl Family {
    pub fn id(self) -> &'static str {
        match self {
            Family::Regular => "regular",
            Family::Sharp => "sharp",
        }
    }
}

const OCRB_DIR: &str = "/usr/share/fonts/opentype/ocr-b";
const DEJAVU_DIR: &str = "/usr/share/fonts/truetype/dejavu";

/// The typefaces of both families.
pub struct PageFonts {
    ocrb: FontVec,
    ocrb_sharp: FontVec,
    sans: FontVec,
    sans_bold: FontVec,
    serif: FontVec,
    cond_bold: FontVec,
}

fn load(path: String, package: &str) -> Result<FontVec, String> {
    let bytes = std::fs::read(&path).map_err(|e| {
        format!("cannot read font {path} ({e}): install the Debian package {package}")
    })?;
    FontVec::try_from_vec(bytes).map_err(|_| format!("font {path} is not a valid font"))
}

impl PageFonts {
    pub fn load() -> Result<PageFonts, String> {
        let dv = |f: &str| load(format!("{DEJAVU_DIR}/{f}"), "fonts-dejavu-core");
        let ob = |f: &str| load(format!("{OCRB_DIR}/{f}"), "fonts-ocr-b");
        Ok(PageFonts {
            ocrb: ob("OCRB.otf")?,
            ocrb_sharp: ob("OCRBS.otf")?,
            sans: dv("DejaVuSans.ttf")?,
            sans_bold: dv("DejaVuSans-Bold.ttf")?,
            serif: dv("DejaVuSerif.ttf")?,
            cond_bold: dv("DejaVuSansCondensed-Bold.ttf")?,
        })
    }

    pub fn mrz(&self, f: Family) -> &FontVec {
        match f {
            Family::Regular => &self.ocrb,
            Family::Sharp => &self.ocrb_sharp,
        }
    }

    fn label(&self, f: Family) -> &FontVec {
        match f {
            Family::Regular => &self.sans,
            Family::Sharp => &self.serif,
        }
    }

    fn value(&self, f: Family) -> &FontVec {
        match f {
            Family::Regular => &self.sans_bold,
            Family::Sharp => &self.cond_bold,
        }
    }
}

/// A rendered piece of paper: a document (or a passport page holding a sticker).
pub struct Piece {
    pub canvas: Canvas,
    /// The MRZ lines as drawn, in the piece's mm (empty: no zone).
    pub mrz: Vec<LineGeom>,
    pub tags: Vec<String>,
}

/// Everything drawn the same way for one page.
pub struct Look<'a> {
    pub family: Family,
    pub fonts: &'a PageFonts,
    pub ppm: f32,
    /// Capital height of visual-zone values in mm.
    pub value_cap: f32,
    pub tint: Color,
    pub lines: Color,
    /// Draw the security pattern under the MRZ too.
    pub pattern_under_mrz: bool,
}

const LABEL_INK: Color = [70, 70, 86];
const VALUE_INK: Color = [24, 24, 30];

fn d_mon(d: NaiveDate) -> String {
    const MON: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    format!("{:02} {} {}", d.day(), MON[d.month0() as usize], d.year())
}

fn d_dot(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

fn state_name(code: &str) -> &'static str {
    match code {
        "KAZ" => "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ / REPUBLIC OF KAZAKHSTAN",
        "RUS" => "РОССИЙСКАЯ ФЕДЕРАЦИЯ / RUSSIAN FEDERATION",
        "DEU" | "D" => "BUNDESREPUBLIK DEUTSCHLAND",
        "USA" => "UNITED STATES OF AMERICA",
        "GBR" => "UNITED KINGDOM",
        "CHN" => "PEOPLE'S REPUBLIC OF CHINA",
        "TUR" => "TÜRKİYE CUMHURİYETİ",
        "IND" => "REPUBLIC OF INDIA",
        "KOR" => "REPUBLIC OF KOREA",
        "UZB" => "O'ZBEKISTON RESPUBLIKASI",
        "KGZ" => "КЫРГЫЗ РЕСПУБЛИКАСЫ / KYRGYZ REPUBLIC",
        "FRA" => "RÉPUBLIQUE FRANÇAISE",
        "ITA" => "REPUBBLICA ITALIANA",
        _ => "UTOPIA",
    }
}

/// A row of (label, value) items sharing the width of a region.
type Row = Vec<(String, String)>;

fn item(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_string(), value.into())
}

/// Lays rows of fields into `r` (mm): label above value (Regular) or beside it (Sharp).
fn fields(c: &mut Canvas, look: &Look, r: RectMm, rows: &[Row]) {
    if rows.is_empty() {
        return;
    }
    let step = (r[3] - r[1]) / rows.len() as f32;
    let stacked = look.family == Family::Regular;
    let vcap = look.value_cap.min(step * if stacked { 0.42 } else { 0.6 });
    let lcap = (vcap * 0.55).max(0.9);
    let (lf, vf) = (look.fonts.label(look.family), look.fonts.value(look.family));
    for (i, row) in rows.iter().enumerate() {
        let y = r[1] + step * (i as f32 + 1.0) - step * 0.2;
        let cw = (r[2] - r[0]) / row.len() as f32;
        for (k, (label, value)) in row.iter().enumerate() {
            let x = r[0] + cw * k as f32;
            if stacked {
                c.text_fit(
                    lf,
                    x,
                    y - vcap - lcap * 0.7,
                    lcap,
                    cw - 1.0,
                    label,
                    LABEL_INK,
                );
                c.text_fit(vf, x, y, vcap, cw - 1.0, value, VALUE_INK);
            } else {
                let lw = c.text_fit(lf, x, y, lcap, cw * 0.45, label, LABEL_INK);
                c.text_fit(vf, x + lw + 1.0, y, vcap, cw - lw - 2.0, value, VALUE_INK);
            }
        }
    }
}

/// Where and how the zone is set within a document region.
pub struct Zone {
    pub style: MrzStyle,
    /// Baseline spacing in mm.
    pub spacing: f32,
    /// Distance of the last baseline above the document's bottom edge, mm.
    pub bottom: f32,
    /// Left edge of the first cell relative to centring the line, mm.
    pub shift: f32,
    /// Per-line extra offsets in pitches.
    pub line_offsets: Vec<f32>,
}

impl Zone {
    /// Top of the zone's clear band above the bottom edge, mm.
    fn band(&self, n: usize) -> f32 {
        self.bottom + self.spacing * (n as f32 - 1.0) + self.style.cap + 3.0
    }
}

/// Draws the zone into the document region `o`..`o + size` and returns its geometry.
fn draw_zone(
    c: &mut Canvas,
    rng: &mut ChaCha8Rng,
    look: &Look,
    content: &Content,
    z: &Zone,
    o: (f32, f32),
    size: (f32, f32),
) -> Vec<LineGeom> {
    let (n, len) = content.format.shape();
    let line_w = len as f32 * z.style.pitch;
    if !look.pattern_under_mrz {
        let top = o.1 + size.1 - z.band(n);
        let clear: Color = [
            look.tint[0].saturating_add(6),
            look.tint[1].saturating_add(6),
            look.tint[2].saturating_add(6),
        ];
        c.paint(
            [o.0 + 0.3, top, o.0 + size.0 - 0.3, o.1 + size.1 - 0.3],
            clear,
        );
    }
    let x0 = o.0 + ((size.0 - line_w) / 2.0 + z.shift).clamp(0.8, (size.0 - line_w - 0.8).max(0.8));
    let font = look.fonts.mrz(look.family);
    let mut out = Vec::new();
    for (i, line) in content.lines.iter().enumerate() {
        let y = o.1 + size.1 - z.bottom - z.spacing * (n - 1 - i) as f32;
        let x = x0 + z.line_offsets.get(i).copied().unwrap_or(0.0) * z.style.pitch;
        out.push(c.mrz_line(rng, font, x, y, line, &z.style));
    }
    out
}

/// The common background of a document region: tint, security pattern, edge line.
fn background(c: &mut Canvas, rng: &mut ChaCha8Rng, look: &Look, r: RectMm) {
    c.paint(r, look.tint);
    let rosette = look.family == Family::Sharp;
    c.guilloche(rng, r, look.lines, 0.9, rosette);
    if rng.random_bool(0.5) {
        c.guilloche(rng, r, look.lines, 0.5, !rosette);
    }
    c.frame(r, 0.15, [196, 196, 204]);
}

fn title(format: MrzFormat, code: &str) -> &'static str {
    match (format, code) {
        (MrzFormat::Td3, _) => "PASSPORT / PASSEPORT",
        (MrzFormat::MrvA | MrzFormat::MrvB, _) => "VISA / ВИЗА",
        (_, c) if c.starts_with('I') && c != "IR" && c != "IT" => {
            "IDENTITY CARD / CARTE D'IDENTITÉ"
        }
        _ => "RESIDENCE PERMIT / TITRE DE SÉJOUR",
    }
}

fn sex_text(s: char) -> String {
    match s {
        'M' | 'F' => s.to_string(),
        _ => "X".to_string(),
    }
}

fn name_rows(content: &Content) -> Vec<Row> {
    let h = &content.holder;
    vec![
        vec![item("Surname / Nom", h.surname.clone())],
        vec![item("Given names / Prénoms", h.given_names.clone())],
    ]
}

/// A data page (TD3), TD2 card or TD1 back with its zone, or a visa sticker, drawn in
/// region `o`..`o + size` of `c`.
#[allow(clippy::too_many_arguments)]
fn data_side(
    c: &mut Canvas,
    rng: &mut ChaCha8Rng,
    look: &Look,
    content: &Content,
    z: &Zone,
    o: (f32, f32),
    size: (f32, f32),
) -> Vec<LineGeom> {
    let (w, h) = size;
    let r = [o.0, o.1, o.0 + w, o.1 + h];
    background(c, rng, look, r);
    let f = content.format;
    let hd = &content.holder;
    let (n, _) = f.shape();
    let band_top = o.1 + h - z.band(n);
    let (lf, vf) = (look.fonts.label(look.family), look.fonts.value(look.family));
    let head_cap = (w * 0.018).clamp(1.3, 2.4);
    let regular = look.family == Family::Regular;
    // Header.
    let header_y = o.1 + 2.0 + head_cap * 1.4;
    if regular {
        c.text_fit(
            vf,
            o.0 + 3.0,
            header_y,
            head_cap,
            w - 6.0,
            state_name(&hd.issuing_state),
            VALUE_INK,
        );
        c.text_fit(
            lf,
            o.0 + 3.0,
            header_y + head_cap * 1.7,
            head_cap * 0.8,
            w - 6.0,
            title(f, &hd.doc_code),
            VALUE_INK,
        );
    } else {
        let t = state_name(&hd.issuing_state);
        let tw = c.width(lf, head_cap, t).min(w - 6.0);
        c.text_fit(
            lf,
            o.0 + (w - tw) / 2.0,
            header_y,
            head_cap,
            w - 6.0,
            t,
            VALUE_INK,
        );
        let t2 = title(f, &hd.doc_code);
        let tw2 = c.width(vf, head_cap * 0.8, t2).min(w - 6.0);
        c.text_fit(
            vf,
            o.0 + (w - tw2) / 2.0,
            header_y + head_cap * 1.7,
            head_cap * 0.8,
            w - 6.0,
            t2,
            VALUE_INK,
        );
    }
    let top = header_y + head_cap * 2.6;
    let avail = (band_top - 1.5 - top).max(4.0);
    // TD1 backs carry no photo; the others do.
    let card_back = f == MrzFormat::Td1;
    let photo_w = if card_back {
        0.0
    } else {
        (w * 0.26).min(avail / 1.28)
    };
    let photo_h = photo_w * 1.28;
    let (photo_x, fx0, fx1) = if regular {
        (o.0 + 3.0, o.0 + 3.0 + photo_w + 3.0, o.0 + w - 3.0)
    } else {
        (o.0 + w - 3.0 - photo_w, o.0 + 3.0, o.0 + w - 6.0 - photo_w)
    };
    if photo_w > 0.0 {
        c.photo(rng, [photo_x, top, photo_x + photo_w, top + photo_h]);
    }
    let mut rows: Vec<Row> = Vec::new();
    let date = |d: NaiveDate| if regular { d_mon(d) } else { d_dot(d) };
    match f {
        MrzFormat::Td3 | MrzFormat::Td2 => {
            rows.push(vec![
                item("Type", hd.doc_code.clone()),
                item("Code", hd.issuing_state.clone()),
                item("No.", hd.number.clone()),
            ]);
            rows.extend(name_rows(content));
            rows.push(vec![item(
                "Nationality / Nationalité",
                hd.nationality.clone(),
            )]);
            rows.push(vec![
                item("Date of birth", date(hd.birth)),
                item("Sex", sex_text(hd.sex)),
            ]);
            if f == MrzFormat::Td3 {
                rows.push(vec![item("Place of birth", hd.place_of_birth.clone())]);
            }
            rows.push(vec![
                item("Date of issue", date(hd.issued)),
                item("Date of expiry", date(hd.expiry)),
            ]);
            if f == MrzFormat::Td3 && !hd.personal.is_empty() {
                let label = if hd.nationality == "KAZ" {
                    "Personal No. / ЖСН"
                } else {
                    "Personal No."
                };
                rows.push(vec![item(label, hd.personal.clone())]);
            }
        }
        MrzFormat::Td1 => {
            rows.push(vec![item("Place of birth", hd.place_of_birth.clone())]);
            rows.push(vec![
                item("Date of issue", date(hd.issued)),
                item("Authority", "MIA"),
            ]);
            if !hd.personal.is_empty() {
                rows.push(vec![item("ЖСН / IIN", hd.personal.clone())]);
            }
        }
        MrzFormat::MrvA | MrzFormat::MrvB => {
            rows.push(vec![item("Valid for", "KAZAKHSTAN"), item("Type", "C3")]);
            rows.push(vec![
                item("From", date(hd.issued)),
                item("Until", date(hd.expiry)),
            ]);
            rows.push(vec![
                item("Entries", "MULT"),
                item("Duration", format!("{} DAYS", rng.random_range(10..181))),
            ]);
            rows.push(vec![item("Passport No.", hd.number.clone())]);
            rows.push(vec![item(
                "Surname, name",
                format!("{}, {}", hd.surname, hd.given_names),
            )]);
        }
    }
    let fields_r = if card_back {
        if regular {
            [o.0 + 3.0, top, o.0 + w * 0.7, band_top - 1.0]
        } else {
            // A barcode block on the left, text on the right.
            let bx = o.0 + 3.0;
            let bw = w * 0.25;
            let mut x = bx;
            while x < bx + bw {
                let t = rng.random_range(0.15..0.6f32);
                c.fill([x, top, x + t, band_top - 2.0], [40, 40, 48], 1.0);
                x += t + rng.random_range(0.15..0.7f32);
            }
            [bx + bw + 3.0, top, o.0 + w - 3.0, band_top - 1.0]
        }
    } else {
        [fx0, top, fx1, band_top - 1.5]
    };
    fields(c, look, fields_r, &rows);
    if !card_back && band_top - top - photo_h > 5.0 && rng.random_bool(0.6) {
        let sy = top + photo_h + 1.0;
        c.signature(
            rng,
            [
                photo_x,
                sy,
                photo_x + photo_w,
                (sy + 5.0).min(band_top - 1.0),
            ],
            [30, 50, 150],
        );
    }
    if card_back && regular {
        // A ghost image at the right.
        let gw = w * 0.18;
        let gx = o.0 + w - 3.0 - gw;
        c.photo(
            rng,
            [gx, top, gx + gw, (top + gw * 1.28).min(band_top - 1.0)],
        );
    }
    draw_zone(c, rng, look, content, z, o, size)
}

/// The front of a TD1 card (photo and names, no zone).
fn card_front(
    c: &mut Canvas,
    rng: &mut ChaCha8Rng,
    look: &Look,
    content: &Content,
    o: (f32, f32),
    size: (f32, f32),
) {
    let (w, h) = size;
    background(c, rng, look, [o.0, o.1, o.0 + w, o.1 + h]);
    let hd = &content.holder;
    let (lf, vf) = (look.fonts.label(look.family), look.fonts.value(look.family));
    c.text_fit(
        vf,
        o.0 + 3.0,
        o.1 + 5.0,
        1.6,
        w - 6.0,
        state_name(&hd.issuing_state),
        VALUE_INK,
    );
    c.text_fit(
        lf,
        o.0 + 3.0,
        o.1 + 8.0,
        1.3,
        w - 6.0,
        title(content.format, &hd.doc_code),
        VALUE_INK,
    );
    let regular = look.family == Family::Regular;
    let pw = 22.0;
    let px = if regular {
        o.0 + 3.0
    } else {
        o.0 + w - 3.0 - pw
    };
    c.photo(rng, [px, o.1 + 11.0, px + pw, o.1 + 11.0 + pw * 1.28]);
    let fr = if regular {
        [px + pw + 3.0, o.1 + 10.0, o.0 + w - 3.0, o.1 + h - 3.0]
    } else {
        [o.0 + 3.0, o.1 + 10.0, px - 2.0, o.1 + h - 3.0]
    };
    let mut rows = name_rows(content);
    rows.push(vec![
        item("Date of birth", d_dot(hd.birth)),
        item("Sex", sex_text(hd.sex)),
    ]);
    rows.push(vec![item("Document No.", hd.number.clone())]);
    rows.push(vec![item("Date of expiry", d_dot(hd.expiry))]);
    let small = Look {
        value_cap: look.value_cap.min(2.0),
        ..*look
    };
    fields(c, &small, fr, &rows);
}

/// How the document sits on its piece of paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mount {
    /// The document alone.
    Alone,
    /// A TD1 card's front above its back.
    TwoSides,
    /// A passport booklet spread: the facing page above the data page.
    Booklet,
}

/// Renders the piece holding `content`'s zone at `look.ppm`.
pub fn document(
    rng: &mut ChaCha8Rng,
    look: &Look,
    content: &Content,
    z: &Zone,
    mount: Mount,
) -> Piece {
    let f = content.format;
    let (n, len) = f.shape();
    let (mut w, h) = f.size_mm();
    // A pitch beyond the nominal may not fit the nominal width: widen the document.
    w = w.max(len as f32 * z.style.pitch + 3.0);
    let mut tags = Vec::new();
    let visa_page = f.is_visa();
    // Visas are stickers on a passport page (125 × 88 mm).
    let (pw, ph) = if visa_page {
        ((w + 5.0).max(125.0), (h + 8.0).max(88.0))
    } else {
        (w, h)
    };
    let (cw, ch, doc_o) = match mount {
        Mount::Alone => (pw, ph, (0.0, 0.0)),
        Mount::TwoSides => (pw, ph * 2.0 + 6.0, (0.0, ph + 6.0)),
        Mount::Booklet => (pw, ph * 2.0, (0.0, ph)),
    };
    let mut c = Canvas::new(cw, ch, look.ppm, [255, 255, 255]);
    match mount {
        Mount::TwoSides => {
            card_front(&mut c, rng, look, content, (0.0, 0.0), (pw, ph));
            tags.push("two_sides_in_image".to_string());
        }
        Mount::Booklet => {
            // The facing page: tint, pattern and a few lines of printed text.
            background(&mut c, rng, look, [0.0, 0.0, pw, ph]);
            let lf = look.fonts.label(look.family);
            for i in 0..rng.random_range(2..6) {
                let y = 12.0 + i as f32 * 8.0;
                c.text_fit(
                    lf,
                    8.0,
                    y,
                    2.0,
                    pw - 16.0,
                    "OBSERVATIONS / ЕСКЕРТПЕЛЕР / OBSERVATIONS",
                    LABEL_INK,
                );
            }
            c.fill([0.0, ph - 0.6, pw, ph + 0.6], [150, 140, 130], 0.5);
            tags.push("booklet".to_string());
        }
        Mount::Alone => {}
    }
    let mrz = if visa_page {
        // The passport page under the sticker, then the sticker aligned to its bottom.
        let page_look = Look {
            tint: [248, 246, 240],
            lines: [226, 220, 206],
            ..*look
        };
        background(
            &mut c,
            rng,
            &page_look,
            [doc_o.0, doc_o.1, doc_o.0 + pw, doc_o.1 + ph],
        );
        let lf = look.fonts.label(look.family);
        c.text(
            lf,
            doc_o.0 + pw - 8.0,
            doc_o.1 + 5.0,
            2.0,
            &format!("{}", rng.random_range(5..40)),
            LABEL_INK,
        );
        let so = (
            doc_o.0 + (pw - w) / 2.0,
            doc_o.1 + ph - h - rng.random_range(1.0..4.0f32),
        );
        data_side(&mut c, rng, look, content, z, so, (w, h))
    } else {
        data_side(&mut c, rng, look, content, z, doc_o, (w, h))
    };
    debug_assert_eq!(mrz.len(), n);
    if look.pattern_under_mrz {
        tags.push("background_pattern".to_string());
    }
    Piece {
        canvas: c,
        mrz,
        tags,
    }
}

/// A card with a photo and text lines but no zone (a driving licence), for negatives.
pub fn card_without_zone(rng: &mut ChaCha8Rng, look: &Look, content: &Content) -> Piece {
    let (w, h) = (85.6, 54.0);
    let mut c = Canvas::new(w, h, look.ppm, [255, 255, 255]);
    background(&mut c, rng, look, [0.0, 0.0, w, h]);
    let hd = &content.holder;
    let (lf, vf) = (look.fonts.label(look.family), look.fonts.value(look.family));
    c.text_fit(
        vf,
        3.0,
        5.5,
        2.0,
        w - 6.0,
        "DRIVING LICENCE / ЖҮРГІЗУШІ КУӘЛІГІ",
        VALUE_INK,
    );
    c.photo(rng, [3.0, 9.0, 25.0, 37.0]);
    let rows: Vec<Row> = vec![
        vec![item("1.", hd.surname.clone())],
        vec![item("2.", hd.given_names.clone())],
        vec![item(
            "3.",
            format!("{} {}", d_dot(hd.birth), hd.place_of_birth),
        )],
        vec![item("4a.", d_dot(hd.issued)), item("4b.", d_dot(hd.expiry))],
        vec![item("5.", hd.number.clone())],
        vec![item("9.", "A1 A B BE C1")],
    ];
    fields(&mut c, look, [28.0, 8.0, w - 3.0, h - 3.0], &rows);
    let _ = lf;
    Piece {
        canvas: c,
        mrz: Vec::new(),
        tags: vec!["driving_licence".to_string()],
    }
}
