//! Service schemas and the document-kind vocabulary, loaded from `schemas/` and
//! validated before any OCR starts. Errors name the file and the line.
//!
//! Layers (as ruff does with its options): TOML text → raw serde structs that reject
//! unknown keys → resolved [`Service`]s with typed [`Condition`]s, [`Rule`]s and
//! effective dates. Loading never stops at the first problem: every error of every
//! file is returned, each with `file:line:column`.

pub mod condition;
pub mod conventions;
pub mod kinds;
pub mod rule;
pub mod service;
pub mod sources;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A problem in a schema file, with its file, line and column.
pub use crate::toml_file::LocatedError as SchemaError;
pub use condition::{age_on, Applicability, Condition, Context, Effective};
pub use conventions::Convention;
pub use kinds::KindVocabulary;
pub use rule::{needs_apostille, MaxAge, Rule, RuleKind, Script};
pub use service::{Citation, Requirement, Service, Source};
pub use sources::Publication;

/// Everything dossier judges by.
#[derive(Debug, Clone)]
pub struct Schemas {
    pub kinds: KindVocabulary,
    /// By service id.
    pub services: BTreeMap<String, Service>,
    /// Conventions whose parties need no apostille.
    pub conventions: Vec<Convention>,
    /// The published sources every citation names.
    pub sources: Vec<Publication>,
}

/// One schema file's path (as errors should name it) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaText {
    pub path: PathBuf,
    pub text: String,
}

impl SchemaText {
    /// Pairs a path with its text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SchemaText {
        SchemaText {
            path: path.into(),
            text: text.into(),
        }
    }
}

macro_rules! embedded_services {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../../../../schemas/services/", $id, ".toml")))),*]
    };
}

/// The service files compiled into the binary: (id, text). A test checks that this
/// list equals the files of `schemas/services/`.
const EMBEDDED_SERVICES: &[(&str, &str)] = embedded_services![
    "a5_extension",
    "a5_invitation",
    "a5_visa",
    "a5_visa_in_country",
    "arrival_notification",
    "bin_non_resident",
    "business_multi_extension",
    "business_multi_invitation",
    "business_multi_visa",
    "business_multi_visa_in_country",
    "business_single_extension",
    "business_single_invitation",
    "business_single_visa",
    "c3_extension",
    "c3_invitation",
    "c3_visa",
    "c3_visa_in_country",
    "c5_akimat_petition",
    "c5_extension",
    "c5_primary_visa",
    "eds_head_consulate",
    "eds_individual",
    "eds_legal_entity",
    "fingerprinting",
    "iin",
    "iin_adjustment",
    "iin_foreign_mission",
    "police_registration",
    "prp",
    "tax_residence_certificate",
    "trp_business_extension",
    "trp_business_initial",
    "trp_employment",
    "visa_cancellation_departed",
    "visa_cancellation_exit_visa",
];

const EMBEDDED_KINDS: &str = include_str!("../../../../schemas/kinds.toml");
const EMBEDDED_CONVENTIONS: &str = include_str!("../../../../schemas/conventions.toml");
const EMBEDDED_SOURCES: &str = include_str!("../../../../schemas/sources.toml");

/// The ids of the service files compiled into the binary, in order.
pub fn embedded_service_ids() -> Vec<&'static str> {
    EMBEDDED_SERVICES.iter().map(|(id, _)| *id).collect()
}

/// Reads one schema file, or records why it cannot be read.
fn read_schema(path: PathBuf, errors: &mut Vec<SchemaError>) -> Option<SchemaText> {
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(SchemaText { path, text }),
        Err(e) => {
            errors.push(SchemaError {
                file: path,
                line: None,
                column: None,
                message: format!("cannot read: {e}"),
            });
            None
        }
    }
}

