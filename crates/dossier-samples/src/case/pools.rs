//! Name, place and company pools for the fictional cases: Latin as passports print it,
//! Cyrillic as translators write it. Russian and Kazakh entries hold only the Cyrillic; the
//! Latin comes from `translit`. Every entry is a common name, combined at random, so no
//! pool describes a real person.

pub(super) type Pair = (&'static str, &'static str);

pub(super) struct Pool {
    /// (male, female) surname pairs for languages that inflect them; same twice otherwise.
    pub surnames: &'static [(Pair, Pair)],
    pub male: &'static [Pair],
    pub female: &'static [Pair],
    pub places: &'static [Pair],
    /// Probability of a second given name.
    pub second_name: f64,
}

macro_rules! same {
    ($($l:literal $c:literal),* $(,)?) => { &[$((($l, $c), ($l, $c))),*] };
}

const DEU: Pool = Pool {
    surnames: same!["MUELLER" "МЮЛЛЕР", "SCHMIDT" "ШМИДТ", "SCHNEIDER" "ШНАЙДЕР",
        "FISCHER" "ФИШЕР", "WEBER" "ВЕБЕР", "MEYER" "МАЙЕР", "WAGNER" "ВАГНЕР",
        "BECKER" "БЕККЕР", "HOFFMANN" "ХОФФМАН", "SCHAEFER" "ШЕФЕР", "KOCH" "КОХ",
        "RICHTER" "РИХТЕР"],
    male: &[
        ("LUKAS", "ЛУКАС"),
        ("JONAS", "ЙОНАС"),
        ("MAXIMILIAN", "МАКСИМИЛИАН"),
        ("FELIX", "ФЕЛИКС"),
        ("STEFAN", "ШТЕФАН"),
        ("MICHAEL", "МИХАЭЛЬ"),
        ("THOMAS", "ТОМАС"),
        ("JUERGEN", "ЮРГЕН"),
        ("KLAUS", "КЛАУС"),
    ],
    female: &[
        ("ANNA", "АННА"),
        ("LENA", "ЛЕНА"),
        ("SOPHIE", "ЗОФИ"),
        ("JULIA", "ЮЛИЯ"),
        ("KATHARINA", "КАТАРИНА"),
        ("SABINE", "ЗАБИНЕ"),
        ("MONIKA", "МОНИКА"),
        ("MARIA", "МАРИЯ"),
    ],
    places: &[
        ("BERLIN", "БЕРЛИН"),
        ("HAMBURG", "ГАМБУРГ"),
        ("BREMEN", "БРЕМЕН"),
        ("DRESDEN", "ДРЕЗДЕН"),
        ("STUTTGART", "ШТУТГАРТ"),
        ("LEIPZIG", "ЛЕЙПЦИГ"),
    ],
    second_name: 0.3,
};

const USA: Pool = Pool {
    surnames: same!["JOHNSON" "ДЖОНСОН", "SMITH" "СМИТ", "WILLIAMS" "УИЛЬЯМС",
        "BROWN" "БРАУН", "JONES" "ДЖОНС", "MILLER" "МИЛЛЕР", "DAVIS" "ДЭВИС",
        "GARCIA" "ГАРСИЯ", "WILSON" "УИЛСОН", "ANDERSON" "АНДЕРСОН", "THOMPSON" "ТОМПСОН"],
    male: &[
        ("JAMES", "ДЖЕЙМС"),
        ("JOHN", "ДЖОН"),
        ("ROBERT", "РОБЕРТ"),
        ("MICHAEL", "МАЙКЛ"),
        ("DAVID", "ДЭВИД"),
        ("WILLIAM", "УИЛЬЯМ"),
        ("CHRISTOPHER", "КРИСТОФЕР"),
        ("DANIEL", "ДЭНИЕЛ"),
    ],
    female: &[
        ("MARY", "МЭРИ"),
        ("JENNIFER", "ДЖЕННИФЕР"),
        ("EMILY", "ЭМИЛИ"),
        ("SARAH", "САРА"),
        ("JESSICA", "ДЖЕССИКА"),
        ("ELIZABETH", "ЭЛИЗАБЕТ"),
        ("ASHLEY", "ЭШЛИ"),
    ],
    places: &[
        ("CALIFORNIA, U.S.A.", "КАЛИФОРНИЯ, США"),
        ("TEXAS, U.S.A.", "ТЕХАС, США"),
        ("OHIO, U.S.A.", "ОГАЙО, США"),
        ("ILLINOIS, U.S.A.", "ИЛЛИНОЙС, США"),
        ("NEW YORK, U.S.A.", "НЬЮ-ЙОРК, США"),
    ],
    second_name: 0.6,
};

