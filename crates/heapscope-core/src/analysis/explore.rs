//! Queries for exploring the graph one object at a time, as DevTools' Memory panel does: the
//! Retainers view (who holds an object, and the path the view opens by itself), the Containment
//! view (what an object holds), the dominator tree (what an object alone keeps alive), and the
//! Largest objects with the ones that only sit inside another listed one folded into it.
//!
//! DevTools' rules, from its heap snapshot worker and `HeapSnapshotGridNodes.ts`:
//! - Retainers: every retaining edge except those owned by the snapshot's root and weak ones
//!   (`retainingEdgesFilter`), sorted by the Distance column ascending: the owner's distance
//!   (`2 × 100000000` for owners no BFS reached), then the owner's display name (JavaScript string
//!   order), then the retainer index, which runs opposite to the edge order (`buildRetainers` fills
//!   each node's slots from the end). Opening an object expands its first retainer, then that
//!   one's first retainer, while its distance is above 1 and it is reachable, at most 19 levels
//!   (`expandRetainersChain(20)`).
//! - Containment: every edge of the object, sorted by the target's retained size, largest first,
//!   then by edge name (`__proto__` last, string names before indexes, JavaScript string order,
//!   indexes compared as text), then by edge order.
//!
//! Sorted lists are kept in a small cache so that paging through a list of a million retainers
//! sorts it once.

use super::aggregates::NO_CLASS;
use super::bits::BitVec;
use super::distances::{BASE_SYSTEM_DISTANCE, NO_DISTANCE};
use super::js_text::{parse_int, utf16_cmp};
use super::names::display_name;
use super::Analysis;
use crate::model::{
    ClassRow, DominatedPage, DominatedRow, EdgePage, EdgeRow, LargestRow, NodeRow, RetainerFilter,
    SummaryFilter,
};
use crate::snapshot::HeapSnapshot;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Mutex;

/// DevTools' `baseUnreachableDistance`: the Retainers view's distance of owners no BFS reached.
pub const BASE_UNREACHABLE_DISTANCE: i32 = 2 * BASE_SYSTEM_DISTANCE;
/// How many retainer levels DevTools' Retainers view opens by itself below the selected object.
pub const MAX_EXPANDED_RETAINER_LEVELS: usize = 19;
/// Sorted lists kept by [`ListCache`].
const CACHED_LISTS: usize = 8;
/// How many largest objects [`Analysis::largest_objects`] scans per row it returns.
const SCANNED_PER_ROW: usize = 20;
/// Folded objects named in a [`LargestRow::inside`] chain.
const INSIDE_CHAIN: usize = 3;
/// Dominator links followed in all by one [`Analysis::largest_objects`] call (a guard against
/// pathologically deep dominator trees: past it, an object counts as not folded).
const FOLD_STEP_BUDGET: usize = 5_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListKey {
    Retainers(u32, RetainerFilter),
    Children(u32),
    Dominated(u32),
    Instances(SummaryFilter, u32),
}

/// DevTools' `DOMLinkState.DETACHED`.
const DETACHED: u8 = 2;

/// A sorted list: edge ordinals (retainers, children) or node ordinals (dominated), and how many
/// entries the filter left out.
struct List {
    key: ListKey,
    items: Vec<u32>,
    filtered: u32,
}

/// The most recently used sorted lists, newest first, and the nodes of the last Summary filter.
#[derive(Default)]
pub(super) struct ListCache {
    lists: Mutex<Vec<List>>,
    filter: Mutex<Option<(SummaryFilter, BitVec)>>,
}

impl ListCache {
    fn with<R>(
        &self,
        key: ListKey,
        build: impl FnOnce() -> (Vec<u32>, u32),
        read: impl FnOnce(&[u32], u32) -> R,
    ) -> R {
        let mut lists = self.lists.lock().expect("not poisoned");
        match lists.iter().position(|l| l.key == key) {
            Some(i) => {
                let list = lists.remove(i);
                lists.insert(0, list);
            }
            None => {
                let (items, filtered) = build();
                lists.insert(
                    0,
                    List {
                        key,
                        items,
                        filtered,
                    },
                );
                lists.truncate(CACHED_LISTS);
            }
        }
        read(&lists[0].items, lists[0].filtered)
    }
}

