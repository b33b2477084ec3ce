//! Reusable A4 building blocks: headings, ruled label/value tables, signature blocks with
//! a stamp. Renderers compose their pages from these so that the documents share a
//! consistent, office-like look.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::draw::{Color, Sheet, BLACK, STAMP_BLUE};
use super::FontKind;
use crate::case::Company;

/// Left margin of A4 documents (mm).
pub const LEFT: f32 = 25.0;
/// Right edge of the text block (mm).
pub const RIGHT: f32 = 195.0;
/// Width of the text block (mm).
pub const WIDTH: f32 = RIGHT - LEFT;

/// Centred heading lines starting at baseline `y`; returns the next baseline.
pub fn heading(s: &mut Sheet, y: f32, lines: &[(&str, f32, bool)]) -> f32 {
    let mut y = y;
    let mut prev: Option<f32> = None;
    for (text, pt, bold) in lines {
        let font = if *bold {
            FontKind::SansBold
        } else {
            FontKind::Sans
        };
        for line in s.wrap(WIDTH, *pt, font, text) {
            // Advance by the larger of the two neighbouring sizes, so a big title never
            // collides with the small line above it.
            if let Some(p) = prev {
                y += p.max(*pt) * 0.3528 * 1.4;
            }
            s.center(105.0, y, *pt, font, &line);
            prev = Some(*pt);
        }
    }
    y + prev.unwrap_or(0.0) * 0.3528 * 1.4
}

/// A two-column table of label/value rows separated by thin grey rules; returns the y
/// below it.
///
/// No vertical rules and generous padding: Tesseract's layout analysis loses text boxed
/// tightly by rules (measured: a fully ruled table lost a quarter of its words).
pub fn table(
    s: &mut Sheet,
    x: f32,
    y: f32,
    w: f32,
    label_w: f32,
    pt: f32,
    rows: &[(String, String)],
) -> f32 {
    let lead = pt * 0.3528 * 1.35;
    let pad = 2.4;
    let mut y = y;
    s.fill(x, y - 0.1, w, 0.2, RULE);
    for (label, value) in rows {
        let ll = s.wrap(label_w - 4.0, pt, FontKind::Sans, label);
        let vl = s.wrap(w - label_w - 2.0, pt, FontKind::SansBold, value);
        let n = ll.len().max(vl.len()).max(1) as f32;
        let base = y + pad + pt * 0.3528 * 0.75;
        for (i, l) in ll.iter().enumerate() {
            s.text(x + 1.0, base + i as f32 * lead, pt, FontKind::Sans, l);
        }
        for (i, v) in vl.iter().enumerate() {
            s.text(
                x + label_w,
                base + i as f32 * lead,
                pt,
                FontKind::SansBold,
                v,
            );
        }
        y += (n - 1.0) * lead + pt * 0.3528 + 2.0 * pad;
        s.fill(x, y - 0.1, w, 0.2, RULE);
    }
    y
}

/// Colour of table rules.
const RULE: Color = [150, 150, 155];

/// Unruled "label: value" lines; returns the next baseline.
pub fn lines(
    s: &mut Sheet,
    x: f32,
    y: f32,
    label_w: f32,
    pt: f32,
    rows: &[(String, String)],
) -> f32 {
    let lead = pt * 0.3528 * 1.5;
    let mut y = y;
    for (label, value) in rows {
        s.text(x, y, pt, FontKind::Sans, label);
        let vl = s.wrap(RIGHT - x - label_w, pt, FontKind::SansBold, value);
        for (i, v) in vl.iter().enumerate() {
            if i > 0 {
                y += lead;
            }
            s.text(x + label_w, y, pt, FontKind::SansBold, v);
        }
        y += lead;
    }
    y
}

