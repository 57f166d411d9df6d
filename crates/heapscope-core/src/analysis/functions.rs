//! Which code an object belongs to. A closure is named by its function, script and line (the
//! `locations` section gives the line and column of a closure, the closure's shared function info
//! its script); a Context by the scope it is (a script's top-level code, or a function found through
//! its scope info) and by the closures that capture it. These names turn a retainer path into an
//! explanation: "the top-level scope of app-server.js, used by getPackument (app-server.js:58)".

use super::Analysis;
use crate::snapshot::HeapSnapshot;
use serde::{Deserialize, Serialize};

/// A function as a person finds it in their code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionInfo {
    /// The function's name; empty for an anonymous function.
    pub name: String,
    /// The script's name or URL, when the snapshot links the function to one.
    pub script: Option<String>,
    /// 1-based line and column of the function, when the snapshot records its location.
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl FunctionInfo {
    /// `app-server.js:58` (the script's last path segment), or `app-server.js`, or "".
    pub fn short_location(&self) -> String {
        let Some(script) = &self.script else {
            return String::new();
        };
        let short = short_script_name(script);
        match self.line {
            Some(l) => format!("{short}:{l}"),
            None => short.to_owned(),
        }
    }

    /// `getPackument (app-server.js:58)`, `anonymous function (app-server.js:147)`.
    pub fn label(&self) -> String {
        let name = if self.name.is_empty() {
            "anonymous function"
        } else {
            &self.name
        };
        let at = self.short_location();
        if at.is_empty() {
            name.to_owned()
        } else {
            format!("{name} ({at})")
        }
    }
}

/// The last segment of a script path or URL (`/srv/app/server.js` → `server.js`); Node's own
/// modules keep their whole name (`node:internal/timers`), which says they are Node's.
pub fn short_script_name(script: &str) -> &str {
    if script.starts_with("node:") {
        return script;
    }
    let trimmed = script.trim_end_matches('/');
    trimmed.rsplit(['/', '\\']).next().unwrap_or(trimmed)
}

/// What a V8 Context (a scope's variables kept for closures) belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextInfo {
    /// The scope is a script's (or CommonJS module's) top-level code: its outer context is the
    /// native context.
    pub top_level: bool,
    /// The function whose scope this is, when the snapshot still links its scope info to it.
    pub function: Option<FunctionInfo>,
    /// The script of the scope (of its function, else of the closures that capture it).
    pub script: Option<String>,
    /// Closures whose context this is, as node ordinals, in edge order.
    pub captured_by: Vec<u32>,
    /// The scope's variables: name and the ordinal of the value.
    pub variables: Vec<(String, u32)>,
}

impl ContextInfo {
    /// `top-level scope of app-server.js`, `scope of makeClosure (tiny.js:27)`.
    pub fn label(&self) -> String {
        if self.top_level {
            if let Some(script) = &self.script {
                return format!("top-level scope of {}", short_script_name(script));
            }
        }
        if let Some(f) = &self.function {
            return format!("scope of {}", f.label());
        }
        match &self.script {
            Some(script) => format!("a function scope in {}", short_script_name(script)),
            None => "a function scope".to_owned(),
        }
    }
}

/// The first edge of `ord` named `name` (any edge type with a string name).
fn edge_named(snap: &HeapSnapshot, ord: u32, name: &str) -> Option<u32> {
    let t = &snap.types;
    snap.edges_of(ord)
        .find(|&e| {
            t.edge_has_string_name(snap.edge_type[e]) && snap.strings.get(snap.edge_name[e]) == name
        })
        .map(|e| snap.edge_to[e])
}

impl Analysis {
    /// Whether a node is a V8 Context (`system / Context`, or `system / Context / …`).
    pub fn is_context(&self, ord: u32) -> bool {
        let names = self.context_names.get_or_init(|| {
            let strings = &self.snap.strings;
            (0..strings.len() as u32)
                .filter(|&i| {
                    let s = strings.get(i);
                    s == "system / Context" || s.starts_with("system / Context / ")
                })
                .collect()
        });
        self.snap
            .node_name
            .get(ord as usize)
            .is_some_and(|n| names.binary_search(n).is_ok())
    }

    /// Whether a Context is a script's top-level scope: its outer context is the native context.
    pub fn is_top_level_context(&self, ord: u32) -> bool {
        let snap = &self.snap;
        self.is_context(ord)
            && edge_named(snap, ord, "previous")
                .is_some_and(|p| snap.node_name_str(p).starts_with("system / NativeContext"))
    }

    /// The constructor or function location of a node from the `locations` section, 0-based as in
    /// the file: `(script_id, line, column)`.
    pub(crate) fn location(&self, ord: u32) -> Option<(u32, u32, u32)> {
        let locs = self.snap.locations.by_node();
        let i = locs.partition_point(|l| l.ordinal < ord);
        locs.get(i)
            .filter(|l| l.ordinal == ord)
            .map(|l| (l.script_id, l.line, l.column))
    }

