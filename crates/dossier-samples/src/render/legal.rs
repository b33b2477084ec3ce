//! Legal documents: the apostille (1961 Hague model), the notarized power of attorney,
//! the certificate of state registration of a legal entity, the shareholder's resolution,
//! the order of appointment of the head and the property owner's notarized consent.

use chrono::Datelike;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::draw::{Sheet, BLACK};
use super::layout::{
    company_sign, heading, short_name, sign_block, stamp_color, table, LEFT, RIGHT, WIDTH,
};
use super::notary::{certify, notary, Act};
use super::util::{citizenship_ru, country, d_dot, d_ru, title};
use super::{FontKind, Fonts, Layout, Page};
use crate::case::{Case, Person};

/// Where and by whom the applicant's state issues apostilles (fictional officials).
fn apostille_authority(code: &str) -> (&'static str, &'static str) {
    match code {
        "DEU" => ("Berlin", "Der Präsident des Landgerichts Berlin"),
        "GBR" => (
            "London",
            "Secretary of State for Foreign, Commonwealth and Development Affairs",
        ),
        "CHN" => (
            "Beijing",
            "Ministry of Foreign Affairs of the People's Republic of China",
        ),
        "TUR" => ("Ankara", "Ankara Valiliği"),
        "IND" => ("New Delhi", "Ministry of External Affairs"),
        "KOR" => ("Seoul", "Ministry of Foreign Affairs"),
        "RUS" => ("Moscow", "Главное управление Министерства юстиции"),
        "UZB" => ("Tashkent", "Ministry of Justice"),
        "KAZ" => (
            "Astana",
            "Ministry of Justice of the Republic of Kazakhstan",
        ),
        _ => ("Sacramento, California", "Secretary of State of California"),
    }
}

/// The apostille: the ten numbered fields of the 1961 model in a bordered box, labels in
/// English (and German for Germany), with the authority's seal and signature.
pub fn apostille(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    if fonts.layout != Layout::A {
        return apostille_bc(case, fonts, rng);
    }
    let p = &case.applicant;
    let c = country(&p.nationality);
    let (place, by) = apostille_authority(&p.nationality);
    let de = p.nationality == "DEU";
    let mut s = Sheet::a4(fonts);
    let (x0, y0, w) = (35.0, 30.0, 140.0);
    let cx = x0 + w / 2.0;
    s.center(cx, y0 + 14.0, 20.0, FontKind::SansBold, "APOSTILLE");
    s.center(
        cx,
        y0 + 21.0,
        10.0,
        FontKind::Sans,
        "(Convention de La Haye du 5 octobre 1961)",
    );
    let signer = format!(
        "{} {}",
        ["Dr. Klaus", "Maria", "John", "Anna", "Peter"][rng.random_range(0..5)],
        ["Weber", "Hansen", "Miller", "Roth", "Clark"][rng.random_range(0..5)]
    );
    let number = format!("{}/{}", rng.random_range(100..99_999), case.doc_date.year());
    let lab = |en: &'static str, de_l: &'static str| -> String {
        if de {
            format!("{de_l} / {en}")
        } else {
            en.to_string()
        }
    };
    let pt = 10.5;
    let lx = x0 + 8.0;
    let mut y = y0 + 33.0;
    let field = |s: &mut Sheet, y: &mut f32, n: u32, label: String, value: &str| {
        let t = format!("{n}. {label}");
        let lw = s.text(lx, *y, pt, FontKind::Sans, &t);
        let mut vx = (lx + lw + 3.0).max(lx + 52.0);
        // A long bilingual label leaves too little room: the value goes on the next line.
        if x0 + w - 8.0 - vx < 45.0 {
            *y += 5.5;
            vx = lx + 6.0;
        }
        let vl = s.wrap(x0 + w - 8.0 - vx, pt, FontKind::SansBold, value);
        for (i, v) in vl.iter().enumerate() {
            if i > 0 {
                *y += 5.0;
            }
            s.text(vx, *y, pt, FontKind::SansBold, v);
        }
        s.dotted(vx, x0 + w - 8.0, *y + 2.2);
        *y += 8.0;
    };
    field(&mut s, &mut y, 1, lab("Country:", "Land"), c.en);
    s.text(
        lx,
        y,
        pt,
        FontKind::SansBold,
        &lab("This public document", "Diese öffentliche Urkunde"),
    );
    y += 8.0;
    field(
        &mut s,
        &mut y,
        2,
        lab("has been signed by", "ist unterschrieben von"),
        &signer,
    );
    field(
        &mut s,
        &mut y,
        3,
        lab("acting in the capacity of", "in seiner Eigenschaft als"),
        "Notary Public",
    );
    field(
        &mut s,
        &mut y,
        4,
        lab("bears the seal/stamp of", "sie ist versehen mit dem Siegel"),
        &format!("Notary Public {signer}"),
    );
    s.center(
        cx,
        y,
        pt,
        FontKind::SansBold,
        &lab("Certified", "Bestätigt"),
    );
    y += 8.0;
    field(&mut s, &mut y, 5, lab("at", "in"), place);
    field(&mut s, &mut y, 6, lab("the", "am"), &d_dot(case.doc_date));
    field(&mut s, &mut y, 7, lab("by", "durch"), by);
    field(&mut s, &mut y, 8, lab("No", "unter Nr."), &number);
    s.text(
        lx,
        y + 6.0,
        pt,
        FontKind::Sans,
        &format!("9. {}", lab("Seal/stamp:", "Siegel/Stempel")),
    );
    s.text(
        cx + 5.0,
        y + 6.0,
        pt,
        FontKind::Sans,
        &format!("10. {}", lab("Signature:", "Unterschrift")),
    );
    let color = stamp_color(rng);
    let outer = format!("{} * {} *", by.to_uppercase(), place.to_uppercase());
    s.stamp(
        rng,
        lx + 25.0,
        y + 24.0,
        16.0,
        &outer,
        &["APOSTILLE"],
        color,
    );
    s.signature(rng, cx + 12.0, y + 12.0, 40.0, 12.0);
    let h = y + 44.0 - y0;
    s.rect(x0, y0, w, h, 0.6, BLACK);
    s.rect(x0 + 1.5, y0 + 1.5, w - 3.0, h - 3.0, 0.2, BLACK);
    s.into_page()
}

