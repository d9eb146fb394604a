//! The glossary file site.yaml names (`glossary: glossary.yaml`): the words of another
//! language the site's pages use, each with its language, its meaning and the other spellings
//! the site accepts. Loaded once, checked (every term at its line), sorted in te reo Māori
//! alphabetical order, and compiled into one automaton that finds every term in a text in a
//! single pass, whatever the number of terms.
//!
//! ```yaml
//! whānau:
//!   lang: mi
//!   meaning: extended family, the wider family group
//!   accept: [whanau]   # optional: spellings that are not warned about
//! ```

use std::collections::HashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use serde::Deserialize;

use crate::config::Config;
use crate::support::diagnostic::{Code, Diagnostic, LineIndex};
use crate::support::lang;
use crate::support::slug::slugify;
use crate::support::text::nfc;
use crate::support::yaml;

/// One term of the glossary.
#[derive(Debug, Clone)]
pub struct Term {
    /// As written in the glossary file (NFC): `whānau`.
    pub term: String,
    pub lang: String,
    pub meaning: String,
    /// Other spellings the site accepts (NFC, lowercase).
    pub accept: Vec<String>,
    /// The term in lowercase, to compare a found word with.
    lowercase: String,
    /// Whether `lowercase` and each of `accept` is its own NFC lowercase (all but odd ones
    /// are): a word written as one of them byte for byte is then exact with nothing more done.
    spellings_in_nfc_lowercase: bool,
    /// The anchor of its entry on the glossary page: `term-whanau`.
    pub id: String,
}

/// The glossary: terms in te reo Māori alphabetical order, and the automaton that finds them.
#[derive(Debug, Clone)]
pub struct Glossary {
    pub terms: Vec<Term>,
    /// Over folded text (lowercase, macrons and other marks removed): every term's and
    /// accepted spelling's folded form.
    finder: AhoCorasick,
    /// The term each pattern of `finder` stands for.
    pattern_terms: Vec<usize>,
    /// The first words (lowercase) of the patterns that can match ASCII text: an ASCII text
    /// none of whose words is one holds no term as a whole word, and is not searched. `None`
    /// when a pattern starts with something other than a letter or digit.
    first_words: Option<FirstWords>,
    /// Whether every pattern is ASCII once folded (a term in another script is not): then a
    /// text that is not ASCII is searched word by word too.
    ascii_patterns: bool,
    /// What reading the file found that does not stop the build (a control character made
    /// by a YAML escape, taken out): the setup reports them with site.yaml's.
    pub warnings: Vec<Diagnostic>,
}

/// One term found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the text searched.
    pub range: std::ops::Range<usize>,
    pub term: usize,
    /// False when the words differ from the term and its accepted spellings in more than case:
    /// a missing or wrong macron (`whanau`, `Maori`).
    pub exact: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermEntry {
    lang: String,
    meaning: String,
    #[serde(default)]
    accept: Vec<String>,
}

/// Reads the glossary site.yaml names, if any. Problems (a term without a meaning, a bad
/// language tag, a file that cannot be read) are errors at their line.
pub fn load(config: &Config) -> Result<Option<Glossary>, Vec<Diagnostic>> {
    let Some(file) = &config.glossary else {
        return Ok(None);
    };
    let path = config.root.join(file);
    let text = crate::support::source::read_site_file(&config.root, &path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "it is not valid UTF-8".into()))
        .map_err(|why| {
            vec![config
                .at_key(
                    Diagnostic::error(
                        Code::Glossary,
                        format!("cannot read the glossary file {}: {why}", file.display()),
                    ),
                    "glossary",
                )
                .with_hint("fix the path under `glossary:` in site.yaml (it is relative to the site's folder, and may not lead outside it or into a hidden folder), or save the file as UTF-8")]
        })?;
    parse(file, text.strip_prefix('\u{feff}').unwrap_or(&text)).map(Some)
}

/// The warnings of the glossary `text`: the YAML reader's, and one at each invisible
/// character (its meanings are on the glossary page, its terms matched against pages' words).
fn warnings(file: &Path, text: &str, read: Vec<yaml::YamlError>) -> Vec<Diagnostic> {
    let mut warnings: Vec<Diagnostic> = read
        .into_iter()
        .map(|w| w.placed(|m| Diagnostic::warning(Code::Glossary, m), file, text))
        .collect();
    warnings.extend(crate::support::invisible::invisible_in(
        file,
        text,
        0..text.len(),
        "the glossary",
    ));
    warnings
}

/// Where the `lang:` value of the term whose key is on line `line` (1-based) stands: on the
/// key's line (`whānau: { lang: mi, ... }`) or on a line below it, before the next term.
fn lang_place(lines: &LineIndex, line: usize) -> Option<(usize, usize)> {
    let below = (line.saturating_sub(1)..).map_while(|index| Some((index, lines.line(index + 1)?)));
    for (index, content) in below {
        let starts_a_term = !content.starts_with([' ', '\t', '#']) && !content.trim().is_empty();
        if index + 1 > line && starts_a_term {
            return None;
        }
        if let Some(at) = content.find("lang:") {
            let value = content[at + 5..].trim_start();
            let byte = content.len() - value.len();
            return Some((index + 1, content[..byte].chars().count() + 1));
        }
    }
    None
}

