//! CSL YAML bibliographies (`.yaml`, `.yml`): CSL-JSON's items written as YAML. Pandoc writes
//! them (`pandoc refs.bib -s -t markdown`, and pandoc-citeproc's `--bib2yaml` before it), Better
//! BibTeX exports them ("Better CSL YAML"), and Quarto and R Markdown sites keep their
//! references in them. A YAML file is read as CSL YAML when it is a list of items or a map with
//! a `references:` list ([`looks_like_csl`]); a map of entries is Hayagriva YAML (`yaml`).
//!
//! Each item is turned into CSL-JSON and read by the CSL-JSON reader, so both formats get the
//! same checks and corrections; its problems are placed at the YAML line of the field (or item)
//! they are about. What differs is read as Pandoc reads it: text values are Pandoc Markdown
//! (`*italic*`, `---` an em dash, `[iPhone]{.nocase}`), and pandoc-citeproc's dates
//! (`issued: [{year: 2001, month: 3}]`) are date parts.

use hayagriva::citationberg::json::Item;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde_yaml::Value;

use super::bibtex::Problem;
use super::csl_json;

/// The variables taken as written: identifiers and codes. Pandoc reads every other text
/// variable as Markdown (a title's `*italic*`, a page range's `10--20`); names and dates are
/// read by parts.
const VERBATIM_VARIABLES: &[&str] = &[
    "DOI",
    "ISBN",
    "ISSN",
    "PMCID",
    "PMID",
    "URL",
    "citation-key",
    "id",
    "language",
    "type",
];

/// CSL's date variables: a number there (`issued: 2019`) is a year.
const DATE_VARIABLES: &[&str] = &[
    "accessed",
    "available-date",
    "event-date",
    "issued",
    "original-date",
    "submitted",
];

const HINT: &str = "export the references again (Better BibTeX: \"Better CSL YAML\"; Pandoc: `pandoc refs.bib -s -t markdown`), or write the file as a `references:` list of items, each with an `id` and a `type`";

/// Whether `text` is CSL YAML rather than Hayagriva YAML: its first content is a list item, or
/// it has a top-level `references:` whose value is a list. Read from the text, so that a file
/// YAML cannot read is still reported in the words of its own format.
pub fn looks_like_csl(text: &str) -> bool {
    let mut lines = content_lines(text);
    let Some(first) = lines.next() else {
        return false;
    };
    if first.starts_with('-') && !first.starts_with("---") {
        return true;
    }
    let mut lines = std::iter::once(first).chain(lines);
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("references:") else {
            continue;
        };
        let rest = rest.split(" #").next().unwrap_or("").trim();
        return match rest {
            "" => lines
                .next()
                .is_some_and(|next| next.trim_start().starts_with('-')),
            _ => rest.starts_with('['),
        };
    }
    false
}

/// The lines of `text` that hold YAML content: not blank, not a comment, not a directive or a
/// document marker.
fn content_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|line| {
        let trimmed = line.trim_start();
        !(trimmed.is_empty()
            || trimmed.starts_with('#')
            || line.starts_with('%')
            || *line == "---"
            || *line == "...")
    })
}

