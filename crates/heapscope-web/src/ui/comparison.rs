//! The Comparison view: DevTools' Comparison of a base snapshot with the open one (the core's
//! `compare::Comparison`). How they were compared (one process: object by object; different
//! processes: the class-level fallback, labelled), the totals, the owners that grew with their
//! paths as links, a bar chart of the largest changes, and the table of classes with DevTools'
//! columns (new, deleted, count delta, alloc size, freed size, size delta; base and target counts
//! and sizes in the fallback), sortable, filterable, virtualized; a class opens into its new objects
//! (links: the selection panel shows their Retainers) and the base's deleted ones (ids and sizes).

use super::chart::{signed_bars, SignedBar};
use super::path::path_links;
use super::side_load;
use super::table::{sort_header, RowKey, VirtualTable};
use crate::app::compare_state::CompareAction;
use crate::app::state::{Action, AppState};
use crate::app::Ctx;
use crate::compare_model::{diff_lines, largest_deltas, DiffColumn, DiffLine};
use crate::compare_protocol::{CompareRequest, Compared, Side};
use crate::format;
use crate::route::{Route, View};
use heapscope_core::compare::{ComparisonKind, GrowthSuspect};
use heapscope_core::NodeRow;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const COLUMNS: &str = "minmax(0,1fr) 6.5rem 7rem 6.5rem 7.5rem 7rem 7.5rem";
const COLUMNS_NARROW: &str = "minmax(0,1fr) 6rem 7rem";
/// Bars in the chart of the largest changes.
const CHART_BARS: usize = 12;

/// Whether the tab of `view` is shown: the Allocation view only for a snapshot recorded with
/// allocation tracking, the CPU profile once one is read; the rest always.
pub fn tab_shown(state: &AppState, view: View) -> bool {
    match view {
        View::Allocations => state.data.as_ref().is_some_and(|d| d.allocation_traces),
        View::Profile => state.compare.profile.is_some(),
        _ => true,
    }
}

/// "Compare with a base snapshot…", for the page's header.
pub fn base_button(ctx: &Ctx) -> Html {
    side_load::picker(
        ctx,
        Side::Base,
        "Compare with a base snapshot…",
        "base-input",
        View::Comparison,
        false,
    )
}

pub fn comparison(state: &AppState, ctx: &Ctx) -> Html {
    let Some(c) = state.compare.comparison.clone() else {
        return html! {
            <section class="comparison" data-testid="comparison-view">
                <div class="card intro">
                    <h2>{ "Compare with a base snapshot" }</h2>
                    <p>{ format!("Choose or drop an earlier snapshot of the same process: DevTools' Comparison view then lists, \
                        class by class, the objects allocated and freed between it and {}, names the collections, \
                        listener lists and caches that grew, and shows the path that keeps a new object alive. Both \
                        snapshots stay in this tab's worker, memory permitting.", state.open_name) }</p>
                    { side_load::picker(ctx, Side::Base, "Choose the base snapshot…", "base-input-main", View::Comparison, true) }
                </div>
                { side_load::status(state, ctx, Side::Base, None) }
            </section>
        };
    };
    let by_id = c.diff.comparison == ComparisonKind::ById;
    let close = {
        let ctx = ctx.clone();
        Callback::from(move |_| side_load::release(&ctx, Side::Base))
    };
    html! {
        <section class="comparison" data-testid="comparison-view" data-same-process={c.diff.same_process.to_string()}
            data-kind={if by_id { "by-id" } else { "by-class" }}>
            <div class="toolbar">
                <p>
                    <strong>{ "Base " }</strong><span data-testid="base-name">{ c.name.clone() }</span>
                    <strong>{ " → open " }</strong>{ state.open_name.clone() }
                </p>
                { side_load::picker(ctx, Side::Base, "Another base…", "base-input-again", View::Comparison, false) }
                <button class="button" data-testid="close-comparison" onclick={close} title="Release the base snapshot's memory">{ "Close comparison" }</button>
            </div>
            { side_load::status(state, ctx, Side::Base, None) }
            if !by_id {
                <h2 class="fallback" data-testid="fallback-label">{ "Class-level comparison: the snapshots come from different processes" }</h2>
            }
            <p class={classes!("note", (!by_id).then_some("warn"))} data-testid="diff-note">{ c.diff.note.clone() }</p>
            { totals(&c) }
            if !c.diff.suspects.is_empty() {
                { suspects(&c.diff.suspects) }
            }
            { chart(&c) }
            { table(state, ctx, &c) }
        </section>
    }
}

