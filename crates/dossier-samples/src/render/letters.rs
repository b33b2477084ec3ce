//! Letters and contracts of the inviting company: the letter of invitation and the
//! employment contract (two pages), on the company's letterhead, signed and sealed.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::draw::Sheet;
use super::layout::{company_sign, heading, letterhead, lines, sign_block, LEFT, RIGHT, WIDTH};
use super::util::{citizenship_ru, d_dot, d_ru};
use super::{FontKind, Fonts, Page};
use crate::case::Case;

/// Letter of invitation to the migration service.
pub fn invitation_letter(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let c = &case.company;
    let mut s = Sheet::a4(fonts);
    let mut y = letterhead(&mut s, c);
    let out_no = format!(
        "Исх. № {}/{}",
        rng.random_range(10..900),
        case.doc_date.format("%y")
    );
    s.text(
        LEFT,
        y + 2.0,
        10.0,
        FontKind::Sans,
        &format!("{out_no} от {}", d_dot(case.doc_date)),
    );
    let police = if c.address.contains("Алматы") {
        "Департамента полиции города Алматы"
    } else {
        "Департамента полиции города Астаны"
    };
    let addressee = ["В Департамент миграционной службы", police];
    for (i, a) in addressee.iter().enumerate() {
        s.right(RIGHT, y + 12.0 + i as f32 * 5.0, 10.5, FontKind::Sans, a);
    }
    y += 32.0;
    y = heading(
        &mut s,
        y,
        &[
            ("ПРИГЛАШЕНИЕ", 15.0, true),
            ("LETTER OF INVITATION", 11.0, false),
        ],
    );
    y += 4.0;
    let purpose = [
        "трудовой деятельности",
        "деловых переговоров",
        "монтажа и наладки оборудования",
    ][rng.random_range(0..3)];
    let body = format!(
        "{} (БИН {}) приглашает в Республику Казахстан гражданина (гражданку) {}:",
        c.name_cyr,
        c.bin,
        citizenship_ru(&p.nationality)
    );
    y = s.para_justified(LEFT, y, WIDTH, 11.0, FontKind::Serif, &body);
    y += 3.0;
    let rows = vec![
        (
            "Фамилия, имя:".to_string(),
            format!("{} {}", p.surname_cyr, p.given_names_cyr),
        ),
        ("Surname, given names:".to_string(), p.full_name()),
        ("Дата рождения:".to_string(), d_dot(p.date_of_birth)),
        (
            "Паспорт №:".to_string(),
            format!(
                "{} (действителен до {})",
                p.passport_number,
                d_dot(p.passport_expires)
            ),
        ),
        ("Цель поездки:".to_string(), purpose.to_string()),
        (
            "Срок пребывания:".to_string(),
            format!(
                "с {} по {}",
                d_dot(case.application_date),
                d_dot(case.valid_until)
            ),
        ),
        ("Адрес пребывания:".to_string(), c.address.clone()),
    ];
    y = lines(&mut s, LEFT + 5.0, y, 48.0, 11.0, &rows);
    y += 3.0;
    y = s.para_justified(
        LEFT,
        y,
        WIDTH,
        11.0,
        FontKind::Serif,
        "Принимающая сторона гарантирует обеспечение приглашённого лица жильём, медицинским \
         страхованием на весь срок пребывания, своевременную регистрацию и выезд из Республики \
         Казахстан по окончании срока пребывания, а также возмещение расходов, связанных с его \
         выдворением, в случае нарушения законодательства Республики Казахстан.",
    );
    y += 16.0;
    company_sign(&mut s, rng, y, c);
    s.into_page()
}

