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
    let related = most_shared(seen.iter().map(|&p| (counts[p], p)), RELATED);
    for &p in seen.iter() {
        counts[p] = 0;
    }
    seen.clear();
    related
}

/// The first `n` pages of `shared` (each with its count, in the order first seen) by count,
/// most first; among equal counts, the order first seen. Kept in one pass, each page compared
/// with the `n` best so far: a page looks at hundreds and keeps three, and selecting them from
/// all it saw (`select_nth_unstable`) was 1.6% of a 10,000-page build.
fn most_shared(shared: impl Iterator<Item = (u32, usize)>, n: usize) -> Vec<usize> {
    // Best first; a page enters only with a count above one kept, so among equal counts the
    // one seen first stays ahead.
    let mut best: Vec<(u32, usize)> = Vec::with_capacity(n);
    for (count, p) in shared {
        if best.len() == n && best.last().is_none_or(|&(last, _)| count <= last) {
            continue;
        }
        let at = best.partition_point(|&(kept, _)| kept >= count);
        if best.len() == n {
            best.pop();
        }
        best.insert(at, (count, p));
    }
    best.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: every page sorted by count, stably, then the first `n`.
    fn sorted(shared: &[(u32, usize)], n: usize) -> Vec<usize> {
        let mut all = shared.to_vec();
        all.sort_by_key(|&(count, _)| std::cmp::Reverse(count));
        all.iter().take(n).map(|&(_, p)| p).collect()
    }

    #[test]
    fn the_most_shared_come_first_and_ties_keep_the_order_seen() {
        assert_eq!(
            most_shared([(1, 7), (2, 3), (1, 9), (2, 5)].into_iter(), 3),
            [3, 5, 7]
        );
        assert_eq!(most_shared([(1, 4)].into_iter(), 3), [4]);
        assert!(most_shared(std::iter::empty(), 3).is_empty());
        // Against the reference, on lists of every length up to 40 with counts 1 to 4.
        let mut state = 0x2545_f491_u64;
        for len in 0..40 {
            let shared: Vec<(u32, usize)> = (0..len)
                .map(|p| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    ((state >> 60) as u32 % 4 + 1, p * 10)
                })
                .collect();
            for n in [0, 1, 3, 5] {
                assert_eq!(
                    most_shared(shared.iter().copied(), n),
                    sorted(&shared, n),
                    "{shared:?}, {n}"
                );
            }
        }
    }
}
