//! A fixed-size bit vector: one bit per node or edge (essential edges, page-owned nodes, visited sets).

/// A vector of `len` bits, all clear at start.
#[derive(Clone, Debug, Default)]
pub struct BitVec {
    words: Vec<u64>,
}

impl BitVec {
    pub fn new(len: usize) -> Self {
        BitVec {
            words: super::zeroed::zeroed(len.div_ceil(64)),
        }
    }

    #[inline]
    pub fn get(&self, i: usize) -> bool {
        (self.words[i >> 6] >> (i & 63)) & 1 != 0
    }

    #[inline]
    pub fn set(&mut self, i: usize) {
        self.words[i >> 6] |= 1 << (i & 63);
    }

    /// Sets the bits `other` has set (of the same length).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn or(&mut self, other: &BitVec) {
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w |= o;
        }
    }
}
