//! Filled-in forms: the state-fee payment receipt, the visa application form with its
//! 3.5 × 4.5 cm photo box, the notification of arrival and the consent to the processing
//! of personal data.

use chrono::Days;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::draw::{Sheet, BLACK, GREY};
use super::layout::{company_sign, heading, sign_block, stamp_color, LEFT, RIGHT, WIDTH};
use super::passport::{photo, printed_iin};
use super::util::{citizenship_ru, d_dot, d_ru};
use super::{FontKind, Fonts, Layout, Page};
use crate::case::Case;

/// A boxed form field: small label at `y`, the value in a ruled box below it.
fn boxed(s: &mut Sheet, x: f32, y: f32, w: f32, label: &str, value: &str) {
    s.text_in(x, y, 8.0, FontKind::Sans, label, [60, 60, 70], true);
    s.rect(x, y + 1.5, w, 7.5, 0.2, GREY);
    let mut v = value.to_string();
    // Forms have fixed boxes: shrink long values rather than overflow.
    let mut pt = 10.5;
    while s.width(pt, FontKind::SansBold, &v) > w - 3.0 && pt > 7.0 {
        pt -= 0.5;
    }
    if s.width(pt, FontKind::SansBold, &v) > w - 3.0 {
        v = s
            .wrap(w - 3.0, pt, FontKind::SansBold, &v)
            .into_iter()
            .next()
            .unwrap_or_default();
    }
    s.text(x + 1.5, y + 7.0, pt, FontKind::SansBold, &v);
}

/// Receipt of payment of the state fee (bank terminal / online banking style).
pub fn payment_receipt(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    // A narrow receipt on an A5 sheet, as printed from a bank's app.
    let mut s = Sheet::new(fonts, 148.0, 210.0);
    let bank = [
        "АО «Kaspi Bank»",
        "АО «Халык Банк»",
        "АО «Банк ЦентрКредит»",
    ][rng.random_range(0..3)];
    let x = 14.0;
    let w = 120.0;
    s.center(74.0, 18.0, 12.0, FontKind::SansBold, bank);
    s.center(74.0, 26.0, 13.0, FontKind::SansBold, "КВИТАНЦИЯ / ТҮБІРТЕК");
    s.center(
        74.0,
        32.0,
        10.0,
        FontKind::Sans,
        "об оплате государственной пошлины",
    );
    let fee = [4_325u32, 8_650, 12_975][rng.random_range(0..3)];
    let txn = format!("{:012}", rng.random_range(1u64..999_999_999_999));
    let paid = case
        .application_date
        .checked_sub_days(Days::new(rng.random_range(0..5)))
        .unwrap_or(case.application_date);
    let rows: Vec<(&str, String)> = vec![
        ("Номер квитанции", txn),
        (
            "Дата и время",
            format!(
                "{} {:02}:{:02}",
                d_dot(paid),
                rng.random_range(9..19),
                rng.random_range(0..60)
            ),
        ),
        ("Плательщик", format!("{} {}", p.surname, p.given_names)),
        ("ИИН плательщика", printed_iin(case, p).unwrap_or_default()),
        (
            "Получатель",
            "РГУ «Управление государственных доходов по Медеускому району»".to_string(),
        ),
        ("БИН получателя", "081240013779".to_string()),
        ("КБК", "108119".to_string()),
        ("КНП", "911".to_string()),
        (
            "Назначение платежа",
            "Государственная пошлина за выдачу визы Республики Казахстан".to_string(),
        ),
        (
            "Сумма",
            format!("{} тенге", super::letters::format_tenge(fee)),
        ),
        ("Комиссия", "0 тенге".to_string()),
        ("Статус", "Исполнен".to_string()),
    ];
    if fonts.layout != Layout::A {
        return receipt_bc(s, rng, case, bank, fee, paid, rows);
    }
    let mut y = 44.0;
    s.hline(x, x + w, y - 5.0, 0.2);
    for (label, value) in rows {
        s.text(x, y, 9.5, FontKind::Sans, label);
        let vl = s.wrap(w - 48.0, 9.5, FontKind::SansBold, &value);
        for (i, v) in vl.iter().enumerate() {
            s.right(x + w, y + i as f32 * 4.6, 9.5, FontKind::SansBold, v);
        }
        y += 4.6 * vl.len().max(1) as f32 + 3.0;
    }
    s.hline(x, x + w, y - 2.0, 0.2);
    let color = stamp_color(rng);
    s.stamp(
        rng,
        105.0,
        y + 20.0,
        16.0,
        &format!("{} * ОПЛАЧЕНО *", bank.to_uppercase()),
        &["ОПЛАЧЕНО", &d_dot(paid)],
        color,
    );
    s.into_page()
}

