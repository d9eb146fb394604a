//! CSL-JSON bibliographies (`.json`): what Zotero ("CSL JSON"), Better BibTeX, Mendeley,
//! Paperpile, `pandoc -t csljson` and citeproc-js exchange. The items are already in the shape
//! the formatter takes, so reading them is mostly checking them: a value hayagriva would stop
//! on is never handed over. A date range is cut to its start (as for `.bib` dates, and
//! documented); a month 0 or a name that is not a name is mended or left out with a warning
//! at its place in the file.
//!
//! What is changed on the way, as for `.bib` entries: rich text (`<i>`, `<b>`, `<sup>`,
//! `<sub>`, small caps) becomes the formatter's marks, DOIs lose their resolver, initials are
//! spaced ("B.N." → "B. N."), a multi-word family name is kept whole, numbers become text.

use std::cell::OnceCell;
use std::collections::BTreeMap;

use hayagriva::citationberg::json::{Item, NameItem, NameValue};
use serde_json::value::RawValue;

use super::bibtex::{Problem, UNSEEN_HINT, UNSEEN_SHOWN};
use super::csl::{ItemBuilder, clean_doi, name_value};
use super::dates::{self, DateReading};
use super::marks;
use super::names::{Name, spaced_initials};
use crate::support::diagnostic::LineIndex;

/// CSL's name variables (CSL 1.0.2, appendix IV).
const NAME_VARIABLES: &[&str] = &[
    "author",
    "chair",
    "collection-editor",
    "compiler",
    "composer",
    "container-author",
    "contributor",
    "curator",
    "director",
    "editor",
    "editorial-director",
    "executive-producer",
    "guest",
    "host",
    "illustrator",
    "interviewer",
    "narrator",
    "organizer",
    "original-author",
    "performer",
    "producer",
    "recipient",
    "reviewed-author",
    "script-writer",
    "series-creator",
    "translator",
];

/// CSL's date variables.
const DATE_VARIABLES: &[&str] = &[
    "accessed",
    "available-date",
    "event-date",
    "issued",
    "original-date",
    "submitted",
];

/// CSL 1.0.2's item types.
const TYPES: &[&str] = &[
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
];

/// The text and number variables an APA reference prints: one that is a list or an object
/// (`"title": ["a", "b"]`) is left out with a warning, not in silence.
const PRINTED_VARIABLES: &[&str] = &[
    "title",
    "title-short",
    "container-title",
    "collection-title",
    "publisher",
    "publisher-place",
    "event-title",
    "genre",
    "medium",
    "volume",
    "issue",
    "page",
    "number",
    "edition",
    "DOI",
    "URL",
    "ISBN",
    "status",
    "version",
];

pub(super) const HINT: &str =
    "fix the value in the reference manager and export again, or edit the .json file";

/// For a date written with `date_parts` (as some scripts that turn Zotero's items into JSON write it).
const DATE_PARTS_NAME_HINT: &str = "write `date-parts`, with a hyphen, as in `\"issued\": {\"date-parts\": [[2014, 6]]}`, or export the items again with Zotero's \"CSL JSON\" format";

/// The warning for a date written with `date_parts`.
fn date_parts_underscore(offset: usize, field: &str, key: &str) -> Problem {
    Problem {
        offset,
        message: format!(
            "the `{field}` of the item `{key}` has `date_parts`, which CSL-JSON does not have, so it is left out (Pandoc leaves it out too: the work has no date)"
        ),
        hint: DATE_PARTS_NAME_HINT,
    }
}

/// Gives the item the variables its note starts with ([`note_variables`]) that it lacks.
fn fill_from_note(item: &mut ItemBuilder, note: &str) {
    for (name, value) in note_variables(note) {
        if item.has(&name) {
            continue;
        }
        if DATE_VARIABLES.contains(&name.as_str()) {
            if let DateReading::Date(date) = dates::read_date(&value) {
                item.date(&name, date);
            }
        } else {
            store_text(item, &name, value);
        }
    }
}

/// Whether a date is an object with `date_parts` (an underscore) instead of `date-parts`.
fn has_date_parts_underscore(raw: &RawValue) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw.get())
        .is_ok_and(|object| object.contains_key("date_parts") && !object.contains_key("date-parts"))
}

/// For a month or day the date parts cannot have.
const DATE_PARTS_HINT: &str = "write the month as 1 to 12 (or a season as 21 to 24, spring to winter) and the day as a day of that month, or leave them out, as in `\"date-parts\": [[2020]]`";

/// The items of a CSL-JSON file as (key, item, byte offset of the item). An item's key is its `citation-key` when it
/// has one (Zotero 7 and Better BibTeX export it; Zotero's own `id` is a long URL), else its
/// `id`. Problems go to `problems`: errors for what stops the file or an item being read,
/// `warnings` for values left out or mended.
pub fn read(
    text: &str,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Vec<(String, Item, usize)> {
    let entries: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(unreadable(text, &e));
            return Vec::new();
        }
    };
    let mut items = Vec::with_capacity(entries.len());
    // Key → the offset of the item that has it first.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut unseen = 0;
    // Lines for the warnings that name the line of a first field or item: made once, at the
    // first, not counted from the file's start for each (a file may have thousands).
    let lines = OnceCell::new();
    let line_of = |offset: usize| {
        lines
            .get_or_init(|| LineIndex::new(text))
            .line_col(offset)
            .0
    };
    for (n, entry) in entries.into_iter().enumerate() {
        let offset = offset_in(text, entry.get());
        let fields: BTreeMap<String, &RawValue> = match serde_json::from_str(entry.get()) {
            Ok(FieldList(list)) => distinct_fields(text, list, &line_of, warnings),
            Err(_) => {
                problems.push(Problem {
                    offset,
                    message: format!("item {} of this CSL-JSON list is not an object", n + 1),
                    hint: "each item is an object such as {\"id\": \"smith2020\", \"type\": \"book\", ...}",
                });
                continue;
            }
        };
        let Some((key, item)) = read_item(text, offset, &fields, problems, warnings) else {
            continue;
        };
        for (field, raw) in &fields {
            escaped_unseen(text, raw.get(), (field, &key), &mut unseen, warnings);
        }
        if let Some(first) = seen.get(&key) {
            let line = line_of(*first);
            problems.push(Problem {
                offset,
                message: format!(
                    "the key `{key}` is used by two items in this file (the first is on line {line})"
                ),
                hint: "keys must be unique: give one of them another `id` (or `citation-key`)",
            });
            continue;
        }
        seen.insert(key.clone(), offset);
        items.push((key, item, offset));
    }
    if unseen > UNSEEN_SHOWN {
        warnings.push(Problem {
            offset: 0,
            message: format!(
                "{} more characters no web page or feed may hold are left out of this file's values",
                unseen - UNSEEN_SHOWN
            ),
            hint: UNSEEN_HINT,
        });
    }
    items
}

