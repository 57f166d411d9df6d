//! Dominators and retained sizes exactly as DevTools computes them: Lengauer–Tarjan with the simple
//! eval/link and iterative path compression, over essential edges only, with DevTools' handling of
//! nodes the root does not reach (a DFS from each node that has only non-essential retainers, then the
//! remaining cliques hung under the root one by one). Retained sizes accumulate in reverse DFS order.
//!
//! Memory: ten `u32` arrays of node count + 1 live only inside [`compute`], plus the essential
//! predecessor lists (one `u32` an essential edge); the results are one `u32` and one `u64` a node.

use super::bits::BitVec;
use super::essential::EssentialEdges;
use crate::snapshot::HeapSnapshot;

/// The immediate dominator (as an ordinal) and retained size of every node.
pub struct Dominators {
    pub dominator: Vec<u32>,
    pub retained: Vec<u64>,
    /// Nodes the DFS from the root did not reach over essential edges.
    pub unreachable_from_root: u64,
}

/// Runs Lengauer–Tarjan from the root and accumulates retained sizes from `self_sizes`.
///
/// The DFS runs over node ordinals, exactly as DevTools' (same edge order, same handling of nodes the
/// root does not reach). The rest of the algorithm then runs in DFS-number space: vertices are
/// renumbered by their DFS number and predecessor lists are translated once, so the main loop walks
/// its arrays in order. The arithmetic is DevTools' under that bijection, so the result is identical.
pub fn compute(
    snap: &HeapSnapshot,
    essential_edges: EssentialEdges,
    self_sizes: &[u32],
) -> Dominators {
    let EssentialEdges {
        bits: essential,
        in_degree,
    } = essential_edges;
    let essential = &essential;
    let n_nodes = snap.node_count();
    let len = n_nodes + 1;
    let first_edge = &snap.first_edge;
    let edge_to = &snap.edge_to;

    // --- DFS over ordinals (1-based vertices: vertex v is ordinal v - 1; 0 means none). ---
    // `dfnum[v]` is DevTools' initial `semi[v]`; `vertex[i]` the vertex with DFS number i.
    let mut parent = vec![0u32; len];
    let mut dfnum = vec![0u32; len];
    let mut vertex = vec![0u32; len];
    let mut next_edge = vec![0u32; len];
    let mut n: u32 = 0;
    // Visited vertices as a bitset: the per-edge test stays in cache; `dfnum` is only written.
    let mut visited = BitVec::new(len);
    let mut dfs =
        |root: u32, parent: &mut [u32], dfnum: &mut [u32], vertex: &mut [u32], n: &mut u32| {
            next_edge[root as usize] = first_edge[root as usize - 1];
            let mut v = root;
            while v != 0 {
                let vu = v as usize;
                if !visited.get(vu) {
                    visited.set(vu);
                    *n += 1;
                    dfnum[vu] = *n;
                    vertex[*n as usize] = v;
                }
                let mut v_next = parent[vu];
                let end = first_edge[vu];
                while next_edge[vu] < end {
                    let e = next_edge[vu] as usize;
                    if essential.get(e) {
                        let w = edge_to[e] + 1;
                        if !visited.get(w as usize) {
                            parent[w as usize] = v;
                            next_edge[w as usize] = first_edge[w as usize - 1];
                            v_next = w;
                            break;
                        }
                    }
                    next_edge[vu] += 1;
                }
                v = v_next;
            }
        };
    let r = snap.root + 1;
    dfs(r, &mut parent, &mut dfnum, &mut vertex, &mut n);
    let unreachable_from_root = n_nodes as u64 - n as u64;
    if (n as usize) < n_nodes {
        for v in 1..=n_nodes as u32 {
            // Only non-essential retainers: DevTools starts a DFS there, hung under the root.
            if dfnum[v as usize] == 0 && in_degree[v as usize - 1] == 0 {
                parent[v as usize] = r;
                dfs(v, &mut parent, &mut dfnum, &mut vertex, &mut n);
            }
        }
    }
    if (n as usize) < n_nodes {
        for v in 1..=n_nodes as u32 {
            if dfnum[v as usize] == 0 {
                parent[v as usize] = r;
                n += 1;
                dfnum[v as usize] = n;
                vertex[n as usize] = v;
            }
        }
    }
    drop(next_edge);

    // --- Translate to DFS-number space. ---
    // parent_df[i]: DFS number of the DFS parent of the vertex numbered i.
    let mut parent_df = vec![0u32; len];
    for i in 2..=n as usize {
        parent_df[i] = dfnum[parent[vertex[i] as usize] as usize];
    }
    drop(parent);
    // Essential predecessors by DFS number, as a CSR.
    let mut pred_first = vec![0u32; len + 1];
    for i in 1..=n as usize {
        pred_first[i + 1] = pred_first[i] + in_degree[vertex[i] as usize - 1];
    }
    drop(in_degree);
    let mut fill = pred_first.clone();
    let mut preds = vec![0u32; pred_first[len] as usize];
    for src in 0..n_nodes as u32 {
        let src_df = dfnum[src as usize + 1];
        for e in snap.edges_of(src) {
            if essential.get(e) {
                let slot = &mut fill[dfnum[edge_to[e] as usize + 1] as usize];
                preds[*slot as usize] = src_df;
                *slot += 1;
            }
        }
    }
    drop(fill);
    drop(dfnum);

    // --- Lengauer–Tarjan main loop (simple eval/link, iterative path compression). ---
    let mut semi: Vec<u32> = (0..len as u32).collect();
    let mut label: Vec<u32> = (0..len as u32).collect();
    let mut ancestor = vec![0u32; len];
    let mut dom = vec![0u32; len];
    let mut bucket_head = vec![0u32; len];
    let mut bucket_next = vec![0u32; len];
    // The compression stack grows as needed (paths are short after compression).
    let mut stack: Vec<u32> = Vec::with_capacity(1024);

    #[inline]
    fn eval(
        v: u32,
        ancestor: &mut [u32],
        label: &mut [u32],
        semi: &[u32],
        stack: &mut Vec<u32>,
    ) -> u32 {
        if ancestor[v as usize] == 0 {
            return v;
        }
        // compress(v)
        let mut x = v;
        while ancestor[ancestor[x as usize] as usize] != 0 {
            stack.push(x);
            x = ancestor[x as usize];
        }
        while let Some(w) = stack.pop() {
            let w = w as usize;
            let a = ancestor[w] as usize;
            if semi[label[a] as usize] < semi[label[w] as usize] {
                label[w] = label[a];
            }
            ancestor[w] = ancestor[a];
        }
        label[v as usize]
    }

    const ROOT: u32 = 1;
    for w in (2..=n).rev() {
        let wu = w as usize;
        let (a, b) = (pred_first[wu] as usize, pred_first[wu + 1] as usize);
        if a == b {
            // An orphan: treated as having the root as its only predecessor.
            semi[wu] = semi[ROOT as usize];
        } else {
            for &v in &preds[a..b] {
                let u = eval(v, &mut ancestor, &mut label, &semi, &mut stack);
                if semi[u as usize] < semi[wu] {
                    semi[wu] = semi[u as usize];
                }
            }
        }
        let owner = semi[wu] as usize;
        bucket_next[wu] = bucket_head[owner];
        bucket_head[owner] = w;
        let pw = parent_df[wu];
        ancestor[wu] = pw;
        let mut v = std::mem::take(&mut bucket_head[pw as usize]);
        while v != 0 {
            let u = eval(v, &mut ancestor, &mut label, &semi, &mut stack);
            dom[v as usize] = if semi[u as usize] < semi[v as usize] {
                u
            } else {
                pw
            };
            v = bucket_next[v as usize];
        }
    }
    drop((
        preds,
        pred_first,
        ancestor,
        label,
        bucket_head,
        bucket_next,
        stack,
        parent_df,
    ));

    // Unlike the paper, the root dominates itself, and dom[0] = root propagates the root as the
    // dominator of nodes whose dominator was never set (DevTools' rule for unreachable nodes).
    dom[0] = ROOT;
    dom[ROOT as usize] = ROOT;
    for w in 2..=n as usize {
        if dom[w] != semi[w] {
            dom[w] = dom[dom[w] as usize];
        }
    }
    drop(semi);

    // Retained sizes in reverse DFS order, then back to ordinals.
    let mut retained_df = vec![0u64; len];
    for i in 1..=n as usize {
        retained_df[i] = self_sizes[vertex[i] as usize - 1] as u64;
    }
    for i in (2..=n as usize).rev() {
        let d = dom[i] as usize;
        retained_df[d] += retained_df[i];
    }
    let mut dominator = vec![0u32; n_nodes];
    let mut retained = vec![0u64; n_nodes];
    for i in 1..=n as usize {
        let o = vertex[i] as usize - 1;
        dominator[o] = vertex[dom[i] as usize] - 1;
        retained[o] = retained_df[i];
    }
    Dominators {
        dominator,
        retained,
        unreachable_from_root,
    }
}

/// Children lists of the dominator tree as a CSR: `nodes[first[d]..first[d + 1]]` are dominated by `d`.
pub struct DominatorTree {
    pub first: Vec<u32>,
    pub nodes: Vec<u32>,
}

impl DominatorTree {
    pub fn new(dominator: &[u32], root: u32) -> Self {
        let n = dominator.len();
        let mut first = vec![0u32; n + 1];
        for (o, &d) in dominator.iter().enumerate() {
            if o as u32 != root {
                first[d as usize + 1] += 1;
            }
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut nodes = vec![0u32; n.saturating_sub(1)];
        for (o, &d) in dominator.iter().enumerate() {
            if o as u32 != root {
                nodes[fill[d as usize] as usize] = o as u32;
                fill[d as usize] += 1;
            }
        }
        DominatorTree { first, nodes }
    }

    pub fn children(&self, ord: u32) -> &[u32] {
        &self.nodes[self.first[ord as usize] as usize..self.first[ord as usize + 1] as usize]
    }
}
