//! Passport data page (TD3, 125 × 88 mm) and identity card (TD1, 85.6 × 54 mm, front and
//! back), with the visual zone labelled in the issuing state's language and English and
//! the machine-readable zone in OCR-B at its real size.

use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;

use super::draw::{px, Color, Sheet, BLACK, GREY};
use super::mrz::{self, MrzData};
use super::util::{d_dot, d_mon};
use super::{FontKind, Fonts, Layout, Page, TextRun};
use crate::case::{Case, Person};

/// Labels of the visual zone, each "local / English" (or English / French).
struct Labels {
    state: &'static str,
    title: &'static str,
    typ: &'static str,
    code: &'static str,
    number: &'static str,
    surname: &'static str,
    given: &'static str,
    nationality: &'static str,
    birth: &'static str,
    sex: &'static str,
    place: &'static str,
    issued: &'static str,
    authority: &'static str,
    expiry: &'static str,
    signature: &'static str,
    personal: &'static str,
    /// Printed nationality and authority.
    nat_value: &'static str,
    authority_value: &'static str,
    /// Paper tint and guilloche colour.
    tint: Color,
    lines: Color,
    dotted_dates: bool,
}

fn labels(code: &str) -> Labels {
    let base = Labels {
        state: "UNITED STATES OF AMERICA",
        title: "PASSPORT / PASSEPORT / PASAPORTE",
        typ: "Type / Type / Tipo",
        code: "Code / Code / Código",
        number: "Passport No. / No. du Passeport",
        surname: "Surname / Nom / Apellidos",
        given: "Given Names / Prénoms / Nombres",
        nationality: "Nationality / Nationalité / Nacionalidad",
        birth: "Date of birth / Date de naissance",
        sex: "Sex / Sexe",
        place: "Place of birth / Lieu de naissance",
        issued: "Date of issue / Date de délivrance",
        authority: "Authority / Autorité",
        expiry: "Date of expiration / Date d'expiration",
        signature: "Signature of bearer / Signature du titulaire",
        personal: "Personal No. / No. personnel",
        nat_value: "UNITED STATES OF AMERICA",
        authority_value: "United States Department of State",
        tint: [244, 246, 252],
        lines: [205, 215, 238],
        dotted_dates: false,
    };
    match code {
        "DEU" => Labels {
            state: "BUNDESREPUBLIK DEUTSCHLAND / FEDERAL REPUBLIC OF GERMANY",
            title: "REISEPASS / PASSPORT / PASSEPORT",
            typ: "Typ / Type",
            code: "Kode / Code",
            number: "Pass-Nr. / Passport No.",
            surname: "Name / Surname / Nom",
            given: "Vornamen / Given names / Prénoms",
            nationality: "Staatsangehörigkeit / Nationality",
            birth: "Geburtstag / Date of birth",
            sex: "Geschlecht / Sex",
            place: "Geburtsort / Place of birth",
            issued: "Ausstellungsdatum / Date of issue",
            authority: "Behörde / Authority",
            expiry: "Gültig bis / Date of expiry",
            signature: "Unterschrift / Signature",
            nat_value: "DEUTSCH",
            authority_value: "Stadt Hamburg",
            tint: [252, 244, 246],
            lines: [238, 205, 215],
            dotted_dates: true,
            ..base
        },
        "GBR" => Labels {
            state: "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND",
            title: "PASSPORT / PASSEPORT",
            typ: "Type / Type",
            code: "Code / Code",
            surname: "Surname / Nom",
            given: "Given names / Prénoms",
            nationality: "Nationality / Nationalité",
            nat_value: "BRITISH CITIZEN",
            authority_value: "HMPO",
            tint: [250, 245, 250],
            lines: [225, 205, 228],
            ..base
        },
        "CHN" => Labels {
            state: "PEOPLE'S REPUBLIC OF CHINA",
            title: "PASSPORT",
            typ: "Type",
            code: "Country Code",
            number: "Passport No.",
            surname: "Surname",
            given: "Given names",
            nationality: "Nationality",
            birth: "Date of birth",
            sex: "Sex",
            place: "Place of birth",
            issued: "Date of issue",
            authority: "Authority",
            expiry: "Date of expiry",
            signature: "Bearer's signature",
            nat_value: "CHINESE",
            authority_value: "National Immigration Administration PRC",
            tint: [250, 247, 240],
            lines: [232, 218, 196],
            ..base
        },
        "TUR" => Labels {
            state: "TÜRKİYE CUMHURİYETİ / REPUBLIC OF TÜRKİYE",
            title: "PASAPORT / PASSPORT",
            typ: "Tipi / Type",
            code: "Kod / Code",
            number: "Pasaport No / Passport No",
            surname: "Soyadı / Surname",
            given: "Adı / Given name(s)",
            nationality: "Uyruğu / Nationality",
            birth: "Doğum tarihi / Date of birth",
            sex: "Cinsiyeti / Sex",
            place: "Doğum yeri / Place of birth",
            issued: "Veriliş tarihi / Date of issue",
            authority: "Makam / Authority",
            expiry: "Geçerlilik tarihi / Date of expiry",
            signature: "İmza / Signature",
            nat_value: "T.C.",
            authority_value: "T.C. İÇİŞLERİ BAKANLIĞI",
            tint: [252, 246, 244],
            lines: [236, 210, 204],
            ..base
        },
        "IND" => Labels {
            state: "REPUBLIC OF INDIA",
            title: "PASSPORT",
            typ: "Type",
            code: "Country Code",
            number: "Passport No.",
            surname: "Surname",
            given: "Given Name(s)",
            nationality: "Nationality",
            birth: "Date of Birth",
            sex: "Sex",
            place: "Place of Birth",
            issued: "Date of Issue",
            authority: "Place of Issue",
            expiry: "Date of Expiry",
            nat_value: "INDIAN",
            authority_value: "MUMBAI",
            tint: [246, 250, 244],
            lines: [208, 230, 204],
            dotted_dates: true,
            ..base
        },
        "KOR" => Labels {
            state: "REPUBLIC OF KOREA",
            title: "PASSPORT",
            typ: "Type",
            code: "Issuing country",
            number: "Passport No.",
            surname: "Surname",
            given: "Given names",
            nationality: "Nationality",
            birth: "Date of birth",
            sex: "Sex",
            place: "Place of birth",
            issued: "Date of issue",
            authority: "Authority",
            expiry: "Date of expiry",
            nat_value: "REPUBLIC OF KOREA",
            authority_value: "MINISTRY OF FOREIGN AFFAIRS",
            ..base
        },
        "RUS" => Labels {
            state: "РОССИЙСКАЯ ФЕДЕРАЦИЯ / RUSSIAN FEDERATION",
            title: "ПАСПОРТ / PASSPORT",
            typ: "Тип / Type",
            code: "Код / Code",
            number: "Номер паспорта / Passport No.",
            surname: "Фамилия / Surname",
            given: "Имя / Given names",
            nationality: "Гражданство / Nationality",
            birth: "Дата рождения / Date of birth",
            sex: "Пол / Sex",
            place: "Место рождения / Place of birth",
            issued: "Дата выдачи / Date of issue",
            authority: "Орган, выдавший документ / Authority",
            expiry: "Действителен до / Date of expiry",
            signature: "Подпись владельца / Holder's signature",
            nat_value: "РОССИЙСКАЯ ФЕДЕРАЦИЯ / RUSSIAN FEDERATION",
            authority_value: "МВД 77001",
            tint: [248, 244, 252],
            lines: [218, 206, 236],
            dotted_dates: true,
            ..base
        },
        "KAZ" => Labels {
            state: "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ / REPUBLIC OF KAZAKHSTAN",
            title: "ТӨЛҚҰЖАТ / PASSPORT",
            typ: "Түрі / Type",
            code: "Коды / Code",
            number: "Төлқұжат нөмірі / Passport No.",
            surname: "Тегі / Surname",
            given: "Аты / Given names",
            nationality: "Азаматтығы / Nationality",
            birth: "Туған күні / Date of birth",
            sex: "Жынысы / Sex",
            place: "Туған жері / Place of birth",
            issued: "Берілген күні / Date of issue",
            authority: "Берген орган / Authority",
            expiry: "Қолданылу мерзімі / Date of expiry",
            signature: "Иесінің қолы / Holder's signature",
            personal: "ЖСН / Personal No.",
            nat_value: "ҚАЗАҚСТАН / KAZAKHSTAN",
            authority_value: "ҚР ІІМ / MIA",
            tint: [242, 250, 252],
            lines: [196, 226, 236],
            dotted_dates: true,
        },
        "UZB" => Labels {
            state: "O'ZBEKISTON RESPUBLIKASI / REPUBLIC OF UZBEKISTAN",
            title: "PASPORT / PASSPORT",
            typ: "Turi / Type",
            code: "Kodi / Code",
            number: "Pasport raqami / Passport No.",
            surname: "Familiyasi / Surname",
            given: "Ismi / Given names",
            nationality: "Fuqaroligi / Nationality",
            birth: "Tug'ilgan sanasi / Date of birth",
            sex: "Jinsi / Sex",
            place: "Tug'ilgan joyi / Place of birth",
            issued: "Berilgan sanasi / Date of issue",
            authority: "Kim tomonidan berilgan / Authority",
            expiry: "Amal qilish muddati / Date of expiry",
            signature: "Imzo / Signature",
            nat_value: "UZBEKISTAN",
            authority_value: "IIV 26280",
            tint: [244, 250, 247],
            lines: [204, 232, 216],
            dotted_dates: true,
            ..base
        },
        _ => base,
    }
}