/// A warning at each escape in a value (`"A\u0007b"`, `"\f"`) that makes a character no page
/// or feed may hold (JSON allows no raw control character in a string, so an escape is the only
/// way in): the character is left out, as the `.bib` reader leaves out a raw one. `raw` is the
/// value's JSON in `text`; `field` and `key` name it; `unseen` counts them across the file.
fn escaped_unseen(
    text: &str,
    raw: &str,
    (field, key): (&str, &str),
    unseen: &mut usize,
    warnings: &mut Vec<Problem>,
) {
    if !raw.contains('\\') {
        return;
    }
    let start = offset_in(text, raw);
    let mut chars = raw.char_indices();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        let made = match chars.next() {
            Some((_, 'b')) => Some('\u{8}'),
            Some((_, 'f')) => Some('\u{C}'),
            Some((u, 'u')) => raw
                .get(u + 1..u + 5)
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .and_then(char::from_u32),
            _ => None,
        };
        let Some(made) = made.filter(|&c| crate::support::escape::forbidden_in_markup(c)) else {
            continue;
        };
        let written = if raw[at..].starts_with("\\u") {
            raw.get(at..at + 6).unwrap_or("\\u")
        } else {
            raw.get(at..at + 2).unwrap_or("\\")
        };
        *unseen += 1;
        if *unseen <= UNSEEN_SHOWN {
            warnings.push(Problem {
                offset: start + at,
                message: format!(
                    "the `{field}` of the item `{key}` holds {}; it is left out",
                    crate::support::escape::made_by_written_escape(
                        made,
                        "the JSON escape",
                        written
                    )
                ),
                hint: UNSEEN_HINT,
            });
        }
    }
}

/// The error for a file serde_json cannot read as a list: at the mistake, in words for the
/// usual ones (a trailing comma, one object instead of a list, Better BibTeX's own JSON).
fn unreadable(text: &str, e: &serde_json::Error) -> Problem {
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    let not_a_list = text.trim_start().starts_with('{');
    let mut offset = offset_of_line_col(text, e.line(), e.column());
    // `"a": 1, }`: serde_json says "key must be a string" at the `}`; the mistake is
    // the comma before it.
    let trailing = text[..offset.min(text.len())]
        .trim_end_matches(['}', ']'])
        .trim_end()
        .strip_suffix(',')
        .map(str::len)
        .filter(|_| message.starts_with("key must be a string"));
    if let Some(comma) = trailing {
        offset = comma;
    }
    if not_a_list && trailing.is_none() && better_bibtex_json(text) {
        return Problem {
            offset,
            message: "this is a Better BibTeX JSON export (Zotero's own fields, for moving a library to another Zotero), not the CSL JSON a citation style reads".into(),
            hint: "in Zotero, export the collection again as \"Better CSL JSON\" (or \"CSL JSON\") and name that file in `bibliography:`",
        };
    }
    Problem {
        offset,
        message: if trailing.is_some() {
            "this CSL-JSON file cannot be read: a comma here, before `}`, is not allowed in JSON"
                .into()
        } else if not_a_list {
            "this CSL-JSON file is one object; it must be a list of items (`[{...}, {...}]`)"
                .to_string()
        } else {
            format!("this CSL-JSON file cannot be read: {message}")
        },
        hint: "export the references again as \"CSL JSON\"; a file made by hand must be a JSON list of objects, each with an `id` and a `type`",
    }
}

/// Whether `text` is Better BibTeX's own JSON export (`{"config": {"label": "BetterBibTeX
/// JSON", ...}, "items": [...]}`), which Zotero offers beside "Better CSL JSON" and which holds
/// Zotero's fields (`creators`, `publicationTitle`), not CSL's.
fn better_bibtex_json(text: &str) -> bool {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    value
        .get("config")
        .and_then(|config| config.get("label"))
        .and_then(serde_json::Value::as_str)
        .is_some_and(|label| label.starts_with("BetterBibTeX"))
}

/// An item's fields in the order written, repeats included (a map would keep the last of two
/// `id`s without a word).
struct FieldList<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for FieldList<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visitor<'a> {
            type Value = FieldList<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                let mut fields = Vec::new();
                while let Some(pair) = map.next_entry::<String, &'de RawValue>()? {
                    fields.push(pair);
                }
                Ok(FieldList(fields))
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// The fields by name; a field written twice is a warning at the second, which is used (as
/// every JSON reader, Pandoc's too, keeps the last).
/// `line_of` gives the 1-based line of a byte offset in `text`.
fn distinct_fields<'a>(
    text: &str,
    list: Vec<(String, &'a RawValue)>,
    line_of: &impl Fn(usize) -> usize,
    warnings: &mut Vec<Problem>,
) -> BTreeMap<String, &'a RawValue> {
    let mut fields = BTreeMap::new();
    for (name, value) in list {
        let name = variable_name(name);
        if let Some(first) = fields.insert(name.clone(), value) {
            let line = line_of(offset_in(text, first.get()));
            warnings.push(Problem {
                offset: offset_in(text, value.get()),
                message: format!(
                    "this item has `{name}` twice (the first on line {line}); the second, `{}`, is used",
                    shorten(value.get())
                ),
                hint: "delete the one that is wrong: a reference manager writes each field once",
            });
        }
    }
    fields
}

/// The variables that are addresses or numbers, read as written rather than as rich text.
const IDENTIFIERS: &[&str] = &["DOI", "ISBN", "ISSN", "PMCID", "PMID", "URL"];

/// CSL's variable names are read without regard to case, as Pandoc reads them (its variables
/// are case-insensitive): `Volume`, `Number`, `Publisher`, as some exports write them
/// (Better BibTeX's copies of a Zotero item's "Extra" lines), and `doi`, `url`, are the
/// variables `volume`, `number`, `publisher`, `DOI`, `URL`, not fields no style prints.
fn variable_name(name: String) -> String {
    const UPPER: &[&str] = &["DOI", "ISBN", "ISSN", "PMCID", "PMID", "URL"];
    if let Some(upper) = UPPER.iter().find(|v| v.eq_ignore_ascii_case(&name)) {
        return upper.to_string();
    }
    // The formatter (citationberg 0.7) looks CSL's `archive-place` up as `archive_place`, so a
    // work's archive had no place, and APA's test for a physical archive never held.
    if name.eq_ignore_ascii_case("archive-place") || name.eq_ignore_ascii_case("archive_place") {
        return "archive_place".into();
    }
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        name.to_ascii_lowercase()
    } else {
        name
    }
}

