//! Section 10, Recommendations: what to do, derived from the other sections' findings by explicit
//! rules, each with its evidence, an estimated saving (an upper bound: what would be freed if the
//! finding went away entirely) and a priority by the share of the heap at stake: P0 from 20%, P1
//! from 10%, P2 from 2%, P3 below.
//!
//! Rules, in order: every accumulation point (bound the collection, or remove listeners), every
//! large object, every spread class (the leak suspects); duplicated strings when interning saves at
//! least 1%; strings of 10,000+ characters when they hold at least 5%; detached DOM and native
//! objects when they retain at least 1% or number 100+; a function with 1,000+ closures; code
//! above 25% of the heap; hidden classes above 5%.

use super::markdown::{self, Table};
use super::suspects::{SuspectKind, SuspectsSection};
use super::units::{bytes, count, percent};
use super::{Report, Section};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecommendationsSection {
    /// Highest priority first, then largest saving.
    pub items: Vec<Recommendation>,
    /// Sum of the savings, at most the heap (findings can overlap, so this is an upper bound).
    pub total_saving: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// `P0` (most urgent) to `P3`.
    pub priority: String,
    /// The finding in a few words (the summary table's first column).
    pub finding: String,
    /// What to do.
    pub action: String,
    /// The evidence: the finding's figures and, for objects, the path that explains them.
    pub evidence: String,
    /// The object the finding is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_id: Option<u64>,
    /// Estimated bytes saved (upper bound).
    pub saving: u64,
    /// The report section the finding comes from.
    pub section: String,
}

fn priority(size: u64, total: u64) -> &'static str {
    let share = size as f64 / total.max(1) as f64;
    if share >= 0.20 {
        "P0"
    } else if share >= 0.10 {
        "P1"
    } else if share >= 0.02 {
        "P2"
    } else {
        "P3"
    }
}

pub fn compute(r: &Report) -> RecommendationsSection {
    let total = r.overview.total_size;
    let mut items: Vec<Recommendation> = Vec::new();
    let mut push = |size: u64,
                    finding: String,
                    action: &str,
                    evidence: String,
                    object_id: Option<u64>,
                    section: &str| {
        items.push(Recommendation {
            priority: priority(size, total).to_owned(),
            finding,
            action: action.to_owned(),
            evidence,
            object_id,
            saving: size,
            section: section.to_owned(),
        })
    };
    for s in &r.leak_suspects.suspects {
        let path = super::explain_text(&s.object);
        match (&s.kind, &s.accumulates) {
            (SuspectKind::Accumulation, Some(acc)) => {
                let listeners = s.object.retainer_path.last().is_some_and(|p| {
                    matches!(p.edge.as_str(), "listeners" | "_events") || is_event_name(&p.edge)
                }) && s.object.node_type == "object"
                    && acc.example.node_type == "closure";
                let action = if listeners {
                    "Remove each listener when what it serves is done (emitter.off / removeEventListener, or an AbortSignal), or register one listener that looks the objects up."
                } else {
                    "Bound this collection: evict entries (an LRU with a size limit, or a TTL), delete entries when their owner is done, or hold values weakly (WeakRef / WeakMap) when they can be recomputed."
                };
                push(
                    s.size,
                    format!(
                        "{} × {} in {}",
                        count(acc.count),
                        acc.class,
                        super::suspects::holder_name(&s.object)
                    ),
                    action,
                    format!("{} Path: {path}.", s.summary),
                    Some(s.object.id),
                    "Leak suspects",
                );
            }
            (SuspectKind::Class, Some(acc)) => push(
                s.size,
                format!("{} {} objects", count(acc.count), acc.class),
                "Find out why these objects outlive their use: follow the retainers of a few instances (the largest below) to the code that keeps them.",
                format!("{} Largest: {}.", s.summary, super::explain_text(&acc.example)),
                Some(acc.example.id),
                "Leak suspects",
            ),
            _ => push(
                s.size,
                format!(
                    "{} ({})",
                    super::suspects::holder_name(&s.object),
                    bytes(s.object.retained_size)
                ),
                "Check that this object should be this large and live this long; release it (or what it holds) when done.",
                format!("{} Path: {path}.", s.summary),
                Some(s.object.id),
                "Leak suspects",
            ),
        }
    }
    let d = &r.strings.duplicates;
    if d.total_saving * 100 >= total && d.total_saving > 0 {
        let top: Vec<String> = d
            .groups
            .iter()
            .take(3)
            .map(|g| {
                format!(
                    "\"{}\" × {}",
                    g.value.chars().take(40).collect::<String>(),
                    count(g.count)
                )
            })
            .collect();
        push(
            d.total_saving,
            format!("{} duplicated string values", count(d.group_count)),
            "Deduplicate repeated strings: intern values that repeat (a Map from value to one shared string), and avoid building the same string per request.",
            format!("{} copies of {} values hold {}; for example {}.", count(d.duplicated_count), count(d.group_count), bytes(d.duplicated_size), top.join(", ")),
            None,
            "Strings",
        );
    }
    let long: (u64, u64) = r
        .strings
        .buckets
        .iter()
        .filter(|b| b.min_chars >= 10_000)
        .fold((0, 0), |(c, s), b| (c + b.count, s + b.size));
    if long.1 * 20 >= total && long.1 > 0 {
        push(
            long.1,
            format!("{} strings of 10,000+ characters", count(long.0)),
            "Keep large payloads out of the heap: stream or compress them, keep the parsed form only, or read them on demand.",
            format!("{} strings of 10,000 characters or more hold {}.", count(long.0), bytes(long.1)),
            None,
            "Strings",
        );
    }
    let det = &r.detached;
    if det.count > 0 && (det.retained_size * 100 >= total || det.count >= 100) {
        let owner = det.owners.first();
        push(
            det.retained_size,
            format!("{} detached DOM / native objects", count(det.count)),
            "Drop the references that keep removed DOM trees alive (arrays of elements, widgets, listeners) when the elements are removed.",
            match owner {
                Some(o) => format!(
                    "{} detached objects retain {}; most are kept by {} {} objects through `{}` (the largest: {}).",
                    count(det.count),
                    bytes(det.retained_size),
                    count(o.kind.owners),
                    o.kind.class,
                    o.kind.edge,
                    super::explain_text(&o.owner)
                ),
                None => format!("{} detached objects retain {}, held by GC roots.", count(det.count), bytes(det.retained_size)),
            },
            owner.map(|o| o.owner.id),
            "Detached objects",
        );
    }
    if let Some(f) = r.closures.functions.iter().find(|f| f.count >= 1_000) {
        push(
            f.self_size,
            format!("{} closures of {}", count(f.count), f.function.label()),
            "Create the function once and pass it the data it needs, instead of a new closure (and context) per object or request.",
            format!("{} closures of {} retain {}.", count(f.count), f.function.label(), bytes(f.retained_size)),
            Some(f.largest.id),
            "Closures",
        );
    }
    if r.code.size * 4 >= total {
        push(
            0,
            format!("code is {} of the heap", percent(r.code.size, total)),
            "Load less code: require modules lazily where they are rarely used, and drop unused dependencies.",
            format!("{} code objects hold {}.", count(r.code.count), bytes(r.code.size)),
            None,
            "Code",
        );
    }
    if r.shapes.map_size * 20 >= total {
        push(
            0,
            format!("{} hidden classes", count(r.shapes.map_count)),
            "Create objects of one kind with the same properties in the same order (constructors or factories), so they share hidden classes.",
            format!("{} maps hold {}.", count(r.shapes.map_count), bytes(r.shapes.map_size)),
            None,
            "Hidden classes and object shapes",
        );
    }
    items.sort_by(|x, y| x.priority.cmp(&y.priority).then(y.saving.cmp(&x.saving)));
    let total_saving = items.iter().map(|i| i.saving).sum::<u64>().min(total);
    RecommendationsSection {
        items,
        total_saving,
    }
}

