//! Page layout for label-driven extraction: words grouped into visual rows and
//! rows cut into segments (table cells, columns), so that a label can find its
//! value to its right or below it.
//!
//! OCR pages are grouped by geometry, not by Tesseract's line ids: a table's label
//! cell and value cell often land in different Tesseract blocks although they
//! sit on one visual row. Text-layer pages have no boxes: each text line is a
//! row, cut at runs of three or more spaces or tabs.

use crate::model::{BBox, PageText, TextSource};

/// One word with its box (none on text layers) and confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Tok {
    pub text: String,
    pub bbox: Option<BBox>,
    pub conf: f32,
}

/// A run of words on one row with no wide gap inside.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub toks: Vec<Tok>,
    /// Row index on the page.
    pub row: usize,
    /// Position among the row's segments.
    pub col: usize,
}

impl Segment {
    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        self.toks
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Byte ranges of each token in [`Segment::text`].
    pub fn offsets(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        for t in &self.toks {
            out.push((pos, pos + t.text.len()));
            pos += t.text.len() + 1;
        }
        out
    }

    /// The tokens overlapping a byte range of [`Segment::text`].
    pub fn toks_in(&self, start: usize, end: usize) -> Vec<&Tok> {
        self.offsets()
            .into_iter()
            .zip(&self.toks)
            .filter(|((s, e), _)| *s < end && *e > start)
            .map(|(_, t)| t)
            .collect()
    }

    /// The index of the token that starts at byte `start` of [`Segment::text`] or
    /// holds it.
    pub fn tok_at(&self, start: usize) -> Option<usize> {
        self.offsets().iter().position(|(_, e)| *e > start)
    }

    /// Union of the boxes, if the segment has any.
    pub fn bbox(&self) -> Option<BBox> {
        union(self.toks.iter())
    }

    /// Left and right edge in pixels, if boxed.
    pub fn x_range(&self) -> Option<(u32, u32)> {
        self.bbox().map(|b| (b.x, b.x + b.w))
    }
}

/// Union of the boxes of some tokens.
pub fn union<'a>(toks: impl Iterator<Item = &'a Tok>) -> Option<BBox> {
    toks.filter_map(|t| t.bbox).reduce(BBox::union)
}

/// Mean confidence of some tokens (100 when there are none).
pub fn mean_conf<'a>(toks: impl Iterator<Item = &'a Tok>) -> f32 {
    let (sum, n) = toks.fold((0.0f32, 0usize), |(s, n), t| (s + t.conf, n + 1));
    if n == 0 {
        100.0
    } else {
        sum / n as f32
    }
}

/// A page as rows of segments, top to bottom.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub rows: Vec<Vec<Segment>>,
    /// Typical word height in pixels (0 on text layers).
    pub line_height: u32,
}

impl Layout {
    /// Builds the layout of one page.
    pub fn of(page: &PageText) -> Layout {
        if page.source == TextSource::TextLayer || page.words.is_empty() {
            text_rows(&page.text)
        } else {
            word_rows(page)
        }
    }

