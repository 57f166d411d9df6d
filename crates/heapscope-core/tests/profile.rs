//! CPU profile correlation on a real pair from one Node process (`tests/gen/cpu-heap.js` under
//! `node --cpu-prof`): self and total time per function equal an independent script's over the raw
//! profile (`tests/gen/ref-cpuprofile.py` → `cpu-heap.ref.json`), for any chunking of the file, and
//! each workload function lands in its verdict with its objects matched to it.

mod common;

use common::{analyse, fixture_bytes, fixtures_dir, reference};
use heapscope_core::compare::cpuprofile::{CpuProfile, CpuProfileParser};
use heapscope_core::compare::profile::{profile_report, Verdict};
use heapscope_core::ParseErrorKind;

fn profile_bytes() -> Vec<u8> {
    std::fs::read(fixtures_dir().join("cpu-heap.cpuprofile")).unwrap()
}

fn parse(bytes: &[u8], chunk: usize) -> Result<CpuProfile, heapscope_core::ParseError> {
    let mut p = CpuProfileParser::new();
    for c in bytes.chunks(chunk) {
        p.feed(c)?;
    }
    p.finish()
}

#[test]
fn time_per_function_equals_an_independent_computation() {
    let bytes = profile_bytes();
    let r = reference("cpu-heap");
    let want = r["functions"].as_array().unwrap();
    for chunk in [1, 7, 4096, bytes.len()] {
        let times = parse(&bytes, chunk).unwrap().function_times();
        assert_eq!(times.len(), want.len(), "chunks of {chunk}");
        for w in want {
            let t = times
                .iter()
                .find(|t| {
                    t.name == w["name"].as_str().unwrap()
                        && t.url == w["url"].as_str().unwrap()
                        && u64::from(t.line) == w["line"].as_u64().unwrap()
                        && u64::from(t.column) == w["column"].as_u64().unwrap()
                })
                .unwrap_or_else(|| panic!("{w} missing"));
            assert!(
                (t.self_ms - w["self_ms"].as_f64().unwrap()).abs() < 1e-6,
                "{w}"
            );
            assert!(
                (t.total_ms - w["total_ms"].as_f64().unwrap()).abs() < 1e-6,
                "{w}"
            );
        }
    }
    // The hot function: Particle's constructor, about half of the run.
    let times = parse(&bytes, 1 << 16).unwrap().function_times();
    assert_eq!(times[0].name, "Particle");
    assert_eq!(
        times[0].line, 17,
        "1-based: `constructor(seed)` is on line 17"
    );
    assert!((times[0].self_ms - want[0]["self_ms"].as_f64().unwrap()).abs() < 1e-6);
}

#[test]
fn gzip_input_parses_the_same() {
    use std::io::Write;
    let bytes = profile_bytes();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).unwrap();
    let gz = gz.finish().unwrap();
    let a = parse(&bytes, 1 << 20).unwrap().function_times();
    let b = parse(&gz, 333).unwrap().function_times();
    assert_eq!(a, b);
}

#[test]
fn functions_are_matched_to_their_objects_and_sorted_into_verdicts() {
    let profile = parse(&profile_bytes(), 1 << 20).unwrap();
    let heap = analyse(&fixture_bytes("cpu-heap"));
    let r = profile_report(&profile, Some(&heap));
    let f = |name: &str| r.functions.iter().find(|f| f.name == name).unwrap();
    // Particle: hot, and its 4,000 objects (plus the class's own closure) are alive.
    let particle = f("Particle");
    assert_eq!(particle.verdict, Some(Verdict::HotHeavy));
    assert_eq!(particle.heap.unwrap().count, 4001);
    let churn = f("churn");
    assert_eq!(churn.verdict, Some(Verdict::HotLight));
    assert_eq!(churn.heap.unwrap().count, 1, "only the function itself");
    let cache = f("CacheEntry");
    assert_eq!(cache.verdict, Some(Verdict::ColdHeavy));
    assert_eq!(cache.heap.unwrap().count, 4001);
    let handlers = f("onRequest");
    assert_eq!(handlers.heap.unwrap().count, 2000, "one closure a handler");
    assert_eq!(handlers.self_ms, 0.0);
    assert!(r
        .functions
        .iter()
        .all(|f| f.name != "(garbage collector)" || f.verdict.is_none()));
    // Largest self time first, heap-only functions after.
    assert!(r.functions.windows(2).all(|w| w[0].self_ms >= w[1].self_ms));
    // Without a heap there is no heap column and no verdict.
    let bare = profile_report(&profile, None);
    assert!(bare
        .functions
        .iter()
        .all(|f| f.heap.is_none() && f.verdict.is_none()));
}

#[test]
fn bad_profiles_fail_with_a_message() {
    let cases: [(&[u8], ParseErrorKind, &str); 4] = [
        (
            b"{\"nodes\": [{\"id\": 1, \"callFrame\": {}}], \"samples\": [2], \"timeDeltas\": [0]}",
            ParseErrorKind::Inconsistent,
            "not in \"nodes\"",
        ),
        (
            b"{\"snapshot\": {}}",
            ParseErrorKind::Inconsistent,
            "not a CPU profile",
        ),
        (b"{\"nodes\": [", ParseErrorKind::Truncated, "cut short"),
        (b"not json", ParseErrorKind::NotJson, "expected"),
    ];
    for (bytes, kind, message) in cases {
        let e = parse(bytes, 3).unwrap_err();
        assert_eq!(e.kind(), kind, "{e}");
        assert!(e.to_string().contains(message), "{e}");
    }
}

#[test]
fn the_first_chunk_tells_a_profile_from_other_json() {
    let first_kib = |bytes: &[u8]| {
        let mut p = CpuProfileParser::new();
        p.feed(&bytes[..bytes.len().min(1024)]).is_ok() && p.looks_like_profile()
    };
    let profile = profile_bytes();
    assert!(first_kib(&profile), "node --cpu-prof output");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &profile).unwrap();
    assert!(first_kib(&gz.finish().unwrap()), "the same, gzip'd");
    // A heap snapshot, a sampling heap profile, and a profile before its "nodes" are not.
    assert!(!first_kib(&common::fixture_json("tiny")));
    assert!(!first_kib(
        b"{\"head\": {\"callFrame\": {\"functionName\": \"(root)\"}, \"children\": []}"
    ));
    assert!(!first_kib(b"{\"startTime\": 1, \"endTime\": 2"));
}
