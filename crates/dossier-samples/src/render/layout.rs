//! Reusable A4 building blocks: headings, ruled label/value tables, signature blocks with
//! a stamp. Renderers compose their pages from these so that the documents share a
//! consistent, office-like look.
//!
//! The layout family of the sheet's [`Fonts`](super::Fonts) decides how headings, tables
//! and lines are set (see [`Layout`]): family `a` is the fixtures' look; `b` puts labels
//! above values, sets tables as lines and lines as tables, and uses the alternative title
//! wording; `c` (held back) puts values under bilingual labels in boxed cells, swaps
//! neighbouring fields and uses a third title wording ([`retitle`]).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::draw::{Color, Sheet, BLACK, STAMP_BLUE};
use super::{FontKind, Layout};
use crate::case::Company;

/// Left margin of A4 documents (mm).
pub const LEFT: f32 = 25.0;
/// Right edge of the text block (mm).
pub const RIGHT: f32 = 195.0;
/// Width of the text block (mm).
pub const WIDTH: f32 = RIGHT - LEFT;

/// Centred heading lines starting at baseline `y`; returns the next baseline.
pub fn heading(s: &mut Sheet, y: f32, lines: &[(&str, f32, bool)]) -> f32 {
    let mut y = y;
    let mut prev: Option<f32> = None;
    for (text, pt, bold) in lines {
        let text = &retitle(s.fonts.layout, text);
        let font = if *bold {
            FontKind::SansBold
        } else {
            FontKind::Sans
        };
        for line in s.wrap(WIDTH, *pt, font, text) {
            // Advance by the larger of the two neighbouring sizes, so a big title never
            // collides with the small line above it.
            if let Some(p) = prev {
                y += p.max(*pt) * 0.3528 * 1.4;
            }
            s.center(105.0, y, *pt, font, &line);
            prev = Some(*pt);
        }
    }
    y + prev.unwrap_or(0.0) * 0.3528 * 1.4
}

/// A two-column table of label/value rows separated by thin grey rules; returns the y
/// below it.
///
/// No vertical rules and generous padding: Tesseract's layout analysis loses text boxed
/// tightly by rules (measured: a fully ruled table lost a quarter of its words).
pub fn table(
    s: &mut Sheet,
    x: f32,
    y: f32,
    w: f32,
    label_w: f32,
    pt: f32,
    rows: &[(String, String)],
) -> f32 {
    match s.fonts.layout {
        Layout::A => ruled_table(s, x, y, w, label_w, pt, rows),
        // The first baseline a little below the table's top.
        Layout::B => stacked_lines(s, x, y + pt * 0.3528 * 1.5, w, pt, rows),
        Layout::C => cells(s, x, y, w, pt, rows),
    }
}

/// Family `a`'s table: label left of value, grey rules between the rows.
fn ruled_table(
    s: &mut Sheet,
    x: f32,
    y: f32,
    w: f32,
    label_w: f32,
    pt: f32,
    rows: &[(String, String)],
) -> f32 {
    let lead = pt * 0.3528 * 1.35;
    let pad = 2.4;
    let mut y = y;
    s.fill(x, y - 0.1, w, 0.2, RULE);
    for (label, value) in rows {
        let ll = s.wrap(label_w - 4.0, pt, FontKind::Sans, label);
        let vl = s.wrap(w - label_w - 2.0, pt, FontKind::SansBold, value);
        let n = ll.len().max(vl.len()).max(1) as f32;
        let base = y + pad + pt * 0.3528 * 0.75;
        for (i, l) in ll.iter().enumerate() {
            s.text(x + 1.0, base + i as f32 * lead, pt, FontKind::Sans, l);
        }
        for (i, v) in vl.iter().enumerate() {
            s.text(
                x + label_w,
                base + i as f32 * lead,
                pt,
                FontKind::SansBold,
                v,
            );
        }
        y += (n - 1.0) * lead + pt * 0.3528 + 2.0 * pad;
        s.fill(x, y - 0.1, w, 0.2, RULE);
    }
    y
}