    /// The segments that may hold the value of a label segment, best first. `usable`
    /// says whether a segment may be a value at all (a label never is).
    ///
    /// - Right: the next segment on the label's row ("Surname   SMITH", a two-column
    ///   label | value table).
    /// - Below: the first segment on the next three rows that overlaps the label
    ///   horizontally and lines up with it (left edges, centres or right edges within
    ///   two line heights, or starting inside the label's span): a value printed
    ///   under its label, a header row of labels over a row of values. A row whose
    ///   aligned segment continues the label (`same_label`: a bilingual label stacked
    ///   on two lines, "Фамилия /" over "Surname") is passed over; one whose aligned
    ///   segment is another label ends the search (this label's value was left
    ///   blank); a row with nothing in the label's column is not its value ("next
    ///   line" alone proves nothing).
    /// - Left (after right and below): on a row that reads value-then-label
    ///   (`value_first`: it starts with a value and ends with a bare label, as on
    ///   right-to-left forms and Kazakh forms that print the caption after the
    ///   entry), the segment before the label; the
    ///   segment after it is then the next label's value and is not offered. On other
    ///   rows the segment before a label is the previous label's value and is never
    ///   offered.
    ///
    /// `prefer_below` puts the value below before the one to the right: bilingual
    /// passport labels and table header rows sit above their values.
    pub fn value_near(
        &self,
        label: &Segment,
        usable: &dyn Fn(&Segment) -> bool,
        same_label: &dyn Fn(&Segment) -> bool,
        prefer_below: bool,
        value_first: bool,
    ) -> Vec<&Segment> {
        let mut out = Vec::new();
        let row = self.rows.get(label.row).map_or(&[][..], |r| r.as_slice());
        let right = row
            .get(label.col + 1)
            .filter(|s| usable(s))
            .filter(|_| !value_first);
        let left = label
            .col
            .checked_sub(1)
            .and_then(|c| row.get(c))
            .filter(|s| usable(s))
            .filter(|_| value_first);
        if let Some(r) = right.filter(|_| !prefer_below) {
            out.push(r);
        }
        if let Some(s) = self.below(label, usable, same_label) {
            out.push(s);
        }
        // After the one below: a value-first row may also be two columns of a page
        // whose labels sit above their values, the segment before the label then
        // being the other column's value.
        if let Some(l) = left {
            out.push(l);
        }
        if let Some(r) = right.filter(|_| prefer_below) {
            out.push(r);
        }
        out
    }

    /// The value under a label, if any (see [`Layout::value_near`]).
    fn below(
        &self,
        label: &Segment,
        usable: &dyn Fn(&Segment) -> bool,
        same_label: &dyn Fn(&Segment) -> bool,
    ) -> Option<&Segment> {
        for r in label.row + 1..(label.row + 4).min(self.rows.len()) {
            let row = &self.rows[r];
            let found = match (label.x_range(), label.bbox()) {
                (Some((x0, x1)), Some(lb)) => {
                    // Too far below: not this label's value.
                    if let Some(sb) = row.first().and_then(Segment::bbox) {
                        if sb.y > lb.y + lb.h + 4 * self.line_height.max(lb.h) {
                            return None;
                        }
                    }
                    let slack = self.line_height.max(lb.h) * 2;
                    let near = |a: u32, b: u32| a.abs_diff(b) <= slack;
                    row.iter().find(|s| {
                        s.x_range().is_some_and(|(a, b)| {
                            let overlap = a < x1 && b > x0;
                            let aligned = near(a, x0)
                                || near(b, x1)
                                || near((a + b) / 2, (x0 + x1) / 2)
                                || (a >= x0 && a < x1);
                            overlap && aligned
                        })
                    })
                }
                _ => row
                    .get(label.col)
                    .or_else(|| (row.len() == 1).then(|| &row[0])),
            };
            match found {
                Some(s) if usable(s) => return Some(s),
                // The label's next line (a bilingual label stacked on two lines,
                // "Фамилия /" over "Тегі"): its value is further down.
                Some(s) if same_label(s) => {}
                // Another label: this one's value was left blank.
                Some(_) => return None,
                // Nothing in this column on this row: look further down.
                None => {}
            }
        }
        None
    }
}

impl Layout {
    /// Cuts segments in two where `cut` says (token index > 0), renumbering columns.
    pub fn split_segments(&mut self, cut: &dyn Fn(&Segment) -> Option<usize>) {
        for row in &mut self.rows {
            let mut out: Vec<Segment> = Vec::new();
            for seg in row.drain(..) {
                let mut rest = seg;
                while let Some(i) = cut(&rest).filter(|i| *i > 0 && *i < rest.toks.len()) {
                    let tail = rest.toks.split_off(i);
                    out.push(rest.clone());
                    rest.toks = tail;
                }
                out.push(rest);
            }
            for (c, s) in out.iter_mut().enumerate() {
                s.col = c;
            }
            *row = out;
        }
    }
}

/// A table's vertical rule as OCR reads it: a word that is nothing but a bar.
fn is_rule(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| matches!(c, '|' | '│' | '┃' | '¦' | '║'))
}

