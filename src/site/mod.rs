//! The whole site as one model, built once: pages with their URLs and rendered bodies,
//! categories, and the bibliography. Templates are rendered from this model afterwards.
//!
//! Everything here is in a stable order (no hash-map iteration reaches the output), and no step
//! grows with pages × pages: categories hold the indices of their own pages.

mod aliases;
mod bodies;
pub mod body_words;
mod bundles;
mod cache;
mod callouts;
pub use body_words::BodyWords;
pub mod categories;
mod site_files;
pub use site_files::SiteFiles;
mod checks;
mod chrome;
pub mod citation_locales;
pub mod glossary;
mod heading_spans;
mod home;
mod ids;
mod images;
pub mod markdown;
mod references;
mod related;
pub mod report;
mod resize;
mod shortcodes;
pub mod translations;
mod urls;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::bibliography::{CitationStyle, FormattedBibliography, Library};
use crate::config::Config;
use crate::content::{Date, Review, SourcePage};
use crate::support::diagnostic::Diagnostic;
use crate::support::packed::PackedText;
use crate::support::slug::sort_key;
use crate::support::timing::Clock;
use markdown::{Heading, Rendered};
use references::FrontMatterReference;

pub use bundles::{Asset, AssetSource};
pub use cache::ModelCache;
pub use references::ReferenceEntry;
pub use related::RELATED;
pub use resize::CACHE_DIR as IMAGE_CACHE_DIR;
pub use urls::{RESERVED_SECTIONS, check_slug, is_sitemap_part};

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Newest first, ties by title.
    pub pages: Vec<Page>,
    /// In the order site.yaml lists them, then alphabetically.
    pub categories: Vec<Category>,
    /// Indices into `pages` in the home page's order: `home.featured`, then weight and title.
    /// On a site with `languages`, the default language's home: each page once, in that
    /// language when it has a version in it.
    pub home: Vec<usize>,
    /// The homes of the other languages of `languages`, in their order (`mi/`): as `home`,
    /// each page in that language when it has a version in it.
    pub language_homes: Vec<Vec<usize>>,
    /// The favicon's path in the output, when there is one.
    pub favicon: Option<String>,
    pub bibliography: FormattedBibliography,
    /// The cited works in the CSL locale of each page language that has its own (see
    /// [`citation_locales`]); empty when every page is in the site's.
    pub localized_works: Vec<citation_locales::LocalizedWorks>,
    /// The language the site's locale writes citations in (see
    /// [`CitationStyle::text_language`]): the site's, or US English where hayagriva has no
    /// locale of it (`mi`).
    pub citations_language: String,
    /// The glossary's terms with the pages that use them; empty without a glossary.
    pub glossary: Vec<glossary::Entry>,
    /// Page bundles' files and resized copies of images, to publish beside the pages.
    pub assets: Vec<Asset>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// The review report for staff, when site.yaml's `review.publish_report` is true.
    pub review_report: Vec<report::PublishedRow>,
}

