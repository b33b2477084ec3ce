//! Certificates about the applicant: IIN certificate, fingerprinting certificate, medical
//! certificate form 028/u, medical insurance policy and criminal record certificate.
//! Kazakhstan-issued ones are bilingual Kazakh / Russian, as the e-government prints them.

use chrono::Days;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::draw::Sheet;
use super::layout::{heading, sign_block, stamp_color, table, LEFT, RIGHT, WIDTH};
use super::legal::qr;
use super::passport::printed_iin;
use super::util::{citizenship_ru, country, d_dot, d_ru, official};
use super::{FontKind, Fonts, Page};
use crate::case::{Case, Person};

fn name_both(p: &Person) -> String {
    format!(
        "{} {} / {}",
        p.surname_cyr,
        p.given_names_cyr,
        p.full_name()
    )
}

/// "СПРАВКА о присвоении ИИН" / "ЖСН беру туралы АНЫҚТАМА".
pub fn iin_certificate(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let mut s = Sheet::a4(fonts);
    let mut y = heading(
        &mut s,
        22.0,
        &[
            (
                "Қазақстан Республикасы Қаржы министрлігінің Мемлекеттік кірістер комитеті",
                9.0,
                false,
            ),
            (
                "Комитет государственных доходов Министерства финансов Республики Казахстан",
                9.0,
                false,
            ),
            ("ЖСН беру туралы АНЫҚТАМА", 14.0, true),
            ("СПРАВКА о присвоении ИИН", 14.0, true),
            ("(индивидуального идентификационного номера)", 9.5, false),
        ],
    );
    let iin = printed_iin(case, p).unwrap_or_default();
    let c = country(&p.nationality);
    let rows = vec![
        ("ЖСН / ИИН".to_string(), iin),
        (
            "Тегі / Фамилия".to_string(),
            format!("{} / {}", p.surname_cyr, p.surname),
        ),
        (
            "Аты / Имя".to_string(),
            format!("{} / {}", p.given_names_cyr, p.given_names),
        ),
        (
            "Туған күні / Дата рождения".to_string(),
            d_dot(p.date_of_birth),
        ),
        (
            "Жынысы / Пол".to_string(),
            if p.sex == 'F' {
                "Әйел / Женский"
            } else {
                "Ер / Мужской"
            }
            .to_string(),
        ),
        (
            "Азаматтығы / Гражданство".to_string(),
            format!("{} / {}", c.kk, c.ru),
        ),
        (
            "Жеке басын куәландыратын құжат / Документ, удостоверяющий личность".to_string(),
            format!(
                "Паспорт № {}, {}",
                p.passport_number,
                d_dot(p.passport_issued)
            ),
        ),
        (
            "ЖСН берілген күні / Дата присвоения ИИН".to_string(),
            d_dot(case.doc_date),
        ),
    ];
    y = table(&mut s, LEFT, y + 6.0, WIDTH, 78.0, 10.5, &rows);
    y += 10.0;
    s.text(
        LEFT,
        y,
        10.0,
        FontKind::Sans,
        &format!(
            "Анықтама берілген күні / Дата выдачи справки: {}",
            d_dot(case.doc_date)
        ),
    );
    y += 6.0;
    let no = format!("{:010}", rng.random_range(1_000_000u64..9_999_999_999));
    s.text(
        LEFT,
        y,
        10.0,
        FontKind::Sans,
        &format!("Анықтама нөмірі / Номер справки: {no}"),
    );
    y += 10.0;
    s.para(
        LEFT,
        y,
        WIDTH - 45.0,
        8.5,
        FontKind::Sans,
        "Осы құжат «Электрондық құжат және электрондық цифрлық қолтаңба туралы» ҚР Заңына сәйкес \
         қағаз тасығыштағы құжатқа тең. Данный документ согласно Закону РК «Об электронном \
         документе и электронной цифровой подписи» равнозначен документу на бумажном носителе.",
    );
    qr(&mut s, rng, RIGHT - 35.0, y - 6.0, 35.0);
    s.into_page()
}

