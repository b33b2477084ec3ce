//! Notarized translation of the passport data page into Russian or Kazakh: the data page
//! field by field in Cyrillic, the translator's statement and signature, and the notary's
//! certification with stamp.

use rand_chacha::ChaCha8Rng;

use super::draw::Sheet;
use super::layout::{heading, sign_block, table, LEFT, WIDTH};
use super::notary::{certify, notary, Act};
use super::passport::printed_iin;
use super::util::{country, d_dot, official};
use super::{FontKind, Fonts, Page};
use crate::case::Case;

/// Renders the translation; `kk` selects Kazakh, otherwise Russian.
pub fn passport_translation(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng, kk: bool) -> Page {
    let p = &case.applicant;
    let c = country(&p.nationality);
    let mut s = Sheet::a4(fonts);
    let translator = official(rng);
    let nt = notary(rng);
    // Passports with Cyrillic names are translated from their Latin/English parts.
    let (lang_ru, lang_kk) = if p.passport_has_cyrillic {
        ("английского", "ағылшын")
    } else {
        (c.lang_ru, c.lang_kk)
    };
    let surname = case
        .tamper
        .translation_surname
        .clone()
        .unwrap_or_else(|| p.surname_cyr.clone());
    let female = p.sex == 'F';
    let date = case.doc_date;

    let (head, rows, statement, sign_role) = if kk {
        let head = vec![
            (
                format!("{} тілінен қазақ тіліне аударма", title_lang(lang_kk)),
                10.0,
                false,
            ),
            (c.kk.to_uppercase(), 13.0, true),
            ("ТӨЛҚҰЖАТ".to_string(), 15.0, true),
        ];
        let rows = vec![
            ("Түрі".to_string(), "P".to_string()),
            ("Мемлекет коды".to_string(), p.nationality.clone()),
            ("Төлқұжат нөмірі".to_string(), p.passport_number.clone()),
            ("Тегі".to_string(), surname),
            ("Аты".to_string(), p.given_names_cyr.clone()),
            ("Азаматтығы".to_string(), c.kk.to_string()),
            ("Туған күні".to_string(), d_dot(p.date_of_birth)),
            (
                "Жынысы".to_string(),
                if female { "Әйел" } else { "Ер" }.to_string(),
            ),
            ("Туған жері".to_string(), p.place_of_birth_cyr.clone()),
            ("Берілген күні".to_string(), d_dot(p.passport_issued)),
            ("Қолданылу мерзімі".to_string(), d_dot(p.passport_expires)),
            (
                "Берген орган".to_string(),
                authority_kk(&p.nationality).to_string(),
            ),
            ("Иесінің қолы".to_string(), "/қолы/".to_string()),
        ];
        let statement = format!(
            "{} тілінен қазақ тіліне аударманы аудармашы {} орындады. Аударма түпнұсқаға сәйкес келеді.",
            title_lang(lang_kk),
            translator.full
        );
        (head, rows, statement, "Аудармашы")
    } else {
        let head = vec![
            (
                format!("Перевод с {lang_ru} языка на русский язык"),
                10.0,
                false,
            ),
            (c.ru.to_uppercase(), 13.0, true),
            ("ПАСПОРТ".to_string(), 15.0, true),
        ];
        let rows = vec![
            ("Тип".to_string(), "P".to_string()),
            ("Код государства".to_string(), p.nationality.clone()),
            ("Номер паспорта".to_string(), p.passport_number.clone()),
            ("Фамилия".to_string(), surname),
            ("Имя".to_string(), p.given_names_cyr.clone()),
            ("Гражданство".to_string(), c.ru.to_string()),
            ("Дата рождения".to_string(), d_dot(p.date_of_birth)),
            (
                "Пол".to_string(),
                if female { "Ж" } else { "М" }.to_string(),
            ),
            ("Место рождения".to_string(), p.place_of_birth_cyr.clone()),
            ("Дата выдачи".to_string(), d_dot(p.passport_issued)),
            (
                "Дата окончания срока действия".to_string(),
                d_dot(p.passport_expires),
            ),
            (
                "Орган, выдавший документ".to_string(),
                authority_ru(&p.nationality).to_string(),
            ),
            ("Подпись владельца".to_string(), "/подпись/".to_string()),
        ];
        let statement = format!(
            "Перевод с {lang_ru} языка на русский язык выполнен переводчиком {}. \
             Перевод соответствует оригиналу.",
            translator.ins
        );
        (head, rows, statement, "Переводчик")
    };
    let mut rows = rows;
    if p.nationality == "KAZ" {
        if let Some(iin) = printed_iin(case, p) {
            let label = if kk { "ЖСН" } else { "ИИН" };
            rows.insert(5, (label.to_string(), iin));
        }
    }
    let head_refs: Vec<(&str, f32, bool)> =
        head.iter().map(|(t, p, b)| (t.as_str(), *p, *b)).collect();
    let mut y = heading(&mut s, 22.0, &head_refs);
    y = table(&mut s, LEFT, y + 3.0, WIDTH, 68.0, 10.5, &rows);
    y += 7.0;
    y = s.para_justified(LEFT, y, WIDTH, 10.5, FontKind::Serif, &statement);
    y += 9.0;
    y = sign_block(
        &mut s,
        rng,
        y,
        sign_role,
        &translator.short,
        None,
        [0, 0, 0],
    );
    y += 4.0;
    s.hline(LEFT, LEFT + WIDTH, y, 0.3);
    y += 7.0;
    certify(&mut s, rng, y, &nt, Act::Translator(&translator), date, kk);
    s.into_page()
}

/// "неміс" → "Неміс".
fn title_lang(l: &str) -> String {
    let mut cs = l.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

fn authority_ru(code: &str) -> &'static str {
    match code {
        "DEU" => "Город Гамбург",
        "GBR" => "Паспортная служба Его Величества",
        "CHN" => "Национальное управление иммиграции КНР",
        "TUR" => "МВД Турецкой Республики",
        "IND" => "Паспортный офис Мумбаи",
        "KOR" => "Министерство иностранных дел",
        "RUS" => "МВД 77001",
        "KAZ" => "МВД Республики Казахстан",
        "UZB" => "МВД 26280",
        _ => "Государственный департамент США",
    }
}

fn authority_kk(code: &str) -> &'static str {
    match code {
        "DEU" => "Гамбург қаласы",
        "GBR" => "Ұлы Мәртебелі паспорт қызметі",
        "CHN" => "ҚХР Ұлттық иммиграция басқармасы",
        "TUR" => "Түркия Республикасы ІІМ",
        "IND" => "Мумбаи паспорт кеңсесі",
        "KOR" => "Сыртқы істер министрлігі",
        "RUS" => "ІІМ 77001",
        "KAZ" => "Қазақстан Республикасы ІІМ",
        "UZB" => "ІІМ 26280",
        _ => "АҚШ Мемлекеттік департаменті",
    }
}
