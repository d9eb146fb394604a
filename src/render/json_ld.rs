//! A page's schema.org `Article` (a `MedicalWebPage` with `lastReviewed` and `reviewedBy` on a
//! site with `review:` in site.yaml), as JSON for a `<script type="application/ld+json">`.

use crate::content::Review;
use serde_json::value::RawValue;

use crate::render::feeds::script_safe_json;
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

pub fn article(site: &Site, shared: &Shared, page: &Page) -> String {
    let in_language = page.lang.as_deref().unwrap_or(&site.config.language);
    // A translation's categories by their names in its language (`Hauora`), as its page and
    // its `article:tag`s show them, so that `about` is in the page's `inLanguage`.
    let about = page
        .categories
        .iter()
        .map(|&c| Named {
            kind: "Thing",
            name: site.categories[c]
                .name_in(in_language)
                .unwrap_or(site.categories[c].name.as_str()),
        })
        .collect();
    let citation = page
        .references
        .iter()
        .map(|r| match r {
            ReferenceEntry::Work(i) => Citation::Work(&shared.works[*i]),
            ReferenceEntry::Text(html) => Citation::Text(Named {
                kind: "CreativeWork",
                name: plain_text(html),
            }),
        })
        .collect();
    let reviewed = site.config.review.is_some();
    let review = page.review.as_ref().filter(|_| reviewed);
    let article = Article {
        context: "https://schema.org",
        kind: if reviewed {
            "MedicalWebPage"
        } else {
            "Article"
        },
        about,
        citation,
        date_modified: page.updated.or(page.date).map(|d| d.to_string()),
        date_published: page.date.map(|d| d.to_string()),
        description: page.description.as_deref(),
        headline: &page.title,
        in_language,
        is_part_of: &shared.is_part_of,
        last_reviewed: review.and_then(|r| r.reviewed).map(|d| d.to_string()),
        publisher: &shared.publisher,
        reviewed_by: review.map(|r| reviewers(site, r)).unwrap_or_default(),
        url: site.absolute_url(&page.url),
    };
    script_safe_json(&article)
}

// Written straight from these structs rather than through `serde_json::Value`, whose maps and
// strings cost more than the rest of a page's data. Fields are in the order a
// `serde_json::Value` map writes them (sorted), so the JSON is what it was.

/// A schema.org `Article` or `MedicalWebPage`.
#[derive(serde::Serialize)]
struct Article<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    about: Vec<Named<&'a str>>,
    citation: Vec<Citation<'a>>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isPartOf")]
    is_part_of: &'a RawValue,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    publisher: &'a RawValue,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Vec::is_empty")]
    reviewed_by: Vec<Person<'a>>,
    url: String,
}

/// An item of `citation`: a work's, written for the site once, or a free-text reference's.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Citation<'a> {
    Work(&'a RawValue),
    Text(Named<String>),
}

/// A thing of a schema.org type with a name: a category (`Thing`), a work cited
/// (`CreativeWork`), the publisher (`Organization`).
#[derive(serde::Serialize)]
struct Named<N> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: N,
}

#[derive(serde::Serialize)]
struct WebSite<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

/// A reviewer: a `Person` with `jobTitle` and `honorificSuffix` when known.
#[derive(serde::Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "honorificSuffix", skip_serializing_if = "Option::is_none")]
    honorific_suffix: Option<&'a str>,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// The page's reviewers that site.yaml's `people` names (`reviewedBy`).
fn reviewers<'a>(site: &'a Site, review: &'a Review) -> Vec<Person<'a>> {
    review
        .reviewed_by
        .iter()
        .filter_map(|id| site.config.people.get(id))
        .map(|person| Person {
            kind: "Person",
            honorific_suffix: person.credentials.as_deref(),
            job_title: person.role.as_deref(),
            name: &person.name,
            url: person.url.as_deref(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
