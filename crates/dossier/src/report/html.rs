//! The HTML report (`check --format html`): one self-contained page a clerk opens in a
//! browser. A batch summary, filters (status, code, service, a search over ids, paths and
//! names), then one card per package with its findings and each page of each document
//! drawn with the boxes of its fields and of the findings' evidence.
//!
//! Rendered with maud, which escapes every value by default; the only unescaped text is
//! the page's own stylesheet and script below. The page makes no network request: a
//! Content-Security-Policy allows nothing but inline style and script and `data:` images,
//! and nothing refers outside the file. Scans are embedded only when the caller passes
//! them (`--embed-scans`), downscaled; otherwise each page is a blank outline of the
//! page's size with the boxes on it. Boxes are in the coordinates of the page as stored
//! (see [`crate::model::PageText::stored_box`]), and each page's SVG has that size as its
//! view box, so a box lands where the value is printed at any display size.

use std::collections::BTreeMap;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::{PackageReport, PageSize, Report};
use crate::findings::{Severity, Status};
use crate::model::BBox;

/// Page images to embed, by (package path, file, page): a `data:` URI of a downscaled
/// image of the page as stored.
pub type Scans = BTreeMap<(String, String, u32), String>;

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// One box drawn on a page: a field's value or a finding's evidence.
struct Mark<'a> {
    bbox: BBox,
    class: &'static str,
    label: String,
    text: Option<&'a str>,
    confidence: Option<f32>,
}

