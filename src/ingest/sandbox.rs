//! Reading files in a worker process, so that no file can take the batch down.
//!
//! Decoders are third-party code fed with untrusted bytes. A panic is caught in-process,
//! but a stack overflow aborts the whole process, an endless loop hangs it and a runaway
//! allocation exhausts the machine. With [`Isolation::Worker`], [`Isolation::open`] and
//! [`Isolation::load_page`] run the same in-process [`super::open`] and
//! [`super::load_page`] in a child process: the `dossier` program itself, started with
//! the hidden [`WORKER_COMMAND`], which calls [`serve_worker`]. The child limits its own
//! address space and CPU time before it touches the file; the parent kills it when it
//! outlives the wall-clock timeout. However the child ends, the parent turns it into a
//! result or a [`ReadProblem`] with a plain reason; the child's stderr is captured and
//! never reaches the terminal.
//!
//! The protocol is one request and one reply, both small and versioned:
//! - request (child's stdin): one JSON line, [`Request`];
//! - reply (child's stdout): the line `dossier-ingest-worker 1`, one JSON line
//!   ([`Reply`]), and for an image the raw pixel bytes it announces (not re-encoded).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use ::image::{DynamicImage, ImageBuffer};
use serde::{Deserialize, Serialize};

use super::{FileFormat, InputFile, Limits, OpenedFile, PageContent, PageLocator, ReadProblem};

/// The hidden subcommand of the `dossier` program that serves one request.
pub const WORKER_COMMAND: &str = "ingest-worker";

/// First line of every reply; the number is the protocol version.
const MAGIC: &str = "dossier-ingest-worker 1";

const MIB: u64 = 1024 * 1024;

/// Where untrusted files are decoded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Isolation {
    /// In this process: cheapest, and safe from every hostile file known to dossier (the
    /// PDF structure checks refuse those), but an unknown decoder crash or hang would
    /// take the process with it. The default for library users and tests.
    #[default]
    InProcess,
    /// In a child process per file opened and per page decoded, with limits.
    Worker(Worker),
}

/// How to start worker processes and what they may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    /// The `dossier` program (it must understand [`WORKER_COMMAND`]); the CLI passes
    /// `std::env::current_exe()`.
    pub exe: PathBuf,
    /// Wall-clock time one file (opening it, or decoding one page) may take; the worker
    /// is killed after it. CPU time is limited to the same, rounded up, plus a second.
    pub timeout: Duration,
    /// Memory (address space) one worker may take beyond what the program itself
    /// occupies when it starts, in bytes.
    pub memory: u64,
}

impl Worker {
    /// 60 s per file or page.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
    /// 1 GiB per worker.
    pub const DEFAULT_MEMORY: u64 = 1024 * MIB;

    /// A worker run from `exe` with the default limits.
    pub fn new(exe: PathBuf) -> Self {
        Worker {
            exe,
            timeout: Self::DEFAULT_TIMEOUT,
            memory: Self::DEFAULT_MEMORY,
        }
    }
}

impl Isolation {
    /// [`super::open`], in a worker when so configured.
    pub fn open(&self, file: &InputFile, limits: &Limits) -> Result<OpenedFile, ReadProblem> {
        match self {
            Isolation::InProcess => super::open(file, limits),
            Isolation::Worker(worker) => {
                let request = Request::new(Op::Open, file, None, limits, worker);
                match call(worker, &request, file, None)? {
                    (
                        Reply::Opened {
                            digest,
                            format,
                            pages,
                            warnings,
                        },
                        _,
                    ) => {
                        let format = match format.as_deref().map(format_from_name) {
                            Some(Some(format)) => format,
                            None if pages.is_empty() => FileFormat::Pdf,
                            _ => return Err(unexpected(file, None, "an unknown format")),
                        };
                        Ok(OpenedFile {
                            digest,
                            pages: pages
                                .into_iter()
                                .map(|page| PageLocator { page, format })
                                .collect(),
                            warnings,
                        })
                    }
                    (Reply::Problem { problem }, _) => Err(problem),
                    _ => Err(unexpected(file, None, "a reply of the wrong kind")),
                }
            }
        }
    }

