//! Chart geometry: SVG path data for the donut's ring slices and the lengths of bars. Kept apart
//! from the chart component so the arithmetic is tested natively.

use std::f64::consts::PI;

/// SVG path data (`d`) for a ring slice between `start` and `end` fractions of the full turn
/// (0 = 12 o'clock, clockwise), outer radius `r`, inner radius `inner`, centred on (`cx`, `cy`).
/// A full turn is drawn as two halves (a single arc cannot start and end at the same point).
pub fn ring_slice(cx: f64, cy: f64, r: f64, inner: f64, start: f64, end: f64) -> String {
    let (start, end) = (start.clamp(0.0, 1.0), end.clamp(0.0, 1.0));
    if end - start >= 0.9999 {
        let mid = start + 0.5;
        return format!(
            "{} {}",
            ring_slice(cx, cy, r, inner, start, mid),
            ring_slice(cx, cy, r, inner, mid, start + 1.0 - 1e-9)
        );
    }
    let point = |radius: f64, t: f64| {
        let a = t * 2.0 * PI - PI / 2.0;
        (cx + radius * a.cos(), cy + radius * a.sin())
    };
    let large = if end - start > 0.5 { 1 } else { 0 };
    let (x0, y0) = point(r, start);
    let (x1, y1) = point(r, end);
    let (x2, y2) = point(inner, end);
    let (x3, y3) = point(inner, start);
    format!(
        "M{x0:.3} {y0:.3}A{r} {r} 0 {large} 1 {x1:.3} {y1:.3}L{x2:.3} {y2:.3}A{inner} {inner} 0 {large} 0 {x3:.3} {y3:.3}Z"
    )
}

/// Cumulative `(start, end)` fractions for `values`; all zero when they sum to zero.
pub fn fractions(values: &[f64]) -> Vec<(f64, f64)> {
    let total: f64 = values.iter().filter(|v| **v > 0.0).sum();
    let mut acc = 0.0;
    values
        .iter()
        .map(|v| {
            let share = if total > 0.0 { v.max(0.0) / total } else { 0.0 };
            let s = (acc, acc + share);
            acc += share;
            s
        })
        .collect()
}

/// Bar lengths for `values` on a track of `track` units: the largest value spans it, the others in
/// proportion; a positive value gets at least one unit, so it is never invisible.
pub fn bar_widths(values: &[f64], track: f64) -> Vec<f64> {
    let max = values.iter().copied().fold(0.0, f64::max);
    values
        .iter()
        .map(|&v| {
            if max <= 0.0 || v <= 0.0 {
                0.0
            } else {
                (v / max * track).max(1.0)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_slice_goes_from_top_to_right() {
        let d = ring_slice(50.0, 50.0, 40.0, 20.0, 0.0, 0.25);
        assert!(
            d.starts_with("M50.000 10.000A40 40 0 0 1 90.000 50.000"),
            "{d}"
        );
        assert!(d.ends_with('Z'));
    }

    #[test]
    fn fractions_accumulate_to_one() {
        let f = fractions(&[1.0, 1.0, 2.0]);
        assert_eq!(f, vec![(0.0, 0.25), (0.25, 0.5), (0.5, 1.0)]);
        assert_eq!(fractions(&[0.0, 0.0]), vec![(0.0, 0.0), (0.0, 0.0)]);
    }

    #[test]
    fn bars_are_proportional_to_the_largest() {
        assert_eq!(
            bar_widths(&[50.0, 100.0, 25.0], 200.0),
            vec![100.0, 200.0, 50.0]
        );
        assert_eq!(bar_widths(&[1.0, 1e9, 0.0], 100.0), vec![1.0, 100.0, 0.0]);
        assert_eq!(bar_widths(&[0.0, -1.0], 100.0), vec![0.0, 0.0]);
    }
}
