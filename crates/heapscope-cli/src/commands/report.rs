//! `heapscope report`: the whole analysis report of one snapshot as Markdown or JSON, with optional
//! memory budgets (`--fail-on`) that make the command exit with status 1 when one is breached.

use crate::{load, Failure};
use clap::{Args, ValueEnum};
use heapscope_core::report::{budgets, groups, Report, ReportOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Json,
}

/// `heapscope report FILE [--format md|json] [-o OUT] [--groups FILE] [--top N] [--fail-on RULE...]`.
#[derive(Debug, Args, PartialEq)]
pub struct ReportArgs {
    /// A .heapsnapshot, optionally gzip-compressed.
    pub file: PathBuf,
    /// Markdown (for a ticket) or JSON (for tools; keys documented in the README).
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Pattern groups to measure besides the presets: a JSON list like
    /// [{"name": "Package entities", "pattern": "^Package"}] (regular expressions over DevTools'
    /// class names).
    #[arg(long, value_name = "FILE")]
    pub groups: Option<PathBuf>,
    /// Leave out the preset groups (Node servers and web pages).
    #[arg(long)]
    pub no_presets: bool,
    /// Rows per table.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    /// Share of the heap (percent) from which one object or class is a leak suspect.
    #[arg(long, default_value_t = 10.0, value_name = "PERCENT")]
    pub threshold: f64,
    /// Memory budgets, e.g. total>150MB, class:Session.count>10000,
    /// 'group:"HTTP contexts".retained>20MB', suspect>10%. Breaching any exits with status 1.
    #[arg(long = "fail-on", value_name = "RULE", num_args = 1..)]
    pub fail_on: Vec<String>,
}

pub fn run(a: ReportArgs) -> Result<ExitCode, Failure> {
    // Check everything the user wrote before the (possibly long) analysis.
    let rules = a
        .fail_on
        .iter()
        .map(|r| budgets::parse(r))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Failure)?;
    if !(0.0..=100.0).contains(&a.threshold) {
        return Err(Failure(format!(
            "--threshold is a percentage between 0 and 100, not {}",
            a.threshold
        )));
    }
    let mut options = ReportOptions {
        top: a.top.max(1),
        suspect_share: a.threshold / 100.0,
        groups: if a.no_presets {
            Vec::new()
        } else {
            groups::presets()
        },
    };
    if let Some(path) = &a.groups {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure(format!("{}: cannot read: {e}", path.display())))?;
        let mut own =
            groups::parse_groups(&text).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        options.groups.append(&mut own);
        if options.groups.len() > groups::MAX_GROUPS {
            return Err(Failure(format!(
                "at most {} groups in all, presets included (use --no-presets)",
                groups::MAX_GROUPS
            )));
        }
    }
    let loaded = load::load_and_analyse(&a.file)?;
    let report = Report::build(&loaded.analysis, &options);
    let title = a.file.file_name().map_or_else(
        || a.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let text = match a.format {
        Format::Md => report.to_markdown(&title),
        Format::Json => report.to_json() + "\n",
    };
    match &a.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Failure(format!("{}: cannot write: {e}", path.display())))?,
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = out.write_all(text.as_bytes());
        }
    }
    let results = budgets::check(&rules, &loaded.analysis, &report);
    let mut breached = false;
    for r in &results {
        breached |= r.breached;
        eprintln!(
            "heapscope: budget {}: {} ({})",
            r.rule,
            r.value_text,
            if r.breached { "BREACHED" } else { "ok" }
        );
    }
    Ok(if breached {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