/// The receipt of families `b` and `c`, from the rows family `a` prints (the same values).
///
/// `b`: the electronic check of a banking app (Kaspi-style): a narrow 80 mm check, "Чек"
/// and the bank on top, the amount large, "Платеж успешно совершен", then each label
/// small and grey above its value, a QR-like square at the foot. `c` (held back): the
/// payment order of a bank branch, "Платежное поручение / Төлем тапсырмасы № …" on an
/// A4 sheet, a ruled grid: payer and recipient blocks, then a row of КБК / КНП / Сумма
/// cells and the purpose of payment, the bank's stamp.
fn receipt_bc(
    a: Sheet,
    rng: &mut ChaCha8Rng,
    case: &Case,
    bank: &str,
    fee: u32,
    paid: chrono::NaiveDate,
    rows: Vec<(&str, String)>,
) -> Page {
    let fonts = a.fonts;
    let get = |k: &str| {
        rows.iter()
            .find(|r| r.0 == k)
            .map(|r| r.1.clone())
            .unwrap_or_default()
    };
    let sum = get("Сумма");
    let grey = [110, 110, 118];
    if fonts.layout == Layout::B {
        let (w, h) = (80.0, 214.0);
        let mut s = Sheet::new(fonts, w, h);
        let cx = w / 2.0;
        s.center(cx, 14.0, 11.0, FontKind::SansBold, bank);
        s.center(cx, 22.0, 16.0, FontKind::SansBold, "Чек");
        s.center(cx, 28.0, 8.0, FontKind::Sans, "Платеж успешно совершен");
        s.center(
            cx,
            39.0,
            18.0,
            FontKind::SansBold,
            &sum.replace(" тенге", ",00 KZT"),
        );
        s.center(cx, 45.0, 8.0, FontKind::Sans, "Государственная пошлина");
        let x = 7.0;
        let mut y = 55.0;
        s.hline(x, w - x, y - 4.5, 0.15);
        let order = [
            "Дата и время",
            "Номер квитанции",
            "Плательщик",
            "ИИН плательщика",
            "Получатель",
            "БИН получателя",
            "КБК",
            "КНП",
            "Назначение платежа",
            "Комиссия",
            "Статус",
        ];
        for k in order {
            let label = if k == "Номер квитанции" {
                "№ чека"
            } else {
                k
            };
            s.text_in(x, y, 7.0, FontKind::Sans, label, grey, true);
            y += 3.9;
            for v in s.wrap(w - 2.0 * x, 8.5, FontKind::SansBold, &get(k)) {
                s.text(x, y, 8.5, FontKind::SansBold, &v);
                y += 3.9;
            }
            y += 1.8;
        }
        // A QR code's place: a square of fixed cells drawn from the rng.
        let (qx, qy, cell) = (cx - 12.0, y + 2.0, 1.0);
        for i in 0..24 {
            for j in 0..24 {
                let corner = !((7..=16).contains(&i) || (7..=16).contains(&j) || i > 16 && j > 16);
                let on = if corner {
                    let (a, b) = (i % 17, j % 17);
                    a == 0
                        || a == 6
                        || b == 0
                        || b == 6
                        || ((2..5).contains(&a) && (2..5).contains(&b))
                } else {
                    rng.random_bool(0.5)
                };
                if on {
                    s.fill(
                        qx + i as f32 * cell,
                        qy + j as f32 * cell,
                        cell,
                        cell,
                        BLACK,
                    );
                }
            }
        }
        s.center(
            cx,
            qy + 29.0,
            7.0,
            FontKind::Sans,
            "Проверить чек: отсканируйте QR",
        );
        return s.into_page();
    }
    let mut s = Sheet::a4(fonts);
    let no = rng.random_range(1..999u32);
    s.text(LEFT, 20.0, 9.0, FontKind::Sans, bank);
    s.center(
        105.0,
        32.0,
        13.0,
        FontKind::SansBold,
        &format!("Платежное поручение / Төлем тапсырмасы № {no}"),
    );
    s.center(
        105.0,
        38.0,
        10.0,
        FontKind::Sans,
        &format!("от {}", d_dot(paid)),
    );
    let rule = GREY;
    let cell = |s: &mut Sheet, x: f32, y: f32, w: f32, h: f32, label: &str, value: &str| {
        s.rect(x, y, w, h, 0.25, rule);
        s.text_in(
            x + 1.5,
            y + 3.5,
            7.5,
            FontKind::Sans,
            label,
            [70, 70, 80],
            true,
        );
        let mut vy = y + 8.0;
        for v in s.wrap(w - 3.0, 9.5, FontKind::SansBold, value) {
            s.text(x + 1.5, vy, 9.5, FontKind::SansBold, &v);
            vy += 4.2;
        }
    };
    let (x, w) = (LEFT, WIDTH);
    let mut y = 46.0;
    cell(
        &mut s,
        x,
        y,
        w * 0.62,
        14.0,
        "Отправитель денег (Плательщик)",
        &get("Плательщик"),
    );
    cell(
        &mut s,
        x + w * 0.62,
        y,
        w * 0.38,
        14.0,
        "ИИН/БИН",
        &get("ИИН плательщика"),
    );
    y += 14.0;
    cell(&mut s, x, y, w * 0.62, 14.0, "Банк плательщика", bank);
    cell(&mut s, x + w * 0.62, y, w * 0.38, 14.0, "Код", "KZ");
    y += 14.0;
    cell(
        &mut s,
        x,
        y,
        w * 0.62,
        18.0,
        "Бенефициар (Получатель)",
        &get("Получатель"),
    );
    cell(
        &mut s,
        x + w * 0.62,
        y,
        w * 0.38,
        18.0,
        "БИН получателя",
        &get("БИН получателя"),
    );
    y += 18.0;
    let third = w / 3.0;
    cell(&mut s, x, y, third, 14.0, "КБК", &get("КБК"));
    cell(&mut s, x + third, y, third, 14.0, "КНП", &get("КНП"));
    cell(
        &mut s,
        x + 2.0 * third,
        y,
        third,
        14.0,
        "Сумма",
        &get("Сумма"),
    );
    y += 14.0;
    cell(
        &mut s,
        x,
        y,
        w,
        18.0,
        "Назначение платежа",
        &get("Назначение платежа"),
    );
    y += 18.0;
    cell(
        &mut s,
        x,
        y,
        w * 0.5,
        14.0,
        "Референс / Номер квитанции",
        &get("Номер квитанции"),
    );
    cell(
        &mut s,
        x + w * 0.5,
        y,
        w * 0.5,
        14.0,
        "Дата и время",
        &get("Дата и время"),
    );
    y += 14.0;
    let total = super::letters::format_tenge(fee);
    s.text(
        x,
        y + 8.0,
        9.5,
        FontKind::Sans,
        &format!("Итого к оплате: {total},00 KZT"),
    );
    s.text(
        x,
        y + 14.0,
        9.5,
        FontKind::Sans,
        &format!("Комиссия: {}  Статус: {}", get("Комиссия"), get("Статус")),
    );
    let p = &case.applicant;
    s.text(x, y + 30.0, 9.5, FontKind::Sans, "Подпись плательщика");
    s.signature(rng, x + 45.0, y + 23.0, 30.0, 8.0);
    s.right(RIGHT, y + 30.0, 9.5, FontKind::Sans, &p.surname);
    let color = stamp_color(rng);
    s.stamp(
        rng,
        150.0,
        y + 52.0,
        17.0,
        &format!("{} * ОПЛАЧЕНО *", bank.to_uppercase()),
        &["ОПЛАЧЕНО", &d_dot(paid)],
        color,
    );
    s.into_page()
}

