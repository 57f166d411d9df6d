//! The explore queries against DevTools' own figures: for each subject object of a snapshot,
//! `NAME.explore.ref.json` (written by `tests/fixtures/explore-ref.mjs` with DevTools' heap snapshot
//! worker) holds the Retainers view's rows in its default order (edge type and name, owner id,
//! distance, owner's retained size) and total, the path the view expands by itself, the Containment
//! view's rows (largest retained first) with total and retained-size sum, and the dominator-tree
//! children. The app-server subjects (the module Context @7965 with 4,216 listed retainers, the
//! cache Map @2055169) run when `../shared/fixtures` is present.

mod common;

use common::{analyse, fixture_bytes, fixtures_dir};
use heapscope_core::analysis::{BASE_UNREACHABLE_DISTANCE, NO_DISTANCE};
use heapscope_core::{Analysis, RetainerFilter};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

fn u(v: &Value) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| v.as_f64().expect("number") as u64)
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

struct Ids(HashMap<u64, u32>);

impl Ids {
    fn new(a: &Analysis) -> Ids {
        Ids((0..a.node_count() as u32)
            .map(|o| (a.snapshot().node_id.get(o as usize), o))
            .collect())
    }
    fn ord(&self, id: u64) -> u32 {
        *self.0.get(&id).unwrap_or_else(|| panic!("no node @{id}"))
    }
}

/// DevTools' Retainers view distance of a row.
fn view_distance(d: i32) -> i64 {
    if d == NO_DISTANCE {
        BASE_UNREACHABLE_DISTANCE as i64
    } else {
        d as i64
    }
}

fn check(name: &str, a: &Analysis, reference: &Value) {
    let ids = Ids::new(a);
    let subjects = reference["subjects"].as_array().expect("subjects");
    assert!(!subjects.is_empty());
    for subject in subjects {
        let id = u(&subject["id"]);
        let ord = ids.ord(id);
        let what = format!("{name} @{id} ({})", s(&subject["name"]));

        // Retainers, DevTools' default view.
        let r = &subject["retainers"];
        let want: &Vec<Value> = r["rows"].as_array().unwrap();
        let page = a
            .retainers_page(ord, RetainerFilter::default(), 0, want.len())
            .unwrap();
        assert_eq!(page.total as u64, u(&r["total"]), "{what}: retainer count");
        assert_eq!(page.node.id, id);
        let got: Vec<(String, String, u64, i64, u64)> = page
            .rows
            .iter()
            .map(|row| {
                (
                    row.edge_type.clone(),
                    row.edge_name.clone(),
                    row.node.id,
                    view_distance(row.node.distance),
                    row.node.retained_size,
                )
            })
            .collect();
        let expected: Vec<(String, String, u64, i64, u64)> = want
            .iter()
            .map(|w| {
                (
                    s(&w[0]),
                    s(&w[1]),
                    u(&w[2]),
                    w[3].as_i64().unwrap(),
                    u(&w[4]),
                )
            })
            .collect();
        assert_eq!(got, expected, "{what}: retainers in DevTools' order");
        assert!(
            page.rows.iter().all(|row| !row.weak),
            "{what}: no weak rows"
        );
        let chain: Vec<u64> = a
            .expanded_retainers(ord, RetainerFilter::default())
            .iter()
            .map(|&o| a.snapshot().node_id.get(o as usize))
            .collect();
        let want_chain: Vec<u64> = r["chain"].as_array().unwrap().iter().map(u).collect();
        assert_eq!(chain, want_chain, "{what}: the path DevTools expands");

        // Containment.
        let c = &subject["containment"];
        let want: &Vec<Value> = c["rows"].as_array().unwrap();
        let page = a.children_page(ord, 0, usize::MAX).unwrap();
        assert_eq!(page.total as u64, u(&c["total"]), "{what}: child count");
        assert_eq!(
            page.rows.iter().map(|r| r.node.retained_size).sum::<u64>(),
            u(&c["retained_sum"]),
            "{what}: children's retained sizes sum as DevTools'"
        );
        let got: Vec<(String, String, u64, u64)> = page.rows[..want.len()]
            .iter()
            .map(|r| {
                (
                    r.edge_type.clone(),
                    r.edge_name.clone(),
                    r.node.id,
                    r.node.retained_size,
                )
            })
            .collect();
        let expected: Vec<(String, String, u64, u64)> = want
            .iter()
            .map(|w| (s(&w[0]), s(&w[1]), u(&w[2]), u(&w[3])))
            .collect();
        assert_eq!(got, expected, "{what}: containment in DevTools' order");

        // Dominator tree.
        let d = &subject["dominated"];
        let want: &Vec<Value> = d["rows"].as_array().unwrap();
        let page = a.dominated_page(ord, 0, want.len()).unwrap();
        assert_eq!(page.total as u64, u(&d["total"]), "{what}: dominated count");
        let got: Vec<(u64, u64)> = page
            .rows
            .iter()
            .map(|r| (r.node.id, r.node.retained_size))
            .collect();
        let expected: Vec<(u64, u64)> = want.iter().map(|w| (u(&w[0]), u(&w[1]))).collect();
        assert_eq!(got, expected, "{what}: dominated children");
    }
}

