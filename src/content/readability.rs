//! Plain language: a page's Flesch–Kincaid grade, and its sentences that run too long.
//!
//! The grade is `0.39 × words/sentences + 11.8 × syllables/words − 15.59` (Kincaid, Fishburne,
//! Rogers & Chissom, 1975), over the page's English running text: code, citations, headings,
//! a "References" section, footnote definitions and anything marked as another language
//! (`<span lang="mi">`, `[text]{lang=mi}`) are left out. docs/content.md explains the limits.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::config::Config;
use crate::content::SourcePage;
use crate::support::diagnostic::{Code, Diagnostic, LineIndex};

/// Pages with fewer words get a figure but no warning: the formula means little on them.
pub const MIN_WORDS: usize = 100;

/// Headings whose section is a reference list, not running text (compared in lower case).
const REFERENCE_HEADINGS: &[&str] = &[
    "references",
    "reference list",
    "bibliography",
    "further reading",
    "sources",
];

/// How far after `]{` the closing `}` of a span's attributes is looked for.
const MAX_ATTRIBUTES: usize = 200;

/// Words after which a full stop does not end a sentence (compared in lower case).
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "e.g", "i.e", "etc", "vs", "cf", "no", "approx",
];

/// A page's figures, as `check --format json` and `reviews` give them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    /// The Flesch–Kincaid grade, to one decimal place (0 for a page without text).
    pub grade: f64,
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

/// One sentence: where it starts in the text measured, and how many words it has.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Byte offset where the sentence starts in the Markdown measured.
    pub offset: usize,
    pub words: usize,
}

/// What measuring a text found.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub figures: Figures,
    pub sentences: Vec<Sentence>,
}

/// The Flesch–Kincaid grade of a text with these counts, to one decimal place.
pub fn grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    let (words, sentences, syllables) = (words as f64, sentences as f64, syllables as f64);
    let grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59;
    (grade * 10.0).round() / 10.0
}

/// Measures the English running text of `markdown`.
pub fn measure(markdown: &str) -> Measured {
    let mut counts = Figures {
        grade: 0.0,
        words: 0,
        sentences: 0,
        syllables: 0,
    };
    let mut sentences = Vec::new();
    for block in prose_blocks(markdown) {
        let text = without_other_languages_and_citations(&block.text);
        for (start, sentence) in split_sentences(&text) {
            let (mut words, mut syllable_count) = (0, 0);
            for word in sentence.split_whitespace().filter(|w| is_word(w)) {
                words += 1;
                syllable_count += syllables(word);
            }
            if words == 0 {
                continue;
            }
            counts.words += words;
            counts.sentences += 1;
            counts.syllables += syllable_count;
            sentences.push(Sentence {
                offset: block.source_offset(start),
                words,
            });
        }
    }
    counts.grade = grade(counts.words, counts.sentences, counts.syllables);
    Measured {
        figures: counts,
        sentences,
    }
}

/// A block of running text (a paragraph, a list item, a table cell), with where each piece
/// of it came from in the Markdown.
struct Block {
    text: String,
    /// (offset in `text`, offset in the Markdown) where each piece starts.
    pieces: Vec<(usize, usize)>,
}

impl Block {
    /// The Markdown offset of `at` in `text` (within a piece, counted from its start).
    fn source_offset(&self, at: usize) -> usize {
        let index = self.pieces.partition_point(|(start, _)| *start <= at);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some((start, source)) => source + (at - start),
            None => 0,
        }
    }

    fn push(&mut self, text: &str, source: usize) {
        self.pieces.push((self.text.len(), source));
        self.text.push_str(text);
    }
}

