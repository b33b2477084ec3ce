//! Labelled fields from word boxes laid out the ways real documents print them: a value
//! right of its label, under it (aligned by x, not merely on the next line), left of it
//! (forms that print the caption after the entry), bilingual labels in two or three
//! languages on one line or stacked, tables (a header row over a row of values; a
//! label | value column pair), values in another font than their labels, and labels
//! damaged by OCR. A label is never a value.

use super::*;
use crate::model::{PageRef, Word};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// The words of `text` from (x, y) in a font `h` pixels high (a character 0.6 h wide,
/// words a third of h apart): a phrase set in one font.
fn at(text: &str, x: u32, y: u32, h: u32) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cx = x;
    for w in text.split(' ').filter(|w| !w.is_empty()) {
        let width = (w.chars().count() as u32 * h * 3).div_ceil(5);
        out.push(Word {
            text: w.to_string(),
            bbox: BBox {
                x: cx,
                y,
                w: width,
                h,
            },
            confidence: 91.0,
            line: y,
        });
        cx += width + h / 3;
    }
    out
}

fn fields_of(parts: Vec<Vec<Word>>) -> BTreeMap<String, Field> {
    let words: Vec<Word> = parts.into_iter().flatten().collect();
    let page = PageText {
        page: PageRef {
            file: "scan.png".into(),
            page: 1,
        },
        source: TextSource::Ocr,
        width: 2480,
        height: 3508,
        rotation: 0,
        skew: 0.0,
        text: words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        words,
        confidence: 91.0,
        mrz: None,
        tones: None,
    };
    let d = Classified {
        file: "scan.png".into(),
        pages: vec![1],
        kind: crate::schema::kinds::test_kind("iin_certificate"),
        confidence: 0.9,
        evidence: Vec::new(),
    };
    extract(d, std::slice::from_ref(&page), &Options::new(as_of())).fields
}

fn get<'a>(f: &'a BTreeMap<String, Field>, name: &str) -> Option<&'a str> {
    f.get(name).map(|x| x.value.as_str())
}

#[test]
fn value_right_of_its_label_on_the_same_line() {
    let f = fields_of(vec![
        // A form's field: label, a wide gap, the entry.
        at("Surname", 200, 300, 24),
        at("SCHNEIDER", 700, 300, 24),
        // The label and its value in one run, after a colon.
        at("Date of birth: 14.07.1990", 200, 360, 24),
        // The entry in a larger, bolder font than the caption, both on one line.
        at("Given names", 200, 420, 18),
        at("ANNA MARIA", 700, 412, 34),
    ]);
    assert_eq!(get(&f, "surname"), Some("SCHNEIDER"));
    assert_eq!(get(&f, "date_of_birth"), Some("1990-07-14"));
    assert_eq!(get(&f, "given_names"), Some("ANNA MARIA"));
    // The evidence box is the value's, not the label's.
    assert_eq!(f["surname"].source.bbox.map(|b| b.x), Some(700));
    assert_eq!(f["given_names"].source.bbox.map(|b| b.h), Some(34));
}

#[test]
fn value_under_its_label_is_found_by_column_not_by_line() {
    let f = fields_of(vec![
        // Two columns of caption-over-entry, as on a passport data page; the entry
        // under "Nationality" is on the line below "Surname" too, but in the other
        // column: it is not the surname.
        at("Surname", 200, 300, 20),
        at("Nationality", 1200, 300, 20),
        at("GERMAN", 1200, 330, 30),
        at("Place of birth", 200, 420, 20),
        // Centred under its caption in a bigger font, starting left of it.
        at("Date of expiry", 1200, 420, 20),
        at("03.05.2031", 1190, 450, 34),
    ]);
    assert_eq!(get(&f, "nationality"), Some("DEU"));
    assert_eq!(get(&f, "surname"), None, "{f:#?}");
    assert_eq!(get(&f, "date_of_expiry"), Some("2031-05-03"));
    // "Place of birth" has nothing under it either.
    assert_eq!(get(&f, "place_of_birth"), None, "{f:#?}");
}

