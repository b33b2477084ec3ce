//! The artifacts that flow between the stages of dossier.
//!
//! batch → package → file → page → OCR text → classified document → fields →
//! findings → report. Every stage module takes one of these and returns the next;
//! nothing here does any work beyond small accessors.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Serde, `Display` and `== "name"` for an enum that reports name by a string: `$name`
/// gives the string, `$from` reads it back; an unknown name is an error naming `$what`.
macro_rules! by_name {
    ($t:ty, $name:ident, $from:ident, $what:literal) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.$name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let name = <String as serde::Deserialize>::deserialize(d)?;
                <$t>::$from(&name).ok_or_else(|| {
                    serde::de::Error::custom(format!(concat!("unknown ", $what, " {:?}"), name))
                })
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.$name())
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.$name() == *other
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.$name() == other
            }
        }
    };
}
pub(crate) use by_name;

/// An axis-aligned box on a page, origin top-left: in pixels of the page image as OCR
/// saw it (levelled, turned upright, upscaled) through reading and judging, and of the
/// page as stored once in a report ([`PageText::stored_box`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BBox {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl BBox {
    /// The smallest box holding both.
    pub fn union(self, other: BBox) -> BBox {
        if self.w == 0 && self.h == 0 {
            return other;
        }
        if other.w == 0 && other.h == 0 {
            return self;
        }
        let x0 = self.x.min(other.x);
        let y0 = self.y.min(other.y);
        let x1 = (self.x + self.w).max(other.x + other.w);
        let y1 = (self.y + self.h).max(other.y + other.h);
        BBox {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        }
    }
}

/// One recognised word with its box and Tesseract's confidence (0–100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    pub confidence: f32,
    /// Index of the text line the word belongs to, unique within the page.
    pub line: u32,
}

/// Where the text of a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    /// A PDF text layer: exact text, confidence 100, no boxes.
    TextLayer,
    /// Tesseract over the page image.
    Ocr,
}

/// The raw lines of a machine-readable zone as read by the dedicated MRZ pass
/// (dossier's own recogniser, or Tesseract with the OCR-B alphabet as a second
/// opinion), before any parsing or repair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MrzLines {
    pub lines: Vec<String>,
    /// How surely the zone was read (0–100): the mean certainty of its cells when
    /// dossier's recogniser read it, Tesseract's mean word confidence otherwise.
    pub confidence: f32,
    pub bbox: BBox,
    /// Each cell of each line as dossier's recogniser read it; empty when the lines
    /// come from Tesseract.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<Vec<MrzCell>>,
}

impl MrzLines {
    /// For each cell of each line, whether the recogniser read it surely
    /// ([`MrzCell::SURE`]); empty for lines from Tesseract.
    pub fn sure_cells(&self) -> Vec<Vec<bool>> {
        self.cells
            .iter()
            .map(|l| l.iter().map(MrzCell::is_sure).collect())
            .collect()
    }
}

/// One glyph cell of a zone read by dossier's recogniser: the symbol chosen, its
/// score and the runner-up's among the symbols the position allows (0–1), and the
/// cell's box on the page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MrzCell {
    pub ch: char,
    pub score: f32,
    pub alt: char,
    pub alt_score: f32,
    /// True when a check digit chose `ch` over a better-scoring runner-up.
    #[serde(default)]
    pub by_check: bool,
    pub bbox: BBox,
}

impl MrzCell {
    /// A cell read at least this surely is sure: a failing digit over sure cells is a
    /// wrong digit on the document, not a misreading.
    pub const SURE: f32 = 0.9;

    /// True when the cell's [`MrzCell::certainty`] reaches [`MrzCell::SURE`].
    pub fn is_sure(&self) -> bool {
        self.certainty() >= MrzCell::SURE
    }

