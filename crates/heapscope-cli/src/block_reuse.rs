//! The CLI's global allocator: the system allocator, except that a large block given back is kept
//! for the next large request it fits, instead of going back to the kernel at once.
//!
//! The analysis allocates and frees many temporary columns of one node count each (DFS numbers,
//! queues, counts: 41 MB apiece on a 10 M-node snapshot). The system allocator maps each such
//! block fresh and unmaps it on free, so every one costs a page fault per 4 KiB when it is touched:
//! on `big`, 368 K faults and about a second of kernel time. A kept block is already mapped.
//!
//! Kept blocks are bounded (`SLOTS` of them, `KEPT_MAX` bytes in all), and when a large request
//! fits none of them, kept blocks are given back first, largest first, until at least its size is,
//! so memory held for reuse does not stand beside the fresh block that could have been it. A block
//! is reused only for a request of at least 3/4 of its size, with the system allocator's own
//! pointer (it knows the block's real size, so `realloc` and `free` stay right); a zeroed request
//! gets the reused block written with zeros. Measured (`/usr/bin/time`, `summary --json`): on `big`, 368 K → 290–300 K
//! page faults and kernel time 1.0–1.2 → 0.7–0.96 s at the same peak RSS; below 32 MiB nothing is
//! kept, so smaller snapshots run as before.
//!
//! Below that, [`for_the_analysis`] has glibc serve blocks from its heap once the snapshot is
//! parsed, so the analysis' smaller temporaries (5 MB apiece on `tsc`) reuse freed memory too.
//!
//! Transparent huge pages were measured and are not asked for: advising every fresh block of 4 MiB
//! or more `MADV_HUGEPAGE` (and growing heap blocks into advised ones) took app-server's page
//! faults 36 K → 17 K and its parse 104 → 97 ms, but on `big` the parallel phase 887/906 →
//! 1,170/1,212 ms and the wall time 1.81/1.88 → 2.04/2.29 s (min/median of 5 alternated runs; kernel
//! time 0.57 → 1.42 s, 2 MiB pages cleared where few 4 KiB ones were touched), and the strings'
//! arena growth in `dom state` 8.6 → 33 ms.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// Blocks from this size on are kept on free: glibc maps every block this large afresh (its
/// dynamic mmap threshold stops at 32 MiB) and recycles smaller ones itself, which keeping them
/// here would defeat (measured: 8 MiB cost `tsc` 2,700 more faults).
const LARGE: usize = 32 << 20;
/// At most this many blocks, and this many bytes, are kept at once.
const SLOTS: usize = 16;
const KEPT_MAX: usize = 512 << 20;

/// Called once the snapshot is parsed: glibc serves blocks below 16 MiB from its heap and keeps up
/// to 32 MiB free at its top, instead of mapping each block from 128 KiB on afresh until a large one
/// happens to be freed (its dynamic threshold only rises on such a free). The parse is left to the
/// dynamic threshold: from the start, the columns' growth kept 20 MB more resident (`tsc` 201 →
/// 222 MB). Measured (`/usr/bin/time`, `summary`): page faults `tsc` 62 K → 56 K, app-server 44.7 K
/// → 39.4 K, at 4–10 MB more peak RSS (`tsc` 197–201 → 203–211 MB). `diff` parses its second
/// snapshot with these thresholds already set: app-server then `tsc` peaks at 326 MB either way.
pub fn for_the_analysis() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets two of glibc's parameters, under its own lock; nothing else is
    // asked of the allocator's state.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 16 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 32 << 20);
    }
}

pub struct BlockReuse;

/// The kept blocks: (address, usable size); (0, 0) is a free slot. Guarded by `LOCK` (a spin
/// lock: the allocator cannot allocate, and the critical sections are a few compares).
struct Kept(std::cell::UnsafeCell<[(usize, usize); SLOTS]>);
// SAFETY: only touched with `LOCK` held.
unsafe impl Sync for Kept {}
static KEPT: Kept = Kept(std::cell::UnsafeCell::new([(0, 0); SLOTS]));
static LOCK: AtomicBool = AtomicBool::new(false);

fn with_kept<R>(f: impl FnOnce(&mut [(usize, usize); SLOTS]) -> R) -> R {
    while LOCK
        .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        std::hint::spin_loop();
    }
    // SAFETY: the lock is held.
    let r = f(unsafe { &mut *KEPT.0.get() });
    LOCK.store(false, Ordering::Release);
    r
}

