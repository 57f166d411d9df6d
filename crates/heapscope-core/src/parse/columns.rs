//! Where parsed numbers and strings land: the columns of a [`HeapSnapshot`] being filled record by
//! record, with every value checked against the header as it arrives (field ranges, `to_node`
//! alignment, counts), and the final consistency checks once the input ends.

use super::header::{EdgeField, Layout, LocationField, NodeField};
use crate::error::{ParseError, ParseErrorKind};
use crate::snapshot::{HeapSnapshot, Location};
use crate::strings::StringTable;

/// The columns under construction plus the position inside the current record of each section.
pub(crate) struct Columns {
    pub layout: Layout,
    nfc: u32,
    /// The snapshot being filled; its columns grow record by record.
    pub snap: HeapSnapshot,
    /// Numbers received so far in the current section and the field position within its record.
    pub count: u64,
    field: usize,
    edge_sum: u64,
    record: [u64; MAX_FIELDS],
    node_pos: NodePositions,
    edge_pos: EdgePositions,
    edge_field_count: usize,
}

/// Most fields a node, edge or location record may have.
pub(crate) const MAX_FIELDS: usize = 16;

#[derive(Clone, Copy)]
struct NodePositions {
    ty: usize,
    name: usize,
    id: usize,
    self_size: usize,
    edge_count: usize,
    trace: Option<usize>,
    detachedness: Option<usize>,
}

#[derive(Clone, Copy)]
struct EdgePositions {
    ty: usize,
    name: usize,
    to: usize,
}

/// A node or edge record that is one too many, or whose type is not in the meta.
#[cold]
#[inline(never)]
fn record_error(
    what: &str,
    full: bool,
    announced: usize,
    ty: u64,
    types: usize,
    offset: u64,
) -> ParseError {
    let message = if full {
        format!("the {what}s array holds more than the {announced} {what}s the header announces")
    } else {
        format!("{what} type {ty} is not one of the {types} types in meta.{what}_types")
    };
    ParseError::new(ParseErrorKind::Inconsistent, offset, message)
}

#[cold]
#[inline(never)]
fn too_big(offset: u64, what: &str, v: u64) -> ParseError {
    ParseError::new(
        ParseErrorKind::Inconsistent,
        offset,
        format!("{what} {v} does not fit in 32 bits"),
    )
}

impl Columns {
    pub fn new(layout: Layout) -> Self {
        let n = layout.node_count;
        let e = layout.edge_count;
        let trace = layout.has_trace_node_id && layout.trace_function_count > 0;
        let mut first_edge = Vec::with_capacity(n + 1);
        first_edge.push(0);
        Columns {
            nfc: layout.node_fields.len() as u32,
            snap: HeapSnapshot {
                types: layout.types.clone(),
                root: (layout.root_index / layout.node_fields.len() as u64) as u32,
                extra_native_bytes: layout.extra_native_bytes,
                trace_function_count: layout.trace_function_count,
                node_type: Vec::with_capacity(n),
                node_name: Vec::with_capacity(n),
                node_id: Vec::with_capacity(n),
                node_self_size: Vec::with_capacity(n),
                node_detachedness: Vec::with_capacity(n),
                node_trace_id: if trace {
                    Vec::with_capacity(n)
                } else {
                    Vec::new()
                },
                first_edge,
                edge_type: Vec::with_capacity(e),
                edge_name: Vec::with_capacity(e),
                edge_to: Vec::with_capacity(e),
                strings: StringTable::new(),
                locations: Vec::new(),
                samples: Vec::new(),
                trace_function_infos: Vec::new(),
                trace_tree: Vec::new(),
            },
            count: 0,
            field: 0,
            edge_sum: 0,
            record: [0; MAX_FIELDS],
            node_pos: Self::node_positions(&layout),
            edge_pos: Self::edge_positions(&layout),
            edge_field_count: layout.edge_fields.len(),
            layout,
        }
    }

    /// Resets the per-section counters before a new number array.
    pub fn start_section(&mut self) {
        self.count = 0;
        self.field = 0;
    }

    /// Position of each known field in a node record, resolved once from the layout.
    fn node_positions(layout: &Layout) -> NodePositions {
        let find = |f: NodeField| layout.node_fields.iter().position(|&x| x == f);
        NodePositions {
            ty: find(NodeField::Type).unwrap(),
            name: find(NodeField::Name).unwrap(),
            id: find(NodeField::Id).unwrap(),
            self_size: find(NodeField::SelfSize).unwrap(),
            edge_count: find(NodeField::EdgeCount).unwrap(),
            trace: find(NodeField::TraceNodeId).filter(|_| layout.trace_function_count > 0),
            detachedness: find(NodeField::Detachedness),
        }
    }

    fn edge_positions(layout: &Layout) -> EdgePositions {
        let find = |f: EdgeField| layout.edge_fields.iter().position(|&x| x == f).unwrap();
        EdgePositions {
            ty: find(EdgeField::Type),
            name: find(EdgeField::Name),
            to: find(EdgeField::ToNode),
        }
    }