/// Colour of table rules.
const RULE: Color = [150, 150, 155];

/// Unruled "label: value" lines; returns the next baseline.
pub fn lines(
    s: &mut Sheet,
    x: f32,
    y: f32,
    label_w: f32,
    pt: f32,
    rows: &[(String, String)],
) -> f32 {
    let top = y - pt * 0.3528 * 1.2;
    match s.fonts.layout {
        Layout::A => plain_lines(s, x, y, label_w, pt, rows),
        Layout::B => {
            let w = RIGHT - x;
            ruled_table(s, x, top, w, label_w.max(w * 0.38), pt, rows) + pt * 0.3528 * 1.5
        }
        Layout::C => cells(s, x, top, RIGHT - x, pt, rows) + pt * 0.3528 * 1.5,
    }
}

/// Family `b`: each label on its own line, its value in bold below; returns the next
/// baseline.
fn stacked_lines(s: &mut Sheet, x: f32, y: f32, w: f32, pt: f32, rows: &[(String, String)]) -> f32 {
    let small = pt * 0.85;
    let lead = pt * 0.3528 * 1.35;
    let mut y = y;
    for (label, value) in rows {
        let label = label.trim_end().trim_end_matches(':');
        for l in s.wrap(w, small, FontKind::Sans, label) {
            s.text(x, y, small, FontKind::Sans, &l);
            y += small * 0.3528 * 1.3;
        }
        for v in s.wrap(w - 4.0, pt, FontKind::SansBold, value) {
            s.text(x + 4.0, y, pt, FontKind::SansBold, &v);
            y += lead;
        }
        y += pt * 0.3528 * 0.6;
    }
    y
}

/// Family `c` (held back): one boxed cell per field, the value under a bilingual label,
/// neighbouring fields swapped; returns the y below the last cell.
fn cells(s: &mut Sheet, x: f32, y: f32, w: f32, pt: f32, rows: &[(String, String)]) -> f32 {
    let mut order: Vec<&(String, String)> = rows.iter().collect();
    for pair in order.chunks_mut(2) {
        pair.reverse();
    }
    let small = pt * 0.78;
    let lead = pt * 0.3528 * 1.35;
    let pad = 2.2;
    let mut y = y;
    for (label, value) in order {
        let label = bilingual(label);
        let ll = s.wrap(w - 2.0 * pad, small, FontKind::Sans, &label);
        let vl = s.wrap(w - 2.0 * pad - 3.0, pt, FontKind::SansBold, value);
        let mut yy = y + pad + small * 0.3528 * 0.8;
        for l in &ll {
            s.text(x + pad, yy, small, FontKind::Sans, l);
            yy += small * 0.3528 * 1.3;
        }
        yy += pt * 0.3528 * 0.35;
        for v in &vl {
            s.text(x + pad + 3.0, yy, pt, FontKind::SansBold, v);
            yy += lead;
        }
        let h = yy - lead + pt * 0.3528 * 0.4 + pad - y;
        s.rect(x, y, w, h, 0.25, RULE);
        y += h;
    }
    y
}

/// Family `a`'s lines.
fn plain_lines(
    s: &mut Sheet,
    x: f32,
    y: f32,
    label_w: f32,
    pt: f32,
    rows: &[(String, String)],
) -> f32 {
    let lead = pt * 0.3528 * 1.5;
    let mut y = y;
    for (label, value) in rows {
        s.text(x, y, pt, FontKind::Sans, label);
        let vl = s.wrap(RIGHT - x - label_w, pt, FontKind::SansBold, value);
        for (i, v) in vl.iter().enumerate() {
            if i > 0 {
                y += lead;
            }
            s.text(x + label_w, y, pt, FontKind::SansBold, v);
        }
        y += lead;
    }
    y
}