    /// [`super::load_page`], in a worker when so configured.
    pub fn load_page(
        &self,
        file: &InputFile,
        page: &PageLocator,
        limits: &Limits,
    ) -> Result<PageContent, ReadProblem> {
        match self {
            Isolation::InProcess => super::load_page(file, page, limits),
            Isolation::Worker(worker) => {
                let page_no = page.format.is_multi_page().then_some(page.page);
                let request = Request::new(Op::LoadPage, file, Some(page), limits, worker);
                match call(worker, &request, file, page_no)? {
                    (Reply::Text { text }, _) => Ok(PageContent::Text(text)),
                    (
                        Reply::Image {
                            color,
                            width,
                            height,
                            ..
                        },
                        pixels,
                    ) => image_from_raw(&color, width, height, pixels)
                        .map(PageContent::Image)
                        .ok_or_else(|| unexpected(file, page_no, "an image it could not rebuild")),
                    (Reply::Problem { problem }, _) => Err(problem),
                    _ => Err(unexpected(file, page_no, "a reply of the wrong kind")),
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Op {
    Open,
    LoadPage,
}

/// What the parent asks of a worker.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    /// Protocol version, 1.
    v: u32,
    op: Op,
    rel: String,
    /// The file's path as raw bytes: file names need not be UTF-8.
    path: Vec<u8>,
    format: Option<String>,
    /// For `load_page`: the page and the format it was opened as.
    page: Option<u32>,
    page_format: Option<String>,
    limits: Limits,
    /// Address space allowed beyond the worker's size at start, bytes.
    memory: u64,
    /// CPU seconds allowed.
    cpu_seconds: u64,
}

impl Request {
    fn new(
        op: Op,
        file: &InputFile,
        page: Option<&PageLocator>,
        limits: &Limits,
        worker: &Worker,
    ) -> Self {
        use std::os::unix::ffi::OsStrExt;
        Request {
            v: 1,
            op,
            rel: file.rel.clone(),
            path: file.path.as_os_str().as_bytes().to_vec(),
            format: file.format.map(|f| format_name(f).to_string()),
            page: page.map(|p| p.page),
            page_format: page.map(|p| format_name(p.format).to_string()),
            limits: *limits,
            memory: worker.memory,
            cpu_seconds: worker.timeout.as_secs_f64().ceil() as u64 + 1,
        }
    }
}

/// What a worker answers.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Reply {
    Opened {
        digest: String,
        /// The pages' format; `None` only when there are no pages.
        format: Option<String>,
        pages: Vec<u32>,
        warnings: Vec<ReadProblem>,
    },
    Text {
        text: String,
    },
    /// Followed by exactly `bytes` bytes of pixels, rows top to bottom, samples in
    /// native byte order.
    Image {
        color: String,
        width: u32,
        height: u32,
        bytes: u64,
    },
    Problem {
        problem: ReadProblem,
    },
}

fn format_name(format: FileFormat) -> &'static str {
    match format {
        FileFormat::Jpeg => "jpeg",
        FileFormat::Png => "png",
        FileFormat::Tiff => "tiff",
        FileFormat::Bmp => "bmp",
        FileFormat::Webp => "webp",
        FileFormat::Pdf => "pdf",
    }
}

fn format_from_name(name: &str) -> Option<FileFormat> {
    Some(match name {
        "jpeg" => FileFormat::Jpeg,
        "png" => FileFormat::Png,
        "tiff" => FileFormat::Tiff,
        "bmp" => FileFormat::Bmp,
        "webp" => FileFormat::Webp,
        "pdf" => FileFormat::Pdf,
        _ => return None,
    })
}

// ------------------------------------------------------------------ the worker side

/// Why a worker could not serve its request: a broken protocol, never a bad file (a bad
/// file is a [`ReadProblem`] in the reply).
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("cannot read the request: {0}")]
    Read(io::Error),
    #[error("the request is not understood: {0}")]
    Request(String),
    #[error("cannot write the reply: {0}")]
    Write(io::Error),
}

