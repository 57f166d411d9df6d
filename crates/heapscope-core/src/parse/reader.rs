//! The push-based JSON state machine that walks a heap snapshot's top-level object. Bytes arrive in
//! chunks split anywhere; every state lives in this struct between calls, so nothing of the input is
//! kept: numbers go straight into [`Columns`], strings into the arena, and unknown sections (Chromium's
//! `scopes`, which hold negative numbers) are skipped without being stored.

use super::columns::Columns;
use super::header::parse_header;
use super::number_block::{self as block, digits_value, read_block, BLOCK_MOST, BLOCK_READ};
use crate::error::{ParseError, ParseErrorKind};
use crate::progress::Phase;
use crate::snapshot::{HeapSnapshot, TraceNode};

/// Longest `snapshot` header we capture before concluding the input is not a snapshot.
const MAX_HEADER_BYTES: usize = 16 << 20;

/// Deepest allocation trace tree we follow (V8's stacks are far shallower).
const MAX_TRACE_DEPTH: usize = 1 << 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum State {
    /// Before the top-level `{`.
    Start,
    /// After `{`: a key or `}`.
    ObjectOpen,
    /// After `,`: a key.
    ExpectKey,
    Key,
    KeyEscape,
    Colon,
    Value,
    Capture,
    Numbers,
    Strings,
    Tree,
    Skip,
    AfterValue,
    End,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Header,
    Nodes,
    Edges,
    Locations,
    Samples,
    TraceFunctionInfos,
    Strings,
    TraceTree,
    Unknown,
}

impl Section {
    fn from_key(key: &[u8]) -> Section {
        match key {
            b"snapshot" => Section::Header,
            b"nodes" => Section::Nodes,
            b"edges" => Section::Edges,
            b"locations" => Section::Locations,
            b"samples" => Section::Samples,
            b"trace_function_infos" => Section::TraceFunctionInfos,
            b"strings" => Section::Strings,
            b"trace_tree" => Section::TraceTree,
            _ => Section::Unknown,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Section::Header => "snapshot",
            Section::Nodes => "nodes",
            Section::Edges => "edges",
            Section::Locations => "locations",
            Section::Samples => "samples",
            Section::TraceFunctionInfos => "trace_function_infos",
            Section::Strings => "strings",
            Section::TraceTree => "trace_tree",
            Section::Unknown => "unknown",
        }
    }

    fn phase(self) -> Phase {
        match self {
            Section::Header => Phase::Header,
            Section::Nodes => Phase::Nodes,
            Section::Edges => Phase::Edges,
            Section::Strings => Phase::Strings,
            _ => Phase::OtherSections,
        }
    }
}

// Number-array stages.
const NUM_START: u8 = 0;
const NUM_IN: u8 = 1;
pub(super) const NUM_AFTER: u8 = 2;
pub(super) const NUM_AFTER_COMMA: u8 = 3;

// Number-array kinds, for the specialised loops.
pub(super) const NODES: u8 = 0;
pub(super) const EDGES: u8 = 1;
pub(super) const OTHER: u8 = 2;

// String-array stages.
const STR_FIRST: u8 = 0;
const STR_EXPECT: u8 = 1;
const STR_IN: u8 = 2;
const STR_ESCAPE: u8 = 3;
const STR_UNICODE: u8 = 4;
const STR_AFTER: u8 = 5;

/// State of the generic skipper/capturer of a JSON value.
#[derive(Clone, Copy, Debug, Default)]
struct SkipState {
    depth: u32,
    in_string: bool,
    escape: bool,
    started: bool,
}

/// The top-level state machine.
pub(crate) struct Reader {
    /// Offset of the next byte to be fed, in the JSON text.
    pub(super) offset: u64,
    pub(super) state: State,
    section: Section,
    key: Vec<u8>,
    capture: Vec<u8>,
    capture_start: u64,
    pub(super) columns: Option<Columns>,
    seen: u16,
    skip: SkipState,
    pub(super) num_stage: u8,
    num_cur: u64,
    num_digits: u32,
    str_stage: u8,
    str_unicode: u32,
    str_unicode_digits: u8,
    str_pending_high: Option<u16>,
    tree_stack: Vec<u32>,
    tree_pos: u8,
    tree_cur: u64,
    tree_in_num: bool,
    memory_limit: u64,
    /// Most bytes of JSON text the input can hold (from its size), to refuse impossible counts.
    text_bound: Option<u64>,
    /// Bytes of JSON text the input probably holds, to size the columns.
    reserve_bound: Option<u64>,
    pub phase: Phase,
    /// The thread that reads the second half of a split number array (see [`super::split`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) helper: Option<super::split::Helper>,
}

