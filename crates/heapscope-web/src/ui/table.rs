//! The one table component: a virtualized grid that renders only the rows in view (plus a few
//! around them), so 100,000 rows scroll as smoothly as 100. Rows have a fixed height; the caller
//! renders row `i` through `render_row`, and this component only tracks the scroll position.

use web_sys::Element;
use yew::prelude::*;

/// Rows drawn above and below the visible window.
const OVERSCAN: usize = 8;

#[derive(Properties, PartialEq)]
pub struct TableProps {
    /// Header cells (one per column).
    pub header: Html,
    /// CSS `grid-template-columns` for header and rows.
    pub columns: AttrValue,
    pub row_count: usize,
    /// Renders the cells of row `i` (inside the row's grid).
    pub render_row: Callback<usize, Html>,
    /// `data-testid` of the table.
    pub testid: AttrValue,
    #[prop_or(26)]
    pub row_height: u32,
    /// Height of the scrolling body in pixels.
    #[prop_or(520)]
    pub height: u32,
}

#[function_component(VirtualTable)]
pub fn virtual_table(p: &TableProps) -> Html {
    let scroll_top = use_state(|| 0i32);
    let onscroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            scroll_top.set(el.scroll_top());
        })
    };
    let h = p.row_height as usize;
    let visible = p.height as usize / h + 1;
    let first = (*scroll_top).max(0) as usize / h;
    let start = first.saturating_sub(OVERSCAN).min(p.row_count);
    let end = (first + visible + OVERSCAN).min(p.row_count);
    let grid = format!("grid-template-columns:{};", p.columns);
    let body_height = p.row_count * h;
    html! {
        <div class="vtable" data-testid={p.testid.clone()} data-rows={p.row_count.to_string()}>
            <div class="vt-head" style={grid.clone()}>{ p.header.clone() }</div>
            <div class="vt-body" style={format!("height:{}px", p.height.min(body_height.max(h) as u32))} {onscroll}>
                <div class="vt-spacer" style={format!("height:{body_height}px")}>
                    { for (start..end).map(|i| html! {
                        <div class={if i % 2 == 0 { "vt-row" } else { "vt-row odd" }} key={i} data-row={i.to_string()}
                            style={format!("{grid}top:{}px;height:{h}px", i * h)}>
                            { p.render_row.emit(i) }
                        </div>
                    }) }
                </div>
            </div>
        </div>
    }
}
