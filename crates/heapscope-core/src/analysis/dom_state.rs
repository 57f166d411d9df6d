//! DevTools' `propagateDOMState`: embedder (native) nodes with a known attached/detached state pass it
//! to the native nodes they reach (attached wins; never through hidden, invisible or weak edges; JS
//! nodes stop the propagation), and every detached native node is renamed `Detached <name>`.

use crate::snapshot::HeapSnapshot;
use std::collections::HashMap;

const UNKNOWN: u8 = 0;
const ATTACHED: u8 = 1;
const DETACHED: u8 = 2;

/// Propagates detachedness in place and prefixes the names of detached nodes.
pub fn propagate_dom_state(snap: &mut HeapSnapshot) {
    let n = snap.node_count();
    if snap.node_detachedness.iter().all(|&d| d == UNKNOWN) {
        return;
    }
    let native = snap.types.native;
    let (hidden, weak) = (snap.types.edge_hidden, snap.types.edge_weak);
    let mut visited = vec![false; n];
    let mut attached: Vec<u32> = Vec::new();
    let mut detached: Vec<u32> = Vec::new();
    let mut renamed: HashMap<u32, u32> = HashMap::new();

    let mut process = |snap: &mut HeapSnapshot,
                       ord: u32,
                       state: u8,
                       attached: &mut Vec<u32>,
                       detached: &mut Vec<u32>| {
        let o = ord as usize;
        if visited[o] {
            return;
        }
        visited[o] = true;
        if snap.node_type[o] != native {
            return;
        }
        snap.node_detachedness[o] = state;
        if state == ATTACHED {
            attached.push(ord);
        } else if state == DETACHED {
            let old = snap.node_name[o];
            let new = *renamed.entry(old).or_insert_with(|| {
                let name = format!("Detached {}", snap.strings.get(old));
                snap.strings.push(&name)
            });
            snap.node_name[o] = new;
            detached.push(ord);
        }
    };

    for ord in 0..n as u32 {
        let state = snap.node_detachedness[ord as usize];
        if state != UNKNOWN {
            process(snap, ord, state, &mut attached, &mut detached);
        }
    }
    while let Some(ord) = attached.pop() {
        for e in snap.edges_of(ord) {
            let t = snap.edge_type[e];
            if t != hidden && t != weak {
                let to = snap.edge_to[e];
                process(snap, to, ATTACHED, &mut attached, &mut detached);
            }
        }
    }
    while let Some(ord) = detached.pop() {
        if snap.node_detachedness[ord as usize] == ATTACHED {
            continue;
        }
        for e in snap.edges_of(ord) {
            let t = snap.edge_type[e];
            if t != hidden && t != weak {
                let to = snap.edge_to[e];
                process(snap, to, DETACHED, &mut attached, &mut detached);
            }
        }
    }
}

/// Count and shallow size of the nodes whose (propagated) state is detached.
pub fn detached_summary(snap: &HeapSnapshot, sizes: &[u32]) -> crate::model::DetachedSummary {
    let mut s = crate::model::DetachedSummary::default();
    for (o, &d) in snap.node_detachedness.iter().enumerate() {
        if d == DETACHED {
            s.count += 1;
            s.shallow_size += sizes[o] as u64;
        }
    }
    s
}
