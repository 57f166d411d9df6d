//! Section 2, Largest objects: the top objects by self size and by retained size, each explained by
//! its retainer path and its immediate dominator. Roots and synthetic nodes are left out. In the
//! retained list, an object that is most of a listed object that dominates it (at least 80% of its
//! retained size, like a Map's backing table) is folded into that entry's `contains` chain rather
//! than listed again, so "Context 61.4 MB → Map 53.0 MB → array 53.0 MB" reads as one line.

use super::markdown::{self, Table};
use super::objects::{NodeRef, ObjectEntry};
use super::units::{bytes, percent};
use super::Section;
use crate::analysis::Analysis;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A listed object keeps the objects inside it that hold at least this share of its retained size.
const FOLD_SHARE: f64 = 0.8;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LargestSection {
    pub by_self_size: Vec<ObjectEntry>,
    pub by_retained_size: Vec<LargestEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LargestEntry {
    #[serde(flatten)]
    pub object: ObjectEntry,
    /// Objects inside this one (each dominated by the previous) that are most of its size.
    pub contains: Vec<NodeRef>,
    /// A listed object that dominates this one, when there is one.
    pub inside: Option<u64>,
}

/// The `n` candidates with the largest `key`, largest first (ties: lower ordinal first).
fn top_by(a: &Analysis, n: usize, key: impl Fn(u32) -> u64) -> Vec<u32> {
    let snap = a.snapshot();
    let synthetic = snap.types.synthetic;
    let mut heap: BinaryHeap<Reverse<(u64, Reverse<u32>)>> = BinaryHeap::with_capacity(n + 1);
    for o in 0..snap.node_count() as u32 {
        if snap.node_type[o as usize] == synthetic || o == snap.root {
            continue;
        }
        let k = (key(o), Reverse(o));
        if heap.len() < n {
            heap.push(Reverse(k));
        } else if heap.peek().is_some_and(|m| k > m.0) {
            heap.pop();
            heap.push(Reverse(k));
        }
    }
    let mut v: Vec<(u64, Reverse<u32>)> = heap.into_iter().map(|r| r.0).collect();
    v.sort_by(|x, y| y.cmp(x));
    v.into_iter().map(|(_, Reverse(o))| o).collect()
}

pub fn compute(a: &Analysis, top: usize) -> LargestSection {
    let by_self_size = top_by(a, top, |o| a.self_size(o))
        .into_iter()
        .map(|o| ObjectEntry::new(a, o))
        .collect();
    // Enough candidates that folding still leaves `top` entries.
    let candidates = top_by(a, top * 4 + 16, |o| a.retained_size(o));
    let mut listed: Vec<LargestEntry> = Vec::new();
    for o in candidates {
        if listed.len() == top {
            break;
        }
        // The nearest listed dominator, if any.
        let mut d = a.dominator(o);
        let mut holder = None;
        while d != a.root_ordinal() {
            if let Some(i) = listed.iter().position(|e| e.object.ordinal == d) {
                holder = Some(i);
                break;
            }
            let next = a.dominator(d);
            if next == d {
                break;
            }
            d = next;
        }
        if let Some(i) = holder {
            let parent = &mut listed[i];
            let tail = parent
                .contains
                .last()
                .map_or(parent.object.ordinal, |r| r.ordinal);
            let chained = a.dominator(o) == tail
                && a.retained_size(o) as f64 >= FOLD_SHARE * a.retained_size(tail) as f64;
            if chained {
                parent.contains.push(NodeRef::new(a, o));
                continue;
            }
        }
        listed.push(LargestEntry {
            object: ObjectEntry::new(a, o),
            contains: Vec::new(),
            inside: holder.map(|i| listed[i].object.id),
        });
    }
    LargestSection {
        by_self_size,
        by_retained_size: listed,
    }
}

impl Section for LargestSection {
    fn title(&self) -> &'static str {
        "Largest objects"
    }

    fn markdown(&self, report: &super::Report, out: &mut String) {
        out.push_str("By retained size (what would be freed with the object). The path is how a root reaches it; \"held by\" is its immediate dominator, the one object whose release frees it.\n\n");
        let mut t = Table::new(&[
            ("Object", false),
            ("Retained", true),
            ("% of heap", true),
            ("Self", true),
            ("Held by", false),
            ("Path from a root", false),
        ]);
        for e in &self.by_retained_size {
            let mut name = e.object.link();
            for c in &e.contains {
                name.push_str(&format!(" → {} {}", c.link(), bytes(c.retained_size)));
            }
            t.row(&[
                name,
                bytes(e.object.retained_size),
                percent(e.object.retained_size, report.overview.total_size),
                bytes(e.object.self_size),
                e.object.dominator_markdown(),
                e.object.path_markdown(300),
            ]);
        }
        out.push_str(&t.finish());
        out.push_str("By self size (the object's own memory):\n\n");
        let mut t = Table::new(&[
            ("Object", false),
            ("Type", false),
            ("Self", true),
            ("Retained", true),
            ("Held by", false),
            ("Path from a root", false),
        ]);
        for e in &self.by_self_size {
            t.row(&[
                e.link(),
                markdown::text(&e.node_type, 40),
                bytes(e.self_size),
                bytes(e.retained_size),
                e.dominator_markdown(),
                e.path_markdown(300),
            ]);
        }
        out.push_str(&t.finish());
    }
}