/// A term that could not be read as `lang`, `meaning` and `accept` (serde's `error`): a
/// misspelt key is an error at that key, with the key meant.
fn entry_error(file: &Path, lines: &LineIndex, field: &yaml::Field, error: &str) -> Diagnostic {
    let d = Diagnostic::error(Code::Glossary, format!("the term `{}`: {error}", field.key))
        .in_file(file);
    match misspelt_key(error) {
        Some((key, near)) => {
            let (line, column) =
                key_place(lines, field.line, &key).unwrap_or((field.line, field.column));
            d.with_hint(format!(
                "did you mean `{near}:`? A term knows `lang`, `meaning` and `accept`"
            ))
            .at_indexed(lines, line, column)
        }
        None => d
            .with_hint("write each term as `whānau: { lang: mi, meaning: \"extended family\" }`")
            .at_indexed(lines, field.line, field.column),
    }
}

/// From serde's "unknown field `meanings`, expected one of ..." the key and the known one
/// nearest it.
fn misspelt_key(error: &str) -> Option<(String, &'static str)> {
    let key = error.split_once("unknown field `")?.1.split_once('`')?.0;
    let near = crate::support::diagnostic::closest(key, ["lang", "meaning", "accept"])?;
    Some((key.to_string(), near))
}

/// Where the key `key` of the term whose key is on line `line` (1-based) stands: on the
/// term's line (`kai: { meanings: food }`) or on a line below it, before the next term.
fn key_place(lines: &LineIndex, line: usize, key: &str) -> Option<(usize, usize)> {
    let below = (line.saturating_sub(1)..).map_while(|index| Some((index, lines.line(index + 1)?)));
    for (index, content) in below {
        let starts_a_term = !content.starts_with([' ', '\t', '#']) && !content.trim().is_empty();
        if index + 1 > line && starts_a_term {
            return None;
        }
        let from = if index + 1 == line {
            content.find(':')? + 1
        } else {
            0
        };
        let found = content[from..].match_indices(key).find(|(at, _)| {
            let before = content[..from + at].chars().next_back();
            let after = content[from + at + key.len()..].trim_start();
            before.is_none_or(|c| !c.is_alphanumeric() && c != '_') && after.starts_with(':')
        });
        if let Some((at, _)) = found {
            return Some((index + 1, content[..from + at].chars().count() + 1));
        }
    }
    None
}

/// At most this many of a glossary's errors are shown; one more message counts the rest.
const MAX_ERRORS_SHOWN: usize = 100;

/// Reads a glossary file's text (`file` names it in the diagnostics).
pub fn parse(file: &Path, text: &str) -> Result<Glossary, Vec<Diagnostic>> {
    let parsed = yaml::parse_fields(text).map_err(|e| {
        let make = |m| {
            Diagnostic::error(
                Code::Glossary,
                format!("the glossary is not valid YAML: {m}"),
            )
        };
        vec![e.placed(make, file, text)]
    })?;
    let mut terms = Vec::new();
    let mut errors = Vec::new();
    // Each term's entry id → the term and its line: two terms with one id (`whānau` and
    // `Whānau`, or `whanau`) would be two entries with one anchor, and pages would find only
    // the first (words are found whatever their case and macrons).
    let mut ids: HashMap<String, (String, usize)> = HashMap::new();
    // Placing each error by reading the file from its start took time growing with the
    // square of a glossary of thousands of bad terms.
    let lines = LineIndex::new(text);
    let at = |d: Diagnostic, line: usize, column: usize| {
        d.in_file(file).at_indexed(&lines, line, column)
    };
    for field in &parsed.fields {
        let error = |message: String| {
            at(
                Diagnostic::error(Code::Glossary, message),
                field.line,
                field.column,
            )
        };
        let entry = match field.parse::<TermEntry>() {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(entry_error(file, &lines, field, &e.to_string()));
                continue;
            }
        };
        if let Some(problem) = lang::tag_problem(entry.lang.trim()) {
            let d = Diagnostic::error(
                Code::Glossary,
                format!("the term `{}`: {problem}", field.key),
            )
            .with_hint(lang::TAG_HINT);
            errors.push(match lang_place(&lines, field.line) {
                Some((line, column)) => at(d, line, column),
                None => error(d.message.clone()).with_hint(lang::TAG_HINT),
            });
            continue;
        }
        let term = nfc(field.key.trim());
        if term.is_empty() || entry.meaning.trim().is_empty() {
            errors.push(
                error(format!("the term `{}` has no meaning", field.key))
                    .with_hint("give it a `meaning:`, a few words that explain it"),
            );
            continue;
        }
        if entry.accept.iter().any(|a| a.trim().is_empty()) {
            errors.push(
                error(format!("the term `{term}` accepts an empty spelling"))
                    .with_hint("take the empty item out of `accept:`, or write the spelling in it"),
            );
            continue;
        }
        let id = format!("term-{}", slugify(&term));
        if let Some((first, line)) = ids.get(&id) {
            errors.push(
                error(format!(
                    "the term `{term}` is the term `{first}` of line {line} again (both would be #{id} on the glossary page)"
                ))
                .with_hint(format!(
                    "keep one entry: `{first}` is found in any case, and without its macrons with a warning; list spellings that are right under its `accept:`"
                )),
            );
            continue;
        }
        ids.insert(id.clone(), (term.clone(), field.line));
        let lowercase = term.to_lowercase();
        let accept: Vec<String> = entry
            .accept
            .iter()
            .map(|a| nfc(a.trim()).to_lowercase())
            .collect();
        let spellings_in_nfc_lowercase = std::iter::once(&lowercase)
            .chain(&accept)
            .all(|s| nfc(s).to_lowercase() == *s);
        terms.push(Term {
            id,
            lowercase,
            spellings_in_nfc_lowercase,
            accept,
            term,
            lang: lang::canonical_case(entry.lang.trim()),
            meaning: entry.meaning.trim().to_string(),
        });
    }
    if !errors.is_empty() {
        crate::support::diagnostic::cap_errors(
            &mut errors,
            0,
            MAX_ERRORS_SHOWN,
            "in the glossary",
            file,
        );
        return Err(errors);
    }
    terms.sort_by_cached_key(|t| alphabetical_key(&t.term));
    let warnings = warnings(file, text, parsed.warnings);
    let glossary = Glossary::new(terms).map(|g| Glossary { warnings, ..g });
    glossary.map_err(|e| {
        vec![
            Diagnostic::error(
                Code::Glossary,
                format!("the glossary is too large to search: {e}"),
            )
            .in_file(file),
        ]
    })
}

