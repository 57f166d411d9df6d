//! The report's Markdown drawn as HTML from its parsed tree ([`crate::report_markdown`]): our own
//! elements only, dump text as text nodes, `#object/@ID` links as links to the object's Retainers.
//! A component whose props compare by pointer, so the page's other updates (a treemap click, a
//! group edited) never redraw the whole report; one `<section>` a report section, so only those
//! on screen are laid out, added a few a frame.

use crate::app::state::ReportData;
use crate::report_markdown::Node;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    pub data: Rc<ReportData>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.data, &other.data)
    }
}

/// Sections drawn in the first frame, and added in each later one: a report's DOM is made over a
/// few short tasks, never one long one (the page stays responsive while it appears).
const SECTIONS_A_FRAME: usize = 3;

#[function_component(ReportDoc)]
pub fn report_doc(props: &Props) -> Html {
    let parts: Vec<&[Node]> = sections(&props.data.doc.nodes).collect();
    let shown = use_state(|| SECTIONS_A_FRAME);
    let complete = *shown >= parts.len();
    {
        let shown = shown.clone();
        use_effect_with(*shown, move |&n| {
            if !complete {
                let next = wasm_bindgen::closure::Closure::once_into_js(move || {
                    shown.set(n + SECTIONS_A_FRAME)
                });
                if let Some(w) = web_sys::window() {
                    let _ = w.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&next));
                }
            }
        });
    }
    html! {
        <article class="report-doc" data-testid="report-doc" data-complete={complete.then_some("")}>
            { for parts.iter().take(*shown).map(|nodes| html! {
                <section class="md-section">{ for nodes.iter().map(node) }</section>
            }) }
        </article>
    }
}

/// The nodes cut before each level-2 heading: one part a section, so the browser lays out and
/// paints only the sections on screen (`content-visibility: auto` in the stylesheet).
fn sections(nodes: &[Node]) -> impl Iterator<Item = &[Node]> {
    let is_h2 = |n: &Node| matches!(n, Node::Element { tag: "h2", .. });
    let mut starts: Vec<usize> = (0..nodes.len())
        .filter(|&i| i > 0 && is_h2(&nodes[i]))
        .collect();
    starts.insert(0, 0);
    starts.push(nodes.len());
    (0..starts.len() - 1).map(move |k| &nodes[starts[k]..starts[k + 1]])
}

fn node(n: &Node) -> Html {
    match n {
        Node::Text(t) => html! { { t.clone() } },
        Node::Element {
            tag,
            class,
            anchor,
            children,
        } => html! {
            <@{*tag} class={*class} id={anchor.clone()}>{ for children.iter().map(node) }</@>
        },
        Node::ObjectLink { id, children } => html! {
            <a class="object-link" href={format!("#object/@{id}")} data-testid="report-object" data-id={id.to_string()}
                title={format!("What retains @{id}")}>{ for children.iter().map(node) }</a>
        },
    }
}
