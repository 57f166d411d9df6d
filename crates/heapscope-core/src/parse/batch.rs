//! Whole records of a batch stored at once. One pass checks every record with the tests the
//! record-by-record path makes, combined without branches; then each column is extended by a loop
//! of its own, which knows its length up front (no capacity test per value) and, for V8's layouts,
//! reads fields at constant positions. A batch holding anything the record-by-record path would
//! refuse, warn about or treat specially (an undeclared type, a value past 32 bits, a `to_node` off
//! a node, counts near the limits) is left to that path, which then stores or reports exactly as
//! before; nothing is stored here then.
//!
//! Measured on app-server's `edges` text: the tokenizer alone reads 1.1 GB/s, the parse with
//! storing a record at a time 460 MB/s a thread (`perf` put most of the difference in the pushes).

use super::columns::{EdgePositions, NodePositions};
use super::exact_div::ExactDivisor;
use super::header::MAX_RECORDS;
use crate::snapshot::NodeIds;

/// What an edge record must satisfy to be stored as it is.
#[derive(Clone, Copy)]
pub(super) struct EdgeRules {
    pub width: usize,
    pub pos: EdgePositions,
    pub to_node: ExactDivisor,
    pub declared_types: u64,
    pub node_count: u64,
    /// The edge types whose `name_or_index` is an index, not a string (element, hidden).
    pub indexed: [u64; 2],
}

impl EdgeRules {
    /// The string an edge of type `ty` names, or 0 when its `name_or_index` is an index (what
    /// [`EdgeColumns::largest_name`] keeps the largest of): `TypeIds::edge_has_string_name` without
    /// a branch, on the file's type index.
    #[inline(always)]
    pub fn string_named(&self, ty: u64, name: u64) -> u32 {
        let named = (ty != self.indexed[0]) & (ty != self.indexed[1]);
        name as u32 * named as u32
    }
}

/// The edge columns records are appended to.
pub(super) struct EdgeColumns<'a> {
    pub ty: &'a mut Vec<u8>,
    pub name: &'a mut Vec<u32>,
    pub to: &'a mut Vec<u32>,
    /// The largest string index a stored edge names (as [`EdgeRules::string_named`]): the parse's
    /// end checks it against the strings section, which comes last, without a pass over the edges.
    pub largest_name: &'a mut u32,
}

/// Appends the whole edge records `recs` when every one can be stored as it is; `false`, with
/// nothing appended, when one cannot.
#[inline(always)]
pub(super) fn append_edges(recs: &[u64], rules: &EdgeRules, cols: EdgeColumns<'_>) -> bool {
    let p = rules.pos;
    if rules.width == 3 && (p.ty, p.name, p.to) == (0, 1, 2) {
        // V8's `type, name_or_index, to_node`: constants once inlined.
        edges_at(recs, 3, 0, 1, 2, rules, cols)
    } else {
        edges_at(recs, rules.width, p.ty, p.name, p.to, rules, cols)
    }
}

#[inline(always)]
fn edges_at(
    recs: &[u64],
    width: usize,
    ty: usize,
    name: usize,
    to: usize,
    rules: &EdgeRules,
    cols: EdgeColumns<'_>,
) -> bool {
    let mut ok = true;
    let mut largest = *cols.largest_name;
    for r in recs.chunks_exact(width) {
        let (node, exact) = rules.to_node.quotient(r[to]);
        ok &= (r[ty] < rules.declared_types)
            & (r[name] <= u32::MAX as u64)
            & exact
            & (node < rules.node_count);
        largest = largest.max(rules.string_named(r[ty], r[name]));
    }
    if !ok {
        return false;
    }
    *cols.largest_name = largest;
    let records = || recs.chunks_exact(width);
    cols.ty.extend(records().map(|r| r[ty] as u8));
    cols.name.extend(records().map(|r| r[name] as u32));
    cols.to
        .extend(records().map(|r| rules.to_node.quotient(r[to]).0 as u32));
    true
}

/// What a node record must satisfy to be stored as it is.
#[derive(Clone, Copy)]
pub(super) struct NodeRules {
    pub width: usize,
    pub pos: NodePositions,
    pub declared_types: u64,
}

/// Where node ids go: the snapshot's column, or the low halves of a split's part (natively only).
pub(super) enum Ids<'a> {
    Snapshot(&'a mut NodeIds),
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Low(&'a mut Vec<u32>),
}

/// The node columns records are appended to; `edge_ends` gets the running sum of the records'
/// edge counts, from `edge_sum`.
pub(super) struct NodeColumns<'a> {
    pub ty: &'a mut Vec<u8>,
    pub name: &'a mut Vec<u32>,
    pub id: Ids<'a>,
    pub self_size: &'a mut Vec<u32>,
    pub edge_ends: &'a mut Vec<u32>,
    pub trace: &'a mut Vec<u32>,
    pub detachedness: &'a mut Vec<u8>,
}