impl Glossary {
    fn new(terms: Vec<Term>) -> Result<Glossary, aho_corasick::BuildError> {
        let mut patterns = Vec::new();
        let mut pattern_terms = Vec::new();
        // A glossary may hold thousands of terms: each spelling is looked up once.
        let mut seen = std::collections::HashSet::new();
        for (index, term) in terms.iter().enumerate() {
            for spelling in std::iter::once(&term.term).chain(&term.accept) {
                let folded = fold(spelling).text;
                if !folded.is_empty() && seen.insert(folded.clone()) {
                    patterns.push(folded);
                    pattern_terms.push(index);
                }
            }
        }
        let first_words = FirstWords::new(&patterns);
        let ascii_patterns = patterns.iter().all(|p| p.is_ascii());
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            // A DFA: the fastest search, and small for a glossary's few hundred terms.
            .kind(Some(AhoCorasickKind::DFA))
            // Anchored at each word that may start a term (see `find`); unanchored when a
            // term starts with no letter or digit.
            .start_kind(StartKind::Both)
            .build(&patterns)?;
        Ok(Glossary {
            warnings: Vec::new(),
            terms,
            finder,
            pattern_terms,
            first_words,
            ascii_patterns,
        })
    }

    /// A hash of the terms (what marking depends on), for `serve`'s cache of rendered pages.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let terms: Vec<(&str, &str, &[String])> = self
            .terms
            .iter()
            .map(|t| (t.term.as_str(), t.lang.as_str(), t.accept.as_slice()))
            .collect();
        BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(terms)
    }

    /// Every term in `text`, as whole words, in order, case and marks aside (the longest
    /// whole word where several start at one word: `whānau` in `whānau oranga`). Only the
    /// words that may start a term (their folded form is a pattern's first word, looked up)
    /// are searched, each with the automaton anchored there: most texts hold none and are not
    /// searched at all (text beyond ASCII is folded first), and a match that is no whole word
    /// (`xte reo`) cannot hide one inside it (`reo`).
    pub fn find(&self, text: &str) -> Vec<Found> {
        let Some(first) = self.first_words.as_ref() else {
            return self.find_everywhere(text);
        };
        let ascii = text.is_ascii();
        if !ascii && !self.ascii_patterns {
            return self.find_everywhere(text);
        }
        // ASCII text needs no folding: the automaton ignores ASCII case itself. Folded, other
        // text's words are found as ASCII text's are: a character that folds to no ASCII (`’`,
        // `ß`) is no letter there, so a word may seem to start or end inside one of the
        // text's words, and each match is checked against the text's own.
        let folded = (!ascii).then(|| fold_for_search(text));
        let haystack = folded.as_ref().map_or(text, |f| f.text.as_str());
        // Each word that may start a term is searched as the walk reaches it, rather than
        // gathered into a list first (a list allocated for each of 190,000 texts at 10,000
        // pages); a word inside a term found already is not looked up.
        let bytes = haystack.as_bytes();
        let mut search = Search::default();
        crate::support::text::for_each_ascii_word(bytes, |std::ops::Range { start, end }| {
            if start >= search.after && first.may_be_one(&bytes[start..end]) {
                self.search_at(text, folded.as_ref(), start, &mut search);
            }
        });
        search.found
    }

    /// [`Self::find`] for an ASCII `text` whose words (runs of ASCII letters and digits, as
    /// [`crate::support::text::ascii_word_ranges`] finds them) are `words`: a page's text is
    /// walked once for both the glossary and its word statistics.
    pub fn find_among(&self, text: &str, words: &[std::ops::Range<usize>]) -> Vec<Found> {
        let Some(first) = self.first_words.as_ref() else {
            return self.find_everywhere(text);
        };
        let bytes = text.as_bytes();
        let mut starts = words
            .iter()
            .filter(|word| first.may_be_one(&bytes[word.start..word.end]))
            .map(|word| word.start)
            .peekable();
        if starts.peek().is_none() {
            return Vec::new();
        }
        self.find_at(text, None, starts)
    }

    /// The terms starting at `starts` (in order; in `folded`, the text's folded form, when
    /// it is not ASCII) as whole words of `text`.
    fn find_at(
        &self,
        text: &str,
        folded: Option<&Folded>,
        starts: impl Iterator<Item = usize>,
    ) -> Vec<Found> {
        let mut search = Search::default();
        for start in starts {
            if start >= search.after {
                self.search_at(text, folded, start, &mut search);
            }
        }
        search.found
    }

    /// The term starting at `start` of the haystack (`folded`, or `text` when it is ASCII) as a
    /// whole word of `text`, if any, added to `search`.
    fn search_at(&self, text: &str, folded: Option<&Folded>, start: usize, search: &mut Search) {
        let haystack = folded.map_or(text, |f| f.text.as_str());
        let input = Input::new(haystack).range(start..).anchored(Anchored::Yes);
        let Some(m) = self.finder.find(input) else {
            return;
        };
        if let Some((term, end)) = self.whole_word_at(text, folded, m) {
            search.found.push(term);
            search.after = end;
        }
    }

    /// [`Self::find`] over the whole folded text, for a glossary a term of which starts with
    /// no letter or digit (so not at a word), or holds characters that fold to no ASCII
    /// (searched in text that is not ASCII). A match that is no whole word is passed by one
    /// character, so that it hides no term starting inside it (`xte reo`, `reo`).
    fn find_everywhere(&self, text: &str) -> Vec<Found> {
        let folded = (!text.is_ascii()).then(|| fold_for_search(text));
        let haystack = folded.as_ref().map_or(text, |f| f.text.as_str());
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(m) = self.finder.find(Input::new(haystack).range(at..)) {
            match self.whole_word_at(text, folded.as_ref(), m) {
                Some((term, end)) => {
                    found.push(term);
                    at = end;
                }
                None => {
                    let next = haystack[m.start()..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                    at = m.start() + next;
                }
            }
        }
        found
    }

    /// The longest term starting where `m` (the longest match there) does that is a whole word
    /// of `text`, and where it ends in the haystack: `whānau` in `whānau oranga`, where
    /// `whānau ora` is no whole word.
    fn whole_word_at(
        &self,
        text: &str,
        folded: Option<&Folded>,
        mut m: aho_corasick::Match,
    ) -> Option<(Found, usize)> {
        let haystack = folded.map_or(text, |f| f.text.as_str());
        loop {
            let (start, end) = match folded {
                Some(f) => (f.origin(m.start()), f.origin(m.end())),
                None => (m.start(), m.end()),
            };
            let whole_word = end > start
                && !text[..start].chars().next_back().is_some_and(is_word_char)
                && !text[end..].chars().next().is_some_and(is_word_char);
            if whole_word {
                return Some((
                    self.found(text, start..end, m.pattern().as_usize()),
                    m.end(),
                ));
            }
            // A shorter term starting there: the longest match ending before this one does.
            let shorter = Input::new(haystack)
                .range(m.start()..m.end() - 1)
                .anchored(Anchored::Yes);
            m = self.finder.find(shorter)?;
        }
    }

    /// The term of `pattern`, found at `range` of `text`.
    fn found(&self, text: &str, range: std::ops::Range<usize>, pattern: usize) -> Found {
        let term = self.pattern_terms[pattern];
        let entry = &self.terms[term];
        let written = &text[range.clone()];
        // Most words found are written just as the glossary spells them.
        let as_spelt = entry.spellings_in_nfc_lowercase
            && (written == entry.lowercase || entry.accept.iter().any(|a| a == written));
        let exact = as_spelt || written_as(written, &entry.lowercase, &entry.accept);
        Found { range, term, exact }
    }
}

