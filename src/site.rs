//! The whole site as one model, built once: pages with their URLs and rendered bodies,
//! categories, and the bibliography. Templates are rendered from this model afterwards.
//!
//! Everything here is in a stable order (no hash-map iteration reaches the output), and no step
//! grows with pages × pages: categories hold the indices of their own pages.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::bibliography::{self, CitationStyle, FormattedBibliography, Library};
use crate::config::Config;
use crate::content::{Date, SourcePage};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::markdown::{self, Citation, Heading};
use crate::slug::{slugify, sort_key};

/// Site-relative URLs the generator writes itself; pages may not take them.
pub const RESERVED_SECTIONS: &[&str] = &[
    "categories",
    "bibliography",
    "search",
    "page",
    "index.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "search-index.js",
    crate::output::MARKER,
];

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Newest first, ties by title.
    pub pages: Vec<Page>,
    /// In the order site.yaml lists them, then alphabetically.
    pub categories: Vec<Category>,
    pub bibliography: FormattedBibliography,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug)]
pub struct Page {
    /// As the user would type it: `content/guides/sleep.md`.
    pub source: PathBuf,
    /// Site-relative: `guides/sleep/`.
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub weight: Option<i64>,
    pub draft: bool,
    /// Indices into [`Site::categories`], in the order the page lists them.
    pub categories: Vec<usize>,
    /// The rendered body, citations filled in.
    pub content: String,
    pub headings: Vec<Heading>,
    /// The page's reference list, in the style's order.
    pub references: Vec<PageReference>,
    pub extra: serde_json::Value,
    /// Words of running text, for the reading time.
    pub word_count: usize,
    /// The start of the text (search results use it when there is no description).
    pub excerpt: String,
    /// Frequent words, normalised, for the search index.
    pub keywords: Vec<String>,
    /// Up to [`RELATED`] pages sharing the most categories with this one (indices into
    /// [`Site::pages`]).
    pub related: Vec<usize>,
}

/// How many related pages a page lists.
pub const RELATED: usize = 3;
/// How far down each of its categories' lists a page looks for related pages. Bounds the work
/// to pages × categories × this, instead of pages × pages.
const RELATED_SCAN: usize = 200;

/// One entry of a page's reference list.
#[derive(Debug, Clone)]
pub enum PageReference {
    /// A work from the bibliography: an index into [`FormattedBibliography::works`].
    Work(usize),
    /// A free-text reference from front matter, rendered as inline Markdown.
    Text(String),
}

#[derive(Debug)]
pub struct Category {
    /// As written, macrons and all: "For Family / Whānau".
    pub name: String,
    pub slug: String,
    /// `categories/<slug>/`
    pub url: String,
    pub description: Option<String>,
    /// Indices into [`Site::pages`]: weighted pages first (lowest first), then newest first.
    pub pages: Vec<usize>,
}

/// What the theme adds to every site: files and ids that pages must not take.
pub struct ThemeNames<'a> {
    /// Output paths of the theme's and the site's static files.
    pub static_files: &'a HashSet<String>,
    /// Every literal id in the templates.
    pub ids: &'a HashSet<String>,
}

