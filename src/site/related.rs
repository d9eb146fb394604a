//! Related pages: for each page, the few that share the most categories with it, in its own
//! language where they have a version in it, never its own translations.

use rayon::prelude::*;

use crate::site::{Category, Page};

/// How many related pages a page lists.
pub const RELATED: usize = 3;
/// How far down each of its categories' lists a page looks for related pages. Bounds the work
/// to pages × categories × this, instead of pages × pages.
const RELATED_SCAN: usize = 200;

/// Gives every page its related pages (indices into `pages`).
pub fn fill(pages: &mut [Page], categories: &[Category]) {
    let view: &[Page] = pages;
    let related: Vec<Vec<usize>> = (0..view.len())
        .into_par_iter()
        .map_init(
            || (Vec::new(), Vec::new()),
            |scratch, p| related_pages(p, view, categories, scratch),
        )
        .collect();
    for (page, related) in pages.iter_mut().zip(related) {
        page.related = related;
    }
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
    let this = &pages[page];
    for &category in &this.categories {
        // On a site with languages, the category's pages in this page's language (each page
        // once, in the version a reader of that language is shown).
        let category = &categories[category];
        let listed = category
            .languages
            .get(this.language)
            .map_or(&category.pages, |in_language| &in_language.pages);
        for &other in listed.iter().take(RELATED_SCAN) {
            // Not the page itself, nor one of its own translations.
            if other != page && !this.translations.contains(&other) {
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
    // Not `shared.into_iter()…collect()`: that reuses `shared`'s buffer, and every page would
    // keep room for all the pages it looked at (60 MB at 10,000 pages).
    let mut related = Vec::with_capacity(RELATED.min(shared.len()));
    related.extend(shared.iter().take(RELATED).map(|&(_, p)| p));
    related
}
