//! The `dossier` command: a thin clap layer over the library. It parses flags, calls the
//! library, renders, and owns the exit codes (0 all pass, 1 a package fails or needs
//! review, 2 usage, schema or set-up error).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use dossier::findings::Status;
use dossier::ingest::{Isolation, Worker};
use dossier::pipeline::{self, CheckOptions, Progress};
use dossier::schema::Schemas;
use dossier::{findings, report};

/// Checks packages of scanned documents for Kazakhstan migration and public services.
#[derive(Parser)]
#[command(name = "dossier", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check packages: PATH is a batch (a folder of package folders) or one package.
    Check(CheckArgs),
    /// Show, page by page, what dossier reads in one file.
    Inspect(InspectArgs),
    /// List the services, or show one.
    Services {
        /// A service id, e.g. c3_visa.
        id: Option<String>,
        #[command(flatten)]
        schemas: SchemaArgs,
    },
    /// Work with the service schemas.
    Schemas {
        #[command(subcommand)]
        command: SchemasCommand,
    },
    /// Merge the JSON reports of the shards of one run (`check --shard K/N`) into the
    /// report of the whole batch, exactly as one run over it would have written it.
    Merge(MergeArgs),
    /// Compare two JSON reports of one batch (last night's and today's): packages newly
    /// failing or passing, new and resolved findings, and what expires soon. Exits 1 when
    /// something got worse.
    Diff(DiffArgs),
    /// Explain a finding code: what it means, why it matters, how to fix it.
    Explain {
        /// A finding code, e.g. missing_document. Without one, lists every code.
        code: Option<String>,
    },
    /// Internal: read one file for the dossier that started this process (the request
    /// comes on stdin, the reply goes to stdout).
    #[command(name = dossier::ingest::WORKER_COMMAND, hide = true)]
    IngestWorker,
}

#[derive(Subcommand)]
enum SchemasCommand {
    /// Load and validate every schema file; print each error with file and line.
    Check {
        #[command(flatten)]
        schemas: SchemaArgs,
    },
}

#[derive(clap::Args)]
struct SchemaArgs {
    /// Read schemas from this folder instead of the ones built in.
    #[arg(long, value_name = "DIR")]
    schemas: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    /// One JSON line per package as soon as it is judged, then an `end` line with the
    /// summary (docs/report.md).
    Jsonl,
    Junit,
    /// One self-contained page for a browser: summary, filters, and each page with the
    /// boxes of what was read (docs/report.md).
    Html,
}

#[derive(clap::Args)]
struct ReadArgs {
    /// Judge dates and rules as of this date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    jobs: usize,
    /// Where OCR results are cached (default: the user's cache folder).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Do not read or write the OCR cache.
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
    /// Longest time opening one file, or decoding one page of it, may take (seconds);
    /// a file that takes longer is reported as unreadable and the batch goes on.
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    file_timeout: f64,
    /// Most memory reading one file may take (MiB); a file that needs more is reported
    /// as unreadable.
    #[arg(long, value_name = "MIB", default_value_t = dossier::ingest::Worker::DEFAULT_MEMORY / (1024 * 1024))]
    file_memory: u64,
    /// Decode files inside this process instead of in worker processes: a little faster,
    /// but a file that crashes a decoder ends the whole run. For debugging.
    #[arg(long)]
    no_isolation: bool,
    /// Bound the run's memory to SIZE (e.g. 1G, 800M): each file is then read within
    /// (SIZE - 64 MiB) / workers - 96 MiB. Default: 384 MiB per file, so 1 GiB with
    /// 2 workers.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_memory: Option<u64>,
    #[command(flatten)]
    schemas: SchemaArgs,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Batch or package folders.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write the report to FILE (atomically, readable by you only) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Service for packages without a package.toml.
    #[arg(long, value_name = "ID")]
    service: Option<String>,
    /// Values read below this OCR confidence (0–100) send the package to review.
    #[arg(long, value_name = "N", default_value_t = dossier::validate::Options::DEFAULT_MIN_CONFIDENCE)]
    min_confidence: f32,
    /// No progress bar, even on a terminal.
    #[arg(long)]
    quiet: bool,
    /// Check only part K of N of the batch (e.g. 2/4), chosen by a hash of each package's
    /// id; `dossier merge` joins the parts' JSON reports.
    #[arg(long, value_name = "K/N")]
    shard: Option<dossier::ingest::Shard>,
    /// With --format html: embed the page images (downscaled) in the page. Without it the
    /// page shows the boxes on blank page outlines; scans are personal data.
    #[arg(long)]
    embed_scans: bool,
    /// Also warn (expiring_soon) about a document valid today that will not be within
    /// DAYS, or on the planned filing date ([request] application_date).
    #[arg(long, value_name = "DAYS")]
    warn_expiring: Option<u32>,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(clap::Args)]
