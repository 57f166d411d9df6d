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
use crate::analysis::names::for_each_cons_part_with;
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
    snap.node_type[ord as usize] == snap.types.cons_string
        && cons_parts(snap, ord).into_iter().flatten().any(|p| {
            // A flat part is read directly; only a cons part needs a walk.
            if snap.node_type[p as usize] == snap.types.cons_string {
                has_empty_text(snap, p)
            } else {
                snap.node_name_str(p).is_empty()
            }
        })
}

/// Whether a string's text (a cons string's flattened text) is empty, without building it: a
/// cons string is empty when all its parts are (a missing part is DevTools' node 0, the root,
/// whose name is empty).
fn has_empty_text(snap: &HeapSnapshot, ord: u32) -> bool {
    let cons = snap.types.cons_string;
    let mut stack = vec![ord];
    while let Some(n) = stack.pop() {
        if snap.node_type[n as usize] != cons {
            if !snap.node_name_str(n).is_empty() {
                return false;
            }
            continue;
        }
        let [first, second] = cons_parts(snap, n);
        stack.push(first.unwrap_or(0));
        stack.push(second.unwrap_or(0));
    }
    true
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
        let b = self.0.as_bytes();
        let (head, tail) = if b.len() <= 64 {
            (b, &b[..0])
        } else {
            (&b[..32], &b[b.len() - 32..])
        };
        // One well-mixed word: the map's Fx hasher keeps a word's low bits as they are, and
        // strings that differ only in a few digits would otherwise share buckets.
        let mut x = b.len() as u64;
        for chunk in head.chunks(8).chain(tail.chunks(8)) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            x = mix(x ^ u64::from_le_bytes(w));
        }
        h.write_u64(x);
    }
}

/// splitmix64's finalizer.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
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

/// FNV-1a over bytes, then mixed: a hash of a text that does not depend on how the text is split
/// into parts (a cons string's parts feed it one after the other).
#[derive(Clone, Copy)]
struct TextHash {
    h: u64,
    bytes: usize,
}

impl TextHash {
    fn new() -> Self {
        TextHash {
            h: 0xcbf2_9ce4_8422_2325,
            bytes: 0,
        }
    }

