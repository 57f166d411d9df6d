//! DevTools' `markPageOwnedNodes` and the user-root predicates. Page-owned nodes are those reachable
//! (over non-weak edges) from the root's `shortcut` targets (user globals such as `global` or
//! `Window`) and from `(Document DOM trees)`; an edge from a non-page-owned node into a page-owned one
//! is not essential for dominators.

use super::bits::BitVec;
use crate::snapshot::HeapSnapshot;

/// DevTools' `isUserRoot` for JS snapshots: any non-synthetic node, or `(Document DOM trees)`.
pub fn is_user_root(snap: &HeapSnapshot, ord: u32) -> bool {
    snap.node_type[ord as usize] != snap.types.synthetic || is_document_dom_trees_root(snap, ord)
}

pub fn is_document_dom_trees_root(snap: &HeapSnapshot, ord: u32) -> bool {
    snap.node_type[ord as usize] == snap.types.synthetic
        && snap.node_name_str(ord) == "(Document DOM trees)"
}

/// Whether any child of the root is a user root (false for "expose internals" snapshots).
pub fn has_user_roots(snap: &HeapSnapshot) -> bool {
    snap.edges_of(snap.root)
        .any(|e| is_user_root(snap, snap.edge_to[e]))
}

/// The page-owned bit per node.
pub fn mark_page_owned(snap: &HeapSnapshot) -> BitVec {
    let n = snap.node_count();
    let mut flags = BitVec::new(n);
    let mut stack: Vec<u32> = Vec::new();
    for e in snap.edges_of(snap.root) {
        let t = snap.edge_type[e];
        let to = snap.edge_to[e];
        if t == snap.types.edge_element {
            if !is_document_dom_trees_root(snap, to) {
                continue;
            }
        } else if t != snap.types.edge_shortcut {
            continue;
        }
        stack.push(to);
        flags.set(to as usize);
    }
    let weak = snap.types.edge_weak;
    while let Some(ord) = stack.pop() {
        for e in snap.edges_of(ord) {
            let to = snap.edge_to[e];
            if flags.get(to as usize) || snap.edge_type[e] == weak {
                continue;
            }
            stack.push(to);
            flags.set(to as usize);
        }
    }
    flags
}
