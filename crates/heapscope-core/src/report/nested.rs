//! Retained sizes of sets of objects without double counting: a member adds its retained size to
//! its set only when no object above it in the dominator tree belongs to the same set (DevTools'
//! rule for a class's retained size, applied to shapes, functions, groups and detached classes).
//! One set per node is the analysis' own walk ([`Analysis::for_each_outermost`], the one class
//! retained sizes use); several sets per node have their own walk here.

use crate::analysis::{Analysis, NO_CLASS};

/// For keys `0..key_count`, the retained size of the outermost members; `key(node)` is the set a
/// node belongs to, if any.
pub fn outermost_by_key(
    a: &Analysis,
    key_count: usize,
    key: impl Fn(u32) -> Option<u32>,
) -> Vec<u64> {
    let labels: Vec<u32> = (0..a.node_count() as u32)
        .map(|o| key(o).unwrap_or(NO_CLASS))
        .collect();
    let mut totals = vec![0u64; key_count];
    a.for_each_outermost(&labels, key_count, |node, k| {
        totals[k as usize] += a.retained_size(node)
    });
    totals
}

/// Like [`outermost_by_key`] for up to 64 sets a node may belong to several of at once (`mask`
/// has bit `i` set for membership of set `i`).
pub fn outermost_by_mask(a: &Analysis, set_count: usize, mask: impl Fn(u32) -> u64) -> Vec<u64> {
    debug_assert!(set_count <= 64);
    let mut totals = vec![0u64; set_count];
    let mut active = [0u32; 64];
    walk(a, |node, entering| {
        let m = mask(node);
        if m == 0 {
            return;
        }
        for (i, total) in totals.iter_mut().enumerate() {
            if m & (1 << i) == 0 {
                continue;
            }
            if entering {
                if active[i] == 0 {
                    *total += a.retained_size(node);
                }
                active[i] += 1;
            } else {
                active[i] -= 1;
            }
        }
    });
    totals
}

/// Depth-first over the dominator tree from the root: `visit(node, true)` before the node's
/// subtree, `visit(node, false)` after it.
fn walk(a: &Analysis, mut visit: impl FnMut(u32, bool)) {
    let mut stack: Vec<(u32, bool)> = vec![(a.root_ordinal(), true)];
    while let Some((node, entering)) = stack.pop() {
        visit(node, entering);
        if entering {
            stack.push((node, false));
            for &c in a.dominated(node) {
                stack.push((c, true));
            }
        }
    }
}
