//! The parsed snapshot as columnar arrays indexed by node ordinal and edge ordinal: no object per
//! node, no copy of the file. Field meanings come from `snapshot.meta` (resolved by name), so files
//! with 5, 6 or 7 node fields, extra type names, types in another order and 64-bit ids (Julia) all
//! load into the same layout.

pub use crate::locations::{Location, Locations};
use crate::strings::StringTable;

/// Sentinel for "this type name does not occur in the file's meta".
pub const NO_TYPE: u8 = u8::MAX;

/// Indices of the node and edge type names the analysis cares about, looked up by name in the meta.
#[derive(Clone, Debug)]
pub struct TypeIds {
    pub node_type_names: Vec<String>,
    pub edge_type_names: Vec<String>,
    pub hidden: u8,
    pub array: u8,
    pub string: u8,
    pub object: u8,
    pub code: u8,
    pub closure: u8,
    pub regexp: u8,
    pub native: u8,
    pub synthetic: u8,
    pub cons_string: u8,
    pub sliced_string: u8,
    pub edge_context: u8,
    pub edge_element: u8,
    pub edge_property: u8,
    pub edge_internal: u8,
    pub edge_hidden: u8,
    pub edge_shortcut: u8,
    pub edge_weak: u8,
    /// How many node and edge types the meta declares (the name lists may grow past them).
    pub declared_node_types: usize,
    pub declared_edge_types: usize,
    undeclared_node: u8,
    invisible_edge: u8,
    undeclared_edge: u8,
}

fn position(names: &[String], name: &str) -> u8 {
    names
        .iter()
        .position(|n| n == name)
        .map_or(NO_TYPE, |p| p as u8)
}

impl TypeIds {
    pub fn new(node_type_names: Vec<String>, edge_type_names: Vec<String>) -> Self {
        let n = |s| position(&node_type_names, s);
        let e = |s| position(&edge_type_names, s);
        TypeIds {
            hidden: n("hidden"),
            array: n("array"),
            string: n("string"),
            object: n("object"),
            code: n("code"),
            closure: n("closure"),
            regexp: n("regexp"),
            native: n("native"),
            synthetic: n("synthetic"),
            cons_string: n("concatenated string"),
            sliced_string: n("sliced string"),
            edge_context: e("context"),
            edge_element: e("element"),
            edge_property: e("property"),
            edge_internal: e("internal"),
            edge_hidden: e("hidden"),
            edge_shortcut: e("shortcut"),
            edge_weak: e("weak"),
            declared_node_types: node_type_names.len(),
            declared_edge_types: edge_type_names.len(),
            undeclared_node: NO_TYPE,
            invisible_edge: NO_TYPE,
            undeclared_edge: NO_TYPE,
            node_type_names,
            edge_type_names,
        }
    }

    /// The code of a node type index the meta does not declare (V8 of 2017 writes `symbol`, 12, with
    /// 12 types declared). DevTools' `nodeTypes[i]` is then `undefined` for all of them alike, so
    /// they share one code, named "undefined".
    pub fn undeclared_node_type(&mut self) -> u8 {
        if self.undeclared_node == NO_TYPE {
            self.undeclared_node = self.node_type_names.len() as u8;
            self.node_type_names.push("undefined".to_owned());
        }
        self.undeclared_node
    }

    /// The code of an edge type index the meta does not declare. DevTools appends `invisible` to
    /// the edge types, so the first index past the list is `invisible` there and any later one
    /// `undefined`.
    pub fn undeclared_edge_type(&mut self, raw: u64) -> u8 {
        let (slot, name) = if raw == self.declared_edge_types as u64 {
            (&mut self.invisible_edge, "invisible")
        } else {
            (&mut self.undeclared_edge, "undefined")
        };
        if *slot == NO_TYPE {
            *slot = self.edge_type_names.len() as u8;
            self.edge_type_names.push(name.to_owned());
        }
        *slot
    }

    pub fn node_type_name(&self, t: u8) -> &str {
        self.node_type_names
            .get(t as usize)
            .map_or("unknown", |s| s.as_str())
    }

    pub fn edge_type_name(&self, t: u8) -> &str {
        self.edge_type_names
            .get(t as usize)
            .map_or("unknown", |s| s.as_str())
    }

    /// Element and hidden edges carry a number, every other edge a string index.
    pub fn edge_has_string_name(&self, t: u8) -> bool {
        t != self.edge_element && t != self.edge_hidden
    }

    pub fn is_string_type(&self, t: u8) -> bool {
        t == self.string || t == self.cons_string || t == self.sliced_string
    }
}

/// The V8 id of every node, by ordinal. V8 ids fit in 32 bits; Julia writes object addresses
/// (up to ~1.4e14). The low 32 bits are one dense column; the high halves get a column of their own
/// only once an id needs one, so V8 files pay nothing for the 64-bit ids of others.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeIds {
    low: Vec<u32>,
    /// Empty while every id fits in 32 bits, else as long as `low`.
    high: Vec<u32>,
}

