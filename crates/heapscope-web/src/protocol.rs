//! The messages between the page and the analysis worker: one enum per direction.
//!
//! Invariants: every message about a loaded file carries the `job` it belongs to, and both sides drop
//! messages of any other job (a new `Load` or a `Cancel` starts a new job, so stale progress and
//! answers are ignored); query answers also echo the query's `req` id. The enums are externally tagged
//! (what `serde_wasm_bindgen` needs). Sizes are `u64` in the model types; on the wire they travel as
//! BigInt (see [`crate::wire`]) so no figure above 2^53 is rounded.

use crate::compare_protocol::{CompareRequest, CompareResponse};
use heapscope_core::report::detached::DetachedSection;
use heapscope_core::report::ReportOptions;
use heapscope_core::{
    ClassRow, CountAndSize, DominatedPage, EdgePage, LargestRow, NodeRow, Overview, Phase,
    RetainerFilter, SummaryFilter,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Identifies one load (one file); 0 means "none".
pub type JobId = u32;
/// Identifies one query within a job, so the page can drop answers it no longer waits for.
pub type ReqId = u32;

/// Memory the worker lets the parser plan for before refusing a file (wasm32 tops out near 4 GiB).
pub const MEMORY_LIMIT_BYTES: u64 = 3584 * 1024 * 1024;
/// Size of the largest `Blob.slice()` the worker reads and feeds to the parser.
pub const CHUNK_BYTES: u64 = 16 * 1024 * 1024;
/// Size of the first slice; each next one is twice the last, up to [`CHUNK_BYTES`]. The parser
/// waits for the first slice with nothing to do (two 16 MiB slices read at once arrive after 30–60
/// ms), and reading runs at about twice the parser's speed, so doubling slices stay ahead of it.
pub const FIRST_SLICE_BYTES: u64 = 1024 * 1024;

/// The size of the slice after one of `last` bytes (see [`FIRST_SLICE_BYTES`]).
pub fn next_slice_bytes(last: u64) -> u64 {
    (last * 2).clamp(FIRST_SLICE_BYTES, CHUNK_BYTES)
}
/// How many classes the `EarlyClasses` message carries.
pub const EARLY_CLASSES: usize = 20;
/// How many largest objects the Loaded message carries.
pub const TOP_RETAINED: usize = 200;
/// How many instances of a class one `Instances` answer holds.
pub const INSTANCES_PAGE: usize = 100;
/// How many rows one page of a Retainers, Containment or dominator-tree list holds.
pub const TREE_PAGE: usize = 50;
/// Most of the memory a wasm32 worker can have (4 GiB less what the engine keeps).
pub const WASM_MEMORY_CEILING: u64 = 4000 * 1024 * 1024;
/// What building the report adds to the worker's memory per node and per edge, measured on the
/// 741 MB `big` snapshot (10.2 M nodes, 25.7 M edges: 1,144 -> 1,936 MB), rounded up: the reverse
/// index, the dominator tree's order, the strings' flattened names and hash tables.
pub const REPORT_BYTES_PER_NODE: u64 = 72;
pub const REPORT_BYTES_PER_EDGE: u64 = 8;

/// How many rows the grouped Largest objects list holds.
pub const LARGEST_GROUPED: usize = 100;

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Analyse the `Blob` posted alongside this message (see [`crate::wire`]); drops any earlier
    /// analysis first so its memory is reused.
    Load { job: JobId, name: String },
    /// Stop the given job; the worker answers `Cancelled`.
    Cancel { job: JobId },
    /// A page of the instances of one class (largest retained size first), of those a Summary
    /// filter lets through when `filter` is set.
    Instances {
        job: JobId,
        req: ReqId,
        class_index: u32,
        offset: u32,
        limit: u32,
        filter: Option<SummaryFilter>,
    },
    /// The Summary's classes under one of DevTools' named filters.
    FilteredClasses {
        job: JobId,
        req: ReqId,
        filter: SummaryFilter,
    },
    /// The detached objects by class, with what keeps them alive.
    Detached { job: JobId, req: ReqId },
    /// A page of the detached objects of one class (by its name in the `Detached` answer).
    DetachedInstances {
        job: JobId,
        req: ReqId,
        class: String,
        offset: u32,
    },
    /// Selects the object with V8 id `id`: its row, its retainers with the path DevTools' Retainers
    /// view expands, and its first children.
    Select {
        job: JobId,
        req: ReqId,
        id: u64,
        filter: RetainerFilter,
    },
    /// A page of the retainers of the node at `ordinal`.
    RetainersPage {
        job: JobId,
        req: ReqId,
        ordinal: u32,
        filter: RetainerFilter,
        offset: u32,
    },
    /// A page of the outgoing edges (Containment) of the node at `ordinal`.
    ChildrenPage {
        job: JobId,
        req: ReqId,
        ordinal: u32,
        offset: u32,
    },
    /// A page of the children of the node at `ordinal` in the dominator tree.
    DominatedPage {
        job: JobId,
        req: ReqId,
        ordinal: u32,
        offset: u32,
    },
    /// Objects whose name contains `query`, or `@123` for the object with id 123.
    Search {
        job: JobId,
        req: ReqId,
        query: String,
        limit: u32,
    },
    /// The analysis report (computed when asked for, never at load), its Markdown titled `title`
    /// (the file's name, as the CLI titles it).
    Report {
        job: JobId,
        req: ReqId,
        options: ReportOptions,
        title: String,
    },
    /// Comparison over time: a base, leak detection, allocations (see [`crate::compare_protocol`]).
    Compare(CompareRequest),
}

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker has installed its message handler; earlier messages would have been lost.
    Ready,
    /// Loading progress: `bytes` of `total` input bytes read, currently in `phase`.
    Progress {
        job: JobId,
        phase: Phase,
        bytes: u64,
        total: u64,
    },
    /// The Overview's figures, final, sent while dominators, distances and classes are still
    /// being computed (`class_count` is 0 until `Loaded`).
    Overview { job: JobId, overview: Overview },
    /// The classes with the largest shallow sizes (at most [`EARLY_CLASSES`] of `class_count`),
    /// final but for their retained sizes (0 here), sent while the dominators are computed.
    EarlyClasses {
        job: JobId,
        classes: Vec<ClassRow>,
        class_count: u64,
    },
    /// The file of this job is being analysed for good: the analysis shown before it was released.
    Accepted { job: JobId },
    /// The analysis is ready; everything the Overview, Summary and Largest views need up front.
    Loaded(Box<Loaded>),
    /// Loading failed. `kept`: the analysis shown before this load is still there and now answers
    /// this job's queries; otherwise nothing is loaded.
    Failed {
        job: JobId,
        error: LoadError,
        kept: bool,
    },
    /// The job was cancelled and its memory released; `kept` as for `Failed`.
    Cancelled { job: JobId, kept: bool },
    Instances {
        job: JobId,
        req: ReqId,
        class_index: u32,
        offset: u32,
        rows: Vec<NodeRow>,
        total: u32,
        filter: Option<SummaryFilter>,
    },
    FilteredClasses {
        job: JobId,
        req: ReqId,
        filter: SummaryFilter,
        classes: Vec<ClassRow>,
    },
    Detached {
        job: JobId,
        req: ReqId,
        section: Box<DetachedSection>,
    },
    DetachedInstances {
        job: JobId,
        req: ReqId,
        class: String,
        offset: u32,
        rows: Vec<NodeRow>,
        total: u32,
    },
    /// `selection` is `None` when no object has the requested id.
    Selected {
        job: JobId,
        req: ReqId,
        id: u64,
        selection: Option<Box<Selection>>,
    },
    RetainersPage {
        job: JobId,
        req: ReqId,
        filter: RetainerFilter,
        page: EdgePage,
    },
    ChildrenPage {
        job: JobId,
        req: ReqId,
        page: EdgePage,
    },
    DominatedPage {
        job: JobId,
        req: ReqId,
        page: DominatedPage,
    },
    /// At most `limit` matches, largest retained first, of `total`.
    Search {
        job: JobId,
        req: ReqId,
        query: String,
        rows: Vec<NodeRow>,
        total: u64,
    },
    /// The report for `options` (echoed, so the page drops answers to options it no longer shows).
    Report(Box<ReportAnswer>),
    /// The report was not built: it would not fit in the worker's memory beside the analysis.
    ReportRefused {
        job: JobId,
        req: ReqId,
        options: ReportOptions,
        message: String,
    },
    /// Comparison over time (see [`crate::compare_protocol`]).
    Compare(CompareResponse),
    /// The worker's Rust code panicked; its state is lost and the page must start a new worker.
    Panicked { message: String },
}

