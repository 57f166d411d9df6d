//! Grouping the indices of a column by the value stored at each (a counting sort into a CSR):
//! index `i` goes into the list of `keys[i]`, and every list keeps its indices in ascending order.
//! The dominator tree's children lists (`i` a node, `keys[i]` its dominator) and the reverse index
//! (`i` an edge, `keys[i]` the node it points at) are both this. Natively a long column is counted
//! and placed in two halves on two threads: the halves' counts give each list's range, the first
//! half's indices first, so the two threads write disjoint slots.

/// The lists' output, written by two threads at disjoint positions.
struct SharedOut(*mut u32, usize);
// SAFETY: the threads write disjoint slots (see `group_by_key`).
unsafe impl Sync for SharedOut {}

/// Lists of indices by key: `values[first[k]..first[k + 1]]` are the indices `i` (ascending) with
/// `keys[i] == k`, for `k` in `0..key_count`, skipping the index `skip` if given (the root, which
/// has no dominator). On two threads when `two`. Every key must be below `key_count`.
pub(crate) fn group_by_key(
    keys: &[u32],
    key_count: usize,
    skip: Option<u32>,
    two: bool,
) -> (Vec<u32>, Vec<u32>) {
    let half = if two { keys.len() / 2 } else { keys.len() };
    let (low, high) = keys.split_at(half);
    let skip = skip.map_or(usize::MAX, |s| s as usize);
    // How many indices each half gives every key.
    let count = |part: &[u32], base: usize| -> Vec<u32> {
        let mut counts: Vec<u32> = super::zeroed::zeroed(key_count + 1);
        for (i, &k) in part.iter().enumerate() {
            if base + i != skip {
                counts[k as usize] += 1;
            }
        }
        counts
    };
    let (mut low_at, mut high_at) = if two {
        super::fork_join(|| count(low, 0), || count(high, half))
    } else {
        (count(low, 0), Vec::new())
    };
    // Each half's cursor: where its next index of a key goes.
    let mut at = 0u32;
    if two {
        for (l, h) in low_at[..key_count]
            .iter_mut()
            .zip(&mut high_at[..key_count])
        {
            let (from_low, from_high) = (*l, *h);
            *l = at;
            *h = at + from_low;
            at += from_low + from_high;
        }
    } else {
        for l in &mut low_at[..key_count] {
            let from_low = *l;
            *l = at;
            at += from_low;
        }
    }
    let mut values = vec![0u32; at as usize];
    let out = SharedOut(values.as_mut_ptr(), values.len());
    let place = |part: &[u32], base: usize, cursor: &mut [u32]| {
        let out = &out;
        for (i, &k) in part.iter().enumerate() {
            if base + i != skip {
                let slot = &mut cursor[k as usize];
                // SAFETY: below the length, and the halves' cursors of a key run over disjoint
                // ranges (the low half's up to where the high half's start), so no slot is
                // written twice, by either thread.
                assert!((*slot as usize) < out.1);
                unsafe { *out.0.add(*slot as usize) = (base + i) as u32 };
                *slot += 1;
            }
        }
    };
    if two {
        super::fork_join(
            || place(low, 0, &mut low_at),
            || place(high, half, &mut high_at),
        );
    } else {
        place(low, 0, &mut low_at);
    }
    // The last cursor of each key now stands where its list ends, which is where the next key's
    // begins.
    let mut first = low_at;
    if two {
        first[1..].copy_from_slice(&high_at[..key_count]);
    } else {
        first.copy_within(0..key_count, 1);
    }
    first[0] = 0;
    (first, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One thread and two give the lists a direct grouping gives, with and without a skipped
    /// index, for columns of every short length and a long random one.
    #[test]
    fn halves_equal_a_direct_grouping() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut columns: Vec<(Vec<u32>, usize)> = (0..40)
            .map(|len| {
                let key_count = 1 + (next() % 7) as usize;
                let keys = (0..len)
                    .map(|_| (next() % key_count as u64) as u32)
                    .collect();
                (keys, key_count)
            })
            .collect();
        columns.push((
            (0..100_000).map(|_| (next() % 5_000) as u32).collect(),
            5_000,
        ));
        for (keys, key_count) in &columns {
            for skip in [None, Some(0), Some(keys.len() as u32 / 2)] {
                let mut direct: Vec<Vec<u32>> = vec![Vec::new(); *key_count];
                for (i, &k) in keys.iter().enumerate() {
                    if Some(i as u32) != skip {
                        direct[k as usize].push(i as u32);
                    }
                }
                for two in [false, true] {
                    let (first, values) = group_by_key(keys, *key_count, skip, two);
                    assert_eq!(first.len(), key_count + 1);
                    for (k, want) in direct.iter().enumerate() {
                        let got = &values[first[k] as usize..first[k + 1] as usize];
                        assert_eq!(got, &want[..], "key {k}, two threads: {two}");
                    }
                }
            }
        }
    }
}
