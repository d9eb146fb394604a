//! Front matter: the YAML block at the top of a page, split off and checked key by key, so that
//! a page with three mistakes reports three errors, each at its line.

use std::path::Path;

use crate::content::body::Body;
use crate::content::{Date, SourcePage};
use crate::support::diagnostic::{Code, Diagnostic, KeyLines, LineIndex, closest};
use crate::support::escape::forbidden_in_markup;
use crate::support::lang;
use crate::support::text::nfc;
use crate::support::yaml::{self, ValueNote};

/// A page's front matter, checked.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Plain text: `[spans]{lang=mi}` are read into `title_html`.
    pub title: String,
    /// The title as HTML, spans marked up (when it has spans).
    pub title_html: Option<String>,
    pub description: Option<String>,
    pub description_html: Option<String>,
    /// The page's language, when it is not the site's (a BCP 47 tag).
    pub lang: Option<String>,
    pub categories: Vec<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub slug: Option<String>,
    /// Old addresses of the page (`old-name/`), each given a redirect.
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    /// Bibliography keys, or free-text references, the page relies on.
    pub references: Vec<String>,
    pub extra: serde_json::Value,
    /// When the page was last reviewed.
    pub reviewed: Option<Date>,
    /// When it is due for review again (else `reviewed` plus `review.interval_months`).
    pub next_review: Option<Date>,
    /// Ids of the people (site.yaml's `people:`) who reviewed it.
    pub reviewed_by: Vec<String>,
    /// A notice shown before the body, for a page about something distressing.
    pub content_note: Option<String>,
    /// This page's own `readability.max_grade`.
    pub max_grade: Option<f64>,
    /// Where each key stands in the file, for later diagnostics.
    pub key_lines: KeyLines,
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "categories",
    "date",
    "updated",
    "draft",
    "slug",
    "aliases",
    "weight",
    "references",
    "extra",
    "reviewed",
    "next_review",
    "reviewed_by",
    "content_note",
    "readability",
    "lang",
];

/// How many unknown keys of one page are reported one by one; the rest are counted.
const MAX_KEY_ERRORS: usize = 100;

/// How many categories one page may be filed under: far more than any page needs. Every
/// category page and feed lists its pages with all their categories, so a page with
/// thousands made output that grew with their square (4,000 made 1.3 GB).
pub const MAX_CATEGORIES: usize = 50;

/// The range `weight` must be in: plenty for ordering, and printed in full in a message.
pub const WEIGHT_RANGE: std::ops::RangeInclusive<i64> = -999_999_999..=999_999_999;

/// `weight`: a whole number in [`WEIGHT_RANGE`].
fn parse_weight(field: &yaml::Field) -> Result<Option<i64>, String> {
    let range = format!(
        "a whole number from {} to {}",
        WEIGHT_RANGE.start(),
        WEIGHT_RANGE.end()
    );
    match field.parse::<Option<serde_json::Value>>()? {
        None => Ok(None),
        Some(serde_json::Value::Number(n)) => match n.as_i64().filter(|n| WEIGHT_RANGE.contains(n))
        {
            Some(n) => Ok(Some(n)),
            None => Err(format!("`{n}` is not {range}")),
        },
        // `weight: "3"` (or `!!str 3`): the quotes (or the tag) make it text.
        Some(serde_json::Value::String(s)) if s.trim().parse::<i64>().is_ok() => Err(format!(
            "`{s}` is written as text (in quotes, or tagged `!!str`), not as a number; write the number alone (`weight: {}`)",
            s.trim()
        )),
        Some(serde_json::Value::String(s)) => Err(format!("`{s}` is not {range}")),
        Some(_) => Err(format!("expected {range}")),
    }
}