    /// How sure the reading of the cell is (0–1). A symbol a check digit chose is as
    /// sure as the odds the digit gives it: a wrong reading satisfies a digit one time
    /// in ten.
    pub fn certainty(&self) -> f32 {
        if self.by_check {
            let support = 10.0 * self.score;
            support / (support + self.alt_score)
        } else {
            self.score
        }
    }
}

/// Identifies one page of one file inside a package.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PageRef {
    /// Path of the file relative to the package folder, with `/` separators.
    pub file: String,
    /// 1-based page number inside the file.
    pub page: u32,
}

/// The text of one page: the output of the OCR stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageText {
    pub page: PageRef,
    pub source: TextSource,
    /// Page image size in pixels (0×0 for text-layer pages).
    pub width: u32,
    pub height: u32,
    /// Clockwise rotation in degrees (0, 90, 180, 270) applied to make the page upright.
    pub rotation: u16,
    /// The small turn (degrees) that levelled the page's lines before the quarter turn:
    /// the image was rotated by `-skew` about its centre (0 when it was not deskewed).
    #[serde(default)]
    pub skew: f32,
    /// Words in reading order. Empty for text-layer pages; see `text`.
    pub words: Vec<Word>,
    /// Full text in reading order, lines separated by `\n`.
    pub text: String,
    /// Mean word confidence (0–100); 100 for text layers.
    pub confidence: f32,
    /// The machine-readable zone, when the page has one.
    pub mrz: Option<MrzLines>,
    /// How the page image looks, measured before OCR (`None` for text-layer pages):
    /// what tells a photograph from a blank page or a scrap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tones: Option<ImageTones>,
}

impl PageText {
    /// A box of this page's words (in the frame OCR read: levelled, turned upright and
    /// upscaled) in the coordinates of the page as stored: the image file, or the PDF
    /// page's image, as decoded. The inverse of the OCR stage's steps, applied to the
    /// box's corners; the smallest box holding them, clipped to the page. Text-layer
    /// pages (no image) keep their boxes.
    pub fn stored_box(&self, b: BBox) -> BBox {
        let Some(tones) = self.tones else { return b };
        let (w0, h0) = (tones.width as f32, tones.height as f32);
        if self.width == 0 || self.height == 0 || w0 == 0.0 || h0 == 0.0 {
            return b;
        }
        // The upright frame before upscaling.
        let quarter = self.rotation % 180 == 90;
        let (wr, hr) = if quarter { (h0, w0) } else { (w0, h0) };
        let (sx, sy) = (wr / self.width as f32, hr / self.height as f32);
        let (sin, cos) = self.skew.to_radians().sin_cos();
        let (cx, cy) = (w0 / 2.0, h0 / 2.0);
        let to_stored = |x: f32, y: f32| {
            let (u, v) = (x * sx, y * sy);
            // Undo the clockwise quarter turn.
            let (x, y) = match self.rotation % 360 {
                90 => (v, h0 - u),
                180 => (w0 - u, h0 - v),
                270 => (w0 - v, u),
                _ => (u, v),
            };
            // Undo the levelling: the image was turned by -skew about its centre.
            let (dx, dy) = (x - cx, y - cy);
            (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
        };
        let (x0, y0, x1, y1) = (
            b.x as f32,
            b.y as f32,
            (b.x + b.w) as f32,
            (b.y + b.h) as f32,
        );
        let corners = [
            to_stored(x0, y0),
            to_stored(x1, y0),
            to_stored(x0, y1),
            to_stored(x1, y1),
        ];
        // The bounds of the corners along one axis, clipped to the page.
        let bounds = |axis: fn(&(f32, f32)) -> f32, max: f32| {
            let values = corners.iter().map(axis);
            let lo = values.clone().fold(f32::MAX, f32::min).clamp(0.0, max);
            (lo, values.fold(f32::MIN, f32::max).clamp(0.0, max))
        };
        let (min_x, max_x) = bounds(|c| c.0, w0);
        let (min_y, max_y) = bounds(|c| c.1, h0);
        BBox {
            x: min_x.floor() as u32,
            y: min_y.floor() as u32,
            w: (max_x.ceil() - min_x.floor()) as u32,
            h: (max_y.ceil() - min_y.floor()) as u32,
        }
    }

    /// The size of the page as stored (0 × 0 for a text-layer page).
    pub fn stored_size(&self) -> (u32, u32) {
        self.tones.map_or((0, 0), |t| (t.width, t.height))
    }
}

/// Measures of a page image as decoded (before any upscaling or turning), taken by the
/// OCR stage: its size, the size of what is on it (the box holding everything that
/// differs from the background) and the tones inside that box.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ImageTones {
    /// The decoded image's size in pixels.
    pub width: u32,
    pub height: u32,
    /// The size in pixels of the box holding the content (0 × 0 for a blank page).
    pub content_width: u32,
    pub content_height: u32,
    /// Grey-level spread inside the content box: the 95th minus the 5th percentile
    /// (0–255); a blank or nearly uniform image has almost none.
    pub spread: u8,
    /// Share of the content box's pixels in the mid tones (grey 48–207): high for a
    /// photograph, low for ink on paper.
    pub mid_tones: f32,
    /// How many of the 16 grey-level bands hold at least 1 % of the content box: a
    /// photograph's tones are continuous, ink on paper has two or three.
    pub bands: u8,
}

