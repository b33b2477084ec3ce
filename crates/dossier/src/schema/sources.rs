//! The published sources schemas cite (`schemas/sources.toml`): the guidebooks and
//! articles behind every requirement, named as a clerk knows them. Schemas refer to a
//! source by its seed file; messages name it by its title.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::SchemaError;
use crate::toml_file::tree;

/// One published source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// The domain-source file holding its text, as schemas cite it.
    pub seed: String,
    /// How a clerk would look it up, e.g. "the Expat Centre Guidebook 2025 (…)".
    pub title: String,
    pub published: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    source: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    seed: Spanned<String>,
    title: Spanned<String>,
    published: Option<String>,
}

/// Parses `schemas/sources.toml`; `file` only names the file in errors.
pub fn parse(file: &Path, text: &str) -> Result<Vec<Publication>, Vec<SchemaError>> {
    let mut errors = tree::unknown_keys_of_list::<RawFile, RawSource>(file, text, "source");
    if !errors.is_empty() {
        return Err(errors);
    }
    let raw: RawFile =
        toml::from_str(text).map_err(|e| vec![SchemaError::from_toml(file, text, &e)])?;
    let mut out: Vec<Publication> = Vec::new();
    for s in raw.source {
        let at =
            |o: std::ops::Range<usize>, m: String| SchemaError::at_offset(file, text, o.start, m);
        let seed = s.seed.get_ref().trim();
        if seed.is_empty() || seed.contains('/') {
            errors.push(at(
                s.seed.span(),
                format!("`{seed}` is not a seed file name"),
            ));
        }
        if out.iter().any(|o| o.seed == seed) {
            errors.push(at(s.seed.span(), format!("duplicate source `{seed}`")));
        }
        let title = s.title.get_ref().trim();
        if title.is_empty() {
            errors.push(at(
                s.title.span(),
                "the title is empty; name the source as a clerk would look it up".to_string(),
            ));
        } else if title.ends_with(".txt") || title.contains(seed) {
            errors.push(at(
                s.title.span(),
                "the title names a file; name the source as a clerk would look it up".to_string(),
            ));
        }
        out.push(Publication {
            seed: seed.to_string(),
            title: title.to_string(),
            published: s.published,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The source a schema cites by `seed`, if it is listed.
pub fn find<'a>(sources: &'a [Publication], seed: &str) -> Option<&'a Publication> {
    sources.iter().find(|s| s.seed == seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sources_and_reports_bad_entries_with_lines() {
        let text = "[[source]]\nseed = \"a.txt\"\ntitle = \"the A guidebook\"\n";
        let s = parse(Path::new("s.toml"), text).unwrap();
        assert_eq!(s[0].title, "the A guidebook");
        assert_eq!(find(&s, "a.txt").unwrap().seed, "a.txt");

        let text = "[[source]]\nseed = \"a.txt\"\ntitle = \"a.txt\"\n";
        let errs = parse(Path::new("s.toml"), text).unwrap_err();
        assert_eq!(errs[0].line, Some(3));
        assert!(errs[0].message.contains("names a file"));

        let text = "[[source]]\nseed = \"a.txt\"\nname = \"A\"\n";
        let errs = parse(Path::new("s.toml"), text).unwrap_err();
        assert_eq!(errs[0].line, Some(3));
        assert!(errs[0].message.contains("unknown key `name`"));

        let text = "[[source]]\nseed = \"a.txt\"\ntitle = \"A\"\n\n[[source]]\nseed = \"a.txt\"\ntitle = \"B\"\n";
        let errs = parse(Path::new("s.toml"), text).unwrap_err();
        assert_eq!(errs[0].line, Some(6));
        assert!(errs[0].message.contains("duplicate"));
    }
}
