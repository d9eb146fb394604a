//! Reading the pages: walk `content/`, split off each file's front matter and check it.
//!
//! The result is a list of [`SourcePage`]s in a stable order (sorted by path), whatever order
//! the file system lists them in. Files are read and parsed in parallel.

pub mod body;
mod date;
mod front_matter;
pub mod glossary;
pub mod lint;
mod page;
pub mod placeholder;
mod read;
pub mod readability;
pub mod review;

pub use crate::config::layout::CONTENT_DIR;
pub(crate) use crate::support::invisible::{
    INVISIBLE_HINT, breaks_or_turns_text, invisible_message, is_invisible_in_front_matter,
};
pub use body::Body;
pub use date::{Date, MONTHS, civil_from_days, today};
pub use front_matter::{FrontMatter, WEIGHT_RANGE, parse_file_page, parse_page};
pub use page::SourcePage;
pub use read::{LoadedPages, ParsedPageCache, load, load_cached};
pub use review::{Review, ReviewStatus};
