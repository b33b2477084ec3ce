//! Making untrusted text safe to show: file names and text read from files or
//! manifests go into terminals, XML and (later) HTML, so control characters, bidi
//! overrides and invisible characters are escaped, names that are not UTF-8 are shown
//! byte for byte, and long values are capped.
//!
//! - [`name`] turns a file name (an `OsStr`) into the form dossier shows and keys files
//!   by (`InputFile::rel`): lossless and one-to-one, so two different files never look
//!   alike. The file itself is always opened by its real path.
//! - [`escape`] makes any text one safe line; it leaves text [`name`] produced alone.
//! - [`cap`] shortens a long value to [`CAP`] characters, saying how much was left out.
//!   Reports apply it once, when a finding enters the report (see
//!   `report::PackageReport::new`), so every renderer gets capped values.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::Path;

/// Most characters of one echoed value (a manifest value, a text read from a page,
/// a piece of evidence) a report shows.
pub const CAP: usize = 200;

/// Most characters of one finding message a report shows. Messages cap the values they
/// echo themselves (so their advice survives); this bounds the rest.
pub const MESSAGE_CAP: usize = 2000;

/// True for characters that must never reach a terminal or a page raw: C0 and C1
/// controls and DEL, bidi embeddings, overrides and isolates, zero-width and other
/// invisible format characters, line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `s` with every unsafe character (see [`is_unsafe`]) written as an escape: `\n`,
/// `\t`, `\x1b`, `\u{202e}`. Borrowed when nothing needed escaping. The result is one
/// line. Backslashes are left as they are, so text [`name`] produced is unchanged.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The shown form of a file name or path: UTF-8 text as it is, except that a
/// backslash becomes `\\`, unsafe characters are escaped as by [`escape`], and bytes
/// that are not UTF-8 become `\xNN`. One-to-one: two different names never give the
/// same text (`scan_\xff.jpg` and `scan_\xfe.jpg` stay apart, and neither looks like a
/// file really named `scan_\xff.jpg`, which shows as `scan_\\xff.jpg`).
pub fn name(os: &OsStr) -> String {
    let bytes = os.as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else if is_unsafe(c) {
                push_escaped(&mut out, c);
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

/// [`name`] of a whole path.
pub fn path(p: &Path) -> String {
    name(p.as_os_str())
}

/// `s` cut to `max` characters, followed by "… (N more characters)" when it was longer.
pub fn cap(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((at, _)) => {
            let rest = s[at..].chars().count();
            Cow::Owned(format!(
                "{}… ({} more character{})",
                &s[..at],
                group_thousands(rest as u64),
                if rest == 1 { "" } else { "s" }
            ))
        }
    }
}

/// A value echoed into a message: escaped and capped at [`CAP`].
pub fn value(s: &str) -> String {
    cap(&escape(s), CAP).into_owned()
}

/// `79 995` style numbers for messages.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newline_and_esc_are_escaped_to_one_line() {
        let forged = "x.jpg\nPACKAGE good: PASS\x1b[2J";
        let e = escape(forged);
        assert_eq!(e, "x.jpg\\nPACKAGE good: PASS\\x1b[2J");
        assert!(!e.contains('\n') && !e.contains('\x1b'));
        assert_eq!(escape("\t\r\x7f\u{85}"), "\\t\\r\\x7f\\u{85}");
    }

    #[test]
    fn bidi_and_invisible_characters_are_escaped() {
        assert_eq!(escape("invoice\u{202E}gpj.exe"), "invoice\\u{202e}gpj.exe");
        assert_eq!(
            escape("a\u{200B}b\u{2066}c\u{FEFF}"),
            "a\\u{200b}b\\u{2066}c\\u{feff}"
        );
    }

    #[test]
    fn ordinary_text_is_borrowed_untouched() {
        for s in [
            "МЮЛЛЕР Анна",
            "passport (1).pdf",
            "a\\b",
            "Müller–Łódź 東京",
        ] {
            assert!(matches!(escape(s), Cow::Borrowed(_)), "{s}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_are_shown_byte_for_byte_and_stay_distinct() {
        use std::os::unix::ffi::OsStrExt;
        let a = name(OsStr::from_bytes(b"scan_\xff.jpg"));
        let b = name(OsStr::from_bytes(b"scan_\xfe.jpg"));
        let literal = name(OsStr::new("scan_\\xff.jpg"));
        assert_eq!(a, "scan_\\xff.jpg");
        assert_eq!(b, "scan_\\xfe.jpg");
        assert_eq!(literal, "scan_\\\\xff.jpg");
        assert!(a != b && a != literal);
        // A name is already safe: escaping it again changes nothing.
        assert_eq!(escape(&a), a);
        let ctl = name(OsStr::from_bytes(b"a\nb\x1b\xc3"));
        assert_eq!(ctl, "a\\nb\\x1b\\xc3");
        assert_eq!(escape(&ctl), ctl);
    }

    #[test]
    fn names_are_one_to_one_over_tricky_inputs() {
        let inputs = [
            "a\nb",
            "a\\nb",
            "a\\\\nb",
            "a\u{202e}",
            "a\\u{202e}",
            "é",
            "e\u{301}",
        ];
        let shown: std::collections::HashSet<String> =
            inputs.iter().map(|s| name(OsStr::new(s))).collect();
        assert_eq!(shown.len(), inputs.len());
    }

    #[test]
    fn cap_says_how_much_was_left_out() {
        assert_eq!(cap("short", 200), "short");
        let long = "Я".repeat(10_000);
        let c = cap(&long, 200);
        assert!(c.starts_with(&"Я".repeat(200)));
        assert!(c.ends_with("… (9 800 more characters)"), "{c}");
        assert_eq!(cap("abcd", 3), "abc… (1 more character)");
        assert_eq!(cap("abc", 3), "abc");
    }

    #[test]
    fn value_escapes_then_caps() {
        let v = value(&format!("\x1b{}", "A".repeat(1000)));
        assert!(v.starts_with("\\x1bAAA"));
        assert!(v.chars().count() < 240);
    }
}