/// Serves one request of the worker protocol: reads it from `input`, limits this
/// process's memory and CPU time, reads the file and writes the reply to `output`. Meant
/// for a process of its own (the `dossier` program run with [`WORKER_COMMAND`]): the
/// limits stay on the calling process afterwards.
pub fn serve_worker(input: impl Read, mut output: impl Write) -> Result<(), WorkerError> {
    let mut line = Vec::new();
    BufReader::new(input.take(16 * MIB))
        .read_until(b'\n', &mut line)
        .map_err(WorkerError::Read)?;
    let request: Request =
        serde_json::from_slice(&line).map_err(|e| WorkerError::Request(e.to_string()))?;
    if request.v != 1 {
        return Err(WorkerError::Request(format!(
            "protocol version {} (this program speaks 1)",
            request.v
        )));
    }
    limit_self(request.memory, request.cpu_seconds);
    let file = {
        use std::os::unix::ffi::OsStringExt;
        InputFile {
            rel: request.rel.clone(),
            path: PathBuf::from(std::ffi::OsString::from_vec(request.path.clone())),
            format: match &request.format {
                Some(name) => Some(
                    format_from_name(name)
                        .ok_or_else(|| WorkerError::Request(format!("unknown format `{name}`")))?,
                ),
                None => None,
            },
        }
    };
    let (reply, pixels): (Reply, Option<DynamicImage>) = match request.op {
        Op::Open => match super::open(&file, &request.limits) {
            Ok(opened) => (
                Reply::Opened {
                    digest: opened.digest,
                    format: opened
                        .pages
                        .first()
                        .map(|p| format_name(p.format).to_string()),
                    pages: opened.pages.iter().map(|p| p.page).collect(),
                    warnings: opened.warnings,
                },
                None,
            ),
            Err(problem) => (Reply::Problem { problem }, None),
        },
        Op::LoadPage => {
            let format = request
                .page_format
                .as_deref()
                .and_then(format_from_name)
                .ok_or_else(|| WorkerError::Request("no page format".into()))?;
            let page = request
                .page
                .ok_or_else(|| WorkerError::Request("no page".into()))?;
            match super::load_page(&file, &PageLocator { page, format }, &request.limits) {
                Ok(PageContent::Text(text)) => (Reply::Text { text }, None),
                Ok(PageContent::Image(img)) => {
                    let img = normalise(img);
                    (
                        Reply::Image {
                            color: color_name(&img).to_string(),
                            width: img.width(),
                            height: img.height(),
                            bytes: img.as_bytes().len() as u64,
                        },
                        Some(img),
                    )
                }
                Err(problem) => (Reply::Problem { problem }, None),
            }
        }
    };
    let mut header = serde_json::to_vec(&reply).map_err(|e| WorkerError::Write(e.into()))?;
    header.push(b'\n');
    output
        .write_all(MAGIC.as_bytes())
        .and_then(|()| output.write_all(b"\n"))
        .and_then(|()| output.write_all(&header))
        .and_then(|()| match &pixels {
            Some(img) => output.write_all(img.as_bytes()),
            None => Ok(()),
        })
        .and_then(|()| output.flush())
        .map_err(WorkerError::Write)
}

/// Limits this process: address space to its present size plus `memory`, CPU time to
/// `cpu_seconds` (SIGXCPU at the soft limit), and no core dumps of a crash. Best effort:
/// a limit the system refuses is left as it was.
fn limit_self(memory: u64, cpu_seconds: u64) {
    let set = |resource, soft: u64, hard: u64| {
        let limit = libc::rlimit {
            rlim_cur: soft as libc::rlim_t,
            rlim_max: hard as libc::rlim_t,
        };
        // SAFETY: setrlimit only reads the struct passed by reference.
        unsafe { libc::setrlimit(resource, &limit) };
    };
    set(libc::RLIMIT_CORE, 0, 0);
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_DUMPABLE takes plain integer arguments.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    let memory = present_size().unwrap_or(0).saturating_add(memory);
    set(libc::RLIMIT_AS, memory, memory);
    set(libc::RLIMIT_CPU, cpu_seconds, cpu_seconds.saturating_add(1));
}