/// One item; `None` (with an error) when it has no usable key.
fn read_item(
    text: &str,
    offset: usize,
    fields: &BTreeMap<String, &RawValue>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Option<(String, Item)> {
    let at = |field: &str| {
        fields
            .get(field)
            .map_or(offset, |v| offset_in(text, v.get()))
    };
    let key = ["citation-key", "id"]
        .iter()
        .find_map(|field| scalar(fields.get(*field)?).filter(|k| !k.trim().is_empty()));
    let Some(key) = key.map(|k| k.trim().to_string()) else {
        problems.push(Problem {
            offset,
            message: "this CSL-JSON item has no `id`, so it cannot be cited".into(),
            hint: "give it an `id` (the key you cite it by, such as \"smith2020\")",
        });
        return None;
    };
    if let Some(message) = fields
        .get("URL")
        .and_then(|raw| scalar(raw))
        .and_then(|url| crate::bibliography::html::unlinked_url(&key, &url))
    {
        warnings.push(Problem {
            offset: at("URL"),
            message,
            hint: crate::bibliography::html::UNLINKED_URL_HINT,
        });
    }
    // Warnings with a hint of their own, added after the others.
    let mut date_problems = Vec::new();
    let mut warn = |field: &str, message: String| {
        warnings.push(Problem {
            offset: at(field),
            message,
            hint: HINT,
        })
    };
    let kind = item_type(fields, &key, &mut warn);
    let mut item = ItemBuilder::new(&key, &kind);
    for (field, raw) in fields {
        let field = field.as_str();
        if matches!(field, "id" | "type" | "citation-key") {
            continue;
        }
        if NAME_VARIABLES.contains(&field) {
            date_problems.extend(note_in_a_name(raw, field, &key, at(field)));
            match read_names(raw) {
                Some(names) => item.names(field, names),
                None => warn(
                    field,
                    format!(
                        "the `{field}` of the item `{key}` is not a list of names; it is left out"
                    ),
                ),
            }
            continue;
        }
        if DATE_VARIABLES.contains(&field) {
            let reading = read_date(raw);
            if let Some((DateReading::Date(date), Some(problem))) = &reading {
                date_problems.push(year_only(at(field), field, &key, problem, date.year));
            }
            match reading.map(|(reading, _)| reading) {
                Some(DateReading::Date(date)) => item.date(field, date),
                Some(DateReading::Status(status)) if field == "issued" => {
                    if !item.has("status") {
                        item.text("status", status);
                    }
                }
                Some(DateReading::NoDate | DateReading::Status(_)) => {}
                Some(DateReading::Unreadable) | None if has_date_parts_underscore(raw) => {
                    date_problems.push(date_parts_underscore(at(field), field, &key))
                }
                Some(DateReading::Unreadable) | None => warn(
                    field,
                    format!(
                        "the `{field}` of the item `{key}` is not a date (`{}`); it is left out",
                        shorten(raw.get())
                    ),
                ),
            }
            continue;
        }
        // Anything else that is text or a number is a standard or number variable; lists and
        // objects (Zotero's `other-ids`, `custom`) are not printed by any style.
        let Some(value) = scalar(raw).or_else(|| crossref_list(raw, field)) else {
            if PRINTED_VARIABLES.contains(&field) && raw.get().trim() != "null" {
                warn(
                    field,
                    format!(
                        "the `{field}` of the item `{key}` is not text (`{}`); it is left out",
                        shorten(raw.get())
                    ),
                );
            }
            continue;
        };
        store_text(&mut item, field, value);
    }
    if let Some(note) = fields.get("note").and_then(|raw| scalar(raw)) {
        fill_from_note(&mut item, &note);
    }
    warnings.append(&mut date_problems);
    // APA 7 (10.9) labels a data set "[Data set]"; CSL's term says "Dataset" (as for `.bib`).
    if kind == "dataset" && !item.has("genre") {
        item.text("genre", "Data set");
    }
    Some((key, item.build()))
}

/// The variables a `note` starts with, one a line, `Name: value` (or `{:name: value}`): how
/// Zotero writes what its "Extra" field holds for a field the item's type lacks ("DOI:
/// 10.17487/rfc7230" for a report, "original-date: 1946"), and what citeproc-js and Pandoc's
/// citeproc read as the variables ("cheater syntax"). Read up to the first line that is not
/// `name: value` or text that is not `{:name: value}`, as Pandoc reads them; a name is read without regard to case, with spaces
/// for hyphens ("Original Date"). Only the variables an APA reference prints are taken
/// (`type` is not: it would change the whole reference), and only where the item lacks them
/// (done by the caller), so a field the reference manager shows wins over a note.
fn note_variables(note: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = note.trim_start();
    while !rest.is_empty() {
        // `{:DOI: 10.1/x}` may have text after it on its line ("{:DOI:10.1/x} and text"), as
        // citeproc reads it; `DOI: 10.1/x` is a whole line.
        let (field, after) = match rest.strip_prefix("{:") {
            Some(inner) => match inner.split_once('}') {
                Some(parts) => parts,
                None => break,
            },
            None => rest.split_once('\n').unwrap_or((rest, "")),
        };
        let Some((name, value)) = field.split_once(':') else {
            break;
        };
        let name = name.trim();
        let value = value.trim();
        let is_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_' || c == ' ');
        if !is_name || value.is_empty() {
            break;
        }
        let name = variable_name(name.replace([' ', '_'], "-"));
        let printed = PRINTED_VARIABLES.contains(&name.as_str())
            || DATE_VARIABLES.contains(&name.as_str())
            || IDENTIFIERS.contains(&name.as_str());
        if printed && name != "status" {
            found.push((name, value.to_string()));
        }
        rest = after.trim_start();
    }
    found
}

/// Stores a text or number variable: an address or identifier as written, anything else as
/// rich text ([`marked`]).
fn store_text(item: &mut ItemBuilder, field: &str, mut value: String) {
    value.retain(|c| !crate::support::escape::forbidden_in_markup(c));
    if IDENTIFIERS.contains(&field) {
        // An address or a number, not rich text: `?q="mood"` and `a<i>b</i>` are part of it,
        // not a quotation or italics (the link would lose them).
        value.retain(|c| !marks::is_mark(c));
        match field {
            "DOI" => item.text(field, &clean_doi(&value)),
            _ => item.text(field, &value),
        }
        return;
    }
    let value = marked(&value);
    match field {
        // Status words the style prints in place of a year, as biblatex's `pubstate`.
        "status" => item.text(field, dates::status(&value).unwrap_or(value.as_str())),
        _ => item.text(field, &value),
    }
}

/// The item's CSL type; an unknown or missing one is an `article` (as Pandoc formats it), with
/// a warning.
fn item_type(
    fields: &BTreeMap<String, &RawValue>,
    key: &str,
    warn: &mut dyn FnMut(&str, String),
) -> String {
    match fields.get("type").and_then(|v| scalar(v)) {
        Some(kind) if TYPES.contains(&kind.trim()) => kind.trim().to_string(),
        // `pandoc -t csljson` writes a `@misc` entry so; Pandoc formats it as an article.
        Some(kind) if kind.trim().is_empty() => "article".into(),
        Some(kind) => {
            warn(
                "type",
                format!(
                    "the item `{key}` has the type `{kind}`, which is not a CSL type; it is formatted as an `article` (as Pandoc does)"
                ),
            );
            "article".into()
        }
        None => {
            warn(
                "type",
                format!(
                    "the item `{key}` has no `type`; it is formatted as an `article` (as Pandoc does)"
                ),
            );
            "article".into()
        }
    }
}

const NOTE_IN_A_NAME_HINT: &str = "edit the name in the reference manager so that it holds the person's name alone (a family and a given name), move the note out of it, and export again";

/// A warning for a name one of whose parts opens a parenthesis another part closes (`"given":
/// "Kurt Hornik (partial"`, `"family": "1998)"`): a note about the person's part in the work,
/// split into the name by a reference manager that took the whole line for a name (Zotero
/// does so with an R package's authors, "Sina Tui (partial port ca 2003)"). It is printed as
/// a name, "ca 2003), S. T. (partial port", in every reference to the work.
fn note_in_a_name(raw: &RawValue, field: &str, key: &str, offset: usize) -> Option<Problem> {
    let list: Vec<BTreeMap<String, serde_json::Value>> = serde_json::from_str(raw.get()).ok()?;
    const PARTS: &[&str] = &[
        "given",
        "dropping-particle",
        "non-dropping-particle",
        "family",
        "suffix",
    ];
    list.iter().find_map(|name| {
        let parts: Vec<&str> = PARTS
            .iter()
            .filter_map(|part| name.get(*part)?.as_str())
            .filter(|part| !part.trim().is_empty())
            .collect();
        let open = |s: &str| s.matches('(').count() != s.matches(')').count();
        parts.iter().any(|part| open(part)).then(|| Problem {
            offset,
            message: format!(
                "a name in the `{field}` of the item `{key}` has a note in it (`{}`): a parenthesis opened in one part of the name is closed in another, so the note is printed as part of the name",
                parts.join(" ")
            ),
            hint: NOTE_IN_A_NAME_HINT,
        })
    })
}

/// A string, or a number as text; `None` for anything else.
fn scalar(raw: &RawValue) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(raw.get()).ok()? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A list that Crossref's CSL-JSON writes where CSL has one text (DOI content negotiation
/// returns `"ISBN": ["9783319532547", "9783319532554"]`, `"container-title": ["JAMA"]`): its
/// one text, or an ISBN's or ISSN's first (the print edition's; APA prints neither). Other
/// lists of several texts (`"title": ["a", "b"]`) are not read: which one is meant is not
/// known.
fn crossref_list(raw: &RawValue, field: &str) -> Option<String> {
    let list: Vec<String> = serde_json::from_str(raw.get()).ok()?;
    match list.as_slice() {
        [one] => Some(one.clone()),
        [first, ..] if field.eq_ignore_ascii_case("ISBN") || field.eq_ignore_ascii_case("ISSN") => {
            Some(first.clone())
        }
        _ => None,
    }
}

/// A list of CSL names (`{"family", "given", ...}`, `{"literal"}`, or Crossref's `{"name"}`);
/// `None` when it is not one.
fn read_names(raw: &RawValue) -> Option<Vec<NameValue>> {
    let list: Vec<BTreeMap<String, serde_json::Value>> = serde_json::from_str(raw.get()).ok()?;
    let text = |name: &BTreeMap<String, serde_json::Value>, part: &str| {
        let value = match name.get(part)? {
            serde_json::Value::String(s) => s.trim().to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => return None,
        };
        (!value.is_empty()).then(|| marks::strip(&value))
    };
    let mut names = Vec::with_capacity(list.len());
    for name in &list {
        // Crossref's CSL-JSON (what DOI content negotiation returns) writes a group author
        // as `{"name": "GTEx Consortium"}`, where CSL says `literal`.
        let crossref_group = || {
            (!name.contains_key("family") && !name.contains_key("given"))
                .then(|| text(name, "name"))
                .flatten()
        };
        if let Some(literal) = text(name, "literal").or_else(crossref_group) {
            names.push(name_value(
                &Name {
                    literal: Some(literal),
                    ..Name::default()
                },
                false,
            ));
            continue;
        }
        let mut given = text(name, "given").map(|g| spaced_initials(&g));
        // A name with only a given name (`{"given": "Plato"}`) is printed as a family name.
        // One equal to the family name is kept: "Yan, Y." for {"family": "Yan", "given": "Yan"}.
        let Some(family) = text(name, "family").or_else(|| given.take()) else {
            // An empty name (`{}`) is nothing to print.
            continue;
        };
        let suffix = text(name, "suffix");
        let mut non_dropping = text(name, "non-dropping-particle");
        let dropping = text(name, "dropping-particle");
        // A particle that ends in an apostrophe or hyphen ("d’", "al-") is written joined to
        // the family name: hayagriva would put a space between them.
        let mut family = family;
        if let Some(particle) = non_dropping.take_if(|p| p.ends_with(['’', '\'', '-'])) {
            family = format!("{particle}{family}");
        }
        let value = match (non_dropping, dropping) {
            // Both particles ("Ludwig van der Beethoven"-style): hayagriva takes the parts as
            // given whenever a particle is set.
            (Some(non_dropping), Some(dropping)) => NameValue::Item(NameItem {
                family,
                given,
                non_dropping_particle: Some(non_dropping),
                dropping_particle: Some(dropping),
                suffix,
                comma_suffix: None,
            }),
            (non_dropping, dropping) => name_value(
                &Name {
                    family,
                    given,
                    useprefix: Some(non_dropping.is_some()),
                    particle: non_dropping.or(dropping),
                    suffix,
                    ..Name::default()
                },
                false,
            ),
        };
        names.push(value);
    }
    (!names.is_empty()).then_some(names)
}

/// A CSL date: `{"date-parts": [[2019, 3, 9]]}` (parts as numbers or digits; a range's start
/// is used, as for `.bib` dates), `{"raw": "2019-03-09"}`, `{"literal": "..."}`, with
/// `"circa"`; or a plain string as in CSL YAML. `None` when it is none of these.
/// With it, what is wrong with a month or day, when only the year was kept.
fn read_date(raw: &RawValue) -> Option<(DateReading, Option<String>)> {
    let value: serde_json::Value = serde_json::from_str(raw.get()).ok()?;
    let object = match value {
        serde_json::Value::String(text) => return Some((dates::read_date(&text), None)),
        serde_json::Value::Object(object) => object,
        _ => return None,
    };
    let circa = match object.get("circa") {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::Number(n)) => n.as_u64() == Some(1),
        Some(serde_json::Value::String(s)) => s == "true" || s == "1",
        _ => false,
    };
    let literal = || match object.get("literal") {
        Some(serde_json::Value::String(literal)) => dates::read_date(literal),
        // Empty date parts are how Pandoc and Zotero write "no date".
        _ => DateReading::NoDate,
    };
    let mut year_only = None;
    let reading = if let Some(parts) = object.get("date-parts") {
        let Some(start) = parts.as_array()?.first() else {
            return Some((literal(), None));
        };
        let start = start.as_array()?;
        if start.is_empty() {
            return Some((literal(), None));
        }
        let part = |i: usize| -> Option<String> {
            match start.get(i)? {
                serde_json::Value::Number(n) => Some(n.to_string()),
                serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().into()),
                _ => None,
            }
        };
        match part(0) {
            Some(year) => {
                let (month, day) = (part(1), part(2));
                match dates::read_year(&year, month.as_deref(), day.as_deref()) {
                    // A month or day out of range: the year is kept, and said so.
                    DateReading::Unreadable => {
                        year_only = Some(month_or_day_problem(month.as_deref(), day.as_deref()));
                        dates::read_year(&year, None, None)
                    }
                    reading => reading,
                }
            }
            None => DateReading::Unreadable,
        }
    } else if let Some(serde_json::Value::String(raw)) = object.get("raw") {
        dates::read_date(raw)
    } else if object.contains_key("literal") {
        literal()
    } else {
        return None;
    };
    // `"season": 2` beside the parts (a month in them wins, as in citeproc).
    let season = match object.get("season") {
        Some(serde_json::Value::Number(n)) => dates::csl_season(&n.to_string()),
        Some(serde_json::Value::String(s)) => dates::csl_season(s),
        _ => None,
    };
    let reading = match reading {
        DateReading::Date(mut date) => {
            date.approximate |= circa;
            match season {
                Some(_) if date.month.is_none() && date.season.is_none() => {
                    dates::with_season(DateReading::Date(date), season)
                }
                _ => DateReading::Date(date),
            }
        }
        other => other,
    };
    Some((reading, year_only))
}

