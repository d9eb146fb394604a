//! Text held compressed: the rendered body of every page waits in memory from the Markdown
//! pass until its page is written, and HTML compresses about four to one. LZ4 because it packs
//! and unpacks at several hundred megabytes a second per core, so holding a 100,000-page site
//! costs a few percent of the build's time instead of gigabytes of memory.

/// UTF-8 text compressed with LZ4 (its length prepended).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct PackedText(Vec<u8>);

impl PackedText {
    pub fn pack(text: &str) -> PackedText {
        if text.is_empty() {
            return PackedText::default();
        }
        PackedText(lz4_flex::compress_prepend_size(text.as_bytes()))
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
}