/// Appends the whole node records `recs` when every one can be stored as it is and the node count
/// stays below `most_nodes` and the edge sum (from `*edge_sum`, updated) within the limit; `false`,
/// with nothing appended, when not.
#[inline(always)]
pub(super) fn append_nodes(
    recs: &[u64],
    rules: &NodeRules,
    most_nodes: u64,
    edge_sum: &mut u64,
    cols: NodeColumns<'_>,
) -> bool {
    let p = rules.pos;
    let fixed = (p.ty, p.name, p.id, p.self_size, p.edge_count) == (0, 1, 2, 3, 4);
    // Constants once inlined, for V8's layouts since 2021 (without and with allocation traces)
    // and before.
    let v8 = |trace, detachedness| NodePositions {
        ty: 0,
        name: 1,
        id: 2,
        self_size: 3,
        edge_count: 4,
        trace,
        detachedness,
    };
    match (rules.width, p.trace, p.detachedness) {
        (7, None, Some(6)) if fixed => nodes_in(
            recs,
            7,
            v8(None, Some(6)),
            rules,
            most_nodes,
            edge_sum,
            cols,
        ),
        (7, Some(5), Some(6)) if fixed => nodes_in(
            recs,
            7,
            v8(Some(5), Some(6)),
            rules,
            most_nodes,
            edge_sum,
            cols,
        ),
        (6, None, None) if fixed => {
            nodes_in(recs, 6, v8(None, None), rules, most_nodes, edge_sum, cols)
        }
        _ => nodes_any(recs, rules, most_nodes, edge_sum, cols),
    }
}

/// Any other layout, at the positions its header gives.
#[inline(never)]
fn nodes_any(
    recs: &[u64],
    rules: &NodeRules,
    most_nodes: u64,
    edge_sum: &mut u64,
    cols: NodeColumns<'_>,
) -> bool {
    nodes_in(
        recs,
        rules.width,
        rules.pos,
        rules,
        most_nodes,
        edge_sum,
        cols,
    )
}

#[inline(always)]
fn nodes_in(
    recs: &[u64],
    width: usize,
    p: NodePositions,
    rules: &NodeRules,
    most_nodes: u64,
    edge_sum: &mut u64,
    cols: NodeColumns<'_>,
) -> bool {
    let records = || recs.chunks_exact(width);
    let count = (recs.len() / width) as u64;
    let mut ok = cols.ty.len() as u64 + count <= most_nodes;
    let mut sum = *edge_sum;
    for r in records() {
        ok &= (r[p.ty] < rules.declared_types)
            & (r[p.name] <= u32::MAX as u64)
            & (r[p.id] <= u32::MAX as u64);
        sum = sum.saturating_add(r[p.edge_count]);
    }
    if !ok || sum > MAX_RECORDS {
        return false;
    }
    cols.ty.extend(records().map(|r| r[p.ty] as u8));
    cols.name.extend(records().map(|r| r[p.name] as u32));
    match cols.id {
        Ids::Snapshot(ids) => ids.extend_low(records().map(|r| r[p.id] as u32)),
        Ids::Low(ids) => ids.extend(records().map(|r| r[p.id] as u32)),
    }
    // V8 writes sizes that fit; DevTools keeps them in a Uint32Array as well.
    cols.self_size
        .extend(records().map(|r| r[p.self_size] as u32));
    let mut running = *edge_sum;
    cols.edge_ends.extend(records().map(|r| {
        running += r[p.edge_count];
        running as u32
    }));
    *edge_sum = sum;
    if let Some(t) = p.trace {
        cols.trace.extend(records().map(|r| r[t] as u32));
    }
    if let Some(d) = p.detachedness {
        cols.detachedness
            .extend(records().map(|r| r[d].min(3) as u8));
    }
    true
}

#[cfg(test)]
mod tests {
    //! Random records against the record-by-record rules, transcribed: the batch is taken exactly
    //! when every record passes them, and then holds what pushing each record would.

    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = u64> {
        prop_oneof![
            8 => 0u64..40,
            4 => (0u64..2000).prop_map(|v| v * 7),
            1 => Just(u32::MAX as u64),
            1 => Just(u32::MAX as u64 + 1),
            1 => any::<u64>(),
        ]
    }

    fn edge_case() -> impl Strategy<Value = (Vec<u64>, bool)> {
        (any::<bool>(), 0usize..30).prop_flat_map(|(v8, n)| {
            let width = if v8 { 3 } else { 4 };
            (prop::collection::vec(value(), n * width), Just(v8))
        })
    }

