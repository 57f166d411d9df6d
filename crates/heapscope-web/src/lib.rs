//! # heapscope-web
//!
//! The Heapscope page: drop a `.heapsnapshot` (or `.heapsnapshot.gz`) and read DevTools' views of it,
//! computed on your own machine by `heapscope-core` compiled to wasm. Nothing is uploaded.
//!
//! Two binaries share this library (Trunk builds both, see `index.html`):
//! - `heapscope-web`, the Yew app on the page's main thread ([`app`], [`ui`]): it only sends
//!   [`protocol::Request`]s and renders the [`protocol::Response`]s it gets back;
//! - `heapscope-worker`, a module Web Worker ([`worker`]): it reads the dropped `File` in slices,
//!   feeds them to the core's streaming parser and answers queries about the one live analysis.
//!
//! The pure parts (the protocol, number formatting, the URL hash route, table sorting, chart
//! geometry, the treemap layout, the report's Markdown tree, the comparison tables' rows) build and
//! test natively; everything touching the DOM is `cfg(target_arch = "wasm32")`.

pub mod chart_geometry;
pub mod compare_model;
pub mod compare_protocol;
pub mod format;
pub mod protocol;
pub mod report_groups;
pub mod report_markdown;
pub mod route;
pub mod table_model;
pub mod tree_model;
pub mod treemap_layout;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod panic_hook;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod wire;
#[cfg(target_arch = "wasm32")]
pub mod worker;
