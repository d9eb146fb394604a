//! BibTeX name lists (`author = {van der Kolk, Bessel A. and {World Health Organization}}`),
//! split and parsed the way BibTeX and biber do: names are separated by `and` outside
//! braces; a name is `First von Last`, `von Last, First` or `von Last, Jr, First`; the `von`
//! part (particles) is the lowercase words; a name in braces is an organisation, printed as
//! written. biblatex's `family=…, given=…` form is read too. Unlike BibTeX, a name written
//! without a comma that is evidently an organisation (`Ministry of Health`, see
//! [`organisation_clue`]) is printed as written too, and the reader says so in a warning.

use super::latex;

/// One person or organisation, decoded to plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Name {
    pub family: String,
    pub given: Option<String>,
    /// "van", "de la": printed before the family name only when `useprefix` is on (biblatex's
    /// default is off, which prints "Kolk, B. A. van der").
    pub particle: Option<String>,
    pub suffix: Option<String>,
    /// An organisation, or anything else to print exactly as written.
    pub literal: Option<String>,
    /// The name's own `useprefix=` (biblatex's extended name format).
    pub useprefix: Option<bool>,
    /// "and others": the list goes on (printed as "et al.").
    pub others: bool,
    /// A name written without a comma and without braces that reads as an organisation
    /// (`Ministry of Health`): why (the word that gave it away). It is printed as written, as
    /// `{{Ministry of Health}}` would be, and the reader is warned.
    pub taken_as_organisation: Option<String>,
}

/// The names of a field such as `author` (its raw LaTeX text, macros already put in).
pub fn parse_list(raw: &str) -> Vec<Name> {
    split_top_level(raw, |words, i| words[i].eq_ignore_ascii_case("and"))
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .map(|part| parse_name(part.trim()))
        .collect()
}

/// Splits `raw` at words (outside braces) that `is_separator` picks; the separators are
/// dropped.
fn split_top_level(raw: &str, is_separator: impl Fn(&[&str], usize) -> bool) -> Vec<String> {
    let words = words(raw);
    let texts: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
    let mut parts = vec![String::new()];
    for index in 0..texts.len() {
        if is_separator(&texts, index) {
            parts.push(String::new());
            continue;
        }
        if let Some(last) = parts.last_mut() {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(texts[index]);
        }
    }
    parts
}

