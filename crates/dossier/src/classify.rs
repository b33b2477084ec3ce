//! Classification: gives every page of a file a document kind, with the evidence that
//! decided it and a confidence, then groups consecutive pages into documents.
//!
//! What each kind looks like is data (`schemas/kinds.toml`, compiled by
//! [`crate::schema::kinds`]): title patterns, body keywords, negative words, structural
//! signals (an MRZ of a given format, the apostille's numbered fields, a notary's
//! certification, a translator's statement) and file-name hints. This module only scores
//! pages against that data and applies the grouping rules:
//!
//! - a page with a strong signal (a title, an MRZ, the apostille's fields) starts a new
//!   document, unless the document before is of the same kind and that kind merges;
//! - a page with no strong signal of its own continues the document before it;
//! - a notary's certification page joins the document it certifies (a translation, a
//!   power of attorney, a copy);
//! - an apostille is always a document of its own;
//! - file names only break ties, and a file name that suggests another kind than the
//!   content is reported as `file_name_disagrees` evidence, never obeyed.
//!
//! OCR text is noisy, so matching runs on a normalised form ([`normalize`]): lower case,
//! punctuation and whitespace collapsed, and letters that Tesseract confuses across
//! Latin, Russian and Kazakh folded to one form (the patterns are folded the same way).
//! Plain-word `phrase` patterns go further ([`phrase`]): digits read for letters are
//! folded too, spaces and punctuation are ignored, and a few edits by the phrase's length
//! are forgiven; their evidence quotes the text they matched as read.

use crate::model::{ClassEvidence, Classified, KindId, PageText};
use crate::schema::kinds::{KindSignals, KindVocabulary, List, Matcher, Pattern};

mod grouping;
mod mrz;

use crate::text::normalize_lines;
use crate::text::phrase::{CanonText, Hit};
pub use crate::text::{fold_char, normalize};

pub use mrz::{detect_mrz, MrzSighting};

pub use crate::schema::kinds::UNRECOGNIZED;

/// A title is a short line (at most `TITLE_MAX_WORDS` words) among the first
/// `TITLE_ZONE_LINES` lines of a page; the same words further down are body text.
const TITLE_ZONE_LINES: usize = 4;
const TITLE_MAX_WORDS: usize = 8;

/// The byte ranges of the normalised text that may hold a title.
fn title_zones(norm: &str, starts: &[usize]) -> Vec<(usize, usize)> {
    (0..starts.len().min(TITLE_ZONE_LINES))
        .map(|i| (starts[i], starts.get(i + 1).copied().unwrap_or(norm.len())))
        .filter(|&(a, b)| {
            norm.get(a..b)
                .is_some_and(|l| l.split_whitespace().count() <= TITLE_MAX_WORDS)
        })
        .collect()
}

/// The byte ranges of the page text (as read) that may hold a title: the same lines as
/// [`title_zones`] picks in the normalised text.
fn text_title_zones(text: &str) -> Vec<(usize, usize)> {
    let mut zones = Vec::new();
    let mut at = 0;
    let mut lines = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if !line.chars().any(char::is_alphanumeric) {
            continue;
        }
        lines += 1;
        if lines > TITLE_ZONE_LINES {
            break;
        }
        if normalize(line).split_whitespace().count() <= TITLE_MAX_WORDS {
            zones.push((start, at));
        }
    }
    zones
}

/// Pages with fewer letters than this (and no MRZ) carry the `nearly_no_text` signal.
const NEARLY_NO_TEXT_LETTERS: usize = 12;

/// The least size, in pixels of the short side, of what a page shows for it to be a
/// photograph: an ID photo is 35 × 45 mm, and 35 mm scanned at 150 dpi (the least an
/// office scans at) is 207 px. A thumbnail or a 1 × 1 image is no usable photo.
pub const PHOTO_MIN_SIDE_PX: u32 = 200;
/// The least grey-level spread (95th − 5th percentile) inside a photograph: a face
/// against its backdrop spans far more; a blank or nearly uniform page does not.
const PHOTO_MIN_SPREAD: u8 = 64;
/// The least share of mid tones and of occupied grey bands: a photograph's tones are
/// continuous; a signature, a stamp or a rule on paper is two or three tones.
const PHOTO_MIN_MID_TONES: f32 = 0.2;
const PHOTO_MIN_BANDS: u8 = 6;

