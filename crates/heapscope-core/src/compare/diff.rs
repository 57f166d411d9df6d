//! DevTools' Comparison view of two snapshots, rule for rule (`aggregatesForDiff` on the base,
//! `calculateSnapshotDiff` on the target): the base's classes are re-aggregated with the target's
//! plain-object interface definitions (so `{a, b}` names line up), both sides' aggregated nodes
//! (self size > 0) are grouped by DevTools' text class key and sorted by node id, and each class's
//! two id lists are merged: an id only in the base is deleted, only in the target new, in both the
//! same object. Classes where nothing was added or deleted are left out. An object whose class
//! changed counts as deleted from one and new in the other, as in DevTools. Also DevTools' "objects
//! allocated between" the two (target ids above the base's largest odd id, up to the target's).
//!
//! Ids only line up within one process ([`super::ids`]); for snapshots of different processes the
//! comparison falls back to class totals by name (count and size), and says so.

use super::ids::IdJoin;
use super::suspects::{self, GrowthSuspect};
use crate::analysis::for_compare::{KeyedClasses, NO_KEY};
use crate::Analysis;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One class of the comparison. In the by-id comparison every field is set; in the by-class
/// fallback `new`, `deleted`, `alloc_size` and `freed_size` are `None` (unknown without ids).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassDelta {
    /// DevTools' class name (`Function` for closures, `{a, b}` for plain objects).
    pub name: String,
    /// DevTools' class key (`,Name`, or `script,line,column,Name` for constructors with a location);
    /// the name in the by-class fallback.
    pub key: String,
    pub new: Option<u64>,
    pub deleted: Option<u64>,
    pub count_delta: i64,
    /// Shallow size of the new objects.
    pub alloc_size: Option<u64>,
    /// Shallow size of the deleted objects.
    pub freed_size: Option<u64>,
    pub size_delta: i64,
    pub base_count: u64,
    pub target_count: u64,
    pub base_size: u64,
    pub target_size: u64,
}

/// Sums over all classes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffTotals {
    pub new: u64,
    pub deleted: u64,
    pub alloc_size: u64,
    pub freed_size: u64,
    pub count_delta: i64,
    pub size_delta: i64,
}

/// DevTools' "Objects allocated between" the base and the target: target objects whose id lies
/// above the base's largest odd (JS) id and at most the target's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AllocatedBetween {
    pub count: u64,
    pub self_size: u64,
    pub base_max_js_id: u64,
    pub target_max_js_id: u64,
    /// The largest classes of those objects by shallow size.
    pub classes: Vec<ClassCount>,
}

/// A class with a count and a shallow size.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassCount {
    pub name: String,
    pub count: u64,
    pub self_size: u64,
}

/// How the snapshots were compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComparisonKind {
    /// Object by object, matched by node id (snapshots of one process).
    ById,
    /// Class totals by name only (snapshots of different processes).
    ByClass,
}

/// The comparison of two snapshots, what `heapscope diff --json` prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotDiff {
    /// Whether both snapshots come from one process, so objects match by id.
    pub same_process: bool,
    pub comparison: ComparisonKind,
    /// One plain sentence saying how the snapshots were compared, and why.
    pub note: String,
    /// Odd (V8 heap object) ids present in both snapshots, and how many of them name the same
    /// type and name in both: the evidence for `same_process`.
    pub shared_js_ids: u64,
    pub agreeing_js_ids: u64,
    pub totals: DiffTotals,
    /// Changed classes, largest size change first.
    pub classes: Vec<ClassDelta>,
    /// `None` in the by-class fallback.
    pub allocated_between: Option<AllocatedBetween>,
    /// The owners that grew (collections, listener lists, caches), strongest first; empty in the
    /// by-class fallback.
    pub suspects: Vec<GrowthSuspect>,
}

/// How many classes "allocated between" lists.
const ALLOCATED_BETWEEN_CLASSES: usize = 20;

/// A comparison with the objects behind each row, for views that list a class's new objects.
pub struct Comparison {
    diff: SnapshotDiff,
    /// Target ordinals of the new objects, row after row (in id order within a row).
    added: Vec<u32>,
    /// Base ordinals of the deleted objects, row after row.
    deleted: Vec<u32>,
    /// Per row: `(added start, deleted start)`; one more entry than rows.
    starts: Vec<(u32, u32)>,
}