    fn feed(&mut self, s: &str) {
        for &b in s.as_bytes() {
            self.h = (self.h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.bytes += s.len();
    }

    fn finish(self) -> u64 {
        mix(self.h ^ self.bytes as u64)
    }

    fn of(s: &str) -> u64 {
        let mut h = TextHash::new();
        h.feed(s);
        h.finish()
    }
}

/// A text seen so far: its first node, and its group once a second copy has been seen.
#[derive(Clone, Copy)]
struct Seen {
    first: u32,
    group: u32,
}

const NONE: u32 = u32::MAX;

/// Buckets of cons-string hashes grouped one at a time: the top bits of a hash pick its bucket.
const HASH_BUCKET_BITS: u32 = 8;
const HASH_BUCKETS: usize = 1 << HASH_BUCKET_BITS;

/// The bucket of a (well-mixed) hash: its top bits.
fn bucket(h: u64) -> usize {
    (h >> (64 - HASH_BUCKET_BITS)) as usize
}

/// Groups string nodes by their DevTools key (their text) as they are added; the values that
/// occur more than once come out of [`DuplicateIndex::finish`].
///
/// V8 writes each distinct string once in the snapshot's string table, so flat strings with one
/// text share one string index: they are found by index, with no hashing. A cons string is found
/// by a hash of its flattened text computed from its parts, so its text is only built when
/// another string has the same hash (to confirm they are equal) and for the groups listed. A
/// group exists only for a text seen twice; at the end each cons text joins the flat strings of
/// the same text, if any.
///
/// Cons strings are grouped at the end, by hash, one [`HASH_BUCKETS`]th of the hashes at a time:
/// one map of the millions of cons strings of a large snapshot costs a cache miss or two a string
/// (the 741 MB one: 590 ms for 1.7 million), a bucket's map stays in cache.
struct DuplicateIndex<'a> {
    a: &'a Analysis,
    /// Per string-table index, the flat strings of that text.
    by_name: Vec<Seen>,
    /// Cons strings (hash of the text, node) in node order, until they are grouped.
    pending: Vec<(u64, u32)>,
    /// Cons texts by hash, one map per bucket of hashes (the top bits).
    by_hash: Vec<FxHashMap<u64, Seen>>,
    /// Cons texts that share a hash with an earlier, different text (practically never).
    collided: FxHashMap<String, Seen>,
    /// Byte lengths of cons texts seen, so only flat texts of those lengths are hashed at the end.
    cons_lengths: Vec<bool>,
    groups: Vec<(Cow<'a, str>, Group)>,
    /// The walk's stack for [`cons_text_is`].
    parts: Vec<u32>,
}

impl<'a> DuplicateIndex<'a> {
    fn new(a: &'a Analysis) -> Self {
        let unseen = Seen {
            first: NONE,
            group: NONE,
        };
        DuplicateIndex {
            a,
            by_name: vec![unseen; a.snapshot().strings.len()],
            pending: Vec::new(),
            by_hash: Vec::new(),
            collided: FxHashMap::default(),
            cons_lengths: vec![false; 4 * NAME_LIMIT + 8],
            groups: Vec::new(),
            parts: Vec::new(),
        }
    }

    /// Counts node `o` into the text `seen` stands for (`text` names a new group).
    fn count(
        groups: &mut Vec<(Cow<'a, str>, Group)>,
        a: &Analysis,
        seen: &mut Seen,
        o: u32,
        text: impl FnOnce() -> Cow<'a, str>,
    ) {
        let size = a.self_size(o);
        if seen.first == NONE {
            seen.first = o;
            return;
        }
        if seen.group == NONE {
            let first_size = a.self_size(seen.first);
            groups.push((
                text(),
                Group {
                    count: 1,
                    size: first_size,
                    max: first_size,
                    first: seen.first,
                },
            ));
            seen.group = groups.len() as u32 - 1;
        }
        let g = &mut groups[seen.group as usize].1;
        g.count += 1;
        g.size += size;
        g.max = g.max.max(size);
        g.first = g.first.min(o);
    }

    /// A flat string node.
    fn add_flat(&mut self, o: u32) {
        let snap = self.a.snapshot();
        let name = snap.node_name[o as usize];
        let seen = &mut self.by_name[name as usize];
        Self::count(&mut self.groups, self.a, seen, o, || {
            Cow::Borrowed(snap.strings.get(name))
        });
    }

    /// A cons string node, with the hash of its text (grouped in [`DuplicateIndex::finish`]).
    fn add_cons(&mut self, o: u32, hash: TextHash) {
        if let Some(l) = self.cons_lengths.get_mut(hash.bytes) {
            *l = true;
        }
        self.pending.push((hash.finish(), o));
    }

    /// Groups the cons strings by text, bucket by bucket of hashes (in node order within each). A
    /// copy is confirmed equal to the first of its hash by walking its parts against the first's
    /// text (built once, for the group), not by building its own.
    fn group_cons(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let mut sizes = vec![0usize; HASH_BUCKETS];
        for &(h, _) in &pending {
            sizes[bucket(h)] += 1;
        }
        let mut starts = vec![0usize; HASH_BUCKETS + 1];
        for b in 0..HASH_BUCKETS {
            starts[b + 1] = starts[b] + sizes[b];
        }
        let mut fill = starts.clone();
        let mut sorted = vec![(0u64, 0u32); pending.len()];
        for &(h, o) in &pending {
            let b = bucket(h);
            sorted[fill[b]] = (h, o);
            fill[b] += 1;
        }
        drop(pending);
        self.by_hash = (0..HASH_BUCKETS)
            .map(|b| {
                let mut map = FxHashMap::with_capacity_and_hasher(sizes[b], Default::default());
                for &(h, o) in &sorted[starts[b]..starts[b + 1]] {
                    self.add_cons_to(&mut map, o, h);
                }
                map
            })
            .collect();
    }

    fn add_cons_to(&mut self, by_hash: &mut FxHashMap<u64, Seen>, o: u32, h: u64) {
        let a = self.a;
        let snap = a.snapshot();
        let seen = by_hash.entry(h).or_insert(Seen {
            first: NONE,
            group: NONE,
        });
        let mut first_text = None;
        let same = match (seen.first, seen.group) {
            (NONE, _) => true,
            (first, NONE) => {
                let text = a.display_name(first);
                let same = cons_text_is(snap, o, &text, &mut self.parts);
                first_text = Some(text);
                same
            }
            (_, g) => cons_text_is(snap, o, &self.groups[g as usize].0, &mut self.parts),
        };
        if same {
            Self::count(&mut self.groups, a, seen, o, || {
                Cow::Owned(first_text.unwrap_or_else(|| a.display_name(o)))
            });
            return;
        }
        let text = a.display_name(o);
        let seen = self.collided.entry(text.clone()).or_insert(Seen {
            first: NONE,
            group: NONE,
        });
        Self::count(&mut self.groups, a, seen, o, || Cow::Owned(text));
    }

    fn finish(mut self) -> Vec<(Cow<'a, str>, Group)> {
        self.group_cons();
        let a = self.a;
        let snap = a.snapshot();
        if self.by_hash.iter().any(|m| !m.is_empty()) {
            // A flat text of a length some cons text has, whose hash a cons text has: if the
            // texts are equal, the cons copies are more copies of the flat text.
            for index in 0..self.by_name.len() {
                if self.by_name[index].first == NONE {
                    continue;
                }
                let text = snap.strings.get(index as u32);
                if !self.cons_lengths.get(text.len()).copied().unwrap_or(false) {
                    continue;
                }
                let h = TextHash::of(text);
                let Some(c) = self.by_hash[bucket(h)].get(&h).copied() else {
                    continue;
                };
                if a.display_name(c.first) != text {
                    continue;
                }
                self.by_hash[bucket(h)].remove(&h);
                let to_flat = |s: &mut Self, o: u32| {
                    let seen = &mut s.by_name[index];
                    Self::count(&mut s.groups, a, seen, o, || Cow::Borrowed(text));
                };
                match c.group {
                    NONE => to_flat(&mut self, c.first),
                    g => {
                        let empty = Group {
                            count: 0,
                            size: 0,
                            max: 0,
                            first: NONE,
                        };
                        let grp = std::mem::replace(&mut self.groups[g as usize].1, empty);
                        // Counting the cons group's first copy opens the flat text's group;
                        // the rest of the cons group's figures fold into it.
                        to_flat(&mut self, grp.first);
                        let target = self.by_name[index].group as usize;
                        let t = &mut self.groups[target].1;
                        t.count += grp.count - 1;
                        t.size += grp.size - a.self_size(grp.first);
                        t.max = t.max.max(grp.max);
                    }
                }
            }
        }
        let mut groups = self.groups;
        groups.retain(|(_, g)| g.count > 1);
        groups.sort_by_key(|(_, g)| g.first);
        groups
    }
}

/// Whether cons string `o`'s DevTools name (its parts' texts, as [`for_each_cons_part_with`]
/// gathers them) is `text`, without building it.
fn cons_text_is(snap: &HeapSnapshot, o: u32, text: &str, stack: &mut Vec<u32>) -> bool {
    let mut rest = text.as_bytes();
    let mut same = true;
    for_each_cons_part_with(snap, o, stack, |part| {
        if same {
            match rest.strip_prefix(part.as_bytes()) {
                Some(r) => rest = r,
                None => same = false,
            }
        }
    });
    same && rest.is_empty()
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

pub(crate) fn compute(
    a: &Analysis,
    top: usize,
    timer: &mut crate::analysis::Timer,
) -> StringsSection {
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
    let mut dups = DuplicateIndex::new(a);
    let mut parts: Vec<u32> = Vec::new();
    for o in 0..snap.node_count() as u32 {
        let ty = snap.node_type[o as usize];
        if !t.is_string_type(ty) {
            continue;
        }
        let size = a.self_size(o);
        // One flattened name per cons string, for its length and its duplicate key.
        let (len, derived) = if ty == t.cons_string {
            // The text's hash and length from its parts, without building it.
            let (mut hash, mut n) = (TextHash::new(), 0usize);
            for_each_cons_part_with(snap, o, &mut parts, |part| {
                hash.feed(part);
                n += utf16_len(part);
            });
            let measured = if n < NAME_LIMIT {
                (n as u64, false)
            } else {
                (lengths.cons_length(o), true)
            };
            if !is_flat_cons(a, o) {
                dups.add_cons(o, hash);
            }
            measured
        } else {
            if ty == t.string {
                dups.add_flat(o);
            }
            lengths.of(o)
        };
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
    timer.lap("strings: lengths and copies");
    let groups = dups.finish();
    timer.lap("strings: cons copies joined");
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
    let duplicates = duplicates(a, groups, top);
    timer.lap("strings: largest and duplicates listed");
    StringsSection {
        count: total_count,
        size: total_size,
        buckets,
        length_from_size: estimated,
        largest,
        duplicates,
    }
}

fn duplicates(a: &Analysis, groups: Vec<(Cow<'_, str>, Group)>, top: usize) -> Duplicates {
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
            sample_id: snap.node_id.get(g.first as usize),
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
