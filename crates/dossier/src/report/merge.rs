//! `dossier merge`: the reports of the shards of one batch (`check --shard K/N`) put
//! back together into the report one run over the whole batch gives, byte for byte.

use super::json::{PackageJson, ReportJson, SummaryJson};

/// Why reports cannot be merged. Each names the report (as the caller labelled it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("nothing to merge: give the reports of the shards")]
    Nothing,
    #[error("{0} was checked as of {1} and {2} as of {3}: merge reports of one run")]
    AsOf(String, String, String, String),
    #[error("{0} is the report of shard {1} and {2} is not a shard's report: merge either the shards of one run or whole reports")]
    Mixed(String, String, String),
    #[error("{0} and {1} are shards of different runs (other paths or another number of shards)")]
    OtherRun(String, String),
    #[error("{0} and {1} are both shard {2}")]
    SameShard(String, String, String),
    #[error("shard {0} is missing: give the reports of all {1} shards")]
    MissingShard(u32, u32),
    #[error("package {0} is in both {1} and {2}")]
    Twice(String, String, String),
}

/// Merges `parts`, each labelled (by its file name) for the error messages.
///
/// Shards of one run come back in the order a single run lists the packages: the paths
/// in the order the run was given them, and within each, by folder name. Whole reports
/// (without a `shard`) are concatenated in the order given. Entries outside any package
/// are listed once. The summary is counted again.
pub fn merge(parts: Vec<(String, ReportJson)>) -> Result<ReportJson, MergeError> {
    let Some((first_name, first)) = parts.first() else {
        return Err(MergeError::Nothing);
    };
    for (name, part) in &parts[1..] {
        if part.as_of != first.as_of {
            return Err(MergeError::AsOf(
                first_name.clone(),
                first.as_of.clone(),
                name.clone(),
                part.as_of.clone(),
            ));
        }
    }
    let sharded = check_shards(&parts)?;
    let as_of = first.as_of.clone();
    let mut packages: Vec<(String, PackageJson)> = Vec::new();
    let mut loose = Vec::new();
    for (name, part) in parts {
        for entry in part.not_in_a_package {
            if !loose.contains(&entry) {
                loose.push(entry);
            }
        }
        for p in part.packages {
            if let Some((other, _)) = packages.iter().find(|(_, q)| q.path == p.path) {
                return Err(MergeError::Twice(p.path, other.clone(), name));
            }
            packages.push((name.clone(), p));
        }
    }
    let mut packages: Vec<PackageJson> = packages.into_iter().map(|(_, p)| p).collect();
    if let Some(roots) = sharded {
        // Stable: packages of one root keep their order when their ids tie.
        packages.sort_by_cached_key(|p| (root_rank(&p.path, &roots), p.id.clone()));
    }
    let summary = SummaryJson::of(&packages);
    Ok(ReportJson {
        as_of,
        shard: None,
        packages,
        not_in_a_package: loose,
        summary,
    })
}

/// For shards: checks they are the complete set of one run and returns its roots. For
/// whole reports: `None`.
fn check_shards(parts: &[(String, ReportJson)]) -> Result<Option<Vec<String>>, MergeError> {
    let (first_name, first) = &parts[0];
    let Some(shard) = &first.shard else {
        if let Some((name, part)) = parts.iter().find(|(_, p)| p.shard.is_some()) {
            let index = part.shard.as_ref().map_or(0, |s| s.index);
            return Err(MergeError::Mixed(
                name.clone(),
                index.to_string(),
                first_name.clone(),
            ));
        }
        return Ok(None);
    };
    let mut seen: Vec<Option<&str>> = vec![None; shard.count as usize];
    for (name, part) in parts {
        let Some(s) = &part.shard else {
            return Err(MergeError::Mixed(
                first_name.clone(),
                format!("{}/{}", shard.index, shard.count),
                name.clone(),
            ));
        };
        if s.count != shard.count || s.roots != shard.roots {
            return Err(MergeError::OtherRun(first_name.clone(), name.clone()));
        }
        let slot = s
            .index
            .checked_sub(1)
            .and_then(|i| seen.get_mut(i as usize));
        match slot {
            Some(Some(other)) => {
                return Err(MergeError::SameShard(
                    other.to_string(),
                    name.clone(),
                    format!("{}/{}", s.index, s.count),
                ))
            }
            Some(slot) => *slot = Some(name),
            None => return Err(MergeError::OtherRun(first_name.clone(), name.clone())),
        }
    }
    if let Some(missing) = seen.iter().position(Option::is_none) {
        return Err(MergeError::MissingShard(missing as u32 + 1, shard.count));
    }
    Ok(Some(shard.roots.clone()))
}

