//! Section 8, Pattern groups: named groups of classes, each a regular expression matched against
//! DevTools' class names (`^Package` → every class whose name starts with "Package"), with the
//! count, self size and retained size of their objects (a member inside another member of the same
//! group counted once). Presets cover Node servers and web pages; users bring their own as JSON
//! `[{"name": "Package entities", "pattern": "^Package"}]`.

use super::markdown::{self, Table};
use super::units::{bytes, count, percent};
use super::Section;
use crate::analysis::NO_CLASS;
use regex::{Regex, RegexSet};
use serde::{Deserialize, Serialize};

/// At most this many groups in one report (one bit each while measuring).
pub const MAX_GROUPS: usize = 64;

/// A group as a person writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPattern {
    pub name: String,
    /// A regular expression (Rust `regex` syntax) matched against DevTools' class names.
    pub pattern: String,
}

impl GroupPattern {
    fn new(name: &str, pattern: &str) -> GroupPattern {
        GroupPattern {
            name: name.to_owned(),
            pattern: pattern.to_owned(),
        }
    }
}

/// The preset groups: Node servers first, then web pages.
pub fn presets() -> Vec<GroupPattern> {
    vec![
        GroupPattern::new(
            "Buffers",
            r"^(Buffer|FastBuffer|ArrayBuffer|SharedArrayBuffer|Uint8Array|system / JSArrayBufferData)$",
        ),
        GroupPattern::new("Closures", r"^Function$"),
        GroupPattern::new("Promises", r"^Promise$"),
        GroupPattern::new(
            "HTTP requests, responses and sockets",
            r"^(IncomingMessage|ServerResponse|ClientRequest|OutgoingMessage|Socket|TLSSocket|HTTPParser|Agent)$",
        ),
        GroupPattern::new("Timers", r"^(Timeout|Immediate|TimersList)$"),
        GroupPattern::new(
            "Streams",
            r"^(Readable|Writable|Duplex|Transform|PassThrough|ReadableState|WritableState)$",
        ),
        GroupPattern::new("SemVer", r"^(SemVer|Comparator|Range)$"),
        GroupPattern::new(
            "ORM entities",
            r"^(Bone|Model|Sequelize|Entity)$|(Model|Entity|Attribute)$",
        ),
        GroupPattern::new("Detached DOM", r"^Detached "),
        GroupPattern::new("Event listeners", r"(EventListener|EventHandler)$"),
        GroupPattern::new(
            "Observers",
            r"^(MutationObserver|IntersectionObserver|ResizeObserver|PerformanceObserver)$",
        ),
    ]
}

/// Parses a JSON list of groups, checking every pattern compiles.
pub fn parse_groups(json: &str) -> Result<Vec<GroupPattern>, String> {
    let groups: Vec<GroupPattern> = serde_json::from_str(json).map_err(|e| {
        format!("groups must be a JSON list like [{{\"name\": \"Package entities\", \"pattern\": \"^Package\"}}]: {e}")
    })?;
    if groups.len() > MAX_GROUPS {
        return Err(format!("at most {MAX_GROUPS} groups, not {}", groups.len()));
    }
    for g in &groups {
        Regex::new(&g.pattern).map_err(|e| format!("group '{}': bad pattern: {e}", g.name))?;
    }
    Ok(groups)
}

/// The groups in the order they were given (serialized as a plain list).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroupsSection {
    pub groups: Vec<GroupRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    pub name: String,
    pub pattern: String,
    pub count: u64,
    pub self_size: u64,
    pub retained_size: u64,
    /// Matching classes, largest retained first (at most 5 names).
    pub classes: Vec<String>,
    /// The pattern did not compile (the group then matches nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Which patterns a class name matches: one automaton for all of them, so each name is scanned
/// once rather than once a group (app-server in the tab: 23 ms with a regex a group). Patterns
/// are compiled one by one only when the set does not compile, to say which one is wrong.
struct Matcher {
    set: RegexSet,
    /// The pattern each member of the set is.
    pattern_of: Vec<usize>,
    /// Each pattern's compile error, if any.
    errors: Vec<Option<String>>,
}

