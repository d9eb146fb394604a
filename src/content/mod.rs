//! Reading the pages: walk `content/`, split off each file's front matter and check it.
//!
//! The result is a list of [`SourcePage`]s in a stable order (sorted by path), whatever order
//! the file system lists them in. Files are read and parsed in parallel.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::support::diagnostic::{Diagnostic, LineIndex, closest};
use crate::support::text::nfc;
use crate::support::yaml::{self, ValueNote};

pub use crate::config::layout::CONTENT_DIR;

/// One Markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// The path as the user would type it, relative to the site root (`content/guides/sleep.md`).
    pub path: PathBuf,
    /// The path under `content/`, with `/` separators (`guides/sleep.md`).
    pub rel_path: String,
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// The line of the file on which `body` starts (1-based), so body positions map to file lines.
    pub body_line: usize,
    /// Likely mistakes in the front matter that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

impl SourcePage {
    /// A diagnostic placed at `line:column` of the body (1-based, relative to the body).
    pub fn diagnostic_in_body(&self, d: Diagnostic, line: usize, column: usize) -> Diagnostic {
        let mut d = d.in_file(&self.path).at(&self.body, line, column);
        d.line = line + self.body_line - 1;
        d
    }

    /// A diagnostic placed at byte `offset` of the body; `lines` is the body's
    /// [`LineIndex`](crate::support::diagnostic::LineIndex), built once for all of a page's diagnostics.
    pub fn diagnostic_at_offset(
        &self,
        lines: &crate::support::diagnostic::LineIndex,
        d: Diagnostic,
        offset: usize,
    ) -> Diagnostic {
        let (line, column) = lines.line_col(offset);
        let mut d = d.in_file(&self.path);
        d.line = line + self.body_line - 1;
        d.column = column;
        d.source_line = lines.line(line).map(str::to_string);
        d
    }

    /// A diagnostic placed at the front matter key `key` (or the file's first line).
    pub fn diagnostic_at_key(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let (line, text) = self
            .front
            .key_lines
            .iter()
            .find(|(k, ..)| k == key)
            .map_or((1, String::from("---")), |(_, line, text)| {
                (*line, text.clone())
            });
        let mut d = d.in_file(&self.path);
        d.line = line;
        d.column = 1;
        d.source_line = Some(text);
        d
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("`{text}` is not a date written YYYY-MM-DD, such as 2024-03-09");
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year: u16 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let day: u8 = d.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(format!(
                "`{text}` has no month {month}: months run from 01 to 12"
            ));
        }
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day == 0 || day > days {
            return Err(format!(
                "`{text}` does not exist: that month has {days} days"
            ));
        }
        Ok(Date { year, month, day })
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's
/// `civil_from_days`). For today's date and `SOURCE_DATE_EPOCH`, without a date crate.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A page's front matter, checked.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub categories: Vec<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub slug: Option<String>,
    pub weight: Option<i64>,
    /// Bibliography keys, or free-text references, the page relies on.
    pub references: Vec<String>,
    pub extra: serde_json::Value,
    /// Each key with its line in the file and that line's text, for later diagnostics.
    pub key_lines: Vec<(String, usize, String)>,
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "categories",
    "date",
    "updated",
    "draft",
    "slug",
    "weight",
    "references",
    "extra",
];

/// How many unknown keys of one page are reported one by one; the rest are counted.
const MAX_KEY_ERRORS: usize = 100;

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
        ValueNote::Decoration { column, token } => (
            format!(
                "YAML reads `{token}` as an anchor or tag, not as part of the {}",
                field.key
            ),
            *column,
        ),
    };
    Some((
        Diagnostic::warning("front-matter", message)
            .with_hint(format!("to keep all of it, write `{fix}`")),
        column,
    ))
}