/// Words separated by whitespace (or `~`) outside braces; braces stay in the words.
fn words(raw: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut escaped = false;
    for c in raw.chars() {
        if escaped {
            current.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                current.push(c);
            }
            '{' => {
                depth += 1;
                current.push(c);
            }
            '}' => {
                depth = depth.saturating_sub(1);
                current.push(c);
            }
            c if depth == 0 && (c.is_whitespace() || c == '~') => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Splits at commas outside braces.
fn comma_parts(raw: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0usize;
    let mut escaped = false;
    for c in raw.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '{' {
            depth += 1;
        } else if c == '}' {
            depth = depth.saturating_sub(1);
        } else if c == ',' && depth == 0 {
            parts.push(String::new());
            continue;
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts.into_iter().map(|p| p.trim().to_string()).collect()
}

/// Whether a name stands for the rest of a list cut short: BibTeX's `others`; "et al.", as
/// Crossref's BibTeX (doi.org) ends a long list ("and et al.", which Pandoc prints as a
/// person, "al., et.") and EndNote's RIS does; or "al, et", as Zotero's export of EndNote data
/// turns it round into a name (Pandoc: "al, et"). Any case, `~` for the space.
pub fn is_et_al(raw: &str) -> bool {
    let et_al = raw.replace('~', " ").to_lowercase();
    let turned = et_al.split_once(',').is_some_and(|(family, given)| {
        matches!(family.trim(), "al" | "al.") && matches!(given.trim(), "et" | "et.")
    });
    matches!(et_al.trim(), "others" | "et al." | "et al") || turned
}

/// One name of a list: `others`, an organisation in braces, the extended form, or one of
/// BibTeX's three forms (`First von Last`, `von Last, First`, `von Last, Jr, First`).
fn parse_name(raw: &str) -> Name {
    if is_et_al(raw) {
        return Name {
            others: true,
            ..Name::default()
        };
    }
    if let Some(literal) = whole_braced(raw) {
        return Name {
            literal: Some(decoded_text(literal)),
            ..Name::default()
        };
    }
    let parts = comma_parts(raw);
    if parts.len() > 1 && parts.iter().all(|p| p.contains('=')) && is_extended(&parts) {
        return parse_extended(&parts);
    }
    let (von_last, suffix, first) = match parts.as_slice() {
        [one] => {
            return match organisation_clue(&words(one)) {
                Some(clue) => Name {
                    literal: Some(decoded_text(one)),
                    taken_as_organisation: Some(clue),
                    ..Name::default()
                },
                None => first_von_last(one),
            };
        }
        [von_last, first] => (von_last.as_str(), None, first.as_str()),
        // `Smith, John, Jr`, the order of RIS and of most people, where BibTeX's is `Smith,
        // Jr, John` (BibTeX and Pandoc print "Smith, J., John").
        [von_last, first, suffix, ..] if is_suffix(suffix) && !is_suffix(first) => {
            (von_last.as_str(), Some(suffix.as_str()), first.as_str())
        }
        [von_last, suffix, first, ..] => (von_last.as_str(), Some(suffix.as_str()), first.as_str()),
        [] => ("", None, ""),
    };
    let von_last = words(von_last);
    // "von Last": the particle runs from the first word, while it is lowercase, up to the
    // last lowercase word; at least one word stays in the family name.
    let mut von_end = 0;
    if von_last.first().is_some_and(|w| is_lowercase_word(w)) {
        for (index, word) in von_last
            .iter()
            .enumerate()
            .take(von_last.len().saturating_sub(1))
        {
            if is_lowercase_word(word) {
                von_end = index + 1;
            }
        }
    }
    name_from_parts(
        &von_last[..von_end],
        &von_last[von_end..],
        &words(first),
        suffix,
    )
}

/// Words that name an organisation, not a person (compared without case, and without the
/// punctuation around them): a name written without a comma that has one of them is taken as
/// an organisation. Surnames that are also such words ("Service", "Court", "Press") are left
/// out; te reo Māori words are written with and without macrons.
const ORGANISATION_WORDS: &[&str] = &[
    "agency",
    // "Agriculture Victoria" (a state department's own name), "Education Counts" (the
    // Ministry of Education's statistics site): no person is named either word.
    "agriculture",
    "alliance",
    "aotearoa",
    "association",
    // Australian organisations ("Chestnuts Australia", "Australian Interstate Quarantine"),
    // as Zealand and NZ are there for New Zealand's.
    "australia",
    "australian",
    "authority",
    "board",
    "bureau",
    "center",
    "centre",
    "clinic",
    "coalition",
    "collaboration",
    "college",
    "commission",
    "committee",
    "company",
    "consortium",
    "corporation",
    "council",
    "department",
    "directorate",
    "district",
    "education",
    "federation",
    "foundation",
    "government",
    "group",
    "hauora",
    "health",
    "hospital",
    "inc",
    "initiative",
    "institute",
    "institution",
    "international",
    "kahui",
    "kāhui",
    "kaunihera",
    "laboratory",
    "library",
    "limited",
    "llc",
    "ltd",
    "manatu",
    "manatū",
    "ministry",
    "museum",
    "national",
    "network",
    "news",
    "nz",
    "office",
    "ora",
    "organisation",
    "organization",
    "panel",
    "partnership",
    "programme",
    "project",
    "ropu",
    "rōpū",
    "runanga",
    "rūnanga",
    "secretariat",
    "services",
    "society",
    "statistics",
    "stats",
    "taskforce",
    "team",
    "trust",
    "university",
    "wananga",
    "wānanga",
    "world",
    "zealand",
];

/// Words of [`ORGANISATION_WORDS`] that are also given names ("Ora Cohen"): they count only
/// after the first word ("Te Whatu Ora").
const GIVEN_NAMES_TOO: &[&str] = &["ora"];

/// Te reo Māori words that begin the names of organisations and iwi ("Te Pou", "Ngāti
/// Whātua", "Ngāi Tahu"), compared as written (NFC): a name of exactly two words that starts
/// with one is an organisation, not a person whose given name is "Te". Longer names are
/// people's as often ("Te Kani Kingi", "Te Rangi Hiroa"); lowercase "te" is a Dutch particle
/// ("te Velde"), and "Nga" and "Ngai" without macrons are given names and surnames elsewhere
/// ("Nga Nguyen").
const MAORI_LEADING_WORDS: &[&str] = &["Te", "Ngā", "Ngāti", "Ngati", "Ngāi"];

/// Whether `word` (a clue [`organisation_clue`] gave) is one of [`MAORI_LEADING_WORDS`].
pub fn is_maori_leading_word(word: &str) -> bool {
    MAORI_LEADING_WORDS.contains(&crate::support::text::nfc(word).as_str())
}

/// Lowercase words that join the words of an organisation's name ("Ministry of Health") and
/// are never a particle of a person's name.
const JOINING_WORDS: &[&str] = &["of", "for", "the", "&", "\\&"];

/// Whether a name written without a comma (BibTeX's `First von Last`, two words or more) is
/// evidently an organisation, and why: it has a word of [`ORGANISATION_WORDS`], a joining word
/// (`of`, `for`, `the`, `&`) between two others, or a word with a digit; or it is two words
/// and the first is one of [`MAORI_LEADING_WORDS`] ("Te Pou"). `None` for a person ("Mary D.
/// Salter Ainsworth", "Bessel A. van der Kolk", "Jean de La Fontaine", "Ora Cohen").
pub fn organisation_clue(words: &[String]) -> Option<String> {
    if words.len() < 2 {
        return None;
    }
    let last = words.len() - 1;
    words.iter().enumerate().find_map(|(index, raw)| {
        let word = decoded_text(raw);
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        // Macrons may be written as a letter and a combining mark (NFD, as macOS and some
        // copy-and-paste write them): the lists hold the composed letters.
        let lower = crate::support::text::nfc(bare).to_lowercase();
        let clue = (ORGANISATION_WORDS.contains(&lower.as_str())
            && (index > 0 || !GIVEN_NAMES_TOO.contains(&lower.as_str())))
            || (index == 0 && last == 1 && is_maori_leading_word(bare))
            || (index > 0 && index < last && JOINING_WORDS.contains(&raw.as_str()))
            || bare.chars().any(|c| c.is_ascii_digit());
        clue.then(|| bare.to_string())
    })
}

/// Words of [`ORGANISATION_WORDS`] that are given names too ("Ora", "Trust" in Zimbabwe,
/// "Aotearoa", "Kāhui"): not taken as a clue in the given part of a `Family, Given` name.
const GIVEN_PART_NAMES_TOO: &[&str] = &["ora", "trust", "aotearoa", "kahui", "kāhui"];

/// Whether a name written `Family, Given` has a given part no person has, and so is an
/// organisation written as a person, and why (the word that gives it away): Google Scholar's
/// BibTeX and RIS write organisations the wrong way round (`Organization, World Health`,
/// `Health, Ministry of`), and an organisation's name may hold a comma (`Te Whatu Ora, Health
/// New Zealand`). The clue is a capitalised word of the given part from
/// [`ORGANISATION_WORDS`] ("World", "Health", "Ministry", "Manatū", "Zealand") other than those
/// that are given names too ([`GIVEN_PART_NAMES_TOO`]); or a family name of those words
/// after a given part that starts as the names of Māori organisations do and has two words
/// or more (`Ora, Te Whatu`). A family name alone is never a clue, so `Trust, Mary` and
/// `Council, Jane` are people.
pub fn reversed_organisation_clue(family: &str, given: &str) -> Option<String> {
    let given_words: Vec<String> = given.split_whitespace().map(decoded_text).collect();
    let bare = |word: &str| -> String {
        let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric());
        crate::support::text::nfc(trimmed)
    };
    let in_given = given_words.iter().find_map(|word| {
        let word = bare(word);
        let lower = word.to_lowercase();
        // Capitals run together are initials as Web of Science writes them (`Ahmed, NZ`),
        // not New Zealand; "LLC" and "LTD" are no one's initials.
        let initials = (2..=3).contains(&word.len())
            && word.chars().all(|c| c.is_ascii_uppercase())
            && !matches!(word.as_str(), "LLC" | "LTD");
        (word.starts_with(char::is_uppercase)
            && !initials
            && ORGANISATION_WORDS.contains(&lower.as_str())
            && !GIVEN_PART_NAMES_TOO.contains(&lower.as_str()))
        .then_some(word)
    });
    in_given.or_else(|| {
        let family = bare(&decoded_text(family));
        let maori_start = given_words.len() >= 2 && is_maori_leading_word(&bare(&given_words[0]));
        (maori_start && ORGANISATION_WORDS.contains(&family.to_lowercase().as_str()))
            .then_some(family)
    })
}

/// Words that end a company's name (`Acme, LLC`, `Acme Holdings, Pty Ltd`), written after a
/// comma, as [`is_company_suffix`] reads them.
const COMPANY_SUFFIX_WORDS: &[&str] = &[
    "co",
    "corp",
    "inc",
    "incorporated",
    "limited",
    "llc",
    "ltd",
    "plc",
    "pty",
];

/// Whether `given`, the part after a name's comma, is a company's suffix (`LLC`, `Inc.`, `Pty
/// Ltd`): every word one of [`COMPANY_SUFFIX_WORDS`]. Such a name is an organisation written
/// the right way round with a comma, not turned round: "LLC Acme" is no one's name.
pub fn is_company_suffix(given: &str) -> bool {
    let mut words = given.split_whitespace().peekable();
    words.peek().is_some()
        && words.all(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            COMPANY_SUFFIX_WORDS.contains(&bare.to_lowercase().as_str())
        })
}

/// A name of a `.bib` name field written `Family, Given` that reads as an organisation written
/// the wrong way round ([`reversed_organisation_clue`]).
#[derive(Debug, PartialEq, Eq)]
pub struct ReversedOrganisation {
    /// As written in the field: `Organization, World Health`.
    pub written: String,
    /// The part after the comma, which BibTeX reads as the given names: `World Health`.
    pub given: String,
    /// The organisation's name, the given part first, as written (LaTeX and all): `World
    /// Health Organization`; for a company's suffix ([`is_company_suffix`]) the name as
    /// written, comma and all: `Acme, LLC`.
    pub organisation: String,
    /// The word that gave it away.
    pub clue: String,
}

/// The names of a `.bib` name field that read as organisations written the wrong way round,
/// and the field with each in braces the right way round (`{World Health Organization} and
/// others`); `None` when there are none. Such a name is still read as BibTeX reads it, a
/// person: this is for a warning.
pub fn reversed_organisations(raw: &str) -> Option<(Vec<ReversedOrganisation>, String)> {
    rewrite_names(raw, |part| {
        let [family, given] = comma_parts(part).try_into().ok()?;
        if whole_braced(part).is_some() || part.contains('=') {
            return None;
        }
        let clue = reversed_organisation_clue(&family, &given)?;
        let organisation = if is_company_suffix(&given) {
            format!("{family}, {given}")
        } else {
            format!("{given} {family}")
        };
        let rewritten = format!("{{{organisation}}}");
        Some((
            ReversedOrganisation {
                written: part.to_string(),
                given,
                organisation,
                clue,
            },
            rewritten,
        ))
    })
}

/// The names of a `.bib` name field that `find` picks, each with its rewriting, and the
/// field with those rewritten; `None` when it picks none.
fn rewrite_names<T>(
    raw: &str,
    find: impl Fn(&str) -> Option<(T, String)>,
) -> Option<(Vec<T>, String)> {
    let mut found = Vec::new();
    let mut rewritten = Vec::new();
    for part in split_top_level(raw, |words, i| words[i].eq_ignore_ascii_case("and")) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match find(part) {
            Some((name, written)) => {
                rewritten.push(written);
                found.push(name);
            }
            None => rewritten.push(part.to_string()),
        }
    }
    (!found.is_empty()).then(|| (found, rewritten.join(" and ")))
}

