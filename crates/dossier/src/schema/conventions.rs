//! The conventions on legal assistance whose parties need no apostille
//! (`schemas/conventions.toml`): data, so the list of countries is cited and can be
//! corrected without touching code.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::sources::{self, Publication};
use super::SchemaError;
use crate::parse::country::is_alpha3;
use crate::toml_file::tree;

/// One convention and its parties.
#[derive(Debug, Clone, PartialEq)]
pub struct Convention {
    /// Short id a rule names in `exempt` (e.g. `minsk_1993`).
    pub id: String,
    pub title: String,
    /// ISO 3166-1 alpha-3 codes.
    pub parties: Vec<String>,
    pub seed: String,
    /// The cited source's title, as a clerk knows it.
    pub source: String,
    pub quote: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    convention: Vec<RawConvention>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConvention {
    id: Spanned<String>,
    title: String,
    parties: Vec<Spanned<String>>,
    seed: Spanned<String>,
    quote: String,
}

/// Parses `schemas/conventions.toml`; `file` only names the file in errors.
pub fn parse(
    file: &Path,
    text: &str,
    publications: &[Publication],
) -> Result<Vec<Convention>, Vec<SchemaError>> {
    let mut errors = tree::unknown_keys_of_list::<RawFile, RawConvention>(file, text, "convention");
    if !errors.is_empty() {
        return Err(errors);
    }
    let raw: RawFile =
        toml::from_str(text).map_err(|e| vec![SchemaError::from_toml(file, text, &e)])?;
    let mut out: Vec<Convention> = Vec::new();
    for c in raw.convention {
        let at =
            |s: std::ops::Range<usize>, m: String| SchemaError::at_offset(file, text, s.start, m);
        if out.iter().any(|o| &o.id == c.id.get_ref()) {
            errors.push(at(
                c.id.span(),
                format!("duplicate convention id `{}`", c.id.get_ref()),
            ));
        }
        let source = sources::find(publications, c.seed.get_ref());
        if source.is_none() {
            errors.push(at(
                c.seed.span(),
                format!(
                    "unknown seed file `{}` (not in schemas/sources.toml)",
                    c.seed.get_ref()
                ),
            ));
        }
        let source = source.map(|s| s.title.clone()).unwrap_or_default();
        for p in &c.parties {
            if !is_alpha3(p.get_ref()) {
                errors.push(at(
                    p.span(),
                    format!(
                        "`{}` is not an ISO 3166-1 alpha-3 code (three capital letters)",
                        p.get_ref()
                    ),
                ));
            }
        }
        let mut parties: Vec<String> = c.parties.iter().map(|p| p.get_ref().clone()).collect();
        parties.sort();
        parties.dedup();
        out.push(Convention {
            id: c.id.into_inner(),
            title: c.title,
            parties,
            seed: c.seed.into_inner(),
            source,
            quote: c.quote,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_bad_codes_and_keys_with_lines() {
        let text = "[[convention]]\nid = \"m\"\ntitle = \"t\"\nparties = [\"RUS\", \"Russia\"]\nseed = \"000_3de374b20818080e.txt\"\nquote = \"q\"\n";
        let known = [Publication {
            seed: "000_3de374b20818080e.txt".into(),
            title: "a guidebook".into(),
            published: None,
        }];
        let errs = parse(Path::new("c.toml"), text, &known).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, Some(4));
        let text = "[[convention]]\nid = \"m\"\nname = \"t\"\n";
        let errs = parse(Path::new("c.toml"), text, &known).unwrap_err();
        assert_eq!(errs[0].line, Some(3));
        assert!(errs[0].message.contains("unknown key `name`"));
    }
}