#[derive(Debug)]
pub struct Page {
    /// As the user would type it: `content/guides/sleep.md`.
    pub source: PathBuf,
    /// Site-relative: `guides/sleep/`.
    pub url: String,
    /// Plain text (for `<title>`, feeds, search); `title_html` has its spans marked up.
    pub title: String,
    pub title_html: Option<String>,
    pub description: Option<String>,
    pub description_html: Option<String>,
    /// The page's language when it is not the site's (front matter `lang:`, or a
    /// translation's file name).
    pub lang: Option<String>,
    /// Index into site.yaml's `languages` (0 for the default, and for a site without them).
    pub language: usize,
    /// The source path its translations share (`guides/sleep.md` for `guides/sleep.mi.md`).
    pub translation_key: String,
    /// Every version of the page, itself included (indices into [`Site::pages`]), in the
    /// order of `languages`; empty when it has no translation.
    pub translations: Vec<usize>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub weight: Option<i64>,
    pub draft: bool,
    /// Old addresses that redirect here: `old-name/`, or `old.html` (see [`aliases`]).
    pub aliases: Vec<String>,
    /// Indices into [`Site::categories`], in the order the page lists them.
    pub categories: Vec<usize>,
    /// The rendered body, its images and citations still placeholders (see
    /// [`Page::body_html`]).
    pub body: Mutex<HeldBody>,
    /// Indices into the bibliography's formatted citations, by placeholder number.
    pub citations: Vec<usize>,
    pub headings: Vec<Heading>,
    /// The page's reference list, in the style's order.
    pub references: Vec<ReferenceEntry>,
    pub extra: serde_json::Value,
    /// Words of running text, for the reading time.
    pub word_count: usize,
    /// The start of the text (search results use it when there is no description).
    pub excerpt: String,
    /// Frequent words, then its headings' other words, normalised and separated by spaces, for
    /// the search index.
    pub keywords: String,
    /// The glossary terms the page uses (indices into the glossary), in order of first use.
    pub glossary_terms: Vec<usize>,
    /// Up to [`related::RELATED`] pages sharing the most categories with this one (indices into
    /// [`Site::pages`]).
    pub related: Vec<usize>,
    /// When it was reviewed and is due next, by whom; `None` for a page never reviewed.
    /// Boxed: most pages were never reviewed, and every page is held all build.
    pub review: Option<Box<Review>>,
    /// A notice shown before the body (plain text).
    pub content_note: Option<String>,
    /// The notice as HTML with its language spans (or glossary terms) marked, when it has any.
    pub content_note_html: Option<String>,
}

/// A page's body as it waits to be written.
#[derive(Debug, Default)]
pub struct HeldBody {
    pub html: PackedText,
    /// Each image's `<img>`, by placeholder number: filled in as the page is written, since
    /// unpacking the body to fill them in once they are known, and packing it again, cost more.
    pub image_html: Vec<String>,
}

impl Page {
    /// The body to write, its images filled in, and its citations from `formatted` (the
    /// bibliography's), each marked as in `citations_lang` when given (the site's language, on
    /// a page in another: citations are written in the citation style's locale). With
    /// `release`, the page gives its body up: a build writes each page once, and holding every
    /// page's HTML until the last is written would make memory grow with the site.
    pub fn body_html(
        &self,
        formatted: &[String],
        release: bool,
        citations_lang: Option<&str>,
    ) -> String {
        let mut held = self.body.lock().unwrap_or_else(PoisonError::into_inner);
        let mut html = if release {
            held.html.take()
        } else {
            held.html.unpack()
        };
        // Images before citations, so that a citation's placeholder an `<img>` carried would
        // be filled too.
        if !held.image_html.is_empty() {
            html = markdown::fill_images(html, |i| {
                held.image_html.get(i).cloned().unwrap_or_default()
            });
        }
        if release {
            held.image_html = Vec::new();
        }
        drop(held);
        let opening = citations_lang.map(|lang| {
            let mut open = String::from("<span class=\"citation\" lang=\"");
            crate::support::escape::html(lang, &mut open);
            open.push_str("\">");
            open
        });
        markdown::fill_citations(html, |i| {
            let citation = self
                .citations
                .get(i)
                .and_then(|id| formatted.get(*id))
                .map_or("", String::as_str);
            match &opening {
                Some(open) => citation.replacen("<span class=\"citation\">", open, 1),
                None => citation.to_string(),
            }
        })
    }
}

#[derive(Debug)]
pub struct Category {
    /// As written, macrons and all: "For Family / Whānau" (plain text).
    pub name: String,
    /// The name as HTML, when site.yaml gives it spans (`[Hauora]{lang=mi}`).
    pub name_html: Option<String>,
    /// Its name per language, when site.yaml gives them: (tag, name).
    pub names: Vec<(String, String)>,
    pub slug: String,
    /// `categories/<slug>/`
    pub url: String,
    pub description: Option<String>,
    /// `description` as HTML, when it has language spans (or glossary terms).
    pub description_html: Option<String>,
    /// Indices into [`Site::pages`]: weighted pages first (lowest first), then newest first.
    pub pages: Vec<usize>,
    /// On a site with `languages`: the category in each of them, in their order; empty
    /// otherwise.
    pub languages: Vec<CategoryInLanguage>,
}

