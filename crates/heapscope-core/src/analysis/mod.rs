//! The analysis pipeline, in DevTools' order (each step in its own module), and [`Analysis`], the
//! result that answers the app's and the CLI's queries.
//!
//! Order: DOM state (renames) → shallow-size reattribution → statistics (the Overview is final here)
//! → [page-owned flags → essential edges → dominators and retained sizes] ‖ [distances → class names
//! and plain-object interfaces] → class aggregates. DevTools computes page-owned flags and essential
//! edges before shallow sizes; neither depends on sizes, so the figures are the same.

mod aggregates;
pub(crate) mod bits;
mod class_names;
mod csr;
pub(crate) mod dom_state;
pub(crate) mod dominators;
mod essential;
mod explain;
mod explore;
pub(crate) mod for_compare;
mod functions;
pub(crate) mod fxhash;
mod interfaces;
pub(crate) mod js_text;
pub(crate) mod names;
mod outermost;
pub(crate) mod page_owned;
mod prefetch;
mod query;
pub(crate) mod retainers;
mod shallow;
mod statistics;
pub(crate) mod timer;
mod weakmap;
pub(crate) mod zeroed;

pub(crate) use aggregates::NO_CLASS;
pub use distances::{BASE_SYSTEM_DISTANCE, NO_DISTANCE};
pub use explain::{path_text, path_text_tail, PathStep};
pub use explore::{BASE_UNREACHABLE_DISTANCE, MAX_EXPANDED_RETAINER_LEVELS};
pub use functions::{short_script_name, ContextInfo, FunctionInfo};
pub use timer::set_clock;
pub(crate) use timer::Timer;
pub use weakmap::{parse_ephemeron, Ephemeron};

mod distances;

use crate::model::{ClassRow, CountAndSize, DetachedSummary, Overview, Statistics};
use crate::progress::Phase;
use crate::snapshot::HeapSnapshot;
use crate::strings::PendingStrings;
use aggregates::ClassAggregate;
use dominators::DominatorTree;
use retainers::Retainers;
use std::collections::BTreeMap;

/// Runs `b` on another thread while `a` runs on this one natively; on wasm (no threads there) runs
/// `b`, then `a`, on this thread.
pub(crate) fn fork_join<A, B: Send>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|s| {
            let hb = s.spawn(b);
            let ra = a();
            (
                ra,
                hb.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            )
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        let rb = b();
        (a(), rb)
    }
}

/// Whether a step over `nodes` nodes runs on two threads: natively from 256 K nodes on (below,
/// starting a thread costs more than it saves); never on wasm, which has one.
pub(crate) fn two_threads_for(nodes: usize) -> bool {
    cfg!(not(target_arch = "wasm32")) && nodes >= 1 << 18
}

/// What [`Analysis::with_early_results`] hands the early class rows to.
pub type OnClasses<'a> = dyn FnMut(&[ClassRow]) + 'a;

/// Calls `f` once (a closure that only needs `FnMut`, bound without `mut`).
#[cfg(target_arch = "wasm32")]
fn run_once<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// The rows of the exported classes, in class order (`name` gives a string's text).
fn class_rows<'s>(agg: &aggregates::Aggregates, name: impl Fn(u32) -> &'s str) -> Vec<ClassRow> {
    agg.classes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.exported)
        .map(|(i, c)| ClassRow {
            index: i as u32,
            name: name(c.name).to_owned(),
            count: c.count,
            shallow_size: c.self_size,
            retained_size: c.max_retained,
            distance: c.distance,
        })
        .collect()
}

/// The rows [`Analysis::with_early_results`] hands out before the retained sizes (each 0 then),
/// largest shallow size first.
fn early_class_rows<'s>(
    agg: &aggregates::Aggregates,
    name: impl Fn(u32) -> &'s str,
) -> Vec<ClassRow> {
    let mut rows = class_rows(agg, name);
    rows.sort_by(|a, b| {
        b.shallow_size
            .cmp(&a.shallow_size)
            .then(a.index.cmp(&b.index))
    });
    rows
}

