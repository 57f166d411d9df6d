//! The page's whole state and the one reducer that changes it. Worker answers and user actions come
//! in as [`Action`]s; answers of any job but the current one are dropped here.

use super::compare_state::{self, CompareAction, CompareState};
use crate::protocol::{JobId, LoadError, Loaded, ReportAnswer, Response, Selection};
use crate::report_markdown::{self, Doc};
use crate::route::Route;
use crate::table_model::{self, Column, Expanded, Sort};
use crate::tree_model::Tree;
use heapscope_core::report::detached::DetachedSection;
use heapscope_core::report::groups::GroupPattern;
use heapscope_core::report::{Report, ReportOptions};
use heapscope_core::{
    ClassRow, DominatedRow, EdgeRow, NodeRow, Overview, Phase, RetainerFilter, SummaryFilter,
};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// What the loader is doing.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    Idle,
    Loading {
        name: String,
        phase: Phase,
        bytes: u64,
        total: u64,
    },
    /// The last load failed; an analysis opened before it may still be shown beside the error.
    Failed(Problem),
    Ready {
        name: String,
    },
}

/// A message for people: what happened and what to do.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub title: String,
    pub message: String,
    pub advice: String,
    /// Technical detail (where in the file), shown small.
    pub detail: Option<String>,
}

impl Problem {
    fn from_load(name: &str, e: &LoadError, kept: Option<&str>) -> Problem {
        let mut advice = e.kind.advice().to_string();
        if let Some(open) = kept {
            advice.push_str(&format!(" {open} is still open below."));
        }
        Problem {
            title: e.kind.title(name),
            message: e.message.clone(),
            advice,
            detail: e.detail.clone(),
        }
    }

    /// The analysis worker died (a wasm trap, most likely the tab's memory running out); the page
    /// has started a fresh one.
    pub fn worker_stopped(message: String) -> Problem {
        Problem {
            title: "The analysis stopped: the worker crashed".into(),
            message,
            advice: "Heapscope started a new worker, so you can drop a file again. If the file is large, \
                     the tab probably ran out of memory: analyse it with the command line instead \
                     (heapscope summary FILE)."
                .into(),
            detail: None,
        }
    }

    /// An internal failure (worker panic, worker could not start).
    pub fn internal(message: String) -> Problem {
        Problem {
            title: "Heapscope hit an internal error".into(),
            message,
            advice: "The analysis was lost; drop the file again. If it keeps happening, please report it \
                     together with the output of `heapscope summary FILE`."
                .into(),
            detail: None,
        }
    }
}

/// The trees of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeId {
    Retainers,
    Children,
    /// The Containment view, from the root.
    Containment,
    Dominators,
}

/// The selected object: its row, its Retainers and Containment trees.
#[derive(Clone, Debug, PartialEq)]
pub struct Explorer {
    pub id: u64,
    pub filter: RetainerFilter,
    /// The worker has answered (`node` is `None` if no object has this id).
    pub answered: bool,
    pub node: Option<NodeRow>,
    /// Where its code is (a closure's script and line, a Context's scope).
    pub code: Option<String>,
    pub class_index: Option<u32>,
    pub retainers: Rc<Tree<EdgeRow>>,
    pub children: Rc<Tree<EdgeRow>>,
}

impl Explorer {
    fn waiting(id: u64, filter: RetainerFilter) -> Explorer {
        Explorer {
            id,
            filter,
            answered: false,
            node: None,
            code: None,
            class_index: None,
            retainers: Rc::new(Tree::new(0)),
            children: Rc::new(Tree::new(0)),
        }
    }

