//! Sentence case for `.bib` titles, which are stored in title case by convention while APA
//! (and CSL) want sentence case: converted the way Pandoc converts them, with two
//! corrections the APA manual asks for (below).
//!
//! A word that is simply capitalised ("Anxiety") is lowercased, unless it starts the title
//! or a new sentence or subtitle (after `:`, `?`, `!` or `.`, but not the full stop of an
//! abbreviation such as "spp." or "e.g.": [`ABBREVIATIONS`]), where a lowercase first letter
//! is capitalised instead ("performance: an R package" → "Performance: An R package").
//! Words with other capitals (`DNA`, `iPhone`, `McDonald`), words with digits, and anything
//! in braces (`{M}āori`, `{New Zealand}`) keep their case. Parts of hyphenated words and words
//! after dashes count as words of their own ("face-to-face").
//!
//! Where this differs from Pandoc: a one-letter capital stays ("I", the language "R",
//! "B-ERS", "Vitamin A"): APA 7 (6.17) keeps proper nouns and abbreviations capitalised,
//! and a one-letter capital in a title-case title is almost always one. The exception is
//! the article "A" of a title written in Title Case: an "A" followed by a capitalised word
//! ("As A Treatment") is lowercased, unless a word before it names it ("Vitamin A
//! Deficiency", "Type A": [`NAMES_A_LETTER`]) or it follows another one-letter capital.
//! So do the proper nouns of
//! Aotearoa and the Pacific that the works health sites here cite are full of ("Māori",
//! "New Zealand", "Te Tiriti", "Pasifika": [`PROPER_NOUNS`]), which Pandoc lowercases
//! unless the file braces them ("Growing up in new zealand"). APA 6.17 also starts a
//! subtitle after an em dash: the word after a title's one em dash keeps the case it is
//! written in ("Worry Scale—Revised", "Grief—and how"; a pair of em dashes sets off words
//! inside a sentence: "find—and keep—love"). And the full stops of an initialism ("U.S.",
//! "N.Z.") end no sentence. Pandoc lowercases the word after the em dash and capitalises the
//! word after an initialism.

use super::latex::{Rich, Run};

/// Words that are proper nouns wherever a title holds them, so sentence case keeps their
/// capital without braces: peoples, languages and places of Aotearoa and the Pacific.
/// Words that are also everyday words ("Kai", "Moana", "Islands") are left out.
const PROPER_NOUNS: &[&str] = &[
    "Aotearoa",
    "Australasia",
    "Australasian",
    "Australia",
    "Australian",
    "Australians",
    "Fijian",
    "Kiribati",
    "Maori",
    "Moriori",
    "Māori",
    "Niuean",
    "Pacific",
    "Pakeha",
    "Pasifika",
    "Polynesian",
    "Pākehā",
    "Samoan",
    "Tiriti",
    "Tokelauan",
    "Tongan",
    "Tuvaluan",
    "Waitangi",
    "Zealand",
    "Zealander",
    "Zealanders",
];

/// The capitalised word a proper noun above takes with it when written just before it:
/// "New Zealand", "Te Tiriti".
fn proper_noun_head(word: &str) -> Option<&'static str> {
    match word {
        "Zealand" | "Zealander" | "Zealanders" => Some("New"),
        "Tiriti" => Some("Te"),
        _ => None,
    }
}

/// Words a capital letter after them names ("Vitamin A", "Hepatitis A", "Type A", "Plan A",
/// "Part A"): an "A" after one is no article. hayagriva's title case
/// (`vendor/hayagriva/src/lang/en.rs`, `NAMES_A_LETTER`) keeps the same list.
const NAMES_A_LETTER: &[&str] = &[
    "Antigen",
    "Appendix",
    "Arm",
    "Block",
    "Category",
    "Class",
    "Coenzyme",
    "Cohort",
    "Complex",
    "Component",
    "Condition",
    "Domain",
    "Exhibit",
    "Experiment",
    "Factor",
    "Figure",
    "Form",
    "Grade",
    "Group",
    "Haemophilia",
    "Hemophilia",
    "Hepatitis",
    "Immunoglobulin",
    "Influenza",
    "Kinase",
    "Level",
    "Model",
    "Module",
    "Option",
    "Panel",
    "Part",
    "Phase",
    "Plan",
    "Protein",
    "Receptor",
    "Region",
    "Round",
    "Sample",
    "Scenario",
    "Schedule",
    "Section",
    "Series",
    "Serotype",
    "Site",
    "Stage",
    "Step",
    "Strain",
    "Streptococcal",
    "Streptococcus",
    "Study",
    "Subtype",
    "Table",
    "Tier",
    "Toxin",
    "Trial",
    "Type",
    "Unit",
    "Version",
    "Vitamin",
    "Ward",
    "Wave",
    "Zone",
];

