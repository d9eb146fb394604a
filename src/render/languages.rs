//! What each language of `languages` has besides its pages and homes: its categories,
//! bibliography and search pages, each language's category feeds, and the versions of each
//! of these (for the switcher, `<head>` and the sitemap). A site without `languages` has the
//! default language's only, as it always had.

use std::borrow::Cow;

use super::feeds::{self, SitemapUrl};
use super::template_data::{BibliographyTemplate, PageLinks, Translation};
use super::{FileLanguage, Renderer, listings, strings};
use crate::support::diagnostic::Diagnostic;

impl Renderer<'_> {
    /// The categories, bibliography and search pages of the language at `language` of
    /// `languages` (the default's on a site without them), with the sitemap's entries for
    /// those of the other languages (the default's are listed with the site's).
    pub(super) fn language_pages<'s>(
        &'s self,
        (language, search): (usize, bool),
        links: &PageLinks,
        results: &mut Vec<Result<(), Diagnostic>>,
        sitemap_urls: &mut Vec<SitemapUrl<'s>>,
    ) {
        let prefix = self.prefix_of(language);
        let url = |path: &str| format!("{prefix}{path}");
        let categories = url("categories/");
        let bibliography = url("bibliography/");
        let search_url = url("search/");
        results.push(self.render_in(
            self.file_in(language, "categories/"),
            "categories.html",
            &categories,
            Ok(tera::Context::new()),
        ));
        let works = BibliographyTemplate::new(self.site, language, links);
        results.push(self.render_in(
            self.file_in(language, "bibliography/"),
            "bibliography.html",
            &bibliography,
            tera::Context::from_serialize(&works),
        ));
        if search {
            results.push(self.render_in(
                self.file_in(language, "search/"),
                "search.html",
                &search_url,
                Ok(tera::Context::new()),
            ));
        }
        if language > 0 {
            for (url, path) in [(categories, "categories/"), (bibliography, "bibliography/")] {
                let versions = self.file_in(language, path).translations;
                sitemap_urls.push(self.sitemap_url(url, &versions));
            }
        }
    }

    /// A listing page's versions in each language: only a listing's first page has them.
    pub(super) fn listing_translations<'s>(
        &'s self,
        listing: &listings::ListingPage<'s>,
    ) -> Vec<Translation<'s>> {
        let site = self.site;
        let Some(language) = listing.language else {
            return Vec::new();
        };
        match (listing.pagination.current, listing.model_category) {
            (1, Some(category)) => {
                // Only the languages the category has pages in: it has no page in the others
                // (and one in a single language has no versions, as a page with no translation).
                let mut versions = Translation::each_language(site, language, |index, _| {
                    Cow::Borrowed(category.languages.get(index).map_or("", |v| v.url.as_str()))
                });
                // Nor one whose pages are all drafts (a `--drafts` preview) from a listing a
                // build without them has too: that build has no such version.
                let mut shown = category.languages.iter().enumerate().map(|(index, v)| {
                    let drafts_only = || category.published_pages(&site.pages, index).is_empty();
                    !v.pages.is_empty() && (!listing.published || !drafts_only())
                });
                versions.retain(|v| shown.next().unwrap_or(true) || v.current);
                if versions.len() < 2 {
                    versions.clear();
                }
                versions
            }
            (1, None) => {
                Translation::each_language(site, language, |_, l| Cow::Borrowed(l.prefix.as_str()))
            }
            _ => Vec::new(),
        }
    }

    /// The sitemap's entry for `url`, with the versions of the file there.
    pub(super) fn sitemap_url(
        &self,
        url: String,
        translations: &[Translation<'_>],
    ) -> SitemapUrl<'_> {
        let languages = &self.site.config.languages;
        SitemapUrl {
            url,
            versions: translations
                .iter()
                .filter_map(|t| {
                    let language = languages.iter().find(|l| l.code == t.code)?;
                    Some((language.code.as_str(), t.url.to_string()))
                })
                .collect(),
        }
    }

    /// A file in the language at `language` of `languages`; on a site with them, `path` (a
    /// file every language has, as `search/`) gives its versions, under each prefix.
    pub(super) fn file_in(&self, language: usize, path: &'static str) -> FileLanguage<'_> {
        let languages = &self.site.config.languages;
        FileLanguage {
            lang: languages.get(language).map(|l| l.code.as_str()),
            prefix: self.prefix_of(language),
            translations: if path.is_empty() {
                Vec::new()
            } else {
                Translation::each_language(self.site, language, |_, l| {
                    Cow::Owned(format!("{}{path}", l.prefix))
                })
            },
            categories: self.categories_of(language),
        }
    }

    /// The categories as the language at `language` names them, for a file in a language
    /// other than the default (whose are the global `categories`).
    pub(super) fn categories_of(&self, language: usize) -> Option<&tera::Value> {
        self.shown_categories.get(language).filter(|_| language > 0)
    }

    /// A category's feed, or on a site with `languages` its feed in each of them (its pages
    /// in that language, `mi/categories/<slug>/atom.xml`).
    pub(super) fn category_feeds(
        &self,
        category: &crate::site::Category,
    ) -> Vec<Result<(), Diagnostic>> {
        let site = self.site;
        let feed = |name: &str, lang: &str, url: &str, pages: &[usize]| {
            let title = format!("{}: {name}", site.config.title);
            let feed = format!("{url}atom.xml");
            self.write(
                &feed,
                feeds::atom(site, (&title, lang), &feed, url, pages, &|lang| {
                    self.note_label(lang)
                })
                .as_bytes(),
            )
        };
        if category.languages.is_empty() {
            return vec![feed(
                &category.name,
                &site.config.language,
                &category.url,
                &category.pages,
            )];
        }
        // A language the category has no page in has no feed for it, as it has no page.
        category
            .languages
            .iter()
            .zip(&site.config.languages)
            .enumerate()
            .filter(|(_, (version, _))| !version.pages.is_empty())
            .map(|(index, (version, language))| {
                // In a `--drafts` preview, a draft's published version stands in for it, as
                // in a build without drafts (the feed leaves drafts out).
                let pages = category.published_pages(&site.pages, index);
                feed(&version.name, &language.code, &version.url, &pages)
            })
            .collect()
    }

    /// The theme's words in the language at `language` of `languages` (the site's language
    /// on a site without them).
    pub(super) fn words_in(&self, language: usize) -> &strings::Words {
        self.words_for(Some(self.tag_of(language)))
    }

    /// The words of `language`'s files taken from another language, with its tag.
    pub(super) fn foreign_words_in(&self, language: usize) -> &strings::Words {
        let tag = self.tag_of(language);
        Self::in_language(&self.words_foreign, Some(tag), &self.site.config.language)
    }

    /// The tag of the language at `language` of `languages` (the site's language on a site
    /// without them).
    fn tag_of(&self, language: usize) -> &str {
        self.site
            .config
            .languages
            .get(language)
            .map_or(self.site.config.language.as_str(), |l| l.code.as_str())
    }
}
