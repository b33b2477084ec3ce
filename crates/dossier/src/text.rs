//! Text normalisation shared by the stages: a leaf module (it uses nothing of dossier's
//! own), so that OCR, classification and extraction can fold text the same way without
//! depending on each other.

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
