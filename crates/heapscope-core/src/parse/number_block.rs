//! The fast path of the number arrays: 64 bytes at a time. V8 writes `nodes` and `edges` as
//! numbers separated by `,`, with `\n,` before each record. For a block of 64 bytes this module
//! finds, as bit masks, which bytes are digits, commas and newlines, checks that the block is such
//! text, and reads every number of it from where the masks say it starts and ends. So no number
//! waits for the previous one to be read to know where it starts (the serial tokenizer's chain of
//! load, length and next load), and the lengths cost no branches.
//!
//! A block is only taken when the serial tokenizer would read it the same way: it starts at a
//! digit where a number may start, holds only digits, `,` and `\n`, every `,` is followed by a
//! digit and preceded by a digit or `\n`, every `\n` sits between a digit and a `,`, no number has
//! more than 16 digits, and it is consumed up to its last `,` before a digit. Anything else (white
//! space other than `\n`, `]`, a syntax error, a long number, the end of a chunk) goes to the
//! serial tokenizer, which then reports errors exactly as before.

/// Bytes a block reads: 64 classified, and up to 8 past a number starting near the end.
pub(super) const BLOCK_READ: usize = 72;
/// The most numbers one block yields (`0,0,0,…`).
pub(super) const BLOCK_MOST: usize = 32;

const ONES: u64 = 0x0101_0101_0101_0101;

/// Whether blocks are read on this target: where a SIMD instruction classifies 16 bytes at once.
/// Classified byte by byte (the tests' reference) or a word at a time (measured in the tab without
/// SIMD: 18% slower than the number-by-number tokenizer), a block costs more than it saves.
pub(super) const ENABLED: bool = cfg!(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
));

/// The masks byte by byte: the reference of the tests, and the classifier of targets where
/// [`ENABLED`] is false (so never called there).
#[cfg_attr(
    any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ),
    allow(dead_code)
)]
fn classify_bytes(block: &[u8; 64]) -> (u64, u64, u64) {
    let mut m = (0u64, 0u64, 0u64);
    for (k, &b) in block.iter().enumerate() {
        m.0 |= (b.is_ascii_digit() as u64) << k;
        m.1 |= ((b == b',') as u64) << k;
        m.2 |= ((b == b'\n') as u64) << k;
    }
    m
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
fn classify(block: &[u8; 64]) -> (u64, u64, u64) {
    classify_bytes(block)
}

/// Digit, comma and newline masks of `block` (bit `k` for byte `k`), with SSE2, which every x86-64
/// processor has.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn classify(block: &[u8; 64]) -> (u64, u64, u64) {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of x86-64; the four unaligned loads read inside `block`.
    unsafe {
        let (mut digits, mut commas, mut newlines) = (0u64, 0u64, 0u64);
        let comma = _mm_set1_epi8(b',' as i8);
        let newline = _mm_set1_epi8(b'\n' as i8);
        // A byte is a digit when byte - '0' (as signed, biased by 0x80) is below 10 - 0x80.
        let bias = _mm_set1_epi8(b'0'.wrapping_add(0x80) as i8);
        let ten = _mm_set1_epi8((10u8.wrapping_add(0x80)) as i8);
        for k in 0..4 {
            let v = _mm_loadu_si128(block.as_ptr().add(16 * k) as *const __m128i);
            let shifted = _mm_sub_epi8(v, bias);
            let d = _mm_cmplt_epi8(shifted, ten);
            digits |= (_mm_movemask_epi8(d) as u16 as u64) << (16 * k);
            commas |= (_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)) as u16 as u64) << (16 * k);
            newlines |= (_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)) as u16 as u64) << (16 * k);
        }
        (digits, commas, newlines)
    }
}

/// The same masks with WebAssembly SIMD (the app's build enables it, `.cargo/config.toml`).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn classify(block: &[u8; 64]) -> (u64, u64, u64) {
    use std::arch::wasm32::*;
    let (mut digits, mut commas, mut newlines) = (0u64, 0u64, 0u64);
    for k in 0..4 {
        // SAFETY: the unaligned 16-byte load reads inside `block`.
        let v = unsafe { v128_load(block.as_ptr().add(16 * k) as *const v128) };
        let d = u8x16_lt(u8x16_sub(v, u8x16_splat(b'0')), u8x16_splat(10));
        digits |= (u8x16_bitmask(d) as u64) << (16 * k);
        commas |= (u8x16_bitmask(u8x16_eq(v, u8x16_splat(b','))) as u64) << (16 * k);
        newlines |= (u8x16_bitmask(u8x16_eq(v, u8x16_splat(b'\n'))) as u64) << (16 * k);
    }
    (digits, commas, newlines)
}