impl Comparison {
    /// Compares `base` with `target` (DevTools' Comparison with `base` as the baseline).
    pub fn new(base: &Analysis, target: &Analysis) -> Comparison {
        let join = IdJoin::new(base.snapshot(), target.snapshot());
        let mut comparison = if join.same_process() {
            by_id(base, target, &join)
        } else {
            by_class(base, target, &join)
        };
        if join.same_process() {
            comparison.diff.suspects = suspects::find(base, target, &join);
        }
        comparison
    }

    pub fn diff(&self) -> &SnapshotDiff {
        &self.diff
    }

    pub fn into_diff(self) -> SnapshotDiff {
        self.diff
    }

    /// Target ordinals of the new objects of row `row` of [`SnapshotDiff::classes`], in id order.
    pub fn new_objects(&self, row: usize) -> &[u32] {
        match (self.starts.get(row), self.starts.get(row + 1)) {
            (Some(a), Some(b)) => &self.added[a.0 as usize..b.0 as usize],
            _ => &[],
        }
    }

    /// Base ordinals of the deleted objects of row `row`, in id order.
    pub fn deleted_objects(&self, row: usize) -> &[u32] {
        match (self.starts.get(row), self.starts.get(row + 1)) {
            (Some(a), Some(b)) => &self.deleted[a.1 as usize..b.1 as usize],
            _ => &[],
        }
    }
}

/// Aggregated nodes of one side as `(key << 32 | id, ordinal)`, sorted: grouped by key, by id
/// within a key.
fn keyed_ids(analysis: &Analysis, classes: &KeyedClasses, unified: &[u32]) -> Vec<(u64, u32)> {
    let ids = &analysis.snapshot().node_id;
    let mut v: Vec<(u64, u32)> = classes
        .node_key
        .iter()
        .enumerate()
        .filter(|(_, &k)| k != NO_KEY)
        .map(|(o, &k)| {
            (
                (unified[k as usize] as u64) << 32 | ids.low32(o) as u64,
                o as u32,
            )
        })
        .collect();
    v.sort_unstable();
    v
}

fn key_of(entry: &(u64, u32)) -> u32 {
    (entry.0 >> 32) as u32
}

fn id_of(entry: &(u64, u32)) -> u32 {
    entry.0 as u32
}

/// The run of entries with key `k` starting at `*at`, advancing `*at` past it.
fn take_key<'a>(v: &'a [(u64, u32)], at: &mut usize, k: u32) -> &'a [(u64, u32)] {
    let start = *at;
    while *at < v.len() && key_of(&v[*at]) == k {
        *at += 1;
    }
    &v[start..*at]
}

/// Maps each `(key, name)` to its index in the shared key space, adding the keys not seen yet.
fn unify<'a>(
    keys: &'a [(String, String)],
    index: &mut HashMap<&'a str, u32>,
    classes: &mut Vec<(&'a str, &'a str)>,
) -> Vec<u32> {
    keys.iter()
        .map(|(key, name)| {
            *index.entry(key.as_str()).or_insert_with(|| {
                classes.push((key.as_str(), name.as_str()));
                classes.len() as u32 - 1
            })
        })
        .collect()
}

