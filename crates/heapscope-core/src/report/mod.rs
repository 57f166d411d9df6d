//! The analysis report: "what fills this heap, and why", computed from a finished [`Analysis`]
//! without another pass over the file.
//!
//! One module a section, in the report's order: [`overview`], [`largest`], [`strings`], [`code`],
//! [`shapes`], [`closures`], [`detached`], [`groups`], [`suspects`], [`recommendations`]. Each
//! computes its figures from the analysis (serde types: the JSON export) and writes its Markdown
//! block through the [`Section`] trait; [`Report::sections`] lists them in order, so the CLI, the app
//! and both exports iterate one list, and a new section touches one module and that list.

pub mod budgets;
pub mod closures;
pub mod code;
pub mod detached;
mod grouped;
pub mod groups;
pub mod largest;
pub mod markdown;
pub(crate) mod nested;
pub mod objects;
pub mod overview;
pub mod recommendations;
pub mod shapes;
pub mod strings;
pub mod suspects;
pub mod units;

use crate::analysis::Analysis;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// What the sections share while the report is built: the analysis, and the dominator tree laid
/// out in depth-first order (built on first use, dropped with the context).
pub(crate) struct Ctx<'a> {
    pub a: &'a Analysis,
    order: OnceLock<nested::DomOrder>,
    names: OnceLock<Vec<u8>>,
}

/// Kinds of node name the sections test often, one bit each in [`Ctx::name_flags`].
pub(crate) mod name_flag {
    /// A container that merely sits above the size: a native context, a global object, a
    /// window, Node's `Module` or `process`.
    pub const CONTAINER: u8 = 1;
    /// Blink's heap vectors and hash tables (backing stores of native collections).
    pub const NATIVE_STORE: u8 = 2;
    /// V8's `system / …` names.
    pub const SYSTEM: u8 = 4;
    /// `system / Map`: a hidden class.
    pub const MAP: u8 = 8;
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(a: &'a Analysis) -> Self {
        Ctx {
            a,
            order: OnceLock::new(),
            names: OnceLock::new(),
        }
    }

    /// Whether node `ord`'s name has any of the [`name_flag`] bits in `flags`; the names are
    /// classified once, string by string, so no hot loop compares text.
    pub fn name_is(&self, ord: u32, flags: u8) -> bool {
        self.name_flags(ord) & flags != 0
    }

    /// All the [`name_flag`] bits of node `ord`'s name.
    pub fn name_flags(&self, ord: u32) -> u8 {
        let snap = self.a.snapshot();
        let table = self.names.get_or_init(|| {
            let strings = &snap.strings;
            (0..strings.len() as u32)
                .map(|i| {
                    let s = strings.get(i);
                    // Every flagged name starts with one of these bytes.
                    if !matches!(
                        s.as_bytes().first(),
                        Some(b's' | b'g' | b'W' | b'M' | b'p' | b'b')
                    ) {
                        return 0;
                    }
                    let mut f = 0;
                    if s.starts_with("system / NativeContext")
                        || s == "global"
                        || s.starts_with("global / ")
                        || s.starts_with("Window")
                        || s == "Module"
                        || s == "process"
                    {
                        f |= name_flag::CONTAINER;
                    }
                    if s.starts_with("blink::Heap") && s.contains("Backing") {
                        f |= name_flag::NATIVE_STORE;
                    }
                    if s.starts_with("system / ") {
                        f |= name_flag::SYSTEM;
                    }
                    if s == "system / Map" {
                        f |= name_flag::MAP;
                    }
                    f
                })
                .collect()
        });
        table
            .get(snap.node_name[ord as usize] as usize)
            .copied()
            .unwrap_or(0)
    }

    pub fn order(&self) -> &nested::DomOrder {
        self.order.get_or_init(|| nested::DomOrder::new(self.a))
    }
}

/// Where each section's task leaves its result.
#[derive(Default)]
struct SectionSlots {
    largest_objects: OnceLock<largest::LargestSection>,
    strings: OnceLock<strings::StringsSection>,
    code: OnceLock<code::CodeSection>,
    shapes: OnceLock<shapes::ShapesSection>,
    closures: OnceLock<closures::ClosuresSection>,
    detached: OnceLock<detached::DetachedSection>,
    groups: OnceLock<groups::GroupsSection>,
    leak_suspects: OnceLock<suspects::SuspectsSection>,
}

/// A section's task: computes it into `slot`, timing its own steps.
fn task<T>(
    slot: &OnceLock<T>,
    compute: impl FnOnce(&mut crate::analysis::Timer) -> T,
) -> Vec<(String, f64)> {
    let mut t = crate::analysis::Timer::new();
    let _ = slot.set(compute(&mut t));
    t.into_laps()
}

/// A section's task timed as one lap named `name`.
fn lapped<T>(slot: &OnceLock<T>, name: &str, compute: impl FnOnce() -> T) -> Vec<(String, f64)> {
    task(slot, |t| {
        let section = compute();
        t.lap(name);
        section
    })
}

/// The version of the report's JSON; bumped when a key changes meaning or disappears.
pub const REPORT_VERSION: u32 = 1;

/// What the report looks at and how much it lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportOptions {
    /// Rows per table (largest objects, strings, functions, shapes, ...).
    pub top: usize,
    /// A single object or class retaining at least this share of the heap is a leak suspect
    /// (0.10 = 10%).
    pub suspect_share: f64,
    /// The pattern groups to measure.
    pub groups: Vec<groups::GroupPattern>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            top: 20,
            suspect_share: 0.10,
            groups: groups::presets(),
        }
    }
}

