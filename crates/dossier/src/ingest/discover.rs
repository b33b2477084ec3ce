//! Finding packages and their input files under the paths given on the command line.
//!
//! A root is either one package or a batch of packages:
//! - a folder holding `package.toml`, or holding document files (not links) directly, is a
//!   package; its sub-folders are part of it (files there get rel paths like `sub/file.pdf`);
//! - any other folder is a batch: each visible sub-folder is a package. A batch with no
//!   sub-folders at all is treated as one (empty) package, so the clerk hears about it.
//!
//! A file is an input when its first bytes are a supported format, or when its extension
//! says it is meant as a document (an empty `scan.pdf`, an iPhone `photo.heic`), so that
//! it is reported rather than silently dropped.
//!
//! Every entry of a package folder is accounted for: an input file, a problem (a folder
//! or file dossier may not read, folders nested too deep), an entry not read that needs a
//! person's look ([`NotRead`]: a link out of the package, a named pipe), or an entry
//! skipped on purpose and listed as such (hidden entries, `README.md`, `notes.txt`).
//! Only `package.toml`, `expected.json` and `truth.json` are passed over without a word.
//!
//! **A package proves only what is inside it.** A root given on the command line is
//! trusted, link or not: it is resolved once and read where it points. Inside it, a
//! symbolic link is followed only when its target lies inside the same package folder (a
//! link to a file beside it, or into a hidden sub-folder). A link to a sibling package, to
//! the batch folder, to a folder above it or anywhere else is a [`NotRead`] naming where
//! it points (relative to the batch; a target outside the batch is told by the link's own
//! words, never by its resolved absolute path), and its target is never opened, the
//! manifest included. A package folder that is itself a link inside a batch is not
//! followed either: it has nothing inside it. Links to folders already read, and links
//! back up the tree, are listed as skipped, so nothing is read twice and no loop is walked.
//!
//! Files are opened later by path. Discovery records paths without any link in them below
//! the root (a followed link is recorded as its target's path inside the package), and
//! [`open_regular`] opens them with `O_NOFOLLOW | O_NONBLOCK`, so a file swapped for a
//! link or a named pipe after listing is refused rather than followed out of the package
//! or waited on forever. A folder is checked after listing to still be where it was (not
//! swapped for a link meanwhile). What stays open is a folder on a file's path swapped
//! for a link between listing and opening, by someone writing into the package while
//! the check runs; closing it would take `openat2(RESOLVE_BENEATH)` or a check of each
//! opened file's identity against the one listed.
//!
//! Loose entries of a batch folder (a `README.md`, a scan beside the package folders, a
//! hidden `.trash`, a named pipe) belong to no package: they are never opened, and are
//! listed in [`Batch::loose`] with what they are, so the report names them too.
//!
//! Listing only reads: nothing is created or modified in the scanned folders.

use std::collections::{HashSet, VecDeque};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::sniff::{is_document_extension, FileFormat, SNIFF_LEN};
use super::{Batch, IngestError, InputFile, LooseEntry, NotRead, NotReadCause, PackageInput};
use crate::model::{ReadCause, ReadProblem, SkippedEntry};

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
/// error); everything wrong inside a package becomes one of its `problems` or `not_read`,
/// and every other entry of a batch folder one of the batch's `loose` entries.
pub fn discover(roots: &[PathBuf]) -> Result<Batch, IngestError> {
    let mut batch = Batch::default();
    for root in roots {
        // A root given by the user is trusted: `metadata` and `canonicalize` follow it.
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
        if is_package(root, &entries) {
            let id = package_id(root, &canon);
            batch.packages.push(scan_package(root, id, &canon, None));
            continue;
        }
        let folder = crate::display::path(root);
        let mut packages = Vec::new();
        let mut loose = Vec::new();
        for (name, path) in entries {
            match batch_entry(&name, &path, &canon) {
                BatchEntry::Package(pkg) => packages.push(pkg),
                BatchEntry::Loose(reason) => loose.push(LooseEntry {
                    folder: folder.clone(),
                    file: name,
                    reason,
                }),
            }
        }
        if packages.is_empty() {
            // No package folders: the root itself is read as one package, and its loose
            // entries are listed there.
            let mut pkg = scan_package(root, package_id(root, &canon), &canon, None);
            for p in &mut pkg.problems {
                if p.file == "." && p.reason == EMPTY_PACKAGE {
                    p.reason = EMPTY_ROOT.to_string();
                }
            }
            packages.push(pkg);
            loose.clear();
        }
        batch.packages.append(&mut packages);
        batch.loose.append(&mut loose);
    }
    Ok(batch)
}

