//! The page's state of comparison over time, one field of [`AppState`]: the side loads (a base
//! snapshot, leak detection's baseline and target), the Comparison with its sort, filter and
//! expanded rows, the leaks found, the Allocation view and a CPU profile, each with their table's
//! sort and filter. Changed by [`CompareAction`]s and by the worker's
//! [`CompareResponse`]s, which the main reducer hands here (after dropping other jobs' answers).

use super::state::{AppState, LoadState, Problem};
use crate::compare_model::{
    alloc_order, default_alloc_sort, default_diff_sort, default_profile_sort, diff_order,
    profile_order, AllocColumn, DiffColumn, ExpandedDiff, ProfileColumn,
};
use crate::compare_protocol::{CompareResponse, Compared, Side};
use crate::protocol::{LoadError, LoadErrorKind, ReqId};
use crate::table_model::Sort;
use heapscope_core::compare::{AllocationReport, LeakReport, ProfileReport, Verdict};
use std::collections::BTreeMap;
use std::rc::Rc;

/// What one side holds, as the page knows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SideState {
    #[default]
    Empty,
    Loading {
        req: ReqId,
        name: String,
        label: String,
        bytes: u64,
        total: u64,
    },
    Failed(Problem),
    /// Read; for leak detection's sides, `objects` ids are kept.
    Ready {
        name: String,
        objects: u64,
    },
}

/// Leak detection's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct LeakResult {
    pub report: LeakReport,
    pub elapsed_ms: f64,
}

/// A CPU profile read next to the open snapshot.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileResult {
    pub name: String,
    pub report: ProfileReport,
    pub parse_ms: f64,
    pub match_ms: f64,
}

/// See the module docs.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareState {
    /// By [`Side::index`].
    pub sides: [SideState; 3],
    pub comparison: Option<Rc<Compared>>,
    pub diff_sort: Sort<DiffColumn>,
    pub diff_filter: String,
    /// Rows of the comparison's classes after filter and sort.
    pub diff_order: Rc<Vec<u32>>,
    /// Expanded rows (by position in the comparison's classes).
    pub diff_expanded: BTreeMap<u32, ExpandedDiff>,
    pub leaks: Option<Rc<LeakResult>>,
    /// The Allocation view (`Err`: why there is none), once asked for.
    pub allocations: Option<Rc<Result<AllocationReport, String>>>,
    pub allocations_asked: bool,
    pub alloc_sort: Sort<AllocColumn>,
    pub alloc_filter: String,
    pub alloc_order: Rc<Vec<u32>>,
    pub profile: Option<Rc<ProfileResult>>,
    pub profile_sort: Sort<ProfileColumn>,
    pub profile_filter: String,
    pub profile_verdict: Option<Verdict>,
    pub profile_order: Rc<Vec<u32>>,
    /// Counts the profiles read, so the page can show each new one.
    pub profiles_read: u32,
}

impl Default for CompareState {
    fn default() -> Self {
        CompareState {
            sides: Default::default(),
            comparison: None,
            diff_sort: default_diff_sort(),
            diff_filter: String::new(),
            diff_order: Rc::default(),
            diff_expanded: BTreeMap::new(),
            leaks: None,
            allocations: None,
            allocations_asked: false,
            alloc_sort: default_alloc_sort(),
            alloc_filter: String::new(),
            alloc_order: Rc::default(),
            profile: None,
            profile_sort: default_profile_sort(),
            profile_filter: String::new(),
            profile_verdict: None,
            profile_order: Rc::default(),
            profiles_read: 0,
        }
    }
}

/// What the views do to the comparison state.
pub enum CompareAction {
    /// A side load was sent as query `req`.
    SideStarted {
        side: Side,
        req: ReqId,
        name: String,
        total: u64,
    },
    SideCancelled(Side),
    /// What the side held was released (the base: its Comparison too).
    SideReleased(Side),
    DiffFilter(String),
    DiffSort(DiffColumn),
    /// Expand or collapse a Comparison row.
    DiffToggle(u32),
    /// A further page of a row's new (or deleted) objects was requested.
    DiffMore {
        row: u32,
        deleted: bool,
    },
    AllocationsAsked,
    AllocFilter(String),
    AllocSort(AllocColumn),
    ProfileFilter(String),
    ProfileSort(ProfileColumn),
    ProfileVerdict(Option<Verdict>),
}

