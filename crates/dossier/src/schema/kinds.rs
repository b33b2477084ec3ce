//! The document-kind vocabulary (`schemas/kinds.toml`) and the classification signals
//! kept beside it as data.
//!
//! Loading goes in two layers, as the rest of `schemas/`: strict serde structs
//! (`deny_unknown_fields`) mirror the file, then [`parse`] resolves them into typed,
//! compiled structures (every regex compiled once, signal references checked), collecting
//! every problem with its file and line instead of stopping at the first. The format is
//! documented at the top of `schemas/kinds.toml`.

use std::collections::BTreeSet;
use std::path::Path;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;

use super::SchemaError;
use crate::model::{KindId, Role};
use crate::text::phrase::{self, CanonText, Hit, PhraseSet};

/// The kind of a page or document no kind of the vocabulary fits.
pub use crate::model::UNRECOGNIZED;

/// Signals the classifier computes itself; kinds may name them in `structure`.
pub const BUILTIN_SIGNALS: &[&str] = &[
    "mrz_td3",
    "mrz_td2",
    "mrz_td1",
    "mrz_mrva",
    "mrz_mrvb",
    "nearly_no_text",
    "photo_like",
];

/// One document kind.
#[derive(Debug, Clone, PartialEq)]
pub struct KindDef {
    pub id: KindId,
    pub title: String,
}

/// Every kind a schema may name and the classifier may assign.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KindVocabulary {
    pub kinds: Vec<KindDef>,
    /// How each kind is recognised; empty for a vocabulary built by hand.
    pub rules: ClassRules,
}

impl KindVocabulary {
    /// True when `id` names a kind of the vocabulary.
    pub fn contains(&self, id: &str) -> bool {
        self.kinds.iter().any(|k| k.id == id)
    }

    /// The definition of a kind.
    pub fn get(&self, id: &str) -> Option<&KindDef> {
        self.kinds.iter().find(|k| k.id == id)
    }

    /// The typed id of the kind named `id`, with its roles; `None` for a name the
    /// vocabulary does not have. `unrecognized` is always known.
    pub fn id(&self, id: &str) -> Option<KindId> {
        if id == UNRECOGNIZED {
            return Some(KindId::unrecognized());
        }
        self.get(id).map(|k| k.id.clone())
    }
}

/// Global thresholds of the classifier (`[settings]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// A page fits a kind when its score reaches this.
    pub min_score: f32,
    /// Best and runner-up closer than this are a tie that a file name may break.
    pub tie_margin: f32,
    /// confidence = 1 - exp(-margin / confidence_scale).
    pub confidence_scale: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_score: 3.0,
            tie_margin: 1.0,
            confidence_scale: 4.0,
        }
    }
}

/// The language a pattern is written in, reported in the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lang {
    En,
    Ru,
    Kk,
    Any,
}

impl Lang {
    /// The code used in `kinds.toml` and in evidence.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
            Lang::Any => "any",
        }
    }
}

/// A compiled pattern. `source` is the pattern as written (shown in evidence).
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    pub lang: Lang,
    pub weight: f32,
    pub matcher: Matcher,
}

/// How a pattern is looked for.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// `re`: the folded, compiled regex that runs on normalised text.
    Regex(Regex),
    /// `phrase`: plain words matched approximately ([`crate::text::phrase`]); the
    /// phrase's canonical form.
    Phrase(Vec<u8>),
}

impl Pattern {
    /// The regex of an `re` pattern.
    pub fn regex(&self) -> Option<&Regex> {
        match &self.matcher {
            Matcher::Regex(r) => Some(r),
            Matcher::Phrase(_) => None,
        }
    }

    /// True for an `re` pattern that matches `norm` (normalised text).
    pub fn is_match(&self, norm: &str) -> bool {
        self.regex().is_some_and(|r| r.is_match(norm))
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source && self.lang == other.lang && self.weight == other.weight
    }
}

