//! The notary's certification that closes translations, powers of attorney and consents,
//! in Russian or Kazakh, with the register number, the fee and the notary's stamp.

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::draw::{Sheet, STAMP_VIOLET};
use super::layout::{sign_block, LEFT, WIDTH};
use super::util::{d_dot, d_kk, d_ru, official, reg_no, Official};
use super::FontKind;

/// What the notary certifies.
pub enum Act<'a> {
    /// The translator's signature (translations).
    Translator(&'a Official),
    /// A power of attorney signed by the principal (name in the genitive/Latin).
    PowerOfAttorney(&'a str),
    /// The signature of a person on a statement or consent.
    Signature(&'a str),
}

/// A fictional notary with licence and city.
pub struct Notary {
    pub who: Official,
    pub licence: String,
    pub licence_date: NaiveDate,
    /// "города Алматы" / "Алматы қаласының" / "г. Алматы".
    pub city_gen: &'static str,
    pub city_kk: &'static str,
    pub city: &'static str,
}

/// Draws a fictional notary.
pub fn notary(rng: &mut ChaCha8Rng) -> Notary {
    let who = official(rng);
    let (city_gen, city_kk, city) = if rng.random_bool(0.5) {
        ("города Алматы", "Алматы қаласының", "г. Алматы")
    } else {
        ("города Астаны", "Астана қаласының", "г. Астана")
    };
    let y = rng.random_range(2005..2020);
    Notary {
        who,
        licence: format!("{:07}", rng.random_range(1..99_999)),
        licence_date: NaiveDate::from_ymd_opt(y, rng.random_range(1..13), rng.random_range(1..29))
            .unwrap_or_default(),
        city_gen,
        city_kk,
        city,
    }
}

/// Draws the certification from baseline `y` dated `date`; returns the y below it.
pub fn certify(
    s: &mut Sheet,
    rng: &mut ChaCha8Rng,
    y: f32,
    n: &Notary,
    act: Act,
    date: NaiveDate,
    kk: bool,
) -> f32 {
    let pt = 10.5;
    let mut y = y;
    let place = if kk {
        format!("{}, Қазақстан Республикасы, {}", n.city, d_kk(date))
    } else {
        format!("{}, Республика Казахстан, {}", n.city, d_ru(date))
    };
    s.text(LEFT, y, pt, FontKind::Sans, &place);
    y += 7.0;
    let body = if kk {
        let what = match act {
            Act::Translator(t) => format!(
                "аудармашы {} қолының түпнұсқалығын куәландырамын. Қол менің көзімше қойылды. \
                 Аудармашының жеке басы анықталды, әрекет қабілеттілігі және өкілеттігі тексерілді.",
                t.full
            ),
            Act::PowerOfAttorney(who) => format!(
                "осы сенімхатты куәландырамын. Сенімхатқа {who} менің көзімше қол қойды. \
                 Сенім білдірушінің жеке басы анықталды, әрекет қабілеттілігі тексерілді."
            ),
            Act::Signature(who) => format!(
                "{who} қолының түпнұсқалығын куәландырамын. Қол менің көзімше қойылды. \
                 Қол қойған адамның жеке басы анықталды, әрекет қабілеттілігі тексерілді."
            ),
        };
        format!(
            "Мен, {}, {} нотариусы, Қазақстан Республикасы Әділет министрлігі {} берген № {} \
             мемлекеттік лицензия негізінде әрекет ететін, {what}",
            n.who.full,
            n.city_kk,
            d_dot(n.licence_date),
            n.licence
        )
    } else {
        let what = match act {
            Act::Translator(t) => format!(
                "свидетельствую подлинность подписи переводчика {}, сделанной в моём присутствии. \
                 Личность переводчика установлена, дееспособность и полномочия проверены.",
                t.gen
            ),
            Act::PowerOfAttorney(who) => format!(
                "удостоверяю настоящую доверенность, подписанную доверителем {who} в моём \
                 присутствии. Личность доверителя установлена, дееспособность проверена."
            ),
            Act::Signature(who) => format!(
                "свидетельствую подлинность подписи {who}, сделанной в моём присутствии. \
                 Личность подписавшего документ установлена, дееспособность проверена."
            ),
        };
        format!(
            "Я, {}, нотариус {}, действующая на основании государственной лицензии № {} от {}, \
             выданной Министерством юстиции Республики Казахстан, {what}",
            n.who.full,
            n.city_gen,
            n.licence,
            d_dot(n.licence_date)
        )
    };
    y = s.para_justified(LEFT, y, WIDTH, pt, FontKind::Serif, &body);
    y += 3.0;
    let reg = reg_no(rng);
    let fee = [1_966, 2_163, 3_932, 4_325][rng.random_range(0..4)];
    let (reg_l, fee_l, role) = if kk {
        (
            format!("Тізілімде № {reg} болып тіркелді."),
            format!("Өндірілді: {fee} теңге."),
            "Нотариус",
        )
    } else {
        (
            format!("Зарегистрировано в реестре за № {reg}"),
            format!("Взыскано: {fee} тенге"),
            "Нотариус",
        )
    };
    s.text(LEFT, y, pt, FontKind::Sans, &reg_l);
    y += 5.5;
    s.text(LEFT, y, pt, FontKind::Sans, &fee_l);
    y += 14.0;
    let outer = format!(
        "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ * НОТАРИУС * ЛИЦЕНЗИЯ № {} *",
        n.licence
    );
    sign_block(
        s,
        rng,
        y,
        role,
        &n.who.short,
        Some((&outer, &["НОТАРИУС", &n.who.short])),
        STAMP_VIOLET,
    )
}
