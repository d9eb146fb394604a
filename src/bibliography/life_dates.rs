//! Names as library catalogues write them: "Winnicott, D. W. (Donald Woods), 1896-1971",
//! "Klein, Melanie, 1882-1960" (MARC's name, fuller form and dates). A reference manager that
//! imports a catalogue record often keeps them, and every format then misreads them: BibTeX's
//! `Last, Jr, First` made "Winnicott, 1896-1971, D. W. (Donald Woods)", RIS and CSL-JSON "Klein,
//! M., 1882-1960" and "Freud, S. 1856-1939". APA names a person by family name and initials
//! only, so a person's life dates are left out, and a fuller form in brackets after two
//! initials or more ("D. W. (Donald Woods)") is taken as the given names it spells out:
//! "Winnicott, D. W.".
//! Applied to every name of every format, as each item is built (`csl::ItemBuilder::names`).

use hayagriva::citationberg::json::{NameItem, NameValue};

use super::names::is_suffix;

/// `name` without life dates, and with a fuller form in brackets as its given names.
pub fn tidied(name: NameValue) -> NameValue {
    let NameValue::Item(mut person) = name else {
        return name;
    };
    tidy(&mut person);
    NameValue::Item(person)
}

fn tidy(person: &mut NameItem) {
    let suffix_dates = person.suffix.as_deref().is_some_and(is_life_dates);
    let given_dates = person.given.as_deref().is_some_and(is_life_dates);
    if given_dates {
        // BibTeX's `Last, Jr, First` read "Winnicott, D. W., 1896-1971" with the dates as the
        // first names and the first names as a suffix.
        match person.suffix.take() {
            Some(suffix) if !is_suffix(suffix.trim()) && !suffix_dates => {
                person.given = Some(suffix);
            }
            suffix => {
                person.suffix = suffix.filter(|s| !is_life_dates(s));
                person.given = None;
            }
        }
    } else if suffix_dates {
        person.suffix = None;
    }
    if let Some(given) = person.given.as_mut() {
        if let Some((names, dates)) = given.rsplit_once(',')
            && is_life_dates(dates)
        {
            *given = names.trim_end().to_string();
        }
        if let Some(fuller) = fuller_form(given) {
            *given = fuller;
        }
    }
}

/// A person's life dates as catalogues write them: "1856-1939", "1950-", "1882–1960.",
/// "b. 1950", "d. 1990", "1900?-1975", "fl. 1890".
fn is_life_dates(text: &str) -> bool {
    let text = text.trim().trim_end_matches('.');
    let text = [
        "b. ",
        "d. ",
        "fl. ",
        "born ",
        "died ",
        "ca. ",
        "approximately ",
    ]
    .iter()
    .find_map(|prefix| text.strip_prefix(prefix))
    .unwrap_or(text);
    let mut years = text.splitn(2, ['-', '–']);
    let year = |part: &str| {
        let part = part.trim().trim_end_matches('?');
        part.len() == 4 && part.bytes().all(|b| b.is_ascii_digit())
    };
    let first = years.next().is_some_and(year);
    match years.next() {
        None => first,
        Some(rest) => first && (rest.trim().is_empty() || year(rest)),
    }
}

