//! A push tokenizer for JSON text that arrives in chunks split anywhere (mid-string, mid-escape,
//! mid-UTF-8 sequence, mid-number, mid-literal): [`JsonTokens::feed`] hands each complete token to a
//! [`JsonSink`] as an [`Event`], with the nesting checked; nothing but the token being read is held.
//! The `.cpuprofile` reader is built on it.

use crate::error::{ParseError, ParseErrorKind};

/// One token of the JSON text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event<'a> {
    StartObject,
    EndObject,
    StartArray,
    EndArray,
    /// An object key.
    Key(&'a str),
    Str(&'a str),
    Number(f64),
    Bool(bool),
    Null,
}

/// Receives the tokens; an `Err` stops the tokenizer with that message (at the token's offset).
pub trait JsonSink {
    fn event(&mut self, event: Event<'_>) -> Result<(), String>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    Object,
    Array,
}

/// What the grammar expects next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// A value (top level, after `:` or after `,` in an array).
    Value,
    /// A value or `]` (just after `[`).
    ValueOrEnd,
    /// A key or `}` (just after `{`).
    KeyOrEnd,
    /// A key (after `,` in an object).
    Key,
    Colon,
    /// `,` or the closing bracket.
    CommaOrEnd,
    /// Nothing but white space (the top-level value is complete).
    Done,
}

/// The token being read across chunk boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Partial {
    None,
    /// Inside a string: `escape` after a backslash, `unicode` digits of a `\u` escape read so far.
    Str {
        key: bool,
        escape: bool,
    },
    Unicode {
        key: bool,
        digits: u8,
    },
    Number,
    /// A literal (`true`, `false`, `null`): the bytes read so far are in `bytes`.
    Literal,
}

/// The tokenizer's state between chunks.
pub struct JsonTokens {
    stack: Vec<Container>,
    expect: Expect,
    partial: Partial,
    bytes: Vec<u8>,
    /// A `\u` escape's code unit, and a high surrogate waiting for its low half.
    unit: u16,
    high: Option<u16>,
    offset: u64,
    token_start: u64,
}

impl Default for JsonTokens {
    fn default() -> Self {
        Self::new()
    }
}