/// DevTools' `edge.name()`: the string for named edges (a shortcut edge whose name starts with a
/// number is that number), the index for element and hidden edges.
fn devtools_edge_name(snap: &HeapSnapshot, e: usize) -> String {
    let t = snap.edge_type[e];
    if !snap.types.edge_has_string_name(t) {
        return snap.edge_name[e].to_string();
    }
    let s = snap.strings.get(snap.edge_name[e]);
    if t == snap.types.edge_shortcut {
        if let Some(n) = parse_int(s) {
            return n.to_string();
        }
    }
    s.to_owned()
}

/// DevTools' `edge.hasStringName()`.
fn has_string_name(snap: &HeapSnapshot, e: usize) -> bool {
    let t = snap.edge_type[e];
    if t == snap.types.edge_shortcut {
        return parse_int(snap.strings.get(snap.edge_name[e])).is_none();
    }
    snap.types.edge_has_string_name(t)
}

/// DevTools' `!edgeName` comparison, ascending.
fn edge_name_order(a: &(String, bool), b: &(String, bool)) -> Ordering {
    match (a.0 == "__proto__", b.0 == "__proto__") {
        (true, true) => return Ordering::Equal,
        (_, true) => return Ordering::Less,
        (true, _) => return Ordering::Greater,
        _ => {}
    }
    match (a.1, b.1) {
        (x, y) if x == y => utf16_cmp(&a.0, &b.0),
        (true, _) => Ordering::Less,
        _ => Ordering::Greater,
    }
}

impl Analysis {
    /// The Summary class of `ord` (a [`crate::ClassRow::index`]), if it is in one: nodes of self
    /// size 0 belong to none, as in DevTools.
    pub fn class_of(&self, ord: u32) -> Option<u32> {
        let c = *self.node_class.get(ord as usize)?;
        self.classes
            .get(c as usize)
            .filter(|class| class.exported)
            .map(|_| c)
    }

    fn valid(&self, ord: u32) -> bool {
        (ord as usize) < self.snap.node_count()
    }

    /// The row of edge `e` seen from `other`, its owner (`retaining`) or its target.
    fn edge_row(&self, e: u32, other: u32, retaining: bool) -> EdgeRow {
        let snap = &self.snap;
        let t = snap.edge_type[e as usize];
        let onward = if retaining {
            self.retainers().of(other).len()
        } else {
            snap.edges_of(other).len()
        };
        EdgeRow {
            edge: e,
            edge_type: snap.types.edge_type_name(t).to_owned(),
            edge_name: devtools_edge_name(snap, e as usize),
            node: self.node(other).expect("edge ends are nodes"),
            weak: t == snap.types.edge_weak,
            internal: t == snap.types.edge_internal || t == snap.types.edge_hidden,
            onward: onward as u32,
            code: self.code_label(other),
        }
    }

    /// Sorts nodes largest retained size first, ties by ordinal (every list of this module).
    pub(super) fn largest_first(&self, ords: &mut [u32]) {
        ords.sort_unstable_by(|&a, &b| self.largest_first_order(a, b));
    }

    /// Like [`Analysis::largest_first`] for the first `k` only (the rest follow in no order):
    /// the order is total, so the first `k` are the same as after a full sort.
    pub(super) fn largest_first_prefix(&self, ords: &mut [u32], k: usize) {
        if k < ords.len() {
            ords.select_nth_unstable_by(k, |&a, &b| self.largest_first_order(a, b));
        }
        let k = k.min(ords.len());
        ords[..k].sort_unstable_by(|&a, &b| self.largest_first_order(a, b));
    }

    fn largest_first_order(&self, a: u32, b: u32) -> std::cmp::Ordering {
        self.retained[b as usize]
            .cmp(&self.retained[a as usize])
            .then(a.cmp(&b))
    }

