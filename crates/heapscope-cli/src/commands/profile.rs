//! `heapscope profile`: CPU self and total time per function from a `.cpuprofile`, next to what each
//! function's closures and constructed objects hold in a heap snapshot of the same process.

use crate::table::{bytes, cut};
use crate::{load, Failure};
use clap::Args;
use heapscope_core::compare::profile::{profile_report, ProfileReport, Verdict};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `heapscope profile PROFILE [--heap SNAPSHOT] [--top N] [--json]`.
#[derive(Debug, Args, PartialEq)]
pub struct ProfileArgs {
    /// A .cpuprofile (node --cpu-prof, DevTools' Performance or Profiler), optionally gzip'd.
    pub profile: PathBuf,
    /// A heap snapshot of the same process, to set each function's CPU time beside its objects.
    #[arg(long, value_name = "SNAPSHOT")]
    pub heap: Option<PathBuf>,
    /// How many functions each table lists.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    /// Print one JSON object ({"functions": [{name, url, line, self_ms, total_ms, heap: {count,
    /// self_size, retained_size}, verdict}], ...}) instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: ProfileArgs) -> Result<ExitCode, Failure> {
    let profile = load::load_cpuprofile(&a.profile)?;
    let heap = match &a.heap {
        Some(path) => Some(load::load_and_analyse(path)?),
        None => None,
    };
    let report = profile_report(&profile, heap.as_ref().map(|h| &h.analysis));
    super::print_json_or(a.json, &report, |r| render(r, a.top))?;
    Ok(ExitCode::SUCCESS)
}

fn render(r: &ProfileReport, top: usize) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} samples over {:.0} ms; a function is hot from {:.1} ms of self time{}",
        r.samples,
        r.duration_ms,
        r.hot_self_ms,
        match r.heavy_retained_size {
            Some(h) => format!(", heavy from {} retained", bytes(h)),
            None => String::new(),
        }
    );
    let row = |o: &mut String, f: &heapscope_core::compare::ProfiledFunction| {
        let name = if f.name.is_empty() {
            "(anonymous)"
        } else {
            &f.name
        };
        let place = if f.url.is_empty() {
            String::new()
        } else {
            format!("  {}:{}", cut(&f.url, 50), f.line)
        };
        let heap = match f.heap {
            Some(h) => format!(
                "{:>8} {:>11} {:>11}",
                h.count,
                bytes(h.self_size),
                bytes(h.retained_size)
            ),
            None => String::new(),
        };
        let _ = writeln!(
            o,
            "  {:>10.1} {:>10.1} {}  {}{}",
            f.self_ms,
            f.total_ms,
            heap,
            cut(name, 40),
            place
        );
    };
    let header = |o: &mut String, with_heap: bool| {
        let heap = if with_heap {
            format!("{:>8} {:>11} {:>11}", "objects", "size", "retained")
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "  {:>10} {:>10} {}  function",
            "self ms", "total ms", heap
        );
    };
    if r.heap_total_size.is_none() {
        let _ = writeln!(o, "\nFunctions by self time");
        header(&mut o, false);
        for f in r.functions.iter().take(top) {
            row(&mut o, f);
        }
        return o;
    }
    for verdict in [Verdict::HotHeavy, Verdict::HotLight, Verdict::ColdHeavy] {
        let list: Vec<_> = r
            .functions
            .iter()
            .filter(|f| f.verdict == Some(verdict))
            .collect();
        let _ = writeln!(o, "\n{} ({})", verdict.title(), list.len());
        if list.is_empty() {
            continue;
        }
        header(&mut o, true);
        for f in list.into_iter().take(top) {
            row(&mut o, f);
        }
    }
    let _ = writeln!(
        o,
        "\nTurboFan inlining charges an inlined callee's time to its caller: a small constructor called from a hot loop can show no time of its own."
    );
    o
}
