//! `heapscope diff`, `leaks`, `allocations` and `profile` end to end: the JSON keys other tools rely
//! on, figures equal to the references in tests/fixtures, and one-line failures with status 2.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn heapscope(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .args(args)
        .output()
        .expect("runs")
}

fn json(args: &[&str]) -> Value {
    let out = heapscope(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

fn reference(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

#[test]
fn diff_json_has_the_documented_keys_and_devtools_figures() {
    let before = fixture("leak-before.heapsnapshot.gz");
    let after = fixture("leak-after.heapsnapshot.gz");
    let d = json(&["diff", &before, &after, "--json"]);
    assert_eq!(d["same_process"], true);
    assert_eq!(d["comparison"], "by-id");
    let want = reference("leak.diff.devtools.json");
    let classes = d["classes"].as_array().unwrap();
    assert_eq!(classes.len(), want["classes"].as_array().unwrap().len());
    for w in want["classes"].as_array().unwrap() {
        let c = classes.iter().find(|c| c["key"] == w["key"]).unwrap();
        for (ours, theirs) in [
            ("name", "name"),
            ("new", "addedCount"),
            ("deleted", "removedCount"),
            ("count_delta", "countDelta"),
            ("alloc_size", "addedSize"),
            ("freed_size", "removedSize"),
            ("size_delta", "sizeDelta"),
        ] {
            assert_eq!(c[ours], w[theirs], "{}: {ours}", w["key"]);
        }
    }
    let s = &d["suspects"][0];
    assert_eq!(s["name"], "sessionCache");
    assert_eq!(s["count_delta"], 20_000);
    for key in ["retainer_path", "size_delta", "accumulates", "owner"] {
        assert!(!s[key].is_null(), "suspects[].{key}");
    }
    let step = &s["retainer_path"][0];
    for key in ["edge", "name", "id"] {
        assert!(!step[key].is_null(), "retainer_path[].{key}");
    }
    assert!(d["timings_ms"]["compare"].is_number());
}

#[test]
fn diff_of_different_processes_says_so_in_the_table() {
    let out = heapscope(&[
        "diff",
        &fixture("tiny.heapsnapshot.gz"),
        &fixture("leak-after.heapsnapshot.gz"),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("different processes"), "{text}");
    assert!(
        text.contains("# base") && text.contains("Session"),
        "{text}"
    );
}

#[test]
fn leaks_json_lists_the_planted_survivors() {
    let r = json(&[
        "leaks",
        &fixture("triple-baseline.heapsnapshot.gz"),
        &fixture("triple-target.heapsnapshot.gz"),
        &fixture("triple-final.heapsnapshot.gz"),
        "--json",
    ]);
    let leaks = r["leaks"].as_array().unwrap();
    let mut found: Vec<(String, u64)> = leaks
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_owned(),
                l["count"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [("Subscription".to_owned(), 250), ("Widget".to_owned(), 400)]
    );
    assert!(leaks[0]["retained_size"].as_u64() >= leaks[1]["retained_size"].as_u64());
    for key in ["edge", "name", "id"] {
        assert!(
            !leaks[0]["retainer_path"][0][key].is_null(),
            "retainer_path[].{key}"
        );
    }
}

#[test]
fn allocations_json_equals_devtools_allocation_view() {
    let r = json(&[
        "allocations",
        &fixture("alloc-timeline.heapsnapshot.gz"),
        "--json",
    ]);
    let want = reference("alloc-timeline.ref.json");
    let functions = r["functions"].as_array().unwrap();
    assert_eq!(functions.len(), want["functions"].as_array().unwrap().len());
    let top = &functions[0];
    for key in ["name", "script", "line", "live_count", "live_size"] {
        assert!(!top[key].is_null(), "functions[].{key}");
    }
    let theirs = want["functions"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|f| f["live_size"].as_u64())
        .unwrap();
    assert_eq!(top["name"], theirs["name"]);
    assert_eq!(top["live_size"], theirs["live_size"]);
    assert_eq!(top["live_count"], theirs["live_count"]);
    assert_eq!(r["timeline"].as_array().unwrap().len(), 10);
}

#[test]
fn profile_json_has_times_heap_and_verdicts() {
    let r = json(&[
        "profile",
        &fixture("cpu-heap.cpuprofile"),
        "--heap",
        &fixture("cpu-heap.heapsnapshot.gz"),
        "--json",
    ]);
    let want = reference("cpu-heap.ref.json");
    let top = &r["functions"][0];
    assert_eq!(top["name"], "Particle");
    let self_ms = top["self_ms"].as_f64().unwrap();
    assert!((self_ms - want["functions"][0]["self_ms"].as_f64().unwrap()).abs() < 1e-6);
    assert_eq!(top["verdict"], "hot-heavy");
    assert_eq!(top["heap"]["count"], 4001);
    for key in [
        "name", "url", "line", "self_ms", "total_ms", "heap", "verdict",
    ] {
        assert!(top.get(key).is_some(), "functions[].{key}");
    }
    let verdicts: Vec<&str> = r["functions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["verdict"].as_str())
        .collect();
    for v in ["hot-heavy", "hot-light", "cold-heavy", "cold-light"] {
        assert!(verdicts.contains(&v), "{v}");
    }
}

#[test]
fn wrong_inputs_fail_with_one_line_and_status_2() {
    let tiny = fixture("tiny.heapsnapshot.gz");
    let profile = fixture("cpu-heap.cpuprofile");
    let cases: [(&[&str], &str); 5] = [
        (&["allocations", &tiny], "allocation tracking"),
        (&["profile", &tiny], "heap snapshot, not a CPU profile"),
        (&["diff", &profile, &tiny], "CPU profile"),
        (&["leaks", &tiny, &tiny], "FINAL"),
        (&["profile", "/nonexistent.cpuprofile"], "cannot open"),
    ];
    for (args, expect) in cases {
        let out = heapscope(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("heapscope: "), "{err}");
        assert!(err.contains(expect), "{args:?}: {err}");
    }
}
