//! What [`crate::compare`] reads from an analysis beyond its public queries: every node's class under
//! DevTools' exported text keys (optionally with another snapshot's interface definitions applied to
//! the plain objects first, as DevTools' Comparison does for the base snapshot), the interface
//! definitions themselves, and the outermost nodes of a labelling in the dominator tree.

use super::aggregates::{self, NO_CLASS};
use super::interfaces;
use super::outermost;
use super::Analysis;
use crate::strings::PendingStrings;

pub use super::interfaces::InterfaceDefinition;

/// Marks nodes that are in no exported class.
pub const NO_KEY: u32 = u32::MAX;

/// The classes of every aggregated node under DevTools' text keys (`,Name` or
/// `script,line,column,Name`), as `aggregatesForDiff` exports them.
pub struct KeyedClasses {
    /// Per node ordinal: index into `keys`, or [`NO_KEY`] (self size 0, or a class whose text key a
    /// later class took over, as DevTools' export by text does).
    pub node_key: Vec<u32>,
    /// `(text key, class name)` of each class.
    pub keys: Vec<(String, String)>,
}

fn text_key(location: Option<(u32, u32, u32)>, name: &str) -> String {
    match location {
        Some((s, l, col)) => format!("{s},{l},{col},{name}"),
        None => format!(",{name}"),
    }
}

impl Analysis {
    /// The plain-object shapes DevTools infers for this snapshot (`interfaceDefinitions()`).
    pub(crate) fn interface_definitions(&self) -> Vec<InterfaceDefinition> {
        interfaces::infer_definitions(&self.snap)
    }

    /// Every node's class key. With `definitions`, the plain objects are first renamed by them
    /// (another snapshot's shapes) and the classes aggregated again; the analysis is not changed.
    pub(crate) fn keyed_classes(
        &self,
        definitions: Option<&[InterfaceDefinition]>,
    ) -> KeyedClasses {
        let Some(definitions) = definitions else {
            let mut key_of = vec![NO_KEY; self.classes.len()];
            let mut keys = Vec::new();
            for (i, c) in self.classes.iter().enumerate() {
                if c.exported {
                    key_of[i] = keys.len() as u32;
                    let name = self.snap.strings.get(c.name).to_owned();
                    keys.push((text_key(c.location, &name), name));
                }
            }
            let node_key = self
                .node_class
                .iter()
                .map(|&c| {
                    if c == NO_CLASS {
                        NO_KEY
                    } else {
                        key_of[c as usize]
                    }
                })
                .collect();
            return KeyedClasses { node_key, keys };
        };
        let snap = &self.snap;
        let mut class_name: Vec<u32> = self
            .node_class
            .iter()
            .map(|&c| {
                if c == NO_CLASS {
                    0
                } else {
                    self.classes[c as usize].name
                }
            })
            .collect();
        let mut added = PendingStrings::new(&snap.strings);
        interfaces::apply_definitions(snap, definitions, &mut added, &mut class_name);
        let agg = aggregates::build(
            snap,
            &snap.node_self_size,
            &class_name,
            &self.distances,
            |i| added.get(&snap.strings, i),
        );
        drop(class_name);
        let mut key_of = vec![NO_KEY; agg.classes.len()];
        let mut keys = Vec::new();
        for (i, c) in agg.classes.iter().enumerate() {
            if c.exported {
                key_of[i] = keys.len() as u32;
                let name = added.get(&snap.strings, c.name).to_owned();
                keys.push((text_key(c.location, &name), name));
            }
        }
        let mut node_key = agg.node_class;
        for k in node_key.iter_mut() {
            if *k != NO_CLASS {
                *k = key_of[*k as usize];
            }
        }
        KeyedClasses { node_key, keys }
    }

    /// Calls `f(node, label)` for each labelled node (`labels[node] != u32::MAX`, labels below
    /// `label_count`) with no dominator-tree ancestor of the same label.
    pub(crate) fn for_each_outermost(
        &self,
        labels: &[u32],
        label_count: usize,
        f: impl FnMut(u32, u32),
    ) {
        outermost::for_each_outermost(
            labels,
            label_count,
            self.dominator_tree(),
            self.snap.root,
            f,
        );
    }
}
