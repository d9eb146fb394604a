//! Formatting citations and reference lists with hayagriva's CSL engine, and writing them as
//! HTML.
//!
//! Done here rather than by hayagriva:
//! - telling works apart (APA 8.18–8.20, and CSL's `disambiguate-*`): initials for first
//!   authors who share a surname ("A. Durie, 1997; M. Durie, 1998"), more names before
//!   "et al." where that is enough ("Klugkist, Kato, et al., 2005"), then year letters
//!   (2019a, 2019b) in reference-list order, across the whole site. hayagriva's own pass
//!   resolves only a few groups per run;
//! - "(Heller, 2018, 2019a)": hayagriva joins a collapsed same-author group with the layout
//!   delimiter ("; "); CSL's cite-group-delimiter (", " unless the style says otherwise) is put
//!   back;
//! - `[-@key]` drops the author from the rendered citation; prefixes and suffixes are added
//!   to their own work;
//! - HTML: hayagriva's writer escapes nothing and uses inline styles, so the element tree is
//!   written here, escaped, with `<i>`/`<b>` and no `style=`; formatting inside values
//!   ([`marks`]) becomes tags; quotation marks are the locale's; a full stop after a title
//!   that ends in "?" or "!" is dropped, as citeproc does; an entry whose style prints no link
//!   gets its title linked to its DOI, URL or PubMed record, as Pandoc does.

use std::collections::{BTreeMap, HashMap, HashSet};

use hayagriva::citationberg::json::{Item, LiteralName, NameValue, Value};
use hayagriva::citationberg::taxonomy::Locator as CslLocator;
use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, ElemMeta, Formatted, Formatting, LocatorPayload, SpecificLocator,
};
use rayon::prelude::*;

use super::marks;
use super::{CitationStyle, Library};
use crate::diagnostic::Diagnostic;
use crate::markdown::Citation;

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

/// From this many distinct citations on, author-date citations are formatted in parallel.
const PARALLEL_CITATIONS: usize = 256;

/// Items as citations print them, where that differs from the reference list (added
/// initials or names): one for parenthetical citations, one for narrative ones ("&" / "and").
#[derive(Default)]
struct CitationForms {
    parenthetical: HashMap<String, Item>,
    narrative: HashMap<String, Item>,
}

