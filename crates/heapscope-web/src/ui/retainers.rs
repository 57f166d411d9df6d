//! The Retainers panel: the selected object and the chain of references that keeps it alive, from
//! its retainer up to a GC root. Each retainer is a link that selects it in turn.

use crate::app::state::AppState;
use crate::app::Ctx;
use crate::format;
use yew::prelude::*;

pub fn retainers(state: &AppState, ctx: &Ctx) -> Html {
    let Some(id) = state.route.selected else {
        return html! { <section class="retainers empty"><p class="muted">{ "Select an object to see its retainers." }</p></section> };
    };
    let Some(sel) = state.selection.as_ref().filter(|s| s.id == id) else {
        return html! { <section class="retainers" data-testid="retainers"><p class="muted">{ "Loading retainers…" }</p></section> };
    };
    let Some(node) = &sel.node else {
        return html! { <section class="retainers" data-testid="retainers"><p>{ format!("No object with id @{id} in this snapshot.") }</p></section> };
    };
    html! {
        <section class="retainers" data-testid="retainers" data-id={id.to_string()}>
            <h2>{ "Retainers" }</h2>
            <p class="selected">
                <span class="name" data-testid="selected-name">{ super::display_name(node) }</span>
                <span class="id">{ format!(" @{}", node.id) }</span>
                <span class="muted">{ format!(" · {} · shallow {} · retained {} · distance {}", node.node_type,
                    format::bytes(node.self_size), format::bytes(node.retained_size), format::distance(node.distance)) }</span>
            </p>
            if sel.path.is_empty() {
                <p class="muted">{ "This is a root: nothing retains it." }</p>
            } else {
                <ol class="chain" data-testid="retainer-chain" data-length={sel.path.len().to_string()}>
                    { for sel.path.iter().map(|link| html! {
                        <li data-testid="retainer-link">
                            <span class="edge">{ edge_label(&link.edge_type, &link.edge_name) }</span>
                            <span class="muted">{ " in " }</span>
                            { super::object_link(state, ctx, &link.retainer) }
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}

/// DevTools writes element edges as `[3]` and others by name; internal ones are dimmed by CSS.
fn edge_label(edge_type: &str, name: &str) -> Html {
    html! {
        <span class={format!("edge-{}", edge_type.replace(' ', "-"))} title={format!("{edge_type} edge")}>
            { name.to_string() }
        </span>
    }
}
