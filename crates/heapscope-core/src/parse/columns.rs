//! Where parsed numbers and strings land: the columns of a [`HeapSnapshot`] being filled record by
//! record, with every value checked as it arrives (field ranges, `to_node` alignment), and the
//! consistency checks once a section or the input ends.
//!
//! The header's counts only size the columns. The arrays decide: a `nodes` array of whole records,
//! an `edges` array whose length equals the sum of the nodes' `edge_count` fields and whose every
//! `to_node` starts a node are consistent with each other whatever the header says (Hermes writes
//! `node_count: 0`), and open with a warning. Anything else cannot be trusted and is an error.

use super::batch::{self, EdgeColumns, EdgeRules, Ids, NodeColumns, NodeRules};
use super::exact_div::ExactDivisor;
use super::header::{EdgeField, Layout, LocationField, NodeField, MAX_RECORDS};
use crate::error::{ParseError, ParseErrorKind};
use crate::snapshot::{HeapSnapshot, Location, Locations, NodeIds};
use crate::strings::StringTable;

/// The columns under construction plus the position inside the current record of each section.
pub(crate) struct Columns {
    pub layout: Layout,
    pub(super) nfc: u32,
    /// `nfc` as the divisor of edges' `to_node` fields.
    pub(super) to_node: ExactDivisor,
    /// The snapshot being filled; its columns grow record by record.
    pub snap: HeapSnapshot,
    /// Numbers received so far in the current section and the field position within its record.
    pub count: u64,
    /// Sum of the `edge_count` fields of the nodes so far: the edges the `edges` array must hold.
    pub edge_sum: u64,
    /// The largest string index an edge with a string name names so far (see
    /// [`EdgeColumns::largest_name`]).
    pub largest_edge_string: u32,
    /// The `locations` records so far, in the file's order.
    pub locations: Vec<Location>,
    /// The `nodes` array has closed: the node count is known.
    pub nodes_done: bool,
    /// The record being read, its fields so far.
    pub(super) open: OpenRecord,
    pub(super) node_pos: NodePositions,
    pub(super) edge_pos: EdgePositions,
    pub(super) edge_field_count: usize,
    pub(super) declared_node_types: u64,
    pub(super) declared_edge_types: u64,
}

/// Most fields a node, edge or location record may have.
pub(crate) const MAX_FIELDS: usize = 16;

/// The numbers of a record that batches have only begun.
#[derive(Clone, Copy, Default)]
pub(super) struct OpenRecord {
    pub values: [u64; MAX_FIELDS],
    /// How many of its fields have arrived.
    pub field: usize,
}

impl OpenRecord {
    /// Splits a batch into records of `width` numbers: returns the record its first numbers complete
    /// and the batch's whole records after it (to be taken straight from the batch); the numbers left
    /// over begin the next record.
    #[inline(always)]
    pub fn split<'a>(
        &mut self,
        mut vals: &'a [u64],
        width: usize,
    ) -> (Option<[u64; MAX_FIELDS]>, &'a [u64]) {
        let mut completed = None;
        while self.field != 0 && !vals.is_empty() {
            self.values[self.field] = vals[0];
            vals = &vals[1..];
            self.field += 1;
            if self.field == width {
                self.field = 0;
                completed = Some(self.values);
            }
        }
        let whole = vals.len() / width * width;
        for &v in &vals[whole..] {
            self.values[self.field] = v;
            self.field += 1;
        }
        (completed, &vals[..whole])
    }
}

/// Records reserved up front when the input's size is unknown (the header could be lying).
const UNBOUNDED_RESERVE: u64 = 1 << 16;

/// Undeclared type indexes past this are not a producer's extra type but a corrupt file.
const MAX_TYPE_INDEX: u64 = u8::MAX as u64;

#[derive(Clone, Copy)]
pub(super) struct NodePositions {
    pub ty: usize,
    pub name: usize,
    pub id: usize,
    pub self_size: usize,
    pub edge_count: usize,
    pub trace: Option<usize>,
    pub detachedness: Option<usize>,
}

