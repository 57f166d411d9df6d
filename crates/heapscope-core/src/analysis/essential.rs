//! DevTools' `computeIsEssentialEdge`: which edges count when building the dominator tree. Dropped:
//! the table→value edge of a WeakMap entry, weak edges, self edges, shortcut edges except at the
//! root, and edges from non-page-owned into page-owned nodes.

use super::bits::BitVec;
use super::prefetch::prefetch;
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

impl EssentialEdges {
    /// No essential edge yet.
    pub fn none(snap: &HeapSnapshot) -> Self {
        EssentialEdges {
            bits: BitVec::new(snap.edge_count()),
            in_degree: super::zeroed::zeroed(snap.node_count()),
        }
    }

    /// Adds the essential edges of other nodes (found by [`add_essential_edges`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn merge(&mut self, other: EssentialEdges) {
        self.bits.or(&other.bits);
        for (d, o) in self.in_degree.iter_mut().zip(&other.in_degree) {
            *d += o;
        }
    }
}

/// The essential edges found by both analysis sides natively: the nodes are cut into chunks of
/// about the same number of edges, which each side takes in turn. The dominator side starts as soon
/// as it has the page-owned flags; the other side joins after its shallow sizes, or not at all when
/// every chunk is taken by then. Before, each side had half the nodes, and the dominator side,
/// which needs the whole result first, waited 5-12 ms for the other half on app-server, 33-65 ms on
/// tsc and 11-34 ms on big.
#[cfg(not(target_arch = "wasm32"))]
pub struct SharedSearch {
    chunks: usize,
    next: std::sync::atomic::AtomicUsize,
    /// [`OPEN`], then [`JOINED`] or [`CLOSED`], whichever side comes first.
    helper: std::sync::atomic::AtomicU8,
}

#[cfg(not(target_arch = "wasm32"))]
const OPEN: u8 = 0;
/// The sizes side takes chunks too: the dominator side merges what it found.
#[cfg(not(target_arch = "wasm32"))]
const JOINED: u8 = 1;
/// The dominator side took every chunk alone.
#[cfg(not(target_arch = "wasm32"))]
const CLOSED: u8 = 2;

#[cfg(not(target_arch = "wasm32"))]
impl SharedSearch {
    /// Edges a chunk holds at least (so taking one costs nothing beside it), and the most chunks
    /// (so the last one taken, which the dominator side may wait for, is short).
    const LEAST_EDGES: usize = 1 << 16;
    const MOST_CHUNKS: usize = 256;

    pub fn new(snap: &HeapSnapshot) -> Self {
        SharedSearch {
            chunks: (snap.edge_count() / Self::LEAST_EDGES).clamp(1, Self::MOST_CHUNKS),
            next: std::sync::atomic::AtomicUsize::new(0),
            helper: std::sync::atomic::AtomicU8::new(OPEN),
        }
    }

    /// The nodes of chunk `k`: those whose edges start in its share of the edges.
    fn chunk(&self, snap: &HeapSnapshot, k: usize) -> std::ops::Range<u32> {
        let node_at = |k: usize| {
            let edge = (snap.edge_count() as u64 * k as u64 / self.chunks as u64) as u32;
            snap.first_edge[..snap.node_count()].partition_point(|&e| e < edge) as u32
        };
        let end = if k + 1 == self.chunks {
            snap.node_count() as u32
        } else {
            node_at(k + 1)
        };
        node_at(k)..end
    }

    /// Adds the essential edges of the chunks not taken yet to `into`, one chunk at a time, until
    /// none is left.
    pub fn take_chunks(
        &self,
        into: &mut EssentialEdges,
        snap: &HeapSnapshot,
        page_owned: &BitVec,
        ephemerons: &EphemeronNames,
    ) {
        use std::sync::atomic::Ordering;
        loop {
            let k = self.next.fetch_add(1, Ordering::Relaxed);
            if k >= self.chunks {
                return;
            }
            add_essential_edges(into, snap, page_owned, ephemerons, self.chunk(snap, k));
        }
    }

