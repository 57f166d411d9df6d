//! A `.cpuprofile` (DevTools protocol `Profiler.Profile`: `nodes`, `startTime`, `endTime`,
//! `samples`, `timeDeltas`) read as a stream of chunks split anywhere ([`CpuProfileParser`], gzip
//! recognised by its magic bytes), stored as columns, and turned into self and total time per
//! function.
//!
//! Time comes from `samples` and `timeDeltas`, not `hitCount` (which does not always equal the
//! samples attributed to a node): sample `i` is the stack of node `samples[i]` from its timestamp
//! (`startTime` plus the deltas so far) to the next sample's, the last one until `endTime`, as
//! DevTools' flame chart draws it. A profile without samples falls back to DevTools' tree rule:
//! `hitCount × (endTime − startTime) / total hits`. A function is `(name, url, line, column)`; its
//! total time counts a sample once even when it recurses. `callFrame` lines and columns are 0-based
//! in the file and 1-based here. TurboFan inlining charges an inlined callee's time to its caller.

use super::json_stream::{Event, JsonSink, JsonTokens};
use crate::error::{ParseError, ParseErrorKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;

/// A function as the profile names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CallFrame {
    pub name: String,
    pub url: String,
    pub script_id: u32,
    /// 0-based, as in the file (-1 for none).
    pub line: i32,
    pub column: i32,
}

/// Self and total time of one function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionTime {
    pub name: String,
    pub url: String,
    pub script_id: u32,
    /// 1-based (0 when the profile gives none, as for `(garbage collector)`).
    pub line: u32,
    pub column: u32,
    pub self_ms: f64,
    pub total_ms: f64,
}

/// A parsed CPU profile: the call tree as columns indexed by node position, and the samples.
#[derive(Clone, Debug, Default)]
pub struct CpuProfile {
    /// Distinct call frames; `node_frame` indexes them.
    pub frames: Vec<CallFrame>,
    pub node_id: Vec<u64>,
    pub node_frame: Vec<u32>,
    pub node_hit_count: Vec<u64>,
    /// Parent node position (`u32::MAX` for the root).
    pub node_parent: Vec<u32>,
    /// Node position of each sample.
    pub samples: Vec<u32>,
    pub time_deltas: Vec<f64>,
    /// Microseconds.
    pub start_time: f64,
    pub end_time: f64,
}

const NO_PARENT: u32 = u32::MAX;

impl CpuProfile {
    /// Wall time the profile covers, in milliseconds.
    pub fn duration_ms(&self) -> f64 {
        (self.end_time - self.start_time).max(0.0) / 1000.0
    }