/// What one entry of a batch folder is.
enum BatchEntry {
    /// A package folder (or a link where one would be, reported as its own package).
    Package(PackageInput),
    /// Anything else, with the reason it belongs to no package.
    Loose(String),
}

/// Sorts one entry `name` (at `path`) of the batch folder whose canonical path is `canon`.
fn batch_entry(name: &str, path: &Path, canon: &Path) -> BatchEntry {
    const NO_PACKAGE: &str = "it is beside the package folders, in no package, so it was not read";
    if name.starts_with('.') {
        let dir = fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
        return BatchEntry::Loose(hidden_reason(dir));
    }
    let lmeta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) => return BatchEntry::Loose(file_reason(&e)),
    };
    let ft = lmeta.file_type();
    if ft.is_dir() {
        let real = canon.join(name);
        return BatchEntry::Package(scan_package(path, name.to_string(), &real, Some(canon)));
    }
    if ft.is_file() {
        // A document here would have made the folder a package (see `is_package`),
        // unless it appeared since.
        return BatchEntry::Loose(match input_format(name, path) {
            Ok(None) => format!("not a document; {NO_PACKAGE}"),
            Ok(Some(_)) => "a document outside any package folder, so it was not checked; \
                            move it into the folder of the package it belongs to"
                .to_string(),
            Err(e) => format!("{}; {NO_PACKAGE}", file_reason(&e)),
        });
    }
    if !ft.is_symlink() {
        let what = special_kind(&ft);
        return BatchEntry::Loose(format!("is {what}, not a file; {NO_PACKAGE}"));
    }
    // A link where a package folder would be has nothing inside it: it is reported as
    // its own package so the clerk sees why it was not checked. A link to a file is a
    // loose entry like any other.
    let target = fs::canonicalize(path);
    if let Ok(t) = &target {
        if !t.is_dir() {
            return BatchEntry::Loose(format!(
                "is a link to a file ({}); {NO_PACKAGE}",
                fs::read_link(path).map(|t| slashed(&t)).unwrap_or_default()
            ));
        }
    }
    let scope = Scope {
        package: &canon.join(name),
        batch: Some(canon),
    };
    let mut pkg = empty_package(name.to_string(), path);
    pkg.not_read.push(NotRead {
        file: name.to_string(),
        cause: NotReadCause::Link,
        reason: scope.link_reason(path, target),
    });
    BatchEntry::Package(pkg)
}

/// A package `id` at `path` with nothing found in it yet.
fn empty_package(id: String, path: &Path) -> PackageInput {
    PackageInput {
        id,
        path: path.to_path_buf(),
        manifest: None,
        manifest_problem: None,
        files: Vec::new(),
        problems: Vec::new(),
        not_read: Vec::new(),
        skipped: Vec::new(),
    }
}

/// Why a hidden entry (its name starts with a dot) was not read.
fn hidden_reason(is_dir: bool) -> String {
    let what = if is_dir { "hidden folder" } else { "hidden" };
    format!("{what}: its name starts with a dot")
}

const EMPTY_PACKAGE: &str = "the package folder is empty";
const EMPTY_ROOT: &str = "the folder given is empty: it holds no package folders and no documents";
const NO_DOCUMENTS: &str =
    "the package folder holds no documents (PDF, JPEG, PNG, TIFF, BMP or WebP)";
const NOT_A_DOCUMENT: &str =
    "not a document: neither its contents nor its name is a PDF or an image";

/// Entries of `dir`, hidden ones included, sorted by name (byte order, so the same on
/// every machine).
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = crate::display::name(&entry.file_name());
        entries.push((name, entry.path()));
    }
    entries.sort();
    Ok(entries)
}

