//! Section 7, Detached objects: DOM and native objects that DevTools marks detached (no longer in a
//! document, after its propagation), by class, with what keeps them alive. The owner of a detached
//! object is the first object above it in the dominator tree that is neither detached nor an
//! internal backing store: the JS object (an array, a widget, a listener's context) whose release
//! would free the detached tree.

use super::markdown::{self, Table};
use super::objects::ObjectEntry;
use super::units::{bytes, count};
use super::Section;
use crate::analysis::Analysis;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// DevTools' `DOMLinkState.DETACHED`.
const DETACHED: u8 = 2;
/// Owners listed per class.
const OWNERS_PER_CLASS: usize = 3;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetachedSection {
    pub count: u64,
    pub shallow_size: u64,
    /// Retained by all detached objects, nested ones counted once.
    pub retained_size: u64,
    pub by_class: Vec<DetachedClass>,
    /// The objects outside the detached trees that keep most of them alive.
    pub owners: Vec<DetachedOwner>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetachedClass {
    pub name: String,
    pub count: u64,
    pub shallow_size: u64,
    pub retained_size: u64,
    /// The kinds of owner holding most of this class's objects.
    pub owners: Vec<OwnerKind>,
    /// Objects of this class whose only owners are GC roots (no JS object holds them).
    pub held_by_roots: u64,
}

/// Owners of one class holding detached objects through one edge (`Widget` through `el`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnerKind {
    /// The owners' class.
    pub class: String,
    /// The edge from an owner to what it holds (`…` when it holds it through other objects).
    pub edge: String,
    /// How many owners of this kind there are.
    pub owners: u64,
    /// Detached objects they keep alive.
    pub detached_count: u64,
}

/// A kind of owner with the detached objects it keeps alive and its largest owner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetachedOwner {
    #[serde(flatten)]
    pub kind: OwnerKind,
    /// Retained by the detached objects directly below the owners (nested ones counted once).
    pub retained_size: u64,
    /// The owner of this kind that keeps most alive, with its path.
    pub owner: ObjectEntry,
}

/// The owner of a detached node and the node just below the owner on the node's dominator chain;
/// `None` when only roots hold it.
fn owner_of(a: &Analysis, node: u32) -> Option<(u32, u32)> {
    let snap = a.snapshot();
    let t = &snap.types;
    let root = a.root_ordinal();
    let (mut below, mut x) = (node, a.dominator(node));
    loop {
        if x == root || snap.node_type[x as usize] == t.synthetic {
            return None;
        }
        let ty = snap.node_type[x as usize];
        let detached = snap.node_detachedness[x as usize] == DETACHED;
        if !detached && ty != t.array && ty != t.hidden {
            return Some((x, below));
        }
        let up = a.dominator(x);
        if up == x {
            return None;
        }
        (below, x) = (x, up);
    }
}

/// How an owner holds what is below it: the name of its edge to it (`[]` for any element), or
/// `…` when it holds it through other objects.
fn holding_edge(a: &Analysis, owner: u32, below: u32) -> String {
    let snap = a.snapshot();
    snap.edges_of(owner)
        .find(|&e| snap.edge_to[e] == below)
        .map_or_else(
            || "…".to_owned(),
            |e| {
                if snap.types.edge_has_string_name(snap.edge_type[e]) {
                    snap.edge_name_string(e)
                } else {
                    "[]".to_owned()
                }
            },
        )
}

/// The class of an owner as the report names it (DevTools' class name, or its display name).
fn class_of(a: &Analysis, ord: u32) -> String {
    let c = a.node_class(ord);
    if c == crate::analysis::NO_CLASS {
        a.object_label(ord)
    } else {
        a.class_name(c).to_owned()
    }
}

/// Per (owner class, edge): the detached objects of one class held that way, and by which owners.
type ClassOwners = HashMap<(String, String), (u64, HashSet<u32>)>;

/// Per owner kind: the owners (with what each keeps alive) and the detached objects held.
#[derive(Default)]
struct KindAgg {
    owners: HashMap<u32, u64>,
    detached: u64,
    /// Outermost detached objects held directly by the owners.
    retained: u64,
}

/// The section for one analysis on its own (outside a whole report), `top` owner kinds listed.
pub fn of(a: &crate::analysis::Analysis, top: usize) -> DetachedSection {
    compute(&super::Ctx::new(a), top)
}