/// Takes the smallest kept block that serves `layout`; when none does, moves kept blocks of at
/// least its size into `release` (freed by the caller, outside the lock).
fn take(layout: Layout, release: &mut [(usize, usize); SLOTS]) -> Option<*mut u8> {
    let need = layout.size();
    with_kept(|kept| {
        let best = kept
            .iter()
            .enumerate()
            .filter(|(_, &(addr, size))| {
                addr != 0 && size >= need && need >= size / 4 * 3 && addr % layout.align() == 0
            })
            .min_by_key(|(_, &(_, size))| size)
            .map(|(i, _)| i);
        match best {
            Some(i) => {
                let (addr, _) = std::mem::take(&mut kept[i]);
                Some(addr as *mut u8)
            }
            None => {
                release_kept(kept, need, release);
                None
            }
        }
    })
}

/// Moves kept blocks, largest first, into `release` until at least `need` bytes are there (or
/// none are left): room for a fresh block of that size.
fn release_kept(
    kept: &mut [(usize, usize); SLOTS],
    need: usize,
    release: &mut [(usize, usize); SLOTS],
) {
    let mut freed = 0;
    while freed < need {
        let Some((i, _)) = kept
            .iter()
            .enumerate()
            .filter(|(_, &(addr, _))| addr != 0)
            .max_by_key(|(_, &(_, size))| size)
        else {
            break;
        };
        release[i] = std::mem::take(&mut kept[i]);
        freed += release[i].1;
    }
}

/// Keeps a freed block if there is room; false when the caller must free it.
fn keep(ptr: *mut u8, size: usize) -> bool {
    with_kept(|kept| {
        let kept_bytes: usize = kept.iter().map(|&(_, size)| size).sum();
        if kept_bytes + size > KEPT_MAX {
            return false;
        }
        match kept.iter_mut().find(|(addr, _)| *addr == 0) {
            Some(slot) => {
                *slot = (ptr as usize, size);
                true
            }
            None => false,
        }
    })
}

/// Gives blocks back to the system allocator (which frees by address; the size is only a bound).
fn free_all(blocks: &[(usize, usize); SLOTS]) {
    for &(addr, size) in blocks {
        if addr != 0 {
            // SAFETY: a block this allocator got from `System` with this size and an alignment of
            // at most the page's (checked when it was kept).
            unsafe { System.dealloc(addr as *mut u8, Layout::from_size_align_unchecked(size, 1)) };
        }
    }
}

impl BlockReuse {
    fn large(layout: Layout) -> bool {
        layout.size() >= LARGE && layout.align() <= 4096
    }

    fn reuse(layout: Layout) -> Option<*mut u8> {
        let mut release = [(0, 0); SLOTS];
        let got = take(layout, &mut release);
        free_all(&release);
        got
    }
}

// SAFETY: every block comes from `System` and goes back to it (at once, or after being kept and
// handed out again to a request it is large enough for).
unsafe impl GlobalAlloc for BlockReuse {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Self::large(layout) {
            if let Some(p) = Self::reuse(layout) {
                return p;
            }
        }
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if Self::large(layout) {
            if let Some(p) = Self::reuse(layout) {
                p.write_bytes(0, layout.size());
                return p;
            }
        }
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if Self::large(layout) && keep(ptr, layout.size()) {
            return;
        }
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        System.realloc(ptr, layout, new_size)
    }
}

#[cfg(test)]
mod tests {
    //! The keep's rules, on blocks of sizes nothing else in this test binary asks for (the keep is
    //! the process's; a block another test frees could only be kept beside these, not in place of
    //! them, so the first assertion would fail rather than pass by accident).

    use super::*;

    fn layout(mib: usize) -> Layout {
        Layout::from_size_align(mib << 20, 16).unwrap()
    }

    #[test]
    fn a_freed_large_block_serves_the_next_request_it_fits_and_a_zeroed_one_reads_zeros() {
        unsafe {
            let a = BlockReuse.alloc(layout(64));
            a.write_bytes(0xAB, 64 << 20);
            BlockReuse.dealloc(a, layout(64));
            // 48 MiB is at least 3/4 of 64: the same block, already mapped.
            let b = BlockReuse.alloc_zeroed(layout(48));
            assert_eq!(b, a);
            assert!(std::slice::from_raw_parts(b, 48 << 20)
                .iter()
                .all(|&x| x == 0));
            BlockReuse.dealloc(b, layout(48));
            // 33 MiB is less than 3/4 of 48: a fresh block, and the kept one is given back for it.
            let c = BlockReuse.alloc(layout(33));
            assert_ne!(c, b);
            assert!(with_kept(|kept| kept
                .iter()
                .all(|&(addr, _)| addr != b as usize)));
            BlockReuse.dealloc(c, layout(33));
            // Blocks below 32 MiB are left to the system allocator.
            for small in [Layout::from_size_align(4096, 8).unwrap(), layout(16)] {
                let d = BlockReuse.alloc(small);
                BlockReuse.dealloc(d, small);
                assert!(with_kept(|kept| kept
                    .iter()
                    .all(|&(addr, _)| addr != d as usize)));
            }
        }
    }
}