/// The answer to [`Request::Report`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportAnswer {
    pub job: JobId,
    pub req: ReqId,
    pub options: ReportOptions,
    /// The report as `Report::to_json` writes it: one string crosses to the page (turning the
    /// report into JS objects field by field cost 143 ms in the worker on app-server, and as much
    /// again on the page's thread); the page parses it with serde_json and downloads it as it is.
    pub report_json: String,
    /// The report as Markdown (made in the worker too: the page's thread only parses it).
    pub markdown: String,
    /// Milliseconds the worker spent building it (the Markdown included).
    pub elapsed_ms: f64,
    /// `byteLength` of the worker's wasm memory before and after building it.
    pub wasm_memory_before: u64,
    pub wasm_memory_after: u64,
}

/// The selected object and what the selection panel shows of it first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    pub node: NodeRow,
    /// Where its code is, for a closure or a Context.
    pub code: Option<String>,
    /// Its Summary class ([`ClassRow::index`]), if it has one.
    pub class_index: Option<u32>,
    pub filter: RetainerFilter,
    /// The first page of its retainers, then of the retainers of each object DevTools' Retainers
    /// view expands by itself (the owner of the first row of the page before).
    pub retainers: Vec<EdgePage>,
    /// The first page of its outgoing edges.
    pub children: EdgePage,
}

