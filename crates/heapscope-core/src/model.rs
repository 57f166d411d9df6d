//! The plain result types the analysis hands out: rows for tables, the overview, retainer links and the
//! summary the CLI prints as JSON. They own their data (no borrows into the graph), serialize with serde,
//! and are what crosses the Web Worker boundary, so they stay small and flat.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One heap object as shown in a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeRow {
    /// Position of the node in the snapshot (0 = the root); the handle for every other query.
    pub ordinal: u32,
    /// V8's node id, stable across snapshots of one heap profiler session (`@id` in DevTools).
    pub id: u64,
    /// DevTools' display name (`{a, b}` for plain objects, flattened text for cons strings), at most
    /// [`crate::MAX_DISPLAY_NAME_CHARS`] characters.
    pub name: String,
    /// The node type as the file names it (`object`, `closure`, `string`, ...).
    #[serde(rename = "type")]
    pub node_type: String,
    /// Shallow size after DevTools' reattribution of owned arrays and hidden objects.
    pub self_size: u64,
    /// Size freed if this object were collected (sum of self sizes in its dominator subtree).
    pub retained_size: u64,
    /// Distance from the user roots (`-5` when unreachable, `>= 100000000` when only reachable via system roots).
    pub distance: i32,
}

/// One row of the Summary (constructors) view: DevTools' aggregate for one class key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassRow {
    /// Handle for [`crate::Analysis::class_instances`].
    pub index: u32,
    pub name: String,
    pub count: u64,
    pub shallow_size: u64,
    /// Retained size without counting instances nested in instances of the same class twice.
    pub retained_size: u64,
    /// Minimum distance over the instances.
    pub distance: i32,
}

/// DevTools' statistics, the seven slices of its pie chart plus the total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    pub total: u64,
    pub code: u64,
    pub strings: u64,
    pub js_arrays: u64,
    pub typed_arrays: u64,
    pub system: u64,
    pub other_js: u64,
    pub other_native: u64,
}

impl Statistics {
    /// The seven slices of DevTools' pie chart with their DevTools names, in DevTools' order.
    pub fn slices(&self) -> [(&'static str, u64); 7] {
        [
            ("Code", self.code),
            ("Strings", self.strings),
            ("JS arrays", self.js_arrays),
            ("Typed arrays", self.typed_arrays),
            ("System objects", self.system),
            ("Other JS objects", self.other_js),
            ("Other non-JS objects", self.other_native),
        ]
    }
}

/// One slice of the heap by category, with its share of the total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub name: String,
    pub size: u64,
    pub percent: f64,
}

/// Count and shallow size of a set of nodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountAndSize {
    pub count: u64,
    #[serde(alias = "shallow_size")]
    pub self_size: u64,
}

/// Detached DOM / embedder objects after DevTools' propagation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetachedSummary {
    pub count: u64,
    pub shallow_size: u64,
}

/// The figures of the Overview view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub nodes: u64,
    pub edges: u64,
    pub total_size: u64,
    pub statistics: Statistics,
    pub categories: Vec<Category>,
    pub detached: DetachedSummary,
    pub class_count: u64,
}

/// One step of a retaining path: `retainer` holds the previous object through an edge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetainerLink {
    pub edge_type: String,
    /// Property name, element index (`[3]`) or internal name, as DevTools shows it.
    pub edge_name: String,
    pub retainer: NodeRow,
}

/// The whole-snapshot summary printed by `heapscope summary --json`; its keys are a stable interface.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub nodes: u64,
    pub edges: u64,
    pub total_size: u64,
    pub statistics: Statistics,
    /// Raw file-level figures: count and self size per node type, before any reattribution.
    pub by_type: BTreeMap<String, CountAndSize>,
    pub top_retained: Vec<NodeRow>,
    pub classes: Vec<ClassRow>,
    pub detached: DetachedSummary,
    /// Per-phase wall time in milliseconds (parse, dominators, ...), for humans and the bench.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timings_ms: Vec<(String, f64)>,
}