/// Visa application form, bilingual Russian / English, with the 3.5 × 4.5 cm photo box.
pub fn visa_application_form(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Vec<Page> {
    let p = &case.applicant;
    let c = &case.company;
    let mut s = Sheet::a4(fonts);
    s.text(
        LEFT,
        20.0,
        9.0,
        FontKind::Sans,
        "Министерство иностранных дел Республики Казахстан",
    );
    s.text(
        LEFT,
        24.5,
        9.0,
        FontKind::Sans,
        "Ministry of Foreign Affairs of the Republic of Kazakhstan",
    );
    s.text(LEFT, 35.0, 15.0, FontKind::SansBold, "ВИЗОВАЯ АНКЕТА");
    s.text(
        LEFT,
        42.0,
        12.0,
        FontKind::SansBold,
        "VISA APPLICATION FORM",
    );
    // The photo box: exactly 35 × 45 mm, top right.
    let (px0, py0) = (RIGHT - 35.0, 15.0);
    photo(&mut s, px0 + 0.5, py0 + 0.5, 34.0, 44.0);
    s.rect(px0, py0, 35.0, 45.0, 0.3, BLACK);
    s.center(
        px0 + 17.5,
        py0 + 49.0,
        7.5,
        FontKind::Sans,
        "Фото / Photo 3,5 x 4,5 см",
    );
    let mut y = 70.0;
    let full = WIDTH;
    let half = (WIDTH - 5.0) / 2.0;
    let x2 = LEFT + half + 5.0;
    let purpose = "Работа / Work (B3)";
    let rows: Vec<Vec<(f32, f32, String, String)>> = vec![
        vec![(
            LEFT,
            full,
            "1. Фамилия (как в паспорте) / Surname (as in passport)".into(),
            p.surname.clone(),
        )],
        vec![(
            LEFT,
            full,
            "2. Имя / Given names".into(),
            p.given_names.clone(),
        )],
        vec![
            (
                LEFT,
                half,
                "3. Дата рождения / Date of birth".into(),
                d_dot(p.date_of_birth),
            ),
            (
                x2,
                half,
                "4. Пол / Sex".into(),
                if p.sex == 'F' { "Ж / F" } else { "М / M" }.into(),
            ),
        ],
        vec![
            (
                LEFT,
                half,
                "5. Место рождения / Place of birth".into(),
                p.place_of_birth.clone(),
            ),
            (
                x2,
                half,
                "6. Гражданство / Nationality".into(),
                p.nationality.clone(),
            ),
        ],
        vec![
            (
                LEFT,
                half,
                "7. Номер паспорта / Passport No.".into(),
                p.passport_number.clone(),
            ),
            (
                x2,
                half,
                "8. ИИН (при наличии) / IIN (if any)".into(),
                printed_iin(case, p).unwrap_or_default(),
            ),
        ],
        vec![
            (
                LEFT,
                half,
                "9. Дата выдачи / Date of issue".into(),
                d_dot(p.passport_issued),
            ),
            (
                x2,
                half,
                "10. Действителен до / Valid until".into(),
                d_dot(p.passport_expires),
            ),
        ],
        vec![(
            LEFT,
            full,
            "11. Цель поездки / Purpose of travel".into(),
            purpose.into(),
        )],
        vec![
            (
                LEFT,
                half,
                "12. Предполагаемая дата въезда / Date of entry".into(),
                d_dot(case.application_date),
            ),
            (
                x2,
                half,
                "13. Срок пребывания до / Stay until".into(),
                d_dot(case.valid_until),
            ),
        ],
        vec![(
            LEFT,
            full,
            "14. Приглашающая сторона / Inviting party".into(),
            format!("{} / {}", c.name_cyr, c.name),
        )],
        vec![
            (
                LEFT,
                half,
                "15. БИН приглашающей стороны / BIN".into(),
                c.bin.clone(),
            ),
            (
                x2,
                half,
                "16. Кратность / Number of entries".into(),
                "Многократная / Multiple".into(),
            ),
        ],
        vec![(
            LEFT,
            full,
            "17. Адрес пребывания в Казахстане / Address in Kazakhstan".into(),
            c.address.clone(),
        )],
        vec![(
            LEFT,
            full,
            "18. Место работы, должность / Employer, position".into(),
            format!("{}, специалист", c.name_cyr),
        )],
        vec![
            (
                LEFT,
                half,
                "19. Ранее выданные визы РК / Previous visas".into(),
                "Нет / No".into(),
            ),
            (
                x2,
                half,
                "20. Дактилоскопия / Fingerprinting".into(),
                d_dot(case.fingerprint_date),
            ),
        ],
    ];
    if fonts.layout != Layout::A {
        let fields: Vec<(String, String, bool)> = rows
            .iter()
            .flat_map(|r| r.iter().map(|f| (f.2.clone(), f.3.clone(), f.1 == full)))
            .collect();
        return visa_form_bc(s, rng, case, fields);
    }
    for row in &rows {
        for (x, w, label, value) in row {
            boxed(&mut s, *x, y, *w, label, value);
        }
        y += 13.0;
    }
    y += 2.0;
    y = s.para(
        LEFT,
        y,
        WIDTH,
        9.0,
        FontKind::Sans,
        "Я подтверждаю, что сведения, указанные в анкете, достоверны и полны. / I declare that the \
         information given in this form is correct and complete.",
    );
    y += 8.0;
    s.text(
        LEFT,
        y,
        10.0,
        FontKind::Sans,
        &format!("Дата / Date: {}", d_dot(case.application_date)),
    );
    s.text(110.0, y, 10.0, FontKind::Sans, "Подпись / Signature:");
    s.signature(rng, 150.0, y - 8.0, 35.0, 9.0);
    vec![s.into_page()]
}

/// The visa form of families `b` and `c`, from family `a`'s fields (label, value, full
/// width), drawn on a fresh sheet.
///
/// `b`: the photo box (35 × 45 mm) top left with the title beside it, the fields one per
/// line in a ruled list, labels English first ("Surname / Фамилия"), numbered "1)".
/// `c` (held back): the photo box top right under "Место для фотографии / Photo", the
/// fields grouped under lettered sections (passport, personal data, journey, inviting
/// party) in boxes, so their order and numbers change.
fn visa_form_bc(
    a: Sheet,
    rng: &mut ChaCha8Rng,
    case: &Case,
    fields: Vec<(String, String, bool)>,
) -> Vec<Page> {
    let fonts = a.fonts;
    let mut s = Sheet::a4(fonts);
    let bare = |l: &str| {
        l.split_once(". ")
            .map(|(_, r)| r.to_string())
            .unwrap_or_else(|| l.to_string())
    };
    let mut y;
    if fonts.layout == Layout::B {
        photo(&mut s, LEFT + 0.5, 15.5, 34.0, 44.0);
        s.rect(LEFT, 15.0, 35.0, 45.0, 0.3, BLACK);
        let tx = LEFT + 42.0;
        s.text(
            tx,
            22.0,
            9.0,
            FontKind::Sans,
            "Ministry of Foreign Affairs of the Republic of Kazakhstan",
        );
        s.text(
            tx,
            26.5,
            9.0,
            FontKind::Sans,
            "Қазақстан Республикасы Сыртқы істер министрлігі",
        );
        s.text(tx, 37.0, 15.0, FontKind::SansBold, "VISA APPLICATION FORM");
        s.text(tx, 44.0, 12.0, FontKind::SansBold, "ВИЗОВАЯ АНКЕТА");
        s.text(
            tx,
            52.0,
            8.5,
            FontKind::Sans,
            "Заполняется печатными буквами / Please print",
        );
        y = 70.0;
        s.fill(LEFT, y - 5.0, WIDTH, 0.3, BLACK);
        for (i, (label, value, _)) in fields.iter().enumerate() {
            let l = bare(label);
            let l = match l.split_once(" / ") {
                Some((ru, en)) => format!("{}) {en} / {ru}", i + 1),
                None => format!("{}) {l}", i + 1),
            };
            let ll = s.wrap(82.0, 8.5, FontKind::Sans, &l);
            let vl = s.wrap(WIDTH - 88.0, 10.0, FontKind::SansBold, value);
            for (j, t) in ll.iter().enumerate() {
                s.text(LEFT, y + j as f32 * 3.8, 8.5, FontKind::Sans, t);
            }
            for (j, t) in vl.iter().enumerate() {
                s.text(LEFT + 88.0, y + j as f32 * 4.3, 10.0, FontKind::SansBold, t);
            }
            y += (3.8 * ll.len() as f32).max(4.3 * vl.len() as f32) + 3.2;
            s.fill(LEFT, y - 3.6, WIDTH, 0.15, GREY);
        }
    } else {
        s.text(
            LEFT,
            20.0,
            9.0,
            FontKind::Sans,
            "МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ РЕСПУБЛИКИ КАЗАХСТАН",
        );
        s.text(
            LEFT,
            32.0,
            14.0,
            FontKind::SansBold,
            "АНКЕТА на получение визы",
        );
        s.text(
            LEFT,
            38.5,
            11.0,
            FontKind::SansBold,
            "Application for a visa",
        );
        s.text(
            LEFT,
            45.0,
            8.5,
            FontKind::Sans,
            "Все поля обязательны / All fields are mandatory",
        );
        let (px0, py0) = (RIGHT - 35.0, 15.0);
        s.center(
            px0 + 17.5,
            py0 - 2.0,
            7.0,
            FontKind::Sans,
            "Место для фотографии / Photo",
        );
        photo(&mut s, px0 + 0.5, py0 + 0.5, 34.0, 44.0);
        s.rect(px0, py0, 35.0, 45.0, 0.3, BLACK);
        // Family a's fields 1–20 by section: passport, personal data, journey, host.
        let sections: [(&str, &[usize]); 4] = [
            ("A. Паспорт / Passport", &[6, 8, 9, 5]),
            ("B. Личные данные / Personal data", &[0, 1, 2, 3, 4, 7]),
            ("C. Поездка / Journey", &[10, 11, 12, 15, 18, 19]),
            (
                "D. Приглашающая сторона / Inviting party",
                &[13, 14, 16, 17],
            ),
        ];
        y = 66.0;
        let half = (WIDTH - 4.0) / 2.0;
        let mut n = 0;
        for (head, idx) in sections {
            s.fill(LEFT, y - 4.2, WIDTH, 5.6, [228, 230, 236]);
            s.text(LEFT + 1.5, y, 9.5, FontKind::SansBold, head);
            y += 4.0;
            let mut col = 0;
            for &i in idx {
                let Some((label, value, wide)) = fields.get(i) else {
                    continue;
                };
                n += 1;
                let l = format!("{n}. {}", bare(label));
                if *wide {
                    if col == 1 {
                        y += 12.0;
                        col = 0;
                    }
                    boxed(&mut s, LEFT, y, WIDTH, &l, value);
                    y += 12.0;
                } else {
                    boxed(&mut s, LEFT + col as f32 * (half + 4.0), y, half, &l, value);
                    if col == 1 {
                        y += 12.0;
                    }
                    col = 1 - col;
                }
            }
            if col == 1 {
                y += 12.0;
            }
            y += 3.0;
        }
    }
    y += 4.0;
    y = s.para(
        LEFT,
        y,
        WIDTH,
        9.0,
        FontKind::Sans,
        "I declare that the information given in this form is correct and complete. / Я \
         подтверждаю, что сведения, указанные в анкете, достоверны и полны.",
    );
    y += 8.0;
    s.text(
        LEFT,
        y,
        10.0,
        FontKind::Sans,
        &format!("Date / Дата: {}", d_dot(case.application_date)),
    );
    s.text(110.0, y, 10.0, FontKind::Sans, "Signature / Подпись:");
    s.signature(rng, 150.0, y - 8.0, 35.0, 9.0);
    vec![s.into_page()]
}

/// Notification of arrival of a foreigner, submitted by the receiving party.
pub fn arrival_notification(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let c = &case.company;
    let mut s = Sheet::a4(fonts);
    s.right(
        RIGHT,
        18.0,
        8.5,
        FontKind::Sans,
        "Приложение к Правилам въезда и пребывания иммигрантов",
    );
    s.right(RIGHT, 22.0, 8.5, FontKind::Sans, "в Республике Казахстан");
    let mut y = heading(
        &mut s,
        34.0,
        &[
            ("Шетелдіктің келгені туралы ХАБАРЛАМА", 13.0, true),
            ("УВЕДОМЛЕНИЕ о прибытии иностранца", 13.0, true),
            ("(лица без гражданства)", 10.0, false),
        ],
    );
    y += 6.0;
    let entry = case
        .application_date
        .checked_sub_days(Days::new(rng.random_range(1..4)))
        .unwrap_or(case.application_date);
    let half = (WIDTH - 5.0) / 2.0;
    let x2 = LEFT + half + 5.0;
    let rows: Vec<Vec<(f32, f32, &str, String)>> = vec![
        vec![(
            LEFT,
            WIDTH,
            "1. Тегі / Фамилия (латиницей и кириллицей)",
            format!("{} / {}", p.surname, p.surname_cyr),
        )],
        vec![(
            LEFT,
            WIDTH,
            "2. Аты / Имя",
            format!("{} / {}", p.given_names, p.given_names_cyr),
        )],
        vec![
            (
                LEFT,
                half,
                "3. Туған күні / Дата рождения",
                d_dot(p.date_of_birth),
            ),
            (
                x2,
                half,
                "4. Азаматтығы / Гражданство",
                citizenship_ru(&p.nationality).to_string(),
            ),
        ],
        vec![
            (
                LEFT,
                half,
                "5. Паспорт нөмірі / Номер паспорта",
                p.passport_number.clone(),
            ),
            (
                x2,
                half,
                "6. Паспорттың мерзімі / Срок действия паспорта",
                d_dot(p.passport_expires),
            ),
        ],
        vec![
            (LEFT, half, "7. Келген күні / Дата въезда", d_dot(entry)),
            (
                x2,
                half,
                "8. Болу мерзімі / Срок пребывания до",
                d_dot(case.valid_until),
            ),
        ],
        vec![(
            LEFT,
            WIDTH,
            "9. Болу мекенжайы / Адрес пребывания",
            c.address.clone(),
        )],
        vec![(
            LEFT,
            WIDTH,
            "10. Қабылдаушы тарап / Принимающая сторона",
            format!("{}, БИН {}", c.name_cyr, c.bin),
        )],
        vec![(
            LEFT,
            WIDTH,
            "11. Сапардың мақсаты / Цель поездки",
            "Трудовая деятельность".to_string(),
        )],
    ];
    for row in &rows {
        for (x, w, label, value) in row {
            boxed(&mut s, *x, y, *w, label, value);
        }
        y += 14.0;
    }
    y += 4.0;
    s.text(
        LEFT,
        y,
        10.5,
        FontKind::Sans,
        &format!("Уведомление подано: {}", d_ru(entry)),
    );
    y += 16.0;
    company_sign(&mut s, rng, y, c);
    let color = stamp_color(rng);
    s.stamp(
        rng,
        160.0,
        y + 40.0,
        15.0,
        "ДЕПАРТАМЕНТ ПОЛИЦИИ * МИГРАЦИОННАЯ СЛУЖБА *",
        &["ПРИНЯТО", &d_dot(entry)],
        color,
    );
    s.into_page()
}

/// Consent to the collection and processing of personal data.
pub fn consent_form(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let mut s = Sheet::a4(fonts);
    let mut y = heading(
        &mut s,
        28.0,
        &[
            ("Дербес деректерді жинауға және өңдеуге", 12.0, true),
            ("КЕЛІСІМ", 14.0, true),
            ("СОГЛАСИЕ", 14.0, true),
            ("на сбор и обработку персональных данных", 12.0, true),
        ],
    );
    y += 6.0;
    let body = format!(
        "Я, {} {} ({}), {} года рождения, гражданство: {}, паспорт № {}, ИИН {}, в соответствии с \
         Законом Республики Казахстан от 21 мая 2013 года № 94-V «О персональных данных и их \
         защите» даю согласие Министерству внутренних дел Республики Казахстан, НАО «Государственная \
         корпорация «Правительство для граждан» и {} на сбор, обработку, хранение и передачу моих \
         персональных данных, в том числе биометрических, содержащихся в представленных мною \
         документах, в целях оказания государственной услуги.",
        p.surname_cyr,
        p.given_names_cyr,
        p.full_name(),
        d_dot(p.date_of_birth),
        citizenship_ru(&p.nationality),
        p.passport_number,
        printed_iin(case, p).unwrap_or_default(),
        case.company.name_cyr
    );
    y = s.para_justified(LEFT, y, WIDTH, 11.0, FontKind::Serif, &body);
    y += 3.0;
    y = s.para_justified(
        LEFT,
        y,
        WIDTH,
        11.0,
        FontKind::Serif,
        "Согласие действует до достижения целей обработки персональных данных и может быть отозвано \
         мною путём подачи письменного заявления, за исключением случаев, предусмотренных законом.",
    );
    y += 10.0;
    s.text(
        LEFT,
        y,
        10.5,
        FontKind::Sans,
        &format!("Дата: {}", d_ru(case.application_date)),
    );
    y += 14.0;
    sign_block(
        &mut s,
        rng,
        y,
        "Подпись / Signature",
        &format!("{} {}", p.surname, p.given_names),
        None,
        BLACK,
    );
    s.into_page()
}