/// A structural signal defined in the file (`[[signal]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct StructureSignal {
    pub id: String,
    pub description: String,
    pub patterns: Vec<Pattern>,
    pub min_matches: usize,
    /// A page with this signal joins the document before it (a notary's page).
    pub attach: bool,
}

/// A kind's use of a structural or built-in signal.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalRef {
    pub signal: String,
    pub weight: f32,
    /// May start a new document, like a title.
    pub strong: bool,
}

/// The classification data of one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct KindSignals {
    pub id: KindId,
    pub min_score: f32,
    pub standalone: bool,
    pub merge_same: bool,
    pub titles: Vec<Pattern>,
    pub keywords: Vec<Pattern>,
    pub negative: Vec<Pattern>,
    pub structure: Vec<SignalRef>,
    /// The kind fits a page only when one of these is present: `title` (a title pattern
    /// near the top) or a signal id. Empty: no requirement.
    pub requires: Vec<String>,
    pub file_hints: Vec<String>,
}

/// Everything the classifier needs, compiled.
#[derive(Debug, Clone, Default)]
pub struct ClassRules {
    pub settings: Settings,
    pub signals: Vec<StructureSignal>,
    /// In the order of [`KindVocabulary::kinds`].
    pub kinds: Vec<KindSignals>,
    /// Every kind's keywords and negative words in one regex set, and every phrase in
    /// one phrase set, built on first use.
    compiled: std::sync::OnceLock<Compiled>,
}

impl PartialEq for ClassRules {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings
            && self.signals == other.signals
            && self.kinds == other.kinds
    }
}

/// One of a kind's lists of patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Titles,
    Keywords,
    Negative,
}

impl List {
    fn of(self, k: &KindSignals) -> &[Pattern] {
        match self {
            List::Titles => &k.titles,
            List::Keywords => &k.keywords,
            List::Negative => &k.negative,
        }
    }
}

/// Where a pattern's matches are found after [`ClassRules::match_page`].
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// An index of the regex set (keywords and negative words).
    Set(usize),
    /// An index of the phrase set.
    Phrase(usize),
    /// Run on its own (a title regex, or every regex when the set failed to build).
    Alone,
}

/// The patterns of every kind compiled for one pass over a page: the keyword and
/// negative regexes as one [`regex::RegexSet`], the phrases as one [`PhraseSet`].
#[derive(Debug, Clone)]
struct Compiled {
    set: Option<regex::RegexSet>,
    phrases: PhraseSet,
    /// For each kind (in [`ClassRules::kinds`] order): the slots of its titles,
    /// keywords and negative words.
    slots: Vec<[Vec<Slot>; 3]>,
}

/// What one page matched: the regex set's matches on its normalised text and every
/// phrase's hits on its canonical text.
pub struct PageMatches {
    set: Option<regex::SetMatches>,
    phrases: Vec<Vec<Hit>>,
}