impl Category {
    /// The pages a build without `--drafts` lists in it in the language at `language` of
    /// `languages` (any language on a site without them): in a `--drafts` preview, what its
    /// feed, the search index and the sitemap go by.
    pub fn published_pages(&self, pages: &[Page], language: usize) -> Vec<usize> {
        self.pages
            .iter()
            .copied()
            .filter(|&p| match self.languages.is_empty() {
                true => pages.get(p).is_some_and(|page| !page.draft),
                false => translations::published_in(pages, p, language),
            })
            .collect()
    }

    /// Its name in the language `lang` when site.yaml gives one (`name: {mi: Hauora}`).
    pub fn name_in(&self, lang: &str) -> Option<&str> {
        self.names
            .iter()
            .find(|(tag, _)| tag.eq_ignore_ascii_case(lang))
            .map(|(_, name)| name.as_str())
    }
}

/// A category's pages in one language of `languages`, at their own URL.
#[derive(Debug)]
pub struct CategoryInLanguage {
    /// `categories/<slug>/` under the language's prefix (`mi/categories/<slug>/`).
    pub url: String,
    /// Its name in the language: site.yaml's name for it, else the category's.
    pub name: String,
    /// Whether `name` is the category's own (the default language's, or no name was given
    /// for this language), so its `name_html` applies.
    pub untranslated: bool,
    /// As [`Category::pages`], each page once, in the language where it has a version in it
    /// (see [`translations::listed_in`]).
    pub pages: Vec<usize>,
}

impl Site {
    /// The absolute URL of the site-relative `url`, from `base_url`.
    pub fn absolute_url(&self, url: &str) -> String {
        // Joined by hand, not with `format!` (its machinery cost several times the copying,
        // and every page, feed entry and sitemap entry makes a few).
        let base = self.config.base_url.as_deref().unwrap_or_default();
        let mut absolute = String::with_capacity(base.len() + 1 + url.len());
        absolute.push_str(base);
        absolute.push('/');
        absolute.push_str(url);
        absolute
    }
}

/// What the theme adds to every site: files and ids that pages must not take.
pub struct ThemeNames<'a> {
    /// Output paths of the theme's and the site's static files.
    pub static_files: &'a HashSet<String>,
    /// Every literal id in the templates.
    pub ids: &'a HashSet<String>,
    /// Output path → file, for the static files on disk (to read images' sizes).
    pub static_paths: &'a HashMap<String, PathBuf>,
    /// The theme's words that Markdown writes into bodies, in each language.
    pub body_words: &'a BodyWords,
}

/// What the model is built from.
pub struct Input<'a> {
    pub config: Config,
    /// The pages read, sorted by path.
    pub pages: Vec<SourcePage>,
    /// Source paths (under `content/`) of drafts left out of this build: a link to one gets
    /// its own message.
    pub drafts_left_out: &'a [String],
    /// Source paths of pages that could not be read: a link to one is not a broken link.
    pub unreadable: &'a [String],
    /// Every file under `content/` that is not a page: path under `content/`, full path.
    pub content_files: &'a [(String, PathBuf)],
    pub theme: ThemeNames<'a>,
    pub library: &'a Library,
    pub style: &'a CitationStyle,
    pub glossary: Option<&'a crate::content::glossary::Glossary>,
    /// The date review statuses are worked out on.
    pub today: Date,
}

