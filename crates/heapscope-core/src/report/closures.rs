//! Section 6, Closures: how many closures hold how much, and the functions whose closures retain
//! most (a function's closures share one shared function info), each with its script location and
//! the variables of its context that its largest closure keeps alive, with what each retains.

use super::grouped::Grouped;
use super::markdown::{self, Table};
use super::objects::{NodeRef, ObjectEntry};
use super::units::{bytes, count};
use super::Section;
use crate::analysis::{Analysis, FunctionInfo};
use serde::{Deserialize, Serialize};

/// Context variables listed per function.
const VARIABLES_SHOWN: usize = 5;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClosuresSection {
    pub count: u64,
    pub self_size: u64,
    /// Distinct functions with at least one closure.
    pub function_count: u64,
    pub functions: Vec<FunctionRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionRow {
    pub function: FunctionInfo,
    /// Closures of this function.
    pub count: u64,
    pub self_size: u64,
    /// Retained by the closures, a closure inside another closure of the same function counted once.
    pub retained_size: u64,
    /// The closure that retains most, with its path.
    pub largest: ObjectEntry,
    /// Variables of the largest closure's context, largest retained first.
    pub variables: Vec<Variable>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Variable {
    pub name: String,
    pub value: NodeRef,
}

pub(crate) fn compute(ctx: &super::Ctx, top: usize) -> ClosuresSection {
    let a = ctx.a;
    let snap = a.snapshot();
    let t = &snap.types;
    let shared = snap.strings.indices_of("shared");
    // Closures of one function share its shared function info; without one, the closure is its
    // own function.
    let mut functions = Grouped::new(snap.node_count());
    let (mut total, mut total_size) = (0u64, 0u64);
    for o in 0..snap.node_count() as u32 {
        if snap.node_type[o as usize] != t.closure {
            continue;
        }
        total += 1;
        total_size += a.self_size(o);
        let sfi = snap
            .edges_of(o)
            .find(|&e| snap.edge_type[e] == t.edge_internal && shared.contains(&snap.edge_name[e]))
            .map_or(o, |e| snap.edge_to[e]);
        functions.add(a, o, sfi);
    }
    let function_count = functions.groups.len() as u64;
    let functions = functions
        .ranked(ctx, top)
        .into_iter()
        .map(|(g, retained)| FunctionRow {
            function: a.function_info(g.largest).expect("a closure"),
            count: g.count,
            self_size: g.self_size,
            retained_size: retained,
            largest: ObjectEntry::new(a, g.largest),
            variables: variables(a, g.largest),
        })
        .collect();
    ClosuresSection {
        count: total,
        self_size: total_size,
        function_count,
        functions,
    }
}

/// The variables of a closure's context, largest retained first.
fn variables(a: &Analysis, closure: u32) -> Vec<Variable> {
    let snap = a.snapshot();
    let t = &snap.types;
    let Some(ctx) = snap.edges_of(closure).find_map(|e| {
        (snap.edge_type[e] == t.edge_internal && snap.strings.get(snap.edge_name[e]) == "context")
            .then_some(snap.edge_to[e])
    }) else {
        return Vec::new();
    };
    let mut vars: Vec<(u64, String, u32)> = snap
        .edges_of(ctx)
        .filter(|&e| snap.edge_type[e] == t.edge_context)
        .map(|e| {
            let v = snap.edge_to[e];
            (
                a.retained_size(v),
                snap.strings.get(snap.edge_name[e]).to_owned(),
                v,
            )
        })
        .collect();
    vars.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
    vars.into_iter()
        .take(VARIABLES_SHOWN)
        .map(|(_, name, v)| Variable {
            name,
            value: NodeRef::new(a, v),
        })
        .collect()
}

impl Section for ClosuresSection {
    fn title(&self) -> &'static str {
        "Closures"
    }

    fn markdown(&self, _report: &super::Report, out: &mut String) {
        out.push_str(&format!(
            "{} closures of {} functions; their own size is {}. The functions whose closures retain most:\n\n",
            count(self.count),
            count(self.function_count),
            bytes(self.self_size)
        ));
        let mut t = Table::new(&[
            ("Function", false),
            ("Closures", true),
            ("Retained", true),
            ("Variables it keeps alive (retained)", false),
        ]);
        for f in &self.functions {
            let vars = f
                .variables
                .iter()
                .map(|v| {
                    format!(
                        "{} → {} ({})",
                        markdown::text(&v.name, 40),
                        v.value.link(),
                        bytes(v.value.retained_size)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            t.row(&[
                f.largest.link(),
                count(f.count),
                bytes(f.retained_size),
                vars,
            ]);
        }
        out.push_str(&t.finish());
    }
}
