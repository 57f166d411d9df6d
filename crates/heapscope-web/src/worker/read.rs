//! Reading a posted `Blob` in [`CHUNK_BYTES`] slices for every kind of load (the open snapshot, a
//! side snapshot, a CPU profile), while the caller parses. Only a few slices and one copy in wasm
//! memory exist at a time; the whole file never does.
//!
//! The browser fills a slice's `ArrayBuffer` on the thread that asked for it, so slices this worker
//! requests do not progress while it parses (measured with `tests/e2e/read-overlap.mjs`: reads and
//! a busy worker add up). So the slices are read by a small nested worker, `web/reader.js` (started
//! with this worker, before it says it is ready: one of the app's own files), which reads
//! [`SLICES_AHEAD`] slices ahead of what this worker has taken and transfers each one here. Where it
//! cannot start or fails (a browser without nested workers), the slices are requested here instead,
//! [`READS_IN_FLIGHT`] at a time, from where the reader stopped.

use crate::protocol::{next_slice_bytes, CHUNK_BYTES, FIRST_SLICE_BYTES};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent};

/// Slices requested here at once when there is no reader (2 keeps the browser busy; more does not
/// help).
const READS_IN_FLIGHT: usize = 2;
/// Slices the reader reads before this worker has taken them.
const SLICES_AHEAD: u32 = 2;

type Read = Pin<Box<dyn Future<Output = Result<js_sys::Uint8Array, JsValue>>>>;

/// What the reader has sent for the current job.
#[derive(Default)]
struct Inbox {
    job: u32,
    slices: VecDeque<Result<js_sys::Uint8Array, String>>,
    /// The reader cannot be used (it did not start, or died): read here.
    failed: bool,
    waker: Option<Waker>,
}

/// The nested reader worker, started once per analysis worker.
struct Reader {
    worker: web_sys::Worker,
    inbox: Rc<RefCell<Inbox>>,
    /// One `Chunks` uses it at a time; any other reads here.
    busy: bool,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

thread_local! {
    static READER: RefCell<Option<Reader>> = RefCell::new(Reader::start());
}

impl Reader {
    fn start() -> Option<Reader> {
        // Beside this worker's script (the app's `public_url` is relative).
        let worker = web_sys::Worker::new("reader.js").ok()?;
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let on_message = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let data = e.data();
                let field = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name));
                let job = field("job").ok().and_then(|j| j.as_f64()).unwrap_or(-1.0);
                let mut inbox = inbox.borrow_mut();
                if job != inbox.job as f64 {
                    return;
                }
                let slice = match field("buf") {
                    Ok(buf) if buf.is_instance_of::<js_sys::ArrayBuffer>() => {
                        Ok(js_sys::Uint8Array::new(&buf))
                    }
                    _ => Err(field("error")
                        .ok()
                        .and_then(|e| e.as_string())
                        .unwrap_or_else(|| "unknown error".into())),
                };
                inbox.slices.push_back(slice);
                if let Some(w) = inbox.waker.take() {
                    w.wake();
                }
            })
        };
        let on_error = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                let mut inbox = inbox.borrow_mut();
                inbox.failed = true;
                if let Some(w) = inbox.waker.take() {
                    w.wake();
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Reader {
            worker,
            inbox,
            busy: false,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Starts reading `blob` as a new job; the inbox it fills, or `None` to read here.
    fn begin(blob: &Blob) -> Option<Rc<RefCell<Inbox>>> {
        READER.with(|r| {
            let mut r = r.borrow_mut();
            let reader = r.as_mut().filter(|r| !r.busy && !r.inbox.borrow().failed)?;
            let job = {
                let mut inbox = reader.inbox.borrow_mut();
                inbox.job = inbox.job.wrapping_add(1);
                inbox.slices.clear();
                inbox.job
            };
            let msg = js_sys::Object::new();
            let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&msg, &JsValue::from_str(k), v);
            set("job", &JsValue::from(job)).ok()?;
            set("blob", blob).ok()?;
            set("first", &JsValue::from(FIRST_SLICE_BYTES as f64)).ok()?;
            set("chunk", &JsValue::from(CHUNK_BYTES as f64)).ok()?;
            set("ahead", &JsValue::from(SLICES_AHEAD)).ok()?;
            reader.worker.post_message(&msg).ok()?;
            reader.busy = true;
            Some(reader.inbox.clone())
        })
    }

    /// Gives the reader one credit for the job of `inbox`.
    fn taken(job: u32) {
        READER.with(|r| {
            if let Some(reader) = r.borrow().as_ref() {
                let msg = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&msg, &JsValue::from_str("job"), &JsValue::from(job));
                let _ = reader.worker.post_message(&msg);
            }
        })
    }

    /// The job is over: the next `Chunks` may use the reader.
    fn release() {
        READER.with(|r| {
            if let Some(reader) = r.borrow_mut().as_mut() {
                reader.busy = false;
                reader.inbox.borrow_mut().slices.clear();
            }
        })
    }
}