#[test]
fn value_left_of_its_label_on_forms_that_caption_after_the_entry() {
    // Rows that read entry-then-caption: the label's value is before it, and on such
    // a row the segment after a label is the next label's.
    let f = fields_of(vec![
        at("ЖАНБОЛАТОВ", 200, 300, 26),
        at("тегі / фамилия", 900, 304, 18),
        at("АЛИБЕК", 200, 360, 26),
        at("аты / имя", 900, 364, 18),
        at("1988-11-02", 200, 420, 26),
        at("туған күні / дата рождения", 700, 424, 18),
        at("M", 1500, 420, 26),
        at("жынысы / пол", 1700, 424, 18),
    ]);
    assert_eq!(get(&f, "surname_cyrillic"), Some("ЖАНБОЛАТОВ"));
    assert_eq!(get(&f, "given_names_cyrillic"), Some("АЛИБЕК"));
    assert_eq!(get(&f, "date_of_birth"), Some("1988-11-02"));
    assert_eq!(get(&f, "sex"), Some("M"));
}

#[test]
fn on_label_value_rows_the_segment_before_a_label_is_not_its_value() {
    // "label value label value": each label takes the value after it.
    let f = fields_of(vec![
        at("Surname", 200, 300, 22),
        at("OKAFOR", 500, 300, 22),
        at("Given names", 1000, 300, 22),
        at("CHINEDU", 1400, 300, 22),
    ]);
    assert_eq!(get(&f, "surname"), Some("OKAFOR"));
    assert_eq!(get(&f, "given_names"), Some("CHINEDU"));
}

#[test]
fn bilingual_labels_in_two_or_three_languages_either_order() {
    let f = fields_of(vec![
        // Kazakh ID card style: Kazakh, Russian and English on one line, entry below.
        at("Тегі / Фамилия / Surname", 200, 300, 18),
        at("ТОКТАРОВА", 200, 326, 28),
        // English first.
        at("Given names / Аты / Имя", 200, 400, 18),
        at("ДАНА", 200, 426, 28),
        // Russian then Kazakh, value under; the second line of the page is another
        // column's and must not interfere.
        at("Дата рождения / Туған күні", 200, 500, 18),
        at("21.09.1979", 200, 526, 28),
        at("Номер документа / Құжат нөмірі", 1200, 500, 18),
        at("N12345678", 1200, 526, 28),
    ]);
    assert_eq!(get(&f, "surname_cyrillic"), Some("ТОКТАРОВА"));
    assert_eq!(get(&f, "given_names_cyrillic"), Some("ДАНА"));
    assert_eq!(get(&f, "date_of_birth"), Some("1979-09-21"));
    assert_eq!(get(&f, "document_number"), Some("N12345678"));
}

#[test]
fn bilingual_label_stacked_on_two_lines() {
    let f = fields_of(vec![
        // The caption in two languages on two lines, the entry under both.
        at("Фамилия /", 200, 300, 18),
        at("Surname", 200, 324, 18),
        at("LEE", 200, 352, 30),
        at("Date of birth", 1000, 300, 18),
        at("Туған күні", 1000, 324, 18),
        at("05 MAR 1992", 1000, 352, 30),
    ]);
    assert_eq!(get(&f, "surname"), Some("LEE"));
    assert_eq!(get(&f, "date_of_birth"), Some("1992-03-05"));
}

#[test]
fn a_table_header_row_over_a_row_of_values() {
    let f = fields_of(vec![
        at("Surname", 200, 300, 20),
        at("Given names", 400, 300, 20),
        // Two header cells set close together: one run of words for OCR's geometry,
        // two labels all the same.
        at("Date of birth Sex", 1100, 300, 20),
        // The row of values, each centred in its column.
        at("NGUYEN", 210, 340, 24),
        at("VAN AN", 400, 340, 24),
        at("30.01.1983", 1100, 340, 20),
        at("M", 1262, 340, 24),
    ]);
    assert_eq!(get(&f, "surname"), Some("NGUYEN"), "{f:#?}");
    assert_eq!(get(&f, "given_names"), Some("VAN AN"), "{f:#?}");
    assert_eq!(get(&f, "date_of_birth"), Some("1983-01-30"));
    assert_eq!(get(&f, "sex"), Some("M"));
}

