use std::cmp::Ordering;

use citationberg::taxonomy::Variable;
use citationberg::{
    DemoteNonDroppingParticle, InheritableNameOptions, LocaleCode, LongShortForm, Sort,
    SortDirection, SortKey,
};
use std::cell::RefCell;
use std::collections::HashMap;

use icu_collator::options::{AlternateHandling, CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale::Locale as IcuLocale;

use crate::csl::rendering::RenderCsl;
use crate::csl::{BufWriteFormat, ElemChild, ElemChildren, ElemMeta};

use super::taxonomy::EntryLike;
use super::{CitationItem, InstanceContext, StyleContext};

trait CollationOrd: Ord {
    fn collation_cmp(&self, other: &Self, locale: LocaleCode) -> Ordering;
}

thread_local! {
    /// One collator per locale: building one costs far more than a comparison.
    static COLLATORS: RefCell<HashMap<String, Option<CollatorBorrowed<'static>>>> =
        RefCell::new(HashMap::new());
}

impl CollationOrd for str {
    fn collation_cmp(&self, other: &Self, locale: LocaleCode) -> Ordering {
        COLLATORS.with(|collators| {
            let mut collators = collators.borrow_mut();
            let collator = collators.entry(locale.0.clone()).or_insert_with(|| {
                let locale = locale.0.parse::<IcuLocale>().ok()?;
                let mut options = CollatorOptions::default();
                options.alternate_handling = Some(AlternateHandling::Shifted);
                // Punctuation still decides between otherwise equal words ("R." < "R.,").
                options.strength = Some(Strength::Quaternary);
                Collator::try_new(locale.into(), options).ok()
            });
            match collator {
                Some(collator) => collator.compare(self, other),
                None => self.cmp(other),
            }
        })
    }
}

/// A rendered sort key compared as Pandoc's citeproc compares it: word by word (split at
/// spaces, commas and apostrophes; a key that is a prefix of another sorts first), each word
/// with punctuation ignored at first. Names are written one after the other, without the
/// delimiter, "&"/"and" or "et al." between them, as citeproc writes them in a sort key: so
/// "Shochet, I. M., Dadds, M. R." sorts before "Shochet, I. M., & Hoge, R." (D before H, APA
/// 9.46), "Kane, R. T., Rooney" before "Kane, R., Bishop" ("r.rooney" after "t."…, "r.bishop"),
/// "Rodrigues, J." before "Rodrigues-Motta, M.", "de Santis" before "Demystifying", and
/// "El-Masri, K." before "El-Masri v. Tenet" (the comma ends the word).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SortWords(Vec<String>);

impl SortWords {
    fn from_children(children: &ElemChildren) -> Self {
        let mut words = Vec::new();
        Self::collect(&children.0, &mut words);
        Self(words)
    }

    fn collect(children: &[ElemChild], words: &mut Vec<String>) {
        let mut text = String::new();
        for child in children {
            match child {
                ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Names(_))) => {
                    Self::push_words(&text, words);
                    text.clear();
                    if Self::has_name(&e.children.0) {
                        Self::write_names(&e.children.0, &mut text);
                    } else {
                        // Text a `cs:substitute` put in place of the names.
                        e.write_buf(&mut text, BufWriteFormat::Plain).unwrap();
                    }
                    Self::push_words(&text, words);
                    text.clear();
                }
                ElemChild::Elem(e) if e.children.find_names().is_some() => {
                    Self::push_words(&text, words);
                    text.clear();
                    Self::collect(&e.children.0, words);
                }
                other => other.write_buf(&mut text, BufWriteFormat::Plain).unwrap(),
            }
        }
        Self::push_words(&text, words);
    }

    fn has_name(children: &[ElemChild]) -> bool {
        children.iter().any(|c| match c {
            ElemChild::Elem(e) => {
                matches!(e.meta, Some(ElemMeta::Name(..)))
                    || Self::has_name(&e.children.0)
            }
            _ => false,
        })
    }

    /// The names of a `cs:names` output, one after the other, and its labels after a space;
    /// delimiters, "&"/"and" and "et al." are left out.
    fn write_names(children: &[ElemChild], text: &mut String) {
        for child in children {
            if let ElemChild::Elem(e) = child {
                match e.meta {
                    Some(ElemMeta::Name(..)) => {
                        e.write_buf(text, BufWriteFormat::Plain).unwrap()
                    }
                    Some(ElemMeta::Label) => {
                        text.push(' ');
                        e.write_buf(text, BufWriteFormat::Plain).unwrap();
                    }
                    _ => Self::write_names(&e.children.0, text),
                }
            }
        }
    }

    fn push_words(text: &str, words: &mut Vec<String>) {
        words.extend(
            text.split(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '\'' | '’' | 'ʾ' | 'ʿ')
            })
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase),
        );
    }
}

