//! How the report names one object: its figures, a label a person recognises (the function of a
//! closure, the scope of a Context), the path that explains why it is alive and its immediate
//! dominator. Every object entry of every section is one of these, so the JSON keys (`id`, `name`,
//! `self_size`, `retained_size`, `retainer_path`) are the same everywhere.

use super::markdown;
use super::units::bytes;
use crate::analysis::{path_text_tail, Analysis, PathStep};
use serde::{Deserialize, Serialize};

/// Steps of a path shown in tables (the full path is in the JSON).
const PATH_TAIL: usize = 6;
/// Functions named when saying which code uses a scope.
const FUNCTIONS_NAMED: usize = 3;

/// The last named reference on a path (a property or a scope's variable) and the code it belongs
/// to: `` `packumentCache`: a variable of the top-level scope of app-server.js, used by … ``;
/// `None` when the path has no named reference. The part after the colon is [`held_phrase`].
fn held_as(a: &Analysis, path: &[PathStep]) -> Option<String> {
    let i = path
        .iter()
        .rposition(|s| matches!(s.edge_type.as_str(), "property" | "context"))
        .filter(|&i| i > 0)?;
    let step = &path[i];
    let holder = &path[i - 1];
    let inside = if i + 1 < path.len() { "inside " } else { "" };
    let phrase = if step.edge_type == "context" {
        let scope = a.context_info(holder.ordinal)?;
        let mut functions: Vec<crate::analysis::FunctionInfo> = scope
            .captured_by
            .iter()
            .filter_map(|&c| a.function_info(c))
            .collect();
        // Named functions first, in source order.
        functions.sort_by_key(|f| (f.name.is_empty(), f.line.unwrap_or(u32::MAX), f.column));
        let named: Vec<String> = functions
            .iter()
            .take(FUNCTIONS_NAMED)
            .map(|f| f.label())
            .collect();
        let used = match functions.len() {
            0 => String::new(),
            n if n <= FUNCTIONS_NAMED => format!(", used by {}", named.join(", ")),
            n => format!(
                ", used by {} and {} more",
                named.join(", "),
                n - FUNCTIONS_NAMED
            ),
        };
        format!("a variable of the {}{used}", scope.label())
    } else if holder.name == "global" || holder.name.starts_with("global / ") {
        "a global variable".to_owned()
    } else if holder.name.starts_with("Window") {
        "a property of the window".to_owned()
    } else {
        let owner = holder
            .label
            .clone()
            .unwrap_or_else(|| a.object_label(holder.ordinal));
        format!("a property of {owner}")
    };
    Some(format!("{inside}`{}`: {phrase}", step.edge))
}

/// The description part of a `held_as` text (after `` `name`: ``), for sentences that already
/// name the reference.
pub fn held_phrase(held_as: &str) -> &str {
    held_as.split_once("`: ").map_or(held_as, |(_, p)| p)
}

/// Another object, referred to by name only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeRef {
    pub id: u64,
    pub name: String,
    pub label: String,
    pub retained_size: u64,
    pub ordinal: u32,
}

impl NodeRef {
    pub fn new(a: &Analysis, ord: u32) -> NodeRef {
        NodeRef {
            id: a.snapshot().node_id.get(ord as usize),
            name: a.display_name(ord),
            label: a.object_label(ord),
            retained_size: a.retained_size(ord),
            ordinal: ord,
        }
    }

    /// `[label](#object/@id)` in Markdown.
    pub fn link(&self) -> String {
        markdown::object_link(&self.label, self.id)
    }
}

/// One object with everything that explains it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectEntry {
    pub id: u64,
    /// DevTools' display name.
    pub name: String,
    #[serde(rename = "type")]
    pub node_type: String,
    pub self_size: u64,
    pub retained_size: u64,
    /// DevTools' distance from the user roots (`-5` unreachable, `>= 100000000` system only).
    pub distance: i32,
    /// What it is, in words: `function getPackument (app-server.js:58)`, `top-level scope of
    /// app.js`, or the DevTools name.
    pub label: String,
    /// Root side first, the object last.
    pub retainer_path: Vec<PathStep>,
    /// How the code holds it, in words: the last named reference on its path and the code that
    /// reference belongs to (`variable packumentCache of the top-level scope of app-server.js,
    /// used by getPackument (app-server.js:58), ...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_as: Option<String>,
    /// The immediate dominator: the one object whose release would free this one.
    pub dominator: Option<NodeRef>,
    pub ordinal: u32,
}

impl ObjectEntry {
    pub fn new(a: &Analysis, ord: u32) -> ObjectEntry {
        let snap = a.snapshot();
        let o = ord as usize;
        let dom = a.dominator(ord);
        let retainer_path = a.explain_path(ord);
        ObjectEntry {
            held_as: held_as(a, &retainer_path),
            id: snap.node_id.get(o),
            name: a.display_name(ord),
            node_type: snap.types.node_type_name(snap.node_type[o]).to_owned(),
            self_size: a.self_size(ord),
            retained_size: a.retained_size(ord),
            distance: a.distance(ord),
            label: a.object_label(ord),
            retainer_path,
            dominator: (dom != ord && dom != a.root_ordinal()).then(|| NodeRef::new(a, dom)),
            ordinal: ord,
        }
    }

    /// `[label](#object/@id)` in Markdown.
    pub fn link(&self) -> String {
        markdown::object_link(&self.label, self.id)
    }

    /// The explaining path as escaped Markdown text: the root and the last steps, where the
    /// explanation is, at most `max_chars` characters.
    pub fn path_markdown(&self, max_chars: usize) -> String {
        markdown::text(&path_text_tail(&self.retainer_path, PATH_TAIL), max_chars)
    }

    /// `held by [dominator](#object/@id) (1.2 MB)`, or empty when the root dominates it.
    pub fn dominator_markdown(&self) -> String {
        match &self.dominator {
            Some(d) => format!("{} ({})", d.link(), bytes(d.retained_size)),
            None => "(GC root)".to_owned(),
        }
    }
}
