//! The Yew app: owns the state reducer and the worker client, turns DOM events (drop, file picker,
//! sample button, hash changes, F6) into actions and requests, and hands the state to the views in
//! [`crate::ui`]. Side effects derived from the state (selecting an object, running a search,
//! opening the dominator tree, applying the colour theme) live in effects here, so views stay plain
//! functions of the state.

mod client;
mod compare_effects;
pub mod compare_state;
pub mod state;

use crate::report_groups;
use crate::route::Route;
use crate::route::View;
use crate::ui;
pub use client::Client;
use state::{Action, AppState, Problem, Theme, TreeId};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;
use yew::prelude::*;

/// The bundled sample (copied into dist by Trunk; same origin, relative URL).
pub const SAMPLE_URL: &str = "./sample.heapsnapshot.gz";
/// How many results a search returns.
pub const SEARCH_LIMIT: u32 = 500;

/// Mounts the app on `<body>`.
pub fn start() {
    crate::panic_hook::install();
    yew::Renderer::<App>::new().render();
}

/// What views and their callbacks may do: send requests and dispatch actions.
#[derive(Clone)]
pub struct Ctx {
    pub client: Rc<Client>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for Ctx {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.client, &other.client)
    }
}

impl Ctx {
    /// Analyses a file or blob, replacing whatever was loaded.
    pub fn load(&self, blob: &Blob, name: &str) {
        let job = self.client.load(blob, name);
        self.dispatch.dispatch(Action::Started {
            job,
            name: name.to_string(),
            total: blob.size() as u64,
        });
    }

    pub fn cancel(&self) {
        self.client.cancel();
    }

    /// Shows `route` (adds a history entry; the `hashchange` listener updates the state).
    pub fn navigate(&self, route: &Route) {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash(&route.to_hash());
        }
    }

    /// Expands a tree row, asking for the first page of its children when they are not loaded.
    pub fn expand(&self, state: &AppState, tree: TreeId, path: Vec<u32>, ordinal: u32) {
        let loaded = match tree {
            TreeId::Dominators => state.dominators.lists.contains_key(&ordinal),
            _ => state
                .tree(tree)
                .map_or(true, |t| t.lists.contains_key(&ordinal)),
        };
        if !loaded {
            self.request_page(state, tree, ordinal, 0);
        }
        self.dispatch.dispatch(Action::Expand {
            tree,
            path,
            ordinal,
        });
    }

    pub fn collapse(&self, tree: TreeId, path: Vec<u32>) {
        self.dispatch.dispatch(Action::Collapse { tree, path });
    }

    /// Asks for the next page of the children of `parent` in a tree (`loaded` are there already).
    pub fn more(&self, state: &AppState, tree: TreeId, parent: u32, loaded: usize) {
        self.request_page(state, tree, parent, loaded);
        self.dispatch.dispatch(Action::TreeMore { tree, parent });
    }

    fn request_page(&self, state: &AppState, tree: TreeId, ordinal: u32, offset: usize) {
        match tree {
            TreeId::Retainers => {
                let filter = state
                    .selection
                    .as_ref()
                    .map_or(state.retainer_filter, |s| s.filter);
                self.client.retainers_page(ordinal, filter, offset)
            }
            TreeId::Children | TreeId::Containment => self.client.children_page(ordinal, offset),
            TreeId::Dominators => self.client.dominated_page(ordinal, offset),
        }
    }

    /// Fetches the bundled sample and analyses it.
    pub fn load_sample(&self) {
        let ctx = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match fetch_blob(SAMPLE_URL).await {
                Ok(blob) => ctx.load(&blob, "sample.heapsnapshot.gz"),
                Err(e) => ctx
                    .dispatch
                    .dispatch(Action::Problem(Problem::internal(format!(
                        "The sample could not be loaded: {}",
                        e.as_string().unwrap_or_else(|| format!("{e:?}"))
                    )))),
            }
        });
    }
}

async fn fetch_blob(url: &str) -> Result<Blob, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await?
        .dyn_into()?;
    if !resp.ok() {
        return Err(format!("HTTP {} for {url}", resp.status()).into());
    }
    JsFuture::from(resp.blob()?).await?.dyn_into()
}

fn current_route() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Route::parse(&hash)
}

const THEME_KEY: &str = "heapscope-theme";

fn stored_theme() -> Theme {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .map_or(Theme::System, |t| Theme::parse(&t))
}

/// Puts `theme` on `<html data-theme>` (the stylesheet follows it) and remembers it.
fn apply_theme(theme: Theme) {
    let Some(w) = web_sys::window() else { return };
    if let Some(root) = w.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme.slug());
    }
    if let Some(s) = w.local_storage().ok().flatten() {
        let _ = s.set_item(THEME_KEY, theme.slug());
    }
}

fn stored_groups() -> Vec<heapscope_core::report::groups::GroupPattern> {
    let text = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(report_groups::STORAGE_KEY).ok().flatten());
    report_groups::from_storage(text.as_deref())
        .unwrap_or_else(heapscope_core::report::groups::presets)
}

