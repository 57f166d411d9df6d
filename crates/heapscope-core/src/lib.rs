//! # heapscope-core
//!
//! A streaming V8 heap snapshot (`.heapsnapshot`) parser and an analysis whose figures equal Chrome
//! DevTools' (retained sizes, distances, class aggregates, statistics, detachedness). Pure Rust with no
//! I/O: bytes are pushed in, queries come out, so the same code runs natively (the CLI) and as wasm in
//! a Web Worker (the app).
//!
//! ```no_run
//! use heapscope_core::{Analysis, SnapshotParser};
//! let mut parser = SnapshotParser::new();
//! for chunk in std::fs::read("app.heapsnapshot").unwrap().chunks(1 << 20) {
//!     parser.feed(chunk).unwrap(); // chunks may split anywhere; gzip is detected by its magic bytes
//! }
//! let snapshot = parser.finish().unwrap();
//! let analysis = Analysis::new(snapshot, &mut |_phase| {});
//! println!("{} bytes in {} objects", analysis.total_size(), analysis.node_count());
//! ```

pub mod analysis;
pub mod compare;
pub mod error;
pub mod locations;
pub mod model;
pub mod parse;
pub mod progress;
pub mod report;
pub mod snapshot;
pub mod strings;
pub mod synthetic;

pub use analysis::{set_clock, Analysis};
pub use error::{ParseError, ParseErrorKind};
pub use model::*;
pub use parse::SnapshotParser;
pub use progress::{Phase, Progress};
pub use report::{Report, ReportOptions};
pub use snapshot::HeapSnapshot;

/// Display names longer than this are cut (with an ellipsis) in rows handed to tables.
pub const MAX_DISPLAY_NAME_CHARS: usize = 300;
