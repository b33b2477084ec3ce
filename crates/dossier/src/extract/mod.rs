//! Stage: extract. Fills a classified document's typed fields and MRZ report from
//! the text of its pages, each field with its evidence (file, page, box, text as
//! read, confidence).
//!
//! Sources, in order of trust:
//! 1. The machine-readable zone (the page's MRZ pass, or MRZ lines found in the
//!    page text, e.g. on text-layer pages): parsed and repaired by
//!    [`crate::parse::mrz`]. Its fields win over visual ones, except a field whose
//!    own check digit fails while the visual zone printed a value (then the
//!    visual one is kept). Fields no check digit covers (names, nationality, sex)
//!    are weighed against the visual reading: when both say the same, the field
//!    takes the better confidence of the two; when they differ, the surer reading
//!    wins. Visual Cyrillic names are always kept.
//! 2. Labelled values: a multilingual label ("Surname / Фамилия / Тегі", "Date of
//!    birth / Дата рождения / Туған күні", "ИИН / ЖСН / IIN", ...) at the start of
//!    a layout segment, its value after a colon, to its right, or below it.
//!    The first value that fits the field wins (pages in order, top to bottom).
//! 3. Unlabelled scans: IIN/BIN written inline ("присвоен ИИН 8710..."), a valid
//!    12-digit IIN or BIN anywhere, translator and notary statements, and a
//!    fallback document date.
//!
//! Field names (public, part of reports and JSON). Dates are ISO 8601, countries
//! ISO 3166-1 alpha-3, names upper-case without fillers:
//! - `surname`, `given_names` (Latin), `surname_cyrillic`, `given_names_cyrillic`,
//!   `patronymic` / `patronymic_cyrillic` (when printed apart), `date_of_birth`,
//!   `sex` (`M`/`F`/`X`), `nationality`, `place_of_birth` (as printed),
//!   `document_number`, `date_of_issue`, `date_of_expiry`, `issuing_country`,
//!   `iin`, `bin` (12 digits as read, valid or not: validators judge them).
//! - `company_name`: an organisation's name after "Наименование / Company ...".
//! - `document_date`: the date of a certificate or letter: a date labelled
//!   "Дата / Date / Күні", else the latest date on the document not after the
//!   as-of date (lower confidence). Not set on documents with an MRZ.
//! - `translator_statement`, `notary_certification`: `true` when the text holds
//!   a translator's statement ("Перевод ... выполнен", "переводчик", "аудармашы",
//!   "translated by") or a notary's certification ("нотариус", "свидетельствую
//!   подлинность", "notary"); absent otherwise.

mod labels;
mod layout;
mod values;

#[cfg(test)]
mod layout_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::model::{
    BBox, Classified, Document, Evidence, Field, FieldMethod, MrzCell, MrzReport, PageText, Role,
    TextSource,
};
use crate::parse::{country, dates, iin, mrz, names};
use layout::{mean_conf, union, Layout, Tok};

/// What extraction needs besides the pages: the check date (a zone's two-digit years
/// are read relative to it) and the threshold below which a zone Tesseract read counts
/// as faint, so that a check digit holding only after look-alike swaps vouches for
/// nothing ([`crate::model::Options`]).
pub use crate::model::Options;

/// The document `doc` is, with its fields and MRZ read from the pages it lists
/// (`pages` = all pages of the file). Never fails: what cannot be read is left out.
pub fn extract(doc: Classified, pages: &[PageText], opts: &Options) -> Document {
    let mine: Vec<&PageText> = pages
        .iter()
        .filter(|p| doc.pages.is_empty() || doc.pages.contains(&p.page.page))
        .collect();
    let mut fields: BTreeMap<String, Field> = BTreeMap::new();
    let layouts: Vec<(&PageText, Layout)> = mine
        .iter()
        .map(|p| {
            let mut l = Layout::of(p);
            l.split_segments(&label_run);
            (*p, l)
        })
        .collect();
    for (page, layout) in &layouts {
        labelled_fields(page, layout, &mut fields);
    }
    for (page, layout) in &layouts {
        inline_fields(page, layout, &mut fields);
    }
    let best = mine
        .iter()
        .zip(&layouts)
        .filter_map(|(p, (_, l))| read_mrz(p, l, opts.as_of))
        .max_by_key(|z| z.m.checks.iter().filter(|c| c.ok).count());
    let mrz = match best {
        Some(zone) => {
            merge_mrz(&zone, &mut fields, opts.min_confidence);
            Some(zone.report)
        }
        None => {
            if !fields.contains_key("document_date") {
                fallback_document_date(&layouts, opts.as_of, &mut fields);
            }
            None
        }
    };
    if doc.kind.has(Role::CyrillicNames) {
        latin_lookalike_names(&mut fields);
    }
    Document::new(doc, fields, mrz)
}

