//! The treemap of the dominator tree in the Report view: the objects the focus (the root at
//! first) alone keeps alive, each a rectangle whose area is its retained size, and inside the
//! larger ones their own children, so two levels show at once. Clicking a rectangle with children
//! drills into it (a breadcrumb leads back up); every rectangle is a link to its object
//! (`#object/@ID`: a leaf's click follows it, the focus has its own link); hovering shows the
//! name and sizes. The children come page by page from the dominator-tree cache the Dominator
//! tree view also uses; the squarified layout is [`crate::treemap_layout`].

use crate::app::state::{Action, AppState};
use crate::app::Ctx;
use crate::format;
use crate::treemap_layout::{squarify, Rect};
use heapscope_core::{DominatedRow, NodeRow};
use yew::prelude::*;

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 440.0;
/// Children of the focus whose own children are drawn inside them (and asked for).
pub const NESTED: usize = 16;
/// Height of the label band of a rectangle drawn with its children inside.
const LABEL_BAND: f64 = 16.0;
/// Colours (stylesheet classes `tm-c0` …) the top-level rectangles take in turn.
const COLOURS: usize = 8;

/// The ordinal the treemap shows the children of.
pub fn focus(state: &AppState) -> u32 {
    state
        .treemap
        .last()
        .map_or(state.dominators.root, |n| n.ordinal)
}

/// The dominator-tree lists the treemap needs and nobody asked for yet: the focus's children,
/// then those of its largest children.
pub fn wanted_pages(state: &AppState) -> Vec<u32> {
    let tree = &state.dominators;
    let focus = focus(state);
    let Some(list) = tree.lists.get(&focus) else {
        return vec![focus];
    };
    list.rows
        .iter()
        .take(NESTED)
        .filter(|r| r.dominated > 0 && !tree.lists.contains_key(&r.node.ordinal))
        .map(|r| r.node.ordinal)
        .collect()
}

/// A rectangle to draw.
struct Cell<'a> {
    rect: Rect,
    row: Option<&'a DominatedRow>,
    /// The path to drill into when it is clicked (below the current focus).
    path: Vec<NodeRow>,
    depth: u8,
    colour: usize,
    /// `N more objects` for the rest of a list.
    rest: Option<(u64, usize)>,
}

/// The children of `ordinal` and what the listed ones leave of `retained` (its own size and the
/// children not loaded), as values to lay out.
fn values(rows: &[DominatedRow], retained: u64) -> (Vec<f64>, u64) {
    let listed: u64 = rows.iter().map(|r| r.node.retained_size).sum();
    let rest = retained.saturating_sub(listed);
    let mut v: Vec<f64> = rows.iter().map(|r| r.node.retained_size as f64).collect();
    v.push(rest as f64);
    (v, rest)
}

fn layout<'a>(state: &'a AppState, focus_retained: u64) -> Vec<Cell<'a>> {
    let tree = &state.dominators;
    let Some(list) = tree.lists.get(&focus(state)) else {
        return Vec::new();
    };
    let (vals, rest) = values(&list.rows, focus_retained);
    let rects = squarify(&vals, Rect::new(0.0, 0.0, WIDTH, HEIGHT));
    let mut cells = Vec::new();
    for (i, r) in list.rows.iter().enumerate() {
        let rect = rects[i];
        let colour = i % COLOURS;
        cells.push(Cell {
            rect,
            row: Some(r),
            path: vec![r.node.clone()],
            depth: 1,
            colour,
            rest: None,
        });
        let inner = tree.lists.get(&r.node.ordinal).filter(|_| i < NESTED);
        if let (Some(inner), Some(body)) = (inner, rect.body(LABEL_BAND, 3.0, 12.0)) {
            let (vals, inner_rest) = values(&inner.rows, r.node.retained_size);
            let sub = squarify(&vals, body);
            for (k, c) in inner.rows.iter().enumerate() {
                cells.push(Cell {
                    rect: sub[k],
                    row: Some(c),
                    path: vec![r.node.clone(), c.node.clone()],
                    depth: 2,
                    colour,
                    rest: None,
                });
            }
            let more = inner.total.saturating_sub(inner.rows.len());
            if inner_rest > 0 {
                cells.push(Cell {
                    rect: sub[inner.rows.len()],
                    row: None,
                    path: vec![],
                    depth: 2,
                    colour,
                    rest: Some((inner_rest, more)),
                });
            }
        }
    }
    if rest > 0 {
        cells.push(Cell {
            rect: rects[list.rows.len()],
            row: None,
            path: vec![],
            depth: 1,
            colour: 0,
            rest: Some((rest, list.total.saturating_sub(list.rows.len()))),
        });
    }
    cells
}

/// Characters that fit in `w` units of the 11-unit label font.
fn fits(w: f64) -> usize {
    ((w - 6.0) / 6.2).max(0.0) as usize
}

fn label(n: &NodeRow) -> String {
    super::display_name(n)
}

