//! References: the works a page cites or names in its front matter, formatted once for the
//! whole site, and each page's reference list.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::bibliography::{self, FormattedBibliography};
use crate::citation::Citation;
use crate::config::Config;
use crate::content::SourcePage;
use crate::site::Input;
use crate::site::cache::{ModelCache, hash_of};
use crate::site::checks::{MAX_REPORTED_PER_PAGE, not_shown};
use crate::site::markdown::{self, Rendered};
use crate::site::urls::shown;
use crate::support::diagnostic::{Code, Diagnostic, closest};

/// An entry of a page's front matter `references:`: a key when it looks like one, otherwise
/// the reference written out.
pub enum FrontMatterReference {
    Key(String),
    Text(String),
}

/// One entry of a page's reference list.
#[derive(Debug, Clone)]
pub enum ReferenceEntry {
    /// A work from the bibliography: an index into [`FormattedBibliography::works`].
    Work(usize),
    /// A free-text reference from front matter, rendered as inline Markdown.
    Text(String),
}

/// Every page's front matter `references:`. An unknown key and a reference that links to a
/// script are errors; a `[text][label]` in a written-out reference (no line defines a label
/// there) is a warning. Then each `unknown-citation` error (these and the page bodies', already
/// in `errors`) of a key whose entry `library` left out for having no fields says so.
pub fn from_front_matter(
    sources: &[SourcePage],
    (keys, library): (&HashSet<String>, &crate::bibliography::Library),
    (errors, warnings): (&mut Vec<Diagnostic>, &mut Vec<Diagnostic>),
) -> Vec<Vec<FrontMatterReference>> {
    let named = named_in_front_matter(sources, keys, errors);
    for (page, list) in sources.iter().zip(&named) {
        undefined_labels(page, list, warnings);
    }
    explain_left_out(library, errors);
    named
}

/// Tells, in each `unknown-citation` error of `diagnostics` whose key is that of an entry left
/// out for having no fields, that it was left out and where it is: "no work has the key" alone
/// sent the editor looking for a typo.
fn explain_left_out(library: &crate::bibliography::Library, diagnostics: &mut [Diagnostic]) {
    if !library.any_left_out() {
        return;
    }
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.code == Code::UnknownCitation)
    {
        let Some((key, (file, line))) = markdown::unknown_key_of(&d.message)
            .and_then(|key| Some((key.to_string(), library.left_out(key)?)))
        else {
            continue;
        };
        d.message = format!(
            "the entry `{key}` ({}:{line}) has no fields, so it was left out of the bibliography and cannot be cited",
            file.display()
        );
        d.hint = Some(
            "fill in the item in the reference manager (a title, author and date) and export again"
                .into(),
        );
    }
}

