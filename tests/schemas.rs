//! The schema registry tested as data: every schema loads, every service of issue 4
//! exists and cites seeds that exist and say what is quoted, every kind named exists,
//! broken files give errors at the right line, manifests too, and conditions and
//! effective dates decide what applies.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dossier::manifest;
use dossier::schema::{
    Applicability, Condition, Context, RuleKind, SchemaError, SchemaText, Schemas, Script,
};

const ISSUE4_SERVICES: &[&str] = &[
    "c3_invitation",
    "c3_visa",
    "c3_extension",
    "a5_invitation",
    "a5_visa",
    "a5_extension",
    "trp_employment",
    "trp_business_initial",
    "trp_business_extension",
    "prp",
    "business_single_invitation",
    "business_single_extension",
    "business_multi_invitation",
    "business_multi_visa",
    "business_multi_extension",
    "c5_primary_visa",
    "c5_extension",
    "visa_cancellation_departed",
    "visa_cancellation_exit_visa",
    "arrival_notification",
    "police_registration",
    "iin",
    "iin_foreign_mission",
    "iin_adjustment",
    "eds_individual",
    "eds_legal_entity",
    "eds_head_consulate",
    "tax_residence_certificate",
    "fingerprinting",
    "bin_non_resident",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn schemas() -> Schemas {
    match Schemas::embedded() {
        Ok(s) => s,
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            panic!("embedded schemas do not load:\n{}", lines.join("\n"));
        }
    }
}

#[test]
fn every_schema_loads_embedded_and_from_the_folder() {
    let embedded = schemas();
    let from_dir = match Schemas::load_dir(&repo().join("schemas")) {
        Ok(s) => s,
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            panic!("schemas/ does not load:\n{}", lines.join("\n"));
        }
    };
    assert_eq!(embedded.services, from_dir.services);
    assert_eq!(embedded.conventions, from_dir.conventions);
    assert!(embedded.services.len() >= ISSUE4_SERVICES.len());
}

#[test]
fn embedded_list_equals_the_files_in_schemas_services() {
    let mut on_disk: Vec<String> = std::fs::read_dir(repo().join("schemas/services"))
        .expect("schemas/services")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = dossier::schema::embedded_service_ids()
        .into_iter()
        .map(String::from)
        .collect();
    embedded.sort();
    assert_eq!(
        embedded, on_disk,
        "add new service files to EMBEDDED_SERVICES in src/schema/mod.rs"
    );
}

#[test]
fn every_issue4_service_exists_and_cites_known_seeds() {
    let s = schemas();
    for id in ISSUE4_SERVICES {
        let service = s
            .service(id)
            .unwrap_or_else(|| panic!("service {id} is missing"));
        assert!(!service.sources.is_empty(), "{id} has no [[source]]");
        assert!(!service.requires.is_empty(), "{id} requires nothing");
        for seed in service.seeds() {
            assert!(
                s.sources.iter().any(|p| p.seed == seed),
                "{id} cites unknown seed {seed}"
            );
        }
    }
}

#[test]
fn every_kind_named_exists_in_kinds_toml() {
    let s = schemas();
    for service in s.services.values() {
        for r in &service.requires {
            for k in &r.kinds {
                assert!(s.kinds.contains(k), "{}: unknown kind {k}", service.id);
            }
        }
        for rule in &service.rules {
            let named: Vec<&dossier::model::KindId> = match &rule.kind {
                RuleKind::CertificateAge { kind, .. } => vec![kind],
                RuleKind::Apostille { kinds, .. } => kinds.iter().collect(),
                _ => Vec::new(),
            };
            for k in named {
                assert!(
                    s.kinds.contains(k),
                    "{}: rule names unknown kind {k}",
                    service.id
                );
            }
        }
    }
}