/// Builds the model from the site's configuration, pages and bibliography.
pub fn build(
    config: Config,
    sources: Vec<SourcePage>,
    drafts: &[String],
    theme: ThemeNames,
    library: &Library,
    style: &CitationStyle,
    cache: Option<&mut Cache>,
) -> Result<Site, Vec<Diagnostic>> {
    let mut no_cache = Cache::default();
    let caching = cache.is_some();
    let cache = cache.unwrap_or(&mut no_cache);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let static_files = theme.static_files;
    // Pages and static files may share folders; only the same path, or a file where the other
    // needs a folder, collide.
    let static_folders: HashSet<&str> = static_files
        .iter()
        .flat_map(|path| crate::output::folders_of(path))
        .collect();

    // URLs first: links between pages are rewritten against them.
    let mut urls: Vec<String> = Vec::with_capacity(sources.len());
    let mut owner: HashMap<String, usize> = HashMap::with_capacity(sources.len());
    for (index, page) in sources.iter().enumerate() {
        let url = match page_url(page) {
            Ok(url) => url,
            Err(d) => {
                errors.push(d);
                String::new()
            }
        };
        if !url.is_empty() {
            let first_segment = url.split('/').next().unwrap_or_default();
            let written = format!("{url}index.html");
            let static_clash = static_files
                .get(&written)
                .or_else(|| {
                    crate::output::folders_of(&written).find_map(|folder| static_files.get(folder))
                })
                .or_else(|| {
                    static_folders
                        .contains(written.as_str())
                        .then_some(&written)
                });
            if RESERVED_SECTIONS.contains(&first_segment) {
                errors.push(
                    page.diagnostic_at_key(
                        Diagnostic::error(
                            "url-reserved",
                            format!("the URL `{url}` would overwrite `{first_segment}`, which attach-gen writes itself"),
                        )
                        .with_hint("give the page another `slug`, or move the file"),
                        "slug",
                    ),
                );
            } else if let Some(clash) = static_clash {
                let what = if *clash == written {
                    format!("the static file `{clash}`")
                } else if written.starts_with(&format!("{clash}/")) {
                    format!("the static file `{clash}`, where the page needs a folder")
                } else {
                    format!("the static folder `{written}/`")
                };
                errors.push(
                    page.diagnostic_at_key(
                        Diagnostic::error(
                            "url-reserved",
                            format!("the URL `{url}` is written to `{written}`, which clashes with {what} (in static/ or the theme's static/)"),
                        )
                        .with_hint("give the page another `slug`, or rename the static file"),
                        "slug",
                    ),
                );
            } else if let Some(&other) = owner.get(&url) {
                errors.push(
                    page.diagnostic_at_key(
                        Diagnostic::error(
                            "url-collision",
                            format!(
                                "this page and {} both want the URL `{url}`",
                                sources[other].path.display()
                            ),
                        )
                        .with_hint("give one of them a different `slug`"),
                        "slug",
                    ),
                );
            } else {
                owner.insert(url.clone(), index);
            }
        }
        urls.push(url);
    }
    let by_source: HashMap<String, String> = sources
        .iter()
        .zip(&urls)
        .map(|(page, url)| (page.rel_path.clone(), url.clone()))
        .collect();

    let (categories, page_categories) =
        collect_categories(&config, &sources, &mut errors, &mut warnings);

    // Markdown, in parallel; citations stay placeholders until the whole site's are known.
    let keys = library.keys();
    let drafts: HashSet<String> = drafts.iter().cloned().collect();
    let context = markdown_context_hash(
        &sources,
        &urls,
        &keys,
        &drafts,
        config.markdown.raw_html,
        theme.ids,
    );
    if cache.context != context {
        cache.markdown.clear();
        cache.context = context;
    }
    let body_hashes: Vec<u64> = if caching {
        sources.par_iter().map(|page| hash_of(&page.body)).collect()
    } else {
        Vec::new()
    };
    let shared: Vec<std::sync::Arc<markdown::Rendered>> = sources
        .par_iter()
        .zip(urls.par_iter())
        .enumerate()
        .map(|(index, (page, url))| {
            if let Some((hash, rendered)) = cache.markdown.get(&page.rel_path)
                && body_hashes.get(index) == Some(hash)
            {
                return rendered.clone();
            }
            let ctx = markdown::Context {
                rel_path: &page.rel_path,
                url,
                pages: &by_source,
                keys: &keys,
                drafts: &drafts,
                raw_html: config.markdown.raw_html,
                theme_ids: theme.ids,
            };
            std::sync::Arc::new(markdown::render(&page.body, &ctx))
        })
        .collect();
    if caching {
        cache.markdown = sources
            .iter()
            .zip(&body_hashes)
            .zip(&shared)
            .map(|((page, hash), out)| (page.rel_path.clone(), (*hash, out.clone())))
            .collect();
    }
    // The model takes its own copy; without a cache the only reference is given up.
    let mut rendered: Vec<markdown::Rendered> = shared
        .into_par_iter()
        .map(|out| std::sync::Arc::try_unwrap(out).unwrap_or_else(|out| (*out).clone()))
        .collect();
    for (page, out) in sources.iter().zip(&rendered) {
        if !out.warnings.is_empty() {
            let lines = LineIndex::new(&page.body);
            for problem in &out.warnings {
                let mut d = Diagnostic::warning(problem.code, problem.message.clone());
                if let Some(hint) = &problem.hint {
                    d = d.with_hint(hint.clone());
                }
                warnings.push(page.diagnostic_at_offset(&lines, d, problem.offset));
            }
        }
        if out.problems.is_empty() {
            continue;
        }
        let lines = LineIndex::new(&page.body);
        for problem in out.problems.iter().take(MAX_REPORTED_PER_PAGE) {
            let mut d = Diagnostic::error(problem.code, problem.message.clone());
            if let Some(hint) = &problem.hint {
                d = d.with_hint(hint.clone());
            }
            errors.push(page.diagnostic_at_offset(&lines, d, problem.offset));
        }
        if let Some(more) = not_shown(page, out.problems.len(), "errors") {
            errors.push(more);
        }
    }

    // Front matter `references:` are keys when they look like keys, otherwise free text.
    let mut named: Vec<Vec<Reference>> = Vec::with_capacity(sources.len());
    for page in &sources {
        let mut list = Vec::new();
        for reference in &page.front.references {
            let text = reference.trim();
            if let Some(key) = markdown::known_key(text, &keys) {
                list.push(Reference::Key(key));
            } else if looks_like_key(text) {
                let hint = match crate::diagnostic::closest(text, keys.iter().map(String::as_str)) {
                    Some(near) => markdown::did_you_mean(text, near),
                    None => {
                        "add the work to a bibliography file, or write the reference out in full"
                            .into()
                    }
                };
                errors.push(
                    page.diagnostic_at_key(
                        Diagnostic::error(
                            "unknown-citation",
                            format!("no work in the bibliography has the key `{text}`"),
                        )
                        .with_hint(hint),
                        "references",
                    ),
                );
            } else if let Some(url) = markdown::script_link_in_inline(text) {
                errors.push(page.diagnostic_at_key(
                    Diagnostic::error(
                        "unsafe-link",
                        format!("a reference links to `{}`, which would run a script in the reader's browser", shown(&url)),
                    )
                    .with_hint("link to the work's https:// address, or leave the link out"),
                    "references",
                ));
            } else if !text.is_empty() {
                list.push(Reference::Text(text.to_string()));
            }
        }
        named.push(list);
    }

    check_anchors(&sources, &rendered, &named, theme.ids, &mut warnings);
    check_images(
        &config,
        &sources,
        &urls,
        &rendered,
        static_files,
        &mut warnings,
    );

    if !errors.is_empty() {
        // The warnings go along, so `check` can list every finding of one run.
        errors.append(&mut warnings);
        return Err(errors);
    }

    // How each page's citations tell its works apart (APA 8.18–8.20 apply within one
    // reference list: here, a page's).
    for (out, refs) in rendered.iter_mut().zip(&named) {
        let named_keys: Vec<&str> = refs
            .iter()
            .filter_map(|r| match r {
                Reference::Key(key) => Some(key.as_str()),
                Reference::Text(_) => None,
            })
            .collect();
        bibliography::distinguish_page(library, style, &mut out.citations, &named_keys);
    }

    // Every distinct citation and every cited work, formatted once for the whole site.
    let mut distinct: HashMap<&Citation, usize> = HashMap::new();
    let mut citations: Vec<&Citation> = Vec::new();
    let mut page_citation_ids: Vec<Vec<usize>> = Vec::with_capacity(rendered.len());
    for out in &rendered {
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
        page_citation_ids.push(ids);
    }
    let mut cited_by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, (out, refs)) in rendered.iter().zip(&named).enumerate() {
        let keys_of_page = out
            .citations
            .iter()
            .flat_map(|c| c.items.iter().map(|item| item.key.as_str()))
            .chain(refs.iter().filter_map(|r| match r {
                Reference::Key(key) => Some(key.as_str()),
                Reference::Text(_) => None,
            }));
        for key in keys_of_page {
            let pages = cited_by.entry(key).or_default();
            if pages.last() != Some(&index) {
                pages.push(index);
            }
        }
    }
    let mut clock = std::time::Instant::now();
    let citations_hash = hash_of(&(&citations, &cited_by, config.bibliography.show_uncited));
    let bibliography = match &cache.bibliography {
        Some((hash, formatted)) if *hash == citations_hash => formatted.clone(),
        _ => {
            let formatted = bibliography::format(
                library,
                style,
                &citations,
                &cited_by,
                config.bibliography.show_uncited,
            )
            .map_err(|d| vec![d])?;
            if caching {
                cache.bibliography = Some((citations_hash, formatted.clone()));
            }
            formatted
        }
    };
    crate::phase("  format citations", &mut clock);
    if !bibliography.uncited.is_empty() && !config.bibliography.show_uncited {
        let keys: Vec<&str> = bibliography
            .uncited
            .iter()
            .map(|w| w.key.as_str())
            .collect();
        warnings.push(
            Diagnostic::warning("uncited", format!("no page cites {}: {}", plural(keys.len(), "work"), keys.join(", ")))
                .with_hint("cite them, name them in a page's `references:`, or set `bibliography: {show_uncited: true}` to list them as further reading"),
        );
    }

    // On the bibliography page each entry's id is its key: one the theme uses there too would
    // be two elements with one id.
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
        .filter(|key| theme.ids.contains(*key))
        .collect();
    clashing.sort_unstable();
    if !clashing.is_empty() {
        warnings.push(
            Diagnostic::warning(
                "id-clash",
                format!(
                    "the bibliography page gives each entry its key as id, and the theme's templates use {} as ids too: links to them may lead to the theme's element",
                    clashing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .with_hint("give the work another key in the bibliography file"),
        );
    }

    // Fill in citations and assemble the pages.
    let work_index: HashMap<&str, usize> = bibliography
        .works
        .iter()
        .enumerate()
        .map(|(i, w)| (w.key.as_str(), i))
        .collect();
    let mut pages: Vec<Page> = sources
        .into_par_iter()
        .zip(rendered.into_par_iter())
        .zip(named.into_par_iter())
        .zip(page_citation_ids.into_par_iter())
        .zip(urls.into_par_iter())
        .zip(page_categories.into_par_iter())
        .map(|(((((source, out), refs), ids), url), categories)| {
            let content = markdown::fill_citations(&out.html, |i| {
                ids.get(i)
                    .and_then(|id| bibliography.citations.get(*id))
                    .cloned()
                    .unwrap_or_default()
            });
            let mut works: Vec<usize> = out
                .citations
                .iter()
                .flat_map(|c| c.items.iter())
                .map(|item| item.key.as_str())
                .chain(refs.iter().filter_map(|r| match r {
                    Reference::Key(key) => Some(key.as_str()),
                    Reference::Text(_) => None,
                }))
                .filter_map(|key| work_index.get(key).copied())
                .collect();
            works.sort_unstable();
            works.dedup();
            let mut references: Vec<PageReference> =
                works.into_iter().map(PageReference::Work).collect();
            references.extend(refs.into_iter().filter_map(|r| match r {
                Reference::Text(text) => Some(PageReference::Text(markdown::render_inline(&text))),
                Reference::Key(_) => None,
            }));
            let front = source.front;
            Page {
                source: source.path,
                url,
                title: front.title,
                description: front.description,
                date: front.date,
                updated: front.updated,
                weight: front.weight,
                draft: front.draft,
                categories,
                content,
                headings: out.headings,
                references,
                extra: front.extra,
                word_count: out.word_count,
                excerpt: out.excerpt,
                keywords: out.keywords,
                related: Vec::new(),
            }
        })
        .collect();

    // Home order: newest first, then by title; the index each page ends up at is what
    // categories and the bibliography refer to.
    let mut order: Vec<usize> = (0..pages.len()).collect();
    let title_keys: Vec<String> = pages.iter().map(|p| sort_key(&p.title)).collect();
    order.sort_by(|&a, &b| {
        pages[b]
            .date
            .cmp(&pages[a].date)
            .then_with(|| title_keys[a].cmp(&title_keys[b]))
            .then_with(|| pages[a].url.cmp(&pages[b].url))
    });
    let mut new_position = vec![0; pages.len()];
    for (position, &old) in order.iter().enumerate() {
        new_position[old] = position;
    }
    let mut slots: Vec<Option<Page>> = pages.drain(..).map(Some).collect();
    let pages: Vec<Page> = order.iter().filter_map(|&old| slots[old].take()).collect();
    let mut bibliography = bibliography;
    for work in bibliography.works.iter_mut() {
        for page in work.cited_in.iter_mut() {
            *page = new_position[*page];
        }
        work.cited_in.sort_unstable();
    }

    let mut categories = categories;
    for (index, page) in pages.iter().enumerate() {
        for &category in &page.categories {
            categories[category].pages.push(index);
        }
    }
    for category in &mut categories {
        // Pages are already newest first; a stable sort puts weighted pages ahead, lowest first.
        category
            .pages
            .sort_by_key(|&p| (pages[p].weight.is_none(), pages[p].weight));
    }
    let related: Vec<Vec<usize>> = (0..pages.len())
        .into_par_iter()
        .map_init(
            || (Vec::new(), Vec::new()),
            |scratch, p| related_pages(p, &pages, &categories, scratch),
        )
        .collect();
    let mut pages = pages;
    for (page, related) in pages.iter_mut().zip(related) {
        page.related = related;
    }

    Ok(Site {
        config,
        pages,
        categories,
        bibliography,
        warnings,
    })
}

/// The pages sharing the most categories with `page`, ties in category order (so weighted and
/// newer pages first). Only the first [`RELATED_SCAN`] pages of each category are looked at.
/// `scratch` is reused between calls on one thread: a count per page (all zero between calls)
/// and the pages seen, in the order first seen.
fn related_pages(
    page: usize,
    pages: &[Page],
    categories: &[Category],
    scratch: &mut (Vec<u32>, Vec<usize>),
) -> Vec<usize> {
    let (counts, seen) = scratch;
    if counts.len() < pages.len() {
        counts.resize(pages.len(), 0);
    }
    for &category in &pages[page].categories {
        for &other in categories[category].pages.iter().take(RELATED_SCAN) {
            if other != page {
                if counts[other] == 0 {
                    seen.push(other);
                }
                counts[other] += 1;
            }
        }
    }
    let mut shared: Vec<(u32, usize)> = seen.iter().map(|&p| (counts[p], p)).collect();
    for &p in seen.iter() {
        counts[p] = 0;
    }
    seen.clear();
    // Stable: among equal counts, the order first seen.
    shared.sort_by_key(|&(count, _)| std::cmp::Reverse(count));
    shared.into_iter().take(RELATED).map(|(_, p)| p).collect()
}

/// What `serve` keeps between builds, so that one changed page does not mean rendering every
/// page's Markdown and formatting every citation again. Built with the same library, style and
/// configuration each time: start a new cache when those are reloaded.
#[derive(Default)]
pub struct Cache {
    /// A hash of everything a page's Markdown is rendered against besides its own text: every
    /// page's path and URL, the bibliography keys, the drafts left out and `raw_html`.
    context: u64,
    /// Source path → (hash of the body, the body rendered).
    markdown: HashMap<String, (u64, std::sync::Arc<markdown::Rendered>)>,
    /// Hash of the citations, who cites what, and `show_uncited` → the formatted result.
    bibliography: Option<(u64, FormattedBibliography)>,
}

fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(value)
}

