//! Three-snapshot leak detection, MemLab's method (`find-leaks --baseline --target --final`): the
//! objects allocated between the baseline and the target (target ids minus baseline ids) that are
//! still alive in the final snapshot, `(target \ baseline) ∩ final`.
//!
//! Filtered to what matters: numbers, strings, code, internal arrays, shapes and V8's own
//! `system / …` objects are not reported on their own (MemLab's trivial-node rule, extended to V8
//! internals); a survivor dominated by another reported survivor is counted in that one's retained
//! size, not reported again. The rest are grouped by their retainer trace (the path from the root,
//! element indices and object identities left out: two objects held the same way group together;
//! MemLab clusters traces by similarity, this groups equal normalized traces) and ranked by retained
//! size. Only odd (V8 heap object) ids are compared: Node's embedder nodes get new even ids in every
//! snapshot. The baseline and target are kept as id lists only ([`JsIds`]); only the final snapshot
//! is analysed.

use super::ids::JsIds;
use super::path::{entry_label, hops_to, Hop};
use crate::analysis::PathStep;
use crate::Analysis;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many member ids a group lists.
const SAMPLE_IDS: usize = 5;

/// A group of leaked objects held the same way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeakGroup {
    /// The leaked objects' class (DevTools' class name; closures by function and location).
    pub name: String,
    pub count: u64,
    /// Sum of the members' retained sizes in the final snapshot.
    pub retained_size: u64,
    pub self_size: u64,
    /// The path of the largest member, root side first.
    pub retainer_path: Vec<PathStep>,
    /// The normalized trace the members share, as text (`(GC roots) -[…]-> … -[]-> Widget`).
    pub trace: String,
    /// Ids of a few members, largest first.
    pub sample_ids: Vec<u64>,
}

/// What `heapscope leaks --json` prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeakReport {
    /// Odd ids in the baseline and the target; target ids the baseline lacks.
    pub baseline_objects: u64,
    pub target_objects: u64,
    pub allocated_in_target: u64,
    /// Objects of the final snapshot allocated between baseline and target.
    pub survivors: u64,
    /// Survivors left after the filter and the dominance rule, in all groups.
    pub reported: u64,
    /// The groups, largest retained size first.
    pub leaks: Vec<LeakGroup>,
}

/// Whether a survivor is reported on its own: objects, closures, regexps and native (DOM) objects,
/// but not V8's `system / …` objects (contexts, feedback, …).
fn reportable(final_: &Analysis, o: u32) -> bool {
    let s = final_.snapshot();
    let t = &s.types;
    let ty = s.node_type[o as usize];
    (ty == t.object || ty == t.closure || ty == t.regexp || ty == t.native)
        && !s.node_name_str(o).starts_with("system / ")
}

/// A path's trace with indices and identities left out: edge types, property names and classes.
fn normalized_trace(final_: &Analysis, hops: &[Hop]) -> String {
    let mut out = String::new();
    for (i, hop) in hops.iter().enumerate() {
        if i > 0 {
            let index = hop.edge.starts_with('[') || hop.edge.bytes().all(|b| b.is_ascii_digit());
            let edge = if index { "[]" } else { hop.edge.as_str() };
            out.push_str(&format!(" -{}:{edge}-> ", hop.edge_type));
        }
        out.push_str(&entry_label(final_, hop.ord));
    }
    out
}

/// Finds what was allocated between `baseline` and `target` and is still alive in `final_`.
pub fn detect(baseline: &JsIds, target: &JsIds, final_: &Analysis) -> LeakReport {
    let new_ids = target.minus(baseline);
    let snap = final_.snapshot();
    let n = snap.node_count();
    let mut survivors = 0u64;
    // Label 0 marks a reportable survivor; the dominator walk keeps the outermost ones.
    let mut labels = vec![u32::MAX; n];
    for (o, id) in snap.node_id.low32_iter().enumerate() {
        if id % 2 == 1 && new_ids.contains(id) {
            survivors += 1;
            if reportable(final_, o as u32) {
                labels[o] = 0;
            }
        }
    }
    let mut outermost: Vec<u32> = Vec::new();
    final_.for_each_outermost(&labels, 1, |o, _| outermost.push(o));
    drop(labels);
    // Largest first, so each group's representative is its largest member.
    outermost.sort_by(|&a, &b| {
        final_
            .retained_size(b)
            .cmp(&final_.retained_size(a))
            .then(a.cmp(&b))
    });

    let mut groups: Vec<LeakGroup> = Vec::new();
    let mut by_trace: HashMap<String, usize> = HashMap::new();
    for &o in &outermost {
        let hops = hops_to(final_, o);
        let trace = normalized_trace(final_, &hops);
        let (retained, self_size) = (final_.retained_size(o), final_.self_size(o));
        let id = snap.node_id.get(o as usize);
        match by_trace.get(&trace) {
            Some(&g) => {
                let group = &mut groups[g];
                group.count += 1;
                group.retained_size += retained;
                group.self_size += self_size;
                if group.sample_ids.len() < SAMPLE_IDS {
                    group.sample_ids.push(id);
                }
            }
            None => {
                by_trace.insert(trace.clone(), groups.len());
                groups.push(LeakGroup {
                    name: entry_label(final_, o),
                    count: 1,
                    retained_size: retained,
                    self_size,
                    retainer_path: final_.explain_path(o),
                    trace,
                    sample_ids: vec![id],
                });
            }
        }
    }
    groups.sort_by(|a, b| {
        b.retained_size
            .cmp(&a.retained_size)
            .then(b.count.cmp(&a.count))
            .then_with(|| a.name.cmp(&b.name))
    });
    LeakReport {
        baseline_objects: baseline.len() as u64,
        target_objects: target.len() as u64,
        allocated_in_target: new_ids.len() as u64,
        survivors,
        reported: outermost.len() as u64,
        leaks: groups,
    }
}
