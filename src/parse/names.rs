//! Names in Latin and Cyrillic: ICAO 9303 transliteration with the variants seen in
//! real passports, and a comparison that returns a score and its reason.
//!
//! Comparison works in three tiers, each a little looser than the last:
//! 1. exact after normalisation (case, punctuation, German umlauts `Ü`→`UE`);
//! 2. exact after transliteration, ICAO 9303 first, then the older schemes
//!    (Ю→YU, Я→YA, Й→Y, Х→H, Ц→C, Ж→J, ...) — score 0.98;
//! 3. equal "sound keys" — a Latin skeleton that folds spellings of the same
//!    sound (SCH/SH, DZH/J, KH/H, UE/IU/YU/U, C/K/TS, W/V, doubled letters), which
//!    is how translators bring foreign names into Cyrillic (MUELLER → МЮЛЛЕР →
//!    MIULLER, JOHNSON → ДЖОНСОН → DZHONSON) — score 0.93;
//!    then edit-distance similarity of the keys (strsim), so a one-letter OCR slip
//!    scores about 0.8–0.9 and a different surname well under 0.6.
//!
//! Parts are compared as a whole and also part by part (order-free), so
//! "IVAN IVANOV" matches "IVANOV IVAN" and a translation that adds a
//! patronymic still matches, with the reason saying so.

/// The result of comparing two names.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    /// 0.0 (unrelated) to 1.0 (same after normalisation).
    pub score: f32,
    /// Why: e.g. "identical", "same after ICAO transliteration of МЮЛЛЕР", "differ: ...".
    pub reason: String,
}

/// Scores at or above this are treated as the same name by the validators
/// (a one-letter OCR slip in a name of six letters or more stays above it).
pub const SAME_NAME: f32 = 0.8;

/// ICAO 9303 (Doc 9303 part 3, table for Cyrillic) plus the Kazakh letters with
/// common passport practice (ICAO itself lists only І→I) and Ukrainian extras.
fn icao(c: char) -> Option<&'static str> {
    Some(match c {
        'А' => "A",
        'Б' => "B",
        'В' => "V",
        'Г' => "G",
        'Д' => "D",
        'Е' | 'Ё' | 'Э' => "E",
        'Ж' => "ZH",
        'З' => "Z",
        'И' | 'Й' | 'І' | 'Ї' => "I",
        'К' => "K",
        'Л' => "L",
        'М' => "M",
        'Н' => "N",
        'О' => "O",
        'П' => "P",
        'Р' => "R",
        'С' => "S",
        'Т' => "T",
        'У' => "U",
        'Ф' => "F",
        'Х' => "KH",
        'Ц' => "TS",
        'Ч' => "CH",
        'Ш' => "SH",
        'Щ' => "SHCH",
        'Ъ' => "IE",
        'Ы' => "Y",
        'Ь' => "",
        'Ю' => "IU",
        'Я' => "IA",
        'Є' => "IE",
        'Ґ' => "G",
        'Ә' => "A",
        'Ғ' => "G",
        'Қ' => "K",
        'Ң' => "N",
        'Ө' => "O",
        'Ұ' | 'Ү' => "U",
        'Һ' => "H",
        _ => return None,
    })
}

