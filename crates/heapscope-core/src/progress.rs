//! Progress reporting: which phase the parser or the analysis is in and how many input bytes it has
//! consumed, so the CLI can draw a bar and the app a progress indicator.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A step of loading and analysing a snapshot, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Header,
    Nodes,
    Edges,
    Strings,
    OtherSections,
    Validating,
    DomState,
    ShallowSizes,
    /// The statistics; the Overview's figures are final after it.
    Statistics,
    /// Distances and class names (natively on a second thread while the next two run).
    Distances,
    PageOwned,
    Dominators,
    Aggregates,
    Done,
}

impl Phase {
    /// A short lower-case label for progress bars.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Header => "reading header",
            Phase::Nodes => "parsing nodes",
            Phase::Edges => "parsing edges",
            Phase::Strings => "parsing strings",
            Phase::OtherSections => "parsing other sections",
            Phase::Validating => "validating",
            Phase::DomState => "propagating DOM state",
            Phase::PageOwned => "marking page-owned objects",
            Phase::ShallowSizes => "calculating shallow sizes",
            Phase::Dominators => "building dominator tree",
            Phase::Distances => "calculating distances and class names",
            Phase::Aggregates => "aggregating classes",
            Phase::Statistics => "calculating statistics",
            Phase::Done => "done",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A progress report from the parser: input bytes consumed so far (compressed bytes for gzip input)
/// and the section being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub phase: Phase,
    pub bytes: u64,
}