fn describe(b: u8) -> String {
    match b {
        b' '..=b'~' => format!("'{}'", b as char),
        _ => format!("byte 0x{b:02x}"),
    }
}

/// The number at the start of 8 little-endian bytes when it has at most 7 digits: its value and
/// length. Bytes after the first non-digit are ignored (a borrow only propagates upwards).
#[inline(always)]
fn swar_number(chunk: u64) -> Option<(u64, usize)> {
    let sub = chunk.wrapping_sub(0x3030_3030_3030_3030);
    let non_digit = (sub | sub.wrapping_add(0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080;
    let len = (non_digit.trailing_zeros() / 8) as usize;
    if len == 0 || len == 8 {
        return None;
    }
    Some((digits_value(chunk, len as u32), len))
}

/// Numbers of one batch in a number array.
pub(super) const BATCH: usize = 2048;

/// Where the tokenizer of a number array stands between bytes: the stage, and the number being read.
#[derive(Clone, Copy, Debug)]
pub(super) struct NumState {
    pub stage: u8,
    pub cur: u64,
    pub digits: u32,
}

/// What [`tokenize_batch`] stopped at.
pub(super) struct Batch {
    /// Index of the next byte (of the `]` when `closed`, of the offending byte on failure).
    pub i: usize,
    /// Numbers written to `vals`.
    pub n: usize,
    pub closed: bool,
    /// Where and which syntax error (see [`Reader::number_error`]).
    pub failure: Option<(usize, u8)>,
}

/// Tokenizes unsigned integers separated by commas from `buf[i..]` into `vals`, 64 bytes at a time
/// where V8's layout allows ([`read_block`]), else number by number, with all state in registers,
/// until the batch is full, the array closes, the input is malformed or `buf` ends.
#[inline(always)]
pub(super) fn tokenize_batch(
    buf: &[u8],
    mut i: usize,
    state: &mut NumState,
    vals: &mut [u64; BATCH],
) -> Batch {
    let len = buf.len();
    let NumState {
        mut stage,
        mut cur,
        mut digits,
    } = *state;
    let mut n = 0usize;
    let mut closed = false;
    let mut failure: Option<(usize, u8)> = None;
    // Where a 64-byte block may be tried again after one was left to this loop.
    let mut block_retry = i;
    while i < len && n < BATCH {
        let c = buf[i];
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            if stage == NUM_AFTER {
                failure = Some((i, 1));
                break;
            }
            if block::ENABLED
                && digits == 0
                && i >= block_retry
                && i + BLOCK_READ <= len
                && n + BLOCK_MOST <= BATCH
            {
                if let Some((used, got)) = read_block(buf, i, &mut vals[n..]) {
                    n += got;
                    i += used;
                    stage = NUM_AFTER_COMMA;
                    continue;
                }
                block_retry = i + 64;
            }
            if digits == 0 && i + 8 <= len {
                // Fast path: a number of up to 7 digits followed by a non-digit, 8 bytes at once.
                let chunk = u64::from_le_bytes(buf[i..i + 8].try_into().unwrap());
                if let Some((v, n_len)) = swar_number(chunk) {
                    // The byte after the number is within the 8 just read.
                    match buf[i + n_len] {
                        b',' => {
                            vals[n] = v;
                            n += 1;
                            i += n_len + 1;
                            stage = NUM_AFTER_COMMA;
                        }
                        b'\n' => {
                            vals[n] = v;
                            n += 1;
                            i += n_len + 1;
                            stage = NUM_AFTER;
                        }
                        _ => {
                            cur = v;
                            digits = n_len as u32;
                            i += n_len;
                            stage = NUM_IN;
                        }
                    }
                    continue;
                }
            }
            // Wrapping: a number longer than 19 digits is refused just below, whatever
            // it wrapped to (it may have started in the previous chunk).
            cur = cur.wrapping_mul(10).wrapping_add(d as u64);
            digits += 1;
            i += 1;
            while i < len {
                let d = buf[i].wrapping_sub(b'0');
                if d >= 10 {
                    break;
                }
                cur = cur.wrapping_mul(10).wrapping_add(d as u64);
                digits += 1;
                i += 1;
            }
            if digits > 19 {
                // Just after the 20th digit, wherever the chunks were cut (it is in this buffer:
                // an earlier one ending with more than 19 digits failed there).
                failure = Some((i - (digits as usize - 20), 2));
                break;
            }
            stage = NUM_IN;
            continue;
        }
        match c {
            b',' => {
                if stage == NUM_IN {
                    vals[n] = cur;
                    n += 1;
                } else if stage != NUM_AFTER {
                    failure = Some((i, 3));
                    break;
                }
                cur = 0;
                digits = 0;
                stage = NUM_AFTER_COMMA;
            }
            b']' => {
                if stage == NUM_IN {
                    vals[n] = cur;
                    n += 1;
                } else if stage == NUM_AFTER_COMMA {
                    failure = Some((i, 4));
                    break;
                }
                closed = true;
                break;
            }
            b' ' | b'\n' | b'\r' | b'\t' => {
                if stage == NUM_IN {
                    vals[n] = cur;
                    n += 1;
                    cur = 0;
                    digits = 0;
                    stage = NUM_AFTER;
                }
            }
            _ => {
                failure = Some((i, if c == b'-' { 5 } else { 6 }));
                break;
            }
        }
        i += 1;
    }
    *state = NumState { stage, cur, digits };
    Batch {
        i,
        n,
        closed,
        failure,
    }
}

/// What a JSON file is when its first keys are another tool's: the message for the person who
/// dropped it. `None` when the key says nothing.
fn other_format(key: &[u8]) -> Option<&'static str> {
    Some(match key {
        b"nodes" | b"startTime" | b"endTime" | b"timeDeltas" => {
            "this is a CPU profile (.cpuprofile, from DevTools' Performance or Profiler panel or node --cpu-prof), \
             not a heap snapshot: open it in DevTools' Performance panel, or choose the .heapsnapshot file"
        }
        b"head" => {
            "this is a sampling heap profile (.heapprofile, DevTools' \"Allocation sampling\" or node \
             --heap-prof), not a heap snapshot: open it in DevTools' Memory panel, or take a \"Heap snapshot\" \
             instead"
        }
        b"traceEvents" | b"metadata" => {
            "this is a performance trace (DevTools' Performance panel or chrome://tracing), not a heap snapshot: \
             open it in DevTools' Performance panel, or take a \"Heap snapshot\" in the Memory panel"
        }
        _ => return None,
    })
}

