//! The "outermost member" walk over the dominator tree: a labelled node counts when no
//! dominator-tree ancestor has the same label (DevTools' rule for a class's retained size). One
//! walk for any callback ([`for_each_outermost`]), and the per-label sums of retained sizes
//! ([`outermost_sums`]), which natively split the tree between two threads.
//!
//! The split: the subtrees that retain a large share of the heap are opened from the root down on
//! this thread; the other children of the opened nodes, in runs of consecutive siblings (which
//! keeps the walk's memory access in node order), carry the labels counted above them, and the
//! two threads take the runs in turn. Every node is in exactly one run or opened, and sums of
//! integers do not depend on their order, so the sums are the serial walk's.

use super::aggregates::NO_CLASS;
use super::dominators::DominatorTree;

/// Calls `f(node, label)` for every labelled node (`labels[node] != NO_CLASS`, labels below
/// `label_count`) that has no dominator-tree ancestor with the same label: the outermost instances,
/// whose retained sizes add up without counting a nested instance twice. Depth-first from `root`.
pub fn for_each_outermost(
    labels: &[u32],
    label_count: usize,
    tree: &DominatorTree,
    root: u32,
    f: impl FnMut(u32, u32),
) {
    let mut open = vec![false; label_count];
    walk(labels, tree, &[root], &mut open, f);
}

/// The depth-first walk of the subtrees of `starts` (the last first), with `open[label]` set for
/// the labels counted above them (left as it was found).
fn walk(
    labels: &[u32],
    tree: &DominatorTree,
    starts: &[u32],
    open: &mut [bool],
    mut f: impl FnMut(u32, u32),
) {
    let mut list: Vec<u32> = starts.to_vec();
    let mut marks: Vec<(usize, u32)> = Vec::new();
    while let Some(node) = list.pop() {
        let label = labels[node as usize];
        let children = tree.children(node);
        if label != NO_CLASS && !open[label as usize] {
            f(node, label);
            if !children.is_empty() {
                open[label as usize] = true;
                marks.push((list.len(), label));
            }
        }
        list.extend_from_slice(children);
        while let Some(&(len, label)) = marks.last() {
            if len != list.len() {
                break;
            }
            marks.pop();
            open[label as usize] = false;
        }
    }
}

/// A subtree is opened (walked on this thread, its children handed out) when it retains at least
/// 1/`SHARE` of the root's retained size, up to `MAX_OPENED` of them (a long chain of such nodes
/// is then left to one thread). The other children are handed out in runs of consecutive
/// siblings, each retaining at most about 1/`SHARE` of the heap and at most `RUN_NODES` of them.
const SHARE: u64 = 256;
const MAX_OPENED: usize = 1 << 12;
const RUN_NODES: usize = 1 << 12;

/// For labels `0..label_count`, the retained size of their outermost members (see
/// [`for_each_outermost`]), split between two threads natively when the tree is large.
pub fn outermost_sums(
    labels: &[u32],
    label_count: usize,
    tree: &DominatorTree,
    retained: &[u64],
    root: u32,
) -> Vec<u64> {
    let two = super::two_threads_for(labels.len());
    outermost_sums_on(labels, label_count, tree, retained, root, two)
}

/// Subtrees left to walk: the children `first..end` of `parent` (in its children list), under the
/// labels counted above them (`paths[path.0..path.1]`).
#[derive(Clone, Copy)]
struct Run {
    parent: u32,
    first: u32,
    end: u32,
    path: (u32, u32),
}

/// [`outermost_sums`], on two threads when `two`.
fn outermost_sums_on(
    labels: &[u32],
    label_count: usize,
    tree: &DominatorTree,
    retained: &[u64],
    root: u32,
    two: bool,
) -> Vec<u64> {
    let mut sums = vec![0u64; label_count];
    if !two {
        for_each_outermost(labels, label_count, tree, root, |node, label| {
            sums[label as usize] += retained[node as usize];
        });
        return sums;
    }
    let (runs, paths) = open_largest(labels, tree, retained, root, &mut sums);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let worker = || {
        let mut local = vec![0u64; label_count];
        let mut open = vec![false; label_count];
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(run) = runs.get(i) else { break };
            let path = &paths[run.path.0 as usize..run.path.1 as usize];
            for &l in path {
                open[l as usize] = true;
            }
            let children = &tree.children(run.parent)[run.first as usize..run.end as usize];
            walk(labels, tree, children, &mut open, |node, label| {
                local[label as usize] += retained[node as usize];
            });
            for &l in path {
                open[l as usize] = false;
            }
        }
        local
    };
    let (a, b) = super::fork_join(worker, worker);
    for (s, (x, y)) in sums.iter_mut().zip(a.into_iter().zip(b)) {
        *s += x + y;
    }
    sums
}