fn markdown_context_hash(
    sources: &[SourcePage],
    urls: &[String],
    keys: &HashSet<String>,
    drafts: &HashSet<String>,
    raw_html: bool,
    theme_ids: &HashSet<String>,
) -> u64 {
    let sorted = |set: &HashSet<String>| {
        let mut items: Vec<String> = set.iter().cloned().collect();
        items.sort_unstable();
        items
    };
    let paths: Vec<&str> = sources.iter().map(|p| p.rel_path.as_str()).collect();
    hash_of(&(
        paths,
        urls,
        sorted(keys),
        sorted(drafts),
        raw_html,
        sorted(theme_ids),
    ))
}

enum Reference {
    Key(String),
    Text(String),
}

fn looks_like_key(text: &str) -> bool {
    !text.is_empty() && !text.contains(char::is_whitespace)
}

/// Links to `#anchors` that no heading, footnote, reference or theme element of the target
/// page has. Warnings here; `check` makes them errors.
fn check_anchors(
    sources: &[SourcePage],
    rendered: &[markdown::Rendered],
    named: &[Vec<Reference>],
    theme_ids: &HashSet<String>,
    warnings: &mut Vec<Diagnostic>,
) {
    if rendered.iter().all(|out| out.fragment_links.is_empty()) {
        return;
    }
    let index: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, page)| (page.rel_path.as_str(), i))
        .collect();
    let anchors: Vec<HashSet<String>> = rendered
        .iter()
        .zip(named)
        .map(|(out, refs)| {
            let mut ids: HashSet<String> = out
                .headings
                .iter()
                .map(|h| h.id.clone())
                .chain(out.ids.iter().cloned())
                .chain(theme_ids.iter().cloned())
                .chain([crate::ids::FOOTNOTES_ID.to_string()])
                // Browsers scroll to the top for `#top` even without such an id.
                .chain(["top".to_string()])
                .collect();
            let keys = out
                .citations
                .iter()
                .flat_map(|c| c.items.iter().map(|item| item.key.as_str()))
                .chain(refs.iter().filter_map(|r| match r {
                    Reference::Key(key) => Some(key.as_str()),
                    Reference::Text(_) => None,
                }));
            ids.extend(keys.map(|key| format!("ref-{key}")));
            ids
        })
        .collect();
    for (page, out) in sources.iter().zip(rendered) {
        let lines = LineIndex::new(&page.body);
        let mut reported = 0;
        for link in &out.fragment_links {
            let Some(target) = (match &link.page {
                None => index.get(page.rel_path.as_str()),
                Some(other) => index.get(other.as_str()),
            }) else {
                continue;
            };
            let ids = &anchors[*target];
            if link.fragment.is_empty() || ids.contains(&link.fragment) {
                continue;
            }
            reported += 1;
            if reported > MAX_REPORTED_PER_PAGE {
                continue;
            }
            let which = match &link.page {
                None => "this page".to_string(),
                Some(other) => format!("content/{other}"),
            };
            let mut heading_ids: Vec<&str> = rendered[*target]
                .headings
                .iter()
                .map(|h| h.id.as_str())
                .collect();
            heading_ids.sort_unstable();
            let hint = match crate::diagnostic::closest(&link.fragment, heading_ids.iter().copied())
            {
                Some(near) => format!("did you mean `#{near}`?"),
                None if heading_ids.is_empty() => format!("{which} has no headings to link to"),
                None => format!(
                    "the headings of {which} have these ids: {}",
                    heading_ids.join(", ")
                ),
            };
            warnings.push(
                page.diagnostic_at_offset(
                    &lines,
                    Diagnostic::warning(
                        "broken-anchor",
                        format!(
                            "this links to `#{}`, but {which} has no such heading or anchor",
                            link.fragment
                        ),
                    )
                    .with_hint(hint),
                    link.offset,
                ),
            );
        }
        warnings.extend(not_shown(page, reported, "warnings about links to anchors"));
    }
}