/// The number of `len` (1 to 8) digits that starts the 8 little-endian bytes `w` (also the
/// number-by-number tokenizer's, once it knows the length).
#[inline(always)]
pub(super) fn digits_value(w: u64, len: u32) -> u64 {
    // Digits to the top bytes, most significant lowest; what follows them is shifted out (a
    // borrow of the subtraction only moves upwards, into those bytes).
    let mut v = w.wrapping_sub(ONES * b'0' as u64) << (8 * (8 - len));
    v = (v & 0x0F0F_0F0F_0F0F_0F0F).wrapping_mul(2561) >> 8;
    v = (v & 0x00FF_00FF_00FF_00FF).wrapping_mul(6_553_601) >> 16;
    (v & 0x0000_FFFF_0000_FFFF).wrapping_mul(42_949_672_960_001) >> 32
}

#[inline(always)]
fn word_at(buf: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(buf[at..at + 8].try_into().unwrap())
}

/// Reads the numbers of the block at `buf[i..i + 64]` into `out` when it is text the serial
/// tokenizer reads the same way (see the module doc), `buf[i]` being a digit where a number may
/// start: returns the bytes consumed (through a `,` followed by a digit) and the numbers read, or
/// `None` to leave the block to the serial tokenizer. Needs `i + BLOCK_READ <= buf.len()` and room
/// for [`BLOCK_MOST`] numbers in `out`.
#[inline(always)]
pub(super) fn read_block(buf: &[u8], i: usize, out: &mut [u64]) -> Option<(usize, usize)> {
    let block: &[u8; 64] = buf[i..i + 64].try_into().unwrap();
    let (digits, commas, newlines) = classify(block);
    // The first byte of something else ends what can be taken.
    let other = !(digits | commas | newlines);
    let usable = if other == 0 {
        u64::MAX
    } else {
        (1u64 << other.trailing_zeros()) - 1
    };
    // The last comma followed by a digit, both inside what can be taken.
    let resumable = commas & (digits >> 1) & (usable >> 1);
    if resumable == 0 || digits & 1 == 0 {
        return None;
    }
    let last = 63 - resumable.leading_zeros();
    let taken = if last == 63 {
        u64::MAX
    } else {
        (1u64 << (last + 1)) - 1
    };
    let (d, c, l) = (digits & taken, commas & taken, newlines & taken);
    // Each comma: followed by a digit, preceded by a digit or a newline. Each newline: preceded by
    // a digit, followed by a comma. (`<< 1` moves a byte's bit onto the next byte.)
    if (c << 1) & !(digits) & taken != 0
        || c & !((d | l) << 1) != 0
        || l & !(d << 1) != 0
        || (l << 1) & !c & taken != 0
    {
        return None;
    }
    let mut starts = d & !(d << 1);
    let mut ends = d & !(d >> 1);
    let mut n = 0;
    while starts != 0 {
        let s = starts.trailing_zeros();
        let e = ends.trailing_zeros();
        let len = e - s + 1;
        let at = i + s as usize;
        let v = if len <= 8 {
            digits_value(word_at(buf, at), len)
        } else if len <= 16 {
            let high = digits_value(word_at(buf, at), len - 8);
            high * 100_000_000 + digits_value(word_at(buf, at + (len - 8) as usize), 8)
        } else {
            return None;
        };
        out[n] = v;
        n += 1;
        starts &= starts - 1;
        ends &= ends - 1;
    }
    Some((last as usize + 1, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes that make the masks' corner cases likely.
    fn byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            b'0'..=b'9',
            Just(b','),
            Just(b'\n'),
            Just(b'/'),
            Just(b':'),
            Just(b'0' | 0x80),
            Just(b',' | 0x80),
            Just(b'\n' | 0x80),
            any::<u8>(),
        ]
    }

    proptest! {
        #[test]
        fn the_simd_classifier_equals_the_byte_by_byte_masks(bytes in prop::collection::vec(byte(), 64)) {
            let block: [u8; 64] = bytes.try_into().unwrap();
            prop_assert_eq!(classify(&block), classify_bytes(&block));
        }
    }

    #[test]
    fn reads_v8_records_up_to_the_last_comma_before_a_digit() {
        let text: &[u8] =
            b"9,1,1,0,10,0,0\n,9,2,3,0,25,0,0\n,12345678901,4294967295,7,1\n,8,99999999\n,1234,5]";
        let mut buf = text.to_vec();
        buf.resize(text.len() + BLOCK_READ, b' ');
        let mut out = [0u64; BLOCK_MOST];
        let (mut i, mut read) = (0, Vec::new());
        while let Some((used, n)) = read_block(&buf, i, &mut out) {
            assert!(used <= 64);
            assert_eq!(buf[i + used - 1], b',');
            assert!(buf[i + used].is_ascii_digit());
            read.extend_from_slice(&out[..n]);
            i += used;
        }
        // Two blocks, then `5]` is the serial tokenizer's.
        assert_eq!(&buf[i..i + 2], b"5]");
        let expected: Vec<u64> = std::str::from_utf8(&text[..i - 1])
            .unwrap()
            .split([',', '\n'])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(read, expected);
    }

    #[test]
    fn leaves_what_the_serial_tokenizer_must_judge() {
        // Nothing before the odd byte ends with a comma and a digit, so nothing is taken.
        let refused: [&[u8]; 6] = [
            b",1,2,3",              // not at a digit
            b"1,,2,3,4",            // empty value
            b"1\n\n,2,3",           // more white space than V8 writes
            b"1,\n2,3",             // newline after a comma
            b"1 ,2,3",              // a space
            b"12345678901234567,1", // more than 16 digits
        ];
        let block = |text: &[u8], out: &mut [u64; BLOCK_MOST]| {
            let mut buf = text.to_vec();
            buf.resize(BLOCK_READ, b']');
            read_block(&buf, 0, out)
        };
        let mut out = [0u64; BLOCK_MOST];
        for case in refused {
            assert_eq!(
                block(case, &mut out),
                None,
                "{:?}",
                String::from_utf8_lossy(case)
            );
        }
        // The array ends: `1,2,` are taken, `3]` is the serial tokenizer's.
        assert_eq!(block(b"1,2,3]", &mut out), Some((4, 2)));
        assert_eq!(&out[..2], &[1, 2]);
    }

    /// Tokenizes all of `text` (one buffer, so blocks are taken; or a byte at a time, so they
    /// never are): the numbers, and where and which failure stopped it.
    fn tokenize(text: &[u8], whole: bool) -> (Vec<u64>, Option<(usize, u8)>, bool) {
        use crate::parse::reader::{tokenize_batch, NumState, BATCH};
        let mut state = NumState {
            stage: 0,
            cur: 0,
            digits: 0,
        };
        let mut vals = [0u64; BATCH];
        let mut out = Vec::new();
        let step = if whole { text.len() } else { 1 };
        let mut start = 0;
        while start < text.len() {
            let end = (start + step).min(text.len());
            let piece = &text[start..end];
            let mut i = 0;
            while i < piece.len() {
                let b = tokenize_batch(piece, i, &mut state, &mut vals);
                out.extend_from_slice(&vals[..b.n]);
                if let Some((at, what)) = b.failure {
                    return (out, Some((start + at, what)), false);
                }
                if b.closed {
                    return (out, None, true);
                }
                i = b.i;
            }
            start = end;
        }
        (out, None, false)
    }

    /// V8-like number text with now and then something V8 does not write.
    fn number_text() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            8 => (0u64..100).prop_map(|v| format!("{v},").into_bytes()),
            4 => (0u64..10_000_000).prop_map(|v| format!("{v},").into_bytes()),
            2 => any::<u64>().prop_map(|v| format!("{v}\n,").into_bytes()),
            1 => (0u64..1000).prop_map(|v| format!("{v}").into_bytes()),
            1 => prop::sample::select(vec![
                &b","[..], b"\n", b" ", b"]", b"-1,", b"00,", b"1\n\n,", b"99999999999999999999,",
                b"\r\n,", b"x",
            ])
            .prop_map(|s| s.to_vec()),
        ];
        prop::collection::vec(piece, 0..120).prop_map(|pieces| {
            let mut t = pieces.concat();
            t.push(b']');
            t
        })
    }

    proptest! {
        #[test]
        fn blocks_read_exactly_what_the_byte_at_a_time_tokenizer_reads(text in number_text()) {
            prop_assert_eq!(tokenize(&text, true), tokenize(&text, false));
        }
    }
}
