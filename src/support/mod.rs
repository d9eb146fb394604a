//! What every stage uses and no stage owns: diagnostics, the YAML adapter, site-relative
//! URLs, slugs, escaping, language tags and spans, compressed text, maps keyed by the site's
//! text, and reading the site's own files.

pub mod char_refs;
pub mod diagnostic;
pub mod escape;
pub mod hash;
pub mod invisible;
pub mod lang;
pub mod packed;
pub mod panic;
pub mod plain_text;
pub mod render_guard;
pub mod slug;
pub mod source;
pub mod text;
pub mod timing;
pub mod urls;
pub mod yaml;
