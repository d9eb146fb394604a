//! HTML character references (`&nbsp;`, `&rsquo;`, `&#8217;`) in YAML values, as WordPress
//! and web pages hand them to editors. YAML values are plain text, printed escaped, so a
//! reference would reach readers as the letters `&nbsp;`: the common ones are read as the
//! character they stand for, each with a warning naming the character to type instead.
//! Decoding cannot make markup: the character is text, escaped wherever it is printed.

use crate::support::char_refs::{self, Reference};
use crate::support::escape;

/// One reference read as its character: as written (`&nbsp;`), and the character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub written: String,
    pub character: char,
}

/// `text` with the references it holds read as their characters (`None` when it holds
/// none), and each distinct reference, first found first. A numeric reference to a character
/// no page may hold (`&#0;`, `&#xFFFE;`) or to no character at all is left as written: a
/// value is the editor's to mend, and U+FFFD there would hide what was meant.
pub fn decode(text: &str) -> Option<(String, Vec<Decoded>)> {
    let mut found: Vec<Decoded> = Vec::new();
    // A value may hold thousands of distinct references: each is listed once.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let decoded = char_refs::decode(text, |written, reference| match reference {
        Reference::Character(character) if !escape::forbidden_in_markup(character) => {
            if seen.insert(written.to_string()) {
                found.push(Decoded {
                    written: written.to_string(),
                    character,
                });
            }
            Some(character)
        }
        Reference::Character(_) | Reference::NoCharacter => None,
    });
    (!found.is_empty()).then(|| (decoded.into_owned(), found))
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
        // Surrogates and numbers past any character are left too; the punctuation names an
        // address may hold are read, as in raw HTML (one table serves both decoders).
        assert_eq!(decode("&#xD800; &#99999999999999999999; &#+47;"), None);
        assert_eq!(decode("a&sol;b&AMP;c").unwrap().0, "a/b&c");
        // `&#150;`, pasted from Word through WordPress, is `–` as a browser shows it; `&#129;`
        // (unused in Windows-1252) stays a control character, so it is left as written.
        let (text, found) = decode("9&#150;5 &#129;").unwrap();
        assert_eq!(text, "9–5 &#129;");
        assert_eq!(found[0].character, '–');
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