const GBR: Pool = Pool {
    surnames: same!["TAYLOR" "ТЕЙЛОР", "EVANS" "ЭВАНС", "WRIGHT" "РАЙТ", "WALKER" "УОКЕР",
        "ROBERTS" "РОБЕРТС", "HUGHES" "ХЬЮЗ", "GREEN" "ГРИН", "HALL" "ХОЛЛ", "WOOD" "ВУД",
        "CLARKE" "КЛАРК"],
    male: &[
        ("OLIVER", "ОЛИВЕР"),
        ("GEORGE", "ДЖОРДЖ"),
        ("HARRY", "ГАРРИ"),
        ("JACK", "ДЖЕК"),
        ("EDWARD", "ЭДВАРД"),
        ("PETER", "ПИТЕР"),
    ],
    female: &[
        ("OLIVIA", "ОЛИВИЯ"),
        ("AMELIA", "АМЕЛИЯ"),
        ("CHARLOTTE", "ШАРЛОТТА"),
        ("EMMA", "ЭММА"),
        ("LUCY", "ЛЮСИ"),
        ("VICTORIA", "ВИКТОРИЯ"),
    ],
    places: &[
        ("LONDON", "ЛОНДОН"),
        ("MANCHESTER", "МАНЧЕСТЕР"),
        ("BIRMINGHAM", "БИРМИНГЕМ"),
        ("LEEDS", "ЛИДС"),
        ("BRISTOL", "БРИСТОЛЬ"),
    ],
    second_name: 0.4,
};

const CHN: Pool = Pool {
    surnames: same!["WANG" "ВАН", "LI" "ЛИ", "ZHANG" "ЧЖАН", "LIU" "ЛЮ", "CHEN" "ЧЭНЬ",
        "YANG" "ЯН", "HUANG" "ХУАН", "ZHAO" "ЧЖАО", "ZHOU" "ЧЖОУ", "WU" "У"],
    male: &[
        ("WEI", "ВЭЙ"),
        ("JUN", "ЦЗЮНЬ"),
        ("HAO", "ХАО"),
        ("MING", "МИН"),
        ("LEI", "ЛЭЙ"),
        ("QIANG", "ЦЯН"),
        ("ZHIWEI", "ЧЖИВЭЙ"),
    ],
    female: &[
        ("FANG", "ФАН"),
        ("XIAOLING", "СЯОЛИН"),
        ("JING", "ЦЗИН"),
        ("YAN", "ЯНЬ"),
        ("MEI", "МЭЙ"),
        ("LIHUA", "ЛИХУА"),
    ],
    places: &[
        ("BEIJING", "ПЕКИН"),
        ("SHANGHAI", "ШАНХАЙ"),
        ("GUANGDONG", "ГУАНДУН"),
        ("SICHUAN", "СЫЧУАНЬ"),
        ("HUBEI", "ХУБЭЙ"),
    ],
    second_name: 0.0,
};