/// Employment contract between the company and the applicant, two pages.
pub fn employment_contract(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Vec<Page> {
    let p = &case.applicant;
    let c = &case.company;
    let no = format!("{}-ТД", rng.random_range(10..400));
    let position = [
        "инженер-проектировщик",
        "главный специалист",
        "технический консультант",
        "менеджер проекта",
    ][rng.random_range(0..4)];
    let salary = rng.random_range(80..400) * 10_000;
    let city = if c.address.contains("Алматы") {
        "г. Алматы"
    } else {
        "г. Астана"
    };
    let emp = format!("{} {}", p.surname_cyr, p.given_names_cyr);

    let mut s = Sheet::a4(fonts);
    let mut y = heading(
        &mut s,
        25.0,
        &[(&format!("ТРУДОВОЙ ДОГОВОР № {no}"), 15.0, true)],
    );
    s.text(LEFT, y + 2.0, 10.5, FontKind::Sans, city);
    s.right(RIGHT, y + 2.0, 10.5, FontKind::Sans, &d_ru(case.doc_date));
    y += 12.0;
    let intro = format!(
        "{}, БИН {}, в лице директора {}, действующего на основании Устава, именуемое в дальнейшем \
         «Работодатель», с одной стороны, и гражданин (гражданка) {} {} ({}), {} года рождения, \
         паспорт № {}, именуемый в дальнейшем «Работник», с другой стороны, заключили настоящий \
         трудовой договор о нижеследующем:",
        c.name_cyr,
        c.bin,
        c.head_cyr,
        citizenship_ru(&p.nationality),
        emp,
        p.full_name(),
        d_dot(p.date_of_birth),
        p.passport_number
    );
    y = s.para_justified(LEFT, y, WIDTH, 10.5, FontKind::Serif, &intro);
    let sections: Vec<(String, String)> = vec![
        ("1. Предмет договора".into(), format!(
            "1.1. Работник принимается на должность «{position}». 1.2. Место работы: {}. \
             1.3. Договор заключён на определённый срок с {} по {}. 1.4. Работник приступает к \
             работе после получения разрешения на трудовую деятельность в Республике Казахстан.",
            c.address, d_dot(case.application_date), d_dot(case.valid_until))),
        ("2. Оплата труда".into(), format!(
            "2.1. Работнику устанавливается должностной оклад в размере {} тенге в месяц. \
             2.2. Заработная плата выплачивается не реже одного раза в месяц не позднее 10 числа \
             месяца, следующего за расчётным, путём перечисления на банковский счёт Работника.",
            format_tenge(salary))),
        ("3. Рабочее время и время отдыха".into(),
            "3.1. Работнику устанавливается пятидневная рабочая неделя продолжительностью 40 часов. \
             3.2. Работнику предоставляется ежегодный оплачиваемый трудовой отпуск продолжительностью \
             24 календарных дня.".into()),
        ("4. Обязанности сторон".into(),
            "4.1. Работник обязуется добросовестно выполнять трудовые обязанности, соблюдать трудовую \
             дисциплину, требования по охране труда и законодательство Республики Казахстан. \
             4.2. Работодатель обязуется обеспечить Работника работой, обусловленной договором, \
             своевременно выплачивать заработную плату, обеспечить медицинское страхование и \
             регистрацию Работника по месту пребывания.".into()),
    ];
    for (h, t) in &sections {
        y += 4.0;
        s.text(LEFT, y, 11.0, FontKind::SansBold, h);
        y += 5.5;
        y = s.para_justified(LEFT, y, WIDTH, 10.5, FontKind::Serif, t);
    }
    s.right(RIGHT, 285.0, 9.0, FontKind::Sans, "Страница 1 из 2");
    let page1 = s.into_page();

    let mut s = Sheet::a4(fonts);
    let mut y = 25.0;
    for (h, t) in [
        ("5. Ответственность сторон", "5.1. Стороны несут ответственность за неисполнение или ненадлежащее исполнение обязательств по настоящему договору в соответствии с Трудовым кодексом Республики Казахстан."),
        ("6. Прекращение договора", "6.1. Договор может быть прекращён по основаниям, предусмотренным Трудовым кодексом Республики Казахстан. 6.2. Договор составлен в двух экземплярах на русском языке, имеющих одинаковую юридическую силу, по одному для каждой из сторон."),
    ] {
        s.text(LEFT, y, 11.0, FontKind::SansBold, h);
        y += 5.5;
        y = s.para_justified(LEFT, y, WIDTH, 10.5, FontKind::Serif, t);
        y += 4.0;
    }
    y += 4.0;
    s.text(
        LEFT,
        y,
        11.0,
        FontKind::SansBold,
        "7. Реквизиты и подписи сторон",
    );
    y += 8.0;
    let col2 = 112.0;
    s.text(LEFT, y, 10.5, FontKind::SansBold, "Работодатель:");
    s.text(col2, y, 10.5, FontKind::SansBold, "Работник:");
    y += 6.0;
    let left = [
        c.name_cyr.clone(),
        format!("БИН {}", c.bin),
        c.address.clone(),
    ];
    let right = [
        emp.clone(),
        p.full_name(),
        format!("Паспорт № {}", p.passport_number),
        format!("Дата рождения: {}", d_dot(p.date_of_birth)),
    ];
    let mut yl = y;
    for l in &left {
        yl = s.para(LEFT, yl, 80.0, 10.0, FontKind::Sans, l);
    }
    let mut yr = y;
    for l in &right {
        yr = s.para(col2, yr, 80.0, 10.0, FontKind::Sans, l);
    }
    y = yl.max(yr) + 26.0;
    y = company_sign(&mut s, rng, y, c);
    sign_block(&mut s, rng, y + 6.0, "Работник", &emp, None, [0, 0, 0]);
    s.right(RIGHT, 285.0, 9.0, FontKind::Sans, "Страница 2 из 2");
    vec![page1, s.into_page()]
}

/// "1250000" → "1 250 000".
pub(super) fn format_tenge(n: u32) -> String {
    let d = n.to_string();
    let mut out = String::new();
    for (i, ch) in d.chars().enumerate() {
        if i > 0 && (d.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn tenge_groups_thousands() {
        assert_eq!(super::format_tenge(1_250_000), "1 250 000");
        assert_eq!(super::format_tenge(950), "950");
    }
}
