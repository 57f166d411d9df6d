//! The fuzz property on stable Rust, with proptest: real files (the producer fixtures, plain and
//! gzip, and the bad-input corpus) mutated (bytes flipped, inserted, deleted, numbers blown up,
//! cut short) and split into chunks at arbitrary points. Whatever comes in, the parser does not
//! panic, the split parse equals the whole one, and what parses is analysed and queried
//! (`fuzz/oracle.rs`). 64 cases here; `scripts/fuzz.sh SECONDS` runs it for as long as asked (or the
//! cargo-fuzz target on nightly).

#[path = "../../../fuzz/oracle.rs"]
mod oracle;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::PathBuf;
use std::sync::OnceLock;

fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests");
        let mut out = Vec::new();
        for name in ["v8-2017", "v8-2014", "hermes", "julia"] {
            let gz = std::fs::read(root.join(format!("fixtures/{name}.heapsnapshot.gz"))).unwrap();
            let mut plain = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain)
                .unwrap();
            out.push(plain);
            out.push(gz);
        }
        let mut bad: Vec<_> = std::fs::read_dir(root.join("bad-input"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e != "py" && e != "header"))
            .collect();
        bad.sort();
        for p in bad {
            out.push(std::fs::read(p).unwrap());
        }
        out
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    /// A number made enormous (digits appended where a digit is).
    BigNumber(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let bytes = prop_oneof![
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b",".to_vec()),
        Just(b"\\u".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"-1".to_vec()),
        Just(b"99999999999999999999".to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::Flip(p, b)),
        (any::<usize>(), bytes).prop_map(|(p, b)| Mutation::Insert(p, b)),
        (any::<usize>(), 1usize..64).prop_map(|(p, n)| Mutation::Delete(p, n)),
        any::<usize>().prop_map(Mutation::BigNumber),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let at = |p: usize| p % bytes.len();
    match m {
        Mutation::Flip(p, b) => {
            let i = at(*p);
            bytes[i] = *b;
        }
        Mutation::Insert(p, b) => {
            let i = at(*p);
            bytes.splice(i..i, b.iter().copied());
        }
        Mutation::Delete(p, n) => {
            let i = at(*p);
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::BigNumber(p) => {
            let start = at(*p);
            if let Some(i) = bytes[start..].iter().position(u8::is_ascii_digit) {
                let i = start + i;
                bytes.splice(i..i, b"4294967296000".iter().copied());
            }
        }
        Mutation::Truncate(p) => {
            let i = at(*p);
            bytes.truncate(i);
        }
    }
}

fn case() -> impl Strategy<Value = (usize, Vec<Mutation>, Vec<usize>)> {
    (
        any::<usize>(),
        proptest::collection::vec(mutation(), 0..4),
        proptest::collection::vec(any::<usize>(), 0..40),
    )
}

fn run_case((seed, mutations, cuts): (usize, Vec<Mutation>, Vec<usize>)) {
    let mut bytes = seeds()[seed % seeds().len()].clone();
    for m in &mutations {
        apply(&mut bytes, m);
    }
    let len = bytes.len().max(1);
    let cuts: Vec<usize> = cuts.iter().map(|c| c % len).collect();
    oracle::check(&bytes, &cuts);
}

proptest! {
    #![proptest_config(Config { cases: 64, failure_persistence: None, ..Config::default() })]

    #[test]
    fn mutated_real_files_split_anywhere_never_panic_and_parse_the_same_whole_or_split(c in case()) {
        run_case(c);
    }
}

/// `FUZZ_SECONDS=N cargo test --release --test fuzz_properties -- --ignored --nocapture`: the same
/// property for N seconds; prints how many inputs ran.
#[test]
#[ignore]
fn fuzz_for_a_while() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let executions = std::sync::atomic::AtomicU64::new(0);
    let mut batch = 0u64;
    while std::time::Instant::now() < deadline {
        // A runner stops after its cases: a new one per batch, seeded by the batch number (a failure
        // prints its minimal input; rerun with the same batch to reproduce).
        batch += 1;
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&batch.to_le_bytes());
        let config = Config {
            cases: 200,
            failure_persistence: None,
            ..Config::default()
        };
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed);
        TestRunner::new_with_rng(config, rng)
            .run(&case(), |c| {
                executions.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                run_case(c);
                Ok(())
            })
            .unwrap();
    }
    println!(
        "fuzz: {} executions in {seconds} s (proptest, stable)",
        executions.into_inner()
    );
}
