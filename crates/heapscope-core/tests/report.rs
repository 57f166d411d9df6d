//! The analysis report on real snapshots: the findings must be right, not merely present. Leak
//! suspects are the planted ones with the paths that name them; string, duplicate, code and map
//! figures equal what DevTools' own worker gives for the same file (`tests/fixtures/report.ref.json`,
//! made by `tests/tools/report-refs.mjs`); hostile dump strings cannot break the Markdown.

mod common;

use common::{analyse, fixture_bytes, fixtures_dir};
use heapscope_core::report::suspects::SuspectKind;
use heapscope_core::{Analysis, Report, ReportOptions};
use serde_json::Value;
use std::path::PathBuf;

fn report_of(a: &Analysis) -> Report {
    Report::build(a, &ReportOptions::default())
}

fn refs() -> Value {
    let path = fixtures_dir().join("report.ref.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The shared app-server snapshot, when the shared fixtures sit beside the repository.
fn app_server() -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/app-server.heapsnapshot.gz");
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("skipped: {} is absent", path.display());
            None
        }
    }
}

/// The last edge of a suspect's path (the name that holds it).
fn holding_edge(s: &heapscope_core::report::suspects::Suspect) -> &str {
    &s.object.retainer_path.last().expect("a path").edge
}

#[test]
fn tiny_leaky_instances_are_suspect_one_under_leaky_array() {
    let a = analyse(&fixture_bytes("tiny"));
    let r = report_of(&a);
    let s = &r.leak_suspects.suspects[0];
    assert_eq!(s.kind, SuspectKind::Accumulation, "{s:#?}");
    let acc = s.accumulates.as_ref().unwrap();
    assert_eq!((acc.class.as_str(), acc.count), ("Leaky", 1000));
    assert_eq!(s.object.name, "Array");
    assert_eq!(holding_edge(s), "leakyArray");
    assert_eq!(s.object.retainer_path[0].name, "global");
    assert!(
        s.summary.contains("leakyArray") && s.summary.contains("1,000 Leaky"),
        "{}",
        s.summary
    );
    // tiny.js: 1000 Leaky, each 151.2 B retained on average in both DevTools and MemLab.
    assert_eq!(acc.retained_size, 151_200);
}

#[test]
fn tiny_largest_strings_are_the_two_mebibyte_strings() {
    let a = analyse(&fixture_bytes("tiny"));
    let r = report_of(&a);
    let largest = &r.strings.largest;
    for s in &largest[..2] {
        assert_eq!(s.object.self_size, 1_048_592);
        assert_eq!(s.length, 1_048_576, "length derived from the size");
        assert!(s.length_estimated);
        assert!(s.preview.chars().all(|c| c == 'x'));
    }
    assert!(largest[2].object.self_size < 1_048_592);
    // One is globalThis.bigString, the other the intermediate 'x'.repeat() on the stack.
    let edges: Vec<&str> = largest[..2]
        .iter()
        .map(|s| s.object.retainer_path.last().unwrap().edge.as_str())
        .collect();
    assert!(edges.contains(&"bigString"), "{edges:?}");
}

#[test]
fn leak_after_session_cache_is_the_top_suspect() {
    let a = analyse(&fixture_bytes("leak-after"));
    let r = report_of(&a);
    let s = &r.leak_suspects.suspects[0];
    assert_eq!(s.kind, SuspectKind::Accumulation);
    assert_eq!(s.object.name, "Map");
    assert_eq!(holding_edge(s), "sessionCache");
    let acc = s.accumulates.as_ref().unwrap();
    // 1,000 sessions before and 20,000 added (gen/leak.js).
    assert_eq!((acc.class.as_str(), acc.count), ("Session", 21_000));
    assert!(s.share > 70.0, "{}", s.share);
    // The listener list on the bus is the second: 21,000 onSessionTick closures.
    let l = &r.leak_suspects.suspects[1];
    let acc = l.accumulates.as_ref().unwrap();
    assert_eq!((acc.class.as_str(), acc.count), ("onSessionTick", 21_000));
    let path: Vec<&str> = l
        .object
        .retainer_path
        .iter()
        .map(|p| p.edge.as_str())
        .collect();
    assert_eq!(&path[1..], ["bus", "_events", "tick"]);
    // The first recommendation is about the cache, with its path as evidence.
    let rec = &r.recommendations.items[0];
    assert_eq!(rec.priority, "P0");
    assert!(rec.finding.contains("sessionCache"), "{}", rec.finding);
    assert!(
        rec.evidence.contains("global → sessionCache"),
        "{}",
        rec.evidence
    );
}

