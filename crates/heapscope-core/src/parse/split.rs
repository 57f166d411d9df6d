//! The `nodes` and `edges` arrays on both cores (natively; never on wasm). A long stretch of either
//! array within one chunk is split at a `,` near its middle: the first half goes through the usual
//! path into the columns while a helper thread reads the second half (in place, [`Halves`]) into a
//! [`Part`], columns of its own, then the part is appended. The second half's field phase is known
//! before it is parsed: the helper first counts the separators of the first half
//! ([`count_commas`]), so this thread starts on its half at once.
//!
//! Two things keep the threads busy on a VM like the one we measure on (2.7 µs a page fault, 0.1-4 ms
//! for a sleeping thread to run again). Together, with the file in memory, they took app-server's
//! parse from 174/199 ms (fastest/median of 15) to 124/164, and tsc's from 250/286 to 208/256;
//! `heapscope summary`'s parse phase, alternated with the binary before: app-server 182/215 ms ->
//! 174/211 (8 runs each), tsc 356/380 -> 327/342 (6 runs).
//! - The helper faults in the pages of the columns its part will be appended to ([`prefault`]),
//!   so the join on this thread only copies; before, this thread took every column page's fault.
//! - Both threads wait for each other's messages spinning for a moment before they sleep
//!   ([`receive`]).
//!
//! The part takes only records it can check on its own. Anything else (a syntax error, a value the
//! columns would refuse or treat specially, counts near the limits, a miscount) discards it and the
//! second half is read again on this thread, so the figures and the errors are the serial path's.

use super::batch::{self, EdgeColumns, EdgeRules, Ids, NodeColumns, NodeRules};
use super::columns::{Columns, OpenRecord};
use super::header::MAX_RECORDS;
use super::reader::{
    tokenize_batch, NumState, Reader, State, BATCH, EDGES, NODES, NUM_AFTER, NUM_AFTER_COMMA,
};
use crate::error::ParseError;
use std::sync::mpsc;

/// Stretches shorter than this are read on one thread: handing half over would cost more.
const MIN_SPLIT: usize = 256 << 10;

/// What the second half needs from the columns to check its records alone.
#[derive(Clone, Copy)]
struct Rules {
    /// Numbers in one record of the section read.
    width: usize,
    /// The columns' rules (also for whole batches, [`super::batch`]); the edges' node count is
    /// that of the finished `nodes` array.
    node: NodeRules,
    edge: EdgeRules,
}

/// The second half of a split stretch: the values completing the record the first half leaves
/// open, then whole records in columns, then the start of the record the chunk ends in.
#[derive(Default)]
pub(super) struct Part {
    head: Vec<u64>,
    records: usize,
    node_type: Vec<u8>,
    node_name: Vec<u32>,
    node_id: Vec<u32>,
    node_self_size: Vec<u32>,
    node_trace_id: Vec<u32>,
    node_detachedness: Vec<u8>,
    /// The part's edge count sum up to and including each node.
    edge_ends: Vec<u32>,
    edge_sum: u64,
    edge_type: Vec<u8>,
    edge_name: Vec<u32>,
    edge_to: Vec<u32>,
    /// The largest string index its edges name (see [`EdgeColumns::largest_name`]).
    largest_edge_string: u32,
    open: OpenRecord,
    /// The tokenizer where the half ended: its state, the index of the next byte (of the `]` when
    /// `closed`).
    state: Option<NumState>,
    end: usize,
    closed: bool,
}

impl Part {
    fn clear(&mut self) {
        self.head.clear();
        self.records = 0;
        self.node_type.clear();
        self.node_name.clear();
        self.node_id.clear();
        self.node_self_size.clear();
        self.node_trace_id.clear();
        self.node_detachedness.clear();
        self.edge_ends.clear();
        self.edge_sum = 0;
        self.edge_type.clear();
        self.edge_name.clear();
        self.edge_to.clear();
        self.largest_edge_string = 0;
        self.open.field = 0;
        self.state = None;
        self.end = 0;
        self.closed = false;
    }

