//! Reading a snapshot file from disk in large chunks into the core's streaming parser, then running
//! the analysis, with a progress bar on stderr when it is a terminal.

use crate::progress_bar::ProgressBar;
use heapscope_core::{Analysis, SnapshotParser};
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

const CHUNK: usize = 4 << 20;

pub struct Loaded {
    pub analysis: Analysis,
    pub parse_ms: f64,
}

pub fn load_and_analyse(path: &Path) -> Result<Loaded, String> {
    let mut file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(size);
    let mut parser = SnapshotParser::new();
    {
        let bar = bar.clone();
        parser.set_progress(Box::new(move |p| bar.update(p.bytes, p.phase.label())));
    }
    let started = Instant::now();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read: {e}")),
        };
        parser.feed(&buf[..n]).map_err(|e| {
            bar.clear();
            e.to_string()
        })?;
    }
    drop(buf);
    let snapshot = parser.finish().map_err(|e| {
        bar.clear();
        e.to_string()
    })?;
    let parse_ms = started.elapsed().as_secs_f64() * 1000.0;
    let analysis = Analysis::new(snapshot, &mut |phase| bar.update(size, phase.label()));
    bar.clear();
    Ok(Loaded { analysis, parse_ms })
}