/// [`from_front_matter`]'s first step: each page's `references:` read against `keys`.
fn named_in_front_matter(
    sources: &[SourcePage],
    keys: &HashSet<String>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Vec<FrontMatterReference>> {
    let mut named = Vec::with_capacity(sources.len());
    for page in sources {
        let mut list = Vec::new();
        // Each error looks for the nearest key and finds its reference in the line: past
        // the first hundred of a page, they are counted (thousands took time growing with
        // the square of their number).
        let mut found = 0;
        // The line of the last error: the next is looked for below it, so two references
        // written alike are each found at their own line.
        let mut after = 0;
        let mut place = |d: Diagnostic, value: &str| {
            let d = page.diagnostic_at_value_from(d, "references", value, after + 1);
            after = d.line;
            d
        };
        for reference in &page.front.references {
            let text = reference.trim();
            if let Some(key) = markdown::known_key(text, keys) {
                list.push(FrontMatterReference::Key(key));
            } else if looks_like_key(text) {
                found += 1;
                if found > MAX_REPORTED_PER_PAGE {
                    continue;
                }
                let hint = match closest(text, keys.iter().map(String::as_str)) {
                    Some(near) => markdown::did_you_mean(text, near),
                    None => {
                        "add the work to a bibliography file, or write the reference out in full"
                            .into()
                    }
                };
                errors.push(place(
                    Diagnostic::error(Code::UnknownCitation, markdown::unknown_key(text))
                        .with_hint(hint),
                    text,
                ));
            } else if let Some(url) = markdown::script_link_in_inline(text) {
                found += 1;
                if found > MAX_REPORTED_PER_PAGE {
                    continue;
                }
                // At the entry that holds the link (it was the `references:` line).
                errors.push(place(
                    Diagnostic::error(
                        Code::UnsafeLink,
                        format!("a reference links to `{}`, which would run a script in the reader's browser", shown(&url)),
                    )
                    .with_hint("link to the work's https:// address, or leave the link out"),
                    &url,
                ));
            } else if let Some((url, problem)) = markdown::broken_web_link_in_inline(text) {
                found += 1;
                if found > MAX_REPORTED_PER_PAGE {
                    continue;
                }
                errors.push(place(
                    Diagnostic::error(
                        Code::BrokenLink,
                        format!(
                            "a reference links to `{}`, {problem}, so it leads nowhere",
                            shown(&url)
                        ),
                    )
                    .with_hint("write the work's whole https:// address, or leave the link out"),
                    &url,
                ));
            } else if !text.is_empty() {
                list.push(FrontMatterReference::Text(text.to_string()));
            }
        }
        errors.extend(not_shown(
            page,
            found,
            "errors about references",
            Diagnostic::error,
        ));
        named.push(list);
    }
    named
}

/// A warning at each `[text][label]` of `page`'s written-out references (of `named`, the
/// page's `references:` as read: a key, or an entry that is an error, is not printed): a
/// one-line reference defines no labels, so each is printed as written, brackets and all (as
/// in the body, where [`markdown::undefined_label`] words it alike).
fn undefined_labels(
    page: &SourcePage,
    named: &[FrontMatterReference],
    warnings: &mut Vec<Diagnostic>,
) {
    let mut found = 0;
    // The line of the last warning: the next reference's are looked for below it.
    let mut after = 0;
    for text in named.iter().filter_map(|r| match r {
        FrontMatterReference::Text(text) => Some(text.as_str()),
        FrontMatterReference::Key(_) => None,
    }) {
        let from = after + 1;
        // Most references hold no brackets: no need to parse them.
        if !text.contains("][") {
            continue;
        }
        for (span, label) in markdown::undefined_labels_in_inline(text) {
            found += 1;
            if found > MAX_REPORTED_PER_PAGE {
                continue;
            }
            let shown = shown(&label);
            let message = format!(
                "a reference written out in front matter has no `[{shown}]: address` line, so this `[...][{shown}]` is not a link and is printed as written"
            );
            // A reference has no place for `[label]: address`: the link is written inline.
            let hint = markdown::citation_key_label(&label).unwrap_or_else(|| {
                "write the link with its address, `[text](https://example.org)`, or write `\\[` to show the brackets as text".into()
            });
            let written = text.get(span).unwrap_or(text);
            let d = page.diagnostic_at_value_from(
                Diagnostic::warning(Code::UnreadLink, message).with_hint(hint),
                "references",
                written,
                from,
            );
            after = after.max(d.line);
            warnings.push(d);
        }
    }
    warnings.extend(not_shown(
        page,
        found,
        "warnings about references",
        Diagnostic::warning,
    ));
}

fn looks_like_key(text: &str) -> bool {
    !text.is_empty() && !text.contains(char::is_whitespace)
}

/// The keys a page cites or names, in order, repeats and all.
pub fn keys_of_page<'a>(
    out: &'a Rendered,
    named: &'a [FrontMatterReference],
) -> impl Iterator<Item = &'a str> {
    out.citations
        .iter()
        .flat_map(|c| c.items.iter().map(|item| item.key.as_str()))
        .chain(named_keys(named))
}

