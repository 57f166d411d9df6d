//! The Retainers, Containment and dominator trees as data: lists of children loaded page by page per
//! node, which rows are expanded (by their path from the top, since one object can show up under
//! several parents), and the flat list of lines the virtual table draws. A row whose object is
//! already one of its ancestors is drawn but cannot be expanded (DevTools' "cycled" rows).

use heapscope_core::{DominatedRow, EdgeRow, NodeRow};
use std::collections::{BTreeMap, BTreeSet};

/// A row of a tree: the object it stands for and its identity among its siblings.
pub trait TreeRow: Clone + PartialEq {
    /// The node whose children expanding this row shows.
    fn ordinal(&self) -> u32;
    /// Identity among the row's siblings (an edge ordinal, or the node for dominator rows).
    fn key(&self) -> u32;
    /// Whether expanding it can show anything.
    fn expandable(&self) -> bool;
    fn node(&self) -> &NodeRow;
}

impl TreeRow for EdgeRow {
    fn ordinal(&self) -> u32 {
        self.node.ordinal
    }
    fn key(&self) -> u32 {
        self.edge
    }
    fn expandable(&self) -> bool {
        self.onward > 0
    }
    fn node(&self) -> &NodeRow {
        &self.node
    }
}

impl TreeRow for DominatedRow {
    fn ordinal(&self) -> u32 {
        self.node.ordinal
    }
    fn key(&self) -> u32 {
        self.node.ordinal
    }
    fn expandable(&self) -> bool {
        self.dominated > 0
    }
    fn node(&self) -> &NodeRow {
        &self.node
    }
}

/// The children of one node loaded so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Children<R> {
    pub rows: Vec<R>,
    /// How many there are in all.
    pub total: usize,
    /// How many the filter left out (Retainers only).
    pub filtered: usize,
    /// A page is on its way.
    pub loading: bool,
    /// At least one page has arrived (so `total` is known).
    pub loaded: bool,
}

impl<R> Default for Children<R> {
    fn default() -> Self {
        Children {
            rows: Vec::new(),
            total: 0,
            filtered: 0,
            loading: false,
            loaded: false,
        }
    }
}

/// One line of a tree as drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// Row `index` of the children of `parent`, at `path` (row keys from the top level).
    Row {
        depth: usize,
        parent: u32,
        index: usize,
        path: Vec<u32>,
        expanded: bool,
        /// It can be expanded: it has children and is not one of its own ancestors.
        expandable: bool,
    },
    /// "Show more" (or "loading") below the loaded children of `parent`.
    More {
        depth: usize,
        parent: u32,
        loaded: usize,
        total: usize,
        loading: bool,
    },
    /// The children of an expanded row are empty (after the filter).
    Empty { depth: usize, filtered: usize },
}

impl Line {
    pub fn depth(&self) -> usize {
        match self {
            Line::Row { depth, .. } | Line::More { depth, .. } | Line::Empty { depth, .. } => {
                *depth
            }
        }
    }
}

/// A lazily loaded tree below `root`.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree<R> {
    pub root: u32,
    pub lists: BTreeMap<u32, Children<R>>,
    pub expanded: BTreeSet<Vec<u32>>,
}

impl<R: TreeRow> Tree<R> {
    pub fn new(root: u32) -> Self {
        Tree {
            root,
            lists: BTreeMap::new(),
            expanded: BTreeSet::new(),
        }
    }

    /// Adds a page of the children of `parent` starting at `offset` (ignored unless it continues what
    /// is loaded).
    pub fn add_page(
        &mut self,
        parent: u32,
        offset: usize,
        rows: Vec<R>,
        total: usize,
        filtered: usize,
    ) {
        let list = self.lists.entry(parent).or_default();
        if offset == list.rows.len() {
            list.rows.extend(rows);
        }
        list.total = total;
        list.filtered = filtered;
        list.loading = false;
        list.loaded = true;
    }

    /// Marks a page of `parent`'s children as requested; returns the offset to ask for, or `None`
    /// when one is already on its way or everything is loaded.
    pub fn request_more(&mut self, parent: u32) -> Option<usize> {
        let list = self.lists.entry(parent).or_default();
        if list.loading || (list.loaded && list.rows.len() >= list.total) {
            return None;
        }
        list.loading = true;
        Some(list.rows.len())
    }

    /// Expands the row at `path` (whose node is `ordinal`); returns the offset of the first page to
    /// ask for when its children are not loaded yet.
    pub fn expand(&mut self, path: Vec<u32>, ordinal: u32) -> Option<usize> {
        self.expanded.insert(path);
        if self.lists.contains_key(&ordinal) {
            return None;
        }
        self.request_more(ordinal)
    }

    pub fn collapse(&mut self, path: &[u32]) {
        self.expanded.retain(|p| !p.starts_with(path));
    }

    pub fn is_expanded(&self, path: &[u32]) -> bool {
        self.expanded.contains(path)
    }

    /// The row a [`Line::Row`] stands for.
    pub fn row(&self, parent: u32, index: usize) -> Option<&R> {
        self.lists.get(&parent)?.rows.get(index)
    }

