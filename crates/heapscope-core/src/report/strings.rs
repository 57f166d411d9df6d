//! Section 3, Strings: how many strings of which length hold how much memory, the largest ones, and
//! the duplicated ones by DevTools' rule.
//!
//! Lengths: V8 writes at most 1,024 characters of a string's text into the snapshot, so a string
//! whose text is cut gets its length from its size (a sequential string is a 16-byte header plus
//! one byte a character, two for two-byte strings, rounded to 8 bytes: exact to within 8
//! characters); a concatenated string's length is the sum of its parts; a sliced string whose text
//! is cut counts with the 1,024 characters known (its size is only the slice's header).
//!
//! Duplicates follow DevTools' `duplicatedStrings` filter exactly: string and concatenated-string
//! nodes (not sliced ones), skipping cons strings already flattened (one part empty), keyed by
//! DevTools' name (cons strings flattened, up to 1,024 characters); every node whose key occurs
//! more than once is a duplicate. Grouped by value: interning would keep one copy (the largest)
//! and save the rest.

use super::markdown::{self, Table};
use super::objects::ObjectEntry;
use super::units::{bytes, count, percent};
use super::Section;
use crate::analysis::fxhash::FxHashMap;
use crate::analysis::js_text::utf16_len;
use crate::analysis::Analysis;
use crate::snapshot::HeapSnapshot;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// V8's cut-off for string text in a snapshot.
pub const NAME_LIMIT: usize = 1024;
/// Characters of a string shown in previews.
const PREVIEW_CHARS: usize = 100;
/// Header of a sequential string, in bytes.
const SEQ_HEADER: u64 = 16;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StringsSection {
    pub count: u64,
    pub size: u64,
    pub buckets: Vec<LengthBucket>,
    /// Strings whose text the snapshot cuts, whose length is derived from their size.
    pub length_from_size: u64,
    pub largest: Vec<StringEntry>,
    pub duplicates: Duplicates,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LengthBucket {
    pub label: String,
    /// Characters, inclusive lower bound and exclusive upper bound (`None`: no upper bound).
    pub min_chars: u64,
    pub max_chars: Option<u64>,
    pub count: u64,
    pub size: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StringEntry {
    #[serde(flatten)]
    pub object: ObjectEntry,
    /// Length in characters (UTF-16 code units, as JavaScript counts).
    pub length: u64,
    /// Whether the length was derived from the size (the text in the snapshot is cut).
    pub length_estimated: bool,
    /// The first characters of the text.
    pub preview: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Duplicates {
    pub groups: Vec<DuplicateGroup>,
    /// Number of values that occur more than once.
    pub group_count: u64,
    /// Number of string nodes DevTools' filter shows (every copy of every duplicated value).
    pub duplicated_count: u64,
    /// Self size of all those nodes.
    pub duplicated_size: u64,
    pub total_saving: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// The text (at most 1,024 characters, as in the snapshot).
    pub value: String,
    pub count: u64,
    /// Self size of all copies.
    pub size: u64,
    /// What interning would save: every copy but the largest.
    pub saving: u64,
    /// The text is cut at 1,024 characters: the copies agree on that much.
    pub truncated: bool,
    /// Id of one copy, to look at its retainers.
    pub sample_id: u64,
}

const BUCKETS: [(&str, u64, Option<u64>); 5] = [
    ("< 100", 0, Some(100)),
    ("100 – 1K", 100, Some(1_000)),
    ("1K – 10K", 1_000, Some(10_000)),
    ("10K – 100K", 10_000, Some(100_000)),
    ("> 100K", 100_000, None),
];

/// A string node's length in characters and whether it was derived from its size.
struct Lengths<'a> {
    a: &'a Analysis,
    cons_memo: HashMap<u32, u64>,
}

impl Lengths<'_> {
    fn of(&mut self, ord: u32) -> (u64, bool) {
        let snap = self.a.snapshot();
        let t = &snap.types;
        let ty = snap.node_type[ord as usize];
        if ty == t.cons_string {
            let name = self.a.display_name(ord);
            let n = utf16_len(&name);
            if n < NAME_LIMIT {
                return (n as u64, false);
            }
            return (self.cons_length(ord), true);
        }
        let name = snap.node_name_str(ord);
        let n = utf16_len(name);
        if n < NAME_LIMIT || ty != t.string {
            return (n as u64, n >= NAME_LIMIT);
        }
        (seq_length(snap, ord, name), true)
    }

    /// Sum of the lengths of a cons string's parts (memoized: cons strings form a DAG).
    fn cons_length(&mut self, ord: u32) -> u64 {
        let snap = self.a.snapshot();
        let t = &snap.types;
        let mut stack = vec![(ord, false)];
        while let Some((node, expanded)) = stack.pop() {
            if self.cons_memo.contains_key(&node) {
                continue;
            }
            let parts = cons_parts(snap, node);
            if expanded {
                let mut total = 0u64;
                for p in parts.into_iter().flatten() {
                    total += if snap.node_type[p as usize] == t.cons_string {
                        self.cons_memo.get(&p).copied().unwrap_or(0)
                    } else {
                        self.of(p).0
                    };
                }
                self.cons_memo.insert(node, total);
            } else {
                stack.push((node, true));
                for p in parts.into_iter().flatten() {
                    if snap.node_type[p as usize] == t.cons_string
                        && !self.cons_memo.contains_key(&p)
                    {
                        stack.push((p, false));
                    }
                }
            }
        }
        self.cons_memo.get(&ord).copied().unwrap_or(0)
    }
}

/// The length of a sequential string from its size.
fn seq_length(snap: &HeapSnapshot, ord: u32, known_text: &str) -> u64 {
    let size = snap.node_self_size[ord as usize] as u64;
    let payload = size.saturating_sub(SEQ_HEADER);
    let two_byte = !known_text.is_ascii() && known_text.chars().any(|c| c as u32 > 0xff);
    let derived = if two_byte { payload / 2 } else { payload };
    derived.max(utf16_len(known_text) as u64)
}

/// The `first` and `second` parts of a cons string.
fn cons_parts(snap: &HeapSnapshot, ord: u32) -> [Option<u32>; 2] {
    let t = &snap.types;
    let mut parts = [None, None];
    for e in snap.edges_of(ord) {
        if snap.edge_type[e] != t.edge_internal {
            continue;
        }
        match snap.strings.get(snap.edge_name[e]) {
            "first" => parts[0] = Some(snap.edge_to[e]),
            "second" => parts[1] = Some(snap.edge_to[e]),
            _ => {}
        }
    }
    parts
}

/// DevTools' `isFlatConsString`: a cons string one of whose parts has an empty name.
fn is_flat_cons(a: &Analysis, ord: u32) -> bool {
    let snap = a.snapshot();
    let t = &snap.types;
    snap.node_type[ord as usize] == t.cons_string
        && cons_parts(snap, ord).into_iter().flatten().any(|p| {
            // Only a cons part needs its flattened name built to know it is empty.
            if snap.node_type[p as usize] == t.cons_string {
                a.display_name(p).is_empty()
            } else {
                snap.node_name_str(p).is_empty()
            }
        })
}

/// Per distinct value: copies, their size, the largest copy and the first copy.
struct Group {
    count: u64,
    size: u64,
    max: u64,
    first: u32,
}

/// A string as a hash key that hashes only its length and its first and last 32 bytes (equality
/// still compares the whole text): long strings usually differ there, and hashing 1,024-character
/// payloads in full costs more than everything else in this section.
#[derive(Clone, PartialEq, Eq)]
struct StrKey<'a>(Cow<'a, str>);

