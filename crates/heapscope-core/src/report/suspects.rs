//! Section 9, Leak suspects, in the manner of Eclipse MAT's Leak Suspects report, naming the
//! object a person would fix rather than the container above it.
//!
//! Three kinds, listed in this order (each by size, largest first):
//! 1. **Accumulation points**: a collection (Map, Set, array, listener list, object used as a
//!    dictionary) that holds many instances of one class or function. Instances are grouped by
//!    DevTools' class (closures by their function); each instance's holders are its retainers, with
//!    V8's backing stores (an Array's elements, a Map's hash table, a dictionary's properties)
//!    resolved to the collection that owns them. A holder of at least 100 instances of a group
//!    whose instances retain at least a tenth of the suspect share is an accumulation point; its
//!    size is what those instances retain. Growth is what leaks, so these come first.
//! 2. **Large objects**: an object retaining at least the suspect share (default 10%) of the heap.
//!    The dominator tree is descended from the root through containers that merely sit above the
//!    size (synthetic roots, global objects, native contexts, a module's top-level scope, Node's
//!    `Module`) and then, as MAT does, from each large child along its largest child while that
//!    child holds at least 70% of it (backing stores count as part of their owner), to the object
//!    where the size stops concentrating.
//! 3. **Classes** whose instances together retain at least the suspect share, spread over many
//!    objects that no suspect above already explains.

use super::markdown;
use super::objects::ObjectEntry;
use super::units::{bytes, count, percent};
use super::{name_flag, Ctx, Section};
use crate::analysis::fxhash::FxHashMap;
use crate::analysis::{Analysis, NO_CLASS};
use serde::{Deserialize, Serialize};

/// A holder of at least this many instances of one group can be an accumulation point.
pub const MIN_INSTANCES: u64 = 100;
/// MAT's "big drop": descend to the largest child while it holds at least this share.
const BIG_DROP: f64 = 0.7;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuspectKind {
    Accumulation,
    LargeObject,
    Class,
}

/// The suspects, strongest first (serialized as a plain list).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SuspectsSection {
    pub suspects: Vec<Suspect>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suspect {
    pub kind: SuspectKind,
    /// The object to look at (the collection, the large object, or the class's largest instance).
    #[serde(flatten)]
    pub object: ObjectEntry,
    /// The size this suspect explains: what the accumulated instances retain, the object's
    /// retained size, or the class's.
    pub size: u64,
    /// `size` as a share of the heap, in percent.
    pub share: f64,
    /// What the collection accumulates, for accumulation points and classes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accumulates: Option<Accumulation>,
    /// One sentence saying what it is and why it is suspected.
    pub summary: String,
    /// The runtime's own data rather than the application's: reached only through internal roots
    /// or held in a scope of the runtime's own code (`node:` modules). Listed after the others.
    pub internal: bool,
    /// Smaller accumulation points inside this one (its instances' own collections).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inside: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Accumulation {
    /// DevTools' class name, or the function's name (`onSessionTick`) for closures.
    pub class: String,
    pub count: u64,
    /// Retained by those instances together.
    pub retained_size: u64,
    /// The instance that retains most, with its path.
    pub example: ObjectEntry,
}

/// How instances are grouped: by DevTools class, closures by function.
struct Grouping<'a> {
    key: Vec<u32>,
    /// Exported class names by class index (empty for the rest); keys past them are functions.
    class_names: Vec<&'a str>,
    /// For each function key (from `class_names.len()` on), one of its closures, to name it by.
    function_closure: Vec<u32>,
    counts: Vec<u64>,
}

impl Grouping<'_> {
    /// The name of group `k`: its class name, or its function's name (its location when
    /// anonymous). Functions are named only when asked: most are never listed.
    fn name(&self, a: &Analysis, k: u32) -> String {
        let k = k as usize;
        if let Some(name) = self.class_names.get(k) {
            return (*name).to_owned();
        }
        let f = a
            .function_info(self.function_closure[k - self.class_names.len()])
            .expect("a closure");
        if f.name.is_empty() {
            f.label()
        } else {
            f.name
        }
    }
}

const NO_KEY: u32 = u32::MAX;

