//! Text held compressed: the rendered body of every page waits in memory from the Markdown
//! pass until its page is written, and HTML compresses about four to one. LZ4 because it packs
//! and unpacks at several hundred megabytes a second per core, so holding a 100,000-page site
//! costs a few percent of the build's time instead of gigabytes of memory.

use std::cell::RefCell;

use lz4_flex::block::{CompressTable, compress_into_with_table, get_maximum_output_size};

/// UTF-8 text compressed with LZ4 (its length prepended).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct PackedText(Vec<u8>);

thread_local! {
    /// Each thread's LZ4 hash table and output buffer, reused from page to page: a fresh
    /// worst-case buffer a page, shrunk (and so copied) to fit, cost more than the packing.
    static SCRATCH: RefCell<(CompressTable, Vec<u8>)> = RefCell::new((CompressTable::default(), Vec::new()));
}

/// Inputs from this size on do not leave their buffer (or large table) behind in the thread.
const KEPT_SCRATCH: usize = 1 << 16;

impl PackedText {
    pub fn pack(text: &str) -> PackedText {
        if text.is_empty() {
            return PackedText::default();
        }
        let input = text.as_bytes();
        SCRATCH.with_borrow_mut(|(table, out)| {
            out.resize(get_maximum_output_size(input.len()), 0);
            // The layout `compress_prepend_size` writes: the length (LE u32), then the block.
            let packed = match compress_into_with_table(input, out, table) {
                Ok(len) => {
                    let mut bytes = Vec::with_capacity(4 + len);
                    bytes.extend_from_slice(&(input.len() as u32).to_le_bytes());
                    bytes.extend_from_slice(&out[..len]);
                    bytes
                }
                Err(_) => lz4_flex::compress_prepend_size(input),
            };
            if input.len() >= KEPT_SCRATCH {
                *table = CompressTable::default();
                *out = Vec::new();
            }
            PackedText(packed)
        })
    }

    /// The text again. Only [`PackedText::pack`] makes these bytes, so they always unpack;
    /// were they ever damaged, the loss shows as U+FFFD in the page rather than a crash.
    pub fn unpack(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        match lz4_flex::decompress_size_prepended(&self.0) {
            Ok(bytes) => String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            Err(_) => "\u{FFFD}".to_string(),
        }
    }

    /// Bytes held.
    pub fn packed_len(&self) -> usize {
        self.0.len()
    }
}

impl std::fmt::Debug for PackedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PackedText").field(&self.unpack()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_comes_back_as_it_went_in_and_html_packs_small() {
        let html = "<p>Kia ora <span lang=\"mi\">whānau</span>.</p>\n".repeat(200);
        let packed = PackedText::pack(&html);
        assert_eq!(packed.unpack(), html);
        assert!(
            packed.packed_len() * 4 < html.len(),
            "{}",
            packed.packed_len()
        );
        assert_eq!(PackedText::pack("").unpack(), "");
        assert_eq!(PackedText::pack("ā").unpack(), "ā");
    }

    #[test]
    fn the_reused_buffers_pack_as_lz4_flex_does_at_any_size() {
        let small = "kia ora ".repeat(30);
        let large = "whānau hauora ".repeat(10_000);
        for text in [small.as_str(), large.as_str(), small.as_str(), "x"] {
            let packed = PackedText::pack(text);
            assert_eq!(packed.0, lz4_flex::compress_prepend_size(text.as_bytes()));
            assert_eq!(packed.unpack(), text);
        }
    }
}