/// The result of a successful load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    pub job: JobId,
    pub overview: Overview,
    /// Ordinal of the snapshot's root (the top of the dominator tree).
    pub root: u32,
    /// All classes, largest retained size first.
    pub classes: Vec<ClassRow>,
    /// The largest objects by retained size (the raw list, the root first).
    pub top: Vec<NodeRow>,
    /// The largest objects without roots and synthetic nodes, nested ones folded into their row.
    pub largest: Vec<LargestRow>,
    /// Count and raw self size per node type, as written in the file.
    pub by_type: BTreeMap<String, CountAndSize>,
    /// The snapshot was recorded with allocation tracking (it has a trace tree): it has an
    /// Allocation view.
    #[serde(default)]
    pub allocation_traces: bool,
    /// Milliseconds from the `Load` message to this answer, measured in the worker.
    pub elapsed_ms: f64,
    /// Of which reading and parsing the file (until the parser's `finish`).
    pub parse_ms: f64,
    /// Of which inside the parser (the rest of `parse_ms` is waiting for the browser to read).
    pub feed_ms: f64,
    /// Wall time of each analysis phase after parsing, in the order they ran (for the bench).
    pub phases_ms: Vec<(String, f64)>,
    /// `byteLength` of the worker's wasm memory when it sent this (its high-water mark: wasm memory
    /// never shrinks).
    pub wasm_memory_bytes: u64,
    /// What the parser tolerated and a person should know (e.g. header counts Hermes writes as 0),
    /// one sentence each; shown as a notice beside the file's name.
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// Why a load failed, in words for people plus a kind the page picks its advice from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadError {
    pub kind: LoadErrorKind,
    /// A full sentence for people (the core's `ParseError` message, or the browser's read error).
    pub message: String,
    /// Where in the file the problem is (the byte offset), for a bug report or a hex editor.
    pub detail: Option<String>,
}