impl NodeIds {
    pub fn with_capacity(n: usize) -> Self {
        NodeIds {
            low: Vec::with_capacity(n),
            high: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.low.len()
    }

    pub fn is_empty(&self) -> bool {
        self.low.is_empty()
    }

    #[inline]
    pub fn push(&mut self, id: u64) {
        let high = (id >> 32) as u32;
        if high != 0 && self.high.is_empty() {
            self.high = vec![0; self.low.len()];
            self.high.reserve(self.low.capacity() - self.low.len());
        }
        if !self.high.is_empty() {
            self.high.push(high);
        }
        self.low.push(id as u32);
    }

    /// Appends ids that each fit in 32 bits, given as their low halves.
    pub fn extend_low(&mut self, ids: impl ExactSizeIterator<Item = u32>) {
        if !self.high.is_empty() {
            self.high.resize(self.high.len() + ids.len(), 0);
        }
        self.low.extend(ids);
    }

    /// The low halves' column, as a region of memory (start, capacity in ids): where the parser's
    /// helper thread has the pages mapped ahead (natively).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn low_region(&self) -> (usize, usize) {
        (self.low.as_ptr() as usize, self.low.capacity())
    }

    /// Appends ids that each fit in 32 bits.
    pub fn extend_from_low(&mut self, ids: &[u32]) {
        self.extend_low(ids.iter().copied());
    }

    /// The id of the node at `ordinal`.
    #[inline]
    pub fn get(&self, ordinal: usize) -> u64 {
        let high = self.high.get(ordinal).map_or(0, |&h| (h as u64) << 32);
        high | self.low[ordinal] as u64
    }

    /// The id as DevTools holds it (in a `Uint32Array`): its low 32 bits. Comparisons across
    /// snapshots (DevTools' Comparison, MemLab's id sets) work on these, as DevTools' do.
    #[inline]
    pub fn low32(&self, ordinal: usize) -> u32 {
        self.low[ordinal]
    }

    /// [`Self::low32`] of every node, by ordinal.
    pub fn low32_iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.low.iter().copied()
    }

    /// Whether some id needs more than 32 bits (DevTools would show it truncated).
    pub fn has_wide_ids(&self) -> bool {
        !self.high.is_empty()
    }

    /// The ordinal of the first node with this id.
    pub fn position(&self, id: u64) -> Option<usize> {
        if id >> 32 != 0 && self.high.is_empty() {
            return None;
        }
        let low = id as u32;
        (0..self.low.len()).find(|&o| self.low[o] == low && self.get(o) == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.low.len()).map(|o| self.get(o))
    }

    pub fn shrink_to_fit(&mut self) {
        self.low.shrink_to_fit();
        self.high.shrink_to_fit();
    }
}

/// One node of the allocation trace tree (`trace_tree`), flattened with a parent link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceNode {
    pub id: u32,
    pub function_info_index: u32,
    pub count: u32,
    pub size: u32,
    /// Index of the parent in the flattened list, `u32::MAX` for top-level nodes.
    pub parent: u32,
}

/// A heap snapshot as parsed: the graph in columns plus the other sections.
#[derive(Clone, Debug)]
pub struct HeapSnapshot {
    pub types: TypeIds,
    pub root: u32,
    pub extra_native_bytes: u64,
    pub trace_function_count: u64,
    // Node columns (length = node count).
    pub node_type: Vec<u8>,
    pub node_name: Vec<u32>,
    pub node_id: NodeIds,
    pub node_self_size: Vec<u32>,
    pub node_detachedness: Vec<u8>,
    /// Allocation trace node ids; empty unless the snapshot has allocation tracking.
    pub node_trace_id: Vec<u32>,
    /// Prefix sums of `edge_count`: the edges of node `i` are `first_edge[i]..first_edge[i + 1]`.
    pub first_edge: Vec<u32>,
    // Edge columns (length = edge count).
    pub edge_type: Vec<u8>,
    pub edge_name: Vec<u32>,
    /// Target node ordinal (the file's `to_node` divided by the node field count).
    pub edge_to: Vec<u32>,
    pub strings: StringTable,
    /// Constructor locations, by node ordinal (last record wins for duplicates) once asked for.
    pub locations: Locations,
    /// `(timestamp_us, last_assigned_id)` pairs of a heap timeline.
    pub samples: Vec<(u64, u64)>,
    /// `trace_function_infos`, 6 numbers per function as in the file.
    pub trace_function_infos: Vec<u32>,
    pub trace_tree: Vec<TraceNode>,
    /// What the parser tolerated and a person should know (one sentence each), e.g. header counts
    /// that disagree with whole, consistent arrays (Hermes writes `node_count: 0`).
    pub warnings: Vec<String>,
}

impl HeapSnapshot {
    pub fn node_count(&self) -> usize {
        self.node_type.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edge_to.len()
    }

    #[inline]
    pub fn edges_of(&self, ordinal: u32) -> std::ops::Range<usize> {
        self.first_edge[ordinal as usize] as usize..self.first_edge[ordinal as usize + 1] as usize
    }

    pub fn node_name_str(&self, ordinal: u32) -> &str {
        self.strings.get(self.node_name[ordinal as usize])
    }

    /// An edge's name as DevTools shows it in a Retainers view: the property name, or the index for
    /// element and hidden edges.
    pub fn edge_name_string(&self, edge: usize) -> String {
        let t = self.edge_type[edge];
        let n = self.edge_name[edge];
        if self.types.edge_has_string_name(t) {
            self.strings.get(n).to_owned()
        } else {
            n.to_string()
        }
    }
}
