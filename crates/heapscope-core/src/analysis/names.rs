//! Display names of single nodes as DevTools shows them: plain objects as `{a, b, …, z}` built from
//! both ends of their property list (at most 100 characters), cons strings as their flattened text
//! (stopping once 1024 characters are gathered), everything else by its name.

use super::js_text::{format_property_name, utf16_len};
use crate::snapshot::HeapSnapshot;

/// DevTools' `name()` of a node.
pub fn display_name(snap: &HeapSnapshot, ord: u32) -> String {
    let t = &snap.types;
    let ty = snap.node_type[ord as usize];
    if ty == t.cons_string {
        return cons_string_name(snap, ord);
    }
    let raw = snap.node_name_str(ord);
    if ty == t.object && raw == "Object" {
        return plain_object_name(snap, ord);
    }
    raw.to_owned()
}

fn cons_string_name(snap: &HeapSnapshot, ord: u32) -> String {
    let mut name = String::new();
    for_each_cons_part(snap, ord, |part| name.push_str(part));
    name
}

/// The texts DevTools' name of a cons string is made of, in order: its flat parts, depth first,
/// until 1,024 UTF-16 code units are gathered (DevTools stops there, after the part that reaches
/// it). A missing part counts as node 0, as DevTools reads it (normally the root, named "").
pub(crate) fn for_each_cons_part(snap: &HeapSnapshot, ord: u32, f: impl FnMut(&str)) {
    for_each_cons_part_with(snap, ord, &mut Vec::new(), f)
}

/// [`for_each_cons_part`] with a stack the caller keeps between calls (no allocation a call).
pub(crate) fn for_each_cons_part_with(
    snap: &HeapSnapshot,
    ord: u32,
    stack: &mut Vec<u32>,
    mut f: impl FnMut(&str),
) {
    let t = &snap.types;
    stack.clear();
    stack.push(ord);
    let mut len = 0usize;
    while let Some(node) = stack.pop() {
        if len >= 1024 {
            break;
        }
        if snap.node_type[node as usize] != t.cons_string {
            let part = snap.node_name_str(node);
            f(part);
            len += utf16_len(part);
            continue;
        }
        let (mut first, mut second) = (None, None);
        for e in snap.edges_of(node) {
            if first.is_some() && second.is_some() {
                break;
            }
            if snap.edge_type[e] == t.edge_internal {
                match snap.strings.get(snap.edge_name[e]) {
                    "first" => first = Some(snap.edge_to[e]),
                    "second" => second = Some(snap.edge_to[e]),
                    _ => {}
                }
            }
        }
        stack.push(second.unwrap_or(0));
        stack.push(first.unwrap_or(0));
    }
}

fn plain_object_name(snap: &HeapSnapshot, ord: u32) -> String {
    let t = &snap.types;
    let range = snap.edges_of(ord);
    if range.is_empty() {
        return "{}".to_owned();
    }
    let mut start_name = String::from("{");
    let mut end_name = String::from("}");
    let (mut start_len, mut end_len) = (1usize, 1usize);
    let mut from_start = range.start as isize;
    let mut from_end = range.end as isize - 1;
    let mut next_from_end = false;
    while from_start <= from_end {
        let e = if next_from_end { from_end } else { from_start } as usize;
        let is_property = snap.edge_type[e] == t.edge_property;
        let name = if is_property {
            snap.strings.get(snap.edge_name[e])
        } else {
            ""
        };
        if !is_property || name == "__proto__" {
            if next_from_end {
                from_end -= 1;
            } else {
                from_start += 1;
            }
            continue;
        }
        let formatted = format_property_name(name);
        let flen = utf16_len(&formatted);
        if start_len > 1 && start_len + end_len + flen > 100 {
            break;
        }
        if next_from_end {
            from_end -= 1;
            if end_len > 1 {
                end_name.insert_str(0, ", ");
                end_len += 2;
            }
            end_name.insert_str(0, &formatted);
            end_len += flen;
        } else {
            from_start += 1;
            if start_len > 1 {
                start_name.push_str(", ");
                start_len += 2;
            }
            start_name.push_str(&formatted);
            start_len += flen;
        }
        next_from_end = !next_from_end;
    }
    if from_start <= from_end {
        start_name.push_str(", …");
    }
    if end_len > 1 {
        start_name.push_str(", ");
    }
    start_name + &end_name
}
