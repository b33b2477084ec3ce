//! The manifest: `manifest::parse` on the input as `package.toml` text, then
//! `check_against` the embedded schemas. Never panics; a rejected manifest has at least
//! one error, each naming the file, with a line inside the text and a message.
//!
//! With `DOSSIER_FUZZ_STRICT=1` it also asserts what issue 10 item 6 asks and is being
//! built: every message on one line, and at most a few errors for any text.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use dossier::manifest::{parse, ManifestError};
use dossier::schema::Schemas;
use libfuzzer_sys::fuzz_target;

fn schemas() -> &'static Schemas {
    static S: OnceLock<Schemas> = OnceLock::new();
    S.get_or_init(|| Schemas::embedded().ok().expect("embedded schemas load"))
}

fn strict() -> bool {
    static S: OnceLock<bool> = OnceLock::new();
    *S.get_or_init(|| std::env::var_os("DOSSIER_FUZZ_STRICT").is_some_and(|v| v == "1"))
}

fn check(errors: &[ManifestError], file: &Path, text: &str) {
    let lines = text.split('\n').count();
    for e in errors {
        assert_eq!(e.file, file);
        assert!(!e.message.trim().is_empty(), "an error without a message");
        if let Some(l) = e.line {
            assert!(
                l >= 1 && l <= lines,
                "error on line {l} of a text of {lines} lines"
            );
        }
        if strict() {
            assert!(
                !e.message.contains('\n'),
                "a message of several lines: {}",
                e.message
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    dossier_fuzz::only_own_panics_crash();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Path::new("pkg/package.toml");
    match parse(file, text) {
        Ok(m) => {
            let errors = m.check_against(file, schemas());
            check(&errors, file, text);
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "rejected without an error");
            check(&errors, file, text);
            if strict() {
                assert!(
                    errors.len() <= 64,
                    "{} errors for one manifest",
                    errors.len()
                );
            }
        }
    }
});
