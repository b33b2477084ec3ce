//! dossier: checks packages of scanned documents before they are submitted to
//! Kazakhstan's migration and public-service offices.
//!
//! The library follows the data, one module per stage:
//!
//! ```text
//! ingest ─▶ ocr ─▶ classify ─▶ extract ─▶ validate ─▶ report
//! (files,   (page   (document   (typed      (findings   (text, json,
//!  pages)    text)   kinds)      fields)     per schema) junit)
//! ```
//!
//! [`pipeline`] drives the stages over a batch in parallel. The library never prints
//! and never exits: the `dossier` binary owns the terminal and the exit codes.

pub mod classify;
pub mod display;
pub mod eval;
pub mod extract;
pub mod findings;
pub mod ingest;
pub mod manifest;
pub mod model;
pub mod ocr;
pub mod parse;
pub mod pipeline;
pub mod report;
pub mod schema;
pub mod text;
pub mod toml_file;
pub mod validate;