fn describe(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

impl JsonTokens {
    pub fn new() -> Self {
        JsonTokens {
            stack: Vec::new(),
            expect: Expect::Value,
            partial: Partial::None,
            bytes: Vec::new(),
            unit: 0,
            high: None,
            offset: 0,
            token_start: 0,
        }
    }

    /// Bytes consumed so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    fn error(&self, kind: ParseErrorKind, at: u64, message: impl Into<String>) -> ParseError {
        ParseError::new(kind, at, message)
    }

    fn unexpected(&self, at: u64, b: u8) -> ParseError {
        let wanted = match self.expect {
            Expect::Value => "a value",
            Expect::ValueOrEnd => "a value or ']'",
            Expect::KeyOrEnd => "a quoted key or '}'",
            Expect::Key => "a quoted key",
            Expect::Colon => "':'",
            Expect::CommaOrEnd => "',' or a closing bracket",
            Expect::Done => "the end of the text",
        };
        let kind = if at == 0 {
            ParseErrorKind::NotJson
        } else {
            ParseErrorKind::Syntax
        };
        self.error(
            kind,
            at,
            format!("expected {wanted}, found {}", describe(b)),
        )
    }

    fn emit(&mut self, sink: &mut dyn JsonSink, event: Event<'_>) -> Result<(), ParseError> {
        sink.event(event)
            .map_err(|m| ParseError::new(ParseErrorKind::Inconsistent, self.token_start, m))
    }

    /// After a complete value: what may follow depends on the enclosing container.
    fn value_done(&mut self) {
        self.expect = if self.stack.is_empty() {
            Expect::Done
        } else {
            Expect::CommaOrEnd
        };
    }

    /// Consumes the next chunk of the text.
    pub fn feed(&mut self, chunk: &[u8], sink: &mut dyn JsonSink) -> Result<(), ParseError> {
        let mut i = 0;
        while i < chunk.len() {
            i = match self.partial {
                Partial::None => self.structure(chunk, i, sink)?,
                Partial::Str { .. } | Partial::Unicode { .. } => self.string(chunk, i, sink)?,
                Partial::Number => self.number(chunk, i, sink)?,
                Partial::Literal => self.literal(chunk, i, sink)?,
            };
        }
        self.offset += chunk.len() as u64;
        Ok(())
    }

    /// Ends the text: a number at the very end is complete; anything else open is truncation.
    pub fn finish(&mut self, sink: &mut dyn JsonSink) -> Result<(), ParseError> {
        if self.partial == Partial::Number {
            self.end_number(sink)?;
        }
        if self.partial != Partial::None || self.expect != Expect::Done {
            return Err(self.error(
                ParseErrorKind::Truncated,
                self.offset,
                "the text ends in the middle of the JSON (the file is cut short: copy or save it again)",
            ));
        }
        Ok(())
    }

    fn structure(
        &mut self,
        buf: &[u8],
        mut i: usize,
        sink: &mut dyn JsonSink,
    ) -> Result<usize, ParseError> {
        while i < buf.len() {
            let b = buf[i];
            let at = self.offset + i as u64;
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                i += 1;
                continue;
            }
            self.token_start = at;
            match (self.expect, b) {
                (Expect::Key | Expect::KeyOrEnd, b'"') => return Ok(self.start_string(true, i)),
                (Expect::KeyOrEnd | Expect::CommaOrEnd, b'}')
                    if self.stack.last() == Some(&Container::Object) =>
                {
                    self.stack.pop();
                    self.emit(sink, Event::EndObject)?;
                    self.value_done();
                }
                (Expect::ValueOrEnd | Expect::CommaOrEnd, b']')
                    if self.stack.last() == Some(&Container::Array) =>
                {
                    self.stack.pop();
                    self.emit(sink, Event::EndArray)?;
                    self.value_done();
                }
                (Expect::Colon, b':') => self.expect = Expect::Value,
                (Expect::CommaOrEnd, b',') => {
                    self.expect = if self.stack.last() == Some(&Container::Object) {
                        Expect::Key
                    } else {
                        Expect::Value
                    };
                }
                (Expect::Value | Expect::ValueOrEnd, _) => match b {
                    b'{' => {
                        self.stack.push(Container::Object);
                        self.emit(sink, Event::StartObject)?;
                        self.expect = Expect::KeyOrEnd;
                    }
                    b'[' => {
                        self.stack.push(Container::Array);
                        self.emit(sink, Event::StartArray)?;
                        self.expect = Expect::ValueOrEnd;
                    }
                    b'"' => return Ok(self.start_string(false, i)),
                    b'-' | b'0'..=b'9' => {
                        self.bytes.clear();
                        self.partial = Partial::Number;
                        return Ok(i);
                    }
                    b't' | b'f' | b'n' => {
                        self.bytes.clear();
                        self.partial = Partial::Literal;
                        return Ok(i);
                    }
                    _ => return Err(self.unexpected(at, b)),
                },
                _ => return Err(self.unexpected(at, b)),
            }
            i += 1;
        }
        Ok(i)
    }

    /// Opens a string (a key or a value) at the quote at `i`; returns where its text starts.
    fn start_string(&mut self, key: bool, i: usize) -> usize {
        self.bytes.clear();
        self.partial = Partial::Str { key, escape: false };
        i + 1
    }

    fn string(
        &mut self,
        buf: &[u8],
        mut i: usize,
        sink: &mut dyn JsonSink,
    ) -> Result<usize, ParseError> {
        while i < buf.len() {
            match self.partial {
                Partial::Unicode { key, digits } => {
                    let b = buf[i];
                    let d = (b as char).to_digit(16).ok_or_else(|| {
                        self.error(
                            ParseErrorKind::Syntax,
                            self.offset + i as u64,
                            format!(
                                "expected a hex digit in a \\u escape, found {}",
                                describe(b)
                            ),
                        )
                    })?;
                    self.unit = self.unit << 4 | d as u16;
                    i += 1;
                    if digits + 1 < 4 {
                        self.partial = Partial::Unicode {
                            key,
                            digits: digits + 1,
                        };
                    } else {
                        self.unicode_unit(self.unit);
                        self.partial = Partial::Str { key, escape: false };
                    }
                }
                Partial::Str { key, escape: true } => {
                    let b = buf[i];
                    let c = match b {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            self.unit = 0;
                            self.partial = Partial::Unicode { key, digits: 0 };
                            i += 1;
                            continue;
                        }
                        _ => {
                            return Err(self.error(
                                ParseErrorKind::Syntax,
                                self.offset + i as u64,
                                format!("unknown escape \\{} in a string", b as char),
                            ))
                        }
                    };
                    self.flush_high();
                    self.bytes.push(c);
                    self.partial = Partial::Str { key, escape: false };
                    i += 1;
                }
                Partial::Str { key, escape: false } => {
                    let rest = &buf[i..];
                    match rest.iter().position(|&b| b == b'"' || b == b'\\') {
                        None => {
                            if !rest.is_empty() {
                                self.flush_high();
                            }
                            self.bytes.extend_from_slice(rest);
                            return Ok(buf.len());
                        }
                        Some(p) => {
                            if p > 0 {
                                self.flush_high();
                            }
                            self.bytes.extend_from_slice(&rest[..p]);
                            i += p + 1;
                            if rest[p] == b'\\' {
                                self.partial = Partial::Str { key, escape: true };
                                continue;
                            }
                            self.flush_high();
                            self.partial = Partial::None;
                            let bytes = std::mem::take(&mut self.bytes);
                            let text = String::from_utf8_lossy(&bytes);
                            let event = if key {
                                Event::Key(&text)
                            } else {
                                Event::Str(&text)
                            };
                            let result = self.emit(sink, event);
                            drop(text);
                            self.bytes = bytes;
                            result?;
                            if key {
                                self.expect = Expect::Colon;
                            } else {
                                self.value_done();
                            }
                            return Ok(i);
                        }
                    }
                }
                _ => unreachable!("string() is only called inside a string"),
            }
        }
        Ok(i)
    }

    /// Appends a `\u` code unit, pairing surrogates; a lone surrogate becomes U+FFFD.
    fn unicode_unit(&mut self, u: u16) {
        let push = |bytes: &mut Vec<u8>, c: char| {
            let mut tmp = [0u8; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
        };
        match (self.high.take(), u) {
            (Some(h), 0xDC00..=0xDFFF) => {
                let c = 0x10000 + (((h as u32) - 0xD800) << 10) + (u as u32 - 0xDC00);
                push(&mut self.bytes, char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            (h, 0xD800..=0xDBFF) => {
                if h.is_some() {
                    push(&mut self.bytes, '\u{FFFD}');
                }
                self.high = Some(u);
            }
            (h, _) => {
                if h.is_some() {
                    push(&mut self.bytes, '\u{FFFD}');
                }
                push(
                    &mut self.bytes,
                    char::from_u32(u as u32).unwrap_or('\u{FFFD}'),
                );
            }
        }
    }

    /// A high surrogate followed by anything but its low half stands alone: U+FFFD.
    fn flush_high(&mut self) {
        if self.high.take().is_some() {
            self.bytes.extend_from_slice("\u{FFFD}".as_bytes());
        }
    }

    fn number(
        &mut self,
        buf: &[u8],
        i: usize,
        sink: &mut dyn JsonSink,
    ) -> Result<usize, ParseError> {
        let rest = &buf[i..];
        let end = rest
            .iter()
            .position(|&b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .unwrap_or(rest.len());
        self.bytes.extend_from_slice(&rest[..end]);
        if end == rest.len() {
            return Ok(buf.len());
        }
        self.end_number(sink)?;
        Ok(i + end)
    }

    fn end_number(&mut self, sink: &mut dyn JsonSink) -> Result<(), ParseError> {
        self.partial = Partial::None;
        let text = std::str::from_utf8(&self.bytes).unwrap_or("");
        let v: f64 = text.parse().map_err(|_| {
            self.error(
                ParseErrorKind::Syntax,
                self.token_start,
                format!("{text:?} is not a number"),
            )
        })?;
        self.emit(sink, Event::Number(v))?;
        self.value_done();
        Ok(())
    }

    fn literal(
        &mut self,
        buf: &[u8],
        mut i: usize,
        sink: &mut dyn JsonSink,
    ) -> Result<usize, ParseError> {
        while i < buf.len() && buf[i].is_ascii_lowercase() && self.bytes.len() < 5 {
            self.bytes.push(buf[i]);
            i += 1;
        }
        let event = match self.bytes.as_slice() {
            b"true" => Event::Bool(true),
            b"false" => Event::Bool(false),
            b"null" => Event::Null,
            b if (b"true".starts_with(b) || b"false".starts_with(b) || b"null".starts_with(b))
                && i == buf.len() =>
            {
                return Ok(i);
            }
            b => {
                let kind = if self.token_start == 0 {
                    ParseErrorKind::NotJson
                } else {
                    ParseErrorKind::Syntax
                };
                return Err(self.error(
                    kind,
                    self.token_start,
                    format!(
                        "expected true, false or null, found {:?}",
                        String::from_utf8_lossy(b)
                    ),
                ));
            }
        };
        self.partial = Partial::None;
        self.emit(sink, event)?;
        self.value_done();
        Ok(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect(Vec<String>);

    impl JsonSink for Collect {
        fn event(&mut self, e: Event<'_>) -> Result<(), String> {
            self.0.push(format!("{e:?}"));
            Ok(())
        }
    }

    fn tokens(text: &[u8], chunk: usize) -> Result<Vec<String>, ParseError> {
        let mut t = JsonTokens::new();
        let mut sink = Collect::default();
        for c in text.chunks(chunk) {
            t.feed(c, &mut sink)?;
        }
        t.finish(&mut sink)?;
        Ok(sink.0)
    }

    #[test]
    fn every_split_gives_the_same_tokens() {
        let text = r#" {"a": [1, -2.5e3, true, null, false], "b\u00e9\ud83d\ude00": "x\"\\\/\n\u0041", "c": {}, "d": []} "#
            .as_bytes();
        let whole = tokens(text, text.len()).unwrap();
        assert_eq!(
            whole,
            [
                "StartObject",
                "Key(\"a\")",
                "StartArray",
                "Number(1.0)",
                "Number(-2500.0)",
                "Bool(true)",
                "Null",
                "Bool(false)",
                "EndArray",
                "Key(\"bé😀\")",
                "Str(\"x\\\"\\\\/\\nA\")",
                "Key(\"c\")",
                "StartObject",
                "EndObject",
                "Key(\"d\")",
                "StartArray",
                "EndArray",
                "EndObject"
            ]
        );
        for chunk in 1..text.len() {
            assert_eq!(tokens(text, chunk).unwrap(), whole, "chunks of {chunk}");
        }
        // A number that ends the text is complete at finish.
        assert_eq!(tokens(b"12", 1).unwrap(), ["Number(12.0)"]);
    }

    #[test]
    fn bad_text_is_an_error_with_its_offset() {
        let e = tokens(br#"{"a": [1, 2}"#, 3).unwrap_err();
        assert_eq!(e.kind(), ParseErrorKind::Syntax);
        assert_eq!(e.offset(), 11);
        assert_eq!(
            tokens(b"hello", 2).unwrap_err().kind(),
            ParseErrorKind::NotJson
        );
        assert_eq!(
            tokens(br#"{"a": [1, 2"#, 4).unwrap_err().kind(),
            ParseErrorKind::Truncated
        );
        assert_eq!(
            tokens(br#"{"a" 1}"#, 4).unwrap_err().kind(),
            ParseErrorKind::Syntax
        );
        assert_eq!(
            tokens(br#"[tru]"#, 2).unwrap_err().kind(),
            ParseErrorKind::Syntax
        );
        assert_eq!(
            tokens(br#"{} {}"#, 2).unwrap_err().kind(),
            ParseErrorKind::Syntax
        );
    }
}