/// `Some(detail)` when a page image looks like a photograph: its content is at least
/// [`PHOTO_MIN_SIDE_PX`] on the short side, not nearly uniform, with continuous tones.
fn photo_like(t: &crate::model::ImageTones) -> Option<String> {
    let side = t.content_width.min(t.content_height);
    (side >= PHOTO_MIN_SIDE_PX
        && t.spread >= PHOTO_MIN_SPREAD
        && t.mid_tones >= PHOTO_MIN_MID_TONES
        && t.bands >= PHOTO_MIN_BANDS)
        .then(|| {
            format!(
                "an image of {} × {} pixels with photo tones (spread {}, {:.0} % mid tones)",
                t.content_width,
                t.content_height,
                t.spread,
                t.mid_tones * 100.0
            )
        })
}

/// How one page scored against one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct KindScore {
    pub kind: KindId,
    pub score: f32,
    /// A title or a strong structural signal of this kind matched.
    pub strong: bool,
    /// The kind's `requires` are met: it may be assigned.
    pub eligible: bool,
    /// Every matched signal with its weight.
    pub evidence: Vec<ClassEvidence>,
}

/// The verdict on one page, before grouping.
#[derive(Debug, Clone, PartialEq)]
pub struct PageVerdict {
    /// 1-based page number.
    pub page: u32,
    /// The best kind that reaches its minimum score; `None` when no kind fits.
    pub kind: Option<KindId>,
    pub score: f32,
    /// 0–1, from the margin between the best kind and the runner-up.
    pub confidence: f32,
    /// The chosen kind has a strong signal on this page (may start a new document).
    pub strong: bool,
    /// The page carries a signal that attaches it to the document before (a notary's
    /// certification).
    pub attach: Option<String>,
    /// Why: the chosen kind's matched signals, the runner-up, file-name tie-breaks.
    pub evidence: Vec<ClassEvidence>,
    /// Every kind with a score above zero, best first (for `inspect`).
    pub scores: Vec<(KindId, f32)>,
}

/// Structural signals found on a page: (signal id, detail).
fn page_signals(page: &PageText, norm: &str, vocab: &KindVocabulary) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mrz = detect_mrz(page);
    if let Some(m) = &mrz {
        found.push((m.signal.to_string(), m.detail()));
    }
    let letters = norm.chars().filter(|c| c.is_alphabetic()).count();
    if mrz.is_none() && letters < NEARLY_NO_TEXT_LETTERS {
        found.push((
            "nearly_no_text".to_string(),
            format!("{letters} letters of text on the page"),
        ));
    }
    if let Some(detail) = page.tones.as_ref().and_then(photo_like) {
        found.push(("photo_like".to_string(), detail));
    }
    for s in &vocab.rules.signals {
        let hits = s.patterns.iter().filter(|p| p.is_match(norm)).count();
        if hits >= s.min_matches {
            found.push((
                s.id.clone(),
                format!(
                    "{hits} of {} patterns ({})",
                    s.patterns.len(),
                    s.description
                ),
            ));
        }
    }
    found
}

fn pattern_evidence(signal: &str, p: &Pattern, sign: f32) -> ClassEvidence {
    ClassEvidence {
        signal: signal.to_string(),
        detail: format!("{}: /{}/", p.lang.code(), p.source),
        weight: sign * p.weight,
    }
}

/// Evidence of a phrase: the phrase, the text it matched as read, and how far apart
/// they were.
fn phrase_evidence(signal: &str, p: &Pattern, hit: &Hit, text: &str, sign: f32) -> ClassEvidence {
    let read = text
        .get(hit.start..hit.end)
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let distance = match hit.distance {
        0 => "exact".to_string(),
        1 => "1 edit".to_string(),
        n => format!("{n} edits"),
    };
    ClassEvidence {
        signal: signal.to_string(),
        detail: format!(
            "{}: \"{}\" read \"{read}\" ({distance})",
            p.lang.code(),
            p.source
        ),
        weight: sign * p.weight,
    }
}

