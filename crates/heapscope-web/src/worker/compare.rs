//! Comparison over time in the worker: what it keeps beside the open analysis and the answers about
//! it. A base snapshot is read, analysed and compared with the open one (DevTools' Comparison,
//! `compare::Comparison`, whose new and deleted objects per row it keeps for paging); leak
//! detection's baseline and target are read and reduced to their ids at once (`compare::JsIds`,
//! all MemLab's method needs of them), the open snapshot being the final one. The Allocation view
//! is computed from the open analysis when asked for.
//!
//! Memory: a side load's parser may plan only for what the open analysis and what is held here
//! leave of the tab's limit; when the snapshot does not fit beside them the parser says so at its
//! header, before anything is allocated, and the page says so and names the command that does the
//! job natively. Everything here goes when a new file replaces the open analysis
//! ([`release`], called by the session), or when the page releases a side.

use super::read::Chunks;
use super::{load, now_ms, post, session, wasm_memory_bytes};
use crate::compare_protocol::{CompareRequest, CompareResponse, Compared, Side};
use crate::format;
use crate::protocol::{
    JobId, LoadError, LoadErrorKind, ReqId, Response, INSTANCES_PAGE, MEMORY_LIMIT_BYTES,
};
use heapscope_core::compare::{allocations, leaks, Comparison, JsIds};
use heapscope_core::{Analysis, ParseErrorKind, Phase};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::Blob;

/// The base snapshot and its Comparison with the open one.
struct Base {
    analysis: Analysis,
    comparison: Comparison,
}

thread_local! {
    static BASE: RefCell<Option<Base>> = const { RefCell::new(None) };
    /// Leak detection's baseline and target ids.
    static IDS: RefCell<[Option<JsIds>; 2]> = const { RefCell::new([None, None]) };
    /// The side load under way (its `req`), 0 for none.
    static SIDE: Cell<ReqId> = const { Cell::new(0) };
}

/// Bytes held here: the base's analysis (as the parser estimates it) and its comparison's object
/// lists, and the leak ids.
pub fn held_bytes() -> u64 {
    let base = BASE.with(|b| {
        b.borrow().as_ref().map_or(0, |b| {
            let rows = b.comparison.diff().classes.len();
            let objects: usize = (0..rows)
                .map(|r| b.comparison.new_objects(r).len() + b.comparison.deleted_objects(r).len())
                .sum();
            session::analysis_bytes(&b.analysis) + objects as u64 * 4
        })
    });
    let ids = IDS.with(|i| {
        i.borrow()
            .iter()
            .flatten()
            .map(|ids| ids.heap_bytes() as u64)
            .sum::<u64>()
    });
    base + ids
}

/// Releases everything: the open analysis is being replaced.
pub fn release() {
    SIDE.with(|s| s.set(0));
    for side in Side::ALL {
        release_side(side);
    }
}

fn release_side(side: Side) {
    match side {
        Side::Base => drop(BASE.with(|b| b.borrow_mut().take())),
        Side::Baseline | Side::Target => {
            drop(IDS.with(|i| i.borrow_mut()[side.index() - 1].take()));
        }
    }
}

/// Handles one comparison request (queries are answered only for the current job).
pub fn handle(req: CompareRequest, blob: Option<Blob>) {
    if !session::is_current(req.job()) {
        return;
    }
    match req {
        CompareRequest::LoadSide {
            job,
            req,
            side,
            name,
        } => match blob {
            Some(blob) => wasm_bindgen_futures::spawn_local(load_side(job, req, side, name, blob)),
            None => web_sys::console::error_1(&"heapscope-worker: LoadSide without a file".into()),
        },
        CompareRequest::CancelSide { side, .. } => {
            SIDE.with(|s| s.set(0));
            release_side(side);
        }
        CompareRequest::Release { side, .. } => release_side(side),
        CompareRequest::DiffObjects {
            job,
            req,
            row,
            deleted,
            offset,
        } => {
            if let Some((rows, total)) = diff_objects(row as usize, deleted, offset as usize) {
                post(&Response::Compare(CompareResponse::DiffObjects {
                    job,
                    req,
                    row,
                    deleted,
                    offset,
                    rows,
                    total: total as u32,
                }));
            }
        }
        CompareRequest::Allocations { job, req } => {
            let report = session::with_analysis(|a| {
                allocations::allocations(a)
                    .map(Box::new)
                    .map_err(|e| e.to_string())
            });
            if let Some(report) = report {
                post(&Response::Compare(CompareResponse::Allocations {
                    job,
                    req,
                    report,
                }));
            }
        }
    }
}

/// A page of the new (or deleted) objects of a Comparison row, and how many there are.
fn diff_objects(
    row: usize,
    deleted: bool,
    offset: usize,
) -> Option<(Vec<heapscope_core::NodeRow>, usize)> {
    BASE.with(|b| {
        let b = b.borrow();
        let b = b.as_ref()?;
        let list = if deleted {
            b.comparison.deleted_objects(row)
        } else {
            b.comparison.new_objects(row)
        };
        let page = &list[offset.min(list.len())..(offset + INSTANCES_PAGE).min(list.len())];
        let rows = if deleted {
            page.iter().filter_map(|&o| b.analysis.node(o)).collect()
        } else {
            session::with_analysis(|a| page.iter().filter_map(|&o| a.node(o)).collect())?
        };
        Some((rows, list.len()))
    })
}

