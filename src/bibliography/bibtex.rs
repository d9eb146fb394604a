//! Reading a `.bib` file: entries and their fields as LaTeX text, with `@string` macros put
//! in and `crossref` / `xdata` fields inherited, as biber does. The LaTeX itself is decoded
//! later, field by field (see `latex` and `csl`).
//!
//! biblatex (the crate) parses the file's syntax; everything after that is done here, because
//! its own macro and crossref resolution recurses without a limit: `@string{d = d}` overflowed
//! the stack, and 525 bytes of nested macros grew to 1.2 GB. Here macro expansion is a loop
//! with a depth limit and a size budget, and crossref chains are checked before they are
//! followed.

use std::collections::{BTreeMap, HashMap, HashSet};

use biblatex::{RawBibliography, RawChunk, Spanned};

use crate::support::diagnostic::LineIndex;

/// A field's value as the parser gives it: text and macro names.
type RawField<'s> = Vec<Spanned<RawChunk<'s>>>;

/// One entry: its key, type (lowercase, `article`) and fields (lowercase names), each the
/// field's LaTeX with macros put in.
#[derive(Clone, Debug)]
pub struct BibEntry {
    pub key: String,
    pub kind: String,
    /// Byte offset of the entry's `@`.
    pub offset: usize,
    pub fields: BTreeMap<String, Field>,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub raw: String,
    /// Byte offset of the field's name in the file (of the entry it was inherited from, for
    /// inherited fields).
    pub offset: usize,
}

impl BibEntry {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|f| f.raw.as_str())
    }

    pub fn offset_of(&self, name: &str) -> usize {
        self.fields.get(name).map_or(self.offset, |f| f.offset)
    }
}

/// A problem in the file: its byte offset, the message and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub hint: &'static str,
}

/// How deep `@string` macros may refer to other macros.
const MAX_MACRO_DEPTH: usize = 64;
/// How long one field may grow by putting in macros (a field written out longer than this is
/// kept as it is).
const MAX_FIELD_BYTES: usize = 1 << 20;
/// How much macro expansion one file may do in all: four times its size, at least 16 MiB.
fn file_budget(text: &str) -> usize {
    text.len().saturating_mul(4).max(16 << 20)
}

/// How many entries one entry may borrow fields from, directly or through others; real files
/// need a handful.
const MAX_CROSSREF_EXPANSION: usize = 1000;

const MACRO_HINT: &str = "an `@string{name = {text}}` defines `name`; a field uses it by name without braces (`journal = name`): check the definitions it leads through";

const SYNTAX_HINT: &str = "check the entry that starts here or just before it: a missing comma, brace or `=` is the usual cause";

/// Parses `text`; problems go to `problems` (errors) and `warnings`. Entries with a problem
/// are left out.
#[cfg(test)]
pub fn read(text: &str, problems: &mut Vec<Problem>, warnings: &mut Vec<Problem>) -> Vec<BibEntry> {
    read_noting_empty(text, (problems, warnings), &mut Vec::new())
}