/// A title that YAML read as nothing because of what its line holds (`title: #1 tips` is a
/// comment, `title: &x` an anchor): the error says so, with the fix.
fn explain_lost_value(d: Diagnostic, field: &yaml::Field) -> Diagnostic {
    let fix = field.quoted_line.as_deref().unwrap_or("title: \"...\"");
    match &field.note {
        Some(ValueNote::Comment { .. }) => Diagnostic {
            message: format!(
                "`{}`: it is empty, because an unquoted `#` starts a comment in YAML",
                field.key
            ),
            ..d
        }
        .with_hint(format!("write it as `{fix}`")),
        Some(ValueNote::Decoration { token, .. }) => Diagnostic {
            message: format!(
                "`{}`: it is empty, because YAML reads `{token}` as an anchor or tag, not text",
                field.key
            ),
            ..d
        }
        .with_hint(format!("write it as `{fix}`")),
        None => d,
    }
}

/// A warning when a text field's line holds more than YAML gives the field: text after an
/// unquoted ` #` (a comment) or an anchor or tag before it. Also the column to place it at.
fn value_note_warning(field: &yaml::Field) -> Option<(Diagnostic, usize)> {
    let fix = field.quoted_line.as_deref()?;
    let (message, column) = match field.note.as_ref()? {
        ValueNote::Comment { column, kept } => (
            format!(
                "`#` starts a comment in YAML, so the {} is only `{kept}`",
                field.key
            ),
            *column,
        ),
        // A tag has its own warning, for every value (`yaml::tag_problems`).
        ValueNote::Decoration { token, .. } if token.starts_with('!') => return None,
        ValueNote::Decoration { column, token } => (
            format!(
                "YAML reads `{token}` as an anchor or tag, not as part of the {}",
                field.key
            ),
            *column,
        ),
    };
    Some((
        Diagnostic::warning(Code::FrontMatter, message)
            .with_hint(format!("to keep all of it, write `{fix}`")),
        column,
    ))
}

/// Splits and checks one page's bytes. `shown` is the path used in messages. The page holds
/// its Markdown (see [`parse_file_page`] for one that leaves it in its file).
pub fn parse_page(
    shown: &Path,
    rel_path: String,
    bytes: Vec<u8>,
) -> Result<SourcePage, Vec<Diagnostic>> {
    parse(shown, rel_path, bytes, None)
}

/// [`parse_page`] for the bytes of `file`: the page's Markdown is left there, to be read
/// again when it is rendered (see [`Body`]).
pub fn parse_file_page(
    shown: &Path,
    rel_path: String,
    bytes: Vec<u8>,
    file: &Path,
) -> Result<SourcePage, Vec<Diagnostic>> {
    parse(shown, rel_path, bytes, Some(file))
}

fn parse(
    shown: &Path,
    rel_path: String,
    bytes: Vec<u8>,
    file: Option<&Path>,
) -> Result<SourcePage, Vec<Diagnostic>> {
    let text = page_text(shown, bytes)?;
    let (text, invisible) = without_invisible_characters(shown, text);
    let split = split_front_matter(shown, &text)?;
    let place = Place {
        shown,
        lines: LineIndex::new(&text),
    };
    let parsed = yaml::parse_fields_from(&text[split.front.clone()], 2).map_err(|e| {
        let mut message = format!("the front matter is not valid YAML: {}", e.message);
        // `ti<BEL>tle` is `title` once the character is taken out: say why the line that reads
        // `title` here did not on screen.
        if invisible.iter().any(|d| d.line == e.line + 1) {
            message.push_str(", once the invisible character on this line is taken out");
        }
        let d = place.error(e.line + 1, e.column, message);
        vec![match e.hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        }]
    })?;
    let mut warnings: Vec<Diagnostic> = parsed
        .warnings
        .into_iter()
        .map(|w| {
            let d = place.at(
                Diagnostic::warning(Code::FrontMatter, w.message),
                w.line + 1,
                w.column,
            );
            match w.hint {
                Some(hint) => d.with_hint(hint),
                None => d,
            }
        })
        .collect();
    warnings.extend(invisible);
    let (mut front, errors) = read_fields(&parsed.fields, split.close_line, &place, &mut warnings);
    front
        .key_lines
        .keep_lines(text[split.front.clone()].lines(), 2);
    if !errors.is_empty() {
        return Err(errors);
    }
    let body_line = text[..split.body_start].matches('\n').count() + 1;
    Ok(SourcePage {
        path: shown.to_path_buf(),
        rel_path,
        front: Box::new(front),
        body: match file {
            Some(file) => Body::in_file(file.to_path_buf(), &text, split.body_start),
            None => Body::held(&text[split.body_start..]),
        },
        placeholder_at: crate::content::placeholder::offset(&text[split.body_start..]),
        body_line,
        warnings,
    })
}

