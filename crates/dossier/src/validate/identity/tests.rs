//! Unit tests of the identity checks on hand-built packages.

use crate::findings::Severity;
use crate::model::FieldMethod;
use crate::validate::testkit::*;

fn only<'a>(out: &'a [crate::findings::Finding], code: &str) -> Vec<&'a crate::findings::Finding> {
    out.iter().filter(|f| f.code == code).collect()
}

#[test]
fn consistent_package_has_no_identity_findings() {
    let mut cert = doc(
        "iin_certificate",
        "iin.png",
        &[
            ("iin", IIN_OK),
            ("surname", "MUELLER"),
            ("date_of_birth", "1985-03-12"),
        ],
    );
    cert.fields.get_mut("date_of_birth").expect("dob").method = FieldMethod::Derived;
    let mut m = manifest();
    m.applicant.iin = Some(IIN_OK.into());
    let out = run(
        &package(vec![passport_doc(), translation_doc(), cert]),
        Some(&m),
    );
    assert!(out.is_empty(), "{out:#?}");
}

#[test]
fn failing_mrz_check_digit_is_an_error_naming_the_field() {
    let mut p = passport_doc();
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.valid = false;
    mrz.checks[1].ok = false;
    mrz.checks[1].computed = '3';
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    let f = only(&out, "mrz_check_digit");
    assert_eq!(f.len(), 1, "{out:#?}");
    assert_eq!(f[0].severity, Severity::Error);
    assert!(
        f[0].message
            .contains("date of birth (printed 7, computed 3)"),
        "{}",
        f[0].message
    );
}

#[test]
fn failing_mrz_read_with_low_confidence_goes_to_review() {
    let mut p = passport_doc();
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.valid = false;
    mrz.confidence = 35.0;
    // The number as read differs from every other source: a misread is as likely as
    // a wrong digit.
    mrz.checks[0].ok = false;
    mrz.checks[0].data = "C01X08T47".into();
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    assert!(only(&out, "mrz_check_digit").is_empty());
    let low = only(&out, "low_confidence");
    assert_eq!(low.len(), 1, "{out:#?}");
    assert!(low[0].message.contains("would report mrz_check_digit"));
}

#[test]
fn faint_zone_whose_failing_data_others_confirm_is_a_wrong_check_digit() {
    // Read faintly, but the number the failing digit protects is the one the
    // translation and the manifest give: the digit itself is wrong.
    let mut p = passport_doc();
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.valid = false;
    mrz.confidence = 12.0;
    mrz.checks[0].ok = false;
    mrz.checks[0].computed = '3';
    let out = run(
        &package(vec![p.clone(), translation_doc()]),
        Some(&manifest()),
    );
    let f = only(&out, "mrz_check_digit");
    assert_eq!(f.len(), 1, "{out:#?}");
    assert_eq!(f[0].severity, Severity::Error);
    assert!(
        f[0].message.contains("matches on the passport translation"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].evidence.len(), 2, "{:#?}", f[0].evidence);
    // With the composite printed as a filler too (a misread digit), the confirmed
    // number still decides.
    let mut q = p.clone();
    let mrz = q.mrz.as_mut().expect("mrz");
    mrz.checks[3].ok = false;
    mrz.checks[3].expected = '<';
    let out = run(&package(vec![q, translation_doc()]), Some(&manifest()));
    assert_eq!(only(&out, "mrz_check_digit").len(), 1, "{out:#?}");
    // A failing composite over fields whose own digits all hold: nothing confirms the
    // composite digit itself in a faint zone, so a person looks.
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.checks[0].ok = true;
    mrz.checks[3].ok = false;
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    assert!(only(&out, "mrz_check_digit").is_empty(), "{out:#?}");
    assert_eq!(only(&out, "low_confidence").len(), 1, "{out:#?}");
}

