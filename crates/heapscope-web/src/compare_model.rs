//! The rows of the comparison-over-time tables as data: the Comparison's classes (filtered by name,
//! sorted by any of DevTools' columns, with the new and deleted objects of expanded classes spliced
//! in below them), the Allocation view's functions and the CPU profile's functions. The virtual
//! table renders rows by index from these lists, so this module decides what row `i` is and the
//! views only draw it. Sorting is [`crate::table_model`]'s (stable: ties keep the core's order).

use crate::table_model::{name_matches, needle, ordered, Expanded, Sort, SortColumn};
use heapscope_core::compare::{AllocatingFunction, ClassDelta, ProfiledFunction, Verdict};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A column of the Comparison table: DevTools' (by id), or the class-level fallback's counts and
/// sizes on each side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffColumn {
    Name,
    New,
    Deleted,
    CountDelta,
    AllocSize,
    FreedSize,
    SizeDelta,
    BaseCount,
    TargetCount,
    BaseSize,
    TargetSize,
}

impl SortColumn for DiffColumn {
    fn starts_descending(self) -> bool {
        self != DiffColumn::Name
    }
}

/// The Comparison's default order: the largest growth first, the largest shrinking last.
pub fn default_diff_sort() -> Sort<DiffColumn> {
    Sort {
        column: DiffColumn::SizeDelta,
        descending: true,
    }
}

/// Rows of `classes` whose name contains `filter`, in `sort` order (unknown figures of the
/// class-level fallback count as 0).
pub fn diff_order(classes: &[ClassDelta], filter: &str, sort: Sort<DiffColumn>) -> Vec<u32> {
    let needle = needle(filter);
    let key = |c: &ClassDelta| -> i128 {
        match sort.column {
            DiffColumn::Name => 0,
            DiffColumn::New => c.new.unwrap_or(0) as i128,
            DiffColumn::Deleted => c.deleted.unwrap_or(0) as i128,
            DiffColumn::CountDelta => c.count_delta as i128,
            DiffColumn::AllocSize => c.alloc_size.unwrap_or(0) as i128,
            DiffColumn::FreedSize => c.freed_size.unwrap_or(0) as i128,
            DiffColumn::SizeDelta => c.size_delta as i128,
            DiffColumn::BaseCount => c.base_count as i128,
            DiffColumn::TargetCount => c.target_count as i128,
            DiffColumn::BaseSize => c.base_size as i128,
            DiffColumn::TargetSize => c.target_size as i128,
        }
    };
    let cmp = |a: &ClassDelta, b: &ClassDelta| match sort.column {
        DiffColumn::Name => a.name.cmp(&b.name),
        _ => key(a).cmp(&key(b)),
    };
    ordered(
        classes,
        |c| name_matches(&c.name, &needle),
        cmp,
        sort.descending,
    )
}

/// The objects loaded so far under an expanded Comparison row: its new objects, then the base's
/// deleted ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExpandedDiff {
    pub new: Expanded,
    pub deleted: Expanded,
}

impl ExpandedDiff {
    /// A row just opened: the first page of each non-empty list is on its way.
    pub fn opening(class: &ClassDelta) -> ExpandedDiff {
        let list = |n: Option<u64>| {
            let total = n.unwrap_or(0) as usize;
            Expanded {
                rows: vec![],
                total,
                loading: total > 0,
            }
        };
        ExpandedDiff {
            new: list(class.new),
            deleted: list(class.deleted),
        }
    }

    pub fn list(&self, deleted: bool) -> &Expanded {
        if deleted {
            &self.deleted
        } else {
            &self.new
        }
    }

    pub fn list_mut(&mut self, deleted: bool) -> &mut Expanded {
        if deleted {
            &mut self.deleted
        } else {
            &mut self.new
        }
    }
}

/// One line of the Comparison table; `row` is a position in [`heapscope_core::compare::SnapshotDiff::classes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffLine {
    Class(u32),
    /// Object `k` of the row's new (or deleted) objects.
    Object {
        row: u32,
        deleted: bool,
        k: usize,
    },
    /// "Show more" / "loading" under the row's new (or deleted) objects.
    More {
        row: u32,
        deleted: bool,
    },
}

/// The flat list of lines: each class in `order`, followed by its loaded objects when expanded.
pub fn diff_lines(order: &[u32], expanded: &BTreeMap<u32, ExpandedDiff>) -> Vec<DiffLine> {
    let mut out = Vec::with_capacity(order.len());
    for &row in order {
        out.push(DiffLine::Class(row));
        let Some(e) = expanded.get(&row) else {
            continue;
        };
        for deleted in [false, true] {
            let list = e.list(deleted);
            out.extend((0..list.rows.len()).map(|k| DiffLine::Object { row, deleted, k }));
            if list.loading || list.rows.len() < list.total {
                out.push(DiffLine::More { row, deleted });
            }
        }
    }
    out
}