impl std::hash::Hash for StrKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        use std::hash::Hasher;
        let b = self.0.as_bytes();
        let mut fx = crate::analysis::fxhash::FxHasher::default();
        fx.write_usize(b.len());
        if b.len() <= 64 {
            fx.write(b);
        } else {
            fx.write(&b[..32]);
            fx.write(&b[b.len() - 32..]);
        }
        // The Fx hash's low bits depend only on the low bits of its last word, and the table
        // indexes by the low bits: 1.7 million strings `rec:<base36>:<hex>` (the `big` fixture)
        // fell in a few buckets and took 110 s of comparisons. MurmurHash3's finalizer spreads
        // every bit over the whole word.
        h.write_u64(fmix64(fx.finish()));
    }
}

/// MurmurHash3's 64-bit finalizer: each input bit flips each output bit with probability ~1/2.
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

/// The nodes DevTools' duplicated-strings filter looks at, with their keys, in node order.
fn string_keys(a: &Analysis) -> impl Iterator<Item = (StrKey<'_>, u32)> {
    let snap = a.snapshot();
    let t = &snap.types;
    (0..snap.node_count() as u32).filter_map(move |o| {
        let ty = snap.node_type[o as usize];
        if ty == t.string {
            Some((StrKey(Cow::Borrowed(snap.node_name_str(o))), o))
        } else if ty == t.cons_string && !is_flat_cons(a, o) {
            Some((StrKey(Cow::Owned(a.display_name(o))), o))
        } else {
            None
        }
    })
}

