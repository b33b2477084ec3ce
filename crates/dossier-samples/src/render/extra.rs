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
use super::passport::{mrz_line, photo as photo_box, photo_on, printed_iin};
use super::util::{citizenship_ru, d_dot, d_ru};
use super::{FontKind, Fonts, Layout, Page};
use crate::case::Case;

/// A 3.5 × 4.5 cm photograph, scanned on a small white margin.
///
/// Family `b`: two prints side by side as a studio cuts them from a strip, with cut
/// marks and the studio's line; `c` (held back): one print on a pale blue background,
/// the head larger, the caption above.
pub fn photo(_case: &Case, fonts: &Fonts, _rng: &mut ChaCha8Rng) -> Page {
    match fonts.layout {
        Layout::A => {}
        Layout::B => {
            let mut s = Sheet::new(fonts, 92.0, 63.0);
            for i in 0..2 {
                let x = 8.0 + i as f32 * 40.0;
                photo_on(&mut s, x, 8.0, 35.0, 45.0, [238, 238, 236], 1.1);
                for (cx, cy) in [(x, 8.0), (x + 35.0, 8.0), (x, 53.0), (x + 35.0, 53.0)] {
                    s.hline(cx - 1.5, cx + 1.5, cy, 0.1);
                    s.vline(cx, cy - 1.5, cy + 1.5, 0.1);
                }
            }
            s.text(
                8.0,
                58.5,
                6.0,
                FontKind::Sans,
                "Фото на документы 3,5 x 4,5 см",
            );
            return s.into_page();
        }
        Layout::C => {
            let mut s = Sheet::new(fonts, 51.0, 63.0);
            s.text(8.0, 6.0, 6.0, FontKind::Sans, "Фото / Photo 35 x 45");
            photo_on(&mut s, 8.0, 10.0, 35.0, 45.0, [214, 228, 242], 1.15);
            s.rect(8.0, 10.0, 35.0, 45.0, 0.15, [180, 190, 200]);
            return s.into_page();
        }
    }
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
    if fonts.layout != Layout::A {
        return visa_copy_bc(s, case, &number, from, until);
    }
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

/// The visa sticker of families `b` and `c` on the sheet family `a` started (tint,
/// guilloche, border), the same values and MRZ.
///
/// `b`: the photo on the right, the number top left in red, the fields in a ruled grid,
/// labels English first ("VALID FROM / ЖАРАМДЫ"). `c` (held back): a larger photo on
/// the left, the title "КІРУ ВИЗАСЫ / ВЪЕЗДНАЯ ВИЗА / ENTRY VISA", the fields in another
/// order (name and passport first, then validity) under three-language labels.
fn visa_copy_bc(
    mut s: Sheet,
    case: &Case,
    number: &str,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> Page {
    let p = &case.applicant;
    let (m, w, h) = (8.0, 120.0, 80.0);
    let lab_c = [70, 70, 80];
    let field = |s: &mut Sheet, x: f32, y: f32, right: f32, label: &str, value: &str| {
        let mut l = 5.0;
        while l > 3.6 && x + s.width(l, FontKind::Sans, label) > right {
            l -= 0.2;
        }
        s.text_in(x, y - 3.2, l, FontKind::Sans, label, lab_c, true);
        let mut pt = 8.0;
        while pt > 5.5 && x + s.width(pt, FontKind::SansBold, value) > right {
            pt -= 0.25;
        }
        s.text(x, y, pt, FontKind::SansBold, value);
    };
    let (from, until_s, dob) = (d_dot(from), d_dot(until), d_dot(p.date_of_birth));
    let name = p.full_name();
    if s.fonts.layout == Layout::B {
        s.text(
            m + 4.0,
            m + 6.0,
            7.5,
            FontKind::SansBold,
            "REPUBLIC OF KAZAKHSTAN / ҚАЗАҚСТАН РЕСПУБЛИКАСЫ",
        );
        s.text(m + 4.0, m + 10.5, 7.0, FontKind::Sans, "VISA / ВИЗА");
        s.text_in(
            m + 40.0,
            m + 10.5,
            9.0,
            FontKind::SansBold,
            number,
            [170, 30, 40],
            true,
        );
        photo_box(&mut s, m + w - 28.0, m + 13.0, 24.0, 32.0);
        let (x, r) = (m + 4.0, m + w - 31.0);
        let cw = (r - x) / 3.0;
        let grid = [
            ("VALID FROM / ЖАРАМДЫ", from.as_str(), 0, 0, 1),
            ("UNTIL / ДЕЙІН", until_s.as_str(), 0, 1, 1),
            ("ENTRIES / КІРУ", "MULT", 0, 2, 1),
            ("TYPE / ТҮРІ", "B3", 1, 0, 1),
            ("ISSUED IN / БЕРІЛГЕН ОРНЫ", "ALMATY", 1, 1, 2),
            ("NAME / ТЕГІ, АТЫ", name.as_str(), 2, 0, 3),
            ("PASSPORT / ПАСПОРТ", p.passport_number.as_str(), 3, 0, 1),
            ("DATE OF BIRTH / ТУҒАН КҮНІ", dob.as_str(), 3, 1, 2),
            (
                "INVITING PARTY / ШАҚЫРУШЫ",
                case.company.name.as_str(),
                4,
                0,
                3,
            ),
        ];
        for (label, value, row, col, span) in grid {
            let (cx, cy) = (x + col as f32 * cw, m + 13.0 + row as f32 * 7.4);
            s.rect(cx, cy, cw * span as f32, 7.4, 0.12, [150, 170, 150]);
            field(
                &mut s,
                cx + 1.0,
                cy + 6.3,
                cx + cw * span as f32 - 1.0,
                label,
                value,
            );
        }
    } else {
        s.text(
            m + 4.0,
            m + 6.0,
            6.5,
            FontKind::SansBold,
            "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ / РЕСПУБЛИКА КАЗАХСТАН / REPUBLIC OF KAZAKHSTAN",
        );
        s.text(
            m + 4.0,
            m + 10.5,
            7.5,
            FontKind::SansBold,
            "КІРУ ВИЗАСЫ / ВЪЕЗДНАЯ ВИЗА / ENTRY VISA",
        );
        s.text(
            m + w - 4.0 - s.width(9.0, FontKind::SansBold, number),
            m + 10.5,
            9.0,
            FontKind::SansBold,
            number,
        );
        photo_box(&mut s, m + 4.0, m + 13.0, 27.0, 35.0);
        let (x, r) = (m + 35.0, m + w - 4.0);
        let mid = x + 42.0;
        let rows = [
            ("Тегі, аты / Фамилия, имя / Name", name.as_str(), x, r, 0),
            (
                "Паспорт / Паспорт / Passport",
                p.passport_number.as_str(),
                x,
                mid - 2.0,
                1,
            ),
            (
                "Туған күні / Дата рождения / Date of birth",
                dob.as_str(),
                mid,
                r,
                1,
            ),
            (
                "Жарамды / Действительна с / Valid from",
                from.as_str(),
                x,
                mid - 2.0,
                2,
            ),
            ("Дейін / По / Until", until_s.as_str(), mid, r, 2),
            ("Түрі / Категория / Type", "B3", x, x + 18.0, 3),
            ("Кіру / Въезды / Entries", "MULT", x + 20.0, mid - 2.0, 3),
            (
                "Берілген орны / Место выдачи / Issued in",
                "ALMATY",
                mid,
                r,
                3,
            ),
            (
                "Шақырушы / Приглашающая сторона / Inviting party",
                case.company.name.as_str(),
                x,
                r,
                4,
            ),
        ];
        for (label, value, fx, fr, row) in rows {
            field(&mut s, fx, m + 18.0 + row as f32 * 7.0, fr, label, value);
        }
    }
    s.fill(m + 0.2, m + h - 21.0, w - 0.4, 20.8, [252, 252, 252]);
    let lines = mrz::mrv_a(&MrzData {
        doc_type: "V",
        issuing_state: "KAZ",
        surname: &p.surname,
        given_names: &p.given_names,
        number,
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