/// Images must exist (a file from `static/` or the theme, at the path the browser will ask
/// for) and should have alt text. Missing images are warnings here; `check` makes them errors.
fn check_images(
    config: &Config,
    sources: &[SourcePage],
    urls: &[String],
    rendered: &[markdown::Rendered],
    static_files: &HashSet<String>,
    warnings: &mut Vec<Diagnostic>,
) {
    for ((page, url), out) in sources.iter().zip(urls).zip(rendered) {
        if out.images.is_empty() {
            continue;
        }
        let lines = LineIndex::new(&page.body);
        let mut reported = 0;
        for image in &out.images {
            if image.alt.trim().is_empty() {
                reported += 1;
            }
            if image.alt.trim().is_empty() && reported <= MAX_REPORTED_PER_PAGE {
                warnings.push(page.diagnostic_at_offset(
                    &lines,
                    Diagnostic::warning("missing-alt", format!("the image `{}` has no alt text", image.dest))
                        .with_hint("describe the image between the brackets, `![A family walking on a beach](...)`, for people who cannot see it"),
                    image.offset,
                ));
            }
            let dest = image.dest.trim();
            let lower = dest.to_ascii_lowercase();
            if dest.is_empty()
                || lower.contains("://")
                || lower.starts_with("data:")
                || dest.starts_with("//")
            {
                continue;
            }
            let path = dest.split(['#', '?']).next().unwrap_or(dest);
            let path = crate::urls::percent_decode(path);
            let resolved = resolve_in_output(url, &path);
            if resolved.as_ref().is_some_and(|r| static_files.contains(r)) {
                continue;
            }
            reported += 1;
            if reported > MAX_REPORTED_PER_PAGE {
                continue;
            }
            let name = path.rsplit('/').next().unwrap_or(&path);
            let tail = path.trim_start_matches(['.', '/']);
            let mut candidates: Vec<&String> = static_files
                .iter()
                .filter(|f| f.as_str() == tail || f.rsplit('/').next() == Some(name))
                .collect();
            candidates.sort_by_key(|f| (f.as_str() != tail, f.len(), (*f).clone()));
            let beside_source = crate::urls::resolve_source_path(&page.rel_path, &path)
                .map(|rel| format!("{}/{rel}", crate::content::CONTENT_DIR))
                .filter(|rel| config.root.join(rel).is_file());
            let hint = match (candidates.first(), beside_source) {
                (Some(found), _) => format!(
                    "static/{found} exists: from this page write `{}` (image paths are relative to the page's URL, {url})",
                    crate::urls::relative(url, found)
                ),
                (None, Some(source)) => format!(
                    "{source} exists, but files in content/ are not copied into the site: move it under static/ (static/images/{name}) and write `{}`",
                    crate::urls::relative(url, &format!("images/{name}"))
                ),
                (None, None) => format!(
                    "put the image under static/ (static/images/{name}) and write `{}`",
                    crate::urls::relative(url, &format!("images/{name}"))
                ),
            };
            let shown = resolved.map_or_else(
                || "a path outside the site".to_string(),
                |r| format!("`{r}`"),
            );
            warnings.push(page.diagnostic_at_offset(
                &lines,
                Diagnostic::warning(
                    "missing-image",
                    format!("the image `{dest}` does not exist: from this page it leads to {shown}, which is not a file of the site"),
                )
                .with_hint(hint),
                image.offset,
            ));
        }
        warnings.extend(not_shown(page, reported, "warnings about images"));
    }
}

