//! A retainer path as links: the core's explaining path (root side first) written as
//! `global → sessionCache → table → 19388 (Session @131541)`, the way the CLI prints it, where every
//! step is a link to `#object/@ID` (the object on its own with its Retainers and Containment). Names
//! and edges from the dump are text nodes.

use heapscope_core::analysis::PathStep;
use yew::prelude::*;

/// How a step reads in a path: roots and synthetic nodes by their names, the rest by the edge that
/// reaches them (the core's `path_text` rule), with the code a closure or Context belongs to.
fn step_text(i: usize, s: &PathStep) -> String {
    let mut text = if i == 0 || s.node_type == "synthetic" {
        if s.name.is_empty() {
            s.edge.clone()
        } else {
            s.name.clone()
        }
    } else {
        s.edge.clone()
    };
    if let Some(label) = &s.label {
        text.push_str(&format!(" [{label}]"));
    }
    text
}

fn link(s: &PathStep, text: String) -> Html {
    html! {
        <a class="step" href={format!("#object/@{}", s.id)} data-id={s.id.to_string()}
            title={format!("{} @{} (open it with its retainers)", s.name, s.id)}>{ text }</a>
    }
}

/// The path `steps` as links; `testid` names it for tests.
pub fn path_links(steps: &[PathStep], testid: &'static str) -> Html {
    let Some(last) = steps.last() else {
        return html! { <span class="path muted" data-testid={testid}>{ "(no path from the roots)" }</span> };
    };
    html! {
        <span class="path" data-testid={testid} data-ids={steps.iter().map(|s| s.id.to_string()).collect::<Vec<_>>().join(" ")}>
            { for steps.iter().enumerate().map(|(i, s)| html! { <>
                if i > 0 { <span class="sep">{ " → " }</span> }
                { link(s, step_text(i, s)) }
            </> }) }
            { " (" }{ link(last, format!("{} @{}", last.name, last.id)) }{ ")" }
        </span>
    }
}