/// This process's address space now, in bytes (Linux: `/proc/self/statm`).
fn present_size() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().next()?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let page_size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages * u64::try_from(page_size).ok()?)
}

/// Keeps the pixel layouts the protocol knows; any other becomes RGBA.
fn normalise(img: DynamicImage) -> DynamicImage {
    match img {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_)
        | DynamicImage::ImageLuma16(_)
        | DynamicImage::ImageLumaA16(_)
        | DynamicImage::ImageRgb16(_)
        | DynamicImage::ImageRgba16(_)
        | DynamicImage::ImageRgb32F(_)
        | DynamicImage::ImageRgba32F(_) => img,
        other => DynamicImage::ImageRgba8(other.to_rgba8()),
    }
}

fn color_name(img: &DynamicImage) -> &'static str {
    match img {
        DynamicImage::ImageLuma8(_) => "l8",
        DynamicImage::ImageLumaA8(_) => "la8",
        DynamicImage::ImageRgb8(_) => "rgb8",
        DynamicImage::ImageLuma16(_) => "l16",
        DynamicImage::ImageLumaA16(_) => "la16",
        DynamicImage::ImageRgb16(_) => "rgb16",
        DynamicImage::ImageRgba16(_) => "rgba16",
        DynamicImage::ImageRgb32F(_) => "rgb32f",
        DynamicImage::ImageRgba32F(_) => "rgba32f",
        _ => "rgba8",
    }
}

/// Bytes per pixel of a color layout the protocol knows.
fn bytes_per_pixel(color: &str) -> Option<u64> {
    Some(match color {
        "l8" => 1,
        "la8" | "l16" => 2,
        "rgb8" => 3,
        "rgba8" | "la16" => 4,
        "rgb16" => 6,
        "rgba16" => 8,
        "rgb32f" => 12,
        "rgba32f" => 16,
        _ => return None,
    })
}