/// A signature line: role on the left, a signature, the name on the right, and
/// optionally a round stamp over the signature's end ("М.П." place).
#[allow(clippy::too_many_arguments)]
pub fn sign_block(
    s: &mut Sheet,
    rng: &mut ChaCha8Rng,
    y: f32,
    role: &str,
    name: &str,
    stamp: Option<(&str, &[&str])>,
    color: Color,
) -> f32 {
    let pt = 10.5;
    let role_lines = s.wrap(70.0, pt, FontKind::Sans, role);
    let mut yy = y;
    for l in &role_lines {
        s.text(LEFT, yy, pt, FontKind::Sans, l);
        yy += pt * 0.3528 * 1.35;
    }
    let line_y = y + 1.0;
    // The signature line ends short of a long name.
    let name_x = RIGHT - s.width(pt, FontKind::Sans, name);
    let x0 = (name_x - 45.0).clamp(LEFT + 45.0, 100.0);
    let x1 = (name_x - 4.0).min(x0 + 40.0);
    s.hline(x0, x1, line_y, 0.2);
    s.signature(rng, x0 + 3.0, line_y - 9.0, (x1 - x0 - 8.0).max(20.0), 9.0);
    s.right(RIGHT, y, pt, FontKind::Sans, name);
    if let Some((outer, inner)) = stamp {
        let dx = rng.random_range(-4.0..4.0f32);
        s.stamp(
            rng,
            (x0 + x1) / 2.0 + dx,
            line_y - 2.0,
            19.0,
            outer,
            inner,
            color,
        );
    }
    yy.max(y + if stamp.is_some() { 22.0 } else { 12.0 })
}

/// A stamp colour that varies a little per document, like real ink pads.
pub fn stamp_color(rng: &mut ChaCha8Rng) -> Color {
    let d = rng.random_range(0..25u8);
    [STAMP_BLUE[0] + d, STAMP_BLUE[1], STAMP_BLUE[2] - d]
}

/// A generic document: heading and a table of fields, signed and stamped. Used for
/// kinds whose layout is a plain certificate.
pub fn simple_doc(
    s: &mut Sheet,
    rng: &mut ChaCha8Rng,
    title: &[(&str, f32, bool)],
    rows: &[(String, String)],
    signer: (&str, &str),
    stamp: (&str, &[&str]),
) {
    let y = heading(s, 30.0, title);
    let y = table(s, LEFT, y + 6.0, WIDTH, 70.0, 10.5, rows);
    let c = stamp_color(rng);
    sign_block(s, rng, y + 20.0, signer.0, signer.1, Some(stamp), c);
}

/// The company's round seal: outer ring text and inner lines.
pub fn company_seal(c: &Company) -> (String, Vec<String>) {
    let city = if c.address.contains("Алматы") {
        "г. Алматы"
    } else {
        "г. Астана"
    };
    (
        format!("{} * БИН {} *", c.name_cyr.to_uppercase(), c.bin),
        vec!["ДЛЯ ДОКУМЕНТОВ".to_string(), city.to_string()],
    )
}

/// The company's letterhead across the top of the page; returns the y below it.
pub fn letterhead(s: &mut Sheet, c: &Company) -> f32 {
    s.text(LEFT, 20.0, 13.0, FontKind::SansBold, &c.name_cyr);
    s.text(LEFT, 26.0, 9.0, FontKind::Sans, &c.name);
    s.text(LEFT, 31.0, 9.0, FontKind::Sans, &format!("БИН {}", c.bin));
    s.text(LEFT, 36.0, 9.0, FontKind::Sans, &c.address);
    s.fill(LEFT, 39.5, WIDTH, 0.6, BLACK);
    46.0
}

/// Signs for the company: "Директор … Фамилия И.О." with the company seal.
pub fn company_sign(s: &mut Sheet, rng: &mut ChaCha8Rng, y: f32, c: &Company) -> f32 {
    let (outer, inner) = company_seal(c);
    let inner: Vec<&str> = inner.iter().map(String::as_str).collect();
    let color = stamp_color(rng);
    sign_block(
        s,
        rng,
        y,
        &format!("Директор {}", c.name_cyr),
        &short_name(&c.head_cyr),
        Some((&outer, &inner)),
        color,
    )
}

