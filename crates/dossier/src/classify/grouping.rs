//! Groups page verdicts of one file into documents, and reports a file name that
//! disagrees with the content. The rules are in the parent module's header.

use super::{file_hints, PageVerdict, UNRECOGNIZED};
use crate::model::{ClassEvidence, Classified, KindId};
use crate::schema::kinds::KindVocabulary;

/// A document being assembled.
struct Draft {
    kind: Option<KindId>,
    pages: Vec<u32>,
    confidence: f32,
    evidence: Vec<ClassEvidence>,
}

impl Draft {
    fn start(v: &PageVerdict) -> Draft {
        Draft {
            kind: v.kind.clone(),
            pages: vec![v.page],
            confidence: v.confidence,
            evidence: v.evidence.clone(),
        }
    }

    fn join(&mut self, v: &PageVerdict, signal: &str, why: String) {
        self.pages.push(v.page);
        self.evidence.push(ClassEvidence {
            signal: signal.to_string(),
            detail: format!("page {}: {why}", v.page),
            weight: 0.0,
        });
    }
}

fn describe(kind: &Option<KindId>) -> &str {
    kind.as_ref().map_or(UNRECOGNIZED, KindId::as_str)
}

/// Applies the grouping rules to the verdicts of one file, in page order.
pub(super) fn group(
    file: &str,
    verdicts: &[PageVerdict],
    vocab: &KindVocabulary,
) -> Vec<Classified> {
    let rules = &vocab.rules;
    let standalone = |k: &Option<KindId>| {
        k.as_ref()
            .and_then(|id| rules.kind(id.as_str()))
            .is_some_and(|k| k.standalone)
    };
    let merges = |k: &Option<KindId>| {
        k.as_ref()
            .and_then(|id| rules.kind(id.as_str()))
            .is_none_or(|k| k.merge_same)
    };

    let mut drafts: Vec<Draft> = Vec::new();
    for v in verdicts {
        let Some(d) = drafts.last_mut() else {
            drafts.push(Draft::start(v));
            continue;
        };
        let same = d.kind.is_some() && d.kind == v.kind;
        if standalone(&v.kind) {
            // An apostille is its own document; only a weak page of the same kind
            // (a second page of it) continues it.
            if same && !v.strong {
                d.join(
                    v,
                    "continuation",
                    format!("continues the {}", describe(&d.kind)),
                );
            } else {
                drafts.push(Draft::start(v));
            }
        } else if standalone(&d.kind) {
            drafts.push(Draft::start(v));
        } else if let Some(sig) = v
            .attach
            .as_ref()
            .filter(|_| d.kind.is_some() && (same || !v.strong))
        {
            d.join(
                v,
                "attached",
                format!("{sig} certifies the {}", describe(&d.kind)),
            );
        } else if v.strong {
            if same && merges(&v.kind) {
                d.join(
                    v,
                    "continuation",
                    format!("another page of the {}", describe(&d.kind)),
                );
            } else {
                drafts.push(Draft::start(v));
            }
        } else if d.kind.is_none() && v.kind.is_some() {
            drafts.push(Draft::start(v));
        } else {
            d.join(
                v,
                "continuation",
                format!(
                    "no strong signal of its own; continues the {}",
                    describe(&d.kind)
                ),
            );
        }
    }

    drafts
        .into_iter()
        .map(|d| Classified {
            file: file.to_string(),
            pages: d.pages,
            kind: d.kind.unwrap_or_else(KindId::unrecognized),
            confidence: d.confidence,
            evidence: d.evidence,
        })
        .collect()
}

/// When the file name hints at kinds and no document of the file has one of them, every
/// document gets a `file_name_disagrees` evidence (the report turns it into a warning).
pub(super) fn note_file_name_disagreement(
    file: &str,
    docs: &mut [Classified],
    vocab: &KindVocabulary,
) {
    let hints = file_hints(file, vocab);
    if hints.is_empty() || docs.iter().any(|d| hints.iter().any(|(k, _)| *k == d.kind)) {
        return;
    }
    let suggested: Vec<String> = hints.iter().map(|(k, h)| format!("{k} ({h:?})")).collect();
    for d in docs {
        d.evidence.push(ClassEvidence {
            signal: "file_name_disagrees".to_string(),
            detail: format!(
                "the file name suggests {} but the content says {}",
                suggested.join(" or "),
                d.kind
            ),
            weight: 0.0,
        });
    }
}
