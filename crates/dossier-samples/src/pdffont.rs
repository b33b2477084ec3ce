//! A TrueType font prepared for embedding in a PDF text layer: glyph ids, advance widths
//! and a subset of the font file that keeps only the glyphs a document uses.
//!
//! The subset keeps every glyph id where it was (unused glyphs become empty outlines), so
//! the PDF can use Identity-H encoding with CID = glyph id and no CIDToGIDMap stream. Only
//! the tables a PDF reader needs for a CIDFontType2 are kept (head, hhea, maxp, hmtx, loca,
//! glyf, cvt, fpgm, prep): DejaVuSans shrinks from ~740 KB to a few tens of KB.

use std::collections::BTreeSet;

use ab_glyph::{Font, FontRef};

/// Errors reading or subsetting a font file.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The bytes are not a TrueType font ab_glyph can parse.
    #[error("not a usable TrueType font: {0}")]
    Parse(String),
    /// A table the subsetter needs is missing or shorter than its header says.
    #[error("font table {0} missing or truncated")]
    Table(&'static str),
}

/// A font file plus what the PDF writer needs to know about its glyphs.
pub struct PdfFont {
    data: Vec<u8>,
}

impl PdfFont {
    /// Wraps the bytes of a TrueType font after checking they parse.
    pub fn new(data: Vec<u8>) -> Result<PdfFont, FontError> {
        FontRef::try_from_slice(&data).map_err(|e| FontError::Parse(e.to_string()))?;
        Ok(PdfFont { data })
    }

    fn font(&self) -> FontRef<'_> {
        // Checked in `new`.
        FontRef::try_from_slice(&self.data).expect("font parsed in PdfFont::new")
    }

    /// The glyph id of a character (0, the .notdef glyph, when the font lacks it).
    pub fn glyph(&self, c: char) -> u16 {
        self.font().glyph_id(c).0
    }

    /// The advance width of a glyph in PDF text-space units (1/1000 em).
    pub fn width(&self, gid: u16) -> i64 {
        let f = self.font();
        let upm = f.units_per_em().unwrap_or(1000.0);
        let adv = f.h_advance_unscaled(ab_glyph::GlyphId(gid));
        (adv * 1000.0 / upm).round() as i64
    }

    /// Font-wide metrics for the FontDescriptor, in 1/1000 em:
    /// (ascent, descent, bbox [x0 y0 x1 y1]).
    pub fn metrics(&self) -> (i64, i64, [i64; 4]) {
        let f = self.font();
        let upm = f.units_per_em().unwrap_or(1000.0);
        let s = |v: f32| (v * 1000.0 / upm).round() as i64;
        let asc = s(f.ascent_unscaled());
        let desc = s(f.descent_unscaled());
        (asc, desc, [-1000, desc, 2000, asc])
    }

    /// A font file with only `used` glyphs (plus .notdef and composite parts) kept.
    pub fn subset(&self, used: &BTreeSet<u16>) -> Result<Vec<u8>, FontError> {
        subset(&self.data, used)
    }
}

fn rd16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn rd32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]))
}

/// The tables kept in a subset, in the (sorted) order they are written.
const KEEP: [&[u8; 4]; 9] = [
    b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep",
];

fn table<'a>(data: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = rd16(data, 4)? as usize;
    (0..n).find_map(|i| {
        let rec = 12 + 16 * i;
        if data.get(rec..rec + 4)? != tag {
            return None;
        }
        let off = rd32(data, rec + 8)? as usize;
        let len = rd32(data, rec + 12)? as usize;
        data.get(off..off.checked_add(len)?)
    })
}

fn checksum(bytes: &[u8]) -> u32 {
    bytes.chunks(4).fold(0u32, |acc, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        acc.wrapping_add(u32::from_be_bytes(w))
    })
}

