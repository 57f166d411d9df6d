//! The subcommands, one module each: its arguments (clap `Args`) and the code that runs it.

pub mod allocations;
pub mod diff;
pub mod leaks;
pub mod profile;
pub mod report;
pub mod summary;
