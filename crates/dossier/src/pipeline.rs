//! Drives the stages over a batch: discover packages, open every file, OCR every page of
//! the whole batch in parallel (not package by package), and classify, extract and
//! validate each package as soon as its last page is read.
//!
//! Pages are decoded only when a worker takes them, and a package's page texts are let go
//! once it is judged, so memory stays bounded by the workers and the packages in flight,
//! not the size of the batch. Each rayon worker keeps one Tesseract engine for its whole
//! life (initialising Tesseract costs far more than reading a page). A package's verdict
//! depends only on its own pages, and the report lists packages in input order, so the
//! report does not depend on scheduling.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::findings::Code;
use crate::findings::Finding;
use crate::ingest::{
    self, InputFile, Isolation, Limits, NotReadCause, PackageInput, PageContent, PageLocator, Shard,
};
use crate::manifest::{self, Manifest};
use crate::model::{Document, Evidence, PackageRead, PageRef, PageText, ReadProblem};
use crate::ocr::{self, CacheKey, OcrCache, OcrEngine, TesseractEngine};
use crate::report::{PackageReport, Report, ShardOf};
use crate::schema::Schemas;
use crate::{classify, extract, validate};

/// What `check` needs besides the paths.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The date the rules and expiry dates are judged against.
    pub as_of: NaiveDate,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Where OCR results are cached; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    /// Service applied to packages without a manifest (`--service`).
    pub service: Option<String>,
    pub limits: Limits,
    /// Where files are decoded: in this process (the default), or in worker processes
    /// that a crash, a hang or a runaway allocation costs only the file being read.
    pub isolation: Isolation,
    /// Values read below this confidence (0–100) send the package to review.
    pub min_confidence: f32,
    /// Check only this shard of the batch (`--shard K/N`).
    pub shard: Option<Shard>,
    /// Warn about documents valid today that will not be within this many days or on
    /// the planned filing date (`--warn-expiring DAYS`, code `expiring_soon`).
    pub warn_expiring: Option<u32>,
}

impl CheckOptions {
    /// The check date and threshold extraction and the checks judge by.
    pub fn judging(&self) -> crate::model::Options {
        crate::model::Options {
            as_of: self.as_of,
            min_confidence: self.min_confidence,
        }
    }

    /// Defaults for a check made on `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        CheckOptions {
            as_of,
            jobs: 0,
            cache_dir: OcrCache::default_dir(),
            service: None,
            limits: Limits::default(),
            isolation: Isolation::InProcess,
            min_confidence: crate::model::DEFAULT_MIN_CONFIDENCE,
            shard: None,
            warn_expiring: None,
        }
    }
}

/// Receives progress while a batch is read. Called from worker threads, so a package
/// may be reported while pages of others are still being read.
pub trait Progress: Sync {
    /// The batch holds this many pages to read, in this many packages.
    fn pages_total(&self, _pages: u64, _packages: u64) {}
    /// One more page was read (from the cache or by OCR).
    fn page_done(&self) {}
    /// One package was judged: called once per package, as soon as its last page is read
    /// (not in the batch's order), with the verdict the final report will hold.
    fn package_done(&self, _report: &PackageReport) {}
}

/// No progress reporting.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Errors that stop a whole run: usage and set-up problems, never a bad input file.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Ingest(#[from] ingest::IngestError),
    #[error(transparent)]
    Ocr(#[from] ocr::OcrError),
    #[error("unknown service `{0}`; `dossier services` lists them")]
    UnknownService(String),
    #[error("cannot start {0} worker threads: {1}")]
    Threads(usize, String),
    #[error("cannot use the OCR cache at {0}: {1}")]
    Cache(PathBuf, std::io::Error),
}

/// One page to read: which package, which file, which page.
struct PageJob {
    package: usize,
    file: usize,
    locator: PageLocator,
    digest: String,
}

thread_local! {
    /// One engine per worker thread, created on the thread's first page.
    static ENGINE: RefCell<Option<Result<TesseractEngine, String>>> = const { RefCell::new(None) };
}