/// A translation into Russian or Kazakh writes the holder's names in Cyrillic; a "Latin"
/// name on it made only of letters both alphabets share (АН read as `AH`) is Cyrillic
/// read as Latin. Moved to the Cyrillic field unless that field was read too.
fn latin_lookalike_names(fields: &mut BTreeMap<String, Field>) {
    for (latin, cyrillic) in [
        ("surname", "surname_cyrillic"),
        ("given_names", "given_names_cyrillic"),
    ] {
        // Only capitals both alphabets share: `labels::latin_lookalike` changes them all.
        let lookalike = fields.get(latin).is_some_and(|f| {
            f.value.chars().any(|c| c.is_alphabetic())
                && f.value.chars().all(|c| {
                    c == ' ' || (c.is_ascii_uppercase() && labels::latin_lookalike(c) != c)
                })
        });
        if !lookalike || fields.contains_key(cyrillic) {
            continue;
        }
        if let Some(mut f) = fields.remove(latin) {
            f.value = f.value.chars().map(labels::latin_lookalike).collect();
            fields.insert(cyrillic.to_string(), f);
        }
    }
}

fn method_of(page: &PageText) -> FieldMethod {
    match page.source {
        TextSource::TextLayer => FieldMethod::TextLayer,
        TextSource::Ocr => FieldMethod::Visual,
    }
}

fn field_from(page: &PageText, value: String, text: &str, toks: &[&Tok], scale: f32) -> Field {
    let conf = mean_conf(toks.iter().copied()) * scale;
    Field {
        value,
        confidence: conf,
        method: method_of(page),
        source: Evidence {
            file: page.page.file.clone(),
            page: page.page.page,
            bbox: union(toks.iter().copied()),
            text: Some(text.to_string()),
            confidence: Some(conf),
        },
    }
}

/// Where a segment that starts with a label goes on with another label ("Surname
/// Given names Date of birth", a header row set close): the token where the second
/// label starts. A label is never a value, so each label gets a segment of its own
/// and looks for its value right of, under or left of itself.
fn label_run(seg: &layout::Segment) -> Option<usize> {
    let text = seg.text();
    let hit = labels::match_label(&text)?;
    let value = hit.value.as_deref()?;
    let i = seg.tok_at(hit.value_start)?;
    // The value must start on a token of its own ("Фамилия:МЮЛЛЕР" is one word).
    let (start, _) = *seg.offsets().get(i)?;
    (start == hit.value_start && labels::match_label(value).is_some()).then_some(i)
}