#[test]
fn invalid_iin_is_reported_once_with_every_place() {
    let cert = doc("iin_certificate", "iin.png", &[("iin", IIN_BAD_CHECK)]);
    let mut m = manifest();
    m.applicant.iin = Some(IIN_BAD_CHECK.into());
    let out = run(
        &package(vec![passport_doc(), translation_doc(), cert]),
        Some(&m),
    );
    let f = only(&out, "iin_invalid");
    assert_eq!(f.len(), 1, "{out:#?}");
    assert!(f[0]
        .message
        .contains("on the IIN certificate (iin.png) and in package.toml"));
    assert!(f[0].message.contains("check digit"), "{}", f[0].message);
    assert_eq!(f[0].evidence.len(), 2);
    // An invalid IIN is not also compared with the passport.
    assert!(only(&out, "iin_birth_date_mismatch").is_empty());
}

#[test]
fn invalid_iin_read_badly_is_low_confidence_not_invalid() {
    let mut cert = doc("iin_certificate", "iin.png", &[]);
    set(&mut cert, "iin", IIN_BAD_CHECK, 40.0);
    let out = run(
        &package(vec![passport_doc(), translation_doc(), cert]),
        Some(&manifest()),
    );
    assert!(only(&out, "iin_invalid").is_empty(), "{out:#?}");
    assert_eq!(only(&out, "low_confidence").len(), 1);
}

#[test]
fn iin_birth_date_and_sex_against_the_passport() {
    let cert = doc("iin_certificate", "iin.png", &[("iin", IIN_OTHER_DATE)]);
    let out = run(
        &package(vec![passport_doc(), translation_doc(), cert]),
        Some(&manifest()),
    );
    let f = only(&out, "iin_birth_date_mismatch");
    assert_eq!(f.len(), 1, "{out:#?}");
    assert_eq!(
        f[0].message,
        "The IIN 850412450128 on the IIN certificate (iin.png) encodes the birth date \
         1985-04-12, but the passport (passport.jpg) gives 1985-03-12."
    );
    assert_eq!(f[0].evidence[0].file, "iin.png");
    assert_eq!(f[0].evidence[1].file, "passport.jpg");

    let cert = doc("iin_certificate", "iin.png", &[("iin", IIN_MALE)]);
    let out = run(
        &package(vec![passport_doc(), translation_doc(), cert]),
        Some(&manifest()),
    );
    assert_eq!(codes(&out), ["iin_sex_mismatch"], "{out:#?}");
    assert!(out[0].message.contains("encodes the sex male"));
}

#[test]
fn iin_in_a_kazakh_passport_mrz_is_checked_against_its_own_birth_date() {
    let mut p = passport_doc();
    set(&mut p, "iin", IIN_OTHER_DATE, 90.0);
    set(&mut p, "nationality", "KAZ", 90.0);
    set(&mut p, "surname_cyrillic", "МЮЛЛЕР", 90.0);
    let out = run(&package(vec![p]), None);
    assert_eq!(codes(&out), ["iin_birth_date_mismatch"], "{out:#?}");
}

#[test]
fn translation_with_another_surname_is_a_name_mismatch() {
    let mut t = translation_doc();
    set(&mut t, "surname_cyrillic", "КОВАЛЕНКО", 95.0);
    let out = run(&package(vec![passport_doc(), t]), Some(&manifest()));
    let f = only(&out, "name_mismatch");
    assert_eq!(f.len(), 1, "{out:#?}");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].kind.as_deref(), Some("passport_translation"));
    assert!(
        f[0].message.starts_with(
            "The surname КОВАЛЕНКО on the passport translation (translation.pdf) does not \
             match MUELLER on the passport (passport.jpg): similarity"
        ),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].evidence[0].file, "translation.pdf");
    assert_eq!(f[0].evidence[1].file, "passport.jpg");
}

#[test]
fn translation_printing_latin_too_is_still_checked_in_cyrillic() {
    let mut t = translation_doc();
    set(&mut t, "surname", "MUELLER", 95.0);
    set(&mut t, "surname_cyrillic", "ТАНАКА", 95.0);
    let out = run(&package(vec![passport_doc(), t]), Some(&manifest()));
    assert_eq!(codes(&out), ["name_mismatch"], "{out:#?}");
}

