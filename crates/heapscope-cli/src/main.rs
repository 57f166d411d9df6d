//! `heapscope`: the command line. Thin glue: it parses arguments, streams the file into the core's
//! parser (with a progress bar on a terminal), and renders the analysis as a table or JSON.

mod args;
mod load;
mod progress_bar;
mod table;

use args::{Command, SummaryArgs};
use std::process::ExitCode;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args().skip(1).collect()) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("heapscope: {message}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => {
            println!("{}", args::USAGE);
            ExitCode::SUCCESS
        }
        Command::Version => {
            println!("heapscope {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Command::Summary(a) => summary(a),
    }
}

fn summary(a: SummaryArgs) -> ExitCode {
    let loaded = match load::load_and_analyse(&a.file) {
        Ok(l) => l,
        Err(message) => {
            eprintln!("heapscope: {}: {message}", a.file.display());
            return ExitCode::FAILURE;
        }
    };
    let mut summary = loaded.analysis.summary(a.top);
    summary
        .timings_ms
        .insert(0, ("parse".to_owned(), loaded.parse_ms));
    if a.json {
        match serde_json::to_string_pretty(&summary) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("heapscope: cannot write JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", table::render_summary(&summary, &loaded.analysis));
    }
    ExitCode::SUCCESS
}
