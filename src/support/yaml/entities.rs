//! HTML character references (`&nbsp;`, `&rsquo;`, `&#8217;`) in YAML values, as WordPress
//! and web pages hand them to editors. YAML values are plain text, printed escaped, so a
//! reference would reach readers as the letters `&nbsp;`: the common ones are read as the
//! character they stand for, each with a warning naming the character to type instead.
//! Decoding cannot make markup: the character is text, escaped wherever it is printed.

use crate::support::escape;

/// The named references an export or a copy from a web page brings; others are left as
/// written (`R&D;` is no reference).
const NAMED: &[(&str, char)] = &[
    ("nbsp", '\u{a0}'),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("shy", '\u{ad}'),
    ("zwsp", '\u{200b}'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
    ("thinsp", '\u{2009}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("times", '×'),
    ("divide", '÷'),
    ("plusmn", '±'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("euro", '€'),
    ("pound", '£'),
    ("cent", '¢'),
    ("sect", '§'),
    ("para", '¶'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("amacr", 'ā'),
    ("emacr", 'ē'),
    ("imacr", 'ī'),
    ("omacr", 'ō'),
    ("umacr", 'ū'),
    ("Amacr", 'Ā'),
    ("Emacr", 'Ē'),
    ("Imacr", 'Ī'),
    ("Omacr", 'Ō'),
    ("Umacr", 'Ū'),
    ("aacute", 'á'),
    ("eacute", 'é'),
    ("iacute", 'í'),
    ("oacute", 'ó'),
    ("uacute", 'ú'),
    ("agrave", 'à'),
    ("egrave", 'è'),
    ("ecirc", 'ê'),
    ("auml", 'ä'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("ccedil", 'ç'),
    ("ntilde", 'ñ'),
    ("szlig", 'ß'),
    ("Eacute", 'É'),
];

/// One reference read as its character: as written (`&nbsp;`), and the character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub written: String,
    pub character: char,
}

/// `text` with the references it holds read as their characters (`None` when it holds
/// none), and each distinct reference, first found first. A numeric reference to a character
/// no page may hold (`&#0;`, `&#xFFFE;`) or to no character at all is left as written.
pub fn decode(text: &str) -> Option<(String, Vec<Decoded>)> {
    if !text.contains('&') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut found: Vec<Decoded> = Vec::new();
    // A value may hold thousands of distinct references: each is looked up once.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        match reference(after) {
            Some((len, character)) => {
                out.push(character);
                let written = &after[..len];
                if seen.insert(written) {
                    found.push(Decoded {
                        written: written.to_string(),
                        character,
                    });
                }
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    (!found.is_empty()).then_some((out, found))
}

/// The reference `text` starts with (at its `&`): its length in bytes and its character.
fn reference(text: &str) -> Option<(usize, char)> {
    let semicolon = text.get(..34).unwrap_or(text).find(';')?;
    let name = &text[1..semicolon];
    let character = if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            None if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) => {
                number.parse().ok()?
            }
            _ => return None,
        };
        char::from_u32(value).filter(|c| !escape::forbidden_in_markup(*c))?
    } else {
        NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)?
    };
    Some((semicolon + 1, character))
}

/// What to type instead of `written`, a reference to `c`: a warning's help.
pub fn what_to_type(written: &str, c: char) -> String {
    match c {
        '\u{a0}' => format!("type a non-breaking space or a plain space in place of `{written}`"),
        c if c.is_whitespace() || c.is_control() || is_invisible(c) => format!(
            "take `{written}` out, or type the character itself (U+{:04X}) in its place",
            c as u32
        ),
        c => format!("type `{c}` in place of `{written}`"),
    }
}

/// What the warning calls `c`: the character in backticks, or its code when it shows as
/// nothing.
pub fn named(c: char) -> String {
    match c {
        '\u{a0}' => "a non-breaking space (U+00A0)".into(),
        c if c.is_whitespace() || c.is_control() || is_invisible(c) => {
            format!("the invisible character U+{:04X}", c as u32)
        }
        c => format!("`{c}`"),
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_references_are_read_and_others_left_as_written() {
        let (text, found) = decode("It&rsquo;s ok&nbsp;now &amp; &#8211; &#x2019;").unwrap();
        assert_eq!(text, "It’s ok\u{a0}now & – ’");
        let written: Vec<&str> = found.iter().map(|d| d.written.as_str()).collect();
        assert_eq!(
            written,
            ["&rsquo;", "&nbsp;", "&amp;", "&#8211;", "&#x2019;"]
        );
        // Not references, or ones to characters no page may hold: left as written.
        for text in [
            "R&D; A & B",
            "&#0; &#xFFFE; &#x110000; &#; &#x; &unknown; &nbsp",
            "&",
            "&&amp",
        ] {
            assert_eq!(decode(text), None, "{text}");
        }
        // Markup stays text: decoding gives `<`, which is escaped where it is printed.
        assert_eq!(decode("&lt;b&gt;").unwrap().0, "<b>");
        assert_eq!(decode("&amp;nbsp;").unwrap().0, "&nbsp;");
        assert_eq!(
            what_to_type("&nbsp;", '\u{a0}'),
            "type a non-breaking space or a plain space in place of `&nbsp;`"
        );
        assert_eq!(
            what_to_type("&#8217;", '’'),
            "type `’` in place of `&#8217;`"
        );
        assert!(named('\u{200b}').contains("U+200B"));
    }
}