#[test]
fn transliteration_variants_and_ocr_slips_are_not_mismatches() {
    let mut t = translation_doc();
    set(&mut t, "surname_cyrillic", "МЮЛЕР", 95.0);
    let mut m = manifest();
    m.applicant.surname = Some("MULLER".into());
    let out = run(&package(vec![passport_doc(), t]), Some(&m));
    assert!(only(&out, "name_mismatch").is_empty(), "{out:#?}");
}

#[test]
fn a_different_name_read_badly_is_low_confidence() {
    let mut t = translation_doc();
    set(&mut t, "surname_cyrillic", "КОВАЛЕНКО", 30.0);
    let out = run(&package(vec![passport_doc(), t]), Some(&manifest()));
    assert_eq!(codes(&out), ["low_confidence"], "{out:#?}");
    assert!(out[0].message.contains("with confidence 30"));
    assert!(out[0].message.contains("would report name_mismatch"));
}

#[test]
fn a_matching_name_read_badly_is_corroborated() {
    let mut t = translation_doc();
    set(&mut t, "surname_cyrillic", "МЮЛЛЕР", 30.0);
    let out = run(&package(vec![passport_doc(), t]), Some(&manifest()));
    assert!(out.is_empty(), "{out:#?}");
}

#[test]
fn birth_date_and_passport_number_across_documents() {
    let mut t = translation_doc();
    set(&mut t, "date_of_birth", "1985-12-03", 95.0);
    set(&mut t, "document_number", "K99Z12345", 95.0);
    let mut m = manifest();
    m.applicant.passport_number = Some("c01x 00t47".into());
    let out = run(&package(vec![passport_doc(), t]), Some(&m));
    assert_eq!(
        codes(&out),
        ["birth_date_mismatch", "passport_number_mismatch"],
        "{out:#?}"
    );
    assert_eq!(
        out[0].message,
        "The date of birth on the passport translation (translation.pdf) is 1985-12-03, but \
         the passport (passport.jpg) gives 1985-03-12."
    );
    assert_eq!(
        out[1].message,
        "The passport number on the passport translation (translation.pdf) is K99Z12345, but \
         the passport (passport.jpg) has C01X00T47."
    );
    // A visual reading one character off is an OCR slip for a person to confirm...
    let mut t = translation_doc();
    set(&mut t, "document_number", "01X00T47", 95.0);
    let out = run(&package(vec![passport_doc(), t]), Some(&manifest()));
    assert_eq!(codes(&out), ["low_confidence"], "{out:#?}");
    // A scan that differs only in look-alikes (U/0, I/1, O/0) agrees: OCR cannot tell
    // those characters apart.
    let mut t = translation_doc();
    set(&mut t, "document_number", "C0IX0OT47", 95.0);
    let out = run(&package(vec![passport_doc(), t]), Some(&manifest()));
    assert!(out.is_empty(), "{out:#?}");
    // ...but a declared number one character off is a typo, look-alike or not.
    let mut m = manifest();
    m.applicant.passport_number = Some("C0IX00T47".into());
    let out = run(&package(vec![passport_doc(), translation_doc()]), Some(&m));
    assert_eq!(codes(&out), ["passport_number_mismatch"], "{out:#?}");
    let mut m = manifest();
    m.applicant.passport_number = Some("C01X00T48".into());
    let out = run(&package(vec![passport_doc(), translation_doc()]), Some(&m));
    assert_eq!(codes(&out), ["passport_number_mismatch"], "{out:#?}");
}

