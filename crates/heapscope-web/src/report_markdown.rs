//! The report's Markdown as a small tree the Report view draws: parsed by `pulldown-cmark`, with
//! nothing from the text able to become markup. Raw HTML (blocks and inline) becomes text; a link
//! becomes an in-app object link only when it points at `#object/@ID`, any other link (and any
//! image) is left as its text; elements come from a fixed list of tags. Level-2 headings get
//! anchors and make the table of contents. Pure, so it is tested natively.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// One node of the rendered report.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// An element of ours (`tag` from a fixed list), with an optional class and anchor id.
    Element {
        tag: &'static str,
        class: Option<&'static str>,
        anchor: Option<String>,
        children: Vec<Node>,
    },
    Text(String),
    /// A link to an object of the snapshot (`#object/@ID`).
    ObjectLink {
        id: u64,
        children: Vec<Node>,
    },
}

impl Node {
    fn element(tag: &'static str, children: Vec<Node>) -> Node {
        Node::Element {
            tag,
            class: None,
            anchor: None,
            children,
        }
    }

    /// The text inside, as a person reads it.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    fn push_text(&self, out: &mut String) {
        match self {
            Node::Text(t) => out.push_str(t),
            Node::Element { children, .. } | Node::ObjectLink { children, .. } => {
                children.iter().for_each(|c| c.push_text(out))
            }
        }
    }
}

/// A level-2 heading: an entry of the table of contents.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// The id of the heading element (`report-section-3`).
    pub anchor: String,
    pub text: String,
}

/// A parsed report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    pub nodes: Vec<Node>,
    pub headings: Vec<Heading>,
}

impl Doc {
    /// Every object link's id, in document order.
    pub fn object_links(&self) -> Vec<u64> {
        fn walk(n: &Node, out: &mut Vec<u64>) {
            match n {
                Node::ObjectLink { id, children } => {
                    out.push(*id);
                    children.iter().for_each(|c| walk(c, out));
                }
                Node::Element { children, .. } => children.iter().for_each(|c| walk(c, out)),
                Node::Text(_) => {}
            }
        }
        let mut out = Vec::new();
        self.nodes.iter().for_each(|n| walk(n, &mut out));
        out
    }
}