impl CitationForms {
    fn item<'a>(&'a self, library: &'a Library, key: &str, narrative: bool) -> Option<&'a Item> {
        let forms = if narrative {
            &self.narrative
        } else {
            &self.parenthetical
        };
        forms.get(key).or_else(|| library.get(key))
    }
}

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
    let request_keys: Vec<Vec<&str>> = citations
        .iter()
        .map(|c| {
            c.items
                .iter()
                .map(|i| i.key.as_str())
                .filter(|k| library.get(k).is_some())
                .collect()
        })
        .collect();
    let uncited_keys: Vec<&str> = if include_uncited {
        library
            .keys_in_order()
            .filter(|k| !cited_by.contains_key(k))
            .collect()
    } else {
        Vec::new()
    };
    let listed: Vec<&str> = cited_by
        .keys()
        .copied()
        .chain(uncited_keys.iter().copied())
        .filter(|k| library.get(k).is_some())
        .collect();
    let (forms, suffixes) = if style.independent_citations {
        disambiguate(library, style, &listed)
    } else {
        (CitationForms::default(), HashMap::new())
    };

    // The reference list: every listed work as a hidden citation.
    let mut driver: BibliographyDriver<Item> = BibliographyDriver::new();
    let rendered_citations = if style.independent_citations {
        // With disambiguation done here, an author-date citation depends on nothing but
        // itself, so citations are formatted apart from the list (in parallel on big sites).
        let chunk = citations
            .len()
            .div_ceil(rayon::current_num_threads())
            .max(PARALLEL_CITATIONS / 2);
        let format_chunk = |chunk: &[&Citation]| {
            let mut driver: BibliographyDriver<Item> = BibliographyDriver::new();
            for citation in chunk {
                add_citation(&mut driver, citation, library, &forms, style);
            }
            driver
                .finish(BibliographyRequest::new(
                    &style.style,
                    Some(style.locale.clone()),
                    &style.locales,
                ))
                .citations
        };
        let parts: Vec<Vec<hayagriva::RenderedCitation>> = if citations.len() >= PARALLEL_CITATIONS
        {
            citations.par_chunks(chunk).map(format_chunk).collect()
        } else {
            citations.chunks(chunk.max(1)).map(format_chunk).collect()
        };
        Some(parts.into_iter().flatten().collect::<Vec<_>>())
    } else {
        // Numeric and note styles number or shorten citations by their order: one driver.
        for citation in citations {
            add_citation(&mut driver, citation, library, &forms, style);
        }
        None
    };
    for key in &listed {
        if let Some(item) = library.get(key) {
            let cite = CitationItem::new(item, None, Some(style.locale.clone()), true, None);
            driver.citation(CitationRequest::new(
                vec![cite],
                &style.style,
                Some(style.locale.clone()),
                &style.locales,
                None,
            ));
        }
    }
    let mut rendered = driver.finish(BibliographyRequest::new(
        &style.style,
        Some(style.locale.clone()),
        &style.locales,
    ));
    if let Some(citations) = rendered_citations {
        rendered.citations = citations;
    }
    let suffixes = if style.year_suffixes {
        let order: Vec<&str> = rendered
            .bibliography
            .as_ref()
            .map(|b| b.items.iter().map(|i| i.key.as_str()).collect())
            .unwrap_or_default();
        letter_groups(&suffixes, &order)
    } else {
        HashMap::new()
    };

    let mut out = FormattedBibliography {
        citations: Vec::with_capacity(citations.len()),
        ..Default::default()
    };
    let group_delimiter = style
        .style
        .citation
        .cite_group_delimiter
        .clone()
        .unwrap_or_else(|| ", ".into());
    let collapses = style.style.citation.collapse.is_some();
    let count = citations.len().min(rendered.citations.len());
    for ((citation, keys), mut result) in citations
        .iter()
        .zip(&request_keys)
        .zip(rendered.citations.drain(..count))
    {
        if collapses {
            join_collapsed_groups(&mut result.citation, &group_delimiter);
        }
        for child in result.citation.0.iter_mut() {
            if let ElemChild::Elem(elem) = child
                && let Some(ElemMeta::Entry(index)) = elem.meta
                && let Some(key) = keys.get(index)
            {
                if let Some(suffix) = suffixes.get(*key) {
                    append_year_suffix(&mut elem.children, suffix);
                }
                if let Some(item) = citation.items.iter().find(|i| i.key == *key) {
                    if item.suppress_author {
                        strip_author(&mut elem.children);
                    }
                    if let Some(prefix) = &item.prefix {
                        elem.children.0.insert(0, plain(&format!("{prefix} ")));
                    }
                    if let Some(suffix) = &item.suffix {
                        elem.children.0.push(plain(&format!(", {suffix}")));
                    }
                }
            }
        }
        let mut html = Html::new(&style.quotes);
        html.raw("<span class=\"citation\">");
        html.walk(&result.citation.0, Some(keys), None);
        html.raw("</span>");
        out.citations.push(html.finish());
    }

    if let Some(bibliography) = rendered.bibliography {
        for mut item in bibliography.items {
            if let Some(suffix) = suffixes.get(&item.key) {
                append_year_suffix(&mut item.content, suffix);
            }
            let title_link = library
                .get(&item.key)
                .filter(|_| !has_link(&item.content.0))
                .and_then(title_link);
            let mut html = Html::new(&style.quotes);
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
                out.works.push(work);
            } else {
                out.uncited.push(work);
            }
        }
    }
    if !include_uncited {
        out.uncited = library
            .keys_in_order()
            .filter(|k| !cited_by.contains_key(k))
            .map(|k| FormattedWork {
                key: k.to_string(),
                html: String::new(),
                cited_in: Vec::new(),
            })
            .collect();
    }
    let shape_html = std::mem::take(&mut out.citations);
    out.citations = uses
        .into_iter()
        .map(|(shape, values)| {
            let mut html = shape_html.get(shape).cloned().unwrap_or_default();
            for (index, value) in values.iter().enumerate() {
                html = html.replace(&sentinel(index), value);
            }
            html
        })
        .collect();
    Ok(out)
}