/// The terms found so far by an anchored search at a text's words, and where the last ends in
/// the haystack: a word before that is inside it, and not searched.
#[derive(Default)]
struct Search {
    found: Vec<Found>,
    after: usize,
}

/// The first words of a glossary's patterns, for finding the few words of a text where a term
/// may start (most texts have none): a word is looked up instead of the automaton stepping
/// through every byte. A whole-word match in ASCII text starts at a word of the text, and that
/// word, lowercased, is its pattern's first word (the run of letters and digits it starts
/// with): the pattern either goes on with a character that is no letter or digit, which the
/// text has there too, or ends where the text's word must end.
#[derive(Debug, Clone)]
struct FirstWords {
    words: rustc_hash::FxHashSet<Box<str>>,
    /// For each length (up to [`FIRST_WORD_MAX`]), the first and the last letters of the words
    /// of that length, as bits at their [`letter_key`]: most words of a text are ruled out by
    /// these alone, with two shifts, before any hashing.
    firsts: [u64; FIRST_WORD_MAX + 1],
    lasts: [u64; FIRST_WORD_MAX + 1],
}

/// The longest first word the shortcut handles; a glossary with a longer one searches every text.
const FIRST_WORD_MAX: usize = 48;

/// Where an ASCII letter or digit stands in a 64-bit set, the same for either case of a letter:
/// its low 5 bits (1..=26 for a letter, 16..=25 for a digit) with bit 5 set for a letter (its
/// byte has 0x40 set, a digit's has not), so that no letter meets a digit.
fn letter_key(byte: u8) -> u32 {
    u32::from(byte & 0x1F) | (u32::from(byte >> 1) & 0x20)
}

