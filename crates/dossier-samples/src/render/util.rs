//! Shared wording for the renderers: dates in the styles documents print them, country
//! names in English, Russian and Kazakh, and fictional officials (notaries, translators).

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const MON_EN: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const MONTH_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTH_RU_GEN: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTH_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

fn mi(d: NaiveDate) -> usize {
    d.month0() as usize
}

/// "12 MAR 1985" (passports).
pub fn d_mon(d: NaiveDate) -> String {
    format!("{:02} {} {}", d.day(), MON_EN[mi(d)], d.year())
}

/// "12.03.1985".
pub fn d_dot(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// "12 March 1985".
pub fn d_en(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTH_EN[mi(d)], d.year())
}

/// "«12» марта 1985 г."
pub fn d_ru(d: NaiveDate) -> String {
    format!("«{:02}» {} {} г.", d.day(), MONTH_RU_GEN[mi(d)], d.year())
}

/// "1985 жылғы 12 наурыз"
pub fn d_kk(d: NaiveDate) -> String {
    format!("{} жылғы {:02} {}", d.year(), d.day(), MONTH_KK[mi(d)])
}

/// Country names: (English, Russian, Kazakh, adjective for "translated from ... language").
pub struct Country {
    pub en: &'static str,
    pub ru: &'static str,
    pub kk: &'static str,
    /// Russian genitive of the source language: "с немецкого языка".
    pub lang_ru: &'static str,
    /// Kazakh ablative of the source language: "неміс тілінен".
    pub lang_kk: &'static str,
}

/// Names of the applicant's country for translations and forms.
pub fn country(code: &str) -> Country {
    let c = |en, ru, kk, lang_ru, lang_kk| Country {
        en,
        ru,
        kk,
        lang_ru,
        lang_kk,
    };
    match code {
        "DEU" => c(
            "Federal Republic of Germany",
            "Федеративная Республика Германия",
            "Германия Федеративтік Республикасы",
            "немецкого",
            "неміс",
        ),
        "GBR" => c(
            "United Kingdom of Great Britain and Northern Ireland",
            "Соединённое Королевство Великобритании и Северной Ирландии",
            "Ұлыбритания және Солтүстік Ирландия Құрама Корольдігі",
            "английского",
            "ағылшын",
        ),
        "CHN" => c(
            "People's Republic of China",
            "Китайская Народная Республика",
            "Қытай Халық Республикасы",
            "китайского",
            "қытай",
        ),
        "TUR" => c(
            "Republic of Türkiye",
            "Турецкая Республика",
            "Түркия Республикасы",
            "турецкого",
            "түрік",
        ),
        "IND" => c(
            "Republic of India",
            "Республика Индия",
            "Үндістан Республикасы",
            "английского",
            "ағылшын",
        ),
        "KOR" => c(
            "Republic of Korea",
            "Республика Корея",
            "Корея Республикасы",
            "корейского",
            "корей",
        ),
        "RUS" => c(
            "Russian Federation",
            "Российская Федерация",
            "Ресей Федерациясы",
            "русского",
            "орыс",
        ),
        "KAZ" => c(
            "Republic of Kazakhstan",
            "Республика Казахстан",
            "Қазақстан Республикасы",
            "казахского",
            "қазақ",
        ),
        "UZB" => c(
            "Republic of Uzbekistan",
            "Республика Узбекистан",
            "Өзбекстан Республикасы",
            "узбекского",
            "өзбек",
        ),
        _ => c(
            "United States of America",
            "Соединённые Штаты Америки",
            "Америка Құрама Штаттары",
            "английского",
            "ағылшын",
        ),
    }
}

/// Russian nationality adjective-noun for forms: "гражданин Германии".
pub fn citizenship_ru(code: &str) -> &'static str {
    match code {
        "DEU" => "Германия",
        "GBR" => "Великобритания",
        "CHN" => "Китай",
        "TUR" => "Турция",
        "IND" => "Индия",
        "KOR" => "Республика Корея",
        "RUS" => "Российская Федерация",
        "KAZ" => "Казахстан",
        "UZB" => "Узбекистан",
        _ => "США",
    }
}

/// A fictional official (notary, translator, clerk); all are women so that the
/// Russian case forms below are regular.
pub struct Official {
    /// "Ахметова Айгуль Болатовна".
    pub full: String,
    /// Genitive: "Ахметовой Айгуль Болатовны".
    pub gen: String,
    /// Instrumental: "Ахметовой Айгуль Болатовной".
    pub ins: String,
    /// "Ахметова А.Б."
    pub short: String,
}

/// Surname: (nominative, genitive/instrumental).
const OFF_SUR: &[(&str, &str)] = &[
    ("Ахметова", "Ахметовой"),
    ("Букеева", "Букеевой"),
    ("Жумабаева", "Жумабаевой"),
    ("Кенжебекова", "Кенжебековой"),
    ("Мусина", "Мусиной"),
    ("Оспанова", "Оспановой"),
    ("Серикбаева", "Серикбаевой"),
    ("Темирханова", "Темирхановой"),
    ("Иванова", "Ивановой"),
    ("Ким", "Ким"),
];
/// Given name: (nominative, genitive, instrumental, initial).
const OFF_NAME: &[(&str, &str, &str, &str)] = &[
    ("Айгуль", "Айгуль", "Айгуль", "А."),
    ("Гульнара", "Гульнары", "Гульнарой", "Г."),
    ("Жанна", "Жанны", "Жанной", "Ж."),
    ("Лаура", "Лауры", "Лаурой", "Л."),
    ("Сауле", "Сауле", "Сауле", "С."),
    ("Марина", "Марины", "Мариной", "М."),
    ("Динара", "Динары", "Динарой", "Д."),
];
/// Patronymic stem: "Болат" → Болатовна / Болатовны / Болатовной.
const OFF_PAT: &[&str] = &["Болатов", "Ерланов", "Муратов", "Сериков", "Кайратов"];

/// A fictional notary, translator or clerk.
pub fn official(rng: &mut ChaCha8Rng) -> Official {
    let s = OFF_SUR[rng.random_range(0..OFF_SUR.len())];
    let n = OFF_NAME[rng.random_range(0..OFF_NAME.len())];
    let p = OFF_PAT[rng.random_range(0..OFF_PAT.len())];
    let initial = p.chars().next().unwrap_or('А');
    Official {
        full: format!("{} {} {p}на", s.0, n.0),
        gen: format!("{} {} {p}ны", s.1, n.1),
        ins: format!("{} {} {p}ной", s.1, n.2),
        short: format!("{} {}{initial}.", s.0, n.3),
    }
}

/// Title-cases an upper-case name: "МЮЛЛЕР" → "Мюллер", "ANNA MARIA" → "Anna Maria".
pub fn title(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A registry number like "2-1234".
pub fn reg_no(rng: &mut ChaCha8Rng) -> String {
    format!("{}-{}", rng.random_range(1..9), rng.random_range(100..9999))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_in_document_styles() {
        let d = NaiveDate::from_ymd_opt(1985, 3, 2).unwrap();
        assert_eq!(d_mon(d), "02 MAR 1985");
        assert_eq!(d_dot(d), "02.03.1985");
        assert_eq!(d_ru(d), "«02» марта 1985 г.");
        assert_eq!(d_kk(d), "1985 жылғы 02 наурыз");
    }

    #[test]
    fn title_case_handles_cyrillic() {
        assert_eq!(title("МЮЛЛЕР"), "Мюллер");
        assert_eq!(title("ӘЙГЕРІМ"), "Әйгерім");
        assert_eq!(title("ANNA MARIA"), "Anna Maria");
    }
}