    /// Reads `buf`, which starts right after a `,`, whose first `head_need` values finish the record
    /// before it. `false`: the part cannot be used.
    fn read<const S: u8>(&mut self, buf: &[u8], rules: &Rules, head_need: usize) -> bool {
        self.clear();
        // Right after a `,`.
        let mut state = NumState {
            stage: NUM_AFTER_COMMA,
            cur: 0,
            digits: 0,
        };
        let mut vals = [0u64; BATCH];
        let mut i = 0;
        loop {
            let batch = tokenize_batch(buf, i, &mut state, &mut vals);
            i = batch.i;
            if batch.failure.is_some() {
                return false;
            }
            let mut v = &vals[..batch.n];
            let take = (head_need - self.head.len()).min(v.len());
            self.head.extend_from_slice(&v[..take]);
            v = &v[take..];
            if !self.take_records::<S>(v, rules) {
                return false;
            }
            if batch.closed {
                self.closed = true;
                break;
            }
            if i >= buf.len() {
                break;
            }
        }
        self.state = Some(state);
        self.end = i;
        true
    }

    fn take_records<const S: u8>(&mut self, vals: &[u64], rules: &Rules) -> bool {
        let width = rules.width;
        let (completed, whole) = self.open.split(vals, width);
        if let Some(record) = completed {
            if !self.commit::<S>(&record[..width], rules) {
                return false;
            }
        }
        if self.append::<S>(whole, rules) {
            self.records += whole.len() / width;
            return true;
        }
        whole
            .chunks_exact(width)
            .all(|record| self.commit::<S>(record, rules))
    }

    /// [`Part::commit`] for all of `whole` at once ([`super::batch`]), when every record passes.
    #[inline(always)]
    fn append<const S: u8>(&mut self, whole: &[u64], rules: &Rules) -> bool {
        if S == NODES {
            batch::append_nodes(
                whole,
                &rules.node,
                MAX_RECORDS,
                &mut self.edge_sum,
                NodeColumns {
                    ty: &mut self.node_type,
                    name: &mut self.node_name,
                    id: Ids::Low(&mut self.node_id),
                    self_size: &mut self.node_self_size,
                    edge_ends: &mut self.edge_ends,
                    trace: &mut self.node_trace_id,
                    detachedness: &mut self.node_detachedness,
                },
            )
        } else {
            batch::append_edges(
                whole,
                &rules.edge,
                EdgeColumns {
                    ty: &mut self.edge_type,
                    name: &mut self.edge_name,
                    to: &mut self.edge_to,
                    largest_name: &mut self.largest_edge_string,
                },
            )
        }
    }

    #[inline(always)]
    fn commit<const S: u8>(&mut self, r: &[u64], rules: &Rules) -> bool {
        self.records += 1;
        if S == NODES {
            let p = rules.node.pos;
            let (ty, name, id, edges) = (r[p.ty], r[p.name], r[p.id], r[p.edge_count]);
            if ty >= rules.node.declared_types || name > u32::MAX as u64 || id > u32::MAX as u64 {
                return false;
            }
            self.edge_sum += edges;
            if self.edge_sum > MAX_RECORDS {
                return false;
            }
            self.node_type.push(ty as u8);
            self.node_name.push(name as u32);
            self.node_id.push(id as u32);
            self.node_self_size.push(r[p.self_size] as u32);
            self.edge_ends.push(self.edge_sum as u32);
            if let Some(t) = p.trace {
                self.node_trace_id.push(r[t] as u32);
            }
            if let Some(d) = p.detachedness {
                self.node_detachedness.push(r[d].min(3) as u8);
            }
        } else {
            let e = rules.edge;
            let p = e.pos;
            let (ty, name, to_index) = (r[p.ty], r[p.name], r[p.to]);
            let Some(to) = e.to_node.divide(to_index) else {
                return false;
            };
            if ty >= e.declared_types || name > u32::MAX as u64 || to >= e.node_count {
                return false;
            }
            self.edge_type.push(ty as u8);
            self.edge_name.push(name as u32);
            self.edge_to.push(to as u32);
            self.largest_edge_string = self.largest_edge_string.max(e.string_named(ty, name));
        }
        true
    }
}