    /// Microseconds each node was on top of the stack.
    fn node_self_us(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.node_id.len()];
        if self.samples.is_empty() {
            let hits: u64 = self.node_hit_count.iter().sum();
            if hits > 0 {
                let per_hit = (self.end_time - self.start_time).max(0.0) / hits as f64;
                for (o, &h) in out.iter_mut().zip(&self.node_hit_count) {
                    *o = h as f64 * per_hit;
                }
            }
            return out;
        }
        let mut t = self.start_time;
        let times: Vec<f64> = self
            .time_deltas
            .iter()
            .map(|d| {
                t += d;
                t
            })
            .collect();
        for (i, &node) in self.samples.iter().enumerate() {
            let start = times.get(i).copied().unwrap_or(t);
            let end = times.get(i + 1).copied().unwrap_or(self.end_time);
            out[node as usize] += (end - start).max(0.0);
        }
        out
    }

    /// Self and total time of every function on a sampled stack, largest self time first.
    pub fn function_times(&self) -> Vec<FunctionTime> {
        let self_us = self.node_self_us();
        let mut fn_self = vec![0.0f64; self.frames.len()];
        let mut fn_total = vec![0.0f64; self.frames.len()];
        let mut on_stack = vec![false; self.frames.len()];
        let mut seen: Vec<u32> = Vec::new();
        for (node, &us) in self_us.iter().enumerate() {
            fn_self[self.node_frame[node] as usize] += us;
            if us == 0.0 {
                continue;
            }
            // Each function on this node's stack gets the time once.
            let mut n = node as u32;
            while n != NO_PARENT {
                let f = self.node_frame[n as usize];
                if !on_stack[f as usize] {
                    on_stack[f as usize] = true;
                    seen.push(f);
                    fn_total[f as usize] += us;
                }
                n = self.node_parent[n as usize];
            }
            for f in seen.drain(..) {
                on_stack[f as usize] = false;
            }
        }
        let mut out: Vec<FunctionTime> = self
            .frames
            .iter()
            .enumerate()
            .filter(|(f, _)| fn_total[*f] > 0.0 || fn_self[*f] > 0.0)
            .map(|(f, frame)| FunctionTime {
                name: frame.name.clone(),
                url: frame.url.clone(),
                script_id: frame.script_id,
                line: (frame.line + 1).max(0) as u32,
                column: (frame.column + 1).max(0) as u32,
                self_ms: fn_self[f] / 1000.0,
                total_ms: fn_total[f] / 1000.0,
            })
            .collect();
        out.sort_by(|a, b| {
            b.self_ms
                .total_cmp(&a.self_ms)
                .then(b.total_ms.total_cmp(&a.total_ms))
                .then_with(|| a.name.cmp(&b.name))
        });
        out
    }
}

