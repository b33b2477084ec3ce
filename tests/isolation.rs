//! No file can take the process down: hostile PDFs that used to abort dossier (a form
//! that draws itself), hang it (a page tree that is its own parent) or print a decoder's
//! panic (a reference cycle in /Resources) sit in a batch beside a good package, and the
//! real binary reports every package; and the worker processes turn a runaway allocation
//! and a read that outlives its time into plain reasons for that file only.
//!
//! Every input is built here; nothing binary is checked in.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use dossier::ingest::{
    single_file, worker_pid, workers_started, Isolation, Limits, PageContent, Worker,
};
use image::{DynamicImage, GrayImage, ImageFormat, Luma};

// ---------------------------------------------------------------- builders

/// A PDF from object bodies numbered 1, 2, …; object 1 is the catalog, 2 the page tree.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn obj(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

fn stream(dict: &str, data: &str) -> Vec<u8> {
    format!(
        "<< {dict} /Length {} >>\nstream\n{data}\nendstream",
        data.len()
    )
    .into_bytes()
}

const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
const TREE: &str = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const FORM: &str = "/Type /XObject /Subtype /Form /BBox [0 0 100 100]";

/// A page drawing form A, which draws itself.
fn self_drawing_form() -> Vec<u8> {
    pdf(&[
        obj(CATALOG),
        obj(TREE),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] \
             /Resources << /XObject << /A 5 0 R >> >> /Contents 4 0 R >>"),
        stream("", "/A Do"),
        stream(
            &format!("{FORM} /Resources << /XObject << /A 5 0 R >> >>"),
            "/A Do",
        ),
    ])
}

/// A page whose tree node is its own parent, and which has neither resources nor a
/// media box of its own (so readers climb the tree looking for them).
fn pages_own_parent() -> Vec<u8> {
    pdf(&[
        obj(CATALOG),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>"),
        obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"),
        stream("", "0 0 m 10 10 l S"),
    ])
}

/// A page whose /Resources is a reference to a reference back to the first.
fn resources_cycle() -> Vec<u8> {
    pdf(&[
        obj(CATALOG),
        obj(TREE),
        obj(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources 5 0 R \
             /Contents 4 0 R >>",
        ),
        stream("", "0 0 m 10 10 l S"),
        obj("6 0 R"),
        obj("5 0 R"),
    ])
}

fn png(img: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("encode");
    out
}

/// Pseudo-random gray noise: compresses badly, so decoding it takes real time.
fn noise(w: u32, h: u32) -> DynamicImage {
    let mut state = 0x2545_f491_u32;
    DynamicImage::ImageLuma8(GrayImage::from_fn(w, h, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        Luma([state as u8])
    }))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/packages")
        .join(name)
}

/// A package of the fixtures known to pass (see its expected.json), copied without its
/// answer files.
const GOOD: &str = "iin_deu_complete";

fn copy_package(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name != "expected.json" && name != "truth.json" {
            fs::copy(&path, to.join(name)).unwrap();
        }
    }
}

fn hostile_package(batch: &Path, id: &str, pdf: &[u8]) {
    let dir = batch.join(id);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("package.toml"), "service = \"iin\"\n").unwrap();
    fs::write(dir.join("passport.pdf"), pdf).unwrap();
}

fn worker(timeout: Duration, memory_mib: u64) -> Isolation {
    let mut worker = Worker::new(PathBuf::from(env!("CARGO_BIN_EXE_dossier")));
    worker.timeout = timeout;
    worker.memory = memory_mib * 1024 * 1024;
    Isolation::Worker(worker)
}

// ---------------------------------------------------------------- the batch

