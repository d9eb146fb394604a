//! Formatting citations and reference lists with hayagriva's CSL engine, as HTML.
//!
//! Done here rather than by hayagriva:
//! - the forms `distinguish` chose (initials, added names) are used for citations, and year
//!   letters (2019a, 2019b, see `year_letters`) are given across the whole site;
//! - a group keeps the order written when a later work has a prefix, and a group whose works
//!   show added names is sorted as their plain forms would be;
//! - `[-@key]` drops the author from the rendered citation; prefixes and suffixes are added
//!   to their own work (a narrative citation's suffix inside its parentheses);
//! - HTML is written by `html` (hayagriva's writer escapes nothing and uses inline styles);
//!   an entry whose style prints no link gets its title linked to its DOI, URL or PubMed
//!   record, as Pandoc does.

use std::collections::{BTreeMap, HashMap, HashSet};

use hayagriva::citationberg::json::{Item, Value};
use hayagriva::citationberg::taxonomy::Locator as CslLocator;
use hayagriva::{
    BibliographyDriver, CitationItem, CitePurpose, ElemChild, ElemChildren, ElemMeta, Formatted,
    LocatorPayload, SpecificLocator,
};
use rayon::prelude::*;

use super::distinguish::{self, Variants};
use super::html::{HtmlWriter, plain_text};
use super::year_letters::{append_year_suffix, letter_candidates, letter_groups};
use super::{CitationStyle, Library};
use crate::citation::{Citation, CiteItem, GroupForm};
use crate::support::diagnostic::Diagnostic;

/// One formatted work.
#[derive(Debug, Clone)]
pub struct FormattedWork {
    pub key: String,
    /// The reference-list entry, as escaped HTML.
    pub html: String,
    /// Indices of the pages that cite or name it.
    pub cited_in: Vec<usize>,
}

/// Everything the site's citations and reference lists need, formatted once.
#[derive(Debug, Default, Clone)]
pub struct FormattedBibliography {
    /// Cited works, in the style's order.
    pub works: Vec<FormattedWork>,
    /// Works no page cites (formatted only when the site lists them as further reading).
    pub uncited: Vec<FormattedWork>,
    /// The HTML of each distinct citation, by its index in the slice given to [`format`].
    pub citations: Vec<String>,
}

/// From this many distinct citations on, author-date citations are formatted in parallel
/// (a chunk of half as many costs about a millisecond: less is not worth a thread).
const PARALLEL_CITATIONS: usize = 64;

/// Formats the distinct `citations` of the whole site and the reference-list entry of every
/// work in `cited_by` (key → pages), in one pass so year suffixes are consistent site-wide.
pub fn format(
    library: &Library,
    style: &CitationStyle,
    citations: &[&Citation],
    cited_by: &BTreeMap<&str, Vec<usize>>,
    include_uncited: bool,
) -> Result<FormattedBibliography, Diagnostic> {
    let (shapes, uses) = citation_shapes(citations);
    let shape_refs: Vec<&Citation> = shapes.iter().collect();
    let citations = shape_refs.as_slice();
    let variants = distinguish::variants(library, citations);
    let listed = listed_keys(library, cited_by, include_uncited);
    let suffix_groups = if style.year_suffixes && style.independent_citations {
        letter_candidates(library, style, &listed)
    } else {
        Vec::new()
    };
    let engine = Engine {
        library,
        style,
        variants: &variants,
        letter_ranks: letter_ranks(library, style, citations, &suffix_groups),
    };
    let orders: Vec<CitationOrder> = citations.iter().map(|c| engine.citation_order(c)).collect();
    let rendered = engine.run(citations, &orders, &listed);
    let suffixes = if style.year_suffixes {
        let order: Vec<&str> = rendered
            .bibliography
            .as_ref()
            .map(|b| b.items.iter().map(|i| i.key.as_str()).collect())
            .unwrap_or_default();
        letter_groups(&suffix_groups, &order)
    } else {
        HashMap::new()
    };
    let (works, mut uncited, unprinted) = match rendered.bibliography {
        Some(list) => reference_list_html(list, library, cited_by, &suffixes, style),
        None => Default::default(),
    };
    let shape_html = citations_html(
        citations,
        &orders,
        rendered.citations,
        (&suffixes, library),
        style,
        &unprinted,
    );
    if !include_uncited {
        uncited = library
            .keys_in_order()
            .filter(|k| !cited_by.contains_key(k))
            .map(|k| FormattedWork {
                key: k.to_string(),
                html: String::new(),
                cited_in: Vec::new(),
            })
            .collect();
    }
    Ok(FormattedBibliography {
        works,
        uncited,
        citations: put_back_locators(&shape_html, uses),
    })
}

