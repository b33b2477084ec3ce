//! `check --shard K/N` and `dossier merge`, end to end with the real Tesseract: the
//! shards of the fixture batch, run at the same time by two processes on one fresh
//! cache, merge into exactly the report of one run over the whole batch.

use std::path::Path;
use std::process::{Command, Output};

const AS_OF: &str = "2026-12-01";

fn dossier() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
}

fn check(cache: &Path, out: &Path, shard: Option<&str>) -> Command {
    let mut cmd = dossier();
    cmd.args(["check", "fixtures/packages", "--format", "json", "--quiet"])
        .args(["--as-of", AS_OF, "--jobs", "1"])
        .arg("--cache-dir")
        .arg(cache)
        .arg("-o")
        .arg(out);
    if let Some(s) = shard {
        cmd.args(["--shard", s]);
    }
    cmd
}

fn finished(out: Output, what: &str) {
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{what} exited {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn shards_run_at_once_on_one_cache_merge_into_the_single_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache");
    let part = |k: u32| dir.path().join(format!("part{k}.json"));
    // Two processes write one fresh cache at the same time.
    let one = check(&cache, &part(1), Some("1/2")).spawn().expect("start");
    let two = check(&cache, &part(2), Some("2/2")).output().expect("run");
    finished(two, "shard 2/2");
    finished(one.wait_with_output().expect("wait"), "shard 1/2");

    // No temporary file is left behind, and the whole run reads what they wrote.
    let leftovers: Vec<_> = walk(&cache)
        .into_iter()
        .filter(|p| !p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert!(leftovers.is_empty(), "left in the cache: {leftovers:?}");
    let whole = dir.path().join("whole.json");
    finished(
        check(&cache, &whole, None).output().expect("run"),
        "whole run",
    );

    let merged = dir.path().join("merged.json");
    let out = dossier()
        .arg("merge")
        .args([part(2), part(1)])
        .arg("-o")
        .arg(&merged)
        .output()
        .expect("merge");
    finished(out, "merge");
    let read = |p: &Path| std::fs::read_to_string(p).expect("report");
    let (a, b) = (read(&part(1)), read(&part(2)));
    assert!(a.contains("\"shard\"") && b.contains("\"index\": 2"));
    let count = |s: &str| s.matches("\n      \"id\": ").count();
    let whole_text = read(&whole);
    assert!(count(&a) > 0 && count(&b) > 0, "both shards hold packages");
    assert_eq!(count(&a) + count(&b), count(&whole_text));
    assert_eq!(
        read(&merged),
        whole_text,
        "merged shards differ from one run"
    );
}

#[test]
fn merge_refuses_an_incomplete_set_of_shards_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let part = dir.path().join("part1.json");
    // A batch with no package needs no OCR.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let out = dossier()
        .args(["check", "--format", "json", "--no-cache", "--as-of", AS_OF])
        .args(["--shard", "1/3", "-o"])
        .arg(&part)
        .arg(&empty)
        .output()
        .expect("check");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = dossier().arg("merge").arg(&part).output().expect("merge");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("shard 2 is missing: give the reports of all 3 shards"),
        "{err}"
    );
    let not_json = dir.path().join("notes.txt");
    std::fs::write(&not_json, "hello").expect("write");
    let out = dossier()
        .arg("merge")
        .arg(&not_json)
        .output()
        .expect("merge");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("notes.txt is not a dossier JSON report"));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read cache").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
