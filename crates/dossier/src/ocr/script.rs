//! Latin look-alikes on a Cyrillic page, read again with the Cyrillic models alone.
//!
//! The page pass reads eng+rus+kaz together, and Tesseract chooses the script word by
//! word. Much of the Russian capital alphabet has Latin twins (А В Е К М Н О Р С Т Х),
//! so a Cyrillic word in capitals can come out as Latin letters with one or two real
//! misreadings: a translation's `ТОМПСОН` read `TOMNCOH`, its П (which has no Latin
//! form) guessed as N. A surname read so is then compared as a Latin name and
//! contradicts the passport.
//!
//! On a page whose words are mostly Cyrillic, a word read as Latin capitals only is
//! read once more from its box with the Cyrillic models ([`Pass::Cyrillic`]). The
//! Cyrillic reading replaces the Latin one when the two are readings of the same
//! glyphs and the Latin one cannot be right ([`accepted`]): letter by letter, every
//! Cyrillic letter that has a Latin twin was read as that twin (more than half of the
//! word), and the others have no Latin form at all. A real Latin word (a name in
//! parentheses, a code) read by a model without Latin letters disagrees with its Latin
//! reading on some letter both scripts share (S read С, N read Н), and is kept.
//!
//! Tesseract's confidence does not decide: on Cyrillic capitals it is very low even
//! when every letter is right, since о с т м п н are small capitals in lower case and
//! the model splits its certainty between the cases. A replaced word keeps the page
//! pass's confidence, which measured how surely its shapes were read.

use image::GrayImage;

use super::{OcrEngine, OcrError, Pass};
use crate::model::{BBox, Word};
use crate::text::{is_cyrillic, latin_twin};

/// At least this share of a page's words (of two letters or more) must be Cyrillic
/// for its Latin words to be doubted.
const CYRILLIC_PAGE_SHARE: f32 = 0.5;
/// Latin words shorter than this are left alone (initials, "N", "No").
const MIN_LETTERS: usize = 3;
/// Most words read again on one page: the pass is a repair, not a second page pass.
const MAX_REREADS: usize = 24;

/// Reads again, with the Cyrillic models, the words in Latin capitals of a mostly
/// Cyrillic page, and keeps the Cyrillic reading where it explains the Latin one
/// ([`accepted`]). Returns how many words were replaced.
pub fn reread_latin_words(
    engine: &mut dyn OcrEngine,
    page: &GrayImage,
    words: &mut [Word],
) -> Result<usize, OcrError> {
    let mut replaced = 0;
    for i in candidates(words) {
        let crop_box = padded(words[i].bbox, page.width(), page.height());
        let crop = image::imageops::crop_imm(page, crop_box.x, crop_box.y, crop_box.w, crop_box.h)
            .to_image();
        let read = engine.recognize(&crop, Pass::Cyrillic)?;
        if let Some((text, confidence)) = accepted(&words[i], &read) {
            words[i].text = text;
            words[i].confidence = confidence;
            replaced += 1;
        }
    }
    Ok(replaced)
}

/// The words to read again: on a mostly Cyrillic page, the words made of Latin capitals
/// only (at least [`MIN_LETTERS`] of them), surest last, at most [`MAX_REREADS`].
fn candidates(words: &[Word]) -> Vec<usize> {
    let (mut cyrillic, mut lettered) = (0usize, 0usize);
    for w in words {
        let letters = w.text.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 {
            lettered += 1;
            if w.text.chars().filter(|&c| is_cyrillic(c)).count() * 2 > letters {
                cyrillic += 1;
            }
        }
    }
    if lettered == 0 || (cyrillic as f32) < CYRILLIC_PAGE_SHARE * lettered as f32 {
        return Vec::new();
    }
    let mut found: Vec<usize> = words
        .iter()
        .enumerate()
        .filter(|(_, w)| is_latin_word(&w.text))
        .map(|(i, _)| i)
        .collect();
    found.sort_by(|&a, &b| words[a].confidence.total_cmp(&words[b].confidence));
    found.truncate(MAX_REREADS);
    found
}

/// A word of Latin capitals only (punctuation around it allowed, no digits).
fn is_latin_word(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    letters >= MIN_LETTERS
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || (!c.is_alphanumeric() && !c.is_whitespace()))
}

