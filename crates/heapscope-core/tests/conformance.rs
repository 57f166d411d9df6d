//! Conformance: every figure of the committed real snapshots equals DevTools' own figure for the same
//! file (`tests/fixtures/NAME.ref.json`, computed by heap-snapshot-toolkit, which packages DevTools'
//! heap snapshot worker): counts, total, statistics, 200 largest retained sizes with their self sizes,
//! top-20 distances, the top-20 classes by retained and by shallow size, class count, detached nodes,
//! and the raw per-type totals of the file.

mod common;

use common::{analyse, fixture_bytes, reference};
use heapscope_core::Analysis;
use serde_json::Value;
use std::collections::HashMap;

fn u(v: &Value) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| v.as_f64().expect("number") as u64)
}

fn check_fixture(name: &str) {
    check_fixture_with_ids(name, |id| id);
}

/// `devtools_id` maps one of our ids to the id DevTools shows for the same node (DevTools keeps ids
/// in a `Uint32Array`, so it truncates Julia's 64-bit ones).
fn check_fixture_with_ids(name: &str, devtools_id: fn(u64) -> u64) {
    let a = analyse(&fixture_bytes(name));
    let r = reference(name);
    let dt = &r["devtools"];
    assert_eq!(a.node_count(), u(&dt["node_count"]), "{name}: nodes");
    assert_eq!(a.edge_count(), u(&dt["edge_count"]), "{name}: edges");
    assert_eq!(
        a.total_size(),
        u(&dt["devtools_totalSize"]),
        "{name}: total size"
    );
    assert_eq!(
        a.retained_size(a.root_ordinal()),
        u(&dt["root_retained_size"]),
        "{name}: root retained"
    );

    let st = &dt["statistics"];
    let s = a.statistics();
    let (v8, native) = (&st["v8heap"], &st["native"]);
    assert_eq!(s.total, u(&st["total"]), "{name}: statistics.total");
    assert_eq!(s.code, u(&v8["code"]), "{name}: code");
    assert_eq!(s.strings, u(&v8["strings"]), "{name}: strings");
    assert_eq!(s.js_arrays, u(&v8["jsArrays"]), "{name}: JS arrays");
    assert_eq!(s.system, u(&v8["system"]), "{name}: system");
    assert_eq!(
        s.typed_arrays,
        u(&native["typedArrays"]),
        "{name}: typed arrays"
    );
    assert_eq!(
        s.other_native,
        u(&native["total"]) - u(&native["typedArrays"]),
        "{name}: other native"
    );
    let other_js = u(&v8["total"])
        - u(&v8["code"])
        - u(&v8["strings"])
        - u(&v8["jsArrays"])
        - u(&v8["system"]);
    assert_eq!(s.other_js, other_js, "{name}: other JS");

    // The 200 largest nodes by retained size: same retained and (reattributed) self sizes.
    let by_id: HashMap<u64, u32> = (0..a.node_count() as u32)
        .map(|o| (devtools_id(a.snapshot().node_id.get(o as usize)), o))
        .collect();
    for entry in dt["top200_retained_compact"].as_array().unwrap() {
        let (id, retained, self_size) = (u(&entry[0]), u(&entry[1]), u(&entry[2]));
        let o = *by_id
            .get(&id)
            .unwrap_or_else(|| panic!("{name}: node @{id} missing"));
        assert_eq!(
            a.retained_size(o),
            retained,
            "{name}: retained size of @{id}"
        );
        assert_eq!(a.self_size(o), self_size, "{name}: shallow size of @{id}");
    }
    let ours: Vec<u64> = a
        .top_retained(200)
        .iter()
        .map(|n| n.retained_size)
        .collect();
    let theirs: Vec<u64> = dt["top200_retained_compact"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| u(&e[1]))
        .collect();
    assert_eq!(ours, theirs, "{name}: the 200 largest retained sizes");
    for n in dt["top_retained"].as_array().unwrap() {
        let o = by_id[&u(&n["id"])];
        assert_eq!(
            a.distance(o) as i64,
            n["distance"].as_i64().unwrap(),
            "{name}: distance of @{}",
            n["id"]
        );
        let dom = a.dominator(o);
        assert_eq!(
            devtools_id(a.snapshot().node_id.get(dom as usize)),
            u(&n["dominator_id"]),
            "{name}: dominator of @{}",
            n["id"]
        );
        let full = a.display_name(o);
        let want = n["name"].as_str().unwrap();
        if u(&n["name_length"]) <= 120 {
            assert_eq!(full, want, "{name}: name of @{}", n["id"]);
        } else {
            assert!(
                full.starts_with(want.trim_end_matches('…')),
                "{name}: name of @{}",
                n["id"]
            );
        }
    }

    check_classes(name, &a, dt);

    let d = a.detached();
    assert_eq!(
        d.count,
        u(&dt["detached"]["count"]),
        "{name}: detached count"
    );
    assert_eq!(
        d.shallow_size,
        u(&dt["detached"]["self_size"]),
        "{name}: detached size"
    );

    let raw = a.summary(0).by_type;
    let want = r["raw_by_type"].as_object().unwrap();
    assert_eq!(raw.len(), want.len(), "{name}: node types present");
    for (ty, v) in want {
        let have = raw
            .get(ty)
            .unwrap_or_else(|| panic!("{name}: type {ty} missing"));
        assert_eq!(
            (have.count, have.self_size),
            (u(&v["count"]), u(&v["self_size"])),
            "{name}: raw {ty}"
        );
    }
}

