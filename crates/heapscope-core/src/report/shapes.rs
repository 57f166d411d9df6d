//! Section 5, Hidden classes and object shapes: V8's maps (hidden classes: count and size), and JS
//! objects grouped by constructor and property-name set, ranked by what they retain, so "75,747
//! shapes" becomes "these five shapes are most of it". A shape's retained size counts an object
//! only when no object of the same shape dominates it.

use super::grouped::Grouped;
use super::markdown::{self, Table};
use super::objects::NodeRef;
use super::units::{bytes, count, percent};
use super::Section;
use serde::{Deserialize, Serialize};

/// Property names listed per shape.
const NAMES_SHOWN: usize = 12;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShapesSection {
    /// V8 maps (`system / Map` nodes): the hidden classes themselves.
    pub map_count: u64,
    pub map_size: u64,
    /// Distinct (constructor, property-name set) shapes among JS objects.
    pub shape_count: u64,
    /// JS objects grouped into shapes.
    pub object_count: u64,
    pub shapes: Vec<ShapeRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShapeRow {
    /// The constructor name (DevTools' raw name of the objects).
    pub constructor: String,
    /// Property names in the order of the largest instance (at most 12), and how many there are.
    pub properties: Vec<String>,
    pub property_count: u64,
    pub count: u64,
    pub self_size: u64,
    pub retained_size: u64,
    /// The instance that retains most.
    pub example: NodeRef,
}

/// splitmix64's finalizer: spreads an index over all 64 bits.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

pub(crate) fn compute(ctx: &super::Ctx, top: usize) -> ShapesSection {
    let a = ctx.a;
    let snap = a.snapshot();
    let t = &snap.types;
    let (mut map_count, mut map_size) = (0u64, 0u64);
    let proto = snap.strings.indices_of("__proto__");
    let mut shapes = Grouped::new(snap.node_count());
    for o in 0..snap.node_count() as u32 {
        let ord = o as usize;
        let flags = ctx.name_flags(o);
        if flags & super::name_flag::MAP != 0 {
            map_count += 1;
            map_size += a.self_size(o);
            continue;
        }
        if snap.node_type[ord] != t.object || flags & super::name_flag::SYSTEM != 0 {
            continue;
        }
        // The property-name set as an order-free hash: the sum of a mix of each name's index
        // (V8 gives an object each property once), with the count.
        let (mut set_hash, mut names) = (0u64, 0u64);
        for e in snap.edges_of(o) {
            if snap.edge_type[e] == t.edge_property && !proto.contains(&snap.edge_name[e]) {
                set_hash = set_hash.wrapping_add(mix(snap.edge_name[e] as u64));
                names += 1;
            }
        }
        shapes.add(
            a,
            o,
            (snap.node_name[ord], set_hash ^ names.rotate_left(56)),
        );
    }
    let shape_count = shapes.groups.len() as u64;
    let object_count = shapes.groups.iter().map(|g| g.count).sum();
    let rows = shapes
        .ranked(ctx, top)
        .into_iter()
        .map(|(g, retained)| {
            let props: Vec<String> = snap
                .edges_of(g.largest)
                .filter(|&e| {
                    snap.edge_type[e] == t.edge_property && !proto.contains(&snap.edge_name[e])
                })
                .map(|e| snap.strings.get(snap.edge_name[e]).to_owned())
                .collect();
            ShapeRow {
                constructor: snap.node_name_str(g.first).to_owned(),
                property_count: props.len() as u64,
                properties: props.into_iter().take(NAMES_SHOWN).collect(),
                count: g.count,
                self_size: g.self_size,
                retained_size: retained,
                example: NodeRef::new(a, g.largest),
            }
        })
        .collect();
    ShapesSection {
        map_count,
        map_size,
        shape_count,
        object_count,
        shapes: rows,
    }
}

impl Section for ShapesSection {
    fn title(&self) -> &'static str {
        "Hidden classes and object shapes"
    }

    fn markdown(&self, report: &super::Report, out: &mut String) {
        out.push_str(&format!(
            "V8 keeps {} hidden classes (maps) of {}. {} JS objects have {} distinct shapes (constructor and property names); the ones that retain most:\n\n",
            count(self.map_count),
            bytes(self.map_size),
            count(self.object_count),
            count(self.shape_count)
        ));
        let mut t = Table::new(&[
            ("Constructor", false),
            ("Properties", false),
            ("Objects", true),
            ("Self", true),
            ("Retained", true),
            ("% of heap", true),
            ("Example", false),
        ]);
        for s in &self.shapes {
            let mut props = s
                .properties
                .iter()
                .map(|p| markdown::text(p, 40))
                .collect::<Vec<_>>()
                .join(", ");
            if s.property_count > s.properties.len() as u64 {
                props.push_str(&format!(", … ({} in all)", s.property_count));
            }
            t.row(&[
                markdown::text(&s.constructor, 60),
                format!("{{{props}}}"),
                count(s.count),
                bytes(s.self_size),
                bytes(s.retained_size),
                percent(s.retained_size, report.overview.total_size),
                markdown::object_link(&format!("@{}", s.example.id), s.example.id),
            ]);
        }
        out.push_str(&t.finish());
    }
}