    fn answered(id: u64, s: Selection) -> Explorer {
        let root = s.node.ordinal;
        let mut retainers = Tree::new(root);
        let mut path = Vec::new();
        for (level, page) in s.retainers.into_iter().enumerate() {
            if level > 0 {
                retainers.expanded.insert(path.clone());
            }
            if let Some(first) = page.rows.first() {
                path.push(first.edge);
            }
            retainers.add_page(
                page.node.ordinal,
                page.offset as usize,
                page.rows,
                page.total as usize,
                page.filtered as usize,
            );
        }
        let mut children = Tree::new(root);
        let c = s.children;
        children.add_page(
            root,
            c.offset as usize,
            c.rows,
            c.total as usize,
            c.filtered as usize,
        );
        Explorer {
            id,
            filter: s.filter,
            answered: true,
            node: Some(s.node),
            code: s.code,
            class_index: s.class_index,
            retainers: Rc::new(retainers),
            children: Rc::new(children),
        }
    }
}

/// Light or dark, or as the system says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// The value kept in local storage and on `<html data-theme>`.
    pub fn slug(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The theme after a click on the toggle.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Dark,
            Theme::Dark => Theme::Light,
            Theme::Light => Theme::System,
        }
    }
}

/// Search results: the query, the rows shown and how many match in all.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResult {
    pub query: String,
    pub rows: Rc<Vec<NodeRow>>,
    pub total: u64,
}

/// A report the worker sent, with its Markdown parsed for the Report view once when it arrives.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportData {
    pub answer: ReportAnswer,
    /// `answer.report_json`, parsed.
    pub report: Report,
    pub doc: Doc,
}

/// The Report view's data: the report shown and the options of one on its way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportState {
    pub shown: Option<Rc<ReportData>>,
    /// Asked for and not answered yet (the report shown, if any, stays until it comes).
    pub pending: Option<ReportOptions>,
    /// `performance.now()` when `pending` was asked for.
    pub asked_at_ms: f64,
    /// Why the worker did not build the report for these options.
    pub refused: Option<(ReportOptions, String)>,
}

impl ReportState {
    /// The options of the latest report asked for (pending, else shown).
    pub fn latest_options(&self) -> Option<&ReportOptions> {
        self.pending
            .as_ref()
            .or(self.refused.as_ref().map(|r| &r.0))
            .or(self.shown.as_ref().map(|d| &d.answer.options))
    }
}

/// Everything the views render.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub job: JobId,
    pub load: LoadState,
    pub data: Option<Rc<Loaded>>,
    /// The name of the file whose analysis `data` is.
    pub open_name: String,
    /// The current job's Overview, shown while the rest of its analysis runs.
    pub early: Option<Rc<Overview>>,
    /// The current job's largest classes by shallow size and the number of classes, shown with the
    /// Overview until the retained sizes are known.
    pub early_classes: Option<Rc<(Vec<ClassRow>, u64)>>,
    /// The classes the Summary lists (under `summary_filter`).
    pub classes: Rc<Vec<ClassRow>>,
    /// Every class of the snapshot.
    pub all_classes: Rc<Vec<ClassRow>>,
    /// One of DevTools' named filters applied to the Summary.
    pub summary_filter: Option<SummaryFilter>,
    /// The filtered classes are on their way.
    pub filtering: bool,
    /// The Detached objects view's data, once asked for.
    pub detached: Option<Rc<DetachedSection>>,
    /// Expanded classes of the Detached objects view, by name.
    pub detached_expanded: BTreeMap<String, Expanded>,
    pub route: Route,
    pub filter: String,
    pub sort: Sort,
    /// Indices into `classes` after filter and sort.
    pub order: Rc<Vec<u32>>,
    /// Expanded classes by [`ClassRow::index`].
    pub expanded: BTreeMap<u32, Expanded>,
    /// A class (by [`ClassRow::index`]) the Summary should scroll to.
    pub reveal: Option<u32>,
    pub selection: Option<Explorer>,
    /// Which retainers the Retainers tree lists (kept from one selection to the next).
    pub retainer_filter: RetainerFilter,
    pub dominators: Rc<Tree<DominatedRow>>,
    /// The Containment view's tree, from the root.
    pub containment: Rc<Tree<EdgeRow>>,
    /// The Largest objects view shows the raw list instead of the grouped one.
    pub largest_raw: bool,
    pub search: Option<SearchResult>,
    pub theme: Theme,
    /// The analysis report, once its view was opened.
    pub report: ReportState,
    /// The pattern groups as edited (kept in local storage).
    pub groups: Rc<Vec<GroupPattern>>,
    /// The treemap's focus: the objects drilled into from the root, outermost first.
    pub treemap: Vec<NodeRow>,
    /// Comparison over time: a base, leak detection, allocations, a CPU profile.
    pub compare: CompareState,
}

