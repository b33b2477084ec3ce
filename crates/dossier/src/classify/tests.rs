//! Unit tests of the classifier over hand-written, OCR-like pages in English, Russian
//! and Kazakh (with the noise Tesseract adds: look-alike letters, broken words, stray
//! punctuation). End-to-end runs over real images are in the lead's integration tests.

use super::*;
use crate::model::{MrzLines, PageRef, TextSource};

fn vocab() -> KindVocabulary {
    let text = include_str!("../../../../schemas/kinds.toml");
    crate::schema::kinds::parse(std::path::Path::new("schemas/kinds.toml"), text)
        .unwrap_or_else(|e| panic!("{e:?}"))
}

fn page(n: u32, text: &str) -> PageText {
    PageText {
        page: PageRef {
            file: "f".to_string(),
            page: n,
        },
        source: TextSource::Ocr,
        width: 2480,
        height: 3508,
        rotation: 0,
        skew: 0.0,
        words: Vec::new(),
        text: text.to_string(),
        confidence: 80.0,
        mrz: None,
        tones: None,
    }
}

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

/// (expected kind, page text). Every kind of the vocabulary appears at least once.
const PAGES: &[(&str, &str)] = &[
    ("passport", "FEDERAL REPUBLIC OF GERMANY  PASSPORT / REISEPASS\nType/Typ P  Code/Kode D  Passport No. C01X00T47\nSurname / Name\nMUELLER\nGiven names / Vornamen\nANNA MARIA\nNationality DEUTSCH\nDate of birth 12 MAR 1985\nDate of expiry 11 MAR 2031\nP<D<<MUELLER<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<8503124F3103117<<<<<<<<<<<<<<<8"),
    ("passport", "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ РЕСПУБЛИКА КАЗАХСТАН\nТӨЛҚҰЖАТ ПАСПОРТ PASSPORT\nТегі / Фамилия / Surname  ЖҰМАБАЕВ\nАты / Имя / Given names  АЙДОС\nТуған күні / Дата рождения 05.06.1990\nАзаматтығы / Nationality  КАЗАХСТАН\nP<KAZZHUMABAYEV<<AIDOS<<<<<<<<<<<<<<<<<<<<<<<\nN123456784KAZ9006057M3001019900605300123<<<86"),
    ("id_card", "РЕСПУБЛИКА КАЗАХСТАН\nУДОСТОВЕРЕНИЕ ЛИЧНОСТИ\nЖЕКЕ КУӘЛІК\nФамилия ИВАНОВ\nИмя ИГОРЬ\nИИН 900605300123"),
    ("id_card", "IDKAZ0412345678900605300123<<\n9006053M3001017KAZ<<<<<<<<<<<2\nIVANOV<<IGOR<<<<<<<<<<<<<<<<<<"),
    ("passport_translation", "Перевод с английского языка на русский язык\nПАСПОРТ\nФамилия: МЮЛЛЕР\nИмя: АННА МАРИЯ\nГражданство: Германия\nДата рождения: 12.03.1985\nМесто рождения: МЮНХЕН\nДата выдачи: 12.03.2021\nПеревод выполнен переводчиком Петровой А.А."),
    ("passport_translation", "Ағылшын тілінен қазақ тіліне аударма\nТӨЛҚҰЖАТ\nТегі: ДЖОНСОН\nАты: ДЖОН\nТуған күні: 01.02.1980\nТуған жері: ЛОНДОН\nАударманы аудармашы Сейткали Н. орындады"),
    ("apostille", "APOSTILLE\n(Convention de La Haye du 5 octobre 1961)\n1. Country: Federal Republic of Germany\nThis public document\n2. has been signed by Dr. Klaus Weber\n3. acting in the capacity of Notary\n4. bears the seal/stamp of Notary Weber, Berlin\nCertified\n5. at Berlin 6. the 14.05.2026\n7. by the President of the Regional Court\n8. No 1234/26\n9. Seal/stamp: 10. Signature:"),
    ("apostille", "АПОСТИЛЬ\n(Гаагская конвенция от 5 октября 1961 г.)\n1. Страна: Российская Федерация\nНастоящий официальный документ\n2. подписан Ивановым И.И.\n3. выступающим в качестве нотариуса\n4. скреплен печатью нотариуса\nУдостоверено\n5. в г. Москва 6. дата 14.05.2026\n7. кем Главное управление Минюста\n8. за № 77/123\n9. Печать/штамп 10. Подпись"),
    ("iin_certificate", "РЕСПУБЛИКА КАЗАХСТАН\nСПРАВКА\nо присвоении индивидуального идентификационного номера\nФамилия: МЮЛЛЕР\nИмя: АННА\nДата рождения: 12.03.1985\nИИН: 850312450123"),
    ("iin_certificate", "ЖСН беру туралы\nАНЫҚТАМА\nТегі: МЮЛЛЕР Аты: АННА\nЖеке сәйкестендіру нөмірі: 850312450123"),
    ("power_of_attorney", "ДОВЕРЕННОСТЬ\nгород Алматы, первое декабря две тысячи двадцать шестого года\nЯ, Мюллер Анна, настоящей доверенностью уполномочиваю Иванова И.И. представлять мои интересы в НАО «Правительство для граждан»"),
    ("power_of_attorney", "POWER OF ATTORNEY\nI, Anna Mueller, hereby authorize Igor Ivanov to represent my interests before the State Corporation Government for Citizens"),
    ("power_of_attorney", "СЕНІМХАТ\nМен, Мюллер Анна, Иванов И.И.-ға Азаматтарға арналған үкімет мемлекеттік корпорациясында менің мүдделерімді білдіруге сенім білдіремін"),
    ("legal_entity_registration", "СПРАВКА\nо государственной регистрации юридического лица\nБИН 940140000385\nНаименование: ТОО «Степь Логистик»\nМестонахождение: г. Астана"),
    ("legal_entity_registration", "Заңды тұлғаны мемлекеттік тіркеу туралы\nАНЫҚТАМА\nБСН 940140000385\nАтауы: «Дала Логистик» ЖШС"),
    ("trade_register_extract", "EXTRACT FROM THE COMMERCIAL REGISTER\nCompany number HRB 12345\nRegistered office: Hamburg"),
    ("shareholder_resolution", "РЕШЕНИЕ ЕДИНСТВЕННОГО УЧАСТНИКА\nТОО «Степь Логистик»\nЕдинственный участник решил:\n1. Назначить Мюллер Анну генеральным директором"),
    ("shareholder_resolution", "WRITTEN RESOLUTION OF THE SOLE SHAREHOLDER\nThe shareholder resolved to appoint Anna Mueller as General Director"),
    ("appointment_order", "ПРИКАЗ № 15-к\nг. Астана 01.12.2026\nО назначении на должность\nНазначить Мюллер Анну на должность генерального директора"),
    ("appointment_order", "БҰЙРЫҚ № 15\nТағайындау туралы\nМюллер Анна бас директор лауазымына тағайындалсын"),
    ("termination_order", "ПРИКАЗ № 20-к\nО расторжении трудового договора\nРасторгнуть трудовой договор с Мюллер Анной"),
    ("invitation_letter", "ПРИГЛАШЕНИЕ\nНомер приглашения: 000123456\nКратность: многократная\nПриглашающая сторона: ТОО «Степь Логистик»"),
    ("invitation_letter", "LETTER OF INVITATION\nWe invite Ms. Anna Mueller to visit Kazakhstan. Invitation No. 000123456. Number of entries: multiple"),
    ("request_letter", "ХОДАТАЙСТВО\nТОО «Степь Логистик» просит выдать визу... Просим выдать визу категории С3 гражданке Германии Мюллер Анне. Принимающая сторона обязуется"),
    ("request_letter", "ӨТІНІШХАТ\n«Дала Логистик» ЖШС Германия азаматы Мюллер Аннаға виза беруді сұраймыз"),
    ("akimat_request_letter", "АКИМАТ ГОРОДА АСТАНЫ\nХОДАТАЙСТВО\nАкимат города Астаны ходатайствует о выдаче разрешения"),
    ("investment_request_letter", "КОМИТЕТ ПО ИНВЕСТИЦИЯМ МИНИСТЕРСТВА ИНОСТРАННЫХ ДЕЛ\nХодатайство\nКомитет подтверждает, что инвестор Мюллер Анна осуществляет инвестиционную деятельность"),
    ("business_plan", "BUSINESS PLAN\n1. Executive summary 2. Market analysis 3. Financial plan, revenue forecast"),
    ("business_plan", "БИЗНЕС-ПЛАН\nАнализ рынка. Финансовый план. Выручка"),
    ("employment_contract", "ТРУДОВОЙ ДОГОВОР № 7\nг. Алматы\nРаботодатель ТОО «Степь Логистик» и работник Мюллер Анна заключили настоящий договор. Должность: инженер. Заработная плата"),
    ("employment_contract", "EMPLOYMENT CONTRACT No. 7\nThe Employer and the Employee agree. Position: engineer. Salary: 900 000 KZT"),
    ("employment_contract", "ЕҢБЕК ШАРТЫ № 7\nЖұмыс беруші және қызметкер. Лауазымы: инженер. Жалақы"),
    ("service_contract", "ДОГОВОР ВОЗМЕЗДНОГО ОКАЗАНИЯ УСЛУГ № 3\nЗаказчик ТОО «Степь», Исполнитель Мюллер Анна"),
    ("enbek_employment_certificate", "Enbek.kz\nСПРАВКА О ТРУДОВОЙ ДЕЯТЕЛЬНОСТИ\nЭлектронный трудовой договор № 12345\nРаботодатель: ТОО «Степь Логистик»"),
    ("work_permit", "РАЗРЕШЕНИЕ НА ПРИВЛЕЧЕНИЕ ИНОСТРАННОЙ РАБОЧЕЙ СИЛЫ\n№ 0012345\nВыдано ТОО «Степь Логистик»"),
    ("visa_application_form", "VISA APPLICATION FORM\nREPUBLIC OF KAZAKHSTAN\n1. Surname 2. Given names 3. Purpose of the trip: business\nIntended date of entry: 01.12.2026\nPhoto 3.5 x 4.5"),
    ("visa_application_form", "ВИЗОВАЯ АНКЕТА\nФамилия Имя\nЦель поездки: деловая\nПредполагаемая дата въезда: 01.12.2026"),
    ("trp_application_form", "ЗАЯВЛЕНИЕ\nна получение разрешения на временное проживание\nФамилия МЮЛЛЕР Имя АННА"),
    ("prp_application_form", "ХОДАТАЙСТВО (ЗАЯВЛЕНИЕ)\nо выдаче разрешения на постоянное проживание в Республике Казахстан"),
    ("tax_residence_application", "НАЛОГОВОЕ ЗАЯВЛЕНИЕ\nо подтверждении резидентства\nВ соответствии с конвенцией об избежании двойного налогообложения"),
    ("application_form", "ЗАЯВЛЕНИЕ\nПрошу выдать регистрационное свидетельство ЭЦП. ИИН 850312450123"),
    ("photo", "  ~ \n ."),
    ("payment_receipt", "КВИТАНЦИЯ\nОплата государственной пошлины\nСумма: 11 076 тенге\nКНП 911\nТранзакция № 883211"),
    ("payment_receipt", "RECEIPT\nPayment of the state fee\nAmount: 11 076 KZT\nTransaction 883211"),
    ("payment_receipt", "ТҮБІРТЕК\nМемлекеттік баж төлемі\nСомасы: 11 076 теңге"),
    ("visa_copy", "VISA / ВИЗА\nREPUBLIC OF KAZAKHSTAN\nNumber of entries: MULT\nValid from 01.12.2026 until 30.11.2027\nVKAZMUELLER<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<<\nC01X00T478DEU8503124F2711309<<<<<<<<<<<<<<<<"),
    ("fingerprint_certificate", "СПРАВКА\nо прохождении дактилоскопической регистрации\nМюллер Анна прошла дактилоскопическую регистрацию 14.05.2026"),
    ("fingerprint_certificate", "CERTIFICATE\nFingerprinting and verification completed on 14.05.2026"),
    ("fingerprint_certificate", "Дактилоскопиялық тіркеуден өткені туралы АНЫҚТАМА\nМюллер Анна 14.05.2026 өтті"),
    ("arrival_notification", "УВЕДОМЛЕНИЕ О ПРИБЫТИИ ИНОСТРАНЦА\nПринимающая сторона: ТОО «Степь Логистик»\nДата прибытия: 01.12.2026"),
    ("arrival_notification", "ШЕТЕЛДІКТІҢ КЕЛУІ ТУРАЛЫ ХАБАРЛАМА\nҚабылдаушы тарап: «Дала» ЖШС\nКелген күні: 01.12.2026"),
    ("medical_certificate_028u", "Форма № 028/у\nМЕДИЦИНСКАЯ СПРАВКА\nПротивопоказаний к работе не выявлено. Врач Иванова"),
    ("medical_certificate_028u", "028/е нысаны\nМЕДИЦИНАЛЫҚ АНЫҚТАМА\nДәрігер Ахметова"),
    ("medical_insurance", "СТРАХОВОЙ ПОЛИС\nдобровольного медицинского страхования\nСтрахователь: Мюллер Анна\nЗастрахованный: Мюллер Анна\nСтраховая сумма 5 000 000 тенге"),
    ("medical_insurance", "MEDICAL INSURANCE POLICY\nInsured: Anna Mueller\nSum insured: 30 000 EUR\nPeriod of insurance 01.12.2026 - 30.11.2027"),
    ("criminal_record_certificate", "СПРАВКА\nо наличии либо отсутствии судимости\nМюллер Анна судимости не имеет"),
    ("criminal_record_certificate", "POLICE CLEARANCE CERTIFICATE\nNo criminal record found for Anna Mueller"),
    ("criminal_record_certificate", "Соттылығының болуы не болмауы туралы АНЫҚТАМА"),
    ("property_owner_consent", "СОГЛАСИЕ СОБСТВЕННИКА\nЯ, Иванов И.И., собственник квартиры по адресу г. Астана, не возражаю против проживания Мюллер Анны"),
    ("accommodation_statement", "АДРЕСНАЯ СПРАВКА\nАдрес: г. Астана, ул. Абая 10, кв. 5"),
    ("consent_form", "СОГЛАСИЕ\nна сбор и обработку персональных данных\nЯ, Мюллер Анна, даю согласие"),
    ("consent_form", "Дербес деректерді жинауға және өңдеуге КЕЛІСІМ"),
    ("marriage_certificate", "СВИДЕТЕЛЬСТВО О ЗАКЛЮЧЕНИИ БРАКА\nИванов Игорь и Мюллер Анна заключили брак 10.10.2015"),
    ("marriage_certificate", "CERTIFICATE OF MARRIAGE\nHusband: John Smith Wife: Anna Mueller"),
    ("birth_certificate", "СВИДЕТЕЛЬСТВО О РОЖДЕНИИ\nМать: Мюллер Анна Отец: Иванов Игорь"),
    ("birth_certificate", "ТУУ ТУРАЛЫ КУӘЛІК\nАнасы: Мюллер Анна Әкесі: Иванов Игорь"),
    ("adoption_certificate", "СВИДЕТЕЛЬСТВО ОБ УСЫНОВЛЕНИИ"),
    ("residence_permit", "ВИД НА ЖИТЕЛЬСТВО ИНОСТРАНЦА В РЕСПУБЛИКЕ КАЗАХСТАН\nШЕТЕЛДІКТІҢ ҚАЗАҚСТАН РЕСПУБЛИКАСЫНДА ТҰРУҒА ЫҚТИЯРХАТЫ"),
    ("stateless_person_certificate", "УДОСТОВЕРЕНИЕ ЛИЦА БЕЗ ГРАЖДАНСТВА"),
];

