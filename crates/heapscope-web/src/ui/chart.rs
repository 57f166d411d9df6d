//! The one chart: a hand-drawn SVG donut with a legend giving each slice in bytes and percent.
//! Geometry lives in [`crate::chart_geometry`]; this module only lays out the SVG.

use crate::chart_geometry::{fractions, ring_slice};
use crate::format;
use yew::prelude::*;

/// One slice of the donut.
#[derive(Clone, Debug, PartialEq)]
pub struct Slice {
    pub label: &'static str,
    pub value: u64,
    pub color: &'static str,
}

/// A donut of `slices` with `total` in its centre, and the legend beside it.
pub fn donut(testid: &'static str, slices: &[Slice], total: u64) -> Html {
    let values: Vec<f64> = slices.iter().map(|s| s.value as f64).collect();
    let spans = fractions(&values);
    html! {
        <figure class="donut" data-testid={testid}>
            <svg viewBox="0 0 200 200" width="220" height="220" role="img" aria-label="Heap by category">
                { for slices.iter().zip(&spans).filter(|(s, _)| s.value > 0).map(|(s, (a, b))| html! {
                    <path d={ring_slice(100.0, 100.0, 92.0, 58.0, *a, *b)} fill={s.color}>
                        <title>{ format!("{}: {} ({})", s.label, format::bytes(s.value), format::percent(s.value, total)) }</title>
                    </path>
                }) }
                <text x="100" y="96" text-anchor="middle" class="donut-total">{ format::bytes(total) }</text>
                <text x="100" y="116" text-anchor="middle" class="donut-caption">{ "total" }</text>
            </svg>
            <table class="legend">
                <tbody>
                    { for slices.iter().map(|s| html! {
                        <tr>
                            <td><span class="swatch" style={format!("background:{}", s.color)}></span>{ s.label }</td>
                            <td class="num">{ format::bytes(s.value) }</td>
                            <td class="num">{ format::percent(s.value, total) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </figure>
    }
}