fn signed_count(n: i64) -> String {
    if n > 0 {
        format!("+{}", format::count(n as u64))
    } else if n < 0 {
        format!("−{}", format::count(n.unsigned_abs()))
    } else {
        "0".into()
    }
}

fn signed_bytes(n: i64) -> String {
    if n > 0 {
        format!("+{}", format::bytes(n as u64))
    } else if n < 0 {
        format!("−{}", format::bytes(n.unsigned_abs()))
    } else {
        "0 B".into()
    }
}

fn totals(c: &Compared) -> Html {
    let t = &c.diff.totals;
    let figure = |label: &'static str, value: String, testid: &'static str, raw: String| {
        html! {
            <div class="figure">
                <span class="label">{ label }</span>
                <span class="value" data-testid={testid} data-value={raw}>{ value }</span>
            </div>
        }
    };
    let by_id = c.diff.comparison == ComparisonKind::ById;
    html! { <>
        <section class="totals" aria-label="Comparison totals">
            if by_id {
                { figure("New objects", format!("+{}", format::count(t.new)), "diff-new", t.new.to_string()) }
                { figure("Deleted objects", format!("−{}", format::count(t.deleted)), "diff-deleted", t.deleted.to_string()) }
                { figure("Allocated", format::bytes(t.alloc_size), "diff-alloc", t.alloc_size.to_string()) }
                { figure("Freed", format::bytes(t.freed_size), "diff-freed", t.freed_size.to_string()) }
            }
            { figure("Object count", signed_count(t.count_delta), "diff-count-delta", t.count_delta.to_string()) }
            { figure("Size", signed_bytes(t.size_delta), "diff-size-delta", t.size_delta.to_string()) }
            <div class="figure small" data-testid="comparison-stats" data-parse-ms={format!("{:.0}", c.parse_ms)}
                data-analysis-ms={format!("{:.0}", c.analysis_ms)} data-compare-ms={format!("{:.0}", c.compare_ms)}
                data-wasm-memory={c.wasm_memory_bytes.to_string()}>
                <span class="label">{ "Base read, analysed, compared in" }</span>
                <span class="value">{ format!("{:.2} s", (c.parse_ms + c.analysis_ms + c.compare_ms) / 1000.0) }</span>
                <span class="label">{ format!("comparing {:.0} ms · worker memory {}", c.compare_ms, format::bytes(c.wasm_memory_bytes)) }</span>
            </div>
        </section>
        if let Some(b) = &c.diff.allocated_between {
            <p class="muted" data-testid="allocated-between" data-count={b.count.to_string()}>
                { format!("Objects allocated between the snapshots (ids {} to {}): {} objects, {}.",
                    b.base_max_js_id + 1, b.target_max_js_id, format::count(b.count), format::bytes(b.self_size)) }
            </p>
        }
    </> }
}

