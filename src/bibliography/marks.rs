//! Formatting inside field values (an italic word in a title, a quotation), carried through
//! hayagriva as private-use characters and turned into HTML by the writer.
//!
//! hayagriva's values are plain strings: it has no way to say "this word is italic". These
//! characters pass through it untouched (they are neither letters nor spaces), and no real
//! bibliography contains them: the decoders drop any that a file holds.

use super::latex::Format;

pub const ITALIC_ON: char = '\u{E000}';
pub const ITALIC_OFF: char = '\u{E001}';
pub const BOLD_ON: char = '\u{E002}';
pub const BOLD_OFF: char = '\u{E003}';
pub const SMALL_CAPS_ON: char = '\u{E004}';
pub const SMALL_CAPS_OFF: char = '\u{E005}';
pub const SUP_ON: char = '\u{E006}';
pub const SUP_OFF: char = '\u{E007}';
pub const SUB_ON: char = '\u{E008}';
pub const SUB_OFF: char = '\u{E009}';
/// A quotation's opening and closing marks: the writer prints the locale's.
pub const QUOTE_OPEN: char = '\u{E00A}';
pub const QUOTE_CLOSE: char = '\u{E00B}';

/// Whether `c` is one of these marks (or another character of the block they come from).
pub fn is_mark(c: char) -> bool {
    ('\u{E000}'..='\u{E00F}').contains(&c)
}

/// Writes the marks that switch `format` on.
pub fn open(format: Format, out: &mut String) {
    for (on, mark) in [
        (format.italic, ITALIC_ON),
        (format.bold, BOLD_ON),
        (format.small_caps, SMALL_CAPS_ON),
        (format.sup, SUP_ON),
        (format.sub, SUB_ON),
    ] {
        if on {
            out.push(mark);
        }
    }
}

/// Writes the marks that switch `format` off, in reverse order.
pub fn close(format: Format, out: &mut String) {
    for (on, mark) in [
        (format.sub, SUB_OFF),
        (format.sup, SUP_OFF),
        (format.small_caps, SMALL_CAPS_OFF),
        (format.bold, BOLD_OFF),
        (format.italic, ITALIC_OFF),
    ] {
        if on {
            out.push(mark);
        }
    }
}

/// Text without any marks (quotation marks as “ ”), for sorting, suffix groups and plain
/// output.
pub fn strip(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            QUOTE_OPEN => Some('“'),
            QUOTE_CLOSE => Some('”'),
            c if is_mark(c) => None,
            c => Some(c),
        })
        .collect()
}