fn grouping(a: &Analysis) -> Grouping<'_> {
    let snap = a.snapshot();
    let t = &snap.types;
    let class_count = a.classes().iter().map(|c| c.index + 1).max().unwrap_or(0) as usize;
    let mut class_names: Vec<&str> = vec![""; class_count];
    for c in a.classes() {
        class_names[c.index as usize] = &c.name;
    }
    let mut counts = vec![0u64; class_count];
    let mut function_closure: Vec<u32> = Vec::new();
    let mut functions: FxHashMap<u32, u32> = FxHashMap::default();
    let shared = snap.strings.indices_of("shared");
    let mut key = vec![NO_KEY; snap.node_count()];
    for o in 0..snap.node_count() as u32 {
        let ty = snap.node_type[o as usize];
        let k = if ty == t.closure {
            let sfi = snap
                .edges_of(o)
                .find(|&e| shared.contains(&snap.edge_name[e]))
                .map_or(o, |e| snap.edge_to[e]);
            let next = counts.len() as u32;
            let k = *functions.entry(sfi).or_insert(next);
            if k == next {
                function_closure.push(o);
                counts.push(0);
            }
            k
        } else if ty == t.object || ty == t.native || ty == t.regexp || t.is_string_type(ty) {
            let c = a.node_class(o);
            if c == NO_CLASS || a.is_context(o) {
                continue;
            }
            c
        } else {
            continue;
        };
        key[o as usize] = k;
        counts[k as usize] += 1;
    }
    Grouping {
        key,
        class_names,
        function_closure,
        counts,
    }
}

/// The node whose collection backing store `store` is (its owner, or its owner's owner for a
/// store inside a store), or `None` when the chain ends at a root. A store's owner is its first
/// retainer (in edge order, so the first in node order) through an internal or hidden edge, read
/// from the reverse index. Whether that node can hold a collection at all is [`is_holder`]'s
/// question.
fn store_holder(ctx: &Ctx, store: u32) -> Option<u32> {
    let a = ctx.a;
    let snap = a.snapshot();
    let t = &snap.types;
    let mut x = store;
    for _ in 0..4 {
        if is_root_like(ctx, x) {
            return None;
        }
        if !is_store(ctx, x) {
            return Some(x);
        }
        let e = a.retainers().of(x).iter().find(|&&e| {
            let et = snap.edge_type[e as usize];
            et == t.edge_internal || et == t.edge_hidden
        })?;
        x = a.owner_of_edge(*e);
    }
    None
}

/// The root and synthetic nodes: nothing holds a collection for them.
fn is_root_like(ctx: &Ctx, x: u32) -> bool {
    let snap = ctx.a.snapshot();
    snap.node_type[x as usize] == snap.types.synthetic || x == ctx.a.root_ordinal()
}

/// Whether a node that is not a backing store can hold a collection: a scope holds variables,
/// not collections; containers hold everything.
fn is_holder(ctx: &Ctx, h: u32) -> bool {
    !ctx.a.is_context(h) && !is_container(ctx, h)
}

/// A backing store: V8's internal arrays and hidden objects, and Blink's heap vectors and hash
/// tables, which hold a collection's contents for the object that owns them.
fn is_store(ctx: &Ctx, ord: u32) -> bool {
    let t = &ctx.a.snapshot().types;
    let ty = ctx.a.snapshot().node_type[ord as usize];
    ty == t.array || ty == t.hidden || (ty == t.native && ctx.name_is(ord, name_flag::NATIVE_STORE))
}

/// Containers that merely sit above the size: never suspects themselves.
fn is_container(ctx: &Ctx, ord: u32) -> bool {
    let a = ctx.a;
    ord == a.root_ordinal()
        || a.snapshot().node_type[ord as usize] == a.snapshot().types.synthetic
        || ctx.name_is(ord, name_flag::CONTAINER)
        || a.is_top_level_context(ord)
}

/// Whether `child` is a backing store of `parent` (reached through an internal edge).
fn is_backing_store(ctx: &Ctx, parent: u32, child: u32) -> bool {
    let snap = ctx.a.snapshot();
    let t = &snap.types;
    is_store(ctx, child)
        && snap
            .edges_of(parent)
            .any(|e| snap.edge_to[e] == child && snap.edge_type[e] == t.edge_internal)
}

