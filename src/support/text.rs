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

/// Bit `i` set where `block[i]` (of up to 64 bytes; the rest are not read) is a letter or
/// digit: 8 bytes at a time ([`word_bits`]), and only as many eights as the block holds. Most
/// texts are short (a list item, a heading, the words between two links), and flags for all 64
/// bytes of a block, made side by side, cost hundreds of instructions for each.
pub fn word_mask(block: &[u8]) -> u64 {
    let block = &block[..block.len().min(64)];
    let (eights, rest) = block.as_chunks::<8>();
    let mut mask = 0u64;
    for (group, eight) in eights.iter().enumerate() {
        mask |= word_bits(u64::from_le_bytes(*eight)) << (group * 8);
    }
    if !rest.is_empty() {
        let mut eight = [0u8; 8];
        eight[..rest.len()].copy_from_slice(rest);
        mask |= word_bits(u64::from_le_bytes(eight)) << (eights.len() * 8);
    }
    mask
}

/// Each byte of `x` as 8 bytes (`u64::from_le_bytes`), 1 in bit `i` where byte `i` is an
/// ASCII letter or digit ([`is_word_byte`]), worked out for the 8 bytes at once. Each byte's
/// top bit is put aside first, so that no sum below carries into the next byte: the sum of a
/// byte under 0x80 and a number under 0x80 has its top bit set when the byte is at least
/// 0x80 less that number (`b + 0x1F` when `b >= 0x61`, `a`). The byte's flag lands in its top
/// bit, and the 8 flags are gathered by one multiplication: flag `i` of `(flags >> 7)` lands on
/// bit 56 + `i` of the product, and no two partial products share a bit, so nothing carries.
fn word_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = ONES * 0x80;
    let low = x & !TOPS;
    // `| 0x20` lowercases a letter and moves no other byte into `a..=z`.
    let lower = low | ONES * 0x20;
    let letter = lower.wrapping_add(ONES * (0x80 - u64::from(b'a')))
        & !lower.wrapping_add(ONES * (0x80 - u64::from(b'z') - 1));
    let digit = low.wrapping_add(ONES * (0x80 - u64::from(b'0')))
        & !low.wrapping_add(ONES * (0x80 - u64::from(b'9') - 1));
    // A byte whose own top bit is set (not ASCII) is no letter.
    let flags = (letter | digit) & !x & TOPS;
    (flags >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
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
        // Every byte at every place of blocks of every length, beside every other byte.
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev().step_by(3)).collect();
        for len in 0..=64 {
            for from in 0..bytes.len() - len {
                let block = &bytes[from..from + len];
                let expected = (0..len)
                    .filter(|&i| block[i].is_ascii_alphanumeric())
                    .fold(0u64, |m, i| m | 1 << i);
                assert_eq!(word_mask(block), expected, "{block:?}");
            }
        }
    }
}
