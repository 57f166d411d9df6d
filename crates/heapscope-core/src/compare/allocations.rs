//! The allocation timeline of a snapshot recorded with allocation tracking (`.heaptimeline`, or a
//! `.heapsnapshot` with `trace_function_infos`, `trace_tree` and `samples`), as DevTools' Allocation
//! view shows it: every node carries the id of the allocation-trace node that allocated it; per trace
//! node DevTools counts the live objects and their (shallow) size, and a function's row adds up the
//! trace nodes where it is the top of the allocation stack (`allocationTracesTops`). The timeline
//! attributes each live JS object (odd id) to the first sample whose `last_assigned_id` is at least
//! its id (`buildSamples`).
//!
//! V8 can list more `trace_function_infos` rows than the header's `trace_function_count` (functions
//! added while the snapshot was written); the rows are sized by the array. Allocation-trace lines and
//! columns are 1-based already. TurboFan inlining charges an inlined callee's allocations to its caller.

use crate::Analysis;
use serde::{Deserialize, Serialize};

/// Fields of one `trace_function_infos` row, in V8's order.
const FUNCTION_INFO_FIELDS: usize = 6;

/// One function of the Allocation view: what was allocated with it at the top of the stack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocatingFunction {
    pub name: String,
    /// Script name (URL or path) as the trace records it; empty for builtins.
    pub script: String,
    pub script_id: u32,
    /// 1-based; 0 when V8 did not resolve it.
    pub line: u32,
    pub column: u32,
    /// Objects alive in the snapshot, and their shallow size.
    pub live_count: u64,
    pub live_size: u64,
    /// Everything allocated there while tracking ran, alive or not.
    pub count: u64,
    pub size: u64,
}

/// One interval of the timeline: objects allocated since the previous sample that are still alive.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeSlice {
    /// When the interval ended, in milliseconds since tracking started.
    pub timestamp_ms: f64,
    pub last_assigned_id: u64,
    pub live_count: u64,
    pub live_size: u64,
}

/// What `heapscope allocations --json` prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AllocationReport {
    /// Largest `live_size` first.
    pub functions: Vec<AllocatingFunction>,
    pub timeline: Vec<TimeSlice>,
    /// Live objects with an allocation trace, and their shallow size.
    pub traced_live_count: u64,
    pub traced_live_size: u64,
    /// `trace_function_count` in the header, and the rows the array really holds.
    pub header_function_count: u64,
    pub function_rows: u64,
}

/// Why a snapshot has no allocation timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoAllocationTraces;

impl std::fmt::Display for NoAllocationTraces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "this snapshot was not recorded with allocation tracking (it has no trace_function_infos \
             or trace_tree): record one with DevTools' \"Allocation instrumentation on timeline\", or \
             with the inspector's HeapProfiler.startTrackingHeapObjects({trackAllocations: true}) \
             before HeapProfiler.takeHeapSnapshot",
        )
    }
}

impl std::error::Error for NoAllocationTraces {}

/// The Allocation view of `analysis` (whose self sizes are DevTools' shallow sizes).
pub fn allocations(analysis: &Analysis) -> Result<AllocationReport, NoAllocationTraces> {
    let snap = analysis.snapshot();
    if snap.trace_tree.is_empty() || snap.node_trace_id.is_empty() {
        return Err(NoAllocationTraces);
    }
    // Live objects per trace node id: trace ids are dense and small, so index by id.
    let max_trace_id = snap.trace_tree.iter().map(|t| t.id).max().unwrap_or(0) as usize;
    let mut live = vec![(0u64, 0u64); max_trace_id + 1];
    let (mut traced_count, mut traced_size) = (0u64, 0u64);
    for (o, &trace) in snap.node_trace_id.iter().enumerate() {
        if let Some(slot) = live.get_mut(trace as usize).filter(|_| trace != 0) {
            let size = snap.node_self_size[o] as u64;
            slot.0 += 1;
            slot.1 += size;
            traced_count += 1;
            traced_size += size;
        }
    }
    let infos = &snap.trace_function_infos;
    let rows = infos.len() / FUNCTION_INFO_FIELDS;
    let mut functions: Vec<AllocatingFunction> = (0..rows)
        .map(|i| {
            let f = &infos[i * FUNCTION_INFO_FIELDS..(i + 1) * FUNCTION_INFO_FIELDS];
            AllocatingFunction {
                name: snap.strings.get(f[1]).to_owned(),
                script: snap.strings.get(f[2]).to_owned(),
                script_id: f[3],
                line: f[4],
                column: f[5],
                live_count: 0,
                live_size: 0,
                count: 0,
                size: 0,
            }
        })
        .collect();
    for t in &snap.trace_tree {
        // DevTools adds a trace node to its function only when something was allocated there.
        let Some(f) = functions.get_mut(t.function_info_index as usize) else {
            continue;
        };
        if t.count == 0 {
            continue;
        }
        let (lc, ls) = live.get(t.id as usize).copied().unwrap_or_default();
        f.count += t.count as u64;
        f.size += t.size as u64;
        f.live_count += lc;
        f.live_size += ls;
    }
    functions.retain(|f| f.count > 0);
    functions.sort_by(|a, b| {
        b.live_size
            .cmp(&a.live_size)
            .then(b.size.cmp(&a.size))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(AllocationReport {
        functions,
        timeline: timeline(analysis),
        traced_live_count: traced_count,
        traced_live_size: traced_size,
        header_function_count: snap.trace_function_count,
        function_rows: rows as u64,
    })
}

/// Live JS objects per timeline sample (DevTools' `buildSamples`, with a count beside the size).
fn timeline(analysis: &Analysis) -> Vec<TimeSlice> {
    let snap = analysis.snapshot();
    let mut slices: Vec<TimeSlice> = snap
        .samples
        .iter()
        .map(|&(ts, last)| TimeSlice {
            timestamp_ms: ts as f64 / 1000.0,
            last_assigned_id: last,
            live_count: 0,
            live_size: 0,
        })
        .collect();
    for (o, id) in snap.node_id.low32_iter().enumerate() {
        if id % 2 == 0 {
            continue;
        }
        let i = slices.partition_point(|s| s.last_assigned_id < id as u64);
        if let Some(s) = slices.get_mut(i) {
            s.live_count += 1;
            s.live_size += snap.node_self_size[o] as u64;
        }
    }
    slices
}
