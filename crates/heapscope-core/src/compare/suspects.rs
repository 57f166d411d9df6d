//! Growth suspects: not "+20,000 Function" but the owner that grew — the collection, listener list
//! or cache whose entries grew between two snapshots of one process — with what it accumulates and
//! the path of a sample new entry, so a reader knows which line of code to open.
//!
//! An object's entries are its element and property edges (not `__proto__`); an object with none
//! (a `Map`, a `Set`) counts the edges of its largest backing store instead (an `array` node it
//! holds by an internal edge, such as a Map's `table`). Every object of the target that holds at
//! least one new entry (an object whose id the base lacks) is a candidate; its growth is its entry
//! count minus the base's for the same id (an owner new since the base needs at least
//! [`MIN_NEW_OWNER_ENTRIES`]). Suspects are ranked by what their new entries retain, then by growth.

use super::ids::{IdJoin, NONE};
use super::path::{class_name_of, entry_label, holder_label, step};
use crate::analysis::PathStep;
use crate::snapshot::HeapSnapshot;
use crate::Analysis;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many suspects are reported.
pub const MAX_SUSPECTS: usize = 10;
/// An owner created since the base is a suspect only with at least this many entries.
pub const MIN_NEW_OWNER_ENTRIES: u64 = 100;
/// How many accumulated classes a suspect lists.
const MAX_ACCUMULATED: usize = 3;

/// What a grown owner accumulates: a class of its new entries (closures by function name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accumulated {
    pub name: String,
    pub count: u64,
}

/// An owner that grew.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GrowthSuspect {
    /// How the owner is reached: the trailing property and variable names of its path
    /// (`sessionCache`, `bus._events.tick`), else its class name.
    pub name: String,
    /// The owner object itself.
    pub owner: PathStep,
    pub owner_class: String,
    /// What the new entries are, most frequent first (closures by function and location, e.g.
    /// `onSessionTick (leak.js:29)`).
    pub accumulates: Vec<Accumulated>,
    /// Entries in the target minus entries in the base.
    pub count_delta: i64,
    /// Retained size of the owner in the target minus in the base.
    pub size_delta: i64,
    pub entries_before: u64,
    pub entries_after: u64,
    /// Entries of the target that are new objects, and the sum of their retained sizes.
    pub new_entries: u64,
    pub new_entries_retained_size: u64,
    /// The retainer path of the largest new entry: root side first, through the owner.
    pub retainer_path: Vec<PathStep>,
    /// The owner's own path (a prefix of `retainer_path`).
    pub owner_path: Vec<PathStep>,
}

/// Where an object's entries are: its own edges, or a backing store it holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Own,
    /// Through the internal edge with this ordinal, to a store.
    Store(usize),
}

/// Whether edge `e` is one of its owner's own entries: an element, or a property but `__proto__`.
fn is_own_entry(snap: &HeapSnapshot, e: usize) -> bool {
    let t = &snap.types;
    let et = snap.edge_type[e];
    et == t.edge_element
        || (et == t.edge_property && snap.strings.get(snap.edge_name[e]) != "__proto__")
}

/// An object's entry count and where its entries are.
fn entries(snap: &HeapSnapshot, o: u32) -> (u64, Source) {
    let t = &snap.types;
    let mut own = 0u64;
    let mut best: Option<(u64, usize)> = None;
    for e in snap.edges_of(o) {
        if is_own_entry(snap, e) {
            own += 1;
        } else if snap.edge_type[e] == t.edge_internal
            && snap.node_type[snap.edge_to[e] as usize] == t.array
        {
            let n = snap.edges_of(snap.edge_to[e]).len() as u64;
            if best.is_none_or(|(m, _)| n > m) {
                best = Some((n, e));
            }
        }
    }
    match best {
        Some((n, e)) if own == 0 => (n, Source::Store(e)),
        _ => (own, Source::Own),
    }
}

/// The edges that are entries of `o` under `source` (no allocation: a range and a filter).
fn entry_edges(snap: &HeapSnapshot, o: u32, source: Source) -> impl Iterator<Item = usize> + '_ {
    let (range, own) = match source {
        Source::Own => (snap.edges_of(o), true),
        Source::Store(e) => (snap.edges_of(snap.edge_to[e]), false),
    };
    range.filter(move |&e| !own || is_own_entry(snap, e))
}

fn edge_label(snap: &HeapSnapshot, e: usize) -> String {
    let name = snap.edge_name_string(e);
    if snap.types.edge_has_string_name(snap.edge_type[e]) {
        name
    } else {
        format!("[{name}]")
    }
}