/// Older and national schemes seen in real passports, per letter.
fn variants_of(c: char) -> &'static [&'static str] {
    match c {
        'Ю' => &["YU", "JU", "U"],
        'Я' => &["YA", "JA"],
        'Й' => &["Y", "J"],
        'Х' => &["H", "X"],
        'Ц' => &["C", "TZ"],
        'Ж' => &["J", "G"],
        'Щ' => &["SCH", "SHH"],
        'Ё' => &["YO", "JO"],
        'Е' => &["YE"],
        'Ы' => &["I"],
        'Ъ' => &[""],
        'Ь' => &["'"],
        _ => &[],
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Upper-cases and folds Latin diacritics the way MRZs do (Ü→UE, ß→SS, É→E);
/// keeps Cyrillic; turns `<`, `-`, commas and the like into spaces.
fn normalise(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_uppercase) {
        match c {
            'Ä' | 'Æ' => out.push_str("AE"),
            'Ö' | 'Ø' => out.push_str("OE"),
            'Ü' => out.push_str("UE"),
            'ß' => out.push_str("SS"),
            'À' | 'Á' | 'Â' | 'Ã' | 'Å' | 'Ą' => out.push('A'),
            'Ç' | 'Č' | 'Ć' => out.push('C'),
            'È' | 'É' | 'Ê' | 'Ë' | 'Ę' | 'Ě' => out.push('E'),
            'Ì' | 'Í' | 'Î' | 'Ï' | 'İ' => out.push('I'),
            'Ñ' | 'Ń' | 'Ň' => out.push('N'),
            'Ò' | 'Ó' | 'Ô' | 'Õ' => out.push('O'),
            'Ù' | 'Ú' | 'Û' | 'Ů' => out.push('U'),
            'Ý' | 'Ÿ' => out.push('Y'),
            'Š' | 'Ś' | 'Ş' => out.push('S'),
            'Ž' | 'Ź' | 'Ż' => out.push('Z'),
            'Ł' => out.push('L'),
            'Ř' => out.push('R'),
            'Ğ' => out.push('G'),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// ICAO 9303 transliteration of Cyrillic (Russian and Kazakh) to upper-case Latin.
/// Latin letters pass through (normalised); other characters become spaces.
pub fn transliterate(cyrillic: &str) -> String {
    let n = normalise(cyrillic);
    let mut out = String::new();
    for c in n.chars() {
        match icao(c) {
            Some(t) => out.push_str(t),
            None if is_cyrillic(c) => {}
            None => out.push(c),
        }
    }
    out
}

/// The ICAO reading and the common variant readings of a Cyrillic name (at
/// most 64, ICAO first), e.g. ЮЛИЯ → IULIIA, YULIIA, IULIYA, YULIYA, ...
pub fn transliterations(cyrillic: &str) -> Vec<String> {
    let n = normalise(cyrillic);
    let mut outs = vec![String::new()];
    for c in n.chars() {
        let base = match icao(c) {
            Some(t) => t.to_string(),
            None if is_cyrillic(c) => String::new(),
            None => c.to_string(),
        };
        let mut opts = vec![base];
        if outs.len() < 64 {
            opts.extend(variants_of(c).iter().map(|s| s.to_string()));
        }
        let mut next = Vec::with_capacity(outs.len() * opts.len());
        for o in &outs {
            for t in &opts {
                next.push(format!("{o}{t}"));
            }
        }
        next.truncate(64);
        outs = next;
    }
    outs
}

/// Digits OCR puts into names, folded to the letters they stand for.
fn fold_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0' => 'O',
            '1' => 'I',
            '5' => 'S',
            '8' => 'B',
            '6' => 'G',
            '2' => 'Z',
            '4' => 'A',
            c => c,
        })
        .collect()
}

fn dedup_letters(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// A Latin "sound key": spellings of one sound folded together. Applied to both
/// sides, so the rules only need to agree with themselves.
pub fn sound_key(latin: &str) -> String {
    let s = fold_digits(&transliterate(latin)).replace('\'', "");
    let mut parts = Vec::new();
    for word in s.split(' ') {
        let mut w = dedup_letters(word);
        for (from, to) in [
            ("TSCH", "CH"),
            ("SHCH", "SH"),
            ("SCH", "SH"),
            ("DZH", "J"),
            ("DJ", "J"),
            ("ZH", "J"),
            ("TCH", "CH"),
            ("KH", "H"),
            ("PH", "F"),
            ("TH", "T"),
            ("CK", "K"),
            ("TS", "C"),
            ("TZ", "C"),
            ("QU", "KV"),
            ("X", "KS"),
            ("W", "V"),
            ("Y", "I"),
            ("UE", "U"),
            ("OE", "O"),
            ("AE", "E"),
            ("IU", "U"),
            ("JU", "U"),
            ("IA", "A"),
            ("JA", "A"),
            ("IE", "E"),
            ("JE", "E"),
            ("IO", "O"),
            ("JO", "O"),
        ] {
            w = w.replace(from, to);
        }
        // CH and SH survive as units; a C elsewhere sounds K (before a hard
        // vowel or consonant) or C/TS (before E, I).
        let chars: Vec<char> = w.chars().collect();
        let mut k = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let next = chars.get(i + 1).copied();
            let prev = if i > 0 {
                chars.get(i - 1).copied()
            } else {
                None
            };
            match c {
                'C' if !matches!(next, Some('H' | 'E' | 'I')) => k.push('K'),
                // A silent H: not word-initial and not part of CH/SH.
                'H' if i > 0 && !matches!(prev, Some('C' | 'S')) => {}
                c => k.push(c),
            }
        }
        let dedup = dedup_letters(&k);
        if !dedup.is_empty() {
            parts.push(dedup);
        }
    }
    parts.join(" ")
}

fn sim(a: &str, b: &str) -> f32 {
    strsim::normalized_levenshtein(a, b) as f32
}

/// Compares two names, each in Latin or Cyrillic.
pub fn compare(a: &str, b: &str) -> NameMatch {
    let na = normalise(a);
    let nb = normalise(b);
    if na.is_empty() || nb.is_empty() {
        return NameMatch {
            score: 0.0,
            reason: "one of the names is empty".into(),
        };
    }
    if na == nb {
        return NameMatch {
            score: 1.0,
            reason: "identical".into(),
        };
    }
    if fold_digits(&na) == fold_digits(&nb) {
        return NameMatch {
            score: 0.95,
            reason: format!("same except digits read for letters (OCR): {na} vs {nb}"),
        };
    }
    let cyr_a = na.chars().any(is_cyrillic);
    let cyr_b = nb.chars().any(is_cyrillic);
    let ta = transliterate(&na);
    let tb = transliterate(&nb);
    let which = if cyr_a { &na } else { &nb };
    if ta == tb {
        let reason = if cyr_a || cyr_b {
            format!("same after ICAO transliteration of {which}")
        } else {
            "same after normalisation".to_string()
        };
        return NameMatch { score: 1.0, reason };
    }
    if cyr_a != cyr_b {
        let (cyr, lat) = if cyr_a { (&na, &tb) } else { (&nb, &ta) };
        if transliterations(cyr).iter().any(|v| v == lat) {
            return NameMatch {
                score: 0.98,
                reason: format!("same under a common transliteration variant of {cyr}"),
            };
        }
    }
    let (ka, kb) = (sound_key(&na), sound_key(&nb));
    let shown = |n: &str, t: &str| {
        if n == t {
            n.to_string()
        } else {
            format!("{t} ({n})")
        }
    };
    if ka == kb {
        return NameMatch {
            score: 0.93,
            reason: format!(
                "same by sound: {} ~ {} (key {ka})",
                shown(&na, &ta),
                shown(&nb, &tb)
            ),
        };
    }
    // Part by part, order-free: every part of the shorter name must be found.
    let pa: Vec<&str> = ka.split(' ').collect();
    let pb: Vec<&str> = kb.split(' ').collect();
    let (short, long) = if pa.len() <= pb.len() {
        (&pa, &pb)
    } else {
        (&pb, &pa)
    };
    let mut part_scores = Vec::new();
    for s in short.iter() {
        let best = long.iter().map(|l| sim(s, l)).fold(0.0f32, f32::max);
        part_scores.push(best);
    }
    let parts_min = part_scores.iter().copied().fold(1.0f32, f32::min);
    let whole = sim(&ka, &kb).max(sim(&ta, &tb));
    if short.len() < long.len() && parts_min >= 0.999 {
        return NameMatch {
            score: 0.9,
            reason: format!(
                "same parts, one name has more: {} vs {}",
                shown(&na, &ta),
                shown(&nb, &tb)
            ),
        };
    }
    let parts_score = if short.len() == long.len() && short.len() > 1 {
        part_scores.iter().sum::<f32>() / part_scores.len() as f32
    } else {
        0.0
    };
    let score = whole.max(parts_score).min(0.92);
    let dist = strsim::levenshtein(&ka, &kb);
    let reason = if score >= SAME_NAME {
        format!(
            "close ({dist} letter(s) differ by sound, likely an OCR or spelling slip): {} vs {}",
            shown(&na, &ta),
            shown(&nb, &tb)
        )
    } else {
        format!("differ: {} vs {}", shown(&na, &ta), shown(&nb, &tb))
    };
    NameMatch { score, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_russian() {
        assert_eq!(transliterate("Иванов"), "IVANOV");
        assert_eq!(transliterate("Жуков"), "ZHUKOV");
        assert_eq!(transliterate("Хрущёв"), "KHRUSHCHEV");
        assert_eq!(transliterate("Цой"), "TSOI");
        assert_eq!(transliterate("Щукин"), "SHCHUKIN");
        assert_eq!(transliterate("Юлия"), "IULIIA");
        assert_eq!(transliterate("Подъячев"), "PODIEIACHEV");
        assert_eq!(transliterate("Крыльцов"), "KRYLTSOV");
        assert_eq!(transliterate("Эдуард"), "EDUARD");
        assert_eq!(transliterate("Анна-Мария"), "ANNA MARIIA");
    }

    #[test]
    fn kazakh_letters() {
        assert_eq!(transliterate("Әлібек"), "ALIBEK");
        assert_eq!(transliterate("Ғалым"), "GALYM");
        assert_eq!(transliterate("Қасымов"), "KASYMOV");
        assert_eq!(transliterate("Ңң"), "NN");
        assert_eq!(transliterate("Өмірзақ"), "OMIRZAK");
        assert_eq!(transliterate("Ұлан Үмбетов"), "ULAN UMBETOV");
        // Һ is H, never C.
        assert_eq!(transliterate("Һ"), "H");
        assert_eq!(transliterate("ЖҰМАБЕКОВА"), "ZHUMABEKOVA");
    }

    #[test]
    fn variants_are_listed() {
        let v = transliterations("Юлия");
        assert_eq!(v[0], "IULIIA");
        assert!(v.contains(&"YULIYA".to_string()));
        assert!(transliterations("Хан").contains(&"HAN".to_string()));
        assert!(transliterations("Сергей").contains(&"SERGEY".to_string()));
        assert!(transliterations("Царёв").contains(&"CAREV".to_string()));
        assert!(v.len() <= 64);
        // Long names stay bounded.
        assert!(transliterations("ЮЯЙХЦЖЩЁЮЯЙХЦЖЩЁ").len() <= 64);
    }

    #[test]
    fn same_names() {
        assert_eq!(compare("IVANOV", "ivanov").score, 1.0);
        let m = compare("IVANOV", "Иванов");
        assert_eq!(m.score, 1.0);
        assert!(m.reason.contains("ICAO"), "{}", m.reason);
        assert_eq!(compare("MÜLLER", "MUELLER").score, 1.0);
        let m = compare("YULIYA", "Юлия");
        assert_eq!(m.score, 0.98, "{}", m.reason);
        assert!(compare("KHAN", "ХАН").score == 1.0);
        assert!(compare("HAN", "ХАН").score >= 0.98);
        assert!(compare("SERGEY", "СЕРГЕЙ").score >= 0.98);
        assert!(compare("ZHUMABEKOVA", "ЖҰМАБЕКОВА").score == 1.0);
        assert!(compare("JUMABEKOVA", "ЖҰМАБЕКОВА").score >= 0.9);
    }

    #[test]
    fn translations_by_sound() {
        for (lat, cyr) in [
            ("MUELLER", "МЮЛЛЕР"),
            ("JOHNSON", "ДЖОНСОН"),
            ("SCHMIDT", "ШМИДТ"),
            ("SCHNEIDER", "ШНАЙДЕР"),
            ("WAGNER", "ВАГНЕР"),
            ("MICHAEL", "МИХАЭЛЬ"),
            ("CHRISTOPHER", "КРИСТОФЕР"),
            ("SMITH", "СМИТ"),
        ] {
            let m = compare(lat, cyr);
            assert!(m.score >= SAME_NAME, "{lat} vs {cyr}: {m:?}");
            assert!(m.score < 1.0, "{lat} vs {cyr}: {m:?}");
        }
        let m = compare("MUELLER", "МЮЛЛЕР");
        assert!(m.reason.starts_with("same by sound"), "{}", m.reason);
    }

    #[test]
    fn different_names_are_caught() {
        for (a, b) in [
            ("MUELLER", "ШМИДТ"),
            ("IVANOV", "PETROV"),
            ("JOHNSON", "ДЖЕКСОН"),
            ("SMIRNOVA", "КУЗНЕЦОВА"),
            ("ERIKSSON", "ЛАРССОН"),
        ] {
            let m = compare(a, b);
            assert!(m.score < SAME_NAME, "{a} vs {b}: {m:?}");
            assert!(m.reason.starts_with("differ"), "{}", m.reason);
        }
    }

    #[test]
    fn ocr_slips_score_high_but_below_one() {
        for (a, b) in [
            ("ERIKSSON", "ERIKSS0N"),
            ("ERIKSSON", "ERIKSSQN"),
            ("ALEXANDROVA", "ALEKSANDROVA"),
            ("KUZNETSOV", "KUZNETS0V"),
            ("NURSULTANOV", "NURSULTANQV"),
        ] {
            let m = compare(a, b);
            assert!(m.score >= SAME_NAME && m.score < 1.0, "{a} vs {b}: {m:?}");
        }
        let m = compare("ERIKSSON", "ERIKSSQN");
        assert!(m.reason.starts_with("close"), "{}", m.reason);
    }

    #[test]
    fn multi_part_names() {
        assert!(compare("ANNA MARIA", "АННА МАРИЯ").score >= 0.93);
        assert!(compare("IVAN IVANOV", "IVANOV IVAN").score >= SAME_NAME);
        let m = compare("IVANOV IVAN", "ИВАНОВ ИВАН ПЕТРОВИЧ");
        assert_eq!(m.score, 0.9, "{m:?}");
        assert!(m.reason.contains("more"));
        assert_eq!(compare("", "IVANOV").score, 0.0);
    }
}
