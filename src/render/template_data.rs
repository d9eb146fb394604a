//! What templates receive: plain serialisable structs, made from the site model. This is the
//! contract `docs/templates.md` documents, type by type and field by field; a test below
//! compares the two, so a field added or renamed without its documentation fails.

use std::borrow::Cow;

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::config::{Banner, FooterLink, Help, Logo, Person};
use crate::content;
use crate::content::ReviewStatus;
use crate::site::citation_locales::LocalizedWorks;
use crate::site::markdown::Heading;
use crate::site::{self as model, ReferenceEntry};

/// `site`, in every template.
#[derive(Serialize)]
pub struct Site<'a> {
    pub title: &'a str,
    /// `title` as HTML, when it has language spans (or glossary terms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_html: Option<&'a str>,
    pub description: Option<&'a str>,
    /// `description` as HTML, when it has language spans (or glossary terms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_html: Option<&'a str>,
    pub language: &'a str,
    pub base_url: Option<&'a str>,
    pub banner: Option<&'a Banner>,
    pub help: Option<&'a Help>,
    /// `src` encoded for a URL (`my%20logo.png`).
    pub logo: Option<Logo>,
    pub footer_links: &'a [FooterLink],
    pub favicon: Option<&'a str>,
    pub extra: &'a serde_json::Value,
    pub page_count: usize,
    pub work_count: usize,
    /// The site has a glossary (`glossary:` in site.yaml): link its page.
    pub has_glossary: bool,
}

/// A page or category named in a list: `{name, url}`.
#[derive(Serialize, Clone)]
pub struct Link<'a> {
    pub name: &'a str,
    /// `name` as HTML when it has language spans (`[Hauora]{lang=mi}`), else not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_html: Option<&'a str>,
    pub url: &'a str,
    /// The language `name` is in (a category's untranslated name is in the site's): a
    /// template marks it where it differs from the file's, `{% if l.lang != lang %}`.
    pub lang: &'a str,
}

/// An item of `categories`, and `category` in `category.html`.
#[derive(Serialize)]
pub struct Category<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_html: Option<&'a str>,
    pub slug: &'a str,
    pub url: &'a str,
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_html: Option<&'a str>,
    pub count: usize,
    /// The language `name` is in: the file's, or the site's for a name not given in it.
    pub lang: &'a str,
}

/// `date` and `updated`.
#[derive(Serialize)]
pub struct Date {
    /// `2024-03-09`, for `<time datetime>`.
    pub iso: String,
    /// `9 March 2024`.
    pub display: String,
    /// The language `display` is written in: the page's when it is English or te reo Māori,
    /// else English (the site's language when that is English, else `en`), which a page in
    /// another language marks (WCAG 3.1.2).
    pub lang: String,
}

/// An item of `pages` in `index.html` and `category.html` (and of `page.related`).
/// Serialised by hand (below), as its fields are written into [`Page`]'s too.
pub struct PageSummary<'a> {
    pub title: &'a str,
    /// `title` as HTML when it has language spans, else not set.
    pub title_html: Option<&'a str>,
    pub url: &'a str,
    pub description: Option<&'a str>,
    pub description_html: Option<&'a str>,
    /// Front matter `lang:`, when the page is not in the site's language.
    pub lang: Option<&'a str>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub weight: Option<i64>,
    /// [`Link`]s, each made into a template value once per category and language and shared:
    /// every summary names its categories, and summaries are rendered many times over.
    pub categories: Vec<tera::Value>,
    /// Minutes, at 200 words a minute (at least 1).
    pub reading_time: usize,
    /// A draft, built only with `--drafts` for a preview: marked wherever it is listed.
    pub draft: bool,
}

/// An item of `page.references`.
#[derive(Serialize)]
pub struct Reference<'a> {
    /// The anchor in-text citations point to (`ref-bowlby1973`), if the entry is a work.
    pub id: Option<String>,
    pub key: Option<&'a str>,
    pub html: &'a str,
}

/// `page` in `page.html`: every [`PageSummary`] field, and these (serialised by hand, below).
pub struct Page<'a> {
    pub summary: &'a PageSummary<'a>,
    pub content: &'a str,
    /// The page's [`Heading`]s, as template values.
    pub headings: Vec<tera::Value>,
    /// The headings worth a table of contents (levels 2 and 3), when there are three or more:
    /// clones of their values in `headings`, not made from the headings a second time.
    pub toc: Vec<tera::Value>,
    pub references: Vec<Reference<'a>>,
    /// The language its citations and reference list are written in (its own, or the
    /// locale's the site falls back to).
    pub citations_lang: &'a str,
    /// [`PageSummary`]s, as template values.
    pub related: Vec<&'a tera::Value>,
    /// schema.org `Article` as JSON, safe to print inside `<script>` with `| safe`.
    pub json_ld: String,
    pub extra: &'a serde_json::Value,
    pub source: String,
    /// When the page was last reviewed and by whom; not set for a page never reviewed.
    pub review: Option<PageReview<'a>>,
    /// The page's `content_note`, shown before the body.
    pub content_note: Option<&'a str>,
    /// The content note as HTML, its language spans and glossary terms marked; none when it
    /// has neither (print `content_note` then).
    pub content_note_html: Option<&'a str>,
}

impl PageSummary<'_> {
    /// Writes the summary's fields into `out`, a summary's or a [`Page`]'s: `title_html`,
    /// `description_html` and `lang` only when set. Every field is named (no `..`), so a field
    /// added to the struct and not written here does not compile: `derive` no longer sees it.
    fn serialize_fields<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error> {
        let PageSummary {
            title,
            title_html,
            url,
            description,
            description_html,
            lang,
            date,
            updated,
            weight,
            categories,
            reading_time,
            draft,
        } = self;
        out.serialize_field("title", title)?;
        if let Some(title_html) = title_html {
            out.serialize_field("title_html", title_html)?;
        }
        out.serialize_field("url", url)?;
        out.serialize_field("description", description)?;
        if let Some(description_html) = description_html {
            out.serialize_field("description_html", description_html)?;
        }
        if let Some(lang) = lang {
            out.serialize_field("lang", lang)?;
        }
        out.serialize_field("date", date)?;
        out.serialize_field("updated", updated)?;
        out.serialize_field("weight", weight)?;
        out.serialize_field("categories", categories)?;
        out.serialize_field("reading_time", reading_time)?;
        out.serialize_field("draft", draft)
    }
}

impl Serialize for PageSummary<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("PageSummary", 12)?;
        self.serialize_fields(&mut out)?;
        out.end()
    }
}