/// Certificate of fingerprint registration, dated `case.fingerprint_date`.
pub fn fingerprint_certificate(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let mut s = Sheet::a4(fonts);
    let no = format!(
        "{}/{}",
        rng.random_range(1000..99_999),
        case.fingerprint_date.format("%Y")
    );
    let mut y = heading(
        &mut s,
        22.0,
        &[
            ("Қазақстан Республикасы Ішкі істер министрлігі", 9.5, false),
            (
                "Министерство внутренних дел Республики Казахстан",
                9.5,
                false,
            ),
            ("Департамент миграционной службы", 9.5, false),
            ("Дактилоскопиялық тіркеуден өту туралы АНЫҚТАМА", 13.0, true),
            (
                "СПРАВКА о прохождении дактилоскопической регистрации",
                13.0,
                true,
            ),
            (&format!("№ {no}"), 11.0, false),
        ],
    );
    let rows = vec![
        ("Тегі, аты / Фамилия, имя".to_string(), name_both(p)),
        (
            "Туған күні / Дата рождения".to_string(),
            d_dot(p.date_of_birth),
        ),
        (
            "Азаматтығы / Гражданство".to_string(),
            citizenship_ru(&p.nationality).to_string(),
        ),
        (
            "Паспорт № / Паспорт №".to_string(),
            p.passport_number.clone(),
        ),
        (
            "Тіркеу күні / Дата прохождения дактилоскопической регистрации".to_string(),
            d_dot(case.fingerprint_date),
        ),
        (
            "Тіркеу орны / Место регистрации".to_string(),
            "Центр обслуживания населения, г. Алматы".to_string(),
        ),
    ];
    y = table(&mut s, LEFT, y + 6.0, WIDTH, 80.0, 10.5, &rows);
    y += 8.0;
    y = s.para(
        LEFT,
        y,
        WIDTH,
        10.0,
        FontKind::Serif,
        "Иностранец прошёл обязательную дактилоскопическую регистрацию в соответствии с Законом \
         Республики Казахстан «О государственной дактилоскопической и геномной регистрации». \
         Справка выдана для представления в органы миграционной службы.",
    );
    y += 14.0;
    let clerk = official(rng);
    let color = stamp_color(rng);
    sign_block(
        &mut s,
        rng,
        y,
        "Инспектор",
        &clerk.short,
        Some((
            "ДЕПАРТАМЕНТ МИГРАЦИОННОЙ СЛУЖБЫ * МВД РК *",
            &["ДМС", "МВД РК"],
        )),
        color,
    );
    s.into_page()
}