#[test]
fn a_passport_name_every_other_source_contradicts_is_a_misreading() {
    // OCR read ZHIWEI as THTMET on the passport; the manifest and the translation agree.
    let mut p = passport_doc();
    set(&mut p, "given_names", "THTMET", 90.0);
    let mut t = translation_doc();
    set(&mut t, "given_names_cyrillic", "ЧЖИВЭЙ", 95.0);
    let mut m = manifest();
    m.applicant.given_names = Some("ZHIWEI".into());
    let out = run(&package(vec![p, t]), Some(&m));
    assert_eq!(codes(&out), ["low_confidence"], "{out:#?}");
    assert!(out[0]
        .message
        .contains("disagrees with every other source (2 of them)"));
    // With the passport misread, a tampered translation is still caught against the
    // declared name.
    let mut p = passport_doc();
    set(&mut p, "surname", "AEKEK", 90.0);
    let mut t = translation_doc();
    set(&mut t, "surname_cyrillic", "ТАНАКА", 95.0);
    let cert = doc("iin_certificate", "iin.png", &[("surname", "MUELLER")]);
    let out = run(&package(vec![p, t, cert]), Some(&manifest()));
    assert_eq!(codes(&out), ["name_mismatch", "low_confidence"], "{out:#?}");
    assert!(out[0]
        .message
        .contains("ТАНАКА on the passport translation"));
    assert!(out[0].message.contains("MUELLER in package.toml"));
    // A tampered translation is still caught: the manifest agrees with the passport.
    let mut t = translation_doc();
    set(&mut t, "surname_cyrillic", "ТАНАКА", 95.0);
    let out = run(&package(vec![passport_doc(), t]), Some(&manifest()));
    assert_eq!(codes(&out), ["name_mismatch"], "{out:#?}");
}

#[test]
fn manifest_disagreeing_with_the_passport() {
    let mut m = manifest();
    m.applicant.surname = Some("SCHMIDT".into());
    m.applicant.date_of_birth = Some(d("1986-03-12"));
    let out = run(&package(vec![passport_doc(), translation_doc()]), Some(&m));
    assert_eq!(
        codes(&out),
        ["birth_date_mismatch", "name_mismatch"],
        "{out:#?}"
    );
    assert!(out.iter().all(|f| f.kind.is_none()));
    assert!(out[1]
        .message
        .starts_with("The surname SCHMIDT in package.toml does not match MUELLER on the passport"));
}

#[test]
fn without_a_passport_the_manifest_is_the_reference() {
    let t = translation_doc();
    let mut m = manifest();
    m.applicant.surname = Some("SCHMIDT".into());
    let out = run(&package(vec![t]), Some(&m));
    assert!(only(&out, "name_mismatch").len() == 1, "{out:#?}");
    assert!(only(&out, "missing_document").len() == 1);
}

#[test]
fn other_peoples_iins_are_validated_but_not_compared() {
    let letter = doc("invitation_letter", "letter.pdf", &[("iin", IIN_MALE)]);
    let out = run(
        &package(vec![passport_doc(), translation_doc(), letter]),
        Some(&manifest()),
    );
    assert!(out.is_empty(), "{out:#?}");
    let letter = doc("invitation_letter", "letter.pdf", &[("iin", IIN_BAD_CHECK)]);
    let out = run(
        &package(vec![passport_doc(), translation_doc(), letter]),
        Some(&manifest()),
    );
    assert_eq!(codes(&out), ["iin_invalid"], "{out:#?}");
}

#[test]
fn names_written_by_sound_across_scripts_pass_but_near_latin_spellings_warn() {
    // Russian practice for Chinese names (Palladius): ZHOU -> ЧЖОУ scores in the grey band.
    let mut p = passport_doc();
    set(&mut p, "surname", "ZHOU", 90.0);
    let mut t = translation_doc();
    set(&mut t, "surname_cyrillic", "ЧЖОУ", 95.0);
    let mut m = manifest();
    m.applicant.surname = Some("ZHOU".into());
    let out = run(&package(vec![p, t]), Some(&m));
    assert!(out.is_empty(), "{out:#?}");
    // Korean by sound scores lower: a person looks, nothing fails.
    let mut p = passport_doc();
    set(&mut p, "given_names", "HAEUN", 90.0);
    let mut t = translation_doc();
    set(&mut t, "given_names_cyrillic", "ХАЫН", 95.0);
    let mut m = manifest();
    m.applicant.given_names = Some("HAEUN".into());
    let out = run(&package(vec![p, t]), Some(&m));
    assert!(
        out.iter().all(|f| f.severity == Severity::Warning),
        "{out:#?}"
    );
    // In one script a similar but different spelling is worth a look.
    let mut m = manifest();
    m.applicant.surname = Some("MUELLERSON".into());
    let out = run(&package(vec![passport_doc(), translation_doc()]), Some(&m));
    assert_eq!(codes(&out), ["name_mismatch"], "{out:#?}");
    assert_eq!(out[0].severity, Severity::Warning);
}

