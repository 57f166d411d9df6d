//! Objects grouped by a key (a shape, a function): per group the number of members, their self
//! size and the member that retains most, each node's group, and the groups ranked by the
//! retained size of their outermost members.

use super::Ctx;
use crate::analysis::fxhash::FxHashMap;
use crate::analysis::Analysis;
use std::hash::Hash;

/// No group.
const NONE: u32 = u32::MAX;

/// One group's figures.
pub(crate) struct Group {
    pub count: u64,
    pub self_size: u64,
    /// The first member added.
    pub first: u32,
    /// The member with the largest retained size (the first among equals).
    pub largest: u32,
    /// Its retained size (kept here, not looked up for every member added).
    largest_retained: u64,
}

pub(crate) struct Grouped<K> {
    index: FxHashMap<K, u32>,
    pub groups: Vec<Group>,
    group_of: Vec<u32>,
}

impl<K: Hash + Eq> Grouped<K> {
    pub fn new(node_count: usize) -> Self {
        Grouped {
            index: FxHashMap::default(),
            groups: Vec::new(),
            group_of: vec![NONE; node_count],
        }
    }

    /// Adds node `o` to the group of `key`.
    pub fn add(&mut self, a: &Analysis, o: u32, key: K) {
        let next = self.groups.len() as u32;
        let id = *self.index.entry(key).or_insert(next);
        if id == next {
            self.groups.push(Group {
                count: 0,
                self_size: 0,
                first: o,
                largest: o,
                largest_retained: a.retained_size(o),
            });
        }
        let g = &mut self.groups[id as usize];
        g.count += 1;
        g.self_size += a.self_size(o);
        let retained = a.retained_size(o);
        if retained > g.largest_retained {
            g.largest = o;
            g.largest_retained = retained;
        }
        self.group_of[o as usize] = id;
    }

    /// The `top` groups whose outermost members retain most, with that retained size, largest
    /// first (ties: the group created first).
    pub fn ranked(&self, ctx: &Ctx, top: usize) -> Vec<(&Group, u64)> {
        let retained = ctx.order().outermost_by_key(ctx.a, self.groups.len(), |o| {
            Some(self.group_of[o as usize]).filter(|&g| g != NONE)
        });
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        order.sort_by(|&x, &y| retained[y].cmp(&retained[x]).then(x.cmp(&y)));
        order
            .into_iter()
            .take(top)
            .map(|i| (&self.groups[i], retained[i]))
            .collect()
    }
}