/// Children of `node` in the dominator tree, with the children of its backing stores in their
/// place, largest retained first.
fn effective_children(ctx: &Ctx, node: u32) -> Vec<u32> {
    let a = ctx.a;
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        for &c in a.dominated(n) {
            if is_backing_store(ctx, n, c) {
                stack.push(c);
            } else {
                out.push(c);
            }
        }
    }
    out.sort_by(|&x, &y| a.retained_size(y).cmp(&a.retained_size(x)).then(x.cmp(&y)));
    out
}

/// From a large object, MAT's descent to where the size stops concentrating.
fn concentration_point(ctx: &Ctx, mut node: u32) -> u32 {
    let a = ctx.a;
    loop {
        let children = effective_children(ctx, node);
        match children.first() {
            Some(&c) if a.retained_size(c) as f64 >= BIG_DROP * a.retained_size(node) as f64 => {
                node = c
            }
            _ => return node,
        }
    }
}

/// Large objects below the containers at the top of the dominator tree.
fn large_objects(ctx: &Ctx, min_size: u64) -> Vec<u32> {
    let a = ctx.a;
    let mut out = Vec::new();
    let mut stack = vec![a.root_ordinal()];
    while let Some(n) = stack.pop() {
        for c in effective_children(ctx, n) {
            if a.retained_size(c) < min_size {
                break;
            }
            if is_container(ctx, c) {
                stack.push(c);
            } else {
                let p = concentration_point(ctx, c);
                if !is_container(ctx, p) {
                    out.push(p);
                } else {
                    stack.push(p);
                }
            }
        }
    }
    out
}

struct Held {
    count: u64,
    retained: u64,
    largest: u32,
}