fn by_id(base: &Analysis, target: &Analysis, join: &IdJoin) -> Comparison {
    let definitions = target.interface_definitions();
    let tk = target.keyed_classes(None);
    let bk = base.keyed_classes(Some(&definitions));
    drop(definitions);
    // One key space: the target's keys, then keys only the base has.
    let mut index: HashMap<&str, u32> = HashMap::with_capacity(tk.keys.len());
    let mut classes: Vec<(&str, &str)> = Vec::with_capacity(tk.keys.len());
    let t_unified = unify(&tk.keys, &mut index, &mut classes);
    let b_unified = unify(&bk.keys, &mut index, &mut classes);
    let b = keyed_ids(base, &bk, &b_unified);
    let t = keyed_ids(target, &tk, &t_unified);
    let (bs, ts) = (
        &base.snapshot().node_self_size,
        &target.snapshot().node_self_size,
    );

    let mut rows: Vec<(ClassDelta, Vec<u32>, Vec<u32>)> = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    while i < b.len() || j < t.len() {
        let k = match (b.get(i), t.get(j)) {
            (Some(x), Some(y)) => key_of(x).min(key_of(y)),
            (Some(x), None) => key_of(x),
            (None, Some(y)) => key_of(y),
            (None, None) => unreachable!(),
        };
        let base_run = take_key(&b, &mut i, k);
        let target_run = take_key(&t, &mut j, k);
        let (mut added, mut deleted) = (Vec::new(), Vec::new());
        let (mut x, mut y) = (0usize, 0usize);
        while x < base_run.len() && y < target_run.len() {
            let (bid, tid) = (id_of(&base_run[x]), id_of(&target_run[y]));
            if bid < tid {
                deleted.push(base_run[x].1);
                x += 1;
            } else if bid > tid {
                added.push(target_run[y].1);
                y += 1;
            } else {
                x += 1;
                y += 1;
            }
        }
        deleted.extend(base_run[x..].iter().map(|e| e.1));
        added.extend(target_run[y..].iter().map(|e| e.1));
        if added.is_empty() && deleted.is_empty() {
            continue;
        }
        let size = |run: &[(u64, u32)], sizes: &[u32]| -> u64 {
            run.iter().map(|e| sizes[e.1 as usize] as u64).sum()
        };
        let alloc: u64 = added.iter().map(|&o| ts[o as usize] as u64).sum();
        let freed: u64 = deleted.iter().map(|&o| bs[o as usize] as u64).sum();
        rows.push((
            ClassDelta {
                name: classes[k as usize].1.to_owned(),
                key: classes[k as usize].0.to_owned(),
                new: Some(added.len() as u64),
                deleted: Some(deleted.len() as u64),
                count_delta: added.len() as i64 - deleted.len() as i64,
                alloc_size: Some(alloc),
                freed_size: Some(freed),
                size_delta: alloc as i64 - freed as i64,
                base_count: base_run.len() as u64,
                target_count: target_run.len() as u64,
                base_size: size(base_run, bs),
                target_size: size(target_run, ts),
            },
            added,
            deleted,
        ));
    }
    rows.sort_by(|a, b| {
        b.0.size_delta
            .unsigned_abs()
            .cmp(&a.0.size_delta.unsigned_abs())
            .then(
                b.0.count_delta
                    .unsigned_abs()
                    .cmp(&a.0.count_delta.unsigned_abs()),
            )
            .then_with(|| a.0.key.cmp(&b.0.key))
    });
    let mut totals = DiffTotals::default();
    let mut comparison = Comparison {
        diff: SnapshotDiff {
            same_process: true,
            comparison: ComparisonKind::ById,
            note: format!(
                "Both snapshots come from one process ({} of {} shared object ids name the same object), \
                 so objects are matched by id, as DevTools' Comparison view does.",
                join.agreeing_js_ids, join.shared_js_ids
            ),
            shared_js_ids: join.shared_js_ids,
            agreeing_js_ids: join.agreeing_js_ids,
            totals,
            classes: Vec::with_capacity(rows.len()),
            allocated_between: Some(allocated_between(base, target, &tk)),
            suspects: Vec::new(),
        },
        added: Vec::new(),
        deleted: Vec::new(),
        starts: vec![(0, 0)],
    };
    for (row, added, deleted) in rows {
        totals.new += row.new.unwrap_or(0);
        totals.deleted += row.deleted.unwrap_or(0);
        totals.alloc_size += row.alloc_size.unwrap_or(0);
        totals.freed_size += row.freed_size.unwrap_or(0);
        totals.count_delta += row.count_delta;
        totals.size_delta += row.size_delta;
        comparison.added.extend(added);
        comparison.deleted.extend(deleted);
        comparison.starts.push((
            comparison.added.len() as u32,
            comparison.deleted.len() as u32,
        ));
        comparison.diff.classes.push(row);
    }
    comparison.diff.totals = totals;
    comparison
}

fn max_js_id(analysis: &Analysis) -> u32 {
    analysis
        .snapshot()
        .node_id
        .low32_iter()
        .filter(|id| id % 2 == 1)
        .max()
        .unwrap_or(0)
}

