//! Treemap geometry: the squarified layout of Bruls, Huizing and van Wijk ("Squarified Treemaps",
//! 2000). Values are laid out largest first in rows along the shorter side of what is left of the
//! rectangle; a row grows while that makes its worst aspect ratio better. Kept apart from the SVG
//! component so the arithmetic is tested natively.

/// An axis-aligned rectangle: top-left corner, width and height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    pub fn area(&self) -> f64 {
        self.w * self.h
    }

    /// The rectangle with `pad` taken off every side (never below zero size).
    pub fn inset(&self, pad: f64) -> Rect {
        let px = pad.min(self.w / 2.0);
        let py = pad.min(self.h / 2.0);
        Rect::new(
            self.x + px,
            self.y + py,
            self.w - 2.0 * px,
            self.h - 2.0 * py,
        )
    }

    /// The rectangle below a band of `top` units (for a label), with `pad` on the other sides;
    /// `None` when what is left is too small to draw in.
    pub fn body(&self, top: f64, pad: f64, min: f64) -> Option<Rect> {
        let r = Rect::new(
            self.x + pad,
            self.y + top,
            self.w - 2.0 * pad,
            self.h - top - pad,
        );
        (r.w >= min && r.h >= min).then_some(r)
    }

    /// The rectangle mirrored on the diagonal (x and y, width and height swapped).
    pub fn transposed(&self) -> Rect {
        Rect::new(self.y, self.x, self.h, self.w)
    }

    /// Width over height or height over width, whichever is at least 1.
    pub fn aspect(&self) -> f64 {
        if self.w <= 0.0 || self.h <= 0.0 {
            return f64::INFINITY;
        }
        (self.w / self.h).max(self.h / self.w)
    }
}

/// Lays out `values` (any order; negative values count as zero) in `bounds`; the rectangle of
/// `values[i]` is `result[i]`, its area proportional to the value. Zero values get an empty
/// rectangle at the corner of the last row. Larger values end up nearer the top-left corner.
pub fn squarify(values: &[f64], bounds: Rect) -> Vec<Rect> {
    let mut out = vec![Rect::new(bounds.x, bounds.y, 0.0, 0.0); values.len()];
    let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
    if total <= 0.0 || bounds.area() <= 0.0 {
        return out;
    }
    let mut order: Vec<usize> = (0..values.len()).filter(|&i| values[i] > 0.0).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    // Values scaled to areas.
    let scale = bounds.area() / total;
    let areas: Vec<f64> = order.iter().map(|&i| values[i] * scale).collect();
    let mut free = bounds;
    let mut start = 0;
    while start < areas.len() {
        let side = free.w.min(free.h);
        let mut end = start + 1;
        let mut best = worst(&areas[start..end], side);
        while end < areas.len() {
            let next = worst(&areas[start..end + 1], side);
            if next > best {
                break;
            }
            best = next;
            end += 1;
        }
        // The last row takes whatever is left, so rounding never leaves a gap.
        let row_area: f64 = if end == areas.len() {
            free.area()
        } else {
            areas[start..end].iter().sum()
        };
        let row_sum: f64 = areas[start..end].iter().sum();
        let (rects, rest) = place_row(&areas[start..end], row_sum, row_area, free);
        for (k, r) in rects.into_iter().enumerate() {
            out[order[start + k]] = r;
        }
        free = rest;
        start = end;
    }
    out
}

/// The worst aspect ratio of a row of `areas` laid along a side of length `side`.
fn worst(areas: &[f64], side: f64) -> f64 {
    let sum: f64 = areas.iter().sum();
    if sum <= 0.0 || side <= 0.0 {
        return f64::INFINITY;
    }
    let (max, min) = areas
        .iter()
        .fold((f64::MIN, f64::MAX), |(hi, lo), &a| (hi.max(a), lo.min(a)));
    let s2 = side * side;
    let sum2 = sum * sum;
    (s2 * max / sum2).max(sum2 / (s2 * min))
}

/// Places one row along the shorter side of `free`: the row is `row_area / side` thick, each
/// rectangle's length along the side proportional to its area. Returns the row's rectangles and
/// what is left of `free`.
fn place_row(areas: &[f64], row_sum: f64, row_area: f64, free: Rect) -> (Vec<Rect>, Rect) {
    if free.w >= free.h {
        column(areas, row_sum, row_area, free)
    } else {
        // A row on top, filled left to right: a column of the transposed rectangle.
        let (rects, rest) = column(areas, row_sum, row_area, free.transposed());
        (
            rects.into_iter().map(|r| r.transposed()).collect(),
            rest.transposed(),
        )
    }
}