/// Checks every package under `roots` and returns the report. Bad files become findings;
/// only usage and set-up problems are errors.
pub fn check(
    roots: &[PathBuf],
    schemas: &Schemas,
    opts: &CheckOptions,
    progress: &dyn Progress,
) -> Result<Report, PipelineError> {
    if let Some(id) = &opts.service {
        if schemas.service(id).is_none() {
            return Err(PipelineError::UnknownService(id.clone()));
        }
    }
    let mut batch = ingest::discover(roots)?;
    if let Some(shard) = opts.shard {
        batch.retain_shard(shard);
    }
    let packages = &batch.packages;
    let reports = read_packages(packages, schemas, opts, progress, &|p, read| {
        let report = judge_package(&packages[p], read, schemas, opts);
        progress.package_done(&report);
        report
    })?;
    let mut report = Report::new(opts.as_of, reports, batch.loose);
    report.shard = opts.shard.map(|shard| ShardOf {
        shard,
        roots: roots.to_vec(),
    });
    Ok(report)
}

/// Reads every package: OCR over all pages of the batch, then, for each package as soon
/// as its last page is read, classification and fields, and `then` (given the package's
/// index), which judges it. The results come back in the packages' order whatever order
/// they were made in.
fn read_packages<T: Send>(
    packages: &[PackageInput],
    schemas: &Schemas,
    opts: &CheckOptions,
    progress: &dyn Progress,
    then: &(dyn Fn(usize, PackageRead) -> T + Sync),
) -> Result<Vec<T>, PipelineError> {
    ocr::check_setup()?;
    let cache = match &opts.cache_dir {
        Some(dir) => Some(OcrCache::open(dir).map_err(|e| PipelineError::Cache(dir.clone(), e))?),
        None => None,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| PipelineError::Threads(opts.jobs, e.to_string()))?;

    // Cache keys need the engine's id, not a started engine: a page found in the cache
    // never loads Tesseract's models.
    let engine_id = ocr::tesseract_engine_id();
    pool.install(|| {
        // Open every file (hash, count pages) in parallel; this reads bytes but decodes nothing.
        let files: Vec<(usize, usize)> = packages
            .iter()
            .enumerate()
            .flat_map(|(p, pkg)| (0..pkg.files.len()).map(move |f| (p, f)))
            .collect();
        let opened: Vec<(Vec<PageJob>, Option<ReadProblem>, Vec<ReadProblem>)> = files
            .par_iter()
            .map(
                |&(p, f)| match opts.isolation.open(&packages[p].files[f], &opts.limits) {
                    Ok(file) => {
                        let jobs = file
                            .pages
                            .into_iter()
                            .map(|locator| PageJob {
                                package: p,
                                file: f,
                                locator,
                                digest: file.digest.clone(),
                            })
                            .collect();
                        (jobs, None, file.warnings)
                    }
                    Err(problem) => (Vec::new(), Some(problem), Vec::new()),
                },
            )
            .collect();
        let mut jobs = Vec::new();
        let mut open_problems: Vec<Vec<ReadProblem>> = vec![Vec::new(); packages.len()];
        let mut damaged: Vec<Vec<ReadProblem>> = vec![Vec::new(); packages.len()];
        for ((p, _), (file_jobs, problem, warnings)) in files.iter().zip(opened) {
            jobs.extend(file_jobs);
            open_problems[*p].extend(problem);
            damaged[*p].extend(warnings);
        }
        progress.pages_total(jobs.len() as u64, packages.len() as u64);

        // Jobs are in package order, so each package's pages are one run of them.
        let mut first_job = vec![jobs.len(); packages.len() + 1];
        for (i, job) in jobs.iter().enumerate().rev() {
            first_job[job.package] = i;
        }
        for p in (0..packages.len()).rev() {
            first_job[p] = first_job[p].min(first_job[p + 1]);
        }
        let batch = Judging {
            packages,
            jobs: &jobs,
            first_job: &first_job,
            pages: jobs.iter().map(|_| Mutex::new(None)).collect(),
            left: (0..packages.len())
                .map(|p| AtomicUsize::new(first_job[p + 1] - first_job[p]))
                .collect(),
            open_problems: open_problems.into_iter().map(Mutex::new).collect(),
            damaged: damaged.into_iter().map(Mutex::new).collect(),
            results: packages.iter().map(|_| Mutex::new(None)).collect(),
            schemas,
            opts,
            then,
        };

        // Packages with no page to read are judged at once.
        (0..packages.len())
            .into_par_iter()
            .filter(|&p| first_job[p] == first_job[p + 1])
            .for_each(|p| batch.finish(p));
        // Workers take pages in the batch's order (not split in halves), so packages are
        // judged roughly in order and a stream of verdicts starts with the first package.
        jobs.iter().enumerate().par_bridge().for_each(|(i, job)| {
            let file = &packages[job.package].files[job.file];
            let result = read_one_page(file, job, opts, cache.as_ref(), &engine_id);
            progress.page_done();
            *lock(&batch.pages[i]) = Some(result);
            if batch.left[job.package].fetch_sub(1, Ordering::AcqRel) == 1 {
                batch.finish(job.package);
            }
        });
        Ok(batch
            .results
            .into_iter()
            .map(|r| {
                r.into_inner()
                    .unwrap_or_else(|e| e.into_inner())
                    .expect("every package is judged once its pages are read")
            })
            .collect())
    })
}