/// The keys among a page's front matter `references:`.
fn named_keys(named: &[FrontMatterReference]) -> impl Iterator<Item = &str> {
    named.iter().filter_map(|r| match r {
        FrontMatterReference::Key(key) => Some(key.as_str()),
        FrontMatterReference::Text(_) => None,
    })
}

/// Sets how each page's citations tell its works apart: APA 8.18–8.20 apply within one
/// reference list, here a page's.
pub fn distinguish(rendered: &mut [Rendered], named: &[Vec<FrontMatterReference>], input: &Input) {
    use rayon::prelude::*;
    // Each page on its own, so in parallel.
    rendered
        .par_iter_mut()
        .zip(named.par_iter())
        .for_each(|(out, refs)| {
            let named_keys: Vec<&str> = named_keys(refs).collect();
            bibliography::distinguish_page(
                input.library,
                input.style,
                &mut out.citations,
                &named_keys,
            );
        });
}

/// The site's citations formatted, and for each page which of them its placeholders stand for.
pub struct Formatted {
    pub bibliography: FormattedBibliography,
    /// Per page, per placeholder: an index into `bibliography.citations`.
    pub page_citations: Vec<Vec<usize>>,
}

/// Every distinct citation and every cited work, formatted once for the whole site (or taken
/// from `cache` when nothing they depend on changed).
pub fn format(
    rendered: &[Rendered],
    named: &[Vec<FrontMatterReference>],
    input: &Input,
    cache: &mut ModelCache,
    caching: bool,
) -> Result<Formatted, Vec<Diagnostic>> {
    let mut distinct: rustc_hash::FxHashMap<&Citation, usize> = Default::default();
    let mut citations: Vec<&Citation> = Vec::new();
    let mut page_citations: Vec<Vec<usize>> = Vec::with_capacity(rendered.len());
    for out in rendered {
        let ids = out
            .citations
            .iter()
            .map(|citation| {
                *distinct.entry(citation).or_insert_with(|| {
                    citations.push(citation);
                    citations.len() - 1
                })
            })
            .collect();
        page_citations.push(ids);
    }
    let cited_by = cited_by(rendered, named);
    let show_uncited = input.config.bibliography.show_uncited;
    // Only `serve` keeps a formatted bibliography between builds: a build does not hash.
    let citations_hash = (caching || cache.bibliography.is_some())
        .then(|| hash_of(&(&citations, &cited_by, show_uncited)));
    let bibliography = match (&cache.bibliography, citations_hash) {
        (Some((hash, formatted)), Some(now)) if *hash == now => formatted.clone(),
        _ => {
            let formatted = bibliography::format(
                input.library,
                input.style,
                &citations,
                &cited_by,
                show_uncited,
            )
            .map_err(|d| vec![d])?;
            if let (true, Some(hash)) = (caching, citations_hash) {
                cache.bibliography = Some((hash, formatted.clone()));
            }
            formatted
        }
    };
    Ok(Formatted {
        bibliography,
        page_citations,
    })
}

/// Each cited or named work's key → the pages that cite or name it, in page order.
pub fn cited_by<'a>(
    rendered: &'a [Rendered],
    named: &'a [Vec<FrontMatterReference>],
) -> BTreeMap<&'a str, Vec<usize>> {
    let mut cited_by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, (out, refs)) in rendered.iter().zip(named).enumerate() {
        for key in keys_of_page(out, refs) {
            let pages = cited_by.entry(key).or_default();
            if pages.last() != Some(&index) {
                pages.push(index);
            }
        }
    }
    cited_by
}

/// The warnings about the formatted bibliography: works no page cites, keys the theme uses as
/// ids.
pub fn warnings(
    bibliography: &FormattedBibliography,
    config: &Config,
    theme_ids: &HashSet<String>,
) -> impl Iterator<Item = Diagnostic> {
    uncited_warning(bibliography, config)
        .into_iter()
        .chain(id_clash_warning(bibliography, config, theme_ids))
}