/// A person's name in a `.bib` name field that BibTeX reads otherwise than its writer meant:
/// what was written, how BibTeX reads it, and how to write it.
#[derive(Debug, PartialEq, Eq)]
pub struct MisreadPerson {
    pub written: String,
    /// How the name is read, in words ("the given name \"Jr.\"").
    pub read_as: String,
    /// The name as it should be written.
    pub rewritten: String,
}

/// People in a `.bib` name field written in forms BibTeX misreads, with the field rewritten;
/// `None` when there are none. Each is still read as BibTeX reads it (as Pandoc reads it):
/// this is for a warning.
/// - `Martin Luther King, Jr.`: the suffix after the only comma is read as the given name
///   ("Martin Luther King, J."); BibTeX wants `King, Jr., Martin Luther`.
/// - `SMITH JA`, `Smith JA` (PubMed's and Vancouver's form, no comma): read as the given name
///   "Smith" and the family name "JA" ("JA, S."); `Smith, J. A.` is meant.
/// - `Chen, SH A`: initials run together are read as a given name "SH", whose initial is "S."
///   ("Chen, S. A."); `Chen, S. H. A.` is meant.
pub fn misread_people(raw: &str) -> Option<(Vec<MisreadPerson>, String)> {
    rewrite_names(raw, |part| {
        let misread = misread_person(part)?;
        let rewritten = misread.rewritten.clone();
        Some((misread, rewritten))
    })
}

fn misread_person(part: &str) -> Option<MisreadPerson> {
    if part.contains(['{', '}', '=', '\\']) {
        return None;
    }
    let commas = comma_parts(part);
    let misread = |read_as: String, rewritten: String| MisreadPerson {
        written: part.to_string(),
        read_as,
        rewritten,
    };
    match commas.as_slice() {
        [whole] => {
            misread_without_comma(whole).map(|(read_as, rewritten)| misread(read_as, rewritten))
        }
        [family, given] if is_suffix(given) => {
            let words: Vec<&str> = family.split_whitespace().collect();
            let (last, first) = words.split_last()?;
            if first.is_empty() {
                return None;
            }
            Some(misread(
                format!("the family name \"{family}\" and the given name \"{given}\""),
                format!("{last}, {given}, {}", first.join(" ")),
            ))
        }
        [family, given] if !is_upper_word(family.split_whitespace().last()?) => {
            let words: Vec<&str> = given.split_whitespace().collect();
            let run_together = words.iter().any(|w| w.chars().count() >= 2);
            if words.is_empty()
                || !run_together
                || !words
                    .iter()
                    .all(|w| is_upper_word(w) && w.chars().count() <= 3)
            {
                return None;
            }
            let initials: Vec<String> = words.iter().map(|w| initials_of_capitals(w)).collect();
            let printed: Vec<String> = words
                .iter()
                .filter_map(|w| w.chars().next())
                .map(|c| format!("{c}."))
                .collect();
            Some(misread(
                format!(
                    "the given name \"{given}\", printed \"{}\"",
                    printed.join(" ")
                ),
                format!("{family}, {}", initials.join(" ")),
            ))
        }
        _ => None,
    }
}