#[test]
fn faint_zone_with_one_character_misread_against_confirmed_data_is_no_finding() {
    use crate::parse::mrz::check_digit;
    // The zone printed 850312 with its digit; OCR read 150312. The manifest's and the
    // translation's 1985-03-12 satisfies the printed digit one character away, and the
    // composite holds over the corrected line: a misread, not a wrong digit.
    let number = "C01X00T47";
    let composite_of = |birth: &str| {
        format!(
            "{number}{}{birth}{}310501{}",
            check_digit(number),
            check_digit("850312"),
            check_digit("310501")
        )
    };
    let mut p = passport_doc();
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.valid = false;
    mrz.confidence = 20.0;
    mrz.checks[1].data = "150312".into();
    mrz.checks[1].expected = check_digit("850312");
    mrz.checks[1].computed = check_digit("150312");
    mrz.checks[1].ok = false;
    mrz.checks[3].data = composite_of("150312");
    mrz.checks[3].expected = check_digit(&composite_of("850312"));
    mrz.checks[3].computed = check_digit(&composite_of("150312"));
    mrz.checks[3].ok = false;
    let out = run(
        &package(vec![p.clone(), translation_doc()]),
        Some(&manifest()),
    );
    assert!(out.is_empty(), "{out:#?}");
    // Two characters off is no single slip: a person looks.
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.checks[1].data = "150317".into();
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    assert_eq!(codes(&out), ["low_confidence"], "{out:#?}");
}

#[test]
fn faint_zone_number_that_misreads_the_declared_one_is_no_mismatch() {
    use crate::parse::mrz::check_digit;
    // The zone printed C01X00T47 and its digit; a faint read lost the C and gained a
    // character. The declared number satisfies the printed digit: the same number.
    let mut p = passport_doc();
    set(&mut p, "document_number", "01X00T477", 95.0);
    p.fields.get_mut("document_number").expect("number").method = FieldMethod::Mrz;
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.checks[0].data = "01X00T477".into();
    mrz.checks[0].expected = check_digit("C01X00T47");
    mrz.confidence = 20.0;
    let t = doc(
        "passport_translation",
        "translation.pdf",
        &[("surname_cyrillic", "МЮЛЛЕР")],
    );
    let out = run(&package(vec![p.clone(), t.clone()]), Some(&manifest()));
    assert!(
        only(&out, "passport_number_mismatch").is_empty(),
        "{out:#?}"
    );
    // Read clearly, the same zone is believed: the numbers differ.
    p.mrz.as_mut().expect("mrz").confidence = 90.0;
    let out = run(&package(vec![p.clone(), t.clone()]), Some(&manifest()));
    assert_eq!(only(&out, "passport_number_mismatch").len(), 1, "{out:#?}");
    // A declared number that does not satisfy the printed digit is a real difference.
    p.mrz.as_mut().expect("mrz").confidence = 20.0;
    let mut m = manifest();
    m.applicant.passport_number = Some("C01X00T48".into());
    let out = run(&package(vec![p, t]), Some(&m));
    assert_eq!(only(&out, "passport_number_mismatch").len(), 1, "{out:#?}");
}

#[test]
fn a_passport_whose_zone_could_not_be_read_goes_to_review() {
    let mut p = passport_doc();
    p.mrz = None;
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    assert_eq!(codes(&out), ["low_confidence"], "{out:#?}");
    assert!(
        out[0].message.contains("machine readable zone")
            && out[0].message.contains("cannot verify its check digits"),
        "{}",
        out[0].message
    );
}

