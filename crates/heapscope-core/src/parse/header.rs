//! The `snapshot` header: `meta` field lists resolved **by name** into a [`Layout`] (which position of
//! a node record is its type, name, id, ...), the counts that pre-size the columns, and the memory
//! estimate that lets a caller refuse a snapshot too large for its budget before allocating.
//!
//! The counts are hints, not promises: Hermes writes `node_count: 0`, so the arrays decide (see
//! `columns.rs`). A count is only refused outright when no file of the input's size could hold it.
//! Old headers (`title`, `uid`, no `trace_function_count`) and unknown keys are ignored.

use crate::error::{ParseError, ParseErrorKind};
use crate::snapshot::TypeIds;
use serde::Deserialize;

#[derive(Deserialize)]
struct RawHeader {
    meta: RawMeta,
    #[serde(default)]
    node_count: u64,
    #[serde(default)]
    edge_count: u64,
    #[serde(default)]
    trace_function_count: u64,
    #[serde(default)]
    root_index: Option<u64>,
    #[serde(default)]
    extra_native_bytes: Option<f64>,
}

#[derive(Deserialize)]
struct RawMeta {
    node_fields: Vec<String>,
    node_types: Vec<serde_json::Value>,
    edge_fields: Vec<String>,
    edge_types: Vec<serde_json::Value>,
    #[serde(default)]
    location_fields: Vec<String>,
    #[serde(default)]
    sample_fields: Vec<String>,
}

/// What one position of a node record holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NodeField {
    Type,
    Name,
    Id,
    SelfSize,
    EdgeCount,
    TraceNodeId,
    Detachedness,
    Ignored,
}

/// What one position of an edge record holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EdgeField {
    Type,
    Name,
    ToNode,
    Ignored,
}

/// What one position of a location record holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LocationField {
    ObjectIndex,
    ScriptId,
    Line,
    Column,
    Ignored,
}

/// The record layouts and counts from the header.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    pub node_fields: Vec<NodeField>,
    pub edge_fields: Vec<EdgeField>,
    pub location_fields: Vec<LocationField>,
    /// Positions of `timestamp_us` and `last_assigned_id` in a sample record, and its length.
    pub sample_fields: (usize, usize, usize),
    /// What the header announces; the arrays may disagree (see `columns.rs`).
    pub declared_nodes: u64,
    pub declared_edges: u64,
    pub trace_function_count: u64,
    pub root_index: u64,
    pub extra_native_bytes: u64,
    pub has_trace_node_id: bool,
    pub types: TypeIds,
}

impl Layout {
    pub fn node_field_count(&self) -> usize {
        self.node_fields.len()
    }

    /// The fewest bytes of JSON text that hold the announced records: a digit and a comma a number.
    pub fn min_text_bytes(&self) -> u64 {
        let per_node = 2 * self.node_fields.len() as u64;
        let per_edge = 2 * self.edge_fields.len() as u64;
        self.declared_nodes
            .saturating_mul(per_node)
            .saturating_add(self.declared_edges.saturating_mul(per_edge))
    }
}

/// Most nodes (and most edges) a snapshot may have: ordinals are `u32` and `u32::MAX` is a sentinel.
pub const MAX_RECORDS: u64 = u32::MAX as u64 - 1;

/// Peak bytes needed to parse and analyse a graph of this size (without its strings): the columns
/// (18 B a node, 9 B an edge) plus the analysis' arrays at their peak (dominators).
pub fn estimated_memory(nodes: u64, edges: u64) -> u64 {
    nodes * 72 + edges * 17
}

fn type_names(
    types: &[serde_json::Value],
    offset: usize,
    what: &str,
) -> Result<Vec<String>, String> {
    match types.get(offset) {
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{what} type names must be strings"))
            })
            .collect(),
        _ => Err(format!(
            "meta.{what}_types[{offset}] must be the list of {what} type names"
        )),
    }
}

fn bad(offset: u64, message: String) -> ParseError {
    ParseError::new(ParseErrorKind::BadHeader, offset, message)
}

