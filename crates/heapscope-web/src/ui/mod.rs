//! The views: plain functions from the state to HTML (plus the reusable components, the
//! virtual [`table`] and the [`chart`]s). Invariant: strings from a dump are only ever text
//! nodes (`{ value }` in `html!`), never markup.

mod allocations;
pub mod chart;
mod comparison;
mod detached;
mod dominators;
mod download;
mod groups_editor;
mod leaks;
mod nodes;
mod overview;
mod path;
mod profile;
mod report;
mod report_doc;
mod selection;
mod side_load;
mod status;
mod summary;
pub mod table;
mod tree;
pub mod treemap;

use crate::app::state::{Action, AppState, LoadState};
use crate::app::Ctx;
use crate::format;
use crate::route::{Route, View};
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

/// The whole page.
pub fn page(state: &AppState, ctx: &Ctx) -> Html {
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let ctx = ctx.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                ctx.load(&file, &file.name());
            }
        })
    };
    html! {
        <div class="page" {ondragover} {ondrop}>
            <header class="top">
                <h1 class="brand">{ "Heapscope" }</h1>
                { file_controls(state, ctx) }
                <p class="privacy">{ "Your snapshot is analysed in this tab; nothing is uploaded." }</p>
                { theme_toggle(state, ctx) }
            </header>
            { status::status(state, ctx) }
            if let Some(data) = &state.data {
                { totals(&data.overview, Some(data)) }
                { tabs(state, ctx) }
                <main class="view">
                    { match state.route.view {
                        View::Overview => overview::overview(&data.overview, Some(&data.by_type)),
                        View::Report => report::report(state, ctx),
                        View::Summary => summary::summary(state, ctx),
                        View::Largest => nodes::largest(state, ctx),
                        View::Containment => dominators::containment(state, ctx),
                        View::Dominators => dominators::dominators(state, ctx),
                        View::Detached => detached::detached(state, ctx),
                        View::Search => nodes::search(state, ctx),
                        View::Comparison => comparison::comparison(state, ctx),
                        View::Leaks => leaks::leaks(state, ctx),
                        View::Allocations => allocations::allocations(state, ctx),
                        View::Profile => profile::profile(state, ctx),
                        View::Object => selection::panel(state, ctx),
                    } }
                    if !matches!(state.route.view, View::Overview | View::Object | View::Report | View::Allocations | View::Profile) {
                        { selection::panel(state, ctx) }
                    }
                </main>
                <p class="keys muted">{ "Keys: Tab reaches each table once; ↑ ↓ move, Enter selects or expands, → ← open and close; F6 jumps to the next panel." }</p>
            } else if let Some(early) = &state.early {
                // The Overview's figures are final before the rest of the analysis is done.
                { totals(early, None) }
                <main class="view">
                    { overview::overview(early, None) }
                    if let Some(classes) = &state.early_classes {
                        { overview::early_classes(&classes.0, classes.1) }
                    }
                </main>
            }
        </div>
    }
}

fn file_controls(state: &AppState, ctx: &Ctx) -> Html {
    html! {
        <div class="controls">
            { open_button(ctx, "file-input") }
            if state.data.is_some() && !busy(state) {
                { comparison::base_button(ctx) }
            }
            <button class="button" data-testid="try-sample" onclick={let ctx = ctx.clone(); Callback::from(move |_| ctx.load_sample())}>
                { "Try a sample" }
            </button>
            <span class="hint">{ "or drop a .heapsnapshot / .heapsnapshot.gz anywhere on the page (a .cpuprofile next to an open snapshot)" }</span>
        </div>
    }
}

/// The "Open snapshot…" button (a label around a hidden file input).
pub fn open_button(ctx: &Ctx, testid: &'static str) -> Html {
    let onchange = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                ctx.load(&file, &file.name());
            }
            input.set_value(""); // so choosing the same file again reloads it
        })
    };
    html! {
        <label class="button primary">
            { "Open snapshot…" }
            <input type="file" data-testid={testid} accept=".heapsnapshot,.heaptimeline,.cpuprofile,.gz,application/json,application/gzip" {onchange} />
        </label>
    }
}

fn theme_toggle(state: &AppState, ctx: &Ctx) -> Html {
    let next = state.theme.next();
    let onclick = {
        let d = ctx.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::SetTheme(next)))
    };
    let label = match state.theme {
        crate::app::state::Theme::System => "Theme: as the system",
        crate::app::state::Theme::Light => "Theme: light",
        crate::app::state::Theme::Dark => "Theme: dark",
    };
    html! {
        <button class="button theme" data-testid="theme-toggle" data-theme={state.theme.slug()} {onclick}
            title="Switch between the system's colours, dark and light">{ label }</button>
    }
}