#[test]
fn a_two_column_label_value_table_with_rules_and_a_blank_cell() {
    let rule = |x: u32, y: u32| at("|", x, y, 24);
    let f = fields_of(vec![
        at("Фамилия", 200, 300, 22),
        rule(620, 300),
        at("КИМ", 660, 300, 24),
        at("Отчество", 200, 350, 22),
        rule(620, 350),
        // (blank: the patronymic cell is empty)
        at("ИИН", 200, 400, 22),
        rule(620, 400),
        at("920415350128", 660, 400, 24),
        // Cells set close to the rule: only the rule separates them.
        at("Имя", 200, 450, 22),
        rule(260, 450),
        at("ЕЛЕНА", 290, 450, 24),
    ]);
    assert_eq!(get(&f, "surname_cyrillic"), Some("КИМ"));
    assert_eq!(get(&f, "patronymic_cyrillic"), None, "{f:#?}");
    assert_eq!(get(&f, "iin"), Some("920415350128"));
    assert_eq!(get(&f, "given_names_cyrillic"), Some("ЕЛЕНА"));
}

#[test]
fn ocr_damaged_labels_still_find_their_values() {
    let f = fields_of(vec![
        at("Surnamc", 200, 300, 22),
        at("HARTMANN", 700, 300, 22),
        at("Date of b1rth", 200, 350, 22),
        at("12.12.1975", 700, 350, 22),
        at("Фамипия", 200, 400, 22),
        at("ХАРТМАН", 700, 400, 22),
        // Cyrillic read as Latin look-alikes.
        at("Homep nacnopta", 200, 450, 22),
        at("C4X7K2L90", 700, 450, 22),
    ]);
    assert_eq!(get(&f, "surname"), Some("HARTMANN"));
    assert_eq!(get(&f, "date_of_birth"), Some("1975-12-12"));
    assert_eq!(get(&f, "surname_cyrillic"), Some("ХАРТМАН"));
    assert_eq!(get(&f, "document_number"), Some("C4X7K2L90"));
}

#[test]
fn a_label_is_never_a_value() {
    let f = fields_of(vec![
        // A label with its entry left blank, the next label right of it and another
        // under it: neither is its value.
        at("Surname", 200, 300, 22),
        at("Given names", 700, 300, 22),
        at("PRIYA", 700, 340, 22),
        at("Nationality", 200, 400, 22),
        at("INDIAN", 200, 440, 22),
    ]);
    assert_eq!(get(&f, "surname"), None, "{f:#?}");
    assert_eq!(get(&f, "given_names"), Some("PRIYA"));
    assert_eq!(get(&f, "nationality"), Some("IND"));
}

#[test]
fn numbers_labelled_the_ways_kazakh_documents_print_them() {
    let f = fields_of(vec![
        at("Паспорт № N1234567", 200, 300, 24),
        at("ИИН: 891219454746", 200, 360, 24),
    ]);
    assert_eq!(get(&f, "document_number"), Some("N1234567"));
    assert_eq!(get(&f, "iin"), Some("891219454746"));
    let f = fields_of(vec![
        at("Номер документа / Құжат нөмірі", 200, 300, 18),
        at("N 7654321", 200, 326, 28),
        at("ЖСН / ИИН", 1200, 300, 18),
        at("891219 454746", 1200, 326, 28),
    ]);
    assert_eq!(get(&f, "document_number"), Some("N7654321"));
    assert_eq!(get(&f, "iin"), Some("891219454746"));
}

#[test]
fn running_text_ending_in_a_label_with_its_value_reads_left_to_right() {
    // A consent's sentence cut by wide gaps: it starts with a word and ends with
    // "паспорт № ...", but that label carries its value, so the row is no
    // caption-after-entry row and "гражданство:" takes the value after it.
    let f = fields_of(vec![
        at("рождения,", 200, 300, 24),
        at("гражданство:", 420, 300, 24),
        at("Великобритания,", 800, 300, 24),
        at("паспорт № 297742514", 1300, 300, 24),
    ]);
    assert_eq!(get(&f, "nationality"), Some("GBR"), "{f:#?}");
    assert_eq!(get(&f, "document_number"), Some("297742514"));
}
