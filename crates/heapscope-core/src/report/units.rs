//! How numbers read in reports and on the page: byte sizes in decimal units as DevTools writes
//! them, counts with thousands separators, shares as percent.

/// `1234567` → `"1,234,567"`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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

/// `n` and the noun, singular or plural: `1 object`, `2 objects`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_counts_and_shares_read_like_devtools() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1000), "1.0 kB");
        assert_eq!(bytes(53_014_000), "53.0 MB");
        assert_eq!(bytes(999_960), "1.0 MB");
        assert_eq!(bytes(5_231_622), "5.2 MB");
        assert_eq!(bytes(4_000_000_000), "4.0 GB");
        assert_eq!(percent(1, 3), "33.3 %");
        assert_eq!(percent(1, 100_000), "<0.1 %");
        assert_eq!(percent(5, 0), "0 %");
        assert_eq!(plural(1, "object", "objects"), "1 object");
        assert_eq!(plural(2000, "object", "objects"), "2,000 objects");
    }
}