impl Schemas {
    /// The schemas compiled into the binary, so dossier works from any folder. Errors
    /// name the files as `schemas/...`.
    pub fn embedded() -> Result<Schemas, Vec<SchemaError>> {
        let services: Vec<SchemaText> = EMBEDDED_SERVICES
            .iter()
            .map(|(id, text)| SchemaText::new(format!("schemas/services/{id}.toml"), *text))
            .collect();
        Schemas::from_texts(
            &SchemaText::new("schemas/kinds.toml", EMBEDDED_KINDS),
            &SchemaText::new("schemas/conventions.toml", EMBEDDED_CONVENTIONS),
            &SchemaText::new("schemas/sources.toml", EMBEDDED_SOURCES),
            &services,
        )
    }

    /// Loads `dir/kinds.toml`, `dir/conventions.toml`, `dir/sources.toml` and every
    /// `dir/services/*.toml`.
    pub fn load_dir(dir: &Path) -> Result<Schemas, Vec<SchemaError>> {
        let mut errors = Vec::new();
        let kinds = read_schema(dir.join("kinds.toml"), &mut errors);
        let conventions = read_schema(dir.join("conventions.toml"), &mut errors);
        let sources = read_schema(dir.join("sources.toml"), &mut errors);
        let services_dir = dir.join("services");
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(&services_dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect(),
            Err(e) => {
                errors.push(SchemaError {
                    file: services_dir.clone(),
                    line: None,
                    column: None,
                    message: format!("cannot read the services folder: {e}"),
                });
                Vec::new()
            }
        };
        paths.sort();
        let services: Vec<SchemaText> = paths
            .into_iter()
            .filter_map(|p| read_schema(p, &mut errors))
            .collect();
        let (Some(kinds), Some(conventions), Some(sources)) = (kinds, conventions, sources) else {
            return Err(errors);
        };
        match Schemas::from_texts(&kinds, &conventions, &sources, &services) {
            Ok(s) if errors.is_empty() => Ok(s),
            Ok(_) => Err(errors),
            Err(mut more) => {
                errors.append(&mut more);
                Err(errors)
            }
        }
    }

    /// Parses and validates schema texts; every error of every file is returned.
    pub fn from_texts(
        kinds: &SchemaText,
        conventions: &SchemaText,
        sources: &SchemaText,
        services: &[SchemaText],
    ) -> Result<Schemas, Vec<SchemaError>> {
        let mut errors = Vec::new();
        let publications = match sources::parse(&sources.path, &sources.text) {
            Ok(p) => p,
            Err(mut e) => {
                errors.append(&mut e);
                Vec::new()
            }
        };
        let vocab = match kinds::parse(&kinds.path, &kinds.text) {
            Ok(v) => Some(v),
            Err(mut e) => {
                errors.append(&mut e);
                None
            }
        };
        let conventions =
            match conventions::parse(&conventions.path, &conventions.text, &publications) {
                Ok(c) => c,
                Err(mut e) => {
                    errors.append(&mut e);
                    Vec::new()
                }
            };
        let env = service::Env {
            kinds: vocab.as_ref(),
            conventions: &conventions,
            sources: &publications,
        };
        let mut by_id: BTreeMap<String, Service> = BTreeMap::new();
        let mut first_file: BTreeMap<String, PathBuf> = BTreeMap::new();
        for file in services {
            match service::parse_service(&file.path, &file.text, &env) {
                Ok(s) => {
                    if let Some(first) = first_file.get(&s.id) {
                        errors.push(SchemaError {
                            file: file.path.clone(),
                            line: None,
                            column: None,
                            message: format!(
                                "duplicate service id `{}` (also in {})",
                                s.id,
                                first.display()
                            ),
                        });
                        continue;
                    }
                    first_file.insert(s.id.clone(), file.path.clone());
                    by_id.insert(s.id.clone(), s);
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        let Some(kinds) = vocab else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Schemas {
            kinds,
            services: by_id,
            conventions,
            sources: publications,
        })
    }

    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.get(id)
    }
}