#[test]
fn hostile_pdfs_cost_their_own_file_only() {
    let good = fixture(GOOD);
    let expected = fs::read_to_string(good.join("expected.json")).unwrap();
    assert!(
        expected.contains("\"status\": \"pass\""),
        "{GOOD} must be a passing fixture"
    );

    let tmp = tempfile::tempdir().unwrap();
    let batch = tmp.path().join("batch");
    copy_package(&good, &batch.join("good"));
    hostile_package(&batch, "self_drawing", &self_drawing_form());
    hostile_package(&batch, "pages_loop", &pages_own_parent());
    hostile_package(&batch, "resources_cycle", &resources_cycle());
    let cache = tmp.path().join("cache");

    // Worker processes (the default), then in this process: the structure checks keep
    // the second run alive too, and the good package's pages come from the cache.
    for extra in [None, Some("--no-isolation")] {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args([
                "check",
                "--format",
                "json",
                "--as-of",
                "2026-12-01",
                "--cache-dir",
            ])
            .arg(&cache)
            .args(extra)
            .arg(&batch)
            .output()
            .unwrap();
        let mode = extra.unwrap_or("workers");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{mode}: ended with {:?}; stderr: {stderr}",
            out.status
        );
        for word in [
            "panicked",
            "overflowed",
            "RUST_BACKTRACE",
            "fatal runtime error",
        ] {
            assert!(
                !stderr.contains(word),
                "{mode}: stderr shows `{word}`: {stderr}"
            );
        }
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{mode}: not JSON ({e}); stderr: {stderr}"));
        let packages = report["packages"].as_array().expect("packages");
        let package = |id: &str| {
            packages
                .iter()
                .find(|p| p["id"] == id)
                .unwrap_or_else(|| panic!("{mode}: package {id} missing from the report"))
        };
        assert_eq!(packages.len(), 4, "{mode}");
        assert_eq!(
            package("good")["status"],
            "pass",
            "{mode}: {}",
            package("good")
        );
        for (id, why) in [
            ("self_drawing", "a drawing on page 1 draws itself"),
            ("pages_loop", "its page tree is its own parent"),
            (
                "resources_cycle",
                "the resources of page 1 refer to themselves",
            ),
        ] {
            let p = package(id);
            assert_eq!(p["status"], "fail", "{mode}: {p}");
            let unreadable = p["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["code"] == "unreadable_file")
                .unwrap_or_else(|| panic!("{mode}: {id} has no unreadable_file: {p}"));
            let message = unreadable["message"].as_str().unwrap();
            assert!(message.contains("passport.pdf"), "{mode}: {message}");
            assert!(
                message.contains("the PDF's structure loops"),
                "{mode}: {message}"
            );
            assert!(message.contains(why), "{mode}: {message}");
        }
        eprintln!("{mode}: {:.1} s", started.elapsed().as_secs_f64());
    }
}

// ---------------------------------------------------------------- the worker itself

#[test]
fn worker_pages_match_in_process_pages() {
    let limits = Limits::default();
    let isolated = worker(Worker::DEFAULT_TIMEOUT, 1024);
    let tmp = tempfile::tempdir().unwrap();
    // A name that is not UTF-8 travels as raw bytes.
    let odd = {
        use std::os::unix::ffi::OsStrExt;
        tmp.path()
            .join(std::ffi::OsStr::from_bytes(b"scan_\xff.png"))
    };
    fs::write(&odd, png(&noise(64, 48))).unwrap();
    for path in [
        fixture(GOOD).join("scan_02.pdf"),
        fixture(GOOD).join("scan_01.jpg"),
        odd,
    ] {
        let file = single_file(&path).unwrap();
        let here = Isolation::InProcess.open(&file, &limits).unwrap();
        let there = isolated.open(&file, &limits).unwrap();
        assert_eq!(here, there, "{}", path.display());
        for page in &here.pages {
            let a = Isolation::InProcess
                .load_page(&file, page, &limits)
                .unwrap();
            let b = isolated.load_page(&file, page, &limits).unwrap();
            match (a, b) {
                (PageContent::Image(a), PageContent::Image(b)) => assert!(a == b),
                (PageContent::Text(a), PageContent::Text(b)) => assert_eq!(a, b),
                _ => panic!("{}: different kinds of page", path.display()),
            }
        }
    }
    // A bad file's problem crosses the pipe as it is.
    let empty = tmp.path().join("empty.jpg");
    fs::write(&empty, b"").unwrap();
    let file = single_file(&empty).unwrap();
    assert_eq!(
        isolated.open(&file, &limits).unwrap_err(),
        Isolation::InProcess.open(&file, &limits).unwrap_err()
    );
}

