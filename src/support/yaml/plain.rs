//! A reader for plain front matter, the kind nearly every page has, without the YAML library:
//! top-level `key: value` lines whose values are one-line scalars (plain, `"double"` or
//! `'single'` quoted), flow lists of such scalars (`[A, "B"]`) or block lists (`- item`
//! lines under `key:`).
//!
//! It gives exactly the value the YAML library gives (scalars typed by the same rules: `~`,
//! `null`, `true`, numbers), or `None` for anything it is not sure of: comments, anchors,
//! tags, block scalars, escapes other than `\"` and `\\`, tabs, odd spaces, `: ` in a plain
//! value, indentation other than one list's, a key written twice, a text of no key at all.
//! The library then reads the text as before, with its checks and messages: this reader only
//! makes the common case faster (the library costs ~60,000 instructions a page). The
//! differential test below reads every front matter in the repository and thousands of
//! generated ones both ways.

use serde_yaml::{Mapping, Value};

/// The longest key read here; a longer one goes to the YAML library (which allows 1,024
/// characters in a `key: value` key, and explains a longer one).
const MAX_KEY_LEN: usize = 128;

/// The first characters a plain value may not start with here: YAML indicators (`- `, `? `,
/// `[`, `&`, `|`, `%`...) and spaces; values starting so go to the YAML library.
const NOT_FIRST: &[u8] = b"-?:,[]{}#&*!|>'\"%@` ";

/// What [`read`] gives: the mapping, and the line (1-based) of each of its keys, in order.
pub struct PlainFields {
    pub value: Value,
    pub key_lines: Vec<usize>,
}

/// `text` as a mapping, as the YAML library reads it, when it is plain front matter; `None`
/// otherwise.
pub fn read(text: &str) -> Option<PlainFields> {
    if !text.chars().all(plain_character) {
        return None;
    }
    let mut map = Mapping::new();
    let mut key_lines = Vec::new();
    // Lines are counted as they are taken, list items too.
    let mut lines = text.split('\n').enumerate().peekable();
    while let Some((index, line)) = lines.next() {
        if line.is_empty() {
            continue;
        }
        key_lines.push(index + 1);
        let (key, rest) = key_line(line)?;
        let value = if rest.is_empty() {
            block_list(&mut lines)?
        } else {
            line_value(rest)?
        };
        if map.insert(Value::String(key.to_string()), value).is_some() {
            return None;
        }
    }
    (!map.is_empty()).then_some(PlainFields {
        value: Value::Mapping(map),
        key_lines,
    })
}

/// A character this reader takes as it is: printable ASCII, a line break, or any other
/// character YAML reads as text (not a space of another kind, a line break of another kind,
/// a control character or a byte order mark).
fn plain_character(c: char) -> bool {
    match c {
        ' '..='~' | '\n' => true,
        c if c.is_ascii() => false,
        c => {
            !c.is_whitespace()
                && c != '\u{feff}'
                && matches!(c, '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        }
    }
}

/// A top-level `key: value` line → (the key, the value as written, spaces around it left
/// out; empty when nothing follows the colon). Only keys of ASCII letters, digits, `_` and
/// `-`, starting with a letter or `_`, that YAML reads as text.
fn key_line(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let bytes = key.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_alphabetic() || first == b'_')
        || key.len() > MAX_KEY_LEN
        || !bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        || !matches!(scalar(key)?, Value::String(_))
    {
        return None;
    }
    let rest = &line[colon + 1..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((key, rest.trim_matches(' ')))
}

/// The value written on a key's line (or after a list item's `- `): a quoted or plain
/// scalar, or a flow list.
fn line_value(value: &str) -> Option<Value> {
    match value.as_bytes()[0] {
        b'[' => flow_list(value),
        b'"' | b'\'' => {
            let (text, after) = quoted(value)?;
            after.is_empty().then_some(Value::String(text))
        }
        _ => plain_in_block(value).and_then(scalar),
    }
}

/// The items of a block list below a `key:` line, all at one indentation, each `- ` and a
/// scalar; null when no item follows (YAML's value for `key:` alone).
fn block_list<'t>(
    lines: &mut std::iter::Peekable<impl Iterator<Item = (usize, &'t str)>>,
) -> Option<Value> {
    let mut items = Vec::new();
    let mut indent = None;
    while let Some((_, line)) = lines.peek() {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let Some(item) = line[spaces..].strip_prefix("- ") else {
            break;
        };
        if *indent.get_or_insert(spaces) != spaces {
            return None;
        }
        let item = item.trim_matches(' ');
        if item.is_empty() || item.starts_with('[') {
            return None;
        }
        items.push(line_value(item)?);
        lines.next();
    }
    Some(if indent.is_none() {
        Value::Null
    } else {
        Value::Sequence(items)
    })
}

/// A plain value on a line of its own (block context), when nothing in it makes YAML read
/// it otherwise than as written: no indicator first, no `: `, no ` #`, no `:` last.
fn plain_in_block(value: &str) -> Option<&str> {
    let plain = !NOT_FIRST.contains(&value.as_bytes()[0])
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':');
    plain.then_some(value)
}

/// A flow list written on one line, `[a, "b", 'c']`, of scalars only.
fn flow_list(value: &str) -> Option<Value> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut rest = inner.trim_start_matches(' ');
    if rest.is_empty() {
        return Some(Value::Sequence(items));
    }
    loop {
        let after = match rest.as_bytes().first()? {
            b'"' | b'\'' => {
                let (text, after) = quoted(rest)?;
                items.push(Value::String(text));
                after
            }
            _ => {
                let end = rest.find(',').unwrap_or(rest.len());
                let plain = rest[..end].trim_end_matches(' ');
                let refused = |b: &u8| b"[]{}#:\"'".contains(b);
                if plain.is_empty()
                    || NOT_FIRST.contains(&plain.as_bytes()[0])
                    || plain.bytes().any(|b| refused(&b))
                {
                    return None;
                }
                items.push(scalar(plain)?);
                &rest[end..]
            }
        };
        match after.strip_prefix(',') {
            Some(next) => {
                rest = next.trim_start_matches(' ');
                // `[a, b,]` and `[a, , b]` go to the library.
                if rest.is_empty() || rest.starts_with(',') {
                    return None;
                }
            }
            None if after.is_empty() => return Some(Value::Sequence(items)),
            None => return None,
        }
    }
}

