//! Queries on a finished [`Analysis`]: rows for tables (largest objects, class instances, search),
//! the retaining path that explains why an object is alive, the overview and the CLI summary.

use super::distances::NO_DISTANCE;
use super::explain::edge_readability;
use super::names::display_name;
use super::{statistics, Analysis};
use crate::model::{NodeRow, Overview, RetainerLink, Summary};
use crate::MAX_DISPLAY_NAME_CHARS;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

/// Longest retaining path returned (a guard against pathological graphs).
const MAX_PATH_LENGTH: usize = 200;

fn truncate_chars(mut s: String, max: usize) -> String {
    if let Some((i, _)) = s.char_indices().nth(max) {
        s.truncate(i);
        s.push('…');
    }
    s
}

impl Analysis {
    /// DevTools' full display name of a node (`{a, b}` for plain objects, text for cons strings).
    /// Empty for an ordinal past the last node.
    pub fn display_name(&self, ord: u32) -> String {
        if ord as usize >= self.snap.node_count() {
            return String::new();
        }
        display_name(&self.snap, ord)
    }

    /// The row of one node.
    pub fn node(&self, ord: u32) -> Option<NodeRow> {
        if ord as usize >= self.snap.node_count() {
            return None;
        }
        let o = ord as usize;
        Some(NodeRow {
            ordinal: ord,
            id: self.snap.node_id.get(o),
            name: truncate_chars(display_name(&self.snap, ord), MAX_DISPLAY_NAME_CHARS),
            node_type: self
                .snap
                .types
                .node_type_name(self.snap.node_type[o])
                .to_owned(),
            self_size: self.snap.node_self_size[o] as u64,
            retained_size: self.retained[o],
            distance: self.distances[o],
        })
    }

    fn rows(&self, ords: impl IntoIterator<Item = u32>) -> Vec<NodeRow> {
        ords.into_iter().filter_map(|o| self.node(o)).collect()
    }

    /// The `n` nodes with the largest retained size (the root first), largest first.
    pub fn top_retained(&self, n: usize) -> Vec<NodeRow> {
        self.rows(self.top_by_retained(0..self.snap.node_count() as u32, n))
    }

    pub(super) fn top_by_retained(&self, ords: impl Iterator<Item = u32>, n: usize) -> Vec<u32> {
        if n == 0 {
            return Vec::new();
        }
        let mut heap: BinaryHeap<Reverse<(u64, Reverse<u32>)>> = BinaryHeap::with_capacity(n + 1);
        for o in ords {
            let key = (self.retained[o as usize], Reverse(o));
            if heap.len() < n {
                heap.push(Reverse(key));
            } else if key > heap.peek().unwrap().0 {
                heap.pop();
                heap.push(Reverse(key));
            }
        }
        let mut out: Vec<(u64, Reverse<u32>)> = heap.into_iter().map(|Reverse(k)| k).collect();
        out.sort_by(|a, b| b.cmp(a));
        out.into_iter().map(|(_, Reverse(o))| o).collect()
    }

    /// Instances of a class, largest retained size first: `limit` rows from `offset`, and the total.
    pub fn class_instances(
        &self,
        class_index: u32,
        offset: usize,
        limit: usize,
    ) -> (Vec<NodeRow>, usize) {
        if class_index as usize >= self.classes.len() {
            return (Vec::new(), 0);
        }
        let mut members: Vec<u32> = (0..self.snap.node_count() as u32)
            .filter(|&o| self.node_class[o as usize] == class_index)
            .collect();
        let total = members.len();
        // Only the page's rows need their order: the rest is partitioned away, not sorted.
        self.largest_first_prefix(&mut members, offset.saturating_add(limit));
        (
            self.rows(members.into_iter().skip(offset).take(limit)),
            total,
        )
    }

    /// The ordinal of the node with V8 id `id`.
    pub fn find_by_id(&self, id: u64) -> Option<u32> {
        self.snap.node_id.position(id).map(|p| p as u32)
    }

    /// Nodes matching a query, largest retained first: `@123` (or a bare `123` that is some node's
    /// id) finds an id; otherwise a case-insensitive substring of the node's name or class name.
    pub fn search(&self, query: &str, limit: usize) -> Vec<NodeRow> {
        self.search_counted(query, limit).0
    }

