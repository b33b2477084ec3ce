//! OCR-confusion repair for MRZ fields.
//!
//! Three kinds of repair, from safest to boldest:
//! 1. Typed fields: a date or check digit can only hold digits, a country code or
//!    a name only letters; a look-alike of the wrong class is replaced outright
//!    (`O`→`0` in a date, `0`→`O` in a name). No guessing is involved.
//! 2. Filler runs in names: `<` is often read as `K` or `C`. No check digit covers
//!    names and a name may hold any letter, so only the name structure and the
//!    shape of a garbled filler run (repeated or interleaved with real fillers) can
//!    restore them, never the letters a name part holds (see [`repair_name_fillers`]).
//! 3. Alphanumeric fields (document number, personal number, optional data) may
//!    legally hold letters and digits, so a look-alike is swapped only when it is
//!    out of place ([`suspects`]) and the swap makes the zone's check digits hold,
//!    with the fewest swaps (at most [`MAX_CHANGES`]) and a unique answer
//!    ([`search`]). Digits are never swapped for other digits: a genuinely wrong
//!    digit stays wrong and its check fails.

/// At most this many characters are changed to satisfy one check digit.
pub const MAX_CHANGES: usize = 2;

/// Pairs of swaps are tried only when there are at most this many suspects.
pub const MAX_PAIR_SUSPECTS: usize = 16;

/// The digit a letter is commonly misread for, in a digits-only field.
pub fn letter_to_digit(c: char) -> Option<char> {
    Some(match c {
        'O' | 'Q' | 'D' | 'U' => '0',
        'I' | 'L' | 'J' => '1',
        'T' => '7',
        'Z' => '2',
        'A' => '4',
        'S' => '5',
        'G' => '6',
        'B' => '8',
        _ => return None,
    })
}

/// The letter a digit is commonly misread for, in a letters-only field.
pub fn digit_to_letter(c: char) -> Option<char> {
    Some(match c {
        '0' => 'O',
        '1' => 'I',
        '2' => 'Z',
        '4' => 'A',
        '5' => 'S',
        '6' => 'G',
        '7' => 'T',
        '8' => 'B',
        _ => return None,
    })
}

/// The swaps worth trying in an alphanumeric field, as (flat index, new char).
/// Only characters out of place are suspects: in a mostly-digit field (an IIN,
/// a numeric document number) its letters; in a mostly-letter field its
/// digits; in a mixed field a letter between two digits or a digit between two
/// letters. Restricting the suspects is what keeps the search from "repairing"
/// a genuinely wrong digit: a mod-10 check digit is satisfied by one reading in
/// ten, so trying every look-alike would find a false fix half of the time.
pub fn suspects(buf: &[char], field: &[usize]) -> Vec<(usize, char)> {
    let cs: Vec<char> = field.iter().map(|&i| buf[i]).collect();
    let digits = cs.iter().filter(|c| c.is_ascii_digit()).count();
    let letters = cs.iter().filter(|c| c.is_ascii_uppercase()).count();
    let total = digits + letters;
    let mut out = Vec::new();
    for (k, &c) in cs.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|j| cs.get(j)).copied();
        let next = cs.get(k + 1).copied();
        let swap = if total > 0 && digits * 10 >= total * 8 && digits >= 3 {
            letter_to_digit(c)
        } else if total > 0 && letters * 10 >= total * 8 && letters >= 3 {
            digit_to_letter(c)
        } else if c.is_ascii_uppercase()
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit())
        {
            letter_to_digit(c)
        } else if matches!(c, 'O' | 'Q' | 'I') && digits >= 2 {
            // The commonest confusions; many issuers avoid these letters in numbers.
            letter_to_digit(c)
        } else if c.is_ascii_digit()
            && prev.is_some_and(|p| p.is_ascii_uppercase())
            && next.is_some_and(|n| n.is_ascii_uppercase())
        {
            digit_to_letter(c)
        } else {
            None
        };
        if let Some(r) = swap {
            out.push((field[k], r));
        }
    }
    out
}