/// A signature line: role on the left, a signature, the name on the right, and
/// optionally a round stamp over the signature's end ("М.П." place).
#[allow(clippy::too_many_arguments)]
pub fn sign_block(
    s: &mut Sheet,
    rng: &mut ChaCha8Rng,
    y: f32,
    role: &str,
    name: &str,
    stamp: Option<(&str, &[&str])>,
    color: Color,
) -> f32 {
    let pt = 10.5;
    let role_lines = s.wrap(70.0, pt, FontKind::Sans, role);
    let mut yy = y;
    for l in &role_lines {
        s.text(LEFT, yy, pt, FontKind::Sans, l);
        yy += pt * 0.3528 * 1.35;
    }
    let line_y = y + 1.0;
    // The signature line ends short of a long name.
    let name_x = RIGHT - s.width(pt, FontKind::Sans, name);
    let x0 = (name_x - 45.0).clamp(LEFT + 45.0, 100.0);
    let x1 = (name_x - 4.0).min(x0 + 40.0);
    s.hline(x0, x1, line_y, 0.2);
    s.signature(rng, x0 + 3.0, line_y - 9.0, (x1 - x0 - 8.0).max(20.0), 9.0);
    s.right(RIGHT, y, pt, FontKind::Sans, name);
    if let Some((outer, inner)) = stamp {
        let dx = rng.random_range(-4.0..4.0f32);
        s.stamp(
            rng,
            (x0 + x1) / 2.0 + dx,
            line_y - 2.0,
            19.0,
            outer,
            inner,
            color,
        );
    }
    yy.max(y + if stamp.is_some() { 22.0 } else { 12.0 })
}

/// A stamp colour that varies a little per document, like real ink pads.
pub fn stamp_color(rng: &mut ChaCha8Rng) -> Color {
    let d = rng.random_range(0..25u8);
    [STAMP_BLUE[0] + d, STAMP_BLUE[1], STAMP_BLUE[2] - d]
}

/// A generic document: heading and a table of fields, signed and stamped. Used for
/// kinds whose layout is a plain certificate.
pub fn simple_doc(
    s: &mut Sheet,
    rng: &mut ChaCha8Rng,
    title: &[(&str, f32, bool)],
    rows: &[(String, String)],
    signer: (&str, &str),
    stamp: (&str, &[&str]),
) {
    let y = heading(s, 30.0, title);
    let y = table(s, LEFT, y + 6.0, WIDTH, 70.0, 10.5, rows);
    let c = stamp_color(rng);
    sign_block(s, rng, y + 20.0, signer.0, signer.1, Some(stamp), c);
}

/// The company's round seal: outer ring text and inner lines.
pub fn company_seal(c: &Company) -> (String, Vec<String>) {
    let city = if c.address.contains("Алматы") {
        "г. Алматы"
    } else {
        "г. Астана"
    };
    (
        format!("{} * БИН {} *", c.name_cyr.to_uppercase(), c.bin),
        vec!["ДЛЯ ДОКУМЕНТОВ".to_string(), city.to_string()],
    )
}

/// The company's letterhead across the top of the page; returns the y below it.
pub fn letterhead(s: &mut Sheet, c: &Company) -> f32 {
    s.text(LEFT, 20.0, 13.0, FontKind::SansBold, &c.name_cyr);
    s.text(LEFT, 26.0, 9.0, FontKind::Sans, &c.name);
    s.text(LEFT, 31.0, 9.0, FontKind::Sans, &format!("БИН {}", c.bin));
    s.text(LEFT, 36.0, 9.0, FontKind::Sans, &c.address);
    s.fill(LEFT, 39.5, WIDTH, 0.6, BLACK);
    46.0
}

/// Signs for the company: "Директор … Фамилия И.О." with the company seal.
pub fn company_sign(s: &mut Sheet, rng: &mut ChaCha8Rng, y: f32, c: &Company) -> f32 {
    let (outer, inner) = company_seal(c);
    let inner: Vec<&str> = inner.iter().map(String::as_str).collect();
    let color = stamp_color(rng);
    sign_block(
        s,
        rng,
        y,
        &format!("Директор {}", c.name_cyr),
        &short_name(&c.head_cyr),
        Some((&outer, &inner)),
        color,
    )
}

/// "Касымов Нурлан Ержанович" → "Касымов Н.Е."
pub fn short_name(full: &str) -> String {
    let mut parts = full.split_whitespace();
    let sur = parts.next().unwrap_or_default();
    let initials: String = parts
        .filter_map(|p| p.chars().next())
        .map(|c| format!("{c}."))
        .collect();
    format!("{sur} {initials}")
}