/// The kinds of load failure the page gives different advice for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoadErrorKind {
    /// Not a heap snapshot at all (not JSON, a `.cpuprofile`, a trace, other JSON).
    NotASnapshot,
    /// A heap snapshot whose bytes cannot be trusted (corrupt gzip, bad header, records that
    /// disagree, invalid JSON inside).
    Damaged,
    /// The file ends early.
    Truncated,
    /// The analysis would not fit in the tab's memory: use the CLI.
    TooLarge,
    /// The browser could not read the file.
    Read,
}

impl LoadErrorKind {
    /// The error's heading for the file `name`.
    pub fn title(self, name: &str) -> String {
        match self {
            LoadErrorKind::NotASnapshot => format!("{name} is not a heap snapshot"),
            LoadErrorKind::Damaged => format!("{name} is damaged"),
            LoadErrorKind::Truncated => format!("{name} is incomplete"),
            LoadErrorKind::TooLarge => format!("{name} is too large to analyse in the browser"),
            LoadErrorKind::Read => format!("{name} could not be read"),
        }
    }

    /// What the person can do about it.
    pub fn advice(self) -> &'static str {
        match self {
            LoadErrorKind::NotASnapshot => {
                "Choose a .heapsnapshot file (DevTools → Memory → Heap snapshot → Save, or Node's \
                 v8.writeHeapSnapshot()), optionally gzip-compressed."
            }
            LoadErrorKind::Damaged => {
                "The file was changed or damaged after it was written. Take or copy the snapshot again; \
                 if DevTools opens this very file, please report it together with the message above."
            }
            LoadErrorKind::Truncated => {
                "The file ends early: it was probably cut off while being written or copied. Take or copy \
                 the snapshot again."
            }
            LoadErrorKind::TooLarge => {
                "This snapshot needs more memory than a browser tab can have. Analyse it with the \
                 command line instead: heapscope summary FILE"
            }
            LoadErrorKind::Read => "The browser could not read the file. Try choosing it again.",
        }
    }
}

impl From<&heapscope_core::ParseError> for LoadError {
    fn from(e: &heapscope_core::ParseError) -> Self {
        use heapscope_core::ParseErrorKind as K;
        let kind = match e.kind() {
            K::Truncated => LoadErrorKind::Truncated,
            K::TooLarge => LoadErrorKind::TooLarge,
            K::NotJson | K::NotASnapshot => LoadErrorKind::NotASnapshot,
            K::Syntax | K::BadHeader | K::Inconsistent | K::BadGzip => LoadErrorKind::Damaged,
        };
        LoadError {
            kind,
            message: sentence(e.message()),
            detail: Some(format!(
                "Found at byte {} of the snapshot's JSON text (after gzip decompression).",
                crate::format::count(e.offset())
            )),
        }
    }
}

/// `text` as a sentence: a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

impl Request {
    /// The job this request belongs to.
    pub fn job(&self) -> JobId {
        match self {
            Request::Load { job, .. }
            | Request::Cancel { job }
            | Request::Instances { job, .. }
            | Request::FilteredClasses { job, .. }
            | Request::Detached { job, .. }
            | Request::DetachedInstances { job, .. }
            | Request::Select { job, .. }
            | Request::RetainersPage { job, .. }
            | Request::ChildrenPage { job, .. }
            | Request::DominatedPage { job, .. }
            | Request::Search { job, .. }
            | Request::Report { job, .. } => *job,
            Request::Compare(c) => c.job(),
        }
    }
}

