//! The Detached objects view (Chrome's Detached Elements panel, DevTools' "Objects retained by
//! detached DOM nodes"): detached DOM and native objects by tag or class with count, own and
//! retained size and what keeps them alive; a class opens into its objects, largest first, each a
//! link whose retainers the selection panel shows. Below, the objects outside the detached trees
//! that hold them (from the report's Detached section).

use super::table::{RowKey, VirtualTable};
use crate::app::state::{Action, AppState};
use crate::app::Ctx;
use crate::format;
use crate::route::Route;
use heapscope_core::report::detached::{DetachedSection, OwnerKind};
use std::rc::Rc;
use yew::prelude::*;

const COLUMNS: &str = "minmax(0,1fr) 5.5rem 7rem 7.5rem";
const COLUMNS_NARROW: &str = "minmax(0,1fr) 5rem 7rem";

/// One line of the class table.
#[derive(Clone, Copy, PartialEq)]
enum Line {
    Class(usize),
    Instance(usize, usize),
    More(usize),
}

fn lines(state: &AppState, d: &DetachedSection) -> Vec<Line> {
    let mut out = Vec::new();
    for (i, c) in d.by_class.iter().enumerate() {
        out.push(Line::Class(i));
        if let Some(e) = state.detached_expanded.get(&c.name) {
            out.extend((0..e.rows.len()).map(|k| Line::Instance(i, k)));
            if e.loading || e.rows.len() < e.total {
                out.push(Line::More(i));
            }
        }
    }
    out
}

