//! Front matter: the YAML block at the top of a page, split off and checked key by key, so that
//! a page with three mistakes reports three errors, each at its line.

use std::path::Path;

use crate::content::body::Body;
use crate::content::{Date, SourcePage};
use crate::support::diagnostic::{Code, Diagnostic, KeyLines, LineIndex, closest};
use crate::support::escape::forbidden_in_markup;
use crate::support::invisible::{INVISIBLE_SHOWN, invisible_in};
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
    /// A notice shown before the body, for a page about something distressing (plain text).
    pub content_note: Option<String>,
    /// The content note as HTML, spans (or glossary terms) marked up, when it has any.
    pub content_note_html: Option<String>,
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
        // `weight: 1_000`, as TOML (Hugo) writes a thousand: YAML reads it as text.
        Some(serde_json::Value::String(s))
            if s.contains('_') && s.replace('_', "").parse::<i64>().is_ok() =>
        {
            Err(format!(
                "`{s}` is text in YAML, which does not read `_` between digits as TOML does; write the number without it (`weight: {}`)",
                s.replace('_', "")
            ))
        }
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
        // Every place given is in the front matter: its lines alone are indexed, not the body's.
        lines: LineIndex::new(&text[..split.body_start]),
    };
    let parsed = yaml::parse_fields_in(&text[split.front.clone()], 2, &["extra", "references"])
        .map_err(|e| {
            let mut message = format!("the front matter is not valid YAML: {}", e.message);
            // `ti<BEL>tle` is `title` once the character is taken out: say why the line that
            // reads `title` here did not on screen.
            if invisible.iter().any(|d| d.line == e.line + 1) {
                message.push_str(", once the invisible character on this line is taken out");
            }
            let d = place.error(e.line + 1, e.column, message);
            let hint = list_with_colon(place.lines.line(e.line + 1).unwrap_or_default()).or(e.hint);
            vec![match hint {
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
    warnings.extend(invisible_in_front_matter(
        &place,
        &text,
        split.front.clone(),
    ));
    let (mut front, errors) = read_fields(&parsed.fields, split.close_line, &place, &mut warnings);
    front.key_lines.keep_text(&text[split.front.clone()], 2);
    if !errors.is_empty() {
        return Err(errors);
    }
    if front.date.is_none() {
        warnings.extend(date_in_file_name(&rel_path).map(|d| d.in_file(shown)));
    }
    let body_line = memchr::memchr_iter(b'\n', &text.as_bytes()[..split.body_start]).count() + 1;
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
    Ok(line_breaks_normalised(text))
}

/// `text` without a byte order mark and with `\n` line breaks; itself, not a copy, when it
/// has neither (most pages).
pub(crate) fn line_breaks_normalised(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// A page's text as [`parse_page`] reads it, without the messages: no byte order mark, `\n`
/// line breaks, invisible characters left out. [`Body`] reads a file again with it.
pub(crate) fn cleaned(text: String) -> String {
    let text = line_breaks_normalised(text);
    if crate::support::escape::holds_forbidden(&text) {
        text.chars().filter(|c| !forbidden_in_markup(*c)).collect()
    } else {
        text
    }
}

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

/// A warning at each invisible character in the front matter, the first
/// [`INVISIBLE_SHOWN`]: pasted from a word processor or a web page, it shows as nothing in an
/// editor, but changes the title or description in a browser. It is kept (it may be meant).
fn invisible_in_front_matter(
    place: &Place,
    text: &str,
    front: std::ops::Range<usize>,
) -> impl Iterator<Item = Diagnostic> {
    invisible_in(place.shown, text, front, "the front matter").into_iter()
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

/// A one-line TOML value as YAML reads it the same: numbers TOML writes and YAML does not
/// (`1_000`, `0x10`, `0o755`, `0b101`, `+5`, `inf`, `nan`) in YAML's words (`1000`, `16`,
/// `493`, `5`, `5`, `.inf`, `.nan`: YAML reads `1_000` as text, so a `weight` would be
/// refused), a `"""..."""` or `'''...'''` on one line as a quoted text; the rest as written
/// (texts, dates, `true`, lists).
fn toml_value_as_yaml(value: &str) -> String {
    for quotes in ["\"\"\"", "'''"] {
        if let Some(inner) = value
            .strip_prefix(quotes)
            .and_then(|v| v.strip_suffix(quotes))
        {
            return if quotes.starts_with('"') {
                // `"` may stand alone in TOML's `"""`, not in YAML's `"`.
                format!("\"{}\"", inner.replace("\\\"", "\"").replace('"', "\\\""))
            } else {
                format!("'{}'", inner.replace('\'', "''"))
            };
        }
    }
    // A comment after a number or a date (`weight = 1_000 # first`) is left out, as TOML
    // reads it.
    let value = match value.split_once('#') {
        Some((before, _)) if !value.starts_with(['"', '\'', '[']) => before.trim_end(),
        _ => value,
    };
    let (sign, unsigned) = match value.strip_prefix(['+', '-']) {
        Some(rest) => (&value[..1], rest),
        None => ("", value),
    };
    let minus = if sign == "-" { "-" } else { "" };
    match unsigned {
        "inf" => return format!("{minus}.inf"),
        "nan" => return ".nan".to_string(),
        _ => {}
    }
    let digits = unsigned.replace('_', "");
    let radix = [("0x", 16), ("0o", 8), ("0b", 2)]
        .into_iter()
        .find_map(|(prefix, radix)| Some((digits.strip_prefix(prefix)?, radix)));
    if let Some((digits, radix)) = radix {
        if let Ok(number) = u64::from_str_radix(digits, radix) {
            return format!("{minus}{number}");
        }
        return value.to_string();
    }
    // A date (`2019-08-15`) starts with a digit too, but is no number.
    let numeric =
        unsigned.starts_with(|c: char| c.is_ascii_digit()) && digits.parse::<f64>().is_ok();
    if numeric {
        format!("{minus}{digits}")
    } else {
        value.to_string()
    }
}

/// TOML front matter of the simple kind Hugo and Zola write (`key = value` lines, one-line
/// values, a Zola `[taxonomies]` and an `[extra]` table) as the YAML lines to write instead,
/// for the help, and the keys whose text runs over several lines (`"""`), left out of it to
/// be written by hand; `None` for anything else (another table, a list over several lines),
/// when the help gives the general rule. Taxonomies (`tags` too) become `categories` at the
/// top.
fn toml_as_yaml(text: &str) -> Option<(Vec<String>, Vec<String>)> {
    const MAX_LINES: usize = 30;
    let mut yaml = Vec::new();
    let mut extra = Vec::new();
    let mut taxonomy_items = Vec::new();
    let mut left_out = Vec::new();
    let mut table = "";
    let mut closed = false;
    // The closing quotes of a text over several lines, while in one.
    let mut in_text: Option<&str> = None;
    for line in text.lines().skip(1).take(MAX_LINES + 1) {
        let line = line.trim();
        if let Some(quotes) = in_text {
            if line.contains(quotes) {
                in_text = None;
            }
            continue;
        }
        if line == "+++" {
            closed = true;
            break;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = match name.trim() {
                "taxonomies" => "taxonomies",
                "extra" => "extra",
                _ => return None,
            };
            continue;
        }
        let (key, value) = line.split_once('=')?;
        let (key, value) = (key.trim(), value.trim());
        let bare = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let opening = ["\"\"\"", "'''"]
            .into_iter()
            .find(|quotes| value.starts_with(quotes));
        if let Some(quotes) = opening
            && !value[3..].contains(quotes)
        {
            in_text = Some(quotes);
            left_out.push(key.to_string());
            continue;
        }
        let value = &toml_value_as_yaml(value);
        let one_line = !value.is_empty()
            && !value.starts_with('{')
            && (!value.starts_with('[') || value.ends_with(']'));
        if !bare || !one_line {
            return None;
        }
        match table {
            "taxonomies" => {
                let items = value.trim_start_matches('[').trim_end_matches(']').trim();
                if !items.is_empty() {
                    taxonomy_items.push(items.to_string());
                }
            }
            "extra" => extra.push(format!("{key}: {value}")),
            _ => yaml.push(format!("{key}: {value}")),
        }
    }
    if !closed {
        return None;
    }
    if !taxonomy_items.is_empty() {
        yaml.push(format!("categories: [{}]", taxonomy_items.join(", ")));
    }
    if !extra.is_empty() {
        yaml.push(format!("extra: {{{}}}", extra.join(", ")));
    }
    (!yaml.is_empty()).then_some((yaml, left_out))
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
    if first.trim_end() == "+++" {
        let hint = match toml_as_yaml(text) {
            Some((lines, left_out)) => format!(
                "write it in YAML between `---` lines (the closing `+++` too): {}{}",
                lines.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", "),
                left_out.iter().map(|key| format!("; `{key}` runs over several lines: write `{key}: |` and its lines below it, each indented two spaces")).collect::<String>()
            ),
            None => "write it in YAML between `---` lines: `title = \"Sleep\"` becomes `title: Sleep`, `categories = [\"Wellbeing\"]` becomes `categories: [Wellbeing]`".to_string(),
        };
        return Err(vec![
            early_error(1, 1, "this page's front matter is TOML (between `+++` lines, as Hugo and Zola write it); attach-gen reads YAML")
                .with_hint(hint),
        ]);
    }
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
                // The value is what is wrong (`date: 12/03/2024`): pointed at when it is on
                // the key's line.
                let column = place
                    .lines
                    .line(line)
                    .and_then(|text| value_column(text, &field.key, field.column))
                    .unwrap_or(field.column);
                let mut d = place.error(line, column, format!("`{}`: {message}", field.key));
                if field.key == "title" && field.is_null() {
                    d = explain_lost_value(d, field);
                }
                errors.push(d);
            }
            Some(Ok(())) => {
                if matches!(field.key.as_str(), "title" | "description" | "slug") {
                    warnings.extend(
                        value_note_warning(field).map(|(d, column)| place.at(d, line, column)),
                    );
                }
                warnings.extend(markdown_in_plain_text(field, place, line));
            }
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
        Some(t) if !t.trim().is_empty() => {
            let line = front.key_lines.get("title").map_or(2, |k| k.line);
            let (t, warning) = one_line_title(t.trim(), place, line);
            warnings.extend(warning);
            front.title = t;
        }
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

/// A warning at the first Markdown (emphasis, code, a link) in the `title`, `description` or
/// `content_note`, which are plain text: it would be shown as written, `*very*` with its stars.
fn markdown_in_plain_text(field: &yaml::Field, place: &Place, line: usize) -> Option<Diagnostic> {
    if !matches!(field.key.as_str(), "title" | "description" | "content_note") {
        return None;
    }
    let found = crate::support::plain_text::markdown_in(field.as_str()?)?;
    let (message, hint) =
        crate::support::plain_text::message_and_hint(&format!("the `{}`", field.key), &found);
    // At the Markdown, when it is on the key's line (a value on one line, as most are).
    let (line, column) = place
        .lines
        .line(line)
        .and_then(|text| {
            text.find(&found.written)
                .map(|b| (line, text[..b].chars().count() + 1))
        })
        .unwrap_or((line, 1));
    Some(place.at(
        Diagnostic::warning(Code::PlainText, message).with_hint(hint),
        line,
        column,
    ))
}

/// The title on one line: a line break or tab in it (from a `|` block, or `\n` in quotes), which
/// HTML shows as a space but feeds, JSON-LD and the search index keep, is made one space, with
/// a warning at its line saying how to write it.
fn one_line_title(title: &str, place: &Place, line: usize) -> (String, Option<Diagnostic>) {
    if !title.contains(['\n', '\t', '\r']) {
        return (title.to_string(), None);
    }
    let what = if title.contains(['\n', '\r']) {
        "a line break"
    } else {
        "a tab"
    };
    let one_line = title
        .split(['\n', '\t', '\r'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let warning = Diagnostic::warning(
        Code::FrontMatter,
        format!("the `title` holds {what}: a title is one line, so it is shown as `{one_line}`"),
    )
    .with_hint(format!(
        "write it on one line: `title: {}`",
        crate::support::yaml::quoted(&one_line)
    ));
    (one_line, Some(place.at(warning, line, 1)))
}

/// Reads the `[spans]{lang=mi}` of the title, the description, the content note and the
/// categories: each field keeps its plain text, the title, description and note their HTML too. A mistake in a span is an
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
    let content_note = front
        .content_note
        .as_deref()
        .and_then(|text| read("content_note", text));
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
    if let Some(note) = content_note {
        front.content_note = Some(note.plain);
        front.content_note_html = note.html;
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
                    .to_string()
                    + &as_a_list(field)
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
            .map_err(|_| {
                "expected a list of old addresses, such as `aliases: [old-name/]`".to_string()
                    + &as_a_list(field)
            })
            .map(|v| front.aliases = v.unwrap_or_default().iter().map(|a| nfc(a)).collect()),
        "weight" => parse_weight(field).map(|v| front.weight = v),
        "references" => field
            .parse::<Option<Vec<String>>>()
            .map_err(|_| {
                "expected a list of bibliography keys or reference texts".to_string()
                    + &as_a_list(field)
            })
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
                    front.lang = Some(lang::canonical_case(&tag));
                    Ok(())
                }
            }
        }),
        _ => return None,
    })
}

