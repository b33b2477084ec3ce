//! Discovery over hostile folder trees built in a temporary folder (issue 10, items 3
//! and 4): a package proves only what is inside it (links out of it are findings and
//! their targets are never read, the manifest included), and every entry of a package
//! folder is accounted for (named pipes, sockets, permission errors, deep nesting,
//! hidden and non-document files).
#![cfg(unix)]

use std::fs;
use std::io::Cursor;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use dossier::findings::Code;
use dossier::ingest::{discover, open, Limits, NotReadCause, PackageInput};
use dossier::pipeline::{self, CheckOptions, NoProgress};
use dossier::report::{self, Report};
use dossier::schema::Schemas;
use image::{DynamicImage, ImageFormat, RgbImage};

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = DynamicImage::ImageRgb8(RgbImage::from_pixel(w, h, image::Rgb([250, 250, 250])));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, bytes).expect("write");
    path
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("path without NUL");
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(rc, 0, "mkfifo {}", path.display());
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Runs `f` on another thread and fails the test if it takes longer than 20 s: a named
/// pipe opened for reading would block forever.
fn within_time<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("{what} hung (a named pipe was opened?)"))
}

/// The whole check over `roots` with the built-in schemas, as of 2026-12-01, one job, no
/// cache.
fn check_all(roots: &[PathBuf]) -> Report {
    let schemas = Schemas::embedded().expect("schemas");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let mut opts = CheckOptions::new(as_of);
    opts.cache_dir = None;
    opts.jobs = 1;
    pipeline::check(roots, &schemas, &opts, &NoProgress).expect("check")
}

fn discover_in_time(root: &Path) -> Vec<PackageInput> {
    let root = root.to_path_buf();
    within_time("discover", move || {
        discover(&[root]).expect("discover").packages
    })
}

fn by_id<'a>(pkgs: &'a [PackageInput], id: &str) -> &'a PackageInput {
    pkgs.iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no package {id} in {pkgs:#?}"))
}

fn rels(pkg: &PackageInput) -> Vec<&str> {
    pkg.files.iter().map(|f| f.rel.as_str()).collect()
}

fn not_read<'a>(pkg: &'a PackageInput, file: &str) -> &'a dossier::ingest::NotRead {
    pkg.not_read
        .iter()
        .find(|n| n.file == file)
        .unwrap_or_else(|| panic!("{file} not in not_read of {}: {:#?}", pkg.id, pkg))
}

fn skipped_reason<'a>(pkg: &'a PackageInput, file: &str) -> &'a str {
    pkg.skipped
        .iter()
        .find(|s| s.file == file)
        .map(|s| s.reason.as_str())
        .unwrap_or_else(|| panic!("{file} not skipped in {}: {:#?}", pkg.id, pkg.skipped))
}

/// The batch of the issue: a good package, a package holding only a link to it and a
/// manifest, one linking up to the batch folder, one with a manifest linked from outside.
struct Batch {
    _dir: tempfile::TempDir,
    top: PathBuf,
    batch: PathBuf,
}

fn hostile_batch() -> Batch {
    let dir = tempfile::tempdir().expect("tempdir");
    let top = dir.path().to_path_buf();
    let batch = top.join("batch");
    write(&batch, "good/package.toml", b"service = \"c3_visa\"\n");
    write(&batch, "good/passport.png", &png(40, 30));
    write(&batch, "thief/package.toml", b"service = \"c3_visa\"\n");
    symlink("../good", batch.join("thief/borrowed")).expect("symlink");
    symlink("../good/passport.png", batch.join("thief/passport.png")).expect("symlink");
    write(&batch, "climber/own.png", &png(20, 20));
    symlink("..", batch.join("climber/up_dir")).expect("symlink");
    symlink("../..", batch.join("climber/way_up")).expect("symlink");
    write(
        &top,
        "outside/package.toml",
        b"service = \"c3_visa\"\n[applicant]\nsurname = \"OUTSIDER\"\n",
    );
    write(&batch, "forged/own.png", &png(20, 20));
    symlink(
        "../../outside/package.toml",
        batch.join("forged/package.toml"),
    )
    .expect("symlink");
    Batch {
        _dir: dir,
        top,
        batch,
    }
}