const TUR: Pool = Pool {
    surnames: same!["YILMAZ" "ЙЫЛМАЗ", "KAYA" "КАЯ", "DEMIR" "ДЕМИР", "CELIK" "ЧЕЛИК",
        "SAHIN" "ШАХИН", "YILDIZ" "ЙЫЛДЫЗ", "OZTURK" "ЭЗТЮРК", "AYDIN" "АЙДЫН",
        "ARSLAN" "АРСЛАН", "DOGAN" "ДОГАН"],
    male: &[
        ("MEHMET", "МЕХМЕТ"),
        ("MUSTAFA", "МУСТАФА"),
        ("AHMET", "АХМЕТ"),
        ("EMRE", "ЭМРЕ"),
        ("BURAK", "БУРАК"),
        ("MURAT", "МУРАТ"),
    ],
    female: &[
        ("AYSE", "АЙШЕ"),
        ("FATMA", "ФАТМА"),
        ("ZEYNEP", "ЗЕЙНЕП"),
        ("ELIF", "ЭЛИФ"),
        ("EMINE", "ЭМИНЕ"),
    ],
    places: &[
        ("ISTANBUL", "СТАМБУЛ"),
        ("ANKARA", "АНКАРА"),
        ("IZMIR", "ИЗМИР"),
        ("BURSA", "БУРСА"),
        ("KONYA", "КОНЬЯ"),
    ],
    second_name: 0.15,
};

const IND: Pool = Pool {
    surnames: same!["SHARMA" "ШАРМА", "PATEL" "ПАТЕЛЬ", "SINGH" "СИНГХ", "KUMAR" "КУМАР",
        "GUPTA" "ГУПТА", "REDDY" "РЕДДИ", "IYER" "АЙЕР", "NAIR" "НАИР", "MEHTA" "МЕХТА",
        "JOSHI" "ДЖОШИ"],
    male: &[
        ("RAHUL", "РАХУЛ"),
        ("AMIT", "АМИТ"),
        ("VIKRAM", "ВИКРАМ"),
        ("ARJUN", "АРДЖУН"),
        ("SANJAY", "САНДЖАЙ"),
        ("RAJESH", "РАДЖЕШ"),
    ],
    female: &[
        ("PRIYA", "ПРИЯ"),
        ("ANANYA", "АНАНЬЯ"),
        ("DEEPIKA", "ДИПИКА"),
        ("SUNITA", "СУНИТА"),
        ("KAVYA", "КАВЬЯ"),
    ],
    places: &[
        ("MUMBAI", "МУМБАИ"),
        ("DELHI", "ДЕЛИ"),
        ("CHENNAI", "ЧЕННАИ"),
        ("KOLKATA", "КОЛКАТА"),
        ("PUNE", "ПУНА"),
    ],
    second_name: 0.2,
};

const KOR: Pool = Pool {
    surnames: same!["KIM" "КИМ", "LEE" "ЛИ", "PARK" "ПАК", "CHOI" "ЧХВЕ", "JUNG" "ЧОН",
        "KANG" "КАН", "CHO" "ЧО", "YOON" "ЮН", "JANG" "ЧАН", "LIM" "ИМ"],
    male: &[
        ("MINJUN", "МИНДЖУН"),
        ("SEOJUN", "СОДЖУН"),
        ("JIHOON", "ДЖИХУН"),
        ("HYUNWOO", "ХЁНУ"),
        ("DONGHYUN", "ТОНХЁН"),
    ],
    female: &[
        ("SEOYEON", "СОЁН"),
        ("JIWOO", "ДЖИУ"),
        ("MINJI", "МИНДЖИ"),
        ("HAEUN", "ХАЫН"),
        ("YUNA", "ЮНА"),
    ],
    places: &[
        ("SEOUL", "СЕУЛ"),
        ("BUSAN", "ПУСАН"),
        ("INCHEON", "ИНЧХОН"),
        ("DAEGU", "ТЭГУ"),
    ],
    second_name: 0.0,
};