/// How BibTeX misreads a name written without a comma, and how to write it: `SMITH JA` and
/// `Smith JA` (PubMed's form) as the family name "JA". `None` for a name with an
/// organisation's clue (`Stats NZ`, `Health NZ`: it is printed as written, and its own
/// warning says to brace it), and for one ending in a generation (`John Smith II`), which
/// is read as meant ("Smith, J., II"), not as initials "I. I.".
fn misread_without_comma(whole: &str) -> Option<(String, String)> {
    if organisation_clue(&words(whole)).is_some() {
        return None;
    }
    let words: Vec<&str> = whole.split_whitespace().collect();
    let (initials, family) = words.split_last()?;
    if is_suffix(initials) {
        // A generation ("John Smith II"), which this reader takes as the suffix it is.
        return None;
    }
    let all_caps = family.iter().all(|w| is_upper_word(w));
    let title_case = family.iter().all(|w| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase())
    });
    let longest = if all_caps { 3 } else { 2 };
    if is_given_then_two_letter_family(&words) {
        return None;
    }
    if family.is_empty()
        || !(all_caps || title_case)
        || !is_upper_word(initials)
        || initials.chars().count() > longest
    {
        return None;
    }
    let family = family.join(" ");
    Some((
        format!("the given name \"{family}\" and the family name \"{initials}\""),
        format!("{family}, {}", initials_of_capitals(initials)),
    ))
}

/// Two-letter family names, common in Chinese, Korean and Vietnamese names, that a `.bib`
/// name written `Given FAMILY` puts in capitals (`Jean LI`, `Wei WU`) as PubMed writes two
/// initials (`Smith JA`). Only those that are rarely a person's initials: `MA` and `HE`,
/// family names too, stay initials, since a missed `Smith MA` prints "MA, S." unwarned.
const TWO_LETTER_FAMILY_NAMES: [&str; 22] = [
    "DU", "FU", "GU", "HU", "JI", "LI", "LU", "LY", "NG", "OH", "OU", "QI", "QU", "SU", "VU", "WU",
    "XI", "XU", "YE", "YI", "YU", "ZU",
];

/// Whether a name written without a comma is `Given FAMILY` with a two-letter family name in
/// capitals (`Jean LI`, `Mai Anh VU`), not PubMed's `Family GI` (`Smith JA`): each word before
/// the last has small letters after a capital only, and the last is one of
/// [`TWO_LETTER_FAMILY_NAMES`]. `J LI` and `SMITH LI` are not: their first words may be initials
/// or a family name in capitals.
pub fn is_given_then_two_letter_family(words: &[&str]) -> bool {
    let Some((last, given)) = words.split_last() else {
        return false;
    };
    !given.is_empty()
        && TWO_LETTER_FAMILY_NAMES.contains(last)
        && given.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.clone().any(char::is_lowercase)
                && chars.all(|c| !c.is_uppercase())
        })
}

/// A word of capital letters only ("JA", "SMITH").
fn is_upper_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
}

