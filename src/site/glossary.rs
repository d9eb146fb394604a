//! The glossary in the pages: every occurrence of a term in a page's running text marked with
//! its language (`<span lang="mi">`), the first on the page linked to its entry on the
//! glossary page, and a word that misses a term's macrons warned about at its line. Also which
//! pages use each term, for the glossary page's "Used in" links.

use pulldown_cmark::{CowStr, Event};

use crate::content::glossary::{Glossary, Term};
use crate::site::Page;
use crate::site::markdown::{Problem, Warnings};
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::escape;

/// The glossary page's site-relative URL.
pub const URL: &str = "glossary/";

/// A term of the glossary, and the pages that use it (indices into the site's pages, newest
/// first).
#[derive(Debug, Clone)]
pub struct Entry {
    pub term: Term,
    pub used_in: Vec<usize>,
}

/// The glossary's terms, in its order, each with the pages that use it: one pass over the
/// pages' lists of terms.
pub fn entries(glossary: &Glossary, pages: &[Page]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = glossary
        .terms
        .iter()
        .map(|term| Entry {
            term: term.clone(),
            used_in: Vec::new(),
        })
        .collect();
    for (index, page) in pages.iter().enumerate() {
        for &term in &page.glossary_terms {
            if let Some(entry) = entries.get_mut(term) {
                entry.used_in.push(index);
            }
        }
    }
    entries
}

/// What marking a page's text needs to know and remembers.
pub struct Marker<'g> {
    pub glossary: &'g Glossary,
    /// From the page to the site root (`../../`), for the link to the glossary page.
    pub root: String,
    /// The terms linked so far (the first use of each in running text is linked). Fx-hashed:
    /// each term found is looked up in both, and SipHash cost more than the rest of marking.
    linked: rustc_hash::FxHashSet<usize>,
    /// The terms used so far.
    seen: rustc_hash::FxHashSet<usize>,
    /// The terms the page uses, in order of first use.
    pub used: Vec<usize>,
    /// The page's language: its terms in that language are not marked with it again.
    page_lang: String,
    /// Each language's `<span lang>` made so far ([`Self::span_opening`]), by language: a
    /// list looked through for every term made a page using thousands of languages quadratic.
    span_openings: rustc_hash::FxHashMap<String, CowStr<'static>>,
}

/// Where a piece of text stands: may its first use of a term be linked, and where it is in the
/// Markdown (for a warning's place).
pub struct TextPlace<'m> {
    pub markdown: &'m str,
    pub range: std::ops::Range<usize>,
    /// False in headings: a link there would be a link inside the table of contents' target.
    pub may_link: bool,
}

