//! Renderers (placeholder layout while the real one is written).

use rand_chacha::ChaCha8Rng;

use super::draw::Sheet;
use super::layout::simple_doc;
use super::{Fonts, Page};
use crate::case::Case;

fn stub(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng, title: &str) -> Page {
    let mut s = Sheet::a4(fonts);
    let p = &case.applicant;
    let rows = vec![
        ("Фамилия, имя".to_string(), p.full_name_cyr()),
        ("Surname, given names".to_string(), p.full_name()),
        (
            "Дата рождения".to_string(),
            p.date_of_birth.format("%d.%m.%Y").to_string(),
        ),
        ("Паспорт".to_string(), p.passport_number.clone()),
    ];
    simple_doc(
        &mut s,
        rng,
        &[(title, 14.0, true)],
        &rows,
        ("Подпись", "—"),
        ("ПЕЧАТЬ", &["М.П."]),
    );
    s.into_page()
}

pub fn payment_receipt(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    stub(case, fonts, rng, "КВИТАНЦИЯ")
}

pub fn visa_application_form(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Vec<Page> {
    vec![stub(case, fonts, rng, "ВИЗОВАЯ АНКЕТА")]
}

pub fn arrival_notification(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    stub(case, fonts, rng, "УВЕДОМЛЕНИЕ о прибытии")
}

pub fn consent_form(case: &Case, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Page {
    stub(
        case,
        fonts,
        rng,
        "СОГЛАСИЕ на сбор и обработку персональных данных",
    )
}
