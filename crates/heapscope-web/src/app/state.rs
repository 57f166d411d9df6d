//! The page's whole state and the one reducer that changes it. Worker answers and user actions come
//! in as [`Action`]s; answers of any job but the current one are dropped here.

use crate::protocol::{JobId, LoadError, Loaded, Response};
use crate::route::Route;
use crate::table_model::{self, Column, Expanded, Sort};
use heapscope_core::{ClassRow, NodeRow, Overview, Phase, RetainerLink};
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
}

impl Problem {
    fn from_load(name: &str, e: &LoadError) -> Problem {
        Problem {
            title: e.kind.title(name),
            message: e.message.clone(),
            advice: e.kind.advice().to_string(),
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
        }
    }
}

/// The retaining path of the selected object.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub id: u64,
    pub node: Option<NodeRow>,
    pub path: Rc<Vec<RetainerLink>>,
}

/// Everything the views render.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub job: JobId,
    pub load: LoadState,
    pub data: Option<Rc<Loaded>>,
    /// The current job's Overview, shown while the rest of its analysis runs.
    pub early: Option<Rc<Overview>>,
    pub classes: Rc<Vec<ClassRow>>,
    pub route: Route,
    pub filter: String,
    pub sort: Sort,
    /// Indices into `classes` after filter and sort.
    pub order: Rc<Vec<u32>>,
    /// Expanded classes by [`ClassRow::index`].
    pub expanded: BTreeMap<u32, Expanded>,
    pub selection: Option<Selection>,
    pub search: Option<(String, Rc<Vec<NodeRow>>)>,
}

impl AppState {
    pub fn new(route: Route) -> AppState {
        AppState {
            job: 0,
            load: LoadState::Idle,
            data: None,
            early: None,
            classes: Rc::default(),
            route,
            filter: String::new(),
            sort: Sort::default(),
            order: Rc::default(),
            expanded: BTreeMap::new(),
            selection: None,
            search: None,
        }
    }

    /// The job whose analysis is shown, if any.
    pub fn loaded_job(&self) -> Option<JobId> {
        self.data.as_ref().map(|d| d.job)
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
        self.early = None;
        self.classes = Rc::default();
        self.order = Rc::default();
        self.expanded.clear();
        self.selection = None;
        self.search = None;
    }

    fn name(&self) -> String {
        match &self.load {
            LoadState::Loading { name, .. } | LoadState::Ready { name } => name.clone(),
            _ => "The file".into(),
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
    Problem(Problem),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Started { job, name, total } => {
                s.clear_analysis();
                s.job = job;
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
                s.reorder();
            }
            Action::SortBy(c) => {
                s.sort = s.sort.clicked(c);
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
            Action::Problem(p) => {
                s.clear_analysis();
                s.job = 0;
                s.load = LoadState::Failed(p);
            }
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
        Response::Overview { overview, .. } => {
            s.early = Some(Rc::new(overview));
        }
        Response::Loaded(l) => {
            s.early = None;
            s.load = LoadState::Ready { name: s.name() };
            let mut l = *l;
            s.classes = Rc::new(std::mem::take(&mut l.classes));
            s.data = Some(Rc::new(l));
            s.expanded.clear();
            s.reorder();
        }
        Response::Failed { error, .. } => {
            let p = Problem::from_load(&s.name(), &error);
            s.clear_analysis();
            s.load = LoadState::Failed(p);
        }
        Response::Cancelled { .. } => {
            s.clear_analysis();
            s.job = 0;
            s.load = LoadState::Idle;
        }
        Response::Instances {
            class_index,
            offset,
            rows,
            total,
            ..
        } => {
            if let Some(e) = s.expanded.get_mut(&class_index) {
                if offset as usize == e.rows.len() {
                    e.rows.extend(rows);
                }
                e.total = total as usize;
                e.loading = false;
            }
        }
        Response::Retainers { id, node, path, .. } => {
            if s.route.selected == Some(id) {
                s.selection = Some(Selection {
                    id,
                    node,
                    path: Rc::new(path),
                });
            }
        }
        Response::Search { query, rows, .. } => {
            if s.route.query == query {
                s.search = Some((query, Rc::new(rows)));
            }
        }
        Response::Panicked { message } => {
            s.clear_analysis();
            s.job = 0;
            s.load = LoadState::Failed(Problem::internal(format!(
                "The analysis worker crashed: {message}"
            )));
        }
    }
}
