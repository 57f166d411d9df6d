//! Section 1, Overview: totals, DevTools' seven statistics slices, and the heap in five categories a
//! person reads at a glance (arrays, strings, code, objects, other), each with its definition.
//! Sizes are DevTools' shallow sizes (after it moves the size of internal backing stores to their
//! single owner), so the categories add up to DevTools' total.

use super::markdown::Table;
use super::units::{bytes, count, percent};
use super::Section;
use crate::analysis::bits::BitVec;
use crate::analysis::Analysis;
use crate::model::Statistics;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewSection {
    pub nodes: u64,
    pub edges: u64,
    pub total_size: u64,
    pub class_count: u64,
    pub statistics: Statistics,
    pub categories: Vec<CategoryRow>,
    pub detached_count: u64,
    /// Nodes the root does not reach over retaining edges (DevTools counts them under the root).
    pub unreachable: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryRow {
    pub name: String,
    pub size: u64,
    pub percent: f64,
    /// Which nodes the category holds.
    pub definition: String,
}

const ARRAYS: &str = "JS arrays (`Array` objects with their elements store, as DevTools' \"JS arrays\"), typed-array backing stores, and V8's internal arrays (`array` nodes: object elements and properties, hash tables, descriptor arrays) not moved to a single owner";
const STRINGS: &str = "string, concatenated and sliced string nodes (DevTools' \"Strings\")";
const CODE: &str = "`code` nodes: bytecode, compiled code, shared function infos, scripts, feedback (DevTools' \"Code\")";
const OBJECTS: &str = "JS objects, closures and regular expressions, other than arrays";
const OTHER: &str = "everything else: V8 system objects (`hidden`), native (embedder) objects, numbers, symbols, hidden classes (`object shape`), synthetic roots, and `extra_native_bytes`";

pub fn compute(a: &Analysis) -> OverviewSection {
    let snap = a.snapshot();
    let t = &snap.types;
    let st = a.statistics();
    let array_names = snap.strings.indices_of("Array");
    let elements = snap.strings.indices_of("elements");
    let retainers = a.retainers();
    let (mut arrays, mut objects) = (st.js_arrays + st.typed_arrays, 0u64);
    // Elements stores DevTools already counted with their Array; their own array nodes must not
    // count twice.
    let n = snap.node_count();
    let mut counted_store = BitVec::new(n);
    for o in 0..n as u32 {
        let ty = snap.node_type[o as usize];
        if ty == t.hidden || ty == t.native || ty == t.code || t.is_string_type(ty) {
            continue;
        }
        if array_names.contains(&snap.node_name[o as usize]) {
            if let Some(e) = snap.edges_of(o).find(|&e| {
                snap.edge_type[e] == t.edge_internal && elements.contains(&snap.edge_name[e])
            }) {
                let store = snap.edge_to[e];
                if retainers.of(store).len() == 1 {
                    counted_store.set(store as usize);
                }
            }
            continue;
        }
        let size = a.self_size(o);
        if ty == t.array {
            arrays += size;
        } else if ty == t.object || ty == t.closure || ty == t.regexp {
            objects += size;
        }
    }
    for o in 0..n {
        if counted_store.get(o) && snap.node_type[o] == t.array {
            arrays -= a.self_size(o as u32);
        }
    }
    let total = a.total_size();
    let other = total.saturating_sub(st.strings + st.code + arrays + objects);
    let categories = [
        ("Arrays", arrays, ARRAYS),
        ("Strings", st.strings, STRINGS),
        ("Code", st.code, CODE),
        ("Objects", objects, OBJECTS),
        ("Other", other, OTHER),
    ]
    .into_iter()
    .map(|(name, size, definition)| CategoryRow {
        name: name.to_owned(),
        size,
        percent: 100.0 * size as f64 / total.max(1) as f64,
        definition: definition.to_owned(),
    })
    .collect();
    OverviewSection {
        nodes: a.node_count(),
        edges: a.edge_count(),
        total_size: total,
        class_count: a.classes().len() as u64,
        statistics: st,
        categories,
        detached_count: a.detached().count,
        unreachable: a.unreachable_from_root(),
    }
}

impl Section for OverviewSection {
    fn title(&self) -> &'static str {
        "Overview"
    }

    fn markdown(&self, _report: &super::Report, out: &mut String) {
        out.push_str(&format!(
            "**{}** in **{}** objects and {} references, {} classes.\n\n",
            bytes(self.total_size),
            count(self.nodes),
            count(self.edges),
            count(self.class_count)
        ));
        let mut t = Table::new(&[
            ("Category", false),
            ("Size", true),
            ("% of heap", true),
            ("What it holds", false),
        ]);
        for c in &self.categories {
            t.row(&[
                c.name.clone(),
                bytes(c.size),
                percent(c.size, self.total_size),
                c.definition.clone(),
            ]);
        }
        out.push_str(&t.finish());
        out.push_str("DevTools' statistics (the Summary pie chart):\n\n");
        let mut t = Table::new(&[("Slice", false), ("Size", true), ("% of heap", true)]);
        for (name, v) in self.statistics.slices() {
            t.row(&[name.to_owned(), bytes(v), percent(v, self.total_size)]);
        }
        out.push_str(&t.finish());
        if self.unreachable > 0 {
            out.push_str(&format!(
                "{} objects are not reachable from the root over retaining references; DevTools counts them under the root, and so does this report.\n\n",
                count(self.unreachable)
            ));
        }
    }
}