/// The items of a CSL YAML file as (key, item, byte offset of the item), as
/// [`csl_json::read`] gives them; problems as it reports them, at their places in `text`.
pub fn read(
    text: &str,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Vec<(String, Item, usize)> {
    let Some(items) = references(text, problems) else {
        return Vec::new();
    };
    let places = item_places(text);
    let (json, map) = as_json(items, &places);
    let (mut json_problems, mut json_warnings) = (Vec::new(), Vec::new());
    let read = csl_json::read(&json, &mut json_problems, &mut json_warnings);
    let place = |offset: usize| {
        let i = map.partition_point(|(json_at, _)| *json_at <= offset);
        i.checked_sub(1).map_or(0, |i| map[i].1)
    };
    let moved = |problem: Problem| Problem {
        offset: place(problem.offset),
        message: problem.message.replace("CSL-JSON", "CSL YAML"),
        hint: if problem.hint == csl_json::HINT {
            "fix the value in the reference manager and export again, or edit the .yaml file"
        } else {
            problem.hint
        },
    };
    problems.extend(json_problems.into_iter().map(moved));
    warnings.extend(json_warnings.into_iter().map(moved));
    read.into_iter()
        .map(|(key, item, offset)| (key, item, place(offset)))
        .collect()
}

/// The file's items: the document itself when it is a list, else its `references:`.
fn references(text: &str, problems: &mut Vec<Problem>) -> Option<Vec<Value>> {
    let document = metadata_block(text);
    let findings = crate::support::yaml::scan::scan(document);
    let document = match crate::support::yaml::read_value(document, &findings, 1) {
        Ok(document) => document,
        Err(e) => {
            let mut message = format!("this CSL YAML file cannot be read: {}", e.message);
            if let Some(hint) = e.hint {
                message.push_str(&format!(" ({hint})"));
            }
            problems.push(Problem {
                offset: offset_of(text, e.line, e.column),
                message,
                hint: HINT,
            });
            return None;
        }
    };
    match document {
        Value::Sequence(items) => Some(items),
        Value::Mapping(mut map) => match map.remove("references") {
            Some(Value::Sequence(items)) => Some(items),
            _ => {
                problems.push(Problem {
                    offset: text.find("references:").unwrap_or(0),
                    message: "the `references:` of this CSL YAML file is not a list of items"
                        .into(),
                    hint: HINT,
                });
                None
            }
        },
        _ => None,
    }
}

/// The YAML of `text`: all of it, or, when it starts with a `---` line as Pandoc writes it (a
/// Markdown document's metadata block), what is between that line and the next `---` or `...`
/// line (YAML would read a second, empty document after it).
pub fn metadata_block(text: &str) -> &str {
    if !text.starts_with("---\n") && !text.starts_with("---\r\n") {
        return text;
    }
    let mut at = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if n > 0 && (bare == "---" || bare == "...") {
            return &text[..at];
        }
        at += line.len();
    }
    text
}

/// The byte offset of 1-based `line` and `column` (in characters, as the YAML library counts
/// them); a column past the line's end is its end.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let (start, line_text) = csl_json::line_at(text, line);
    start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

/// Where an item of the list is in the text: its first field, and each field's key, by name.
#[derive(Debug, Default, PartialEq)]
struct ItemPlace {
    offset: usize,
    fields: Vec<(String, usize)>,
}

/// The places of the items of the file's list, found from the text: a line starting with `-`
/// at the list's indentation starts an item, and a `key:` at the column of its first key is
/// one of its fields. Items written otherwise (`- {id: a, ...}`) have only their own place.
fn item_places(text: &str) -> Vec<ItemPlace> {
    let mut places: Vec<ItemPlace> = Vec::new();
    // The list's indentation, and the column of its items' keys.
    let mut list: Option<(usize, usize)> = None;
    let mut in_references = !text.lines().any(|line| line.starts_with("references:"));
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = content.len() - trimmed.len();
        if !in_references {
            in_references = content.starts_with("references:");
            continue;
        }
        let starts_item = trimmed.starts_with('-') && !trimmed.starts_with("---");
        match list {
            None if starts_item => {}
            None => continue,
            Some((list_indent, _)) if indent < list_indent => break,
            Some((list_indent, _)) if indent == list_indent && !starts_item => break,
            Some(_) => {}
        }
        if starts_item && list.is_none_or(|(list_indent, _)| indent == list_indent) {
            let after_dash = trimmed[1..].trim_start();
            let key_column = content.len() - after_dash.len();
            list = Some((indent, key_column));
            let mut place = ItemPlace {
                offset: at + key_column,
                fields: Vec::new(),
            };
            if let Some(key) = field_key(after_dash) {
                place.fields.push((key, at + key_column));
            }
            places.push(place);
            continue;
        }
        if let (Some((_, key_column)), Some(place)) = (list, places.last_mut())
            && indent == key_column
            && let Some(key) = field_key(trimmed)
        {
            place.fields.push((key, at + indent));
        }
    }
    places
}