/// The ten fields' labels of the 1961 model, with the two headings: (heading "This
/// public document", 1–4, heading "Certified", 5–10), in one language.
type ApLabels = [&'static str; 12];

const AP_EN: ApLabels = [
    "Country",
    "This public document",
    "has been signed by",
    "acting in the capacity of",
    "bears the seal/stamp of",
    "Certified",
    "at",
    "the",
    "by",
    "No",
    "Seal/stamp",
    "Signature",
];
const AP_FR: ApLabels = [
    "Pays",
    "Le présent acte public",
    "a été signé par",
    "agissant en qualité de",
    "est revêtu du sceau/timbre de",
    "Attesté",
    "à",
    "le",
    "par",
    "sous n°",
    "Sceau/timbre",
    "Signature",
];
const AP_DE: ApLabels = [
    "Land",
    "Diese öffentliche Urkunde",
    "ist unterschrieben von",
    "in seiner Eigenschaft als",
    "sie ist versehen mit dem Siegel",
    "Bestätigt",
    "in",
    "am",
    "durch",
    "unter Nr.",
    "Siegel/Stempel",
    "Unterschrift",
];
const AP_RU: ApLabels = [
    "Страна",
    "Настоящий официальный документ",
    "подписан",
    "выступающим в качестве",
    "скреплен печатью/штампом",
    "Удостоверено",
    "в",
    "дата",
    "кем",
    "за №",
    "Печать/штамп",
    "Подпись",
];
const AP_KK: ApLabels = [
    "Ел",
    "Осы ресми құжат",
    "қол қойған",
    "ретінде әрекет ететін",
    "мөрімен/мөртаңбасымен бекітілген",
    "Куәландырылды",
    "қаласында",
    "күні",
    "кім",
    "№",
    "Мөр/мөртаңба",
    "Қолы",
];

/// The apostille of families `b` and `c`, the fields in the order the convention fixes.
///
/// `b`: a rectangular rubber stamp (about 110 × 78 mm) struck in the lower half of the
/// document's back page: the frame and printed words in stamp ink, the values typed in
/// black on one line each, labels in the state's language (and English). `c` (held back):
/// a full page, "APOSTILLE" and the convention's line as a title, the fields as a ruled
/// two-column table with bilingual labels (English / French; Kazakh / Russian for a
/// Kazakh and Russian / English for a Russian document), seal and signature boxes side
/// by side.
fn apostille_bc(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let p = &case.applicant;
    let c = country(&p.nationality);
    let (place, by) = apostille_authority(&p.nationality);
    let mut s = Sheet::a4(fonts);
    let signer = format!(
        "{} {}",
        ["Dr. Klaus", "Maria", "John", "Anna", "Peter"][rng.random_range(0..5)],
        ["Weber", "Hansen", "Miller", "Roth", "Clark"][rng.random_range(0..5)]
    );
    let number = format!("{}/{}", rng.random_range(100..99_999), case.doc_date.year());
    let date = d_dot(case.doc_date);
    let seal_of = format!("Notary Public {signer}");
    // The values of fields 1–8 (9 and 10 are the seal and the signature).
    let values: [&str; 8] = [
        c.en,
        &signer,
        "Notary Public",
        &seal_of,
        place,
        &date,
        by,
        &number,
    ];
    let color = stamp_color(rng);
    let outer = format!("{} * {} *", by.to_uppercase(), place.to_uppercase());
    if fonts.layout == Layout::B {
        let (first, second) = match p.nationality.as_str() {
            "DEU" => (AP_DE, Some(AP_EN)),
            "RUS" => (AP_RU, None),
            _ => (AP_EN, None),
        };
        let lab = |i: usize| match second {
            Some(e) => format!("{} / {}", first[i], e[i]),
            None => first[i].to_string(),
        };
        let (x0, y0, w) = (52.0, 165.0, 112.0);
        let ink = color;
        let cx = x0 + w / 2.0;
        let t = "APOSTILLE";
        let tw = s.width(14.0, FontKind::SansBold, t);
        s.text_in(
            cx - tw / 2.0,
            y0 + 8.0,
            14.0,
            FontKind::SansBold,
            t,
            ink,
            true,
        );
        let conv = "(Convention de La Haye du 5 octobre 1961)";
        let cw = s.width(7.0, FontKind::Sans, conv);
        s.text_in(
            cx - cw / 2.0,
            y0 + 12.5,
            7.0,
            FontKind::Sans,
            conv,
            ink,
            true,
        );
        let pt = 7.5;
        let lx = x0 + 4.0;
        let mut y = y0 + 19.0;
        let row = |s: &mut Sheet, y: &mut f32, n: usize, label: String, value: &str| {
            let t = format!("{n}. {label}");
            let lw = s.text_in(lx, *y, pt, FontKind::Sans, &t, ink, true);
            let vx = lx + lw + 2.0;
            let mut vpt = 8.5;
            while vpt > 6.0 && vx + s.width(vpt, FontKind::SansBold, value) > x0 + w - 4.0 {
                vpt -= 0.25;
            }
            s.text(vx, *y, vpt, FontKind::SansBold, value);
            s.hline(vx, x0 + w - 4.0, *y + 1.0, 0.1);
            *y += 5.6;
        };
        row(&mut s, &mut y, 1, lab(0), values[0]);
        s.text_in(lx, y, pt, FontKind::SansBold, &lab(1), ink, true);
        y += 5.0;
        for i in 0..3 {
            row(&mut s, &mut y, i + 2, lab(i + 2), values[i + 1]);
        }
        let cert = lab(5);
        let cw = s.width(pt, FontKind::SansBold, &cert);
        s.text_in(cx - cw / 2.0, y, pt, FontKind::SansBold, &cert, ink, true);
        y += 5.0;
        // 5 and 6 share a line, as most stamps print them ("5. at … 6. the …").
        let t5 = format!("5. {}", lab(6));
        let lw = s.text_in(lx, y, pt, FontKind::Sans, &t5, ink, true);
        s.text(lx + lw + 2.0, y, 8.5, FontKind::SansBold, values[4]);
        let x6 = cx + 8.0;
        let t6 = format!("6. {}", lab(7));
        let lw = s.text_in(x6, y, pt, FontKind::Sans, &t6, ink, true);
        s.text(x6 + lw + 2.0, y, 8.5, FontKind::SansBold, values[5]);
        y += 5.6;
        row(&mut s, &mut y, 7, lab(8), values[6]);
        row(&mut s, &mut y, 8, lab(9), values[7]);
        s.text_in(
            lx,
            y + 1.0,
            pt,
            FontKind::Sans,
            &format!("9. {}", lab(10)),
            ink,
            true,
        );
        s.text_in(
            cx + 4.0,
            y + 1.0,
            pt,
            FontKind::Sans,
            &format!("10. {}", lab(11)),
            ink,
            true,
        );
        s.stamp(
            rng,
            lx + 24.0,
            y + 15.0,
            11.0,
            &outer,
            &["APOSTILLE"],
            color,
        );
        s.signature(rng, cx + 10.0, y + 6.0, 34.0, 9.0);
        s.rect(x0, y0, w, y + 29.0 - y0, 0.5, ink);
        return s.into_page();
    }
    let (first, second) = match p.nationality.as_str() {
        "KAZ" => (AP_KK, AP_RU),
        "RUS" => (AP_RU, AP_EN),
        _ => (AP_EN, AP_FR),
    };
    let lab = |i: usize| format!("{} / {}", first[i], second[i]);
    s.center(105.0, 32.0, 24.0, FontKind::SansBold, "APOSTILLE");
    s.center(
        105.0,
        40.0,
        11.0,
        FontKind::Sans,
        "(Convention de La Haye du 5 octobre 1961)",
    );
    s.fill(LEFT, 45.0, WIDTH, 0.6, BLACK);
    let pt = 10.0;
    let lw = 78.0;
    let mut y = 52.0;
    let rule = [150, 150, 155];
    let row = |s: &mut Sheet, y: &mut f32, n: usize, label: String, value: &str| {
        let ll = s.wrap(lw - 4.0, pt, FontKind::Sans, &format!("{n}. {label}"));
        let vl = s.wrap(WIDTH - lw - 2.0, pt, FontKind::SansBold, value);
        let base = *y + 5.0;
        for (i, l) in ll.iter().enumerate() {
            s.text(LEFT + 1.0, base + i as f32 * 4.8, pt, FontKind::Sans, l);
        }
        for (i, v) in vl.iter().enumerate() {
            s.text(LEFT + lw, base + i as f32 * 4.8, pt, FontKind::SansBold, v);
        }
        *y += 4.8 * ll.len().max(vl.len()) as f32 + 4.0;
        s.fill(LEFT, *y, WIDTH, 0.2, rule);
    };
    let head = |s: &mut Sheet, y: &mut f32, text: String| {
        s.text(LEFT + 1.0, *y + 6.0, pt, FontKind::SansBold, &text);
        *y += 9.0;
        s.fill(LEFT, *y, WIDTH, 0.2, rule);
    };
    row(&mut s, &mut y, 1, lab(0), values[0]);
    head(&mut s, &mut y, lab(1));
    for i in 0..3 {
        row(&mut s, &mut y, i + 2, lab(i + 2), values[i + 1]);
    }
    head(&mut s, &mut y, lab(5));
    for i in 0..4 {
        row(&mut s, &mut y, i + 5, lab(i + 6), values[i + 4]);
    }
    y += 8.0;
    let half = WIDTH / 2.0;
    s.text(
        LEFT + 1.0,
        y,
        pt,
        FontKind::Sans,
        &format!("9. {}", lab(10)),
    );
    s.text(
        LEFT + half + 3.0,
        y,
        pt,
        FontKind::Sans,
        &format!("10. {}", lab(11)),
    );
    s.rect(LEFT, y + 3.0, half - 3.0, 42.0, 0.25, rule);
    s.rect(LEFT + half + 2.0, y + 3.0, half - 2.0, 42.0, 0.25, rule);
    s.stamp(
        rng,
        LEFT + half / 2.0,
        y + 24.0,
        17.0,
        &outer,
        &["APOSTILLE"],
        color,
    );
    s.signature(rng, LEFT + half + 15.0, y + 15.0, 50.0, 14.0);
    s.into_page()
}

fn person_ru(p: &Person) -> String {
    format!(
        "{} {}, {} года рождения, гражданство: {}, паспорт № {}, выдан {}, действителен до {}",
        p.surname_cyr,
        p.given_names_cyr,
        d_dot(p.date_of_birth),
        citizenship_ru(&p.nationality),
        p.passport_number,
        d_dot(p.passport_issued),
        d_dot(p.passport_expires)
    )
}

/// The notarized power of attorney: the applicant empowers the representative; the
/// notary certifies on the same page.
pub fn power_of_attorney(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Vec<Page> {
    let p = &case.applicant;
    let nt = notary(rng);
    let mut s = Sheet::a4(fonts);
    let mut y = heading(&mut s, 25.0, &[("ДОВЕРЕННОСТЬ", 16.0, true)]);
    s.text(LEFT, y + 3.0, 10.5, FontKind::Sans, nt.city);
    s.right(RIGHT, y + 3.0, 10.5, FontKind::Sans, &d_ru(case.doc_date));
    y += 13.0;
    let rep = case.representative.clone().unwrap_or_else(|| p.clone());
    let rep_iin = rep.iin.clone().unwrap_or_default();
    let body = format!(
        "Я, {}, настоящей доверенностью уполномочиваю {} {}, {} года рождения, ИИН {}, \
         представлять мои интересы в органах миграционной службы Министерства внутренних дел \
         Республики Казахстан, в Государственной корпорации «Правительство для граждан», в органах \
         государственных доходов и иных государственных органах и организациях Республики \
         Казахстан по вопросам оформления и продления визы, разрешения на временное и постоянное \
         проживание, регистрации по месту пребывания, внесения изменений в сведения об \
         индивидуальном идентификационном номере, для чего предоставляю право подавать и получать \
         заявления, справки и иные документы, оплачивать сборы и пошлины, расписываться за меня и \
         совершать все действия, связанные с выполнением этого поручения.",
        person_ru(p),
        rep.surname_cyr,
        rep.given_names_cyr,
        d_dot(rep.date_of_birth),
        rep_iin
    );
    y = s.para_justified(LEFT, y, WIDTH, 11.0, FontKind::Serif, &body);
    y += 3.0;
    y = s.para_justified(
        LEFT,
        y,
        WIDTH,
        11.0,
        FontKind::Serif,
        "Доверенность выдана сроком на один год без права передоверия. Содержание статей 167, \
         168 Гражданского кодекса Республики Казахстан нотариусом разъяснено.",
    );
    y += 10.0;
    let principal = format!("{} {}", p.surname_cyr, p.given_names_cyr);
    y = sign_block(
        &mut s,
        rng,
        y,
        "Доверитель",
        &format!("{} / {}", principal, p.full_name()),
        None,
        BLACK,
    );
    s.hline(LEFT, RIGHT, y + 2.0, 0.3);
    certify(
        &mut s,
        rng,
        y + 10.0,
        &nt,
        Act::PowerOfAttorney(&principal),
        case.doc_date,
        false,
    );
    vec![s.into_page()]
}

/// Certificate of state registration of a legal entity (e-government style, bilingual).
pub fn legal_entity_registration(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let c = &case.company;
    let mut s = Sheet::a4(fonts);
    let mut y = heading(
        &mut s,
        22.0,
        &[
            (
                "«Азаматтарға арналған үкімет» мемлекеттік корпорациясы» КЕАҚ",
                9.0,
                false,
            ),
            (
                "НАО «Государственная корпорация «Правительство для граждан»",
                9.0,
                false,
            ),
            (
                "Заңды тұлғаны мемлекеттік тіркеу туралы АНЫҚТАМА",
                13.0,
                true,
            ),
            (
                "СПРАВКА о государственной регистрации юридического лица",
                13.0,
                true,
            ),
        ],
    );
    let year = c.bin.get(0..2).unwrap_or("10");
    let month = c.bin.get(2..4).unwrap_or("01");
    let reg_date = format!("{:02}.{month}.20{year}", rng.random_range(1..28));
    let activity = [
        "Инженерные изыскания и технический консалтинг (ОКЭД 71122)",
        "Строительство жилых и нежилых зданий (ОКЭД 41201)",
        "Оптовая торговля прочими машинами и оборудованием (ОКЭД 46690)",
        "Деятельность в области информационных технологий (ОКЭД 62090)",
    ][rng.random_range(0..4)];
    let rows = vec![
        ("БСН / БИН".to_string(), c.bin.clone()),
        ("Атауы / Наименование".to_string(), c.name_cyr.clone()),
        (
            "Атауы латын әрпімен / Наименование на латинице".to_string(),
            c.name.clone(),
        ),
        (
            "Алғашқы тіркелген күні / Дата первичной регистрации".to_string(),
            reg_date,
        ),
        (
            "Орналасқан жері / Местонахождение".to_string(),
            c.address.clone(),
        ),
        ("Басшы / Руководитель".to_string(), c.head_cyr.clone()),
        ("Құрылтайшылар / Учредители".to_string(), c.head_cyr.clone()),
        (
            "Қызмет түрі / Вид деятельности".to_string(),
            activity.to_string(),
        ),
        (
            "Ұйымдық-құқықтық нысаны / Организационно-правовая форма".to_string(),
            "Товарищество с ограниченной ответственностью".to_string(),
        ),
    ];
    y = table(&mut s, LEFT, y + 6.0, WIDTH, 72.0, 10.0, &rows);
    y += 8.0;
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
    y += 8.0;
    s.para(
        LEFT,
        y,
        WIDTH,
        8.5,
        FontKind::Sans,
        "Осы құжат «Электрондық құжат және электрондық цифрлық қолтаңба туралы» ҚР Заңына сәйкес қағаз \
         тасығыштағы құжатқа тең. Данный документ согласно Закону РК «Об электронном документе и \
         электронной цифровой подписи» равнозначен документу на бумажном носителе.",
    );
    qr(&mut s, rng, RIGHT - 35.0, 245.0, 35.0);
    s.into_page()
}

/// A QR-code-like block of modules (mm), deterministic from the rng.
pub(super) fn qr(s: &mut Sheet, rng: &mut ChaCha8Rng, x: f32, y: f32, size: f32) {
    let n = 29;
    let m = size / n as f32;
    for r in 0..n {
        for c in 0..n {
            let finder = |a: usize, b: usize| a < 7 && b < 7;
            let on = if finder(r, c) || finder(r, n - 1 - c) || finder(n - 1 - r, c) {
                let (rr, cc) = (r % (n - 7), c % (n - 7));
                let (rr, cc) = (rr.min(6), cc.min(6));
                rr == 0
                    || rr == 6
                    || cc == 0
                    || cc == 6
                    || ((2..=4).contains(&rr) && (2..=4).contains(&cc))
            } else {
                rng.random_bool(0.5)
            };
            if on {
                s.fill(x + c as f32 * m, y + r as f32 * m, m, m, BLACK);
            }
        }
    }
}

/// Decision of the sole participant appointing the head.
pub fn shareholder_resolution(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let c = &case.company;
    let mut s = Sheet::a4(fonts);
    let no = rng.random_range(1..12);
    let mut y = heading(
        &mut s,
        28.0,
        &[
            (&format!("РЕШЕНИЕ № {no}"), 15.0, true),
            (
                &format!("единственного участника {}", c.name_cyr),
                12.0,
                true,
            ),
        ],
    );
    let back = chrono::Days::new(rng.random_range(60..900));
    let date = case
        .doc_date
        .checked_sub_days(back)
        .unwrap_or(case.doc_date);
    s.text(
        LEFT,
        y + 4.0,
        10.5,
        FontKind::Sans,
        if c.address.contains("Алматы") {
            "г. Алматы"
        } else {
            "г. Астана"
        },
    );
    s.right(RIGHT, y + 4.0, 10.5, FontKind::Sans, &d_ru(date));
    y += 14.0;
    let body = format!(
        "Я, {}, являясь единственным участником {} (БИН {}), место нахождения: {}, \
         в соответствии с Законом Республики Казахстан «О товариществах с ограниченной и \
         дополнительной ответственностью» и Уставом товарищества",
        c.head_cyr, c.name_cyr, c.bin, c.address
    );
    y = s.para_justified(LEFT, y, WIDTH, 11.0, FontKind::Serif, &body);
    y += 4.0;
    s.center(105.0, y, 12.0, FontKind::SansBold, "РЕШИЛ:");
    y += 8.0;
    for item in [
        format!("1. Назначить директором {} {} сроком на три года.", c.name_cyr, c.head_cyr),
        "2. Предоставить директору право без доверенности действовать от имени товарищества, в том числе подписывать приглашения иностранных граждан и трудовые договоры с ними.".to_string(),
        "3. Настоящее решение вступает в силу с момента его подписания.".to_string(),
    ] {
        y = s.para_justified(LEFT, y, WIDTH, 11.0, FontKind::Serif, &item);
        y += 2.0;
    }
    y += 10.0;
    let (outer, inner) = super::layout::company_seal(c);
    let inner: Vec<&str> = inner.iter().map(String::as_str).collect();
    let color = stamp_color(rng);
    sign_block(
        &mut s,
        rng,
        y,
        "Единственный участник",
        &short_name(&c.head_cyr),
        Some((&outer, &inner)),
        color,
    );
    s.into_page()
}

/// Order of appointment of the head.
pub fn appointment_order(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let c = &case.company;
    let mut s = Sheet::a4(fonts);
    let mut y = super::layout::letterhead(&mut s, c);
    let no = format!("{}-к", rng.random_range(1..60));
    let back = chrono::Days::new(rng.random_range(60..900));
    let date = case
        .doc_date
        .checked_sub_days(back)
        .unwrap_or(case.doc_date);
    y = heading(
        &mut s,
        y + 8.0,
        &[(&format!("БҰЙРЫҚ / ПРИКАЗ № {no}"), 15.0, true)],
    );
    s.text(LEFT, y + 2.0, 10.5, FontKind::Sans, &d_ru(date));
    y += 12.0;
    s.text(LEFT, y, 11.0, FontKind::SansBold, "О назначении директора");
    y += 10.0;
    y = s.para_justified(
        LEFT,
        y,
        WIDTH,
        11.0,
        FontKind::Serif,
        &format!(
            "На основании решения единственного участника {} и в соответствии со статьёй 33 \
             Трудового кодекса Республики Казахстан",
            c.name_cyr
        ),
    );
    y += 4.0;
    s.center(105.0, y, 12.0, FontKind::SansBold, "ПРИКАЗЫВАЮ:");
    y += 8.0;
    y = s.para_justified(
        LEFT,
        y,
        WIDTH,
        11.0,
        FontKind::Serif,
        &format!(
            "1. Приступить к исполнению обязанностей директора {} с {} {}.\n2. Возложить на \
             себя обязанности главного бухгалтера до назначения лица на эту должность.",
            c.name_cyr,
            d_dot(date),
            c.head_cyr
        ),
    );
    y += 12.0;
    company_sign(&mut s, rng, y, c);
    s.into_page()
}

/// The owner's notarized consent to the applicant's registration at the owner's flat.
pub fn property_owner_consent(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Vec<Page> {
    let p = &case.applicant;
    let owner = case.representative.clone().unwrap_or_else(|| p.clone());
    let nt = notary(rng);
    let mut s = Sheet::a4(fonts);
    let mut y = heading(
        &mut s,
        25.0,
        &[
            ("СОГЛАСИЕ", 16.0, true),
            (
                "собственника жилища на регистрацию иностранца по месту пребывания",
                11.0,
                false,
            ),
        ],
    );
    s.text(LEFT, y + 3.0, 10.5, FontKind::Sans, nt.city);
    s.right(RIGHT, y + 3.0, 10.5, FontKind::Sans, &d_ru(case.doc_date));
    y += 13.0;
    let street = [
        "ул. Жибек жолы",
        "мкр. Самал-2",
        "ул. Розыбакиева",
        "пр. Республики",
    ][rng.random_range(0..4)];
    let addr = format!(
        "{}, {street}, д. {}, кв. {}",
        nt.city,
        rng.random_range(1..120),
        rng.random_range(1..200)
    );
    let owner_name = format!(
        "{} {}",
        title(&owner.surname_cyr),
        title(&owner.given_names_cyr)
    );
    let body = format!(
        "Я, {owner_name}, {} года рождения, ИИН {}, являясь собственником жилища, \
         расположенного по адресу: {addr}, на основании договора купли-продажи, зарегистрированного \
         в установленном порядке, даю согласие на регистрацию по месту пребывания и проживание \
         по указанному адресу иностранного гражданина {} {} ({}), {} года рождения, гражданство: {}, \
         паспорт № {}, на срок до {}.",
        d_dot(owner.date_of_birth),
        owner.iin.clone().unwrap_or_default(),
        p.surname_cyr,
        p.given_names_cyr,
        p.full_name(),
        d_dot(p.date_of_birth),
        citizenship_ru(&p.nationality),
        p.passport_number,
        d_dot(case.valid_until)
    );
    y = s.para_justified(LEFT, y, WIDTH, 11.0, FontKind::Serif, &body);
    y += 12.0;
    y = sign_block(&mut s, rng, y, "Собственник", &owner_name, None, BLACK);
    s.hline(LEFT, RIGHT, y + 2.0, 0.3);
    let who = format!("гр. {owner_name}");
    certify(
        &mut s,
        rng,
        y + 10.0,
        &nt,
        Act::Signature(&who),
        case.doc_date,
        false,
    );
    vec![s.into_page()]
}
