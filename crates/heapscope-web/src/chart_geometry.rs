//! Chart geometry: SVG path data for ring slices (the donut), the lengths of bars (the report), the
//! extent of signed bars (the Comparison's largest changes) and the grouping of many samples into a
//! few columns (the allocation timeline). Kept apart from the chart component so the arithmetic is
//! tested natively.

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

/// Where a horizontal bar for `value` lies on a scale from `min(lo, 0)` to `max(hi, 0)` drawn
/// across `width`: `(x, w)`, growing right of the zero line for positive values and left of it for
/// negative ones. Also returns the zero line's `x`.
pub fn signed_bar(value: f64, lo: f64, hi: f64, width: f64) -> (f64, f64, f64) {
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let span = hi - lo;
    if span <= 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let scale = width / span;
    let zero = -lo * scale;
    let end = zero + value * scale;
    (zero.min(end), (end - zero).abs(), zero)
}

/// Splits `n` consecutive samples into at most `most` groups of neighbours, as even as they
/// divide: `(first, end)` index ranges, in order. One group a sample when `n <= most`.
pub fn groups(n: usize, most: usize) -> Vec<(usize, usize)> {
    let most = most.max(1);
    if n <= most {
        return (0..n).map(|i| (i, i + 1)).collect();
    }
    (0..most)
        .map(|g| (g * n / most, (g + 1) * n / most))
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

    #[test]
    fn signed_bars_grow_both_ways_from_one_zero_line() {
        // A scale from -100 to 300 across 400 px: zero at 100.
        assert_eq!(
            signed_bar(300.0, -100.0, 300.0, 400.0),
            (100.0, 300.0, 100.0)
        );
        assert_eq!(
            signed_bar(-100.0, -100.0, 300.0, 400.0),
            (0.0, 100.0, 100.0)
        );
        // Only growth: zero at the left edge.
        assert_eq!(signed_bar(5.0, 5.0, 10.0, 100.0), (0.0, 50.0, 0.0));
        assert_eq!(signed_bar(0.0, 0.0, 0.0, 100.0), (0.0, 0.0, 0.0));
    }

    #[test]
    fn many_samples_fall_into_even_groups_of_neighbours() {
        assert_eq!(groups(3, 10), vec![(0, 1), (1, 2), (2, 3)]);
        let g = groups(1000, 300);
        assert_eq!(g.len(), 300);
        assert_eq!(g[0].0, 0);
        assert_eq!(g.last().unwrap().1, 1000);
        assert!(g.windows(2).all(|w| w[0].1 == w[1].0), "contiguous");
        assert!(g.iter().all(|(a, b)| b - a == 3 || b - a == 4));
    }
}
