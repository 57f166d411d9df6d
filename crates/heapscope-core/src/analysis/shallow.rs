//! DevTools' `calculateShallowSizes`: the self size of every `hidden`, `array` or native
//! `system / ExternalStringData` node that has exactly one owner (found by a worklist over non-weak
//! edges) moves onto that owner, unless the owner is synthetic or the root. Skipped for "expose
//! internals" snapshots, which have no user roots.

use super::page_owned::has_user_roots;
use crate::snapshot::HeapSnapshot;

const UNVISITED: u32 = u32::MAX;
const MULTIPLE_OWNERS: u32 = u32::MAX - 1;

/// Reattributes the self sizes `sizes` (the snapshot's, taken out of it) in place.
pub fn calculate_shallow_sizes(snap: &HeapSnapshot, sizes: &mut [u32]) {
    if !has_user_roots(snap) {
        return;
    }
    let n = snap.node_count();
    let t = &snap.types;
    let mut owners = vec![0u32; n];
    let mut worklist: Vec<u32> = Vec::with_capacity(n);
    // The nodes that can be owned, as a bitset read at every edge: a node of any other type is
    // its own owner from the start and stays so (neither branch below changes it), so an edge to
    // it changes nothing, and the bit (in cache) spares the read of its owner (a cache miss).
    let mut can_be_owned = super::bits::BitVec::new(n);
    for (i, owner) in owners.iter_mut().enumerate() {
        let ty = snap.node_type[i];
        let owned = ty == t.hidden
            || ty == t.array
            || (ty == t.native
                && snap.strings.get(snap.node_name[i]) == "system / ExternalStringData");
        if owned {
            *owner = UNVISITED;
            can_be_owned.set(i);
        } else {
            *owner = i as u32;
            worklist.push(i as u32);
        }
    }
    let weak = t.edge_weak;
    while let Some(id) = worklist.pop() {
        let owner = owners[id as usize];
        for e in snap.edges_of(id) {
            if snap.edge_type[e] == weak {
                continue;
            }
            let target = snap.edge_to[e];
            if !can_be_owned.get(target as usize) {
                continue;
            }
            let current = owners[target as usize];
            if current == UNVISITED {
                owners[target as usize] = owner;
                worklist.push(target);
            } else if current == target || current == owner || current == MULTIPLE_OWNERS {
            } else {
                owners[target as usize] = MULTIPLE_OWNERS;
                worklist.push(target);
            }
        }
    }
    let (synthetic, root) = (t.synthetic, snap.root);
    for i in 0..n {
        let owner = owners[i];
        if owner == UNVISITED || owner == MULTIPLE_OWNERS || owner == i as u32 {
            continue;
        }
        if snap.node_type[owner as usize] == synthetic || owner == root {
            continue;
        }
        let size = sizes[i];
        sizes[i] = 0;
        sizes[owner as usize] = sizes[owner as usize].wrapping_add(size);
    }
}
