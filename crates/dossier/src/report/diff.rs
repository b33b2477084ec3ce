//! `dossier diff`: what changed between two JSON reports of the same batch, last night's
//! and today's. Packages are matched by path; a finding is the same one in both when it
//! has the same code, document kind and places (file and page of each piece of evidence),
//! whatever its message says, so a value read a little differently does not count as a
//! resolved finding and a new one.
//!
//! The look-ahead (`--expiring-within DAYS`) reads today's report only: each document's
//! `date_of_expiry` that falls within the window, and each `expiring_soon` finding
//! (written by `check --warn-expiring`) due within it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::json::{FindingJson, PackageJson, ReportJson};
use crate::findings::Status;

/// How a package changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Its status is worse than before (pass → review → fail).
    Worse,
    /// Only in today's report.
    Added,
    /// Same status, but findings came or went.
    Findings,
    /// Its status is better than before.
    Better,
    /// Only in yesterday's report.
    Removed,
}

impl Change {
    /// The word reports print for it.
    pub fn word(self) -> &'static str {
        match self {
            Change::Worse => "worse",
            Change::Better => "better",
            Change::Added => "new",
            Change::Removed => "gone",
            Change::Findings => "changed",
        }
    }
}

/// One package that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageChange {
    pub path: String,
    pub id: String,
    pub change: Change,
    pub before: Option<Status>,
    pub after: Option<Status>,
    pub new_findings: Vec<FindingJson>,
    pub resolved_findings: Vec<FindingJson>,
}

/// A document that expires, or a rule it fails, within the look-ahead window.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Expiring {
    /// The day it expires or the problem holds.
    pub on: String,
    pub days: i64,
    pub path: String,
    pub id: String,
    pub file: String,
    pub kind: String,
    /// `date_of_expiry`, or the code `check` will report (from `expiring_soon`).
    pub what: String,
}

/// Counts of the changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DiffSummary {
    pub newly_failing: u32,
    pub newly_passing: u32,
    pub worse: u32,
    pub better: u32,
    pub added: u32,
    pub removed: u32,
    pub new_findings: u32,
    pub resolved_findings: u32,
    pub expiring: u32,
}

/// The difference between two reports, as `dossier diff --format json` writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub before_as_of: String,
    pub after_as_of: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiring_within: Option<u32>,
    /// Changed packages only, worst change first, then by path.
    pub packages: Vec<PackageChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expiring: Vec<Expiring>,
    pub summary: DiffSummary,
}

impl Diff {
    /// True when something got worse: a package's status, a new package that does not
    /// pass, or a new error or warning in a package that was there before. `diff` exits 1
    /// then.
    pub fn got_worse(&self) -> bool {
        self.packages.iter().any(|p| match p.change {
            Change::Worse => true,
            Change::Added => p.after != Some(Status::Pass),
            Change::Findings | Change::Better => !p.new_findings.is_empty(),
            Change::Removed => false,
        })
    }

    /// As pretty-printed JSON ending in a newline.
    pub fn render_json(&self) -> String {
        super::json::pretty(self)
    }
}

/// A finding's identity across two reports (see the module documentation).
fn identity(f: &FindingJson) -> (String, Option<String>, Vec<(String, u32)>) {
    let places = f
        .evidence
        .iter()
        .map(|e| (e.file.clone(), e.page))
        .collect();
    (f.code.clone(), f.kind.clone(), places)
}

