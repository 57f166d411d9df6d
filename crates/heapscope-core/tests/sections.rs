//! The optional sections and header fields real producers write: allocation traces, timeline
//! samples, locations with 4 or 5 fields, `extra_native_bytes`, ids above 2^31, and progress reports.

mod common;

use heapscope_core::{Analysis, Phase, SnapshotParser};
use std::cell::RefCell;
use std::rc::Rc;

const TRACED: &str = r#"{"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],
"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic"],"string","number","number","number","number","number"],
"edge_fields":["type","name_or_index","to_node"],
"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],
"trace_function_info_fields":["function_id","name","script_name","script_id","line","column"],
"trace_node_fields":["id","function_info_index","count","size","children"],
"sample_fields":["timestamp_us","last_assigned_id"],
"location_fields":["object_index","script_id","script_object_index","line","column"]},
"node_count":3,"edge_count":2,"trace_function_count":2,"extra_native_bytes":1000},
"nodes":[9,0,1,0,1,0,0, 3,1,3643851169,24,1,2,0, 2,2,3643851171,16,0,1,0],
"edges":[5,3,7, 2,4,14],
"trace_function_infos":[0,1,1,0,0,0, 1,3,1,0,5,7],
"trace_tree":[1,0,0,0,[2,0,1,24,[3,1,1,16,[]]],4,1,0,0,[]],
"samples":[100,3643851169,200,3643851171],
"locations":[7,12,99,4,5],
"strings":["","Foo","hello","global","x"]}"#;

#[test]
fn traces_samples_locations_and_large_ids_are_read() {
    let s = common::parse_chunked(TRACED.as_bytes(), 3).unwrap();
    assert_eq!(
        s.node_id.iter().collect::<Vec<_>>(),
        vec![1, 3_643_851_169, 3_643_851_171]
    );
    assert_eq!(s.node_trace_id, vec![0, 2, 1]);
    assert_eq!(s.extra_native_bytes, 1000);
    assert_eq!(s.trace_function_infos.len(), 12);
    let tree: Vec<(u32, u32)> = s.trace_tree.iter().map(|t| (t.id, t.parent)).collect();
    assert_eq!(tree, vec![(1, u32::MAX), (2, 0), (3, 1), (4, u32::MAX)]);
    assert_eq!(s.trace_tree[1].size, 24);
    assert_eq!(s.samples, vec![(100, 3_643_851_169), (200, 3_643_851_171)]);
    assert_eq!(s.locations.by_node().len(), 1);
    let l = s.locations.by_node()[0];
    assert_eq!((l.ordinal, l.script_id, l.line, l.column), (1, 12, 4, 5));

    let a = Analysis::new(s, &mut |_| {});
    // DevTools adds extra_native_bytes to the total and to the native part of the statistics.
    assert_eq!(a.total_size(), 40 + 1000);
    assert_eq!(a.statistics().other_native, 1000);
    assert_eq!(a.find_by_id(3_643_851_171), Some(2));
    assert_eq!(a.node(2).unwrap().id, 3_643_851_171);
    // The object has a location, so its class key carries it.
    let foo = a.classes().iter().find(|c| c.name == "Foo").unwrap();
    assert_eq!(a.class_key(foo.index).unwrap(), "12,4,5,Foo");
}

#[test]
fn progress_reports_every_phase_in_order_with_growing_byte_counts() {
    let json = common::fixture_json("tiny");
    let seen: Rc<RefCell<Vec<(Phase, u64)>>> = Rc::default();
    let mut p = SnapshotParser::new();
    let sink = seen.clone();
    p.set_progress(Box::new(move |pr| {
        sink.borrow_mut().push((pr.phase, pr.bytes))
    }));
    for c in json.chunks(64 << 10) {
        p.feed(c).unwrap();
    }
    let snapshot = p.finish().unwrap();
    let mut phases = Vec::new();
    Analysis::new(snapshot, &mut |ph| phases.push(ph));
    let seen = seen.borrow();
    assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1), "bytes only grow");
    let order: Vec<Phase> = seen.iter().map(|s| s.0).collect();
    for want in [
        Phase::Nodes,
        Phase::Edges,
        Phase::Strings,
        Phase::Validating,
    ] {
        assert!(order.contains(&want), "{want:?} missing from {order:?}");
    }
    assert_eq!(seen.last().unwrap().1, json.len() as u64);
    assert_eq!(phases.first(), Some(&Phase::DomState));
    assert_eq!(phases.last(), Some(&Phase::Done));
}
