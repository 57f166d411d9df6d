//! Zero-filled columns whose memory is written when they are made. `vec![0; n]` asks the allocator
//! for zeroed memory; natively a large block is then fresh pages that the kernel maps to its shared
//! zero page on the first read, and the first write after that read is a copy-on-write fault that
//! also stops every other thread of the process to flush its TLB. A column that is read before it
//! is written (counts, flags, DFS numbers: `c[i] += 1`, `if n[i] == 0`) paid that on every page:
//! on `app-server` about 5% of `heapscope summary`'s samples (`perf record`), most of them in the
//! dominators, whose DFS reads each node's number before it sets it. Writing the zeros first costs
//! one ordinary fault a page instead. On wasm, fresh memory is zero and has no such faults.

/// A vector of `len` zeros whose pages are written now (see the module doc).
pub fn zeroed<T: Copy + Default>(len: usize) -> Vec<T> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut v = Vec::with_capacity(len);
        // Opaque to the optimiser, so allocation and fill are not folded back into a calloc.
        v.resize(len, std::hint::black_box(T::default()));
        v
    }
    #[cfg(target_arch = "wasm32")]
    {
        vec![T::default(); len]
    }
}