/// Parses `text` as `read` (in the tests) does, and puts the key and offset of each entry
/// left out for having no fields in `empty`, so that a citation of one can say why it finds
/// no work.
pub fn read_noting_empty(
    text: &str,
    (problems, warnings): (&mut Vec<Problem>, &mut Vec<Problem>),
    empty: &mut Vec<(String, usize)>,
) -> Vec<BibEntry> {
    // Each parsed piece of the file and the offset it starts at: the whole file, or when it
    // cannot be read as a whole, each entry on its own.
    let pieces: Vec<(usize, RawBibliography)> = match RawBibliography::parse(text) {
        Ok(raw) => vec![(0, raw)],
        Err(e) => entry_by_entry(text, e, (problems, warnings), empty),
    };
    let mut unseen = 0;
    let macros = macros_checked(text, &pieces, &mut unseen, warnings);
    let mut budget = file_budget(text);
    // Key → the first entry's text (from its `@`) and offset.
    let mut seen: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut lines = None;
    let mut entries = Vec::with_capacity(pieces.iter().map(|(_, raw)| raw.entries.len()).sum());
    let all = pieces
        .iter()
        .flat_map(|(base, raw)| raw.entries.iter().map(move |spanned| (*base, spanned)));
    'entries: for (base, spanned) in all {
        let entry = &spanned.v;
        let offset = base + spanned.span.start;
        let whole = text
            .get(offset..base + spanned.span.end)
            .unwrap_or_default();
        if entry.fields.is_empty() {
            warnings.push(no_fields(entry.key.v, offset));
            empty.push((entry.key.v.to_string(), offset));
            continue;
        }
        if let Some(&(first_text, first)) = seen.get(entry.key.v) {
            let (line, _) = lines
                .get_or_insert_with(|| LineIndex::new(text))
                .line_col(first);
            // Mendeley exports one entry several times over: a copy is no conflict.
            if whole == first_text {
                warnings.push(Problem {
                    offset,
                    message: format!(
                        "the entry `{}` is here a second time, written the same as on line {line}; this copy is left out",
                        entry.key.v
                    ),
                    hint: "remove the copy (reference managers sometimes export an entry twice)",
                });
                continue;
            }
            problems.push(Problem {
                offset,
                message: format!(
                    "the key `{}` is used by two entries in this file (the first is on line {line})",
                    entry.key.v
                ),
                hint: "keys must be unique: rename or remove one of the entries",
            });
            continue;
        }
        seen.insert(entry.key.v, (whole, offset));
        let mut fields = BTreeMap::new();
        for pair in &entry.fields {
            let name = pair.key.v.to_ascii_lowercase();
            let value = (base + pair.value.span.start)..(base + pair.value.span.end);
            unseen_in_value(
                text,
                value,
                (&name, Some(entry.key.v)),
                &mut unseen,
                warnings,
            );
            match expand(&pair.value.v, &macros, &mut budget) {
                Ok(raw) => {
                    fields.insert(
                        name,
                        Field {
                            raw,
                            offset: base + pair.key.span.start,
                        },
                    );
                }
                Err(_) if name == "month" && month_word(&pair.value.v).is_some() => {
                    let offset = base + pair.key.span.start;
                    let (raw, warning) = month_from_word(entry.key.v, &pair.value.v, offset);
                    warnings.push(warning);
                    fields.insert(name, Field { raw, offset });
                }
                Err(why) => {
                    problems.push(Problem {
                        offset: base + pair.key.span.start,
                        message: format!(
                            "the `{name}` of the entry `{}` cannot be read: {why}",
                            entry.key.v
                        ),
                        hint: MACRO_HINT,
                    });
                    continue 'entries;
                }
            }
        }
        entries.push(BibEntry {
            key: entry.key.v.to_string(),
            kind: entry.kind.v.to_ascii_lowercase(),
            offset,
            fields,
        });
    }
    inherit(&mut entries, problems);
    if unseen > UNSEEN_SHOWN {
        warnings.push(Problem {
            offset: 0,
            message: format!(
                "{} more characters no web page or feed may hold are left out of this file's fields",
                unseen - UNSEEN_SHOWN
            ),
            hint: UNSEEN_HINT,
        });
    }
    entries
}

/// How many characters no page may hold are reported in one file; the rest are counted.
pub(super) const UNSEEN_SHOWN: usize = 5;

pub(super) const UNSEEN_HINT: &str = "it usually comes from pasting or an export; delete it (an editor that shows invisible characters helps)";

/// A warning at each character no page or feed may hold in a field's value (a raw BEL or
/// ESC pasted into a title) or an `@string` macro's: it is left out of the pages, as a page's
/// own are. `value` is the value's place in `text`; `name` the field's name and `key` its
/// entry's key, or `name` the macro's and `key` none; `unseen` counts them across the file.
fn unseen_in_value(
    text: &str,
    value: std::ops::Range<usize>,
    (name, key): (&str, Option<&str>),
    unseen: &mut usize,
    warnings: &mut Vec<Problem>,
) {
    let Some(written) = text.get(value.clone()) else {
        return;
    };
    let what = || match key {
        Some(key) => format!("the `{name}` of the entry `{key}`"),
        None => format!("the `@string` macro `{name}`"),
    };
    unseen_characters(written, value.start, what, unseen, warnings);
}

/// A warning at each character of `written` (at byte `at` of its file) that no page may hold,
/// the first [`UNSEEN_SHOWN`] of the file (`unseen` counts them): "`what` holds U+0007, ...
/// here; it is left out". Shared by the `.bib` and RIS readers.
pub(super) fn unseen_characters(
    written: &str,
    at: usize,
    what: impl Fn() -> String,
    unseen: &mut usize,
    warnings: &mut Vec<Problem>,
) {
    if !crate::support::escape::holds_forbidden(written) {
        return;
    }
    for (i, c) in written.char_indices() {
        if !crate::support::escape::forbidden_in_markup(c) {
            continue;
        }
        *unseen += 1;
        if *unseen <= UNSEEN_SHOWN {
            warnings.push(Problem {
                offset: at + i,
                message: format!(
                    "{} holds U+{:04X}, a character no web page or feed may hold, here; it is left out",
                    what(),
                    c as u32
                ),
                hint: UNSEEN_HINT,
            });
        }
    }
}

