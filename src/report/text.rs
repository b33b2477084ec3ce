//! The text report: grouped by package, readable on a terminal, colours (plain ANSI
//! SGR codes) only when the caller asks — the CLI asks when stdout is a tty.

use std::fmt::Write as _;

use super::{severity_name, status_name, PackageReport, Report};
use crate::model::{Evidence, Severity, SkippedEntry, Status};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";

/// Wraps text in an SGR style when colour is on.
struct Paint {
    color: bool,
}

impl Paint {
    fn style(&self, sgr: &str, s: &str) -> String {
        if self.color {
            format!("{sgr}{s}{RESET}")
        } else {
            s.to_string()
        }
    }

    fn status(&self, s: Status) -> String {
        let name = status_name(s).to_uppercase();
        let sgr = match s {
            Status::Pass => GREEN,
            Status::Review => YELLOW,
            Status::Fail => RED,
        };
        self.style(&format!("{BOLD}{sgr}"), &name)
    }

    fn severity(&self, s: Severity) -> String {
        // Padded before painting so columns line up with or without colour.
        let name = format!("{:<7}", severity_name(s));
        match s {
            Severity::Error => self.style(RED, &name),
            Severity::Warning => self.style(YELLOW, &name),
        }
    }
}

/// Where a piece of evidence is: `passport.png p.1 "MUELLER" (conf 91.5)`.
fn evidence_line(e: &Evidence) -> String {
    // Page 0 is a file as a whole (package.toml, a file that could not be opened).
    let mut s = if e.page == 0 {
        e.file.clone()
    } else {
        format!("{} p.{}", e.file, e.page)
    };
    if let Some(t) = &e.text {
        // Keep one line per piece of evidence whatever the OCR read.
        let t: String = t
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let _ = write!(s, " \"{}\"", t.trim());
    }
    if let Some(c) = e.confidence {
        let _ = write!(s, " (confidence {c:.0})");
    }
    s
}

fn package(out: &mut String, p: &PackageReport, paint: &Paint) {
    let service = p.service.as_deref().unwrap_or("no service");
    let _ = writeln!(
        out,
        "{}  {}  {}",
        paint.status(p.status),
        paint.style(BOLD, &p.id),
        paint.style(DIM, &format!("[{service}] {}", p.path.display()))
    );
    if !p.documents.is_empty() {
        let docs: Vec<String> = p
            .documents
            .iter()
            .map(|d| {
                let pages = if d.pages.len() == 1 {
                    format!("p.{}", d.pages[0])
                } else {
                    format!(
                        "pp.{}-{}",
                        d.pages.first().copied().unwrap_or(0),
                        d.pages.last().copied().unwrap_or(0)
                    )
                };
                format!("{} ({} {})", d.kind, d.file, pages)
            })
            .collect();
        let _ = writeln!(
            out,
            "  {}",
            paint.style(DIM, &format!("documents: {}", docs.join(", ")))
        );
    }
    for f in &p.findings {
        let kind = f
            .kind
            .as_deref()
            .map(|k| format!(" [{k}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}{}: {}",
            paint.severity(f.severity),
            paint.style(BOLD, &f.code),
            kind,
            f.message
        );
        for e in &f.evidence {
            let _ = writeln!(out, "          {}", paint.style(DIM, &evidence_line(e)));
        }
    }
    if !p.skipped.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            paint.style(DIM, &format!("not read: {}", skipped_line(&p.skipped)))
        );
    }
}

/// The skipped entries on one line: the first few with their reasons, then a count.
fn skipped_line(skipped: &[SkippedEntry]) -> String {
    const SHOWN: usize = 8;
    let mut parts: Vec<String> = skipped
        .iter()
        .take(SHOWN)
        .map(|s| format!("{} ({})", s.file, s.reason))
        .collect();
    if skipped.len() > SHOWN {
        parts.push(format!("and {} more", skipped.len() - SHOWN));
    }
    parts.join(", ")
}

/// The report as text, one block per package and a summary line.
pub fn text(report: &Report, color: bool) -> String {
    let paint = Paint { color };
    let mut out = String::new();
    for p in &report.packages {
        package(&mut out, p, &paint);
        out.push('\n');
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{} package{} checked as of {}: {} pass, {} review, {} fail ({} error{}, {} warning{}).",
        s.packages,
        if s.packages == 1 { "" } else { "s" },
        report.as_of.format("%Y-%m-%d"),
        paint.style(GREEN, &s.pass.to_string()),
        paint.style(YELLOW, &s.review.to_string()),
        paint.style(RED, &s.fail.to_string()),
        s.errors,
        if s.errors == 1 { "" } else { "s" },
        s.warnings,
        if s.warnings == 1 { "" } else { "s" },
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn plain_text_has_no_escape_codes_and_groups_by_package() {
        let out = text(&fixtures::report(), false);
        assert!(!out.contains('\x1b'));
        let good = out.find("PASS  good").expect("good block");
        let bad = out.find("FAIL  bad").expect("bad block");
        assert!(good < bad);
        assert!(out.contains("  error   name_mismatch [passport_translation]: The surname"));
        assert!(out.contains("  warning low_confidence: The IIN"));
        // The control character read by OCR does not break the line.
        assert!(out.contains("passport.png p.1 \"MUELLER\" (confidence 92)"));
        assert!(out.contains("REVIEW  unsure  [no service]"));
        let mut r = fixtures::report();
        r.packages[1].findings[0].evidence[0].page = 0;
        assert!(text(&r, false).contains("          passport.png \"MUELLER\""));
        assert!(out.contains("3 packages checked as of 2026-12-01: 1 pass, 1 review, 1 fail"));
    }

    #[test]
    fn colour_only_when_asked() {
        let out = text(&fixtures::report(), true);
        assert!(out.contains("\x1b[1m\x1b[31mFAIL\x1b[0m"));
        assert!(out.contains("\x1b[1m\x1b[32mPASS\x1b[0m"));
    }
}