/// Medical certificate, form 028/u.
pub fn medical_certificate(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let mut s = Sheet::a4(fonts);
    let clinic = format!(
        "ГКП на ПХВ «Городская поликлиника № {}»",
        rng.random_range(1..36)
    );
    s.text(
        LEFT,
        18.0,
        9.0,
        FontKind::Sans,
        "Денсаулық сақтау ұйымының атауы",
    );
    s.text(
        LEFT,
        22.0,
        9.0,
        FontKind::Sans,
        "Наименование организации здравоохранения",
    );
    s.text(LEFT, 27.0, 10.0, FontKind::SansBold, &clinic);
    s.right(RIGHT, 18.0, 9.0, FontKind::Sans, "Медициналық құжаттама");
    s.right(RIGHT, 22.0, 9.0, FontKind::Sans, "Медицинская документация");
    s.right(
        RIGHT,
        27.0,
        10.0,
        FontKind::SansBold,
        "Нысан / Форма № 028/у",
    );
    let no = rng.random_range(100..9999);
    let mut y = heading(
        &mut s,
        45.0,
        &[
            ("МЕДИЦИНАЛЫҚ АНЫҚТАМА", 14.0, true),
            (&format!("МЕДИЦИНСКАЯ СПРАВКА № {no}"), 14.0, true),
            ("(форма № 028/у)", 10.0, false),
        ],
    );
    let rows = vec![
        ("Тегі, аты / Фамилия, имя".to_string(), name_both(p)),
        (
            "Туған күні / Дата рождения".to_string(),
            d_dot(p.date_of_birth),
        ),
        (
            "Азаматтығы / Гражданство".to_string(),
            citizenship_ru(&p.nationality).to_string(),
        ),
        ("Паспорт №".to_string(), p.passport_number.clone()),
        (
            "Флюорография / Флюорография".to_string(),
            "без патологии".to_string(),
        ),
        (
            "Туберкулёз / Туберкулёз".to_string(),
            "не выявлен".to_string(),
        ),
        (
            "АИТВ-инфекциясы / ВИЧ-инфекция".to_string(),
            "отрицательно".to_string(),
        ),
        (
            "Жұқпалы аурулар / Инфекционные заболевания".to_string(),
            "не выявлены".to_string(),
        ),
        (
            "Қорытынды / Заключение".to_string(),
            "Заболеваний, препятствующих пребыванию в Республике Казахстан, не выявлено."
                .to_string(),
        ),
        (
            "Берілген күні / Дата выдачи".to_string(),
            d_dot(case.doc_date),
        ),
    ];
    y = table(&mut s, LEFT, y + 6.0, WIDTH, 72.0, 10.5, &rows);
    y += 16.0;
    let doc = official(rng);
    let color = stamp_color(rng);
    let seal = format!("{} * Г. АЛМАТЫ *", clinic.to_uppercase());
    y = sign_block(&mut s, rng, y, "Дәрігер / Врач", &doc.short, None, color);
    let head = official(rng).short;
    sign_block(
        &mut s,
        rng,
        y + 6.0,
        "Бас дәрігер / Главный врач",
        &head,
        Some((&seal, &["ДЛЯ СПРАВОК"])),
        color,
    );
    s.into_page()
}

/// Voluntary medical insurance policy for the stay, bilingual Russian / English.
pub fn medical_insurance(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let mut s = Sheet::a4(fonts);
    let insurer = [
        "АО «Страховая компания «Тенгри Полис»",
        "АО «СК «Дала Иншуранс»",
        "АО «Страховая компания «Алтын Қалқан»",
    ][rng.random_range(0..3)];
    s.text(LEFT, 20.0, 12.0, FontKind::SansBold, insurer);
    s.text(
        LEFT,
        25.5,
        9.0,
        FontKind::Sans,
        "Лицензия на страховую деятельность № 2.1.45 от 14.03.2019",
    );
    s.fill(LEFT, 28.5, WIDTH, 0.6, [20, 60, 120]);
    let no = format!(
        "ДМС-{}-{:06}",
        case.doc_date.format("%y"),
        rng.random_range(1..999_999)
    );
    let mut y = heading(
        &mut s,
        40.0,
        &[
            ("ПОЛИС добровольного медицинского страхования", 13.0, true),
            ("MEDICAL INSURANCE POLICY", 12.0, true),
            (&format!("№ {no}"), 11.0, false),
        ],
    );
    let start = case.application_date;
    let rows = vec![
        ("Застрахованный / Insured person".to_string(), name_both(p)),
        (
            "Дата рождения / Date of birth".to_string(),
            d_dot(p.date_of_birth),
        ),
        (
            "Паспорт / Passport No.".to_string(),
            p.passport_number.clone(),
        ),
        (
            "Гражданство / Nationality".to_string(),
            p.nationality.clone(),
        ),
        (
            "Страхователь / Policyholder".to_string(),
            format!("{} (БИН {})", case.company.name_cyr, case.company.bin),
        ),
        (
            "Срок страхования / Period of insurance".to_string(),
            format!("с {} по {}", d_dot(start), d_dot(case.valid_until)),
        ),
        (
            "Территория / Territory".to_string(),
            "Республика Казахстан / Republic of Kazakhstan".to_string(),
        ),
        (
            "Страховая сумма / Sum insured".to_string(),
            "5 000 000 тенге / KZT".to_string(),
        ),
        (
            "Программа / Programme".to_string(),
            "Экстренная медицинская помощь, амбулаторное и стационарное лечение".to_string(),
        ),
        (
            "Дата выдачи / Date of issue".to_string(),
            d_dot(case.doc_date.min(start)),
        ),
    ];
    y = table(&mut s, LEFT, y + 6.0, WIDTH, 68.0, 10.5, &rows);
    y += 8.0;
    y = s.para(
        LEFT,
        y,
        WIDTH,
        9.0,
        FontKind::Sans,
        "Круглосуточный сервисный центр / 24-hour assistance: +7 (727) 300-00-00. Полис действует \
         на условиях Правил добровольного медицинского страхования страховщика.",
    );
    y += 14.0;
    let color = stamp_color(rng);
    let seal = format!("{} * АЛМАТЫ *", insurer.to_uppercase());
    let agent = official(rng).short;
    sign_block(
        &mut s,
        rng,
        y,
        "Представитель страховщика",
        &agent,
        Some((&seal, &["ДЛЯ ПОЛИСОВ"])),
        color,
    );
    s.into_page()
}

