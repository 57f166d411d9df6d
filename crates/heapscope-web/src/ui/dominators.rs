//! The Containment view (DevTools': the root's references, level by level) and the Dominator tree
//! view (Eclipse MAT's): from the root, each object's children are the objects it
//! alone keeps alive, largest retained size first, so "Context → Map → array" reads as one nested
//! line of reasoning. Pages of children are asked for as rows open.

use super::tree;
use crate::app::state::AppState;
use crate::app::Ctx;
use crate::format;
use yew::prelude::*;

pub fn dominators(state: &AppState, ctx: &Ctx) -> Html {
    let total = state.data.as_ref().map_or(0, |d| d.overview.total_size);
    html! {
        <section class="dominators" data-testid="dominators">
            <p class="muted">{ format!("Everything below an object is freed with it. The root holds all {}; open a row to see what it alone keeps alive.", format::bytes(total)) }</p>
            { tree::dominators(state, ctx, &state.dominators, 520) }
        </section>
    }
}

pub fn containment(state: &AppState, ctx: &Ctx) -> Html {
    html! {
        <section class="containment" data-testid="containment-view">
            <p class="muted">{ "What the root holds: GC roots and the user's globals, each opening into what it references, largest retained size first." }</p>
            { tree::containment(state, ctx, &state.containment, 520) }
        </section>
    }
}
