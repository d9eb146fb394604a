//! The one place that knows about the YAML library.
//!
//! `site.yaml` and front matter are both read as a top-level mapping whose fields are then
//! checked one by one, so that a file with three mistakes reports three errors, each at the line
//! of its key. serde_yaml is archived upstream; keeping it behind this small surface means it can
//! be swapped in one file.

use std::collections::{HashMap, HashSet};

use serde::de::DeserializeOwned;

pub mod entities;
mod plain;
pub mod scan;

use crate::support::escape;
use scan::Findings;

/// A syntax error (or, among [`Parsed::warnings`], a likely mistake), located in the parsed
/// text (1-based), in plain words, with what to do when that can be said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl YamlError {
    /// The diagnostic `make` builds from the message, placed at the error's line and column of
    /// `text` (the whole of `file`), with the hint.
    pub fn placed(
        self,
        make: impl FnOnce(String) -> crate::support::diagnostic::Diagnostic,
        file: impl AsRef<std::path::Path>,
        text: &str,
    ) -> crate::support::diagnostic::Diagnostic {
        let d = make(self.message)
            .in_file(file)
            .at(text, self.line, self.column);
        match self.hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
    }
}

/// Something on a key's own line that makes its value differ from what the line seems to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueNote {
    /// An unquoted ` #` starts a comment: the value is `kept`, the text before it.
    Comment { column: usize, kept: String },
    /// The value starts with an anchor (`&name`) or a tag (`!name`), which YAML takes off it.
    Decoration { column: usize, token: String },
}

/// One top-level `key: value` pair, with where its key stands in the text.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub line: usize,
    pub column: usize,
    /// What the rest of the key's line does to the value that is easy to miss.
    pub note: Option<ValueNote>,
    /// The key's line as it would read with its value in quotes (`title: "a: b"`), to offer
    /// as the fix when the value is not what it seems: only for a field with a `note`.
    pub quoted_line: Option<String>,
    value: serde_yaml::Value,
}

impl Field {
    /// Reads the value as `T`; the error says what was expected, without a location (the
    /// caller places it at the key).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, String> {
        parse_value(&self.value)
    }

    pub fn is_null(&self) -> bool {
        self.value.is_null()
    }

    /// The value when it is text.
    pub fn as_str(&self) -> Option<&str> {
        self.value.as_str()
    }

    /// The value as a [`Raw`], to read its parts one by one.
    pub fn raw(&self) -> Raw {
        Raw(self.value.clone())
    }

    /// An `extra:` value (front matter or site.yaml): a map of the site's own fields for its
    /// templates, as an object; `None` when empty. Anything but a map is refused (`extra: 5`
    /// was taken silently).
    pub fn parse_extra(&self) -> Result<Option<serde_json::Value>, String> {
        self.parse::<Option<serde_json::Map<String, serde_json::Value>>>()
            .map(|map| map.map(serde_json::Value::Object))
            .map_err(|_| {
                "expected a map of your own fields, such as `extra: {audience: parents}`".into()
            })
    }
}

/// A value inside a field, kept as written so that each item of a list can be read on its own
/// (`help`'s contacts: every contact's mistakes reported in one run, not the first one's).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(transparent)]
pub struct Raw(serde_yaml::Value);

impl Raw {
    /// Reads the value as `T`, with [`Field::parse`]'s messages.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, String> {
        parse_value(&self.0)
    }

    /// The text of the map's `key`, when the value is a map and `key` holds text or a number.
    pub fn text(&self, key: &str) -> Option<String> {
        scalar_text(self.0.as_mapping()?.get(key)?)
    }

    /// The map's keys (as text) and values, in order; `None` when the value is not a map.
    pub fn entries(&self) -> Option<Vec<(String, Raw)>> {
        let map = self.0.as_mapping()?;
        Some(
            map.iter()
                .map(|(key, value)| {
                    let key = scalar_text(key).unwrap_or_else(|| format!("{key:?}"));
                    (key, Raw(value.clone()))
                })
                .collect(),
        )
    }

    /// The texts and numbers of the map's values, in order, or the value itself when it is
    /// one (to find the value in its file).
    pub fn texts(&self) -> Vec<String> {
        match self.0.as_mapping() {
            Some(map) => map.values().filter_map(scalar_text).collect(),
            None => scalar_text(&self.0).into_iter().collect(),
        }
    }
}

/// A setting's whole number, read with serde's `deserialize_with`: anything but a whole number
/// in `range` (a negative one, one too large, a fraction, text) is refused with the setting's
/// own range in the message (`expected a whole number from 1 to 1200 for `interval_months`,
/// found `-1``), not the range of the Rust type that holds it.
pub fn whole_number_in<'de, D, T>(
    d: D,
    key: &str,
    range: std::ops::RangeInclusive<T>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Copy + PartialOrd + TryFrom<u64> + std::fmt::Display,
{
    use serde::Deserialize;
    use serde::de::{Error, Unexpected};
    use serde_yaml::Value;
    let value = Value::deserialize(d)?;
    let expected = format!(
        "a whole number from {} to {} for `{key}`",
        range.start(),
        range.end()
    );
    let unexpected = match &value {
        Value::Number(n) => {
            if let Some(whole) = n
                .as_u64()
                .and_then(|u| T::try_from(u).ok())
                .filter(|t| range.contains(t))
            {
                return Ok(whole);
            }
            let found = match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Unexpected::Unsigned(u),
                (None, Some(i)) => Unexpected::Signed(i),
                _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
            };
            return Err(D::Error::invalid_value(found, &expected.as_str()));
        }
        Value::String(s) => Unexpected::Str(s),
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Null => Unexpected::Unit,
        Value::Sequence(_) => Unexpected::Seq,
        Value::Mapping(_) => Unexpected::Map,
        Value::Tagged(_) => Unexpected::Other("a tagged value"),
    };
    Err(D::Error::invalid_type(unexpected, &expected.as_str()))
}

/// `value` read as `T`; the error says what was expected, in plain words.
fn parse_value<T: DeserializeOwned>(value: &serde_yaml::Value) -> Result<T, String> {
    serde_yaml::from_value(value.clone()).map_err(|e| {
        let message = strip_location(&e.to_string());
        type_mismatch(&message, value).unwrap_or(message)
    })
}