/// A folder is a package when it has a manifest (of any kind: a manifest that is a link
/// is reported, not taken for a batch) or input files (not links) directly inside.
fn is_package(dir: &Path, entries: &[(String, PathBuf)]) -> bool {
    fs::symlink_metadata(dir.join(MANIFEST)).is_ok()
        || entries.iter().any(|(name, path)| {
            !name.starts_with('.')
                && fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
                && matches!(input_format(name, path), Ok(Some(_)))
        })
}

/// Opens a file found by discovery for reading, refusing to follow a link in its last
/// component and never blocking on a named pipe: a file swapped after listing is an
/// error, not a way out of the package.
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        if is_loop(&e) {
            return io::Error::other(
                "the file was replaced by a link while it was being checked; run the check again",
            );
        }
        e
    })?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(
            "the file was replaced by something that is not a file while it was being \
             checked; run the check again",
        ));
    }
    Ok(file)
}

/// `Ok(None)` when a regular file is not an input document (see the module docs), else
/// `Ok(Some)` of its sniffed format (itself `None` when the bytes match no format but the
/// name says it is a document). `Err` when the file cannot be opened to look.
fn input_format(name: &str, path: &Path) -> io::Result<Option<Option<FileFormat>>> {
    if QUIET.contains(&name) {
        return Ok(None);
    }
    let mut head = Vec::with_capacity(SNIFF_LEN);
    open_regular(path)?
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut head)?;
    if let Some(format) = FileFormat::sniff(&head) {
        return Ok(Some(Some(format)));
    }
    // Unrecognised: keep it when the name says it is a document, so that `open` reports
    // the reason.
    Ok(has_document_extension(name).then_some(None))
}

fn has_document_extension(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| is_document_extension(&e.to_ascii_lowercase()))
}

fn package_id(path: &Path, canon: &Path) -> String {
    path.file_name()
        .or_else(|| canon.file_name())
        .map(crate::display::name)
        .unwrap_or_else(|| "package".to_string())
}

/// An I/O error in plain words, without the "(os error 13)" tail.
fn plain(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::NotFound => "it disappeared while the folder was being read".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Why a folder of the package could not be listed.
fn folder_reason(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::PermissionDenied {
        "dossier is not allowed to read this folder (permission denied), so the documents \
         in it were not checked; give read access to it or move the documents out of it"
            .to_string()
    } else {
        format!(
            "the folder could not be listed ({}), so the documents in it were not checked",
            plain(e)
        )
    }
}

/// Why a file of the package could not even be opened to see what it is.
fn file_reason(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::PermissionDenied {
        "dossier is not allowed to read this file (permission denied); give read access \
         to it"
            .to_string()
    } else {
        format!("the file could not be opened ({})", plain(e))
    }
}

/// What a non-file, non-folder, non-link entry is, for a message: "a named pipe".
fn special_kind(ft: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_char_device() {
            return "a character device";
        }
    }
    let _ = ft;
    "a special entry"
}

/// True for "too many levels of symbolic links".
fn is_loop(e: &io::Error) -> bool {
    #[cfg(unix)]
    return e.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    return false;
}

/// `dir/rel` with `/` separators, for messages.
fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Where a package lies: links may lead anywhere inside `package`, nowhere else.
struct Scope<'a> {
    /// The package folder, canonical.
    package: &'a Path,
    /// The batch folder holding it, canonical; `None` when the package was given itself.
    batch: Option<&'a Path>,
}

