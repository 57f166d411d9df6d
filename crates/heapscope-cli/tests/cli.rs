//! The `heapscope` binary end to end: the JSON keys other tools rely on, figures equal to DevTools'
//! for a committed snapshot (gzip and plain), readable tables, and clear failures on bad files.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

fn heapscope(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .args(args)
        .output()
        .expect("runs")
}

fn summary_json(path: &str) -> Value {
    summary_json_with(path, &[])
}

/// `summary --json` with the environment variables `env` set.
fn summary_json_with(path: &str, env: &[(&str, &str)]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .args(["summary", path, "--json", "--top", "20"])
        .envs(env.iter().copied())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

#[test]
fn json_summary_has_the_documented_keys_and_devtools_figures() {
    let path = fixture("tiny.heapsnapshot.gz");
    let got = summary_json(path.to_str().unwrap());
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("tiny.ref.json")).unwrap()).unwrap();
    let dt = &want["devtools"];
    assert_eq!(got["nodes"], dt["node_count"]);
    assert_eq!(got["edges"], dt["edge_count"]);
    assert_eq!(got["total_size"], dt["devtools_totalSize"]);
    for key in [
        "total",
        "code",
        "strings",
        "js_arrays",
        "typed_arrays",
        "system",
        "other_js",
        "other_native",
    ] {
        assert!(got["statistics"][key].is_u64(), "statistics.{key}");
    }
    assert_eq!(
        got["statistics"]["strings"],
        dt["statistics"]["v8heap"]["strings"]
    );
    assert_eq!(
        got["by_type"]["closure"]["count"],
        want["raw_by_type"]["closure"]["count"]
    );
    let top = got["top_retained"].as_array().unwrap();
    assert_eq!(top.len(), 20);
    for (ours, theirs) in top.iter().zip(dt["top_retained"].as_array().unwrap()) {
        for key in [
            "id",
            "name",
            "type",
            "self_size",
            "retained_size",
            "distance",
        ] {
            assert!(!ours[key].is_null(), "top_retained[].{key}");
        }
        assert_eq!(ours["retained_size"], theirs["retained_size"]);
    }
    let classes = got["classes"].as_array().unwrap();
    assert_eq!(
        classes[0]["name"],
        dt["classes_by_retained_size"][0]["name"]
    );
    for key in ["name", "count", "shallow_size", "retained_size", "distance"] {
        assert!(!classes[0][key].is_null(), "classes[].{key}");
    }
    assert_eq!(got["detached"]["count"], dt["detached"]["count"]);
    assert!(got["detached"]["shallow_size"].is_u64());
}

