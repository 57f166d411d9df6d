//! DevTools' class aggregation (`buildAggregates` + `calculateClassesRetainedSize`): nodes with a
//! non-zero self size grouped by class key — the class name, qualified by the constructor location
//! for `object` nodes that have one — with count, shallow size, minimum distance, and a retained size
//! that adds a node only when no dominator-tree ancestor on its path has the same class.

use super::dominators::DominatorTree;
use super::fxhash::FxHashMap;
use super::outermost::outermost_sums;
use crate::snapshot::HeapSnapshot;
use std::collections::HashMap;

/// Marks nodes that belong to no class (self size 0).
pub const NO_CLASS: u32 = u32::MAX;

/// One class key's aggregate.
#[derive(Clone, Debug)]
pub struct ClassAggregate {
    /// Class name string index.
    pub name: u32,
    /// Constructor location `(script, line, column)` when the key is location-qualified.
    pub location: Option<(u32, u32, u32)>,
    pub count: u64,
    pub self_size: u64,
    pub max_retained: u64,
    pub distance: i32,
    /// False when DevTools' export by text key lets a later class with the same key text replace this one.
    pub exported: bool,
}

/// The classes and the class of every node.
pub struct Aggregates {
    pub classes: Vec<ClassAggregate>,
    pub node_class: Vec<u32>,
}

/// Groups nodes into classes in node order (the first node of a key creates it), by the self sizes
/// `sizes` (the snapshot's, possibly taken out of it) and class names that may not be in the
/// snapshot's string table yet (`name_of` reads them: pending strings not committed yet).
pub fn build<'a>(
    snap: &HeapSnapshot,
    sizes: &[u32],
    class_name: &[u32],
    distances: &[i32],
    name_of: impl Fn(u32) -> &'a str,
) -> Aggregates {
    let n = snap.node_count();
    let mut node_class = vec![NO_CLASS; n];
    let mut classes: Vec<ClassAggregate> = Vec::new();
    let name_count = class_name
        .iter()
        .map(|&c| c as usize + 1)
        .max()
        .unwrap_or(0)
        .max(snap.strings.len());
    let mut by_name: Vec<u32> = vec![NO_CLASS; name_count];
    let mut by_location: FxHashMap<(u32, u32, u32, u32), u32> = FxHashMap::default();
    let mut locations = snap.locations.by_node().iter().peekable();
    let object = snap.types.object;
    for o in 0..n {
        let location = loop {
            match locations.peek() {
                Some(l) if (l.ordinal as usize) < o => {
                    locations.next();
                }
                Some(l) if l.ordinal as usize == o => break Some(**l),
                _ => break None,
            }
        };
        let self_size = sizes[o];
        if self_size == 0 {
            continue;
        }
        let name = class_name[o];
        let located = location.filter(|_| snap.node_type[o] == object);
        let slot = match located {
            Some(l) => by_location
                .entry((l.script_id, l.line, l.column, name))
                .or_insert(NO_CLASS),
            None => &mut by_name[name as usize],
        };
        if *slot == NO_CLASS {
            *slot = classes.len() as u32;
            classes.push(ClassAggregate {
                name,
                location: located.map(|l| (l.script_id, l.line, l.column)),
                count: 0,
                self_size: 0,
                max_retained: 0,
                distance: distances[o],
                exported: true,
            });
        }
        let c = &mut classes[*slot as usize];
        c.count += 1;
        c.self_size += self_size as u64;
        c.distance = c.distance.min(distances[o]);
        node_class[o] = *slot;
    }
    // DevTools exports aggregates under text keys (",Name" or "script,line,col,Name"); a later class
    // with the same text replaces an earlier one.
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for i in 0..classes.len() {
        let c = &classes[i];
        let text = match c.location {
            Some((s, l, col)) => format!("{s},{l},{col},{}", name_of(c.name)),
            None => format!(",{}", name_of(c.name)),
        };
        if let Some(prev) = by_text.insert(text, i) {
            classes[prev].exported = false;
        }
    }
    Aggregates {
        classes,
        node_class,
    }
}

/// Adds each class's retained size without double counting nested instances of the same class.
pub fn calculate_retained(agg: &mut Aggregates, tree: &DominatorTree, retained: &[u64], root: u32) {
    let sums = outermost_sums(&agg.node_class, agg.classes.len(), tree, retained, root);
    for (class, sum) in agg.classes.iter_mut().zip(sums) {
        class.max_retained += sum;
    }
}
