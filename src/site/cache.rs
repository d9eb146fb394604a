//! What `serve` keeps between builds of the model, so that one changed page does not mean
//! rendering every page's Markdown and formatting every citation again.

use std::collections::HashMap;
use std::sync::Arc;

use crate::bibliography::FormattedBibliography;
use crate::site::markdown::Rendered;

/// Rendered Markdown and formatted citations of the last build. Built with the same library,
/// style and configuration each time: start a new one when those are reloaded.
#[derive(Default)]
pub struct ModelCache {
    /// A hash of everything a page's Markdown is rendered against besides its own text: every
    /// page's path and URL, the bibliography keys, the pages left out and `raw_html`.
    pub(super) context: u64,
    /// Source path → (hash of the body, the body rendered).
    pub(super) markdown: HashMap<String, (u64, Arc<Rendered>)>,
    /// Hash of the citations, who cites what, and `show_uncited` → the formatted result.
    pub(super) bibliography: Option<(u64, FormattedBibliography)>,
}

pub(super) fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(value)
}