/// "Касымов Нурлан Ержанович" → "Касымов Н.Е."
pub fn short_name(full: &str) -> String {
    let mut parts = full.split_whitespace();
    let sur = parts.next().unwrap_or_default();
    let initials: String = parts
        .filter_map(|p| p.chars().next())
        .map(|c| format!("{c}."))
        .collect();
    format!("{sur} {initials}")
}

/// Russian labels with their Kazakh and English wording, as bilingual forms print them.
const LABELS: &[(&str, &str, &str)] = &[
    ("Фамилия", "Тегі", "Surname"),
    ("Имя", "Аты", "Given names"),
    ("Отчество", "Әкесінің аты", "Patronymic"),
    ("Фамилия, имя", "Тегі, аты", "Surname, given names"),
    (
        "Фамилия, имя, отчество",
        "Тегі, аты, әкесінің аты",
        "Full name",
    ),
    ("ФИО", "Т.А.Ә.", "Full name"),
    ("Дата рождения", "Туған күні", "Date of birth"),
    ("Место рождения", "Туған жері", "Place of birth"),
    ("Гражданство", "Азаматтығы", "Nationality"),
    ("Пол", "Жынысы", "Sex"),
    ("ИИН", "ЖСН", "IIN"),
    ("БИН", "БСН", "BIN"),
    ("Паспорт №", "Төлқұжат №", "Passport No."),
    ("Номер паспорта", "Төлқұжат нөмірі", "Passport No."),
    ("Дата выдачи", "Берілген күні", "Date of issue"),
    ("Срок действия", "Қолданылу мерзімі", "Date of expiry"),
    ("Действителен до", "Дейін жарамды", "Valid until"),
    ("Кем выдан", "Кім берді", "Issued by"),
    ("Адрес", "Мекенжайы", "Address"),
    (
        "Адрес проживания",
        "Тұратын мекенжайы",
        "Address of residence",
    ),
    ("Адрес пребывания", "Болатын мекенжайы", "Address of stay"),
    ("Срок проживания", "Тұру мерзімі", "Period of residence"),
    ("Цель поездки", "Сапар мақсаты", "Purpose of travel"),
    ("Место работы", "Жұмыс орны", "Employer"),
    ("Должность", "Лауазымы", "Position"),
    ("Наименование", "Атауы", "Name"),
    ("Руководитель", "Басшы", "Head"),
    ("Учредители", "Құрылтайшылар", "Founders"),
    ("Дата регистрации", "Тіркелген күні", "Date of registration"),
    ("Код государства", "Мемлекет коды", "Country code"),
    ("Тип", "Түрі", "Type"),
    ("Номер", "Нөмірі", "Number"),
    ("Дата", "Күні", "Date"),
    ("Сумма", "Сомасы", "Amount"),
    ("Застрахованный", "Сақтандырылған", "Insured person"),
    ("Период страхования", "Сақтандыру кезеңі", "Period of cover"),
    ("Страховая сумма", "Сақтандыру сомасы", "Sum insured"),
    ("Работодатель", "Жұмыс беруші", "Employer"),
    ("Профессия", "Кәсібі", "Occupation"),
    ("Заключение", "Қорытынды", "Conclusion"),
    ("Результат", "Нәтижесі", "Result"),
];

/// A label as family `c` prints it: "Фамилия / Тегі / Surname". A label already
/// bilingual ("Тегі / Фамилия") gains the English word; a label the table does not know
/// stays as it is.
pub fn bilingual(label: &str) -> String {
    let l = label.trim().trim_end_matches(':').trim();
    let parts: Vec<&str> = l.split(" / ").map(str::trim).collect();
    for &(ru, kk, en) in LABELS {
        let known = |p: &&str| p.eq_ignore_ascii_case(ru) || *p == kk || *p == en;
        if parts.iter().any(known) {
            return format!("{ru} / {kk} / {en}");
        }
    }
    l.to_string()
}