/// The running text of `markdown`, block by block: code, headings, HTML elements in another
/// language (and `<code>`, `<pre>`, `<script>`, `<style>`), footnote definitions and
/// reference sections left out.
fn prose_blocks(markdown: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut blocks = Vec::new();
    let mut current = Block {
        text: String::new(),
        pieces: Vec::new(),
    };
    // Inside something left out: a heading, a footnote definition, a code block.
    let mut skipping = 0usize;
    let mut heading: Option<String> = None;
    // The level of the reference section's heading, while in it.
    let mut reference_section: Option<HeadingLevel> = None;
    let mut html = HtmlSkip::default();
    let finish = |current: &mut Block, blocks: &mut Vec<Block>| {
        if !current.text.trim().is_empty() {
            blocks.push(std::mem::replace(
                current,
                Block {
                    text: String::new(),
                    pieces: Vec::new(),
                },
            ));
        } else {
            current.text.clear();
            current.pieces.clear();
        }
    };
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                finish(&mut current, &mut blocks);
                if reference_section.is_some_and(|at| level <= at) {
                    reference_section = None;
                }
                heading = Some(String::new());
                skipping += 1;
            }
            Event::End(TagEnd::Heading(level)) => {
                skipping = skipping.saturating_sub(1);
                let text = heading.take().unwrap_or_default();
                if REFERENCE_HEADINGS.contains(&text.trim().to_lowercase().as_str()) {
                    reference_section = Some(level);
                }
            }
            Event::Start(Tag::FootnoteDefinition(_) | Tag::CodeBlock(_)) => {
                finish(&mut current, &mut blocks);
                skipping += 1;
            }
            Event::End(TagEnd::FootnoteDefinition | TagEnd::CodeBlock) => {
                skipping = skipping.saturating_sub(1);
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::BlockQuote(_))
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                finish(&mut current, &mut blocks);
            }
            Event::Html(html_text) | Event::InlineHtml(html_text) => {
                html.see(&html_text);
            }
            Event::Text(text) => {
                if let Some(heading) = heading.as_mut() {
                    heading.push_str(&text);
                } else if skipping == 0 && reference_section.is_none() && !html.skipping() {
                    current.push(&text, range.start);
                }
            }
            Event::SoftBreak | Event::HardBreak if skipping == 0 => current.push(" ", range.start),
            // Left out, but a word boundary.
            Event::Code(_) | Event::FootnoteReference(_) if skipping == 0 => {
                current.push(" ", range.start)
            }
            _ => {}
        }
    }
    finish(&mut current, &mut blocks);
    blocks
}

/// Raw HTML elements whose text is left out: an element with a `lang` that is not English,
/// and `<code>`, `<pre>`, `<script>`, `<style>`. Tracks how deep inside them the text is.
#[derive(Default)]
struct HtmlSkip {
    /// The names of the elements open since the first one left out.
    open: Vec<String>,
}

impl HtmlSkip {
    fn skipping(&self) -> bool {
        !self.open.is_empty()
    }

    /// Takes in the tags of a piece of raw HTML.
    fn see(&mut self, html: &str) {
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let end = after.find('>').unwrap_or(after.len());
            let tag = &after[..end];
            rest = after.get(end + 1..).unwrap_or_default();
            self.tag(tag);
        }
    }

    fn tag(&mut self, tag: &str) {
        if tag.starts_with('!') || tag.ends_with('/') {
            return;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = self.open.iter().rposition(|open| *open == name) {
                self.open.truncate(at);
            }
            return;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if VOID_ELEMENTS.contains(&name.as_str()) || name.is_empty() {
            return;
        }
        if self.skipping()
            || matches!(name.as_str(), "code" | "pre" | "script" | "style")
            || lang_attribute(tag).is_some_and(|lang| !is_english(&lang))
        {
            self.open.push(name);
        }
    }
}

const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The value of a tag's `lang` attribute.
fn lang_attribute(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower
        .match_indices("lang")
        .map(|(i, _)| i)
        .find(|&i| lower[..i].ends_with(char::is_whitespace))?;
    let rest = lower[at + 4..].trim_start().strip_prefix('=')?.trim_start();
    let value: String = match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].chars().take_while(|c| *c != quote).collect(),
        _ => rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>')
            .collect(),
    };
    Some(value)
}

/// `en` and `en-NZ` are English; an empty `lang` is "unknown", so it is measured too.
fn is_english(lang: &str) -> bool {
    let lang = lang.trim().to_ascii_lowercase();
    lang.is_empty() || lang == "en" || lang.starts_with("en-")
}

