//! The Summary view: one row per constructor (count, shallow, retained, distance), sortable by each
//! column and filterable by name; clicking a class expands it into its instances, largest first.

use super::table::VirtualTable;
use crate::app::state::{Action, AppState};
use crate::app::Ctx;
use crate::format;
use crate::table_model::{self, Column, Line};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const COLUMNS: &str = "minmax(16rem,1fr) 6rem 8rem 9rem 9rem";

pub fn summary(state: &AppState, ctx: &Ctx) -> Html {
    let oninput = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::Filter(input.value()));
        })
    };
    let lines = Rc::new(table_model::lines(
        &state.order,
        &state.classes,
        &state.expanded,
    ));
    let head = |label: &'static str, col: Column, num: bool| {
        let d = ctx.dispatch.clone();
        let onclick = Callback::from(move |_| d.dispatch(Action::SortBy(col)));
        let arrow = if state.sort.column == col {
            if state.sort.descending {
                " ▼"
            } else {
                " ▲"
            }
        } else {
            ""
        };
        let slug = format!("sort-{}", format!("{col:?}").to_lowercase());
        html! { <button class={if num { "th num" } else { "th" }} data-testid={slug} {onclick}>{ label }{ arrow }</button> }
    };
    let header = html! { <>
        { head("Constructor", Column::Name, false) }
        { head("Distance", Column::Distance, true) }
        { head("Objects", Column::Count, true) }
        { head("Shallow size", Column::Shallow, true) }
        { head("Retained size", Column::Retained, true) }
    </> };
    let render_row = {
        let state = state.clone();
        let ctx = ctx.clone();
        let lines = lines.clone();
        Callback::from(move |i: usize| row(&state, &ctx, lines[i]))
    };
    html! {
        <section class="summary">
            <div class="toolbar">
                <input type="search" class="filter" placeholder="Filter by class name" data-testid="class-filter"
                    value={state.filter.clone()} {oninput} />
                <span class="muted">{ format!("{} of {} classes", format::count(state.order.len() as u64), format::count(state.classes.len() as u64)) }</span>
            </div>
            <VirtualTable testid="summary-table" columns={COLUMNS} {header} row_count={lines.len()} {render_row} />
        </section>
    }
}

fn row(state: &AppState, ctx: &Ctx, line: Line) -> Html {
    let total = state.data.as_ref().map_or(0, |d| d.overview.total_size);
    match line {
        Line::Class(c) => {
            let class = &state.classes[c as usize];
            let key = class.index;
            let expanded = state.expanded.contains_key(&key);
            let onclick = {
                let ctx = ctx.clone();
                Callback::from(move |_| {
                    ctx.dispatch.dispatch(Action::Toggle(key));
                    if !expanded {
                        ctx.client.instances(key, 0);
                    }
                })
            };
            html! { <>
                <button class="cell name class" data-testid="class-row" data-name={class.name.clone()} {onclick}>
                    <span class="twisty">{ if expanded { "▾ " } else { "▸ " } }</span>
                    { class.name.clone() }
                    <span class="muted">{ format!(" ×{}", format::count(class.count)) }</span>
                </button>
                <span class="cell num">{ format::distance(class.distance) }</span>
                <span class="cell num">{ format::count(class.count) }</span>
                <span class="cell num">{ pct(class.shallow_size, total) }</span>
                <span class="cell num" data-value={class.retained_size.to_string()}>{ pct(class.retained_size, total) }</span>
            </> }
        }
        Line::Instance(c, k) => {
            let key = state.classes[c as usize].index;
            let Some(n) = state.expanded.get(&key).and_then(|e| e.rows.get(k)) else {
                return html! {};
            };
            html! { <>
                <span class="cell name instance" data-testid="instance-row">{ super::object_link(state, ctx, n) }</span>
                <span class="cell num">{ format::distance(n.distance) }</span>
                <span class="cell num"></span>
                <span class="cell num">{ pct(n.self_size, total) }</span>
                <span class="cell num">{ pct(n.retained_size, total) }</span>
            </> }
        }
        Line::More(c) => {
            let key = state.classes[c as usize].index;
            let e = state.expanded.get(&key);
            let (loaded, all, loading) =
                e.map_or((0, 0, false), |e| (e.rows.len(), e.total, e.loading));
            let onclick = {
                let ctx = ctx.clone();
                Callback::from(move |_| {
                    ctx.dispatch.dispatch(Action::MoreRequested(key));
                    ctx.client.instances(key, loaded);
                })
            };
            html! {
                <span class="cell name instance more">
                    if loading { { "Loading instances…" } } else {
                        <button class="link" {onclick}>{ format!("Show more ({} of {})", format::count(loaded as u64), format::count(all as u64)) }</button>
                    }
                </span>
            }
        }
    }
}

/// `size` with its share of the heap, as DevTools shows sizes in tables.
fn pct(size: u64, total: u64) -> Html {
    html! { <>{ format::bytes(size) }<span class="pct">{ format!(" {}", format::percent(size, total)) }</span></> }
}
