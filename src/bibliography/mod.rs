//! References: reading bibliography files and formatting citations and reference lists with a
//! real citation style (APA 7 by default).
//!
//! The stages, one module each:
//! - `bibtex` reads a `.bib` file's entries, with `@string` macros put in and `crossref` /
//!   `xdata` inherited (bounded: no macro or link can make it loop or blow up);
//! - `latex`, `sentence_case`, `names` and `dates` decode field values as biber and Pandoc
//!   read them;
//! - `csl` maps each entry to a CSL-JSON item, the way Pandoc does (`yaml` does the same for
//!   Hayagriva YAML entries); `csl_json`, `csl_yaml` and `ris` read the other formats into the
//!   same items;
//! - `style` loads the CSL style and its locale;
//! - `distinguish` tells works apart in citations (initials, added names), `year_letters`
//!   gives 2019a, 2019b, and `group_authors` defines an organisation's abbreviation at its
//!   first citation ("World Health Organization [WHO]") and uses it after;
//! - `format` formats citations and reference lists with hayagriva's CSL engine, and `html`
//!   writes them as HTML.
//!
//! Why CSL-JSON: hayagriva's own entry model drops or cannot express much of what
//! bibliographies hold (data sets, magazine articles, publication status, particles...), and
//! its BibLaTeX conversion is lossy; with Pandoc's mapping fed in as CSL-JSON, the same engine
//! formats 231 of the 267 real-world entries of `../shared/citations/real-world` as Pandoc
//! does, against 105 with hayagriva's own conversion. docs/citations.md ("Design") has the
//! figures and where each remaining correction lives.

mod bibtex;
mod csl;
mod csl_json;
mod csl_yaml;
mod dates;
mod distinguish;
mod format;
mod group_authors;
mod html;
mod latex;
mod life_dates;
mod marks;
mod names;
mod ris;
mod sentence_case;
mod style;
mod yaml;
mod year_letters;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use hayagriva::citationberg::json::Item;

use crate::config::Config;
use crate::support::diagnostic::{Code, Diagnostic, LineIndex};

pub use distinguish::distinguish_page;
pub use format::{FormattedBibliography, FormattedWork, format};
pub use style::CitationStyle;

/// Every work in the site's bibliography files, as CSL-JSON items.
#[derive(Default)]
pub struct Library {
    items: Vec<Item>,
    /// Key → position in `items`.
    index: HashMap<String, usize>,
    /// Key → the file it came from, and the entry's line there.
    sources: HashMap<String, (PathBuf, usize)>,
    /// Keys of entries left out because they have no fields (`@article{key,}`) → the file
    /// and the entry's line, so that citing one says so.
    empty: HashMap<String, (PathBuf, usize)>,
    /// Key → the organisation (its one author) and its abbreviation, for styles that cite
    /// it abbreviated (see [`Library::abbreviate_groups`]).
    groups: HashMap<String, group_authors::GroupName>,
}

impl Library {
    pub fn keys(&self) -> HashSet<String> {
        self.sources.keys().cloned().collect()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Where the entry with `key` is (its file and line) when it was left out for having no
    /// fields (`@article{key,}`), so that a citation of it can say so.
    pub fn left_out(&self, key: &str) -> Option<(&Path, usize)> {
        self.empty
            .get(key)
            .map(|(file, line)| (file.as_path(), *line))
    }

    /// The keys of the entries left out for having no fields (a bare `@key` naming one says
    /// why it is not cited).
    pub fn left_out_keys(&self) -> HashSet<String> {
        self.empty.keys().cloned().collect()
    }

    /// Whether any entry was left out for having no fields.
    pub fn any_left_out(&self) -> bool {
        !self.empty.is_empty()
    }

    /// For a style that defines a group author's abbreviation at its first citation and uses
    /// it after (APA, 8.21): works whose author is written "World Health Organization (WHO)"
    /// are listed under the name alone and cited as [`group_authors`] says. Other styles
    /// print the author as written.
    pub fn abbreviate_groups(&mut self, style: &CitationStyle) {
        if !style.apa {
            return;
        }
        let mut keys: HashMap<usize, &str> = HashMap::new();
        for (key, at) in &self.index {
            keys.insert(*at, key.as_str());
        }
        let items = self
            .items
            .iter_mut()
            .enumerate()
            .filter_map(|(at, item)| Some((*keys.get(&at)?, item)));
        self.groups = group_authors::take_abbreviations(items);
    }

    fn get(&self, key: &str) -> Option<&Item> {
        self.items.get(*self.index.get(key)?)
    }

    /// Keys in the order the files list them.
    fn keys_in_order(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|item| match item.0.get("id") {
            Some(hayagriva::citationberg::json::Value::String(id)) => Some(id.as_str()),
            _ => None,
        })
    }

