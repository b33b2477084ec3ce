//! Normalising a labelled value into field values: names split into Latin and
//! Cyrillic, dates to ISO 8601, countries to alpha-3, sex to M/F, document
//! numbers and IIN/BIN digits cleaned of OCR look-alikes. A value that does not
//! fit its field (a date label followed by a name) gives nothing, so the caller
//! can try the next candidate.

use super::labels::Key;
use crate::parse::{country, dates};
use crate::text::{is_cyrillic, latin_twin};

/// Field values derived from one labelled value: (public field name, value).
pub type Values = Vec<(&'static str, String)>;

/// Keeps letters, spaces, hyphens and apostrophes; upper-cases.
fn clean_name(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| {
            if c.is_alphabetic() || c == '-' || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .flat_map(char::to_uppercase)
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits "ИВАНОВ / IVANOV" into its Cyrillic and Latin parts (either may be
/// missing). A part with digits in it is not a name.
fn name_parts(v: &str) -> (Option<String>, Option<String>) {
    let mut cyr = None;
    let mut lat = None;
    for part in v.split(['/', '|']) {
        if part.chars().filter(|c| c.is_ascii_digit()).count() > 1 {
            continue;
        }
        let n = clean_name(part);
        let letters = n.chars().filter(|c| c.is_alphabetic()).count();
        // A name has at most four words (surname, two given names, patronymic); more
        // is running text after a label-like word ("Иностранец прошёл ...").
        if letters < 2 || n.split(' ').count() > 4 {
            continue;
        }
        let c = n.chars().filter(|&c| is_cyrillic(c)).count();
        if c * 2 > letters {
            cyr.get_or_insert(n);
        } else {
            lat.get_or_insert(n);
        }
    }
    (cyr, lat)
}

fn names(v: &str, cyr_key: &'static str, lat_key: &'static str) -> Values {
    let (c, l) = name_parts(v);
    let mut out = Values::new();
    if let Some(c) = c {
        out.push((cyr_key, c));
    }
    if let Some(l) = l {
        out.push((lat_key, l));
    }
    out
}

/// "МЮЛЛЕР ХАНС" → surname МЮЛЛЕР, given names ХАНС (surname first, as
/// translations and Kazakh forms print it).
fn full_name(v: &str) -> Values {
    let (c, l) = name_parts(v);
    let mut out = Values::new();
    let mut split = |n: String, sk: &'static str, gk: &'static str| {
        let mut words = n.split(' ');
        if let Some(first) = words.next() {
            out.push((sk, first.to_string()));
            let rest: Vec<&str> = words.collect();
            if !rest.is_empty() {
                out.push((gk, rest.join(" ")));
            }
        }
    };
    if let Some(c) = c {
        split(c, "surname_cyrillic", "given_names_cyrillic");
    }
    if let Some(l) = l {
        split(l, "surname", "given_names");
    }
    out
}

fn sex(v: &str) -> Option<&'static str> {
    let up = v.to_uppercase();
    for w in up
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        match w {
            "M" | "MALE" | "МУЖ" | "МУЖСКОЙ" | "ЕР" | "ЕРКЕК" | "М" | "MÄNNLICH" | "ERKEK"
            | "H" => return Some("M"),
            "F" | "FEMALE" | "ЖЕН" | "ЖЕНСКИЙ" | "ӘЙЕЛ" | "Ж" | "WEIBLICH" | "KADIN" | "W" => {
                return Some("F")
            }
            _ => {}
        }
    }
    None
}

/// Maps letters OCR reads for digits in a number field.
fn digits_only(v: &str) -> String {
    v.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            'O' | 'o' | 'О' | 'о' | 'D' | 'Q' => Some('0'),
            'I' | 'l' | '|' | 'і' | 'І' => Some('1'),
            'З' => Some('3'),
            'S' => Some('5'),
            'B' => Some('8'),
            ' ' => None,
            _ => Some('#'),
        })
        .collect()
}

/// The first run of exactly 12 digits, after look-alike mapping.
pub fn twelve_digits(v: &str) -> Option<String> {
    let d = digits_only(v);
    d.split('#').find(|run| run.len() == 12).map(str::to_string)
}

/// A passport or document number: 5–12 letters and digits with at least three
/// digits; Cyrillic look-alikes mapped to Latin.
fn document_number(v: &str) -> Option<String> {
    let up: String = v
        .chars()
        .map(|c| {
            latin_twin(c).unwrap_or(match c {
                'а' => 'A',
                'е' => 'E',
                'о' => 'O',
                'р' => 'P',
                'с' => 'C',
                'х' => 'X',
                // Lower-case б is how OCR reads a 6 next to Cyrillic text.
                'б' => '6',
                c => c.to_ascii_uppercase(),
            })
        })
        .collect();
    let ok = |t: &str| {
        (5..=12).contains(&t.len())
            && t.chars().all(|c| c.is_ascii_alphanumeric())
            && t.chars().filter(|c| c.is_ascii_digit()).count() >= 3
    };
    let tokens: Vec<&str> = up
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '№')
        .filter(|t| !t.is_empty())
        .collect();
    // "N 12345678", "E6 1004303": a series prefix printed apart.
    let joined = tokens
        .windows(2)
        .filter(|w| {
            w[0].len() <= 2
                && w[0].starts_with(|c: char| c.is_ascii_alphabetic())
                && w[0].chars().all(|c| c.is_ascii_alphanumeric())
                && w[1].chars().all(|c| c.is_ascii_digit())
        })
        .map(|w| format!("{}{}", w[0], w[1]))
        .find(|t| ok(t));
    joined.or_else(|| tokens.iter().find(|t| ok(t)).map(|t| t.to_string()))
}