/// What an entry is, for counting: its class, and for a closure its function's location and name.
type EntryKind = (u32, Option<(u32, u32, u32)>, u32);

struct Candidate {
    owner: u32,
    source: Source,
    before: u64,
    after: u64,
    new_entries: u64,
    new_retained: u64,
    /// The new entry with the largest retained size (edge ordinal).
    sample: usize,
}

/// The owners that grew from `base` to `target` (snapshots of one process), strongest first.
pub fn find(base: &Analysis, target: &Analysis, join: &IdJoin) -> Vec<GrowthSuspect> {
    let (bs, ts) = (base.snapshot(), target.snapshot());
    let object = ts.types.object;
    let mut candidates: Vec<Candidate> = Vec::new();
    for o in 0..ts.node_count() as u32 {
        if ts.node_type[o as usize] != object {
            continue;
        }
        let (after, source) = entries(ts, o);
        if after == 0 {
            continue;
        }
        let base_ord = join.base_of[o as usize];
        let before = if base_ord == NONE {
            if after < MIN_NEW_OWNER_ENTRIES {
                continue;
            }
            0
        } else {
            entries(bs, base_ord).0
        };
        if after <= before {
            continue;
        }
        let (mut new_entries, mut new_retained, mut sample) = (0u64, 0u64, None::<(u64, usize)>);
        for e in entry_edges(ts, o, source) {
            let to = ts.edge_to[e];
            if !join.is_new(to) {
                continue;
            }
            let r = target.retained_size(to);
            new_entries += 1;
            new_retained += r;
            if sample.is_none_or(|(m, _)| r > m) {
                sample = Some((r, e));
            }
        }
        if let Some((_, sample)) = sample {
            candidates.push(Candidate {
                owner: o,
                source,
                before,
                after,
                new_entries,
                new_retained,
                sample,
            });
        }
    }
    candidates.sort_by(|a, b| {
        b.new_retained
            .cmp(&a.new_retained)
            .then((b.after - b.before).cmp(&(a.after - a.before)))
            .then(a.owner.cmp(&b.owner))
    });
    candidates.truncate(MAX_SUSPECTS);
    candidates
        .into_iter()
        .map(|c| suspect(base, target, join, c))
        .collect()
}

fn suspect(base: &Analysis, target: &Analysis, join: &IdJoin, c: Candidate) -> GrowthSuspect {
    let ts = target.snapshot();
    // Entries counted by class, closures also by function (name and location); each distinct one
    // named once.
    let mut counts: HashMap<EntryKind, (u64, u32)> = HashMap::new();
    for e in entry_edges(ts, c.owner, c.source) {
        let to = ts.edge_to[e];
        if join.is_new(to) {
            let closure = ts.node_type[to as usize] == ts.types.closure;
            let key = (
                target.node_class(to),
                target.location(to).filter(|_| closure),
                if closure {
                    ts.node_name[to as usize]
                } else {
                    0
                },
            );
            counts.entry(key).or_insert((0, to)).0 += 1;
        }
    }
    let mut accumulates: Vec<Accumulated> = counts
        .into_values()
        .map(|(count, example)| Accumulated {
            name: entry_label(target, example),
            count,
        })
        .collect();
    accumulates.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    accumulates.truncate(MAX_ACCUMULATED);

    let owner_path = target.explain_path(c.owner);
    let mut retainer_path = owner_path.clone();
    let edge_type = |e: usize| ts.types.edge_type_name(ts.edge_type[e]).to_owned();
    if let Source::Store(e) = c.source {
        retainer_path.push(step(target, ts.edge_to[e], edge_label(ts, e), edge_type(e)));
    }
    let sample = ts.edge_to[c.sample];
    retainer_path.push(step(
        target,
        sample,
        edge_label(ts, c.sample),
        edge_type(c.sample),
    ));

    let owner_class = class_name_of(target, c.owner)
        .unwrap_or(ts.node_name_str(c.owner))
        .to_owned();
    let base_ord = join.base_of[c.owner as usize];
    let before_retained = if base_ord == NONE {
        0
    } else {
        base.retained_size(base_ord)
    };
    GrowthSuspect {
        name: holder_label(&owner_path, &owner_class),
        owner: owner_path
            .last()
            .cloned()
            .unwrap_or_else(|| step(target, c.owner, String::new(), String::new())),
        owner_class,
        accumulates,
        count_delta: c.after as i64 - c.before as i64,
        size_delta: target.retained_size(c.owner) as i64 - before_retained as i64,
        entries_before: c.before,
        entries_after: c.after,
        new_entries: c.new_entries,
        new_entries_retained_size: c.new_retained,
        retainer_path,
        owner_path,
    }
}