/// Builds the model. The error holds every diagnostic (warnings too). `cache` (kept by `serve`
/// between builds) saves rendering unchanged pages' Markdown and formatting unchanged
/// citations again; it must be dropped when the library, style or configuration change.
pub fn build(mut input: Input, cache: Option<&mut ModelCache>) -> Result<Site, Vec<Diagnostic>> {
    let mut clock = Clock::start();
    let mut no_cache = ModelCache::default();
    let caching = cache.is_some();
    let cache = cache.unwrap_or(&mut no_cache);
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let mut sources = std::mem::take(&mut input.pages);
    if let Some(terms) = input.glossary {
        glossary::mark_site_texts(terms, &mut input.config);
    }
    let config = &input.config;
    let keys = input.library.keys();

    let languages = translations::detect(config, &mut sources, &mut errors);
    // URLs first: links between pages are rewritten against them.
    let Addresses {
        urls,
        aliases,
        bundles,
        files: mut site_files,
    } = addresses(&input, &sources, &languages, &mut errors);
    translations::check_one_per_language(config, &sources, (&languages, &urls), &mut errors);
    translations::check_near_originals(&sources, &languages, input.drafts_left_out, &mut warnings);
    translations::check_named_without_languages(config, &sources, &mut warnings);
    translations::check_copied_texts(config, &sources, &languages, &mut warnings);
    home::check_featured(config, &sources, input.drafts_left_out, &mut errors);
    home::check_index_files(&sources, (&languages, &urls), &mut warnings);
    let favicon = chrome::files(config, input.theme.static_files, &mut errors);
    let review_report = report::published(config, &sources, &urls, input.today);
    let (mut categories, page_categories) =
        categories::collect(config, &sources, &mut errors, &mut warnings);
    if let Some(terms) = input.glossary {
        glossary::mark_names(
            terms,
            (&mut sources, &mut categories),
            &config.language,
            &mut warnings,
        );
    }
    site_files.set_categories(categories.iter().map(|c| c.slug.clone()));
    chrome::links(config, &site_files, &mut warnings);
    clock.lap("  urls and categories");
    let mut rendered = bodies::render(
        &mut sources,
        &urls,
        &input,
        (&keys, &site_files),
        (cache, caching),
        (&mut errors, &mut warnings),
    );
    drop(site_files);
    clock.lap("  markdown");
    let named = references::from_front_matter(
        &sources,
        (&keys, input.library),
        (&mut errors, &mut warnings),
    );
    checks::anchors(&sources, &rendered, &named, input.theme.ids, &mut warnings);
    let assets = assets(
        &input,
        (&sources, &urls, &bundles),
        &mut rendered,
        (&mut errors, &mut warnings),
    );
    if !errors.is_empty() {
        // The warnings go along, so `check` can list every finding of one run.
        errors.append(&mut warnings);
        return Err(errors);
    }
    clock.lap("  checks");
    references::distinguish(&mut rendered, &named, &input);
    let mut formatted = references::format(&rendered, &named, &input, cache, caching)?;
    let localized_works =
        citation_locales::localize(&sources, (&rendered, &named), &input, &mut formatted)?;
    warnings.extend(references::warnings(
        &formatted.bibliography,
        config,
        input.theme.ids,
    ));
    clock.lap("  format citations");
    let parts = PageParts {
        citations: std::mem::take(&mut formatted.page_citations),
        sources,
        rendered,
        named,
        urls,
        aliases,
        categories: page_categories,
        languages,
    };
    let assembled = assemble(parts, &formatted, config, input.today);
    let (mut pages, bibliography, title_keys) = newest_first(assembled, formatted.bibliography);
    link_translations(&mut pages, !input.config.languages.is_empty());
    categories::fill(&mut categories, &pages);
    categories::per_language(&mut categories, &pages, &input.config.languages);
    related::fill(&mut pages, &categories);
    let glossary = (input.glossary).map_or_else(Vec::new, |g| glossary::entries(g, &pages));
    let home_order = home::order(&input.config, &pages, &title_keys);
    let mut homes = home::per_language(&input.config, &pages, &home_order);
    let language_homes = homes.split_off(1);
    let home = homes.pop().unwrap_or_default();
    clock.lap("  pages, categories, related");
    Ok(Site {
        config: input.config,
        pages,
        categories,
        home,
        language_homes,
        favicon,
        bibliography,
        localized_works,
        citations_language: input.style.text_language().to_string(),
        glossary,
        assets,
        warnings,
        review_report,
    })
}

