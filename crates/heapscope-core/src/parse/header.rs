//! The `snapshot` header: `meta` field lists resolved **by name** into a [`Layout`] (which position of
//! a node record is its type, name, id, ...), the counts that pre-size the columns, and the memory
//! estimate that lets a caller refuse a snapshot too large for its budget before allocating.

use crate::error::{ParseError, ParseErrorKind};
use crate::snapshot::TypeIds;
use serde::Deserialize;

#[derive(Deserialize)]
struct RawHeader {
    meta: RawMeta,
    node_count: u64,
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
    pub node_count: usize,
    pub edge_count: usize,
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

    /// Bytes the columns and the analysis need for this many nodes and edges (strings excluded).
    pub fn estimated_memory(&self) -> u64 {
        estimated_memory(self.node_count as u64, self.edge_count as u64)
    }
}

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
    if node_type_names.len() >= 255 || edge_type_names.len() >= 255 {
        return Err(bad(
            offset,
            "more than 254 node or edge types in meta".into(),
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
    if raw.node_count == 0 {
        return Err(bad(
            offset,
            "the header says the snapshot has no nodes".into(),
        ));
    }
    if raw.node_count > u32::MAX as u64 - 1 || raw.edge_count > u32::MAX as u64 - 1 {
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
    if !root_index.is_multiple_of(nfc) || root_index / nfc >= raw.node_count {
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
        node_count: raw.node_count as usize,
        edge_count: raw.edge_count as usize,
        trace_function_count: raw.trace_function_count,
        root_index,
        extra_native_bytes: raw.extra_native_bytes.unwrap_or(0.0).max(0.0) as u64,
        types: TypeIds::new(node_type_names, edge_type_names),
    })
}
