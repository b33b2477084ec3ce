//! ICAO 9303 machine-readable zones: TD1, TD2, TD3, MRV-A, MRV-B. Finding the zone
//! in OCR text, parsing, check digits, and repair of typical OCR confusions guided
//! by the check digits (see [`repair`]).
//!
//! Why not the `mrz` crate (0.9.1, zero-dependency, evaluated for this module): it
//! parses all five layouts well, but (1) its damaged-capture repair swaps digits for
//! other digits (`2`↔`7` is in its `CONFUSABLES`), so a check digit that is wrong on
//! the document — the `mrz_check_digit` defect dossier must report — could be
//! "repaired" away; (2) it reports each check as a bool, while dossier's
//! [`MrzCheck`] needs the printed and the computed digit; (3) it does not restore
//! fillers read as `K`/`C` in names, the most common Tesseract MRZ error; (4) its
//! birth-date century is a compiled-in pivot year, not relative to the as-of date
//! of a check (the `_with` options can pin it, but expiry is always 20YY). Owning
//! the ~500 lines keeps the repair policy explicit and testable here.
//!
//! Layouts (0-based, end exclusive):
//! - TD3 / MRV-A (2×44): line 1 code 0..2, state 2..5, names 5..44; line 2 number
//!   0..9 + check 9, nationality 10..13, birth 13..19 + 19, sex 20, expiry 21..27 +
//!   27, optional 28..42 + check 42 (TD3) or 28..44 (MRV-A), composite 43 (TD3 only).
//! - TD2 / MRV-B (2×36): same line 2 up to 28; optional 28..35 + composite 35
//!   (TD2) or optional 28..36 (MRV-B, no composite). On TD1 and TD2 a number
//!   longer than nine characters continues in the optional data (see `number_layout`).
//! - TD1 (3×30): line 1 code, state, number 5..14 + 14, optional 15..30; line 2
//!   birth 0..6 + 6, sex 7, expiry 8..14 + 14, nationality 15..18, optional
//!   18..29, composite 29; line 3 names.

/// Version of the parser's verdicts (fields, check digits, repairs). Bump it whenever a
/// change can change them: they decide which reading of a zone the OCR stage keeps, so
/// the version is part of every OCR cache key ([`crate::ocr::cache_version`]).
pub const PARSER_VERSION: u32 = 1;

mod find;
pub mod repair;

pub use find::{find_and_parse, find_zones, fit_candidates, normalize_line};

use chrono::NaiveDate;

use crate::model::{MrzCheck, MrzCheckField, MrzLines};
use crate::parse::dates::{parse_yymmdd, Century};
use repair::{
    force_digits, force_letters, repair_digit_field_fillers, repair_name_fillers, search, suspects,
};

pub use crate::model::MrzFormat;

/// A parsed machine-readable zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Mrz {
    pub format: MrzFormat,
    /// `P`, `PD`, `I`, `ID`, `V`, ... without fillers.
    pub document_code: String,
    /// As printed, without fillers (`D` for Germany).
    pub issuing_state: String,
    pub surname: String,
    pub given_names: String,
    pub document_number: String,
    pub nationality: String,
    pub date_of_birth: Option<NaiveDate>,
    /// `M`, `F` or `X` (`X` also for an unspecified `<`).
    pub sex: char,
    pub date_of_expiry: Option<NaiveDate>,
    /// TD3 personal number / TD1, TD2 optional data (holds the IIN on Kazakh
    /// documents), without the continuation of a long document number.
    pub optional_data: String,
    /// TD1 line 2 optional data; empty on other layouts.
    pub optional_data_2: String,
    pub raw: Vec<String>,
    pub repaired: Vec<String>,
    pub checks: Vec<MrzCheck>,
}

impl Mrz {
    /// True when every check digit the layout prints holds.
    pub fn valid(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.ok)
    }
}

/// Why lines are not a machine-readable zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MrzError {
    #[error("no layout of ICAO 9303 has {lines} lines of {len} characters")]
    Layout { lines: usize, len: usize },
}

