//! Multilingual field labels (English, Russian, Kazakh, and the national languages
//! of the passports dossier meets) and their OCR-tolerant matching at the start of
//! a layout segment.
//!
//! Matching is on lower-cased characters: exact for short labels ("Пол", "ИИН"),
//! and within an edit-distance ratio of 0.8 for labels of six letters or more, so
//! "Фамипия" or "Date of b1rth" still match. The longest phrase wins, so
//! "Фамилия, имя" is a full name, not a surname, and "Дата рождения" is not the
//! generic "Дата".

use std::sync::OnceLock;

/// What a label announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Surname,
    GivenNames,
    /// Surname and given names (and maybe patronymic) in one value.
    FullName,
    Patronymic,
    DateOfBirth,
    PlaceOfBirth,
    Sex,
    Nationality,
    DocumentNumber,
    DateOfIssue,
    DateOfExpiry,
    IssuingCountry,
    Iin,
    Bin,
    CompanyName,
    /// A bare "Date / Дата / Күні": the date of a certificate or letter.
    DocumentDate,
}

const LABELS: &[(Key, &[&str])] = &[
    (
        Key::FullName,
        &[
            "фамилия, имя, отчество",
            "фамилия имя отчество",
            "фамилия, имя",
            "фамилия и имя",
            "ф.и.о.",
            "фио",
            "тегі, аты, әкесінің аты",
            "тегі, аты",
            "аты-жөні",
            "surname, given names",
            "surname and given names",
            "full name",
            "name of holder",
            // The person a receipt, permit, insurance policy or power of attorney is for.
            "плательщик",
            "payer",
            "шетелдік",
            "иностранец",
            "foreign national",
            "застрахованный",
            "insured person",
            "доверитель",
        ],
    ),
    (
        Key::Surname,
        &[
            "surname",
            "фамилия",
            "тегі",
            "name",
            "nom",
            "soyadı",
            "soyadi",
            "familiyasi",
            "apellidos",
            "last name",
            "family name",
        ],
    ),
    (
        Key::GivenNames,
        &[
            "given names",
            "given name(s)",
            "given name",
            "first name",
            "имя, отчество",
            "имя",
            "аты",
            "prénoms",
            "prenoms",
            "vornamen",
            "adı",
            "ismi",
            "nombres",
        ],
    ),
    (Key::Patronymic, &["отчество", "әкесінің аты"]),
    (
        Key::DateOfBirth,
        &[
            "date of birth",
            "дата рождения",
            "туған күні",
            "туған күні, айы, жылы",
            "geburtstag",
            "geburtsdatum",
            "doğum tarihi",
            "tug'ilgan sanasi",
            "birth date",
            "date de naissance",
        ],
    ),
    (
        Key::PlaceOfBirth,
        &[
            "place of birth",
            "место рождения",
            "туған жері",
            "geburtsort",
            "doğum yeri",
            "tug'ilgan joyi",
            "lieu de naissance",
        ],
    ),
    (
        Key::Sex,
        &[
            "sex",
            "пол",
            "жынысы",
            "geschlecht",
            "cinsiyeti",
            "jinsi",
            "gender",
            "sexe",
        ],
    ),
    (
        Key::Nationality,
        &[
            "nationality",
            "гражданство",
            "азаматтығы",
            "staatsangehörigkeit",
            "uyruğu",
            "fuqaroligi",
            "citizenship",
            "nationalité",
        ],
    ),
    (
        Key::DocumentNumber,
        &[
            "passport no.",
            "passport no",
            "passport number",
            "passport №",
            "номер паспорта",
            "паспорт №",
            "паспорт",
            "төлқұжат нөмірі",
            "төлқұжат",
            "pass-nr.",
            "pasaport no",
            "pasport raqami",
            "document no.",
            "document number",
            "номер документа",
            "№ документа",
            "құжат нөмірі",
            "no. du passeport",
        ],
    ),
    (
        Key::DateOfIssue,
        &[
            "date of issue",
            "дата выдачи",
            "берілген күні",
            "ausstellungsdatum",
            "veriliş tarihi",
            "berilgan sanasi",
            "issue date",
            "date of issuance",
            "date de délivrance",
            // The fingerprinting certificate is "issued" on the day of registration.
            "дата прохождения",
            "тіркеу күні",
        ],
    ),
    (
        Key::DateOfExpiry,
        &[
            "date of expiry",
            "date of expiration",
            "expiry date",
            "valid until",
            "дата окончания срока действия",
            "срок действия",
            "действителен до",
            "қолданылу мерзімі",
            "жарамдылық мерзімі",
            "gültig bis",
            "geçerlilik tarihi",
            "amal qilish muddati",
        ],
    ),
    (
        Key::IssuingCountry,
        &[
            "country code",
            "issuing country",
            "issuing state",
            "code",
            "код",
            "коды",
            "kod",
            "kodi",
        ],
    ),
    (
        Key::Iin,
        &[
            "индивидуальный идентификационный номер",
            "жеке сәйкестендіру нөмірі",
            "иин",
            "жсн",
            "iin",
            "personal no.",
            "personal no",
            "personal number",
        ],
    ),
    (
        Key::Bin,
        &[
            "бизнес-идентификационный номер",
            "бизнес сәйкестендіру нөмірі",
            "бин",
            "бсн",
            "bin",
        ],
    ),
    (
        Key::CompanyName,
        &[
            "наименование организации",
            "наименование",
            "атауы",
            "company name",
            "company",
            "organization",
            "организация",
            "employer",
            "работодатель",
            "принимающая сторона",
        ],
    ),
    (Key::DocumentDate, &["дата", "date", "күні", "dated"]),
];