/// The page's text: UTF-8, without a byte order mark, with `\n` line breaks.
fn page_text(shown: &Path, bytes: Vec<u8>) -> Result<String, Vec<Diagnostic>> {
    let text = crate::support::diagnostic::decode_utf8(shown, bytes).map_err(|d| vec![d])?;
    Ok(line_breaks_normalised(&text))
}

fn line_breaks_normalised(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    }
}

/// A page's text as [`parse_page`] reads it, without the messages: no byte order mark, `\n`
/// line breaks, invisible characters left out. [`Body`] reads a file again with it.
pub(crate) fn cleaned(text: &str) -> String {
    let text = line_breaks_normalised(text);
    if crate::support::escape::holds_forbidden(&text) {
        text.chars().filter(|c| !forbidden_in_markup(*c)).collect()
    } else {
        text
    }
}

/// How many of a page's invisible characters are reported; the rest are counted.
const INVISIBLE_SHOWN: usize = 5;

/// `text` without the characters [`forbidden_in_markup`] names, and a warning at the place of each
/// (they come from pasting, and no reader could see them).
fn without_invisible_characters(shown: &Path, text: String) -> (String, Vec<Diagnostic>) {
    if !crate::support::escape::holds_forbidden(&text) {
        return (text, Vec::new());
    }
    let lines = LineIndex::new(&text);
    let found: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| forbidden_in_markup(*c))
        .collect();
    let mut warnings: Vec<Diagnostic> = found
        .iter()
        .take(INVISIBLE_SHOWN)
        .map(|(offset, c)| {
            let (line, column) = lines.line_col(*offset);
            Diagnostic::warning(
                Code::InvisibleCharacter,
                format!(
                    "an invisible character, U+{:04X}, is left out here: no web page or feed may hold it",
                    *c as u32
                ),
            )
            .in_file(shown)
            .at(&text, line, column)
            .with_hint("it usually comes from pasting; delete it (an editor that shows invisible characters helps)")
        })
        .collect();
    if found.len() > INVISIBLE_SHOWN {
        warnings.push(
            Diagnostic::warning(
                Code::InvisibleCharacter,
                format!(
                    "{} more invisible characters are left out of this page",
                    found.len() - INVISIBLE_SHOWN
                ),
            )
            .in_file(shown),
        );
    }
    (
        text.chars().filter(|c| !forbidden_in_markup(*c)).collect(),
        warnings,
    )
}

/// Where the front matter and the body are in a page's text.
struct Split {
    /// The front matter, between the `---` lines.
    front: std::ops::Range<usize>,
    /// Where the body starts, after the closing line.
    body_start: usize,
    /// The line of the closing `---` (1-based).
    close_line: usize,
}

/// Finds the front matter: a first line `---`, and the next line that is `---` or `...`.
fn split_front_matter(shown: &Path, text: &str) -> Result<Split, Vec<Diagnostic>> {
    // Before the front matter is found, a mistake is on one of the first lines.
    let early_error = |line: usize, column: usize, message: &str| {
        Diagnostic::error(Code::FrontMatter, message)
            .in_file(shown)
            .at(text, line, column)
    };
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(Code::FrontMatter, "this page is empty")
                .in_file(shown)
                .with_hint("start it with front matter: a `---` line, `title: ...`, and another `---` line"),
        ]);
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Err(vec![
            early_error(1, 1, "this page has no front matter").with_hint(
                "start the file with a `---` line, then `title: ...`, then another `---` line",
            ),
        ]);
    }
    let front_start = first.len();
    let mut offset = front_start;
    for (close_line, line) in (2..).zip(lines) {
        if matches!(line.trim_end(), "---" | "...") {
            return Ok(Split {
                front: front_start..offset,
                body_start: offset + line.len(),
                close_line,
            });
        }
        offset += line.len();
    }
    Err(vec![
        early_error(1, 1, "the front matter is never closed")
            .with_hint("add a line with only `---` after the last front matter field"),
    ])
}

