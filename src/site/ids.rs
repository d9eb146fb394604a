//! Ids on a page: the ones a heading may not take (the theme's, the footnotes', the reference
//! list's), the check of a heading's `{#id .class}` block, and unique ids for headings.
//!
//! Every id on a page must be unique, or links to it (and `aria-labelledby`) go to the wrong
//! element. The generator's own ids win: a heading whose id would clash gets `-2`, `-3`, ...
//! instead, and a heading that asks for such an id with `{#...}` is an error.

use std::collections::{HashMap, HashSet};

use crate::support::hash;

/// The id of the section that holds a page's footnotes (always reserved, so that a page that
/// gains its first footnote does not move a heading's id).
pub const FOOTNOTES_ID: &str = "footnotes";

/// Ids taken so far on a page, and for each wanted id the last number tried after it, so that a
/// page with thousands of headings of the same name does not try `-2`, `-3`, ... afresh each time.
#[derive(Default)]
pub struct UsedIds {
    used: hash::HashSet<String>,
    last_suffix: hash::HashMap<String, usize>,
}

impl UsedIds {
    /// Takes `id`; false when it was already taken.
    pub fn insert(&mut self, id: String) -> bool {
        self.used.insert(id)
    }

    /// `wanted` if it is free, otherwise `wanted-2`, `wanted-3`, ...: the first that is free and
    /// that `reserved` does not claim. The id returned is taken.
    pub fn unique(&mut self, wanted: String, reserved: impl Fn(&str) -> bool) -> String {
        if !reserved(&wanted) && self.used.insert(wanted.clone()) {
            return wanted;
        }
        // Every suffix up to the last one tried for this id is taken (ids are never given back).
        let n = self.last_suffix.entry(wanted.clone()).or_insert(1);
        loop {
            *n += 1;
            let id = format!("{wanted}-{n}");
            if !reserved(&id) && self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The ids of a page that belong to the theme and the generator, with why.
pub struct Reserved<'a> {
    /// Every literal `id` in the theme's templates (see `render::Theme::ids`).
    pub theme: &'a HashSet<String>,
    /// Bibliography keys: the reference list gives the entry for `key` the id `ref-<key>`.
    pub keys: &'a HashSet<String>,
    /// The ids of this page's footnotes and of the references to them → the footnote's label.
    pub footnotes: HashMap<String, String>,
}

impl Reserved<'_> {
    /// Why a heading may not take `id` on this page, or `None` when it may.
    pub fn why(&self, id: &str) -> Option<String> {
        if self.theme.contains(id) {
            return Some(format!(
                "the theme's templates use the id `{id}` on the page"
            ));
        }
        if id == FOOTNOTES_ID {
            return Some(format!("`{id}` is the id of the page's Notes section"));
        }
        if let Some(label) = self.footnotes.get(id) {
            return Some(format!("`{id}` is an id of the footnote `[^{label}]`"));
        }
        if let Some(key) = id
            .strip_prefix("ref-")
            .filter(|key| self.keys.contains(*key))
        {
            return Some(format!(
                "`{id}` is the id of the reference list entry for `{key}`"
            ));
        }
        None
    }

    pub fn contains(&self, id: &str) -> bool {
        self.theme.contains(id)
            || id == FOOTNOTES_ID
            || self.footnotes.contains_key(id)
            || id
                .strip_prefix("ref-")
                .is_some_and(|key| self.keys.contains(key))
    }
}

/// A problem in a heading's attribute block: where (a byte offset in the heading's source),
/// what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeProblem {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

/// Whether `name` may be an id or a class written in a heading's `{...}`: letters and digits
/// (of any script), `-` and `_`. Nothing that could end an attribute or start a new one.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Checks the `{...}` block at the end of a heading (`source` is the heading as written,
/// `## Title {#id .class}`): it may hold one `#id` and any `.class`es, each made of letters,
/// digits, `-` and `_`. Anything else (`onclick=...`, `tabindex=0`, `autofocus`) would be
/// written into the page as a live attribute, so it is refused.
pub fn check_attribute_block(source: &str) -> Vec<AttributeProblem> {
    let Some((start, inside)) = attribute_block(source) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let mut ids = 0;
    for (offset, token) in tokens(inside) {
        let offset = start + offset;
        let (kind, name) = match (token.strip_prefix('#'), token.strip_prefix('.')) {
            (Some(name), _) => ("id", name),
            (_, Some(name)) => ("class", name),
            _ => {
                problems.push(AttributeProblem {
                    offset,
                    message: format!(
                        "`{token}` cannot be set here: a heading's `{{...}}` may only give it an id (`{{#my-id}}`) and classes (`{{.my-class}}`)"
                    ),
                    hint: "remove it; other attributes can only be written in an HTML heading \
                        (`<h2 ...>`), which needs `markdown: {raw_html: true}` in site.yaml"
                        .into(),
                });
                continue;
            }
        };
        if kind == "id" {
            ids += 1;
            if ids == 2 {
                problems.push(AttributeProblem {
                    offset,
                    message: format!(
                        "a heading has one id, and this one asks for a second: `{token}`"
                    ),
                    hint: "keep one `#id`".into(),
                });
                continue;
            }
        }
        if !is_valid_name(name) {
            let suggestion = crate::support::slug::slugify(name);
            let suggestion = if suggestion.is_empty() {
                format!("{}my-{kind}", &token[..1])
            } else {
                format!("{}{suggestion}", &token[..1])
            };
            problems.push(AttributeProblem {
                offset,
                message: format!(
                    "`{token}` is not a usable {kind}: write it with letters, digits, `-` and `_` only"
                ),
                hint: format!("such as `{suggestion}`"),
            });
        }
    }
    problems
}

/// The byte offset of the `#id` in the heading's attribute block (`source` as for
/// [`check_attribute_block`]).
pub fn id_offset(source: &str) -> Option<usize> {
    let (start, inside) = attribute_block(source)?;
    tokens(inside)
        .find(|(_, token)| token.starts_with('#'))
        .map(|(offset, _)| start + offset)
}

/// The attribute block of a heading, the way pulldown-cmark finds it: `{...}` at the very end
/// of the heading's text (before an ATX closing `##` or a setext underline), holding no `{`,
/// `}`, `<`, `>`, `\` or line break. Returns the byte offset just after `{` and the text inside.
fn attribute_block(source: &str) -> Option<(usize, &str)> {
    let mut text = source.trim_end();
    // A setext heading: the underline is the last line.
    if let Some((before, last)) = text.rsplit_once('\n')
        && !last.trim().is_empty()
        && last.trim().chars().all(|c| c == '=' || c == '-')
    {
        text = before.trim_end();
    }
    // An ATX closing sequence: spaces, then only `#`s.
    let without_hashes = text.trim_end_matches('#');
    if without_hashes.len() < text.len() && without_hashes.ends_with([' ', '\t']) {
        text = without_hashes.trim_end();
    }
    let text = text.strip_suffix('}')?;
    let open = text.rfind(['{', '}', '<', '>', '\\', '\n', '\r'])?;
    (text.as_bytes()[open] == b'{').then(|| (open + 1, &text[open + 1..]))
}

/// The whitespace-separated tokens of `text`, with their byte offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_ascii_whitespace()
        .map(move |token| (token.as_ptr() as usize - text.as_ptr() as usize, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(source: &str) -> Vec<(usize, String)> {
        check_attribute_block(source)
            .into_iter()
            .map(|p| (p.offset, p.message))
            .collect()
    }

    #[test]
    fn only_ids_and_classes_pass() {
        assert!(messages("## Hi {#ok .a .b-c_d}\n").is_empty());
        assert!(messages("## Whānau {#whānau}\n").is_empty());
        assert!(messages("Setext {#s}\n======\n").is_empty());
        assert!(messages("## Closed {#c} ##\n").is_empty());
        assert!(messages("## No block\n").is_empty());
        assert!(messages("## Not a block {a<b}\n").is_empty());
        assert_eq!(messages("## Wide {ā}\n").len(), 1);
    }

    #[test]
    fn anything_else_is_refused_where_it_stands() {
        let source = "## Hi {#ok autofocus onfocus=alert(document.domain) tabindex=0}\n";
        let found = messages(source);
        let at: Vec<&str> = found.iter().map(|(o, _)| &source[*o..*o + 4]).collect();
        assert_eq!(at, ["auto", "onfo", "tabi"]);
        assert!(
            found[1]
                .1
                .contains("`onfocus=alert(document.domain)` cannot be set")
        );
        let bad = messages("## A {.a\"b #x #y .}\n");
        assert_eq!(bad.len(), 3, "{bad:?}");
        assert!(bad[0].1.contains("not a usable class"));
        assert!(bad[1].1.contains("second"));
        assert!(bad[2].1.contains("`.` cannot be set") || bad[2].1.contains("usable"));
    }

    #[test]
    fn unique_ids_skip_reserved_ones() {
        let mut used = UsedIds::default();
        let reserved = |id: &str| id == "a" || id == "a-2";
        assert_eq!(used.unique("a".into(), reserved), "a-3");
        assert_eq!(used.unique("a".into(), reserved), "a-4");
        assert_eq!(used.unique("b".into(), reserved), "b");
        assert_eq!(used.unique("b".into(), reserved), "b-2");
    }

    #[test]
    fn reserved_ids_say_why() {
        let theme: HashSet<String> = ["site-search".to_string()].into();
        let keys: HashSet<String> = ["walker2017".to_string()].into();
        let reserved = Reserved {
            theme: &theme,
            keys: &keys,
            footnotes: [("fn-a".to_string(), "a".to_string())].into(),
        };
        assert!(
            reserved
                .why("site-search")
                .is_some_and(|w| w.contains("theme"))
        );
        assert!(
            reserved
                .why("ref-walker2017")
                .is_some_and(|w| w.contains("walker2017"))
        );
        assert!(reserved.why("fn-a").is_some_and(|w| w.contains("[^a]")));
        assert!(reserved.why("footnotes").is_some());
        assert_eq!(reserved.why("ref-other"), None);
        assert!(!reserved.contains("fn-b"));
    }
}