/// All phrases, lower-cased, as chars, longest first.
/// A label phrase, lower-cased, with the set of its characters (see [`char_bit`]).
struct Phrase {
    key: Key,
    chars: Vec<char>,
    bits: u64,
    cyrillic: bool,
}

fn phrases() -> &'static [Phrase] {
    static P: OnceLock<Vec<Phrase>> = OnceLock::new();
    P.get_or_init(|| {
        let phrase = |key: Key, chars: Vec<char>| Phrase {
            key,
            bits: chars.iter().fold(0, |m, c| m | char_bit(*c)),
            cyrillic: chars.iter().any(|&c| crate::text::is_cyrillic(c)),
            chars,
        };
        let mut v: Vec<Phrase> = Vec::new();
        for (k, ps) in LABELS {
            for p in *ps {
                let chars = lower(p);
                // OCR merges a Latin "rn" into one "m" ("Sumame" for "Surname"): two
                // edits, more than a label's budget, so the merged spelling is a
                // phrase of its own.
                let text: String = chars.iter().collect();
                if text.contains("rn") {
                    v.push(phrase(*k, text.replace("rn", "m").chars().collect()));
                }
                v.push(phrase(*k, chars));
            }
        }
        v.sort_by_key(|p| std::cmp::Reverse(p.chars.len()));
        v
    })
}

/// A character's bit in a 64-bit set of characters (collisions only make the set
/// test below weaker, never wrong).
fn char_bit(c: char) -> u64 {
    1u64 << (c as u32 % 64)
}

/// The character sets of every prefix of `s`: `out[n]` holds `s[..n]`'s.
fn prefix_bits(s: &[char]) -> Vec<u64> {
    let mut out = Vec::with_capacity(s.len() + 1);
    out.push(0);
    for c in s {
        let last = out.last().copied().unwrap_or(0);
        out.push(last | char_bit(*c));
    }
    out
}

/// A constant-time necessary condition for [`similar`]: characters of the label that
/// occur nowhere in the prefix each cost an edit, and at most a fifth may differ.
fn quick_reject(phrase_bits: u64, prefix_bits: u64, n: usize, k: usize) -> bool {
    let missing = (phrase_bits & !prefix_bits).count_ones() as usize;
    missing > 0 && (missing as f64 > 0.2 * n.max(k) as f64 || k < 6)
}

fn lower(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// A label found at the start of a segment.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelHit {
    pub key: Key,
    /// The value written after the label on the same segment, if any.
    pub value: Option<String>,
    /// Byte offset of `value` in the segment text.
    pub value_start: usize,
}

fn similar(a: &[char], b: &[char]) -> bool {
    if a == b {
        return true;
    }
    if b.len() < 6 || !may_be_close(a, b) {
        return false;
    }
    strsim::generic_levenshtein(&a.to_vec(), &b.to_vec()) as f64
        <= 0.2 * a.len().max(b.len()) as f64
}

/// A cheap necessary condition for [`similar`]'s edit distance (at most a fifth of the
/// length): every character of `b` that occurs nowhere in `a` costs an edit. Most
/// segment/label pairs fail it, which spares the quadratic distance (the label search
/// runs for every phrase against every segment of every page).
fn may_be_close(a: &[char], b: &[char]) -> bool {
    let seen = a.iter().fold(0u64, |m, c| m | char_bit(*c));
    let missing = b.iter().filter(|c| seen & char_bit(**c) == 0).count();
    missing as f64 <= 0.2 * a.len().max(b.len()) as f64
}