    fn push(&mut self, entry: Entry, file: &Path) {
        self.index.insert(entry.key.clone(), self.items.len());
        self.items.push(entry.item);
        self.sources
            .insert(entry.key, (file.to_path_buf(), entry.place.0));
    }
}

/// One entry of a bibliography file.
struct Entry {
    key: String,
    item: Item,
    /// The line and column it starts at ((0, 0) when not known).
    place: (usize, usize),
}

impl Entry {
    fn at(key: String, item: Item, lines: &LineIndex, offset: usize) -> Entry {
        Entry {
            key,
            item,
            place: lines.line_col(offset),
        }
    }
}

/// Reads every file named by `bibliography:` in site.yaml.
/// Problems (errors, and warnings for what is printed differently) come back with it.
pub fn load(config: &Config) -> (Library, Vec<Diagnostic>) {
    let mut library = Library::default();
    let mut errors = Vec::new();
    // A map: a list of thousands was compared with every file before it.
    let mut read: HashMap<PathBuf, &Path> = HashMap::new();
    // The line and column of the file listed before, so that a repeat is placed at its own
    // place: files are listed in order, one a line or all on one (`[refs.bib, refs.bib]`).
    let mut last = (0, 0);
    for file in &config.bibliography.files {
        let written = file.to_string_lossy();
        let located = config
            .key_lines
            .locate_after("bibliography", &written, last);
        // The next is looked for past this one's end: `refs.bib` is a word of `./refs.bib`.
        if let Some(at) = &located {
            last = (at.line, at.column + written.chars().count().max(1) - 1);
        }
        let place = |d| config.at_located(d, "bibliography", located.clone());
        if let Some(twice) = listed_twice(config, file, &mut read).map(place) {
            errors.push(twice);
            continue;
        }
        let before = errors.len();
        load_file(config, file, &mut library, &mut errors);
        crate::support::diagnostic::cap_errors(
            &mut errors,
            before,
            MAX_ERRORS_SHOWN,
            "in this bibliography file",
            file,
        );
    }
    (library, errors)
}

/// The warning when `file` is a file `bibliography:` already listed (`refs.bib` twice, or
/// `./refs.bib` after it), which is then not read again: each of its works would otherwise be
/// an error, "also in refs.bib", at its own key, and the list was most likely meant to name
/// another file. `read` holds the files listed so far, by where they are on disk. The caller
/// places it in site.yaml.
fn listed_twice<'a>(
    config: &Config,
    file: &'a Path,
    read: &mut HashMap<PathBuf, &'a Path>,
) -> Option<Diagnostic> {
    let path = config.root.join(file);
    // A file that cannot be found is compared as written (its own error says it is missing).
    let at = std::fs::canonicalize(&path).unwrap_or(path);
    let Some(first) = read.get(&at) else {
        read.insert(at, file);
        return None;
    };
    let message = if *first == file {
        format!("`bibliography` lists {} twice", file.display())
    } else {
        format!(
            "`bibliography` lists {} twice: `{}` is the same file as `{}`",
            first.display(),
            file.display(),
            first.display()
        )
    };
    Some(
        Diagnostic::warning(Code::Bibliography, message)
            .with_hint("it is read once; if you meant another file, name that one instead"),
    )
}

/// At most this many errors of one bibliography file are shown; one more counts the rest.
const MAX_ERRORS_SHOWN: usize = 100;

