//! The Summary view: one row per constructor (count, shallow, retained, distance), sortable by each
//! column and filterable by name; clicking a class expands it into its instances, largest first.
//! DevTools' named filters (Duplicated strings, Objects retained by detached DOM nodes) narrow it to
//! the objects they let through. A new sort or filter shows the top of the list.

use super::table::{sort_header, RowKey, VirtualTable};
use crate::app::state::{Action, AppState};
use crate::app::Ctx;
use crate::format;
use crate::route::Route;
use crate::table_model::{self, Column, Line};
use heapscope_core::SummaryFilter;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const COLUMNS: &str = "minmax(0,1fr) 5.5rem 6.5rem 9rem 9.5rem";
const COLUMNS_NARROW: &str = "minmax(0,1fr) 5rem 7.5rem";

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
    let head = |label: &'static str, col: Column, class: &'static str| {
        let d = ctx.dispatch.clone();
        let onclick = Callback::from(move |_| d.dispatch(Action::SortBy(col)));
        let sorted = (state.sort.column == col).then_some(state.sort.descending);
        let slug = format!("sort-{}", format!("{col:?}").to_lowercase());
        sort_header(label, class, slug, sorted, onclick)
    };
    let header = html! { <>
        { head("Constructor", Column::Name, "") }
        { head("Distance", Column::Distance, "num lo") }
        { head("Objects", Column::Count, "num") }
        { head("Shallow size", Column::Shallow, "num lo") }
        { head("Retained size", Column::Retained, "num") }
    </> };
    let render_row = {
        let (state, ctx, lines) = (state.clone(), ctx.clone(), lines.clone());
        Callback::from(move |i: usize| row(&state, &ctx, lines[i]))
    };
    let on_key = {
        let (state, ctx, lines) = (state.clone(), ctx.clone(), lines.clone());
        Callback::from(move |(i, key): (usize, RowKey)| {
            if let Some(&line) = lines.get(i) {
                on_line_key(&state, &ctx, line, key);
            }
        })
    };
    let reveal = state.reveal.and_then(|c| {
        lines
            .iter()
            .position(|l| matches!(l, Line::Class(k) if state.classes[*k as usize].index == c))
    });
    let onfilter = {
        let (d, ctx) = (ctx.dispatch.clone(), ctx.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let f = match select.value().as_str() {
                "duplicated-strings" => Some(SummaryFilter::DuplicatedStrings),
                "retained-by-detached" => Some(SummaryFilter::RetainedByDetached),
                _ => None,
            };
            d.dispatch(Action::SetSummaryFilter(f));
            if let Some(f) = f {
                ctx.client.filtered_classes(f);
            }
        })
    };
    let selected = |f: Option<SummaryFilter>| state.summary_filter == f;
    let counts = if state.filtering {
        "filtering…".to_string()
    } else {
        format!(
            "{} of {} classes",
            format::count(state.order.len() as u64),
            format::count(state.classes.len() as u64)
        )
    };
    html! {
        <section class="summary">
            <div class="toolbar">
                <input type="search" class="filter" placeholder="Filter by class name" data-testid="class-filter"
                    aria-label="Filter classes by name" data-panel="" value={state.filter.clone()} {oninput} />
                <select class="filter select" data-testid="summary-filter" aria-label="Objects shown" onchange={onfilter}>
                    <option value="all" selected={selected(None)}>{ "All objects" }</option>
                    <option value="duplicated-strings" selected={selected(Some(SummaryFilter::DuplicatedStrings))}>{ "Duplicated strings" }</option>
                    <option value="retained-by-detached" selected={selected(Some(SummaryFilter::RetainedByDetached))}>{ "Objects retained by detached DOM nodes" }</option>
                </select>
                <span class="muted" data-testid="class-count">{ counts }</span>
            </div>
            <VirtualTable testid="summary-table" label="Classes" columns={COLUMNS} columns_narrow={Some(AttrValue::from(COLUMNS_NARROW))}
                {header} row_count={lines.len()} {render_row} {on_key} {reveal} tree={true}
                scroll_key={format!("{:?}/{}/{:?}", state.sort, state.filter, state.summary_filter)} />
        </section>
    }
}