/// The rows the bar chart of the largest changes shows: the first `n` changes in size, in the
/// core's order (largest absolute size change first).
pub fn largest_deltas(classes: &[ClassDelta], n: usize) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..classes.len() as u32)
        .filter(|&i| classes[i as usize].size_delta != 0)
        .collect();
    idx.sort_by_key(|&i| std::cmp::Reverse(classes[i as usize].size_delta.unsigned_abs()));
    idx.truncate(n);
    idx
}

/// A column of the Allocation view's table of functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocColumn {
    Name,
    Script,
    LiveCount,
    LiveSize,
    Count,
    Size,
}

impl SortColumn for AllocColumn {
    fn starts_descending(self) -> bool {
        !matches!(self, AllocColumn::Name | AllocColumn::Script)
    }
}

/// The core's order: largest live size first.
pub fn default_alloc_sort() -> Sort<AllocColumn> {
    Sort {
        column: AllocColumn::LiveSize,
        descending: true,
    }
}

/// Functions whose name or script contains `filter`, in `sort` order.
pub fn alloc_order(
    functions: &[AllocatingFunction],
    filter: &str,
    sort: Sort<AllocColumn>,
) -> Vec<u32> {
    let needle = needle(filter);
    let cmp = |a: &AllocatingFunction, b: &AllocatingFunction| match sort.column {
        AllocColumn::Name => a.name.cmp(&b.name),
        AllocColumn::Script => (&a.script, a.line, a.column).cmp(&(&b.script, b.line, b.column)),
        AllocColumn::LiveCount => a.live_count.cmp(&b.live_count),
        AllocColumn::LiveSize => a.live_size.cmp(&b.live_size),
        AllocColumn::Count => a.count.cmp(&b.count),
        AllocColumn::Size => a.size.cmp(&b.size),
    };
    ordered(
        functions,
        |f| name_matches(&f.name, &needle) || name_matches(&f.script, &needle),
        cmp,
        sort.descending,
    )
}

/// A column of the CPU profile's table of functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileColumn {
    Name,
    SelfMs,
    TotalMs,
    Count,
    SelfSize,
    Retained,
    Verdict,
}

impl SortColumn for ProfileColumn {
    fn starts_descending(self) -> bool {
        !matches!(self, ProfileColumn::Name | ProfileColumn::Verdict)
    }
}

/// The core's order: largest self time first.
pub fn default_profile_sort() -> Sort<ProfileColumn> {
    Sort {
        column: ProfileColumn::SelfMs,
        descending: true,
    }
}

/// The verdicts in the order the report lists them; functions without one (the profiler's own
/// entries) last.
pub fn verdict_rank(v: Option<Verdict>) -> u8 {
    match v {
        Some(Verdict::HotHeavy) => 0,
        Some(Verdict::HotLight) => 1,
        Some(Verdict::ColdHeavy) => 2,
        Some(Verdict::ColdLight) => 3,
        None => 4,
    }
}

