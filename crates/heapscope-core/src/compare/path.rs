//! Retainer paths and names for the comparison reports. Paths are the core's explaining paths
//! ([`Analysis::explain_path`]: root side first, through the edges a person wrote where the
//! distances allow); [`hops_to`] is the same chain as bare ordinals, to group objects by the way
//! they are held without building names for every step.

use crate::analysis::{PathStep, NO_CLASS};
use crate::Analysis;

/// One object of a path as ordinals: the object and the edge its predecessor holds it by.
pub(crate) struct Hop {
    pub ord: u32,
    pub edge: String,
    pub edge_type: String,
}

/// The chain of [`Analysis::explain_path`] as ordinals, root side first, `ord` last (the
/// synthetic root left out).
pub(crate) fn hops_to(analysis: &Analysis, ord: u32) -> Vec<Hop> {
    let root = analysis.root_ordinal();
    let mut hops: Vec<Hop> = Vec::new();
    let mut below = ord;
    for link in analysis.retaining_path(ord) {
        hops.push(Hop {
            ord: below,
            edge: link.edge_name,
            edge_type: link.edge_type,
        });
        below = link.retainer.ordinal;
    }
    if below != root {
        hops.push(Hop {
            ord: below,
            edge: String::new(),
            edge_type: String::new(),
        });
    }
    hops.reverse();
    hops
}

/// A step of a path that [`Analysis::explain_path`] does not reach (below an object it explains).
pub(crate) fn step(analysis: &Analysis, ord: u32, edge: String, edge_type: String) -> PathStep {
    analysis.path_step(edge, edge_type, ord)
}

/// A short name for what holds the last object of `path`: its trailing property, element and
/// variable edges joined like code (`bus._events.tick`, `sessionCache`), at most three of them;
/// `fallback` when the last edge is none of those.
pub fn holder_label(path: &[PathStep], fallback: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for s in path.iter().rev() {
        let named = matches!(s.edge_type.as_str(), "property" | "element" | "context");
        if !named || parts.len() == 3 {
            break;
        }
        parts.push(&s.edge);
    }
    if parts.is_empty() {
        return fallback.to_owned();
    }
    let mut label = String::new();
    for p in parts.iter().rev() {
        if !label.is_empty() && !p.starts_with('[') {
            label.push('.');
        }
        label.push_str(p);
    }
    label
}

/// DevTools' class name of a node (`Function` for closures), `None` for nodes in no class.
pub(crate) fn class_name_of(analysis: &Analysis, o: u32) -> Option<&str> {
    let c = analysis.node_class(o);
    (c != NO_CLASS).then(|| analysis.class_name(c))
}

/// What to call an object that accumulates or leaks: a closure by its function and location
/// (`onSessionTick (leak.js:29)`), anything else by DevTools' class name (`(type)` without one).
pub(crate) fn entry_label(analysis: &Analysis, o: u32) -> String {
    if let Some(f) = analysis.function_info(o) {
        return f.label();
    }
    let s = analysis.snapshot();
    class_name_of(analysis, o)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("({})", s.types.node_type_name(s.node_type[o as usize])))
}
