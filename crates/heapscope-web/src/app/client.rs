//! The page's handle on the analysis worker: spawns it at page load (so nothing is fetched when a
//! file is dropped), queues requests until it says `Ready`, numbers jobs and queries, and starts a
//! fresh worker after a panic. Answers go to one callback; nothing here knows about views.

use super::state::Problem;
use crate::protocol::{JobId, ReqId, Request, Response, INSTANCES_PAGE};
use crate::wire;
use heapscope_core::{RetainerFilter, SummaryFilter};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

/// Trunk writes the worker's loader shim at the dist root; relative so the app works under any path.
const WORKER_URL: &str = "./heapscope-worker_loader.js";

type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(ErrorEvent)>,
);

/// See the module docs.
pub struct Client {
    worker: RefCell<Option<Worker>>,
    handlers: RefCell<Option<Handlers>>,
    ready: Cell<bool>,
    queue: RefCell<Vec<(Request, Option<Blob>)>>,
    job: Cell<JobId>,
    next_job: Cell<JobId>,
    next_req: Cell<ReqId>,
    on_response: Callback<Response>,
    on_error: Callback<Problem>,
    this: Weak<Client>,
}

impl Client {
    /// Spawns the worker; `on_response` gets every answer, `on_error` a worker that cannot start or
    /// that died.
    pub fn new(on_response: Callback<Response>, on_error: Callback<Problem>) -> Rc<Client> {
        let client = Rc::new_cyclic(|this| Client {
            worker: RefCell::new(None),
            handlers: RefCell::new(None),
            ready: Cell::new(false),
            queue: RefCell::new(Vec::new()),
            job: Cell::new(0),
            next_job: Cell::new(1),
            next_req: Cell::new(1),
            on_response,
            on_error,
            this: this.clone(),
        });
        client.spawn();
        client
    }