/// One section of the report.
pub trait Section {
    /// The heading.
    fn title(&self) -> &'static str;
    /// The section's body in Markdown (dump strings escaped with [`markdown::text`]); `report`
    /// gives the figures other sections share (the heap total).
    fn markdown(&self, report: &Report, out: &mut String);
}

/// The whole report. Its keys are a stable JSON interface (documented in the README).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub version: u32,
    pub overview: overview::OverviewSection,
    pub largest_objects: largest::LargestSection,
    pub strings: strings::StringsSection,
    pub code: code::CodeSection,
    pub shapes: shapes::ShapesSection,
    pub closures: closures::ClosuresSection,
    pub detached: detached::DetachedSection,
    pub groups: groups::GroupsSection,
    pub leak_suspects: suspects::SuspectsSection,
    pub recommendations: recommendations::RecommendationsSection,
    /// Wall time of each step in milliseconds, for the bench (on wasm from the clock the host
    /// installs with [`crate::set_clock`]; empty without one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timings_ms: Vec<(String, f64)>,
}

impl Report {
    /// Computes every section. Natively the sections run on two threads once the structures
    /// they share (the reverse index, the dominator tree's order, the name classes) are built; on
    /// wasm one after the other.
    pub fn build(a: &Analysis, options: &ReportOptions) -> Report {
        let mut timer = crate::analysis::Timer::new();
        let top = options.top.max(1);
        let ctx = Ctx::new(a);
        let ctx = &ctx;
        // The reverse index first (natively on both threads), then the overview; meanwhile the
        // dominator tree's order and the name classes the sections share.
        a.retainers();
        timer.lap("retainers index");
        let ((overview, laps_overview), laps_shared) = crate::analysis::fork_join(
            || {
                let mut t = crate::analysis::Timer::new();
                let overview = overview::compute(a);
                t.lap("overview");
                (overview, t.into_laps())
            },
            || {
                let mut t = crate::analysis::Timer::new();
                ctx.order();
                t.lap("dominator tree order");
                ctx.name_is(a.root_ordinal(), 0);
                t.lap("name classes");
                a.is_context(a.root_ordinal());
                t.lap("contexts");
                t.into_laps()
            },
        );
        timer.lap("overview and shared structures (in parallel)");
        timer.extend(laps_overview);
        timer.extend(laps_shared);
        // The sections, longest first (natively two threads take the next one not yet taken).
        let s = SectionSlots::default();
        let laps = crate::analysis::run_shared(&[
            &|| {
                task(&s.leak_suspects, |t| {
                    suspects::compute(ctx, options.suspect_share, top, t)
                })
            },
            &|| task(&s.strings, |t| strings::compute(a, top, t)),
            &|| lapped(&s.shapes, "shapes", || shapes::compute(ctx, top)),
            &|| lapped(&s.code, "code", || code::compute(ctx, top)),
            &|| lapped(&s.detached, "detached", || detached::compute(ctx, top)),
            &|| {
                lapped(&s.largest_objects, "largest objects", || {
                    largest::compute(a, top)
                })
            },
            &|| lapped(&s.closures, "closures", || closures::compute(ctx, top)),
            &|| task(&s.groups, |t| groups::compute(ctx, &options.groups, t)),
        ]);
        timer.lap("sections (in parallel)");
        for l in laps {
            timer.extend(l);
        }
        let ran = "every section's task ran";
        let mut report = Report {
            version: REPORT_VERSION,
            overview,
            largest_objects: s.largest_objects.into_inner().expect(ran),
            strings: s.strings.into_inner().expect(ran),
            code: s.code.into_inner().expect(ran),
            shapes: s.shapes.into_inner().expect(ran),
            closures: s.closures.into_inner().expect(ran),
            detached: s.detached.into_inner().expect(ran),
            groups: s.groups.into_inner().expect(ran),
            leak_suspects: s.leak_suspects.into_inner().expect(ran),
            recommendations: Default::default(),
            timings_ms: Vec::new(),
        };
        report.recommendations = recommendations::compute(&report);
        timer.lap("recommendations");
        report.timings_ms = timer.into_laps();
        report
    }

    /// The sections in the report's order.
    pub fn sections(&self) -> [&dyn Section; 10] {
        [
            &self.overview,
            &self.largest_objects,
            &self.strings,
            &self.code,
            &self.shapes,
            &self.closures,
            &self.detached,
            &self.groups,
            &self.leak_suspects,
            &self.recommendations,
        ]
    }

    /// The report as Markdown: a title, the key findings, then every section in order.
    pub fn to_markdown(&self, title: &str) -> String {
        let mut out = format!("# Heap analysis: {}\n\n", markdown::text(title, 200));
        out.push_str("## Key findings\n\n");
        self.recommendations.summary_markdown(
            &self.leak_suspects,
            self.overview.total_size,
            &mut out,
        );
        for (i, s) in self.sections().iter().enumerate() {
            out.push_str(&format!("## {}. {}\n\n", i + 1, s.title()));
            s.markdown(self, &mut out);
        }
        out.push_str("---\n\n*Generated by Heapscope from one heap snapshot; sizes in decimal units as in Chrome DevTools, figures equal to DevTools'.*\n");
        out
    }

    /// The report as one pretty-printed JSON object.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report serializes")
    }
}

/// An object's explaining path as plain text (for sentences; escape before writing Markdown).
pub(crate) fn explain_text(o: &objects::ObjectEntry) -> String {
    crate::analysis::path_text(&o.retainer_path)
}