/// Accumulation points: `(holder, group, held)`, largest held size first, one per holder.
///
/// Two sweeps over the edges in node order (so an edge's owner is known without a lookup): the
/// first bounds what each holder references (a backing store's holder found through the reverse
/// index, for the stores that reference candidates only), the second counts the instances of the holders
/// that may qualify; an instance counts once per holder even when the holder reaches it both
/// directly and through its backing store.
fn accumulations(
    ctx: &Ctx,
    g: &Grouping,
    min_held: u64,
    timer: &mut crate::analysis::Timer,
) -> Vec<(u32, u32, Held)> {
    let a = ctx.a;
    const UNSET: u32 = u32::MAX;
    const NONE: u32 = u32::MAX - 1;
    let snap = a.snapshot();
    let t = &snap.types;
    let n = snap.node_count();
    // Instances of groups large enough to accumulate, as a bitset (it stays in cache).
    let mut candidate = crate::analysis::bits::BitVec::new(n);
    for (o, &k) in g.key.iter().enumerate() {
        if k != NO_KEY && g.counts[k as usize] >= MIN_INSTANCES {
            candidate.set(o);
        }
    }
    let is_candidate = |o: u32| candidate.get(o as usize);
    // Pass 1: one sweep over the edges for each owner's candidate references, added to its
    // holder. A holder referencing fewer than MIN_INSTANCES cannot be an accumulation point. An
    // owner that is not a backing store is its own holder; a store's references are added to its
    // holder's afterwards. Whether a holder is one (not a root, scope or container) is asked in
    // pass 2, once, and only when it references enough.
    let mut refs = vec![0u32; n];
    // The nodes of a backing store's type, as a bitset (it stays in cache where the type column,
    // a byte a node, does not).
    let mut store_typed = crate::analysis::bits::BitVec::new(n);
    for (o, &ty) in snap.node_type.iter().enumerate() {
        if ty == t.array || ty == t.hidden || ty == t.native {
            store_typed.set(o);
        }
    }
    let is_store_node = |o: u32| store_typed.get(o as usize) && is_store(ctx, o);
    // (store, its candidate references, then its holder), in node order.
    let mut stores: Vec<(u32, u32)> = Vec::new();
    for owner in 0..n as u32 {
        let mut c = 0u32;
        for e in snap.edges_of(owner) {
            let (et, to) = (snap.edge_type[e], snap.edge_to[e]);
            c += (et != t.edge_weak && is_candidate(to)) as u32;
        }
        if c == 0 || snap.node_type[owner as usize] == t.synthetic {
            continue;
        }
        if is_store_node(owner) {
            stores.push((owner, c));
        } else {
            refs[owner as usize] = refs[owner as usize].saturating_add(c);
        }
    }
    timer.lap("leak suspects: accumulation points, pass 1 (references)");
    for (store, c) in &mut stores {
        let h = store_holder(ctx, *store).unwrap_or(NONE);
        if h != NONE {
            refs[h as usize] = refs[h as usize].saturating_add(*c);
        }
        *c = h;
    }
    timer.lap("leak suspects: accumulation points, holders");
    let mut checked: FxHashMap<u32, bool> = FxHashMap::default();
    let mut qualifies = |h: u32| {
        *checked
            .entry(h)
            .or_insert_with(|| !is_root_like(ctx, h) && is_holder(ctx, h))
    };
    // Each owner's holder in pass 2: itself, or for a store with references its owner's (the
    // stores come in node order, so a cursor finds them).
    let mut next_store = stores.iter().peekable();
    // Pass 2: count instances per (holder, group) for the holders that may qualify.
    let mut last = vec![UNSET; n];
    let mut pairs: FxHashMap<(u32, u32), Held> = FxHashMap::default();
    for owner in 0..n as u32 {
        let h = match next_store.peek() {
            Some(&&(store, h)) if store == owner => {
                next_store.next();
                h
            }
            _ if is_store_node(owner) => NONE,
            _ => owner,
        };
        if h == NONE || (refs[h as usize] as u64) < MIN_INSTANCES || !qualifies(h) {
            continue;
        }
        for e in snap.edges_of(owner) {
            if snap.edge_type[e] == t.edge_weak {
                continue;
            }
            let o = snap.edge_to[e];
            let k = g.key[o as usize];
            if k == NO_KEY
                || g.counts[k as usize] < MIN_INSTANCES
                || o == h
                || last[o as usize] == h
            {
                continue;
            }
            last[o as usize] = h;
            let held = pairs.entry((h, k)).or_insert(Held {
                count: 0,
                retained: 0,
                largest: o,
            });
            held.count += 1;
            held.retained += a.retained_size(o);
            if a.retained_size(o) > a.retained_size(held.largest) {
                held.largest = o;
            }
        }
    }
    drop((refs, last));
    let mut out: Vec<(u32, u32, Held)> = pairs
        .into_iter()
        .filter(|(_, held)| held.count >= MIN_INSTANCES && held.retained >= min_held)
        .map(|((h, k), held)| (h, k, held))
        .collect();
    out.sort_by(|x, y| {
        y.2.retained
            .cmp(&x.2.retained)
            .then(x.0.cmp(&y.0))
            .then(x.1.cmp(&y.1))
    });
    // One suspect per holder: the group it holds most of.
    let mut seen: Vec<u32> = Vec::new();
    out.retain(|(h, _, _)| {
        if seen.contains(h) {
            false
        } else {
            seen.push(*h);
            true
        }
    });
    out
}

/// Whether a suspect is the runtime's own data: its path reaches it without a user root (global
/// object or window), or the nearest code on its path is the runtime's (`node:` scripts).
fn is_internal(entry: &ObjectEntry) -> bool {
    let path = &entry.retainer_path;
    let user_root = path.iter().any(|s| {
        s.name == "global" || s.name.starts_with("global / ") || s.name.starts_with("Window")
    });
    let nearest_code = path[..path.len().saturating_sub(1)]
        .iter()
        .rev()
        .find_map(|s| s.label.as_deref());
    let runtime_code = nearest_code.is_some_and(|l| l.contains("node:"));
    !user_root || runtime_code
}

/// Pseudo-classes and catch-all classes: a spread over them says nothing a section does not.
fn is_generic_class(name: &str) -> bool {
    name.starts_with('(')
        || name.starts_with("system / ")
        || matches!(name, "Object" | "Function" | "Array" | "Map" | "Set")
}

/// `Map sessionCache`: the object's name and the property or variable that holds it.
pub(crate) fn holder_name(entry: &ObjectEntry) -> String {
    let holding_edge = entry
        .retainer_path
        .last()
        .filter(|s| matches!(s.edge_type.as_str(), "property" | "context"));
    match holding_edge {
        Some(s) => format!("{} `{}`", entry.label, s.edge),
        None => entry.label.clone(),
    }
}