/// The files the site copies beside its pages: page bundles' files, and the images the pages
/// show (their resized copies too); the problems found go to `errors` and `warnings`.
fn assets(
    input: &Input,
    (sources, urls, bundles): (&[SourcePage], &[String], &bundles::Bundles),
    rendered: &mut [Rendered],
    (errors, warnings): (&mut Vec<Diagnostic>, &mut Vec<Diagnostic>),
) -> Vec<Asset> {
    let image_files = images::Files {
        bundles,
        static_files: input.theme.static_files,
        static_paths: input.theme.static_paths,
        by_name: Default::default(),
    };
    let mut assets = bundles.assets();
    assets.extend(images::resolve(
        &input.config,
        sources,
        urls,
        rendered,
        &image_files,
        (errors, warnings),
    ));
    assets
}

/// Each page's URL (empty when refused) and aliases (site-relative URLs), in the order of
/// `sources`, as a build gives them; the problems are the build's to report. For
/// `attach-gen new`, which must not write a page at an address another page claims.
pub fn claimed_addresses(
    config: &Config,
    sources: &mut [SourcePage],
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut ignored = Vec::new();
    let languages = translations::detect(config, sources, &mut ignored);
    let no_static_files = HashSet::new();
    let taken = urls::Taken::new(config, &no_static_files);
    let urls = urls::assign(
        sources,
        (&languages, &config.languages),
        &taken,
        &mut ignored,
    );
    let aliases = aliases::assign(sources, (&urls, &config.languages), &taken, &mut ignored);
    (urls, aliases)
}

/// The error (without a place or hint) a build gives a page at `url` (site-relative, such as
/// `mi/` or `glossary/`) that attach-gen writes itself for this site: its own sections, those
/// its options add (`glossary/`, `reviews/`), and each language's home and sections (`mi/`,
/// `mi/page/2/`, `mi/categories/`). Static files are not looked at. For `attach-gen new`.
pub fn reserved_url(config: &Config, url: &str) -> Option<Diagnostic> {
    let no_static_files = HashSet::new();
    urls::Taken::new(config, &no_static_files)
        .clash(url)
        .or_else(|| urls::language_home(url, &config.languages))
}

/// Where everything goes, known before any page's Markdown is rendered.
struct Addresses {
    /// Each page's URL, in the order of the sources (empty for a refused one).
    urls: Vec<String>,
    aliases: Vec<Vec<String>>,
    /// Page bundles' files.
    bundles: bundles::Bundles,
    /// Every file the site will have, for the links the Markdown makes to them.
    files: SiteFiles,
}

/// Each page's URL and aliases, its bundle's files, and every file the site will have (so that
/// links to them are checked while the Markdown is rendered).
fn addresses(
    input: &Input,
    sources: &[SourcePage],
    languages: &[translations::PageLanguage],
    errors: &mut Vec<Diagnostic>,
) -> Addresses {
    let config = &input.config;
    let taken = urls::Taken::new(config, input.theme.static_files);
    urls::check_language_prefixes(config, &taken, errors);
    let urls = urls::assign(sources, (languages, &config.languages), &taken, errors);
    let mut aliases = aliases::assign(sources, (&urls, &config.languages), &taken, errors);
    let bundles = bundles::collect(
        sources,
        &urls,
        input.content_files,
        input.theme.static_files,
        config.markdown.raw_html,
        errors,
    );
    aliases::drop_bundle_files(sources, &mut aliases, &bundles.by_output, errors);
    let mut files = SiteFiles::new(
        &urls,
        &aliases,
        input.theme.static_files,
        // A link to a refused file is not broken too: the file's own error says why.
        bundles.by_output.keys().chain(&bundles.refused_outputs),
        (&taken, &config.languages),
    );
    files.set_bundles(bundles.sources_with_refused(), bundles.folders.clone());
    Addresses {
        urls,
        aliases,
        bundles,
        files,
    }
}

/// What each page is made of, in the order the pages were read.
struct PageParts {
    sources: Vec<SourcePage>,
    /// Each page's citations: indices into the bibliography's formatted citations.
    citations: Vec<Vec<usize>>,
    rendered: Vec<Rendered>,
    named: Vec<Vec<FrontMatterReference>>,
    urls: Vec<String>,
    aliases: Vec<Vec<String>>,
    /// Indices into the categories.
    categories: Vec<Vec<usize>>,
    languages: Vec<translations::PageLanguage>,
}