pub fn sentence_case(text: &Rich) -> Rich {
    let mut out = Rich::default();
    // One em dash starts a subtitle (APA 6.17); two or more set off words inside a sentence.
    let em_dashes: usize = text
        .runs
        .iter()
        .filter(|run| !run.nocase)
        .map(|run| run.text.matches('—').count())
        .sum();
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
        let mut converted = Converted {
            text: String::with_capacity(run.text.len()),
            previous: PreviousWord::default(),
            after_em_dash: false,
        };
        let mut word = String::new();
        let mut continuing = in_word;
        for c in run.text.chars() {
            if c.is_alphanumeric() || ((c == '\'' || c == '’') && !word.is_empty()) {
                word.push(c);
                // A full stop inside a word or number ("4.0", "2.5") ends no sentence.
                after_stop = false;
                continue;
            }
            converted.flush(&mut word, &mut at_start, continuing);
            if !c.is_whitespace() {
                // "New" counts as the head of "Zealand" only with a space between.
                converted.previous = PreviousWord::default();
            }
            continuing = false;
            if after_stop && c.is_whitespace() {
                at_start = true;
            }
            if c == '—' && em_dashes == 1 {
                converted.after_em_dash = true;
            }
            after_stop = matches!(c, ':' | '?' | '!')
                || (c == '.'
                    && !ends_in_abbreviation(&converted.text)
                    && !ends_in_initialism(&converted.text));
            converted.text.push(c);
        }
        in_word = !word.is_empty();
        converted.flush(&mut word, &mut at_start, continuing);
        out.runs.push(Run {
            text: converted.text,
            format: run.format,
            nocase: false,
        });
    }
    out
}

/// Abbreviations whose full stop ends no sentence in a title, compared without case: a
/// species' "spp." and "var." ("Castanea spp. for use in orchards"), "e.g.", "i.e.", "vs.",
/// "cf.", "ca." and "approx.", and "et al.". Titles seldom hold two sentences, and the word
/// after one of these goes on in lowercase. "St." and "Dr." are left out: a proper noun
/// follows them, and only a sentence's start keeps its capital.
const ABBREVIATIONS: &[&str] = &[
    "approx", "ca", "cf", "e.g", "i.e", "sp", "spp", "ssp", "subsp", "var", "vs",
];

/// Whether `text` (converted so far, the full stop not yet written) ends in one of
/// [`ABBREVIATIONS`], or in "et al". Only its last few characters are read: this runs at every
/// full stop of a title, and reading back to the start of its last word (`x.x.x.…`), or
/// copying all before it, made a long title's conversion quadratic.
fn ends_in_abbreviation(text: &str) -> bool {
    let longest = ABBREVIATIONS.iter().map(|a| a.len()).max().unwrap_or(0);
    let mut start = text.len();
    for (at, c) in text.char_indices().rev().take(longest + 1) {
        if !(c.is_alphanumeric() || c == '.') {
            break;
        }
        start = at;
    }
    let word = &text[start..];
    let before = &text.as_bytes()[..start];
    ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a))
        || (word.eq_ignore_ascii_case("al")
            && before.len() >= 3
            && before[before.len() - 3..].eq_ignore_ascii_case(b"et ")
            // "et" a word of its own: not the end of "Alphabet".
            && text[..start - 3]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric()))
}

/// Whether `text` (converted so far, the full stop not yet written) ends in an initialism's
/// capitals and full stops, "U.S" of "U.S.", "N.Z", "U.S.A": their last full stop ends no
/// sentence ("in the U.S. and New Zealand"). A capital alone ("Vitamin A.") may end one.
/// Only the last few characters are read, as in [`ends_in_abbreviation`].
fn ends_in_initialism(text: &str) -> bool {
    // Up to six letters with their full stops between.
    const LONGEST: usize = 11;
    let mut letters = 0;
    let mut expect_letter = true;
    for c in text.chars().rev().take(LONGEST + 1) {
        if expect_letter && c.is_uppercase() {
            letters += 1;
            expect_letter = false;
        } else if !expect_letter && c == '.' {
            expect_letter = true;
        } else {
            // The initialism's start: no letter or digit may run on into it.
            return letters >= 2 && !expect_letter && !c.is_alphanumeric();
        }
    }
    // Read to the text's start: an initialism there; cut short: something longer.
    letters >= 2 && !expect_letter && text.chars().rev().nth(LONGEST + 1).is_none()
}

/// The last word written into a run's converted text: where it starts there, and how the
/// file wrote it (so "New" can be given its capital back when "Zealand" follows, and an
/// article "A" its lowercase when a capitalised word does).
#[derive(Default)]
struct PreviousWord {
    start: usize,
    written: String,
    /// An "A" inside the title, after no word that names it: the article if a capitalised
    /// word follows.
    maybe_article: bool,
}

