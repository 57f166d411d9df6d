//! The analysis' invariants on seeded random graphs of several sizes: every node is dominated by a
//! node retaining at least as much, the root retains the whole heap, class sizes add up, and the
//! parser reads the generated text in any chunking.

mod common;

use heapscope_core::synthetic::synthetic_snapshot;
use heapscope_core::Analysis;

#[test]
fn dominator_tree_invariants_hold_on_random_graphs() {
    for (objects, seed) in [(10, 1), (500, 7), (5_000, 42), (20_000, 99)] {
        let json = synthetic_snapshot(objects, seed);
        let a = Analysis::new(common::parse_chunked(&json, 4093).unwrap(), &mut |_| {});
        let n = a.node_count() as u32;
        let root = a.root_ordinal();
        let self_total: u64 = (0..n).map(|o| a.self_size(o)).sum();
        assert_eq!(a.retained_size(root), self_total, "objects={objects}");
        assert_eq!(a.total_size(), self_total);
        for o in 0..n {
            let d = a.dominator(o);
            assert!(a.retained_size(o) >= a.self_size(o));
            if o != root {
                assert!(
                    a.retained_size(d) >= a.retained_size(o),
                    "objects={objects} node {o}"
                );
                assert_ne!(d, o);
            }
        }
        let classes: u64 = a.classes().iter().map(|c| c.shallow_size).sum();
        assert_eq!(
            classes, self_total,
            "every non-empty node is in exactly one class"
        );
        assert!(a.detached().count >= objects as u64 / 16);
        let s = a.statistics();
        assert_eq!(s.slices().iter().map(|(_, v)| v).sum::<u64>(), s.total);
    }
}

#[test]
fn synthetic_text_parses_the_same_in_any_chunking() {
    let json = synthetic_snapshot(300, 5);
    let base = Analysis::new(
        common::parse_chunked(&json, json.len()).unwrap(),
        &mut |_| {},
    )
    .summary(10);
    for chunk in [1, 13, 1000] {
        let s =
            Analysis::new(common::parse_chunked(&json, chunk).unwrap(), &mut |_| {}).summary(10);
        assert_eq!(
            (s.nodes, s.total_size, &s.top_retained),
            (base.nodes, base.total_size, &base.top_retained)
        );
    }
}