/// The works of the reference list: the cited ones, then (when the site lists them) the
/// uncited ones, each only if the library has it.
fn listed_keys<'a>(
    library: &'a Library,
    cited_by: &BTreeMap<&'a str, Vec<usize>>,
    include_uncited: bool,
) -> Vec<&'a str> {
    let uncited_keys: Vec<&str> = if include_uncited {
        library
            .keys_in_order()
            .filter(|k| !cited_by.contains_key(k))
            .collect()
    } else {
        Vec::new()
    };
    cited_by
        .keys()
        .copied()
        .chain(uncited_keys)
        .filter(|k| library.get(k).is_some())
        .collect()
}

/// Each citation (by shape) as HTML, with what hayagriva leaves to us put in: year letters,
/// and what the page wrote around each work.
fn citations_html(
    citations: &[&Citation],
    orders: &[CitationOrder],
    rendered: Vec<hayagriva::RenderedCitation>,
    (suffixes, library): (&HashMap<String, String>, &Library),
    style: &CitationStyle,
    unprinted: &HashSet<String>,
) -> Vec<String> {
    let mut out = Vec::with_capacity(citations.len());
    for ((citation, order), mut result) in citations.iter().zip(orders).zip(rendered) {
        // The works in the order they were handed to the engine: its entry indices.
        let keys: Vec<&str> = order
            .items
            .iter()
            .map(|&i| citation.items[i].key.as_str())
            .collect();
        // A work with no entry in the lists is not linked (an empty key in `walk`).
        let link_keys: Vec<&str> = keys
            .iter()
            .map(|&k| if unprinted.contains(k) { "" } else { k })
            .collect();
        for child in result.citation.0.iter_mut() {
            if let ElemChild::Elem(elem) = child
                && let Some(ElemMeta::Entry(index)) = elem.meta
                && let Some(key) = keys.get(index)
            {
                if let Some(suffix) = suffixes.get(*key) {
                    append_year_suffix(&mut elem.children, suffix);
                }
                if citation.narrative && style.apa {
                    spell_out_and(&mut elem.children);
                }
                if let Some(item) = citation.items.iter().find(|i| i.key == *key) {
                    add_written_parts(&mut elem.children, item, citation.narrative);
                    if citation.narrative
                        && item.form.group == GroupForm::Defined
                        && let Some(group) = library.groups.get(*key)
                    {
                        // "World Health Organization (WHO, 2022)" (APA 8.21).
                        let abbreviation = format!("{}, ", group.abbreviation);
                        insert_after_opening(&mut elem.children, &abbreviation);
                    }
                }
            }
        }
        let mut html = HtmlWriter::new(&style.quotes, style.punctuation_in_quote);
        html.raw("<span class=\"citation\">");
        html.walk(&result.citation.0, Some(&link_keys), None);
        html.raw("</span>");
        out.push(html.finish());
    }
    out
}