    /// The sizes side arrives: whether it may still take chunks (then it must hand what it found
    /// to the dominator side).
    pub fn join(&self) -> bool {
        use std::sync::atomic::Ordering;
        self.helper
            .compare_exchange(OPEN, JOINED, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// The dominator side has taken its last chunk: whether the sizes side joined (then its edges
    /// are to be merged), else it never will.
    pub fn other_side_joined(&self) -> bool {
        use std::sync::atomic::Ordering;
        self.helper
            .compare_exchange(OPEN, CLOSED, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
    }
}

/// The essential bit of each edge, and the essential in-degrees those edges give (on one thread).
#[cfg(any(target_arch = "wasm32", test))]
pub fn essential_edges(
    snap: &HeapSnapshot,
    page_owned: &BitVec,
    ephemerons: &EphemeronNames,
) -> EssentialEdges {
    let mut found = EssentialEdges::none(snap);
    let nodes = 0..snap.node_count() as u32;
    add_essential_edges(&mut found, snap, page_owned, ephemerons, nodes);
    found
}

/// How many edges ahead the in-degree of a target is asked for (see [`prefetch`]).
const IN_DEGREE_AHEAD: usize = 16;

/// Sets the essential bit of each edge of `nodes` in `into`, and adds the in-degrees they give.
fn add_essential_edges(
    into: &mut EssentialEdges,
    snap: &HeapSnapshot,
    page_owned: &BitVec,
    ephemerons: &EphemeronNames,
    nodes: std::ops::Range<u32>,
) {
    let t = &snap.types;
    let EssentialEdges { bits, in_degree } = into;
    let root = snap.root;
    let edge_to = &snap.edge_to;
    for node in nodes {
        let node_owned = page_owned.get(node as usize);
        for e in snap.edges_of(node) {
            // Ask for the in-degree the edge IN_DEGREE_AHEAD further on may add to.
            if let Some(&ahead) = edge_to.get(e + IN_DEGREE_AHEAD) {
                prefetch(in_degree.as_ptr().wrapping_add(ahead as usize));
            }
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
            let to = edge_to[e];
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::page_owned::mark_page_owned;

    #[test]
    fn the_chunks_of_both_sides_merged_are_the_whole() {
        let json = crate::synthetic::synthetic_snapshot(300_000, 7);
        let mut parser = crate::SnapshotParser::new();
        parser.feed(&json).unwrap();
        let snap = parser.finish().unwrap();
        let (page_owned, ephemerons) = (mark_page_owned(&snap), EphemeronNames::new(&snap));
        // On one thread, as on wasm.
        let whole = essential_edges(&snap, &page_owned, &ephemerons);
        assert!(whole.in_degree.iter().any(|&d| d > 1));
        let bits = |e: &EssentialEdges| {
            (0..snap.edge_count())
                .filter(|&i| e.bits.get(i))
                .collect::<Vec<_>>()
        };
        // The chunks cover every node once.
        let search = SharedSearch::new(&snap);
        assert!(search.chunks > 1);
        let mut at = 0;
        for k in 0..search.chunks {
            let chunk = search.chunk(&snap, k);
            assert_eq!(chunk.start, at);
            at = chunk.end;
        }
        assert_eq!(at, snap.node_count() as u32);
        // The sizes side joins at once, late (after a chunk) or never.
        for late in [None, Some(0), Some(1)] {
            let search = SharedSearch::new(&snap);
            let mut first = EssentialEdges::none(&snap);
            let other = std::thread::scope(|s| {
                let other = s.spawn(|| {
                    let late = late?;
                    while search.next.load(std::sync::atomic::Ordering::Relaxed) < late {
                        std::hint::spin_loop();
                    }
                    if !search.join() {
                        return None;
                    }
                    let mut mine = EssentialEdges::none(&snap);
                    search.take_chunks(&mut mine, &snap, &page_owned, &ephemerons);
                    Some(mine)
                });
                search.take_chunks(&mut first, &snap, &page_owned, &ephemerons);
                let joined = search.other_side_joined();
                let other = other.join().unwrap();
                assert_eq!(joined, other.is_some(), "{late:?}");
                other
            });
            if let Some(other) = other {
                first.merge(other);
            }
            assert_eq!(first.in_degree, whole.in_degree, "{late:?}");
            assert_eq!(bits(&first), bits(&whole), "{late:?}");
        }
    }
}