/// `text` with spans in another language (`[kia ora]{lang=mi}`) and citations (`[@key]`,
/// `[see @key, p. 3]`, `@key`) blanked out with spaces, so offsets stay where they were.
fn without_other_languages_and_citations(text: &str) -> String {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    let blank = |out: &mut Vec<u8>, range: std::ops::Range<usize>| {
        for byte in &mut out[range] {
            // Continuation bytes of a multi-byte letter become spaces too: the result stays
            // UTF-8, as every byte of the range is replaced.
            *byte = b' ';
        }
    };
    let mut search = 0;
    while let Some(open) = text[search..].find('[').map(|i| i + search) {
        let Some(close) = text[open..].find(']').map(|i| i + open) else {
            break;
        };
        let inner = &text[open + 1..close];
        let after = &text[close + 1..];
        // The attributes are short: looking further for a `}` would make a text full of
        // `]{` quadratic.
        if let Some(attributes) = after.strip_prefix('{')
            && let Some(end) = attributes
                .char_indices()
                .take(MAX_ATTRIBUTES)
                .find_map(|(i, c)| (c == '}').then_some(i))
        {
            let lang = attributes[..end]
                .split_whitespace()
                .find_map(|a| a.strip_prefix("lang="))
                .map(|l| l.trim_matches(|c| c == '"' || c == '\''));
            if lang.is_some_and(|l| !is_english(l)) {
                blank(&mut out, open..close + 2 + end + 1);
                search = close + 2 + end + 1;
                continue;
            }
        }
        if inner.contains('@') {
            blank(&mut out, open..close + 1);
        }
        search = close + 1;
    }
    // Bare `@key` citations.
    let mut at = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        if word.starts_with('@') {
            let end = at + word.trim_end().len();
            blank(&mut out, at..end);
        }
        at += word.len();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The sentences of a block: (byte offset, text). A sentence ends at `.`, `!` or `?` before
/// a space (closing quotes and brackets may come between), except after an abbreviation or
/// an initial; the block's end ends one too.
fn split_sentences(text: &str) -> Vec<(usize, &str)> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        // `at < start`: the second and third marks of "..." or "?!", already taken into the
        // sentence the first one ended.
        if !matches!(c, '.' | '!' | '?') || at < start {
            continue;
        }
        let mut next = i + 1;
        while chars
            .get(next)
            .is_some_and(|(_, c)| matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '.' | '!' | '?'))
        {
            next += 1;
        }
        if !chars.get(next).is_none_or(|(_, c)| c.is_whitespace()) {
            continue;
        }
        if c == '.' && ends_with_abbreviation(&text[start..at]) {
            continue;
        }
        let end = chars.get(next).map_or(text.len(), |(at, _)| *at);
        sentences.push((start, &text[start..end]));
        start = end;
    }
    if start < text.len() {
        sentences.push((start, &text[start..]));
    }
    // Offsets point at the sentence's first character, not the spaces before it.
    sentences
        .into_iter()
        .map(|(at, sentence)| {
            let trimmed = sentence.trim_start();
            (at + sentence.len() - trimmed.len(), trimmed)
        })
        .collect()
}

/// Whether `before` (a sentence so far, up to a full stop) ends with an abbreviation or a
/// single-letter initial.
fn ends_with_abbreviation(before: &str) -> bool {
    let last = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .trim_start_matches(['(', '"', '\'', '“', '‘'])
        .to_lowercase();
    ABBREVIATIONS.contains(&last.as_str())
        || (last.chars().count() == 1 && last.chars().all(char::is_alphabetic))
}

/// A token that counts as a word: it has a letter in it (numbers and symbols do not count).
fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphabetic)
}

/// How many syllables an English word has, by rule (see docs/content.md): vowel groups
/// (`a e i o u y`, `y` not at the start), less a silent final `e`, `-es` and `-ed`, plus one
/// for `ia`, `io`, `ua`, `eo`, `iu`, `iet` said as two (not in `-ian`, `-tion`, `-sion`, `-cious`), at least
/// one. Hyphenated words are counted part by part.
pub fn syllables(word: &str) -> usize {
    word.split(['-', '–', '—', '/'])
        .map(|part| part_syllables(&ascii_letters(part)))
        .sum::<usize>()
        .max(1)
}

/// The longest word part whose letters are all looked at; the rest of a longer one is left out.
const MAX_LETTERS: usize = 48;