/// A file that cannot be read as a whole, read entry by entry: each piece from a line that
/// starts an entry (`@book{`) to the next, so that one entry left open (`author = {Smith,`
/// without its `}`) is reported at its own line with its key, instead of where the file ends
/// or wherever the parser gave up, and the entries after it are still read (and checked).
/// `whole` is the error of the whole file, reported as it is when no piece has one.
fn entry_by_entry<'s>(
    text: &'s str,
    whole: biblatex::ParseError,
    (problems, warnings): (&mut Vec<Problem>, &mut Vec<Problem>),
    empty: &mut Vec<(String, usize)>,
) -> Vec<(usize, RawBibliography<'s>)> {
    let mut starts: Vec<usize> = vec![0];
    starts.extend(
        text.match_indices('\n')
            .map(|(i, _)| i + 1)
            .filter(|&start| entry_header(&text[start..]).is_some()),
    );
    starts.push(text.len());
    let lines = LineIndex::new(text);
    let mut pieces = Vec::with_capacity(starts.len());
    let mut found = false;
    for window in starts.windows(2) {
        let (start, end) = (window[0], window[1]);
        let piece = &text[start..end];
        match RawBibliography::parse(piece) {
            Ok(raw) => pieces.push((start, raw)),
            Err(e) => {
                found = true;
                let at = start + piece.len() - piece.trim_start().len();
                if let Some(problem) = empty_entry(text, at, end) {
                    warnings.push(problem);
                    if let Some((_, key)) = entry_header(&text[at..]) {
                        empty.push((key.to_string(), at));
                    }
                    continue;
                }
                let key = entry_header(&text[at..])
                    .filter(|(kind, _)| {
                        !["string", "preamble", "comment"]
                            .iter()
                            .any(|k| kind.eq_ignore_ascii_case(k))
                    })
                    .map_or("", |(_, key)| key);
                problems.push(if e.span.start >= piece.trim_end().len() {
                    let entry_line = lines.line_col(at).0;
                    let entry = if key.is_empty() {
                        format!("the entry on line {entry_line}")
                    } else {
                        format!("the entry `{key}` (line {entry_line})")
                    };
                    match unclosed_brace(&text[at..end]) {
                        Some(brace) => Problem {
                            offset: at + brace,
                            message: format!("{entry} cannot be read: this `{{` is never closed"),
                            hint: "close the field's braces (`author = {Smith, Jo},`): each `{` needs its `}`",
                        },
                        None => Problem {
                            offset: at,
                            message: format!(
                                "{entry} is never closed: it has no last `}}` (or `)`) before the next entry"
                            ),
                            hint: "end the entry with `}` after its last field",
                        },
                    }
                } else {
                    let offset = start + e.span.start;
                    let entry = match key.is_empty() {
                        true => "this BibTeX file".to_string(),
                        false => format!("the entry `{key}`"),
                    };
                    stray_character(text, offset, &entry, &e.kind).unwrap_or_else(|| Problem {
                        offset,
                        message: if key.is_empty() {
                            format!("this BibTeX file cannot be read here: {}", e.kind)
                        } else {
                            format!("the entry `{key}` cannot be read: {}", e.kind)
                        },
                        hint: SYNTAX_HINT,
                    })
                });
            }
        }
    }
    if !found {
        let offset = whole.span.start;
        problems.push(
            stray_character(text, offset, "this BibTeX file", &whole.kind).unwrap_or_else(|| {
                Problem {
                    offset,
                    message: format!("this BibTeX file cannot be read: {}", whole.kind),
                    hint: SYNTAX_HINT,
                }
            }),
        );
    }
    pieces
}

/// The `@string` macros of `pieces` (each with the offset it starts at), by lowercased name,
/// each value checked where it is defined (a field that uses it holds only its name).
fn macros_checked<'p>(
    text: &str,
    pieces: &'p [(usize, RawBibliography)],
    unseen: &mut usize,
    warnings: &mut Vec<Problem>,
) -> HashMap<String, &'p RawField<'p>> {
    for (base, pair) in pieces
        .iter()
        .flat_map(|(base, raw)| raw.abbreviations.iter().map(move |pair| (*base, pair)))
    {
        let value = (base + pair.value.span.start)..(base + pair.value.span.end);
        unseen_in_value(text, value, (pair.key.v, None), unseen, warnings);
    }
    pieces
        .iter()
        .flat_map(|(_, raw)| &raw.abbreviations)
        .map(|pair| (pair.key.v.to_ascii_lowercase(), &pair.value.v))
        .collect()
}