/// The totals bar; `done` is the finished load (class count and timings), `None` while the rest
/// of the analysis still runs.
fn totals(o: &heapscope_core::Overview, done: Option<&crate::protocol::Loaded>) -> Html {
    html! {
        <section class="totals" aria-label="Totals">
            <div class="figure">
                <span class="label">{ "Total size" }</span>
                <span class="value" data-testid="total-size" data-value={o.total_size.to_string()}>{ format::bytes(o.total_size) }</span>
            </div>
            <div class="figure">
                <span class="label">{ "Objects" }</span>
                <span class="value" data-testid="node-count" data-value={o.nodes.to_string()}>{ format::count(o.nodes) }</span>
            </div>
            <div class="figure">
                <span class="label">{ "References" }</span>
                <span class="value" data-testid="edge-count" data-value={o.edges.to_string()}>{ format::count(o.edges) }</span>
            </div>
            if let Some(data) = done {
                <div class="figure">
                    <span class="label">{ "Classes" }</span>
                    <span class="value">{ format::count(o.class_count) }</span>
                </div>
                <div class="figure small" data-testid="load-stats"
                    data-elapsed-ms={format!("{:.0}", data.elapsed_ms)} data-parse-ms={format!("{:.0}", data.parse_ms)} data-feed-ms={format!("{:.0}", data.feed_ms)}
                    data-phases={data.phases_ms.iter().map(|(p, ms)| format!("{p}={ms:.0}")).collect::<Vec<_>>().join(";")} data-wasm-memory={data.wasm_memory_bytes.to_string()}>
                    <span class="label">{ "Analysed in" }</span>
                    <span class="value">{ format!("{:.2} s", data.elapsed_ms / 1000.0) }</span>
                    <span class="label">{ format!("worker memory {}", format::bytes(data.wasm_memory_bytes)) }</span>
                </div>
            } else {
                <div class="figure" data-testid="classes-pending">
                    <span class="label">{ "Classes" }</span>
                    <span class="value">{ "…" }</span>
                    <span class="label">{ "dominators and classes in progress" }</span>
                </div>
            }
        </section>
    }
}

fn tabs(state: &AppState, ctx: &Ctx) -> Html {
    html! {
        <nav class="tabs" aria-label="Views">
            { for View::TABS.iter().filter(|&&v| comparison::tab_shown(state, v)).map(|&v| {
                let ctx = ctx.clone();
                let route = Route { view: v, ..state.route.clone() };
                let onclick = Callback::from(move |_| ctx.navigate(&route));
                let active = v == state.route.view;
                html! {
                    <button class={if active { "tab active" } else { "tab" }} data-testid={format!("tab-{}", v.slug())}
                        aria-current={active.then_some("page")} data-panel={active.then_some("")} {onclick}>{ v.title() }</button>
                }
            }) }
        </nav>
    }
}

/// True while a file is being read or analysed.
pub fn busy(state: &AppState) -> bool {
    matches!(state.load, LoadState::Loading { .. })
}

/// A clickable object name: `Name @id`, selecting the object (in the current view). Not a tab stop
/// of its own: tables are reached with one Tab and their rows with the arrow keys.
pub fn object_link(state: &AppState, ctx: &Ctx, row: &heapscope_core::NodeRow) -> Html {
    let route = Route {
        selected: Some(row.id),
        ..state.route.clone()
    };
    let ctx = ctx.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        ctx.navigate(&route)
    });
    let selected = state.route.selected == Some(row.id);
    html! {
        <button class={if selected { "object selected" } else { "object" }} data-id={row.id.to_string()} tabindex="-1"
            title={format!("Select {} @{}", display_name(row), row.id)} {onclick}>
            <span class={classes!("name", format!("t-{}", row.node_type.replace(' ', "-")))}>{ display_name(row) }</span>
            <span class="id">{ format!(" @{}", row.id) }</span>
        </button>
    }
}

/// The text DevTools shows for an object: strings quoted, closures with `()`, arrays with `[]`, a
/// nameless object by its type.
pub fn display_name(row: &heapscope_core::NodeRow) -> String {
    let name = &row.name;
    match row.node_type.as_str() {
        "string" | "concatenated string" | "sliced string" => format!("\"{name}\""),
        "closure" => format!("{name}()"),
        "regexp" => format!("/{name}/"),
        "array" if name.is_empty() => "(internal array)[]".to_string(),
        "array" => format!("{name}[]"),
        _ if name.is_empty() => format!("({})", row.node_type),
        _ => name.clone(),
    }
}