// The verdict rule (`Facts::reading`, `Facts::check_reading`): a failing check on a
// doubtful reading goes to review; a sure reading with a real defect stays an error.

#[test]
fn a_letter_read_as_a_check_digit_is_a_misreading_not_tampering() {
    // The zone was read with good confidence, but its birth-date "digit" is a letter
    // (and the composite fails through it): never mrz_check_digit.
    let mut p = passport_doc();
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.valid = false;
    mrz.confidence = 92.0;
    mrz.checks[1].ok = false;
    mrz.checks[1].expected = 'M';
    mrz.checks[1].computed = '9';
    mrz.checks[3].ok = false;
    let out = run(
        &package(vec![p.clone(), translation_doc()]),
        Some(&manifest()),
    );
    assert!(only(&out, "mrz_check_digit").is_empty(), "{out:#?}");
    let low = only(&out, "low_confidence");
    assert_eq!(low.len(), 1, "{out:#?}");
    assert!(
        low[0]
            .message
            .contains("a letter stands where the zone must have a digit"),
        "{}",
        low[0].message
    );
    // A date with a letter in it, read by the recogniser surely: the same.
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.checks[1].expected = '7';
    mrz.checks[1].data = "85O312".into();
    mrz.checks[1].certainty = Some(99.0);
    mrz.checks[3].ok = true;
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    assert!(only(&out, "mrz_check_digit").is_empty(), "{out:#?}");
    assert_eq!(only(&out, "low_confidence").len(), 1, "{out:#?}");
}

#[test]
fn a_wrong_check_digit_the_recogniser_read_surely_is_an_error() {
    // Every cell of the number and its digit read surely, nothing else confirms the
    // data: the digit is wrong, the document damaged or altered.
    let mut p = passport_doc();
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.valid = false;
    mrz.checks[0].ok = false;
    mrz.checks[0].data = "C01X08T47".into();
    mrz.checks[0].computed = '3';
    mrz.checks[0].certainty = Some(97.0);
    let out = run(
        &package(vec![p.clone(), translation_doc()]),
        Some(&manifest()),
    );
    let f = only(&out, "mrz_check_digit");
    assert_eq!(f.len(), 1, "{out:#?}");
    assert_eq!(f[0].severity, Severity::Error);
    // The same with one cell read unsurely: a misread is as likely, a person looks.
    let mrz = p.mrz.as_mut().expect("mrz");
    mrz.checks[0].certainty = Some(61.0);
    let out = run(&package(vec![p, translation_doc()]), Some(&manifest()));
    assert!(only(&out, "mrz_check_digit").is_empty(), "{out:#?}");
    assert_eq!(only(&out, "low_confidence").len(), 1, "{out:#?}");
}

#[test]
fn numbers_one_digit_apart_read_surely_are_a_mismatch() {
    // The translation quotes the passport number with one digit changed, read at
    // good confidence; the passport's zone holds: a real mismatch, not an OCR slip.
    let mut t = translation_doc();
    set(&mut t, "document_number", "C01X00T48", 93.0);
    let out = run(&package(vec![passport_doc(), t]), Some(&manifest()));
    assert_eq!(codes(&out), ["passport_number_mismatch"], "{out:#?}");
    assert_eq!(out[0].severity, Severity::Error);
    // Read faintly and confirmed by nothing: review.
    let mut t = translation_doc();
    set(&mut t, "document_number", "C01X00T48", 41.0);
    let out = run(&package(vec![passport_doc(), t]), Some(&manifest()));
    assert_eq!(codes(&out), ["low_confidence"], "{out:#?}");
    assert!(out[0].message.contains("passport_number_mismatch"));
    // Read faintly, but the application form reads the same number: two agreeing
    // readings are sure, and they disagree with the passport.
    let mut t = translation_doc();
    set(&mut t, "document_number", "K55Z12345", 41.0);
    let form = doc(
        "visa_application_form",
        "form.pdf",
        &[("document_number", "K55Z12345")],
    );
    let out = run(&package(vec![passport_doc(), t, form]), Some(&manifest()));
    assert_eq!(
        codes(&out),
        ["passport_number_mismatch", "passport_number_mismatch"],
        "{out:#?}"
    );
}