/// A run's text converted so far.
struct Converted {
    text: String,
    previous: PreviousWord,
    /// The next word follows a title's one em dash: it keeps the case it is written in.
    after_em_dash: bool,
}

impl Converted {
    /// Writes `word` (emptied) in sentence case.
    fn flush(&mut self, word: &mut String, at_start: &mut bool, continuing: bool) {
        if word.is_empty() {
            return;
        }
        let start = self.text.len();
        if !continuing && self.previous.maybe_article && is_capitalised(word) {
            let at = self.previous.start;
            self.text.replace_range(at..at + 1, "a");
        }
        // Only an "A" between two words is taken for an article: one after punctuation
        // ("Models – A Guide") may start a subtitle, and keeps its capital.
        let maybe_article = !continuing
            && !*at_start
            && word == "A"
            && !self.previous.written.is_empty()
            && !is_one_capital(&self.previous.written)
            && !NAMES_A_LETTER.contains(&self.previous.written.as_str());
        let after_em_dash = std::mem::take(&mut self.after_em_dash);
        if continuing {
            self.text.push_str(word);
        } else if *at_start {
            self.text.push_str(&capitalise_if_lowercase(word));
        } else if after_em_dash || PROPER_NOUNS.contains(&word.as_str()) {
            // After an em dash, a capital starts a subtitle (APA 6.17: "Worry
            // Scale---Revised"), while a title-case title that writes the word lowercase
            // ("Grief---and How We Talk about It") goes on with its sentence there.
            self.text.push_str(word);
        } else {
            self.text.push_str(&lowercase_if_capitalised(word));
        }
        if !continuing
            && let Some(head) = proper_noun_head(word)
            && self.previous.written == head
        {
            let at = self.previous.start;
            self.text.replace_range(at..at + head.len(), head);
        }
        *at_start = false;
        self.previous = PreviousWord {
            start,
            written: std::mem::take(word),
            maybe_article,
        };
    }
}

