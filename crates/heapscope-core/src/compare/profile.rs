//! A CPU profile next to a heap snapshot of the same process: per function its CPU self and total
//! time, and the count, shallow size and retained size of its closures and of the objects its
//! constructor made. They are matched by function name and script location: V8 records for each
//! object its constructor's position and for each closure its function's (the snapshot's
//! `locations`, 0-based), and a profile's `callFrame` gives the same script id, line and column for
//! the same function. Each function gets a verdict: hot when its self time is at least
//! [`HOT_SHARE`] of the sampled time, heavy when what it made retains at least [`HEAVY_SHARE`] of
//! the heap; "hot and heavy", "hot but light" (allocation churn, or pure computation), "heavy but
//! cold" (caches). Functions that took no CPU time but made heavy objects are listed too.
//!
//! TurboFan inlining charges an inlined callee's time (and, in allocation traces, its allocations)
//! to its caller: a small constructor called from a hot loop may show no time of its own.

use super::cpuprofile::CpuProfile;
use crate::analysis::NO_CLASS;
use crate::Analysis;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Share of the sampled time from which a function is hot.
pub const HOT_SHARE: f64 = 0.02;
/// Share of the heap's total size from which what a function made is heavy.
pub const HEAVY_SHARE: f64 = 0.01;

/// What a function's closures and constructed objects hold in the heap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeapShare {
    pub count: u64,
    pub self_size: u64,
    /// Retained size, an object nested in another of the same function counted once.
    pub retained_size: u64,
}

/// Where a function falls between CPU time and heap weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    HotHeavy,
    HotLight,
    ColdHeavy,
    ColdLight,
}

impl Verdict {
    /// How a report heads the functions of this verdict.
    pub fn title(self) -> &'static str {
        match self {
            Verdict::HotHeavy => "Hot and heavy",
            Verdict::HotLight => "Hot but light: allocation churn or computation",
            Verdict::ColdHeavy => "Heavy but cold: caches",
            Verdict::ColdLight => "Cold and light",
        }
    }
}

/// One function of the side-by-side table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfiledFunction {
    pub name: String,
    pub url: String,
    /// 1-based.
    pub line: u32,
    pub column: u32,
    pub self_ms: f64,
    pub total_ms: f64,
    /// `None` without a heap snapshot.
    pub heap: Option<HeapShare>,
    /// `None` without a heap snapshot, and for the profiler's own entries (`(garbage collector)`,
    /// `(program)`, `(idle)`, `(root)`).
    pub verdict: Option<Verdict>,
}

/// What `heapscope profile --json` prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileReport {
    /// `endTime − startTime`, and the time the samples cover.
    pub duration_ms: f64,
    pub sampled_ms: f64,
    pub samples: u64,
    /// Self time from which a function is hot.
    pub hot_self_ms: f64,
    /// With a heap snapshot: its total size and the retained size from which a function is heavy.
    pub heap_total_size: Option<u64>,
    pub heavy_retained_size: Option<u64>,
    /// Largest `self_ms` first.
    pub functions: Vec<ProfiledFunction>,
}

/// A function as the heap identifies it: script id, 0-based line and column, name.
type Site = (u32, u32, u32, String);

/// What each function site made in the heap, and the site of every labelled node.
fn heap_sites(heap: &Analysis) -> (Vec<Site>, Vec<HeapShare>) {
    let snap = heap.snapshot();
    let (object, closure) = (snap.types.object, snap.types.closure);
    let mut labels = vec![NO_CLASS; snap.node_count()];
    let mut index: HashMap<Site, u32> = HashMap::new();
    let mut sites: Vec<Site> = Vec::new();
    let mut shares: Vec<HeapShare> = Vec::new();
    for l in snap.locations.by_node() {
        let o = l.ordinal as usize;
        if snap.node_type[o] != object && snap.node_type[o] != closure {
            continue;
        }
        let site: Site = (
            l.script_id,
            l.line,
            l.column,
            snap.node_name_str(l.ordinal).to_owned(),
        );
        let label = *index.entry(site.clone()).or_insert_with(|| {
            sites.push(site);
            shares.push(HeapShare::default());
            shares.len() as u32 - 1
        });
        labels[o] = label;
        let share = &mut shares[label as usize];
        share.count += 1;
        share.self_size += heap.self_size(l.ordinal);
    }
    heap.for_each_outermost(&labels, shares.len(), |o, label| {
        shares[label as usize].retained_size += heap.retained_size(o);
    });
    (sites, shares)
}