    /// A batch of numbers of the `nodes` array: whole records are checked and stored straight from the
    /// batch; a record split between batches waits in `record`.
    #[inline(always)]
    pub fn node_values(&mut self, vals: &[u64], offset: u64) -> Result<(), ParseError> {
        self.records(vals, self.nfc as usize, offset, Self::commit_node)
    }

    /// A batch of numbers of the `edges` array, like [`Self::node_values`].
    #[inline(always)]
    pub fn edge_values(&mut self, vals: &[u64], offset: u64) -> Result<(), ParseError> {
        self.records(vals, self.edge_field_count, offset, Self::commit_edge)
    }

    /// Splits a batch into records of `width` numbers and commits each one.
    #[inline(always)]
    fn records(
        &mut self,
        mut vals: &[u64],
        width: usize,
        offset: u64,
        commit: fn(&mut Self, &[u64], u64) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        self.count += vals.len() as u64;
        while self.field != 0 && !vals.is_empty() {
            self.record[self.field] = vals[0];
            vals = &vals[1..];
            self.field += 1;
            if self.field == width {
                self.field = 0;
                let record = self.record;
                commit(self, &record[..width], offset)?;
            }
        }
        let mut whole = vals.chunks_exact(width);
        for record in &mut whole {
            commit(self, record, offset)?;
        }
        for &v in whole.remainder() {
            self.record[self.field] = v;
            self.field += 1;
        }
        Ok(())
    }

    #[inline(always)]
    fn commit_node(&mut self, r: &[u64], offset: u64) -> Result<(), ParseError> {
        let p = self.node_pos;
        let (ty, name, id, edges) = (r[p.ty], r[p.name], r[p.id], r[p.edge_count]);
        if ty >= self.layout.types.node_type_names.len() as u64
            || self.snap.node_type.len() == self.layout.node_count
        {
            return Err(self.node_type_error(ty, offset));
        }
        if name > u32::MAX as u64 {
            return Err(too_big(offset, "node name index", name));
        }
        if id > u32::MAX as u64 {
            return Err(too_big(offset, "node id", id));
        }
        self.edge_sum += edges;
        if self.edge_sum > self.layout.edge_count as u64 {
            return Err(self.edge_sum_error(offset));
        }
        self.snap.node_type.push(ty as u8);
        self.snap.node_name.push(name as u32);
        self.snap.node_id.push(id as u32);
        // V8 writes sizes that fit; DevTools keeps them in a Uint32Array as well.
        self.snap.node_self_size.push(r[p.self_size] as u32);
        self.snap.first_edge.push(self.edge_sum as u32);
        if let Some(t) = p.trace {
            self.snap.node_trace_id.push(r[t] as u32);
        }
        if let Some(d) = p.detachedness {
            self.snap.node_detachedness.push(r[d].min(3) as u8);
        }
        Ok(())
    }

