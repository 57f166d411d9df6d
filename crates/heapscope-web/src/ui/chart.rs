//! The app's charts, hand-drawn SVG: a donut with a legend giving each slice in bytes and percent,
//! and horizontal bars (the report's string lengths, top classes and pattern groups). Geometry
//! lives in [`crate::chart_geometry`]; this module only lays out the SVG. Colours come from the
//! stylesheet's classes (`bar`, `bar-track`, `chart-label`), so both themes are readable; labels
//! are text nodes (dump strings are data).

use crate::chart_geometry::{bar_widths, fractions, ring_slice};
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

/// One bar: its label, its length and the figures written beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// What is written after the bar (`1.2 MB · 3,400 objects`).
    pub figures: String,
}

/// Characters of a label drawn before it is cut (the whole label is in the bar's tooltip).
const BAR_LABEL_CHARS: usize = 28;
const BAR_ROW: f64 = 24.0;
const BAR_LABEL_W: f64 = 190.0;
const BAR_W: f64 = 220.0;
const BAR_FIGURES_W: f64 = 270.0;

/// Horizontal bars, longest first as given, each bar's length proportional to its value (the
/// longest spans the track); `caption` says what the bars measure.
pub fn bars(testid: &'static str, caption: &str, rows: &[Bar]) -> Html {
    if rows.is_empty() {
        return html! { <p class="muted" data-testid={testid}>{ "Nothing to show." }</p> };
    }
    let values: Vec<f64> = rows.iter().map(|r| r.value as f64).collect();
    let widths = bar_widths(&values, BAR_W);
    let width = BAR_LABEL_W + BAR_W + BAR_FIGURES_W;
    let height = BAR_ROW * rows.len() as f64;
    html! {
        <figure class="bars" data-testid={testid}>
            <svg viewBox={format!("0 0 {width} {height}")} width="100%" role="img" aria-label={caption.to_string()}
                preserveAspectRatio="xMinYMin meet">
                { for rows.iter().zip(&widths).enumerate().map(|(i, (r, w))| {
                    let y = i as f64 * BAR_ROW;
                    let label = cut(&r.label, BAR_LABEL_CHARS);
                    html! {
                        <g class="bar-row" data-testid="bar" data-label={r.label.clone()} data-value={r.value.to_string()}>
                            <title>{ format!("{}: {}", r.label, r.figures) }</title>
                            <text x={(BAR_LABEL_W - 8.0).to_string()} y={(y + 16.0).to_string()} text-anchor="end" class="chart-label">{ label }</text>
                            <rect class="bar-track" x={BAR_LABEL_W.to_string()} y={(y + 5.0).to_string()} width={BAR_W.to_string()} height="14" rx="2" />
                            <rect class="bar" x={BAR_LABEL_W.to_string()} y={(y + 5.0).to_string()} width={format!("{w:.2}")} height="14" rx="2" />
                            <text x={(BAR_LABEL_W + BAR_W + 8.0).to_string()} y={(y + 16.0).to_string()} class="chart-figures">{ r.figures.clone() }</text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}

/// `s` cut to `max` characters with `…`.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