/// Lower case, straight quotes, no markdown asterisks, single spaces.
fn normalise(s: &str) -> String {
    let s: String = s
        .to_lowercase()
        .chars()
        .filter(|c| *c != '*')
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when every part of `quote` between `...` elisions occurs in `seed`, in order.
fn quoted_in(quote: &str, seed: &str) -> bool {
    let mut from = 0;
    for part in quote.split("...").flat_map(|p| p.split('…')) {
        let part = normalise(part);
        if part.is_empty() {
            continue;
        }
        match seed[from..].find(&part) {
            Some(i) => from += i + part.len(),
            None => return false,
        }
    }
    true
}

#[test]
fn cited_seeds_exist_and_contain_the_quotes() {
    let dir = repo().join("../shared/seeds");
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED: {} is absent; the seed files and quotes are checked only where shared/ sits beside the repository",
            dir.display()
        );
        return;
    }
    let s = schemas();
    for name in s.sources.iter().map(|p| &p.seed) {
        assert!(
            dir.join(name).is_file(),
            "schemas/sources.toml names {name}, absent from {}",
            dir.display()
        );
    }
    let seed_text = |name: &str| -> String {
        let text = std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("cannot read seed {name}: {e}"));
        normalise(&text)
    };
    let mut checked = 0;
    for service in s.services.values() {
        for c in service.citations() {
            assert!(
                quoted_in(&c.quote, &seed_text(&c.seed)),
                "{}: quote not found in {}: {:?}",
                service.id,
                c.seed,
                c.quote
            );
            checked += 1;
        }
    }
    for c in &s.conventions {
        assert!(
            quoted_in(&c.quote, &seed_text(&c.seed)),
            "convention {}: quote not found",
            c.id
        );
    }
    assert!(checked > 100, "only {checked} quotes checked");
}

#[test]
fn visa_services_carry_the_three_month_rule_and_prp_the_180_days() {
    let s = schemas();
    for id in [
        "c3_invitation",
        "c3_visa",
        "c3_extension",
        "a5_invitation",
        "a5_visa",
        "a5_extension",
        "business_single_invitation",
        "business_single_extension",
        "business_multi_invitation",
        "business_multi_visa",
        "business_multi_extension",
        "c5_primary_visa",
        "c5_extension",
    ] {
        let service = s.service(id).expect(id);
        assert!(
            service.rules.iter().any(|r| matches!(
                r.kind,
                RuleKind::PassportValidity {
                    months_beyond_request_end: Some(3),
                    ..
                }
            )),
            "{id} lacks the 3-month passport validity rule"
        );
    }
    let prp = s.service("prp").expect("prp");
    let rule = prp
        .rules
        .iter()
        .find(|r| r.check_name() == "passport_validity")
        .expect("prp validity rule");
    assert_eq!(
        rule.kind,
        RuleKind::PassportValidity {
            months_beyond_request_end: None,
            days_at_application: Some(180)
        }
    );
    assert_eq!(
        rule.kind.minimum_passport_expiry(d("2026-12-01"), None),
        Some(d("2027-05-31"))
    );
}

#[test]
fn apostille_rules_exempt_the_convention_countries_and_translations_read_the_script() {
    let s = schemas();
    let rule = s
        .service("iin_adjustment")
        .expect("iin_adjustment")
        .rules
        .iter()
        .find(|r| r.check_name() == "apostille")
        .expect("apostille rule")
        .kind
        .clone();
    for country in [
        "AZE", "ARM", "BLR", "GEO", "KGZ", "RUS", "TJK", "TKM", "UZB", "KAZ",
    ] {
        assert!(
            !dossier::schema::needs_apostille(&rule, "power_of_attorney", country),
            "{country}"
        );
    }
    for country in ["DEU", "USA", "CHN", "TUR"] {
        assert!(
            dossier::schema::needs_apostille(&rule, "power_of_attorney", country),
            "{country}"
        );
    }
    let script = |id: &str| {
        s.service(id)
            .expect(id)
            .rules
            .iter()
            .find_map(|r| match r.kind {
                RuleKind::Translation { script } => Some(script),
                _ => None,
            })
    };
    assert_eq!(script("iin"), Some(Script::Cyrillic));
    assert_eq!(script("iin_foreign_mission"), Some(Script::CyrillicOrLatin));
    assert_eq!(script("c3_visa"), None);
}