/// Step 2: labels and their values.
fn labelled_fields(page: &PageText, layout: &Layout, fields: &mut BTreeMap<String, Field>) {
    for (r, row) in layout.rows.iter().enumerate() {
        for seg in row {
            let text = seg.text();
            let Some(hit) = labels::match_label(&text) else {
                continue;
            };
            // The value after the label on its own segment first; when there is
            // none or it does not fit ("Дата выдачи справки"), the segment to the
            // right or below.
            let mut candidates: Vec<(String, Vec<&Tok>)> = Vec::new();
            if let Some(v) = &hit.value {
                let mut toks = seg.toks_in(hit.value_start, text.len());
                let mut v = v.clone();
                if hit.key == labels::Key::FullName {
                    if let Some(next) = layout.rows.get(r + 1) {
                        let below: Vec<&Tok> = next.iter().flat_map(|s| s.toks.iter()).collect();
                        if let Some(joined) = wrapped_latin_name(&v, &below) {
                            v = joined;
                            toks.extend(below);
                        }
                    }
                }
                candidates.push((v, toks));
            }
            // A segment is not a value when it, or one of its '/'-separated
            // parts, is a label ("Телкужат Hemipi / Passport No." read badly).
            let usable = |s: &layout::Segment| {
                let t = s.text();
                labels::match_label(&t).is_none()
                    && t.split('/')
                        .all(|part| labels::match_label(part.trim()).is_none())
            };
            // Values sit under bilingual passport labels and under a table's header
            // row (a row of labels, more labels than anything else).
            let labels_on_row = row.iter().filter(|s| !usable(s)).count();
            let header = labels_on_row >= 2 && labels_on_row * 2 > row.len();
            // The label's own next line, in another language: the same key.
            let key = hit.key;
            let same_label = |s: &layout::Segment| {
                let t = s.text();
                std::iter::once(t.as_str())
                    .chain(t.split('/').map(str::trim))
                    .any(|part| labels::match_label(part).is_some_and(|h| h.key == key))
            };
            let prefer_below = text.contains('/') || header;
            // A row that starts with a value and ends with a bare label (no value of
            // its own after it): the caption follows its entry. (Running text that
            // ends "паспорт № 297742514" does not read that way.)
            let value_first = row.len() >= 2
                && row.first().is_some_and(usable)
                && row.last().is_some_and(|s| {
                    labels::match_label(&s.text()).is_some_and(|h| h.value.is_none())
                });
            for s in layout.value_near(seg, &usable, &same_label, prefer_below, value_first) {
                candidates.push((s.text(), s.toks.iter().collect()));
            }
            for (v, toks) in candidates {
                let vals = values::normalise(hit.key, &v);
                if vals.is_empty() {
                    continue;
                }
                for (name, value) in vals {
                    let own = toks_of_value(&toks, &value);
                    fields
                        .entry(name.to_string())
                        .or_insert_with(|| field_from(page, value, &v, &own, 1.0));
                }
                break;
            }
        }
    }
}

/// "ГАРСИЯ МАЙКЛ ДЭВИД / GARCIA" with "MICHAEL DAVID" on the next line: the Latin half
/// of a bilingual full name that ran out of room, joined up again. Only when the Latin
/// half has fewer words than the Cyrillic one and the next line is nothing but Latin
/// capitals.
fn wrapped_latin_name(value: &str, below: &[&Tok]) -> Option<String> {
    let (cyrillic, latin) = value.rsplit_once('/')?;
    let words = |s: &str| s.split_whitespace().count();
    let next: Vec<&str> = below.iter().map(|t| t.text.as_str()).collect();
    let capitals = !next.is_empty()
        && next.len() <= 3
        && next.iter().all(|w| {
            w.chars()
                .all(|c| c.is_ascii_uppercase() || c == '-' || c == '\'')
        });
    (capitals && words(latin) >= 1 && words(latin) + next.len() <= words(cyrillic))
        .then(|| format!("{} {}", value.trim_end(), next.join(" ")))
}

fn inline_iin() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"(?i)(?:^|[^\p{L}\p{N}_])(ИИН|ЖСН|IIN|БИН|БСН|BIN)(?:[^\p{L}\p{N}_][^0-9]{0,11})?((?:\d\s?){11}\d)(?:[^\p{L}\p{N}_]|$)",
        )
            .unwrap_or_else(|_| unreachable!())
    })
}

fn translator_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)(перевод\w*\s.{0,120}выполнен|переводчик|аудармашы|аударманы|translated by|translator)")
            .unwrap_or_else(|_| unreachable!())
    })
}

fn notary_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"(?i)(нотариус|нотариальн|свидетельствую подлинность|куәландырамын|notary|notarial)",
        )
        .unwrap_or_else(|_| unreachable!())
    })
}

/// A person named in running text the way Russian and Kazakh documents do it: the
/// name in Cyrillic capitals, then in Latin capitals in brackets ("гражданина ВАН
/// ЦЗИН (WANG JING), 09.03.1985 года рождения", "Я, ЧО ДЖИУ (CHO JIWOO)").
fn prose_name_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"(?:((?:[А-ЯЁӘҒҚҢӨҰҮҺІ][А-ЯЁӘҒҚҢӨҰҮҺІ-]+\s+){0,3}[А-ЯЁӘҒҚҢӨҰҮҺІ][А-ЯЁӘҒҚҢӨҰҮҺІ-]+)\s*)?\(([A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+){1,3})\)",
        )
        .unwrap_or_else(|_| unreachable!())
    })
}

