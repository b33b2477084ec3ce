//! The phrase matcher on its own: each OCR confusion it forgives, the edit budget, and
//! what it refuses.

use super::*;

/// The closest hit of `phrase` in `text`: (text as read, edits).
fn find(phrase: &str, text: &str) -> Option<(String, u32)> {
    let set = PhraseSet::new(vec![canon_phrase(phrase)]);
    let hits = set.find_all(&CanonText::new(text));
    hits[0]
        .first()
        .map(|h| (text[h.start..h.end].to_string(), h.distance))
}

fn edits(phrase: &str, text: &str) -> Option<u32> {
    find(phrase, text).map(|(_, d)| d)
}

#[test]
fn exact_text_matches_with_no_edit_and_reports_the_text_as_read() {
    assert_eq!(
        find(
            "о прибытии иностранца",
            "УВЕДОМЛЕНИЕ\nо прибытии иностранца (Notification)"
        ),
        Some(("о прибытии иностранца".to_string(), 0))
    );
}

#[test]
fn each_ocr_confusion_costs_nothing() {
    let cases = [
        // 0 / о / O
        ("о присвоении", "0 присвоении"),
        ("о присвоении", "O присвоении"),
        ("о присвоении", "o пpиcвoeнии"),
        // 3 / з
        ("о заключении брака", "о 3аключении брака"),
        // 6 / б
        ("об усыновлении", "о6 усыновлении"),
        // 1 / l / I / | for л, і, I
        ("свидетельство", "свидете1ьство"),
        ("свидетельство", "свидетеlьство"),
        ("свидетельство", "свидетеIьство"),
        ("свидетельство", "свидете|ьство"),
        ("жеке куәлік", "ЖЕКЕ КУӘЛ1К"),
        ("медициналық анықтама полисі", "медициналық анықтама ПОЛИС!"),
        // 4 / ч
        ("единственного участника", "единственного у4астника"),
        // rn / m
        ("medical insurance", "rnedical insurance"),
        ("government", "governrnent"),
    ];
    for (phrase, text) in cases {
        assert_eq!(edits(phrase, text), Some(0), "{phrase:?} in {text:?}");
    }
}

#[test]
fn spaces_punctuation_and_line_breaks_cost_nothing() {
    let cases = [
        // merged words
        ("страховой полис", "СТРАХОВОЙПОЛИС добровольного"),
        // split words
        ("свидетельство о рождении", "СВИДЕ ТЕЛЬСТВО О РОЖ ДЕНИИ"),
        // a title over two lines
        (
            "уведомление о прибытии",
            "УВЕДОМЛЕНИЕ\n0 прибытии иностранца",
        ),
        // a word hyphenated at a line end
        ("свидетельство о рождении", "СВИДЕТЕЛЬ-\nСТВО о рождении"),
        // stray punctuation
        (
            "о присвоении индивидуального",
            "о, присвоении. «индивидуального» —",
        ),
        ("seal stamp", "9. Seal/stamp:"),
    ];
    for (phrase, text) in cases {
        assert_eq!(edits(phrase, text), Some(0), "{phrase:?} in {text:?}");
    }
}

#[test]
fn the_text_as_read_spans_the_line_break() {
    let (read, d) = find(
        "уведомление о прибытии",
        "УВЕДОМЛЕНИЕ\n0 прибытии иностранца",
    )
    .unwrap();
    assert_eq!((read.as_str(), d), ("УВЕДОМЛЕНИЕ\n0 прибытии", 0));
}

#[test]
fn the_budget_grows_with_the_phrase_and_is_capped() {
    let table: Vec<u32> = [4, 6, 7, 14, 15, 22, 23, 30, 31, 60]
        .iter()
        .map(|&n| budget(n))
        .collect();
    assert_eq!(table, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
}

#[test]
fn near_misses_within_the_budget_count() {
    // 52 letters, 4 edits allowed: two letters dropped and one changed.
    assert_eq!(
        edits(
            "о присвоении индивидуального идентификационного номера",
            "о присвоении индивидуальнго идентификацонного нонера"
        ),
        Some(3)
    );
    // 20 letters, 2 allowed: another ending, a letter misread.
    assert_eq!(
        edits("уведомление о прибытии", "УВЕДОМЛЕНИЯ О ПРИБЫТИЕ"),
        Some(2)
    );
    // 11 letters, 1 allowed.
    assert_eq!(edits("доверенность", "доверенноcть"), Some(0));
    assert_eq!(edits("доверенность", "доверенносгь"), Some(1));
}

#[test]
fn beyond_the_budget_or_unrelated_text_does_not_match() {
    // One edit too many for 11 letters.
    assert_eq!(edits("доверенность", "доверинносгь"), None);
    // Short phrases match exactly or not at all.
    assert_eq!(edits("полис", "полиц"), None);
    // Departure is not arrival: 3 edits for a 20-letter phrase.
    assert_eq!(
        edits("уведомление о прибытии", "УВЕДОМЛЕНИЕ ОБ УБЫТИИ иностранца"),
        None
    );
    // Unrelated titles of about the same length.
    assert_eq!(
        edits(
            "о присвоении индивидуального идентификационного номера",
            "СПРАВКА о государственной регистрации юридического лица, БИН 940140000385"
        ),
        None
    );
    assert_eq!(
        edits(
            "свидетельство о заключении брака",
            "СВИДЕТЕЛЬСТВО О РОЖДЕНИИ\nМать: Мюллер Анна Отец: Иванов Игорь"
        ),
        None
    );
}

#[test]
fn a_phrase_starts_at_a_word_start() {
    assert_eq!(edits("полис", "в мегаполисе"), None);
    assert_eq!(edits("полис", "ПОЛИСІ"), Some(0));
}

#[test]
fn ordinary_body_text_matches_none_of_the_title_phrases() {
    let body = "Я, Мюллер Анна, настоящей доверенностью уполномочиваю Иванова И.И. \
                представлять мои интересы в НАО «Правительство для граждан» по вопросам \
                регистрации, получения справок и свидетельств, с правом подписи заявлений. \
                Доверенность выдана сроком на один год без права передоверия. \
                Принимающая сторона обязуется обеспечить своевременный выезд.";
    for phrase in [
        "о присвоении индивидуального идентификационного номера",
        "уведомление о прибытии",
        "свидетельство о рождении",
        "справка о наличии либо отсутствии судимости",
        "разрешение на временное проживание",
    ] {
        assert_eq!(find(phrase, body), None, "{phrase:?}");
    }
}

#[test]
fn many_phrases_are_found_in_one_pass_each_with_its_own_hits() {
    let set = PhraseSet::new(
        [
            "уведомление о прибытии",
            "принимающая сторона",
            "дата въезда",
        ]
        .iter()
        .map(|p| canon_phrase(p))
        .collect(),
    );
    let text = "УВЕДОМЛЕНИЕ\n0 прибытии\nПринимающая ст0рона: ТОО\nДата въeзда 01.12.2026";
    let hits = set.find_all(&CanonText::new(text));
    let read: Vec<Option<&str>> = hits
        .iter()
        .map(|h| h.first().map(|h| &text[h.start..h.end]))
        .collect();
    assert_eq!(
        read,
        [
            Some("УВЕДОМЛЕНИЕ\n0 прибытии"),
            Some("Принимающая ст0рона"),
            Some("Дата въeзда")
        ]
    );
}
