//! A hint that a cache line will be read soon: a breadth-first walk knows the next nodes it reads
//! (they are queued), so it asks for their edges while it reads the current ones and the misses
//! overlap. Advice only, no effect on any value; nothing where the target has no such instruction
//! (wasm).

/// Asks for the cache line holding `*p` (any address: a prefetch never faults).
#[inline(always)]
pub fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing into the program and cannot fault, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const i8)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
