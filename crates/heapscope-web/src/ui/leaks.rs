//! The Leaks view: three-snapshot leak detection, MemLab's method (the core's `compare::leaks`).
//! The open snapshot is the final one; the baseline (before the action) and the target (after it)
//! are chosen or dropped here, read in the worker and reduced to their object ids at once. The
//! result: objects allocated between baseline and target that are still alive in the final
//! snapshot, grouped by retainer trace, strongest first, each with its path as links.

use super::path::path_links;
use super::side_load;
use crate::app::compare_state::SideState;
use crate::app::state::AppState;
use crate::app::Ctx;
use crate::compare_protocol::Side;
use crate::format;
use crate::route::View;
use yew::prelude::*;

fn slot(state: &AppState, ctx: &Ctx, side: Side, title: &'static str, what: &'static str) -> Html {
    let testid = match side {
        Side::Baseline => "baseline-input",
        _ => "target-input",
    };
    let held = match state.compare.side(side) {
        SideState::Ready { name, objects } => Some(format!(
            "{name}: {} object ids kept (the snapshot itself was released).",
            format::count(*objects)
        )),
        _ => None,
    };
    let chosen = matches!(state.compare.side(side), SideState::Ready { .. });
    html! {
        <div class="card slot" data-testid={format!("slot-{}", title.to_lowercase())}>
            <h3>{ title }</h3>
            <p class="muted small">{ what }</p>
            { side_load::picker(ctx, side, if chosen { "Choose another…" } else { "Choose or drop it…" }, testid, View::Leaks, !chosen) }
            { side_load::status(state, ctx, side, held) }
        </div>
    }
}

pub fn leaks(state: &AppState, ctx: &Ctx) -> Html {
    html! {
        <section class="leaks" data-testid="leaks-view">
            <p class="muted">{ "Three snapshots of one process: a baseline before an action (open a page, run a job), a target after it, and a final one after undoing it. What was allocated between the baseline and the target and is still alive in the final snapshot leaked (MemLab's method). Numbers, strings, code and V8's internal objects are not reported on their own; an object inside another reported one counts in its retained size." }</p>
            <div class="slots">
                { slot(state, ctx, Side::Baseline, "Baseline", "Before the action.") }
                { slot(state, ctx, Side::Target, "Target", "After the action.") }
                <div class="card slot" data-testid="slot-final">
                    <h3>{ "Final" }</h3>
                    <p class="muted small">{ "After undoing it: the open snapshot." }</p>
                    <p>{ state.open_name.clone() }</p>
                </div>
            </div>
            { result(state) }
        </section>
    }
}

fn result(state: &AppState) -> Html {
    let Some(l) = &state.compare.leaks else {
        return html! {};
    };
    let r = &l.report;
    html! {
        <section class="card">
            <h2>{ "Leaks" }</h2>
            <p data-testid="leak-summary" data-allocated={r.allocated_in_target.to_string()} data-survivors={r.survivors.to_string()}
                data-reported={r.reported.to_string()} data-groups={r.leaks.len().to_string()}>
                { format!("{} objects were allocated between the baseline and the target; {} of them are still alive in the final snapshot, {} reported in {} groups (found in {:.0} ms).",
                    format::count(r.allocated_in_target), format::count(r.survivors), format::count(r.reported),
                    format::count(r.leaks.len() as u64), l.elapsed_ms) }
            </p>
            if r.leaks.is_empty() {
                <p data-testid="no-leaks">{ "No leaks found: nothing allocated between the baseline and the target is still alive, apart from numbers, strings, code and V8's internal objects." }</p>
            }
            <ol class="leak-list" data-testid="leaks">
                { for r.leaks.iter().map(|g| html! {
                    <li data-testid="leak" data-name={g.name.clone()} data-count={g.count.to_string()}
                        data-retained={g.retained_size.to_string()} data-self={g.self_size.to_string()}>
                        <p>
                            <strong>{ g.name.clone() }</strong>
                            { format!(" ×{}, retaining {} ({} own)", format::count(g.count), format::bytes(g.retained_size), format::bytes(g.self_size)) }
                        </p>
                        { path_links(&g.retainer_path, "leak-path") }
                        <p class="muted small">
                            { "Some of them: " }
                            { for g.sample_ids.iter().map(|id| html! { <>
                                <a href={format!("#object/@{id}")} data-id={id.to_string()}>{ format!("@{id}") }</a>{ " " }
                            </> }) }
                        </p>
                    </li>
                }) }
            </ol>
        </section>
    }
}
