//! Group authors with an abbreviation, as APA 7 cites them (8.21): a work whose author is
//! written "World Health Organization (WHO)" (or "[WHO]") is listed under the name alone,
//! "World Health Organization. (2022)", and cited on a page with the abbreviation defined at
//! its first citation and used after it:
//!
//! - parenthetical: "(World Health Organization [WHO], 2022)", then "(WHO, 2022)";
//! - narrative: "World Health Organization (WHO, 2022)", then "WHO (2022)".
//!
//! A page that names the organisation in one citation only names it in full, without an
//! abbreviation it would never use (APA 6.25: an abbreviation is defined to be used). Two
//! works of the same organisation share one definition. Only for APA styles, and only for a
//! work whose one author (or editor, when it has no author) is that organisation, with a
//! bracket that abbreviates its name: each letter, in order, starts one of its words
//! ("Ministry of Health (MoH)", "Centers for Disease Control and Prevention (CDC)").
//! "Ministry of Health (NZ)" is printed as written: a bracket is never guessed to be an
//! abbreviation when the name's words do not make it.

use std::collections::HashMap;

use hayagriva::citationberg::json::{Item, LiteralName, NameValue, Value};

use super::distinguish::lead_names;
use crate::citation::{Citation, GroupForm};

/// The organisation's name and its abbreviation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupName {
    pub name: String,
    pub abbreviation: String,
}

/// `"World Health Organization (WHO)"` or `"… [WHO]"` → the name and `WHO`, when the
/// bracket abbreviates the name (see the module's doc).
pub fn split(literal: &str) -> Option<GroupName> {
    let literal = literal.trim();
    let (name, short) = [('(', ')'), ('[', ']')]
        .into_iter()
        .find_map(|(open, close)| {
            let rest = literal.strip_suffix(close)?;
            let (name, short) = rest.rsplit_once(open)?;
            Some((name.trim_end(), short.trim()))
        })?;
    let abbreviates = short.chars().count() >= 2
        && short.chars().all(|c| c.is_alphabetic() || c == '&')
        && short.chars().any(char::is_uppercase)
        && initials_in_order(name, short);
    abbreviates.then(|| GroupName {
        name: name.to_string(),
        abbreviation: short.to_string(),
    })
}

/// Whether each letter of `short` starts a word of `name`, in order (words may be skipped:
/// "of", "and"), its first letter the first word's: "Health Research Council of New Zealand
/// (HRC)", not "(NZ)". `&` stands for itself.
fn initials_in_order(name: &str, short: &str) -> bool {
    let mut initials = name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric() || *c == '&'));
    let same = |a: char, b: char| a.to_lowercase().eq(b.to_lowercase());
    let mut letters = short.chars();
    match (initials.next(), letters.next()) {
        (Some(first), Some(letter)) if same(first, letter) => {
            letters.all(|letter| initials.by_ref().any(|initial| same(initial, letter)))
        }
        _ => false,
    }
}

/// The names a citation starts with ([`lead_names`]: the authors, else the editors), to change.
fn lead_names_mut(item: &mut Item) -> Option<&mut Vec<NameValue>> {
    let (variable, _) = lead_names(item)?;
    match item.0.get_mut(variable) {
        Some(Value::Names(names)) => Some(names),
        _ => None,
    }
}

/// For an APA style: each work whose one lead name is an abbreviated organisation gets the
/// name alone (as the reference list prints it); gives key → the name and abbreviation.
pub fn take_abbreviations<'i>(
    items: impl Iterator<Item = (&'i str, &'i mut Item)>,
) -> HashMap<String, GroupName> {
    let mut found = HashMap::new();
    let mut plain: Vec<(&str, String)> = Vec::new();
    for (key, item) in items {
        let Some(names) = lead_names_mut(item) else {
            continue;
        };
        // An organisation: a literal, or a family name alone (CSL-JSON written
        // `{"family": "World Health Organization (WHO)"}`).
        let written = match names.as_mut_slice() {
            [NameValue::Literal(literal)] => &mut literal.literal,
            [NameValue::Item(person)]
                if person.given.as_deref().is_none_or(|g| g.trim().is_empty())
                    && person.non_dropping_particle.is_none()
                    && person.dropping_particle.is_none()
                    && person.suffix.is_none() =>
            {
                &mut person.family
            }
            _ => continue,
        };
        if let Some(abbreviated) = split(written) {
            *written = abbreviated.name.clone();
            found.insert(key.to_string(), abbreviated);
        } else {
            plain.push((key, written.trim().to_string()));
        }
    }
    // The same organisation written without its abbreviation in another entry is the same
    // author of the same reference list: cited the same way.
    // (Two abbreviations of one name: the one of the first key in order, so that every
    // build chooses the same.)
    let mut written: Vec<(&String, &GroupName)> = found.iter().collect();
    written.sort_unstable_by_key(|(key, _)| *key);
    let mut by_name: HashMap<&str, &GroupName> = HashMap::new();
    for (_, group) in written {
        by_name.entry(group.name.as_str()).or_insert(group);
    }
    let same: Vec<(String, GroupName)> = plain
        .into_iter()
        .filter_map(|(key, name)| Some((key.to_string(), (*by_name.get(name.as_str())?).clone())))
        .collect();
    found.extend(same);
    found
}

