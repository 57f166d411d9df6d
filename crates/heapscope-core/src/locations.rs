//! The `locations` section: constructor and function locations, one record per node once
//! ordered. V8 writes them in the order it met the objects, not by node (a third of `tsc`'s 488 K
//! records come before one with a smaller ordinal), and DevTools' location map keeps the last record
//! of a node, so [`Locations::by_node`] orders them: a stable radix sort on the ordinal, 16 bits a
//! pass (two for up to 4 G nodes), which took 15-17 ms on `tsc` where the standard library's stable
//! sort took 24-35. The parser leaves them in the file's order and the first reader orders them:
//! natively that is the analysis' sizes side, which runs beside the dominators, so the 12 ms are
//! off the end of the parse (where the other core has nothing to do).

use std::sync::{Mutex, OnceLock, PoisonError};

/// A constructor location from the `locations` section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub ordinal: u32,
    pub script_id: u32,
    pub line: u32,
    pub column: u32,
}

/// A snapshot's locations: as read until first asked for, then by node.
#[derive(Default)]
pub struct Locations {
    /// The records in the file's order, until they are ordered.
    read: Mutex<Vec<Location>>,
    /// Records of ordinals from this on name no node and are dropped.
    node_count: u64,
    by_node: OnceLock<Vec<Location>>,
}

impl Locations {
    /// The records `read` (in the file's order) of a snapshot of `node_count` nodes.
    pub fn in_file_order(read: Vec<Location>, node_count: u64) -> Locations {
        Locations {
            read: Mutex::new(read),
            node_count,
            by_node: OnceLock::new(),
        }
    }

    /// The records sorted by node ordinal, the last the file gives for each node, none past the
    /// nodes (ordered on the first call, on whichever thread makes it).
    pub fn by_node(&self) -> &[Location] {
        self.by_node.get_or_init(|| {
            let mut read = self.read.lock().unwrap_or_else(PoisonError::into_inner);
            let mut ordered = std::mem::take(&mut *read);
            order_by_node(&mut ordered, self.node_count);
            ordered
        })
    }
}

impl Clone for Locations {
    fn clone(&self) -> Locations {
        let ordered = self.by_node().to_vec();
        Locations {
            node_count: self.node_count,
            by_node: OnceLock::from(ordered),
            ..Locations::default()
        }
    }
}

impl std::fmt::Debug for Locations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.by_node()).finish()
    }
}

const DIGIT_BITS: u32 = 16;
const BUCKETS: usize = 1 << DIGIT_BITS;

/// Drops the records of ordinals `>= nodes` (DevTools' map would never look them up), sorts the
/// rest by ordinal keeping the file's order among equal ordinals, then keeps the last of each.
fn order_by_node(locations: &mut Vec<Location>, nodes: u64) {
    locations.retain(|l| (l.ordinal as u64) < nodes);
    if !locations.is_sorted_by_key(|l| l.ordinal) {
        radix_sort_by_ordinal(locations);
    }
    keep_last_of_each(locations);
}

/// Stable LSD radix sort by `ordinal`: one counting pass per 16-bit digit the largest ordinal has.
fn radix_sort_by_ordinal(locations: &mut Vec<Location>) {
    let largest = locations.iter().map(|l| l.ordinal).max().unwrap_or(0);
    let passes = (u32::BITS - largest.leading_zeros()).div_ceil(DIGIT_BITS);
    let mut from = std::mem::take(locations);
    let mut to = Vec::with_capacity(from.len());
    let mut starts = vec![0usize; BUCKETS];
    for pass in 0..passes {
        let shift = pass * DIGIT_BITS;
        let digit = |l: &Location| ((l.ordinal >> shift) as usize) & (BUCKETS - 1);
        starts.fill(0);
        for l in &from {
            starts[digit(l)] += 1;
        }
        let mut sum = 0;
        for s in starts.iter_mut() {
            (*s, sum) = (sum, sum + *s);
        }
        to.clear();
        // Every slot is written once below: the starts partition 0..len.
        to.resize(
            from.len(),
            Location {
                ordinal: 0,
                script_id: 0,
                line: 0,
                column: 0,
            },
        );
        for l in &from {
            let d = digit(l);
            to[starts[d]] = *l;
            starts[d] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *locations = from;
}

/// In place: of each run of equal ordinals, the last record.
fn keep_last_of_each(locations: &mut Vec<Location>) {
    let mut kept = 0;
    for i in 0..locations.len() {
        let last_of_run = locations
            .get(i + 1)
            .is_none_or(|next| next.ordinal != locations[i].ordinal);
        if last_of_run {
            locations[kept] = locations[i];
            kept += 1;
        }
    }
    locations.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(ordinal: u32, line: u32) -> Location {
        Location {
            ordinal,
            script_id: 1,
            line,
            column: 0,
        }
    }

    /// What DevTools' map holds: for each node, the last record naming it.
    fn reference(locations: &[Location], nodes: u64) -> Vec<Location> {
        let mut last = std::collections::BTreeMap::new();
        for l in locations.iter().filter(|l| (l.ordinal as u64) < nodes) {
            last.insert(l.ordinal, *l);
        }
        last.into_values().collect()
    }

    #[test]
    fn keeps_the_last_record_of_a_node_and_drops_those_past_the_nodes() {
        let mut locations = vec![at(70_000, 1), at(3, 2), at(70_000, 3), at(9, 4), at(3, 5)];
        order_by_node(&mut locations, 70_001);
        assert_eq!(locations, vec![at(3, 5), at(9, 4), at(70_000, 3)]);
        let mut locations = vec![at(5, 1), at(2, 2), at(5, 3)];
        order_by_node(&mut locations, 5);
        assert_eq!(locations, vec![at(2, 2)]);
    }

    proptest! {
        #[test]
        fn equals_the_map_of_last_records(
            raw in prop::collection::vec((prop_oneof![0u32..40, any::<u32>()], 0u32..1000), 0..400),
            nodes in prop_oneof![Just(u64::MAX), 0u64..50],
        ) {
            let locations: Vec<Location> = raw.iter().map(|&(o, line)| at(o, line)).collect();
            let mut ordered = locations.clone();
            order_by_node(&mut ordered, nodes);
            prop_assert_eq!(ordered, reference(&locations, nodes));
        }
    }
}
