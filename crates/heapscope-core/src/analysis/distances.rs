//! DevTools' `calculateDistances` for JS snapshots: a BFS from the user roots (distance 1), then a BFS
//! from the root at `100000000` for what only system roots reach. Weak edges are never followed;
//! the `sloppy_function_map` of a native context and the descriptor links of `(map descriptors)` are
//! skipped, and of the two edges of a WeakMap entry the first one seen is skipped (crbug.com/1290800).

use super::bits::BitVec;
use super::essential::EphemeronNames;
use super::js_text::parse_int;
use super::page_owned::is_user_root;
use super::prefetch::prefetch;
use super::weakmap::parse_ephemeron;
use crate::snapshot::HeapSnapshot;
use std::collections::HashSet;

/// Distance of nodes no BFS reached.
pub const NO_DISTANCE: i32 = -5;
/// Distance of the root when there are user roots; system-only nodes are at this plus their depth.
pub const BASE_SYSTEM_DISTANCE: i32 = 100_000_000;

struct Filter<'a> {
    snap: &'a HeapSnapshot,
    sloppy_function_map: Vec<u32>,
    native_context: Vec<u32>,
    map_descriptors: Vec<u32>,
    ephemerons: &'a EphemeronNames,
    pending: HashSet<&'a str>,
}

impl<'a> Filter<'a> {
    /// Whether [`Filter::allows`] can refuse an edge of `node` other than by the WeakMap rule: a
    /// native context's `hidden` node or a `(map descriptors)` array. Asked once a node.
    #[inline]
    fn may_filter(&self, node: u32) -> bool {
        let t = &self.snap.types;
        let ntype = self.snap.node_type[node as usize];
        (ntype == t.hidden || ntype == t.array) && {
            let name = self.snap.node_name[node as usize];
            self.native_context.contains(&name) || self.map_descriptors.contains(&name)
        }
    }

    fn allows(&mut self, node: u32, edge: usize) -> bool {
        let snap = self.snap;
        let t = &snap.types;
        let ntype = snap.node_type[node as usize];
        let name = snap.node_name[node as usize];
        let etype = snap.edge_type[edge];
        let ename = snap.edge_name[edge];
        if ntype == t.hidden
            && t.edge_has_string_name(etype)
            && self.sloppy_function_map.contains(&ename)
            && self.native_context.contains(&name)
        {
            return false;
        }
        if ntype == t.array && self.map_descriptors.contains(&name) {
            let index = if t.edge_has_string_name(etype) {
                parse_int(snap.strings.get(ename))
            } else {
                Some(ename as i64)
            };
            return match index {
                Some(i) => i < 2 || i % 3 != 1,
                None => true,
            };
        }
        if etype == t.edge_internal && self.ephemerons.table_id(ename).is_some() {
            let part = parse_ephemeron(snap.strings.get(ename))
                .map(|e| e.duplicated_part)
                .unwrap_or("");
            if !self.pending.remove(part) {
                self.pending.insert(part);
                return false;
            }
        }
        true
    }
}

/// Breadth-first from the nodes in `queue`, which are all at one distance; `reached` mirrors
/// `distances != NO_DISTANCE` as a bitset so the per-edge test stays in cache. The queue holds one
/// level after the other, so a node's distance is its level's (never read back from `distances`),
/// and the filter is consulted per edge only where it can refuse one (measured on app-server: the
/// distances 42–43 → 34–37 ms).
fn bfs(
    snap: &HeapSnapshot,
    queue: &mut Vec<u32>,
    distances: &mut [i32],
    reached: &mut BitVec,
    filter: &mut Filter<'_>,
) {
    let Some(&first) = queue.first() else {
        return;
    };
    let weak = snap.types.edge_weak;
    let internal = snap.types.edge_internal;
    let ephemerons = !filter.ephemerons.is_empty();
    let mut d = distances[first as usize] + 1;
    let mut level_end = queue.len();
    let mut head = 0;
    while head < queue.len() {
        if head == level_end {
            d += 1;
            level_end = queue.len();
        }
        // The nodes a few places ahead are already known: ask for their edges (and, further
        // ahead, where their edges start) while this one is read.
        if let Some(&far) = queue.get(head + 2 * AHEAD) {
            prefetch(snap.first_edge.as_ptr().wrapping_add(far as usize));
            prefetch(snap.node_type.as_ptr().wrapping_add(far as usize));
        }
        if let Some(&near) = queue.get(head + AHEAD) {
            let first = snap.first_edge[near as usize] as usize;
            prefetch(snap.edge_to.as_ptr().wrapping_add(first));
            prefetch(snap.edge_type.as_ptr().wrapping_add(first));
        }
        let node = queue[head];
        head += 1;
        let special = filter.may_filter(node);
        for e in snap.edges_of(node) {
            let et = snap.edge_type[e];
            if et == weak {
                continue;
            }
            let child = snap.edge_to[e];
            if reached.get(child as usize) {
                continue;
            }
            if (special || (ephemerons && et == internal)) && !filter.allows(node, e) {
                continue;
            }
            reached.set(child as usize);
            distances[child as usize] = d;
            queue.push(child);
        }
    }
}

/// How many queued nodes ahead of the one being read have their edges asked for.
const AHEAD: usize = 8;

/// Distance of every node from the user roots.
pub fn calculate_distances(snap: &HeapSnapshot, ephemerons: &EphemeronNames) -> Vec<i32> {
    let n = snap.node_count();
    let mut distances = vec![NO_DISTANCE; n];
    let mut filter = Filter {
        snap,
        sloppy_function_map: snap.strings.indices_of("sloppy_function_map"),
        native_context: snap.strings.indices_of("system / NativeContext"),
        map_descriptors: snap.strings.indices_of("(map descriptors)"),
        ephemerons,
        pending: HashSet::new(),
    };
    let mut reached = BitVec::new(n);
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    for e in snap.edges_of(snap.root) {
        let to = snap.edge_to[e];
        if is_user_root(snap, to) {
            distances[to as usize] = 1;
            reached.set(to as usize);
            queue.push(to);
        }
    }
    let had_user_roots = !queue.is_empty();
    bfs(snap, &mut queue, &mut distances, &mut reached, &mut filter);
    distances[snap.root as usize] = if had_user_roots {
        BASE_SYSTEM_DISTANCE
    } else {
        0
    };
    reached.set(snap.root as usize);
    queue.clear();
    queue.push(snap.root);
    bfs(snap, &mut queue, &mut distances, &mut reached, &mut filter);
    distances
}