/// An entry with a key and no fields, `@article{smith2020}` (Zotero's BibTeX export writes an
/// empty item so, `@article{__????` and `}` on the next line): biber reads it as an entry with
/// nothing in it, and the parser stopped at its `}` ("expected comma"), which failed the whole
/// build. It is left out with a warning, as `@article{smith2020,}` is (which printed "(n.d.)."
/// and nothing else).
fn empty_entry(text: &str, at: usize, end: usize) -> Option<Problem> {
    let piece = &text[at..end];
    let (kind, key) = entry_header(piece)?;
    if key.is_empty()
        || ["string", "preamble", "comment"]
            .iter()
            .any(|k| kind.eq_ignore_ascii_case(k))
    {
        return None;
    }
    let open = piece.find(['{', '('])?;
    let rest = piece[open + 1..]
        .trim_start()
        .strip_prefix(key)?
        .trim_start();
    let close = if piece[open..].starts_with('{') {
        '}'
    } else {
        ')'
    };
    rest.starts_with(close).then(|| no_fields(key, at))
}

/// The warning for an entry with no fields, `@article{key}` or `@article{key,}`.
fn no_fields(key: &str, offset: usize) -> Problem {
    Problem {
        offset,
        message: format!(
            "the entry `{key}` has no fields (no title, author or date); it is left out"
        ),
        hint: "fill in the item in the reference manager and export again, or delete the entry",
    }
}

/// When the parser stopped at a character no one can see (`@article{smith\x07,`, a control
/// character pasted into a key or a field's name): a message that names it by its code, as
/// the parser's own ("expected comma") does not say what is wrong with the text it shows.
fn stray_character(
    text: &str,
    offset: usize,
    entry: &str,
    kind: &impl std::fmt::Display,
) -> Option<Problem> {
    let c = text.get(offset..)?.chars().next()?;
    let unseen = (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || crate::support::diagnostic::is_invisible(c)
        || crate::support::escape::forbidden_in_markup(c);
    unseen.then(|| Problem {
        offset,
        message: format!(
            "{entry} cannot be read: it holds U+{:04X}, a character that cannot be seen, here (the reader stopped at it: {kind})",
            c as u32
        ),
        hint: "delete the character (or retype the key or field name around it): it usually comes from pasting, and an editor that shows invisible characters helps",
    })
}

/// In an entry's text (from its `@` to the next entry), where the field brace that is never
/// closed opens: the `{` of a field's value that is still open on a line that starts another
/// field (`  year = ...`), or still open at the end. `None` when the braces balance but for
/// the entry's own (its closing brace is what is missing).
fn unclosed_brace(entry: &str) -> Option<usize> {
    let open = entry.find(['{', '('])?;
    // Inside an entry written `@book{...}`, a field's brace is the second level.
    let field_level = usize::from(entry[open..].starts_with('{')) + 1;
    let mut depth = field_level - 1;
    let mut opened_at = None;
    let mut chars = entry[open + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            // `\{` is a brace as text.
            '\\' => {
                chars.next();
            }
            '{' => {
                depth += 1;
                if depth == field_level {
                    opened_at = Some(open + 1 + i);
                }
            }
            '}' => {
                if depth < field_level {
                    return None;
                }
                depth -= 1;
            }
            // `author = {Smith, Jo,` then `  year = {2020},`: the next field's line is inside
            // the value, so the value's brace is the one left open (its `}` is found only
            // later, taken from another field or the entry).
            '\n' if depth >= field_level && starts_field(&entry[open + 1 + i + 1..]) => {
                return opened_at;
            }
            _ => {}
        }
    }
    opened_at.filter(|_| depth >= field_level)
}

/// Whether a line starts like a field of an entry: `  year = `.
fn starts_field(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t']);
    let name_end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_-:.".contains(c)))
        .unwrap_or(line.len());
    name_end > 0
        && line[name_end..]
            .trim_start_matches([' ', '\t'])
            .starts_with('=')
}

/// When `text` starts (after spaces) with an entry's head, `@book{key,`: its type and key
/// (the key empty when it is not written yet).
fn entry_header(text: &str) -> Option<(&str, &str)> {
    let rest = text.trim_start_matches([' ', '\t']).strip_prefix('@')?;
    let kind_end = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(rest.len());
    if kind_end == 0 {
        return None;
    }
    let kind = &rest[..kind_end];
    let rest = rest[kind_end..].trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix(['{', '('])?;
    let key = rest
        .trim_start()
        .split([',', '}', ')', '\n', ' ', '\t', '\r'])
        .next()
        .unwrap_or_default();
    Some((kind, key))
}