    /// Like [`Analysis::search`], with the number of all matching nodes (of which at most `limit`
    /// are returned).
    pub fn search_counted(&self, query: &str, limit: usize) -> (Vec<NodeRow>, usize) {
        let q = query.trim();
        let by_id = |id: &str| id.parse::<u64>().ok().and_then(|id| self.find_by_id(id));
        if let Some(id) = q.strip_prefix('@') {
            let rows = self.rows(by_id(id));
            let n = rows.len();
            return (rows.into_iter().take(limit).collect(), n);
        }
        if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(o) = by_id(q) {
                return (self.rows([o].into_iter().take(limit)), 1);
            }
        }
        if q.is_empty() {
            return (Vec::new(), 0);
        }
        let needle = q.to_lowercase();
        let strings = &self.snap.strings;
        let matching: Vec<bool> = (0..strings.len() as u32)
            .map(|i| {
                let s = strings.get(i);
                s.len() >= needle.len() && s.to_lowercase().contains(&needle)
            })
            .collect();
        let class_matches: Vec<bool> = self
            .classes
            .iter()
            .map(|c| matching[c.name as usize])
            .collect();
        let mut total = 0usize;
        let hits = (0..self.snap.node_count() as u32)
            .filter(|&o| {
                matching[self.snap.node_name[o as usize] as usize]
                    || self
                        .node_class
                        .get(o as usize)
                        .is_some_and(|&c| c != u32::MAX && class_matches[c as usize])
            })
            .inspect(|_| total += 1);
        let rows = self.rows(self.top_by_retained(hits, limit));
        (rows, total)
    }

    /// Why `ord` is alive: links from its closest retainer up to the root, each retainer chosen among
    /// non-weak retainers by the smallest distance from the user roots (the root itself first), so
    /// the path is a shortest one from a GC root; among equally close retainers, the one holding it
    /// through the most readable edge (a property or variable before an internal edge). Empty for the root and for an ordinal past the
    /// last node (ordinals can come from a URL a person edited).
    pub fn retaining_path(&self, ord: u32) -> Vec<RetainerLink> {
        self.retaining_edges(ord)
            .into_iter()
            .map(|(e, owner)| {
                let (edge_type, edge_name) = self.edge_label(e);
                RetainerLink {
                    edge_type,
                    edge_name,
                    retainer: self.node(owner).expect("owner is a node"),
                }
            })
            .collect()
    }

    /// [`Analysis::retaining_path`] as `(edge, owner)` pairs, nothing built for the nodes.
    pub(crate) fn retaining_edges(&self, ord: u32) -> Vec<(u32, u32)> {
        let snap = &self.snap;
        if ord as usize >= snap.node_count() {
            return Vec::new();
        }
        let weak = snap.types.edge_weak;
        let mut path = Vec::new();
        let mut seen: HashSet<u32> = HashSet::new();
        let mut current = ord;
        seen.insert(current);
        while current != snap.root && path.len() < MAX_PATH_LENGTH {
            // (distance rank, edge readability) decides; the first such edge wins ties.
            let mut best: Option<((i64, u8), u32, u32)> = None;
            for &e in self.retainers().of(current) {
                if snap.edge_type[e as usize] == weak {
                    continue;
                }
                let owner = self.owner_of_edge(e);
                if seen.contains(&owner) {
                    continue;
                }
                // The root ends every path; otherwise the closest retainer to the user roots.
                let d = self.distances[owner as usize];
                let rank = if owner == snap.root {
                    -1
                } else if d == NO_DISTANCE {
                    i64::MAX
                } else {
                    d as i64
                };
                let key = (rank, edge_readability(self, snap.edge_type[e as usize]));
                if best.is_none_or(|(k, _, _)| key < k) {
                    best = Some((key, owner, e));
                }
            }
            let Some((_, owner, e)) = best else { break };
            path.push((e, owner));
            seen.insert(owner);
            current = owner;
        }
        path
    }

    /// An edge's type name and its name as the paths write it (`[3]` for an element index).
    pub(crate) fn edge_label(&self, e: u32) -> (String, String) {
        let snap = &self.snap;
        let edge = e as usize;
        let et = snap.edge_type[edge];
        let name = snap.edge_name_string(edge);
        let edge_name = if snap.types.edge_has_string_name(et) {
            name
        } else {
            format!("[{name}]")
        };
        (snap.types.edge_type_name(et).to_owned(), edge_name)
    }

    /// The figures of the Overview view.
    pub fn overview(&self) -> Overview {
        statistics::overview(
            &self.snap,
            self.total_size,
            self.statistics,
            self.detached,
            self.class_rows.len() as u64,
        )
    }

    /// The summary printed by `heapscope summary --json`: `top` largest nodes and classes.
    pub fn summary(&self, top: usize) -> Summary {
        Summary {
            nodes: self.node_count(),
            edges: self.edge_count(),
            total_size: self.total_size,
            statistics: self.statistics,
            by_type: self.raw_by_type.clone(),
            top_retained: self.top_retained(top),
            classes: self.class_rows.iter().take(top).cloned().collect(),
            detached: self.detached,
            timings_ms: self.timings.clone(),
        }
    }
}