/// Titles by family: (as family `a` prints it, family `b`, family `c`). Real alternative
/// wordings of the same documents (Russian, Kazakh, English), as clerks see them.
const TITLES: &[(&str, &str, &str)] = &[
    ("ДОВЕРЕННОСТЬ", "СЕНІМХАТ", "POWER OF ATTORNEY"),
    (
        "СПРАВКА о присвоении ИИН",
        "СВИДЕТЕЛЬСТВО о присвоении ИИН",
        "УВЕДОМЛЕНИЕ о присвоении индивидуального идентификационного номера",
    ),
    (
        "ЖСН беру туралы АНЫҚТАМА",
        "ЖСН берілгені туралы КУӘЛІК",
        "ЖСН беру туралы ХАБАРЛАМА",
    ),
    (
        "Дактилоскопиялық тіркеуден өту туралы АНЫҚТАМА",
        "Дактилоскопиялық тіркеу туралы КУӘЛІК",
        "CERTIFICATE OF FINGERPRINT REGISTRATION",
    ),
    (
        "СПРАВКА о прохождении дактилоскопической регистрации",
        "СПРАВКА о дактилоскопической регистрации иностранца",
        "Справка о прохождении дактилоскопирования",
    ),
    (
        "МЕДИЦИНАЛЫҚ АНЫҚТАМА",
        "Денсаулық жағдайы туралы АНЫҚТАМА",
        "MEDICAL CERTIFICATE",
    ),
    (
        "МЕДИЦИНСКАЯ СПРАВКА",
        "СПРАВКА о состоянии здоровья",
        "Врачебное профессионально-консультативное ЗАКЛЮЧЕНИЕ",
    ),
    (
        "ПОЛИС добровольного медицинского страхования",
        "ДОГОВОР (ПОЛИС) медицинского страхования иностранца",
        "СТРАХОВОЙ СЕРТИФИКАТ медицинского страхования",
    ),
    (
        "MEDICAL INSURANCE POLICY",
        "HEALTH INSURANCE CONTRACT",
        "CERTIFICATE OF MEDICAL INSURANCE",
    ),
    (
        "Сотталғандығының болуы не болмауы туралы АНЫҚТАМА",
        "Соттылығының жоқ екендігі туралы АНЫҚТАМА",
        "CERTIFICATE OF NO CRIMINAL RECORD",
    ),
    (
        "СПРАВКА о наличии либо отсутствии судимости",
        "СПРАВКА об отсутствии судимости",
        "Справка о несудимости",
    ),
    ("ХОДАТАЙСТВО", "ӨТІНІШХАТ", "ПИСЬМО-ХОДАТАЙСТВО"),
    (
        "СПРАВКА",
        "НОТАРИАЛЬНО УДОСТОВЕРЕННОЕ ЗАЯВЛЕНИЕ",
        "Тұрғын үй беру туралы ӨТІНІШ / ЗАЯВЛЕНИЕ",
    ),
    (
        "о месте проживания (пребывания) иностранца",
        "о предоставлении жилья иностранцу",
        "о предоставлении жилья иностранному гражданину",
    ),
    (
        "Шетелдік жұмыс күшін тартуға РҰҚСАТ",
        "Шетелдік жұмыс күшін тартуға берілген РҰҚСАТ",
        "WORK PERMIT",
    ),
    (
        "РАЗРЕШЕНИЕ на привлечение иностранной рабочей силы",
        "РАЗРЕШЕНИЕ местного исполнительного органа на привлечение иностранной рабочей силы",
        "Разрешение на трудоустройство иностранца",
    ),
    (
        "Шетелдіктің келгені туралы ХАБАРЛАМА",
        "Шетелдіктің келуі туралы ХАБАРЛАМА",
        "NOTIFICATION OF ARRIVAL",
    ),
    (
        "УВЕДОМЛЕНИЕ о прибытии иностранца",
        "УВЕДОМЛЕНИЕ о прибытии иностранного гражданина",
        "Уведомление принимающей стороны о прибытии иностранца",
    ),
    (
        "Дербес деректерді жинауға және өңдеуге",
        "Дербес деректерді жинау және өңдеу туралы",
        "CONSENT TO THE COLLECTION",
    ),
    (
        "на сбор и обработку персональных данных",
        "субъекта персональных данных на их сбор и обработку",
        "AND PROCESSING OF PERSONAL DATA",
    ),
    (
        "Заңды тұлғаны мемлекеттік тіркеу туралы АНЫҚТАМА",
        "Заңды тұлғаны мемлекеттік тіркеу туралы КУӘЛІК",
        "CERTIFICATE OF STATE REGISTRATION OF A LEGAL ENTITY",
    ),
    (
        "СПРАВКА о государственной регистрации юридического лица",
        "СВИДЕТЕЛЬСТВО о государственной регистрации юридического лица",
        "ВЫПИСКА из Национального реестра бизнес-идентификационных номеров",
    ),
    (
        "РЕШЕНИЕ",
        "ШЕШІМ / РЕШЕНИЕ",
        "RESOLUTION OF THE SOLE PARTICIPANT",
    ),
    ("БҰЙРЫҚ / ПРИКАЗ", "ПРИКАЗ", "ORDER"),
    ("ПРИГЛАШЕНИЕ", "ШАҚЫРУ", "INVITATION"),
    (
        "LETTER OF INVITATION",
        "ШАҚЫРУ ХАТЫ / ПРИГЛАСИТЕЛЬНОЕ ПИСЬМО",
        "INVITATION LETTER",
    ),
    (
        "ТРУДОВОЙ ДОГОВОР",
        "ЕҢБЕК ШАРТЫ / ТРУДОВОЙ ДОГОВОР",
        "EMPLOYMENT CONTRACT",
    ),
    (
        "ЗАЯВЛЕНИЕ о выдаче разрешения на временное проживание",
        "ЗАЯВЛЕНИЕ на получение разрешения на временное проживание",
        "APPLICATION FOR A TEMPORARY RESIDENCE PERMIT",
    ),
    (
        "ЗАЯВЛЕНИЕ о выдаче разрешения на постоянное проживание",
        "ЗАЯВЛЕНИЕ на получение разрешения на постоянное проживание",
        "APPLICATION FOR A PERMANENT RESIDENCE PERMIT",
    ),
    (
        "КВИТАНЦИЯ / ТҮБІРТЕК",
        "ТҮБІРТЕК / КВИТАНЦИЯ",
        "ЧЕК об оплате / PAYMENT RECEIPT",
    ),
    (
        "ВИЗОВАЯ АНКЕТА",
        "ВИЗАЛЫҚ САУАЛНАМА / АНКЕТА",
        "АНКЕТА на получение визы",
    ),
    (
        "собственника жилища на регистрацию иностранца по месту пребывания",
        "собственника жилого помещения на временную регистрацию иностранца",
        "собственника (владельца) жилья на проживание и регистрацию иностранного гражданина",
    ),
    (
        "О назначении директора",
        "О назначении на должность директора",
        "On the appointment of the director",
    ),
];

/// `text` in the title wording of `layout`: an exact title of [`TITLES`], or one followed
/// by " №…" (the number kept). Other text comes back as it is; no alternative is itself
/// a key, so retitling twice changes nothing.
pub fn retitle(layout: Layout, text: &str) -> String {
    if layout == Layout::A {
        return text.to_string();
    }
    for &(a, b, c) in TITLES {
        let rest = if text == a {
            ""
        } else if let Some(r) = text.strip_prefix(a).filter(|r| r.starts_with(" №")) {
            r
        } else {
            continue;
        };
        let alt = if layout == Layout::B { b } else { c };
        return format!("{alt}{rest}");
    }
    text.to_string()
}
