//! The Yew app: owns the state reducer and the worker client, turns DOM events (drop, file picker,
//! sample button, hash changes) into actions and requests, and hands the state to the views in
//! [`crate::ui`]. Side effects derived from the state (fetching the selected object's retainers,
//! running a search) live in effects here, so views stay plain functions of the state.

mod client;
pub mod state;

use crate::route::Route;
use crate::ui;
pub use client::Client;
use state::{Action, AppState, Problem};
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

#[function_component(App)]
fn app() -> Html {
    let state = use_reducer(|| AppState::new(current_route()));
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

    // The selected object's retaining path.
    use_effect_with((state.route.selected, state.loaded_job()), {
        let client = ctx.client.clone();
        move |(selected, job)| {
            if let (Some(id), Some(_)) = (selected, job) {
                client.retainers(*id);
            }
        }
    });

    // Search results.
    use_effect_with((state.route.query.clone(), state.loaded_job()), {
        let client = ctx.client.clone();
        move |(query, job)| {
            if !query.trim().is_empty() && job.is_some() {
                client.search(query, SEARCH_LIMIT);
            }
        }
    });

    ui::page(&state, &ctx)
}
