//! A page's schema.org `Article` (a `MedicalWebPage` with `lastReviewed` and `reviewedBy` on a
//! site with `review:` in site.yaml), as JSON for a `<script type="application/ld+json">`.

use crate::content::Review;
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
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub fn article(site: &Site, page: &Page) -> String {
    let about: Vec<serde_json::Value> = page
        .categories
        .iter()
        .map(|&c| serde_json::json!({ "@type": "Thing", "name": site.categories[c].name }))
        .collect();
    let citation: Vec<serde_json::Value> = page
        .references
        .iter()
        .map(|r| {
            let html = match r {
                ReferenceEntry::Work(i) => &site.bibliography.works[*i].html,
                ReferenceEntry::Text(html) => html,
            };
            serde_json::json!({ "@type": "CreativeWork", "name": plain_text(html) })
        })
        .collect();
    let mut article = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "url": site.absolute_url(&page.url),
        "inLanguage": page.lang.as_deref().unwrap_or(&site.config.language),
        "isPartOf": { "@type": "WebSite", "name": site.config.title, "url": site.absolute_url("") },
        "publisher": { "@type": "Organization", "name": site.config.title },
        "about": about,
        "citation": citation,
    });
    if let Some(description) = &page.description {
        article["description"] = description.clone().into();
    }
    if let Some(date) = page.date {
        article["datePublished"] = date.to_string().into();
    }
    if let Some(date) = page.updated.or(page.date) {
        article["dateModified"] = date.to_string().into();
    }
    if site.config.review.is_some() {
        article["@type"] = "MedicalWebPage".into();
        if let Some(review) = &page.review {
            add_review(site, review, &mut article);
        }
    }
    script_safe_json(&article)
}

/// `lastReviewed` and `reviewedBy` (each reviewer a `Person` with `jobTitle`).
fn add_review(site: &Site, review: &Review, page: &mut serde_json::Value) {
    if let Some(reviewed) = review.reviewed {
        page["lastReviewed"] = reviewed.to_string().into();
    }
    let people: Vec<serde_json::Value> = review
        .reviewed_by
        .iter()
        .filter_map(|id| site.config.people.get(id))
        .map(|person| {
            let mut json = serde_json::json!({ "@type": "Person", "name": person.name });
            if let Some(role) = &person.role {
                json["jobTitle"] = role.as_str().into();
            }
            if let Some(credentials) = &person.credentials {
                json["honorificSuffix"] = credentials.as_str().into();
            }
            if let Some(url) = &person.url {
                json["url"] = url.as_str().into();
            }
            json
        })
        .collect();
    if !people.is_empty() {
        page["reviewedBy"] = people.into();
    }
}
