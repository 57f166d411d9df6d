//! Bad input gets a typed error with a byte offset and a sentence a person understands, never a
//! panic: one test per error class, plus the tolerated variations of real files (unknown sections
//! with negative numbers, escapes split across chunks, a byte order mark).

mod common;

use common::{fixture_json, parse_chunked};
use heapscope_core::{ParseErrorKind, SnapshotParser};

/// A minimal valid snapshot: root → object "a" (property "x") → string; `{extra}` adds sections.
fn snapshot(extra: &str, strings: &str) -> String {
    format!(
        r#"{{"snapshot":{{"meta":{{"node_fields":["type","name","id","self_size","edge_count","detachedness"],
"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic"],"string","number","number","number","number"],
"edge_fields":["type","name_or_index","to_node"],
"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"]}},
"node_count":3,"edge_count":2}},
"nodes":[9,0,1,0,1,0, 3,1,3,24,1,0, 2,2,5,16,0,0],
"edges":[5,3,6, 2,4,12],{extra}
"strings":[{strings}]}}"#
    )
}

fn ok_strings() -> &'static str {
    r#""","Leaky","hello","global","x""#
}

fn kind_of(text: &str) -> ParseErrorKind {
    let err = parse_chunked(text.as_bytes(), 3).expect_err("should fail");
    assert!(!err.to_string().is_empty());
    err.kind()
}

#[test]
fn minimal_snapshot_parses_in_any_chunking() {
    let text = snapshot("", ok_strings());
    for chunk in [1, 2, 5, 1000] {
        let s = parse_chunked(text.as_bytes(), chunk).unwrap();
        assert_eq!((s.node_count(), s.edge_count(), s.strings.len()), (3, 2, 5));
        assert_eq!(s.edge_to, vec![1, 2]);
        assert_eq!(s.node_name_str(1), "Leaky");
    }
}

#[test]
fn escapes_and_surrogate_pairs_decode_across_chunk_boundaries() {
    let strings = r#""","a\"b\\c\/d\n\t","\u00e9\u4e2d","\ud83d\ude00!","lone \ud800 x","x""#;
    let text = snapshot("", strings);
    for chunk in 1..9 {
        let s = parse_chunked(text.as_bytes(), chunk).unwrap();
        assert_eq!(s.strings.get(1), "a\"b\\c/d\n\t");
        assert_eq!(s.strings.get(2), "é中");
        assert_eq!(s.strings.get(3), "😀!");
        assert_eq!(s.strings.get(4), "lone \u{FFFD} x");
    }
}

#[test]
fn unknown_sections_with_negative_numbers_are_skipped() {
    let extra = r#""scopes":[0,-1,2,[3,{"a":"]"}]],"scope_uses":[-1,-2],"title":"t","n":-3.5e2,"#;
    let s = parse_chunked(snapshot(extra, ok_strings()).as_bytes(), 4).unwrap();
    assert_eq!(s.node_count(), 3);
}

#[test]
fn byte_order_mark_is_accepted() {
    let mut text = vec![0xEF, 0xBB, 0xBF];
    text.extend_from_slice(snapshot("", ok_strings()).as_bytes());
    assert!(parse_chunked(&text, 1).is_ok());
}

#[test]
fn empty_input_is_not_json() {
    assert_eq!(
        SnapshotParser::new().finish().unwrap_err().kind(),
        ParseErrorKind::NotJson
    );
}

#[test]
fn text_that_is_not_json_is_rejected_at_its_first_byte() {
    let err = parse_chunked(b"hello world", 4).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::NotJson);
    assert_eq!(err.offset(), 0);
    assert!(err.to_string().contains("'h'"), "{err}");
    assert_eq!(kind_of("\u{0}\u{1}binary"), ParseErrorKind::NotJson);
}