impl<'g> Marker<'g> {
    pub fn new(glossary: &'g Glossary, page_url: &str, page_lang: &str) -> Marker<'g> {
        Marker {
            page_lang: page_lang.to_string(),
            glossary,
            root: crate::support::urls::root_prefix(page_url),
            linked: Default::default(),
            seen: Default::default(),
            used: Vec::new(),
            span_openings: Default::default(),
        }
    }

    /// Plain `text` (a figure's caption) as HTML with its terms in another language than the
    /// page's in `<span lang>`, unlinked; `None` when it has none.
    pub fn mark_plain(&self, text: &str) -> Option<String> {
        marked_plain(self.glossary, text, &self.page_lang).0
    }

    /// `text` with its terms marked: the events that stand for it. Near misses go to
    /// `warnings`. `words` are the text's words when it is ASCII and they were found already
    /// ([`crate::support::text::ascii_word_ranges`]).
    pub fn mark<'m>(
        &mut self,
        text: &CowStr<'m>,
        words: Option<&[std::ops::Range<usize>]>,
        place: &TextPlace,
        warnings: &mut Warnings,
    ) -> Option<Vec<Event<'m>>> {
        // The pieces of text borrow the page's Markdown when the text does (most does), and
        // are held in place when short: no copy of the text is allocated for each.
        let piece = |range: std::ops::Range<usize>| match text {
            CowStr::Borrowed(text) => CowStr::Borrowed(&text[range]),
            _ => short_or_owned(&text[range]),
        };
        let found = self.find(text, words);
        if found.is_empty() {
            return None;
        }
        let mut events = Vec::with_capacity(found.len() * 2 + 1);
        let mut last = 0;
        for hit in found {
            let term = &self.glossary.terms[hit.term];
            let written = &text[hit.range.clone()];
            if !hit.exact {
                // Where the word is in the Markdown, as near_miss finds it unless escapes moved it.
                let offset = place.range.start + hit.range.start;
                warnings.push_with(offset, || near_miss(written, hit.range.start, term, place));
                continue;
            }
            if hit.range.start > last {
                events.push(Event::Text(piece(last..hit.range.start)));
            }
            if self.seen.insert(hit.term) {
                self.used.push(hit.term);
            }
            let link = place.may_link && self.linked.insert(hit.term);
            // On a page in the term's language, the page's `lang` already covers it.
            let own = term.lang.eq_ignore_ascii_case(&self.page_lang);
            if link || !own {
                let opening = if link {
                    short_or_owned(&self.opening(term, link, own))
                } else {
                    self.span_opening(term)
                };
                events.push(Event::InlineHtml(opening));
            }
            events.push(Event::Text(piece(hit.range.clone())));
            if link {
                events.push(Event::InlineHtml(CowStr::from("</a>")));
            } else if !own {
                events.push(Event::InlineHtml(CowStr::from("</span>")));
            }
            last = hit.range.end;
        }
        if last == 0 {
            return None;
        }
        if last < text.len() {
            events.push(Event::Text(piece(last..text.len())));
        }
        Some(events)
    }

    /// Warns of the words in `text` that miss a term's macrons, and marks nothing: for an
    /// image's alt text (an attribute cannot hold a `<span lang>`) and a link's text (whose
    /// markup is left as written). A word in an address (`www.whanau.example`,
    /// `kai@example.nz`) is not one to spell.
    pub fn warn_only(&self, text: &str, place: &TextPlace, warnings: &mut Warnings) {
        self.warn_only_among(text, None, place, warnings);
    }

    /// [`Self::warn_only`] for a text whose `words` were found already, when it is ASCII.
    pub fn warn_only_among(
        &self,
        text: &str,
        words: Option<&[std::ops::Range<usize>]>,
        place: &TextPlace,
        warnings: &mut Warnings,
    ) {
        for (range, term) in self.misspelt(text, words) {
            let written = &text[range.clone()];
            let offset = place.range.start + range.start;
            warnings.push_with(offset, || near_miss(written, range.start, term, place));
        }
    }

    /// The words in `text` (a raw HTML `alt` value) that miss a term's macrons, each with its
    /// byte offset in `text` and its warning (whose offset the caller sets).
    pub fn near_misses(&self, text: &str) -> Vec<(usize, Problem)> {
        self.misspelt(text, None)
            .map(|(range, term)| {
                let problem = near_miss_problem(&text[range.clone()], &term.term, 0);
                (range.start, problem)
            })
            .collect()
    }

    /// The words of `text` that miss a term's macrons, with the term: what [`Self::warn_only`]
    /// and [`Self::near_misses`] warn of. A word in an address is not one to spell.
    fn misspelt<'t>(
        &'t self,
        text: &'t str,
        words: Option<&[std::ops::Range<usize>]>,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, &'t Term)> + 't {
        self.find(text, words)
            .into_iter()
            .filter(move |hit| !hit.exact && !in_address(text, hit.range.clone()))
            .map(|hit| (hit.range, &self.glossary.terms[hit.term]))
    }

    /// The terms in `text`, from its `words` when they were found already.
    fn find(
        &self,
        text: &str,
        words: Option<&[std::ops::Range<usize>]>,
    ) -> Vec<crate::content::glossary::Found> {
        match words {
            Some(words) => self.glossary.find_among(text, words),
            None => self.glossary.find(text),
        }
    }

    /// `<span lang="mi">` for `term`, made once for each language on the page (all but a
    /// term's first use are marked so).
    fn span_opening<'m>(&mut self, term: &Term) -> CowStr<'m> {
        if let Some(html) = self.span_openings.get(&term.lang) {
            return html.clone();
        }
        let html = short_or_owned(&self.opening(term, false, false));
        self.span_openings.insert(term.lang.clone(), html.clone());
        html
    }

    /// `<span lang="mi">`, or for a term's first use a link to its glossary entry (without
    /// `lang` when the term is in the page's own language, `own`).
    fn opening(&self, term: &Term, link: bool, own: bool) -> String {
        let mut html = String::new();
        if link {
            html.push_str("<a class=\"glossary-term\" href=\"");
            escape::html(&self.root, &mut html);
            html.push_str(URL);
            html.push('#');
            escape::html(&term.id, &mut html);
            html.push('"');
            if own {
                html.push('>');
                return html;
            }
            html.push_str(" lang=\"");
        } else {
            html.push_str("<span lang=\"");
        }
        escape::html(&term.lang, &mut html);
        html.push_str("\">");
        html
    }
}

/// `text` held in the event itself when it is short enough (a `<span lang="mi">`, a word),
/// else copied.
fn short_or_owned<'m>(text: &str) -> CowStr<'m> {
    match pulldown_cmark::InlineStr::try_from(text) {
        Ok(inline) => CowStr::Inlined(inline),
        Err(_) => CowStr::from(text.to_string()),
    }
}

/// Whether the word at `range` of `text` is part of an address: the run of characters around
/// it without spaces holds `://`, `@` or starts with `www.`.
fn in_address(text: &str, range: std::ops::Range<usize>) -> bool {
    let start = text[..range.start]
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[range.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| range.end + i);
    let run = &text[start..end];
    run.contains("://") || run.contains('@') || run.to_ascii_lowercase().starts_with("www.")
}