/// For a list written as one text, as other tools take it (`categories: Mental Health, Sleep`
/// from WordPress, Jekyll's `categories: Wellbeing`): the same items as a list, to write
/// instead, after `; write it as a list: `. Empty for any other value. `references:` items
/// are not split: a reference text has commas of its own (`Smith, J. (2020).`).
fn as_a_list(field: &yaml::Field) -> String {
    let Ok(text) = field.parse::<String>() else {
        return String::new();
    };
    let items: Vec<String> = text
        .split(if field.key == "references" { '\n' } else { ',' })
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            let plain = !item.contains(['[', ']', '{', '}', ':', '#', '"', '\\', '\'', ','])
                && !item.starts_with(['&', '*', '!', '|', '>', '%', '@', '`', '-', '?']);
            if plain {
                item.to_string()
            } else {
                yaml::quoted(item)
            }
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    let list = format!(
        "; write it as a list: `{}: [{}]`",
        field.key,
        items.join(", ")
    );
    // Jekyll reads `categories: health tips` as two categories: both readings are offered.
    let words: Vec<&str> = text.split_whitespace().collect();
    if field.key == "categories" && !text.contains(',') && words.len() > 1 && items.len() == 1 {
        return format!(
            "{list} for one category, or `categories: [{}]` for {} (as Jekyll reads names written with spaces between them)",
            words.join(", "),
            if words.len() == 2 {
                "two"
            } else {
                "one for each word"
            }
        );
    }
    list
}

