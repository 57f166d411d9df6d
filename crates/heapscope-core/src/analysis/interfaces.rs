//! DevTools' naming of plain objects by their shape (`inferInterfaceDefinitions` +
//! `applyInterfaceDefinitions`): candidate names `{a, b, c}` from the property edges of every plain
//! `Object` (in edge order, without `__proto__`, at most 120 characters), kept when at least
//! `max(2, plainObjects / 1000)` objects share one; then every plain object takes the kept definition
//! whose property set it contains with the most properties (ties: the more popular), else `Object`.
//! The definitions can also come from another snapshot: DevTools' Comparison names the base's plain
//! objects by the target's definitions ([`apply_definitions`]).

use super::bits::BitVec;
use super::fxhash::FxHashMap;
use super::js_text::{format_property_name, utf16_cmp, utf16_len};
use crate::snapshot::HeapSnapshot;
use crate::strings::PendingStrings;

const MIN_INTERFACE_PROPERTY_COUNT: usize = 1;
const MAX_INTERFACE_NAME_LENGTH: usize = 120;
const MIN_OBJECT_COUNT_PER_INTERFACE: f64 = 2.0;
const MIN_OBJECT_PROPORTION_PER_INTERFACE: f64 = 1000.0;

struct Definition {
    name: String,
    /// Property names as string indices, in edge order.
    properties: Vec<u32>,
    count: u64,
}

/// One kept plain-object shape: its name (`{a, b}`) and its property names in edge order, as
/// DevTools' `interfaceDefinitions()` exports them (text, so they apply to another snapshot too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfaceDefinition {
    pub name: String,
    pub properties: Vec<String>,
}

/// The ordinals of the plain objects (`object` nodes named `Object`), in node order (none without
/// the string `Object`, found without a pass over the nodes).
fn plain_objects(snap: &HeapSnapshot) -> Vec<u32> {
    let object_name = snap.strings.indices_of("Object");
    if object_name.is_empty() {
        return Vec::new();
    }
    let object = snap.types.object;
    (0..snap.node_count() as u32)
        .filter(|&o| {
            snap.node_type[o as usize] == object
                && object_name.contains(&snap.node_name[o as usize])
        })
        .collect()
}

/// The property lists of the plain objects (the names of their `property` edges, string indices in
/// edge order), each distinct list once, from one walk of their edges: objects of one shape share
/// theirs, so inferring and applying the definitions work a list, not an object, at a time.
struct PropertyLists {
    /// The distinct lists, in order of first appearance.
    lists: Vec<Vec<u32>>,
    /// How many plain objects have each list.
    counts: Vec<u64>,
    /// The list of each plain object (in the order of `plain`).
    of_object: Vec<u32>,
    /// Every property name of a plain object.
    used: BitVec,
}

impl PropertyLists {
    fn new(snap: &HeapSnapshot, plain: &[u32]) -> Self {
        let property = snap.types.edge_property;
        let mut used = BitVec::new(snap.strings.len());
        let mut ids: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
        let mut counts: Vec<u64> = Vec::new();
        let mut of_object = Vec::with_capacity(plain.len());
        let mut names: Vec<u32> = Vec::new();
        for &o in plain {
            names.clear();
            for e in snap.edges_of(o) {
                if snap.edge_type[e] == property {
                    let s = snap.edge_name[e];
                    used.set(s as usize);
                    names.push(s);
                }
            }
            let id = match ids.get(names.as_slice()) {
                Some(&id) => id,
                None => {
                    let id = counts.len() as u32;
                    ids.insert(names.clone(), id);
                    counts.push(0);
                    id
                }
            };
            counts[id as usize] += 1;
            of_object.push(id);
        }
        // The keys become the lists (moved, not copied).
        let mut lists = vec![Vec::new(); counts.len()];
        for (list, id) in ids {
            lists[id as usize] = list;
        }
        PropertyLists {
            lists,
            counts,
            of_object,
            used,
        }
    }
}

/// UTF-16 length of each property name once formatted, computed on first use.
struct FormattedLengths(Vec<u32>);

impl FormattedLengths {
    fn get(&mut self, snap: &HeapSnapshot, s: u32) -> usize {
        let slot = &mut self.0[s as usize];
        if *slot == u32::MAX {
            *slot = utf16_len(&format_property_name(snap.strings.get(s))) as u32;
        }
        *slot as usize
    }
}

fn interface_name(snap: &HeapSnapshot, properties: &[u32]) -> String {
    let mut name = String::from("{");
    for (i, &p) in properties.iter().enumerate() {
        if i > 0 {
            name.push_str(", ");
        }
        name.push_str(&format_property_name(snap.strings.get(p)));
    }
    name.push('}');
    name
}