impl AppState {
    pub fn new(route: Route, theme: Theme) -> AppState {
        AppState {
            job: 0,
            load: LoadState::Idle,
            data: None,
            open_name: String::new(),
            early: None,
            early_classes: None,
            classes: Rc::default(),
            all_classes: Rc::default(),
            summary_filter: None,
            filtering: false,
            detached: None,
            detached_expanded: BTreeMap::new(),
            route,
            filter: String::new(),
            sort: Sort::default(),
            order: Rc::default(),
            expanded: BTreeMap::new(),
            reveal: None,
            selection: None,
            retainer_filter: RetainerFilter::default(),
            dominators: Rc::new(Tree::new(0)),
            containment: Rc::new(Tree::new(0)),
            largest_raw: false,
            search: None,
            theme,
            report: ReportState::default(),
            groups: Rc::new(heapscope_core::report::groups::presets()),
            treemap: Vec::new(),
            compare: CompareState::default(),
        }
    }

    /// The state with the pattern groups kept from an earlier visit.
    pub fn with_groups(mut self, groups: Vec<GroupPattern>) -> AppState {
        self.groups = Rc::new(groups);
        self
    }

    /// The job whose analysis is shown, if any.
    pub fn loaded_job(&self) -> Option<JobId> {
        self.data.as_ref().map(|d| d.job)
    }

    /// The tree `id` (the Retainers and Containment trees exist once an object is selected).
    pub fn tree(&self, id: TreeId) -> Option<&Rc<Tree<EdgeRow>>> {
        if id == TreeId::Containment {
            return Some(&self.containment);
        }
        let s = self.selection.as_ref().filter(|s| s.answered)?;
        match id {
            TreeId::Retainers => Some(&s.retainers),
            TreeId::Children => Some(&s.children),
            TreeId::Containment | TreeId::Dominators => None,
        }
    }

    fn tree_mut(&mut self, id: TreeId) -> Option<&mut Tree<EdgeRow>> {
        if id == TreeId::Containment {
            return Some(Rc::make_mut(&mut self.containment));
        }
        let s = self.selection.as_mut().filter(|s| s.answered)?;
        match id {
            TreeId::Retainers => Some(Rc::make_mut(&mut s.retainers)),
            TreeId::Children => Some(Rc::make_mut(&mut s.children)),
            TreeId::Containment | TreeId::Dominators => None,
        }
    }

    fn reorder(&mut self) {
        self.order = Rc::new(table_model::sorted_filtered(
            &self.classes,
            &self.filter,
            self.sort,
        ));
    }

    fn clear_analysis(&mut self) {
        self.data = None;
        self.open_name.clear();
        self.early = None;
        self.early_classes = None;
        self.classes = Rc::default();
        self.all_classes = Rc::default();
        self.summary_filter = None;
        self.filtering = false;
        self.detached = None;
        self.detached_expanded.clear();
        self.order = Rc::default();
        self.expanded.clear();
        self.reveal = None;
        self.selection = None;
        self.dominators = Rc::new(Tree::new(0));
        self.containment = Rc::new(Tree::new(0));
        self.search = None;
        self.report = ReportState::default();
        self.treemap.clear();
        self.compare = CompareState::default();
    }

    pub(super) fn name(&self) -> String {
        match &self.load {
            LoadState::Loading { name, .. } | LoadState::Ready { name } => name.clone(),
            _ => "The file".into(),
        }
    }

    /// The job of the analysis shown changed to `job` (a failed or cancelled load kept it).
    pub(super) fn adopt(&mut self, job: JobId) {
        if let Some(d) = self.data.as_mut() {
            Rc::make_mut(d).job = job;
        }
    }
}

