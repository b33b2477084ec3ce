//! Further kinds of schemas/kinds.toml: the photograph, a copy of the current visa (MRV-A
//! sticker with its MRZ), the inviting party's request letter, the temporary and permanent
//! residence application forms, the statement of accommodation and the work permit.

use chrono::Days;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::draw::{Sheet, BLACK};
use super::layout::{
    company_sign, heading, letterhead, lines, sign_block, stamp_color, table, LEFT, RIGHT, WIDTH,
};
use super::mrz::{self, MrzData};
use super::passport::{mrz_line, photo as photo_box, printed_iin};
use super::util::{citizenship_ru, d_dot, d_ru};
use super::{FontKind, Fonts, Page};
use crate::case::Case;

/// A 3.5 × 4.5 cm photograph, scanned on a small white margin.
pub fn photo(_case: &Case, fonts: &Fonts, _rng: &mut ChaCha8Rng) -> Page {
    let mut s = Sheet::new(fonts, 51.0, 61.0);
    photo_box(&mut s, 8.0, 8.0, 35.0, 45.0);
    // A photo has no text; the caption on the back is what a clerk writes.
    s.text(8.0, 58.0, 6.0, FontKind::Sans, "35 x 45 mm");
    s.into_page()
}

/// The current Kazakhstan visa (MRV-A sticker, 120 × 80 mm) as pasted in the passport.
pub fn visa_copy(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let (m, w, h) = (8.0, 120.0, 80.0);
    let mut s = Sheet::new(fonts, w + 2.0 * m, h + 2.0 * m);
    s.fill(m, m, w, h, [246, 250, 244]);
    s.guilloche(rng, m, m + 1.0, w, h - 22.0, [204, 228, 206]);
    s.rect(m, m, w, h, 0.15, [190, 200, 190]);
    let number = format!("{:09}", rng.random_range(1..999_999_999u32));
    let from = case
        .as_of
        .checked_sub_days(Days::new(rng.random_range(40..80)))
        .unwrap_or(case.as_of);
    let until = case
        .application_date
        .checked_add_days(Days::new(rng.random_range(10..25)))
        .unwrap_or(case.as_of);
    s.text(
        m + 4.0,
        m + 6.0,
        7.5,
        FontKind::SansBold,
        "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ / REPUBLIC OF KAZAKHSTAN",
    );
    s.text(m + 4.0, m + 10.5, 7.0, FontKind::Sans, "ВИЗА / VISA");
    s.text(m + 90.0, m + 10.5, 9.0, FontKind::SansBold, &number);
    photo_box(&mut s, m + 4.0, m + 14.0, 24.0, 32.0);
    let x = m + 32.0;
    let field = |s: &mut Sheet, x: f32, y: f32, label: &str, value: &str| {
        s.text_in(x, y - 3.2, 5.0, FontKind::Sans, label, [70, 70, 80], true);
        s.text(x, y, 8.0, FontKind::SansBold, value);
    };
    field(&mut s, x, m + 18.0, "Жарамды / Valid from", &d_dot(from));
    field(&mut s, x + 30.0, m + 18.0, "Дейін / Until", &d_dot(until));
    field(&mut s, x + 58.0, m + 18.0, "Кіру / Entries", "MULT");
    field(&mut s, x, m + 25.0, "Түрі / Type", "B3");
    field(
        &mut s,
        x + 30.0,
        m + 25.0,
        "Берілген орны / Issued in",
        "ALMATY",
    );
    field(&mut s, x, m + 32.0, "Тегі, аты / Name", &p.full_name());
    field(
        &mut s,
        x,
        m + 39.0,
        "Паспорт / Passport",
        &p.passport_number,
    );
    field(
        &mut s,
        x + 30.0,
        m + 39.0,
        "Туған күні / Date of birth",
        &d_dot(p.date_of_birth),
    );
    field(
        &mut s,
        x,
        m + 46.0,
        "Шақырушы / Inviting party",
        &case.company.name,
    );
    s.fill(m + 0.2, m + h - 21.0, w - 0.4, 20.8, [252, 252, 252]);
    let lines = mrz::mrv_a(&MrzData {
        doc_type: "V",
        issuing_state: "KAZ",
        surname: &p.surname,
        given_names: &p.given_names,
        number: &number,
        nationality: &p.nationality,
        birth: p.date_of_birth,
        sex: p.sex,
        expiry: until,
        personal: "",
        bad_check_digit: false,
    });
    let mx = m + (w - 44.0 * 2.54) / 2.0;
    mrz_line(&mut s, mx, m + h - 12.0, &lines[0]);
    mrz_line(&mut s, mx, m + h - 5.0, &lines[1]);
    s.into_page()
}