/// The patterns of one kind that a page holds: the keywords and negative words (each
/// phrase with its hits), and the hits of its title phrases.
struct Found<'a> {
    titles: Vec<(&'a Pattern, &'a [Hit])>,
    keywords: Vec<(&'a Pattern, &'a [Hit])>,
    negative: Vec<(&'a Pattern, &'a [Hit])>,
}

/// The page as the scorer sees it.
struct PageView<'a> {
    /// The text as read.
    text: &'a str,
    /// Normalised ([`normalize`]), for `re` patterns.
    norm: &'a str,
    /// Byte ranges of `norm` that may hold a title.
    zones: &'a [(usize, usize)],
    /// Byte ranges of `text` that may hold a title.
    text_zones: &'a [(usize, usize)],
    signals: &'a [(String, String)],
}

/// The evidence of a keyword or negative word.
fn body_evidence(signal: &str, p: &Pattern, hits: &[Hit], text: &str, sign: f32) -> ClassEvidence {
    match hits.first() {
        Some(h) => phrase_evidence(signal, p, h, text, sign),
        None => pattern_evidence(signal, p, sign),
    }
}

/// Scores one page against one kind.
fn score_kind(k: &KindSignals, found: &Found<'_>, page: &PageView<'_>) -> KindScore {
    let mut score = 0.0;
    let mut strong = false;
    let mut evidence = Vec::new();
    let in_zone =
        |zones: &[(usize, usize)], at: usize| zones.iter().any(|&(a, b)| (a..b).contains(&at));
    // A title is where titles are: a short line near the top. Elsewhere the same words
    // are body text (a receipt's person block says "passport" without being one).
    for p in &k.titles {
        match &p.matcher {
            Matcher::Regex(re) => {
                if let Some(m) = re.find(page.norm) {
                    score += p.weight;
                    if in_zone(page.zones, m.start()) {
                        strong = true;
                        evidence.push(pattern_evidence("title", p, 1.0));
                    } else {
                        evidence.push(pattern_evidence("title_in_body", p, 1.0));
                    }
                }
            }
            Matcher::Phrase(_) => {
                let Some((_, hits)) = found.titles.iter().find(|(q, _)| std::ptr::eq(*q, p)) else {
                    continue;
                };
                // The closest hit in a title line if there is one, else the closest.
                let top = hits.iter().find(|h| in_zone(page.text_zones, h.start));
                let Some(hit) = top.or(hits.first()) else {
                    continue;
                };
                score += p.weight;
                strong |= top.is_some();
                let signal = if top.is_some() {
                    "title"
                } else {
                    "title_in_body"
                };
                evidence.push(phrase_evidence(signal, p, hit, page.text, 1.0));
            }
        }
    }
    for (p, hits) in &found.keywords {
        score += p.weight;
        evidence.push(body_evidence("keyword", p, hits, page.text, 1.0));
    }
    for (p, hits) in &found.negative {
        score -= p.weight;
        evidence.push(body_evidence("negative", p, hits, page.text, -1.0));
    }
    let signals = page.signals;
    for r in &k.structure {
        if let Some((_, detail)) = signals.iter().find(|(id, _)| *id == r.signal) {
            score += r.weight;
            strong |= r.strong && r.weight > 0.0;
            let signal = if r.signal.starts_with("mrz_") {
                "mrz"
            } else {
                r.signal.as_str()
            };
            evidence.push(ClassEvidence {
                signal: signal.to_string(),
                detail: format!("{}: {detail}", r.signal),
                weight: r.weight,
            });
        }
    }
    evidence.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
    let has_title = evidence.iter().any(|e| e.signal == "title");
    let eligible = k.requires.is_empty()
        || k.requires
            .iter()
            .any(|r| (r == "title" && has_title) || signals.iter().any(|(id, _)| id == r));
    KindScore {
        kind: k.id.clone(),
        score,
        strong,
        eligible,
        evidence,
    }
}