impl ClassRules {
    /// Builds rules from their parts.
    pub fn new(settings: Settings, signals: Vec<StructureSignal>, kinds: Vec<KindSignals>) -> Self {
        ClassRules {
            settings,
            signals,
            kinds,
            compiled: std::sync::OnceLock::new(),
        }
    }

    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            let mut sources = Vec::new();
            let mut phrases = Vec::new();
            let mut slots = Vec::new();
            for k in &self.kinds {
                let mut kind_slots: [Vec<Slot>; 3] = Default::default();
                for (i, list) in [List::Titles, List::Keywords, List::Negative]
                    .into_iter()
                    .enumerate()
                {
                    for p in list.of(k) {
                        kind_slots[i].push(match &p.matcher {
                            Matcher::Phrase(canon) => {
                                phrases.push(canon.clone());
                                Slot::Phrase(phrases.len() - 1)
                            }
                            Matcher::Regex(_) if list == List::Titles => Slot::Alone,
                            Matcher::Regex(r) => {
                                sources.push(r.as_str().to_string());
                                Slot::Set(sources.len() - 1)
                            }
                        });
                    }
                }
                slots.push(kind_slots);
            }
            // Each pattern compiled alone already; together they only fail on size,
            // and then every pattern is run on its own.
            let set = regex::RegexSetBuilder::new(&sources)
                .case_insensitive(true)
                .size_limit(64 << 20)
                .dfa_size_limit(64 << 20)
                .build()
                .ok();
            if set.is_none() {
                for s in slots.iter_mut().flatten().flatten() {
                    if matches!(s, Slot::Set(_)) {
                        *s = Slot::Alone;
                    }
                }
            }
            Compiled {
                set,
                phrases: PhraseSet::new(phrases),
                slots,
            }
        })
    }

    /// Matches every kind's keywords and negative words against `norm` (normalised
    /// text) and every phrase against `canon` (the same page in canonical form), in
    /// one pass each.
    pub fn match_page(&self, norm: &str, canon: &CanonText) -> PageMatches {
        let c = self.compiled();
        PageMatches {
            set: c.set.as_ref().map(|s| s.matches(norm)),
            phrases: c.phrases.find_all(canon),
        }
    }

    /// The patterns of one list of the kind at `index` (in [`ClassRules::kinds`]
    /// order) that the page holds, each with the hits of a phrase (closest first; empty
    /// for a regex). Title regexes are not run here: their position matters, so the
    /// caller runs them.
    pub fn found_in<'a>(
        &'a self,
        index: usize,
        list: List,
        hits: &'a PageMatches,
        norm: &'a str,
    ) -> impl Iterator<Item = (&'a Pattern, &'a [Hit])> + 'a {
        let slots = self.compiled().slots.get(index).map(|s| match list {
            List::Titles => &s[0],
            List::Keywords => &s[1],
            List::Negative => &s[2],
        });
        list.of(&self.kinds[index])
            .iter()
            .enumerate()
            .filter_map(move |(j, p)| {
                let slot = slots.and_then(|s| s.get(j)).copied().unwrap_or(Slot::Alone);
                match slot {
                    Slot::Set(i) => hits
                        .set
                        .as_ref()
                        .is_some_and(|m| m.matched(i))
                        .then_some((p, &[][..])),
                    Slot::Phrase(i) => hits
                        .phrases
                        .get(i)
                        .filter(|h| !h.is_empty())
                        .map(|h| (p, h.as_slice())),
                    Slot::Alone if list == List::Titles => None,
                    Slot::Alone => p.is_match(norm).then_some((p, &[][..])),
                }
            })
    }

    /// The classification data of a kind.
    pub fn kind(&self, id: &str) -> Option<&KindSignals> {
        self.kinds.iter().find(|k| k.id == id)
    }

    /// A structural signal by id.
    pub fn signal(&self, id: &str) -> Option<&StructureSignal> {
        self.signals.iter().find(|s| s.id == id)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    settings: Option<RawSettings>,
    #[serde(default)]
    signal: Vec<RawSignal>,
    kind: Vec<RawKind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    min_score: Option<Spanned<f32>>,
    tie_margin: Option<Spanned<f32>>,
    confidence_scale: Option<Spanned<f32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignal {
    id: Spanned<String>,
    #[serde(default)]
    description: String,
    patterns: Vec<Spanned<String>>,
    min_matches: Option<Spanned<usize>>,
    #[serde(default)]
    attach: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    id: Spanned<String>,
    title: String,
    min_score: Option<Spanned<f32>>,
    #[serde(default)]
    standalone: bool,
    merge_same: Option<bool>,
    #[serde(default)]
    titles: Vec<RawPattern>,
    #[serde(default)]
    keywords: Vec<RawPattern>,
    #[serde(default)]
    negative: Vec<RawPattern>,
    #[serde(default)]
    structure: Vec<RawSignalRef>,
    #[serde(default)]
    requires: Vec<Spanned<String>>,
    #[serde(default)]
    file_hints: Vec<String>,
    #[serde(default)]
    roles: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    re: Option<Spanned<String>>,
    phrase: Option<Spanned<String>>,
    lang: Spanned<String>,
    weight: Spanned<f32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignalRef {
    signal: Spanned<String>,
    weight: Spanned<f32>,
    #[serde(default)]
    strong: bool,
}

/// Collects errors while resolving one file.
struct Ctx<'a> {
    file: &'a Path,
    text: &'a str,
    errors: Vec<SchemaError>,
}

impl Ctx<'_> {
    fn err<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) {
        self.errors.push(SchemaError::at_offset(
            self.file,
            self.text,
            at.span().start,
            message,
        ));
    }

    fn number(&mut self, v: &Spanned<f32>, what: &str, allow_negative: bool) -> f32 {
        let x = *v.get_ref();
        if !x.is_finite() || (!allow_negative && x < 0.0) {
            self.err(v, format!("{what} must be a finite, non-negative number"));
            return 0.0;
        }
        x
    }

    fn regex(&mut self, source: &Spanned<String>) -> Option<Regex> {
        match compile(source.get_ref()) {
            Ok(r) => Some(r),
            Err(e) => {
                self.err(source, format!("bad pattern {:?}: {e}", source.get_ref()));
                None
            }
        }
    }

    fn pattern(&mut self, raw: &RawPattern, negative: bool) -> Option<Pattern> {
        let lang = match raw.lang.get_ref().as_str() {
            "en" => Lang::En,
            "ru" => Lang::Ru,
            "kk" => Lang::Kk,
            "any" => Lang::Any,
            other => {
                self.err(
                    &raw.lang,
                    format!("unknown lang {other:?}: use en, ru, kk or any"),
                );
                return None;
            }
        };
        let weight = self.number(&raw.weight, "weight", false);
        if negative && weight == 0.0 {
            self.err(&raw.weight, "a negative pattern needs a weight above 0");
        }
        let (source, matcher) = match (&raw.re, &raw.phrase) {
            (Some(re), None) => (re.get_ref().clone(), Matcher::Regex(self.regex(re)?)),
            (None, Some(words)) => (words.get_ref().clone(), self.phrase(words)?),
            (Some(re), Some(_)) => {
                self.err(re, "a pattern has either `re` or `phrase`, not both");
                return None;
            }
            (None, None) => {
                self.err(
                    &raw.lang,
                    "a pattern needs `re` (a regex) or `phrase` (plain words)",
                );
                return None;
            }
        };
        Some(Pattern {
            source,
            lang,
            weight,
            matcher,
        })
    }

    /// Checks a `phrase`: plain words, long enough to be matched approximately.
    fn phrase(&mut self, words: &Spanned<String>) -> Option<Matcher> {
        let text = words.get_ref();
        if let Some(c) = text.chars().find(|c| "\\[](){}|*+?^$".contains(*c)) {
            self.err(
                words,
                format!("phrase {text:?} has {c:?}: a phrase is plain words in their real spelling; write a regex as `re`"),
            );
            return None;
        }
        let canon = phrase::canon_phrase(text);
        if canon.len() < phrase::MIN_PHRASE_LEN {
            self.err(
                words,
                format!(
                    "phrase {text:?} is too short to match safely (at least {} letters or digits); write a short word or code as `re` with \\b",
                    phrase::MIN_PHRASE_LEN
                ),
            );
            return None;
        }
        if canon.contains(&b'_') {
            self.err(
                words,
                format!("phrase {text:?} has letters of a script the classifier does not read (Latin, Cyrillic and Kazakh only)"),
            );
            return None;
        }
        Some(Matcher::Phrase(canon))
    }
}