/// Reads one bibliography file into `library`; its problems go to `errors`.
fn load_file(config: &Config, file: &Path, library: &mut Library, errors: &mut Vec<Diagnostic>) {
    let path = config.root.join(file);
    let text = match crate::support::source::read_site_file(&config.root, &path) {
        // Where the first bad byte is, and what the file's encoding looks like, as for a page.
        Ok(bytes) => match crate::support::diagnostic::decode_utf8(file, bytes) {
            Ok(text) => text,
            Err(d) => {
                errors.push(d);
                return;
            }
        },
        Err(e) => {
            errors.push(
                config
                    .at_value(
                        Diagnostic::error(Code::Bibliography, format!("cannot read the bibliography file {}: {e}", file.display())),
                        "bibliography",
                        &file.to_string_lossy(),
                    )
                    .with_hint("fix the path under `bibliography:` in site.yaml (it is relative to the site's folder)"),
            );
            return;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let entries = match extension(file).as_str() {
        "bib" | "bibtex" | "biblatex" => {
            let mut empty = Vec::new();
            let entries = read_bib(file, text, (errors, &mut empty));
            for (key, line) in empty {
                library
                    .empty
                    .entry(key)
                    .or_insert_with(|| (file.to_path_buf(), line));
            }
            entries
        }
        "yaml" | "yml" if csl_yaml::looks_like_csl(text) => {
            // Tags the YAML library takes off without a word (`!custom`), as in Hayagriva YAML.
            let yaml = csl_yaml::metadata_block(text);
            let tags =
                crate::support::yaml::tag_problems(yaml, &crate::support::yaml::scan::scan(yaml));
            errors.extend(tag_diagnostics(file, text, tags));
            read_items(file, text, csl_yaml::read, errors)
        }
        "yaml" | "yml" => read_yaml(file, text, errors),
        "json" => read_items(file, text, csl_json::read, errors),
        "ris" => read_items(file, text, ris::read, errors),
        other => {
            errors.push(
                Diagnostic::error(
                    Code::Bibliography,
                    format!("cannot read `.{other}` bibliography files"),
                )
                .in_file(file)
                .with_hint(
                    "use BibTeX/BibLaTeX (.bib), CSL-JSON (.json), RIS (.ris), or CSL YAML or Hayagriva YAML (.yaml)",
                ),
            );
            return;
        }
    };
    let mut lines = None;
    for mut entry in entries {
        if let Some(d) = strip_invisible_key(&mut entry) {
            let lines = lines.get_or_insert_with(|| LineIndex::new(text));
            errors.push(match entry.place {
                (line @ 1.., column) => d.in_file(file).at_indexed(lines, line, column),
                _ => d.in_file(file),
            });
        }
        if let Some((first, first_line)) = library.sources.get(&entry.key) {
            let first_place = match first_line {
                0 => first.display().to_string(),
                line => format!("{}:{line}", first.display()),
            };
            let mut d = Diagnostic::error(
                Code::DuplicateKey,
                format!(
                    "the key `{}` is also in {first_place}; a key names one work in all the bibliography files",
                    entry.key
                ),
            )
            .in_file(file)
            .with_hint("rename or remove one of them (if both are the same work, keep one)");
            if let (line @ 1.., column) = entry.place {
                // One index of the file's lines for all its duplicates.
                let lines = lines.get_or_insert_with(|| LineIndex::new(text));
                d = d.at_indexed(lines, line, column);
            }
            errors.push(d);
            continue;
        }
        library.push(entry, file);
    }
}

/// A key holding characters no page may hold (`"sle\u0007ep"` in CSL-JSON, `"re\ast":` in
/// Hayagriva YAML, both made by escapes): no citation could be typed to match it. They are
/// taken out of the key (and the item's `id`), with a warning, placed by the caller.
fn strip_invisible_key(entry: &mut Entry) -> Option<Diagnostic> {
    use crate::support::escape::forbidden_in_markup;
    let c = entry.key.chars().find(|c| forbidden_in_markup(*c))?;
    entry.key.retain(|c| !forbidden_in_markup(c));
    entry.item.0.insert(
        "id".into(),
        hayagriva::citationberg::json::Value::String(entry.key.clone()),
    );
    Some(
        Diagnostic::warning(
            Code::Bibliography,
            format!(
                "this work's key holds {}; it is left out, and the work is cited as `@{}`",
                crate::support::escape::made_by_escape(
                    c,
                    "an escape",
                    &format!("\\u{:04X}", c as u32)
                ),
                entry.key
            ),
        )
        .with_hint("take the escape out of the key"),
    )
}

/// The line each top-level key of a Hayagriva YAML file is on (`key:`, `"key":` or `'key':`
/// at the start of a line; the first when written twice): the YAML reader gives no places.
/// One pass, so a file of thousands of entries is not read once per entry.
fn top_level_key_lines(text: &str) -> HashMap<std::borrow::Cow<'_, str>, usize> {
    use std::borrow::Cow;
    let mut lines = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        let key = if let Some(quoted) = line.strip_prefix(['"', '\'']) {
            let quote = &line[..1];
            quoted
                .split_once(quote)
                .filter(|(_, rest)| rest.starts_with(':'))
                .map(|(key, _)| match key.contains('\\') && quote == "\"" {
                    // `"re\ast":`, as the YAML reader reads it.
                    true => serde_yaml::from_str::<String>(&format!("\"{key}\""))
                        .map_or(Cow::Borrowed(key), Cow::Owned),
                    false => Cow::Borrowed(key),
                })
        } else if line.starts_with(|c: char| !c.is_whitespace() && !"#-".contains(c)) {
            // A key ends at the first `:` followed by a space or the line's end (`a:b:` is `a:b`).
            line.match_indices(':')
                .find(|(at, _)| {
                    line[at + 1..].is_empty() || line[at + 1..].starts_with([' ', '\t'])
                })
                .map(|(at, _)| Cow::Borrowed(&line[..at]))
        } else {
            None
        };
        if let Some(key) = key {
            lines.entry(key).or_insert(n + 1);
        }
    }
    lines
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// A problem of a `.bib` or `.json` file as a diagnostic at its place.
/// `lines` is the file's, made once for all its problems (a file may have thousands).
fn diagnostic_at(
    file: &Path,
    lines: &LineIndex,
    problem: bibtex::Problem,
    error: bool,
) -> Diagnostic {
    let (line, column) = lines.line_col(problem.offset);
    let diagnostic = if error {
        Diagnostic::error(Code::Bibliography, problem.message)
    } else {
        Diagnostic::warning(Code::Bibliography, problem.message)
    };
    diagnostic
        .in_file(file)
        .with_hint(problem.hint)
        .at_indexed(lines, line, column)
}

/// A work read from a file: its key, the item, and the byte offset it starts at.
type KeyedItem = (String, Item, usize);

/// A reader of a file's items: problems go to the first list (errors), the second (warnings).
type ItemReader = fn(&str, &mut Vec<bibtex::Problem>, &mut Vec<bibtex::Problem>) -> Vec<KeyedItem>;

/// The items of a CSL-JSON, CSL YAML or RIS file, read by `read`; problems go to `diagnostics`.
fn read_items(
    file: &Path,
    text: &str,
    read: ItemReader,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let (mut problems, mut warnings) = (Vec::new(), Vec::new());
    let items = read(text, &mut problems, &mut warnings);
    let lines = LineIndex::new(text);
    diagnostics.extend(
        problems
            .into_iter()
            .map(|p| diagnostic_at(file, &lines, p, true)),
    );
    diagnostics.extend(
        warnings
            .into_iter()
            .map(|p| diagnostic_at(file, &lines, p, false)),
    );
    items
        .into_iter()
        .map(|(key, item, offset)| Entry::at(key, item, &lines, offset))
        .collect()
}

/// A `.bib` file's entries as (key, item); problems go to `diagnostics`.
/// `empty_entries` gets the key and line of each entry left out for having no fields.
fn read_bib(
    file: &Path,
    text: &str,
    (diagnostics, empty_entries): (&mut Vec<Diagnostic>, &mut Vec<(String, usize)>),
) -> Vec<Entry> {
    let (mut problems, mut warnings, mut empty) = (Vec::new(), Vec::new(), Vec::new());
    let entries = bibtex::read_noting_empty(text, (&mut problems, &mut warnings), &mut empty);
    let lines = LineIndex::new(text);
    empty_entries.extend(
        empty
            .into_iter()
            .map(|(key, offset)| (key, lines.line_col(offset).0)),
    );
    diagnostics.extend(
        problems
            .into_iter()
            .map(|p| diagnostic_at(file, &lines, p, true)),
    );
    let items = entries
        .iter()
        .map(|entry| {
            let item = csl::from_bib(entry, &mut warnings);
            Entry::at(entry.key.clone(), item, &lines, entry.offset)
        })
        .collect();
    diagnostics.extend(
        warnings
            .into_iter()
            .map(|p| diagnostic_at(file, &lines, p, false)),
    );
    items
}

fn read_yaml(file: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Entry> {
    // Tags the YAML library takes off without a word (`!custom`), or reads as something
    // else than text (hayagriva's fields read a tagged value as an enum).
    let tags = crate::support::yaml::tag_problems(text, &crate::support::yaml::scan::scan(text));
    match hayagriva::io::from_yaml_str(text) {
        Ok(library) => {
            diagnostics.extend(tag_diagnostics(file, text, tags));
            let lines = top_level_key_lines(text);
            diagnostics.extend(names_printed_as_written(file, text, &lines));
            let entries: Vec<Entry> = library
                .iter()
                .map(|e| e.key().to_string())
                .zip(yaml::items(&library, text))
                .map(|(key, item)| Entry {
                    place: (lines.get(key.as_str()).copied().unwrap_or(0), 1),
                    key,
                    item,
                })
                .collect();
            diagnostics.extend(unlinked_yaml_urls(file, text, &entries));
            entries
        }
        Err(e) => {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            let message = e.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            let tag = tag_at_line(&tags, line);
            let (message, line, column, hint) = match tag {
                Some((tag, hint)) => (
                    format!("the YAML tag `{tag}` is not supported here ({message})"),
                    line,
                    column,
                    hint,
                ),
                None => yaml_read_problem(&message, text, (line, column)),
            };
            diagnostics.push(
                Diagnostic::error(
                    Code::Bibliography,
                    format!("this Hayagriva YAML file cannot be read: {message}"),
                )
                .in_file(file)
                .at(text, line, column)
                .with_hint(hint),
            );
            Vec::new()
        }
    }
}

/// Whether `rest`, what follows a name on a YAML line, makes it a key: `:` ending the line, or
/// `: ` and a value.
fn ends_key(rest: &str) -> bool {
    rest.trim_end() == ":" || rest.starts_with(": ")
}

/// hayagriva's message for a file it cannot read, as (message, line, column, help): an entry
/// key written twice is placed at its second line; an unknown `type` gets the nearest one and
/// the list in lower case (hayagriva lists each twice, `Article`, `article`, ...); any other
/// problem a help that says how the message names the field.
fn yaml_read_problem(
    message: &str,
    text: &str,
    (line, column): (usize, usize),
) -> (String, usize, usize, String) {
    if let Some(key) = message.strip_prefix("duplicate key ") {
        let second = text
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                // Plain or quoted (`"smith2020":`).
                ["", "\"", "'"].into_iter().any(|quote| {
                    l.strip_prefix(quote)
                        .and_then(|l| l.strip_prefix(key))
                        .and_then(|l| l.strip_prefix(quote))
                        .is_some_and(ends_key)
                })
            })
            .nth(1)
            .map_or(line, |(n, _)| n + 1);
        return (
            format!("the entry key `{key}` is written twice"),
            second,
            1,
            "give each entry its own key: keep one of the two, or rename one (and the citations of it)".to_string(),
        );
    }
    if let Some((key, rest)) = message.split_once(": duplicate field `")
        && let Some(field) = rest.strip_suffix('`')
    {
        // The second line from the entry's that starts with the field, at the indentation of
        // the entry's fields (a `parent:`'s own `title:` is not the entry's), up to the next
        // entry.
        let mut depth = None;
        let mut seen = Vec::new();
        for (n, l) in text.lines().enumerate().skip(line.saturating_sub(1)) {
            let indent = l.len() - l.trim_start().len();
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            match depth {
                None if indent == 0 => continue,
                None => depth = Some(indent),
                Some(_) if indent == 0 => break,
                Some(_) => {}
            }
            if depth == Some(indent) && l.trim_start().strip_prefix(field).is_some_and(ends_key) {
                seen.push((n, l));
            }
        }
        let second = seen.get(1);
        let (line, column) = second.map_or((line, column), |(n, l)| {
            (n + 1, l.len() - l.trim_start().len() + 1)
        });
        return (
            format!("the entry `{key}` has two `{field}` fields"),
            line,
            column,
            format!("keep one of the two `{field}` lines"),
        );
    }
    if let Some((field, rest)) = message.split_once(": unknown variant `")
        && field.ends_with(".type")
        && let Some((written, expected)) = rest.split_once("`, expected one of ")
    {
        let mut types: Vec<String> = expected
            .split(", ")
            .map(|t| t.trim_matches('`').to_lowercase())
            .collect();
        types.dedup();
        let near = crate::support::diagnostic::closest(written, types.iter().map(String::as_str))
            .map(|t| format!("did you mean `{t}`? "))
            .unwrap_or_default();
        return (
            format!("{field}: `{written}` is not a Hayagriva entry type"),
            line,
            column,
            format!("{near}the types are: {}", types.join(", ")),
        );
    }
    if let Some(key) =
        message.strip_suffix(": data did not match any variant of untagged enum OneOrMany")
        && !key.contains([' ', '.'])
    {
        // What went wrong in a `parent` (hayagriva reads it as one entry or a list of them)
        // is lost: at its `parent:`, the first from the entry's line.
        let parent = text
            .lines()
            .enumerate()
            .skip(line.saturating_sub(1))
            .find(|(_, l)| l.trim_start().strip_prefix("parent").is_some_and(ends_key));
        let (line, column) = parent.map_or((line, column), |(n, l)| {
            (n + 1, l.len() - l.trim_start().len() + 1)
        });
        return (
            format!("the `parent` of the entry `{key}` cannot be read"),
            line,
            column,
            "a parent is written as an entry (or a list of them): check its `type` is one of Hayagriva's, that no field is written twice and each field's value is of its kind (see docs/citations.md)".to_string(),
        );
    }
    let hint = match message.split_once(": ") {
        Some((key, _)) if message.ends_with("expected a map representing a bibliography entry") => format!(
            "every top-level key of a Hayagriva file is an entry, holding its fields indented below it (`{key}:`, then `  type: article`, `  title: ...`)"
        ),
        Some((field, _)) if !field.contains(' ') => format!(
            "fix the value of `{field}` (the entry's key, a dot, then the field) as Hayagriva's file format says (see docs/citations.md), or export the library as BibTeX or CSL-JSON instead"
        ),
        _ => "fix the line shown as Hayagriva's file format says (see docs/citations.md), or export the library as BibTeX or CSL-JSON instead".to_string(),
    };
    (message.to_string(), line, column, hint)
}

