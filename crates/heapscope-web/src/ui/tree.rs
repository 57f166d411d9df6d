//! The three trees drawn with the virtual table: Retainers (who holds an object, DevTools' order),
//! Containment (what it holds, largest first) and the dominator tree. Lines come from
//! [`crate::tree_model`]; this module draws one line and turns clicks and keys into expand,
//! collapse, "show more" and select.

use super::table::{RowKey, VirtualTable};
use crate::app::state::{AppState, TreeId};
use crate::app::Ctx;
use crate::format;
use crate::route::Route;
use crate::tree_model::{Line, Tree, TreeRow};
use heapscope_core::{EdgeRow, NodeRow};
use std::rc::Rc;
use yew::prelude::*;

const COLUMNS: &str = "minmax(0,1fr) 5rem 5.5rem 6.5rem";
const COLUMNS_NARROW: &str = "minmax(0,1fr) 6.5rem";
/// Indentation per level, in pixels.
const INDENT: usize = 12;

/// How the rows of a tree read.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Retainers,
    /// The Containment of the selected object, or of the root in the Containment view.
    Children(TreeId),
    Dominators,
}

impl Kind {
    fn tree(self) -> TreeId {
        match self {
            Kind::Retainers => TreeId::Retainers,
            Kind::Children(id) => id,
            Kind::Dominators => TreeId::Dominators,
        }
    }
}

/// The Retainers tree of the selected object.
pub fn retainers(state: &AppState, ctx: &Ctx, tree: &Rc<Tree<EdgeRow>>, height: u32) -> Html {
    draw(state, ctx, Kind::Retainers, tree, "retainers-tree", height)
}

/// The Containment tree of the selected object.
pub fn children(state: &AppState, ctx: &Ctx, tree: &Rc<Tree<EdgeRow>>, height: u32) -> Html {
    draw(
        state,
        ctx,
        Kind::Children(TreeId::Children),
        tree,
        "children-tree",
        height,
    )
}

/// The Containment view: the references of the snapshot's root, level by level.
pub fn containment(state: &AppState, ctx: &Ctx, tree: &Rc<Tree<EdgeRow>>, height: u32) -> Html {
    draw(
        state,
        ctx,
        Kind::Children(TreeId::Containment),
        tree,
        "containment-tree",
        height,
    )
}

/// The dominator tree from the root.
pub fn dominators(
    state: &AppState,
    ctx: &Ctx,
    tree: &Rc<Tree<heapscope_core::DominatedRow>>,
    height: u32,
) -> Html {
    draw(state, ctx, Kind::Dominators, tree, "dominator-tree", height)
}

fn draw<R: TreeRow + Edge + 'static>(
    state: &AppState,
    ctx: &Ctx,
    kind: Kind,
    tree: &Rc<Tree<R>>,
    testid: &'static str,
    height: u32,
) -> Html {
    let lines = Rc::new(tree.lines());
    let tree = tree.clone();
    let header = html! { <>
        <span class="th">{ match kind { Kind::Retainers => "Retainer", Kind::Children(_) => "Reference", Kind::Dominators => "Object" } }</span>
        <span class="th num lo">{ "Distance" }</span>
        <span class="th num lo">{ "Shallow" }</span>
        <span class="th num">{ "Retained" }</span>
    </> };
    let render_row = {
        let (state, ctx, lines, tree) = (state.clone(), ctx.clone(), lines.clone(), tree.clone());
        Callback::from(move |i: usize| line(&state, &ctx, kind, &tree, &lines[i]))
    };
    let on_key = {
        let (state, ctx, lines, tree) = (state.clone(), ctx.clone(), lines.clone(), tree.clone());
        Callback::from(move |(i, key): (usize, RowKey)| {
            let Some(l) = lines.get(i) else { return };
            match (l, key) {
                (Line::More { parent, loaded, .. }, RowKey::Activate) => {
                    ctx.more(&state, kind.tree(), *parent, *loaded)
                }
                (
                    Line::Row {
                        parent,
                        index,
                        path,
                        expanded,
                        expandable,
                        ..
                    },
                    key,
                ) => {
                    let Some(row) = tree.row(*parent, *index) else {
                        return;
                    };
                    match key {
                        RowKey::Activate => select(&state, &ctx, row.node()),
                        RowKey::Expand if *expandable && !*expanded => {
                            ctx.expand(&state, kind.tree(), path.clone(), row.ordinal())
                        }
                        RowKey::Collapse if *expanded => ctx.collapse(kind.tree(), path.clone()),
                        _ => {}
                    }
                }
                _ => {}
            }
        })
    };
    let label = match kind {
        Kind::Retainers => "Retainers of the selected object",
        Kind::Children(TreeId::Containment) => "References from the root",
        Kind::Children(_) => "References the selected object holds",
        Kind::Dominators => "Dominator tree",
    };
    html! {
        <VirtualTable {testid} columns={COLUMNS} columns_narrow={Some(AttrValue::from(COLUMNS_NARROW))} {header}
            row_count={lines.len()} {render_row} {on_key} {height} tree={true} label={label}
            scroll_key={tree.root.to_string()} />
    }
}

/// Selects an object: in the Object view the view stays, elsewhere the selection panel shows it.
fn select(state: &AppState, ctx: &Ctx, node: &NodeRow) {
    ctx.navigate(&Route {
        selected: Some(node.id),
        ..state.route.clone()
    });
}

/// What a row says about its edge (nothing for dominator rows).
trait Edge {
    fn edge(&self) -> Option<&EdgeRow>;
}

impl Edge for EdgeRow {
    fn edge(&self) -> Option<&EdgeRow> {
        Some(self)
    }
}