/// The inviting party's request letter (ходатайство) to the migration service.
pub fn request_letter(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
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
    s.right(
        RIGHT,
        y + 12.0,
        10.5,
        FontKind::Sans,
        "Начальнику Департамента",
    );
    s.right(RIGHT, y + 17.0, 10.5, FontKind::Sans, "миграционной службы");
    y += 32.0;
    y = heading(&mut s, y, &[("ХОДАТАЙСТВО", 15.0, true)]);
    y += 4.0;
    let body = format!(
        "{} (БИН {}) просит продлить срок пребывания в Республике Казахстан и выдать визу \
         категории B3 гражданину (гражданке) {} {} {} ({}), {} года рождения, паспорт № {}, \
         работающему в товариществе по трудовому договору, на срок до {}. Товарищество гарантирует \
         соблюдение приглашённым лицом законодательства Республики Казахстан и его своевременный \
         выезд по окончании разрешённого срока пребывания.",
        c.name_cyr,
        c.bin,
        citizenship_ru(&p.nationality),
        p.surname_cyr,
        p.given_names_cyr,
        p.full_name(),
        d_dot(p.date_of_birth),
        p.passport_number,
        d_dot(case.valid_until)
    );
    y = s.para_justified(LEFT, y, WIDTH, 11.0, FontKind::Serif, &body);
    y += 20.0;
    company_sign(&mut s, rng, y, c);
    s.into_page()
}

/// Application form for a temporary (`permanent` = false) or permanent residence permit.
fn residence_form(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng, permanent: bool) -> Page {
    let p = &case.applicant;
    let mut s = Sheet::a4(fonts);
    let (kk, ru) = if permanent {
        (
            "Тұрақты тұруға рұқсат алу үшін ӨТІНІШ",
            "ЗАЯВЛЕНИЕ о выдаче разрешения на постоянное проживание",
        )
    } else {
        (
            "Уақытша тұруға рұқсат алу үшін ӨТІНІШ",
            "ЗАЯВЛЕНИЕ о выдаче разрешения на временное проживание",
        )
    };
    s.right(
        RIGHT,
        16.0,
        8.5,
        FontKind::Sans,
        "Департамент миграционной службы",
    );
    photo_box(&mut s, LEFT, 14.0, 35.0, 45.0);
    s.rect(LEFT, 14.0, 35.0, 45.0, 0.3, BLACK);
    let mut y = heading(&mut s, 72.0, &[(kk, 12.0, true), (ru, 12.0, true)]);
    let c = &case.company;
    let rows = vec![
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
            "Туған жері / Место рождения".to_string(),
            p.place_of_birth_cyr.clone(),
        ),
        (
            "Азаматтығы / Гражданство".to_string(),
            citizenship_ru(&p.nationality).to_string(),
        ),
        (
            "ЖСН / ИИН".to_string(),
            printed_iin(case, p).unwrap_or_default(),
        ),
        (
            "Паспорт № / Паспорт №".to_string(),
            format!(
                "{}, выдан {}, действителен до {}",
                p.passport_number,
                d_dot(p.passport_issued),
                d_dot(p.passport_expires)
            ),
        ),
        ("Мекенжайы / Адрес".to_string(), c.address.clone()),
        (
            "Негіздеме / Основание".to_string(),
            format!("Трудовая деятельность, {}", c.name_cyr),
        ),
        (
            "Мерзімі / Срок".to_string(),
            if permanent {
                "Постоянно".to_string()
            } else {
                format!("до {}", d_dot(case.valid_until))
            },
        ),
    ];
    y = table(&mut s, LEFT, y + 5.0, WIDTH, 70.0, 10.5, &rows);
    y += 8.0;
    s.text(
        LEFT,
        y,
        10.5,
        FontKind::Sans,
        &format!("Күні / Дата: {}", d_ru(case.application_date)),
    );
    y += 14.0;
    sign_block(
        &mut s,
        rng,
        y,
        "Өтініш беруші / Заявитель",
        &p.full_name(),
        None,
        BLACK,
    );
    s.into_page()
}

