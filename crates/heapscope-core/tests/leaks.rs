//! Three-snapshot leak detection (MemLab's method) on a triple recorded from one Node process by
//! `tests/gen/leak-triple.js`, where exactly what survives is known by construction: 400 `Widget`s
//! (each owning a `WidgetState`) in the `widgetRegistry` Map and 250 `Subscription`s (each owning an
//! `onEvent` closure) in the `subscribers` array; 3,000 `TempRecord`s and 299 `{alpha, beta}`
//! objects released before the final snapshot and 500 `LateObject`s allocated after the target.

mod common;

use common::{analyse, fixture_bytes, parse_chunked};
use heapscope_core::compare::{leaks, JsIds};
use heapscope_core::Analysis;

fn ids(name: &str) -> JsIds {
    let json = common::fixture_json(name);
    JsIds::of(&parse_chunked(&json, 1 << 20).unwrap())
}

fn report() -> (leaks::LeakReport, Analysis) {
    let final_ = analyse(&fixture_bytes("triple-final"));
    let r = leaks::detect(&ids("triple-baseline"), &ids("triple-target"), &final_);
    (r, final_)
}

#[test]
fn finds_exactly_the_planted_survivors_grouped_by_trace() {
    let (r, final_) = report();
    let mut groups: Vec<(&str, u64)> = r.leaks.iter().map(|g| (g.name.as_str(), g.count)).collect();
    groups.sort();
    assert_eq!(groups, [("Subscription", 250), ("Widget", 400)], "{r:#?}");
    assert!(
        r.leaks[0].retained_size >= r.leaks[1].retained_size,
        "strongest first"
    );
    // Each group is held one way: through the Map's table, through the array's elements.
    let group = |name: &str| r.leaks.iter().find(|g| g.name == name).unwrap();
    let widget = group("Widget");
    let edges: Vec<&str> = widget
        .retainer_path
        .iter()
        .map(|s| s.edge.as_str())
        .collect();
    assert!(edges.contains(&"widgetRegistry"), "{edges:?}");
    assert_eq!(widget.retainer_path.last().unwrap().name, "Widget");
    let subscription = group("Subscription");
    let edges: Vec<&str> = subscription
        .retainer_path
        .iter()
        .map(|s| s.edge.as_str())
        .collect();
    assert!(edges.contains(&"subscribers"), "{edges:?}");
    // The owned WidgetState and onEvent closure are counted in their owner's retained size.
    for g in &r.leaks {
        let expect: u64 = g
            .sample_ids
            .iter()
            .map(|&id| final_.retained_size(final_.find_by_id(id).unwrap()))
            .sum::<u64>();
        assert!(
            g.retained_size >= expect && g.retained_size > g.self_size,
            "{g:#?}"
        );
    }
    assert_eq!(r.reported, 650);
}

#[test]
fn released_and_late_objects_are_not_leaks() {
    let (r, final_) = report();
    // Survivors include the owned objects (WidgetState, onEvent, its context) and V8 internals.
    assert!(r.survivors >= 650 + 400 + 250, "{}", r.survivors);
    assert!(
        r.allocated_in_target > r.survivors,
        "the TempRecords and shapes died"
    );
    let names: Vec<String> = r.leaks.iter().map(|g| g.name.clone()).collect();
    for absent in [
        "TempRecord",
        "LateObject",
        "{alpha, beta}",
        "WidgetState",
        "onEvent()",
    ] {
        assert!(!names.iter().any(|n| n == absent), "{absent} in {names:?}");
    }
    let late = final_
        .classes()
        .iter()
        .find(|c| c.name == "LateObject")
        .unwrap();
    assert_eq!(
        late.count, 500,
        "the late objects are in the final snapshot"
    );
}
