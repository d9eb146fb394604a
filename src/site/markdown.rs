//! Markdown to HTML for one page, with what the site needs beyond CommonMark.
//!
//! On top of pulldown-cmark's HTML this gives every heading a stable `id`, renders footnotes
//! accessibly (ids from their labels, back-links, `doc-*` roles), rewrites links to other pages'
//! source files (`guides/sleep.md`) into relative URLs, and recognises Pandoc-style citations
//! (`[@key, p. 4]`, `[-@key]`, bare `@key`). Citations are left in the HTML as placeholders
//! ([`citation_placeholder`]) because their text depends on the whole site (APA's 2001a/2001b);
//! the site fills them in once every page has been read.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::citation::{Citation, CiteItem, Locator};
use crate::site::body_words::BodyWord;
use crate::site::callouts;
use crate::site::glossary;
use crate::site::ids::{self, Reserved, UsedIds};
use crate::site::shortcodes;
use crate::support::diagnostic::{Code, any_close, closest};
use crate::support::lang::{self, SpanAttributes, SpanProblem};
use crate::support::packed::PackedText;
use crate::support::slug::slugify;
use crate::support::text;
use crate::support::urls;

/// What a page's Markdown is rendered against.
pub struct Context<'a> {
    /// The page's source path under `content/` (`guides/sleep.md`).
    pub rel_path: &'a str,
    /// The page's site-relative URL (`guides/sleep/`).
    pub url: &'a str,
    /// Every page's source path under `content/` → its site-relative URL.
    pub pages: &'a HashMap<String, String>,
    /// Every bibliography key.
    pub keys: &'a HashSet<String>,
    /// The keys of bibliography entries left out for having no fields: a bare `@key` naming
    /// one is a citation that cannot be made, not an @ of ordinary text.
    pub left_out: &'a HashSet<String>,
    /// Source paths of drafts left out of this build (a link to one gets its own message).
    pub drafts: &'a HashSet<String>,
    /// Source paths of pages that could not be read (their own errors say why): a link to one
    /// is not a broken link.
    pub unreadable: &'a HashSet<String>,
    pub raw_html: bool,
    /// Every literal id in the theme's templates: headings never take them.
    pub theme_ids: &'a HashSet<String>,
    /// The site's glossary, whose terms are marked in the text.
    pub glossary: Option<&'a crate::content::glossary::Glossary>,
    /// The page's language (its `lang:`, else the site's): a term in it needs no `lang`.
    pub lang: &'a str,
    /// The theme's words Markdown writes into the body, by language.
    pub body_words: &'a crate::site::BodyWords,
    /// What the built site will hold, for links to its files and generated pages.
    pub files: &'a crate::site::SiteFiles,
}

/// One heading of the page, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// `text` as HTML with its language spans (`Caring for <span lang="mi">whānau</span>`),
    /// when it has any: a table of contents keeps them, for screen readers (WCAG 3.1.2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
}

/// How many of a page's problems are shown in full; past this, problems are only counted, and
/// their hints (which compare names with every key or page) are not worked out.
pub const MAX_PROBLEMS_SHOWN: usize = 100;

/// A problem found while rendering, at a byte offset of the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// A page's warnings: the first [`MAX_PROBLEMS_SHOWN`] by place kept, the rest only counted.
/// A long page can hold one on every few bytes (`@key [` repeated), and each becomes a
/// diagnostic holding its whole line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings {
    /// Once full, sorted by offset.
    pub shown: Vec<Problem>,
    /// How many more were found.
    pub not_shown: usize,
}

impl Warnings {
    /// Keeps the warning `make` gives for the Markdown at `offset`, or only counts it once
    /// enough are kept (then it is not made at all, unless it comes before one kept: checks
    /// run in passes, so a later pass can find a warning above the first pass's hundredth, and
    /// the editor is shown the page's first warnings, from the top down).
    pub fn push_with(&mut self, offset: usize, make: impl FnOnce() -> Problem) {
        if self.shown.len() < MAX_PROBLEMS_SHOWN {
            self.shown.push(make());
            if self.shown.len() == MAX_PROBLEMS_SHOWN {
                self.shown.sort_by_key(|p| p.offset);
            }
            return;
        }
        self.not_shown += 1;
        if self.shown.last().is_some_and(|last| offset < last.offset) {
            self.shown.pop();
            let problem = make();
            let at = self.shown.partition_point(|p| p.offset <= problem.offset);
            self.shown.insert(at, problem);
        }
    }

    /// Keeps a warning already made (see [`Warnings::push_with`]).
    pub fn push(&mut self, problem: Problem) {
        self.push_with(problem.offset, || problem);
    }

    /// How many were found, shown or not.
    pub fn len(&self) -> usize {
        self.shown.len() + self.not_shown
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A link whose target is an anchor: `[x](#id)` or `[x](other.md#id)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentLink {
    pub offset: usize,
    /// The target page's source path under `content/`; `None` for this page.
    pub page: Option<String>,
    /// The id it points to, percent-decoded.
    pub fragment: String,
}

/// An image as written: `![alt](dest "title")`. The HTML holds [`image_placeholder`] for it
/// until `site::images` knows the file (its size, its smaller copies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub offset: usize,
    pub dest: String,
    /// The alt text as plain text.
    pub alt: String,
    /// The title as written (a caption, or the `decorative` keyword).
    pub title: String,
    /// Alone in its paragraph with a title: the paragraph became a `<figure>` and the title its
    /// `<figcaption>`.
    pub figure: bool,
}

/// The page's HTML (with citation placeholders) and what was found in it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Held packed: every page's body waits in memory until its page is written.
    pub html: PackedText,
    pub headings: Vec<Heading>,
    /// In order of appearance; placeholder `n` stands for `citations[n]`.
    pub citations: Vec<Citation>,
    pub problems: Vec<Problem>,
    /// Problems that do not stop the build (brackets after a bare `@key` that are not read).
    pub warnings: Warnings,
    /// Links with a `#fragment` to this page or to another page, for the anchor check.
    pub fragment_links: Vec<FragmentLink>,
    /// Every image, for the image checks.
    pub images: Vec<Image>,
    /// Each image's `<img>` (placeholder `n` in `html` stands for `image_html[n]`), written by
    /// `images::resolve` once the site's image files are known, filled in as the page is
    /// written; empty until then.
    pub image_html: Vec<String>,
    /// Ids in the body besides the headings': footnotes, and `id`/`name` in raw HTML.
    pub ids: Vec<String>,
    /// Words of running text (for reading time).
    pub word_count: usize,
    /// The start of the text, for search results when a page has no description.
    pub excerpt: String,
    /// The page's most frequent words, then its headings' other words, normalised (lowercase
    /// ASCII) and separated by spaces, for the search index.
    pub keywords: String,
    /// The glossary terms the page uses (indices into the glossary), in order of first use.
    pub glossary_terms: Vec<usize>,
    /// The page's first `<!--more-->` (Hugo's and WordPress's summary divider), which does
    /// nothing here: warned of where the page's front matter is known.
    pub summary_divider: Option<SummaryDivider>,
}

/// A `<!--more-->` and the running text above it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryDivider {
    pub offset: usize,
    /// The text above it as plain text, its spaces collapsed (at most about
    /// [`EXCERPT_CHARS`] characters: as much as a summary needs).
    pub above: String,
}

/// Whether raw HTML is the summary divider of Hugo, Jekyll and WordPress, `<!--more-->`
/// (spaces inside the comment, as some exports write it, allowed).
fn is_summary_divider(html: &str) -> bool {
    html.trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

/// How many line or paragraph separators and direction controls in a page's body are warned
/// of one by one; the rest are counted.
const INVISIBLE_SHOWN: usize = 5;

/// Words too common to say anything about a page.
const STOP_WORDS: &[&str] = &[
    "about", "after", "also", "and", "are", "because", "been", "before", "but", "can", "could",
    "does", "for", "from", "had", "has", "have", "her", "his", "how", "into", "its", "just",
    "more", "most", "not", "one", "our", "out", "over", "she", "some", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "very",
    "was", "way", "were", "what", "when", "where", "which", "while", "who", "will", "with",
    "would", "you", "your",
];

/// Whether `word` (lowercase) is one of [`STOP_WORDS`]: looked up once per distinct word of
/// every page, in a set rather than by binary search (whose string comparisons were most of
/// the keywords' cost), and only when it is no longer than the longest.
fn is_stop_word(word: &str) -> bool {
    static SET: std::sync::LazyLock<(usize, rustc_hash::FxHashSet<&'static str>)> =
        std::sync::LazyLock::new(|| {
            let longest = STOP_WORDS.iter().map(|w| w.len()).max().unwrap_or(0);
            (longest, STOP_WORDS.iter().copied().collect())
        });
    let (longest, set) = &*SET;
    word.len() <= *longest && set.contains(word)
}

/// How many of its headings' words a page adds to its keywords at most: a page of a thousand
/// headings must not make the index every reader downloads grow by all of them.
const HEADING_WORDS: usize = 30;
/// How many words of a page go into the search index besides its title and headings.
const KEYWORDS: usize = 12;
const EXCERPT_CHARS: usize = 200;
/// Keywords are taken from this many words at the start of a page.
const KEYWORD_SOURCE_WORDS: usize = 400;
/// The longest text whose words the glossary and the word counts share (see
/// [`TextStats::words_of`]): a paragraph is a few hundred bytes.
const SHARED_WORDS_TEXT: usize = 64 * 1024;

/// The words of a page's opening (lowercase) and how often each comes, for its keywords: an
/// open-addressing table of the words' hashes over one string holding them all. A map of
/// strings cost a hash, a comparison of strings and a copy of the buffer for every word
/// (~94 instructions) and an allocation for each new one.
///
/// The slots are the thread's, kept from page to page ([`KEPT_WORD_SLOTS`]): a slot is taken
/// only when it holds this table's `generation`, so a page starts with all of them free
/// without writing any. A new table zeroed for every page was ~10 KB written per page (112
/// million instructions of `memset` at 10,000 pages under callgrind, which counts each byte).
#[derive(Default)]
struct WordCounts {
    /// A power of two long (or empty); a slot is free unless it holds [`Self::generation`].
    slots: Vec<WordSlot>,
    /// The words, one after another (UTF-8: each is a whole `str` or ASCII made lowercase).
    words: Vec<u8>,
    /// How many slots are taken.
    taken: usize,
    /// What the slots this table took hold: never 0 once it has slots (a new slot holds 0).
    generation: u32,
}

#[derive(Clone, Copy, Default)]
struct WordSlot {
    /// The [`WordCounts::generation`] that took the slot (the slot is free for any other).
    generation: u32,
    hash: u64,
    /// The word's first 8 bytes (0 past its end): with its length, all of a short word.
    head: u64,
    /// Where the word is in [`WordCounts::words`].
    start: usize,
    len: usize,
    count: usize,
}

/// `case` for a word of ASCII letters and digits: `| 0x20` lowercases each letter and leaves
/// each digit as it is.
const ASCII_LOWERCASE: u64 = u64::from_le_bytes([0x20; 8]);

impl WordCounts {
    /// Room for this many words before the table grows: a page's opening holds about this
    /// many different ones.
    const WORDS: usize = 128;

    /// Counts once more the word at `range` of `within`, with `case` (0, or
    /// [`ASCII_LOWERCASE`]) set in each byte: 0 for a word in lowercase, [`ASCII_LOWERCASE`]
    /// for one of ASCII letters and digits, lowercased so without being copied first. Its
    /// first 8 bytes are read at once from `within` (a short word's, masked, are all of it).
    /// Inlined into the loop over a page's words: a call for each word cost a third of it.
    #[inline(always)]
    fn count(&mut self, within: &[u8], range: std::ops::Range<usize>, case: u64) {
        // Kept at most half full, so that a search stops at a free slot soon.
        if (self.taken + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let word = &within[range.clone()];
        let len = word.len();
        // The bytes past a short word's end are masked off; a word near the end of its text
        // (as many are: the last of a paragraph, or before a glossary term) is read as the 8
        // bytes ending with it, those before it shifted off, rather than byte by byte.
        let head = if let Some(eight) = eight_bytes(within, range.start) {
            let eight = eight | case;
            if len >= 8 {
                eight
            } else {
                eight & u64::MAX.checked_shr(64 - 8 * len as u32).unwrap_or(0)
            }
        } else if let Some(eight) = range
            .end
            .checked_sub(8)
            .and_then(|s| eight_bytes(within, s))
        {
            // Here the word is shorter than 8 bytes (a longer one has 8 from its start).
            (eight | case).checked_shr(64 - 8 * len as u32).unwrap_or(0)
        } else {
            packed(word, case)
        };
        // A short word's head is all of it: no bytes of it are read again to hash or compare
        // it (most words are short). Its length is still compared: a longer word's head may
        // be the same bytes.
        let hash = if len <= 8 {
            head.wrapping_mul(HASH_K)
        } else {
            word_hash(word, case)
        };
        let mask = self.slots.len() - 1;
        let generation = self.generation;
        let mut at = slot_of(hash, mask);
        loop {
            let slot = &mut self.slots[at];
            // Most words are counted again (a page's opening uses few different ones).
            if slot.head == head
                && slot.len == len
                && slot.generation == generation
                && (len <= 8
                    || slot.hash == hash
                        && self.words[slot.start + 8..slot.start + len]
                            .iter()
                            .zip(&word[8..])
                            .all(|(kept, b)| *kept == b | case as u8))
            {
                slot.count += 1;
                return;
            }
            if slot.generation != generation {
                return self.insert(at, word, hash, head, case);
            }
            at = (at + 1) & mask;
        }
    }

    /// Puts `word` (with `case` set in each byte) into the free slot `at`, counted once: kept
    /// apart from [`Self::count`], whose words are mostly seen before, so that it stays small
    /// enough to inline.
    #[inline(never)]
    fn insert(&mut self, at: usize, word: &[u8], hash: u64, head: u64, case: u64) {
        self.slots[at] = WordSlot {
            generation: self.generation,
            hash,
            head,
            start: self.words.len(),
            len: word.len(),
            count: 1,
        };
        self.words.extend(word.iter().map(|b| b | case as u8));
        self.taken += 1;
    }

    /// The thread's kept slots when this table has none yet (all free: a generation after the
    /// one that last used them), else twice the slots (at least [`Self::WORDS`] * 2), each word
    /// moved by its hash.
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        if self.slots.is_empty() {
            let kept = KEPT_WORD_SLOTS
                .try_with(|kept| kept.take())
                .unwrap_or_default();
            if !kept.slots.is_empty() {
                self.slots = kept.slots;
                self.generation = kept.generation.wrapping_add(1);
                if self.generation == 0 {
                    // Once in 4 billion pages: slots of every generation could be taken now.
                    self.slots.fill(WordSlot::default());
                    self.generation = 1;
                }
                return;
            }
            self.generation = 1;
        }
        let size = (self.slots.len() * 2).max(Self::WORDS * 2);
        let old = std::mem::replace(&mut self.slots, vec![WordSlot::default(); size]);
        let mask = size - 1;
        let generation = self.generation;
        for slot in old.into_iter().filter(|s| s.generation == generation) {
            let mut at = slot_of(slot.hash, mask);
            while self.slots[at].generation == generation {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }

    /// Each word and its count, in no order.
    fn iter(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        let generation = self.generation;
        self.slots
            .iter()
            .filter(move |s| s.generation == generation)
            .filter_map(|s| {
                let word = std::str::from_utf8(&self.words[s.start..s.start + s.len]).ok()?;
                Some((word, s.count))
            })
    }
}

impl Drop for WordCounts {
    /// Leaves the slots to the thread's next page, unless they are more than a page's opening
    /// needs (a page of many headings' words): those are let go, so that a thread keeps little.
    fn drop(&mut self) {
        if self.slots.is_empty() || self.slots.len() > KEPT_SLOTS_MAX {
            return;
        }
        let kept = KeptWordSlots {
            slots: std::mem::take(&mut self.slots),
            generation: self.generation,
        };
        // A thread being torn down keeps nothing.
        let _ = KEPT_WORD_SLOTS.try_with(|cell| cell.set(kept));
    }
}

/// The most slots a thread keeps for its next page (48 KB): a page counts at most
/// [`KEYWORD_SOURCE_WORDS`] words, which never take more; a bound should that change.
const KEPT_SLOTS_MAX: usize = 1024;

/// A [`WordCounts`]'s slots left for the thread's next page, and the generation that used
/// them last.
#[derive(Default)]
struct KeptWordSlots {
    slots: Vec<WordSlot>,
    generation: u32,
}

thread_local! {
    static KEPT_WORD_SLOTS: std::cell::Cell<KeptWordSlots> =
        std::cell::Cell::new(KeptWordSlots::default());
}

const HASH_K: u64 = 0xf135_7aea_2e62_a9c5;

/// FxHash's step: 8 more bytes into `hash`.
fn hash_step(hash: u64, x: u64) -> u64 {
    (hash.rotate_left(26) ^ x).wrapping_mul(HASH_K)
}

/// The 8 bytes of `bytes` from `start`, as a number, if it has that many.
fn eight_bytes(bytes: &[u8], start: usize) -> Option<u64> {
    let eight = bytes.get(start..start.checked_add(8)?)?;
    Some(u64::from_le_bytes(<[u8; 8]>::try_from(eight).ok()?))
}

/// Up to 8 bytes of `bytes`, with `case` set in each, as a number (0 past its end).
fn packed(bytes: &[u8], case: u64) -> u64 {
    bytes
        .iter()
        .take(8)
        .enumerate()
        .fold(0u64, |x, (i, b)| x | u64::from(b | case as u8) << (i * 8))
}

/// A hash of a word of more than 8 bytes with `case` set in each ([`WordCounts::count`]),
/// 8 at a time (a shorter word's hash is its bytes times [`HASH_K`], made in `count`).
fn word_hash(bytes: &[u8], case: u64) -> u64 {
    let (eights, rest) = bytes.as_chunks::<8>();
    let mut hash = (bytes.len() as u64).wrapping_mul(HASH_K);
    for eight in eights {
        hash = hash_step(hash, u64::from_le_bytes(*eight) | case);
    }
    if !rest.is_empty() {
        hash = hash_step(hash, packed(rest, case));
    }
    hash
}

/// The slot `hash` (a product) starts its search at: its top bytes, brought down. A
/// product's top bits are the ones every bit of what was multiplied moves; its middle ones are
/// those of a word's first five or six bytes only.
fn slot_of(hash: u64, mask: usize) -> usize {
    hash.swap_bytes() as usize & mask
}

#[derive(Default)]
struct TextStats {
    words: usize,
    excerpt: String,
    /// `excerpt.chars().count()`, kept so that every piece of text does not count it again.
    excerpt_chars: usize,
    counts: WordCounts,
    buffer: String,
    /// Whether text added since it was last taken holds a character
    /// [`crate::content::breaks_or_turns_text`] names (looked for only in text that is not
    /// ASCII, where such characters can be).
    invisible: bool,
    /// The words of the ASCII text the glossary last searched ([`Self::words_of`]), and that
    /// text's address and length: the same text, added unmarked, is not walked again.
    scanned: Vec<std::ops::Range<usize>>,
    scanned_text: Option<(usize, usize)>,
    /// The words of a text [`Self::add_ascii`] walks itself, kept for the next.
    own_words: Vec<std::ops::Range<usize>>,
}

impl TextStats {
    /// The words of `text`, found once for the glossary's search and kept for [`Self::add`],
    /// which is given the same text when the glossary marks nothing in it. None for a text
    /// that is not ASCII (its words are found another way), or longer than
    /// [`SHARED_WORDS_TEXT`], which each walks apart: a list of every word of a paragraph of
    /// megabytes would cost 16 bytes a word.
    fn words_of(&mut self, text: &str) -> Option<&[std::ops::Range<usize>]> {
        if text.len() > SHARED_WORDS_TEXT || !text.is_ascii() {
            return None;
        }
        text::ascii_word_ranges(text.as_bytes(), &mut self.scanned);
        self.scanned_text = Some((text.as_ptr() as usize, text.len()));
        Some(&self.scanned)
    }

    /// Forgets which text the kept words are of: it was replaced by its marked pieces, or the
    /// event that held it is done (and another text may later stand at its address).
    fn forget_words(&mut self) {
        self.scanned_text = None;
    }

    fn add(&mut self, text: &str) {
        if self.excerpt_chars < EXCERPT_CHARS {
            self.excerpt.push_str(text);
            self.excerpt_chars += text.chars().count();
        }
        // The text the glossary searched (it is alive, so nothing else stands where it does).
        if self.scanned_text == Some((text.as_ptr() as usize, text.len())) {
            self.scanned_text = None;
            let words = std::mem::take(&mut self.scanned);
            self.add_ascii_words(text, &words, words.len());
            self.scanned = words;
            return;
        }
        let ascii = text.is_ascii();
        if !ascii {
            self.invisible |= breaks_or_turns(text);
        }
        if self.words > KEYWORD_SOURCE_WORDS {
            self.words += count_words_known(text, ascii);
            return;
        }
        if ascii {
            return self.add_ascii(text);
        }
        for word in text.split(|c: char| !is_word_char(c)) {
            if word.is_empty() {
                continue;
            }
            self.words += 1;
            // The opening of a page says what it is about; counting every word of long pages
            // costs more than it tells.
            if self.words > KEYWORD_SOURCE_WORDS
                || word.len() < 3
                || word.chars().all(|c| c.is_numeric())
            {
                continue;
            }
            // Most words are ASCII: lowercase them into a reused buffer and allocate only for a
            // word not seen before on this page.
            self.buffer.clear();
            if word.is_ascii() {
                self.buffer.push_str(word);
                self.buffer.make_ascii_lowercase();
            } else {
                fold_keyword(word, &mut self.buffer);
            }
            self.count_buffer();
        }
    }

    /// Counts the word in `buffer` (lowercase).
    fn count_buffer(&mut self) {
        self.counts
            .count(self.buffer.as_bytes(), 0..self.buffer.len(), 0);
    }

    /// [`Self::add`] for the space between blocks or lines: it holds no word and no invisible
    /// character, so only the excerpt takes it (a third of a page's events end something).
    fn add_break(&mut self) {
        if self.excerpt_chars < EXCERPT_CHARS {
            self.excerpt.push(' ');
            self.excerpt_chars += 1;
        }
    }

    /// [`Self::add`] for ASCII text (most of it), a byte at a time: the same words, without
    /// decoding characters or asking Unicode tables whether each is a letter.
    fn add_ascii(&mut self, text: &str) {
        // Only the words the counts take are kept (the page's first KEYWORD_SOURCE_WORDS), not
        // a list as long as the text; the rest are only counted.
        let wanted = KEYWORD_SOURCE_WORDS.saturating_sub(self.words);
        let mut words = std::mem::take(&mut self.own_words);
        words.clear();
        let mut total = 0;
        text::for_each_ascii_word(text.as_bytes(), |range| {
            total += 1;
            if words.len() < wanted {
                words.push(range);
            }
        });
        self.add_ascii_words(text, &words, total);
        self.own_words = words;
    }

    /// Adds the `words` of ASCII `text`: all to the count, those among the page's first
    /// [`KEYWORD_SOURCE_WORDS`] one by one (the opening of a page says what it is about;
    /// counting every word of long pages costs more than it tells).
    /// `total` is how many words the text has: `words` may hold only the first of them.
    fn add_ascii_words(&mut self, text: &str, words: &[std::ops::Range<usize>], total: usize) {
        let counted = KEYWORD_SOURCE_WORDS
            .saturating_sub(self.words)
            .min(words.len());
        self.words += total;
        for range in &words[..counted] {
            let word = &text.as_bytes()[range.clone()];
            if word.len() < 3 || word.iter().all(|b| b.is_ascii_digit()) {
                continue;
            }
            self.counts
                .count(text.as_bytes(), range.clone(), ASCII_LOWERCASE);
        }
    }

    fn finish(self, out: &mut Rendered) {
        out.word_count = self.words;
        let excerpt = self
            .excerpt
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.excerpt = match excerpt.char_indices().nth(EXCERPT_CHARS) {
            Some((cut, _)) => {
                // Sized to fit, not `format!`: pushing the `…` after the text doubled the
                // string's room, and every page holds its excerpt all build.
                let kept = excerpt[..cut].trim_end();
                let mut cut_excerpt = String::with_capacity(kept.len() + '…'.len_utf8());
                cut_excerpt.push_str(kept);
                cut_excerpt.push('…');
                cut_excerpt
            }
            None => excerpt,
        };
        // Stop words are counted like any other and left out here: once per distinct word
        // instead of a search of the list for every word read.
        let mut counts: Vec<(&str, usize)> = self
            .counts
            .iter()
            .filter(|(word, _)| !is_stop_word(word))
            .collect();
        // Only the first KEYWORDS are kept: those are found without sorting the rest.
        let order = |a: &(&str, usize), b: &(&str, usize)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
        if counts.len() > KEYWORDS {
            counts.select_nth_unstable_by(KEYWORDS, order);
            counts.truncate(KEYWORDS);
        }
        counts.sort_unstable_by(order);
        // One string, as the search index writes them: a string a word cost every page
        // hundreds of bytes (70 MB at 100,000 pages).
        let mut keywords = String::new();
        for (word, _) in counts.into_iter().take(KEYWORDS) {
            if !keywords.is_empty() {
                keywords.push(' ');
            }
            keywords.push_str(word);
        }
        out.keywords = keywords;
    }
}

/// Adds the words of the page's headings to its search keywords, once each and after its
/// frequent words: a page's sections ("Naps", "Screens") are what readers look for, and a
/// heading's words are seldom among the most frequent. Normalised as keywords are (lowercase,
/// marks off), stop words left out. Done here, in the parallel Markdown pass, not while the
/// one search index is written.
fn add_heading_words(out: &mut Rendered) {
    let mut added = 0;
    let mut buffer = String::new();
    for heading in &out.headings {
        for word in heading.text.split(|c: char| !is_word_char(c)) {
            if word.len() < 2 {
                continue;
            }
            buffer.clear();
            if word.is_ascii() {
                buffer.push_str(word);
                buffer.make_ascii_lowercase();
            } else {
                // One word may become several (`Straße's` → "strasse s").
                fold_keyword(word, &mut buffer);
            }
            for word in buffer.split(|c: char| !is_word_char(c)) {
                if added == HEADING_WORDS {
                    out.keywords.shrink_to_fit();
                    return;
                }
                if word.len() < 2
                    || is_stop_word(word)
                    // Split as bytes: `str::split(' ')` calls memchr once per word.
                    || out
                        .keywords
                        .as_bytes()
                        .split(|&b| b == b' ')
                        .any(|k| k == word.as_bytes())
                {
                    continue;
                }
                if !out.keywords.is_empty() {
                    out.keywords.push(' ');
                }
                out.keywords.push_str(word);
                added += 1;
            }
        }
    }
    out.keywords.shrink_to_fit();
}

/// Writes `word` into `into` as a search keyword: lowercase, its Latin letters romanised as
/// `search.js` folds what it compares ("Whānau" → "whanau", "Straße" → "strasse"), and the
/// letters of other scripts kept (睡眠, "настроение"): a search in those is typed in them, and
/// romanised ("shui mian") they matched no search at all.
fn fold_keyword(word: &str, into: &mut String) {
    for c in word.chars() {
        // Latin letters and the forms of them text pasted from PDFs and word processors holds
        // (ligatures "ﬁ", sub- and superscripts "CO₂", fullwidth "Ａ", letterlike "№",
        // mathematical letters): romanised, so "fish" and "co2" find them.
        let latin = matches!(c,
            '\0'..='\u{36F}' | '\u{1D00}'..='\u{1DBF}' | '\u{1E00}'..='\u{1EFF}'
            | '\u{2070}'..='\u{209F}' | '\u{2100}'..='\u{214F}' | '\u{2460}'..='\u{24FF}'
            | '\u{2C60}'..='\u{2C7F}' | '\u{A720}'..='\u{A7FF}' | '\u{FB00}'..='\u{FB06}'
            | '\u{FF00}'..='\u{FF5E}' | '\u{1D400}'..='\u{1D7FF}');
        match deunicode::deunicode_char(c).filter(|_| latin) {
            Some(plain) => into.extend(plain.chars().map(|c| c.to_ascii_lowercase())),
            None => into.extend(c.to_lowercase()),
        }
    }
}

/// Whether `c` belongs in a word: a letter or digit, or a mark joined to one (a Hindi vowel
/// sign or virama, a Thai tone mark, a combining macron), as `search.js` reads words.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Whether `text` holds a line or paragraph separator or a direction control
/// ([`crate::content::breaks_or_turns_text`]): each starts with the byte 0xE2, so only the
/// characters starting with it are decoded (a byte 0xE2 always starts a character).
fn breaks_or_turns(text: &str) -> bool {
    // U+2028–U+202E are E2 80 A8–AE, U+2066–U+2069 E2 81 A6–A9: the two bytes after each
    // 0xE2 tell, without decoding (en dashes and curly quotes, E2 80 9x, are in most texts).
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xE2, bytes).any(|i| {
        matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xA8..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
        )
    })
}

/// How many words `text` has: runs of letters and digits.
#[cfg(test)]
fn count_words(text: &str) -> usize {
    count_words_known(text, text.is_ascii())
}

/// [`count_words`] for text known to be ASCII or not (`ascii`).
fn count_words_known(text: &str, ascii: bool) -> usize {
    if !ascii {
        return text
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .count();
    }
    text::word_blocks(text.as_bytes())
        .map(|block| block.starts.count_ones() as usize)
        .sum()
}

const PLACEHOLDER_START: char = '\u{E000}';
const PLACEHOLDER_END: char = '\u{E001}';
const IMAGE_START: char = '\u{E002}';
const IMAGE_END: char = '\u{E003}';

/// The text that stands for citation `index` in [`Rendered::html`].
pub fn citation_placeholder(index: usize) -> String {
    format!("{PLACEHOLDER_START}{index}{PLACEHOLDER_END}")
}

/// Replaces each citation placeholder in `html` with `render(index)`. A body without citations
/// is given back as it is, not copied.
pub fn fill_citations(html: String, render: impl FnMut(usize) -> String) -> String {
    if find_char(&html, PLACEHOLDER_START).is_none() {
        return html;
    }
    fill_placeholders(&html, (PLACEHOLDER_START, PLACEHOLDER_END), render)
}

/// The text that stands for image `index` (of [`Rendered::images`]) in [`Rendered::html`].
fn image_placeholder(index: usize) -> String {
    format!("{IMAGE_START}{index}{IMAGE_END}")
}

/// Replaces each image placeholder in `html` with `render(index)`.
pub fn fill_images(html: String, render: impl FnMut(usize) -> String) -> String {
    if find_char(&html, IMAGE_START).is_none() {
        return html;
    }
    fill_placeholders(&html, (IMAGE_START, IMAGE_END), render)
}

/// Replaces each `start` index `end` in `html` with `render(index)`.
fn fill_placeholders(
    html: &str,
    (open, close): (char, char),
    mut render: impl FnMut(usize) -> String,
) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(start) = find_char(rest, open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len_utf8()..];
        match find_char(after, close)
            .and_then(|end| after[..end].parse::<usize>().ok().map(|i| (i, end)))
        {
            Some((index, end)) => {
                out.push_str(&render(index));
                rest = &after[end + close.len_utf8()..];
            }
            None => {
                out.push(open);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where `c` first is in `text`. Our placeholders are private-use characters (three bytes, the
/// first 0xEE): their first byte is looked for, since `str::find` looks for a character's last
/// byte (0x80, in most characters beyond ASCII) and checks each, and `memmem::find` made a
/// searcher for every call (most of its cost, on a page's body searched a few times). 0xEE
/// begins only private-use characters, rare in text; each found is checked in a few bytes.
fn find_char(text: &str, c: char) -> Option<usize> {
    let mut buffer = [0u8; 4];
    let needle = c.encode_utf8(&mut buffer).as_bytes();
    let bytes = text.as_bytes();
    memchr::memchr_iter(needle[0], bytes).find(|&at| bytes[at..].starts_with(needle))
}

/// The title that marks an image as decorative: `![](divider.png "decorative")` gets `alt=""`.
pub const DECORATIVE: &str = "decorative";

/// Whether an image's title marks it as decorative.
pub fn is_decorative(title: &str) -> bool {
    title.trim().eq_ignore_ascii_case(DECORATIVE)
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What a link open in the Markdown stands for.
#[derive(Debug, Clone, Copy)]
enum OpenLink {
    /// A link, written as one.
    Real,
    /// The bracketed span numbered so (`[words]{lang=mi}`).
    Span(usize),
    /// A link inside another link: left out, its words kept as text.
    Dropped,
}

/// Whether a heading's text (its `Text` and `Code`, trimmed) gives a screen reader nothing
/// to read: empty, or only ASCII marks such as `***` or `--` (an emoji is read by its name).
pub fn heading_has_no_words(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c.is_ascii_punctuation())
}

/// A heading being read.
struct OpenHeading<'a> {
    level: HeadingLevel,
    /// The id asked for with `{#id}`, when it is a usable one.
    id: Option<String>,
    /// The classes asked for with `{.class}` that are usable.
    classes: Vec<CowStr<'a>>,
    /// Where its `{#id}` (or the heading) starts in the Markdown.
    offset: usize,
    /// Where the heading starts in the Markdown.
    start: usize,
    /// Its inner events, and its plain text.
    inner: Vec<Event<'a>>,
    text: String,
    /// Its text as HTML with only its language spans (see [`Heading::html`]).
    spanned: crate::site::heading_spans::LangSpans,
    /// What its images give a screen reader to read (see [`HeadingImages`]).
    images: HeadingImages,
}

/// The images in a heading: one with alt text is read out as the heading's words (one
/// without is a `missing-alt` problem of its own), a decorative one is skipped.
#[derive(Default, Clone)]
struct HeadingImages {
    named: bool,
    decorative: bool,
    /// The alt texts of its images, each followed by a space: the words of a heading of
    /// images only, for its id and "On this page".
    alt: String,
}

impl HeadingImages {
    /// Notes the `<img>` tags of raw HTML in a heading: an empty `alt` is decoration.
    fn add_raw(&mut self, html: &str) {
        for (_, _, attributes) in raw_tags(html, &["img"]) {
            match attributes
                .iter()
                .find(|(name, _, _)| name.eq_ignore_ascii_case("alt"))
            {
                Some((_, _, alt)) if alt.trim().is_empty() => self.decorative = true,
                Some((_, _, alt)) => {
                    self.named = true;
                    self.alt
                        .push_str(&crate::support::escape::decode_char_refs(alt));
                    self.alt.push(' ');
                }
                None => self.named = true,
            }
        }
    }
}

/// What a page's headings must know before the first is given an id: the ids the theme and the
/// generator use, the ids headings ask for with `{#id}` (which automatic ids leave to them), and
/// the ids of raw HTML elements.
struct PageIds<'a> {
    reserved: Reserved<'a>,
    /// Explicit heading ids and raw HTML ids.
    claimed: HashSet<String>,
    /// Ids given to headings so far.
    used: UsedIds,
    /// Explicit ids already given → the text of the heading that took it.
    explicit: HashMap<String, String>,
}

impl<'a> PageIds<'a> {
    /// Reads the page's events once for the ids that must be known up front. The footnote ids
    /// come from `footnote_ids` in the order the page uses them, as rendering will give them.
    /// The same pass fills `ahead` (one walk over the events instead of three).
    fn new(
        events: &[(Event, std::ops::Range<usize>)],
        ctx: &Context<'a>,
        footnote_ids: &mut FootnoteIds,
        ahead: &mut ReadAhead,
    ) -> PageIds<'a> {
        let mut claimed = HashSet::new();
        let mut references: HashMap<String, usize> = HashMap::new();
        let mut definitions = Vec::new();
        let mut html = Vec::new();
        // An HTML block comes a line at a time: read whole, so that a comment or a tag over
        // several lines is read as one.
        let mut block = RawHtml::default();
        for (event, range) in events {
            if !matches!(event, Event::Html(_)) && !block.text.is_empty() {
                html_ids(&block.text, &mut html);
                ahead.raw_html.push(std::mem::take(&mut block));
            }
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    ahead.has_h1 |= *level == HeadingLevel::H1;
                    ahead.headings += 1;
                    if let Some(id) = id {
                        claimed.insert(id.to_string());
                    }
                }
                Event::FootnoteReference(label) => {
                    footnote_ids.id(label);
                    *references.entry(label.to_lowercase()).or_default() += 1;
                }
                Event::Start(Tag::FootnoteDefinition(label)) => definitions.push(label),
                Event::Html(text) if ctx.raw_html => block.push(text, range.clone()),
                Event::InlineHtml(text) if ctx.raw_html => {
                    html_ids(text, &mut html);
                    let mut one = RawHtml::default();
                    one.push(text, range.clone());
                    ahead.raw_html.push(one);
                }
                _ => {}
            }
        }
        html_ids(&block.text, &mut html);
        if !block.text.is_empty() {
            ahead.raw_html.push(block);
        }
        for label in definitions {
            footnote_ids.id(label);
        }
        claimed.extend(html);
        let mut footnotes = HashMap::new();
        for (label, id) in &footnote_ids.by_label {
            footnotes.insert(format!("fn-{id}"), label.clone());
            let count = references.get(label).copied().unwrap_or(0);
            for n in 1..=count.max(1) {
                footnotes.insert(backlink_id(id, n), label.clone());
            }
        }
        PageIds {
            reserved: Reserved {
                theme: ctx.theme_ids,
                keys: ctx.keys,
                footnotes,
            },
            claimed,
            used: UsedIds::default(),
            explicit: HashMap::new(),
        }
    }

    /// The id for a heading whose text is `text`: `asked` (its `{#id}`) when that is free, else
    /// its text's slug made unique. A problem when `asked` cannot be given.
    fn heading_id(
        &mut self,
        asked: Option<String>,
        text: &str,
        offset: usize,
    ) -> (String, Option<Problem>) {
        let slug = slugify(text);
        let automatic = if slug.is_empty() {
            "section".to_string()
        } else {
            slug
        };
        let Some(asked) = asked else {
            let (reserved, claimed) = (&self.reserved, &self.claimed);
            let id = self.used.unique(automatic, |id| {
                reserved.contains(id) || claimed.contains(id)
            });
            return (id, None);
        };
        let why = match self.explicit.get(&asked) {
            Some(first) => Some(format!("the heading “{first}” already has it")),
            None => self.reserved.why(&asked),
        };
        let Some(why) = why else {
            self.explicit.insert(asked.clone(), text.to_string());
            self.used.insert(asked.clone());
            return (asked, None);
        };
        let (reserved, claimed) = (&self.reserved, &self.claimed);
        let instead = self.used.unique(format!("{asked}-2"), |id| {
            reserved.contains(id) || claimed.contains(id)
        });
        let problem = Problem {
            code: Code::HeadingId,
            offset,
            message: format!("this heading cannot have the id `{asked}`: {why}"),
            hint: Some(format!(
                "choose another id, such as `{{#{instead}}}`, or leave `{{#...}}` out for one made from the heading's text"
            )),
        };
        (instead, Some(problem))
    }
}

