//! The worker's one piece of state: which job is current (the page's queries carry it), which job is
//! loading, the analysis, and the analysis shown before while a new file loads (kept on standby until
//! the new file has parsed, so a bad file dropped after a good one leaves the good one open); plus the
//! answers to the page's queries. Everything here is synchronous; only loading awaits.

use crate::protocol::{
    JobId, ReportAnswer, Request, Response, Selection, INSTANCES_PAGE, REPORT_BYTES_PER_EDGE,
    REPORT_BYTES_PER_NODE, TREE_PAGE, WASM_MEMORY_CEILING,
};
use heapscope_core::Analysis;
use std::cell::{Cell, RefCell};

/// Kinds of owner the Detached objects view lists.
const DETACHED_OWNERS: usize = 10;

thread_local! {
    static CURRENT: Cell<JobId> = const { Cell::new(0) };
    static LOADING: Cell<JobId> = const { Cell::new(0) };
    static ANALYSIS: RefCell<Option<Analysis>> = const { RefCell::new(None) };
    static STANDBY: RefCell<Option<Analysis>> = const { RefCell::new(None) };
}

/// Makes `job` current; the analysis open so far goes on standby (it still answers queries while
/// the new file loads).
pub fn begin(job: JobId) {
    CURRENT.with(|c| c.set(job));
    LOADING.with(|c| c.set(job));
    if let Some(a) = ANALYSIS.with(|a| a.borrow_mut().take()) {
        STANDBY.with(|s| *s.borrow_mut() = Some(a));
    }
}

pub fn is_current(job: JobId) -> bool {
    CURRENT.with(|c| c.get() == job)
}

/// Whether the load of `job` should go on (it is neither replaced nor cancelled); loads check this
/// after every await.
pub fn is_loading(job: JobId) -> bool {
    job != 0 && LOADING.with(|c| c.get() == job) && is_current(job)
}

/// The memory an analysis may need, as the parser estimates it.
pub fn analysis_bytes(a: &Analysis) -> u64 {
    heapscope_core::parse::estimated_memory(a.node_count(), a.edge_count())
        + a.snapshot().strings.len() as u64 * 16
}

/// The memory the analysis on standby may need (0 when there is none), with what the comparison
/// over time holds beside it (a base snapshot, leak detection's ids): all of it goes when the new
/// file is accepted.
pub fn standby_bytes() -> u64 {
    let standby = STANDBY.with(|s| s.borrow().as_ref().map_or(0, analysis_bytes));
    if standby == 0 {
        return 0;
    }
    standby + super::compare::held_bytes()
}

/// The memory the open analysis may need (0 when none is open).
pub fn open_bytes() -> u64 {
    ANALYSIS.with(|a| a.borrow().as_ref().map_or(0, analysis_bytes))
}

/// Whether `job` is current and no file is loading: a side load for `job` may go on.
pub fn is_idle(job: JobId) -> bool {
    is_current(job) && LOADING.with(|c| c.get() == 0)
}

/// Runs `f` on the open analysis (or, while a file loads, the one on standby); `None` when there
/// is neither.
pub fn with_analysis<R>(f: impl FnOnce(&Analysis) -> R) -> Option<R> {
    ANALYSIS.with(|a| match a.borrow().as_ref() {
        Some(a) => Some(f(a)),
        None => STANDBY.with(|s| s.borrow().as_ref().map(f)),
    })
}

/// Releases the analysis on standby: the new file of `job` replaces it, and what was compared with
/// it goes too. Returns whether there was one.
pub fn release_standby(job: JobId) -> bool {
    if !is_loading(job) {
        return false;
    }
    super::compare::release();
    STANDBY.with(|s| s.borrow_mut().take()).is_some()
}

/// Stores the finished analysis of `job` if it is still current (else drops it).
pub fn store(job: JobId, analysis: Analysis) -> bool {
    if !is_loading(job) {
        return false;
    }
    LOADING.with(|c| c.set(0));
    STANDBY.with(|s| s.borrow_mut().take());
    ANALYSIS.with(|a| *a.borrow_mut() = Some(analysis));
    true
}

/// Ends the load of `job` without an analysis (it failed or was cancelled): the analysis on
/// standby, if any, comes back and answers this job's queries. `None` if `job` was not loading,
/// else whether an analysis came back.
pub fn end_load(job: JobId) -> Option<bool> {
    if !is_loading(job) {
        return None;
    }
    LOADING.with(|c| c.set(0));
    let back = STANDBY.with(|s| s.borrow_mut().take());
    let kept = back.is_some();
    ANALYSIS.with(|a| *a.borrow_mut() = back);
    Some(kept)
}

