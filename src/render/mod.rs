//! Templates: load a theme once, then turn the [`Site`] model into files: a page per page,
//! listing pages, the categories and bibliography pages, feeds, the sitemap and the search
//! index.
//!
//! Templates get plain serialisable structs ([`template_data`], documented in
//! `docs/templates.md`). Every link in them is written as `{{ root }}{{ x.url }}`, where `root`
//! leads from the page being written back to the site root, so the output works under any
//! sub-path and from disk.

pub mod feeds;
mod json_ld;
mod languages;
mod limits;
mod listings;
mod redirects;
mod statics;
pub mod strings;
mod template_data;
mod template_errors;
pub mod template_text;
mod theme;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::site::Site;
use crate::site::report::REPORT_URL;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::urls;
use feeds::SitemapUrl;
use strings::WordsByTag;
use template_data::{
    Category, Globals, GlossaryTemplate, LanguageWords, ListingTemplate, NotFoundLanguage,
    NotFoundTemplate, Page, PageLinks, PageSummary, PageTemplate, Placement, ReviewsTemplate,
    SummaryValues, Translation,
};

pub use limits::MAX_RENDERED_BYTES;
pub use statics::{StaticCopies, StaticFiles, StaticSource};
pub use theme::{TEMPLATES, Theme, load_theme};

/// Which files to render.
#[derive(Clone, Copy)]
pub enum Which<'a> {
    /// Every file of the site. Each page's body is given up once it is written (see
    /// [`crate::site::Page::body_html`]): a site is rendered whole only once.
    Everything,
    /// Only the pages at these indices of [`Site::pages`] (`serve` renders a changed page
    /// first, to reload it sooner).
    Pages(&'a HashSet<usize>),
}

/// Renders the files of `site` that `which` names and hands each to `write` (a path relative
/// to the output root, and the bytes). Pages are rendered in parallel. Returns how many files
/// were written.
pub fn render_site(
    site: &Site,
    theme: Theme,
    which: Which,
    write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> Result<usize, Vec<Diagnostic>> {
    let Theme {
        mut tera,
        files,
        inline_styles,
        strings,
        ..
    } = theme;
    let globals = Globals::new(site);
    tera.global_context().insert("site", &globals.site);
    tera.global_context()
        .insert("categories", &globals.categories);
    let mut clock = crate::support::timing::Clock::start();
    let summaries = PageSummary::all(site);
    let summary_values = SummaryValues::new(&summaries);
    let [words, words_html, words_foreign] = strings.by_language(
        &site.config,
        site.pages.iter().filter_map(|p| p.lang.as_deref()),
    );
    // The categories as each language names them (one list on a site without `languages`).
    let categories: Vec<Vec<Category>> = (0..site.config.languages.len().max(1))
        .map(|language| Category::all_in(site, language))
        .collect();
    // Those with pages in each language, as templates list them.
    let shown_categories: Vec<tera::Value> = (0..site.config.languages.len().max(1))
        .map(|language| {
            tera::Value::try_from_serializable(&Category::shown_in(site, language))
                .unwrap_or_else(|_| tera::Value::none())
        })
        .collect();
    let renderer = Renderer {
        site,
        words,
        words_html,
        words_foreign,
        categories: &categories,
        shown_categories: &shown_categories,
        tera: &tera,
        templates: &files,
        write,
        written: AtomicUsize::new(0),
        too_big: AtomicBool::new(false),
        inline_styles,
        language_words: HashMap::new(),
        json_ld: json_ld::Shared::new(site),
    };
    let tags: std::collections::BTreeSet<&str> = std::iter::once(site.config.language.as_str())
        .chain(site.pages.iter().filter_map(|p| p.lang.as_deref()))
        .collect();
    let language_words = tags
        .into_iter()
        .filter_map(|tag| Some((tag.to_string(), renderer.make_language_words(tag).ok()?)))
        .collect();
    let renderer = Renderer {
        language_words,
        ..renderer
    };
    renderer.pages((&summaries, &summary_values), which)?;
    clock.lap("  pages");
    if let Which::Pages(only) = which {
        return Ok(only.len());
    }
    let mut results = Vec::new();
    // One after the other: written beside the listings, the search index and the feeds kept
    // a core busy but raised the peak memory by a fifth (10,000 pages).
    let sitemap_urls = renderer.listings(&summary_values, &mut results);
    clock.lap("  listings");
    // The summaries' values (a tree of values a page) are freed beside the search index and
    // the feeds: freed at the end, they kept the other core idle. (The sitemaps made beside
    // them too raised the peak memory by a few megabytes.)
    rayon::join(
        || drop(summary_values),
        || renderer.machine_files(&mut results),
    );
    clock.lap("  search, feeds");
    for (path, sitemap) in feeds::sitemaps(site, &sitemap_urls) {
        results.push(renderer.write(&path, sitemap.as_bytes()));
    }
    clock.lap("  sitemap");
    let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(renderer.written.into_inner())
}

/// The language of a file being written.
#[derive(Default)]
struct FileLanguage<'a> {
    /// Its language, when not the site's.
    lang: Option<&'a str>,
    /// The URL prefix of its language (`mi/`); empty for the default.
    prefix: &'a str,
    /// Its versions in the site's languages.
    translations: Vec<Translation<'a>>,
    /// The categories as its language names them, when it is not the default language (the
    /// global `categories` are the default language's), as one template value.
    categories: Option<&'a tera::Value>,
}