impl CompareState {
    pub fn side(&self, side: Side) -> &SideState {
        &self.sides[side.index()]
    }

    fn side_mut(&mut self, side: Side) -> &mut SideState {
        &mut self.sides[side.index()]
    }

    /// A side load under way with query id `req`, if it is the one the page waits for.
    fn loading(&mut self, side: Side, req: ReqId) -> Option<&mut SideState> {
        let s = self.side_mut(side);
        matches!(s, SideState::Loading { req: r, .. } if *r == req).then_some(s)
    }

    /// A new file is being opened: side loads under way stop (the worker drops them).
    pub fn main_load_started(&mut self) {
        for s in &mut self.sides {
            if matches!(s, SideState::Loading { .. }) {
                *s = SideState::Empty;
            }
        }
    }

    fn reorder_diff(&mut self) {
        self.diff_order = Rc::new(self.comparison.as_ref().map_or_else(Vec::new, |c| {
            diff_order(&c.diff.classes, &self.diff_filter, self.diff_sort)
        }));
    }

    fn reorder_allocations(&mut self) {
        self.alloc_order = Rc::new(match self.allocations.as_deref() {
            Some(Ok(r)) => alloc_order(&r.functions, &self.alloc_filter, self.alloc_sort),
            _ => Vec::new(),
        });
    }

    fn reorder_profile(&mut self) {
        self.profile_order = Rc::new(self.profile.as_ref().map_or_else(Vec::new, |p| {
            profile_order(
                &p.report.functions,
                &self.profile_filter,
                self.profile_verdict,
                self.profile_sort,
            )
        }));
    }

    fn release(&mut self, side: Side) {
        *self.side_mut(side) = SideState::Empty;
        match side {
            Side::Base => {
                self.comparison = None;
                self.diff_expanded.clear();
                self.reorder_diff();
            }
            Side::Baseline | Side::Target => self.leaks = None,
        }
    }

    pub fn reduce(&mut self, action: CompareAction) {
        match action {
            CompareAction::SideStarted {
                side,
                req,
                name,
                total,
            } => {
                // The worker releases what the side held before reading the new file.
                self.release(side);
                *self.side_mut(side) = SideState::Loading {
                    req,
                    name,
                    label: "reading".into(),
                    bytes: 0,
                    total,
                };
            }
            CompareAction::SideCancelled(side) => self.release(side),
            CompareAction::SideReleased(side) => self.release(side),
            CompareAction::DiffFilter(f) => {
                self.diff_filter = f;
                self.reorder_diff();
            }
            CompareAction::DiffSort(c) => {
                self.diff_sort = self.diff_sort.clicked(c);
                self.reorder_diff();
            }
            CompareAction::DiffToggle(row) => {
                if self.diff_expanded.remove(&row).is_none() {
                    if let Some(class) = self
                        .comparison
                        .as_ref()
                        .and_then(|c| c.diff.classes.get(row as usize))
                    {
                        self.diff_expanded.insert(row, ExpandedDiff::opening(class));
                    }
                }
            }
            CompareAction::DiffMore { row, deleted } => {
                if let Some(e) = self.diff_expanded.get_mut(&row) {
                    e.list_mut(deleted).loading = true;
                }
            }
            CompareAction::AllocationsAsked => self.allocations_asked = true,
            CompareAction::AllocFilter(f) => {
                self.alloc_filter = f;
                self.reorder_allocations();
            }
            CompareAction::AllocSort(c) => {
                self.alloc_sort = self.alloc_sort.clicked(c);
                self.reorder_allocations();
            }
            CompareAction::ProfileFilter(f) => {
                self.profile_filter = f;
                self.reorder_profile();
            }
            CompareAction::ProfileSort(c) => {
                self.profile_sort = self.profile_sort.clicked(c);
                self.reorder_profile();
            }
            CompareAction::ProfileVerdict(v) => {
                self.profile_verdict = v;
                self.reorder_profile();
            }
        }
    }
}