/// Where a field's value was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub file: String,
    pub page: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// The text as read, before normalisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

/// How a field was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldMethod {
    /// Parsed from the machine-readable zone.
    Mrz,
    /// Read from the printed (visual) text of the page.
    Visual,
    /// Read from a PDF text layer.
    TextLayer,
    /// Derived from another field (e.g. birth date decoded from the IIN).
    Derived,
}

/// One extracted, normalised field value with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Normalised value: ISO 8601 dates, ISO 3166-1 alpha-3 countries, names upper-case.
    pub value: String,
    /// 0–100.
    pub confidence: f32,
    pub method: FieldMethod,
    pub source: Evidence,
}

/// One check-digit verdict of a machine-readable zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MrzCheck {
    pub field: MrzCheckField,
    /// The characters the digit covers, as read after repair (fillers kept; for the
    /// composite, the covered fields one after another).
    pub data: String,
    pub expected: char,
    pub computed: char,
    pub ok: bool,
    /// How surely the cells the digit covers, and the digit, were read (0–100): the
    /// least certainty among them. `None` when the zone was not read by dossier's
    /// recogniser (Tesseract gives no per-glyph certainty), then the zone's confidence
    /// stands for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certainty: Option<f32>,
}

/// What one MRZ check digit protects (ICAO 9303): a field, or the composite of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MrzCheckField {
    DocumentNumber,
    DateOfBirth,
    DateOfExpiry,
    /// The optional data (the personal number) of TD3, where it has its own digit.
    PersonalNumber,
    /// The digit over number, birth date, expiry date (and optional data).
    Composite,
}

impl MrzCheckField {
    /// Every check, in the order a zone prints them.
    pub const ALL: [MrzCheckField; 5] = [
        MrzCheckField::DocumentNumber,
        MrzCheckField::DateOfBirth,
        MrzCheckField::DateOfExpiry,
        MrzCheckField::PersonalNumber,
        MrzCheckField::Composite,
    ];

    /// The name reports use; for a field, also the name of the field it protects.
    pub fn name(self) -> &'static str {
        match self {
            MrzCheckField::DocumentNumber => "document_number",
            MrzCheckField::DateOfBirth => "date_of_birth",
            MrzCheckField::DateOfExpiry => "date_of_expiry",
            MrzCheckField::PersonalNumber => "personal_number",
            MrzCheckField::Composite => "composite",
        }
    }

    /// The check a report names.
    pub fn from_name(name: &str) -> Option<MrzCheckField> {
        MrzCheckField::ALL.into_iter().find(|f| f.name() == name)
    }

    /// True for a check over a date (YYMMDD).
    pub fn is_date(self) -> bool {
        matches!(
            self,
            MrzCheckField::DateOfBirth | MrzCheckField::DateOfExpiry
        )
    }
}

