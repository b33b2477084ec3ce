//! `dossier inspect FILE`: what the reading half made of one file, page by page, for a
//! person debugging a scan — the kind and why, each field with value, confidence and
//! source, each MRZ check, and on request the OCR text.

use std::fmt::Write as _;

use serde::Serialize;

use crate::display::escape;
use crate::model::{Document, PageText, ReadProblem, TextSource};

/// What `inspect` renders. The pipeline's inspection result implements it, so this
/// module does not depend on the pipeline's types.
pub trait Inspected {
    /// The file's path as given.
    fn file(&self) -> &str;
    /// Every page's text, in order.
    fn pages(&self) -> &[PageText];
    /// The documents found in the file.
    fn documents(&self) -> &[Document];
    /// What could not be read.
    fn problems(&self) -> &[ReadProblem];
}

#[derive(Serialize)]
struct InspectView<'a> {
    file: &'a str,
    pages: &'a [PageText],
    documents: &'a [Document],
    problems: &'a [ReadProblem],
}

/// The inspection as pretty JSON: the model's own serialisation, every word included.
pub fn inspect_json(i: &dyn Inspected) -> String {
    let view = InspectView {
        file: i.file(),
        pages: i.pages(),
        documents: i.documents(),
        problems: i.problems(),
    };
    let mut out = serde_json::to_string_pretty(&view).unwrap_or_else(|e| {
        format!(
            "{{\"error\": {}}}",
            serde_json::Value::String(e.to_string())
        )
    });
    out.push('\n');
    out
}

/// The inspection as text; `show_text` adds each page's OCR text.
pub fn inspect_text(i: &dyn Inspected, show_text: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", escape(i.file()));
    for p in i.pages() {
        let source = match p.source {
            TextSource::TextLayer => "text layer".to_string(),
            TextSource::Ocr => format!(
                "OCR {}x{}, turned {}°, {} words",
                p.width,
                p.height,
                p.rotation,
                p.words.len()
            ),
        };
        let _ = writeln!(
            out,
            "  page {}: {source}, confidence {:.0}{}",
            p.page.page,
            p.confidence,
            if p.mrz.is_some() { ", MRZ found" } else { "" }
        );
        if show_text {
            for line in p.text.lines() {
                let _ = writeln!(out, "    | {}", escape(line));
            }
            if let Some(m) = &p.mrz {
                for line in &m.lines {
                    let _ = writeln!(out, "    MRZ | {}", escape(line));
                }
                write_cells(&mut out, &m.cells);
            }
        }
    }
    for pr in i.problems() {
        let page = pr.page.map(|p| format!(" page {p}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  cannot read {}{page}: {}",
            escape(&pr.file),
            escape(&pr.reason)
        );
    }
    for (n, d) in i.documents().iter().enumerate() {
        let pages: Vec<String> = d.pages.iter().map(u32::to_string).collect();
        let _ = writeln!(
            out,
            "\ndocument {}: {} (confidence {:.2}), page {}",
            n + 1,
            escape(&d.kind),
            d.confidence,
            pages.join(", ")
        );
        for e in &d.evidence {
            let _ = writeln!(
                out,
                "  because {} {} ({:.2})",
                escape(&e.signal),
                escape(&e.detail),
                e.weight
            );
        }
        let width = d.fields.keys().map(String::len).max().unwrap_or(0);
        for (name, f) in &d.fields {
            let bbox = f
                .source
                .bbox
                .map(|b| format!(" at {},{} {}x{}", b.x, b.y, b.w, b.h))
                .unwrap_or_default();
            let read = f
                .source
                .text
                .as_deref()
                .filter(|t| *t != f.value)
                .map(|t| format!(", read \"{}\"", escape(t)))
                .unwrap_or_default();
            let method = serde_json::to_value(f.method)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {name:<width$}  {}  ({method}, confidence {:.0}, page {}{bbox}{read})",
                escape(&f.value),
                f.confidence,
                f.source.page
            );
        }
        if let Some(m) = &d.mrz {
            let _ = writeln!(
                out,
                "  MRZ {}: {} (confidence {:.0})",
                m.format.name(),
                if m.valid {
                    "every check digit holds"
                } else {
                    "a check digit fails"
                },
                m.confidence
            );
            for (raw, fixed) in m.raw.iter().zip(&m.repaired) {
                if raw == fixed {
                    let _ = writeln!(out, "    {}", escape(raw));
                } else {
                    let _ = writeln!(out, "    {}  ->  {}", escape(raw), escape(fixed));
                }
            }
            for c in &m.checks {
                let _ = writeln!(
                    out,
                    "    {:<16} printed {} computed {}  {}",
                    c.field,
                    c.expected,
                    c.computed,
                    if c.ok { "ok" } else { "FAILS" }
                );
            }
        }
    }
    out
}