impl Columns {
    fn rules<const S: u8>(&self) -> Rules {
        let (node, edge) = (self.node_rules(), self.edge_rules());
        Rules {
            width: if S == NODES { node.width } else { edge.width },
            node,
            edge,
        }
    }

    /// Appends the part after the first half: `Ok(false)` when it might hold what the serial path
    /// would refuse or warn about (nothing is changed then).
    fn join<const S: u8>(
        &mut self,
        part: &Part,
        head_need: usize,
        offset: u64,
    ) -> Result<bool, ParseError> {
        if part.head.len() < head_need {
            return Ok(false);
        }
        let width = part_width::<S>(self);
        let head_records = (head_need > 0) as u64;
        if S == NODES {
            let ec = self.node_pos.edge_count;
            let head_edges = match head_need {
                0 => 0,
                _ if ec >= self.open.field => part.head[ec - self.open.field],
                _ => self.open.values[ec],
            };
            let nodes = self.node_count() + head_records + part.records as u64;
            if nodes >= MAX_RECORDS || self.edge_sum + head_edges + part.edge_sum > MAX_RECORDS {
                return Ok(false);
            }
        } else if self.edge_count() + head_records + part.records as u64 > self.edge_sum {
            return Ok(false);
        }
        if head_need > 0 {
            self.values::<S>(&part.head, offset)?;
        }
        let snap = &mut self.snap;
        if S == NODES {
            snap.node_type.extend_from_slice(&part.node_type);
            snap.node_name.extend_from_slice(&part.node_name);
            snap.node_id.extend_from_low(&part.node_id);
            snap.node_self_size.extend_from_slice(&part.node_self_size);
            if self.node_pos.trace.is_some() {
                snap.node_trace_id.extend_from_slice(&part.node_trace_id);
            }
            if self.node_pos.detachedness.is_some() {
                snap.node_detachedness
                    .extend_from_slice(&part.node_detachedness);
            }
            let base = self.edge_sum as u32;
            snap.first_edge
                .extend(part.edge_ends.iter().map(|&e| base + e));
            self.edge_sum += part.edge_sum;
        } else {
            snap.edge_type.extend_from_slice(&part.edge_type);
            snap.edge_name.extend_from_slice(&part.edge_name);
            snap.edge_to.extend_from_slice(&part.edge_to);
            self.largest_edge_string = self.largest_edge_string.max(part.largest_edge_string);
        }
        self.count += (part.records * width) as u64;
        self.values::<S>(&part.open.values[..part.open.field], offset)?;
        Ok(true)
    }

    fn values<const S: u8>(&mut self, vals: &[u64], offset: u64) -> Result<(), ParseError> {
        if S == NODES {
            self.node_values(vals, offset)
        } else {
            self.edge_values(vals, offset)
        }
    }

    /// The columns of section `S` as memory, from the element of record 0: each one's start,
    /// capacity and element size.
    fn regions<const S: u8>(&self) -> [(usize, usize, usize); 7] {
        fn region<T>(column: &Vec<T>) -> (usize, usize, usize) {
            let size = std::mem::size_of::<T>();
            (column.as_ptr() as usize, column.capacity(), size)
        }
        let s = &self.snap;
        if S == NODES {
            let (ids, ids_capacity) = s.node_id.low_region();
            // `first_edge` starts with the 0 before node 0's edges.
            let (ends, ends_capacity, size) = region(&s.first_edge);
            [
                region(&s.node_type),
                region(&s.node_name),
                (ids, ids_capacity, std::mem::size_of::<u32>()),
                region(&s.node_self_size),
                (ends + size, ends_capacity - 1, size),
                region(&s.node_trace_id),
                region(&s.node_detachedness),
            ]
        } else {
            let none = (0, 0, 0);
            [
                region(&s.edge_type),
                region(&s.edge_name),
                region(&s.edge_to),
                none,
                none,
                none,
                none,
            ]
        }
    }
}

fn part_width<const S: u8>(cols: &Columns) -> usize {
    if S == NODES {
        cols.nfc as usize
    } else {
        cols.edge_field_count
    }
}