#[inline]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

impl Reader {
    pub fn new() -> Self {
        Reader {
            offset: 0,
            state: State::Start,
            section: Section::Unknown,
            key: Vec::new(),
            capture: Vec::new(),
            capture_start: 0,
            columns: None,
            seen: 0,
            skip: SkipState::default(),
            num_stage: NUM_START,
            num_cur: 0,
            num_digits: 0,
            str_stage: STR_FIRST,
            str_unicode: 0,
            str_unicode_digits: 0,
            str_pending_high: None,
            tree_stack: Vec::new(),
            tree_pos: 0,
            tree_cur: 0,
            tree_in_num: false,
            memory_limit: u64::MAX,
            text_bound: None,
            reserve_bound: None,
            phase: Phase::Header,
            #[cfg(not(target_arch = "wasm32"))]
            helper: None,
        }
    }

    pub fn set_memory_limit(&mut self, bytes: u64) {
        self.memory_limit = bytes;
    }

    /// `most`: bytes of JSON text the input can hold at most; `likely`: what it probably holds.
    pub fn set_text_bounds(&mut self, most: u64, likely: u64) {
        self.text_bound = Some(most);
        self.reserve_bound = Some(likely);
    }

    fn err(&self, kind: ParseErrorKind, at: usize, message: impl Into<String>) -> ParseError {
        ParseError::new(kind, self.offset + at as u64, message)
    }

    fn syntax(&self, at: usize, expected: &str, found: u8) -> ParseError {
        self.err(
            ParseErrorKind::Syntax,
            at,
            format!(
                "expected {expected} in the \"{}\" section but found {}",
                self.section.name(),
                describe(found)
            ),
        )
    }

    /// Consumes one chunk of JSON text.
    pub fn feed(&mut self, buf: &[u8]) -> Result<(), ParseError> {
        let mut i = 0;
        let len = buf.len();
        while i < len {
            i = match self.state {
                State::Numbers => self.numbers(buf, i)?,
                State::Strings => self.strings(buf, i)?,
                State::Skip | State::Capture => self.skip_value(buf, i)?,
                State::Tree => self.trace_tree(buf, i)?,
                _ => self.structure(buf, i)?,
            };
        }
        self.offset += len as u64;
        Ok(())
    }