/// Values that occur more than once, in order of their first copy.
fn duplicate_groups(a: &Analysis) -> Vec<(Cow<'_, str>, Group)> {
    let mut index: FxHashMap<StrKey<'_>, usize> = FxHashMap::default();
    let mut groups: Vec<(Cow<'_, str>, Group)> = Vec::new();
    for (key, o) in string_keys(a) {
        let size = a.self_size(o);
        match index.get(&key) {
            Some(&i) => {
                let g = &mut groups[i].1;
                g.count += 1;
                g.size += size;
                g.max = g.max.max(size);
            }
            None => {
                index.insert(key.clone(), groups.len());
                let g = Group {
                    count: 1,
                    size,
                    max: size,
                    first: o,
                };
                groups.push((key.0, g));
            }
        }
    }
    groups.retain(|(_, g)| g.count > 1);
    groups
}

/// The ordinals of every string DevTools' "Duplicated strings" filter shows, in node order.
pub fn duplicated_string_nodes(a: &Analysis) -> Vec<u32> {
    let mut copies: FxHashMap<StrKey<'_>, u32> = FxHashMap::default();
    let keyed: Vec<(StrKey<'_>, u32)> = string_keys(a).collect();
    for (key, _) in &keyed {
        *copies.entry(key.clone()).or_insert(0) += 1;
    }
    keyed
        .into_iter()
        .filter(|(key, _)| copies[key] > 1)
        .map(|(_, o)| o)
        .collect()
}

pub fn compute(a: &Analysis, top: usize) -> StringsSection {
    let snap = a.snapshot();
    let t = &snap.types;
    let mut buckets: Vec<LengthBucket> = BUCKETS
        .iter()
        .map(|&(label, min, max)| LengthBucket {
            label: label.to_owned(),
            min_chars: min,
            max_chars: max,
            count: 0,
            size: 0,
        })
        .collect();
    let mut lengths = Lengths {
        a,
        cons_memo: HashMap::new(),
    };
    let (mut total_count, mut total_size, mut estimated) = (0u64, 0u64, 0u64);
    let mut largest: BinaryHeap<Reverse<(u64, Reverse<u32>)>> = BinaryHeap::with_capacity(top + 1);
    for o in 0..snap.node_count() as u32 {
        if !t.is_string_type(snap.node_type[o as usize]) {
            continue;
        }
        let size = a.self_size(o);
        let (len, derived) = lengths.of(o);
        total_count += 1;
        total_size += size;
        estimated += derived as u64;
        let b = buckets
            .iter_mut()
            .rev()
            .find(|b| len >= b.min_chars)
            .expect("the first bucket starts at 0");
        b.count += 1;
        b.size += size;
        let key = (a.retained_size(o), Reverse(o));
        if largest.len() < top {
            largest.push(Reverse(key));
        } else if largest.peek().is_some_and(|m| key > m.0) {
            largest.pop();
            largest.push(Reverse(key));
        }
    }
    let mut largest: Vec<(u64, Reverse<u32>)> = largest.into_iter().map(|r| r.0).collect();
    largest.sort_unstable_by(|x, y| y.cmp(x));
    let largest = largest
        .into_iter()
        .map(|(_, Reverse(o))| {
            let (length, length_estimated) = lengths.of(o);
            let object = ObjectEntry::new(a, o);
            let preview: String = object.name.chars().take(PREVIEW_CHARS).collect();
            StringEntry {
                object,
                length,
                length_estimated,
                preview,
            }
        })
        .collect();
    StringsSection {
        count: total_count,
        size: total_size,
        buckets,
        length_from_size: estimated,
        largest,
        duplicates: duplicates(a, top),
    }
}

fn duplicates(a: &Analysis, top: usize) -> Duplicates {
    let groups = duplicate_groups(a);
    let snap = a.snapshot();
    let mut d = Duplicates {
        groups: Vec::new(),
        group_count: groups.len() as u64,
        duplicated_count: groups.iter().map(|(_, g)| g.count).sum(),
        duplicated_size: groups.iter().map(|(_, g)| g.size).sum(),
        total_saving: groups.iter().map(|(_, g)| g.size - g.max).sum(),
    };
    let mut ranked: Vec<&(Cow<'_, str>, Group)> = groups.iter().collect();
    ranked.sort_by(|x, y| {
        (y.1.size - y.1.max)
            .cmp(&(x.1.size - x.1.max))
            .then(y.1.count.cmp(&x.1.count))
            .then(x.1.first.cmp(&y.1.first))
    });
    d.groups = ranked
        .into_iter()
        .take(top)
        .map(|(value, g)| DuplicateGroup {
            value: value.to_string(),
            count: g.count,
            size: g.size,
            saving: g.size - g.max,
            truncated: utf16_len(value) >= NAME_LIMIT,
            sample_id: snap.node_id[g.first as usize] as u64,
        })
        .collect();
    d
}

impl Section for StringsSection {
    fn title(&self) -> &'static str {
        "Strings"
    }

    fn markdown(&self, _report: &super::Report, out: &mut String) {
        out.push_str(&format!(
            "{} strings hold {}.\n\n",
            count(self.count),
            bytes(self.size)
        ));
        let mut t = Table::new(&[
            ("Length (characters)", false),
            ("Count", true),
            ("Size", true),
            ("% of strings", true),
        ]);
        for b in &self.buckets {
            t.row(&[
                b.label.clone(),
                count(b.count),
                bytes(b.size),
                percent(b.size, self.size),
            ]);
        }
        out.push_str(&t.finish());
        if self.length_from_size > 0 {
            out.push_str(&format!(
                "V8 writes at most 1,024 characters of a string into a snapshot: the length of {} longer strings is derived from their size (to within 8 characters; a sliced string counts as 1,024).\n\n",
                count(self.length_from_size)
            ));
        }
        out.push_str("Largest strings:\n\n");
        let mut t = Table::new(&[
            ("String", false),
            ("Length", true),
            ("Retained", true),
            ("Held by", false),
            ("Path from a root", false),
        ]);
        for s in &self.largest {
            let length = if s.length_estimated {
                format!("≈{}", count(s.length))
            } else {
                count(s.length)
            };
            t.row(&[
                format!(
                    "\"{}\" {}",
                    markdown::text(&s.preview, 60),
                    markdown::object_link("@", s.object.id)
                ),
                length,
                bytes(s.object.retained_size),
                s.object.dominator_markdown(),
                s.object.path_markdown(200),
            ]);
        }
        out.push_str(&t.finish());
        let d = &self.duplicates;
        out.push_str(&format!(
            "**Duplicated strings** (DevTools' rule): {} values occur more than once, in {} strings of {}; keeping one copy of each would save **{}**.\n\n",
            count(d.group_count),
            count(d.duplicated_count),
            bytes(d.duplicated_size),
            bytes(d.total_saving)
        ));
        if !d.groups.is_empty() {
            let mut t = Table::new(&[
                ("Value", false),
                ("Copies", true),
                ("Size", true),
                ("Saving", true),
            ]);
            for g in &d.groups {
                let cut = if g.truncated {
                    " (first 1,024 characters)"
                } else {
                    ""
                };
                t.row(&[
                    format!(
                        "\"{}\"{cut} {}",
                        markdown::text(&g.value, 60),
                        markdown::object_link("@", g.sample_id)
                    ),
                    count(g.count),
                    bytes(g.size),
                    bytes(g.saving),
                ]);
            }
            out.push_str(&t.finish());
        }
    }
}