by_name!(MrzCheckField, name, from_name, "MRZ check");

/// The parsed machine-readable zone of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MrzReport {
    pub format: MrzFormat,
    /// Lines as OCR read them.
    pub raw: Vec<String>,
    /// Lines after field-by-field repair.
    pub repaired: Vec<String>,
    pub checks: Vec<MrzCheck>,
    /// True when every check digit holds after repair.
    pub valid: bool,
    pub confidence: f32,
    pub evidence: Evidence,
}

/// The layouts of ICAO 9303.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzFormat {
    Td1,
    Td2,
    Td3,
    MrvA,
    MrvB,
}

impl MrzFormat {
    /// `TD1`, `TD2`, `TD3`, `MRVA`, `MRVB`: how reports name it.
    pub fn name(self) -> &'static str {
        match self {
            MrzFormat::Td1 => "TD1",
            MrzFormat::Td2 => "TD2",
            MrzFormat::Td3 => "TD3",
            MrzFormat::MrvA => "MRVA",
            MrzFormat::MrvB => "MRVB",
        }
    }

    /// The format a report names ([`MrzFormat::name`]).
    pub fn from_name(name: &str) -> Option<MrzFormat> {
        [
            MrzFormat::Td1,
            MrzFormat::Td2,
            MrzFormat::Td3,
            MrzFormat::MrvA,
            MrzFormat::MrvB,
        ]
        .into_iter()
        .find(|f| f.name() == name)
    }
}

by_name!(MrzFormat, name, from_name, "MRZ format");

/// What a document kind is to the checks, beyond its name: declared per kind in
/// `schemas/kinds.toml` (`roles = [...]`), so that a new kind that plays a role needs
/// no code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// States who the holder is and is the reference every other document is compared
    /// with (passport, ID card). With several in a package, the kind listed first in
    /// `kinds.toml` is the reference.
    IdentityDocument,
    /// Carries the holder's own data (names, birth date, numbers): compared with the
    /// identity document, and its readings confirm the other holder documents'.
    StatesHolder,
    /// Its `document_number` is the holder's passport number, not a number of its own
    /// (a translation of the passport, an application form).
    QuotesPassportNumber,
    /// Writes the holder's names in Cyrillic (a translation into Kazakh or Russian): a
    /// "Latin" name on it made only of letters both alphabets share is Cyrillic misread.
    CyrillicNames,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 4] = [
        Role::IdentityDocument,
        Role::StatesHolder,
        Role::QuotesPassportNumber,
        Role::CyrillicNames,
    ];

    /// The name `kinds.toml` uses.
    pub fn name(self) -> &'static str {
        match self {
            Role::IdentityDocument => "identity_document",
            Role::StatesHolder => "states_holder",
            Role::QuotesPassportNumber => "quotes_passport_number",
            Role::CyrillicNames => "cyrillic_names",
        }
    }

    /// The role `kinds.toml` names `name`.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A document kind id (`passport`, `iin_certificate`, ... or `unrecognized`) with the
/// roles its vocabulary entry declares. Made by the vocabulary when `kinds.toml` is
/// loaded ([`crate::schema::KindVocabulary::id`]), so a kind id in a `Document` or a
/// `Finding` is one the vocabulary knows. Cheap to clone; compared, ordered and
/// serialised by its id alone.
#[derive(Clone)]
pub struct KindId(std::sync::Arc<KindTag>);

struct KindTag {
    id: Box<str>,
    roles: u8,
    /// Position in the vocabulary: which identity document is the reference.
    rank: u16,
}

impl KindId {
    /// The id of a kind declared in the vocabulary at position `rank`.
    pub(crate) fn declared(id: &str, roles: &[Role], rank: u16) -> KindId {
        KindId(std::sync::Arc::new(KindTag {
            id: id.into(),
            roles: roles.iter().fold(0, |acc, r| acc | r.bit()),
            rank,
        }))
    }

