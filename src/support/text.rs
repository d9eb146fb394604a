//! Unicode text as the site compares it.

/// `text` in Unicode's composed form (NFC): `ā` typed as one character and as `a` plus a
/// combining macron look the same and must be the same title, category or slug.
pub fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

/// `c` named for a message: `` `"` `` as written, but a space as "a space" and a character that
/// cannot be seen or printed (a control character, U+200B) by its code, `U+001B` (Rust's
/// `'\u{1b}'` is an escape the editor never typed).
pub fn char_name(c: char) -> String {
    if c == ' ' {
        "a space".into()
    } else if c.is_control() || c.is_whitespace() || crate::support::diagnostic::is_invisible(c) {
        format!("the character U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

/// Whether the byte at `at` of `bytes` is escaped: an odd number of backslashes stands right
/// before it (`\]`, `\{`), as Markdown reads them.
pub fn escaped_at(bytes: &[u8], at: usize) -> bool {
    let backslashes = bytes[..at.min(bytes.len())]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count();
    backslashes % 2 == 1
}