/// A warning at each `url` of a Hayagriva YAML file that is printed as text but not linked
/// (`www.example.org` without its `https://`, `javascript:`), as `.bib`, CSL-JSON, CSL YAML
/// and RIS files have: at the first line from its entry's that holds it.
fn unlinked_yaml_urls(file: &Path, text: &str, entries: &[Entry]) -> Vec<Diagnostic> {
    let all: Vec<&str> = text.lines().collect();
    let index = crate::support::diagnostic::LineIndex::new(text);
    entries
        .iter()
        .filter_map(|entry| {
            let Some(hayagriva::citationberg::json::Value::String(url)) = entry.item.0.get("URL")
            else {
                return None;
            };
            let message = html::unlinked_url(&entry.key, url)?;
            let start = entry.place.0.max(1);
            let (line, column) = all
                .iter()
                .enumerate()
                .skip(start - 1)
                .find_map(|(n, l)| {
                    let at = l.find(url.as_str())?;
                    Some((n + 1, l[..at].chars().count() + 1))
                })
                .unwrap_or((start, 1));
            Some(
                Diagnostic::warning(Code::Bibliography, message)
                    .in_file(file)
                    .with_hint(html::UNLINKED_URL_HINT)
                    .at_indexed(&index, line, column),
            )
        })
        .collect()
}