/// Runs independent tasks, natively on two threads that each take the next task not yet taken
/// (so listing the longest first balances them, whatever the snapshot makes long), on wasm one
/// after the other; the results come back in the tasks' order.
pub(crate) fn run_shared<R: Send>(tasks: &[&(dyn Fn() -> R + Sync)]) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Mutex;
        let next = AtomicUsize::new(0);
        let results: Vec<Mutex<Option<R>>> = tasks.iter().map(|_| Mutex::new(None)).collect();
        let work = || loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(task) = tasks.get(i) else { break };
            let r = task();
            *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
        };
        std::thread::scope(|s| {
            let helper = s.spawn(work);
            work();
            helper
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
        });
        results
            .into_iter()
            .map(|m| {
                m.into_inner()
                    .unwrap_or_else(|e| e.into_inner())
                    .expect("every task ran")
            })
            .collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        tasks.iter().map(|t| t()).collect()
    }
}

/// The figures final once the self sizes are reattributed: the Overview's, and the sizes.
struct Early {
    sizes: Vec<u32>,
    total_size: u64,
    statistics: Statistics,
    detached: DetachedSummary,
}

impl Early {
    /// DevTools' shallow sizes (in `sizes`, taken out of `snap`, which it leaves empty) and the
    /// statistics over them.
    #[cfg(target_arch = "wasm32")]
    fn compute(snap: &HeapSnapshot, sizes: &mut Vec<u32>, timer: &mut Timer) -> Early {
        shallow::calculate_shallow_sizes(snap, sizes);
        timer.lap("shallow sizes");
        Self::after_shallow_sizes(snap, sizes, timer)
    }

    /// The statistics over the reattributed `sizes` (taken out of `sizes`).
    fn after_shallow_sizes(snap: &HeapSnapshot, sizes: &mut Vec<u32>, timer: &mut Timer) -> Early {
        let total_size = sizes.iter().map(|&s| s as u64).sum::<u64>() + snap.extra_native_bytes;
        let retainer_counts = retainers::retainer_counts(snap);
        let statistics = statistics::calculate(snap, sizes, total_size, |o| {
            retainer_counts[o as usize] as u32
        });
        drop(retainer_counts);
        let detached = dom_state::detached_summary(snap, sizes);
        timer.lap("statistics");
        Early {
            sizes: std::mem::take(sizes),
            total_size,
            statistics,
            detached,
        }
    }

    fn overview(&self, snap: &HeapSnapshot) -> Overview {
        statistics::overview(snap, self.total_size, self.statistics, self.detached, 0)
    }
}

/// A fully analysed snapshot: the graph plus every per-node figure DevTools computes.
pub struct Analysis {
    snap: HeapSnapshot,
    raw_by_type: BTreeMap<String, CountAndSize>,
    retained: Vec<u64>,
    dominator: Vec<u32>,
    distances: Vec<i32>,
    node_class: Vec<u32>,
    classes: Vec<ClassAggregate>,
    /// Exported classes as rows, largest retained size first.
    class_rows: Vec<ClassRow>,
    /// The reverse index, built on the first retaining-path query.
    retainers: std::sync::OnceLock<Retainers>,
    /// Children lists of the dominator tree, kept from the class retained sizes for the views and
    /// the report (built after the dominators' own peak of memory has passed: 8 bytes a node).
    dominator_tree: std::sync::OnceLock<DominatorTree>,
    /// String indices of Context names (`system / Context…`), sorted; built on first use.
    context_names: std::sync::OnceLock<Vec<u32>>,
    /// Labels of closures and Contexts already named (naming a Context scans its retainers).
    labels: std::sync::Mutex<fxhash::FxHashMap<u32, String>>,
    /// Sorted Retainers, Containment and dominator-tree lists, for paging.
    lists: explore::ListCache,
    statistics: Statistics,
    detached: DetachedSummary,
    total_size: u64,
    unreachable_from_root: u64,
    timings: Vec<(String, f64)>,
}

impl Analysis {
    /// Runs the whole pipeline; `on_phase` hears each step as it starts.
    pub fn new(snap: HeapSnapshot, on_phase: &mut dyn FnMut(Phase)) -> Analysis {
        Self::with_overview(snap, on_phase, &mut |_| {})
    }

    /// Like [`Analysis::new`], and hands `on_overview` the Overview before the classes (its
    /// `class_count` is 0 then): on wasm as soon as its figures are final, after the shallow sizes
    /// and statistics, before dominators and distances; natively before the retained sizes (the
    /// dominator side, which calls it, does not wait for the statistics before its dominators).
    /// DevTools' total is the root's retained size, which is always the sum of all self sizes
    /// (nodes the root does not reach hang under it), so it is known this early.
    pub fn with_overview(
        snap: HeapSnapshot,
        on_phase: &mut dyn FnMut(Phase),
        on_overview: &mut dyn FnMut(&Overview),
    ) -> Analysis {
        Self::with_early_results(snap, on_phase, on_overview, None)
    }