/// ICAO 9303 check digit (weights 7, 3, 1; `<` = 0; A–Z = 10–35). Characters
/// outside the MRZ alphabet count as 0.
pub fn check_digit(s: &str) -> char {
    check_digit_chars(&s.chars().collect::<Vec<_>>())
}

fn value(c: char) -> u32 {
    match c {
        '0'..='9' => c as u32 - '0' as u32,
        'A'..='Z' => c as u32 - 'A' as u32 + 10,
        _ => 0,
    }
}

fn check_digit_chars(s: &[char]) -> char {
    const W: [u32; 3] = [7, 3, 1];
    let sum: u32 = s
        .iter()
        .enumerate()
        .map(|(i, &c)| value(c) * W[i % 3])
        .sum();
    char::from(b'0' + (sum % 10) as u8)
}

/// Whether `printed` is the right check digit for `field`. An all-filler field
/// may print `<` instead of `0`.
fn verify(field: &[char], printed: char) -> bool {
    verify_iter(field.iter().copied(), printed)
}

/// [`verify`] over characters as they come, without collecting them (the
/// repair search calls this thousands of times).
fn verify_iter(field: impl Iterator<Item = char>, printed: char) -> bool {
    const W: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    let mut all_fillers = true;
    for (i, c) in field.enumerate() {
        sum += value(c) * W[i % 3];
        all_fillers &= c == '<';
    }
    let c = char::from(b'0' + (sum % 10) as u8);
    printed == c || (printed == '<' && c == '0' && all_fillers)
}

/// A field's position: line, start, end (exclusive).
#[derive(Debug, Clone, Copy)]
struct Span(usize, usize, usize);

struct Spec {
    width: usize,
    code: Span,
    state: Span,
    names: Span,
    number: Span,
    number_cd: Span,
    nationality: Span,
    birth: Span,
    birth_cd: Span,
    sex: Span,
    expiry: Span,
    expiry_cd: Span,
    optional: Span,
    optional_cd: Option<Span>,
    optional2: Option<Span>,
    composite: Option<(Span, &'static [Span])>,
    /// Whether a number longer than nine characters continues in the optional
    /// data (see [`number_layout`]).
    number_overflow: bool,
}

const TD3_COMPOSITE: &[Span] = &[Span(1, 0, 10), Span(1, 13, 20), Span(1, 21, 43)];
const TD2_COMPOSITE: &[Span] = &[Span(1, 0, 10), Span(1, 13, 20), Span(1, 21, 35)];
const TD1_COMPOSITE: &[Span] = &[
    Span(0, 5, 30),
    Span(1, 0, 7),
    Span(1, 8, 15),
    Span(1, 18, 29),
];

fn spec(format: MrzFormat) -> Spec {
    let two_line = |width: usize, optional: Span, optional_cd, composite, number_overflow| Spec {
        width,
        code: Span(0, 0, 2),
        state: Span(0, 2, 5),
        names: Span(0, 5, width),
        number: Span(1, 0, 9),
        number_cd: Span(1, 9, 10),
        nationality: Span(1, 10, 13),
        birth: Span(1, 13, 19),
        birth_cd: Span(1, 19, 20),
        sex: Span(1, 20, 21),
        expiry: Span(1, 21, 27),
        expiry_cd: Span(1, 27, 28),
        optional,
        optional_cd,
        optional2: None,
        composite,
        number_overflow,
    };
    match format {
        MrzFormat::Td3 => two_line(
            44,
            Span(1, 28, 42),
            Some(Span(1, 42, 43)),
            Some((Span(1, 43, 44), TD3_COMPOSITE)),
            false,
        ),
        MrzFormat::MrvA => two_line(44, Span(1, 28, 44), None, None, false),
        MrzFormat::Td2 => two_line(
            36,
            Span(1, 28, 35),
            None,
            Some((Span(1, 35, 36), TD2_COMPOSITE)),
            true,
        ),
        MrzFormat::MrvB => two_line(36, Span(1, 28, 36), None, None, false),
        MrzFormat::Td1 => Spec {
            width: 30,
            code: Span(0, 0, 2),
            state: Span(0, 2, 5),
            number: Span(0, 5, 14),
            number_cd: Span(0, 14, 15),
            optional: Span(0, 15, 30),
            birth: Span(1, 0, 6),
            birth_cd: Span(1, 6, 7),
            sex: Span(1, 7, 8),
            expiry: Span(1, 8, 14),
            expiry_cd: Span(1, 14, 15),
            nationality: Span(1, 15, 18),
            optional2: Some(Span(1, 18, 29)),
            composite: Some((Span(1, 29, 30), TD1_COMPOSITE)),
            names: Span(2, 0, 30),
            optional_cd: None,
            number_overflow: true,
        },
    }
}

/// Where a field sits in a zone of this format, as (line, start, end), 0-based,
/// end exclusive: `document_code`, `issuing_state`, `names`, `document_number`,
/// `nationality`, `date_of_birth`, `sex`, `date_of_expiry`, `optional_data`,
/// `optional_data_2`. Used to give each field its own box inside the zone.
pub fn field_span(format: MrzFormat, field: &str) -> Option<(usize, usize, usize)> {
    let sp = spec(format);
    let s = match field {
        "document_code" => sp.code,
        "issuing_state" => sp.state,
        "names" | "surname" | "given_names" => sp.names,
        "document_number" => sp.number,
        "nationality" => sp.nationality,
        "date_of_birth" => sp.birth,
        "sex" => sp.sex,
        "date_of_expiry" => sp.expiry,
        "optional_data" => sp.optional,
        "optional_data_2" => sp.optional2?,
        _ => return None,
    };
    Some((s.0, s.1, s.2))
}

/// Lines and width of a format.
pub fn dimensions(format: MrzFormat) -> (usize, usize) {
    let sp = spec(format);
    (if sp.width == 30 { 3 } else { 2 }, sp.width)
}

/// One check digit of a layout: the check's name (as in [`MrzCheck::field`]), the
/// spans it covers as (line, start, end), and where its digit is printed (line, column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckLayout {
    pub field: MrzCheckField,
    pub covers: Vec<(usize, usize, usize)>,
    pub digit: (usize, usize),
}