    /// Handles one byte of the top-level object structure (keys, colons, commas).
    fn structure(&mut self, buf: &[u8], i: usize) -> Result<usize, ParseError> {
        let c = buf[i];
        match self.state {
            State::Start => {
                if is_ws(c) {
                    return Ok(i + 1);
                }
                if self.offset + (i as u64) < 3 && matches!(c, 0xEF | 0xBB | 0xBF) {
                    // A UTF-8 byte order mark.
                    return Ok(i + 1);
                }
                if c == b'[' {
                    return Err(self.err(
                        ParseErrorKind::NotASnapshot,
                        i,
                        "this is a JSON array, not a heap snapshot (one object that starts with {\"snapshot\":); \
                         an array of trace events opens in DevTools' Performance panel",
                    ));
                }
                if c != b'{' {
                    return Err(self.err(
                        ParseErrorKind::NotJson,
                        i,
                        format!(
                            "this is not a heap snapshot: it should be JSON starting with '{{' but starts with {}. \
                             Export one with v8.writeHeapSnapshot() or DevTools' Memory panel",
                            describe(c)
                        ),
                    ));
                }
                self.state = State::ObjectOpen;
            }
            State::ObjectOpen | State::ExpectKey => {
                if is_ws(c) {
                    return Ok(i + 1);
                }
                match c {
                    b'"' => {
                        self.key.clear();
                        self.state = State::Key;
                    }
                    b'}' if self.state == State::ObjectOpen => self.state = State::End,
                    _ => return Err(self.syntax(i, "a key in quotes", c)),
                }
            }
            State::Key => match c {
                b'"' => self.state = State::Colon,
                b'\\' => self.state = State::KeyEscape,
                _ => {
                    if self.key.len() < 256 {
                        self.key.push(c)
                    }
                }
            },
            State::KeyEscape => {
                self.key.push(c);
                self.state = State::Key;
            }
            State::Colon => {
                if is_ws(c) {
                    return Ok(i + 1);
                }
                if c != b':' {
                    return Err(self.syntax(i, "':' after a key", c));
                }
                self.begin_section(i)?;
            }
            State::Value => {
                if is_ws(c) {
                    return Ok(i + 1);
                }
                return self.open_value(buf, i);
            }
            State::AfterValue => {
                if is_ws(c) {
                    return Ok(i + 1);
                }
                match c {
                    b',' => self.state = State::ExpectKey,
                    b'}' => self.state = State::End,
                    _ => return Err(self.syntax(i, "',' or '}' after a section", c)),
                }
            }
            State::End => {
                if !is_ws(c) && c != 0 {
                    return Err(self.err(
                        ParseErrorKind::Syntax,
                        i,
                        format!("unexpected {} after the end of the snapshot", describe(c)),
                    ));
                }
            }
            _ => unreachable!("handled in feed"),
        }
        Ok(i + 1)
    }

    fn begin_section(&mut self, i: usize) -> Result<(), ParseError> {
        let section = Section::from_key(&self.key);
        if section != Section::Unknown {
            let bit = 1u16 << (section as u16);
            if self.seen & bit != 0 {
                return Err(self.err(
                    ParseErrorKind::Syntax,
                    i,
                    format!("the \"{}\" section appears twice", section.name()),
                ));
            }
            self.seen |= bit;
        }
        if self.columns.is_none() && section != Section::Header {
            if let Some(kind) = other_format(&self.key) {
                return Err(self.err(ParseErrorKind::NotASnapshot, i, kind));
            }
            if section != Section::Unknown {
                return Err(self.err(
                    ParseErrorKind::NotASnapshot,
                    i,
                    format!(
                        "found the \"{}\" section before the \"snapshot\" header, so this is not a V8 heap \
                         snapshot",
                        section.name()
                    ),
                ));
            }
        }
        self.section = section;
        self.phase = section.phase();
        self.state = State::Value;
        Ok(())
    }

    fn open_value(&mut self, buf: &[u8], i: usize) -> Result<usize, ParseError> {
        let c = buf[i];
        match self.section {
            Section::Header => {
                if c != b'{' {
                    return Err(self.syntax(i, "the header object '{'", c));
                }
                self.capture.clear();
                self.capture_start = self.offset + i as u64;
                self.skip = SkipState::default();
                self.state = State::Capture;
                Ok(i)
            }
            Section::Unknown => {
                self.skip = SkipState::default();
                self.state = State::Skip;
                Ok(i)
            }
            _ if c != b'[' => Err(self.syntax(i, "'[' opening an array", c)),
            Section::Strings => {
                self.str_stage = STR_FIRST;
                self.state = State::Strings;
                Ok(i + 1)
            }
            Section::TraceTree => {
                self.tree_stack.clear();
                self.tree_pos = 0;
                self.tree_in_num = false;
                self.state = State::Tree;
                Ok(i)
            }
            _ => {
                let cols = self.columns.as_mut().unwrap();
                if self.section == Section::Edges && !cols.nodes_done {
                    return Err(self.err(
                        ParseErrorKind::Inconsistent,
                        i,
                        "the \"edges\" array comes before the \"nodes\" array, so its targets cannot be checked; \
                         V8 writes nodes first: the file is not a heap snapshot as V8 writes them",
                    ));
                }
                let cols = self.columns.as_mut().unwrap();
                cols.start_section();
                self.num_stage = NUM_START;
                self.num_cur = 0;
                self.num_digits = 0;
                self.state = State::Numbers;
                Ok(i + 1)
            }
        }
    }