/// The Cyrillic letter a Latin letter is OCR's reading of: capitals only where the two
/// alphabets share the shape (`H` for Н, `P` for Р), small letters also where
/// Tesseract's Latin models read Cyrillic small letters (`n` for п, `m` for м, `u`
/// for и). Anything else is returned as it is.
pub(super) fn latin_lookalike(c: char) -> char {
    match c {
        'A' => 'А',
        'B' => 'В',
        'C' => 'С',
        'E' => 'Е',
        'H' => 'Н',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        'Y' => 'У',
        'a' => 'а',
        'b' => 'в',
        'c' => 'с',
        'e' => 'е',
        'h' => 'н',
        'k' => 'к',
        'm' => 'м',
        'n' => 'п',
        'o' => 'о',
        'p' => 'р',
        'r' => 'г',
        't' => 'т',
        'u' => 'и',
        'x' => 'х',
        'y' => 'у',
        other => other,
    }
}

/// Whether a segment starts with a known label, and what follows it.
pub fn match_label(text: &str) -> Option<LabelHit> {
    let chars: Vec<char> = text.chars().collect();
    let low = lower(text);
    // Skip numbering and bullets: "1.", "*", "—".
    let skip = low
        .iter()
        .take(4)
        .take_while(|c| !c.is_alphabetic() && **c != '№')
        .count();
    let body = &low[skip..];
    // A Cyrillic label read as Latin look-alikes ("Homep nacnopta" for "Номер
    // паспорта") is also compared letter for letter in Cyrillic.
    // (Only for a prefix at least half Latin: counts of Latin letters and of letters
    // before each position.)
    let mut counts = vec![(0usize, 0usize); body.len() + 1];
    for (i, c) in body.iter().enumerate() {
        let (latin, letters) = counts[i];
        counts[i + 1] = (
            latin + usize::from(c.is_ascii_alphabetic()),
            letters + usize::from(c.is_alphabetic()),
        );
    }
    let as_cyrillic: Option<Vec<char>> =
        (counts[body.len()].0 > 0).then(|| body.iter().map(|&c| latin_lookalike(c)).collect());
    let body_bits = prefix_bits(body);
    let cyrillic_bits = as_cyrillic.as_deref().map(prefix_bits);
    for phrase in phrases() {
        let (key, p) = (&phrase.key, &phrase.chars);
        let k = p.len();
        // No prefix holds a character the whole segment lacks: one test per phrase
        // rules most of them out for every length.
        let whole = body_bits[body.len()];
        let whole_cyrillic = cyrillic_bits.as_ref().map_or(0, |b| b[body.len()]);
        let direct_possible = !quick_reject(phrase.bits, whole, k + 1, k);
        let lookalike_possible =
            phrase.cyrillic && !quick_reject(phrase.bits, whole_cyrillic, k + 1, k);
        if !direct_possible && !lookalike_possible {
            continue;
        }
        let lens: &[usize] = if k >= 6 { &[k, k - 1, k + 1] } else { &[k] };
        for &n in lens {
            let Some(prefix) = body.get(..n) else {
                continue;
            };
            let lookalike = || {
                let (latin, letters) = counts[n];
                phrase.cyrillic
                    && latin > 0
                    && latin * 2 >= letters
                    && cyrillic_bits
                        .as_ref()
                        .is_some_and(|b| !quick_reject(phrase.bits, b[n], n, k))
                    && as_cyrillic
                        .as_ref()
                        .and_then(|m| m.get(..n))
                        .is_some_and(|m| similar(m, p))
            };
            let direct = !quick_reject(phrase.bits, body_bits[n], n, k) && similar(prefix, p);
            if !direct && !lookalike() {
                continue;
            }
            // The label must end at a word boundary.
            if body.get(n).is_some_and(|c| c.is_alphanumeric())
                && p.last().is_some_and(|c| c.is_alphanumeric())
            {
                continue;
            }
            let end = skip + n;
            let rest: String = chars[end..].iter().collect();
            let byte_end: usize = chars[..end].iter().map(|c| c.len_utf8()).sum();
            let (value, offset) = after_label(&rest);
            return Some(LabelHit {
                key: *key,
                value,
                value_start: byte_end + offset,
            });
        }
    }
    None
}

/// Splits what follows a label into a value: after a colon or dash, or the
/// plain rest; nothing when the rest is the label in another language
/// ("Фамилия / Surname / Nom").
fn after_label(rest: &str) -> (Option<String>, usize) {
    let trimmed = rest.trim_start();
    let lead = rest.len() - trimmed.len();
    if trimmed.is_empty() {
        return (None, rest.len());
    }
    if trimmed.starts_with('/') || trimmed.starts_with('|') || trimmed.starts_with('(') {
        // A bilingual label; a value may still follow a colon, or the label in the
        // other language ("Тегі, аты / Фамилия, имя ГАРСИЯ МАЙКЛ").
        if let Some(i) = rest.rfind(':') {
            return value_at(rest, i + 1);
        }
        let sep = lead + 1;
        if let Some(hit) = match_label(&rest[sep..]) {
            if let Some(v) = hit.value {
                return (Some(v), sep + hit.value_start);
            }
        }
        return (None, rest.len());
    }
    if let Some(stripped) = trimmed.strip_prefix([':', '-', '–', '—', '.']) {
        let off = lead + (trimmed.len() - stripped.len());
        return value_at(rest, off);
    }
    value_at(rest, lead)
}

