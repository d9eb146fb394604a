//! Hayagriva YAML bibliographies, read by hayagriva and turned into the same CSL-JSON items
//! as `.bib` entries, so both get the same formatting and the same corrections: initials
//! spaced ("B.N." → "B. N."), DOIs without their resolver, URLs exactly as written (hayagriva
//! lower-cases their host), multi-word family names kept whole.
//!
//! The CSL type and variables follow hayagriva's own mapping (its documentation's "Entry
//! types" and the parents an entry has: an `article` in a `periodical` is a journal article).

use std::collections::HashMap;

use hayagriva::Entry;
use hayagriva::citationberg::json::{Item, NameValue};
use hayagriva::types::{Date, EntryType, MaybeTyped, Person, PersonRole};

use super::csl::{ItemBuilder, clean_doi, name_value};
use super::dates;
use super::names::{Name, is_suffix, organisation_clue, spaced_initials};

/// Converts the entries of one file; `text` is the file, for the URLs as written.
pub fn items(library: &hayagriva::Library, text: &str) -> Vec<Item> {
    let urls = raw_urls(text);
    library
        .iter()
        .map(|entry| item(entry, urls.get(entry.key()).map(String::as_str)))
        .collect()
}

/// A person written as one plain string without a comma (`author: Jane Smith`): hayagriva
/// reads the whole string as a family name, so it is printed as written ("Jane Smith.
/// (2019)"), as an organisation is. Those that do not read as an organisation (see
/// [`organisation_clue`]) come back as (entry key, the name), for a warning: a person is
/// written `Smith, Jane`, an organisation `{ name: Te Pou }`.
pub fn names_printed_as_written(text: &str) -> Vec<(String, String)> {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(text)
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (key, entry) in &map {
        let Some(key) = key.as_str() else { continue };
        let mut names = Vec::new();
        plain_names(entry, 0, &mut names);
        found.extend(names.into_iter().map(|name| (key.to_string(), name)));
    }
    found
}

/// The plain-string names of an entry's `author`, `editor` and `affiliated` names, and of its
/// parents' (to a depth of 8), that have no comma, two words or more and no organisation clue.
fn plain_names(entry: &serde_yaml::Value, depth: usize, out: &mut Vec<String>) {
    if depth > 8 {
        return;
    }
    let mut take = |value: Option<&serde_yaml::Value>| {
        let values: Vec<&serde_yaml::Value> = match value {
            Some(serde_yaml::Value::Sequence(list)) => list.iter().collect(),
            Some(value) => vec![value],
            None => Vec::new(),
        };
        for name in values.iter().filter_map(|v| v.as_str()) {
            let words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
            if !name.contains(',') && words.len() > 1 && organisation_clue(&words).is_none() {
                out.push(name.trim().to_string());
            }
        }
    };
    take(entry.get("author"));
    take(entry.get("editor"));
    if let Some(serde_yaml::Value::Sequence(roles)) = entry.get("affiliated") {
        for role in roles {
            take(role.get("names"));
        }
    }
    match entry.get("parent") {
        Some(serde_yaml::Value::Sequence(parents)) => {
            for parent in parents {
                plain_names(parent, depth + 1, out);
            }
        }
        Some(parent) => plain_names(parent, depth + 1, out),
        None => {}
    }
}

/// Each entry's `url` as the file writes it (a string, or `value:` of a mapping).
fn raw_urls(text: &str) -> HashMap<String, String> {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(text)
    else {
        return HashMap::new();
    };
    map.iter()
        .filter_map(|(key, entry)| {
            let key = key.as_str()?;
            let url = entry.get("url")?;
            let url = url
                .as_str()
                .or_else(|| url.get("value").and_then(|v| v.as_str()))?;
            Some((key.to_string(), url.trim().to_string()))
        })
        .collect()
}

/// The CSL type of an entry: its own type, and for an article or an entry, its parent's
/// (an `article` in a `periodical` is a journal article).
fn csl_type(entry: &Entry) -> &'static str {
    let parent = entry.parents().first().map(Entry::entry_type);
    match entry.entry_type() {
        EntryType::Article => match parent {
            Some(EntryType::Periodical) => "article-journal",
            Some(EntryType::Newspaper) => "article-newspaper",
            Some(EntryType::Proceedings | EntryType::Conference) => "paper-conference",
            Some(EntryType::Blog) => "post-weblog",
            Some(EntryType::Web) => "webpage",
            _ => "article",
        },
        EntryType::Chapter | EntryType::Anthos => "chapter",
        EntryType::Entry => match parent {
            Some(EntryType::Reference) => "entry-encyclopedia",
            _ => "entry",
        },
        EntryType::Book | EntryType::Anthology | EntryType::Proceedings | EntryType::Reference => {
            "book"
        }
        EntryType::Report => "report",
        EntryType::Thesis => "thesis",
        EntryType::Web | EntryType::Blog => "webpage",
        EntryType::Post | EntryType::Thread => "post",
        EntryType::Repository => "software",
        EntryType::Patent => "patent",
        EntryType::Case => "legal_case",
        EntryType::Legislation => "legislation",
        EntryType::Manuscript => "manuscript",
        EntryType::Video => "motion_picture",
        EntryType::Audio => "song",
        EntryType::Artwork => "graphic",
        EntryType::Periodical | EntryType::Newspaper => "periodical",
        EntryType::Performance => "performance",
        EntryType::Conference | EntryType::Exhibition => "event",
        _ => "document",
    }
}