    /// The script a shared function info belongs to.
    fn sfi_script(&self, sfi: u32) -> Option<String> {
        let snap = &self.snap;
        ["script_or_debug_info", "script"]
            .iter()
            .find_map(|n| edge_named(snap, sfi, n))
            .filter(|&s| snap.node_type[s as usize] == snap.types.code)
            .map(|s| snap.node_name_str(s).to_owned())
            .filter(|s| !s.is_empty() && !s.starts_with("system / "))
    }

    /// The function of a closure: its name, script and 1-based line and column. `None` for other
    /// nodes.
    pub fn function_info(&self, ord: u32) -> Option<FunctionInfo> {
        let snap = &self.snap;
        if ord as usize >= snap.node_count() || snap.node_type[ord as usize] != snap.types.closure {
            return None;
        }
        let script = edge_named(snap, ord, "shared").and_then(|sfi| self.sfi_script(sfi));
        let location = self.location(ord);
        Some(FunctionInfo {
            name: snap.node_name_str(ord).to_owned(),
            script,
            line: location.map(|(_, l, _)| l + 1),
            column: location.map(|(_, _, c)| c + 1),
        })
    }

    /// What a Context belongs to; `None` for nodes that are not Contexts.
    pub fn context_info(&self, ord: u32) -> Option<ContextInfo> {
        let snap = &self.snap;
        if ord as usize >= snap.node_count() || !self.is_context(ord) {
            return None;
        }
        let t = &snap.types;
        let top_level = self.is_top_level_context(ord);
        let mut captured_by = Vec::new();
        for &e in self.retainers().of(ord) {
            let owner = self.owner_of_edge(e);
            let e = e as usize;
            if snap.node_type[owner as usize] == t.closure
                && snap.edge_type[e] == t.edge_internal
                && snap.strings.get(snap.edge_name[e]) == "context"
            {
                captured_by.push(owner);
            }
        }
        let variables = snap
            .edges_of(ord)
            .filter(|&e| snap.edge_type[e] == t.edge_context)
            .map(|e| {
                (
                    snap.strings.get(snap.edge_name[e]).to_owned(),
                    snap.edge_to[e],
                )
            })
            .collect();
        let function = edge_named(snap, ord, "scope_info").and_then(|si| self.scope_owner(si));
        let script = function
            .as_ref()
            .and_then(|f| f.script.clone())
            .or_else(|| {
                captured_by
                    .iter()
                    .find_map(|&c| self.function_info(c).and_then(|f| f.script))
            });
        Some(ContextInfo {
            top_level,
            function,
            script,
            captured_by,
            variables,
        })
    }

    /// The function whose own scope info is `scope_info`: a shared function info pointing at it,
    /// with the location of one of its closures when there is one.
    fn scope_owner(&self, scope_info: u32) -> Option<FunctionInfo> {
        let snap = &self.snap;
        let t = &snap.types;
        let sfi = self.retainers().of(scope_info).iter().find_map(|&e| {
            let owner = self.owner_of_edge(e);
            let e = e as usize;
            let via = t.edge_has_string_name(snap.edge_type[e])
                && matches!(
                    snap.strings.get(snap.edge_name[e]),
                    "name_or_scope_info" | "scope_info"
                );
            (via && snap.node_type[owner as usize] == t.code && !self.is_context(owner))
                .then_some(owner)
        })?;
        let closure = self.retainers().of(sfi).iter().find_map(|&e| {
            let owner = self.owner_of_edge(e);
            (snap.node_type[owner as usize] == t.closure
                && snap.strings.get(snap.edge_name[e as usize]) == "shared")
                .then_some(owner)
        });
        match closure.and_then(|c| self.function_info(c)) {
            Some(f) => Some(f),
            None => Some(FunctionInfo {
                name: snap.node_name_str(sfi).to_owned(),
                script: self.sfi_script(sfi),
                line: None,
                column: None,
            }),
        }
    }

    /// A short label a person recognises: a closure by its function and location, a Context by its
    /// scope, anything else by its DevTools name (`(type)` when nameless).
    pub fn object_label(&self, ord: u32) -> String {
        if let Some(l) = self.labels.lock().expect("not poisoned").get(&ord) {
            return l.clone();
        }
        let code_label = if let Some(f) = self.function_info(ord) {
            Some(format!("function {}", f.label()))
        } else {
            self.context_info(ord).map(|c| c.label())
        };
        if let Some(l) = code_label {
            self.labels
                .lock()
                .expect("not poisoned")
                .insert(ord, l.clone());
            return l;
        }
        let name = self.display_name(ord);
        let ty = self.snap.node_type.get(ord as usize).copied().unwrap_or(0);
        if self.snap.types.is_string_type(ty) {
            let mut preview: String = name.chars().take(40).collect();
            if preview.len() < name.len() {
                preview.push('…');
            }
            return format!("\"{preview}\"");
        }
        if name.is_empty() {
            let t = self.snap.node_type.get(ord as usize).copied().unwrap_or(0);
            format!("({})", self.snap.types.node_type_name(t))
        } else {
            name
        }
    }
}