fn date(l: &Labels, d: NaiveDate) -> String {
    if l.dotted_dates {
        d_dot(d)
    } else {
        d_mon(d)
    }
}

fn sex_value(code: &str, sex: char) -> String {
    match (code, sex) {
        ("KAZ", 'M') => "ЕР / M".into(),
        ("KAZ", _) => "ӘЙЕЛ / F".into(),
        ("RUS", 'M') => "МУЖ / M".into(),
        ("RUS", _) => "ЖЕН / F".into(),
        (_, s) => s.to_string(),
    }
}

/// The IIN the MRZ and certificates print, honouring the tamper override.
pub(super) fn printed_iin(case: &Case, p: &Person) -> Option<String> {
    case.tamper.iin_override.clone().or_else(|| p.iin.clone())
}

/// A grey photo placeholder with a head-and-shoulders silhouette.
pub(super) fn photo(s: &mut Sheet, x: f32, y: f32, w: f32, h: f32) {
    s.fill(x, y, w, h, [226, 226, 228]);
    let sil: Color = [160, 160, 166];
    let clip = (x, y, w, h);
    s.ellipse((x + w / 2.0, y + h * 1.02), (w * 0.48, h * 0.32), clip, sil);
    s.ellipse((x + w / 2.0, y + h * 0.42), (w * 0.23, h * 0.22), clip, sil);
    s.rect(x, y, w, h, 0.2, GREY);
}