/// At most this many problems of one kind are reported for a page; the rest are counted in one
/// more message. (A broken or hostile page can have hundreds of thousands, and nobody reads
/// past the first screenful.)
const MAX_REPORTED_PER_PAGE: usize = 100;

/// The message that stands for the problems of a page beyond [`MAX_REPORTED_PER_PAGE`].
fn not_shown(page: &SourcePage, found: usize, what: &str) -> Option<Diagnostic> {
    let more = found
        .checked_sub(MAX_REPORTED_PER_PAGE)
        .filter(|n| *n > 0)?;
    let message = format!(
        "{more} more of this page's {what} are not shown (the first {MAX_REPORTED_PER_PAGE} are)"
    );
    let d = if what == "errors" {
        Diagnostic::error("too-many", message)
    } else {
        Diagnostic::warning("too-many", message)
    };
    Some(d.in_file(&page.path))
}

/// Where `path`, written in the page at site-relative `url`, leads in the output: a
/// site-relative file path, or `None` when it climbs out of the site.
fn resolve_in_output(url: &str, path: &str) -> Option<String> {
    let folder: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        url.split('/').filter(|s| !s.is_empty()).collect()
    };
    crate::urls::join_path(folder, path)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `slug` from front matter, checked, or the file's path under `content/`, slugified.