/// What the workers share while a batch is read: the pages read so far, how many pages
/// each package still waits for, and what each package came to.
struct Judging<'a, T> {
    packages: &'a [PackageInput],
    jobs: &'a [PageJob],
    /// Package `p`'s pages are `jobs[first_job[p]..first_job[p + 1]]`.
    first_job: &'a [usize],
    pages: Vec<Mutex<Option<Result<PageText, ReadProblem>>>>,
    left: Vec<AtomicUsize>,
    open_problems: Vec<Mutex<Vec<ReadProblem>>>,
    damaged: Vec<Mutex<Vec<ReadProblem>>>,
    results: Vec<Mutex<Option<T>>>,
    schemas: &'a Schemas,
    opts: &'a CheckOptions,
    then: &'a (dyn Fn(usize, PackageRead) -> T + Sync),
}

impl<T> Judging<'_, T> {
    /// Assembles and judges package `p`, whose pages are all read.
    fn finish(&self, p: usize) {
        let input = &self.packages[p];
        let mut files: Vec<Vec<PageText>> = vec![Vec::new(); input.files.len()];
        let mut problems = std::mem::take(&mut *lock(&self.open_problems[p]));
        for i in self.first_job[p]..self.first_job[p + 1] {
            match lock(&self.pages[i]).take() {
                Some(Ok(text)) => files[self.jobs[i].file].push(text),
                Some(Err(problem)) => problems.push(problem),
                None => {}
            }
        }
        let mut read = assemble(input, files, problems, self.schemas, &self.opts.judging());
        read.damaged = std::mem::take(&mut *lock(&self.damaged[p]));
        let result = (self.then)(p, read);
        *lock(&self.results[p]) = Some(result);
    }
}

/// Locks a mutex, also one a panicking worker left poisoned (the data is still whole:
/// every write is a single assignment).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads one page: from the cache when it holds it, otherwise decodes and OCRs it.
fn read_one_page(
    file: &InputFile,
    job: &PageJob,
    opts: &CheckOptions,
    cache: Option<&OcrCache>,
    engine_id: &str,
) -> Result<PageText, ReadProblem> {
    let page_ref = PageRef {
        file: file.rel.clone(),
        page: job.locator.page,
    };
    let problem =
        |reason: String| ReadProblem::new(file.rel.clone(), Some(job.locator.page), reason);
    let read_opts = ocr::ReadOptions {
        max_upscaled_pixels: opts.limits.max_ocr_pixels(),
        ..ocr::ReadOptions::default()
    };
    let key = CacheKey::for_engine_id(&job.digest, job.locator.page, engine_id, &read_opts);
    if let Some(hit) = cache.and_then(|c| c.get(&key)) {
        return Ok(PageText {
            page: page_ref,
            ..hit
        });
    }
    let text = match opts.isolation.load_page(file, &job.locator, &opts.limits)? {
        PageContent::Text(text) => ocr::text_layer_page(text, page_ref),
        PageContent::Image(image) => {
            with_engine(|engine| ocr::read_page_with(engine, image, page_ref, &read_opts))
                .map_err(problem)?
                .map_err(|e| problem(format!("OCR failed: {e}")))?
        }
    };
    if let Some(cache) = cache {
        // A cache that cannot be written only costs time on the next run.
        let _ = cache.put(&key, &text);
    }
    Ok(text)
}

/// Runs `f` with this worker thread's engine, creating it on first use.
fn with_engine<T>(f: impl FnOnce(&mut dyn OcrEngine) -> T) -> Result<T, String> {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let engine = slot.get_or_insert_with(|| TesseractEngine::new().map_err(|e| e.to_string()));
        match engine {
            Ok(engine) => Ok(f(engine)),
            Err(e) => Err(format!("Tesseract could not start: {e}")),
        }
    })
}