fn required_kinds(s: &Schemas, id: &str, ctx: &Context) -> Vec<String> {
    s.service(id)
        .expect(id)
        .required(ctx)
        .iter()
        .map(|r| r.label())
        .collect()
}

#[test]
fn fingerprinting_for_visa_applicants_from_2026_03_10_aged_16_and_over() {
    let s = schemas();
    let c3 = s.service("c3_visa").expect("c3_visa");
    let fp = c3
        .requires
        .iter()
        .find(|r| r.accepts("fingerprint_certificate"))
        .expect("fingerprint item");
    let mut ctx = Context::new(d("2026-03-10"));
    ctx.age = Some(30);
    assert!(fp.applies(&ctx));
    assert!(required_kinds(&s, "c3_visa", &ctx).contains(&"fingerprint_certificate".to_string()));
    ctx.as_of = d("2026-03-09");
    assert_eq!(fp.applicability(&ctx), Applicability::DoesNotApply);
    assert!(!required_kinds(&s, "c3_visa", &ctx).contains(&"fingerprint_certificate".to_string()));
    ctx.as_of = d("2026-12-01");
    ctx.age = Some(15);
    assert!(!fp.applies(&ctx));
    ctx.age = None;
    assert_eq!(fp.applicability(&ctx), Applicability::Unknown);
}

#[test]
fn representation_ends_for_iin_in_february_2024_and_for_eds_on_2025_06_28() {
    let s = schemas();
    let mut ctx = Context::new(d("2024-01-31"));
    ctx.representative = true;
    assert!(required_kinds(&s, "iin", &ctx).contains(&"power_of_attorney".to_string()));
    ctx.as_of = d("2024-02-01");
    assert!(!required_kinds(&s, "iin", &ctx).contains(&"power_of_attorney".to_string()));
    let iin = s.service("iin").expect("iin");
    assert!(iin
        .rules_in_force(d("2024-02-01"))
        .iter()
        .any(|r| r.kind == RuleKind::InPerson));
    assert!(!iin
        .rules_in_force(d("2024-01-31"))
        .iter()
        .any(|r| r.kind == RuleKind::InPerson));

    ctx.as_of = d("2025-06-27");
    assert!(required_kinds(&s, "eds_individual", &ctx).contains(&"power_of_attorney".to_string()));
    ctx.as_of = d("2025-06-28");
    assert!(!required_kinds(&s, "eds_individual", &ctx).contains(&"power_of_attorney".to_string()));
    // IIN adjustment is still possible through a representative.
    ctx.as_of = d("2026-12-01");
    assert!(required_kinds(&s, "iin_adjustment", &ctx).contains(&"power_of_attorney".to_string()));
    ctx.representative = false;
    assert!(!required_kinds(&s, "iin_adjustment", &ctx).contains(&"power_of_attorney".to_string()));
}

#[test]
fn flags_and_categories_switch_conditional_items() {
    let s = schemas();
    let mut ctx = Context::new(d("2026-12-01"));
    let plain = required_kinds(&s, "c3_invitation", &ctx);
    assert!(!plain.contains(&"marriage_certificate or birth_certificate".to_string()));
    ctx.dependant = true;
    let dep = required_kinds(&s, "c3_invitation", &ctx);
    assert!(dep.contains(&"marriage_certificate or birth_certificate".to_string()));
    assert!(dep.contains(&"visa_copy".to_string()));

    let mut ctx = Context::new(d("2026-12-01"));
    assert!(!required_kinds(&s, "business_multi_invitation", &ctx)
        .contains(&"employment_contract".to_string()));
    ctx.category = Some("B2".into());
    assert!(required_kinds(&s, "business_multi_invitation", &ctx)
        .contains(&"employment_contract".to_string()));
    assert!(s
        .service("business_multi_invitation")
        .expect("svc")
        .has_category("B3"));

    let mut ctx = Context::new(d("2026-12-01"));
    assert!(required_kinds(&s, "tax_residence_certificate", &ctx).contains(&"passport".to_string()));
    ctx.category = Some("legal_entity".into());
    let le = required_kinds(&s, "tax_residence_certificate", &ctx);
    assert!(!le.contains(&"passport".to_string()));
    assert!(le.contains(&"shareholder_resolution".to_string()));

    let mut ctx = Context::new(d("2021-12-31"));
    assert!(!required_kinds(&s, "prp", &ctx).contains(&"payment_receipt".to_string()));
    ctx.as_of = d("2022-01-01");
    assert!(required_kinds(&s, "prp", &ctx).contains(&"payment_receipt".to_string()));
}

