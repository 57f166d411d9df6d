//! `heapscope diff`: DevTools' Comparison of two snapshots (by object id when both come from one
//! process, by class otherwise), with the owners that grew.

use crate::table::{bytes, cut, signed_bytes};
use crate::{load, Failure};
use clap::Args;
use heapscope_core::analysis::{path_text, PathStep};
use heapscope_core::compare::{Comparison, ComparisonKind, SnapshotDiff};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// `heapscope diff BASE TARGET [--top N] [--json]`.
#[derive(Debug, Args, PartialEq)]
pub struct DiffArgs {
    /// The earlier snapshot (the baseline), optionally gzip-compressed.
    pub base: PathBuf,
    /// The later snapshot, compared with the base.
    pub target: PathBuf,
    /// How many classes and suspects the tables list (the JSON has every changed class).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    /// Print one JSON object (same_process, comparison, note, totals, classes, allocated_between,
    /// suspects, timings_ms) instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: DiffArgs) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let base = load::load_and_analyse(&a.base)?;
    let base_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let target = load::load_and_analyse(&a.target)?;
    let target_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let diff = Comparison::new(&base.analysis, &target.analysis).into_diff();
    let compare_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut v = serde_json::to_value(&diff).unwrap_or_default();
    v["timings_ms"] = serde_json::json!({
        "base": base_ms, "target": target_ms, "compare": compare_ms
    });
    super::print_json_or(a.json, &v, |_| render(&diff, a.top))?;
    Ok(ExitCode::SUCCESS)
}

fn count(v: Option<u64>, sign: char) -> String {
    match v {
        Some(0) => "0".to_owned(),
        Some(n) => format!("{sign}{n}"),
        None => "-".to_owned(),
    }
}

fn size(v: Option<u64>, sign: char) -> String {
    match v {
        Some(0) => "0 B".to_owned(),
        Some(n) => format!("{sign}{}", bytes(n)),
        None => "-".to_owned(),
    }
}

/// A path on one line, the core's explaining text and the object it ends at:
/// `global → sessionCache → table → 19388 (Session @131541)`.
pub fn path_line(path: &[PathStep]) -> String {
    match path.last() {
        Some(last) => format!("{} ({} @{})", path_text(path), cut(&last.name, 60), last.id),
        None => String::new(),
    }
}

fn render(d: &SnapshotDiff, top: usize) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", d.note);
    let t = &d.totals;
    if d.comparison == ComparisonKind::ById {
        let _ = writeln!(
            o,
            "\nTotals: +{} new, -{} deleted objects; {} allocated, {} freed ({})",
            t.new,
            t.deleted,
            bytes(t.alloc_size),
            bytes(t.freed_size),
            signed_bytes(t.size_delta)
        );
    } else {
        let _ = writeln!(
            o,
            "\nTotals: {:+} objects, {}",
            t.count_delta,
            signed_bytes(t.size_delta)
        );
    }
    if !d.suspects.is_empty() {
        let _ = writeln!(
            o,
            "\nWhat grew (owners whose entries grew, strongest first)"
        );
        for (i, s) in d.suspects.iter().take(top).enumerate() {
            let what: Vec<String> = s
                .accumulates
                .iter()
                .map(|a| format!("{} x{}", a.name, a.count))
                .collect();
            let _ = writeln!(
                o,
                "  {}. {} ({} @{}): {:+} entries ({} -> {}), accumulating {}; new entries retain {}, the owner {}",
                i + 1,
                cut(&s.name, 60),
                s.owner_class,
                s.owner.id,
                s.count_delta,
                s.entries_before,
                s.entries_after,
                what.join(", "),
                bytes(s.new_entries_retained_size),
                signed_bytes(s.size_delta)
            );
            let _ = writeln!(o, "     {}", path_line(&s.retainer_path));
        }
    }
    let _ = writeln!(o, "\nClasses (largest size change first)");
    let by_id = d.comparison == ComparisonKind::ById;
    let header = if by_id {
        ["# new", "# deleted", "alloc size", "freed size"]
    } else {
        ["# base", "# target", "base size", "target size"]
    };
    let _ = writeln!(
        o,
        "  {:>9} {:>9} {:>9} {:>11} {:>11} {:>11}  constructor",
        header[0], header[1], "# delta", header[2], header[3], "size delta"
    );
    for c in d.classes.iter().take(top) {
        let cells = if by_id {
            [
                count(c.new, '+'),
                count(c.deleted, '-'),
                size(c.alloc_size, '+'),
                size(c.freed_size, '-'),
            ]
        } else {
            [
                c.base_count.to_string(),
                c.target_count.to_string(),
                bytes(c.base_size),
                bytes(c.target_size),
            ]
        };
        let _ = writeln!(
            o,
            "  {:>9} {:>9} {:>+9} {:>11} {:>11} {:>11}  {}",
            cells[0],
            cells[1],
            c.count_delta,
            cells[2],
            cells[3],
            signed_bytes(c.size_delta),
            cut(&c.name, 60)
        );
    }
    if d.classes.len() > top {
        let _ = writeln!(
            o,
            "  ... {} more classes (--top, or --json for all)",
            d.classes.len() - top
        );
    }
    if let Some(b) = &d.allocated_between {
        let _ = writeln!(
            o,
            "\nObjects allocated between the snapshots (ids {} to {}): {} objects, {}",
            b.base_max_js_id + 1,
            b.target_max_js_id,
            b.count,
            bytes(b.self_size)
        );
    }
    o
}