/// The summary's fields, then the page's own: what `#[serde(flatten)]` of the summary wrote,
/// but written as a struct (a flattened struct is written as a map, whose every key Tera
/// copied into a string of its own). Every field is named, as in
/// [`PageSummary::serialize_fields`].
impl Serialize for Page<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Page {
            summary,
            content,
            headings,
            toc,
            references,
            citations_lang,
            related,
            json_ld,
            extra,
            source,
            review,
            content_note,
            content_note_html,
        } = self;
        let mut out = serializer.serialize_struct("Page", 23)?;
        summary.serialize_fields(&mut out)?;
        out.serialize_field("content", content)?;
        out.serialize_field("headings", headings)?;
        out.serialize_field("toc", toc)?;
        out.serialize_field("references", references)?;
        out.serialize_field("citations_lang", citations_lang)?;
        out.serialize_field("related", related)?;
        out.serialize_field("json_ld", json_ld)?;
        out.serialize_field("extra", extra)?;
        out.serialize_field("source", source)?;
        out.serialize_field("review", review)?;
        out.serialize_field("content_note", content_note)?;
        out.serialize_field("content_note_html", content_note_html)?;
        out.end()
    }
}

/// `page.review`.
#[derive(Serialize)]
pub struct PageReview<'a> {
    pub reviewed: Date,
    /// `next_review`, or `reviewed` plus site.yaml's `review.interval_months`.
    pub next_review: Option<Date>,
    pub reviewed_by: Vec<&'a Person>,
    /// `overdue`, `due-soon` or `ok`, on the date the site was built.
    pub status: ReviewStatus,
}

/// An item of `works` and `further_reading`.
#[derive(Serialize)]
pub struct Work<'a> {
    pub key: &'a str,
    /// The key as an HTML id: whitespace and `%` percent-encoded (`a%20b`), else the key.
    pub id: Cow<'a, str>,
    pub html: &'a str,
    /// The language `html` is written in (its citation locale's).
    pub lang: &'a str,
    /// [`Link`]s to the citing pages, as template values (see [`PageLinks`]).
    pub cited_in: Vec<tera::Value>,
}

/// `pagination`: where a listing page sits among its siblings.
#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    /// Site-relative URLs, like every URL given to templates.
    pub first: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PaginationLink>,
}

/// An item of `pagination.pages`.
#[derive(Serialize)]
pub struct PaginationLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Page numbers were left out just before this one ("1 … 7 8 9").
    pub gap_before: bool,
}

/// The variables every template gets from the whole site.
#[derive(Serialize)]
pub struct Globals<'a> {
    pub site: Site<'a>,
    pub categories: Vec<Category<'a>>,
}

/// The variables every template gets about the file being written.
#[derive(Serialize)]
pub struct Placement<'a> {
    /// The path from the file back to the site root (absolute for the 404 page).
    pub root: String,
    pub current_url: &'a str,
    /// The language of the file: its page's `lang:`, else the site's.
    pub lang: &'a str,
    /// The URL prefix of the file's language (`mi/`), empty for the default language: its
    /// home is `{{ root }}{{ lang_prefix }}`, its feed `{{ root }}{{ lang_prefix }}atom.xml`.
    pub lang_prefix: &'a str,
    /// Every version of the page in the languages of site.yaml's `languages`, itself
    /// included; empty for a page with no translation (and for every other file).
    pub translations: Vec<Translation<'a>>,
    /// Not set on the 404 page, which is served at any address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// On the 404 page only: the site's stylesheet, to print inside `<style>` (the page is
    /// served at any address, where a link to it could not be relative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inline_styles: Option<&'a str>,
}

impl Placement<'_> {
    /// Adds the fields to `ctx` as variables, as a context made from the struct would have
    /// them (`canonical` and `inline_styles` only when set): made into one template value
    /// first, they were hashed into its map for every file and then copied out of it. Every
    /// field is named (no `..`), so a field added to the struct and not inserted here does not
    /// compile.
    pub fn insert_into(self, ctx: &mut tera::Context) -> Result<(), tera::Error> {
        let Placement {
            root,
            current_url,
            lang,
            lang_prefix,
            translations,
            canonical,
            inline_styles,
        } = self;
        ctx.insert_value("root", tera::Value::from(root));
        ctx.insert_value("current_url", tera::Value::from(current_url));
        ctx.insert_value("lang", tera::Value::from(lang));
        ctx.insert_value("lang_prefix", tera::Value::from(lang_prefix));
        let translations = tera::Value::try_from_serializable(&translations)?;
        ctx.insert_value("translations", translations);
        if let Some(canonical) = canonical {
            ctx.insert_value("canonical", tera::Value::from(canonical));
        }
        if let Some(inline_styles) = inline_styles {
            ctx.insert_value("inline_styles", tera::Value::from(inline_styles));
        }
        Ok(())
    }
}

/// The variables every template gets that depend only on the language of the file being
/// written: made into template values once a language, and shared by its files (the theme's
/// words, serialised for every file, were a measurable share of a build).
#[derive(Serialize)]
pub struct LanguageWords<'a> {
    /// The help box in `lang`: its `title` and `text` in that language where site.yaml gives
    /// them, else the site's. Not set on a site without `help:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<crate::config::HelpIn<'a>>,
    /// `lang` as Open Graph writes a locale, language_TERRITORY (`mi_NZ`), for `og:locale`:
    /// see [`crate::config::Config::og_locale`] (which parses the tag).
    pub og_locale: String,
    /// The theme's words in `lang` (`t.references`), from its `i18n/` files and the site's.
    pub t: &'a crate::render::strings::Words,
    /// The same words as HTML, for text (not attributes or `<title>`): a word shown from
    /// another language is marked with its `lang` (print with `| safe`).
    pub t_html: &'a crate::render::strings::Words,
}

/// An item of `translations`: one language's version of the page being written.
#[derive(Serialize)]
pub struct Translation<'a> {
    /// Its language tag, for `lang` and `hreflang`.
    pub code: &'a str,
    /// `code` as an Open Graph locale (`mi_NZ`), for `og:locale:alternate`.
    pub og_locale: String,
    /// The language's name in itself ("Te reo Māori").
    pub name: &'a str,
    /// Site-relative, like every URL given to templates.
    pub url: Cow<'a, str>,
    /// `base_url` + `url`, for `<link rel="alternate" hreflang>`.
    pub absolute_url: String,
    /// The version being written.
    pub current: bool,
}

