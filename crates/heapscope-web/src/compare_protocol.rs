//! The messages of comparison over time (issue 9), nested in [`crate::protocol`] as
//! `Request::Compare` and `Response::Compare`: a second snapshot read as the base of a Comparison
//! or as the baseline or target of three-snapshot leak detection (a "side" load, beside the open
//! analysis), the new and deleted objects of a Comparison row, the Allocation view, and a CPU
//! profile read next to the open snapshot.
//!
//! Invariants: as for every message, `job` is the open analysis' job and both sides drop other
//! jobs' messages; a side load is also named by its `req`, so the answers to a side load the page
//! replaced or cancelled are dropped. The open snapshot is always the later one: the target of a
//! Comparison (so its new objects and its growth suspects' paths are objects of the open analysis)
//! and the final snapshot of leak detection.

use crate::protocol::{JobId, LoadError, ReqId};
use heapscope_core::compare::{AllocationReport, LeakReport, ProfileReport, SnapshotDiff};
use heapscope_core::NodeRow;
use serde::{Deserialize, Serialize};

/// What a side load reads a snapshot as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Side {
    /// The base of a Comparison with the open snapshot: analysed and kept beside it.
    Base,
    /// Leak detection's baseline (before the action): only its object ids are kept.
    Baseline,
    /// Leak detection's target (after the action): only its object ids are kept.
    Target,
}

impl Side {
    pub const ALL: [Side; 3] = [Side::Base, Side::Baseline, Side::Target];

    /// Position in [`Side::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// How the page names the snapshot it reads.
    pub fn title(self) -> &'static str {
        match self {
            Side::Base => "base snapshot",
            Side::Baseline => "baseline snapshot",
            Side::Target => "target snapshot",
        }
    }

    /// The command that does the same job natively when the tab has no room for it.
    pub fn command(self) -> &'static str {
        match self {
            Side::Base => "heapscope diff BASE TARGET",
            Side::Baseline | Side::Target => "heapscope leaks BASELINE TARGET FINAL",
        }
    }
}

/// Page → worker (inside `Request::Compare`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CompareRequest {
    /// Read the `Blob` posted alongside as `side`, within the memory the open analysis (and a base
    /// already held) leave. What `side` held before is released first.
    LoadSide {
        job: JobId,
        req: ReqId,
        side: Side,
        name: String,
    },
    /// Stop the side load under way, if any, and release what `side` holds (a load that had
    /// already finished when this arrived included).
    CancelSide { job: JobId, side: Side },
    /// Release what `side` holds (the base and its Comparison, or one snapshot's ids).
    Release { job: JobId, side: Side },
    /// A page of the new objects (or, `deleted`, the base's deleted objects) of row `row` of
    /// [`SnapshotDiff::classes`], in id order.
    DiffObjects {
        job: JobId,
        req: ReqId,
        row: u32,
        deleted: bool,
        offset: u32,
    },
    /// DevTools' Allocation view of the open snapshot.
    Allocations { job: JobId, req: ReqId },
}

/// Worker → page (inside `Response::Compare`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CompareResponse {
    /// A side load's progress: `bytes` of `total` read, doing `label`.
    SideProgress {
        job: JobId,
        req: ReqId,
        side: Side,
        label: String,
        bytes: u64,
        total: u64,
    },
    SideFailed {
        job: JobId,
        req: ReqId,
        side: Side,
        error: LoadError,
    },
    /// The base is analysed and compared with the open snapshot.
    Compared(Box<Compared>),
    /// A leak detection snapshot was read and reduced to its ids.
    LeakSide {
        job: JobId,
        req: ReqId,
        side: Side,
        name: String,
        /// Its odd (V8 heap object) ids, all that is kept of it.
        objects: u64,
    },
    /// Leak detection over the baseline, the target and the open snapshot (the final one), sent
    /// whenever both ids lists are there.
    Leaks {
        job: JobId,
        report: Box<LeakReport>,
        elapsed_ms: f64,
    },
    DiffObjects {
        job: JobId,
        req: ReqId,
        row: u32,
        deleted: bool,
        offset: u32,
        /// New objects as the open snapshot has them; deleted ones as the base had them.
        rows: Vec<NodeRow>,
        total: u32,
    },
    /// `Err` says why the open snapshot has no allocation timeline.
    Allocations {
        job: JobId,
        req: ReqId,
        report: Result<Box<AllocationReport>, String>,
    },
    /// A `.cpuprofile` was dropped next to the open snapshot (the load of `job` read it as a
    /// profile; the open analysis stays).
    Profiled {
        job: JobId,
        report: Box<ProfileReport>,
        /// Reading and parsing the profile, then matching it with the heap.
        parse_ms: f64,
        match_ms: f64,
    },
}

/// The Comparison of a base with the open snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Compared {
    pub job: JobId,
    pub req: ReqId,
    pub name: String,
    pub diff: SnapshotDiff,
    /// Nodes of the base (its Overview's count).
    pub base_nodes: u64,
    /// Reading and parsing the base, analysing it, comparing (worker milliseconds).
    pub parse_ms: f64,
    pub analysis_ms: f64,
    pub compare_ms: f64,
    /// The worker's wasm memory afterwards (its high-water mark).
    pub wasm_memory_bytes: u64,
}

impl CompareRequest {
    pub fn job(&self) -> JobId {
        match self {
            CompareRequest::LoadSide { job, .. }
            | CompareRequest::CancelSide { job, .. }
            | CompareRequest::Release { job, .. }
            | CompareRequest::DiffObjects { job, .. }
            | CompareRequest::Allocations { job, .. } => *job,
        }
    }
}

impl CompareResponse {
    pub fn job(&self) -> JobId {
        match self {
            CompareResponse::Compared(c) => c.job,
            CompareResponse::SideProgress { job, .. }
            | CompareResponse::SideFailed { job, .. }
            | CompareResponse::LeakSide { job, .. }
            | CompareResponse::Leaks { job, .. }
            | CompareResponse::DiffObjects { job, .. }
            | CompareResponse::Allocations { job, .. }
            | CompareResponse::Profiled { job, .. } => *job,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Request, Response};

    #[test]
    fn comparison_messages_nest_in_the_protocol_and_keep_their_job() {
        let r = Request::Compare(CompareRequest::LoadSide {
            job: 4,
            req: 11,
            side: Side::Baseline,
            name: "a.heapsnapshot".into(),
        });
        assert_eq!(r.job(), 4);
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.starts_with("{\"Compare\":{\"LoadSide\":"), "{json}");
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), r);

        let a = Response::Compare(CompareResponse::Allocations {
            job: 4,
            req: 12,
            report: Err("no traces".into()),
        });
        assert_eq!(a.job(), Some(4), "the page drops other jobs' answers");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Response>(&json).unwrap(), a);
    }

    #[test]
    fn a_side_too_large_for_the_tab_points_to_the_command_that_does_its_job() {
        assert!(Side::Base.command().starts_with("heapscope diff"));
        assert!(Side::Target.command().starts_with("heapscope leaks"));
        assert_eq!(Side::ALL.map(Side::index), [0, 1, 2]);
    }
}