/// The column of the value on `line`, whose key `key` starts at `key_column` (`date:
/// 12/03/2024` gives 7); `None` when the value is not on the line (nothing, or a comment
/// after the key: a list below it).
pub(crate) fn value_column(line: &str, key: &str, key_column: usize) -> Option<usize> {
    let start = line.char_indices().nth(key_column.checked_sub(1)?)?.0;
    let from_key = &line[start..];
    let after_key = match from_key.strip_prefix(key) {
        Some(rest) => rest,
        // A quoted key (`"date": ...`): past its closing quote.
        None => {
            let quote = from_key
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\''))?;
            let close = from_key[1..].find(quote)? + 1;
            &from_key[close + 1..]
        }
    };
    let after_colon = after_key.trim_start().strip_prefix(':')?;
    let value = after_colon.trim_start();
    if value.is_empty() || value.starts_with('#') {
        return None;
    }
    Some(line[..line.len() - value.len()].chars().count() + 1)
}

/// For a list written as one text in which an item holds `: ` (`categories: Mental Health,
/// "Sleep: rest"`, not valid YAML): the list to write, with that item in quotes. Quoting the
/// whole value, the usual fix, would make it one text, which is not a list either.
fn list_with_colon(line: &str) -> Option<String> {
    let (key, value) = line.split_once(": ")?;
    let value = value.trim();
    if !matches!(key, "categories" | "aliases" | "reviewed_by")
        || !value.contains(": ")
        || value.starts_with(['[', '"', '\''])
    {
        return None;
    }
    // Split at commas outside quotes.
    let mut items = Vec::new();
    let (mut start, mut quote) = (0, None);
    for (i, c) in value.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            (',', None) => {
                items.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&value[start..]);
    let items: Vec<String> = items
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            if item.starts_with(['"', '\'']) || !item.contains(": ") {
                item.to_string()
            } else {
                yaml::quoted(item)
            }
        })
        .collect();
    (!items.is_empty()).then(|| {
        format!(
            "write it as a list, with each item holding `: ` in quotes: `{key}: [{}]`",
            items.join(", ")
        )
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
        Ok(Some(Ids::Many(ids))) => {
            // One person named twice is listed once ("Reviewed by Dr Ana Smith; Dr Ana Smith"
            // read as a mistake), as a category named twice files the page once.
            let mut listed: Vec<String> = Vec::with_capacity(ids.len());
            for id in ids.iter().map(|id| id.trim().to_string()) {
                if !listed.contains(&id) {
                    listed.push(id);
                }
            }
            Ok(listed)
        }
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
    if let Some(hint) = other_tools_key(key) {
        return d.with_hint(hint);
    }
    match closest(key, KEYS.iter().copied()) {
        // `titel:` beside a `title:`: renaming it would make the key twice.
        Some(near) if fields.iter().any(|f| f.key == near) => d.with_hint(format!(
            "it looks like a second `{near}`, which the page has already: remove one of them"
        )),
        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
        None => d.with_hint(format!("pages know these keys: {}", KEYS.join(", "))),
    }
}

/// What to do with a key Hugo, Jekyll or WordPress pages have, for a site moving over.
fn other_tools_key(key: &str) -> Option<&'static str> {
    Some(match key {
        "tags" | "keywords" => {
            "pages are filed under `categories` (a list of names): move these names there"
        }
        "lastmod" | "modified" | "last_modified" | "last_modified_at" | "updated_at" => {
            "the date a page last changed is `updated` here: rename the key to `updated`"
        }
        "summary" | "excerpt" => {
            "a page's summary is its `description` here: rename the key to `description`"
        }
        "url" | "permalink" | "path" => {
            "a page's address is its `slug` here (`slug: guides/sleep`, no leading `/`); to keep an old address working, list it under `aliases`"
        }
        "layout" | "type" | "template" => {
            "every page is shown with the theme's page template, so there is no layout to choose: remove the line"
        }
        "published" => {
            "write `draft: true` for a page not to publish yet (and no line once it is published)"
        }
        "excerpt_separator" => {
            "a page's summary in lists is its `description`: remove the line and write a `description`"
        }
        // The singular is the likeliest slip, and too far from `categories` to be suggested.
        "category" => {
            "the key is `categories` (plural), a list even for one: `categories: [Wellbeing]`"
        }
        "reviewer" | "reviewers" => {
            "who reviewed the page is `reviewed_by` (ids under `people:` in site.yaml); the day is `reviewed`"
        }
        "review_date" | "last_reviewed" | "reviewed_on" | "reviewed_at" | "reviewed_date"
        | "date_reviewed" | "last_review" | "last_review_date" => {
            "the day the page was last reviewed is `reviewed`: rename the key to `reviewed`"
        }
        // How often is the site's, not the page's: the nearest key, `reviewed_by`, is another thing.
        "review_every" | "review_interval" | "review_frequency" | "review_period"
        | "review_cycle" | "review_months" | "interval_months" | "interval" => {
            "how often pages are reviewed is set for the whole site, by `interval_months` under `review:` in site.yaml (`review: {interval_months: 12}` for a year); for this page to be due sooner, set `next_review: YYYY-MM-DD`"
        }
        "review_due" | "review_due_date" | "next_review_date" | "next_review_due" | "due"
        | "due_date" | "review_on" | "next_reviewed" => {
            "the day the page is next due for review is `next_review`: rename the key to `next_review` (without it, it is `reviewed` plus the site's `review.interval_months`)"
        }
        "publishDate" | "publishdate" | "publish_date" | "pubDate" | "pubdate"
        | "date_published" | "published_at" | "published_date" => {
            "the day a page was published is `date` here: rename the key to `date` (or remove the line when the page has a `date`); a page is published when it is built, and `draft: true` holds one back"
        }
        "expiryDate" | "expirydate" | "expiry_date" | "expires" | "expiration_date"
        | "unpublishDate" | "unpublishdate" | "unpublish_date" => {
            "attach-gen does not take a page down on a day: to be reminded to look at it then, write that day as `next_review: YYYY-MM-DD`; to take it down, remove the page (or set `draft: true`) and build again"
        }
        "images" | "image" | "coverImage" | "cover_image" | "cover" | "featured_image"
        | "featuredImage" | "featureImage" | "thumbnail" | "header_image" | "teaser" => {
            "pages have no cover image: show the picture in the text, `![what it shows](sleep.jpg)`, with the file beside the page in a bundle or under static/ (or keep the key under `extra:` for your templates)"
        }
        "redirect_from" => {
            "a page's old addresses, each redirected to it, are `aliases` here: rename the key to `aliases`"
        }
        "redirect_to" => {
            "pages cannot send readers elsewhere: remove this page, and list its address under `aliases` of the page it sent them to"
        }
        "subtitle" => {
            "the line shown under a page's title is its `description`: rename the key to `description` (or keep it under `extra:` for your templates)"
        }
        "taxonomies" => {
            "pages are filed under `categories`, a key of its own at the top: `categories: [Wellbeing]` (move tags there too)"
        }
        "status" => {
            "write `draft: true` for a page not to publish yet, and remove the line (a published page needs none)"
        }
        // Options of Hugo's, Jekyll's and Zola's themes, which attach-gen's theme has no use for.
        "toc" | "showToc" | "menu" | "menus" | "linkTitle" | "comments" | "share" | "sitemap"
        | "hidden" | "in_search_index" | "render" | "sidebar" | "math" | "mathjax" => {
            "this is an option of another tool's theme, which attach-gen's has no use for: remove the line (or keep it under `extra:` for your own templates)"
        }
        "author" | "authors" => {
            "pages have no author field: keep it for your templates under `extra:` (`extra: {author: ...}`), or remove it"
        }
        _ => return None,
    })
}