/// A photo placeholder on a background `bg`, the head `head` times family `a`'s size
/// (a visa photo's head fills 70–80 % of the height).
pub(super) fn photo_on(s: &mut Sheet, x: f32, y: f32, w: f32, h: f32, bg: Color, head: f32) {
    s.fill(x, y, w, h, bg);
    let sil: Color = [150, 150, 158];
    let clip = (x, y, w, h);
    s.ellipse((x + w / 2.0, y + h * 1.02), (w * 0.5, h * 0.3), clip, sil);
    let (hx, hy) = (w * 0.23 * head, h * 0.22 * head);
    s.ellipse((x + w / 2.0, y + h * 0.44), (hx, hy), clip, sil);
}

/// Label (small) above value (larger, bold) at (x, y) where y is the value's baseline.
/// Values shrink to end before `FIELD_RIGHT` (mm from the sheet's left edge).
fn field(s: &mut Sheet, x: f32, y: f32, label: &str, value: &str) {
    s.text_in(x, y - 3.6, 5.5, FontKind::Sans, label, [70, 70, 80], true);
    let mut pt = 9.0;
    while pt > 6.0 && x + s.width(pt, FontKind::SansBold, value) > FIELD_RIGHT {
        pt -= 0.25;
    }
    s.text(x, y, pt, FontKind::SansBold, value);
}

/// Right edge of the TD3 visual zone's text (8 mm margin + 125 mm page - 3 mm).
const FIELD_RIGHT: f32 = 130.0;

/// Draws an MRZ line in OCR-B size 10 (ISO 1073-2, about 2.4 mm capital height) on the
/// ICAO 2.54 mm character pitch: each character is centred in its own 2.54 mm cell, as
/// MRZ printers set them. One text run holds the whole line.
///
/// The sheet's [`MrzSet`](super::MrzSet) may set another pitch and size (within ICAO's
/// tolerances); the zone then keeps its centre.
pub(super) fn mrz_line(s: &mut Sheet, x: f32, y: f32, line: &str) {
    let set = s.fonts.mrz;
    let (pitch, pt, x) = if set == super::MrzSet::NOMINAL {
        (MRZ_PITCH, MRZ_PT, x)
    } else {
        let n = line.chars().count() as f32;
        (set.pitch, set.size, x + n * (MRZ_PITCH - set.pitch) / 2.0)
    };
    let runs_before = s.runs.len();
    for (i, c) in line.chars().enumerate() {
        let mut buf = [0u8; 4];
        let ch: &str = c.encode_utf8(&mut buf);
        let w = s.width(pt, FontKind::OcrB, ch);
        s.text_in(
            x + i as f32 * pitch + (pitch - w) / 2.0,
            y,
            pt,
            FontKind::OcrB,
            ch,
            BLACK,
            false,
        );
    }
    s.runs.truncate(runs_before);
    s.runs.push(TextRun {
        text: line.to_string(),
        x: px(x),
        y: px(y),
        size: px(pt * 25.4 / 72.0),
        font: FontKind::OcrB,
    });
}

/// OCR-B size for machine-readable zones, in points.
pub(super) const MRZ_PT: f32 = 11.0;
/// ICAO's nominal character pitch in mm (10 characters per inch).
pub(super) const MRZ_PITCH: f32 = 2.54;