/// Adds one citation to `driver`, in the form the page wrote it.
fn add_citation<'a>(
    driver: &mut BibliographyDriver<'a, Item>,
    citation: &'a Citation,
    library: &'a Library,
    forms: &'a CitationForms,
    style: &'a CitationStyle,
) {
    let items = citation
        .items
        .iter()
        .filter_map(|item| {
            let entry = forms.item(library, &item.key, citation.narrative)?;
            let locator = item
                .locator
                .as_ref()
                .map(|l| SpecificLocator(csl_locator(l.kind), LocatorPayload::Str(&l.value)));
            let purpose = citation.narrative.then_some(CitePurpose::Prose);
            Some(CitationItem::new(
                entry,
                locator,
                Some(style.locale.clone()),
                false,
                purpose,
            ))
        })
        .collect();
    driver.citation(CitationRequest::new(
        items,
        &style.style,
        Some(style.locale.clone()),
        &style.locales,
        None,
    ));
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

/// The names a citation starts with: the authors, or the editors when there are none (as
/// APA and most styles substitute).
fn lead_names(item: &Item) -> Option<(&'static str, &Vec<NameValue>)> {
    for variable in ["author", "editor"] {
        if let Some(Value::Names(names)) = item.0.get(variable)
            && !names.is_empty()
        {
            return Some((variable, names));
        }
    }
    None
}

/// A name as it is compared and printed in citations: particle and family.
fn family(name: &NameValue) -> String {
    match name {
        NameValue::Literal(l) => l.literal.clone(),
        NameValue::Item(n) => match &n.non_dropping_particle {
            Some(particle) => format!("{particle} {}", n.family),
            None => n.family.clone(),
        },
    }
}

/// "Mason" → "M.", "Jean-Paul" → "J.-P.", "B. N." → "B. N.", "Jen-pei" → "J.".
fn initials(given: &str) -> String {
    let mut out = Vec::new();
    for word in given.split_whitespace() {
        let mut initial = String::new();
        for (index, part) in word.split('-').enumerate() {
            let Some(first) = part.chars().next() else {
                continue;
            };
            if index > 0 && !first.is_uppercase() {
                continue;
            }
            if index > 0 {
                initial.push('-');
            }
            initial.extend(first.to_uppercase());
            initial.push('.');
        }
        if !initial.is_empty() {
            out.push(initial);
        }
    }
    out.join(" ")
}

/// The work's year as its citation prints it: issued year, or its status, or nothing.
fn year_key(item: &Item) -> String {
    match item.0.get("issued") {
        Some(Value::Date(hayagriva::citationberg::json::DateValue::DateParts {
            date_parts,
            ..
        })) => date_parts
            .0
            .first()
            .and_then(|d| d.0.first())
            .map(|y| y.to_string())
            .unwrap_or_default(),
        _ => item
            .0
            .get("status")
            .and_then(Value::to_str)
            .map(|s| s.to_string())
            .unwrap_or_default(),
    }
}

/// Decides how each listed work is told apart from the others in citations: initials for a
/// first author who shares a surname with another's (APA 8.20), more names before "et al."
/// (8.18), and, for what still reads the same, year letters. Returns the changed citation
/// forms and the groups that need letters (keys by citation text).
fn disambiguate(
    library: &Library,
    style: &CitationStyle,
    listed: &[&str],
) -> (CitationForms, HashMap<String, Vec<String>>) {
    let mut forms = CitationForms::default();
    // First authors who share a surname but not their initials.
    let mut initials_by_family: HashMap<String, HashSet<String>> = HashMap::new();
    for key in listed {
        if let Some((_, names)) = library.get(key).and_then(lead_names)
            && let Some(NameValue::Item(first)) = names.first()
        {
            initials_by_family
                .entry(family(&names[0]).to_lowercase())
                .or_default()
                .insert(initials(first.given.as_deref().unwrap_or_default()));
        }
    }
    let mut names_of: HashMap<&str, Vec<NameValue>> = HashMap::new();
    for key in listed {
        let Some((_, names)) = library.get(key).and_then(lead_names) else {
            continue;
        };
        let mut names = names.clone();
        if style.add_givenname
            && let Some(NameValue::Item(first)) = names.first()
            && initials_by_family
                .get(&family(&names[0]).to_lowercase())
                .is_some_and(|set| set.len() > 1)
        {
            let given = initials(first.given.as_deref().unwrap_or_default());
            let shown = format!("{given} {}", family(&names[0]));
            names[0] = NameValue::Literal(LiteralName {
                literal: shown.trim().to_string(),
            });
        }
        names_of.insert(key, names);
    }

    // Works whose citations could read the same: same first name and year.
    let mut candidates: HashMap<(String, String), Vec<&str>> = HashMap::new();
    for key in listed {
        let Some(item) = library.get(key) else {
            continue;
        };
        let first = names_of
            .get(key)
            .and_then(|n| n.first())
            .map(family)
            .unwrap_or_else(|| {
                item.0
                    .get("title")
                    .and_then(Value::to_str)
                    .map(|t| t.to_string())
                    .unwrap_or_default()
            });
        candidates
            .entry((first.to_lowercase(), year_key(item)))
            .or_default()
            .push(key);
    }
    let mut changed: HashSet<&str> = names_of
        .iter()
        .filter(|(key, names)| {
            library
                .get(key)
                .and_then(lead_names)
                .is_some_and(|(_, original)| original != *names)
        })
        .map(|(key, _)| *key)
        .collect();
    let mut shown_names: HashMap<&str, usize> = HashMap::new();
    if style.add_names {
        for group in candidates.values().filter(|g| g.len() > 1) {
            add_names(group, &names_of, &mut shown_names);
        }
    }
    changed.extend(shown_names.keys().copied());
    for key in changed {
        let (Some(item), Some(names)) = (library.get(key), names_of.get(key)) else {
            continue;
        };
        let Some((variable, _)) = lead_names(item) else {
            continue;
        };
        for narrative in [false, true] {
            let mut variant = item.clone();
            let names = match shown_names.get(key) {
                Some(&count) => vec![NameValue::Literal(LiteralName {
                    literal: names_list(names, count, narrative),
                })],
                None => names.clone(),
            };
            variant.0.insert(variable.to_string(), Value::Names(names));
            if narrative {
                forms.narrative.insert(key.to_string(), variant);
            } else {
                forms.parenthetical.insert(key.to_string(), variant);
            }
        }
    }

    // What still reads the same gets year letters.
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    if style.year_suffixes {
        for group in candidates.values().filter(|g| g.len() > 1) {
            for key in group {
                let Some(item) = forms.item(library, key, false) else {
                    continue;
                };
                let request = CitationRequest::new(
                    vec![CitationItem::with_entry(item)],
                    &style.style,
                    Some(style.locale.clone()),
                    &style.locales,
                    None,
                );
                let text = format!("{:#}", hayagriva::standalone_citation(request));
                groups.entry(text).or_default().push(key.to_string());
            }
        }
    }
    (forms, groups)
}

/// For works whose first author and year are the same but whose author lists differ, the
/// fewest names before "et al." that tell each apart (APA 8.18). Works whose lists are the
/// same are left to year letters.
fn add_names<'a>(
    group: &[&'a str],
    names_of: &HashMap<&'a str, Vec<NameValue>>,
    shown: &mut HashMap<&'a str, usize>,
) {
    let families = |key: &str| -> Vec<String> {
        names_of
            .get(key)
            .map(|names| names.iter().map(family).collect())
            .unwrap_or_default()
    };
    let lists: Vec<(&str, Vec<String>)> = group.iter().map(|k| (*k, families(k))).collect();
    for (key, list) in &lists {
        // Only works the style shortens with "et al." can show more names.
        if list.len() < 3 {
            continue;
        }
        let others: Vec<&Vec<String>> = lists
            .iter()
            .filter(|(k, l)| k != key && l != list)
            .map(|(_, l)| l)
            .collect();
        if others.is_empty() {
            continue;
        }
        let needed = (1..=list.len())
            .find(|&n| {
                others.iter().all(|other| {
                    other.get(..n.min(other.len())) != list.get(..n) || other.len() < n
                })
            })
            .unwrap_or(list.len());
        if needed > 1 {
            shown.insert(key, needed);
        }
    }
}

/// "Klugkist, Kato, et al." (or all names, "Klugkist, Kato, & Hoijtink" / "… and Hoijtink").
fn names_list(names: &[NameValue], count: usize, narrative: bool) -> String {
    let families: Vec<String> = names.iter().map(family).collect();
    if count < families.len() {
        return format!("{}, et al.", families[..count].join(", "));
    }
    // APA's parenthetical citations join the last name with "&", its narrative ones "and".
    let and = if narrative { "and" } else { "&" };
    match families.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{}, {and} {last}", rest.join(", "))
        }
        _ => families.join(", "),
    }
}