/// Candidate definitions, most popular first (ties in order of first appearance), as DevTools'
/// `inferInterfaceDefinitions` builds them from the plain objects' property lists: each list
/// cut where DevTools' name would pass 120 characters (without `__proto__`), the objects of lists
/// cut alike counted together, so the name string is built once per distinct cut list; then lists
/// that format to the same name merge.
fn infer(snap: &HeapSnapshot, lists: &PropertyLists) -> Vec<Definition> {
    let total = lists.of_object.len();
    let proto = snap.strings.indices_of("__proto__");
    let mut lengths = FormattedLengths(vec![u32::MAX; snap.strings.len()]);
    let mut by_list: FxHashMap<Vec<u32>, usize> = FxHashMap::default();
    let mut cut_lists: Vec<(Vec<u32>, u64)> = Vec::new();
    let mut properties: Vec<u32> = Vec::new();
    for (list, &count) in lists.lists.iter().zip(&lists.counts) {
        let mut name_len = 1usize;
        properties.clear();
        for &s in list {
            if proto.contains(&s) {
                continue;
            }
            let formatted_len = lengths.get(snap, s);
            if name_len > MIN_INTERFACE_PROPERTY_COUNT
                && name_len + formatted_len > MAX_INTERFACE_NAME_LENGTH
            {
                // The name is full.
                break;
            }
            if name_len != 1 {
                name_len += 2;
            }
            name_len += formatted_len;
            properties.push(s);
        }
        if properties.is_empty() {
            continue;
        }
        match by_list.get(&properties) {
            Some(&i) => cut_lists[i].1 += count,
            None => {
                by_list.insert(properties.clone(), cut_lists.len());
                cut_lists.push((properties.clone(), count));
            }
        }
    }
    let mut candidates: Vec<Definition> = Vec::new();
    let mut by_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (properties, count) in cut_lists {
        let name = interface_name(snap, &properties);
        match by_name.get(&name) {
            Some(&i) => candidates[i].count += count,
            None => {
                by_name.insert(name.clone(), candidates.len());
                candidates.push(Definition {
                    name,
                    properties,
                    count,
                });
            }
        }
    }
    // Stable sort by popularity, as JavaScript's Array.prototype.sort.
    candidates.sort_by_key(|c| std::cmp::Reverse(c.count));
    let min_count =
        MIN_OBJECT_COUNT_PER_INTERFACE.max(total as f64 / MIN_OBJECT_PROPORTION_PER_INTERFACE);
    let keep = candidates
        .iter()
        .take_while(|c| c.count as f64 >= min_count)
        .count();
    candidates.truncate(keep);
    candidates
}

#[derive(Clone, Copy)]
struct MatchInfo {
    property_count: usize,
    index: usize,
}

fn better(a: Option<MatchInfo>, b: Option<MatchInfo>) -> Option<MatchInfo> {
    match (a, b) {
        (None, b) => b,
        (a, None) => a,
        (Some(x), Some(y)) => {
            if x.property_count != y.property_count {
                Some(if x.property_count > y.property_count {
                    x
                } else {
                    y
                })
            } else {
                Some(if x.index <= y.index { x } else { y })
            }
        }
    }
}

#[derive(Default)]
struct TreeNode {
    next: FxHashMap<u32, usize>,
    matched: Option<MatchInfo>,
    greatest_next: Option<u32>,
}

/// The definitions DevTools infers for this snapshot's plain objects, most popular first.
pub fn infer_definitions(snap: &HeapSnapshot) -> Vec<InterfaceDefinition> {
    let plain = plain_objects(snap);
    if plain.is_empty() {
        return Vec::new();
    }
    let lists = PropertyLists::new(snap, &plain);
    exported(snap, infer(snap, &lists))
}

fn exported(snap: &HeapSnapshot, definitions: Vec<Definition>) -> Vec<InterfaceDefinition> {
    definitions
        .into_iter()
        .map(|d| InterfaceDefinition {
            name: d.name,
            properties: d
                .properties
                .iter()
                .map(|&p| snap.strings.get(p).to_owned())
                .collect(),
        })
        .collect()
}

/// Assigns interface names to plain objects in `class_of` (class name string index per node).
/// The plain objects and their property lists are found once, for both steps.
pub fn apply_interface_definitions(
    snap: &HeapSnapshot,
    added: &mut PendingStrings,
    class_of: &mut [u32],
) {
    let plain = plain_objects(snap);
    if plain.is_empty() {
        return;
    }
    let lists = PropertyLists::new(snap, &plain);
    let definitions = exported(snap, infer(snap, &lists));
    name_plain_objects(snap, &definitions, &plain, lists, added, class_of);
}

