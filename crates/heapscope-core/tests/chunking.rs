//! The parser is push-based: the same file fed in 1-byte, 7-byte, 4 KiB and 1 MiB chunks (plain and
//! gzip) gives identical snapshots and identical analyses. Fed whole, its long `nodes` and `edges`
//! stretches are split across two threads (natively); fed in 4 KiB chunks they never are, so the two
//! must agree on every column, and on every error of a corrupted copy.

mod common;

use common::{fixture_bytes, fixture_json, parse_chunked};
use heapscope_core::{Analysis, HeapSnapshot};

fn fingerprint(s: &HeapSnapshot) -> Vec<u64> {
    let mut h = vec![
        s.node_count() as u64,
        s.edge_count() as u64,
        s.strings.len() as u64,
        s.locations.by_node().len() as u64,
    ];
    let mix = |acc: u64, v: u64| acc.wrapping_mul(0x100000001b3).wrapping_add(v);
    h.push(s.node_name.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.node_id.iter().fold(0, mix));
    h.push(s.node_self_size.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.first_edge.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.edge_to.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.edge_name.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.edge_type.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.node_type.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.node_detachedness.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.node_trace_id.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.warnings.len() as u64);
    h.push((0..s.strings.len() as u32).fold(0, |a, i| {
        s.strings
            .get(i)
            .bytes()
            .fold(mix(a, 7), |a, b| mix(a, b as u64))
    }));
    h
}

#[test]
fn chunk_size_does_not_change_the_parse() {
    for name in ["tiny", "chromium-detached"] {
        let json = fixture_json(name);
        let whole = fingerprint(&parse_chunked(&json, json.len()).unwrap());
        for chunk in [1, 7, 4096, 1 << 20] {
            assert_eq!(
                fingerprint(&parse_chunked(&json, chunk).unwrap()),
                whole,
                "{name}: plain, {chunk}-byte chunks"
            );
        }
        let gz = fixture_bytes(name);
        for chunk in [1, 7, 4096] {
            assert_eq!(
                fingerprint(&parse_chunked(&gz, chunk).unwrap()),
                whole,
                "{name}: gzip, {chunk}-byte chunks"
            );
        }
    }
}

#[test]
fn chunk_size_does_not_change_the_analysis() {
    let json = fixture_json("leak-before");
    let summary =
        |chunk| Analysis::new(parse_chunked(&json, chunk).unwrap(), &mut |_| {}).summary(50);
    let mut base = summary(1 << 20);
    base.timings_ms.clear();
    for chunk in [1, 7, 4096] {
        let mut s = summary(chunk);
        s.timings_ms.clear();
        assert_eq!(s, base, "{chunk}-byte chunks");
    }
}

/// Chunks whose number stretches are split across threads (the second half starts near the middle).
const SPLIT_CHUNK: usize = 1 << 20;

/// The file in 1 MiB chunks (their number stretches split across threads) and in 4 KiB chunks
/// (never split): the same snapshot, or the same error.
fn same_split_and_not(json: &[u8], what: &str) {
    let outcome = |chunk| match parse_chunked(json, chunk) {
        Ok(s) => Ok(fingerprint(&s)),
        Err(e) => Err((e.kind(), e.message().to_owned())),
    };
    assert_eq!(outcome(SPLIT_CHUNK), outcome(4096), "{what}");
}

#[test]
fn splitting_the_number_arrays_across_threads_does_not_change_the_parse() {
    for name in [
        "tiny",
        "chromium-detached",
        "leak-after",
        "alloc-timeline",
        "cpu-heap",
    ] {
        same_split_and_not(&fixture_json(name), name);
    }
}

/// The byte range of the numbers of the top-level array `key`.
fn array_text(json: &[u8], key: &str) -> std::ops::Range<usize> {
    let open = format!("\"{key}\":[");
    let start = json
        .windows(open.len())
        .position(|w| w == open.as_bytes())
        .unwrap()
        + open.len();
    let end = start + json[start..].iter().position(|&b| b == b']').unwrap();
    start..end
}

#[test]
fn a_corrupt_value_in_the_second_half_of_a_split_array_is_found_as_without_the_split() {
    let json = fixture_json("tiny");
    for key in ["nodes", "edges"] {
        let range = array_text(&json, key);
        // In the second half of a chunk within the array, at several field phases.
        let chunk = (range.start + range.len() / 2) / SPLIT_CHUNK * SPLIT_CHUNK;
        let stretch = chunk.max(range.start)..chunk + SPLIT_CHUNK;
        for k in 0..5 {
            let at = stretch.start + stretch.len() * 3 / 4 + k * 97;
            assert!(
                at + 100 < range.end,
                "{key}: the stretch is within the array"
            );
            let at = at + json[at..].iter().position(|&b| b == b',').unwrap() + 1;
            let end = at + json[at..].iter().position(|b| !b.is_ascii_digit()).unwrap();
            for bad in [&b"99999999999"[..], b"4294967296", b"200", b"x", b"-1"] {
                let mut copy = json[..at].to_vec();
                copy.extend_from_slice(bad);
                copy.extend_from_slice(&json[end..]);
                let what = format!(
                    "{key}, value {k} replaced by {}",
                    String::from_utf8_lossy(bad)
                );
                same_split_and_not(&copy, &what);
            }
        }
    }
}