/// Why the best-scoring kind was not assigned: its score below its own minimum, or a
/// requirement missing (then also how the best kind that could be assigned fell short).
fn why_not(
    guess: &KindScore,
    min: f32,
    scored: &[(KindScore, f32)],
    vocab: &KindVocabulary,
) -> String {
    let mut out = format!("best guess {} scored {:.1}", guess.kind, guess.score);
    if guess.eligible {
        out.push_str(&format!(", below its minimum {min:.1}"));
        return out;
    }
    let needs: Vec<String> = vocab
        .rules
        .kind(&guess.kind)
        .map(|k| k.requires.iter().map(|r| requirement(r, vocab)).collect())
        .unwrap_or_default();
    out.push_str(&format!(" but needs {}", needs.join(" or ")));
    if guess.score < min {
        out.push_str(&format!(", and its minimum is {min:.1}"));
    }
    if let Some((s, m)) = scored
        .iter()
        .find(|(s, _)| s.eligible && s.score > 0.0 && s.kind != guess.kind)
    {
        out.push_str(&format!(
            "; next, {} scored {:.1}, below its minimum {m:.1}",
            s.kind, s.score
        ));
    }
    out
}

/// A kind's requirement in words.
fn requirement(r: &str, vocab: &KindVocabulary) -> String {
    if r == "title" {
        return "its title at the top of the page".to_string();
    }
    if r == "photo_like" {
        return format!(
            "a photograph (at least {PHOTO_MIN_SIDE_PX} pixels on its short side, not a \
             blank or nearly uniform image)"
        );
    }
    if let Some(s) = vocab.rules.signal(r).filter(|s| !s.description.is_empty()) {
        return s.description.clone();
    }
    match r.strip_prefix("mrz_") {
        Some(format) => format!("a machine-readable zone ({})", format.to_uppercase()),
        None => r.replace('_', " "),
    }
}

/// Every kind that names `file` in its hints, with the longest hint that matched.
pub fn file_hints(file: &str, vocab: &KindVocabulary) -> Vec<(KindId, String)> {
    let name = file.to_lowercase();
    let mut hits = Vec::new();
    for k in &vocab.rules.kinds {
        if let Some(h) = k
            .file_hints
            .iter()
            .filter(|h| !h.is_empty() && name.contains(h.as_str()))
            .max_by_key(|h| h.chars().count())
        {
            hits.push((k.id.clone(), h.clone()));
        }
    }
    hits
}

/// Scores one page against every kind; `file` is the file's path inside the package,
/// used only to break ties.
/// Among kinds tied within `tie_margin` (`tied`, best first), the one a file-name hint
/// names, with the evidence saying so; else `first`.
fn break_tie(
    file: &str,
    vocab: &KindVocabulary,
    scored: &[(KindScore, f32)],
    first: usize,
    tied: &[usize],
) -> (usize, Option<ClassEvidence>) {
    let mut chosen = first;
    let mut tie_note = None;
    if tied.len() > 1 {
        let hints = file_hints(file, vocab);
        let hinted = tied
            .iter()
            .filter_map(|&i| {
                hints
                    .iter()
                    .find(|(k, _)| *k == scored[i].0.kind)
                    .map(|(_, h)| (i, h.clone()))
            })
            .max_by_key(|(_, h)| h.chars().count());
        if let Some((i, hint)) = hinted {
            chosen = i;
            let names: Vec<&str> = tied.iter().map(|&t| scored[t].0.kind.as_str()).collect();
            tie_note = Some(ClassEvidence {
                signal: "file_name".to_string(),
                detail: format!(
                    "tie between {} broken by {hint:?} in the file name",
                    names.join(", ")
                ),
                weight: 0.0,
            });
        }
    }

    (chosen, tie_note)
}

/// Every kind's score on a page, with its minimum score, in the vocabulary's order;
/// and the attaching signal the page carries, if any.
fn score_kinds(page: &PageText, vocab: &KindVocabulary) -> (Vec<(KindScore, f32)>, Option<String>) {
    let text = if page.text.trim().is_empty() && !page.words.is_empty() {
        page.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        page.text.clone()
    };
    let (norm, starts) = normalize_lines(&text);
    let zones = title_zones(&norm, &starts);
    let signals = page_signals(page, &norm, vocab);
    let attach = vocab
        .rules
        .signals
        .iter()
        .find(|s| s.attach && signals.iter().any(|(id, _)| *id == s.id))
        .map(|s| s.id.clone());

    let canon = CanonText::new(&text);
    let text_zones = text_title_zones(&text);
    let view = PageView {
        text: &text,
        norm: &norm,
        zones: &zones,
        text_zones: &text_zones,
        signals: &signals,
    };
    let hits = vocab.rules.match_page(&norm, &canon);
    let rules = &vocab.rules;
    let scored: Vec<(KindScore, f32)> = rules
        .kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let found = Found {
                titles: rules.found_in(i, List::Titles, &hits, &norm).collect(),
                keywords: rules.found_in(i, List::Keywords, &hits, &norm).collect(),
                negative: rules.found_in(i, List::Negative, &hits, &norm).collect(),
            };
            (score_kind(k, &found, &view), k.min_score)
        })
        .collect();
    (scored, attach)
}