fn text_rows(text: &str) -> Layout {
    let mut rows = Vec::new();
    for line in text.lines() {
        let row_idx = rows.len();
        let mut segs = Vec::new();
        for part in split_wide(line) {
            let toks: Vec<Tok> = part
                .split_whitespace()
                .filter(|w| !is_rule(w))
                .map(|w| Tok {
                    text: w.to_string(),
                    bbox: None,
                    conf: 100.0,
                })
                .collect();
            if !toks.is_empty() {
                let col = segs.len();
                segs.push(Segment {
                    toks,
                    row: row_idx,
                    col,
                });
            }
        }
        if !segs.is_empty() {
            rows.push(segs);
        }
    }
    Layout {
        rows,
        line_height: 0,
    }
}

/// Splits a text line at runs of 3+ spaces or tabs, and at table rules (a bar with
/// spaces around it, "Surname | SMITH").
fn split_wide(line: &str) -> Vec<&str> {
    line.split(" | ")
        .flat_map(|cell| cell.split(" │ "))
        .flat_map(split_spaces)
        .collect()
}

fn split_spaces(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\t'
            || (b[i] == b' ' && b.get(i + 1) == Some(&b' ') && b.get(i + 2) == Some(&b' '))
        {
            let mut j = i;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                j += 1;
            }
            out.push(&line[start..i]);
            start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    out.push(&line[start..]);
    out
}