#[test]
fn chromium_detached_trees_by_tag_with_their_owners() {
    let a = analyse(&fixture_bytes("chromium-detached"));
    let r = report_of(&a);
    let d = &r.detached;
    assert_eq!(d.count, 4651, "DevTools' detached count");
    let class = |name: &str| {
        d.by_class
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{name} in {:?}", d.by_class))
    };
    // gen/chromium.js: 50 trees div.card > ul > 20 × li > span > text; 500 Widgets' sections.
    for (name, count) in [
        ("Detached <div>", 50),
        ("Detached <ul>", 50),
        ("Detached <li>", 1000),
        ("Detached <span>", 1000),
        ("Detached <section>", 500),
        ("Detached Text", 1500),
    ] {
        assert_eq!(class(name).count, count, "{name}");
    }
    let div = &class("Detached <div>").owners[0];
    assert_eq!(
        (div.class.as_str(), div.owners, div.detached_count),
        ("Array", 1, 50)
    );
    let section = &class("Detached <section>").owners[0];
    assert_eq!(
        (
            section.class.as_str(),
            section.edge.as_str(),
            section.owners
        ),
        ("Widget", "el", 500)
    );
    // The array is window.detachedTrees.
    let owner = d
        .owners
        .iter()
        .find(|o| o.kind.class == "Array")
        .expect("the array owner");
    assert_eq!(
        owner.owner.retainer_path.last().unwrap().edge,
        "detachedTrees"
    );
    assert_eq!(
        owner.owner.retained_size,
        a.retained_size(owner.owner.ordinal)
    );
}

/// Strings, duplicates, code and maps equal DevTools' figures for the same file.
fn assert_matches_devtools(name: &str, r: &Report) {
    let refs = refs();
    let want = &refs[name];
    let dup = &r.strings.duplicates;
    let d = &want["duplicates"];
    assert_eq!(
        dup.duplicated_count,
        d["duplicated_count"].as_u64().unwrap(),
        "{name}: duplicated strings (DevTools' filter)"
    );
    assert_eq!(
        dup.group_count,
        d["group_count"].as_u64().unwrap(),
        "{name}: values"
    );
    assert_eq!(
        dup.duplicated_size,
        d["duplicated_size"].as_u64().unwrap(),
        "{name}: size"
    );
    assert_eq!(
        dup.total_saving,
        d["total_saving"].as_u64().unwrap(),
        "{name}: saving"
    );
    assert_eq!(
        r.strings.count,
        want["strings"]["count"].as_u64().unwrap(),
        "{name}"
    );
    assert_eq!(
        r.strings.size,
        want["statistics_strings"].as_u64().unwrap(),
        "{name}"
    );
    for (ours, theirs) in r
        .strings
        .buckets
        .iter()
        .zip(want["string_buckets"].as_array().unwrap())
    {
        assert_eq!(
            ours.count,
            theirs["count"].as_u64().unwrap(),
            "{name}: bucket {}",
            ours.label
        );
        assert_eq!(
            ours.size,
            theirs["size"].as_u64().unwrap(),
            "{name}: bucket {}",
            ours.label
        );
    }
    assert_eq!(
        r.code.count,
        want["code"]["count"].as_u64().unwrap(),
        "{name}: code objects"
    );
    assert_eq!(
        r.code.size,
        want["statistics_code"].as_u64().unwrap(),
        "{name}: code size"
    );
    let by_kind: u64 = r.code.by_kind.iter().map(|k| k.size).sum();
    assert_eq!(by_kind, r.code.size, "{name}: kinds partition the code");
    let by_script: u64 =
        r.code.by_script.iter().map(|s| s.code_size).sum::<u64>() + r.code.unattributed_size;
    assert!(
        by_script <= r.code.size,
        "{name}: scripts never count code twice"
    );
    assert_eq!(
        r.shapes.map_count,
        want["maps"]["count"].as_u64().unwrap(),
        "{name}: maps"
    );
    assert_eq!(
        r.shapes.map_size,
        want["maps"]["size"].as_u64().unwrap(),
        "{name}: map size"
    );
    let categories: u64 = r.overview.categories.iter().map(|c| c.size).sum();
    assert_eq!(
        categories, r.overview.total_size,
        "{name}: categories add up to the total"
    );
}