fn reference(name: &str) -> Value {
    let path = fixtures_dir().join(format!("{name}.explore.ref.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn explore_queries_match_devtools_on_tiny() {
    check("tiny", &analyse(&fixture_bytes("tiny")), &reference("tiny"));
}

#[test]
fn explore_queries_match_devtools_on_leak_after() {
    check(
        "leak-after",
        &analyse(&fixture_bytes("leak-after")),
        &reference("leak-after"),
    );
}

#[test]
fn explore_queries_match_devtools_on_chromium_detached() {
    check(
        "chromium-detached",
        &analyse(&fixture_bytes("chromium-detached")),
        &reference("chromium-detached"),
    );
}

fn shared_app_server() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/app-server.heapsnapshot.gz");
    p.exists().then_some(p)
}

#[test]
fn explore_queries_match_devtools_on_app_server() {
    let Some(path) = shared_app_server() else {
        eprintln!("skipped: ../shared/fixtures/app-server.heapsnapshot.gz is absent");
        return;
    };
    let a = analyse(&std::fs::read(path).unwrap());
    check("app-server", &a, &reference("app-server"));
}

#[test]
fn filters_show_weak_retainers_and_hide_internal_ones() {
    let a = analyse(&fixture_bytes("tiny"));
    let snap = a.snapshot();
    let weak = snap
        .types
        .edge_type_names
        .iter()
        .position(|t| t == "weak")
        .unwrap() as u8;
    // A node held by weak edges from non-root owners, and by other edges too.
    let target = (0..snap.edge_count())
        .filter(|&e| snap.edge_type[e] == weak)
        .map(|e| snap.edge_to[e])
        .find(|&o| {
            a.retainers_page(o, RetainerFilter::default(), 0, 0)
                .unwrap()
                .total
                > 0
        })
        .expect("a weakly held node");
    let devtools = a
        .retainers_page(target, RetainerFilter::default(), 0, usize::MAX)
        .unwrap();
    assert!(
        devtools.filtered > 0,
        "weak retainers are left out by default"
    );
    let with_weak = RetainerFilter {
        weak: true,
        ..Default::default()
    };
    let all = a.retainers_page(target, with_weak, 0, usize::MAX).unwrap();
    assert_eq!(all.total, devtools.total + devtools.filtered);
    assert_eq!(all.filtered, 0);
    assert_eq!(
        all.rows.iter().filter(|r| r.weak).count() as u32,
        devtools.filtered
    );
    assert!(all
        .rows
        .iter()
        .filter(|r| r.weak)
        .all(|r| r.edge_type == "weak"));

    // The Context of tiny's largest closure is held by internal edges: hiding them.
    let global = a.find_by_id(6049).expect("global @6049");
    let shown = a
        .retainers_page(global, RetainerFilter::default(), 0, usize::MAX)
        .unwrap();
    assert!(shown.rows.iter().any(|r| r.internal));
    let no_internal = RetainerFilter {
        hide_internal: true,
        ..Default::default()
    };
    let hidden = a
        .retainers_page(global, no_internal, 0, usize::MAX)
        .unwrap();
    assert!(hidden.rows.iter().all(|r| !r.internal));
    assert_eq!(
        hidden.total + hidden.filtered,
        shown.total + shown.filtered,
        "every retainer is either listed or counted as filtered"
    );
    assert_eq!(
        hidden.filtered as usize,
        shown.filtered as usize + shown.rows.iter().filter(|r| r.internal).count()
    );
}

#[test]
fn pages_concatenate_to_the_whole_list() {
    let a = analyse(&fixture_bytes("leak-after"));
    // The Array of 21,000 sessions' listeners and the sessionCache Map hold many children.
    let big = a.top_retained(40);
    for n in &big {
        let whole = a.children_page(n.ordinal, 0, usize::MAX).unwrap();
        let mut paged = Vec::new();
        let mut offset = 0;
        loop {
            let p = a.children_page(n.ordinal, offset, 7).unwrap();
            assert_eq!(p.offset as usize, offset.min(whole.rows.len()));
            assert_eq!(p.total, whole.total);
            if p.rows.is_empty() {
                break;
            }
            offset += p.rows.len();
            paged.extend(p.rows);
        }
        assert_eq!(paged, whole.rows, "@{}", n.id);
        let dom = a.dominated_page(n.ordinal, 0, usize::MAX).unwrap();
        let second = a.dominated_page(n.ordinal, 3, 5).unwrap();
        assert_eq!(
            second.rows,
            dom.rows[3.min(dom.rows.len())..8.min(dom.rows.len())]
        );
        let rets = a
            .retainers_page(n.ordinal, RetainerFilter::default(), 0, usize::MAX)
            .unwrap();
        let tail = a
            .retainers_page(n.ordinal, RetainerFilter::default(), 1, usize::MAX)
            .unwrap();
        assert_eq!(tail.rows, rets.rows[1.min(rets.rows.len())..]);
    }
}

#[test]
fn the_dominator_tree_children_partition_the_retained_size() {
    for name in ["tiny", "chromium-detached"] {
        let a = analyse(&fixture_bytes(name));
        let root = a.root_ordinal();
        let mut stack = vec![root];
        let mut visited = 0usize;
        while let Some(o) = stack.pop() {
            visited += 1;
            let page = a.dominated_page(o, 0, usize::MAX).unwrap();
            assert_eq!(
                page.node.retained_size,
                page.node.self_size + page.rows.iter().map(|r| r.node.retained_size).sum::<u64>(),
                "{name} @{}",
                page.node.id
            );
            assert!(page
                .rows
                .windows(2)
                .all(|w| w[0].node.retained_size >= w[1].node.retained_size));
            for r in &page.rows {
                assert_eq!(a.dominator(r.node.ordinal), o);
                let below = a.dominated_page(r.node.ordinal, 0, 0).unwrap();
                assert_eq!(r.dominated, below.total);
            }
            stack.extend(page.rows.iter().map(|r| r.node.ordinal));
        }
        assert_eq!(
            visited as u64,
            a.node_count(),
            "{name}: the tree spans every node"
        );
        // The branch to a node starts at the root and ends at the node.
        let deep = a.top_retained(30)[29].ordinal;
        let path = a.dominator_path(deep);
        assert_eq!(path.first().unwrap().ordinal, root);
        assert_eq!(path.last().unwrap().ordinal, deep);
        assert!(path
            .windows(2)
            .all(|w| a.dominator(w[1].ordinal) == w[0].ordinal));
    }
}

#[test]
fn largest_objects_leave_out_roots_and_fold_what_sits_inside_a_listed_object() {
    for name in ["tiny", "leak-after", "chromium-detached"] {
        let a = analyse(&fixture_bytes(name));
        let rows = a.largest_objects(50);
        assert!(!rows.is_empty() && rows.len() <= 50);
        let listed: Vec<u32> = rows.iter().map(|r| r.node.ordinal).collect();
        for r in &rows {
            assert_ne!(r.node.node_type, "synthetic", "{name}: {}", r.node.name);
            // No row sits inside another row.
            let path = a.dominator_path(r.node.ordinal);
            assert!(
                path[..path.len() - 1]
                    .iter()
                    .all(|p| !listed.contains(&p.ordinal)),
                "{name}: @{} is inside another row",
                r.node.id
            );
            // The chain goes down the dominator tree.
            let mut parent = r.node.ordinal;
            for inside in &r.inside {
                assert_eq!(a.dominator(inside.ordinal), parent);
                parent = inside.ordinal;
            }
            assert!(r.inside.len() as u32 <= r.folded);
        }
        assert!(rows
            .windows(2)
            .all(|w| w[0].node.retained_size >= w[1].node.retained_size));
        // Every one of the 50 largest non-synthetic objects is listed or folded into a row.
        let raw: Vec<_> = a
            .top_retained(400)
            .into_iter()
            .filter(|n| n.node_type != "synthetic")
            .take(50)
            .collect();
        for n in &raw {
            let path = a.dominator_path(n.ordinal);
            assert!(
                path.iter().any(|p| listed.contains(&p.ordinal)),
                "{name}: @{} is neither listed nor inside a row",
                n.id
            );
        }
        assert!(
            rows.iter().map(|r| r.folded).sum::<u32>() > 0,
            "{name}: something folds"
        );
    }
}

#[test]
fn the_app_server_context_holds_the_cache_map_and_its_array_in_one_row() {
    let Some(path) = shared_app_server() else {
        eprintln!("skipped: ../shared/fixtures/app-server.heapsnapshot.gz is absent");
        return;
    };
    let a = analyse(&std::fs::read(path).unwrap());
    let rows = a.largest_objects(20);
    assert_eq!(rows[0].node.id, 7965, "{:?}", rows[0].node);
    // DevTools: 61,380,088 (../shared/fixtures/app-server.ref.json, top_retained).
    assert_eq!(rows[0].node.retained_size, 61_380_088);
    let inside: Vec<u64> = rows[0].inside.iter().map(|n| n.id).collect();
    assert_eq!(
        &inside[..2],
        &[2_055_169, 1_601_351],
        "Context → Map → array"
    );
    assert!(rows.iter().skip(1).all(|r| r.node.id != 2_055_169));
    // Its retainers name the closures of the module by function and line (gen/app-server.js).
    let context = a.find_by_id(7965).unwrap();
    let page = a
        .retainers_page(context, RetainerFilter::default(), 0, 50)
        .unwrap();
    for (function, line) in [
        ("getPackument", 58),
        ("loadManifest", 48),
        ("findManifests", 23),
    ] {
        let row = page
            .rows
            .iter()
            .find(|r| r.node.name == function)
            .unwrap_or_else(|| panic!("{function} among the first 50 retainers"));
        assert_eq!(row.node.node_type, "closure");
        assert_eq!(
            row.code.as_deref(),
            Some(format!("app-server.js:{line}").as_str())
        );
    }
    assert_eq!(
        a.code_label(context).as_deref(),
        Some("top-level scope of app-server.js")
    );
}

#[test]
fn ordinals_past_the_last_node_answer_nothing() {
    let a = analyse(&fixture_bytes("tiny"));
    let past = a.node_count() as u32;
    assert!(a
        .retainers_page(past, RetainerFilter::default(), 0, 10)
        .is_none());
    assert!(a.children_page(u32::MAX, 0, 10).is_none());
    assert!(a.dominated_page(past, 0, 10).is_none());
    assert!(a
        .expanded_retainers(past, RetainerFilter::default())
        .is_empty());
    assert!(a.dominator_path(past).is_empty());
    // Offsets past the end give an empty page, not a panic.
    let p = a.children_page(a.root_ordinal(), 1 << 30, 10).unwrap();
    assert!(p.rows.is_empty());
    assert_eq!(p.offset, p.total);
}

#[test]
fn rows_say_whether_there_is_anything_to_expand() {
    let a = analyse(&fixture_bytes("tiny"));
    let global = a.find_by_id(6049).unwrap();
    for row in a.children_page(global, 0, usize::MAX).unwrap().rows {
        let below = a.children_page(row.node.ordinal, 0, 0).unwrap();
        assert_eq!(row.onward, below.total, "@{}", row.node.id);
    }
    for row in a
        .retainers_page(global, RetainerFilter::default(), 0, usize::MAX)
        .unwrap()
        .rows
    {
        let all = RetainerFilter {
            weak: true,
            ..Default::default()
        };
        let below = a.retainers_page(row.node.ordinal, all, 0, 0).unwrap();
        // Onward counts also the edges from the root, which no Retainers list shows.
        assert!(row.onward >= below.total, "@{}", row.node.id);
    }
}

fn check_filters_and_detached(name: &str, a: &Analysis, reference: &Value) {
    use heapscope_core::SummaryFilter;
    for (key, filter) in [
        ("duplicatedStrings", SummaryFilter::DuplicatedStrings),
        (
            "objectsRetainedByDetachedDomNodes",
            SummaryFilter::RetainedByDetached,
        ),
    ] {
        let want = &reference["filters"][key];
        let got = a.filtered_classes(filter);
        assert_eq!(
            got.len() as u64,
            u(&want["classes"]),
            "{name} {key}: classes"
        );
        let rows: Vec<(String, u64, u64, u64, i64)> = got
            .iter()
            .take(15)
            .map(|c| {
                (
                    c.name.clone(),
                    c.count,
                    c.shallow_size,
                    c.retained_size,
                    c.distance as i64,
                )
            })
            .collect();
        let expected: Vec<(String, u64, u64, u64, i64)> = want["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                (
                    s(&w[0]),
                    u(&w[1]),
                    u(&w[2]),
                    u(&w[3]),
                    w[4].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(rows, expected, "{name} {key}: DevTools' filtered Summary");
        // The instances of each class add up to it.
        for c in got.iter().take(3) {
            let (inst, total) = a.filtered_instances(filter, c.index, 0, usize::MAX);
            assert_eq!(total as u64, c.count, "{name} {key} {}", c.name);
            assert_eq!(
                inst.iter().map(|n| n.self_size).sum::<u64>(),
                c.shallow_size
            );
            assert!(inst
                .windows(2)
                .all(|w| w[0].retained_size >= w[1].retained_size));
        }
    }
    for class in reference["detached"].as_array().unwrap() {
        let cname = s(&class["name"]);
        let (rows, total) = a.detached_instances(&cname, 0, 5);
        assert_eq!(total as u64, u(&class["count"]), "{name}: detached {cname}");
        let got: Vec<(u64, u64)> = rows.iter().map(|r| (r.id, r.retained_size)).collect();
        let want: Vec<(u64, u64)> = class["largest"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| (u(&w[0]), u(&w[1])))
            .collect();
        assert_eq!(got, want, "{name}: largest detached {cname}");
    }
}

#[test]
fn summary_filters_and_detached_classes_match_devtools() {
    for name in ["tiny", "leak-after", "chromium-detached"] {
        check_filters_and_detached(name, &analyse(&fixture_bytes(name)), &reference(name));
    }
}

#[test]
fn closures_and_contexts_say_where_their_code_is() {
    let a = analyse(&fixture_bytes("tiny"));
    // tiny's leakyClosureFn, defined in gen/tiny.js.
    let leaky = (0..a.node_count() as u32)
        .find(|&o| {
            a.snapshot().node_name_str(o) == "leakyClosureFn"
                && a.snapshot()
                    .types
                    .node_type_name(a.snapshot().node_type[o as usize])
                    == "closure"
        })
        .expect("leakyClosureFn");
    let code = a.code_label(leaky).expect("a location");
    assert_eq!(code, "tiny.js:27", "gen/tiny.js line 27");
    // Its retainers list shows the location too, and rows of other objects have none.
    let global = a.find_by_id(6049).unwrap();
    let page = a.children_page(global, 0, usize::MAX).unwrap();
    let row = page
        .rows
        .iter()
        .find(|r| r.node.ordinal == leaky)
        .expect("global holds leakyClosureFn");
    assert_eq!(row.code.as_deref(), Some(code.as_str()));
    assert!(page
        .rows
        .iter()
        .filter(|r| r.node.node_type == "object" && r.node.name != "system / Context")
        .all(|r| r.code.is_none()));
}