#[test]
fn a_worker_that_runs_out_of_memory_costs_that_file_only() {
    // 8 000 × 4 000 gray pixels: a small PNG, but 30 MiB once decoded, within the
    // per-file budget; the worker may take 16 MiB, so the allocation genuinely fails.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("large.png");
    fs::write(
        &path,
        png(&DynamicImage::ImageLuma8(GrayImage::new(8_000, 4_000))),
    )
    .unwrap();
    let limits = Limits::default();
    let file = single_file(&path).unwrap();
    let isolated = worker(Worker::DEFAULT_TIMEOUT, 16);
    let started = workers_started();
    let opened = isolated
        .open(&file, &limits)
        .expect("the header alone fits");
    let first = worker_pid().expect("an idle worker after a good reply");
    let err = isolated
        .load_page(&file, &opened.pages[0], &limits)
        .unwrap_err();
    assert_eq!(worker_pid(), None, "the failed worker is not kept");
    assert!(reaped(first), "worker {first} was not reaped");
    assert_eq!(workers_started(), started + 1);
    assert_eq!(err.file, "large.png");
    assert!(
        err.reason
            .starts_with("reading it needs more than 16 MiB of memory"),
        "{}",
        err.reason
    );
    // The same worker settings read an ordinary page right after.
    let small = tmp.path().join("small.png");
    fs::write(&small, png(&noise(200, 100))).unwrap();
    let file = single_file(&small).unwrap();
    let opened = isolated.open(&file, &limits).unwrap();
    assert!(isolated.load_page(&file, &opened.pages[0], &limits).is_ok());
    // ... by one new worker.
    assert_eq!(workers_started(), started + 2);
    assert_ne!(worker_pid(), Some(first));
}

#[test]
fn a_worker_that_outlives_its_time_is_stopped() {
    // 36 million noisy pixels cannot be decoded and sent back through a pipe (36 MB)
    // within a millisecond on any machine, even by a worker already running: the worker
    // is killed at the deadline, and that well before the decode would have ended.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("noise.png");
    fs::write(&path, png(&noise(6000, 6000))).unwrap();
    let limits = Limits::default();
    let file = single_file(&path).unwrap();
    let opened = Isolation::InProcess.open(&file, &limits).unwrap();
    let isolated = worker(Duration::from_millis(1), 1024);
    let started = Instant::now();
    let err = isolated
        .load_page(&file, &opened.pages[0], &limits)
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        err.reason
            .starts_with("reading it took longer than 0.001 s"),
        "{}",
        err.reason
    );
    assert!(took < Duration::from_secs(5), "stopped only after {took:?}");
}

/// Whether process `pid` is gone, not even a zombie (Linux: `/proc`).
fn reaped(pid: u32) -> bool {
    !Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn after_a_timeout_a_new_worker_reads_the_next_file() {
    let tmp = tempfile::tempdir().unwrap();
    let slow = tmp.path().join("noise.png");
    fs::write(&slow, png(&noise(6000, 6000))).unwrap();
    let good = tmp.path().join("good.png");
    fs::write(&good, png(&noise(300, 200))).unwrap();
    let limits = Limits::default();
    let (slow, good) = (single_file(&slow).unwrap(), single_file(&good).unwrap());
    let slow_page = Isolation::InProcess.open(&slow, &limits).unwrap().pages[0];
    let patient = worker(Duration::from_secs(30), 1024);
    // One program and memory limit, so one worker whatever the timeout.
    // 1 ms: no machine decodes and sends back 36 MB of noise in that time.
    let hasty = worker(Duration::from_millis(1), 1024);

    let started = workers_started();
    let good_page = patient.open(&good, &limits).unwrap().pages[0];
    let first = worker_pid().expect("an idle worker");
    let err = hasty.load_page(&slow, &slow_page, &limits).unwrap_err();
    assert!(
        err.reason
            .starts_with("reading it took longer than 0.001 s"),
        "{}",
        err.reason
    );
    assert_eq!(err.file, "noise.png");
    assert!(reaped(first), "the stopped worker {first} was not reaped");
    assert_eq!(worker_pid(), None);
    let here = Isolation::InProcess
        .load_page(&good, &good_page, &limits)
        .unwrap();
    let there = patient.load_page(&good, &good_page, &limits).unwrap();
    match (here, there) {
        (PageContent::Image(a), PageContent::Image(b)) => assert!(a == b),
        _ => panic!("not images"),
    }
    assert_eq!(workers_started(), started + 2);
    let second = worker_pid().expect("the new worker stays");
    assert_ne!(second, first);
    // The worker ends with the thread that owns it.
    let other = thread_worker(|| {
        patient.open(&good, &limits).unwrap();
        worker_pid().unwrap()
    });
    assert!(reaped(other), "worker {other} outlived its thread");
    assert_eq!(worker_pid(), Some(second), "each thread has its own");
}

fn thread_worker<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().unwrap())
}