impl Scope<'_> {
    /// The reason a link (at `path`, resolving to `target`) that leaves the package or
    /// leads nowhere is not followed. Targets inside the batch are named relative to it;
    /// anything else only by the link's own words, so no absolute path of the machine
    /// reaches the report.
    fn link_reason(&self, path: &Path, target: io::Result<PathBuf>) -> String {
        let says = fs::read_link(path).map(|t| slashed(&t)).unwrap_or_default();
        let target = match target {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return format!("is a link to {says}, which does not exist");
            }
            Err(e) if is_loop(&e) => {
                return format!("is a link that leads round in a loop ({says})");
            }
            Err(e) => return format!("is a link that cannot be followed ({says}: {})", plain(&e)),
        };
        let not_followed = "it was not followed, since a package is checked only on the \
                            files inside its own folder";
        let place = match self.batch {
            Some(batch) if target == batch => "the batch folder itself".to_string(),
            Some(batch) if target.starts_with(batch) => {
                let inside = target.strip_prefix(batch).unwrap_or(&target);
                let first = inside
                    .components()
                    .next()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .unwrap_or_default();
                if first.starts_with('.') {
                    format!("{} in the batch folder", slashed(inside))
                } else {
                    format!("the package {first} of this batch ({})", slashed(inside))
                }
            }
            Some(batch) if batch.starts_with(&target) => {
                "a folder above the batch folder".to_string()
            }
            Some(_) => format!("a place outside the batch folder ({says})"),
            None if self.package.starts_with(&target) => {
                "a folder above the package folder".to_string()
            }
            None => format!("a place outside the package folder ({says})"),
        };
        format!("is a link to {place}; {not_followed}")
    }
}

/// A link met while walking, followed (or not) once every real folder has been read, so
/// that a folder is always read under its own name rather than a link's.
struct PendingLink {
    rel: String,
    name: String,
    path: PathBuf,
    /// The canonical folder holding the link.
    parent: PathBuf,
    depth: usize,
}

/// Lists one package folder: the folder as reached (`dir`), its canonical path and, for a
/// package of a batch, the batch's canonical path.
fn scan_package(dir: &Path, id: String, canon: &Path, batch: Option<&Path>) -> PackageInput {
    let mut walk = Walk {
        scope: Scope {
            package: canon,
            batch,
        },
        given: dir,
        visited: HashSet::new(),
        pending: VecDeque::new(),
        pkg: empty_package(id, dir),
    };
    walk.manifest();
    walk.visited.insert(canon.to_path_buf());
    walk.dir(dir, canon, "", 0);
    while let Some(link) = walk.pending.pop_front() {
        walk.link(link);
    }
    let mut pkg = walk.pkg;
    pkg.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    pkg.not_read.sort_by(|a, b| a.file.cmp(&b.file));
    pkg.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    if pkg.files.is_empty() && pkg.problems.is_empty() && pkg.not_read.is_empty() {
        let reason = if !pkg.skipped.is_empty() {
            format!("{NO_DOCUMENTS}; what it holds is listed as not read")
        } else if pkg.manifest.is_some() || pkg.manifest_problem.is_some() {
            NO_DOCUMENTS.to_string()
        } else {
            EMPTY_PACKAGE.to_string()
        };
        pkg.problems.push(ReadProblem::because(
            ReadCause::EmptyFolder,
            ".",
            None,
            reason,
        ));
    }
    pkg
}

struct Walk<'a> {
    scope: Scope<'a>,
    /// The package folder as reached from the command line.
    given: &'a Path,
    /// Canonical folders already read (or being read).
    visited: HashSet<PathBuf>,
    pending: VecDeque<PendingLink>,
    pkg: PackageInput,
}

