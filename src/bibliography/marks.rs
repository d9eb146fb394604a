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

/// Each kind of formatting in `format`: whether it is on, and its opening and closing marks,
/// in the order they open.
fn switches(format: Format) -> [(bool, char, char); 5] {
    [
        (format.italic, ITALIC_ON, ITALIC_OFF),
        (format.bold, BOLD_ON, BOLD_OFF),
        (format.small_caps, SMALL_CAPS_ON, SMALL_CAPS_OFF),
        (format.sup, SUP_ON, SUP_OFF),
        (format.sub, SUB_ON, SUB_OFF),
    ]
}

/// Writes the marks that switch `format` on.
pub fn open(format: Format, out: &mut String) {
    out.extend(
        switches(format)
            .into_iter()
            .filter_map(|(on, mark, _)| on.then_some(mark)),
    );
}

/// Writes the marks that switch `format` off, in reverse order.
pub fn close(format: Format, out: &mut String) {
    out.extend(
        switches(format)
            .into_iter()
            .rev()
            .filter_map(|(on, _, mark)| on.then_some(mark)),
    );
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
