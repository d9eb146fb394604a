//! The home page's order: the pages `home.featured` names first, in its order, then by weight
//! (weighted pages first, lowest first) and title. Newest first is not an order a reader in
//! need can use. A featured path that is no page is an error at its line. The home page has
//! no Markdown file: `content/index.md`, and `_index.md` anywhere, are ordinary pages, with a
//! warning for editors who know Hugo, Zola or Jekyll, where they are not.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::SourcePage;
use crate::site::Page;
use crate::site::translations::{PageLanguage, listed_in, stem};
use crate::support::diagnostic::{Code, Diagnostic, closest};

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
    // Sets: a list of thousands was compared with every page, and each error placed on its
    // line (a line of thousands of paths is read to each): only the first few are placed.
    let pages: HashSet<&str> = known.iter().copied().collect();
    let drafts: HashSet<&str> = drafts_left_out.iter().map(String::as_str).collect();
    let mut missing = 0usize;
    for path in &config.featured {
        let rel = source_path(path);
        if pages.contains(rel) || drafts.contains(rel) {
            continue;
        }
        missing += 1;
        if missing > MAX_FEATURED_ERRORS {
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
    if let Some(more) = missing
        .checked_sub(MAX_FEATURED_ERRORS)
        .filter(|more| *more > 0)
    {
        errors.push(
            config.at_key(
                Diagnostic::error(
                    Code::TooMany,
                    format!("{more} more paths in `home.featured` that are not pages under content/ are not shown (the first {MAX_FEATURED_ERRORS} are)"),
                )
                .standing_for(more),
                "home",
            ),
        );
    }
}

/// How many `home.featured` paths that name no page are reported one by one.
const MAX_FEATURED_ERRORS: usize = 100;

/// `path` as a path under `content/` (an editor may write `content/` before it).
fn source_path(path: &str) -> &str {
    let path = path.trim_start_matches("./");
    path.strip_prefix("content/").unwrap_or(path)
}

/// Indices into `pages` in home order. A featured page's translations are featured in its
/// place (each language's home then shows its own version there). `title_keys` are the
/// pages' titles' [`sort_key`](crate::support::slug::sort_key)s, made once for the site's
/// order and reused here.
pub fn order(config: &Config, pages: &[Page], title_keys: &[String]) -> Vec<usize> {
    // A page featured twice keeps its first place (collected, the last one won, so
    // `[a.md, b.md, a.md]` put `a` after `b`).
    let mut featured: HashMap<&str, usize> = HashMap::new();
    for (position, path) in config.featured.iter().enumerate() {
        featured.entry(stem(source_path(path))).or_insert(position);
    }
    let keys: Vec<(usize, bool, Option<i64>, &str)> = pages
        .iter()
        .zip(title_keys)
        .map(|(page, title_key)| {
            (
                featured
                    .get(stem(&page.translation_key))
                    .copied()
                    .unwrap_or(usize::MAX),
                page.weight.is_none(),
                page.weight,
                title_key.as_str(),
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.par_sort_by(|&a, &b| {
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

/// A warning at `content/index.md` and at each `_index.md` (a translation of one too), which
/// Hugo, Zola and Jekyll read as the home page or a folder's introduction: here each is an
/// ordinary page, so the warning says where it is published and what to write instead. A page
/// given its own `slug` has been placed by its editor, and is left alone. `urls` are the
/// pages' URLs, in `sources` order. A folder's `Index.md` (`INDEX.md`), which is no bundle's
/// page, gets a warning too.
pub fn check_index_files(
    sources: &[SourcePage],
    (languages, urls): (&[PageLanguage], &[String]),
    warnings: &mut Vec<Diagnostic>,
) {
    for ((page, language), url) in sources.iter().zip(languages).zip(urls) {
        if page.front.slug.is_some() || url.is_empty() {
            continue;
        }
        let (folder, name) = match language.key.rsplit_once('/') {
            Some((folder, name)) => (Some(folder), name),
            None => (None, language.key.as_str()),
        };
        let file = page.rel_path.rsplit('/').next().unwrap_or_default();
        let keep = "to keep it as a page of its own, give it a `slug:` (or rename it)";
        let d = match (folder, name) {
            (None, name) if name.eq_ignore_ascii_case("index.md") || name == "_index.md" => {
                Diagnostic::warning(
                    Code::IndexPage,
                    format!(
                        "`{file}` is not the home page: attach-gen writes the home page itself (the site's `description`, then every page), so this is an ordinary page at `{url}`"
                    ),
                )
                .with_hint(format!(
                    "the home page has no Markdown of its own: put its introduction in site.yaml as one sentence, `description: ...`, a notice for every page as `banner: {{text: ...}}`, and the pages to list first as `home: {{featured: [...]}}`; {keep}"
                ))
            }
            (Some(folder), "_index.md") if is_categories_folder(folder) => Diagnostic::warning(
                Code::IndexPage,
                format!(
                    "`{file}` does not introduce a category: category pages are written from site.yaml"
                ),
            )
            .with_hint(
                "give the category a `description` in site.yaml's `categories` (`- name: Wellbeing` with `description: ...` under it)",
            ),
            (Some(folder), "_index.md") => Diagnostic::warning(
                Code::IndexPage,
                format!(
                    "`{file}` does not introduce the folder `{folder}/`: attach-gen has no folder pages (folders only make URLs), so this is an ordinary page at `{url}`"
                ),
            )
            .with_hint(format!(
                "to introduce a group of pages, file them under a category and give it a `description` in site.yaml's `categories`; for a page at the folder's own URL, name this file `content/{folder}/index.md`; {keep}"
            )),
            // `Index.md` (an editor on macOS or Windows, where names differ only in case, need
            // not notice): not a bundle's page, so the files beside it were left out silently.
            (Some(folder), name) if name != "index.md" && name.eq_ignore_ascii_case("index.md") => {
                Diagnostic::warning(
                    Code::IndexPage,
                    format!(
                        "`{file}` is not the page of the folder `{folder}/`: only `index.md`, in small letters, makes a page bundle, so this is an ordinary page at `{url}` and the other files in its folder are not published"
                    ),
                )
                .with_hint(format!(
                    "rename it to `index.md` (where names differ only in case, through another name: `{file}` → `tmp.md` → `index.md`); {keep}"
                ))
            }
            _ => continue,
        };
        // At the file's first line: the warning is about the file, not a key in it.
        warnings.push(page.diagnostic_at_key(d, ""));
    }
}

/// Whether `folder` (under `content/`) is `categories` or one inside it, where Hugo keeps a
/// taxonomy's introductions (`categories/wellbeing/_index.md`).
fn is_categories_folder(folder: &str) -> bool {
    folder
        .split('/')
        .next()
        .is_some_and(|first| first.eq_ignore_ascii_case("categories"))
}