// ---- broken schema files ----

fn base_texts() -> (SchemaText, SchemaText, SchemaText) {
    let read = |name: &str| {
        let path = repo().join("schemas").join(name);
        let text = std::fs::read_to_string(&path).expect("schema file");
        SchemaText::new(format!("schemas/{name}"), text)
    };
    (
        read("kinds.toml"),
        read("conventions.toml"),
        read("sources.toml"),
    )
}

fn load_services(files: &[(&str, &str)]) -> Result<Schemas, Vec<SchemaError>> {
    let (kinds, conventions, sources) = base_texts();
    let services: Vec<SchemaText> = files
        .iter()
        .map(|(name, text)| SchemaText::new(format!("schemas/services/{name}"), *text))
        .collect();
    Schemas::from_texts(&kinds, &conventions, &sources, &services)
}

const SEED2: &str = "002_05b89dd2cddb67ad.txt";

fn good_service(id: &str) -> String {
    format!(
        "id = \"{id}\"\ntitle = \"T\"\nsummary = \"S\"\n\n[[source]]\nseed = \"{SEED2}\"\nsection = \"x\"\n\n[[require]]\nkind = \"passport\"\nseed = \"{SEED2}\"\nquote = \"q\"\n"
    )
}

/// (line, message fragment) of every error, sorted by line.
fn lines_of(errors: &[SchemaError]) -> Vec<(usize, String)> {
    let mut v: Vec<(usize, String)> = errors
        .iter()
        .map(|e| (e.line.unwrap_or(0), e.message.clone()))
        .collect();
    v.sort();
    v
}

#[test]
fn a_well_formed_test_service_loads() {
    let text = good_service("svc");
    let s = load_services(&[("svc.toml", &text)]).expect("loads");
    assert_eq!(
        s.service("svc").expect("svc").requires[0].kinds,
        vec!["passport"]
    );
}

#[test]
fn every_semantic_error_of_a_file_is_reported_at_its_line() {
    let text = format!(
        r#"id = "other"
title = "T"
summary = "S"
categories = ["B2"]

[[source]]
seed = "{SEED2}"
section = "x"

[[require]]
kind = "pasport"
seed = "{SEED2}"
quote = "q"

[[require]]
kind = "passport"
when = ["category:B3", "age_at_least:old"]
effective_from = "2026-02-30"
seed = "009_nothing.txt"
quote = "q"

[[rule]]
check = "certificate_age"
kind = "fingerprint_certificate"
max_age = "1 year"
seed = "{SEED2}"
quote = "q"
"#
    );
    let errors = load_services(&[("svc.toml", &text)]).expect_err("broken");
    let got = lines_of(&errors);
    let lines: Vec<usize> = got.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, vec![1, 11, 17, 17, 18, 19, 25], "{got:#?}");
    assert!(got[0].1.contains("differs from the file name"));
    assert!(got[1].1.contains("unknown document kind `pasport`"));
    assert!(got[4].1.contains("2026-02-30"));
    assert!(got[5].1.contains("unknown seed file `009_nothing.txt`"));
    assert!(got[6].1.contains("1 year"));
    // Columns point at the value.
    let kind = errors.iter().find(|e| e.line == Some(11)).expect("line 11");
    assert_eq!(kind.column, Some(8));
    assert!(kind
        .to_string()
        .starts_with("schemas/services/svc.toml:11:8: "));
}

