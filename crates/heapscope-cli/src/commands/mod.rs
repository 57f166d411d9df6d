//! The subcommands, one module each: its arguments (clap `Args`) and the code that runs it.

pub mod report;
pub mod summary;
