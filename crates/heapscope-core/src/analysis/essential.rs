//! DevTools' `computeIsEssentialEdge`: which edges count when building the dominator tree. Dropped:
//! the table→value edge of a WeakMap entry, weak edges, self edges, shortcut edges except at the
//! root, and edges from non-page-owned into page-owned nodes.

use super::bits::BitVec;
use super::weakmap::parse_ephemeron;
use crate::snapshot::HeapSnapshot;

/// Per string index: the table id if the string is a WeakMap ephemeron edge name. Computed once for
/// the strings used as names of internal edges.
pub struct EphemeronNames {
    table_ids: std::collections::HashMap<u32, u64>,
}

impl EphemeronNames {
    pub fn new(snap: &HeapSnapshot) -> Self {
        let internal = snap.types.edge_internal;
        let mut checked = BitVec::new(snap.strings.len());
        let mut table_ids = std::collections::HashMap::new();
        for (e, &t) in snap.edge_type.iter().enumerate() {
            if t != internal {
                continue;
            }
            let s = snap.edge_name[e];
            if checked.get(s as usize) {
                continue;
            }
            checked.set(s as usize);
            if let Some(eph) = parse_ephemeron(snap.strings.get(s)) {
                table_ids.insert(s, eph.table_id);
            }
        }
        EphemeronNames { table_ids }
    }

    /// No string of the snapshot names a WeakMap entry's edge.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.table_ids.is_empty()
    }

    #[inline]
    pub fn table_id(&self, string: u32) -> Option<u64> {
        if self.table_ids.is_empty() {
            return None;
        }
        self.table_ids.get(&string).copied()
    }
}

/// The essential edges and, for each node, how many essential edges point at it.
pub struct EssentialEdges {
    pub bits: BitVec,
    pub in_degree: Vec<u32>,
}

/// The essential bit per edge, and essential in-degrees.
pub fn essential_edges(
    snap: &HeapSnapshot,
    page_owned: &BitVec,
    ephemerons: &EphemeronNames,
) -> EssentialEdges {
    let t = &snap.types;
    let mut bits = BitVec::new(snap.edge_count());
    // One spare slot of capacity: the dominators reuse the column as their n + 1 bucket heads, and
    // growing it then would copy it (two of them at once at the dominators' peak, on wasm).
    let mut in_degree: Vec<u32> = super::zeroed::zeroed(snap.node_count() + 1);
    in_degree.pop();
    let root = snap.root;
    for node in 0..snap.node_count() as u32 {
        let node_owned = page_owned.get(node as usize);
        for e in snap.edges_of(node) {
            let et = snap.edge_type[e];
            if et == t.edge_internal {
                if let Some(table) = ephemerons.table_id(snap.edge_name[e]) {
                    if snap.node_id.get(node as usize) == table {
                        continue;
                    }
                }
            }
            if et == t.edge_weak {
                continue;
            }
            let to = snap.edge_to[e];
            if to == node {
                continue;
            }
            if node != root {
                if et == t.edge_shortcut {
                    continue;
                }
                if page_owned.get(to as usize) && !node_owned {
                    continue;
                }
            }
            bits.set(e);
            in_degree[to as usize] += 1;
        }
    }
    EssentialEdges { bits, in_degree }
}
