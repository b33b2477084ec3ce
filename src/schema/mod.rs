//! Service schemas and the document-kind vocabulary, loaded from `schemas/` and
//! validated before any OCR starts. Errors name the file and the line.

pub mod error;
pub mod kinds;

pub use error::SchemaError;
pub use kinds::KindVocabulary;