/// "A", "B": an initial, or a capital a word before it names.
fn is_one_capital(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// "Treatment", "Māori": a capital followed by lowercase letters only.
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().any(char::is_alphabetic)
        && chars.all(|c| !c.is_uppercase() && !c.is_numeric())
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
                "Going to Old Zealand -- and Back",
                "Going to old Zealand – and back",
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
            // An abbreviation's full stop ends no sentence ("Castanea spp. For use" was a
            // Zotero export's title read so); one of another word still does.
            (
                "Castanea spp. For Use in Home Orchards",
                "Castanea spp. for use in home orchards",
            ),
            (
                "Sleep, e.g. Naps, vs. Rest: Smith et al. Revisited",
                "Sleep, e.g. naps, vs. rest: Smith et al. revisited",
            ),
            (
                "Pinus radiata var. Radiata Trials",
                "Pinus radiata var. radiata trials",
            ),
            ("Naps Help. Rest Helps Too", "Naps help. Rest helps too"),
            ("Alphabet al. Dente Pasta", "Alphabet al. Dente pasta"),
        ] {
            assert_eq!(case(input), expected, "{input}");
        }
    }

    /// Proper nouns of Aotearoa and the Pacific keep their capital without braces, as APA
    /// 6.17 asks (Pandoc lowercases them); "New" before "Zealand" and "Te" before "Tiriti"
    /// too, only as the head of the name.
    #[test]
    fn proper_nouns_of_aotearoa_keep_their_capital() {
        for (input, expected) in [
            (
                "Growing Up in New Zealand: Antenatal Cohort Data",
                "Growing up in New Zealand: Antenatal cohort data",
            ),
            (
                "Māori Social Identities in New Zealand and {Hawai}'i",
                "Māori social identities in New Zealand and Hawai'i",
            ),
            (
                "Caring for M{\\=a}ori Wh{\\=a}nau in Aotearoa",
                "Caring for Māori whānau in Aotearoa",
            ),
            (
                "Honouring Te Tiriti o Waitangi in Pacific and Pasifika Health",
                "Honouring Te Tiriti o Waitangi in Pacific and Pasifika health",
            ),
            (
                "A New Start for New Zealanders, Pakeha and Tongan Families",
                "A new start for New Zealanders, Pakeha and Tongan families",
            ),
            // "New" is the head only when it comes straight before: not across a comma.
            ("What Is New, Zealand?", "What is new, Zealand?"),
        ] {
            assert_eq!(case(input), expected, "{input}");
        }
    }

    /// The article "A" of a title written in Title Case is lowercased; a capital "A" that a
    /// word before it names, at the end, before punctuation or after an initial stays.
    #[test]
    fn the_article_a_is_lowercased_but_a_named_letter_stays() {
        for (input, expected) in [
            (
                "Mindfulness As A Treatment For Anxiety In Young People",
                "Mindfulness as a treatment for anxiety in young people",
            ),
            (
                "Living With A Chronic Illness: A Guide For Whānau",
                "Living with a chronic illness: A guide for whānau",
            ),
            ("Towards A Māori Model", "Towards a Māori model"),
            (
                "Vitamin A Deficiency and Hepatitis A Infection",
                "Vitamin A deficiency and hepatitis A infection",
            ),
            (
                "A Type A Personality and Plan A",
                "A type A personality and plan A",
            ),
            ("Part A Of The Survey", "Part A of the survey"),
            (
                "Immunoglobulin A Nephropathy and Botulinum Toxin A Injections",
                "Immunoglobulin A nephropathy and botulinum toxin A injections",
            ),
            ("Results for Group A", "Results for group A"),
            ("a Type A personality", "A type A personality"),
            (
                "Physics A: Mathematical Methods",
                "Physics A: Mathematical methods",
            ),
            ("The B A Scale", "The B A scale"),
            ("Grade A-Level Results", "Grade A-level results"),
            ("Models -- A Guide", "Models – A guide"),
            ("Sleep, A Study", "Sleep, A study"),
            ("Living with A {DNA} Test", "Living with A DNA test"),
        ] {
            assert_eq!(case(input), expected, "{input}");
        }
    }

    /// An initialism's full stops end no sentence; a full stop after one capital, or after
    /// an ordinary word, still may.
    #[test]
    fn an_initialisms_full_stop_ends_no_sentence() {
        for (input, expected) in [
            (
                "Youth Mental Health in The U.S. And New Zealand",
                "Youth mental health in the U.S. and New Zealand",
            ),
            (
                "Services in the U.K. And {Ireland}",
                "Services in the U.K. and Ireland",
            ),
            ("N.Z. Data And U.S.A. Data", "N.Z. data and U.S.A. data"),
            ("Take Vitamin A. Then Rest", "Take vitamin A. Then rest"),
            ("Naps Help. Rest Helps Too", "Naps help. Rest helps too"),
        ] {
            assert_eq!(case(input), expected, "{input}");
        }
        for text in [
            "U.S",
            "in the U.S",
            "xU.S",
            "U.S.A",
            "A",
            "e.g",
            "A.B.C.D.E.F.G",
        ] {
            let expected = matches!(text, "U.S" | "in the U.S" | "U.S.A");
            assert_eq!(ends_in_initialism(text), expected, "{text}");
        }
    }

    /// APA 6.17: the first word after an em dash keeps its capital, when the title has one
    /// em dash (a pair sets off words inside a sentence); written lowercase, it continues the
    /// sentence. An en dash starts nothing.
    #[test]
    fn one_em_dash_starts_a_subtitle() {
        for (input, expected) in [
            (
                "The Children's Worry Scale---Revised",
                "The children's worry scale—Revised",
            ),
            (
                "Worry in Children --- A Review",
                "Worry in children — A review",
            ),
            (
                "Grief---and How We Talk about It",
                "Grief—and how we talk about it",
            ),
            (
                "How It Can Help You Find---and Keep---Love",
                "How it can help you find—and keep—love",
            ),
            (
                "Going to Old Zealand -- and Back",
                "Going to old Zealand – and back",
            ),
        ] {
            assert_eq!(case(input), expected, "{input}");
        }
    }

    #[test]
    fn abbreviations_are_found_from_the_last_few_characters_as_from_the_whole_text() {
        // What the whole text said (read back to the start of its last word, and all before
        // it lowercased), for every ending of these.
        let whole = |text: &str| {
            let start = text
                .char_indices()
                .rev()
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '.'))
                .map_or(0, |(at, c)| at + c.len_utf8());
            let word = &text[start..];
            ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a))
                || (word.eq_ignore_ascii_case("al")
                    && text[..start].to_ascii_lowercase().ends_with("et ")
                    && !text[..start - 3].ends_with(char::is_alphanumeric))
        };
        for text in [
            "Castanea spp",
            "spp",
            "xspp",
            "Pinus approx",
            "Pinus xapprox",
            "Smith Et Al",
            "Smith et al",
            "et al",
            "Bet al",
            "Māori et al",
            "wellbeing e.g",
            "e.g.e.g",
            "ī.e",
            "subsp. var",
            "x.x.x.x.x.x.x.x.x",
            "2.5 of the Tool",
        ] {
            for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let head = &text[..at];
                assert_eq!(ends_in_abbreviation(head), whole(head), "{head:?}");
            }
        }
    }
}