/// In a field whose content is all digits (an IIN in the personal-number
/// field) or empty, trailing `K`/`C` are fillers read wrongly (`871008401427K<`,
/// `KKKKKKKKKKKKKK`). `S`
/// and `L` are left alone there: they are also look-alikes of `5` and `1`.
pub fn repair_digit_field_fillers(s: &mut [char]) {
    let mut end = s.len();
    while end > 0 && matches!(s[end - 1], '<' | 'K' | 'C') {
        end -= 1;
    }
    if s[..end].iter().all(|c| c.is_ascii_digit()) {
        for c in s.iter_mut().skip(end) {
            *c = '<';
        }
    }
}

/// Replaces letters by their digit look-alikes; `<` and digits stay.
pub fn force_digits(s: &mut [char]) {
    for c in s.iter_mut() {
        if let Some(d) = letter_to_digit(*c) {
            *c = d;
        }
    }
}

/// Replaces digits by their letter look-alikes; `<` and letters stay.
pub fn force_letters(s: &mut [char]) {
    for c in s.iter_mut() {
        if let Some(l) = digit_to_letter(*c) {
            *c = l;
        }
    }
}

/// The letters Tesseract reads a filler glyph as, most often by far: the chevron's
/// two arms read as the right half of a `K`, or its open side as a `C`.
fn chevron_lookalike(c: char) -> bool {
    matches!(c, 'K' | 'C')
}

/// Restores fillers read as letters in a name field, from what the characters alone
/// can tell (for text from a full-page OCR pass, which has no glyphs to look at).
///
/// No check digit covers names, and a name may hold any letter: `KIM<<LEE`,
/// `ERIKSSON<<ANNA<E`, `DE<VRIES<<ELS`, `NURLANOVA<<AIGERIM<ELLE` are real names.
/// So which letters a name part holds is never evidence that it is filler; a filler
/// read as a letter is for the glyphs to restore (the band reader's chevron test in
/// `ocr::mrz_band`, the recogniser's own `<` symbol). Three things are evidence:
/// 1. Structure (ICAO 9303 Part 3): the primary identifier, `<<`, the secondary
///    identifier's components separated by single `<`, then fillers to the end. A
///    `<<` after the secondary identifier has begun can only open the fillers, so
///    everything from it is filler, whatever was read there (`ANNA<MARIA<<E<<K<<`);
///    after a `<<<` the secondary identifier is empty and the rest is filler.
/// 2. Repetition: three or more of the same chevron look-alike in a row where the
///    field ends (`JAMESKKKKKKKK`, `PETERKKKK<<KK`): no transliterated name triples
///    a letter. The whole run becomes filler, so a name ending in that letter loses
///    it (`NOVAKKKKK` → `NOVA`; the extractor's cross-check with the visual zone
///    catches a name one letter short).
/// 3. Interleaving: at the end of the field, after a real filler, parts made only
///    of chevron look-alikes, two or more of them (`<K<KKKK`, `<<K<<<KK<<`) or one
///    of three letters or more (`<<KKCK<`, `<KKK`), are a filler run read with
///    holes; the fillers start at the run's first real `<`, so a name ending in
///    `K`/`C` just before it keeps its letter (`PETERK<<KK<K`). A single short part
///    stays a name (`PARK<<KC`, the Nepali surname KC; `JOHN<C`, an initial left by
///    truncation).
///
/// Left as read, because only glyphs could tell: a letter part between separators
/// anywhere else (`ANNA<K<MARIA`, the primary `<<` read with one glyph too many),
/// a missing primary separator (`ZHUMABEKOVAS<AIGERIM`, `<<` read as `S<`), a part
/// of `S`, `L` or `E`.
pub fn repair_name_fillers(s: &mut [char]) {
    let from = [filler_start_by_structure(s), filler_start_in_tail(s)]
        .into_iter()
        .flatten()
        .min();
    if let Some(f) = from {
        s[f..].fill('<');
    }
}