/// A field or macro value being expanded.
struct Expanding<'f, 's> {
    chunks: &'f [Spanned<RawChunk<'s>>],
    /// The next chunk to put in.
    next: usize,
    /// The macro these chunks define (none for the field itself).
    defines: Option<String>,
}

/// Puts the `@string` macros into a field's value. A loop over an explicit stack: a macro
/// that leads back to itself, more than [`MAX_MACRO_DEPTH`] macros deep, or growing the field
/// past its budget is an error, found before any memory is spent on it.
fn expand(
    field: &RawField,
    macros: &HashMap<String, &RawField>,
    file_budget: &mut usize,
) -> Result<String, String> {
    let literal: usize = field
        .iter()
        .map(|c| match c.v {
            RawChunk::Normal(s) => s.len(),
            RawChunk::Abbreviation(_) => 0,
        })
        .sum();
    let field_budget = MAX_FIELD_BYTES.max(literal);
    let mut out = String::new();
    let mut stack = vec![Expanding {
        chunks: field.as_slice(),
        next: 0,
        defines: None,
    }];
    while let Some(top) = stack.last_mut() {
        let Some(chunk) = top.chunks.get(top.next) else {
            stack.pop();
            continue;
        };
        top.next += 1;
        // Every step costs at least one unit, so empty macros cannot loop for free.
        let cost = 1 + match chunk.v {
            RawChunk::Normal(s) => s.len(),
            RawChunk::Abbreviation(_) => 0,
        };
        *file_budget = file_budget.checked_sub(cost).ok_or_else(|| {
            "its `@string` macros expand to more text than this file can hold (a macro bomb?)"
                .to_string()
        })?;
        match chunk.v {
            RawChunk::Normal(text) => {
                if out.len() + text.len() > field_budget {
                    return Err(format!(
                        "its `@string` macros make it longer than {} MiB",
                        field_budget >> 20
                    ));
                }
                out.push_str(text);
            }
            RawChunk::Abbreviation(name) => {
                let lower = name.to_ascii_lowercase();
                if stack
                    .iter()
                    .any(|open| open.defines.as_deref() == Some(lower.as_str()))
                {
                    return Err(format!("the `@string` macro `{name}` refers to itself"));
                }
                if stack.len() > MAX_MACRO_DEPTH {
                    return Err(format!(
                        "its `@string` macros refer to each other more than {MAX_MACRO_DEPTH} deep"
                    ));
                }
                if let Some(definition) = macros.get(&lower) {
                    stack.push(Expanding {
                        chunks: definition.as_slice(),
                        next: 0,
                        defines: Some(lower),
                    });
                } else if let Some(month) = month_macro(&lower) {
                    out.push_str(month);
                } else {
                    return Err(format!("`{name}` is not defined by an `@string`"));
                }
            }
        }
    }
    Ok(out)
}

/// A month written as one undefined macro that is a month's name (`month = november`, as
/// EndNote's BibTeX export writes it): its number and the name as written.
fn month_word<'a>(value: &[Spanned<RawChunk<'a>>]) -> Option<(u8, &'a str)> {
    match value {
        [only] => match only.v {
            RawChunk::Abbreviation(name) => {
                super::dates::month_number(name).map(|number| (number, name))
            }
            RawChunk::Normal(_) => None,
        },
        _ => None,
    }
}

/// The month number of a `month = november` and the warning that it is read so (see
/// `month_word`).
fn month_from_word(key: &str, value: &[Spanned<RawChunk>], offset: usize) -> (String, Problem) {
    let (number, word) = month_word(value).unwrap_or_default();
    let warning = Problem {
        offset,
        message: format!(
            "the `month` of the entry `{key}` is `{word}`, which BibTeX does not define (it defines `jan` to `dec`): it is read as month {number}"
        ),
        hint: "write the month as BibTeX reads it, `month = nov` or `month = {November}`, so that other tools read it too",
    };
    (number.to_string(), warning)
}

/// BibTeX's predefined month macros (`month = mar`).
fn month_macro(name: &str) -> Option<&'static str> {
    Some(match name {
        "jan" => "1",
        "feb" => "2",
        "mar" => "3",
        "apr" => "4",
        "may" => "5",
        "jun" => "6",
        "jul" => "7",
        "aug" => "8",
        "sep" => "9",
        "oct" => "10",
        "nov" => "11",
        "dec" => "12",
        _ => return None,
    })
}

