//! Reading a snapshot (or a `.cpuprofile`) into the core's streaming parser, then running the
//! analysis. A reader thread reads (and, for `.gz`, inflates) 4 MiB chunks while the main thread
//! parses the previous ones, so I/O and decompression overlap with parsing; at most a few chunks are
//! in memory.

use crate::progress_bar::ProgressBar;
use crate::Failure;
use heapscope_core::compare::{CpuProfile, CpuProfileParser};
use heapscope_core::{Analysis, HeapSnapshot, SnapshotParser};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Instant;

const CHUNK: usize = 4 << 20;

pub struct Loaded {
    pub analysis: Analysis,
    pub parse_ms: f64,
}

/// Counts the bytes read from the file, for the progress bar.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn is_gzip(path: &Path) -> io::Result<bool> {
    let mut magic = [0u8; 2];
    let mut f = File::open(path)?;
    let mut got = 0;
    while got < 2 {
        match f.read(&mut magic[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got == 2 && magic == [0x1f, 0x8b])
}

/// Fills `buf` as far as the reader allows; returns the bytes read (0 at the end).
fn fill(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match reader.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Chunks on their way from the reader thread, and the parsed ones on their way back to be filled
/// again (a fresh 4 MiB buffer per chunk would cost its page faults, zeroing and unmapping each time).
struct Chunks {
    filled: mpsc::Receiver<io::Result<Vec<u8>>>,
    spent: mpsc::Sender<Vec<u8>>,
}

/// Starts the reader thread; chunks (already inflated) arrive on the returned channel.
fn spawn_reader(path: &Path, gzip: bool, read: Arc<AtomicU64>) -> io::Result<Chunks> {
    let file = Counting {
        inner: File::open(path)?,
        read,
    };
    let mut reader: Box<dyn Read + Send> = if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
            1 << 20,
            file,
        )))
    } else {
        Box::new(file)
    };
    let (tx, rx) = mpsc::sync_channel(2);
    let (spent, recycled) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || loop {
        let mut buf = recycled.try_recv().unwrap_or_default();
        buf.resize(CHUNK, 0);
        match fill(&mut *reader, &mut buf) {
            Ok(0) => break,
            Ok(n) => {
                buf.truncate(n);
                if tx.send(Ok(buf)).is_err() {
                    break;
                }
            }
            Err(e) => {
                let _ = tx.send(Err(e));
                break;
            }
        }
    });
    Ok(Chunks { filled: rx, spent })
}

/// Reads, parses and analyses `path`; errors name the file and say what is wrong.
pub fn load_and_analyse(path: &Path) -> Result<Loaded, Failure> {
    let (snapshot, parse_ms, bar) = parse(path).map_err(|m| named(path, m))?;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    crate::block_reuse::for_the_analysis();
    let analysis = Analysis::new(snapshot, &mut |phase| bar.update(size, phase.label()));
    bar.clear();
    Ok(Loaded { analysis, parse_ms })
}

/// Reads and parses `path` without analysing it (what three-snapshot leak detection needs of the
/// baseline and the target: their ids).
pub fn load_snapshot(path: &Path) -> Result<HeapSnapshot, Failure> {
    let (snapshot, _, bar) = parse(path).map_err(|m| named(path, m))?;
    bar.clear();
    Ok(snapshot)
}

/// Reads and parses a `.cpuprofile` (optionally gzip'd).
pub fn load_cpuprofile(path: &Path) -> Result<CpuProfile, Failure> {
    let bar = ProgressBar::new(file_size(path).map_err(|m| named(path, m))?);
    let mut parser = CpuProfileParser::new();
    let read = Arc::new(AtomicU64::new(0));
    stream(path, &bar, read.clone(), |chunk| {
        bar.update(read.load(Ordering::Relaxed), "parsing CPU profile");
        parser.feed(chunk).map_err(|e| e.to_string())
    })
    .map_err(|m| named(path, m))?;
    bar.clear();
    parser.finish().map_err(|e| named(path, e.to_string()))
}

fn named(path: &Path, message: String) -> Failure {
    Failure(format!("{}: {message}", path.display()))
}

fn file_size(path: &Path) -> Result<u64, String> {
    Ok(std::fs::metadata(path)
        .map_err(|e| format!("cannot open: {e}"))?
        .len())
}