    /// Skips (or, for the header, captures) one JSON value of any shape.
    fn skip_value(&mut self, buf: &[u8], mut i: usize) -> Result<usize, ParseError> {
        let start = i;
        let capturing = self.state == State::Capture;
        let mut s = self.skip;
        let mut done = false;
        while i < buf.len() {
            let c = buf[i];
            if s.in_string {
                if s.escape {
                    s.escape = false;
                } else if c == b'\\' {
                    s.escape = true;
                } else if c == b'"' {
                    s.in_string = false;
                    if s.depth == 0 {
                        i += 1;
                        done = true;
                        break;
                    }
                }
            } else {
                match c {
                    b'"' => s.in_string = true,
                    b'[' | b'{' => s.depth += 1,
                    b']' | b'}' => {
                        if s.depth == 0 {
                            // End of a scalar value at the top level: leave the bracket to the parent.
                            done = true;
                            break;
                        }
                        s.depth -= 1;
                        if s.depth == 0 {
                            i += 1;
                            done = true;
                            break;
                        }
                    }
                    b',' if s.depth == 0 => {
                        done = true;
                        break;
                    }
                    _ => {}
                }
            }
            s.started = true;
            i += 1;
        }
        self.skip = s;
        if capturing {
            self.capture.extend_from_slice(&buf[start..i]);
            if self.capture.len() > MAX_HEADER_BYTES {
                return Err(self.err(
                    ParseErrorKind::NotASnapshot,
                    i,
                    "the \"snapshot\" header is larger than 16 MiB: this is not a V8 heap snapshot",
                ));
            }
        }
        if done {
            self.state = State::AfterValue;
            if capturing {
                let layout = parse_header(&self.capture, self.capture_start)?;
                if let Some(bound) = self.text_bound {
                    if layout.min_text_bytes() > bound {
                        return Err(self.err(
                            ParseErrorKind::Inconsistent,
                            i,
                            format!(
                                "the header announces {} nodes and {} edges, which take at least {} bytes, but the \
                                 input can hold at most {bound} bytes of snapshot text: the header is corrupt",
                                layout.declared_nodes,
                                layout.declared_edges,
                                layout.min_text_bytes()
                            ),
                        ));
                    }
                }
                self.check_memory(layout.declared_nodes, layout.declared_edges, i)?;
                self.capture = Vec::new();
                self.columns = Some(Columns::new(layout, self.reserve_bound));
            }
        }
        Ok(i)
    }

    /// Refuses a graph whose analysis would need more than the memory limit.
    fn check_memory(&self, nodes: u64, edges: u64, i: usize) -> Result<(), ParseError> {
        let need = super::header::estimated_memory(nodes, edges);
        if need <= self.memory_limit {
            return Ok(());
        }
        Err(self.err(
            ParseErrorKind::TooLarge,
            i,
            format!(
                "this snapshot has {nodes} nodes and {edges} edges and needs about {:.1} GiB of memory to analyse, \
                 more than the {:.1} GiB available here; analyse it with the command-line tool instead: \
                 heapscope summary FILE",
                need as f64 / (1u64 << 30) as f64,
                self.memory_limit as f64 / (1u64 << 30) as f64
            ),
        ))
    }

    fn emit_number(&mut self, v: u64) {
        let cols = self.columns.as_mut().unwrap();
        match self.section {
            Section::Locations => cols.location_value(v),
            Section::Samples => cols.sample_value(v),
            Section::TraceFunctionInfos => cols.trace_function_value(v),
            _ => unreachable!("numbers only in number sections"),
        }
    }

    /// The hot loop: unsigned integers separated by commas, straight into the columns; one copy of the
    /// loop per section kind, so no dispatch happens per number.
    fn numbers(&mut self, buf: &[u8], i: usize) -> Result<usize, ParseError> {
        match self.section {
            Section::Nodes => self.numbers_into::<NODES>(buf, i),
            Section::Edges => self.numbers_into::<EDGES>(buf, i),
            _ => self.numbers_into::<OTHER>(buf, i),
        }
    }

