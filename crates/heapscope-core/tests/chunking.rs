//! The parser is push-based: the same file fed in 1-byte, 7-byte, 4 KiB and 1 MiB chunks (plain and
//! gzip) gives identical snapshots and identical analyses.

mod common;

use common::{fixture_bytes, fixture_json, parse_chunked};
use heapscope_core::{Analysis, HeapSnapshot};

fn fingerprint(s: &HeapSnapshot) -> Vec<u64> {
    let mut h = vec![
        s.node_count() as u64,
        s.edge_count() as u64,
        s.strings.len() as u64,
        s.locations.len() as u64,
    ];
    let mix = |acc: u64, v: u64| acc.wrapping_mul(0x100000001b3).wrapping_add(v);
    h.push(s.node_name.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.node_id.iter().fold(0, mix));
    h.push(s.node_self_size.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.first_edge.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.edge_to.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.edge_name.iter().fold(0, |a, &v| mix(a, v as u64)));
    h.push(s.edge_type.iter().fold(0, |a, &v| mix(a, v as u64)));
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
