//! DevTools' Comparison of two snapshots: every changed class of leak-before → leak-after and of the
//! triple's baseline → target equals DevTools' own figures (`*.diff.devtools.json`, computed by
//! DevTools' heap snapshot worker wired as its Comparison view), the owner that grew is named with
//! its path, and snapshots of different processes get the class-level fallback.

mod common;

use common::{analyse, fixture_bytes, fixtures_dir};
use heapscope_core::compare::{Comparison, ComparisonKind, SnapshotDiff};
use serde_json::Value;
use std::collections::HashMap;

fn devtools_diff(name: &str) -> Value {
    let path = fixtures_dir().join(format!("{name}.diff.devtools.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn diff(base: &str, target: &str) -> SnapshotDiff {
    let b = analyse(&fixture_bytes(base));
    let t = analyse(&fixture_bytes(target));
    Comparison::new(&b, &t).into_diff()
}

/// Every class DevTools lists, with the same key, name and six figures, and no other class.
fn assert_equals_devtools(ours: &SnapshotDiff, reference: &Value) {
    assert!(ours.same_process);
    assert_eq!(ours.comparison, ComparisonKind::ById);
    let by_key: HashMap<&str, _> = ours.classes.iter().map(|c| (c.key.as_str(), c)).collect();
    let theirs = reference["classes"].as_array().unwrap();
    assert_eq!(
        ours.classes.len(),
        theirs.len(),
        "number of changed classes"
    );
    for t in theirs {
        let key = t["key"].as_str().unwrap();
        let c = by_key
            .get(key)
            .unwrap_or_else(|| panic!("class {key} missing"));
        assert_eq!(c.name, t["name"].as_str().unwrap(), "{key}");
        assert_eq!(c.new, t["addedCount"].as_u64(), "{key}: new");
        assert_eq!(c.deleted, t["removedCount"].as_u64(), "{key}: deleted");
        assert_eq!(
            Some(c.count_delta),
            t["countDelta"].as_i64(),
            "{key}: count delta"
        );
        assert_eq!(c.alloc_size, t["addedSize"].as_u64(), "{key}: alloc size");
        assert_eq!(c.freed_size, t["removedSize"].as_u64(), "{key}: freed size");
        assert_eq!(
            Some(c.size_delta),
            t["sizeDelta"].as_i64(),
            "{key}: size delta"
        );
    }
    let totals = &reference["totals"];
    assert_eq!(Some(ours.totals.new), totals["addedCount"].as_u64());
    assert_eq!(Some(ours.totals.deleted), totals["removedCount"].as_u64());
    assert_eq!(Some(ours.totals.alloc_size), totals["addedSize"].as_u64());
    assert_eq!(Some(ours.totals.freed_size), totals["removedSize"].as_u64());
}

#[test]
fn leak_pair_diff_equals_devtools_comparison() {
    let d = diff("leak-before", "leak-after");
    assert_equals_devtools(&d, &devtools_diff("leak"));
    let row = |name: &str| d.classes.iter().find(|c| c.name == name).unwrap();
    // What gen/leak.js planted: 20,000 sessions, each with an onSessionTick closure and its context
    // and a unique 1,024-character string.
    assert_eq!(row("Session").new, Some(20_000));
    assert_eq!(row("Function").new, Some(20_000));
    assert_eq!(row("system / Context").new, Some(20_000));
    assert_eq!(row("(string)").count_delta, 20_003);
    let between = d.allocated_between.as_ref().unwrap();
    let r = devtools_diff("leak");
    assert_eq!(
        Some(between.base_max_js_id),
        r["base_max_js_node_id"].as_u64()
    );
    assert_eq!(
        Some(between.target_max_js_id),
        r["target_max_js_node_id"].as_u64()
    );
}

#[test]
fn leak_pair_names_session_cache_as_the_owner_that_grew() {
    let d = diff("leak-before", "leak-after");
    let top = &d.suspects[0];
    assert_eq!(top.name, "sessionCache", "{:#?}", d.suspects);
    assert_eq!(top.owner_class, "Map");
    assert_eq!(top.count_delta, 20_000);
    assert_eq!(top.accumulates[0].name, "Session");
    assert_eq!(top.accumulates[0].count, 20_000);
    // The path runs through the global's `sessionCache` property to the Map, its table, a Session.
    let edges: Vec<&str> = top.retainer_path.iter().map(|s| s.edge.as_str()).collect();
    assert!(edges.contains(&"sessionCache"), "{edges:?}");
    assert_eq!(top.retainer_path.last().unwrap().name, "Session");
    assert_eq!(top.owner.name, "Map");
    // The listener list of the EventEmitter accumulates the closures, by function and line
    // (`this.listener = function onSessionTick(n) …` is line 30 of gen/leak.js).
    let listeners = d
        .suspects
        .iter()
        .find(|s| {
            s.accumulates
                .first()
                .is_some_and(|a| a.name == "onSessionTick (leak.js:30)")
        })
        .unwrap_or_else(|| panic!("{:#?}", d.suspects));
    assert_eq!(listeners.name, "bus._events.tick");
    assert_eq!(listeners.count_delta, 20_000);
}

#[test]
fn base_plain_objects_take_the_targets_interface_names() {
    // The baseline has one `{alpha, beta}` object, too few for DevTools to name the shape; the target
    // has 300. DevTools' Comparison names the base's one by the target's definitions, so it is the
    // same object, not one deleted `Object` and one new `{alpha, beta}`.
    let d = diff("triple-baseline", "triple-target");
    assert_equals_devtools(&d, &devtools_diff("triple"));
    let shape = d
        .classes
        .iter()
        .find(|c| c.name == "{alpha, beta}")
        .unwrap();
    assert_eq!((shape.new, shape.deleted), (Some(299), Some(0)));
    assert!(d.classes.iter().all(|c| c.name != "Object"));
}

#[test]
fn snapshots_of_different_processes_get_the_class_level_fallback() {
    let d = diff("tiny", "leak-after");
    assert!(!d.same_process);
    assert_eq!(d.comparison, ComparisonKind::ByClass);
    assert!(d.note.contains("different processes"), "{}", d.note);
    assert!(d.suspects.is_empty() && d.allocated_between.is_none());
    assert!(d.shared_js_ids > 0 && d.agreeing_js_ids * 2 < d.shared_js_ids);
    // Class totals by name: tiny has 0 Session and 1000 Leaky, leak-after 21,000 Session, 0 Leaky.
    let row = |name: &str| d.classes.iter().find(|c| c.name == name).unwrap();
    let session = row("Session");
    assert_eq!((session.base_count, session.target_count), (0, 21_000));
    assert_eq!(session.count_delta, 21_000);
    assert_eq!(session.new, None);
    let leaky = row("Leaky");
    assert_eq!((leaky.base_count, leaky.target_count), (1000, 0));
    assert_eq!(leaky.size_delta, -(leaky.base_size as i64));
    // A Chromium snapshot against a Node one: different processes as well.
    let d = diff("chromium-detached", "leak-before");
    assert!(!d.same_process);
}