/// Component glyph ids of a composite glyph (empty for a simple glyph).
fn components(glyph: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    if glyph.len() < 10 || (rd16(glyph, 0).unwrap_or(0) as i16) >= 0 {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (rd16(glyph, at), rd16(glyph, at + 2)) {
        out.push(gid);
        at += 4;
        at += if flags & 0x0001 != 0 { 4 } else { 2 };
        if flags & 0x0008 != 0 {
            at += 2;
        } else if flags & 0x0040 != 0 {
            at += 4;
        } else if flags & 0x0080 != 0 {
            at += 8;
        }
        if flags & 0x0020 == 0 {
            break;
        }
    }
    out
}

fn subset(data: &[u8], used: &BTreeSet<u16>) -> Result<Vec<u8>, FontError> {
    let head = table(data, b"head").ok_or(FontError::Table("head"))?;
    let maxp = table(data, b"maxp").ok_or(FontError::Table("maxp"))?;
    let loca = table(data, b"loca").ok_or(FontError::Table("loca"))?;
    let glyf = table(data, b"glyf").ok_or(FontError::Table("glyf"))?;
    let long_loca = rd16(head, 50).ok_or(FontError::Table("head"))? == 1;
    let num_glyphs = rd16(maxp, 4).ok_or(FontError::Table("maxp"))? as usize;
    let offset = |g: usize| -> Option<usize> {
        if long_loca {
            rd32(loca, 4 * g).map(|v| v as usize)
        } else {
            rd16(loca, 2 * g).map(|v| 2 * v as usize)
        }
    };
    let glyph = |g: usize| -> Option<&[u8]> { glyf.get(offset(g)?..offset(g + 1)?) };

    // Close the set over composite glyph components.
    let mut keep: BTreeSet<u16> = used
        .iter()
        .copied()
        .filter(|&g| (g as usize) < num_glyphs)
        .collect();
    keep.insert(0);
    let mut todo: Vec<u16> = keep.iter().copied().collect();
    while let Some(g) = todo.pop() {
        for c in components(glyph(g as usize).ok_or(FontError::Table("glyf"))?) {
            if (c as usize) < num_glyphs && keep.insert(c) {
                todo.push(c);
            }
        }
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (num_glyphs + 1));
    for g in 0..num_glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if keep.contains(&(g as u16)) {
            new_glyf.extend_from_slice(glyph(g).ok_or(FontError::Table("glyf"))?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    let mut new_head = head.to_vec();
    new_head
        .get_mut(8..12)
        .ok_or(FontError::Table("head"))?
        .fill(0);
    new_head
        .get_mut(50..52)
        .ok_or(FontError::Table("head"))?
        .copy_from_slice(&1u16.to_be_bytes());

    let mut tables: Vec<(&[u8; 4], Vec<u8>)> = Vec::new();
    for tag in KEEP {
        let body = match tag {
            b"glyf" => std::mem::take(&mut new_glyf),
            b"loca" => std::mem::take(&mut new_loca),
            b"head" => std::mem::take(&mut new_head),
            _ => match table(data, tag) {
                Some(t) => t.to_vec(),
                None => continue, // cvt/fpgm/prep are optional
            },
        };
        tables.push((tag, body));
    }

    let n = tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, pow * 16, log, n * 16 - pow * 16] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut off = 12 + 16 * tables.len();
    let mut head_at = 0;
    for (tag, body) in &tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&checksum(body).to_be_bytes());
        out.extend_from_slice(&(off as u32).to_be_bytes());
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        if *tag == b"head" {
            head_at = off;
        }
        off += body.len().div_ceil(4) * 4;
    }
    for (_, body) in &tables {
        out.extend_from_slice(body);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out[head_at + 8..head_at + 12].copy_from_slice(&adjust.to_be_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dejavu() -> Option<PdfFont> {
        let data = std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").ok()?;
        PdfFont::new(data).ok()
    }

    #[test]
    fn subset_is_small_and_still_parses_with_same_glyphs() {
        let Some(font) = dejavu() else { return };
        let used: BTreeSet<u16> = "ПАСПОРТ Müller Қ".chars().map(|c| font.glyph(c)).collect();
        let sub = font.subset(&used).unwrap();
        assert!(sub.len() < 120_000, "subset is {} bytes", sub.len());
        let parsed = FontRef::try_from_slice(&sub).unwrap();
        for c in "ПАСПОРТ Müller Қ".chars() {
            let g = font.glyph(c);
            assert_ne!(g, 0, "DejaVuSans has {c}");
            // Same advance through the subset's hmtx: ids were kept in place.
            assert_eq!(
                parsed.h_advance_unscaled(ab_glyph::GlyphId(g)),
                font.font().h_advance_unscaled(ab_glyph::GlyphId(g))
            );
            assert!(parsed.outline(ab_glyph::GlyphId(g)).is_some() || c == ' ');
        }
        // A glyph that was not kept has no outline any more.
        let z = font.glyph('Z');
        assert!(parsed.outline(ab_glyph::GlyphId(z)).is_none());
    }
}