pub fn treemap(state: &AppState, ctx: &Ctx) -> Html {
    let total = state.data.as_ref().map_or(0, |d| d.overview.total_size);
    let focus_row = state.treemap.last();
    let focus_retained = focus_row.map_or(total, |n| n.retained_size);
    let loaded = state
        .dominators
        .lists
        .get(&focus(state))
        .is_some_and(|l| l.loaded);
    let cells = layout(state, focus_retained);
    let crumbs = {
        let mut items = vec![html! {
            <button class="link crumb" data-testid="treemap-up" data-depth="0"
                onclick={let d = ctx.dispatch.clone(); Callback::from(move |_| d.dispatch(Action::TreemapFocus(vec![])))}>
                { format!("All ({})", format::bytes(total)) }
            </button>
        }];
        for (i, n) in state.treemap.iter().enumerate() {
            let path = state.treemap[..=i].to_vec();
            let d = ctx.dispatch.clone();
            items.push(html! { <>
                <span class="sep">{ " › " }</span>
                <button class="link crumb" data-testid="treemap-up" data-depth={(i + 1).to_string()}
                    onclick={Callback::from(move |_| d.dispatch(Action::TreemapFocus(path.clone())))}>
                    { format!("{} ({})", label(n), format::bytes(n.retained_size)) }
                </button>
            </> });
        }
        items
    };
    html! {
        <figure class="treemap" data-testid="treemap" data-focus={focus_row.map_or(String::new(), |n| n.id.to_string())}
            data-depth={state.treemap.len().to_string()}>
            <nav class="crumbs" aria-label="Treemap focus">
                { for crumbs }
                if let Some(n) = focus_row {
                    <a class="focus-link" href={format!("#object/@{}", n.id)} data-testid="treemap-focus-link">{ "what retains it →" }</a>
                }
            </nav>
            if !loaded {
                <p class="muted">{ "Loading the dominator tree…" }</p>
            } else if cells.is_empty() {
                <p class="muted" data-testid="treemap-empty">{ "It keeps nothing else alive: its size is its own." }</p>
            } else {
                <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} width="100%" role="img"
                    aria-label="Treemap of the dominator tree: each object's area is its retained size">
                    { for cells.iter().map(|c| cell(state, ctx, c, total)) }
                </svg>
            }
            <figcaption class="muted small">{ "Each rectangle is an object, its area what it alone keeps alive; the ones inside it are what it holds. Click one to open it, a leaf to see what retains it." }</figcaption>
        </figure>
    }
}

fn cell(state: &AppState, ctx: &Ctx, c: &Cell, total: u64) -> Html {
    let Rect { x, y, w, h } = c.rect;
    if w < 0.5 || h < 0.5 {
        return html! {};
    }
    let class = classes!(
        "tm-rect",
        format!("tm-c{}", c.colour),
        (c.depth == 2).then_some("tm-nested"),
        c.rest.is_some().then_some("tm-rest")
    );
    let rect = html! {
        <rect x={format!("{x:.2}")} y={format!("{y:.2}")} width={format!("{w:.2}")} height={format!("{h:.2}")} class={class} />
    };
    let Some(row) = c.row else {
        let (size, more) = c.rest.unwrap_or_default();
        let text = if more > 0 {
            format!(
                "{} more objects and its own size: {}",
                format::count(more as u64),
                format::bytes(size)
            )
        } else {
            format!("its own size and small objects: {}", format::bytes(size))
        };
        let label = (more > 0 && h >= 14.0 && fits(w) >= 12).then(|| html! {
            <text x={format!("{:.2}", x + 4.0)} y={format!("{:.2}", y + 12.0)} class={classes!("tm-label", "tm-rest-label", (c.depth == 1).then_some("top"))}>
                { super::chart::cut(&format!("{} more objects", format::count(more as u64)), fits(w)) }
            </text>
        });
        return html! { <g data-testid="treemap-rest"><title>{ text }</title>{ rect }{ label.unwrap_or_default() }</g> };
    };
    let n = &row.node;
    let name = label(n);
    let title = format!(
        "{name} @{}\nretained {} ({} of the heap), own size {}{}",
        n.id,
        format::bytes(n.retained_size),
        format::percent(n.retained_size, total),
        format::bytes(n.self_size),
        if row.dominated > 0 {
            format!(
                "\nkeeps {} objects alive on its own; click to open",
                format::count(row.dominated as u64)
            )
        } else {
            String::new()
        }
    );
    let drill = row.dominated > 0;
    let onclick = {
        let (d, mut path) = (ctx.dispatch.clone(), state.treemap.clone());
        path.extend(c.path.iter().cloned());
        Callback::from(move |e: MouseEvent| {
            if drill && !(e.ctrl_key() || e.meta_key() || e.shift_key()) {
                e.prevent_default();
                d.dispatch(Action::TreemapFocus(path.clone()));
            }
        })
    };
    // A label when there is room: the name on top, the size below it on larger rectangles.
    let chars = fits(w);
    let nested_parent = c.depth == 1
        && c.rect.body(LABEL_BAND, 3.0, 12.0).is_some()
        && state.dominators.lists.contains_key(&n.ordinal);
    let text = (h >= 14.0 && chars >= 3).then(|| {
        let line = super::chart::cut(&name, chars);
        let size = (!nested_parent && h >= 30.0 && chars >= 8).then(|| html! {
            <text x={format!("{:.2}", x + 4.0)} y={format!("{:.2}", y + 26.0)} class="tm-size">{ format::bytes(n.retained_size) }</text>
        });
        html! { <>
            <text x={format!("{:.2}", x + 4.0)} y={format!("{:.2}", y + 12.0)} class="tm-label">{ line }</text>
            { size.unwrap_or_default() }
        </> }
    });
    html! {
        <a href={format!("#object/@{}", n.id)} class="tm-cell" data-testid="treemap-cell" data-id={n.id.to_string()}
            data-ordinal={n.ordinal.to_string()} data-retained={n.retained_size.to_string()} data-depth={c.depth.to_string()}
            data-dominated={row.dominated.to_string()} {onclick}>
            <title>{ title }</title>
            { rect }
            { text.unwrap_or_default() }
        </a>
    }
}
