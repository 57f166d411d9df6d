//! The parser's typed error: what kind of problem, where (byte offset in the JSON text), and a message
//! that tells a person what was expected, what was found and what to do.

use std::fmt;

/// The class of a parse failure; the app and the CLI pick their advice from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The input is not JSON at all (or not text).
    NotJson,
    /// Valid JSON that is not a heap snapshot (for example a `.cpuprofile`).
    NotASnapshot,
    /// The input ended before the snapshot did.
    Truncated,
    /// A byte that does not belong where it stands.
    Syntax,
    /// The header (`snapshot.meta`) is missing a field or is inconsistent.
    BadHeader,
    /// Array lengths or references disagree with the header.
    Inconsistent,
    /// The gzip stream is corrupt.
    BadGzip,
    /// The snapshot needs more memory than the configured limit.
    TooLarge,
}

/// A parse failure with its byte offset in the (decompressed) JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    kind: ParseErrorKind,
    offset: u64,
    message: String,
}

impl ParseError {
    pub fn new(kind: ParseErrorKind, offset: u64, message: impl Into<String>) -> Self {
        ParseError {
            kind,
            offset,
            message: message.into(),
        }
    }
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }
    /// Byte offset in the JSON text (after gzip decompression) where the problem was found.
    pub fn offset(&self) -> u64 {
        self.offset
    }
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}
