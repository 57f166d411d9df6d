//! `heapscope`: the command line. Thin glue: it parses arguments ([`cli`]), streams the file into the
//! core's parser (with a progress bar on a terminal, [`load`]), and renders what the core computed.
//!
//! Exit status: 0 on success, 1 when `report --fail-on` finds a budget breached, 2 on any error
//! (usage, unreadable or invalid input), each reported as one line on stderr.

mod cli;
mod commands;
mod load;
mod progress_bar;
mod table;

use cli::{Command, Parsed};
use std::process::ExitCode;

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
    let result = match command {
        Command::Summary(a) => commands::summary::run(a),
        Command::Diff(a) => commands::diff::run(a),
        Command::Leaks(a) => commands::leaks::run(a),
        Command::Allocations(a) => commands::allocations::run(a),
        Command::Profile(a) => commands::profile::run(a),
        Command::Report(a) => commands::report::run(a),
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