#[test]
fn a_link_to_a_sibling_package_is_not_followed() {
    let b = hostile_batch();
    let pkgs = discover_in_time(&b.batch);
    let ids: Vec<&str> = pkgs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["climber", "forged", "good", "thief"]);

    let thief = by_id(&pkgs, "thief");
    assert!(
        thief.files.is_empty(),
        "judged on another's files: {thief:#?}"
    );
    let folder = not_read(thief, "borrowed");
    assert_eq!(folder.cause, NotReadCause::Link);
    assert!(
        folder
            .reason
            .contains("the package good of this batch (good)"),
        "{}",
        folder.reason
    );
    let file = not_read(thief, "passport.png");
    assert!(
        file.reason
            .contains("the package good of this batch (good/passport.png)"),
        "{}",
        file.reason
    );
    assert!(thief.manifest.is_some() && thief.manifest_problem.is_none());
    // The good package is untouched.
    let good = by_id(&pkgs, "good");
    assert_eq!(rels(good), ["passport.png"]);
    assert!(good.not_read.is_empty() && good.problems.is_empty());
}

#[test]
fn links_up_the_tree_pull_in_nothing() {
    let b = hostile_batch();
    let pkgs = discover_in_time(&b.batch);
    let climber = by_id(&pkgs, "climber");
    assert_eq!(rels(climber), ["own.png"], "{climber:#?}");
    assert!(not_read(climber, "up_dir")
        .reason
        .contains("the batch folder itself"));
    assert!(not_read(climber, "way_up")
        .reason
        .contains("a folder above the batch folder"));
    // No absolute path of the machine in any reason.
    let top = b.top.to_string_lossy().into_owned();
    for n in &climber.not_read {
        assert!(!n.reason.contains(&top), "{}", n.reason);
    }
}

#[test]
fn a_manifest_linked_from_outside_is_not_read() {
    let b = hostile_batch();
    let pkgs = discover_in_time(&b.batch);
    let forged = by_id(&pkgs, "forged");
    assert_eq!(forged.manifest, None);
    let why = forged
        .manifest_problem
        .as_deref()
        .expect("manifest problem");
    assert!(
        why.starts_with(
            "package.toml is a link to a place outside the batch folder \
                         (../../outside/package.toml)"
        ),
        "{why}"
    );
    assert!(why.contains("the manifest was not read"), "{why}");
    assert!(!why.contains(&*b.top.to_string_lossy()), "{why}");
    assert_eq!(rels(forged), ["own.png"]);
    // A link is not a manifest-less folder: the package is still a package.
    let root_pkgs = discover_in_time(&b.batch.join("forged"));
    assert_eq!(root_pkgs.len(), 1);
    assert_eq!(root_pkgs[0].id, "forged");
}

