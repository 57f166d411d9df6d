//! `heapscope summary`: DevTools' figures of one snapshot as tables or one JSON object.

use crate::{load, table, Failure};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// `heapscope summary FILE [--top N] [--json]`.
#[derive(Debug, Args, PartialEq)]
pub struct SummaryArgs {
    /// A .heapsnapshot (from v8.writeHeapSnapshot(), node --heapsnapshot-signal or DevTools),
    /// optionally gzip-compressed.
    pub file: PathBuf,
    /// How many of the largest objects and classes to list.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    /// Print one JSON object (nodes, edges, total_size, statistics, by_type, top_retained, classes,
    /// detached, timings_ms) instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: SummaryArgs) -> Result<ExitCode, Failure> {
    let loaded = load::load_and_analyse(&a.file)?;
    let mut summary = loaded.analysis.summary(a.top);
    summary
        .timings_ms
        .insert(0, ("parse".to_owned(), loaded.parse_ms));
    if a.json {
        let s = serde_json::to_string_pretty(&summary)
            .map_err(|e| Failure(format!("cannot write JSON: {e}")))?;
        println!("{s}");
    } else {
        print!("{}", table::render_summary(&summary, &loaded.analysis));
    }
    Ok(ExitCode::SUCCESS)
}