/// The key of a `key: value` line (its key plain or quoted), if it is one.
fn field_key(line: &str) -> Option<String> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key);
    (!key.is_empty() && !key.starts_with(['{', '[', '-', '?'])).then(|| key.to_string())
}

/// The items as a CSL-JSON list, and where each item and field written into it came from:
/// (offset in the JSON, offset in the YAML), in order.
fn as_json(items: Vec<Value>, places: &[ItemPlace]) -> (String, Vec<(usize, usize)>) {
    // The places are known only when every item was found in the text.
    let places = (places.len() == items.len()).then_some(places);
    let mut json = String::from("[\n");
    let mut map = Vec::new();
    for (n, item) in items.into_iter().enumerate() {
        let place = places.map(|places| &places[n]);
        if n > 0 {
            json.push_str(",\n");
        }
        map.push((json.len(), place.map_or(0, |p| p.offset)));
        let Value::Mapping(fields) = untagged(item) else {
            // Not an object: the CSL-JSON reader says so, at the item.
            json.push_str("null");
            continue;
        };
        // Looked up by name (an item may have many fields: a list searched for each would
        // grow with their square).
        let mut field_places: std::collections::HashMap<&str, usize> = Default::default();
        for (key, at) in place.map_or(&[][..], |p| &p.fields[..]) {
            field_places.entry(key.as_str()).or_insert(*at);
        }
        json.push('{');
        for (i, (name, value)) in fields.into_iter().enumerate() {
            let name = key_text(name);
            if i > 0 {
                json.push_str(",\n");
            }
            if let Some(&at) = field_places.get(name.as_str()) {
                map.push((json.len(), at));
            }
            let name = canonical(name);
            let value = to_json(&name, value);
            json.push_str(&serde_json::Value::String(name).to_string());
            json.push_str(": ");
            json.push_str(&value.to_string());
        }
        json.push('}');
    }
    json.push_str("\n]\n");
    (json, map)
}

/// A variable's name as CSL-JSON writes it: Pandoc writes `doi`, `url`, `isbn` in lower case
/// (its variable names ignore case), CSL-JSON `DOI`, `URL`, `ISBN`.
fn canonical(name: String) -> String {
    match VERBATIM_VARIABLES
        .iter()
        .find(|v| v.eq_ignore_ascii_case(&name))
    {
        Some(v) => v.to_string(),
        None => name,
    }
}

/// A value with its YAML tags taken off (they mean nothing in CSL).
fn untagged(value: Value) -> Value {
    match value {
        Value::Tagged(tagged) => untagged(tagged.value),
        value => value,
    }
}

/// A map key as text: a key written as a number or `true` is its text.
fn key_text(key: Value) -> String {
    match untagged(key) {
        Value::String(text) => text,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The CSL-JSON for the value of `field`.
fn to_json(field: &str, value: Value) -> serde_json::Value {
    let date = DATE_VARIABLES.contains(&field);
    match untagged(value) {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(b),
        // `issued: 2019` is a year, which CSL-JSON writes as text or date parts.
        Value::Number(n) if date => serde_json::Value::String(n.to_string()),
        Value::Number(n) => serde_json::to_value(&n).unwrap_or(serde_json::Value::Null),
        Value::String(text) if !field.is_empty() && !VERBATIM_VARIABLES.contains(&field) => {
            serde_json::Value::String(markdown(&text))
        }
        Value::String(text) => serde_json::Value::String(text),
        Value::Sequence(parts) if date => citeproc_date(parts),
        // A list's values are names (or a misplaced list, which the CSL-JSON reader reports).
        Value::Sequence(values) => {
            serde_json::Value::Array(values.into_iter().map(|v| to_json("", v)).collect())
        }
        Value::Mapping(map) => serde_json::Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    // A name's or a date's parts are taken as written.
                    (key_text(key), to_json("", value))
                })
                .collect(),
        ),
        Value::Tagged(_) => serde_json::Value::Null,
    }
}

