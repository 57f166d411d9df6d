//! Writing Markdown that strings from a dump can never break: every ASCII punctuation character of
//! dump text is backslash-escaped (CommonMark allows it for all of them), so `|` cannot end a table
//! cell, `](javascript:…)` cannot make a link and `<img …>` cannot become HTML; line breaks, other
//! control characters and the bidirectional overrides are written as visible `U+XXXX` codes.

use std::fmt::Write;

/// Dump text as inert Markdown inline text, cut to `max_chars` characters (with `…`).
pub fn text(s: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max_chars * 2) + 8);
    for (i, c) in s.chars().enumerate() {
        if i == max_chars {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    if c.is_ascii_punctuation() {
        out.push('\\');
        out.push(c);
    } else if c.is_control() || is_bidi_control(c) || c == '\u{feff}' {
        let _ = write!(out, "U+{:04X}", c as u32);
    } else {
        out.push(c);
    }
}

/// Characters that reorder the text around them (Trojan Source): shown, never applied.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A Markdown table being written: a header row, then rows of already-escaped cells.
pub struct Table {
    out: String,
    columns: usize,
}

impl Table {
    /// `columns`: header text (plain words of ours, not dump text) and alignment (`true` = right).
    pub fn new(columns: &[(&str, bool)]) -> Table {
        let mut out = String::from("|");
        for (name, _) in columns {
            let _ = write!(out, " {name} |");
        }
        out.push_str("\n|");
        for (_, right) in columns {
            out.push_str(if *right { "---:|" } else { "---|" });
        }
        out.push('\n');
        Table {
            out,
            columns: columns.len(),
        }
    }

    pub fn row(&mut self, cells: &[String]) {
        debug_assert_eq!(cells.len(), self.columns);
        self.out.push('|');
        for c in cells {
            let _ = write!(self.out, " {} |", c.replace('\n', " "));
        }
        self.out.push('\n');
    }

    pub fn finish(self) -> String {
        self.out + "\n"
    }
}

/// A link to an object in the app (`#object/@ID`), with escaped dump text as its label.
pub fn object_link(label: &str, id: u64) -> String {
    format!("[{}](#object/@{id})", text(label, 80))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dump_text_cannot_break_tables_links_or_html() {
        let hostile = "a|b](javascript:alert(1))<img src=x onerror=alert(1)>`x`\n\u{202e}evil";
        let t = text(hostile, 200);
        assert!(!t.contains('\n'));
        assert!(t.contains("U+000A") && t.contains("U+202E"));
        for bad in ["|", "]", "(", "<", ">", "`"] {
            let unescaped = t
                .match_indices(bad)
                .any(|(i, _)| i == 0 || &t[i - 1..i] != "\\");
            assert!(!unescaped, "{bad} left unescaped in {t}");
        }
        assert_eq!(text("abcdef", 3), "abc…");
    }

    #[test]
    fn tables_have_one_row_per_line() {
        let mut t = Table::new(&[("Name", false), ("Size", true)]);
        t.row(&[text("x|y", 10), "1 B".into()]);
        let md = t.finish();
        assert_eq!(md, "| Name | Size |\n|---|---:|\n| x\\|y | 1 B |\n\n");
    }
}