impl<'a> Translation<'a> {
    /// A file that every language of `languages` has (a home, a category, the search page),
    /// `current` the one of `language`; `url_in` gives its URL in a language by index.
    pub fn each_language(
        site: &'a model::Site,
        language: usize,
        url_in: impl Fn(usize, &'a crate::config::Language) -> Cow<'a, str>,
    ) -> Vec<Translation<'a>> {
        site.config
            .languages
            .iter()
            .enumerate()
            .map(|(index, l)| {
                let url = url_in(index, l);
                Translation {
                    code: &l.code,
                    og_locale: site.config.og_locale(&l.code),
                    name: &l.name,
                    absolute_url: site.absolute_url(&url),
                    url,
                    current: index == language,
                }
            })
            .collect()
    }

    /// The versions of `page`, itself included, in the order of `languages`. A published
    /// page's leave drafts out (built only with `--drafts`): its `<head>` alternates and
    /// switcher are then those of a build without them; a draft's keep them, for the preview.
    pub fn of(site: &'a model::Site, page: &'a model::Page) -> Vec<Translation<'a>> {
        let versions: Vec<Translation<'a>> = page
            .translations
            .iter()
            .filter_map(|&index| {
                let version = site.pages.get(index).filter(|v| page.draft || !v.draft)?;
                let language = site.config.languages.get(version.language)?;
                Some(Translation {
                    code: &language.code,
                    og_locale: site.config.og_locale(&language.code),
                    name: &language.name,
                    url: Cow::Borrowed(&version.url),
                    absolute_url: site.absolute_url(&version.url),
                    current: std::ptr::eq(version, page),
                })
            })
            .collect();
        // A page alone in its language has no versions, as one with no translation.
        if versions.len() < 2 {
            Vec::new()
        } else {
            versions
        }
    }
}

/// `page.html`'s own variables.
#[derive(Serialize)]
pub struct PageTemplate<'a> {
    pub page: Page<'a>,
}

impl PageTemplate<'_> {
    /// The variables as a context: `page` put in as it is made. A context made from the
    /// struct made it a map of one entry first, then copied the entry out and its name into
    /// a string of its own, for every page.
    pub fn context(&self) -> Result<tera::Context, tera::Error> {
        let mut ctx = tera::Context::new();
        ctx.insert_value("page", tera::Value::try_from_serializable(&self.page)?);
        Ok(ctx)
    }
}

/// The variables of `index.html` and `category.html`: one listing page.
#[derive(Serialize)]
pub struct ListingTemplate<'a> {
    /// [`PageSummary`]s, as template values.
    pub pages: &'a [&'a tera::Value],
    pub pagination: &'a Pagination,
    /// In `category.html` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<&'a Category<'a>>,
    pub feed_url: String,
}

/// `bibliography.html`'s own variables.
#[derive(Serialize)]
pub struct BibliographyTemplate<'a> {
    pub works: Vec<Work<'a>>,
    pub further_reading: Vec<Work<'a>>,
}

impl<'a> Globals<'a> {
    pub fn new(site: &'a model::Site) -> Globals<'a> {
        let config = &site.config;
        Globals {
            site: Site {
                title: &config.title,
                title_html: config.title_html.as_deref(),
                description: config.description.as_deref(),
                description_html: config.description_html.as_deref(),
                language: &config.language,
                base_url: config.base_url.as_deref(),
                banner: config.banner.as_ref(),
                help: config.help.as_ref(),
                logo: config.logo.as_ref().map(|logo| Logo {
                    src: crate::support::urls::encode_path(&logo.src),
                    alt: logo.alt.clone(),
                }),
                footer_links: &config.footer_links,
                favicon: site.favicon.as_deref(),
                extra: &config.extra,
                page_count: site.pages.len(),
                work_count: site.bibliography.works.len(),
                has_glossary: site.config.glossary.is_some(),
            },
            categories: Category::shown_in(site, 0),
        }
    }
}

impl<'a> Category<'a> {
    /// [`Self::all_in`] without the categories that have no page in the language (on a site
    /// with `languages`, one whose pages' versions in it are filed elsewhere): they have no
    /// page there, so templates do not list or link them.
    pub fn shown_in(site: &'a model::Site, language: usize) -> Vec<Category<'a>> {
        let mut categories = Self::all_in(site, language);
        categories.retain(|c| c.count > 0);
        categories
    }

    /// The categories as a file in the language at `language` of `languages` lists them:
    /// named, linked and counted in that language (on a site without `languages`, as they are).
    pub fn all_in(site: &'a model::Site, language: usize) -> Vec<Category<'a>> {
        site.categories
            .iter()
            .map(|c| match c.languages.get(language) {
                Some(version) => Category {
                    lang: match site.config.languages.get(language) {
                        Some(l) if !version.untranslated => &l.code,
                        _ => &site.config.language,
                    },
                    name: &version.name,
                    name_html: if version.untranslated {
                        c.name_html.as_deref()
                    } else {
                        None
                    },
                    slug: &c.slug,
                    url: &version.url,
                    description: c.description.as_deref(),
                    description_html: c.description_html.as_deref(),
                    count: version.pages.len(),
                },
                None => Category {
                    lang: &site.config.language,
                    name: &c.name,
                    name_html: c.name_html.as_deref(),
                    slug: &c.slug,
                    url: &c.url,
                    description: c.description.as_deref(),
                    description_html: c.description_html.as_deref(),
                    count: c.pages.len(),
                },
            })
            .collect()
    }
}

impl<'a> Link<'a> {
    /// A link to a page, named by its title (in the page's language).
    fn to_page(site: &'a model::Site, page: &'a model::Page) -> Link<'a> {
        Link {
            name: &page.title,
            name_html: page.title_html.as_deref(),
            url: &page.url,
            lang: page.lang.as_deref().unwrap_or(&site.config.language),
        }
    }

    /// The link as a template value (strings and numbers only: it cannot fail).
    pub fn value(&self) -> tera::Value {
        tera::Value::try_from_serializable(self).unwrap_or_else(|_| tera::Value::none())
    }

    /// A link to a category from `page`: to the category in the page's language on a site
    /// with `languages`, else named in the page's `lang` when site.yaml names it in that
    /// language.
    fn to_category_from(
        site: &'a model::Site,
        category: &'a model::Category,
        page: &'a model::Page,
    ) -> Link<'a> {
        let language = site.config.languages.get(page.language);
        match (category.languages.get(page.language), language) {
            (Some(version), Some(language)) => Link {
                name: &version.name,
                name_html: if version.untranslated {
                    category.name_html.as_deref()
                } else {
                    None
                },
                url: &version.url,
                lang: if version.untranslated {
                    &site.config.language
                } else {
                    &language.code
                },
            },
            _ => Link::to_category_in(site, category, page.lang.as_deref()),
        }
    }