pub fn score_page(file: &str, page: &PageText, vocab: &KindVocabulary) -> PageVerdict {
    let settings = vocab.rules.settings;
    let (mut scored, attach) = score_kinds(page, vocab);
    // Best first; equal scores keep the vocabulary's order, so results are deterministic.
    scored.sort_by(|a, b| b.0.score.total_cmp(&a.0.score));

    let scores = scored
        .iter()
        .filter(|(s, _)| s.score > 0.0)
        .map(|(s, _)| (s.kind.clone(), s.score))
        .collect();
    let fits: Vec<usize> = (0..scored.len())
        .filter(|&i| {
            scored[i].0.eligible && scored[i].0.score >= scored[i].1 && scored[i].0.score > 0.0
        })
        .collect();

    let Some(&first) = fits.first() else {
        let guess = scored.first().filter(|(s, _)| s.score > 0.0);
        let best = guess.map_or(0.0, |(s, _)| s.score);
        let min_score = guess.map_or(settings.min_score, |(_, m)| *m);
        let evidence = guess
            .map(|(s, min)| ClassEvidence {
                signal: "below_threshold".to_string(),
                detail: why_not(s, *min, &scored, vocab),
                weight: s.score,
            })
            .into_iter()
            .collect();
        return PageVerdict {
            page: page.page.page,
            kind: None,
            score: best,
            confidence: (1.0 - best / min_score.max(0.1)).clamp(0.0, 1.0),
            strong: false,
            attach,
            evidence,
            scores,
        };
    };

    // A tie (within tie_margin) between fitting kinds may be broken by the file name.
    let best_score = scored[first].0.score;
    let tied: Vec<usize> = fits
        .iter()
        .copied()
        .filter(|&i| best_score - scored[i].0.score < settings.tie_margin)
        .collect();
    let (chosen, tie_note) = break_tie(file, vocab, &scored, first, &tied);

    let (best, _) = &scored[chosen];
    // The runner-up is the best other kind that could have been assigned: a kind whose
    // requirements are not met (a "passport" without MRZ or title) is no competitor.
    let runner = scored
        .iter()
        .enumerate()
        .filter(|(i, (s, _))| *i != chosen && s.eligible)
        .map(|(_, (s, _))| s)
        .next();
    let runner_score = runner.map_or(0.0, |r| r.score.max(0.0));
    let margin = (best.score - runner_score).max(0.0);
    let confidence = 1.0 - (-margin / settings.confidence_scale).exp();

    let mut evidence = best.evidence.clone();
    evidence.extend(tie_note);
    if let Some(r) = runner.filter(|r| r.score > 0.0) {
        evidence.push(ClassEvidence {
            signal: "runner_up".to_string(),
            detail: format!("{} scored {:.1} against {:.1}", r.kind, r.score, best.score),
            weight: r.score,
        });
    }
    PageVerdict {
        page: page.page.page,
        kind: Some(best.kind.clone()),
        score: best.score,
        confidence,
        strong: best.strong,
        attach,
        evidence,
        scores,
    }
}

/// Classifies the pages of one file (all pages, in order) into documents: consecutive
/// pages of one document grouped, each with its kind ([`UNRECOGNIZED`] when no kind
/// fits), confidence and evidence. Fields and MRZ are left for the extract stage.
pub fn classify(file: &str, pages: &[PageText], vocab: &KindVocabulary) -> Vec<Classified> {
    let verdicts: Vec<PageVerdict> = pages.iter().map(|p| score_page(file, p, vocab)).collect();
    let mut docs = grouping::group(file, &verdicts, vocab);
    grouping::note_file_name_disagreement(file, &mut docs, vocab);
    docs
}

#[cfg(test)]
mod tests;
