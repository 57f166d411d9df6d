//! The snapshot's string table as one compact arena: all strings' UTF-8 bytes back to back plus one
//! offset per string. No per-string allocation; strings added by the analysis (class names such as
//! `(system)` or `Detached <div>`) are appended the same way.

use std::collections::HashMap;

/// An append-only table of strings addressed by index, as the snapshot's `strings` section.
#[derive(Clone, Debug, Default)]
pub struct StringTable {
    bytes: Vec<u8>,
    /// `offsets[i]..offsets[i + 1]` is string `i`; always one longer than the string count.
    offsets: Vec<u32>,
    /// Strings added after parsing, deduplicated by content.
    added: HashMap<String, u32>,
}

impl StringTable {
    pub fn new() -> Self {
        StringTable {
            bytes: Vec::new(),
            offsets: vec![0],
            added: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, index: u32) -> &str {
        let i = index as usize;
        if i + 1 >= self.offsets.len() {
            return "";
        }
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        let bytes = &self.bytes[a..b];
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: every string enters the table as UTF-8: `push` takes a `&str` and `close_string`
        // validates (or repairs) the bytes of the string it closes; bytes are never modified after.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    /// Indices of every string equal to `s` (usually one; V8 deduplicates, added strings may repeat).
    pub fn indices_of(&self, s: &str) -> Vec<u32> {
        (0..self.len() as u32)
            .filter(|&i| self.get(i) == s)
            .collect()
    }

    /// Appends a string and returns its index.
    pub fn push(&mut self, s: &str) -> u32 {
        self.bytes.extend_from_slice(s.as_bytes());
        self.offsets.push(self.bytes.len() as u32);
        (self.offsets.len() - 2) as u32
    }

    /// Returns the index of a string added by the analysis, adding it once per distinct content.
    pub fn intern_added(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.added.get(s) {
            return i;
        }
        let i = self.push(s);
        self.added.insert(s.to_owned(), i);
        i
    }

    // --- Streaming construction (used by the parser) ---

    /// Bytes of the string being built.
    pub(crate) fn open_bytes(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }

    /// Closes the string built since the last close, repairing invalid UTF-8 in place.
    pub(crate) fn close_string(&mut self) {
        let start = *self.offsets.last().unwrap() as usize;
        if std::str::from_utf8(&self.bytes[start..]).is_err() {
            let fixed = String::from_utf8_lossy(&self.bytes[start..]).into_owned();
            self.bytes.truncate(start);
            self.bytes.extend_from_slice(fixed.as_bytes());
        }
        self.offsets.push(self.bytes.len() as u32);
    }

    /// Whether the string data has outgrown 32-bit offsets (4 GiB of text).
    pub(crate) fn overflowed(&self) -> bool {
        self.bytes.len() > u32::MAX as usize
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.offsets.shrink_to_fit();
    }
}

/// Strings an analysis step adds, kept apart from the table so the table can be read by other
/// threads meanwhile; [`PendingStrings::commit`] appends them in order, so the indices handed out
/// (`table.len()` onwards) stay valid.
pub struct PendingStrings {
    base: u32,
    list: Vec<String>,
    index: HashMap<String, u32>,
}

impl PendingStrings {
    pub fn new(table: &StringTable) -> Self {
        PendingStrings {
            base: table.len() as u32,
            list: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// Like [`StringTable::intern_added`], without touching the table.
    pub fn intern(&mut self, table: &StringTable, s: &str) -> u32 {
        if let Some(&i) = table.added.get(s) {
            return i;
        }
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.base + self.list.len() as u32;
        self.list.push(s.to_owned());
        self.index.insert(s.to_owned(), i);
        i
    }

    pub fn get<'a>(&'a self, table: &'a StringTable, i: u32) -> &'a str {
        if i < self.base {
            table.get(i)
        } else {
            &self.list[(i - self.base) as usize]
        }
    }

    /// Appends the pending strings to `table`.
    pub fn commit(self, table: &mut StringTable) {
        assert_eq!(
            table.len() as u32,
            self.base,
            "the table changed while strings were pending"
        );
        for s in &self.list {
            table.intern_added(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_strings_are_deduplicated_by_content() {
        let mut t = StringTable::new();
        let a = t.push("(system)");
        let b = t.intern_added("(system)");
        let c = t.intern_added("(system)");
        assert_ne!(
            a, b,
            "added strings are not merged with parsed ones, as in DevTools"
        );
        assert_eq!(b, c);
        assert_eq!(t.get(c), "(system)");
    }
}
