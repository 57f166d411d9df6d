//! The Allocation view of a snapshot recorded with allocation tracking (`tests/gen/alloc-timeline.js`)
//! equals DevTools' own (`alloc-timeline.ref.json`: heap-snapshot-toolkit's allocationTracesTops and
//! getSamples): per allocating function the count, size, live count and live size, and the live size
//! per timeline sample. The file lists more trace_function_infos rows (61) than its header says (52).

mod common;

use common::{analyse, fixture_bytes, reference};
use heapscope_core::compare::allocations;

#[test]
fn functions_and_timeline_equal_devtools() {
    let a = analyse(&fixture_bytes("alloc-timeline"));
    let r = allocations::allocations(&a).unwrap();
    let want = reference("alloc-timeline");
    assert_eq!(r.header_function_count, 52);
    assert_eq!(r.function_rows, 61);
    // Rows as tuples, compared as sorted lists (two anonymous functions can share a location).
    type Row = (String, String, u64, u64, [u64; 4]);
    let mut theirs: Vec<Row> = want["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let n = |k: &str| t[k].as_u64().unwrap();
            let s = |k: &str| t[k].as_str().unwrap().to_owned();
            let figures = [n("count"), n("size"), n("live_count"), n("live_size")];
            (s("name"), s("script_name"), n("line"), n("column"), figures)
        })
        .collect();
    let mut ours: Vec<Row> = r
        .functions
        .iter()
        .map(|f| {
            let figures = [f.count, f.size, f.live_count, f.live_size];
            let (line, column) = (f.line.into(), f.column.into());
            (f.name.clone(), f.script.clone(), line, column, figures)
        })
        .collect();
    theirs.sort();
    ours.sort();
    assert_eq!(ours, theirs);
    assert!(r
        .functions
        .windows(2)
        .all(|w| w[0].live_size >= w[1].live_size));
    let s = &want["samples"];
    let sizes: Vec<u64> = s["sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let ours: Vec<u64> = r.timeline.iter().map(|t| t.live_size).collect();
    assert_eq!(ours, sizes);
    for (t, ms) in r
        .timeline
        .iter()
        .zip(s["timestamps_ms"].as_array().unwrap())
    {
        assert!((t.timestamp_ms - ms.as_f64().unwrap()).abs() < 1e-9);
    }
}

#[test]
fn the_recorded_functions_hold_what_the_script_kept() {
    let a = analyse(&fixture_bytes("alloc-timeline"));
    let r = allocations::allocations(&a).unwrap();
    let f = |name: &str| r.functions.iter().find(|f| f.name == name).unwrap();
    // 3,000 orders kept (createOrder allocates the Order and its customer string), 3,000 line-item
    // arrays (each a JSArray and its elements) kept; formatReport's strings are garbage.
    assert!(f("createOrder").live_count >= 3000);
    assert!(f("addLineItems").live_count >= 6000);
    assert_eq!(f("createOrder").line, 17, "1-based, as in the script");
    assert!(f("createOrder").script.ends_with("alloc-timeline.js"));
}

#[test]
fn a_snapshot_without_allocation_tracking_says_how_to_record_one() {
    let a = analyse(&fixture_bytes("tiny"));
    let e = allocations::allocations(&a).unwrap_err();
    assert!(e.to_string().contains("trackAllocations"), "{e}");
}
