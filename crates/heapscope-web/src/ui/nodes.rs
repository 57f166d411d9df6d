//! Object lists: the Largest objects view and the Search view, both drawn with the virtual table.

use super::table::VirtualTable;
use crate::app::state::AppState;
use crate::app::Ctx;
use crate::format;
use crate::route::Route;
use heapscope_core::NodeRow;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const COLUMNS: &str = "minmax(16rem,1fr) 7rem 6rem 8rem 9rem";

/// The largest objects by retained size.
pub fn largest(state: &AppState, ctx: &Ctx) -> Html {
    let rows = state
        .data
        .as_ref()
        .map(|d| Rc::new(d.top.clone()))
        .unwrap_or_default();
    html! {
        <section class="largest">
            <p class="muted">{ format!("The {} objects that retain the most memory. Select one to see what keeps it alive.", rows.len()) }</p>
            { node_table("largest-table", state, ctx, rows) }
        </section>
    }
}

/// Search by name (substring) or by `@id`.
pub fn search(state: &AppState, ctx: &Ctx) -> Html {
    let onchange = {
        let ctx = ctx.clone();
        let route = state.route.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let query = input.value().trim().to_string();
            ctx.navigate(&Route {
                query,
                selected: None,
                ..route.clone()
            });
        })
    };
    let results = match &state.search {
        _ if state.route.query.is_empty() => {
            html! { <p class="muted">{ "Type part of a name, or @id, and press Enter." }</p> }
        }
        Some((q, rows)) if *q == state.route.query => html! { <>
            <p class="muted" data-testid="search-count">{ format!("{} matches{}", rows.len(), if rows.len() >= crate::app::SEARCH_LIMIT as usize { " (first ones shown)" } else { "" }) }</p>
            { node_table("search-table", state, ctx, rows.clone()) }
        </> },
        _ => html! { <p class="muted">{ "Searching…" }</p> },
    };
    html! {
        <section class="search">
            <div class="toolbar">
                <input type="search" class="filter" placeholder="Name or @id" data-testid="search-input"
                    value={state.route.query.clone()} {onchange} />
            </div>
            { results }
        </section>
    }
}

fn node_table(testid: &'static str, state: &AppState, ctx: &Ctx, rows: Rc<Vec<NodeRow>>) -> Html {
    let header = html! { <>
        <span class="th">{ "Object" }</span>
        <span class="th">{ "Type" }</span>
        <span class="th num">{ "Distance" }</span>
        <span class="th num">{ "Shallow size" }</span>
        <span class="th num">{ "Retained size" }</span>
    </> };
    let render_row = {
        let (state, ctx, rows) = (state.clone(), ctx.clone(), rows.clone());
        Callback::from(move |i: usize| {
            let n = &rows[i];
            html! { <>
                <span class="cell name" data-testid="node-row" data-id={n.id.to_string()}>{ super::object_link(&state, &ctx, n) }</span>
                <span class="cell">{ n.node_type.clone() }</span>
                <span class="cell num">{ format::distance(n.distance) }</span>
                <span class="cell num">{ format::bytes(n.self_size) }</span>
                <span class="cell num" data-value={n.retained_size.to_string()}>{ format::bytes(n.retained_size) }</span>
            </> }
        })
    };
    html! { <VirtualTable {testid} columns={COLUMNS} {header} row_count={rows.len()} {render_row} height={420} /> }
}
