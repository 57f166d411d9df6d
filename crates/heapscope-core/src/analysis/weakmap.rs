//! Recognises V8's WeakMap ephemeron edge names, DevTools' regex
//! `^\d+ / part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\)$`,
//! without a regex engine: the table id (to drop the table→value edge from dominators) and the
//! duplicated part (to pair the two edges of one entry when computing distances).

/// A parsed ephemeron edge name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ephemeron<'a> {
    /// Everything after the leading digits; equal for the key→value and table→value edges of an entry.
    pub duplicated_part: &'a str,
    pub table_id: u64,
}

fn strip_digits(s: &str) -> Option<(&str, &str)> {
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    (end > 0).then(|| (&s[..end], &s[end..]))
}

/// `X @digits)` at the end of `s`: returns `X`.
fn strip_at_id_paren_suffix(s: &str) -> Option<&str> {
    let s = s.strip_suffix(')')?;
    let digits_start = s
        .bytes()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |p| p + 1);
    if digits_start == s.len() {
        return None;
    }
    s[..digits_start].strip_suffix(" @")
}

/// Parses an edge name as a WeakMap ephemeron edge name.
pub fn parse_ephemeron(name: &str) -> Option<Ephemeron<'_>> {
    // JavaScript's `.` does not match line terminators; none of the literal parts contain one.
    if name.contains(['\n', '\r', '\u{2028}', '\u{2029}']) {
        return None;
    }
    let (_, rest) = strip_digits(name)?;
    let duplicated_part = rest;
    let middle = rest.strip_prefix(" / part of key (")?;
    let before_table = middle.strip_suffix(')')?;
    let table_digits_start = before_table
        .bytes()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let table = &before_table[table_digits_start..];
    if table.is_empty() {
        return None;
    }
    let middle = before_table[..table_digits_start].strip_suffix(" pair in WeakMap (table @")?;
    // middle = A " @" d1 ") -> value (" B " @" d2 ")"; B and A may be anything (lazy, backtracking).
    let value_part = strip_at_id_paren_suffix(middle)?;
    const SEP: &str = ") -> value (";
    let ok = value_part.match_indices(SEP).any(|(i, _)| {
        let key_part = &value_part[..i];
        let digits_start = key_part
            .bytes()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |p| p + 1);
        digits_start < key_part.len() && key_part[..digits_start].ends_with(" @")
    });
    if !ok {
        return None;
    }
    Some(Ephemeron {
        duplicated_part,
        table_id: table.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_v8_ephemeron_names() {
        let e = parse_ephemeron(
            "3 / part of key (Object @12345) -> value (Foo @777) pair in WeakMap (table @99)",
        )
        .unwrap();
        assert_eq!(e.table_id, 99);
        assert_eq!(
            e.duplicated_part,
            " / part of key (Object @12345) -> value (Foo @777) pair in WeakMap (table @99)"
        );
        let odd = parse_ephemeron(
            "1 / part of key (a @1) -> value (b) -> value (c @2) pair in WeakMap (table @3)",
        )
        .unwrap();
        assert_eq!(odd.table_id, 3);
    }

    #[test]
    fn rejects_other_names() {
        for name in [
            "elements",
            " / part of key (Object @1) -> value (Foo @2) pair in WeakMap (table @3)",
            "1 / part of key (Object @1) -> value (Foo @2) pair in WeakMap (table @)",
            "1 / part of key (Object @x) -> value (Foo @2) pair in WeakMap (table @3)",
            "1 / part of key (Ob\nject @1) -> value (Foo @2) pair in WeakMap (table @3)",
        ] {
            assert_eq!(parse_ephemeron(name), None, "{name}");
        }
    }
}