/// Rebuilds an image from the bytes [`serve_worker`] wrote; `None` when they do not fit.
fn image_from_raw(color: &str, width: u32, height: u32, bytes: Vec<u8>) -> Option<DynamicImage> {
    fn u16s(bytes: &[u8]) -> Vec<u16> {
        bytes
            .chunks_exact(2)
            .map(|c| u16::from_ne_bytes([c[0], c[1]]))
            .collect()
    }
    fn f32s(bytes: &[u8]) -> Vec<f32> {
        bytes
            .chunks_exact(4)
            .map(|c| f32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    }
    let (w, h) = (width, height);
    Some(match color {
        "l8" => DynamicImage::ImageLuma8(ImageBuffer::from_raw(w, h, bytes)?),
        "la8" => DynamicImage::ImageLumaA8(ImageBuffer::from_raw(w, h, bytes)?),
        "rgb8" => DynamicImage::ImageRgb8(ImageBuffer::from_raw(w, h, bytes)?),
        "rgba8" => DynamicImage::ImageRgba8(ImageBuffer::from_raw(w, h, bytes)?),
        "l16" => DynamicImage::ImageLuma16(ImageBuffer::from_raw(w, h, u16s(&bytes))?),
        "la16" => DynamicImage::ImageLumaA16(ImageBuffer::from_raw(w, h, u16s(&bytes))?),
        "rgb16" => DynamicImage::ImageRgb16(ImageBuffer::from_raw(w, h, u16s(&bytes))?),
        "rgba16" => DynamicImage::ImageRgba16(ImageBuffer::from_raw(w, h, u16s(&bytes))?),
        "rgb32f" => DynamicImage::ImageRgb32F(ImageBuffer::from_raw(w, h, f32s(&bytes))?),
        "rgba32f" => DynamicImage::ImageRgba32F(ImageBuffer::from_raw(w, h, f32s(&bytes))?),
        _ => return None,
    })
}

// ------------------------------------------------------------------ the parent side

/// The most stderr kept from a worker (only to tell why it died).
const STDERR_KEPT: usize = 16 * 1024;

/// Reads one reply: the magic line, the JSON line and any pixels, within `max_pixels`.
fn read_reply(stdout: impl Read, max_pixels: u64) -> Result<(Reply, Vec<u8>), String> {
    // The longest reply line is a page's text; a page of a PDF within the file-size
    // limit cannot hold more than this, and the cap only bounds a broken worker.
    const MAX_LINE: u64 = 512 * MIB;
    let mut reader = BufReader::new(stdout);
    let mut line = Vec::new();
    (&mut reader)
        .take(MAGIC.len() as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(|e| e.to_string())?;
    if line.strip_suffix(b"\n") != Some(MAGIC.as_bytes()) {
        return Err("no reply".into());
    }
    line.clear();
    (&mut reader)
        .take(MAX_LINE)
        .read_until(b'\n', &mut line)
        .map_err(|e| e.to_string())?;
    if !line.ends_with(b"\n") {
        return Err("a cut reply".into());
    }
    let reply: Reply = serde_json::from_slice(&line).map_err(|e| e.to_string())?;
    let mut pixels = Vec::new();
    if let Reply::Image {
        color,
        width,
        height,
        bytes,
    } = &reply
    {
        let expected = bytes_per_pixel(color)
            .map(|b| b * u64::from(*width) * u64::from(*height))
            .ok_or("an unknown pixel layout")?;
        if *bytes != expected || u64::from(*width) * u64::from(*height) > max_pixels {
            return Err("an image of the wrong size".into());
        }
        pixels = vec![0; usize::try_from(*bytes).map_err(|_| "too large")?];
        reader.read_exact(&mut pixels).map_err(|e| e.to_string())?;
    }
    Ok((reply, pixels))
}

/// How a worker ended, when it did not give a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Still running at the deadline; killed.
    TimedOut,
    /// Ended by a signal.
    Signal(i32),
    /// Exited with this code.
    Exited(i32),
}

impl Ending {
    fn of(status: ExitStatus) -> Ending {
        use std::os::unix::process::ExitStatusExt;
        match (status.signal(), status.code()) {
            (Some(signal), _) => Ending::Signal(signal),
            (None, Some(code)) => Ending::Exited(code),
            (None, None) => Ending::Exited(-1),
        }
    }
}

/// Runs one request in a fresh worker and returns its reply, or the problem its failure
/// means for the file.
fn call(
    worker: &Worker,
    request: &Request,
    file: &InputFile,
    page: Option<u32>,
) -> Result<(Reply, Vec<u8>), ReadProblem> {
    let started = Instant::now();
    let deadline = started + worker.timeout;
    let mut child = Command::new(&worker.exe)
        .arg(WORKER_COMMAND)
        // The worker never runs Tesseract; this only spares it the re-exec the CLI
        // does to set OpenMP's thread limit.
        .env("OMP_THREAD_LIMIT", "1")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            problem(
                file,
                page,
                format!("dossier could not start a reader for the file ({e}); run the check again"),
            )
        })?;
    let mut line = serde_json::to_vec(request).unwrap_or_default();
    line.push(b'\n');
    if let Some(mut stdin) = child.stdin.take() {
        // A worker that dies before reading shows in its ending below.
        let _ = stdin.write_all(&line);
    }
    let stderr = child.stderr.take().map(|mut err| {
        thread::spawn(move || {
            let mut kept = Vec::new();
            let _ = (&mut err).take(STDERR_KEPT as u64).read_to_end(&mut kept);
            // Drain the rest so the worker never blocks on a full pipe.
            let _ = io::copy(&mut err, &mut io::sink());
            String::from_utf8_lossy(&kept).into_owned()
        })
    });
    let (tx, rx) = mpsc::channel();
    let reader = child.stdout.take().map(|out| {
        let max_pixels = request.limits.max_pixels;
        thread::spawn(move || {
            let _ = tx.send(read_reply(out, max_pixels));
        })
    });
    let received = rx.recv_timeout(deadline.saturating_duration_since(Instant::now()));
    let ending = match &received {
        Ok(_) => wait_until(&mut child, deadline),
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            Ending::TimedOut
        }
    };
    if let Some(reader) = reader {
        let _ = reader.join();
    }
    let stderr = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    match received {
        Ok(Ok(reply)) => Ok(reply),
        _ => Err(problem(
            file,
            page,
            failure_reason(ending, &stderr, file.format, worker),
        )),
    }
}