/// The whole check over the hostile batch: the thief fails on its own (empty) folder, the
/// forged manifest is not parsed (no service, no finding from the outside surname).
#[test]
fn the_report_judges_each_package_on_its_own_folder() {
    let b = hostile_batch();
    let report = check_all(std::slice::from_ref(&b.batch));
    let pkg = |id: &str| {
        report
            .packages
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let codes = |id: &str| -> Vec<Code> { pkg(id).findings.iter().map(|f| f.code).collect() };

    let thief = pkg("thief");
    assert_eq!(thief.status, dossier::findings::Status::Fail);
    assert!(thief.documents.is_empty(), "{:#?}", thief.documents);
    assert!(codes("thief").contains(&Code::LinkNotFollowed));
    assert!(codes("thief").contains(&Code::MissingDocument));
    let link = thief
        .findings
        .iter()
        .find(|f| f.code == "link_not_followed" && f.evidence[0].file == "borrowed")
        .expect("borrowed finding");
    assert_eq!(link.severity, dossier::findings::Severity::Warning);
    assert!(
        link.message
            .starts_with("borrowed is a link to the package good of this batch"),
        "{}",
        link.message
    );
    assert!(
        link.message.contains("a copy, not a link"),
        "{}",
        link.message
    );

    let forged = pkg("forged");
    assert_eq!(forged.service, None, "the outside manifest was parsed");
    let manifest: Vec<&str> = forged
        .findings
        .iter()
        .filter(|f| f.code == "manifest_invalid")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(manifest.len(), 1, "{manifest:?}");
    assert!(
        manifest[0].contains("package.toml is a link to a place outside the batch folder"),
        "{manifest:?}"
    );
    for f in &forged.findings {
        assert!(!f.message.contains("OUTSIDER"), "{}", f.message);
        assert_ne!(f.code, "name_mismatch");
    }

    let climber = pkg("climber");
    assert_eq!(
        codes("climber")
            .iter()
            .filter(|c| **c == Code::LinkNotFollowed)
            .count(),
        2
    );
    // The report lists links as findings, not as skipped entries.
    assert!(climber.skipped.is_empty(), "{:?}", climber.skipped);
}

#[test]
fn links_inside_the_package_are_followed_by_their_real_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pkg_dir = dir.path().join("pkg");
    write(&pkg_dir, "scans/real.png", &png(8, 8));
    write(&pkg_dir, ".store/hidden_scan.png", &png(8, 8));
    write(&pkg_dir, "conf/manifest.toml", b"service = \"c3_visa\"\n");
    symlink("scans/real.png", pkg_dir.join("alias.png")).expect("symlink");
    symlink(".store", pkg_dir.join("stored")).expect("symlink");
    symlink("scans", pkg_dir.join("also_scans")).expect("symlink");
    symlink(".", pkg_dir.join("scans/self_loop")).expect("symlink");
    symlink("..", pkg_dir.join("scans/to_package")).expect("symlink");
    symlink("conf/manifest.toml", pkg_dir.join("package.toml")).expect("symlink");
    symlink("gone.png", pkg_dir.join("broken.png")).expect("symlink");

    let pkgs = discover_in_time(&pkg_dir);
    assert_eq!(pkgs.len(), 1);
    let pkg = &pkgs[0];
    assert_eq!(
        rels(pkg),
        ["alias.png", "scans/real.png", "stored/hidden_scan.png"],
        "{pkg:#?}"
    );
    // Followed links are recorded by their target's path, so opening them (no-follow)
    // works and reads the same bytes.
    let alias = &pkg.files[0];
    assert_eq!(alias.path, pkg_dir.join("scans/real.png"));
    assert!(open(alias, &Limits::default()).is_ok());
    assert_eq!(pkg.files[2].path, pkg_dir.join(".store/hidden_scan.png"));
    // The manifest linked inside the package is read.
    assert_eq!(pkg.manifest, Some(pkg_dir.join("conf/manifest.toml")));
    assert_eq!(pkg.manifest_problem, None);
    // Folders already read and links back up the tree are listed, not walked again.
    assert!(skipped_reason(pkg, "also_scans").contains("read under its own name"));
    assert!(skipped_reason(pkg, "scans/self_loop").contains("that holds it"));
    assert!(skipped_reason(pkg, "scans/to_package").contains("that holds it"));
    assert_eq!(
        skipped_reason(pkg, ".store"),
        "hidden folder: its name starts with a dot"
    );
    // A broken link is a finding.
    let broken = not_read(pkg, "broken.png");
    assert_eq!(broken.cause, NotReadCause::Link);
    assert_eq!(broken.reason, "is a link to gone.png, which does not exist");
    assert_eq!(pkg.not_read.len(), 1, "{:#?}", pkg.not_read);
    assert!(pkg.problems.is_empty(), "{:#?}", pkg.problems);
}

#[test]
fn a_package_root_given_as_a_link_is_trusted() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "store/pkg/scan.png", &png(8, 8));
    symlink("scan.png", dir.path().join("store/pkg/alias.png")).expect("symlink");
    let given = dir.path().join("today");
    symlink("store/pkg", &given).expect("symlink");
    let pkgs = discover_in_time(&given);
    assert_eq!(pkgs.len(), 1);
    let pkg = &pkgs[0];
    assert_eq!(pkg.id, "today");
    assert_eq!(pkg.path, given);
    assert_eq!(rels(pkg), ["alias.png", "scan.png"], "{pkg:#?}");
    assert!(pkg.not_read.is_empty(), "{:#?}", pkg.not_read);
    for f in &pkg.files {
        assert!(open(f, &Limits::default()).is_ok(), "{}", f.rel);
    }
    // A batch given as a link: its packages are read, a package that is a link is not.
    write(dir.path(), "realbatch/a/a.png", &png(8, 8));
    symlink("a", dir.path().join("realbatch/b")).expect("symlink");
    let batch = dir.path().join("batch");
    symlink("realbatch", &batch).expect("symlink");
    let pkgs = discover_in_time(&batch);
    let ids: Vec<&str> = pkgs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(rels(&pkgs[0]), ["a.png"]);
    assert!(pkgs[1].files.is_empty());
    assert!(
        not_read(&pkgs[1], "b")
            .reason
            .contains("the package a of this batch (a)"),
        "{:#?}",
        pkgs[1]
    );
}

