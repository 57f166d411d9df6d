//! The subcommands, one module each: its arguments (clap `Args`) and the code that runs it.

pub mod allocations;
pub mod diff;
pub mod leaks;
pub mod profile;
pub mod report;
pub mod summary;

/// Prints `value` as pretty JSON when `json`, else the text `table()` renders.
pub fn print_json_or<T: serde::Serialize>(
    json: bool,
    value: &T,
    table: impl FnOnce(&T) -> String,
) -> Result<(), crate::Failure> {
    if json {
        let s = serde_json::to_string_pretty(value)
            .map_err(|e| crate::Failure(format!("cannot write JSON: {e}")))?;
        println!("{s}");
    } else {
        print!("{}", table(value));
    }
    Ok(())
}
