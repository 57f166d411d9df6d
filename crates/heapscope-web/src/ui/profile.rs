//! The CPU profile view: a `.cpuprofile` dropped next to the open snapshot (the core's
//! `compare::profile`), one row a function: CPU self and total time (from the samples and their
//! time deltas), the count, shallow and retained size of its closures and of the objects its
//! constructor made, and its verdict (hot and heavy; hot but light: churn; heavy but cold: caches),
//! filterable by verdict and name, sortable, virtualized. TurboFan inlining is said where it
//! matters: an inlined callee's time is charged to its caller.

use super::table::{sort_header, VirtualTable};
use crate::app::compare_state::CompareAction;
use crate::app::state::{Action, AppState};
use crate::app::Ctx;
use crate::compare_model::ProfileColumn;
use crate::format;
use heapscope_core::compare::Verdict;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const COLUMNS: &str = "minmax(0,1fr) 6.5rem 6.5rem 6.5rem 6.5rem 7rem 7rem";
const COLUMNS_NARROW: &str = "minmax(0,1fr) 5.5rem 6rem";
const VERDICTS: [Verdict; 4] = [
    Verdict::HotHeavy,
    Verdict::HotLight,
    Verdict::ColdHeavy,
    Verdict::ColdLight,
];

fn slug(v: Verdict) -> &'static str {
    match v {
        Verdict::HotHeavy => "hot-heavy",
        Verdict::HotLight => "hot-light",
        Verdict::ColdHeavy => "cold-heavy",
        Verdict::ColdLight => "cold-light",
    }
}

fn short(v: Verdict) -> &'static str {
    match v {
        Verdict::HotHeavy => "hot, heavy",
        Verdict::HotLight => "hot, light",
        Verdict::ColdHeavy => "cold, heavy",
        Verdict::ColdLight => "cold, light",
    }
}

pub fn profile(state: &AppState, ctx: &Ctx) -> Html {
    let Some(p) = state.compare.profile.clone() else {
        return html! {
            <section class="profile" data-testid="profile-view">
                <p>{ "Drop a .cpuprofile of the same process on the page (node --cpu-prof, or DevTools' Performance panel → Save profile): each function's CPU time is set beside the objects it made in this snapshot." }</p>
            </section>
        };
    };
    let r = &p.report;
    let cs = &state.compare;
    let count = |v: Verdict| r.functions.iter().filter(|f| f.verdict == Some(v)).count();
    let onverdict = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let v = VERDICTS.into_iter().find(|v| slug(*v) == select.value());
            d.dispatch(Action::Compare(CompareAction::ProfileVerdict(v)));
        })
    };
    let oninput = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::Compare(CompareAction::ProfileFilter(input.value())));
        })
    };
    let head = |label: &'static str, col: ProfileColumn, class: &'static str| {
        let d = ctx.dispatch.clone();
        let onclick =
            Callback::from(move |_| d.dispatch(Action::Compare(CompareAction::ProfileSort(col))));
        let sorted = (cs.profile_sort.column == col).then_some(cs.profile_sort.descending);
        sort_header(
            label,
            class,
            format!("profile-sort-{col:?}").to_lowercase(),
            sorted,
            onclick,
        )
    };
    let header = html! { <>
        { head("Function", ProfileColumn::Name, "") }
        { head("Self ms", ProfileColumn::SelfMs, "num") }
        { head("Total ms", ProfileColumn::TotalMs, "num lo") }
        { head("Objects", ProfileColumn::Count, "num lo") }
        { head("Size", ProfileColumn::SelfSize, "num lo") }
        { head("Retained", ProfileColumn::Retained, "num") }
        { head("Verdict", ProfileColumn::Verdict, "lo") }
    </> };
    let order = cs.profile_order.clone();
    let render_row = {
        let (order, p) = (order.clone(), p.clone());
        Callback::from(move |i: usize| {
            let f = &p.report.functions[order[i] as usize];
            let name = if f.name.is_empty() {
                "(anonymous)".to_owned()
            } else {
                f.name.clone()
            };
            let place = if f.url.is_empty() {
                String::new()
            } else {
                format!(" {}:{}", f.url, f.line)
            };
            let heap = f.heap.unwrap_or_default();
            let verdict = f.verdict.map_or("", slug);
            html! { <>
                <span class="cell name" data-testid="profile-row" data-name={f.name.clone()} data-url={f.url.clone()}
                    data-line={f.line.to_string()} data-self-ms={f.self_ms.to_string()} data-total-ms={f.total_ms.to_string()}
                    data-count={heap.count.to_string()} data-self-size={heap.self_size.to_string()}
                    data-retained={heap.retained_size.to_string()} data-verdict={verdict} title={format!("{name}{place}")}>
                    { name }<span class="muted small">{ place }</span>
                </span>
                <span class="cell num">{ format!("{:.1}", f.self_ms) }</span>
                <span class="cell num lo">{ format!("{:.1}", f.total_ms) }</span>
                <span class="cell num lo">{ format::count(heap.count) }</span>
                <span class="cell num lo">{ format::bytes(heap.self_size) }</span>
                <span class="cell num">{ format::bytes(heap.retained_size) }</span>
                <span class={classes!("cell", "lo", "verdict", verdict)}>{ f.verdict.map_or("", short) }</span>
            </> }
        })
    };
    html! {
        <section class="profile" data-testid="profile-view">
            <p data-testid="profile-summary" data-samples={r.samples.to_string()} data-functions={r.functions.len().to_string()}>
                <strong>{ p.name.clone() }</strong>
                { format!(": {} samples over {:.0} ms, set beside {}. A function is hot from {:.1} ms of self time (2 % of the sampled time){}.",
                    format::count(r.samples), r.duration_ms, state.open_name, r.hot_self_ms,
                    r.heavy_retained_size.map(|h| format!(", heavy when what it made retains {} (1 % of the heap)", format::bytes(h))).unwrap_or_default()) }
            </p>
            <p class="note" data-testid="inlining-note">{ "TurboFan inlining charges an inlined callee's time to its caller: a small function or constructor called from a hot loop can show no time of its own, its time counted in the caller's row. The objects are matched to functions by name and script location, so an inlined constructor still gets its own objects." }</p>
            <div class="toolbar">
                <input type="search" class="filter" placeholder="Filter by function or URL" data-testid="profile-filter"
                    aria-label="Filter the profiled functions" data-panel="" value={cs.profile_filter.clone()} {oninput} />
                <select class="filter select" data-testid="profile-verdict" aria-label="Functions shown" onchange={onverdict}>
                    <option value="all" selected={cs.profile_verdict.is_none()}>{ format!("All functions ({})", r.functions.len()) }</option>
                    { for VERDICTS.iter().map(|&v| html! {
                        <option value={slug(v)} selected={cs.profile_verdict == Some(v)}>{ format!("{} ({})", v.title(), count(v)) }</option>
                    }) }
                </select>
                <span class="muted">{ format!("{} shown", format::count(order.len() as u64)) }</span>
            </div>
            <VirtualTable testid="profile-table" label="Functions by CPU time and heap weight" columns={COLUMNS}
                columns_narrow={Some(AttrValue::from(COLUMNS_NARROW))} {header} row_count={order.len()} {render_row}
                scroll_key={format!("{:?}/{}/{:?}/{}", cs.profile_sort, cs.profile_filter, cs.profile_verdict, cs.profiles_read)} />
        </section>
    }
}