    /// A link to a category, named in `lang` when site.yaml names it in that language.
    fn to_category_in(
        site: &'a model::Site,
        category: &'a model::Category,
        lang: Option<&str>,
    ) -> Link<'a> {
        let named = lang.and_then(|lang| {
            category
                .names
                .iter()
                .find(|(tag, _)| tag.eq_ignore_ascii_case(lang))
        });
        match named {
            Some((tag, name)) => Link {
                name,
                name_html: None,
                url: &category.url,
                lang: tag,
            },
            None => Link {
                name: &category.name,
                name_html: category.name_html.as_deref(),
                url: &category.url,
                lang: &site.config.language,
            },
        }
    }
}

impl Date {
    /// `date` for a page in `language` (of a site in `site_language`): `9 March 2024`;
    /// `March 9, 2024` in `en-US`; `9 Poutūterangi 2024` in te reo Māori (`mi`).
    pub fn new(date: Option<content::Date>, language: &str, site_language: &str) -> Option<Date> {
        // The months as Te Taura Whiri i te Reo Māori's spelling conventions write them
        // (Te Aka, the dictionary, hyphenates some: Poutū-te-rangi).
        const MI_MONTHS: [&str; 12] = [
            "Kohitātea",
            "Huitanguru",
            "Poutūterangi",
            "Paengawhāwhā",
            "Haratua",
            "Pipiri",
            "Hōngongoi",
            "Hereturikōkā",
            "Mahuru",
            "Whiringa-ā-nuku",
            "Whiringa-ā-rangi",
            "Hakihea",
        ];
        use crate::content::MONTHS;
        // Compared and joined without a lowercased copy of the tag or `format!` (a page's
        // summary makes two dates).
        let same_language = crate::support::lang::same_language;
        let maori = same_language(language, "mi");
        let us = language.eq_ignore_ascii_case("en-us");
        let english = |tag: &str| same_language(tag, "en");
        let lang = if maori || english(language) {
            language
        } else if english(site_language) {
            site_language
        } else {
            "en"
        };
        date.map(|d| {
            let month = usize::from(d.month.clamp(1, 12)) - 1;
            let (day, year) = (d.day.to_string(), d.year.to_string());
            let display = if maori {
                [&day, " ", MI_MONTHS[month], " ", &year].concat()
            } else if us {
                [MONTHS[month], " ", &day, ", ", &year].concat()
            } else {
                [&day, " ", MONTHS[month], " ", &year].concat()
            };
            Date {
                iso: d.to_string(),
                display,
                lang: lang.to_string(),
            }
        })
    }
}

/// Page summaries as template values, each made on first use and kept (see
/// [`PageSummary::value`]); a render of a few pages (`serve`'s first) makes only theirs.
pub struct SummaryValues<'a> {
    summaries: &'a [PageSummary<'a>],
    values: Vec<std::sync::OnceLock<tera::Value>>,
}

impl<'a> SummaryValues<'a> {
    pub fn new(summaries: &'a [PageSummary<'a>]) -> SummaryValues<'a> {
        SummaryValues {
            summaries,
            values: summaries
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// Makes every summary's value that is not made yet, in parallel. Listings need every
    /// page's (each page is on a home); made on first use there, most were made one after
    /// another while the other core waited.
    pub fn make_all(&self) {
        use rayon::prelude::*;
        (0..self.values.len()).into_par_iter().for_each(|index| {
            self.get(index);
        });
    }

    /// The value of summary `index` (a page index of the site).
    pub fn get(&self, index: usize) -> &tera::Value {
        self.values[index].get_or_init(|| self.summaries[index].value())
    }
}

impl<'a> PageSummary<'a> {
    /// The summary as a template value. Each is made once and shared (Tera clones a value met
    /// inside the data it is given, a reference count): a summary is shown on several listing
    /// pages and in several pages' related lists, and making it again for each was ~5% of a
    /// build.
    pub fn value(&self) -> tera::Value {
        tera::Value::try_from_serializable(self).unwrap_or_else(|_| tera::Value::none())
    }

    /// Every page's summary, in the site's order, made in parallel (one after another, they
    /// kept a core idle before the pages were rendered).
    pub fn all(site: &'a model::Site) -> Vec<PageSummary<'a>> {
        use rayon::prelude::*;
        // A category's link from a page depends on the page's language and `lang` only: each
        // is made once, first (there are few), and shared.
        let mut links: rustc_hash::FxHashMap<(usize, usize, Option<&str>), tera::Value> =
            Default::default();
        for p in &site.pages {
            for &c in &p.categories {
                links
                    .entry((c, p.language, p.lang.as_deref()))
                    .or_insert_with(|| {
                        Link::to_category_from(site, &site.categories[c], p).value()
                    });
            }
        }
        let language = |p: &'a model::Page| p.lang.as_deref().unwrap_or(&site.config.language);
        site.pages
            .par_iter()
            .map(|p| PageSummary {
                title: &p.title,
                title_html: p.title_html.as_deref(),
                url: &p.url,
                description: p.description.as_deref(),
                description_html: p.description_html.as_deref(),
                lang: p.lang.as_deref(),
                // Written in the page's language: `9 Poutūterangi 2024` on a page in te reo.
                date: Date::new(p.date, language(p), &site.config.language),
                updated: Date::new(p.updated, language(p), &site.config.language),
                weight: p.weight,
                categories: p
                    .categories
                    .iter()
                    .map(|&c| match links.get(&(c, p.language, p.lang.as_deref())) {
                        Some(link) => link.clone(),
                        None => Link::to_category_from(site, &site.categories[c], p).value(),
                    })
                    .collect(),
                reading_time: p.word_count.div_ceil(200).max(1),
                draft: p.draft,
            })
            .collect()
    }
}

impl<'a> Page<'a> {
    /// `page` for the page `page` of `site` (its body `content`, citations filled in), whose
    /// summary is `summary` (`summaries` give its related pages', `json_ld` what its JSON-LD
    /// shares with other pages').
    pub fn new(
        site: &'a model::Site,
        (page, summary): (&'a model::Page, &'a PageSummary<'a>),
        content: &'a str,
        summaries: &'a SummaryValues<'a>,
        json_ld: &super::json_ld::Shared,
    ) -> Page<'a> {
        let localized = LocalizedWorks::find(&site.localized_works, page.lang.as_deref());
        let headings: Vec<tera::Value> = page.headings.iter().map(heading_value).collect();
        let toc: Vec<tera::Value> = page
            .headings
            .iter()
            .zip(&headings)
            // A heading with no words (`## ` alone, `## ***`) would be a link with no name.
            .filter(|(h, _)| {
                (2..=3).contains(&h.level) && !crate::site::markdown::heading_has_no_words(&h.text)
            })
            .map(|(_, value)| value.clone())
            .collect();
        Page {
            summary,
            content,
            headings,
            toc: if toc.len() >= 3 { toc } else { Vec::new() },
            references: page
                .references
                .iter()
                .map(|r| Reference::new(site, r, localized))
                .collect(),
            citations_lang: crate::site::citation_locales::text_language(
                site,
                page.lang.as_deref(),
            ),
            related: page.related.iter().map(|&p| summaries.get(p)).collect(),
            json_ld: super::json_ld::article(site, json_ld, page),
            extra: &page.extra,
            // As `display()` writes it (invalid UTF-8 replaced the same way), without the
            // formatting machinery.
            source: page.source.to_string_lossy().into_owned(),
            review: page.review.as_ref().and_then(|review| {
                let language = page.lang.as_deref().unwrap_or(&site.config.language);
                Some(PageReview {
                    reviewed: Date::new(review.reviewed, language, &site.config.language)?,
                    next_review: Date::new(review.next_review, language, &site.config.language),
                    reviewed_by: review
                        .reviewed_by
                        .iter()
                        .filter_map(|id| site.config.people.get(id))
                        .collect(),
                    status: review.status,
                })
            }),
            content_note: page.content_note.as_deref(),
            content_note_html: page.content_note_html.as_deref(),
        }
    }
}

/// A heading as a template value.
fn heading_value(heading: &Heading) -> tera::Value {
    tera::Value::try_from_serializable(heading).unwrap_or_else(|_| tera::Value::none())
}

impl<'a> Reference<'a> {
    /// An entry of a page's reference list, its works in the page's language's CSL locale
    /// when it has one (`localized`).
    fn new(
        site: &'a model::Site,
        entry: &'a ReferenceEntry,
        localized: Option<&'a LocalizedWorks>,
    ) -> Reference<'a> {
        match entry {
            ReferenceEntry::Work(i) => {
                let work = &site.bibliography.works[*i];
                Reference {
                    id: Some(["ref-", &crate::support::urls::key_id(&work.key)].concat()),
                    key: Some(&work.key),
                    html: localized
                        .and_then(|l| l.works.get(*i))
                        .map_or(&work.html, |html| html),
                }
            }
            ReferenceEntry::Text(html) => Reference {
                id: None,
                key: None,
                html,
            },
        }
    }
}