struct MergeArgs {
    /// The shards' reports (`check --format json`), in any order.
    #[arg(required = true, value_name = "REPORT")]
    reports: Vec<PathBuf>,
    /// Write the merged report to FILE (atomically, readable by you only) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The earlier report (`check --format json`).
    #[arg(value_name = "BEFORE")]
    before: PathBuf,
    /// The later report.
    #[arg(value_name = "AFTER")]
    after: PathBuf,
    /// Also list what expires within DAYS of the later report's check date: each
    /// document's expiry date, and the expiring_soon warnings of `check --warn-expiring`.
    #[arg(long, value_name = "DAYS")]
    expiring_within: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Write the difference to FILE (atomically, readable by you only) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Html,
}

#[derive(clap::Args)]
struct InspectArgs {
    /// An image or PDF.
    file: PathBuf,
    /// Also print the OCR text of every page.
    #[arg(long)]
    text: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadArgs,
}

fn main() -> ExitCode {
    // Tesseract must run single-threaded inside: dossier's workers already use every core.
    // OpenMP reads OMP_THREAD_LIMIT when libtesseract loads, before main runs, so setting
    // it now is too late: run this same program again with it in the environment.
    if std::env::var_os("OMP_THREAD_LIMIT").is_none() {
        if let Some(code) = reexec_single_threaded() {
            return code;
        }
    }
    // Decoder panics are caught and reported as unreadable files; their messages are noise.
    dossier::ingest::quiet_decoder_panics();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dossier: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Replaces this process with the same program run with `OMP_THREAD_LIMIT=1`. Returns
/// only when that is impossible; then dossier runs as it is, only with busier threads.
fn reexec_single_threaded() -> Option<ExitCode> {
    use std::os::unix::process::CommandExt;
    let exe = std::env::current_exe().ok()?;
    let _err = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env("OMP_THREAD_LIMIT", "1")
        .exec();
    None
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Inspect(args) => inspect(args),
        Command::Services { id, schemas } => services(id.as_deref(), &load_schemas(&schemas)?),
        Command::Schemas {
            command: SchemasCommand::Check { schemas },
        } => schemas_check(&schemas),
        Command::Merge(args) => merge(&args),
        Command::Diff(args) => diff(&args),
        Command::Explain { code } => explain(code.as_deref()),
        Command::IngestWorker => {
            dossier::ingest::serve_worker(std::io::stdin().lock(), std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn load_schemas(args: &SchemaArgs) -> Result<Schemas> {
    let loaded = match &args.schemas {
        Some(dir) => Schemas::load_dir(dir),
        None => Schemas::embedded(),
    };
    loaded.map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the service schemas have errors:\n{}", lines.join("\n"))
    })
}

fn options(read: &ReadArgs) -> Result<CheckOptions> {
    let as_of = read
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut opts = CheckOptions::new(as_of);
    opts.jobs = read.jobs;
    if read.no_cache {
        opts.cache_dir = None;
    } else if let Some(dir) = &read.cache_dir {
        opts.cache_dir = Some(dir.clone());
    }
    if let Some(total) = read.max_memory {
        let workers = match read.jobs {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        opts.limits =
            dossier::ingest::Limits::for_max_memory(total, workers).map_err(anyhow::Error::msg)?;
    }
    let timeout = std::time::Duration::try_from_secs_f64(read.file_timeout)
        .ok()
        .filter(|t| !t.is_zero())
        .with_context(|| {
            format!(
                "--file-timeout {}: give a number of seconds above 0",
                read.file_timeout
            )
        })?;
    if read.file_memory == 0 {
        bail!("--file-memory 0: give a number of MiB above 0");
    }
    if !read.no_isolation {
        let exe = std::env::current_exe().context(
            "cannot find the dossier program to start its file readers (pass --no-isolation \
             to read files in this process)",
        )?;
        let mut worker = Worker::new(exe);
        worker.timeout = timeout;
        worker.memory = read.file_memory.saturating_mul(1024 * 1024);
        opts.isolation = Isolation::Worker(worker);
    }
    Ok(opts)
}

/// A size such as `1G`, `800M`, `512MiB` or a number of bytes (K, M, G are powers of 1024).
fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (write e.g. 1G or 800M)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{text}` is not a size (write e.g. 1G or 800M)")),
    };
    number
        .checked_mul(1u64 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// What `check` shows while it runs, as each page is read and each package judged: a
/// progress bar on stderr (only on a terminal), a line per package on stdout when the
/// report goes to a file, and the JSON lines of `--format jsonl`.
struct Live {
    bar: Option<indicatif::ProgressBar>,
    /// Packages in the batch, and judged so far.
    packages: AtomicU64,
    done: AtomicU64,
    /// Print a line per package on stdout (the report is not there).
    lines: bool,
    color: bool,
    stream: Option<Mutex<Stream>>,
}

/// Where `--format jsonl` goes, and the first error writing it.
struct Stream {
    out: Box<dyn Write + Send>,
    error: Option<std::io::Error>,
}

impl Stream {
    fn write(&mut self, line: &str) {
        if self.error.is_none() {
            if let Err(e) = self
                .out
                .write_all(line.as_bytes())
                .and_then(|()| self.out.flush())
            {
                self.error = Some(e);
            }
        }
    }
}

impl Live {
    fn new(args: &CheckArgs) -> Result<Live> {
        let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {bar:30} {pos}/{len} pages, {msg} packages, \
                     {per_sec} ({eta} left)",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        let stream = match (args.format, &args.output) {
            (Format::Jsonl, Some(path)) => {
                let file = report::create_private(path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Some(Box::new(std::io::BufWriter::new(file)) as Box<dyn Write + Send>)
            }
            (Format::Jsonl, None) => Some(Box::new(std::io::stdout()) as Box<dyn Write + Send>),
            _ => None,
        };
        Ok(Live {
            bar,
            packages: AtomicU64::new(0),
            done: AtomicU64::new(0),
            lines: args.output.is_some() && !args.quiet,
            color: std::io::stdout().is_terminal(),
            stream: stream.map(|out| Mutex::new(Stream { out, error: None })),
        })
    }

    fn stream(&self, line: &str) {
        if let Some(stream) = &self.stream {
            stream.lock().unwrap_or_else(|e| e.into_inner()).write(line);
        }
    }

    /// Ends the stream with its `end` line; the first error writing any line.
    fn finish(self, report: &report::Report) -> Result<()> {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        self.stream(&report::JsonlRecord::End(report::EndJson::from(report)).line());
        match self
            .stream
            .map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()))
        {
            Some(Stream { error: Some(e), .. }) => Err(e).context("cannot write the report"),
            _ => Ok(()),
        }
    }
}

impl Progress for Live {
    fn pages_total(&self, pages: u64, packages: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(pages);
            bar.set_message(format!("0/{packages}"));
            self.packages.store(packages, Ordering::Relaxed);
        }
    }
    fn page_done(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
    fn package_done(&self, package: &report::PackageReport) {
        self.stream(&report::JsonlRecord::Package(report::package_json(package)).line());
        if let Some(bar) = &self.bar {
            let total = self.packages.load(Ordering::Relaxed);
            let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
            bar.set_message(format!("{done}/{total}"));
        }
        if self.lines {
            let line = report::package_line(package, self.color);
            let print = || {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(line.as_bytes());
                let _ = out.flush();
            };
            match &self.bar {
                Some(bar) => bar.suspend(print),
                None => print(),
            }
        }
    }
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let schemas = load_schemas(&args.read.schemas)?;
    let mut opts = options(&args.read)?;
    opts.service = args.service.clone();
    opts.min_confidence = args.min_confidence;
    opts.shard = args.shard;
    opts.warn_expiring = args.warn_expiring;
    if args.embed_scans && !matches!(args.format, Format::Html) {
        bail!("--embed-scans goes with --format html");
    }
    let live = Live::new(&args)?;
    let report = pipeline::check(&args.paths, &schemas, &opts, &live)?;
    let streamed = live.stream.is_some();
    live.finish(&report)?;
    if !streamed {
        let color = args.output.is_none() && std::io::stdout().is_terminal();
        let rendered = match args.format {
            Format::Text => report::text(&report, color),
            Format::Json | Format::Jsonl => report::json(&report),
            Format::Junit => report::junit(&report),
            Format::Html => {
                let scans = if args.embed_scans {
                    pipeline::scans(&report, &opts, pipeline::SCAN_SIDE)
                } else {
                    report::Scans::new()
                };
                report::html(&report, &scans)
            }
        };
        emit(&rendered, args.output.as_deref())?;
    }
    Ok(status_code(report.packages.iter().map(|p| p.status)))
}

fn emit(rendered: &str, output: Option<&Path>) -> Result<()> {
    match output {
        Some(path) => report::write_atomic(path, rendered)
            .with_context(|| format!("cannot write {}", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(rendered.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Reads a report `check --format json` wrote.
fn read_report(path: &Path) -> Result<report::ReportJson> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    report::ReportJson::parse(&text).with_context(|| {
        format!(
            "{} is not a dossier JSON report (`check --format json` writes one)",
            path.display()
        )
    })
}

fn diff(args: &DiffArgs) -> Result<ExitCode> {
    let before = read_report(&args.before)?;
    let after = read_report(&args.after)?;
    let d = report::diff(&before, &after, args.expiring_within);
    let rendered = match args.format {
        DiffFormat::Text => report::diff_text(&d),
        DiffFormat::Json => d.render_json(),
        DiffFormat::Html => report::diff_html(&d),
    };
    emit(&rendered, args.output.as_deref())?;
    Ok(if d.got_worse() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn merge(args: &MergeArgs) -> Result<ExitCode> {
    let mut parts = Vec::new();
    for path in &args.reports {
        parts.push((path.display().to_string(), read_report(path)?));
    }
    let merged = report::merge(parts)?;
    emit(&merged.render(), args.output.as_deref())?;
    Ok(status_code(merged.packages.iter().map(|p| p.status)))
}

/// 0 when every package passes, 1 otherwise.
fn status_code(mut statuses: impl Iterator<Item = Status>) -> ExitCode {
    if statuses.all(|s| s == Status::Pass) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn inspect(args: InspectArgs) -> Result<ExitCode> {
    let schemas = load_schemas(&args.read.schemas)?;
    let opts = options(&args.read)?;
    let inspection = pipeline::inspect(&args.file, &schemas, &opts)?;
    let rendered = if args.json {
        report::inspect_json(&inspection)
    } else {
        report::inspect_text(&inspection, args.text)
    };
    emit(&rendered, None)?;
    Ok(if inspection.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn services(id: Option<&str>, schemas: &Schemas) -> Result<ExitCode> {
    let rendered = match id {
        None => report::services_text(schemas),
        Some(id) => match schemas.service(id) {
            Some(service) => report::service_text(service, schemas),
            None => bail!("unknown service `{id}`; `dossier services` lists them"),
        },
    };
    emit(&rendered, None)?;
    Ok(ExitCode::SUCCESS)
}

fn schemas_check(args: &SchemaArgs) -> Result<ExitCode> {
    let loaded = match &args.schemas {
        Some(dir) => Schemas::load_dir(dir),
        None => Schemas::embedded(),
    };
    match loaded {
        Ok(schemas) => {
            println!(
                "{} services and {} document kinds: no errors",
                schemas.services.len(),
                schemas.kinds.kinds.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!("{} error(s)", errors.len());
            Ok(ExitCode::from(2))
        }
    }
}

fn explain(code: Option<&str>) -> Result<ExitCode> {
    match code {
        None => {
            emit(&findings::list_text(), None)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(code) => match findings::explain(code) {
            Some(text) => {
                emit(&text, None)?;
                Ok(ExitCode::SUCCESS)
            }
            None => bail!("unknown finding code `{code}`; `dossier explain` lists them"),
        },
    }
}
