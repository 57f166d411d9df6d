//! Retained sizes of sets of objects without double counting: a member adds its retained size to
//! its set only when no object above it in the dominator tree belongs to the same set (DevTools'
//! rule for a class's retained size, applied to shapes, functions, groups and detached classes).
//!
//! The dominator tree is laid out once in depth-first order ([`DomOrder`]: each node's position
//! and the end of its subtree), so every section's "outermost member" sums are one sequential scan
//! instead of a tree walk each.

use crate::analysis::Analysis;

/// The dominator tree in depth-first (pre-)order from the root: `order[p]` is the node at
/// position `p`, and its subtree is the positions `p..end[p]`.
pub struct DomOrder {
    pub order: Vec<u32>,
    pub end: Vec<u32>,
}

impl DomOrder {
    pub fn new(a: &Analysis) -> DomOrder {
        let n = a.node_count() as usize;
        let tree = a.dominator_tree();
        let mut order = Vec::with_capacity(n);
        let mut end = vec![0u32; n];
        // A node to enter, or (with bit 32 set) the position of a subtree to close.
        const CLOSE: u64 = 1 << 32;
        let mut stack: Vec<u64> = vec![a.root_ordinal() as u64];
        while let Some(item) = stack.pop() {
            if item & CLOSE != 0 {
                end[(item & !CLOSE) as usize] = order.len() as u32;
                continue;
            }
            let node = item as u32;
            let pos = order.len() as u64;
            order.push(node);
            stack.push(pos | CLOSE);
            // Children in reverse, so they come out in node order.
            stack.extend(tree.children(node).iter().rev().map(|&c| c as u64));
        }
        end.truncate(order.len());
        DomOrder { order, end }
    }

    /// For keys `0..key_count`, the retained size of the outermost members; `key(node)` is the
    /// set a node belongs to, if any.
    pub fn outermost_by_key(
        &self,
        a: &Analysis,
        key_count: usize,
        key: impl Fn(u32) -> Option<u32>,
    ) -> Vec<u64> {
        let mut totals = vec![0u64; key_count];
        // The position where the current outermost member of each key ends its subtree.
        let mut open_until = vec![0u32; key_count];
        for (p, &node) in self.order.iter().enumerate() {
            let Some(k) = key(node) else { continue };
            let k = k as usize;
            if p as u32 >= open_until[k] {
                totals[k] += a.retained_size(node);
                open_until[k] = self.end[p];
            }
        }
        totals
    }

    /// Like [`DomOrder::outermost_by_key`] for up to 64 sets a node may belong to several of at
    /// once (`mask` has bit `i` set for membership of set `i`).
    pub fn outermost_by_mask(
        &self,
        a: &Analysis,
        set_count: usize,
        mask: impl Fn(u32) -> u64,
    ) -> Vec<u64> {
        debug_assert!(set_count <= 64);
        let mut totals = vec![0u64; set_count];
        let mut open_until = [0u32; 64];
        for (p, &node) in self.order.iter().enumerate() {
            let mut m = mask(node);
            while m != 0 {
                let i = m.trailing_zeros() as usize;
                m &= m - 1;
                if p as u32 >= open_until[i] {
                    totals[i] += a.retained_size(node);
                    open_until[i] = self.end[p];
                }
            }
        }
        totals
    }
}

/// [`DomOrder::outermost_by_key`] for a single query outside a report (the order is laid out for
/// it and dropped).
pub(crate) fn outermost_by_key(
    a: &Analysis,
    key_count: usize,
    key: impl Fn(u32) -> Option<u32>,
) -> Vec<u64> {
    DomOrder::new(a).outermost_by_key(a, key_count, key)
}