/// Chooses, on one page (`citations` in the page's order), how each citation names an
/// abbreviated organisation: defined at the first of two or more citations naming it,
/// abbreviated after; in full when only one citation names it. Every work of the organisation
/// in one citation gets the same form, so that the engine joins them ("(World Health
/// Organization [WHO], 2019, 2022)"). Two organisations of one abbreviation on a page are
/// both named in full (APA: an abbreviation must stand for one thing). A citation that leaves
/// the author out (`[-@key]`) names nobody and counts for nothing.
pub fn choose_forms(groups: &HashMap<String, GroupName>, citations: &mut [Citation]) {
    if groups.is_empty() {
        return;
    }
    let named = |key: &str, suppressed: bool| groups.get(key).filter(|_| !suppressed);
    // How many citations name each organisation, and which organisations each abbreviation
    // stands for on this page.
    let mut uses: HashMap<&GroupName, usize> = HashMap::new();
    let mut meanings: HashMap<String, Vec<&GroupName>> = HashMap::new();
    for citation in citations.iter() {
        let mut here: Vec<&GroupName> = citation
            .items
            .iter()
            .filter_map(|item| named(&item.key, item.suppress_author))
            .collect();
        here.sort_unstable_by(|a, b| (&a.name, &a.abbreviation).cmp(&(&b.name, &b.abbreviation)));
        here.dedup();
        for group in here {
            *uses.entry(group).or_default() += 1;
            let meaning = meanings
                .entry(group.abbreviation.to_lowercase())
                .or_default();
            if !meaning.contains(&group) {
                meaning.push(group);
            }
        }
    }
    let abbreviated = |group: &GroupName| {
        uses.get(group).copied().unwrap_or(0) > 1
            && meanings
                .get(&group.abbreviation.to_lowercase())
                .is_some_and(|m| m.len() == 1)
    };
    // The organisations defined so far; those of one citation share its form.
    let mut defined: Vec<&GroupName> = Vec::new();
    for citation in citations.iter_mut() {
        let before = defined.len();
        for item in citation.items.iter_mut() {
            item.form.group = match named(&item.key, item.suppress_author) {
                Some(group) if abbreviated(group) => {
                    if defined[..before].contains(&group) {
                        GroupForm::Abbreviated
                    } else {
                        if !defined.contains(&group) {
                            defined.push(group);
                        }
                        GroupForm::Defined
                    }
                }
                _ => GroupForm::Full,
            };
        }
    }
}

