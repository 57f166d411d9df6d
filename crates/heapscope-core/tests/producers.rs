//! What each real producer's shape brings, checked on the committed file that carries it (their
//! figures against DevTools' are in `conformance.rs`): each test first asserts the file really has
//! the feature, then that Heapscope reads it. See `tests/fixtures/README.md` for where each shape
//! comes from.

mod common;

use common::{analyse, fixture_json, parse_chunked};
use serde_json::Value;

fn header(name: &str) -> Value {
    let json = fixture_json(name);
    let end = json.windows(9).position(|w| w == b"\"nodes\":[").unwrap();
    let text = std::str::from_utf8(&json[..end]).unwrap();
    let start = text.find('{').unwrap() + 1;
    let text = text[start..]
        .trim_start()
        .strip_prefix("\"snapshot\":")
        .unwrap();
    let text = text.trim_end().trim_end_matches(',');
    serde_json::from_str(text).unwrap()
}

fn has_section(name: &str, key: &str) -> bool {
    let needle = format!("\"{key}\":");
    fixture_json(name)
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn undeclared_node_type_of_v8_2017_reads_as_undefined_like_devtools() {
    let h = header("v8-2017");
    assert_eq!(h["meta"]["node_types"][0].as_array().unwrap().len(), 12);
    let s = parse_chunked(&fixture_json("v8-2017"), 1 << 16).unwrap();
    assert_eq!(s.types.declared_node_types, 12);
    let a = analyse(&common::fixture_bytes("v8-2017"));
    let by_type = a.summary(0).by_type;
    // The file writes its 34 symbols as type 12; DevTools shows the type as "undefined".
    assert_eq!(by_type["undefined"].count, 34);
    assert!(a.classes().iter().any(|c| c.name == "(undefined)"));
    assert!(a.snapshot().warnings.is_empty());
}

#[test]
fn old_header_with_title_and_uid_and_five_node_fields_is_read() {
    let h = header("v8-2014");
    assert!(h.get("title").is_some() && h.get("uid").is_some());
    assert!(h.get("trace_function_count").is_none());
    assert_eq!(h["meta"]["node_fields"].as_array().unwrap().len(), 5);
    assert!(!has_section("v8-2014", "trace_tree") && !has_section("v8-2014", "samples"));
    let s = parse_chunked(&fixture_json("v8-2014"), 4096).unwrap();
    assert_eq!(s.node_count(), 3000);
    assert!(s.node_trace_id.is_empty());
    assert!(s.node_detachedness.iter().all(|&d| d == 0));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn hermes_header_counts_of_zero_are_replaced_by_the_arrays_with_one_warning() {
    let h = header("hermes");
    assert_eq!(
        (h["node_count"].as_u64(), h["edge_count"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(h["trace_function_count"].as_u64(), Some(5));
    for chunk in [7, 4096, 1 << 20] {
        let s = parse_chunked(&fixture_json("hermes"), chunk).unwrap();
        assert_eq!((s.node_count(), s.edge_count()), (3000, 11072));
        // The header's count stays what it says; all 8 rows are read.
        assert_eq!(s.trace_function_count, 5);
        assert_eq!(s.trace_function_infos.len(), 8 * 6);
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        let w = &s.warnings[0];
        for part in [
            "node_count 0 (the arrays hold 3000)",
            "edge_count 0 (the arrays hold 11072)",
        ] {
            assert!(w.contains(part), "{w}");
        }
        // The timeline's other sections are all there.
        assert!(
            !s.trace_tree.is_empty() && !s.samples.is_empty() && !s.locations.by_node().is_empty()
        );
        assert_eq!(s.node_trace_id.len(), 3000);
    }
}

#[test]
fn julia_ids_keep_all_64_bits() {
    let a = analyse(&common::fixture_bytes("julia"));
    let ids = &a.snapshot().node_id;
    assert!(ids.has_wide_ids());
    let max = ids.iter().max().unwrap();
    assert!(max > 1 << 46 && max < 1 << 53, "an address-sized id: {max}");
    let o = ids.position(max).unwrap() as u32;
    assert_eq!(a.node(o).unwrap().id, max);
    assert_eq!(a.find_by_id(max), Some(o));
    assert_eq!(
        a.find_by_id(max & 0xFFFF_FFFF),
        None,
        "a truncated id is another id"
    );
    assert_eq!(a.search(&format!("@{max}"), 5)[0].id, max);
    // Julia's own type names, in the order it met them.
    let types = &a.snapshot().types.node_type_names;
    assert_eq!(types[0], "synthetic");
    assert!(types.iter().any(|t| t == "jl_module_t"));
    assert_eq!(a.snapshot().types.edge_type_names[0], "internal");
}

#[test]
fn chromium_scopes_six_node_fields_and_five_location_fields_are_read() {
    let h = header("chromium-detached");
    assert!(h.get("extra_native_bytes").is_some());
    let fields = h["meta"]["node_fields"].as_array().unwrap();
    assert_eq!(fields.len(), 6);
    assert!(!fields.iter().any(|f| f == "trace_node_id"));
    assert_eq!(h["meta"]["location_fields"].as_array().unwrap().len(), 5);
    for section in ["scopes", "scope_context_vars", "scope_uses"] {
        assert!(has_section("chromium-detached", section), "{section}");
    }
    let s = parse_chunked(&fixture_json("chromium-detached"), 4096).unwrap();
    assert!(!s.locations.by_node().is_empty());
    assert!(s.node_detachedness.contains(&2));
    assert!(s.warnings.is_empty());
}

#[test]
fn node_20_has_seven_node_fields_and_four_location_fields() {
    let h = header("tiny");
    assert_eq!(h["meta"]["node_fields"].as_array().unwrap().len(), 7);
    assert_eq!(h["meta"]["location_fields"].as_array().unwrap().len(), 4);
    let s = parse_chunked(&fixture_json("tiny"), 1 << 16).unwrap();
    assert_eq!(s.locations.by_node().len(), 5049);
    assert!(!s.node_id.has_wide_ids());
}
