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
/// ("n.d.-a", APA 8.19).
pub(super) fn append_year_suffix(children: &mut ElemChildren, suffix: &str) {
    fn find<'a>(
        children: &'a mut ElemChildren,
        test: &dyn Fn(&hayagriva::Elem) -> bool,
    ) -> Option<&'a mut hayagriva::Elem> {
        for child in children.0.iter_mut() {
            if let ElemChild::Elem(elem) = child {
                if test(elem) {
                    return Some(elem);
                }
                if let Some(found) = find(&mut elem.children, test) {
                    return Some(found);
                }
            }
        }
        None
    }
    fn last_text(elem: &mut hayagriva::Elem) -> Option<&mut Formatted> {
        elem.children.0.iter_mut().rev().find_map(|c| match c {
            ElemChild::Text(text) => Some(text),
            _ => None,
        })
    }
    if let Some(date) = find(children, &|e| e.meta == Some(ElemMeta::Date))
        && let Some(text) = last_text(date)
    {
        text.text.push_str(suffix);
        return;
    }
    let undated = |e: &hayagriva::Elem| {
        e.meta == Some(ElemMeta::Text)
            && e.children.0.iter().any(|c| {
                matches!(c, ElemChild::Text(t) if t.text == "n.d." || super::dates::status(&t.text).is_some())
            })
    };
    if let Some(elem) = find(children, &undated)
        && let Some(text) = last_text(elem)
    {
        text.text.push('-');
        text.text.push_str(suffix);
        return;
    }
    // The style may write "n.d." into the text around it (", n.d." in a citation,
    // " (n.d.). " in a reference), not as an element of its own.
    after_undated(children, suffix);
}

/// Puts `-suffix` after the first "n.d." or publication status in a text of `children`
/// (depth first, in order); false when there is none.
fn after_undated(children: &mut ElemChildren, suffix: &str) -> bool {
    for child in children.0.iter_mut() {
        let done = match child {
            ElemChild::Text(text) => {
                let words = std::iter::once("n.d.").chain(super::dates::STATUSES.iter().copied());
                let end = words
                    .filter_map(|word| text.text.find(word).map(|at| at + word.len()))
                    .min();
                if let Some(end) = end {
                    text.text.insert_str(end, &format!("-{suffix}"));
                }
                end.is_some()
            }
            ElemChild::Elem(elem) => after_undated(&mut elem.children, suffix),
            _ => false,
        };
        if done {
            return true;
        }
    }
    false
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
