//! The command line's grammar, declared with `clap` (derive): one struct per subcommand, each with
//! its own `--help`. Parsing errors are turned into one line on stderr and exit status 2 by
//! [`parse`]; nothing here reads files.

use crate::commands::allocations::AllocationsArgs;
use crate::commands::diff::DiffArgs;
use crate::commands::leaks::LeaksArgs;
use crate::commands::profile::ProfileArgs;
use crate::commands::report::ReportArgs;
use crate::commands::summary::SummaryArgs;
use clap::{Parser, Subcommand};

/// Finds out what fills a V8 heap and what leaks, from `.heapsnapshot` files (optionally gzip'd).
#[derive(Debug, Parser)]
#[command(name = "heapscope", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// One variant a subcommand; each subcommand's arguments and code live in `commands/<name>.rs`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Totals, DevTools' statistics, the largest objects and the classes of one snapshot.
    Summary(SummaryArgs),
    /// DevTools' Comparison of two snapshots (what is new, deleted, grown) and the owners that grew.
    Diff(DiffArgs),
    /// Three-snapshot leak detection: allocated between baseline and target, still alive in final.
    Leaks(LeaksArgs),
    /// Live objects by allocating function and by time, from an allocation-tracking snapshot.
    Allocations(AllocationsArgs),
    /// CPU time per function from a .cpuprofile, beside its objects in a heap snapshot.
    Profile(ProfileArgs),
    /// The analysis report: what fills the heap and why (overview, largest objects with their
    /// paths, strings, code, shapes, closures, detached objects, groups, leak suspects,
    /// recommendations), as Markdown or JSON, with optional memory budgets for CI.
    Report(ReportArgs),
}

/// What the arguments ask for: a command to run, or text to print and an exit status.
pub enum Parsed {
    Run(Command),
    /// `--help` / `--version` (status 0) or a usage error (status 2, one line).
    Exit {
        text: String,
        to_stderr: bool,
        status: u8,
    },
}

/// Parses the process arguments. A usage error becomes one line naming the problem and pointing at
/// `--help`, never clap's multi-line report.
pub fn parse<I, T>(args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::error::ErrorKind;
    match Cli::try_parse_from(args) {
        Ok(cli) => Parsed::Run(cli.command),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Parsed::Exit {
                text: e.render().to_string(),
                to_stderr: false,
                status: 0,
            },
            _ => Parsed::Exit {
                text: format!("heapscope: {} (see heapscope --help)", first_line(&e)),
                to_stderr: true,
                status: 2,
            },
        },
    }
}

/// clap's error as one line: its first line without the `error: ` prefix, joined with the next
/// one when the first ends in a colon (`required arguments were not provided: <FILE>`).
fn first_line(e: &clap::Error) -> String {
    use clap::error::ErrorKind;
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let commands: Vec<String> = <Cli as clap::CommandFactory>::command()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        return format!("a command is needed: {}", commands.join(", "));
    }
    let text = e.render().to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match (first.ends_with(':'), lines.next()) {
        (true, Some(next)) if !next.starts_with("Usage:") => format!("{first} {next}"),
        _ => first.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::allocations::AllocationsArgs;
    use crate::commands::diff::DiffArgs;
    use crate::commands::leaks::LeaksArgs;
    use crate::commands::profile::ProfileArgs;
    use crate::commands::summary::SummaryArgs;
    use std::path::PathBuf;

    fn run(args: &[&str]) -> Option<Command> {
        match parse(std::iter::once("heapscope").chain(args.iter().copied())) {
            Parsed::Run(c) => Some(c),
            Parsed::Exit { .. } => None,
        }
    }

    fn exit(args: &[&str]) -> (String, u8) {
        match parse(std::iter::once("heapscope").chain(args.iter().copied())) {
            Parsed::Exit { text, status, .. } => (text, status),
            Parsed::Run(c) => panic!("expected an exit, got {c:?}"),
        }
    }

    #[test]
    fn parses_summary_options() {
        let Some(Command::Summary(a)) = run(&["summary", "a.heapsnapshot", "--top", "5", "--json"])
        else {
            panic!("summary")
        };
        assert_eq!(
            a,
            SummaryArgs {
                file: "a.heapsnapshot".into(),
                top: 5,
                json: true
            }
        );
    }

    #[test]
    fn parses_the_comparison_commands() {
        let Some(Command::Diff(d)) = run(&["diff", "a", "b", "--json"]) else {
            panic!("diff")
        };
        assert_eq!(
            d,
            DiffArgs {
                base: "a".into(),
                target: "b".into(),
                top: 20,
                json: true
            }
        );
        let Some(Command::Leaks(l)) = run(&["leaks", "a", "b", "c", "--top", "3"]) else {
            panic!("leaks")
        };
        assert_eq!(
            l,
            LeaksArgs {
                baseline: "a".into(),
                target: "b".into(),
                r#final: "c".into(),
                top: 3,
                json: false
            }
        );
        let Some(Command::Allocations(a)) = run(&["allocations", "t.heaptimeline"]) else {
            panic!("allocations")
        };
        assert_eq!(
            a,
            AllocationsArgs {
                file: PathBuf::from("t.heaptimeline"),
                top: 20,
                json: false
            }
        );
        let Some(Command::Profile(p)) = run(&["profile", "p.cpuprofile", "--heap", "h", "--json"])
        else {
            panic!("profile")
        };
        assert_eq!(
            p,
            ProfileArgs {
                profile: "p.cpuprofile".into(),
                heap: Some("h".into()),
                top: 20,
                json: true
            }
        );
        let (text, status) = exit(&["leaks", "a", "b"]);
        assert_eq!(status, 2);
        assert!(text.contains("FINAL"), "{text}");
    }

    #[test]
    fn usage_errors_are_one_line_with_status_2() {
        for args in [
            &["summary"][..],
            &["summary", "a", "--top", "x"],
            &["frobnicate"],
            &["summary", "a", "--bogus"],
            &[],
        ] {
            let (text, status) = exit(args);
            assert_eq!(status, 2, "{args:?}");
            assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
            assert!(text.starts_with("heapscope: "), "{text}");
            assert!(!text.contains(": (see"), "names what is missing: {text}");
        }
    }

    #[test]
    fn help_is_per_command_and_exits_0() {
        let (text, status) = exit(&["summary", "--help"]);
        assert_eq!(status, 0);
        assert!(text.contains("--top"), "{text}");
        let (text, status) = exit(&["--version"]);
        assert_eq!(status, 0);
        assert!(text.contains(env!("CARGO_PKG_VERSION")));
    }
}