impl SortWords {
    /// The words without a leading English article ("A", "An", "The"): titles and group
    /// authors sort by their first significant word (APA 9.47–9.48, as citeproc-js does).
    fn significant(&self, locale: &LocaleCode) -> &[String] {
        let english = locale.0.is_empty() || locale.0.starts_with("en");
        match self.0.split_first() {
            Some((first, rest))
                if english
                    && !rest.is_empty()
                    && matches!(first.as_str(), "a" | "an" | "the") =>
            {
                rest
            }
            _ => &self.0,
        }
    }
}

impl CollationOrd for SortWords {
    fn collation_cmp(&self, other: &Self, locale: LocaleCode) -> Ordering {
        let (a_words, b_words) = (self.significant(&locale), other.significant(&locale));
        for (a, b) in a_words.iter().zip(b_words) {
            let ordering = a.collation_cmp(b, locale.clone());
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        a_words.len().cmp(&b_words.len())
    }
}

impl<T: CollationOrd> CollationOrd for Option<T> {
    fn collation_cmp(&self, other: &Self, locale: LocaleCode) -> Ordering {
        match (self, other) {
            (Some(a), Some(b)) => a.collation_cmp(b, locale),
            (Some(_), None) => Ordering::Greater,
            (None, Some(_)) => Ordering::Less,
            (None, None) => Ordering::Equal,
        }
    }
}

impl CollationOrd for String {
    fn collation_cmp(&self, other: &Self, locale: LocaleCode) -> Ordering {
        CollationOrd::collation_cmp(self as &str, other, locale)
    }
}

impl StyleContext<'_> {
    /// Retrieve the ordering of two entries according to the given sort key.
    fn cmp_entries<T: EntryLike>(
        &self,
        a: &CitationItem<T>,
        a_idx: usize,
        b: &CitationItem<T>,
        b_idx: usize,
        key: &SortKey,
        term_locale: Option<&LocaleCode>,
    ) -> Ordering {
        let (ordering, empty_value) = match key {
            SortKey::Variable { variable: Variable::Standard(s), .. } => {
                let a = InstanceContext::variable_sort_instance(a, a_idx)
                    .resolve_standard_variable(LongShortForm::default(), *s)
                    .map(|s| s.to_string().to_lowercase());
                let b = InstanceContext::variable_sort_instance(b, b_idx)
                    .resolve_standard_variable(LongShortForm::default(), *s)
                    .map(|s| s.to_string().to_lowercase());

                (a.collation_cmp(&b, self.locale()), a.is_none() || b.is_none())
            }
            SortKey::Variable { variable: Variable::Date(d), .. } => {
                let a = a.entry.resolve_date_variable(*d);
                let b = b.entry.resolve_date_variable(*d);

                match (a, b) {
                    (Some(a), Some(b)) => (a.csl_cmp(&b), false),
                    (Some(_), None) => (Ordering::Greater, true),
                    (None, Some(_)) => (Ordering::Less, true),
                    (None, None) => (Ordering::Equal, true),
                }
            }
            SortKey::Variable { variable: Variable::Name(n), .. } => {
                let a = a.entry.resolve_name_variable(*n);
                let b = b.entry.resolve_name_variable(*n);

                for (a_pers, b_pers) in a.iter().zip(b.iter()) {
                    let ord = a_pers.csl_cmp(
                        b_pers,
                        LongShortForm::Long,
                        self.csl.settings.demote_non_dropping_particle
                            != DemoteNonDroppingParticle::Never,
                    );
                    if ord != Ordering::Equal {
                        return ord;
                    }
                }

                (
                    if a.len() < b.len() {
                        Ordering::Less
                    } else if a.len() > b.len() {
                        Ordering::Greater
                    } else {
                        Ordering::Equal
                    },
                    false,
                )
            }
            SortKey::Variable { variable: Variable::Number(n), .. } => {
                let a = InstanceContext::variable_sort_instance(a, a_idx)
                    .resolve_number_variable(*n);
                let b = InstanceContext::variable_sort_instance(b, b_idx)
                    .resolve_number_variable(*n);

                match (a, b) {
                    (Some(a), Some(b)) => (a.csl_cmp(&b), false),
                    (Some(_), None) => (Ordering::Greater, true),
                    (None, Some(_)) => (Ordering::Less, true),
                    (None, None) => (Ordering::Equal, true),
                }
            }
            SortKey::Variable { variable: Variable::Page(pv), .. } => {
                let a = InstanceContext::variable_sort_instance(a, a_idx)
                    .resolve_page_variable(*pv);
                let b = InstanceContext::variable_sort_instance(b, b_idx)
                    .resolve_page_variable(*pv);

                match (a, b) {
                    (Some(a), Some(b)) => (a.csl_cmp(&b), false),
                    (Some(_), None) => (Ordering::Greater, true),
                    (None, Some(_)) => (Ordering::Less, true),
                    (None, None) => (Ordering::Equal, true),
                }
            }
            SortKey::MacroName { .. } => {
                let a_rendered = self.macro_key(a, a_idx, key, term_locale);
                let b_rendered = self.macro_key(b, b_idx, key, term_locale);

                (a_rendered.collation_cmp(&b_rendered, self.locale()), false)
            }
        };

        directed(ordering, empty_value, key)
    }