fn page_url(page: &SourcePage) -> Result<String, Diagnostic> {
    let slug = match &page.front.slug {
        Some(slug) => {
            check_slug(slug).map_err(|why| {
                page.diagnostic_at_key(
                    Diagnostic::error("bad-slug", format!("the slug `{}` {why}", shown(slug)))
                        .with_hint(format!(
                            "use letters, digits and hyphens, such as `{}`",
                            suggest_slug(slug)
                        )),
                    "slug",
                )
            })?;
            slug.trim_matches('/').to_string()
        }
        None => {
            let without_ext = page.rel_path.strip_suffix(".md").unwrap_or(&page.rel_path);
            let mut parts = Vec::new();
            for segment in without_ext.split('/') {
                let slug = slugify(segment);
                if slug.is_empty() {
                    return Err(Diagnostic::error(
                        "bad-slug",
                        format!("cannot make a URL from the name `{segment}`: it has no letters or digits"),
                    )
                    .in_file(&page.path)
                    .with_hint("rename the file, or set `slug:` in the front matter"));
                }
                parts.push(slug);
            }
            let url = parts.join("/");
            // A file name can make a URL no file system takes (`con.md`, or a long name in a
            // script that transliterates to several letters a character).
            check_slug(&url).map_err(|why| {
                Diagnostic::error(
                    "bad-slug",
                    format!(
                        "the URL made from this file's path, `{}`, {why}",
                        shown(&url)
                    ),
                )
                .in_file(&page.path)
                .with_hint(format!(
                    "rename the file, or set `slug:` in the front matter, such as `slug: {}`",
                    suggest_slug(&url)
                ))
            })?;
            url
        }
    };
    Ok(format!("{slug}/"))
}

