//! Listing pages: the home page's and each category's list of pages, split into pages of
//! `paginate_by` with links between them.

use crate::render::template_data::{Category, Pagination, PaginationLink, SummaryValues};
use crate::site::{self as model, Site};

/// A list of pages shown across listing pages: the home page's, or a category's.
pub struct Listing<'a> {
    pub template: &'static str,
    /// The first listing page's URL; the others add `page/N/`.
    pub base: &'a str,
    /// The category, for `category.html`, as the listing's language names it.
    pub category: Option<&'a Category<'a>>,
    /// The category in the site model, for its versions in the other languages.
    pub model_category: Option<&'a model::Category>,
    /// The pages' summaries as template values (see [`crate::render::template_data::PageSummary::value`]).
    pub pages: Vec<&'a tera::Value>,
    /// On a site with `languages`: the listing's language (an index into them).
    pub language: Option<usize>,
    /// How many of `pages` are not drafts: the listing pages a build without `--drafts`
    /// has, which alone go in the sitemap.
    pub published_count: usize,
}

/// One listing page to render.
pub struct ListingPage<'a> {
    pub template: &'static str,
    pub url: String,
    pub category: Option<&'a Category<'a>>,
    pub model_category: Option<&'a model::Category>,
    /// This listing page's share of the pages.
    pub pages: &'a [&'a tera::Value],
    pub pagination: Pagination,
    /// On a site with `languages`: the listing's language.
    pub language: Option<usize>,
    /// Whether a build without `--drafts` has this listing page too (it is then in the
    /// sitemap): a category of drafts only, or a listing page past the published pages'
    /// last, exists only in a preview.
    pub published: bool,
}

/// The home page's listing, then each category's; on a site with `languages`, each
/// language's home and categories, under its prefix. `categories[l]` are the categories as
/// language `l` names them (one list on a site without `languages`); `summaries` are the
/// pages' summaries as template values, in the site's order.
pub fn listings<'a>(
    site: &'a Site,
    categories: &'a [Vec<Category<'a>>],
    summaries: &'a SummaryValues<'a>,
) -> Vec<Listing<'a>> {
    let languages = &site.config.languages;
    let multilingual = !languages.is_empty();
    let mut listings = vec![Listing {
        template: "index.html",
        base: "",
        category: None,
        model_category: None,
        pages: site.home.iter().map(|&p| summaries.get(p)).collect(),
        language: multilingual.then_some(0),
        published_count: published_count_on_home(site, &site.home, 0),
    }];
    // Each other language's home, under its prefix.
    for (index, (language, home)) in languages
        .iter()
        .skip(1)
        .zip(&site.language_homes)
        .enumerate()
    {
        listings.push(Listing {
            template: "index.html",
            base: &language.prefix,
            category: None,
            model_category: None,
            pages: home.iter().map(|&p| summaries.get(p)).collect(),
            language: Some(index + 1),
            published_count: published_count_on_home(site, home, index + 1),
        });
    }
    for (language, named) in categories.iter().enumerate() {
        for (category, data) in site.categories.iter().zip(named) {
            let pages = category
                .languages
                .get(language)
                .map_or(&category.pages, |version| &version.pages);
            // A category with no page in this language (its pages' versions in it are filed
            // elsewhere) gets no page in it.
            if pages.is_empty() {
                continue;
            }
            listings.push(Listing {
                template: "category.html",
                base: data.url,
                category: Some(data),
                model_category: Some(category),
                pages: pages.iter().map(|&p| summaries.get(p)).collect(),
                language: multilingual.then_some(language),
                published_count: category.published_pages(&site.pages, language).len(),
            });
        }
    }
    listings
}

/// How many pages a home of the language at `language` (0 on a site without `languages`)
/// lists in a build without `--drafts`: `home` less its drafts, each draft counted when a
/// published version stands in for it there.
fn published_count_on_home(site: &Site, home: &[usize], language: usize) -> usize {
    home.iter()
        .filter(|&&p| {
            crate::site::translations::published_version(&site.pages, p, language).is_some()
        })
        .count()
}

/// Every listing page of `listings`, `per_page` pages each (at least one listing page each),
/// in order. Made in parallel: one after another, their links (a dozen strings a listing
/// page) kept a core idle.
pub fn listing_pages<'a>(listings: &'a [Listing<'a>], per_page: usize) -> Vec<ListingPage<'a>> {
    use rayon::prelude::*;
    listings
        .par_iter()
        .flat_map(|listing| {
            let pages = &listing.pages;
            let total = pages.len().div_ceil(per_page).max(1);
            // A home is there without pages; a category only with a page.
            let published_total = match listing.category {
                Some(_) => listing.published_count.div_ceil(per_page),
                None => listing.published_count.div_ceil(per_page).max(1),
            };
            (1..=total).into_par_iter().map(move |number| {
                let start = (number - 1) * per_page;
                ListingPage {
                    template: listing.template,
                    url: listing_url(listing.base, number),
                    category: listing.category,
                    model_category: listing.model_category,
                    pages: &pages[start.min(pages.len())..(start + per_page).min(pages.len())],
                    pagination: pagination(listing.base, number, total),
                    language: listing.language,
                    published: number <= published_total,
                }
            })
        })
        .collect()
}

/// Listing pages linked on either side of the current one (plus the first and the last): a
/// 50,000-page site has 2,500 home listing pages, and linking all from each is 6 million links.
const PAGINATION_WINDOW: usize = 2;

/// `base` for the first page of a listing, `base` + `page/N/` for the others.
fn listing_url(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        // Joined by hand: `format!` cost several times the copying, a dozen links a page.
        let number = number.to_string();
        let mut url = String::with_capacity(base.len() + "page//".len() + number.len());
        url.push_str(base);
        url.push_str("page/");
        url.push_str(&number);
        url.push('/');
        url
    }
}

fn pagination(base: &str, current: usize, total: usize) -> Pagination {
    Pagination {
        current,
        total,
        first: listing_url(base, 1),
        prev: (current > 1).then(|| listing_url(base, current - 1)),
        next: (current < total).then(|| listing_url(base, current + 1)),
        pages: {
            let near = current.saturating_sub(PAGINATION_WINDOW).max(1)
                ..=(current + PAGINATION_WINDOW).min(total);
            let mut numbers: Vec<usize> = std::iter::once(1)
                .chain(near)
                .chain(std::iter::once(total))
                .collect();
            numbers.dedup();
            let mut previous = 0;
            numbers
                .into_iter()
                .map(|number| {
                    let link = PaginationLink {
                        number,
                        url: listing_url(base, number),
                        current: number == current,
                        gap_before: number > previous + 1,
                    };
                    previous = number;
                    link
                })
                .collect()
        },
    }
}