/// The warning for a date read as its year alone, since its month or day cannot be.
fn year_only(offset: usize, field: &str, key: &str, problem: &str, year: i16) -> Problem {
    Problem {
        offset,
        message: format!(
            "the `{field}` of the item `{key}` has {problem}; the date is read as the year {year}"
        ),
        hint: DATE_PARTS_HINT,
    }
}

/// What is wrong with the month or day of date parts whose year alone could be read: a month
/// that is neither a month nor one of CSL's seasons (`[2020, 30]`: ISO 8601-2 writes
/// quarters and other divisions of the year as 25 to 41, which CSL does not define), or a day
/// its month does not have.
fn month_or_day_problem(month: Option<&str>, day: Option<&str>) -> String {
    match (month, day) {
        (Some(m), _) if dates::month_number(m).is_none() => {
            format!("the month {m}, which is not a month (1 to 12) or a season (21 to 24)")
        }
        (Some(m), Some(d)) => format!("the day {d}, which month {m} does not have"),
        (None, Some(d)) => format!("the day {d} without a month"),
        _ => "a month or day that cannot be".into(),
    }
}

/// CSL-JSON's rich text (`<i>`, `<b>`, `<sup>`, `<sub>`, small caps, `nocase`) as the
/// formatter's marks. Any other `<` is text (a title may say "p < 0.05"); marks a file holds
/// are dropped, as the `.bib` reader drops them.
pub(super) fn marked(text: &str) -> String {
    /// A tag, its closing tag, and the marks it stands for (none: the text is kept as it is).
    type Tag = (&'static str, &'static str, Option<(char, char)>);
    const TAGS: &[Tag] = &[
        ("<i>", "</i>", Some((marks::ITALIC_ON, marks::ITALIC_OFF))),
        ("<em>", "</em>", Some((marks::ITALIC_ON, marks::ITALIC_OFF))),
        ("<b>", "</b>", Some((marks::BOLD_ON, marks::BOLD_OFF))),
        (
            "<strong>",
            "</strong>",
            Some((marks::BOLD_ON, marks::BOLD_OFF)),
        ),
        ("<sup>", "</sup>", Some((marks::SUP_ON, marks::SUP_OFF))),
        ("<sub>", "</sub>", Some((marks::SUB_ON, marks::SUB_OFF))),
        // citeproc-js's own short form.
        (
            "<sc>",
            "</sc>",
            Some((marks::SMALL_CAPS_ON, marks::SMALL_CAPS_OFF)),
        ),
        (
            "<span style=\"font-variant:small-caps;\">",
            "</span>",
            Some((marks::SMALL_CAPS_ON, marks::SMALL_CAPS_OFF)),
        ),
        (
            "<span style=\"font-variant: small-caps;\">",
            "</span>",
            Some((marks::SMALL_CAPS_ON, marks::SMALL_CAPS_OFF)),
        ),
        // Text kept as written by title casing; the text itself is all that is printed.
        ("<span class=\"nocase\">", "</span>", None),
    ];
    let mut out = String::with_capacity(text.len());
    // The closing tag and mark of each tag open.
    let mut open: Vec<(&str, Option<char>)> = Vec::new();
    // The quotations open: the character that closes each.
    let mut quotes: Vec<char> = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let next = rest[c.len_utf8()..].chars().next();
        // Quotation marks written in a value are quotations: the locale's marks are printed,
        // as Pandoc reads them and as the `.bib` reader does.
        let prev = text[..text.len() - rest.len()].chars().next_back();
        let quote = match c {
            '“' => Some(true),
            '‘' => Some(true),
            '"' => Some(quotes.last() != Some(&'"')),
            '”' | '’' if quotes.last() == Some(&c) => Some(false),
            '\'' if quotes.last() == Some(&'\'') && closes_single_quote(prev, next) => Some(false),
            '\'' if opens_single_quote(prev, next, &rest[1..]) => Some(true),
            _ => None,
        };
        // A closing single quote followed by a letter is an apostrophe.
        let quote =
            quote.filter(|opens| *opens || c != '’' || !next.is_some_and(char::is_alphanumeric));
        match quote {
            Some(true) => {
                quotes.push(match c {
                    '“' => '”',
                    '‘' => '’',
                    '\'' => '\'',
                    _ => '"',
                });
                out.push(marks::QUOTE_OPEN);
                rest = &rest[c.len_utf8()..];
                continue;
            }
            Some(false) => {
                quotes.pop();
                out.push(marks::QUOTE_CLOSE);
                rest = &rest[c.len_utf8()..];
                continue;
            }
            None => {}
        }
        if c == '<' {
            if let Some(&(close, mark)) = open.last()
                && rest.starts_with(close)
            {
                out.extend(mark);
                open.pop();
                rest = &rest[close.len()..];
                continue;
            }
            if let Some((tag, close, mark)) = TAGS.iter().find(|(tag, ..)| rest.starts_with(tag)) {
                out.extend(mark.map(|(on, _)| on));
                open.push((close, mark.map(|(_, off)| off)));
                rest = &rest[tag.len()..];
                continue;
            }
        }
        if !marks::is_mark(c) {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    // Tags and quotations left open are closed at the end, so the marks always pair.
    out.extend(open.iter().rev().filter_map(|(_, mark)| *mark));
    out.extend(quotes.iter().map(|_| marks::QUOTE_CLOSE));
    out
}

/// Whether a straight single quote between `prev` and `next` opens a quotation, as in "torture
/// and 'disappearance'": at the start of a word (after a space, an opening bracket or quote),
/// before a letter, and closed later in `after` (the text after it). An apostrophe ("don't",
/// "Māori's", "'90s") is none.
pub(super) fn opens_single_quote(prev: Option<char>, next: Option<char>, after: &str) -> bool {
    let at_word_start = prev.is_none_or(|p| p.is_whitespace() || "([{“‘\"".contains(p));
    if !at_word_start || !next.is_some_and(char::is_alphabetic) {
        return false;
    }
    let mut chars = after.chars().peekable();
    let mut before = None;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if c == '\'' && closes_single_quote(before, next) {
            return true;
        }
        // Another quotation opens first: this one was an apostrophe ("'tis the 'season'").
        if c == '\''
            && before.is_none_or(char::is_whitespace)
            && next.is_some_and(char::is_alphabetic)
        {
            return false;
        }
        before = Some(c);
    }
    false
}