/// Letters for works whose citations read the same ("Heller, 2019"), in the reference list's
/// order: a, b, ... z, aa, ab ...
fn letter_groups(groups: &HashMap<String, Vec<String>>, order: &[&str]) -> HashMap<String, String> {
    let position: HashMap<&str, usize> = order.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut suffixes = HashMap::new();
    for keys in groups.values().filter(|keys| keys.len() > 1) {
        let mut keys: Vec<&String> = keys.iter().collect();
        keys.sort_by_key(|k| position.get(k.as_str()).copied().unwrap_or(usize::MAX));
        for (index, key) in keys.iter().enumerate() {
            suffixes.insert(key.to_string(), letters(index));
        }
    }
    suffixes
}

fn letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// Puts the letter after the year; with no year, after "n.d." or "in press" with a hyphen
/// ("n.d.-a", APA 8.19).
fn append_year_suffix(children: &mut ElemChildren, suffix: &str) {
    fn find<'a>(
        children: &'a mut ElemChildren,
        test: &dyn Fn(&hayagriva::Elem) -> bool,
    ) -> Option<&'a mut hayagriva::Elem> {
        for child in children.0.iter_mut() {
            if let ElemChild::Elem(elem) = child {
                if test(elem) {
                    return Some(elem);
                }
                if let Some(found) = find(&mut elem.children, test) {
                    return Some(found);
                }
            }
        }
        None
    }
    fn last_text(elem: &mut hayagriva::Elem) -> Option<&mut Formatted> {
        elem.children.0.iter_mut().rev().find_map(|c| match c {
            ElemChild::Text(text) => Some(text),
            _ => None,
        })
    }
    if let Some(date) = find(children, &|e| e.meta == Some(ElemMeta::Date))
        && let Some(text) = last_text(date)
    {
        text.text.push_str(suffix);
        return;
    }
    let undated = |e: &hayagriva::Elem| {
        e.meta == Some(ElemMeta::Text)
            && e.children.0.iter().any(|c| {
                matches!(c, ElemChild::Text(t) if t.text == "n.d." || super::dates::status(&t.text).is_some())
            })
    };
    if let Some(elem) = find(children, &undated)
        && let Some(text) = last_text(elem)
    {
        text.text.push('-');
        text.text.push_str(suffix);
    }
}