/// Whether side load `req` is still the one under way, for the current job, with no file loading.
fn still(job: JobId, req: ReqId) -> bool {
    SIDE.with(|s| s.get() == req) && session::is_idle(job)
}

/// Reads `blob` as `side` for job `job`: parsed within the memory left, then analysed and compared
/// (the base) or reduced to its ids (leak detection's snapshots).
async fn load_side(job: JobId, req: ReqId, side: Side, name: String, blob: Blob) {
    SIDE.with(|s| s.set(req));
    // What this side held goes first, so its memory is reused.
    release_side(side);
    let started = now_ms();
    let held = session::open_bytes() + held_bytes();
    let limit = MEMORY_LIMIT_BYTES.saturating_sub(held);
    let phase = Rc::new(Cell::new(Phase::Header));
    let mut chunks = Chunks::new(blob);
    let total = chunks.total();
    let mut parser = load::new_parser(limit, total, &phase);
    let progress = |label: &str, bytes: u64| {
        post(&Response::Compare(CompareResponse::SideProgress {
            job,
            req,
            side,
            label: label.to_owned(),
            bytes,
            total,
        }))
    };
    let fail = |kind: LoadErrorKind, message: String, detail: Option<String>| {
        SIDE.with(|s| s.set(0));
        post(&Response::Compare(CompareResponse::SideFailed {
            job,
            req,
            side,
            error: LoadError {
                kind,
                message,
                detail,
            },
        }))
    };
    progress(Phase::Header.label(), 0);
    let mut offset = 0u64;
    while let Some(chunk) = chunks.next().await {
        if !still(job, req) {
            return;
        }
        let chunk = match chunk {
            Ok(c) => c,
            Err(message) => return fail(LoadErrorKind::Read, message, None),
        };
        if let Err(e) = load::feed(&mut parser, chunk) {
            if e.kind() == ParseErrorKind::TooLarge {
                let message = format!(
                    "{name} does not fit in this tab's memory beside the open snapshot: what is open \
                     takes about {}, and the {} left are less than this snapshot needs.",
                    format::bytes(held),
                    format::bytes(limit)
                );
                return fail(
                    LoadErrorKind::TooLarge,
                    message,
                    Some(e.message().to_owned()),
                );
            }
            let e = LoadError::from(&e);
            return fail(e.kind, e.message, e.detail);
        }
        offset += chunk.len() as u64;
        progress(phase.get().label(), offset);
    }
    drop(chunks);
    let snapshot = match parser.finish() {
        Ok(s) => s,
        Err(e) => {
            let e = LoadError::from(&e);
            return fail(e.kind, e.message, e.detail);
        }
    };
    let parse_ms = now_ms() - started;
    if side != Side::Base {
        let ids = JsIds::of(&snapshot);
        drop(snapshot);
        let objects = ids.len() as u64;
        IDS.with(|i| i.borrow_mut()[side.index() - 1] = Some(ids));
        SIDE.with(|s| s.set(0));
        post(&Response::Compare(CompareResponse::LeakSide {
            job,
            req,
            side,
            name,
            objects,
        }));
        return detect_leaks(job);
    }
    let t = now_ms();
    let analysis = Analysis::new(snapshot, &mut |p| progress(p.label(), total));
    let analysis_ms = now_ms() - t;
    progress("comparing object by object", total);
    let t = now_ms();
    let Some(comparison) = session::with_analysis(|target| Comparison::new(&analysis, target))
    else {
        return;
    };
    let compare_ms = now_ms() - t;
    let compared = Compared {
        job,
        req,
        name,
        diff: comparison.diff().clone(),
        base_nodes: analysis.node_count(),
        parse_ms,
        analysis_ms,
        compare_ms,
        wasm_memory_bytes: wasm_memory_bytes(),
    };
    BASE.with(|b| {
        *b.borrow_mut() = Some(Base {
            analysis,
            comparison,
        })
    });
    SIDE.with(|s| s.set(0));
    post(&Response::Compare(CompareResponse::Compared(Box::new(
        compared,
    ))));
}

/// With both ids lists there, MemLab's method over them and the open (final) snapshot.
fn detect_leaks(job: JobId) {
    let t = now_ms();
    let report = IDS.with(|i| match &*i.borrow() {
        [Some(baseline), Some(target)] => {
            session::with_analysis(|final_| leaks::detect(baseline, target, final_))
        }
        _ => None,
    });
    if let Some(report) = report {
        post(&Response::Compare(CompareResponse::Leaks {
            job,
            report: Box::new(report),
            elapsed_ms: now_ms() - t,
        }));
    }
}