/// Answers a query about the current analysis (or, while a file loads, the one on standby); `None`
/// for other jobs or when nothing is loaded.
pub fn answer(req: &Request) -> Option<Response> {
    if !is_current(req.job()) {
        return None;
    }
    ANALYSIS.with(|a| {
        let a = a.borrow();
        match a.as_ref() {
            Some(a) => answer_with(a, req),
            None => STANDBY.with(|s| s.borrow().as_ref().and_then(|a| answer_with(a, req))),
        }
    })
}

fn answer_with(a: &Analysis, req: &Request) -> Option<Response> {
    let page = TREE_PAGE;
    Some(match *req {
        Request::Instances {
            job,
            req,
            class_index,
            offset,
            limit,
            filter,
        } => {
            let (offset_, limit_) = (offset as usize, limit as usize);
            let (rows, total) = match filter {
                Some(f) => a.filtered_instances(f, class_index, offset_, limit_),
                None => a.class_instances(class_index, offset_, limit_),
            };
            Response::Instances {
                job,
                req,
                class_index,
                offset,
                rows,
                total: total as u32,
                filter,
            }
        }
        Request::FilteredClasses { job, req, filter } => Response::FilteredClasses {
            job,
            req,
            filter,
            classes: a.filtered_classes(filter),
        },
        Request::Detached { job, req } => Response::Detached {
            job,
            req,
            section: Box::new(heapscope_core::report::detached::of(a, DETACHED_OWNERS)),
        },
        Request::DetachedInstances {
            job,
            req,
            ref class,
            offset,
        } => {
            let (rows, total) = a.detached_instances(class, offset as usize, INSTANCES_PAGE);
            Response::DetachedInstances {
                job,
                req,
                class: class.clone(),
                offset,
                rows,
                total: total as u32,
            }
        }
        Request::Select {
            job,
            req,
            id,
            filter,
        } => Response::Selected {
            job,
            req,
            id,
            selection: a.find_by_id(id).and_then(|o| {
                let mut retainers = vec![a.retainers_page(o, filter, 0, page)?];
                for owner in a.expanded_retainers(o, filter) {
                    retainers.push(a.retainers_page(owner, filter, 0, page)?);
                }
                Some(Box::new(Selection {
                    node: a.node(o)?,
                    code: a.code_label(o),
                    class_index: a.class_of(o),
                    filter,
                    retainers,
                    children: a.children_page(o, 0, page)?,
                }))
            }),
        },
        Request::RetainersPage {
            job,
            req,
            ordinal,
            filter,
            offset,
        } => Response::RetainersPage {
            job,
            req,
            filter,
            page: a.retainers_page(ordinal, filter, offset as usize, page)?,
        },
        Request::ChildrenPage {
            job,
            req,
            ordinal,
            offset,
        } => Response::ChildrenPage {
            job,
            req,
            page: a.children_page(ordinal, offset as usize, page)?,
        },
        Request::DominatedPage {
            job,
            req,
            ordinal,
            offset,
        } => Response::DominatedPage {
            job,
            req,
            page: a.dominated_page(ordinal, offset as usize, page)?,
        },
        Request::Search {
            job,
            req,
            ref query,
            limit,
        } => {
            let (rows, total) = a.search_counted(query, limit as usize);
            Response::Search {
                job,
                req,
                query: query.clone(),
                rows,
                total: total as u64,
            }
        }
        Request::Report {
            job,
            req,
            ref options,
            ref title,
        } => {
            let (started, wasm_memory_before) = (super::now_ms(), super::wasm_memory_bytes());
            let need =
                a.node_count() * REPORT_BYTES_PER_NODE + a.edge_count() * REPORT_BYTES_PER_EDGE;
            if wasm_memory_before + need > WASM_MEMORY_CEILING {
                return Some(Response::ReportRefused {
                    job,
                    req,
                    options: options.clone(),
                    message: format!(
                        "The report of this snapshot needs about {} more memory than the {} the analysis \
                         already takes, more than a browser tab can have. Make it with the command line: \
                         heapscope report FILE",
                        crate::format::bytes(need),
                        crate::format::bytes(wasm_memory_before)
                    ),
                });
            }
            let report = heapscope_core::report::Report::build(a, options);
            let markdown = report.to_markdown(title);
            Response::Report(Box::new(ReportAnswer {
                job,
                req,
                options: options.clone(),
                report_json: report.to_json(),
                markdown,
                elapsed_ms: super::now_ms() - started,
                wasm_memory_before,
                wasm_memory_after: super::wasm_memory_bytes(),
            }))
        }
        Request::Load { .. } | Request::Cancel { .. } | Request::Compare(_) => return None,
    })
}