/// In "(Smith, 2020a; 2020b)" the second work's author was collapsed away: the delimiter before
/// a work without names joins a group, so it becomes the group delimiter: "(Smith, 2020a, 2020b)".
fn join_collapsed_groups(citation: &mut ElemChildren, group_delimiter: &str) {
    let collapsed: Vec<bool> = citation
        .0
        .iter()
        .map(|child| matches!(child, ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Entry(_))) && e.children.find_names().is_none()))
        .collect();
    for index in 1..citation.0.len().saturating_sub(1) {
        if collapsed[index + 1]
            && let ElemChild::Text(text) = &mut citation.0[index]
            && text.text.trim() == ";"
        {
            text.text = group_delimiter.to_string();
        }
    }
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
/// DOI, URL, PubMed or PubMed Central record (as Pandoc links them).
fn title_link(item: &Item) -> Option<(String, String)> {
    let get = |v: &str| item.0.get(v).and_then(Value::to_str).map(|s| s.to_string());
    let title = get("title")?;
    let url = get("DOI")
        .map(|d| format!("https://doi.org/{d}"))
        .or_else(|| get("URL"))
        .or_else(|| get("PMID").map(|p| format!("https://www.ncbi.nlm.nih.gov/pubmed/{p}")))
        .or_else(|| {
            get("PMCID").map(|p| format!("https://www.ncbi.nlm.nih.gov/pmc/articles/{p}"))
        })?;
    Some((title, url))
}