/// A quoted scalar at the start of `text` (which starts with its quote) → its text, and what
/// follows its closing quote with the spaces after it left out. `None` for a quote not closed
/// on the line, or an escape other than `\"` and `\\`.
fn quoted(text: &str) -> Option<(String, &str)> {
    let quote = text.as_bytes()[0];
    let mut rest = &text[1..];
    let mut out = String::new();
    // Runs of text are copied whole; only a quote or a backslash is looked at.
    loop {
        let at = if quote == b'"' {
            memchr::memchr2(b'"', b'\\', rest.as_bytes())?
        } else {
            memchr::memchr(b'\'', rest.as_bytes())?
        };
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match rest.as_bytes()[at] {
            b'\\' => {
                let escaped = after.chars().next().filter(|c| matches!(c, '"' | '\\'))?;
                out.push(escaped);
                rest = &after[1..];
            }
            b'\'' if after.starts_with('\'') => {
                out.push('\'');
                rest = &after[1..];
            }
            _ => return Some((out, after.trim_start_matches(' '))),
        }
    }
}

/// A plain scalar's value as the YAML library types it (YAML 1.2's core schema, as
/// serde_yaml reads it): null, true or false, a whole number, a finite number, or text.
/// `None` for a whole number too large for 64 bits (the library's own message explains it).
fn scalar(plain: &str) -> Option<Value> {
    if plain.is_empty() || matches!(plain, "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    match plain {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    if !maybe_a_number(plain) {
        return Some(Value::String(plain.to_string()));
    }
    if let Some(n) = unsigned_int(plain, u64::from_str_radix) {
        return Some(Value::Number(n.into()));
    }
    if let Some(n) = negative_int(plain, i64::from_str_radix) {
        return Some(Value::Number(n.into()));
    }
    if unsigned_int(plain, u128::from_str_radix).is_some()
        || negative_int(plain, i128::from_str_radix).is_some()
    {
        return None;
    }
    if !digits_but_not_number(plain)
        && let Some(float) = finite_or_named_float(plain)
    {
        return Some(Value::Number(float.into()));
    }
    Some(Value::String(plain.to_string()))
}

/// Whether `plain` may be a number to the readers below: a number starts with a digit, a
/// sign or `.` (the float reader's `inf` and `nan` are refused as not finite), and a sign
/// stands first or after an exponent's `e` (`2024-03-01` is text). Most values are words or
/// dates: they are not parsed five ways.
fn maybe_a_number(plain: &str) -> bool {
    let bytes = plain.as_bytes();
    let starts_so = matches!(bytes[0], b'0'..=b'9' | b'+' | b'-' | b'.');
    starts_so
        && bytes
            .windows(2)
            .all(|pair| !matches!(pair[1], b'+' | b'-') || matches!(pair[0], b'e' | b'E'))
}

