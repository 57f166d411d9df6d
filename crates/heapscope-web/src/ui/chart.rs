//! The app's charts, hand-drawn SVG: a donut with a legend giving each slice in bytes and percent
//! (the Overview), horizontal bars (the report's string lengths, top classes and pattern groups),
//! signed horizontal bars (the Comparison's largest changes) and columns over time (the allocation
//! timeline). Geometry lives in [`crate::chart_geometry`]; this module only lays out the SVG.
//! Colours come from the stylesheet's classes (`bar`, `bar-track`, `chart-label`, `bar up`), so
//! both themes are readable; labels from a dump are text nodes.

use crate::chart_geometry::{bar_widths, fractions, groups, ring_slice, signed_bar};
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

/// One bar of [`signed_bars`].
#[derive(Clone, Debug, PartialEq)]
pub struct SignedBar {
    pub label: String,
    pub value: i64,
    /// The value as the bar's end shows it (`+20.8 MB`).
    pub text: String,
}

/// Characters of a signed bar's label shown beside it (the whole label is its tooltip).
const SIGNED_LABEL_CHARS: usize = 34;

/// Horizontal bars of signed values from one zero line, labels on the left: growth to the right,
/// shrinking to the left.
pub fn signed_bars(testid: &'static str, caption: &str, bars: &[SignedBar]) -> Html {
    const ROW: f64 = 22.0;
    const LABEL_W: f64 = 230.0;
    const PLOT_W: f64 = 420.0;
    const VALUE_W: f64 = 90.0;
    let lo = bars.iter().map(|b| b.value).min().unwrap_or(0) as f64;
    let hi = bars.iter().map(|b| b.value).max().unwrap_or(0) as f64;
    let height = ROW * bars.len() as f64 + 8.0;
    let width = LABEL_W + PLOT_W + VALUE_W;
    let zero = LABEL_W + signed_bar(0.0, lo, hi, PLOT_W).2;
    html! {
        <figure class="bars" data-testid={testid}>
            <svg viewBox={format!("0 0 {width} {height}")} width="100%" role="img" aria-label={caption.to_owned()}
                preserveAspectRatio="xMinYMin meet" style={format!("max-width:{width}px")}>
                <line class="axis" x1={zero.to_string()} x2={zero.to_string()} y1="0" y2={height.to_string()} />
                { for bars.iter().enumerate().map(|(i, b)| {
                    let (x, w, _) = signed_bar(b.value as f64, lo, hi, PLOT_W);
                    let y = 4.0 + i as f64 * ROW;
                    let up = b.value >= 0;
                    // The value reads right of the bar, or of the zero line for a bar going left.
                    let text_x = LABEL_W + (x + w).max(zero - LABEL_W) + 4.0;
                    html! {
                        <g data-testid="bar" data-label={b.label.clone()} data-value={b.value.to_string()}>
                            <title>{ format!("{}: {}", b.label, b.text) }</title>
                            <text class="bar-label" x={(LABEL_W - 6.0).to_string()} y={(y + 15.0).to_string()} text-anchor="end">
                                { cut(&b.label, SIGNED_LABEL_CHARS) }
                            </text>
                            <rect class={if up { "bar up" } else { "bar down" }} x={(LABEL_W + x).to_string()} y={(y + 3.0).to_string()}
                                width={w.max(1.0).to_string()} height={(ROW - 6.0).to_string()} rx="2" />
                            <text class="bar-value" x={text_x.to_string()} y={(y + 15.0).to_string()}>{ b.text.clone() }</text>
                        </g>
                    }
                }) }
            </svg>
            <figcaption class="muted small">{ caption.to_owned() }</figcaption>
        </figure>
    }
}

/// One point in time of [`columns`].
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Where it is on the time axis, as the axis labels it (`45 ms`).
    pub at: String,
    pub value: u64,
}

/// Most columns drawn; more points are summed into neighbouring groups.
const MOST_COLUMNS: usize = 240;

/// Columns over time, one a point (or a group of neighbouring points when there are many), the
/// largest reaching the top; `format` writes a value.
pub fn columns(
    testid: &'static str,
    caption: &str,
    points: &[Point],
    format: fn(u64) -> String,
) -> Html {
    const W: f64 = 640.0;
    const H: f64 = 200.0;
    const LEFT: f64 = 70.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 24.0;
    let groups = groups(points.len(), MOST_COLUMNS);
    let sums: Vec<u64> = groups
        .iter()
        .map(|&(a, b)| points[a..b].iter().map(|p| p.value).sum())
        .collect();
    let max = sums.iter().copied().max().unwrap_or(0).max(1);
    let plot_w = W - LEFT - 8.0;
    let plot_h = H - TOP - BOTTOM;
    let slot = plot_w / groups.len().max(1) as f64;
    let label = |(a, b): (usize, usize)| match b - a {
        1 => points[a].at.clone(),
        _ => format!("{} – {}", points[a].at, points[b - 1].at),
    };
    html! {
        <figure class="columns" data-testid={testid}>
            <svg viewBox={format!("0 0 {W} {H}")} width="100%" role="img" aria-label={caption.to_owned()}
                preserveAspectRatio="xMinYMin meet" style={format!("max-width:{W}px")}>
                <line class="axis" x1={LEFT.to_string()} x2={(W - 8.0).to_string()} y1={(TOP + plot_h).to_string()} y2={(TOP + plot_h).to_string()} />
                <text class="bar-value" x={(LEFT - 6.0).to_string()} y={(TOP + 10.0).to_string()} text-anchor="end">{ format(max) }</text>
                <text class="bar-value" x={(LEFT - 6.0).to_string()} y={(TOP + plot_h).to_string()} text-anchor="end">{ "0" }</text>
                { for groups.iter().zip(&sums).enumerate().map(|(i, (&g, &v))| {
                    let h = plot_h * v as f64 / max as f64;
                    let x = LEFT + i as f64 * slot;
                    html! {
                        <rect class="bar up" data-testid="column" data-at={label(g)} data-value={v.to_string()}
                            x={(x + slot * 0.1).to_string()} y={(TOP + plot_h - h).to_string()}
                            width={(slot * 0.8).max(0.5).to_string()} height={h.max(if v > 0 { 1.0 } else { 0.0 }).to_string()}>
                            <title>{ format!("{}: {}", label(g), format(v)) }</title>
                        </rect>
                    }
                }) }
                if let (Some(first), Some(last)) = (points.first(), points.last()) {
                    <text class="bar-value" x={LEFT.to_string()} y={(H - 6.0).to_string()}>{ first.at.clone() }</text>
                    <text class="bar-value" x={(W - 8.0).to_string()} y={(H - 6.0).to_string()} text-anchor="end">{ last.at.clone() }</text>
                }
            </svg>
            <figcaption class="muted small">{ caption.to_owned() }</figcaption>
        </figure>
    }
}