/// Footnote mistakes, which Markdown passes over in silence: a reference to a note the page
/// does not have (`[^2]` is then printed as written: an error) and a note nothing refers to
/// (listed under the notes with no way to it: a warning).
fn footnote_problems(events: &[(Event, std::ops::Range<usize>)], out: &mut Rendered) {
    // Markdown matches labels without regard to case (`[^Note]` is `[^note]`).
    let mut referred = HashSet::new();
    let mut notes = Vec::new();
    let mut missing = HashSet::new();
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::FootnoteReference(label) => {
                referred.insert(label.to_lowercase());
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                notes.push((label.as_ref(), range.start))
            }
            // A reference without a note reaches us as the texts "[", "^label" and "]".
            Event::Text(open) if open.as_ref() == "[" => {
                let label = match events.get(i + 1) {
                    Some((Event::Text(text), _)) => text.strip_prefix('^'),
                    _ => None,
                };
                let closed = matches!(events.get(i + 2), Some((Event::Text(text), _)) if text.starts_with(']'));
                if let Some(label) = label.filter(|l| {
                    closed
                        && !l.is_empty()
                        && !l.contains(char::is_whitespace)
                        && !l.contains(['[', ']'])
                }) && missing.len() < MAX_PROBLEMS_SHOWN
                    // Each missing note once, and no more than a page shows.
                    && missing.insert(label.to_lowercase())
                {
                    out.problems.push(Problem {
                        code: Code::Footnote,
                        offset: range.start,
                        message: format!("`[^{label}]` refers to a footnote this page does not have, so it would be printed as written"),
                        hint: Some(format!("add the note on a line of its own, usually at the end of the page: `[^{label}]: The note's text.`")),
                    });
                }
            }
            _ => {}
        }
    }
    let mut defined = HashSet::new();
    for (label, offset) in notes {
        if !defined.insert(label.to_lowercase()) {
            out.warnings.push_with(offset, || Problem {
                code: Code::Footnote,
                offset,
                message: format!(
                    "the footnote `[^{label}]` is defined a second time; this one is left out"
                ),
                hint: Some("give it a label of its own, or remove it".into()),
            });
            continue;
        }
        if !referred.contains(&label.to_lowercase()) {
            out.warnings.push_with(offset, || Problem {
                code: Code::Footnote,
                offset,
                message: format!("the footnote `[^{label}]` is never referred to, so readers reach it only by scrolling to the notes"),
                hint: Some(format!("refer to it with `[^{label}]` where it belongs in the text, or remove it")),
            });
        }
    }
}

/// The id of the `n`th reference (from 1) to the footnote whose id is `id`. Later ones take
/// `--n`: a note's id is a slug, never holding `--`, so the second reference to `x` cannot take
/// the id of the first reference to a note labelled `x-2`.
fn backlink_id(id: &str, n: usize) -> String {
    if n == 1 {
        format!("fnref-{id}")
    } else {
        format!("fnref-{id}--{n}")
    }
}

/// Renders `markdown` (a page body) to HTML.
pub fn render(markdown: &str, ctx: &Context) -> Rendered {
    // The editor's own text never contains our placeholder characters.
    let cleaned;
    const OURS: [char; 5] = [
        PLACEHOLDER_START,
        PLACEHOLDER_END,
        IMAGE_START,
        IMAGE_END,
        SPAN_MARK,
    ];
    // Each of ours is U+E00x, three bytes starting 0xEE: look for that byte first.
    let markdown = if memchr::memchr(0xEE, markdown.as_bytes()).is_some() && markdown.contains(OURS)
    {
        cleaned = markdown.replace(OURS, "\u{FFFD}");
        &cleaned
    } else {
        markdown
    };

    let marks = BracketMarks::of(markdown);
    let mut parsed = parse(markdown, &[]);
    // CommonMark lets no link hold another, and a span or a bracketed citation is read as a
    // link: one inside a link's text (`[Read about [whānau]{lang=mi}](whanau.md)`) would
    // leave the outer link as text. When one may be, the page is read again with those left
    // as text, so the outer link stands; `InLink` then makes the span's brackets a span.
    if any_may_be_in_link_text(markdown, &parsed.resolved, marks.link_close) {
        // Links never nest, so these are in order and apart: the one that may hold `r` is
        // the last to start at or before it.
        let links = link_ranges(markdown);
        let inside = |r: &std::ops::Range<usize>| {
            let after = links.partition_point(|l| l.start <= r.start);
            after > 0 && r.end <= links[after - 1].end
        };
        if parsed.resolved.iter().any(inside) {
            let refused: Vec<_> = parsed
                .resolved
                .iter()
                .filter(|r| inside(r))
                .cloned()
                .collect();
            parsed = parse(markdown, &refused);
        }
    }
    let mut spans = parsed.spans;
    let mut in_link = InLink::new(&parsed.events, parsed.refused, &mut spans);
    if marks.span {
        in_link.add_spans_holding_links(markdown, &parsed.events, &mut spans);
    }
    let mut page = PageRender::new(markdown, ctx, &parsed.events, parsed.bracketed, marks);
    page.spans = spans;
    page.in_link = in_link;
    page.warn_refused_citations();
    page.warn_undefined_labels(std::mem::take(&mut parsed.undefined), &parsed.labels);
    page.raw_links();
    // One buffer for every event's output, owned here rather than taken from the page and
    // put back for each event: most events stand for one event, and a list allocated (or
    // moved in and out) per event was a measurable share of the build.
    let mut emitted = Vec::with_capacity(8);
    for (event, range) in parsed.events {
        page.event(event, range, &mut emitted);
    }
    let mut rendered = page.finish();
    // Checks run in passes (raw HTML addresses before the page's walk, footnotes after it):
    // the editor reads what was found from the top of the page down, so it is told so.
    rendered.problems.sort_by_key(|p| p.offset);
    rendered.warnings.shown.sort_by_key(|p| p.offset);
    rendered
}

/// The pairs of characters around brackets that tell whether a page may hold a footnote, a
/// span or a link's end, found in one pass over its brackets (prose holds few) instead of a
/// search of the whole page for each pair.
#[derive(Clone, Copy, Default)]
struct BracketMarks {
    /// `[^`: a footnote reference or note.
    footnote: bool,
    /// `]{`: a span's `{...}` after its brackets.
    span: bool,
    /// `](` or `][`: a link's text closing before its address or label.
    link_close: bool,
}

impl BracketMarks {
    fn of(markdown: &str) -> BracketMarks {
        let bytes = markdown.as_bytes();
        let mut marks = BracketMarks::default();
        for i in memchr::memchr2_iter(b'[', b']', bytes) {
            match (bytes[i], bytes.get(i + 1)) {
                (b'[', Some(b'^')) => marks.footnote = true,
                (b']', Some(b'{')) => marks.span = true,
                (b']', Some(b'(' | b'[')) => marks.link_close = true,
                _ => {}
            }
        }
        marks
    }
}

/// What the walk that finds a page's ids ([`PageIds::new`]) also notes for the render.
#[derive(Default)]
struct ReadAhead {
    /// Whether the body has a level-1 heading (see `PageRender::shift`).
    has_h1: bool,
    /// How many headings the body has: the room `Rendered::headings` is given at once.
    headings: usize,
    /// The raw HTML, when the site allows it: each HTML block's lines joined, and each inline
    /// piece, in the page's order.
    raw_html: Vec<RawHtml>,
}

/// A page's Markdown read into events.
struct Parsed<'m> {
    events: Vec<(Event<'m>, std::ops::Range<usize>)>,
    /// The items of each bracketed citation, by placeholder number.
    bracketed: Vec<Vec<CiteItem>>,
    /// The bracketed spans, by number.
    spans: Vec<Span>,
    /// Where each span or bracketed citation read as a link stands (brackets included).
    resolved: Vec<std::ops::Range<usize>>,
    /// Those left as text (they are inside a link's text), each with what it would have been.
    refused: Vec<(std::ops::Range<usize>, Option<Span>)>,
    /// Each `[text][label]` and `[label][]` (or image) whose label the page does not define,
    /// with the label: printed as written (see [`PageRender::warn_undefined_labels`]).
    undefined: Vec<(std::ops::Range<usize>, String)>,
    /// The labels the page defines (`[guide]: guide.md`), read only when one is undefined.
    labels: Vec<String>,
}

/// Reads `markdown`, making each span and bracketed citation a stand-in link except those at
/// `refuse` (left as text).
fn parse<'m>(markdown: &'m str, refuse: &[std::ops::Range<usize>]) -> Parsed<'m> {
    let bracketed: std::cell::RefCell<Vec<Vec<CiteItem>>> = Default::default();
    let spans: std::cell::RefCell<Vec<Span>> = Default::default();
    let resolved: std::cell::RefCell<Vec<std::ops::Range<usize>>> = Default::default();
    let refused: std::cell::RefCell<Vec<(std::ops::Range<usize>, Option<Span>)>> =
        Default::default();
    let undefined: std::cell::RefCell<Vec<(std::ops::Range<usize>, String)>> = Default::default();
    let refuse: HashSet<(usize, usize)> = refuse.iter().map(|r| (r.start, r.end)).collect();
    let mut brace_ends = BraceEnds::default();
    let mut callback = |link: pulldown_cmark::BrokenLink<'_>| {
        if link.link_type != LinkType::Shortcut {
            // The parser asks only when no definition has the label: noted (cheaply, as it is
            // rare) for a warning. A shortcut `[text]` alone is bracketed prose, not asked.
            if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
                undefined
                    .borrow_mut()
                    .push((link.span.clone(), link.reference.to_string()));
            }
            return None;
        }
        if refuse.contains(&(link.span.start, link.span.end)) {
            let span = Span::after(markdown, link.span.end, &mut brace_ends);
            refused.borrow_mut().push((link.span.clone(), span));
            return None;
        }
        let Some(items) = parse_citation_group(&link.reference) else {
            let span = Span::after(markdown, link.span.end, &mut brace_ends)?;
            resolved.borrow_mut().push(link.span.clone());
            let mut spans = spans.borrow_mut();
            spans.push(span);
            return Some((
                CowStr::from(format!("{SPAN_MARK}{}", spans.len() - 1)),
                CowStr::from(""),
            ));
        };
        resolved.borrow_mut().push(link.span.clone());
        let mut groups = bracketed.borrow_mut();
        groups.push(items);
        Some((
            CowStr::from(format!("{PLACEHOLDER_START}{}", groups.len() - 1)),
            CowStr::from(""),
        ))
    };
    let parser = Parser::new_with_broken_link_callback(markdown, options(), Some(&mut callback));
    let mut iter = parser.into_offset_iter();
    // Pages hold about one event for every 20 bytes: sized once, the list is not copied as it
    // grows (that copying was ~3% of a build). A huge page (a long code block is one event)
    // grows it as needed beyond the first 65,536.
    let mut events = Vec::with_capacity((markdown.len() / 16 + 16).min(1 << 16));
    events.extend(iter.by_ref());
    let labels = if undefined.borrow().is_empty() {
        Vec::new()
    } else {
        let mut labels: Vec<String> = iter
            .reference_definitions()
            .iter()
            .map(|(label, _)| label.to_string())
            .collect();
        // The map's order is random; the nearest label is then found the same way each time.
        labels.sort_unstable();
        labels
    };
    drop(iter);
    Parsed {
        events,
        bracketed: bracketed.into_inner(),
        spans: spans.into_inner(),
        resolved: resolved.into_inner(),
        refused: refused.into_inner(),
        undefined: undefined.into_inner(),
        labels,
    }
}

/// Whether any of the spans and bracketed citations at `resolved` may stand inside a link's
/// text, as [`may_be_in_link_text`] tells it for each, in one pass over the page: asking for
/// each from its paragraph's start took time growing with the square of a long paragraph's
/// citations (20,000 in one paragraph with a link after them: over a minute).
/// `link_close` tells whether the page holds a `](` or `][` anywhere: without one, no range in
/// the text can be in a link's text.
fn any_may_be_in_link_text(
    markdown: &str,
    resolved: &[std::ops::Range<usize>],
    link_close: bool,
) -> bool {
    let bytes = markdown.as_bytes();
    if !link_close && resolved.iter().all(|r| r.start.max(r.end) <= bytes.len()) {
        return false;
    }
    // The state of the text read so far: where its paragraph starts, that paragraph's open
    // brackets, and the last ` (looked for only in what is new: a paragraph of 20,000
    // citations and a link must not be searched from its start for each).
    let (mut at, mut open, mut paragraph) = (0usize, 0usize, 0usize);
    let mut tick: Option<usize> = None;
    // The first `\n\n`, `](` and `][` at or after `searched` (`None`: there is none), kept
    // while they are after the range asked about.
    let mut next: [Option<usize>; 3] = [None; 3];
    let mut searched: Option<usize> = None;
    const MARKS: [&[u8]; 3] = [b"\n\n", b"](", b"]["];
    for r in resolved {
        if r.start < at
            || r.end > bytes.len()
            || r.start > r.end
            || searched.is_some_and(|from| r.end < from)
        {
            // Out of order, or not in the text: asked alone.
            if may_be_in_link_text(markdown, r) {
                return true;
            }
            continue;
        }
        // Only line breaks and brackets change the state: found by memchr, not byte by byte.
        for i in memchr::memchr3_iter(b'\n', b'[', b']', &bytes[at..r.start]).map(|i| at + i) {
            match bytes[i] {
                b'\n' if i > 0 && bytes[i - 1] == b'\n' => (open, paragraph) = (0, i + 1),
                b'[' => open += 1,
                b']' if i == 0 || bytes[i - 1] != b'\\' => open = open.saturating_sub(1),
                _ => {}
            }
        }
        if let Some(t) = memchr::memrchr(b'`', &bytes[at..r.start]) {
            tick = Some(at + t);
        }
        at = r.start;
        let first = searched.is_none();
        searched = Some(r.end);
        for (found, mark) in next.iter_mut().zip(MARKS) {
            if first || found.is_some_and(|f| f < r.end) {
                *found = memchr::memmem::find(&bytes[r.end..], mark).map(|f| r.end + f);
            }
        }
        let paragraph_end = next[0].unwrap_or(bytes.len());
        let closes = next[1..]
            .iter()
            .any(|f| f.is_some_and(|f| f + 2 <= paragraph_end));
        // A ` in the paragraph before the range (a code span may hide a `]`).
        if closes && (open > 0 || tick.is_some_and(|t| t >= paragraph)) {
            return true;
        }
    }
    false
}

/// Whether the span or bracketed citation at `r` may stand inside a link's text, told from its
/// paragraph alone (most pages with citations have links too, and finding where the links are
/// is a second parse): a `[` still open before it, and a `](` or `][` after it. A link's text
/// holds no blank line and balanced brackets, so a `false` is sure; a `true` is checked by
/// parsing. A `]` counts as closing unless escaped, and a code span before it (whose `]` may be
/// text) makes the answer `true`.
fn may_be_in_link_text(markdown: &str, r: &std::ops::Range<usize>) -> bool {
    let bytes = markdown.as_bytes();
    let (Some(before), Some(after)) = (bytes.get(..r.start), bytes.get(r.end..)) else {
        return true;
    };
    let start = memchr::memmem::rfind(before, b"\n\n").map_or(0, |i| i + 2);
    let end = memchr::memmem::find(after, b"\n\n").unwrap_or(after.len());
    let (before, after) = (&before[start..], &after[..end]);
    if memchr::memmem::find(after, b"](").is_none() && memchr::memmem::find(after, b"][").is_none()
    {
        return false;
    }
    if before.contains(&b'`') {
        return true;
    }
    let mut open = 0usize;
    for (i, &b) in before.iter().enumerate() {
        match b {
            b'[' => open += 1,
            b']' if i == 0 || before[i - 1] != b'\\' => open = open.saturating_sub(1),
            _ => {}
        }
    }
    open > 0
}

/// Where each link of `markdown` stands when no span or citation is read as one.
fn link_ranges(markdown: &str) -> Vec<std::ops::Range<usize>> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| {
            matches!(event, Event::Start(Tag::Link { .. })).then_some(range)
        })
        .collect()
}

/// The spans and bracketed citations inside a link's text, read as text (see [`render`]).
#[derive(Default)]
struct InLink {
    /// The byte offset of a span's `[` or `]` → the span, to be opened or closed there.
    brackets: HashMap<usize, Bracket>,
    /// Where each bracketed citation inside a link's text starts.
    citations: Vec<usize>,
}

/// A bracket of a span inside a link's text.
#[derive(Clone, Copy)]
enum Bracket {
    Open(usize),
    Close,
}

impl InLink {
    /// Each span of `refused` whose brackets are texts of their own at one depth of `events`
    /// (emphasis that crosses them, `[a *b]{lang=mi} c*`, leaves the span as text, which
    /// [`PageRender::unread_span`] reports), added to `spans`.
    fn new(
        events: &[(Event, std::ops::Range<usize>)],
        refused: Vec<(std::ops::Range<usize>, Option<Span>)>,
        spans: &mut Vec<Span>,
    ) -> InLink {
        let mut in_link = InLink::default();
        if refused.is_empty() {
            return in_link;
        }
        let brackets: HashMap<usize, usize> = events
            .iter()
            .enumerate()
            .filter(|(_, (event, range))| {
                range.len() == 1
                    && matches!(event, Event::Text(t) if matches!(t.as_ref(), "[" | "]"))
            })
            .map(|(i, (_, range))| (range.start, i))
            .collect();
        for (range, span) in refused {
            let Some(span) = span else {
                in_link.citations.push(range.start);
                continue;
            };
            let open = brackets.get(&range.start);
            let close = brackets.get(&range.end.saturating_sub(1));
            let (Some(&open), Some(&close)) = (open, close) else {
                continue;
            };
            if close <= open || !balanced(&events[open + 1..close]) {
                continue;
            }
            let index = spans.len();
            spans.push(span);
            in_link.brackets.insert(range.start, Bracket::Open(index));
            in_link.brackets.insert(range.end - 1, Bracket::Close);
        }
        in_link
    }
}

/// A `[` left as text, waiting for the `]` that closes it (see
/// [`InLink::add_spans_holding_links`]).
struct OpenBracket {
    /// Its event's index.
    event: usize,
    /// How many elements were open when it was read, and the fewest open since.
    depth: usize,
    lowest: usize,
    /// Whether a link (a span, a citation) or a footnote reference was read since.
    holds_link: bool,
}

