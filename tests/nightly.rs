//! The nightly run and the back-office page end to end with the real Tesseract, on the
//! fixture batch: `check --shard K/N` run at the same time by two processes on one fresh
//! cache, and `dossier merge` giving exactly the report of one run over the whole batch;
//! then, on the warm cache (one OCR pass serves them all), `--format jsonl` holding the
//! same packages and summary as the JSON report, `--warn-expiring`, `dossier diff`
//! between the two reports, and `--format html` in a real headless browser.

use std::path::Path;
use std::process::{Command, Output};

const AS_OF: &str = "2026-12-01";

fn dossier() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
}

fn check(cache: &Path, out: &Path, shard: Option<&str>) -> Command {
    check_as(cache, out, "json", shard)
}

fn check_as(cache: &Path, out: &Path, format: &str, shard: Option<&str>) -> Command {
    let mut cmd = dossier();
    cmd.args(["check", "fixtures/packages", "--format", format, "--quiet"])
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
        .filter(|p| p.extension().is_none_or(|e| e != "json"))
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

    jsonl_streams_the_json_report(&cache, dir.path(), &whole);
    warn_expiring_and_diff(&cache, dir.path(), &whole);
    html_report_in_a_real_browser(&cache, dir.path(), &whole);
}

/// Debian's chromium, or `DOSSIER_CHROMIUM`. The browser test never skips: without a
/// browser it fails and says how to get one.
fn chromium() -> std::path::PathBuf {
    let path = std::env::var_os("DOSSIER_CHROMIUM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/bin/chromium".into());
    assert!(
        path.exists(),
        "the HTML report is tested in a real browser, and {} is not there: \
         install Debian's chromium (`./dev.sh deps` does) or set DOSSIER_CHROMIUM",
        path.display()
    );
    path
}