/// Places diagnostics in one page, with the line index: a page with thousands of mistakes
/// must not read the whole text again for each.
struct Place<'a> {
    shown: &'a Path,
    lines: LineIndex<'a>,
}

impl Place<'_> {
    fn at(&self, d: Diagnostic, line: usize, column: usize) -> Diagnostic {
        let mut d = d.in_file(self.shown);
        d.line = line;
        d.column = column;
        if let Some(text) = self.lines.line(line) {
            d.set_source_line(text);
        }
        d
    }

    fn error(&self, line: usize, column: usize, message: String) -> Diagnostic {
        self.at(Diagnostic::error(Code::FrontMatter, message), line, column)
    }
}

/// Checks every field, then what needs them all (a title; `updated` not before `date`).
/// Gives the front matter and the errors; warnings go to `warnings`.
fn read_fields(
    fields: &[yaml::Field],
    close_line: usize,
    place: &Place,
    warnings: &mut Vec<Diagnostic>,
) -> (FrontMatter, Vec<Diagnostic>) {
    let mut front = FrontMatter {
        extra: serde_json::Value::Object(Default::default()),
        ..FrontMatter::default()
    };
    let mut errors = Vec::new();
    let mut unknown_keys = 0;
    let mut title = None;
    for field in fields {
        let line = field.line + 1;
        front
            .key_lines
            .push(&field.key, line, place.lines.line(line).unwrap_or_default());
        match set_field(&mut front, &mut title, field) {
            None => {
                unknown_keys += 1;
                if unknown_keys <= MAX_KEY_ERRORS {
                    errors.push(unknown_key(place, field, fields));
                }
            }
            Some(Err(message)) => {
                let mut d = place.error(line, field.column, format!("`{}`: {message}", field.key));
                if field.key == "title" && field.is_null() {
                    d = explain_lost_value(d, field);
                }
                errors.push(d);
            }
            Some(Ok(())) if matches!(field.key.as_str(), "title" | "description" | "slug") => {
                warnings
                    .extend(value_note_warning(field).map(|(d, column)| place.at(d, line, column)));
            }
            Some(Ok(())) => {}
        }
    }
    if unknown_keys > MAX_KEY_ERRORS {
        errors.push(
            Diagnostic::error(
                Code::FrontMatter,
                format!(
                    "{} more unknown front matter keys are not shown (the first {MAX_KEY_ERRORS} are)",
                    unknown_keys - MAX_KEY_ERRORS
                ),
            )
            .standing_for(unknown_keys - MAX_KEY_ERRORS)
            .in_file(place.shown),
        );
    }
    match title {
        Some(t) if !t.trim().is_empty() => front.title = t.trim().to_string(),
        Some(_) => {
            let line = front.key_lines.get("title").map_or(2, |k| k.line);
            errors.push(place.error(line, 1, "the `title` is empty".into()));
        }
        None if fields.iter().all(|f| f.key != "title") => errors.push(
            place
                .error(close_line, 1, "this page has no `title`".into())
                .with_hint("add a line such as `title: Sleep and wellbeing` to the front matter"),
        ),
        None => {}
    }
    if front.categories.len() > MAX_CATEGORIES {
        let line = front.key_lines.get("categories").map_or(2, |k| k.line);
        errors.push(
            place
                .error(
                    line,
                    1,
                    format!(
                        "`categories`: this page is filed under {} categories, more than the {MAX_CATEGORIES} a page may have",
                        front.categories.len()
                    ),
                )
                .with_hint(format!(
                    "file the page under the few categories a reader would look for it in (at most {MAX_CATEGORIES})"
                )),
        );
        // The page is not built; the rest are not read (each would be a message of its own).
        front.categories.truncate(MAX_CATEGORIES);
    }
    warnings.extend(updated_before_date(&front, place));
    errors.extend(read_spans(&mut front, place));
    (front, errors)
}