/// The id in a `#object/@ID` link, if `url` is exactly one.
pub fn object_id(url: &str) -> Option<u64> {
    let digits = url.strip_prefix("#object/@")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// What an open element becomes when it ends.
enum Open {
    Element {
        tag: &'static str,
        class: Option<&'static str>,
        anchor: Option<String>,
    },
    /// Its children go straight into the parent (links to elsewhere, images).
    Inline,
    ObjectLink(u64),
}

struct Frame {
    open: Open,
    children: Vec<Node>,
}

/// Parses `markdown` into a [`Doc`] (tables on; every other extension off).
pub fn parse(markdown: &str) -> Doc {
    let mut stack: Vec<Frame> = vec![Frame {
        open: Open::Inline,
        children: Vec::new(),
    }];
    let mut headings = Vec::new();
    // The alignments of the table being read, the cell index and whether we are in its head.
    let mut aligns: Vec<Alignment> = Vec::new();
    let mut cell = 0usize;
    let mut in_head = false;
    let push = |stack: &mut Vec<Frame>, n: Node| {
        if let Some(top) = stack.last_mut() {
            top.children.push(n);
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(tag) => {
                let open = match tag {
                    Tag::Paragraph => el("p"),
                    Tag::Heading { level, .. } => {
                        let tag = heading_tag(level);
                        let anchor = (level == HeadingLevel::H2)
                            .then(|| format!("report-section-{}", headings.len() + 1));
                        if let Some(a) = &anchor {
                            headings.push(Heading {
                                anchor: a.clone(),
                                text: String::new(),
                            });
                        }
                        Open::Element {
                            tag,
                            class: None,
                            anchor,
                        }
                    }
                    Tag::BlockQuote(_) => el("blockquote"),
                    Tag::CodeBlock(_) => el("pre"),
                    Tag::HtmlBlock => Open::Element {
                        tag: "p",
                        class: Some("raw"),
                        anchor: None,
                    },
                    Tag::List(Some(_)) => el("ol"),
                    Tag::List(None) => el("ul"),
                    Tag::Item => el("li"),
                    Tag::Table(a) => {
                        aligns = a;
                        Open::Element {
                            tag: "table",
                            class: Some("md-table"),
                            anchor: None,
                        }
                    }
                    Tag::TableHead => {
                        in_head = true;
                        cell = 0;
                        el("thead")
                    }
                    Tag::TableRow => {
                        cell = 0;
                        el("tr")
                    }
                    Tag::TableCell => {
                        let right = aligns.get(cell) == Some(&Alignment::Right);
                        cell += 1;
                        Open::Element {
                            tag: if in_head { "th" } else { "td" },
                            class: right.then_some("num"),
                            anchor: None,
                        }
                    }
                    Tag::Emphasis => el("em"),
                    Tag::Strong => el("strong"),
                    Tag::Strikethrough => el("s"),
                    Tag::Superscript => el("sup"),
                    Tag::Subscript => el("sub"),
                    Tag::Link { dest_url, .. } => match object_id(&dest_url) {
                        Some(id) => Open::ObjectLink(id),
                        None => Open::Inline,
                    },
                    Tag::Image { .. }
                    | Tag::FootnoteDefinition(_)
                    | Tag::MetadataBlock(_)
                    | Tag::DefinitionList
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition => Open::Inline,
                };
                stack.push(Frame {
                    open,
                    children: Vec::new(),
                });
            }
            Event::End(end) => {
                if stack.len() < 2 {
                    continue; // unbalanced (pulldown-cmark guarantees balance; never panic)
                }
                let Some(frame) = stack.pop() else { continue };
                let mut children = frame.children;
                if end == TagEnd::TableHead {
                    in_head = false;
                    // The head's cells come without a row.
                    children = vec![Node::element("tr", children)];
                }
                if end == TagEnd::Table && children.len() > 1 {
                    // Rows after the head go in a body.
                    let body = children.split_off(1);
                    children.push(Node::element("tbody", body));
                }
                if let TagEnd::Heading(HeadingLevel::H2) = end {
                    if let Some(h) = headings.last_mut() {
                        h.text = Node::element("x", children.clone()).text();
                    }
                }
                match frame.open {
                    Open::Element { tag, class, anchor } => push(
                        &mut stack,
                        Node::Element {
                            tag,
                            class,
                            anchor,
                            children,
                        },
                    ),
                    Open::ObjectLink(id) => push(&mut stack, Node::ObjectLink { id, children }),
                    Open::Inline => {
                        if let Some(top) = stack.last_mut() {
                            top.children.extend(children);
                        }
                    }
                }
            }
            Event::Text(t)
            | Event::Html(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t)
            | Event::FootnoteReference(t) => push(&mut stack, Node::Text(t.into_string())),
            Event::Code(t) => push(
                &mut stack,
                Node::element("code", vec![Node::Text(t.into_string())]),
            ),
            Event::SoftBreak => push(&mut stack, Node::Text(" ".into())),
            Event::HardBreak => push(&mut stack, Node::element("br", vec![])),
            Event::Rule => push(&mut stack, Node::element("hr", vec![])),
            Event::TaskListMarker(done) => push(
                &mut stack,
                Node::Text(if done { "[x] " } else { "[ ] " }.into()),
            ),
        }
    }
    // Whatever is left open (nothing, for balanced events) is kept as it is.
    while stack.len() > 1 {
        if let Some(f) = stack.pop() {
            push(&mut stack, Node::element("div", f.children));
        }
    }
    Doc {
        nodes: stack.pop().map(|f| f.children).unwrap_or_default(),
        headings,
    }
}

fn el(tag: &'static str) -> Open {
    Open::Element {
        tag,
        class: None,
        anchor: None,
    }
}

fn heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use heapscope_core::report::markdown;

    /// Every element tag in the tree.
    fn tags(nodes: &[Node], out: &mut Vec<&'static str>) {
        for n in nodes {
            if let Node::Element { tag, children, .. } = n {
                out.push(tag);
                tags(children, out);
            } else if let Node::ObjectLink { children, .. } = n {
                tags(children, out);
            }
        }
    }

    #[test]
    fn raw_html_is_text_and_only_object_links_are_links() {
        let md = "<script>alert(1)</script>\n\nHello <img src=x onerror=alert(1)> [a](javascript:alert(1)) \
                  [b](https://example.com) ![c](x.png) [d](#object/@42) [e](#object/@4x2) [f](#summary)\n";
        let doc = parse(md);
        let text: String = doc.nodes.iter().map(Node::text).collect();
        assert!(text.contains("<script>alert(1)</script>"), "{text}");
        assert!(text.contains("<img src=x onerror=alert(1)>"), "{text}");
        for t in ["a", "b", "c", "d", "e", "f"] {
            assert!(text.contains(&format!(" {t}")), "{t} kept as text: {text}");
        }
        assert!(
            !text.contains("javascript") && !text.contains("example.com"),
            "{text}"
        );
        assert_eq!(doc.object_links(), vec![42]);
        let mut t = Vec::new();
        tags(&doc.nodes, &mut t);
        assert!(t.iter().all(|t| ["p"].contains(t)), "{t:?}");
    }

    #[test]
    fn escaped_dump_text_reads_back_as_itself_in_a_table_cell() {
        let hostile = [
            "<img src=x onerror=alert(1)>",
            "a|b|c",
            "`rm -rf ~`",
            "](javascript:alert(1))",
            "[x](#object/@1)",
            "**bold** _it_ # h",
        ];
        for h in hostile {
            let md = format!(
                "| Name | Size |\n|---|---:|\n| {} | 1 B |\n",
                markdown::text(h, 200)
            );
            let doc = parse(&md);
            let Node::Element {
                tag: "table",
                children,
                ..
            } = &doc.nodes[0]
            else {
                panic!("{:?}", doc.nodes)
            };
            assert_eq!(children.len(), 2, "head and body: {children:?}");
            let body = &children[1];
            assert_eq!(body.text(), format!("{h}1 B"));
            assert!(doc.object_links().is_empty(), "{h}");
            let mut t = Vec::new();
            tags(&doc.nodes, &mut t);
            assert_eq!(
                t,
                ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"],
                "{h}"
            );
        }
        // Line breaks and bidi overrides are shown as codes, never applied.
        let doc = parse(&markdown::text("a\n\u{202e}b", 50));
        assert_eq!(doc.nodes[0].text(), "aU+000AU+202Eb");
    }

    #[test]
    fn right_aligned_columns_are_numeric_and_head_cells_are_th() {
        let doc = parse("| A | B |\n|---|---:|\n| x | 1 |\n");
        let Node::Element { children, .. } = &doc.nodes[0] else {
            panic!()
        };
        let Node::Element { children: rows, .. } = &children[1] else {
            panic!()
        };
        let Node::Element {
            children: cells, ..
        } = &rows[0]
        else {
            panic!()
        };
        assert!(matches!(
            &cells[0],
            Node::Element {
                tag: "td",
                class: None,
                ..
            }
        ));
        assert!(matches!(
            &cells[1],
            Node::Element {
                tag: "td",
                class: Some("num"),
                ..
            }
        ));
    }

    #[test]
    fn object_ids_are_exact() {
        assert_eq!(object_id("#object/@7965"), Some(7965));
        assert_eq!(object_id("#object/@"), None);
        assert_eq!(object_id("#object/@1 "), None);
        assert_eq!(object_id("#object/@-1"), None);
        assert_eq!(object_id("#object/@99999999999999999999999"), None);
        assert_eq!(object_id("x#object/@1"), None);
    }

    #[test]
    fn the_tiny_report_has_its_ten_sections_and_every_object_link() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/tiny.heapsnapshot.gz"
        ))
        .unwrap();
        let mut p = heapscope_core::SnapshotParser::new();
        p.feed(&bytes).unwrap();
        let a = heapscope_core::Analysis::new(p.finish().unwrap(), &mut |_| {});
        let report = heapscope_core::Report::build(&a, &Default::default());
        let md = report.to_markdown("tiny <b>|");
        let doc = parse(&md);
        let titles: Vec<String> = report
            .sections()
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {}", i + 1, s.title()))
            .collect();
        let headings: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(headings[0], "Key findings");
        assert_eq!(
            &headings[1..],
            titles.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert_eq!(doc.headings[3].anchor, "report-section-4");
        // Every `](#object/@` of the Markdown is one object link, and the strongest suspect's
        // object is among them.
        assert_eq!(doc.object_links().len(), md.matches("](#object/@").count());
        assert!(doc
            .object_links()
            .contains(&report.leak_suspects.suspects[0].object.id));
        // The title's dump text stays text.
        assert!(matches!(&doc.nodes[0], Node::Element { tag: "h1", .. }));
        assert_eq!(doc.nodes[0].text(), "Heap analysis: tiny <b>|");
    }
}
