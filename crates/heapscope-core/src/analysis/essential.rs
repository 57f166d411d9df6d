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

/// The node where the edges divide in two halves of about the same size (natively each half is
/// found on its own thread, then [`EssentialEdges::merge`]d).
#[cfg(not(target_arch = "wasm32"))]
pub fn middle_node(snap: &HeapSnapshot) -> u32 {
    let half = snap.edge_count() as u32 / 2;
    (snap.first_edge.partition_point(|&e| e < half) as u32).min(snap.node_count() as u32)
}

#[cfg(not(target_arch = "wasm32"))]
impl EssentialEdges {
    /// Adds the essential edges of other nodes (found by [`essential_edges_of`]).
    pub fn merge(&mut self, other: EssentialEdges) {
        self.bits.or(&other.bits);
        for (d, o) in self.in_degree.iter_mut().zip(&other.in_degree) {
            *d += o;
        }
    }
}

/// The essential bit of each edge of `nodes`, and the essential in-degrees those edges give.
pub fn essential_edges_of(
    snap: &HeapSnapshot,
    page_owned: &BitVec,
    ephemerons: &EphemeronNames,
    nodes: std::ops::Range<u32>,
) -> EssentialEdges {
    let t = &snap.types;
    let mut bits = BitVec::new(snap.edge_count());
    let mut in_degree: Vec<u32> = super::zeroed::zeroed(snap.node_count());
    let root = snap.root;
    for node in nodes {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::page_owned::mark_page_owned;

    #[test]
    fn the_halves_merged_are_the_whole() {
        let json = crate::synthetic::synthetic_snapshot(3000, 7);
        let mut parser = crate::SnapshotParser::new();
        parser.feed(&json).unwrap();
        let snap = parser.finish().unwrap();
        let (page_owned, ephemerons) = (mark_page_owned(&snap), EphemeronNames::new(&snap));
        let n = snap.node_count() as u32;
        let whole = essential_edges_of(&snap, &page_owned, &ephemerons, 0..n);
        assert!(whole.in_degree.iter().any(|&d| d > 1));
        for middle in [0, 1, n / 3, middle_node(&snap), n - 1, n] {
            let mut first = essential_edges_of(&snap, &page_owned, &ephemerons, 0..middle);
            first.merge(essential_edges_of(
                &snap,
                &page_owned,
                &ephemerons,
                middle..n,
            ));
            assert_eq!(first.in_degree, whole.in_degree, "split at {middle}");
            let bits = |e: &EssentialEdges| {
                (0..snap.edge_count())
                    .filter(|&i| e.bits.get(i))
                    .collect::<Vec<_>>()
            };
            assert_eq!(bits(&first), bits(&whole), "split at {middle}");
        }
    }
}