    /// `unrecognized`: a page no kind fits. Plays no role.
    pub fn unrecognized() -> KindId {
        KindId::declared(UNRECOGNIZED, &[], u16::MAX)
    }

    /// The id as reports write it.
    pub fn as_str(&self) -> &str {
        &self.0.id
    }

    /// True when the kind plays `role`.
    pub fn has(&self, role: Role) -> bool {
        self.0.roles & role.bit() != 0
    }

    /// Every role the kind plays.
    pub fn roles(&self) -> impl Iterator<Item = Role> + '_ {
        Role::ALL.into_iter().filter(|r| self.has(*r))
    }

    /// Its position in the vocabulary (`unrecognized` last).
    pub fn rank(&self) -> u16 {
        self.0.rank
    }

    /// True for `unrecognized`.
    pub fn is_unrecognized(&self) -> bool {
        self.as_str() == UNRECOGNIZED
    }
}

/// The kind id of a page no kind fits.
pub const UNRECOGNIZED: &str = "unrecognized";

impl std::fmt::Debug for KindId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Reads as its id wherever a `&str` is wanted (a message, a lookup).
impl std::ops::Deref for KindId {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for KindId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl PartialEq for KindId {
    fn eq(&self, other: &KindId) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for KindId {}

impl PartialOrd for KindId {
    fn partial_cmp(&self, other: &KindId) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for KindId {
    fn cmp(&self, other: &KindId) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for KindId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

/// A kind equals its id (`kind == "passport"`).
impl PartialEq<str> for KindId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for KindId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for KindId {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<KindId> for str {
    fn eq(&self, other: &KindId) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<KindId> for &str {
    fn eq(&self, other: &KindId) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<KindId> for String {
    fn eq(&self, other: &KindId) -> bool {
        self == other.as_str()
    }
}

impl Serialize for KindId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A reason that led to a document kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassEvidence {
    /// What matched: `keyword`, `mrz`, `apostille_fields`, `notary`, `file_name`, ...
    pub signal: String,
    pub detail: String,
    pub weight: f32,
}

/// What classification gives: one or more consecutive pages of one file, of one kind,
/// with the evidence for the kind. Extraction turns it into a [`Document`].
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    /// Path inside the package, `/` separators.
    pub file: String,
    /// 1-based page numbers.
    pub pages: Vec<u32>,
    /// A kind from `schemas/kinds.toml`, or `unrecognized`.
    pub kind: KindId,
    /// 0–1.
    pub confidence: f32,
    pub evidence: Vec<ClassEvidence>,
}

/// A document after extraction: its classification, the fields read from it, and its
/// machine-readable zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Path inside the package, `/` separators.
    pub file: String,
    /// 1-based page numbers.
    pub pages: Vec<u32>,
    /// A kind from `schemas/kinds.toml`, or `unrecognized`.
    pub kind: KindId,
    /// 0–1.
    pub confidence: f32,
    pub evidence: Vec<ClassEvidence>,
    pub fields: BTreeMap<String, Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrz: Option<MrzReport>,
}

impl Document {
    /// A classified document with the fields and zone extraction read.
    pub fn new(c: Classified, fields: BTreeMap<String, Field>, mrz: Option<MrzReport>) -> Self {
        Document {
            file: c.file,
            pages: c.pages,
            kind: c.kind,
            confidence: c.confidence,
            evidence: c.evidence,
            fields,
            mrz,
        }
    }
}

/// A file that could not be read, and why. Becomes an `unreadable_file` finding.
///
/// Build one with [`ReadProblem::new`] (the cause is then read from the reason's words)
/// or [`ReadProblem::because`] (the cause given); the finding's advice follows the cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadProblem {
    pub file: String,
    /// Page, when only one page of the file failed.
    pub page: Option<u32>,
    pub reason: String,
    /// What kind of problem it is; decides the advice the clerk gets.
    #[serde(default)]
    pub cause: ReadCause,
}

/// Why a file (or folder) could not be read: each cause has its own advice
/// ([`ReadCause::advice`]), so a permission problem is not told to "scan it again".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadCause {
    /// Damaged or undecodable in some other way (the fallback).
    #[default]
    Damaged,
    /// The file has 0 bytes.
    Empty,
    /// The file really ends before its content does.
    Truncated,
    /// Password-protected.
    Encrypted,
    /// Over a size, page or pixel limit.
    TooLarge,
    /// Too complex to read within the limits: a structure that loops, a time or
    /// memory limit reached while reading.
    TooComplex,
    /// The bytes match no supported format.
    UnknownFormat,
    /// A supported format, but stored with a compression dossier cannot decode
    /// (CCITT fax, JBIG2, JPEG 2000, ...).
    UnsupportedCodec,
    /// dossier may not read the file or folder.
    Permission,
    /// A link that is not followed (it leaves the package, or its target is missing).
    Link,
    /// A fifo, socket or device file: never read.
    NotAFile,
    /// The package folder holds no documents.
    EmptyFolder,
    /// Folders nested deeper than dossier reads.
    TooDeep,
    /// The file changed while it was being checked.
    Changed,
}

impl ReadCause {
    /// What the clerk can do about it: one sentence, ending in a full stop.
    pub fn advice(self) -> &'static str {
        match self {
            ReadCause::Damaged => "Scan the document again and replace the file.",
            ReadCause::Empty => {
                "Copy the file again from where it came from, or scan the document again."
            }
            ReadCause::Truncated => {
                "The file was probably cut off while it was copied or downloaded; copy it \
                 again from the original, or scan the document again."
            }
            ReadCause::Encrypted => {
                "Save a copy without a password (or print it to a new PDF) and put that in \
                 the package instead."
            }
            ReadCause::TooLarge => "Scan it again at 300 dpi, or split it into smaller files.",
            ReadCause::TooComplex => {
                "Save or export the document again as a plain PDF, or as JPEG or PNG images, \
                 and replace the file."
            }
            ReadCause::UnknownFormat => {
                "Save the scan as PDF, JPEG, PNG or TIFF and replace the file."
            }
            ReadCause::UnsupportedCodec => {
                "Save the scan as JPEG or PNG (or a PDF made of JPEG images) and replace the \
                 file."
            }
            ReadCause::Permission => {
                "dossier may not read this file; ask whoever manages the folder to give read \
                 access."
            }
            ReadCause::Link => "Put the file itself into the package folder instead of a link.",
            ReadCause::NotAFile => {
                "Remove it from the package folder: only document files belong there."
            }
            ReadCause::EmptyFolder => {
                "Put the package's scans into the folder, or remove the folder from the batch."
            }
            ReadCause::TooDeep => "Move the files into a folder nearer the top of the package.",
            ReadCause::Changed => "Run the check again once nobody is changing the folder.",
        }
    }