/// What the walk found: the pages (drafts left out unless asked for) and every problem.
pub struct Loaded {
    pub pages: Vec<SourcePage>,
    /// Source paths (under `content/`) of drafts left out of this build.
    pub drafts: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every `content/**/*.md` of the site at `root`.
pub fn load(root: &Path, include_drafts: bool) -> Loaded {
    load_cached(root, include_drafts, None)
}

/// What reading one page gives.
type PageResult = Result<SourcePage, Vec<Diagnostic>>;

/// Pages already read, kept by `serve` between builds: a file whose bytes have not changed is
/// not parsed again.
#[derive(Default)]
pub struct Cache {
    /// Path → (the file's bytes, what they gave).
    files: std::collections::HashMap<PathBuf, (Vec<u8>, Arc<PageResult>)>,
}

/// [`load`], reusing (and then refreshing) what `cache` holds.
pub fn load_cached(root: &Path, include_drafts: bool, cache: Option<&mut Cache>) -> Loaded {
    let content = root.join(CONTENT_DIR);
    let mut diagnostics = Vec::new();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::warning(
                "no-content",
                "the site has no content/ folder, so it has no pages",
            )
            .with_hint("create content/ and put the site's Markdown pages in it"),
        );
    }
    // Links out of the site, links to folders and special files are skipped with a warning
    // (see `source`); hidden files and folders are not pages.
    let found = crate::support::source::walk(
        root,
        &content,
        &crate::support::source::Rules {
            skip_hidden: true,
            wanted: |path| path.extension().is_some_and(|ext| ext == "md"),
        },
    );
    diagnostics.extend(found.diagnostics);
    let files: Vec<PathBuf> = found.files.into_iter().map(|(_, path)| path).collect();

    let results: Vec<Result<SourcePage, Vec<Diagnostic>>> = match cache {
        None => files
            .par_iter()
            .map(|path| read_page(root, &content, path))
            .collect(),
        Some(cache) => {
            type Read = (Option<Vec<u8>>, Arc<PageResult>);
            let read: Vec<Read> = files
                .par_iter()
                .map(|path| {
                    let Ok(bytes) = crate::support::source::read(path) else {
                        return (None, Arc::new(read_page(root, &content, path)));
                    };
                    match cache.files.get(path) {
                        Some((old, result)) if *old == bytes => (Some(bytes), result.clone()),
                        _ => {
                            let result = parse_page(
                                &display_path(root, path),
                                rel_path(&content, path),
                                bytes.clone(),
                            );
                            (Some(bytes), Arc::new(result))
                        }
                    }
                })
                .collect();
            let results = read
                .par_iter()
                .map(|(_, result)| Result::clone(result))
                .collect();
            cache.files = files
                .into_iter()
                .zip(read)
                .filter_map(|(path, (bytes, result))| Some((path, (bytes?, result))))
                .collect();
            results
        }
    };
    let mut pages = Vec::with_capacity(results.len());
    let mut drafts = Vec::new();
    for result in results {
        match result {
            Ok(page) if page.front.draft && !include_drafts => drafts.push(page.rel_path),
            Ok(mut page) => {
                diagnostics.append(&mut page.warnings);
                pages.push(page);
            }
            Err(mut errors) => diagnostics.append(&mut errors),
        }
    }
    Loaded {
        pages,
        drafts,
        diagnostics,
    }
}

fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read_page(root: &Path, content: &Path, path: &Path) -> Result<SourcePage, Vec<Diagnostic>> {
    let shown = display_path(root, path);
    let bytes = crate::support::source::read(path).map_err(|e| {
        vec![
            e.diagnostic("io", "cannot read this file: ")
                .in_file(&shown),
        ]
    })?;
    parse_page(&shown, rel_path(content, path), bytes)
}

