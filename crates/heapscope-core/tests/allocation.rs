//! A header is not trusted with memory: counts of 4 billion reserve nothing like it, whether the
//! input's size is known (then refused right after the header) or not (then the columns start
//! small and grow with what really arrives). Measured with a counting global allocator.

use heapscope_core::{HeapSnapshot, ParseError, ParseErrorKind, SnapshotParser};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The tests of this file measure one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak bytes allocated (above what was live before) while `f` runs.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed) - base)
}

fn lying(nodes: &str, edges: &str) -> String {
    format!(
        r#"{{"snapshot":{{"meta":{{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],
"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic"],"string","number","number","number","number","number"],
"edge_fields":["type","name_or_index","to_node"],
"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"]}},
"node_count":{nodes},"edge_count":{edges},"trace_function_count":0}},
"nodes":[9,0,1,0,1,0,0, 3,1,3,24,0,0,0],
"edges":[2,2,7],
"strings":["","Leaky","x"]}}"#
    )
}

const MIB: usize = 1 << 20;

/// Parses each lying header (4 billion nodes, then 4 billion edges), telling the parser the input's
/// size or not; returns each result with the peak bytes allocated while parsing it.
fn parse_lying(size_known: bool) -> Vec<(Result<HeapSnapshot, ParseError>, usize)> {
    let _serial = SERIAL.lock().unwrap();
    [lying("4000000000", "1"), lying("2", "4000000000")]
        .iter()
        .map(|text| {
            peak_during(|| {
                let mut p = SnapshotParser::new();
                if size_known {
                    p.set_input_size(text.len() as u64, false);
                }
                p.feed(text.as_bytes())?;
                p.finish()
            })
        })
        .collect()
}

#[test]
fn counts_of_four_billion_with_the_input_size_known_are_refused_before_any_reservation() {
    for (result, peak) in parse_lying(true) {
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ParseErrorKind::Inconsistent, "{err}");
        assert!(peak < MIB, "{peak} bytes allocated");
    }
}

#[test]
fn counts_of_four_billion_with_the_input_size_unknown_reserve_little() {
    for (result, peak) in parse_lying(false) {
        let snapshot = result.unwrap();
        assert_eq!(snapshot.node_count(), 2);
        assert_eq!(snapshot.warnings.len(), 1);
        assert!(peak < 4 * MIB, "{peak} bytes allocated");
    }
}