/// Step 3: IIN/BIN written inline, valid 12-digit numbers anywhere, names in running
/// text, and the translator / notary flags.
fn inline_fields(page: &PageText, layout: &Layout, fields: &mut BTreeMap<String, Field>) {
    for row in &layout.rows {
        let row_toks: Vec<&Tok> = row.iter().flat_map(|s| s.toks.iter()).collect();
        let text = row_toks
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for c in inline_iin().captures_iter(&text) {
            let (Some(label), Some(num)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let digits: String = num.as_str().chars().filter(char::is_ascii_digit).collect();
            let name = match label.as_str().to_uppercase().as_str() {
                "БИН" | "БСН" | "BIN" => "bin",
                _ => "iin",
            };
            let toks = toks_matching(&row_toks, num.as_str());
            fields
                .entry(name.to_string())
                .or_insert_with(|| field_from(page, digits, num.as_str(), &toks, 1.0));
        }
        for t in &row_toks {
            let d: String = t.text.chars().filter(|c| c.is_ascii_digit()).collect();
            if d.len() != 12 || t.text.chars().filter(|c| c.is_alphanumeric()).count() != 12 {
                continue;
            }
            let name = match iin::classify(&d) {
                iin::IdKind::Iin if iin::parse_iin(&d).is_ok() => "iin",
                iin::IdKind::Bin if iin::parse_bin(&d).is_ok() => "bin",
                _ => continue,
            };
            fields
                .entry(name.to_string())
                .or_insert_with(|| field_from(page, d.clone(), &t.text, &[*t], 0.9));
        }
        if let Some(c) = prose_name_re().captures(&text) {
            let latin = c.get(2).map_or("", |m| m.as_str());
            // As many Cyrillic words as Latin ones, from the end ("Корея ПАК СОЁН").
            let words = latin.split_whitespace().count();
            let cyrillic: Vec<&str> = c
                .get(1)
                .map_or("", |m| m.as_str())
                .split_whitespace()
                .collect();
            let cyrillic = cyrillic[cyrillic.len().saturating_sub(words)..].join(" ");
            let raw = c.get(0).map_or("", |m| m.as_str());
            let v = format!("{cyrillic} / {latin}");
            let toks = toks_matching(&row_toks, raw);
            for (name, value) in values::normalise(labels::Key::FullName, &v) {
                let own = toks_of_value(&toks, &value);
                fields
                    .entry(name.to_string())
                    .or_insert_with(|| field_from(page, value, raw, &own, 1.0));
            }
        }
        for (re, name) in [
            (translator_re(), "translator_statement"),
            (notary_re(), "notary_certification"),
        ] {
            if let Some(m) = re.find(&text) {
                let toks = toks_matching(&row_toks, m.as_str());
                fields
                    .entry(name.to_string())
                    .or_insert_with(|| field_from(page, "true".into(), m.as_str(), &toks, 1.0));
            }
        }
    }
}

/// The tokens a normalised value came from ("ИВАНОВ" out of "ИВАНОВ / IVANOV"),
/// or all of them when the value was reshaped beyond recognition (dates).
fn toks_of_value<'a>(toks: &[&'a Tok], value: &str) -> Vec<&'a Tok> {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let v = key(value);
    let own: Vec<&Tok> = toks
        .iter()
        .copied()
        .filter(|t| {
            let k = key(&t.text);
            !k.is_empty() && v.contains(&k)
        })
        .collect();
    if own.is_empty() {
        toks.to_vec()
    } else {
        own
    }
}

/// The tokens whose text occurs in `s` (for evidence boxes of inline matches).
fn toks_matching<'a>(toks: &[&'a Tok], s: &str) -> Vec<&'a Tok> {
    let found: Vec<&Tok> = toks
        .iter()
        .copied()
        .filter(|t| t.text.chars().count() >= 2 && s.contains(t.text.as_str()))
        .collect();
    if found.is_empty() {
        toks.to_vec()
    } else {
        found
    }
}

/// The latest date on the document not after `as_of` (a certificate's date is
/// usually its latest), at reduced confidence.
fn fallback_document_date(
    layouts: &[(&PageText, Layout)],
    as_of: NaiveDate,
    fields: &mut BTreeMap<String, Field>,
) {
    let birth = fields.get("date_of_birth").map(|f| f.value.clone());
    let mut best: Option<(NaiveDate, Field)> = None;
    for (page, layout) in layouts {
        for seg in layout.rows.iter().flatten() {
            let text = seg.text();
            for f in dates::find_dates(&text) {
                let iso = f.date.format("%Y-%m-%d").to_string();
                if f.date > as_of || birth.as_deref() == Some(iso.as_str()) {
                    continue;
                }
                if best.as_ref().is_none_or(|(d, _)| f.date > *d) {
                    let toks = seg.toks_in(f.start, f.end);
                    best = Some((f.date, field_from(page, iso, &f.text, &toks, 0.8)));
                }
            }
        }
    }
    if let Some((_, f)) = best {
        fields.insert("document_date".into(), f);
    }
}