/// A word part's letters, lower-case ASCII (`Māori` → `maori`, a final `é` → `ay`, as it is said:
/// café, résumé), without a heap allocation: words are counted by the million.
fn ascii_letters(part: &str) -> Letters {
    let part = part.trim_end_matches(|c: char| !c.is_alphabetic());
    let (stem, said_e) = match part.strip_suffix('é') {
        Some(stem) => (stem, true),
        None => (part, false),
    };
    let mut letters = Letters::default();
    for c in stem.chars() {
        if c.is_ascii_alphabetic() {
            letters.push(c as u8);
        } else if !c.is_ascii() {
            deunicode::deunicode_char(c)
                .unwrap_or_default()
                .bytes()
                .filter(u8::is_ascii_alphabetic)
                .for_each(|b| letters.push(b));
        }
    }
    if said_e {
        letters.push(b'a');
        letters.push(b'y');
    }
    letters
}

/// Up to [`MAX_LETTERS`] lower-case ASCII letters.
struct Letters {
    bytes: [u8; MAX_LETTERS],
    len: usize,
}

impl Default for Letters {
    fn default() -> Self {
        Letters {
            bytes: [0; MAX_LETTERS],
            len: 0,
        }
    }
}

impl Letters {
    fn push(&mut self, letter: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = letter.to_ascii_lowercase();
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Letters {
    type Target = str;
    fn deref(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

fn part_syllables(word: &str) -> usize {
    if word.is_empty() {
        return 0;
    }
    if word.len() <= 3 {
        return 1;
    }
    let bytes = word.as_bytes();
    let is_vowel = |i: usize| match bytes[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => true,
        b'y' => i > 0,
        _ => false,
    };
    let mut count: usize = 0;
    for i in 0..bytes.len() {
        if is_vowel(i) && (i == 0 || !is_vowel(i - 1)) {
            count += 1;
        }
    }
    // Vowel pairs said as two syllables, where the group above counted one (one pass: words
    // are counted by the million).
    for at in 0..bytes.len().saturating_sub(1) {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let rest = &word[at..];
        let two_syllables = match (bytes[at], bytes[at + 1]) {
            (b'i', b'a') => {
                !(rest == "ian" || rest == "ians" || matches!(before, Some(b't' | b'c')))
            }
            (b'i', b'o') => !matches!(before, Some(b't' | b's' | b'c' | b'x')),
            (b'u', b'a') | (b'i', b'u') => before != Some(b'q'),
            (b'e', b'o') => true,
            (b'i', b'e') => rest.starts_with("iet"),
            _ => false,
        };
        if two_syllables {
            count += 1;
        }
    }
    // `being`, `doing`, `seeing`: a vowel before `-ing` is a syllable of its own.
    if word.ends_with("ing") && bytes.len() > 3 && is_vowel(bytes.len() - 4) {
        count += 1;
    }
    if has_silent_ending(word, &is_vowel) {
        count = count.saturating_sub(1);
    }
    count.max(1)
}

/// Whether `word` ends in a silent `e` (`whale`, not `little` or `tree`), or an `-es` or `-ed`
/// that is not a syllable of its own (`makes`, `walked`; not `boxes`, `wanted`).
fn has_silent_ending(word: &str, is_vowel: &dyn Fn(usize) -> bool) -> bool {
    let len = word.len();
    let consonant_before = |from_end: usize| len > from_end && !is_vowel(len - from_end - 1);
    let ends = |ending: &str| word.ends_with(ending);
    (ends("e") && !ends("le") && !ends("ee") && consonant_before(1))
        || (ends("le") && !consonant_before(2))
        || (ends("es")
            && consonant_before(2)
            && !["ses", "xes", "zes", "ches", "shes", "ges", "ces"]
                .iter()
                .any(|end| ends(end)))
        || (ends("ed") && consonant_before(2) && !ends("ted") && !ends("ded"))
}

/// Whether `page` is in English, so measured: its `lang:`, else the language its file name
/// gives (`sleep.mi.md` on a site with `languages`), else the site's `language`.
pub fn measured(config: &Config, page: &SourcePage) -> bool {
    let lang = page
        .front
        .lang
        .as_deref()
        .or_else(|| {
            crate::config::languages::of_file(&config.languages, &page.rel_path)
                .map(|l| l.code.as_str())
        })
        .unwrap_or(&config.language);
    is_english(lang)
}

/// `check`'s findings for each page in English (see [`measured`]): its figures (a note, with `figures` for `--format json`), a
/// warning when its grade is above its limit, and a warning for each sentence over
/// `readability.max_sentence_words`.
pub fn check(config: &Config, pages: &[SourcePage]) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let limits = config.readability;
    pages
        .par_iter()
        // The formula is English's: a page written in another language is not measured.
        .filter(|page| measured(config, page))
        .flat_map_iter(|page| {
            // Read once, for the measure and for placing the long sentences.
            let markdown = page.body.text();
            let measured = measure(&markdown);
            let max_grade = page.front.max_grade.unwrap_or(limits.max_grade);
            std::iter::once(figure_finding(page, measured.figures, max_grade)).chain(
                long_sentences(
                    page,
                    &markdown,
                    &measured.sentences,
                    limits.max_sentence_words,
                ),
            )
        })
        .collect()
}

/// A page's figures: a warning when its grade is above `max_grade` (and it has enough words
/// for the grade to mean something), else a note; `figures` holds the numbers.
fn figure_finding(page: &SourcePage, figures: Figures, max_grade: f64) -> Diagnostic {
    let over = figures.words >= MIN_WORDS && figures.grade > max_grade;
    let d = if over {
        Diagnostic::warning(
            Code::Readability,
            format!(
                "this page reads at grade {:.1}, above the most of {max_grade} (Flesch–Kincaid, {})",
                figures.grade,
                counted(figures)
            ),
        )
        .with_hint("use shorter sentences and everyday words; if the subject needs it, set `readability: {max_grade: ...}` in this page's front matter")
    } else {
        // The formula goes below zero for short, plain text: no school grade is called that.
        let level = if figures.grade < 1.0 {
            format!("below grade 1 (Flesch–Kincaid {:.1}", figures.grade)
        } else {
            format!("at grade {:.1} (Flesch–Kincaid", figures.grade)
        };
        Diagnostic::note(
            Code::Readability,
            format!("this page reads {level}, {})", counted(figures)),
        )
    };
    let mut d = page.diagnostic_at_key(d, "title");
    d.figures = Some(serde_json::json!({
        "grade": figures.grade,
        "words": figures.words,
        "sentences": figures.sentences,
        "syllables": figures.syllables,
        "max_grade": max_grade,
    }));
    d
}

/// How many long sentences of one page are reported one by one; the rest are counted.
const MAX_LONG_SENTENCES: usize = 20;

/// A warning at each sentence over `max_words` words of `markdown`, the page's (the first
/// [`MAX_LONG_SENTENCES`], then how many more there are).
fn long_sentences(
    page: &SourcePage,
    markdown: &str,
    sentences: &[Sentence],
    max_words: usize,
) -> Vec<Diagnostic> {
    let long: Vec<&Sentence> = sentences.iter().filter(|s| s.words > max_words).collect();
    if long.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(markdown);
    let mut found: Vec<Diagnostic> = long
        .iter()
        .take(MAX_LONG_SENTENCES)
        .map(|sentence| {
            page.diagnostic_at_offset(
                &lines,
                Diagnostic::warning(
                    Code::LongSentence,
                    format!(
                        "this sentence has {} words; the most is {max_words}",
                        sentence.words
                    ),
                )
                .with_hint("split it into shorter sentences (site.yaml's `readability.max_sentence_words` sets the most)"),
                sentence.offset,
            )
        })
        .collect();
    if long.len() > MAX_LONG_SENTENCES {
        found.push(
            Diagnostic::warning(
                Code::TooMany,
                format!(
                    "{} more of this page's sentences are longer than {max_words} words (the first {MAX_LONG_SENTENCES} are shown)",
                    long.len() - MAX_LONG_SENTENCES
                ),
            )
            .standing_for(long.len() - MAX_LONG_SENTENCES)
            .in_file(&page.path),
        );
    }
    found
}

/// `120 words in 9 sentences`.
fn counted(figures: Figures) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{} in {}",
        plural(figures.words, "word"),
        plural(figures.sentences, "sentence")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formula_gives_the_published_grades() {
        // Wikipedia, "Flesch–Kincaid readability tests": "The Australian platypus is
        // seemingly a hybrid of a mammal and reptilian creature" has 13 words and 24
        // syllables, grade 11.3; one-syllable one-word sentences give the lowest grade, −3.40.
        assert_eq!(grade(13, 1, 24), 11.3);
        assert_eq!(grade(1, 1, 1), -3.4);
        assert_eq!(grade(0, 0, 0), 0.0);
    }

    #[test]
    fn the_published_sentence_measures_as_published() {
        let measured = measure(
            "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.\n",
        );
        assert_eq!(
            measured.figures,
            Figures {
                grade: 11.3,
                words: 13,
                sentences: 1,
                syllables: 24
            }
        );
    }

    #[test]
    fn syllables_by_rule() {
        for (word, count) in [
            ("the", 1),
            ("cat", 1),
            ("walked", 1),
            ("wanted", 2),
            ("makes", 1),
            ("boxes", 2),
            ("pages", 2),
            ("little", 2),
            ("whale", 1),
            ("creature", 2),
            ("seemingly", 3),
            ("platypus", 3),
            ("Australian", 3),
            ("reptilian", 3),
            ("media", 3),
            ("nation", 2),
            ("usual", 3),
            ("wellbeing", 3),
            ("being", 2),
            ("seeing", 2),
            ("well-being", 3),
            ("tree", 1),
            ("café", 2),
            ("anxiety", 4),
            ("psychologist", 4),
            ("quiet", 2),
            ("society", 4),
            ("piece", 1),
        ] {
            assert_eq!(syllables(word), count, "{word}");
        }
    }

    #[test]
    fn code_citations_references_and_other_languages_are_left_out() {
        let text = "\
# A heading with many many words in it

Sleep helps. Dr. Smith agrees [@walker2017, p. 3] and @bowlby1973 too.

Say <span lang=\"mi\">kia ora koutou katoa</span> and [tēnā koe]{lang=mi} with `some code here`.

```
let code = not.counted();
```

| Cell one | Cell two |
| --- | --- |
| Rest | Walk |

## References

Walker, M. (2017). Why we sleep. Scribner.
";
        let measured = measure(text);
        // "Sleep helps." | "Dr. Smith agrees and too." | "Say and with ." | "Cell one" |
        // "Cell two" | "Rest" | "Walk"
        let words: Vec<usize> = measured.sentences.iter().map(|s| s.words).collect();
        assert_eq!(words, [2, 5, 3, 2, 2, 1, 1]);
        assert_eq!(&text[measured.sentences[1].offset..][..3], "Dr.");
        assert_eq!(&text[measured.sentences[2].offset..][..3], "Say");
    }

    #[test]
    fn hostile_texts_are_measured_without_panicking() {
        // Each pattern once made a step look far ahead from every position; they are measured
        // in linear time now (see benchmarks for speed; no timing is asserted here).
        for (text, words) in [
            ("[a]{".repeat(20_000), 1),
            ("[@".repeat(20_000), 0),
            ("Dr. ".repeat(20_000), 20_000),
            ("a.".repeat(40_000), 1),
            (format!("{}x", "word ".repeat(20_000)), 20_001),
        ] {
            assert_eq!(measure(&text).figures.words, words, "{}", &text[..8]);
        }
    }

    #[test]
    fn hand_counted_texts() {
        // 2 sentences, 10 words: Rest(1) is(1) good(1) for(1) you.(1) We(1) all(1) need(1)
        // more(1) sleep(1) → 10 syllables: 0.39 × 5 + 11.8 × 1 − 15.59 = −1.84.
        let plain = measure("Rest is good for you. We all need more sleep.");
        assert_eq!(
            plain.figures,
            Figures {
                grade: -1.8,
                words: 10,
                sentences: 2,
                syllables: 10
            }
        );
        // Daily(2) anxiety(4) responds(2) to(1) regular(3) physical(3) activity.(4):
        // 7 words, 19 syllables: 0.39 × 7 + 11.8 × 19/7 − 15.59 = 2.73 + 32.029 − 15.59
        // = 19.169 → 19.2.
        let hard = measure("Daily anxiety responds to regular physical activity.");
        assert_eq!(hard.figures.syllables, 19);
        assert_eq!(hard.figures.grade, 19.2);
    }
}
