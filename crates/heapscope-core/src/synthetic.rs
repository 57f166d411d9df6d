//! Synthetic heap snapshots: a V8-shaped snapshot (Node 20 layout) of a seeded random object graph
//! with strings, arrays, hidden objects, plain objects, weak and shortcut edges. Used to warm up a
//! wasm engine before a real file arrives (so the hot functions are already optimised) and by tests
//! that check the analysis' invariants on graphs of any shape.

use std::fmt::Write;

/// A small deterministic pseudo-random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const NODE_FIELDS: usize = 7;
// Node type indices of the meta below.
const HIDDEN: u32 = 0;
const ARRAY: u32 = 1;
const STRING: u32 = 2;
const OBJECT: u32 = 3;
const NATIVE: u32 = 8;
const SYNTHETIC: u32 = 9;
// Edge type indices.
const ELEMENT: u32 = 1;
const PROPERTY: u32 = 2;
const INTERNAL: u32 = 3;
const SHORTCUT: u32 = 5;
const WEAK: u32 = 6;

/// The JSON text of a snapshot with `objects` random objects (about `3 × objects` nodes), the same
/// for the same `seed`.
pub fn synthetic_snapshot(objects: usize, seed: u64) -> Vec<u8> {
    let objects = objects.max(4);
    let mut rng = Rng(seed | 1);
    // Strings: fixed names first, then one value per object.
    let mut strings: Vec<String> = [
        "",
        "(GC roots)",
        "global",
        "Object",
        "Item",
        "Array",
        "system / Map",
        "elements",
        "next",
        "map",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let props: Vec<u32> = (0..6)
        .map(|k| {
            strings.push(format!("p{k}"));
            strings.len() as u32 - 1
        })
        .collect();
    let node_native = strings.len() as u32;
    strings.push("Detached <div>".into());
    // Nodes: 0 root, 1 (GC roots), 2 global, 3 shared map, then per object: object, string, array.
    let first_object = 4usize;
    let node_count = first_object + 3 * objects + objects / 16;
    let mut nodes: Vec<[u64; NODE_FIELDS]> = Vec::with_capacity(node_count);
    let mut edges: Vec<Vec<(u32, u32, usize)>> = Vec::with_capacity(node_count);
    let mut id = 1u64;
    let mut node =
        |nodes: &mut Vec<[u64; NODE_FIELDS]>, ty: u32, name: u32, size: u64, detached: u64| {
            nodes.push([ty as u64, name as u64, id, size, 0, 0, detached]);
            id += 2;
        };
    node(&mut nodes, SYNTHETIC, 0, 0, 0);
    node(&mut nodes, SYNTHETIC, 1, 0, 0);
    node(&mut nodes, OBJECT, 2, 64, 0);
    node(&mut nodes, HIDDEN, 6, 40, 0);
    for i in 0..objects {
        let plain = rng.below(3) == 0;
        node(
            &mut nodes,
            OBJECT,
            if plain { 3 } else { 4 },
            16 + 8 * rng.below(6) as u64,
            0,
        );
        strings.push(format!("value-{i}-{}", rng.below(1000)));
        node(
            &mut nodes,
            STRING,
            strings.len() as u32 - 1,
            16 + rng.below(64) as u64,
            0,
        );
        node(&mut nodes, ARRAY, 7, 16 + 8 * rng.below(8) as u64, 0);
    }
    for _ in 0..objects / 16 {
        node(&mut nodes, NATIVE, node_native, 100, 2);
    }
    edges.resize(nodes.len(), Vec::new());
    let obj = |i: usize| first_object + 3 * i;
    edges[0].push((ELEMENT, 1, 1));
    edges[0].push((SHORTCUT, 2, 2));
    edges[1].push((ELEMENT, 1, 3));
    for i in 0..objects.min(64) {
        edges[2].push((PROPERTY, props[i % props.len()], obj(rng.below(objects))));
    }
    for i in 0..objects {
        let o = obj(i);
        edges[o].push((PROPERTY, 8, obj((i + 1) % objects)));
        let extra = rng.below(3);
        for &p in &props[..extra] {
            edges[o].push((PROPERTY, p, obj(rng.below(objects))));
        }
        edges[o].push((PROPERTY, props[5], o + 1));
        edges[o].push((INTERNAL, 7, o + 2));
        edges[o].push((INTERNAL, 9, 3));
        if rng.below(8) == 0 {
            edges[o].push((WEAK, 9, obj(rng.below(objects))));
        }
        edges[o + 2].push((ELEMENT, rng.below(4) as u32, obj(rng.below(objects))));
    }
    let natives = first_object + 3 * objects;
    for k in 0..objects / 16 {
        edges[obj(rng.below(objects))].push((INTERNAL, 9, natives + k));
    }

    let edge_count: usize = edges.iter().map(Vec::len).sum();
    let mut out = String::with_capacity(node_count * 40 + edge_count * 16 + strings.len() * 16);
    out.push_str(
        r#"{"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],"location_fields":["object_index","script_id","line","column"]},"#,
    );
    let _ = writeln!(
        out,
        r#""node_count":{},"edge_count":{edge_count},"trace_function_count":0}},"nodes":["#,
        nodes.len()
    );
    for (i, n) in nodes.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = writeln!(
            out,
            "{sep}{},{},{},{},{},{},{}",
            n[0],
            n[1],
            n[2],
            n[3],
            edges[i].len(),
            n[5],
            n[6]
        );
    }
    out.push_str(r#"],"edges":["#);
    let mut first = true;
    for list in &edges {
        for &(ty, name, to) in list {
            let sep = if first { "" } else { "," };
            first = false;
            let _ = writeln!(out, "{sep}{ty},{name},{}", to * NODE_FIELDS);
        }
    }
    out.push_str(r#"],"locations":[],"strings":["#);
    for (i, s) in strings.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = writeln!(out, "{sep}\"{s}\"");
    }
    out.push_str("]}");
    out.into_bytes()
}