impl Edge for heapscope_core::DominatedRow {
    fn edge(&self) -> Option<&EdgeRow> {
        None
    }
}

fn line<R: TreeRow + Edge>(
    state: &AppState,
    ctx: &Ctx,
    kind: Kind,
    tree: &Tree<R>,
    l: &Line,
) -> Html {
    let pad = format!("padding-left:{}px", 4 + l.depth() * INDENT);
    match l {
        Line::Row {
            parent,
            index,
            path,
            expanded,
            expandable,
            depth,
        } => {
            let Some(row) = tree.row(*parent, *index) else {
                return html! {};
            };
            let node = row.node();
            let toggle = {
                let (state, ctx, path) = (state.clone(), ctx.clone(), path.clone());
                let (expanded, ordinal) = (*expanded, row.ordinal());
                Callback::from(move |e: MouseEvent| {
                    e.stop_propagation();
                    if expanded {
                        ctx.collapse(kind.tree(), path.clone());
                    } else {
                        ctx.expand(&state, kind.tree(), path.clone(), ordinal);
                    }
                })
            };
            let twisty = if *expandable {
                html! { <button class="twisty" tabindex="-1" aria-label={if *expanded { "Collapse" } else { "Expand" }}
                onclick={toggle}>{ if *expanded { "▾" } else { "▸" } }</button> }
            } else {
                html! { <span class="twisty leaf"></span> }
            };
            let retained = node.retained_size.to_string();
            let depth = depth.to_string();
            let cell = match (kind, row.edge()) {
                (Kind::Retainers, Some(e)) => html! {
                    <span class="cell name tree-cell" style={pad} data-testid="retainer" data-edge={e.edge_name.clone()}
                        data-edge-type={e.edge_type.clone()} data-owner-id={node.id.to_string()} data-retained={retained}
                        data-depth={depth} data-expanded={expanded.to_string()}>
                        { twisty }{ edge_label(e) }<span class="sep">{ " in " }</span>{ super::object_link(state, ctx, node) }{ code(e) }{ flags(e) }
                    </span>
                },
                (_, Some(e)) => html! {
                    <span class="cell name tree-cell" style={pad} data-testid="child" data-edge={e.edge_name.clone()}
                        data-edge-type={e.edge_type.clone()} data-id={node.id.to_string()} data-retained={retained}
                        data-depth={depth} data-expanded={expanded.to_string()}>
                        { twisty }{ edge_label(e) }<span class="sep">{ " :: " }</span>{ super::object_link(state, ctx, node) }{ code(e) }{ flags(e) }
                    </span>
                },
                (_, None) => html! {
                    <span class="cell name tree-cell" style={pad} data-testid="dominated" data-id={node.id.to_string()}
                        data-retained={retained} data-depth={depth} data-expanded={expanded.to_string()}>
                        { twisty }{ super::object_link(state, ctx, node) }
                    </span>
                },
            };
            html! { <>
                { cell }
                <span class="cell num lo">{ format::distance(node.distance) }</span>
                <span class="cell num lo">{ format::bytes(node.self_size) }</span>
                <span class="cell num">{ format::bytes(node.retained_size) }</span>
            </> }
        }
        Line::More {
            parent,
            loaded,
            total,
            loading,
            ..
        } => {
            if *loading {
                return html! { <span class="cell more" style={pad}>{ "Loading…" }</span> };
            }
            let onclick = {
                let (state, ctx, parent, loaded) = (state.clone(), ctx.clone(), *parent, *loaded);
                Callback::from(move |_| ctx.more(&state, kind.tree(), parent, loaded))
            };
            let what = match kind {
                Kind::Retainers => "retainers",
                Kind::Children(_) => "references",
                Kind::Dominators => "objects",
            };
            html! {
                <span class="cell more" style={pad} data-testid="tree-more">
                    { format!("{} {what}: {} shown ", format::count(*total as u64), format::count(*loaded as u64)) }
                    <button class="link" tabindex="-1" data-testid="show-more" {onclick}>{ "show more" }</button>
                </span>
            }
        }
        Line::Empty { filtered, .. } => html! {
            <span class="cell more muted" style={pad}>
                { match (kind, *filtered) {
                    (Kind::Retainers, 0) => "No retainers".to_string(),
                    (Kind::Retainers, n) => format!("No retainers shown ({} left out by the filter)", format::count(n as u64)),
                    _ => "Nothing".to_string(),
                } }
            </span>
        },
    }
}

/// An edge as DevTools writes it: `[3]` for elements, the name for the rest, `(empty)` for none.
fn edge_label(e: &EdgeRow) -> Html {
    let name = match (e.edge_type.as_str(), e.edge_name.is_empty()) {
        ("element", _) => format!("[{}]", e.edge_name),
        (_, true) => "(empty)".to_string(),
        _ => e.edge_name.clone(),
    };
    html! {
        <span class={classes!("edge", format!("edge-{}", e.edge_type.replace(' ', "-")))} title={format!("{} edge", e.edge_type)}>
            { name }
        </span>
    }
}

/// Where a closure's or Context's code is (`app-server.js:58`, `top-level scope of app.js`).
fn code(e: &EdgeRow) -> Html {
    match &e.code {
        Some(c) => html! { <span class="code" data-testid="code">{ c.clone() }</span> },
        None => html! {},
    }
}

/// Marks weak and internal edges.
fn flags(e: &EdgeRow) -> Html {
    html! { <>
        if e.weak { <span class="tag weak" title="A weak reference: it does not keep the object alive">{ "weak" }</span> }
        if e.internal { <span class="tag internal" title="An internal reference kept by V8 itself">{ "internal" }</span> }
    </> }
}