/// Certificate on the presence or absence of a criminal record (Kazakhstan e-government
/// style, from the General Prosecutor's Office's legal statistics committee).
pub fn criminal_record(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let mut s = Sheet::a4(fonts);
    let mut y = heading(
        &mut s,
        22.0,
        &[
            ("Қазақстан Республикасы Бас прокуратурасының Құқықтық статистика және арнайы есепке алу жөніндегі комитеті", 9.0, false),
            ("Комитет по правовой статистике и специальным учетам Генеральной прокуратуры Республики Казахстан", 9.0, false),
            ("Сотталғандығының болуы не болмауы туралы АНЫҚТАМА", 13.0, true),
            ("СПРАВКА о наличии либо отсутствии судимости", 13.0, true),
        ],
    );
    let issued = case.doc_date;
    let no = format!("{:08}", rng.random_range(1..99_999_999));
    let rows = vec![
        ("Тегі, аты / Фамилия, имя".to_string(), name_both(p)),
        (
            "Туған күні / Дата рождения".to_string(),
            d_dot(p.date_of_birth),
        ),
        (
            "ЖСН / ИИН".to_string(),
            printed_iin(case, p).unwrap_or_default(),
        ),
        (
            "Азаматтығы / Гражданство".to_string(),
            citizenship_ru(&p.nationality).to_string(),
        ),
        (
            "Құжат / Документ".to_string(),
            format!("Паспорт № {}", p.passport_number),
        ),
    ];
    y = table(&mut s, LEFT, y + 6.0, WIDTH, 70.0, 10.5, &rows);
    y += 9.0;
    y = s.para(
        LEFT,
        y,
        WIDTH,
        11.0,
        FontKind::Serif,
        &format!(
            "Құқықтық статистика және арнайы есепке алу жөніндегі комитеттің ақпараттық есептерінде \
             {} {} сотталғандығы туралы мәліметтер жоқ.",
            p.surname_cyr, p.given_names_cyr
        ),
    );
    y += 3.0;
    y = s.para(
        LEFT,
        y,
        WIDTH,
        11.0,
        FontKind::Serif,
        &format!(
            "По данным информационных учетов Комитета по правовой статистике и специальным учетам \
             сведения о судимости {} {} отсутствуют.",
            p.surname_cyr, p.given_names_cyr
        ),
    );
    y += 6.0;
    s.text(
        LEFT,
        y,
        10.0,
        FontKind::Sans,
        &format!("Анықтама нөмірі / Номер справки: {no}"),
    );
    y += 6.0;
    s.text(
        LEFT,
        y,
        10.0,
        FontKind::Sans,
        &format!("Берілген күні / Дата выдачи: {}", d_ru(issued)),
    );
    y += 6.0;
    let until = issued.checked_add_days(Days::new(30)).unwrap_or(issued);
    s.text(
        LEFT,
        y,
        10.0,
        FontKind::Sans,
        &format!("Жарамдылық мерзімі / Действительна до: {}", d_dot(until)),
    );
    qr(&mut s, rng, RIGHT - 35.0, y + 12.0, 35.0);
    s.into_page()
}