    /// Where the code of a closure or Context is: a closure's script and line
    /// (`app-server.js:58`), a Context's scope (`top-level scope of app-server.js`); `None` for
    /// other objects, or when the snapshot does not say.
    pub fn code_label(&self, ord: u32) -> Option<String> {
        if let Some(f) = self.function_info(ord) {
            return Some(f.short_location()).filter(|l| !l.is_empty());
        }
        self.context_info(ord).map(|c| c.label())
    }

    /// Runs `read` on the nodes `filter` lets through (computed once, kept for the next call).
    fn with_filter<R>(&self, filter: SummaryFilter, read: impl FnOnce(&BitVec) -> R) -> R {
        let mut cached = self.lists.filter.lock().expect("not poisoned");
        if cached.as_ref().is_none_or(|(f, _)| *f != filter) {
            *cached = Some((filter, self.filter_nodes(filter)));
        }
        read(&cached.as_ref().expect("just computed").1)
    }

    /// The nodes of one of DevTools' named filters.
    fn filter_nodes(&self, filter: SummaryFilter) -> BitVec {
        let snap = &self.snap;
        let n = snap.node_count();
        let mut bits = BitVec::new(n);
        match filter {
            SummaryFilter::DuplicatedStrings => {
                for o in crate::report::strings::duplicated_string_nodes(self) {
                    bits.set(o as usize);
                }
            }
            SummaryFilter::RetainedByDetached => {
                // DevTools: a BFS from the root that never enters a detached node (nor follows a
                // weak edge); what it misses, among the nodes its distances reach, is retained by
                // detached nodes.
                let weak = snap.types.edge_weak;
                let mut reached = BitVec::new(n);
                reached.set(snap.root as usize);
                let mut queue = vec![snap.root];
                let mut head = 0;
                while head < queue.len() {
                    let node = queue[head];
                    head += 1;
                    for e in snap.edges_of(node) {
                        let to = snap.edge_to[e] as usize;
                        if snap.edge_type[e] == weak
                            || reached.get(to)
                            || snap.node_detachedness[to] == DETACHED
                        {
                            continue;
                        }
                        reached.set(to);
                        queue.push(to as u32);
                    }
                }
                for o in 0..n {
                    if !reached.get(o) && self.distances[o] != NO_DISTANCE {
                        bits.set(o);
                    }
                }
            }
        }
        bits
    }

    /// DevTools' Summary under a named filter (`aggregatesWithFilter`): the classes of the nodes the
    /// filter lets through (self size above 0), with their count, shallow size, smallest distance
    /// and retained size (a node adds its retained size unless a dominator of it that the filter
    /// lets through has the same class), largest retained size first.
    pub fn filtered_classes(&self, filter: SummaryFilter) -> Vec<ClassRow> {
        self.with_filter(filter, |keep| {
            let snap = &self.snap;
            let mut rows: HashMap<u32, ClassRow> = HashMap::new();
            for o in 0..snap.node_count() {
                let c = self.node_class[o];
                if !keep.get(o) || c == NO_CLASS || !self.classes[c as usize].exported {
                    continue;
                }
                let row = rows.entry(c).or_insert_with(|| ClassRow {
                    index: c,
                    name: snap.strings.get(self.classes[c as usize].name).to_owned(),
                    count: 0,
                    shallow_size: 0,
                    retained_size: 0,
                    distance: self.distances[o],
                });
                row.count += 1;
                row.shallow_size += snap.node_self_size[o] as u64;
                row.distance = row.distance.min(self.distances[o]);
            }
            // Retained sizes: a node counts unless a dominator of it the filter lets through has its
            // class (DevTools' calculateClassesRetainedSize with the filter).
            let retained = crate::report::nested::outermost_by_key(self, self.classes.len(), |o| {
                let c = self.node_class[o as usize];
                (c != NO_CLASS && keep.get(o as usize)).then_some(c)
            });
            for (c, row) in rows.iter_mut() {
                row.retained_size = retained[*c as usize];
            }
            let mut rows: Vec<ClassRow> = rows.into_values().collect();
            rows.sort_by(|a, b| {
                b.retained_size
                    .cmp(&a.retained_size)
                    .then(a.index.cmp(&b.index))
            });
            rows
        })
    }