/// Expands or collapses a class, asking for its first instances when it opens.
fn toggle(state: &AppState, ctx: &Ctx, key: u32, expanded: bool) {
    ctx.dispatch.dispatch(Action::Toggle(key));
    if !expanded {
        ctx.client.instances(key, 0, state.summary_filter);
    }
}

fn more(state: &AppState, ctx: &Ctx, key: u32, loaded: usize) {
    ctx.dispatch.dispatch(Action::MoreRequested(key));
    ctx.client.instances(key, loaded, state.summary_filter);
}

fn on_line_key(state: &AppState, ctx: &Ctx, line: Line, key: RowKey) {
    match line {
        Line::Class(c) => {
            let k = state.classes[c as usize].index;
            let expanded = state.expanded.contains_key(&k);
            match key {
                RowKey::Activate => toggle(state, ctx, k, expanded),
                RowKey::Expand if !expanded => toggle(state, ctx, k, false),
                RowKey::Collapse if expanded => toggle(state, ctx, k, true),
                _ => {}
            }
        }
        Line::Instance(c, i) => {
            let k = state.classes[c as usize].index;
            if let (RowKey::Activate, Some(n)) =
                (key, state.expanded.get(&k).and_then(|e| e.rows.get(i)))
            {
                ctx.navigate(&Route {
                    selected: Some(n.id),
                    ..state.route.clone()
                });
            }
        }
        Line::More(c) => {
            let k = state.classes[c as usize].index;
            if let (RowKey::Activate, Some(e)) = (key, state.expanded.get(&k)) {
                if !e.loading {
                    more(state, ctx, k, e.rows.len());
                }
            }
        }
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
                let (state, ctx) = (state.clone(), ctx.clone());
                Callback::from(move |_| toggle(&state, &ctx, key, expanded))
            };
            html! { <>
                <button class="cell name class" data-testid="class-row" data-name={class.name.clone()} data-count={class.count.to_string()}
                    data-retained={class.retained_size.to_string()} tabindex="-1"
                    aria-expanded={expanded.to_string()} {onclick}>
                    <span class="twisty">{ if expanded { "▾ " } else { "▸ " } }</span>
                    { class.name.clone() }
                </button>
                <span class="cell num lo">{ format::distance(class.distance) }</span>
                <span class="cell num">{ format::count(class.count) }</span>
                <span class="cell num lo">{ pct(class.shallow_size, total) }</span>
                <span class="cell num" data-value={class.retained_size.to_string()}>{ pct(class.retained_size, total) }</span>
            </> }
        }
        Line::Instance(c, k) => {
            let key = state.classes[c as usize].index;
            let Some(n) = state.expanded.get(&key).and_then(|e| e.rows.get(k)) else {
                return html! {};
            };
            html! { <>
                <span class="cell name instance" data-testid="instance-row" data-id={n.id.to_string()}>{ super::object_link(state, ctx, n) }</span>
                <span class="cell num lo">{ format::distance(n.distance) }</span>
                <span class="cell num"></span>
                <span class="cell num lo">{ pct(n.self_size, total) }</span>
                <span class="cell num">{ pct(n.retained_size, total) }</span>
            </> }
        }
        Line::More(c) => {
            let key = state.classes[c as usize].index;
            let e = state.expanded.get(&key);
            let (loaded, all, loading) =
                e.map_or((0, 0, false), |e| (e.rows.len(), e.total, e.loading));
            let onclick = {
                let (state, ctx) = (state.clone(), ctx.clone());
                Callback::from(move |_| more(&state, &ctx, key, loaded))
            };
            html! {
                <span class="cell name instance more">
                    if loading { { "Loading instances…" } } else {
                        <button class="link" tabindex="-1" {onclick}>{ format!("Show more ({} of {})", format::count(loaded as u64), format::count(all as u64)) }</button>
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