fn scalar_text(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// serde's "invalid type: X, expected Y" (or "invalid value: ..."), said in the words of
/// someone writing front matter. What was found is read from the message, since it may be a
/// value inside `value` (`images: {max_width: 4000.5}`).
fn type_mismatch(message: &str, value: &serde_yaml::Value) -> Option<String> {
    use serde_yaml::Value;
    let (kind, rest) = message
        .strip_prefix("invalid type: ")
        .map(|rest| ("type", rest))
        .or_else(|| {
            message
                .strip_prefix("invalid value: ")
                .map(|rest| ("value", rest))
        })?;
    let (serde_found, expected) = rest.rsplit_once(", expected ")?;
    if let Value::Null = value {
        return (expected == "a string").then(|| {
            "it is empty, or a word YAML reads as nothing (`null`, `Null`, `~`): write the \
             text, in quotes if it is one of those words"
                .into()
        });
    }
    let quoted = |s: &str| s.trim_matches(['`', '"']).to_string();
    let found = if let Some(n) = serde_found
        .strip_prefix("integer ")
        .or_else(|| serde_found.strip_prefix("floating point "))
    {
        if kind == "value" {
            format!("`{}`", quoted(n))
        } else {
            format!("the number `{}`", quoted(n))
        }
    } else if let Some(text) = serde_found.strip_prefix("string ") {
        format!("the text `{}`", quoted(text))
    } else if let Some(b) = serde_found.strip_prefix("boolean ") {
        format!("`{}`, which YAML reads as true or false", quoted(b))
    } else if serde_found == "map" {
        "a map (`key: value` lines, or `{...}`)".into()
    } else if serde_found == "sequence" {
        "a list (a line starting with `- `, or `[...]`)".into()
    } else if serde_found == "unit value" {
        "nothing".into()
    } else {
        serde_found.to_string()
    };
    let whole = |max: &str| {
        if kind == "value" {
            format!("a whole number from 0 to {max}")
        } else {
            "a whole number".into()
        }
    };
    let want = match expected {
        "a string" => "text".to_string(),
        "a boolean" => "`true` or `false`".into(),
        "a sequence" => "a list".into(),
        "u8" => whole("255"),
        "u16" => whole("65535"),
        "u32" => whole("4294967295"),
        "u64" | "usize" => whole("18446744073709551615"),
        "i64" | "i32" => "a whole number".into(),
        "f64" | "f32" => "a number".into(),
        other if other.starts_with("struct ") || other.starts_with("a map") => {
            "a map (`key: value` lines, or `{...}`)".into()
        }
        other => other.to_string(),
    };
    // From what serde found, not from `value`: in `help: {contacts: [{phone: 1737}]}` the
    // number is the mistake, not the map around it.
    let scalar = ["integer ", "floating point ", "boolean "]
        .iter()
        .any(|prefix| serde_found.starts_with(prefix));
    let fix = match expected {
        "a string" if scalar => "; put it in quotes to make it text",
        "a string" if serde_found == "sequence" => {
            "; write the text on the key's own line, without `- ` before it"
        }
        "a string" if serde_found == "map" => "; text containing `: ` must be in quotes",
        "a boolean" if serde_found.starts_with("string ") => {
            " (YAML here reads only `true` and `false` as yes or no)"
        }
        _ => "",
    };
    Some(format!("expected {want}, found {found}{fix}"))
}

/// The fields of a mapping, and the likely mistakes that are not errors in YAML.
#[derive(Debug, Default)]
pub struct Parsed {
    pub fields: Vec<Field>,
    pub warnings: Vec<YamlError>,
}

/// Parses `text` as a mapping of fields. An empty document is an empty mapping.
///
/// The text is scanned first ([`scan`]), in one linear pass: flow collections nested too
/// deep are refused there, before the YAML library would spend minutes on them, and what the
/// scan found turns the library's terse errors into plain ones.
pub fn parse_fields(text: &str) -> Result<Parsed, YamlError> {
    parse_fields_in(text, 1, &["extra"])
}

/// [`parse_fields`] for text that starts on line `first_line` of its file (front matter, after
/// its `---`: a message naming another line than its own names the file's), with the values
/// of the `verbatim` keys left as written: HTML character references (`&nbsp;`) in every other
/// value are read as their characters, each with a warning ([`entities`]). `extra` is for
/// templates, which may print a value as HTML, and a page's `references` are Markdown, which
/// reads references itself.
pub fn parse_fields_in(
    text: &str,
    first_line: usize,
    verbatim: &[&str],
) -> Result<Parsed, YamlError> {
    let ReadText {
        value,
        findings,
        plain_key_lines,
    } = value_and_findings(text, first_line)?;
    let mut warnings: Vec<YamlError> = tag_problems(text, &findings)
        .map_err(|e| e.problem)?
        .into_iter()
        .map(|t| t.problem)
        .collect();
    let mapping = match value {
        serde_yaml::Value::Null => return Ok(Parsed::default()),
        serde_yaml::Value::Mapping(mapping) => mapping,
        _ => {
            // `title:` + a non-breaking space + `Rest`, alone: YAML reads one value, not a key;
            // the odd space is the mistake to name.
            if let Some(((line, column), space)) = odd_space(text) {
                return Err(YamlError {
                    line,
                    column,
                    message: format!(
                        "this line has a {space} where YAML needs an ordinary space (pasted text often brings one)"
                    ),
                    hint: Some("replace it with an ordinary space".into()),
                });
            }
            return Err(YamlError {
                line: 1,
                column: 1,
                message: "expected `key: value` lines, found a single value".into(),
                hint: None,
            });
        }
    };
    let places = KeyPlaces::of(text, plain_key_lines);
    // Plain front matter holds no tag, no character no page may hold (nor an escape that
    // makes one) and no value that loses text on its line (`plain`'s differential test checks
    // each): its values are neither untagged, stripped nor noted.
    let plain = matches!(places, KeyPlaces::InOrder(_));
    let key_lines = places.sorted_lines();
    let lines: Vec<&str> = text.lines().collect();
    let mut fields = Vec::with_capacity(mapping.len());
    let mut stripped_keys = false;
    for (index, (key, mut value)) in mapping.into_iter().enumerate() {
        let key = key_text(&key);
        let (line, column) = places.of_key(index, &key);
        let key = match visible_top_key(&key, (line, column), &lines) {
            Some((clean, found)) => {
                warnings.extend(found);
                stripped_keys = true;
                clean
            }
            None => key,
        };
        if !plain {
            untag(&mut value);
            let mut merged = Vec::new();
            let mut stripped = Vec::new();
            strip_forbidden(&mut value, &mut merged, &mut stripped);
            if !merged.is_empty() {
                let at = (line, column);
                warnings.extend(merged_keys(&key, &merged, &lines, at, first_line));
            }
            warnings.extend(stripped_characters(
                &key,
                &stripped,
                &lines,
                (line, column),
                &key_lines,
            ));
        }
        if !verbatim.contains(&key.as_str()) {
            let mut decoded = Vec::new();
            decode_references(&mut value, &mut decoded, &mut HashSet::new());
            warnings.extend(reference_warnings(&key, &decoded, &lines, line, &key_lines));
        }
        let source = lines.get(line - 1).copied().unwrap_or_default();
        let split = if plain { None } else { split_key_line(source) };
        let note = split.and_then(|(_, value, at)| value_note(value, at));
        fields.push(Field {
            // Offered only with a note: not made for every field of every page.
            quoted_line: split
                .filter(|_| note.is_some())
                .map(|(key, value, _)| format!("{key}: {}", quoted(value))),
            note,
            key,
            line,
            column,
            value,
        });
    }
    if stripped_keys {
        no_key_twice(&fields, first_line)?;
    }
    warnings.extend(findings.swallowed_items.iter().map(|at| {
        YamlError {
            line: at.line,
            column: at.column,
            message: "this line continues the text of the line above (it is indented more than \
                      that line's value), so its `- ` is text, not a new list item"
                .into(),
            hint: Some(
                "line up its `-` with the `-` of the items above, or put the text in quotes".into(),
            ),
        }
    }));
    Ok(Parsed { fields, warnings })
}

/// The value of `text` and what the [`scan`] found in it: plain front matter is read
/// without the YAML library ([`plain`]), and not scanned, since nothing the scan looks for can
/// be in it (the differential test in `plain` checks that too).
fn value_and_findings(text: &str, first_line: usize) -> Result<ReadText, YamlError> {
    if let Some(plain) = plain::read(text) {
        return Ok(ReadText {
            value: plain.value,
            findings: Findings::default(),
            plain_key_lines: Some(plain.key_lines),
        });
    }
    let findings = scan::scan(text);
    let value = read_value(text, &findings, first_line)?;
    Ok(ReadText {
        value,
        findings,
        plain_key_lines: None,
    })
}

/// What [`value_and_findings`] gives.
struct ReadText {
    value: serde_yaml::Value,
    findings: Findings,
    /// For plain front matter, the line of each top-level key, in the mapping's order (each at
    /// column 1), so that they need not be looked for.
    plain_key_lines: Option<Vec<usize>>,
}

/// Where each top-level key stands (line and column, 1-based).
enum KeyPlaces {
    /// Plain front matter's key lines, in the mapping's order, each key at column 1.
    InOrder(Vec<usize>),
    /// Where each key first stands, found in one pass over the lines, so that thousands of
    /// keys cost no more than thousands of lines.
    ByKey(HashMap<String, (usize, usize)>),
}

impl KeyPlaces {
    fn of(text: &str, plain_key_lines: Option<Vec<usize>>) -> KeyPlaces {
        if let Some(lines) = plain_key_lines {
            return KeyPlaces::InOrder(lines);
        }
        let mut positions: HashMap<String, (usize, usize)> = HashMap::new();
        for (key, line, column) in key_positions(text) {
            positions.entry(key).or_insert((line, column));
        }
        KeyPlaces::ByKey(positions)
    }

    /// The place of `key`, the `index`th of the mapping; (1, 1) when it was not found.
    fn of_key(&self, index: usize, key: &str) -> (usize, usize) {
        match self {
            KeyPlaces::InOrder(lines) => lines.get(index).map_or((1, 1), |line| (*line, 1)),
            KeyPlaces::ByKey(positions) => positions.get(key).copied().unwrap_or((1, 1)),
        }
    }

    /// The lines of the keys, in order.
    fn sorted_lines(&self) -> Vec<usize> {
        match self {
            // In the mapping's order, which is the text's.
            KeyPlaces::InOrder(lines) => lines.clone(),
            KeyPlaces::ByKey(positions) => {
                let mut lines: Vec<usize> = positions.values().map(|(line, _)| *line).collect();
                lines.sort_unstable();
                lines
            }
        }
    }
}

/// How many characters no page may hold, taken out of one value, are warned of one by one;
/// the rest are counted.
const MAX_STRIPPED_WARNINGS: usize = 5;

/// The warnings for the characters no page may hold taken out of the value of `key` (at
/// `line` and `column`; `stripped`, in the order they are written): each at the escape that
/// made it, found in turn in the lines of that value (the lines before the next key,
/// `key_lines`, sorted); past [`MAX_STRIPPED_WARNINGS`], a count at the first not shown.
fn stripped_characters(
    key: &str,
    stripped: &[char],
    lines: &[&str],
    (line, column): (usize, usize),
    key_lines: &[usize],
) -> Vec<YamlError> {
    if stripped.is_empty() {
        return Vec::new();
    }
    let whose = format!("the value of `{key}`");
    // A list item's or a nested key's value (`help:`'s third contact) is shown at its own
    // line, where the escape is written.
    escape_warnings(
        stripped,
        (lines, key_lines),
        (line, column),
        (&whose, "", "text"),
    )
}

/// A warning at the escape that made each of `stripped` (characters no page may hold, in the
/// order written), looked for in turn from `line` in `lines` up to the first of `key_lines`
/// (at `line` and `column` when not found); past [`MAX_STRIPPED_WARNINGS`], a count at the
/// first not shown. `whose` names where they were (`the value of `note``, `this key`), `after`
/// follows "it is left out", and the help says to take the escapes out of `from`.
fn escape_warnings(
    stripped: &[char],
    (lines, key_lines): (&[&str], &[usize]),
    (line, column): (usize, usize),
    (whose, after, from_what): (&str, &str, &str),
) -> Vec<YamlError> {
    let mut warnings = Vec::new();
    // Where the search for the next escape starts: a line, and a byte in it.
    let mut from = (line, 0);
    for (n, &c) in stripped.iter().enumerate() {
        let place = escape_place(lines, c, from, line, key_lines);
        if let Some(at) = &place {
            from = (at.line, at.end);
        }
        let (at_line, at_column) = place
            .as_ref()
            .map_or((line, column), |at| (at.line, at.column));
        if n == MAX_STRIPPED_WARNINGS {
            warnings.push(YamlError {
                line: at_line,
                column: at_column,
                message: format!(
                    "{} more characters no web page or feed may hold in {whose}, from here on, are left out too (the first {MAX_STRIPPED_WARNINGS} are shown)",
                    stripped.len() - MAX_STRIPPED_WARNINGS
                ),
                hint: Some(format!("take the escapes out of the {from_what}")),
            });
            break;
        }
        let made = match place {
            Some(at) => escape::made_by_written_escape(c, "the YAML escape", at.written),
            None => escape::made_by_escape(c, "a YAML escape", &escape_for(c)),
        };
        warnings.push(YamlError {
            line: at_line,
            column: at_column,
            message: format!("{whose} holds {made}; it is left out{after}"),
            hint: Some(format!("take the escape out of the {from_what}")),
        });
    }
    warnings
}

/// Where [`escape_place`] found an escape: its line and column, the byte in the line just
/// past it, and the escape as written.
struct EscapePlace<'l> {
    line: usize,
    column: usize,
    end: usize,
    written: &'l str,
}