fn word_rows(page: &PageText) -> Layout {
    let mut words: Vec<&crate::model::Word> = page
        .words
        .iter()
        .filter(|w| !w.text.trim().is_empty() && w.bbox.h > 0)
        .collect();
    let mut heights: Vec<u32> = words.iter().map(|w| w.bbox.h).collect();
    heights.sort_unstable();
    let line_height = heights.get(heights.len() / 2).copied().unwrap_or(0);
    // A "word" less than a quarter of the page's text height that holds a letter or a
    // digit is not text: it is a scanner streak, a ruled line or a fold read as one
    // (a 385 × 1 "с" between a label and its number). Lower-case letters stand at half
    // the height or more. Left in, it joins the value beside it.
    words.retain(|w| !(w.bbox.h * 4 < line_height && w.text.chars().any(char::is_alphanumeric)));
    words.sort_by_key(|w| (w.bbox.y + w.bbox.h / 2, w.bbox.x));
    // Cluster by vertical centre.
    let mut rows: Vec<Vec<&crate::model::Word>> = Vec::new();
    for w in words {
        let cy = w.bbox.y + w.bbox.h / 2;
        let joined = rows.last_mut().is_some_and(|row| {
            let n = row.len() as u32;
            let rcy = row.iter().map(|r| r.bbox.y + r.bbox.h / 2).sum::<u32>() / n;
            let rh = row
                .iter()
                .map(|r| r.bbox.h)
                .max()
                .unwrap_or(0)
                .max(w.bbox.h);
            if cy.abs_diff(rcy) * 2 <= rh {
                row.push(w);
                true
            } else {
                false
            }
        });
        if !joined {
            rows.push(vec![w]);
        }
    }
    let mut out = Vec::new();
    for (ri, mut row) in rows.into_iter().enumerate() {
        row.sort_by_key(|w| w.bbox.x);
        let mut hs: Vec<u32> = row.iter().map(|w| w.bbox.h).collect();
        hs.sort_unstable();
        let h = hs.get(hs.len() / 2).copied().unwrap_or(line_height).max(1);
        let mut segs: Vec<Segment> = Vec::new();
        let mut prev_end: Option<u32> = None;
        let mut ruled = false;
        for w in row {
            // A table's rule between two cells ends a segment and is no word.
            if is_rule(&w.text) {
                ruled = true;
                continue;
            }
            let gap_wide = prev_end.is_some_and(|e| w.bbox.x > e + h * 3 / 2);
            if gap_wide || ruled || segs.is_empty() {
                ruled = false;
                let col = segs.len();
                segs.push(Segment {
                    toks: Vec::new(),
                    row: ri,
                    col,
                });
            }
            if let Some(s) = segs.last_mut() {
                s.toks.push(Tok {
                    text: w.text.clone(),
                    bbox: Some(w.bbox),
                    conf: w.confidence,
                });
            }
            prev_end = Some(w.bbox.x + w.bbox.w);
        }
        out.push(segs);
    }
    Layout {
        rows: out,
        line_height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageRef, Word};

    fn word(text: &str, x: u32, y: u32, line: u32) -> Word {
        Word {
            text: text.into(),
            bbox: BBox {
                x,
                y,
                w: 12 * text.chars().count() as u32,
                h: 20,
            },
            confidence: 90.0,
            line,
        }
    }

    fn page(words: Vec<Word>) -> PageText {
        PageText {
            page: PageRef {
                file: "a.png".into(),
                page: 1,
            },
            source: TextSource::Ocr,
            width: 2000,
            height: 2000,
            rotation: 0,
            skew: 0.0,
            text: String::new(),
            words,
            confidence: 90.0,
            mrz: None,
            tones: None,
        }
    }

    #[test]
    fn rows_and_segments_from_geometry() {
        // Two columns on one visual row, in different Tesseract lines.
        let p = page(vec![
            word("Surname", 100, 100, 0),
            word("Passport", 900, 102, 5),
            word("No.", 1010, 101, 5),
            word("MUELLER", 100, 140, 1),
            word("C01X00T47", 900, 141, 6),
        ]);
        let l = Layout::of(&p);
        assert_eq!(l.rows.len(), 2);
        assert_eq!(l.rows[0].len(), 2);
        assert_eq!(l.rows[0][1].text(), "Passport No.");
        let below = l.value_near(&l.rows[0][1], &|_| true, &|_| false, false, false);
        // Right neighbour first (none), then below: the aligned segment.
        assert_eq!(below[0].text(), "C01X00T47");
        let below = l.value_near(&l.rows[0][0], &|s| s.row > 0, &|_| false, false, false);
        assert_eq!(below[0].text(), "MUELLER");
        let both = l.value_near(&l.rows[0][0], &|_| true, &|_| false, true, false);
        assert_eq!(both.len(), 2);
        assert_eq!(both[0].text(), "MUELLER");
        let both = l.value_near(&l.rows[0][0], &|_| true, &|_| false, false, false);
        assert_eq!(both[0].text(), "Passport No.");
        assert_eq!(below[0].text(), "MUELLER");
    }

    #[test]
    fn a_streak_read_as_a_letter_does_not_join_the_value_beside_it() {
        let mut streak = word("с", 300, 108, 0);
        (streak.bbox.w, streak.bbox.h, streak.confidence) = (385, 1, 15.0);
        let mut small = word("и", 900, 106, 0);
        small.bbox.h = 11;
        let p = page(vec![
            word("Номер", 100, 100, 0),
            streak,
            word("327834737", 700, 100, 0),
            small,
            word("Иванов", 940, 100, 0),
        ]);
        let l = Layout::of(&p);
        let texts: Vec<String> = l.rows[0].iter().map(|s| s.text()).collect();
        assert!(texts.iter().all(|t| !t.contains('с')), "{texts:?}");
        // A lower-case letter at half the line's height is text.
        assert!(texts.iter().any(|t| t.contains('и')), "{texts:?}");
    }

    #[test]
    fn text_layer_rows() {
        let mut p = page(vec![]);
        p.source = TextSource::TextLayer;
        p.text = "Фамилия, имя     МЮЛЛЕР ХАНС\nДата рождения\t01.02.1985\n".into();
        let l = Layout::of(&p);
        assert_eq!(l.rows.len(), 2);
        assert_eq!(l.rows[0][1].text(), "МЮЛЛЕР ХАНС");
        assert_eq!(l.rows[1][1].text(), "01.02.1985");
        assert!(l.rows[0][1].bbox().is_none());
        let seg = &l.rows[0][1];
        assert_eq!(seg.toks_in(0, 3).len(), 1);
        assert_eq!(mean_conf(seg.toks.iter()), 100.0);
    }
}