fn suspects(list: &[GrowthSuspect]) -> Html {
    html! {
        <section class="card suspects">
            <h2>{ "What grew" }</h2>
            <p class="muted small">{ "The owners whose entries grew — collections, listener lists, caches — strongest first, with the path that keeps a sample new entry alive (each step opens that object)." }</p>
            <ol data-testid="suspects">
                { for list.iter().map(|s| {
                    let what: Vec<String> = s.accumulates.iter().map(|a| format!("{} ×{}", a.name, format::count(a.count))).collect();
                    html! {
                        <li data-testid="suspect" data-name={s.name.clone()} data-owner-id={s.owner.id.to_string()}
                            data-count-delta={s.count_delta.to_string()} data-size-delta={s.size_delta.to_string()}>
                            <p>
                                <strong class="suspect-name">{ s.name.clone() }</strong>
                                { format!(" ({} ", s.owner_class) }
                                <a href={format!("#object/@{}", s.owner.id)} data-id={s.owner.id.to_string()}>{ format!("@{}", s.owner.id) }</a>
                                { format!("): {} entries ({} → {}), accumulating {}; the new entries retain {}, the owner {}",
                                    signed_count(s.count_delta), format::count(s.entries_before), format::count(s.entries_after),
                                    what.join(", "), format::bytes(s.new_entries_retained_size), signed_bytes(s.size_delta)) }
                            </p>
                            { path_links(&s.retainer_path, "suspect-path") }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

fn chart(c: &Compared) -> Html {
    let rows = largest_deltas(&c.diff.classes, CHART_BARS);
    if rows.is_empty() {
        return html! { <p class="muted" data-testid="no-change">{ "No class changed in size." }</p> };
    }
    let bars: Vec<SignedBar> = rows
        .iter()
        .map(|&r| {
            let class = &c.diff.classes[r as usize];
            SignedBar {
                label: class.name.clone(),
                value: class.size_delta,
                text: signed_bytes(class.size_delta),
            }
        })
        .collect();
    html! {
        <section class="card">
            <h2>{ "Largest changes in size" }</h2>
            { signed_bars("delta-chart", "Size change per class, base to open snapshot (shallow sizes)", &bars) }
        </section>
    }
}

fn table(state: &AppState, ctx: &Ctx, c: &Rc<Compared>) -> Html {
    let cs = &state.compare;
    let by_id = c.diff.comparison == ComparisonKind::ById;
    let lines = Rc::new(diff_lines(&cs.diff_order, &cs.diff_expanded));
    let head = |label: &'static str, col: DiffColumn, class: &'static str| {
        let d = ctx.dispatch.clone();
        let onclick =
            Callback::from(move |_| d.dispatch(Action::Compare(CompareAction::DiffSort(col))));
        let sorted = (cs.diff_sort.column == col).then_some(cs.diff_sort.descending);
        sort_header(
            label,
            class,
            format!("diff-sort-{col:?}").to_lowercase(),
            sorted,
            onclick,
        )
    };
    let header = if by_id {
        html! { <>
            { head("Constructor", DiffColumn::Name, "") }
            { head("# New", DiffColumn::New, "num lo") }
            { head("# Deleted", DiffColumn::Deleted, "num lo") }
            { head("# Delta", DiffColumn::CountDelta, "num") }
            { head("Alloc. size", DiffColumn::AllocSize, "num lo") }
            { head("Freed size", DiffColumn::FreedSize, "num lo") }
            { head("Size delta", DiffColumn::SizeDelta, "num") }
        </> }
    } else {
        html! { <>
            { head("Constructor", DiffColumn::Name, "") }
            { head("# Base", DiffColumn::BaseCount, "num lo") }
            { head("# Open", DiffColumn::TargetCount, "num lo") }
            { head("# Delta", DiffColumn::CountDelta, "num") }
            { head("Base size", DiffColumn::BaseSize, "num lo") }
            { head("Open size", DiffColumn::TargetSize, "num lo") }
            { head("Size delta", DiffColumn::SizeDelta, "num") }
        </> }
    };
    let render_row = {
        let (state, ctx, lines, c) = (state.clone(), ctx.clone(), lines.clone(), c.clone());
        Callback::from(move |i: usize| line(&state, &ctx, &c, lines[i]))
    };
    let on_key = {
        let (state, ctx, lines, c) = (state.clone(), ctx.clone(), lines.clone(), c.clone());
        Callback::from(move |(i, key): (usize, RowKey)| {
            if let Some(&l) = lines.get(i) {
                on_line_key(&state, &ctx, &c, l, key);
            }
        })
    };
    let oninput = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::Compare(CompareAction::DiffFilter(input.value())));
        })
    };
    html! { <>
        <div class="toolbar">
            <input type="search" class="filter" placeholder="Filter by class name" data-testid="diff-filter"
                aria-label="Filter the comparison's classes by name" data-panel="" value={cs.diff_filter.clone()} {oninput} />
            <span class="muted" data-testid="diff-class-count">{ format!("{} of {} changed classes", format::count(cs.diff_order.len() as u64), format::count(c.diff.classes.len() as u64)) }</span>
        </div>
        <VirtualTable testid="diff-table" label="Classes compared" columns={COLUMNS} columns_narrow={Some(AttrValue::from(COLUMNS_NARROW))}
            {header} row_count={lines.len()} {render_row} {on_key} tree={by_id}
            scroll_key={format!("{:?}/{}/{}", cs.diff_sort, cs.diff_filter, c.req)} />
    </> }
}

/// Opens or closes row `row`, asking for the first page of each of its non-empty lists.
fn toggle(state: &AppState, ctx: &Ctx, c: &Compared, row: u32) {
    let open = state.compare.diff_expanded.contains_key(&row);
    ctx.dispatch
        .dispatch(Action::Compare(CompareAction::DiffToggle(row)));
    if open {
        return;
    }
    let Some(class) = c.diff.classes.get(row as usize) else {
        return;
    };
    for (deleted, n) in [(false, class.new), (true, class.deleted)] {
        if n.unwrap_or(0) > 0 {
            request(ctx, row, deleted, 0);
        }
    }
}

fn request(ctx: &Ctx, row: u32, deleted: bool, offset: usize) {
    ctx.client.compare(
        |job, req| CompareRequest::DiffObjects {
            job,
            req,
            row,
            deleted,
            offset: offset as u32,
        },
        None,
    );
}

fn more(state: &AppState, ctx: &Ctx, row: u32, deleted: bool) {
    let Some(e) = state.compare.diff_expanded.get(&row) else {
        return;
    };
    let list = e.list(deleted);
    if list.loading {
        return;
    }
    ctx.dispatch
        .dispatch(Action::Compare(CompareAction::DiffMore { row, deleted }));
    request(ctx, row, deleted, list.rows.len());
}

fn object(state: &AppState, row: u32, deleted: bool, k: usize) -> Option<&NodeRow> {
    state
        .compare
        .diff_expanded
        .get(&row)
        .and_then(|e| e.list(deleted).rows.get(k))
}

fn on_line_key(state: &AppState, ctx: &Ctx, c: &Compared, line: DiffLine, key: RowKey) {
    let by_id = c.diff.comparison == ComparisonKind::ById;
    match line {
        DiffLine::Class(row) if by_id => {
            let open = state.compare.diff_expanded.contains_key(&row);
            match key {
                RowKey::Activate => toggle(state, ctx, c, row),
                RowKey::Expand if !open => toggle(state, ctx, c, row),
                RowKey::Collapse if open => toggle(state, ctx, c, row),
                _ => {}
            }
        }
        DiffLine::Object {
            row,
            deleted: false,
            k,
        } => {
            if let (RowKey::Activate, Some(n)) = (key, object(state, row, false, k)) {
                ctx.navigate(&Route {
                    selected: Some(n.id),
                    ..state.route.clone()
                });
            }
        }
        DiffLine::More { row, deleted } if key == RowKey::Activate => {
            more(state, ctx, row, deleted)
        }
        _ => {}
    }
}

/// An optional count or size cell: a dash where the class-level fallback does not know it.
fn known(v: Option<u64>, sign: &str, f: fn(u64) -> String) -> String {
    match v {
        Some(0) => f(0),
        Some(n) => format!("{sign}{}", f(n)),
        None => "—".into(),
    }
}

fn line(state: &AppState, ctx: &Ctx, c: &Compared, line: DiffLine) -> Html {
    let by_id = c.diff.comparison == ComparisonKind::ById;
    match line {
        DiffLine::Class(row) => {
            let Some(class) = c.diff.classes.get(row as usize) else {
                return html! {};
            };
            let open = state.compare.diff_expanded.contains_key(&row);
            let name = if by_id {
                let onclick = {
                    let (state, ctx, c) = (state.clone(), ctx.clone(), c.clone());
                    Callback::from(move |_| toggle(&state, &ctx, &c, row))
                };
                html! {
                    <button class="cell name class" tabindex="-1" aria-expanded={open.to_string()} title={class.key.clone()} {onclick}>
                        <span class="twisty">{ if open { "▾ " } else { "▸ " } }</span>{ class.name.clone() }
                    </button>
                }
            } else {
                html! { <span class="cell name" title={class.key.clone()}>{ class.name.clone() }</span> }
            };
            let opt = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
            html! { <>
                <span class="contents" data-testid="diff-row" data-name={class.name.clone()} data-key={class.key.clone()}
                    data-new={opt(class.new)} data-deleted={opt(class.deleted)} data-count-delta={class.count_delta.to_string()}
                    data-alloc-size={opt(class.alloc_size)} data-freed-size={opt(class.freed_size)} data-size-delta={class.size_delta.to_string()}
                    data-base-count={class.base_count.to_string()} data-target-count={class.target_count.to_string()}>
                    { name }
                </span>
                if by_id {
                    <span class="cell num lo">{ known(class.new, "+", format::count) }</span>
                    <span class="cell num lo">{ known(class.deleted, "−", format::count) }</span>
                } else {
                    <span class="cell num lo">{ format::count(class.base_count) }</span>
                    <span class="cell num lo">{ format::count(class.target_count) }</span>
                }
                <span class="cell num">{ signed_count(class.count_delta) }</span>
                if by_id {
                    <span class="cell num lo">{ known(class.alloc_size, "+", format::bytes) }</span>
                    <span class="cell num lo">{ known(class.freed_size, "−", format::bytes) }</span>
                } else {
                    <span class="cell num lo">{ format::bytes(class.base_size) }</span>
                    <span class="cell num lo">{ format::bytes(class.target_size) }</span>
                }
                <span class={classes!("cell", "num", delta_class(class.size_delta))}>{ signed_bytes(class.size_delta) }</span>
            </> }
        }
        DiffLine::Object { row, deleted, k } => {
            let Some(n) = object(state, row, deleted, k) else {
                return html! {};
            };
            let name = if deleted {
                html! {
                    <span class="cell name instance deleted" data-testid="diff-object" data-kind="deleted" data-id={n.id.to_string()}
                        title="Deleted: only the base has it">
                        <span class="tag">{ "deleted" }</span>{ format!(" {} ", super::display_name(n)) }<span class="id">{ format!("@{}", n.id) }</span>
                        <span class="small">{ format!(" retained {} in the base", format::bytes(n.retained_size)) }</span>
                    </span>
                }
            } else {
                html! {
                    <span class="cell name instance" data-testid="diff-object" data-kind="new" data-id={n.id.to_string()}>
                        <span class="tag new">{ "new" }</span>{ " " }{ super::object_link(state, ctx, n) }
                        <span class="muted small">{ format!(" retains {}", format::bytes(n.retained_size)) }</span>
                    </span>
                }
            };
            let size = format::bytes(n.self_size);
            html! { <>
                { name }
                <span class="cell num lo"></span>
                <span class="cell num lo"></span>
                <span class="cell num"></span>
                <span class="cell num lo">{ if deleted { String::new() } else { format!("+{size}") } }</span>
                <span class="cell num lo">{ if deleted { format!("−{size}") } else { String::new() } }</span>
                <span class="cell num">{ if deleted { format!("−{size}") } else { format!("+{size}") } }</span>
            </> }
        }
        DiffLine::More { row, deleted } => {
            let e = state.compare.diff_expanded.get(&row);
            let (loaded, all, loading) = e.map_or((0, 0, false), |e| {
                let l = e.list(deleted);
                (l.rows.len(), l.total, l.loading)
            });
            let what = if deleted { "deleted" } else { "new" };
            let onclick = {
                let (state, ctx) = (state.clone(), ctx.clone());
                Callback::from(move |_| more(&state, &ctx, row, deleted))
            };
            html! {
                <span class="cell name instance more">
                    if loading { { format!("Loading {what} objects…") } } else {
                        <button class="link" tabindex="-1" {onclick}>
                            { format!("Show more {what} objects ({} of {})", format::count(loaded as u64), format::count(all as u64)) }
                        </button>
                    }
                </span>
            }
        }
    }
}

fn delta_class(delta: i64) -> &'static str {
    match delta.signum() {
        1 => "grew",
        -1 => "shrank",
        _ => "",
    }
}
