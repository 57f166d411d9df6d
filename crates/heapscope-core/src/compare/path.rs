//! Retainer paths as the comparison reports print them: steps from the root side down to an object,
//! each naming the edge it is reached by, the object's display name and its id.

use crate::Analysis;
use serde::{Deserialize, Serialize};

/// Display names in paths are cut to this many characters.
const MAX_STEP_NAME_CHARS: usize = 120;

/// One object on a retainer path, and the edge its predecessor holds it by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathStep {
    /// The edge from the previous step to this object (a property name, `[3]` for an element, a
    /// variable name for a context edge); for the first step, the synthetic root's edge to it
    /// (empty when the path stopped short of the root).
    pub edge: String,
    /// The edge's type (`property`, `element`, `context`, `internal`, `shortcut`, ...).
    pub edge_type: String,
    /// DevTools' display name of the object (at most 120 characters; `(array)` and the like for
    /// an object without a name).
    pub name: String,
    pub id: u64,
}

pub(crate) fn step(analysis: &Analysis, ord: u32, edge: String, edge_type: String) -> PathStep {
    let mut name = analysis.display_name(ord);
    if name.is_empty() {
        let snap = analysis.snapshot();
        name = format!(
            "({})",
            snap.types.node_type_name(snap.node_type[ord as usize])
        );
    }
    if let Some((i, _)) = name.char_indices().nth(MAX_STEP_NAME_CHARS) {
        name.truncate(i);
        name.push('…');
    }
    PathStep {
        edge,
        edge_type,
        name,
        id: analysis.snapshot().node_id[ord as usize] as u64,
    }
}

/// One object of a path as ordinals: the object and the edge its predecessor holds it by.
pub(crate) struct Hop {
    pub ord: u32,
    pub edge: String,
    pub edge_type: String,
}

/// Why `ord` is alive, root side first: the first hop is the object just below the synthetic root
/// (or the farthest retainer found), the last one `ord` itself. Each retainer is the one
/// [`Analysis::retaining_path`] chooses.
pub(crate) fn hops_to(analysis: &Analysis, ord: u32) -> Vec<Hop> {
    let links = analysis.retaining_path(ord);
    let root = analysis.root_ordinal();
    let mut hops: Vec<Hop> = Vec::with_capacity(links.len() + 1);
    let mut below = ord;
    for link in links {
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

/// [`hops_to`] with names and ids, as reports print it.
pub fn path_to(analysis: &Analysis, ord: u32) -> Vec<PathStep> {
    hops_to(analysis, ord)
        .into_iter()
        .map(|h| step(analysis, h.ord, h.edge, h.edge_type))
        .collect()
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

/// Closures by function name, other objects by DevTools' class name.
pub(crate) fn object_label(analysis: &Analysis, o: u32) -> String {
    let s = analysis.snapshot();
    if s.node_type[o as usize] == s.types.closure {
        let name = s.node_name_str(o);
        return if name.is_empty() {
            "(anonymous function)".to_owned()
        } else {
            format!("{name}()")
        };
    }
    analysis
        .class_name_of(o)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("({})", s.types.node_type_name(s.node_type[o as usize])))
}
