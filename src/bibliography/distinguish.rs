//! Telling works apart in citations, as APA 7 (8.18–8.20) and CSL's `disambiguate-*` ask:
//! - first authors who share a surname but not their initials get their initials
//!   ("A. Durie, 1997; M. Durie, 1998");
//! - works whose citations would read "Klugkist et al., 2005" alike show as many names as
//!   tell them apart ("Klugkist, Kato, et al., 2005"; "Klugkist, Laudy, et al., 2005");
//! - what still reads the same gets year letters (2019a, 2019b; assigned in `year_letters`).
//!
//! Initials and names are decided per page, because a page's reference list is the one its
//! citations point into (Pandoc decides them per document); the letters are decided for the
//! whole site, because the bibliography page shows them next to every work.
//!
//! hayagriva has passes for this, but they resolve only a few groups per run; here a work's
//! citation form is a variant of its CSL item (its names replaced by what the citation shows).

use std::collections::{HashMap, HashSet};

use hayagriva::CitationItem;
use hayagriva::citationberg::json::{DateValue, Item, LiteralName, NameValue, Value};

use super::{CitationStyle, Library};
use crate::citation::{Citation, CiteForm};

/// Sets the form of every cited work on one page: `citations` are the page's, `named` the
/// keys its front matter lists (they are in its reference list too).
pub fn distinguish_page(
    library: &Library,
    style: &CitationStyle,
    citations: &mut [Citation],
    named: &[&str],
) {
    add_names_and_initials(library, style, citations, named);
    super::group_authors::choose_forms(&library.groups, citations);
}