/// Step 1: the MRZ of a page, from its MRZ pass or from its text.
fn read_mrz(page: &PageText, layout: &Layout, as_of: NaiveDate) -> Option<ReadZone> {
    let mut cells = Vec::new();
    let (mut m, bbox, conf) = match &page.mrz {
        Some(lines) => {
            // Cells dossier's recogniser read surely are never repaired by the parser.
            let m = mrz::parse_lines(lines, as_of)
                .ok()
                .or_else(|| mrz::find_and_parse(&lines.lines.join("\n"), as_of))?;
            let bbox = (lines.bbox.w > 0).then_some(lines.bbox);
            if m.raw == lines.lines {
                cells = lines.cells.clone();
            }
            (m, bbox, lines.confidence)
        }
        None => {
            let text = if page.text.trim().is_empty() {
                layout
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|s| s.text()).collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                page.text.clone()
            };
            let m = mrz::find_and_parse(&text, as_of)?;
            // Box and confidence from the rows that hold the zone's lines.
            let squash = |s: &str| -> String {
                s.chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_uppercase()
            };
            let raw: Vec<String> = m.raw.iter().map(|l| squash(l)).collect();
            let toks: Vec<&Tok> = layout
                .rows
                .iter()
                .filter(|r| {
                    let t = squash(&r.iter().map(|s| s.text()).collect::<String>());
                    raw.contains(&t)
                })
                .flat_map(|r| r.iter().flat_map(|s| s.toks.iter()))
                .collect();
            let conf = if page.source == TextSource::TextLayer {
                100.0
            } else {
                mean_conf(toks.iter().copied())
            };
            (m, union(toks.iter().copied()), conf)
        }
    };
    set_check_certainty(&mut m, &cells);
    let report = MrzReport {
        format: m.format,
        raw: m.raw.clone(),
        repaired: m.repaired.clone(),
        checks: m.checks.clone(),
        valid: m.valid(),
        confidence: conf,
        evidence: Evidence {
            file: page.page.file.clone(),
            page: page.page.page,
            bbox,
            text: None,
            confidence: Some(conf),
        },
    };
    Some(ReadZone { m, report, cells })
}

/// A zone as parsed, with its report and, when dossier's recogniser read it, its cells.
struct ReadZone {
    m: mrz::Mrz,
    report: MrzReport,
    cells: Vec<Vec<MrzCell>>,
}

/// Each check's certainty from the cells it covers (when the recogniser read them).
fn set_check_certainty(m: &mut mrz::Mrz, cells: &[Vec<MrzCell>]) {
    if cells.is_empty() {
        return;
    }
    let layout = mrz::check_layout(m.format);
    for check in &mut m.checks {
        let Some(l) = layout.iter().find(|l| l.field == check.field) else {
            continue;
        };
        check.certainty = l
            .positions()
            .map(|(line, c)| {
                cells
                    .get(line)
                    .and_then(|cs| cs.get(c))
                    .map(MrzCell::certainty)
            })
            .try_fold(1.0f32, |acc, c| c.map(|c| acc.min(c)))
            .map(|c| 100.0 * c);
    }
}

/// The least certainty (0–100) of a field's cells, and the box around them.
fn cells_of(cells: &[Vec<MrzCell>], format: mrz::MrzFormat, span: &str) -> Option<(f32, BBox)> {
    let (line, start, end) = mrz::field_span(format, span)?;
    let cs = cells.get(line)?.get(start..end)?;
    let certainty = cs.iter().map(MrzCell::certainty).fold(1.0f32, f32::min);
    let bbox = cs.iter().fold(BBox::default(), |b, c| b.union(c.bbox));
    Some((100.0 * certainty, bbox))
}

/// The box of one field inside the zone's box (OCR-B is monospaced).
fn span_box(zone: Option<BBox>, format: mrz::MrzFormat, field: &str) -> Option<BBox> {
    let z = zone?;
    let (line, start, end) = mrz::field_span(format, field)?;
    let (lines, width) = mrz::dimensions(format);
    let cw = z.w as f32 / width as f32;
    let lh = z.h as f32 / lines as f32;
    Some(BBox {
        x: z.x + (start as f32 * cw) as u32,
        y: z.y + (line as f32 * lh) as u32,
        w: ((end - start) as f32 * cw).ceil() as u32,
        h: lh.ceil() as u32,
    })
}

