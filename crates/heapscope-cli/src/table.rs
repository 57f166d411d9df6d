//! Plain-text rendering of a summary: totals, statistics, largest objects, classes.

use heapscope_core::{Analysis, Summary};
use std::fmt::Write;

/// A size for people: `512 B`, `1.5 kB`, `24.0 MB` (powers of 1000).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// `s` on one line (control characters as spaces), cut to `max` characters with an ellipsis.
pub fn cut(s: &str, max: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut t: String = one_line.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// A signed size: `+24.0 MB`, `-11.5 kB`, `0 B`.
pub fn signed_bytes(n: i64) -> String {
    match n.signum() {
        1 => format!("+{}", bytes(n.unsigned_abs())),
        -1 => format!("-{}", bytes(n.unsigned_abs())),
        _ => "0 B".to_owned(),
    }
}

pub fn render_summary(s: &Summary, analysis: &Analysis) -> String {
    let mut o = String::new();
    let pct = |v: u64| 100.0 * v as f64 / s.total_size.max(1) as f64;
    let _ = writeln!(
        o,
        "Total {} ({} bytes) in {} nodes, {} edges",
        bytes(s.total_size),
        s.total_size,
        s.nodes,
        s.edges
    );
    let _ = writeln!(o, "\nStatistics");
    let st = &s.statistics;
    for (name, v) in st.slices() {
        let _ = writeln!(o, "  {name:<22}{:>12}  {:>5.1}%", bytes(v), pct(v));
    }
    let _ = writeln!(o, "\nLargest objects by retained size");
    let _ = writeln!(
        o,
        "  {:>12} {:>12} {:>9}  {:<14} {:<}",
        "retained", "shallow", "distance", "@id", "name"
    );
    for n in &s.top_retained {
        let _ = writeln!(
            o,
            "  {:>12} {:>12} {:>9}  {:<14} {} ({})",
            bytes(n.retained_size),
            bytes(n.self_size),
            if (0..100_000_000).contains(&n.distance) {
                n.distance.to_string()
            } else {
                "-".into()
            },
            format!("@{}", n.id),
            cut(&n.name, 60),
            n.node_type
        );
    }
    let _ = writeln!(o, "\nClasses by retained size");
    let _ = writeln!(
        o,
        "  {:>12} {:>12} {:>9}  {:<}",
        "retained", "shallow", "count", "constructor"
    );
    for c in &s.classes {
        let _ = writeln!(
            o,
            "  {:>12} {:>12} {:>9}  {}",
            bytes(c.retained_size),
            bytes(c.shallow_size),
            c.count,
            cut(&c.name, 70)
        );
    }
    let d = s.detached;
    let _ = writeln!(
        o,
        "\nDetached objects: {} ({})",
        d.count,
        bytes(d.shallow_size)
    );
    if analysis.unreachable_from_root() > 0 {
        let _ = writeln!(
            o,
            "Unreachable from the root: {} nodes (counted under the root, as DevTools does)",
            analysis.unreachable_from_root()
        );
    }
    if !s.timings_ms.is_empty() {
        let phases: Vec<String> = s
            .timings_ms
            .iter()
            .map(|(n, ms)| format!("{n} {ms:.0} ms"))
            .collect();
        let _ = writeln!(o, "\nTime: {}", phases.join(", "));
    }
    o
}
