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
//! Each thread keeps one worker process and sends it one request after the other (a
//! start costs about 70 ms: the program links Tesseract and dozens of libraries, while
//! a warm worker answers a small file in well under a millisecond). A worker that fails
//! a request (times out, crashes, runs out of memory, or gives a reply that cannot be
//! read) is killed and reaped, that file gets its [`ReadProblem`], and the next request
//! starts a fresh worker. A worker that has grown by more than a sixteenth of its memory
//! limit after a request is retired too (see [`Worker::memory`]), and a worker ends by
//! itself when its input closes: when the thread that owns it ends, or the parent dies.
//!
//! The protocol is versioned, one request and one reply at a time:
//! - request (worker's stdin): one JSON line, [`Request`];
//! - reply (worker's stdout): the line `dossier-ingest-worker 2`, one JSON line
//!   ([`Envelope`]: how much the worker has grown, and the [`Reply`]), and for an image
//!   the raw pixel bytes it announces (not re-encoded).

use std::cell::{Cell, RefCell};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::io::AsRawFd;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use ::image::{DynamicImage, ImageBuffer};
use serde::{Deserialize, Serialize};

use super::{FileFormat, InputFile, Limits, OpenedFile, PageContent, PageLocator, ReadProblem};

/// The hidden subcommand of the `dossier` program that serves requests.
pub const WORKER_COMMAND: &str = "ingest-worker";

/// The protocol version, in every request and in the first line of every reply.
const VERSION: u32 = 2;

/// First line of every reply.
const MAGIC: &str = "dossier-ingest-worker 2";

const MIB: u64 = 1024 * 1024;

/// Where untrusted files are decoded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Isolation {
    /// In this process: cheapest, and safe from every hostile file known to dossier (the
    /// PDF structure checks refuse those), but an unknown decoder crash or hang would
    /// take the process with it. The default for library users and tests.
    #[default]
    InProcess,
    /// In a long-lived child process per thread, with limits.
    Worker(Worker),
}

/// How to start worker processes and what they may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    /// The `dossier` program (it must understand [`WORKER_COMMAND`]); the CLI passes
    /// `std::env::current_exe()`.
    pub exe: PathBuf,
    /// Wall-clock time one file (opening it, or decoding one page) may take; the worker
    /// is killed after it. The worker's CPU time for one request is limited to the
    /// same, rounded up, plus a second (a backstop for a worker whose parent is gone).
    pub timeout: Duration,
    /// Memory (address space) one worker may take beyond what the program itself
    /// occupies when it starts, in bytes. The limit is the worker's, not a file's: what
    /// the worker keeps after a request (allocator caches, a fragmented heap) counts
    /// against the next. So a worker that has grown by more than a sixteenth of this
    /// after a request is replaced: every file gets at least 15/16 of it, and a worker
    /// that only reads small files is never restarted for it.
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
                        let format = match format {
                            Some(format) => format,
                            None if pages.is_empty() => FileFormat::Pdf,
                            None => return Err(unexpected(file, None, "no format")),
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
    /// Protocol version, [`VERSION`].
    v: u32,
    op: Op,
    rel: String,
    /// The file's path as raw bytes: file names need not be UTF-8.
    path: Vec<u8>,
    format: Option<FileFormat>,
    /// For `load_page`: the page and the format it was opened as.
    page: Option<u32>,
    page_format: Option<FileFormat>,
    limits: Limits,
    /// Address space allowed beyond the worker's size at its first request, bytes; the
    /// same in every request to one worker.
    memory: u64,
    /// CPU seconds allowed for this request.
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
            v: VERSION,
            op,
            rel: file.rel.clone(),
            path: file.path.as_os_str().as_bytes().to_vec(),
            format: file.format,
            page: page.map(|p| p.page),
            page_format: page.map(|p| p.format),
            limits: *limits,
            memory: worker.memory,
            cpu_seconds: worker.timeout.as_secs_f64().ceil() as u64 + 1,
        }
    }
}

/// The JSON line of a reply.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Envelope {
    /// How much the worker's address space has grown since its first request, not
    /// counting the pixels that follow (freed once sent), bytes.
    grown: u64,
    reply: Reply,
}

