//! What templates receive: plain serialisable structs, made from the site model. This is the
//! contract `docs/templates.md` documents, type by type and field by field; a test below
//! compares the two, so a field added or renamed without its documentation fails.

use serde::Serialize;

use crate::config::Banner;
use crate::content;
use crate::site::markdown::Heading;
use crate::site::{self as model, ReferenceEntry};

/// `site`, in every template.
#[derive(Serialize)]
pub struct Site<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub base_url: Option<&'a str>,
    pub banner: Option<&'a Banner>,
    pub extra: &'a serde_json::Value,
    pub page_count: usize,
    pub work_count: usize,
}

/// A page or category named in a list: `{name, url}`.
#[derive(Serialize, Clone)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

/// An item of `categories`, and `category` in `category.html`.
#[derive(Serialize)]
pub struct Category<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
    pub description: Option<&'a str>,
    pub count: usize,
}

/// `date` and `updated`.
#[derive(Serialize)]
pub struct Date {
    /// `2024-03-09`, for `<time datetime>`.
    pub iso: String,
    /// `9 March 2024`.
    pub display: String,
}

/// An item of `pages` in `index.html` and `category.html` (and of `page.related`).
#[derive(Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub weight: Option<i64>,
    pub categories: Vec<Link<'a>>,
    /// Minutes, at 200 words a minute (at least 1).
    pub reading_time: usize,
}

/// An item of `page.references`.
#[derive(Serialize)]
pub struct Reference<'a> {
    /// The anchor in-text citations point to (`ref-bowlby1973`), if the entry is a work.
    pub id: Option<String>,
    pub key: Option<&'a str>,
    pub html: &'a str,
}

/// `page` in `page.html`: every [`PageSummary`] field, and these.
#[derive(Serialize)]
pub struct Page<'a> {
    #[serde(flatten)]
    pub summary: &'a PageSummary<'a>,
    pub content: &'a str,
    pub headings: &'a [Heading],
    /// The headings worth a table of contents (levels 2 and 3), when there are three or more.
    pub toc: Vec<&'a Heading>,
    pub references: Vec<Reference<'a>>,
    pub related: Vec<&'a PageSummary<'a>>,
    /// schema.org `Article` as JSON, safe to print inside `<script>` with `| safe`.
    pub json_ld: String,
    pub extra: &'a serde_json::Value,
    pub source: String,
    pub draft: bool,
}

/// An item of `works` and `further_reading`.
#[derive(Serialize)]
pub struct Work<'a> {
    pub key: &'a str,
    pub html: &'a str,
    pub cited_in: Vec<Link<'a>>,
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
    /// Not set on the 404 page, which is served at any address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
}

/// `page.html`'s own variables.
#[derive(Serialize)]
pub struct PageTemplate<'a> {
    pub page: Page<'a>,
}

/// The variables of `index.html` and `category.html`: one listing page.
#[derive(Serialize)]
pub struct ListingTemplate<'a> {
    pub pages: &'a [&'a PageSummary<'a>],
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
                description: config.description.as_deref(),
                language: &config.language,
                base_url: config.base_url.as_deref(),
                banner: config.banner.as_ref(),
                extra: &config.extra,
                page_count: site.pages.len(),
                work_count: site.bibliography.works.len(),
            },
            categories: site
                .categories
                .iter()
                .map(|c| Category {
                    name: &c.name,
                    slug: &c.slug,
                    url: &c.url,
                    description: c.description.as_deref(),
                    count: c.pages.len(),
                })
                .collect(),
        }
    }
}

impl Date {
    pub fn new(date: Option<content::Date>) -> Option<Date> {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        date.map(|d| Date {
            iso: d.to_string(),
            display: format!(
                "{} {} {}",
                d.day,
                MONTHS[usize::from(d.month.clamp(1, 12)) - 1],
                d.year
            ),
        })
    }
}

impl<'a> PageSummary<'a> {
    /// Every page's summary, in the site's order.
    pub fn all(site: &'a model::Site) -> Vec<PageSummary<'a>> {
        site.pages
            .iter()
            .map(|p| PageSummary {
                title: &p.title,
                url: &p.url,
                description: p.description.as_deref(),
                date: Date::new(p.date),
                updated: Date::new(p.updated),
                weight: p.weight,
                categories: p
                    .categories
                    .iter()
                    .map(|&c| Link {
                        name: &site.categories[c].name,
                        url: &site.categories[c].url,
                    })
                    .collect(),
                reading_time: p.word_count.div_ceil(200).max(1),
            })
            .collect()
    }
}

impl<'a> Page<'a> {
    /// `page` for the page `page` of `site`, whose summary is `summaries[index]`.
    pub fn new(
        site: &'a model::Site,
        page: &'a model::Page,
        summary: &'a PageSummary<'a>,
        summaries: &'a [PageSummary<'a>],
    ) -> Page<'a> {
        let toc: Vec<&Heading> = page
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .collect();
        Page {
            summary,
            content: &page.content,
            headings: &page.headings,
            toc: if toc.len() >= 3 { toc } else { Vec::new() },
            references: page
                .references
                .iter()
                .map(|r| Reference::new(site, r))
                .collect(),
            related: page.related.iter().map(|&p| &summaries[p]).collect(),
            json_ld: super::json_ld::article(site, page),
            extra: &page.extra,
            source: page.source.display().to_string(),
            draft: page.draft,
        }
    }
}

impl<'a> Reference<'a> {
    fn new(site: &'a model::Site, entry: &'a ReferenceEntry) -> Reference<'a> {
        match entry {
            ReferenceEntry::Work(i) => {
                let work = &site.bibliography.works[*i];
                Reference {
                    id: Some(format!("ref-{}", work.key)),
                    key: Some(&work.key),
                    html: &work.html,
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
    pub fn new(site: &'a model::Site) -> BibliographyTemplate<'a> {
        let works = |works: &'a [crate::bibliography::FormattedWork]| -> Vec<Work<'a>> {
            works
                .iter()
                .map(|w| Work {
                    key: &w.key,
                    html: &w.html,
                    cited_in: w
                        .cited_in
                        .iter()
                        .map(|&p| Link {
                            name: &site.pages[p].title,
                            url: &site.pages[p].url,
                        })
                        .collect(),
                })
                .collect()
        };
        BibliographyTemplate {
            works: works(&site.bibliography.works),
            further_reading: if site.config.bibliography.show_uncited {
                works(&site.bibliography.uncited)
            } else {
                Vec::new()
            },
        }
    }
}