#[test]
fn pipes_sockets_and_manifests_that_are_not_files_are_named_and_never_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pkg_dir = dir.path().join("pkg");
    write(&pkg_dir, "scan.png", &png(8, 8));
    mkfifo(&pkg_dir.join("pipe.pdf"));
    mkfifo(&pkg_dir.join("package.toml"));
    let _listener =
        std::os::unix::net::UnixListener::bind(pkg_dir.join("sock")).expect("bind socket");
    mkfifo(&pkg_dir.join("sub_pipe"));
    symlink("sub_pipe", pkg_dir.join("to_pipe.jpg")).expect("symlink");

    let pkgs = discover_in_time(&pkg_dir);
    assert_eq!(
        pkgs.len(),
        1,
        "a manifest that is a pipe still makes a package"
    );
    let pkg = &pkgs[0];
    assert_eq!(rels(pkg), ["scan.png"]);
    let pipe = not_read(pkg, "pipe.pdf");
    assert_eq!(pipe.cause, NotReadCause::NotAFile);
    assert_eq!(pipe.reason, "is a named pipe, not a file; it was not read");
    assert_eq!(
        not_read(pkg, "sock").reason,
        "is a socket, not a file; it was not read"
    );
    assert_eq!(
        not_read(pkg, "to_pipe.jpg").reason,
        "is a link to a named pipe, not a file; it was not read"
    );
    assert_eq!(pkg.manifest, None);
    assert_eq!(
        pkg.manifest_problem.as_deref(),
        Some("package.toml is a named pipe, not a file; it was not read")
    );
    let dev = Path::new("/dev/null");
    if dev.exists() {
        symlink(dev, pkg_dir.join("null.png")).expect("symlink");
        let pkgs = discover_in_time(&pkg_dir);
        assert!(not_read(&pkgs[0], "null.png")
            .reason
            .contains("outside the package folder (/dev/null)"));
    }
}

#[test]
fn a_file_swapped_after_listing_is_refused_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = write(dir.path(), "outside/secret.png", &png(8, 8));
    let pkg_dir = dir.path().join("pkg");
    write(&pkg_dir, "a.png", &png(8, 8));
    write(&pkg_dir, "b.png", &png(8, 8));
    let pkgs = discover_in_time(&pkg_dir);
    let files = pkgs[0].files.clone();
    assert_eq!(files.len(), 2);
    // a.png becomes a link out of the package, b.png a named pipe.
    fs::remove_file(pkg_dir.join("a.png")).expect("rm");
    symlink(&secret, pkg_dir.join("a.png")).expect("symlink");
    fs::remove_file(pkg_dir.join("b.png")).expect("rm");
    mkfifo(&pkg_dir.join("b.png"));
    let results = within_time("open", move || {
        files
            .iter()
            .map(|f| {
                open(f, &Limits::default())
                    .map(|_| ())
                    .map_err(|p| p.reason)
            })
            .collect::<Vec<_>>()
    });
    let a = results[0].as_ref().expect_err("a link is not opened");
    assert!(a.contains("replaced by a link"), "{a}");
    let b = results[1].as_ref().expect_err("a pipe is not read");
    assert!(b.contains("not a file"), "{b}");
}