/// The names and initials that tell the page's works apart (see [`forms`]).
fn add_names_and_initials(
    library: &Library,
    style: &CitationStyle,
    citations: &mut [Citation],
    named: &[&str],
) {
    if !style.independent_citations || !(style.add_names || style.add_givenname) {
        return;
    }
    let mut keys: Vec<String> = citations
        .iter()
        .flat_map(|c| c.items.iter().map(|i| i.key.clone()))
        .chain(named.iter().map(|k| k.to_string()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let forms = forms(library, style, &keys);
    for item in citations.iter_mut().flat_map(|c| c.items.iter_mut()) {
        item.form = forms.get(item.key.as_str()).copied().unwrap_or_default();
    }
}

/// The forms that tell `keys` (the works of one reference list) apart.
pub fn forms<'a>(
    library: &Library,
    style: &CitationStyle,
    keys: &[&'a str],
) -> HashMap<&'a str, CiteForm> {
    let mut forms: HashMap<&'a str, CiteForm> = HashMap::new();
    if style.add_givenname {
        // Initials tell apart only first authors who share a family name: they are made (by
        // hayagriva, which costs) only for those, and most pages have none.
        let mut by_family: HashMap<String, Vec<(&'a str, &str)>> = HashMap::new();
        for key in keys {
            if let Some((family, given)) = first_author(library, key) {
                by_family.entry(family).or_default().push((key, given));
            }
        }
        for group in by_family.values().filter(|g| g.len() > 1) {
            let differ = group
                .iter()
                .map(|(_, given)| initials(given))
                .collect::<HashSet<_>>()
                .len()
                > 1;
            if differ {
                for (key, _) in group {
                    forms.entry(key).or_default().initials = true;
                }
            }
        }
    }
    if style.add_names {
        let mut groups: HashMap<(String, String), Vec<&'a str>> = HashMap::new();
        for key in keys {
            if let Some(item) = library.get(key)
                && let Some((_, names)) = lead_names(item)
                && let Some(first) = names.first()
            {
                groups
                    .entry((family_name(first).to_lowercase(), year_key(item)))
                    .or_default()
                    .push(key);
            }
        }
        for group in groups.values().filter(|g| g.len() > 1) {
            // Only works whose citations read alike need more names: "Lakens (2017)" and
            // "Lakens et al. (2017)" are already told apart.
            let mut alike: HashMap<String, Vec<&'a str>> = HashMap::new();
            for key in group {
                let form = forms.get(key).copied().unwrap_or_default();
                alike
                    .entry(citation_text(library, style, key, form))
                    .or_default()
                    .push(key);
            }
            for same in alike.values().filter(|g| g.len() > 1) {
                for (key, count) in names_needed(library, same) {
                    forms.entry(key).or_default().names = count;
                }
            }
        }
    }
    forms.retain(|_, form| !form.is_plain());
    forms
}

/// The plain text of a work's citation in `form`, as the style prints it alone.
pub fn citation_text(
    library: &Library,
    style: &CitationStyle,
    key: &str,
    form: CiteForm,
) -> String {
    let variant = variant(library, key, form, false);
    let Some(item) = variant.as_ref().or_else(|| library.get(key)) else {
        return String::new();
    };
    let request = style.citation_request(vec![CitationItem::with_entry(item)], true);
    format!("{:#}", hayagriva::standalone_citation(request))
}

/// The work's CSL item as a citation in `form` prints it; `None` when that is the item
/// itself.
pub fn variant(library: &Library, key: &str, form: CiteForm, narrative: bool) -> Option<Item> {
    if form.is_plain() {
        return None;
    }
    let item = library.get(key)?;
    let (variable, names) = lead_names(item)?;
    let mut names = names.clone();
    if let Some(cited) = library
        .groups
        .get(key)
        .and_then(|group| super::group_authors::cited_names(form.group, narrative, group))
    {
        names = vec![cited];
    }
    if form.initials
        && let Some(NameValue::Item(first)) = names.first()
    {
        let shown = format!(
            "{} {}",
            initials(first.given.as_deref().unwrap_or_default()),
            family_name(&names[0])
        );
        names[0] = NameValue::Literal(LiteralName {
            literal: shown.trim().to_string(),
        });
    }
    if form.names > 0 {
        names = vec![NameValue::Literal(LiteralName {
            literal: names_list(&names, usize::from(form.names), narrative),
        })];
    }
    let mut variant = item.clone();
    variant.0.insert(variable.to_string(), Value::Names(names));
    Some(variant)
}

/// Works as their citations show them: (key, form, narrative) → the work's CSL item with
/// its names as that citation prints them.
pub type Variants = HashMap<(String, CiteForm, bool), Item>;

/// Every (key, form) the citations use, with its variant items for parenthetical and
/// narrative citations.
pub fn variants(library: &Library, citations: &[&Citation]) -> Variants {
    let mut out = HashMap::new();
    for citation in citations {
        for item in &citation.items {
            let id = (item.key.clone(), item.form, citation.narrative);
            if item.form.is_plain() || out.contains_key(&id) {
                continue;
            }
            if let Some(variant) = variant(library, &item.key, item.form, citation.narrative) {
                out.insert(id, variant);
            }
        }
    }
    out
}

/// The names a citation starts with: the authors, or the editors when there are none (as
/// APA and most styles substitute).
pub(super) fn lead_names(item: &Item) -> Option<(&'static str, &Vec<NameValue>)> {
    for variable in ["author", "editor"] {
        if let Some(Value::Names(names)) = item.0.get(variable)
            && !names.is_empty()
        {
            return Some((variable, names));
        }
    }
    None
}

/// What a citation starts with, for finding works that could read alike: the first name,
/// or the title (lowercase).
pub fn first_name_or_title(item: &Item) -> String {
    match lead_names(item).and_then(|(_, names)| names.first()) {
        Some(name) => family_name(name).to_lowercase(),
        None => item
            .0
            .get("title")
            .and_then(Value::to_str)
            .map(|t| t.to_lowercase())
            .unwrap_or_default(),
    }
}

/// The first author's family name (lowercase) and given names, when the first name is a
/// person's.
fn first_author<'l>(library: &'l Library, key: &str) -> Option<(String, &'l str)> {
    let (_, names) = library.get(key).and_then(lead_names)?;
    match names.first()? {
        first @ NameValue::Item(person) => Some((
            family_name(first).to_lowercase(),
            person.given.as_deref().unwrap_or_default(),
        )),
        NameValue::Literal(_) => None,
    }
}

/// A name as citations print it: particle and family, or the organisation.
fn family_name(name: &NameValue) -> String {
    match name {
        NameValue::Literal(l) => l.literal.clone(),
        NameValue::Item(n) => match &n.non_dropping_particle {
            Some(particle) => format!("{particle} {}", n.family),
            None => n.family.clone(),
        },
    }
}

/// "Mason" → "M.", "Jean-Paul" → "J.-P.", "B. N." → "B. N.", "Jen-pei" → "J.", `John "Jack"`
/// → `J. "Jack"`: the initials the reference list prints (hayagriva's, with APA's
/// `initialize-with=". "`), so a citation's initials are the reference list's.
pub fn initials(given: &str) -> String {
    let person = hayagriva::types::Person {
        name: String::new(),
        given_name: Some(given.to_string()),
        prefix: None,
        suffix: None,
        comma_suffix: false,
        alias: None,
    };
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = person.initials(&mut out, Some(". "), true);
    out
}

/// The work's year as its citation prints it: the issued year, or its status, or nothing.
pub fn year_key(item: &Item) -> String {
    match item.0.get("issued") {
        Some(Value::Date(DateValue::DateParts { date_parts, .. })) => date_parts
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

/// For works with the same first author and year whose author lists differ, the fewest names
/// before "et al." that tell each apart (APA 8.18). Works whose lists are the same are left
/// to year letters; lists of one or two names are never shortened, so they need nothing.
fn names_needed<'a>(library: &Library, group: &[&'a str]) -> Vec<(&'a str, u8)> {
    let lists: Vec<(&str, Vec<String>)> = group
        .iter()
        .map(|key| {
            let names = library
                .get(key)
                .and_then(lead_names)
                .map(|(_, names)| names.iter().map(family_name).collect())
                .unwrap_or_default();
            (*key, names)
        })
        .collect();
    let mut out = Vec::new();
    for (key, list) in &lists {
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
            .find(|&n| others.iter().all(|other| other.get(..n) != list.get(..n)))
            .unwrap_or(list.len());
        if needed > 1 {
            out.push((*key, u8::try_from(needed).unwrap_or(u8::MAX)));
        }
    }
    out
}

/// "Klugkist, Kato, et al." (or every name: "Klugkist, Kato, & Hoijtink" in parentheses,
/// "Klugkist, Kato, and Hoijtink" in running text).
fn names_list(names: &[NameValue], count: usize, narrative: bool) -> String {
    let families: Vec<String> = names.iter().map(family_name).collect();
    if count < families.len() {
        return format!("{}, et al.", families[..count].join(", "));
    }
    let and = if narrative { "and" } else { "&" };
    match families.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}, {and} {last}", rest.join(", ")),
        _ => families.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_as_apa_prints_them() {
        assert_eq!(initials("Mason"), "M.");
        assert_eq!(initials("Jean-Paul"), "J.-P.");
        assert_eq!(initials("B. N."), "B. N.");
        assert_eq!(initials("Jen-pei"), "J.");
        assert_eq!(initials("Aroha Te Pareake"), "A. T. P.");
        assert_eq!(initials("John \"Jack\""), "J. \"Jack\"");
        assert_eq!(initials("Robert (Bob)"), "R. (Bob)");
        assert_eq!(initials("(Ann)"), "(Ann)");
    }
}
