//! The worker's one piece of state: which job is current and its analysis, plus the answers to the
//! page's queries about it. Everything here is synchronous; only loading awaits.

use crate::protocol::{JobId, Request, Response};
use heapscope_core::Analysis;
use std::cell::{Cell, RefCell};

thread_local! {
    static CURRENT: Cell<JobId> = const { Cell::new(0) };
    static ANALYSIS: RefCell<Option<Analysis>> = const { RefCell::new(None) };
}

/// Makes `job` current and drops the previous analysis (freeing its memory for the next one).
pub fn begin(job: JobId) {
    CURRENT.with(|c| c.set(job));
    ANALYSIS.with(|a| a.borrow_mut().take());
}

/// Whether `job` is still the one the page wants; loads check this after every await.
pub fn is_current(job: JobId) -> bool {
    CURRENT.with(|c| c.get() == job)
}

/// Stores the finished analysis of `job` if it is still current (else drops it).
pub fn store(job: JobId, analysis: Analysis) -> bool {
    if !is_current(job) {
        return false;
    }
    ANALYSIS.with(|a| *a.borrow_mut() = Some(analysis));
    true
}

/// Cancels `job` if current: forgets it and drops its analysis. Returns whether it was current.
pub fn cancel(job: JobId) -> bool {
    if !is_current(job) {
        return false;
    }
    begin(0);
    true
}

/// Answers a query about the current analysis; `None` for other jobs or when nothing is loaded.
pub fn answer(req: &Request) -> Option<Response> {
    if !is_current(req.job()) {
        return None;
    }
    ANALYSIS.with(|a| {
        let a = a.borrow();
        let a = a.as_ref()?;
        Some(match *req {
            Request::Instances {
                job,
                req,
                class_index,
                offset,
                limit,
            } => {
                let (rows, total) = a.class_instances(class_index, offset as usize, limit as usize);
                Response::Instances {
                    job,
                    req,
                    class_index,
                    offset,
                    rows,
                    total: total as u32,
                }
            }
            Request::Retainers { job, req, id } => {
                let ordinal = a.find_by_id(id);
                let node = ordinal.and_then(|o| a.node(o));
                let path = ordinal.map(|o| a.retaining_path(o)).unwrap_or_default();
                Response::Retainers {
                    job,
                    req,
                    id,
                    node,
                    path,
                }
            }
            Request::Search {
                job,
                req,
                ref query,
                limit,
            } => {
                let rows = a.search(query, limit as usize);
                Response::Search {
                    job,
                    req,
                    query: query.clone(),
                    rows,
                }
            }
            Request::Load { .. } | Request::Cancel { .. } => return None,
        })
    })
}