    /// Like [`Analysis::with_overview`], and hands `on_classes` the classes' rows as soon as their
    /// counts, shallow sizes and distances are final, before their retained sizes are known (every
    /// `retained_size` is 0 there), largest shallow size first: on wasm before the dominators (the
    /// app shows them while those run), natively once both sides are done. The rows are built only
    /// when `on_classes` is given; each equals its final row but for the retained size.
    pub fn with_early_results(
        mut snap: HeapSnapshot,
        on_phase: &mut dyn FnMut(Phase),
        on_overview: &mut dyn FnMut(&Overview),
        mut on_classes: Option<&mut OnClasses>,
    ) -> Analysis {
        let mut timer = Timer::new();

        on_phase(Phase::DomState);
        dom_state::propagate_dom_state(&mut snap);
        timer.lap("dom state");

        // Shallow sizes only move self sizes between nodes; the page-owned flags and essential
        // edges DevTools computes before them do not depend on sizes, so they can run meanwhile.
        // The sizes are taken out of the snapshot while two sides share it: one reattributes them
        // and computes the statistics, then distances, class names and class totals; the other
        // computes the page-owned flags, essential edges and dominators, and hands out the Overview
        // once the first side has its figures, before the retained sizes. Natively the sides run on
        // two threads; on wasm in turn, the sizes and the Overview first.
        // The WeakMap entry names (a pass over the edges) are the other side's first step natively:
        // this side needs them only after the page-owned flags.
        let ephemerons: std::sync::OnceLock<essential::EphemeronNames> = std::sync::OnceLock::new();
        let (ephemerons_done, ephemerons_ready) = std::sync::mpsc::sync_channel::<()>(1);
        let mut added = PendingStrings::new(&snap.strings);
        let mut sizes = std::mem::take(&mut snap.node_self_size);
        let early: std::sync::OnceLock<Early> = std::sync::OnceLock::new();
        // The file's sizes by type, natively the sizes side's first step (before it reattributes).
        #[cfg(not(target_arch = "wasm32"))]
        let raw: std::sync::OnceLock<BTreeMap<String, CountAndSize>> = std::sync::OnceLock::new();
        let (early_done, early_ready) = std::sync::mpsc::sync_channel::<()>(1);
        // Natively the sizes side also finds essential edges (after its shallow sizes, once this
        // side has the page-owned flags), taking chunks of the nodes in turn with this side.
        #[cfg(not(target_arch = "wasm32"))]
        let (
            page_owned,
            (page_done, page_ready),
            (sizes_side_edges_done, sizes_side_edges_ready),
            search,
        ) = (
            std::sync::OnceLock::<bits::BitVec>::new(),
            std::sync::mpsc::sync_channel::<()>(1),
            std::sync::mpsc::sync_channel::<essential::EssentialEdges>(1),
            essential::SharedSearch::new(&snap),
        );
        let mut on_overview = Some(on_overview);
        let shared = &snap;
        #[cfg(target_arch = "wasm32")]
        let raw_by_type = statistics::raw_by_type(shared, &sizes);
        #[cfg(target_arch = "wasm32")]
        {
            let _ = ephemerons.set(essential::EphemeronNames::new(shared));
            let _ = ephemerons_done.send(());
            on_phase(Phase::ShallowSizes);
            let e = Early::compute(shared, &mut sizes, &mut timer);
            if let Some(f) = on_overview.take() {
                f(&e.overview(shared));
            }
            let _ = early.set(e);
            let _ = early_done.send(());
            on_phase(Phase::Distances);
        }
        let dominator_side = || {
            let mut t = Timer::new();
            on_phase(Phase::PageOwned);
            // A panic on the other side stops this one at a wait and reaches the join.
            #[cfg(not(target_arch = "wasm32"))]
            let essential = {
                // Owned here, so a panic before the send ends the other side's wait.
                let page_done = page_done;
                let _ = page_owned.set(page_owned::mark_page_owned(shared));
                let _ = page_done.send(());
                drop(page_done);
                t.lap("page-owned flags");
                ephemerons_ready.recv().ok()?;
                let mut found = essential::EssentialEdges::none(shared);
                search.take_chunks(&mut found, shared, page_owned.get()?, ephemerons.get()?);
                if search.other_side_joined() {
                    found.merge(sizes_side_edges_ready.recv().ok()?);
                }
                found
            };
            #[cfg(target_arch = "wasm32")]
            let essential = {
                let page_owned = page_owned::mark_page_owned(shared);
                t.lap("page-owned flags");
                ephemerons_ready.recv().ok()?;
                essential::essential_edges(shared, &page_owned, ephemerons.get()?)
            };
            t.lap("essential edges");
            on_phase(Phase::Dominators);
            // The sizes are needed only for the retained sizes, after the dominators.
            let doms = dominators::compute(shared, essential, || {
                early_ready.recv().ok()?;
                let e = early.get()?;
                if let Some(f) = on_overview.take() {
                    f(&e.overview(shared));
                }
                Some(&e.sizes[..])
            })?;
            t.lap("dominators");
            Some((doms, t.into_laps()))
        };
        let sizes_side = || {
            let mut t = Timer::new();
            #[cfg(not(target_arch = "wasm32"))]
            {
                // Owned here, so a panic before a send drops it and the other side's wait ends.
                let (ephemerons_done, sizes_side_edges_done, page_ready) =
                    (ephemerons_done, sizes_side_edges_done, page_ready);
                let _ = ephemerons.set(essential::EphemeronNames::new(shared));
                let _ = ephemerons_done.send(());
                let early_done = early_done;
                let _ = raw.set(statistics::raw_by_type(shared, &sizes));
                shallow::calculate_shallow_sizes(shared, &mut sizes);
                t.lap("shallow sizes");
                if page_ready.recv().is_ok() && search.join() {
                    if let (Some(page_owned), Some(ephemerons)) =
                        (page_owned.get(), ephemerons.get())
                    {
                        let mut found = essential::EssentialEdges::none(shared);
                        search.take_chunks(&mut found, shared, page_owned, ephemerons);
                        let _ = sizes_side_edges_done.send(found);
                    }
                }
                drop(sizes_side_edges_done);
                t.lap("essential edges, shared");
                let e = Early::after_shallow_sizes(shared, &mut sizes, &mut t);
                let _ = early.set(e);
                let _ = early_done.send(());
            }
            let e = early.get().expect("the sizes are reattributed first");
            let ephemerons = ephemerons.get().expect("the WeakMap names are found first");
            let distances = distances::calculate_distances(shared, ephemerons);
            t.lap("distances");
            let mut class_name = class_names::calculate_class_names(shared, &mut added);
            interfaces::apply_interface_definitions(shared, &mut added, &mut class_name);
            t.lap("class names");
            shared.locations.by_node();
            t.lap("locations by node");
            let agg = aggregates::build(shared, &e.sizes, &class_name, &distances, |i| {
                added.get(&shared.strings, i)
            });
            t.lap("class totals");
            (distances, agg, t.into_laps())
        };
        #[cfg(not(target_arch = "wasm32"))]
        let (dominator_side, (distances, mut agg, other_laps)) =
            fork_join(dominator_side, sizes_side);
        // In turn (as `fork_join` runs them on wasm), so the classes' rows can be handed out
        // before the dominators start.
        #[cfg(target_arch = "wasm32")]
        let (dominator_side, (distances, mut agg, other_laps)) = {
            let sizes = run_once(sizes_side);
            if let Some(f) = on_classes.take() {
                f(&early_class_rows(&sizes.1, |i| {
                    added.get(&shared.strings, i)
                }));
            }
            (run_once(dominator_side), sizes)
        };
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(f) = on_classes.take() {
            f(&early_class_rows(&agg, |i| added.get(&shared.strings, i)));
        }
        let (doms, dominator_laps) = dominator_side.expect("the dominators ran");
        #[cfg(not(target_arch = "wasm32"))]
        let raw_by_type = raw
            .into_inner()
            .expect("the sizes side counted the types first");
        let Early {
            sizes,
            total_size,
            statistics,
            detached,
        } = early.into_inner().expect("the sizes were reattributed");
        snap.node_self_size = sizes;
        added.commit(&mut snap.strings);
        drop(ephemerons);
        timer.lap("dominators ‖ sizes, distances, classes (in parallel)");
        timer.extend(dominator_laps);
        timer.extend(other_laps);
        debug_assert_eq!(
            doms.retained[snap.root as usize] + snap.extra_native_bytes,
            total_size
        );

        on_phase(Phase::Aggregates);
        let tree = dominators::DominatorTree::new(&doms.dominator, snap.root);
        aggregates::calculate_retained(&mut agg, &tree, &doms.retained, snap.root);
        let mut class_rows = class_rows(&agg, |i| snap.strings.get(i));
        class_rows.sort_by(|a, b| {
            b.retained_size
                .cmp(&a.retained_size)
                .then(a.index.cmp(&b.index))
        });
        timer.lap("class retained sizes");
        on_phase(Phase::Done);

        Analysis {
            raw_by_type,
            retained: doms.retained,
            dominator: doms.dominator,
            unreachable_from_root: doms.unreachable_from_root,
            distances,
            node_class: agg.node_class,
            classes: agg.classes,
            class_rows,
            retainers: std::sync::OnceLock::new(),
            dominator_tree: std::sync::OnceLock::from(tree),
            context_names: std::sync::OnceLock::new(),
            labels: Default::default(),
            lists: explore::ListCache::default(),
            statistics,
            detached,
            total_size,
            timings: timer.into_laps(),
            snap,
        }
    }