/// ` (a variable of the top-level scope of app.js, used by …)`, or nothing.
fn held_clause(entry: &ObjectEntry) -> String {
    match &entry.held_as {
        Some(h) if !h.starts_with("inside ") => {
            format!(" ({})", super::objects::held_phrase(h))
        }
        _ => String::new(),
    }
}

/// The leak suspects, strongest first; `timer` gets a lap per step.
pub(crate) fn compute(
    ctx: &Ctx,
    suspect_share: f64,
    top: usize,
    timer: &mut crate::analysis::Timer,
) -> SuspectsSection {
    let a = ctx.a;
    let total = a.total_size().max(1);
    let min_size = (suspect_share * total as f64).ceil() as u64;
    let min_held = (min_size / 10).max(1);
    let g = grouping(a);
    timer.lap("leak suspects: instances by class and function");
    let accumulations = accumulations(ctx, &g, min_held, timer);
    timer.lap("leak suspects: accumulation points, pass 2 (counts)");
    let mut suspects: Vec<Suspect> = Vec::new();
    let mut explained: Vec<u32> = Vec::new();
    for (holder, k, held) in accumulations {
        let object = ObjectEntry::new(a, holder);
        let class = g.name(a, k);
        let summary = format!(
            "{}{} holds {} {} that retain {} ({} of the heap).",
            holder_name(&object),
            held_clause(&object),
            count(held.count),
            class,
            bytes(held.retained),
            percent(held.retained, total)
        );
        explained.push(k);
        let internal = is_internal(&object);
        suspects.push(Suspect {
            internal,
            inside: Vec::new(),
            kind: SuspectKind::Accumulation,
            size: held.retained,
            share: 100.0 * held.retained as f64 / total as f64,
            accumulates: Some(Accumulation {
                class,
                count: held.count,
                retained_size: held.retained,
                example: ObjectEntry::new(a, held.largest),
            }),
            summary,
            object,
        });
    }
    for o in large_objects(ctx, min_size) {
        if suspects.iter().any(|s| s.object.ordinal == o) {
            continue;
        }
        let object = ObjectEntry::new(a, o);
        let summary = format!(
            "{}{} retains {} ({} of the heap).",
            holder_name(&object),
            held_clause(&object),
            bytes(object.retained_size),
            percent(object.retained_size, total)
        );
        suspects.push(Suspect {
            internal: is_internal(&object),
            inside: Vec::new(),
            kind: SuspectKind::LargeObject,
            size: object.retained_size,
            share: 100.0 * object.retained_size as f64 / total as f64,
            accumulates: None,
            summary,
            object,
        });
    }
    // Classes spread over many objects.
    let spread: Vec<&crate::model::ClassRow> = a
        .classes()
        .iter()
        .filter(|c| {
            c.retained_size >= min_size
                && c.count >= MIN_INSTANCES
                && !explained.contains(&c.index)
                && !is_generic_class(&c.name)
        })
        .collect();
    let spread_classes: Vec<u32> = spread.iter().map(|c| c.index).collect();
    let largest_instances = largest_instances(a, &spread_classes);
    for (c, largest) in spread.into_iter().zip(largest_instances) {
        let Some(largest) = largest else {
            continue;
        };
        if a.retained_size(largest) as f64 >= 0.5 * c.retained_size as f64 {
            continue; // one instance is most of it: a large object, not a spread class
        }
        if suspects
            .iter()
            .any(|s| dominates(a, s.object.ordinal, largest))
        {
            continue;
        }
        let example = ObjectEntry::new(a, largest);
        suspects.push(Suspect {
            internal: is_internal(&example),
            inside: Vec::new(),
            kind: SuspectKind::Class,
            size: c.retained_size,
            share: 100.0 * c.retained_size as f64 / total as f64,
            summary: format!(
                "{} {} objects retain {} ({} of the heap) between them.",
                count(c.count),
                c.name,
                bytes(c.retained_size),
                percent(c.retained_size, total)
            ),
            accumulates: Some(Accumulation {
                class: c.name.clone(),
                count: c.count,
                retained_size: c.retained_size,
                example: example.clone(),
            }),
            object: example,
        });
    }
    let suspects = fold_nested(a, suspects, suspect_share * 100.0);
    timer.lap("leak suspects: paths, large objects, classes");
    SuspectsSection {
        suspects: suspects.into_iter().take(top).collect(),
    }
}

