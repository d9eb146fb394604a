//! A page's schema.org `Article`, as JSON for a `<script type="application/ld+json">`.

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
    script_safe_json(&article)
}
