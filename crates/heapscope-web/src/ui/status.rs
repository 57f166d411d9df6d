//! The loader's status line: the welcome prompt (saying so when a link points into a snapshot that
//! is not open), progress with Cancel, the error with advice (beside the analysis still open, if
//! one is), or the loaded file's name with a notice of what the parser had to correct (header
//! counts).

use crate::app::state::{AppState, LoadState};
use crate::app::Ctx;
use crate::format;
use crate::route::View;
use yew::prelude::*;

pub fn status(state: &AppState, ctx: &Ctx) -> Html {
    match &state.load {
        LoadState::Idle => html! {
            <>
                if state.route.is_deep() {
                    { deep_link(state, ctx) }
                }
                <section class="welcome" data-testid="welcome">
                    <h2>{ "Drop a V8 heap snapshot here" }</h2>
                    <p>{ "A .heapsnapshot from Chrome DevTools (Memory → Take snapshot → Save) or Node's \
                          v8.writeHeapSnapshot(), optionally gzip-compressed. It is read in pieces and analysed \
                          in a background worker on your machine; nothing leaves this tab." }</p>
                </section>
            </>
        },
        LoadState::Loading {
            name,
            phase,
            bytes,
            total,
        } => {
            let percent = format::progress_percent(*bytes, *total);
            let reading = *bytes < *total;
            let onclick = {
                let ctx = ctx.clone();
                Callback::from(move |_| ctx.cancel())
            };
            html! {
                <section class="progress" data-testid="progress" aria-live="polite">
                    <div class="progress-head">
                        <span class="file">{ name.clone() }</span>
                        <span class="phase" data-testid="phase">{ phase.label() }</span>
                        <button class="button" data-testid="cancel" {onclick}>{ "Cancel" }</button>
                    </div>
                    <progress max="100" value={format!("{percent:.1}")} class={if reading { "" } else { "analysing" }}></progress>
                    <div class="progress-figures">
                        { format!("{:.0} % · {} of {}", percent, format::bytes(*bytes), format::bytes(*total)) }
                        if !reading { { " · analysing" } }
                        if state.data.is_some() { { format!(" · {} stays open until this file has been read", state.open_name) } }
                    </div>
                </section>
            }
        }
        LoadState::Failed(p) => html! {
            <section class="error" role="alert" data-testid="error">
                <h2>{ p.title.clone() }</h2>
                <p class="message" data-testid="error-message">{ p.message.clone() }</p>
                <p class="advice">{ p.advice.clone() }</p>
                if let Some(detail) = &p.detail {
                    <p class="detail" data-testid="error-detail">{ detail.clone() }</p>
                }
            </section>
        },
        LoadState::Ready { name } => {
            let warnings = state.data.as_ref().map_or(&[][..], |d| &d.warnings[..]);
            html! {
                <>
                    <div class="loaded" data-testid="loaded-file">{ name.clone() }</div>
                    if !warnings.is_empty() {
                        <section class="notice" role="status" data-testid="notice">
                            <h2>{ "Opened with a correction" }</h2>
                            { for warnings.iter().map(|w| html! { <p>{ w.clone() }</p> }) }
                        </section>
                    }
                </>
            }
        }
    }
}

/// A link into a snapshot (`#largest/@7965`) opened with no snapshot loaded: nothing is kept between
/// visits, so say so and offer to open the file again; the view comes back once it is analysed.
fn deep_link(state: &AppState, ctx: &Ctx) -> Html {
    let route = &state.route;
    let what = match (route.view, route.selected) {
        (View::Object, Some(id)) | (_, Some(id)) => {
            format!("object @{id} in {}", route.view.title())
        }
        (View::Search, None) => format!("a search for \u{201c}{}\u{201d}", route.query),
        (v, None) => format!("the {} view", v.title()),
    };
    html! {
        <section class="notice" role="status" data-testid="deep-link">
            <h2>{ "This link needs its snapshot" }</h2>
            <p>{ format!("It points at {what}, but no snapshot is open: Heapscope keeps nothing between visits \
                          (the snapshot is never stored or uploaded, by design). Open the same file again and this \
                          view comes back.") }</p>
            { super::open_button(ctx, "reopen-input") }
        </section>
    }
}
