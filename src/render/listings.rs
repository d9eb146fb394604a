//! Listing pages: the home page's and each category's list of pages, split into pages of
//! `paginate_by` with links between them.

use crate::render::template_data::{Category, PageSummary, Pagination, PaginationLink};
use crate::site::Site;

/// A list of pages shown across listing pages: the home page's, or a category's.
pub struct Listing<'a> {
    pub template: &'static str,
    /// The first listing page's URL; the others add `page/N/`.
    pub base: &'a str,
    /// The category, for `category.html`.
    pub category: Option<&'a Category<'a>>,
    pub pages: Vec<&'a PageSummary<'a>>,
    /// For a home page on a site with `languages`: its language (an index into them).
    pub home_language: Option<usize>,
}

/// One listing page to render.
pub struct ListingPage<'a> {
    pub template: &'static str,
    pub url: String,
    pub category: Option<&'a Category<'a>>,
    /// This listing page's share of the pages.
    pub pages: &'a [&'a PageSummary<'a>],
    pub pagination: Pagination,
    /// For a home page on a site with `languages` (each of its pages): its language.
    pub home_language: Option<usize>,
}

/// The home page's listing, then each category's (`categories` and `summaries` in the site's
/// order).
pub fn listings<'a>(
    site: &'a Site,
    categories: &'a [Category<'a>],
    summaries: &'a [PageSummary<'a>],
) -> Vec<Listing<'a>> {
    let languages = &site.config.languages;
    let mut listings = vec![Listing {
        template: "index.html",
        base: "",
        category: None,
        pages: site.home.iter().map(|&p| &summaries[p]).collect(),
        home_language: (!languages.is_empty()).then_some(0),
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
            pages: home.iter().map(|&p| &summaries[p]).collect(),
            home_language: Some(index + 1),
        });
    }
    for (category, data) in site.categories.iter().zip(categories) {
        listings.push(Listing {
            template: "category.html",
            base: &category.url,
            category: Some(data),
            pages: category.pages.iter().map(|&p| &summaries[p]).collect(),
            home_language: None,
        });
    }
    listings
}

/// Every listing page of `listings`, `per_page` pages each (at least one listing page each).
pub fn listing_pages<'a>(listings: &'a [Listing<'a>], per_page: usize) -> Vec<ListingPage<'a>> {
    let mut out = Vec::new();
    for listing in listings {
        let pages = &listing.pages;
        let total = pages.len().div_ceil(per_page).max(1);
        for number in 1..=total {
            let start = (number - 1) * per_page;
            out.push(ListingPage {
                template: listing.template,
                url: listing_url(listing.base, number),
                category: listing.category,
                pages: &pages[start.min(pages.len())..(start + per_page).min(pages.len())],
                pagination: pagination(listing.base, number, total),
                home_language: listing.home_language,
            });
        }
    }
    out
}

/// Listing pages linked on either side of the current one (plus the first and the last): a
/// 50,000-page site has 2,500 home listing pages, and linking all from each is 6 million links.
const PAGINATION_WINDOW: usize = 2;

/// `base` for the first page of a listing, `base` + `page/N/` for the others.
fn listing_url(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
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
