//! libFuzzer target: the input's first two bytes choose how the rest is cut into chunks; the rest
//! is the file. The property is in `../oracle.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (seed, bytes) = data.split_at(2);
    let mut x = u16::from_le_bytes([seed[0], seed[1]]) as usize | 1;
    let mut cuts = Vec::new();
    let mut at = 0;
    while at < bytes.len() && cuts.len() < 64 {
        x = x.wrapping_mul(1103515245).wrapping_add(12345);
        at += 1 + (x >> 8) % 97;
        cuts.push(at);
    }
    oracle::check(bytes, &cuts);
});