#[test]
fn an_iin_against_a_birth_date_read_surely_or_doubtfully() {
    // The passport's birth date read faintly on its visual zone (no zone): alone it
    // decides nothing...
    let mut p = passport_doc();
    p.mrz = None;
    for name in ["date_of_birth", "document_number", "surname", "given_names"] {
        let v = p.fields[name].value.clone();
        p.fields.insert(
            name.into(),
            field(&v, 45.0, FieldMethod::Visual, "passport.jpg"),
        );
    }
    let cert = doc("iin_certificate", "iin.png", &[("iin", IIN_OTHER_DATE)]);
    let out = run(&package(vec![p.clone(), cert.clone()]), None);
    assert!(only(&out, "iin_birth_date_mismatch").is_empty(), "{out:#?}");
    assert!(
        only(&out, "low_confidence")
            .iter()
            .any(|f| f.message.contains("iin_birth_date_mismatch")),
        "{out:#?}"
    );
    // ...but the translation reads the same birth date: two agreeing readings are
    // sure, and the IIN encodes another date.
    let out = run(&package(vec![p, cert, translation_doc()]), None);
    let f = only(&out, "iin_birth_date_mismatch");
    assert_eq!(f.len(), 1, "{out:#?}");
    assert_eq!(f[0].severity, Severity::Error);
}

#[test]
fn an_iin_read_with_a_letter_in_it_is_no_invalid_iin() {
    // "85O312450125": the normalised number fails its check digit, but the reading
    // had a letter where a digit must be.
    let mut cert = doc("iin_certificate", "iin.png", &[("iin", IIN_BAD_CHECK)]);
    cert.fields.get_mut("iin").expect("iin").source.text = Some("85O312450125".into());
    let out = run(&package(vec![passport_doc(), cert]), None);
    assert!(only(&out, "iin_invalid").is_empty(), "{out:#?}");
    assert_eq!(only(&out, "low_confidence").len(), 1, "{out:#?}");
    // Read clean, the same number is invalid.
    let cert = doc("iin_certificate", "iin.png", &[("iin", IIN_BAD_CHECK)]);
    let out = run(&package(vec![passport_doc(), cert]), None);
    assert_eq!(only(&out, "iin_invalid").len(), 1, "{out:#?}");
}

/// What a document is compared on comes from its kind's roles (`kinds.toml`), not from
/// a list of kinds in the code: a kind unknown to the code is compared once it states
/// the holder, and quoted as the passport's number once it says so.
#[test]
fn a_kind_is_compared_by_its_roles() {
    use crate::model::{KindId, Role};
    let with_roles = |roles: &[Role]| {
        let mut d = doc(
            "iin_certificate",
            "licence.png",
            &[
                ("surname", "SCHMIDT"),
                ("date_of_birth", "1985-03-12"),
                ("document_number", "X9999999"),
            ],
        );
        d.kind = KindId::declared("driving_licence", roles, 90);
        d
    };
    let run_with = |roles: &[Role]| {
        run(
            &package(vec![passport_doc(), translation_doc(), with_roles(roles)]),
            Some(&manifest()),
        )
    };
    // No role: a letter or a contract, whose names may be other people's.
    assert!(run_with(&[]).is_empty(), "{:#?}", run_with(&[]));
    let holder = run_with(&[Role::StatesHolder]);
    assert_eq!(codes(&holder), ["name_mismatch"], "{holder:#?}");
    assert!(holder[0].message.contains("licence.png"), "{holder:#?}");
    let quoting = run_with(&[Role::StatesHolder, Role::QuotesPassportNumber]);
    assert_eq!(
        codes(&quoting),
        ["name_mismatch", "passport_number_mismatch"],
        "{quoting:#?}"
    );
}