impl CheckLayout {
    /// Every (line, column) the check covers, its digit last.
    pub fn positions(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.covers
            .iter()
            .flat_map(|&(l, a, b)| (a..b).map(move |c| (l, c)))
            .chain(std::iter::once(self.digit))
    }

    /// Whether the digit holds over `lines` (one `Vec` of characters per line), by
    /// the same rule as the parser's own checks.
    pub fn holds(&self, lines: &[Vec<char>]) -> bool {
        let data = self
            .covers
            .iter()
            .flat_map(|&(l, a, b)| lines[l][a..b].iter().copied());
        verify_iter(data, lines[self.digit.0][self.digit.1])
    }
}

/// The check digits a format prints, in the order [`Mrz::checks`] lists them. A long
/// document number that overflows into the optional data (its digit printed as `<`)
/// is not followed here: this is the plain layout.
pub fn check_layout(format: MrzFormat) -> Vec<CheckLayout> {
    let sp = spec(format);
    let span = |s: Span| (s.0, s.1, s.2);
    let one = |field, data: Span, cd: Span| CheckLayout {
        field,
        covers: vec![span(data)],
        digit: (cd.0, cd.1),
    };
    let mut out = vec![
        one(MrzCheckField::DocumentNumber, sp.number, sp.number_cd),
        one(MrzCheckField::DateOfBirth, sp.birth, sp.birth_cd),
        one(MrzCheckField::DateOfExpiry, sp.expiry, sp.expiry_cd),
    ];
    if let Some(cd) = sp.optional_cd {
        out.push(one(MrzCheckField::PersonalNumber, sp.optional, cd));
    }
    if let Some((cd, spans)) = sp.composite {
        out.push(CheckLayout {
            field: MrzCheckField::Composite,
            covers: spans.iter().map(|&s| span(s)).collect(),
            digit: (cd.0, cd.1),
        });
    }
    out
}

/// The lines of a zone flattened into one buffer, so that repairs and checks can
/// address any field by a flat index.
struct Zone {
    buf: Vec<char>,
    width: usize,
}