/// The `,` after which a stretch is split; `None` when the stretch is short.
fn split_point(buf: &[u8], i: usize) -> Option<usize> {
    if buf.len() - i < MIN_SPLIT {
        return None;
    }
    let mid = i + (buf.len() - i) / 2;
    Some(mid + buf[mid..].iter().position(|&b| b == b',')? + 1)
}

/// How many `,` `bytes` holds: far cheaper than parsing the numbers between them. With SSE2 (every
/// x86-64 processor) 16 bytes at a time into byte counters, 7.3 GB/s on app-server's `edges` text
/// where a word at a time ([`count_commas_by_words`]) read 4.3.
#[cfg(target_arch = "x86_64")]
fn count_commas(bytes: &[u8]) -> u64 {
    use std::arch::x86_64::*;
    // A byte counter takes at most 255 matches, so 255 blocks of 16 go between two sums.
    let mut runs = bytes.chunks_exact(255 * 16);
    let mut total = 0u64;
    // SAFETY: SSE2 is part of x86-64; each unaligned load reads 16 bytes inside `run`.
    unsafe {
        let comma = _mm_set1_epi8(b',' as i8);
        for run in &mut runs {
            let mut counts = _mm_setzero_si128();
            for block in run.chunks_exact(16) {
                let v = _mm_loadu_si128(block.as_ptr() as *const __m128i);
                // A match is -1: subtracting it adds one.
                counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(v, comma));
            }
            let sums = _mm_sad_epu8(counts, _mm_setzero_si128());
            let high = _mm_unpackhi_epi64(sums, sums);
            total += (_mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(high)) as u64;
        }
    }
    total + count_commas_by_words(runs.remainder())
}

#[cfg(not(target_arch = "x86_64"))]
fn count_commas(bytes: &[u8]) -> u64 {
    count_commas_by_words(bytes)
}

/// [`count_commas`] a word at a time, on any target.
fn count_commas_by_words(bytes: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut words = bytes.chunks_exact(8);
    let mut total = 0u64;
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().unwrap()) ^ (ONES * b',' as u64);
        // High bit of each byte set where the byte is not zero (not a comma); exact, no carries.
        let nonzero = ((x & LOW7) + LOW7) | x;
        total += 8 - (nonzero & !LOW7).count_ones() as u64;
    }
    total + words.remainder().iter().filter(|&&b| b == b',').count() as u64
}

/// What the helper thread is handed: the two halves of the stretch (borrowed, see [`Halves`]) and
/// the part to fill, given back filled with the figures it found on the way.
struct Job {
    nodes: bool,
    halves: Halves,
    part: Part,
    rules: Rules,
    /// The stretch's record phase at its start: the open record's field, the record count, and
    /// whether a value ended by white space at the start has its `,` in the first half.
    open_field: u64,
    count: u64,
    ended: u64,
    /// Found by the helper from the first half's separators: the values that finish the record
    /// the first half leaves open, and the record count the first half will end with.
    head_need: usize,
    expected: u64,
    usable: bool,
    /// The columns the part will be appended to (their record index found by the helper).
    destination: Destination,
}

/// The stretch's halves, `buf[i..split]` (only its separators are counted) and `buf[split..]`
/// (parsed), as pointers into the caller's buffer rather than a copy of it. The caller holds the
/// buffer borrowed until the job comes back ([`Reader::numbers_split`] waits for it before it
/// returns, whatever the first half held), and the helper reads it only while it holds the job, so
/// no read outlives the borrow; if the helper panicked, its reads ended before its sender was
/// dropped, which is what the caller's wait then sees.
struct Halves {
    first: (*const u8, usize),
    second: (*const u8, usize),
}

// SAFETY: read-only views of a buffer that outlives every use of them (see `Halves`).
unsafe impl Send for Halves {}

impl Halves {
    fn new(first: &[u8], second: &[u8]) -> Halves {
        Halves {
            first: (first.as_ptr(), first.len()),
            second: (second.as_ptr(), second.len()),
        }
    }

    /// SAFETY: only while the job is held, before it is sent back (see `Halves`).
    unsafe fn get(&self) -> (&[u8], &[u8]) {
        unsafe {
            (
                std::slice::from_raw_parts(self.first.0, self.first.1),
                std::slice::from_raw_parts(self.second.0, self.second.1),
            )
        }
    }
}