/// Whether two Latin names differ only by filler look-alikes (`K`, `C`, `S`, `L`)
/// and spaces: one, without spaces, is the other with such letters inserted.
fn filler_misread(visual: &str, mrz: &str) -> bool {
    let a: Vec<char> = visual.chars().filter(|c| !c.is_whitespace()).collect();
    let b: Vec<char> = mrz.chars().filter(|c| !c.is_whitespace()).collect();
    if a == b {
        return false;
    }
    let (short, long) = if a.len() < b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let mut i = 0;
    for &c in long.iter() {
        if i < short.len() && short[i] == c {
            i += 1;
        } else if !matches!(c, 'K' | 'C' | 'S' | 'L') {
            return false;
        }
    }
    i == short.len() && !short.is_empty()
}

/// How an MRZ field no check digit covers (names, nationality, sex) meets the same
/// field read from the visual zone.
#[derive(Debug, PartialEq)]
enum Unchecked {
    /// Both readings say the same: two independent reads of one printed value, so
    /// the field takes the better of the two confidences.
    Agree(f32),
    /// They differ and the visual reading is the surer one (or the MRZ's country is
    /// no country at all): nothing vouches for the MRZ's characters, keep the visual.
    KeepVisual,
    /// They differ and the MRZ reading is at least as sure.
    TakeMrz,
}

fn unchecked_merge(visual: &str, visual_conf: f32, mrz_value: &str, mrz_conf: f32) -> Unchecked {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let (v, m) = (squash(visual), squash(mrz_value));
    let finite = |c: f32| if c.is_finite() { c } else { 0.0 };
    let (vc, mc) = (finite(visual_conf), finite(mrz_conf));
    if !v.is_empty() && v == m {
        return Unchecked::Agree(vc.max(mc));
    }
    let mrz_is_code = m.len() == 3 && m.chars().all(|c| c.is_ascii_uppercase());
    if mrz_is_code && country::to_alpha3(&m).is_none() && country::to_alpha3(&v).is_some() {
        return Unchecked::KeepVisual;
    }
    // A visual "name" that is not the MRZ's name misread never replaces the MRZ's: a
    // Cyrillic name read as Latin (ХОХЛОВА as XOXJIOBA, КУЗНЕЦОВ as KY HELLOB) comes
    // out at Tesseract confidences above 85, so confidence cannot tell them apart.
    // (0.6: an OCR slip of two letters in a five-letter name, PRIYA/PRILY, counts as
    // the same name.)
    let same_name = m.len() > 3 && names::compare(&v, &m).score >= 0.6;
    if vc > mc && (same_name || m.len() <= 3) {
        Unchecked::KeepVisual
    } else {
        Unchecked::TakeMrz
    }
}

/// One field as the zone gives it: the field's name, the zone span it is read from
/// (as [`mrz::field_span`] names it), its value, and the verdict of the check digit
/// that covers it (`None`: no digit covers it).
struct ZoneField {
    name: &'static str,
    span: &'static str,
    value: Option<String>,
    check: Option<bool>,
}

/// The fields a zone gives, with their check verdicts.
fn zone_fields(m: &mrz::Mrz) -> Vec<ZoneField> {
    let check_ok = |name: &str| m.checks.iter().find(|c| c.field == name).map(|c| c.ok);
    let iso = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let alpha3 = |code: &str| {
        country::to_alpha3(code)
            .map(str::to_string)
            .unwrap_or_else(|| code.to_string())
    };
    let kaz = m.issuing_state == "KAZ" || m.nationality == "KAZ";
    let iin_digits =
        (kaz && m.optional_data.len() == 12 && m.optional_data.chars().all(|c| c.is_ascii_digit()))
            .then(|| m.optional_data.clone());
    let field = |name, span, value, check| ZoneField {
        name,
        span,
        value,
        check,
    };
    vec![
        field("surname", "names", Some(m.surname.clone()), None),
        field("given_names", "names", Some(m.given_names.clone()), None),
        field(
            "document_number",
            "document_number",
            Some(m.document_number.clone()),
            check_ok("document_number"),
        ),
        field(
            "nationality",
            "nationality",
            Some(alpha3(&m.nationality)),
            None,
        ),
        field(
            "issuing_country",
            "issuing_state",
            Some(alpha3(&m.issuing_state)),
            None,
        ),
        field(
            "date_of_birth",
            "date_of_birth",
            iso(m.date_of_birth),
            check_ok("date_of_birth"),
        ),
        field(
            "date_of_expiry",
            "date_of_expiry",
            iso(m.date_of_expiry),
            check_ok("date_of_expiry"),
        ),
        field(
            "sex",
            "sex",
            matches!(m.sex, 'M' | 'F' | 'X').then(|| m.sex.to_string()),
            None,
        ),
        field(
            "iin",
            "optional_data",
            iin_digits,
            check_ok("personal_number").or(check_ok("composite")),
        ),
    ]
}