/// Parses the captured `snapshot` object. `offset` is where it started in the input.
pub(crate) fn parse_header(bytes: &[u8], offset: u64) -> Result<Layout, ParseError> {
    let raw: RawHeader = serde_json::from_slice(bytes).map_err(|e| {
        bad(
            offset,
            format!("the \"snapshot\" header is not a valid heap snapshot header: {e}"),
        )
    })?;
    let m = &raw.meta;
    let find = |fields: &[String], name: &str| fields.iter().position(|f| f == name);
    let node_fields: Vec<NodeField> = m
        .node_fields
        .iter()
        .map(|f| match f.as_str() {
            "type" => NodeField::Type,
            "name" => NodeField::Name,
            "id" => NodeField::Id,
            "self_size" => NodeField::SelfSize,
            "edge_count" => NodeField::EdgeCount,
            "trace_node_id" => NodeField::TraceNodeId,
            "detachedness" => NodeField::Detachedness,
            _ => NodeField::Ignored,
        })
        .collect();
    for (field, name) in [
        (NodeField::Type, "type"),
        (NodeField::Name, "name"),
        (NodeField::Id, "id"),
        (NodeField::SelfSize, "self_size"),
        (NodeField::EdgeCount, "edge_count"),
    ] {
        if !node_fields.contains(&field) {
            return Err(bad(
                offset,
                format!("meta.node_fields has no \"{name}\" field, so nodes cannot be read"),
            ));
        }
    }
    let edge_fields: Vec<EdgeField> = m
        .edge_fields
        .iter()
        .map(|f| match f.as_str() {
            "type" => EdgeField::Type,
            "name_or_index" => EdgeField::Name,
            "to_node" => EdgeField::ToNode,
            _ => EdgeField::Ignored,
        })
        .collect();
    for (field, name) in [
        (EdgeField::Type, "type"),
        (EdgeField::Name, "name_or_index"),
        (EdgeField::ToNode, "to_node"),
    ] {
        if !edge_fields.contains(&field) {
            return Err(bad(
                offset,
                format!("meta.edge_fields has no \"{name}\" field, so edges cannot be read"),
            ));
        }
    }
    let node_type_names = type_names(&m.node_types, find(&m.node_fields, "type").unwrap(), "node")
        .map_err(|e| bad(offset, e))?;
    let edge_type_names = type_names(&m.edge_types, find(&m.edge_fields, "type").unwrap(), "edge")
        .map_err(|e| bad(offset, e))?;
    if node_fields.len() > super::columns::MAX_FIELDS
        || edge_fields.len() > super::columns::MAX_FIELDS
        || m.location_fields.len() > super::columns::MAX_FIELDS
        || m.sample_fields.len() > super::columns::MAX_FIELDS
    {
        return Err(bad(
            offset,
            format!(
                "records have more than {} fields",
                super::columns::MAX_FIELDS
            ),
        ));
    }
    // Room for the names given to types the file uses without declaring them (see `TypeIds`).
    if node_type_names.len() > 250 || edge_type_names.len() > 250 {
        return Err(bad(
            offset,
            "more than 250 node or edge types in meta".into(),
        ));
    }
    let location_fields = m
        .location_fields
        .iter()
        .map(|f| match f.as_str() {
            "object_index" => LocationField::ObjectIndex,
            "script_id" => LocationField::ScriptId,
            "line" => LocationField::Line,
            "column" => LocationField::Column,
            _ => LocationField::Ignored,
        })
        .collect();
    let sample_fields = (
        find(&m.sample_fields, "timestamp_us").unwrap_or(0),
        find(&m.sample_fields, "last_assigned_id").unwrap_or(1),
        m.sample_fields.len().max(2),
    );
    if raw.node_count > MAX_RECORDS || raw.edge_count > MAX_RECORDS {
        return Err(ParseError::new(
            ParseErrorKind::TooLarge,
            offset,
            format!(
                "the snapshot has {} nodes and {} edges; Heapscope handles at most 4,294,967,294 of each",
                raw.node_count, raw.edge_count
            ),
        ));
    }
    let nfc = node_fields.len() as u64;
    let root_index = raw.root_index.unwrap_or(0);
    if !root_index.is_multiple_of(nfc) || root_index / nfc >= MAX_RECORDS {
        return Err(bad(
            offset,
            format!("snapshot.root_index {root_index} does not point at a node"),
        ));
    }
    Ok(Layout {
        has_trace_node_id: node_fields.contains(&NodeField::TraceNodeId),
        node_fields,
        edge_fields,
        location_fields,
        sample_fields,
        declared_nodes: raw.node_count,
        declared_edges: raw.edge_count,
        trace_function_count: raw.trace_function_count,
        root_index,
        extra_native_bytes: raw.extra_native_bytes.unwrap_or(0.0).max(0.0) as u64,
        types: TypeIds::new(node_type_names, edge_type_names),
    })
}
