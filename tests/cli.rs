//! The `dossier` binary itself (issue 11, item 6): for each command, the exit code,
//! stdout and stderr, run on a fixture package with the real Tesseract and compared with
//! the snapshots beside each case (`tests/cli/NAME.toml`, `.stdout`, `.stderr`).
//!
//! After a deliberate change of output, `TRYCMD=overwrite cargo test --test cli`
//! rewrites the snapshots; the diff is then part of the change, for review.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cli/*.toml");
}