/// Compiles a pattern of `kinds.toml` into the regex that runs on normalised text: its
/// letters folded as the text is, and each space outside a class made optional.
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut escaped = false;
    for c in pattern.chars() {
        if escaped {
            out.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                out.push(c);
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            ' ' if !in_class => out.push_str(r"\s?"),
            _ if c.is_ascii() => out.push(c),
            _ => {
                for l in c.to_lowercase() {
                    out.push(crate::text::fold_char(l));
                }
            }
        }
    }
    RegexBuilder::new(&out).case_insensitive(true).build()
}

/// Parses `schemas/kinds.toml`. `file` is only used to name the file in errors.
pub fn parse(file: &Path, text: &str) -> Result<KindVocabulary, Vec<SchemaError>> {
    let raw: RawFile =
        toml::from_str(text).map_err(|e| vec![SchemaError::from_toml(file, text, &e)])?;
    let mut cx = Ctx {
        file,
        text,
        errors: Vec::new(),
    };
    let settings = cx.settings(raw.settings.as_ref());
    let (signals, signal_ids) = cx.signals(&raw.signal);
    let mut kinds = Vec::new();
    let mut rules = Vec::new();
    let mut seen = BTreeSet::new();
    for k in &raw.kind {
        let rank = u16::try_from(kinds.len()).unwrap_or(u16::MAX - 1);
        let (def, signals) = cx.kind(k, rank, &settings, &signal_ids, &mut seen);
        kinds.push(def);
        rules.push(signals);
    }
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    Ok(KindVocabulary {
        kinds,
        rules: ClassRules::new(settings, signals, rules),
    })
}