/// Every cell of a zone dossier's recogniser read: the symbol chosen and its score,
/// the runner-up and its score, four cells a row; `*` marks a symbol a check digit
/// chose over a better-scoring one.
fn write_cells(out: &mut String, cells: &[Vec<crate::model::MrzCell>]) {
    if cells.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "    MRZ cells: column, symbol and score, runner-up and score (* chosen by a check digit)"
    );
    for (n, line) in cells.iter().enumerate() {
        for (row, chunk) in line.chunks(4).enumerate() {
            let items: Vec<String> = chunk
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    format!(
                        "{:>2} {}{} {:.2} {} {:.2}",
                        row * 4 + k + 1,
                        c.ch,
                        if c.by_check { '*' } else { ' ' },
                        c.score,
                        c.alt,
                        c.alt_score
                    )
                })
                .collect();
            let label = if row == 0 {
                format!("line {}", n + 1)
            } else {
                String::new()
            };
            let _ = writeln!(out, "    {label:<7}| {}", items.join(" | "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PageRef;
    use crate::report::fixtures;

    struct Fake {
        pages: Vec<PageText>,
        documents: Vec<Document>,
        problems: Vec<ReadProblem>,
    }

    impl Inspected for Fake {
        fn file(&self) -> &str {
            "passport.png"
        }
        fn pages(&self) -> &[PageText] {
            &self.pages
        }
        fn documents(&self) -> &[Document] {
            &self.documents
        }
        fn problems(&self) -> &[ReadProblem] {
            &self.problems
        }
    }

    fn fake() -> Fake {
        let r = fixtures::report();
        Fake {
            pages: vec![PageText {
                page: PageRef {
                    file: "passport.png".into(),
                    page: 1,
                },
                source: TextSource::Ocr,
                width: 2480,
                height: 3508,
                rotation: 90,
                skew: 0.0,
                words: vec![],
                text: "PASSPORT\nMUELLER".into(),
                confidence: 88.4,
                mrz: None,
                tones: None,
            }],
            documents: r.packages[0].documents.clone(),
            problems: vec![ReadProblem::new("passport.png", Some(2), "blank page")],
        }
    }

    #[test]
    fn text_shows_pages_fields_and_optionally_ocr_text() {
        let f = fake();
        let out = inspect_text(&f, false);
        assert!(out.contains("page 1: OCR 2480x3508, turned 90°, 0 words, confidence 88"));
        assert!(out.contains("document 1: passport (confidence 0.97), page 1"));
        assert!(out.contains("because mrz TD3"));
        assert!(
            out.contains("surname        MUELLER  (mrz, confidence 92, page 1 at 10,20 300x40)")
        );
        assert!(out.contains("cannot read passport.png page 2: blank page"));
        assert!(!out.contains("| PASSPORT"));
        assert!(inspect_text(&f, true).contains("    | PASSPORT\n    | MUELLER\n"));
    }

    #[test]
    fn a_phrase_title_shows_the_text_it_matched_and_its_edits() {
        let text = include_str!("../../../../schemas/kinds.toml");
        let vocab = crate::schema::kinds::parse(std::path::Path::new("schemas/kinds.toml"), text)
            .expect("kinds.toml loads");
        let mut f = fake();
        f.pages[0].text = "УВЕДОМЛЕНИЕ\n0 прибытии иностранца\nПринимающая сторона: ТОО".into();
        f.documents = crate::classify::classify("passport.png", &f.pages, &vocab)
            .into_iter()
            .map(|c| crate::model::Document::new(c, std::collections::BTreeMap::new(), None))
            .collect();
        let shown = "title ru: \"уведомление о прибытии\" read \"УВЕДОМЛЕНИЕ 0 прибытии\" (exact)";
        assert!(
            inspect_text(&f, false).contains(&format!("because {shown} (6.00)")),
            "{}",
            inspect_text(&f, false)
        );
        let v: serde_json::Value = serde_json::from_str(&inspect_json(&f)).expect("json");
        let evidence = v["documents"][0]["evidence"].as_array().expect("evidence");
        assert!(evidence
            .iter()
            .any(|e| e["signal"] == "title" && e["detail"] == shown.trim_start_matches("title ")));
    }

    #[test]
    fn text_escapes_read_text_and_reasons() {
        let mut f = fake();
        f.pages[0].text = "PASSPORT\x1b[2J\u{202e}\nMUELLER\u{7}".into();
        f.problems[0].reason = "bad\nPASS".into();
        f.documents[0]
            .fields
            .get_mut("surname")
            .expect("surname")
            .value = "MUEL\x1bLER".into();
        let out = inspect_text(&f, true);
        assert!(!out.contains('\x1b') && !out.contains('\u{202e}') && !out.contains('\u{7}'));
        assert!(
            out.contains("    | PASSPORT\\x1b[2J\\u{202e}\n    | MUELLER\\x07\n"),
            "{out}"
        );
        assert!(
            out.contains("cannot read passport.png page 2: bad\\nPASS\n"),
            "{out}"
        );
        assert!(out.contains("MUEL\\x1bLER"), "{out}");
    }

    #[test]
    fn json_is_the_model() {
        let v: serde_json::Value = serde_json::from_str(&inspect_json(&fake())).expect("json");
        assert_eq!(v["file"], "passport.png");
        assert_eq!(v["pages"][0]["rotation"], 90);
        assert_eq!(v["documents"][0]["fields"]["surname"]["method"], "mrz");
        assert_eq!(v["problems"][0]["page"], 2);
    }
}