/// The place of the path a package came from among the run's `roots`: the root that is
/// the package itself or the batch folder holding it. Unknown paths go last.
fn root_rank(package_path: &str, roots: &[String]) -> usize {
    let parent = package_path.rsplit_once('/').map_or(".", |(p, _)| p);
    let same = |root: &str, path: &str| {
        let root = root.trim_end_matches('/');
        root == path || (root.is_empty() && path == "/")
    };
    roots
        .iter()
        .position(|r| same(r, package_path))
        .or_else(|| roots.iter().position(|r| same(r, parent)))
        .unwrap_or(roots.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Severity, Status};
    use crate::report::json::{FindingJson, ShardJson};

    fn package(path: &str, status: Status, codes: &[&str]) -> PackageJson {
        PackageJson {
            id: path.rsplit('/').next().unwrap_or(path).to_string(),
            path: path.to_string(),
            service: Some("c3_visa".into()),
            status,
            documents: Vec::new(),
            findings: codes
                .iter()
                .map(|c| FindingJson {
                    due: None,
                    code: c.to_string(),
                    severity: Severity::Error,
                    kind: None,
                    message: format!("{c} happened"),
                    evidence: Vec::new(),
                })
                .collect(),
            skipped: Vec::new(),
        }
    }

    fn report(shard: Option<(u32, u32)>, packages: Vec<PackageJson>) -> ReportJson {
        ReportJson {
            as_of: "2026-12-01".into(),
            shard: shard.map(|(index, count)| ShardJson {
                index,
                count,
                roots: vec!["b/".into(), "a".into(), "c/solo".into()],
            }),
            summary: SummaryJson::of(&packages),
            packages,
            not_in_a_package: Vec::new(),
        }
    }

    #[test]
    fn shards_come_back_in_root_then_name_order_with_the_summary_recounted() {
        let one = report(
            Some((1, 2)),
            vec![
                package("b/x", Status::Pass, &[]),
                package("a/m", Status::Fail, &["name_mismatch"]),
            ],
        );
        let two = report(
            Some((2, 2)),
            vec![
                package("b/k", Status::Fail, &["name_mismatch", "apostille_missing"]),
                package("a/z", Status::Pass, &[]),
                package("c/solo", Status::Pass, &[]),
            ],
        );
        let merged = merge(vec![("2.json".into(), two), ("1.json".into(), one)]).expect("merge");
        let paths: Vec<&str> = merged.packages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["b/k", "b/x", "a/m", "a/z", "c/solo"]);
        assert_eq!(merged.shard, None);
        assert_eq!(merged.summary.packages, 5);
        assert_eq!(merged.summary.fail, 2);
        assert_eq!(merged.summary.errors, 3);
        assert_eq!(merged.summary.by_code.get("name_mismatch"), Some(&2));
    }

    #[test]
    fn incomplete_or_foreign_sets_of_shards_are_refused_by_name() {
        let a = || report(Some((1, 3)), vec![package("a/m", Status::Pass, &[])]);
        let b = || report(Some((2, 3)), vec![package("a/n", Status::Pass, &[])]);
        assert_eq!(
            merge(vec![("1".into(), a()), ("2".into(), b())]),
            Err(MergeError::MissingShard(3, 3))
        );
        assert_eq!(
            merge(vec![("1".into(), a()), ("again".into(), a())]),
            Err(MergeError::SameShard(
                "1".into(),
                "again".into(),
                "1/3".into()
            ))
        );
        let whole = report(None, vec![package("a/q", Status::Pass, &[])]);
        assert!(matches!(
            merge(vec![("1".into(), a()), ("w".into(), whole)]),
            Err(MergeError::Mixed(..))
        ));
        let mut later = b();
        later.as_of = "2026-12-02".into();
        assert!(matches!(
            merge(vec![("1".into(), a()), ("2".into(), later)]),
            Err(MergeError::AsOf(..))
        ));
        let mut other = b();
        if let Some(s) = &mut other.shard {
            s.roots.pop();
        }
        assert_eq!(
            merge(vec![("1".into(), a()), ("2".into(), other)]),
            Err(MergeError::OtherRun("1".into(), "2".into()))
        );
        assert_eq!(merge(Vec::new()), Err(MergeError::Nothing));
    }

    #[test]
    fn whole_reports_concatenate_but_never_hold_a_package_twice() {
        let x = report(None, vec![package("a/m", Status::Pass, &[])]);
        let y = report(None, vec![package("b/k", Status::Fail, &["name_mismatch"])]);
        let merged = merge(vec![("x".into(), x.clone()), ("y".into(), y)]).expect("merge");
        assert_eq!(merged.packages.len(), 2);
        assert_eq!(merged.summary.fail, 1);
        assert_eq!(
            merge(vec![("x".into(), x.clone()), ("x2".into(), x)]),
            Err(MergeError::Twice("a/m".into(), "x".into(), "x2".into()))
        );
    }

    #[test]
    fn a_merged_report_reads_back_and_renders_the_same_bytes() {
        let one = report(
            Some((1, 1)),
            vec![package("a/m", Status::Fail, &["name_mismatch"])],
        );
        let merged = merge(vec![("1".into(), one)]).expect("merge");
        let text = merged.render();
        assert_eq!(ReportJson::parse(&text).expect("parse").render(), text);
    }
}