    /// The detached objects (after DevTools' propagation) of one class of the Detached objects view
    /// ([`crate::report::detached::DetachedClass::name`]: the class name, or the display name of
    /// objects of no class), largest retained size first: `limit` rows from `offset`, and how many.
    pub fn detached_instances(
        &self,
        class: &str,
        offset: usize,
        limit: usize,
    ) -> (Vec<NodeRow>, usize) {
        let snap = &self.snap;
        let mut members: Vec<u32> = (0..snap.node_count() as u32)
            .filter(|&o| {
                snap.node_detachedness[o as usize] == DETACHED
                    && match self.node_class[o as usize] {
                        NO_CLASS => self.display_name(o) == class,
                        c => self.class_name(c) == class,
                    }
            })
            .collect();
        let total = members.len();
        self.largest_first(&mut members);
        let rows = members
            .into_iter()
            .skip(offset)
            .take(limit)
            .filter_map(|o| self.node(o))
            .collect();
        (rows, total)
    }

    /// The instances of a class that a named filter lets through, largest retained size first:
    /// `limit` rows from `offset`, and how many there are.
    pub fn filtered_instances(
        &self,
        filter: SummaryFilter,
        class_index: u32,
        offset: usize,
        limit: usize,
    ) -> (Vec<NodeRow>, usize) {
        if class_index as usize >= self.classes.len() {
            return (Vec::new(), 0);
        }
        self.lists.with(
            ListKey::Instances(filter, class_index),
            || {
                let mut members: Vec<u32> = self.with_filter(filter, |keep| {
                    (0..self.snap.node_count() as u32)
                        .filter(|&o| {
                            self.node_class[o as usize] == class_index && keep.get(o as usize)
                        })
                        .collect()
                });
                self.largest_first(&mut members);
                (members, 0)
            },
            |list, _| {
                let rows = list
                    .iter()
                    .skip(offset)
                    .take(limit)
                    .filter_map(|&o| self.node(o))
                    .collect();
                (rows, list.len())
            },
        )
    }

    /// The distance DevTools' Retainers view sorts by.
    fn retainers_view_distance(&self, ord: u32) -> i32 {
        match self.distances[ord as usize] {
            NO_DISTANCE => BASE_UNREACHABLE_DISTANCE,
            d => d,
        }
    }