impl Zone {
    fn idx(&self, s: Span) -> std::ops::Range<usize> {
        s.0 * self.width + s.1..s.0 * self.width + s.2
    }
    fn get(&self, s: Span) -> &[char] {
        &self.buf[self.idx(s)]
    }
    fn get_mut(&mut self, s: Span) -> &mut [char] {
        let r = self.idx(s);
        &mut self.buf[r]
    }
    fn text(&self, s: Span) -> String {
        self.get(s).iter().collect()
    }
    fn lines(&self) -> Vec<String> {
        self.buf
            .chunks(self.width)
            .map(|c| c.iter().collect())
            .collect()
    }
}

/// See step 0 of [`parse_normalized`]. Only in a line whose state and names share a
/// line (every format), never when the state already reads as a country.
fn realign_state(zone: &mut Zone, sp: &Spec) {
    let is_code = |c: &[char]| {
        let t: String = c.iter().collect();
        crate::parse::country::to_alpha3(&t).is_some()
    };
    let state: Vec<char> = zone.get(sp.state).to_vec();
    let nat: Vec<char> = zone.get(sp.nationality).to_vec();
    if is_code(&state) || !is_code(&nat) || nat.contains(&'<') || sp.state.0 != sp.names.0 {
        return;
    }
    let line = sp.state.0;
    let start = line * zone.width + sp.state.1;
    let end = (line + 1) * zone.width;
    if state[..2] == nat[1..] && zone.buf[end - 1] == '<' {
        // One character dropped: put the nationality's first letter back.
        zone.buf[start..end].rotate_right(1);
        zone.buf[start] = nat[0];
    } else if zone.buf[start + 1..start + 4] == nat[..] {
        // One character doubled or inserted before the state: drop it.
        zone.buf[start..end].rotate_left(1);
        zone.buf[end - 1] = '<';
    }
}

/// Parses OCR'd MRZ lines, repairing confusions field by field; birth dates are
/// placed in the past relative to today.
pub fn parse(lines: &[String]) -> Result<Mrz, MrzError> {
    parse_at(lines, chrono::Local::now().date_naive())
}

/// Parses OCR'd MRZ lines as of a given date (birth dates never after it).
pub fn parse_at(lines: &[String], as_of: NaiveDate) -> Result<Mrz, MrzError> {
    parse_locked(lines, &[], as_of)
}

/// The lines of an MRZ pass parsed with every cell the recogniser read surely locked
/// against the repairs ([`parse_locked`]); lines from Tesseract have no cells and are
/// parsed freely.
pub fn parse_lines(lines: &MrzLines, as_of: NaiveDate) -> Result<Mrz, MrzError> {
    parse_locked(&lines.lines, &lines.sure_cells(), as_of)
}

