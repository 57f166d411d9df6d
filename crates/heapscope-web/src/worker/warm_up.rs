//! Warms the wasm engine up when the worker starts. V8 first runs wasm in its baseline tier and
//! optimises a function once it has run enough; a function called once for a long time (the parser's
//! `feed` on a 16 MiB slice, each analysis step) would run a whole real file in the baseline tier. So
//! the worker parses and analyses a small synthetic snapshot first, and builds its report (each of
//! whose sections is one long call too: in the baseline tier the report took half as long again as
//! the analysis), before any file is dropped, and the user's file then runs in optimised code.
//! Costs a fraction of a second of idle worker time; nothing is fetched.

use heapscope_core::synthetic::synthetic_snapshot;
use heapscope_core::{Analysis, SnapshotParser};

/// Objects in the warm-up snapshot (about three nodes each).
const OBJECTS: usize = 40_000;

/// Runs the whole pipeline, the common queries and the report once on a synthetic snapshot;
/// returns how many milliseconds of `clock` the report took.
pub fn run(clock: fn() -> f64) -> f64 {
    let json = synthetic_snapshot(OBJECTS, 0x5eed);
    let mut parser = SnapshotParser::new();
    for chunk in json.chunks(256 << 10) {
        if parser.feed(chunk).is_err() {
            return 0.0;
        }
    }
    drop(json);
    let Ok(snapshot) = parser.finish() else {
        return 0.0;
    };
    let analysis = Analysis::new(snapshot, &mut |_| {});
    let top = analysis.top_retained(20);
    if let Some(row) = top.get(1) {
        let _ = analysis.retaining_path(row.ordinal);
    }
    if let Some(class) = analysis.classes().first() {
        let _ = analysis.class_instances(class.index, 0, 50);
    }
    let _ = analysis.summary(20);
    let started = clock();
    let report = heapscope_core::Report::build(&analysis, &Default::default());
    let _ = report.to_markdown("warm-up");
    let _ = report.to_json();
    clock() - started
}