    /// The reverse index of the graph (built on first use).
    pub(crate) fn retainers(&self) -> &Retainers {
        self.retainers.get_or_init(|| Retainers::new(&self.snap))
    }

    /// The node that owns edge `e` (through the reverse index's owner table).
    pub(crate) fn owner_of_edge(&self, e: u32) -> u32 {
        self.retainers().owner(&self.snap, e)
    }

    /// The dominator tree's children lists (kept from the analysis).
    pub(crate) fn dominator_tree(&self) -> &DominatorTree {
        self.dominator_tree
            .get_or_init(|| DominatorTree::new(&self.dominator, self.snap.root))
    }

    /// The nodes `ord` immediately dominates (its children in the dominator tree), in node order.
    /// Empty for an ordinal past the last node.
    pub fn dominated(&self, ord: u32) -> &[u32] {
        if ord as usize >= self.snap.node_count() {
            return &[];
        }
        self.dominator_tree().children(ord)
    }

    /// The class of a node (an index into the aggregates, [`aggregates::NO_CLASS`] for nodes of
    /// self size 0, which DevTools does not aggregate).
    pub(crate) fn node_class(&self, ord: u32) -> u32 {
        self.node_class[ord as usize]
    }

    /// The class name of an aggregate.
    pub(crate) fn class_name(&self, class: u32) -> &str {
        self.classes
            .get(class as usize)
            .map_or("", |c| self.snap.strings.get(c.name))
    }