/// What a worker answers.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Reply {
    Opened {
        digest: String,
        /// The pages' format; `None` only when there are no pages.
        format: Option<FileFormat>,
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

/// Serves requests of the worker protocol until `input` ends: reads each request from
/// `input`, reads the file and writes the reply to `output`. Meant for a process of its
/// own (the `dossier` program run with [`WORKER_COMMAND`]), since it limits the calling
/// process: on the first request, its address space to its size then plus the request's
/// `memory` (for the rest of its life: a process can never raise its own hard limit
/// again, which is why the parent starts a new worker for another figure) and no core
/// dumps; before every request, its CPU time to what it has used so far plus the
/// request's `cpu_seconds`. Returns `Ok` when `input` ends between requests (the parent
/// is done, or has gone away).
pub fn serve_worker(input: impl Read, mut output: impl Write) -> Result<(), WorkerError> {
    let mut input = BufReader::new(input);
    // The address-space figure this worker lives with, and its size when it was set.
    let mut limited: Option<(u64, u64)> = None;
    loop {
        let mut line = Vec::new();
        (&mut input)
            .take(16 * MIB)
            .read_until(b'\n', &mut line)
            .map_err(WorkerError::Read)?;
        if line.is_empty() {
            return Ok(());
        }
        if !line.ends_with(b"\n") {
            return Err(WorkerError::Request("a cut or oversized request".into()));
        }
        let request: Request =
            serde_json::from_slice(&line).map_err(|e| WorkerError::Request(e.to_string()))?;
        if request.v != VERSION {
            return Err(WorkerError::Request(format!(
                "protocol version {} (this program speaks {VERSION})",
                request.v
            )));
        }
        let start_size = match limited {
            None => {
                let size = limit_memory(request.memory);
                limited = Some((request.memory, size));
                size
            }
            Some((memory, size)) if memory == request.memory => size,
            Some((memory, _)) => {
                return Err(WorkerError::Request(format!(
                    "a memory limit of {} bytes for a worker started with {memory}",
                    request.memory
                )))
            }
        };
        limit_cpu(request.cpu_seconds);
        let (reply, pixels) = serve_one(&request)?;
        // What this worker keeps of the request once the pixels, sent next, are freed.
        let pixel_bytes = pixels.as_ref().map_or(0, |img| img.as_bytes().len() as u64);
        let grown = present_size()
            .unwrap_or(0)
            .saturating_sub(start_size)
            .saturating_sub(pixel_bytes);
        let mut header = serde_json::to_vec(&Envelope { grown, reply })
            .map_err(|e| WorkerError::Write(e.into()))?;
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
            .map_err(WorkerError::Write)?;
    }
}

/// Reads the file of one request.
fn serve_one(request: &Request) -> Result<(Reply, Option<DynamicImage>), WorkerError> {
    let file = {
        use std::os::unix::ffi::OsStringExt;
        InputFile {
            rel: request.rel.clone(),
            path: PathBuf::from(std::ffi::OsString::from_vec(request.path.clone())),
            format: request.format,
        }
    };
    Ok(match request.op {
        Op::Open => match super::open(&file, &request.limits) {
            Ok(opened) => (
                Reply::Opened {
                    digest: opened.digest,
                    format: opened.pages.first().map(|p| p.format),
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
    })
}

fn set_limit(resource: LimitResource, soft: u64, hard: u64) {
    let limit = libc::rlimit {
        rlim_cur: soft as libc::rlim_t,
        rlim_max: hard as libc::rlim_t,
    };
    // SAFETY: setrlimit only reads the struct passed by reference.
    unsafe { libc::setrlimit(resource, &limit) };
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
type LimitResource = libc::__rlimit_resource_t;
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
type LimitResource = libc::c_int;

/// Limits this process's address space to its present size plus `memory`, for good, and
/// turns off core dumps of a crash. Returns the present size. Best effort: a limit the
/// system refuses is left as it was.
fn limit_memory(memory: u64) -> u64 {
    set_limit(libc::RLIMIT_CORE, 0, 0);
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_DUMPABLE takes plain integer arguments.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    let size = present_size().unwrap_or(0);
    let limit = size.saturating_add(memory);
    set_limit(libc::RLIMIT_AS, limit, limit);
    size
}

/// Lets this process use `cpu_seconds` more CPU time from now (SIGXCPU at the soft
/// limit, whose default action ends the process). Only the soft limit moves: the hard
/// one stays as inherited, since a process can lower its hard limit but never raise it,
/// and a long-lived worker needs a new budget for every request.
fn limit_cpu(cpu_seconds: u64) {
    // SAFETY: getrusage and getrlimit only write the structs passed by reference.
    let (used, hard) = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0
            || libc::getrlimit(libc::RLIMIT_CPU, &mut limit) != 0
        {
            return;
        }
        let seconds = |t: libc::timeval| t.tv_sec.max(0) as u64 + u64::from(t.tv_usec > 0);
        (
            seconds(usage.ru_utime) + seconds(usage.ru_stime),
            limit.rlim_max as u64,
        )
    };
    set_limit(
        libc::RLIMIT_CPU,
        used.saturating_add(cpu_seconds).min(hard),
        hard,
    );
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

/// Why a reply could not be read.
#[derive(Debug)]
enum ReplyError {
    /// The pipe failed, ended early or stayed silent past the deadline
    /// ([`io::ErrorKind::TimedOut`]): the worker is gone, dying or stuck.
    Io(io::Error),
    /// The worker wrote something that is not a reply.
    Malformed,
}

fn cut() -> ReplyError {
    ReplyError::Io(io::ErrorKind::UnexpectedEof.into())
}

/// Reads one reply: the magic line, the JSON line and any pixels, within `max_pixels`;
/// returns the reply, how much the worker has grown and the pixels.
fn read_reply(
    reader: &mut impl BufRead,
    max_pixels: u64,
) -> Result<(Reply, u64, Vec<u8>), ReplyError> {
    // The longest reply line is a page's text; a page of a PDF within the file-size
    // limit cannot hold more than this, and the cap only bounds a broken worker.
    const MAX_LINE: u64 = 512 * MIB;
    let mut line = Vec::new();
    let limit = MAGIC.len() as u64 + 1;
    reader
        .take(limit)
        .read_until(b'\n', &mut line)
        .map_err(ReplyError::Io)?;
    if !line.ends_with(b"\n") && (line.len() as u64) < limit {
        return Err(cut());
    }
    if line.strip_suffix(b"\n") != Some(MAGIC.as_bytes()) {
        return Err(ReplyError::Malformed);
    }
    line.clear();
    reader
        .take(MAX_LINE)
        .read_until(b'\n', &mut line)
        .map_err(ReplyError::Io)?;
    if !line.ends_with(b"\n") {
        return Err(if (line.len() as u64) < MAX_LINE {
            cut()
        } else {
            ReplyError::Malformed
        });
    }
    let Envelope { grown, reply } =
        serde_json::from_slice(&line).map_err(|_| ReplyError::Malformed)?;
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
            .ok_or(ReplyError::Malformed)?;
        if *bytes != expected || u64::from(*width) * u64::from(*height) > max_pixels {
            return Err(ReplyError::Malformed);
        }
        let bytes = usize::try_from(*bytes).map_err(|_| ReplyError::Malformed)?;
        pixels = vec![0; bytes];
        reader.read_exact(&mut pixels).map_err(ReplyError::Io)?;
    }
    Ok((reply, grown, pixels))
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
    /// Wrote something that is not a reply; killed.
    Garbled,
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

/// A worker's stdout, read with a deadline: `read` waits for data with poll(2) and fails
/// with [`io::ErrorKind::TimedOut`] once the deadline has passed.
struct Timed {
    out: ChildStdout,
    deadline: Instant,
}

impl Read for Timed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let left = self.deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::ErrorKind::TimedOut.into());
            }
            let millis = i32::try_from(left.as_millis() + 1).unwrap_or(i32::MAX);
            let mut fd = libc::pollfd {
                fd: self.out.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd, for a descriptor this struct owns.
            match unsafe { libc::poll(&mut fd, 1, millis) } {
                0 => continue,
                n if n > 0 => return self.out.read(buf),
                _ => {
                    let e = io::Error::last_os_error();
                    if e.kind() != io::ErrorKind::Interrupted {
                        return Err(e);
                    }
                }
            }
        }
    }
}

/// A running worker process and its pipes. Dropping it ends the worker: its input is
/// closed, and it is killed if it has not exited a moment later; either way it is
/// reaped.
struct Live {
    exe: PathBuf,
    memory: u64,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<Timed>,
    /// The latest stderr, filled by `drain`.
    stderr: Arc<Mutex<Vec<u8>>>,
    drain: Option<JoinHandle<()>>,
}

thread_local! {
    /// This thread's idle worker, if it has one. A worker is taken out while it serves a
    /// request and put back only after a good reply, so a panic in between drops (ends)
    /// it and a later request never reads a stale reply.
    static LIVE: RefCell<Option<Live>> = const { RefCell::new(None) };
    /// How many workers this thread has started.
    static STARTED: Cell<u64> = const { Cell::new(0) };
}

/// How many worker processes the calling thread has started so far: one for its first
/// request, and one more after each failed request or retired worker. For tests and
/// measurements.
pub fn workers_started() -> u64 {
    STARTED.try_with(Cell::get).unwrap_or(0)
}

/// The process id of the calling thread's idle worker, if it has one.
pub fn worker_pid() -> Option<u32> {
    LIVE.try_with(|live| live.borrow().as_ref().map(|l| l.child.id()))
        .ok()
        .flatten()
}

impl Live {
    fn start(worker: &Worker) -> io::Result<Live> {
        let mut child = Command::new(&worker.exe)
            .arg(WORKER_COMMAND)
            // The worker never runs Tesseract; this only spares it the re-exec the CLI
            // does to set OpenMP's thread limit.
            .env("OMP_THREAD_LIMIT", "1")
            .env("RUST_BACKTRACE", "0")
            // The PDF parser loads objects on a rayon pool; in a worker that decodes one
            // file at a time, extra threads (each with its own 64 MiB malloc arena, all
            // counted by the address-space limit) only eat into the file's memory.
            .env("RAYON_NUM_THREADS", "1")
            .env("MALLOC_ARENA_MAX", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let _ = STARTED.try_with(|n| n.set(n.get() + 1));
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let stderr_pipe = child.stderr.take();
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let drain = stderr_pipe.map(|mut err| {
            let kept = Arc::clone(&stderr);
            thread::spawn(move || {
                let mut chunk = [0; 4096];
                loop {
                    match err.read(&mut chunk) {
                        Ok(0) => break,
                        Ok(n) => {
                            let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
                            kept.extend_from_slice(&chunk[..n]);
                            if kept.len() > 2 * STDERR_KEPT {
                                let cut = kept.len() - STDERR_KEPT;
                                kept.drain(..cut);
                            }
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(_) => break,
                    }
                }
            })
        });
        let mut live = Live {
            exe: worker.exe.clone(),
            memory: worker.memory,
            child,
            stdin,
            stdout: BufReader::new(Timed {
                out: match stdout {
                    Some(out) => out,
                    None => return Err(io::Error::other("no pipe from the worker")),
                },
                deadline: Instant::now(),
            }),
            stderr,
            drain,
        };
        if live.stdin.is_none() {
            live.end();
            return Err(io::Error::other("no pipe to the worker"));
        }
        Ok(live)
    }

    /// Sends one request and reads its reply before `deadline`.
    fn exchange(
        &mut self,
        request: &[u8],
        max_pixels: u64,
        deadline: Instant,
    ) -> Result<(Reply, u64, Vec<u8>), ReplyError> {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.stdout.get_mut().deadline = deadline;
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| ReplyError::Io(io::ErrorKind::BrokenPipe.into()))?;
        stdin
            .write_all(request)
            .and_then(|()| stdin.flush())
            .map_err(ReplyError::Io)?;
        read_reply(&mut self.stdout, max_pixels)
    }

    /// Ends a worker that failed its request and tells how: one that was silent past
    /// the deadline or wrote nonsense is killed; one whose output broke is given until
    /// the deadline to exit.
    fn fail(&mut self, error: &ReplyError, deadline: Instant) -> Ending {
        match error {
            ReplyError::Io(e) if e.kind() == io::ErrorKind::TimedOut => {
                self.kill();
                Ending::TimedOut
            }
            ReplyError::Malformed => {
                self.kill();
                Ending::Garbled
            }
            ReplyError::Io(_) => {
                self.stdin = None;
                loop {
                    match self.child.try_wait() {
                        Ok(Some(status)) => return Ending::of(status),
                        Ok(None) if Instant::now() < deadline => {
                            thread::sleep(Duration::from_millis(1))
                        }
                        _ => {
                            self.kill();
                            return Ending::TimedOut;
                        }
                    }
                }
            }
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The worker's latest stderr, once it has ended.
    fn stderr_text(&mut self) -> String {
        if let Some(drain) = self.drain.take() {
            let _ = drain.join();
        }
        let kept = self.stderr.lock().unwrap_or_else(|e| e.into_inner());
        let tail = &kept[kept.len().saturating_sub(STDERR_KEPT)..];
        String::from_utf8_lossy(tail).into_owned()
    }

    /// Closes the worker's input, gives it a moment to exit, kills it otherwise, and
    /// reaps it.
    fn end(&mut self) {
        self.stdin = None;
        let grace = Instant::now() + Duration::from_millis(200);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < grace => thread::sleep(Duration::from_millis(1)),
                _ => {
                    self.kill();
                    break;
                }
            }
        }
        if let Some(drain) = self.drain.take() {
            let _ = drain.join();
        }
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.end();
    }
}

/// Runs one request in this thread's worker (started when there is none, or when it was
/// started for another program or memory limit) and returns its reply, or the problem
/// its failure means for the file.
fn call(
    worker: &Worker,
    request: &Request,
    file: &InputFile,
    page: Option<u32>,
) -> Result<(Reply, Vec<u8>), ReadProblem> {
    let idle = LIVE
        .try_with(|live| live.borrow_mut().take())
        .ok()
        .flatten();
    let mut live = match idle {
        Some(live) if live.exe == worker.exe && live.memory == worker.memory => live,
        other => {
            drop(other);
            Live::start(worker).map_err(|e| {
                problem(
                    file,
                    page,
                    format!(
                        "dossier could not start a reader for the file ({e}); run the check \
                         again"
                    ),
                )
            })?
        }
    };
    let deadline = Instant::now() + worker.timeout;
    let mut line = serde_json::to_vec(request).unwrap_or_default();
    line.push(b'\n');
    match live.exchange(&line, request.limits.max_pixels, deadline) {
        Ok((reply, grown, pixels)) => {
            if grown <= worker.memory / 16 {
                // Back to the pool; if the thread is ending, `live` is dropped instead.
                let _ = LIVE.try_with(|slot| *slot.borrow_mut() = Some(live));
            }
            Ok((reply, pixels))
        }
        Err(error) => {
            let ending = live.fail(&error, deadline);
            let stderr = live.stderr_text();
            Err(problem(
                file,
                page,
                failure_reason(ending, &stderr, file.format, worker),
            ))
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
        Ending::Garbled => "dossier's reader for this file gave a reply it could not read; \
                            run the check again, and report it if it happens again"
            .to_string(),
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

    fn wire(reply: &Reply, grown: u64) -> Vec<u8> {
        let mut wire = format!("{MAGIC}\n").into_bytes();
        let envelope = serde_json::json!({ "grown": grown, "reply": reply });
        wire.extend(serde_json::to_vec(&envelope).unwrap());
        wire.push(b'\n');
        wire
    }

    #[test]
    fn replies_read_back_and_broken_ones_are_refused() {
        let opened = Reply::Opened {
            digest: "ab".into(),
            format: Some(FileFormat::Tiff),
            pages: vec![1, 2],
            warnings: vec![ReadProblem::new(
                "scan.tif",
                Some(2),
                "the scan decodes only partly",
            )],
        };
        let w = wire(&opened, 7);
        let read = |bytes: &[u8], max| read_reply(&mut &bytes[..], max);
        assert_eq!(read(&w, 100).unwrap(), (opened, 7, Vec::new()));

        let image = Reply::Image {
            color: "l8".into(),
            width: 2,
            height: 2,
            bytes: 4,
        };
        let mut w = wire(&image, 0);
        w.extend(b"\x01\x02\x03\x04");
        assert_eq!(read(&w, 100).unwrap(), (image, 0, vec![1, 2, 3, 4]));
        // Two replies in a row come back one at a time from the same reader.
        let mut two = w.clone();
        two.extend(&w);
        let mut reader = &two[..];
        assert!(read_reply(&mut reader, 100).is_ok());
        assert!(read_reply(&mut reader, 100).is_ok());
        assert!(matches!(
            read_reply(&mut reader, 100),
            Err(ReplyError::Io(_))
        ));

        let is_cut =
            |r| matches!(r, Err(ReplyError::Io(e)) if e.kind() == io::ErrorKind::UnexpectedEof);
        assert!(is_cut(read(&w[..w.len() - 1], 100)), "cut pixels");
        assert!(is_cut(read(&w[..MAGIC.len() + 5], 100)), "cut line");
        assert!(is_cut(read(b"", 100)), "nothing");
        let garbled = |r| matches!(r, Err(ReplyError::Malformed));
        assert!(garbled(read(&w, 3)), "over the pixel limit");
        assert!(
            garbled(read(b"dossier-ingest-worker 1\n{}\n", 100)),
            "old version"
        );
        assert!(
            garbled(read(b"dossier-ingest-worker 2\n{}\n", 100)),
            "no envelope"
        );
        assert!(garbled(read(b"hello, world, this is not a reply\n", 100)));
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
        assert!(reason(Ending::Garbled, "").contains("a reply it could not read"));
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
    fn formats_cross_the_wire_by_their_lower_case_names() {
        for (f, name) in [
            (FileFormat::Jpeg, "jpeg"),
            (FileFormat::Png, "png"),
            (FileFormat::Tiff, "tiff"),
            (FileFormat::Bmp, "bmp"),
            (FileFormat::Webp, "webp"),
            (FileFormat::Pdf, "pdf"),
        ] {
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<FileFormat>(&json).unwrap(), f);
        }
        assert!(serde_json::from_str::<FileFormat>("\"gif\"").is_err());
    }
}