/// Rule 1 of [`repair_name_fillers`]: where the fillers start, as the name
/// structure of ICAO 9303 places them after the primary separator.
fn filler_start_by_structure(s: &[char]) -> Option<usize> {
    let primary = s.windows(2).position(|w| w == ['<', '<'])?;
    let secondary = primary + 2;
    if primary == 0 || secondary >= s.len() {
        return None;
    }
    if s[secondary] == '<' {
        return Some(secondary);
    }
    (secondary..s.len() - 1).find(|&i| s[i] == '<' && s[i + 1] == '<')
}

/// Rules 2 and 3 of [`repair_name_fillers`]: where the fillers start, from the
/// trailing run of fillers and chevron look-alikes.
fn filler_start_in_tail(s: &[char]) -> Option<usize> {
    let n = s.len();
    let tail = (0..n)
        .rev()
        .take_while(|&i| s[i] == '<' || chevron_lookalike(s[i]))
        .last()?;
    let first_filler = (tail..n).find(|&i| s[i] == '<').unwrap_or(n);
    // Repetition right before the first real filler (or the end of the field).
    let run = same_letter_run_before(s, tail, first_filler);
    if first_filler - run >= 3 {
        return Some(run);
    }
    // Interleaving: after the first real filler, look-alike parts mixed with real
    // fillers (two parts or more), or a part of three or more look-alikes.
    let parts = lookalike_parts(s, first_filler);
    if parts.len() >= 2 || parts.iter().any(|p| p.len() >= 3) {
        return Some(first_filler);
    }
    None
}

/// The runs of letters (all chevron look-alikes, in a tail) from `from` on, as
/// ranges.
fn lookalike_parts(s: &[char], from: usize) -> Vec<std::ops::Range<usize>> {
    let mut parts = Vec::new();
    let mut i = from;
    while i < s.len() {
        if s[i] == '<' {
            i += 1;
            continue;
        }
        let end = (i..s.len()).find(|&j| s[j] == '<').unwrap_or(s.len());
        parts.push(i..end);
        i = end;
    }
    parts
}

/// Start of the run of one repeated letter that ends just before `end`, not
/// before `floor`.
fn same_letter_run_before(s: &[char], floor: usize, end: usize) -> usize {
    let Some(&last) = end.checked_sub(1).and_then(|e| s.get(e)) else {
        return end;
    };
    let mut start = end;
    while start > floor && s[start - 1] == last {
        start -= 1;
    }
    start
}

/// The outcome of a check-digit-guided search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The reading already satisfies the check.
    Unchanged,
    /// One reading with the fewest changes satisfies it; positions changed.
    Repaired(Vec<usize>),
    /// Several readings with equally few changes satisfy it: left as read.
    Ambiguous,
    /// No reading within the bound satisfies it: left as read.
    Failed,
}

