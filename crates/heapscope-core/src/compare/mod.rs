//! Comparison over time: what grew, what survived, who allocated it, what the CPU spent its time on.
//! One module per job: [`diff`] (DevTools' Comparison of two snapshots, with [`suspects`], the
//! owners that grew), [`leaks`] (MemLab's three-snapshot leak detection), [`allocations`] (the
//! allocation timeline of a snapshot recorded with allocation tracking), [`cpuprofile`] (a streamed
//! `.cpuprofile` parser and time per function) and [`profile`] (a CPU profile next to the heap of the
//! same process). [`ids`] matches objects across snapshots; [`path`] names objects and their paths
//! (the core's explaining paths, [`crate::analysis::PathStep`]).

pub mod allocations;
pub mod cpuprofile;
pub mod diff;
pub mod ids;
pub mod json_stream;
pub mod leaks;
pub mod path;
pub mod profile;
pub mod suspects;

pub use allocations::{AllocatingFunction, AllocationReport, TimeSlice};
pub use cpuprofile::{CpuProfile, CpuProfileParser, FunctionTime};
pub use diff::{ClassDelta, Comparison, ComparisonKind, SnapshotDiff};
pub use ids::{IdJoin, JsIds};
pub use leaks::{LeakGroup, LeakReport};
pub use profile::{ProfileReport, ProfiledFunction, Verdict};
pub use suspects::GrowthSuspect;