/// `after`'s findings that `before` does not have, counted as multisets (two equal
/// findings before and three after make one new).
fn added(before: &[FindingJson], after: &[FindingJson]) -> Vec<FindingJson> {
    let mut left: BTreeMap<_, usize> = BTreeMap::new();
    for f in before {
        *left.entry(identity(f)).or_default() += 1;
    }
    after
        .iter()
        .filter(|f| match left.get_mut(&identity(f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

/// Compares yesterday's report with today's; with `expiring_within`, also lists what
/// expires within that many days of today's check date.
pub fn diff(before: &ReportJson, after: &ReportJson, expiring_within: Option<u32>) -> Diff {
    let old: BTreeMap<&str, &PackageJson> = before
        .packages
        .iter()
        .map(|p| (p.path.as_str(), p))
        .collect();
    let new: BTreeMap<&str, &PackageJson> = after
        .packages
        .iter()
        .map(|p| (p.path.as_str(), p))
        .collect();
    let mut packages = Vec::new();
    let mut summary = DiffSummary::default();
    for (path, p) in &new {
        let (change, before_status, new_findings, resolved) = match old.get(path) {
            None => (Change::Added, None, p.findings.clone(), Vec::new()),
            Some(o) => {
                let new_findings = added(&o.findings, &p.findings);
                let resolved = added(&p.findings, &o.findings);
                let change = match p.status.cmp(&o.status) {
                    std::cmp::Ordering::Greater => Change::Worse,
                    std::cmp::Ordering::Less => Change::Better,
                    std::cmp::Ordering::Equal if new_findings.is_empty() && resolved.is_empty() => {
                        continue
                    }
                    std::cmp::Ordering::Equal => Change::Findings,
                };
                (change, Some(o.status), new_findings, resolved)
            }
        };
        if p.status == Status::Fail && before_status != Some(Status::Fail) {
            summary.newly_failing += 1;
        }
        if p.status == Status::Pass && before_status.is_some_and(|s| s != Status::Pass) {
            summary.newly_passing += 1;
        }
        packages.push(PackageChange {
            path: path.to_string(),
            id: p.id.clone(),
            change,
            before: before_status,
            after: Some(p.status),
            new_findings,
            resolved_findings: resolved,
        });
    }
    for (path, o) in &old {
        if !new.contains_key(path) {
            packages.push(PackageChange {
                path: path.to_string(),
                id: o.id.clone(),
                change: Change::Removed,
                before: Some(o.status),
                after: None,
                new_findings: Vec::new(),
                resolved_findings: Vec::new(),
            });
        }
    }
    packages.sort_by(|a, b| (a.change, &a.path).cmp(&(b.change, &b.path)));
    for p in &packages {
        match p.change {
            Change::Worse => summary.worse += 1,
            Change::Better => summary.better += 1,
            Change::Added => summary.added += 1,
            Change::Removed => summary.removed += 1,
            Change::Findings => {}
        }
        summary.new_findings += p.new_findings.len() as u32;
        summary.resolved_findings += p.resolved_findings.len() as u32;
    }
    let expiring = expiring_within
        .map(|days| expiring(after, days))
        .unwrap_or_default();
    summary.expiring = expiring.len() as u32;
    Diff {
        before_as_of: before.as_of.clone(),
        after_as_of: after.as_of.clone(),
        expiring_within,
        packages,
        expiring,
        summary,
    }
}

/// What expires, or turns stale, within `days` after the report's check date.
fn expiring(report: &ReportJson, days: u32) -> Vec<Expiring> {
    let Ok(as_of) = NaiveDate::parse_from_str(&report.as_of, "%Y-%m-%d") else {
        return Vec::new();
    };
    let within = |on: &str| {
        NaiveDate::parse_from_str(on, "%Y-%m-%d")
            .ok()
            .map(|d| (d - as_of).num_days())
            .filter(|n| (0..=i64::from(days)).contains(n))
    };
    let mut out = Vec::new();
    for p in &report.packages {
        for d in &p.documents {
            let Some(expiry) = d.fields.get("date_of_expiry") else {
                continue;
            };
            if let Some(n) = within(&expiry.value) {
                out.push(Expiring {
                    on: expiry.value.clone(),
                    days: n,
                    path: p.path.clone(),
                    id: p.id.clone(),
                    file: d.file.clone(),
                    kind: d.kind.clone(),
                    what: "date_of_expiry".to_string(),
                });
            }
        }
        for f in p.findings.iter().filter(|f| f.code == "expiring_soon") {
            let Some((due, n)) = f.due.as_ref().and_then(|d| Some((d, within(&d.on)?))) else {
                continue;
            };
            out.push(Expiring {
                on: due.on.clone(),
                days: n,
                path: p.path.clone(),
                id: p.id.clone(),
                file: f
                    .evidence
                    .first()
                    .map(|e| e.file.clone())
                    .unwrap_or_default(),
                kind: f.kind.clone().unwrap_or_default(),
                what: due.code.clone(),
            });
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The difference as text for a person: one block per changed package, then what
/// expires, then the counts.
pub fn diff_text(d: &Diff) -> String {
    use crate::display::escape;
    use std::fmt::Write as _;
    let status = |s: Option<Status>| s.map(|s| s.name()).unwrap_or("-");
    let mut out = String::new();
    for p in &d.packages {
        let what = p.change.word();
        let _ = writeln!(
            out,
            "{what:<8} {}  {} -> {}  {}",
            escape(&p.id),
            status(p.before),
            status(p.after),
            escape(&p.path)
        );
        for (sign, findings) in [("+", &p.new_findings), ("-", &p.resolved_findings)] {
            for f in findings {
                let severity = f.severity.name();
                let _ = writeln!(
                    out,
                    "  {sign} {severity:<7} {}: {}",
                    escape(&f.code),
                    escape(&f.message)
                );
            }
        }
    }
    if let Some(days) = d.expiring_within {
        if d.expiring.is_empty() {
            let _ = writeln!(out, "Nothing expires within {days} days.");
        } else {
            let _ = writeln!(out, "Expiring within {days} days:");
            for e in &d.expiring {
                let when = match e.days {
                    0 => "today".to_string(),
                    1 => "in 1 day".to_string(),
                    n => format!("in {n} days"),
                };
                let _ = writeln!(
                    out,
                    "  {} ({when})  {}  {} {}: {}",
                    e.on,
                    escape(&e.id),
                    escape(&e.kind),
                    escape(&e.file),
                    escape(&e.what)
                );
            }
        }
    }
    let s = &d.summary;
    let _ = writeln!(
        out,
        "From {} to {}: {} worse, {} better, {} new, {} gone; {} newly failing, {} newly \
         passing; {} new finding{}, {} resolved.",
        d.before_as_of,
        d.after_as_of,
        s.worse,
        s.better,
        s.added,
        s.removed,
        s.newly_failing,
        s.newly_passing,
        s.new_findings,
        if s.new_findings == 1 { "" } else { "s" },
        s.resolved_findings
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn report() -> ReportJson {
        ReportJson::from(&fixtures::report())
    }

    #[test]
    fn a_report_against_itself_has_no_change() {
        let d = diff(&report(), &report(), None);
        assert!(d.packages.is_empty());
        assert_eq!(d.summary, DiffSummary::default());
        assert!(!d.got_worse());
    }

    #[test]
    fn a_new_finding_makes_a_package_worse_and_its_removal_better() {
        let before = report();
        let mut after = report();
        // The first package passes in the fixture report; give it an error.
        assert_eq!(after.packages[0].status, Status::Pass);
        let mut f = before.packages[1].findings[0].clone();
        f.evidence[0].file = "new.pdf".into();
        after.packages[0].findings.push(f);
        after.packages[0].status = Status::Fail;
        let d = diff(&before, &after, None);
        assert_eq!(d.packages.len(), 1);
        let p = &d.packages[0];
        assert_eq!(p.change, Change::Worse);
        assert_eq!(
            (p.before, p.after),
            (Some(Status::Pass), Some(Status::Fail))
        );
        assert_eq!(p.new_findings.len(), 1);
        assert_eq!(d.summary.newly_failing, 1);
        assert!(d.got_worse());
        let back = diff(&after, &before, None);
        assert_eq!(back.packages[0].change, Change::Better);
        assert_eq!(back.packages[0].resolved_findings.len(), 1);
        assert_eq!(back.summary.newly_passing, 1);
        assert!(!back.got_worse());
        assert!(diff_text(&d).contains("worse"));
    }

    #[test]
    fn a_finding_with_another_message_is_the_same_finding() {
        let before = report();
        let mut after = report();
        after.packages[1].findings[0].message = "read a little differently".into();
        assert!(diff(&before, &after, None).packages.is_empty());
    }

    #[test]
    fn packages_come_and_go_by_path() {
        let before = report();
        let mut after = report();
        let gone = after.packages.remove(0);
        let mut moved = gone.clone();
        moved.path = "elsewhere/pkg".into();
        after.packages.push(moved);
        let d = diff(&before, &after, None);
        let changes: Vec<Change> = d.packages.iter().map(|p| p.change).collect();
        assert_eq!(changes, [Change::Added, Change::Removed]);
        // The new one passes, so nothing got worse.
        assert!(!d.got_worse());
    }

    #[test]
    fn expiring_lists_expiry_dates_and_due_warnings_inside_the_window() {
        let mut r = report();
        // The fixture report's as-of is 2026-12-01.
        let doc = &mut r.packages[0].documents[0];
        let mut field = doc.fields.values().next().expect("a field").clone();
        field.value = "2026-12-31".into();
        doc.fields.insert("date_of_expiry".into(), field);
        let mut soon = r.packages[1].findings[0].clone();
        soon.code = "expiring_soon".into();
        soon.message = "Valid on the check date, but from 2027-01-01 (31 days after the \
                        check date) dossier would report certificate_outdated: ..."
            .into();
        soon.due = Some(crate::report::json::DueJson {
            on: "2027-01-01".into(),
            code: "certificate_outdated".into(),
        });
        r.packages[1].findings.push(soon);
        let d = diff(&r, &r, Some(30));
        let whats: Vec<(&str, i64, &str)> = d
            .expiring
            .iter()
            .map(|e| (e.on.as_str(), e.days, e.what.as_str()))
            .collect();
        assert_eq!(whats, [("2026-12-31", 30, "date_of_expiry")]);
        let d = diff(&r, &r, Some(31));
        let whats: Vec<&str> = d.expiring.iter().map(|e| e.what.as_str()).collect();
        assert_eq!(whats, ["date_of_expiry", "certificate_outdated"]);
        assert_eq!(d.summary.expiring, 2);
        assert!(diff_text(&d).contains("Expiring within 31 days"));
    }
}