/// Fills each page's `translations`, once the pages are in their final order.
fn link_translations(pages: &mut [Page], multilingual: bool) {
    if !multilingual {
        // Without `languages`, `a.md` and `a/index.md` (one with a `slug`) are two pages.
        return;
    }
    let keys: Vec<(&str, usize)> = pages
        .iter()
        .map(|p| (p.translation_key.as_str(), p.language))
        .collect();
    let versions = translations::versions(&keys);
    for (page, versions) in pages.iter_mut().zip(versions) {
        page.translations = versions;
    }
}

/// The pages, citations filled in, in the order they were read.
fn assemble(
    parts: PageParts,
    formatted: &references::Formatted,
    config: &Config,
    today: Date,
) -> Vec<Page> {
    let bibliography = &formatted.bibliography;
    let work_index: HashMap<&str, usize> = bibliography
        .works
        .iter()
        .enumerate()
        .map(|(i, w)| (w.key.as_str(), i))
        .collect();
    parts
        .sources
        .into_par_iter()
        .zip(parts.rendered.into_par_iter())
        .zip(parts.named.into_par_iter())
        .zip(parts.citations.into_par_iter())
        .zip(parts.urls.into_par_iter())
        .zip(parts.categories.into_par_iter())
        .zip(parts.aliases.into_par_iter())
        .zip(parts.languages.into_par_iter())
        .map(
            |(((((((source, out), named), citations), url), categories), aliases), language)| {
                let references = references::reference_list(&out, named, &work_index);
                let review = crate::content::review::review_of(config, &source, today);
                let front = source.front;
                Page {
                    source: source.path,
                    url,
                    title: front.title,
                    title_html: front.title_html,
                    description: front.description,
                    description_html: front.description_html,
                    lang: front.lang,
                    language: language.language,
                    translation_key: language.key,
                    translations: Vec::new(),
                    date: front.date,
                    updated: front.updated,
                    weight: front.weight,
                    draft: front.draft,
                    aliases,
                    categories,
                    body: Mutex::new(HeldBody {
                        html: out.html,
                        image_html: out.image_html,
                    }),
                    citations,
                    headings: out.headings,
                    references,
                    extra: front.extra,
                    word_count: out.word_count,
                    excerpt: out.excerpt,
                    keywords: out.keywords,
                    glossary_terms: out.glossary_terms,
                    related: Vec::new(),
                    review: review.reviewed.is_some().then(|| Box::new(review)),
                    content_note: front.content_note,
                    content_note_html: front.content_note_html,
                }
            },
        )
        .collect()
}

/// The pages in home order, newest first, then by title; the works' `cited_in` point at the
/// pages' new places (what categories and the bibliography refer to).
fn newest_first(
    mut pages: Vec<Page>,
    mut bibliography: FormattedBibliography,
) -> (Vec<Page>, FormattedBibliography, Vec<String>) {
    let mut order: Vec<usize> = (0..pages.len()).collect();
    // In parallel: one after another, the keys were most of this serial step.
    let mut title_keys: Vec<String> = pages.par_iter().map(|p| sort_key(&p.title)).collect();
    order.par_sort_by(|&a, &b| {
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
    // Moved into place by swaps, so no second list of pages is made (a 100,000-page site
    // holds tens of megabytes of `Page`s).
    let mut target = new_position.clone();
    for i in 0..pages.len() {
        while target[i] != i {
            let j = target[i];
            pages.swap(i, j);
            target.swap(i, j);
        }
    }
    for work in bibliography.works.iter_mut() {
        for page in work.cited_in.iter_mut() {
            *page = new_position[*page];
        }
        work.cited_in.sort_unstable();
    }
    let title_keys = order
        .iter()
        .map(|&old| std::mem::take(&mut title_keys[old]))
        .collect();
    (pages, bibliography, title_keys)
}
