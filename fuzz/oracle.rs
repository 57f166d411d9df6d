//! What every input must satisfy, shared by the cargo-fuzz target (`fuzz_targets/parse.rs`) and the
//! property test that runs on stable (`crates/heapscope-core/tests/fuzz_properties.rs`): the parser
//! never panics, hangs or reserves memory the input cannot justify; the same bytes split anywhere
//! give the same snapshot or the same error (for a corrupt gzip stream: an error either way); and
//! whatever parses can be analysed and queried.

use heapscope_core::{Analysis, HeapSnapshot, ParseError, ParseErrorKind, SnapshotParser};

/// Feeds `bytes` cut at `cuts` (offsets, any order, out-of-range ones ignored), knowing the size.
pub fn parse_split(bytes: &[u8], cuts: &[usize]) -> Result<HeapSnapshot, ParseError> {
    let mut points: Vec<usize> = cuts.iter().copied().filter(|&c| c < bytes.len()).collect();
    points.sort_unstable();
    points.dedup();
    let gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let mut p = SnapshotParser::new();
    p.set_input_size(bytes.len() as u64, gzip);
    // Far below a tab's limit, so a header claiming a huge graph is refused, never allocated.
    p.set_memory_limit(256 << 20);
    let mut start = 0;
    for &cut in points.iter().chain(std::iter::once(&bytes.len())) {
        p.feed(&bytes[start..cut])?;
        start = cut;
    }
    p.finish()
}

/// A cheap summary of a parsed snapshot, to compare two parses.
fn fingerprint(s: &HeapSnapshot) -> (usize, usize, usize, u64, u64, Vec<String>) {
    let ids = s
        .node_id
        .iter()
        .fold(0u64, |a, v| a.wrapping_mul(31).wrapping_add(v));
    let names = (0..s.strings.len() as u32).fold(0u64, |a, i| {
        s.strings.get(i).bytes().fold(a.wrapping_mul(131), |a, b| {
            a.wrapping_mul(31).wrapping_add(b as u64)
        })
    });
    (
        s.node_count(),
        s.edge_count(),
        s.strings.len(),
        ids,
        names,
        s.warnings.clone(),
    )
}

/// Checks the property on one input and one way of splitting it.
pub fn check(bytes: &[u8], cuts: &[usize]) {
    let whole = parse_split(bytes, &[]);
    let split = parse_split(bytes, cuts);
    match (&whole, &split) {
        (Ok(a), Ok(b)) => assert_eq!(fingerprint(a), fingerprint(b), "split parse differs"),
        // A corrupt deflate stream may inflate to some garbage before its error shows; how much
        // depends on where the input is cut, so either error may come first. Both are errors.
        (Err(a), Err(b))
            if a.kind() == ParseErrorKind::BadGzip || b.kind() == ParseErrorKind::BadGzip => {}
        (Err(a), Err(b)) => assert_eq!(a.message(), b.message(), "split parse fails differently"),
        _ => panic!(
            "whole and split parses disagree: {:?} vs {:?}",
            whole.as_ref().map(|_| ()),
            split.as_ref().map(|_| ())
        ),
    }
    if let Ok(snapshot) = whole {
        let a = Analysis::new(snapshot, &mut |_| {});
        let summary = a.summary(5);
        assert_eq!(summary.nodes, a.node_count());
        for row in a.top_retained(3) {
            let _ = a.retaining_path(row.ordinal);
        }
        for class in a.classes().iter().take(3) {
            let _ = a.class_instances(class.index, 0, 3);
        }
        let _ = a.search("a", 3);
        let _ = a.search("@1", 3);
    }
}