impl<'a> BibliographyTemplate<'a> {
    /// The bibliography page of the language at `language` of `languages`: each work's
    /// "Cited in" links go to the versions of the citing pages that language's listings show,
    /// each once.
    pub fn new(
        site: &'a model::Site,
        language: usize,
        links: &PageLinks,
    ) -> BibliographyTemplate<'a> {
        let multilingual = !site.config.languages.is_empty();
        let lang = site.config.languages.get(language).map(|l| l.code.as_str());
        let localized = LocalizedWorks::find(&site.localized_works, lang);
        let works = |works: &'a [crate::bibliography::FormattedWork],
                     cited: bool|
         -> Vec<Work<'a>> {
            works
                .iter()
                .enumerate()
                .map(|(index, w)| {
                    let mut cited_in: Vec<usize> = w.cited_in.clone();
                    if multilingual {
                        for page in &mut cited_in {
                            *page =
                                model::translations::shown_version(&site.pages, *page, language);
                        }
                        cited_in.sort_unstable();
                        cited_in.dedup();
                    }
                    let own = localized.filter(|_| cited).and_then(|l| l.works.get(index));
                    Work {
                        key: &w.key,
                        id: crate::support::urls::key_id(&w.key),
                        html: own.map_or(&w.html, |html| html),
                        // Further reading is formatted in the site's locale only.
                        lang: match own {
                            Some(_) => lang.unwrap_or(&site.citations_language),
                            None => &site.citations_language,
                        },
                        cited_in: cited_in.into_iter().map(|p| links.get(p)).collect(),
                    }
                })
                .collect()
        };
        BibliographyTemplate {
            works: works(&site.bibliography.works, true),
            further_reading: if site.config.bibliography.show_uncited {
                works(&site.bibliography.uncited, false)
            } else {
                Vec::new()
            },
        }
    }
}

/// Links to pages (see [`Link::to_page`]) as template values, each made on first use and
/// shared: a bibliography page links each citing page from every work it cites (tens of
/// thousands of links on a large site, most to the same pages), and each language's again.
pub struct PageLinks<'a> {
    site: &'a model::Site,
    values: Vec<std::sync::OnceLock<tera::Value>>,
}

impl<'a> PageLinks<'a> {
    pub fn new(site: &'a model::Site) -> PageLinks<'a> {
        PageLinks {
            site,
            values: site
                .pages
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// The link to the page at `index` of the site's pages.
    pub fn get(&self, index: usize) -> tera::Value {
        self.values[index]
            .get_or_init(|| Link::to_page(self.site, &self.site.pages[index]).value())
            .clone()
    }
}

/// `glossary.html`'s own variables.
#[derive(Serialize)]
pub struct GlossaryTemplate<'a> {
    pub terms: Vec<GlossaryTerm<'a>>,
}

/// An item of `terms` in `glossary.html`.
#[derive(Serialize)]
pub struct GlossaryTerm<'a> {
    pub term: &'a str,
    /// The anchor of its entry: `term-whanau`.
    pub id: &'a str,
    pub lang: &'a str,
    pub meaning: &'a str,
    pub used_in: Vec<Link<'a>>,
}

impl<'a> GlossaryTemplate<'a> {
    pub fn new(site: &'a model::Site) -> GlossaryTemplate<'a> {
        GlossaryTemplate {
            terms: site
                .glossary
                .iter()
                .map(|entry| GlossaryTerm {
                    term: &entry.term.term,
                    id: &entry.term.id,
                    lang: &entry.term.lang,
                    meaning: &entry.term.meaning,
                    used_in: entry
                        .used_in
                        .iter()
                        .map(|&p| Link::to_page(site, &site.pages[p]))
                        .collect(),
                })
                .collect(),
        }
    }
}

/// `reviews.html`'s own variables: the review report for staff.
#[derive(Serialize)]
pub struct ReviewsTemplate<'a> {
    pub report: Vec<ReportEntry<'a>>,
}

/// An item of `report` in `reviews.html`: one page, never-reviewed pages first, then the
/// soonest due.
#[derive(Serialize)]
pub struct ReportEntry<'a> {
    pub title: &'a str,
    /// `title` with its language spans marked up, when it has any.
    pub title_html: Option<&'a str>,
    pub url: &'a str,
    /// The page's language when it says one (a translation's): its title is in it.
    pub lang: Option<&'a str>,
    pub source: &'a str,
    pub reviewed: Option<Date>,
    pub next_review: Option<Date>,
    /// The reviewers' names.
    pub reviewed_by: &'a [String],
    pub status: ReviewStatus,
    pub days_left: Option<i64>,
    /// None for a page not in English (the formula is English's).
    pub grade: Option<f64>,
}