/// serde_yaml's reading of a whole number written with no sign or `+`, in decimal, `0x`,
/// `0o` or `0b` (its `parse_unsigned_int`, as it is).
fn unsigned_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

/// serde_yaml's reading of a negative whole number (its `parse_negative_int`, as it is).
fn negative_int<T>(
    scalar: &str,
    from_str_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix)
            && let Ok(int) = from_str_radix(&format!("-{rest}"), radix)
        {
            return Some(int);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

/// serde_yaml's reading of a number with a fraction or an exponent, or `.inf`, `-.inf`,
/// `.nan` (its `parse_f64`, as it is).
fn finite_or_named_float(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(unpositive) if unpositive.starts_with(['+', '-']) => return None,
        Some(unpositive) => unpositive,
        None => scalar,
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Leading zeros and digits (`0755`, `-01`): text in YAML 1.2, not a number.
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::yaml::{self, scan};

    /// Whether `text` is read here; when it is, the value must be the YAML library's, and the
    /// scan, which is not run for it, must find nothing.
    fn read_as_the_library_does(text: &str) -> bool {
        let Some(fast) = read(text) else {
            return false;
        };
        let library: Value = serde_yaml::from_str(text)
            .unwrap_or_else(|e| panic!("read here, refused by the library ({e}): {text:?}"));
        assert_eq!(fast.value, library, "{text:?}");
        let places: Vec<usize> = yaml::key_positions(text)
            .map(|(_, line, column)| {
                assert_eq!(column, 1, "{text:?}");
                line
            })
            .collect();
        assert_eq!(fast.key_lines, places, "{text:?}");
        // What `parse_fields_in` does not do for plain front matter would change nothing.
        let mut value = fast.value.clone();
        yaml::untag(&mut value);
        let (mut merged, mut stripped) = (Vec::new(), Vec::new());
        yaml::strip_forbidden(&mut value, &mut merged, &mut stripped);
        assert_eq!(value, fast.value, "{text:?}");
        assert!(merged.is_empty() && stripped.is_empty(), "{text:?}");
        for line in text.lines() {
            let note = yaml::split_key_line(line).and_then(|(_, v, at)| yaml::value_note(v, at));
            assert_eq!(note, None, "{text:?}");
        }
        assert_eq!(scan::scan(text), scan::Findings::default(), "{text:?}");
        true
    }

    #[test]
    fn common_front_matter_is_read_here() {
        for text in [
            "title: \"Wellbeing 9\"\ndescription: \"A guide.\"\ncategories: [\"Grief & Loss\", \"Ōtautahi\"]\ndate: 2024-02-15\n",
            "title: Sleep\ncategories:\n  - Wellbeing\n  - 'For Myself'\ndraft: true\nweight: 3\n",
            "title: It's a \"quote\" and C# and a:b\nslug: a/b\naliases: []\nextra:\n",
        ] {
            assert!(read_as_the_library_does(text), "{text}");
        }
    }

    #[test]
    fn anything_unusual_goes_to_the_library() {
        for text in [
            "",
            "title: a # comment\n",
            "# comment\ntitle: a\n",
            "title: &x a\n",
            "title: !x a\n",
            "title: |\n  a\n",
            "title: \"a\\nb\"\n",
            "title: a\n  continued\n",
            "title: a: b\n",
            "title:\ta\n",
            "title:\u{a0}a\n",
            "title: a\ntitle: b\n",
            "categories:\n  - a\n   - b\n",
            "categories: [a, b,]\n",
            "n: 99999999999999999999\n",
            "true: a\n",
            "\"title\": a\n",
        ] {
            assert!(!read_as_the_library_does(text), "{text:?}");
        }
    }

    /// Numbers, quotes, indicators, odd characters and layouts next to what is read here, each
    /// as a value, a list item and a flow list item, and keys that look like other scalars:
    /// each is read as the library reads it, or left to the library.
    #[test]
    fn values_on_the_edge_of_plain_read_as_the_library_reads_them() {
        let values = [
            "0o17",
            "1_000",
            "+.5",
            "1e3",
            ".5",
            "-0",
            "0x_1",
            "007",
            "+0",
            "+007",
            "0x",
            "0o",
            "0b",
            "0b2",
            "1.",
            "1.e5",
            "1e",
            "e3",
            "E3",
            "1E3",
            "1e+3",
            "1e-3",
            "+1e3",
            ".e3",
            ".",
            "+",
            "+-1",
            "0x1F",
            "0X1F",
            "+0x1F",
            "0o8",
            "1.5.5",
            "00",
            "0.0",
            "00.5",
            "-00.5",
            "+00",
            "0e0",
            "1__0",
            "0x+1",
            "Infinity",
            "infinity",
            "+inf",
            "NaN",
            "+.inf",
            "+.nan",
            ".NaN",
            "1e400",
            "-1e400",
            "18446744073709551615",
            "18446744073709551616",
            "9223372036854775808",
            "0xFFFFFFFFFFFFFFFF",
            "0x1FFFFFFFFFFFFFFFF",
            "1,000",
            "1 000",
            "12:30",
            "12:30:00",
            "2024-01-01T10:00:00Z",
            "<<",
            "=",
            "a\u{2028}b",
            "a\u{2029}b",
            "a\u{85}b",
            "a\u{a0}b",
            "a\u{3000}b",
            "a\u{fdd0}b",
            "a\u{fffe}",
            "a\u{10ffff}",
            "a\u{1f600}",
            "a\u{e000}",
            "a\u{200b}b",
            "a\u{202e}b",
            "a\u{feff}b",
            "a\u{2060}b",
            "a\u{ad}b",
            "a  b",
            "a ",
            "a]",
            "a}",
            "a,b",
            "a, b",
            "a!b",
            "a&b",
            "a*b",
            "a|b",
            "a>b",
            "a%b",
            "a@b",
            "a`b",
            "a'b",
            "a\"b",
            "a\\b",
            "a#b",
            "a:b",
            "a:",
            "a::b",
            "a:/b",
            "http://x/y",
            "a -b",
            "a - b",
            "a ?b",
            "'a'",
            "''",
            "\"\"",
            "'a''b'",
            "'a'''",
            "\"a\\\"\"",
            "\"a\\\\\"",
            "\"\\\\\"",
            "'\\'",
            "' a '",
            "\" a \"",
            "\"a\"b",
            "'a'b",
            "'a' ",
            "\"a\"  ",
            "[a]",
            "[ a ]",
            "[a,b]",
            "[a ,b]",
            "['a' , \"b\"]",
            "[a b]",
            "[1, -1]",
            "[.5, +1, 0o7]",
            "[a]]",
            "[[a]]",
            "[a, [b]]",
            "[a,]",
            "[,a]",
            "['a',]",
            "[a, 'b'c]",
            "[a!b]",
            "[a&b]",
            "[a*b]",
            "[a|b]",
            "[a%b]",
            "[a@b]",
            "[a`b]",
            "[a?b]",
            "[a? b]",
            "[?a]",
            "[a -b]",
            "[a - b]",
            "[~]",
            "[null]",
            "[true, False]",
            "[a\u{2028}]",
            "[ ]",
            "[]",
            "[  ]",
            "[a] ",
            "[a]x",
            "[a] #x",
            "[\"a,b\"]",
            "['a]']",
            "[a\\b]",
            "[\"\\\"\"]",
            "[a/b]",
            "[a.b]",
            "[a=b]",
            "[<<]",
            "[-]",
            "[- a]",
            "[0x_1]",
            "[a b c]",
            "[ a , b ]",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "~a",
            "a~",
            "null ",
            "nulL",
            "tRue",
            "-",
            "--",
            "---",
            "...",
            "a...",
            "... a",
            "--- a",
            "a---",
            "!",
            "a!",
            "&",
            "*",
            "!!str",
            "x!!str",
            "a\u{ffef}",
            "a\u{e2}",
            "é",
            "é",
        ];
        let keys = [
            "title", "e", "inf", "nan", "y", "n", "yes", "Null_", "a-", "a--b", "_", "__", "x_",
            "NaN", "Infinity", "TRUE_", "a1e3", "ee", "E", "title-", "on", "off", "x",
        ];
        let mut read = 0;
        let mut n = 0;
        for v in values {
            for text in [
                format!("title: {v}\n"),
                format!("title: {v}"),
                format!("title: {v}  \n"),
                format!("title:  {v}\nx: 1\n"),
                format!("list:\n  - {v}\n  - b\n"),
                format!("list:\n- {v}\n"),
                format!("list:\n  - {v}\ntitle: a\n"),
                format!("list: [{v}]\n"),
                format!("list: [{v}, b]\n"),
                format!("list: [b, {v}]\n"),
            ] {
                n += 1;
                read += usize::from(read_as_the_library_does(&text));
            }
        }
        for k in keys {
            for text in [
                format!("{k}: a\n"),
                format!("{k}:\n"),
                format!("{k}:\n  - a\n"),
            ] {
                n += 1;
                read += usize::from(read_as_the_library_does(&text));
            }
        }
        for text in [
            "a:\n  b: 1\n",
            "a:\n   b: 1\n",
            "a:\n\n  - x\n",
            "a:\n  - x\n\n  - y\n",
            "a:\n  - x\n - y\n",
            "a:\n  - \n",
            "a:\n  -\n",
            "a:\n  - x\nb:\n",
            "a:\n  - x\n  b: 1\n",
            "a: 1\n\n\n",
            "\n\na: 1\n",
            "a: 1\n---\n",
            "a: 1\n...\n",
            "a: 1\n--- \n",
            "a: 1\n  \n",
            "a: 1\n#c\n",
            "a: 1\nA: 2\n",
            "a: 1\na-: 2\n",
            "a: 1\r\n",
            "\u{feff}a: 1\n",
            "a: 1\u{2028}b: 2\n",
            "a: x\n  - y\n",
            "a:\n  - x\n  - - y\n",
            "a:\n- x\n  - y\n",
            "a:\n  - x\n    - y\n",
            "a:\n  - x\n   y\n",
            "a: x\nb\n",
            "a: x\n b\n",
            "a:\n  - x\n  y\n",
            "a:\n    - x\n    - y\nb: c\n",
            "a: 1\n- x\n",
            "a:\n- x\nb:\n- y\n",
            "a:\n\n",
            "a:\nb:\n",
            "a:   \nb: 1\n",
            "a: [x,\n  y]\n",
            "a: 'x\n  y'\n",
            "a: \"x\n y\"\n",
        ] {
            n += 1;
            read += usize::from(read_as_the_library_does(text));
        }
        assert!(read > n / 2, "{read} of {n}");
    }

    /// The front matter of a page's text: the lines between a first `---` line and the next
    /// `---` or `...` line (all of it when there is no closing line).
    fn front_matter(text: &str) -> Option<&str> {
        let rest = text.strip_prefix("---\n")?;
        let end = ["\n---", "\n..."]
            .iter()
            .filter_map(|close| rest.find(close))
            .min()
            .map_or(rest.len(), |end| end + 1);
        Some(&rest[..end])
    }

    /// Every file under `dir` (the repository's tests, sample site and docs).
    fn files_under(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files_under(&path, found);
            } else {
                found.push(path);
            }
        }
    }

    /// The front matters written in Rust tests' strings (`"---\ntitle: A\n---\n"`), roughly
    /// unescaped: any text is a fair test, read here or not.
    fn front_matters_in_rust(source: &str) -> Vec<String> {
        source
            .split("---\\n")
            .skip(1)
            .step_by(2)
            .map(|front| {
                front
                    .replace("\\n", "\n")
                    .replace("\\\"", "\"")
                    .replace("\\\\", "\\")
            })
            .collect()
    }

    #[test]
    fn every_front_matter_in_the_repository_reads_as_the_library_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["tests", "content", "docs", "src"] {
            files_under(&root.join(dir), &mut files);
        }
        let (mut read_here, mut texts) = (0, 0);
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let text = text.replace("\r\n", "\n");
            let fronts: Vec<String> = match path.extension().and_then(|e| e.to_str()) {
                Some("md") => front_matter(&text)
                    .map(str::to_string)
                    .into_iter()
                    .collect(),
                Some("yaml" | "yml") => vec![text.clone()],
                Some("rs") => front_matters_in_rust(&text),
                _ => continue,
            };
            for front in fronts {
                texts += 1;
                read_here += usize::from(read_as_the_library_does(&front));
            }
        }
        assert!(texts > 1000 && read_here > 300, "{read_here} of {texts}");
    }

    /// A small random number generator (xorshift), seeded: the same texts every run.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }
    }

    const KEYS: &[&str] = &[
        "title",
        "description",
        "categories",
        "date",
        "weight",
        "a-b",
        "_x",
        "e",
        "Title",
        "draft",
        "slug",
        "aliases",
        "extra",
        "lang",
        "x1",
        "nullish",
        "True_",
    ];
    const ODD_KEYS: &[&str] = &[
        "true",
        "null",
        "1",
        "~",
        "\"title\"",
        "'t'",
        "-x",
        "x y",
        "? x",
        "title ",
        "a#b",
    ];
    const SEPARATORS: &[&str] = &[": ", ":  "];
    const ODD_SEPARATORS: &[&str] = &[":", ": \t", ":\t", " : ", "::", ":\u{a0}"];
    const WORDS: &[&str] = &[
        "Sleep",
        "Grief & Loss",
        "whānau",
        "Ōtautahi",
        "a b",
        "C#",
        "a:b",
        "x/y",
        "It's",
        "1",
        "-5",
        "+5",
        "-0",
        "0",
        "1.5",
        "1e3",
        "2024-01-01",
        "0x1F",
        "0o17",
        "0b11",
        ".inf",
        "-.Inf",
        ".nan",
        "inf",
        "nan",
        "0755",
        "-01",
        "1_000",
        "~",
        "null",
        "Null",
        "true",
        "False",
        "yes",
        "99999999999999999999",
        "-99999999999999999999",
        "<<",
        "=",
    ];
    const SPECIALS: &[&str] = &[
        "a: b",
        "a:",
        " #c",
        "#",
        "'",
        "\"",
        "\\\"",
        "\\\\",
        "\\n",
        "\\x41",
        "[",
        "]",
        "[a, b]",
        "[\"a\", 'b']",
        "[a, , b]",
        "[a,]",
        "[]",
        "[ ]",
        "[a:b]",
        "{a: 1}",
        "{",
        "}",
        ",",
        ", ",
        "-",
        "- ",
        "&a",
        "*a",
        "!x",
        "!!str",
        "|",
        ">",
        "%",
        "@",
        "`",
        "?",
        ":",
        "\"quoted\"",
        "'it''s'",
        "\"a\\\"b\"",
        "\u{a0}",
        "\t",
        " ",
        "  ",
        "e\u{301}",
        "\u{2028}",
        "\u{85}",
        "\u{feff}",
        "\u{7}",
        "\r",
        "\u{200b}",
    ];

    /// A value of one to three words, each a special one `specials` times in ten.
    fn value(random: &mut Random, specials: usize) -> String {
        let mut value = String::new();
        for _ in 0..=random.below(3) {
            if random.below(10) >= specials {
                value.push_str(random.pick(WORDS));
            } else {
                value.push_str(random.pick(SPECIALS));
            }
        }
        match random.below(8) {
            0 => format!("\"{value}\""),
            1 => format!("'{value}'"),
            2 => format!("[{value}, {}]", random.pick(WORDS)),
            _ => value,
        }
    }

    /// One of `usual`, or one of `odd` `specials` times in ten.
    fn either<'a>(
        random: &mut Random,
        specials: usize,
        usual: &[&'a str],
        odd: &[&'a str],
    ) -> &'a str {
        if random.below(10) < specials {
            random.pick(odd)
        } else {
            random.pick(usual)
        }
    }

    fn line(random: &mut Random, specials: usize) -> String {
        match random.below(10) {
            0 => format!(
                "{}{}{}",
                " ".repeat(random.below(4)),
                either(random, specials, &["- ", "-  "], &["-", "- - ", "-\t"]),
                value(random, specials)
            ),
            1 if random.below(10) < specials => {
                random.pick(&[" ", "# note", "---", "  "]).to_string()
            }
            1 => String::new(),
            2 => format!(
                "{}{}",
                either(random, specials, KEYS, ODD_KEYS),
                either(random, specials, &[":", ": "], &["::", ": #", ":\t"])
            ),
            _ => format!(
                "{}{}{}",
                either(random, specials, KEYS, ODD_KEYS),
                either(random, specials, SEPARATORS, ODD_SEPARATORS),
                value(random, specials)
            ),
        }
    }

    #[test]
    fn generated_front_matter_reads_as_the_library_reads_it() {
        let mut random = Random(0x2545_f491_4f6c_dd1d);
        let mut read_here = 0;
        let cases = 100_000;
        for _ in 0..cases {
            // Some texts hold no special words at all, so that many are read here.
            let specials = random.below(4);
            let lines: Vec<String> = (0..=random.below(5))
                .map(|_| line(&mut random, specials))
                .collect();
            let text = lines.join("\n") + ["\n", ""][random.below(2)];
            read_here += usize::from(read_as_the_library_does(&text));
        }
        // Enough of them are read here for the comparison to mean something.
        assert!(read_here > cases / 5, "{read_here} of {cases}");
    }
}