/// Where the first YAML escape that makes `c` (`\a`, `\x07`, `\u0007`) is written from
/// `from` (a line, and a byte in it) on, in the lines of the value of the key on `line`, and
/// the escape as written there: the lines before the next key (`key_lines`, sorted). `None`
/// when no such escape is found there.
fn escape_place<'l>(
    lines: &[&'l str],
    c: char,
    (from_line, from_byte): (usize, usize),
    line: usize,
    key_lines: &[usize],
) -> Option<EscapePlace<'l>> {
    let code = c as u32;
    let mut spellings = vec![
        format!("\\x{code:02x}"),
        format!("\\x{code:02X}"),
        format!("\\u{code:04x}"),
        format!("\\u{code:04X}"),
        format!("\\U{code:08x}"),
        format!("\\U{code:08X}"),
    ];
    let short = match c {
        '\0' => Some("\\0"),
        '\u{07}' => Some("\\a"),
        '\u{08}' => Some("\\b"),
        '\u{0B}' => Some("\\v"),
        '\u{0C}' => Some("\\f"),
        '\u{1B}' => Some("\\e"),
        '\u{85}' => Some("\\N"),
        _ => None,
    };
    spellings.extend(short.map(str::to_string));
    let next = key_lines.partition_point(|l| *l <= line);
    let end = key_lines.get(next).copied().unwrap_or(lines.len() + 1);
    (from_line.max(line)..end).find_map(|l| {
        let text: &'l str = lines.get(l - 1)?;
        let skip = if l == from_line { from_byte } else { 0 };
        let (byte, spelling) = text
            .match_indices('\\')
            .map(|(i, _)| i)
            .filter(|&i| i >= skip && !crate::support::text::escaped_at(text.as_bytes(), i))
            .find_map(|i| {
                let spelling = spellings
                    .iter()
                    .find(|s| text[i..].starts_with(s.as_str()))?;
                Some((i, spelling.len()))
            })?;
        Some(EscapePlace {
            line: l,
            column: text[..byte].chars().count() + 1,
            end: byte + spelling,
            written: &text[byte..byte + spelling],
        })
    })
}

/// `text` with each `!!null` that tags nothing on its line (`e: !!null`, `[!!null, 1]`) written
/// as `~` and spaces, so that places stay where they were: YAML 1.2 reads an empty value
/// tagged `!!null` as null, and the YAML library refuses it (`invalid value: string "",
/// expected null`). `None` when there is no such tag.
fn empty_nulls_as_tilde(text: &str, findings: &Findings) -> Option<String> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut changed = false;
    for (at, tag) in &findings.tags {
        if tag != "!!null" {
            continue;
        }
        let Some(line) = lines.get_mut(at.line - 1) else {
            continue;
        };
        let Some((start, _)) = line.char_indices().nth(at.column - 1) else {
            continue;
        };
        let end = start + tag.len();
        let rest = line.get(end..).unwrap_or_default().trim_start();
        if line.get(start..end) == Some(tag.as_str())
            && (rest.is_empty() || rest.starts_with(['#', ',', ']', '}']))
        {
            line.replace_range(start..end, "~     ");
            changed = true;
        }
    }
    changed.then(|| lines.join("\n"))
}

/// The YAML library's value of `text`, or its error in plain words; flow collections nested
/// past [`scan::MAX_DEPTH`] are refused before the library sees them.
pub fn read_value(
    text: &str,
    findings: &Findings,
    first_line: usize,
) -> Result<serde_yaml::Value, YamlError> {
    if let Some(at) = findings.too_deep {
        return Err(YamlError {
            line: at.line,
            column: at.column,
            message: format!(
                "it nests lists or maps more than {} levels deep",
                scan::MAX_DEPTH
            ),
            hint: None,
        });
    }
    serde_yaml::from_str(text)
        .or_else(|e| {
            // `e: !!null` alone is null to YAML 1.2, but an error to the library.
            empty_nulls_as_tilde(text, findings)
                .and_then(|fixed| serde_yaml::from_str(&fixed).ok())
                .ok_or(e)
        })
        .map_err(|e| explain(text, &e, findings, first_line))
}

/// The tags the YAML library reads as the core schema says (`!!str 3` is the text "3").
/// Any other, even `!` alone, it takes off a scalar without a word, and a map or list it
/// tags becomes a value no field can read.
const CORE_TAGS: &[&str] = &[
    "!!str", "!!int", "!!float", "!!bool", "!!null", "!!seq", "!!map",
];

/// How many unsupported tags of one file are reported one by one; the rest are counted.
const MAX_TAG_WARNINGS: usize = 20;