fn is_profiler_entry(name: &str, url: &str) -> bool {
    url.is_empty() && name.starts_with('(') && name.ends_with(')')
}

/// The side-by-side table of `profile`, with `heap` (a snapshot of the same process) when given.
pub fn profile_report(profile: &CpuProfile, heap: Option<&Analysis>) -> ProfileReport {
    let times = profile.function_times();
    let sampled_ms: f64 = times.iter().map(|t| t.self_ms).sum::<f64>();
    let hot_self_ms = sampled_ms * HOT_SHARE;
    let heap_parts = heap.map(|h| {
        let (sites, shares) = heap_sites(h);
        let heavy = (h.total_size() as f64 * HEAVY_SHARE).ceil() as u64;
        (h.total_size(), heavy, sites, shares)
    });
    let verdict = |self_ms: f64, share: &HeapShare, heavy: u64| match (
        self_ms >= hot_self_ms,
        share.retained_size >= heavy,
    ) {
        (true, true) => Verdict::HotHeavy,
        (true, false) => Verdict::HotLight,
        (false, true) => Verdict::ColdHeavy,
        (false, false) => Verdict::ColdLight,
    };
    let site_index: HashMap<&Site, usize> = heap_parts
        .as_ref()
        .map(|(_, _, sites, _)| sites.iter().enumerate().map(|(i, s)| (s, i)).collect())
        .unwrap_or_default();
    let mut matched = vec![false; site_index.len()];
    let mut functions: Vec<ProfiledFunction> = times
        .iter()
        .map(|t| {
            let (heap, verdict) = match &heap_parts {
                Some((_, heavy, _, shares)) => {
                    let site: Site = (
                        t.script_id,
                        t.line.saturating_sub(1),
                        t.column.saturating_sub(1),
                        t.name.clone(),
                    );
                    let share = match site_index.get(&site) {
                        Some(&i) if t.line > 0 => {
                            matched[i] = true;
                            shares[i]
                        }
                        _ => HeapShare::default(),
                    };
                    let v = (!is_profiler_entry(&t.name, &t.url))
                        .then(|| verdict(t.self_ms, &share, *heavy));
                    (Some(share), v)
                }
                None => (None, None),
            };
            ProfiledFunction {
                name: t.name.clone(),
                url: t.url.clone(),
                line: t.line,
                column: t.column,
                self_ms: t.self_ms,
                total_ms: t.total_ms,
                heap,
                verdict,
            }
        })
        .collect();
    // Heavy objects whose function took no sampled time: the caches.
    if let Some((_, heavy, sites, shares)) = &heap_parts {
        let urls: HashMap<u32, &str> = profile
            .frames
            .iter()
            .filter(|f| !f.url.is_empty())
            .map(|f| (f.script_id, f.url.as_str()))
            .collect();
        let mut cold: Vec<ProfiledFunction> = sites
            .iter()
            .zip(shares)
            .zip(&matched)
            .filter(|((_, share), &m)| !m && share.retained_size >= *heavy)
            .map(
                |(((script, line, column, name), share), _)| ProfiledFunction {
                    name: name.clone(),
                    url: urls.get(script).copied().unwrap_or_default().to_owned(),
                    line: line + 1,
                    column: column + 1,
                    self_ms: 0.0,
                    total_ms: 0.0,
                    heap: Some(*share),
                    verdict: Some(verdict(0.0, share, *heavy)),
                },
            )
            .collect();
        cold.sort_by(|a, b| {
            let r = |f: &ProfiledFunction| f.heap.map_or(0, |h| h.retained_size);
            r(b).cmp(&r(a)).then_with(|| a.name.cmp(&b.name))
        });
        functions.extend(cold);
    }
    ProfileReport {
        duration_ms: profile.duration_ms(),
        sampled_ms,
        samples: profile.samples.len() as u64,
        hot_self_ms,
        heap_total_size: heap_parts.as_ref().map(|p| p.0),
        heavy_retained_size: heap_parts.as_ref().map(|p| p.1),
        functions,
    }
}
