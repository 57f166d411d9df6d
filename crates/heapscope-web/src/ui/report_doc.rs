//! The report's Markdown drawn as HTML from its parsed tree ([`crate::report_markdown`]): our own
//! elements only, dump text as text nodes, `#object/@ID` links as links to the object's Retainers.
//! A component whose props compare by pointer, so the page's other updates (a treemap click, a
//! group edited) never redraw the whole report.

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

#[function_component(ReportDoc)]
pub fn report_doc(props: &Props) -> Html {
    html! {
        <article class="report-doc" data-testid="report-doc">
            { for props.data.doc.nodes.iter().map(node) }
        </article>
    }
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