/// The TD3 passport data page, with an 8 mm white margin as a flatbed scan crops it.
pub fn passport(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    if fonts.layout != Layout::A {
        return passport_bc(case, fonts, rng);
    }
    let p = &case.applicant;
    let l = labels(&p.nationality);
    let (m, w, h) = (8.0, 125.0, 88.0);
    let mut s = Sheet::new(fonts, w + 2.0 * m, h + 2.0 * m);
    s.fill(m, m, w, h, l.tint);
    s.guilloche(rng, m, m + 2.0, w, h - 26.0, l.lines);
    s.rect(m, m, w, h, 0.15, [200, 200, 205]);
    let (x0, y0) = (m, m);

    s.text(x0 + 5.0, y0 + 6.0, 7.5, FontKind::SansBold, l.state);
    s.text(x0 + 5.0, y0 + 10.5, 7.0, FontKind::Sans, l.title);
    photo(&mut s, x0 + 5.0, y0 + 15.0, 33.0, 42.0);

    let c1 = x0 + 43.0;
    let c2 = x0 + 58.0;
    let c3 = x0 + 88.0;
    let mut y = y0 + 18.0;
    let step = 7.2;
    field(&mut s, c1, y, l.typ, "P");
    field(&mut s, c2, y, l.code, &p.nationality);
    field(&mut s, c3, y, l.number, &p.passport_number);
    y += step;
    let cyr = p.passport_has_cyrillic;
    let sur = if cyr {
        format!("{} / {}", p.surname_cyr, p.surname)
    } else {
        p.surname.clone()
    };
    field(&mut s, c1, y, l.surname, &sur);
    y += step;
    let given = if cyr {
        format!("{} / {}", p.given_names_cyr, p.given_names)
    } else {
        p.given_names.clone()
    };
    field(&mut s, c1, y, l.given, &given);
    y += step;
    field(&mut s, c1, y, l.nationality, l.nat_value);
    let iin = printed_iin(case, p);
    if p.nationality == "KAZ" {
        if let Some(iin) = &iin {
            field(&mut s, c3 + 5.0, y, l.personal, iin);
        }
    }
    y += step;
    field(&mut s, c1, y, l.birth, &date(&l, p.date_of_birth));
    field(
        &mut s,
        c3 - 5.0,
        y,
        l.sex,
        &sex_value(&p.nationality, p.sex),
    );
    y += step;
    let place = if cyr {
        format!("{} / {}", p.place_of_birth_cyr, p.place_of_birth)
    } else {
        p.place_of_birth.clone()
    };
    field(&mut s, c1, y, l.place, &place);
    y += step;
    field(&mut s, c1, y, l.issued, &date(&l, p.passport_issued));
    field(&mut s, c3 - 5.0, y, l.authority, l.authority_value);
    y += step;
    field(&mut s, c1, y, l.expiry, &date(&l, p.passport_expires));
    s.text_in(
        c3 - 5.0,
        y - 3.6,
        5.5,
        FontKind::Sans,
        l.signature,
        [70, 70, 80],
        true,
    );
    s.signature(rng, c3, y - 3.0, 22.0, 5.0);
    // The number again, vertically perforated on real passports; printed small here.
    s.text_in(
        x0 + 5.0,
        y0 + 61.0,
        6.0,
        FontKind::Sans,
        &p.passport_number,
        [90, 90, 100],
        true,
    );

    // Machine-readable zone: clear band at the bottom 23.2 mm.
    s.fill(x0 + 0.2, y0 + h - 23.2, w - 0.4, 23.0, [252, 252, 252]);
    let personal = if p.nationality == "KAZ" {
        iin.unwrap_or_default()
    } else {
        String::new()
    };
    let lines = mrz::td3(&MrzData {
        doc_type: "P",
        issuing_state: &p.nationality,
        surname: &p.surname,
        given_names: &p.given_names,
        number: &p.passport_number,
        nationality: &p.nationality,
        birth: p.date_of_birth,
        sex: p.sex,
        expiry: p.passport_expires,
        personal: &personal,
        bad_check_digit: case.tamper.mrz_bad_check_digit,
    });
    let mx = x0 + (w - 44.0 * 2.54) / 2.0;
    mrz_line(&mut s, mx, y0 + h - 12.5, &lines[0]);
    mrz_line(&mut s, mx, y0 + h - 5.5, &lines[1]);
    s.into_page()
}