impl Ctx<'_> {
    /// `[settings]`, with the defaults for what it leaves out.
    fn settings(&mut self, raw: Option<&RawSettings>) -> Settings {
        let cx = self;
        let mut settings = Settings::default();
        if let Some(s) = raw {
            if let Some(v) = &s.min_score {
                settings.min_score = cx.number(v, "min_score", false);
            }
            if let Some(v) = &s.tie_margin {
                settings.tie_margin = cx.number(v, "tie_margin", false);
            }
            if let Some(v) = &s.confidence_scale {
                settings.confidence_scale = cx.number(v, "confidence_scale", false);
                if settings.confidence_scale <= 0.0 {
                    cx.err(v, "confidence_scale must be above 0");
                    settings.confidence_scale = 1.0;
                }
            }
        }

        settings
    }

    /// Every `[[signal]]` compiled, and the ids a kind may name (theirs and the
    /// built-in ones).
    fn signals(&mut self, raw: &[RawSignal]) -> (Vec<StructureSignal>, BTreeSet<String>) {
        let cx = self;
        let mut signals = Vec::new();
        let mut signal_ids: BTreeSet<String> =
            BUILTIN_SIGNALS.iter().map(|s| s.to_string()).collect();
        for s in raw {
            let id = s.id.get_ref().clone();
            if !signal_ids.insert(id.clone()) {
                cx.err(
                    &s.id,
                    format!("signal {id:?} is defined twice or is built in"),
                );
            }
            let mut patterns = Vec::new();
            for p in &s.patterns {
                if let Some(regex) = cx.regex(p) {
                    patterns.push(Pattern {
                        source: p.get_ref().clone(),
                        lang: Lang::Any,
                        weight: 1.0,
                        matcher: Matcher::Regex(regex),
                    });
                }
            }
            let min_matches = match &s.min_matches {
                Some(m) => {
                    let n = *m.get_ref();
                    if n == 0 || n > s.patterns.len() {
                        cx.err(
                            m,
                            format!(
                                "min_matches must be between 1 and the {} patterns",
                                s.patterns.len()
                            ),
                        );
                    }
                    n.max(1)
                }
                None => 1,
            };
            if s.patterns.is_empty() {
                cx.err(&s.id, format!("signal {id:?} has no patterns"));
            }
            signals.push(StructureSignal {
                id,
                description: s.description.clone(),
                patterns,
                min_matches,
                attach: s.attach,
            });
        }

        (signals, signal_ids)
    }

    /// One `[[kind]]`, at position `rank` of the file: its definition and its
    /// compiled signals.
    fn kind(
        &mut self,
        k: &RawKind,
        rank: u16,
        settings: &Settings,
        signal_ids: &BTreeSet<String>,
        seen: &mut BTreeSet<String>,
    ) -> (KindDef, KindSignals) {
        let cx = self;
        let id = k.id.get_ref().clone();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            cx.err(
                &k.id,
                format!("kind id {id:?} must be lower-case letters, digits and _"),
            );
        }
        if id == UNRECOGNIZED {
            cx.err(&k.id, format!("{id:?} is reserved for pages no kind fits"));
        }
        if !seen.insert(id.clone()) {
            cx.err(&k.id, format!("kind {id:?} is defined twice"));
        }
        let min_score = match &k.min_score {
            Some(v) => cx.number(v, "min_score", false),
            None => settings.min_score,
        };
        let titles = k
            .titles
            .iter()
            .filter_map(|p| cx.pattern(p, false))
            .collect();
        let keywords = k
            .keywords
            .iter()
            .filter_map(|p| cx.pattern(p, false))
            .collect();
        let negative = k
            .negative
            .iter()
            .filter_map(|p| cx.pattern(p, true))
            .collect();
        let mut structure = Vec::new();
        for r in &k.structure {
            let name = r.signal.get_ref();
            if !signal_ids.contains(name) {
                cx.err(&r.signal, format!("unknown signal {name:?}: define it in a [[signal]] or use a built-in one ({})", BUILTIN_SIGNALS.join(", ")));
            }
            let weight = cx.number(&r.weight, "weight", true);
            structure.push(SignalRef {
                signal: name.clone(),
                weight,
                strong: r.strong,
            });
        }
        let mut requires = Vec::new();
        for r in &k.requires {
            let name = r.get_ref();
            if name != "title" && !signal_ids.contains(name) {
                cx.err(
                    r,
                    format!("unknown requirement {name:?}: use \"title\" or a signal id"),
                );
            }
            requires.push(name.clone());
        }
        let positive = !k.titles.is_empty()
            || !k.keywords.is_empty()
            || structure.iter().any(|s| s.weight > 0.0);
        if !positive {
            cx.err(
                &k.id,
                format!("kind {id:?} has no positive signal: the classifier could never assign it"),
            );
        }
        let mut roles = Vec::new();
        for r in &k.roles {
            match Role::from_name(r.get_ref()) {
                Some(role) if roles.contains(&role) => {
                    cx.err(r, format!("role {:?} is named twice", r.get_ref()))
                }
                Some(role) => roles.push(role),
                None => cx.err(
                    r,
                    format!(
                        "unknown role {:?}: use one of {}",
                        r.get_ref(),
                        Role::ALL.map(Role::name).join(", ")
                    ),
                ),
            }
        }
        let kind_id = KindId::declared(&id, &roles, rank);
        let def = KindDef {
            id: kind_id.clone(),
            title: k.title.clone(),
        };
        let signals = KindSignals {
            id: kind_id,
            min_score,
            standalone: k.standalone,
            merge_same: k.merge_same.unwrap_or(true),
            titles,
            keywords,
            negative,
            structure,
            requires,
            file_hints: k.file_hints.iter().map(|h| h.to_lowercase()).collect(),
        };
        (def, signals)
    }
}