/// The field values one labelled value gives, or nothing when it does not fit.
pub fn normalise(key: Key, v: &str) -> Values {
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let date = |name: &'static str| -> Values {
        dates::parse_date(v)
            .map(|d| vec![(name, iso(d))])
            .unwrap_or_default()
    };
    match key {
        Key::Surname => names(v, "surname_cyrillic", "surname"),
        Key::GivenNames => names(v, "given_names_cyrillic", "given_names"),
        Key::Patronymic => names(v, "patronymic_cyrillic", "patronymic"),
        Key::FullName => full_name(v),
        Key::DateOfBirth => date("date_of_birth"),
        Key::DateOfIssue => date("date_of_issue"),
        Key::DateOfExpiry => date("date_of_expiry"),
        Key::DocumentDate => date("document_date"),
        Key::PlaceOfBirth => {
            let t = v.trim();
            if t.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                vec![("place_of_birth", t.to_uppercase())]
            } else {
                Vec::new()
            }
        }
        Key::Sex => sex(v)
            .map(|s| vec![("sex", s.to_string())])
            .unwrap_or_default(),
        Key::Nationality => country::find_in(v)
            .map(|c| vec![("nationality", c.to_string())])
            .unwrap_or_default(),
        Key::IssuingCountry => country::find_in(v)
            .map(|c| vec![("issuing_country", c.to_string())])
            .unwrap_or_default(),
        Key::DocumentNumber => document_number(v)
            .map(|n| vec![("document_number", n)])
            .unwrap_or_default(),
        Key::Iin => twelve_digits(v)
            .map(|n| vec![("iin", n)])
            .unwrap_or_default(),
        Key::Bin => twelve_digits(v)
            .map(|n| vec![("bin", n)])
            .unwrap_or_default(),
        Key::CompanyName => {
            let t = v.trim();
            if t.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                vec![("company_name", t.to_string())]
            } else {
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_by_script() {
        assert_eq!(
            normalise(Key::Surname, "ИВАНОВ / IVANOV"),
            vec![
                ("surname_cyrillic", "ИВАНОВ".into()),
                ("surname", "IVANOV".into())
            ]
        );
        assert_eq!(
            normalise(Key::Surname, "Müller"),
            vec![("surname", "MÜLLER".into())]
        );
        assert_eq!(normalise(Key::Surname, "12.03.1985"), vec![]);
        assert_eq!(
            normalise(Key::FullName, "МЮЛЛЕР ХАНС ПЕТЕР"),
            vec![
                ("surname_cyrillic", "МЮЛЛЕР".into()),
                ("given_names_cyrillic", "ХАНС ПЕТЕР".into())
            ]
        );
        assert_eq!(
            normalise(Key::GivenNames, "АЙГЕРІМ / AIGERIM"),
            vec![
                ("given_names_cyrillic", "АЙГЕРІМ".into()),
                ("given_names", "AIGERIM".into())
            ]
        );
    }

    #[test]
    fn dates_sex_countries() {
        assert_eq!(
            normalise(Key::DateOfBirth, "08 OCT 1987"),
            vec![("date_of_birth", "1987-10-08".into())]
        );
        assert_eq!(normalise(Key::DateOfExpiry, "MUELLER"), vec![]);
        assert_eq!(normalise(Key::Sex, "ӘЙЕЛ / F"), vec![("sex", "F".into())]);
        assert_eq!(normalise(Key::Sex, "МУЖ / M"), vec![("sex", "M".into())]);
        assert_eq!(normalise(Key::Sex, "Kod"), vec![]);
        assert_eq!(
            normalise(Key::Nationality, "ҚАЗАҚСТАН / KAZAKHSTAN"),
            vec![("nationality", "KAZ".into())]
        );
        assert_eq!(
            normalise(Key::Nationality, "DEUTSCH"),
            vec![("nationality", "DEU".into())]
        );
        assert_eq!(
            normalise(Key::IssuingCountry, "D"),
            vec![("issuing_country", "DEU".into())]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            normalise(Key::DocumentNumber, "C01X00T47"),
            vec![("document_number", "C01X00T47".into())]
        );
        assert_eq!(
            normalise(Key::DocumentNumber, "№ N 12345678"),
            vec![("document_number", "N12345678".into())]
        );
        assert_eq!(normalise(Key::DocumentNumber, "Тип / Type"), vec![]);
        // Cyrillic look-alikes next to Russian text, a series printed apart.
        assert_eq!(
            normalise(Key::DocumentNumber, "Еб 1004303"),
            vec![("document_number", "E61004303".into())]
        );
        assert_eq!(
            normalise(Key::DocumentNumber, "RUS 409926727"),
            vec![("document_number", "409926727".into())]
        );
        assert_eq!(
            normalise(Key::Iin, "8710O84O1427"),
            vec![("iin", "871008401427".into())]
        );
        assert_eq!(
            normalise(Key::Iin, "871008 401427"),
            vec![("iin", "871008401427".into())]
        );
        assert_eq!(
            normalise(Key::Bin, "БИН 940140000385"),
            vec![("bin", "940140000385".into())]
        );
        assert_eq!(
            twelve_digits("БИН: 940140000385"),
            Some("940140000385".into())
        );
        assert_eq!(normalise(Key::Iin, "12345"), vec![]);
    }
}
