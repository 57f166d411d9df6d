//! Division of an edge's `to_node` (a field index) by the node field count without a divide
//! instruction: the field count is fixed for the whole file, and a `to_node` must be an exact
//! multiple of it, so a multiplication by the inverse of its odd part both divides and tests
//! divisibility (Granlund and Montgomery, "Division by invariant integers using multiplication",
//! section 9). A 64-bit `div` per edge was about 5% of the parse (`perf annotate` on app-server).

/// A divisor fixed in advance, for quotients that must come out whole.
#[derive(Clone, Copy, Debug)]
pub(super) struct ExactDivisor {
    /// The power of two in the divisor.
    shift: u32,
    /// The inverse of the divisor's odd part modulo 2^64.
    inverse: u64,
    /// The largest quotient by the odd part: any product above it was not a multiple.
    most: u64,
}

impl ExactDivisor {
    /// `d` must not be 0 (a header without node fields is refused before columns are made).
    pub(super) fn new(d: u64) -> Self {
        assert!(d != 0, "a divisor of 0");
        let shift = d.trailing_zeros();
        let odd = d >> shift;
        // Newton's iteration doubles the correct low bits each time: 3 (odd * odd = 1 mod 8) ->
        // 6 -> 12 -> 24 -> 48 -> 96.
        let mut inverse = odd;
        for _ in 0..5 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(inverse)));
        }
        ExactDivisor {
            shift,
            inverse,
            most: u64::MAX / odd,
        }
    }

    /// `x / d`, and whether `d` divides `x` (the quotient means nothing when it does not): the
    /// test without a branch, for checking many values at once.
    #[inline(always)]
    pub(super) fn quotient(self, x: u64) -> (u64, bool) {
        let q = (x >> self.shift).wrapping_mul(self.inverse);
        (q, (x & ((1u64 << self.shift) - 1) == 0) & (q <= self.most))
    }

    /// `x / d` when `d` divides `x`, else `None`.
    #[inline(always)]
    pub(super) fn divide(self, x: u64) -> Option<u64> {
        if x & ((1u64 << self.shift) - 1) != 0 {
            return None;
        }
        let q = (x >> self.shift).wrapping_mul(self.inverse);
        (q <= self.most).then_some(q)
    }
}

#[cfg(test)]
mod tests {
    use super::ExactDivisor;
    use proptest::prelude::*;

    fn check(d: u64, x: u64) {
        let expected = x.is_multiple_of(d).then(|| x / d);
        let div = ExactDivisor::new(d);
        assert_eq!(div.divide(x), expected, "{x} / {d}");
        let (q, exact) = div.quotient(x);
        assert_eq!(exact.then_some(q), expected, "{x} / {d}, branch-free");
    }

    #[test]
    fn divides_multiples_and_refuses_the_rest_near_every_field_count() {
        for d in 1..=64u64 {
            for x in (0..2000u64).chain(u64::MAX - 2000..=u64::MAX) {
                check(d, x);
            }
        }
    }

    proptest! {
        #[test]
        fn equals_the_divide_instruction(d in 1u64..=u64::MAX, x: u64, small in 1u64..16) {
            check(d, x);
            check(small, x);
            check(small, x / small * small);
        }
    }
}