    /// The retaining edges of `ord` that `filter` lets through, in DevTools' order.
    fn sorted_retainers(&self, ord: u32, filter: RetainerFilter) -> (Vec<u32>, u32) {
        let snap = &self.snap;
        let t = &snap.types;
        let mut filtered = 0u32;
        // (view distance, owner, edge)
        let mut items: Vec<(i32, u32, u32)> = Vec::new();
        for &e in self.retainers().of(ord) {
            let owner = self.owner_of_edge(e);
            if owner == snap.root {
                continue;
            }
            let et = snap.edge_type[e as usize];
            let hidden = (et == t.edge_weak && !filter.weak)
                || (filter.hide_internal && (et == t.edge_internal || et == t.edge_hidden));
            if hidden {
                filtered += 1;
                continue;
            }
            items.push((self.retainers_view_distance(owner), owner, e));
        }
        // Distance, then (below) the owner's name, then the retainer index: later edges first.
        items.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)));
        let mut start = 0;
        while start < items.len() {
            let end = start
                + items[start..]
                    .iter()
                    .take_while(|x| x.0 == items[start].0)
                    .count();
            if end - start > 1 {
                let mut named: Vec<(String, (i32, u32, u32))> = items[start..end]
                    .iter()
                    .map(|&x| (display_name(snap, x.1), x))
                    .collect();
                // Stable: equal names keep the retainer-index order.
                named.sort_by(|a, b| utf16_cmp(&a.0, &b.0));
                for (slot, (_, x)) in items[start..end].iter_mut().zip(named) {
                    *slot = x;
                }
            }
            start = end;
        }
        (items.into_iter().map(|x| x.2).collect(), filtered)
    }

    /// The edges of `ord` in the Containment view's order.
    fn sorted_children(&self, ord: u32) -> Vec<u32> {
        let snap = &self.snap;
        let mut items: Vec<(u64, (String, bool), u32)> = snap
            .edges_of(ord)
            .map(|e| {
                (
                    self.retained[snap.edge_to[e] as usize],
                    (devtools_edge_name(snap, e), has_string_name(snap, e)),
                    e as u32,
                )
            })
            .collect();
        items.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| edge_name_order(&a.1, &b.1))
                .then(a.2.cmp(&b.2))
        });
        items.into_iter().map(|x| x.2).collect()
    }

    /// `limit` retainers of `ord` from `offset`, in DevTools' Retainers order, and how many there
    /// are. `None` for an ordinal past the last node.
    pub fn retainers_page(
        &self,
        ord: u32,
        filter: RetainerFilter,
        offset: usize,
        limit: usize,
    ) -> Option<EdgePage> {
        if !self.valid(ord) {
            return None;
        }
        let (rows, total, filtered) = self.lists.with(
            ListKey::Retainers(ord, filter),
            || self.sorted_retainers(ord, filter),
            |list, filtered| {
                let rows = list
                    .iter()
                    .skip(offset)
                    .take(limit)
                    .map(|&e| self.edge_row(e, self.owner_of_edge(e), true))
                    .collect();
                (rows, list.len(), filtered)
            },
        );
        Some(EdgePage {
            node: self.node(ord)?,
            offset: offset.min(total) as u32,
            total: total as u32,
            rows,
            filtered,
        })
    }

    /// The retainers DevTools' Retainers view expands by itself when `ord` is selected: the first
    /// retainer of `ord`, then its first retainer, and so on while the retainer's distance is above
    /// 1 and it is reachable, at most [`MAX_EXPANDED_RETAINER_LEVELS`] (owners' ordinals, nearest
    /// first; a cycle, which DevTools would draw again, ends the path).
    pub fn expanded_retainers(&self, ord: u32, filter: RetainerFilter) -> Vec<u32> {
        let mut path = Vec::new();
        if !self.valid(ord) {
            return path;
        }
        let mut current = ord;
        for _ in 0..MAX_EXPANDED_RETAINER_LEVELS {
            let first = self.lists.with(
                ListKey::Retainers(current, filter),
                || self.sorted_retainers(current, filter),
                |list, _| list.first().copied(),
            );
            let Some(e) = first else { break };
            let owner = self.owner_of_edge(e);
            let d = self.retainers_view_distance(owner);
            if d <= 1 || d >= BASE_UNREACHABLE_DISTANCE || owner == ord || path.contains(&owner) {
                break;
            }
            path.push(owner);
            current = owner;
        }
        path
    }

    /// `limit` outgoing edges of `ord` from `offset` in the Containment view's order (largest
    /// retained target first), and how many there are. `None` for an ordinal past the last node.
    pub fn children_page(&self, ord: u32, offset: usize, limit: usize) -> Option<EdgePage> {
        if !self.valid(ord) {
            return None;
        }
        let snap = &self.snap;
        let (rows, total) = self.lists.with(
            ListKey::Children(ord),
            || (self.sorted_children(ord), 0),
            |list, _| {
                let rows = list
                    .iter()
                    .skip(offset)
                    .take(limit)
                    .map(|&e| self.edge_row(e, snap.edge_to[e as usize], false))
                    .collect();
                (rows, list.len())
            },
        );
        Some(EdgePage {
            node: self.node(ord)?,
            offset: offset.min(total) as u32,
            total: total as u32,
            rows,
            filtered: 0,
        })
    }

    /// `limit` children of `ord` in the dominator tree from `offset`, largest retained size first
    /// (ties by ordinal), and how many there are. `None` for an ordinal past the last node.
    pub fn dominated_page(&self, ord: u32, offset: usize, limit: usize) -> Option<DominatedPage> {
        if !self.valid(ord) {
            return None;
        }
        let (rows, total) = self.lists.with(
            ListKey::Dominated(ord),
            || {
                let mut kids = self.dominator_tree().children(ord).to_vec();
                self.largest_first(&mut kids);
                (kids, 0)
            },
            |list, _| {
                let tree = self.dominator_tree();
                let rows: Vec<DominatedRow> = list
                    .iter()
                    .skip(offset)
                    .take(limit)
                    .filter_map(|&o| {
                        Some(DominatedRow {
                            node: self.node(o)?,
                            dominated: tree.children(o).len() as u32,
                        })
                    })
                    .collect();
                (rows, list.len())
            },
        );
        Some(DominatedPage {
            node: self.node(ord)?,
            offset: offset.min(total) as u32,
            total: total as u32,
            rows,
        })
    }

    /// The dominators of `ord` from the root down to `ord` itself (the branch of the dominator tree
    /// that leads to it). Empty for an ordinal past the last node.
    pub fn dominator_path(&self, ord: u32) -> Vec<NodeRow> {
        if !self.valid(ord) {
            return Vec::new();
        }
        let mut path = vec![ord];
        let mut current = ord;
        while current != self.snap.root && path.len() <= self.snap.node_count() {
            current = self.dominator[current as usize];
            path.push(current);
        }
        path.reverse();
        path.into_iter().filter_map(|o| self.node(o)).collect()
    }

    /// The largest objects without the root and synthetic nodes (`(GC roots)` and its sub-roots),
    /// grouped: an object dominated by an object listed before it is folded into that row instead of
    /// getting its own. Scans the `limit × 20` largest objects and returns at most `limit` rows,
    /// largest retained size first.
    pub fn largest_objects(&self, limit: usize) -> Vec<LargestRow> {
        let snap = &self.snap;
        let synthetic = snap.types.synthetic;
        let candidates = self.top_by_retained(
            (0..snap.node_count() as u32).filter(|&o| snap.node_type[o as usize] != synthetic),
            limit.saturating_mul(SCANNED_PER_ROW),
        );
        let mut rows: Vec<(u32, Vec<u32>)> = Vec::new();
        // Nodes known to sit inside a listed row (by its position); only positive answers are kept,
        // since a row listed later can still turn out to hold a node seen earlier.
        let mut inside_row: HashMap<u32, usize> = HashMap::new();
        let mut budget = FOLD_STEP_BUDGET;
        for &c in &candidates {
            let mut walked = Vec::new();
            let mut current = c;
            let mut found = None;
            while current != snap.root && budget > 0 {
                budget -= 1;
                current = self.dominator[current as usize];
                if let Some(&r) = inside_row.get(&current) {
                    found = Some(r);
                    break;
                }
                walked.push(current);
            }
            match found {
                Some(r) => {
                    rows[r].1.push(c);
                    inside_row.insert(c, r);
                    for w in walked {
                        inside_row.insert(w, r);
                    }
                }
                None if rows.len() < limit => {
                    inside_row.insert(c, rows.len());
                    rows.push((c, Vec::new()));
                }
                None => {}
            }
        }
        rows.into_iter()
            .filter_map(|(o, folded)| {
                Some(LargestRow {
                    node: self.node(o)?,
                    folded: folded.len() as u32,
                    inside: self.inside_chain(o, &folded),
                })
            })
            .collect()
    }

    /// From `ord` down its largest dominator-tree branch while the next object is one of `folded`.
    fn inside_chain(&self, ord: u32, folded: &[u32]) -> Vec<NodeRow> {
        let mut chain = Vec::new();
        let mut current = ord;
        while chain.len() < INSIDE_CHAIN {
            let largest = self
                .dominator_tree()
                .children(current)
                .iter()
                .copied()
                .max_by(|&a, &b| {
                    self.retained[a as usize]
                        .cmp(&self.retained[b as usize])
                        .then(b.cmp(&a))
                });
            match largest {
                Some(next) if folded.contains(&next) => {
                    chain.extend(self.node(next));
                    current = next;
                }
                _ => break,
            }
        }
        chain
    }
}