#[test]
fn one_worker_serves_many_files() {
    let tmp = tempfile::tempdir().unwrap();
    let limits = Limits::default();
    let isolated = worker(Worker::DEFAULT_TIMEOUT, 1024);
    let mut files = Vec::new();
    for i in 0..200 {
        let path = tmp.path().join(format!("scan_{i:03}.png"));
        fs::write(&path, png(&noise(16 + i, 12))).unwrap();
        files.push(single_file(&path).unwrap());
    }
    let started = workers_started();
    let mut pid = None;
    let clock = Instant::now();
    for (i, file) in files.iter().enumerate() {
        let opened = isolated.open(file, &limits).unwrap();
        match isolated.load_page(file, &opened.pages[0], &limits).unwrap() {
            PageContent::Image(img) => assert_eq!(img.width(), 16 + i as u32),
            PageContent::Text(_) => panic!("{}: text from a PNG", file.rel),
        }
        let now = worker_pid().expect("an idle worker");
        assert_eq!(
            *pid.get_or_insert(now),
            now,
            "file {i} was served by another worker"
        );
    }
    let warm = clock.elapsed();
    assert_eq!(
        workers_started(),
        started + 1,
        "one worker for 400 requests"
    );

    // The figures, for the record: one call in a warm worker against one call in a fresh
    // worker (what every call cost before workers were kept).
    let fresh = |path: &Path, page: bool| {
        let file = single_file(path).unwrap();
        let locator = Isolation::InProcess.open(&file, &limits).unwrap().pages[0];
        let once = || {
            let clock = Instant::now();
            if page {
                isolated.load_page(&file, &locator, &limits).unwrap();
            } else {
                isolated.open(&file, &limits).unwrap();
            }
            clock.elapsed().as_secs_f64() * 1000.0
        };
        thread_worker(|| {
            let times = (once(), once());
            // A PDF too leaves its worker well within the memory it may keep.
            assert_eq!(workers_started(), 1, "{}: worker retired", path.display());
            times
        })
    };
    let (png_cold, png_warm) = fresh(&tmp.path().join("scan_000.png"), false);
    let pdf = fixture(GOOD).join("scan_02.pdf");
    let (open_cold, open_warm) = fresh(&pdf, false);
    let (page_cold, page_warm) = fresh(&pdf, true);
    let in_process = {
        let file = single_file(&pdf).unwrap();
        let locator = Isolation::InProcess.open(&file, &limits).unwrap().pages[0];
        let clock = Instant::now();
        Isolation::InProcess
            .load_page(&file, &locator, &limits)
            .unwrap();
        clock.elapsed().as_secs_f64() * 1000.0
    };
    eprintln!(
        "400 requests through one worker: {:.2} ms each; fresh worker vs warm worker: small \
         PNG open {png_cold:.1} vs {png_warm:.2} ms, fixture PDF open {open_cold:.1} vs \
         {open_warm:.2} ms, its page {page_cold:.1} vs {page_warm:.1} ms (in this process \
         {in_process:.1} ms)",
        warm.as_secs_f64() * 1000.0 / 400.0,
    );
}

#[test]
fn a_worker_ends_when_its_input_closes() {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg(dossier::ingest::WORKER_COMMAND)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}