/// Waits for a worker that has replied (or closed its output) to end, killing it at the
/// deadline.
fn wait_until(child: &mut Child, deadline: Instant) -> Ending {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ending::of(status),
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(1)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Ending::TimedOut;
            }
        }
    }
}

/// The clerk's reason for a worker that ended without a reply.
fn failure_reason(
    ending: Ending,
    stderr: &str,
    format: Option<FileFormat>,
    worker: &Worker,
) -> String {
    let seconds = worker.timeout.as_secs_f64();
    let timed_out = format!(
        "reading it took longer than {seconds} s (the limit for one file), so it was stopped; \
         the file may be damaged or built to stall readers: scan or export it again, or, if \
         it is simply very large, check it with a longer --file-timeout"
    );
    let out_of_memory = format!(
        "reading it needs more than {} MiB of memory (the limit for one file), so it was \
         stopped; scan it again at a lower resolution, or check it with a larger --file-memory",
        worker.memory / MIB
    );
    let crashed = if format == Some(FileFormat::Pdf) {
        "the PDF's structure loops or nests too deeply to be read (its reader crashed on it); \
         ask for a new copy of the file, or print it to a new PDF, and check that"
            .to_string()
    } else {
        "the file is damaged in a way that crashed its decoder; scan it again and replace it"
            .to_string()
    };
    let memory_words = ["memory allocation of", "out of memory", "capacity overflow"];
    let stack_words = ["overflowed its stack", "stack overflow"];
    match ending {
        Ending::TimedOut | Ending::Signal(libc::SIGXCPU) => timed_out,
        _ if memory_words.iter().any(|w| stderr.contains(w)) => out_of_memory,
        // A SIGKILL dossier did not send is the system's out-of-memory killer.
        Ending::Signal(libc::SIGKILL) => out_of_memory,
        _ if stack_words.iter().any(|w| stderr.contains(w)) => crashed,
        Ending::Signal(libc::SIGSEGV | libc::SIGBUS | libc::SIGABRT | libc::SIGILL) => crashed,
        Ending::Signal(signal) => format!(
            "dossier's reader for this file stopped unexpectedly (signal {signal}); run the \
             check again, and report it if it happens again"
        ),
        Ending::Exited(code) => format!(
            "dossier's reader for this file stopped unexpectedly (exit code {code}); run the \
             check again, and report it if it happens again"
        ),
    }
}

fn problem(file: &InputFile, page: Option<u32>, reason: String) -> ReadProblem {
    ReadProblem::new(file.rel.clone(), page, reason)
}