#[test]
fn strings_duplicates_code_and_maps_equal_devtools_on_committed_fixtures() {
    for name in ["tiny", "leak-before", "leak-after", "chromium-detached"] {
        let a = analyse(&fixture_bytes(name));
        assert_matches_devtools(name, &report_of(&a));
    }
}

#[test]
fn app_server_caches_are_explained_and_figures_equal_devtools() {
    let Some(bytes) = app_server() else { return };
    let a = analyse(&bytes);
    let r = report_of(&a);
    assert_matches_devtools("app-server", &r);
    // The package documents' cache first, held by the module's variable, named with the code
    // that uses the module's scope.
    let s = &r.leak_suspects.suspects[0];
    assert_eq!(s.kind, SuspectKind::Accumulation);
    assert_eq!(s.object.id, 2055169, "the packumentCache Map");
    assert_eq!(holding_edge(s), "packumentCache");
    let held = s.object.held_as.as_deref().unwrap();
    assert!(held.contains("top-level scope of app-server.js"), "{held}");
    for f in [
        "getPackument (app-server.js:58)",
        "loadManifest (app-server.js:48)",
        "findManifests (app-server.js:23)",
    ] {
        assert!(held.contains(f), "{f} in {held}");
    }
    let caches: Vec<&str> = r.leak_suspects.suspects[..3]
        .iter()
        .map(holding_edge)
        .collect();
    assert_eq!(
        caches,
        ["packumentCache", "requestContexts", "manifestCache"]
    );
    // The largest retainer that is not a root is the module scope, whose largest part is the cache.
    let first = r
        .largest_objects
        .by_retained_size
        .iter()
        .find(|e| e.object.id == 7965)
        .expect("the module Context is among the largest");
    assert_eq!(first.object.label, "top-level scope of app-server.js");
    assert_eq!(first.contains[0].id, 2055169);
}

/// A snapshot whose class names, property names and string values are `hostile`: `global` holds
/// an array of 150 objects (named by turns after each string) that each hold a 1 kB string value
/// under a property of that name, so the strings appear in every section.
fn hostile_snapshot(hostile: &[&str]) -> Vec<u8> {
    let mut strings: Vec<String> = ["", "global", "Array", "items"].map(String::from).to_vec();
    strings.extend(hostile.iter().map(|h| h.to_string()));
    let name = |i: usize| 4 + (i % hostile.len());
    const N: usize = 150;
    // Nodes: root, global, array, then per item an object and a string.
    let mut nodes: Vec<u64> = vec![
        9, 0, 1, 0, 1, 0, 0, 3, 1, 3, 64, 1, 0, 0, 3, 2, 5, 32, N as u64, 0, 0,
    ];
    let mut edges: Vec<u64> = vec![5, 1, 7, 2, 3, 14];
    for i in 0..N {
        let obj = 3 + 2 * i;
        nodes.extend([3, name(i) as u64, 7 + 4 * i as u64, 10_000, 1, 0, 0]);
        nodes.extend([2, name(i + 1) as u64, 9 + 4 * i as u64, 1_000, 0, 0, 0]);
        edges.extend([1, i as u64, (obj * 7) as u64]);
    }
    for i in 0..N {
        edges.extend([2, name(i) as u64, ((3 + 2 * i + 1) * 7) as u64]);
    }
    // In V8's section order (a JSON object built by serde_json would sort its keys).
    let meta = r#"{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"]}"#;
    format!(
        r#"{{"snapshot":{{"meta":{meta},"node_count":{},"edge_count":{},"trace_function_count":0}},"nodes":{},"edges":{},"strings":{}}}"#,
        nodes.len() / 7,
        edges.len() / 3,
        serde_json::to_string(&nodes).unwrap(),
        serde_json::to_string(&edges).unwrap(),
        serde_json::to_string(&strings).unwrap()
    )
    .into_bytes()
}