/// pandoc-citeproc's dates, a list of `{year, month, day}` maps (two for a range), as CSL-JSON
/// date parts; `literal`, `circa` and `season` are kept.
fn citeproc_date(parts: Vec<Value>) -> serde_json::Value {
    let mut date = serde_json::Map::new();
    let mut ranges = Vec::new();
    for part in parts {
        let Value::Mapping(map) = untagged(part) else {
            continue;
        };
        let mut numbers = Vec::new();
        for name in ["year", "month", "day"] {
            match map.get(name).map(|v| to_json("", v.clone())) {
                Some(value @ (serde_json::Value::Number(_) | serde_json::Value::String(_))) => {
                    numbers.push(value)
                }
                _ => break,
            }
        }
        if !numbers.is_empty() {
            ranges.push(serde_json::Value::Array(numbers));
        }
        for name in ["literal", "circa", "season"] {
            if let Some(value) = map.get(name) {
                date.insert(name.into(), to_json("", value.clone()));
            }
        }
    }
    if !ranges.is_empty() {
        date.insert("date-parts".into(), serde_json::Value::Array(ranges));
    }
    serde_json::Value::Object(date)
}

/// A value written in Pandoc Markdown as CSL-JSON's rich text: emphasis `<i>`, strong `<b>`,
/// `^sup^`, `~sub~`, `[text]{.nocase}` and `[text]{.smallcaps}` spans; dashes, ellipses and
/// quotes as Pandoc's smart punctuation makes them. A value is one line of inline text: block
/// syntax at its start (`1. `, `# `, `> `) is text.
fn markdown(text: &str) -> String {
    const MARKUP: &[u8] = b"*_^~`\\[<&-.'\"\n";
    if !text.bytes().any(|b| MARKUP.contains(&b)) {
        return text.to_string();
    }
    let source = scripts(&inline_only(&text.replace(['\r', '\n'], " ")));
    let options = Options::ENABLE_SMART_PUNCTUATION | Options::ENABLE_MATH;
    // `[text]` with no link target: a span, when `{...}` follows it.
    let mut span =
        |_: pulldown_cmark::BrokenLink<'_>| Some((CowStr::from(SPAN_TARGET), CowStr::from("")));
    let parser = Parser::new_with_broken_link_callback(&source, options, Some(&mut span));
    let mut out = String::with_capacity(text.len());
    // For each link open: whether it is a span, and where its text starts in `out`.
    let mut links: Vec<(bool, usize)> = Vec::new();
    // Source text already read as a span's `{...}`.
    let mut skip_to = 0;
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Text(_) if range.end <= skip_to => {}
            Event::Text(t) => {
                let start = skip_to.saturating_sub(range.start);
                out.push_str(t.get(start..).unwrap_or(&t));
            }
            Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) | Event::InlineMath(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Emphasis) => out.push_str("<i>"),
            Event::End(TagEnd::Emphasis) => out.push_str("</i>"),
            Event::Start(Tag::Strong) => out.push_str("<b>"),
            Event::End(TagEnd::Strong) => out.push_str("</b>"),
            Event::Start(Tag::Superscript) => out.push_str("<sup>"),
            Event::End(TagEnd::Superscript) => out.push_str("</sup>"),
            Event::Start(Tag::Subscript) => out.push_str("<sub>"),
            Event::End(TagEnd::Subscript) => out.push_str("</sub>"),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => links.push((
                link_type == LinkType::ShortcutUnknown && &*dest_url == SPAN_TARGET,
                out.len(),
            )),
            Event::End(TagEnd::Link) => {
                let Some((true, start)) = links.pop() else {
                    continue;
                };
                let (open, close, attributes) = span_tags(&source[range.end..]);
                out.insert_str(start, open);
                out.push_str(close);
                skip_to = range.end + attributes;
            }
            _ => {}
        }
    }
    out
}