    fn spawn(&self) {
        let opts = WorkerOptions::new();
        opts.set_type(WorkerType::Module);
        let worker = match Worker::new_with_options(WORKER_URL, &opts) {
            Ok(w) => w,
            Err(e) => {
                self.on_error.emit(Problem::internal(format!(
                    "The analysis worker could not start: {e:?}."
                )));
                return;
            }
        };
        let this = self.this.clone();
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(client) = this.upgrade() {
                client.received(e.data());
            }
        });
        let this = self.this.clone();
        let onerror = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            if let Some(client) = this.upgrade() {
                client.failed(e.message());
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        self.ready.set(false);
        mark_ready(false);
        *self.worker.borrow_mut() = Some(worker);
        *self.handlers.borrow_mut() = Some((onmessage, onerror));
    }

    fn received(&self, data: JsValue) {
        let response = match wire::open::<Response>(data) {
            Ok((r, _)) => r,
            Err(e) => {
                web_sys::console::error_2(&"heapscope: bad message from worker".into(), &e);
                return;
            }
        };
        match &response {
            Response::Ready => {
                self.ready.set(true);
                mark_ready(true);
                let queued = std::mem::take(&mut *self.queue.borrow_mut());
                for (req, blob) in queued {
                    self.post(&req, blob.as_ref());
                }
            }
            // The worker's wasm instance is unusable after a panic: replace it.
            Response::Panicked { .. } => self.restart(),
            _ => {}
        }
        self.on_response.emit(response);
    }

    /// An uncaught error in the worker (a wasm trap such as running out of memory, or its files
    /// failing to load). A worker that had started is replaced; one that never started is not
    /// retried (that would loop).
    fn failed(&self, message: String) {
        if self.ready.get() {
            self.restart();
            self.on_error.emit(Problem::worker_stopped(format!(
                "The analysis worker stopped: {message}."
            )));
        } else {
            self.on_error.emit(Problem::internal(format!(
                "The analysis worker stopped before it was ready: {message}. Reload the page."
            )));
        }
    }

    /// Terminates the worker (detaching its handlers first, so events it already queued go nowhere)
    /// and starts a fresh one. The current job is lost.
    fn restart(&self) {
        self.job.set(0);
        if let Some(w) = self.worker.borrow_mut().take() {
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
        self.spawn();
    }

    fn send(&self, req: Request, blob: Option<Blob>) {
        if self.ready.get() {
            self.post(&req, blob.as_ref());
        } else {
            // Before `Ready` a message would be lost; only the latest load matters.
            let mut q = self.queue.borrow_mut();
            if matches!(req, Request::Load { .. }) {
                q.clear();
            }
            q.push((req, blob));
        }
    }

    fn post(&self, req: &Request, blob: Option<&Blob>) {
        let Some(worker) = self.worker.borrow().clone() else {
            return;
        };
        match wire::envelope(req, blob) {
            Ok(v) => {
                if let Err(e) = worker.post_message(&v) {
                    self.on_error.emit(Problem::internal(format!(
                        "Could not talk to the analysis worker: {e:?}."
                    )));
                }
            }
            Err(e) => web_sys::console::error_1(&e),
        }
    }

    /// Starts analysing `blob` as a new job (the worker drops the previous analysis). Returns the job.
    pub fn load(&self, blob: &Blob, name: &str) -> JobId {
        let job = self.next_job.get();
        self.next_job.set(job + 1);
        self.job.set(job);
        self.send(
            Request::Load {
                job,
                name: name.to_string(),
            },
            Some(blob.clone()),
        );
        job
    }

    /// Cancels the current job's load (an analysis opened before it then answers this job's
    /// queries, so the job stays current).
    pub fn cancel(&self) {
        let job = self.job.get();
        if job != 0 {
            self.send(Request::Cancel { job }, None);
        }
    }

    fn req(&self) -> ReqId {
        let r = self.next_req.get();
        self.next_req.set(r.wrapping_add(1));
        r
    }

    /// Asks for a page of instances of a class (of those `filter` lets through, if set).
    pub fn instances(&self, class_index: u32, offset: usize, filter: Option<SummaryFilter>) {
        let (job, req) = (self.job.get(), self.req());
        let limit = INSTANCES_PAGE as u32;
        self.send(
            Request::Instances {
                job,
                req,
                class_index,
                offset: offset as u32,
                limit,
                filter,
            },
            None,
        );
    }

    /// Asks for the Summary's classes under a named filter.
    pub fn filtered_classes(&self, filter: SummaryFilter) {
        let (job, req) = (self.job.get(), self.req());
        self.send(Request::FilteredClasses { job, req, filter }, None);
    }

    /// Asks for the detached objects by class.
    pub fn detached(&self) {
        let (job, req) = (self.job.get(), self.req());
        self.send(Request::Detached { job, req }, None);
    }

    /// Asks for a page of the detached objects of one class.
    pub fn detached_instances(&self, class: &str, offset: usize) {
        let (job, req) = (self.job.get(), self.req());
        let (class, offset) = (class.to_string(), offset as u32);
        self.send(
            Request::DetachedInstances {
                job,
                req,
                class,
                offset,
            },
            None,
        );
    }

    /// Selects an object: its row, its retainers as DevTools' Retainers view opens them, its children.
    pub fn select(&self, id: u64, filter: RetainerFilter) {
        let (job, req) = (self.job.get(), self.req());
        self.send(
            Request::Select {
                job,
                req,
                id,
                filter,
            },
            None,
        );
    }

    /// Asks for a page of the retainers of the node at `ordinal`.
    pub fn retainers_page(&self, ordinal: u32, filter: RetainerFilter, offset: usize) {
        let (job, req) = (self.job.get(), self.req());
        let offset = offset as u32;
        self.send(
            Request::RetainersPage {
                job,
                req,
                ordinal,
                filter,
                offset,
            },
            None,
        );
    }

    /// Asks for a page of the outgoing edges of the node at `ordinal`.
    pub fn children_page(&self, ordinal: u32, offset: usize) {
        let (job, req) = (self.job.get(), self.req());
        let offset = offset as u32;
        self.send(
            Request::ChildrenPage {
                job,
                req,
                ordinal,
                offset,
            },
            None,
        );
    }

    /// Asks for a page of the dominator-tree children of the node at `ordinal`.
    pub fn dominated_page(&self, ordinal: u32, offset: usize) {
        let (job, req) = (self.job.get(), self.req());
        let offset = offset as u32;
        self.send(
            Request::DominatedPage {
                job,
                req,
                ordinal,
                offset,
            },
            None,
        );
    }

    /// Asks for the analysis report under `options`, its Markdown titled `title`.
    pub fn report(&self, options: &heapscope_core::report::ReportOptions, title: &str) {
        let (job, req) = (self.job.get(), self.req());
        let (options, title) = (options.clone(), title.to_string());
        self.send(
            Request::Report {
                job,
                req,
                options,
                title,
            },
            None,
        );
    }

    /// Sends a comparison-over-time request built for the current job and a fresh query id (a side
    /// load's `blob` travels beside it). Returns the query id.
    pub fn compare(
        &self,
        make: impl FnOnce(JobId, ReqId) -> crate::compare_protocol::CompareRequest,
        blob: Option<&Blob>,
    ) -> ReqId {
        let (job, req) = (self.job.get(), self.req());
        self.send(Request::Compare(make(job, req)), blob.cloned());
        req
    }

    /// Asks for objects matching `query`.
    pub fn search(&self, query: &str, limit: u32) {
        let (job, req) = (self.job.get(), self.req());
        self.send(
            Request::Search {
                job,
                req,
                query: query.to_string(),
                limit,
            },
            None,
        );
    }
}

/// Mirrors the worker's readiness on `<html data-worker="ready|starting">` (for tests and the bench).
fn mark_ready(ready: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-worker", if ready { "ready" } else { "starting" });
    }
}