/// "JA" → "J. A."
fn initials_of_capitals(word: &str) -> String {
    word.chars()
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A field that `and` split into two names or more, one at least taken as an organisation
/// (`Ministry of Health and Te Whatu Ora`): the names as read, and how to write the field so
/// that BibTeX and Pandoc read it the same.
#[derive(Debug, PartialEq, Eq)]
pub struct SplitList {
    /// Each name as read: its text and whether it was taken as an organisation.
    pub names: Vec<(String, bool)>,
    /// The field with each organisation in braces: `{Ministry of Health} and {Te Whatu Ora}`.
    pub separate: String,
    /// The whole field as one organisation, `{Ministry of Health and Te Whatu Ora}`, when no
    /// name has a comma (a person's `Family, Given`) and the list is not cut short (`others`).
    pub whole: Option<String>,
}

/// [`SplitList`] for a name field's raw text, or `None` when it is one name, or none of its
/// names was taken as an organisation.
pub fn split_list(raw: &str) -> Option<SplitList> {
    let parts: Vec<String> = split_top_level(raw, |words, i| words[i].eq_ignore_ascii_case("and"))
        .into_iter()
        .map(|part| part.trim().to_string())
        .filter(|part| !part.is_empty())
        .collect();
    let names: Vec<Name> = parts.iter().map(|part| parse_name(part)).collect();
    if parts.len() < 2 || names.iter().all(|n| n.taken_as_organisation.is_none()) {
        return None;
    }
    let separate = parts
        .iter()
        .zip(&names)
        .map(|(part, name)| match name.taken_as_organisation {
            Some(_) => format!("{{{part}}}"),
            None => part.clone(),
        })
        .collect::<Vec<_>>()
        .join(" and ");
    let whole = (names.iter().all(|n| !n.others) && parts.iter().all(|p| comma_parts(p).len() < 2))
        .then(|| format!("{{{}}}", parts.join(" and ")));
    let names = names
        .iter()
        .filter(|n| !n.others)
        .map(|n| match &n.literal {
            Some(literal) => (literal.clone(), n.taken_as_organisation.is_some()),
            None => (person_text(n), false),
        })
        .collect();
    Some(SplitList {
        names,
        separate,
        whole,
    })
}

/// A person's name as read, `Family, Given` ("Pou, Te"; "Kolk, Bessel A. van der").
fn person_text(name: &Name) -> String {
    let mut text = name.family.clone();
    if let Some(given) = &name.given {
        text.push_str(", ");
        text.push_str(given);
    }
    if let Some(particle) = &name.particle {
        text.push(' ');
        text.push_str(particle);
    }
    text
}

/// `First von Last`: the last word is the family name, with any capitalised words before it
/// that follow the particle; the lowercase run before it is the particle.
fn first_von_last(raw: &str) -> Name {
    let mut words = words(raw);
    // `Martin Luther King Jr.`: BibTeX and Pandoc take "Jr." for the family name ("Jr., M.
    // L. K."); it is the suffix of "King".
    let suffix = match words.last() {
        Some(last) if words.len() >= 3 && is_suffix(last) => words.pop(),
        _ => None,
    };
    let Some(last_index) = words.len().checked_sub(1) else {
        return Name::default();
    };
    let von_start = words[..last_index]
        .iter()
        .position(|w| is_lowercase_word(w));
    match von_start {
        Some(start) => {
            let von_end = (start..last_index)
                .rev()
                .find(|&i| is_lowercase_word(&words[i]))
                .map_or(start + 1, |i| i + 1);
            name_from_parts(
                &words[start..von_end],
                &words[von_end..],
                &words[..start],
                suffix.as_deref(),
            )
        }
        None => name_from_parts(
            &[],
            &words[last_index..],
            &words[..last_index],
            suffix.as_deref(),
        ),
    }
}

/// Whether `word` is a name's suffix ("Jr.", "III") rather than a name, in any case ("JR.",
/// "jr", "iii"; it is printed as written). "Jnr" and "Snr", as Aotearoa New Zealand and
/// Australia write them, are suffixes too. A numeral is all capitals or all small letters:
/// "Ii" is a family name.
pub fn is_suffix(word: &str) -> bool {
    ["Jr", "Jr.", "Sr", "Sr.", "Jnr", "Jnr.", "Snr", "Snr."]
        .iter()
        .any(|suffix| suffix.eq_ignore_ascii_case(word))
        || ["II", "III", "IV", "ii", "iii", "iv"].contains(&word)
}

/// A name from its BibTeX parts (words as written), each decoded; given names with their
/// initials spaced.
fn name_from_parts(
    von: &[String],
    last: &[String],
    first: &[String],
    suffix: Option<&str>,
) -> Name {
    let join = |words: &[String]| -> Option<String> {
        let joined = decoded_text(&words.join(" "));
        (!joined.is_empty()).then_some(joined)
    };
    Name {
        family: join(last).unwrap_or_default(),
        given: join(first).map(|g| spaced_initials(&g)),
        particle: join(von),
        suffix: suffix.map(decoded_text).filter(|s| !s.is_empty()),
        ..Name::default()
    }
}

/// biblatex's extended form: `family=Kolk, given=Bessel A., prefix=van der, useprefix=true`.
fn is_extended(parts: &[String]) -> bool {
    parts.iter().all(|p| {
        p.split_once('=').is_some_and(|(k, _)| {
            matches!(
                k.trim().to_ascii_lowercase().as_str(),
                "family"
                    | "given"
                    | "prefix"
                    | "suffix"
                    | "useprefix"
                    | "given-i"
                    | "family-i"
                    | "prefix-i"
                    | "suffix-i"
            )
        })
    })
}

/// Reads the extended form's `key=value` parts (`family`, `given`, `prefix`, `suffix`,
/// `useprefix`).
fn parse_extended(parts: &[String]) -> Name {
    let mut name = Name::default();
    for part in parts {
        let Some((key, value)) = part.split_once('=') else {
            continue;
        };
        let value = decoded_text(unquote(value.trim()));
        match key.trim().to_ascii_lowercase().as_str() {
            "family" => name.family = value,
            "given" => name.given = Some(spaced_initials(&value)),
            "prefix" => name.particle = Some(value),
            "suffix" => name.suffix = Some(value),
            "useprefix" => name.useprefix = Some(value.eq_ignore_ascii_case("true")),
            _ => {}
        }
    }
    name
}

/// A value without the double quotes around it, if it has them.
fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

/// The inside of a name that is one braced group (`{World Health Organization}`).
fn whole_braced(raw: &str) -> Option<&str> {
    let inner = raw.strip_prefix('{')?.strip_suffix('}')?;
    // The opening brace must close at the very end.
    let mut depth = 1usize;
    let mut escaped = false;
    for c in inner.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    // A braced special character (`{\"U}lrich`) is not an organisation.
    (!inner.starts_with('\\')).then_some(inner)
}

/// Whether a name word starts with a lowercase letter, as BibTeX decides: the first letter
/// outside braces; a braced special character (`{\"u}ber`) counts by its letter; another
/// braced group makes the word "caseless", which is not lowercase.
fn is_lowercase_word(word: &str) -> bool {
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' {
            if chars.peek() == Some(&'\\') {
                // {\"u} or {\ae}: the case of the letter the command is about.
                chars.next();
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphabetic() {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if name.len() > 1 {
                    return name.chars().next().is_some_and(char::is_lowercase);
                }
                for n in chars.by_ref() {
                    if n.is_alphabetic() {
                        return n.is_lowercase();
                    }
                }
                return false;
            }
            return false;
        }
        if c.is_alphabetic() {
            return c.is_lowercase();
        }
    }
    false
}

/// Decoded plain text of a name part.
fn decoded_text(raw: &str) -> String {
    latex::decode_name(raw).plain().replace('\u{a0}', " ")
}

/// Initials written as capitals without full stops, as Web of Science's RIS writes them
/// (`AU  - Smith, JR`): "J. R." (APA 9.8 gives every initial), where hayagriva, like citeproc,
/// takes "JR" for a given name and prints its first letter, "Smith, J.". Only a given part of
/// initials alone, beside a family name with a small letter, since a name written all in
/// capitals (`SMITH, JO`) may be a name; "II", "III" and "IV" are left alone. Not used for
/// `.bib` names: BibTeX, Pandoc and the real-world set (Google Scholar's `Chen, SH A`,
/// "Chen, S. A.") read them as given names.
pub fn capital_initials(given: &str, family: &str) -> String {
    let run = |word: &str| {
        (2..=3).contains(&word.len())
            && word.chars().all(|c| c.is_ascii_uppercase())
            && !matches!(word, "II" | "III" | "IV")
    };
    let initial = |word: &str| {
        let mut chars = word.chars();
        matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.') | None, None) if c.is_uppercase())
    };
    // Only a given part of initials alone: "Janet BW" may be a name and initials, or not.
    let only_initials = given.split(' ').all(|w| run(w) || initial(w));
    if !family.chars().any(char::is_lowercase) || !only_initials {
        return given.to_string();
    }
    let words: Vec<String> = given
        .split(' ')
        .map(|word| {
            if run(word) {
                initials_of_capitals(word)
            } else {
                word.to_string()
            }
        })
        .collect();
    words.join(" ")
}