/// DevTools' node id filter for "Objects allocated between": `base max JS id < id <= target max JS
/// id`, over the target's aggregated nodes.
fn allocated_between(base: &Analysis, target: &Analysis, tk: &KeyedClasses) -> AllocatedBetween {
    let (lo, hi) = (max_js_id(base), max_js_id(target));
    let snap = target.snapshot();
    let mut per_key: Vec<(u64, u64)> = vec![(0, 0); tk.keys.len()];
    let mut out = AllocatedBetween {
        base_max_js_id: lo as u64,
        target_max_js_id: hi as u64,
        ..AllocatedBetween::default()
    };
    for (o, &k) in tk.node_key.iter().enumerate() {
        let id = snap.node_id.low32(o);
        if k == NO_KEY || id <= lo || id > hi {
            continue;
        }
        let size = snap.node_self_size[o] as u64;
        out.count += 1;
        out.self_size += size;
        per_key[k as usize].0 += 1;
        per_key[k as usize].1 += size;
    }
    let mut classes: Vec<ClassCount> = per_key
        .iter()
        .enumerate()
        .filter(|(_, c)| c.0 > 0)
        .map(|(k, &(count, self_size))| ClassCount {
            name: tk.keys[k].1.clone(),
            count,
            self_size,
        })
        .collect();
    classes.sort_by(|a, b| {
        b.self_size
            .cmp(&a.self_size)
            .then_with(|| a.name.cmp(&b.name))
    });
    classes.truncate(ALLOCATED_BETWEEN_CLASSES);
    out.classes = classes;
    out
}

/// Count and shallow size per class name, over one snapshot's aggregated nodes.
fn totals_by_name(analysis: &Analysis) -> HashMap<String, (u64, u64)> {
    let classes = analysis.keyed_classes(None);
    let sizes = &analysis.snapshot().node_self_size;
    let mut per_key = vec![(0u64, 0u64); classes.keys.len()];
    for (o, &k) in classes.node_key.iter().enumerate() {
        if k != NO_KEY {
            per_key[k as usize].0 += 1;
            per_key[k as usize].1 += sizes[o] as u64;
        }
    }
    let mut by_name: HashMap<String, (u64, u64)> = HashMap::new();
    for ((_, name), (count, size)) in classes.keys.into_iter().zip(per_key) {
        let e = by_name.entry(name).or_default();
        e.0 += count;
        e.1 += size;
    }
    by_name
}

fn by_class(base: &Analysis, target: &Analysis, join: &IdJoin) -> Comparison {
    let b = totals_by_name(base);
    let t = totals_by_name(target);
    let mut names: Vec<&String> = b
        .keys()
        .chain(t.keys().filter(|n| !b.contains_key(*n)))
        .collect();
    names.sort();
    let mut totals = DiffTotals::default();
    let mut classes: Vec<ClassDelta> = names
        .into_iter()
        .filter_map(|name| {
            let (bc, bsz) = b.get(name).copied().unwrap_or_default();
            let (tc, tsz) = t.get(name).copied().unwrap_or_default();
            if bc == tc && bsz == tsz {
                return None;
            }
            Some(ClassDelta {
                name: name.clone(),
                key: name.clone(),
                new: None,
                deleted: None,
                count_delta: tc as i64 - bc as i64,
                alloc_size: None,
                freed_size: None,
                size_delta: tsz as i64 - bsz as i64,
                base_count: bc,
                target_count: tc,
                base_size: bsz,
                target_size: tsz,
            })
        })
        .collect();
    classes.sort_by(|a, b| {
        b.size_delta
            .unsigned_abs()
            .cmp(&a.size_delta.unsigned_abs())
            .then(
                b.count_delta
                    .unsigned_abs()
                    .cmp(&a.count_delta.unsigned_abs()),
            )
            .then_with(|| a.key.cmp(&b.key))
    });
    for c in &classes {
        totals.count_delta += c.count_delta;
        totals.size_delta += c.size_delta;
    }
    let rows = classes.len();
    let evidence = if join.shared_js_ids == 0 {
        "they share no object id".to_owned()
    } else {
        format!(
            "only {} of the {} object ids they share name the same object",
            join.agreeing_js_ids, join.shared_js_ids
        )
    };
    Comparison {
        diff: SnapshotDiff {
            same_process: false,
            comparison: ComparisonKind::ByClass,
            note: format!(
                "These snapshots come from different processes ({evidence}), so objects cannot be \
                 matched by id: this is a class-level comparison of counts and sizes by class name; \
                 new and deleted objects are unknown. Take both snapshots from one running process \
                 for an object-level comparison."
            ),
            shared_js_ids: join.shared_js_ids,
            agreeing_js_ids: join.agreeing_js_ids,
            totals,
            classes,
            allocated_between: None,
            suspects: Vec::new(),
        },
        added: Vec::new(),
        deleted: Vec::new(),
        starts: vec![(0, 0); rows + 1],
    }
}