    /// Tokenizes numbers a batch at a time (see [`tokenize_batch`]) and hands each batch to the
    /// columns; returns when the array closes or the chunk ends. Natively, a long stretch of the
    /// `nodes` or `edges` array is split at a separator and its second half read into columns of its
    /// own on another thread meanwhile (see [`super::split`]).
    fn numbers_into<const S: u8>(&mut self, buf: &[u8], i: usize) -> Result<usize, ParseError> {
        #[cfg(not(target_arch = "wasm32"))]
        if S != OTHER {
            if let Some(done) = self.numbers_split::<S>(buf, i) {
                return done;
            }
        }
        self.numbers_serial::<S>(buf, i)
    }

    /// [`Self::numbers_into`] on one thread.
    pub(super) fn numbers_serial<const S: u8>(
        &mut self,
        buf: &[u8],
        mut i: usize,
    ) -> Result<usize, ParseError> {
        let len = buf.len();
        let mut vals = [0u64; BATCH];
        loop {
            let mut state = NumState {
                stage: self.num_stage,
                cur: self.num_cur,
                digits: self.num_digits,
            };
            let Batch {
                i: next,
                n,
                closed,
                failure,
            } = tokenize_batch(buf, i, &mut state, &mut vals);
            i = next;
            self.set_num_state(state);
            let offset = self.offset + i as u64;
            self.commit_numbers::<S>(&vals[..n], offset)?;
            if let Some((at, what)) = failure {
                return Err(self.number_error(buf, at, what));
            }
            if closed {
                self.state = State::AfterValue;
                self.section_done(i)?;
                return Ok(i + 1);
            }
            if i >= len {
                return Ok(len);
            }
        }
    }

    pub(super) fn set_num_state(&mut self, state: NumState) {
        self.num_stage = state.stage;
        self.num_cur = state.cur;
        self.num_digits = state.digits;
    }

    /// Hands a batch of numbers, read up to `offset` of the text, to the section's columns.
    #[inline(always)]
    pub(super) fn commit_numbers<const S: u8>(
        &mut self,
        vals: &[u64],
        offset: u64,
    ) -> Result<(), ParseError> {
        let cols = self.columns.as_mut().unwrap();
        match S {
            NODES => cols.node_values(vals, offset),
            EDGES => cols.edge_values(vals, offset),
            _ => {
                for &v in vals {
                    self.emit_number(v);
                }
                Ok(())
            }
        }
    }

    #[cold]
    #[inline(never)]
    pub(super) fn number_error(&self, buf: &[u8], at: usize, what: u8) -> ParseError {
        let c = buf[at.min(buf.len() - 1)];
        match what {
            1 => self.syntax(at, "',' between numbers", c),
            2 => self.err(
                ParseErrorKind::Syntax,
                at,
                format!(
                    "a number in the \"{}\" section has more than 19 digits",
                    self.section.name()
                ),
            ),
            3 => self.syntax(at, "a number", c),
            4 => self.syntax(at, "a number after ','", c),
            5 => self.err(
                ParseErrorKind::Syntax,
                at,
                format!(
                    "a negative number in the \"{}\" section, which holds only unsigned integers",
                    self.section.name()
                ),
            ),
            _ => self.syntax(at, "a number, ',' or ']'", c),
        }
    }

    pub(super) fn section_done(&mut self, i: usize) -> Result<(), ParseError> {
        let offset = self.offset + i as u64;
        let cols = self.columns.as_mut().unwrap();
        match self.section {
            Section::Nodes => {
                cols.nodes_done(offset)?;
                // The header may have under-announced (Hermes: 0): check the real counts too.
                let (nodes, edges) = (cols.node_count(), cols.edge_sum);
                self.check_memory(nodes, edges, i)
            }
            Section::Edges => cols.edges_done(offset),
            _ => Ok(()),
        }
    }

    fn push_char(&mut self, ch: char) {
        let mut tmp = [0u8; 4];
        let s = ch.encode_utf8(&mut tmp);
        self.columns
            .as_mut()
            .unwrap()
            .snap
            .strings
            .open_bytes()
            .extend_from_slice(s.as_bytes());
    }

    fn flush_pending_high(&mut self) {
        if self.str_pending_high.take().is_some() {
            self.push_char(char::REPLACEMENT_CHARACTER);
        }
    }