/// Functions whose name or URL contains `filter` and whose verdict is `verdict` (any when `None`),
/// in `sort` order.
pub fn profile_order(
    functions: &[ProfiledFunction],
    filter: &str,
    verdict: Option<Verdict>,
    sort: Sort<ProfileColumn>,
) -> Vec<u32> {
    let needle = needle(filter);
    let heap = |f: &ProfiledFunction| f.heap.unwrap_or_default();
    let cmp = |a: &ProfiledFunction, b: &ProfiledFunction| -> Ordering {
        match sort.column {
            ProfileColumn::Name => a.name.cmp(&b.name),
            ProfileColumn::SelfMs => a.self_ms.total_cmp(&b.self_ms),
            ProfileColumn::TotalMs => a.total_ms.total_cmp(&b.total_ms),
            ProfileColumn::Count => heap(a).count.cmp(&heap(b).count),
            ProfileColumn::SelfSize => heap(a).self_size.cmp(&heap(b).self_size),
            ProfileColumn::Retained => heap(a).retained_size.cmp(&heap(b).retained_size),
            ProfileColumn::Verdict => verdict_rank(a.verdict).cmp(&verdict_rank(b.verdict)),
        }
    };
    ordered(
        functions,
        |f| {
            (verdict.is_none() || f.verdict == verdict)
                && (name_matches(&f.name, &needle) || name_matches(&f.url, &needle))
        },
        cmp,
        sort.descending,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use heapscope_core::compare::profile::HeapShare;

    fn class(name: &str, new: u64, deleted: u64, size_delta: i64) -> ClassDelta {
        ClassDelta {
            name: name.into(),
            key: format!(",{name}"),
            new: Some(new),
            deleted: Some(deleted),
            count_delta: new as i64 - deleted as i64,
            alloc_size: Some(new * 10),
            freed_size: Some(deleted * 10),
            size_delta,
            base_count: deleted,
            target_count: new,
            base_size: 0,
            target_size: 0,
        }
    }

    fn sample() -> Vec<ClassDelta> {
        vec![
            class("(string)", 20, 0, 200),
            class("Session", 5, 0, 50),
            class("Array", 0, 9, -90),
            class("Timer", 1, 1, 0),
        ]
    }

    #[test]
    fn growth_first_then_what_was_freed_and_a_click_flips_it() {
        let s = default_diff_sort();
        assert_eq!(diff_order(&sample(), "", s), vec![0, 1, 3, 2]);
        let s = s.clicked(DiffColumn::SizeDelta);
        assert_eq!(diff_order(&sample(), "", s), vec![2, 3, 1, 0]);
        let s = s.clicked(DiffColumn::Deleted);
        assert!(s.descending, "figures start largest first");
        assert_eq!(diff_order(&sample(), "", s), vec![2, 3, 0, 1]);
        let s = s.clicked(DiffColumn::Name);
        assert!(!s.descending, "names start A→Z");
        assert_eq!(diff_order(&sample(), "", s), vec![0, 2, 1, 3]);
        assert_eq!(diff_order(&sample(), " sESS", s), vec![1]);
    }

    #[test]
    fn an_expanded_row_lists_its_new_objects_then_its_deleted_ones() {
        let classes = sample();
        let mut expanded = BTreeMap::new();
        let mut timer = ExpandedDiff::opening(&classes[3]);
        assert!(timer.new.loading && timer.deleted.loading);
        timer.new.rows.push(heapscope_core::NodeRow {
            ordinal: 7,
            id: 41,
            name: "Timer".into(),
            node_type: "object".into(),
            self_size: 10,
            retained_size: 10,
            distance: 3,
        });
        timer.new.loading = false;
        expanded.insert(3, timer);
        // Array has no new objects: only its deleted list opens.
        let array = ExpandedDiff::opening(&classes[2]);
        assert!(!array.new.loading && array.deleted.loading);
        expanded.insert(2, array);
        assert_eq!(
            diff_lines(&[3, 2, 0], &expanded),
            vec![
                DiffLine::Class(3),
                DiffLine::Object {
                    row: 3,
                    deleted: false,
                    k: 0
                },
                DiffLine::More {
                    row: 3,
                    deleted: true
                },
                DiffLine::Class(2),
                DiffLine::More {
                    row: 2,
                    deleted: true
                },
                DiffLine::Class(0),
            ]
        );
    }

    #[test]
    fn the_chart_shows_the_largest_changes_either_way() {
        assert_eq!(largest_deltas(&sample(), 2), vec![0, 2]);
        assert_eq!(largest_deltas(&sample(), 10), vec![0, 2, 1], "no bar for 0");
    }

    fn function(
        name: &str,
        self_ms: f64,
        retained: u64,
        verdict: Option<Verdict>,
    ) -> ProfiledFunction {
        ProfiledFunction {
            name: name.into(),
            url: "file:///app.js".into(),
            line: 1,
            column: 1,
            self_ms,
            total_ms: self_ms,
            heap: Some(HeapShare {
                count: 1,
                self_size: 1,
                retained_size: retained,
            }),
            verdict,
        }
    }

    #[test]
    fn profile_functions_filter_by_verdict_and_sort_by_time_or_weight() {
        let fns = vec![
            function("Particle", 600.0, 500, Some(Verdict::HotHeavy)),
            function("churn", 300.0, 64, Some(Verdict::HotLight)),
            function("(garbage collector)", 20.0, 0, None),
            function("CacheEntry", 0.0, 350, Some(Verdict::ColdHeavy)),
        ];
        let s = default_profile_sort();
        assert_eq!(profile_order(&fns, "", None, s), vec![0, 1, 2, 3]);
        let s = s.clicked(ProfileColumn::Retained);
        assert_eq!(profile_order(&fns, "", None, s), vec![0, 3, 1, 2]);
        assert_eq!(
            profile_order(&fns, "", Some(Verdict::ColdHeavy), s),
            vec![3]
        );
        let s = s.clicked(ProfileColumn::Verdict);
        assert_eq!(profile_order(&fns, "", None, s), vec![0, 1, 3, 2]);
        assert_eq!(
            profile_order(&fns, "APP.JS", None, s).len(),
            4,
            "by URL too"
        );
    }

    #[test]
    fn allocating_functions_sort_by_script_and_line() {
        let f = |name: &str, script: &str, line: u32, live_size: u64| AllocatingFunction {
            name: name.into(),
            script: script.into(),
            script_id: 1,
            line,
            column: 1,
            live_count: 1,
            live_size,
            count: 1,
            size: live_size,
        };
        let fns = vec![
            f("addLineItems", "b.js", 18, 300),
            f("createOrder", "b.js", 17, 200),
            f("setTimeout", "a.js", 139, 100),
        ];
        assert_eq!(alloc_order(&fns, "", default_alloc_sort()), vec![0, 1, 2]);
        let s = default_alloc_sort().clicked(AllocColumn::Script);
        assert_eq!(alloc_order(&fns, "", s), vec![2, 1, 0]);
        assert_eq!(alloc_order(&fns, "b.js", s), vec![1, 0]);
    }
}
