//! The Summary table's rows as data: classes filtered by name and sorted by a column, with the
//! instances of expanded classes spliced in below their class. The virtual table renders rows by
//! index from this flat list, so this module decides *what* row `i` is and the view only *draws* it.

use heapscope_core::{ClassRow, NodeRow};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A sortable column of the Summary table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Name,
    Distance,
    Count,
    Shallow,
    Retained,
}

/// Which column and which direction, for any table's column type `C`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort<C = Column> {
    pub column: C,
    pub descending: bool,
}

/// A sortable column: which way it sorts when first clicked.
pub trait SortColumn: Copy + PartialEq {
    /// Figures start largest first; names (and distances) A→Z.
    fn starts_descending(self) -> bool;
}

impl SortColumn for Column {
    fn starts_descending(self) -> bool {
        self != Column::Name && self != Column::Distance
    }
}

impl Default for Sort {
    /// DevTools' default: retained size, largest first.
    fn default() -> Self {
        Sort {
            column: Column::Retained,
            descending: true,
        }
    }
}

impl<C: SortColumn> Sort<C> {
    /// The sort after clicking `column`'s header: same column flips, a new one starts in its natural
    /// direction (names A→Z, figures largest first).
    pub fn clicked(self, column: C) -> Sort<C> {
        if self.column == column {
            Sort {
                column,
                descending: !self.descending,
            }
        } else {
            Sort {
                column,
                descending: column.starts_descending(),
            }
        }
    }
}

/// Indices of the `rows` that `keep` lets through, ordered by `cmp` (reversed when `descending`).
/// The sort is stable, so ties keep the rows' own order (the core's) in both directions.
pub fn ordered<T>(
    rows: &[T],
    keep: impl Fn(&T) -> bool,
    cmp: impl Fn(&T, &T) -> Ordering,
    descending: bool,
) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..rows.len() as u32)
        .filter(|&i| keep(&rows[i as usize]))
        .collect();
    let row = |i: &u32| &rows[*i as usize];
    if descending {
        idx.sort_by(|x, y| cmp(row(y), row(x)));
    } else {
        idx.sort_by(|x, y| cmp(row(x), row(y)));
    }
    idx
}

/// Whether `name` contains `needle_lowercase` (a filter already trimmed and lower-cased, see
/// [`needle`]); an empty one keeps everything.
pub fn name_matches(name: &str, needle_lowercase: &str) -> bool {
    needle_lowercase.is_empty() || name.to_lowercase().contains(needle_lowercase)
}

/// A typed filter as [`name_matches`] takes it.
pub fn needle(filter: &str) -> String {
    filter.trim().to_lowercase()
}

/// Indices into `classes` whose name contains `filter` (case-insensitive), in `sort` order.
/// Ties keep the core's order (retained size descending), so the result is deterministic.
pub fn sorted_filtered(classes: &[ClassRow], filter: &str, sort: Sort) -> Vec<u32> {
    let needle = needle(filter);
    let cmp = |a: &ClassRow, b: &ClassRow| match sort.column {
        Column::Name => a.name.cmp(&b.name),
        Column::Distance => a.distance.cmp(&b.distance),
        Column::Count => a.count.cmp(&b.count),
        Column::Shallow => a.shallow_size.cmp(&b.shallow_size),
        Column::Retained => a.retained_size.cmp(&b.retained_size),
    };
    ordered(
        classes,
        |c| name_matches(&c.name, &needle),
        cmp,
        sort.descending,
    )
}

/// The instances loaded so far for one expanded class.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expanded {
    pub rows: Vec<NodeRow>,
    /// All instances of the class (more can be loaded while `rows.len() < total`).
    pub total: usize,
    /// A page request is on its way.
    pub loading: bool,
}

/// One line of the Summary table. `i` is a position in the class list; `expanded` is keyed by the
/// core's [`ClassRow::index`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// `classes[i]`.
    Class(u32),
    /// Instance `k` of `classes[i]`.
    Instance(u32, usize),
    /// "Show more" / "loading" under `classes[i]`.
    More(u32),
}

/// The flat list of lines: each class in `order`, followed by its loaded instances when expanded.
pub fn lines(order: &[u32], classes: &[ClassRow], expanded: &BTreeMap<u32, Expanded>) -> Vec<Line> {
    let mut out = Vec::with_capacity(order.len());
    for &c in order {
        out.push(Line::Class(c));
        if let Some(e) = expanded.get(&classes[c as usize].index) {
            out.extend((0..e.rows.len()).map(|k| Line::Instance(c, k)));
            if e.loading || e.rows.len() < e.total {
                out.push(Line::More(c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(index: u32, name: &str, count: u64, retained: u64) -> ClassRow {
        ClassRow {
            index,
            name: name.into(),
            count,
            shallow_size: count * 10,
            retained_size: retained,
            distance: 2,
        }
    }

    fn sample() -> Vec<ClassRow> {
        vec![
            class(0, "Array", 5, 900),
            class(1, "(string)", 50, 500),
            class(2, "Foo", 5, 500),
            class(3, "array", 1, 10),
        ]
    }

    #[test]
    fn default_sort_keeps_the_cores_retained_order() {
        assert_eq!(
            sorted_filtered(&sample(), "", Sort::default()),
            vec![0, 1, 2, 3]
        );
    }

    #[test]
    fn filter_is_case_insensitive_substring() {
        assert_eq!(
            sorted_filtered(&sample(), " ARR ", Sort::default()),
            vec![0, 3]
        );
    }

    #[test]
    fn clicking_a_header_twice_flips_direction() {
        let s = Sort::default().clicked(Column::Count);
        assert_eq!(
            s,
            Sort {
                column: Column::Count,
                descending: true
            }
        );
        assert_eq!(sorted_filtered(&sample(), "", s), vec![1, 0, 2, 3]);
        let s = s.clicked(Column::Count);
        assert_eq!(sorted_filtered(&sample(), "", s), vec![3, 0, 2, 1]);
        let s = s.clicked(Column::Name);
        assert_eq!(sorted_filtered(&sample(), "", s), vec![1, 0, 2, 3]);
    }

    #[test]
    fn expanded_classes_splice_in_instances_and_a_more_line() {
        let mut classes = sample();
        classes[1].index = 41;
        let mut ex = BTreeMap::new();
        ex.insert(
            41,
            Expanded {
                rows: vec![],
                total: 50,
                loading: true,
            },
        );
        assert_eq!(
            lines(&[0, 1, 2], &classes, &ex),
            vec![
                Line::Class(0),
                Line::Class(1),
                Line::More(1),
                Line::Class(2)
            ]
        );
    }
}