    #[inline(always)]
    fn commit_edge(&mut self, r: &[u64], offset: u64) -> Result<(), ParseError> {
        let p = self.edge_pos;
        let (ty, name, to_index) = (r[p.ty], r[p.name], r[p.to]);
        if ty >= self.layout.types.edge_type_names.len() as u64
            || self.snap.edge_type.len() == self.layout.edge_count
        {
            return Err(self.edge_type_error(ty, offset));
        }
        if name > u32::MAX as u64 {
            return Err(too_big(offset, "edge name", name));
        }
        let nfc = self.nfc as u64;
        let to = to_index / nfc;
        if to * nfc != to_index || to >= self.layout.node_count as u64 {
            return Err(self.to_node_error(to_index, offset));
        }
        self.snap.edge_type.push(ty as u8);
        self.snap.edge_name.push(name as u32);
        self.snap.edge_to.push(to as u32);
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn node_type_error(&self, v: u64, offset: u64) -> ParseError {
        let full = self.snap.node_type.len() == self.layout.node_count;
        record_error(
            "node",
            full,
            self.layout.node_count,
            v,
            self.layout.types.node_type_names.len(),
            offset,
        )
    }

    #[cold]
    #[inline(never)]
    fn edge_type_error(&self, v: u64, offset: u64) -> ParseError {
        let full = self.snap.edge_type.len() == self.layout.edge_count;
        record_error(
            "edge",
            full,
            self.layout.edge_count,
            v,
            self.layout.types.edge_type_names.len(),
            offset,
        )
    }

    #[cold]
    #[inline(never)]
    fn edge_sum_error(&self, offset: u64) -> ParseError {
        ParseError::new(
            ParseErrorKind::Inconsistent,
            offset,
            format!("the nodes' edge_count fields add up to more than the {} edges the header announces", self.layout.edge_count),
        )
    }

    #[cold]
    #[inline(never)]
    fn to_node_error(&self, v: u64, offset: u64) -> ParseError {
        ParseError::new(
            ParseErrorKind::Inconsistent,
            offset,
            format!(
                "edge {} points at node index {v}, which is not the start of one of the {} nodes",
                self.count / self.layout.edge_fields.len() as u64,
                self.layout.node_count
            ),
        )
    }

    pub fn location_value(&mut self, v: u64) {
        let len = self.layout.location_fields.len().max(1);
        self.record[self.field & (MAX_FIELDS - 1)] = v;
        self.field += 1;
        self.count += 1;
        if self.field == len {
            self.field = 0;
            let mut loc = Location {
                ordinal: u32::MAX,
                script_id: 0,
                line: 0,
                column: 0,
            };
            for (i, f) in self
                .layout
                .location_fields
                .iter()
                .enumerate()
                .take(MAX_FIELDS)
            {
                let v = self.record[i];
                match f {
                    LocationField::ObjectIndex => {
                        loc.ordinal = (v / self.nfc as u64).min(u32::MAX as u64) as u32
                    }
                    LocationField::ScriptId => loc.script_id = v as u32,
                    LocationField::Line => loc.line = v as u32,
                    LocationField::Column => loc.column = v as u32,
                    LocationField::Ignored => {}
                }
            }
            if (loc.ordinal as usize) < self.layout.node_count {
                self.snap.locations.push(loc);
            }
        }
    }

    pub fn sample_value(&mut self, v: u64) {
        let (ts, id, len) = self.layout.sample_fields;
        self.record[self.field & (MAX_FIELDS - 1)] = v;
        self.field += 1;
        self.count += 1;
        if self.field == len {
            self.field = 0;
            self.snap.samples.push((
                self.record[ts & (MAX_FIELDS - 1)],
                self.record[id & (MAX_FIELDS - 1)],
            ));
        }
    }

    pub fn trace_function_value(&mut self, v: u64) {
        self.count += 1;
        self.snap.trace_function_infos.push(v as u32);
    }

    /// Checks the finished sections against the header and builds the snapshot.
    pub fn finish(mut self, offset: u64) -> Result<HeapSnapshot, ParseError> {
        let inconsistent = |m: String| ParseError::new(ParseErrorKind::Inconsistent, offset, m);
        let n = self.layout.node_count;
        let complete_nodes = self
            .snap
            .node_self_size
            .len()
            .min(self.snap.node_type.len())
            .min(self.snap.first_edge.len() - 1);
        if complete_nodes != n || self.snap.node_type.len() != n {
            return Err(inconsistent(format!(
                "the header announces {n} nodes but the nodes array holds {}",
                self.snap.node_type.len()
            )));
        }
        if self.snap.edge_to.len() != self.layout.edge_count
            || self.snap.edge_type.len() != self.layout.edge_count
        {
            return Err(inconsistent(format!(
                "the header announces {} edges but the edges array holds {}",
                self.layout.edge_count,
                self.snap.edge_to.len()
            )));
        }
        if self.edge_sum != self.layout.edge_count as u64 {
            return Err(inconsistent(format!(
                "the nodes' edge_count fields add up to {} but there are {} edges",
                self.edge_sum, self.layout.edge_count
            )));
        }
        if self.snap.strings.overflowed() {
            return Err(ParseError::new(
                ParseErrorKind::TooLarge,
                offset,
                "the strings section holds more than 4 GiB of text",
            ));
        }
        let string_count = self.snap.strings.len() as u32;
        if let Some(bad) = self.snap.node_name.iter().position(|&s| s >= string_count) {
            return Err(inconsistent(format!(
                "node {bad} names string {} but the strings section has only {string_count} strings",
                self.snap.node_name[bad]
            )));
        }
        let types = &self.layout.types;
        for (i, (&t, &s)) in self
            .snap
            .edge_type
            .iter()
            .zip(&self.snap.edge_name)
            .enumerate()
        {
            if s >= string_count && types.edge_has_string_name(t) {
                return Err(inconsistent(format!(
                    "edge {i} names string {s} but the strings section has only {string_count} strings"
                )));
            }
        }
        if self.snap.node_detachedness.len() != n {
            self.snap.node_detachedness = vec![0; n];
        }
        if self.snap.node_trace_id.len() != n {
            self.snap.node_trace_id = Vec::new();
        }
        self.snap.locations.sort_by_key(|l| l.ordinal);
        // DevTools' location map keeps the last record for a node.
        let mut deduped: Vec<Location> = Vec::with_capacity(self.snap.locations.len());
        for l in self.snap.locations.drain(..) {
            match deduped.last_mut() {
                Some(last) if last.ordinal == l.ordinal => *last = l,
                _ => deduped.push(l),
            }
        }
        self.snap.strings.shrink_to_fit();
        self.snap.locations = deduped;
        Ok(self.snap)
    }
}
