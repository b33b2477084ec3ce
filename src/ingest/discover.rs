//! Finding packages and their input files under the paths given on the command line.
//!
//! A root is either one package or a batch of packages:
//! - a folder holding `package.toml`, or holding document files directly, is a package;
//!   its sub-folders are part of it (files there get rel paths like `sub/file.pdf`);
//! - any other folder is a batch: each visible sub-folder is a package. A batch with no
//!   sub-folders at all is treated as one (empty) package, so the clerk hears about it.
//!
//! A file is an input when its first bytes are a supported format, or when its extension
//! says it is meant as a document (an empty `scan.pdf`, an iPhone `photo.heic`), so that
//! it is reported rather than silently dropped. Anything else (`README.md`, `notes.txt`)
//! is not an input; `package.toml`, `expected.json` and `truth.json` are skipped quietly.
//! Hidden entries (names starting with `.`) are skipped. Symbolic links are followed only
//! when their target lies inside the root given; every other link becomes a problem.
//! Listing only reads: nothing is created or modified in the scanned folders.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::sniff::{is_document_extension, FileFormat, SNIFF_LEN};
use super::{IngestError, InputFile, PackageInput};
use crate::model::{ReadCause, ReadProblem};

/// The manifest's file name inside a package.
const MANIFEST: &str = "package.toml";
/// Files that belong to fixtures and tests, never documents; skipped without a word.
const QUIET: &[&str] = &[MANIFEST, "expected.json", "truth.json"];
/// Deepest folder nesting read inside a package.
const MAX_DEPTH: usize = 16;

/// Lists the packages under `roots`, in the order given and, within a root, sorted by
/// folder name; each package's files are sorted by their path inside the package.
///
/// Fails only when a root does not exist, is not a folder or cannot be listed (a usage
/// error); everything wrong inside a package becomes one of its `problems`.
pub fn discover(roots: &[PathBuf]) -> Result<Vec<PackageInput>, IngestError> {
    let mut packages = Vec::new();
    for root in roots {
        let meta = fs::metadata(root).map_err(|_| IngestError::NotFound { path: root.clone() })?;
        if !meta.is_dir() {
            return Err(IngestError::NotAFolder { path: root.clone() });
        }
        let canon = fs::canonicalize(root).map_err(|source| IngestError::Unreadable {
            path: root.clone(),
            source,
        })?;
        let entries = sorted_entries(root).map_err(|source| IngestError::Unreadable {
            path: root.clone(),
            source,
        })?;
        if is_package(root, &entries, &canon) {
            packages.push(scan_package(root, package_id(root, &canon), &canon));
            continue;
        }
        let before = packages.len();
        for (name, path) in entries {
            match resolve(&path, &canon) {
                Resolved::Dir(_) => packages.push(scan_package(&path, name, &canon)),
                Resolved::Outside | Resolved::Broken => {
                    // A linked package folder we may not enter: report it as its own
                    // package so the clerk sees why it was not checked.
                    let reason = link_reason(&resolve(&path, &canon)).unwrap_or_default();
                    packages.push(PackageInput {
                        id: name.clone(),
                        path,
                        manifest: None,
                        files: Vec::new(),
                        problems: vec![ReadProblem::because(ReadCause::Link, name, None, reason)],
                    });
                }
                Resolved::File | Resolved::Other => {}
            }
        }
        if packages.len() == before {
            packages.push(scan_package(root, package_id(root, &canon), &canon));
        }
    }
    Ok(packages)
}

/// What a directory entry turned out to be once links are resolved.
enum Resolved {
    Dir(PathBuf),
    File,
    /// A link whose target lies outside the root.
    Outside,
    /// A link whose target does not exist (or cannot be resolved).
    Broken,
    /// Sockets, pipes, devices: never read (reading a pipe would block).
    Other,
}

fn link_reason(r: &Resolved) -> Option<String> {
    match r {
        Resolved::Outside => Some(
            "is a link that points outside the folder being checked; it was not followed"
                .to_string(),
        ),
        Resolved::Broken => Some("is a link whose target does not exist".to_string()),
        _ => None,
    }
}

/// Classifies `path` without following links out of `root` (canonical).
fn resolve(path: &Path, root: &Path) -> Resolved {
    let Ok(lmeta) = fs::symlink_metadata(path) else {
        return Resolved::Broken;
    };
    let (target, meta) = if lmeta.file_type().is_symlink() {
        let Ok(target) = fs::canonicalize(path) else {
            return Resolved::Broken;
        };
        if !target.starts_with(root) {
            return Resolved::Outside;
        }
        match fs::metadata(&target) {
            Ok(m) => (target, m),
            Err(_) => return Resolved::Broken,
        }
    } else {
        (path.to_path_buf(), lmeta)
    };
    if meta.is_dir() {
        Resolved::Dir(target)
    } else if meta.is_file() {
        Resolved::File
    } else {
        Resolved::Other
    }
}

