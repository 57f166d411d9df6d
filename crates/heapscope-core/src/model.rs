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

/// Which retaining edges a Retainers list shows. The default is DevTools' Retainers view: weak edges
/// left out (they retain nothing), internal ones shown; edges owned by the snapshot's root are never
/// listed (DevTools' `retainingEdgesFilter`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RetainerFilter {
    /// Also list weak edges, marked as such.
    pub weak: bool,
    /// Leave out `internal` and `hidden` edges (V8's bookkeeping: a context's `previous`, maps, code).
    pub hide_internal: bool,
}

/// One reference in a Retainers or Containment list: the edge and the object at its other end (the
/// owner of the edge for a retainer, its target for a child).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EdgeRow {
    /// The edge's ordinal in the snapshot: a stable handle for this row.
    pub edge: u32,
    pub edge_type: String,
    /// DevTools' `edge.name()`: the property or variable name, the element index, the internal name.
    pub edge_name: String,
    /// The object at the other end.
    pub node: NodeRow,
    /// A `weak` edge (it does not keep the object alive).
    pub weak: bool,
    /// An `internal` or `hidden` edge (V8's bookkeeping rather than a reference in the program).
    pub internal: bool,
    /// How many edges go on from `node` in the same direction (its retainers for a retainer row,
    /// its own edges for a child row), before any filter: 0 means there is nothing to expand.
    pub onward: u32,
    /// Where the object's code is, for a closure (`app-server.js:58`) or a Context
    /// (`top-level scope of app-server.js`), when the snapshot says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A page of the retainers or the children of one object, in DevTools' order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EdgePage {
    /// The object whose retainers (or children) these are.
    pub node: NodeRow,
    /// Position of `rows[0]` in the whole list.
    pub offset: u32,
    /// Length of the whole list (after the filter).
    pub total: u32,
    pub rows: Vec<EdgeRow>,
    /// Edges the filter left out (weak ones, or internal ones when hidden).
    pub filtered: u32,
}

/// A page of the objects an object dominates (its children in the dominator tree), largest
/// retained size first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DominatedPage {
    pub node: NodeRow,
    pub offset: u32,
    pub total: u32,
    pub rows: Vec<DominatedRow>,
}

/// One child in the dominator tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DominatedRow {
    pub node: NodeRow,
    /// How many objects it dominates in turn.
    pub dominated: u32,
}

/// One row of the grouped Largest objects list: an object and how many of the other largest objects
/// sit inside it (are dominated by it, so they would be freed with it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LargestRow {
    pub node: NodeRow,
    /// How many of the largest objects scanned are folded into this row.
    pub folded: u32,
    /// The folded objects along its largest dominator-tree branch (`Map` → its backing array), at
    /// most a few.
    pub inside: Vec<NodeRow>,
}

/// DevTools' named filters of the Summary view (`createNamedFilter`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SummaryFilter {
    /// "Duplicated strings": every string whose text another string node also has.
    DuplicatedStrings,
    /// "Objects retained by detached DOM nodes": what the root reaches only through detached nodes.
    RetainedByDetached,
}