/// A TD1 identity card: front (photo, names, number, IIN) and back (MRZ, 3 × 30).
///
/// The card is the applicant's; its document number is the person's passport number
/// field (the case has one document number per person).
pub fn id_card(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Vec<Page> {
    if fonts.layout != Layout::A {
        return id_card_bc(case, fonts, rng);
    }
    let p = &case.applicant;
    let kaz = p.nationality == "KAZ";
    let (m, w, h) = (8.0, 85.6, 54.0);
    let iin = printed_iin(case, p).unwrap_or_default();
    let mut front = Sheet::new(fonts, w + 2.0 * m, h + 2.0 * m);
    let l = labels(&p.nationality);
    front.fill(m, m, w, h, l.tint);
    front.guilloche(rng, m, m + 1.0, w, h - 2.0, l.lines);
    front.rect(m, m, w, h, 0.15, [200, 200, 205]);
    let (state, title) = if kaz {
        (
            "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ / REPUBLIC OF KAZAKHSTAN",
            "ЖЕКЕ КУӘЛІК / IDENTITY CARD",
        )
    } else {
        (l.state, "IDENTITY CARD")
    };
    front.text(m + 3.0, m + 5.0, 5.5, FontKind::SansBold, state);
    front.text(m + 3.0, m + 8.5, 5.5, FontKind::Sans, title);
    photo(&mut front, m + 3.0, m + 11.0, 24.0, 31.0);
    let x = m + 30.0;
    let small = |s: &mut Sheet, y: f32, label: &str, value: &str| {
        s.text_in(x, y - 2.8, 4.5, FontKind::Sans, label, [70, 70, 80], true);
        s.text(x, y, 7.0, FontKind::SansBold, value);
    };
    let (sur, giv) = if kaz {
        (
            format!("{} / {}", p.surname_cyr, p.surname),
            format!("{} / {}", p.given_names_cyr, p.given_names),
        )
    } else {
        (p.surname.clone(), p.given_names.clone())
    };
    small(&mut front, m + 15.0, l.surname, &sur);
    small(&mut front, m + 21.0, l.given, &giv);
    small(&mut front, m + 27.0, l.birth, &d_dot(p.date_of_birth));
    let doc_no = if kaz {
        "Құжат нөмірі / Document No."
    } else {
        "Document No."
    };
    small(&mut front, m + 33.0, doc_no, &p.passport_number);
    small(&mut front, m + 39.0, l.expiry, &d_dot(p.passport_expires));
    if kaz {
        small(&mut front, m + 45.0, "ЖСН / ИИН / IIN", &iin);
    }
    front.signature(rng, m + 4.0, m + 44.0, 20.0, 6.0);

    let mut back = Sheet::new(fonts, w + 2.0 * m, h + 2.0 * m);
    back.fill(m, m, w, h, l.tint);
    back.rect(m, m, w, h, 0.15, [200, 200, 205]);
    back.text(
        m + 3.0,
        m + 6.0,
        5.0,
        FontKind::Sans,
        &format!("{}: {}", l.place, p.place_of_birth),
    );
    back.text(
        m + 3.0,
        m + 10.0,
        5.0,
        FontKind::Sans,
        &format!("{}: {}", l.issued, d_dot(p.passport_issued)),
    );
    back.text(
        m + 3.0,
        m + 14.0,
        5.0,
        FontKind::Sans,
        &format!("{}: {}", l.authority, l.authority_value),
    );
    back.fill(m + 0.2, m + h - 19.0, w - 0.4, 18.8, [252, 252, 252]);
    let lines = mrz::td1(&MrzData {
        doc_type: "ID",
        issuing_state: &p.nationality,
        surname: &p.surname,
        given_names: &p.given_names,
        number: &p.passport_number,
        nationality: &p.nationality,
        birth: p.date_of_birth,
        sex: p.sex,
        expiry: p.passport_expires,
        personal: if kaz { &iin } else { "" },
        bad_check_digit: case.tamper.mrz_bad_check_digit,
    });
    let mx = m + (w - 30.0 * 2.54) / 2.0;
    for (i, line) in lines.iter().enumerate() {
        mrz_line(&mut back, mx, m + h - 13.5 + i as f32 * 5.0, line);
    }
    vec![front.into_page(), back.into_page()]
}

/// A visual-zone field of families `b` and `c`: its label, its value and where it goes
/// (column x, the x its value must end before, and its row).
struct Vf {
    label: String,
    value: String,
    x: f32,
    right: f32,
    row: usize,
}

/// Label (small, grey) above value (bold, shrunk to end before `right`).
fn field_to(
    s: &mut Sheet,
    x: f32,
    y: f32,
    right: f32,
    sizes: (f32, f32),
    label: &str,
    value: &str,
) {
    let (lpt, vpt) = sizes;
    let mut l = lpt;
    while l > 3.4 && x + s.width(l, FontKind::Sans, label) > right + 1.5 {
        l -= 0.25;
    }
    s.text_in(
        x,
        y - vpt * 0.3528 - 0.9,
        l,
        FontKind::Sans,
        label,
        [70, 70, 80],
        true,
    );
    let mut pt = vpt;
    while pt > vpt * 0.66 && x + s.width(pt, FontKind::SansBold, value) > right {
        pt -= 0.25;
    }
    s.text(x, y, pt, FontKind::SansBold, value);
}

/// The ICAO 9303 visual zone words of one field in English, French and Russian (the
/// three-language labels of data pages: "Surname / Nom / Фамилия").
const VZ: &[(&str, &str, &str, &str)] = &[
    ("type", "Type", "Type", "Тип"),
    ("code", "Code", "Code", "Код"),
    (
        "number",
        "Passport No.",
        "No. du passeport",
        "Номер паспорта",
    ),
    ("surname", "Surname", "Nom", "Фамилия"),
    ("given", "Given names", "Prénoms", "Имя"),
    ("nationality", "Nationality", "Nationalité", "Гражданство"),
    (
        "birth",
        "Date of birth",
        "Date de naissance",
        "Дата рождения",
    ),
    ("sex", "Sex", "Sexe", "Пол"),
    (
        "place",
        "Place of birth",
        "Lieu de naissance",
        "Место рождения",
    ),
    (
        "issued",
        "Date of issue",
        "Date de délivrance",
        "Дата выдачи",
    ),
    ("authority", "Authority", "Autorité", "Орган выдачи"),
    (
        "expiry",
        "Date of expiry",
        "Date d'expiration",
        "Действителен до",
    ),
    (
        "signature",
        "Holder's signature",
        "Signature du titulaire",
        "Подпись",
    ),
    ("personal", "Personal No.", "No. personnel", "Личный номер"),
];

/// A label of families `b` and `c`: the state's own word (the first part of family `a`'s
/// label when it is not English) followed by English and French (`b`) or English, French
/// and Russian (`c`), each once.
fn vz_label(layout: Layout, key: &str, own: &str) -> String {
    let Some(&(_, en, fr, ru)) = VZ.iter().find(|v| v.0 == key) else {
        return own.to_string();
    };
    let first = own.split(" / ").next().unwrap_or(own).trim();
    // English-speaking states' labels start in English; the others in their language.
    let english = first.is_ascii()
        && VZ
            .iter()
            .any(|v| first.contains(v.1) || v.1.contains(first));
    let mut parts: Vec<&str> = Vec::new();
    if !english {
        parts.push(first);
    }
    parts.push(en);
    parts.push(fr);
    if layout == Layout::C
        && !parts
            .iter()
            .any(|p| p.chars().any(|c| ('А'..='я').contains(&c)))
    {
        parts.push(ru);
    }
    let mut once: Vec<&str> = Vec::new();
    for p in parts {
        if !once.iter().any(|o| o.eq_ignore_ascii_case(p)) {
            once.push(p);
        }
    }
    once.join(" / ")
}

/// The TD3 data page of families `b` and `c`.
///
/// `b`: the European model: photo left, fields numbered 1–10 in the order surname,
/// given names, nationality, date of birth, sex, place of birth, date of issue, date of
/// expiry, authority, signature, labels in the state's language, English and French.
/// `c` (held back): photo on the right, document number top right, fields unnumbered in
/// another order (names, birth and sex, place, nationality and personal number, issue and
/// expiry, authority), labels in up to four languages ("Surname / Nom / Фамилия").
fn passport_bc(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    let lay = fonts.layout;
    let p = &case.applicant;
    let l = labels(&p.nationality);
    let (m, w, h) = (8.0, 125.0, 88.0);
    let mut s = Sheet::new(fonts, w + 2.0 * m, h + 2.0 * m);
    s.fill(m, m, w, h, l.tint);
    s.guilloche(rng, m, m + 2.0, w, h - 26.0, l.lines);
    s.rect(m, m, w, h, 0.15, [200, 200, 205]);
    let (x0, y0) = (m, m);
    let cyr = p.passport_has_cyrillic;
    let both = |c: &str, l: &str| {
        if cyr {
            format!("{c} / {l}")
        } else {
            l.to_string()
        }
    };
    let iin = printed_iin(case, p);
    let lab = |key: &str, own: &str| vz_label(lay, key, own);
    let mut f: Vec<Vf> = Vec::new();
    let mut add = |label: String, value: String, x: f32, right: f32, row: usize| {
        f.push(Vf {
            label,
            value,
            x,
            right,
            row,
        })
    };
    let sig_at = if lay == Layout::B {
        s.center(x0 + w / 2.0, y0 + 5.5, 7.5, FontKind::SansBold, l.state);
        s.center(x0 + w / 2.0, y0 + 9.5, 6.5, FontKind::Sans, l.title);
        photo(&mut s, x0 + 4.0, y0 + 14.0, 32.0, 41.0);
        let (c1, c2, c3, r) = (x0 + 40.0, x0 + 60.0, x0 + 86.0, x0 + w - 3.0);
        add(lab("type", l.typ), "P".into(), c1, c2 - 2.0, 0);
        add(lab("code", l.code), p.nationality.clone(), c2, c3 - 2.0, 0);
        add(lab("number", l.number), p.passport_number.clone(), c3, r, 0);
        let n = |i: u32, t: String| format!("{i}. {t}");
        add(
            n(1, lab("surname", l.surname)),
            both(&p.surname_cyr, &p.surname),
            c1,
            r,
            1,
        );
        add(
            n(2, lab("given", l.given)),
            both(&p.given_names_cyr, &p.given_names),
            c1,
            r,
            2,
        );
        add(
            n(3, lab("nationality", l.nationality)),
            l.nat_value.into(),
            c1,
            r,
            3,
        );
        add(
            n(4, lab("birth", l.birth)),
            date(&l, p.date_of_birth),
            c1,
            c3 - 2.0,
            4,
        );
        add(
            n(5, lab("sex", l.sex)),
            sex_value(&p.nationality, p.sex),
            c3,
            r,
            4,
        );
        add(
            n(6, lab("place", l.place)),
            both(&p.place_of_birth_cyr, &p.place_of_birth),
            c1,
            r,
            5,
        );
        add(
            n(7, lab("issued", l.issued)),
            date(&l, p.passport_issued),
            c1,
            c3 - 2.0,
            6,
        );
        add(
            n(8, lab("expiry", l.expiry)),
            date(&l, p.passport_expires),
            c3,
            r,
            6,
        );
        add(
            n(9, lab("authority", l.authority)),
            l.authority_value.into(),
            c1,
            c3 - 2.0,
            7,
        );
        if p.nationality == "KAZ" {
            if let Some(iin) = &iin {
                add(lab("personal", l.personal), iin.clone(), c3, r, 7);
            }
        }
        (x0 + 4.0, y0 + 60.0, n(10, lab("signature", l.signature)))
    } else {
        s.text(x0 + 4.0, y0 + 5.5, 7.0, FontKind::SansBold, l.state);
        s.text(x0 + 4.0, y0 + 9.5, 7.5, FontKind::SansBold, l.title);
        s.text_in(
            x0 + w - 4.0 - s.width(9.0, FontKind::SansBold, &p.passport_number),
            y0 + 9.5,
            9.0,
            FontKind::SansBold,
            &p.passport_number,
            [150, 30, 40],
            true,
        );
        photo(&mut s, x0 + w - 36.0, y0 + 13.0, 32.0, 41.0);
        let (c1, c2, r) = (x0 + 4.0, x0 + 46.0, x0 + w - 39.0);
        add(lab("type", l.typ), "P".into(), c1, c1 + 14.0, 0);
        add(
            lab("code", l.code),
            p.nationality.clone(),
            c1 + 16.0,
            c2 - 2.0,
            0,
        );
        add(lab("number", l.number), p.passport_number.clone(), c2, r, 0);
        add(
            lab("surname", l.surname),
            both(&p.surname_cyr, &p.surname),
            c1,
            r,
            1,
        );
        add(
            lab("given", l.given),
            both(&p.given_names_cyr, &p.given_names),
            c1,
            r,
            2,
        );
        add(
            lab("birth", l.birth),
            date(&l, p.date_of_birth),
            c1,
            c2 - 2.0,
            3,
        );
        add(
            lab("sex", l.sex),
            sex_value(&p.nationality, p.sex),
            c2,
            r,
            3,
        );
        add(
            lab("place", l.place),
            both(&p.place_of_birth_cyr, &p.place_of_birth),
            c1,
            r,
            4,
        );
        add(
            lab("nationality", l.nationality),
            l.nat_value.into(),
            c1,
            c2 - 2.0,
            5,
        );
        if p.nationality == "KAZ" {
            if let Some(iin) = &iin {
                add(lab("personal", l.personal), iin.clone(), c2, r, 5);
            }
        }
        add(
            lab("issued", l.issued),
            date(&l, p.passport_issued),
            c1,
            c2 - 2.0,
            6,
        );
        add(
            lab("expiry", l.expiry),
            date(&l, p.passport_expires),
            c2,
            r,
            6,
        );
        add(
            lab("authority", l.authority),
            l.authority_value.into(),
            c1,
            r,
            7,
        );
        (x0 + w - 36.0, y0 + 60.0, lab("signature", l.signature))
    };
    let (top, step) = (y0 + 17.5, 6.35);
    for v in &f {
        let y = top + v.row as f32 * step;
        field_to(&mut s, v.x, y, v.right, (5.0, 8.5), &v.label, &v.value);
    }
    let (sx, sy, sl) = sig_at;
    let mut spt = 4.5;
    while spt > 3.4 && s.width(spt, FontKind::Sans, &sl) > 34.0 {
        spt -= 0.25;
    }
    s.text_in(sx, sy, spt, FontKind::Sans, &sl, [70, 70, 80], true);
    s.signature(rng, sx + 2.0, sy - 0.5, 26.0, 4.0);

    s.fill(x0 + 0.2, y0 + h - 23.2, w - 0.4, 23.0, [252, 252, 252]);
    let personal = if p.nationality == "KAZ" {
        iin.unwrap_or_default()
    } else {
        String::new()
    };
    let lines = mrz::td3(&MrzData {
        doc_type: "P",
        issuing_state: &p.nationality,
        surname: &p.surname,
        given_names: &p.given_names,
        number: &p.passport_number,
        nationality: &p.nationality,
        birth: p.date_of_birth,
        sex: p.sex,
        expiry: p.passport_expires,
        personal: &personal,
        bad_check_digit: case.tamper.mrz_bad_check_digit,
    });
    let mx = x0 + (w - 44.0 * 2.54) / 2.0;
    mrz_line(&mut s, mx, y0 + h - 12.5, &lines[0]);
    mrz_line(&mut s, mx, y0 + h - 5.5, &lines[1]);
    s.into_page()
}

/// The TD1 card of families `b` and `c`.
///
/// `b`: every field on the front, numbered, photo on the right, in the order surname,
/// given names, sex, nationality, date of birth, document number, expiry, IIN, place of
/// birth, issue and authority; the back holds the MRZ alone. `c` (held back): front and
/// back photocopied onto one sheet, the front's photo on the left and its labels in
/// three languages (number first, then names), the back with birth place, issue and
/// authority above the MRZ.
fn id_card_bc(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Vec<Page> {
    let lay = fonts.layout;
    let p = &case.applicant;
    let kaz = p.nationality == "KAZ";
    let (m, w, h) = (8.0, 85.6, 54.0);
    let iin = printed_iin(case, p).unwrap_or_default();
    let l = labels(&p.nationality);
    let lab = |key: &str, own: &str| vz_label(lay, key, own);
    let (state, title) = if kaz {
        (
            "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ / REPUBLIC OF KAZAKHSTAN",
            "ЖЕКЕ КУӘЛІК / IDENTITY CARD",
        )
    } else {
        (l.state, "IDENTITY CARD")
    };
    let (sur, giv) = if kaz {
        (
            format!("{} / {}", p.surname_cyr, p.surname),
            format!("{} / {}", p.given_names_cyr, p.given_names),
        )
    } else {
        (p.surname.clone(), p.given_names.clone())
    };
    let doc_no = if kaz {
        "Құжат нөмірі / Document No.".to_string()
    } else if lay == Layout::C {
        "Document No. / No. du document / Номер документа".to_string()
    } else {
        "Document No. / No. du document".to_string()
    };
    // A sheet holding the back below the front (c) or the front alone (b).
    let sheet_h = if lay == Layout::C {
        2.0 * h + 3.0 * m
    } else {
        h + 2.0 * m
    };
    let mut front = Sheet::new(fonts, w + 2.0 * m, sheet_h);
    front.fill(m, m, w, h, l.tint);
    front.guilloche(rng, m, m + 1.0, w, h - 2.0, l.lines);
    front.rect(m, m, w, h, 0.15, [200, 200, 205]);
    let mut f: Vec<(String, String, f32, f32, usize)> = Vec::new();
    if lay == Layout::B {
        front.text(m + 3.0, m + 4.5, 5.0, FontKind::SansBold, state);
        front.text(m + 3.0, m + 7.5, 5.5, FontKind::SansBold, title);
        photo(&mut front, m + w - 26.0, m + 10.0, 23.0, 30.0);
        let (c1, c2, r) = (m + 3.0, m + 31.0, m + w - 28.0);
        let n = |i: u32, t: String| format!("{i}. {t}");
        f.push((n(1, lab("surname", l.surname)), sur, c1, r, 0));
        f.push((n(2, lab("given", l.given)), giv, c1, r, 1));
        f.push((
            n(3, lab("sex", l.sex)),
            sex_value(&p.nationality, p.sex),
            c1,
            c2 - 2.0,
            2,
        ));
        f.push((
            n(4, lab("nationality", l.nationality)),
            p.nationality.clone(),
            c2,
            r,
            2,
        ));
        f.push((
            n(5, lab("birth", l.birth)),
            d_dot(p.date_of_birth),
            c1,
            c2 - 2.0,
            3,
        ));
        f.push((n(6, doc_no), p.passport_number.clone(), c2, r, 3));
        f.push((
            n(7, lab("expiry", l.expiry)),
            d_dot(p.passport_expires),
            c1,
            c2 - 2.0,
            4,
        ));
        if kaz {
            f.push((n(8, "ЖСН / ИИН / IIN".into()), iin.clone(), c2, r, 4));
        }
        f.push((
            n(9, lab("place", l.place)),
            p.place_of_birth.clone(),
            c1,
            r,
            5,
        ));
        f.push((
            n(10, lab("issued", l.issued)),
            d_dot(p.passport_issued),
            c1,
            c2 - 2.0,
            6,
        ));
        f.push((
            n(11, lab("authority", l.authority)),
            l.authority_value.into(),
            c2,
            m + w - 3.0,
            6,
        ));
        front.signature(rng, m + w - 25.0, m + 41.0, 20.0, 5.0);
    } else {
        front.center(m + w / 2.0, m + 4.5, 5.0, FontKind::SansBold, state);
        front.center(m + w / 2.0, m + 8.0, 6.0, FontKind::SansBold, title);
        photo(&mut front, m + 3.0, m + 11.0, 24.0, 31.0);
        let (c1, r) = (m + 30.0, m + w - 3.0);
        f.push((doc_no, p.passport_number.clone(), c1, r, 0));
        f.push((lab("surname", l.surname), sur, c1, r, 1));
        f.push((lab("given", l.given), giv, c1, r, 2));
        f.push((lab("birth", l.birth), d_dot(p.date_of_birth), c1, r, 3));
        f.push((
            lab("sex", l.sex),
            sex_value(&p.nationality, p.sex),
            c1,
            c1 + 10.0,
            4,
        ));
        f.push((
            lab("expiry", l.expiry),
            d_dot(p.passport_expires),
            c1 + 12.0,
            r,
            4,
        ));
        if kaz {
            f.push(("ЖСН / ИИН / IIN".into(), iin.clone(), c1, r, 5));
        }
        front.signature(rng, m + 4.0, m + 44.0, 20.0, 6.0);
    }
    let (top, step) = if lay == Layout::B {
        (m + 14.0, 6.0)
    } else {
        (m + 15.5, 6.2)
    };
    for (label, value, x, right, row) in &f {
        let y = top + *row as f32 * step;
        field_to(&mut front, *x, y, *right, (3.8, 6.5), label, value);
    }

    let lines = mrz::td1(&MrzData {
        doc_type: "ID",
        issuing_state: &p.nationality,
        surname: &p.surname,
        given_names: &p.given_names,
        number: &p.passport_number,
        nationality: &p.nationality,
        birth: p.date_of_birth,
        sex: p.sex,
        expiry: p.passport_expires,
        personal: if kaz { &iin } else { "" },
        bad_check_digit: case.tamper.mrz_bad_check_digit,
    });
    let back_zone = |s: &mut Sheet, oy: f32| {
        s.fill(m, oy, w, h, l.tint);
        s.rect(m, oy, w, h, 0.15, [200, 200, 205]);
        s.fill(m + 0.2, oy + h - 19.0, w - 0.4, 18.8, [252, 252, 252]);
        let mx = m + (w - 30.0 * 2.54) / 2.0;
        for (i, line) in lines.iter().enumerate() {
            mrz_line(s, mx, oy + h - 13.5 + i as f32 * 5.0, line);
        }
    };
    if lay == Layout::C {
        let oy = 2.0 * m + h;
        back_zone(&mut front, oy);
        let rows = [
            (lab("place", l.place), p.place_of_birth.clone()),
            (lab("issued", l.issued), d_dot(p.passport_issued)),
            (lab("authority", l.authority), l.authority_value.to_string()),
        ];
        for (i, (label, value)) in rows.iter().enumerate() {
            field_to(
                &mut front,
                m + 3.0,
                oy + 8.0 + i as f32 * 7.5,
                m + w - 3.0,
                (4.0, 6.5),
                label,
                value,
            );
        }
        return vec![front.into_page()];
    }
    let mut back = Sheet::new(fonts, w + 2.0 * m, h + 2.0 * m);
    back_zone(&mut back, m);
    vec![front.into_page(), back.into_page()]
}