/// `path` mapped into memory when it is a regular file that can be (so the parser reads the page
/// cache itself, with no copy into chunks: app-server's parse 144/162 -> 116/141 ms, fastest/median
/// of 11 alternated runs, peak RSS 138 -> 134 MB), or `None` to read it (a pipe, a device, an empty
/// file, `HEAPSCOPE_NO_MMAP` set).
///
/// A mapped file that another process truncates while it is parsed ends the process with SIGBUS,
/// as it would ripgrep's (which maps single files the same way): set `HEAPSCOPE_NO_MMAP=1` to read
/// a file that may shrink while it is read. A file that grows (a snapshot still being written) is
/// read up to its size at open.
#[cfg(unix)]
fn map_file(path: &Path) -> Option<Arc<memmap2::Mmap>> {
    if std::env::var_os("HEAPSCOPE_NO_MMAP").is_some() {
        return None;
    }
    let file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() == 0 {
        return None;
    }
    // SAFETY: the map is only read, while this process does not write the file; a change by
    // another process is the documented risk above.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let _ = map.advise(memmap2::Advice::Sequential);
    // The whole file's read from disk is started at once, by a thread of its own since the
    // request can block until the device takes it, so the parser finds the pages of a file not in
    // the page cache already read, as the reader thread would have had them (app-server with the
    // page cache dropped: parse 280/306 ms with a window of two chunks advised ahead, 186/178 with
    // this, 223/167 through the reader thread).
    let map = Arc::new(map);
    let ahead = Arc::clone(&map);
    std::thread::spawn(move || ahead.advise(memmap2::Advice::WillNeed));
    Some(map)
}

/// Feeds every (inflated) chunk of `path` to `feed`, on the main thread: slices of the file mapped
/// into memory ([`map_file`]), or chunks a reader thread reads (and inflates) meanwhile.
fn stream(
    path: &Path,
    bar: &ProgressBar,
    read: Arc<AtomicU64>,
    mut feed: impl FnMut(&[u8]) -> Result<(), String>,
) -> Result<(), String> {
    let gzip = is_gzip(path).map_err(|e| format!("cannot open: {e}"))?;
    #[cfg(unix)]
    if !gzip {
        if let Some(map) = map_file(path) {
            for (i, chunk) in map.chunks(CHUNK).enumerate() {
                read.fetch_add(chunk.len() as u64, Ordering::Relaxed);
                feed(chunk).inspect_err(|_| bar.clear())?;
                // Out of this process' resident set once parsed (the parser keeps no reference
                // into a chunk), so the mapping adds a chunk or two to the peak, not the file.
                // SAFETY: nothing reads this range again; for a shared read-only file mapping
                // DONTNEED only drops the page table entries, the pages stay in the page cache.
                unsafe {
                    let _ = map.unchecked_advise_range(
                        memmap2::UncheckedAdvice::DontNeed,
                        i * CHUNK,
                        chunk.len(),
                    );
                }
            }
            return Ok(());
        }
    }
    let chunks = spawn_reader(path, gzip, read).map_err(|e| format!("cannot open: {e}"))?;
    for chunk in chunks.filled.iter() {
        let chunk = chunk.map_err(|e| {
            bar.clear();
            if e.kind() == io::ErrorKind::InvalidInput || e.kind() == io::ErrorKind::InvalidData {
                format!(
                    "the gzip data is corrupt ({e}); decompress the file with gunzip to check it"
                )
            } else if e.kind() == io::ErrorKind::UnexpectedEof {
                format!(
                    "the gzip data is corrupt or cut short ({e}): the file ends early; take or copy it again"
                )
            } else {
                format!("cannot read: {e}")
            }
        })?;
        feed(&chunk).inspect_err(|_| bar.clear())?;
        // Back to the reader thread; dropped there if it has already ended.
        let _ = chunks.spent.send(chunk);
    }
    Ok(())
}

/// Parses `path`; returns the snapshot, the parse time and the progress bar (still drawn).
fn parse(path: &Path) -> Result<(HeapSnapshot, f64, ProgressBar), String> {
    let size = file_size(path)?;
    let bar = ProgressBar::new(size);
    let read = Arc::new(AtomicU64::new(0));
    let mut parser = SnapshotParser::new();
    // The file's size bounds what its header may announce (the text, for gzip, up to 1032x more).
    parser.set_input_size(
        size,
        is_gzip(path).map_err(|e| format!("cannot open: {e}"))?,
    );
    {
        let (bar, read) = (bar.clone(), read.clone());
        parser.set_progress(Box::new(move |p| {
            bar.update(read.load(Ordering::Relaxed), p.phase.label())
        }));
    }
    let started = Instant::now();
    stream(path, &bar, read, |chunk| {
        parser.feed(chunk).map_err(|e| e.to_string())
    })?;
    let snapshot = parser.finish().map_err(|e| {
        bar.clear();
        e.to_string()
    })?;
    for warning in &snapshot.warnings {
        bar.clear();
        eprintln!("heapscope: warning: {}: {warning}", path.display());
    }
    Ok((snapshot, started.elapsed().as_secs_f64() * 1000.0, bar))
}
