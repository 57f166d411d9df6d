//! The control that reads a second snapshot beside the open one ("Compare with a base
//! snapshot…", leak detection's baseline and target): a button around a hidden file input that is
//! also a drop target (a file dropped on it goes to its side, not to the page), and the side's
//! status: progress with Cancel, the failure with what to do, or what is held. The file is posted
//! to the worker; the page never reads it.

use crate::app::compare_state::{CompareAction, SideState};
use crate::app::state::{Action, AppState};
use crate::app::Ctx;
use crate::compare_protocol::{CompareRequest, Side};
use crate::format;
use crate::route::{Route, View};
use web_sys::{Blob, DragEvent, HtmlInputElement};
use yew::prelude::*;

/// Sends `blob` to be read as `side`, and shows `view` (where its result appears).
fn start(ctx: &Ctx, side: Side, blob: &Blob, name: String, view: View) {
    let req = ctx.client.compare(
        |job, req| CompareRequest::LoadSide {
            job,
            req,
            side,
            name: name.clone(),
        },
        Some(blob),
    );
    let total = blob.size() as u64;
    ctx.dispatch
        .dispatch(Action::Compare(CompareAction::SideStarted {
            side,
            req,
            name,
            total,
        }));
    ctx.navigate(&Route {
        view,
        selected: None,
        query: String::new(),
    });
}

/// A button reading a chosen or dropped file as `side`; `view` is shown once it is chosen.
pub fn picker(
    ctx: &Ctx,
    side: Side,
    label: &'static str,
    testid: &'static str,
    view: View,
    primary: bool,
) -> Html {
    let onchange = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                start(&ctx, side, &file, file.name(), view);
            }
            input.set_value(""); // so choosing the same file again reads it again
        })
    };
    let ondragover = Callback::from(|e: DragEvent| {
        e.prevent_default();
        e.stop_propagation();
    });
    let ondrop = {
        let ctx = ctx.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            e.stop_propagation();
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                start(&ctx, side, &file, file.name(), view);
            }
        })
    };
    html! {
        <label class={classes!("button", "drop-target", primary.then_some("primary"))} data-testid={format!("{testid}-drop")}
            title={format!("Choose or drop the {} here", side.title())} {ondragover} {ondrop}>
            { label }
            <input type="file" data-testid={testid} accept=".heapsnapshot,.heaptimeline,.gz,application/json,application/gzip" {onchange} />
        </label>
    }
}

/// The side's status; `held` says what a ready side shows (`None`: nothing).
pub fn status(state: &AppState, ctx: &Ctx, side: Side, held: Option<String>) -> Html {
    let testid = format!("side-{:?}", side).to_lowercase();
    match state.compare.side(side) {
        SideState::Empty => html! {},
        SideState::Loading {
            name,
            label,
            bytes,
            total,
            ..
        } => {
            let percent = format::progress_percent(*bytes, *total);
            let onclick = {
                let ctx = ctx.clone();
                Callback::from(move |_| {
                    ctx.client
                        .compare(|job, _| CompareRequest::CancelSide { job, side }, None);
                    ctx.dispatch
                        .dispatch(Action::Compare(CompareAction::SideCancelled(side)));
                })
            };
            html! {
                <section class="progress" data-testid={format!("{testid}-progress")} aria-live="polite">
                    <div class="progress-head">
                        <span class="file">{ name.clone() }</span>
                        <span class="phase">{ label.clone() }</span>
                        <button class="button" data-testid={format!("{testid}-cancel")} {onclick}>{ "Cancel" }</button>
                    </div>
                    <progress max="100" value={format!("{percent:.1}")}></progress>
                    <div class="progress-figures">
                        { format!("{:.0} % · {} of {} · read as the {}", percent, format::bytes(*bytes), format::bytes(*total), side.title()) }
                    </div>
                </section>
            }
        }
        SideState::Failed(p) => html! {
            <section class="error" role="alert" data-testid={format!("{testid}-error")}>
                <h2>{ p.title.clone() }</h2>
                <p class="message">{ p.message.clone() }</p>
                <p class="advice">{ p.advice.clone() }</p>
                if let Some(detail) = &p.detail {
                    <p class="detail">{ detail.clone() }</p>
                }
            </section>
        },
        SideState::Ready { .. } => match held {
            Some(text) => {
                html! { <p class="muted" data-testid={format!("{testid}-ready")}>{ text }</p> }
            }
            None => html! {},
        },
    }
}

/// Releases what `side` holds, in the worker and on the page.
pub fn release(ctx: &Ctx, side: Side) {
    ctx.client
        .compare(|job, _| CompareRequest::Release { job, side }, None);
    ctx.dispatch
        .dispatch(Action::Compare(CompareAction::SideReleased(side)));
}