/// What the page wrote around one work of a citation: `[-@key]` drops the author, a prefix
/// goes before, a suffix after ("Bowlby (1973, emphasis added)": in a narrative citation
/// inside the parentheses, as Pandoc puts it).
fn add_written_parts(children: &mut ElemChildren, item: &CiteItem, narrative: bool) {
    if item.suppress_author {
        strip_author(children);
    }
    if let Some(prefix) = &item.prefix {
        children.0.insert(0, plain(&format!("{prefix} ")));
    }
    if let Some(suffix) = &item.suffix {
        let suffix = format!(", {suffix}");
        if !(narrative && insert_before_closing(children, &suffix)) {
            children.0.push(plain(&suffix));
        }
    }
}

/// The reference list as HTML, year letters put in and titles linked where the style prints
/// no link: the cited works, the uncited ones, and the keys of works the style prints no entry
/// for (APA's personal communications, cited in the text only), which no list shows.
fn reference_list_html(
    list: hayagriva::RenderedBibliography,
    library: &Library,
    cited_by: &BTreeMap<&str, Vec<usize>>,
    suffixes: &HashMap<String, String>,
    style: &CitationStyle,
) -> (Vec<FormattedWork>, Vec<FormattedWork>, HashSet<String>) {
    let (mut works, mut uncited, mut unprinted) = (Vec::new(), Vec::new(), HashSet::new());
    for mut item in list.items {
        let mut text = String::new();
        plain_text(&item.content.0, &mut text);
        if text.trim().is_empty() {
            unprinted.insert(item.key);
            continue;
        }
        if let Some(suffix) = suffixes.get(&item.key) {
            append_year_suffix(&mut item.content, suffix);
        }
        let title_link = library
            .get(&item.key)
            .filter(|_| !has_link(&item.content.0))
            .and_then(title_link);
        let mut html = HtmlWriter::new(&style.quotes, style.punctuation_in_quote);
        if let Some(first) = &item.first_field {
            html.raw("<span class=\"csl-label\">");
            html.walk(std::slice::from_ref(first), None, None);
            html.raw("</span> ");
        }
        html.walk(&item.content.0, None, title_link.as_ref());
        let work = FormattedWork {
            cited_in: cited_by.get(item.key.as_str()).cloned().unwrap_or_default(),
            key: item.key,
            html: html.finish(),
        };
        if cited_by.contains_key(work.key.as_str()) {
            works.push(work);
        } else {
            uncited.push(work);
        }
    }
    (works, uncited, unprinted)
}

/// Which of a citation's works go into its request, in what order, and whether the style
/// may sort them.
struct CitationOrder {
    items: Vec<usize>,
    sort: bool,
}

/// The places in the reference list of the works of each year-letter group that a citation
/// cites two of: "(Health Navigator, n.d.-a, n.d.-b)" must follow the letters (APA 8.12), but
/// the style sorts a citation by author and date only, which tie there. Each such group's
/// order is its own small reference list, sorted as the whole one is.
fn letter_ranks(
    library: &Library,
    style: &CitationStyle,
    citations: &[&Citation],
    groups: &[Vec<&str>],
) -> HashMap<String, (usize, usize)> {
    let group_of: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(index, keys)| keys.iter().map(move |k| (*k, index)))
        .collect();
    let mut together: HashSet<usize> = HashSet::new();
    for citation in citations {
        let mut seen: HashSet<usize> = HashSet::new();
        for item in &citation.items {
            if let Some(&group) = group_of.get(item.key.as_str())
                && !seen.insert(group)
            {
                together.insert(group);
            }
        }
    }
    let mut ranks = HashMap::new();
    for group in together {
        let Some(keys) = groups.get(group) else {
            continue;
        };
        let mut driver: BibliographyDriver<Item> = BibliographyDriver::new();
        add_listed(library, style, &mut driver, keys);
        let rendered = driver.finish(style.bibliography_request());
        for (rank, item) in rendered
            .bibliography
            .iter()
            .flat_map(|b| &b.items)
            .enumerate()
        {
            ranks.insert(item.key.clone(), (group, rank));
        }
    }
    ranks
}