fn plain_text(children: &[ElemChild], out: &mut String) {
    for child in children {
        match child {
            ElemChild::Text(t) => out.push_str(&t.text),
            ElemChild::Elem(e) => plain_text(&e.children.0, out),
            ElemChild::Markup(m) => out.push_str(m),
            ElemChild::Link { text, .. } => out.push_str(&text.text),
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// Formatting in effect for a piece of text.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Effect {
    italic: bool,
    bold: bool,
    small_caps: bool,
    underline: bool,
    sup: bool,
    sub: bool,
}

impl Effect {
    fn tags(self) -> Vec<(&'static str, &'static str)> {
        let mut tags = Vec::new();
        if self.italic {
            tags.push(("<i>", "</i>"));
        }
        if self.bold {
            tags.push(("<b>", "</b>"));
        }
        if self.small_caps {
            tags.push(("<span class=\"small-caps\">", "</span>"));
        }
        if self.underline {
            tags.push(("<u>", "</u>"));
        }
        if self.sup {
            tags.push(("<sup>", "</sup>"));
        }
        if self.sub {
            tags.push(("<sub>", "</sub>"));
        }
        tags
    }
}

/// Writes hayagriva's element tree as HTML: text escaped, runs of one format in one tag, the
/// [`marks`] inside values applied (italic inside italic is upright, as citeproc prints it).
struct Html<'a> {
    out: String,
    open: Effect,
    /// Formatting switched on by marks in values.
    marked: Effect,
    /// Quotation marks open from marks, and whether the style's own quotes are open.
    quote_depth: usize,
    style_quote_open: bool,
    quotes: &'a [String; 4],
    /// The last two characters written, for punctuation that collides.
    last: [char; 2],
}

impl<'a> Html<'a> {
    fn new(quotes: &'a [String; 4]) -> Html<'a> {
        Html {
            out: String::new(),
            open: Effect::default(),
            marked: Effect::default(),
            quote_depth: 0,
            style_quote_open: false,
            quotes,
            last: [' ', ' '],
        }
    }

    fn finish(mut self) -> String {
        self.close_all();
        self.out
    }

    fn close_all(&mut self) {
        for (_, close) in self.open.tags().into_iter().rev() {
            self.out.push_str(close);
        }
        self.open = Effect::default();
    }

    /// Markup of our own (a link, a wrapper): formatting tags are closed around it.
    fn raw(&mut self, html: &str) {
        self.close_all();
        self.out.push_str(html);
    }

    fn set(&mut self, effect: Effect) {
        if effect != self.open {
            self.close_all();
            for (open, _) in effect.tags() {
                self.out.push_str(open);
            }
            self.open = effect;
        }
    }

    fn text(&mut self, text: &str, formatting: &Formatting) {
        let base = Effect {
            italic: formatting.font_style == FontStyle::Italic,
            bold: formatting.font_weight == FontWeight::Bold,
            small_caps: formatting.font_variant == FontVariant::SmallCaps,
            underline: formatting.text_decoration == TextDecoration::Underline,
            sup: formatting.vertical_align == VerticalAlign::Sup,
            sub: formatting.vertical_align == VerticalAlign::Sub,
        };
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                marks::ITALIC_ON | marks::ITALIC_OFF => self.marked.italic = c == marks::ITALIC_ON,
                marks::BOLD_ON | marks::BOLD_OFF => self.marked.bold = c == marks::BOLD_ON,
                marks::SMALL_CAPS_ON | marks::SMALL_CAPS_OFF => {
                    self.marked.small_caps = c == marks::SMALL_CAPS_ON
                }
                marks::SUP_ON | marks::SUP_OFF => self.marked.sup = c == marks::SUP_ON,
                marks::SUB_ON | marks::SUB_OFF => self.marked.sub = c == marks::SUB_ON,
                marks::QUOTE_OPEN => {
                    let inner = (self.quote_depth + usize::from(self.style_quote_open)) % 2 == 1;
                    self.quote_depth += 1;
                    let mark = self.quotes[if inner { 2 } else { 0 }].clone();
                    self.visible(&mark, base);
                }
                marks::QUOTE_CLOSE => {
                    self.quote_depth = self.quote_depth.saturating_sub(1);
                    let inner = (self.quote_depth + usize::from(self.style_quote_open)) % 2 == 1;
                    let mark = self.quotes[if inner { 3 } else { 1 }].clone();
                    self.visible(&mark, base);
                }
                c if marks::is_mark(c) => {}
                '.' if matches!(self.last[1], '?' | '!')
                    || (self.last[1] == '.'
                        && self.last[0] != '.'
                        && chars.peek() != Some(&'.')) =>
                {
                    // "reported?." and "U.S..": the style's full stop is not printed.
                }
                c => {
                    if self.quotes[0].starts_with(c) {
                        self.style_quote_open = true;
                    } else if self.quotes[1].starts_with(c)
                        && !chars.peek().is_some_and(|n| n.is_alphanumeric())
                    {
                        self.style_quote_open = false;
                    }
                    let mut buf = [0u8; 4];
                    self.visible(c.encode_utf8(&mut buf), base);
                }
            }
        }
    }

    /// Writes visible text with `base` formatting combined with the marks.
    fn visible(&mut self, text: &str, base: Effect) {
        let m = self.marked;
        self.set(Effect {
            italic: base.italic != m.italic,
            bold: base.bold || m.bold,
            small_caps: base.small_caps || m.small_caps,
            underline: base.underline,
            sup: base.sup || m.sup,
            sub: base.sub || m.sub,
        });
        // citeproc prints typographic apostrophes: "infant’s", not "infant's".
        crate::escape::html(&text.replace('\'', "’"), &mut self.out);
        for c in text.chars() {
            self.last = [self.last[1], c];
        }
    }

    /// Writes `children`; in a citation, each work (by its index in `keys`) links to its
    /// entry; in an entry, the element holding exactly the title may link to `title_link`.
    fn walk(
        &mut self,
        children: &[ElemChild],
        keys: Option<&[&str]>,
        title_link: Option<&(String, String)>,
    ) {
        for child in children {
            match child {
                ElemChild::Text(text) => self.text(&text.text, &text.formatting),
                ElemChild::Elem(elem) => {
                    if let (Some(ElemMeta::Entry(index)), Some(keys)) = (&elem.meta, keys)
                        && let Some(key) = keys.get(*index)
                    {
                        self.raw("<a href=\"#ref-");
                        crate::escape::html(key, &mut self.out);
                        self.out.push_str("\">");
                        self.walk(&elem.children.0, None, None);
                        self.raw("</a>");
                        continue;
                    }
                    if let Some((title, url)) = title_link
                        && elem.meta == Some(ElemMeta::Text)
                        && is_safe_url(url)
                    {
                        let mut text = String::new();
                        plain_text(&elem.children.0, &mut text);
                        if text == *title {
                            self.raw("<a href=\"");
                            crate::escape::html(url, &mut self.out);
                            self.out.push_str("\">");
                            self.walk(&elem.children.0, None, None);
                            self.raw("</a>");
                            continue;
                        }
                    }
                    let class = elem.display.map(|d| match d {
                        hayagriva::citationberg::Display::Block => "block",
                        hayagriva::citationberg::Display::LeftMargin => "left-margin",
                        hayagriva::citationberg::Display::RightInline => "right-inline",
                        hayagriva::citationberg::Display::Indent => "indent",
                    });
                    if let Some(class) = class {
                        self.raw(&format!("<span class=\"csl-{class}\">"));
                    }
                    self.walk(&elem.children.0, keys, title_link);
                    if class.is_some() {
                        self.raw("</span>");
                    }
                }
                ElemChild::Markup(markup) => self.text(markup, &Formatting::default()),
                ElemChild::Link { text, url } => {
                    if is_safe_url(url) {
                        self.raw("<a href=\"");
                        crate::escape::html(url, &mut self.out);
                        self.out.push_str("\">");
                        self.text(&text.text, &text.formatting);
                        self.raw("</a>");
                    } else {
                        self.text(&text.text, &text.formatting);
                    }
                }
                ElemChild::Transparent { .. } => {}
            }
        }
    }
}