/// The lead names a citation in `form` prints for `group`, `None` when they are the
/// item's own: a narrative definition prints the name, its abbreviation going inside the
/// parentheses after it (see `format`).
pub fn cited_names(form: GroupForm, narrative: bool, group: &GroupName) -> Option<NameValue> {
    let literal = match form {
        GroupForm::Full => return None,
        GroupForm::Defined if narrative => return None,
        GroupForm::Defined => format!("{} [{}]", group.name, group.abbreviation),
        GroupForm::Abbreviated => group.abbreviation.clone(),
    };
    Some(NameValue::Literal(LiteralName { literal }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bracket_is_an_abbreviation_only_when_the_names_words_make_it() {
        let split = |s: &str| split(s).map(|a| (a.name, a.abbreviation));
        let pair = |n: &str, a: &str| Some((n.to_string(), a.to_string()));
        assert_eq!(
            split("World Health Organization (WHO)"),
            pair("World Health Organization", "WHO")
        );
        assert_eq!(
            split("World Health Organization [WHO]"),
            pair("World Health Organization", "WHO")
        );
        assert_eq!(
            split("Ministry of Health (MoH)"),
            pair("Ministry of Health", "MoH")
        );
        assert_eq!(
            split("Centers for Disease Control and Prevention (CDC)"),
            pair("Centers for Disease Control and Prevention", "CDC")
        );
        assert_eq!(
            split("New Zealand Qualifications Authority (NZQA)"),
            pair("New Zealand Qualifications Authority", "NZQA")
        );
        assert_eq!(
            split("Accident Compensation Corporation (ACC)"),
            pair("Accident Compensation Corporation", "ACC")
        );
        assert_eq!(
            split("Health Research Council of New Zealand (HRC)"),
            pair("Health Research Council of New Zealand", "HRC")
        );
        // Not abbreviations of the name: printed as written.
        for written in [
            "Health Research Council of New Zealand (NZ)",
            "Ministry of Health (NZ)",
            "Ministry of Health (New Zealand)",
            "United Nations Children's Fund (UNICEF)",
            "Health Promotion Agency (Te Hiringa Hauora)",
            "World Health Organization (2022)",
            "World Health Organization",
            "(WHO)",
            "World Health Organization (W)",
            "World Health Organization (who)",
            "World Health Organization (WHO",
        ] {
            assert_eq!(split(written), None, "{written}");
        }
    }

    #[test]
    fn an_organisation_is_a_literal_or_a_family_name_alone() {
        let item = |names: serde_json::Value| -> Item {
            serde_json::from_value(
                serde_json::json!({"id": "k", "type": "report", "author": names}),
            )
            .unwrap()
        };
        let mut items = [
            (
                "literal",
                item(serde_json::json!([{"literal": "World Health Organization (WHO)"}])),
            ),
            (
                "family",
                item(serde_json::json!([{"family": "Ministry of Health [MoH]"}])),
            ),
            (
                "person",
                item(serde_json::json!([{"family": "Smith (SM)", "given": "Ann"}])),
            ),
            (
                "two",
                item(
                    serde_json::json!([{"literal": "Ministry of Health (MoH)"}, {"family": "Lee"}]),
                ),
            ),
        ];
        let found = take_abbreviations(items.iter_mut().map(|(k, i)| (*k, i)));
        let mut keys: Vec<&str> = found.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["family", "literal"]);
        assert_eq!(found["family"].abbreviation, "MoH");
        let written = |item: &Item| serde_json::to_value(item.0.get("author")).unwrap();
        assert_eq!(
            written(&items[0].1),
            serde_json::json!([{"literal": "World Health Organization"}])
        );
        assert_eq!(
            written(&items[1].1)[0]["family"],
            serde_json::json!("Ministry of Health")
        );
        assert_eq!(
            written(&items[2].1)[0]["family"],
            serde_json::json!("Smith (SM)")
        );
    }

    fn page(keys: &[(&str, bool, bool)]) -> Vec<Citation> {
        keys.iter()
            .map(|&(key, narrative, suppress_author)| Citation {
                items: vec![crate::citation::CiteItem {
                    key: key.to_string(),
                    prefix: None,
                    locator: None,
                    suffix: None,
                    suppress_author,
                    form: Default::default(),
                }],
                narrative,
            })
            .collect()
    }

    #[test]
    fn the_first_of_several_citations_defines_and_the_rest_abbreviate() {
        let who = GroupName {
            name: "World Health Organization".into(),
            abbreviation: "WHO".into(),
        };
        let groups: HashMap<String, GroupName> = [
            ("who2022".to_string(), who.clone()),
            ("who2019".to_string(), who),
            (
                "moh".to_string(),
                GroupName {
                    name: "Ministry of Health".into(),
                    abbreviation: "MoH".into(),
                },
            ),
        ]
        .into();
        let mut citations = page(&[
            ("smith", false, false),
            ("who2022", false, true),
            ("who2022", true, false),
            ("moh", false, false),
            ("who2019", false, false),
            ("who2022", false, false),
        ]);
        choose_forms(&groups, &mut citations);
        let forms: Vec<GroupForm> = citations.iter().map(|c| c.items[0].form.group).collect();
        use GroupForm::*;
        // Another author, a citation without the author, the first naming WHO (narrative),
        // the Ministry named once, another WHO work, the first again.
        assert_eq!(forms, [Full, Full, Defined, Full, Abbreviated, Abbreviated]);

        // Two works of WHO in one citation: one use, both in full; in the first of two
        // citations, both defined, and both abbreviated in the next.
        let together = |keys: &[&str]| Citation {
            items: keys
                .iter()
                .map(|key| crate::citation::CiteItem {
                    key: key.to_string(),
                    prefix: None,
                    locator: None,
                    suffix: None,
                    suppress_author: false,
                    form: Default::default(),
                })
                .collect(),
            narrative: false,
        };
        let forms_of = |citations: &[Citation]| -> Vec<Vec<GroupForm>> {
            citations
                .iter()
                .map(|c| c.items.iter().map(|i| i.form.group).collect())
                .collect()
        };
        let mut once = vec![together(&["who2022", "who2019"])];
        choose_forms(&groups, &mut once);
        assert_eq!(forms_of(&once), [vec![Full, Full]]);
        let mut twice = vec![
            together(&["who2022", "who2019"]),
            together(&["smith", "who2019", "who2022"]),
        ];
        choose_forms(&groups, &mut twice);
        assert_eq!(
            forms_of(&twice),
            [vec![Defined, Defined], vec![Full, Abbreviated, Abbreviated]]
        );

        // Two organisations of one abbreviation on a page: both in full.
        let apa = |name: &str| GroupName {
            name: name.into(),
            abbreviation: "APA".into(),
        };
        let clash: HashMap<String, GroupName> = [
            (
                "psychological".to_string(),
                apa("American Psychological Association"),
            ),
            (
                "psychiatric".to_string(),
                apa("American Psychiatric Association"),
            ),
        ]
        .into();
        let mut citations = page(&[
            ("psychological", false, false),
            ("psychiatric", false, false),
            ("psychological", false, false),
            ("psychiatric", false, false),
        ]);
        choose_forms(&clash, &mut citations);
        assert_eq!(forms_of(&citations), vec![vec![Full]; 4]);
    }
}
