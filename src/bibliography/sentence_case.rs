//! Sentence case for `.bib` titles, which are stored in title case by convention while APA
//! (and CSL) want sentence case: converted the way Pandoc converts them, with two
//! corrections the APA manual asks for (below).
//!
//! A word that is simply capitalised ("Anxiety") is lowercased, unless it starts the title
//! or a new sentence or subtitle (after `:`, `?`, `!` or `.`), where a lowercase first letter
//! is capitalised instead ("performance: an R package" → "Performance: An R package").
//! Words with other capitals (`DNA`, `iPhone`, `McDonald`), words with digits, and anything
//! in braces (`{M}āori`, `{New Zealand}`) keep their case. Parts of hyphenated words and words
//! after dashes count as words of their own ("face-to-face").
//!
//! Where this differs from Pandoc: a one-letter capital stays ("I", the language "R",
//! "B-ERS"): APA 7 (6.17) keeps proper nouns and abbreviations capitalised, and a
//! one-letter capital in a title-case title is almost always one.

use super::latex::{Rich, Run};

pub fn sentence_case(text: &Rich) -> Rich {
    let mut out = Rich::default();
    // Whether the next word starts the title or a sentence or subtitle.
    let mut at_start = true;
    // The last character seen ended a sentence (`:`, `?`, `!`, `.`); a space must follow.
    let mut after_stop = false;
    // Whether the previous run ended inside a word (so this run's first letters continue it).
    let mut in_word = false;
    for run in &text.runs {
        if run.nocase {
            out.push(&run.text, run.format, true);
            if run.text.chars().any(char::is_alphanumeric) {
                at_start = false;
            }
            after_stop = false;
            in_word = run.text.chars().last().is_some_and(char::is_alphanumeric);
            continue;
        }
        let mut converted = String::with_capacity(run.text.len());
        let mut word = String::new();
        let mut continuing = in_word;
        for c in run.text.chars() {
            if c.is_alphanumeric() || ((c == '\'' || c == '’') && !word.is_empty()) {
                word.push(c);
                // A full stop inside a word or number ("4.0", "2.5") ends no sentence.
                after_stop = false;
                continue;
            }
            flush(&mut word, &mut converted, &mut at_start, continuing);
            continuing = false;
            if after_stop && c.is_whitespace() {
                at_start = true;
            }
            after_stop = matches!(c, ':' | '?' | '!' | '.');
            converted.push(c);
        }
        in_word = !word.is_empty();
        flush(&mut word, &mut converted, &mut at_start, continuing);
        out.runs.push(Run {
            text: converted,
            format: run.format,
            nocase: false,
        });
    }
    out
}

fn flush(word: &mut String, converted: &mut String, at_start: &mut bool, continuing: bool) {
    if word.is_empty() {
        return;
    }
    if continuing {
        converted.push_str(word);
    } else if *at_start {
        converted.push_str(&capitalise_if_lowercase(word));
    } else {
        converted.push_str(&lowercase_if_capitalised(word));
    }
    *at_start = false;
    word.clear();
}

/// "Anxiety" → "anxiety"; "II", "DNA", "McDonald", "I", "R" and "3rd" stay as they are.
fn lowercase_if_capitalised(word: &str) -> String {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest: Vec<char> = chars.collect();
    let simple = first.is_uppercase()
        && rest.iter().any(|c| c.is_alphabetic())
        && rest.iter().all(|c| !c.is_uppercase() && !c.is_numeric());
    if simple {
        word.to_lowercase()
    } else {
        word.to_string()
    }
}

/// "performance" → "Performance" at the start of a title or subtitle; "iPhone" stays.
fn capitalise_if_lowercase(word: &str) -> String {
    if !word.chars().all(|c| !c.is_uppercase()) || word.chars().any(char::is_numeric) {
        return word.to_string();
    }
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::latex::decode;
    use super::*;

    fn case(title: &str) -> String {
        sentence_case(&decode(title)).plain()
    }

    #[test]
    fn like_pandoc() {
        for (input, expected) in [
            (
                "Attachment and Loss: Volume {II}: Separation, Anxiety and Anger",
                "Attachment and loss: Volume II: Separation, anxiety and anger",
            ),
            (
                "Whaiora: {M}āori Health Development",
                "Whaiora: Māori health development",
            ),
            (
                "{iPhone} Use and Sleep: A {U.S.} Study",
                "iPhone use and sleep: A U.S. study",
            ),
            (
                "How It Can Help You Find—and Keep—Love",
                "How it can help you find—and keep—love",
            ),
            (
                "Contradictory Messages in Face-to-Face Interaction",
                "Contradictory messages in face-to-face interaction",
            ),
            (
                "The Infant's Response: Is It {DNA}? Yes",
                "The infant's response: Is it DNA? Yes",
            ),
            (
                "Interoception: the sense of the body",
                "Interoception: The sense of the body",
            ),
            (
                "Why Not? a Study of Things! also Here.",
                "Why not? A study of things! Also here.",
            ),
            ("performance: An R Package", "Performance: An R package"),
            ("The {B-ERS} and the B-ERS", "The B-ERS and the B-ERS"),
            (
                "Going to New Zealand -- and Back",
                "Going to new zealand – and back",
            ),
            ("Measuring $R^2$ Values", "Measuring R2 values"),
            // A full stop inside a number ends no sentence (Better BibLaTeX's "Industry 4.0
            // in Construction" was "Industry 4.0 In construction").
            (
                "{{Industry}} 4.0 in {{Construction}}",
                "Industry 4.0 in Construction",
            ),
            (
                "Version 2.5 of the Tool. And Then",
                "Version 2.5 of the tool. And then",
            ),
        ] {
            assert_eq!(case(input), expected, "{input}");
        }
    }
}
