//! Reading a posted `Blob` in [`CHUNK_BYTES`] slices for every kind of load (the open snapshot, a
//! side snapshot, a CPU profile): the next slices are requested before the current one is handed
//! out, so the browser reads while the caller parses. Only [`READS_IN_FLIGHT`] slices and one copy
//! in wasm memory exist at a time; the whole file never does.

use crate::protocol::CHUNK_BYTES;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// Slices being read by the browser while the parser works (2 keeps the reader busy; more does not help).
const READS_IN_FLIGHT: usize = 2;

type Read = Pin<Box<dyn Future<Output = Result<js_sys::Uint8Array, JsValue>>>>;

/// The slices of one `Blob`, in order.
pub struct Chunks {
    blob: Blob,
    total: u64,
    /// Where the next read starts.
    requested: u64,
    /// Reads already requested from the browser, oldest first.
    in_flight: VecDeque<Read>,
    /// The current slice, copied into wasm memory.
    buf: Vec<u8>,
}

impl Chunks {
    /// Starts reading `blob`.
    pub fn new(blob: Blob) -> Chunks {
        let total = blob.size() as u64;
        let mut chunks = Chunks {
            blob,
            total,
            requested: 0,
            in_flight: VecDeque::new(),
            buf: vec![0u8; CHUNK_BYTES.min(total) as usize],
        };
        while chunks.in_flight.len() < READS_IN_FLIGHT && chunks.request() {}
        chunks
    }

    /// The blob's size in bytes.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Requests the next slice; false when everything is requested.
    fn request(&mut self) -> bool {
        if self.requested >= self.total {
            return false;
        }
        let end = (self.requested + CHUNK_BYTES).min(self.total);
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

    /// The next slice (`None` at the end), or the browser's read error in words.
    pub async fn next(&mut self) -> Option<Result<&[u8], String>> {
        let reading = self.in_flight.pop_front()?;
        let chunk = match reading.await {
            Ok(c) => c,
            Err(e) => return Some(Err(describe(&e))),
        };
        self.request();
        let n = chunk.length() as usize;
        chunk.copy_to(&mut self.buf[..n]);
        Some(Ok(&self.buf[..n]))
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
