//! The one place that knows about the YAML library.
//!
//! `site.yaml` and front matter are both read as a top-level mapping whose fields are then
//! checked one by one, so that a file with three mistakes reports three errors, each at the line
//! of its key. serde_yaml is archived upstream; keeping it behind this small surface means it can
//! be swapped in one file.

use serde::de::DeserializeOwned;

/// A syntax error, located in the parsed text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// One top-level `key: value` pair, with where its key stands in the text.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub line: usize,
    pub column: usize,
    value: serde_yaml::Value,
}

impl Field {
    /// Reads the value as `T`; the error says what was expected, without a location (the
    /// caller places it at the key).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_yaml::from_value(self.value.clone()).map_err(|e| {
            let message = strip_location(&e.to_string());
            if !message.ends_with("expected a string") {
                return message;
            }
            match self.value {
                serde_yaml::Value::Null => "it is empty, or a word YAML reads as nothing \
                    (`null`, `Null`, `~`): write the text, in quotes if it is one of those words"
                    .into(),
                serde_yaml::Value::Bool(_) | serde_yaml::Value::Number(_) => {
                    format!("{message}; put it in quotes to make it text")
                }
                _ => message,
            }
        })
    }

    pub fn is_null(&self) -> bool {
        self.value.is_null()
    }
}

/// Parses `text` as a mapping of fields. An empty document is an empty mapping.
pub fn parse_fields(text: &str) -> Result<Vec<Field>, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let (mut line, mut column) = e
            .location()
            .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
        let mut message = explain(strip_location(&e.to_string()));
        // A tab in the indentation is the usual cause of a puzzling message here.
        let indentation = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| &l[..l.len() - l.trim_start().len()]);
        if indentation.is_some_and(|i| i.contains('\t')) {
            message.push_str(" (this line is indented with a tab; YAML indents with spaces only)");
        }
        // serde_yaml places a duplicate key at the mapping's start; find the second one.
        if let Some(key) = duplicate_key_name(&message)
            && let Some((l, c)) = key_positions(text)
                .filter(|(k, ..)| k == key)
                .nth(1)
                .map(|(_, l, c)| (l, c))
        {
            line = l;
            column = c;
        }
        YamlError {
            line,
            column,
            message,
        }
    })?;
    let mapping = match value {
        serde_yaml::Value::Null => return Ok(Vec::new()),
        serde_yaml::Value::Mapping(mapping) => mapping,
        _ => {
            return Err(YamlError {
                line: 1,
                column: 1,
                message: "expected `key: value` lines, found a single value".into(),
            });
        }
    };
    let positions: Vec<(String, usize, usize)> = key_positions(text).collect();
    let mut fields = Vec::with_capacity(mapping.len());
    for (key, value) in mapping {
        let key = match key {
            serde_yaml::Value::String(s) => s,
            other => serde_yaml::to_string(&other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let (line, column) = positions
            .iter()
            .find(|(k, ..)| *k == key)
            .map_or((1, 1), |(_, l, c)| (*l, *c));
        fields.push(Field {
            key,
            line,
            column,
            value,
        });
    }
    Ok(fields)
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
fn explain(message: String) -> String {
    match message.as_str() {
        "repetition limit exceeded" => {
            "it repeats aliases (`*name`) so often that it would expand \
            to a huge document (a YAML \"alias bomb\"); write the values out instead"
                .into()
        }
        "recursion limit exceeded" => "it nests lists or maps more than 128 levels deep".into(),
        _ => message,
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
    fn fields_carry_their_lines() {
        let fields = parse_fields("title: A\n# note\ncategories:\n  - X\n").unwrap_or_default();
        let found: Vec<(&str, usize)> = fields.iter().map(|f| (f.key.as_str(), f.line)).collect();
        assert_eq!(found, [("title", 1), ("categories", 3)]);
    }

    #[test]
    fn quoted_keys_are_placed_too() {
        let fields =
            parse_fields("title: A\n\"a:b\\e\": 1\n'it''s': 2\nplain: 3\n").unwrap_or_default();
        let found: Vec<(&str, usize)> = fields.iter().map(|f| (f.key.as_str(), f.line)).collect();
        assert_eq!(
            found,
            [("title", 1), ("a:b\u{1b}", 2), ("it's", 3), ("plain", 4)]
        );
    }

    #[test]
    fn duplicate_keys_point_at_the_second() {
        let err = parse_fields("title: A\ndate: 2024-01-01\ntitle: B\n").err();
        let err = err.map(|e| (e.line, e.message));
        assert_eq!(
            err,
            Some((3, "duplicate entry with key \"title\"".to_string()))
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse_fields("title: A\ncategories: [a,\n").err();
        assert_eq!(err.map(|e| e.line), Some(3));
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
        let fields = parse_fields("title: Null\nother: 1984\n").unwrap_or_default();
        let title = fields[0].parse::<String>().err().unwrap_or_default();
        assert!(title.contains("YAML reads as nothing"), "{title}");
        let other = fields[1].parse::<String>().err().unwrap_or_default();
        assert!(other.contains("put it in quotes"), "{other}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse_fields(&text).err().map(|e| e.message);
        assert!(err.is_some_and(|m| m.contains("128 levels")));
    }
}