/// The warning for `written` (at byte `at` of its text), a word that is `term` but for its
/// macrons.
fn near_miss(written: &str, at: usize, term: &Term, place: &TextPlace) -> Problem {
    let source = place.markdown.get(place.range.clone()).unwrap_or_default();
    // The text is the source as written unless escapes or entities changed it; then the first
    // place the word is found is the best guess.
    let in_source = if source.get(at..).is_some_and(|s| s.starts_with(written)) {
        at
    } else {
        source.find(written).unwrap_or(0)
    };
    near_miss_problem(written, &term.term, place.range.start + in_source)
}

fn near_miss_problem(written: &str, term: &str, offset: usize) -> Problem {
    Problem {
        code: Code::GlossarySpelling,
        offset,
        message: near_miss_message(written, term),
        hint: Some(near_miss_hint(written, term)),
    }
}

fn near_miss_message(written: &str, term: &str) -> String {
    format!(
        "`{written}` differs from the glossary's `{term}` only in its macrons: did you mean `{term}`?"
    )
}

fn near_miss_hint(written: &str, term: &str) -> String {
    format!(
        "write `{term}`; if `{written}` is right here, add it to the term's `accept:` list in the glossary"
    )
}

/// Marks the glossary's terms in each page's title and description, and in the categories'
/// names (site.yaml's, in the site's language), where no language was marked by hand
/// (`[whānau]{lang=mi}`): `Whānau time` on an English page is shown as `<span lang="mi">Whānau
/// </span> time` in its heading, listings and search (WCAG 3.1.2).
///
/// A word in a title or description that is a term but for its macrons (`Whanau`) is a warning
/// at its place in the front matter, as in the body.
pub fn mark_names(
    glossary: &Glossary,
    (pages, categories): (
        &mut [crate::content::SourcePage],
        &mut [crate::site::Category],
    ),
    site_lang: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    use rayon::prelude::*;
    for category in categories.iter_mut().filter(|c| c.name_html.is_none()) {
        category.name_html = marked_plain(glossary, &category.name, site_lang).0;
    }
    let found: Vec<Vec<Diagnostic>> = pages
        .par_iter_mut()
        .map(|page| {
            let mut near_misses = Vec::new();
            let lang = page.front.lang.clone();
            let lang = lang.as_deref().unwrap_or(site_lang);
            // As in the body, a text whose language the editor marked by hand is left as it is:
            // neither marked nor warned about.
            let front = &mut page.front;
            let texts = [
                ("title", Some(&front.title), &mut front.title_html),
                (
                    "description",
                    front.description.as_ref(),
                    &mut front.description_html,
                ),
                (
                    "content_note",
                    front.content_note.as_ref(),
                    &mut front.content_note_html,
                ),
            ];
            for (key, text, html) in texts {
                let (Some(text), None) = (text, &html) else {
                    continue;
                };
                let (marked, misses) = marked_plain(glossary, text, lang);
                *html = marked;
                near_misses.extend(
                    misses
                        .into_iter()
                        .map(|(written, term)| (key, written, term)),
                );
            }
            near_misses
                .into_iter()
                .map(|(key, written, term)| {
                    let d = Diagnostic::warning(
                        Code::GlossarySpelling,
                        near_miss_message(&written, &term),
                    )
                    .with_hint(near_miss_hint(&written, &term));
                    page.diagnostic_at_value(d, key, &written)
                })
                .collect()
        })
        .collect();
    warnings.extend(found.into_iter().flatten());
}

/// Marks the glossary's terms in site.yaml's running text that has no spans of its own (see
/// [`crate::config::Config::running_texts_mut`]), in the site's language, as in titles.
pub fn mark_site_texts(glossary: &Glossary, config: &mut crate::config::Config) {
    let lang = config.language.clone();
    for (_, _, text, html) in config.running_texts_mut() {
        if html.is_none() {
            *html = marked_plain(glossary, text, &lang).0;
        }
    }
}

/// `text` (plain) as HTML with the terms in another language than `lang` in `<span lang>`;
/// `None` when it has none (the plain text is printed as it is). Also the words that are a term
/// but for their macrons, with the term: (written, term).
fn marked_plain(
    glossary: &Glossary,
    text: &str,
    lang: &str,
) -> (Option<String>, Vec<(String, String)>) {
    let mut html = String::new();
    let mut misses = Vec::new();
    let mut last = 0;
    for hit in glossary.find(text) {
        let term = &glossary.terms[hit.term];
        if !hit.exact {
            misses.push((text[hit.range].to_string(), term.term.clone()));
            continue;
        }
        if term.lang.eq_ignore_ascii_case(lang) {
            continue;
        }
        escape::html(&text[last..hit.range.start], &mut html);
        html.push_str("<span lang=\"");
        escape::html(&term.lang, &mut html);
        html.push_str("\">");
        escape::html(&text[hit.range.clone()], &mut html);
        html.push_str("</span>");
        last = hit.range.end;
    }
    if last == 0 {
        return (None, misses);
    }
    escape::html(&text[last..], &mut html);
    (Some(html), misses)
}