    /// The lines to draw, depth first.
    pub fn lines(&self) -> Vec<Line> {
        let mut out = Vec::new();
        let mut path = Vec::new();
        let mut ancestors = vec![self.root];
        self.push_lines(self.root, 0, &mut path, &mut ancestors, &mut out);
        out
    }

    fn push_lines(
        &self,
        parent: u32,
        depth: usize,
        path: &mut Vec<u32>,
        ancestors: &mut Vec<u32>,
        out: &mut Vec<Line>,
    ) {
        let Some(list) = self.lists.get(&parent) else {
            return;
        };
        for (index, row) in list.rows.iter().enumerate() {
            path.push(row.key());
            let cycle = ancestors.contains(&row.ordinal());
            let expandable = row.expandable() && !cycle;
            let expanded = expandable && self.expanded.contains(path.as_slice());
            out.push(Line::Row {
                depth,
                parent,
                index,
                path: path.clone(),
                expanded,
                expandable,
            });
            if expanded {
                ancestors.push(row.ordinal());
                let before = out.len();
                self.push_lines(row.ordinal(), depth + 1, path, ancestors, out);
                if out.len() == before {
                    let filtered = self.lists.get(&row.ordinal()).map_or(0, |l| l.filtered);
                    let loading = self
                        .lists
                        .get(&row.ordinal())
                        .map_or(true, |l| l.loading || !l.loaded);
                    out.push(if loading {
                        Line::More {
                            depth: depth + 1,
                            parent: row.ordinal(),
                            loaded: 0,
                            total: 0,
                            loading: true,
                        }
                    } else {
                        Line::Empty {
                            depth: depth + 1,
                            filtered,
                        }
                    });
                }
                ancestors.pop();
            }
            path.pop();
        }
        if list.loading || !list.loaded || list.rows.len() < list.total {
            out.push(Line::More {
                depth,
                parent,
                loaded: list.rows.len(),
                total: list.total,
                loading: list.loading || !list.loaded,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(edge: u32, ordinal: u32, onward: u32) -> EdgeRow {
        EdgeRow {
            edge,
            edge_type: "property".into(),
            edge_name: format!("e{edge}"),
            node: NodeRow {
                ordinal,
                id: ordinal as u64 * 2 + 1,
                name: format!("n{ordinal}"),
                node_type: "object".into(),
                self_size: 8,
                retained_size: 8,
                distance: 2,
            },
            weak: false,
            internal: false,
            onward,
            code: None,
        }
    }

    #[test]
    fn expanded_rows_show_their_children_and_a_more_line() {
        let mut t: Tree<EdgeRow> = Tree::new(0);
        assert_eq!(t.request_more(0), Some(0));
        t.add_page(0, 0, vec![row(10, 1, 2), row(11, 2, 0)], 5, 0);
        assert_eq!(t.expand(vec![10], 1), Some(0));
        // The children of 1 are on their way: a loading line under it.
        let lines = t.lines();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(matches!(
            lines[1],
            Line::More {
                depth: 1,
                loading: true,
                ..
            }
        ));
        t.add_page(1, 0, vec![row(20, 3, 1), row(21, 0, 4)], 2, 0);
        let lines = t.lines();
        // 1, its children 3 and 0 (the root again: not expandable), 2, then "more" for the top.
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert!(
            matches!(&lines[1], Line::Row { depth: 1, path, expandable: true, .. } if *path == vec![10, 20])
        );
        assert!(
            matches!(
                lines[2],
                Line::Row {
                    depth: 1,
                    expandable: false,
                    ..
                }
            ),
            "a cycle back to the root"
        );
        assert!(
            matches!(&lines[3], Line::Row { depth: 0, path, expandable: false, .. } if *path == vec![11]),
            "nothing onward"
        );
        assert!(matches!(
            lines[4],
            Line::More {
                depth: 0,
                loaded: 2,
                total: 5,
                loading: false,
                ..
            }
        ));
        t.collapse(&[10]);
        assert_eq!(t.lines().len(), 3);
        // Expanding again needs no request: the list is kept.
        assert_eq!(t.expand(vec![10], 1), None);
    }

    #[test]
    fn more_requests_continue_where_the_list_stops() {
        let mut t: Tree<EdgeRow> = Tree::new(0);
        assert_eq!(t.request_more(0), Some(0));
        assert_eq!(t.request_more(0), None, "one page at a time");
        t.add_page(0, 0, vec![row(1, 1, 0), row(2, 2, 0)], 3, 1);
        assert_eq!(t.request_more(0), Some(2));
        t.add_page(0, 2, vec![row(3, 3, 0)], 3, 1);
        assert_eq!(t.request_more(0), None, "all loaded");
        // A late duplicate page is ignored.
        t.add_page(0, 0, vec![row(1, 1, 0)], 3, 1);
        assert_eq!(t.lists[&0].rows.len(), 3);
    }

    #[test]
    fn an_empty_expanded_list_says_so() {
        let mut t: Tree<EdgeRow> = Tree::new(0);
        t.add_page(0, 0, vec![row(1, 1, 3)], 1, 0);
        t.expand(vec![1], 1);
        t.add_page(1, 0, vec![], 0, 3);
        assert_eq!(
            t.lines()[1],
            Line::Empty {
                depth: 1,
                filtered: 3
            }
        );
    }
}
