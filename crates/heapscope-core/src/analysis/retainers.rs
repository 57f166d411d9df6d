//! The reverse index of the graph: for every node, the edges that point at it (a CSR of edge
//! ordinals, one `u32` an edge), and the owner of an edge found by binary search over `first_edge`
//! narrowed by a table of the owner of every 32nd edge (one `u32` per 32 edges), so no per-edge
//! source array is kept and a lookup touches a cache line or two instead of twenty. Built on the
//! first retaining-path query, after the analysis' peak of memory has passed (natively on two
//! threads, [`super::csr`]).

use crate::snapshot::HeapSnapshot;

/// Retaining edges of every node.
pub struct Retainers {
    first: Vec<u32>,
    edges: Vec<u32>,
    /// The owner of edge `b << OWNER_BLOCK_SHIFT`, for every block `b`, and one past the last.
    block_owner: Vec<u32>,
}

/// Edges per entry of [`Retainers::block_owner`]: 32.
const OWNER_BLOCK_SHIFT: u32 = 5;

impl Retainers {
    pub fn new(snap: &HeapSnapshot) -> Self {
        // Each node's edges in edge order; natively a large graph's edges are counted and placed
        // in two halves on two threads.
        let two = super::two_threads_for(snap.edge_count());
        let (first, edges) = super::csr::group_by_key(&snap.edge_to, snap.node_count(), None, two);
        Retainers {
            first,
            edges,
            block_owner: block_owners(snap),
        }
    }

    /// The node that owns edge `e` (as [`edge_owner`], with the search narrowed to one block).
    pub fn owner(&self, snap: &HeapSnapshot, e: u32) -> u32 {
        let b = (e >> OWNER_BLOCK_SHIFT) as usize;
        let (lo, hi) = match (self.block_owner.get(b), self.block_owner.get(b + 1)) {
            (Some(&lo), Some(&hi)) => (lo as usize, hi as usize),
            _ => return edge_owner(snap, e),
        };
        // The owners of the block's first edge and of the next block's bound the owner of `e`:
        // the last node in `lo..=hi` whose first edge is at or before `e`.
        (lo + snap.first_edge[lo + 1..=hi].partition_point(|&f| f <= e)) as u32
    }

    /// Edge ordinals that point at `ord`.
    pub fn of(&self, ord: u32) -> &[u32] {
        &self.edges[self.first[ord as usize] as usize..self.first[ord as usize + 1] as usize]
    }
}

/// How many edges point at each node, saturating at 255 (enough for DevTools' "has exactly one
/// retainer" test), one byte a node.
pub fn retainer_counts(snap: &HeapSnapshot) -> Vec<u8> {
    let mut counts: Vec<u8> = super::zeroed::zeroed(snap.node_count());
    for &to in &snap.edge_to {
        let c = &mut counts[to as usize];
        *c = c.saturating_add(1);
    }
    counts
}

/// The owner of every 32nd edge (the table [`Retainers::owner`] narrows its search with), then the
/// owner of the last edge's block end.
fn block_owners(snap: &HeapSnapshot) -> Vec<u32> {
    let edge_count = snap.edge_count();
    let blocks = (edge_count >> OWNER_BLOCK_SHIFT) + 2;
    let mut out = Vec::with_capacity(blocks);
    let mut owner = 0usize;
    for b in 0..blocks {
        let e = (b << OWNER_BLOCK_SHIFT).min(edge_count.saturating_sub(1)) as u32;
        while owner + 1 < snap.node_count() && snap.first_edge[owner + 1] <= e {
            owner += 1;
        }
        out.push(owner as u32);
    }
    out
}

/// The node that owns edge `e` (a binary search over every node; [`Retainers::owner`] is faster).
pub fn edge_owner(snap: &HeapSnapshot, e: u32) -> u32 {
    (snap.first_edge.partition_point(|&f| f <= e) - 1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SnapshotParser;

    fn parse(bytes: &[u8]) -> HeapSnapshot {
        let mut p = SnapshotParser::new();
        p.feed(bytes).expect("parses");
        p.finish().expect("parses")
    }

    /// The narrowed search finds the owner the full binary search finds, for every edge of
    /// snapshots with long runs of edge-less nodes (synthetic) and of a real one.
    #[test]
    fn owner_equals_the_full_search_on_every_edge() {
        use std::io::Read;
        let tiny = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/tiny.heapsnapshot.gz"
        ))
        .expect("the committed fixture");
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(&tiny[..])
            .read_to_end(&mut json)
            .expect("gzip");
        for bytes in [json, crate::synthetic::synthetic_snapshot(3000, 7)] {
            let snap = parse(&bytes);
            let r = Retainers::new(&snap);
            assert!(snap.edge_count() > 1000);
            for e in 0..snap.edge_count() as u32 {
                assert_eq!(r.owner(&snap, e), edge_owner(&snap, e), "edge {e}");
            }
        }
    }
}
