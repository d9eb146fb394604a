//! The theme's words that Markdown itself writes into a page's body: callout titles
//! (`> [!NOTE]` with no title of its own), the footnotes' heading and back-link labels, and
//! the names of task list boxes and of tables with no words to name them by. They come from the theme's `i18n/` files like every other
//! theme word, in the page's language, so that a te reo Māori page's callout is titled in
//! te reo. The driver makes this table from the theme before the model is built (the theme
//! is read first), as plain data.

use std::collections::BTreeMap;

use crate::site::callouts::KINDS;
use crate::support::escape;

/// The keys of the words, in the order of the table's entries; the callouts' in the order
/// of [`KINDS`].
pub const KEYS: [&str; 11] = [
    "callout_note",
    "callout_tip",
    "callout_important",
    "callout_warning",
    "callout_caution",
    "footnotes",
    "footnote_back",
    "footnote_use",
    "task_done",
    "task_not_done",
    "table",
];

/// The English words after the callouts' (theirs are in [`KINDS`]), for a theme whose files
/// lack one (the default theme has them all).
const OTHER_ENGLISH: [&str; 6] = [
    "Notes",
    "Back to reference",
    "use",
    "Done",
    "Not done",
    "Table",
];

/// The English word at `index` of [`KEYS`].
fn english(index: usize) -> &'static str {
    match KINDS.get(index) {
        Some((_, title)) => title,
        None => OTHER_ENGLISH
            .get(index - KINDS.len())
            .copied()
            .unwrap_or_default(),
    }
}

/// One of the words Markdown writes into a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyWord {
    /// The title of a callout of this kind of [`KINDS`] (`"NOTE"`).
    Callout(&'static str),
    /// The heading of the footnotes (text on the page).
    Footnotes,
    /// "Back to reference" in a back-link's `aria-label`.
    FootnoteBack,
    /// "use" in "Back to reference 2, use 3".
    FootnoteUse,
    /// The `aria-label` of a ticked task list box.
    TaskDone,
    /// The `aria-label` of an empty one.
    TaskNotDone,
    /// "Table" in "Table 2", the `aria-label` of a table's scroll box when neither its header
    /// row nor its first row has words.
    Table,
}

impl BodyWord {
    fn index(self) -> usize {
        match self {
            BodyWord::Callout(kind) => KINDS
                .iter()
                .position(|(k, _)| *k == kind)
                .unwrap_or_default(),
            BodyWord::Footnotes => 5,
            BodyWord::FootnoteBack => 6,
            BodyWord::FootnoteUse => 7,
            BodyWord::TaskDone => 8,
            BodyWord::TaskNotDone => 9,
            BodyWord::Table => 10,
        }
    }
}

/// Each language's words: as HTML for text on the page (a word the language lacks wrapped
/// in a `<span lang>` of the language it was taken from, as the templates' `t_html` are), and
/// escaped for an attribute (where no `lang` can be marked).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct BodyWords {
    /// Lowercased language tag → for each of [`KEYS`], (HTML, attribute text).
    by_language: BTreeMap<String, Vec<(String, String)>>,
}

impl BodyWords {
    /// The words of the languages given: tag → (the theme's words as text, as HTML), each a
    /// map of key → word.
    pub fn new<'w>(
        words: impl IntoIterator<
            Item = (
                &'w str,
                &'w BTreeMap<String, String>,
                &'w BTreeMap<String, String>,
            ),
        >,
    ) -> Self {
        let by_language = words
            .into_iter()
            .map(|(tag, text, html)| {
                let entries = KEYS
                    .iter()
                    .enumerate()
                    .map(|(index, key)| {
                        let english = english(index);
                        let mut attribute = String::new();
                        escape::html(
                            text.get(*key).map_or(english, String::as_str),
                            &mut attribute,
                        );
                        let html = html.get(*key).cloned().unwrap_or_else(|| {
                            let mut escaped = String::new();
                            escape::html(english, &mut escaped);
                            escaped
                        });
                        (html, attribute)
                    })
                    .collect();
                (tag.to_ascii_lowercase(), entries)
            })
            .collect();
        BodyWords { by_language }
    }

    fn entry(&self, lang: &str, word: BodyWord) -> Option<&(String, String)> {
        let tag = lang.to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or_default();
        self.by_language
            .get(&tag)
            .or_else(|| self.by_language.get(primary))?
            .get(word.index())
    }

    /// `word` on a page in `lang`, as HTML to print as text.
    pub fn html(&self, lang: &str, word: BodyWord) -> String {
        match self.entry(lang, word) {
            Some((html, _)) => html.clone(),
            None => {
                let mut escaped = String::new();
                escape::html(english(word.index()), &mut escaped);
                escaped
            }
        }
    }

    /// `word` on a page in `lang`, escaped for an attribute.
    pub fn attribute(&self, lang: &str, word: BodyWord) -> String {
        match self.entry(lang, word) {
            Some((_, text)) => text.clone(),
            None => english(word.index()).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_in_the_pages_language_else_in_english() {
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let text = map(&[("callout_note", "Tuhipoka"), ("task_done", "Kua \"oti\"")]);
        let html = map(&[("callout_note", "Tuhipoka")]);
        let words = BodyWords::new([("mi", &text, &html)]);
        assert_eq!(words.html("mi", BodyWord::Callout("NOTE")), "Tuhipoka");
        assert_eq!(
            words.html("MI-nz", BodyWord::Callout("NOTE")),
            "Tuhipoka",
            "its primary language's"
        );
        assert_eq!(
            words.html("mi", BodyWord::Callout("TIP")),
            "Tip",
            "no word: English"
        );
        assert_eq!(
            words.attribute("mi", BodyWord::TaskDone),
            "Kua &quot;oti&quot;"
        );
        assert_eq!(words.html("de", BodyWord::Footnotes), "Notes");
        assert_eq!(
            words.attribute("de", BodyWord::FootnoteBack),
            "Back to reference"
        );
    }
}