/// Tries the candidate swaps (at most [`MAX_CHANGES`] at a time) until `ok(buf)`
/// holds. On a unique minimal answer `buf` is left repaired; otherwise as read.
pub fn search(buf: &mut [char], cands: &[(usize, char)], ok: &dyn Fn(&[char]) -> bool) -> Outcome {
    if ok(buf) {
        return Outcome::Unchanged;
    }
    let mut hits: Vec<Vec<(usize, char)>> = Vec::new();
    for &(p, a) in cands {
        let old = buf[p];
        buf[p] = a;
        if ok(buf) {
            hits.push(vec![(p, a)]);
        }
        buf[p] = old;
    }
    // Pairs only over a bounded suspect list: a zone read as noise must not
    // cost more than a few hundred evaluations.
    if hits.is_empty() && MAX_CHANGES >= 2 && cands.len() <= MAX_PAIR_SUSPECTS {
        for (i, &(p, a)) in cands.iter().enumerate() {
            for &(q, b) in &cands[i + 1..] {
                if p == q {
                    continue;
                }
                let (op, oq) = (buf[p], buf[q]);
                buf[p] = a;
                buf[q] = b;
                if ok(buf) {
                    hits.push(vec![(p, a), (q, b)]);
                }
                buf[p] = op;
                buf[q] = oq;
            }
        }
    }
    // Last: every O/Q/D/I suspect turned into its digit at once ("CO1XOOT47"
    // for "C01X00T47"): one more candidate, not a wider search.
    let bulk: Vec<(usize, char)> = cands
        .iter()
        .copied()
        .filter(|&(_, a)| a == '0' || a == '1')
        .collect();
    if hits.is_empty() && bulk.len() > MAX_CHANGES {
        let old: Vec<(usize, char)> = bulk.iter().map(|&(p, _)| (p, buf[p])).collect();
        for &(p, a) in &bulk {
            buf[p] = a;
        }
        if ok(buf) {
            hits.push(bulk.clone());
        }
        for (p, c) in old.into_iter().rev() {
            buf[p] = c;
        }
    }
    match hits.len() {
        0 => Outcome::Failed,
        1 => {
            let mut changed = Vec::new();
            for &(p, c) in &hits[0] {
                buf[p] = c;
                changed.push(p);
            }
            Outcome::Repaired(changed)
        }
        _ => Outcome::Ambiguous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }
    fn string(c: &[char]) -> String {
        c.iter().collect()
    }

    #[test]
    fn typed_fields() {
        let mut d = chars("74O8I2");
        force_digits(&mut d);
        assert_eq!(string(&d), "740812");
        let mut l = chars("UT0<ER1KSS0N");
        force_letters(&mut l);
        assert_eq!(string(&l), "UTO<ERIKSSON");
    }

    fn names(s: &str) -> String {
        let mut c = chars(s);
        repair_name_fillers(&mut c);
        string(&c)
    }

    #[test]
    fn name_fillers() {
        // Structure: a second `<<` opens the fillers, whatever was read after it.
        assert_eq!(
            names("ERIKSSON<<ANNA<MARIA<<K<<KK<<<"),
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
        );
        assert_eq!(names("NOVAK<<PETR<<KKCK<"), "NOVAK<<PETR<<<<<<<");
        assert_eq!(
            names("ERIKSSON<<ANNA<MARIA<<E<<S<L"),
            "ERIKSSON<<ANNA<MARIA<<<<<<<<"
        );
        assert_eq!(names("NOVAK<<<K<<KK<"), "NOVAK<<<<<<<<<");
        assert_eq!(names("NOVAK<<<<<<<<<"), "NOVAK<<<<<<<<<");
        // A name that really ends in filler-like letters, field full.
        assert_eq!(names("NOVAKS<<JULES"), "NOVAKS<<JULES");
    }

    #[test]
    fn names_made_of_filler_lookalike_letters_stay_names() {
        for name in [
            "KIM<<LEE",
            "ERIKSSON<<ANNA<E",
            "DE<VRIES<<ELS",
            "NURLANOVA<<AIGERIM<ELLE",
        ] {
            assert_eq!(names(name), name);
            let padded = format!("{name:<<39}");
            assert_eq!(names(&padded), padded);
        }
        // A one-letter part between separators: only the glyphs could tell a
        // `<<` read with one glyph too many from a name part K.
        assert_eq!(names("ANNA<K<MARIA<<"), "ANNA<K<MARIA<<");
        // No primary separator: `S<` is not taken for `<<`.
        assert_eq!(
            names("ZHUMABEKOVAS<AIGERIM<<<<"),
            "ZHUMABEKOVAS<AIGERIM<<<<"
        );
        // A single short part of look-alikes stays: truncation, the surname KC.
        assert_eq!(names("SMITH<<JOHN<C"), "SMITH<<JOHN<C");
        assert_eq!(names("PARK<<KC"), "PARK<<KC");
        assert_eq!(names("SHRESTHA<<RAM<KC<<<<"), "SHRESTHA<<RAM<KC<<<<");
        assert_eq!(names("NOVAK<K<<<<"), "NOVAK<K<<<<");
    }

    #[test]
    fn garbled_filler_runs_become_fillers() {
        // Repetition: a tripled look-alike ending the field, no real filler at all.
        assert_eq!(names("JAMESKKKKKKK"), "JAMES<<<<<<<");
        assert_eq!(names("JAMESKKKK<<KK"), "JAMES<<<<<<<<");
        // A doubled one is not enough.
        assert_eq!(names("JAMESKK"), "JAMESKK");
        // Interleaving with real fillers, without a primary separator: the
        // fillers start at the run's first `<`, a final K or C before it stays.
        assert_eq!(names("NOVAK<K<KK<<<"), "NOVAK<<<<<<<<");
        assert_eq!(
            names("ZHUMABEKOVAS<AIGERIMC<K<KKKKKKK"),
            "ZHUMABEKOVAS<AIGERIMC<<<<<<<<<<"
        );
        assert_eq!(names("SURNAME<KKK"), "SURNAME<<<<");
        assert_eq!(names("SURNAME<KKCK<"), "SURNAME<<<<<<");
        // The same tails after a name part: structure and interleaving agree.
        assert_eq!(names("ERIK<<ANNA<KKK<"), "ERIK<<ANNA<<<<<");
        assert_eq!(names("PETERK<<KK<K"), "PETERK<<<<<<");
    }

    #[test]
    fn suspects_by_context() {
        let all = |s: &str| (0..s.chars().count()).collect::<Vec<_>>();
        // Mixed field: the O between digits, and the 2 now between letters.
        let b = chars("L8989O2C3");
        assert_eq!(suspects(&b, &all("L8989O2C3")), vec![(5, '0'), (6, 'Z')]);
        // Mostly digits (an IIN): every letter look-alike.
        let b = chars("B7100840I427");
        assert_eq!(suspects(&b, &all("B7100840I427")), vec![(0, '8'), (8, '1')]);
        // Mostly letters: digits.
        let b = chars("ZEBRA1<<<ABC");
        assert_eq!(suspects(&b, &all("ZEBRA1<<<ABC")), vec![(5, 'I')]);
        // Nothing out of place.
        let b = chars("L898902C3");
        assert!(suspects(&b, &all("L898902C3")).is_empty());
    }

    #[test]
    fn digit_field_fillers() {
        let mut a = chars("871008401427K<");
        repair_digit_field_fillers(&mut a);
        assert_eq!(string(&a), "871008401427<<");
        let mut b = chars("ZE184226BK<<<<");
        repair_digit_field_fillers(&mut b);
        assert_eq!(string(&b), "ZE184226BK<<<<");
        let mut c = chars("87100840142S<<");
        repair_digit_field_fillers(&mut c);
        assert_eq!(string(&c), "87100840142S<<");
    }

    #[test]
    fn search_outcomes() {
        let target = chars("L898902C3");
        let okf = |b: &[char]| b == target.as_slice();
        let mut b = chars("L898902C3");
        assert_eq!(search(&mut b, &[], &okf), Outcome::Unchanged);
        let mut b = chars("L8989O2C3");
        let c = suspects(&b, &(0..9).collect::<Vec<_>>());
        assert_eq!(search(&mut b, &c, &okf), Outcome::Repaired(vec![5]));
        assert_eq!(string(&b), "L898902C3");
        let mut b = chars("L89B9O2C3");
        let c = [(3, '8'), (5, '0'), (7, 'G')];
        assert_eq!(search(&mut b, &c, &okf), Outcome::Repaired(vec![3, 5]));
        assert_eq!(string(&b), "L898902C3");
        // A wrong digit is not a look-alike: no repair.
        let mut b = chars("L898912C3");
        let c = suspects(&b, &(0..9).collect::<Vec<_>>());
        assert_eq!(search(&mut b, &c, &okf), Outcome::Failed);
        assert_eq!(string(&b), "L898912C3");
        // Two equally good answers: ambiguous, left as read.
        let either = |b: &[char]| b[0] == '0' || b[1] == '0';
        let mut b = chars("OO");
        assert_eq!(
            search(&mut b, &[(0, '0'), (1, '0')], &either),
            Outcome::Ambiguous
        );
        assert_eq!(string(&b), "OO");
    }
}
