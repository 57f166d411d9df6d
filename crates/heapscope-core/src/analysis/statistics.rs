//! DevTools' `calculateStatistics` (the pie chart) and the raw per-type totals. Uses self sizes after
//! shallow-size reattribution; `JS arrays` counts objects named `Array` plus their `elements` store
//! when that store has exactly one retainer.

use crate::model::{Category, CountAndSize, DetachedSummary, Overview, Statistics};
use crate::snapshot::HeapSnapshot;
use std::collections::BTreeMap;

/// The seven slices and the total (`total_size` includes `extra_native_bytes`).
pub fn calculate(
    snap: &HeapSnapshot,
    sizes: &[u32],
    total_size: u64,
    retainer_count: impl Fn(u32) -> u32,
) -> Statistics {
    let t = &snap.types;
    let mut native = snap.extra_native_bytes;
    let (mut typed, mut code, mut strings, mut arrays, mut system) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let array_data = snap.strings.indices_of("system / JSArrayBufferData");
    let array_names = snap.strings.indices_of("Array");
    let elements = snap.strings.indices_of("elements");
    for o in 0..snap.node_count() {
        let size = sizes[o] as u64;
        let ty = snap.node_type[o];
        if ty == t.hidden {
            system += size;
        } else if ty == t.native {
            native += size;
            if array_data.contains(&snap.node_name[o]) {
                typed += size;
            }
        } else if ty == t.code {
            code += size;
        } else if t.is_string_type(ty) {
            strings += size;
        } else if array_names.contains(&snap.node_name[o]) {
            arrays += size;
            for e in snap.edges_of(o as u32) {
                if snap.edge_type[e] != t.edge_internal || !elements.contains(&snap.edge_name[e]) {
                    continue;
                }
                let store = snap.edge_to[e];
                if retainer_count(store) == 1 {
                    arrays += sizes[store as usize] as u64;
                }
                break;
            }
        }
    }
    let v8heap = total_size.saturating_sub(native);
    Statistics {
        total: total_size,
        code,
        strings,
        js_arrays: arrays,
        typed_arrays: typed,
        system,
        other_js: v8heap.saturating_sub(code + strings + arrays + system),
        other_native: native.saturating_sub(typed),
    }
}

/// The Overview's figures (`class_count` is 0 while classes are not aggregated yet).
pub fn overview(
    snap: &HeapSnapshot,
    total_size: u64,
    statistics: Statistics,
    detached: DetachedSummary,
    class_count: u64,
) -> Overview {
    Overview {
        nodes: snap.node_count() as u64,
        edges: snap.edge_count() as u64,
        total_size,
        statistics,
        categories: categories(&statistics),
        detached,
        class_count,
    }
}

/// The heap by category with each one's share of the total, largest first.
pub fn categories(s: &Statistics) -> Vec<Category> {
    let total = s.total.max(1) as f64;
    let mut rows: Vec<Category> = s
        .slices()
        .into_iter()
        .map(|(name, size)| Category {
            name: name.to_owned(),
            size,
            percent: 100.0 * size as f64 / total,
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.size));
    rows
}

/// Count and raw self size per node type, straight from the file (`sizes`: the file's self sizes,
/// before any is reattributed).
pub fn raw_by_type(snap: &HeapSnapshot, sizes: &[u32]) -> BTreeMap<String, CountAndSize> {
    let mut per = vec![CountAndSize::default(); snap.types.node_type_names.len()];
    for (&ty, &size) in snap.node_type.iter().zip(sizes) {
        let p = &mut per[ty as usize];
        p.count += 1;
        p.self_size += size as u64;
    }
    per.into_iter()
        .enumerate()
        .filter(|(_, p)| p.count > 0)
        .map(|(ty, p)| (snap.types.node_type_name(ty as u8).to_owned(), p))
        .collect()
}