/// Where in the profile's JSON the reader is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    Start,
    Top,
    Nodes,
    Node,
    CallFrame,
    Children,
    Samples,
    TimeDeltas,
    /// A top-level number: `startTime` or `endTime`.
    TopNumber(TopField),
    /// A node field's value.
    NodeValue(NodeField),
    FrameValue(FrameField),
    /// Skipping a value this many levels deep, then back to the given place.
    Skip(u32, Back),
    End,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TopField {
    StartTime,
    EndTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NodeField {
    Id,
    HitCount,
    Parent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FrameField {
    Name,
    Url,
    ScriptId,
    Line,
    Column,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Back {
    Top,
    Node,
    CallFrame,
}

/// Builds a [`CpuProfile`] from the tokens of its JSON.
struct Builder {
    at: At,
    profile: CpuProfile,
    frame_index: HashMap<CallFrame, u32>,
    /// The node being read.
    id: Option<u64>,
    frame: CallFrame,
    hit_count: u64,
    parent_id: Option<u64>,
    children: Vec<u64>,
    /// `(node position, child ids)` and `(node position, parent id)`, resolved at the end.
    child_lists: Vec<(u32, Vec<u64>)>,
    parent_ids: Vec<(u32, u64)>,
    sample_ids: Vec<u64>,
    seen_nodes: bool,
}

fn want_number(e: &Event<'_>, what: &str) -> Result<f64, String> {
    match e {
        Event::Number(v) => Ok(*v),
        _ => Err(format!("{what} should be a number")),
    }
}

impl Builder {
    fn new() -> Self {
        Builder {
            at: At::Start,
            profile: CpuProfile::default(),
            frame_index: HashMap::new(),
            id: None,
            frame: CallFrame::default(),
            hit_count: 0,
            parent_id: None,
            children: Vec::new(),
            child_lists: Vec::new(),
            parent_ids: Vec::new(),
            sample_ids: Vec::new(),
            seen_nodes: false,
        }
    }

    /// Starts skipping the value that begins with `e`; returns where to be after it.
    fn skip(e: &Event<'_>, back: Back) -> At {
        match e {
            Event::StartObject | Event::StartArray => At::Skip(1, back),
            _ => Self::back(back),
        }
    }

    fn back(back: Back) -> At {
        match back {
            Back::Top => At::Top,
            Back::Node => At::Node,
            Back::CallFrame => At::CallFrame,
        }
    }

    fn end_node(&mut self) -> Result<(), String> {
        let id = self
            .id
            .take()
            .ok_or("a node of the \"nodes\" array has no \"id\"")?;
        let pos = self.profile.node_id.len() as u32;
        let frame = std::mem::take(&mut self.frame);
        let next = self.frame_index.len() as u32;
        let f = *self.frame_index.entry(frame.clone()).or_insert_with(|| {
            self.profile.frames.push(frame);
            next
        });
        self.profile.node_id.push(id);
        self.profile.node_frame.push(f);
        self.profile.node_hit_count.push(self.hit_count);
        self.hit_count = 0;
        if !self.children.is_empty() {
            self.child_lists
                .push((pos, std::mem::take(&mut self.children)));
        }
        if let Some(p) = self.parent_id.take() {
            self.parent_ids.push((pos, p));
        }
        Ok(())
    }

    fn finish(mut self) -> Result<CpuProfile, String> {
        if !self.seen_nodes || self.profile.node_id.is_empty() {
            return Err(
                "this JSON has no \"nodes\" array, so it is not a CPU profile (.cpuprofile)".into(),
            );
        }
        let p = &mut self.profile;
        let mut by_id: HashMap<u64, u32> = HashMap::with_capacity(p.node_id.len());
        for (i, &id) in p.node_id.iter().enumerate() {
            if by_id.insert(id, i as u32).is_some() {
                return Err(format!("node id {id} appears twice in \"nodes\""));
            }
        }
        let find = |id: u64, what: &str| {
            by_id
                .get(&id)
                .copied()
                .ok_or_else(|| format!("{what} refers to node id {id}, which is not in \"nodes\""))
        };
        p.node_parent = vec![NO_PARENT; p.node_id.len()];
        for (pos, children) in &self.child_lists {
            for &c in children {
                p.node_parent[find(c, "a \"children\" list")? as usize] = *pos;
            }
        }
        for &(pos, parent) in &self.parent_ids {
            p.node_parent[pos as usize] = find(parent, "a \"parent\" field")?;
        }
        p.samples = self
            .sample_ids
            .iter()
            .map(|&s| find(s, "a sample"))
            .collect::<Result<_, _>>()?;
        if !p.samples.is_empty() && p.time_deltas.len() != p.samples.len() {
            return Err(format!(
                "there are {} samples but {} timeDeltas; a profile has one delta per sample",
                p.samples.len(),
                p.time_deltas.len()
            ));
        }
        Ok(self.profile)
    }
}

impl JsonSink for Builder {
    fn event(&mut self, e: Event<'_>) -> Result<(), String> {
        self.at = match (self.at, e) {
            (At::Start, Event::StartObject) => At::Top,
            (At::Start, _) => return Err("a CPU profile is a JSON object".into()),
            (At::Top, Event::Key(k)) => match k {
                "nodes" => At::Nodes,
                "samples" => At::Samples,
                "timeDeltas" => At::TimeDeltas,
                "startTime" => At::TopNumber(TopField::StartTime),
                "endTime" => At::TopNumber(TopField::EndTime),
                "snapshot" if !self.seen_nodes => {
                    return Err(
                        "this is a V8 heap snapshot, not a CPU profile (.cpuprofile): \
                                give the .cpuprofile, and the snapshot with --heap"
                            .into(),
                    )
                }
                _ => At::Skip(0, Back::Top),
            },
            (At::Top, Event::EndObject) => At::End,
            (At::TopNumber(field), e) => {
                let v = want_number(&e, "startTime and endTime")?;
                match field {
                    TopField::StartTime => self.profile.start_time = v,
                    TopField::EndTime => self.profile.end_time = v,
                }
                At::Top
            }
            (At::Nodes, Event::StartArray) => {
                self.seen_nodes = true;
                At::Nodes
            }
            (At::Nodes, Event::StartObject) => At::Node,
            (At::Nodes, Event::EndArray) => At::Top,
            (At::Nodes, _) => return Err("\"nodes\" should be an array of objects".into()),
            (At::Node, Event::Key(k)) => match k {
                "id" => At::NodeValue(NodeField::Id),
                "hitCount" => At::NodeValue(NodeField::HitCount),
                "parent" => At::NodeValue(NodeField::Parent),
                "callFrame" => At::CallFrame,
                "children" => At::Children,
                _ => At::Skip(0, Back::Node),
            },
            (At::Node, Event::EndObject) => {
                self.end_node()?;
                At::Nodes
            }
            (At::NodeValue(field), e) => {
                let v = want_number(&e, "a node's id, hitCount and parent")? as u64;
                match field {
                    NodeField::Id => self.id = Some(v),
                    NodeField::HitCount => self.hit_count = v,
                    NodeField::Parent => self.parent_id = Some(v),
                }
                At::Node
            }
            (At::CallFrame, Event::StartObject) => At::CallFrame,
            (At::CallFrame, Event::Key(k)) => match k {
                "functionName" => At::FrameValue(FrameField::Name),
                "url" => At::FrameValue(FrameField::Url),
                "scriptId" => At::FrameValue(FrameField::ScriptId),
                "lineNumber" => At::FrameValue(FrameField::Line),
                "columnNumber" => At::FrameValue(FrameField::Column),
                _ => At::Skip(0, Back::CallFrame),
            },
            (At::CallFrame, Event::EndObject) => At::Node,
            (At::FrameValue(field), e) => {
                let f = &mut self.frame;
                match (field, e) {
                    (FrameField::Name, Event::Str(s)) => f.name = s.to_owned(),
                    (FrameField::Url, Event::Str(s)) => f.url = s.to_owned(),
                    (FrameField::ScriptId, Event::Str(s)) => f.script_id = s.parse().unwrap_or(0),
                    (FrameField::ScriptId, Event::Number(v)) => f.script_id = v as u32,
                    (FrameField::Line, Event::Number(v)) => f.line = v as i32,
                    (FrameField::Column, Event::Number(v)) => f.column = v as i32,
                    (_, e) => {
                        self.at = Self::skip(&e, Back::CallFrame);
                        return Ok(());
                    }
                }
                At::CallFrame
            }
            (At::Children, Event::StartArray) => At::Children,
            (At::Children, Event::Number(v)) => {
                self.children.push(v as u64);
                At::Children
            }
            (At::Children, Event::EndArray) => At::Node,
            (At::Children, _) => return Err("a node's \"children\" should be node ids".into()),
            (At::Samples, Event::StartArray) => At::Samples,
            (At::Samples, Event::Number(v)) => {
                self.sample_ids.push(v as u64);
                At::Samples
            }
            (At::Samples, Event::EndArray) => At::Top,
            (At::Samples, _) => return Err("\"samples\" should be an array of node ids".into()),
            (At::TimeDeltas, Event::StartArray) => At::TimeDeltas,
            (At::TimeDeltas, Event::Number(v)) => {
                self.profile.time_deltas.push(v);
                At::TimeDeltas
            }
            (At::TimeDeltas, Event::EndArray) => At::Top,
            (At::TimeDeltas, _) => {
                return Err("\"timeDeltas\" should be an array of numbers".into())
            }
            (At::Skip(0, back), e) => Self::skip(&e, back),
            (At::Skip(depth, back), Event::StartObject | Event::StartArray) => {
                At::Skip(depth + 1, back)
            }
            (At::Skip(depth, back), Event::EndObject | Event::EndArray) => {
                if depth == 1 {
                    Self::back(back)
                } else {
                    At::Skip(depth - 1, back)
                }
            }
            (At::Skip(depth, back), _) => At::Skip(depth, back),
            (at, e) => return Err(format!("unexpected {e:?} in a CPU profile ({at:?})")),
        };
        Ok(())
    }
}

/// Adapts the tokenizer to `io::Write`, the gzip decoder's sink; keeps the real error.
struct Sink {
    tokens: JsonTokens,
    builder: Builder,
    error: Option<ParseError>,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.error.is_some() {
            return Err(std::io::Error::other("parse failed"));
        }
        match self.tokens.feed(buf, &mut self.builder) {
            Ok(()) => Ok(buf.len()),
            Err(e) => {
                self.error = Some(e);
                Err(std::io::Error::other("parse failed"))
            }
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

enum Input {
    Undecided(Vec<u8>),
    Plain(Box<Sink>),
    Gzip(Box<flate2::write::MultiGzDecoder<Sink>>),
}

/// Parses a `.cpuprofile` (or `.cpuprofile.gz`) pushed in chunks split anywhere.
pub struct CpuProfileParser {
    input: Input,
}

impl Default for CpuProfileParser {
    fn default() -> Self {
        Self::new()
    }
}

fn new_sink() -> Sink {
    Sink {
        tokens: JsonTokens::new(),
        builder: Builder::new(),
        error: None,
    }
}

fn gzip_error(sink: &mut Sink, e: std::io::Error) -> ParseError {
    sink.error.take().unwrap_or_else(|| {
        ParseError::new(
            ParseErrorKind::BadGzip,
            0,
            format!("the gzip data is corrupt ({e}); decompress the file with gunzip to check it"),
        )
    })
}

impl CpuProfileParser {
    pub fn new() -> Self {
        CpuProfileParser {
            input: Input::Undecided(Vec::new()),
        }
    }

    /// Consumes the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), ParseError> {
        if let Input::Undecided(head) = &mut self.input {
            head.extend_from_slice(chunk);
            if head.len() < 2 {
                return Ok(());
            }
            let head = std::mem::take(head);
            self.input = if head[..2] == [0x1f, 0x8b] {
                Input::Gzip(Box::new(flate2::write::MultiGzDecoder::new(new_sink())))
            } else {
                Input::Plain(Box::new(new_sink()))
            };
            return self.write(&head);
        }
        self.write(chunk)
    }

    /// Whether the input read so far is a CPU profile: its top-level `"nodes"` array has begun.
    /// A caller holding the first chunk of a file the snapshot parser refused can tell with it
    /// whether to read the file as a profile (a `.cpuprofile` starts with `{"nodes":[`).
    pub fn looks_like_profile(&mut self) -> bool {
        match &mut self.input {
            Input::Undecided(_) => false,
            Input::Plain(sink) => sink.error.is_none() && sink.builder.seen_nodes,
            Input::Gzip(d) => {
                // What the decoder holds back is written out first.
                d.flush().is_ok() && d.get_ref().error.is_none() && d.get_ref().builder.seen_nodes
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), ParseError> {
        match &mut self.input {
            Input::Undecided(_) => unreachable!("decided before writing"),
            Input::Plain(sink) => sink.tokens.feed(bytes, &mut sink.builder),
            Input::Gzip(d) => d.write_all(bytes).map_err(|e| gzip_error(d.get_mut(), e)),
        }
    }

    /// Ends the input and returns the profile, or says why it is not a complete one.
    pub fn finish(mut self) -> Result<CpuProfile, ParseError> {
        if let Input::Undecided(head) = &mut self.input {
            let head = std::mem::take(head);
            self.input = Input::Plain(Box::new(new_sink()));
            self.write(&head)?;
        }
        let mut sink = match self.input {
            Input::Undecided(_) => unreachable!("decided above"),
            Input::Plain(sink) => *sink,
            Input::Gzip(mut d) => {
                if let Err(e) = d.try_finish() {
                    return Err(gzip_error(d.get_mut(), e));
                }
                d.finish().map_err(|e| {
                    ParseError::new(
                        ParseErrorKind::BadGzip,
                        0,
                        format!("the gzip data is corrupt or cut short ({e})"),
                    )
                })?
            }
        };
        if let Some(e) = sink.error.take() {
            return Err(e);
        }
        let offset = sink.tokens.offset();
        sink.tokens.finish(&mut sink.builder)?;
        sink.builder
            .finish()
            .map_err(|m| ParseError::new(ParseErrorKind::Inconsistent, offset, m))
    }
}