/// The words of a theme that has none.
static NO_WORDS: strings::Words = std::collections::BTreeMap::new();

/// What every file is rendered with, and what was written.
struct Renderer<'a> {
    site: &'a Site,
    /// The theme's words by language tag (see [`strings::Strings::by_language`]).
    words: WordsByTag,
    /// The same as HTML, each word from another language marked with its `lang`.
    words_html: WordsByTag,
    /// The words taken from another language, with its tag (for the search script).
    words_foreign: WordsByTag,
    /// The categories as each language of `languages` names them (one list without them).
    categories: &'a [Vec<Category<'a>>],
    /// The same without the categories that have no page in the language, as the template
    /// value each file in the language gets as `categories`: made once, and shared (a value's
    /// lists are reference-counted), since serialising the list for every file took time
    /// growing with pages × categories.
    shown_categories: &'a [tera::Value],
    tera: &'a tera::Tera,
    templates: &'a [theme::TemplateSource],
    write: &'a (dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
    written: AtomicUsize,
    /// After one file passed the size limit, the others (from the same templates) would only
    /// take as long to fail the same way.
    too_big: AtomicBool,
    /// The stylesheet the 404 page prints inside itself.
    inline_styles: Option<String>,
    /// [`LanguageWords`] as template values, by the language tag of the files that get them
    /// (made once for the site's language and every page's; see [`Self::language_words`]).
    language_words: HashMap<String, tera::Value>,
    /// What pages' JSON-LD shares, written once.
    json_ld: json_ld::Shared,
}