/// Russian names are stored in Cyrillic; the Latin form comes from [`translit`].
const RUS: Pool = Pool {
    surnames: &[
        (("", "ИВАНОВ"), ("", "ИВАНОВА")),
        (("", "СМИРНОВ"), ("", "СМИРНОВА")),
        (("", "КУЗНЕЦОВ"), ("", "КУЗНЕЦОВА")),
        (("", "ВАСИЛЬЕВ"), ("", "ВАСИЛЬЕВА")),
        (("", "СОКОЛОВ"), ("", "СОКОЛОВА")),
        (("", "МИХАЙЛОВ"), ("", "МИХАЙЛОВА")),
        (("", "ФЁДОРОВ"), ("", "ФЁДОРОВА")),
        (("", "ЖУКОВ"), ("", "ЖУКОВА")),
        (("", "ЩЕРБАКОВ"), ("", "ЩЕРБАКОВА")),
        (("", "ХОХЛОВ"), ("", "ХОХЛОВА")),
    ],
    male: &[
        ("", "АЛЕКСАНДР"),
        ("", "ДМИТРИЙ"),
        ("", "МАКСИМ"),
        ("", "СЕРГЕЙ"),
        ("", "АНДРЕЙ"),
        ("", "ЮРИЙ"),
        ("", "НИКОЛАЙ"),
    ],
    female: &[
        ("", "ЕЛЕНА"),
        ("", "ОЛЬГА"),
        ("", "НАТАЛЬЯ"),
        ("", "ЮЛИЯ"),
        ("", "ТАТЬЯНА"),
        ("", "ЕКАТЕРИНА"),
        ("", "КСЕНИЯ"),
    ],
    places: &[
        ("", "МОСКВА"),
        ("", "САНКТ-ПЕТЕРБУРГ"),
        ("", "НОВОСИБИРСК"),
        ("", "ЕКАТЕРИНБУРГ"),
        ("", "КАЗАНЬ"),
        ("", "ОМСК"),
    ],
    second_name: 0.0,
};

/// Kazakh names in Kazakh Cyrillic; the Latin form comes from [`translit`].
const KAZ: Pool = Pool {
    surnames: &[
        (("", "ӘБІЛОВ"), ("", "ӘБІЛОВА")),
        (("", "ҚАСЫМОВ"), ("", "ҚАСЫМОВА")),
        (("", "НҰРЛАНОВ"), ("", "НҰРЛАНОВА")),
        (("", "ЖАҚСЫЛЫҚОВ"), ("", "ЖАҚСЫЛЫҚОВА")),
        (("", "СӘРСЕНБАЕВ"), ("", "СӘРСЕНБАЕВА")),
        (("", "ТӨЛЕГЕНОВ"), ("", "ТӨЛЕГЕНОВА")),
        (("", "ҒАБДУЛЛИН"), ("", "ҒАБДУЛЛИНА")),
        (("", "ИСҚАҚОВ"), ("", "ИСҚАҚОВА")),
        (("", "БАЙМҰХАМЕДОВ"), ("", "БАЙМҰХАМЕДОВА")),
        (("", "ШӘКЕНОВ"), ("", "ШӘКЕНОВА")),
        (("", "ҮСЕНОВ"), ("", "ҮСЕНОВА")),
    ],
    male: &[
        ("", "ҒАЛЫМ"),
        ("", "НҰРЛАН"),
        ("", "ҚАНАТ"),
        ("", "ӨМІРБЕК"),
        ("", "ЕРЖАН"),
        ("", "ДӘУЛЕТ"),
        ("", "АСҚАР"),
        ("", "БАУЫРЖАН"),
        ("", "ЕРБОЛ"),
    ],
    female: &[
        ("", "ӘЙГЕРІМ"),
        ("", "ГҮЛНАР"),
        ("", "ДИНАРА"),
        ("", "ЖАНАР"),
        ("", "ШАҺИЗАДА"),
        ("", "ҮМІТ"),
        ("", "АҚЕРКЕ"),
        ("", "САЛТАНАТ"),
        ("", "ІҢКӘР"),
    ],
    places: &[
        ("", "АЛМАТЫ"),
        ("", "АСТАНА"),
        ("", "ШЫМКЕНТ"),
        ("", "ҚАРАҒАНДЫ"),
        ("", "ТАРАЗ"),
        ("", "ӨСКЕМЕН"),
        ("", "ҚЫЗЫЛОРДА"),
    ],
    second_name: 0.0,
};

