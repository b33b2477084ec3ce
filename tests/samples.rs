//! The sample generator reproduces the checked-in fixtures byte for byte (issue 2).
//!
//! Runs the generator's `fixtures` (the `dossier-samples` library) into a temporary
//! folder and compares every file under fixtures/ with the fresh output: same file list,
//! same bytes.

use std::collections::BTreeMap;
use std::path::Path;

/// Relative path -> bytes of every file under `root`.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn fixtures_regenerate_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    // Relative, as the README's command passes it: the fixtures' README names the
    // schema files by this path (tests run in the package's folder).
    dossier_samples::generate(
        Path::new("schemas/services"),
        dossier_samples::Command::Fixtures {
            out: tmp.path().to_path_buf(),
        },
    )
    .expect("the generator writes the fixtures");

    let want = files(&root.join("fixtures/packages"));
    let got = files(&tmp.path().join("packages"));
    assert!(
        want.len() >= 20 * 4,
        "fixtures/packages looks incomplete: {} files",
        want.len()
    );
    let want_names: Vec<_> = want.keys().collect();
    let got_names: Vec<_> = got.keys().collect();
    assert_eq!(
        want_names, got_names,
        "the generator writes a different file list"
    );
    // Name the differing files only: the bytes are images, not for a terminal.
    let differ: Vec<_> = want
        .iter()
        .filter(|(k, v)| got.get(*k) != Some(v))
        .map(|(k, _)| k.as_str())
        .collect();
    assert!(differ.is_empty(), "regenerated files differ: {differ:?}");

    let readme = std::fs::read(root.join("fixtures/README.md")).unwrap();
    assert_eq!(
        readme,
        std::fs::read(tmp.path().join("README.md")).unwrap(),
        "fixtures/README.md differs"
    );
}