/// A column on the left of `free`, filled top to bottom.
fn column(areas: &[f64], row_sum: f64, row_area: f64, free: Rect) -> (Vec<Rect>, Rect) {
    let thick = (row_area / free.h).min(free.w);
    let mut rects = Vec::with_capacity(areas.len());
    let mut y = free.y;
    for (k, a) in areas.iter().enumerate() {
        // The last one ends at the bottom exactly, whatever the rounding.
        let h = if k + 1 == areas.len() {
            free.y + free.h - y
        } else {
            free.h * a / row_sum
        };
        rects.push(Rect::new(free.x, y, thick, h));
        y += h;
    }
    (
        rects,
        Rect::new(free.x + thick, free.y, free.w - thick, free.h),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-6;

    fn overlap(a: &Rect, b: &Rect) -> f64 {
        let w = (a.x + a.w).min(b.x + b.w) - a.x.max(b.x);
        let h = (a.y + a.h).min(b.y + b.h) - a.y.max(b.y);
        w.max(0.0) * h.max(0.0)
    }

    fn check_partition(values: &[f64], bounds: Rect) -> Vec<Rect> {
        let rects = squarify(values, bounds);
        assert_eq!(rects.len(), values.len());
        let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
        let mut covered = 0.0;
        for (v, r) in values.iter().zip(&rects) {
            let want = v.max(0.0) / total * bounds.area();
            assert!(
                (r.area() - want).abs() < 1e-6 * bounds.area(),
                "{v}: {r:?} area {} want {want}",
                r.area()
            );
            assert!(
                r.x >= bounds.x - EPS && r.y >= bounds.y - EPS,
                "{r:?} outside {bounds:?}"
            );
            assert!(
                r.x + r.w <= bounds.x + bounds.w + EPS,
                "{r:?} outside {bounds:?}"
            );
            assert!(
                r.y + r.h <= bounds.y + bounds.h + EPS,
                "{r:?} outside {bounds:?}"
            );
            covered += r.area();
        }
        assert!((covered - bounds.area()).abs() < 1e-6 * bounds.area());
        for i in 0..rects.len() {
            for j in i + 1..rects.len() {
                assert!(
                    overlap(&rects[i], &rects[j]) < EPS,
                    "{:?} and {:?} overlap",
                    rects[i],
                    rects[j]
                );
            }
        }
        rects
    }

    #[test]
    fn the_papers_example_is_squarified() {
        // Bruls et al.'s figure: 6, 6, 4, 3, 2, 2, 1 in a 6 x 4 rectangle. The first row is the
        // two 6s stacked on the left (3 x 2 each), then 4 and 3 side by side.
        let rects = check_partition(
            &[6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0],
            Rect::new(0.0, 0.0, 6.0, 4.0),
        );
        assert!(
            (rects[0].w - 3.0).abs() < EPS && (rects[0].h - 2.0).abs() < EPS,
            "{:?}",
            rects[0]
        );
        assert!((rects[1].y - 2.0).abs() < EPS, "{:?}", rects[1]);
        // The 4 and the 3 form the next row along the top of what is left (3 x 4).
        assert!(
            (rects[2].x - 3.0).abs() < EPS && rects[2].y.abs() < EPS,
            "{:?}",
            rects[2]
        );
        assert!(
            (rects[2].h - rects[3].h).abs() < EPS,
            "{:?} {:?}",
            rects[2],
            rects[3]
        );
        // No rectangle of this layout is worse than 1:3.
        assert!(rects.iter().all(|r| r.aspect() <= 3.0 + EPS), "{rects:?}");
    }

    #[test]
    fn order_of_the_input_does_not_matter_and_the_largest_is_top_left() {
        let values = [1.0, 10.0, 3.0, 7.0, 0.5];
        let rects = check_partition(&values, Rect::new(10.0, 20.0, 300.0, 200.0));
        assert!((rects[1].x - 10.0).abs() < EPS && (rects[1].y - 20.0).abs() < EPS);
        let mut shuffled = values;
        shuffled.reverse();
        let again = squarify(&shuffled, Rect::new(10.0, 20.0, 300.0, 200.0));
        for (i, r) in rects.iter().enumerate() {
            assert_eq!(*r, again[values.len() - 1 - i]);
        }
    }

    #[test]
    fn squarified_rows_beat_slicing_on_many_similar_values() {
        let values: Vec<f64> = (1..=40).map(|i| 100.0 + i as f64).collect();
        let rects = check_partition(&values, Rect::new(0.0, 0.0, 800.0, 400.0));
        let worst = rects.iter().map(Rect::aspect).fold(0.0, f64::max);
        // Slicing 40 equal-ish values across 800 units would give 1:20 strips.
        assert!(worst < 3.0, "worst aspect {worst}");
    }

    #[test]
    fn zeros_negatives_and_empty_input_draw_nothing() {
        let rects = check_partition(&[5.0, 0.0, -3.0, 5.0], Rect::new(0.0, 0.0, 10.0, 10.0));
        assert_eq!(rects[1].area(), 0.0);
        assert_eq!(rects[2].area(), 0.0);
        assert!(squarify(&[], Rect::new(0.0, 0.0, 1.0, 1.0)).is_empty());
        assert!(squarify(&[0.0, 0.0], Rect::new(0.0, 0.0, 1.0, 1.0))
            .iter()
            .all(|r| r.area() == 0.0));
        assert!(squarify(&[1.0], Rect::new(0.0, 0.0, 0.0, 5.0))
            .iter()
            .all(|r| r.area() == 0.0));
    }

    #[test]
    fn tiny_values_beside_a_huge_one_stay_inside_the_bounds() {
        // A heap where one object is nearly everything: slivers, but never outside or overlapping.
        let mut values = vec![1e9];
        values.extend((0..30).map(|i| 1.0 + i as f64));
        check_partition(&values, Rect::new(0.0, 0.0, 960.0, 420.0));
    }

    #[test]
    fn body_leaves_room_for_a_label_or_nothing() {
        let r = Rect::new(0.0, 0.0, 100.0, 50.0);
        assert_eq!(
            r.body(16.0, 2.0, 4.0),
            Some(Rect::new(2.0, 16.0, 96.0, 32.0))
        );
        assert_eq!(Rect::new(0.0, 0.0, 100.0, 18.0).body(16.0, 2.0, 4.0), None);
        assert_eq!(
            Rect::new(0.0, 0.0, 3.0, 3.0).inset(2.0),
            Rect::new(1.5, 1.5, 0.0, 0.0)
        );
    }
}
