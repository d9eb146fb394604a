//! Editorial checks that `check` adds: pages without a `description`, and categories that only
//! one page uses and site.yaml does not list (often a typo of another). They are about how the
//! site reads, not whether it can be built, so `build` stays quiet about them.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::content::SourcePage;
use crate::support::diagnostic::{Code, Diagnostic, closest};
use crate::support::slug::slugify;

/// The editorial warnings: pages without a description, categories used once.
pub fn editorial(config: &Config, pages: &[SourcePage]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for page in pages {
        if page
            .front
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            let d = Diagnostic::warning(Code::MissingDescription, "this page has no `description`")
                .with_hint("add a one-sentence summary, such as `description: Why a good night's sleep makes hard days easier.`; it is shown in page lists, search results and link previews");
            findings.push(if page.front.key_lines.get("description").is_some() {
                page.diagnostic_at_key(d, "description")
            } else {
                page.diagnostic_at_key(d, "title")
            });
        }
    }

    // Categories that site.yaml lists are meant; one used once and listed nowhere is often a
    // typo of another. When the list is closed, such a category is an error already.
    if !config.categories_open && !config.categories.is_empty() {
        return findings;
    }
    let listed: HashSet<String> = config
        .categories
        .iter()
        .flat_map(|c| std::iter::once(&c.name).chain(&c.aliases))
        .map(|name| slugify(name))
        .collect();
    let mut uses: HashMap<String, (usize, &SourcePage, &str)> = HashMap::new();
    for page in pages {
        let mut seen = HashSet::new();
        for name in &page.front.categories {
            let slug = slugify(name.trim());
            if slug.is_empty() || !seen.insert(slug.clone()) {
                continue;
            }
            uses.entry(slug).or_insert((0, page, name.trim())).0 += 1;
        }
    }
    let names: Vec<&str> = {
        let mut names: Vec<&str> = config
            .categories
            .iter()
            .map(|c| c.name.as_str())
            .chain(
                uses.values()
                    .filter(|(n, ..)| *n > 1)
                    .map(|(_, _, name)| *name),
            )
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    };
    let mut single: Vec<(&String, &(usize, &SourcePage, &str))> = uses
        .iter()
        .filter(|(slug, (n, ..))| *n == 1 && !listed.contains(*slug))
        .collect();
    single.sort_by(|a, b| (&a.1.1.path, a.0).cmp(&(&b.1.1.path, b.0)));
    // A site of one-page categories (a tag cloud moved into `categories`) would be a warning
    // for each, each with a "did you mean" worked out against every name.
    let not_shown = single.len().saturating_sub(MAX_SINGLE_USE_SHOWN);
    for (_, (_, page, name)) in single.into_iter().take(MAX_SINGLE_USE_SHOWN) {
        let hint = match closest(name, names.iter().copied().filter(|n| n != name)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "if it is meant, list it under `categories:` in site.yaml (with a description) to keep it".into(),
        };
        findings.push(
            page.diagnostic_at_key(
                Diagnostic::warning(
                    Code::SingleUseCategory,
                    format!("only this page is filed under the category `{name}`"),
                )
                .with_hint(hint),
                "categories",
            ),
        );
    }
    if not_shown > 0 {
        findings.push(
            Diagnostic::warning(
                Code::SingleUseCategory,
                format!(
                    "{not_shown} more categories are used by only one page each and listed nowhere (the first {MAX_SINGLE_USE_SHOWN} are shown)"
                ),
            )
            .with_hint("list the categories that are meant under `categories:` in site.yaml")
            .standing_for(not_shown),
        );
    }
    findings
}

/// How many categories used by one page only are warned about one by one; the rest are
/// counted in one more warning.
const MAX_SINGLE_USE_SHOWN: usize = 100;