/// Keeps the pattern groups for the next visit (the presets are not stored, so a later version's
/// presets reach whoever never changed them).
fn store_groups(groups: &[heapscope_core::report::groups::GroupPattern]) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if report_groups::are_presets(groups) {
            s.remove_item(report_groups::STORAGE_KEY)
        } else {
            s.set_item(
                report_groups::STORAGE_KEY,
                &report_groups::to_storage(groups),
            )
        };
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// F6 / Shift+F6: focus the next / previous panel (a table, the tabs, a search box), in page order.
fn jump_between_panels(e: &web_sys::KeyboardEvent) {
    if e.key() != "F6" {
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(list) = doc.query_selector_all("[data-panel]") else {
        return;
    };
    let panels: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    if panels.is_empty() {
        return;
    }
    e.prevent_default();
    let active = doc.active_element();
    let here = active.as_ref().and_then(|a| {
        panels
            .iter()
            .position(|p| p.contains(Some(a.unchecked_ref::<web_sys::Node>())))
    });
    let n = panels.len();
    let next = match (here, e.shift_key()) {
        (None, false) => 0,
        (None, true) => n - 1,
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
    };
    let _ = panels[next].focus();
}

#[function_component(App)]
fn app() -> Html {
    let state =
        use_reducer(|| AppState::new(current_route(), stored_theme()).with_groups(stored_groups()));
    let dispatch = state.dispatcher();
    let client = use_memo((), {
        let dispatch = dispatch.clone();
        move |_| {
            let d1 = dispatch.clone();
            let d2 = dispatch.clone();
            Client::new(
                Callback::from(move |r| d1.dispatch(Action::Response(r))),
                Callback::from(move |p| d2.dispatch(Action::Problem(p))),
            )
        }
    });
    let ctx = Ctx {
        client: (*client).clone(),
        dispatch,
    };

    // Back/forward and hand-edited hashes.
    use_effect_with((), {
        let dispatch = ctx.dispatch.clone();
        move |_| {
            let listener = Closure::<dyn FnMut()>::new(move || {
                dispatch.dispatch(Action::Route(current_route()))
            });
            let window = web_sys::window().expect("window");
            let _ = window
                .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            move || {
                let _ = window.remove_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });

    // F6 jumps between panels.
    use_effect_with((), move |_| {
        let listener =
            Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                jump_between_panels(&e)
            });
        let window = web_sys::window().expect("window");
        let _ =
            window.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        move || {
            let _ = window
                .remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
    });

    use_effect_with(state.theme, |theme| apply_theme(*theme));
    use_effect_with(state.groups.clone(), |groups| store_groups(groups));

    // The report, when its view is shown and it is not there (or was made for other groups).
    {
        let desired = report_groups::options(&state.groups);
        let wanted =
            state.route.view == View::Report && state.report.latest_options() != Some(&desired);
        let (ctx, title) = (ctx.clone(), state.open_name.clone());
        use_effect_with(
            (wanted, state.loaded_job(), desired),
            move |(wanted, job, desired)| {
                if *wanted && job.is_some() {
                    ctx.client.report(desired, &title);
                    ctx.dispatch.dispatch(Action::ReportRequested {
                        options: desired.clone(),
                        at_ms: now_ms(),
                    });
                }
            },
        );
    }

    // The treemap's pages of the dominator tree, as it is shown and drilled into.
    {
        let wanted = if state.route.view == View::Report {
            ui::treemap::wanted_pages(&state)
        } else {
            Vec::new()
        };
        let ctx = ctx.clone();
        let state = (*state).clone();
        use_effect_with((wanted, state.loaded_job()), move |(wanted, job)| {
            if job.is_some() {
                for &o in wanted {
                    ctx.more(&state, TreeId::Dominators, o, 0);
                }
            }
        });
    }

    // The selected object: its retainers as DevTools opens them, and its children.
    use_effect_with(
        (
            state.route.selected,
            state.loaded_job(),
            state.retainer_filter,
        ),
        {
            let client = ctx.client.clone();
            move |(selected, job, filter)| {
                if let (Some(id), Some(_)) = (selected, job) {
                    client.select(*id, *filter);
                }
            }
        },
    );

    // The Containment view's top level (the root's references), the first time it is shown.
    {
        let root = state.containment.root;
        let wanted =
            state.route.view == View::Containment && !state.containment.lists.contains_key(&root);
        let ctx = ctx.clone();
        let state = (*state).clone();
        use_effect_with((wanted, state.loaded_job()), move |(wanted, job)| {
            if *wanted && job.is_some() {
                ctx.more(&state, TreeId::Containment, root, 0);
            }
        });
    }

    // The detached objects, the first time their view is shown.
    {
        let wanted = state.route.view == View::Detached && state.detached.is_none();
        let client = ctx.client.clone();
        use_effect_with((wanted, state.loaded_job()), move |(wanted, job)| {
            if *wanted && job.is_some() {
                client.detached();
            }
        });
    }

    // The dominator tree's top level, the first time its view is shown.
    {
        let shown = state.route.view == View::Dominators;
        let root = state.dominators.root;
        let wanted = shown && !state.dominators.lists.contains_key(&root);
        let ctx = ctx.clone();
        let state = (*state).clone();
        use_effect_with((wanted, state.loaded_job()), move |(wanted, job)| {
            if *wanted && job.is_some() {
                ctx.more(&state, TreeId::Dominators, root, 0);
            }
        });
    }

    // Search results.
    use_effect_with((state.route.query.clone(), state.loaded_job()), {
        let client = ctx.client.clone();
        move |(query, job)| {
            if !query.trim().is_empty() && job.is_some() {
                client.search(query, SEARCH_LIMIT);
            }
        }
    });

    compare_effects::use_compare_effects(&state, &ctx);

    ui::page(&state, &ctx)
}