const UZB: Pool = Pool {
    surnames: &[
        (("KARIMOV", "КАРИМОВ"), ("KARIMOVA", "КАРИМОВА")),
        (("RAKHIMOV", "РАХИМОВ"), ("RAKHIMOVA", "РАХИМОВА")),
        (("YUSUPOV", "ЮСУПОВ"), ("YUSUPOVA", "ЮСУПОВА")),
        (("NAZAROV", "НАЗАРОВ"), ("NAZAROVA", "НАЗАРОВА")),
        (("SAIDOV", "САИДОВ"), ("SAIDOVA", "САИДОВА")),
        (("ERGASHEV", "ЭРГАШЕВ"), ("ERGASHEVA", "ЭРГАШЕВА")),
        (("TURSUNOV", "ТУРСУНОВ"), ("TURSUNOVA", "ТУРСУНОВА")),
    ],
    male: &[
        ("BOBUR", "БОБУР"),
        ("SARDOR", "САРДОР"),
        ("AZIZ", "АЗИЗ"),
        ("BEKZOD", "БЕКЗОД"),
        ("OTABEK", "ОТАБЕК"),
        ("RUSTAM", "РУСТАМ"),
    ],
    female: &[
        ("DILNOZA", "ДИЛЬНОЗА"),
        ("MADINA", "МАДИНА"),
        ("NIGORA", "НИГОРА"),
        ("SHAHNOZA", "ШАХНОЗА"),
        ("FERUZA", "ФЕРУЗА"),
    ],
    places: &[
        ("TOSHKENT", "ТАШКЕНТ"),
        ("SAMARQAND", "САМАРКАНД"),
        ("BUXORO", "БУХАРА"),
        ("FARG'ONA", "ФЕРГАНА"),
        ("ANDIJON", "АНДИЖАН"),
    ],
    second_name: 0.0,
};

pub(super) fn pool(nationality: &str) -> &'static Pool {
    match nationality {
        "DEU" => &DEU,
        "GBR" => &GBR,
        "CHN" => &CHN,
        "TUR" => &TUR,
        "IND" => &IND,
        "KOR" => &KOR,
        "RUS" => &RUS,
        "KAZ" => &KAZ,
        "UZB" => &UZB,
        _ => &USA,
    }
}

pub(super) const CO_PREFIX: &[Pair] = &[
    ("ALTYN", "Алтын"),
    ("KAZ", "Каз"),
    ("SARY-ARKA", "Сары-Арка"),
    ("ASTANA", "Астана"),
    ("ZHETISU", "Жетісу"),
    ("NOMAD", "Номад"),
    ("TENGRI", "Тенгри"),
    ("CASPIAN", "Каспиан"),
];
pub(super) const CO_SUFFIX: &[Pair] = &[
    ("ENGINEERING", "Инжиниринг"),
    ("LOGISTICS", "Логистикс"),
    ("CONSTRUCTION", "Констракшн"),
    ("TRADE", "Трейд"),
    ("ENERGY", "Энерджи"),
    ("TECHNOLOGIES", "Текнолоджис"),
    ("MINING SERVICES", "Майнинг Сервисез"),
];
pub(super) const STREETS: &[&str] = &[
    "пр. Абая",
    "ул. Толе би",
    "пр. Достык",
    "ул. Кенесары",
    "пр. Мангилик Ел",
    "ул. Сатпаева",
    "ул. Жандосова",
];
pub(super) const HEAD_SURNAMES: &[Pair] = &[
    ("KASYMOV", "Касымов"),
    ("OMAROV", "Омаров"),
    ("ISKAKOV", "Искаков"),
    ("TULEGENOV", "Тулегенов"),
    ("SARSENBAEV", "Сарсенбаев"),
    ("ZHUNUSOV", "Жунусов"),
];
pub(super) const HEAD_NAMES: &[Pair] = &[
    ("NURLAN", "Нурлан"),
    ("KANAT", "Канат"),
    ("ASKAR", "Аскар"),
    ("ERLAN", "Ерлан"),
    ("DAULET", "Даулет"),
];
pub(super) const PATRONYMICS: &[&str] = &[
    "Ержанович",
    "Серикович",
    "Муратович",
    "Болатович",
    "Маратович",
];