/// Reads the `[spans]{lang=mi}` of the title, the description and the categories: each field
/// keeps its plain text, the title and description their HTML too. A mistake in a span is an
/// error at its field's line.
fn read_spans(front: &mut FrontMatter, place: &Place) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut read = |key: &str, text: &str| match lang::marked(text) {
        Ok(marked) => Some(marked),
        Err(problem) => {
            let (line, source) = front
                .key_lines
                .get(key)
                .map_or((1, ""), |k| (k.line, k.text));
            let item = text[problem.offset..]
                .split(|c: char| c.is_ascii_whitespace() || c == '}')
                .next()
                .unwrap_or_default();
            let column = source
                .find(item)
                .filter(|_| !item.is_empty())
                .map_or(1, |i| source[..i].chars().count() + 1);
            errors.push(
                place
                    .error(line, column, format!("`{key}`: {}", problem.message))
                    .with_hint(problem.hint),
            );
            None
        }
    };
    let title = read("title", &front.title);
    let description = front
        .description
        .as_deref()
        .and_then(|text| read("description", text));
    let categories: Vec<String> = front
        .categories
        .iter()
        .map(|name| read("categories", name).map_or_else(|| name.clone(), |m| m.plain))
        .collect();
    if let Some(title) = title {
        front.title = title.plain;
        front.title_html = title.html;
    }
    if let Some(description) = description {
        front.description = Some(description.plain);
        front.description_html = description.html;
    }
    front.categories = categories;
    errors
}

/// Sets `field` in `front` (the title in `title`, which is checked once all fields are read).
/// `None` for a key pages do not have.
fn set_field(
    front: &mut FrontMatter,
    title: &mut Option<String>,
    field: &yaml::Field,
) -> Option<Result<(), String>> {
    // `date: 2024` is read by YAML as a number; "put it in quotes" would not make it a date.
    let date = |field: &yaml::Field| -> Result<Option<Date>, String> {
        let value = field.parse::<Option<String>>().map_err(|e| {
            if e.contains("found the number") {
                "expected a date written YYYY-MM-DD, such as 2024-03-01 (a year or a number alone is not a date)".to_string()
            } else {
                e
            }
        })?;
        value.map(|v| Date::parse(&v)).transpose()
    };
    Some(match field.key.as_str() {
        "title" => field.parse::<String>().map(|v| *title = Some(nfc(&v))),
        "description" => field
            .parse::<Option<String>>()
            .map(|v| front.description = v.map(|v| nfc(&v))),
        "categories" => field
            .parse::<Option<Vec<String>>>()
            .map_err(|_| {
                "expected a list of category names, such as `categories: [Wellbeing, For Myself]`"
                    .into()
            })
            .map(|v| front.categories = v.unwrap_or_default().iter().map(|c| nfc(c)).collect()),
        "date" => date(field).map(|v| front.date = v),
        "updated" => date(field).map(|v| front.updated = v),
        "draft" => field.parse().map(|v| front.draft = v),
        "slug" => field
            .parse::<Option<String>>()
            .map(|v| front.slug = v.map(|v| nfc(&v))),
        "aliases" => field
            .parse::<Option<Vec<String>>>()
            .map_err(|_| "expected a list of old addresses, such as `aliases: [old-name/]`".into())
            .map(|v| front.aliases = v.unwrap_or_default().iter().map(|a| nfc(a)).collect()),
        "weight" => parse_weight(field).map(|v| front.weight = v),
        "references" => field
            .parse::<Option<Vec<String>>>()
            .map_err(|_| "expected a list of bibliography keys or reference texts".into())
            .map(|v| front.references = v.unwrap_or_default().iter().map(|r| nfc(r)).collect()),
        "extra" => field.parse_extra().map(|v| {
            if let Some(extra) = v {
                front.extra = extra;
            }
        }),
        "reviewed" => date(field).map(|v| front.reviewed = v),
        "next_review" => date(field).map(|v| front.next_review = v),
        "reviewed_by" => parse_reviewed_by(field).map(|v| front.reviewed_by = v),
        "content_note" => field
            .parse::<Option<String>>()
            .map(|v| front.content_note = v.map(|v| nfc(v.trim())).filter(|v| !v.is_empty())),
        "readability" => parse_page_readability(field).map(|v| front.max_grade = v),
        "lang" => field.parse::<String>().and_then(|tag| {
            let tag = tag.trim().to_string();
            match lang::tag_problem(&tag) {
                Some(problem) => Err(format!("{problem}; {}", lang::TAG_HINT)),
                None => {
                    front.lang = Some(tag);
                    Ok(())
                }
            }
        }),
        _ => return None,
    })
}