/// A person as a CSL name; initials spaced, particles kept before the family name.
/// `King, Martin Luther, Jr.` (the suffix last, as RIS and most people write it, where
/// hayagriva reads `Family, Suffix, Given`) is "King, M. L., Jr.", as `King, Jr., Martin Luther`.
fn person_name(person: &Person) -> NameValue {
    let (mut given, mut suffix) = (person.given_name.clone(), person.suffix.clone());
    if given.as_deref().is_some_and(is_suffix) && !suffix.as_deref().is_some_and(is_suffix) {
        std::mem::swap(&mut given, &mut suffix);
    }
    let name = Name {
        family: person.name.clone(),
        given: given.as_ref().map(|g| spaced_initials(g)),
        particle: person.prefix.clone(),
        suffix,
        ..Name::default()
    };
    name_value(&name, true)
}

/// hayagriva's date (months and days counted from 0) as ours (from 1); `None` for a year
/// out of CSL's range.
fn csl_date(date: &Date) -> Option<dates::Date> {
    Some(dates::Date {
        year: i16::try_from(date.year).ok()?,
        month: date.month.map(|m| m + 1),
        day: date.day.map(|d| d + 1),
        approximate: date.approximate,
        season: date.season.map(|s| s.to_csl_number()),
    })
}

/// A number as written in the file.
fn number_text<T: std::fmt::Display>(value: &MaybeTyped<T>) -> String {
    match value {
        MaybeTyped::Typed(n) => n.to_string(),
        MaybeTyped::String(s) => s.clone(),
    }
}

/// One entry as a CSL-JSON item; `raw_url` is its URL as the file writes it.
fn item(entry: &Entry, raw_url: Option<&str>) -> Item {
    let mut item = ItemBuilder::new(entry.key(), csl_type(entry));
    map_people(entry, &mut item);
    map_titles(entry, &mut item);
    map_numbers(entry, &mut item);
    map_publisher(entry, &mut item);
    map_descriptions(entry, &mut item);
    map_identifiers(entry, raw_url, &mut item);
    map_original(entry, &mut item);
    item.build()
}

/// The entry's own value of `field`, or its parent's (a journal's volume, a book's publisher).
fn own_or_parent(entry: &Entry, field: impl Fn(&Entry) -> Option<String>) -> Option<String> {
    field(entry).or_else(|| entry.parents().first().and_then(&field))
}

/// Authors, editors (the parent's when the entry has none), translators, directors,
/// compilers and illustrators.
fn map_people(entry: &Entry, item: &mut ItemBuilder) {
    let names = |people: &[Person]| people.iter().map(person_name).collect::<Vec<_>>();
    if let Some(authors) = entry.authors() {
        item.names("author", names(authors));
    }
    let editors = entry
        .editors()
        .or_else(|| entry.parents().first().and_then(Entry::editors));
    if let Some(editors) = editors {
        item.names("editor", names(editors));
    }
    for (role, variable) in [
        (PersonRole::Translator, "translator"),
        (PersonRole::Director, "director"),
        (PersonRole::Compiler, "compiler"),
        (PersonRole::Illustrator, "illustrator"),
    ] {
        let people: Vec<Person> = entry
            .affiliated()
            .into_iter()
            .flatten()
            .filter(|p| p.role == role)
            .flat_map(|p| p.names.iter().cloned())
            .collect();
        item.names(variable, names(&people));
    }
}

/// The title, its short form, and the parent's title as the container's.
fn map_titles(entry: &Entry, item: &mut ItemBuilder) {
    if let Some(title) = entry.title() {
        item.text("title", &title.value.to_string());
        if let Some(short) = &title.short {
            item.text("title-short", &short.to_string());
        }
    }
    if let Some(container) = entry.parents().first().and_then(Entry::title) {
        item.text("container-title", &container.value.to_string());
    }
}

