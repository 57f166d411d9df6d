//! A `.cpuprofile` dropped next to the open snapshot. The file arrives as an ordinary load; when the
//! snapshot parser refuses its first slice as not a snapshot and the core's profile reader sees a
//! profile's `"nodes"` array in it ([`sniff`]), the rest of the file is read as a CPU profile
//! ([`read_on`]): the open analysis comes back from standby (it never left), and the profile's
//! functions are set beside the heap with `compare::profile`. With no snapshot open the file is
//! refused with a sentence saying what to open first (function time without a heap is what the
//! CLI's `heapscope profile` is for).

use super::read::Chunks;
use super::{load, now_ms, post, session};
use crate::compare_protocol::CompareResponse;
use crate::protocol::{JobId, LoadError, LoadErrorKind, Response};
use heapscope_core::compare::profile::profile_report;
use heapscope_core::compare::CpuProfileParser;
use heapscope_core::Phase;

/// A profile reader fed with `first` (the file's first slice) if it is a CPU profile's beginning.
pub fn sniff(first: &[u8]) -> Option<CpuProfileParser> {
    let mut reader = CpuProfileParser::new();
    (reader.feed(first).is_ok() && reader.looks_like_profile()).then_some(reader)
}

/// Reads the rest of the file of `job` into `reader` (`offset` bytes are in it), then posts the
/// profile beside the open analysis; `open` says whether a snapshot is open (on standby).
pub async fn read_on(
    job: JobId,
    mut reader: CpuProfileParser,
    mut chunks: Chunks,
    mut offset: u64,
    open: bool,
    started: f64,
) {
    if !open {
        return load::fail(
            job,
            LoadErrorKind::NotASnapshot,
            "This is a CPU profile (.cpuprofile). Open a heap snapshot of the same process first, then \
             drop the profile next to it: each function's CPU time is set beside the objects it made. \
             For the profile alone, use the command line: heapscope profile FILE."
                .into(),
        );
    }
    let total = chunks.total();
    while let Some(chunk) = chunks.next().await {
        if !session::is_loading(job) {
            return;
        }
        let chunk = match chunk {
            Ok(c) => c,
            Err(message) => return load::fail(job, LoadErrorKind::Read, message),
        };
        if let Err(e) = reader.feed(chunk) {
            return load::failed(job, LoadError::from(&e));
        }
        offset += chunk.len() as u64;
        post(&Response::Progress {
            job,
            phase: Phase::OtherSections,
            bytes: offset,
            total,
        });
    }
    drop(chunks);
    let profile = match reader.finish() {
        Ok(p) => p,
        Err(e) => return load::failed(job, LoadError::from(&e)),
    };
    let parse_ms = now_ms() - started;
    // The open analysis comes back and answers this job's queries.
    match session::end_load(job) {
        Some(true) => {}
        Some(false) => {
            let error = LoadError {
                kind: LoadErrorKind::NotASnapshot,
                message: "The snapshot this profile was dropped next to is no longer open.".into(),
                detail: None,
            };
            return post(&Response::Failed {
                job,
                error,
                kept: false,
            });
        }
        None => return,
    }
    let t = now_ms();
    let Some(report) = session::with_analysis(|heap| profile_report(&profile, Some(heap))) else {
        return;
    };
    post(&Response::Compare(CompareResponse::Profiled {
        job,
        report: Box::new(report),
        parse_ms,
        match_ms: now_ms() - t,
    }));
}
