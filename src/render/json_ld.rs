//! A page's schema.org `Article` (a `MedicalWebPage` with `lastReviewed` and `reviewedBy` on a
//! site with `review:` in site.yaml), as JSON for a `<script type="application/ld+json">`.

use crate::content::Review;
use serde_json::value::RawValue;

use crate::render::feeds::{is_script_special, script_safe_json};
use crate::site::{Page, ReferenceEntry, Site};

/// Tags stripped and the five entities decoded: the plain text of a formatted reference.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(out)
}

/// The five entities of escaped HTML decoded, in one pass: the same text as five `replace`s
/// with `&amp;` last (`&amp;lt;` is `&lt;`), which copied every reference five times. No
/// entity can begin inside a decoded character, so decoding each `&` in turn finds the same.
fn decode_entities(text: String) -> String {
    if !text.contains('&') {
        return text;
    }
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(name, _)| rest.starts_with(name)) {
            Some((name, decoded)) => {
                out.push(*decoded);
                rest = &rest[name.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The parts of pages' JSON-LD that many pages share, written once for the site: each work's
/// `citation` entry (a page cites a few of the site's works, and writing a reference's plain
/// text, escaped, was most of the work of a page's JSON), the `isPartOf` website and the
/// `publisher`. Each is JSON as [`script_safe_json`] writes it, printed into a page's as it is.
pub struct Shared {
    /// By index of the bibliography's works.
    works: Vec<Box<RawValue>>,
    is_part_of: Box<RawValue>,
    publisher: Box<RawValue>,
}

impl Shared {
    pub fn new(site: &Site) -> Shared {
        Shared {
            works: site
                .bibliography
                .works
                .iter()
                .map(|work| {
                    raw(&Named {
                        kind: "CreativeWork",
                        name: plain_text(&work.html),
                    })
                })
                .collect(),
            is_part_of: raw(&WebSite {
                kind: "WebSite",
                name: &site.config.title,
                url: site.absolute_url(""),
            }),
            publisher: raw(&Named {
                kind: "Organization",
                name: &site.config.title,
            }),
        }
    }
}

/// `value` as [`script_safe_json`] writes it, to be printed inside other JSON as it is.
fn raw(value: &impl serde::Serialize) -> Box<RawValue> {
    RawValue::from_string(script_safe_json(value)).unwrap_or_else(|_| RawValue::NULL.to_owned())
}

/// The page's JSON-LD. Written by hand, its keys as constants: through serde, every key was
/// escaped and checked for script-special bytes like any text, for every page (most of the
/// work of a page's JSON). Keys are in the order a `serde_json::Value` map writes them
/// (sorted), so the JSON is what it was; each text is written as [`script_safe_json`] would.
pub fn article(site: &Site, shared: &Shared, page: &Page) -> String {
    let in_language = page.lang.as_deref().unwrap_or(&site.config.language);
    let reviewed = site.config.review.is_some();
    let review = page.review.as_ref().filter(|_| reviewed);
    let mut out = String::with_capacity(1024);
    out.push_str(r#"{"@context":"https://schema.org","@type":""#);
    out.push_str(if reviewed {
        "MedicalWebPage"
    } else {
        "Article"
    });
    // A translation's categories by their names in its language (`Hauora`), as its page and
    // its `article:tag`s show them, so that `about` is in the page's `inLanguage`.
    out.push_str(r#"","about":["#);
    for (index, &c) in page.categories.iter().enumerate() {
        let category = &site.categories[c];
        let name = category
            .name_in(in_language)
            .unwrap_or(category.name.as_str());
        if index > 0 {
            out.push(',');
        }
        out.push_str(r#"{"@type":"Thing","name":"#);
        push_text(&mut out, name);
        out.push('}');
    }
    out.push_str(r#"],"citation":["#);
    for (index, reference) in page.references.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        match reference {
            ReferenceEntry::Work(i) => out.push_str(shared.works[*i].get()),
            ReferenceEntry::Text(html) => {
                out.push_str(r#"{"@type":"CreativeWork","name":"#);
                push_text(&mut out, &plain_text(html));
                out.push('}');
            }
        }
    }
    out.push(']');
    if let Some(modified) = page.updated.or(page.date) {
        push_date(&mut out, "dateModified", modified);
    }
    if let Some(published) = page.date {
        push_date(&mut out, "datePublished", published);
    }
    if let Some(description) = page.description.as_deref() {
        out.push_str(r#","description":"#);
        push_text(&mut out, description);
    }
    out.push_str(r#","headline":"#);
    push_text(&mut out, &page.title);
    out.push_str(r#","inLanguage":"#);
    push_text(&mut out, in_language);
    out.push_str(r#","isPartOf":"#);
    out.push_str(shared.is_part_of.get());
    if let Some(last_reviewed) = review.and_then(|r| r.reviewed) {
        push_date(&mut out, "lastReviewed", last_reviewed);
    }
    out.push_str(r#","publisher":"#);
    out.push_str(shared.publisher.get());
    if let Some(review) = review {
        push_reviewers(&mut out, site, review);
    }
    out.push_str(r#","url":"#);
    push_text(&mut out, &site.absolute_url(&page.url));
    out.push('}');
    out
}

/// `,"key":"YYYY-MM-DD"` (a date's text holds nothing to escape).
fn push_date(out: &mut String, key: &str, date: crate::content::Date) {
    use std::fmt::Write as _;
    out.push_str(",\"");
    out.push_str(key);
    out.push_str("\":\"");
    // Writing into a String cannot fail.
    let _ = write!(out, "{date}");
    out.push('"');
}

/// `,"reviewedBy":[...]`: the page's reviewers that site.yaml's `people` names, each a
/// `Person` with `honorificSuffix` and `jobTitle` when known; nothing when none is named.
fn push_reviewers(out: &mut String, site: &Site, review: &Review) {
    let mut people = review
        .reviewed_by
        .iter()
        .filter_map(|id| site.config.people.get(id))
        .peekable();
    if people.peek().is_none() {
        return;
    }
    out.push_str(r#","reviewedBy":["#);
    for (index, person) in people.enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(r#"{"@type":"Person""#);
        if let Some(credentials) = person.credentials.as_deref() {
            out.push_str(r#","honorificSuffix":"#);
            push_text(out, credentials);
        }
        if let Some(role) = person.role.as_deref() {
            out.push_str(r#","jobTitle":"#);
            push_text(out, role);
        }
        out.push_str(r#","name":"#);
        push_text(out, &person.name);
        if let Some(url) = person.url.as_deref() {
            out.push_str(r#","url":"#);
            push_text(out, url);
        }
        out.push('}');
    }
    out.push(']');
}

/// `text` as a JSON string, as [`script_safe_json`] writes it: copied between quotes when it
/// holds nothing JSON or a script escapes (most texts), else through that function.
fn push_text(out: &mut String, text: &str) {
    // Control characters, `"` and `\` (JSON's escapes), `<`, `>` and `&`, and any byte that
    // could end U+2028 or U+2029 (the script's): a text with none is written as it is.
    let plain = |b: u8| b >= 0x20 && b != b'"' && b != b'\\' && !is_script_special(b);
    if text.bytes().all(plain) {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        out.push_str(&script_safe_json(&text));
    }
}

/// A thing of a schema.org type with a name: the publisher (`Organization`) and each work
/// cited (`CreativeWork`), written once for the site ([`Shared`]).
#[derive(serde::Serialize)]
struct Named<N> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: N,
}

/// The site, as the `isPartOf` of every page.
#[derive(serde::Serialize)]
struct WebSite<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_written_as_script_safe_json_writes_it() {
        for text in [
            "",
            "plain words",
            "Māori © 2024",
            "quote \" and backslash \\",
            "</script><!-- & > <",
            "line\u{2028}para\u{2029}end",
            "\u{2027}\u{202A}\u{A8}\u{A9}",
            "tab\tnew\nline\r\u{8}\u{c}\u{1}\u{1f}\u{7f}",
        ] {
            let mut out = String::new();
            push_text(&mut out, text);
            assert_eq!(out, script_safe_json(&text), "{text:?}");
        }
    }

    #[test]
    fn entities_decode_as_five_replaces_did() {
        let five = |s: &str| {
            s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        };
        for text in [
            "",
            "plain",
            "&",
            "&&",
            "&amp;lt;",
            "&&lt;",
            "&lt&gt;",
            "a &amp;amp; b",
            "&quot;x&#39;s&quot; &#39",
            "T&amp;F: 1 &lt; 2 &gt; 0 &am",
            "Māori &amp; Pasifika &#39;&",
        ] {
            assert_eq!(decode_entities(text.to_string()), five(text), "{text}");
        }
    }
}
