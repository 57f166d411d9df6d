//! Loading one file: read the `Blob` in [`CHUNK_BYTES`] slices (the next slice is requested before the
//! current one is parsed, so reading and parsing overlap), stream them into the core's parser, run
//! the analysis, and post progress, then `Loaded` or `Failed`. The whole file is never in memory
//! at once: only [`READS_IN_FLIGHT`] slices and one copy are.

use super::{now_ms, post, session, wasm_memory_bytes};
use crate::protocol::{
    JobId, LoadError, LoadErrorKind, Loaded, Response, CHUNK_BYTES, MEMORY_LIMIT_BYTES,
    TOP_RETAINED,
};
use heapscope_core::{Analysis, Phase, SnapshotParser};
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// Slices being read by the browser while the parser works (2 keeps the reader busy; more does not help).
const READS_IN_FLIGHT: usize = 2;

/// Loads `blob` as job `job`; returns quietly if the job stops being current.
pub async fn run(job: JobId, blob: Blob) {
    let started = now_ms();
    let total = blob.size() as u64;
    let phase = Rc::new(Cell::new(Phase::Header));
    let mut parser = SnapshotParser::new();
    parser.set_memory_limit(MEMORY_LIMIT_BYTES);
    // The parser recognises gzip by its magic bytes and widens the bound itself.
    parser.set_input_size(total, false);
    {
        let phase = phase.clone();
        parser.set_progress(Box::new(move |p| phase.set(p.phase)));
    }
    post(&Response::Progress {
        job,
        phase: Phase::Header,
        bytes: 0,
        total,
    });

    let mut buf = vec![0u8; CHUNK_BYTES.min(total) as usize];
    let mut offset = 0u64;
    let mut feed_ms = 0.0;
    // Reads already requested from the browser, oldest first; `requested` is where the next starts.
    let mut in_flight = VecDeque::new();
    let mut requested = 0u64;
    while requested < total && in_flight.len() < READS_IN_FLIGHT {
        in_flight.push_back(read(&blob, requested, total));
        requested = (requested + CHUNK_BYTES).min(total);
    }
    while let Some(reading) = in_flight.pop_front() {
        let chunk = reading.await;
        if !session::is_current(job) {
            return;
        }
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => return fail(job, LoadErrorKind::Read, describe(&e)),
        };
        if requested < total {
            in_flight.push_back(read(&blob, requested, total));
            requested = (requested + CHUNK_BYTES).min(total);
        }
        let n = chunk.length() as usize;
        chunk.copy_to(&mut buf[..n]);
        let t = now_ms();
        // Fed in 1 MiB pieces: the engine swaps in optimised code between calls, never inside one.
        let fed = buf[..n]
            .chunks(1 << 20)
            .try_for_each(|piece| parser.feed(piece));
        feed_ms += now_ms() - t;
        if let Err(e) = fed {
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
    drop(buf);

    let t = now_ms();
    let finished = parser.finish();
    feed_ms += now_ms() - t;
    let snapshot = match finished {
        Ok(s) => s,
        Err(e) => return failed(job, LoadError::from(&e)),
    };
    let warnings = snapshot.warnings.clone();
    let parsed = now_ms();
    let mut phases_ms: Vec<(String, f64)> = Vec::new();
    let mut phase_start = parsed;
    let mut on_overview = |overview: &heapscope_core::Overview| {
        post(&Response::Overview {
            job,
            overview: overview.clone(),
        })
    };
    let analysis = Analysis::with_overview(
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
    );
    if let Some(last) = phases_ms.last_mut() {
        last.1 = now_ms() - phase_start;
    }
    let queries_start = now_ms();
    let overview = analysis.overview();
    let classes = analysis.classes().to_vec();
    let top = analysis.top_retained(TOP_RETAINED);
    phases_ms.push((
        "overview, classes, top".to_string(),
        now_ms() - queries_start,
    ));
    let loaded = Loaded {
        job,
        overview,
        classes,
        top,
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

/// Starts reading `[start, min(start + CHUNK, total))`; the read runs while the caller parses.
fn read(
    blob: &Blob,
    start: u64,
    total: u64,
) -> impl std::future::Future<Output = Result<js_sys::Uint8Array, JsValue>> {
    let end = (start + CHUNK_BYTES).min(total);
    let promise = blob
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map(|s| s.array_buffer());
    async move {
        let buffer = JsFuture::from(promise?).await?;
        Ok(js_sys::Uint8Array::new(&buffer))
    }
}

fn describe(e: &JsValue) -> String {
    let detail = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into());
    format!("The browser could not read the file: {detail}.")
}

fn fail(job: JobId, kind: LoadErrorKind, message: String) {
    failed(job, LoadError { kind, message });
}

fn failed(job: JobId, error: LoadError) {
    if session::cancel(job) {
        post(&Response::Failed { job, error });
    }
}