pub(crate) fn compute(ctx: &super::Ctx, top: usize) -> DetachedSection {
    let a = ctx.a;
    let snap = a.snapshot();
    let summary = a.detached();
    let mut classes: Vec<(DetachedClass, ClassOwners)> = Vec::new();
    let mut class_slot: HashMap<u32, usize> = HashMap::new();
    let mut kinds: HashMap<(String, String), KindAgg> = HashMap::new();
    let mut slot_of = vec![u32::MAX; snap.node_count()];
    for o in 0..snap.node_count() as u32 {
        if snap.node_detachedness[o as usize] != DETACHED {
            continue;
        }
        let class = a.node_class(o);
        let slot = *class_slot.entry(class).or_insert_with(|| {
            let name = if class == crate::analysis::NO_CLASS {
                a.display_name(o)
            } else {
                a.class_name(class).to_owned()
            };
            classes.push((
                DetachedClass {
                    name,
                    count: 0,
                    shallow_size: 0,
                    retained_size: 0,
                    owners: Vec::new(),
                    held_by_roots: 0,
                },
                HashMap::new(),
            ));
            classes.len() - 1
        });
        slot_of[o as usize] = slot as u32;
        let (c, by_kind) = &mut classes[slot];
        c.count += 1;
        c.shallow_size += a.self_size(o);
        match owner_of(a, o) {
            Some((owner, below)) => {
                let key = (class_of(a, owner), holding_edge(a, owner, below));
                let k = by_kind.entry(key.clone()).or_default();
                k.0 += 1;
                k.1.insert(owner);
                let agg = kinds.entry(key).or_default();
                agg.detached += 1;
                if owner_of_is_direct(a, o, owner) {
                    agg.retained += a.retained_size(o);
                    *agg.owners.entry(owner).or_insert(0) += a.retained_size(o);
                } else {
                    agg.owners.entry(owner).or_insert(0);
                }
            }
            None => c.held_by_roots += 1,
        }
    }
    // Retained per class and in all, nested detached objects counted once (two walks of the
    // dominator tree, skipped when nothing is detached: most Node snapshots).
    let (per_class, all) = if classes.is_empty() {
        (Vec::new(), vec![0])
    } else {
        let order = ctx.order();
        (
            order.outermost_by_key(a, classes.len(), |o| {
                Some(slot_of[o as usize]).filter(|&s| s != u32::MAX)
            }),
            order.outermost_by_key(a, 1, |o| (slot_of[o as usize] != u32::MAX).then_some(0)),
        )
    };
    drop(slot_of);
    let mut by_class: Vec<DetachedClass> = classes
        .into_iter()
        .enumerate()
        .map(|(i, (mut c, by_kind))| {
            c.retained_size = per_class[i];
            let mut k: Vec<OwnerKind> = by_kind
                .into_iter()
                .map(|((class, edge), (n, owners))| OwnerKind {
                    class,
                    edge,
                    owners: owners.len() as u64,
                    detached_count: n,
                })
                .collect();
            k.sort_by(|x, y| {
                y.detached_count
                    .cmp(&x.detached_count)
                    .then_with(|| x.class.cmp(&y.class))
                    .then_with(|| x.edge.cmp(&y.edge))
            });
            k.truncate(OWNERS_PER_CLASS);
            c.owners = k;
            c
        })
        .collect();
    by_class.sort_by(|x, y| {
        y.retained_size
            .cmp(&x.retained_size)
            .then(y.count.cmp(&x.count))
            .then_with(|| x.name.cmp(&y.name))
    });
    let mut kinds: Vec<((String, String), KindAgg)> = kinds.into_iter().collect();
    kinds.sort_by(|x, y| {
        y.1.retained
            .cmp(&x.1.retained)
            .then(y.1.detached.cmp(&x.1.detached))
            .then_with(|| x.0.cmp(&y.0))
    });
    let owners = kinds
        .into_iter()
        .take(top)
        .map(|((class, edge), agg)| {
            let largest = agg
                .owners
                .iter()
                .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
                .map(|(&o, _)| o)
                .expect("a kind has an owner");
            DetachedOwner {
                kind: OwnerKind {
                    class,
                    edge,
                    owners: agg.owners.len() as u64,
                    detached_count: agg.detached,
                },
                retained_size: agg.retained,
                owner: ObjectEntry::new(a, largest),
            }
        })
        .collect();
    DetachedSection {
        count: summary.count,
        shallow_size: summary.shallow_size,
        retained_size: all[0],
        by_class,
        owners,
    }
}

/// Whether `node`'s nearest detached-or-store ancestors lead straight to `owner` (so it is an
/// outermost detached object of that owner, not one nested in another detached object).
fn owner_of_is_direct(a: &Analysis, node: u32, owner: u32) -> bool {
    let snap = a.snapshot();
    let mut x = a.dominator(node);
    while x != owner {
        if snap.node_detachedness[x as usize] == DETACHED {
            return false;
        }
        let up = a.dominator(x);
        if up == x {
            return false;
        }
        x = up;
    }
    true
}

/// `500 × Widget through el (500)`.
fn owner_kind_text(k: &OwnerKind) -> String {
    format!(
        "{} × {} through {} ({})",
        count(k.owners),
        markdown::text(&k.class, 60),
        markdown::text(&k.edge, 40),
        count(k.detached_count)
    )
}

impl Section for DetachedSection {
    fn title(&self) -> &'static str {
        "Detached objects"
    }

    fn markdown(&self, _report: &super::Report, out: &mut String) {
        if self.count == 0 {
            out.push_str("No detached DOM or native objects.\n\n");
            return;
        }
        out.push_str(&format!(
            "{} detached objects ({} own size) retain {}.\n\n",
            count(self.count),
            bytes(self.shallow_size),
            bytes(self.retained_size)
        ));
        let mut t = Table::new(&[
            ("Class", false),
            ("Count", true),
            ("Self", true),
            ("Retained", true),
            ("Kept alive by", false),
        ]);
        for c in &self.by_class {
            let mut owners: Vec<String> = c.owners.iter().map(owner_kind_text).collect();
            if c.held_by_roots > 0 {
                owners.push(format!("GC roots ({})", count(c.held_by_roots)));
            }
            t.row(&[
                markdown::text(&c.name, 60),
                count(c.count),
                bytes(c.shallow_size),
                bytes(c.retained_size),
                owners.join("; "),
            ]);
        }
        out.push_str(&t.finish());
        if !self.owners.is_empty() {
            out.push_str("The objects outside the detached trees that keep them alive:\n\n");
            let mut t = Table::new(&[
                ("Owners", false),
                ("Detached objects", true),
                ("Retained", true),
                ("Largest owner", false),
                ("Its path from a root", false),
            ]);
            for o in &self.owners {
                t.row(&[
                    owner_kind_text(&o.kind),
                    count(o.kind.detached_count),
                    bytes(o.retained_size),
                    o.owner.link(),
                    o.owner.path_markdown(200),
                ]);
            }
            out.push_str(&t.finish());
        }
    }
}