impl Walk<'_> {
    fn problem(&mut self, file: &str, reason: String) {
        self.pkg.problems.push(ReadProblem::new(file, None, reason));
    }

    fn skip(&mut self, file: &str, reason: impl Into<String>) {
        self.pkg.skipped.push(SkippedEntry {
            file: file.to_string(),
            reason: reason.into(),
        });
    }

    fn not_read(&mut self, file: &str, cause: NotReadCause, reason: String) {
        self.pkg.not_read.push(NotRead {
            file: file.to_string(),
            cause,
            reason,
        });
    }

    /// The path, as reached from the command line, of a canonical path inside the package.
    fn reached(&self, canon: &Path) -> PathBuf {
        match canon.strip_prefix(self.scope.package) {
            Ok(inside) => self.given.join(inside),
            Err(_) => canon.to_path_buf(),
        }
    }

    /// `package.toml`: a regular file, or a link to one inside the package, is read;
    /// anything else is a `manifest_problem` and is never opened.
    fn manifest(&mut self) {
        let path = self.given.join(MANIFEST);
        let Ok(lmeta) = fs::symlink_metadata(&path) else {
            return;
        };
        let ft = lmeta.file_type();
        if ft.is_file() {
            self.pkg.manifest = Some(path);
        } else if ft.is_symlink() {
            let target = fs::canonicalize(&path);
            match &target {
                Ok(t) if t.starts_with(self.scope.package) && t.is_file() => {
                    self.pkg.manifest = Some(self.reached(t));
                }
                Ok(t) if t.starts_with(self.scope.package) => {
                    self.pkg.manifest_problem = Some(format!(
                        "{MANIFEST} is a link to something that is not a file; it was not read"
                    ));
                }
                _ => {
                    let why = self.scope.link_reason(&path, target);
                    self.pkg.manifest_problem =
                        Some(format!("{MANIFEST} {why}; the manifest was not read"));
                }
            }
        } else if ft.is_dir() {
            self.pkg.manifest_problem = Some(format!(
                "{MANIFEST} is a folder, not a file; it was not read"
            ));
        } else {
            self.pkg.manifest_problem = Some(format!(
                "{MANIFEST} is {}, not a file; it was not read",
                special_kind(&ft)
            ));
        }
    }

    /// Reads the real folder `dir` (canonical path `canon`), whose entries get rel paths
    /// under `prefix`.
    fn dir(&mut self, dir: &Path, canon: &Path, prefix: &str, depth: usize) {
        let here = if prefix.is_empty() { "." } else { prefix };
        if depth > MAX_DEPTH {
            self.problem(
                here,
                format!(
                    "this folder is nested more than {MAX_DEPTH} folders deep inside the \
                     package, so it was not read; move the documents in it higher up"
                ),
            );
            return;
        }
        let entries = match sorted_entries(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.problem(here, folder_reason(&e));
                return;
            }
        };
        // A folder swapped for a link between looking at it and listing it would have
        // listed somewhere else: drop what was listed.
        if fs::canonicalize(dir).ok().as_deref() != Some(canon) {
            self.problem(
                here,
                "the folder changed while it was being read (it was moved or replaced by a \
                 link); run the check again"
                    .to_string(),
            );
            return;
        }
        for (name, path) in entries {
            let rel = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            if depth == 0 && name == MANIFEST {
                continue; // see `manifest`
            }
            let lmeta = match fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    self.problem(&rel, file_reason(&e));
                    continue;
                }
            };
            let ft = lmeta.file_type();
            if name.starts_with('.') {
                self.skip(&rel, hidden_reason(ft.is_dir()));
            } else if ft.is_symlink() {
                self.pending.push_back(PendingLink {
                    rel,
                    name,
                    path,
                    parent: canon.to_path_buf(),
                    depth,
                });
            } else if ft.is_dir() {
                let sub = canon.join(&name);
                self.visited.insert(sub.clone());
                self.dir(&path, &sub, &rel, depth + 1);
            } else if ft.is_file() {
                self.file(&rel, &name, path);
            } else {
                let what = special_kind(&ft);
                self.not_read(
                    &rel,
                    NotReadCause::NotAFile,
                    format!("is {what}, not a file; it was not read"),
                );
            }
        }
    }

    /// A regular file (or a link's target inside the package) at `path`, shown as `rel`.
    fn file(&mut self, rel: &str, name: &str, path: PathBuf) {
        match input_format(name, &path) {
            Ok(Some(format)) => self.pkg.files.push(InputFile {
                rel: rel.to_string(),
                path,
                format,
            }),
            Ok(None) if QUIET.contains(&name) => {}
            Ok(None) => self.skip(rel, NOT_A_DOCUMENT),
            // A file dossier would not read by its name anyway (`notes.txt`) is only
            // listed; one that may be a document is a problem.
            Err(e) if Path::new(name).extension().is_some() && !has_document_extension(name) => {
                self.skip(
                    rel,
                    format!(
                        "not a document by its name, and it cannot be opened: {}",
                        plain(&e)
                    ),
                );
            }
            Err(e) => self.problem(rel, file_reason(&e)),
        }
    }

    /// Follows a link when its target is inside the package; otherwise says why not.
    fn link(&mut self, link: PendingLink) {
        let PendingLink {
            rel,
            name,
            path,
            parent,
            depth,
        } = link;
        let target = match fs::canonicalize(&path) {
            Ok(t) if t.starts_with(self.scope.package) => t,
            other => {
                let reason = self.scope.link_reason(&path, other);
                self.not_read(&rel, NotReadCause::Link, reason);
                return;
            }
        };
        let meta = match fs::metadata(&target) {
            Ok(m) => m,
            Err(e) => {
                self.problem(&rel, file_reason(&e));
                return;
            }
        };
        let shown = |t: &Path| match t.strip_prefix(self.scope.package) {
            Ok(p) if p.as_os_str().is_empty() => ".".to_string(),
            Ok(p) => slashed(p),
            Err(_) => String::new(),
        };
        if meta.is_dir() {
            if parent.starts_with(&target) {
                let reason = format!(
                    "a link back to the folder {} that holds it; not followed, so that nothing is \
                     read twice",
                    shown(&target)
                );
                self.skip(&rel, reason);
            } else if !self.visited.insert(target.clone()) {
                let reason = format!(
                    "a link to the folder {}, which is read under its own name",
                    shown(&target)
                );
                self.skip(&rel, reason);
            } else {
                let reached = self.reached(&target);
                self.dir(&reached, &target, &rel, depth + 1);
            }
        } else if meta.is_file() {
            let reached = self.reached(&target);
            self.file(&rel, &name, reached);
        } else {
            let what = special_kind(&meta.file_type());
            self.not_read(
                &rel,
                NotReadCause::NotAFile,
                format!("is a link to {what}, not a file; it was not read"),
            );
        }
    }
}