/// Temporary residence permit application form.
pub fn trp_application_form(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    residence_form(case, fonts, rng, false)
}

/// Permanent residence permit application form.
pub fn prp_application_form(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    residence_form(case, fonts, rng, true)
}

/// Statement of accommodation: the company confirms where the applicant lives.
pub fn accommodation_statement(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let c = &case.company;
    let mut s = Sheet::a4(fonts);
    let mut y = letterhead(&mut s, c);
    y = heading(
        &mut s,
        y + 12.0,
        &[
            ("СПРАВКА", 15.0, true),
            ("о месте проживания (пребывания) иностранца", 11.0, false),
        ],
    );
    y += 4.0;
    let rows = vec![
        (
            "Фамилия, имя:".to_string(),
            format!(
                "{} {} / {}",
                p.surname_cyr,
                p.given_names_cyr,
                p.full_name()
            ),
        ),
        ("Дата рождения:".to_string(), d_dot(p.date_of_birth)),
        ("Паспорт №:".to_string(), p.passport_number.clone()),
        ("Адрес проживания:".to_string(), c.address.clone()),
        (
            "Срок проживания:".to_string(),
            format!(
                "с {} по {}",
                d_dot(case.application_date),
                d_dot(case.valid_until)
            ),
        ),
    ];
    y = lines(&mut s, LEFT, y, 45.0, 11.0, &rows);
    y += 6.0;
    s.text(
        LEFT,
        y,
        10.5,
        FontKind::Sans,
        &format!(
            "Справка выдана {} для представления в органы миграционной службы.",
            d_ru(case.doc_date)
        ),
    );
    company_sign(&mut s, rng, y + 22.0, c);
    s.into_page()
}

/// Work permit issued to the employer for the applicant (local executive body).
pub fn work_permit(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let c = &case.company;
    let mut s = Sheet::a4(fonts);
    let no = format!("{:06}", rng.random_range(1..999_999));
    let mut y = heading(
        &mut s,
        24.0,
        &[
            (
                "Жергілікті атқарушы орган / Местный исполнительный орган",
                9.5,
                false,
            ),
            ("Шетелдік жұмыс күшін тартуға РҰҚСАТ", 12.5, true),
            (
                "РАЗРЕШЕНИЕ на привлечение иностранной рабочей силы",
                12.5,
                true,
            ),
            (&format!("№ {no}"), 11.0, false),
        ],
    );
    let rows = vec![
        (
            "Жұмыс беруші / Работодатель".to_string(),
            format!("{} (БИН {})", c.name_cyr, c.bin),
        ),
        (
            "Шетелдік / Иностранец".to_string(),
            format!(
                "{} {} / {}",
                p.surname_cyr,
                p.given_names_cyr,
                p.full_name()
            ),
        ),
        (
            "Азаматтығы / Гражданство".to_string(),
            citizenship_ru(&p.nationality).to_string(),
        ),
        ("Паспорт №".to_string(), p.passport_number.clone()),
        ("Лауазымы / Должность".to_string(), "специалист".to_string()),
        ("Жұмыс орны / Место работы".to_string(), c.address.clone()),
        (
            "Мерзімі / Срок действия".to_string(),
            format!(
                "с {} по {}",
                d_dot(case.application_date),
                d_dot(case.valid_until)
            ),
        ),
        (
            "Берілген күні / Дата выдачи".to_string(),
            d_dot(case.doc_date),
        ),
    ];
    y = table(&mut s, LEFT, y + 6.0, WIDTH, 70.0, 10.5, &rows);
    let color = stamp_color(rng);
    sign_block(
        &mut s,
        rng,
        y + 22.0,
        "Басшы / Руководитель",
        "Ахметов Б.С.",
        Some(("ҚАЛА ӘКІМДІГІ * АКИМАТ ГОРОДА *", &["ЖҰМЫСПЕН", "ҚАМТУ"])),
        color,
    );
    s.into_page()
}