impl InLink {
    /// Each span whose brackets hold a link, a citation, a footnote reference or another span
    /// (`[see [the guide](guide.md) today]{lang=en}`), added to `spans`: CommonMark lets no
    /// link hold another, so its brackets were left as text. Found in one pass over the events
    /// already read (no second parse), matching each `]` with the last `[` still open, as
    /// CommonMark does; a pair that crosses an element (`[a *b]{lang=mi} c*`) stays text,
    /// which [`PageRender::unread_span`] reports. Called only when the page holds a `]{`.
    fn add_spans_holding_links(
        &mut self,
        markdown: &str,
        events: &[(Event, std::ops::Range<usize>)],
        spans: &mut Vec<Span>,
    ) {
        // A citation inside a link's text is left as text (with a warning): a span holding
        // one holds it as text, as it does a footnote reference without a note.
        let citations: HashSet<usize> = self.citations.iter().copied().collect();
        let mut open: Vec<OpenBracket> = Vec::new();
        let mut depth = 0usize;
        let mut brace_ends = BraceEnds::default();
        for (i, (event, range)) in events.iter().enumerate() {
            match event {
                Event::Text(t) if range.len() == 1 && t.as_ref() == "[" => open.push(OpenBracket {
                    event: i,
                    depth,
                    lowest: depth,
                    holds_link: false,
                }),
                Event::Text(t) if range.len() == 1 && t.as_ref() == "]" => {
                    let Some(bracket) = open.pop() else {
                        continue;
                    };
                    let start = events[bracket.event].1.start;
                    if let Some(outer) = open.last_mut() {
                        outer.lowest = outer.lowest.min(bracket.lowest);
                        // `[^nope]`, a footnote reference without a note, is an error of
                        // its own: a span holding it is still a span.
                        let note = markdown.as_bytes().get(start + 1) == Some(&b'^');
                        outer.holds_link |=
                            bracket.holds_link || note || citations.contains(&start);
                    }
                    if !bracket.holds_link
                        || bracket.depth != depth
                        || bracket.lowest < depth
                        || self.brackets.contains_key(&start)
                        || self.brackets.contains_key(&range.start)
                    {
                        continue;
                    }
                    let Some(span) = Span::after(markdown, range.end, &mut brace_ends) else {
                        continue;
                    };
                    self.brackets.insert(start, Bracket::Open(spans.len()));
                    self.brackets.insert(range.start, Bracket::Close);
                    spans.push(span);
                }
                Event::Start(Tag::Link { .. }) | Event::FootnoteReference(_) => {
                    if let Some(last) = open.last_mut() {
                        last.holds_link = true;
                    }
                    depth += usize::from(matches!(event, Event::Start(_)));
                }
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        // Brackets never pair across top-level blocks.
                        open.clear();
                    }
                    if let Some(last) = open.last_mut() {
                        last.lowest = last.lowest.min(depth);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether every element `events` opens, it closes, and none it closes was opened before.
fn balanced(events: &[(Event, std::ops::Range<usize>)]) -> bool {
    let mut depth = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return false,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

/// Marks a bracketed span's stand-in link address (`[whānau]{lang=mi}` is read as a link
/// whose address is this mark and the span's number).
const SPAN_MARK: char = '\u{E004}';

/// A bracketed span, `[words]{lang=mi}`: what its `{...}` asks for, and where that is.
#[derive(Debug)]
struct Span {
    attributes: Result<SpanAttributes, SpanProblem>,
    /// The `{...}`, braces included, in the Markdown.
    block: std::ops::Range<usize>,
}

impl Span {
    /// The span whose `]` ends just before `end` in `markdown`, when a `{...}` on the same line
    /// follows it.
    fn after(markdown: &str, end: usize, ends: &mut BraceEnds) -> Option<Span> {
        markdown.get(end..)?.strip_prefix('{')?;
        let close = ends.next(markdown, end + 1)?;
        if markdown.as_bytes().get(close) != Some(&b'}') {
            return None;
        }
        Some(Span {
            attributes: lang::parse_attributes(&markdown[end + 1..close], end + 1),
            block: end..close + 1,
        })
    }
}

/// Finds the first `}` or line end at or after an offset, remembering the last one found: a
/// line of thousands of `]{` and no `}` asks each for the same line end, which searching anew
/// from each made quadratic (a 1 MB line took minutes).
#[derive(Debug, Default)]
struct BraceEnds {
    /// The last search: where it started and what it found (none: the text ends first). No
    /// `}` or line end lies between the two.
    last: Option<(usize, Option<usize>)>,
}

impl BraceEnds {
    fn next(&mut self, markdown: &str, from: usize) -> Option<usize> {
        if let Some((start, found)) = self.last
            && start <= from
            && found.is_none_or(|found| from <= found)
        {
            return found;
        }
        let found = markdown
            .as_bytes()
            .get(from..)
            .and_then(|rest| memchr::memchr2(b'}', b'\n', rest))
            .map(|at| from + at);
        self.last = Some((from, found));
        found
    }
}

/// Where the next of some bytes lies in a page, remembered from one search to the next. Texts
/// come in the page's order, and most are a few words: one search of each cost more in the
/// search's start than in its bytes, while one search up to the next such byte answers every
/// text before it. [`NextBracket`] and [`NextAt`] use it.
#[derive(Debug, Default)]
struct NextOf {
    /// The last search of the page: where it started, and the first byte found at or after
    /// that (the page's length: none). None lies between the two.
    last: Option<(usize, usize)>,
}

impl NextOf {
    /// Whether `page[range]` holds a byte `find` finds (`find` gives the first one's offset),
    /// as a search of it alone would tell.
    fn in_range(
        &mut self,
        page: &[u8],
        range: std::ops::Range<usize>,
        find: impl Fn(&[u8]) -> Option<usize>,
    ) -> bool {
        let Some(source) = page.get(range.clone()) else {
            return false;
        };
        let next = match self.last {
            Some((from, next)) if from <= range.start && range.start <= next => next,
            // A text before the last search (not in the page's order): looked through alone,
            // so that no part of the page is searched twice.
            Some((from, _)) if range.start < from => return find(source).is_some(),
            // Past the last byte found: the search goes on from this text, beyond the part
            // searched already.
            _ => {
                let next = find(&page[range.start..]).map_or(page.len(), |at| range.start + at);
                self.last = Some((range.start, next));
                next
            }
        };
        next < range.end
    }
}

/// Tells whether a text's source holds a `]`, `[` or `{` (what [`PageRender::unread_span`]
/// and the shortcode checks look for).
#[derive(Debug, Default)]
struct NextBracket(NextOf);

impl NextBracket {
    fn in_source(&mut self, markdown: &[u8], range: std::ops::Range<usize>) -> bool {
        self.0.in_range(markdown, range, |bytes| {
            memchr::memchr3(b']', b'[', b'{', bytes)
        })
    }
}

/// Tells whether a text holds an `@` (where a bare citation may start), as a search of the
/// text alone would. Most texts are slices of the page (a million texts in 10,000 pages); a
/// text made by the parser (a character reference, `&#64;`) is searched alone.
#[derive(Debug, Default)]
struct NextAt(NextOf);

impl NextAt {
    fn in_text(&mut self, markdown: &str, text: &str) -> bool {
        let find = |bytes: &[u8]| memchr::memchr(b'@', bytes);
        // Where the text stands in the page, when it is a slice of it (no other string can
        // be at an address inside the page's).
        match (text.as_ptr() as usize)
            .checked_sub(markdown.as_ptr() as usize)
            .filter(|start| start + text.len() <= markdown.len())
        {
            Some(start) => self
                .0
                .in_range(markdown.as_bytes(), start..start + text.len(), find),
            None => find(text.as_bytes()).is_some(),
        }
    }
}

/// One page being rendered: the events read so far, turned into the body's events, and what
/// was found on the way.
struct PageRender<'m, 'c> {
    markdown: &'m str,
    ctx: &'c Context<'c>,
    /// The items of each bracketed citation, by placeholder number.
    bracketed: Vec<Vec<CiteItem>>,
    /// The page's title is its only h1: when the body has level-1 headings too, every heading
    /// moves down a level.
    shift: bool,
    /// The page's raw HTML, in order: each HTML block's lines joined, and each inline piece
    /// ([`Self::raw_links`] reads it).
    raw_html: Vec<RawHtml>,
    stats: TextStats,
    /// How many separators and direction controls the page's text holds, and where the first
    /// not shown is ([`Self::warn_invisible`]).
    invisible: (usize, usize),
    /// Whether the Markdown holds `&#` (a numeric character reference may make a character no
    /// page may hold, which reading the file could not see): most pages do not.
    char_references: bool,
    /// Inside a bracketed citation written in an image's alt text ([`Self::alt_text`]).
    alt_citation: bool,
    out: Rendered,
    footnote_ids: FootnoteIds,
    page_ids: PageIds<'c>,
    body: Vec<Event<'m>>,
    footnotes: Vec<(String, Vec<Event<'m>>)>,
    /// The labels in `footnotes` (a page may define thousands).
    footnote_labels: HashSet<String>,
    /// label → (number, count)
    footnote_refs: HashMap<String, (usize, usize)>,
    in_footnote: Option<(String, Vec<Event<'m>>)>,
    heading: Option<OpenHeading<'m>>,
    /// The room of the last heading's events and text, lent to the next: each heading's grew
    /// from empty (one allocation or more per heading).
    heading_events: Vec<Event<'m>>,
    heading_text: String,
    skip_until_link_end: bool,
    in_code_block: bool,
    /// The image being read, and how many images deep (an alt text may hold another).
    image: Option<Image>,
    image_depth: usize,
    /// Images with a title, each where it stands in `body` and its index: those alone in a
    /// paragraph become figures.
    captioned: Vec<(usize, usize)>,
    /// Bare `@word`s that are not keys → the key each is near, if any (a page may repeat a
    /// handle thousands of times).
    near_keys: HashMap<String, Option<String>>,
    /// Source bytes already read as a narrative citation's locator (`@key [p. 33]`) or a
    /// span's `{...}`: the events inside are dropped.
    consumed: Option<std::ops::Range<usize>>,
    /// The page's bracketed spans, by number.
    spans: Vec<Span>,
    /// Where the `{...}` after each `]` left as text ends ([`Self::unread_span`]).
    brace_ends: BraceEnds,
    /// Whether a text's source holds a bracket, for the checks that look for one.
    next_bracket: NextBracket,
    /// Whether a text holds an `@`, for the bare citations.
    next_at: NextAt,
    /// The spans and bracketed citations inside links' text.
    in_link: InLink,
    /// Where each `[` written as text in the block being read is (an unmatched one).
    /// Each with whether a footnote reference followed it.
    open_brackets: Vec<(usize, bool)>,
    /// A `]` left as text followed by `[`: where that `[` is, and the `[` and footnote flag of
    /// the brackets it closed ([`Self::reference_after`]).
    reference_after: Option<(usize, usize, bool)>,
    /// What each link open now stands for.
    open_links: Vec<OpenLink>,
    /// For each real link open now (none: the text being read is outside links): where it
    /// starts, and whether it has a name yet (text, or an image with alt text). A link without
    /// one is announced by its address alone.
    link_names: Vec<(usize, bool)>,
    /// Marks the glossary's terms, when the site has a glossary.
    marker: Option<glossary::Marker<'c>>,
    /// How many spans with a `lang` are open: the editor marked that text's language already.
    lang_spans: usize,
    /// How many `<a>` and `<code>` elements written as raw HTML are open: a glossary link
    /// inside a link would nest links, and code is left as written.
    raw_unmarked: usize,
    /// For each block quote open, whether it is a callout (closed with `</aside>`).
    quotes: Vec<bool>,
    /// The level of the last heading written (1: the page's title), to warn of a skipped one.
    last_level: usize,
    /// The table open in the body: where its wrapper's opening goes in `body`, the words of
    /// its header row (the wrapper's name), and whether the header row is being read.
    table: Option<OpenTable>,
    /// Tables begun so far: the one open is this one (a table cannot hold another).
    tables: usize,
    /// The names given to the page's table regions so far, escaped (see [`close_table`]).
    table_names: HashSet<String>,
    /// The raw HTML elements of [`CONTAINERS`] open so far on the page, by name (a stack of
    /// each name, so that an end tag finds its element at once however many are open): where
    /// its start tag is in the page, and whether a warning about its tag was given already.
    raw_open: HashMap<&'static str, Vec<(usize, bool)>>,
    /// The lines of the HTML block being read, checked together when it ends.
    raw_block: RawHtml,
    /// The raw `<a href>`s rewritten as Markdown links are (see [`Self::raw_links`]), by
    /// where the raw HTML event holding each starts in the page: (byte offset of the address
    /// in the event's text, its length, the address to write).
    raw_rewrites: HashMap<usize, Vec<(usize, usize, String)>>,
}

/// Follows a table of the body or a footnote (`out`, which its events go to): its
/// wrapper's place when it opens, its header's and first row's words.
/// Called only for events [`in_or_opens_table`] names.
fn table_event<'m>(table: &mut Option<OpenTable>, out: &mut Vec<Event<'m>>, event: &Event<'m>) {
    match event {
        Event::Start(Tag::Table(_)) => {
            *table = Some(OpenTable {
                at: out.len(),
                head: Vec::new(),
                in_head: false,
                first_row: Vec::new(),
                rows: 0,
            });
            // Filled in when the table closes, once its header's words are known.
            out.push(Event::Html(CowStr::Borrowed("")));
        }
        Event::Start(Tag::TableHead) | Event::End(TagEnd::TableHead) => {
            if let Some(table) = table.as_mut() {
                table.in_head = matches!(event, Event::Start(_));
            }
        }
        Event::Start(Tag::TableRow) => {
            if let Some(table) = table.as_mut() {
                table.rows += 1;
            }
        }
        Event::Start(Tag::TableCell) => match table.as_mut() {
            Some(table) if table.in_head => table.head.push(String::new()),
            Some(table) if table.rows == 1 => table.first_row.push(String::new()),
            _ => {}
        },
        Event::Text(t) | Event::Code(t) => {
            let cell = table.as_mut().and_then(|table| {
                if table.in_head {
                    table.head.last_mut()
                } else if table.rows == 1 {
                    table.first_row.last_mut()
                } else {
                    None
                }
            });
            if let Some(cell) = cell {
                cell.push_str(t);
            }
        }
        _ => {}
    }
}

/// Whether [`table_event`] has anything to do with `event`: most events are outside tables,
/// and are told so here, where the caller inlines it, rather than by a call for each.
fn in_or_opens_table(table: &Option<OpenTable>, event: &Event) -> bool {
    table.is_some() || matches!(event, Event::Start(Tag::Table(_)))
}

/// A body table ends: it is wrapped in a scroll region named by its header row, or by its
/// first row when the header row has no words (`| | |`), or else by its number on the page
/// in the theme's words (`number`: "Table 2", escaped for an attribute): a focusable region
/// with no name is announced by a screen reader as nothing at all. A name an earlier table
/// of the page has (`used`) gets the number after it ("Age, Dose (Table 2)"): two regions of
/// one name cannot be told apart in a screen reader's list of landmarks (axe's
/// `landmark-unique`).
fn close_table(
    table: &mut Option<OpenTable>,
    out: &mut Vec<Event<'_>>,
    number: &str,
    used: &mut HashSet<String>,
) {
    let Some(table) = table.take() else {
        return;
    };
    let words = |row: &[String]| {
        row.iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut name = words(&table.head);
    if name.is_empty() {
        name = words(&table.first_row);
    }
    let mut label = String::new();
    if name.is_empty() {
        label.push_str(number);
    } else {
        crate::support::escape::html(&name, &mut label);
        if used.contains(&label) {
            label = format!("{label} ({number})");
        }
    }
    let mut open =
        String::from("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"");
    open.push_str(&label);
    open.push_str("\">\n");
    used.insert(label);
    if let Some(slot) = out.get_mut(table.at) {
        *slot = Event::Html(CowStr::from(open));
    }
    out.push(Event::Html(CowStr::Borrowed("</div>\n")));
}

/// A table being read: it is wrapped in a focusable, named scroll region, so a keyboard
/// reaches the columns a narrow screen cuts off (WCAG 2.1.1; axe's
/// `scrollable-region-focusable`).
struct OpenTable {
    at: usize,
    /// The header row's cells' words.
    head: Vec<String>,
    in_head: bool,
    /// The first body row's cells' words: the name when the header row has none.
    first_row: Vec<String>,
    /// Body rows begun so far.
    rows: usize,
}

impl<'m, 'c> PageRender<'m, 'c> {
    fn new(
        markdown: &'m str,
        ctx: &'c Context<'c>,
        events: &[(Event<'m>, std::ops::Range<usize>)],
        bracketed: Vec<Vec<CiteItem>>,
        marks: BracketMarks,
    ) -> PageRender<'m, 'c> {
        let mut footnote_ids = FootnoteIds::default();
        let mut ahead = ReadAhead::default();
        let page_ids = PageIds::new(events, ctx, &mut footnote_ids, &mut ahead);
        let mut out = Rendered::default();
        // Sized once, exactly: grown from empty, the list was moved at the fifth heading and the
        // ninth, and kept room for as many more all build.
        out.headings.reserve_exact(ahead.headings);
        // Most pages have no footnote (no `[^`): then no pass over the events.
        if marks.footnote {
            footnote_problems(events, &mut out);
        }
        PageRender {
            markdown,
            ctx,
            bracketed,
            shift: ahead.has_h1,
            raw_html: ahead.raw_html,
            stats: TextStats::default(),
            invisible: (0, 0),
            char_references: memchr::memmem::find(markdown.as_bytes(), b"&#").is_some(),
            alt_citation: false,
            out,
            footnote_ids,
            page_ids,
            // Room for the glossary's marks and tables' wrappers besides the page's own events:
            // a page of many terms outgrew a quarter more, and the whole body was copied.
            body: Vec::with_capacity(events.len() + events.len() / 2 + 16),
            footnotes: Vec::new(),
            footnote_labels: HashSet::new(),
            footnote_refs: HashMap::new(),
            in_footnote: None,
            heading: None,
            heading_events: Vec::new(),
            heading_text: String::new(),
            skip_until_link_end: false,
            in_code_block: false,
            image: None,
            image_depth: 0,
            captioned: Vec::new(),
            near_keys: HashMap::new(),
            consumed: None,
            spans: Vec::new(),
            brace_ends: BraceEnds::default(),
            next_bracket: NextBracket::default(),
            next_at: NextAt::default(),
            in_link: InLink::default(),
            reference_after: None,
            open_brackets: Vec::new(),
            open_links: Vec::new(),
            link_names: Vec::new(),
            marker: ctx
                .glossary
                .map(|g| glossary::Marker::new(g, ctx.url, ctx.lang)),
            lang_spans: 0,
            raw_unmarked: 0,
            quotes: Vec::new(),
            table: None,
            last_level: 1,
            tables: 0,
            table_names: HashSet::new(),
            raw_open: HashMap::new(),
            raw_block: RawHtml::default(),
            raw_rewrites: HashMap::new(),
        }
    }

    /// Checks the addresses of the page's raw `<a href>`s as its Markdown links are (a
    /// missing page or file, a `#fragment`, an `http://` address with no site), and notes
    /// those rewritten (a page's `.md` file to its URL, a path from the site's root or a
    /// bundle's file to one relative to the page) for [`Self::event`] to write. Read before
    /// the walk, since an HTML block is read whole only once it has been written out.
    fn raw_links(&mut self) {
        // Gathered by [`PageIds::new`]'s walk (none when the site turns raw HTML off).
        for raw in std::mem::take(&mut self.raw_html) {
            self.raw_links_in(&raw);
        }
    }

    /// [`Self::raw_links`] for one piece of raw HTML (an HTML block's lines joined).
    fn raw_links_in(&mut self, raw: &RawHtml) {
        let mut offsets = RawOffsets::new(self.markdown, &raw.text, &raw.pieces);
        for address in raw_addresses(&raw.text) {
            let offset = offsets.of(address.at);
            // As a browser reads it: character references decoded (`&amp;` is `&`), and the
            // line breaks and tabs of an address written over two lines left out.
            let dest: String = crate::support::escape::decode_char_refs(address.written)
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            if address.repeated {
                let (element, attribute) = (address.element, address.attribute);
                self.out.warnings.push_with(offset, || Problem {
                    code: Code::RawHtml,
                    offset,
                    message: format!("this raw HTML `<{element}>` has a second `{attribute}`, which a browser ignores: it uses the first, so this one is not checked or rewritten"),
                    hint: Some(format!("keep one `{attribute}` in the tag: remove the one you do not want")),
                });
                continue;
            }
            // Another tool's template code (`{{ site.baseurl }}/img/x.png`, as a site moved
            // from Jekyll has): told at its place by `check_raw_html`, as in running text, not
            // as a file the site lacks; the address is left as written.
            if dest.contains("{{") || dest.contains("{%") {
                continue;
            }
            let href = match address.used {
                RawUse::Link => {
                    if let Some(fragment) = dest.strip_prefix('#') {
                        self.out.fragment_links.push(FragmentLink {
                            offset,
                            page: None,
                            fragment: urls::percent_decode(fragment),
                        });
                    }
                    rewrite_link(&dest, self.ctx, offset, &mut self.out)
                }
                RawUse::Form | RawUse::Refresh => {
                    if let Some(warning) = raw_away_warning(address.used, &dest, offset) {
                        self.out.warnings.push(warning);
                    }
                    rewrite_link(&dest, self.ctx, offset, &mut self.out)
                }
                RawUse::Image | RawUse::Media => {
                    embedded_file(&dest, &address, self.ctx, offset, &mut self.out)
                }
                RawUse::Base => {
                    self.out.problems.push(Problem {
                        code: Code::BrokenLink,
                        offset,
                        message: format!("this raw HTML `<base href=\"{dest}\">` makes a browser read every relative address of the page from `{dest}`: the theme's links, styles and scripts and the page's own links and images, all written relative to the page, would lead elsewhere"),
                        hint: Some("remove the `<base>`, and write each link that should go to another site in full (`https://example.org/sleep`)".into()),
                    });
                    None
                }
            };
            if let Some(href) = href {
                self.rewrite_raw(raw, address.at..address.at + address.written.len(), &href);
            }
        }
    }

    /// Notes `href` to be written in place of `raw.text[written]` (an address), escaped for
    /// an attribute whatever its quotes. An address written over two lines is in two events:
    /// the first gets `href`, the next lose their part.
    fn rewrite_raw(&mut self, raw: &RawHtml, written: std::ops::Range<usize>, href: &str) {
        let mut escaped = String::new();
        crate::support::escape::html(href, &mut escaped);
        // A space would end an unquoted value (and a `srcset`'s address): as the browser
        // sends it.
        let escaped = escaped.replace(' ', "%20").replace('\u{c}', "%0C");
        let mut replacement = Some(escaped);
        // From the piece holding its start (a block may have thousands of lines).
        let first = raw
            .pieces
            .partition_point(|(start, _)| *start <= written.start)
            .max(1)
            - 1;
        for (index, (start, range)) in raw.pieces.iter().enumerate().skip(first) {
            if *start >= written.end {
                break;
            }
            let end = raw.pieces.get(index + 1).map_or(raw.text.len(), |p| p.0);
            if end <= written.start {
                continue;
            }
            let from = written.start.max(*start) - start;
            let to = written.end.min(end) - start;
            self.raw_rewrites.entry(range.start).or_default().push((
                from,
                to - from,
                replacement.take().unwrap_or_default(),
            ));
        }
    }

    /// `html`, a raw HTML event's text read from the page at `start`, with the addresses
    /// [`Self::raw_links`] rewrote.
    fn rewritten_raw_html(&mut self, html: &CowStr<'m>, start: usize) -> Option<CowStr<'m>> {
        let mut rewrites = self.raw_rewrites.remove(&start)?;
        // Written in one pass: replacing each in place moved the rest of the text each time,
        // quadratic on a line of many images.
        rewrites.sort_by_key(|(at, _, _)| *at);
        let mut text = String::with_capacity(html.len());
        let mut from = 0;
        for (at, length, href) in &rewrites {
            let end = at + length;
            if *at >= from && html.is_char_boundary(*at) && html.is_char_boundary(end) {
                text.push_str(&html[from..*at]);
                text.push_str(href);
                from = end;
            }
        }
        text.push_str(&html[from..]);
        Some(CowStr::from(text))
    }

    fn demote(&self, level: HeadingLevel) -> HeadingLevel {
        match level {
            _ if !self.shift => level,
            HeadingLevel::H1 => HeadingLevel::H2,
            HeadingLevel::H2 => HeadingLevel::H3,
            HeadingLevel::H3 => HeadingLevel::H4,
            HeadingLevel::H4 => HeadingLevel::H5,
            _ => HeadingLevel::H6,
        }
    }

    /// `text` (at `range` of the Markdown) without the characters no page may hold, which
    /// only a character reference (`&#x1;`) can have made there (reading the file left out
    /// those written as they are), with a warning at the first reference.
    fn drop_forbidden(&mut self, event: &mut Event<'m>, range: &std::ops::Range<usize>) {
        if !self.char_references {
            return;
        }
        let Event::Text(text) = event else {
            return;
        };
        if !crate::support::escape::holds_forbidden(text) {
            return;
        }
        // One pass: the characters kept, and those left out named for the warning.
        let mut kept = String::with_capacity(text.len());
        let mut named: Vec<String> = Vec::new();
        for c in text.chars() {
            if crate::support::escape::forbidden_in_markup(c) {
                named.push(format!("U+{:04X}", c as u32));
            } else {
                kept.push(c);
            }
        }
        let source = self.markdown.get(range.clone()).unwrap_or_default();
        let offset = range.start + memchr::memmem::find(source.as_bytes(), b"&#").unwrap_or(0);
        self.out.warnings.push_with(offset, || Problem {
            code: Code::InvisibleCharacter,
            offset,
            message: format!(
                "a character reference here makes {}, which no web page or feed may hold: left out",
                named.join(", ")
            ),
            hint: Some(
                "delete the reference (`&#x1;` and the like): no reader could see the character"
                    .into(),
            ),
        });
        *event = Event::Text(CowStr::from(kept));
    }

    /// Adds what `event` (at `offset`) writes to the alt text of the image being read; `true`
    /// when the event is taken for it and nothing else: a bracketed citation's brackets, as
    /// alt text cannot link to a reference (the citation is shown as written, with a warning,
    /// as one in a link's text is).
    fn alt_text(&mut self, event: &Event<'m>, offset: usize) -> bool {
        let raw_html = self.ctx.raw_html;
        // A comment in alt text is published there as text too, unwarned otherwise.
        if !raw_html && let Event::InlineHtml(html) | Event::Html(html) = event {
            self.warn_published_comment(html, offset);
        }
        let Some(image) = self.image.as_mut() else {
            return false;
        };
        match event {
            Event::Text(text) | Event::Code(text) => image.alt.push_str(text),
            // Without raw HTML, `<Enter>` is text in the page, so in the alt text too. With
            // it, a tag shows nothing in the page, nor in the alt (as CommonMark's own
            // renderer leaves it out there).
            Event::InlineHtml(html) | Event::Html(html) if !raw_html => image.alt.push_str(html),
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(PLACEHOLDER_START) => {
                image.alt.push('[');
                self.alt_citation = true;
                self.out.warnings.push_with(offset, || Problem {
                    code: Code::NestedLink,
                    offset,
                    message: "this citation is in an image's alt text, which cannot link to its reference: it is shown as written there, and the work is not cited here".into(),
                    hint: Some("cite the work in the text beside the image, `![A diagram of the cycle](cycle.png) Adapted from Bowlby [@key].`".into()),
                });
                return true;
            }
            Event::End(TagEnd::Link) if self.alt_citation => {
                image.alt.push(']');
                self.alt_citation = false;
                return true;
            }
            _ => {}
        }
        false
    }

    /// Editors leave notes to each other in HTML comments, thinking them hidden: without raw
    /// HTML they are published as text, so each is a warning (the summary divider has its own).
    fn warn_published_comment(&mut self, html: &str, start: usize) {
        if let Some(at) = memchr::memmem::find(html.as_bytes(), b"<!--")
            && !is_summary_divider(html)
        {
            let offset = start + at;
            self.out.warnings.push_with(offset, || Problem {
                code: Code::RawHtml,
                offset,
                message: "this HTML comment is published as text on the page: site.yaml has `markdown: {raw_html: false}`, so HTML, comments too, is shown as written".into(),
                hint: Some("delete it if it is a note to other editors (keep such notes out of the page's file), or set `markdown: {raw_html: true}` in site.yaml if the site's editors are trusted with HTML".into()),
            });
        }
    }

    /// Reads one event of the page. `emitted` is empty, and is left empty: the caller's
    /// buffer for the events that stand for this one, reused from event to event.
    fn event(
        &mut self,
        mut event: Event<'m>,
        mut range: std::ops::Range<usize>,
        emitted: &mut Vec<Event<'m>>,
    ) {
        if let Some(skip) = self.consumed.clone() {
            // The end of an element that opened before the skipped text (a callout holding only
            // its marker line ends where the line does) is still written.
            let closes_earlier = matches!(event, Event::End(_)) && range.start < skip.start;
            if range.start >= skip.end {
                self.consumed = None;
            } else if range.end <= skip.end && !closes_earlier {
                return;
            } else if let Event::Text(text) = &event
                && let Some(rest) = text.get(skip.end - range.start..)
            {
                event = Event::Text(CowStr::from(rest.to_string()));
                range.start = skip.end;
                self.consumed = None;
            }
        }
        self.drop_forbidden(&mut event, &range);
        // Each returns at once when there is nothing to do (most events).
        self.reference_after(&event, range.start);
        self.note_summary_divider(&event, range.start);
        if let Event::Text(text) = &event
            && range.len() == 1
            && !self.in_code_block
        {
            match self.in_link.brackets.get(&range.start) {
                // A span inside a link's text, read as text: its brackets stand for the
                // stand-in link it would otherwise have been.
                Some(Bracket::Open(index)) => {
                    event = Event::Start(Tag::Link {
                        link_type: LinkType::Shortcut,
                        dest_url: CowStr::from(format!("{SPAN_MARK}{index}")),
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    })
                }
                Some(Bracket::Close) => event = Event::End(TagEnd::Link),
                None => self.bracket_text(text, range.start),
            }
        }
        match &event {
            Event::FootnoteReference(_) => {
                for open in &mut self.open_brackets {
                    open.1 = true;
                }
            }
            // An item of a tight list holds its text without a paragraph.
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) => self.open_brackets.clear(),
            _ => {}
        }
        if self.image.is_some() && self.alt_text(&event, range.start) {
            return;
        }
        // A span's `]{` and a shortcode's `{{`, `{%` or `[name` are looked for in the text's
        // source only when it holds one of their brackets (most text has none): both find
        // nothing in a source without them.
        if let Event::Text(text) = &event
            && !self.in_code_block
            && self
                .next_bracket
                .in_source(self.markdown.as_bytes(), range.clone())
        {
            // The memchr crate's search, not `str::contains`.
            if memchr::memchr(b']', text.as_bytes()).is_some() {
                self.unread_span(range.clone());
            }
            shortcodes::find_both(self.markdown, range.clone(), &mut self.out.warnings);
        }
        self.read_raw_html(&event, &range);
        if !self.raw_rewrites.is_empty() {
            match &event {
                Event::Html(html) => {
                    if let Some(html) = self.rewritten_raw_html(html, range.start) {
                        event = Event::Html(html);
                    }
                }
                Event::InlineHtml(html) => {
                    if let Some(html) = self.rewritten_raw_html(html, range.start) {
                        event = Event::InlineHtml(html);
                    }
                }
                _ => {}
            }
        }
        if self.skip_until_link_end {
            if matches!(event, Event::End(TagEnd::Link)) {
                self.skip_until_link_end = false;
            }
            return;
        }
        // A heading's end gives back its words, marked as they were read: marking them again,
        // outside the heading and its links, would nest a glossary link in a link.
        let heading_end = matches!(event, Event::End(TagEnd::Heading(_)));
        self.translate(event, range.clone(), emitted);
        if !heading_end {
            self.mark_terms(emitted, range.clone());
        }
        self.emit(emitted);
        self.stats.forget_words();
        if std::mem::take(&mut self.stats.invisible) {
            self.warn_invisible(range);
        }
    }

    /// Checks raw HTML as it comes (see [`Self::check_raw_html`]), and a tag cut by a blank
    /// line, which comes as text.
    fn read_raw_html(&mut self, event: &Event<'m>, range: &std::ops::Range<usize>) {
        if self.ctx.raw_html {
            // An HTML block comes a line at a time: its lines are read together, so a tag
            // written over several lines (or a comment) is read whole.
            match event {
                Event::Html(html) => self.raw_block.push(html, range.clone()),
                _ if !self.raw_block.text.is_empty() => self.check_raw_block(),
                _ => {}
            }
            if let Event::InlineHtml(html) = event {
                self.check_raw_html(html, &[(0, range.clone())]);
            }
            // A tag cut by a blank line in a paragraph is text, `<img`, not raw HTML.
            if let Event::Text(text) = event
                && text.starts_with('<')
                && !self.in_code_block
                && let Some(warning) = tag_cut_by_blank_line(self.markdown, range.start)
            {
                self.out.warnings.push(warning);
            }
        } else if let Event::Html(_) | Event::InlineHtml(_) = event {
            // Shown as text: its template code is published as written too.
            shortcodes::find(self.markdown, range.clone(), &mut self.out.warnings);
            shortcodes::find_wordpress(self.markdown, range.clone(), &mut self.out.warnings);
        }
    }

    /// Keeps the page's first `<!--more-->` (`event`, at `offset`), with the text read above it.
    fn note_summary_divider(&mut self, event: &Event<'m>, offset: usize) {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else {
            return;
        };
        if self.out.summary_divider.is_some() || !is_summary_divider(html) {
            return;
        }
        let mut above = self
            .stats
            .excerpt
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // The end of emphasis or a link counts as a space between words: not before a mark.
        for mark in [".", ",", ";", ":", "!", "?", ")"] {
            above = above.replace(&format!(" {mark}"), mark);
        }
        self.out.summary_divider = Some(SummaryDivider { offset, above });
    }

    /// Checks the HTML block read (its lines joined), and empties it for the next (keeping
    /// its room).
    fn check_raw_block(&mut self) {
        let mut block = std::mem::take(&mut self.raw_block);
        self.check_raw_html(&block.text, &block.pieces);
        block.text.clear();
        block.pieces.clear();
        self.raw_block = block;
    }

    /// Checks raw HTML as written in the page: the ids it defines, its `<img>`s without `alt`
    /// and its images of a document or video.
    fn check_raw_html(&mut self, html: &str, pieces: &[RawPiece]) {
        html_ids(html, &mut self.out.ids);
        let images = raw_images(html);
        // Each warning's place is found as it is counted, kept or not: one at a time from the
        // block's start, a line of thousands of `<img>`s was read again for each (quadratic).
        let mut offsets = RawOffsets::new(self.markdown, html, pieces);
        for (element, at, dest) in images.sources {
            // As a browser reads it: `leaflet&#46;pdf` is a PDF too.
            let dest = crate::support::escape::decode_char_refs(dest);
            let Some(kind) = crate::site::images::not_a_picture(&dest) else {
                continue;
            };
            // As `![Our leaflet](leaflet.pdf)` is: an `<img>` of a document or a video
            // shows nothing, nor does a video's poster that is one.
            let (what, hint) = if element == "video" {
                ("poster", "a poster is the picture shown before the video plays: give it a still of the video as a PNG or JPEG (`poster=\"clip.jpg\"`), or leave `poster` out".to_string())
            } else {
                (
                    "image",
                    format!(
                        "link to it instead, `<a href=\"{dest}\">Our leaflet</a>` (or in Markdown `[Our leaflet]({dest})`)"
                    ),
                )
            };
            self.out.problems.push(Problem {
                code: Code::BadImage,
                offset: offsets.of(at),
                message: format!("the {what} `{dest}` of this raw HTML `<{element}>` is {kind}, not a picture: a browser shows nothing for it in an image"),
                hint: Some(hint),
            });
        }
        // Another tool's template code in it (`{% for post in site.posts %}`, `{{ post.title
        // }}`, an address's `{{ site.baseurl }}`): published as written, as in running text;
        // and WordPress's (`<div>[caption id="x"]<img ...>[/caption]</div>`, as its exports
        // have). Inside a comment it is inert, shown to no one: not told.
        let (braces, brackets) = (
            memchr::memchr(b'{', html.as_bytes()).is_some(),
            memchr::memchr(b'[', html.as_bytes()).is_some(),
        );
        if braces || brackets {
            for range in outside_comments(self.markdown, html, pieces) {
                if braces {
                    shortcodes::find(self.markdown, range.clone(), &mut self.out.warnings);
                }
                if brackets {
                    shortcodes::find_wordpress(self.markdown, range, &mut self.out.warnings);
                }
            }
        }
        // An HTML block ends at a blank line (or with its block quote, its list item or the
        // page): a tag open at its end takes in what follows.
        self.follow_containers(html, pieces);
        if let Some(at) = unclosed_tag_at_end(html) {
            let offset = offsets.of(at);
            let warning = tag_cut_by_blank_line(self.markdown, offset)
                .unwrap_or_else(|| tag_never_closed(self.markdown, offset));
            self.out.warnings.push(warning);
            // A browser opens it all the same (what follows becomes its attributes): its end
            // tag closes it, and without one it is not told twice.
            if let Some((name, _)) = tag_name_at(html.as_bytes(), at, &CONTAINERS) {
                self.raw_open.entry(name).or_default().push((offset, true));
            }
        }
        for at in images.unnamed_buttons {
            let offset = offsets.of(at);
            self.out.warnings.push_with(offset, || Problem {
                code: Code::MissingAlt,
                offset,
                message: "this raw HTML `<input type=\"image\">` has no `alt`, which is its name: a screen reader announces a button named by its picture's file".into(),
                hint: Some("add `alt=\"what pressing it does\"` (`alt=\"Search\"`), or make it a `<button>` with words".into()),
            });
        }
        for at in images.without_alt {
            let offset = offsets.of(at);
            self.out.warnings.push_with(offset, || Problem {
                code: Code::MissingAlt,
                offset,
                message: "this raw HTML `<img>` has no `alt`, so a screen reader reads out its file name".into(),
                hint: Some("add `alt=\"what it shows\"` (or `alt=\"\"` for decoration), or write it as a Markdown image, `![what it shows](photo.jpg)`".into()),
            });
        }
        // A raw `alt` is read out as a Markdown image's alt text is (entities as written).
        let Some(marker) = self.marker.as_ref() else {
            return;
        };
        for (value_at, alt) in images.alts {
            for (at, problem) in marker.near_misses(alt) {
                let offset = offsets.of(value_at + at);
                self.out
                    .warnings
                    .push_with(offset, || Problem { offset, ..problem });
            }
        }
    }

    /// Follows the page's raw elements of [`CONTAINERS`] through `html` (joined from
    /// `pieces`): a start tag opens one, an end tag closes the last open of its name, and an
    /// end tag of [`THEME_WRAPPERS`] with none open is a warning: it closes the theme's own
    /// element around the page's text instead (a browser ignores another with none open;
    /// those left open are told by [`Self::finish`]).
    fn follow_containers(&mut self, html: &str, pieces: &[RawPiece]) {
        let mut offsets = RawOffsets::new(self.markdown, html, pieces);
        for (closing, name, at) in container_tags(html) {
            let offset = offsets.of(at);
            if !closing {
                self.raw_open.entry(name).or_default().push((offset, false));
            } else if self
                .raw_open
                .get_mut(name)
                .and_then(|open| open.pop())
                .is_some()
            {
                // It closes the last of its name the page opened.
            } else if THEME_WRAPPERS.contains(&name) {
                self.out.warnings.push_with(offset, || Problem {
                    code: Code::RawHtml,
                    offset,
                    message: format!("this raw HTML `</{name}>` closes an element this page did not open: a browser closes the theme's own `<{name}>` around the page's text with it (the default theme's has one), and what follows falls out of the theme's layout"),
                    hint: Some(format!("remove it, or add the `<{name}>` it was meant to close")),
                });
            }
        }
    }

    /// A warning at each line or paragraph separator or direction control written in the
    /// page's Markdown in `range` (a text's, which [`TextStats::add`] found one in), the first
    /// [`INVISIBLE_SHOWN`] of the page; the rest are counted, for [`Self::finish`]. The
    /// characters are kept: they may be meant.
    fn warn_invisible(&mut self, range: std::ops::Range<usize>) {
        let Some(source) = self.markdown.get(range.clone()) else {
            return;
        };
        for i in memchr::memchr_iter(0xE2, source.as_bytes()) {
            let Some(c) = source.get(i..).and_then(|rest| rest.chars().next()) else {
                continue;
            };
            if !crate::content::breaks_or_turns_text(c) {
                continue;
            }
            self.invisible.0 += 1;
            if self.invisible.0 <= INVISIBLE_SHOWN {
                self.out.warnings.push_with(range.start + i, || Problem {
                    code: Code::InvisibleCharacter,
                    offset: range.start + i,
                    message: crate::content::invisible_message(c),
                    hint: Some(crate::content::INVISIBLE_HINT.into()),
                });
            } else if self.invisible.0 == INVISIBLE_SHOWN + 1 {
                self.invisible.1 = range.start + i;
            }
        }
    }

    /// `emitted` with the glossary's terms marked in its text, except in code, links, images
    /// and spans whose language the editor gave.
    fn mark_terms(&mut self, emitted: &mut Vec<Event<'m>>, range: std::ops::Range<usize>) {
        let Some(marker) = self.marker.as_mut() else {
            return;
        };
        let mut at = 0;
        while at < emitted.len() {
            match &emitted[at] {
                Event::InlineHtml(html) if html.starts_with("<span") && html.contains(" lang=") => {
                    self.lang_spans += 1;
                }
                Event::InlineHtml(html) if html.as_ref() == "</span>" => {
                    self.lang_spans = self.lang_spans.saturating_sub(1);
                }
                Event::InlineHtml(html) if opens_link_or_code(html) => self.raw_unmarked += 1,
                Event::InlineHtml(html) if closes_link_or_code(html) => {
                    self.raw_unmarked = self.raw_unmarked.saturating_sub(1);
                }
                Event::Text(text)
                    if self.link_names.is_empty()
                        && !self.in_code_block
                        && self.lang_spans == 0
                        && self.raw_unmarked == 0 =>
                {
                    let place = glossary::TextPlace {
                        markdown: self.markdown,
                        range: range.clone(),
                        may_link: self.heading.is_none(),
                    };
                    // Its words are found once, for the glossary and the page's statistics.
                    let words = self.stats.words_of(text);
                    let marked = marker.mark(text, words, &place, &mut self.out.warnings);
                    if let Some(marked) = marked {
                        self.stats.forget_words();
                        let count = marked.len();
                        if emitted.len() == 1 {
                            // The text was all there was (most often): the marked pieces
                            // take its place whole, without a splice.
                            *emitted = marked;
                        } else {
                            emitted.splice(at..=at, marked);
                        }
                        at += count;
                        continue;
                    }
                }
                // A link's text is left as written (a glossary link there would nest links),
                // but a word missing its macrons is misspelt there too.
                Event::Text(text)
                    if !self.in_code_block && self.lang_spans == 0 && self.raw_unmarked == 0 =>
                {
                    let place = glossary::TextPlace {
                        markdown: self.markdown,
                        range: range.clone(),
                        may_link: false,
                    };
                    let words = self.stats.words_of(text);
                    marker.warn_only_among(text, words, &place, &mut self.out.warnings);
                }
                _ => {}
            }
            at += 1;
        }
    }

    /// The events that stand for `event` in the page's HTML.
    fn translate(
        &mut self,
        event: Event<'m>,
        range: std::ops::Range<usize>,
        emitted: &mut Vec<Event<'m>>,
    ) {
        // An image's alt text is read in `event`; its events are not written.
        if self.image.is_some()
            && !matches!(
                event,
                Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image)
            )
        {
            self.alt_text_event(&event, range);
            return;
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(PLACEHOLDER_START) => {
                emitted.extend(self.bracketed_citation(&dest_url, range.start));
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(SPAN_MARK) => {
                let index = dest_url[SPAN_MARK.len_utf8()..].parse().ok();
                emitted.extend(self.span_start(index));
            }
            // A link inside a link (`[see <https://a.example>](b.md)`): HTML has no such thing,
            // and a browser would end the outer link where the inner one starts.
            Event::Start(Tag::Link { dest_url, .. }) if !self.link_names.is_empty() => {
                self.nested_link(&dest_url, range.start)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.open_links.push(OpenLink::Real);
                self.link_names.push((range.start, false));
                let dest_url = self.link_of(link_type, dest_url, range.start);
                emitted.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => emitted.extend(self.close_link()),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => self.image_start(&dest_url, &title, range.start),
            Event::End(TagEnd::Image) => emitted.extend(self.image_end()),
            event @ (Event::Start(Tag::BlockQuote(_))
            | Event::End(TagEnd::BlockQuote(_))
            | Event::End(TagEnd::Paragraph)) => {
                emitted.extend(self.quote_event(event, range.start))
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                emitted.push(Event::Html(CowStr::from(code_block_start(&kind))));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                emitted.push(Event::Html(CowStr::Borrowed("</code></pre>\n")));
            }
            Event::Text(text)
                if self.link_names.is_empty()
                    && !self.in_code_block
                    && self.heading.is_none()
                    && self.next_at.in_text(self.markdown, &text) =>
            {
                let escaped_at_start = range.start > 0
                    && self.markdown.as_bytes().get(range.start - 1) == Some(&b'\\');
                let source = Source {
                    markdown: self.markdown,
                    offset: range.start,
                    escaped_at_start,
                };
                if let Some(end) = split_bare_citations(
                    &text,
                    &source,
                    self.ctx,
                    &mut self.out,
                    emitted,
                    &mut self.near_keys,
                ) {
                    self.consumed = Some(range.end..end);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) if !self.ctx.raw_html => {
                self.warn_published_comment(&html, range.start);
                emitted.push(Event::Text(html))
            }
            // Markdown matches labels without regard to case: `[^Note]` is `[^note]`'s.
            Event::FootnoteReference(label) => {
                emitted.push(self.footnote_reference(&label.to_lowercase()))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.in_footnote = Some((label.to_lowercase(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                // A note defined twice is kept once (`footnote_problems` warns of the second).
                if let Some(done) = self.in_footnote.take()
                    && self.footnote_labels.insert(done.0.clone())
                {
                    self.footnotes.push(done);
                }
            }
            // Attributes other than an id and classes are never written (`{onfocus=...}`
            // would run a script); asking for them is an error.
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => self.heading_start(level, id, classes, range),
            Event::End(TagEnd::Heading(level)) => self.heading_end(level, emitted),
            Event::TaskListMarker(done) => emitted.push(self.task_box(done)),
            other => emitted.push(other),
        }
    }

    /// A task list box: a disabled checkbox, with a name of its own in the page's language,
    /// or a screen reader announces an unlabelled form control (axe's `label` rule, WCAG 4.1.2).
    fn task_box(&self, done: bool) -> Event<'m> {
        let (checked, word) = if done {
            (" checked", BodyWord::TaskDone)
        } else {
            ("", BodyWord::TaskNotDone)
        };
        let label = self.ctx.body_words.attribute(self.ctx.lang, word);
        Event::InlineHtml(CowStr::from(format!(
            "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
        )))
    }

    /// The citation that stands for a bracketed citation's stand-in link; the link's text is
    /// skipped.
    fn bracketed_citation(&mut self, dest_url: &str, offset: usize) -> Option<Event<'m>> {
        self.skip_until_link_end = true;
        let index: usize = dest_url[PLACEHOLDER_START.len_utf8()..]
            .parse()
            .unwrap_or(usize::MAX);
        let citation = Citation {
            items: self.bracketed.get(index)?.clone(),
            narrative: false,
        };
        Some(cite(&mut self.out, citation, self.ctx, offset))
    }

    /// An event inside an image's alt text, which is plain text and writes nothing: a span
    /// there is checked and its `{...}` left out of the alt text (an attribute cannot hold
    /// the span's `lang`). A word in it missing a glossary term's macrons is warned about, as
    /// in the body (a screen reader reads it out), unless a span gave its language.
    fn alt_text_event(&mut self, event: &Event<'m>, range: std::ops::Range<usize>) {
        match event {
            Event::Text(text) if !self.in_lang_span() => {
                if let Some(marker) = self.marker.as_ref() {
                    let place = glossary::TextPlace {
                        markdown: self.markdown,
                        range,
                        may_link: false,
                    };
                    marker.warn_only(text, &place, &mut self.out.warnings);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(SPAN_MARK) => {
                let index = dest_url[SPAN_MARK.len_utf8()..].parse().ok();
                self.span_start(index);
            }
            Event::Start(Tag::Link { .. }) => self.open_links.push(OpenLink::Real),
            Event::End(TagEnd::Link) => {
                if let Some(OpenLink::Span(span)) = self.open_links.pop() {
                    self.span_end(span);
                }
            }
            _ => {}
        }
    }

    /// Whether a bracketed span with a `lang` is open (in alt text, where its events are not
    /// written, so [`Self::lang_spans`] does not count it).
    fn in_lang_span(&self) -> bool {
        self.open_links.iter().any(|open| match open {
            OpenLink::Span(index) => self
                .spans
                .get(*index)
                .is_some_and(|span| matches!(&span.attributes, Ok(a) if a.lang.is_some())),
            _ => false,
        })
    }

    /// The opening `<span lang>` of the span numbered `index` (nothing when its `{...}` is
    /// refused: the problem says why, and the words stay as text).
    fn span_start(&mut self, index: Option<usize>) -> Option<Event<'m>> {
        let (index, span) = index.and_then(|i| Some((i, self.spans.get(i)?)))?;
        self.open_links.push(OpenLink::Span(index));
        match &span.attributes {
            Ok(attributes) => Some(Event::InlineHtml(CowStr::from(attributes.open_tag()))),
            Err(problem) => {
                self.out.problems.push(Problem {
                    code: Code::Span,
                    offset: problem.offset,
                    message: problem.message.clone(),
                    hint: Some(problem.hint.clone()),
                });
                None
            }
        }
    }

    /// What stands for the start or end of a block quote (a callout's `<aside>` when it is
    /// one) or the end of a paragraph (nothing, when a callout's marker was all it held).
    fn quote_event(&mut self, event: Event<'m>, start: usize) -> Option<Event<'m>> {
        match event {
            Event::Start(Tag::BlockQuote(kind)) => {
                let callout = self.callout_start(start);
                self.quotes.push(callout.is_some());
                Some(match callout {
                    Some(html) => Event::Html(CowStr::from(html)),
                    None => Event::Start(Tag::BlockQuote(kind)),
                })
            }
            Event::End(TagEnd::BlockQuote(kind)) => Some(match self.quotes.pop() {
                Some(true) => Event::Html(CowStr::Borrowed(callouts::CLOSE_HTML)),
                _ => Event::End(TagEnd::BlockQuote(kind)),
            }),
            Event::End(TagEnd::Paragraph)
                if matches!(
                    self.destination().last(),
                    Some(Event::Start(Tag::Paragraph))
                ) =>
            {
                self.destination().pop();
                None
            }
            other => Some(other),
        }
    }

    /// The opening HTML of a callout when the block quote starting at byte `start` is one; its
    /// marker line is then left out of the body. A marker of an unknown kind is an error, and
    /// the quote stays a quote.
    fn callout_start(&mut self, start: usize) -> Option<String> {
        let marker = callouts::marker(self.markdown, start)?;
        match marker.known() {
            Some(kind) => {
                self.consumed = Some(marker.range.clone());
                let title_html = self.callout_title_html(&marker);
                self.markdown_in_callout_title(&marker);
                let (kind, _) = kind;
                let default_html = self
                    .ctx
                    .body_words
                    .html(self.ctx.lang, BodyWord::Callout(kind));
                Some(marker.open_html(kind, title_html.as_deref(), &default_html))
            }
            None => {
                let kinds = callouts::KINDS.map(|(kind, _)| kind);
                let upper = marker.kind.to_ascii_uppercase();
                // `WARN` is too short for an edit distance to find `WARNING`: a prefix does.
                let near = closest(&upper, kinds)
                    .or_else(|| kinds.into_iter().find(|k| k.starts_with(&upper)));
                self.out.problems.push(Problem {
                    code: Code::Callout,
                    offset: marker.range.start,
                    message: format!("`[!{}]` is not a kind of callout", marker.kind),
                    hint: Some(match near {
                        Some(kind) => format!("did you mean `[!{kind}]`?"),
                        None => format!(
                            "the kinds are {}",
                            kinds.map(|k| format!("`[!{k}]`")).join(", ")
                        ),
                    }),
                });
                None
            }
        }
    }

    /// An error for a `[...]{lang=...}` whose `]{` is left in the text at `range`: no `[` in
    /// its block opens it, or emphasis or a link crosses one of its brackets (a span holding
    /// whole links is read, see [`InLink::add_spans_holding_links`]), so the span was not read
    /// and would be printed as written.
    fn unread_span(&mut self, range: std::ops::Range<usize>) {
        let source = self.markdown.get(range.clone()).unwrap_or_default();
        for (at, _) in source.match_indices(']') {
            let end = range.start + at + 1;
            // `\]` is a bracket written as text, as Markdown means it.
            if crate::support::text::escaped_at(self.markdown.as_bytes(), end - 1) {
                continue;
            }
            let asks_for_lang = Span::after(self.markdown, end, &mut self.brace_ends)
                .is_some_and(|span| matches!(&span.attributes, Ok(a) if a.lang.is_some()));
            if asks_for_lang {
                self.out.problems.push(Problem {
                    code: Code::Span,
                    offset: end - 1,
                    message: "this `]{lang=...}` closes no span, so it would be printed as written: no `[` in its paragraph opens it, or emphasis or a link starts on one side of one of its brackets and ends on the other".into(),
                    hint: Some("put the span's brackets around whole pieces of one paragraph: `[*kia ora* whānau]{lang=mi}`, not `[*kia ora]{lang=mi} whānau*`".into()),
                });
            }
        }
    }

    /// A `[` or `]` left as text at `offset`: a `](` whose `[` is also text ends no link,
    /// and the link the editor wrote is printed as written, so it is a warning.
    fn bracket_text(&mut self, text: &str, offset: usize) {
        let bytes = self.markdown.as_bytes();
        // Other text first: the backslashes before each `\\` of a run of thousands were
        // counted back to the run's start (quadratic).
        if !matches!(text, "[" | "]") || crate::support::text::escaped_at(bytes, offset) {
            return;
        }
        match text {
            "[" => self.open_brackets.push((offset, false)),
            "]" => {
                let Some((start, footnote)) = self.open_brackets.pop() else {
                    return;
                };
                match bytes.get(offset + 1) {
                    // `[the PDF]({{ site.url }}/x.pdf)`: the template code is told of at its
                    // own place, with what to write instead.
                    Some(b'(') if bytes.get(offset + 2) == Some(&b'{') => {}
                    Some(b'(') => self.unread_link(start, footnote, false),
                    // `[see[^1]][ref]`: told when `[ref]` is read ([`Self::reference_after`]).
                    Some(b'[') => self.reference_after = Some((offset + 1, start, footnote)),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// A `[...]` left as text before a reference's label read as a link of its own
    /// (`[see[^1]][ref]`, where `ref` is defined): the reference link the editor wrote is
    /// printed as written, as `[see[^1]](sleep.md)` is.
    fn reference_after(&mut self, event: &Event, at: usize) {
        let Some((label, start, footnote)) = self.reference_after.take() else {
            return;
        };
        if at == label
            && let Event::Start(Tag::Link { dest_url, .. }) = event
            && !dest_url.starts_with([SPAN_MARK, PLACEHOLDER_START])
        {
            self.unread_link(start, footnote, true);
        }
    }

    /// The warning for a link printed as written, whose `[` is at `start`; `footnote`: its
    /// brackets hold a footnote reference; `reference`: it is `[...][ref]`, not `[...](...)`.
    fn unread_link(&mut self, start: usize, footnote: bool, reference: bool) {
        let hint = match (footnote, reference) {
            (true, false) => {
                "a footnote reference is a link itself: put it after the link, `[Sleep and mood](sleep.md)[^1]`"
            }
            (true, true) => {
                "a footnote reference is a link itself: put it after the link, `[Sleep and mood][sleep][^1]`"
            }
            (false, _) => {
                "move any link out of the brackets, `[Sleep](sleep.md) (see <https://example.org>)`; write an address with spaces in angle brackets, `[Sleep](<sleep tips.md>)`; or write `\\[` to show the brackets as text"
            }
        };
        let message = if reference {
            "this `[...][...]` is not a link, so its text is printed as written and only its label is linked: its first brackets hold a link or a footnote reference"
        } else {
            "this `[...](...)` is not a link, so it is printed as written: its brackets hold a link or a footnote reference, or its address is not one"
        };
        self.out.warnings.push_with(start, || Problem {
            code: Code::UnreadLink,
            offset: start,
            message: message.into(),
            hint: Some(hint.into()),
        });
    }

    /// A warning at each `[text][label]` or `[label][]` (or image) whose label no
    /// `[label]: address` line of the page defines (`[see the guide][guid]`, a slip for
    /// `guide`): Markdown prints it as written, brackets and all. The nearest defined label
    /// is suggested. Not for a footnote's `[^label]` (its own check tells), nor for a
    /// `[...]{...}` label, whose span error says more.
    fn warn_undefined_labels(
        &mut self,
        undefined: Vec<(std::ops::Range<usize>, String)>,
        labels: &[String],
    ) {
        let mut end = 0;
        for (span, label) in undefined {
            // `[a][b][c]` is tried as `[a][b]`, then as `[b][c]`: one mistake, one warning.
            if span.start < end {
                continue;
            }
            end = span.end;
            if label.starts_with('^') || self.markdown.as_bytes().get(span.end) == Some(&b'{') {
                continue;
            }
            // `[audio mp3="x.mp3"][/audio]`: a shortcode and its closer, warned of as such.
            if label.starts_with('/') && shortcodes::wordpress_opener_at(self.markdown, span.start)
            {
                continue;
            }
            self.out.warnings.push_with(span.start, || {
                let (message, hint) = undefined_label(&label, labels);
                Problem {
                    code: Code::UnreadLink,
                    offset: span.start,
                    message,
                    hint: Some(hint),
                }
            });
        }
    }

    /// A warning at each bracketed citation written inside a link's text: a citation is a
    /// link to its reference, and a link cannot hold one, so it is left as written.
    fn warn_refused_citations(&mut self) {
        for &offset in &self.in_link.citations {
            self.out.warnings.push_with(offset, || Problem {
                code: Code::NestedLink,
                offset,
                message: "this citation is inside a link's text, and a citation is a link to its reference: it is shown as written, and the work is not cited here".into(),
                hint: Some("put the citation after the link, `[Sleep and mood](sleep.md) [@key]`".into()),
            });
        }
    }

    /// The end of the span numbered `index`; its `{...}` text is skipped.
    fn span_end(&mut self, index: usize) -> Option<Event<'m>> {
        let span = self.spans.get(index)?;
        self.consumed = Some(span.block.clone());
        span.attributes
            .is_ok()
            .then(|| Event::InlineHtml(CowStr::from("</span>")))
    }

    /// Warnings at Markdown in a callout's title, which is plain text (but for its language
    /// spans), so it would be printed as written without a word: the first link
    /// (`[...](...)` or `[...][label]`) not already warned of (a `[...][label]` whose label the
    /// page does not define has its warning), the first citation and the first emphasis or code.
    fn markdown_in_callout_title(&mut self, marker: &callouts::Marker) {
        let start = marker.title_offset(self.markdown);
        let found = title_markdown(&marker.title);
        let told = |offset: usize, warnings: &Warnings| {
            warnings
                .shown
                .iter()
                .any(|w| w.code == Code::UnreadLink && w.offset == offset)
        };
        let link = found
            .links
            .iter()
            .copied()
            .find(|&at| !told(start + at, &self.out.warnings));
        let kinds = [
            (
                link,
                Code::UnreadLink,
                "this link is in a callout's title, which is plain text (language spans aside), so it is printed as written, brackets and all, not as a link",
                "put the link in the callout's body, on the next line: `> [!TIP] Rest well` then `> See [the sleep guide](sleep.md).`",
            ),
            (
                found.citation,
                Code::UnreadLink,
                "this citation is in a callout's title, which is plain text (language spans aside), so it is printed as written and the work is not cited here",
                "put the citation in the callout's body, on the next line: `> [!NOTE] Sleep and mood` then `> Sleep affects mood [@key].`",
            ),
            (
                found.emphasis,
                Code::Callout,
                "this emphasis or code is in a callout's title, which is plain text (language spans aside), so its `*`, `_` or `` ` `` marks are printed as written",
                "write the title without them (the theme already sets it apart), or put the emphasis in the callout's body, on the next line",
            ),
        ];
        for (at, code, message, hint) in kinds {
            if let Some(at) = at {
                self.out.warnings.push_with(start + at, || Problem {
                    code,
                    offset: start + at,
                    message: message.into(),
                    hint: Some(hint.into()),
                });
            }
        }
    }

    /// A callout title's HTML when it holds language spans (`> [!NOTE] Our [whānau]{lang=mi}`);
    /// a mistake in a span is reported at its place, and the title is then written as text.
    fn callout_title_html(&mut self, marker: &callouts::Marker) -> Option<String> {
        match lang::marked(&marker.title) {
            Ok(marked) => marked.html,
            Err(problem) => {
                self.out.problems.push(Problem {
                    code: Code::Span,
                    offset: marker.title_offset(self.markdown) + problem.offset,
                    message: problem.message,
                    hint: Some(problem.hint),
                });
                None
            }
        }
    }

    /// The events the next event joins: a heading's, a footnote's or the body's.
    fn destination(&mut self) -> &mut Vec<Event<'m>> {
        if let Some(open) = self.heading.as_mut() {
            &mut open.inner
        } else if let Some((_, events)) = self.in_footnote.as_mut() {
            events
        } else {
            &mut self.body
        }
    }

    /// An image starts: its address is checked, and its alt text read until it ends (an
    /// image inside the alt text is part of the alt text).
    fn image_start(&mut self, dest_url: &str, title: &str, offset: usize) {
        self.image_depth += 1;
        if self.image.is_none() {
            check_script_url(dest_url, "image", offset, &mut self.out);
            self.image = Some(Image {
                offset,
                dest: dest_url.to_string(),
                alt: String::new(),
                title: title.to_string(),
                figure: false,
            });
        }
    }

    /// An image ends: its placeholder, once the outermost one does.
    fn image_end(&mut self) -> Option<Event<'m>> {
        self.image_depth = self.image_depth.saturating_sub(1);
        if self.image_depth > 0 {
            return None;
        }
        let image = self.image.take()?;
        let index = self.out.images.len();
        let captioned = !image.title.trim().is_empty() && !is_decorative(&image.title);
        if captioned && self.heading.is_none() && self.in_footnote.is_none() {
            self.captioned.push((self.body.len(), index));
        }
        // An image without alt text names the link as far as this check goes: its own
        // `missing-alt` error asks for the text that names both.
        if !is_decorative(&image.title)
            && let Some(link) = self.link_names.last_mut()
        {
            link.1 = true;
        }
        if let Some(open) = self.heading.as_mut() {
            if is_decorative(&image.title) {
                open.images.decorative = true;
            } else {
                open.images.named = true;
                open.images.alt.push_str(&image.alt);
                open.images.alt.push(' ');
            }
        }
        self.out.images.push(image);
        Some(Event::InlineHtml(CowStr::from(image_placeholder(index))))
    }

    /// What stands for the end of a link: a span's `</span>`, nothing for a link left out,
    /// or the link's end.
    fn close_link(&mut self) -> Option<Event<'m>> {
        match self.open_links.pop() {
            Some(OpenLink::Span(span)) => self.span_end(span),
            Some(OpenLink::Dropped) => None,
            Some(OpenLink::Real) | None => {
                self.link_end();
                Some(Event::End(TagEnd::Link))
            }
        }
    }

    /// A real link ends: one with nothing to read as its name is an error (WCAG 2.4.4, 4.1.2;
    /// axe's `link-name`), as an image without alt text is.
    fn link_end(&mut self) {
        let Some((offset, named)) = self.link_names.pop() else {
            return;
        };
        if named {
            if let Some(outer) = self.link_names.last_mut() {
                outer.1 = true;
            }
            return;
        }
        self.out.problems.push(Problem {
            code: Code::EmptyLink,
            offset,
            message: "this link has no text, so a screen reader can only read out its address"
                .into(),
            hint: Some(
                "write the words it leads to between the brackets, `[Sleep and mood](sleep.md)`; a linked image needs alt text, not a decorative title".into(),
            ),
        });
    }

    /// A link written inside another: checked, then left out with a warning; only the outer
    /// one is kept, the inner one's words staying in it as text.
    fn nested_link(&mut self, dest_url: &str, offset: usize) {
        check_script_url(dest_url, "link", offset, &mut self.out);
        self.open_links.push(OpenLink::Dropped);
        self.out.warnings.push_with(offset, || Problem {
            code: Code::NestedLink,
            offset,
            message: format!(
                "this link to `{dest_url}` is inside another link, and a link cannot hold one: it is shown as text of the outer link"
            ),
            hint: Some(
                "move it out of the outer link's brackets, `[Sleep](sleep.md) (see <https://example.org>)`".into(),
            ),
        });
    }

    /// Whether `event`, written inside a link, gives the link a name.
    fn names_link(event: &Event) -> bool {
        match event {
            Event::Text(t) | Event::Code(t) => !crate::support::text::nothing_to_read(t),
            // Raw HTML may hold the name (`<img alt>`, `<span>`); an image's placeholder does
            // not: `image_end` tells from its alt text.
            Event::InlineHtml(html) | Event::Html(html) => !html.starts_with(IMAGE_START),
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => true,
            _ => false,
        }
    }

    /// [`Self::link`] for a link of `link_type`: an email autolink, `<kai@whanau.example>`, is
    /// an address (written `mailto:` by the HTML writer), not a file beside the page.
    fn link_of(&mut self, link_type: LinkType, dest_url: CowStr<'m>, offset: usize) -> CowStr<'m> {
        if link_type == LinkType::Email {
            dest_url
        } else {
            self.link(dest_url, offset)
        }
    }

    /// A link's address as written in the page: checked, its `#fragment` noted, and a link to
    /// another page's source rewritten to that page's URL.
    fn link(&mut self, dest_url: CowStr<'m>, offset: usize) -> CowStr<'m> {
        check_script_url(&dest_url, "link", offset, &mut self.out);
        if let Some(fragment) = dest_url.strip_prefix('#') {
            self.out.fragment_links.push(FragmentLink {
                offset,
                page: None,
                fragment: urls::percent_decode(fragment),
            });
        }
        rewrite_link(&dest_url, self.ctx, offset, &mut self.out).map_or(dest_url, CowStr::from)
    }

    /// The superscript number of a reference to the footnote `label`.
    fn footnote_reference(&mut self, label: &str) -> Event<'m> {
        let next = self.footnote_refs.len() + 1;
        let entry = self
            .footnote_refs
            .entry(label.to_string())
            .or_insert((next, 0));
        entry.1 += 1;
        let (number, count) = *entry;
        let id = self.footnote_ids.id(label);
        let ref_id = backlink_id(&id, count);
        self.out.ids.push(ref_id.clone());
        Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"{ref_id}\" role=\"doc-noteref\">{number}</a></sup>"
        )))
    }

    fn heading_start(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'m>>,
        classes: Vec<CowStr<'m>>,
        range: std::ops::Range<usize>,
    ) {
        let source = &self.markdown[range.clone()];
        // A heading ending in a span (`## Kia ora [whānau]{lang=mi}`): the `{...}` is the span's.
        let source_end = range.start + source.trim_end().len();
        let span_ends_heading = self.spans.iter().any(|s| s.block.end == source_end);
        for problem in ids::check_attribute_block(source)
            .into_iter()
            .filter(|_| !span_ends_heading)
        {
            self.out.problems.push(Problem {
                code: Code::HeadingAttribute,
                offset: range.start + problem.offset,
                message: problem.message,
                hint: Some(problem.hint),
            });
        }
        self.check_level(level, range.start);
        self.heading = Some(OpenHeading {
            level,
            id: id
                .filter(|id| ids::is_valid_name(id))
                .map(|id| id.to_string()),
            classes: classes
                .into_iter()
                .filter(|class| ids::is_valid_name(class))
                .collect(),
            offset: range.start + ids::id_offset(source).unwrap_or(0),
            start: range.start,
            inner: std::mem::take(&mut self.heading_events),
            text: std::mem::take(&mut self.heading_text),
            spanned: Default::default(),
            images: HeadingImages::default(),
        });
    }

    /// Warns of a heading that skips a level on its way down (a screen reader's list of
    /// headings then looks like something is missing; WCAG 1.3.1), or that shares the lowest
    /// level with the one above it because the page's `#` headings moved every heading down.
    fn check_level(&mut self, level: HeadingLevel, offset: usize) {
        let written = self.demote(level) as usize;
        if self.shift && level == HeadingLevel::H6 {
            self.out.warnings.push_with(offset, || Problem {
                code: Code::HeadingLevel,
                offset,
                message: "this `######` heading is shown at level 6, the same as a `#####` heading: the page's `#` headings move every heading down a level, and there is none below 6".into(),
                hint: Some("start the page's own headings at `##` (the title is the page's level 1), so every level has room".into()),
            });
        } else if written > self.last_level + 1 {
            let hashes = "#".repeat(level as usize);
            let last = self.last_level;
            let (note, wanted) = if self.shift {
                (
                    format!(
                        " (level {written} on the page, as its `#` headings are moved below the title)"
                    ),
                    "#".repeat(last),
                )
            } else {
                (String::new(), "#".repeat(last + 1))
            };
            let above = if last == 1 {
                "the page's title, level 1".to_string()
            } else {
                format!("a level {last} heading")
            };
            self.out.warnings.push_with(offset, || Problem {
                code: Code::HeadingLevel,
                offset,
                message: format!("this `{hashes}` heading{note} skips a level: it follows {above}"),
                hint: Some(format!(
                    "write it as `{wanted}`, or add the heading it belongs under"
                )),
            });
        }
        self.last_level = written;
    }

    /// The heading just read, with its id, at its level.
    fn heading_end(&mut self, level: HeadingLevel, emitted: &mut Vec<Event<'m>>) {
        let Some(open) = self.heading.take() else {
            return;
        };
        let mut text = open.text.trim().to_string();
        let mut room = open.text;
        room.clear();
        self.heading_text = room;
        // A heading of images only is read out by their alt text: its words, for its id and
        // "On this page" too.
        if heading_has_no_words(&text) && !heading_has_no_words(&open.images.alt) {
            text = open
                .images
                .alt
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
        }
        if heading_has_no_words(&text) && !open.images.named {
            // An underlined (setext) heading is made by the `---` or `===` on the next line.
            let underlined = !self.markdown[open.start..].starts_with('#');
            let decorative = open.images.decorative;
            self.out.warnings.push_with(open.start, || Problem {
                code: Code::EmptyHeading,
                offset: open.start,
                message: if decorative {
                    "this heading has no words, only a decorative image, which a screen reader skips: it announces a heading with nothing to read".into()
                } else {
                    "this heading has no words: it is written as an empty heading, which a screen reader announces with nothing to read".into()
                },
                hint: Some(if underlined {
                    "the `---` or `===` under this line makes it a heading: write the heading's words here, or put a blank line between them".into()
                } else if decorative {
                    "give the image alt text that says what the section is about (`## ![Sleep](moon.png)`), or write the heading's words beside it".into()
                } else {
                    "write the heading's words after the `#` marks, or remove the line".into()
                }),
            });
        }
        let (id, problem) = self.page_ids.heading_id(open.id, &text, open.offset);
        self.out.problems.extend(problem);
        let (level_start, level) = (self.demote(open.level), self.demote(level));
        self.out.headings.push(Heading {
            level: level as u8,
            id: id.clone(),
            text,
            html: open.spanned.finish(),
        });
        emitted.push(Event::Start(Tag::Heading {
            level: level_start,
            id: Some(CowStr::from(id)),
            classes: open.classes,
            attrs: Vec::new(),
        }));
        let mut inner = open.inner;
        emitted.append(&mut inner);
        self.heading_events = inner;
        emitted.push(Event::End(TagEnd::Heading(level)));
    }

    /// Puts `emitted` where it belongs: in the open heading, the open footnote, or the body.
    fn emit(&mut self, emitted: &mut Vec<Event<'m>>) {
        // Most events stand for one event: taken off the end, without a drain (a call to make
        // it and one to drop it, for every event of the page).
        if emitted.len() == 1 {
            if let Some(event) = emitted.pop() {
                self.emit_one(event);
            }
            return;
        }
        for event in emitted.drain(..) {
            self.emit_one(event);
        }
    }

    /// [`Self::emit`] for one event.
    fn emit_one(&mut self, event: Event<'m>) {
        if let Some(link) = self.link_names.last_mut()
            && !link.1
            && Self::names_link(&event)
        {
            link.1 = true;
        }
        // Text not added to the page's words (a footnote's, code's) is looked at for
        // invisible characters here. A heading's is added when the heading closes, and
        // the range of its end is the whole heading's.
        match &event {
            Event::Code(t) | Event::Text(t)
                if self.heading.is_none()
                    && (self.in_footnote.is_some() || matches!(event, Event::Code(_))) =>
            {
                self.stats.invisible |= !t.is_ascii() && breaks_or_turns(t);
            }
            _ => {}
        }
        if let Some(open) = self.heading.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => {
                    open.text.push_str(t);
                    open.spanned.text(t);
                }
                Event::InlineHtml(html) => {
                    open.images.add_raw(html);
                    open.spanned.html(html);
                }
                _ => {}
            }
            open.inner.push(event);
            return;
        }
        self.tables += usize::from(matches!(event, Event::Start(Tag::Table(_))));
        let closes_table = matches!(event, Event::End(TagEnd::Table));
        // Made only when a table closes (an empty `String` made and dropped for every
        // other event was a call each).
        let number = || {
            let word = self
                .ctx
                .body_words
                .attribute(self.ctx.lang, BodyWord::Table);
            format!("{word} {}", self.tables)
        };
        if let Some((_, events)) = self.in_footnote.as_mut() {
            // A footnote's table scrolls in a wrapper with a tab stop, as the body's do.
            if in_or_opens_table(&self.table, &event) {
                table_event(&mut self.table, events, &event);
            }
            events.push(event);
            if closes_table {
                close_table(&mut self.table, events, &number(), &mut self.table_names);
            }
        } else {
            match &event {
                Event::Text(t) => self.stats.add(t),
                // Words of different blocks or lines must not run together in the excerpt.
                Event::End(_) | Event::SoftBreak | Event::HardBreak => self.stats.add_break(),
                _ => {}
            }
            if in_or_opens_table(&self.table, &event) {
                table_event(&mut self.table, &mut self.body, &event);
            }
            self.body.push(event);
            if closes_table {
                close_table(
                    &mut self.table,
                    &mut self.body,
                    &number(),
                    &mut self.table_names,
                );
            }
        }
    }

    /// An image with a title alone in its paragraph: the paragraph becomes a `<figure>`, the
    /// title its caption, with its language spans and glossary terms marked as in a title.
    fn make_figures(&mut self) {
        for (at, index) in std::mem::take(&mut self.captioned) {
            let alone = at > 0
                && matches!(self.body.get(at - 1), Some(Event::Start(Tag::Paragraph)))
                && matches!(self.body.get(at + 1), Some(Event::End(TagEnd::Paragraph)));
            let Some(image) = self.out.images.get_mut(index).filter(|_| alone) else {
                continue;
            };
            image.figure = true;
            let (title, offset) = (image.title.trim().to_string(), image.offset);
            self.body[at - 1] = Event::Html(CowStr::from("<figure>"));
            let mut caption = String::from("<figcaption>");
            caption.push_str(&self.caption_html(&title, offset));
            caption.push_str("</figcaption></figure>\n");
            self.body[at + 1] = Event::Html(CowStr::from(caption));
        }
    }

    /// A figure's caption (an image's title) as HTML: its `[spans]{lang=mi}` as `<span lang>`
    /// (a mistake in one is an error at the image, and the caption is its words as written),
    /// else the glossary's terms marked with their language.
    fn caption_html(&mut self, title: &str, offset: usize) -> String {
        match lang::marked(title) {
            Ok(lang::Marked {
                html: Some(html), ..
            }) => return html,
            Ok(_) => {
                if let Some(html) = self.marker.as_ref().and_then(|m| m.mark_plain(title)) {
                    return html;
                }
            }
            Err(problem) => self.out.problems.push(Problem {
                code: Code::Span,
                // At the refused item when the title is found as written, else at the image.
                offset: self
                    .markdown
                    .get(offset..)
                    .and_then(|rest| rest.find(title))
                    .map_or(offset, |at| offset + at + problem.offset),
                message: format!("in the image's caption: {}", problem.message),
                hint: Some(problem.hint),
            }),
        }
        let mut html = String::new();
        crate::support::escape::html(title, &mut html);
        html
    }

    fn finish(mut self) -> Rendered {
        if !self.raw_block.text.is_empty() {
            self.check_raw_block();
        }
        let mut never_closed: Vec<(usize, &str)> = std::mem::take(&mut self.raw_open)
            .into_iter()
            .flat_map(|(name, open)| {
                open.into_iter()
                    .filter(|(_, told)| !told)
                    .map(move |(offset, _)| (offset, name))
            })
            .collect();
        never_closed.sort_unstable();
        for (offset, name) in never_closed {
            self.out.warnings.push_with(offset, || Problem {
                code: Code::RawHtml,
                offset,
                message: format!("this raw HTML `<{name}>` is never closed on this page: a browser reads the theme's HTML after the page's text (its reference list, its footer) into it, until it closes it somewhere of its own choosing"),
                hint: Some(format!("close it with `</{name}>` where what it holds ends")),
            });
        }
        self.make_figures();
        if self.invisible.0 > INVISIBLE_SHOWN {
            let (count, offset) = self.invisible;
            self.out.warnings.push_with(offset, || Problem {
                code: Code::InvisibleCharacter,
                offset,
                message: format!(
                    "{} more line or paragraph separators or direction controls, the first here, are in this page (the first {INVISIBLE_SHOWN} are shown)",
                    count - INVISIBLE_SHOWN
                ),
                hint: Some(crate::content::INVISIBLE_HINT.into()),
            });
        }
        self.stats.finish(&mut self.out);
        add_heading_words(&mut self.out);
        if let Some(marker) = self.marker.take() {
            self.out.glossary_terms = marker.used;
        }
        let mut html = String::with_capacity(self.markdown.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.body.into_iter());
        if !self.footnotes.is_empty() {
            let words = self.ctx.body_words;
            let lang = self.ctx.lang;
            write_footnotes(
                &mut html,
                self.footnotes,
                &self.footnote_refs,
                &mut self.footnote_ids,
                (
                    &words.html(lang, BodyWord::Footnotes),
                    &words.attribute(lang, BodyWord::FootnoteBack),
                    &words.attribute(lang, BodyWord::FootnoteUse),
                ),
            );
            self.out.ids.extend(
                self.footnote_ids
                    .by_label
                    .values()
                    .map(|id| format!("fn-{id}")),
            );
        }
        self.out.html = PackedText::pack(&html);
        self.out
    }
}

/// A code block's opening tags, as pulldown-cmark writes them but for `tabindex`: a long line
/// scrolls sideways, and the keyboard must reach what it hides (WCAG 2.1.1; axe's
/// `scrollable-region-focusable`).
fn code_block_start(kind: &CodeBlockKind) -> String {
    let mut html = String::from("<pre tabindex=\"0\"><code");
    let lang = match kind {
        CodeBlockKind::Fenced(info) => info.split(' ').next().unwrap_or_default(),
        CodeBlockKind::Indented => "",
    };
    if !lang.is_empty() {
        html.push_str(" class=\"language-");
        crate::support::escape::html(lang, &mut html);
        html.push('"');
    }
    html.push('>');
    html
}

/// Whether raw inline HTML opens an `<a>` or a `<code>` element.
fn opens_link_or_code(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    ["<a", "<code"].iter().any(|tag| {
        lower
            .strip_prefix(tag)
            .is_some_and(|rest| rest.starts_with(|c: char| c == '>' || c.is_ascii_whitespace()))
    })
}

/// Whether raw inline HTML closes an `<a>` or a `<code>` element.
fn closes_link_or_code(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    lower.starts_with("</a>") || lower.starts_with("</a ") || lower.starts_with("</code")
}

/// Renders a short piece of inline Markdown (a free-text reference) without a wrapping `<p>`.
pub fn render_inline(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, inline_options())
        .map(|event| match event {
            // Raw HTML in a one-line reference is shown, not interpreted.
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            other => other,
        })
        .filter(|event| {
            !matches!(
                event,
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
            )
        });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    html.trim_end().to_string()
}

/// The message and hint of a warning at a `[text][label]` whose `label` no `[label]: address`
/// line of the page defines, the nearest of `labels` suggested. A label that is a citation key
/// (`[text][@key]`) is told how citations and links are written instead.
pub fn undefined_label(label: &str, labels: &[String]) -> (String, String) {
    let shown = crate::site::urls::shown(label);
    if let Some(hint) = citation_key_label(label) {
        // A known key inside is read as a bare citation, between the brackets left as text.
        let message = format!(
            "this `[...][{shown}]` is neither a link (no `[{shown}]: address` line on this page defines the label `{shown}`) nor a bracketed citation, so its brackets are printed as written"
        );
        return (message, hint);
    }
    let message = format!(
        "no `[{shown}]: address` line on this page defines the label `{shown}`, so this `[...][{shown}]` is not a link and is printed as written"
    );
    let hint = match closest(label, labels.iter().map(String::as_str)) {
        Some(near) => format!(
            "did you mean `[{}]`? Or define the label on a line of its own, `[{shown}]: sleep.md`",
            crate::site::urls::shown(near)
        ),
        None => format!(
            "define the label on a line of its own, `[{shown}]: sleep.md`, or write `\\[` to show the brackets as text"
        ),
    };
    (message, hint)
}

/// The hint for a link label that is a citation key (`[text][@key]`): how a citation and a
/// link are written. `None` for any other label.
pub fn citation_key_label(label: &str) -> Option<String> {
    let key = label.strip_prefix('@').filter(|k| !k.is_empty())?;
    let key = crate::site::urls::shown(key);
    Some(format!(
        "`@{key}` is a citation key, and a citation is written in brackets of its own, `[@{key}]` (after text: `the guide [@{key}]`); a link is written `[text](address)`"
    ))
}

/// Each `[text][label]` and `[label][]` (or image) in a line of inline Markdown (a free-text
/// reference) with its label and where its `[` is: no line defines a label there, so each is
/// printed as written (see [`undefined_label`]). A shortcut `[text]` alone is prose.
pub fn undefined_labels_in_inline(markdown: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    let mut callback = |link: pulldown_cmark::BrokenLink<'_>| {
        if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
            found.push((link.span.clone(), link.reference.to_string()));
        }
        None
    };
    let parser =
        Parser::new_with_broken_link_callback(markdown, inline_options(), Some(&mut callback));
    parser.for_each(drop);
    found
}

/// Where a callout's title holds Markdown that is printed as written (byte offsets in it).
#[derive(Debug, Default, PartialEq, Eq)]
struct TitleMarkdown {
    links: Vec<usize>,
    citation: Option<usize>,
    emphasis: Option<usize>,
}

/// The first link, citation and emphasis or code of a callout's `title` (see
/// [`PageRender::markdown_in_callout_title`]). Bracketed text alone and language spans are none.
fn title_markdown(title: &str) -> TitleMarkdown {
    let mut found = TitleMarkdown::default();
    // Only this line is read, so no label is defined: a `[...][label]` is a link all the same.
    let citations = std::cell::RefCell::new(Vec::new());
    let mut callback = |link: pulldown_cmark::BrokenLink<'_>| match link.link_type {
        LinkType::Reference | LinkType::Collapsed => Some((CowStr::from(""), CowStr::from(""))),
        _ => {
            if parse_citation_group(&link.reference).is_some() {
                citations.borrow_mut().push(link.span.start);
            }
            None
        }
    };
    let parser =
        Parser::new_with_broken_link_callback(title, inline_options(), Some(&mut callback));
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                found.links.push(range.start);
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) | Event::Code(_) => {
                found.emphasis.get_or_insert(range.start);
            }
            _ => {}
        }
    }
    found.citation = citations.into_inner().first().copied();
    found
}

fn inline_options() -> Options {
    Options::ENABLE_SMART_PUNCTUATION | Options::ENABLE_STRIKETHROUGH
}

/// Footnote ids from their labels (`[^why]` → `fn-why`), unique within the page even when two
/// labels slugify alike.
#[derive(Default)]
struct FootnoteIds {
    by_label: HashMap<String, String>,
    used: UsedIds,
}

impl FootnoteIds {
    /// The id of the note `label`, whatever its case (Markdown matches labels so).
    fn id(&mut self, label: &str) -> String {
        let label = label.to_lowercase();
        let label = label.as_str();
        if let Some(id) = self.by_label.get(label) {
            return id.clone();
        }
        let slug = slugify(label);
        let wanted = if slug.is_empty() {
            // A label of only symbols still needs a stable, valid id.
            label.bytes().map(|b| format!("{b:02x}")).collect()
        } else {
            slug
        };
        let id = self.used.unique(wanted, |_| false);
        self.by_label.insert(label.to_string(), id.clone());
        id
    }
}

/// Notes in the order they are first referred to, each with a back-link to every reference.
fn write_footnotes(
    html: &mut String,
    mut footnotes: Vec<(String, Vec<Event>)>,
    refs: &HashMap<String, (usize, usize)>,
    ids: &mut FootnoteIds,
    words: (&str, &str, &str),
) {
    footnotes.sort_by_key(|(label, _)| refs.get(label).map_or(usize::MAX, |(number, _)| *number));
    let (heading, back, and_use) = words;
    html.push_str(&format!("<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"{0}\">\n<h2 id=\"{0}\">{heading}</h2>\n<ol>\n", ids::FOOTNOTES_ID));
    for (label, mut events) in footnotes {
        let id = ids.id(&label);
        let mut backlinks = String::new();
        if let Some((number, count)) = refs.get(&label) {
            for n in 1..=*count {
                let ref_id = backlink_id(&id, n);
                let mark = if n == 1 {
                    String::new()
                } else {
                    format!("<sup>{n}</sup>")
                };
                backlinks.push_str(&format!(
                    " <a href=\"#{ref_id}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"{back} {number}{}\">↩{mark}</a>",
                    if *count > 1 { format!(", {and_use} {n}") } else { String::new() }
                ));
            }
        }
        // The back-links belong inside the note's last paragraph, not on a line of their own.
        let position = match events.last() {
            Some(Event::End(TagEnd::Paragraph)) => events.len() - 1,
            _ => events.len(),
        };
        events.insert(position, Event::InlineHtml(CowStr::from(backlinks)));
        html.push_str(&format!("<li id=\"fn-{id}\">"));
        pulldown_cmark::html::push_html(html, events.into_iter());
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</section>\n");
}

/// Collects the ids a piece of raw HTML gives its elements, so links to them are not reported
/// as broken: each tag's `id` attribute, and an `<a>`'s `name` (the one other attribute a
/// browser scrolls to a `#fragment` by). Read by [`raw_tags`], so `id=` in a comment, in
/// another attribute's value (`title="see id=x"`), in a closing tag or in a script's text is
/// no id.
fn html_ids(html: &str, ids: &mut Vec<String>) {
    // Most raw HTML holds no id: a byte search before anything else.
    let lower = html.to_ascii_lowercase();
    if !lower.contains("id") && !lower.contains("name") {
        return;
    }
    for (element, _, attributes) in raw_tags(html, &["a", ANY_ELEMENT]) {
        for (name, _, value) in attributes {
            let counts = name.eq_ignore_ascii_case("id")
                || (element == "a" && name.eq_ignore_ascii_case("name"));
            if counts && !value.is_empty() {
                ids.push(value.to_string());
            }
        }
    }
}

/// Where each `<img>` tag without an `alt` attribute starts in `html`: see
/// [`RawImages::without_alt`].
#[cfg(test)]
fn raw_imgs_without_alt(html: &str) -> Vec<usize> {
    raw_images(html).without_alt
}

/// Raw HTML as the page's Markdown gives it, in pieces (an HTML block comes a line at a time),
/// joined: `text`, and where each piece starts in it and was read from in the page.
#[derive(Default)]
struct RawHtml {
    text: String,
    pieces: Vec<RawPiece>,
}

/// A piece of raw HTML: where it starts in the joined text, and where it was read from in the
/// page.
type RawPiece = (usize, std::ops::Range<usize>);

impl RawHtml {
    fn push(&mut self, html: &str, range: std::ops::Range<usize>) {
        self.pieces.push((self.text.len(), range));
        self.text.push_str(html);
    }
}

/// Where the last tag of `html` starts when it has no `>` (the text ends inside it).
fn unclosed_tag_at_end(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let at = memchr::memrchr(b'<', bytes)?;
    (bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic)
        && memchr::memchr(b'>', &bytes[at..]).is_none())
    .then_some(at)
}

/// The markdown ranges of raw HTML `html` (joined from `pieces`) outside its comments
/// (`<!-- ... -->`; one left open runs to the end, as a browser reads it).
fn outside_comments(
    markdown: &str,
    html: &str,
    pieces: &[RawPiece],
) -> Vec<std::ops::Range<usize>> {
    let bytes = html.as_bytes();
    let mut offsets = RawOffsets::new(markdown, html, pieces);
    let mut comments = Vec::new();
    let mut from = 0;
    while let Some(start) = memchr::memmem::find(&bytes[from..], b"<!--").map(|i| from + i) {
        // `<!-->` and `<!--->` end at once, as HTML reads them.
        let end = memchr::memmem::find(&bytes[start + 2..], b"-->").map(|i| start + 2 + i + 3);
        let end_in_page = end.map_or(usize::MAX, |end| offsets.of(end - 1) + 1);
        comments.push(offsets.of(start)..end_in_page);
        match end {
            Some(end) => from = end,
            None => break,
        }
    }
    // Pieces and comments both come in the page's order: each piece looks only at the
    // comments from the first that has not ended before it (a block of thousands of lines,
    // each with a comment, is read once).
    let mut outside = Vec::new();
    let mut first = 0;
    for (_, range) in pieces {
        while comments.get(first).is_some_and(|c| c.end <= range.start) {
            first += 1;
        }
        let mut start = range.start;
        for comment in comments[first..].iter().take_while(|c| c.start < range.end) {
            if comment.end <= start {
                continue;
            }
            if comment.start > start {
                outside.push(start..comment.start);
            }
            start = start.max(comment.end.min(range.end));
        }
        if start < range.end {
            outside.push(start..range.end);
        }
    }
    outside
}

/// The warning for a raw HTML tag whose `<` is at `at` in `markdown` and whose `>` never comes
/// before its HTML ends (the page's end, or a block quote's or a list item's, without a blank
/// line): a browser reads what follows, the theme's own HTML at the page's end, as its
/// attributes.
fn tag_never_closed(markdown: &str, at: usize) -> Problem {
    let name = markdown
        .get(at + 1..)
        .unwrap_or_default()
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let tag = markdown.get(at..at + 1 + name).unwrap_or("<");
    Problem {
        code: Code::RawHtml,
        offset: at,
        message: format!(
            "this raw HTML tag `{tag}` has no `>`: its raw HTML ends first (at a blank line, or at the end of the page, a block quote or a list item), so a browser takes in what follows as the tag's attributes, the theme's own HTML at the page's end"
        ),
        hint: Some(format!("end the tag with `>` (`{tag} ...>`), or remove it")),
    }
}

/// The warning for a tag whose `<` is at `at` in `markdown` when a blank line cuts it before
/// its `>`: Markdown ends raw HTML (and a paragraph) at a blank line, so `<img` and `src="x.png">`
/// are published apart, the first as text or as a broken tag. Read as far as the tag's `>`, the
/// next `<` or the end of the paragraph after the blank line, whichever comes first, so each
/// byte of a page is read at most once by these however many `<` it has.
fn tag_cut_by_blank_line(markdown: &str, at: usize) -> Option<Problem> {
    let bytes = markdown.as_bytes();
    let name = bytes
        .get(at + 1..)?
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    if bytes.get(at) != Some(&b'<') || !bytes.get(at + 1)?.is_ascii_alphabetic() {
        return None;
    }
    // In a block quote each line starts with the quote's `>` marks (`> - <b`: one), which
    // are not the tag's end: as many are passed over at each line's start. Counted only once
    // the tag runs onto a next line: of the many `<` a line may have, only the last gets that
    // far, so each line is read back once.
    let quote_marks = || {
        let before = markdown.get(..at).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        before[line_start..]
            .bytes()
            .take_while(|b| matches!(b, b'>' | b' ' | b'\t'))
            .filter(|b| *b == b'>')
            .count()
    };
    let mut quotes = None;
    let (mut after_blank, mut text_after, mut line_empty) = (false, false, false);
    let (mut cut, mut marks_left) = (false, 0);
    for &b in bytes.get(at + 1 + name..)? {
        match b {
            b'>' if marks_left > 0 => marks_left -= 1,
            b'>' => {
                cut = text_after;
                break;
            }
            b'<' => return None,
            b'\n' if line_empty && text_after => return None,
            b'\n' => {
                after_blank |= line_empty;
                line_empty = true;
                marks_left = *quotes.get_or_insert_with(quote_marks);
            }
            b' ' | b'\t' | b'\r' => {}
            _ => {
                marks_left = 0;
                line_empty = false;
                text_after |= after_blank;
            }
        }
    }
    if !cut {
        return None;
    }
    let tag = &markdown[at..at + 1 + name];
    Some(Problem {
        code: Code::RawHtml,
        offset: at,
        message: format!(
            "this raw HTML tag `{tag}` is cut in two by a blank line before its `>`: Markdown ends raw HTML at a blank line, so the tag is published broken, its start as text or as a tag that takes in what follows"
        ),
        hint: Some(format!(
            "join its lines: remove the blank line inside the tag, so that `{tag}` runs to its `>` without one"
        )),
    })
}

/// Where each byte of `text`, raw HTML joined from `pieces`, is in `markdown`, the page, for
/// many offsets in one piece of raw HTML (its tags): whether each piece is its source as
/// written (the common case, when no block quote's marks were taken out) is found once for
/// the piece, not again at each offset: a line of 100,000 tags is read once.
struct RawOffsets<'a> {
    markdown: &'a str,
    text: &'a str,
    pieces: &'a [RawPiece],
    as_written: Vec<Option<bool>>,
}

impl<'a> RawOffsets<'a> {
    fn new(markdown: &'a str, text: &'a str, pieces: &'a [RawPiece]) -> Self {
        RawOffsets {
            markdown,
            text,
            pieces,
            as_written: vec![None; pieces.len()],
        }
    }

    /// Where the byte `at` of the text is in the page.
    fn of(&mut self, at: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|(start, _)| *start <= at)
            .max(1)
            - 1;
        let Some((start, range)) = self.pieces.get(index) else {
            return 0;
        };
        let end = self.pieces.get(index + 1).map_or(self.text.len(), |p| p.0);
        let piece = self.text.get(*start..end).unwrap_or("");
        let markdown = self.markdown;
        let as_written = self
            .as_written
            .get_mut(index)
            .map(|known| *known.get_or_insert_with(|| markdown.get(range.clone()) == Some(piece)));
        if as_written == Some(true) {
            range.start + (at - start)
        } else {
            piece_offset(markdown, range.clone(), piece, at - start)
        }
    }
}

/// Where the byte `at` of `text`, read by the Markdown parser from `markdown[range]`, is in
/// `markdown`. Text inside a block quote or a list item comes without the `>` or the
/// indentation that begins each of its lines after the first: such a line is found at the end
/// of the same line of the source (or, if it is not there, at that line's start).
fn piece_offset(markdown: &str, range: std::ops::Range<usize>, text: &str, at: usize) -> usize {
    let Some(source) = markdown.get(range.clone()) else {
        return range.start;
    };
    if source == text {
        return range.start + at;
    }
    let Some(before) = text.get(..at) else {
        return range.start;
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let number = text[..line_start].matches('\n').count();
    let mut source_start = 0;
    for _ in 0..number {
        match source[source_start..].find('\n') {
            Some(i) => source_start += i + 1,
            None => return range.start + line_start.min(source.len()),
        }
    }
    let source_end = source[source_start..]
        .find('\n')
        .map_or(source.len(), |i| source_start + i);
    let source_line = source[source_start..source_end].trim_end_matches('\r');
    let column = if source_line.ends_with(line) {
        source_line.len() - line.len() + (at - line_start)
    } else {
        0
    };
    range.start + source_start + column
}

/// The image addresses in `html`: see [`RawImages::sources`].
#[cfg(test)]
fn raw_image_sources(html: &str) -> Vec<(&'static str, usize, &str)> {
    raw_images(html).sources
}

/// What an address in raw HTML is for, which decides how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawUse {
    /// Followed or shown as a page (`<a href>`, `<area href>`, `<iframe src>`): checked as a
    /// Markdown link is.
    Link,
    /// Shown as a picture (`<img src>` and `srcset`, a `<picture>`'s `<source srcset>`,
    /// `<video poster>`): a missing one is an error, as a Markdown image's is.
    Image,
    /// Played, embedded or loaded into the page (`<video src>`, `<audio src>`, a video's
    /// `<source src>`, `<track src>`, `<embed src>`, `<object data>`, `<script src>`, a
    /// stylesheet's `<link href>`): the page is not what was written without it, and no reader
    /// can follow it to find it gone, so a missing one is an error too.
    Media,
    /// `<base href>`: the address every relative one of the page is read from.
    Base,
    /// `<form action>`: checked as a link; one to another site is warned of, since what a
    /// reader types (on a health site, often private) would be sent there.
    Form,
    /// The address of a `<meta http-equiv="refresh" content="0; url=...">`: checked as a
    /// link, and warned of, since it sends the reader away from the page.
    Refresh,
}

/// The raw HTML attributes that hold an address a browser follows or loads: (element,
/// attribute, what it is for). A `cite` (`<blockquote>`, `<q>`, `<ins>`, `<del>`) is not
/// among them: no browser follows or shows it, so it is left as written.
const RAW_ADDRESSES: [(&str, &str, RawUse); 24] = [
    ("a", "href", RawUse::Link),
    // An inline SVG's link and picture (SVG 1.1 writes `xlink:href`).
    ("a", "xlink:href", RawUse::Link),
    ("image", "href", RawUse::Image),
    ("image", "xlink:href", RawUse::Image),
    // An SVG `<use>` of another file's symbol (`/icons.svg#heart`); one of the page's own
    // (`#heart`) is left out with the other empty paths.
    ("use", "href", RawUse::Image),
    ("use", "xlink:href", RawUse::Image),
    ("base", "href", RawUse::Base),
    ("area", "href", RawUse::Link),
    ("iframe", "src", RawUse::Link),
    // A stylesheet, icon or preload (`rel`) the browser loads as it does a script: media;
    // any other `<link>` (`alternate`, `author`) a page or a file, as a link is (see
    // `raw_addresses`).
    ("link", "href", RawUse::Link),
    ("form", "action", RawUse::Form),
    ("img", "src", RawUse::Image),
    ("img", "srcset", RawUse::Image),
    // Read only for `type="image"` (see `raw_addresses`).
    ("input", "src", RawUse::Image),
    ("source", "srcset", RawUse::Image),
    ("video", "poster", RawUse::Image),
    ("source", "src", RawUse::Media),
    ("video", "src", RawUse::Media),
    ("audio", "src", RawUse::Media),
    ("track", "src", RawUse::Media),
    ("embed", "src", RawUse::Media),
    ("object", "data", RawUse::Media),
    // Raw HTML is trusted, scripts too: a script's file is checked as media is.
    ("script", "src", RawUse::Media),
    // Read only for `http-equiv="refresh"`, its `url=` part (see `refresh_address`).
    ("meta", "content", RawUse::Refresh),
];

/// The elements of [`RAW_ADDRESSES`].
const RAW_ADDRESS_ELEMENTS: [&str; 18] = [
    "a", "area", "iframe", "img", "source", "video", "audio", "track", "embed", "object", "image",
    "base", "use", "link", "form", "input", "script", "meta",
];

/// An address in raw HTML, as [`raw_addresses`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawAddress<'a> {
    element: &'static str,
    /// The attribute, as [`RAW_ADDRESSES`] names it.
    attribute: &'static str,
    used: RawUse,
    /// The byte offset of the address as written.
    at: usize,
    /// As written: character references not yet read, less the spaces around it.
    written: &'a str,
    /// The attribute was written before in the same tag: a browser reads only the first, so
    /// this one is neither checked nor rewritten (`written` is its whole value).
    repeated: bool,
}