/// One file given on its own (for `dossier inspect`): its name is its path inside the
/// "package", and its format is sniffed like any other input. A path given by the user is
/// trusted: a link is resolved here, once.
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
    let real = fs::canonicalize(path).map_err(|source| IngestError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path
        .file_name()
        .map(crate::display::name)
        .unwrap_or_default();
    let format = input_format(&name, &real).ok().flatten().flatten();
    Ok(InputFile {
        rel: name,
        path: real,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_lose_their_os_error_tail() {
        let e = io::Error::from_raw_os_error(libc::EIO);
        assert_eq!(plain(&e), "Input/output error");
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        assert_eq!(plain(&denied), "permission denied");
        assert!(folder_reason(&denied).starts_with("dossier is not allowed to read this folder"));
        assert!(file_reason(&denied).starts_with("dossier is not allowed to read this file"));
        assert!(folder_reason(&e).contains("(Input/output error)"));
    }

    #[test]
    fn link_targets_are_named_relative_to_the_batch() {
        let batch = Path::new("/srv/office/batch");
        let package = batch.join("thief");
        let scope = Scope {
            package: &package,
            batch: Some(batch),
        };
        // `path` is not a link here, so the link's own words are empty.
        let reason = |t: &str| scope.link_reason(Path::new("/nonexistent"), Ok(PathBuf::from(t)));
        assert!(reason("/srv/office/batch/good/p.png").starts_with(
            "is a link to the package good of this batch (good/p.png); it was not followed"
        ));
        assert!(reason("/srv/office/batch").contains("the batch folder itself"));
        assert!(reason("/srv/office/batch/.store/x").contains(".store/x in the batch folder"));
        assert!(reason("/srv").contains("a folder above the batch folder"));
        let outside = reason("/etc/passwd");
        assert!(
            outside.contains("a place outside the batch folder"),
            "{outside}"
        );
        assert!(
            !outside.contains("/etc/passwd") && !outside.contains("/srv"),
            "{outside}"
        );
        let alone = Scope {
            package: &package,
            batch: None,
        };
        let up = alone.link_reason(Path::new("/nonexistent"), Ok(batch.to_path_buf()));
        assert!(up.contains("a folder above the package folder"), "{up}");
        let gone = alone.link_reason(
            Path::new("/nonexistent"),
            Err(io::Error::from(io::ErrorKind::NotFound)),
        );
        assert!(gone.ends_with("which does not exist"), "{gone}");
    }
}