/// Turns the pages of one package into classified documents with fields.
fn assemble(
    input: &PackageInput,
    files: Vec<Vec<PageText>>,
    mut problems: Vec<ReadProblem>,
    schemas: &Schemas,
    extract_opts: &extract::Options,
) -> PackageRead {
    problems.splice(0..0, input.problems.iter().cloned());
    let mut documents: Vec<Document> = Vec::new();
    let mut all_pages = Vec::new();
    for (file, pages) in input.files.iter().zip(files) {
        if pages.is_empty() {
            continue;
        }
        let classified = classify::classify(&file.rel, &pages, &schemas.kinds);
        documents.extend(
            classified
                .into_iter()
                .map(|c| extract::extract(c, &pages, extract_opts)),
        );
        all_pages.extend(pages);
    }
    PackageRead {
        id: input.id.clone(),
        path: input.path.clone(),
        documents,
        problems,
        damaged: Vec::new(),
        pages: all_pages,
    }
}

/// Loads the manifest, picks the service and runs the checks of one package.
fn judge_package(
    input: &PackageInput,
    read: PackageRead,
    schemas: &Schemas,
    opts: &CheckOptions,
) -> PackageReport {
    let vopts = opts.judging();
    let mut findings = listing_findings(input);
    let manifest: Option<Manifest> = match &input.manifest {
        // `package.toml` is there but was not read (a link out of the package, ...).
        _ if input.manifest_problem.is_some() => {
            let why = input.manifest_problem.as_deref().unwrap_or_default();
            findings.push(validate::manifest_invalid(
                &input.id,
                why,
                Some("package.toml"),
                None,
            ));
            None
        }
        None => None,
        Some(path) => match manifest::load(path) {
            Ok(m) => Some(m),
            Err(errors) => {
                let rel = file_name(path);
                for e in &errors {
                    findings.push(validate::manifest_invalid(
                        &input.id,
                        &e.message,
                        Some(&rel),
                        e.line,
                    ));
                }
                None
            }
        },
    };
    let service_id = manifest
        .as_ref()
        .and_then(|m| m.service.clone())
        .or_else(|| opts.service.clone());
    let service = match &service_id {
        Some(id) => match schemas.service(id) {
            Some(s) => Some(s),
            None => {
                findings.push(validate::manifest_invalid(
                    &input.id,
                    &format!("unknown service `{id}`; `dossier services` lists them"),
                    input.manifest.as_deref().map(file_name).as_deref(),
                    None,
                ));
                None
            }
        },
        // Only when the manifest did not already say what is wrong with it.
        None if !findings.iter().any(|f| f.code == Code::ManifestInvalid) => {
            findings.push(validate::manifest_invalid(
                &input.id,
                "no service: add a package.toml with `service = \"...\"` or pass --service",
                None,
                None,
            ));
            None
        }
        None => None,
    };
    let today = validate::check_package(&read, manifest.as_ref(), service, schemas, &vopts);
    if let (Some(days), Some(service)) = (opts.warn_expiring, service) {
        findings.extend(validate::expiring(
            &read,
            manifest.as_ref(),
            service,
            schemas,
            &vopts,
            days,
            &today,
        ));
    }
    findings.extend(today);
    validate::sort_findings(&mut findings);
    PackageReport::new(read, service_id, findings, input.skipped.clone())
}