/// Names every plain object of `snap` in `class_of` by the best of `definitions` (DevTools'
/// `applyInterfaceDefinitions`), or by its raw name (`Object`) when none matches.
pub fn apply_definitions(
    snap: &HeapSnapshot,
    definitions: &[InterfaceDefinition],
    added: &mut PendingStrings,
    class_of: &mut [u32],
) {
    let plain = plain_objects(snap);
    if plain.is_empty() {
        return;
    }
    let lists = PropertyLists::new(snap, &plain);
    name_plain_objects(snap, definitions, &plain, lists, added, class_of);
}

/// [`apply_definitions`] for the plain objects `plain`, whose property lists are `lists`.
fn name_plain_objects(
    snap: &HeapSnapshot,
    definitions: &[InterfaceDefinition],
    plain: &[u32],
    lists: PropertyLists,
    added: &mut PendingStrings,
    class_of: &mut [u32],
) {
    let PropertyLists {
        lists,
        of_object,
        used: is_used,
        ..
    } = lists;

    // Rank property names (those of the plain objects and of the definitions) in JavaScript's
    // string order, so the tree walk compares integers.
    let used: Vec<u32> = (0..snap.strings.len() as u32)
        .filter(|&s| is_used.get(s as usize))
        .collect();
    drop(is_used);
    let mut texts: Vec<&str> = used.iter().map(|&s| snap.strings.get(s)).collect();
    texts.extend(
        definitions
            .iter()
            .flat_map(|d| d.properties.iter().map(String::as_str)),
    );
    texts.sort_by(|a, b| utf16_cmp(a, b));
    texts.dedup();
    let rank_of: std::collections::HashMap<&str, u32> = texts
        .iter()
        .enumerate()
        .map(|(i, &t)| (t, i as u32))
        .collect();
    let mut rank: Vec<u32> = vec![u32::MAX; snap.strings.len()];
    for &s in &used {
        rank[s as usize] = rank_of[snap.strings.get(s)];
    }

    let mut tree: Vec<TreeNode> = vec![TreeNode::default()];
    for (index, def) in definitions.iter().enumerate() {
        let mut props: Vec<u32> = def.properties.iter().map(|p| rank_of[p.as_str()]).collect();
        props.sort_unstable();
        let mut current = 0usize;
        for &p in &props {
            let next = match tree[current].next.get(&p) {
                Some(&n) => n,
                None => {
                    tree.push(TreeNode::default());
                    let n = tree.len() - 1;
                    tree[current].next.insert(p, n);
                    if tree[current].greatest_next.is_none_or(|g| g < p) {
                        tree[current].greatest_next = Some(p);
                    }
                    n
                }
            };
            current = next;
        }
        if tree[current].matched.is_none() {
            tree[current].matched = Some(MatchInfo {
                property_count: props.len(),
                index,
            });
        }
    }

    // The best definition of each distinct list.
    let mut props: Vec<u32> = Vec::new();
    let mut states: Vec<usize> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let best_of_list: Vec<Option<MatchInfo>> = lists
        .iter()
        .map(|list| {
            props.clear();
            props.extend(list.iter().map(|&s| rank[s as usize]));
            props.sort_unstable();
            best_definition(&tree, &props, &mut states, &mut current)
        })
        .collect();
    drop(lists);
    let mut interface_names: Vec<Option<u32>> = vec![None; definitions.len()];
    for (&o, &list) in plain.iter().zip(&of_object) {
        class_of[o as usize] = match best_of_list[list as usize] {
            Some(m) => *interface_names[m.index]
                .get_or_insert_with(|| added.intern(&snap.strings, &definitions[m.index].name)),
            None => snap.node_name[o as usize],
        };
    }
}

/// The best definition for the sorted property ranks `props`: DevTools' walk of the definitions'
/// tree, every state that can still match followed at once.
fn best_definition(
    tree: &[TreeNode],
    props: &[u32],
    states: &mut Vec<usize>,
    current: &mut Vec<usize>,
) -> Option<MatchInfo> {
    states.clear();
    states.push(0);
    let mut best = better(None, tree[0].matched);
    for &p in props {
        current.clear();
        current.extend_from_slice(states);
        for &s in current.iter() {
            if tree[s].greatest_next.is_none_or(|g| p >= g) {
                states.retain(|&x| x != s);
            }
            if let Some(&next) = tree[s].next.get(&p) {
                if !states.contains(&next) {
                    states.push(next);
                }
                best = better(best, tree[next].matched);
            }
        }
    }
    best
}
