//! How numbers read on the page: byte sizes in decimal units as DevTools writes them, counts with
//! thousands separators, shares as percent. Pure functions, no allocation beyond the result.

/// `1234567` → `"1,234,567"`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1234567` → `"1.2 MB"` (powers of 1000, like DevTools' Memory panel); below 1 kB exact bytes.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1000.0;
    let mut unit = 0;
    while v >= 999.95 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// `part` of `whole` as `"12.3 %"`; `"0 %"` for an empty whole.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0 %".to_string();
    }
    percent_value(part as f64 * 100.0 / whole as f64)
}

/// A percentage already computed: `12.345` → `"12.3 %"`, tiny non-zero shares as `"<0.1 %"`.
pub fn percent_value(p: f64) -> String {
    if p > 0.0 && p < 0.05 {
        "<0.1 %".to_string()
    } else {
        format!("{p:.1} %")
    }
}

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
    fn counts_get_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_102_877), "1,102,877");
    }

    #[test]
    fn bytes_use_decimal_units() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(5_231_622), "5.2 MB");
        assert_eq!(bytes(73_434_737), "73.4 MB");
        assert_eq!(bytes(999_999), "1.0 MB");
        assert_eq!(bytes(4_000_000_000), "4.0 GB");
    }

    #[test]
    fn percents_round_to_one_decimal() {
        assert_eq!(percent(1, 3), "33.3 %");
        assert_eq!(percent(1, 0), "0 %");
        assert_eq!(percent(1, 100_000), "<0.1 %");
    }

    #[test]
    fn unreachable_distances_show_a_dash() {
        assert_eq!(distance(3), "3");
        assert_eq!(distance(-5), "\u{2212}");
        assert_eq!(distance(100_000_001), "\u{2212}");
    }
}
