//! `heapscope`: the command line. Thin glue: it parses arguments ([`cli`]), streams the file into the
//! core's parser (with a progress bar on a terminal, [`load`]), and renders what the core computed.
//!
//! Exit status: 0 on success, 1 when `report --fail-on` finds a budget breached, 2 on any error
//! (usage, unreadable or invalid input), each reported as one line on stderr.

mod block_reuse;
mod cli;
mod commands;
mod load;
mod progress_bar;
mod table;

use cli::{Command, Parsed};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: block_reuse::BlockReuse = block_reuse::BlockReuse;

/// An error for the person at the terminal: printed as `heapscope: <message>`, exit status 2.
pub struct Failure(pub String);

fn main() -> ExitCode {
    let command = match cli::parse(std::env::args_os()) {
        Parsed::Run(c) => c,
        Parsed::Exit {
            text,
            to_stderr,
            status,
        } => {
            if to_stderr {
                eprintln!("{}", text.trim_end());
            } else {
                print!("{text}");
            }
            return ExitCode::from(status);
        }
    };
    // A bug must still be one line, not a panic message and a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        eprintln!(
            "heapscope: internal error ({}{at}); please report it with the command you ran",
            one_line(&what)
        );
    }));
    let result = match std::panic::catch_unwind(|| match command {
        Command::Summary(a) => commands::summary::run(a),
        Command::Diff(a) => commands::diff::run(a),
        Command::Leaks(a) => commands::leaks::run(a),
        Command::Allocations(a) => commands::allocations::run(a),
        Command::Profile(a) => commands::profile::run(a),
        Command::Report(a) => commands::report::run(a),
    }) {
        Ok(result) => result,
        Err(_) => return ExitCode::from(2),
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("heapscope: {}", one_line(&message));
            ExitCode::from(2)
        }
    }
}

/// Error text on a single line (a message from a dump may hold newlines).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
