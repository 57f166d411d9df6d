//! `heapscope allocations`: live objects by allocating function and by time, from a snapshot
//! recorded with allocation tracking (DevTools' Allocation view).

use crate::table::{bytes, cut};
use crate::{load, Failure};
use clap::Args;
use heapscope_core::compare::{allocations, AllocationReport};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `heapscope allocations FILE [--top N] [--json]`.
#[derive(Debug, Args, PartialEq)]
pub struct AllocationsArgs {
    /// A .heaptimeline, or a .heapsnapshot taken while allocation tracking ran, optionally gzip'd.
    pub file: PathBuf,
    /// How many functions the table lists.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    /// Print one JSON object ({"functions": [{name, script, line, live_count, live_size, ...}],
    /// "timeline": [...]}) instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: AllocationsArgs) -> Result<ExitCode, Failure> {
    let loaded = load::load_and_analyse(&a.file)?;
    let report = allocations::allocations(&loaded.analysis)
        .map_err(|e| Failure(format!("{}: {e}", a.file.display())))?;
    super::print_json_or(a.json, &report, |r| render(r, a.top))?;
    Ok(ExitCode::SUCCESS)
}

fn render(r: &AllocationReport, top: usize) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} live objects ({}) carry an allocation trace",
        r.traced_live_count,
        bytes(r.traced_live_size)
    );
    let _ = writeln!(o, "\nLive objects by allocating function");
    let _ = writeln!(
        o,
        "  {:>11} {:>10} {:>11} {:>10}  function (script:line)",
        "live size", "live count", "size", "count"
    );
    for f in r.functions.iter().take(top) {
        let name = if f.name.is_empty() {
            "(anonymous)"
        } else {
            &f.name
        };
        let place = if f.script.is_empty() {
            String::new()
        } else {
            format!("  {}:{}", cut(&f.script, 60), f.line)
        };
        let _ = writeln!(
            o,
            "  {:>11} {:>10} {:>11} {:>10}  {}{}",
            bytes(f.live_size),
            f.live_count,
            bytes(f.size),
            f.count,
            cut(name, 40),
            place
        );
    }
    if !r.timeline.is_empty() {
        let _ = writeln!(o, "\nLive objects by time (allocated up to each sample)");
        let max = r
            .timeline
            .iter()
            .map(|t| t.live_size)
            .max()
            .unwrap_or(0)
            .max(1);
        for t in &r.timeline {
            let bar = "#".repeat((t.live_size * 40 / max) as usize);
            let _ = writeln!(
                o,
                "  {:>9.0} ms {:>11} {:>8}  {}",
                t.timestamp_ms,
                bytes(t.live_size),
                t.live_count,
                bar
            );
        }
    }
    o
}
