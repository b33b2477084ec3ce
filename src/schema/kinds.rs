//! The document-kind vocabulary (`schemas/kinds.toml`).

/// One document kind.
#[derive(Debug, Clone, PartialEq)]
pub struct KindDef {
    pub id: String,
    pub title: String,
}

/// Every kind a schema may name and the classifier may assign.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KindVocabulary {
    pub kinds: Vec<KindDef>,
}

impl KindVocabulary {
    /// True when `id` names a kind of the vocabulary.
    pub fn contains(&self, id: &str) -> bool {
        self.kinds.iter().any(|k| k.id == id)
    }

    /// The definition of a kind.
    pub fn get(&self, id: &str) -> Option<&KindDef> {
        self.kinds.iter().find(|k| k.id == id)
    }
}

/// Parses `schemas/kinds.toml`. `file` is only used to name the file in errors.
pub fn parse(
    file: &std::path::Path,
    text: &str,
) -> Result<KindVocabulary, Vec<super::SchemaError>> {
    #[derive(serde::Deserialize)]
    struct Raw {
        kind: Vec<RawKind>,
    }
    #[derive(serde::Deserialize)]
    struct RawKind {
        id: String,
        title: String,
    }
    let raw: Raw =
        toml::from_str(text).map_err(|e| vec![super::SchemaError::from_toml(file, text, &e)])?;
    Ok(KindVocabulary {
        kinds: raw
            .kind
            .into_iter()
            .map(|k| KindDef {
                id: k.id,
                title: k.title,
            })
            .collect(),
    })
}
