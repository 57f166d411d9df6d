//! How numbers read on the page: byte sizes in decimal units as DevTools writes them, counts with
//! thousands separators, shares as percent (the core's `report::units`), and distances as DevTools
//! shows them. Pure functions, no allocation beyond the result.

// The report's units, so the page and the exported report write every figure the same way.
pub use heapscope_core::report::units::{bytes, count, percent, percent_value};

/// A distance as DevTools shows it: `-` for unreachable (negative) and for system-only reachability.
pub fn distance(d: i32) -> String {
    if !(0..100_000_000).contains(&d) {
        "\u{2212}".to_string()
    } else {
        d.to_string()
    }
}

/// How far a read of `total` bytes is after `done`, as a percentage for a progress bar (0 while the
/// size is unknown, never past 100).
pub fn progress_percent(done: u64, total: u64) -> f64 {
    if total > 0 {
        (done as f64 * 100.0 / total as f64).min(100.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_stays_between_0_and_100() {
        assert_eq!(progress_percent(50, 200), 25.0);
        assert_eq!(progress_percent(300, 200), 100.0);
        assert_eq!(progress_percent(5, 0), 0.0);
    }

    #[test]
    fn unreachable_distances_show_a_dash() {
        assert_eq!(distance(3), "3");
        assert_eq!(distance(-5), "\u{2212}");
        assert_eq!(distance(100_000_001), "\u{2212}");
    }
}