/// A plain file is mapped into memory, a gzip'd one read and inflated by a thread, and a plain one
/// read too when `HEAPSCOPE_NO_MMAP` is set: the three give one summary.
#[test]
fn plain_and_gzip_input_give_the_same_summary() {
    let gz = fixture("chromium-detached.heapsnapshot.gz");
    let plain = std::env::temp_dir().join(format!(
        "heapscope-cli-test-{}.heapsnapshot",
        std::process::id()
    ));
    let mut text = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(&gz).unwrap()),
        &mut text,
    )
    .unwrap();
    std::fs::write(&plain, text).unwrap();
    let mut a = summary_json(gz.to_str().unwrap());
    let mut b = summary_json(plain.to_str().unwrap());
    let mut c = summary_json_with(plain.to_str().unwrap(), &[("HEAPSCOPE_NO_MMAP", "1")]);
    std::fs::remove_file(&plain).ok();
    for s in [&mut a, &mut b, &mut c] {
        s.as_object_mut().unwrap().remove("timings_ms");
    }
    assert_eq!(a["nodes"], 50_917, "the fixture's node count");
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn table_output_names_the_largest_class() {
    let out = heapscope(&[
        "summary",
        fixture("leak-after.heapsnapshot.gz").to_str().unwrap(),
        "--top",
        "5",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Statistics") && text.contains("Largest objects") && text.contains("Classes"),
        "{text}"
    );
    assert!(text.contains("Session"), "{text}");
}

/// The bad-input corpus (`tests/bad-input/cases.json`, one file per class, made by its `make.py`).
fn bad_input_cases() -> Vec<(PathBuf, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-input");
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
    cases
        .into_iter()
        .map(|c| {
            let path = match c["header"].as_str() {
                // Extended to its size with zero bytes here: sparse, so it costs no disk.
                Some(header) => {
                    let path = std::env::temp_dir().join(format!(
                        "heapscope-{}-{}",
                        std::process::id(),
                        c["file"].as_str().unwrap()
                    ));
                    std::fs::copy(dir.join(header), &path).unwrap();
                    let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
                    f.set_len(c["size"].as_u64().unwrap()).unwrap();
                    path
                }
                None => dir.join(c["file"].as_str().unwrap()),
            };
            (path, c)
        })
        .collect()
}

#[test]
fn every_class_of_bad_input_is_one_line_on_stderr_and_status_2() {
    let cases = bad_input_cases();
    assert!(cases.len() >= 30);
    // Each file both mapped into memory and read (`HEAPSCOPE_NO_MMAP`): one message.
    for ((path, c), read) in cases.iter().flat_map(|case| [(case, false), (case, true)]) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_heapscope"));
        command
            .args(["summary", path.to_str().unwrap()])
            .env("RUST_BACKTRACE", "1");
        if read {
            command.env("HEAPSCOPE_NO_MMAP", "1");
        }
        let out = command.output().unwrap();
        let what = c["what"].as_str().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(out.stdout.is_empty(), "{what}: nothing on stdout");
        assert_eq!(err.lines().count(), 1, "{what}: one line: {err}");
        assert!(err.starts_with("heapscope: "), "{what}: {err}");
        let want = c
            .get("cli_message")
            .unwrap_or(&c["message"])
            .as_str()
            .unwrap();
        assert!(err.contains(want), "{what}: expected {want:?} in {err}");
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{what}: {err}"
        );
    }
    for (path, c) in &cases {
        if c["header"].is_string() {
            std::fs::remove_file(path).ok();
        }
    }
    let out = heapscope(&["summary", "/nonexistent/file.heapsnapshot"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open"));
}

#[test]
fn counts_the_header_gets_wrong_are_one_warning_line_and_the_summary_still_prints() {
    let out = heapscope(&[
        "summary",
        fixture("hermes.heapsnapshot.gz").to_str().unwrap(),
        "--json",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("heapscope: warning: "), "{err}");
    assert!(err.contains("node_count 0 (the arrays hold 3000)"), "{err}");
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["nodes"], 3000);
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    for args in [
        &["summary"][..],
        &["bogus"],
        &["summary", "a", "--top", "x"],
        &[],
    ] {
        let out = heapscope(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("heapscope: "), "{args:?}: {err}");
    }
    assert!(heapscope(&["--help"]).status.success());
}

#[test]
fn report_json_and_markdown_name_the_session_cache() {
    let file = fixture("leak-after.heapsnapshot.gz");
    let out = heapscope(&[
        "report",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--top",
        "5",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["leak_suspects"][0]["retainer_path"][1]["edge"],
        "sessionCache"
    );
    assert_eq!(v["leak_suspects"][0]["accumulates"]["count"], 21_000);
    assert_eq!(
        v["largest_objects"]["by_retained_size"]
            .as_array()
            .unwrap()
            .len(),
        5
    );

    let md_path = std::env::temp_dir().join(format!("heapscope-report-{}.md", std::process::id()));
    let out = heapscope(&[
        "report",
        file.to_str().unwrap(),
        "-o",
        md_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "-o writes the file, not stdout");
    let md = std::fs::read_to_string(&md_path).unwrap();
    std::fs::remove_file(&md_path).ok();
    assert!(
        md.starts_with("# Heap analysis: leak\\-after\\.heapsnapshot\\.gz"),
        "{}",
        &md[..80]
    );
    for heading in [
        "## 1. Overview",
        "## 2. Largest objects",
        "## 3. Strings",
        "## 9. Leak suspects",
        "## 10. Recommendations",
    ] {
        assert!(md.contains(heading), "{heading}");
    }
    assert!(md.contains("global → sessionCache"));
}

#[test]
fn report_budgets_exit_1_when_breached_and_2_when_malformed() {
    let file = fixture("leak-after.heapsnapshot.gz");
    let f = file.to_str().unwrap();
    let ok = heapscope(&[
        "report",
        f,
        "--format",
        "json",
        "--fail-on",
        "total>100MB",
        "class:Session.count>30000",
    ]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let err = String::from_utf8_lossy(&ok.stderr);
    assert!(err.contains("budget total>100MB: 29.3 MB (ok)"), "{err}");
    assert!(
        err.contains("budget class:Session.count>30000: 21,000 (ok)"),
        "{err}"
    );

    let breached = heapscope(&[
        "report",
        f,
        "--format",
        "json",
        "--fail-on",
        "class:Session.count>10000",
        "suspect>50%",
    ]);
    assert_eq!(breached.status.code(), Some(1));
    let err = String::from_utf8_lossy(&breached.stderr);
    assert!(
        err.contains("class:Session.count>10000: 21,000 (BREACHED)"),
        "{err}"
    );
    assert!(err.contains("suspect>50%: 78.7 % (BREACHED)"), "{err}");

    let bad = heapscope(&["report", f, "--fail-on", "total>lots"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("not a number"), "{err}");
}

#[test]
fn report_groups_file_adds_groups_and_bad_groups_fail_clearly() {
    let dir = std::env::temp_dir();
    let groups = dir.join(format!("heapscope-groups-{}.json", std::process::id()));
    std::fs::write(&groups, r#"[{"name": "Sessions", "pattern": "^Session$"}]"#).unwrap();
    let file = fixture("leak-after.heapsnapshot.gz");
    let out = heapscope(&[
        "report",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--no-presets",
        "--groups",
        groups.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let g = &v["groups"];
    assert_eq!(g.as_array().unwrap().len(), 1);
    assert_eq!(g[0]["name"], "Sessions");
    assert_eq!(g[0]["count"], 21_000);
    std::fs::write(&groups, r#"[{"name": "Broken", "pattern": "(unclosed"}]"#).unwrap();
    let out = heapscope(&[
        "report",
        file.to_str().unwrap(),
        "--groups",
        groups.to_str().unwrap(),
    ]);
    std::fs::remove_file(&groups).ok();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("group 'Broken': bad pattern"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}