/// How sure a zone field is (0–100), and the box of its cells when dossier's
/// recogniser read it. Read by the recogniser, a field is as sure as its least sure
/// cell. A holding check digit vouches for a field, unless the zone was read faintly
/// and the field only holds after look-alikes were swapped: one wrong swap in ten
/// satisfies a digit (and in TD3 the composite repeats the number's sum).
fn zone_confidence(zone: &ReadZone, f: &ZoneField, faint_below: f32) -> (f32, Option<BBox>) {
    let m = &zone.m;
    let repaired = {
        let raw = mrz::field_span(m.format, f.span).and_then(|(line, start, end)| {
            m.raw.get(line).and_then(|l| {
                let cs: Vec<char> = l.chars().collect();
                (cs.len() == m.repaired.get(line).map_or(0, |r| r.chars().count()))
                    .then(|| cs.get(start..end).map(|c| c.iter().collect::<String>()))
                    .flatten()
            })
        });
        raw != repaired_text(m, f.span)
    };
    let cells = cells_of(&zone.cells, m.format, f.span);
    let (base, faint) = match cells {
        Some((c, _)) => (c, c < 100.0 * MrzCell::SURE),
        None => (zone.report.confidence, zone.report.confidence < faint_below),
    };
    let vouched = !(repaired && faint);
    let conf = match f.check {
        Some(true) if vouched => base.max(95.0),
        Some(true) => base,
        Some(false) => base * 0.5,
        None => base,
    };
    (conf, cells.map(|(_, b)| b))
}

/// The repaired characters of a zone span, as evidence text.
fn repaired_text(m: &mrz::Mrz, span: &str) -> Option<String> {
    let (line, start, end) = mrz::field_span(m.format, span)?;
    let l = m.repaired.get(line)?;
    l.get(start..end).map(str::to_string)
}

/// Puts the MRZ's fields over the visual ones (see the module header).
fn merge_mrz(zone: &ReadZone, fields: &mut BTreeMap<String, Field>, faint_below: f32) {
    let (m, report) = (&zone.m, &zone.report);
    for f in zone_fields(m) {
        let Some(value) = f.value.clone().filter(|v| !v.is_empty()) else {
            continue;
        };
        let name = f.name;
        if f.check == Some(false) && fields.contains_key(name) {
            // The visual zone printed it and the MRZ's own check fails: keep visual.
            continue;
        }
        if f.span == "names"
            && fields
                .get(name)
                .is_some_and(|v| filler_misread(&v.value, &value))
        {
            // The MRZ name differs from the printed one only by letters that are
            // fillers misread (`JAMESK`, `ANNAKMARIA`): no check digit covers
            // names, the visual zone is the better reading.
            continue;
        }
        let (mut conf, cells_box) = zone_confidence(zone, &f, faint_below);
        if f.check.is_none() {
            if let Some(visual) = fields.get(name) {
                match unchecked_merge(&visual.value, visual.confidence, &value, conf) {
                    Unchecked::Agree(c) => conf = c,
                    Unchecked::KeepVisual => continue,
                    Unchecked::TakeMrz => {}
                }
            }
        }
        fields.insert(
            name.to_string(),
            Field {
                value: value.clone(),
                confidence: conf,
                method: FieldMethod::Mrz,
                source: Evidence {
                    file: report.evidence.file.clone(),
                    page: report.evidence.page,
                    bbox: cells_box.or_else(|| span_box(report.evidence.bbox, m.format, f.span)),
                    text: repaired_text(m, f.span).or(Some(value)),
                    confidence: Some(conf),
                },
            },
        );
    }
}