/// [`parse_at`] for a zone whose reader was sure of some cells: `locked[line][col]`
/// true means the glyph there was read surely, so no repair may change it. The
/// look-alike swaps and filler repairs are guesses made without glyph evidence; on a
/// sure cell they could turn a deliberately altered digit into a valid reading.
/// The mask applies to a line only when it is read at the zone's width as given (a
/// line the parser has to cut or pad is not on the reader's grid); `&[]` locks nothing.
pub fn parse_locked(
    lines: &[String],
    locked: &[Vec<bool>],
    as_of: NaiveDate,
) -> Result<Mrz, MrzError> {
    let lines: Vec<&String> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
    let first_len = lines.first().map(|l| l.chars().count()).unwrap_or(0);
    let layout_err = MrzError::Layout {
        lines: lines.len(),
        len: first_len,
    };
    let widths: &[usize] = match lines.len() {
        3 => &[30],
        2 => &[44, 36],
        _ => return Err(layout_err),
    };
    // Every width the line count allows, every fitted reading of each line
    // (bounded): the reading with the most holding check digits wins, then the
    // one needing the fewest edits (candidates are ordered by plausibility).
    let raw: Vec<String> = lines.iter().map(|l| l.trim().to_string()).collect();
    // A reader that locked cells put the zone on its grid: its width is the zone's,
    // and a refit to another width (whose cells nothing locks) may not outrank it.
    let on_grid = |w: usize| {
        raw.iter()
            .zip(locked)
            .all(|(l, m)| l.chars().count() == w && m.len() == w)
    };
    let widths: Vec<usize> = match widths
        .iter()
        .find(|&&w| locked.len() == raw.len() && locked.iter().flatten().any(|&l| l) && on_grid(w))
    {
        Some(&w) => vec![w],
        None => widths.to_vec(),
    };
    let mut best: Option<((bool, usize, usize), Mrz)> = None;
    for w in widths {
        let cands: Vec<Vec<String>> = lines.iter().map(|l| fit_candidates(l, w)).collect();
        if cands.iter().any(Vec::is_empty) {
            continue;
        }
        let deviation: usize = lines
            .iter()
            .map(|l| l.trim().chars().count().abs_diff(w))
            .sum();
        let mut idx = vec![0usize; cands.len()];
        for _ in 0..16 {
            let norm: Vec<String> = idx.iter().zip(&cands).map(|(&i, c)| c[i].clone()).collect();
            let mask = lock_mask(&norm, &raw, locked, w);
            let m = parse_normalized(&norm, w, raw.clone(), as_of, &mask);
            let rank = rank(&m, deviation);
            let valid = m.valid();
            if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                best = Some((rank, m));
            }
            if valid {
                // Candidates come most plausible first: the first valid reading
                // of this width is the one to keep.
                break;
            }
            // Next combination (odometer over the candidate lists).
            let mut k = 0;
            while k < idx.len() {
                idx[k] += 1;
                if idx[k] < cands[k].len() {
                    break;
                }
                idx[k] = 0;
                k += 1;
            }
            if k == idx.len() {
                break;
            }
        }
    }
    best.map(|(_, m)| m).ok_or(layout_err)
}

/// The locked cells of a candidate reading, flattened like [`Zone::buf`]: a line's
/// mask counts only when the candidate is the line exactly as read.
fn lock_mask(norm: &[String], raw: &[String], locked: &[Vec<bool>], width: usize) -> Vec<bool> {
    let mut mask = vec![false; norm.len() * width];
    for (line, (n, r)) in norm.iter().zip(raw).enumerate() {
        let Some(l) = locked.get(line) else { continue };
        if n == r && l.len() == width {
            mask[line * width..(line + 1) * width].copy_from_slice(l);
        }
    }
    mask
}

fn parse_normalized(
    norm: &[String],
    width: usize,
    raw: Vec<String>,
    as_of: NaiveDate,
    locked: &[bool],
) -> Mrz {
    let mut zone = Zone {
        buf: norm.iter().flat_map(|l| l.chars()).collect(),
        width,
    };
    let read = zone.buf.clone();
    // Every repair below runs as if nothing were locked; a locked cell is then put
    // back as read, and the check-digit search never proposes one.
    let restore = |zone: &mut Zone| {
        for (i, _) in locked.iter().enumerate().filter(|(_, &l)| l) {
            zone.buf[i] = read[i];
        }
    };
    let any_locked = locked.iter().any(|&l| l);
    // The document code decides MRV vs TD on two-line zones.
    force_letters(&mut zone.buf[0..1]);
    restore(&mut zone);
    let format = match (norm.len(), width, zone.buf[0]) {
        (3, _, _) => MrzFormat::Td1,
        (_, 44, 'V') => MrzFormat::MrvA,
        (_, 44, _) => MrzFormat::Td3,
        (_, _, 'V') => MrzFormat::MrvB,
        _ => MrzFormat::Td2,
    };
    let sp = spec(format);

    // 0. A first line shifted by one character (a character dropped or doubled before
    // the issuing state): the state is no country, but it is the nationality of the
    // data line shifted by one. Names follow the state, so they shift back too.
    // A reader sure of its cells placed them on the zone's grid itself.
    if !any_locked {
        realign_state(&mut zone, &sp);
    }

    // 1. Typed fields.
    repair_typed_fields(&mut zone, &sp);
    restore(&mut zone);

    // 2. Fillers in names (no check digit: heuristic).
    repair_name_fillers(zone.get_mut(sp.names));
    restore(&mut zone);

    // 3. Alphanumeric fields, guided by the check digits.
    repair_optional_fillers(&mut zone, &sp);
    restore(&mut zone);
    repair_by_check_digits(&mut zone, &sp, locked);
    // Again: a look-alike repaired above may have made the field all digits.
    repair_optional_fillers(&mut zone, &sp);
    restore(&mut zone);

    // 4. Verdicts and values from the repaired zone.
    let checks = verdicts(&zone, &sp);
    values(&zone, &sp, format, as_of, raw, checks)
}

