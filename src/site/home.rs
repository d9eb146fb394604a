//! The home page's order: the pages `home.featured` names first, in its order, then by weight
//! (weighted pages first, lowest first) and title. Newest first is not an order a reader in
//! need can use. A featured path that is no page is an error at its line.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::SourcePage;
use crate::site::Page;
use crate::site::translations::{listed_in, stem};
use crate::support::diagnostic::{Code, Diagnostic, closest};
use crate::support::slug::sort_key;

/// An error for each `home.featured` entry that names no page read (a draft left out is not
/// an error: it is simply not shown).
pub fn check_featured(
    config: &Config,
    sources: &[SourcePage],
    drafts_left_out: &[String],
    errors: &mut Vec<Diagnostic>,
) {
    if config.featured.is_empty() {
        return;
    }
    let known: Vec<&str> = sources.iter().map(|p| p.rel_path.as_str()).collect();
    for path in &config.featured {
        let rel = source_path(path);
        if known.contains(&rel) || drafts_left_out.iter().any(|d| d == rel) {
            continue;
        }
        let d = Diagnostic::error(
            Code::Config,
            format!("`home.featured`: `{path}` is not a page under content/"),
        )
        .with_hint(match closest(rel, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => {
                "name pages by their file under content/, such as `guides/sleep-and-mood.md`".into()
            }
        });
        errors.push(config.at_value(d, "home", path));
    }
}

/// `path` as a path under `content/` (an editor may write `content/` before it).
fn source_path(path: &str) -> &str {
    let path = path.trim_start_matches("./");
    path.strip_prefix("content/").unwrap_or(path)
}

/// Indices into `pages` in home order. A featured page's translations are featured in its
/// place (each language's home then shows its own version there).
pub fn order(config: &Config, pages: &[Page]) -> Vec<usize> {
    let featured: HashMap<&str, usize> = config
        .featured
        .iter()
        .enumerate()
        .map(|(position, path)| (stem(source_path(path)), position))
        .collect();
    let keys: Vec<(usize, bool, Option<i64>, String)> = pages
        .iter()
        .map(|page| {
            (
                featured
                    .get(stem(&page.translation_key))
                    .copied()
                    .unwrap_or(usize::MAX),
                page.weight.is_none(),
                page.weight,
                sort_key(&page.title),
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| pages[a].url.cmp(&pages[b].url))
    });
    order
}

/// The home page of each language but the default (`mi/`), and the default's own list: each
/// page once, in the language of that home when it has a version in it, else in the default
/// language's (or its only) version, so a page with no translation is on every home. `home` is
/// the site's home order; a site without `languages` keeps it whole.
pub fn per_language(config: &Config, pages: &[Page], home: &[usize]) -> Vec<Vec<usize>> {
    let count = config.languages.len().max(1);
    (0..count)
        .map(|language| {
            home.iter()
                .copied()
                .filter(|&index| listed_in(pages, index, language))
                .collect()
        })
        .collect()
}
