//! The Report view: the core's analysis report (ten sections, computed by the worker when the
//! view is first opened or the groups change) with a table of contents, the charts a person
//! would rather look at than read (the dominator tree as a treemap, string lengths, top classes,
//! pattern groups), the pattern groups editor, the report itself rendered from its Markdown, and
//! downloads of the Markdown and JSON exports (made in the page, byte for byte what
//! `heapscope report` prints).

use super::chart::{bars, Bar};
use super::download;
use super::groups_editor;
use super::report_doc::ReportDoc;
use super::treemap;
use crate::app::state::{AppState, ReportData};
use crate::app::Ctx;
use crate::format;
use std::rc::Rc;
use yew::prelude::*;

/// Classes in the top-classes chart.
const TOP_CLASSES: usize = 10;

pub fn report(state: &AppState, ctx: &Ctx) -> Html {
    if let Some((_, message)) = &state.report.refused {
        return html! {
            <section class="report" data-testid="report-view">
                <div class="error" role="alert" data-testid="report-refused"><p>{ message.clone() }</p></div>
            </section>
        };
    }
    let Some(data) = state.report.shown.clone() else {
        return html! {
            <section class="report" data-testid="report-view">
                <div class="progress" role="status" data-testid="report-building">
                    <p>{ "Building the report in the analysis worker: largest objects and their paths, strings, code, shapes, closures, detached objects, groups, leak suspects, recommendations…" }</p>
                    <progress></progress>
                    <p class="muted small">{ "The page stays usable meanwhile; the other views answer once it is done." }</p>
                </div>
            </section>
        };
    };
    let analysis_ms = state.data.as_ref().map_or(0.0, |d| d.elapsed_ms);
    let a = &data.answer;
    html! {
        <section class="report" data-testid="report-view">
            <div class="toolbar report-bar">
                <p class="muted" data-testid="report-stats" data-elapsed-ms={format!("{:.0}", a.elapsed_ms)}
                    data-analysis-ms={format!("{analysis_ms:.0}")} data-wasm-before={a.wasm_memory_before.to_string()}
                    data-wasm-after={a.wasm_memory_after.to_string()} data-groups={a.options.groups.len().to_string()}
                    data-phases={data.report.timings_ms.iter().map(|(p, ms)| format!("{}={ms:.0}", p.trim())).collect::<Vec<_>>().join(";")}>
                    { format!("Built in {} in the worker (the analysis took {}); worker memory {} → {}.",
                        millis(a.elapsed_ms), millis(analysis_ms), format::bytes(a.wasm_memory_before), format::bytes(a.wasm_memory_after)) }
                    if state.report.pending.is_some() {
                        <span class="updating" data-testid="report-updating">{ " Updating for the new groups…" }</span>
                    }
                </p>
                { downloads(state, &data) }
            </div>
            <div class="report-layout">
                { toc(&data) }
                <div class="report-main">
                    <section class="charts" aria-label="Charts">
                        <section class="card wide">
                            <h2>{ "What keeps the heap alive" }</h2>
                            { treemap::treemap(state, ctx) }
                        </section>
                        <section class="card">
                            <h2>{ "Strings by length" }</h2>
                            { bars("strings-chart", "String memory by length in characters", &string_bars(&data)) }
                        </section>
                        <section class="card">
                            <h2>{ "Top classes by retained size" }</h2>
                            { bars("classes-chart", "The classes that retain the most", &class_bars(state)) }
                        </section>
                        <section class="card">
                            <h2>{ "Pattern groups by retained size" }</h2>
                            { bars("groups-chart", "Retained size of each pattern group", &group_bars(&data)) }
                        </section>
                    </section>
                    { groups_editor::editor(state, ctx) }
                    <ReportDoc data={data.clone()} />
                </div>
            </div>
        </section>
    }
}

fn millis(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.0} ms")
    }
}

fn downloads(state: &AppState, data: &Rc<ReportData>) -> Html {
    let stem = download::stem(&state.open_name).to_string();
    let md = {
        let (data, name) = (data.clone(), format!("{stem}.report.md"));
        Callback::from(move |_| {
            report_error(download::save(
                &name,
                "text/markdown",
                &data.answer.markdown,
            ))
        })
    };
    let json = {
        let (data, name) = (data.clone(), format!("{stem}.report.json"));
        Callback::from(move |_| {
            let text = data.answer.report_json.clone() + "\n";
            report_error(download::save(&name, "application/json", &text))
        })
    };
    html! {
        <div class="downloads">
            <button class="button" data-testid="download-md" onclick={md} title="The report as Markdown, for an incident ticket">{ "Download Markdown" }</button>
            <button class="button" data-testid="download-json" onclick={json} title="The report as JSON (keys in the README)">{ "Download JSON" }</button>
        </div>
    }
}

fn report_error(r: Result<(), String>) {
    if let Err(e) = r {
        web_sys::console::error_1(&format!("heapscope: the download failed: {e}").into());
    }
}

/// The table of contents: the key findings and the ten sections.
fn toc(data: &ReportData) -> Html {
    let entry = |anchor: String, text: String, testid: &'static str| {
        let target = anchor.clone();
        let onclick = Callback::from(move |_| {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&target))
            {
                el.scroll_into_view();
            }
        });
        html! { <li><button class="link" data-testid={testid} data-anchor={anchor} {onclick}>{ text }</button></li> }
    };
    html! {
        <nav class="toc" aria-label="Report contents" data-testid="report-toc">
            <ol>
                { for data.doc.headings.iter().map(|h| entry(h.anchor.clone(), h.text.clone(), "toc-entry")) }
            </ol>
        </nav>
    }
}

fn string_bars(data: &ReportData) -> Vec<Bar> {
    data.report
        .strings
        .buckets
        .iter()
        .map(|b| Bar {
            label: format!("{} characters", b.label),
            value: b.size,
            figures: format!(
                "{} · {} strings",
                format::bytes(b.size),
                format::count(b.count)
            ),
        })
        .collect()
}

/// A bar of a retained size, with its share of the heap and how many objects it counts.
fn retained_bar(label: &str, retained: u64, count: u64, total: u64) -> Bar {
    Bar {
        label: label.to_string(),
        value: retained,
        figures: format!(
            "{} ({}) · {} objects",
            format::bytes(retained),
            format::percent(retained, total),
            format::count(count)
        ),
    }
}

fn class_bars(state: &AppState) -> Vec<Bar> {
    let total = state.data.as_ref().map_or(0, |d| d.overview.total_size);
    let mut classes: Vec<_> = state.all_classes.iter().collect();
    classes.sort_by(|a, b| {
        b.retained_size
            .cmp(&a.retained_size)
            .then(a.index.cmp(&b.index))
    });
    classes
        .into_iter()
        .take(TOP_CLASSES)
        .map(|c| retained_bar(&c.name, c.retained_size, c.count, total))
        .collect()
}

fn group_bars(data: &ReportData) -> Vec<Bar> {
    let total = data.report.overview.total_size;
    let mut groups: Vec<_> = data
        .report
        .groups
        .groups
        .iter()
        .filter(|g| g.count > 0)
        .collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.retained_size));
    groups
        .into_iter()
        .map(|g| retained_bar(&g.name, g.retained_size, g.count, total))
        .collect()
}
