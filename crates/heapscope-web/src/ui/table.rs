//! The one table component: a virtualized grid that renders only the rows in view (plus a few
//! around them), so 100,000 rows scroll as smoothly as 100. Rows have a fixed height; the caller
//! renders row `i` through `render_row`, and this component tracks the scroll position and the
//! active row.
//!
//! Keyboard (ARIA grid / treegrid with one tab stop): the table is a single tab stop; arrows,
//! Page Up/Down, Home and End move the active row (drawn with a focus ring, scrolled into view);
//! Enter, → and ← go to `on_key`. Columns come from CSS variables, so under 640 px the table uses
//! `columns_narrow`, where cells of class `lo` (low-priority columns) are hidden: nothing scrolls
//! sideways and the header stays aligned with the rows.

use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// Rows drawn above and below the visible window.
const OVERSCAN: usize = 8;

/// A key pressed on the active row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKey {
    /// Enter: select the object, or expand a class.
    Activate,
    /// → : expand.
    Expand,
    /// ← : collapse.
    Collapse,
}

#[derive(Properties, PartialEq)]
pub struct TableProps {
    /// Header cells (one per column).
    pub header: Html,
    /// CSS `grid-template-columns` for header and rows.
    pub columns: AttrValue,
    /// The columns under 640 px wide, without the low-priority ones (cells of class `lo`).
    #[prop_or_default]
    pub columns_narrow: Option<AttrValue>,
    pub row_count: usize,
    /// Renders the cells of row `i` (inside the row's grid).
    pub render_row: Callback<usize, Html>,
    /// `data-testid` of the table.
    pub testid: AttrValue,
    /// What the table lists, for screen readers.
    #[prop_or_default]
    pub label: AttrValue,
    /// A tree (rows expand) rather than a flat list.
    #[prop_or(false)]
    pub tree: bool,
    #[prop_or(26)]
    pub row_height: u32,
    /// Height of the scrolling body in pixels.
    #[prop_or(520)]
    pub height: u32,
    /// Changing it scrolls back to the top (a new sort or filter shows the top of the list).
    #[prop_or_default]
    pub scroll_key: AttrValue,
    /// Enter, → or ← on the active row.
    #[prop_or_default]
    pub on_key: Callback<(usize, RowKey)>,
    /// A row to scroll into view and make active.
    #[prop_or_default]
    pub reveal: Option<usize>,
}

#[function_component(VirtualTable)]
pub fn virtual_table(p: &TableProps) -> Html {
    let scroll_top = use_state(|| 0i32);
    let active = use_state(|| 0usize);
    let body = use_node_ref();
    let h = p.row_height as usize;
    let height = p.height as usize;
    {
        let (body, scroll_top, active) = (body.clone(), scroll_top.clone(), active.clone());
        use_effect_with(p.scroll_key.clone(), move |_| {
            if let Some(el) = body.cast::<Element>() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0);
            active.set(0);
        });
    }
    {
        let (body, scroll_top, active) = (body.clone(), scroll_top.clone(), active.clone());
        use_effect_with(p.reveal, move |reveal| {
            if let Some(i) = *reveal {
                let top = (i * h).saturating_sub(height / 3) as i32;
                if let Some(el) = body.cast::<Element>() {
                    el.set_scroll_top(top);
                }
                scroll_top.set(top);
                active.set(i);
            }
        });
    }
    let onscroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            scroll_top.set(el.scroll_top());
        })
    };
    let row_count = p.row_count;
    let current = (*active).min(row_count.saturating_sub(1));
    let onkeydown = {
        let (body, scroll_top, active) = (body.clone(), scroll_top.clone(), active.clone());
        let on_key = p.on_key.clone();
        let page = (height / h).max(1);
        Callback::from(move |e: KeyboardEvent| {
            if row_count == 0 {
                return;
            }
            let last = row_count - 1;
            let next = match e.key().as_str() {
                "ArrowDown" => current.saturating_add(1).min(last),
                "ArrowUp" => current.saturating_sub(1),
                "PageDown" => current.saturating_add(page).min(last),
                "PageUp" => current.saturating_sub(page),
                "Home" => 0,
                "End" => last,
                key => {
                    let action = match key {
                        "Enter" => RowKey::Activate,
                        "ArrowRight" => RowKey::Expand,
                        "ArrowLeft" => RowKey::Collapse,
                        _ => return,
                    };
                    e.prevent_default();
                    on_key.emit((current, action));
                    return;
                }
            };
            e.prevent_default();
            active.set(next);
            // Keep the active row in view.
            let top = (*scroll_top).max(0) as usize;
            let new_top = if next * h < top {
                Some(next * h)
            } else if (next + 1) * h > top + height {
                Some((next + 1) * h - height)
            } else {
                None
            };
            if let Some(t) = new_top {
                if let Some(el) = body.cast::<Element>() {
                    el.set_scroll_top(t as i32);
                }
                scroll_top.set(t as i32);
            }
        })
    };
    let visible = height / h + 1;
    let first = (*scroll_top).max(0) as usize / h;
    let start = first.saturating_sub(OVERSCAN).min(row_count);
    let end = (first + visible + OVERSCAN).min(row_count);
    let body_height = row_count * h;
    let vars = format!(
        "--cols:{};--cols-narrow:{};",
        p.columns,
        p.columns_narrow.as_ref().unwrap_or(&p.columns)
    );
    let row_id = |i: usize| format!("{}-row-{i}", p.testid);
    let activedescendant = (row_count > 0).then(|| row_id(current));
    html! {
        <div class="vtable" data-testid={p.testid.clone()} data-rows={p.row_count.to_string()} style={vars}
            tabindex="0" data-panel="" role={if p.tree { "treegrid" } else { "grid" }} aria-label={p.label.clone()}
            aria-rowcount={row_count.to_string()} aria-activedescendant={activedescendant} {onkeydown}>
            <div class="vt-head" role="row">{ p.header.clone() }</div>
            <div class="vt-body" ref={body} style={format!("height:{}px", height.min(body_height.max(h)))} {onscroll}>
                <div class="vt-spacer" style={format!("height:{body_height}px")}>
                    { for (start..end).map(|i| {
                        let mut class = classes!("vt-row");
                        if i % 2 == 1 { class.push("odd"); }
                        if i == current { class.push("active"); }
                        let onclick = { let active = active.clone(); Callback::from(move |_| active.set(i)) };
                        html! {
                            <div {class} key={i} id={row_id(i)} data-row={i.to_string()} role="row"
                                aria-rowindex={(i + 1).to_string()} aria-selected={(i == current).to_string()}
                                style={format!("top:{}px;height:{h}px", i * h)} {onclick}>
                                { p.render_row.emit(i) }
                            </div>
                        }
                    }) }
                </div>
            </div>
        </div>
    }
}

/// A sortable column's header cell: its label and, when the table is sorted by it (`sorted` is
/// `Some(descending)`), the direction's arrow. Not a tab stop: the table is one.
pub fn sort_header(
    label: &'static str,
    class: &'static str,
    testid: String,
    sorted: Option<bool>,
    onclick: Callback<MouseEvent>,
) -> Html {
    let (arrow, aria) = match sorted {
        None => ("", "none"),
        Some(true) => ("▼", "descending"),
        Some(false) => ("▲", "ascending"),
    };
    html! {
        <button class={classes!("th", class)} data-testid={testid} aria-sort={aria} tabindex="-1" {onclick}>
            <span class="th-label">{ label }</span>
            <span class="arrow" data-testid="sort-arrow">{ arrow }</span>
        </button>
    }
}
