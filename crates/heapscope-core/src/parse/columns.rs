//! Where parsed numbers and strings land: the columns of a [`HeapSnapshot`] being filled record by
//! record, with every value checked against the header as it arrives (field ranges, `to_node`
//! alignment, counts), and the final consistency checks once the input ends.

use super::header::{EdgeField, Layout, LocationField, NodeField};
use crate::error::{ParseError, ParseErrorKind};
use crate::snapshot::{HeapSnapshot, Location, TraceNode};
use crate::strings::StringTable;

/// The columns under construction plus the position inside the current record of each section.
pub(crate) struct Columns {
    pub layout: Layout,
    nfc: u32,
    pub node_type: Vec<u8>,
    pub node_name: Vec<u32>,
    pub node_id: Vec<u32>,
    pub node_self_size: Vec<u32>,
    pub node_detachedness: Vec<u8>,
    pub node_trace_id: Vec<u32>,
    pub first_edge: Vec<u32>,
    pub edge_type: Vec<u8>,
    pub edge_name: Vec<u32>,
    pub edge_to: Vec<u32>,
    pub strings: StringTable,
    pub locations: Vec<Location>,
    pub samples: Vec<(u64, u64)>,
    pub trace_function_infos: Vec<u32>,
    pub trace_tree: Vec<TraceNode>,
    /// Numbers received so far in the current section and the field position within its record.
    pub count: u64,
    field: usize,
    edge_sum: u64,
    record: [u64; 8],
}

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
            count: 0,
            field: 0,
            edge_sum: 0,
            record: [0; 8],
            layout,
        }
    }

    /// Resets the per-section counters before a new number array.
    pub fn start_section(&mut self) {
        self.count = 0;
        self.field = 0;
    }

    #[inline]
    pub fn node_value(&mut self, v: u64, offset: u64) -> Result<(), ParseError> {
        let f = self.field;
        match self.layout.node_fields[f] {
            NodeField::Type => {
                if v >= self.layout.types.node_type_names.len() as u64 {
                    return Err(ParseError::new(
                        ParseErrorKind::Inconsistent,
                        offset,
                        format!(
                            "node type {v} is not one of the {} types in meta.node_types",
                            self.layout.types.node_type_names.len()
                        ),
                    ));
                }
                if self.node_type.len() == self.layout.node_count {
                    return Err(ParseError::new(
                        ParseErrorKind::Inconsistent,
                        offset,
                        format!(
                            "the nodes array holds more than the {} nodes the header announces",
                            self.layout.node_count
                        ),
                    ));
                }
                self.node_type.push(v as u8)
            }
            NodeField::Name => self
                .node_name
                .push(u32::try_from(v).map_err(|_| too_big(offset, "node name index", v))?),
            NodeField::Id => self
                .node_id
                .push(u32::try_from(v).map_err(|_| too_big(offset, "node id", v))?),
            // V8 writes sizes that fit; DevTools keeps them in a Uint32Array as well.
            NodeField::SelfSize => self.node_self_size.push(v as u32),
            NodeField::EdgeCount => {
                self.edge_sum += v;
                if self.edge_sum > self.layout.edge_count as u64 {
                    return Err(ParseError::new(
                        ParseErrorKind::Inconsistent,
                        offset,
                        format!(
                            "the nodes' edge_count fields add up to more than the {} edges the header announces",
                            self.layout.edge_count
                        ),
                    ));
                }
                self.first_edge.push(self.edge_sum as u32)
            }
            NodeField::TraceNodeId => {
                if self.layout.trace_function_count > 0 {
                    self.node_trace_id.push(v as u32)
                }
            }
            NodeField::Detachedness => self.node_detachedness.push(v.min(3) as u8),
            NodeField::Ignored => {}
        }
        self.count += 1;
        self.field = if f + 1 == self.nfc as usize { 0 } else { f + 1 };
        Ok(())
    }

    #[inline]
    pub fn edge_value(&mut self, v: u64, offset: u64) -> Result<(), ParseError> {
        let f = self.field;
        match self.layout.edge_fields[f] {
            EdgeField::Type => {
                if v >= self.layout.types.edge_type_names.len() as u64 {
                    return Err(ParseError::new(
                        ParseErrorKind::Inconsistent,
                        offset,
                        format!(
                            "edge type {v} is not one of the {} types in meta.edge_types",
                            self.layout.types.edge_type_names.len()
                        ),
                    ));
                }
                if self.edge_type.len() == self.layout.edge_count {
                    return Err(ParseError::new(
                        ParseErrorKind::Inconsistent,
                        offset,
                        format!(
                            "the edges array holds more than the {} edges the header announces",
                            self.layout.edge_count
                        ),
                    ));
                }
                self.edge_type.push(v as u8)
            }
            EdgeField::Name => self
                .edge_name
                .push(u32::try_from(v).map_err(|_| too_big(offset, "edge name", v))?),
            EdgeField::ToNode => {
                let nfc = self.nfc as u64;
                if v % nfc != 0 || v / nfc >= self.layout.node_count as u64 {
                    return Err(ParseError::new(
                        ParseErrorKind::Inconsistent,
                        offset,
                        format!(
                            "edge {} points at node index {v}, which is not the start of one of the {} nodes",
                            self.count / self.layout.edge_fields.len() as u64,
                            self.layout.node_count
                        ),
                    ));
                }
                self.edge_to.push((v / nfc) as u32)
            }
            EdgeField::Ignored => {}
        }
        self.count += 1;
        self.field = if f + 1 == self.layout.edge_fields.len() {
            0
        } else {
            f + 1
        };
        Ok(())
    }

    pub fn location_value(&mut self, v: u64) {
        let len = self.layout.location_fields.len().max(1);
        self.record[self.field.min(7)] = v;
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
            for (i, f) in self.layout.location_fields.iter().enumerate().take(8) {
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
                self.locations.push(loc);
            }
        }
    }

    pub fn sample_value(&mut self, v: u64) {
        let (ts, id, len) = self.layout.sample_fields;
        self.record[self.field.min(7)] = v;
        self.field += 1;
        self.count += 1;
        if self.field == len {
            self.field = 0;
            self.samples
                .push((self.record[ts.min(7)], self.record[id.min(7)]));
        }
    }

    pub fn trace_function_value(&mut self, v: u64) {
        self.count += 1;
        self.trace_function_infos.push(v as u32);
    }

    /// Checks the finished sections against the header and builds the snapshot.
    pub fn finish(mut self, offset: u64) -> Result<HeapSnapshot, ParseError> {
        let inconsistent = |m: String| ParseError::new(ParseErrorKind::Inconsistent, offset, m);
        let n = self.layout.node_count;
        let complete_nodes = self
            .node_self_size
            .len()
            .min(self.node_type.len())
            .min(self.first_edge.len() - 1);
        if complete_nodes != n || self.node_type.len() != n {
            return Err(inconsistent(format!(
                "the header announces {n} nodes but the nodes array holds {}",
                self.node_type.len()
            )));
        }
        if self.edge_to.len() != self.layout.edge_count
            || self.edge_type.len() != self.layout.edge_count
        {
            return Err(inconsistent(format!(
                "the header announces {} edges but the edges array holds {}",
                self.layout.edge_count,
                self.edge_to.len()
            )));
        }
        if self.edge_sum != self.layout.edge_count as u64 {
            return Err(inconsistent(format!(
                "the nodes' edge_count fields add up to {} but there are {} edges",
                self.edge_sum, self.layout.edge_count
            )));
        }
        if self.strings.overflowed() {
            return Err(ParseError::new(
                ParseErrorKind::TooLarge,
                offset,
                "the strings section holds more than 4 GiB of text",
            ));
        }
        let string_count = self.strings.len() as u32;
        if let Some(bad) = self.node_name.iter().position(|&s| s >= string_count) {
            return Err(inconsistent(format!(
                "node {bad} names string {} but the strings section has only {string_count} strings",
                self.node_name[bad]
            )));
        }
        let types = &self.layout.types;
        for (i, (&t, &s)) in self.edge_type.iter().zip(&self.edge_name).enumerate() {
            if s >= string_count && types.edge_has_string_name(t) {
                return Err(inconsistent(format!(
                    "edge {i} names string {s} but the strings section has only {string_count} strings"
                )));
            }
        }
        if self.node_detachedness.len() != n {
            self.node_detachedness = vec![0; n];
        }
        if self.node_trace_id.len() != n {
            self.node_trace_id = Vec::new();
        }
        self.locations.sort_by_key(|l| l.ordinal);
        // DevTools' location map keeps the last record for a node.
        let mut deduped: Vec<Location> = Vec::with_capacity(self.locations.len());
        for l in self.locations.drain(..) {
            match deduped.last_mut() {
                Some(last) if last.ordinal == l.ordinal => *last = l,
                _ => deduped.push(l),
            }
        }
        self.strings.shrink_to_fit();
        Ok(HeapSnapshot {
            root: (self.layout.root_index / self.nfc as u64) as u32,
            extra_native_bytes: self.layout.extra_native_bytes,
            trace_function_count: self.layout.trace_function_count,
            types: self.layout.types,
            node_type: self.node_type,
            node_name: self.node_name,
            node_id: self.node_id,
            node_self_size: self.node_self_size,
            node_detachedness: self.node_detachedness,
            node_trace_id: self.node_trace_id,
            first_edge: self.first_edge,
            edge_type: self.edge_type,
            edge_name: self.edge_name,
            edge_to: self.edge_to,
            strings: self.strings,
            locations: deduped,
            samples: self.samples,
            trace_function_infos: self.trace_function_infos,
            trace_tree: self.trace_tree,
        })
    }
}