/// Adds the works `keys` to `driver` as hidden citations, so that its reference list holds
/// them.
fn add_listed<'a>(
    library: &'a Library,
    style: &'a CitationStyle,
    driver: &mut BibliographyDriver<'a, Item>,
    keys: &[&str],
) {
    for key in keys {
        if let Some(item) = library.get(key) {
            let locale = Some(style.locale.clone());
            let cite = CitationItem::new(item, None, locale, true, None);
            driver.citation(style.citation_request(vec![cite], true));
        }
    }
}

/// hayagriva's CSL engine with the site's library and style, and the citation forms chosen.
struct Engine<'a> {
    library: &'a Library,
    style: &'a CitationStyle,
    variants: &'a Variants,
    /// Works that will get year letters and are cited together with another of their group:
    /// the group (its index) and the work's place in the reference list among the group.
    letter_ranks: HashMap<String, (usize, usize)>,
}

impl<'a> Engine<'a> {
    /// Runs the engine over every citation and, as hidden citations, every listed work (the
    /// reference list). With disambiguation done here, an author-date citation depends on
    /// nothing but itself, so those are formatted apart from the list (in parallel on big
    /// sites); numeric and note styles number or shorten citations by their order, so they
    /// go through one driver with the list.
    fn run(
        &self,
        citations: &[&'a Citation],
        orders: &[CitationOrder],
        listed: &[&str],
    ) -> hayagriva::Rendered {
        let independent = self.style.independent_citations;
        // The reference list is formatted beside the citations, which then need nothing of it.
        let list = || {
            let mut driver: BibliographyDriver<Item> = BibliographyDriver::new();
            if !independent {
                for (citation, order) in citations.iter().zip(orders) {
                    self.add_citation(&mut driver, citation, order);
                }
            }
            add_listed(self.library, self.style, &mut driver, listed);
            driver.finish(self.style.bibliography_request())
        };
        let apart = || independent.then(|| self.format_apart(citations, orders));
        let (mut rendered, formatted_apart) = rayon::join(list, apart);
        if let Some(citations) = formatted_apart {
            rendered.citations = citations;
        }
        rendered
    }

    /// The citations alone, in chunks (in parallel from [`PARALLEL_CITATIONS`] on).
    fn format_apart(
        &self,
        citations: &[&'a Citation],
        orders: &[CitationOrder],
    ) -> Vec<hayagriva::RenderedCitation> {
        let chunk = citations
            .len()
            .div_ceil(rayon::current_num_threads())
            .max(PARALLEL_CITATIONS / 2);
        let with_orders: Vec<(&Citation, &CitationOrder)> =
            citations.iter().copied().zip(orders.iter()).collect();
        let format_chunk = |chunk: &[(&'a Citation, &CitationOrder)]| {
            let mut driver: BibliographyDriver<Item> = BibliographyDriver::new();
            for (citation, order) in chunk {
                self.add_citation(&mut driver, citation, order);
            }
            driver.finish(self.style.citations_request()).citations
        };
        let parts: Vec<Vec<hayagriva::RenderedCitation>> = if citations.len() >= PARALLEL_CITATIONS
        {
            with_orders.par_chunks(chunk).map(format_chunk).collect()
        } else {
            with_orders.chunks(chunk.max(1)).map(format_chunk).collect()
        };
        parts.into_iter().flatten().collect()
    }

    /// The order of a citation's works. The style sorts them, except that a group with a
    /// prefix on a later work keeps the order written (so "[see @a; also @b]" reads as
    /// written, as citeproc keeps it), and a group whose works show added names or initials
    /// is sorted as their plain forms would be.
    fn citation_order(&self, citation: &Citation) -> CitationOrder {
        let items: Vec<usize> = (0..citation.items.len())
            .filter(|&i| self.library.get(&citation.items[i].key).is_some())
            .collect();
        if items.len() < 2 {
            return CitationOrder { items, sort: true };
        }
        if items
            .iter()
            .skip(1)
            .any(|&i| citation.items[i].prefix.is_some())
        {
            return CitationOrder { items, sort: false };
        }
        let varied = items.iter().any(|&i| {
            let item = &citation.items[i];
            self.variants
                .contains_key(&(item.key.clone(), item.form, citation.narrative))
        });
        let lettered = self.cites_two_of_a_letter_group(citation, &items);
        if !varied && !lettered {
            return CitationOrder { items, sort: true };
        }
        let mut sorted: Vec<usize> = self
            .plain_order(citation, &items)
            .iter()
            .filter_map(|&i| items.get(i).copied())
            .collect();
        if sorted.len() != items.len() {
            return CitationOrder { items, sort: true };
        }
        if lettered {
            self.follow_letters(citation, &mut sorted);
        }
        CitationOrder {
            items: sorted,
            sort: false,
        }
    }

    fn cites_two_of_a_letter_group(&self, citation: &Citation, items: &[usize]) -> bool {
        let mut seen = HashSet::new();
        items.iter().any(|&i| {
            self.letter_ranks
                .get(&citation.items[i].key)
                .is_some_and(|&(group, _)| !seen.insert(group))
        })
    }

    /// Puts the works of each year-letter group, in the places the style gave them, in the
    /// order of their letters.
    fn follow_letters(&self, citation: &Citation, order: &mut [usize]) {
        let rank = |i: usize| self.letter_ranks.get(&citation.items[i].key).copied();
        // Each group's places, gathered in one pass: a citation of thousands of groups took
        // time growing with the square of its length when each group looked through it all.
        let mut places: HashMap<usize, Vec<usize>> = HashMap::new();
        for (place, &item) in order.iter().enumerate() {
            if let Some((group, _)) = rank(item) {
                places.entry(group).or_default().push(place);
            }
        }
        for places in places.into_values() {
            let mut members: Vec<usize> = places.iter().map(|&p| order[p]).collect();
            members.sort_by_key(|&i| rank(i).map(|r| r.1));
            for (place, member) in places.into_iter().zip(members) {
                order[place] = member;
            }
        }
    }

    /// The order the style gives the plain forms of `items` (indices into them): formatted
    /// once, alone.
    fn plain_order(&self, citation: &Citation, items: &[usize]) -> Vec<usize> {
        let mut driver: BibliographyDriver<Item> = BibliographyDriver::new();
        driver.citation(
            self.style.citation_request(
                items
                    .iter()
                    .filter_map(|&i| self.library.get(&citation.items[i].key))
                    .map(CitationItem::with_entry)
                    .collect(),
                true,
            ),
        );
        let rendered = driver.finish(self.style.bibliography_request());
        fn entries(children: &[ElemChild], out: &mut Vec<usize>) {
            for child in children {
                if let ElemChild::Elem(e) = child {
                    match e.meta {
                        Some(ElemMeta::Entry(index)) => out.push(index),
                        _ => entries(&e.children.0, out),
                    }
                }
            }
        }
        let mut indices = Vec::new();
        if let Some(first) = rendered.citations.first() {
            entries(&first.citation.0, &mut indices);
        }
        indices
    }

    /// Adds one citation to `driver`, in the form the page wrote it.
    fn add_citation(
        &self,
        driver: &mut BibliographyDriver<'a, Item>,
        citation: &'a Citation,
        order: &CitationOrder,
    ) {
        let items = order
            .items
            .iter()
            .filter_map(|&index| {
                let item = citation.items.get(index)?;
                let entry = self
                    .variants
                    .get(&(item.key.clone(), item.form, citation.narrative))
                    .or_else(|| self.library.get(&item.key))?;
                let locator = item
                    .locator
                    .as_ref()
                    .map(|l| SpecificLocator(csl_locator(l.kind), LocatorPayload::Str(&l.value)));
                let purpose = citation.narrative.then_some(CitePurpose::Prose);
                Some(CitationItem::new(
                    entry,
                    locator,
                    Some(self.style.locale.clone()),
                    false,
                    purpose,
                ))
            })
            .collect();
        driver.citation(self.style.citation_request(items, order.sort));
    }
}

/// Each citation's HTML: its shape's, with the numbers it stands for put back in place of
/// their stand-ins (see [`citation_shapes`]).
fn put_back_locators(shape_html: &[String], uses: Vec<(usize, Vec<String>)>) -> Vec<String> {
    uses.into_iter()
        .map(|(shape, values)| {
            let mut html = shape_html.get(shape).cloned().unwrap_or_default();
            for (index, value) in values.iter().enumerate() {
                html = html.replace(&sentinel(index), value);
            }
            html
        })
        .collect()
}

/// Formatting a citation costs hayagriva about 0.1 ms, and "[@key, p. 42]" and "[@key, p. 43]"
/// differ only in the number. So citations are formatted once per shape: each single-number
/// locator is replaced by a numeric stand-in (formatted exactly like a page number), and the
/// real number is put back into the HTML afterwards. Returns the shapes, and for each citation
/// its shape and the numbers it stands for.
fn citation_shapes(citations: &[&Citation]) -> (Vec<Citation>, Vec<(usize, Vec<String>)>) {
    let mut shapes: Vec<Citation> = Vec::new();
    let mut index: HashMap<Citation, usize> = HashMap::new();
    let mut uses = Vec::with_capacity(citations.len());
    for citation in citations {
        let mut shape = (*citation).clone();
        let mut values = Vec::new();
        for item in shape.items.iter_mut() {
            if let Some(locator) = item.locator.as_mut()
                && values.len() < 10
                && (1..9).contains(&locator.value.len())
                && locator.value.bytes().all(|b| b.is_ascii_digit())
            {
                values.push(std::mem::replace(
                    &mut locator.value,
                    sentinel(values.len()),
                ));
            }
        }
        let id = *index.entry(shape.clone()).or_insert_with(|| {
            shapes.push(shape);
            shapes.len() - 1
        });
        uses.push((id, values));
    }
    (shapes, uses)
}

/// A number no real locator in a shape has (real ones are at most eight digits).
fn sentinel(index: usize) -> String {
    format!("98765431{index}")
}

fn csl_locator(kind: &str) -> CslLocator {
    match kind {
        "page" => CslLocator::Page,
        "chapter" => CslLocator::Chapter,
        "section" => CslLocator::Section,
        "paragraph" => CslLocator::Paragraph,
        "volume" => CslLocator::Volume,
        "figure" => CslLocator::Figure,
        "line" => CslLocator::Line,
        "note" => CslLocator::Note,
        "part" => CslLocator::Part,
        "verse" => CslLocator::Verse,
        "column" => CslLocator::Column,
        "book" => CslLocator::Book,
        "issue" => CslLocator::Issue,
        _ => CslLocator::Custom,
    }
}

/// Puts `text` before the `)` that ends the last piece of text in `children`; false when the
/// children do not end with one.
fn insert_before_closing(children: &mut ElemChildren, text: &str) -> bool {
    match children.0.last_mut() {
        Some(ElemChild::Text(last)) if last.text.ends_with(')') => {
            last.text.insert_str(last.text.len() - 1, text);
            true
        }
        Some(ElemChild::Elem(elem)) => insert_before_closing(&mut elem.children, text),
        _ => false,
    }
}

/// "Hoijtink & Klugkist (2007)" → "Hoijtink and Klugkist (2007)": APA spells out "and"
/// between the names of a narrative citation (8.17), where the style's ampersand is for
/// parenthetical ones. Only the delimiters between names change, not a name holding one
/// ("Johnson & Johnson", an organisation).
fn spell_out_and(children: &mut ElemChildren) {
    /// The texts under `children` in order, `None` standing for each name (not looked into).
    fn pieces<'a>(children: &'a mut [ElemChild], out: &mut Vec<Option<&'a mut Formatted>>) {
        for child in children {
            match child {
                ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Name(..))) => out.push(None),
                ElemChild::Elem(e) => pieces(&mut e.children.0, out),
                ElemChild::Text(text) => out.push(Some(text)),
                _ => {}
            }
        }
    }
    fn walk(children: &mut [ElemChild]) {
        for child in children {
            let ElemChild::Elem(elem) = child else {
                continue;
            };
            if !matches!(elem.meta, Some(ElemMeta::Names(_))) {
                walk(&mut elem.children.0);
                continue;
            }
            // Only text between two names: a title standing in for names ("Sleep & Stress
            // (2020)", a work with no author) is in the names' element too.
            let mut found = Vec::new();
            pieces(&mut elem.children.0, &mut found);
            let (Some(first), Some(last)) = (
                found.iter().position(Option::is_none),
                found.iter().rposition(Option::is_none),
            ) else {
                continue;
            };
            for text in found.into_iter().take(last).skip(first + 1).flatten() {
                if text.text.contains('&') {
                    text.text = text.text.replace('&', "and");
                }
            }
        }
    }
    walk(&mut children.0);
}

