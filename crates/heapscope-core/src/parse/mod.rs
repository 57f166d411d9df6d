//! The push-based snapshot parser: [`SnapshotParser::feed`] takes chunks split anywhere (mid-number,
//! mid-string, mid-escape, mid-surrogate pair, mid-gzip block), [`SnapshotParser::finish`] returns the
//! columnar [`HeapSnapshot`]. Gzip input is recognised by its magic bytes and inflated as it streams.
//! The file text is never held: memory stays at the size of the columns and the string arena.

mod batch;
mod columns;
mod exact_div;
mod header;
mod number_block;
mod reader;
#[cfg(not(target_arch = "wasm32"))]
mod split;

pub use header::estimated_memory;

use crate::error::{ParseError, ParseErrorKind};
use crate::progress::{Phase, Progress};
use crate::snapshot::HeapSnapshot;
use reader::Reader;
use std::io::Write;

/// Report progress at most this often (in input bytes), and on every phase change.
const PROGRESS_EVERY: u64 = 4 << 20;

/// Adapts the JSON reader to `io::Write`, the sink of the gzip decoder; keeps the real error.
struct Sink {
    reader: Reader,
    error: Option<ParseError>,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.error.is_some() {
            return Err(std::io::Error::other("parse failed"));
        }
        match self.reader.feed(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e) => {
                self.error = Some(e);
                Err(std::io::Error::other("parse failed"))
            }
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

enum Input {
    /// Fewer than two bytes seen: gzip or not is still open.
    Undecided(Vec<u8>),
    Plain(Box<Sink>),
    Gzip(Box<flate2::write::MultiGzDecoder<Sink>>),
}

/// Parses a `.heapsnapshot` (or `.heapsnapshot.gz`) pushed in chunks.
pub struct SnapshotParser {
    input: Input,
    fed: u64,
    last_report: u64,
    last_phase: Phase,
    memory_limit: u64,
    input_size: Option<(u64, bool)>,
    progress: Option<Box<dyn FnMut(Progress)>>,
}

/// Most a deflate stream expands (its format's limit, 1032:1): no gzip file of N bytes holds more.
const GZIP_MAX_RATIO: u64 = 1032;
/// What heap snapshots usually compress by, with room to spare: sizes the columns for gzip input.
const GZIP_LIKELY_RATIO: u64 = 16;

impl Default for SnapshotParser {
    fn default() -> Self {
        Self::new()
    }
}

impl SnapshotParser {
    pub fn new() -> Self {
        SnapshotParser {
            input: Input::Undecided(Vec::new()),
            fed: 0,
            last_report: 0,
            last_phase: Phase::Header,
            memory_limit: u64::MAX,
            input_size: None,
            progress: None,
        }
    }

    /// Tells the parser the size of the file the input comes from, and whether that file is gzip
    /// (whoever inflates it: the parser, or a caller that feeds inflated text). With it, a header
    /// announcing more records than such a file can hold is refused before anything is allocated,
    /// and the columns are never sized past what the file can fill.
    pub fn set_input_size(&mut self, bytes: u64, gzip: bool) {
        self.input_size = Some((bytes, gzip));
        let gzip = gzip || matches!(self.input, Input::Gzip(_));
        if let Some(sink) = self.sink_mut() {
            Self::apply_input_size(&mut sink.reader, bytes, gzip);
        }
    }

    fn apply_input_size(reader: &mut Reader, bytes: u64, gzip: bool) {
        if gzip {
            reader.set_text_bounds(
                bytes.saturating_mul(GZIP_MAX_RATIO),
                bytes.saturating_mul(GZIP_LIKELY_RATIO),
            );
        } else {
            reader.set_text_bounds(bytes, bytes);
        }
    }

    /// Calls `cb` on every phase change and every few MiB of input.
    pub fn set_progress(&mut self, cb: Box<dyn FnMut(Progress)>) {
        self.progress = Some(cb);
    }

    /// Makes `feed` fail with [`ParseErrorKind::TooLarge`] as soon as the header shows that the graph
    /// needs more than `bytes` to analyse (see [`estimated_memory`]).
    pub fn set_memory_limit(&mut self, bytes: u64) {
        self.memory_limit = bytes;
        if let Some(sink) = self.sink_mut() {
            sink.reader.set_memory_limit(bytes);
        }
    }

