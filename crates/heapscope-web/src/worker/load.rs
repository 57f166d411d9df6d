//! Loading one file: read the `Blob` in [`CHUNK_BYTES`] slices (the next slice is requested before the
//! current one is parsed, so reading and parsing overlap), stream them into the core's parser, run
//! the analysis, and post progress, then `Loaded` or `Failed`. The whole file is never in memory
//! at once: only two slices are.

use super::{now_ms, post, session, wasm_memory_bytes};
use crate::protocol::{
    JobId, LoadError, LoadErrorKind, Loaded, Response, CHUNK_BYTES, MEMORY_LIMIT_BYTES,
    TOP_RETAINED,
};
use heapscope_core::{Analysis, Phase, SnapshotParser};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// Loads `blob` as job `job`; returns quietly if the job stops being current.
pub async fn run(job: JobId, blob: Blob) {
    let started = now_ms();
    let total = blob.size() as u64;
    let phase = Rc::new(Cell::new(Phase::Header));
    let mut parser = SnapshotParser::new();
    parser.set_memory_limit(MEMORY_LIMIT_BYTES);
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
    let mut pending = (total > 0).then(|| read(&blob, 0, total));
    while let Some(reading) = pending.take() {
        let chunk = reading.await;
        if !session::is_current(job) {
            return;
        }
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => return fail(job, LoadErrorKind::Read, describe(&e)),
        };
        let n = chunk.length() as usize;
        let next = offset + n as u64;
        if next < total {
            pending = Some(read(&blob, next, total));
        }
        chunk.copy_to(&mut buf[..n]);
        if let Err(e) = parser.feed(&buf[..n]) {
            return failed(job, LoadError::from(&e));
        }
        offset = next;
        post(&Response::Progress {
            job,
            phase: phase.get(),
            bytes: offset,
            total,
        });
    }
    drop(buf);

    let snapshot = match parser.finish() {
        Ok(s) => s,
        Err(e) => return failed(job, LoadError::from(&e)),
    };
    let analysis = Analysis::new(snapshot, &mut |p| {
        post(&Response::Progress {
            job,
            phase: p,
            bytes: total,
            total,
        })
    });
    let loaded = Loaded {
        job,
        overview: analysis.overview(),
        classes: analysis.classes().to_vec(),
        top: analysis.top_retained(TOP_RETAINED),
        elapsed_ms: now_ms() - started,
        wasm_memory_bytes: wasm_memory_bytes(),
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