/// Whether a straight single quote between `prev` and `next` closes a quotation: at the end
/// of a word, not inside one ("don't").
pub(super) fn closes_single_quote(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| !p.is_whitespace()) && !next.is_some_and(char::is_alphanumeric)
}

/// Where `part` (a slice of `text`) starts in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .checked_sub(text.as_ptr() as usize)
        .filter(|at| *at <= text.len())
        .unwrap_or(0)
}

/// The byte offset of 1-based `line` and `column` (serde_json's place of an error).
fn offset_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let (line_start, line_text) = line_at(text, line);
    // serde_json counts the column in bytes.
    let mut in_line = column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(in_line) {
        in_line -= 1;
    }
    line_start + in_line
}

/// Where 1-based `line` starts in `text` (its byte offset), and its text without its line
/// break: the end of `text` and nothing past its last line. Shared by the readers that turn
/// a library's line and column into an offset (the CSL-JSON reader's column counts bytes,
/// the CSL YAML reader's characters).
pub(super) fn line_at(text: &str, line: usize) -> (usize, &str) {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(start..).unwrap_or_default();
    (start, rest.split('\n').next().unwrap_or_default())
}

/// A value as written, cut short for a message.
fn shorten(json: &str) -> String {
    let flat: String = json.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayagriva::citationberg::json::Value;

    #[test]
    fn a_line_and_byte_column_after_non_ascii_text_is_the_right_offset() {
        // "Tā" is three bytes: serde_json's column 5 on line 2 is the `x` after "Tā ".
        let text = "[\nTā x\r\nend";
        assert_eq!(&text[offset_of_line_col(text, 2, 5)..][..1], "x");
        // A column inside a character goes back to its start; one past the line stays on it.
        assert_eq!(offset_of_line_col(text, 2, 3), text.find('ā').unwrap_or(0));
        assert_eq!(
            offset_of_line_col(text, 2, 99),
            text.find('\n').unwrap_or(0) + 7
        );
        assert_eq!(line_at(text, 3), (text.len() - 3, "end"));
        assert_eq!(line_at(text, 9), (text.len(), ""));
    }

    fn one(json: &str) -> (Option<(String, Item)>, Vec<Problem>, Vec<Problem>) {
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let mut items = read(json, &mut problems, &mut warnings);
        (
            items.pop().map(|(key, item, _)| (key, item)),
            problems,
            warnings,
        )
    }

    fn text<'a>(item: &'a Item, field: &str) -> Option<&'a str> {
        match item.0.get(field)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    #[test]
    fn crossrefs_group_authors_and_lists_are_read() {
        // DOI content negotiation's CSL-JSON: `name` for a group author (an affiliation's
        // `name` is not one), lists where CSL has a text.
        let (item, problems, warnings) = one(
            r#"[{"id": "a", "type": "chapter", "author": [{"given": "Mason", "family": "Durie", "affiliation": [{"name": "Massey"}]}, {"name": "GTEx Consortium", "sequence": "additional", "affiliation": []}], "container-title": ["Handbook"], "ISBN": ["9783319532547", "9783319532554"], "ISSN": [], "title": ["a", "b"]}]"#,
        );
        assert!(problems.is_empty());
        let (_, item) = item.expect("item");
        let Some(Value::Names(authors)) = item.0.get("author") else {
            panic!("{item:?}")
        };
        assert_eq!(authors.len(), 2);
        assert!(
            matches!(&authors[1], NameValue::Literal(l) if l.literal == "GTEx Consortium"),
            "{authors:?}"
        );
        assert_eq!(text(&item, "container-title"), Some("Handbook"));
        assert_eq!(text(&item, "ISBN"), Some("9783319532547"));
        // Two titles: which is meant is not known, so still a warning.
        assert!(text(&item, "title").is_none());
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("`title`"), "{messages:?}");
    }

    #[test]
    fn values_of_the_wrong_kind_are_warnings_not_silence() {
        // A title as a list left an entry printed as just "(n.d.)." with no word said.
        let (item, problems, warnings) = one(
            r#"[{"id": "a", "type": "book", "title": ["a", "b"], "publisher": {"name": "P"}, "volume": "\ud800", "custom": {"x": 1}, "note": null}]"#,
        );
        assert!(item.is_some() && problems.is_empty(), "{problems:?}");
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the `publisher` of the item `a` is not text (`{\"name\": \"P\"}`); it is left out",
                "the `title` of the item `a` is not text (`[\"a\", \"b\"]`); it is left out",
                "the `volume` of the item `a` is not text (`\"\\ud800\"`); it is left out",
            ]
        );
    }

    #[test]
    fn a_field_written_twice_is_a_warning_and_the_second_is_used() {
        let json = "[{\"id\": \"a\", \"type\": \"book\",\n \"id\": \"b\", \"title\": \"T\"}]";
        let (item, problems, warnings) = one(json);
        assert!(problems.is_empty(), "{problems:?}");
        let (key, item) = item.expect("item");
        assert_eq!(key, "b");
        assert_eq!(text(&item, "title"), Some("T"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].message,
            "this item has `id` twice (the first on line 1); the second, `\"b\"`, is used"
        );
        assert!(json[warnings[0].offset..].starts_with("\"b\""));
    }

    #[test]
    fn a_language_written_by_its_name_is_its_code() {
        for (written, code) in [
            ("English", "en-US"),
            ("english", "en-US"),
            ("en", "en"),
            ("eng", "eng"),
            ("German", "de-DE"),
            ("Māori", "mi-NZ"),
            ("Klingon", "Klingon"),
        ] {
            let json =
                format!("[{{\"id\": \"a\", \"type\": \"book\", \"language\": \"{written}\"}}]");
            let (item, problems, _) = one(&json);
            assert!(problems.is_empty(), "{problems:?}");
            let (_, item) = item.expect("item");
            assert_eq!(text(&item, "language"), Some(code), "{written}");
        }
    }

    #[test]
    fn fields_and_keys_written_twice_name_the_right_lines_across_a_file() {
        // Items on lines 2-4, 5-7 and 8 (with "ā", "—" before them, two bytes and three),
        // then 200 items each with `title` twice, then one with the key of the first.
        let mut json = String::from("[\n");
        json.push_str(
            "{\"id\": \"a\", \"title\": \"Māori\",\n \"note\": \"—\",\n \"title\": \"B\"},\n",
        );
        json.push_str("{\"id\": \"b\",\n \"volume\": \"1\",\n \"Volume\": \"2\"},\n");
        json.push_str("{\"id\": \"c\", \"id\": \"d\"},\n");
        for n in 0..200 {
            json.push_str(&format!(
                "{{\"id\": \"x{n}\",\n \"title\": \"T\",\n \"title\": \"U\"}},\n"
            ));
        }
        json.push_str("{\"id\": \"a\"}\n]");
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let items = read(&json, &mut problems, &mut warnings);
        assert_eq!(items.len(), 203);
        let lines = LineIndex::new(&json);
        // (Items without a `type` are warned about too; those are not the point here.)
        let said: Vec<(usize, String)> = warnings
            .iter()
            .filter(|w| w.message.contains(" twice "))
            .map(|w| (lines.line_col(w.offset).0, w.message.clone()))
            .collect();
        assert_eq!(said.len(), 203);
        assert_eq!(said[0].0, 4);
        assert!(
            said[0]
                .1
                .starts_with("this item has `title` twice (the first on line 2)")
        );
        assert_eq!(said[1].0, 7);
        assert!(
            said[1]
                .1
                .starts_with("this item has `volume` twice (the first on line 6)")
        );
        assert_eq!(said[2].0, 8);
        assert!(
            said[2]
                .1
                .starts_with("this item has `id` twice (the first on line 8)")
        );
        for (n, (line, message)) in said[3..].iter().enumerate() {
            assert_eq!(*line, 11 + 3 * n, "{message}");
            let first = format!(
                "this item has `title` twice (the first on line {})",
                10 + 3 * n
            );
            assert!(message.starts_with(&first), "{message}");
        }
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(lines.line_col(problems[0].offset).0, 609);
        assert!(problems[0].message.ends_with("(the first is on line 2)"));
    }

    #[test]
    fn rich_text_becomes_marks_and_other_angle_brackets_stay_text() {
        assert_eq!(
            marked("Welch’s <i>t</i>-test for p < 0.05 <b>now"),
            "Welch’s \u{E000}t\u{E001}-test for p < 0.05 \u{E002}now\u{E003}"
        );
        assert_eq!(
            marked("<span class=\"nocase\">iPhone</span> use"),
            "iPhone use"
        );
        assert_eq!(marked("a\u{E000}b"), "ab");
        assert_eq!(
            marked("What does “failure to ‘replicate’” mean? Don’t \"say\" it"),
            "What does \u{E00A}failure to \u{E00A}replicate\u{E00B}\u{E00B} mean? Don’t \u{E00A}say\u{E00B} it"
        );
        assert_eq!(marked("“open"), "\u{E00A}open\u{E00B}");
        // Straight single quotes around words are a quotation; apostrophes stay text.
        assert_eq!(
            marked("torture and 'disappearance' ('so-called'), don't"),
            "torture and \u{E00A}disappearance\u{E00B} (\u{E00A}so-called\u{E00B}), don't"
        );
        assert_eq!(
            marked("Māori's 'big' idea: the '90s, 'tis the 'season', the students' views"),
            "Māori's \u{E00A}big\u{E00B} idea: the '90s, 'tis the \u{E00A}season\u{E00B}, the students' views"
        );
        assert_eq!(marked("</i> stray"), "</i> stray");
        assert_eq!(marked("<sc>Small</sc>"), "\u{E004}Small\u{E005}");
    }

    #[test]
    fn zotero_export_reads_with_its_citation_key_and_string_years() {
        let (item, problems, warnings) = one(
            r#"[{"id": "http://zotero.org/users/local/ab/items/CD", "citation-key": "bowlby1973",
                "type": "book", "title": "Attachment and loss", "volume": 2,
                "author": [{"family": "Bowlby", "given": "J.M."}, {"literal": "World Health Organization"}],
                "issued": {"date-parts": [["1973", "13"]]}, "DOI": "https://doi.org/10.1/x",
                "other-ids": ["a"]}]"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        // Month 13: a warning, and the year kept.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].message.ends_with(
                "has the month 13, which is not a month (1 to 12) or a season (21 to 24); the date is read as the year 1973"
            ),
            "{warnings:?}"
        );
        let (key, item) = item.expect("item");
        assert_eq!(key, "bowlby1973");
        assert_eq!(text(&item, "volume"), Some("2"));
        assert_eq!(text(&item, "DOI"), Some("10.1/x"));
        let Some(Value::Names(names)) = item.0.get("author") else {
            panic!("{item:?}")
        };
        match &names[0] {
            NameValue::Item(n) => assert_eq!(n.given.as_deref(), Some("J. M.")),
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&names[1], NameValue::Literal(l) if l.literal == "World Health Organization")
        );
        // Month 13 is dropped, the year kept.
        let Some(Value::Date(hayagriva::citationberg::json::DateValue::DateParts {
            date_parts,
            ..
        })) = item.0.get("issued")
        else {
            panic!("{item:?}")
        };
        assert_eq!(date_parts.0[0].0, vec![1973]);
    }

    #[test]
    fn variables_a_note_starts_with_fill_what_the_item_lacks() {
        // Zotero writes a report's DOI into `note` ("Extra"): Pandoc's citeproc reads it, and
        // APA 9.34 prints a DOI in place of the URL.
        let json = r#"[{"id": "a", "type": "report", "URL": "https://example.org/a", "DOI": "10.1/own", "note": "DOI: 10.1/note\nOriginal Date: 1946\npublisher: Te Whatu Ora\nCitation Key: a2020\nPMID: 123\nA remark\nISBN: 978-0"}]"#;
        let (item, problems, warnings) = one(json);
        assert!(problems.is_empty() && warnings.is_empty(), "{warnings:?}");
        let (_, item) = item.expect("item");
        // The item's own DOI wins over the note's.
        assert_eq!(text(&item, "DOI"), Some("10.1/own"));
        assert_eq!(text(&item, "publisher"), Some("Te Whatu Ora"));
        assert!(item.0.contains_key("original-date"), "{item:?}");
        // Past the first line that is not `name: value`, nothing is read.
        assert!(!item.0.contains_key("ISBN"));
        let json = r#"[{"id": "b", "type": "report", "note": "{:DOI: 10.1/b}\ntype: book"}]"#;
        let (_, item) = one(json).0.expect("item");
        assert_eq!(text(&item, "DOI"), Some("10.1/b"));
        assert_eq!(text(&item, "type"), Some("report"));
        assert_eq!(note_variables("no variables here"), Vec::new());
        // `{:name: value}` with text after it on its line, as citeproc reads it; the text
        // ends what is read.
        let pairs = |note: &str| -> Vec<(String, String)> { note_variables(note) };
        let doi = |v: &str| ("DOI".to_string(), v.to_string());
        assert_eq!(pairs("{:DOI:10.1/x} and text"), [doi("10.1/x")]);
        // What follows on the line is read as a line would be.
        assert_eq!(
            pairs("{:DOI: 10.1/x} {:publisher: Te Pou} Accessed: 2023\nA remark\nPMID: 1"),
            [
                doi("10.1/x"),
                ("publisher".into(), "Te Pou".into()),
                ("accessed".into(), "2023".into())
            ]
        );
        assert_eq!(pairs("Read {:DOI:10.1/x}"), Vec::new());
        assert_eq!(pairs("{:DOI:10.1/x"), Vec::new());
    }

    #[test]
    fn a_date_with_date_parts_written_with_an_underscore_is_named() {
        let json = r#"[{"id": "a", "type": "report", "issued": {"date_parts": [["2014", 6]]}}]"#;
        let (item, _, warnings) = one(json);
        assert!(!item.expect("item").1.0.contains_key("issued"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("`date_parts`"));
        assert_eq!(warnings[0].hint, DATE_PARTS_NAME_HINT);
    }

    #[test]
    fn what_would_stop_the_formatter_is_left_out_with_a_warning_at_its_place() {
        let json = "[{\"id\": \"a\", \"type\": \"novel\",\n \"issued\": {\"date-parts\": [[\"spring\"]]},\n \"author\": \"Smith\",\n \"accessed\": {\"date-parts\": [[2020, 1], [2021, 2]]}}]";
        let (item, problems, warnings) = one(json);
        assert!(problems.is_empty(), "{problems:?}");
        let (_, item) = item.expect("item");
        assert_eq!(text(&item, "type"), Some("article"));
        assert!(!item.0.contains_key("issued") && !item.0.contains_key("author"));
        // A range's start is used: hayagriva stops on ranges.
        assert!(item.0.contains_key("accessed"));
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(warnings.len(), 3, "{messages:?}");
        assert!(messages[0].contains("`novel`"), "{messages:?}");
        let issued = warnings
            .iter()
            .find(|w| w.message.contains("`issued`"))
            .expect("issued");
        assert!(json[issued.offset..].starts_with("{\"date-parts\": [[\"spring\"]]}"));
    }

    #[test]
    fn an_escaped_control_character_is_left_out_with_a_warning_at_the_escape() {
        // `"A\u0007b"` reached the formatter unsaid (the HTML escape dropped the BEL), where
        // the `.bib` reader warns for one; now CSL-JSON does too, at the escape.
        let json = r#"[{"id": "a", "type": "book", "title": "A\u0007b", "author": [{"family": "Sm\fith"}], "note": "tab\tand \\u0007 kept"}]"#;
        let (item, problems, warnings) = one(json);
        assert!(problems.is_empty(), "{problems:?}");
        let found: Vec<(usize, &str)> = warnings
            .iter()
            .map(|w| (w.offset, w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    json.find("\\f").unwrap(),
                    "the `author` of the item `a` holds U+000C, a character no web page or feed may hold (made by the JSON escape `\\f`); it is left out"
                ),
                (
                    json.find("\\u0007").unwrap(),
                    "the `title` of the item `a` holds U+0007, a character no web page or feed may hold (made by the JSON escape `\\u0007`); it is left out"
                )
            ]
        );
        let (_, item) = item.unwrap();
        assert_eq!(text(&item, "title"), Some("Ab"));
        assert_eq!(text(&item, "note"), Some("tab\tand \\u0007 kept"));
    }

    #[test]
    fn a_file_that_is_not_a_list_of_items_is_an_error_at_its_place() {
        let (item, problems, _) = one("[{\"id\": \"a\",\n \"type\": \"book\" \"title\": \"x\"}]");
        assert!(item.is_none());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("cannot be read"),
            "{problems:?}"
        );
        assert_eq!(problems[0].offset, 29);
        let (_, problems, _) = one("[{\"id\": \"a\",\n \"type\": \"book\",\n}]");
        assert!(
            problems[0].message.contains("a comma here, before `}`"),
            "{problems:?}"
        );
        assert_eq!(problems[0].offset, 28);
        let (_, problems, _) = one("{\"id\": \"a\", \"type\": \"book\"}");
        assert!(problems[0].message.contains("one object"), "{problems:?}");
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let items = read(
            "[{\"id\": \"a\", \"type\": \"book\"},\n{\"id\": \"a\", \"type\": \"book\"}]",
            &mut problems,
            &mut warnings,
        );
        assert_eq!(items.len(), 1);
        assert!(
            problems[0].message.contains("(the first is on line 1)"),
            "{problems:?}"
        );
        assert_eq!(problems[0].offset, 30);
        let (item, problems, _) = one("[{\"type\": \"book\"}, 3]");
        assert!(item.is_none());
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
