//! Memory budgets for CI: rules such as `total>150MB`, `class:HttpContext.count>10000`,
//! `group:"HTTP contexts".retained>20MB` or `suspect>10%`, checked against a report. A pipeline
//! fails a build when a snapshot taken in its tests breaks one.
//!
//! Grammar: `SUBJECT OP VALUE`. SUBJECT is `total` (DevTools' total), `strings`, `code`,
//! `detached` (retained by detached objects), `duplicates` (what interning would save),
//! `suspect` (the strongest leak suspect's size), `class:NAME.METRIC` or `group:NAME.METRIC`
//! (NAME quoted when it contains a dot; METRIC `count`, `self` or `retained`). OP is `>`, `>=`,
//! `<` or `<=`. VALUE is a number with an optional unit (`B`, `kB`/`KB`, `MB`, `GB` in powers of
//! 1000, `KiB`, `MiB`, `GiB` in powers of 1024), or a share of the heap in `%`.

use super::units::{bytes, count, percent_value};
use super::Report;
use crate::analysis::Analysis;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Subject {
    Total,
    Strings,
    Code,
    Detached,
    Duplicates,
    Suspect,
    Class { name: String, metric: Metric },
    Group { name: String, metric: Metric },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Metric {
    Count,
    SelfSize,
    Retained,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Limit {
    /// Bytes, or a plain number for counts.
    Amount(f64),
    /// Percent of the heap.
    Share(f64),
}

/// One budget rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    /// The rule as written.
    pub text: String,
    pub subject: Subject,
    pub op: Op,
    pub limit: Limit,
}

/// A rule checked against a snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetResult {
    pub rule: String,
    /// The measured value, in the rule's terms (bytes, count or percent).
    pub value: f64,
    /// The value as a person reads it.
    pub value_text: String,
    pub breached: bool,
}

/// Parses one rule; the error says what is wrong in words.
pub fn parse(text: &str) -> Result<Budget, String> {
    let t = text.trim();
    let bad = |why: &str| {
        format!("budget '{t}': {why} (rules look like total>150MB, class:Session.count>10000, group:\"HTTP contexts\".retained>20MB, suspect>10%)")
    };
    // The operator is the first of > or < outside quotes.
    let mut in_quotes = false;
    let mut at = None;
    for (i, c) in t.char_indices() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && (c == '>' || c == '<') {
            at = Some(i);
            break;
        }
    }
    let at = match at {
        Some(i) => i,
        None if in_quotes => return Err(bad("unclosed quote")),
        None => return Err(bad("no comparison (> >= < <=)")),
    };
    let (subject_text, rest) = t.split_at(at);
    let (op, value_text) = if let Some(v) = rest.strip_prefix(">=") {
        (Op::Ge, v)
    } else if let Some(v) = rest.strip_prefix("<=") {
        (Op::Le, v)
    } else if let Some(v) = rest.strip_prefix('>') {
        (Op::Gt, v)
    } else {
        (Op::Lt, &rest[1..])
    };
    let subject = parse_subject(subject_text.trim()).map_err(|e| bad(&e))?;
    let limit = parse_limit(value_text.trim()).map_err(|e| bad(&e))?;
    Ok(Budget {
        text: t.to_owned(),
        subject,
        op,
        limit,
    })
}

fn parse_subject(s: &str) -> Result<Subject, String> {
    match s {
        "total" => return Ok(Subject::Total),
        "strings" => return Ok(Subject::Strings),
        "code" => return Ok(Subject::Code),
        "detached" => return Ok(Subject::Detached),
        "duplicates" => return Ok(Subject::Duplicates),
        "suspect" => return Ok(Subject::Suspect),
        _ => {}
    }
    let (kind, rest) = s
        .split_once(':')
        .ok_or_else(|| format!("unknown subject '{s}'"))?;
    let (name, metric) = match rest.strip_prefix('"') {
        Some(q) => {
            let end = q.find('"').ok_or("unclosed quote")?;
            let metric = q[end + 1..]
                .strip_prefix('.')
                .ok_or("a metric after the name, e.g. .count")?;
            (q[..end].to_owned(), metric)
        }
        None => {
            let (n, m) = rest
                .rsplit_once('.')
                .ok_or("a metric after the name, e.g. .count")?;
            (n.to_owned(), m)
        }
    };
    let metric = match metric {
        "count" => Metric::Count,
        "self" | "self_size" | "shallow" => Metric::SelfSize,
        "retained" | "retained_size" => Metric::Retained,
        m => return Err(format!("unknown metric '{m}' (count, self or retained)")),
    };
    if name.is_empty() {
        return Err("an empty name".into());
    }
    match kind {
        "class" => Ok(Subject::Class { name, metric }),
        "group" => Ok(Subject::Group { name, metric }),
        k => Err(format!("unknown subject '{k}:' (class: or group:)")),
    }
}