    proptest! {
        #[test]
        fn edges_are_taken_exactly_when_each_passes((recs, v8) in edge_case()) {
            let (width, pos) = if v8 {
                (3, EdgePositions { ty: 0, name: 1, to: 2 })
            } else {
                (4, EdgePositions { ty: 3, name: 0, to: 2 })
            };
            let rules = EdgeRules { width, pos, to_node: ExactDivisor::new(7), declared_types: 7, node_count: 1500, indexed: [1, 4] };
            let each = recs.chunks_exact(width).all(|r| {
                r[pos.ty] < 7 && r[pos.name] <= u32::MAX as u64 && r[pos.to] % 7 == 0 && r[pos.to] / 7 < 1500
            });
            let (mut ty, mut name, mut to, mut largest) = (vec![9u8], vec![9u32], vec![9u32], 3u32);
            let taken = append_edges(&recs, &rules, EdgeColumns { ty: &mut ty, name: &mut name, to: &mut to, largest_name: &mut largest });
            prop_assert_eq!(taken, each);
            let named = recs.chunks_exact(width).filter(|r| r[pos.ty] != 1 && r[pos.ty] != 4).map(|r| r[pos.name] as u32);
            prop_assert_eq!(largest, if each { named.fold(3, u32::max) } else { 3 });
            let expected: Vec<(u8, u32, u32)> = if each {
                recs.chunks_exact(width).map(|r| (r[pos.ty] as u8, r[pos.name] as u32, (r[pos.to] / 7) as u32)).collect()
            } else {
                Vec::new()
            };
            prop_assert_eq!(ty[1..].to_vec(), expected.iter().map(|e| e.0).collect::<Vec<_>>());
            prop_assert_eq!(name[1..].to_vec(), expected.iter().map(|e| e.1).collect::<Vec<_>>());
            prop_assert_eq!(to[1..].to_vec(), expected.iter().map(|e| e.2).collect::<Vec<_>>());
        }

        #[test]
        fn nodes_are_taken_exactly_when_each_passes(
            layout in 0usize..4,
            records in prop::collection::vec(prop::collection::vec(value(), 7), 0..30),
            start_sum in prop_oneof![Just(0u64), Just(MAX_RECORDS - 100)],
            room in prop_oneof![Just(MAX_RECORDS), 0u64..40],
        ) {
            // V8 2021+ without and with traces, V8 before 2021, and fields in another order.
            let (width, pos) = match layout {
                0 => (7, NodePositions { ty: 0, name: 1, id: 2, self_size: 3, edge_count: 4, trace: None, detachedness: Some(6) }),
                1 => (7, NodePositions { ty: 0, name: 1, id: 2, self_size: 3, edge_count: 4, trace: Some(5), detachedness: Some(6) }),
                2 => (6, NodePositions { ty: 0, name: 1, id: 2, self_size: 3, edge_count: 4, trace: None, detachedness: None }),
                _ => (6, NodePositions { ty: 5, name: 4, id: 0, self_size: 1, edge_count: 2, trace: Some(3), detachedness: None }),
            };
            let recs: Vec<u64> = records.iter().flat_map(|r| r[..width].to_vec()).collect();
            let rules = NodeRules { width, pos, declared_types: 14 };
            // The rules of the record-by-record path, transcribed.
            let mut sum = start_sum;
            let mut each = true;
            let mut expected = Vec::new();
            for (k, r) in recs.chunks_exact(width).enumerate() {
                let pass = r[pos.ty] < 14 && r[pos.name] <= u32::MAX as u64 && r[pos.id] <= u32::MAX as u64 && (k as u64) < room;
                sum = sum.saturating_add(r[pos.edge_count]);
                if !pass || sum > MAX_RECORDS {
                    each = false;
                    break;
                }
                expected.push((
                    r[pos.ty] as u8, r[pos.name] as u32, r[pos.id] as u32, r[pos.self_size] as u32, sum as u32,
                    pos.trace.map(|t| r[t] as u32), pos.detachedness.map(|d| r[d].min(3) as u8),
                ));
            }
            let mut edge_sum = start_sum;
            let (mut ty, mut name, mut id, mut size, mut ends, mut trace, mut det) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let taken = append_nodes(&recs, &rules, room, &mut edge_sum, NodeColumns {
                ty: &mut ty, name: &mut name, id: Ids::Low(&mut id), self_size: &mut size,
                edge_ends: &mut ends, trace: &mut trace, detachedness: &mut det,
            });
            prop_assert_eq!(taken, each);
            if !each {
                expected.clear();
                prop_assert_eq!(edge_sum, start_sum);
            } else {
                prop_assert_eq!(edge_sum, sum);
            }
            prop_assert_eq!(ty, expected.iter().map(|e| e.0).collect::<Vec<_>>());
            prop_assert_eq!(name, expected.iter().map(|e| e.1).collect::<Vec<_>>());
            prop_assert_eq!(id, expected.iter().map(|e| e.2).collect::<Vec<_>>());
            prop_assert_eq!(size, expected.iter().map(|e| e.3).collect::<Vec<_>>());
            prop_assert_eq!(ends, expected.iter().map(|e| e.4).collect::<Vec<_>>());
            prop_assert_eq!(trace, expected.iter().filter_map(|e| e.5).collect::<Vec<_>>());
            prop_assert_eq!(det, expected.iter().filter_map(|e| e.6).collect::<Vec<_>>());
        }
    }
}
