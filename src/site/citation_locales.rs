//! Citations in a page's own language: a page in another language than the site's (a
//! translation, or `lang: de`) has its in-text citations and reference list in that
//! language's CSL locale when hayagriva has one ("o. J.", "Abgerufen" in German), else in the
//! site's. Each such language formats its pages' citations and every cited work once more, so
//! year letters and numbers stay the site's; pages in the site's language are untouched.

use std::collections::{BTreeMap, HashMap};

use crate::bibliography::{self, FormattedBibliography};
use crate::citation::Citation;
use crate::content::SourcePage;
use crate::site::Input;
use crate::site::markdown::Rendered;
use crate::site::references::{self, FrontMatterReference};
use crate::support::diagnostic::Diagnostic;

/// The cited works formatted in one language's locale.
#[derive(Debug, Clone)]
pub struct LocalizedWorks {
    /// The language tag of the pages that use it, lowercased (`de`).
    pub lang: String,
    /// Each work's HTML, in the order of [`FormattedBibliography::works`].
    pub works: Vec<String>,
}

impl LocalizedWorks {
    /// The works in `lang`'s locale among `all`, when it has its own.
    pub fn find<'a>(all: &'a [LocalizedWorks], lang: Option<&str>) -> Option<&'a LocalizedWorks> {
        let lang = lang?;
        all.iter().find(|l| l.lang.eq_ignore_ascii_case(lang))
    }
}

/// The language citations and cited works are written in on a file in `lang` (none: the
/// site's): `lang` where its language has its own locale's works, else the site's locale's.
pub fn text_language<'a>(site: &'a crate::site::Site, lang: Option<&'a str>) -> &'a str {
    LocalizedWorks::find(&site.localized_works, lang)
        .and(lang)
        .unwrap_or(&site.citations_language)
}

/// Formats again, in its language's locale, the citations of every page whose language has
/// one: their HTML is added to `formatted`'s citations and the pages' placeholders pointed at
/// them. Gives each such language's works.
pub fn localize(
    sources: &[SourcePage],
    (rendered, named): (&[Rendered], &[Vec<FrontMatterReference>]),
    input: &Input,
    formatted: &mut references::Formatted,
) -> Result<Vec<LocalizedWorks>, Vec<Diagnostic>> {
    let site_language = &input.config.language;
    let mut by_language: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, page) in sources.iter().enumerate() {
        let Some(lang) = page.front.lang.as_deref() else {
            continue;
        };
        let cites = !rendered[index].citations.is_empty() || !named[index].is_empty();
        if cites && !lang.eq_ignore_ascii_case(site_language) {
            by_language
                .entry(lang.to_ascii_lowercase())
                .or_default()
                .push(index);
        }
    }
    if by_language.is_empty() {
        return Ok(Vec::new());
    }
    let cited_by = references::cited_by(rendered, named);
    let show_uncited = input.config.bibliography.show_uncited;
    let mut localized = Vec::new();
    for (lang, pages) in by_language {
        let Some(style) = input.style.in_language(&lang) else {
            continue;
        };
        let (citations, page_ids) = distinct_citations(rendered, &pages);
        let own = bibliography::format(input.library, &style, &citations, &cited_by, show_uncited)
            .map_err(|d| vec![d])?;
        let bibliography = &mut formatted.bibliography;
        let offset = bibliography.citations.len();
        for (&page, ids) in pages.iter().zip(page_ids) {
            formatted.page_citations[page] = ids.into_iter().map(|id| id + offset).collect();
        }
        bibliography.citations.extend(own.citations.iter().cloned());
        localized.push(LocalizedWorks {
            lang,
            works: aligned(bibliography, &own),
        });
    }
    Ok(localized)
}

/// The distinct citations of `pages`, and each page's placeholders as indices into them.
fn distinct_citations<'a>(
    rendered: &'a [Rendered],
    pages: &[usize],
) -> (Vec<&'a Citation>, Vec<Vec<usize>>) {
    let mut distinct: HashMap<&Citation, usize> = HashMap::new();
    let mut citations: Vec<&Citation> = Vec::new();
    let ids = pages
        .iter()
        .map(|&page| {
            rendered[page]
                .citations
                .iter()
                .map(|citation| {
                    *distinct.entry(citation).or_insert_with(|| {
                        citations.push(citation);
                        citations.len() - 1
                    })
                })
                .collect()
        })
        .collect();
    (citations, ids)
}

/// `own`'s HTML of each of `site`'s works, in `site`'s order (a locale may sort differently).
fn aligned(site: &FormattedBibliography, own: &FormattedBibliography) -> Vec<String> {
    let html: HashMap<&str, &str> = own
        .works
        .iter()
        .map(|w| (w.key.as_str(), w.html.as_str()))
        .collect();
    site.works
        .iter()
        .map(|w| {
            html.get(w.key.as_str())
                .unwrap_or(&w.html.as_str())
                .to_string()
        })
        .collect()
}