/// The shipped vocabulary (`schemas/kinds.toml`), loaded once, for unit tests.
#[cfg(test)]
pub(crate) fn test_vocabulary() -> &'static KindVocabulary {
    static VOCAB: std::sync::OnceLock<KindVocabulary> = std::sync::OnceLock::new();
    VOCAB.get_or_init(|| {
        let text = include_str!("../../../../schemas/kinds.toml");
        parse(Path::new("schemas/kinds.toml"), text).expect("the shipped kinds.toml loads")
    })
}

/// The kind `id` of the shipped vocabulary, with its roles, for unit tests that build
/// documents by hand. Panics on a kind `schemas/kinds.toml` does not have.
#[cfg(test)]
pub(crate) fn test_kind(id: &str) -> KindId {
    test_vocabulary()
        .id(id)
        .unwrap_or_else(|| panic!("{id:?} is not a kind of schemas/kinds.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "schemas/kinds.toml";

    fn load(text: &str) -> Result<KindVocabulary, Vec<SchemaError>> {
        parse(Path::new(FILE), text)
    }

    #[test]
    fn the_shipped_vocabulary_loads() {
        let text = include_str!("../../../../schemas/kinds.toml");
        let vocab = match load(text) {
            Ok(v) => v,
            Err(errs) => panic!(
                "{}",
                errs.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        for id in [
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
            "request_letter",
            "employment_contract",
            "enbek_employment_certificate",
            "work_permit",
            "visa_application_form",
            "trp_application_form",
            "prp_application_form",
            "photo",
            "payment_receipt",
            "visa_copy",
            "fingerprint_certificate",
            "arrival_notification",
            "medical_certificate_028u",
            "medical_insurance",
            "criminal_record_certificate",
            "property_owner_consent",
            "accommodation_statement",
            "consent_form",
            "marriage_certificate",
            "birth_certificate",
            "akimat_request_letter",
            "investment_request_letter",
            "business_plan",
        ] {
            assert!(vocab.contains(id), "{id} missing");
            assert!(vocab.rules.kind(id).is_some(), "{id} has no rules");
        }
        assert_eq!(vocab.kinds.len(), vocab.rules.kinds.len());
        assert!(vocab
            .get("apostille")
            .is_some_and(|k| k.title.contains("1961")));
        assert!(vocab.rules.kind("apostille").is_some_and(|k| k.standalone));
        assert!(vocab
            .rules
            .signal("notary_certification")
            .is_some_and(|s| s.attach));
    }

    #[test]
    fn the_shipped_roles() {
        let vocab = test_vocabulary();
        let with = |role: Role| -> Vec<&str> {
            vocab
                .kinds
                .iter()
                .filter(|k| k.id.has(role))
                .map(|k| k.id.as_str())
                .collect()
        };
        // The passport is listed first, so it is the reference over an ID card.
        assert_eq!(with(Role::IdentityDocument), ["passport", "id_card"]);
        assert!(vocab.id("passport").unwrap().rank() < vocab.id("id_card").unwrap().rank());
        for id in with(Role::IdentityDocument) {
            assert!(vocab.id(id).unwrap().has(Role::StatesHolder), "{id}");
        }
        assert!(with(Role::StatesHolder).contains(&"iin_certificate"));
        assert_eq!(
            with(Role::QuotesPassportNumber),
            [
                "passport_translation",
                "visa_application_form",
                "trp_application_form",
                "prp_application_form"
            ]
        );
        assert_eq!(with(Role::CyrillicNames), ["passport_translation"]);
        // Letters and contracts quote other people's data: they play no holder role.
        assert!(!vocab
            .id("invitation_letter")
            .unwrap()
            .has(Role::StatesHolder));
        assert_eq!(vocab.id(UNRECOGNIZED).unwrap().roles().count(), 0);
        assert!(vocab.id("no_such_kind").is_none());
    }

    #[test]
    fn unknown_and_repeated_roles_are_reported_with_their_line() {
        let text = "[[kind]]\nid = \"licence\"\ntitle = \"L\"\n\
                    titles = [ { re = 'licence', lang = \"en\", weight = 4.0 } ]\n\
                    roles = [\"states_holder\",\n  \"states_holder\",\n  \"holder\"]\n";
        let errs = load(text).unwrap_err();
        let found: Vec<(Option<usize>, &str)> =
            errs.iter().map(|e| (e.line, e.message.as_str())).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, Some(6));
        assert!(found[0].1.contains("named twice"), "{found:?}");
        assert_eq!(found[1].0, Some(7));
        assert!(found[1].1.contains("unknown role \"holder\""), "{found:?}");
        assert!(found[1].1.contains("quotes_passport_number"), "{found:?}");
    }

    #[test]
    fn unknown_keys_are_reported_with_their_line() {
        let text = "[[kind]]\nid = \"passport\"\ntitle = \"P\"\ncolour = \"red\"\n";
        let errs = load(text).unwrap_err();
        assert_eq!(errs[0].line, Some(4), "{:?}", errs);
    }

    #[test]
    fn bad_regex_unknown_signal_and_lang_are_all_reported() {
        let text = r#"[[kind]]
id = "passport"
title = "P"
titles = [ { re = '(unclosed', lang = "en", weight = 2.0 } ]
keywords = [ { re = 'ok', lang = "fr", weight = 1.0 } ]
structure = [ { signal = "mrz_td9", weight = 8.0 } ]
"#;
        let errs = load(text).unwrap_err();
        let lines: Vec<_> = errs.iter().filter_map(|e| e.line).collect();
        assert_eq!(lines, vec![4, 5, 6], "{errs:?}");
        assert!(errs[0].to_string().starts_with("schemas/kinds.toml:4:"));
    }

    #[test]
    fn duplicate_kinds_and_kinds_without_signals_are_errors() {
        let text = "[[kind]]\nid = \"a\"\ntitle = \"A\"\nkeywords = [ { re = 'a', lang = \"en\", weight = 1.0 } ]\n\n[[kind]]\nid = \"a\"\ntitle = \"A again\"\n";
        let errs = load(text).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs.iter().all(|e| e.line == Some(7)));
    }

    #[test]
    fn requirements_must_name_title_or_a_signal() {
        let text = "[[kind]]\nid = \"a\"\ntitle = \"A\"\nrequires = [\"mrz_td3\", \"nonsense\"]\nkeywords = [ { re = 'a', lang = \"en\", weight = 1.0 } ]\n";
        let errs = load(text).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].line, Some(4));
        assert!(errs[0].message.contains("nonsense"));
    }

    #[test]
    fn phrases_are_checked_at_load() {
        let text = r#"[[kind]]
id = "a"
title = "A"
titles = [
  { phrase = "уведомление о прибытии", lang = "ru", weight = 6.0 },
  { phrase = "иин", lang = "ru", weight = 1.0 },
  { phrase = " - / ", lang = "ru", weight = 1.0 },
  { phrase = "о (прибытии|убытии)", lang = "ru", weight = 1.0 },
  { re = 'x', phrase = "уведомление", lang = "ru", weight = 1.0 },
  { lang = "ru", weight = 1.0 },
  { phrase = "通知书通知书", lang = "ru", weight = 1.0 },
]
"#;
        let errs = load(text).unwrap_err();
        let lines: Vec<_> = errs.iter().filter_map(|e| e.line).collect();
        assert_eq!(lines, vec![6, 7, 8, 9, 10, 11], "{errs:?}");
        assert!(errs[0].message.contains("too short"), "{errs:?}");
        assert!(errs[2].message.contains("plain words"), "{errs:?}");
        assert!(errs[3].message.contains("not both"), "{errs:?}");
        assert!(
            errs[4].message.contains("`re` (a regex) or `phrase`"),
            "{errs:?}"
        );
    }

    #[test]
    fn a_phrase_loads_as_its_canonical_form() {
        let text = "[[kind]]\nid = \"a\"\ntitle = \"A\"\nkeywords = [ { phrase = \"Дата присвоения\", lang = \"ru\", weight = 1.0 } ]\n";
        let v = load(text).unwrap();
        let p = &v.rules.kinds[0].keywords[0];
        assert_eq!(p.source, "Дата присвоения");
        assert!(p.regex().is_none());
        match &p.matcher {
            Matcher::Phrase(c) => {
                assert_eq!(c, &crate::text::phrase::canon_phrase("ДАТА ПРИСВ0ЕНИЯ"))
            }
            Matcher::Regex(_) => panic!("a phrase became a regex"),
        }
    }

    #[test]
    fn patterns_are_folded_like_the_text() {
        // Written in Cyrillic with Kazakh letters; must match OCR that read Latin
        // look-alikes and Russian base letters.
        let re = compile(r"\bқазақстан республикасы").unwrap();
        let text = crate::text::normalize("KAЗAKCTAH  Pеспубликасы");
        assert!(re.is_match(&text), "{text}");
        let re = compile(r"seal ?/? ?stamp").unwrap();
        assert!(re.is_match(&crate::text::normalize("9. Seal/stamp:")));
        assert!(re.is_match(&crate::text::normalize("9. Sealstamp")));
    }
}
