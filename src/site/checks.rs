//! Checks of links across pages: `#anchors` that exist on the page they point to. Warnings in
//! `build`; `check` makes them errors. (Images are checked in `images`.)

use std::collections::{HashMap, HashSet};

use crate::content::SourcePage;
use crate::site::ids::FOOTNOTES_ID;
use crate::site::markdown::Rendered;
use crate::site::references::{FrontMatterReference, keys_of_page};
use crate::support::diagnostic::{Code, Diagnostic, closest};

/// The id the default theme gives a page's reference list (`page.html`).
const REFERENCE_LIST_ID: &str = "references";

/// Links to `#anchors` that no heading, footnote, reference or theme element of the target
/// page has. Warnings here; `check` makes them errors.
pub fn anchors(
    sources: &[SourcePage],
    rendered: &[Rendered],
    named: &[Vec<FrontMatterReference>],
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
            // The theme's reference list (`id="references"`) is written only on a page that
            // has one: a link to it from a page without is a link to nothing.
            let has_list = keys_of_page(out, refs).next().is_some();
            let theme = theme_ids
                .iter()
                .filter(|id| has_list || id.as_str() != REFERENCE_LIST_ID);
            let mut ids: HashSet<String> = out
                .headings
                .iter()
                .map(|h| h.id.clone())
                .chain(out.ids.iter().cloned())
                .chain(theme.cloned())
                .chain([FOOTNOTES_ID.to_string()])
                // Browsers scroll to the top for `#top` even without such an id.
                .chain(["top".to_string()])
                .collect();
            ids.extend(
                keys_of_page(out, refs)
                    .map(|key| format!("ref-{}", crate::support::urls::key_id(key))),
            );
            ids
        })
        .collect();
    for (page, out) in sources.iter().zip(rendered) {
        let mut found = Vec::new();
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
            let hint = match closest(&link.fragment, heading_ids.iter().copied()) {
                Some(near) => format!("did you mean `#{near}`?"),
                None if heading_ids.is_empty() => format!("{which} has no headings to link to"),
                None => format!(
                    "the headings of {which} have these ids: {}",
                    heading_ids.join(", ")
                ),
            };
            found.push((
                Diagnostic::warning(
                    Code::BrokenAnchor,
                    format!(
                        "this links to `#{}`, but {which} has no such heading or anchor",
                        link.fragment
                    ),
                )
                .with_hint(hint),
                link.offset,
            ));
        }
        warnings.extend(page.diagnostics_in_body(found));
        warnings.extend(not_shown(
            page,
            reported,
            "warnings about links to anchors",
            Diagnostic::warning,
        ));
    }
}

/// At most this many problems of one kind are reported for a page; the rest are counted in one
/// more message. (A broken or hostile page can have hundreds of thousands, and nobody reads
/// past the first screenful.)
pub const MAX_REPORTED_PER_PAGE: usize = 100;

/// The message (made by `new`: an error or a warning, as the problems it counts) that stands
/// for the problems of a page beyond [`MAX_REPORTED_PER_PAGE`].
pub fn not_shown(
    page: &SourcePage,
    found: usize,
    what: &str,
    new: fn(Code, String) -> Diagnostic,
) -> Option<Diagnostic> {
    let more = found
        .checked_sub(MAX_REPORTED_PER_PAGE)
        .filter(|n| *n > 0)?;
    let message = format!(
        "{more} more of this page's {what} are not shown (the first {MAX_REPORTED_PER_PAGE} are)"
    );
    Some(
        new(Code::TooMany, message)
            .standing_for(more)
            .in_file(&page.path),
    )
}