    /// The words of the macro a `SortKey::MacroName` names, rendered for `entry`.
    fn macro_key<T: EntryLike>(
        &self,
        entry: &CitationItem<T>,
        idx: usize,
        key: &SortKey,
        term_locale: Option<&LocaleCode>,
    ) -> Option<SortWords> {
        let SortKey::MacroName {
            name, names_min, names_use_first, names_use_last, ..
        } = key
        else {
            return None;
        };
        let mut ctx =
            self.macro_sorting_ctx(entry, idx, entry.locale.as_ref(), term_locale, false);
        // On top of the style's name options (initialize-with and the rest),
        // not instead of them.
        ctx.writing.push_name_options(&InheritableNameOptions {
            et_al_min: *names_min,
            et_al_subsequent_min: *names_min,
            et_al_use_first: *names_use_first,
            et_al_subsequent_use_first: *names_use_first,
            et_al_use_last: *names_use_last,
            ..Default::default()
        });

        self.get_macro(name).map(|m| {
            for child in &m.children {
                child.render(&mut ctx)
            }
            SortWords::from_children(&ctx.flush())
        })
    }

    /// Sorts the given citation items by the style's sort keys. A macro's key is rendered
    /// once per item, not at each comparison: a list of n works is compared ~n log n times,
    /// and rendering APA's author macro costs about a million instructions.
    pub fn sort<T: EntryLike>(
        &self,
        cites: &mut [CitationItem<T>],
        sort: Option<&Sort>,
        term_locale: Option<&LocaleCode>,
        citation_number: impl Fn(&T) -> usize,
    ) {
        let Some(sort) = sort else { return };
        if cites.len() < 2 {
            return;
        }
        let numbers: Vec<usize> =
            cites.iter().map(|c| citation_number(c.entry)).collect();
        let macro_keys: Vec<Vec<Option<Option<SortWords>>>> = cites
            .iter()
            .zip(&numbers)
            .map(|(cite, &number)| {
                sort.keys
                    .iter()
                    .map(|key| {
                        matches!(key, SortKey::MacroName { .. })
                            .then(|| self.macro_key(cite, number, key, term_locale))
                    })
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..cites.len()).collect();
        order.sort_by(|&a, &b| {
            for (k, key) in sort.keys.iter().enumerate() {
                let ordering = match (&macro_keys[a][k], &macro_keys[b][k]) {
                    (Some(a_key), Some(b_key)) => {
                        directed(a_key.collation_cmp(b_key, self.locale()), false, key)
                    }
                    _ => self.cmp_entries(
                        &cites[a],
                        numbers[a],
                        &cites[b],
                        numbers[b],
                        key,
                        term_locale,
                    ),
                };
                if ordering != Ordering::Equal {
                    return ordering;
                }
            }
            Ordering::Equal
        });
        permute(cites, &order);
    }
}

/// `ordering` in the key's direction. Per CSL 1.0.2 spec
/// (https://docs.citationstyles.org/en/v1.0.2/specification.html): entries with empty values
/// are always displayed at the end, even with reversed order. So we always reverse the order
/// if either entry is empty.
fn directed(ordering: Ordering, empty_value: bool, key: &SortKey) -> Ordering {
    if empty_value || key.sort_direction() == SortDirection::Descending {
        ordering.reverse()
    } else {
        ordering
    }
}

/// Puts `items[order[i]]` at `i`, following each cycle of the permutation once.
fn permute<X>(items: &mut [X], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sort key as `SortWords::collect` makes it; names are written as citeproc writes
    /// them in a sort key, one after the other.
    fn words(s: &str) -> SortWords {
        let mut words = Vec::new();
        SortWords::push_words(s, &mut words);
        SortWords(words)
    }

    fn cmp(a: &str, b: &str) -> Ordering {
        words(a).collation_cmp(&words(b), LocaleCode("en-US".into()))
    }

    #[test]
    fn a_permutation_puts_each_item_in_its_place() {
        for order in
            [vec![0, 1, 2, 3], vec![3, 2, 1, 0], vec![1, 2, 3, 0], vec![2, 0, 1, 3]]
        {
            let mut items: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
            permute(&mut items, &order);
            let expected: Vec<usize> = order.iter().map(|&i| i * 10).collect();
            assert_eq!(items, expected);
        }
    }

    #[test]
    fn sort_keys_compare_like_citeproc() {
        // Names without their "&": Dadds before Hoge (APA 9.46).
        assert_eq!(
            cmp("Shochet, I. M.Dadds, M. R.", "Shochet, I. M.Hoge, R."),
            Ordering::Less
        );
        // A shorter family name first.
        assert_eq!(cmp("Rodrigues, J.", "Rodrigues-Motta, M."), Ordering::Less);
        // A space counts: "de Santis" before "Demystifying".
        assert_eq!(cmp("de Santis, F.", "Demystifying Jacobian"), Ordering::Less);
        // "Kane, R. T.," before "Kane, R.," as Pandoc orders them.
        assert_eq!(cmp("Kane, R. T.Rooney, R.", "Kane, R.Bishop, B."), Ordering::Less);
        assert_eq!(cmp("Kane, R.", "Kane, R. T."), Ordering::Less);
        assert_eq!(cmp("Mulder, J.", "Mulder, J.Olsson, A."), Ordering::Less);
        // A comma ends a word: "El-Masri, K." before "El-Masri v. Tenet", as Pandoc orders them;
        // so does an apostrophe.
        assert_eq!(cmp("El-Masri, K.", "El-Masri v. Tenet"), Ordering::Less);
        assert_eq!(cmp("abc, x", "abc b"), Ordering::Greater);
        // A leading article does not count: "The Apple" before "A Zebra".
        assert_eq!(cmp("The Apple", "A Zebra"), Ordering::Less);
        assert_eq!(cmp("The jamovi project", "Kuiper, R."), Ordering::Less);
    }
}