fn parse_limit(s: &str) -> Result<Limit, String> {
    if let Some(p) = s.strip_suffix('%') {
        return p
            .trim()
            .parse::<f64>()
            .map(Limit::Share)
            .map_err(|_| format!("'{s}' is not a percentage"));
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .replace('_', "")
        .parse()
        .map_err(|_| format!("'{s}' is not a number"))?;
    let factor = match unit.trim() {
        "" | "B" => 1.0,
        "kB" | "KB" | "k" | "K" => 1e3,
        "MB" | "M" => 1e6,
        "GB" | "G" => 1e9,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        u => {
            return Err(format!(
                "unknown unit '{u}' (B, kB, MB, GB, KiB, MiB, GiB or %)"
            ))
        }
    };
    Ok(Limit::Amount(n * factor))
}

/// Checks every rule; a rule about a class or group that does not exist measures 0.
pub fn check(budgets: &[Budget], a: &Analysis, report: &Report) -> Vec<BudgetResult> {
    let total = report.overview.total_size as f64;
    budgets
        .iter()
        .map(|b| {
            let (amount, is_count) = measure(&b.subject, a, report);
            let (value, value_text) = match b.limit {
                Limit::Share(_) => {
                    let p = 100.0 * amount / total.max(1.0);
                    (p, percent_value(p))
                }
                Limit::Amount(_) if is_count => (amount, count(amount as u64)),
                Limit::Amount(_) => (amount, bytes(amount as u64)),
            };
            let limit = match b.limit {
                Limit::Share(p) | Limit::Amount(p) => p,
            };
            let breached = match b.op {
                Op::Gt => value > limit,
                Op::Ge => value >= limit,
                Op::Lt => value < limit,
                Op::Le => value <= limit,
            };
            BudgetResult {
                rule: b.text.clone(),
                value,
                value_text,
                breached,
            }
        })
        .collect()
}

/// The subject's value and whether it is a count.
fn measure(s: &Subject, a: &Analysis, r: &Report) -> (f64, bool) {
    let pick = |m: Metric, c: u64, sz: u64, ret: u64| match m {
        Metric::Count => (c as f64, true),
        Metric::SelfSize => (sz as f64, false),
        Metric::Retained => (ret as f64, false),
    };
    match s {
        Subject::Total => (r.overview.total_size as f64, false),
        Subject::Strings => (r.overview.statistics.strings as f64, false),
        Subject::Code => (r.overview.statistics.code as f64, false),
        Subject::Detached => (r.detached.retained_size as f64, false),
        Subject::Duplicates => (r.strings.duplicates.total_saving as f64, false),
        Subject::Suspect => (
            r.leak_suspects.suspects.first().map_or(0, |s| s.size) as f64,
            false,
        ),
        Subject::Class { name, metric } => {
            // Classes of one name (location-qualified keys) add up.
            let (c, sz, ret) = a
                .classes()
                .iter()
                .filter(|c| &c.name == name)
                .fold((0, 0, 0), |(c, s, r), k| {
                    (c + k.count, s + k.shallow_size, r + k.retained_size)
                });
            pick(*metric, c, sz, ret)
        }
        Subject::Group { name, metric } => match r.groups.get(name) {
            Some(g) => pick(*metric, g.count, g.self_size, g.retained_size),
            None => pick(*metric, 0, 0, 0),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_with_units_quotes_and_shares() {
        let b = parse("total>150MB").unwrap();
        assert_eq!(
            (b.subject, b.op, b.limit),
            (Subject::Total, Op::Gt, Limit::Amount(150e6))
        );
        let b = parse("class:HttpContext.count>10000").unwrap();
        assert_eq!(
            b.subject,
            Subject::Class {
                name: "HttpContext".into(),
                metric: Metric::Count
            }
        );
        let b = parse(r#"group:"HTTP contexts".retained>=20MiB"#).unwrap();
        assert_eq!(
            b.subject,
            Subject::Group {
                name: "HTTP contexts".into(),
                metric: Metric::Retained
            }
        );
        assert_eq!(
            (b.op, b.limit),
            (Op::Ge, Limit::Amount(20.0 * 1024.0 * 1024.0))
        );
        let b = parse("suspect > 10%").unwrap();
        assert_eq!((b.subject, b.limit), (Subject::Suspect, Limit::Share(10.0)));
        let b = parse("class:a.b.Thing.self<1kB").unwrap();
        assert_eq!(
            b.subject,
            Subject::Class {
                name: "a.b.Thing".into(),
                metric: Metric::SelfSize
            }
        );
    }

    #[test]
    fn bad_rules_say_what_is_wrong() {
        for (rule, says) in [
            ("total", "no comparison"),
            ("totl>1MB", "unknown subject"),
            ("total>1XB", "unknown unit"),
            ("class:Foo>1", "metric"),
            ("class:Foo.size>1", "unknown metric"),
            ("group:\"x.count>1", "unclosed quote"),
            ("total>abc", "not a number"),
        ] {
            let e = parse(rule).unwrap_err();
            assert!(e.contains(says), "{rule}: {e}");
        }
    }
}