/// The instance of each of `classes` that retains most (the first in node order among equals,
/// as the Summary lists them), found in one scan of the nodes for all of them.
fn largest_instances(a: &Analysis, classes: &[u32]) -> Vec<Option<u32>> {
    let mut best: Vec<Option<u32>> = vec![None; classes.len()];
    let Some(&max) = classes.iter().max() else {
        return best;
    };
    let mut slot_of = vec![u32::MAX; max as usize + 1];
    for (i, &c) in classes.iter().enumerate() {
        slot_of[c as usize] = i as u32;
    }
    for o in 0..a.node_count() as u32 {
        let Some(&i) = slot_of.get(a.node_class(o) as usize) else {
            continue;
        };
        if i == u32::MAX {
            continue;
        }
        let b = &mut best[i as usize];
        if b.is_none_or(|b| a.retained_size(o) > a.retained_size(b)) {
            *b = Some(o);
        }
    }
    best
}

/// Folds each suspect that an earlier (larger) one dominates into that one's `inside` list, drops
/// the runtime's own suspects below the suspect share, and lists the remaining runtime suspects
/// after the application's (the order within each is kept).
fn fold_nested(a: &Analysis, suspects: Vec<Suspect>, min_share: f64) -> Vec<Suspect> {
    let mut kept: Vec<Suspect> = Vec::new();
    for s in suspects {
        if let Some(outer) = kept.iter_mut().find(|k| {
            k.object.ordinal != s.object.ordinal && dominates(a, k.object.ordinal, s.object.ordinal)
        }) {
            outer.inside.push(s.summary);
            continue;
        }
        if s.internal && s.share < min_share {
            continue;
        }
        kept.push(s);
    }
    kept.sort_by_key(|s| s.internal);
    kept
}

/// Whether `a_node` dominates `b` (or is `b`).
fn dominates(a: &Analysis, a_node: u32, mut b: u32) -> bool {
    loop {
        if b == a_node {
            return true;
        }
        let up = a.dominator(b);
        if up == b {
            return false;
        }
        b = up;
    }
}

impl Section for SuspectsSection {
    fn title(&self) -> &'static str {
        "Leak suspects"
    }

    fn markdown(&self, report: &super::Report, out: &mut String) {
        if self.suspects.is_empty() {
            out.push_str("No object, collection or class stands out: no collection holds many instances of one class with a noticeable share of the heap, and no single object or class retains the suspect share.\n\n");
            return;
        }
        let total = report.overview.total_size;
        for (i, s) in self.suspects.iter().enumerate() {
            let kind = match s.kind {
                SuspectKind::Accumulation => "accumulation point",
                SuspectKind::LargeObject => "large object",
                SuspectKind::Class => "many objects of one class",
            };
            out.push_str(&format!(
                "**Suspect {}** ({kind}, {} of the heap): {}\n\n",
                i + 1,
                percent(s.size, total),
                markdown::text(&s.summary, 400)
            ));
            out.push_str(&format!(
                "- Object: {} ({} retained, {} self)\n- Path from a root: {}\n- Held by: {}\n",
                s.object.link(),
                bytes(s.object.retained_size),
                bytes(s.object.self_size),
                s.object.path_markdown(400),
                s.object.dominator_markdown()
            ));
            if let Some(acc) = &s.accumulates {
                out.push_str(&format!(
                    "- Accumulates: {} × {}, retaining {}; the largest, {}, is reached by {}\n",
                    count(acc.count),
                    markdown::text(&acc.class, 80),
                    bytes(acc.retained_size),
                    acc.example.link(),
                    acc.example.path_markdown(400)
                ));
            }
            for inner in s.inside.iter().take(3) {
                out.push_str(&format!("- Inside it: {}\n", markdown::text(inner, 300)));
            }
            if s.internal {
                out.push_str("- This is the runtime's own data (reached only through internal roots, or held by the runtime's own code).\n");
            }
            out.push('\n');
        }
    }
}
