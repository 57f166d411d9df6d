//! Loading one file: read the `Blob` in slices ([`super::read`]: reading and parsing overlap, the
//! whole file is never in memory), stream them into the core's parser, run the analysis, and post
//! progress, then `Loaded` or `Failed`. A file the parser refuses at once as not a snapshot that
//! turns out to be a CPU profile is read on as one, next to the open analysis ([`super::profile`]).
//!
//! The analysis open before stays on standby while the file parses, so a file that turns out not to
//! be a snapshot (or to be cut off) leaves it open; its memory is counted against the parser's limit.
//! When both would not fit, the parser says so at the header, the old analysis is released
//! (`Accepted`) and the file is parsed again from its first slice with the whole limit.

use super::read::Chunks;
use super::{now_ms, post, profile, session, wasm_memory_bytes};
use crate::protocol::{
    JobId, LoadError, LoadErrorKind, Loaded, Response, EARLY_CLASSES, LARGEST_GROUPED,
    MEMORY_LIMIT_BYTES, TOP_RETAINED,
};
use heapscope_core::{Analysis, ParseErrorKind, Phase, SnapshotParser};
use std::cell::Cell;
use std::rc::Rc;
use web_sys::Blob;

/// Loads `blob` as job `job`; returns quietly if the job stops being current.
pub async fn run(job: JobId, blob: Blob) {
    let started = now_ms();
    let mut chunks = Chunks::new(blob);
    let total = chunks.total();
    let phase = Rc::new(Cell::new(Phase::Header));
    let standby = session::standby_bytes();
    let mut together = standby > 0;
    let mut parser = new_parser(MEMORY_LIMIT_BYTES.saturating_sub(standby), total, &phase);
    post(&Response::Progress {
        job,
        phase: Phase::Header,
        bytes: 0,
        total,
    });

    let mut offset = 0u64;
    let mut feed_ms = 0.0;
    while let Some(chunk) = chunks.next().await {
        if !session::is_loading(job) {
            return;
        }
        let chunk = match chunk {
            Ok(c) => c,
            Err(message) => return fail(job, LoadErrorKind::Read, message),
        };
        let n = chunk.len();
        let t = now_ms();
        let mut fed = feed(&mut parser, chunk);
        if matches!(&fed, Err(e) if together && offset == 0 && e.kind() == ParseErrorKind::TooLarge)
        {
            // This file and the analysis on standby do not fit together: release that one.
            session::release_standby(job);
            post(&Response::Accepted { job });
            together = false;
            parser = new_parser(MEMORY_LIMIT_BYTES, total, &phase);
            fed = feed(&mut parser, chunk);
        }
        feed_ms += now_ms() - t;
        if let Err(e) = fed {
            if offset == 0 && e.kind() == ParseErrorKind::NotASnapshot {
                if let Some(reader) = profile::sniff(chunk) {
                    return profile::read_on(job, reader, chunks, n as u64, together, started)
                        .await;
                }
            }
            return failed(job, LoadError::from(&e));
        }
        offset += n as u64;
        post(&Response::Progress {
            job,
            phase: phase.get(),
            bytes: offset,
            total,
        });
    }
    drop(chunks);

    let t = now_ms();
    let finished = parser.finish();
    feed_ms += now_ms() - t;
    let snapshot = match finished {
        Ok(s) => s,
        Err(e) => return failed(job, LoadError::from(&e)),
    };
    let warnings = snapshot.warnings.clone();
    // A good snapshot: the analysis on standby makes room for its analysis.
    session::release_standby(job);
    post(&Response::Accepted { job });
    let parsed = now_ms();
    let mut phases_ms: Vec<(String, f64)> = Vec::new();
    let mut phase_start = parsed;
    let mut on_overview = |overview: &heapscope_core::Overview| {
        post(&Response::Overview {
            job,
            overview: overview.clone(),
        })
    };
    let mut on_classes = |rows: &[heapscope_core::ClassRow]| {
        post(&Response::EarlyClasses {
            job,
            classes: rows[..rows.len().min(EARLY_CLASSES)].to_vec(),
            class_count: rows.len() as u64,
        })
    };
    let analysis = Analysis::with_early_results(
        snapshot,
        &mut |p| {
            let now = now_ms();
            if let Some(last) = phases_ms.last_mut() {
                last.1 = now - phase_start;
            }
            phases_ms.push((p.label().to_string(), 0.0));
            phase_start = now;
            post(&Response::Progress {
                job,
                phase: p,
                bytes: total,
                total,
            })
        },
        &mut on_overview,
        Some(&mut on_classes),
    );
    if let Some(last) = phases_ms.last_mut() {
        last.1 = now_ms() - phase_start;
    }
    let queries_start = now_ms();
    let overview = analysis.overview();
    let classes = analysis.classes().to_vec();
    let top = analysis.top_retained(TOP_RETAINED);
    let largest = analysis.largest_objects(LARGEST_GROUPED);
    let by_type = analysis.summary(0).by_type;
    let allocation_traces = !analysis.snapshot().trace_tree.is_empty();
    phases_ms.push((
        "overview, classes, top".to_string(),
        now_ms() - queries_start,
    ));
    let loaded = Loaded {
        job,
        overview,
        root: analysis.root_ordinal(),
        classes,
        top,
        largest,
        by_type,
        allocation_traces,
        elapsed_ms: now_ms() - started,
        parse_ms: parsed - started,
        feed_ms,
        phases_ms,
        wasm_memory_bytes: wasm_memory_bytes(),
        warnings,
    };
    if session::store(job, analysis) {
        post(&Response::Loaded(Box::new(loaded)));
    }
}

/// A snapshot parser that refuses, at the header, a graph needing more than `memory_limit` (or more
/// than a file of `file_size` bytes could describe), and keeps `phase` current.
pub(super) fn new_parser(
    memory_limit: u64,
    file_size: u64,
    phase: &Rc<Cell<Phase>>,
) -> SnapshotParser {
    let mut parser = SnapshotParser::new();
    parser.set_memory_limit(memory_limit);
    // The parser recognises gzip by its magic bytes and widens the bound itself.
    parser.set_input_size(file_size, false);
    let phase = phase.clone();
    parser.set_progress(Box::new(move |p| phase.set(p.phase)));
    parser
}

/// Feeds `bytes` in 1 MiB pieces: the engine swaps in optimised code between calls, never inside one.
pub(super) fn feed(
    parser: &mut SnapshotParser,
    bytes: &[u8],
) -> Result<(), heapscope_core::ParseError> {
    bytes
        .chunks(1 << 20)
        .try_for_each(|piece| parser.feed(piece))
}

pub(super) fn fail(job: JobId, kind: LoadErrorKind, message: String) {
    failed(
        job,
        LoadError {
            kind,
            message,
            detail: None,
        },
    );
}

pub(super) fn failed(job: JobId, error: LoadError) {
    if let Some(kept) = session::end_load(job) {
        post(&Response::Failed { job, error, kept });
    }
}
