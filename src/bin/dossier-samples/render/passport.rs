//! Passport data page (TD3, 125 × 88 mm) and identity card (TD1, 85.6 × 54 mm, front and
//! back), with the visual zone labelled in the issuing state's language and English and
//! the machine-readable zone in OCR-B at its real size.

use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;

use super::draw::{px, Color, Sheet, BLACK, GREY};
use super::mrz::{self, MrzData};
use super::util::{d_dot, d_mon};
use super::{FontKind, Fonts, Page, TextRun};
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