    /// Input bytes consumed so far (compressed bytes for gzip input).
    pub fn bytes_fed(&self) -> u64 {
        self.fed
    }

    fn sink_mut(&mut self) -> Option<&mut Sink> {
        match &mut self.input {
            Input::Undecided(_) => None,
            Input::Plain(s) => Some(s),
            Input::Gzip(d) => Some(d.get_mut()),
        }
    }

    fn new_sink(&self, gzip: bool) -> Sink {
        let mut reader = Reader::new();
        reader.set_memory_limit(self.memory_limit);
        if let Some((bytes, compressed)) = self.input_size {
            Self::apply_input_size(&mut reader, bytes, gzip || compressed);
        }
        Sink {
            reader,
            error: None,
        }
    }

    /// Consumes the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), ParseError> {
        if chunk.is_empty() {
            return Ok(());
        }
        self.fed += chunk.len() as u64;
        if let Input::Undecided(head) = &mut self.input {
            head.extend_from_slice(chunk);
            if head.len() < 2 {
                return Ok(());
            }
            let head = std::mem::take(head);
            let gzip = head[0] == 0x1f && head[1] == 0x8b;
            let sink = self.new_sink(gzip);
            self.input = if gzip {
                Input::Gzip(Box::new(flate2::write::MultiGzDecoder::new(sink)))
            } else {
                Input::Plain(Box::new(sink))
            };
            self.write(&head)?;
        } else {
            self.write(chunk)?;
        }
        self.report();
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), ParseError> {
        match &mut self.input {
            Input::Undecided(_) => unreachable!(),
            Input::Plain(sink) => sink.reader.feed(bytes),
            Input::Gzip(decoder) => match decoder.write_all(bytes) {
                Ok(()) => Ok(()),
                Err(e) => Err(Self::gzip_error(decoder.get_mut(), e)),
            },
        }
    }

    fn gzip_error(sink: &mut Sink, e: std::io::Error) -> ParseError {
        sink.error.take().unwrap_or_else(|| {
            ParseError::new(
                ParseErrorKind::BadGzip,
                0,
                format!(
                    "the gzip data is corrupt ({e}); decompress the file with gunzip to check it"
                ),
            )
        })
    }

    fn report(&mut self) {
        let phase = match &self.input {
            Input::Undecided(_) => Phase::Header,
            Input::Plain(s) => s.reader.phase,
            Input::Gzip(d) => d.get_ref().reader.phase,
        };
        if let Some(cb) = self.progress.as_mut() {
            if phase != self.last_phase || self.fed - self.last_report >= PROGRESS_EVERY {
                self.last_phase = phase;
                self.last_report = self.fed;
                cb(Progress {
                    phase,
                    bytes: self.fed,
                });
            }
        }
    }

    /// Ends the input and returns the snapshot, or says why it is not a complete, consistent one.
    pub fn finish(mut self) -> Result<HeapSnapshot, ParseError> {
        if let Input::Undecided(head) = &mut self.input {
            let head = std::mem::take(head);
            self.input = Input::Plain(Box::new(self.new_sink(false)));
            if !head.is_empty() {
                self.write(&head)?;
            }
        }
        if let Some(cb) = self.progress.as_mut() {
            cb(Progress {
                phase: Phase::Validating,
                bytes: self.fed,
            });
        }
        let sink = match self.input {
            Input::Undecided(_) => unreachable!(),
            Input::Plain(sink) => *sink,
            Input::Gzip(mut decoder) => {
                if let Err(e) = decoder.try_finish() {
                    return Err(decoder.get_mut().error.take().unwrap_or_else(|| {
                        ParseError::new(
                            ParseErrorKind::BadGzip,
                            0,
                            format!(
                                "the gzip data is corrupt or cut short ({e}): the file ends early; take or copy \
                                 it again"
                            ),
                        )
                    }));
                }
                match decoder.finish() {
                    Ok(sink) => sink,
                    Err(e) => {
                        return Err(ParseError::new(
                            ParseErrorKind::BadGzip,
                            0,
                            format!("the gzip data is corrupt or cut short ({e})"),
                        ))
                    }
                }
            }
        };
        if let Some(e) = sink.error {
            return Err(e);
        }
        sink.reader.finish()
    }
}