/// Starts the reader now, before the worker says it is ready, so no load waits for it and its
/// script is fetched with the app's other files, never after.
pub fn start_reader() {
    READER.with(|_| {});
}

/// The slices of one `Blob`, in order.
pub struct Chunks {
    blob: Blob,
    total: u64,
    /// Bytes handed out so far.
    taken: u64,
    /// Slices read by the reader, while it works.
    inbox: Option<Rc<RefCell<Inbox>>>,
    /// Reading here: where the next request starts, its size, and the requests in flight, oldest
    /// first.
    requested: u64,
    slice_bytes: u64,
    in_flight: VecDeque<Read>,
    /// The current slice, copied into wasm memory.
    buf: Vec<u8>,
}

impl Chunks {
    /// Starts reading `blob`.
    pub fn new(blob: Blob) -> Chunks {
        let total = blob.size() as u64;
        let inbox = Reader::begin(&blob);
        let mut chunks = Chunks {
            blob,
            total,
            taken: 0,
            inbox,
            requested: 0,
            slice_bytes: FIRST_SLICE_BYTES,
            in_flight: VecDeque::new(),
            buf: vec![0u8; CHUNK_BYTES.min(total) as usize],
        };
        if chunks.inbox.is_none() {
            chunks.read_here();
        }
        chunks
    }

    /// The blob's size in bytes.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Reads on this thread from the first byte not handed out.
    fn read_here(&mut self) {
        if let Some(inbox) = self.inbox.take() {
            drop(inbox);
            Reader::release();
        }
        self.requested = self.taken;
        while self.in_flight.len() < READS_IN_FLIGHT && self.request() {}
    }

    /// Requests the next slice here; false when everything is requested.
    fn request(&mut self) -> bool {
        if self.requested >= self.total {
            return false;
        }
        let end = (self.requested + self.slice_bytes).min(self.total);
        self.slice_bytes = next_slice_bytes(self.slice_bytes);
        let promise = self
            .blob
            .slice_with_f64_and_f64(self.requested as f64, end as f64)
            .map(|s| s.array_buffer());
        self.in_flight.push_back(Box::pin(async move {
            let buffer = JsFuture::from(promise?).await?;
            Ok(js_sys::Uint8Array::new(&buffer))
        }));
        self.requested = end;
        true
    }

    /// The next slice from the reader, or `None` when it failed (then read here).
    async fn from_reader(inbox: &Rc<RefCell<Inbox>>) -> Option<Result<js_sys::Uint8Array, String>> {
        std::future::poll_fn(|cx| {
            let mut inbox = inbox.borrow_mut();
            if let Some(slice) = inbox.slices.pop_front() {
                return Poll::Ready(Some(slice));
            }
            if inbox.failed {
                return Poll::Ready(None);
            }
            inbox.waker = Some(cx.waker().clone());
            Poll::Pending
        })
        .await
    }

    /// The next slice (`None` at the end), or the browser's read error in words.
    pub async fn next(&mut self) -> Option<Result<&[u8], String>> {
        if self.taken >= self.total {
            return None;
        }
        let mut got = None;
        if let Some(inbox) = self.inbox.clone() {
            match Self::from_reader(&inbox).await {
                Some(Ok(slice)) => {
                    got = Some(slice);
                    Reader::taken(inbox.borrow().job);
                }
                Some(Err(detail)) => {
                    return Some(Err(format!(
                        "The browser could not read the file: {detail}."
                    )))
                }
                None => self.read_here(),
            }
        }
        let chunk = match got {
            Some(c) => c,
            None => {
                let reading = self.in_flight.pop_front()?;
                match reading.await {
                    Ok(c) => {
                        self.request();
                        c
                    }
                    Err(e) => return Some(Err(describe(&e))),
                }
            }
        };
        let n = chunk.length() as usize;
        if n > self.buf.len() {
            self.buf.resize(n, 0);
        }
        chunk.copy_to(&mut self.buf[..n]);
        self.taken += n as u64;
        Some(Ok(&self.buf[..n]))
    }
}

impl Drop for Chunks {
    fn drop(&mut self) {
        if self.inbox.take().is_some() {
            Reader::release();
        }
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
