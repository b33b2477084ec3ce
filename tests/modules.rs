//! The library's top-level modules depend on each other without cycles: every stage
//! can be read, tested and changed knowing only the modules below it
//! (docs/architecture.md). A module's dependencies are the `crate::<module>` paths its
//! code names, outside comments and unit tests.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/dossier/src");

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read the library's sources") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`ocr/mrz/decode.rs` → `ocr`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(SRC).expect("under src");
    let first = rel.components().next().expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// Unit-test files and the `#[cfg(test)] mod tests` at the end of a file are not the
/// module's dependencies.
fn is_test_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name == "tests.rs" || name.ends_with("_tests.rs") || name == "testkit.rs"
}

/// Module → modules it names, and where it names each first.
fn graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut files = Vec::new();
    rust_files(Path::new(SRC), &mut files);
    let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&file);
        if module == "lib" || is_test_file(&file) {
            continue;
        }
        let text = fs::read_to_string(&file).expect("read a source file");
        let code = match text.find("#[cfg(test)]\nmod tests") {
            Some(i) => &text[..i],
            None => &text[..],
        };
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    let at = format!("{}:{}", file.display(), n + 1);
                    g.entry(module.clone())
                        .or_default()
                        .entry(name)
                        .or_insert(at);
                }
            }
        }
    }
    g
}

/// A cycle through `start`, if any, as the path of modules.
fn cycle_from(
    g: &BTreeMap<String, BTreeMap<String, String>>,
    start: &str,
    at: &str,
    path: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    for next in g.get(at).into_iter().flat_map(|m| m.keys()) {
        if next == start {
            let mut cycle = path.clone();
            cycle.push(next.clone());
            return Some(cycle);
        }
        if seen.insert(next.clone()) {
            path.push(next.clone());
            if let Some(c) = cycle_from(g, start, next, path, seen) {
                return Some(c);
            }
            path.pop();
        }
    }
    None
}

#[test]
fn the_library_modules_have_no_import_cycle() {
    let g = graph();
    assert!(
        g.len() >= 10,
        "the scan found too few modules: {:?}",
        g.keys()
    );
    for start in g.keys() {
        let mut path = vec![start.clone()];
        if let Some(cycle) = cycle_from(&g, start, start, &mut path, &mut BTreeSet::new()) {
            let steps: Vec<String> = cycle
                .windows(2)
                .map(|w| format!("{} -> {} ({})", w[0], w[1], g[&w[0]][&w[1]]))
                .collect();
            panic!("import cycle:\n  {}", steps.join("\n  "));
        }
    }
}

#[test]
fn the_leaves_depend_on_nothing_but_the_model() {
    let g = graph();
    for leaf in ["text", "toml_file", "model"] {
        let deps: Vec<&String> = g.get(leaf).into_iter().flat_map(|m| m.keys()).collect();
        assert!(deps.is_empty(), "{leaf} depends on {deps:?}");
    }
    let parse: Vec<&String> = g["parse"].keys().collect();
    assert!(
        parse
            .iter()
            .all(|m| ["model", "text"].contains(&m.as_str())),
        "parse depends on {parse:?}"
    );
}