/// The warning for works no page cites (unless they are listed as further reading).
fn uncited_warning(bibliography: &FormattedBibliography, config: &Config) -> Option<Diagnostic> {
    if bibliography.uncited.is_empty() || config.bibliography.show_uncited {
        return None;
    }
    let keys: Vec<&str> = bibliography
        .uncited
        .iter()
        .map(|w| w.key.as_str())
        .collect();
    Some(
        Diagnostic::warning(Code::Uncited, uncited_message(&keys))
            .with_hint("cite them, name them in a page's `references:`, or set `bibliography: {show_uncited: true}` to list them as further reading"),
    )
}

/// How many uncited works the warning names; the rest are counted (a file of 3,000 works
/// that one page cites printed a line of 3,000 keys).
const MAX_UNCITED_NAMED: usize = 50;

/// "no page cites 2 works: a, b"; past [`MAX_UNCITED_NAMED`] keys, "… and 2949 more".
fn uncited_message(keys: &[&str]) -> String {
    let works = if keys.len() == 1 {
        "1 work".to_string()
    } else {
        format!("{} works", keys.len())
    };
    let named = keys[..keys.len().min(MAX_UNCITED_NAMED)].join(", ");
    match keys.len().checked_sub(MAX_UNCITED_NAMED).filter(|n| *n > 0) {
        Some(more) => format!("no page cites {works}: {named} and {more} more"),
        None => format!("no page cites {works}: {named}"),
    }
}

/// On the bibliography page each entry's id is its key: one the theme uses there too would be
/// two elements with one id.
fn id_clash_warning(
    bibliography: &FormattedBibliography,
    config: &Config,
    theme_ids: &HashSet<String>,
) -> Option<Diagnostic> {
    let mut clashing: Vec<&str> = bibliography
        .works
        .iter()
        .chain(
            bibliography
                .uncited
                .iter()
                .filter(|_| config.bibliography.show_uncited),
        )
        .map(|w| w.key.as_str())
        .filter(|key| theme_ids.contains(*key))
        .collect();
    clashing.sort_unstable();
    if clashing.is_empty() {
        return None;
    }
    Some(
        Diagnostic::warning(
            Code::IdClash,
            format!(
                "the bibliography page gives each entry its key as id, and the theme's templates use {} as ids too: links to them may lead to the theme's element",
                clashing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        )
        .with_hint("give the work another key in the bibliography file"),
    )
}

/// A page's reference list: the works it cites or names, in the style's order, then its
/// free-text references in the order written.
pub fn reference_list(
    out: &Rendered,
    named: Vec<FrontMatterReference>,
    work_index: &HashMap<&str, usize>,
) -> Vec<ReferenceEntry> {
    let mut works: Vec<usize> = keys_of_page(out, &named)
        .filter_map(|key| work_index.get(key).copied())
        .collect();
    works.sort_unstable();
    works.dedup();
    let mut references: Vec<ReferenceEntry> = works.into_iter().map(ReferenceEntry::Work).collect();
    references.extend(named.into_iter().filter_map(|r| match r {
        FrontMatterReference::Text(text) => {
            Some(ReferenceEntry::Text(markdown::render_inline(&text)))
        }
        FrontMatterReference::Key(_) => None,
    }));
    references
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uncited_warning_names_the_first_fifty_works_and_counts_the_rest() {
        assert_eq!(uncited_message(&["a"]), "no page cites 1 work: a");
        assert_eq!(uncited_message(&["a", "b"]), "no page cites 2 works: a, b");
        let keys: Vec<String> = (0..3000).map(|n| format!("x{n}")).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let message = uncited_message(&keys[..50]);
        assert!(message.ends_with(", x48, x49"), "{message}");
        let message = uncited_message(&keys);
        assert!(
            message.starts_with("no page cites 3000 works: x0, x1, "),
            "{message}"
        );
        assert!(message.ends_with(", x48, x49 and 2950 more"), "{message}");
        assert!(!message.contains("x50"), "{message}");
    }
}