impl<'a> ReviewsTemplate<'a> {
    pub fn new(site: &'a model::Site) -> ReviewsTemplate<'a> {
        let language = &site.config.language;
        let date = |text: &Option<String>| {
            Date::new(
                text.as_deref().and_then(|t| content::Date::parse(t).ok()),
                language,
                language,
            )
        };
        ReviewsTemplate {
            report: site
                .review_report
                .iter()
                .map(|published| {
                    let row = &published.row;
                    ReportEntry {
                        title: &row.title,
                        title_html: published.title_html.as_deref(),
                        url: &published.url,
                        lang: published.lang.as_deref(),
                        source: &row.source,
                        reviewed: date(&row.reviewed),
                        next_review: date(&row.next_review),
                        reviewed_by: &row.reviewed_by,
                        status: row.status,
                        days_left: row.days_left,
                        grade: row.grade,
                    }
                })
                .collect(),
        }
    }
}

/// `404.html`'s own variables. Static hosts serve one `404.html` for every missing address,
/// whichever language the reader came from: on a site with `languages`, the page says what
/// it says in the site's language, then in each other one.
#[derive(Serialize)]
pub struct NotFoundTemplate<'a> {
    /// Every language of `languages` but the default, in their order; empty on a site in one
    /// language.
    pub other_languages: Vec<NotFoundLanguage<'a>>,
}