/// Only web addresses become links (not `javascript:` or `file:` in a `url` field).
fn is_safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_letters() {
        assert_eq!(letters(0), "a");
        assert_eq!(letters(25), "z");
        assert_eq!(letters(26), "aa");
    }

    #[test]
    fn initials_as_apa_prints_them() {
        assert_eq!(initials("Mason"), "M.");
        assert_eq!(initials("Jean-Paul"), "J.-P.");
        assert_eq!(initials("B. N."), "B. N.");
        assert_eq!(initials("Jen-pei"), "J.");
        assert_eq!(initials("Aroha Te Pareake"), "A. T. P.");
    }

    #[test]
    fn writer_merges_runs_and_drops_colliding_full_stops() {
        let quotes = ["‘".to_string(), "’".into(), "“".into(), "”".into()];
        let mut html = Html::new(&quotes);
        let italic = Formatting {
            font_style: FontStyle::Italic,
            ..Default::default()
        };
        html.text("What is it?", &Formatting::default());
        html.text(". ", &Formatting::default());
        html.text("Book", &italic);
        html.text(" title", &italic);
        html.text(
            " with \u{E000}t\u{E001}-test \u{E00A}quoted\u{E00B} <&>",
            &Formatting::default(),
        );
        assert_eq!(
            html.finish(),
            "What is it? <i>Book title</i> with <i>t</i>-test ‘quoted’ &lt;&amp;&gt;"
        );
    }
}