/// Why a side load failed, in words for people, with what to do.
fn side_problem(side: Side, name: &str, e: &LoadError) -> Problem {
    let title = match e.kind {
        LoadErrorKind::TooLarge => format!("{name} does not fit beside the open snapshot"),
        LoadErrorKind::Truncated => format!("{name} is incomplete"),
        LoadErrorKind::Read => format!("{name} could not be read"),
        _ => format!("{name} cannot be read as the {}", side.title()),
    };
    let advice = if e.kind == LoadErrorKind::TooLarge {
        format!(
            "Do this with the command line, which holds the snapshots natively: {}. Or close what is \
             open beside the snapshot (the comparison, leak detection's snapshots) and try again.",
            side.command()
        )
    } else {
        e.kind.advice().to_string()
    };
    Problem {
        title,
        message: e.message.clone(),
        advice,
        detail: e.detail.clone(),
    }
}

/// Applies a worker answer of the current job.
pub fn apply(s: &mut AppState, r: CompareResponse) {
    let c = &mut s.compare;
    match r {
        CompareResponse::SideProgress {
            req,
            side,
            label: l,
            bytes: b,
            total: t,
            ..
        } => {
            if let Some(SideState::Loading {
                label,
                bytes,
                total,
                ..
            }) = c.loading(side, req)
            {
                (*label, *bytes, *total) = (l, b, t);
            }
        }
        CompareResponse::SideFailed {
            req, side, error, ..
        } => {
            if let Some(st) = c.loading(side, req) {
                let name = match st {
                    SideState::Loading { name, .. } => name.clone(),
                    _ => return,
                };
                *st = SideState::Failed(side_problem(side, &name, &error));
            }
        }
        CompareResponse::Compared(compared) => {
            if let Some(st) = c.loading(Side::Base, compared.req) {
                *st = SideState::Ready {
                    name: compared.name.clone(),
                    objects: compared.base_nodes,
                };
                c.comparison = Some(Rc::new(*compared));
                c.diff_expanded.clear();
                c.reorder_diff();
            }
        }
        CompareResponse::LeakSide {
            req,
            side,
            name,
            objects,
            ..
        } => {
            if let Some(st) = c.loading(side, req) {
                *st = SideState::Ready { name, objects };
            }
        }
        CompareResponse::Leaks {
            report, elapsed_ms, ..
        } => {
            let ready = |side| matches!(c.side(side), SideState::Ready { .. });
            if !(ready(Side::Baseline) && ready(Side::Target)) {
                return;
            }
            c.leaks = Some(Rc::new(LeakResult {
                report: *report,
                elapsed_ms,
            }));
        }
        CompareResponse::DiffObjects {
            row,
            deleted,
            offset,
            rows,
            total,
            ..
        } => {
            if let Some(e) = c.diff_expanded.get_mut(&row) {
                let list = e.list_mut(deleted);
                if offset as usize == list.rows.len() {
                    list.rows.extend(rows);
                }
                list.total = total as usize;
                list.loading = false;
            }
        }
        CompareResponse::Allocations { report, .. } => {
            c.allocations = Some(Rc::new(report.map(|r| *r)));
            c.reorder_allocations();
        }
        CompareResponse::Profiled {
            job,
            report,
            parse_ms,
            match_ms,
        } => {
            if s.data.is_none() {
                return;
            }
            let name = match &s.load {
                LoadState::Loading { name, .. } => name.clone(),
                _ => "The CPU profile".into(),
            };
            s.adopt(job);
            s.load = LoadState::Ready {
                name: s.open_name.clone(),
            };
            let c = &mut s.compare;
            c.profile = Some(Rc::new(ProfileResult {
                name,
                report: *report,
                parse_ms,
                match_ms,
            }));
            c.profile_verdict = None;
            c.profiles_read += 1;
            c.reorder_profile();
        }
    }
}
