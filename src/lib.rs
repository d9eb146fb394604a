//! attach-gen: a static site generator for resource pages.
//!
//! One pipeline, a module per stage, each handing plain values to the next. [`pipeline`] runs
//! it, the same way for `build`, `serve` and `check`:
//!
//! ```text
//! site.yaml ─► config ─► content ─► bibliography ─► site ─────► render ─► output
//!              Config    SourcePage  Library,        Site:       HTML,     a folder swapped
//!                        (front      CitationStyle   pages,      feeds,    into place, memory
//!                        matter)                     URLs,       search    or nothing
//!                                                    references  index
//! ```
//!
//! - [`config`] reads `site.yaml`; [`content`] reads `content/`, front matter checked;
//! - [`bibliography`] loads the works pages cite ([`citation`]: what a page cites);
//! - [`site`] builds the model: URLs, categories, Markdown, citations, related pages;
//! - [`render`] turns the model into files with the theme's templates;
//! - [`output`] writes them; [`commands`] are `build`, `check`, `new`, `init` and `serve`.
//!
//! A stage uses only earlier stages and [`support`] (`tests/architecture.rs` checks it).
//! Problems are [`Diagnostic`]s, collected in full and returned, never printed; nothing is
//! written unless every stage before `output` succeeded.

// Diagnostics travel only on the error path, where their size costs nothing measurable;
// boxing them would make every stage's signature noisier for no gain.
#![allow(clippy::result_large_err)]

pub mod bibliography;
pub mod citation;
pub mod commands;
pub mod config;
pub mod content;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod site;
pub mod support;

pub use commands::build::{BuildFailure, BuildOptions, BuildReport, build, build_with_progress};
pub use output::Output;
pub use pipeline::Progress;
pub use support::diagnostic::{Diagnostic, Severity};
pub use support::panic::catch_panic;
