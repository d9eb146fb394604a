//! Year letters (2019a, 2019b): which works get them, and where they go. APA 8.19 asks for
//! them where works read the same in a citation (same authors, same year) once initials and
//! added names have told what they can apart; they follow the reference list's order, and an
//! undated work gets "n.d.-a", a work in press "in press-a".
//!
//! They are given here for the whole site, not by hayagriva, because the bibliography page
//! shows every work next to its letter: a work's letter must be the same on every page.

use std::collections::HashMap;

use hayagriva::{ElemChild, ElemChildren, ElemMeta, Formatted};

use super::distinguish;
use super::{CitationStyle, Library};

/// Works whose citations read the same site-wide once initials and names are added: the
/// groups that get year letters (keys by citation text).
pub(super) fn letter_candidates<'a>(
    library: &Library,
    style: &CitationStyle,
    listed: &[&'a str],
) -> Vec<Vec<&'a str>> {
    let forms = distinguish::forms(library, style, listed);
    let mut candidates: HashMap<(String, String), Vec<&'a str>> = HashMap::new();
    for key in listed {
        if let Some(item) = library.get(key) {
            candidates
                .entry((
                    distinguish::first_name_or_title(item),
                    distinguish::year_key(item),
                ))
                .or_default()
                .push(key);
        }
    }
    let mut groups = Vec::new();
    for group in candidates.into_values().filter(|g| g.len() > 1) {
        let mut by_text: HashMap<String, Vec<&'a str>> = HashMap::new();
        for key in group {
            let form = forms.get(key).copied().unwrap_or_default();
            let text = distinguish::citation_text(library, style, key, form);
            by_text.entry(text).or_default().push(key);
        }
        groups.extend(by_text.into_values().filter(|g| g.len() > 1));
    }
    groups
}

/// Letters for works whose citations read the same ("Heller, 2019"), in the reference list's
/// order: a, b, ... z, aa, ab ...
pub(super) fn letter_groups(groups: &[Vec<&str>], order: &[&str]) -> HashMap<String, String> {
    let position: HashMap<&str, usize> = order.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut suffixes = HashMap::new();
    for keys in groups.iter().filter(|keys| keys.len() > 1) {
        let mut keys = keys.clone();
        keys.sort_by_key(|k| position.get(k).copied().unwrap_or(usize::MAX));
        for (index, key) in keys.iter().enumerate() {
            suffixes.insert(key.to_string(), letters(index));
        }
    }
    suffixes
}

/// `a` for 0, `z` for 25, then `aa`, `ab`...
pub(super) fn letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// Puts the letter after the year; with no year, after "n.d." or "in press" with a hyphen
/// ("n.d.-a", APA 8.19). The letter goes with the first date or "n.d." in reading order: an
/// undated web page's reference has its access date after the "n.d." ("(n.d.-a). *Title*.
/// Retrieved 18 April 2024, from …"), and that date must not take the letter.
pub(super) fn append_year_suffix(children: &mut ElemChildren, suffix: &str) {
    let Some((path, place)) = first_year_place(children) else {
        return;
    };
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let Some(child) = children_at(children, parents).and_then(|c| c.0.get_mut(*last)) else {
        return;
    };
    match (child, place) {
        (ElemChild::Elem(elem), Place::Date | Place::UndatedElem) => {
            let last_text = elem.children.0.iter_mut().rev().find_map(|c| match c {
                ElemChild::Text(text) => Some(text),
                _ => None,
            });
            if let Some(text) = last_text {
                if place == Place::UndatedElem {
                    text.text.push('-');
                }
                text.text.push_str(suffix);
            }
        }
        (ElemChild::Text(text), Place::UndatedText) => {
            after_undated_word(text, suffix);
        }
        _ => {}
    }
}

/// What takes the year letter.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Place {
    /// A date element: the letter goes after its last text.
    Date,
    /// An element that is "n.d." or a publication status: "-a" after it.
    UndatedElem,
    /// A text with "n.d." or a status in it (", n.d." in a citation, " (n.d.). " in a
    /// reference, as the style writes it): "-a" after that word.
    UndatedText,
}

/// The place (indexes of children, depth first) of the first date, or "n.d." or publication
/// status, in reading order.
fn first_year_place(children: &ElemChildren) -> Option<(Vec<usize>, Place)> {
    let undated = |e: &hayagriva::Elem| {
        e.meta == Some(ElemMeta::Text)
            && e.children.0.iter().any(|c| {
                matches!(c, ElemChild::Text(t) if t.text == "n.d." || super::dates::status(&t.text).is_some())
            })
    };
    for (index, child) in children.0.iter().enumerate() {
        let found = match child {
            ElemChild::Elem(elem) if elem.meta == Some(ElemMeta::Date) => {
                Some((vec![], Place::Date))
            }
            ElemChild::Elem(elem) if undated(elem) => Some((vec![], Place::UndatedElem)),
            ElemChild::Elem(elem) => first_year_place(&elem.children),
            // Only a text that is the date's place: "n.d." in it, or nothing but a status
            // (" (in press). "), not a title that has the word.
            ElemChild::Text(text)
                if text.text.contains("n.d.") || super::dates::status(&text.text).is_some() =>
            {
                Some((vec![], Place::UndatedText))
            }
            _ => None,
        };
        if let Some((mut path, place)) = found {
            path.insert(0, index);
            return Some((path, place));
        }
    }
    None
}

fn children_at<'a>(children: &'a mut ElemChildren, path: &[usize]) -> Option<&'a mut ElemChildren> {
    let Some((first, rest)) = path.split_first() else {
        return Some(children);
    };
    let ElemChild::Elem(elem) = children.0.get_mut(*first)? else {
        return None;
    };
    children_at(&mut elem.children, rest)
}

/// Puts `-suffix` after the first "n.d." or publication status in `text`; false when there
/// is none.
fn after_undated_word(text: &mut Formatted, suffix: &str) -> bool {
    let words = std::iter::once("n.d.").chain(super::dates::STATUSES.iter().copied());
    let end = words
        .filter_map(|word| text.text.find(word).map(|at| at + word.len()))
        .min();
    if let Some(end) = end {
        text.text.insert_str(end, &format!("-{suffix}"));
    }
    end.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_letters() {
        assert_eq!(letters(0), "a");
        assert_eq!(letters(25), "z");
        assert_eq!(letters(26), "aa");
    }
}