/// Step 1 of the repair: every field of a fixed type gets characters of that type
/// (look-alikes folded: `0`↔`O`, `1`↔`I`, ...), the document code and the countries
/// their known misreadings, the sex one of `M`, `F`, `X`, `<`.
fn repair_typed_fields(zone: &mut Zone, sp: &Spec) {
    // The code's second character is the issuer's choice (ICAO 9303 Parts 4 and 5),
    // and some print a digit there (the US permanent resident card's `C1`): only the
    // first is forced to a letter (by the caller, before the format is known).
    for s in [sp.state, sp.nationality, sp.names] {
        force_letters(zone.get_mut(s));
    }
    for s in [sp.birth, sp.birth_cd, sp.expiry, sp.expiry_cd, sp.number_cd] {
        force_digits(zone.get_mut(s));
    }
    for s in [sp.optional_cd, sp.composite.map(|c| c.0)]
        .into_iter()
        .flatten()
    {
        force_digits(zone.get_mut(s));
    }
    repair_passport_code(zone.get_mut(sp.code));
    for s in [sp.state, sp.nationality] {
        repair_country(zone.get_mut(s));
    }
    let sex = zone.get_mut(sp.sex);
    sex[0] = match sex[0] {
        'M' | 'H' | 'N' | 'W' => 'M',
        'F' | 'P' | 'E' => 'F',
        'X' => 'X',
        _ => '<',
    };
}

/// Step 3 of the repair: the alphanumeric fields, guided by the check digits. One joint
/// search over the out-of-place characters of the document number and optional data; a
/// reading is accepted when the number's and the personal number's own checks hold and
/// so does the composite (when the dates' checks hold, the composite is a second,
/// independent oracle; when a date is wrong it can never hold and is left out). A
/// locked cell is never proposed.
fn repair_by_check_digits(zone: &mut Zone, sp: &Spec, locked: &[bool]) {
    let dates_ok = verify(zone.get(sp.birth), zone.get(sp.birth_cd)[0])
        && verify(zone.get(sp.expiry), zone.get(sp.expiry_cd)[0]);
    let (num_positions, num_cd) = number_layout(zone, sp);
    let mut cands = suspects(&zone.buf, &num_positions);
    let opt_range = zone.idx(sp.optional);
    let opt_cd = sp.optional_cd.map(|s| zone.idx(s).start);
    let composite = sp.composite.filter(|_| dates_ok).map(|(cd, spans)| {
        (
            zone.idx(cd).start,
            spans.iter().map(|&s| zone.idx(s)).collect::<Vec<_>>(),
        )
    });
    if opt_cd.is_some() || composite.is_some() {
        let rest: Vec<usize> = opt_range
            .clone()
            .filter(|i| !num_positions.contains(i) && *i != num_cd)
            .collect();
        cands.extend(suspects(&zone.buf, &rest));
        if let Some(o2) = sp.optional2.filter(|_| composite.is_some()) {
            let o2: Vec<usize> = zone.idx(o2).collect();
            cands.extend(suspects(&zone.buf, &o2));
        }
    }
    let ok = |b: &[char]| {
        verify_iter(num_positions.iter().map(|&i| b[i]), b[num_cd])
            && opt_cd.is_none_or(|c| verify(&b[opt_range.clone()], b[c]))
            && composite.as_ref().is_none_or(|(c, ranges)| {
                verify_iter(
                    ranges.iter().flat_map(|r| b[r.clone()].iter().copied()),
                    b[*c],
                )
            })
    };
    cands.retain(|&(i, _)| !locked[i]);
    search(&mut zone.buf, &cands, &ok);
}