/// A warning (without a place) when the page at `rel_path` (under `content/`) has no `date`
/// but its file name (or its bundle's folder name) starts with one, as Jekyll's posts do
/// (`_posts/2024-03-05-sleep.md`): attach-gen reads dates from front matter only.
fn date_in_file_name(rel_path: &str) -> Option<Diagnostic> {
    let without_ext = rel_path.strip_suffix(".md")?;
    let without_ext = without_ext.strip_suffix("/index").unwrap_or(without_ext);
    let (folder, name) = without_ext.rsplit_once('/').unwrap_or(("", without_ext));
    let day = name.get(..10)?;
    let rest = &name[10..];
    if !(rest.is_empty() || rest.starts_with(['-', '_', '.'])) {
        return None;
    }
    let date = Date::parse(day).ok()?;
    // A translation's language (`.mi`) is not part of its name.
    let title = rest
        .trim_start_matches(['-', '_'])
        .split('.')
        .next()
        .unwrap_or_default();
    let mut parts: Vec<String> = folder
        .split('/')
        .filter(|part| !part.is_empty())
        .map(crate::support::slug::slugify)
        .collect();
    parts.push(crate::support::slug::slugify(title));
    let slug = parts.join("/");
    let mut hint = format!("add `date: {date}` to its front matter");
    if !title.is_empty() && parts.iter().all(|part| !part.is_empty()) {
        hint.push_str(&format!(
            "; the date stays in the page's address too: for one without it, add `slug: {slug}`"
        ));
    }
    Some(
        Diagnostic::warning(
            Code::FrontMatter,
            format!(
                "this page has no `date`: the date in its file name ({date}) is not read, as attach-gen takes dates from the front matter only"
            ),
        )
        .with_hint(hint),
    )
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
    // At the day written, which is what to change (a key in front matter starts its line).
    let column = place
        .lines
        .line(line)
        .and_then(|text| value_column(text, "updated", 1))
        .unwrap_or(1);
    Some(
        place
            .at(
                Diagnostic::warning(
                    Code::FrontMatter,
                    format!("`updated` ({updated}) is before `date` ({date})"),
                ),
                line,
                column,
            )
            .with_hint("`updated` is when the page last changed, so it comes on or after `date`; swap them if they are the wrong way round"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colon_in_a_list_written_as_one_text_reads_right_and_shows_the_list() {
        let errors = parse("---\ntitle: Sleep\ncategories: Mental Health, \"Sleep: rest\"\n---\n")
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0]
                .message
                .ends_with("a value of `categories` containing `: ` must be in quotes"),
            "{}",
            errors[0].message
        );
        assert_eq!(
            errors[0].hint.as_deref(),
            Some(
                "write it as a list, with each item holding `: ` in quotes: `categories: [Mental Health, \"Sleep: rest\"]`"
            )
        );
        assert_eq!(
            list_with_colon("aliases: old/, Kia kaha: old, 'a, b'").as_deref(),
            Some(
                "write it as a list, with each item holding `: ` in quotes: `aliases: [old/, \"Kia kaha: old\", 'a, b']`"
            )
        );
        assert_eq!(
            list_with_colon("categories: Kia kaha: rest").as_deref(),
            Some(
                "write it as a list, with each item holding `: ` in quotes: `categories: [\"Kia kaha: rest\"]`"
            )
        );
        // Other keys keep YAML's own hint.
        assert!(list_with_colon("title: Sleep, rest: now").is_none());
        assert!(list_with_colon("categories: [a, b: c]").is_none());
    }

    #[test]
    fn a_date_in_the_file_name_is_a_warning_when_the_page_has_none() {
        let page = |rel: &str, front: &str| {
            let text = format!("---\ntitle: Sleep\n{front}---\n\nText.\n");
            parse_page(
                Path::new(&format!("content/{rel}")),
                rel.into(),
                text.into_bytes(),
            )
            .map(|p| p.warnings)
            .unwrap_or_default()
        };
        let warnings = page("_posts/2024-03-05-sleep-well.md", "");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .message
                .contains("the date in its file name (2024-03-05) is not read")
        );
        let hint = warnings[0].hint.clone().unwrap_or_default();
        assert!(hint.starts_with("add `date: 2024-03-05` to its front matter"));
        assert!(hint.ends_with("add `slug: posts/sleep-well`"), "{hint}");
        assert!(page("_posts/2024-03-05-sleep.md", "date: 2024-03-05\n").is_empty());
        // A bundle's folder, a translation, a name that is only a date.
        let hint = |rel: &str| date_in_file_name(rel).and_then(|d| d.hint);
        assert!(hint("2024-03-05-walk/index.md").is_some_and(|h| h.ends_with("`slug: walk`")));
        assert!(
            hint("news/2024-03-05-walk.mi.md").is_some_and(|h| h.ends_with("`slug: news/walk`"))
        );
        assert_eq!(
            hint("2024-03-05.md").as_deref(),
            Some("add `date: 2024-03-05` to its front matter")
        );
        // Not a date, or not a day that exists, or digits that run on.
        for rel in [
            "2024-13-05-x.md",
            "2023-02-29-x.md",
            "2024-03-051.md",
            "sleep-2024-03-05.md",
        ] {
            assert!(date_in_file_name(rel).is_none(), "{rel}");
        }
    }

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
    fn other_tools_front_matter_says_what_to_write() {
        let errors = |text: &str| parse(text).err().unwrap_or_default();
        let toml = errors("+++\ntitle = \"Sleep\"\n+++\nBody\n");
        assert_eq!((toml[0].line, toml[0].column), (1, 1));
        assert!(toml[0].message.contains("TOML"), "{toml:?}");
        assert!(
            toml[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("`title: \"Sleep\"`")),
            "{toml:?}"
        );
        let zola = errors(
            "+++\ntitle = \"Walking\"\ndate = 2019-08-15\n\n[taxonomies]\ntags = [\"walk\"]\ncategories = [\"Wellbeing\"]\n[extra]\nauthor = 'Ana'\n+++\nBody\n",
        );
        assert!(
            zola[0].hint.as_deref().is_some_and(|h| h.ends_with(
                "`title: \"Walking\"`, `date: 2019-08-15`, `categories: [\"walk\", \"Wellbeing\"]`, `extra: {author: 'Ana'}`"
            )),
            "{zola:?}"
        );
        // Numbers as YAML reads them (it reads `1_000` as text); a text over several lines
        // left out with a word, the keys around it kept.
        let numbers = errors(
            "+++\ntitle = \"Sleep\"\nweight = 1_000 # first\nx = 0x10\ny = +5\nz = -inf\nn = nan\no = 0o755\nb = 0b101\nf = 224_617.445_991\ne = 5e+22\ndate = 1979-05-27T07:32:00Z\nsummary = \"\"\"\nRest well.\nSleep \"\"\"\nq = \"\"\"say \"hi\"\"\"\"\nl = '''it's'''\n+++\n",
        );
        assert_eq!(
            numbers[0].hint.as_deref(),
            Some(
                "write it in YAML between `---` lines (the closing `+++` too): `title: \"Sleep\"`, `weight: 1000`, `x: 16`, `y: 5`, `z: -.inf`, `n: .nan`, `o: 493`, `b: 5`, `f: 224617.445991`, `e: 5e+22`, `date: 1979-05-27T07:32:00Z`, `q: \"say \\\"hi\\\"\"`, `l: 'it''s'`; `summary` runs over several lines: write `summary: |` and its lines below it, each indented two spaces"
            ),
            "{numbers:?}"
        );
        // Another table, or a list over several lines: the general rule.
        for text in [
            "+++\ntitle = \"A\"\n[params]\nx = 1\n+++\n",
            "+++\ntags = [\n\"a\"]\n+++\n",
            "+++\ntitle = \"A\"\n",
        ] {
            let hint = errors(text)[0].hint.clone().unwrap_or_default();
            assert!(hint.contains("`title = \"Sleep\"` becomes"), "{hint}");
        }
        let hints = errors(
            "---\ntitle: Sleep\ntags: [a]\nlastmod: 2024-03-06\nlayout: post\ncategories: Mental Health, Sleep\naliases: /old/\nreferences: Smith, J. (2020). Rest.\ndate: 2024-03-05T10:00:00+13:00\n---\n",
        );
        let text: Vec<String> = hints
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.line,
                    d.message,
                    d.hint.clone().unwrap_or_default()
                )
            })
            .collect();
        for expected in [
            "3:unknown front matter key `tags` pages are filed under `categories`",
            "4:unknown front matter key `lastmod` the date a page last changed is `updated`",
            "5:unknown front matter key `layout` every page is shown with the theme's page template",
            "6:`categories`: expected a list of category names, such as `categories: [Wellbeing, For Myself]`; write it as a list: `categories: [Mental Health, Sleep]`",
            "7:`aliases`: expected a list of old addresses, such as `aliases: [old-name/]`; write it as a list: `aliases: [/old/]`",
            "write it as a list: `references: [\"Smith, J. (2020). Rest.\"]`",
            "9:`date`: `2024-03-05T10:00:00+13:00` has a time of day; write the day only, as written there: `2024-03-05`",
        ] {
            assert!(
                text.iter().any(|t| t.contains(expected)),
                "{expected}\n{text:#?}"
            );
        }
    }

    #[test]
    fn hugo_jekyll_and_zola_keys_say_what_they_are_here() {
        let errors = parse(
            "---\ntitle: Sleep\npublishDate: 2024-03-05\nexpiryDate: 2030-01-01\nimages: [a.jpg]\nredirect_from: [/old/]\nsubtitle: Rest\ntaxonomies: {tags: [a]}\ntoc: true\ncategories: health tips\n---\n",
        )
        .err()
        .unwrap_or_default();
        let text: Vec<String> = errors
            .iter()
            .map(|d| format!("{}:{}", d.line, d.hint.clone().unwrap_or(d.message.clone())))
            .collect();
        for expected in [
            "3:the day a page was published is `date` here",
            "4:attach-gen does not take a page down on a day: to be reminded to look at it then, write that day as `next_review: YYYY-MM-DD`",
            "5:pages have no cover image",
            "6:a page's old addresses, each redirected to it, are `aliases` here",
            "7:the line shown under a page's title is its `description`",
            "8:pages are filed under `categories`",
            "9:this is an option of another tool's theme",
            "10:`categories`: expected a list of category names, such as `categories: [Wellbeing, For Myself]`; write it as a list: `categories: [health tips]` for one category, or `categories: [health, tips]` for two",
        ] {
            assert!(
                text.iter().any(|t| t.starts_with(expected)),
                "{expected}\n{text:#?}"
            );
        }
        // A name with commas is split at them only, as before.
        let one = parse("---\ntitle: A\ncategories: Mental Health, Sleep\n---\n")
            .err()
            .unwrap_or_default();
        assert!(!one[0].message.contains("for two"), "{one:?}");
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
    fn a_wrong_value_is_pointed_at_not_its_key() {
        let errors = parse(
            "---\ntitle: A\ndate: 12/03/2024\nreviewed:   2024-13-01 # checked\nweight: 1_000\n\"updated\": soon\ncategories:\n  - {a: b}\n---\n",
        )
        .err()
        .unwrap_or_default();
        let places: Vec<(usize, usize)> = errors.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(
            places,
            [(3, 7), (4, 13), (5, 9), (6, 12), (7, 1)],
            "{errors:?}"
        );
        assert_eq!(super::value_column("  date: x", "date", 3), Some(9));
        assert_eq!(super::value_column("date:", "date", 1), None);
        assert_eq!(super::value_column("date: # later", "date", 1), None);
        assert_eq!(super::value_column("ā: é", "ā", 1), Some(4));
        assert_eq!(super::value_column("x", "date", 9), None);
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
                (
                    4,
                    10,
                    "`updated` (2024-04-01) is before `date` (2024-05-01)"
                ),
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