/// Visible entries of `dir`, sorted by name (byte order, so the same on every machine).
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = crate::display::name(&entry.file_name());
        if name.starts_with('.') {
            continue;
        }
        entries.push((name, entry.path()));
    }
    entries.sort();
    Ok(entries)
}

/// A folder is a package when it has a manifest or input files directly inside.
fn is_package(dir: &Path, entries: &[(String, PathBuf)], root: &Path) -> bool {
    dir.join(MANIFEST).is_file()
        || entries.iter().any(|(name, path)| {
            matches!(resolve(path, root), Resolved::File) && input_format(name, path).is_some()
        })
}

/// `None` when a regular file is not an input document (see the module docs), else
/// `Some` of its sniffed format (itself `None` when the bytes match no format).
fn input_format(name: &str, path: &Path) -> Option<Option<FileFormat>> {
    if QUIET.contains(&name) {
        return None;
    }
    let mut head = Vec::with_capacity(SNIFF_LEN);
    let sniffed = File::open(path)
        .and_then(|f| f.take(SNIFF_LEN as u64).read_to_end(&mut head))
        .ok()
        .and_then(|_| FileFormat::sniff(&head));
    if sniffed.is_some() {
        return Some(sniffed);
    }
    // Unreadable or unrecognised: keep it when the name says it is a document, so that
    // `open` reports the reason.
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| is_document_extension(&e.to_ascii_lowercase()))
        .then_some(None)
}

fn package_id(path: &Path, canon: &Path) -> String {
    path.file_name()
        .or_else(|| canon.file_name())
        .map(crate::display::name)
        .unwrap_or_else(|| "package".to_string())
}

/// Lists one package folder.
fn scan_package(dir: &Path, id: String, root: &Path) -> PackageInput {
    let mut pkg = PackageInput {
        id,
        path: dir.to_path_buf(),
        manifest: None,
        files: Vec::new(),
        problems: Vec::new(),
    };
    let manifest = dir.join(MANIFEST);
    if manifest.is_file() {
        pkg.manifest = Some(manifest);
    }
    let mut visited = HashSet::new();
    if let Ok(canon) = fs::canonicalize(dir) {
        visited.insert(canon);
    }
    walk(dir, "", 0, root, &mut visited, &mut pkg);
    pkg.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    if pkg.files.is_empty() && pkg.problems.is_empty() {
        pkg.problems.push(ReadProblem::because(
            ReadCause::EmptyFolder,
            ".",
            None,
            "no files: the package folder holds no documents (PDF, JPEG, PNG, TIFF, BMP or WebP)",
        ));
    }
    pkg
}

fn walk(
    dir: &Path,
    prefix: &str,
    depth: usize,
    root: &Path,
    visited: &mut HashSet<PathBuf>,
    pkg: &mut PackageInput,
) {
    let here = if prefix.is_empty() { "." } else { prefix };
    if depth > MAX_DEPTH {
        pkg.problems.push(ReadProblem::because(
            ReadCause::TooDeep,
            here,
            None,
            format!("folders nested deeper than {MAX_DEPTH} levels were not read"),
        ));
        return;
    }
    let entries = match sorted_entries(dir) {
        Ok(entries) => entries,
        Err(e) => {
            pkg.problems.push(ReadProblem::new(
                here,
                None,
                format!("cannot read the folder: {e}"),
            ));
            return;
        }
    };
    for (name, path) in entries {
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let resolved = resolve(&path, root);
        match resolved {
            Resolved::Dir(target) => {
                // A link back up the tree (or two links to one folder) is read once.
                if visited.insert(target) {
                    walk(&path, &rel, depth + 1, root, visited, pkg);
                }
            }
            Resolved::File => {
                if depth == 0 && name == MANIFEST {
                    continue;
                }
                if let Some(format) = input_format(&name, &path) {
                    pkg.files.push(InputFile { rel, path, format });
                }
            }
            Resolved::Outside | Resolved::Broken => {
                let reason = link_reason(&resolved).unwrap_or_default();
                pkg.problems
                    .push(ReadProblem::because(ReadCause::Link, rel, None, reason));
            }
            Resolved::Other => {}
        }
    }
}

/// One file given on its own (for `dossier inspect`): its name is its path inside the
/// "package", and its format is sniffed like any other input.
pub fn single_file(path: &Path) -> Result<InputFile, IngestError> {
    let meta = fs::metadata(path).map_err(|_| IngestError::NotFound {
        path: path.to_path_buf(),
    })?;
    if !meta.is_file() {
        return Err(IngestError::Unreadable {
            path: path.to_path_buf(),
            source: std::io::Error::other("not a file: give an image or a PDF"),
        });
    }
    let name = path
        .file_name()
        .map(crate::display::name)
        .unwrap_or_default();
    let format = input_format(&name, path).flatten();
    Ok(InputFile {
        rel: name,
        path: path.to_path_buf(),
        format,
    })
}