/// The page with its filters and cards. `scans` holds the page images to embed (empty
/// without `--embed-scans`).
pub fn html(report: &Report, scans: &Scans) -> String {
    let s = &report.summary;
    let as_of = report.as_of.format("%Y-%m-%d").to_string();
    let mut services: Vec<&str> = report
        .packages
        .iter()
        .filter_map(|p| p.service.as_deref())
        .collect();
    services.sort_unstable();
    services.dedup();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            (head(&format!("dossier report as of {as_of}"), true))
            body {
                header {
                    h1 { "dossier: " (s.packages) " package" (plural(s.packages)) " checked as of " (as_of) }
                    p.counts {
                        span.pass { span #n-pass { (s.pass) } " pass" } " · "
                        span.review { span #n-review { (s.review) } " review" } " · "
                        span.fail { span #n-fail { (s.fail) } " fail" } " · "
                        span #n-errors { (s.errors) } " error" (plural(s.errors)) ", "
                        span #n-warnings { (s.warnings) } " warning" (plural(s.warnings))
                    }
                    @if !s.by_code.is_empty() {
                        table.codes {
                            thead { tr { th { "finding" } th { "count" } } }
                            tbody {
                                @for (code, n) in &s.by_code {
                                    tr { td { code { (code) } } td.n data-code=(code) { (n) } }
                                }
                            }
                        }
                    }
                    @if !services.is_empty() {
                        p.services { "Services: " (services.join(", ")) }
                    }
                    @if !report.loose.is_empty() {
                        details.loose {
                            summary { (report.loose.len()) " entr" (if report.loose.len() == 1 { "y" } else { "ies" }) " not in any package" }
                            ul { @for l in &report.loose { li { (l.folder) "/" (l.file) ": " (l.reason) } } }
                        }
                    }
                }
                nav.filters aria-label="Filters" {
                    label { "Status " select #f-status {
                        option value="" { "all" }
                        option value="fail" { "fail" }
                        option value="review" { "review" }
                        option value="pass" { "pass" }
                        option value="not-pass" { "fail or review" }
                    } }
                    label { "Finding " select #f-code {
                        option value="" { "any" }
                        @for code in s.by_code.keys() { option value=(code) { (code) } }
                    } }
                    label { "Service " select #f-service {
                        option value="" { "any" }
                        @for id in &services { option value=(id) { (id) } }
                    } }
                    label { "Search " input #f-search type="search" placeholder="name, package or path"; }
                    span.shown { output #shown { (report.packages.len()) } " shown" }
                    span.keys { kbd { "j" } "/" kbd { "k" } " next/previous failing package" }
                }
                main {
                    @for (i, p) in report.packages.iter().enumerate() {
                        (card(i, p, scans))
                    }
                }
                dialog #large {
                    form method="dialog" { button.close aria-label="Close" { "×" } }
                    div #large-page {}
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    page.into_string()
}

/// The `<head>` of dossier's pages: the stylesheet inline, and a Content-Security-Policy
/// that allows no request at all (only inline style, and with `script` the page's own
/// script and `data:` images).
fn head(title: &str, script: bool) -> Markup {
    let csp = if script {
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
    } else {
        "default-src 'none'; style-src 'unsafe-inline'"
    };
    html! {
        head {
            meta charset="utf-8";
            meta http-equiv="Content-Security-Policy" content=(csp);
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="referrer" content="no-referrer";
            title { (title) }
            style { (PreEscaped(STYLE)) }
        }
    }
}

/// `dossier diff --format html`: the changed packages and what expires, on one page in
/// the report page's style (no script: there is nothing to filter).
pub fn diff_html(d: &super::Diff) -> String {
    let status = |s: Option<Status>| s.map_or("-", Status::name);
    let s = &d.summary;
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            (head(&format!("dossier: changes from {} to {}", d.before_as_of, d.after_as_of), false))
            body {
                header {
                    h1 { "Changes from " (d.before_as_of) " to " (d.after_as_of) }
                    p.counts {
                        span.fail { span #n-worse { (s.worse) } " worse" } " · "
                        span.pass { span #n-better { (s.better) } " better" } " · "
                        span #n-added { (s.added) } " new · "
                        span #n-removed { (s.removed) } " gone · "
                        span #n-newly-failing { (s.newly_failing) } " newly failing · "
                        span #n-newly-passing { (s.newly_passing) } " newly passing · "
                        span #n-new-findings { (s.new_findings) } " new finding" (plural(s.new_findings as usize)) ", "
                        span #n-resolved { (s.resolved_findings) } " resolved"
                    }
                }
                main {
                    @for p in &d.packages {
                        article.card data-change=(p.change.word()) {
                            h2 {
                                span class=(format!("badge {}", status(p.after))) { (p.change.word()) }
                                " " span.id { (p.id) }
                                " " span.service { (status(p.before)) " → " (status(p.after)) }
                                " " span.path { (p.path) }
                            }
                            ul.findings {
                                @for f in &p.new_findings {
                                    li class=(severity_class(f.severity)) {
                                        "new " span.sev { (f.severity.name()) } " " code { (f.code) } ": " (f.message)
                                    }
                                }
                                @for f in &p.resolved_findings {
                                    li { "resolved " code { (f.code) } ": " (f.message) }
                                }
                            }
                        }
                    }
                    @if let Some(days) = d.expiring_within {
                        h2 { "Expiring within " (days) " days" }
                        @if d.expiring.is_empty() { p { "Nothing." } }
                        @else {
                            table.codes {
                                thead { tr { th { "on" } th { "days" } th { "package" } th { "document" } th { "what" } } }
                                tbody {
                                    @for e in &d.expiring {
                                        tr { td { (e.on) } td.n { (e.days) } td { (e.id) } td { (e.kind) " " (e.file) } td { code { (e.what) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page.into_string()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn status_name(s: Status) -> &'static str {
    s.name()
}

/// Lower-case words a clerk may search a package by: its id, path and the names read.
fn search_text(p: &PackageReport) -> String {
    let mut words = vec![p.id.clone(), super::json::slashed(&p.path)];
    for d in &p.documents {
        for (name, f) in &d.fields {
            if name.contains("name") {
                words.push(f.value.clone());
            }
        }
    }
    words.join(" ").to_lowercase()
}

fn card(i: usize, p: &PackageReport, scans: &Scans) -> Markup {
    let codes: Vec<&str> = p.findings.iter().map(|f| f.code.as_str()).collect();
    let path = super::json::slashed(&p.path);
    html! {
        article.card id=(format!("pkg-{i}"))
            data-status=(status_name(p.status))
            data-service=(p.service.as_deref().unwrap_or(""))
            data-codes=(format!(" {} ", codes.join(" ")))
            data-search=(search_text(p))
            tabindex="-1"
        {
            h2 {
                span class=(format!("badge {}", status_name(p.status))) { (status_name(p.status).to_uppercase()) }
                " " span.id { (p.id) }
                " " span.service { "[" (p.service.as_deref().unwrap_or("no service")) "]" }
                " " span.path { (path) }
            }
            @if !p.findings.is_empty() {
                ul.findings {
                    @for f in &p.findings {
                        li class=(severity_class(f.severity)) {
                            span.sev { (f.severity.name()) } " "
                            code { (f.code.as_str()) }
                            @if let Some(k) = &f.kind { " [" (k) "]" }
                            ": " (f.message)
                            @if !f.evidence.is_empty() {
                                ul.evidence { @for e in &f.evidence { li { (super::text::evidence_line(e)) } } }
                            }
                        }
                    }
                }
            }
            div.docs {
                @for d in &p.documents {
                    @for &page in &d.pages {
                        (page_figure(p, &path, d, page, scans))
                    }
                }
            }
        }
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// One page of one document: its image or outline with the boxes, and what was read.
fn page_figure(
    p: &PackageReport,
    path: &str,
    d: &crate::model::Document,
    page: u32,
    scans: &Scans,
) -> Markup {
    let (width, height) = p
        .pages
        .iter()
        .find(|s| s.file == d.file && s.page == page)
        .map_or((0, 0), |s: &PageSize| (s.width, s.height));
    let mut marks: Vec<Mark<'_>> = Vec::new();
    for (name, f) in &d.fields {
        if f.source.file == d.file && f.source.page == page {
            if let Some(b) = f.source.bbox {
                marks.push(Mark {
                    bbox: b,
                    class: "field",
                    label: format!("{name}: {}", f.value),
                    text: f.source.text.as_deref(),
                    confidence: f.source.confidence,
                });
            }
        }
    }
    for f in &p.findings {
        for e in f
            .evidence
            .iter()
            .filter(|e| e.file == d.file && e.page == page)
        {
            if let Some(b) = e.bbox {
                marks.push(Mark {
                    bbox: b,
                    class: if f.severity == Severity::Error {
                        "ev error"
                    } else {
                        "ev warning"
                    },
                    label: f.code.as_str().to_string(),
                    text: e.text.as_deref(),
                    confidence: e.confidence,
                });
            }
        }
    }
    let scan = scans.get(&(path.to_string(), d.file.clone(), page));
    let (w, h) = (width.max(1), height.max(1));
    html! {
        figure.page-fig {
            @if width == 0 {
                div.textlayer { "text layer: no image" }
            } @else {
                button.thumb type="button" aria-label=(format!("Show {} page {page} large", d.file))
                    data-w=(w) data-h=(h)
                {
                    div.page style=(format!("aspect-ratio: {w} / {h}")) {
                        @if let Some(uri) = scan {
                            img loading="lazy" decoding="async" alt=(format!("{} page {page}", d.file)) src=(uri);
                        }
                        svg viewBox=(format!("0 0 {w} {h}")) preserveAspectRatio="none" {
                            @for m in &marks {
                                rect class=(m.class) x=(m.bbox.x) y=(m.bbox.y) width=(m.bbox.w) height=(m.bbox.h) {
                                    title { (m.label) }
                                }
                            }
                        }
                    }
                }
            }
            figcaption {
                strong { (d.kind) } " " (d.file) " p." (page)
                @if !marks.is_empty() {
                    dl {
                        @for m in &marks {
                            dt class=(m.class) { (m.label) }
                            dd {
                                @if let Some(t) = m.text { "read \"" (t.trim()) "\"" }
                                @if let Some(c) = m.confidence { " (confidence " (format!("{c:.0}")) ")" }
                            }
                        }
                    }
                }
            }
        }
    }
}
