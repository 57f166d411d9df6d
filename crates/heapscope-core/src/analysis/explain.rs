//! The path that explains why an object is alive, as a person reads it: from a root to the object,
//! each step the edge name that holds the next object (`global → sessionCache → table → [7]`).
//!
//! The path is the one DevTools' Retainers view opens first (at each step the retainer closest to the
//! user roots, see [`Analysis::retaining_path`]), so it never runs through `(Stack roots)` or
//! `(Handle scope)` when a user root reaches the object; among equally close retainers it prefers
//! the edges a person wrote (properties, context variables, elements) over V8's internal ones.
//! Each step carries a label naming the code it belongs to (closures by function and line,
//! Contexts by their scope), so a path through a module's scope names that module.

use super::Analysis;
use serde::{Deserialize, Serialize};

/// One step of an explaining path: the edge by which the previous step holds this node, and the
/// node. Keys (`edge`, `name`, `id`) are a stable JSON interface.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathStep {
    /// Property name, `[index]` for elements, or V8's internal edge name.
    pub edge: String,
    /// The edge type as the file names it (`property`, `element`, `context`, `internal`, ...).
    pub edge_type: String,
    /// DevTools' display name of the node.
    pub name: String,
    /// The node type as the file names it (`object`, `closure`, `synthetic`, ...).
    pub node_type: String,
    pub id: u64,
    /// The node's ordinal in this snapshot (the handle for other queries; not stable across files).
    pub ordinal: u32,
    /// A label naming the code a closure or Context belongs to; absent for other nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// How readable an edge is in an explanation: lower is better. Properties, context variables and
/// elements are what people wrote; internal and hidden edges are V8's.
pub(crate) fn edge_readability(analysis: &Analysis, edge_type: u8) -> u8 {
    let t = &analysis.snap.types;
    if edge_type == t.edge_property || edge_type == t.edge_context {
        0
    } else if edge_type == t.edge_element || edge_type == t.edge_shortcut {
        1
    } else if edge_type == t.edge_internal {
        2
    } else {
        3
    }
}

impl Analysis {
    /// The explaining path of `ord`, root side first and `ord` last; the synthetic root itself is
    /// left out. Empty for the root and for an ordinal past the last node.
    pub fn explain_path(&self, ord: u32) -> Vec<PathStep> {
        if ord as usize >= self.snap.node_count() || ord == self.snap.root {
            return Vec::new();
        }
        let links = self.retaining_edges(ord);
        // links[i] holds the node before it (links[0] holds `ord`); build root-first steps.
        let mut steps = Vec::with_capacity(links.len() + 1);
        let mut held = ord;
        let mut edges: Vec<(u32, u32)> = Vec::with_capacity(links.len());
        for &(e, owner) in &links {
            edges.push((e, held));
            held = owner;
        }
        for (e, node) in edges.into_iter().rev() {
            if node == self.snap.root {
                continue;
            }
            let (edge_type, edge) = self.edge_label(e);
            steps.push(self.path_step(edge, edge_type, node));
        }
        steps
    }

    pub(crate) fn path_step(&self, edge: String, edge_type: String, node: u32) -> PathStep {
        let label = if self.is_context(node)
            || self.snap.node_type[node as usize] == self.snap.types.closure
        {
            Some(self.object_label(node))
        } else {
            None
        };
        let t = self.snap.node_type[node as usize];
        PathStep {
            edge,
            edge_type,
            name: self.display_name(node),
            node_type: self.snap.types.node_type_name(t).to_owned(),
            id: self.snap.node_id.get(node as usize),
            ordinal: node,
            label,
        }
    }
}

/// The path as one line: the first node's name, then each edge (`global → sessionCache → table`),
/// with the scope of a Context or the function of a closure in brackets where the path passes one.
pub fn path_text(steps: &[PathStep]) -> String {
    path_text_tail(steps, usize::MAX)
}

/// Like [`path_text`], keeping the first step and the last `tail` steps (`global → … → a → b`),
/// where the explanation is.
pub fn path_text_tail(steps: &[PathStep], tail: usize) -> String {
    let mut out = String::new();
    let skip_to = steps.len().saturating_sub(tail).max(1);
    for (i, s) in steps.iter().enumerate() {
        if i > 0 && i < skip_to {
            if i == 1 {
                out.push_str(" → …");
            }
            continue;
        }
        if i == 0 || s.node_type == "synthetic" {
            // Roots and synthetic groups of roots read best by their names.
            if i > 0 {
                out.push_str(" → ");
            }
            out.push_str(if s.name.is_empty() { &s.edge } else { &s.name });
        } else {
            out.push_str(" → ");
            out.push_str(&s.edge);
        }
        if let Some(label) = &s.label {
            out.push_str(" [");
            out.push_str(label);
            out.push(']');
        }
    }
    out
}