fn unexpected(file: &InputFile, page: Option<u32>, what: &str) -> ReadProblem {
    problem(
        file,
        page,
        format!(
            "dossier's reader for this file gave {what}; run the check again, and report it \
             if it happens again"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(img: DynamicImage) -> DynamicImage {
        let img = normalise(img);
        let bytes = img.as_bytes().to_vec();
        image_from_raw(color_name(&img), img.width(), img.height(), bytes).expect("rebuilds")
    }

    #[test]
    fn every_pixel_layout_survives_the_pipe() {
        let gray = DynamicImage::ImageLuma8(ImageBuffer::from_fn(5, 3, |x, y| {
            ::image::Luma([(x * 40 + y) as u8])
        }));
        for img in [
            gray.clone(),
            DynamicImage::ImageLumaA8(gray.to_luma_alpha8()),
            DynamicImage::ImageRgb8(gray.to_rgb8()),
            DynamicImage::ImageRgba8(gray.to_rgba8()),
            DynamicImage::ImageLuma16(gray.to_luma16()),
            DynamicImage::ImageLumaA16(gray.to_luma_alpha16()),
            DynamicImage::ImageRgb16(gray.to_rgb16()),
            DynamicImage::ImageRgba16(gray.to_rgba16()),
            DynamicImage::ImageRgb32F(gray.to_rgb32f()),
            DynamicImage::ImageRgba32F(gray.to_rgba32f()),
        ] {
            assert_eq!(round_trip(img.clone()), img);
        }
        assert!(image_from_raw("l8", 5, 3, vec![0; 14]).is_none(), "short");
        assert!(
            image_from_raw("cmyk", 5, 3, vec![0; 60]).is_none(),
            "unknown"
        );
    }

    #[test]
    fn replies_read_back_and_broken_ones_are_refused() {
        let opened = Reply::Opened {
            digest: "ab".into(),
            format: Some("tiff".into()),
            pages: vec![1, 2],
            warnings: vec![ReadProblem::new(
                "scan.tif",
                Some(2),
                "the scan decodes only partly",
            )],
        };
        let mut wire = format!("{MAGIC}\n").into_bytes();
        wire.extend(serde_json::to_vec(&opened).unwrap());
        wire.push(b'\n');
        assert_eq!(read_reply(&wire[..], 100).unwrap(), (opened, Vec::new()));

        let image = Reply::Image {
            color: "l8".into(),
            width: 2,
            height: 2,
            bytes: 4,
        };
        let mut wire = format!("{MAGIC}\n").into_bytes();
        wire.extend(serde_json::to_vec(&image).unwrap());
        wire.extend(b"\n\x01\x02\x03\x04");
        assert_eq!(
            read_reply(&wire[..], 100).unwrap(),
            (image, vec![1, 2, 3, 4])
        );
        assert!(
            read_reply(&wire[..wire.len() - 1], 100).is_err(),
            "cut pixels"
        );
        assert!(read_reply(&wire[..], 3).is_err(), "over the pixel limit");
        assert!(read_reply(&b"dossier-ingest-worker 2\n{}\n"[..], 100).is_err());
        assert!(read_reply(&b""[..], 100).is_err());
    }

    #[test]
    fn every_ending_has_a_plain_reason() {
        let worker = Worker::new("dossier".into());
        let pdf = Some(FileFormat::Pdf);
        let reason = |ending, stderr| failure_reason(ending, stderr, pdf, &worker);
        assert!(reason(Ending::TimedOut, "").starts_with("reading it took longer than 60 s"));
        assert!(reason(Ending::Signal(libc::SIGXCPU), "").contains("longer than 60 s"));
        assert!(reason(
            Ending::Signal(libc::SIGABRT),
            "memory allocation of 4000000000 bytes failed"
        )
        .starts_with("reading it needs more than 1024 MiB of memory"));
        let overflow = "\nthread 'main' has overflowed its stack\nfatal runtime error: stack \
                        overflow, aborting\n";
        assert!(reason(Ending::Signal(libc::SIGABRT), overflow)
            .starts_with("the PDF's structure loops or nests too deeply"));
        assert!(reason(Ending::Signal(libc::SIGSEGV), "")
            .starts_with("the PDF's structure loops or nests too deeply"));
        let jpeg = failure_reason(
            Ending::Signal(libc::SIGSEGV),
            "",
            Some(FileFormat::Jpeg),
            &worker,
        );
        assert!(jpeg.contains("crashed its decoder"), "{jpeg}");
        assert!(reason(Ending::Exited(2), "").contains("exit code 2"));
        for r in [
            reason(Ending::TimedOut, ""),
            reason(Ending::Exited(2), "x"),
            reason(Ending::Signal(libc::SIGSEGV), ""),
        ] {
            assert!(
                !r.contains('\n') && !r.contains("Signal") && !r.contains("{"),
                "{r}"
            );
        }
    }

    #[test]
    fn formats_have_names_both_ways() {
        for f in [
            FileFormat::Jpeg,
            FileFormat::Png,
            FileFormat::Tiff,
            FileFormat::Bmp,
            FileFormat::Webp,
            FileFormat::Pdf,
        ] {
            assert_eq!(format_from_name(format_name(f)), Some(f));
        }
    }
}
