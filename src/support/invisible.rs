//! Invisible characters pasted from a word processor or a web page (line and paragraph
//! separators, zero-width spaces, direction controls): what each does, for the warning that
//! names it, and the warnings for a file's text. Front matter, site.yaml, the glossary and a
//! page's body are all warned of them.

use std::path::Path;

use crate::support::diagnostic::{Code, Diagnostic, LineIndex};

/// How many of a file's invisible characters are reported; the rest are counted.
pub const INVISIBLE_SHOWN: usize = 5;

/// An invisible character that front matter may hold, warned of by what it does: line and
/// paragraph separators (U+2028, U+2029) break the text; zero-width spaces and joiners of
/// words and byte order marks (U+200B, U+2060, U+FEFF) hide words from a search; direction
/// controls (U+202A to U+202E, U+2066 to U+2069: a right-to-left override shows the text after
/// it reversed, and can make a title read as something else) change how it is shown.
/// Zero-width (non-)joiners (U+200C, U+200D) are left alone: scripts and emoji need them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Invisible {
    LineSeparator,
    ParagraphSeparator,
    ZeroWidth,
    Direction,
}

impl Invisible {
    fn of(c: char) -> Option<Invisible> {
        Some(match c {
            '\u{2028}' => Invisible::LineSeparator,
            '\u{2029}' => Invisible::ParagraphSeparator,
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' => Invisible::ZeroWidth,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Invisible::Direction,
            _ => return None,
        })
    }
}

/// The warning for `c`, a character [`Invisible`] names: what it is and what it does ("an
/// invisible direction control, U+202E: browsers show the text after it in another
/// direction, so it may read as something else"). Shared by front matter and the body.
pub fn invisible_message(c: char) -> String {
    let (name, effect) = match Invisible::of(c) {
        Some(Invisible::LineSeparator) => (
            "an invisible line separator",
            "browsers break the text there",
        ),
        Some(Invisible::ParagraphSeparator) => (
            "an invisible paragraph separator",
            "browsers break the text there",
        ),
        Some(Invisible::Direction) => (
            "an invisible direction control",
            "browsers show the text after it in another direction, so it may read as something else",
        ),
        Some(Invisible::ZeroWidth) => (
            "an invisible zero-width character",
            "readers cannot see it, and a search for the words around it misses them",
        ),
        None => (
            "an invisible character",
            "readers cannot see it, and a search for the words around it misses them",
        ),
    };
    format!("{name}, U+{:04X}: {effect}", c as u32)
}

/// Whether `c` is one of the invisible characters front matter is warned of: a line or
/// paragraph separator, a zero-width space or a direction control (see [`invisible_message`]).
pub fn is_invisible_in_front_matter(c: char) -> bool {
    Invisible::of(c).is_some()
}

/// The help of [`invisible_message`]'s warning.
pub const INVISIBLE_HINT: &str = "it usually comes from pasting from a word processor or a web page; delete it (or replace a separator with a space)";

/// Whether `c` is a line or paragraph separator or a direction control: the [`Invisible`]
/// characters a page's body is warned of (zero-width spaces there are left alone: they may be
/// meant, as places a long word may break). The UTF-8 of each starts with the byte 0xE2.
pub fn breaks_or_turns_text(c: char) -> bool {
    Invisible::of(c).is_some_and(|kind| kind != Invisible::ZeroWidth)
}

/// A warning at each [`Invisible`] character in `text[range]` (of the file shown as `shown`),
/// the first [`INVISIBLE_SHOWN`], then a count at the next: front matter, site.yaml and the
/// glossary, whose text becomes titles, names and meanings on every page. `whole` names the
/// place for the count ("the front matter").
pub fn invisible_in(
    shown: &Path,
    text: &str,
    range: std::ops::Range<usize>,
    whole: &str,
) -> Vec<Diagnostic> {
    // The UTF-8 of every such character starts with the byte 0xE2 (U+2028, U+200B, U+202E...)
    // or 0xEF (U+FEFF): text without either, most, is neither indexed by lines nor read a
    // character at a time.
    if memchr::memchr2(0xE2, 0xEF, &text.as_bytes()[range.clone()]).is_none() {
        return Vec::new();
    }
    let lines = LineIndex::new(&text[..range.end]);
    let at = |d: Diagnostic, (line, column): (usize, usize)| {
        d.in_file(shown).at_indexed(&lines, line, column)
    };
    let found: Vec<(usize, char)> = text[range.clone()]
        .char_indices()
        .filter(|&(_, c)| Invisible::of(c).is_some())
        .collect();
    let mut warnings: Vec<Diagnostic> = found
        .iter()
        .take(INVISIBLE_SHOWN)
        .map(|&(offset, c)| {
            at(
                Diagnostic::warning(Code::InvisibleCharacter, invisible_message(c)),
                lines.line_col(range.start + offset),
            )
            .with_hint(INVISIBLE_HINT)
        })
        .collect();
    // The rest are counted, at the first of them.
    if let Some(&(offset, _)) = found.get(INVISIBLE_SHOWN) {
        warnings.push(at(
            Diagnostic::warning(
                Code::InvisibleCharacter,
                format!(
                    "{} more invisible characters like these are in {whole}, the first here",
                    found.len() - INVISIBLE_SHOWN
                ),
            ),
            lines.line_col(range.start + offset),
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_invisible_character_starts_with_a_byte_text_is_searched_for() {
        // `invisible_in` reads text a character at a time only when it holds one of these.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if Invisible::of(c).is_some() {
                let first = c.to_string().as_bytes()[0];
                assert!(matches!(first, 0xE2 | 0xEF), "U+{:04X}", c as u32);
            }
        }
    }
}
