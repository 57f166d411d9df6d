//! The Overview view: DevTools' statistics as a donut, the heap by category, detached objects.

use super::chart::{donut, Slice};
use crate::format;
use heapscope_core::Overview;
use yew::prelude::*;

pub fn overview(o: &Overview) -> Html {
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
                <h2>{ "By category" }</h2>
                <table class="plain" data-testid="categories">
                    <thead><tr><th>{ "Category" }</th><th class="num">{ "Size" }</th><th class="num">{ "% of heap" }</th></tr></thead>
                    <tbody>
                        { for o.categories.iter().map(|c| html! {
                            <tr>
                                <td>{ c.name.clone() }</td>
                                <td class="num" data-value={c.size.to_string()}>{ format::bytes(c.size) }</td>
                                <td class="num">{ format::percent_value(c.percent) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <h2>{ "Detached objects" }</h2>
                <p data-testid="detached" data-value={o.detached.count.to_string()}>
                    { format!("{} detached DOM/embedder objects, {} shallow", format::count(o.detached.count), format::bytes(o.detached.shallow_size)) }
                </p>
            </section>
        </div>
    }
}