    pub fn snapshot(&self) -> &HeapSnapshot {
        &self.snap
    }

    pub fn node_count(&self) -> u64 {
        self.snap.node_count() as u64
    }

    pub fn edge_count(&self) -> u64 {
        self.snap.edge_count() as u64
    }

    /// DevTools' total: the root's retained size plus `extra_native_bytes`.
    pub fn total_size(&self) -> u64 {
        self.total_size
    }

    pub fn statistics(&self) -> Statistics {
        self.statistics
    }

    pub fn detached(&self) -> DetachedSummary {
        self.detached
    }

    /// Nodes the root does not reach over essential edges (DevTools hangs them under the root).
    pub fn unreachable_from_root(&self) -> u64 {
        self.unreachable_from_root
    }

    pub fn root_ordinal(&self) -> u32 {
        self.snap.root
    }

    pub fn retained_size(&self, ord: u32) -> u64 {
        self.retained[ord as usize]
    }

    pub fn self_size(&self, ord: u32) -> u64 {
        self.snap.node_self_size[ord as usize] as u64
    }

    pub fn distance(&self, ord: u32) -> i32 {
        self.distances[ord as usize]
    }

    /// Immediate dominator of a node (the root dominates itself).
    pub fn dominator(&self, ord: u32) -> u32 {
        self.dominator[ord as usize]
    }

    /// Every exported class, largest retained size first.
    pub fn classes(&self) -> &[ClassRow] {
        &self.class_rows
    }

    /// DevTools' exported key of a class: `,Name`, or `script,line,column,Name` for constructors
    /// with a location.
    pub fn class_key(&self, index: u32) -> Option<String> {
        let c = self.classes.get(index as usize)?;
        let name = self.snap.strings.get(c.name);
        Some(match c.location {
            Some((s, l, col)) => format!("{s},{l},{col},{name}"),
            None => format!(",{name}"),
        })
    }

    /// Wall time of each analysis phase in milliseconds (empty on wasm).
    pub fn timings(&self) -> &[(String, f64)] {
        &self.timings
    }
}
