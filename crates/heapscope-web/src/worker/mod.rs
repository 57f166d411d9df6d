//! The analysis worker: a module Web Worker that owns the open [`heapscope_core::Analysis`] (and,
//! for comparison over time, a base analysis or leak detection's ids beside it, [`compare`]).
//!
//! Invariants: the main thread never sees file bytes (the worker reads the posted `File` itself, in
//! slices); only the current job's messages are answered; starting a load first drops the previous
//! analysis so its memory is reused; a panic is reported to the page as `Response::Panicked`, and
//! a trap (out of memory) as an uncaught error, which the page answers with a fresh worker.

mod compare;
mod load;
mod profile;
mod read;
mod session;
mod warm_up;

use crate::protocol::{Request, Response};
use crate::wire;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The worker's entry point: installs the panic hook and the message handler, warms the engine up,
/// then says `Ready`.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        post(&Response::Panicked { message });
    }));
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        match wire::open::<Request>(e.data()) {
            Ok((req, blob)) => handle(req, blob),
            Err(err) => web_sys::console::error_2(&"heapscope-worker: bad message".into(), &err),
        }
    });
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    rethrow_unhandled_rejections();
    // The page queues its requests until `Ready`, so a file dropped meanwhile waits for the warm-up.
    heapscope_core::set_clock(now_ms);
    read::start_reader();
    let started = now_ms();
    let report_ms = warm_up::run(now_ms);
    web_sys::console::debug_1(
        &format!(
            "heapscope-worker: warmed up in {:.0} ms (the report {report_ms:.0} ms)",
            now_ms() - started
        )
        .into(),
    );
    post(&Response::Ready);
}

/// A wasm trap inside the load task (running out of memory aborts, and an abort is a trap) rejects
/// a promise nobody awaits, which the page would never hear of: the worker would look alive and
/// never answer. Rethrown from the global scope, it reaches the page's `Worker.onerror`, which
/// reports it and starts a fresh worker.
fn rethrow_unhandled_rejections() {
    let handler = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
        let reason = js_sys::Reflect::get(&e, &"reason".into()).unwrap_or(JsValue::UNDEFINED);
        let message = reason
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| reason.as_string())
            .unwrap_or_else(|| "a task of the analysis failed".into());
        wasm_bindgen::throw_str(&message);
    });
    let _ = scope()
        .add_event_listener_with_callback("unhandledrejection", handler.as_ref().unchecked_ref());
    handler.forget();
}

fn handle(req: Request, blob: Option<web_sys::Blob>) {
    match req {
        Request::Load { job, name: _ } => {
            session::begin(job);
            match blob {
                Some(blob) => wasm_bindgen_futures::spawn_local(load::run(job, blob)),
                None => web_sys::console::error_1(&"heapscope-worker: Load without a file".into()),
            }
        }
        Request::Cancel { job } => {
            if let Some(kept) = session::end_load(job) {
                post(&Response::Cancelled { job, kept });
            }
        }
        Request::Compare(req) => compare::handle(req, blob),
        query => {
            if let Some(answer) = session::answer(&query) {
                post(&answer);
            }
        }
    }
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts one response to the page.
pub(crate) fn post(msg: &Response) {
    match wire::envelope(msg, None) {
        Ok(v) => {
            if let Err(e) = scope().post_message(&v) {
                web_sys::console::error_1(&e);
            }
        }
        Err(e) => web_sys::console::error_2(&"heapscope-worker: cannot encode".into(), &e),
    }
}

/// Current size of this worker's wasm memory in bytes (it only grows, so it is the peak).
pub(crate) fn wasm_memory_bytes() -> u64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0, |b| b.byte_length() as u64)
}

/// Milliseconds since the worker started (`performance.now()`).
pub(crate) fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}