/// The addresses of `html` (raw HTML as written in a page) that [`RAW_ADDRESSES`] names, each
/// of a `srcset` on its own; an empty one (the page itself) is left out.
fn raw_addresses(html: &str) -> Vec<RawAddress<'_>> {
    let mut found = Vec::new();
    for (element, start, attributes) in raw_tags(html, &RAW_ADDRESS_ELEMENTS) {
        // At most two of a tag's attributes are addresses: a short list, however many it has.
        let mut seen: Vec<&'static str> = Vec::new();
        for &(name, value_at, value) in &attributes {
            let Some(&(_, attribute, used)) = RAW_ADDRESSES
                .iter()
                .find(|(e, a, _)| *e == element && name.eq_ignore_ascii_case(a))
            else {
                continue;
            };
            let value_at = start + value_at;
            let used = if element == "link" && loads_into_page(&attributes) {
                RawUse::Media
            } else {
                used
            };
            let repeated = seen.contains(&attribute);
            if !repeated {
                seen.push(attribute);
            }
            let address = |at: usize, written| RawAddress {
                element,
                attribute,
                used,
                at,
                written,
                repeated,
            };
            if repeated {
                found.push(address(value_at, value));
                continue;
            }
            // An `<input>`'s `src` is its picture only as a `type="image"` button; a `<meta>`'s
            // `content` an address only as a refresh's.
            let (value_at, value) = match element {
                "input" if !has_keyword(&attributes, "type", "image") => continue,
                "meta" => match refresh_address(&attributes, value) {
                    Some(url) => (value_at + url.start, &value[url]),
                    None => continue,
                },
                _ => (value_at, value),
            };
            if attribute == "srcset" {
                for (offset, written) in srcset_addresses(value) {
                    found.push(address(value_at + offset, written));
                }
                continue;
            }
            let written = value.trim_start_matches(|c: char| c.is_ascii_whitespace());
            if !written.is_empty() {
                let at = value_at + (value.len() - written.len());
                found.push(address(
                    at,
                    written.trim_end_matches(|c: char| c.is_ascii_whitespace()),
                ));
            }
        }
    }
    found
}

