//! Text normalisation shared by the stages: a leaf module (it uses nothing of dossier's
//! own), so that OCR, classification, the kind vocabulary and extraction can fold text
//! the same way without depending on each other. [`phrase`] matches the vocabulary's
//! plain-word phrases in folded text.

pub mod phrase;

/// The Latin capital that a Cyrillic capital (Russian or Kazakh) looks like, if any:
/// what OCR reads in its place when it takes a Cyrillic word for a Latin one, or the
/// other way round.
pub fn latin_twin(c: char) -> Option<char> {
    Some(match c {
        'А' => 'A',
        'В' => 'B',
        'Е' | 'Ё' => 'E',
        'К' | 'Қ' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' | 'Ү' => 'Y',
        'І' => 'I',
        _ => return None,
    })
}

/// A letter of the Cyrillic block (Russian, Kazakh and the other Cyrillic alphabets).
pub fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Folds one lower-case letter to the form shared by its OCR look-alikes: Cyrillic
/// letters that look like Latin ones become Latin, Kazakh letters become the Russian
/// letter Tesseract reads them as (and then Latin where that looks alike), accented Latin
/// loses its accent, and the remaining Cyrillic letters get Latin letters of their own.
/// Everything else is returned unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        'а' | 'ә' | 'à' | 'á' | 'â' | 'ä' => 'a',
        'е' | 'ё' | 'é' | 'è' | 'ê' | 'ë' | 'є' => 'e',
        'о' | 'ө' | 'ó' | 'ò' | 'ô' | 'ö' => 'o',
        'р' => 'p',
        'с' | 'ç' => 'c',
        'х' => 'x',
        'у' | 'ү' | 'ұ' | 'ý' => 'y',
        'к' | 'қ' => 'k',
        'м' => 'm',
        'т' => 't',
        'н' | 'ң' | 'һ' => 'h',
        'в' | 'ь' | 'б' => 'b',
        'і' | 'ї' | 'í' | 'ì' | 'î' | 'ï' => 'i',
        'ғ' | 'г' => 'r',
        'п' => 'n',
        'и' | 'й' | 'ù' | 'ú' | 'û' | 'ü' => 'u',
        // The other Cyrillic letters, to Latin letters of their own, so that normalised
        // text is ASCII: word boundaries in the kind patterns then run in the regex
        // crate's DFA instead of its far slower fallback engines.
        'д' => 'd',
        'ж' => 'j',
        'з' => 'z',
        'л' => 'l',
        'ф' => 'f',
        'ц' => 'q',
        'ч' => 'v',
        'ш' | 'щ' => 'w',
        'ъ' => 'b',
        'ы' => 'g',
        'э' => 'e',
        'ю' => 'u',
        'я' => 'a',
        _ => c,
    }
}

/// Normalises page text for matching: lower case, folded look-alikes ([`fold_char`]),
/// words hyphenated across a line end joined, and every run of characters that are not
/// letters or digits turned into one space.
pub fn normalize(text: &str) -> String {
    normalize_lines(text).0
}

/// [`normalize`], also returning where each non-empty line of `text` starts in the
/// normalised string (byte offsets).
pub(crate) fn normalize_lines(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut starts = Vec::new();
    let mut new_line = true;
    let mut pending_space = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' || c == '¬' || c == '\u{ad}' {
            // "свидетель-\nствую": a hyphen before a line break joins the two halves.
            let mut look = chars.clone();
            while look
                .peek()
                .is_some_and(|n| *n == ' ' || *n == '\t' || *n == '\r')
            {
                look.next();
            }
            if look.peek() == Some(&'\n') {
                look.next();
                while look.peek().is_some_and(|n| n.is_whitespace()) {
                    look.next();
                }
                chars = look;
                continue;
            }
        }
        // Tesseract reads a word-final Kazakh "і" as "!" ("ПОЛИСІ" → "ПОЛИС!").
        let c = if c == '!' && !pending_space && out.chars().last().is_some_and(char::is_alphabetic)
        {
            'i'
        } else {
            c
        };
        if c == '\n' {
            new_line = true;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if new_line {
                starts.push(out.len());
                new_line = false;
            }
            for l in c.to_lowercase() {
                // Letters of other scripts (a Chinese or Korean name) match no pattern.
                let f = fold_char(l);
                out.push(if f.is_ascii() { f } else { '_' });
            }
        } else {
            pending_space = true;
        }
    }
    (out, starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twins_are_capitals_that_look_alike_and_only_those() {
        let twins: String = "АВЕКМНОРСТХУІ".chars().filter_map(latin_twin).collect();
        assert_eq!(twins, "ABEKMHOPCTXYI");
        for c in ['П', 'Д', 'Ж', 'И', 'Л', 'Я', 'а', 'о', 'A', '1'] {
            assert_eq!(latin_twin(c), None, "{c}");
        }
        assert!(is_cyrillic('Ә') && is_cyrillic('ж') && !is_cyrillic('j'));
    }
}