/// A property name that looks like an event (`tick`, `data`, `onResize`).
fn is_event_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-')
}

impl RecommendationsSection {
    /// The key findings at the top of the report: the suspects in one sentence each, and the
    /// recommendation summary table with the total.
    pub fn summary_markdown(&self, suspects: &SuspectsSection, total: u64, out: &mut String) {
        if suspects.suspects.is_empty() {
            out.push_str("No leak suspect stands out.\n\n");
        }
        for (i, s) in suspects.suspects.iter().take(3).enumerate() {
            out.push_str(&format!(
                "{}. {} Path: {}\n",
                i + 1,
                markdown::text(&s.summary, 400),
                s.object.path_markdown(300)
            ));
        }
        out.push('\n');
        self.table(total, out);
    }

    fn table(&self, total: u64, out: &mut String) {
        if self.items.is_empty() {
            return;
        }
        let mut t = Table::new(&[("Finding", false), ("Impact", true), ("Priority", false)]);
        for i in &self.items {
            let impact = if i.saving == 0 {
                "—".to_owned()
            } else {
                format!("{} ({})", bytes(i.saving), percent(i.saving, total))
            };
            t.row(&[markdown::text(&i.finding, 120), impact, i.priority.clone()]);
        }
        out.push_str(&t.finish());
        out.push_str(&format!(
            "**Total potential saving: up to {} ({} of the heap)**; findings can overlap.\n\n",
            bytes(self.total_saving),
            percent(self.total_saving, total)
        ));
    }
}

impl Section for RecommendationsSection {
    fn title(&self) -> &'static str {
        "Recommendations"
    }

    fn markdown(&self, report: &Report, out: &mut String) {
        if self.items.is_empty() {
            out.push_str("Nothing to recommend: no finding passed its rule's threshold.\n\n");
            return;
        }
        for (n, i) in self.items.iter().enumerate() {
            let link = i
                .object_id
                .map(|id| format!(" {}", markdown::object_link("(open)", id)))
                .unwrap_or_default();
            let saving = if i.saving == 0 {
                String::new()
            } else {
                format!(", saves up to {}", bytes(i.saving))
            };
            out.push_str(&format!(
                "### {}. [{}] {}{saving}\n\n{}\n\nEvidence ({}): {}{link}\n\n",
                n + 1,
                i.priority,
                markdown::text(&i.finding, 160),
                i.action,
                i.section,
                markdown::text(&i.evidence, 800),
            ));
        }
        self.table(report.overview.total_size, out);
    }
}