/// The stand-in target of a `[text]` that links nowhere.
const SPAN_TARGET: &str = "\u{E00F}span";

/// The tags for a span `[text]` followed by `after`: its `{...}` asks for `.nocase` or
/// `.smallcaps`. Without a `{...}`, the brackets are text, as Pandoc leaves them. Gives the
/// opening and closing text and how many bytes of `after` the attributes take.
fn span_tags(after: &str) -> (&'static str, &'static str, usize) {
    let attributes = after
        .strip_prefix('{')
        .and_then(|rest| rest.find('}'))
        .map(|close| &after[..close + 2]);
    match attributes {
        Some(a) if a.contains(".nocase") => ("<span class=\"nocase\">", "</span>", a.len()),
        Some(a) if a.contains(".smallcaps") => (
            "<span style=\"font-variant:small-caps;\">",
            "</span>",
            a.len(),
        ),
        Some(a) => ("", "", a.len()),
        None => ("[", "]", 0),
    }
}

/// `text` with Pandoc's superscripts and subscripts (`x^2^`, `H~2~O`: no space inside, a
/// backslash escapes) written as `<sup>` and `<sub>`, which Markdown passes through. Written
/// here because CommonMark readers allow neither inside a word, where Pandoc allows both.
fn scripts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['^', '~', '\\']) {
        out.push_str(&rest[..at]);
        let mark = rest.as_bytes()[at];
        let after = &rest[at + 1..];
        if mark == b'\\' {
            // An escaped character is kept as it is, escape and all, for Markdown to read.
            let escaped = after.chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[at..at + 1 + escaped]);
            rest = &after[escaped..];
            continue;
        }
        let inner = after
            .find(|c: char| c == char::from(mark) || c.is_whitespace())
            .filter(|&end| end > 0 && after.as_bytes()[end] == mark)
            .map(|end| &after[..end]);
        match inner {
            Some(inner) => {
                let tag = if mark == b'^' { "sup" } else { "sub" };
                out.push_str(&format!("<{tag}>{inner}</{tag}>"));
                rest = &after[inner.len() + 1..];
            }
            None => {
                out.push(char::from(mark));
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` with block syntax at its start escaped, so that Markdown reads it as inline text:
/// "1. Introduction" is not a list, "# 1" not a heading.
fn inline_only(text: &str) -> String {
    let trimmed = text.trim_start();
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let after_digits = &trimmed[digits..];
    let escape_at = if digits > 0 && after_digits.starts_with(['.', ')']) {
        Some(digits)
    } else if trimmed.starts_with(['>', '#', '=', '|'])
        || trimmed.starts_with("```")
        || trimmed.starts_with("~~~")
        || (trimmed.starts_with(['-', '+', '*']) && trimmed[1..].starts_with([' ', '\t']))
        || (trimmed.len() >= 3 && trimmed.chars().all(|c| "-*_ ".contains(c)))
    {
        Some(0)
    } else {
        None
    };
    match escape_at {
        Some(at) => format!("{}\\{}", &trimmed[..at], &trimmed[at..]),
        None => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_and_character_column_after_non_ascii_text_is_the_right_offset() {
        // The YAML library counts characters: column 13 on line 2 is the `!` after "Tā ".
        let text = "- id: a\n  title: Tā !x\n- id: b\n";
        assert_eq!(&text[offset_of(text, 2, 13)..][..2], "!x");
        // A column past the line's end is its end, not a place on the next line.
        assert_eq!(offset_of(text, 2, 40), text.find("\n- id: b").unwrap_or(0));
        assert_eq!(offset_of(text, 9, 1), text.len());
    }

    #[test]
    fn lists_and_reference_maps_are_csl_and_maps_of_entries_are_not() {
        assert!(looks_like_csl("- id: a\n  type: book\n"));
        assert!(looks_like_csl("---\nnocite: '@*'\nreferences:\n- id: a\n"));
        assert!(looks_like_csl("# made by hand\nreferences:\n  - id: a\n"));
        assert!(looks_like_csl("references: [{id: a, type: book}]\n"));
        assert!(!looks_like_csl("smith2020:\n  type: book\n  title: A\n"));
        // A Hayagriva entry that happens to be called `references`.
        assert!(!looks_like_csl("references:\n  type: book\n  title: A\n"));
        assert!(!looks_like_csl(""));
    }

    #[test]
    fn markdown_values_become_rich_text_as_pandoc_reads_them() {
        assert_eq!(markdown("A *field* guide"), "A <i>field</i> guide");
        assert_eq!(
            markdown("sleep---and rest, 10--20"),
            "sleep—and rest, 10–20"
        );
        assert_eq!(
            markdown("**Bold** H~2~O x^2^"),
            "<b>Bold</b> H<sub>2</sub>O x<sup>2</sup>"
        );
        assert_eq!(
            markdown("[Parents]{.nocase} and [NZ]{.smallcaps} [sic] `code`"),
            "<span class=\"nocase\">Parents</span> and <span style=\"font-variant:small-caps;\">NZ</span> [sic] code"
        );
        assert_eq!(markdown("1. Introduction"), "1. Introduction");
        assert_eq!(markdown("# 1 in a series"), "# 1 in a series");
        assert_eq!(markdown("- not a list"), "- not a list");
        assert_eq!(
            markdown("The \"good enough\" parent"),
            "The “good enough” parent"
        );
        assert_eq!(markdown("Plain title"), "Plain title");
        assert_eq!(markdown("p < 0.05 & more"), "p < 0.05 & more");
    }

    #[test]
    fn items_and_fields_are_found_at_their_lines() {
        let text = "---\nnocite: x\nreferences:\n- id: a\n  title: A\n  author:\n  - family: B\n- id: b\n  issued: 2001\n...\n";
        let places = item_places(text);
        let line = |offset: usize| text[..offset].matches('\n').count() + 1;
        assert_eq!(places.len(), 2);
        assert_eq!(line(places[0].offset), 4);
        let fields: Vec<(&str, usize)> = places[1]
            .fields
            .iter()
            .map(|(k, at)| (k.as_str(), line(*at)))
            .collect();
        assert_eq!(fields, [("id", 8), ("issued", 9)]);
        let nested = "references:\n  - id: a\n    title: A\n  - id: b\n";
        let places = item_places(nested);
        assert_eq!(places.len(), 2);
        assert_eq!(places[0].fields.len(), 2);
    }

    #[test]
    fn a_file_written_as_markdown_metadata_is_read_to_its_closing_line() {
        assert_eq!(
            metadata_block("---\nreferences: []\n---\n"),
            "---\nreferences: []\n"
        );
        assert_eq!(
            metadata_block("---\r\na: 1\r\n...\r\nrest"),
            "---\r\na: 1\r\n"
        );
        assert_eq!(
            metadata_block("references: []\n---\n"),
            "references: []\n---\n"
        );
        assert_eq!(metadata_block("---\nno end\n"), "---\nno end\n");
    }

    #[test]
    fn pandoc_citeproc_dates_become_date_parts() {
        let parts: Vec<Value> =
            serde_yaml::from_str("- year: 2001\n  month: 3\n- year: '2002'\n").unwrap();
        assert_eq!(
            citeproc_date(parts).to_string(),
            r#"{"date-parts":[[2001,3],["2002"]]}"#
        );
    }
}