/// The date, volume and issue (the parent's when the entry has none), edition and pages.
fn map_numbers(entry: &Entry, item: &mut ItemBuilder) {
    if let Some(d) = entry.date_any().and_then(csl_date) {
        item.date("issued", d);
    }
    if let Some(volume) = own_or_parent(entry, |e| e.volume().map(number_text)) {
        item.text("volume", &volume);
    }
    if let Some(issue) = own_or_parent(entry, |e| e.issue().map(number_text)) {
        item.text("issue", &issue);
    }
    if let Some(edition) = entry.edition().map(number_text) {
        item.text("edition", &edition);
    }
    if let Some(pages) = entry.page_range().map(number_text) {
        item.text("page", &pages);
    }
}

/// The publisher and its place (the parent's when the entry has none); an organisation when
/// there is no publisher.
fn map_publisher(entry: &Entry, item: &mut ItemBuilder) {
    if let Some(publisher) = own_or_parent(entry, |e| {
        e.publisher()
            .and_then(|p| p.name())
            .map(|n| n.value.to_string())
    }) {
        item.text("publisher", &publisher);
    }
    if let Some(place) = own_or_parent(entry, |e| {
        e.publisher()
            .and_then(|p| p.location())
            .or(e.location())
            .map(|l| l.value.to_string())
    }) {
        item.text("publisher-place", &place);
    }
    if let Some(organization) = entry.organization()
        && !item.has("publisher")
    {
        item.text("publisher", &organization.value.to_string());
    }
}

/// Genre, note and language.
fn map_descriptions(entry: &Entry, item: &mut ItemBuilder) {
    if let Some(genre) = entry.genre() {
        item.text("genre", &genre.value.to_string());
    }
    if let Some(note) = entry.note() {
        item.text("note", &note.value.to_string());
    }
    if let Some(language) = entry.language() {
        item.text("language", &language.to_string());
    }
}

/// DOI, the URL as written (and when it was visited), ISBN, ISSN, PubMed ids, version and
/// serial number.
fn map_identifiers(entry: &Entry, raw_url: Option<&str>, item: &mut ItemBuilder) {
    if let Some(doi) = entry.doi() {
        item.text("DOI", &clean_doi(doi));
    }
    if let Some(url) = entry.url_any() {
        item.text("URL", raw_url.unwrap_or(url.value.as_str()));
        if let Some(visited) = url.visit_date.as_ref().and_then(csl_date) {
            item.date("accessed", visited);
        }
    }
    for (value, variable) in [
        (entry.isbn(), "ISBN"),
        (entry.issn(), "ISSN"),
        (entry.pmid(), "PMID"),
        (entry.pmcid(), "PMCID"),
    ] {
        if let Some(value) = value {
            item.text(variable, value);
        }
    }
    if let Some(version) = entry.keyed_serial_number("version") {
        item.text("version", version);
    }
    if let Some(number) = entry.keyed_serial_number("serial") {
        item.text("number", number);
    }
}

/// A translated or reissued work's original (a parent of type `original`): its date and
/// title.
fn map_original(entry: &Entry, item: &mut ItemBuilder) {
    if let Some(original) = entry
        .parents()
        .iter()
        .find(|p| p.entry_type() == &EntryType::Original)
    {
        if let Some(d) = original.date().and_then(csl_date) {
            item.date("original-date", d);
        }
        if let Some(title) = original.title() {
            item.text("original-title", &title.value.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_string_people_are_found_in_entries_parents_and_roles() {
        let text = "a:\n  type: article\n  author: [Jane Smith, \"Smith, Jane\", Ministry of Health, Plato]\n  affiliated:\n    - role: translator\n      names: [Ana Ruiz]\n  parent:\n    type: book\n    editor: Te Kani Kingi\n";
        assert_eq!(
            super::names_printed_as_written(text),
            [
                ("a".to_string(), "Jane Smith".to_string()),
                ("a".to_string(), "Ana Ruiz".to_string()),
                ("a".to_string(), "Te Kani Kingi".to_string()),
            ]
        );
        assert!(super::names_printed_as_written("not: [yaml").is_empty());
    }

    #[test]
    fn a_suffix_written_last_is_the_suffix() {
        use hayagriva::citationberg::json::NameValue;
        use std::str::FromStr;
        let item = |written: &str| {
            let person = hayagriva::types::Person::from_str(written).unwrap();
            match super::person_name(&person) {
                NameValue::Item(n) => (n.family, n.given, n.suffix),
                other => panic!("{other:?}"),
            }
        };
        let king = (
            "King".to_string(),
            Some("Martin Luther".to_string()),
            Some("Jr.".to_string()),
        );
        assert_eq!(item("King, Martin Luther, Jr."), king);
        assert_eq!(item("King, Jr., Martin Luther"), king);
    }
}
