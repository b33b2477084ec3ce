//! Reusable A4 building blocks: headings, ruled label/value tables, signature blocks with
//! a stamp. Renderers compose their pages from these so that the documents share a
//! consistent, office-like look.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::draw::{Color, Sheet, BLACK, STAMP_BLUE};
use super::FontKind;

/// Left margin of A4 documents (mm).
pub const LEFT: f32 = 25.0;
/// Right edge of the text block (mm).
pub const RIGHT: f32 = 195.0;
/// Width of the text block (mm).
pub const WIDTH: f32 = RIGHT - LEFT;

/// Centred heading lines starting at baseline `y`; returns the next baseline.
pub fn heading(s: &mut Sheet, y: f32, lines: &[(&str, f32, bool)]) -> f32 {
    let mut y = y;
    for (text, pt, bold) in lines {
        let font = if *bold {
            FontKind::SansBold
        } else {
            FontKind::Sans
        };
        for line in s.wrap(WIDTH, *pt, font, text) {
            s.center(105.0, y, *pt, font, &line);
            y += pt * 0.3528 * 1.45;
        }
    }
    y
}

/// A ruled two-column table of label/value rows; returns the y below it.
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
    let mut y = y;
    s.hline(x, x + w, y, 0.25);
    for (label, value) in rows {
        let ll = s.wrap(label_w - 3.0, pt, FontKind::Sans, label);
        let vl = s.wrap(w - label_w - 3.0, pt, FontKind::SansBold, value);
        let n = ll.len().max(vl.len()).max(1) as f32;
        let top = y;
        let base = y + lead * 0.95 + 0.6;
        for (i, l) in ll.iter().enumerate() {
            s.text(x + 1.5, base + i as f32 * lead, pt, FontKind::Sans, l);
        }
        for (i, v) in vl.iter().enumerate() {
            s.text(
                x + label_w + 1.5,
                base + i as f32 * lead,
                pt,
                FontKind::SansBold,
                v,
            );
        }
        y += n * lead + 1.6;
        s.hline(x, x + w, y, 0.25);
        s.vline(x, top, y, 0.25);
        s.vline(x + label_w, top, y, 0.25);
        s.vline(x + w, top, y, 0.25);
    }
    y
}

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
    s.hline(100.0, 140.0, line_y, 0.2);
    s.signature(rng, 103.0, line_y - 9.0, 32.0, 9.0);
    s.right(RIGHT, y, pt, FontKind::Sans, name);
    if let Some((outer, inner)) = stamp {
        let dx = rng.random_range(-4.0..4.0f32);
        s.stamp(rng, 122.0 + dx, line_y - 2.0, 19.0, outer, inner, color);
    }
    yy.max(y + 12.0)
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
    let _ = BLACK;
}