/// Everything that changes the state.
pub enum Action {
    Started {
        job: JobId,
        name: String,
        total: u64,
    },
    Response(Response),
    Route(Route),
    Filter(String),
    SortBy(Column),
    /// Expand or collapse a class (by [`ClassRow::index`]) in the Summary.
    Toggle(u32),
    /// A further page of instances of a class (by [`ClassRow::index`]) was requested.
    MoreRequested(u32),
    /// Show a class (by [`ClassRow::index`]) in the Summary: clear the filter, expand it, scroll to it.
    RevealClass(u32),
    /// Expand the row at `path` of a tree (its node is `ordinal`).
    Expand {
        tree: TreeId,
        path: Vec<u32>,
        ordinal: u32,
    },
    Collapse {
        tree: TreeId,
        path: Vec<u32>,
    },
    /// A further page of the children of `parent` in a tree was requested.
    TreeMore {
        tree: TreeId,
        parent: u32,
    },
    SetRetainerFilter(RetainerFilter),
    /// Apply one of DevTools' named filters to the Summary (or none).
    SetSummaryFilter(Option<SummaryFilter>),
    /// Expand or collapse a class of the Detached objects view (by name).
    ToggleDetached(String),
    /// A further page of a detached class was requested.
    DetachedMore(String),
    SetLargestRaw(bool),
    SetTheme(Theme),
    Problem(Problem),
    /// A report under these options was asked for at `at_ms`.
    ReportRequested {
        options: ReportOptions,
        at_ms: f64,
    },
    /// The pattern groups were edited.
    SetGroups(Vec<GroupPattern>),
    /// The treemap shows the dominator-tree children of the last of these objects (of the root
    /// when empty).
    TreemapFocus(Vec<NodeRow>),
    /// Comparison over time (see [`compare_state`]).
    Compare(CompareAction),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Started { job, name, total } => {
                // The analysis shown so far stays until the new file has parsed (`Accepted`).
                s.job = job;
                // A report on its way belongs to the old job and is dropped: ask again if needed.
                s.report.pending = None;
                s.compare.main_load_started();
                s.load = LoadState::Loading {
                    name,
                    phase: Phase::Header,
                    bytes: 0,
                    total,
                };
            }
            Action::Response(r) => {
                if r.job().is_some_and(|j| j != s.job) {
                    return self;
                }
                apply(&mut s, r);
            }
            Action::Route(route) => {
                if route.selected != s.route.selected {
                    s.selection = None;
                }
                s.route = route;
            }
            Action::Filter(f) => {
                s.filter = f;
                s.reveal = None;
                s.reorder();
            }
            Action::SortBy(c) => {
                s.sort = s.sort.clicked(c);
                s.reveal = None;
                s.reorder();
            }
            Action::Toggle(c) => {
                if s.expanded.remove(&c).is_none() {
                    s.expanded.insert(
                        c,
                        Expanded {
                            rows: vec![],
                            total: 0,
                            loading: true,
                        },
                    );
                }
            }
            Action::MoreRequested(c) => {
                if let Some(e) = s.expanded.get_mut(&c) {
                    e.loading = true;
                }
            }
            Action::RevealClass(c) => {
                if s.summary_filter.is_some() {
                    s.summary_filter = None;
                    s.filtering = false;
                    s.classes = s.all_classes.clone();
                    s.expanded.clear();
                }
                s.filter.clear();
                s.reorder();
                s.expanded.entry(c).or_insert(Expanded {
                    rows: vec![],
                    total: 0,
                    loading: true,
                });
                s.reveal = Some(c);
            }
            Action::Expand {
                tree,
                path,
                ordinal,
            } => match tree {
                TreeId::Dominators => {
                    Rc::make_mut(&mut s.dominators).expand(path, ordinal);
                }
                _ => {
                    if let Some(t) = s.tree_mut(tree) {
                        t.expand(path, ordinal);
                    }
                }
            },
            Action::Collapse { tree, path } => match tree {
                TreeId::Dominators => Rc::make_mut(&mut s.dominators).collapse(&path),
                _ => {
                    if let Some(t) = s.tree_mut(tree) {
                        t.collapse(&path);
                    }
                }
            },
            Action::TreeMore { tree, parent } => match tree {
                TreeId::Dominators => {
                    Rc::make_mut(&mut s.dominators).request_more(parent);
                }
                _ => {
                    if let Some(t) = s.tree_mut(tree) {
                        t.request_more(parent);
                    }
                }
            },
            Action::SetRetainerFilter(f) => {
                s.retainer_filter = f;
                // The selection is asked for again with the new filter.
                s.selection = None;
            }
            Action::SetSummaryFilter(f) => {
                s.summary_filter = f;
                s.expanded.clear();
                s.reveal = None;
                match f {
                    None => {
                        s.classes = s.all_classes.clone();
                        s.filtering = false;
                    }
                    Some(_) => {
                        s.classes = Rc::default();
                        s.filtering = true;
                    }
                }
                s.reorder();
            }
            Action::ToggleDetached(c) => {
                if s.detached_expanded.remove(&c).is_none() {
                    s.detached_expanded.insert(
                        c,
                        Expanded {
                            rows: vec![],
                            total: 0,
                            loading: true,
                        },
                    );
                }
            }
            Action::DetachedMore(c) => {
                if let Some(e) = s.detached_expanded.get_mut(&c) {
                    e.loading = true;
                }
            }
            Action::ReportRequested { options, at_ms } => {
                s.report.pending = Some(options);
                s.report.asked_at_ms = at_ms;
            }
            Action::SetGroups(g) => s.groups = Rc::new(g),
            Action::TreemapFocus(path) => s.treemap = path,
            Action::SetLargestRaw(raw) => s.largest_raw = raw,
            Action::SetTheme(t) => s.theme = t,
            Action::Problem(p) => {
                s.clear_analysis();
                s.job = 0;
                s.load = LoadState::Failed(p);
            }
            Action::Compare(a) => s.compare.reduce(a),
        }
        Rc::new(s)
    }
}