/// A slug as it may be shown in a message: control characters escaped, and cut short.
fn shown(slug: &str) -> String {
    let mut out: String = slug
        .chars()
        .take(80)
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    if slug.chars().nth(80).is_some() {
        out.push('…');
    }
    out
}

/// A slug to suggest instead of `bad`: one that passes [`check_slug`].
fn suggest_slug(bad: &str) -> String {
    let mut slug = slugify(bad);
    if let Some((cut, _)) = slug.char_indices().nth(60) {
        slug.truncate(cut);
        slug = slug.trim_end_matches('-').to_string();
    }
    let slug = slug.if_empty("my-page");
    if check_slug(&slug).is_ok() {
        slug
    } else {
        format!("{slug}-page")
    }
}

trait IfEmpty {
    fn if_empty(self, fallback: &str) -> String;
}

impl IfEmpty for String {
    fn if_empty(self, fallback: &str) -> String {
        if self.is_empty() {
            fallback.to_string()
        } else {
            self
        }
    }
}

const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Paths in the output stay well inside what file systems (4096 bytes on Linux, less on
/// Windows) and web servers take.
const MAX_URL_BYTES: usize = 1024;
const MAX_URL_DEPTH: usize = 32;

/// A slug must name a folder inside the output: no `..`, no absolute paths, nothing a file
/// system or URL would choke on.
fn check_slug(slug: &str) -> Result<(), String> {
    let trimmed = slug.trim_matches('/');
    if trimmed.is_empty() {
        return Err("is empty".into());
    }
    if slug.starts_with('/') {
        return Err("is an absolute path".into());
    }
    if trimmed.len() > MAX_URL_BYTES {
        return Err(format!("is longer than {MAX_URL_BYTES} bytes"));
    }
    if trimmed.split('/').count() > MAX_URL_DEPTH {
        return Err(format!("is more than {MAX_URL_DEPTH} folders deep"));
    }
    for segment in trimmed.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err("would lead outside its folder (it has an empty, `.` or `..` part)".into());
        }
        if segment.len() > MAX_SEGMENT_BYTES {
            return Err(format!("has a part longer than {MAX_SEGMENT_BYTES} bytes"));
        }
        if let Some(c) = segment
            .chars()
            .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')))
        {
            return Err(format!(
                "contains {c:?}, which cannot stand in a URL path as written"
            ));
        }
        let stem = segment
            .split('.')
            .next()
            .unwrap_or(segment)
            .to_ascii_lowercase();
        if WINDOWS_RESERVED.contains(&stem.as_str()) {
            return Err(format!("uses `{segment}`, a name Windows reserves"));
        }
    }
    Ok(())
}

/// The longest name a file system takes for one folder.
const MAX_SEGMENT_BYTES: usize = 255;

fn category_too_long(name: &str, slug: &str) -> Diagnostic {
    Diagnostic::error(
        "category",
        format!(
            "the category `{}` makes a URL part {} bytes long (categories/{}/), more than the {MAX_SEGMENT_BYTES} a folder name may have",
            shown(name),
            slug.len(),
            shown(slug)
        ),
    )
    .with_hint("give the category a shorter name")
}