/// An item of `other_languages` on the 404 page.
#[derive(Serialize)]
pub struct NotFoundLanguage<'a> {
    /// Its language tag, for `lang` and `hreflang`.
    pub code: &'a str,
    /// The language's name in itself ("Te reo Māori").
    pub name: &'a str,
    /// The language's URL prefix (`mi/`): its home is `{{ root }}{{ l.prefix }}`.
    pub prefix: &'a str,
    /// The theme's words in this language, as `t` (falling back as `t` does).
    pub t: &'a crate::render::strings::Words,
    /// The same as HTML, as `t_html`: a word taken from another language marked with its
    /// `lang`.
    pub t_html: &'a crate::render::strings::Words,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &str = include_str!("../../docs/templates.md");

    /// The rows of the first table after the heading `### {section}`: each row's cells.
    fn rows(section: &str) -> Vec<Vec<String>> {
        let start = DOCS
            .find(&format!("\n### {section}\n"))
            .unwrap_or_else(|| panic!("docs/templates.md has no section `### {section}`"));
        DOCS[start..]
            .lines()
            .skip_while(|line| !line.starts_with('|'))
            .take_while(|line| line.starts_with('|'))
            .skip(2)
            .map(|line| {
                line.replace("\\|", "¦")
                    .split('|')
                    .map(|cell| cell.trim().to_string())
                    .filter(|cell| !cell.is_empty())
                    .collect()
            })
            .collect()
    }

    /// The names in backticks in `cell` (`` `prev`, `next` ``).
    fn names(cell: &str) -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    /// The field names a section documents, sorted, and each field's inline `{a, b}`.
    fn documented(section: &str) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
        let mut fields = Vec::new();
        let mut inline = BTreeMap::new();
        for row in rows(section) {
            let these = names(&row[0]);
            let rest = row[1..].join(" ");
            if let Some(braces) = rest.split("`{").nth(1).and_then(|b| b.split("}`").next()) {
                let mut keys: Vec<String> = braces
                    .split(',')
                    .map(|part| {
                        part.split(':')
                            .next()
                            .unwrap_or_default()
                            .trim()
                            .to_string()
                    })
                    .collect();
                keys.sort();
                for name in &these {
                    inline.insert(name.clone(), keys.clone());
                }
            }
            fields.extend(these);
        }
        fields.sort();
        (fields, inline)
    }

    /// The names a value serializes its fields under, sorted.
    fn keys(value: &impl Serialize) -> Vec<String> {
        let json = serde_json::to_value(value).unwrap_or_default();
        let mut keys: Vec<String> = json
            .as_object()
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    }

    fn check(section: &str, value: &impl Serialize, nested: &[(&str, Vec<String>)]) {
        let (fields, inline) = documented(section);
        assert_eq!(fields, keys(value), "the fields of `### {section}`");
        for (field, expected) in nested {
            assert_eq!(
                inline.get(*field),
                Some(expected),
                "the `{{...}}` documented for `{field}` in `### {section}`"
            );
        }
    }

    use std::collections::BTreeMap;

    #[test]
    fn docs_templates_md_documents_every_field_templates_get() {
        let banner = Banner {
            text: "Hi".into(),
            text_html: Some("<span lang=\"mi\">Hi</span>".into()),
            link: Some("/x".into()),
            link_written: Some("/x".into()),
        };
        let extra = serde_json::json!({});
        let help = Help {
            title: "Need help now?".into(),
            title_html: Some("t".into()),
            text: Some("Call 111".into()),
            text_html: Some("t".into()),
            contacts: vec![crate::config::HelpContact {
                name: "Line".into(),
                name_html: Some("n".into()),
                note_html: Some("n".into()),
                phone: Some("0800 1".into()),
                sms: Some("1".into()),
                note: None,
                hours: Some("24/7".into()),
                url: Some("https://example.org/chat".into()),
                url_external: true,
                url_written: Some("https://example.org/chat".into()),
                url_host: Some("example.org".into()),
                phone_href: Some("tel:08001".into()),
                sms_href: Some("sms:1".into()),
                in_languages: Vec::new(),
                written_per_language: (Vec::new(), 0),
            }],
            in_languages: Vec::new(),
            written_per_language: Vec::new(),
        };
        let logo = Logo {
            src: "logo.svg".into(),
            alt: "Logo".into(),
        };
        let footer_links = vec![FooterLink {
            name: "Privacy".into(),
            name_html: Some("n".into()),
            url: "privacy/".into(),
            external: false,
            written: "privacy/".into(),
        }];
        let site = Site {
            title: "t",
            title_html: Some("t"),
            description: Some("d"),
            description_html: Some("d"),
            language: "en",
            base_url: Some("https://example.org"),
            banner: Some(&banner),
            help: Some(&help),
            logo: Some(logo.clone()),
            footer_links: &footer_links,
            favicon: Some("favicon.svg"),
            extra: &extra,
            page_count: 1,
            work_count: 1,
            has_glossary: true,
        };
        let link = Link {
            name: "n",
            name_html: Some("<span lang=\"mi\">n</span>"),
            url: "u/",
            lang: "mi",
        };
        let category = Category {
            name: "n",
            name_html: Some("<span lang=\"mi\">n</span>"),
            slug: "n",
            url: "categories/n/",
            description: Some("d"),
            description_html: Some("d"),
            count: 1,
            lang: "en",
        };
        let date = || Date::new(content::Date::parse("2024-03-09").ok(), "en", "en");
        let summary = PageSummary {
            title: "t",
            title_html: Some("<span lang=\"mi\">t</span>"),
            url: "t/",
            description: Some("d"),
            description_html: Some("<span lang=\"mi\">d</span>"),
            lang: Some("mi"),
            date: date(),
            updated: date(),
            weight: Some(1),
            categories: vec![link.value()],
            reading_time: 1,
            draft: false,
        };
        let summary_value = summary.value();
        let person = Person {
            name: "n".into(),
            role: Some("r".into()),
            credentials: Some("c".into()),
            url: Some("https://example.org/n".into()),
        };
        let headings = [Heading {
            level: 2,
            id: "a".into(),
            text: "A".into(),
            html: Some("<span lang=\"mi\">A</span>".into()),
        }];
        let page = Page {
            summary: &summary,
            content: "<p>x</p>",
            headings: headings.iter().map(heading_value).collect(),
            toc: headings.iter().map(heading_value).collect(),
            references: vec![Reference {
                id: Some("ref-k".into()),
                key: Some("k"),
                html: "K",
            }],
            citations_lang: "en",
            related: vec![&summary_value],
            json_ld: "{}".into(),
            extra: &extra,
            source: "content/t.md".into(),
            review: Some(PageReview {
                reviewed: date().unwrap_or_else(|| panic!("a date")),
                next_review: date(),
                reviewed_by: vec![&person],
                status: ReviewStatus::Ok,
            }),
            content_note: Some("n"),
            content_note_html: None,
        };
        check(
            "PageReview",
            page.review.as_ref().unwrap_or_else(|| panic!("review")),
            &[("reviewed_by", keys(&person))],
        );
        let work = Work {
            key: "k",
            id: "k".into(),
            html: "K",
            lang: "en",
            cited_in: vec![link.value()],
        };
        let pagination = Pagination {
            current: 1,
            total: 2,
            first: String::new(),
            prev: None,
            next: Some("page/2/".into()),
            pages: vec![PaginationLink {
                number: 1,
                url: String::new(),
                current: true,
                gap_before: false,
            }],
        };
        let link_keys = keys(&link);
        check(
            "Site",
            &site,
            &[
                ("banner", keys(&banner)),
                ("help", keys(&help)),
                ("logo", keys(&logo)),
                ("footer_links", keys(&footer_links[0])),
            ],
        );
        check("HelpContact", &help.contacts[0], &[]);
        check(
            "HelpContact in a language",
            &help.in_language("mi", "en").contacts[0],
            &[],
        );
        check("Category", &category, &[]);
        check("Date", &date(), &[]);
        check(
            "PageSummary",
            &summary,
            &[("categories", link_keys.clone())],
        );
        // `page` has every PageSummary field too.
        let (summary_fields, _) = documented("PageSummary");
        let (mut page_fields, inline) = documented("Page");
        page_fields.extend(summary_fields);
        page_fields.sort();
        assert_eq!(page_fields, keys(&page), "the fields of `### Page`");
        assert_eq!(inline.get("headings"), Some(&keys(&headings[0])));
        assert_eq!(inline.get("toc"), Some(&keys(&headings[0])));
        check("Reference", &page.references[0], &[]);
        check("Work", &work, &[("cited_in", link_keys.clone())]);
        let term = GlossaryTerm {
            term: "whānau",
            id: "term-whanau",
            lang: "mi",
            meaning: "family",
            used_in: vec![link.clone()],
        };
        check("GlossaryTerm", &term, &[("used_in", link_keys)]);
        let names = vec!["n".to_string()];
        let entry = ReportEntry {
            title: "t",
            title_html: Some("<span lang=\"mi\">t</span>"),
            url: "t/",
            lang: Some("mi"),
            source: "content/t.md",
            reviewed: date(),
            next_review: date(),
            reviewed_by: &names,
            status: ReviewStatus::Ok,
            days_left: Some(1),
            grade: Some(7.5),
        };
        check("ReportEntry", &entry, &[]);
        let translation = Translation {
            code: "mi",
            og_locale: "mi_NZ".into(),
            name: "Te reo Māori",
            url: Cow::Borrowed("mi/t/"),
            absolute_url: "https://example.org/mi/t/".into(),
            current: true,
        };
        check("Translation", &translation, &[]);
        let words = crate::render::strings::Words::new();
        let other = NotFoundLanguage {
            code: "mi",
            name: "Te reo Māori",
            prefix: "mi/",
            t: &words,
            t_html: &words,
        };
        check("Language on the 404 page", &other, &[]);
        check(
            "Pagination",
            &pagination,
            &[("pages", keys(&pagination.pages[0]))],
        );
    }

    #[test]
    fn docs_templates_md_documents_every_variable_of_every_template() {
        let site_yaml = "title: T\nbase_url: https://example.org\n";
        let config = crate::config::parse(std::path::Path::new("."), site_yaml)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let model = model::Site {
            config,
            pages: Vec::new(),
            categories: Vec::new(),
            home: Vec::new(),
            language_homes: Vec::new(),
            favicon: None,
            bibliography: Default::default(),
            localized_works: Vec::new(),
            citations_language: "en".into(),
            glossary: Vec::new(),
            assets: Vec::new(),
            warnings: Vec::new(),
            review_report: Vec::new(),
        };
        let globals = Globals::new(&model);
        let placement = Placement {
            root: String::new(),
            current_url: "",
            lang: "en",
            lang_prefix: "",
            translations: Vec::new(),
            canonical: Some("https://example.org/".into()),
            inline_styles: Some("body {}"),
        };
        let (everywhere, _) = documented("In every template");
        let mut expected = keys(&globals);
        expected.extend(keys(&placement));
        expected.extend(keys(&LanguageWords {
            help: Some(crate::config::HelpIn {
                title: "Need help now?",
                title_html: None,
                title_lang: "en",
                text: None,
                text_html: None,
                text_lang: "en",
                contacts: Vec::new(),
            }),
            og_locale: "en".into(),
            t: &Default::default(),
            t_html: &Default::default(),
        }));
        expected.sort();
        assert_eq!(everywhere, expected, "`### In every template`");

        let category = &Category {
            name: "n",
            name_html: None,
            slug: "n",
            url: "categories/n/",
            description: None,
            description_html: None,
            count: 0,
            lang: "en",
        };
        let pagination = Pagination {
            current: 1,
            total: 1,
            first: String::new(),
            prev: None,
            next: None,
            pages: Vec::new(),
        };
        let listing = |category| ListingTemplate {
            pages: &[],
            pagination: &pagination,
            category,
            feed_url: "atom.xml".into(),
        };
        let page = model::Page {
            source: "content/t.md".into(),
            url: "t/".into(),
            title: "T".into(),
            title_html: None,
            description: None,
            description_html: None,
            lang: None,
            language: 0,
            translation_key: "t.md".into(),
            translations: Vec::new(),
            date: None,
            updated: None,
            weight: None,
            draft: false,
            aliases: Vec::new(),
            categories: Vec::new(),
            body: Default::default(),
            citations: Vec::new(),
            headings: Vec::new(),
            references: Vec::new(),
            extra: serde_json::json!({}),
            word_count: 0,
            excerpt: String::new(),
            keywords: String::new(),
            glossary_terms: Vec::new(),
            related: Vec::new(),
            review: None,
            content_note: None,
            content_note_html: None,
        };
        let summaries = [PageSummary {
            title: "T",
            title_html: None,
            url: "t/",
            description: None,
            description_html: None,
            lang: None,
            date: None,
            updated: None,
            weight: None,
            categories: Vec::new(),
            reading_time: 1,
            draft: false,
        }];
        let values = SummaryValues::new(&summaries);
        let page_template = PageTemplate {
            page: Page::new(
                &model,
                (&page, &summaries[0]),
                "",
                &values,
                &super::super::json_ld::Shared::new(&model),
            ),
        };
        let per_template: Vec<(&str, Vec<String>)> = vec![
            ("index.html", keys(&listing(None))),
            ("page.html", keys(&page_template)),
            // No variables of their own.
            ("categories.html", Vec::new()),
            ("category.html", keys(&listing(Some(category)))),
            (
                "bibliography.html",
                keys(&BibliographyTemplate::new(
                    &model,
                    0,
                    &PageLinks::new(&model),
                )),
            ),
            ("glossary.html", keys(&GlossaryTemplate::new(&model))),
            ("search.html", Vec::new()),
            ("reviews.html", keys(&ReviewsTemplate::new(&model))),
            (
                "404.html",
                keys(&NotFoundTemplate {
                    other_languages: Vec::new(),
                }),
            ),
        ];
        let rows = rows("Per template");
        let templates: Vec<String> = rows.iter().flat_map(|r| names(&r[0])).collect();
        let expected_templates: Vec<&str> = per_template.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            templates, expected_templates,
            "the templates of `### Per template`"
        );
        for (row, (template, expected)) in rows.iter().zip(&per_template) {
            let mut documented: Vec<String> = row[1]
                .split('`')
                .collect::<Vec<_>>()
                .windows(2)
                .filter(|pair| pair[1].starts_with(':'))
                .map(|pair| pair[0].to_string())
                .collect();
            documented.sort();
            assert_eq!(&documented, expected, "`{template}` in `### Per template`");
        }
        for required in crate::render::TEMPLATES {
            assert!(expected_templates.contains(required), "{required}");
        }
    }

    /// `page` put into a page's context as it is made gives the context made from the struct.
    #[test]
    fn a_page_context_is_the_struct_as_a_context() {
        let extra = serde_json::json!({"x": [1, "y"]});
        let summary = PageSummary {
            title: "T <&>",
            title_html: None,
            url: "t/",
            description: Some("d"),
            description_html: None,
            lang: None,
            date: Date::new(content::Date::parse("2024-03-09").ok(), "en", "en"),
            updated: None,
            weight: Some(2),
            categories: Vec::new(),
            reading_time: 3,
            draft: false,
        };
        let heading = Heading {
            level: 2,
            id: "a".into(),
            text: "A".into(),
            html: None,
        };
        let data = PageTemplate {
            page: Page {
                summary: &summary,
                content: "<p>x</p>",
                headings: vec![heading_value(&heading)],
                toc: Vec::new(),
                references: Vec::new(),
                citations_lang: "en",
                related: Vec::new(),
                json_ld: "{}".into(),
                extra: &extra,
                source: "content/t.md".into(),
                review: None,
                content_note: Some("n"),
                content_note_html: None,
            },
        };
        let made = tera::Context::from_serialize(&data).unwrap_or_else(|e| panic!("{e}"));
        let put = data.context().unwrap_or_else(|e| panic!("{e}"));
        assert!(put == made);
        assert!(put.get("page").is_some_and(|page| page.is_map()));
    }

    /// A file's placement inserted field by field gives the variables a context made from the
    /// struct had: the same names (those not set left out) and the same values.
    #[test]
    fn placement_inserted_field_by_field_is_the_struct_as_a_context() {
        let placement =
            |canonical: Option<String>, inline_styles: Option<&'static str>| Placement {
                root: "../../".into(),
                current_url: "a/b/",
                lang: "mi",
                lang_prefix: "mi/",
                translations: vec![Translation {
                    code: "mi",
                    og_locale: "mi_NZ".into(),
                    name: "Te reo Māori",
                    url: "mi/a/b/".into(),
                    absolute_url: "https://example.org/mi/a/b/".into(),
                    current: true,
                }],
                canonical,
                inline_styles,
            };
        for (canonical, inline_styles) in [
            (Some("https://example.org/a/b/".to_string()), None),
            (None, Some("body { color: <red> & }")),
        ] {
            let names = keys(&placement(canonical.clone(), inline_styles));
            let made = tera::Context::from_serialize(&placement(canonical.clone(), inline_styles))
                .unwrap_or_else(|e| panic!("{e}"));
            let mut inserted = tera::Context::new();
            placement(canonical, inline_styles)
                .insert_into(&mut inserted)
                .unwrap_or_else(|e| panic!("{e}"));
            for name in [
                "root",
                "current_url",
                "lang",
                "lang_prefix",
                "translations",
                "canonical",
                "inline_styles",
            ] {
                assert_eq!(
                    inserted.contains_key(name),
                    names.iter().any(|n| n == name),
                    "{name}"
                );
                let (a, b) = (inserted.get(name), made.get(name));
                assert_eq!(a, b, "{name}");
                assert_eq!(
                    a.map(tera::Value::is_safe),
                    b.map(tera::Value::is_safe),
                    "{name}"
                );
            }
        }
    }
}