#[test]
fn hostile_dump_strings_cannot_break_the_markdown() {
    let hostile = [
        "<img src=x onerror=alert(1)>",
        "a|b|c",
        "`rm -rf ~`",
        "](javascript:alert(1))",
        "line\nbreak",
        "\u{202e}evil",
    ];
    let a = analyse(&hostile_snapshot(&hostile));
    let md = report_of(&a).to_markdown("x|y <b>");
    for h in hostile {
        assert!(!md.contains(h), "raw {h:?} in the Markdown");
    }
    assert!(!md.contains('\u{202e}'));
    for line in md.lines().filter(|l| l.starts_with('|')) {
        // Every table row has as many unescaped cell separators as its header.
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells >= 3, "{line}");
    }
}

#[test]
fn the_json_has_the_documented_keys() {
    let a = analyse(&fixture_bytes("leak-after"));
    let v: Value = serde_json::from_str(&report_of(&a).to_json()).unwrap();
    for key in [
        "version",
        "overview",
        "largest_objects",
        "strings",
        "code",
        "shapes",
        "closures",
        "detached",
        "groups",
        "leak_suspects",
        "recommendations",
    ] {
        assert!(!v[key].is_null(), "{key}");
    }
    assert!(v["largest_objects"]["by_self_size"].is_array());
    assert!(v["largest_objects"]["by_retained_size"].is_array());
    for key in ["buckets", "largest", "duplicates"] {
        assert!(!v["strings"][key].is_null(), "strings.{key}");
    }
    assert!(v["strings"]["duplicates"]["groups"][0]["saving"].is_u64());
    assert!(v["strings"]["duplicates"]["total_saving"].is_u64());
    for key in ["count", "shallow_size", "by_class"] {
        assert!(!v["detached"][key].is_null(), "detached.{key}");
    }
    let g = &v["groups"][0];
    for key in ["name", "pattern", "count", "self_size", "retained_size"] {
        assert!(!g[key].is_null(), "groups[].{key}");
    }
    let s = &v["leak_suspects"][0];
    for key in ["id", "name", "self_size", "retained_size", "retainer_path"] {
        assert!(!s[key].is_null(), "leak_suspects[].{key}");
    }
    for step in s["retainer_path"].as_array().unwrap() {
        for key in ["edge", "name", "id"] {
            assert!(!step[key].is_null(), "retainer_path[].{key}");
        }
    }
    assert_eq!(s["retainer_path"][1]["edge"], "sessionCache");
}

#[test]
fn a_wrong_group_pattern_is_reported_and_the_other_groups_still_measure() {
    use heapscope_core::report::groups::GroupPattern;
    let a = analyse(&fixture_bytes("tiny"));
    let group = |name: &str, pattern: &str| GroupPattern {
        name: name.into(),
        pattern: pattern.into(),
    };
    let build = |groups: Vec<GroupPattern>| {
        Report::build(
            &a,
            &ReportOptions {
                groups,
                ..ReportOptions::default()
            },
        )
        .groups
        .groups
    };
    let valid = vec![group("Leaky", "^Leaky$"), group("Arrays", "^Array$")];
    let alone = build(valid.clone());
    let mixed = build(vec![
        valid[0].clone(),
        group("Broken", "^(Leaky"),
        valid[1].clone(),
    ]);
    let broken = mixed.iter().find(|g| g.name == "Broken").unwrap();
    assert!(
        broken
            .error
            .as_deref()
            .is_some_and(|e| e.contains("unclosed")),
        "{broken:?}"
    );
    assert_eq!((broken.count, broken.retained_size), (0, 0));
    // tiny.js makes 1,000 Leaky objects.
    let leaky = mixed.iter().find(|g| g.name == "Leaky").unwrap();
    assert_eq!(leaky.count, 1000);
    for g in &alone {
        let m = mixed.iter().find(|m| m.name == g.name).unwrap();
        assert_eq!(m, g, "the same group measures the same beside a wrong one");
    }
}
