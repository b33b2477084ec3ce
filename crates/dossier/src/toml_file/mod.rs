//! What every TOML source of dossier shares (the schemas in `schemas/`, a package's
//! `package.toml`): one error type that names the file and, where known, the line and
//! column, and the key tree that reports every unknown key at once ([`tree`]). A leaf:
//! it knows nothing of schemas or manifests.

pub(crate) mod tree;

use std::fmt;
use std::path::PathBuf;

/// One problem in one TOML file: displays as `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedError {
    pub file: PathBuf,
    /// 1-based line, when the problem has a place.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LocatedError {}

impl LocatedError {
    /// Builds an error at a byte offset of `text`, turning it into line and column.
    pub fn at_offset(
        file: impl Into<PathBuf>,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        LocatedError {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    /// Turns a TOML parse error into a schema error with its line and column.
    pub fn from_toml(file: impl Into<PathBuf>, text: &str, err: &toml::de::Error) -> Self {
        let file = file.into();
        match err.span() {
            Some(span) => LocatedError::at_offset(file, text, span.start, err.message()),
            None => LocatedError {
                file,
                line: None,
                column: None,
                message: err.message().to_string(),
            },
        }
    }
}
