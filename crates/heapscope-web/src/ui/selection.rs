//! The selection panel: the selected object, and side by side its Retainers tree (who keeps it
//! alive, in DevTools' order, with the path DevTools opens already open) and its Containment tree
//! (what it holds, largest first). The object's `@id` and class link to its class in the Summary.

use super::tree;
use crate::app::state::{Action, AppState, Explorer, TreeId};
use crate::app::Ctx;
use crate::format;
use crate::route::{Route, View};
use heapscope_core::{NodeRow, RetainerFilter};
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub fn panel(state: &AppState, ctx: &Ctx) -> Html {
    let full = state.route.view == View::Object;
    let Some(id) = state.route.selected else {
        let hint = if full {
            "Give an object as #object/@ID, or select one in any list."
        } else {
            "Select an object to see what retains it and what it holds."
        };
        return html! { <section class="selection empty"><p class="muted">{ hint }</p></section> };
    };
    let Some(sel) = state
        .selection
        .as_ref()
        .filter(|s| s.id == id && s.answered)
    else {
        return html! { <section class="selection" data-testid="selection"><p class="muted">{ "Loading retainers…" }</p></section> };
    };
    let Some(node) = &sel.node else {
        return html! {
            <section class="selection" data-testid="selection" data-missing="">
                <p>{ format!("No object with id @{id} in this snapshot.") }</p>
            </section>
        };
    };
    let height = if full { 560 } else { 390 };
    html! {
        <section class={classes!("selection", full.then_some("full"))} data-testid="selection" data-id={id.to_string()}>
            { head(state, ctx, sel, node, full) }
            <div class="panes">
                <section class="pane" data-testid="retainers" data-id={id.to_string()} aria-label="Retainers">
                    <div class="pane-head">
                        <h3>{ "Retainers" }</h3>
                        <span class="muted" data-testid="retainer-count">{ count_line(sel, true) }</span>
                        { more_button(state, ctx, sel, TreeId::Retainers, "retainers-more") }
                        { filter_toggles(ctx, sel.filter) }
                    </div>
                    { tree::retainers(state, ctx, &sel.retainers, height) }
                </section>
                <section class="pane" data-testid="containment" data-id={id.to_string()} aria-label="Containment">
                    <div class="pane-head">
                        <h3>{ "Containment" }</h3>
                        <span class="muted" data-testid="child-count">{ count_line(sel, false) }</span>
                        { more_button(state, ctx, sel, TreeId::Children, "children-more") }
                    </div>
                    { tree::children(state, ctx, &sel.children, height) }
                </section>
            </div>
        </section>
    }
}

fn head(state: &AppState, ctx: &Ctx, sel: &Explorer, node: &NodeRow, full: bool) -> Html {
    let class = sel
        .class_index
        .and_then(|c| state.all_classes.iter().find(|k| k.index == c))
        .cloned();
    let to_summary = |label: Html, testid: &'static str| match &class {
        Some(c) => {
            let (ctx, index, id) = (ctx.clone(), c.index, node.id);
            let loaded = state.expanded.contains_key(&index) && state.summary_filter.is_none();
            let onclick = Callback::from(move |_| {
                if !loaded {
                    ctx.client.instances(index, 0, None);
                }
                ctx.dispatch.dispatch(Action::RevealClass(index));
                ctx.navigate(&Route {
                    view: View::Summary,
                    selected: Some(id),
                    query: String::new(),
                });
            });
            html! { <button class="link" data-testid={testid} title="Show its class in the Summary" {onclick}>{ label }</button> }
        }
        None => label,
    };
    let open = {
        let (ctx, id) = (ctx.clone(), node.id);
        Callback::from(move |_| {
            ctx.navigate(&Route {
                view: View::Object,
                selected: Some(id),
                query: String::new(),
            })
        })
    };
    html! {
        <div class="selection-head">
            <h2>
                <span class="name" data-testid="selected-name">{ super::display_name(node) }</span>
                if let Some(code) = &sel.code {
                    <span class="code muted" data-testid="selected-code">{ format!(" {code}") }</span>
                }
                { to_summary(html! { <span class="id">{ format!(" @{}", node.id) }</span> }, "selected-id") }
            </h2>
            <p class="muted">
                { node.node_type.clone() }
                if let Some(c) = &class {
                    { " · class " }{ to_summary(html! { { c.name.clone() } }, "selected-class") }
                }
                { format!(" · shallow {} · retained {} · distance {}", format::bytes(node.self_size),
                    format::bytes(node.retained_size), format::distance(node.distance)) }
            </p>
            if !full {
                <button class="button small" data-testid="open-object" onclick={open}>{ "Open on its own" }</button>
            }
        </div>
    }
}

/// "show more" for the top level of a tree, beside its count (the one at the end of the list may be
/// far below).
fn more_button(
    state: &AppState,
    ctx: &Ctx,
    sel: &Explorer,
    id: TreeId,
    testid: &'static str,
) -> Html {
    let tree = if id == TreeId::Retainers {
        &sel.retainers
    } else {
        &sel.children
    };
    let Some(list) = tree.lists.get(&tree.root) else {
        return html! {};
    };
    if list.rows.len() >= list.total {
        return html! {};
    }
    if list.loading {
        return html! { <span class="muted">{ "loading…" }</span> };
    }
    let (state, ctx, root, loaded) = (state.clone(), ctx.clone(), tree.root, list.rows.len());
    let onclick = Callback::from(move |_| ctx.more(&state, id, root, loaded));
    html! { <button class="link" data-testid={testid} {onclick}>{ "show more" }</button> }
}

/// "4,216 retainers: 50 shown", with what the filter leaves out.
fn count_line(sel: &Explorer, retainers: bool) -> String {
    let tree = if retainers {
        &sel.retainers
    } else {
        &sel.children
    };
    let Some(list) = tree.lists.get(&tree.root) else {
        return String::new();
    };
    let (one, many) = if retainers {
        ("retainer", "retainers")
    } else {
        ("reference", "references")
    };
    let mut s = format!(
        "{} {}",
        format::count(list.total as u64),
        if list.total == 1 { one } else { many }
    );
    if list.rows.len() < list.total {
        s.push_str(&format!(
            ": {} shown",
            format::count(list.rows.len() as u64)
        ));
    }
    if list.filtered > 0 {
        s.push_str(&format!(
            " ({} left out by the filter)",
            format::count(list.filtered as u64)
        ));
    }
    s
}

fn filter_toggles(ctx: &Ctx, filter: RetainerFilter) -> Html {
    let toggle = |label: &'static str,
                  testid: &'static str,
                  checked: bool,
                  f: fn(RetainerFilter, bool) -> RetainerFilter,
                  title: &'static str| {
        let d = ctx.dispatch.clone();
        let onchange = Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::SetRetainerFilter(f(filter, input.checked())));
        });
        html! {
            <label class="toggle" {title}>
                <input type="checkbox" data-testid={testid} {checked} {onchange} />{ label }
            </label>
        }
    };
    html! {
        <span class="toggles">
            { toggle("weak", "show-weak", filter.weak, |f, on| RetainerFilter { weak: on, ..f },
                "Also list weak references (DevTools leaves them out: they keep nothing alive)") }
            { toggle("internal", "show-internal", !filter.hide_internal, |f, on| RetainerFilter { hide_internal: !on, ..f },
                "List V8's internal references (a context's previous context, maps, code)") }
        </span>
    }
}