/// "D. W. (Donald Woods)" → "Donald Woods": given names written as initials followed by the
/// names they stand for, in brackets (a catalogue's fuller form), when there are two initials
/// or more and they are those of the names.
fn fuller_form(given: &str) -> Option<String> {
    let (initials, rest) = given.split_once('(')?;
    let fuller = rest.strip_suffix(')')?.trim();
    let words = |text: &'_ str| -> Vec<String> {
        text.split(|c: char| c.is_whitespace() || c == '.' || c == '-')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let first_letter =
        |word: &String| -> String { word.chars().take(1).flat_map(char::to_lowercase).collect() };
    let (initials, fuller_words) = (words(initials), words(fuller));
    // Each initial one letter, and each word it stands for a word, not another initial.
    let initials_only = initials.iter().all(|w| w.chars().count() == 1);
    let whole_words = fuller_words
        .iter()
        .all(|w| w.chars().count() > 1 || w.chars().all(char::is_uppercase));
    // Two initials at least: "J. (Jack)" may as well be a nickname, printed whole after the
    // initials (docs/citations.md, Names).
    let spelt_out = initials.len() >= 2
        && initials
            .iter()
            .map(first_letter)
            .eq(fuller_words.iter().map(first_letter));
    (initials_only && whole_words && spelt_out).then(|| fuller.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(family: &str, given: Option<&str>, suffix: Option<&str>) -> NameItem {
        NameItem {
            family: family.into(),
            given: given.map(Into::into),
            non_dropping_particle: None,
            dropping_particle: None,
            suffix: suffix.map(Into::into),
            comma_suffix: None,
        }
    }

    fn tidy_of(given: Option<&str>, suffix: Option<&str>) -> (Option<String>, Option<String>) {
        let mut p = person("X", given, suffix);
        tidy(&mut p);
        (p.given, p.suffix)
    }

    #[test]
    fn life_dates_are_left_out_and_a_fuller_form_spells_out_the_initials() {
        let s = |t: &str| Some(t.to_string());
        // CSL-JSON and RIS: the dates after the given names, or as a suffix.
        assert_eq!(
            tidy_of(Some("Sigmund, 1856-1939"), None),
            (s("Sigmund"), None)
        );
        assert_eq!(
            tidy_of(Some("Melanie"), Some("1882-1960")),
            (s("Melanie"), None)
        );
        assert_eq!(
            tidy_of(Some("Melanie"), Some("1882–1960.")),
            (s("Melanie"), None)
        );
        assert_eq!(tidy_of(Some("Jane, 1950-"), None), (s("Jane"), None));
        assert_eq!(tidy_of(Some("Jane, b. 1950"), None), (s("Jane"), None));
        // BibTeX's three parts: the first names read as a suffix, the dates as first names.
        assert_eq!(
            tidy_of(Some("1896-1971"), Some("D. W. (Donald Woods)")),
            (s("Donald Woods"), None)
        );
        assert_eq!(tidy_of(Some("1896-1971"), Some("Jr.")), (None, s("Jr.")));
        assert_eq!(tidy_of(Some("1896-1971"), Some("Jnr")), (None, s("Jnr")));
        // A fuller form only when it spells out the initials.
        assert_eq!(
            tidy_of(Some("D. W. (Donald Woods)"), None),
            (s("Donald Woods"), None)
        );
        assert_eq!(
            tidy_of(Some("C. S. (Clive Staples)"), None),
            (s("Clive Staples"), None)
        );
        // One initial and a name in brackets may be a nickname: left as written.
        assert_eq!(tidy_of(Some("J. (Jack)"), None), (s("J. (Jack)"), None));
        assert_eq!(tidy_of(Some("H. (Sonny)"), None), (s("H. (Sonny)"), None));
        assert_eq!(tidy_of(Some("D. W. (Dee)"), None), (s("D. W. (Dee)"), None));
        assert_eq!(
            tidy_of(Some("Mary (Molly)"), None),
            (s("Mary (Molly)"), None)
        );
        // Left alone: real suffixes, names that only hold digits elsewhere, short numbers.
        assert_eq!(tidy_of(Some("John"), Some("Jr.")), (s("John"), s("Jr.")));
        assert_eq!(tidy_of(Some("John"), Some("III")), (s("John"), s("III")));
        assert_eq!(tidy_of(Some("Agent 47"), None), (s("Agent 47"), None));
        assert_eq!(tidy_of(Some("J., 12"), None), (s("J., 12"), None));
        assert_eq!(tidy_of(Some("Anne, 19-20"), None), (s("Anne, 19-20"), None));
    }

    #[test]
    fn organisations_are_left_as_written() {
        let literal = NameValue::Literal(hayagriva::citationberg::json::LiteralName {
            literal: "Ministry of Health, 1990-2022".into(),
        });
        assert_eq!(tidied(literal.clone()), literal);
    }
}