/// Whether a `<link>` with these attributes is loaded into the page by the browser (its
/// `rel` names a stylesheet, an icon, a manifest or a preload), as a script's file is: the
/// page is not what was written without it, and no reader can follow it to see it is gone.
fn loads_into_page(attributes: &[Attribute]) -> bool {
    const LOADED: [&str; 7] = [
        "stylesheet",
        "icon",
        "apple-touch-icon",
        "manifest",
        "preload",
        "modulepreload",
        "prefetch",
    ];
    attributes
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case("rel"))
        .is_some_and(|(_, _, rel)| {
            rel.split_ascii_whitespace()
                .any(|token| LOADED.iter().any(|l| token.eq_ignore_ascii_case(l)))
        })
}

/// Whether the tag's first attribute `name` (ASCII, any case) is the keyword `keyword`, in
/// any case and with spaces around it (`type=" Image"`).
fn has_keyword(attributes: &[Attribute], name: &str, keyword: &str) -> bool {
    attributes
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .is_some_and(|(_, _, value)| {
            value
                .trim_matches(|c: char| c.is_ascii_whitespace())
                .eq_ignore_ascii_case(keyword)
        })
}

/// Where the address is in the `content` of a `<meta http-equiv="refresh">` (`0; url=/sleep/`,
/// `5;URL='x.html'`), as a browser reads it; `None` for another `<meta>` or one that only
/// reloads the page.
fn refresh_address(attributes: &[Attribute], content: &str) -> Option<std::ops::Range<usize>> {
    if !has_keyword(attributes, "http-equiv", "refresh") {
        return None;
    }
    let bytes = content.as_bytes();
    // The delay's digits and dots, then spaces, a `;` or `,`, and spaces.
    let mut i = 0;
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_whitespace() || b.is_ascii_digit() || *b == b'.')
    {
        i += 1;
    }
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b';' | b','))
    {
        i += 1;
    }
    if bytes
        .get(i..i + 3)
        .is_some_and(|u| u.eq_ignore_ascii_case(b"url"))
    {
        let mut j = i + 3;
        while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if bytes.get(j) == Some(&b'=') {
            i = j + 1;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
        }
    }
    // A quoted address ends at its quote.
    if let Some(&quote @ (b'\'' | b'"')) = bytes.get(i) {
        let end = memchr::memchr(quote, &bytes[i + 1..]).map_or(bytes.len(), |e| i + 1 + e);
        return (i + 1 < end).then_some(i + 1..end);
    }
    (i < bytes.len()).then_some(i..bytes.len())
}

/// The warning for a raw `<form action>` to another site or a `<meta>` refresh (`used`) to
/// `dest` (read as a browser reads it), at `offset`; `None` for a form of the site's own.
fn raw_away_warning(used: RawUse, dest: &str, offset: usize) -> Option<Problem> {
    if used == RawUse::Form {
        let lower = dest.to_ascii_lowercase();
        let elsewhere = lower.starts_with("//") || lower.contains("://");
        return elsewhere.then(|| Problem {
            code: Code::RawHtml,
            offset,
            message: format!("this raw HTML `<form>` sends what a reader types in it to another site, `{dest}`: on a page about health, that may be private, and the reader cannot see where it goes"),
            hint: Some("link to that site's own form instead (`<a href=\"...\">Ask a question</a>`), so the reader sees where they are going; keep the form only if it is meant".into()),
        });
    }
    Some(Problem {
        code: Code::RawHtml,
        offset,
        message: format!("this raw HTML `<meta http-equiv=\"refresh\">` sends the reader to `{dest}`, whether or not they have finished reading (and a screen reader's user may not know why the page changed)"),
        hint: Some("link to it instead; to move a page, give the new page the old address in `aliases:` (see docs/content.md, renamed pages)".into()),
    })
}

/// A raw HTML image's or media file's address (`<img src>`, `<video src>`): checked as a
/// Markdown image's is (a file the site will not have is an error, nothing would be shown),
/// and written relative to the page when it is a path from the site's root or a bundle's
/// file, as a Markdown image is, so that it works wherever `base_url` puts the site. Returns
/// `None` to leave it as written.
fn embedded_file(
    dest: &str,
    address: &RawAddress,
    ctx: &Context,
    offset: usize,
    out: &mut Rendered,
) -> Option<String> {
    let (what, code) = match address.used {
        RawUse::Image => ("image", Code::MissingImage),
        _ => ("file", Code::BrokenLink),
    };
    let element = address.element;
    if let Some(problem) = urls::web_address_problem(dest) {
        out.problems.push(Problem {
            code,
            offset,
            message: format!("the {what} `{dest}` of this raw HTML `<{element}>` is at {problem}, so nothing can be shown"),
            hint: Some(format!("write its whole address, `https://example.org/{}`, or put the file under static/", if what == "image" { "chart.png" } else { "video.mp4" })),
        });
        return None;
    }
    // A document as an image has its own error (see `check_raw_html`).
    if address.used == RawUse::Image && crate::site::images::not_a_picture(dest).is_some() {
        return None;
    }
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    if path.is_empty() || path.starts_with("//") || urls::has_scheme(path) {
        return None;
    }
    let decoded = crate::support::text::nfc(&urls::percent_decode(path));
    let from_root = path.starts_with('/');
    if !from_root && let Some(href) = beside_source(dest, path, &decoded, ctx) {
        return href;
    }
    let folder: Vec<&str> = ctx.url.split('/').filter(|s| !s.is_empty()).collect();
    let target = urls::join_path(if from_root { Vec::new() } else { folder }, &decoded);
    if let Some(target) = &target
        && ctx.files.has(target)
    {
        return from_root.then(|| urls::relative(ctx.url, dest.trim_start_matches('/')));
    }
    // A static file at the path from the Markdown file (content/ and static/ are one tree),
    // as a Markdown image's is found.
    if !from_root
        && let Some(source) = urls::resolve_source_path(ctx.rel_path, &decoded)
        && ctx.files.has(&source)
    {
        let rest = dest.get(path.len()..).unwrap_or_default();
        return Some(format!(
            "{}{rest}",
            urls::relative(ctx.url, &urls::encode_path(&source))
        ));
    }
    let shown = match target {
        None => " (it would be above the site's root)".to_string(),
        Some(target) if !from_root => format!(" (it would be at `/{target}`)"),
        Some(_) => String::new(),
    };
    let hint = (out.problems.len() < MAX_PROBLEMS_SHOWN)
        .then(|| missing_file_hint(&decoded, from_root, what, ctx));
    out.problems.push(Problem {
        code,
        offset,
        message: format!("the {what} `{dest}` of this raw HTML `<{element}>` is not a file of the site{shown}, so {}", if matches!(element, "script" | "link") { "the page is published without it" } else { "nothing is shown" }),
        hint,
    });
    None
}

/// Where the missing file `decoded` (an address as read, `from_root` or not) may be, or where
/// to put it: `what` is an image or a file.
fn missing_file_hint(decoded: &str, from_root: bool, what: &str, ctx: &Context) -> String {
    let name = decoded.rsplit('/').next().unwrap_or(decoded);
    let folder = if what == "image" { "images" } else { "files" };
    match ctx.files.same_name(decoded.trim_start_matches('/')) {
        Some(near) if let Some(source) = ctx.files.bundle_source_of(near) => format!(
            "content/{source} has that name: from this page write `{}`",
            urls::encode_path(&urls::source_path_from(ctx.rel_path, source))
        ),
        Some(near) => format!(
            "`/{near}` has that name: write `/{}` (a path that starts with `/` is from the site's root, where static/ files are, at their path under static/)",
            urls::encode_path(near)
        ),
        None if from_root => format!("put the file at `static{decoded}`, or fix the path"),
        // `content/index.md` and Hugo's `_index.md`: as for a Markdown image (no bundles).
        None if crate::site::bundles::at_the_top_as_a_home_page(ctx.rel_path) => {
            crate::site::bundles::home_page_file_help(name, folder)
        }
        None if let Some(help) =
            crate::site::bundles::index_page_file_help(ctx.rel_path, name, folder) =>
        {
            help
        }
        None if ctx.files.in_a_bundle(ctx.rel_path) => {
            let here = ctx.rel_path.rsplit_once('/').map_or("", |(f, _)| f);
            format!(
                "put `{name}` in this page's folder, content/{here}/ (paths are relative to the page's file), or under static/ (static/{folder}/{name}) and write `/{folder}/{name}`"
            )
        }
        None => format!(
            "put it under static/ (static/{folder}/{name}) and write `/{folder}/{name}`, or make this page a bundle: move it to content/{}/index.md with `{name}` beside it",
            ctx.rel_path.trim_end_matches(".md")
        ),
    }
}

/// What [`raw_images`] finds in raw HTML as written in a page.
#[derive(Default)]
struct RawImages<'a> {
    /// Where each `<img>` tag without an `alt` attribute (an empty one is decoration, and
    /// fine) starts: the byte offset of its `<`.
    without_alt: Vec<usize>,
    /// Where each `<input type="image">` without an `alt`, or with an empty one, starts: a
    /// button whose only name is its picture's file.
    unnamed_buttons: Vec<usize>,
    /// The image addresses of the `<img>` (`src` and each of `srcset`), `<source>` (each of
    /// `srcset`: a `<picture>`'s pictures; a `<video>`'s or `<audio>`'s `src` is not an image)
    /// `<video>` (`poster`) and `<input type="image">` (`src`) tags, each attribute's first copy
    /// only: (tag name, byte offset of the address, address).
    sources: Vec<(&'static str, usize, &'a str)>,
    /// The `alt` values of the `<img>` tags without a `lang` of their own: (byte offset of the
    /// value, value as written).
    alts: Vec<(usize, &'a str)>,
}

/// The `<img>`, `<source>`, `<video>` and `<input>` tags of `html` (raw HTML as written in a
/// page), read in one walk for both the missing `alt`s and the image addresses. Attributes are read as HTML reads
/// them: quoted values may hold `>` or the word `alt`; comments are skipped, and a tag that
/// goes on past `html` is not read.
fn raw_images(html: &str) -> RawImages<'_> {
    let mut found = RawImages::default();
    // Most raw HTML holds no image: a byte search before anything else.
    if !html.as_bytes().windows(4).any(|w| {
        w.eq_ignore_ascii_case(b"<img")
            || w.eq_ignore_ascii_case(b"<sou")
            || w.eq_ignore_ascii_case(b"<vid")
            || w.eq_ignore_ascii_case(b"<inp")
    }) {
        return found;
    }
    for (element, start, attributes) in raw_tags(html, &["img", "source", "video", "input"]) {
        let button = element == "input" && has_keyword(&attributes, "type", "image");
        // A button's `alt` is its name: an empty one leaves it without any.
        let named = |(n, _, v): &Attribute| n.eq_ignore_ascii_case("alt") && !v.trim().is_empty();
        if button && !attributes.iter().any(named) {
            found.unnamed_buttons.push(start - 1 - element.len());
        }
        if element == "img"
            && !attributes
                .iter()
                .any(|(n, _, _)| n.eq_ignore_ascii_case("alt"))
        {
            found.without_alt.push(start - 1 - element.len());
        }
        let own_lang = attributes
            .iter()
            .any(|(n, _, _)| n.eq_ignore_ascii_case("lang"));
        // A browser reads an attribute's first copy only (see `raw_addresses`).
        let (mut src, mut srcset) = (false, false);
        for (name, value_at, value) in attributes {
            let value_at = start + value_at;
            let single = match element {
                "img" => name.eq_ignore_ascii_case("src"),
                "video" => name.eq_ignore_ascii_case("poster"),
                "input" => button && name.eq_ignore_ascii_case("src"),
                _ => false,
            };
            if element == "img" && !own_lang && name.eq_ignore_ascii_case("alt") {
                found.alts.push((value_at, value));
            } else if single && !std::mem::replace(&mut src, true) {
                // `src=" leaflet.pdf"`: the address starts after the spaces.
                let address = value.trim_start();
                let value_at = value_at + (value.len() - address.len());
                found.sources.push((element, value_at, address.trim_end()));
            } else if matches!(element, "img" | "source")
                && name.eq_ignore_ascii_case("srcset")
                && !std::mem::replace(&mut srcset, true)
            {
                for (offset, address) in srcset_addresses(value) {
                    found.sources.push((element, value_at + offset, address));
                }
            }
        }
    }
    found
}

/// The addresses of a `srcset` value's candidates, each with its byte offset, read as the HTML
/// standard reads them: an address runs up to a space (so it may hold a comma,
/// `photo,1.png 1x`), less any commas it ends with (`a.png,b.png` is the one address
/// `a.png,b.png`; `a.png, b.png` two); its descriptors (`1x`, `480w`) run up to the next
/// comma outside brackets.
fn srcset_addresses(value: &str) -> Vec<(usize, &str)> {
    let bytes = value.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    loop {
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b',')
        {
            i += 1;
        }
        if i >= bytes.len() {
            return found;
        }
        let start = i;
        while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
            i += 1;
        }
        let address = value[start..i].trim_end_matches(',');
        found.push((start, address));
        if address.len() < i - start {
            // Its commas ended the candidate: no descriptors.
            continue;
        }
        // The descriptors, up to a comma that is not inside `(...)`.
        let mut in_brackets = false;
        while let Some(&b) = bytes.get(i) {
            i += 1;
            match b {
                b'(' => in_brackets = true,
                b')' => in_brackets = false,
                b',' if !in_brackets => break,
                _ => {}
            }
        }
    }
}

/// The tags named one of `names` (ASCII, any case) in `html` (raw HTML as written in a page),
/// in order, each (its name as in `names`, the byte offset just after its name, its attributes
/// as [`tag_attributes`] reads them, offsets from there). Comments are skipped, and so is
/// each found tag's inside (a quoted `>` or tag name in a value is not a tag); the walk stops
/// at a tag that goes on past `html`.
fn raw_tags<'a>(
    html: &'a str,
    names: &'a [&'static str],
) -> impl Iterator<Item = (&'static str, usize, Vec<Attribute<'a>>)> + 'a {
    let bytes = html.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            if bytes[at..].starts_with(b"<!--") {
                at = memchr::memmem::find(&bytes[at..], b"-->")
                    .map_or(bytes.len(), |end| at + end + 3);
                continue;
            }
            let wanted = tag_name_at(bytes, at, names);
            // A script's or a style's text is not HTML: `'<img src=x>'` in it is no tag.
            let raw_text = tag_name_at(bytes, at, &RAW_TEXT_ELEMENTS);
            let Some((_, length)) = wanted.or(raw_text) else {
                at += 1;
                continue;
            };
            let start = at + 1 + length;
            let Some((attributes, tag_length)) = tag_attributes(&html[start..]) else {
                at = bytes.len();
                return None;
            };
            at = start + tag_length;
            if raw_text.is_some() {
                // Found in place, any case: a lowercased copy of the rest for each tag made a
                // block of thousands of `<iframe>` lines quadratic.
                let name = &bytes[start - length..start];
                at = memchr::memmem::find_iter(&bytes[at..], b"</")
                    .map(|end| at + end)
                    .find(|&end| {
                        bytes
                            .get(end + 2..end + 2 + length)
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    })
                    .unwrap_or(bytes.len());
            }
            if let Some((element, _)) = wanted {
                return Some((element, start, attributes));
            }
        }
        None
    })
}

/// The raw HTML elements whose end tag a page must write (not `<p>` or `<li>`, which a
/// browser closes itself) and whose misnesting moves the theme's own HTML: one left open
/// takes in the theme's HTML after the page's text, and an end tag with none open closes the
/// theme's.
const CONTAINERS: [&str; 31] = [
    "div",
    "section",
    "article",
    "aside",
    "nav",
    "header",
    "footer",
    "main",
    "details",
    "summary",
    "figure",
    "figcaption",
    "blockquote",
    "table",
    "ul",
    "ol",
    "dl",
    "form",
    "fieldset",
    "span",
    "a",
    "b",
    "i",
    "em",
    "strong",
    "small",
    "mark",
    "code",
    "pre",
    "label",
    "button",
];

/// The elements a theme wraps a page's text in (the default theme's `<main>`, `<article>`
/// and `<div class="content">`): an end tag of one the page did not open closes the theme's.
const THEME_WRAPPERS: [&str; 3] = ["div", "article", "main"];

/// The start and end tags of [`CONTAINERS`] in `html` (raw HTML as written in a page), in
/// order: (whether it is an end tag, its name, where its `<` is). Comments and the text of
/// scripts and styles are skipped, and so is a start tag's inside; the walk stops at a tag
/// that goes on past `html`.
fn container_tags(html: &str) -> Vec<(bool, &'static str, usize)> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'<', &bytes[from..]).map(|i| from + i) {
        from = at + 1;
        if bytes[at..].starts_with(b"<!--") {
            from =
                memchr::memmem::find(&bytes[at + 2..], b"-->").map_or(bytes.len(), |e| at + 5 + e);
            continue;
        }
        if bytes.get(at + 1) == Some(&b'/') {
            let name = CONTAINERS.iter().copied().find(|name| {
                let end = at + 2 + name.len();
                bytes
                    .get(at + 2..end)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                    && bytes
                        .get(end)
                        .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>')
            });
            if let Some(name) = name {
                found.push((true, name, at));
            }
            continue;
        }
        let Some((name, length)) = tag_name_at(bytes, at, &CONTAINERS)
            .or_else(|| tag_name_at(bytes, at, &RAW_TEXT_ELEMENTS))
        else {
            continue;
        };
        let start = at + 1 + length;
        let Some((_, tag_length)) = attribute_names(&html[start..]) else {
            break;
        };
        from = start + tag_length;
        if CONTAINERS.contains(&name) {
            found.push((false, name, at));
        } else {
            // A script's or a style's text is not HTML: it runs to its end tag.
            let closing = format!("</{name}");
            from = memchr::memmem::find_iter(&bytes[from..], b"</")
                .map(|e| from + e)
                .find(|&e| {
                    bytes
                        .get(e..e + closing.len())
                        .is_some_and(|c| c.eq_ignore_ascii_case(closing.as_bytes()))
                })
                .unwrap_or(bytes.len());
        }
    }
    found
}

/// In the names given [`raw_tags`], any element: a tag of another name is given as this.
const ANY_ELEMENT: &str = "*";

/// The elements whose text HTML does not read as tags (their text ends at their closing tag):
/// [`raw_tags`] passes over it.
const RAW_TEXT_ELEMENTS: [&str; 7] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed",
];

/// The first of `names` (or, for [`ANY_ELEMENT`], any name) whose start tag begins at `at`
/// in `bytes`, and the length of its name.
fn tag_name_at(bytes: &[u8], at: usize, names: &[&'static str]) -> Option<(&'static str, usize)> {
    if bytes.get(at) != Some(&b'<') {
        return None;
    }
    let ends_name = |end: usize| {
        bytes
            .get(end)
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
    };
    names.iter().copied().find_map(|name| {
        if name == ANY_ELEMENT {
            // A start tag's name: a letter, then letters, digits, `-` (custom elements), `:`.
            if !bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
                return None;
            }
            let length = bytes[at + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_' | b'.'))
                .count();
            return ends_name(at + 1 + length).then_some((name, length));
        }
        let end = at + 1 + name.len();
        (bytes
            .get(at + 1..end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && ends_name(end))
        .then_some((name, name.len()))
    })
}

/// An attribute of a raw HTML tag: its name, the byte offset of its value, and its value.
type Attribute<'a> = (&'a str, usize, &'a str);

/// The attributes of a tag whose name has been read, each (name, byte offset of its value,
/// value; an attribute without one has an empty value), and the length up to its `>`; `None`
/// when the text ends first.
fn tag_attributes(rest: &str) -> Option<(Vec<Attribute<'_>>, usize)> {
    let (names, length) = attribute_names(rest)?;
    let bytes = rest.as_bytes();
    let mut attributes = Vec::new();
    // Each name is a slice of `rest` (where `attribute_names` found it): its value follows its
    // `=`.
    for name in names {
        let i = name.as_ptr() as usize - rest.as_ptr() as usize + name.len();
        let mut j = i;
        while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            attributes.push((name, i, ""));
            continue;
        }
        j += 1;
        while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        let (value_at, value) = match bytes.get(j) {
            Some(quote @ (b'"' | b'\'')) => {
                let end = memchr::memchr(*quote, &bytes[j + 1..]).map_or(length, |e| j + 1 + e);
                (j + 1, &rest[j + 1..end])
            }
            _ => {
                let end = rest[j..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(length, |e| j + e);
                (j, &rest[j..end])
            }
        };
        attributes.push((name, value_at, value));
    }
    Some((attributes, length))
}

/// The attribute names of a tag whose name has been read, and the length up to its `>`; `None`
/// when the text ends first.
fn attribute_names(rest: &str) -> Option<(Vec<&str>, usize)> {
    let bytes = rest.as_bytes();
    let skip_space = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut names = Vec::new();
    let mut i = 0;
    loop {
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
        {
            i += 1;
        }
        if *bytes.get(i)? == b'>' {
            return Some((names, i + 1));
        }
        let start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        names.push(&rest[start..i]);
        i = skip_space(i);
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i = skip_space(i + 1);
        match *bytes.get(i)? {
            quote @ (b'"' | b'\'') => i += 2 + memchr::memchr(quote, &bytes[i + 1..])?,
            _ => {
                while bytes
                    .get(i)
                    .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                {
                    i += 1;
                }
            }
        }
    }
}

/// A Markdown link or image whose address runs a script (`javascript:`, `vbscript:`) is an
/// error: editors may write raw HTML, but such a Markdown link is nearly always pasted in by
/// mistake or by someone up to no good. A `data:` link is one too (it opens a document of the
/// link's own making, such as a fake sign-in page); a `data:` image is fine.
fn check_script_url(dest: &str, what: &str, offset: usize, out: &mut Rendered) {
    let Some(scheme) = unsafe_scheme(dest, what == "image") else {
        return;
    };
    let effect = if scheme == "data:" {
        "which opens a document made up by the link itself"
    } else {
        "which would run a script in the reader's browser"
    };
    out.problems.push(Problem {
        code: Code::UnsafeLink,
        offset,
        message: format!("this {what} has a `{scheme}` address, {effect}"),
        hint: Some(
            "link to a page or to an https:// address; a script belongs in the theme".into(),
        ),
    });
}

/// The scheme of `dest` when a link (or, with `image`, an image) may not use it.
fn unsafe_scheme(dest: &str, image: bool) -> Option<&'static str> {
    urls::script_scheme(dest).filter(|s| !(image && *s == "data:"))
}

/// The first link or image address in a piece of inline Markdown (a free-text reference)
/// that would run a script.
/// The first link or image in a line of inline Markdown (a free-text reference) whose `http(s)`
/// address leads nowhere, with what is wrong with it (see [`urls::web_address_problem`]).
pub fn broken_web_link_in_inline(markdown: &str) -> Option<(String, String)> {
    Parser::new_ext(markdown, Options::empty()).find_map(|event| match event {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            urls::web_address_problem(dest_url.trim())
                .map(|problem| (dest_url.to_string(), problem))
        }
        _ => None,
    })
}