/// The path under `content/`, with `/` separators (`guides/sleep.md`), in NFC like the links
/// to it: macOS may store `Whānau.md` decomposed while an editor types the link composed.
fn rel_path(content: &Path, path: &Path) -> String {
    nfc(&path
        .strip_prefix(content)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/"))
}

/// Splits and checks one page's bytes. `shown` is the path used in messages.
pub fn parse_page(
    shown: &Path,
    rel_path: String,
    bytes: Vec<u8>,
) -> Result<SourcePage, Vec<Diagnostic>> {
    let text = crate::support::diagnostic::decode_utf8(shown, bytes).map_err(|d| vec![d])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    };
    // Before the front matter is found, a mistake is on one of the first lines.
    let early_error = |line: usize, column: usize, message: String| {
        Diagnostic::error("front-matter", message)
            .in_file(shown)
            .at(&text, line, column)
    };

    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("front-matter", "this page is empty")
                .in_file(shown)
                .with_hint("start it with front matter: a `---` line, `title: ...`, and another `---` line"),
        ]);
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Err(vec![
            early_error(1, 1, "this page has no front matter".into()).with_hint(
                "start the file with a `---` line, then `title: ...`, then another `---` line",
            ),
        ]);
    }
    let front_start = first.len();
    let mut offset = front_start;
    let mut close = None;
    let mut close_line = 1;
    for line in lines {
        close_line += 1;
        if matches!(line.trim_end(), "---" | "...") {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((front_end, body_start)) = close else {
        return Err(vec![
            early_error(1, 1, "the front matter is never closed".into())
                .with_hint("add a line with only `---` after the last front matter field"),
        ]);
    };
    let front_text = &text[front_start..front_end];
    let lines = LineIndex::new(&text);
    // Placed with the line index: a page with thousands of mistakes must not read the whole
    // text again for each.
    let place = |d: Diagnostic, line: usize, column: usize| {
        let mut d = d.in_file(shown);
        d.line = line;
        d.column = column;
        d.source_line = lines.line(line).map(str::to_string);
        d
    };
    let error = |line: usize, column: usize, message: String| {
        place(Diagnostic::error("front-matter", message), line, column)
    };
    let parsed = yaml::parse_fields(front_text).map_err(|e| {
        let d = error(
            e.line + 1,
            e.column,
            format!("the front matter is not valid YAML: {}", e.message),
        );
        vec![match e.hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        }]
    })?;
    let fields = parsed.fields;
    let mut warnings: Vec<Diagnostic> = parsed
        .warnings
        .into_iter()
        .map(|w| {
            let d = place(
                Diagnostic::warning("front-matter", w.message),
                w.line + 1,
                w.column,
            );
            match w.hint {
                Some(hint) => d.with_hint(hint),
                None => d,
            }
        })
        .collect();

    let mut front = FrontMatter {
        extra: serde_json::Value::Object(Default::default()),
        ..FrontMatter::default()
    };
    let mut errors = Vec::new();
    let mut unknown_keys = 0;
    let mut title = None;
    for field in &fields {
        let line = field.line + 1;
        front.key_lines.push((
            field.key.clone(),
            line,
            lines.line(line).unwrap_or_default().to_string(),
        ));
        let date = |value: Option<String>| value.map(|v| Date::parse(&v)).transpose();
        let result: Result<(), String> = match field.key.as_str() {
            "title" => field.parse::<String>().map(|v| title = Some(nfc(&v))),
            "description" => field
                .parse::<Option<String>>()
                .map(|v| front.description = v.map(|v| nfc(&v))),
            "categories" => field
                .parse::<Option<Vec<String>>>()
                .map_err(|_| "expected a list of category names, such as `categories: [Wellbeing, For Myself]`".into())
                .map(|v| front.categories = v.unwrap_or_default().iter().map(|c| nfc(c)).collect()),
            "date" => field.parse().and_then(date).map(|v| front.date = v),
            "updated" => field.parse().and_then(date).map(|v| front.updated = v),
            "draft" => field.parse().map(|v| front.draft = v),
            "slug" => field
                .parse::<Option<String>>()
                .map(|v| front.slug = v.map(|v| nfc(&v))),
            "weight" => parse_weight(field).map(|v| front.weight = v),
            "references" => field
                .parse::<Option<Vec<String>>>()
                .map_err(|_| "expected a list of bibliography keys or reference texts".into())
                .map(|v| front.references = v.unwrap_or_default().iter().map(|r| nfc(r)).collect()),
            "extra" => field
                .parse::<Option<serde_json::Value>>()
                .map(|v| front.extra = v.unwrap_or(front.extra.clone())),
            other => {
                unknown_keys += 1;
                if unknown_keys > MAX_KEY_ERRORS {
                    continue;
                }
                let mut d = error(line, field.column, format!("unknown front matter key `{other}`"));
                d = match closest(other, KEYS.iter().copied()) {
                    Some(key) => d.with_hint(format!("did you mean `{key}`?")),
                    None => d.with_hint(format!("pages know these keys: {}", KEYS.join(", "))),
                };
                errors.push(d);
                continue;
            }
        };
        match result {
            Err(message) => {
                let mut d = error(line, field.column, format!("`{}`: {message}", field.key));
                if field.key == "title" && field.is_null() {
                    d = explain_lost_value(d, field);
                }
                errors.push(d);
            }
            Ok(()) if matches!(field.key.as_str(), "title" | "description" | "slug") => {
                warnings
                    .extend(value_note_warning(field).map(|(d, column)| place(d, line, column)));
            }
            Ok(()) => {}
        }
    }
    if unknown_keys > MAX_KEY_ERRORS {
        errors.push(
            Diagnostic::error(
                "front-matter",
                format!(
                    "{} more unknown front matter keys are not shown (the first {MAX_KEY_ERRORS} are)",
                    unknown_keys - MAX_KEY_ERRORS
                ),
            )
            .in_file(shown),
        );
    }
    match title {
        Some(t) if !t.trim().is_empty() => front.title = t.trim().to_string(),
        Some(_) => {
            let line = front
                .key_lines
                .iter()
                .find(|(k, ..)| k == "title")
                .map_or(2, |(_, l, _)| *l);
            errors.push(error(line, 1, "the `title` is empty".into()));
        }
        None if fields.iter().all(|f| f.key != "title") => errors.push(
            error(close_line, 1, "this page has no `title`".into())
                .with_hint("add a line such as `title: Sleep and wellbeing` to the front matter"),
        ),
        None => {}
    }
    if let (Some(date), Some(updated)) = (front.date, front.updated)
        && updated < date
    {
        let line = front
            .key_lines
            .iter()
            .find(|(k, ..)| k == "updated")
            .map_or(1, |(_, l, _)| *l);
        warnings.push(
            place(
                Diagnostic::warning(
                    "front-matter",
                    format!("`updated` ({updated}) is before `date` ({date})"),
                ),
                line,
                1,
            )
            .with_hint("`updated` is when the page last changed, so it comes on or after `date`; swap them if they are the wrong way round"),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let body_line = text[..body_start].matches('\n').count() + 1;
    Ok(SourcePage {
        path: shown.to_path_buf(),
        rel_path,
        front,
        body: text[body_start..].to_string(),
        body_line,
        warnings,
    })
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
        assert_eq!(page.body, "# Hi\n");
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
        assert_eq!(errors[2].hint.as_deref(), Some("did you mean `title`?"));
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
        for bad in ["1e20", "1000000000", "1.5", "10:30", "\"3\""] {
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

    #[test]
    fn days_since_the_epoch() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn dates_are_checked() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-13-01").is_err());
        assert!(Date::parse("24-1-1").is_err());
    }
}