/// Every check digit's verdict over the repaired zone, in the order the zone prints
/// them.
fn verdicts(zone: &Zone, sp: &Spec) -> Vec<MrzCheck> {
    let mut checks = Vec::new();
    let mut push = |field: MrzCheckField, data: Vec<char>, printed: char| {
        // A number opening with fillers is no number (ICAO 9303 left-aligns it),
        // whatever its digit says: garbage off a smudged band passes one check in ten.
        let no_number = field == MrzCheckField::DocumentNumber && data.first() == Some(&'<');
        checks.push(MrzCheck {
            field,
            data: data.iter().collect(),
            expected: printed,
            computed: check_digit_chars(&data),
            ok: verify(&data, printed) && !no_number,
            certainty: None,
        });
    };
    let (num_positions, num_cd) = number_layout(zone, sp);
    let number: Vec<char> = num_positions.iter().map(|&i| zone.buf[i]).collect();
    push(
        MrzCheckField::DocumentNumber,
        number.clone(),
        zone.buf[num_cd],
    );

    push(
        MrzCheckField::DateOfBirth,
        zone.get(sp.birth).to_vec(),
        zone.get(sp.birth_cd)[0],
    );
    push(
        MrzCheckField::DateOfExpiry,
        zone.get(sp.expiry).to_vec(),
        zone.get(sp.expiry_cd)[0],
    );
    if let Some(cd) = sp.optional_cd {
        push(
            MrzCheckField::PersonalNumber,
            zone.get(sp.optional).to_vec(),
            zone.get(cd)[0],
        );
    }
    if let Some((cd, spans)) = sp.composite {
        let data: Vec<char> = spans
            .iter()
            .flat_map(|&s| zone.get(s).iter().copied())
            .collect();
        push(MrzCheckField::Composite, data, zone.get(cd)[0]);
    }

    checks
}

/// The fields of the repaired zone, with its verdicts.
fn values(
    zone: &Zone,
    sp: &Spec,
    format: MrzFormat,
    as_of: NaiveDate,
    raw: Vec<String>,
    checks: Vec<MrzCheck>,
) -> Mrz {
    let (num_positions, _) = number_layout(zone, sp);
    let number: Vec<char> = num_positions.iter().map(|&i| zone.buf[i]).collect();
    let names = zone.text(sp.names);
    let (surname, given) = names.split_once("<<").unwrap_or((names.as_str(), ""));
    let optional_all = zone.text(sp.optional);
    // TD1/TD2 overflow: the optional field starts with the number's continuation.
    let optional_data = if num_positions.len() > 9 {
        let used = num_positions.len() - 9 + 1;
        optional_all.chars().skip(used).collect::<String>()
    } else {
        optional_all
    };
    let sex = match zone.get(sp.sex)[0] {
        '<' => 'X',
        c => c,
    };
    Mrz {
        format,
        document_code: trim_fillers(&zone.text(sp.code)),
        issuing_state: trim_fillers(&zone.text(sp.state)),
        surname: clean_name(surname),
        given_names: clean_name(given),
        document_number: trim_fillers(&number.iter().collect::<String>()),
        nationality: trim_fillers(&zone.text(sp.nationality)),
        date_of_birth: parse_yymmdd(&zone.text(sp.birth), as_of, Century::Past),
        sex,
        date_of_expiry: parse_yymmdd(&zone.text(sp.expiry), as_of, Century::Future),
        optional_data: trim_fillers(&optional_data),
        optional_data_2: sp
            .optional2
            .map(|s| trim_fillers(&zone.text(s)))
            .unwrap_or_default(),
        raw,
        repaired: zone.lines(),
        checks,
    }
}

/// [`repair_digit_field_fillers`] on the optional data of TD3 and TD1, undone when
/// it breaks a check that held as read: a national number may end in a check letter
/// (a Spanish DNI `12345678C` in the personal number), and `C` (12) weighs unlike `<`
/// (0), so a check that held says the `C` is a letter. `K` (20) weighs like `<` at
/// every weight: a `K` after digits stays the blind spot the glyphs must settle.
fn repair_optional_fillers(zone: &mut Zone, sp: &Spec) {
    if sp.optional_cd.is_none() && sp.width != 30 {
        return;
    }
    let read = zone.get(sp.optional).to_vec();
    let held = optional_checks(zone, sp);
    repair_digit_field_fillers(zone.get_mut(sp.optional));
    let holds = optional_checks(zone, sp);
    if (held.0 && !holds.0) || (held.1 && !holds.1) {
        zone.get_mut(sp.optional).copy_from_slice(&read);
    }
}