/// Categories in site.yaml's order, then alphabetically; and each page's category indices.
fn collect_categories(
    config: &Config,
    sources: &[SourcePage],
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<Category>, Vec<Vec<usize>>) {
    // slug → (name as first written, where it was first written)
    let mut by_slug: HashMap<String, (String, String)> = HashMap::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut page_slugs: Vec<Vec<String>> = Vec::with_capacity(sources.len());
    for category in &config.categories {
        let slug = slugify(&category.name);
        if slug.is_empty() {
            errors.push(
                Diagnostic::error(
                    "category",
                    format!(
                        "the category name `{}` has no letters or digits to make a URL from",
                        category.name
                    ),
                )
                .in_file(crate::config::CONFIG_FILE),
            );
            continue;
        }
        if slug.len() > MAX_SEGMENT_BYTES {
            errors.push(config.at_key(category_too_long(&category.name, &slug), "categories"));
            continue;
        }
        if let Some((name, _)) = by_slug.get(&slug) {
            errors.push(
                Diagnostic::error(
                    "category",
                    format!(
                        "site.yaml lists the category `{}` twice (as `{name}` and `{}`)",
                        category.name, category.name
                    ),
                )
                .in_file(crate::config::CONFIG_FILE),
            );
            continue;
        }
        by_slug.insert(
            slug,
            (
                category.name.clone(),
                crate::config::CONFIG_FILE.to_string(),
            ),
        );
    }
    for page in sources {
        let mut slugs = Vec::new();
        for name in &page.front.categories {
            let name = name.trim();
            let slug = slugify(name);
            if slug.is_empty() {
                errors.push(page.diagnostic_at_key(
                    Diagnostic::error(
                        "category",
                        format!(
                            "the category `{name}` has no letters or digits to make a URL from"
                        ),
                    ),
                    "categories",
                ));
                continue;
            }
            if slug.len() > MAX_SEGMENT_BYTES {
                errors.push(page.diagnostic_at_key(category_too_long(name, &slug), "categories"));
                continue;
            }
            match by_slug.get(&slug) {
                Some((existing, place)) if existing != name => errors.push(page.diagnostic_at_key(
                    Diagnostic::error("category", format!("the category `{name}` is spelled `{existing}` in {place}; both would be categories/{slug}/"))
                        .with_hint(format!("write it as `{existing}` in both places")),
                    "categories",
                )),
                Some(_) => {}
                None => {
                    by_slug.insert(slug.clone(), (name.to_string(), page.path.display().to_string()));
                }
            }
            if !slugs.contains(&slug) {
                slugs.push(slug.clone());
            }
            used.insert(slug);
        }
        page_slugs.push(slugs);
    }

    let mut ordered: Vec<Category> = Vec::with_capacity(used.len());
    let mut position: HashMap<String, usize> = HashMap::new();
    for configured in &config.categories {
        let slug = slugify(&configured.name);
        if position.contains_key(&slug) || slug.is_empty() {
            continue;
        }
        if !used.contains(&slug) {
            warnings.push(
                Diagnostic::warning(
                    "empty-category",
                    format!(
                        "no page is filed under `{}`, so it gets no page",
                        configured.name
                    ),
                )
                .in_file(crate::config::CONFIG_FILE),
            );
            continue;
        }
        position.insert(slug.clone(), ordered.len());
        ordered.push(Category {
            name: configured.name.clone(),
            url: format!("categories/{slug}/"),
            slug,
            description: configured.description.clone(),
            pages: Vec::new(),
        });
    }
    let mut rest: Vec<&String> = used
        .iter()
        .filter(|slug| !position.contains_key(*slug))
        .collect();
    rest.sort_by_cached_key(|slug| (sort_key(&by_slug[*slug].0), (*slug).clone()));
    for slug in rest {
        position.insert(slug.clone(), ordered.len());
        ordered.push(Category {
            name: by_slug[slug].0.clone(),
            url: format!("categories/{slug}/"),
            slug: slug.clone(),
            description: None,
            pages: Vec::new(),
        });
    }
    let page_categories = page_slugs
        .into_iter()
        .map(|slugs| {
            slugs
                .iter()
                .filter_map(|slug| position.get(slug).copied())
                .collect()
        })
        .collect();
    (ordered, page_categories)
}

#[cfg(test)]
mod tests {
    use super::check_slug;

    #[test]
    fn slugs_cannot_escape() {
        assert!(check_slug("guides/sleep").is_ok());
        assert!(check_slug("../../etc").is_err());
        assert!(check_slug("/etc/passwd").is_err());
        assert!(check_slug("a//b").is_err());
        assert!(check_slug("con").is_err());
        assert!(check_slug("a\u{0}b").is_err());
        assert!(check_slug(&"x".repeat(256)).is_err());
        assert!(check_slug("a b").is_err());
        assert!(check_slug(&"a/".repeat(40)).is_err());
        assert!(check_slug(&"a".repeat(1100)).is_err());
        for bad in ["CON", "../../etc", "a\u{0}b", &"x".repeat(300), "Ünïcødé ✓"] {
            let suggested = super::suggest_slug(bad);
            assert!(check_slug(&suggested).is_ok(), "{bad:?} → {suggested:?}");
        }
        assert_eq!(super::shown("a\u{0}b"), "a\\u{0}b");
    }
}