impl FirstWords {
    fn new(patterns: &[String]) -> Option<FirstWords> {
        let mut words = rustc_hash::FxHashSet::default();
        let mut firsts = [0u64; FIRST_WORD_MAX + 1];
        let mut lasts = [0u64; FIRST_WORD_MAX + 1];
        // A pattern with characters beyond ASCII never matches ASCII text.
        for pattern in patterns.iter().filter(|p| p.is_ascii()) {
            let end = pattern
                .bytes()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(pattern.len());
            if end == 0 || end > FIRST_WORD_MAX {
                return None;
            }
            let word = pattern[..end].to_ascii_lowercase();
            let (first, last) = (word.as_bytes()[0], word.as_bytes()[end - 1]);
            firsts[end] |= 1 << letter_key(first);
            lasts[end] |= 1 << letter_key(last);
            words.insert(word.into_boxed_str());
        }
        Some(FirstWords {
            words,
            firsts,
            lasts,
        })
    }

    /// Whether `word` (ASCII letters and digits) is one of the first words, whatever its case.
    /// Its length and letters' test is made inline in the walk over a text's words (a call
    /// for each word cost as much again); the few words it lets through are looked up in
    /// [`Self::holds`].
    #[inline]
    fn may_be_one(&self, word: &[u8]) -> bool {
        let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
            return false;
        };
        let (Some(firsts), Some(lasts)) = (self.firsts.get(word.len()), self.lasts.get(word.len()))
        else {
            return false;
        };
        (firsts >> letter_key(first)) & (lasts >> letter_key(last)) & 1 != 0 && self.holds(word)
    }

    /// Whether `word` (ASCII letters and digits, at most [`FIRST_WORD_MAX`] bytes) is one of
    /// the first words, whatever its case.
    #[inline(never)]
    fn holds(&self, word: &[u8]) -> bool {
        if word.len() > FIRST_WORD_MAX {
            return false;
        }
        let mut lower = [0u8; FIRST_WORD_MAX];
        let lower = &mut lower[..word.len()];
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).is_ok_and(|w| self.words.contains(w))
    }
}

/// Whether `written`, in NFC and lowercase, is `lowercase` or one of `accept`. Words are
/// compared a character at a time, without making their NFC and lowercase forms (most words
/// found are in NFC already); a word whose lowercase depends on where a letter stands (`Σ` is
/// `ς` at a word's end) or that is not in NFC is made whole and compared.
fn written_as(written: &str, lowercase: &str, accept: &[String]) -> bool {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    if written.contains('Σ') || is_nfc_quick(written.chars()) != IsNormalized::Yes {
        let written = nfc(written).to_lowercase();
        return written == lowercase || accept.contains(&written);
    }
    let is = |spelling: &str| {
        written
            .chars()
            .flat_map(char::to_lowercase)
            .eq(spelling.chars())
    };
    is(lowercase) || accept.iter().any(|a| is(a))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{304}'
}

/// Text folded for matching, and where its non-ASCII characters were: every other byte is
/// its original's, shifted by what the characters before it grew or shrank.
struct Folded {
    text: String,
    /// For each non-ASCII character of the original, in order: its bytes in the folded text
    /// and in the original.
    changed: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
}

impl Folded {
    /// The byte of the original that folded byte `at` came from (for `at` inside a
    /// character's folded form, the character's start; past the end, the original's end).
    fn origin(&self, at: usize) -> usize {
        let after = self
            .changed
            .partition_point(|(folded, _)| folded.start <= at);
        match after.checked_sub(1).and_then(|i| self.changed.get(i)) {
            None => at,
            Some((folded, original)) if at < folded.end => original.start,
            Some((folded, original)) => original.end + (at - folded.end),
        }
    }
}

/// Lowercase, with macrons and other marks taken off (`Whānau` → `whanau`), so that a word
/// missing its macron is found too, and then told apart by comparing the original.
fn fold(text: &str) -> Folded {
    fold_with(text, true)
}

/// [`fold`] for searching a page's text: its ASCII letters are left in their case, which the
/// automaton and the first-word lookup ignore themselves, rather than lowercasing every byte
/// of every paragraph holding a macron.
fn fold_for_search(text: &str) -> Folded {
    fold_with(text, false)
}