/// A warning at each plain-string name of a Hayagriva YAML file that hayagriva prints as
/// written but that reads as a person (`author: Jane Smith`), at the first line from its
/// entry's that has it.
fn names_printed_as_written(
    file: &Path,
    text: &str,
    entry_lines: &HashMap<std::borrow::Cow<'_, str>, usize>,
) -> Vec<Diagnostic> {
    let all: Vec<&str> = text.lines().collect();
    let index = crate::support::diagnostic::LineIndex::new(text);
    yaml::names_printed_as_written(text)
        .into_iter()
        .map(|(key, name)| {
            let start = entry_lines.get(key.as_str()).copied().unwrap_or(1);
            // Columns count characters: "Ngā Tāne Trust, Te Kani Kingi" puts the second name
            // at its 17th, not at its 19th byte.
            let (line, column) = all
                .iter()
                .enumerate()
                .skip(start.saturating_sub(1))
                .find_map(|(n, l)| {
                    let at = l.find(name.as_str())?;
                    Some((n + 1, l[..at].chars().count() + 1))
                })
                .unwrap_or((start, 1));
            Diagnostic::warning(
                Code::Bibliography,
                format!(
                    "the entry `{key}` names \"{name}\" in one string without a comma, which is printed as written, as an organisation is, not as APA prints a person (family name and initials)"
                ),
            )
            .in_file(file)
            .with_hint("write a person `Family, Given` (`author: Smith, Jane`, printed \"Smith, J.\"); an organisation as `{ name: Te Pou }`, which says it is one")
            .at_indexed(&index, line, column)
        })
        .collect()
}

