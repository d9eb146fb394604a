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

/// Whether an ASCII byte is a letter or digit, without branches (`| 0x20` lowercases a letter
/// and moves no other byte into `a..=z`), so that a block of them is compared at once.
pub fn is_word_byte(byte: u8) -> bool {
    ((byte | 0x20).wrapping_sub(b'a') < 26) | (byte.wrapping_sub(b'0') < 10)
}

/// Bit `i` set where `block[i]` (of up to 64 bytes) is a letter or digit. The bytes' flags are
/// made side by side into an array the compiler turns into vector code, and each 8 of them
/// (bytes of 0 or 1) gathered into 8 bits by one multiplication: flag `i` of a group lands on
/// bit 56 + `i` of the product, and no two partial products share a bit, so nothing carries.
pub fn word_mask(block: &[u8]) -> u64 {
    let mut flags = [0u8; 64];
    for (flag, byte) in flags.iter_mut().zip(block) {
        *flag = u8::from(is_word_byte(*byte));
    }
    let mut mask = 0u64;
    for (group, eight) in flags.chunks_exact(8).enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(eight);
        let gathered = u64::from_le_bytes(bytes).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= gathered << (group * 8);
    }
    mask
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_bytes_are_the_ascii_letters_and_digits() {
        for byte in 0..=255u8 {
            assert_eq!(is_word_byte(byte), byte.is_ascii_alphanumeric(), "{byte}");
        }
        let block: Vec<u8> = (0..64u8)
            .map(|i| if i % 3 == 0 { b'a' } else { b' ' })
            .collect();
        let expected = (0..64).filter(|i| i % 3 == 0).fold(0u64, |m, i| m | 1 << i);
        assert_eq!(word_mask(&block), expected);
    }
}