impl Job {
    /// The helper's work: the first half's separators give the phase at the split, then the second
    /// half is read into the part, and the destination's pages are faulted in.
    fn run(&mut self) {
        // SAFETY: the job is held here (see `Halves`).
        let (first, second) = unsafe { self.halves.get() };
        let width = self.rules.width as u64;
        let values = count_commas(first).saturating_sub(self.ended);
        self.head_need = ((width - (self.open_field + values) % width) % width) as usize;
        self.expected = self.count + values;
        self.destination.first_record = self.expected.div_ceil(width) as usize;
        self.usable = if self.nodes {
            self.part.read::<NODES>(second, &self.rules, self.head_need)
        } else {
            self.part.read::<EDGES>(second, &self.rules, self.head_need)
        };
        if self.usable {
            prefault(&self.part, &self.destination);
        }
        self.halves = Halves::new(&[], &[]);
    }
}

/// Where in memory a part's records will be appended: each column's start, capacity and element
/// size (capacity 0 where there is no column), and the index of the part's first whole record.
struct Destination {
    columns: [(usize, usize, usize); 7],
    first_record: usize,
}

/// Faults in the pages of the columns that the part's records will be copied to, on the helper
/// (which is ahead of this thread) rather than during the join. Only advice to the kernel: it maps
/// the pages and changes no byte of them, so it cannot race with this thread's writes nearby, and
/// if it fails (or the columns moved meanwhile) the pages only fault in later, as before.
fn prefault(part: &Part, to: &Destination) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        for &(start, capacity, size) in &to.columns {
            let first = to.first_record.min(capacity);
            let end = (to.first_record + part.records).min(capacity);
            let from = (start + first * size) & !(PAGE - 1);
            let until = (start + end * size).next_multiple_of(PAGE);
            if until > from {
                // SAFETY: advice about pages of this process's own mapping; it reads and writes
                // no memory, and an error is harmless (see above).
                unsafe {
                    libc::madvise(
                        from as *mut libc::c_void,
                        until - from,
                        libc::MADV_POPULATE_WRITE,
                    );
                }
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (part, to);
}

/// How long a thread spins for a message before it sleeps: the other thread's turn between two
/// messages (its join and the next split's hand-over) takes about a millisecond.
const SPIN: std::time::Duration = std::time::Duration::from_millis(2);

/// The next message of `from`: spinning for up to [`SPIN`], then asleep. The clock is read every
/// 64 tries (`perf` put 1.5% of app-server's samples in reading it at every one).
fn receive<T>(from: &mpsc::Receiver<T>) -> Result<T, mpsc::RecvError> {
    let started = std::time::Instant::now();
    for tries in 1u32.. {
        match from.try_recv() {
            Ok(message) => return Ok(message),
            Err(mpsc::TryRecvError::Disconnected) => return Err(mpsc::RecvError),
            Err(mpsc::TryRecvError::Empty) => {
                if tries % 64 == 0 && started.elapsed() >= SPIN {
                    break;
                }
                std::hint::spin_loop();
            }
        }
    }
    from.recv()
}

/// The helper thread, one for the parser's life: a job starts at once on the other core, where a
/// thread spawned per chunk first waits for the scheduler to move it there. It ends with the parser.
pub(super) struct Helper {
    jobs: mpsc::Sender<Job>,
    done: mpsc::Receiver<Job>,
    /// The part of the last job, for the next one.
    spare: Option<Part>,
}

impl Helper {
    fn start() -> Option<Helper> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outbox, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("heapscope-parse".into())
            .spawn(move || {
                while let Ok(mut job) = receive(&inbox) {
                    job.run();
                    if outbox.send(job).is_err() {
                        break;
                    }
                }
            })
            .ok()?;
        Some(Helper {
            jobs,
            done,
            spare: Some(Default::default()),
        })
    }
}

