//! Object lists: the Largest objects view (grouped by default: no roots or synthetic nodes, and an
//! object that sits inside a listed one is folded into its row; or the raw list) and the Search
//! view, both drawn with the virtual table.

use super::table::{RowKey, VirtualTable};
use crate::app::state::{Action, AppState};
use crate::app::Ctx;
use crate::format;
use crate::route::Route;
use heapscope_core::{LargestRow, NodeRow};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, SubmitEvent};
use yew::prelude::*;

const COLUMNS: &str = "minmax(0,1fr) 6.5rem 5.5rem 7.5rem 8.5rem";
const COLUMNS_NARROW: &str = "minmax(0,1fr) 7rem";

/// The largest objects by retained size.
pub fn largest(state: &AppState, ctx: &Ctx) -> Html {
    let Some(data) = state.data.as_ref() else {
        return html! {};
    };
    let raw = state.largest_raw;
    let rows: Rc<Vec<LargestRow>> = Rc::new(if raw {
        data.top
            .iter()
            .map(|n| LargestRow {
                node: n.clone(),
                folded: 0,
                inside: vec![],
            })
            .collect()
    } else {
        data.largest.clone()
    });
    let onchange = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::SetLargestRaw(input.checked()));
        })
    };
    let text = if raw {
        format!("The {} objects that retain the most memory, as they come (the root, GC roots and objects inside others included).", rows.len())
    } else {
        format!("The {} largest objects, without roots and synthetic nodes; an object that sits inside a listed one (it would be freed with it) is counted in that row. Select one to see what keeps it alive.", rows.len())
    };
    html! {
        <section class="largest">
            <div class="toolbar">
                <p class="muted">{ text }</p>
                <label class="toggle"><input type="checkbox" data-testid="largest-raw" checked={raw} {onchange} />{ "raw list" }</label>
            </div>
            { largest_table(state, ctx, rows, raw) }
        </section>
    }
}

fn largest_table(state: &AppState, ctx: &Ctx, rows: Rc<Vec<LargestRow>>, raw: bool) -> Html {
    let render_row = {
        let (state, ctx, rows) = (state.clone(), ctx.clone(), rows.clone());
        Callback::from(move |i: usize| {
            let r = &rows[i];
            let inside = (!r.inside.is_empty() || r.folded > 0).then(|| html! {
                <span class="inside muted" data-testid="inside" data-folded={r.folded.to_string()}>
                    { for r.inside.iter().map(|n| html! { <>{ " → " }{ super::object_link(&state, &ctx, n) }</> }) }
                    { format!(" ({} of the largest inside)", format::count(r.folded as u64)) }
                </span>
            });
            node_cells(&state, &ctx, &r.node, inside)
        })
    };
    let on_key = select_on_enter(state, ctx, rows.iter().map(|r| r.node.id).collect());
    html! {
        <VirtualTable testid="largest-table" label="Largest objects" columns={COLUMNS}
            columns_narrow={Some(AttrValue::from(COLUMNS_NARROW))} header={header()} row_count={rows.len()}
            {render_row} {on_key} height={420} scroll_key={raw.to_string()} />
    }
}

fn header() -> Html {
    html! { <>
        <span class="th">{ "Object" }</span>
        <span class="th lo">{ "Type" }</span>
        <span class="th num lo">{ "Distance" }</span>
        <span class="th num lo">{ "Shallow size" }</span>
        <span class="th num">{ "Retained size" }</span>
    </> }
}

fn node_cells(state: &AppState, ctx: &Ctx, n: &NodeRow, extra: Option<Html>) -> Html {
    html! { <>
        <span class="cell name" data-testid="node-row" data-id={n.id.to_string()}>
            { super::object_link(state, ctx, n) }{ extra.unwrap_or_default() }
        </span>
        <span class="cell lo">{ n.node_type.clone() }</span>
        <span class="cell num lo">{ format::distance(n.distance) }</span>
        <span class="cell num lo">{ format::bytes(n.self_size) }</span>
        <span class="cell num" data-value={n.retained_size.to_string()}>{ format::bytes(n.retained_size) }</span>
    </> }
}

/// Enter on a row selects its object.
fn select_on_enter(state: &AppState, ctx: &Ctx, ids: Vec<u64>) -> Callback<(usize, RowKey)> {
    let (route, ctx) = (state.route.clone(), ctx.clone());
    Callback::from(move |(i, key): (usize, RowKey)| {
        if let (RowKey::Activate, Some(&id)) = (key, ids.get(i)) {
            ctx.navigate(&Route {
                selected: Some(id),
                ..route.clone()
            });
        }
    })
}

/// Search by name (substring) or by id (`@123` or `123`). The query is run when Enter is pressed
/// (one history entry a search), never when the box merely loses focus.
pub fn search(state: &AppState, ctx: &Ctx) -> Html {
    let onsubmit = {
        let (ctx, route) = (ctx.clone(), state.route.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form: web_sys::Element = e.target_unchecked_into();
            let Some(el) = form
                .query_selector("input")
                .ok()
                .flatten()
                .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let query = el.value().trim().to_string();
            if query != route.query {
                ctx.navigate(&Route {
                    query,
                    selected: None,
                    ..route.clone()
                });
            }
        })
    };
    let results = match &state.search {
        _ if state.route.query.is_empty() => {
            html! { <p class="muted">{ "Type part of a name, or an object id (@123 or 123), and press Enter." }</p> }
        }
        Some(r) if r.query == state.route.query => {
            let shown = r.rows.len() as u64;
            let text = if shown < r.total {
                format!(
                    "{} of {} shown",
                    format::count(shown),
                    format::count(r.total)
                )
            } else if r.total == 1 {
                "1 match".to_string()
            } else {
                format!("{} matches", format::count(r.total))
            };
            let rows = r.rows.clone();
            let render_row = {
                let (state, ctx, rows) = (state.clone(), ctx.clone(), rows.clone());
                Callback::from(move |i: usize| node_cells(&state, &ctx, &rows[i], None))
            };
            let on_key = select_on_enter(state, ctx, rows.iter().map(|r| r.id).collect());
            html! { <>
                <p class="muted" data-testid="search-count" data-total={r.total.to_string()}>{ text }</p>
                <VirtualTable testid="search-table" label="Search results" columns={COLUMNS}
                    columns_narrow={Some(AttrValue::from(COLUMNS_NARROW))} header={header()} row_count={rows.len()}
                    {render_row} {on_key} height={420} scroll_key={r.query.clone()} />
            </> }
        }
        _ => html! { <p class="muted">{ "Searching…" }</p> },
    };
    html! {
        <section class="search">
            <form class="toolbar" role="search" {onsubmit}>
                <input type="search" class="filter" placeholder="Name, @id or id" data-testid="search-input" data-panel=""
                    aria-label="Search objects by name or id" value={state.route.query.clone()} />
                <button class="button" type="submit">{ "Search" }</button>
            </form>
            { results }
        </section>
    }
}
