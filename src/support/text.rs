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
