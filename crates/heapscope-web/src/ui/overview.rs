//! The Overview view: DevTools' statistics as a donut (its legend gives each category), the objects
//! by node type as the file has them, detached objects; while the dominators are still being
//! computed, the largest classes by shallow size.

use super::chart::{donut, Slice};
use crate::format;
use heapscope_core::{ClassRow, CountAndSize, Overview};
use std::collections::BTreeMap;
use yew::prelude::*;

pub fn overview(o: &Overview, by_type: Option<&BTreeMap<String, CountAndSize>>) -> Html {
    let s = &o.statistics;
    let slices = [
        Slice {
            label: "Code",
            value: s.code,
            color: "#f5a623",
        },
        Slice {
            label: "Strings",
            value: s.strings,
            color: "#b83b5e",
        },
        Slice {
            label: "JS arrays",
            value: s.js_arrays,
            color: "#6a2c70",
        },
        Slice {
            label: "Typed arrays",
            value: s.typed_arrays,
            color: "#3f72af",
        },
        Slice {
            label: "System objects",
            value: s.system,
            color: "#8c8c8c",
        },
        Slice {
            label: "Other JS objects",
            value: s.other_js,
            color: "#2a9d8f",
        },
        Slice {
            label: "Other non-JS objects",
            value: s.other_native,
            color: "#a3c4bc",
        },
    ];
    html! {
        <div class="overview" data-testid="overview">
            <section class="card">
                <h2>{ "Statistics" }</h2>
                { donut("statistics-chart", &slices, s.total) }
            </section>
            <section class="card">
                <h2>{ "By node type" }</h2>
                if let Some(by_type) = by_type {
                    <p class="muted small">{ "Objects of each type as the file has them, with their own sizes before DevTools moves the size of owned arrays to their owner." }</p>
                    <table class="plain" data-testid="node-types">
                        <thead><tr><th>{ "Type" }</th><th class="num">{ "Objects" }</th><th class="num">{ "Self size" }</th></tr></thead>
                        <tbody>
                            { for sorted(by_type).into_iter().map(|(ty, c)| html! {
                                <tr data-type={ty.clone()}>
                                    <td>{ ty.clone() }</td>
                                    <td class="num">{ format::count(c.count) }</td>
                                    <td class="num" data-value={c.self_size.to_string()}>{ format::bytes(c.self_size) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                } else {
                    <p class="muted">{ "Counted once the analysis is done." }</p>
                }
                <h2>{ "Detached objects" }</h2>
                <p data-testid="detached" data-value={o.detached.count.to_string()}>
                    { format!("{} detached DOM/embedder objects, {} shallow", format::count(o.detached.count), format::bytes(o.detached.shallow_size)) }
                </p>
            </section>
        </div>
    }
}

/// The largest classes by shallow size, of `class_count`, before their retained sizes are known (the
/// Summary, sorted by retained size, opens once they are).
pub fn early_classes(rows: &[ClassRow], class_count: u64) -> Html {
    html! {
        <section class="card" data-testid="early-classes">
            <h2>{ "Largest classes by shallow size" }</h2>
            <p class="muted small">
                { format!("{} of {} classes. Retained sizes are still being computed; the Summary opens when they are.", rows.len(), format::count(class_count)) }
            </p>
            <table class="plain">
                <thead><tr><th>{ "Class" }</th><th class="num">{ "Objects" }</th><th class="num">{ "Shallow size" }</th><th class="num">{ "Distance" }</th></tr></thead>
                <tbody>
                    { for rows.iter().map(|r| html! {
                        <tr data-class={r.name.clone()}>
                            <td class="name">{ r.name.clone() }</td>
                            <td class="num" data-value={r.count.to_string()}>{ format::count(r.count) }</td>
                            <td class="num" data-value={r.shallow_size.to_string()}>{ format::bytes(r.shallow_size) }</td>
                            <td class="num">{ format::distance(r.distance) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

/// Node types, largest self size first.
fn sorted(by_type: &BTreeMap<String, CountAndSize>) -> Vec<(&String, &CountAndSize)> {
    let mut v: Vec<_> = by_type.iter().collect();
    v.sort_by(|a, b| b.1.self_size.cmp(&a.1.self_size).then(a.0.cmp(b.0)));
    v
}
