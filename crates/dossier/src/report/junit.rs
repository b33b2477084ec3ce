//! The JUnit XML report for CI gates: one `<testcase>` per package; a `<failure>` for
//! `fail`, a `<skipped>` note for `review` (a person must look, so the gate neither
//! passes silently nor breaks the build), nothing for `pass`.

use std::fmt::Write as _;

use super::Report;
use crate::display::{self, escape};
use crate::findings::{Finding, Status};

/// Escapes text for XML 1.0 content and attribute values: the five markup characters,
/// and characters XML 1.0 cannot hold at all (most C0 controls, U+FFFE, U+FFFF), which
/// become U+FFFD. Tab, line feed and carriage return are written as character
/// references so attribute values keep them.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// One line per finding, for the body of `<failure>` / `<skipped>`.
fn finding_lines(findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        let kind = f
            .kind
            .as_deref()
            .map(|k| format!(" [{}]", escape(k)))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{} {}{}: {}",
            f.severity.name(),
            escape(f.code.as_str()),
            kind,
            escape(&f.message)
        );
        for e in &f.evidence {
            let _ = writeln!(s, "    at {} page {}", escape(&e.file), e.page);
        }
    }
    s
}

fn codes(findings: &[Finding]) -> String {
    let mut codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    codes.join(", ")
}

/// The report as a JUnit XML document.
pub fn junit(report: &Report) -> String {
    let s = &report.summary;
    let suite = format!("dossier check as of {}", report.as_of.format("%Y-%m-%d"));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"dossier\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" errors=\"0\">",
        s.packages, s.fail, s.review
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" errors=\"0\">",
        xml_escape(&suite),
        s.packages,
        s.fail,
        s.review
    );
    for p in &report.packages {
        let classname = format!(
            "dossier.{}",
            escape(p.service.as_deref().unwrap_or("no_service"))
        );
        let open = format!(
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
            xml_escape(&classname),
            xml_escape(&escape(&p.id)),
            xml_escape(&display::path(&p.path))
        );
        let body = xml_escape(&finding_lines(&p.findings));
        match p.status {
            Status::Pass => {
                let _ = writeln!(out, "{open}/>");
            }
            Status::Fail | Status::Review => {
                let (tag, extra) = if p.status == Status::Fail {
                    ("failure", " type=\"fail\"")
                } else {
                    ("skipped", "")
                };
                let message = format!("{}: {}", p.status.name(), codes(&p.findings));
                let _ = writeln!(out, "{open}>");
                let _ = writeln!(
                    out,
                    "      <{tag} message=\"{}\"{extra}>{body}</{tag}>",
                    xml_escape(&message)
                );
                let _ = writeln!(out, "    </testcase>");
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn escapes_markup_and_illegal_characters() {
        assert_eq!(
            xml_escape("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(xml_escape("x\u{1}y\u{FFFF}"), "x\u{FFFD}y\u{FFFD}");
        assert_eq!(xml_escape("a\tb\nc\r"), "a&#9;b&#10;c&#13;");
        assert_eq!(xml_escape("МЮЛЛЕР"), "МЮЛЛЕР");
        // Already-escaped text is escaped again, not passed through.
        assert_eq!(xml_escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn one_testcase_per_package_with_failure_and_skipped() {
        let out = junit(&fixtures::report());
        assert_eq!(out.matches("<testcase ").count(), 3);
        assert!(out.contains(
            "<testsuites name=\"dossier\" tests=\"3\" failures=\"1\" skipped=\"1\" errors=\"0\">"
        ));
        assert!(out.contains("name=\"good\" file=\"batch/good\"/>"));
        assert!(out.contains("name=\"bad &lt;&amp;&gt; &quot;pkg&quot;\""));
        assert!(
            out.contains("<failure message=\"fail: low_confidence, name_mismatch\" type=\"fail\">")
        );
        assert!(out.contains("<skipped message=\"review: low_confidence\">"));
        assert!(out.contains("(МЮЛЛЕР) is not the passport&apos;s (MUELLER) &amp; &lt;x&gt;."));
        // Well-formed enough that every element closes.
        assert_eq!(
            out.matches("<testcase ").count(),
            out.matches("/>").count() + out.matches("</testcase>").count()
        );
        assert!(!out.contains('\u{1}'));
    }

    #[test]
    fn names_and_messages_are_escaped_before_xml() {
        let mut r = fixtures::report();
        r.packages[1].id = "a\x1b[2J\u{202e}b".into();
        r.packages[1].findings[0].message = "bad\nPASS\u{85}".into();
        let out = junit(&r);
        assert!(out.contains("name=\"a\\x1b[2J\\u{202e}b\""), "{out}");
        assert!(out.contains("bad\\nPASS\\u{85}"), "{out}");
        assert!(!out.contains('\u{202e}') && !out.contains('\u{85}') && !out.contains('\u{FFFD}'));
    }
}