#[test]
fn hidden_and_non_document_entries_are_listed_as_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pkg_dir = dir.path().join("pkg");
    write(&pkg_dir, "package.toml", b"service = \"c3_visa\"\n");
    write(&pkg_dir, "expected.json", b"{}");
    write(&pkg_dir, "truth.json", b"{}");
    write(&pkg_dir, "scan.png", &png(8, 8));
    write(&pkg_dir, "README.md", b"# notes");
    write(&pkg_dir, "sub/notes.txt", b"call the applicant");
    write(&pkg_dir, ".DS_Store", b"\0\0\0\x01Bud1");
    write(&pkg_dir, ".git/objects/x.png", &png(4, 4));
    let pkg = &discover_in_time(&pkg_dir)[0];
    let skipped: Vec<(&str, &str)> = pkg
        .skipped
        .iter()
        .map(|s| (s.file.as_str(), s.reason.as_str()))
        .collect();
    let not_a_doc = "not a document: neither its contents nor its name is a PDF or an image";
    assert_eq!(
        skipped,
        [
            (".DS_Store", "hidden: its name starts with a dot"),
            (".git", "hidden folder: its name starts with a dot"),
            ("README.md", not_a_doc),
            ("sub/notes.txt", not_a_doc),
        ]
    );
    assert!(pkg.problems.is_empty() && pkg.not_read.is_empty());

    // The JSON report lists them; a package with nothing skipped has no `skipped` key.
    write(dir.path(), "tidy/scan.png", &png(8, 8));
    let report = check_all(&[pkg_dir.clone(), dir.path().join("tidy")]);
    let json: serde_json::Value = serde_json::from_str(&report::json(&report)).expect("json");
    assert_eq!(json["packages"][0]["skipped"][2]["file"], "README.md");
    assert_eq!(json["packages"][0]["skipped"][2]["reason"], not_a_doc);
    assert!(
        json["packages"][1].get("skipped").is_none(),
        "{}",
        json["packages"][1]
    );
    let text = report::text(&report, false);
    assert!(
        text.contains("  not read: .DS_Store (hidden: its name starts with a dot), .git"),
        "{text}"
    );
}

#[test]
fn entries_beside_the_package_folders_are_listed_and_never_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let batch = dir.path().join("batch");
    write(&batch, "pkg/scan.png", &png(8, 8));
    write(&batch, "README.md", b"batch of 2026-11-25");
    write(&batch, ".DS_Store", b"\0\0\0\x01Bud1");
    mkfifo(&batch.join("drop"));
    let _listener = std::os::unix::net::UnixListener::bind(batch.join("sock")).expect("socket");
    symlink("pkg/scan.png", batch.join("latest.png")).expect("symlink");
    symlink("nowhere", batch.join("gone")).expect("symlink");

    // Opening the pipe would block: discovery and the check finish in time.
    let root = batch.clone();
    let found = within_time("discover", move || discover(&[root]).expect("discover"));
    let ids: Vec<&str> = found.packages.iter().map(|p| p.id.as_str()).collect();
    // A broken link where a package folder could be is reported as its own package.
    assert_eq!(ids, ["gone", "pkg"]);
    let loose: Vec<(&str, &str)> = found
        .loose
        .iter()
        .map(|e| (e.file.as_str(), e.reason.as_str()))
        .collect();
    let no_package = "it is beside the package folders, in no package, so it was not read";
    assert_eq!(
        loose,
        [
            (
                ".DS_Store",
                "hidden: its name starts with a dot".to_string()
            ),
            ("README.md", format!("not a document; {no_package}")),
            ("drop", format!("is a named pipe, not a file; {no_package}")),
            (
                "latest.png",
                format!("is a link to a file (pkg/scan.png); {no_package}")
            ),
            ("sock", format!("is a socket, not a file; {no_package}")),
        ]
        .iter()
        .map(|(f, r)| (*f, r.as_str()))
        .collect::<Vec<_>>()
    );
    assert!(found.loose.iter().all(|e| e.folder.ends_with("/batch")));

    // Both reports name every one of them, after the packages.
    let only_scan = dir.path().join("with_scan");
    let report = within_time("check", move || check_all(&[batch]));
    assert_eq!(report.packages.len(), 2);
    let json: serde_json::Value = serde_json::from_str(&report::json(&report)).expect("json");
    let listed: Vec<&str> = json["not_in_a_package"]
        .as_array()
        .expect("not_in_a_package")
        .iter()
        .filter_map(|e| e["file"].as_str())
        .collect();
    assert_eq!(
        listed,
        [".DS_Store", "README.md", "drop", "latest.png", "sock"]
    );
    let text = report::text(&report, false);
    let heading = text.find("NOT IN A PACKAGE  ").expect("heading");
    assert!(
        text[heading..].contains("\n  drop: is a named pipe"),
        "{text}"
    );
    assert!(text.find("  pkg  ").is_some_and(|p| p < heading), "{text}");

    // A scan beside the package folders makes the folder one package (the rule for a
    // package), and a folder with no package folders is one package too: either way it
    // lists its entries itself.
    write(&only_scan, "pkg/scan.png", &png(8, 8));
    write(&only_scan, "stray.png", &png(8, 8));
    let found = discover(&[only_scan]).expect("discover");
    assert_eq!(found.packages.len(), 1);
    assert!(found.loose.is_empty());

    let only = dir.path().join("only");
    write(&only, "notes.txt", b"x");
    let found = discover(&[only]).expect("discover");
    assert_eq!(found.packages.len(), 1);
    assert!(found.loose.is_empty());
    assert_eq!(found.packages[0].skipped[0].file, "notes.txt");
}

