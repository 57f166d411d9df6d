//! Helpers shared by the integration tests: locating the committed fixtures, loading them in chunks.
#![allow(dead_code)]

use heapscope_core::{Analysis, HeapSnapshot, ParseError, SnapshotParser};
use std::path::PathBuf;

/// `tests/fixtures` at the workspace root.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(format!("{name}.heapsnapshot.gz"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The decompressed JSON text of a fixture.
pub fn fixture_json(name: &str) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&fixture_bytes(name)[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

pub fn parse_chunked(bytes: &[u8], chunk: usize) -> Result<HeapSnapshot, ParseError> {
    let mut p = SnapshotParser::new();
    for c in bytes.chunks(chunk) {
        p.feed(c)?;
    }
    p.finish()
}

pub fn analyse(bytes: &[u8]) -> Analysis {
    Analysis::new(
        parse_chunked(bytes, 1 << 20).expect("fixture parses"),
        &mut |_| {},
    )
}

pub fn reference(name: &str) -> serde_json::Value {
    let path = fixtures_dir().join(format!("{name}.ref.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}
