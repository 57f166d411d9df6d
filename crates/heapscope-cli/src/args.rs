//! Command-line arguments: `heapscope summary FILE [--top N] [--json]`, `--help`, `--version`.

use std::path::PathBuf;

pub const USAGE: &str = "usage: heapscope summary FILE [--top N] [--json]

  FILE      a .heapsnapshot (from v8.writeHeapSnapshot(), node --heapsnapshot-signal or DevTools),
            optionally gzip-compressed (.heapsnapshot.gz)
  --top N   how many of the largest objects and classes to list (default 20)
  --json    print one JSON object (nodes, edges, total_size, statistics, by_type, top_retained,
            classes, detached) instead of tables";

#[derive(Debug, PartialEq)]
pub struct SummaryArgs {
    pub file: PathBuf,
    pub top: usize,
    pub json: bool,
}

#[derive(Debug, PartialEq)]
pub enum Command {
    Summary(SummaryArgs),
    Help,
    Version,
}

pub fn parse(args: Vec<String>) -> Result<Command, String> {
    let mut it = args.into_iter();
    let Some(command) = it.next() else {
        return Ok(Command::Help);
    };
    match command.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help),
        "-V" | "--version" => return Ok(Command::Version),
        "summary" => {}
        other => return Err(format!("unknown command '{other}'")),
    }
    let (mut file, mut top, mut json) = (None, 20usize, false);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--top" => {
                let v = it.next().ok_or("--top needs a number")?;
                top = v
                    .parse()
                    .map_err(|_| format!("--top needs a number, not '{v}'"))?;
            }
            "-h" | "--help" => return Ok(Command::Help),
            s if s.starts_with("--top=") => {
                top = s[6..]
                    .parse()
                    .map_err(|_| format!("--top needs a number, not '{}'", &s[6..]))?;
            }
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option '{s}'")),
            s => {
                if file.replace(PathBuf::from(s)).is_some() {
                    return Err("summary takes one FILE".to_owned());
                }
            }
        }
    }
    let file = file.ok_or("summary needs a FILE")?;
    Ok(Command::Summary(SummaryArgs { file, top, json }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn parses_summary_options() {
        assert_eq!(
            parse(v(&["summary", "a.heapsnapshot", "--top", "5", "--json"])).unwrap(),
            Command::Summary(SummaryArgs {
                file: "a.heapsnapshot".into(),
                top: 5,
                json: true
            })
        );
        assert!(parse(v(&["summary"])).is_err());
        assert!(parse(v(&["summary", "a", "--top", "x"])).is_err());
        assert!(parse(v(&["frobnicate"])).is_err());
    }
}
