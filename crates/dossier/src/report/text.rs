//! The text report: grouped by package, readable on a terminal, colours (plain ANSI
//! SGR codes) only when the caller asks — the CLI asks when stdout is a tty.

use std::fmt::Write as _;

use super::{PackageReport, Report};
use crate::display::{self, escape};
use crate::findings::{Severity, Status};
use crate::model::{Evidence, LooseEntry, SkippedEntry};

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
        let name = s.name().to_uppercase();
        let sgr = match s {
            Status::Pass => GREEN,
            Status::Review => YELLOW,
            Status::Fail => RED,
        };
        self.style(&format!("{BOLD}{sgr}"), &name)
    }

    fn severity(&self, s: Severity) -> String {
        // Padded before painting so columns line up with or without colour.
        let name = format!("{:<7}", s.name());
        match s {
            Severity::Error => self.style(RED, &name),
            Severity::Warning => self.style(YELLOW, &name),
        }
    }
}

/// Where a piece of evidence is: `passport.png p.1 "MUELLER" (confidence 92)`.
pub(super) fn evidence_line(e: &Evidence) -> String {
    // Page 0 is a file as a whole (package.toml, a file that could not be opened).
    let mut s = if e.page == 0 {
        escape(&e.file).into_owned()
    } else {
        format!("{} p.{}", escape(&e.file), e.page)
    };
    if let Some(t) = &e.text {
        let _ = write!(s, " \"{}\"", read_text(t));
    }
    if let Some(c) = e.confidence {
        let _ = write!(s, " (confidence {c:.0})");
    }
    s
}

/// Text read from a page or a manifest, as one safe line: line breaks and tabs become
/// spaces, every other unsafe character is escaped (see [`display::escape`]).
fn read_text(t: &str) -> String {
    let t: String = t
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    escape(&t).into_owned()
}

/// `FAIL  pkg_00001  [c3_visa] batch/pkg_00001`, the first line of a package.
fn header(p: &PackageReport, paint: &Paint) -> String {
    let service = escape(p.service.as_deref().unwrap_or("no service"));
    format!(
        "{}  {}  {}",
        paint.status(p.status),
        paint.style(BOLD, &escape(&p.id)),
        paint.style(DIM, &format!("[{service}] {}", display::path(&p.path)))
    )
}

/// One line for a package as soon as it is judged (what `check -o FILE` shows while it
/// runs): its first line in the text report and how many errors and warnings it has.
pub fn package_line(p: &PackageReport, color: bool) -> String {
    let paint = Paint { color };
    let count = |severity| p.findings.iter().filter(|f| f.severity == severity).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}  {}, {}\n",
        header(p, &paint),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning")
    )
}

fn package(out: &mut String, p: &PackageReport, paint: &Paint) {
    let _ = writeln!(out, "{}", header(p, paint));
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
                format!("{} ({} {})", escape(&d.kind), escape(&d.file), pages)
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
            .map(|k| format!(" [{}]", escape(k)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}{}: {}",
            paint.severity(f.severity),
            paint.style(BOLD, &escape(f.code.as_str())),
            kind,
            escape(&f.message)
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
        .map(|s| format!("{} ({})", escape(&s.file), escape(&s.reason)))
        .collect();
    if skipped.len() > SHOWN {
        parts.push(format!("and {} more", skipped.len() - SHOWN));
    }
    parts.join(", ")
}

/// The entries of batch folders that belong to no package, one line each, grouped by
/// folder, under a heading that says they were not read.
fn loose(out: &mut String, loose: &[LooseEntry], paint: &Paint) {
    let mut folder = None;
    for e in loose {
        if folder != Some(&e.folder) {
            folder = Some(&e.folder);
            let _ = writeln!(
                out,
                "{}",
                paint.style(
                    BOLD,
                    &format!("NOT IN A PACKAGE  {} (not read)", escape(&e.folder))
                )
            );
        }
        let _ = writeln!(out, "  {}: {}", escape(&e.file), escape(&e.reason));
    }
    if !loose.is_empty() {
        out.push('\n');
    }
}

/// The report as text, one block per package, the entries in no package, and a
/// summary line.
pub fn text(report: &Report, color: bool) -> String {
    let paint = Paint { color };
    let mut out = String::new();
    for p in &report.packages {
        package(&mut out, p, &paint);
        out.push('\n');
    }
    loose(&mut out, &report.loose, &paint);
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
        // The control character read by OCR is shown escaped and does not break the line.
        assert!(out.contains("passport.png p.1 \"MUELLER\\x01\" (confidence 92)"));
        assert!(out.contains("REVIEW  unsure  [no service]"));
        let mut r = fixtures::report();
        r.packages[1].findings[0].evidence[0].page = 0;
        assert!(text(&r, false).contains("          passport.png \"MUELLER\\x01\""));
        assert!(out.contains("3 packages checked as of 2026-12-01: 1 pass, 1 review, 1 fail"));
        // Entries in no package come after the packages, escaped, before the summary.
        let loose = out.find("NOT IN A PACKAGE  batch (not read)\n  stray\\x1b[2J.jpg: a document");
        let summary = out.find("3 packages checked").expect("summary");
        assert!(loose.is_some_and(|l| bad < l && l < summary), "{out}");
    }

    #[test]
    fn names_and_read_text_cannot_forge_lines_or_drive_the_terminal() {
        let mut r = fixtures::report();
        let forged = "x.jpg\nPASS  good  [c3_visa] batch/good\x1b[2J\u{202e}";
        r.packages[1].id = forged.into();
        r.packages[1].path = format!("batch/{forged}").into();
        let f = &mut r.packages[1].findings[0];
        f.message = format!("The file {forged} could not be read.");
        f.kind = Some(crate::model::KindId::declared(forged, &[], 0));
        f.evidence[0].file = forged.into();
        f.evidence[0].text = Some("line one\nline two\x1b]0;title\x07".into());
        r.packages[1].documents[0].file = forged.into();
        let out = text(&r, false);
        assert!(!out.contains('\x1b') && !out.contains('\u{202e}'), "{out}");
        // One package line per package, whatever the names say.
        let headers = out.lines().filter(|l| l.starts_with("PASS  ")).count();
        assert_eq!(headers, 1, "{out}");
        assert!(out.contains("x.jpg\\nPASS  good  [c3_visa] batch/good\\x1b[2J\\u{202e}"));
        assert!(
            out.contains("\"line one line two\\x1b]0;title\\x07\""),
            "{out}"
        );
        // Colour codes are dossier's own, never the input's.
        let coloured = text(&r, true);
        assert!(!coloured.contains("\x1b[2J") && !coloured.contains("\x1b]0;"));
    }

    #[test]
    fn colour_only_when_asked() {
        let out = text(&fixtures::report(), true);
        assert!(out.contains("\x1b[1m\x1b[31mFAIL\x1b[0m"));
        assert!(out.contains("\x1b[1m\x1b[32mPASS\x1b[0m"));
    }
}