/// The unsupported YAML tags of a YAML bibliography (Hayagriva or CSL YAML), as
/// [`crate::support::yaml::tag_problems`] found them: a warning at each tag, or an error at a
/// `!!binary`.
fn tag_diagnostics(
    file: &Path,
    text: &str,
    tags: Result<Vec<crate::support::yaml::TagProblem>, crate::support::yaml::TagProblem>,
) -> Vec<Diagnostic> {
    match tags {
        Ok(warnings) => warnings
            .into_iter()
            .map(|w| {
                w.problem
                    .placed(|m| Diagnostic::warning(Code::Bibliography, m), file, text)
            })
            .collect(),
        Err(e) => vec![
            e.problem
                .placed(|m| Diagnostic::error(Code::Bibliography, m), file, text),
        ],
    }
}

/// An unsupported tag on `line`, the cause of the YAML library's error there (hayagriva reads
/// `title: !custom A` as an enum, which no field of an entry is): the tag, and what to do.
fn tag_at_line(
    tags: &Result<Vec<crate::support::yaml::TagProblem>, crate::support::yaml::TagProblem>,
    line: usize,
) -> Option<(String, String)> {
    let found = match tags {
        Ok(warnings) => warnings.iter().find(|w| w.problem.line == line),
        Err(binary) => Some(binary).filter(|b| b.problem.line == line),
    }?;
    Some((found.tag.clone()?, found.problem.hint.clone()?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_plain_name_is_pointed_at_by_its_column_in_characters() {
        let text = "kingi2020:\n  type: book\n  author: [Ngā Tāne Trust, Te Kani Kingi]\n";
        let found = super::names_printed_as_written(
            std::path::Path::new("refs.yaml"),
            text,
            &super::top_level_key_lines(text),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].line, found[0].column), (3, 28));
    }

    #[test]
    fn the_tag_on_a_line_comes_with_its_warning_not_from_its_message() {
        let text = "smith:\n  type: book\n  title: !custom A `b` c\n";
        let tags =
            crate::support::yaml::tag_problems(text, &crate::support::yaml::scan::scan(text));
        let (tag, hint) = super::tag_at_line(&tags, 3).unwrap_or_default();
        assert_eq!(tag, "!custom");
        assert!(hint.starts_with("take `!custom` out"), "{hint}");
        assert_eq!(super::tag_at_line(&tags, 2), None);
        let binary = "smith:\n  title: !!binary aGk=\n";
        let tags =
            crate::support::yaml::tag_problems(binary, &crate::support::yaml::scan::scan(binary));
        assert_eq!(
            super::tag_at_line(&tags, 2).map(|(tag, _)| tag).as_deref(),
            Some("!!binary")
        );
    }

    #[test]
    fn top_level_keys_are_found_in_one_pass_with_their_lines() {
        let text = "# works\nsmith2020:\n  type: book\n  title: \"a: b\"\n\"doe:2019\":\n  type: web\n'o''neil':\n  type: book\nurl:x: \n  type: book\nsmith2020:\n  type: book\n";
        let lines = super::top_level_key_lines(text);
        assert_eq!(
            lines.get("smith2020"),
            Some(&2),
            "the first, when written twice"
        );
        assert_eq!(lines.get("doe:2019"), Some(&5));
        assert_eq!(lines.get("url:x"), Some(&9));
        assert_eq!(lines.get("type"), None, "nested keys are not entries");
        assert_eq!(lines.get("title"), None);
    }
}