#[test]
fn cpu_profile_is_recognised() {
    let err =
        parse_chunked(br#"{"nodes":[{"id":1,"callFrame":{}}],"startTime":0}"#, 5).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::NotASnapshot);
    assert!(err.to_string().contains("CPU profile"), "{err}");
}

#[test]
fn json_without_a_header_is_not_a_snapshot() {
    assert_eq!(
        kind_of(r#"{"traceEvents":[1,2,3]}"#),
        ParseErrorKind::NotASnapshot
    );
}

#[test]
fn truncation_anywhere_is_reported_as_truncated() {
    let json = fixture_json("tiny");
    for cut in [
        1,
        100,
        5_000,
        json.len() / 3,
        json.len() * 2 / 3,
        json.len() - 2,
    ] {
        let err = parse_chunked(&json[..cut], 4096).unwrap_err();
        assert_eq!(err.kind(), ParseErrorKind::Truncated, "cut at {cut}: {err}");
        assert_eq!(err.offset(), cut as u64);
        assert!(err.to_string().contains("truncated"), "{err}");
    }
    let err = parse_chunked(&json[..json.len() / 3], 4096).unwrap_err();
    assert!(
        err.to_string().contains("\"nodes\"") || err.to_string().contains("\"edges\""),
        "{err}"
    );
}

#[test]
fn header_missing_a_field_is_a_bad_header() {
    let text = snapshot("", ok_strings()).replace(r#""id","#, "");
    assert_eq!(kind_of(&text), ParseErrorKind::BadHeader);
}

#[test]
fn header_counts_that_disagree_with_consistent_arrays_are_a_warning() {
    let text = snapshot("", ok_strings()).replace(r#""node_count":3"#, r#""node_count":4"#);
    let s = parse_chunked(text.as_bytes(), 3).unwrap();
    assert_eq!(s.node_count(), 3);
    assert_eq!(s.warnings.len(), 1);
    assert!(
        s.warnings[0].contains("node_count 4 (the arrays hold 3)"),
        "{:?}",
        s.warnings
    );
    let text = snapshot("", ok_strings()).replace(r#""node_count":3,"edge_count":2"#, r#""uid":1"#);
    let s = parse_chunked(text.as_bytes(), 5).unwrap();
    assert_eq!((s.node_count(), s.edge_count()), (3, 2));
    assert_eq!(s.warnings.len(), 1);
}

#[test]
fn arrays_that_disagree_with_each_other_are_inconsistent() {
    let text = snapshot("", ok_strings()).replace("2,4,12]", "2,4,13]");
    let err = parse_chunked(text.as_bytes(), 7).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::Inconsistent);
    assert!(err.to_string().contains("node index 13"), "{err}");
    let text = snapshot("", r#""","Leaky""#);
    assert_eq!(kind_of(&text), ParseErrorKind::Inconsistent);
    let text = snapshot("", ok_strings()).replace("\"edges\":[5,3,6, 2,4,12],", "");
    let err = parse_chunked(text.as_bytes(), 7).unwrap_err();
    assert!(err.to_string().contains("no \"edges\" array"), "{err}");
}

#[test]
fn edges_before_nodes_are_refused() {
    let text = snapshot("", ok_strings()).replace(
        "\"nodes\":[9,0,1,0,1,0, 3,1,3,24,1,0, 2,2,5,16,0,0],\n\"edges\":[5,3,6, 2,4,12],",
        "\"edges\":[5,3,6, 2,4,12],\"nodes\":[9,0,1,0,1,0, 3,1,3,24,1,0, 2,2,5,16,0,0],",
    );
    let err = parse_chunked(text.as_bytes(), 7).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::Inconsistent, "{err}");
    assert!(err.to_string().contains("before the \"nodes\""), "{err}");
}

#[test]
fn a_trace_tree_nested_without_end_is_refused() {
    let mut tree = String::new();
    for i in 0..70_000 {
        tree.push_str(&format!("{i},0,0,0,["));
    }
    let text = snapshot(&format!(r#""trace_tree":[{tree}"#), ok_strings());
    let err = parse_chunked(text.as_bytes(), 4096).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::Syntax);
    assert!(err.to_string().contains("deeper than 65536"), "{err}");
}

#[test]
fn a_header_announcing_more_than_the_file_can_hold_is_refused_right_after_it() {
    let text =
        snapshot("", ok_strings()).replace(r#""node_count":3"#, r#""node_count":4000000000"#);
    let mut p = SnapshotParser::new();
    p.set_input_size(text.len() as u64, false);
    let header_end = text.find("\"nodes\"").unwrap();
    let err = p.feed(&text.as_bytes()[..header_end]).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::Inconsistent);
    assert!(err.to_string().contains("the header is corrupt"), "{err}");
    // The same header in a gzip file of that size would need a 1032:1 ratio: refused too.
    let mut p = SnapshotParser::new();
    p.set_input_size(text.len() as u64, true);
    assert!(p.feed(&text.as_bytes()[..header_end]).is_err());
}

#[test]
fn a_header_that_under_announces_is_checked_against_the_memory_limit_again() {
    let text = snapshot("", ok_strings()).replace(
        r#""node_count":3,"edge_count":2"#,
        r#""node_count":0,"edge_count":0"#,
    );
    let mut p = SnapshotParser::new();
    p.set_memory_limit(150);
    let err = text
        .as_bytes()
        .chunks(16)
        .try_for_each(|c| p.feed(c))
        .unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::TooLarge, "{err}");
}

/// The bad-input corpus (tests/bad-input): every file fails with the same message however it is
/// split, and the message holds the words the CLI and the app show.
#[test]
fn every_file_of_the_bad_input_corpus_fails_the_same_way_in_any_chunking() {
    let dir = common::fixtures_dir().join("../bad-input");
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
    for c in cases.iter().filter(|c| c["header"].is_null()) {
        let bytes = std::fs::read(dir.join(c["file"].as_str().unwrap())).unwrap();
        let what = c["what"].as_str().unwrap();
        // As the CLI and the app parse: knowing the file's size.
        let parse = |chunk: usize| {
            let mut p = SnapshotParser::new();
            p.set_input_size(bytes.len() as u64, false);
            bytes.chunks(chunk).try_for_each(|c| p.feed(c))?;
            p.finish()
        };
        let whole = parse(bytes.len().max(1)).expect_err(what);
        assert!(
            whole.message().contains(c["message"].as_str().unwrap()),
            "{what}: {whole}"
        );
        for chunk in [1, 2, 3, 7, 64] {
            let err = parse(chunk).expect_err(what);
            assert_eq!(
                err.message(),
                whole.message(),
                "{what}, {chunk}-byte chunks"
            );
        }
    }
}

#[test]
fn negative_numbers_in_the_graph_are_syntax_errors() {
    let text = snapshot("", ok_strings()).replace("[9,0,1,0,1,0,", "[9,0,-1,0,1,0,");
    assert_eq!(kind_of(&text), ParseErrorKind::Syntax);
}

#[test]
fn garbage_after_the_snapshot_is_rejected() {
    let text = snapshot("", ok_strings()) + "xyz";
    assert_eq!(kind_of(&text), ParseErrorKind::Syntax);
}

#[test]
fn duplicated_sections_are_rejected() {
    let text = snapshot(r#""edges":[],"#, ok_strings());
    assert_eq!(kind_of(&text), ParseErrorKind::Syntax);
}

#[test]
fn corrupt_gzip_is_reported() {
    let mut gz = common::fixture_bytes("tiny");
    for b in gz.iter_mut().skip(100).take(200) {
        *b ^= 0x5a;
    }
    let err = parse_chunked(&gz, 4096).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::BadGzip, "{err}");
}

#[test]
fn memory_limit_refuses_large_snapshots_right_after_the_header() {
    let mut p = SnapshotParser::new();
    p.set_memory_limit(100);
    let text = snapshot("", ok_strings());
    let err = text
        .as_bytes()
        .chunks(16)
        .try_for_each(|c| p.feed(c))
        .unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::TooLarge);
    assert!(err.to_string().contains("heapscope summary"), "{err}");
}

#[test]
fn random_corruption_never_panics() {
    let json = fixture_json("chromium-detached");
    let mut seed = 0x2545F4914F6CDD1Du64;
    for _ in 0..60 {
        let mut bytes = json.clone();
        for _ in 0..3 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed % bytes.len() as u64) as usize;
            bytes[at] = (seed >> 32) as u8;
        }
        if let Ok(s) = parse_chunked(&bytes, 65536) {
            let _ = heapscope_core::Analysis::new(s, &mut |_| {}).summary(5);
        }
    }
}

/// `edges` (V8's layout) of the root: `count` edges to node 1, each an element (index 1,000,000), a
/// hidden edge (index 2,000,000) or a property named "x", and at `bad` a property naming string 5,
/// past the 5 strings.
fn snapshot_with_edge_names(count: usize, bad: Option<usize>) -> String {
    let edges: Vec<String> = (0..count)
        .map(|i| match (Some(i) == bad, i % 3) {
            (true, _) => "2,5,6".to_owned(),
            (false, 0) => "1,1000000,6".to_owned(),
            (false, 1) => "4,2000000,6".to_owned(),
            (false, _) => "2,4,6".to_owned(),
        })
        .collect();
    snapshot("", ok_strings())
        .replace(
            "\"node_count\":3,\"edge_count\":2",
            "\"node_count\":2,\"edge_count\":0",
        )
        .replace(
            "[9,0,1,0,1,0, 3,1,3,24,1,0, 2,2,5,16,0,0]",
            &format!("[9,0,1,0,{count},0, 3,1,3,24,0,0]"),
        )
        .replace("[5,3,6, 2,4,12]", &format!("[{}]", edges.join(",\n")))
}

#[test]
fn an_edge_naming_a_string_past_the_strings_section_is_named_by_its_index() {
    // 100 K edges (1.3 MB): read in batches, record by record, and on two threads (a stretch of
    // 256 KiB or more in one chunk is split), wherever the bad edge falls.
    let count = 100_000;
    for chunk in [7, 4096, 1 << 20, usize::MAX] {
        let good = snapshot_with_edge_names(count, None);
        let s = parse_chunked(good.as_bytes(), chunk).expect("indexes of elements are not strings");
        assert_eq!(s.edge_count(), count);
        for bad in [0, 1, 49_999, 50_000, 77_777, count - 1] {
            let text = snapshot_with_edge_names(count, Some(bad));
            let err = parse_chunked(text.as_bytes(), chunk).expect_err("string 5 does not exist");
            assert_eq!(err.kind(), ParseErrorKind::Inconsistent, "{err}");
            let says =
                format!("edge {bad} names string 5 but the strings section has only 5 strings");
            assert!(
                err.to_string().contains(&says),
                "chunk {chunk}, edge {bad}: {err}"
            );
        }
    }
}