impl Response {
    /// The job this answer belongs to; `None` for worker-wide messages.
    pub fn job(&self) -> Option<JobId> {
        match self {
            Response::Ready | Response::Panicked { .. } => None,
            Response::Loaded(l) => Some(l.job),
            Response::Report(r) => Some(r.job),
            Response::ReportRefused { job, .. } => Some(*job),
            Response::Compare(c) => Some(c.job()),
            Response::Progress { job, .. }
            | Response::Overview { job, .. }
            | Response::EarlyClasses { job, .. }
            | Response::Accepted { job }
            | Response::Failed { job, .. }
            | Response::Cancelled { job, .. }
            | Response::Instances { job, .. }
            | Response::FilteredClasses { job, .. }
            | Response::Detached { job, .. }
            | Response::DetachedInstances { job, .. }
            | Response::Selected { job, .. }
            | Response::RetainersPage { job, .. }
            | Response::ChildrenPage { job, .. }
            | Response::DominatedPage { job, .. }
            | Response::Search { job, .. } => Some(*job),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use heapscope_core::{ParseError, ParseErrorKind};

    #[test]
    fn early_overview_belongs_to_its_job_and_round_trips() {
        let overview = Overview {
            nodes: 3,
            edges: 2,
            total_size: 40,
            statistics: Default::default(),
            categories: vec![],
            detached: Default::default(),
            class_count: 0,
        };
        let r = Response::Overview { job: 7, overview };
        assert_eq!(r.job(), Some(7), "the page drops other jobs' overviews");
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.starts_with("{\"Overview\":"), "{json}");
        assert_eq!(serde_json::from_str::<Response>(&json).unwrap(), r);
    }

    #[test]
    fn early_classes_belong_to_their_job_and_round_trip() {
        let r = Response::EarlyClasses {
            job: 4,
            classes: vec![ClassRow {
                index: 2,
                name: "<img src=x onerror=alert(1)>".into(),
                count: 3,
                shallow_size: 96,
                retained_size: 0,
                distance: 2,
            }],
            class_count: 9,
        };
        assert_eq!(r.job(), Some(4), "the page drops other jobs' classes");
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.starts_with("{\"EarlyClasses\":"), "{json}");
        assert_eq!(serde_json::from_str::<Response>(&json).unwrap(), r);
    }

    #[test]
    fn requests_round_trip_externally_tagged() {
        let r = Request::Select {
            job: 3,
            req: 9,
            id: (1 << 60) + 1,
            filter: RetainerFilter {
                weak: true,
                hide_internal: false,
            },
        };
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.starts_with("{\"Select\":"), "{json}");
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), r);
        assert_eq!(r.job(), 3);
    }

    #[test]
    fn too_large_parse_error_advises_the_cli() {
        let e = ParseError::new(ParseErrorKind::TooLarge, 10, "The snapshot needs 5 GiB.");
        let l = LoadError::from(&e);
        assert_eq!(l.kind, LoadErrorKind::TooLarge);
        assert!(l.kind.advice().contains("heapscope summary FILE"));
        assert!(l.message.contains("5 GiB"));
    }

    #[test]
    fn messages_are_sentences_and_the_byte_offset_is_a_detail() {
        let e = ParseError::new(
            ParseErrorKind::Syntax,
            123_456,
            "expected a number in the \"nodes\" section but found 'x'",
        );
        let l = LoadError::from(&e);
        assert_eq!(
            l.message,
            "Expected a number in the \"nodes\" section but found 'x'."
        );
        assert!(!l.message.contains("at byte"));
        assert!(l.detail.unwrap().contains("byte 123,456"));
    }

    #[test]
    fn other_files_are_not_snapshots_and_broken_snapshots_are_damaged() {
        let kind = |k| LoadError::from(&ParseError::new(k, 0, "x")).kind;
        for k in [ParseErrorKind::NotJson, ParseErrorKind::NotASnapshot] {
            assert_eq!(kind(k), LoadErrorKind::NotASnapshot);
        }
        for k in [
            ParseErrorKind::BadGzip,
            ParseErrorKind::Syntax,
            ParseErrorKind::BadHeader,
            ParseErrorKind::Inconsistent,
        ] {
            assert_eq!(kind(k), LoadErrorKind::Damaged);
        }
        assert_eq!(
            LoadErrorKind::Damaged.title("a.heapsnapshot"),
            "a.heapsnapshot is damaged"
        );
    }

    #[test]
    fn slices_double_from_the_first_up_to_the_largest() {
        let mut sizes = vec![FIRST_SLICE_BYTES];
        while sizes.len() < 8 {
            sizes.push(next_slice_bytes(*sizes.last().unwrap()));
        }
        let mib = |s: &u64| s >> 20;
        assert_eq!(
            sizes.iter().map(mib).collect::<Vec<_>>(),
            [1, 2, 4, 8, 16, 16, 16, 16]
        );
    }
}