#[test]
fn every_unknown_key_is_reported_across_entries() {
    let text = format!(
        r#"id = "svc"
title = "T"
summary = "S"
sumary = "typo"

[[source]]
seed = "{SEED2}"
section = "x"

[[require]]
kind = "passport"
whn = ["dependant"]
seed = "{SEED2}"
quote = "q"

[[rule]]
check = "passport_validity"
months = 3
seed = "{SEED2}"
quote = "q"

[[rule]]
check = "notarisation"
seed = "{SEED2}"
quote = "q"
"#
    );
    let errors = load_services(&[("svc.toml", &text)]).expect_err("broken");
    let got = lines_of(&errors);
    let lines: Vec<usize> = got.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, vec![4, 12, 18, 23], "{got:#?}");
    assert!(got[0].1.contains("unknown key `sumary`"));
    assert!(got[1].1.contains("unknown key `whn` in [[require]]"));
    assert!(got[2]
        .1
        .contains("unknown key `months` for check `passport_validity`"));
    assert!(got[3].1.contains("unknown check `notarisation`"));
}

#[test]
fn syntax_errors_and_bad_types_point_at_their_line() {
    let broken = "id = \"svc\"\ntitle = \"T\n";
    let errors = load_services(&[("svc.toml", broken)]).expect_err("syntax");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, Some(2));
    let typed = good_service("svc").replace("kind = \"passport\"", "kind = 3");
    let errors = load_services(&[("svc.toml", &typed)]).expect_err("type");
    assert_eq!(errors[0].line, Some(10));
}

#[test]
fn errors_of_all_files_are_collected_and_duplicates_found() {
    let a = good_service("a").replace("kind = \"passport\"", "kind = \"passprt\"");
    let b = good_service("b").replace(
        "seed = \"002_05b89dd2cddb67ad.txt\"\nsection",
        "seed = \"002.txt\"\nsection",
    );
    let errors = load_services(&[("a.toml", &a), ("b.toml", &b)]).expect_err("two broken files");
    let files: Vec<String> = errors
        .iter()
        .map(|e| e.file.display().to_string())
        .collect();
    assert!(
        files.contains(&"schemas/services/a.toml".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"schemas/services/b.toml".to_string()),
        "{files:?}"
    );

    let one = good_service("dup");
    let errors =
        load_services(&[("dup.toml", &one), ("../other/dup.toml", &one)]).expect_err("duplicate");
    assert!(errors
        .iter()
        .any(|e| e.message.contains("duplicate service id `dup`")));
}

#[test]
fn conditions_parse_from_their_written_form() {
    let c: Condition = "not:citizenship_in:RUS,BLR".parse().expect("condition");
    let mut ctx = Context::new(d("2026-12-01"));
    ctx.citizenship = Some("DEU".into());
    assert_eq!(c.eval(&ctx), Some(true));
    assert!("citizenship_in:Russia".parse::<Condition>().is_err());
}

// ---- manifests ----

fn write_manifest(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("package.toml");
    std::fs::write(&path, text).expect("write manifest");
    (dir, path)
}

#[test]
fn the_issue4_manifest_loads_and_builds_a_context() {
    let (_dir, path) = write_manifest(
        r#"service = "c3_visa"
[applicant]
surname = "MUELLER"
given_names = "ANNA MARIA"
date_of_birth = "2010-03-12"
sex = "F"
citizenship = "DEU"
iin = "100312650123"
passport_number = "C01X00T47"
[request]
application_date = "2026-12-01"
valid_until = "2028-12-01"
[flags]
dependant = true
representative = false
"#,
    );
    let m = manifest::load(&path).expect("manifest loads");
    assert_eq!(m.service.as_deref(), Some("c3_visa"));
    let ctx = m.context(d("2026-12-05"));
    assert_eq!(ctx.age, Some(16));
    assert!(ctx.dependant && !ctx.representative);
    assert_eq!(ctx.citizenship.as_deref(), Some("DEU"));
    let s = schemas();
    let kinds = required_kinds(&s, "c3_visa", &ctx);
    assert!(kinds.contains(&"fingerprint_certificate".to_string()));
    assert!(kinds.contains(&"marriage_certificate or birth_certificate".to_string()));
}