fn fold_with(text: &str, lowercase_ascii: bool) -> Folded {
    let mut folded = Folded {
        text: String::with_capacity(text.len()),
        // The room a first push would make (a text searched folded holds at least one
        // character beyond ASCII), without growing into it.
        changed: Vec::with_capacity(4),
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Runs of ASCII are copied whole: a page's text is mostly ASCII, and a character at
        // a time was most of the glossary's cost.
        let run_end = ascii_run_end(bytes, at);
        if run_end > at {
            let start = folded.text.len();
            folded.text.push_str(&text[at..run_end]);
            if lowercase_ascii {
                folded.text[start..].make_ascii_lowercase();
            }
            at = run_end;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let before = folded.text.len();
        // A combining macron (a text not in NFC) is folded away like a composed one.
        if c != '\u{304}' {
            // Only a letter folds to one: a sign that is none (`×`, `¶`, `₦`, written as `x`,
            // `p`, `n` in ASCII) would join the words either side of it into one. What it folds
            // to is looked at first: punctuation (`’`, `—`) folds to no letter, and is then not
            // looked up in Unicode's tables of letters.
            let plain = deunicode::deunicode_char(c)
                .filter(|s| s.len() == 1 && s.chars().all(|p| p.is_ascii_alphabetic()))
                .filter(|_| c.is_alphanumeric());
            match plain {
                Some(letter) => folded
                    .text
                    .extend(letter.chars().map(|l| l.to_ascii_lowercase())),
                None => folded.text.extend(c.to_lowercase()),
            }
        }
        folded
            .changed
            .push((before..folded.text.len(), at..at + c.len_utf8()));
        at += c.len_utf8();
    }
    folded
}

/// Where the run of ASCII bytes starting at `from` ends: checked 16 bytes at a time (a slice's
/// `is_ascii` reads a machine word at once), then byte by byte in the block holding the end.
fn ascii_run_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while bytes.len() - at >= 16 && bytes[at..at + 16].is_ascii() {
        at += 16;
    }
    bytes[at..]
        .iter()
        .position(|b| !b.is_ascii())
        .map_or(bytes.len(), |n| at + n)
}

/// The te reo Māori alphabet, in order: a e h i k m n o p r t u w ng wh. Each vowel with a
/// macron comes right after the same vowel without (by the tie-break in [`alphabetical_key`]).
const ALPHABET: &[&str] = &[
    "a", "e", "h", "i", "k", "m", "n", "o", "p", "r", "t", "u", "w", "ng", "wh",
];