/// Runs headless chromium on `url` with `args`; its stdout.
fn browse(profile: &Path, args: &[&str], url: &str) -> String {
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args(["--disable-extensions", "--disable-background-networking"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium starts");
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The opening tags of the package cards in a DOM, and whether each is shown.
fn cards(dom: &str) -> Vec<(String, bool)> {
    let tag = regex::Regex::new(r#"<article class="card"[^>]*>"#).expect("regex");
    tag.find_iter(dom)
        .map(|m| {
            let t = m.as_str().to_string();
            let shown = !t.contains(" hidden");
            (t, shown)
        })
        .collect()
}

/// The text of the element with `id` in a DOM.
fn text_of(dom: &str, id: &str) -> String {
    let re = regex::Regex::new(&format!(r#"id="{id}"[^>]*>([^<]*)<"#)).expect("regex");
    re.captures(dom)
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| panic!("no #{id} in the page"))
}

/// `--format html --embed-scans` opens in headless chromium with no script error and no
/// request blocked, shows the JSON report's counts, and its filters show exactly the
/// packages they should. A screenshot is left for CI in target/ci-artifacts.
fn html_report_in_a_real_browser(cache: &Path, dir: &Path, whole: &Path) {
    use dossier::report::ReportJson;
    let page = dir.join("report.html");
    let out = check_as(cache, &page, "html", None)
        .arg("--embed-scans")
        .output()
        .expect("html");
    finished(out, "html run");
    let html = std::fs::read_to_string(&page).expect("html");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&page).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the page holds scans: owner only");
    }
    // Nothing in the page points outside it.
    for outside in [
        "http://",
        "https://",
        "src=\"//",
        "href=\"//",
        "@import",
        "url(",
    ] {
        assert!(
            !html.contains(outside),
            "the page refers outside itself: {outside}"
        );
    }
    assert!(html.contains("Content-Security-Policy"));
    let report = ReportJson::parse(&std::fs::read_to_string(whole).expect("json")).expect("json");
    let images = html.matches("<img ").count();
    assert!(images > 0, "--embed-scans embeds the pages");

    let url = format!("file://{}", page.display());
    let profile = dir.join("chromium-profile");
    let dom = browse(&profile, &["--dump-dom"], &url);
    let body = regex::Regex::new(r"<body[^>]*>")
        .expect("regex")
        .find(&dom)
        .map(|m| m.as_str().to_string())
        .expect("a body");
    assert!(
        body.contains(r#"data-ready="1""#),
        "the script did not run to its end: {body}"
    );
    assert!(
        !body.contains("data-errors"),
        "the page reported errors: {body}"
    );
    let s = &report.summary;
    for (id, n) in [
        ("n-pass", s.pass),
        ("n-review", s.review),
        ("n-fail", s.fail),
        ("n-errors", s.errors),
        ("n-warnings", s.warnings),
    ] {
        assert_eq!(text_of(&dom, id), n.to_string(), "#{id}");
    }
    let all = cards(&dom);
    assert_eq!(all.len(), report.packages.len());
    assert!(
        all.iter().all(|(_, shown)| *shown),
        "unfiltered, every package shows"
    );

    // Each filter, as a clerk would set it (the page keeps it in the address).
    let count = |f: &dyn Fn(&dossier::report::PackageJson) -> bool| {
        report.packages.iter().filter(|p| f(p)).count()
    };
    let code = report
        .summary
        .by_code
        .keys()
        .next()
        .expect("the fixtures have findings")
        .clone();
    let service = report.packages[0].service.clone().expect("a service");
    let id = report.packages[1].id.clone();
    let filters: Vec<(String, usize)> = vec![
        ("status=fail".into(), s.fail as usize),
        ("status=pass".into(), s.pass as usize),
        ("status=not-pass".into(), (s.fail + s.review) as usize),
        (
            format!("code={code}"),
            count(&|p| p.findings.iter().any(|f| f.code == code)),
        ),
        (
            format!("service={service}"),
            count(&|p| p.service.as_deref() == Some(service.as_str())),
        ),
        (format!("q={id}"), 1),
        (format!("status=pass&code={code}"), 0),
    ];
    for (filter, expected) in filters {
        let dom = browse(&profile, &["--dump-dom"], &format!("{url}#{filter}"));
        let shown = cards(&dom).iter().filter(|(_, shown)| *shown).count();
        assert_eq!(shown, expected, "#{filter}");
        assert_eq!(
            text_of(&dom, "shown"),
            expected.to_string(),
            "#{filter}: the count shown"
        );
    }

    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-artifacts");
    std::fs::create_dir_all(&artifacts).expect("artifacts");
    let shot = artifacts.join("report.png");
    let shot_arg = format!("--screenshot={}", shot.display());
    browse(&profile, &[&shot_arg, "--window-size=1280,1600"], &url);
    let png = std::fs::read(&shot).expect("screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a screenshot"
    );
    eprintln!("screenshot of the fixture report: {}", shot.display());
}

/// `--format jsonl`: one `package` line per package, in the order they were judged, then
/// one `end` line; together the JSON report's packages and summary.
fn jsonl_streams_the_json_report(cache: &Path, dir: &Path, whole: &Path) {
    use dossier::report::{JsonlRecord, ReportJson};
    let lines = dir.join("report.jsonl");
    let out = check_as(cache, &lines, "jsonl", None)
        .output()
        .expect("jsonl");
    finished(out, "jsonl run");
    let text = std::fs::read_to_string(&lines).expect("jsonl");
    let records: Vec<JsonlRecord> = text
        .lines()
        .map(|l| JsonlRecord::parse(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let whole = ReportJson::parse(&std::fs::read_to_string(whole).expect("whole")).expect("json");
    let Some((JsonlRecord::End(end), packages)) = records.split_last() else {
        panic!("the last line is not the end record: {text}");
    };
    let mut packages: Vec<_> = packages
        .iter()
        .map(|r| match r {
            JsonlRecord::Package(p) => p.clone(),
            JsonlRecord::End(_) => panic!("an end record before the last line"),
        })
        .collect();
    packages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut expected = whole.packages.clone();
    expected.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(packages, expected);
    assert_eq!(end.summary, whole.summary);
    assert_eq!(end.as_of, whole.as_of);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&lines)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the stream is a report: owner only");
    }
}

/// `--warn-expiring` adds `expiring_soon` warnings (and nothing else) for what fails
/// within the window; `diff` lists them and exits 1, as something got worse.
fn warn_expiring_and_diff(cache: &Path, dir: &Path, whole: &Path) {
    use dossier::report::ReportJson;
    const DAYS: i64 = 400;
    let warned = dir.join("warned.json");
    let out = check(cache, &warned, None)
        .args(["--warn-expiring", &DAYS.to_string()])
        .output()
        .expect("warn");
    finished(out, "--warn-expiring run");
    // Without --quiet, stdout shows one line per package as it is judged.
    let lines_run = dossier()
        .args([
            "check",
            "fixtures/packages",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ])
        .arg("--cache-dir")
        .arg(cache)
        .arg("-o")
        .arg(dir.join("plain-again.json"))
        .output()
        .expect("check");
    let stdout = String::from_utf8_lossy(&lines_run.stdout);
    let plain_packages = ReportJson::parse(&std::fs::read_to_string(whole).expect("json"))
        .expect("json")
        .packages;
    assert_eq!(stdout.lines().count(), plain_packages.len(), "{stdout}");
    for p in &plain_packages {
        let line = stdout
            .lines()
            .find(|l| l.contains(&format!("  {}  ", p.id)))
            .unwrap_or_else(|| panic!("no line for {}: {stdout}", p.id));
        assert!(line.starts_with(&p.status.name().to_uppercase()), "{line}");
    }
    let read =
        |p: &Path| ReportJson::parse(&std::fs::read_to_string(p).expect("read")).expect("json");
    let (plain, ahead) = (read(whole), read(&warned));
    let as_of = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("date");
    let mut soon = 0;
    for (a, b) in plain.packages.iter().zip(&ahead.packages) {
        let extra: Vec<_> = b
            .findings
            .iter()
            .filter(|f| !a.findings.contains(f))
            .collect();
        assert_eq!(extra.len() + a.findings.len(), b.findings.len(), "{}", a.id);
        for f in extra {
            assert_eq!(f.code, "expiring_soon", "{}: {f:?}", a.id);
            let due = f.due.as_ref().expect("due");
            let on = chrono::NaiveDate::parse_from_str(&due.on, "%Y-%m-%d").expect("due date");
            assert!(
                on > as_of && (on - as_of).num_days() <= DAYS,
                "{}: {due:?}",
                a.id
            );
            assert!(f.message.contains(&due.code), "{}", f.message);
            soon += 1;
        }
    }
    assert!(soon > 0, "some fixture document turns within {DAYS} days");

    let same = dossier()
        .args(["diff"])
        .args([whole, whole])
        .output()
        .expect("diff");
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert!(String::from_utf8_lossy(&same.stdout).contains("0 worse, 0 better, 0 new, 0 gone"));

    let out = dossier()
        .args([
            "diff",
            "--format",
            "json",
            "--expiring-within",
            &DAYS.to_string(),
        ])
        .args([whole, &warned])
        .output()
        .expect("diff");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).expect("diff json");
    assert_eq!(d["summary"]["new_findings"], soon);
    assert_eq!(d["summary"]["resolved_findings"], 0);
    let whats: Vec<&str> = d["expiring"]
        .as_array()
        .expect("expiring")
        .iter()
        .filter_map(|e| e["what"].as_str())
        .collect();
    assert!(
        whats.iter().any(|w| *w != "date_of_expiry"),
        "the expiring_soon warnings are listed: {whats:?}"
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
