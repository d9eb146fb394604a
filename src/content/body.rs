//! A page's Markdown between reading and rendering. A build reads every page before it renders
//! any (links need every page's address); a 100,000-page site's Markdown held until then, even
//! packed, was more than half of what the build held after reading (532 MB; 209 MB without),
//! and reading a file again costs about what packing and unpacking it did. So a page read from
//! a file holds only where its Markdown is and a hash of it, and the Markdown pass reads the
//! file again (from the page cache: it was just read). A file that changed in between is an
//! error for that build, never a page of one version's front matter and another's body.

use std::hash::BuildHasher;
use std::path::PathBuf;

use crate::support::packed::PackedText;

/// One page's Markdown: the text after its front matter, as the page was read (no byte order
/// mark, `\n` line breaks, invisible characters left out).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Body {
    /// Held in memory, packed (a page that did not come from a file).
    Held(PackedText),
    /// Left in its file: read again when needed.
    InFile {
        /// The file's full path.
        file: PathBuf,
        /// The byte where the Markdown starts in the cleaned text.
        start: usize,
        /// [`hash`] of the Markdown, to notice a file that changed since it was read.
        hash: u64,
    },
}

impl Default for Body {
    fn default() -> Body {
        Body::Held(PackedText::default())
    }
}

/// Why a page's Markdown could not be had again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed;

impl Body {
    /// `markdown`, held.
    pub fn held(markdown: &str) -> Body {
        Body::Held(PackedText::pack(markdown))
    }

    /// The Markdown starting at byte `start` of `text`, read from `file`, left there.
    pub fn in_file(file: PathBuf, text: &str, start: usize) -> Body {
        Body::InFile {
            file,
            start,
            hash: hash(&text[start..]),
        }
    }

    /// The Markdown, or [`Changed`] when its file no longer holds it (edited, moved or
    /// unreadable since the page was read).
    pub fn read(&self) -> Result<String, Changed> {
        match self {
            Body::Held(packed) => Ok(packed.unpack()),
            Body::InFile {
                file,
                start,
                hash: expected,
            } => {
                let bytes = crate::support::source::read(file).map_err(|_| Changed)?;
                let text = String::from_utf8(bytes).map_err(|_| Changed)?;
                // Most pages hold no invisible character: their text with its line breaks
                // normalised is the text the page was read from, as its hash confirms, without
                // a second scan for such characters. A page that held some is cleaned again.
                let mut text = crate::content::front_matter::line_breaks_normalised(text);
                let unchanged =
                    |text: &str| text.get(*start..).is_some_and(|m| hash(m) == *expected);
                if !unchanged(&text) {
                    text = crate::content::front_matter::cleaned(text);
                    if !unchanged(&text) {
                        return Err(Changed);
                    }
                }
                // The front matter is cut off in place: no copy of the page.
                text.drain(..*start);
                Ok(text)
            }
        }
    }

    /// The Markdown, or nothing when its file changed: for placing a message, which then
    /// goes without its line's text (the build reports the change itself).
    pub fn text(&self) -> String {
        self.read().unwrap_or_default()
    }
}

/// A fast hash of `text` (not for untrusted collisions: only to notice an edited file).
fn hash(text: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_in_its_file_is_read_again_and_a_changed_file_is_noticed() {
        let dir = std::env::temp_dir().join(format!("attach-gen-body-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("page.md");
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nKia ora\u{1}, whānau.\r\n";
        std::fs::write(&file, text).unwrap();
        let cleaned = crate::content::front_matter::cleaned(text.to_string());
        let start = cleaned.find("Kia").unwrap();
        let body = Body::in_file(file.clone(), &cleaned, start);
        assert_eq!(body.read(), Ok("Kia ora, whānau.\n".to_string()));
        std::fs::write(&file, text.replace("ora", "ORA")).unwrap();
        assert_eq!(body.read(), Err(Changed));
        assert_eq!(body.text(), "");
        std::fs::remove_file(&file).unwrap();
        assert_eq!(body.read(), Err(Changed));
        assert_eq!(Body::held("# Hi\n").read(), Ok("# Hi\n".to_string()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_body_is_read_again_whether_or_not_its_page_held_invisible_characters() {
        let dir = std::env::temp_dir().join(format!("attach-gen-body-2-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("page.md");
        for (text, body) in [
            // None: read back as it is, its hash alone confirming it.
            ("---\ntitle: A\n---\nKia ora.\n", "Kia ora.\n"),
            ("---\r\ntitle: A\r\n---\r\nKia ora.\r\n", "Kia ora.\n"),
            // One in the front matter only: the body's offset is the cleaned text's.
            ("---\ntitle: A\u{1}\n---\nKia ora.\n", "Kia ora.\n"),
            // One in the body.
            ("---\ntitle: A\n---\nKia\u{1} ora.\n", "Kia ora.\n"),
        ] {
            std::fs::write(&file, text).unwrap();
            let cleaned = crate::content::front_matter::cleaned(text.to_string());
            let start = cleaned.find("Kia").unwrap();
            let read = Body::in_file(file.clone(), &cleaned, start);
            assert_eq!(read.read(), Ok(body.to_string()), "{text:?}");
            std::fs::write(&file, text.replace("ora", "ORA")).unwrap();
            assert_eq!(read.read(), Err(Changed), "{text:?}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