impl Reader {
    /// Reads `buf[i..]` of the `nodes` (`S` = [`NODES`]) or `edges` array on two threads, as
    /// [`Reader::numbers_serial`] would; `None` when the stretch is not worth splitting (or no
    /// thread can be started).
    pub(super) fn numbers_split<const S: u8>(
        &mut self,
        buf: &[u8],
        i: usize,
    ) -> Option<Result<usize, ParseError>> {
        let cols = self.columns.as_ref()?;
        if S == EDGES && !cols.nodes_done {
            return None;
        }
        let split = split_point(buf, i)?;
        let mut helper = match self.helper.take() {
            Some(helper) => helper,
            None => Helper::start()?,
        };
        let job = Job {
            nodes: S == NODES,
            halves: Halves::new(&buf[i..split], &buf[split..]),
            part: helper.spare.take().unwrap_or_default(),
            rules: cols.rules::<S>(),
            open_field: cols.open.field as u64,
            count: cols.count,
            // A value already ended by white space at `i` has its `,` in the first half.
            ended: (self.num_stage == NUM_AFTER) as u64,
            head_need: 0,
            expected: 0,
            usable: false,
            destination: Destination {
                columns: cols.regions::<S>(),
                first_record: 0,
            },
        };
        if helper.jobs.send(job).is_err() {
            // The helper is gone (it cannot be, short of a panic there): carry on without it.
            return None;
        }
        // Until the job is back, `buf` must stay borrowed, even if the first half panicked.
        let pending = Pending(Some(helper));
        let first = self.numbers_serial::<S>(&buf[..split], i);
        let (helper, job) = pending.wait();
        let Some(job) = job else {
            return Some(match first {
                Ok(end) if end == split => self.numbers_serial::<S>(buf, split),
                other => other,
            });
        };
        self.helper = Some(helper);
        let done = self.join_part::<S>(buf, first, &job, split);
        if let Some(helper) = self.helper.as_mut() {
            helper.spare = Some(job.part);
        }
        Some(done)
    }
}

/// A helper with a job out: dropped (by a panic on this thread) it still waits for the job, so the
/// buffer the job points into outlives the helper's reads of it ([`Halves`]).
struct Pending(Option<Helper>);

impl Pending {
    /// The helper and its job back (`None`: the helper is gone, and with it its reads).
    fn wait(mut self) -> (Helper, Option<Job>) {
        let helper = self.0.take().unwrap();
        let job = receive(&helper.done).ok();
        (helper, job)
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(helper) = &self.0 {
            let _ = helper.done.recv();
        }
    }
}

impl Reader {
    /// After the first half: appends the part when it holds what the serial path would have
    /// made of the second half, else reads the second half again on this thread.
    fn join_part<const S: u8>(
        &mut self,
        buf: &[u8],
        first: Result<usize, ParseError>,
        job: &Job,
        split: usize,
    ) -> Result<usize, ParseError> {
        let first = first?;
        if first != split {
            // The array closed in the first half: the part is past its end.
            return Ok(first);
        }
        let (part, head_need) = (&job.part, job.head_need);
        let end = split + part.end;
        let offset = self.offset + end as u64;
        let after_comma = self.num_stage == NUM_AFTER_COMMA;
        let cols = self.columns.as_mut().unwrap();
        let joined = job.usable
            && after_comma
            && cols.count == job.expected
            && cols.join::<S>(part, head_need, offset)?;
        if !joined {
            return self.numbers_serial::<S>(buf, split);
        }
        self.set_num_state(part.state.unwrap());
        if part.closed {
            self.state = State::AfterValue;
            self.section_done(end)?;
            return Ok(end + 1);
        }
        Ok(buf.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn commas_are_counted_as_one_by_one(
            bytes in prop::collection::vec(prop_oneof![Just(b','), Just(b'1'), Just(b',' | 0x80), any::<u8>()], 0..9000),
            skip in 0usize..16,
        ) {
            let bytes = &bytes[skip.min(bytes.len())..];
            let expected = bytes.iter().filter(|&&b| b == b',').count() as u64;
            prop_assert_eq!(count_commas(bytes), expected);
            prop_assert_eq!(count_commas_by_words(bytes), expected);
        }
    }

    #[test]
    fn a_run_of_commas_longer_than_a_byte_counter_holds_is_counted() {
        let bytes = vec![b','; 255 * 16 * 3 + 7];
        assert_eq!(count_commas(&bytes), bytes.len() as u64);
    }
}