/// "B.N." → "B. N.", "J.A.C." → "J. A. C.": each initial its own word, as citeproc prints them;
/// a lowercase initial too ("T.d." → "T. d.", as Pandoc prints it; run together, the "d" was
/// left out of the initials: "T."); "Paul - Christian" → "Paul-Christian" (one hyphenated name,
/// "P.-C.").
pub fn spaced_initials(given: &str) -> String {
    let given = given.replace(" - ", "-").replace(" -", "-");
    let chars: Vec<char> = given.chars().collect();
    let mut out = String::with_capacity(given.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        let next = chars.get(i + 1).copied();
        let lower_initial = next.is_some_and(char::is_lowercase)
            && chars.get(i + 2).is_none_or(|&after| after == '.');
        if c == '.' && (next.is_some_and(char::is_uppercase) || lower_initial) {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_written_in_forms_bibtex_misreads_are_found_with_their_rewriting() {
        let (found, rewritten) = misread_people(
            "Martin Luther King, Jr. and SMITH JA and Ngata J and Chen, SH A and Smith, JA and Durie, Mason and SMITH LI and Smith MA",
        )
        .expect("misread");
        let written: Vec<&str> = found.iter().map(|m| m.written.as_str()).collect();
        assert_eq!(
            written,
            [
                "Martin Luther King, Jr.",
                "SMITH JA",
                "Ngata J",
                "Chen, SH A",
                "Smith, JA",
                // Capitals after a name in capitals, and initials that are a family name too.
                "SMITH LI",
                "Smith MA"
            ]
        );
        assert_eq!(
            rewritten,
            "King, Jr., Martin Luther and SMITH, J. A. and Ngata, J. and Chen, S. H. A. and Smith, J. A. and Durie, Mason and SMITH, L. I. and Smith, M. A."
        );
        // Names BibTeX reads as meant, and names that may be meant as written.
        for fine in [
            "King, Jr., Martin Luther",
            "King, Martin Luther, Jr.",
            "Smith, J. A.",
            "Jean DUPONT",
            "Jean ROY",
            "Henry VIII",
            "SMITH, ANN",
            "{World Health Organization}",
            "Jr.",
            "Mason Durie",
            "family=Smith, given=JA",
            // Organisations, which their own warning says to brace.
            "Stats NZ",
            "Health NZ",
            // A generation, read as the suffix it is.
            "John Smith II",
            "Robert F. Kennedy III",
            "Henry IV",
            // A given name, then a two-letter family name in capitals.
            "Jean LI",
            "Wei WU",
            "Minh NG",
        ] {
            assert_eq!(misread_people(fine), None, "{fine}");
        }
    }

    fn one(raw: &str) -> Name {
        parse_list(raw).remove(0)
    }

    #[test]
    fn initials_written_as_capitals_are_each_an_initial() {
        let given = |given: &str, family: &str| capital_initials(&spaced_initials(given), family);
        assert_eq!(given("JR", "Smith"), "J. R.");
        assert_eq!(given("JAC", "Smith"), "J. A. C.");
        assert_eq!(given("J AB", "Smith"), "J A. B.");
        assert_eq!(given("Jo R", "Smith"), "Jo R");
        assert_eq!(given("JO", "SMITH"), "JO");
        assert_eq!(given("JOHN", "Smith"), "JOHN");
        assert_eq!(given("II", "Smith"), "II");
        assert_eq!(given("J.R.", "Smith"), "J. R.");
        assert_eq!(given("Janet BW", "Williams"), "Janet BW");
    }

    #[test]
    fn a_company_suffix_after_a_comma_is_kept_there_not_turned_round() {
        for suffix in ["LLC", "Inc.", "Pty Ltd", "Limited", "ltd"] {
            assert!(is_company_suffix(suffix), "{suffix}");
        }
        for given in ["", "World Health", "Mary", "Health Ltd"] {
            assert!(!is_company_suffix(given), "{given}");
        }
        let (found, rewritten) = reversed_organisations("Acme, LLC and Organization, World Health")
            .expect("both are organisations");
        assert_eq!(found[0].organisation, "Acme, LLC");
        assert_eq!(found[0].given, "LLC");
        assert_eq!(found[1].organisation, "World Health Organization");
        assert_eq!(found[1].given, "World Health");
        assert_eq!(rewritten, "{Acme, LLC} and {World Health Organization}");
    }

    #[test]
    fn organisations_written_the_wrong_way_round_are_found_and_people_are_not() {
        for (written, clue) in [
            ("Organization, World Health", "World"),
            ("Health, Ministry of", "Ministry"),
            ("Zealand, Health New", "Health"),
            ("Foundation, Mental Health", "Health"),
            ("Te Whatu Ora, Health New Zealand", "Health"),
            ("Ministry of Health, Manatū Hauora", "Manatū"),
            ("Ora, Te Whatu", "Ora"),
            ("Council, Health Research", "Health"),
            ("Acme, LLC", "LLC"),
        ] {
            let (family, given) = written.split_once(", ").unwrap();
            assert_eq!(
                reversed_organisation_clue(family, given).as_deref(),
                Some(clue),
                "{written}"
            );
        }
        // People, among them family names that are organisation words, given names that are
        // too ("Trust" in Zimbabwe, "Ora", "Aotearoa"), particles, macrons and initials.
        for written in [
            "Trust, Mary",
            "Council, Jane",
            "Health, Jo",
            "Moyo, Trust Tendai",
            "Cohen, Ora",
            "Smith, Aotearoa Rose",
            "Kingi, Te Kani",
            "Te Rangi, Hiroa",
            "Ngāta, Tāne Rāwiri",
            "van der Kolk, Bessel A.",
            "de la Cruz, María José",
            "Sartre, Jean-Paul",
            "Smith, JR",
            "Service, Robert W.",
            "Pou, Te",
            "Group, the",
            // Initials run together, as Web of Science writes them, that spell a clue word.
            "Ahmed, NZ",
        ] {
            let (family, given) = written.split_once(", ").unwrap();
            assert_eq!(reversed_organisation_clue(family, given), None, "{written}");
        }
        let (found, rewritten) =
            reversed_organisations("Organization, World Health and others").unwrap();
        assert_eq!(found[0].organisation, "World Health Organization");
        assert_eq!(rewritten, "{World Health Organization} and others");
        let (_, rewritten) =
            reversed_organisations("Smith, Jane and Health, Ministry of and {Te Pou}").unwrap();
        assert_eq!(
            rewritten,
            "Smith, Jane and {Ministry of Health} and {Te Pou}"
        );
        assert_eq!(reversed_organisations("Trust, Mary and Smith, Jane"), None);
    }

    #[test]
    fn forms_of_a_name() {
        let n = one("van der Kolk, Bessel A.");
        assert_eq!(
            (n.particle.as_deref(), n.family.as_str(), n.given.as_deref()),
            (Some("van der"), "Kolk", Some("Bessel A."))
        );
        let n = one("Ludwig van Beethoven");
        assert_eq!(
            (n.particle.as_deref(), n.family.as_str(), n.given.as_deref()),
            (Some("van"), "Beethoven", Some("Ludwig"))
        );
        let n = one("Van der Gucht, Katleen");
        assert_eq!((n.particle, n.family.as_str()), (None, "Van der Gucht"));
        let n = one("Orobio de Castro, Bram");
        assert_eq!(n.family, "Orobio de Castro");
        let n = one("Smith, Jr., John");
        assert_eq!(n.suffix.as_deref(), Some("Jr."));
        let n = one("Petrov, B.N.");
        assert_eq!(n.given.as_deref(), Some("B. N."));
        // A lowercase initial is one too; a lowercase word after a full stop is not.
        let n = one("Stanley, T.d.");
        assert_eq!(n.given.as_deref(), Some("T. d."));
        assert_eq!(spaced_initials("M.de Lourdes"), "M.de Lourdes");
        let n = one(r"{\'E}mile Zola");
        assert_eq!(
            (n.given.as_deref(), n.family.as_str()),
            (Some("Émile"), "Zola")
        );
    }

    #[test]
    fn suffixes_where_people_write_them() {
        let parts = |raw: &str| {
            let n = one(raw);
            (n.family, n.given, n.suffix)
        };
        let king = (
            "King".to_string(),
            Some("Martin Luther".to_string()),
            Some("Jr.".to_string()),
        );
        assert_eq!(parts("King, Jr., Martin Luther"), king);
        assert_eq!(parts("King, Martin Luther, Jr."), king);
        assert_eq!(parts("Martin Luther King Jr."), king);
        let ford = (
            "Ford".to_string(),
            Some("Henry".to_string()),
            Some("III".to_string()),
        );
        assert_eq!(parts("Henry Ford III"), ford);
        assert_eq!(parts("Ford, Henry, III"), ford);
        // Two words: a family name that happens to be one of them stays one.
        assert_eq!(parts("Joseph II").0, "II");
        assert_eq!(parts("Ludwig van Beethoven Jr.").0, "Beethoven");
        // In any case, kept as written.
        for (raw, suffix) in [
            ("King, Martin Luther, JR.", "JR."),
            ("King, Martin Luther, jr", "jr"),
            ("Martin Luther King SR", "SR"),
            ("Martin Luther King jR.", "jR."),
            ("King, Martin Luther, iii", "iii"),
            ("King, Martin Luther, Jnr", "Jnr"),
            ("King, Snr., Martin Luther", "Snr."),
            ("Martin Luther King JNR.", "JNR."),
            ("King, Martin Luther, snr", "snr"),
        ] {
            assert_eq!(
                parts(raw),
                (
                    "King".to_string(),
                    Some("Martin Luther".to_string()),
                    Some(suffix.to_string())
                ),
                "{raw}"
            );
        }
        // A numeral in mixed case is a name: "Ii" is a family name.
        assert_eq!(parts("Kaito Naomasa Ii").0, "Ii");
        assert_eq!(parts("Ii, Naomasa, Kaito").1.as_deref(), Some("Kaito"));
    }

    #[test]
    fn nicknames_keep_their_quotation_marks_as_written() {
        let given = |raw: &str| one(raw).given.unwrap_or_default();
        assert_eq!(given("Young, Grace ‘Gigi’"), "Grace ‘Gigi’");
        assert_eq!(given("Young, Grace `Gigi'"), "Grace ‘Gigi’");
        assert_eq!(given("Ward, Kiri ``Kiki'' Anne"), "Kiri “Kiki” Anne");
        assert_eq!(given("Ward, Kiri “Kiki”"), "Kiri “Kiki”");
        assert_eq!(given("Rangi, Tama \"Tam\""), "Tama \"Tam\"");
        assert_eq!(given("Lee, (Ann)"), "(Ann)");
    }

    #[test]
    fn organisations_with_decomposed_macrons_are_organisations_too() {
        // "ū" and "ā" written as a letter and a combining macron (U+0304).
        for written in [
            "Te Ru\u{304}nanga o Nga\u{304}i Tahu",
            "Te Wa\u{304}nanga o Raukawa",
        ] {
            let names = parse_list(written);
            assert_eq!(names.len(), 1, "{written:?}");
            assert_eq!(names[0].literal.as_deref(), Some(written), "{written:?}");
            assert!(names[0].taken_as_organisation.is_some(), "{written:?}");
        }
    }

    #[test]
    fn organisations_written_without_braces_are_taken_as_written() {
        for (written, clue) in [
            ("World Health Organization", "World"),
            ("Ministry of Health", "Ministry"),
            ("Te Whatu Ora", "Ora"),
            ("Te Aka Whai Ora", "Ora"),
            ("Te Hiringa Hauora", "Hauora"),
            ("Health New Zealand", "Health"),
            ("Mental Health Foundation", "Health"),
            (r"Health Quality \& Safety Commission", "Health"),
            ("Stats NZ", "Stats"),
            ("Auckland University of Technology", "University"),
            ("Kidz First Research Team", "Team"),
            ("R Core Team", "Team"),
            ("Friends of the Earth", "of"),
            ("Project 2025 Working Party", "Project"),
            ("Working Party 7", "7"),
            ("American Psychiatric Association", "Association"),
            ("Centers for Disease Control", "for"),
        ] {
            let names = parse_list(written);
            let n = &names[0];
            assert_eq!(n.taken_as_organisation.as_deref(), Some(clue), "{written}");
            assert_eq!(
                n.literal.as_deref(),
                Some(written.replace("\\&", "&").as_str()),
                "{written}"
            );
        }
        // `and` still separates names, as in BibTeX: such a name needs its braces.
        let names = parse_list("Centers for Disease Control and Prevention");
        assert_eq!(names.len(), 2);
        assert_eq!(names[0].taken_as_organisation.as_deref(), Some("for"));
        // Real people written `Given Family`, and names with a comma, are people.
        for person in [
            "Mary D. Salter Ainsworth",
            "Bessel A. van der Kolk",
            "Ludwig van Beethoven",
            "Jean de La Fontaine",
            "Vincent van Gogh",
            "Leonardo da Vinci",
            "José Ortega y Gasset",
            "Ursula K. Le Guin",
            "Martin Luther King Jr.",
            "Robert W. Service",
            "Margaret Court",
            "Mason Durie",
            "Te Kani Kingi",
            "Te Rangi Hiroa",
            "Helen Moewaka Barnes",
            "Papaarangi Reid",
            "Sione Tu'itahi",
            "Daniël Lakens",
            "Health, Ministry of",
            "Team, Research",
            "Plato",
        ] {
            let n = one(person);
            assert_eq!(n.taken_as_organisation, None, "{person}");
            assert_eq!(n.literal, None, "{person}");
        }
    }

    #[test]
    fn two_word_names_starting_with_a_te_reo_word_are_organisations() {
        for (written, clue) in [
            ("Te Pou", "Te"),
            ("Ngāti Whātua", "Ngāti"),
            ("Nga\u{304}i Tahu", "Ngāi"),
            ("Ngā Pou", "Ngā"),
            ("Toi Te Ora", "Ora"),
        ] {
            let n = one(written);
            assert_eq!(
                n.taken_as_organisation
                    .as_deref()
                    .map(crate::support::text::nfc),
                Some(clue.to_string()),
                "{written}"
            );
            assert_eq!(n.literal.as_deref(), Some(written), "{written}");
        }
        // "Ora" is a given name too: first, it is a person's; "Nga" and "Ngai" without macrons,
        // lowercase "te" and longer names starting with "Te" are people's.
        for person in [
            "Ora Cohen",
            "Ora M. Levine",
            "Nga Nguyen",
            "Ngai Tran",
            "te Velde",
            "Jan te Velde",
            "Te Kani Kingi",
            "Pou, Te",
        ] {
            let n = one(person);
            assert_eq!(n.taken_as_organisation, None, "{person}");
            assert_eq!(n.literal, None, "{person}");
        }
        assert_eq!(one("Ora Cohen").given.as_deref(), Some("Ora"));
    }

    #[test]
    fn a_list_split_at_and_with_an_organisation_in_it() {
        let split = split_list("Ministry of Health and Te Whatu Ora").unwrap();
        assert_eq!(
            split.names,
            [
                ("Ministry of Health".to_string(), true),
                ("Te Whatu Ora".to_string(), true)
            ]
        );
        assert_eq!(split.separate, "{Ministry of Health} and {Te Whatu Ora}");
        assert_eq!(
            split.whole.as_deref(),
            Some("{Ministry of Health and Te Whatu Ora}")
        );
        let split = split_list("Centers for Disease Control and Prevention").unwrap();
        assert_eq!(
            split.names,
            [
                ("Centers for Disease Control".to_string(), true),
                ("Prevention".to_string(), false)
            ]
        );
        assert_eq!(
            split.separate,
            "{Centers for Disease Control} and Prevention"
        );
        // A person with a comma, or "others", rules out one organisation.
        let split = split_list("Durie, Mason and Te Pou and others").unwrap();
        assert_eq!(split.separate, "Durie, Mason and {Te Pou} and others");
        assert_eq!(split.whole, None);
        assert_eq!(split.names[0], ("Durie, Mason".to_string(), false));
        // One name, braced organisations or only people: nothing to say.
        for list in [
            "Ministry of Health",
            "{Ministry of Health} and {Te Whatu Ora}",
            "Durie, Mason and Helen Moewaka Barnes",
            "Barnes and Noble",
        ] {
            assert_eq!(split_list(list), None, "{list}");
        }
    }

    #[test]
    fn organisations_and_lists() {
        let names = parse_list(
            "{World Health Organization} and {Barnes and Noble} and Durie, Mason and others",
        );
        assert_eq!(names.len(), 4);
        assert_eq!(
            names[0].literal.as_deref(),
            Some("World Health Organization")
        );
        assert_eq!(names[1].literal.as_deref(), Some("Barnes and Noble"));
        assert_eq!(names[2].family, "Durie");
        assert!(names[3].others);
        for list in [
            "Deck, J. and et al.",
            "Deck, J. and et~al",
            "Deck, J. and Et Al.",
            "Deck, J. and al, et",
            "Deck, J. and al., et",
            "Deck, J. and Al, Et",
            "Deck, J. and al., et.",
        ] {
            let names = parse_list(list);
            assert_eq!(names.len(), 2, "{list}");
            assert!(names[1].others, "{list}");
        }
        let n = one("{Te Whatu Ora -- Health New Zealand}");
        assert_eq!(
            n.literal.as_deref(),
            Some("Te Whatu Ora – Health New Zealand")
        );
        let n = one("{\\\"U}lrich, Anna");
        assert_eq!(n.family, "Ülrich");
    }

    #[test]
    fn extended_form() {
        let n = one("family=Kolk, given=Bessel A., prefix=van der, useprefix=true");
        assert_eq!(n.family, "Kolk");
        assert_eq!(n.particle.as_deref(), Some("van der"));
        assert_eq!(n.useprefix, Some(true));
    }
}