/// Fields an entry never inherits (biblatex manual, appendix B).
const NOT_INHERITED: &[&str] = &[
    "ids",
    "crossref",
    "xref",
    "xdata",
    "entryset",
    "entrysubtype",
    "execute",
    "label",
    "options",
    "presort",
    "related",
    "relatedoptions",
    "relatedstring",
    "relatedtype",
    "shorthand",
    "shorthandintro",
    "sortkey",
    "sorttitle",
    "shorttitle",
];

/// The name a field from a `crossref` parent takes in the child: a book's `title` is a
/// chapter's `booktitle`, a periodical's `title` an article's `journaltitle` (biber's default
/// inheritance rules).
fn inherited_name<'a>(parent_kind: &str, child_kind: &str, field: &'a str) -> Option<&'a str> {
    let book_parent = matches!(
        parent_kind,
        "book"
            | "collection"
            | "proceedings"
            | "reference"
            | "mvbook"
            | "mvcollection"
            | "mvproceedings"
            | "mvreference"
    );
    let part_child = matches!(
        child_kind,
        "inbook"
            | "bookinbook"
            | "suppbook"
            | "incollection"
            | "suppcollection"
            | "inproceedings"
            | "inreference"
            | "book"
            | "collection"
            | "proceedings"
            | "reference"
    );
    if parent_kind.starts_with("mv") && part_child {
        return Some(match field {
            "title" => "maintitle",
            "subtitle" => "mainsubtitle",
            "titleaddon" => "maintitleaddon",
            other => other,
        });
    }
    if book_parent
        && part_child
        && !matches!(
            child_kind,
            "book" | "collection" | "proceedings" | "reference"
        )
    {
        return Some(match field {
            "title" => "booktitle",
            "subtitle" => "booksubtitle",
            "titleaddon" => "booktitleaddon",
            "author" if matches!(child_kind, "inbook" | "bookinbook" | "suppbook") => "bookauthor",
            other => other,
        });
    }
    if parent_kind == "periodical" && matches!(child_kind, "article" | "suppperiodical") {
        return Some(match field {
            "title" => "journaltitle",
            "subtitle" => "journalsubtitle",
            other => other,
        });
    }
    Some(field)
}

/// Copies the fields each entry borrows through `crossref` and `xdata` (never overwriting its
/// own). A link that leads back to the entry, or one that makes it borrow from more than
/// [`MAX_CROSSREF_EXPANSION`] entries, is an error and the entry is left out.
fn inherit(entries: &mut Vec<BibEntry>, problems: &mut Vec<Problem>) {
    let index: HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.clone(), i))
        .collect();
    // Each entry's links: (target, offset of the field, is xdata).
    let links: Vec<Vec<(usize, usize, bool)>> = entries
        .iter()
        .map(|entry| {
            let mut out = Vec::new();
            if let Some(field) = entry.fields.get("xdata") {
                for key in field
                    .raw
                    .split(',')
                    .map(|k| k.trim().trim_matches(['{', '}']))
                {
                    if let Some(&target) = index.get(key) {
                        out.push((target, field.offset, true));
                    }
                }
            }
            if let Some(field) = entry.fields.get("crossref") {
                let key = field.raw.trim().trim_matches(['{', '}']);
                if let Some(&target) = index.get(key) {
                    out.push((target, field.offset, false));
                }
            }
            out
        })
        .collect();
    let order = match resolution_order(entries, &links) {
        Ok(order) => order,
        Err((bad, offset, message)) => {
            problems.push(Problem {
                offset,
                message,
                hint: "`crossref` and `xdata` name entries whose fields this one borrows; follow them and remove the link that leads back or goes on too long",
            });
            let bad: HashSet<usize> = bad.into_iter().collect();
            let mut position = 0;
            entries.retain(|_| {
                position += 1;
                !bad.contains(&(position - 1))
            });
            return;
        }
    };
    for entry in order {
        for &(target, _, xdata) in &links[entry] {
            let (parent_kind, parent_fields) =
                (entries[target].kind.clone(), entries[target].fields.clone());
            let child_kind = entries[entry].kind.clone();
            for (name, field) in parent_fields {
                if NOT_INHERITED.contains(&name.as_str()) {
                    continue;
                }
                let name = if xdata {
                    Some(name.as_str())
                } else {
                    inherited_name(&parent_kind, &child_kind, &name)
                };
                if let Some(name) = name {
                    entries[entry]
                        .fields
                        .entry(name.to_string())
                        .or_insert(field);
                }
            }
        }
    }
}