/// Puts `text` after the first `(` that follows the names in `children` (nothing when there
/// is none).
fn insert_after_opening(children: &mut ElemChildren, text: &str) {
    fn walk(children: &mut [ElemChild], text: &str, names_seen: &mut bool) -> bool {
        for child in children {
            if let ElemChild::Elem(elem) = child {
                if matches!(elem.meta, Some(ElemMeta::Names(_))) {
                    *names_seen = true;
                } else if walk(&mut elem.children.0, text, names_seen) {
                    return true;
                }
            } else if let ElemChild::Text(piece) = child
                && *names_seen
                && let Some(at) = piece.text.find('(')
            {
                piece.text.insert_str(at + 1, text);
                return true;
            }
        }
        false
    }
    walk(&mut children.0, text, &mut false);
}

fn plain(text: &str) -> ElemChild {
    ElemChild::Text(Formatted {
        text: text.to_string(),
        formatting: Default::default(),
    })
}

/// `(Bowlby, 1973, p. 4)` → `(1973, p. 4)`: drops the names and the delimiter after them.
fn strip_author(children: &mut ElemChildren) {
    fn has_names(child: &ElemChild) -> bool {
        matches!(child, ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Names(_))) || e.children.find_names().is_some())
    }
    let Some(index) = children.0.iter().position(has_names) else {
        return;
    };
    let direct = matches!(&children.0[index], ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Names(_))));
    if !direct {
        if let ElemChild::Elem(e) = &mut children.0[index] {
            strip_author(&mut e.children);
        }
        return;
    }
    children.0.remove(index);
    if let Some(ElemChild::Text(text)) = children.0.get_mut(index) {
        text.text = text.text.trim_start_matches([',', ' ']).to_string();
    }
}

fn has_link(children: &[ElemChild]) -> bool {
    children.iter().any(|c| match c {
        ElemChild::Link { .. } => true,
        ElemChild::Elem(e) => has_link(&e.children.0),
        _ => false,
    })
}

/// The title and the address to link it to, for an entry whose style prints no link: its
/// DOI, PubMed Central record, PubMed record or URL, the first it has in that order, as
/// Pandoc's citeproc links them.
fn title_link(item: &Item) -> Option<(String, String)> {
    let get = |v: &str| item.0.get(v).and_then(Value::to_str).map(|s| s.to_string());
    let title = get("title")?;
    let url = get("DOI")
        .map(|d| format!("https://doi.org/{d}"))
        .or_else(|| get("PMCID").map(|p| format!("https://www.ncbi.nlm.nih.gov/pmc/articles/{p}")))
        .or_else(|| get("PMID").map(|p| format!("https://www.ncbi.nlm.nih.gov/pubmed/{p}")))
        .or_else(|| get("URL"))?;
    Some((title, url))
}