    /// The `strings` array: JSON strings decoded (escapes, surrogate pairs) into the arena.
    fn strings(&mut self, buf: &[u8], mut i: usize) -> Result<usize, ParseError> {
        let len = buf.len();
        while i < len {
            let c = buf[i];
            match self.str_stage {
                STR_FIRST | STR_EXPECT => {
                    if is_ws(c) {
                    } else if c == b'"' {
                        self.str_stage = STR_IN;
                    } else if c == b']' && self.str_stage == STR_FIRST {
                        self.state = State::AfterValue;
                        return Ok(i + 1);
                    } else {
                        return Err(self.syntax(i, "a string", c));
                    }
                    i += 1;
                }
                STR_AFTER => {
                    if is_ws(c) {
                    } else if c == b',' {
                        self.str_stage = STR_EXPECT;
                    } else if c == b']' {
                        self.state = State::AfterValue;
                        return Ok(i + 1);
                    } else {
                        return Err(self.syntax(i, "',' or ']' after a string", c));
                    }
                    i += 1;
                }
                STR_IN => {
                    if self.str_pending_high.is_some() && c != b'\\' {
                        self.flush_pending_high();
                    }
                    let start = i;
                    while i < len && buf[i] != b'"' && buf[i] != b'\\' {
                        i += 1;
                    }
                    if i > start {
                        let bytes = self.columns.as_mut().unwrap().snap.strings.open_bytes();
                        bytes.extend_from_slice(&buf[start..i]);
                    }
                    if i == len {
                        break;
                    }
                    if buf[i] == b'"' {
                        self.flush_pending_high();
                        self.columns.as_mut().unwrap().snap.strings.close_string();
                        self.str_stage = STR_AFTER;
                    } else {
                        self.str_stage = STR_ESCAPE;
                    }
                    i += 1;
                }
                STR_ESCAPE => {
                    if c != b'u' {
                        self.flush_pending_high();
                    }
                    let decoded = match c {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            self.str_unicode = 0;
                            self.str_unicode_digits = 0;
                            self.str_stage = STR_UNICODE;
                            i += 1;
                            continue;
                        }
                        _ => return Err(self.syntax(i, "an escape character after '\\'", c)),
                    };
                    self.push_char(decoded);
                    self.str_stage = STR_IN;
                    i += 1;
                }
                _ => {
                    // STR_UNICODE: four hex digits.
                    let v = match c {
                        b'0'..=b'9' => c - b'0',
                        b'a'..=b'f' => c - b'a' + 10,
                        b'A'..=b'F' => c - b'A' + 10,
                        _ => return Err(self.syntax(i, "a hex digit in a \\u escape", c)),
                    };
                    self.str_unicode = self.str_unicode * 16 + v as u32;
                    self.str_unicode_digits += 1;
                    i += 1;
                    if self.str_unicode_digits == 4 {
                        self.unicode_unit(self.str_unicode as u16);
                        self.str_stage = STR_IN;
                    }
                }
            }
        }
        Ok(len)
    }

    /// One UTF-16 code unit from a `\u` escape; pairs surrogates, replaces lone ones with U+FFFD.
    fn unicode_unit(&mut self, u: u16) {
        if let Some(high) = self.str_pending_high.take() {
            if (0xDC00..0xE000).contains(&u) {
                let cp = 0x10000 + (((high as u32) - 0xD800) << 10) + (u as u32 - 0xDC00);
                self.push_char(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER));
                return;
            }
            self.push_char(char::REPLACEMENT_CHARACTER);
        }
        if (0xD800..0xDC00).contains(&u) {
            self.str_pending_high = Some(u);
        } else {
            self.push_char(char::from_u32(u as u32).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
    }

    /// `trace_tree`: nested `[id, function_info_index, count, size, [children…], …]`, flattened.
    fn trace_tree(&mut self, buf: &[u8], mut i: usize) -> Result<usize, ParseError> {
        let len = buf.len();
        while i < len {
            let c = buf[i];
            let d = c.wrapping_sub(b'0');
            if d < 10 {
                self.tree_cur = self.tree_cur.saturating_mul(10).saturating_add(d as u64);
                self.tree_in_num = true;
                i += 1;
                continue;
            }
            if self.tree_in_num {
                self.tree_number(i)?;
            }
            match c {
                b'[' => {
                    if self.tree_stack.is_empty() {
                        self.tree_stack.push(u32::MAX);
                    } else if self.tree_pos == 4 {
                        if self.tree_stack.len() >= MAX_TRACE_DEPTH {
                            return Err(self.err(
                                ParseErrorKind::Syntax,
                                i,
                                format!(
                                    "the \"trace_tree\" section nests deeper than {MAX_TRACE_DEPTH} levels: the \
                                     file is corrupt"
                                ),
                            ));
                        }
                        let parent =
                            self.columns.as_ref().unwrap().snap.trace_tree.len() as u32 - 1;
                        self.tree_stack.push(parent);
                        self.tree_pos = 0;
                    } else {
                        return Err(self.syntax(i, "a number of a trace node", c));
                    }
                }
                b']' => {
                    if self.tree_pos != 0 {
                        return Err(self.syntax(i, "the rest of a trace node", c));
                    }
                    self.tree_stack.pop();
                    if self.tree_stack.is_empty() {
                        self.state = State::AfterValue;
                        return Ok(i + 1);
                    }
                    self.tree_pos = 0;
                }
                b',' | b' ' | b'\n' | b'\r' | b'\t' => {}
                _ => return Err(self.syntax(i, "a number, '[' or ']'", c)),
            }
            i += 1;
        }
        Ok(len)
    }

    fn tree_number(&mut self, i: usize) -> Result<(), ParseError> {
        let v = self.tree_cur.min(u32::MAX as u64) as u32;
        self.tree_cur = 0;
        self.tree_in_num = false;
        let parent = *self.tree_stack.last().unwrap_or(&u32::MAX);
        let tree = &mut self.columns.as_mut().unwrap().snap.trace_tree;
        match self.tree_pos {
            0 => tree.push(TraceNode {
                id: v,
                function_info_index: 0,
                count: 0,
                size: 0,
                parent,
            }),
            1 => tree.last_mut().unwrap().function_info_index = v,
            2 => tree.last_mut().unwrap().count = v,
            3 => tree.last_mut().unwrap().size = v,
            _ => {
                return Err(self.err(
                    ParseErrorKind::Syntax,
                    i,
                    "expected the children list '[' of a trace node",
                ));
            }
        }
        self.tree_pos += 1;
        Ok(())
    }

    /// Ends the input: the object must be complete and consistent with its header.
    pub fn finish(self) -> Result<HeapSnapshot, ParseError> {
        if self.state == State::Start {
            return Err(ParseError::new(
                ParseErrorKind::NotJson,
                self.offset,
                "the file is empty",
            ));
        }
        if self.state != State::End {
            let detail = match (self.state, self.columns.as_ref()) {
                (State::Numbers, Some(c)) => {
                    let (want, per) = match self.section {
                        Section::Nodes => {
                            (c.layout.declared_nodes, c.layout.node_field_count() as u64)
                        }
                        Section::Edges => (c.edge_sum, c.layout.edge_fields.len() as u64),
                        _ => (0, 1),
                    };
                    if want > 0 && c.count < want * per {
                        format!(
                            " inside the \"{}\" array after {} of {} numbers ({:.0}%)",
                            self.section.name(),
                            c.count,
                            want * per,
                            100.0 * c.count as f64 / (want * per) as f64
                        )
                    } else {
                        format!(
                            " inside the \"{}\" array after {} numbers",
                            self.section.name(),
                            c.count
                        )
                    }
                }
                (State::Strings, Some(c)) => format!(
                    " inside the \"strings\" array after {} strings",
                    c.snap.strings.len()
                ),
                (State::Start | State::ObjectOpen, _) => " right after it began".to_owned(),
                _ if self.section == Section::Unknown => format!(
                    " inside the \"{}\" section",
                    String::from_utf8_lossy(&self.key)
                ),
                _ => format!(" in the \"{}\" section", self.section.name()),
            };
            return Err(ParseError::new(
                ParseErrorKind::Truncated,
                self.offset,
                format!(
                    "the snapshot is truncated: the file ends{detail}. It may still have been being written, or the \
                     copy was cut short; take or copy it again"
                ),
            ));
        }
        let Some(columns) = self.columns else {
            return Err(ParseError::new(
                ParseErrorKind::NotASnapshot,
                self.offset,
                "this JSON has no \"snapshot\" header, so it is not a V8 heap snapshot",
            ));
        };
        if self.seen & (1 << Section::Strings as u16) == 0 {
            return Err(ParseError::new(
                ParseErrorKind::Inconsistent,
                self.offset,
                "the snapshot has no \"strings\" section, so no name can be read",
            ));
        }
        columns.finish(self.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::swar_number;

    #[test]
    fn swar_reads_short_numbers_and_refuses_long_ones() {
        let at = |s: &[u8]| swar_number(u64::from_le_bytes(s.try_into().unwrap()));
        assert_eq!(at(b"0,1,2,3,"), Some((0, 1)));
        assert_eq!(at(b"1234567,"), Some((1234567, 7)));
        assert_eq!(at(b"42\n,9,99"), Some((42, 2)));
        assert_eq!(at(b"9031]xyz"), Some((9031, 4)));
        assert_eq!(at(b"12345678"), None);
        assert_eq!(at(b",1234567"), None);
        for n in [0u64, 7, 10, 99, 100, 65535, 999_999, 1_000_000, 9_999_999] {
            let mut b = format!("{n}").into_bytes();
            b.resize(8, b',');
            assert_eq!(at(&b), Some((n, format!("{n}").len())));
        }
    }
}