    /// The cause a reason's words name, for problems built without one
    /// ([`ReadProblem::new`]); [`ReadCause::Damaged`] when the words name none.
    pub fn from_reason(reason: &str) -> ReadCause {
        let r = reason.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| r.contains(w));
        if has(&["permission denied", "may not read", "access denied"]) {
            ReadCause::Permission
        } else if has(&["is a link", "symbolic link", "symlink"]) {
            ReadCause::Link
        } else if has(&["fifo", "socket", "device file", "not a regular file"]) {
            ReadCause::NotAFile
        } else if has(&["no files", "holds no documents"]) {
            ReadCause::EmptyFolder
        } else if has(&["nested deeper", "nested more than"]) {
            ReadCause::TooDeep
        } else if has(&["encrypted", "password"]) {
            ReadCause::Encrypted
        } else if has(&["is empty (0 bytes)"]) {
            ReadCause::Empty
        } else if has(&["cannot decode", "not supported", "unsupported"]) {
            ReadCause::UnsupportedCodec
        } else if has(&["loops", "took longer", "time limit", "too complex"]) {
            ReadCause::TooComplex
        } else if has(&[
            "over the limit",
            "more than the",
            "too many pages",
            "more memory",
            "of memory",
        ]) {
            ReadCause::TooLarge
        } else if has(&["is not a pdf, jpeg", "match no supported format"]) {
            ReadCause::UnknownFormat
        } else if has(&["changed while"]) {
            ReadCause::Changed
        } else if has(&["truncated", "ends before", "ends early"]) {
            ReadCause::Truncated
        } else {
            ReadCause::Damaged
        }
    }
}

impl ReadProblem {
    /// A problem whose cause is read from the words of `reason` (see
    /// [`ReadCause::from_reason`]).
    pub fn new(file: impl Into<String>, page: Option<u32>, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        ReadProblem {
            cause: ReadCause::from_reason(&reason),
            file: file.into(),
            page,
            reason,
        }
    }