pub fn script_link_in_inline(markdown: &str) -> Option<String> {
    Parser::new_ext(markdown, Options::empty()).find_map(|event| match event {
        Event::Start(Tag::Link { dest_url, .. }) if unsafe_scheme(&dest_url, false).is_some() => {
            Some(dest_url.to_string())
        }
        Event::Start(Tag::Image { dest_url, .. }) if unsafe_scheme(&dest_url, true).is_some() => {
            Some(dest_url.to_string())
        }
        _ => None,
    })
}

/// Rewrites a link to another page's source (`../guides/sleep.md#rest`) into that page's
/// relative URL. Returns `None` to leave the link as written.
fn rewrite_link(dest: &str, ctx: &Context, offset: usize, out: &mut Rendered) -> Option<String> {
    if let Some(problem) = urls::web_address_problem(dest) {
        out.problems.push(Problem {
            code: Code::BrokenLink,
            offset,
            message: format!("this links to `{dest}`, {problem}, so it leads nowhere"),
            hint: Some(
                "write the whole address of the page, `https://example.org/sleep`, or remove the link"
                    .into(),
            ),
        });
        return None;
    }
    let problems = &mut out.problems;
    if dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with('#')
        || dest.starts_with("//")
    {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    let (path, query) = match path.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path, None),
    };
    if !path.ends_with(".md") {
        return file_link(dest, path, ctx, offset, out);
    }
    let decoded = crate::support::text::nfc(&urls::percent_decode(path));
    let target = urls::resolve_source_path(ctx.rel_path, &decoded);
    match target.as_ref().and_then(|target| ctx.pages.get(target)) {
        Some(url) => {
            let mut link = urls::relative(ctx.url, url);
            // A query (`sleep.md?utm_source=leaflet`) is the reader's to send: kept.
            if let Some(query) = query {
                link.push('?');
                link.push_str(query);
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                out.fragment_links.push(FragmentLink {
                    offset,
                    page: target.clone(),
                    fragment: urls::percent_decode(fragment),
                });
            }
            if let Some(fragment) = fragment {
                link.push('#');
                link.push_str(fragment);
            }
            Some(link)
        }
        None if target.as_ref().is_some_and(|t| ctx.drafts.contains(t)) => {
            problems.push(Problem {
                code: Code::LinkToDraft,
                offset,
                message: format!("this links to `{dest}`, a draft that is left out of this build"),
                hint: Some("publish the draft (remove `draft: true`), remove the link, or build (or serve) with --drafts".into()),
            });
            None
        }
        None if target.as_ref().is_some_and(|t| ctx.unreadable.contains(t)) => {
            problems.push(Problem {
                code: Code::LinkToUnreadable,
                offset,
                message: format!("this links to `{dest}`, a page that could not be read"),
                hint: None,
            });
            None
        }
        None => {
            let target = target.unwrap_or(decoded);
            let hint =
                (problems.len() < MAX_PROBLEMS_SHOWN).then(|| missing_page_hint(&target, ctx));
            problems.push(Problem {
                code: Code::BrokenLink,
                offset,
                message: format!("this links to `{dest}`, but there is no page content/{target}"),
                hint,
            });
            None
        }
    }
}

/// The hint for a link to `target`, a page the site does not have: the page nearest as a path,
/// else the one page of that file name in another folder (a link written from the wrong folder:
/// `sleep.md` from guides/), else how a page at the top of `content/` is written from here.
fn missing_page_hint(target: &str, ctx: &Context) -> String {
    // The page itself is never what a link to another page meant.
    let others = ctx
        .pages
        .keys()
        .map(String::as_str)
        .filter(|p| *p != ctx.rel_path);
    let file_name = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
    let wanted = file_name(target);
    closest(target, others.clone())
        .or_else(|| {
            let mut named = others.filter(|p| file_name(p) == wanted);
            named.next().filter(|_| named.next().is_none())
        })
        .map(|near| {
            format!(
                "did you mean `{}` (content/{near})? Paths are relative to this page",
                crate::support::urls::source_path_from(ctx.rel_path, near)
            )
        })
        .unwrap_or_else(|| {
            let shown = crate::support::diagnostic::printable_message(&wanted);
            // From a folder, how a page at the top would be written.
            let relative = if ctx.rel_path.contains('/') {
                format!(
                    " (paths are relative to this page: content/{shown} is `{}` from here)",
                    crate::support::diagnostic::printable_message(
                        &crate::support::urls::source_path_from(ctx.rel_path, &wanted)
                    )
                )
            } else {
                String::new()
            };
            format!(
                "no page of the site is called `{shown}`: check the file's name{relative}, or write that page first (`attach-gen new`)"
            )
        })
}

/// A relative link to a file read from the Markdown file, as an image is: from
/// `walk/extra.md` (at `walk/extra/`) beside a bundle's `walk/index.md`, `leaflet.pdf` is the
/// bundle's `walk/leaflet.pdf`, and is written `../leaflet.pdf`. `Some(None)` when the link as
/// written already leads there; `None` when the Markdown file's folder has no such file.
fn beside_source(dest: &str, path: &str, decoded: &str, ctx: &Context) -> Option<Option<String>> {
    // A folder; or `%2F`, part of a name as the browser reads it, not a folder.
    if decoded.ends_with('/') || path.to_ascii_lowercase().contains("%2f") {
        return None;
    }
    let source = urls::resolve_source_path(ctx.rel_path, decoded)?;
    let output = ctx.files.beside_source(&source)?;
    let folder: Vec<&str> = ctx.url.split('/').filter(|s| !s.is_empty()).collect();
    if urls::join_path(folder, decoded).as_deref() == Some(output) {
        return Some(None);
    }
    // The query and fragment as written.
    let rest = dest.get(path.len()..).unwrap_or_default();
    // From the page's `index.html`, folders shared left out: `../leaflet.pdf`.
    let from = format!("{}index.html", ctx.url);
    Some(Some(format!(
        "{}{rest}",
        urls::encode_path(&urls::source_path_from(&from, output))
    )))
}

/// A link to something of the site other than a page's `.md` file (`path`, the start of
/// `dest` before any `?` or `#`): a file in `static/` or a page bundle, a page's or a generated
/// page's URL. A link from the site's root (`/files/leaflet.pdf`) is rewritten relative to the
/// page, so that it works wherever `base_url` puts the site; one the site will not have is a
/// warning (it may lead to another part of the same host). Returns `None` to leave it as written.
fn file_link(
    dest: &str,
    path: &str,
    ctx: &Context,
    offset: usize,
    out: &mut Rendered,
) -> Option<String> {
    // `tel:`, `sms:` and every other scheme; `?query` alone.
    if path.is_empty() || urls::has_scheme(path) {
        return None;
    }
    let decoded = crate::support::text::nfc(&urls::percent_decode(path));
    // From the root as the browser reads it: `%2Ffiles` is a name in the page's folder.
    let from_root = path.starts_with('/');
    if !from_root && let Some(href) = beside_source(dest, path, &decoded, ctx) {
        return href;
    }
    let resolve = |decoded: &str| {
        if from_root {
            urls::join_path(Vec::new(), decoded)
        } else {
            let folder: Vec<&str> = ctx.url.split('/').filter(|s| !s.is_empty()).collect();
            urls::join_path(folder, decoded)
        }
    };
    let target = resolve(&decoded);
    let Some(mut target) = target else {
        out.warnings.push_with(offset, || Problem {
            code: Code::BrokenLink,
            offset,
            message: format!("this links to `{dest}`, which leads above the site's root"),
            hint: Some(
                "link to another part of the same host by its full address (https://...)".into(),
            ),
        });
        return None;
    };
    if decoded.ends_with('/') && !target.is_empty() {
        target.push('/');
    }
    if ctx.files.has(&target) {
        // The path as written, not as decoded: `%23` in a file name must stay `%23`.
        return from_root.then(|| urls::relative(ctx.url, dest.trim_start_matches('/')));
    }
    let name = decoded.rsplit('/').next().unwrap_or_default();
    // `/report?.pdf`, `/notes#1.pdf`: a file whose name holds `?` or `#`, which a link reads
    // as the start of its query or fragment.
    let whole_name = (dest.len() > path.len())
        .then(|| resolve(&crate::support::text::nfc(&urls::percent_decode(dest))))
        .flatten()
        .filter(|whole| ctx.files.has(whole));
    // `[the book](@key)`: a citation key written as the address.
    let as_key = decoded
        .strip_prefix('@')
        .filter(|key| known_key(key, ctx.keys).is_some() || ctx.left_out.contains(*key));
    let hint = match ctx.files.same_name(&target) {
        _ if as_key.is_some() => citation_key_label(&decoded).unwrap_or_default(),
        _ if let Some(whole) = &whole_name => marks_in_file_name_hint(dest, whole),
        // A bundle's file: written from the Markdown file, as its images are.
        Some(near) if let Some(source) = ctx.files.bundle_source_of(near) => format!(
            "content/{source} has that name: from this page write `{}`",
            urls::encode_path(&urls::source_path_from(ctx.rel_path, source))
        ),
        Some(near) => format!(
            "did you mean `/{near}`? (a path that starts with `/` is from the site's root, where static/ files are, at their path under static/)"
        ),
        // `content/index.md`: its files go in static/ (see `at_the_top_as_a_home_page`).
        None if !from_root && !decoded.contains('/') && name.contains('.') && crate::site::bundles::at_the_top_as_a_home_page(ctx.rel_path) => {
            crate::site::bundles::home_page_file_help(name, "files")
        }
        // A page in a bundle's folder (its `index.md`, a translation, a page beside it): the
        // file belongs in that folder, which is published.
        None if !from_root && !decoded.contains('/') && name.contains('.') && ctx.files.in_a_bundle(ctx.rel_path) => {
            let folder = ctx.rel_path.rsplit_once('/').map_or("", |(folder, _)| folder);
            format!(
                "put `{name}` in this page's folder, content/{folder}/ (paths are relative to the page's file), or under static/ (static/files/{name}) and write `/files/{name}`"
            )
        }
        // `_index.md` (Hugo's) or `Index.md`: renamed `index.md`, a bundle.
        None if !from_root
            && !decoded.contains('/')
            && name.contains('.')
            && let Some(help) = crate::site::bundles::index_page_file_help(ctx.rel_path, name, "files") =>
        {
            help
        }
        // A file written beside a page that is not a bundle (`sleep.md` linking `leaflet.pdf`):
        // only a bundle's files are published from content/.
        None if !from_root
            && !decoded.contains('/')
            && name.contains('.')
            && ctx.rel_path != "index.md"
            && !ctx.rel_path.ends_with("/index.md") =>
        {
            let stem = ctx.rel_path.trim_end_matches(".md");
            format!(
                "a file beside a page is published only when the page is a bundle: move the page to content/{stem}/index.md with `{name}` beside it, or put the file under static/ (static/files/{name}) and write `/files/{name}`"
            )
        }
        None => "link to a page by its file (`../guides/sleep.md`), to a file in static/ by its path from the site's root (`/files/leaflet.pdf`); a link to another part of the same host needs its full address (https://...)".into(),
    };
    // In a bundle's folder a file is looked for beside the page's file first: say so.
    let beside = (!from_root && ctx.files.in_a_bundle(ctx.rel_path))
        .then(|| urls::resolve_source_path(ctx.rel_path, &decoded))
        .flatten()
        .filter(|_| !decoded.ends_with('/'))
        .map(|source| format!(", and content/{source} does not exist"))
        .unwrap_or_default();
    out.warnings.push_with(offset, || Problem {
        code: Code::BrokenLink,
        offset,
        message: format!(
            "this links to `{dest}`, but the site will have no file or page at `/{target}`{beside}"
        ),
        hint: Some(hint),
    });
    None
}

/// The help for a link `dest` to `whole`, a file whose name holds `?` or `#`, which the link
/// reads as the start of its query or fragment.
fn marks_in_file_name_hint(dest: &str, whole: &str) -> String {
    let why = match (whole.contains('?'), whole.contains('#')) {
        (true, true) => {
            "`?` starts a query and `#` a place in the page: write them `%3F` and `%23`"
        }
        (true, false) => "`?` starts a query: write it `%3F`",
        _ => "`#` starts a place in the page: write it `%23`",
    };
    format!(
        "the site has the file `/{whole}`, but in a link {why} (`{}`), or rename the file",
        dest.replace('?', "%3F").replace('#', "%23")
    )
}

/// Records a citation and returns the placeholder event that stands for it; unknown keys are
/// reported (with the nearest known key) and left out.
fn cite(
    out: &mut Rendered,
    mut citation: Citation,
    ctx: &Context,
    offset: usize,
) -> Event<'static> {
    citation.items.retain_mut(|item| {
        if let Some(key) = known_key(&item.key, ctx.keys) {
            item.key = key;
            return true;
        }
        let hint = if out.problems.len() >= MAX_PROBLEMS_SHOWN {
            None
        } else if let Some(near) = closest(&item.key, ctx.keys.iter().map(String::as_str)) {
            Some(did_you_mean(&item.key, near))
        } else {
            Some("add the work to a bibliography file named in site.yaml, or fix the key".into())
        };
        out.problems.push(Problem {
            code: Code::UnknownCitation,
            offset,
            message: unknown_key(&item.key),
            hint,
        });
        false
    });
    if citation.items.is_empty() {
        return Event::Text(CowStr::from(""));
    }
    out.citations.push(citation);
    Event::InlineHtml(CowStr::from(citation_placeholder(out.citations.len() - 1)))
}

/// The message of an `unknown-citation` error: no work has the key `key`.
pub fn unknown_key(key: &str) -> String {
    format!("{UNKNOWN_KEY}{key}`")
}

/// The key an [`unknown_key`] message names, so the error can say more once the whole
/// bibliography is known (an entry left out for having no fields).
pub fn unknown_key_of(message: &str) -> Option<&str> {
    message.strip_prefix(UNKNOWN_KEY)?.strip_suffix('`')
}

const UNKNOWN_KEY: &str = "no work in the bibliography has the key `";

/// The bibliography key `key` stands for: itself, or the key it equals once both are in NFC
/// (a key typed with a composed `ü` cites the work whose key has `u` plus a combining
/// diaeresis, and the other way round).
pub fn known_key(key: &str, keys: &HashSet<String>) -> Option<String> {
    if keys.contains(key) {
        return Some(key.to_string());
    }
    let composed = crate::support::text::nfc(key);
    if keys.contains(&composed) {
        return Some(composed);
    }
    // Rare (a key with an accent written decomposed in the bibliography): only then are the
    // keys themselves normalised.
    if key.is_ascii() {
        return None;
    }
    keys.iter()
        .find(|k| !k.is_ascii() && crate::support::text::nfc(k) == composed)
        .cloned()
}

/// "Did you mean `near`?", or, when `near` looks the same as `key`, what differs.
pub fn did_you_mean(key: &str, near: &str) -> String {
    use crate::support::diagnostic::{visible, without_invisible};
    if without_invisible(near) == without_invisible(key) {
        return format!(
            "the key is written `{}` here and `{}` in the bibliography: they differ in a character you cannot see; type the key again",
            visible(key),
            visible(near)
        );
    }
    // A key a bare `@` cannot hold whole (`Walker.`, as Mendeley makes them) is cited in braces.
    if citation_key(near).0 != near {
        return format!(
            "did you mean `{near}`? Cite it as `@{{{near}}}`: its last character would end a bare `@key`"
        );
    }
    format!("did you mean `{near}`?")
}

/// Where a run of text comes from: the page's Markdown and the run's offset in it.
struct Source<'m> {
    markdown: &'m str,
    offset: usize,
    /// The run follows a backslash (`\@key`).
    escaped_at_start: bool,
}

/// Finds bare `@key` citations in a run of text, splitting it into text and placeholders.
/// A `[p. 33]` right after a bare citation is its locator (Pandoc's `@key [p. 33]`); when
/// those brackets end after this run, returns where they end, for the events up to there to
/// be dropped.
fn split_bare_citations<'a>(
    text: &str,
    source: &Source,
    ctx: &Context,
    out: &mut Rendered,
    emitted: &mut Vec<Event<'a>>,
    near_keys: &mut HashMap<String, Option<String>>,
) -> Option<usize> {
    let (escaped_at_start, offset) = (source.escaped_at_start, source.offset);
    let mut consumed_to = None;
    let mut last = 0;
    let mut search_from = 0;
    while let Some(found) = text[search_from..].find('@') {
        let at = search_from + found;
        search_from = at + 1;
        if at == 0 && escaped_at_start {
            continue;
        }
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| !(c.is_whitespace() || "([{\"'“‘—–".contains(c))) {
            continue; // an e-mail address or a handle inside a word
        }
        let (mut key, mut key_len) = citation_key(&text[at + 1..]);
        let read_on = key_read_on(text, (at, key_len), source, ctx);
        (key, key_len) = read_on.unwrap_or((key, key_len));
        // Where the key ends in the source, when it runs on past this text.
        let past_text = read_on.map(|_| offset + at + 1 + key_len);
        if key.is_empty() {
            continue;
        }
        let Some(known) = known_key(key, ctx.keys) else {
            // A bare @word that is no key and near none is ordinary text (a handle, say);
            // one that is near a key is almost surely a mistyped citation.
            let near = near_keys.entry(key.to_string()).or_insert_with(|| {
                if out.problems.len() < MAX_PROBLEMS_SHOWN {
                    closest(key, ctx.keys.iter().map(String::as_str)).map(str::to_string)
                } else {
                    // Past what is shown, only whether it is an error counts, not the hint.
                    any_close(key, ctx.keys.iter().map(String::as_str)).then(String::new)
                }
            });
            // `@{key}` is a citation whatever it is near; so is the key of an entry left out
            // for having no fields (the site's check of unknown keys then says so).
            let braced = text[at + 1..].starts_with('{');
            if near.is_some() || braced || ctx.left_out.contains(key) {
                out.problems.push(Problem {
                    code: Code::UnknownCitation,
                    offset: offset + at,
                    message: unknown_key(key),
                    hint: near.as_ref().filter(|n| !n.is_empty()).map(|near| {
                        format!(
                            "{} (write `\\@` for an @ that is not a citation)",
                            did_you_mean(key, near)
                        )
                    }),
                });
            }
            continue;
        };
        if at > last {
            emitted.push(Event::Text(CowStr::from(text[last..at].to_string())));
        }
        let mut item = CiteItem {
            key: known,
            prefix: None,
            locator: None,
            suffix: None,
            suppress_author: false,
            form: Default::default(),
        };
        last = (at + 1 + key_len).min(text.len());
        // The key as written in the source (escapes before it would shift the offsets).
        let key_end = past_text.unwrap_or(offset + last);
        if past_text.is_some() {
            consumed_to = Some(key_end);
        }
        if past_text.is_some() || source.markdown.get(offset + at..key_end) == Some(&text[at..last])
        {
            match brackets_after(source.markdown, key_end) {
                After::Locator { end, inside } => {
                    let (locator, suffix) = parse_locator(inside.trim());
                    item.locator = locator;
                    item.suffix = (!suffix.is_empty()).then_some(suffix);
                    if end <= offset + text.len() {
                        last = end - offset;
                    } else {
                        last = text.len();
                        consumed_to = Some(end);
                    }
                }
                After::Unread(at_bracket) => out.warnings.push_with(at_bracket, || Problem {
                    code: Code::CitationBrackets,
                    offset: at_bracket,
                    message: format!(
                        "the brackets after `@{key}` are not read as its locator: they hold a link or another citation"
                    ),
                    hint: Some(format!(
                        "for a page, write `@{key} [p. 33]` or `[@{key}, p. 33]`; otherwise put a word between the citation and the brackets"
                    )),
                }),
                After::Nothing => {}
            }
        }
        emitted.push(cite(
            out,
            Citation {
                items: vec![item],
                narrative: true,
            },
            ctx,
            offset + at,
        ));
        search_from = last;
    }
    if last < text.len() {
        emitted.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
    consumed_to
}

/// The key of the `@` at `at` of `text` (read there `key_len` bytes long), read on in the
/// source past the text's end, with the bytes it takes, when that makes a key of the
/// bibliography: Markdown ends a text
/// where an `_` could open emphasis, so a key holding one (`@netvlad:_2016`, as Zotero makes
/// them) is cut there (Pandoc reads the key before emphasis).
fn key_read_on<'s>(
    text: &str,
    (at, key_len): (usize, usize),
    source: &Source<'s>,
    ctx: &Context,
) -> Option<(&'s str, usize)> {
    let offset = source.offset;
    // Only a key that runs to the text's end, where the source goes on with `_`, is read on:
    // both looked at before the text and its source are compared, which costs the text's
    // length (for each `@` of a long line of handles, that grew with the square of the line).
    let after_key = &text[at + 1 + key_len..];
    if !after_key.chars().all(|c| KEY_PUNCTUATION.contains(c))
        || source.markdown.as_bytes().get(offset + text.len()) != Some(&b'_')
    {
        return None;
    }
    let rest = source.markdown.get(offset + at + 1..)?;
    if source.markdown.get(offset + at..offset + text.len()) != Some(&text[at..]) {
        return None;
    }
    let (longer, longer_len) = citation_key(rest);
    (at + 1 + longer_len > text.len() && known_key(longer, ctx.keys).is_some())
        .then_some((longer, longer_len))
}

/// What follows a bare `@key` in the source.
enum After<'m> {
    /// `[p. 33]`: the locator (and suffix) text, and where the brackets end.
    Locator {
        end: usize,
        inside: &'m str,
    },
    /// Brackets that are a link (`[text](url)`, `[text][ref]`) or hold a citation: not read;
    /// the offset of the `[`.
    Unread(usize),
    Nothing,
}

/// Looks at the source after a bare citation's key for Pandoc's `@key [p. 33]`: a space (or
/// none), then brackets on the same line holding no `@`, `[` or `]`, not followed by `(` or
/// `[` (which would make them a link).
fn brackets_after(markdown: &str, key_end: usize) -> After<'_> {
    let Some(rest) = markdown.get(key_end..) else {
        return After::Nothing;
    };
    let open = if rest.starts_with(" [") {
        1
    } else if rest.starts_with('[') {
        0
    } else {
        return After::Nothing;
    };
    let inner = &rest[open + 1..];
    // A footnote reference after a citation is its own thing.
    if inner.starts_with('^') {
        return After::Nothing;
    }
    let Some(close) = inner.find([']', '[', '\n']) else {
        return After::Nothing;
    };
    let bracket = key_end + open;
    if !inner[close..].starts_with(']') {
        return After::Unread(bracket);
    }
    let inside = &inner[..close];
    let after = &inner[close + 1..];
    if inside.contains('@') || after.starts_with(['(', '[']) {
        return After::Unread(bracket);
    }
    After::Locator {
        end: key_end + open + 1 + close + 1,
        inside,
    }
}

/// The citation key at the start of `text` (just after its `@`), Pandoc's way, and how many
/// bytes of `text` it takes: a key starts with a letter, digit or `_`, may hold internal
/// punctuation, and never ends in punctuation; or it is written in braces, `@{Walker.}`, and
/// may then hold anything but `}` (Mendeley makes keys ending in a full stop).
/// What a citation key may hold inside besides letters and digits, as Pandoc reads keys.
const KEY_PUNCTUATION: &str = "_:.#$%&-+?<>~/";

fn citation_key(text: &str) -> (&str, usize) {
    if let Some(braced) = text.strip_prefix('{') {
        return match braced.find(['}', '\n']) {
            Some(close)
                if braced[close..].starts_with('}') && !braced[..close].trim().is_empty() =>
            {
                (braced[..close].trim(), close + 2)
            }
            _ => ("", 0),
        };
    }
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let ok = if i == 0 {
            c.is_alphanumeric() || c == '_'
        } else {
            // A combining accent belongs to the letter before it (`u` + U+0308 is `ü`).
            // An invisible character is kept, so that the message can show it.
            c.is_alphanumeric()
                || unicode_normalization::char::is_combining_mark(c)
                || crate::support::diagnostic::is_invisible(c)
                || KEY_PUNCTUATION.contains(c)
        };
        if !ok {
            break;
        }
        end = i + c.len_utf8();
    }
    let key = text[..end].trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
    (key, key.len())
}

/// Locator labels as people write them, and the CSL locator each stands for.
const LOCATOR_LABELS: &[(&str, &str)] = &[
    ("pp.", "page"),
    ("p.", "page"),
    ("pages", "page"),
    ("page", "page"),
    ("chaps.", "chapter"),
    ("chap.", "chapter"),
    ("ch.", "chapter"),
    ("chapter", "chapter"),
    ("secs.", "section"),
    ("sec.", "section"),
    ("section", "section"),
    ("§§", "section"),
    ("§", "section"),
    ("paras.", "paragraph"),
    ("para.", "paragraph"),
    ("paragraph", "paragraph"),
    ("¶", "paragraph"),
    ("vols.", "volume"),
    ("vol.", "volume"),
    ("volume", "volume"),
    ("figs.", "figure"),
    ("fig.", "figure"),
    ("figure", "figure"),
    ("ll.", "line"),
    ("l.", "line"),
    ("line", "line"),
    ("nn.", "note"),
    ("n.", "note"),
    ("note", "note"),
    ("pts.", "part"),
    ("pt.", "part"),
    ("part", "part"),
    ("vv.", "verse"),
    ("v.", "verse"),
    ("verse", "verse"),
    ("cols.", "column"),
    ("col.", "column"),
    ("column", "column"),
    ("bk.", "book"),
    ("book", "book"),
    ("no.", "issue"),
    ("issue", "issue"),
];

/// Parses the inside of `[...]` as a citation group (`see @a, p. 4; -@b`); `None` when it is
/// not one (every part must name a key).
pub fn parse_citation_group(text: &str) -> Option<Vec<CiteItem>> {
    if !text.contains('@') {
        return None;
    }
    text.split(';').map(parse_citation_item).collect()
}

fn parse_citation_item(part: &str) -> Option<CiteItem> {
    let part = part.trim();
    let mut at = None;
    for (i, c) in part.char_indices() {
        if c == '@' {
            let before = part[..i].chars().next_back();
            if before.is_none_or(|b| b.is_whitespace() || b == '-' || b == '[') {
                at = Some(i);
                break;
            }
        }
    }
    let at = at?;
    let (key, key_len) = citation_key(&part[at + 1..]);
    if key.is_empty() {
        return None;
    }
    let mut prefix = part[..at].to_string();
    let suppress_author = prefix.ends_with('-');
    if suppress_author {
        prefix.pop();
    }
    let rest = part[at + 1 + key_len..].trim();
    let rest = rest.strip_prefix(',').unwrap_or(rest).trim();
    let (locator, suffix) = parse_locator(rest);
    let non_empty = |s: String| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    Some(CiteItem {
        key: key.to_string(),
        prefix: non_empty(prefix),
        locator,
        suffix: non_empty(suffix),
        suppress_author,
        form: Default::default(),
    })
}

/// Where a locator's value ends in `value` (the comma before its suffix), if before the end:
/// at the first comma not followed by another number or range (`33, 35` and `33, 35–37` are
/// one value, as Pandoc reads them; `33, emphasis added` ends at the comma).
fn locator_end(value: &str) -> Option<usize> {
    let is_number = |part: &str| {
        let mut ends = part.trim().split(['-', '–', '—']);
        let numeric = |s: Option<&str>| {
            s.is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        };
        numeric(ends.next())
            && ends.next().is_none_or(|end| numeric(Some(end)))
            && ends.next().is_none()
    };
    let mut from = 0;
    while let Some(found) = value[from..].find(',') {
        let comma = from + found;
        let next = value[comma + 1..].split(',').next().unwrap_or_default();
        if !is_number(next) {
            return Some(comma);
        }
        from = comma + 1;
    }
    None
}

