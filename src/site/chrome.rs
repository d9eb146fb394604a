//! The files site.yaml names for every page's frame: the `logo` and the `favicon` must be
//! files the site's (or the theme's) `static/` holds.

use std::collections::HashSet;

use crate::config::Config;
use crate::support::diagnostic::{Code, Diagnostic};

/// Checks the logo; gives the favicon's path when there is one (the theme's default favicon
/// may be missing from a theme of the site's own: then there is none).
pub fn files(
    config: &Config,
    static_files: &HashSet<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let missing = |what: &str, path: &str| {
        Diagnostic::error(
            Code::MissingImage,
            format!("the {what} `{path}` is not a file of the site"),
        )
        .with_hint(format!(
            "put it in static/ (static/{path}), and name it as it is under static/"
        ))
    };
    if let Some(logo) = &config.logo
        && !static_files.contains(&logo.src)
    {
        errors.push(config.at_value(missing("logo", &logo.src), "logo", &logo.src));
    }
    if static_files.contains(&config.favicon) {
        return Some(config.favicon.clone());
    }
    if config.key_lines.get("favicon").is_some() {
        errors.push(config.at_key(missing("favicon", &config.favicon), "favicon"));
    }
    None
}