/// The explicit tags in `text` that attach-gen does not read (`!!binary`, `!!set`,
/// `!!python/object`, `!custom`). The YAML library takes them off without a word and keeps the
/// value as written: a warning for each, since the value may still be what was meant; an
/// error for `!!binary`, whose value is bytes written in base64, which no field can use.
/// Public for the Hayagriva YAML reader, which reads its text with the library directly.
pub fn tag_problems(text: &str, findings: &Findings) -> Result<Vec<TagProblem>, TagProblem> {
    let unsupported: Vec<&(scan::Position, String)> = findings
        .tags
        .iter()
        .filter(|(_, tag)| !CORE_TAGS.contains(&tag.as_str()))
        .collect();
    if let Some((at, tag)) = unsupported
        .iter()
        .find(|(_, tag)| tag == "!!binary" || tag == "!<tag:yaml.org,2002:binary>")
    {
        return Err(TagProblem {
            tag: Some(tag.clone()),
            problem: YamlError {
                line: at.line,
                column: at.column,
                message: format!(
                    "the YAML tag `{tag}` (bytes written in base64) is not supported: attach-gen reads text, and the base64 is not the text meant"
                ),
                hint: Some(format!(
                    "write the text itself in place of `{tag}` and its base64 (in quotes if it holds `: ` or starts with a sign such as `!`, `&` or `*`)"
                )),
            },
        });
    }
    if unsupported.is_empty() {
        return Ok(Vec::new());
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut warnings: Vec<TagProblem> = unsupported
        .iter()
        .take(MAX_TAG_WARNINGS)
        .map(|(at, tag)| {
            let source = lines.get(at.line - 1).copied().unwrap_or_default();
            // `title: !x Rest`: the line with its value in quotes keeps the `!x` as text.
            let keep = split_key_line(source)
                .filter(|(.., column)| column + 1 == at.column)
                .map_or_else(
                    || "put the whole value in quotes".to_string(),
                    |(key, value, _)| format!("write `{key}: {}`", quoted(value)),
                );
            TagProblem {
                tag: Some(tag.clone()),
                problem: YamlError {
                    line: at.line,
                    column: at.column,
                    message: format!(
                        "the YAML tag `{tag}` is not supported: it is left out, and the value after it is read as written"
                    ),
                    hint: Some(format!(
                        "take `{tag}` out (tags other than `!!str`, `!!int`, `!!float`, `!!bool` and `!!null` mean nothing here); if it is part of the text, {keep}"
                    )),
                },
            }
        })
        .collect();
    if unsupported.len() > MAX_TAG_WARNINGS {
        let (at, _) = unsupported[MAX_TAG_WARNINGS];
        warnings.push(TagProblem {
            tag: None,
            problem: YamlError {
                line: at.line,
                column: at.column,
                message: format!(
                    "{} more unsupported YAML tags, from here on, are left out too (the first {MAX_TAG_WARNINGS} are shown)",
                    unsupported.len() - MAX_TAG_WARNINGS
                ),
                hint: None,
            },
        });
    }
    Ok(warnings)
}

/// A problem [`tag_problems`] found, with the tag it is about (none for the count of those
/// past the first ones), so that a caller needs not read the tag back out of the message.
#[derive(Debug, Clone)]
pub struct TagProblem {
    pub tag: Option<String>,
    pub problem: YamlError,
}

/// Takes the tags the YAML library kept (`!custom`, warned about by [`tag_problems`]) off
/// every value in `value`, so that it is read as written: a tagged value is an enum to serde,
/// which no field reads (`extra: {audience: !x parents}` was refused as not a map).
fn untag(value: &mut serde_yaml::Value) {
    use serde_yaml::Value;
    match value {
        Value::Tagged(tagged) => {
            let inner = std::mem::take(&mut tagged.value);
            *value = inner;
            untag(value);
        }
        Value::Sequence(items) => items.iter_mut().for_each(untag),
        Value::Mapping(map) => {
            if map.keys().any(|k| matches!(k, Value::Tagged(_))) {
                let entries: Vec<(Value, Value)> = std::mem::take(map).into_iter().collect();
                for (mut key, value) in entries {
                    untag(&mut key);
                    map.insert(key, value);
                }
            }
            map.values_mut().for_each(untag);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

/// Reads the HTML character references in every text of `value` (not map keys) as their
/// characters; what was read goes to `found`, each once.
fn decode_references(
    value: &mut serde_yaml::Value,
    found: &mut Vec<entities::Decoded>,
    seen: &mut HashSet<String>,
) {
    use serde_yaml::Value;
    match value {
        Value::String(text) => {
            if let Some((decoded, references)) = entities::decode(text) {
                *text = decoded;
                for r in references {
                    if seen.insert(r.written.clone()) {
                        found.push(r);
                    }
                }
            }
        }
        Value::Sequence(items) => items
            .iter_mut()
            .for_each(|i| decode_references(i, found, seen)),
        Value::Mapping(map) => map
            .iter_mut()
            .for_each(|(_, v)| decode_references(v, found, seen)),
        Value::Tagged(tagged) => decode_references(&mut tagged.value, found, seen),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// How many kinds of character reference one value is warned of one by one; the rest are
/// counted (a pasted value may hold thousands).
const MAX_REFERENCE_WARNINGS: usize = 20;

/// A warning for each reference read in the value of `key` (whose key is on `line`), at the
/// first place it is written in the lines of that value: the lines before the next key
/// (`key_lines`, sorted); past [`MAX_REFERENCE_WARNINGS`], a count.
fn reference_warnings(
    key: &str,
    decoded: &[entities::Decoded],
    lines: &[&str],
    line: usize,
    key_lines: &[usize],
) -> Vec<YamlError> {
    if decoded.is_empty() {
        return Vec::new();
    }
    let next = key_lines.partition_point(|l| *l <= line);
    let end = key_lines.get(next).copied().unwrap_or(lines.len() + 1);
    let place = |d: &entities::Decoded| {
        (line..end)
            .find_map(|l| {
                let text = lines.get(l - 1)?;
                let byte = text.find(&d.written)?;
                Some((l, text[..byte].chars().count() + 1))
            })
            .unwrap_or((line, 1))
    };
    let mut warnings: Vec<YamlError> = decoded
        .iter()
        .take(MAX_REFERENCE_WARNINGS)
        .map(|d| {
            let (at_line, column) = place(d);
            YamlError {
                line: at_line,
                column,
                message: format!(
                    "`{}` in the value of `{key}` is HTML, but this value is plain text: it is read as {}",
                    d.written,
                    entities::named(d.character)
                ),
                hint: Some(entities::what_to_type(&d.written, d.character)),
            }
        })
        .collect();
    if let Some(next) = decoded.get(MAX_REFERENCE_WARNINGS) {
        // At the first kind not shown.
        let (line, column) = place(next);
        warnings.push(YamlError {
            line,
            column,
            message: format!(
                "{} more kinds of HTML character reference in the value of `{key}`, the first here, are read as their characters too (the first {MAX_REFERENCE_WARNINGS} are shown)",
                decoded.len() - MAX_REFERENCE_WARNINGS
            ),
            hint: None,
        });
    }
    warnings
}

/// Takes out of every text in `value` (map keys too) the characters no page or feed may
/// hold ([`escape::forbidden_in_markup`]): a YAML escape (`"\x01"`, `"\uFFFE"`) makes them
/// from plain text, where the scan of a page's raw text cannot see them. Each one taken
/// out goes to `found`, in the order they are written.
/// Map keys that became the same as another once stripped go to `merged`, as (the key kept
/// with its value, as written; the key whose value it replaced, as written).
fn strip_forbidden(
    value: &mut serde_yaml::Value,
    merged: &mut Vec<(String, String)>,
    found: &mut Vec<char>,
) {
    use serde_yaml::Value;
    match value {
        Value::String(text) => {
            if text.chars().any(escape::forbidden_in_markup) {
                found.extend(text.chars().filter(|c| escape::forbidden_in_markup(*c)));
                text.retain(|c| !escape::forbidden_in_markup(c));
            }
        }
        Value::Sequence(items) => {
            for item in items {
                strip_forbidden(item, merged, found);
            }
        }
        Value::Mapping(map) => {
            if map.keys().any(
                |k| matches!(k, Value::String(s) if s.chars().any(escape::forbidden_in_markup)),
            ) {
                let entries: Vec<(Value, Value)> = std::mem::take(map).into_iter().collect();
                // Each key as written, by the key it is once stripped.
                let mut written: HashMap<Value, Value> = HashMap::new();
                for (mut key, mut value) in entries {
                    let raw = key.clone();
                    // A key's characters come before its value's, as they are written.
                    strip_forbidden(&mut key, merged, found);
                    strip_forbidden(&mut value, merged, found);
                    if let Some(earlier) = written.insert(key.clone(), raw.clone()) {
                        merged.push((key_text(&raw), key_text(&earlier)));
                    }
                    map.insert(key, value);
                }
            } else {
                for (_, item) in map.iter_mut() {
                    strip_forbidden(item, merged, found);
                }
            }
        }
        Value::Tagged(tagged) => strip_forbidden(&mut tagged.value, merged, found),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The YAML escape that makes the character `c` (`\x07`, `\u200B`).
fn escape_for(c: char) -> String {
    if (c as u32) < 0x100 {
        format!("\\x{:02x}", c as u32)
    } else {
        format!("\\u{:04X}", c as u32)
    }
}

/// A top-level key holding characters no page may hold (`"wh\aānau":`, a glossary term made
/// with an escape, which no word on a page would ever match): the key without them, and a
/// warning for each, at its escape on the key's line (the first [`MAX_STRIPPED_WARNINGS`],
/// then a count). `None` for a key without them.
fn visible_top_key(
    key: &str,
    (line, column): (usize, usize),
    lines: &[&str],
) -> Option<(String, Vec<YamlError>)> {
    let found: Vec<char> = key
        .chars()
        .filter(|c| escape::forbidden_in_markup(*c))
        .collect();
    if found.is_empty() {
        return None;
    }
    let clean = visible_key(key);
    // The escape as written on the key's line (`\a`), else one that makes the character.
    let warnings = escape_warnings(
        &found,
        (lines, &[line + 1]),
        (line, column),
        (
            "this key",
            &format!(", and the key is read as `{clean}`"),
            "key",
        ),
    );
    Some((clean, warnings))
}

/// Two fields of one key, once keys have lost characters no page may hold (`title:` and
/// `"ti\atle":`): an error at the second, as any key written twice is.
fn no_key_twice(fields: &[Field], first_line: usize) -> Result<(), YamlError> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for field in fields {
        if let Some(first) = seen.insert(field.key.as_str(), field.line) {
            return Err(YamlError {
                line: field.line,
                column: field.column,
                message: format!(
                    "`{}` is written twice (the first on line {}), once the characters no page may hold, made by an escape, are taken out",
                    field.key,
                    first + first_line - 1,
                ),
                hint: Some("keep one of the two, without the escape".into()),
            });
        }
    }
    Ok(())
}

/// A map key as text (a key may be a number: `2024: ...`).
fn key_text(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// `key` with the characters no page may hold left out, as the message shows the merged key.
/// `key` with each character no page may hold written as a YAML escape (`aud\x07ience`).
fn escaped_key(key: &str) -> String {
    key.chars()
        .map(|c| {
            if escape::forbidden_in_markup(c) {
                escape_for(c)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn visible_key(key: &str) -> String {
    key.chars()
        .filter(|c| !escape::forbidden_in_markup(*c))
        .collect()
}

/// How many keys of one value made the same by taking characters out are warned of one by
/// one; the rest are counted.
const MAX_MERGED_WARNINGS: usize = 20;

/// The warnings for keys of the value of `key` (at `line` and `column`) that became the same
/// once characters no page may hold were taken out (`merged`: the key kept and the key lost,
/// as written), each at the line of the one kept, naming the other's.
fn merged_keys(
    key: &str,
    merged: &[(String, String)],
    lines: &[&str],
    (line, column): (usize, usize),
    first_line: usize,
) -> Vec<YamlError> {
    // Where each key as written first stands from the value's line on: one pass over the
    // lines, however many keys were merged.
    let mut places: HashMap<String, (usize, usize)> = HashMap::new();
    for (index, text) in lines.iter().enumerate().skip(line.saturating_sub(1)) {
        if let Some((written, at)) = line_key(text) {
            places.entry(written).or_insert((index + 1, at));
        }
    }
    let mut warnings: Vec<YamlError> = merged
        .iter()
        .take(MAX_MERGED_WARNINGS)
        .map(|(kept, lost)| {
            let (first, second) = (places.get(lost), places.get(kept));
            // Name the key that held the character, with its escape shown.
            let changed = if visible_key(kept) == *kept { lost } else { kept };
            YamlError {
                line: second.map_or(line, |(l, _)| *l),
                column: second.map_or(column, |(_, c)| *c),
                message: format!(
                    "`{key}` has the key `{clean}` twice once the characters no page may hold are taken out of `{kept}`{first}; the second is used",
                    kept = escaped_key(changed),
                    clean = visible_key(kept),
                    first = first.map_or(String::new(), |(l, _)| format!(" (the first on line {})", l + first_line - 1)),
                ),
                hint: Some("keep one of the two, without the escape".into()),
            }
        })
        .collect();
    if let Some((kept, _)) = merged.get(MAX_MERGED_WARNINGS) {
        // At the first not shown.
        let (line, column) = places.get(kept).copied().unwrap_or((line, column));
        warnings.push(YamlError {
            line,
            column,
            message: format!(
                "{} more keys of `{key}`, the first here, are the same as another once such characters are taken out (the first {MAX_MERGED_WARNINGS} are shown); the second of each is used",
                merged.len() - MAX_MERGED_WARNINGS
            ),
            hint: None,
        });
    }
    warnings
}

/// The key a line of a map starts (after its indentation and any `- `), as YAML reads it
/// (quoted keys unquoted), and its column.
fn line_key(text: &str) -> Option<(String, usize)> {
    let start = text.trim_start_matches(' ');
    let start = start
        .strip_prefix("- ")
        .map_or(start, |rest| rest.trim_start_matches(' '));
    let key = match start.chars().next()? {
        quote @ ('"' | '\'') => quoted_end(start, quote)
            .and_then(|end| serde_yaml::from_str::<String>(&start[..=end]).ok())?,
        _ => split_key_line(text)?.0.to_string(),
    };
    Some((key, text[..text.len() - start.len()].chars().count() + 1))
}

/// `key: value` on one line (indented, or after `- `, or not) → (`key`, the value as
/// written, the value's 0-based column in characters). Only for a line whose key is plain
/// text followed by `: `.
fn split_key_line(line: &str) -> Option<(&str, &str, usize)> {
    let start = line.trim_start_matches(' ');
    let start = start
        .strip_prefix("- ")
        .unwrap_or(start)
        .trim_start_matches(' ');
    let first = start.chars().next()?;
    if first.is_whitespace() || "#-{[\"'?".contains(first) {
        return None;
    }
    let offset = line.len() - start.len();
    let colon = offset + start.find(": ")?;
    let value = line[colon + 2..].trim_start();
    let at = line.len() - value.len();
    Some((
        &line[offset..colon],
        value.trim_end(),
        line[..at].chars().count(),
    ))
}

/// What an unquoted value written as `value` (at `column`) loses on its way through YAML.
fn value_note(value: &str, column: usize) -> Option<ValueNote> {
    let first = value.chars().next()?;
    if first == '#' {
        return Some(ValueNote::Comment {
            column: column + 1,
            kept: String::new(),
        });
    }
    if first == '&' || (first == '!' && !value.starts_with("!!")) {
        let token = value.split_whitespace().next().unwrap_or(value);
        return Some(ValueNote::Decoration {
            column: column + 1,
            token: token.to_string(),
        });
    }
    if "\"'[{|>*".contains(first) {
        return None;
    }
    let hash = value.find(" #").or_else(|| value.find("\t#"))?;
    Some(ValueNote::Comment {
        column: column + value[..=hash].chars().count() + 1,
        kept: value[..hash].trim_end().to_string(),
    })
}

/// `value` in quotes, as YAML reads it back: double quotes unless it holds `"` or `\`.
pub fn quoted(value: &str) -> String {
    if !value.contains(['"', '\\']) {
        format!("\"{value}\"")
    } else {
        format!("'{}'", value.replace('\'', "''"))
    }
}

/// The YAML library's error, said so that an editor knows what to change: placed where the
/// mistake is rather than where the library noticed it, with the fixed line when one can be
/// given.
fn explain(
    text: &str,
    error: &serde_yaml::Error,
    findings: &Findings,
    first_line: usize,
) -> YamlError {
    let (line, column) = error
        .location()
        .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
    let raw = strip_location(&error.to_string());
    let cause = misplaced(text, findings).or_else(|| at_value(text, &raw, line, column));
    let mut explained = YamlError {
        line: cause.as_ref().and_then(|c| c.line).unwrap_or(line),
        column: cause.as_ref().and_then(|c| c.column).unwrap_or(column),
        message: limits_in_words(&raw),
        hint: None,
    };
    let explained_already = cause.is_some();
    if let Some(cause) = cause {
        explained.message = cause.message;
        explained.hint = cause.hint;
    }
    // A tab in the indentation is the usual cause of a puzzling message here.
    let source = text
        .lines()
        .nth(explained.line.saturating_sub(1))
        .unwrap_or_default();
    let indentation = &source[..source.len() - source.trim_start().len()];
    if indentation.contains('\t') {
        if explained_already {
            explained
                .message
                .push_str(" (this line is indented with a tab; YAML indents with spaces only)");
        } else {
            explained.message =
                "this line is indented with a tab, and YAML indents with spaces only".into();
            explained.column = 1;
        }
        explained.hint = explained.hint.or_else(|| {
            Some(format!(
                "replace each tab at the start of the line with two spaces: `{}{}`",
                indentation.replace('\t', "  "),
                source.trim_start()
            ))
        });
    }
    // serde_yaml places a duplicate key at the mapping's start; find both, and name the
    // first at the second (as a CSL-JSON field written twice is).
    if let Some(key) = duplicate_key_name(&explained.message) {
        let mut places = key_positions(text).filter(|(k, ..)| k == key);
        if let (Some((_, first, _)), Some((_, l, c))) = (places.next(), places.next()) {
            explained.line = l;
            explained.column = c;
            explained.message = format!(
                "`{key}` is written twice (the first on line {})",
                first + first_line - 1
            );
            explained.hint = Some("keep one of the two".into());
        }
    }
    // `e: !!null 3`: the library's "invalid value: string "3", expected null".
    if let Some(value) = raw
        .split_once("invalid value: string ")
        .and_then(|(_, rest)| rest.strip_suffix(", expected null"))
    {
        explained.message = format!(
            "`!!null` makes a value nothing, but {value} follows it (YAML reads only `~`, `null`, `Null`, `NULL` or nothing as null)"
        );
        explained.hint = Some(format!(
            "take out {value} to leave the value empty, or take out `!!null` to keep {value}"
        ));
    }
    explained
}

/// What a YAML error is about, in plain words, and where, when that is not where the library
/// says.
struct Cause {
    message: String,
    hint: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
}

impl Cause {
    fn new(message: String, hint: Option<String>) -> Cause {
        Cause {
            message,
            hint,
            line: None,
            column: None,
        }
    }

    fn at(self, line: usize, column: usize) -> Cause {
        Cause {
            line: Some(line),
            column: Some(column),
            ..self
        }
    }
}

/// A mistake found before the library read the text: an odd space, or a quote or bracket
/// never closed (the library notices them only later in the text).
fn misplaced(text: &str, findings: &Findings) -> Option<Cause> {
    if let Some((at, space)) = odd_space(text) {
        return Some(
            Cause::new(
                format!("this line has a {space} where YAML needs an ordinary space (pasted text often brings one)"),
                Some("replace it with an ordinary space".into()),
            )
            .at(at.0, at.1),
        );
    }
    if let Some((at, quote)) = findings.unclosed_quote {
        return Some(
            Cause::new(
                format!("this quote (`{quote}`) is never closed"),
                Some(format!("end the quoted text with `{quote}`")),
            )
            .at(at.line, at.column),
        );
    }
    let (at, bracket) = findings.unclosed_flow?;
    let (what, close) = if bracket == '[' {
        ("list", ']')
    } else {
        ("map", '}')
    };
    Some(
        Cause::new(
            format!("this {what} is never closed: its `{bracket}` has no `{close}`"),
            Some(format!("add `{close}` after the {what}'s last item")),
        )
        .at(at.line, at.column),
    )
}

/// The library's error `raw` at `line`:`column`, explained by what the value on that line
/// starts with or holds.
fn at_value(text: &str, raw: &str, line: usize, column: usize) -> Option<Cause> {
    let source = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    let split = split_key_line(source);
    let value_starts =
        |prefix: &[char]| split.is_some_and(|(_, value, _)| value.starts_with(prefix));
    let fix = || split.map(|(key, value, _)| format!("write it as `{key}: {}`", quoted(value)));
    // Where the value starts: the mistake is there, not where the library gave up.
    let at_value_start = |cause: Cause| Cause {
        column: Some(split.map_or(column, |(.., at)| at + 1)),
        ..cause
    };
    // The library says "could not find expected ':'", or "mapping values are not allowed"
    // in a nested map: a key too long is the cause whatever it says.
    if let Some((key_column, length)) = long_key(source) {
        return Some(
            Cause::new(
                format!(
                    "this key is {length} characters long; YAML allows at most {MAX_KEY_CHARS} in a key written as `key: value`"
                ),
                Some(
                    "shorten it (a field's name or a glossary term is a word or a short phrase); \
                     a longer key must be written in two lines, `? ` and the key, then `: ` and \
                     its value"
                        .into(),
                ),
            )
            .at(line, key_column),
        );
    }
    if raw.starts_with("mapping values are not allowed") {
        return match split {
            Some((key, value, at)) if value.contains(": ") && column > at + 1 => Some(Cause::new(
                format!("a value of `{key}` containing `: ` must be in quotes"),
                fix(),
            )),
            _ if indented_more_than_above(text, line) => Some(Cause::new(
                "this line is indented more than the line above, so YAML reads it as part of \
                 that line's value"
                    .into(),
                Some(
                    "start it in the same column as the key above it (top-level keys start at \
                     the left edge)"
                        .into(),
                ),
            )),
            _ => None,
        };
    }
    if raw.starts_with("found character that cannot start any token")
        && let Some(c) = source
            .chars()
            .nth(column - 1)
            .filter(|c| "@`%".contains(*c))
    {
        let named = if c == '`' {
            "a backtick".to_string()
        } else {
            format!("`{c}`")
        };
        return Some(Cause::new(
            format!("a value cannot start with {named} in YAML unless it is in quotes"),
            fix(),
        ));
    }
    if value_starts(&['*']) {
        return Some(at_value_start(Cause::new(
            "a value starting with `*` names an anchor (`*name`) in YAML".into(),
            fix(),
        )));
    }
    if raw.starts_with("block sequence entries are not allowed") && value_starts(&['-']) {
        let hint = split.map(|(key, value, _)| {
            format!(
                "for a list, put each item on a line of its own below `{key}:`, as `  - item`; for text starting with `-`, write `{key}: {}`",
                quoted(value)
            )
        });
        return Some(at_value_start(Cause::new(
            "a list cannot start on its key's line".into(),
            hint,
        )));
    }
    if value_starts(&['|', '>']) {
        return Some(at_value_start(Cause::new(
            "a value starting with `|` or `>` starts a block of text on the lines below".into(),
            fix(),
        )));
    }
    if value_starts(&['"', '\'']) && raw.contains("did not find expected") {
        let hint = split.map(|(key, value, _)| {
            format!(
                "put the whole value in quotes: `{key}: {}`",
                if value.starts_with('"') {
                    format!("'{}'", value.replace('\'', "''"))
                } else {
                    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
                }
            )
        });
        return Some(Cause::new("text follows the closing quote".into(), hint));
    }
    let number = raw
        .split("invalid type: integer `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())?;
    Some(Cause::new(
        format!("the number `{number}` is too large"),
        Some("write a smaller number, or put it in quotes to make it text".into()),
    ))
}

/// The longest key YAML reads in the `key: value` form (an "implicit key"); a longer one
/// ends in the library's bare "could not find expected ':'".
const MAX_KEY_CHARS: usize = 1024;

/// The key of a `key: value` line (indented, or after `- `) when it is longer than
/// [`MAX_KEY_CHARS`]: the column it starts at (1-based) and its length in characters.
fn long_key(line: &str) -> Option<(usize, usize)> {
    let start = line.trim_start_matches(' ');
    let start = start
        .strip_prefix("- ")
        .map_or(start, |rest| rest.trim_start_matches(' '));
    let offset = line.len() - start.len();
    let colon = start
        .find(": ")
        .or_else(|| start.trim_end().strip_suffix(':').map(str::len))?;
    let length = start[..colon].chars().count();
    (length > MAX_KEY_CHARS).then(|| (line[..offset].chars().count() + 1, length))
}

/// The first space YAML does not take for one, where YAML needs a space: in the indentation
/// or after a key's `:`. Its line and column (1-based), and its name.
fn odd_space(text: &str) -> Option<((usize, usize), String)> {
    let odd = |c: char| c.is_whitespace() && !matches!(c, ' ' | '\t' | '\n' | '\r');
    let name = |c: char| match c {
        '\u{a0}' => "non-breaking space (U+00A0)".to_string(),
        c => format!("space character U+{:04X}", c as u32),
    };
    text.lines().enumerate().find_map(|(index, line)| {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars
            .iter()
            .take_while(|c| c.is_whitespace())
            .position(|c| odd(*c));
        let after_colon = chars
            .windows(2)
            .position(|pair| pair[0] == ':' && odd(pair[1]))
            .map(|i| i + 1);
        let at = indent.or(after_colon)?;
        Some(((index + 1, at + 1), name(chars[at])))
    })
}

/// Whether line `line` (1-based) of `text` is indented more than the nearest line above it
/// that holds something (not blank, not a comment).
fn indented_more_than_above(text: &str, line: usize) -> bool {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let lines: Vec<&str> = text.lines().take(line).collect();
    let Some((this, above)) = lines.split_last() else {
        return false;
    };
    above
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .is_some_and(|above| indent(this) > indent(above))
}

/// Finds `key:` at the start of unindented lines: enough to place top-level keys written in
/// block style, which is how front matter and site.yaml are written.
fn key_positions(text: &str) -> impl Iterator<Item = (String, usize, usize)> + '_ {
    text.lines().enumerate().filter_map(|(index, line)| {
        let first = line.chars().next()?;
        if first.is_whitespace() || matches!(first, '#' | '-' | '{' | '[') {
            return None;
        }
        if first == '"' || first == '\'' {
            // A quoted key may hold colons and escapes (`"a:b\t": 1`): let YAML read it.
            let end = quoted_end(line, first)?;
            let key: String = serde_yaml::from_str(&line[..=end]).ok()?;
            return Some((key, index + 1, 1));
        }
        let colon = line.find(':')?;
        let key = line[..colon].trim();
        Some((key.to_string(), index + 1, 1))
    })
}

/// The byte index of the quote that closes the quoted scalar `line` starts with.
fn quoted_end(line: &str, quote: char) -> Option<usize> {
    let mut chars = line.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == '\\' && quote == '"' {
            chars.next();
        } else if c == quote {
            // In single quotes, '' is an escaped quote.
            if quote == '\'' && line[i + 1..].starts_with('\'') {
                chars.next();
                continue;
            }
            return Some(i);
        }
    }
    None
}

/// serde_yaml's words for its safety limits, said so that an editor knows what to change.
fn limits_in_words(message: &str) -> String {
    match message {
        "repetition limit exceeded" => {
            "it repeats aliases (`*name`) so often that it would expand \
            to a huge document (a YAML \"alias bomb\"); write the values out instead"
                .into()
        }
        "recursion limit exceeded" => format!(
            "it nests lists or maps more than {} levels deep",
            scan::MAX_DEPTH
        ),
        _ => message.to_string(),
    }
}

fn duplicate_key_name(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("duplicate entry with key \"")?;
    rest.split('"').next()
}

/// serde_yaml appends " at line L column C"; we report locations ourselves.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_mismatches_name_what_was_found_where_it_was() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Images {
            max_width: Option<u32>,
            widths: Option<Vec<u32>>,
            names: Option<Vec<String>>,
        }
        let field = |text: &str| {
            parse_fields(text)
                .unwrap_or_default()
                .fields
                .into_iter()
                .next()
                .map(|f| f.parse::<Option<Images>>().err().unwrap_or_default())
                .unwrap_or_default()
        };
        for (text, message) in [
            (
                "images: 5\n",
                "expected a map (`key: value` lines, or `{...}`), found the number `5`",
            ),
            (
                "images: {max_width: 4000.5}\n",
                "expected a whole number, found the number `4000.5`",
            ),
            (
                "images: {max_width: -1}\n",
                "expected a whole number from 0 to 4294967295, found `-1`",
            ),
            (
                "images: {max_width: 100000000000}\n",
                "expected a whole number from 0 to 4294967295, found `100000000000`",
            ),
            (
                "images: {max_width: wide}\n",
                "expected a whole number, found the text `wide`",
            ),
            (
                "images: {widths: x}\n",
                "expected a list, found the text `x`",
            ),
            (
                "images: {widths: [1, true]}\n",
                "expected a whole number, found `true`, which YAML reads as true or false",
            ),
            (
                "images: {widths: [{a: b}]}\n",
                "expected a whole number, found a map (`key: value` lines, or `{...}`)",
            ),
            // The hint is for the value found inside, not for the map around it (it said
            // "text containing `: ` must be in quotes").
            (
                "images: {names: [1737]}\n",
                "expected text, found the number `1737`; put it in quotes to make it text",
            ),
            (
                "images: {names: [[a]]}\n",
                "expected text, found a list (a line starting with `- `, or `[...]`); write the text on the key's own line, without `- ` before it",
            ),
        ] {
            assert_eq!(field(text), message, "{text}");
        }
    }

    #[test]
    fn fields_carry_their_lines() {
        let fields = parse_fields("title: A\n# note\ncategories:\n  - X\n")
            .unwrap_or_default()
            .fields;
        let found: Vec<(&str, usize)> = fields.iter().map(|f| (f.key.as_str(), f.line)).collect();
        assert_eq!(found, [("title", 1), ("categories", 3)]);
    }

    #[test]
    fn quoted_keys_are_placed_too() {
        let fields = parse_fields("title: A\n\"a:b\\t\": 1\n'it''s': 2\nplain: 3\n")
            .unwrap_or_default()
            .fields;
        let found: Vec<(&str, usize)> = fields.iter().map(|f| (f.key.as_str(), f.line)).collect();
        assert_eq!(
            found,
            [("title", 1), ("a:b\t", 2), ("it's", 3), ("plain", 4)]
        );
    }

    #[test]
    fn duplicate_keys_point_at_the_second() {
        let err = parse_fields("title: A\ndate: 2024-01-01\ntitle: B\n").err();
        let err = err.map(|e| (e.line, e.message));
        assert_eq!(
            err,
            Some((
                3,
                "`title` is written twice (the first on line 1)".to_string()
            ))
        );
    }

    #[test]
    fn keys_made_the_same_by_stripping_name_both_lines() {
        let text = "title: A\nextra:\n  audience: a\n  \"aud\\aience\": b\n";
        let parsed = parse_fields_in(text, 2, &["extra"]).unwrap_or_default();
        let found: Vec<(usize, &str)> = parsed
            .warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert!(
            found.contains(&(
                4,
                "`extra` has the key `audience` twice once the characters no page may hold are taken out of `aud\\x07ience` (the first on line 4); the second is used"
            )),
            "{found:?}"
        );
        // The first line is the file's: front matter starts on line 2.
        let err = parse_fields_in("a: 1\nb: 2\na: 3\n", 2, &["extra"]).err();
        assert_eq!(
            err.map(|e| e.message),
            Some("`a` is written twice (the first on line 2)".to_string())
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        // A list never closed is placed where it starts, not at the end of the text.
        let err = parse_fields("title: A\ncategories: [a,\n").err();
        assert_eq!(
            err.map(|e| (e.line, e.column, e.message)),
            Some((
                2,
                13,
                "this list is never closed: its `[` has no `]`".into()
            ))
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            let refs = vec![format!("*{previous}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let err = parse_fields(&text).err().map(|e| e.message);
        assert!(err.is_some_and(|m| m.contains("alias bomb")));
    }

    #[test]
    fn tabs_and_words_yaml_reads_as_nothing_are_explained() {
        let err = parse_fields("title: A\ncategories:\n\t- X\n").err();
        assert!(err.is_some_and(|e| e.line == 3 && e.message.contains("indented with a tab")));
        let err = parse_fields("title: Tabs\ncategories:\n\t- Wellbeing\n").err();
        assert_eq!(
            err.and_then(|e| e.hint),
            Some(
                "replace each tab at the start of the line with two spaces: `  - Wellbeing`".into()
            )
        );
        let fields = parse_fields("title: Null\nother: 1984\n")
            .unwrap_or_default()
            .fields;
        let title = fields[0].parse::<String>().err().unwrap_or_default();
        assert!(title.contains("YAML reads as nothing"), "{title}");
        let other = fields[1].parse::<String>().err().unwrap_or_default();
        assert!(other.contains("put it in quotes"), "{other}");
    }

    #[test]
    fn common_mistakes_are_said_in_plain_words_with_the_fix() {
        for (text, line, column, message, hint) in [
            (
                "title: Kia kaha: staying connected\n",
                1,
                16,
                "a value of `title` containing `: ` must be in quotes",
                Some("write it as `title: \"Kia kaha: staying connected\"`"),
            ),
            (
                "title: A\ncategories: [a, b\ndate: 2024-01-01\n",
                2,
                13,
                "this list is never closed: its `[` has no `]`",
                Some("add `]` after the list's last item"),
            ),
            (
                "title: \"Sleep\ndescription: x\n",
                1,
                8,
                "this quote (`\"`) is never closed",
                Some("end the quoted text with `\"`"),
            ),
            (
                "title: @home tips\n",
                1,
                8,
                "a value cannot start with `@` in YAML unless it is in quotes",
                Some("write it as `title: \"@home tips\"`"),
            ),
            (
                "title: *Important* tips\n",
                1,
                8,
                "a value starting with `*` names an anchor (`*name`) in YAML",
                Some("write it as `title: \"*Important* tips\"`"),
            ),
            (
                "title: - my title\n",
                1,
                8,
                "a list cannot start on its key's line",
                None,
            ),
            (
                "title: | tips\n",
                1,
                8,
                "a value starting with `|` or `>` starts a block of text on the lines below",
                Some("write it as `title: \"| tips\"`"),
            ),
            (
                "title: \"Sleep\" and rest\n",
                1,
                16,
                "text follows the closing quote",
                Some("put the whole value in quotes: `title: '\"Sleep\" and rest'`"),
            ),
            (
                "extra:\n  a: 1\n   b: 2\n",
                3,
                5,
                "this line is indented more than the line above, so YAML reads it as part of that line's value",
                None,
            ),
            (
                "categories:\n  - name: Sleep\n    description: Note: this matters\n",
                3,
                22,
                "a value of `description` containing `: ` must be in quotes",
                Some("write it as `description: \"Note: this matters\"`"),
            ),
            (
                "weight: 99999999999999999999\n",
                1,
                9,
                "the number `99999999999999999999` is too large",
                None,
            ),
        ] {
            let Err(e) = parse_fields(text) else {
                panic!("{text:?} parsed");
            };
            assert_eq!(
                (e.line, e.column, e.message.as_str()),
                (line, column, message),
                "{text:?}"
            );
            if let Some(hint) = hint {
                assert_eq!(e.hint.as_deref(), Some(hint), "{text:?}");
            }
        }
    }

    #[test]
    fn keys_longer_than_yaml_allows_say_so() {
        let long = "w".repeat(1100);
        for (text, column) in [
            (format!("title: A\n{long}: 1\n"), 1),
            (format!("a:\n  {long}:\n    b: 1\n"), 3),
            (format!("a:\n  - \"{long}\": 1\n"), 5),
        ] {
            let err = parse_fields(&text).err();
            assert!(
                err.as_ref()
                    .is_some_and(|e| (e.line, e.column) == (2, column)
                        && e.message
                            .contains("characters long; YAML allows at most 1024")
                        && e.hint.as_deref().is_some_and(|h| h.contains("`? `"))),
                "{err:?}"
            );
        }
        // The explicit form takes any length.
        let explicit = parse_fields(&format!("? {long}\n: 1\n")).unwrap_or_default();
        assert_eq!(explicit.fields.first().map(|f| f.key.len()), Some(1100));
        // A key of 1024 characters is fine.
        let most = "w".repeat(1024);
        assert!(parse_fields(&format!("{most}: 1\n")).is_ok());
    }

    #[test]
    fn spaces_yaml_does_not_read_as_spaces_are_named() {
        for (text, place) in [
            ("title: A\ncategories:\n\u{a0}\u{a0}- a\n", (3, 1)),
            ("title: A\ncategories:\u{a0}[a]\nx\n", (2, 12)),
            // Alone, the line is one value to YAML: it said "found a single value".
            ("title:\u{a0}Rest\n", (1, 7)),
        ] {
            let err = parse_fields(text).err();
            assert!(
                err.as_ref().is_some_and(|e| (e.line, e.column) == place
                    && e.message
                        .contains("a non-breaking space (U+00A0) where YAML needs")),
                "{text:?}: {err:?}"
            );
        }
    }

    #[test]
    fn values_that_lose_text_on_their_line_are_noted() {
        let parsed = parse_fields("title: Tips #1 for sleep\ndescription: &Co tips\nslug: a#b\n")
            .unwrap_or_default();
        let notes: Vec<Option<ValueNote>> = parsed.fields.iter().map(|f| f.note.clone()).collect();
        assert_eq!(
            notes,
            [
                Some(ValueNote::Comment {
                    column: 13,
                    kept: "Tips".into()
                }),
                Some(ValueNote::Decoration {
                    column: 14,
                    token: "&Co".into()
                }),
                None
            ]
        );
        assert_eq!(
            parsed.fields[0].quoted_line.as_deref(),
            Some("title: \"Tips #1 for sleep\"")
        );
        let swallowed = parse_fields("categories:\n  - a\n   - b\n").unwrap_or_default();
        assert_eq!(swallowed.warnings.len(), 1);
        assert_eq!(
            (swallowed.warnings[0].line, swallowed.warnings[0].column),
            (3, 4)
        );
    }

    #[test]
    fn type_mismatches_say_what_was_found() {
        let fields = parse_fields("a: yes\nb:\n  - x\nc: 1.5\n")
            .unwrap_or_default()
            .fields;
        let a = fields[0].parse::<bool>().err().unwrap_or_default();
        assert_eq!(
            a,
            "expected `true` or `false`, found the text `yes` (YAML here reads only `true` and `false` as yes or no)"
        );
        let b = fields[1].parse::<String>().err().unwrap_or_default();
        assert!(b.starts_with("expected text, found a list"), "{b}");
        let c = fields[2].parse::<i64>().err().unwrap_or_default();
        assert_eq!(c, "expected a whole number, found the number `1.5`");
    }

    #[test]
    fn deep_flow_nesting_is_refused_at_the_first_bracket_past_the_limit() {
        // 200 KB of `[` took over a minute in the YAML library before its depth limit applied;
        // the scan stops at bracket 129, before the library sees the text.
        let text = format!("title: T\nextra: {}\n", "[".repeat(200_000));
        let err = parse_fields(&text).err();
        assert_eq!(err.map(|e| (e.line, e.column)), Some((2, 8 + 128)));
    }

    #[test]
    fn unsupported_tags_are_warnings_at_the_tag_and_binary_is_an_error() {
        let parsed = parse_fields(
            "title: !custom Sleep\nextra:\n  a: !!python/object:os.system x\n  b: !!str 3\n",
        )
        .unwrap_or_default();
        let found: Vec<(usize, usize, &str)> = parsed
            .warnings
            .iter()
            .map(|w| (w.line, w.column, w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    1,
                    8,
                    "the YAML tag `!custom` is not supported: it is left out, and the value after it is read as written"
                ),
                (
                    3,
                    6,
                    "the YAML tag `!!python/object:os.system` is not supported: it is left out, and the value after it is read as written"
                ),
            ]
        );
        assert!(
            parsed.warnings[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.ends_with("write `title: \"!custom Sleep\"`")),
            "{:?}",
            parsed.warnings[0].hint
        );
        // The core tags are read as YAML says, without a word.
        let core =
            parse_fields("a: !!str 3\nb: !!int \"4\"\nc: !!bool true\nd: !!seq [5]\ne: !!null ~\n")
                .unwrap_or_default();
        assert_eq!(core.warnings, []);
        let values: Vec<serde_json::Value> = core
            .fields
            .iter()
            .map(|f| f.parse::<serde_json::Value>().unwrap_or_default())
            .collect();
        assert_eq!(
            values,
            [
                serde_json::json!("3"),
                serde_json::json!(4),
                serde_json::json!(true),
                serde_json::json!([5]),
                serde_json::Value::Null
            ]
        );
        let err = parse_fields("title: A\ndescription: !!binary SGVsbG8=\n").err();
        assert_eq!(
            err.as_ref().map(|e| (e.line, e.column)),
            Some((2, 14)),
            "{err:?}"
        );
        assert!(err.is_some_and(|e| {
            e.message
                .contains("`!!binary` (bytes written in base64) is not supported")
        }));
    }

    #[test]
    fn control_characters_in_top_level_keys_are_taken_out_with_a_warning() {
        let parsed = parse_fields("\"wh\\aānau\": 1\n\"oth\\x01er\": 3\n").unwrap_or_default();
        let keys: Vec<(&str, usize)> = parsed
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.line))
            .collect();
        assert_eq!(keys, [("whānau", 1), ("other", 2)]);
        let warnings: Vec<(usize, &str)> = parsed
            .warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [
                (
                    1,
                    "this key holds U+0007, a character no web page or feed may hold (made by the YAML escape `\\a`); it is left out, and the key is read as `whānau`"
                ),
                (
                    2,
                    "this key holds U+0001, a character no web page or feed may hold (made by the YAML escape `\\x01`); it is left out, and the key is read as `other`"
                ),
            ]
        );
        // Made the same as another key, it is that key written twice.
        let err = parse_fields("a: 0\nother: 2\n\"oth\\x01er\": 3\n").err();
        assert_eq!(
            err.map(|e| (e.line, e.message)),
            Some((
                3,
                "`other` is written twice (the first on line 2), once the characters no page may hold, made by an escape, are taken out".into()
            ))
        );
    }

    #[test]
    fn a_null_tag_with_nothing_after_it_is_null() {
        for text in [
            "e: !!null\nf: 1\n",
            "e: !!null # none\nf: 1\n",
            "e: {a: !!null, b: [!!null]}\nf: 1\n",
            "e:\n  a: !!null\r\nf: 1\n",
        ] {
            let parsed = parse_fields(text);
            let fields = parsed
                .as_ref()
                .map(|p| p.fields.as_slice())
                .unwrap_or_default();
            let e = fields
                .first()
                .map(|f| f.parse::<serde_json::Value>().unwrap_or_default());
            let want = match text.contains('{') {
                true => serde_json::json!({"a": null, "b": [null]}),
                false if text.starts_with("e:\n") => serde_json::json!({"a": null}),
                false => serde_json::Value::Null,
            };
            assert_eq!(e, Some(want), "{text:?}: {parsed:?}");
            assert_eq!(fields.len(), 2, "{text:?}");
        }
        // Any other value tagged `!!null` is an error saying what to do.
        let err = parse_fields("extra:\n  e: !!null 3\n").err();
        assert_eq!(
            err.map(|e| (e.line, e.column, e.message, e.hint.unwrap_or_default())),
            Some((
                2,
                6,
                "`!!null` makes a value nothing, but \"3\" follows it (YAML reads only `~`, `null`, `Null`, `NULL` or nothing as null)".into(),
                "take out \"3\" to leave the value empty, or take out `!!null` to keep \"3\"".into()
            ))
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse_fields(&text).err().map(|e| e.message);
        assert!(err.is_some_and(|m| m.contains("128 levels")));
    }

    #[test]
    fn a_stripped_character_is_warned_of_where_its_escape_is_written() {
        let text = "list:\n  - a: \"x \\\\a y\"\n  - a: \"b\\u0007c\"\nnext: 1\n";
        let parsed = parse_fields(text).unwrap_or_default();
        let places: Vec<(usize, usize)> = parsed
            .warnings
            .iter()
            .filter(|w| w.message.contains("U+0007"))
            .map(|w| (w.line, w.column))
            .collect();
        // `\\a` is a backslash and an `a`: the escape is on the next item's line.
        assert_eq!(places, [(3, 10)]);
    }

    #[test]
    fn every_stripped_character_is_warned_of_at_its_own_escape() {
        let text = "help:\n  - note: \"free \\a x\"\n  - note: \"call \\e[31m \\x01\"\nnext: 1\n";
        let parsed = parse_fields(text).unwrap_or_default();
        let found: Vec<(usize, usize, &str)> = parsed
            .warnings
            .iter()
            .map(|w| (w.line, w.column, w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    2,
                    17,
                    "the value of `help` holds U+0007, a character no web page or feed may hold (made by the YAML escape `\\a`); it is left out"
                ),
                (
                    3,
                    17,
                    "the value of `help` holds U+001B, a character no web page or feed may hold (made by the YAML escape `\\e`); it is left out"
                ),
                (
                    3,
                    24,
                    "the value of `help` holds U+0001, a character no web page or feed may hold (made by the YAML escape `\\x01`); it is left out"
                ),
            ]
        );
        // Past five in one value, a count at the first not shown.
        let text = format!("a: \"{}\"\n", "x\\a".repeat(8));
        let parsed = parse_fields(&text).unwrap_or_default();
        assert_eq!(parsed.warnings.len(), 6);
        let last = parsed
            .warnings
            .last()
            .map(|w| (w.line, w.column, w.message.as_str()));
        assert_eq!(
            last,
            Some((
                1,
                21,
                "3 more characters no web page or feed may hold in the value of `a`, from here on, are left out too (the first 5 are shown)"
            ))
        );
        // A key with two.
        let parsed = parse_fields("\"a\\ab\\bc\": 1\n").unwrap_or_default();
        let columns: Vec<usize> = parsed.warnings.iter().map(|w| w.column).collect();
        assert_eq!(columns, [3, 6]);
    }
}
