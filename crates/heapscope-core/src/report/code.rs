//! Section 4, Code: V8's `code` nodes (DevTools' "Code" statistic) by kind (bytecode, compiled
//! code, shared function infos, scripts, feedback, ...) and by script.
//!
//! A code node belongs to the script of the nearest function above it in the dominator tree (a
//! shared function info, or a closure through its shared function info), so each byte is counted
//! once; code no function owns (builtins, shared caches) is "not attributed".

use super::markdown::{self, Table};
use super::units::{bytes, count, percent};
use super::Section;
use crate::analysis::fxhash::FxHashMap;
use crate::snapshot::HeapSnapshot;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeSection {
    pub count: u64,
    pub size: u64,
    pub by_kind: Vec<KindRow>,
    pub script_count: u64,
    pub by_script: Vec<ScriptRow>,
    /// Code that no function with a script owns (builtins, shared caches).
    pub unattributed_size: u64,
    /// Source text of all scripts (string nodes, so counted under Strings, not Code).
    pub source_size: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KindRow {
    pub kind: String,
    pub count: u64,
    pub size: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScriptRow {
    pub script: String,
    /// Shared function infos (functions V8 knows of) of the script.
    pub functions: u64,
    /// Code nodes owned by the script's functions, and the Script itself.
    pub code_size: u64,
    /// The script's source text.
    pub source_size: u64,
}

/// The kinds, in the order the report lists them.
const KINDS: [&str; 8] = [
    "Bytecode",
    "Compiled code",
    "Shared function infos",
    "Scripts",
    "Feedback",
    "Scope infos",
    "Lazy function data",
    "Other code",
];

fn has_internal_edge(snap: &HeapSnapshot, ord: u32, names: &[&str]) -> bool {
    let t = &snap.types;
    snap.edges_of(ord).any(|e| {
        snap.edge_type[e] == t.edge_internal && names.contains(&snap.strings.get(snap.edge_name[e]))
    })
}

pub(crate) fn is_script(snap: &HeapSnapshot, ord: u32) -> bool {
    snap.node_type[ord as usize] == snap.types.code && has_internal_edge(snap, ord, &["source"])
}

pub(crate) fn is_shared_function_info(snap: &HeapSnapshot, ord: u32) -> bool {
    snap.node_type[ord as usize] == snap.types.code
        && (snap.node_name_str(ord) == "(shared function info)"
            || has_internal_edge(
                snap,
                ord,
                &[
                    "name_or_scope_info",
                    "function_data",
                    "script_or_debug_info",
                ],
            ))
        && !has_internal_edge(snap, ord, &["source"])
}

/// The index into [`KINDS`] of a code node.
/// `is_sfi`: [`is_shared_function_info`] of the node, which the caller needs too.
fn kind(snap: &HeapSnapshot, ord: u32, is_sfi: bool) -> usize {
    let name = snap.node_name_str(ord);
    match name {
        "system / BytecodeArray"
        | "(source position table)"
        | "(bytecode offset table)"
        | "(constant pool)"
        | "(handler table)" => return 0,
        "system / FeedbackCell"
        | "system / FeedbackVector"
        | "system / FeedbackMetadata"
        | "system / ClosureFeedbackCellArray"
        | "system / LoadHandler"
        | "system / StoreHandler" => return 4,
        "system / ScopeInfo" | "(context local names)" => return 5,
        "system / PreparseData" => return 6,
        _ => {}
    }
    if name.starts_with("system / UncompiledData") {
        return 6;
    }
    if name.starts_with("(code for ")
        || name.ends_with(" code)")
        || name.contains("builtin")
        || name.starts_with("(code ")
        || name == "system / Code"
        || name == "system / InstructionStream"
        || has_internal_edge(
            snap,
            ord,
            &[
                "relocation_info",
                "instruction_stream",
                "deoptimization_data",
            ],
        )
    {
        return 1;
    }
    if is_script(snap, ord) {
        return 3;
    }
    if is_sfi {
        return 2;
    }
    7
}

/// The Script node a shared function info belongs to.
fn script_of_sfi(snap: &HeapSnapshot, sfi: u32) -> Option<u32> {
    let t = &snap.types;
    snap.edges_of(sfi).find_map(|e| {
        let n = snap.strings.get(snap.edge_name[e]);
        (snap.edge_type[e] == t.edge_internal && (n == "script_or_debug_info" || n == "script"))
            .then_some(snap.edge_to[e])
            .filter(|&s| is_script(snap, s))
    })
}

fn sfi_of_closure(snap: &HeapSnapshot, closure: u32) -> Option<u32> {
    let t = &snap.types;
    snap.edges_of(closure).find_map(|e| {
        (snap.edge_type[e] == t.edge_internal && snap.strings.get(snap.edge_name[e]) == "shared")
            .then_some(snap.edge_to[e])
    })
}

pub(crate) fn compute(ctx: &super::Ctx, top: usize) -> CodeSection {
    let a = ctx.a;
    let snap = a.snapshot();
    let t = &snap.types;
    let mut by_kind: Vec<KindRow> = KINDS
        .iter()
        .map(|k| KindRow {
            kind: (*k).to_owned(),
            count: 0,
            size: 0,
        })
        .collect();
    let (mut total_count, mut total_size) = (0u64, 0u64);
    // Per Script node: (functions, code size).
    let mut scripts: FxHashMap<u32, (u64, u64)> = FxHashMap::default();
    // Per shared function info: its script, found here in node order rather than in the
    // dominator tree's order below.
    let mut sfi_script: FxHashMap<u32, Option<u32>> = FxHashMap::default();
    for o in 0..snap.node_count() as u32 {
        if snap.node_type[o as usize] != t.code {
            continue;
        }
        let size = a.self_size(o);
        let is_sfi = is_shared_function_info(snap, o);
        if is_sfi {
            sfi_script.insert(o, script_of_sfi(snap, o));
        }
        let k = kind(snap, o, is_sfi);
        by_kind[k].count += 1;
        by_kind[k].size += size;
        total_count += 1;
        total_size += size;
        if k == 3 {
            scripts.entry(o).or_default();
        } else if k == 2 {
            if let Some(&Some(s)) = sfi_script.get(&o) {
                scripts.entry(s).or_default().0 += 1;
            }
        }
    }
    // Attribute every code node to the script of the nearest function above it: a scan of the
    // dominator tree in depth-first order, with the scripts of the enclosing functions on a stack
    // (each until the end of its function's subtree).
    let mut unattributed = 0u64;
    let order = ctx.order();
    let mut enclosing: Vec<(u32, u32)> = Vec::new();
    for (p, &node) in order.order.iter().enumerate() {
        while enclosing.last().is_some_and(|&(end, _)| p as u32 >= end) {
            enclosing.pop();
        }
        let ty = snap.node_type[node as usize];
        let own = if ty == t.code && scripts.contains_key(&node) {
            Some(node)
        } else if let Some(&script) = sfi_script.get(&node) {
            // Only code nodes are keys.
            script
        } else if ty == t.closure {
            sfi_of_closure(snap, node).and_then(|sfi| match sfi_script.get(&sfi) {
                Some(&script) => script,
                None => script_of_sfi(snap, sfi),
            })
        } else {
            None
        };
        let script = own.or(enclosing.last().map(|&(_, s)| s));
        if ty == t.code {
            let size = a.self_size(node);
            match script.and_then(|s| scripts.get_mut(&s)) {
                Some(entry) => entry.1 += size,
                None => unattributed += size,
            }
        }
        if let Some(s) = own {
            enclosing.push((order.end[p], s));
        }
    }
    let mut source_size = 0u64;
    let mut by_script: Vec<ScriptRow> = scripts
        .iter()
        .map(|(&s, &(functions, code_size))| {
            let source = snap
                .edges_of(s)
                .find(|&e| snap.strings.get(snap.edge_name[e]) == "source")
                .map_or(0, |e| a.self_size(snap.edge_to[e]));
            source_size += source;
            let name = snap.node_name_str(s);
            ScriptRow {
                script: if name.is_empty() {
                    format!("(anonymous script @{})", snap.node_id.get(s as usize))
                } else {
                    name.to_owned()
                },
                functions,
                code_size,
                source_size: source,
            }
        })
        .collect();
    by_script.sort_by(|x, y| {
        y.code_size
            .cmp(&x.code_size)
            .then_with(|| x.script.cmp(&y.script))
    });
    let script_count = by_script.len() as u64;
    by_script.truncate(top);
    CodeSection {
        count: total_count,
        size: total_size,
        by_kind,
        script_count,
        by_script,
        unattributed_size: unattributed,
        source_size,
    }
}

impl Section for CodeSection {
    fn title(&self) -> &'static str {
        "Code"
    }

    fn markdown(&self, _report: &super::Report, out: &mut String) {
        out.push_str(&format!(
            "{} code objects hold {}, from {} scripts (whose source text, {}, counts under Strings).\n\n",
            count(self.count),
            bytes(self.size),
            count(self.script_count),
            bytes(self.source_size)
        ));
        let mut t = Table::new(&[
            ("Kind", false),
            ("Count", true),
            ("Size", true),
            ("% of code", true),
        ]);
        for k in self.by_kind.iter().filter(|k| k.count > 0) {
            t.row(&[
                k.kind.clone(),
                count(k.count),
                bytes(k.size),
                percent(k.size, self.size),
            ]);
        }
        out.push_str(&t.finish());
        out.push_str("Scripts by code size (code of their functions; builtins and shared caches are not attributed):\n\n");
        let mut t = Table::new(&[
            ("Script", false),
            ("Functions", true),
            ("Code", true),
            ("Source", true),
        ]);
        for s in &self.by_script {
            t.row(&[
                markdown::text(&s.script, 120),
                count(s.functions),
                bytes(s.code_size),
                bytes(s.source_size),
            ]);
        }
        t.row(&[
            "(not attributed)".into(),
            String::new(),
            bytes(self.unattributed_size),
            String::new(),
        ]);
        out.push_str(&t.finish());
    }
}
