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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_distances_show_a_dash() {
        assert_eq!(distance(3), "3");
        assert_eq!(distance(-5), "\u{2212}");
        assert_eq!(distance(100_000_001), "\u{2212}");
    }
}