#[derive(Clone, Copy)]
pub(super) struct EdgePositions {
    pub ty: usize,
    pub name: usize,
    pub to: usize,
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

#[cold]
#[inline(never)]
fn too_many(offset: u64, what: &str) -> ParseError {
    ParseError::new(
        ParseErrorKind::TooLarge,
        offset,
        format!("the snapshot has more than {MAX_RECORDS} {what}, more than Heapscope handles"),
    )
}

fn plural(n: u64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

impl Columns {
    /// Columns pre-sized for the header's counts, but never for more records than `reserve_bytes`
    /// of JSON text can hold (`None`: the input's size is unknown, reserve little and grow).
    pub fn new(layout: Layout, reserve_bytes: Option<u64>) -> Self {
        let nfc = layout.node_fields.len() as u64;
        let efc = layout.edge_fields.len() as u64;
        let cap = |declared: u64, per_record: u64| {
            let most = reserve_bytes.map_or(UNBOUNDED_RESERVE, |b| b / (2 * per_record));
            declared.min(most) as usize
        };
        let n = cap(layout.declared_nodes, nfc);
        let e = cap(layout.declared_edges, efc);
        let trace = layout.has_trace_node_id && layout.trace_function_count > 0;
        let mut first_edge = Vec::with_capacity(n + 1);
        first_edge.push(0);
        Columns {
            nfc: nfc as u32,
            to_node: ExactDivisor::new(nfc),
            snap: HeapSnapshot {
                types: layout.types.clone(),
                root: (layout.root_index / nfc) as u32,
                extra_native_bytes: layout.extra_native_bytes,
                trace_function_count: layout.trace_function_count,
                node_type: Vec::with_capacity(n),
                node_name: Vec::with_capacity(n),
                node_id: NodeIds::with_capacity(n),
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
                locations: Locations::default(),
                samples: Vec::new(),
                trace_function_infos: Vec::new(),
                trace_tree: Vec::new(),
                warnings: Vec::new(),
            },
            count: 0,
            edge_sum: 0,
            largest_edge_string: 0,
            locations: Vec::new(),
            nodes_done: false,
            open: OpenRecord::default(),
            node_pos: Self::node_positions(&layout),
            edge_pos: Self::edge_positions(&layout),
            edge_field_count: layout.edge_fields.len(),
            declared_node_types: layout.types.declared_node_types as u64,
            declared_edge_types: layout.types.declared_edge_types as u64,
            layout,
        }
    }

    /// Resets the per-section counters before a new number array.
    pub fn start_section(&mut self) {
        self.count = 0;
        self.open.field = 0;
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

    pub fn node_count(&self) -> u64 {
        self.snap.node_type.len() as u64
    }

    pub fn edge_count(&self) -> u64 {
        self.snap.edge_to.len() as u64
    }

    /// A batch of numbers of the `nodes` array: whole records are checked and stored straight from the
    /// batch; a record split between batches waits in `record`.
    #[inline(always)]
    pub fn node_values(&mut self, vals: &[u64], offset: u64) -> Result<(), ParseError> {
        self.records(
            vals,
            self.nfc as usize,
            offset,
            Self::append_nodes,
            Self::commit_node,
        )
    }

    /// A batch of numbers of the `edges` array, like [`Self::node_values`].
    #[inline(always)]
    pub fn edge_values(&mut self, vals: &[u64], offset: u64) -> Result<(), ParseError> {
        self.records(
            vals,
            self.edge_field_count,
            offset,
            Self::append_edges,
            Self::commit_edge,
        )
    }

    /// Splits a batch into records of `width` numbers: its whole records are stored at once by
    /// `append` ([`super::batch`]) when it takes them all, else committed one by one.
    #[inline(always)]
    fn records(
        &mut self,
        vals: &[u64],
        width: usize,
        offset: u64,
        append: fn(&mut Self, &[u64]) -> bool,
        commit: fn(&mut Self, &[u64], u64) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        self.count += vals.len() as u64;
        let (completed, whole) = self.open.split(vals, width);
        if let Some(record) = completed {
            commit(self, &record[..width], offset)?;
        }
        if append(self, whole) {
            return Ok(());
        }
        for record in whole.chunks_exact(width) {
            commit(self, record, offset)?;
        }
        Ok(())
    }

    pub(super) fn node_rules(&self) -> NodeRules {
        NodeRules {
            width: self.nfc as usize,
            pos: self.node_pos,
            declared_types: self.declared_node_types,
        }
    }

    pub(super) fn edge_rules(&self) -> EdgeRules {
        EdgeRules {
            width: self.edge_field_count,
            pos: self.edge_pos,
            to_node: self.to_node,
            declared_types: self.declared_edge_types,
            node_count: self.node_count(),
            indexed: [
                self.snap.types.edge_element as u64,
                self.snap.types.edge_hidden as u64,
            ],
        }
    }

    #[inline(always)]
    fn append_nodes(&mut self, recs: &[u64]) -> bool {
        let rules = self.node_rules();
        let snap = &mut self.snap;
        batch::append_nodes(
            recs,
            &rules,
            MAX_RECORDS,
            &mut self.edge_sum,
            NodeColumns {
                ty: &mut snap.node_type,
                name: &mut snap.node_name,
                id: Ids::Snapshot(&mut snap.node_id),
                self_size: &mut snap.node_self_size,
                edge_ends: &mut snap.first_edge,
                trace: &mut snap.node_trace_id,
                detachedness: &mut snap.node_detachedness,
            },
        )
    }

    #[inline(always)]
    fn append_edges(&mut self, recs: &[u64]) -> bool {
        // The edges the nodes announced bound the array (the record-by-record path's surplus test).
        if self.edge_count() + (recs.len() / self.edge_field_count) as u64 > self.edge_sum {
            return false;
        }
        let rules = self.edge_rules();
        let snap = &mut self.snap;
        batch::append_edges(
            recs,
            &rules,
            EdgeColumns {
                ty: &mut snap.edge_type,
                name: &mut snap.edge_name,
                to: &mut snap.edge_to,
                largest_name: &mut self.largest_edge_string,
            },
        )
    }

    #[inline(always)]
    fn commit_node(&mut self, r: &[u64], offset: u64) -> Result<(), ParseError> {
        let p = self.node_pos;
        let (ty, name, id, edges) = (r[p.ty], r[p.name], r[p.id], r[p.edge_count]);
        let ty = if ty < self.declared_node_types {
            ty as u8
        } else {
            self.undeclared_node_type(ty, offset)?
        };
        if name > u32::MAX as u64 {
            return Err(too_big(offset, "node name index", name));
        }
        if self.snap.node_type.len() as u64 >= MAX_RECORDS {
            return Err(too_many(offset, "nodes"));
        }
        self.edge_sum += edges;
        if self.edge_sum > MAX_RECORDS {
            return Err(too_many(offset, "edges"));
        }
        self.snap.node_type.push(ty);
        self.snap.node_name.push(name as u32);
        // JSON numbers up to 2^53 are exact; Julia's ids (addresses) need more than 32 bits.
        self.snap.node_id.push(id);
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
        let ty = if ty < self.declared_edge_types {
            ty as u8
        } else {
            self.undeclared_edge_type(ty, offset)?
        };
        if name > u32::MAX as u64 {
            return Err(too_big(offset, "edge name", name));
        }
        if self.snap.edge_to.len() as u64 >= self.edge_sum {
            return Err(self.surplus_edge_error(offset));
        }
        let to = match self.to_node.divide(to_index) {
            Some(to) if to < self.node_count() => to,
            _ => return Err(self.to_node_error(to_index, offset)),
        };
        self.snap.edge_type.push(ty);
        self.snap.edge_name.push(name as u32);
        self.snap.edge_to.push(to as u32);
        if self.snap.types.edge_has_string_name(ty) {
            self.largest_edge_string = self.largest_edge_string.max(name as u32);
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn undeclared_node_type(&mut self, ty: u64, offset: u64) -> Result<u8, ParseError> {
        if ty > MAX_TYPE_INDEX {
            let record = self.node_count();
            return Err(self.type_error("node", record, ty, self.declared_node_types, offset));
        }
        Ok(self.snap.types.undeclared_node_type())
    }

    #[cold]
    #[inline(never)]
    fn undeclared_edge_type(&mut self, ty: u64, offset: u64) -> Result<u8, ParseError> {
        if ty > MAX_TYPE_INDEX {
            let record = self.edge_count();
            return Err(self.type_error("edge", record, ty, self.declared_edge_types, offset));
        }
        Ok(self.snap.types.undeclared_edge_type(ty))
    }

    #[cold]
    #[inline(never)]
    fn type_error(
        &self,
        what: &str,
        record: u64,
        ty: u64,
        declared: u64,
        offset: u64,
    ) -> ParseError {
        ParseError::new(
            ParseErrorKind::Inconsistent,
            offset,
            format!(
                "{what} record {record} has type {ty}, far past the {declared} types in meta.{what}_types: \
                 the file is corrupt"
            ),
        )
    }

    #[cold]
    #[inline(never)]
    fn surplus_edge_error(&self, offset: u64) -> ParseError {
        ParseError::new(
            ParseErrorKind::Inconsistent,
            offset,
            format!(
                "the \"edges\" array holds more edges than the nodes' edge_count fields add up to ({}), so \
                 no edge can be attributed to its node: the file is corrupt",
                self.edge_sum
            ),
        )
    }

    #[cold]
    #[inline(never)]
    fn to_node_error(&self, v: u64, offset: u64) -> ParseError {
        let why = if !v.is_multiple_of(self.nfc as u64) {
            format!(
                "which is not at a node boundary (a multiple of the {} node fields)",
                self.nfc
            )
        } else {
            format!("past the last of the {} nodes", self.node_count())
        };
        ParseError::new(
            ParseErrorKind::Inconsistent,
            offset,
            format!(
                "edge {} points at node index {v}, {why}: the file is corrupt",
                self.edge_count()
            ),
        )
    }

    /// The `nodes` array has closed: it must hold whole records.
    pub fn nodes_done(&mut self, offset: u64) -> Result<(), ParseError> {
        if self.open.field != 0 {
            return Err(ParseError::new(
                ParseErrorKind::Inconsistent,
                offset,
                format!(
                    "the \"nodes\" array holds {} numbers, which is not a whole number of {}-field node \
                     records (meta.node_fields): the file is corrupt",
                    self.count, self.nfc
                ),
            ));
        }
        self.nodes_done = true;
        Ok(())
    }

    /// The `edges` array has closed: it must hold exactly the edges the nodes announce.
    pub fn edges_done(&mut self, offset: u64) -> Result<(), ParseError> {
        let efc = self.edge_field_count as u64;
        if self.open.field != 0 || self.edge_count() != self.edge_sum {
            return Err(ParseError::new(
                ParseErrorKind::Inconsistent,
                offset,
                format!(
                    "the nodes' edge_count fields add up to {} but the \"edges\" array holds {} numbers \
                     ({:.1} {efc}-field edge records): the file is corrupt",
                    plural(self.edge_sum, "edge"),
                    self.count,
                    self.count as f64 / efc as f64
                ),
            ));
        }
        Ok(())
    }

    pub fn location_value(&mut self, v: u64) {
        let len = self.layout.location_fields.len().max(1);
        self.open.values[self.open.field & (MAX_FIELDS - 1)] = v;
        self.open.field += 1;
        self.count += 1;
        if self.open.field == len {
            self.open.field = 0;
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
                let v = self.open.values[i];
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
            self.locations.push(loc);
        }
    }

    pub fn sample_value(&mut self, v: u64) {
        let (ts, id, len) = self.layout.sample_fields;
        self.open.values[self.open.field & (MAX_FIELDS - 1)] = v;
        self.open.field += 1;
        self.count += 1;
        if self.open.field == len {
            self.open.field = 0;
            self.snap.samples.push((
                self.open.values[ts & (MAX_FIELDS - 1)],
                self.open.values[id & (MAX_FIELDS - 1)],
            ));
        }
    }

    pub fn trace_function_value(&mut self, v: u64) {
        self.count += 1;
        self.snap.trace_function_infos.push(v as u32);
    }

    /// Checks the finished sections and builds the snapshot.
    pub fn finish(mut self, offset: u64) -> Result<HeapSnapshot, ParseError> {
        let inconsistent = |m: String| ParseError::new(ParseErrorKind::Inconsistent, offset, m);
        let n = self.node_count();
        if n == 0 {
            return Err(inconsistent(
                "the snapshot has no nodes (its \"nodes\" array is missing or empty), so there is nothing to \
                 analyse"
                    .into(),
            ));
        }
        if self.edge_count() != self.edge_sum {
            return Err(inconsistent(format!(
                "the nodes' edge_count fields add up to {} but the snapshot has {}",
                plural(self.edge_sum, "edge"),
                if self.edge_count() == 0 {
                    "no \"edges\" array".to_owned()
                } else {
                    plural(self.edge_count(), "edge")
                }
            )));
        }
        if self.snap.root as u64 >= n {
            return Err(ParseError::new(
                ParseErrorKind::BadHeader,
                offset,
                format!(
                    "snapshot.root_index {} points past the last of the {n} nodes",
                    self.layout.root_index
                ),
            ));
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
        // Every edge was checked as it was stored; which one is wrong is looked up only when one is.
        let types = &self.snap.types;
        let past_the_strings = (self.largest_edge_string >= string_count)
            .then(|| {
                (self.snap.edge_type.iter().zip(&self.snap.edge_name))
                    .position(|(&t, &s)| s >= string_count && types.edge_has_string_name(t))
            })
            .flatten();
        if let Some(i) = past_the_strings {
            return Err(inconsistent(format!(
                "edge {i} names string {} but the strings section has only {string_count} strings",
                self.snap.edge_name[i]
            )));
        }
        self.warn_about_counts();
        if self.snap.node_detachedness.len() as u64 != n {
            self.snap.node_detachedness = vec![0; n as usize];
        }
        if self.snap.node_trace_id.len() as u64 != n {
            self.snap.node_trace_id = Vec::new();
        }
        // Ordered by node when first read (natively beside the dominators, see `Locations`).
        self.snap.locations = Locations::in_file_order(std::mem::take(&mut self.locations), n);
        self.snap.strings.shrink_to_fit();
        Ok(self.snap)
    }

    /// One warning naming every header count the arrays contradict (the arrays were found
    /// consistent with each other, so they were used). `trace_function_count` is left out: V8 itself
    /// writes fewer than `trace_function_infos` holds (functions met while it serialises), and only
    /// the rows are read.
    fn warn_about_counts(&mut self) {
        let counts = [
            (self.layout.declared_nodes, self.node_count(), "node_count"),
            (self.layout.declared_edges, self.edge_count(), "edge_count"),
        ];
        let wrong: Vec<String> = counts
            .iter()
            .filter(|(said, found, _)| said != found)
            .map(|(said, found, key)| format!("{key} {said} (the arrays hold {found})"))
            .collect();
        if !wrong.is_empty() {
            self.snap.warnings.push(format!(
                "the header's counts disagree with its arrays: {}; the arrays agree with each other, so \
                 their counts were used",
                wrong.join(", ")
            ));
        }
    }
}