/// `reviewed_by`: one person's id, or a list of them.
fn parse_reviewed_by(field: &yaml::Field) -> Result<Vec<String>, String> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Ids {
        One(String),
        Many(Vec<String>),
    }
    match field.parse::<Option<Ids>>() {
        Ok(None) => Ok(Vec::new()),
        Ok(Some(Ids::One(id))) => Ok(vec![id.trim().to_string()]),
        Ok(Some(Ids::Many(ids))) => Ok(ids.iter().map(|id| id.trim().to_string()).collect()),
        Err(_) => Err(
            "expected the id of a person under `people:` in site.yaml, or a list of them, such as `reviewed_by: [dr-ana-smith]`"
                .into(),
        ),
    }
}

/// `readability: {max_grade: 11}`: this page's own limit.
fn parse_page_readability(field: &yaml::Field) -> Result<Option<f64>, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct PageReadability {
        max_grade: Option<f64>,
    }
    let value = field.parse::<Option<PageReadability>>().map_err(|_| {
        "expected `readability: {max_grade: 11}` (a grade from 0 to 30)".to_string()
    })?;
    match value.and_then(|v| v.max_grade) {
        Some(grade) if !(0.0..=30.0).contains(&grade) => Err(format!(
            "`max_grade` is {grade}; it must be a number from 0 to 30"
        )),
        grade => Ok(grade),
    }
}

/// The error for a key pages do not have, with the key meant.
fn unknown_key(place: &Place, field: &yaml::Field, fields: &[yaml::Field]) -> Diagnostic {
    let key = &field.key;
    let d = place.error(
        field.line + 1,
        field.column,
        format!("unknown front matter key `{key}`"),
    );
    match closest(key, KEYS.iter().copied()) {
        // `titel:` beside a `title:`: renaming it would make the key twice.
        Some(near) if fields.iter().any(|f| f.key == near) => d.with_hint(format!(
            "it looks like a second `{near}`, which the page has already: remove one of them"
        )),
        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
        None => d.with_hint(format!("pages know these keys: {}", KEYS.join(", "))),
    }
}

