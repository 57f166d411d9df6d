//! The Allocations view, DevTools' Allocation view of a snapshot recorded with allocation tracking
//! (the core's `compare::allocations`): live objects by time (a column a timeline sample: what was
//! allocated in that interval and is still alive) and by allocating function, with its script and
//! line (1-based), sortable, filterable by name or script, virtualized.

use super::chart::{columns, Point};
use super::table::{sort_header, VirtualTable};
use crate::app::compare_state::CompareAction;
use crate::app::state::{Action, AppState};
use crate::app::Ctx;
use crate::compare_model::AllocColumn;
use crate::format;
use heapscope_core::compare::AllocationReport;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const COLUMNS: &str = "minmax(0,1fr) minmax(0,1fr) 7.5rem 7.5rem 6.5rem 7.5rem";
const COLUMNS_NARROW: &str = "minmax(0,1fr) 7rem";

pub fn allocations(state: &AppState, ctx: &Ctx) -> Html {
    let traced = state.data.as_ref().is_some_and(|d| d.allocation_traces);
    let body = match state.compare.allocations.as_deref() {
        _ if !traced => html! {
            <p data-testid="no-allocations">{ "This snapshot was not recorded with allocation tracking, so it does not say which function allocated each object. Record one with DevTools' \"Allocation instrumentation on timeline\", or with the inspector's HeapProfiler.startTrackingHeapObjects({trackAllocations: true}) before HeapProfiler.takeHeapSnapshot." }</p>
        },
        None => html! { <p class="muted">{ "Reading the allocation traces…" }</p> },
        Some(Err(message)) => html! { <p data-testid="no-allocations">{ message.clone() }</p> },
        Some(Ok(report)) => view(state, ctx, report),
    };
    html! { <section class="allocations" data-testid="allocations-view">{ body }</section> }
}

fn view(state: &AppState, ctx: &Ctx, r: &AllocationReport) -> Html {
    let points: Vec<Point> = r
        .timeline
        .iter()
        .map(|s| Point {
            at: format!("{:.0} ms", s.timestamp_ms),
            value: s.live_size,
        })
        .collect();
    let rows_note = (r.function_rows != r.header_function_count).then(|| {
        format!(
            " The file lists {} allocating functions though its header says {}; all of them are read.",
            r.function_rows, r.header_function_count
        )
    });
    html! { <>
        <p data-testid="alloc-summary" data-live-count={r.traced_live_count.to_string()} data-live-size={r.traced_live_size.to_string()}>
            { format!("{} live objects ({}) carry an allocation trace.", format::count(r.traced_live_count), format::bytes(r.traced_live_size)) }
            { rows_note.unwrap_or_default() }
        </p>
        if !points.is_empty() {
            <section class="card">
                <h2>{ "Live objects by time" }</h2>
                { columns("timeline-chart", "Shallow size of the objects allocated in each interval of the recording that are still alive", &points, format::bytes) }
            </section>
        }
        <p class="muted small" data-testid="inlining-note">{ "TurboFan inlining charges an inlined callee's allocations to its caller: a small constructor called from a hot function may show under that function." }</p>
        { table(state, ctx, r) }
    </> }
}

fn table(state: &AppState, ctx: &Ctx, r: &AllocationReport) -> Html {
    let cs = &state.compare;
    let head = |label: &'static str, col: AllocColumn, class: &'static str| {
        let d = ctx.dispatch.clone();
        let onclick =
            Callback::from(move |_| d.dispatch(Action::Compare(CompareAction::AllocSort(col))));
        let sorted = (cs.alloc_sort.column == col).then_some(cs.alloc_sort.descending);
        sort_header(
            label,
            class,
            format!("alloc-sort-{col:?}").to_lowercase(),
            sorted,
            onclick,
        )
    };
    let header = html! { <>
        { head("Function", AllocColumn::Name, "") }
        { head("Script", AllocColumn::Script, "lo") }
        { head("Live count", AllocColumn::LiveCount, "num lo") }
        { head("Live size", AllocColumn::LiveSize, "num") }
        { head("Count", AllocColumn::Count, "num lo") }
        { head("Size", AllocColumn::Size, "num lo") }
    </> };
    let order = cs.alloc_order.clone();
    let render_row = {
        let (order, report) = (order.clone(), cs.allocations.clone());
        Callback::from(move |i: usize| {
            let Some(Ok(r)) = report.as_deref() else {
                return html! {};
            };
            let f = &r.functions[order[i] as usize];
            let name = if f.name.is_empty() {
                "(anonymous)".to_owned()
            } else {
                f.name.clone()
            };
            let place = if f.script.is_empty() {
                String::new()
            } else {
                format!("{}:{}", f.script, f.line)
            };
            html! { <>
                <span class="cell name" data-testid="alloc-row" data-name={f.name.clone()} data-script={f.script.clone()}
                    data-line={f.line.to_string()} data-live-count={f.live_count.to_string()} data-live-size={f.live_size.to_string()}
                    data-count={f.count.to_string()} data-size={f.size.to_string()} title={name.clone()}>{ name }</span>
                <span class="cell lo muted" title={place.clone()}>{ place }</span>
                <span class="cell num lo">{ format::count(f.live_count) }</span>
                <span class="cell num">{ format::bytes(f.live_size) }</span>
                <span class="cell num lo">{ format::count(f.count) }</span>
                <span class="cell num lo">{ format::bytes(f.size) }</span>
            </> }
        })
    };
    let oninput = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::Compare(CompareAction::AllocFilter(input.value())));
        })
    };
    html! { <>
        <div class="toolbar">
            <input type="search" class="filter" placeholder="Filter by function or script" data-testid="alloc-filter"
                aria-label="Filter the allocating functions" data-panel="" value={cs.alloc_filter.clone()} {oninput} />
            <span class="muted">{ format!("{} of {} functions", format::count(order.len() as u64), format::count(r.functions.len() as u64)) }</span>
        </div>
        <VirtualTable testid="alloc-table" label="Live objects by allocating function" columns={COLUMNS}
            columns_narrow={Some(AttrValue::from(COLUMNS_NARROW))} {header} row_count={order.len()} {render_row}
            scroll_key={format!("{:?}/{}", cs.alloc_sort, cs.alloc_filter)} />
    </> }
}