/// `p. 42, emphasis added` → (page 42, "emphasis added"); a bare number is a page.
fn parse_locator(text: &str) -> (Option<Locator>, String) {
    if text.is_empty() {
        return (None, String::new());
    }
    let lower = text.to_lowercase();
    let mut kind = None;
    let mut value = text;
    for (label, csl) in LOCATOR_LABELS {
        if lower.starts_with(label) {
            let after = &text[label.len()..];
            // "page" must not match "pages of" as a word prefix.
            if after.starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit())
                || label.ends_with('.')
                || label.starts_with(['§', '¶'])
            {
                kind = Some(*csl);
                value = after.trim_start();
                break;
            }
        }
    }
    if kind.is_none() && !text.starts_with(|c: char| c.is_ascii_digit()) {
        return (None, text.to_string());
    }
    let (value, suffix) = match locator_end(value) {
        Some(comma) => (value[..comma].trim(), value[comma + 1..].trim()),
        None => (value.trim(), ""),
    };
    if value.is_empty() {
        return (None, text.to_string());
    }
    (
        Some(Locator {
            kind: kind.unwrap_or("page"),
            value: value.to_string(),
        }),
        suffix.to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_bracket_answers_as_searching_each_text_alone() {
        let pages: [&[u8]; 6] = [
            b"plain words and more words",
            b"[a] b {c} d] e [",
            b"words then ]{lang=mi} and more words at the end",
            b"[",
            b"",
            b"a{b[c]d}e",
        ];
        let alone = |page: &[u8], r: &std::ops::Range<usize>| {
            page.get(r.clone())
                .is_some_and(|s| s.iter().any(|b| matches!(b, b']' | b'[' | b'{')))
        };
        for page in pages {
            // Every range, including empty ones and ones past the end.
            let mut ranges = Vec::new();
            for start in 0..=page.len() + 1 {
                for end in start..=page.len() + 1 {
                    ranges.push(start..end);
                }
            }
            // In the page's order, as texts come: each answered as a search of it alone.
            let mut next = NextBracket::default();
            for r in &ranges {
                assert_eq!(next.in_source(page, r.clone()), alone(page, r), "{r:?}");
            }
            // Out of order (backwards, and jumping about) too.
            let mut next = NextBracket::default();
            for r in ranges.iter().rev() {
                assert_eq!(next.in_source(page, r.clone()), alone(page, r), "{r:?}");
            }
            let mut next = NextBracket::default();
            for (i, r) in ranges.iter().enumerate() {
                let r = if i % 3 == 0 {
                    &ranges[ranges.len() - 1 - i]
                } else {
                    r
                };
                assert_eq!(next.in_source(page, r.clone()), alone(page, r), "{r:?}");
            }
        }
    }

    #[test]
    fn next_at_answers_as_searching_each_text_alone() {
        let page = "mail a@b.example, or @key says @@ and @ at the end @";
        // Every slice of the page, including empty ones, and texts made apart from it.
        let mut texts: Vec<&str> = Vec::new();
        for start in 0..=page.len() {
            for end in start..=page.len() {
                texts.push(&page[start..end]);
            }
        }
        let made = [String::from("@"), String::from("no at"), String::new()];
        let alone = |text: &str| text.contains('@');
        // In the page's order, as texts come, with made texts among them.
        let mut next = NextAt::default();
        for (i, text) in texts.iter().enumerate() {
            assert_eq!(next.in_text(page, text), alone(text), "{text:?}");
            let made = &made[i % made.len()];
            assert_eq!(next.in_text(page, made), alone(made), "{made:?}");
        }
        // Out of order (backwards, and jumping about) too.
        let mut next = NextAt::default();
        for text in texts.iter().rev() {
            assert_eq!(next.in_text(page, text), alone(text), "{text:?}");
        }
        let mut next = NextAt::default();
        for (i, text) in texts.iter().enumerate() {
            let text = if i % 3 == 0 {
                texts[texts.len() - 1 - i]
            } else {
                text
            };
            assert_eq!(next.in_text(page, text), alone(text), "{text:?}");
        }
    }

    #[test]
    fn find_char_finds_what_str_find_does() {
        let texts = [
            "",
            "plain text",
            "\u{E000}",
            "a\u{E000}b\u{E001}",
            // Other private-use characters begin with the same byte.
            "\u{E004}\u{EFFF}\u{E0001}x\u{E003}",
            "\u{E001}\u{E000}",
            "ā\u{E002}12\u{E003}ē",
            "\u{EE}\u{E00}\u{E000}",
        ];
        for text in texts {
            for c in [PLACEHOLDER_START, PLACEHOLDER_END, IMAGE_START, IMAGE_END] {
                assert_eq!(find_char(text, c), text.find(c), "{text:?} {c:?}");
            }
        }
    }

    #[test]
    fn the_one_pass_check_answers_as_asking_each_span_alone() {
        let texts = [
            "[a [x]{lang=mi} b](c)\n",
            "[x]{lang=mi} and [y]{lang=mi}\n\n[a](b)\n",
            "[a\n\n[x]{lang=mi}](b)\n",
            "\\[a [x]{lang=mi}](b) [@k] ][",
            "`]` [a [x]{lang=mi}\n\n`` [y]{lang=mi}][r]\n",
            "[ā [ō]{lang=mi} [@k]\n\n\n[x]{lang=mi} ](y)",
            "[a] [x]{lang=mi} ](",
            // A ` at the start, in an earlier paragraph, between spans, after the last.
            "`a [x]{lang=mi} [y](z)",
            "`a`\n\n[x]{lang=mi} [y]{lang=mi} [z](q)",
            "[x]{lang=mi} ` [y]{lang=mi}\n\n[p]{lang=mi} ` [q]{lang=mi}](r) `",
            // No `](` or `][` on the page: told without a scan.
            "[a [x]{lang=mi} [@k] ` b]",
        ];
        for text in texts {
            // Every run of bracketed words, as the parser might report them.
            let mut ranges = Vec::new();
            for (start, _) in text.match_indices('[') {
                if let Some(len) = text[start..].find(']') {
                    ranges.push(start..start + len + 1);
                }
            }
            for from in 0..ranges.len() {
                for to in from..=ranges.len() {
                    let some = &ranges[from..to];
                    let alone = some.iter().any(|r| may_be_in_link_text(text, r));
                    let link_close = BracketMarks::of(text).link_close;
                    assert_eq!(
                        any_may_be_in_link_text(text, some, link_close),
                        alone,
                        "{text:?} {some:?}"
                    );
                }
            }
        }
    }

    /// Where each `[@k]` of `text` is, as the parser reports bracketed citations.
    fn citation_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
        text.match_indices("[@k]")
            .map(|(at, m)| at..at + m.len())
            .collect()
    }

    /// A long paragraph of citations with a link after them took time growing with the square
    /// of their number: each was checked from the paragraph's start.
    #[test]
    fn a_long_paragraph_of_citations_is_checked_in_one_pass() {
        // Quadratic, 20,000 lines took over a minute in a debug build; in one pass, milliseconds.
        assert_grows_linearly(20_000, |lines| {
            let mut text = String::new();
            for n in 0..lines {
                text.push_str(&format!("Line {n} cites [@k] here.\n"));
            }
            text.push_str("[end](https://e.example)\n");
            let ranges = citation_ranges(&text);
            let started = std::time::Instant::now();
            assert!(!any_may_be_in_link_text(&text, &ranges, true));
            started.elapsed()
        });
    }

    /// The sibling: whether the paragraph has a ` before each citation was searched from the
    /// paragraph's start for each (fast per search, but 200,000 citations took minutes).
    #[test]
    fn a_paragraph_of_200000_citations_is_not_searched_from_its_start_for_each() {
        let paragraph = |citations: usize| {
            let mut text = String::with_capacity(citations * 24);
            for _ in 0..citations {
                text.push_str("Then [@k] was cited.\n");
            }
            text.push_str("[end](https://e.example)\n");
            text
        };
        assert_grows_linearly(200_000, |citations| {
            let text = paragraph(citations);
            let ranges = citation_ranges(&text);
            let started = std::time::Instant::now();
            assert!(!any_may_be_in_link_text(&text, &ranges, true));
            started.elapsed()
        });
        // A ` before them all is found without a search for each.
        let mut text = paragraph(200_000);
        let ranges = citation_ranges(&text);
        text.insert(0, '`');
        let ranges: Vec<_> = ranges.iter().map(|r| r.start + 1..r.end + 1).collect();
        assert!(any_may_be_in_link_text(&text, &ranges, true));
    }

    #[test]
    fn only_a_span_after_an_open_bracket_and_before_a_link_end_may_be_in_a_link() {
        let at = |text: &str, span: &str| {
            let start = text.find(span).unwrap();
            may_be_in_link_text(text, &(start..start + span.len()))
        };
        let span = "[whānau]";
        assert!(at("[Read about [whānau]{lang=mi} support](w.md)", span));
        assert!(at("[Kia ora [whānau]{lang=mi}][ref]", span));
        assert!(at("[a \\] [whānau]{lang=mi}](w.md)", span));
        assert!(at("[a `]` [whānau]{lang=mi}](w.md)", span));
        assert!(!at("See [the guide](g.md) on [whānau]{lang=mi}.", span));
        assert!(!at("On [whānau]{lang=mi}, see [the guide](g.md).", span));
        assert!(!at("[a\n\nb [whānau]{lang=mi} c](w.md)", span));
        assert!(!at("[a] [whānau]{lang=mi}\n\n[b](c.md)", span));
    }

    #[test]
    fn ascii_words_are_counted_as_runs_of_letters_and_digits() {
        for text in [
            "",
            "a",
            " a b ",
            "don't stop",
            "x1 y2--z3",
            "--",
            "abc def\nghi.",
            "  ",
            "9",
            // Words across the 64-byte blocks the count is made in.
            &"ab cde, f".repeat(40),
            &format!("{}b c", "a".repeat(63)),
            &format!("{} b", " ".repeat(63)),
            &"x".repeat(200),
            // Every ASCII character, at every place in a block.
            &(0..=127u8)
                .cycle()
                .take(64 * 5 + 7)
                .map(char::from)
                .collect::<String>(),
            &(0..=127u8)
                .rev()
                .cycle()
                .take(64 * 3 + 1)
                .map(char::from)
                .collect::<String>(),
        ] {
            let runs = text
                .split(|c: char| !is_word_char(c))
                .filter(|w| !w.is_empty())
                .count();
            assert_eq!(count_words(text), runs, "{text:?}");
        }
    }

    /// `counts` holds exactly the words and counts of `expected`.
    fn assert_counts_are(counts: &WordCounts, expected: HashMap<String, usize>) {
        let mut found: Vec<(String, usize)> =
            counts.iter().map(|(w, c)| (w.to_string(), c)).collect();
        let mut expected: Vec<(String, usize)> = expected.into_iter().collect();
        found.sort();
        expected.sort();
        assert_eq!(found, expected);
    }

    /// A word whose 8 bytes from its start run past its text's end is read as the 8 bytes
    /// ending with it (or byte by byte, in a text shorter than 8): at every offset, before
    /// every tail, it is counted as the same word.
    #[test]
    fn word_counts_read_words_near_their_texts_end_as_others() {
        let mut counts = WordCounts::default();
        let mut expected: HashMap<String, usize> = HashMap::new();
        let words = [
            "q",
            "ab",
            "abc",
            "Abcd",
            "ABCDE",
            "abcdef",
            "abcdefg",
            "AbCdEfGh",
            "abcdefghi",
            "x1y2z3",
        ];
        for pre in 0..12 {
            for tail in 0..10 {
                for word in words {
                    let within = format!("{}{word}{}", "-".repeat(pre), "-".repeat(tail));
                    counts.count(within.as_bytes(), pre..pre + word.len(), ASCII_LOWERCASE);
                    *expected.entry(word.to_ascii_lowercase()).or_default() += 1;
                }
            }
        }
        assert_counts_are(&counts, expected);
    }

    #[test]
    fn word_counts_count_each_lowercase_word_as_a_map_does() {
        // Words of every length around 8 (the hash's step), in both cases, many enough for the
        // table to grow several times, counted as ASCII words and as lowercase ones.
        let mut counts = WordCounts::default();
        let mut expected: HashMap<String, usize> = HashMap::new();
        let mut state: u64 = 11;
        for n in 0..5000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 1 + (state >> 59) as usize;
            let word: String = (0..len)
                .map(|i| {
                    let pick = (state >> (i * 3 % 48)) as u8 % 40;
                    char::from(match pick {
                        0..=9 => b'0' + pick,
                        10..=22 => b'a' + pick % 26,
                        _ => b'A' + (pick - 10) % 26,
                    })
                })
                .collect();
            let lowercase = word.to_ascii_lowercase();
            // As a word of a longer text (its first 8 bytes read at once) or alone.
            let within = format!("{word}-{}", "x".repeat(n % 9));
            match n % 3 {
                0 => counts.count(within.as_bytes(), 0..word.len(), ASCII_LOWERCASE),
                1 => counts.count(word.as_bytes(), 0..word.len(), ASCII_LOWERCASE),
                _ => counts.count(lowercase.as_bytes(), 0..word.len(), 0),
            }
            *expected.entry(lowercase).or_default() += 1;
        }
        counts.count("whānau".as_bytes(), 0.."whānau".len(), 0);
        *expected.entry("whānau".into()).or_default() += 1;
        assert_counts_are(&counts, expected);
    }

    /// The slots a page's table leaves to its thread hold none of that page's words for the
    /// next: not after the table grew, nor once the generations wrap around, nor from a table
    /// too large to keep.
    #[test]
    fn word_counts_of_one_page_leave_no_words_to_the_next_on_the_thread() {
        std::thread::spawn(|| {
            let count_all = |counts: &mut WordCounts, words: &[&str]| {
                for word in words {
                    counts.count(word.as_bytes(), 0..word.len(), ASCII_LOWERCASE);
                }
            };
            let many: Vec<String> = (0..300).map(|n| format!("word{n}")).collect();
            let many: Vec<&str> = many.iter().map(String::as_str).collect();
            // A page that grows the table (300 words: 1,024 slots), then pages of a few.
            let mut first = WordCounts::default();
            count_all(&mut first, &many);
            assert_eq!(first.slots.len(), 1024);
            drop(first);
            for page in 0..3 {
                let mut counts = WordCounts::default();
                count_all(&mut counts, &["kia", "ora", "Kia"]);
                assert_eq!(counts.slots.len(), 1024, "the kept slots, page {page}");
                let expected = [("kia".to_string(), 2), ("ora".to_string(), 1)];
                assert_counts_are(&counts, expected.into_iter().collect());
            }
            // The generation after the last one: every slot is cleared, none left taken.
            let mut last = WordCounts::default();
            count_all(&mut last, &["whanau"]);
            last.generation = u32::MAX;
            last.slots[0].generation = 1;
            drop(last);
            let mut wrapped = WordCounts::default();
            count_all(&mut wrapped, &["hauora"]);
            assert_eq!(wrapped.generation, 1);
            assert_counts_are(&wrapped, [("hauora".to_string(), 1)].into_iter().collect());
            // Slots beyond what a thread keeps are let go.
            wrapped.slots = vec![WordSlot::default(); KEPT_SLOTS_MAX * 2];
            drop(wrapped);
            let mut fresh = WordCounts::default();
            count_all(&mut fresh, &["tamariki"]);
            assert_eq!(
                (fresh.slots.len(), fresh.generation),
                (WordCounts::WORDS * 2, 1)
            );
        })
        .join()
        .unwrap();
    }

    #[test]
    fn a_text_whose_words_the_glossary_found_is_counted_as_one_walked_again() {
        // Texts added one after another, some of whose words were found for the glossary
        // first; others (or a copy of one at another address) walked by the statistics.
        let texts: Vec<String> = (0..60)
            .map(|n| match n % 4 {
                0 => "Sleep and rest, sleep 12 times: naps help.".to_string(),
                1 => format!("{} whānau kai", "word ".repeat(n)),
                2 => String::new(),
                _ => format!("Routine{n} routine ROUTINE a1 bb ccc"),
            })
            // Past SHARED_WORDS_TEXT: walked apart, its words not listed whole.
            .chain([
                "Long words here ".repeat(5_000),
                "More long words ".repeat(5_000),
            ])
            .collect();
        let (mut walked, mut shared) = (TextStats::default(), TextStats::default());
        for (n, text) in texts.iter().enumerate() {
            walked.add(text);
            if n % 3 != 0 {
                match shared.words_of(text) {
                    Some(words) => assert_eq!(words.len(), count_words(text), "{text:?}"),
                    None => assert!(text.len() > SHARED_WORDS_TEXT || !text.is_ascii()),
                }
            }
            if n % 5 == 0 {
                // The kept words are of this text, not of a copy elsewhere.
                shared.add(&text.clone());
                shared.forget_words();
            } else {
                shared.add(text);
            }
        }
        let (mut a, mut b) = (Rendered::default(), Rendered::default());
        walked.finish(&mut a);
        shared.finish(&mut b);
        assert_eq!(
            (a.word_count, &a.keywords, &a.excerpt),
            (b.word_count, &b.keywords, &b.excerpt)
        );
        assert!(a.word_count > KEYWORD_SOURCE_WORDS, "{}", a.word_count);
    }

    /// A long page's excerpt is cut with `…` and holds no room beyond its text, and the
    /// headings list is made at its size: both live all build (grown from empty, a page's few
    /// headings left room for as many more: 2.6 MB at 10,000 pages).
    #[test]
    fn excerpt_and_headings_hold_no_spare_room() {
        let mut stats = TextStats::default();
        stats.add(&"Sleep comes in cycles through the night. ".repeat(20));
        stats.add("Ngā moe o te pō. ");
        let mut out = Rendered::default();
        stats.finish(&mut out);
        assert!(out.excerpt.ends_with('…'), "{}", out.excerpt);
        assert_eq!(
            out.excerpt.chars().count(),
            EXCERPT_CHARS + 1,
            "{}",
            out.excerpt
        );
        assert_eq!(out.excerpt.capacity(), out.excerpt.len());

        let markdown = "# One\n\n## Two\n\n## Three\n\n## Four\n\n## Five\n";
        let out = render_with(markdown, &[], &[]);
        assert_eq!(out.headings.len(), 5);
        assert_eq!(out.headings.capacity(), out.headings.len());
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["one", "two", "three", "four", "five"]);
    }

    /// The `unread-link` warnings of a rendered page.
    fn unread_links(out: &Rendered) -> Vec<&Problem> {
        out.warnings
            .shown
            .iter()
            .filter(|w| w.code == Code::UnreadLink)
            .collect()
    }

    fn render_with(markdown: &str, keys: &[&str], pages: &[(&str, &str)]) -> Rendered {
        render_glossary(markdown, keys, pages, None)
    }

    fn render_glossary(
        markdown: &str,
        keys: &[&str],
        pages: &[(&str, &str)],
        glossary: Option<&crate::content::glossary::Glossary>,
    ) -> Rendered {
        let pages: HashMap<String, String> = pages
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let keys: HashSet<String> = keys.iter().map(|k| k.to_string()).collect();
        let drafts = HashSet::new();
        let ctx = Context {
            rel_path: "guides/sleep.md",
            url: "guides/sleep/",
            pages: &pages,
            keys: &keys,
            left_out: &drafts,
            drafts: &drafts,
            unreadable: &drafts,
            raw_html: true,
            theme_ids: &theme_ids(),
            glossary,
            lang: "en",
            body_words: &crate::site::BodyWords::default(),
            files: &crate::site::SiteFiles::default(),
        };
        render(markdown, &ctx)
    }

    #[test]
    fn footnote_labels_match_without_regard_to_case_and_missing_ones_are_reported_once() {
        let out = render_with("A[^Note]. B[^gone] C[^Gone].\n\n[^note]: Said.\n", &[], &[]);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let missing: Vec<&str> = out.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(missing.len(), 1, "{missing:?}");
        assert!(
            missing[0].starts_with("`[^gone]` refers to a footnote"),
            "{missing:?}"
        );
    }

    #[test]
    fn a_note_referred_to_in_other_case_is_one_note_and_one_defined_twice_is_kept_once() {
        let out = render_with(
            "A[^Why]. B[^why]. C[^d].\n\n[^why]: Because.\n\n[^d]: First.\n\n[^d]: Second.\n",
            &[],
            &[],
        );
        let html = out.html.unpack();
        assert_eq!(html.matches("<li id=\"fn-why\">").count(), 1, "{html}");
        assert_eq!(html.matches("<li id=\"fn-d\">").count(), 1, "{html}");
        assert!(html.contains("href=\"#fn-why\""), "{html}");
        // Both references lead back from the one note, numbered 1.
        assert_eq!(html.matches("class=\"footnote-back\"").count(), 3, "{html}");
        assert!(!html.contains("Second"), "{html}");
        let warnings: Vec<&str> = out
            .warnings
            .shown
            .iter()
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("is defined a second time"),
            "{warnings:?}"
        );
    }

    #[test]
    fn headings_add_their_words_to_the_keywords_once_and_at_most_thirty() {
        let headings: String = (0..50)
            .map(|n| format!("## Topic w{n} and naps\n\n"))
            .collect();
        let out = render_with(&format!("Sleep sleep sleep.\n\n{headings}"), &[], &[]);
        let words: Vec<&str> = out.keywords.split(' ').collect();
        let unique: HashSet<&&str> = words.iter().collect();
        assert_eq!(unique.len(), words.len(), "{words:?}");
        assert!(
            words.contains(&"sleep") && words.contains(&"naps"),
            "{words:?}"
        );
        assert!(!words.contains(&"and"), "{words:?}");
        // The twelve most frequent words, then thirty of the headings' others.
        assert_eq!(words.len(), KEYWORDS + HEADING_WORDS, "{words:?}");
    }

    #[test]
    fn headings_with_no_words_warn_and_are_still_written() {
        let out = render_with(
            "## \n\n## ***\n\n## <span></span>\n\n## 🌙\n\n## `x`\n\n## Sleep\n",
            &[],
            &[],
        );
        let empty: Vec<usize> = out
            .warnings
            .shown
            .iter()
            .filter(|w| w.code == Code::EmptyHeading)
            .map(|w| w.offset)
            .collect();
        assert_eq!(empty, [0, 5, 13]);
        assert_eq!(out.headings.len(), 6);
        assert!(heading_has_no_words("-- * --") && heading_has_no_words(""));
        assert!(!heading_has_no_words("🌙") && !heading_has_no_words("1."));
        // An image with alt text names its heading; a decorative one does not.
        let images = "## ![Moon](m.png)\n\n## ![](m.png \"decorative\")\n\n\
                      ## <img src=m.png alt=\"\">\n\n## <img src=m.png alt=Moon>\n";
        let out = render_with(images, &[], &[]);
        let empty: Vec<(usize, bool)> = out
            .warnings
            .shown
            .iter()
            .filter(|w| w.code == Code::EmptyHeading)
            .map(|w| (w.offset, w.message.contains("decorative image")))
            .collect();
        let at = |from: usize| from + images[from..].find("## ").unwrap();
        assert_eq!(empty, [(at(1), true), (at(at(1) + 1), true)]);
        // Its alt text is the words of a heading of images only (its id, "On this page").
        let texts: Vec<&str> = out.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["Moon", "", "", "Moon"]);
    }

    /// Ids the default theme uses, as the theme loader finds them.
    fn theme_ids() -> HashSet<String> {
        ["main", "references", "site-search", "toc-heading"]
            .iter()
            .map(|id| id.to_string())
            .collect()
    }

    #[test]
    fn headings_get_unique_stable_ids() {
        let out = render_with(
            "# Sleep & Rest\n\n## Whānau\n\n## Whānau\n\n## Custom {#mine}\n\n## References\n",
            &[],
            &[],
        );
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["sleep-rest", "whanau", "whanau-2", "mine", "references-2"]
        );
        // The body has an h1, so every heading moves down a level.
        assert!(
            out.html
                .unpack()
                .contains("<h3 id=\"whanau-2\">Whānau</h3>")
        );
        assert_eq!(out.headings[1].text, "Whānau");
    }

    #[test]
    fn generated_and_theme_ids_are_left_to_their_owners() {
        let out = render_with(
            "## Ref walker2017\n\n## Fn a\n\n## Site search\n\n## Footnotes\n\nText[^a] and [@walker2017].\n\n[^a]: A note.\n",
            &["walker2017"],
            &[],
        );
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["ref-walker2017-2", "fn-a-2", "site-search-2", "footnotes-2"]
        );
        assert!(out.problems.is_empty(), "{:?}", out.problems);
    }

    #[test]
    fn explicit_ids_win_over_automatic_ones_but_not_over_reserved_ones() {
        let out = render_with(
            "<div id=\"tips\"></div>\n\n## Intro\n\n## Tips\n\n## Other {#intro}\n\n## Again {#intro}\n\n## Mine {#fn-a}\n\n## Theirs {#site-search}\n\nText[^a].\n\n[^a]: A note.\n",
            &[],
            &[],
        );
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids[..3], ["intro-2", "tips-2", "intro"]);
        let problems: Vec<(&str, &str)> = out
            .problems
            .iter()
            .map(|p| (p.code.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].1.contains("the heading “Other” already has it"));
        assert!(problems[1].1.contains("footnote `[^a]`"));
        assert!(problems[2].1.contains("theme"));
        assert!(problems.iter().all(|(code, _)| *code == "heading-id"));
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_refused_and_never_written() {
        let markdown = "## Hi {#ok .note autofocus onfocus=alert(1)}\n";
        let out = render_with(markdown, &[], &[]);
        let offsets: Vec<usize> = out.problems.iter().map(|p| p.offset).collect();
        assert_eq!(offsets, [17, 27]);
        assert!(
            out.problems
                .iter()
                .all(|p| p.code == Code::HeadingAttribute)
        );
        assert!(
            out.html
                .unpack()
                .contains("<h2 id=\"ok\" class=\"note\">Hi</h2>"),
            "{}",
            out.html.unpack()
        );
    }

    #[test]
    fn web_addresses_need_a_site_name_without_empty_parts() {
        for bad in [
            "http://",
            "https://",
            "https://../",
            "HTTPS://a..b/c",
            "http://.x/",
        ] {
            assert!(urls::web_address_problem(bad).is_some(), "{bad}");
        }
        for fine in [
            "https://example.org./x",
            "http://[::1]:8080/",
            "http://192.0.2.1/",
            "https://ex.org?q",
            "mailto:a@b.org",
            "sleep.md",
            "http:",
            "ftp://../",
        ] {
            assert_eq!(urls::web_address_problem(fine), None, "{fine}");
        }
    }

    #[test]
    fn a_link_inside_a_link_is_text_with_a_warning() {
        let out = render_with("[a <https://b.example> c](https://d.example)\n", &[], &[]);
        let html = out.html.unpack();
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert!(html.contains("a https://b.example c</a>"), "{html}");
        assert_eq!(out.warnings.len(), 1);
        assert!(out.problems.is_empty());
    }

    #[test]
    fn spans_inside_a_links_text_keep_the_link() {
        let out = render_with(
            "[Read about [wh\u{101}nau]{lang=mi} and [*hap\u{16b}*]{lang=mi}](https://d.example) today.\n",
            &[],
            &[],
        );
        let html = out.html.unpack();
        assert!(
            html.contains("<a href=\"https://d.example\">Read about <span lang=\"mi\">wh\u{101}nau</span> and <span lang=\"mi\"><em>hap\u{16b}</em></span></a> today."),
            "{html}"
        );
        assert!(
            out.warnings.is_empty() && out.problems.is_empty(),
            "{out:?}"
        );
        // Emphasis across a span's brackets: the span cannot be written, so it is an error.
        let out = render_with("[a *b [c* d]{lang=mi} e](https://d.example)\n", &[], &[]);
        assert!(
            out.html.unpack().contains("<a href"),
            "{}",
            out.html.unpack()
        );
        assert_eq!(out.problems.len(), 1, "{out:?}");
    }

    #[test]
    fn a_bracketed_citation_or_footnote_in_a_links_text_warns() {
        let out = render_with("[as [@a] found](https://d.example)\n", &["a"], &[]);
        let html = out.html.unpack();
        assert!(
            html.contains("<a href=\"https://d.example\">as [@a] found</a>"),
            "{html}"
        );
        assert_eq!(out.warnings.len(), 1, "{out:?}");
        assert!(out.citations.is_empty());
        let out = render_with("[see [^1]](https://d.example)\n\n[^1]: A note.\n", &[], &[]);
        assert_eq!(out.warnings.len(), 1, "{out:?}");
        assert_eq!(out.warnings.shown[0].code, Code::UnreadLink);
    }

    #[test]
    fn only_brackets_that_ended_no_link_warn() {
        for quiet in [
            "\\[a](b) and a](b) and [a] (b) and `[a](b c)`\n",
            "[a](b) and [a [b] c](d) and [x]{lang=mi}(y)\n",
            "```\n[a](b c)\n```\n",
            // Brackets in two items of a tight list, as in two paragraphs, are not one pair.
            "- see [a\n- b](c)\n",
            "- see [a\n\n- b](c)\n",
        ] {
            let out = render_with(quiet, &[], &[]);
            assert_eq!(unread_links(&out).len(), 0, "{quiet}: {out:?}");
        }
        let out = render_with(
            "[a](b c) and [a [b](https://c.example) d](https://e.example)\n",
            &[],
            &[],
        );
        let codes: Vec<_> = out
            .warnings
            .shown
            .iter()
            .map(|w| w.code)
            .filter(|c| *c != Code::NestedLink)
            .collect();
        assert_eq!(codes, [Code::UnreadLink, Code::UnreadLink], "{out:?}");
    }

    #[test]
    fn a_reference_to_a_label_no_line_defines_warns_with_the_nearest() {
        let page = "Read [the guide][guid] or [guid][] or ![a chart][guid].\n\n[guide]: https://g.example\n";
        let out = render_with(page, &[], &[]);
        let html = out.html.unpack();
        assert!(html.contains("[the guide][guid]"), "{html}");
        let unread = unread_links(&out);
        assert_eq!(unread.len(), 3, "{out:?}");
        assert_eq!(
            unread.iter().map(|w| w.offset).collect::<Vec<_>>(),
            [5, 26, 38]
        );
        for w in &unread {
            assert!(w.message.contains("the label `guid`"), "{w:?}");
            let hint = w.hint.as_deref().unwrap_or_default();
            assert!(hint.starts_with("did you mean `[guide]`?"), "{hint}");
        }
        // Near no label: how to define one.
        let out = render_with("See [here][zzzzzz].\n", &[], &[]);
        let hint = out.warnings.shown[0].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("`[zzzzzz]: sleep.md`"), "{hint}");
        // `[a][b][c]` is one mistake, told once.
        let out = render_with("[a][b][c]\n", &[], &[]);
        assert_eq!(out.warnings.len(), 1, "{out:?}");
    }

    #[test]
    fn a_citation_key_as_a_label_is_told_how_citations_are_written() {
        let out = render_with(
            "See [the guide][@smith2020] and [@smith2020][].\n",
            &["smith2020"],
            &[],
        );
        let unread = unread_links(&out);
        assert_eq!(unread.len(), 2, "{out:?}");
        for w in unread {
            let hint = w.hint.as_deref().unwrap_or_default();
            assert!(hint.contains("`[@smith2020]`"), "{hint}");
            assert!(hint.contains("`[text](address)`"), "{hint}");
        }
        assert_eq!(citation_key_label("guide"), None);
        assert_eq!(citation_key_label("@"), None);
        // The sibling: a key written as a link's address.
        let out = render_with("See [the book](@smith2020).\n", &["smith2020"], &[]);
        let hints: Vec<_> = out
            .warnings
            .shown
            .iter()
            .map(|w| (w.code, w.hint.as_deref()))
            .collect();
        assert_eq!(
            hints,
            [(
                Code::BrokenLink,
                citation_key_label("@smith2020").as_deref()
            )],
            "{out:?}"
        );
    }

    #[test]
    fn markdown_in_a_callout_title_is_found_but_spans_and_brackets_are_not() {
        let found = title_markdown("*Now* see [a][b], [c](d.md) and [@smith2020]");
        assert_eq!(found.emphasis, Some(0));
        assert_eq!(found.links, vec![10, 18]);
        assert_eq!(found.citation, Some(32));
        let quiet = title_markdown("Our [whānau]{lang=mi}, [friends], 2 * 3 and \\*not\\*");
        assert_eq!(quiet, TitleMarkdown::default());
    }

    #[test]
    fn bracketed_text_that_asks_for_no_label_stays_quiet() {
        for quiet in [
            // A shortcut `[text]` alone is prose; so are task boxes, spans and citations.
            "Say [sic] and [this] here.\n",
            "- [ ] to do\n- [x] done\n",
            "[wh\u{101}nau]{lang=mi} and [@a] and [@a, p. 2]\n",
            // A footnote's own check tells of `[^2]`.
            "Text[^1] and [^2].\n\n[^1]: A note.\n",
            // Defined, in any case.
            "[the guide][Guide] and [guide][]\n\n[guide]: https://g.example\n",
            "`[a][b]` and \\[a\\][b]\n",
            "```\n[a][b]\n```\n",
        ] {
            let out = render_with(quiet, &["a"], &[]);
            assert_eq!(unread_links(&out).len(), 0, "{quiet}: {out:?}");
        }
    }

    #[test]
    fn data_links_are_refused_but_data_images_pass() {
        let out = render_with(
            "[a](data:text/html,<b>x</b>) ![b](data:image/png;base64,AAAA)",
            &[],
            &[],
        );
        assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
        assert!(out.problems[0].message.contains("`data:` address"));
        assert_eq!(out.problems[0].offset, 0);
        assert!(script_link_in_inline("[a](data:text/html,x)").is_some());
        assert!(script_link_in_inline("![a](data:image/png,x)").is_none());
    }

    #[test]
    fn keys_match_whatever_the_unicode_form_and_invisible_differences_are_shown() {
        let out = render_with(
            "[@mu\u{308}ller2020] and @m\u{fc}ller2020 and [@wal\u{200b}ker2017]",
            &["m\u{fc}ller2020", "walker2017"],
            &[],
        );
        let keys: Vec<&str> = out
            .citations
            .iter()
            .map(|c| c.items[0].key.as_str())
            .collect();
        assert_eq!(keys, ["m\u{fc}ller2020", "m\u{fc}ller2020"]);
        assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
        assert!(
            out.problems[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("`wal<U+200B>ker2017` here and `walker2017`")),
            "{:?}",
            out.problems
        );
        // A key written decomposed in the bibliography is found from either form.
        let decomposed: HashSet<String> = ["mu\u{308}ller2020".to_string()].into();
        assert_eq!(
            known_key("m\u{fc}ller2020", &decomposed).as_deref(),
            Some("mu\u{308}ller2020")
        );
    }

    #[test]
    fn bracketed_spans_mark_the_language_of_parts() {
        let out = render_with(
            "Kia ora [whānau]{lang=mi}, and [*hauora*]{lang=mi .term} too. [a note] stays.\n\n## Caring for [whānau]{lang=mi}\n\n[see [wairua]{lang=mi}](https://example.org)\n",
            &[],
            &[],
        );
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        assert!(
            out.html.unpack().contains("Kia ora <span lang=\"mi\">whānau</span>, and <span class=\"term\" lang=\"mi\"><em>hauora</em></span> too. [a note] stays."),
            "{}",
            out.html.unpack()
        );
        assert!(
            out.html.unpack().contains(
                "<h2 id=\"caring-for-whanau\">Caring for <span lang=\"mi\">whānau</span></h2>"
            ),
            "{}",
            out.html.unpack()
        );
        assert_eq!(out.headings[0].text, "Caring for whānau");
        let bad = render_with(
            "A\n\nB [x]{lang=mi onclick=alert(1)} and [y]{lang=maori}\n",
            &[],
            &[],
        );
        let found: Vec<(usize, Code)> = bad.problems.iter().map(|p| (p.offset, p.code)).collect();
        assert_eq!(
            found,
            [(17, Code::Span), (43, Code::Span)],
            "{:?}",
            bad.problems
        );
        assert!(
            !bad.html.unpack().contains("onclick") && !bad.html.unpack().contains("{lang"),
            "{}",
            bad.html.unpack()
        );
        let code = render_with("`[x]{lang=mi}`\n\n    [y]{lang=mi}\n", &[], &[]);
        assert!(
            !code.html.unpack().contains("<span"),
            "{}",
            code.html.unpack()
        );
    }

    #[test]
    fn only_real_id_attributes_of_real_tags_are_ids() {
        let mut ids = Vec::new();
        html_ids(
            "<!-- <p id=\"commented\"> --><p title=\"see id=inside\" data-x='name=n2'>\
             <span ID=\"real\" class=x></span><a name=\"old\"></a><input name=\"field\">\
             </div id=\"closing\"><script>var s = '<p id=\"scripted\">';</script>\
             <my-card id=custom></my-card>\n<div\n  id='multi'>",
            &mut ids,
        );
        assert_eq!(ids, ["real", "old", "custom", "multi"]);
        let mut none = Vec::new();
        html_ids("id=bare text, <p id=\"\">", &mut none);
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn tags_in_a_script_or_a_textarea_are_text() {
        let html = "<script>var s = '<img src=a.png>';</script><TEXTAREA><img src=b.png></textarea>\
                    <img src=c.png><style>p::after { content: '<img>' }</style>";
        assert_eq!(
            raw_imgs_without_alt(html),
            [html.find("<img src=c").unwrap_or(0)]
        );
        assert_eq!(raw_image_sources(html).len(), 1);
    }

    #[test]
    fn raw_alts_are_found_with_their_offsets_unless_the_img_has_a_lang() {
        let html = "<img alt=\"a b\" lang=mi><IMG ALT='Whanau'><source alt=x>";
        assert_eq!(raw_images(html).alts, [(33, "Whanau")]);
    }

    #[test]
    fn raw_images_without_alt_are_found() {
        // Each, at its `<`.
        assert_eq!(
            raw_imgs_without_alt("<p><img src=a.png> <img alt=x src=b.png>\n<IMG\nsrc=c.png></p>"),
            [3, 41]
        );
        for (html, missing) in [
            ("<img src=\"a.png\">", true),
            ("<IMG SRC=a.png/>", true),
            ("<p><img src=a.png alt=\"A\"> <img src=b.png></p>", true),
            ("<img src=a.png alt=\"\">", false),
            ("<img alt src=a.png>", false),
            ("<img src=a.png data-alt=x>", true),
            ("<image-gallery>", false),
            ("<img", false),
            ("<img src=a.png", false),
            ("<img src=x title=\"no alt here\">", true),
            ("<img title=\"a>b\" alt=\"x\">", false),
            ("<!-- <img src=x> --> <p>", false),
            ("<img src=x alt='it' title='a b'>", false),
            ("<img src=\"x\"/>", true),
        ] {
            assert_eq!(!raw_imgs_without_alt(html).is_empty(), missing, "{html}");
        }
    }

    #[test]
    fn one_walk_finds_both_missing_alts_and_image_addresses() {
        let html = "<picture><source srcset=a.mp4><img src=b.pdf></picture> <img alt=x src=c.png>";
        let found = raw_images(html);
        assert_eq!(found.without_alt, [30]);
        assert_eq!(
            found.sources,
            [
                ("source", 24, "a.mp4"),
                ("img", 39, "b.pdf"),
                ("img", 71, "c.png")
            ]
        );
    }

    #[test]
    fn raw_image_sources_are_found_with_their_offsets() {
        let found = |html: &'static str| -> Vec<(&'static str, usize, &'static str)> {
            raw_image_sources(html)
        };
        assert_eq!(found("<img src=\"a.pdf\" alt=x>"), [("img", 10, "a.pdf")]);
        assert_eq!(
            found("<picture><SOURCE srcset='a.png 1x, b.mp4 2x'><img alt=x src=c.png></picture>"),
            [
                ("source", 25, "a.png"),
                ("source", 35, "b.mp4"),
                ("img", 60, "c.png")
            ]
        );
        assert_eq!(
            found("<img alt=\"src=x.pdf\" srcset=\" a.webm\">"),
            [("img", 30, "a.webm")]
        );
        for none in [
            "<video src=a.mp4><source src=b.webm></video>",
            "<!-- <img src=a.pdf> -->",
            "<img src=a.pdf",
            "<image src=a.pdf>",
            "<img data-src=a.pdf alt=x>",
        ] {
            assert!(found(none).is_empty(), "{none}");
        }
        for html in [
            "<p>x</p><img src=\"leaflet.pdf\">",
            // Spaces around a quoted address are not part of it: its place is its own.
            "<img src=\"  leaflet.pdf \" alt=x>",
            "<img alt=x src=' \tleaflet.pdf'>",
        ] {
            let all = found(html);
            assert_eq!(all.len(), 1, "{html}");
            for (_, at, address) in all {
                assert_eq!(&html[at..at + address.len()], address, "{html}");
                assert_eq!(address, "leaflet.pdf");
            }
        }
        // A comma inside an address is part of it, in an `<img>`'s and a `<source>`'s.
        for (html, element) in [
            ("<img srcset=\"clip,1.mp4 1x, b.png 2x\" alt=x>", "img"),
            (
                "<picture><source srcset='clip,1.mp4 1x, b.png 2x'></picture>",
                "source",
            ),
        ] {
            let at = html.find("clip").unwrap_or(0);
            let b = html.find("b.png").unwrap_or(0);
            assert_eq!(
                found(html),
                [(element, at, "clip,1.mp4"), (element, b, "b.png")],
                "{html}"
            );
        }
    }

    #[test]
    fn raw_html_tags_over_several_lines_are_read_whole_at_their_places() {
        let markdown = "<picture>\n  <source\n    srcset=\"a.png 1x, clip.mp4 2x\">\n</picture>\n\n\
                        > <p><img\n>   src=\"quoted.pdf\"></p>\n\n\
                        > Inline <img\n> src=\"inline.pdf\" alt=x>\n\n\
                        - Item\n\n  <div><img\n  \tsrc=\"listed.pdf\" alt=x></div>\n\n\
                        <!-- Kept:\n<img src=\"old.pdf\">\n-->\n";
        let out = render_with(markdown, &[], &[]);
        let errors: Vec<(usize, &str)> = out
            .problems
            .iter()
            .map(|p| (p.offset, p.message.as_str()))
            .collect();
        let at = |text: &str| markdown.find(text).unwrap_or(usize::MAX);
        assert_eq!(
            errors.iter().map(|(offset, _)| *offset).collect::<Vec<_>>(),
            [
                // Now also a missing image (the page is no bundle).
                at("a.png"),
                at("clip.mp4"),
                at("quoted.pdf"),
                at("inline.pdf"),
                at("listed.pdf")
            ],
            "{errors:?}"
        );
        let warnings: Vec<usize> = out.warnings.shown.iter().map(|w| w.offset).collect();
        assert_eq!(warnings, [at("<img\n>   src")], "{warnings:?}");
    }

    #[test]
    fn srcset_addresses_are_read_as_html_reads_them() {
        let addresses = |value: &str| -> Vec<(usize, String)> {
            srcset_addresses(value)
                .into_iter()
                .map(|(at, address)| (at, address.to_string()))
                .collect()
        };
        let pairs = |list: &[(usize, &str)]| -> Vec<(usize, String)> {
            list.iter().map(|(at, a)| (*at, a.to_string())).collect()
        };
        for (value, expected) in [
            ("a.png 1x, b.png 2x", pairs(&[(0, "a.png"), (10, "b.png")])),
            ("a.png 1x,b.png 2x", pairs(&[(0, "a.png"), (9, "b.png")])),
            ("img,1.png 1x", pairs(&[(0, "img,1.png")])),
            // Commas ending an address end its candidate (it has no descriptors).
            ("a.png, b.png", pairs(&[(0, "a.png"), (7, "b.png")])),
            ("a.png,,, b.png 2x", pairs(&[(0, "a.png"), (9, "b.png")])),
            (" , a.png", pairs(&[(3, "a.png")])),
            // A comma inside brackets in the descriptors does not end them.
            (
                "a.png 1x (x, y.pdf), b.png",
                pairs(&[(0, "a.png"), (21, "b.png")]),
            ),
            ("a.png 480w", pairs(&[(0, "a.png")])),
            ("", pairs(&[])),
            (" ,, ", pairs(&[])),
            (
                "whānau,1.png 1x, b.png",
                pairs(&[(0, "whānau,1.png"), (18, "b.png")]),
            ),
        ] {
            assert_eq!(addresses(value), expected, "{value}");
        }
    }

    #[test]
    fn glossary_terms_are_marked_outside_code_links_and_citations() {
        let glossary = crate::content::glossary::parse(
            std::path::Path::new("g.yaml"),
            "whānau: {lang: mi, meaning: family}\nMāori: {lang: mi, meaning: people}\n",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let out = render_glossary(
            "## Whānau first\n\nOur whānau and [whānau](https://e.org) and `whānau`, [@a] Whānau.\n\nNot whanau; [Māori]{lang=mi}.\n\n    whānau\n\nRaw <a href=\"https://x.example/\">whānau</a> and <CODE>whānau</CODE>.\n",
            &["a"],
            &[],
            Some(&glossary),
        );
        assert!(
            out.html
                .unpack()
                .contains("<h2 id=\"whanau-first\"><span lang=\"mi\">Whānau</span> first</h2>"),
            "{}",
            out.html.unpack()
        );
        assert!(
            out.html.unpack().contains("Our <a class=\"glossary-term\" href=\"../../glossary/#term-whanau\" lang=\"mi\">whānau</a> and <a href=\"https://e.org\">whānau</a> and <code>whānau</code>"),
            "{}",
            out.html.unpack()
        );
        assert!(
            out.html
                .unpack()
                .contains(" <span lang=\"mi\">Whānau</span>."),
            "{}",
            out.html.unpack()
        );
        assert!(
            out.html
                .unpack()
                .contains("<span lang=\"mi\">Māori</span>."),
            "{}",
            out.html.unpack()
        );
        assert!(
            out.html
                .unpack()
                .contains("<pre tabindex=\"0\"><code>whānau\n"),
            "{}",
            out.html.unpack()
        );
        assert!(
            out.html
                .unpack()
                .contains("Raw <a href=\"https://x.example/\">whānau</a> and <CODE>whānau</CODE>."),
            "{}",
            out.html.unpack()
        );
        assert_eq!(out.glossary_terms, [1]);
        let warned: Vec<(usize, Code)> = out
            .warnings
            .shown
            .iter()
            .map(|w| (w.offset, w.code))
            .collect();
        let at = "## Whānau first\n\nOur whānau and [whānau](https://e.org) and `whānau`, [@a] Whānau.\n\nNot ".len();
        assert_eq!(warned, [(at, Code::GlossarySpelling)]);
        assert!(
            out.warnings.shown[0]
                .message
                .contains("did you mean `whānau`?")
        );
    }

    #[test]
    fn callouts_become_asides_with_a_visible_title() {
        let out = render_with(
            "> [!WARNING] Content note\n> This talks about loss.\n\n> [!TIP]\n>\n> Rest.\n\n> Plain.\n",
            &[],
            &[],
        );
        assert_eq!(
            out.html.unpack(),
            "<aside class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Content note</p>\n\
             <p>This talks about loss.</p>\n</aside>\n\
             <aside class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n\
             <p>Rest.</p>\n</aside>\n<blockquote>\n<p>Plain.</p>\n</blockquote>\n"
        );
        assert!(out.problems.is_empty());
        let out = render_with("Text\n\n> [!WARN] Careful\n> x\n", &[], &[]);
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.problems[0].offset, 8);
        assert_eq!(
            out.problems[0].hint.as_deref(),
            Some("did you mean `[!WARNING]`?")
        );
    }

    #[test]
    fn task_list_boxes_are_labelled() {
        let out = render_with("- [x] Call home\n- [ ] Write back\n", &[], &[]);
        assert!(out.html.unpack().contains(
            "<li><input type=\"checkbox\" disabled checked aria-label=\"Done\"> Call home</li>"
        ));
        assert!(out.html.unpack().contains(
            "<li><input type=\"checkbox\" disabled aria-label=\"Not done\"> Write back</li>"
        ));
    }

    #[test]
    fn footnotes_have_label_ids_and_backlinks() {
        let out = render_with("One[^why] two[^why].\n\n[^why]: Because.\n", &[], &[]);
        assert!(
            out.html
                .unpack()
                .contains("<a href=\"#fn-why\" id=\"fnref-why\" role=\"doc-noteref\">1</a>")
        );
        assert!(out.html.unpack().contains("id=\"fnref-why--2\""));
        assert!(out.html.unpack().contains("role=\"doc-endnotes\""));
        assert!(
            out.html
                .unpack()
                .contains("<li id=\"fn-why\"><p>Because. <a href=\"#fnref-why\"")
        );
        assert!(out.html.unpack().contains("href=\"#fnref-why--2\""));
    }

    #[test]
    fn links_to_sources_become_relative_urls() {
        let out = render_with(
            "[a](rest.md) [b](../attachment.md#styles) [c](https://x.org/a.md) [d](missing.md)",
            &[],
            &[
                ("guides/rest.md", "guides/rest/"),
                ("attachment.md", "attachment/"),
            ],
        );
        assert!(out.html.unpack().contains("href=\"../../guides/rest/\""));
        assert!(
            out.html
                .unpack()
                .contains("href=\"../../attachment/#styles\"")
        );
        assert!(out.html.unpack().contains("href=\"https://x.org/a.md\""));
        assert_eq!(out.problems.len(), 1);
        assert!(
            out.problems[0]
                .message
                .contains("content/guides/missing.md")
        );
    }

    #[test]
    fn raw_html_links_are_checked_and_rewritten_as_markdown_links_are() {
        let markdown = "<p><a href=\"rest.md#x\">a</a> <a href='https://x.org/a.md'>b</a>\n\
                        <a href=\"mailto:a@b.nz\">c</a> <a href=\"tel:0800\">d</a></p>\n\n\
                        See <a\nhref=\" missing.md \">e</a> <a href=\"#nowhere\">f</a> <a href>g</a>\n";
        let out = render_with(markdown, &[], &[("guides/rest.md", "guides/rest/")]);
        let html = out.html.unpack();
        assert!(
            html.contains("<a href=\"../../guides/rest/#x\">a</a>"),
            "{html}"
        );
        for kept in [
            "href='https://x.org/a.md'",
            "href=\"mailto:a@b.nz\"",
            "href=\"tel:0800\"",
            "href=\" missing.md \"",
        ] {
            assert!(html.contains(kept), "{kept} in {html}");
        }
        // The missing page, at its address (line 4, after the spaces), as a Markdown link's.
        assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
        assert!(
            out.problems[0]
                .message
                .contains("content/guides/missing.md")
        );
        let at = markdown.find("missing.md").unwrap();
        assert_eq!(out.problems[0].offset, at);
        // Both fragments are noted for the anchor check, the page's own at its `#`.
        let fragments: Vec<_> = out
            .fragment_links
            .iter()
            .map(|f| f.fragment.as_str())
            .collect();
        assert_eq!(fragments, ["x", "nowhere"]);
        assert_eq!(
            out.fragment_links[1].offset,
            markdown.find("#nowhere").unwrap()
        );
    }

    /// Fails when `work` (given a size, giving how long its part to time took) takes time
    /// growing with the square of its size rather than in proportion: timed at `size` (the
    /// best of two) and at a tenth of it (the best of three). A ratio, not a bound: a loaded
    /// machine slows both.
    /// Work done in under a second at `size` passes without the ratio (quadratic work of the
    /// sizes these tests use takes tens of seconds).
    fn assert_grows_linearly(size: usize, work: impl Fn(usize) -> std::time::Duration) {
        let whole = work(size);
        if whole < std::time::Duration::from_secs(1) {
            return;
        }
        // The best of two at the size too: a load spike during one run is not the square.
        let whole = whole.min(work(size));
        let tenth = (0..3).map(|_| work(size / 10)).min().unwrap_or_default();
        // In proportion the ratio is about 10; with the square, about 100.
        assert!(
            whole < tenth * 40,
            "{size} took {whole:?}, a tenth of it {tenth:?}: more than in proportion"
        );
    }

    #[test]
    fn a_line_of_many_handles_is_read_in_time_in_proportion() {
        // Each bare `@word` once compared the rest of its text with the source (to read a key
        // on past an `_`): a line of handles took time growing with its length squared.
        assert_grows_linearly(150_000, |n| {
            let line: String = (0..n).map(|i| format!("@handle{i} ")).collect();
            let started = std::time::Instant::now();
            let out = render_with(&line, &["handle_key"], &[]);
            assert!(out.citations.is_empty());
            started.elapsed()
        });
    }

    #[test]
    fn the_linear_check_tells_the_square_from_the_proportion() {
        let ms = |ms: usize| std::time::Duration::from_millis(ms as u64);
        assert_grows_linearly(150_000, |n| ms(n / 10));
        assert_grows_linearly(150_000, |n| ms(n / 1_000_000));
        let square = std::panic::catch_unwind(|| {
            assert_grows_linearly(150_000, |n| ms(n * n / 1_000_000));
        });
        assert!(square.is_err());
    }

    /// Renders `markdown` as guides/sleep.md (at guides/sleep/, a page of no bundle) of a
    /// site with the static files `statics`, raw HTML on or off.
    fn render_with_statics(markdown: &str, statics: &[&str], raw_html: bool) -> Rendered {
        let config = crate::config::parse(std::path::Path::new("."), "title: T\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
        let statics: HashSet<String> = statics.iter().map(|s| s.to_string()).collect();
        let taken = crate::site::urls::Taken::new(&config, &statics);
        let pages: HashMap<String, String> =
            [("guides/rest.md".to_string(), "guides/rest/".to_string())].into();
        let urls: Vec<String> = pages.values().cloned().collect();
        let files = crate::site::SiteFiles::new(&urls, &[], &statics, &[], (&taken, &[]));
        let none = HashSet::new();
        let ctx = Context {
            rel_path: "guides/sleep.md",
            url: "guides/sleep/",
            pages: &pages,
            keys: &none,
            left_out: &none,
            drafts: &none,
            unreadable: &none,
            raw_html,
            theme_ids: &theme_ids(),
            glossary: None,
            lang: "en",
            body_words: &crate::site::BodyWords::default(),
            files: &files,
        };
        render(markdown, &ctx)
    }

    #[test]
    fn raw_html_images_and_media_are_checked_and_rewritten_as_markdown_images_are() {
        let markdown = "<picture><source srcset=\"/images/a.webp 1x, /images/gone.webp 2x\">\n\
                        <img src=\"/images/a.png\" alt=\"A\"></picture>\n\n\
                        <video src=\"/files/clip.mp4\" poster=\"/images/a.png?v=2\"><track src=\"clip.vtt\"></video>\n\n\
                        Raw <img src=\"missing.png\" alt=\"B\"> <audio src=\"https://x.org/a.mp3\"></audio> \
                        <img src=\"data:image/png;base64,AA\" alt=\"\"> <img src=\"leaflet.pdf\" alt=\"C\">\n\n\
                        <img src=\"leaflet&#46;pdf\" alt=\"D\">\n";
        let statics = ["images/a.webp", "images/a.png", "files/clip.mp4"];
        let out = render_with_statics(markdown, &statics, true);
        let html = out.html.unpack();
        for written in [
            "srcset=\"../../images/a.webp 1x, /images/gone.webp 2x\"",
            "<img src=\"../../images/a.png\" alt=\"A\">",
            "<video src=\"../../files/clip.mp4\" poster=\"../../images/a.png?v=2\">",
            "<track src=\"clip.vtt\">",
            "src=\"missing.png\"",
            "src=\"https://x.org/a.mp3\"",
            "src=\"data:image/png;base64,AA\"",
        ] {
            assert!(html.contains(written), "{written} in {html}");
        }
        // Each missing file at its address: images are missing-image errors, a video's
        // track a broken-link error; the PDF has only its own bad-image error.
        let found: Vec<(Code, usize)> = out.problems.iter().map(|p| (p.code, p.offset)).collect();
        assert_eq!(
            found,
            [
                (Code::MissingImage, markdown.find("/images/gone").unwrap()),
                (Code::BrokenLink, markdown.find("clip.vtt").unwrap()),
                (Code::MissingImage, markdown.find("missing.png").unwrap()),
                (Code::BadImage, markdown.find("leaflet.pdf").unwrap()),
                // Read as a browser reads it, a PDF too (it was no error at all).
                (Code::BadImage, markdown.find("leaflet&#46;pdf").unwrap()),
            ],
            "{:?}",
            out.problems
        );
        assert!(
            out.problems[0]
                .message
                .contains("the image `/images/gone.webp` of this raw HTML `<source>`")
        );
        let hint = out.problems[2].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("static/images/missing.png"), "{hint}");
        // With raw HTML off, it is text: nothing in it is checked or rewritten.
        let out = render_with_statics(markdown, &statics, false);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let html = out.html.unpack();
        assert!(html.contains("&lt;img src=\"/images/a.png\""), "{html}");
    }

    #[test]
    fn raw_html_addresses_are_read_with_their_character_references_and_line_breaks() {
        let markdown = "<p><a href=\"rest&#46;md?a=1&amp;b=it's\">a</a> <area href=rest.md?q=&quot;x&quot;>\n\
                        <iframe src=\"/images&#x2F;a.png\"></iframe> <img src=\"/images/gone&amp;.png\" alt=\"\"></p>\n\n\
                        > <p><a href=\"../guides/\n> rest.md\">b</a> <a href=\"/images/a png.png\">c</a></p>\n";
        let out = render_with_statics(markdown, &["images/a.png", "images/a png.png"], true);
        let html = out.html.unpack();
        for written in [
            "<a href=\"../../guides/rest/?a=1&amp;b=it&#39;s\">a</a>",
            "<area href=../../guides/rest/?q=&quot;x&quot;>",
            "<iframe src=\"../../images/a.png\"></iframe>",
            "<a href=\"../../guides/rest/\">b</a>",
            "<a href=\"../../images/a%20png.png\">c</a>",
        ] {
            assert!(html.contains(written), "{written} in {html}");
        }
        assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
        assert!(out.problems[0].message.contains("`/images/gone&.png`"));
        assert_eq!(
            out.problems[0].offset,
            markdown.find("/images/gone").unwrap()
        );
    }

    #[test]
    fn template_code_in_a_raw_address_is_told_as_template_code_not_a_missing_file() {
        let markdown = "<img src=\"{{ site.baseurl }}/img/x.png\" alt=\"X\">\n\n\
                        See <a href=\"{{site.baseurl}}/guides/rest.md\">rest</a>.\n";
        let out = render_with_statics(markdown, &[], true);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let told: Vec<(Code, usize)> = out
            .warnings
            .shown
            .iter()
            .map(|p| (p.code, p.offset))
            .collect();
        assert_eq!(
            told,
            [
                (Code::Shortcode, markdown.find("{{ site").unwrap()),
                (Code::Shortcode, markdown.find("{{site").unwrap()),
            ]
        );
        let hint = out.warnings.shown[0].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("start the address with `/`"), "{hint}");
        // Left as written: no rewrite of half an address.
        let html = out.html.unpack();
        assert!(
            html.contains("src=\"{{ site.baseurl }}/img/x.png\""),
            "{html}"
        );
    }

    /// The (code, offset) of each warning of `out`, in order.
    fn warned(out: &Rendered) -> Vec<(Code, usize)> {
        out.warnings
            .shown
            .iter()
            .map(|p| (p.code, p.offset))
            .collect()
    }

    #[test]
    fn a_poster_that_is_not_a_picture_is_a_bad_image() {
        let markdown =
            "<video src=\"/images/a.png\" poster=\"clip.mp4\" poster=\"b.pdf\"></video>\n";
        let out = render_with_statics(markdown, &["images/a.png"], true);
        let found: Vec<(Code, usize)> = out.problems.iter().map(|p| (p.code, p.offset)).collect();
        // The second poster is ignored by a browser: a warning, not a second error.
        assert_eq!(found, [(Code::BadImage, markdown.find("clip").unwrap())]);
        assert!(out.problems[0].message.contains("poster `clip.mp4`"));
        assert_eq!(
            warned(&out),
            [(Code::RawHtml, markdown.find("b.pdf").unwrap())]
        );
    }

    #[test]
    fn an_attribute_written_twice_is_read_once_as_a_browser_reads_it() {
        let markdown = "<img alt=x src=\"/images/a.png\" SRC=\"/images/gone.png\"\n  srcset=\"/images/a.png 2x\" srcset=\"gone.pdf 2x\">\n";
        let out = render_with_statics(markdown, &["images/a.png"], true);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        assert_eq!(
            warned(&out),
            [
                (Code::RawHtml, markdown.find("/images/gone").unwrap()),
                (Code::RawHtml, markdown.find("gone.pdf").unwrap()),
            ]
        );
        assert!(out.warnings.shown[0].message.contains("second `src`"));
        // The first of each is rewritten, the second left as written.
        let html = out.html.unpack();
        assert!(
            html.contains("src=\"../../images/a.png\" SRC=\"/images/gone.png\""),
            "{html}"
        );
        assert!(
            html.contains("srcset=\"../../images/a.png 2x\" srcset=\"gone.pdf 2x\""),
            "{html}"
        );
    }

    #[test]
    fn forms_scripts_styles_svg_uses_image_buttons_and_refreshes_are_checked() {
        let markdown = "<form action=\"https://forms.example/ask\"><input type=\"Image\" src=\"/images/a.png\" alt=Go>\
                        <input type=text src=\"/x.png\"></form>\n\
                        <form action=\"/guides/rest/\"></form>\n\
                        <script src=\"/js/gone.js\"></script><link rel=stylesheet href=\"/css/a.css\">\n\
                        <link rel=\"preload Stylesheet\" href=\"/css/gone.css\"><link rel=author href=\"/gone/\">\n\
                        <svg><use href=\"/images/icons.svg#heart\"/><use href=\"#local\"/></svg>\n\
                        <meta http-equiv=\"Refresh\" content=\"5; URL='rest.md'\">\n\
                        <blockquote cite=\"/nowhere/\">Words.</blockquote>\n";
        let statics = ["images/a.png", "css/a.css", "images/icons.svg"];
        let out = render_with_statics(markdown, &statics, true);
        let found: Vec<(Code, usize)> = out.problems.iter().map(|p| (p.code, p.offset)).collect();
        // A stylesheet the page lacks is an error, as a script is; a link of another `rel`
        // (`author`) is a link, a warning.
        assert_eq!(
            found,
            [
                (Code::BrokenLink, markdown.find("/js/gone").unwrap()),
                (Code::BrokenLink, markdown.find("/css/gone").unwrap()),
            ]
        );
        assert!(out.problems[1].message.contains("published without it"));
        assert_eq!(
            warned(&out),
            [
                (Code::RawHtml, markdown.find("https://forms").unwrap()),
                (Code::BrokenLink, markdown.find("/gone/").unwrap()),
                (Code::RawHtml, markdown.find("rest.md").unwrap()),
            ]
        );
        let html = out.html.unpack();
        for rewritten in [
            "<input type=\"Image\" src=\"../../images/a.png\"",
            "<input type=text src=\"/x.png\">",
            "href=\"../../css/a.css\"",
            "<use href=\"../../images/icons.svg#heart\"/><use href=\"#local\"/>",
            "<form action=\"../../guides/rest/\">",
            "content=\"5; URL='../../guides/rest/'\"",
            "cite=\"/nowhere/\"",
        ] {
            assert!(html.contains(rewritten), "{rewritten} in {html}");
        }
    }

    #[test]
    fn an_image_button_needs_an_alt_and_a_picture() {
        let markdown = "<form><input type=image src=/images/a.png>\n<input alt=\" \" TYPE=Image src=/images/a.png>\n\
                        <input type=image alt=Go src=leaflet.pdf><input type=text alt=\"\"></form>\n";
        let out = render_with_statics(markdown, &["images/a.png"], true);
        assert_eq!(
            warned(&out),
            [
                (Code::MissingAlt, 6),
                (Code::MissingAlt, markdown.find("<input alt").unwrap()),
            ]
        );
        let found: Vec<(Code, usize)> = out.problems.iter().map(|p| (p.code, p.offset)).collect();
        assert_eq!(found, [(Code::BadImage, markdown.find("leaflet").unwrap())]);
    }

    /// The place of each raw `<img>` without `alt` was found by reading its line again from
    /// the block's start, now that it is found for every one, kept or only counted: a line of
    /// 150,000 took 20 seconds.
    #[test]
    fn a_line_of_many_raw_images_without_alt_is_read_once() {
        let images = |n: usize| format!("<div>\n{}</div>\n", "<img src=/a.png>".repeat(n));
        assert_grows_linearly(150_000, |n| {
            let markdown = images(n);
            let started = std::time::Instant::now();
            render_with_statics(&markdown, &["a.png"], true);
            started.elapsed()
        });
        let out = render_with_statics(&images(150_000), &["a.png"], true);
        assert_eq!(out.warnings.len(), 150_000);
        assert_eq!(out.warnings.shown[1].offset, 6 + "<img src=/a.png>".len());
    }

    #[test]
    fn template_code_anywhere_in_raw_html_is_told_at_its_place() {
        let markdown =
            "<ul>{% for post in site.posts %}\n<li>{{ post.title }}</li>{% endfor %}</ul>\n";
        let out = render_with_statics(markdown, &[], true);
        assert_eq!(
            warned(&out),
            [
                (Code::Shortcode, markdown.find("{% for").unwrap()),
                (Code::Shortcode, markdown.find("{{ post").unwrap()),
                (Code::Shortcode, markdown.find("{% endfor").unwrap()),
            ]
        );
        // Published as written: nothing lost.
        assert!(out.html.unpack().contains("<li>{{ post.title }}</li>"));
        // Without raw HTML it is text, told once as text.
        assert_eq!(warned(&render_with_statics(markdown, &[], false)).len(), 3);
        let wordpress =
            "<div>[caption id=\"a\"]<img alt=Moon src=moon.png> The moon[/caption]</div>\n";
        let told = render_with_statics(wordpress, &[], true);
        let at: Vec<usize> = told.warnings.shown.iter().map(|p| p.offset).collect();
        assert_eq!(at, [5, wordpress.find("[/caption").unwrap()]);
    }

    #[test]
    fn a_tag_cut_in_a_block_quote_or_left_open_at_the_end_is_warned_of() {
        let markdown = "> <div\n>\n> class=\"x\">\n\n> - <b\n>\n>   class=q>bold</b>\n\n\
                        > <img src=a.png\n> >\n\n<div>\n<img src=\"a.png\" alt=\"end\"\n";
        let out = render_with_statics(markdown, &["a.png"], true);
        let at = |tag: &str| markdown.find(tag).unwrap();
        let told = warned(&out);
        assert_eq!(
            told,
            [
                (Code::RawHtml, at("<div\n")),
                (Code::RawHtml, at("<b\n")),
                // The `<div>` it is in is never closed either.
                (Code::RawHtml, at("<div>")),
                (Code::RawHtml, at("<img src=\"a.png\"")),
            ],
            "{:?}",
            out.warnings.shown
        );
        assert!(out.warnings.shown[1].message.contains("cut in two"));
        assert!(
            out.warnings.shown[2]
                .message
                .contains("is never closed on this page")
        );
        assert!(out.warnings.shown[3].message.contains("has no `>`"));
    }

    #[test]
    fn raw_elements_left_open_or_closed_without_opening_are_warned_of() {
        let markdown = "<details>\n<summary>More</summary>\n\nMarkdown *inside*.\n\n</details>\n\n\
                        <!-- <div> --><script>let s = '<div>';</script>\n\n\
                        A <b>bold</b> and a stray </b> and </span>.\n\n</div>\n\n\
                        <aside class=\"box\">\n\nNever closed.\n";
        let out = render_with_statics(markdown, &[], true);
        let at = |tag: &str| markdown.find(tag).unwrap();
        assert_eq!(
            warned(&out),
            [(Code::RawHtml, at("</div>")), (Code::RawHtml, at("<aside"))]
        );
        assert!(out.warnings.shown[0].message.contains("did not open"));
        assert!(out.warnings.shown[1].message.contains("never closed"));
        assert_eq!(
            container_tags("<a title='<div>'></a>"),
            [(false, "a", 0), (true, "a", 17)]
        );
    }

    #[test]
    fn template_code_in_an_html_comment_is_inert_and_not_told() {
        let markdown = "<!-- {% if x %} {{ y }} [caption id=1]a[/caption] -->\n\n\
                        > <!--\n> {{ quoted }}\n> -->\n> {{ after }}\n\n\
                        <p>A <!-- {{ inline }} --> and {{ told }}</p>\n\n<!-- {{ open\n";
        let out = render_with_statics(markdown, &[], true);
        let at = |code: &str| markdown.find(code).unwrap();
        assert_eq!(
            warned(&out),
            [
                (Code::Shortcode, at("{{ after")),
                (Code::Shortcode, at("{{ told")),
            ]
        );
    }

    #[test]
    fn a_tag_cut_by_a_blank_line_is_warned_of_at_its_start() {
        let markdown = "<img\n\nsrc=\"x.png\" alt=\"x\">\n\n<div\n\nclass=\"y\">\nhi\n</div>\n\n\
                        See <b\n  \n\n class=z>bold</b>.\n\n\
                        Less: a <b and\n\nno end. Or 3 < 4 and x<y\n\n> a quote\n\n\
                        ```\n<img\n\nsrc=\"x.png\">\n```\n";
        let out = render_with_statics(markdown, &[], true);
        let cut = |from: usize, tag: &str| from + markdown[from..].find(tag).unwrap();
        assert_eq!(
            warned(&out),
            [
                (Code::RawHtml, 0),
                (Code::RawHtml, cut(0, "<div")),
                (Code::RawHtml, cut(0, "<b\n")),
            ]
        );
        assert!(
            out.warnings.shown[0]
                .message
                .contains("`<img` is cut in two")
        );
        // Nothing is dropped: both halves are published.
        let html = out.html.unpack();
        assert!(html.contains("&lt;img") && html.contains("x.png"), "{html}");
    }

    #[test]
    fn inline_svg_addresses_are_read_and_a_base_is_an_error() {
        let markdown = "<svg><a xlink:href=\"rest.md\"><image href=\"/images/a.png\"/></a>\
                        <image xlink:href=\"/images/gone.png\"/></svg>\n\n\
                        <base href=\"https://example.org/\">\n";
        let out = render_with_statics(markdown, &["images/a.png"], true);
        let html = out.html.unpack();
        for written in [
            "<a xlink:href=\"../../guides/rest/\">",
            "<image href=\"../../images/a.png\"/>",
        ] {
            assert!(html.contains(written), "{written} in {html}");
        }
        let found: Vec<(Code, usize)> = out.problems.iter().map(|p| (p.code, p.offset)).collect();
        assert_eq!(
            found,
            [
                (Code::MissingImage, markdown.find("/images/gone").unwrap()),
                (
                    Code::BrokenLink,
                    markdown.find("https://example.org/").unwrap()
                ),
            ],
            "{:?}",
            out.problems
        );
    }

    #[test]
    fn citations_are_found_where_pandoc_finds_them() {
        let out = render_with(
            "See [@bowlby1973, p. 42] and [@levine2011; @heller2019] and [-@bowlby1973]. \
             @heller2019 says so. Mail help@example.org, not \\@heller2019. `@bowlby1973`",
            &["bowlby1973", "levine2011", "heller2019"],
            &[],
        );
        assert_eq!(out.citations.len(), 4, "{:?}", out.citations);
        assert_eq!(
            out.citations[0].items[0].locator,
            Some(Locator {
                kind: "page",
                value: "42".into()
            })
        );
        assert_eq!(out.citations[1].items.len(), 2);
        assert!(out.citations[2].items[0].suppress_author);
        assert!(out.citations[3].narrative);
        assert!(out.html.unpack().contains("help@example.org"));
        assert!(out.html.unpack().contains("not @heller2019"));
        assert!(out.html.unpack().contains("<code>@bowlby1973</code>"));
        assert!(out.problems.is_empty(), "{:?}", out.problems);
    }

    #[test]
    fn a_bare_key_holding_an_underscore_after_punctuation_is_read_whole() {
        // Zotero's keys (`netvlad:_2016`): Markdown ends a text at the `_`, which could open
        // emphasis; the key was cut there and reported unknown.
        let key = "arandjelovic_netvlad:_2016";
        let out = render_with(
            "As @arandjelovic_netvlad:_2016 [p. 3] shows, and @arandjelovic_netvlad:_2016 too, \
             [@arandjelovic_netvlad:_2016]. Not @other_2016 nor @arandjelovic_netvlad:_2016_x.\n",
            &[key],
            &[],
        );
        let keys: Vec<&str> = out
            .citations
            .iter()
            .map(|c| c.items[0].key.as_str())
            .collect();
        assert_eq!(keys, [key, key, key], "{:?}", out.problems);
        assert!(out.citations[0].narrative && out.citations[1].narrative);
        assert_eq!(
            out.citations[0].items[0].locator,
            Some(Locator {
                kind: "page",
                value: "3".into()
            })
        );
        let html = out.html.unpack();
        assert!(
            html.starts_with("<p>As \u{E000}0\u{E001} shows, and \u{E000}1\u{E001} too"),
            "{html}"
        );
        assert!(!html.contains("[p. 3]"), "{html}");
        // A key past the text that is no key of the bibliography is left as it was read.
        assert!(html.contains("@other_2016"), "{html}");
        assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
    }

    #[test]
    fn a_locator_runs_over_commas_to_more_numbers_and_its_suffix_starts_after() {
        let page = |value: &str| {
            Some(Locator {
                kind: "page",
                value: value.into(),
            })
        };
        for (written, value, suffix) in [
            ("pp. 33, 35", "33, 35", ""),
            ("33, 35", "33, 35", ""),
            ("pp. 4, 6-8, 10", "4, 6-8, 10", ""),
            ("pp. 4, 6–8, and elsewhere", "4, 6–8", "and elsewhere"),
            ("p. 33, emphasis added", "33", "emphasis added"),
            ("p. 33, 2nd paragraph", "33", "2nd paragraph"),
            ("p. 33,", "33", ""),
            ("p. 33-", "33-", ""),
        ] {
            assert_eq!(
                parse_locator(written),
                (page(value), suffix.to_string()),
                "{written}"
            );
        }
    }

    #[test]
    fn unknown_keys_are_reported_with_the_nearest() {
        let out = render_with("[@bowlby1937] and @handle", &["bowlby1973"], &[]);
        assert_eq!(out.problems.len(), 1);
        assert_eq!(
            out.problems[0].hint.as_deref(),
            Some("did you mean `bowlby1973`?")
        );
        assert!(out.html.unpack().contains("@handle"));
    }

    #[test]
    fn locators_and_affixes() {
        let items = parse_citation_group("see @a, pp. 33-35, emphasis added; also -@b, chap. 2")
            .unwrap_or_default();
        assert_eq!(items[0].prefix.as_deref(), Some("see"));
        assert_eq!(
            items[0].locator,
            Some(Locator {
                kind: "page",
                value: "33-35".into()
            })
        );
        assert_eq!(items[0].suffix.as_deref(), Some("emphasis added"));
        assert!(items[1].suppress_author);
        assert_eq!(
            items[1].locator,
            Some(Locator {
                kind: "chapter",
                value: "2".into()
            })
        );
        assert_eq!(parse_citation_group("not a citation"), None);
        assert_eq!(parse_citation_group("@a; plain"), None);
    }

    #[test]
    fn a_span_crossing_emphasis_is_an_error_at_its_closing_bracket() {
        let text = "Kia ora.\n\n[Read *the [page](a.md) first.]{lang=en-NZ} now*\n\n`[x [y](z)]{lang=mi}`\n";
        let out = render_with(text, &[], &[("a.md", "a/")]);
        let spans: Vec<_> = out
            .problems
            .iter()
            .filter(|p| p.code == Code::Span)
            .collect();
        assert_eq!(spans.len(), 1, "{:?}", out.problems);
        assert_eq!(spans[0].offset, text.find("]{").unwrap_or_default());
        assert!(
            spans[0].message.contains("closes no span"),
            "{:?}",
            spans[0]
        );
        // A span with emphasis is read; inline code, an escaped bracket and braces without
        // a language are left alone.
        let fine = render_with(
            "[*whānau*]{lang=mi} and `]{lang=mi}`, \\[x\\]{lang=mi}, a]{.kbd} and b]{}\n",
            &[],
            &[],
        );
        assert!(fine.problems.is_empty(), "{:?}", fine.problems);
    }

    #[test]
    fn a_span_holding_a_link_a_note_or_a_span_is_read_and_its_link_resolved() {
        let text = "[see [the page](a.md) now]{lang=en} [a [b]{lang=mi} c]{lang=en} \
                    [note[^1] here]{lang=en}\n\n[x [y](a.md)]{lang=mi} [ \n\n[^1]: Note.\n";
        let out = render_with(text, &[], &[("guides/a.md", "guides/a/")]);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let html = out.html.unpack();
        assert!(
            html.contains(
                "<span lang=\"en\">see <a href=\"../../guides/a/\">the page</a> now</span>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<span lang=\"en\">a <span lang=\"mi\">b</span> c</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span lang=\"mi\">x <a href=\"../../guides/a/\">y</a></span> ["),
            "{html}"
        );
        assert!(!html.contains("]{"), "{html}");
    }

    #[test]
    fn raw_html_can_be_escaped() {
        let pages = HashMap::new();
        let keys = HashSet::new();
        let ctx = Context {
            rel_path: "a.md",
            url: "a/",
            pages: &pages,
            keys: &keys,
            left_out: &keys,
            drafts: &keys,
            unreadable: &keys,
            raw_html: false,
            theme_ids: &theme_ids(),
            glossary: None,
            lang: "en",
            body_words: &crate::site::BodyWords::default(),
            files: &crate::site::SiteFiles::default(),
        };
        assert!(
            render("<b>x</b>\n", &ctx)
                .html
                .unpack()
                .contains("&lt;b&gt;")
        );
    }

    #[test]
    fn the_byte_test_for_separators_and_direction_controls_matches_the_characters() {
        for c in ('\u{2000}'..='\u{20FF}').chain(['a', 'ā', '\u{FEFF}']) {
            assert_eq!(
                breaks_or_turns(&format!("x{c}y")),
                crate::content::breaks_or_turns_text(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn stop_words_are_each_found_and_no_other_word_is() {
        assert!(STOP_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        for word in STOP_WORDS {
            assert!(is_stop_word(word), "{word}");
            assert!(
                !is_stop_word(&format!("{word}s")) || STOP_WORDS.contains(&&*format!("{word}s"))
            );
        }
        for word in ["", "a", "whanau", "becauses", "throughout", "sleep", "th"] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn keywords_keep_the_letters_of_other_scripts() {
        let out = render_with(
            "睡眠与情绪 睡眠与情绪. Сон и настроение, настроение. Straße Straße. Søvn søvn.\n\n## Ночь и 睡眠\n",
            &[],
            &[],
        );
        for word in ["睡眠与情绪", "настроение", "strasse", "sovn", "ночь"] {
            assert!(
                out.keywords.split(' ').any(|k| k == word),
                "{word}: {}",
                out.keywords
            );
        }
        assert!(!out.keywords.contains("shui"), "{}", out.keywords);
        // Words whose letters take marks (a Hindi virama and vowel signs, a Thai tone mark)
        // are whole, as search.js reads them; Latin forms pasted from PDFs are romanised.
        let out = render_with(
            "स्वास्थ्य स्वास्थ्य प्रश्न प्रश्न. ไม้ ไม้. ﬁsh ﬁsh CO₂ CO₂ Ｓleep Ｓleep.\n",
            &[],
            &[],
        );
        for word in ["स्वास्थ्य", "प्रश्न", "ไม้", "fish", "co2", "sleep"]
        {
            assert!(
                out.keywords.split(' ').any(|k| k == word),
                "{word}: {}",
                out.keywords
            );
        }
        assert_eq!(out.word_count, 12, "{}", out.keywords);
    }

    #[test]
    fn keywords_are_frequent_words_folded() {
        let out = render_with("Whānau whanau WHANAU sleep sleep the the the.\n", &[], &[]);
        assert_eq!(out.keywords, "whanau sleep");
        assert_eq!(out.word_count, 8);
    }

    #[test]
    fn placeholders_are_filled() {
        let html = format!("a{}b{}c", citation_placeholder(0), citation_placeholder(12));
        assert_eq!(fill_citations(html, |i| format!("[{i}]")), "a[0]b[12]c");
    }

    #[test]
    fn separators_and_direction_controls_in_the_body_are_warned_of_where_written() {
        let markdown = "Para \u{2028} one.\n\n## Head \u{202E} x\n\nA `code \u{2066} y` and[^1] z.\n\n```\nlet a = \"\u{202E}\";\n```\n\n[^1]: Note \u{2029} here.\n\nLink &#x202E; entity, zero\u{200B}width, caf\u{E9}.\n";
        let out = render_with(markdown, &[], &[]);
        let found: Vec<(usize, &str)> = out
            .warnings
            .shown
            .iter()
            .filter(|w| w.code == Code::InvisibleCharacter)
            .map(|w| (w.offset, &w.message[..w.message.find(':').unwrap_or(0)]))
            .collect();
        let at = |c: char| markdown.find(c).unwrap_or(usize::MAX);
        let code_block = markdown.rfind('\u{202E}').unwrap_or(usize::MAX);
        assert_eq!(
            found,
            [
                (at('\u{2028}'), "an invisible line separator, U+2028"),
                (at('\u{202E}'), "an invisible direction control, U+202E"),
                (at('\u{2066}'), "an invisible direction control, U+2066"),
                (code_block, "an invisible direction control, U+202E"),
                (at('\u{2029}'), "an invisible paragraph separator, U+2029"),
            ]
        );
        // Kept in the HTML.
        assert!(out.html.unpack().contains('\u{202E}'));
        // Past five a page, a count at the first not shown.
        let markdown = "a \u{202A} b\n\n".repeat(8);
        let out = render_with(&markdown, &[], &[]);
        let messages: Vec<(usize, &str)> = out
            .warnings
            .shown
            .iter()
            .map(|w| (w.offset, w.message.as_str()))
            .collect();
        assert_eq!(messages.len(), 6, "{messages:?}");
        assert_eq!(
            messages[5],
            (
                5 * "a \u{202A} b\n\n".len() + 2,
                "3 more line or paragraph separators or direction controls, the first here, are in this page (the first 5 are shown)"
            )
        );
    }
}
