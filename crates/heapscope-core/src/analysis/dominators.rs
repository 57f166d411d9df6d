//! Dominators and retained sizes exactly as DevTools computes them: Lengauer–Tarjan with the simple
//! eval/link and iterative path compression, over essential edges only, with DevTools' handling of
//! nodes the root does not reach (a DFS from each node that has only non-essential retainers, then the
//! remaining cliques hung under the root one by one). Retained sizes accumulate in reverse DFS order.
//!
//! Memory: ten `u32` arrays of node count + 1 live only inside [`compute`], plus the essential
//! predecessor lists (one `u32` an essential edge); the results are one `u32` and one `u64` a node.

use super::bits::BitVec;
use crate::snapshot::HeapSnapshot;

/// The immediate dominator (as an ordinal) and retained size of every node.
pub struct Dominators {
    pub dominator: Vec<u32>,
    pub retained: Vec<u64>,
    /// Nodes the DFS from the root did not reach over essential edges.
    pub unreachable_from_root: u64,
}

/// Essential predecessors of every node as a CSR (source ordinals).
fn essential_predecessors(snap: &HeapSnapshot, essential: &BitVec) -> (Vec<u32>, Vec<u32>) {
    let n = snap.node_count();
    let mut first = vec![0u32; n + 1];
    for (e, &to) in snap.edge_to.iter().enumerate() {
        if essential.get(e) {
            first[to as usize + 1] += 1;
        }
    }
    for i in 0..n {
        first[i + 1] += first[i];
    }
    let mut fill = first.clone();
    let mut preds = vec![0u32; first[n] as usize];
    for src in 0..n as u32 {
        for e in snap.edges_of(src) {
            if essential.get(e) {
                let to = snap.edge_to[e] as usize;
                preds[fill[to] as usize] = src;
                fill[to] += 1;
            }
        }
    }
    (first, preds)
}

/// Runs Lengauer–Tarjan from the root and accumulates retained sizes from `self_sizes`.
pub fn compute(snap: &HeapSnapshot, essential: &BitVec, self_sizes: &[u32]) -> Dominators {
    let n_nodes = snap.node_count();
    let (pred_first, preds) = essential_predecessors(snap, essential);
    let len = n_nodes + 1;
    // 1-based vertices: vertex v is node ordinal v - 1; 0 means "none".
    let mut parent = vec![0u32; len];
    let mut ancestor = vec![0u32; len];
    let mut vertex = vec![0u32; len];
    let mut label = vec![0u32; len];
    let mut semi = vec![0u32; len];
    let mut next_edge = vec![0u32; len];
    let mut n: u32 = 0;
    let first_edge = &snap.first_edge;
    let edge_to = &snap.edge_to;

    let mut dfs = |root: u32,
                   parent: &mut Vec<u32>,
                   semi: &mut Vec<u32>,
                   vertex: &mut Vec<u32>,
                   label: &mut Vec<u32>,
                   n: &mut u32| {
        next_edge[root as usize] = first_edge[root as usize - 1];
        let mut v = root;
        while v != 0 {
            let vu = v as usize;
            if semi[vu] == 0 {
                *n += 1;
                semi[vu] = *n;
                vertex[*n as usize] = v;
                label[vu] = v;
            }
            let mut v_next = parent[vu];
            let end = first_edge[vu];
            while next_edge[vu] < end {
                let e = next_edge[vu] as usize;
                if essential.get(e) {
                    let w = edge_to[e] + 1;
                    if semi[w as usize] == 0 {
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
    dfs(r, &mut parent, &mut semi, &mut vertex, &mut label, &mut n);
    let unreachable_from_root = n_nodes as u64 - n as u64;
    if (n as usize) < n_nodes {
        for v in 1..=n_nodes as u32 {
            let o = v as usize - 1;
            if semi[v as usize] == 0 && pred_first[o] == pred_first[o + 1] {
                parent[v as usize] = r;
                dfs(v, &mut parent, &mut semi, &mut vertex, &mut label, &mut n);
            }
        }
    }
    if (n as usize) < n_nodes {
        for v in 1..=n_nodes as u32 {
            if semi[v as usize] == 0 {
                parent[v as usize] = r;
                n += 1;
                semi[v as usize] = n;
                vertex[n as usize] = v;
                label[v as usize] = v;
            }
        }
    }

    // Buckets as singly linked lists: `bucket_head[v]` is the first w, `bucket_next[w]` the next.
    let mut bucket_head = next_edge;
    bucket_head.iter_mut().for_each(|x| *x = 0);
    let mut bucket_next = vec![0u32; len];
    let mut dom = vec![0u32; len];
    let mut stack = vec![0u32; len];

    #[inline]
    fn compress(v: u32, ancestor: &mut [u32], label: &mut [u32], semi: &[u32], stack: &mut [u32]) {
        let mut sp = 0usize;
        let mut v = v;
        while ancestor[ancestor[v as usize] as usize] != 0 {
            sp += 1;
            stack[sp] = v;
            v = ancestor[v as usize];
        }
        while sp > 0 {
            let w = stack[sp] as usize;
            sp -= 1;
            let a = ancestor[w] as usize;
            if semi[label[a] as usize] < semi[label[w] as usize] {
                label[w] = label[a];
            }
            ancestor[w] = ancestor[a];
        }
    }

    #[inline]
    fn eval(
        v: u32,
        ancestor: &mut [u32],
        label: &mut [u32],
        semi: &[u32],
        stack: &mut [u32],
    ) -> u32 {
        if ancestor[v as usize] == 0 {
            return v;
        }
        compress(v, ancestor, label, semi, stack);
        label[v as usize]
    }

    for i in (2..=n).rev() {
        let w = vertex[i as usize];
        let wo = w as usize - 1;
        let (a, b) = (pred_first[wo] as usize, pred_first[wo + 1] as usize);
        if a == b {
            semi[w as usize] = semi[r as usize];
        } else {
            for &src in &preds[a..b] {
                let u = eval(src + 1, &mut ancestor, &mut label, &semi, &mut stack);
                if semi[u as usize] < semi[w as usize] {
                    semi[w as usize] = semi[u as usize];
                }
            }
        }
        let owner = vertex[semi[w as usize] as usize] as usize;
        bucket_next[w as usize] = bucket_head[owner];
        bucket_head[owner] = w;
        let pw = parent[w as usize];
        ancestor[w as usize] = pw;
        let mut v = bucket_head[pw as usize];
        bucket_head[pw as usize] = 0;
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
        parent,
    ));

    dom[0] = r;
    dom[r as usize] = r;
    for i in 2..=n as usize {
        let w = vertex[i] as usize;
        if dom[w] != vertex[semi[w] as usize] {
            dom[w] = dom[dom[w] as usize];
        }
    }
    drop(semi);

    let mut dominator = vec![0u32; n_nodes];
    let mut retained = vec![0u64; n_nodes];
    for o in 0..n_nodes {
        dominator[o] = dom[o + 1] - 1;
        retained[o] = self_sizes[o] as u64;
    }
    drop(dom);
    for i in (2..=n as usize).rev() {
        let o = vertex[i] as usize - 1;
        let d = dominator[o] as usize;
        retained[d] += retained[o];
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