/// Opens the subtrees that retain a large share of the heap, from `root` down (adding the
/// outermost members among them to `sums`), and returns the runs of children left to walk, in
/// the tree's order, with the label paths they carry.
fn open_largest(
    labels: &[u32],
    tree: &DominatorTree,
    retained: &[u64],
    root: u32,
    sums: &mut [u64],
) -> (Vec<Run>, Vec<u32>) {
    let large = (retained[root as usize] / SHARE).max(1);
    let mut paths: Vec<u32> = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    let mut to_open: Vec<(u32, (u32, u32))> = vec![(root, (0, 0))];
    let mut opened = 1;
    while let Some((node, path)) = to_open.pop() {
        let label = labels[node as usize];
        let children = tree.children(node);
        let above = &paths[path.0 as usize..path.1 as usize];
        let counted = label != NO_CLASS && !above.contains(&label);
        if counted {
            sums[label as usize] += retained[node as usize];
        }
        let path = if counted && !children.is_empty() {
            let start = paths.len() as u32;
            paths.extend_from_within(path.0 as usize..path.1 as usize);
            paths.push(label);
            (start, paths.len() as u32)
        } else {
            path
        };
        let mut first = 0;
        let mut weight = 0u64;
        for (i, &child) in children.iter().enumerate() {
            let size = retained[child as usize];
            let i = i as u32;
            if size >= large && opened < MAX_OPENED {
                if first < i {
                    runs.push(Run {
                        parent: node,
                        first,
                        end: i,
                        path,
                    });
                }
                first = i + 1;
                weight = 0;
                opened += 1;
                to_open.push((child, path));
                continue;
            }
            weight += size;
            if weight >= large || (i + 1 - first) as usize >= RUN_NODES {
                runs.push(Run {
                    parent: node,
                    first,
                    end: i + 1,
                    path,
                });
                first = i + 1;
                weight = 0;
            }
        }
        if (first as usize) < children.len() {
            runs.push(Run {
                parent: node,
                first,
                end: children.len() as u32,
                path,
            });
        }
    }
    (runs, paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A tree from parent links (`parent[i] < i` for every node but the root 0), its labels
    /// (`None` for no label) and retained sizes.
    fn sums_both_ways(
        parent: &[u32],
        labels: &[Option<u32>],
        sizes: &[u64],
    ) -> (Vec<u64>, Vec<u64>) {
        let mut dominator = vec![0u32];
        dominator.extend_from_slice(parent);
        let tree = DominatorTree::new(&dominator, 0);
        let labels: Vec<u32> = labels.iter().map(|l| l.unwrap_or(NO_CLASS)).collect();
        let count = 8;
        (
            outermost_sums_on(&labels, count, &tree, sizes, 0, false),
            outermost_sums_on(&labels, count, &tree, sizes, 0, true),
        )
    }

    proptest! {
        /// Split or not, the sums are the serial walk's, on bushy and on chain-like trees.
        #[test]
        fn split_walk_sums_equal_the_serial_walk(
            nodes in proptest::collection::vec((any::<u32>(), proptest::option::of(0u32..8), prop_oneof![Just(0u64), 1u64..1_000_000]), 1..3000),
            chain in any::<bool>(),
        ) {
            let n = nodes.len() + 1;
            let parent: Vec<u32> = nodes
                .iter()
                .enumerate()
                .map(|(i, (p, _, _))| {
                    let i = i as u32 + 1;
                    if chain { i.saturating_sub(1 + p % 3) } else { p % i }
                })
                .collect();
            let mut labels = vec![Some(0)];
            labels.extend(nodes.iter().map(|(_, l, _)| *l));
            // Retained sizes as a tree's are: a node's own size plus its children's.
            let mut sizes = vec![0u64];
            sizes.extend(nodes.iter().map(|(_, _, s)| *s));
            for i in (1..n).rev() {
                sizes[parent[i - 1] as usize] += sizes[i];
            }
            prop_assert_eq!(labels.len(), n);
            let (serial, split) = sums_both_ways(&parent, &labels, &sizes);
            prop_assert_eq!(serial, split);
        }
    }

    #[test]
    fn a_nested_member_under_a_split_counts_once() {
        // 0 (label 1) ─ 1 (label 2) ─ 2 (label 1): node 2 is nested in the root's label.
        let parent = [0, 1, 1, 1];
        let labels = [Some(1), Some(2), Some(1), Some(2), Some(3)];
        let sizes = [100, 50, 10, 5, 1];
        let (serial, split) = sums_both_ways(&parent, &labels, &sizes);
        assert_eq!(serial, split);
        assert_eq!(serial[1], 100);
        assert_eq!(serial[2], 50);
        assert_eq!(serial[3], 1);
    }
}
