//! The reverse index of the graph: for every node, the edges that point at it (a CSR of edge
//! ordinals, one `u32` an edge), and the owner of an edge found by binary search over `first_edge`,
//! so no per-edge source array is kept. Built on the first retaining-path query, after the analysis'
//! peak of memory has passed.

use crate::snapshot::HeapSnapshot;

/// Retaining edges of every node.
pub struct Retainers {
    first: Vec<u32>,
    edges: Vec<u32>,
}

impl Retainers {
    pub fn new(snap: &HeapSnapshot) -> Self {
        let n = snap.node_count();
        let mut first = vec![0u32; n + 1];
        for &to in &snap.edge_to {
            first[to as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut edges = vec![0u32; snap.edge_count()];
        for (e, &to) in snap.edge_to.iter().enumerate() {
            edges[fill[to as usize] as usize] = e as u32;
            fill[to as usize] += 1;
        }
        Retainers { first, edges }
    }

    /// Edge ordinals that point at `ord`.
    pub fn of(&self, ord: u32) -> &[u32] {
        &self.edges[self.first[ord as usize] as usize..self.first[ord as usize + 1] as usize]
    }
}

/// How many edges point at each node, saturating at 255 (enough for DevTools' "has exactly one
/// retainer" test), one byte a node.
pub fn retainer_counts(snap: &HeapSnapshot) -> Vec<u8> {
    let mut counts = vec![0u8; snap.node_count()];
    for &to in &snap.edge_to {
        let c = &mut counts[to as usize];
        *c = c.saturating_add(1);
    }
    counts
}

/// The node that owns edge `e`.
pub fn edge_owner(snap: &HeapSnapshot, e: u32) -> u32 {
    (snap.first_edge.partition_point(|&f| f <= e) - 1) as u32
}