/// Whether the checks covering the optional data hold: its own, the composite.
fn optional_checks(zone: &Zone, sp: &Spec) -> (bool, bool) {
    let own = sp
        .optional_cd
        .is_none_or(|cd| verify(zone.get(sp.optional), zone.get(cd)[0]));
    let composite = sp.composite.is_none_or(|(cd, spans)| {
        verify_iter(
            spans.iter().flat_map(|&s| zone.get(s).iter().copied()),
            zone.get(cd)[0],
        )
    });
    (own, composite)
}

/// Flat positions of the document number and of its check digit. On TD1 (ICAO
/// 9303 Part 5) and TD2 (Part 6, e.g. `D23145890<UTO...7349<<<8` for number
/// `D23145890734` in Part 11 Appendix D.2) a number longer than nine characters
/// puts its first nine in the number field, `<` in the check position and the rest
/// at the start of the optional data, followed by its check digit (computed over
/// the whole number) and a filler. TD3 and the visas (Part 7) have no such
/// overflow: their number field is the whole number.
fn number_layout(zone: &Zone, sp: &Spec) -> (Vec<usize>, usize) {
    let mut positions: Vec<usize> = zone.idx(sp.number).collect();
    let cd = zone.idx(sp.number_cd).start;
    if sp.number_overflow && zone.buf[cd] == '<' {
        let opt = zone.idx(sp.optional);
        let ext: Vec<usize> = opt.take_while(|&i| zone.buf[i] != '<').collect();
        if ext.len() >= 2 {
            let (body, last) = ext.split_at(ext.len() - 1);
            positions.extend_from_slice(body);
            return (positions, last[0]);
        }
    }
    (positions, cd)
}

/// The filler of a passport's code read as `K` or `C` (`PK` for `P<`) is restored.
/// Only on a passport: ICAO 9303 leaves the second letter to the issuer for every
/// document (P, I, A, C, V), and on the others it is often meaningful (`VC` a
/// Schengen uniform visa, `AC` a crew member certificate, `IC` allowed by Part 5),
/// while no passport type dossier knows of is coded `PK` or `PC` (`PD`, `PO`, `PS`,
/// `PE`, `PT`, ... are). Other codes keep their letter: only the glyph could tell.
fn repair_passport_code(code: &mut [char]) {
    if code[0] == 'P' && matches!(code[1], 'K' | 'C') {
        code[1] = '<';
    }
}

/// A country code with a filler read as `K`/`C` (`DKK` for `D<<`) is restored
/// when the restored code is known and the read one is not.
fn repair_country(code: &mut [char]) {
    let read: String = code.iter().collect();
    if crate::parse::country::to_alpha3(&read).is_some() {
        return;
    }
    let mut fixed = code.to_vec();
    for c in fixed.iter_mut().skip(1) {
        if matches!(*c, 'K' | 'C') {
            *c = '<';
        }
    }
    let f: String = fixed.iter().collect();
    if crate::parse::country::to_alpha3(&f).is_some() {
        code.copy_from_slice(&fixed);
    }
}

fn trim_fillers(s: &str) -> String {
    s.trim_matches('<').to_string()
}

/// `ANNA<MARIA<<<` → `ANNA MARIA`.
fn clean_name(s: &str) -> String {
    s.split('<')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Orders readings: a fully valid one with the fewest edits first (a TD2 zone
/// padded to TD3 width can validate too); among invalid ones, the most holding
/// checks against the fewest edits.
fn rank(m: &Mrz, deviation: usize) -> (bool, usize, usize) {
    let ok = m.checks.iter().filter(|c| c.ok).count();
    let close = usize::MAX / 2 - deviation;
    if m.valid() {
        (true, close, ok)
    } else {
        // A holding check is worth four characters of edits.
        (false, close + 4 * ok, ok)
    }
}

#[cfg(test)]
mod tests;