pub fn detached(state: &AppState, ctx: &Ctx) -> Html {
    let Some(d) = state.detached.clone() else {
        return html! { <section class="detached" data-testid="detached-view"><p class="muted">{ "Finding detached objects…" }</p></section> };
    };
    if d.count == 0 {
        return html! {
            <section class="detached" data-testid="detached-view">
                <p>{ "No detached DOM or native objects: nothing was removed from a document while still referenced." }</p>
            </section>
        };
    }
    let lines = Rc::new(lines(state, &d));
    let header = html! { <>
        <span class="th">{ "Detached class" }</span>
        <span class="th num">{ "Objects" }</span>
        <span class="th num lo">{ "Own size" }</span>
        <span class="th num">{ "Retained" }</span>
    </> };
    let render_row = {
        let (state, ctx, lines, d) = (state.clone(), ctx.clone(), lines.clone(), d.clone());
        Callback::from(move |i: usize| line(&state, &ctx, &d, lines[i]))
    };
    let on_key = {
        let (state, ctx, lines, d) = (state.clone(), ctx.clone(), lines.clone(), d.clone());
        Callback::from(move |(i, key): (usize, RowKey)| match (lines.get(i), key) {
            (Some(Line::Class(c)), RowKey::Activate | RowKey::Expand | RowKey::Collapse) => {
                let name = &d.by_class[*c].name;
                let open = state.detached_expanded.contains_key(name);
                if key == RowKey::Activate || (key == RowKey::Expand) != open {
                    toggle(&ctx, name, open);
                }
            }
            (Some(Line::Instance(c, k)), RowKey::Activate) => {
                if let Some(n) = state
                    .detached_expanded
                    .get(&d.by_class[*c].name)
                    .and_then(|e| e.rows.get(*k))
                {
                    ctx.navigate(&Route {
                        selected: Some(n.id),
                        ..state.route.clone()
                    });
                }
            }
            (Some(Line::More(c)), RowKey::Activate) => more(&state, &ctx, &d.by_class[*c].name),
            _ => {}
        })
    };
    html! {
        <section class="detached" data-testid="detached-view">
            <p class="muted">{ format!("{} detached objects ({} of their own) retain {}. Open a class to see its objects; select one to see what keeps it alive.",
                format::count(d.count), format::bytes(d.shallow_size), format::bytes(d.retained_size)) }</p>
            <VirtualTable testid="detached-table" label="Detached objects by class" columns={COLUMNS}
                columns_narrow={Some(AttrValue::from(COLUMNS_NARROW))} {header} row_count={lines.len()} {render_row} {on_key}
                tree={true} height={360} />
            if !d.owners.is_empty() {
                <h3 class="owners-title">{ "What keeps them alive" }</h3>
                <table class="plain owners" data-testid="detached-owners">
                    <thead><tr><th>{ "Owners" }</th><th class="num">{ "Detached objects" }</th><th class="num">{ "Retained" }</th><th>{ "Largest owner" }</th></tr></thead>
                    <tbody>
                        { for d.owners.iter().map(|o| {
                            let route = Route { selected: Some(o.owner.id), ..state.route.clone() };
                            let (ctx, label) = (ctx.clone(), o.owner.label.clone());
                            html! {
                                <tr>
                                    <td>{ owner_kind(&o.kind) }</td>
                                    <td class="num">{ format::count(o.kind.detached_count) }</td>
                                    <td class="num">{ format::bytes(o.retained_size) }</td>
                                    <td><button class="link" data-testid="detached-owner" data-id={o.owner.id.to_string()}
                                        onclick={Callback::from(move |_| ctx.navigate(&route))}>{ format!("{label} @{}", o.owner.id) }</button></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

fn toggle(ctx: &Ctx, name: &str, open: bool) {
    ctx.dispatch
        .dispatch(Action::ToggleDetached(name.to_string()));
    if !open {
        ctx.client.detached_instances(name, 0);
    }
}

fn more(state: &AppState, ctx: &Ctx, name: &str) {
    if let Some(e) = state.detached_expanded.get(name).filter(|e| !e.loading) {
        ctx.dispatch
            .dispatch(Action::DetachedMore(name.to_string()));
        ctx.client.detached_instances(name, e.rows.len());
    }
}

/// `500 × Widget through el`.
fn owner_kind(k: &OwnerKind) -> String {
    format!(
        "{} × {} through {}",
        format::count(k.owners),
        k.class,
        k.edge
    )
}

fn line(state: &AppState, ctx: &Ctx, d: &DetachedSection, l: Line) -> Html {
    match l {
        Line::Class(i) => {
            let c = &d.by_class[i];
            let open = state.detached_expanded.contains_key(&c.name);
            let onclick = {
                let (ctx, name) = (ctx.clone(), c.name.clone());
                Callback::from(move |_| toggle(&ctx, &name, open))
            };
            let mut held: Vec<String> = c.owners.iter().map(owner_kind).collect();
            if c.held_by_roots > 0 {
                held.push(format!("GC roots ({})", format::count(c.held_by_roots)));
            }
            html! { <>
                <button class="cell name class" data-testid="detached-class" data-name={c.name.clone()} data-count={c.count.to_string()}
                    tabindex="-1" aria-expanded={open.to_string()} {onclick}>
                    <span class="twisty">{ if open { "▾ " } else { "▸ " } }</span>
                    { c.name.clone() }
                    if !held.is_empty() { <span class="muted">{ format!(" · held by {}", held.join("; ")) }</span> }
                </button>
                <span class="cell num">{ format::count(c.count) }</span>
                <span class="cell num lo">{ format::bytes(c.shallow_size) }</span>
                <span class="cell num" data-value={c.retained_size.to_string()}>{ format::bytes(c.retained_size) }</span>
            </> }
        }
        Line::Instance(i, k) => {
            let Some(n) = state
                .detached_expanded
                .get(&d.by_class[i].name)
                .and_then(|e| e.rows.get(k))
            else {
                return html! {};
            };
            html! { <>
                <span class="cell name instance" data-testid="detached-instance" data-id={n.id.to_string()}>{ super::object_link(state, ctx, n) }</span>
                <span class="cell num"></span>
                <span class="cell num lo">{ format::bytes(n.self_size) }</span>
                <span class="cell num">{ format::bytes(n.retained_size) }</span>
            </> }
        }
        Line::More(i) => {
            let name = &d.by_class[i].name;
            let e = state.detached_expanded.get(name);
            let (loaded, all, loading) =
                e.map_or((0, 0, false), |e| (e.rows.len(), e.total, e.loading));
            let onclick = {
                let (state, ctx, name) = (state.clone(), ctx.clone(), name.clone());
                Callback::from(move |_| more(&state, &ctx, &name))
            };
            html! {
                <span class="cell name instance more">
                    if loading { { "Loading…" } } else {
                        <button class="link" tabindex="-1" {onclick}>{ format!("Show more ({} of {})", format::count(loaded as u64), format::count(all as u64)) }</button>
                    }
                </span>
            }
        }
    }
}