fn value_at(rest: &str, from: usize) -> (Option<String>, usize) {
    let v = &rest[from..];
    let t = v.trim_start();
    let off = from + (v.len() - t.len());
    let t = t.trim_end();
    if t.is_empty() {
        (None, rest.len())
    } else {
        (Some(t.to_string()), off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Option<Key> {
        match_label(s).map(|h| h.key)
    }

    #[test]
    fn labels_in_many_languages() {
        assert_eq!(key("Surname / Nom / Apellidos"), Some(Key::Surname));
        assert_eq!(key("Фамилия / Surname"), Some(Key::Surname));
        assert_eq!(key("Тегі / Surname"), Some(Key::Surname));
        assert_eq!(key("Given Names / Prénoms"), Some(Key::GivenNames));
        assert_eq!(key("Туған күні / Date of birth"), Some(Key::DateOfBirth));
        assert_eq!(key("Дата рождения"), Some(Key::DateOfBirth));
        assert_eq!(key("ЖСН / ИИН / IIN"), Some(Key::Iin));
        assert_eq!(key("Фамилия, имя"), Some(Key::FullName));
        assert_eq!(key("Surname, given names"), Some(Key::FullName));
        assert_eq!(key("Застрахованный / Insured person"), Some(Key::FullName));
        assert_eq!(key("Плательщик"), Some(Key::FullName));
        assert_eq!(
            key("Date of expiration / Date d'expiration"),
            Some(Key::DateOfExpiry)
        );
        assert_eq!(key("Дата"), Some(Key::DocumentDate));
        assert_eq!(key("БИН"), Some(Key::Bin));
        assert_eq!(key("Random words"), None);
        // A label is a whole word: "Named" is not "Name".
        assert_eq!(key("Named after"), None);
        assert_eq!(key("Passport"), None);
    }

    #[test]
    fn ocr_noise_in_labels() {
        assert_eq!(key("Фамипия / Surname"), Some(Key::Surname));
        assert_eq!(key("Date of b1rth"), Some(Key::DateOfBirth));
        assert_eq!(key("* Место рожденья:"), Some(Key::PlaceOfBirth));
        assert_eq!(key("Nationalitv"), Some(Key::Nationality));
        // Cyrillic read as Latin look-alikes.
        assert_eq!(key("Homep nacnopta"), Some(Key::DocumentNumber));
        assert_eq!(key("Teri, аты / Фамилия, имя"), Some(Key::FullName));
        // "rn" merged into one "m" by OCR.
        assert_eq!(key("Sumame: HARTMANN"), Some(Key::Surname));
        assert_eq!(key("Given narnes"), Some(Key::GivenNames));
    }

    #[test]
    fn value_after_a_label_in_two_languages() {
        let t = "Тегі, аты / Фамилия, имя ГАРСИЯ МАЙКЛ ДЭВИД / GARCIA";
        let h = match_label(t).unwrap();
        assert_eq!(h.key, Key::FullName);
        assert_eq!(h.value.as_deref(), Some("ГАРСИЯ МАЙКЛ ДЭВИД / GARCIA"));
        assert_eq!(&t[h.value_start..], "ГАРСИЯ МАЙКЛ ДЭВИД / GARCIA");
        assert_eq!(match_label("Фамилия / Surname / Nom").unwrap().value, None);
    }

    #[test]
    fn values_after_labels() {
        let h = match_label("Фамилия: МЮЛЛЕР").unwrap();
        assert_eq!(h.value.as_deref(), Some("МЮЛЛЕР"));
        assert_eq!(&"Фамилия: МЮЛЛЕР"[h.value_start..], "МЮЛЛЕР");
        let h = match_label("Дата рождения 01.02.1985").unwrap();
        assert_eq!(h.value.as_deref(), Some("01.02.1985"));
        let h = match_label("Place of birth: BERLIN").unwrap();
        assert_eq!(h.value.as_deref(), Some("BERLIN"));
        let h = match_label("Фамилия / Surname").unwrap();
        assert_eq!(h.value, None);
        let h = match_label("ИИН / IIN: 871008401427").unwrap();
        assert_eq!(h.key, Key::Iin);
        assert_eq!(h.value.as_deref(), Some("871008401427"));
        let h = match_label("1. Паспорт № N1234567").unwrap();
        assert_eq!(h.key, Key::DocumentNumber);
        assert_eq!(h.value.as_deref(), Some("N1234567"));
    }
}