fn apply(s: &mut AppState, r: Response) {
    match r {
        Response::Ready => {}
        Response::Progress {
            phase,
            bytes,
            total,
            ..
        } => {
            if let LoadState::Loading { name, .. } = &s.load {
                s.load = LoadState::Loading {
                    name: name.clone(),
                    phase,
                    bytes,
                    total,
                };
            }
        }
        Response::Accepted { .. } => {
            s.clear_analysis();
        }
        Response::Overview { overview, .. } => {
            s.early = Some(Rc::new(overview));
        }
        Response::EarlyClasses {
            classes,
            class_count,
            ..
        } => {
            s.early_classes = Some(Rc::new((classes, class_count)));
        }
        Response::Loaded(l) => {
            s.clear_analysis();
            s.open_name = s.name();
            s.load = LoadState::Ready {
                name: s.open_name.clone(),
            };
            let mut l = *l;
            s.classes = Rc::new(std::mem::take(&mut l.classes));
            s.all_classes = s.classes.clone();
            s.dominators = Rc::new(Tree::new(l.root));
            s.containment = Rc::new(Tree::new(l.root));
            s.data = Some(Rc::new(l));
            s.reorder();
        }
        Response::Failed { job, error, kept } => {
            let open = (s.data.is_some() && kept).then(|| s.open_name.clone());
            let p = Problem::from_load(&s.name(), &error, open.as_deref());
            if open.is_some() {
                s.adopt(job);
            } else {
                s.clear_analysis();
            }
            s.load = LoadState::Failed(p);
        }
        Response::Cancelled { job, kept } => {
            if kept && s.data.is_some() {
                s.adopt(job);
                s.load = LoadState::Ready {
                    name: s.open_name.clone(),
                };
            } else {
                s.clear_analysis();
                s.job = 0;
                s.load = LoadState::Idle;
            }
        }
        Response::Instances {
            class_index,
            offset,
            rows,
            total,
            filter,
            ..
        } => {
            if filter != s.summary_filter {
                return;
            }
            if let Some(e) = s.expanded.get_mut(&class_index) {
                if offset as usize == e.rows.len() {
                    e.rows.extend(rows);
                }
                e.total = total as usize;
                e.loading = false;
            }
        }
        Response::FilteredClasses {
            filter, classes, ..
        } => {
            if s.summary_filter == Some(filter) {
                s.classes = Rc::new(classes);
                s.filtering = false;
                s.expanded.clear();
                s.reorder();
            }
        }
        Response::Detached { section, .. } => s.detached = Some(Rc::new(*section)),
        Response::DetachedInstances {
            class,
            offset,
            rows,
            total,
            ..
        } => {
            if let Some(e) = s.detached_expanded.get_mut(&class) {
                if offset as usize == e.rows.len() {
                    e.rows.extend(rows);
                }
                e.total = total as usize;
                e.loading = false;
            }
        }
        Response::Selected { id, selection, .. } => {
            if s.route.selected != Some(id) {
                return;
            }
            s.selection = Some(match selection {
                Some(sel) if sel.filter == s.retainer_filter => Explorer::answered(id, *sel),
                Some(_) => return,
                None => Explorer {
                    answered: true,
                    ..Explorer::waiting(id, s.retainer_filter)
                },
            });
        }
        Response::RetainersPage { filter, page, .. } => {
            if let Some(sel) = s.selection.as_mut().filter(|x| x.filter == filter) {
                Rc::make_mut(&mut sel.retainers).add_page(
                    page.node.ordinal,
                    page.offset as usize,
                    page.rows,
                    page.total as usize,
                    page.filtered as usize,
                );
            }
        }
        Response::ChildrenPage { page, .. } => {
            // The page may be for the Containment view, the selection, or both.
            let parent = page.node.ordinal;
            if s.containment.lists.get(&parent).is_some_and(|l| l.loading) {
                Rc::make_mut(&mut s.containment).add_page(
                    parent,
                    page.offset as usize,
                    page.rows.clone(),
                    page.total as usize,
                    0,
                );
            }
            if let Some(sel) = s
                .selection
                .as_mut()
                .filter(|x| x.children.lists.get(&parent).is_some_and(|l| l.loading))
            {
                Rc::make_mut(&mut sel.children).add_page(
                    parent,
                    page.offset as usize,
                    page.rows,
                    page.total as usize,
                    0,
                );
            }
        }
        Response::DominatedPage { page, .. } => {
            Rc::make_mut(&mut s.dominators).add_page(
                page.node.ordinal,
                page.offset as usize,
                page.rows,
                page.total as usize,
                0,
            );
        }
        Response::Search {
            query, rows, total, ..
        } => {
            if s.route.query == query {
                s.search = Some(SearchResult {
                    query,
                    rows: Rc::new(rows),
                    total,
                });
            }
        }
        Response::Report(answer) => {
            if s.report.pending.as_ref() != Some(&answer.options) {
                return; // an answer to options changed since
            }
            s.report.pending = None;
            let report = match serde_json::from_str::<Report>(&answer.report_json) {
                Ok(report) => report,
                Err(e) => {
                    s.report.refused = Some((
                        answer.options.clone(),
                        format!("The worker's report could not be read ({e}). Make it with the command line: heapscope report FILE"),
                    ));
                    return;
                }
            };
            let doc = report_markdown::parse(&answer.markdown);
            s.report.refused = None;
            s.report.shown = Some(Rc::new(ReportData {
                answer: *answer,
                report,
                doc,
            }));
        }
        Response::ReportRefused {
            options, message, ..
        } => {
            if s.report.pending.as_ref() == Some(&options) {
                s.report.pending = None;
                s.report.refused = Some((options, message));
            }
        }
        Response::Compare(r) => compare_state::apply(s, r),
        Response::Panicked { message } => {
            s.clear_analysis();
            s.job = 0;
            s.load = LoadState::Failed(Problem::internal(format!(
                "The analysis worker crashed: {message}"
            )));
        }
    }
}
