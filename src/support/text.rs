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
/// (Eight bytes at a time in one 64-bit number, with sums kept from carrying between bytes,
/// measured slower in the release build, whose vector code does 16 at once.)
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

/// A block of up to 64 bytes of a text, as [`word_blocks`] reads it.
pub struct WordBlock {
    /// Where it starts in the text.
    pub offset: usize,
    /// Its letters and digits ([`word_mask`]).
    pub mask: u64,
    /// Where a word starts in it: a letter or digit after anything else (the previous block's
    /// last byte counted).
    pub starts: u64,
}

/// The 64-byte blocks of `bytes` (the last may be shorter), with their words' starts.
pub fn word_blocks(bytes: &[u8]) -> impl Iterator<Item = WordBlock> + '_ {
    let mut before = 0u64;
    bytes.chunks(64).enumerate().map(move |(n, block)| {
        let mask = word_mask(block);
        let starts = mask & !((mask << 1) | before);
        before = mask >> 63;
        WordBlock {
            offset: n * 64,
            mask,
            starts,
        }
    })
}

/// Calls `each` with where each word (run of ASCII letters and digits) of `bytes` is, in
/// order, found from [`word_blocks`]' masks rather than byte by byte, in one loop over the
/// blocks (nested iterators cost more): the glossary's search and a page's word statistics
/// read every word of every text. A word ends at the first clear bit of its block's mask after
/// its start; only one reaching the block's end is followed byte by byte.
pub fn for_each_ascii_word(bytes: &[u8], mut each: impl FnMut(std::ops::Range<usize>)) {
    for WordBlock {
        offset,
        mask,
        mut starts,
    } in word_blocks(bytes)
    {
        while starts != 0 {
            let bit = starts.trailing_zeros();
            starts &= starts - 1;
            let start = offset + bit as usize;
            // Zeros are shifted in from the top: a word running to the block's end has no
            // clear bit after it here.
            let len = (!mask >> bit).trailing_zeros();
            let end = if bit + len < 64 {
                start + len as usize
            } else {
                bytes[start..]
                    .iter()
                    .position(|b| !is_word_byte(*b))
                    .map_or(bytes.len(), |len| start + len)
            };
            each(start..end);
        }
    }
}

/// The words of `bytes` ([`for_each_ascii_word`]) into `words`, which is cleared first: a
/// list kept and reused, so that one walk over a text feeds every pass that reads its words.
pub fn ascii_word_ranges(bytes: &[u8], words: &mut Vec<std::ops::Range<usize>>) {
    words.clear();
    for_each_ascii_word(bytes, |range| words.push(range));
}

/// Whether `text` holds nothing a screen reader reads as a name: only white space and
/// characters that cannot be seen (a zero-width space, a soft hyphen), which alt text or a
/// link's text made only of them is as empty as nothing (`[&#8203;](sleep.md)`).
pub fn nothing_to_read(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || crate::support::diagnostic::is_invisible(c)
            // Variation selectors (which only change the character before them), the Braille
            // blank and the Hangul fillers: shown as nothing, read as nothing.
            || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{2800}' | '\u{3164}' | '\u{FFA0}')
    })
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
    fn ascii_words_are_the_runs_of_letters_and_digits() {
        for text in [
            String::new(),
            "a".into(),
            " a b ".into(),
            "don't stop x1 y2--z3".into(),
            "ab cde, f".repeat(40),
            format!("{}b c", "a".repeat(63)),
            format!("{} b", " ".repeat(63)),
            format!("{} {}", "c".repeat(63), "d".repeat(64)),
            format!("{} ab", "e".repeat(61)),
            "x".repeat(200),
            (0..=127u8)
                .cycle()
                .take(64 * 5 + 7)
                .map(char::from)
                .collect(),
        ] {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let mut found = Vec::new();
            for_each_ascii_word(text.as_bytes(), |r| found.push(&text[r]));
            assert_eq!(found, expected, "{text:?}");
            // The list is cleared first.
            let mut ranges = vec![5..6, 7..9];
            ascii_word_ranges(text.as_bytes(), &mut ranges);
            let walked: Vec<&str> = ranges.into_iter().map(|r| &text[r]).collect();
            assert_eq!(walked, expected, "{text:?}");
        }
    }

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
        // Every byte at every place of blocks of every length, among bytes of every kind.
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev().step_by(3)).collect();
        for len in 0..=64 {
            for from in 0..=bytes.len() - len {
                let block = &bytes[from..from + len];
                let expected = (0..len)
                    .filter(|&i| block[i].is_ascii_alphanumeric())
                    .fold(0u64, |m, i| m | 1 << i);
                assert_eq!(word_mask(block), expected, "{block:?}");
            }
        }
    }
}
