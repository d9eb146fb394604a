//! Text held compressed: the rendered body of every page waits in memory from the Markdown
//! pass until its page is written, and HTML compresses about four to one. LZ4 because it packs
//! and unpacks at several hundred megabytes a second per core, so holding a 100,000-page site
//! costs a few percent of the build's time instead of gigabytes of memory.
//!
//! The first [`PLAIN_BUDGET`] bytes held at once are held as they are: a site whose text fits
//! in that is never packed and unpacked at all (packing was 5% of a 1,000-page build's
//! instructions, unpacking 1.6%), and a larger one holds at most that much more than if
//! everything were packed, so memory still does not grow with the site.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

use lz4_flex::block::{CompressTable, compress_into_with_table, get_maximum_output_size};

/// UTF-8 text, held as it is while the process holds less than [`PLAIN_BUDGET`] bytes of such
/// text, else compressed with LZ4 (its length prepended). Two hold the same text whichever
/// way each holds it: they are equal, and hash alike.
#[derive(Default)]
pub struct PackedText(Held);

#[derive(Default)]
enum Held {
    #[default]
    Empty,
    /// Counted in [`PLAIN_HELD`] until dropped.
    Plain(Box<str>),
    Packed(Vec<u8>),
}

/// How many bytes of text may be held unpacked at once, across the process. 12 MiB: a
/// 1,000-page site's bodies (~8 MB) fit; at 10,000 pages each MiB held plain costs up to a
/// MiB of peak memory, which must stay under 150 MB. It was 8 MiB until what every page
/// holds besides its body was trimmed by about as much as the 4 MiB more cost (16 MiB
/// reached 149 MB before that trim).
pub const PLAIN_BUDGET: usize = 12 << 20;

/// How many bytes of text are held unpacked now.
static PLAIN_HELD: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Each thread's LZ4 hash table and output buffer, reused from page to page: a fresh
    /// worst-case buffer a page, shrunk (and so copied) to fit, cost more than the packing.
    static SCRATCH: RefCell<(CompressTable, Vec<u8>)> = RefCell::new((CompressTable::default(), Vec::new()));
}

/// Inputs from this size on do not leave their buffer (or large table) behind in the thread.
/// It is where lz4_flex takes its large table, which hashes differently: left behind, it
/// packed later small texts otherwise than a fresh table, and [`PackedText`]'s equality of
/// packed bytes needs one packing for one text.
const KEPT_SCRATCH: usize = u16::MAX as usize;

impl PackedText {
    /// `text`, held as it is when the budget has room for it, else packed.
    pub fn pack(text: &str) -> PackedText {
        if text.is_empty() {
            return PackedText::default();
        }
        let before = PLAIN_HELD.fetch_add(text.len(), Ordering::Relaxed);
        if before + text.len() <= PLAIN_BUDGET {
            return PackedText(Held::Plain(Box::from(text)));
        }
        PLAIN_HELD.fetch_sub(text.len(), Ordering::Relaxed);
        PackedText(Held::Packed(compress(text.as_bytes())))
    }

    /// The text again (see [`unpacked`]).
    pub fn unpack(&self) -> String {
        match &self.0 {
            Held::Empty => String::new(),
            // Not `to_string`: on a `Box<str>` that formats it, which costs twice the copy.
            Held::Plain(text) => String::from(&**text),
            Held::Packed(bytes) => unpacked(bytes),
        }
    }

    /// The text again, given up (this holds none after): text held as it is is handed over
    /// without a copy, which is what a page written once wants of its body.
    pub fn take(&mut self) -> String {
        match std::mem::take(&mut self.0) {
            Held::Empty => String::new(),
            Held::Plain(text) => {
                PLAIN_HELD.fetch_sub(text.len(), Ordering::Relaxed);
                text.into_string()
            }
            Held::Packed(bytes) => unpacked(&bytes),
        }
    }

    /// Bytes held.
    pub fn packed_len(&self) -> usize {
        match &self.0 {
            Held::Empty => 0,
            Held::Plain(text) => text.len(),
            Held::Packed(bytes) => bytes.len(),
        }
    }
}

/// The text of `bytes` packed by [`compress`]. Only it makes packed bytes, so they always
/// unpack; were they ever damaged, the loss shows as U+FFFD in the page rather than a crash.
fn unpacked(bytes: &[u8]) -> String {
    match lz4_flex::decompress_size_prepended(bytes) {
        Ok(bytes) => String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(_) => "\u{FFFD}".to_string(),
    }
}