/// The findings of the entries discovery did not read: links out of the package
/// (`link_not_followed`) and entries that are not files (`not_a_file`).
fn listing_findings(input: &PackageInput) -> Vec<Finding> {
    input
        .not_read
        .iter()
        .map(|n| {
            let (code, advice) = match n.cause {
                NotReadCause::Link => (
                    Code::LinkNotFollowed,
                    "Put the document itself in the package folder (a copy, not a link), \
                     or remove the link.",
                ),
                NotReadCause::NotAFile => (
                    Code::NotAFile,
                    "Remove it from the package folder; documents must be ordinary files.",
                ),
            };
            let reason = n.reason.trim().trim_end_matches('.');
            code.finding(
                None,
                format!("{} {reason}. {advice}", n.file),
                vec![Evidence {
                    file: n.file.clone(),
                    page: 0,
                    bbox: None,
                    text: None,
                    confidence: None,
                }],
            )
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The longest side, in pixels, of a page image embedded in the HTML report.
pub const SCAN_SIDE: u32 = 800;

/// The page images of a report's documents for the HTML report (`--embed-scans`), each
/// decoded again from its file the way `check` read it (within the same limits and
/// isolation), downscaled to at most `max_side` pixels and encoded as a JPEG `data:` URI.
/// A page that cannot be decoded again is left out: the report shows its outline.
pub fn scans(report: &Report, opts: &CheckOptions, max_side: u32) -> crate::report::Scans {
    use base64::Engine as _;
    // One entry per file, with its pages: a file is opened (read and hashed) once.
    let mut files: Vec<(&PackageReport, &str, Vec<u32>)> = Vec::new();
    for p in &report.packages {
        for s in p.pages.iter().filter(|s| s.width > 0) {
            match files.last_mut() {
                Some((q, file, pages)) if std::ptr::eq(*q, p) && *file == s.file => {
                    pages.push(s.page)
                }
                _ => files.push((p, s.file.as_str(), vec![s.page])),
            }
        }
    }
    let encode = |input: &InputFile, locator: &PageLocator| -> Option<String> {
        let PageContent::Image(image) = opts
            .isolation
            .load_page(input, locator, &opts.limits)
            .ok()?
        else {
            return None;
        };
        let small = image.thumbnail(max_side, max_side).into_rgb8();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 65)
            .encode_image(&small)
            .ok()?;
        Some(format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(jpeg)
        ))
    };
    let file_scans = |(p, file, pages): &(&PackageReport, &str, Vec<u32>)| {
        let path = crate::report::slashed(&p.path);
        let Some((input, opened)) =
            ingest::single_file(&p.path.join(file))
                .ok()
                .and_then(|mut input| {
                    input.rel = (*file).to_string();
                    let opened = opts.isolation.open(&input, &opts.limits).ok()?;
                    Some((input, opened))
                })
        else {
            return Vec::new();
        };
        opened
            .pages
            .iter()
            .filter(|l| pages.contains(&l.page))
            .filter_map(|l| Some(((path.clone(), file.to_string(), l.page), encode(&input, l)?)))
            .collect::<Vec<_>>()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build();
    let run = || -> crate::report::Scans { files.par_iter().flat_map_iter(file_scans).collect() };
    match &pool {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

/// What `dossier inspect` shows for one file: every page's text and the documents found.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub file: InputFile,
    pub pages: Vec<PageText>,
    pub documents: Vec<Document>,
    pub problems: Vec<ReadProblem>,
}

/// Reads one file through the whole reading half, for a person debugging a scan.
pub fn inspect(
    path: &Path,
    schemas: &Schemas,
    opts: &CheckOptions,
) -> Result<Inspection, PipelineError> {
    let input = ingest::single_file(path)?;
    let package = PackageInput {
        id: input.rel.clone(),
        path: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        manifest: None,
        manifest_problem: None,
        files: vec![input.clone()],
        problems: Vec::new(),
        not_read: Vec::new(),
        skipped: Vec::new(),
    };
    let mut reads = read_packages(
        std::slice::from_ref(&package),
        schemas,
        opts,
        &NoProgress,
        &|_, read| read,
    )?;
    let read = reads.pop().expect("one package in, one out");
    Ok(Inspection {
        file: input,
        pages: read.pages,
        documents: read.documents,
        problems: read.problems,
    })
}

impl crate::report::Inspected for Inspection {
    fn file(&self) -> &str {
        &self.file.rel
    }
    fn pages(&self) -> &[PageText] {
        &self.pages
    }
    fn documents(&self) -> &[Document] {
        &self.documents
    }
    fn problems(&self) -> &[ReadProblem] {
        &self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::NotRead;

    #[test]
    fn entries_not_read_become_findings_of_their_own_code_with_advice() {
        let input = PackageInput {
            id: "p".into(),
            path: PathBuf::from("/batch/p"),
            manifest: None,
            files: Vec::new(),
            manifest_problem: None,
            problems: Vec::new(),
            not_read: vec![
                NotRead {
                    file: "scan.pdf".into(),
                    cause: NotReadCause::Link,
                    reason: "is a link to /etc/passwd, outside the package; it was not followed."
                        .into(),
                },
                NotRead {
                    file: "fifo".into(),
                    cause: NotReadCause::NotAFile,
                    reason: "is a named pipe, not a file".into(),
                },
            ],
            skipped: Vec::new(),
        };
        let found = listing_findings(&input);
        let codes: Vec<Code> = found.iter().map(|f| f.code).collect();
        assert_eq!(codes, [Code::LinkNotFollowed, Code::NotAFile]);
        assert_eq!(found[0].severity, Code::LinkNotFollowed.severity());
        assert!(found[0]
            .message
            .starts_with("scan.pdf is a link to /etc/passwd, outside the package; it was not followed. Put the document itself"));
        assert!(found[1]
            .message
            .ends_with("documents must be ordinary files."));
        assert_eq!(found[1].evidence[0].file, "fifo");
    }
}