impl Renderer<'_> {
    /// A page per page (those `which` names).
    /// `summaries`: each page's summary, and the same as template values.
    fn pages(
        &self,
        (summaries, values): (&[PageSummary], &SummaryValues),
        which: Which,
    ) -> Result<(), Vec<Diagnostic>> {
        let results: Vec<Result<(), Diagnostic>> = self
            .site
            .pages
            .par_iter()
            .zip(summaries.par_iter())
            .enumerate()
            .filter(|(index, _)| match which {
                Which::Everything => true,
                Which::Pages(only) => only.contains(index),
            })
            .map(|(_, (page, summary))| {
                // A page is written once in a whole build: its body is released as it goes.
                let release = matches!(which, Which::Everything);
                // Citations are marked with the language they are written in where it is not
                // the page's: the site's on a page whose language has no locale of its own,
                // US English on any page of a site in such a language (WCAG 3.1.2).
                let page_lang = page.lang.as_deref().unwrap_or(&self.site.config.language);
                let written_in =
                    crate::site::citation_locales::text_language(self.site, page.lang.as_deref());
                let citations_lang =
                    (!written_in.eq_ignore_ascii_case(page_lang)).then_some(written_in);
                let content =
                    page.body_html(&self.site.bibliography.citations, release, citations_lang);
                let page_data =
                    Page::new(self.site, (page, summary), &content, values, &self.json_ld);
                let lang = page.lang.as_deref();
                let data = PageTemplate { page: page_data };
                let file = FileLanguage {
                    lang,
                    prefix: self.prefix_of(page.language),
                    translations: Translation::of(self.site, page),
                    categories: self.categories_of(page.language),
                };
                self.render_in(file, "page.html", &page.url, data.context())
            })
            .collect();
        let mut errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        // One template error repeated for every page says nothing new.
        // (Tera's list of available fields differs from page to page, so an error at the same
        // place of the same template counts once.)
        let mut seen = std::collections::HashSet::new();
        errors.retain(|e| {
            let what = if e.message.contains("is not defined") {
                e.message
                    .split(". Available fields")
                    .next()
                    .unwrap_or_default()
            } else {
                &e.message
            };
            seen.insert((what.to_string(), e.file.clone(), e.line, e.column))
        });
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The listing pages (homes and categories, paginated), the categories pages, the
    /// bibliography pages, the glossary, the search pages when the theme has one, and the 404
    /// page; on a site with `languages`, the listings, categories, bibliography and search
    /// pages of each language. Gives the URLs the sitemap lists besides the pages' (not the
    /// search pages', which hold nothing of their own to find, nor the 404 page's).
    fn listings(
        &self,
        summaries: &SummaryValues,
        results: &mut Vec<Result<(), Diagnostic>>,
    ) -> Vec<SitemapUrl<'_>> {
        summaries.make_all();
        let listings = listings::listings(self.site, self.categories, summaries);
        let per_page = self.site.config.paginate_by.max(1);
        let listing_pages = listings::listing_pages(&listings, per_page);
        let mut sitemap_urls: Vec<SitemapUrl> = ["categories/", "bibliography/"]
            .into_iter()
            .map(|path| self.sitemap_url(path.to_string(), &self.file_in(0, path).translations))
            .collect();
        // The home page's entry (its URL is empty) gives the sitemap its versions.
        sitemap_urls.extend(listing_pages.iter().filter(|l| l.published).map(|listing| {
            self.sitemap_url(listing.url.clone(), &self.listing_translations(listing))
        }));
        // The other files (the bibliography page, which lists every page citing each work,
        // takes long) beside the listing pages: alone, they kept one core idle.
        let (listed, mut others) = rayon::join(
            || {
                listing_pages
                    .par_iter()
                    .map(|listing| self.listing_page(listing))
                    .collect::<Vec<_>>()
            },
            || self.other_pages(&listings, &mut sitemap_urls),
        );
        results.extend(listed);
        results.append(&mut others);
        sitemap_urls
    }

    /// The listings' `page/1/` redirects, the categories, bibliography and search pages of
    /// each language, the glossary, the review report and the 404 page (the sitemap's URLs of
    /// those it lists go to `sitemap_urls`).
    fn other_pages<'s>(
        &'s self,
        listings: &[listings::Listing],
        sitemap_urls: &mut Vec<SitemapUrl<'s>>,
    ) -> Vec<Result<(), Diagnostic>> {
        let mut results: Vec<_> = listings
            .iter()
            .map(|listing| self.first_page_redirect(listing))
            .collect();
        let search = self.has_template("search.html");
        let links = PageLinks::new(self.site);
        for language in 0..self.site.config.languages.len().max(1) {
            self.language_pages((language, search), &links, &mut results, sitemap_urls);
        }
        if self.site.config.glossary.is_some() && self.has_template("glossary.html") {
            let glossary = GlossaryTemplate::new(self.site);
            results.push(self.render("glossary.html", crate::site::glossary::URL, &glossary));
            sitemap_urls.push(self.sitemap_url(crate::site::glossary::URL.into(), &[]));
        }
        if self.publishes_review_report() {
            // Not in the sitemap: the report is for staff.
            let report = ReviewsTemplate::new(self.site);
            results.push(self.render("reviews.html", REPORT_URL, &report));
        }
        results.push(self.render("404.html", "", &self.not_found_variables()));
        results
    }

    /// A redirect at a listing's `page/1/` to its first page, which has no number: Hugo
    /// writes one there, so links kept from a site moved from Hugo lead somewhere. Like an
    /// alias's (noindex, a canonical link), and not in the sitemap.
    fn first_page_redirect(&self, listing: &listings::Listing) -> Result<(), Diagnostic> {
        let config = &self.site.config;
        let lang = listing
            .language
            .filter(|&l| l > 0)
            .and_then(|l| config.languages.get(l))
            .map(|language| language.code.as_str());
        // The link's text is the site's title, or the category's name in its own language:
        // marked where that is not the redirect page's (WCAG 3.1.2).
        let page_lang = lang.unwrap_or(&config.language);
        let target = match listing.category {
            Some(category) => redirects::Target {
                url: listing.base,
                title: category.name,
                title_html: category.name_html,
                lang,
                title_lang: Some(category.lang).filter(|&l| l != page_lang),
            },
            None => redirects::Target {
                url: listing.base,
                title: &config.title,
                title_html: config.title_html.as_deref(),
                lang,
                title_lang: Some(config.language.as_str()).filter(|&l| l != page_lang),
            },
        };
        let from = format!("{}page/1/", listing.base);
        let words_html = Self::in_language(&self.words_html, lang, &config.language);
        let html = redirects::to(self.site, &from, &target, self.words_for(lang), words_html);
        self.write(&urls::written_file(&from), html.as_bytes())
    }

    /// The 404 page's own variables: the theme's words in each language but the default.
    fn not_found_variables(&self) -> NotFoundTemplate<'_> {
        let default = self.site.config.language.as_str();
        NotFoundTemplate {
            other_languages: self
                .site
                .config
                .languages
                .iter()
                .skip(1)
                .map(|language| NotFoundLanguage {
                    code: &language.code,
                    name: &language.name,
                    prefix: &language.prefix,
                    t: self.words_for(Some(&language.code)),
                    t_html: Self::in_language(&self.words_html, Some(&language.code), default),
                })
                .collect(),
        }
    }

    /// One page of a home's or a category's listing.
    fn listing_page(&self, listing: &listings::ListingPage) -> Result<(), Diagnostic> {
        let data = ListingTemplate {
            pages: listing.pages,
            pagination: &listing.pagination,
            category: listing.category,
            feed_url: format!("{}atom.xml", listing.category.map_or("", |c| c.url)),
        };
        let Some(language) = listing.language else {
            return self.render(listing.template, &listing.url, &data);
        };
        let file = FileLanguage {
            translations: self.listing_translations(listing),
            ..self.file_in(language, "")
        };
        let variables = tera::Context::from_serialize(&data);
        self.render_in(file, listing.template, &listing.url, variables)
    }

    /// Whether site.yaml asks for the review report and the theme has `reviews.html`.
    fn publishes_review_report(&self) -> bool {
        let asked = self
            .site
            .config
            .review
            .as_ref()
            .is_some_and(|r| r.publish_report);
        asked
            && self
                .tera
                .get_template_names()
                .any(|name| name == "reviews.html")
    }

    /// Files for machines but the sitemap (which needs the listings' URLs): the search index,
    /// robots.txt, the feeds, and the redirects from pages' old addresses.
    fn machine_files(&self, results: &mut Vec<Result<(), Diagnostic>>) {
        // The search index (one core) is made beside the feeds.
        let (indexes, mut rest) = rayon::join(
            || self.search_indexes(),
            || {
                let mut rest = Vec::new();
                self.feeds_and_redirects(&mut rest);
                rest
            },
        );
        results.extend(indexes);
        results.append(&mut rest);
    }

    /// The search index of each language.
    fn search_indexes(&self) -> Vec<Result<(), Diagnostic>> {
        (0..self.site.config.languages.len().max(1))
            .map(|language| {
                let words = (self.words_in(language), self.foreign_words_in(language));
                let index = feeds::search_index(self.site, language, words);
                let file = format!("{}search-index.js", self.prefix_of(language));
                self.write(&file, index.as_bytes())
            })
            .collect()
    }

    /// robots.txt, the redirects from pages' old addresses and the feeds.
    fn feeds_and_redirects(&self, results: &mut Vec<Result<(), Diagnostic>>) {
        let site = self.site;
        results.push(self.write("robots.txt", feeds::robots(site).as_bytes()));
        results.par_extend(site.pages.par_iter().flat_map_iter(|page| {
            page.aliases.iter().map(move |alias| {
                let lang = page.lang.as_deref();
                let words_html = Self::in_language(&self.words_html, lang, &site.config.language);
                let html = redirects::page(site, alias, page, self.words_for(lang), words_html);
                self.write(&urls::written_file(alias), html.as_bytes())
            })
        }));
        if let Some(file) = redirects::netlify_file(site) {
            results.push(self.write("_redirects", file.as_bytes()));
        }
        // One feed per language (its own pages), at the language's prefix; a site without
        // `languages` has one, of every page.
        let languages = &site.config.languages;
        for index in 0..languages.len().max(1) {
            let pages: Vec<usize> = (0..site.pages.len())
                .filter(|&p| languages.is_empty() || site.pages[p].language == index)
                .collect();
            let prefix = self.prefix_of(index);
            let (title, lang) = match languages.get(index).filter(|_| index > 0) {
                Some(language) => (
                    format!("{} ({})", site.config.title, language.name),
                    language.code.as_str(),
                ),
                None => (site.config.title.clone(), site.config.language.as_str()),
            };
            let feed = format!("{prefix}atom.xml");
            results.push(
                self.write(
                    &feed,
                    feeds::atom(site, (&title, lang), &feed, prefix, &pages, &|lang| {
                        self.note_label(lang)
                    })
                    .as_bytes(),
                ),
            );
        }
        results.par_extend(
            site.categories
                .par_iter()
                .flat_map_iter(|category| self.category_feeds(category)),
        );
    }

    /// The theme's words in `lang`, else the site's language's.
    fn words_for(&self, lang: Option<&str>) -> &strings::Words {
        Self::in_language(&self.words, lang, &self.site.config.language)
    }

    /// The theme's word for a content note in `lang` (feeds write it before the note).
    fn note_label(&self, lang: Option<&str>) -> &str {
        self.words_for(lang)
            .get("content_note")
            .map_or("Content note", String::as_str)
    }

    /// The [`LanguageWords`] of a file in `lang`, as template values: shared when made before
    /// (the values' maps are reference-counted, so a clone copies no words).
    fn language_words(&self, lang: &str) -> Result<tera::Value, tera::Error> {
        match self.language_words.get(lang) {
            Some(made) => Ok(made.clone()),
            None => self.make_language_words(lang),
        }
    }

    fn make_language_words(&self, lang: &str) -> Result<tera::Value, tera::Error> {
        let default = self.site.config.language.as_str();
        tera::Value::try_from_serializable(&LanguageWords {
            help: self
                .site
                .config
                .help
                .as_ref()
                .map(|help| help.in_language(lang, default)),
            og_locale: self.site.config.og_locale(lang),
            t: self.words_for(Some(lang)),
            t_html: Self::in_language(&self.words_html, Some(lang), default),
        })
    }

    /// `words` (text or HTML) in `lang`, else in `default`.
    fn in_language<'w>(
        words: &'w WordsByTag,
        lang: Option<&str>,
        default: &str,
    ) -> &'w strings::Words {
        words
            .get(lang.unwrap_or(default))
            .or_else(|| words.get(default))
            .unwrap_or(&NO_WORDS)
    }

    /// Whether the theme has the template `name` (the glossary and search pages are optional).
    fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.written.fetch_add(1, Ordering::Relaxed);
        (self.write)(path, bytes)
            .map_err(|e| Diagnostic::error(Code::Io, format!("cannot write {path}: {e}")))
    }

    /// Renders `template` with `data` for the file served at the site-relative `url`.
    fn render(&self, template: &str, url: &str, data: &impl Serialize) -> Result<(), Diagnostic> {
        let variables = tera::Context::from_serialize(data);
        self.render_in(FileLanguage::default(), template, url, variables)
    }

    /// The URL prefix of the language at `index` of `languages` (`mi/`; empty for the default).
    fn prefix_of(&self, index: usize) -> &str {
        self.site
            .config
            .languages
            .get(index)
            .map_or("", |l| l.prefix.as_str())
    }

    /// [`Self::render`] for a file in the language `file` says, its own variables made
    /// (`variables`) into a context.
    fn render_in(
        &self,
        FileLanguage {
            lang,
            prefix,
            translations,
            categories,
        }: FileLanguage,
        template: &str,
        url: &str,
        variables: Result<tera::Context, tera::Error>,
    ) -> Result<(), Diagnostic> {
        let not_found = template == "404.html";
        let placement = Placement {
            root: if not_found {
                // The 404 page is served at any depth, so its links cannot be relative.
                format!(
                    "{}/",
                    self.site.config.base_url.as_deref().unwrap_or_default()
                )
            } else {
                urls::root_prefix(url)
            },
            current_url: if not_found { "404.html" } else { url },
            lang: lang.unwrap_or(&self.site.config.language),
            lang_prefix: prefix,
            translations,
            canonical: (!not_found).then(|| self.site.absolute_url(url)),
            inline_styles: if not_found {
                self.inline_styles.as_deref()
            } else {
                None
            },
        };
        let path = if not_found {
            "404.html".to_string()
        } else {
            [url, "index.html"].concat()
        };
        if self.too_big.load(Ordering::Relaxed) {
            return Ok(());
        }
        let unusable = |e: tera::Error| {
            Diagnostic::error(
                Code::Template,
                format!("in template `{template}`: its variables could not be made: {e}"),
            )
        };
        let mut ctx = variables.map_err(unusable)?;
        placement.insert_into(&mut ctx).map_err(unusable)?;
        let words = self.language_words(lang.unwrap_or(&self.site.config.language));
        insert_fields(&mut ctx, &words.map_err(unusable)?);
        if let Some(categories) = categories {
            ctx.insert_value("categories", categories.clone());
        }
        let html = limits::render_capped(self.tera, self.templates, template, &ctx, &path)
            .inspect_err(|d| {
                if d.code == limits::TOO_BIG {
                    self.too_big.store(true, Ordering::Relaxed);
                }
            })?;
        self.write(&path, &html)
    }
}

/// Adds the fields of `value`, a struct made a template value, to `ctx` as variables (over any
/// of the same name, as [`tera::Context::extend`] would): under the struct's own names, where
/// a context made from it copied each name into a string of its own for every file.
fn insert_fields(ctx: &mut tera::Context, value: &tera::Value) {
    for (key, value) in value.as_map().into_iter().flatten() {
        match key {
            tera::value::Key::Str(name) => ctx.insert_value(*name, value.clone()),
            key => ctx.insert_value(key.as_str().unwrap_or_default().to_string(), value.clone()),
        }
    }
}