#[test]
fn every_kind_is_recognised_from_its_text() {
    let v = vocab();
    let mut failures = Vec::new();
    for (i, (want, text)) in PAGES.iter().enumerate() {
        let mut p = page(1, text);
        if *want == "photo" {
            p.tones = Some(crate::ocr::tones::measure(&portrait(413, 531)));
        }
        let docs = classify("scan.jpg", &[p], &v);
        if docs.len() != 1 || docs[0].kind != *want {
            let got: Vec<_> = docs
                .iter()
                .map(|d| (&d.kind, d.confidence, &d.evidence))
                .collect();
            failures.push(format!("#{i} want {want}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    for k in &v.kinds {
        assert!(
            PAGES.iter().any(|(want, _)| k.id == *want),
            "no test page for kind {}",
            k.id
        );
    }
}

/// Tesseract-style damage: look-alike letters from the other script, Kazakh letters read
/// as Russian, a word broken across lines, stray punctuation.
#[test]
fn noisy_ocr_text_is_still_recognised() {
    let v = vocab();
    let cases = [
        // Latin look-alikes inside Russian words, a hyphenated line break.
        ("apostille", "AПOCTИЛЬ\n1. Cтpaнa: Poccийская Федерация\n2. пoдпи-\nсан Ивановым\n3. выступающим в ка-\nчестве нотариуса\n4. скреплен печатью\nУдостоверенo\n9. Печать / штамп 10. Подпись"),
        // Kazakh letters read as Russian ones (Қ→К, Ұ→У, Ә→А).
        ("iin_certificate", "ЖСН беру туралы АНЫКТАМА | Жеке сaйкестендiру нөмірі: 850312450123"),
        // Cyrillic look-alikes inside English words.
        ("power_of_attorney", "POWЕR OF АTTORNЕY ,\nI hereby authorise - Igor lvanov"),
        // Merged words and junk characters.
        ("medical_insurance", "СТРАХОВОЙПОЛИС ‘ добровольного медицинского\nстрахования | Застрахованный: Мюллер"),
        ("passport", "PASSP0RT\nSurname\nMUELLER\nP<D<<MUELLER<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<8503124F3103117<<<<<<<<<<<<<<<8"),
    ];
    for (want, text) in cases {
        let docs = classify("scan.png", &[page(1, text)], &v);
        assert_eq!(docs[0].kind, want, "{text:?}: {:?}", docs[0].evidence);
    }
}

#[test]
fn normalisation_folds_case_scripts_and_spacing() {
    assert_eq!(
        normalize("Паспорт / PASSPORT"),
        normalize("ПACПOPT passport")
    );
    assert_eq!(
        normalize("свидетель-\n  ствую"),
        normalize("свидетельствую")
    );
    assert_eq!(
        normalize("ҚАЗАҚСТАН"),
        normalize("казахстан").replace('x', "k")
    );
    assert_eq!(normalize("  a,\n\n b  "), "a b");
}

#[test]
fn mrz_is_found_in_the_mrz_pass_and_in_text() {
    let mut p = page(1, "");
    p.mrz = Some(MrzLines {
        lines: TD3.lines().map(String::from).collect(),
        confidence: 90.0,
        bbox: Default::default(),
        ..Default::default()
    });
    let m = detect_mrz(&p).expect("mrz pass");
    assert_eq!((m.format.name(), m.from_text), ("TD3", false));
    let m = detect_mrz(&page(1, &format!("some header\n{TD3}\n"))).expect("text");
    assert_eq!((m.format.name(), m.lines, m.from_text), ("TD3", 2, true));
    let td1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";
    assert_eq!(
        detect_mrz(&page(1, td1)).map(|m| m.format.name()),
        Some("TD1")
    );
    let mrvb = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<";
    assert_eq!(
        detect_mrz(&page(1, mrvb)).map(|m| m.format.name()),
        Some("MRVB")
    );
    // eng+rus OCR reads the visa's V as Cyrillic У.
    let mrva = "У<КА25СНМІрТ<<МАКІА<<<<<<<<<<<<<<<<<<<<<<<<<\n09984171740Е07612091Ғ2612085<<<<<<<<<<<<<<<<";
    assert_eq!(
        detect_mrz(&page(1, mrva)).map(|m| m.format.name()),
        Some("MRVA")
    );
    assert_eq!(detect_mrz(&page(1, "Surname <Given names> MUELLER")), None);
    // A page with only the MRZ pass read (no full-page OCR) is still a passport.
    let docs = classify("a.jpg", &[p], &vocab());
    assert_eq!(docs[0].kind, "passport");
    assert!(docs[0].evidence.iter().any(|e| e.signal == "mrz"));
}

const TRANSLATION: &str = "Перевод с английского языка на русский язык\nФЕДЕРАТИВНАЯ РЕСПУБЛИКА ГЕРМАНИЯ\nПАСПОРТ\nФамилия: МЮЛЛЕР\nИмя: АННА МАРИЯ\nГражданство: немецкое\nДата рождения: 12.03.1985\nМесто рождения: МЮНХЕН\nДата выдачи: 12.03.2021\nДата окончания срока действия: 11.03.2031";
const NOTARY: &str = "Город Алматы, Республика Казахстан. Первое декабря две тысячи двадцать шестого года.\nЯ, Сапарова Гульнар, нотариус города Алматы, действующая на основании лицензии № 0001234, свидетельствую подлинность подписи переводчика Петровой Анны Алексеевны.\nЗарегистрировано в реестре за № 5678.\nНотариус";

fn passport_page() -> String {
    format!(
        "PASSPORT / REISEPASS\nSurname MUELLER Given names ANNA MARIA\nNationality DEUTSCH\n{TD3}"
    )
}

#[test]
fn a_three_page_pdf_is_passport_then_translation_with_its_notary_page() {
    let v = vocab();
    let pages = [
        page(1, &passport_page()),
        page(2, TRANSLATION),
        page(3, NOTARY),
    ];
    let docs = classify("docs/passport_with_translation.pdf", &pages, &v);
    let got: Vec<(&str, &[u32])> = docs
        .iter()
        .map(|d| (d.kind.as_str(), d.pages.as_slice()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("passport", &[1][..]),
            ("passport_translation", &[2, 3][..])
        ],
        "{docs:#?}"
    );
    assert!(docs[1]
        .evidence
        .iter()
        .any(|e| e.signal == "attached" && e.detail.contains("page 3")));
    assert!(docs[0].confidence > 0.9, "{}", docs[0].confidence);
    // The file name names both kinds found: no disagreement.
    assert!(docs
        .iter()
        .all(|d| d.evidence.iter().all(|e| e.signal != "file_name_disagrees")));
    assert!(docs
        .iter()
        .all(|d| d.file == "docs/passport_with_translation.pdf"));
}

#[test]
fn a_translation_mentioning_a_passport_is_not_a_passport() {
    let docs = classify(
        "scan.jpg",
        &[page(1, &format!("{TRANSLATION}\n{NOTARY}"))],
        &vocab(),
    );
    assert_eq!(
        docs[0].kind, "passport_translation",
        "{:?}",
        docs[0].evidence
    );
}

#[test]
fn continuation_pages_join_and_new_titles_split() {
    let v = vocab();
    let pages = [
        page(
            1,
            "ТРУДОВОЙ ДОГОВОР № 7\nРаботодатель и работник заключили договор",
        ),
        page(
            2,
            "5. Права и обязанности сторон. 6. Срок действия договора. Подписи сторон",
        ),
        page(
            3,
            "ПРИКАЗ № 15-к\nО назначении на должность генерального директора",
        ),
    ];
    let docs = classify("scan.pdf", &pages, &v);
    let got: Vec<(&str, Vec<u32>)> = docs
        .iter()
        .map(|d| (d.kind.as_str(), d.pages.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("employment_contract", vec![1, 2]),
            ("appointment_order", vec![3])
        ]
    );
    assert!(docs[0].evidence.iter().any(|e| e.signal == "continuation"));
}

#[test]
fn an_apostille_attached_to_a_document_is_its_own_document() {
    let v = vocab();
    let pages = [
        page(1, "POWER OF ATTORNEY\nI, Anna Mueller, hereby authorize Igor Ivanov to represent my interests"),
        page(2, "Before me, notary public Klaus Weber, appeared Anna Mueller. I hereby certify the authenticity of the signature. Register No 55"),
        page(3, PAGES[6].1),
        page(4, "Further text without any signal of its own"),
    ];
    let docs = classify("poa.pdf", &pages, &v);
    let got: Vec<(&str, Vec<u32>)> = docs
        .iter()
        .map(|d| (d.kind.as_str(), d.pages.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("power_of_attorney", vec![1, 2]),
            ("apostille", vec![3]),
            ("unrecognized", vec![4])
        ],
        "{docs:#?}"
    );
}

#[test]
fn passport_labels_on_a_later_page_do_not_split_a_form() {
    let pages = [
        page(1, "VISA APPLICATION FORM\nREPUBLIC OF KAZAKHSTAN\nPurpose of the trip: business"),
        page(2, "12. Passport No. C01X00T47 13. Surname MUELLER 14. Given names ANNA MARIA\n15. Nationality DEU 16. Date of birth 12.03.1985 17. Date of expiry 11.03.2031 18. Authority"),
    ];
    let docs = classify("form.pdf", &pages, &vocab());
    let got: Vec<(&str, Vec<u32>)> = docs
        .iter()
        .map(|d| (d.kind.as_str(), d.pages.clone()))
        .collect();
    assert_eq!(
        got,
        vec![("visa_application_form", vec![1, 2])],
        "{docs:#?}"
    );
}

/// A title followed by a person block (as many certificates print): the labels and the
/// word "Паспорт" in the body must not make it a passport or a translation.
#[test]
fn a_person_block_does_not_outweigh_the_title() {
    let v = vocab();
    let block = "Фамилия, имя ШМИДТ МАРИЯ\nSurname, given names SCHMIDT MARIA\nДата рождения | 09.12.1976\nПаспорт CNNJ4Z35L\nПодпись";
    for (title, want) in [
        ("КВИТАНЦИЯ", "payment_receipt"),
        ("APOSTILLE", "apostille"),
        ("ПОЛИС", "medical_insurance"),
        ("СПРАВКА о судимости", "criminal_record_certificate"),
        ("ПЕРЕВОД", "passport_translation"),
    ] {
        let docs = classify("scan.jpg", &[page(1, &format!("{title}\n\n{block}"))], &v);
        assert_eq!(docs[0].kind, want, "{title}: {:?}", docs[0].evidence);
        assert!(docs[0].confidence > 0.5, "{title}: {}", docs[0].confidence);
    }
    // Without a title the block alone is at best a weak passport guess ("Паспорт" in a
    // short top line), never a translation.
    let docs = classify("scan.jpg", &[page(1, block)], &v);
    assert_ne!(
        docs[0].kind, "passport_translation",
        "{:?}",
        docs[0].evidence
    );
    assert!(docs[0].confidence < 0.7, "{}", docs[0].confidence);
}

#[test]
fn two_passports_in_one_file_stay_two_documents() {
    let pages = [page(1, &passport_page()), page(2, &passport_page())];
    let docs = classify("family.pdf", &pages, &vocab());
    assert_eq!(docs.len(), 2);
}

#[test]
fn file_name_breaks_a_tie_but_never_overrides_content() {
    let v = vocab();
    // Both certificate titles on one page score the same: a tie the name may break.
    let tie = "СВИДЕТЕЛЬСТВО О РОЖДЕНИИ\nСВИДЕТЕЛЬСТВО О ЗАКЛЮЧЕНИИ БРАКА";
    let plain = classify("scan.jpg", &[page(1, tie)], &v);
    let hinted = classify("birth_certificate.jpg", &[page(1, tie)], &v);
    assert_eq!(
        plain[0].kind, "marriage_certificate",
        "{:?}",
        plain[0].evidence
    );
    assert_eq!(
        hinted[0].kind, "birth_certificate",
        "{:?}",
        hinted[0].evidence
    );
    assert!(hinted[0].evidence.iter().any(|e| e.signal == "file_name"));
    assert!(plain[0].evidence.iter().all(|e| e.signal != "file_name"));
    assert!(hinted[0].confidence < 0.5);

    // Content decides against the name, and the disagreement is reported.
    let docs = classify("passport.jpg", &[page(1, PAGES[9].1)], &v);
    assert_eq!(docs[0].kind, "iin_certificate");
    let dis = docs[0]
        .evidence
        .iter()
        .find(|e| e.signal == "file_name_disagrees")
        .expect("disagreement reported");
    assert!(dis.detail.contains("passport"), "{}", dis.detail);
}

#[test]
fn pages_no_kind_fits_are_unrecognized() {
    let v = vocab();
    let text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Съешь же ещё этих мягких французских булок, да выпей чаю.";
    let docs = classify("notes.png", &[page(1, text)], &v);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].kind, UNRECOGNIZED);
    assert_eq!(docs[0].pages, vec![1]);
    assert!(classify("x.pdf", &[], &v).is_empty());
}

#[test]
fn confidence_grows_with_the_margin() {
    let v = vocab();
    let clear = classify("a.jpg", &[page(1, PAGES[6].1)], &v)[0].confidence;
    let weak = classify("a.jpg", &[page(1, "Заявление. Прошу")], &v)[0].confidence;
    assert!(clear > 0.95, "{clear}");
    assert!(weak < clear, "{weak} vs {clear}");
    assert!((0.0..=1.0).contains(&weak));
}

/// The two pages of issue 9: titles whose "о" Tesseract read as "0".
const IIN_ISSUE_PAGE: &str = "РЕСПУБЛИКА КАЗАХСТАН\nСВИДЕТЕЛЬСТВО\n0 присвоении индивидуального идентификационного номера (ИИН / ЖСН)\nФамилия: ШМИДТ\nИмя: ЙОНАС\nДата рождения: 19.12.1989\nИИН / ЖСН / IIN: 891219454746\nДата присвоения: 14.05.2026";
const ARRIVAL_ISSUE_PAGE: &str = "УВЕДОМЛЕНИЕ\n0 прибытии иностранца (Notificat1on оn arriva|)\nПринимающая сторона: ТОО «Степь Логистик»\nИностранец: ШМИДТ ЙОНАС\nДата въезда: 01.12.2026";

fn title_evidence(doc: &crate::model::Classified) -> Vec<&str> {
    doc.evidence
        .iter()
        .filter(|e| e.signal == "title")
        .map(|e| e.detail.as_str())
        .collect()
}

#[test]
fn issue_9_titles_read_with_a_zero_are_recognised() {
    let v = vocab();
    let docs = classify("scan_02.pdf", &[page(1, IIN_ISSUE_PAGE)], &v);
    assert_eq!(docs[0].kind, "iin_certificate", "{:?}", docs[0].evidence);
    assert_eq!(
        title_evidence(&docs[0]),
        ["ru: \"о присвоении индивидуального идентификационного номера\" read \"0 присвоении индивидуального идентификационного номера\" (exact)"]
    );

    let docs = classify("scan_03.png", &[page(1, ARRIVAL_ISSUE_PAGE)], &v);
    assert_eq!(
        docs[0].kind, "arrival_notification",
        "{:?}",
        docs[0].evidence
    );
    // The title runs over the line break; the text is quoted as read. The English
    // title in brackets is a title of the kind too.
    assert_eq!(
        title_evidence(&docs[0]),
        [
            "ru: \"уведомление о прибытии\" read \"УВЕДОМЛЕНИЕ 0 прибытии\" (exact)",
            "en: \"notification on arrival\" read \"Notificat1on оn arriva|\" (exact)"
        ]
    );
}

#[test]
fn a_damaged_title_counts_with_its_edits_in_the_evidence() {
    let v = vocab();
    let text = "УВЕДОМЛЕНИE 0 ПРИБЬIТИИ\nПринимающая сторона: ТОО «Степь»";
    let docs = classify("a.jpg", &[page(1, text)], &v);
    assert_eq!(
        docs[0].kind, "arrival_notification",
        "{:?}",
        docs[0].evidence
    );
    assert_eq!(
        title_evidence(&docs[0]),
        ["ru: \"уведомление о прибытии\" read \"УВЕДОМЛЕНИE 0 ПРИБЬIТИИ\" (2 edits)"]
    );
}

#[test]
fn a_title_phrase_below_the_title_lines_only_adds_its_weight() {
    let v = vocab();
    let text = "ТОО «Степь Логистик»\nг. Астана, ул. Абая 10\nИсх. № 15 от 01.12.2026\nВ Департамент полиции г. Астаны\nНаправляем уведомление о прибытии иностранца Шмидт Йонас, принимающая сторона ТОО «Степь Логистик».";
    let v_page = score_page("a.jpg", &page(1, text), &v);
    let arrival = v_page
        .evidence
        .iter()
        .find(|e| e.detail.contains("уведомление о прибытии"));
    assert!(!v_page.strong, "{:?}", v_page.evidence);
    assert!(
        arrival.is_some_and(|e| e.signal == "title_in_body"),
        "{:?}",
        v_page.evidence
    );
}

#[test]
fn the_explanation_names_the_threshold_and_the_requirement_that_were_compared() {
    let v = vocab();
    // A person block without its title: a translation's labels score best, but a
    // translation needs its title or a translator's statement.
    let text = "Фамилия: ШМИДТ\nИмя: ЙОНАС\nДата рождения: 19.12.1989\nГражданство: ГЕРМАНИЯ\nИИН / ЖСН / IIN: 891219454746";
    let verdict = score_page("a.jpg", &page(1, text), &v);
    assert_eq!(verdict.kind, None);
    let why = &verdict.evidence[0];
    assert_eq!(why.signal, "below_threshold");
    assert_eq!(
        why.detail,
        "best guess passport_translation scored 3.5 but needs its title at the top of the page \
         or a translator's statement (translation from one language into another); \
         next, iin_certificate scored 2.0, below its minimum 3.0"
    );
    // A kind with a minimum of its own (application_form: 3.5) is compared with that.
    let verdict = score_page("a.jpg", &page(1, "ЗАЯВЛЕНИЕ\nИИН 850312450123"), &v);
    assert_eq!(verdict.kind, None);
    assert_eq!(
        verdict.evidence[0].detail,
        "best guess application_form scored 3.0, below its minimum 3.5"
    );
}

/// The edit budget against the vocabulary's own near neighbours: titles of every kind
/// written as phrases are found on a page of their kind and on no page of another kind
/// (arrival and departure, birth and marriage, temporary and permanent residence, ...).
#[test]
fn title_phrases_find_their_own_kind_and_no_other() {
    use crate::text::phrase::{canon_phrase, CanonText, PhraseSet};
    let titles: &[(&str, &str)] = &[
        ("id_card", "удостоверение личности"),
        (
            "passport_translation",
            "перевод с английского языка на русский язык",
        ),
        ("apostille", "apostille"),
        (
            "iin_certificate",
            "о присвоении индивидуального идентификационного номера",
        ),
        ("power_of_attorney", "доверенность"),
        ("power_of_attorney", "power of attorney"),
        ("power_of_attorney", "сенімхат"),
        (
            "legal_entity_registration",
            "о государственной регистрации юридического лица",
        ),
        (
            "trade_register_extract",
            "extract from the commercial register",
        ),
        ("shareholder_resolution", "решение единственного участника"),
        (
            "shareholder_resolution",
            "resolution of the sole shareholder",
        ),
        ("appointment_order", "о назначении на должность"),
        ("termination_order", "о расторжении трудового договора"),
        ("invitation_letter", "letter of invitation"),
        ("business_plan", "business plan"),
        ("business_plan", "бизнес-план"),
        ("employment_contract", "employment contract"),
        ("employment_contract", "еңбек шарты"),
        (
            "enbek_employment_certificate",
            "справка о трудовой деятельности",
        ),
        (
            "work_permit",
            "разрешение на привлечение иностранной рабочей силы",
        ),
        ("visa_application_form", "visa application form"),
        ("visa_application_form", "визовая анкета"),
        (
            "trp_application_form",
            "на получение разрешения на временное проживание",
        ),
        (
            "prp_application_form",
            "о выдаче разрешения на постоянное проживание",
        ),
        ("tax_residence_application", "о подтверждении резидентства"),
        ("payment_receipt", "оплата государственной пошлины"),
        (
            "fingerprint_certificate",
            "о прохождении дактилоскопической регистрации",
        ),
        ("arrival_notification", "уведомление о прибытии иностранца"),
        ("arrival_notification", "келуі туралы хабарлама"),
        ("medical_certificate_028u", "медицинская справка"),
        ("medical_insurance", "страховой полис"),
        ("medical_insurance", "medical insurance policy"),
        (
            "criminal_record_certificate",
            "о наличии либо отсутствии судимости",
        ),
        (
            "criminal_record_certificate",
            "police clearance certificate",
        ),
        ("property_owner_consent", "согласие собственника"),
        ("accommodation_statement", "адресная справка"),
        ("consent_form", "на сбор и обработку персональных данных"),
        ("marriage_certificate", "свидетельство о заключении брака"),
        ("marriage_certificate", "certificate of marriage"),
        ("birth_certificate", "свидетельство о рождении"),
        ("birth_certificate", "туу туралы куәлік"),
        ("adoption_certificate", "свидетельство об усыновлении"),
        ("residence_permit", "вид на жительство иностранца"),
        (
            "stateless_person_certificate",
            "удостоверение лица без гражданства",
        ),
        ("investment_request_letter", "комитет по инвестициям"),
    ];
    let set = PhraseSet::new(titles.iter().map(|(_, p)| canon_phrase(p)).collect());
    let mut found_own = vec![false; titles.len()];
    let mut wrong = Vec::new();
    for (kind, text) in PAGES {
        let hits = set.find_all(&CanonText::new(text));
        for (i, h) in hits.iter().enumerate() {
            let Some(h) = h.first() else { continue };
            if titles[i].0 == *kind {
                found_own[i] = true;
            } else {
                wrong.push(format!(
                    "{:?} ({}) found {:?} ({} edits) on a {kind} page",
                    titles[i].1,
                    titles[i].0,
                    &text[h.start..h.end],
                    h.distance
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let missed: Vec<_> = titles
        .iter()
        .zip(&found_own)
        .filter(|(_, f)| !**f)
        .map(|(t, _)| t)
        .collect();
    assert!(
        missed.is_empty(),
        "not found on their own pages: {missed:?}"
    );
}

/// A photo-like grey image: a lit backdrop with a gradient, a head and shoulders in
/// shaded tones, a little noise (what an ID photo scanned at 300 dpi looks like to the
/// measures).
fn portrait(w: u32, h: u32) -> image::GrayImage {
    image::GrayImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let noise = ((x * 7919 + y * 104_729) % 17) as f32 - 8.0;
        let head = ((fx - 0.5) / 0.22).powi(2) + ((fy - 0.38) / 0.26).powi(2) < 1.0;
        let shoulders = fy > 0.7 && ((fx - 0.5) / 0.45).powi(2) + ((fy - 1.05) / 0.4).powi(2) < 1.0;
        let v = if head {
            150.0 + 60.0 * (1.0 - fx) - 40.0 * fy
        } else if shoulders {
            40.0 + 50.0 * fx
        } else {
            200.0 + 30.0 * fy
        };
        image::Luma([(v + noise).clamp(0.0, 255.0) as u8])
    })
}

fn blank_page_with(tones: Option<image::GrayImage>) -> PageText {
    let mut p = page(1, " ");
    p.tones = tones.map(|img| crate::ocr::tones::measure(&img));
    p
}

#[test]
fn a_photo_is_a_face_sized_photo_like_image_not_a_blank() {
    let v = vocab();
    let kind = |p: PageText| classify("photo.jpg", &[p], &v)[0].kind.clone();
    assert_eq!(kind(blank_page_with(Some(portrait(413, 531)))), "photo");
    // Scanned at 150 dpi: 35 mm is 207 px.
    assert_eq!(kind(blank_page_with(Some(portrait(210, 270)))), "photo");
    // A thumbnail, a 1 × 1 image, a blank page, a nearly uniform grey page.
    for img in [
        portrait(90, 120),
        image::GrayImage::from_pixel(1, 1, image::Luma([128])),
        image::GrayImage::from_pixel(2480, 3508, image::Luma([250])),
        image::GrayImage::from_fn(1200, 1600, |x, y| image::Luma([120 + ((x + y) % 9) as u8])),
    ] {
        let (w, h) = img.dimensions();
        assert_eq!(kind(blank_page_with(Some(img))), UNRECOGNIZED, "{w} × {h}");
    }
    // A signature on white paper: ink, not photo tones.
    let signature = image::GrayImage::from_fn(1000, 700, |x, y| {
        let on = (300..700).contains(&x) && (250..450).contains(&y) && (x / 3 + y / 5) % 7 == 0;
        image::Luma([if on { 20 } else { 245 }])
    });
    assert_eq!(kind(blank_page_with(Some(signature))), UNRECOGNIZED);
    // Fine black-and-white dashes all over a large page (unreadable print, a grid):
    // grey from afar, but no photo tones.
    let dashes = image::GrayImage::from_fn(3000, 3000, |x, y| {
        image::Luma([if x % 16 < 10 && y % 80 < 40 { 0 } else { 255 }])
    });
    assert_eq!(kind(blank_page_with(Some(dashes))), UNRECOGNIZED);
    // A text-layer page (no image) with almost no text is no photo either.
    assert_eq!(kind(blank_page_with(None)), UNRECOGNIZED);
    // The verdict says what the photo kind needs.
    let verdict = score_page("photo.png", &blank_page_with(Some(portrait(40, 50))), &v);
    assert!(
        verdict.evidence[0]
            .detail
            .contains("a photograph (at least 200 pixels"),
        "{:?}",
        verdict.evidence
    );
}