/// `input` compressed as `lz4_flex::compress_prepend_size` does: the length (LE u32), then
/// the block.
fn compress(input: &[u8]) -> Vec<u8> {
    SCRATCH.with_borrow_mut(|(table, out)| {
        out.resize(get_maximum_output_size(input.len()), 0);
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
        packed
    })
}

impl Drop for PackedText {
    fn drop(&mut self) {
        if let Held::Plain(text) = &self.0 {
            PLAIN_HELD.fetch_sub(text.len(), Ordering::Relaxed);
        }
    }
}

impl Clone for PackedText {
    /// A copy held as it is takes room of its own in the budget.
    fn clone(&self) -> PackedText {
        match &self.0 {
            Held::Empty => PackedText::default(),
            Held::Plain(text) => PackedText::pack(text),
            Held::Packed(bytes) => PackedText(Held::Packed(bytes.clone())),
        }
    }
}

impl PartialEq for PackedText {
    fn eq(&self, other: &PackedText) -> bool {
        match (&self.0, &other.0) {
            (Held::Packed(a), Held::Packed(b)) => a == b,
            _ => self.unpack() == other.unpack(),
        }
    }
}

impl Eq for PackedText {}

impl std::hash::Hash for PackedText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.unpack().hash(state);
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
        let packed = compress(html.as_bytes());
        assert_eq!(PackedText(Held::Packed(packed.clone())).unpack(), html);
        assert!(packed.len() * 4 < html.len(), "{}", packed.len());
        assert_eq!(PackedText::pack("").unpack(), "");
        assert_eq!(PackedText::pack("ā").unpack(), "ā");
        assert_eq!(PackedText::pack(&html).unpack(), html);
    }

    #[test]
    fn the_reused_buffers_pack_as_lz4_flex_does_at_any_size() {
        let small = "kia ora ".repeat(30);
        let large = "whānau hauora ".repeat(10_000);
        for text in [small.as_str(), large.as_str(), small.as_str(), "x"] {
            let packed = compress(text.as_bytes());
            assert_eq!(packed, lz4_flex::compress_prepend_size(text.as_bytes()));
            assert_eq!(PackedText(Held::Packed(packed)).unpack(), text);
        }
    }

    #[test]
    fn a_text_of_u16_max_bytes_leaves_no_large_table_behind() {
        // lz4_flex packs from 65,535 bytes on with another hash table, which hashes five
        // bytes, not four: left in the thread, it packed the next small text otherwise than
        // lz4_flex does, so one text had two packings and equality by bytes failed.
        let small = "kia ora whānau, hauora ".repeat(40);
        let edge = "x".repeat(u16::MAX as usize);
        std::thread::spawn(move || {
            compress(edge.as_bytes());
            let packed = compress(small.as_bytes());
            assert_eq!(packed, lz4_flex::compress_prepend_size(small.as_bytes()));
        })
        .join()
        .unwrap();
    }

    #[test]
    fn text_taken_comes_back_whole_and_leaves_nothing_held() {
        let html = "<p>Kia ora <span lang=\"mi\">whānau</span>.</p>\n".repeat(200);
        let large = "<p>hauora</p>\n".repeat(PLAIN_BUDGET / 10);
        let mut packed = PackedText(Held::Packed(compress(html.as_bytes())));
        for mut held in [PackedText::pack(&html), PackedText::pack(&large)] {
            let text = held.unpack();
            assert_eq!(held.take(), text);
            assert_eq!((held.packed_len(), held.unpack()), (0, String::new()));
        }
        assert_eq!(packed.take(), html);
        assert_eq!(packed.take(), "");
    }

    #[test]
    fn text_beyond_the_budget_is_packed_and_equal_to_the_same_text_held_plain() {
        // Larger than the whole budget: packed whatever else is held.
        let large = "<p>hauora</p>\n".repeat(PLAIN_BUDGET / 10);
        let packed = PackedText::pack(&large);
        assert!(matches!(packed.0, Held::Packed(_)));
        assert!(packed.packed_len() * 4 < large.len());
        assert_eq!(packed.unpack(), large);
        assert_eq!(packed, PackedText(Held::Packed(compress(large.as_bytes()))));
        // Held as it is (unless other tests hold the whole budget), equal to it packed.
        let small = PackedText::pack("kia ora");
        assert_eq!(small, PackedText(Held::Packed(compress(b"kia ora"))));
        assert_eq!(small.clone().unpack(), "kia ora");
    }
}