/// The sort key of a term in te reo Māori alphabetical order: `ng` and `wh` are letters of
/// their own (after `w`), letters outside the alphabet come after it in Unicode order, and
/// terms equal but for macrons are ordered plain first.
fn alphabetical_key(term: &str) -> (Vec<u32>, String) {
    let folded = fold(term).text;
    let mut key = Vec::with_capacity(folded.len());
    let mut rest = folded.as_str();
    while let Some(c) = rest.chars().next() {
        let digraph = ["ng", "wh"].into_iter().find(|d| rest.starts_with(d));
        let letter = digraph.unwrap_or(&rest[..c.len_utf8()]);
        let rank = ALPHABET
            .iter()
            .position(|l| *l == letter)
            .map_or(ALPHABET.len() as u32 + c as u32, |p| p as u32);
        key.push(rank);
        rest = &rest[letter.len()..];
    }
    (key, term.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(text: &str) -> Glossary {
        parse(Path::new("glossary.yaml"), text).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn terms_sort_in_te_reo_alphabetical_order() {
        let g = glossary(
            "whānau: {lang: mi, meaning: family}\nngā: {lang: mi, meaning: the}\nwairua: {lang: mi, meaning: spirit}\nhauora: {lang: mi, meaning: health}\nāhua: {lang: mi, meaning: form}\nahi: {lang: mi, meaning: fire}\nnoho: {lang: mi, meaning: stay}\n",
        );
        let order: Vec<&str> = g.terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(
            order,
            ["ahi", "āhua", "hauora", "noho", "wairua", "ngā", "whānau"]
        );
    }

    #[test]
    fn ascii_texts_without_a_first_word_are_skipped_with_the_same_findings() {
        let g = glossary(
            "whānau: {lang: mi, meaning: family}\nte reo Māori: {lang: mi, meaning: the language, accept: [te reo]}\nCOVID-19: {lang: en, meaning: a disease}\nkai: {lang: mi, meaning: food}\nA1c: {lang: en, meaning: a blood test}\n",
        );
        assert!(g.first_words.is_some());
        let mut searched = g.clone();
        searched.first_words = None;
        for text in [
            "",
            "nothing here at all",
            "Whanau, whanaunga and WHANAU.",
            "te reo; Te Reo Maori; tereo; te-reo",
            "covid-19 and COVID-19x and covid 19 and covid-",
            "kai kaimahi xkai kai1 KAI.",
            "a1c A1C a1cb",
            "te",
            // Words across and at the ends of the 64-byte blocks words are found in.
            &format!("{} te reo", "a".repeat(62)),
            &format!("{}kai kai", " ".repeat(63)),
            &format!("{}kai", "b".repeat(63)),
            &format!("{} kai", "c".repeat(127)),
            &"no kai ".repeat(40),
        ] {
            assert_eq!(g.find(text), searched.find(text), "{text:?}");
            let mut words = Vec::new();
            crate::support::text::ascii_word_ranges(text.as_bytes(), &mut words);
            assert_eq!(g.find_among(text, &words), g.find(text), "{text:?}");
        }
        assert!(g.find("nothing here at all").is_empty());
        assert_eq!(g.find("Te Reo Maori, please").len(), 1);
        // A pattern starting with no letter or digit turns the shortcut off.
        let symbol = glossary("\"#kai\": {lang: mi, meaning: a tag}\n");
        assert!(symbol.first_words.is_none());
    }

    /// What [`Glossary::find`] should find, worked out the slow way: at each character of
    /// the folded text in turn, every pattern is tried, and the longest that is a whole word
    /// of the text (once mapped back to it) is taken.
    fn found_slowly(g: &Glossary, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut patterns: Vec<String> = Vec::new();
        for t in &g.terms {
            for spelling in std::iter::once(&t.term).chain(&t.accept) {
                let folded = fold(spelling).text;
                if !patterns.contains(&folded) {
                    patterns.push(folded);
                }
            }
        }
        let folded = fold(text);
        let (mut found, mut after) = (Vec::new(), 0);
        for at in (0..=folded.text.len()).filter(|&at| folded.text.is_char_boundary(at)) {
            let longest = patterns
                .iter()
                .filter(|p| folded.text[at..].starts_with(p.as_str()))
                .map(|p| folded.origin(at)..folded.origin(at + p.len()))
                .filter(|r| {
                    r.start >= after
                        && r.end > r.start
                        && !text[..r.start]
                            .chars()
                            .next_back()
                            .is_some_and(is_word_char)
                        && !text[r.end..].chars().next().is_some_and(is_word_char)
                })
                .max_by_key(|r| r.end);
            if let Some(range) = longest {
                after = range.end;
                found.push(range);
            }
        }
        found
    }

    #[test]
    fn searching_at_words_and_everywhere_find_what_the_slow_search_does() {
        let words = [
            "whānau",
            "Whanau",
            "wha\u{304}nau",
            "WHĀNAU",
            "whānaunga",
            "te",
            "Te",
            "reo",
            "Reo",
            "Māori",
            "maori",
            "xte",
            "kai",
            "KAI",
            "kaimahi",
            "ora",
            "oranga",
            "covid",
            "COVID-19",
            "āta",
            "ata",
            "ß",
            "İ",
            "é",
            "a",
            "1",
            "×",
            "¶",
            "hoko",
            "kai-",
            "’s",
            "o’",
            "ā",
            "Straße",
            "STRASSE",
            "#hoko",
            "ψυχή",
            "Ψυχή ora",
            "ΨΥΧΉ ORA",
            "ψυχη ora",
            "ψυ\u{3c7}\u{301}",
            "ΟΔΥΣΣΕΥΣ",
            "WHĀNAU ORA",
            "#",
        ];
        let gaps = [" ", ", ", "-", "", "\n", "’", "\u{A0}", ". ", "×", "'"];
        let terms = "whānau: {lang: mi, meaning: family}\nte reo Māori: {lang: mi, meaning: the language, accept: [te reo]}\nreo: {lang: mi, meaning: voice}\nkai: {lang: mi, meaning: food}\nwhānau ora: {lang: mi, meaning: a way of working}\nCOVID-19: {lang: en, meaning: a disease}\nāta: {lang: mi, meaning: carefully}\nkai-hoko: {lang: mi, meaning: seller}\nte: {lang: mi, meaning: the}\n";
        // The plain glossary; one with a term whose folded form is not ASCII; one with a
        // term starting with no letter (searched everywhere); one in another script.
        for extra in [
            "",
            "straße: {lang: de, meaning: street}\n",
            "\"#hoko\": {lang: mi, meaning: a tag}\n",
            "ψυχή ora: {lang: el, meaning: soul}\n",
        ] {
            let g = glossary(&format!("{extra}{terms}"));
            let mut everywhere = g.clone();
            everywhere.first_words = None;
            // A fixed sequence of pseudo-random texts (a linear congruential generator).
            let mut state: u64 = 7;
            let mut next = |n: usize| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 33) as usize % n
            };
            for _ in 0..3000 {
                let mut text = String::new();
                for _ in 0..next(10) {
                    text.push_str(words[next(words.len())]);
                    text.push_str(gaps[next(gaps.len())]);
                }
                let expected = found_slowly(&g, &text);
                if text.is_ascii() {
                    let mut words = Vec::new();
                    crate::support::text::ascii_word_ranges(text.as_bytes(), &mut words);
                    for search in [&g, &everywhere] {
                        assert_eq!(search.find_among(&text, &words), search.find(&text));
                    }
                }
                for search in [&g, &everywhere] {
                    let found = search.find(&text);
                    for f in &found {
                        let written = nfc(&text[f.range.clone()]).to_lowercase();
                        let term = &g.terms[f.term];
                        let exact = written == term.lowercase || term.accept.contains(&written);
                        assert_eq!(f.exact, exact, "{extra:?} {text:?} {f:?}");
                    }
                    let found: Vec<_> = found.into_iter().map(|f| f.range).collect();
                    assert_eq!(found, expected, "{extra:?} {text:?}");
                }
            }
        }
        let g = glossary(terms);
        let marked = |text: &str| -> Vec<String> {
            g.find(text)
                .iter()
                .map(|f| text[f.range.clone()].to_string())
                .collect()
        };
        // A match that is no whole word hides neither a term inside it nor a shorter one
        // starting with it; `×` and `¶` (`x` and `p` in ASCII) are no letters.
        assert_eq!(marked("xte reo, and te reo"), ["reo", "te reo"]);
        assert_eq!(marked("whānau oranga, kai-hokona"), ["whānau", "kai"]);
        assert_eq!(marked("kai×2, ¶whānau"), ["kai", "whānau"]);
    }

    #[test]
    fn finding_is_case_insensitive_whole_word_and_tells_missing_macrons() {
        let g = glossary(
            "whānau: {lang: mi, meaning: family}\nMāori: {lang: mi, meaning: people, accept: [maaori]}\nte reo Māori: {lang: mi, meaning: the language}\n",
        );
        let text = "Whānau and whanau, not whānaunga; Maori, MĀORI, maaori and te reo Māori.";
        let found: Vec<(&str, bool)> = g
            .find(text)
            .iter()
            .map(|f| (&text[f.range.clone()], f.exact))
            .collect();
        assert_eq!(
            found,
            [
                ("Whānau", true),
                ("whanau", false),
                ("Maori", false),
                ("MĀORI", true),
                ("maaori", true),
                ("te reo Māori", true),
            ]
        );
    }

    #[test]
    fn written_words_are_compared_as_their_nfc_lowercase() {
        let spellings = [
            "whānau",
            "whanau",
            "ψυχή",
            "οδυσσευς",
            "οδυσσεuς",
            "straße",
            "i\u{307}stanbul",
        ];
        let written = [
            "Whānau",
            "WHĀNAU",
            "Wha\u{304}nau",
            "whanau",
            "whānau\u{304}",
            "ΨΥΧΉ",
            "ψυχη\u{301}",
            "ΟΔΥΣΣΕΥΣ",
            "ΟΔΥΣΣΕΥσ",
            "Οδυσσευς",
            "STRASSE",
            "Straße",
            "İstanbul",
            "",
        ];
        for w in written {
            for lowercase in spellings {
                for accept in [&[][..], &spellings[..]] {
                    let accept: Vec<String> = accept.iter().map(|a| a.to_string()).collect();
                    let slow = nfc(w).to_lowercase();
                    let expected = slow == lowercase || accept.contains(&slow);
                    assert_eq!(
                        written_as(w, lowercase, &accept),
                        expected,
                        "{w:?} {lowercase:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn folded_bytes_map_back_to_the_characters_they_came_from() {
        // Composed and combining macrons, a capital deunicode makes plain, a character it
        // spells with two letters (so kept, lowercased).
        let text = "Whānau a\u{304}ta İstanbul ß Māori";
        let folded = fold(text);
        assert_eq!(folded.text, "whanau ata istanbul ß maori");
        let mut expected = Vec::new();
        for (at, c) in text.char_indices() {
            let width = if c == '\u{304}' {
                0
            } else if c.is_ascii() {
                1
            } else {
                let plain = deunicode::deunicode_char(c)
                    .filter(|s| s.len() == 1 && s.chars().all(|p| p.is_ascii_alphabetic()));
                plain.map_or_else(|| c.to_lowercase().map(char::len_utf8).sum(), str::len)
            };
            expected.extend(std::iter::repeat_n(at, width));
        }
        for (at, origin) in expected.iter().enumerate() {
            assert_eq!(folded.origin(at), *origin, "byte {at}");
        }
        assert_eq!(folded.origin(folded.text.len()), text.len());
        let found: Vec<&str> = glossary("whānau: {lang: mi, meaning: f}\nāta: {lang: mi, meaning: t}\nMāori: {lang: mi, meaning: p}\n")
            .find(text)
            .iter()
            .map(|f| &text[f.range.clone()])
            .collect();
        assert_eq!(found, ["Whānau", "a\u{304}ta", "Māori"]);
    }

    #[test]
    fn terms_with_one_id_are_an_error_at_the_second_naming_the_first() {
        let errors = parse(
            Path::new("g.yaml"),
            "whānau: {lang: mi, meaning: family}\nkai: {lang: mi, meaning: food}\nWhānau: {lang: mi, meaning: Family}\nwhanau: {lang: mi, meaning: f}\nWha\u{304}nau: {lang: mi, meaning: f}\nKAI: {lang: mi, meaning: food}\n",
        )
        .err()
        .unwrap_or_default();
        let found: Vec<(usize, &str)> = errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    3,
                    "the term `Whānau` is the term `whānau` of line 1 again (both would be #term-whanau on the glossary page)"
                ),
                (
                    4,
                    "the term `whanau` is the term `whānau` of line 1 again (both would be #term-whanau on the glossary page)"
                ),
                (
                    5,
                    "the term `Whānau` is the term `whānau` of line 1 again (both would be #term-whanau on the glossary page)"
                ),
                (
                    6,
                    "the term `KAI` is the term `kai` of line 2 again (both would be #term-kai on the glossary page)"
                ),
            ],
            "{errors:?}"
        );
    }

    #[test]
    fn bad_terms_are_errors_at_their_line() {
        let errors = parse(
            Path::new("g.yaml"),
            "whānau: {lang: mi, meaning: family}\nkai: {lang: maori, meaning: food}\nmana: {lang: mi}\n",
        )
        .err()
        .unwrap_or_default();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3], "{errors:?}");
    }

    #[test]
    fn a_bad_language_is_an_error_at_its_own_line_and_column() {
        // It was shown at the term's line, a line above the `lang:` that was wrong.
        let errors = parse(
            Path::new("g.yaml"),
            "# Terms\nwhānau:\n  meaning: family\n  lang: maori\naroha:\n  lang: mi\n  meaning: love\nkai: {meaning: food, lang: x_y}\n",
        )
        .err()
        .unwrap_or_default();
        let places: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(places, [(4, 9), (8, 28)], "{errors:?}");
        assert!(
            errors[0].message.starts_with("the term `whānau`: "),
            "{errors:?}"
        );
    }
}