fn check_classes(name: &str, a: &Analysis, dt: &Value) {
    let rows: HashMap<String, &heapscope_core::ClassRow> = a
        .classes()
        .iter()
        .map(|c| (a.class_key(c.index).unwrap(), c))
        .collect();
    assert_eq!(
        a.classes().len() as u64,
        u(&dt["class_count"]),
        "{name}: class count"
    );
    for list in ["classes_by_retained_size", "classes_by_self_size"] {
        for c in dt[list].as_array().unwrap() {
            let key = c["key"].as_str().unwrap();
            let row = rows
                .get(key)
                .unwrap_or_else(|| panic!("{name}: class {key} missing"));
            assert_eq!(
                row.name,
                c["name"].as_str().unwrap(),
                "{name}: class name of {key}"
            );
            assert_eq!(row.count, u(&c["count"]), "{name}: count of {key}");
            assert_eq!(
                row.shallow_size,
                u(&c["self_size"]),
                "{name}: shallow size of {key}"
            );
            assert_eq!(
                row.retained_size,
                u(&c["retained_size_nonnested"]),
                "{name}: retained size of {key}"
            );
            assert_eq!(
                row.distance as i64,
                c["min_distance"].as_i64().unwrap(),
                "{name}: distance of {key}"
            );
        }
    }
    let top = &dt["classes_by_retained_size"][0];
    assert_eq!(
        a.classes()[0].retained_size,
        u(&top["retained_size_nonnested"]),
        "{name}: largest class first"
    );
}

#[test]
fn tiny_node_program_matches_devtools() {
    check_fixture("tiny");
}

#[test]
fn leak_before_matches_devtools() {
    check_fixture("leak-before");
}

#[test]
fn leak_after_matches_devtools() {
    check_fixture("leak-after");
}

#[test]
fn chromium_page_with_detached_dom_matches_devtools() {
    check_fixture("chromium-detached");
}

// Files in the shapes other producers write (tests/fixtures/gen/producers.py): figures equal
// DevTools' own on the same file.

#[test]
fn v8_of_2017_with_an_undeclared_node_type_matches_devtools() {
    check_fixture("v8-2017");
}

#[test]
fn v8_of_2014_with_title_and_uid_and_five_node_fields_matches_devtools() {
    check_fixture("v8-2014");
}

#[test]
fn hermes_timeline_with_zero_header_counts_matches_devtools() {
    // DevTools fails on this file; its figures are for the same arrays with the header counts fixed.
    check_fixture("hermes");
}

#[test]
fn julia_with_64_bit_ids_matches_devtools_but_keeps_the_ids_whole() {
    check_fixture_with_ids("julia", |id| id & 0xFFFF_FFFF);
}

#[test]
fn chromium_detached_classes_are_named_like_devtools() {
    let a = analyse(&fixture_bytes("chromium-detached"));
    let count = |n: &str| {
        a.classes()
            .iter()
            .filter(|c| c.name == n)
            .map(|c| c.count)
            .sum::<u64>()
    };
    assert_eq!(count("Detached <li>"), 1000);
    assert_eq!(count("Detached <span>"), 1000);
    assert_eq!(count("Detached <div>"), 50);
    assert_eq!(count("Detached <section>"), 500);
    assert_eq!(count("Widget"), 500);
}