    /// A problem of a known cause.
    pub fn because(
        cause: ReadCause,
        file: impl Into<String>,
        page: Option<u32>,
        reason: impl Into<String>,
    ) -> Self {
        ReadProblem {
            file: file.into(),
            page,
            reason: reason.into(),
            cause,
        }
    }
}

/// An entry of a package folder skipped on purpose (hidden, not a document), listed in
/// the report as not read so that nothing is dropped without a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedEntry {
    /// Path inside the package, `/` separators.
    pub file: String,
    /// Why it was not read, in a few words: "hidden (its name starts with a dot)".
    pub reason: String,
}

/// An entry of a batch folder that belongs to no package (a `README.md`, a stray scan,
/// a named pipe next to the package folders): never read, listed in the report so that
/// nothing is dropped without a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LooseEntry {
    /// The batch folder as given on the command line, `/` separators.
    pub folder: String,
    /// The entry's name inside that folder.
    pub file: String,
    /// What it is and why it was not read: "a document outside any package folder; ...".
    pub reason: String,
}

/// Everything the reading half learned about one package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageRead {
    /// The package folder's name.
    pub id: String,
    pub path: PathBuf,
    pub documents: Vec<Document>,
    pub problems: Vec<ReadProblem>,
    /// Damage in files that were read all the same (a scan cut short): each becomes a
    /// `damaged_scan` warning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub damaged: Vec<ReadProblem>,
    /// Per-page texts, kept for `inspect` and debugging (not serialised in reports).
    #[serde(skip)]
    pub pages: Vec<PageText>,
}

/// What every stage after OCR judges by: extraction (two-digit years, faint zones)
/// and the checks (dated rules, expiry, which readings are sure). One value, built once
/// by the caller, so `--min-confidence` means the same everywhere.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The check date: which dated rules apply, what has expired, and the century of a
    /// zone's two-digit years.
    pub as_of: chrono::NaiveDate,
    /// OCR confidence (0–100) below which a value is not trusted to fail or pass a
    /// check, and a zone Tesseract read counts as faint.
    pub min_confidence: f32,
}

impl Options {
    /// The default threshold ([`DEFAULT_MIN_CONFIDENCE`]).
    pub const DEFAULT_MIN_CONFIDENCE: f32 = DEFAULT_MIN_CONFIDENCE;

    /// Options for a check on `as_of` with the default threshold.
    pub fn new(as_of: chrono::NaiveDate) -> Options {
        Options {
            as_of,
            min_confidence: DEFAULT_MIN_CONFIDENCE,
        }
    }
}

/// The default OCR confidence (0–100) below which a reading is not trusted to decide a
/// check, and a zone read by Tesseract counts as faint: Tesseract words below 60 are
/// wrong often enough that a person should look before anything is decided on them.
/// `--min-confidence` overrides it for extraction and the checks alike.
pub const DEFAULT_MIN_CONFIDENCE: f32 = 60.0;