impl Matcher {
    fn new(patterns: &[GroupPattern]) -> Matcher {
        if let Ok(set) = RegexSet::new(patterns.iter().map(|g| &g.pattern)) {
            return Matcher {
                set,
                pattern_of: (0..patterns.len()).collect(),
                errors: vec![None; patterns.len()],
            };
        }
        let mut errors: Vec<Option<String>> = patterns
            .iter()
            .map(|g| Regex::new(&g.pattern).err().map(|e| e.to_string()))
            .collect();
        let pattern_of: Vec<usize> = (0..patterns.len())
            .filter(|&i| errors[i].is_none())
            .collect();
        // Valid one by one, together they can still pass the regex size limit: each says so.
        let (set, pattern_of) =
            match RegexSet::new(pattern_of.iter().map(|&i| &patterns[i].pattern)) {
                Ok(set) => (set, pattern_of),
                Err(e) => {
                    for &i in &pattern_of {
                        errors[i] = Some(format!(
                        "the groups' patterns are too large to match together ({e}); remove some"
                    ));
                    }
                    (RegexSet::empty(), Vec::new())
                }
            };
        Matcher {
            set,
            pattern_of,
            errors,
        }
    }

    fn matching<'a>(&'a self, name: &str) -> impl Iterator<Item = usize> + 'a {
        // Most names match no group: the yes-or-no search is much faster than asking which.
        let m = self.set.is_match(name).then(|| self.set.matches(name));
        m.into_iter().flatten().map(|k| self.pattern_of[k])
    }
}

pub(crate) fn compute(
    ctx: &super::Ctx,
    patterns: &[GroupPattern],
    timer: &mut crate::analysis::Timer,
) -> GroupsSection {
    let a = ctx.a;
    let patterns = &patterns[..patterns.len().min(MAX_GROUPS)];
    let matcher = Matcher::new(patterns);
    timer.lap("groups: patterns compiled");
    // Each class's group mask, from its DevTools name.
    let classes = a.classes();
    let mut class_mask = vec![
        0u64;
        classes
            .iter()
            .map(|c| c.index as usize + 1)
            .max()
            .unwrap_or(0)
    ];
    let mut rows: Vec<GroupRow> = patterns
        .iter()
        .zip(&matcher.errors)
        .map(|(g, error)| GroupRow {
            name: g.name.clone(),
            pattern: g.pattern.clone(),
            count: 0,
            self_size: 0,
            retained_size: 0,
            classes: Vec::new(),
            error: error.clone(),
        })
        .collect();
    for c in classes {
        for i in matcher.matching(&c.name) {
            {
                class_mask[c.index as usize] |= 1 << i;
                let r = &mut rows[i];
                r.count += c.count;
                r.self_size += c.shallow_size;
                if r.classes.len() < 5 {
                    r.classes.push(c.name.clone());
                }
            }
        }
    }
    timer.lap("groups: classes matched");
    let retained = ctx.order().outermost_by_mask(a, rows.len(), |o| {
        let c = a.node_class(o);
        if c == NO_CLASS {
            0
        } else {
            class_mask.get(c as usize).copied().unwrap_or(0)
        }
    });
    for (r, v) in rows.iter_mut().zip(retained) {
        r.retained_size = v;
    }
    timer.lap("groups: retained sizes");
    GroupsSection { groups: rows }
}

impl GroupsSection {
    /// A group by name.
    pub fn get(&self, name: &str) -> Option<&GroupRow> {
        self.groups.iter().find(|g| g.name == name)
    }
}

impl Section for GroupsSection {
    fn title(&self) -> &'static str {
        "Pattern groups"
    }

    fn markdown(&self, report: &super::Report, out: &mut String) {
        out.push_str("Classes grouped by name patterns (regular expressions over DevTools' class names); a member inside another member of its group is counted once.\n\n");
        let mut t = Table::new(&[
            ("Group", false),
            ("Pattern", false),
            ("Objects", true),
            ("Self", true),
            ("Retained", true),
            ("% of heap", true),
            ("Largest classes", false),
        ]);
        let mut empty = Vec::new();
        for g in &self.groups {
            if let Some(e) = &g.error {
                t.row(&[
                    markdown::text(&g.name, 60),
                    markdown::text(&g.pattern, 80),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    format!("invalid pattern: {}", markdown::text(e, 120)),
                ]);
                continue;
            }
            if g.count == 0 {
                empty.push(markdown::text(&g.name, 60));
                continue;
            }
            t.row(&[
                markdown::text(&g.name, 60),
                markdown::text(&g.pattern, 80),
                count(g.count),
                bytes(g.self_size),
                bytes(g.retained_size),
                percent(g.retained_size, report.overview.total_size),
                g.classes
                    .iter()
                    .map(|c| markdown::text(c, 40))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]);
        }
        out.push_str(&t.finish());
        if !empty.is_empty() {
            out.push_str(&format!("No objects match: {}.\n\n", empty.join(", ")));
        }
    }
}
