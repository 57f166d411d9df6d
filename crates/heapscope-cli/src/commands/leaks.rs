//! `heapscope leaks`: MemLab's three-snapshot leak detection (allocated between baseline and target,
//! still alive in final), grouped by retainer trace.

use crate::commands::diff::path_line;
use crate::table::{bytes, cut};
use crate::{load, Failure};
use clap::Args;
use heapscope_core::compare::{leaks, JsIds, LeakReport};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `heapscope leaks BASELINE TARGET FINAL [--top N] [--json]`.
#[derive(Debug, Args, PartialEq)]
pub struct LeaksArgs {
    /// Snapshot before the action under test (only its object ids are kept).
    pub baseline: PathBuf,
    /// Snapshot after the action (only its object ids are kept).
    pub target: PathBuf,
    /// Snapshot after undoing the action: what is still alive here leaked.
    pub r#final: PathBuf,
    /// How many groups the table lists.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    /// Print one JSON object ({"leaks": [{name, count, retained_size, retainer_path: [{edge, name,
    /// id}]}], ...}) instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: LeaksArgs) -> Result<ExitCode, Failure> {
    // One snapshot at a time: the baseline and the target are reduced to their ids at once.
    let baseline = JsIds::of(&load::load_snapshot(&a.baseline)?);
    let target = JsIds::of(&load::load_snapshot(&a.target)?);
    let final_ = load::load_and_analyse(&a.r#final)?;
    let report = leaks::detect(&baseline, &target, &final_.analysis);
    super::print_json_or(a.json, &report, |r| render(r, a.top))?;
    Ok(ExitCode::SUCCESS)
}

fn render(r: &LeakReport, top: usize) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} objects were allocated between the baseline and the target; {} of them are still alive in the final snapshot, {} reported in {} groups.",
        r.allocated_in_target, r.survivors, r.reported, r.leaks.len()
    );
    if r.leaks.is_empty() {
        let _ = writeln!(o, "No leaks found.");
    }
    for (i, g) in r.leaks.iter().take(top).enumerate() {
        let _ = writeln!(
            o,
            "\n{}. {} x{}, retaining {}",
            i + 1,
            cut(&g.name, 60),
            g.count,
            bytes(g.retained_size)
        );
        let _ = writeln!(o, "   {}", path_line(&g.retainer_path));
    }
    if r.leaks.len() > top {
        let _ = writeln!(
            o,
            "\n... {} more groups (--top, or --json for all)",
            r.leaks.len() - top
        );
    }
    o
}