#[test]
fn unreadable_folders_and_files_say_permission_denied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pkg_dir = dir.path().join("pkg");
    write(&pkg_dir, "scan.png", &png(8, 8));
    let locked_file = write(&pkg_dir, "locked.png", &png(8, 8));
    let locked_dir = pkg_dir.join("locked_dir");
    write(&locked_dir, "inner.png", &png(8, 8));
    let locked_notes = write(&pkg_dir, "notes.txt", b"private");
    fs::set_permissions(&locked_notes, fs::Permissions::from_mode(0o000)).expect("chmod");
    fs::set_permissions(&locked_file, fs::Permissions::from_mode(0o000)).expect("chmod");
    fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o000)).expect("chmod");
    let pkgs = discover_in_time(&pkg_dir);
    // Give the tempdir back its rights so it can be removed.
    fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o755)).expect("chmod");
    fs::set_permissions(&locked_file, fs::Permissions::from_mode(0o644)).expect("chmod");
    fs::set_permissions(&locked_notes, fs::Permissions::from_mode(0o644)).expect("chmod");
    let pkg = &pkgs[0];
    if is_root() {
        println!(
            "note: running as root, where chmod 000 denies nothing; permission asserts skipped"
        );
        assert_eq!(
            rels(pkg),
            ["locked.png", "locked_dir/inner.png", "scan.png"]
        );
        return;
    }
    assert_eq!(rels(pkg), ["scan.png"], "{pkg:#?}");
    let reasons: Vec<(&str, &str)> = pkg
        .problems
        .iter()
        .map(|p| (p.file.as_str(), p.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(reasons[0].0, "locked.png");
    assert!(reasons[0]
        .1
        .starts_with("dossier is not allowed to read this file (permission denied)"));
    assert_eq!(reasons[1].0, "locked_dir");
    assert!(reasons[1]
        .1
        .starts_with("dossier is not allowed to read this folder (permission denied)"));
    for (_, r) in &reasons {
        assert!(!r.contains("os error"), "{r}");
    }
    // A file that is not a document by its name is only listed, even unreadable.
    assert_eq!(pkg.skipped.len(), 1, "{:?}", pkg.skipped);
    assert_eq!(pkg.skipped[0].file, "notes.txt");
    assert_eq!(
        pkg.skipped[0].reason,
        "not a document by its name, and it cannot be opened: permission denied"
    );
}

#[test]
fn deep_nesting_empty_packages_and_empty_batches_have_their_own_reasons() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pkg_dir = dir.path().join("deep");
    let mut rel = String::from("top.png");
    write(&pkg_dir, &rel, &png(8, 8));
    let mut path = String::new();
    for level in 1..=50 {
        path.push_str(&format!("d{level}/"));
        rel = format!("{path}scan.png");
        write(&pkg_dir, &rel, &png(4, 4));
    }
    let pkg = &discover_in_time(&pkg_dir)[0];
    assert_eq!(pkg.files.len(), 17, "the top and 16 levels are read");
    assert_eq!(pkg.problems.len(), 1, "{:#?}", pkg.problems);
    assert_eq!(pkg.problems[0].file.matches('/').count(), 16);
    assert!(pkg.problems[0]
        .reason
        .starts_with("this folder is nested more than 16 folders deep"));

    // An empty package folder in a batch, one holding only notes, an empty batch.
    let batch = dir.path().join("batch");
    fs::create_dir_all(batch.join("empty")).expect("mkdir");
    write(&batch, "notes_only/notes.txt", b"to do");
    let pkgs = discover_in_time(&batch);
    assert_eq!(pkgs[0].problems[0].reason, "the package folder is empty");
    assert!(pkgs[1].problems[0]
        .reason
        .starts_with("the package folder holds no documents"));
    assert_eq!(pkgs[1].skipped.len(), 1);
    let nothing = dir.path().join("nothing");
    fs::create_dir_all(&nothing).expect("mkdir");
    let pkgs = discover_in_time(&nothing);
    assert_eq!(pkgs.len(), 1);
    assert_eq!(
        pkgs[0].problems[0].reason,
        "the folder given is empty: it holds no package folders and no documents"
    );
}
