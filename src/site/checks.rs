//! Checks of links and images across pages: `#anchors` that exist on the page they point to,
//! images that exist among the static files and have alt text. Warnings in `build`; `check`
//! makes missing anchors and images errors.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::content::{CONTENT_DIR, SourcePage};
use crate::site::ids::FOOTNOTES_ID;
use crate::site::markdown::Rendered;
use crate::site::references::{FrontMatterReference, keys_of_page};
use crate::support::diagnostic::{Code, Diagnostic, LineIndex, closest};
use crate::support::urls;

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
            let mut ids: HashSet<String> = out
                .headings
                .iter()
                .map(|h| h.id.clone())
                .chain(out.ids.iter().cloned())
                .chain(theme_ids.iter().cloned())
                .chain([FOOTNOTES_ID.to_string()])
                // Browsers scroll to the top for `#top` even without such an id.
                .chain(["top".to_string()])
                .collect();
            ids.extend(keys_of_page(out, refs).map(|key| format!("ref-{key}")));
            ids
        })
        .collect();
    for (page, out) in sources.iter().zip(rendered) {
        let lines = LineIndex::new(&page.body);
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
            warnings.push(
                page.diagnostic_at_offset(
                    &lines,
                    Diagnostic::warning(
                        Code::BrokenAnchor,
                        format!(
                            "this links to `#{}`, but {which} has no such heading or anchor",
                            link.fragment
                        ),
                    )
                    .with_hint(hint),
                    link.offset,
                ),
            );
        }
        warnings.extend(not_shown(page, reported, "warnings about links to anchors"));
    }
}

/// Images must exist (a file from `static/` or the theme, at the path the browser will ask
/// for) and should have alt text. Missing images are warnings here; `check` makes them errors.
pub fn images(
    config: &Config,
    sources: &[SourcePage],
    page_urls: &[String],
    rendered: &[Rendered],
    static_files: &HashSet<String>,
    warnings: &mut Vec<Diagnostic>,
) {
    for ((page, url), out) in sources.iter().zip(page_urls).zip(rendered) {
        if out.images.is_empty() {
            continue;
        }
        let lines = LineIndex::new(&page.body);
        let mut reported = 0;
        for image in &out.images {
            if image.alt.trim().is_empty() {
                reported += 1;
            }
            if image.alt.trim().is_empty() && reported <= MAX_REPORTED_PER_PAGE {
                warnings.push(page.diagnostic_at_offset(
                    &lines,
                    Diagnostic::warning(Code::MissingAlt, format!("the image `{}` has no alt text", image.dest))
                        .with_hint("describe the image between the brackets, `![A family walking on a beach](...)`, for people who cannot see it"),
                    image.offset,
                ));
            }
            let dest = image.dest.trim();
            let lower = dest.to_ascii_lowercase();
            if dest.is_empty()
                || lower.contains("://")
                || lower.starts_with("data:")
                || dest.starts_with("//")
            {
                continue;
            }
            let path = dest.split(['#', '?']).next().unwrap_or(dest);
            let path = urls::percent_decode(path);
            let resolved = resolve_in_output(url, &path);
            if resolved.as_ref().is_some_and(|r| static_files.contains(r)) {
                continue;
            }
            reported += 1;
            if reported > MAX_REPORTED_PER_PAGE {
                continue;
            }
            let hint = missing_image_hint(config, page, url, &path, static_files);
            let shown = resolved.map_or_else(
                || "a path outside the site".to_string(),
                |r| format!("`{r}`"),
            );
            warnings.push(page.diagnostic_at_offset(
                &lines,
                Diagnostic::warning(
                    Code::MissingImage,
                    format!("the image `{dest}` does not exist: from this page it leads to {shown}, which is not a file of the site"),
                )
                .with_hint(hint),
                image.offset,
            ));
        }
        warnings.extend(not_shown(page, reported, "warnings about images"));
    }
}

/// Where the missing image at `path` (written in `page`, at `url`) may be: a static file of
/// that name, or a file beside the page's source (which is not copied).
fn missing_image_hint(
    config: &Config,
    page: &SourcePage,
    url: &str,
    path: &str,
    static_files: &HashSet<String>,
) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let tail = path.trim_start_matches(['.', '/']);
    let mut candidates: Vec<&String> = static_files
        .iter()
        .filter(|f| f.as_str() == tail || f.rsplit('/').next() == Some(name))
        .collect();
    candidates.sort_by_key(|f| (f.as_str() != tail, f.len(), (*f).clone()));
    let beside_source = urls::resolve_source_path(&page.rel_path, path)
        .map(|rel| format!("{}/{rel}", CONTENT_DIR))
        .filter(|rel| config.root.join(rel).is_file());
    match (candidates.first(), beside_source) {
        (Some(found), _) => format!(
            "static/{found} exists: from this page write `{}` (image paths are relative to the page's URL, {url})",
            urls::relative(url, found)
        ),
        (None, Some(source)) => format!(
            "{source} exists, but files in content/ are not copied into the site: move it under static/ (static/images/{name}) and write `{}`",
            urls::relative(url, &format!("images/{name}"))
        ),
        (None, None) => format!(
            "put the image under static/ (static/images/{name}) and write `{}`",
            urls::relative(url, &format!("images/{name}"))
        ),
    }
}

/// At most this many problems of one kind are reported for a page; the rest are counted in one
/// more message. (A broken or hostile page can have hundreds of thousands, and nobody reads
/// past the first screenful.)
pub const MAX_REPORTED_PER_PAGE: usize = 100;

/// The message that stands for the problems of a page beyond [`MAX_REPORTED_PER_PAGE`].
pub fn not_shown(page: &SourcePage, found: usize, what: &str) -> Option<Diagnostic> {
    let more = found
        .checked_sub(MAX_REPORTED_PER_PAGE)
        .filter(|n| *n > 0)?;
    let message = format!(
        "{more} more of this page's {what} are not shown (the first {MAX_REPORTED_PER_PAGE} are)"
    );
    let d = if what == "errors" {
        Diagnostic::error(Code::TooMany, message)
    } else {
        Diagnostic::warning(Code::TooMany, message)
    };
    Some(d.in_file(&page.path))
}

/// Where `path`, written in the page at site-relative `url`, leads in the output: a
/// site-relative file path, or `None` when it climbs out of the site.
fn resolve_in_output(url: &str, path: &str) -> Option<String> {
    let folder: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        url.split('/').filter(|s| !s.is_empty()).collect()
    };
    urls::join_path(folder, path)
}