/// The entries in an order where each comes after everything it borrows from; or the
/// entries to leave out, where, and why.
#[allow(clippy::type_complexity)]
fn resolution_order(
    entries: &[BibEntry],
    links: &[Vec<(usize, usize, bool)>],
) -> Result<Vec<usize>, (Vec<usize>, usize, String)> {
    let key = |i: usize| entries.get(i).map(|e| e.key.as_str()).unwrap_or_default();
    // expansion[i]: how many entries are copied while resolving entry i.
    let mut expansion: Vec<Option<usize>> = vec![None; links.len()];
    let mut on_path = vec![false; links.len()];
    let mut order = Vec::with_capacity(links.len());
    for start in 0..links.len() {
        // Depth-first, without recursion: (entry, next link to look at).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (entry, ref mut next)) = stack.last_mut() {
            if expansion[entry].is_some() {
                stack.pop();
                continue;
            }
            on_path[entry] = true;
            if let Some(&(target, offset, _)) = links[entry].get(*next) {
                *next += 1;
                if on_path[target] {
                    let message = if target == entry {
                        format!("the entry `{}` borrows fields from itself", key(entry))
                    } else {
                        format!(
                            "the entry `{}` borrows fields from `{}`, which leads back to it",
                            key(entry),
                            key(target)
                        )
                    };
                    let cycle: Vec<usize> = stack.iter().map(|(e, _)| *e).collect();
                    return Err((cycle, offset, message));
                }
                if expansion[target].is_none() {
                    stack.push((target, 0));
                }
                continue;
            }
            let total = links[entry].iter().fold(0usize, |sum, (target, _, _)| {
                sum.saturating_add(1 + expansion[*target].unwrap_or(0))
            });
            on_path[entry] = false;
            if total > MAX_CROSSREF_EXPANSION {
                let offset = links[entry].first().map_or(0, |(_, offset, _)| *offset);
                return Err((
                    vec![entry],
                    offset,
                    format!(
                        "the entry `{}` borrows fields through too many `crossref`/`xdata` links (over {MAX_CROSSREF_EXPANSION})",
                        key(entry)
                    ),
                ));
            }
            expansion[entry] = Some(total);
            order.push(entry);
            stack.pop();
        }
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_ok(text: &str) -> Vec<BibEntry> {
        let mut problems = Vec::new();
        let entries = read(text, &mut problems, &mut Vec::new());
        assert!(problems.is_empty(), "{problems:?}");
        entries
    }

    fn problems(text: &str) -> Vec<Problem> {
        let mut problems = Vec::new();
        read(text, &mut problems, &mut Vec::new());
        problems
    }

    #[test]
    fn a_control_character_in_a_macro_is_a_warning_at_the_definition() {
        let text = "@string{j = {Jour\u{7}nal}}\n@article{a, journal = j}";
        let mut warnings = Vec::new();
        let entries = read(text, &mut Vec::new(), &mut warnings);
        let found: Vec<(usize, &str)> = warnings
            .iter()
            .map(|w| (w.offset, w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                text.find('\u{7}').unwrap(),
                "the `@string` macro `j` holds U+0007, a character no web page or feed may hold, here; it is left out"
            )]
        );
        assert_eq!(entries.len(), 1);
    }

    #[test]
    fn macros_are_put_in() {
        let entries = read_ok(
            "@string{j = {Journal of } # k}\n@string{K = {Things}}\n@article{a, journal = j # { and More}, month = mar}",
        );
        assert_eq!(
            entries[0].get("journal"),
            Some("Journal of Things and More")
        );
        assert_eq!(entries[0].get("month"), Some("3"));
    }

    #[test]
    fn macro_cycles_depth_and_bombs_are_errors() {
        let cycle = problems("@string{d = d}\n@article{a, title = d}\n");
        assert_eq!(cycle.len(), 1);
        assert!(cycle[0].message.contains("refers to itself"), "{cycle:?}");
        assert_eq!(cycle[0].offset, 27);

        let mut bomb = String::from("@string{a0 = {xxxxxxxxxxxxxxxx}}\n");
        for i in 1..40 {
            bomb.push_str(&format!("@string{{a{i} = a{p} # a{p}}}\n", p = i - 1));
        }
        bomb.push_str("@article{b, title = a39}\n");
        let bomb = problems(&bomb);
        assert!(bomb[0].message.contains("longer than"), "{bomb:?}");

        let mut deep = String::from("@string{m0 = {x}}\n");
        for i in 1..100 {
            deep.push_str(&format!("@string{{m{i} = m{}}}\n", i - 1));
        }
        deep.push_str("@article{c, title = m99}\n");
        assert!(problems(&deep)[0].message.contains("deep"));

        let undefined = problems("@article{a, title = nothing}\n");
        assert!(undefined[0].message.contains("`nothing` is not defined"));
    }

    #[test]
    fn a_month_written_as_its_full_name_is_read_with_a_warning() {
        // EndNote's BibTeX export (github.com/613Martin/transfer-effect-mistriage,
        // library.bib): `month = november` was an error that failed the build.
        let mut found = Vec::new();
        let mut warnings = Vec::new();
        let text = "@misc{a, month = november, year = {2015}}\n@misc{b, month = Sept}\n";
        let entries = read(text, &mut found, &mut warnings);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(entries[0].get("month"), Some("11"));
        assert_eq!(entries[1].get("month"), Some("9"));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert_eq!(warnings[0].offset, 9);
        assert!(
            warnings[0]
                .message
                .contains("is `november`, which BibTeX does not define")
        );
        // Another undefined macro in `month`, or a month name elsewhere, is still an error.
        assert_eq!(problems("@misc{a, month = spring}\n").len(), 1);
        assert_eq!(problems("@misc{a, title = november}\n").len(), 1);
    }

    #[test]
    fn a_duplicate_key_names_the_first_entry_s_line() {
        let found =
            problems("@book{a, title = {A}}\n\n@book{b, title = {B}}\n@book{a, title = {C}}\n");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "the key `a` is used by two entries in this file (the first is on line 1)"
        );
        assert_eq!(found[0].offset, 45);
    }

    #[test]
    fn an_entry_exported_twice_the_same_is_a_warning_and_read_once() {
        // Mendeley writes some entries several times over, byte for byte.
        let text = "@book{.2017d, title = {Report}, year = {2017}}\n@book{.2017d, title = {Report}, year = {2017}}\n@book{.2017d, title = {Other}, year = {2017}}\n";
        let (mut found, mut warnings) = (Vec::new(), Vec::new());
        let entries = read(text, &mut found, &mut warnings);
        assert_eq!(entries.len(), 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .message
                .contains("written the same as on line 1")
        );
        assert_eq!(warnings[0].offset, 47);
        // A different entry under the key is still an error.
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("used by two entries"));
    }

    #[test]
    fn an_entry_left_open_is_reported_at_its_brace_and_the_rest_are_read() {
        let text = "@string{j = {Journal}}\n@article{first, title = {A}, journal = j}\n\
                    @article{open,\n  author = {Smith, Jo,\n  year = {2020},\n}\n\
                    @book{noend, title = {B}\n\
                    @article{last, title = {C}, journal = j}\n\
                    @book{open, title = {D}}\n";
        let mut found = Vec::new();
        let entries = read(text, &mut found, &mut Vec::new());
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["first", "last", "open"]);
        // The macro of the first piece is put into a later one.
        assert_eq!(entries[1].get("journal"), Some("Journal"));
        let brace = text.find("{Smith").unwrap_or(0);
        let noend = text.find("@book{noend").unwrap_or(0);
        let places: Vec<(usize, &str)> = found
            .iter()
            .map(|p| (p.offset, p.message.as_str()))
            .collect();
        assert_eq!(
            places,
            [
                (
                    brace,
                    "the entry `open` (line 3) cannot be read: this `{` is never closed"
                ),
                (
                    noend,
                    "the entry `noend` (line 7) is never closed: it has no last `}` (or `)`) before the next entry"
                ),
            ],
            "{found:?}"
        );
        // Offsets of the pieces are the file's.
        assert_eq!(entries[1].offset, text.find("@article{last").unwrap_or(0));
        assert_eq!(
            entries[1].offset_of("title"),
            text.find("title = {C}").unwrap_or(0)
        );
    }

    #[test]
    fn other_syntax_errors_name_their_entry() {
        let text = "@book{ok, title = {A}}\n@book{broken,\n  title {X},\n}\n";
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("the entry `broken` cannot be read: "),
            "{found:?}"
        );
        // Where the `=` should be.
        assert_eq!(Some(found[0].offset), text.find("{X}"));
    }

    #[test]
    fn crossref_inheritance() {
        let entries = read_ok(
            "@book{b, title = {The Book}, editor = {E, F}, publisher = {P}, year = 2000}\n@incollection{c, title = {Chapter}, crossref = {b}}\n",
        );
        let chapter = entries.iter().find(|e| e.key == "c").expect("c");
        assert_eq!(chapter.get("booktitle"), Some("The Book"));
        assert_eq!(chapter.get("title"), Some("Chapter"));
        assert_eq!(chapter.get("publisher"), Some("P"));
        let cycle = problems("@book{a, crossref = {b}}\n@book{b, crossref = {a}}\n");
        assert!(cycle[0].message.contains("leads back"), "{cycle:?}");
    }
}