/// The Cyrillic reading that replaces `latin`, with the Latin reading's confidence: one
/// word with as many letters, every letter Cyrillic; at each letter either the Latin
/// twin of the Cyrillic letter ([`latin_twin`]) or, for a Cyrillic letter without one,
/// anything; twins agreeing on more than half of the letters and at least one letter
/// without a twin (else the Latin reading may well be right).
fn accepted(latin: &Word, read: &[Word]) -> Option<(String, f32)> {
    let [word] = read else {
        return None;
    };
    let cyr: Vec<char> = word
        .text
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect();
    let lat: Vec<char> = latin.text.chars().filter(|c| c.is_alphabetic()).collect();
    if cyr.len() != lat.len() || !cyr.iter().all(|&c| is_cyrillic(c)) {
        return None;
    }
    let (mut twins, mut untwinned) = (0, 0);
    for (&c, &l) in cyr.iter().zip(&lat) {
        match latin_twin(c) {
            Some(t) if t == l => twins += 1,
            Some(_) => return None,
            None => untwinned += 1,
        }
    }
    (untwinned > 0 && twins * 2 > cyr.len()).then(|| (word.text.clone(), latin.confidence))
}

/// `b` grown by half its height on every side (Tesseract reads a word best with a
/// margin of background), kept inside the page.
fn padded(b: BBox, width: u32, height: u32) -> BBox {
    let m = (b.h / 2).max(4);
    let x = b.x.saturating_sub(m);
    let y = b.y.saturating_sub(m);
    let x1 = (b.x + b.w + m).min(width);
    let y1 = (b.y + b.h + m).min(height);
    BBox {
        x,
        y,
        w: x1.saturating_sub(x),
        h: y1.saturating_sub(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, confidence: f32) -> Word {
        Word {
            text: text.into(),
            bbox: BBox {
                x: 10,
                y: 10,
                w: 100,
                h: 20,
            },
            confidence,
            line: 0,
        }
    }

    #[test]
    fn latin_words_are_doubted_only_on_a_cyrillic_page() {
        let cyrillic_page = [
            word("Фамилия", 95.0),
            word("TOMNCOH", 80.0),
            word("Имя", 93.0),
            word("ДЖОН", 90.0),
            word("Номер", 92.0),
            word("паспорта", 91.0),
            word("N12345678", 90.0),
            word("(THOMPSON)", 85.0),
            word("of", 85.0),
            word("Thompson", 85.0),
        ];
        // Numbers, two-letter words and words in lower case are never doubted; the
        // surest last.
        assert_eq!(candidates(&cyrillic_page), vec![1, 7]);
        let latin_page = [
            word("Surname", 95.0),
            word("THOMPSON", 90.0),
            word("Фамилия", 90.0),
        ];
        assert!(candidates(&latin_page).is_empty());
        assert!(candidates(&[]).is_empty());
    }

    #[test]
    fn a_cyrillic_reading_replaces_only_one_that_explains_the_latin_one() {
        let latin = word("TOMNCOH", 80.0);
        // П has no Latin form; every other letter was read as its twin. Tesseract's own
        // confidence in the Cyrillic reading does not matter; the page pass's is kept.
        assert_eq!(
            accepted(&latin, &[word("Томпсон", 7.0)]),
            Some(("Томпсон".to_string(), 80.0))
        );
        // A letter lost, a letter both scripts have read differently, mixed scripts,
        // two words, nothing: the Latin reading stays.
        assert_eq!(accepted(&latin, &[word("ТОМПСН", 90.0)]), None);
        assert_eq!(accepted(&latin, &[word("ТОМПСОМ", 90.0)]), None);
        assert_eq!(accepted(&latin, &[word("ТОМПCОН", 90.0)]), None);
        assert_eq!(
            accepted(&latin, &[word("ТОМ", 90.0), word("ПСОН", 90.0)]),
            None
        );
        assert_eq!(accepted(&latin, &[]), None);
        // Real Latin words read by a model without Latin letters.
        assert_eq!(accepted(&word("SMITH", 95.0), &[word("СМІТН", 60.0)]), None);
        assert_eq!(
            accepted(&word("THOMPSON", 95.0), &[word("ТНОМРБОН", 60.0)]),
            None
        );
        assert_eq!(accepted(&word("JOHN", 95.0), &[word("ДОНИ", 60.0)]), None);
        // All twins: the Latin reading may be right (the shapes are the same).
        assert_eq!(accepted(&word("TOM", 95.0), &[word("ТОМ", 60.0)]), None);
    }

    #[test]
    fn the_crop_keeps_a_margin_inside_the_page() {
        let b = BBox {
            x: 2,
            y: 5,
            w: 50,
            h: 20,
        };
        assert_eq!(
            padded(b, 56, 200),
            BBox {
                x: 0,
                y: 0,
                w: 56,
                h: 35
            }
        );
    }
}