/// A warning when `updated` is before `date`.
fn updated_before_date(front: &FrontMatter, place: &Place) -> Option<Diagnostic> {
    let (Some(date), Some(updated)) = (front.date, front.updated) else {
        return None;
    };
    if updated >= date {
        return None;
    }
    let line = front.key_lines.get("updated").map_or(1, |k| k.line);
    Some(
        place
            .at(
                Diagnostic::warning(
                    Code::FrontMatter,
                    format!("`updated` ({updated}) is before `date` ({date})"),
                ),
                line,
                1,
            )
            .with_hint("`updated` is when the page last changed, so it comes on or after `date`; swap them if they are the wrong way round"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SourcePage, Vec<Diagnostic>> {
        parse_page(
            Path::new("content/a.md"),
            "a.md".into(),
            text.as_bytes().to_vec(),
        )
    }

    #[test]
    fn reads_front_matter_and_body() {
        let page = parse(
            "\u{feff}---\r\ntitle: Sleep\r\ncategories: [Wellbeing]\r\ndate: 2024-02-29\r\n---\r\n# Hi\r\n",
        );
        let page = page.map_err(|e| format!("{e:?}"));
        let Ok(page) = page else { panic!("{page:?}") };
        assert_eq!(page.front.title, "Sleep");
        assert_eq!(page.front.categories, ["Wellbeing"]);
        assert_eq!(
            page.front.date.map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(page.body.text(), "# Hi\n");
        assert_eq!(page.body_line, 6);
    }

    #[test]
    fn reports_every_mistake_at_its_line() {
        let errors = parse("---\ntitle: A\ncategories: 5\ndate: 2025-02-30\ntitel: x\n---\n")
            .err()
            .unwrap_or_default();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        assert!(errors[1].message.contains("does not exist"));
        // The page has a `title`: `titel` is a second one, not one to rename.
        assert_eq!(
            errors[2].hint.as_deref(),
            Some("it looks like a second `title`, which the page has already: remove one of them")
        );
    }

    #[test]
    fn missing_title_unclosed_and_empty() {
        let missing = parse("---\ndate: 2024-01-01\n---\nbody\n")
            .err()
            .unwrap_or_default();
        assert!(missing[0].message.contains("no `title`"));
        let unclosed = parse("---\ntitle: A\nbody\n").err().unwrap_or_default();
        assert!(unclosed[0].message.contains("never closed"));
        let empty = parse("").err().unwrap_or_default();
        assert!(empty[0].message.contains("empty"));
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let errors = parse_page(
            Path::new("a.md"),
            "a.md".into(),
            b"---\ntitle: \xff\n---\n".to_vec(),
        )
        .err()
        .unwrap_or_default();
        assert_eq!((errors[0].line, errors[0].column), (2, 8));
    }

    #[test]
    fn text_fields_are_composed_and_weights_kept_in_range() {
        let page = parse(
            "---\ntitle: Wha\u{304}nau\ncategories: [Wha\u{304}nau]\nslug: wha\u{304}nau\nweight: 3\n---\n",
        );
        let Ok(page) = page else { panic!("{page:?}") };
        assert_eq!(page.front.title, "Wh\u{101}nau");
        assert_eq!(page.front.categories, ["Wh\u{101}nau"]);
        assert_eq!(page.front.slug.as_deref(), Some("wh\u{101}nau"));
        assert_eq!(page.front.weight, Some(3));
        for bad in ["1e20", "1000000000", "1.5", "10:30", "\"x3\""] {
            let errors = parse(&format!("---\ntitle: A\nweight: {bad}\n---\n"))
                .err()
                .unwrap_or_default();
            assert!(
                errors[0]
                    .message
                    .contains("is not a whole number from -999999999 to 999999999"),
                "{bad}: {errors:?}"
            );
        }
        let errors = parse("---\ntitle: A\nweight: \"3\"\n---\n")
            .err()
            .unwrap_or_default();
        assert!(
            errors[0]
                .message
                .contains("is written as text (in quotes, or tagged `!!str`)"),
            "{errors:?}"
        );
    }

    #[test]
    fn likely_mistakes_are_warnings_at_their_column() {
        let page = parse(
            "---\ntitle: Tips #1 for sleep\ndate: 2024-05-01\nupdated: 2024-04-01\ncategories:\n  - a\n   - b\n---\n",
        );
        let Ok(page) = page else { panic!("{page:?}") };
        let found: Vec<(usize, usize, &str)> = page
            .warnings
            .iter()
            .map(|w| (w.line, w.column, w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    7,
                    4,
                    "this line continues the text of the line above (it is indented more than that line's value), so its `- ` is text, not a new list item"
                ),
                (
                    2,
                    13,
                    "`#` starts a comment in YAML, so the title is only `Tips`"
                ),
                (4, 1, "`updated` (2024-04-01) is before `date` (2024-05-01)"),
            ]
        );
        assert_eq!(
            page.warnings[1].hint.as_deref(),
            Some("to keep all of it, write `title: \"Tips #1 for sleep\"`")
        );
    }

    #[test]
    fn thousands_of_unknown_keys_are_counted_past_the_first_hundred() {
        let keys: String = (0..5000).map(|i| format!("k{i}: {i}\n")).collect();
        let errors = parse(&format!("---\ntitle: A\n{keys}---\n"))
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 101);
        assert!(
            errors[100]
                .message
                .contains("4900 more unknown front matter keys")
        );
    }
}