#[test]
fn manifest_errors_name_file_line_and_column() {
    let (_dir, path) = write_manifest(
        "service = \"c3_visa\"\n[applicant]\nsex = \"W\"\ncitizenship = \"Germany\"\n[request]\nvalid_until = \"2028-13-01\"\n[flags]\nagent = true\n",
    );
    let errors = manifest::load(&path).expect_err("bad manifest");
    // Unknown keys are reported first (values are checked once the keys are right).
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (Some(8), Some(1)));
    assert!(errors[0]
        .to_string()
        .contains("package.toml:8:1: unknown key `agent` in [flags]"));

    let (_dir, path) = write_manifest(
        "service = \"c3_visa\"\n[applicant]\nsex = \"W\"\ncitizenship = \"Germany\"\n[request]\nvalid_until = \"2028-13-01\"\n",
    );
    let errors = manifest::load(&path).expect_err("bad values");
    let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![Some(3), Some(4), Some(6)]);
    assert!(errors[0].message.contains("expected M, F or X"));
    assert!(errors[1].message.contains("alpha-3"));
    assert!(errors[2].message.contains("2028-13-01"));
}

#[test]
fn a_missing_manifest_is_an_error_without_a_line() {
    let errors = manifest::load(Path::new("/nonexistent/package.toml")).expect_err("missing");
    assert_eq!(errors[0].line, None);
}

#[test]
fn the_example_of_docs_schemas_md_loads() {
    let doc = std::fs::read_to_string(repo().join("docs/schemas.md")).expect("docs/schemas.md");
    let start = doc
        .find("```toml\nid = \"c3_visa\"")
        .expect("the service example")
        + "```toml\n".len();
    let len = doc[start..].find("```").expect("end of the example");
    let example = &doc[start..start + len];
    match load_services(&[("c3_visa.toml", example)]) {
        Ok(s) => {
            let svc = s.service("c3_visa").expect("c3_visa");
            assert_eq!(svc.requires.len(), 4);
            assert_eq!(svc.rules.len(), 5);
        }
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            panic!("the docs example does not load:\n{}", lines.join("\n"));
        }
    }
}

#[test]
fn manifest_service_and_category_are_checked_against_the_schemas() {
    let s = schemas();
    let check = |text: &str| {
        let (_dir, path) = write_manifest(text);
        let m = manifest::load(&path).expect("loads");
        m.check_against(&path, &s)
    };
    assert!(check("service = \"business_multi_visa\"\n[flags]\ncategory = \"B2\"\n").is_empty());
    assert!(check("[flags]\ncategory = \"B2\"\n").is_empty());
    let e = check("service = \"c3_viza\"\n");
    assert_eq!((e[0].line, e[0].column), (Some(1), Some(11)));
    assert!(e[0].message.contains("unknown service `c3_viza`"));
    let e = check("service = \"business_multi_visa\"\n[flags]\ncategory = \"B9\"\n");
    assert_eq!(e[0].line, Some(3));
    assert!(e[0].message.contains("expected one of B2, B3"));
    let e = check("service = \"c3_visa\"\n[flags]\ncategory = \"B2\"\n");
    assert!(e[0].message.contains("has no categories"));
}

/// A clerk reads every citation: it names the guidebook or article and the service's
/// section, never a file name.
#[test]
fn every_citation_names_its_source_as_a_clerk_knows_it() {
    let s = schemas();
    for (id, service) in &s.services {
        for c in service.citations() {
            let shown = c.to_string();
            assert!(!c.source.is_empty(), "{id}: {shown}");
            assert!(!c.section.is_empty(), "{id}: no section for {}", c.seed);
            assert!(!shown.contains(".txt"), "{id}: {shown}");
        }
    }
    for c in &s.conventions {
        assert!(
            !c.source.is_empty() && !c.source.contains(".txt"),
            "{}",
            c.id
        );
    }
}
