//! The files machines read: `sitemap.xml`, `robots.txt`, Atom feeds and the search index.
//!
//! All are written from the [`Site`] model with their own escaping (XML text, or JSON made safe
//! inside a `<script>` file). Absolute URLs come from `base_url`; nothing here depends on the
//! time of the build, so the same input always gives the same bytes.

use std::fmt::Write as _;

use crate::content::Date;
use crate::site::{Page, Site};
use crate::support::escape::{BLOCK, block_holds};

/// How many entries a feed holds.
pub const FEED_ENTRIES: usize = 20;

/// A URL the sitemap lists besides the pages' (a listing, the categories page...).
pub struct SitemapUrl<'a> {
    /// Site-relative; empty for the home page.
    pub url: String,
    /// Its versions in the languages of `languages` (language tag, site-relative URL), in
    /// their order; empty when it has none.
    pub versions: Vec<(&'a str, String)>,
}

/// The most one sitemap file may hold, as the sitemap protocol says: 50,000 URLs and
/// 52,428,800 bytes. A site past either gets a sitemap index instead ([`sitemaps`]).
const SITEMAP_MAX_URLS: usize = 50_000;
const SITEMAP_MAX_BYTES: usize = 52_428_800;

/// The sitemap files, each with its path: `sitemap.xml` alone, listing every page, category
/// and listing, with `lastmod` from `updated` or `date`; on a site with `languages`, each
/// translated page, and each language's home, category, categories, bibliography and search
/// pages, with its versions as alternates. On a site of more URLs (or bytes) than one sitemap
/// may hold, they go in `sitemap-1.xml`, `sitemap-2.xml`, ..., and `sitemap.xml` is the index
/// naming them (search engines refuse a sitemap past the limits whole).
pub fn sitemaps(site: &Site, extra_urls: &[SitemapUrl]) -> Vec<(String, String)> {
    let entries = sitemap_entries(site, extra_urls);
    let mut head = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if !site.config.languages.is_empty() {
        head.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    head.push_str(">\n");
    let files = split_sitemap(entries, &head, SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES);
    if files.len() == 1 {
        return files
            .into_iter()
            .map(|(text, _)| ("sitemap.xml".to_string(), text))
            .collect();
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut written = Vec::with_capacity(files.len() + 1);
    for (n, (text, newest)) in files.into_iter().enumerate() {
        let path = format!("sitemap-{}.xml", n + 1);
        index.push_str("  <sitemap><loc>");
        crate::support::escape::xml(&site.absolute_url(&path), &mut index);
        index.push_str("</loc>");
        if let Some(date) = newest {
            let _ = write!(index, "<lastmod>{date}</lastmod>");
        }
        index.push_str("</sitemap>\n");
        written.push((path, text));
    }
    index.push_str("</sitemapindex>\n");
    written.insert(0, ("sitemap.xml".to_string(), index));
    written
}

/// `entries` in as many sitemap files as the limits need (one at least), each starting with
/// `head`, with the newest `lastmod` among its entries.
fn split_sitemap(
    entries: Vec<(String, Option<Date>)>,
    head: &str,
    max_urls: usize,
    max_bytes: usize,
) -> Vec<(String, Option<Date>)> {
    const TAIL: &str = "</urlset>\n";
    let mut files: Vec<(String, Option<Date>)> = vec![(head.to_string(), None)];
    let mut in_file = 0;
    for (entry, lastmod) in entries {
        let Some((text, _)) = files.last() else {
            break;
        };
        if in_file > 0 && (in_file == max_urls || text.len() + entry.len() + TAIL.len() > max_bytes)
        {
            files.push((head.to_string(), None));
            in_file = 0;
        }
        if let Some((text, newest)) = files.last_mut() {
            text.push_str(&entry);
            *newest = (*newest).max(lastmod);
        }
        in_file += 1;
    }
    for (text, _) in &mut files {
        text.push_str(TAIL);
    }
    files
}

/// Each URL's `<url>` element, with its `lastmod`: the home page, the pages (not drafts), then
/// the other URLs.
fn sitemap_entries(site: &Site, extra_urls: &[SitemapUrl]) -> Vec<(String, Option<Date>)> {
    use rayon::prelude::*;
    let mut entries = Vec::with_capacity(site.pages.len() + extra_urls.len() + 1);
    let home_versions = extra_urls
        .iter()
        .find(|extra| extra.url.is_empty())
        .map_or(&[][..], |home| &home.versions);
    let home_lastmod = site
        .pages
        .iter()
        .filter(|page| !page.draft)
        .filter_map(last_changed)
        .max();
    entries.push(sitemap_entry(site, "", home_lastmod, home_versions));
    // A draft is only built with `--drafts`, for a preview: search engines need not know it.
    // In parallel (in order): one after another, the pages' entries kept a core idle.
    entries.par_extend(
        site.pages
            .par_iter()
            .filter(|page| !page.draft)
            .map(|page| {
                let versions = page_versions(site, page);
                sitemap_entry(site, &page.url, last_changed(page), &versions)
            }),
    );
    entries.extend(
        extra_urls
            .iter()
            .filter(|extra| !extra.url.is_empty())
            .map(|extra| sitemap_entry(site, &extra.url, None, &extra.versions)),
    );
    entries
}

/// The `<url>` element of the site-relative `url`, with its `lastmod` and its versions.
fn sitemap_entry(
    site: &Site,
    url: &str,
    lastmod: Option<Date>,
    versions: &[(&str, String)],
) -> (String, Option<Date>) {
    let mut out = String::from("  <url><loc>");
    crate::support::escape::xml(&sitemap_url(site, url), &mut out);
    out.push_str("</loc>");
    if let Some(date) = lastmod {
        let _ = write!(out, "<lastmod>{date}</lastmod>");
    }
    alternates(site, versions, &mut out);
    out.push_str("</url>\n");
    (out, lastmod)
}

/// A page's versions (language tag, URL), in the order of `languages`.
fn page_versions<'a>(site: &'a Site, page: &Page) -> Vec<(&'a str, String)> {
    let mut versions: Vec<(&str, String)> = page
        .translations
        .iter()
        .filter_map(|&i| {
            let version = site.pages.get(i).filter(|version| !version.draft)?;
            let language = site.config.languages.get(version.language)?;
            Some((language.code.as_str(), version.url.clone()))
        })
        .collect();
    // A page whose other versions are all drafts has none, as in a build without them.
    if versions.len() < 2 {
        versions.clear();
    }
    versions
}

/// The `<xhtml:link rel="alternate" hreflang>` of a file's versions (language tag,
/// site-relative URL, in the order of `languages`), and `x-default` for the first: the
/// default language's when there is one, as in the default theme's `<head>`.
fn alternates(site: &Site, versions: &[(&str, String)], out: &mut String) {
    let mut link = |hreflang: &str, url: &str| {
        let _ = write!(
            out,
            "<xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\""
        );
        crate::support::escape::xml(&sitemap_url(site, url), out);
        out.push_str("\"/>");
    };
    for (code, url) in versions {
        link(code, url);
    }
    if let Some((_, url)) = versions.first() {
        link("x-default", url);
    }
}

/// The absolute URL of `url` (site-relative) as the sitemap protocol wants it, and the Atom
/// feeds' ids and links as feed readers read them best (a URI, as the base URL is already
/// written): a page's own `slug` may hold letters outside ASCII (`whārangi`), which are
/// percent-encoded.
fn sitemap_url(site: &Site, url: &str) -> String {
    site.absolute_url(&crate::support::urls::ascii_path(url))
}

/// `robots.txt`: everything may be crawled; the sitemap is named. Crawlers read it only at the
/// root of a host, so a site published under a path (`https://example.org/resources`, as a
/// GitHub Pages project site is) says so in a comment, with the file to put its lines in.
pub fn robots(site: &Site) -> String {
    let base = site.config.base_url.as_deref().unwrap_or_default();
    let host_end = base
        .find("://")
        .and_then(|scheme| base[scheme + 3..].find('/').map(|at| scheme + 3 + at));
    let note = match host_end {
        Some(at) => format!(
            "# Crawlers read robots.txt only at the root of a host ({}/robots.txt), not under\n\
             # {}/: add the Sitemap line below to that file.\n",
            &base[..at],
            &base[at..]
        ),
        None => String::new(),
    };
    format!(
        "{note}User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.absolute_url("sitemap.xml")
    )
}

fn last_changed(page: &Page) -> Option<Date> {
    page.updated.or(page.date)
}

/// When a feed says the page last changed: `updated`, `date`, or for a page with neither its
/// last review (a reviewed page was read and confirmed then).
fn feed_date(page: &Page) -> Option<Date> {
    last_changed(page).or(page.review.as_ref().and_then(|r| r.reviewed))
}

/// An Atom feed of the newest of `pages` (indices into the site's pages, which are newest
/// first). `note_label` gives the theme's word for a content note in a page's language (its
/// `lang`, `None` for the site's), for the entry's summary.
pub fn atom<'w>(
    site: &Site,
    (title, lang): (&str, &str),
    feed_url: &str,
    html_url: &str,
    pages: &[usize],
    note_label: &dyn Fn(Option<&str>) -> &'w str,
) -> String {
    // A page without `date`, `updated` or `reviewed` (an about or privacy page) is not news:
    // given the feed's fallback time it showed in readers as new in 1970. A draft (built for
    // a preview with `--drafts`) is not announced: a feed reader keeps what it has read, so a
    // preview deployed by mistake would announce it for good.
    let mut newest: Vec<&Page> = pages
        .iter()
        .map(|&p| &site.pages[p])
        .filter(|p| feed_date(p).is_some() && !p.draft)
        .collect();
    // Category lists put weighted pages first; a feed is strictly newest first.
    newest.sort_by(|a, b| {
        feed_date(b)
            .cmp(&feed_date(a))
            .then_with(|| a.url.cmp(&b.url))
    });
    newest.truncate(FEED_ENTRIES);
    let updated = newest
        .iter()
        .filter_map(|p| feed_date(p))
        .max()
        .map(rfc3339)
        .unwrap_or_else(fallback_time);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    out.push_str(" xml:lang=\"");
    crate::support::escape::xml(lang, &mut out);
    out.push_str("\">\n  <title>");
    crate::support::escape::xml(title, &mut out);
    out.push_str("</title>\n  <id>");
    crate::support::escape::xml(&sitemap_url(site, feed_url), &mut out);
    out.push_str("</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"");
    crate::support::escape::xml(&sitemap_url(site, feed_url), &mut out);
    out.push_str("\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"");
    crate::support::escape::xml(&sitemap_url(site, html_url), &mut out);
    let _ = write!(out, "\"/>\n  <updated>{updated}</updated>\n");
    if let Some(description) = &site.config.description {
        // site.yaml's text is in the site's language, whatever the feed's.
        if lang.eq_ignore_ascii_case(&site.config.language) {
            out.push_str("  <subtitle>");
        } else {
            out.push_str("  <subtitle xml:lang=\"");
            crate::support::escape::xml(&site.config.language, &mut out);
            out.push_str("\">");
        }
        crate::support::escape::xml(description, &mut out);
        out.push_str("</subtitle>\n");
    }
    out.push_str("  <author><name>");
    crate::support::escape::xml(&site.config.title, &mut out);
    out.push_str("</name></author>\n");
    for page in newest {
        let url = sitemap_url(site, &page.url);
        out.push_str("  <entry");
        // A page in the site's language, in a feed in another (a te reo category's feed
        // lists untranslated pages too), says so.
        let entry_lang = page
            .lang
            .as_deref()
            .or((lang != site.config.language).then_some(site.config.language.as_str()));
        if let Some(lang) = entry_lang {
            out.push_str(" xml:lang=\"");
            crate::support::escape::xml(lang, &mut out);
            out.push('"');
        }
        out.push_str(">\n    <title>");
        crate::support::escape::xml(&page.title, &mut out);
        out.push_str("</title>\n    <id>");
        crate::support::escape::xml(&url, &mut out);
        out.push_str("</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"");
        crate::support::escape::xml(&url, &mut out);
        out.push_str("\"/>\n");
        let updated = feed_date(page).map(rfc3339).unwrap_or_else(fallback_time);
        let _ = writeln!(out, "    <updated>{updated}</updated>");
        if let Some(date) = page.date {
            let _ = writeln!(out, "    <published>{}</published>", rfc3339(date));
        }
        for &category in &page.categories {
            out.push_str("    <category term=\"");
            // Named in the feed's language (site.yaml's `name: {mi: Hauora}`), else its own.
            let category = &site.categories[category];
            let name = category.name_in(lang).unwrap_or(&category.name);
            crate::support::escape::xml(name, &mut out);
            out.push_str("\"/>\n");
        }
        let summary = page.description.as_deref().unwrap_or(&page.excerpt);
        // A page of pictures alone has no words to sum up: an empty `<summary/>` showed in
        // feed readers as a blank preview. (The entry's title and link are all it needs.)
        if summary.trim().is_empty() && page.content_note.is_none() {
            out.push_str("  </entry>\n");
            continue;
        }
        out.push_str("    <summary>");
        // A content note comes first, as on the page, so a feed reader shows it first.
        if let Some(note) = &page.content_note {
            let label = note_label(page.lang.as_deref());
            crate::support::escape::xml(&format!("{label}: {note} "), &mut out);
        }
        crate::support::escape::xml(summary, &mut out);
        out.push_str("</summary>\n  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn rfc3339(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// For a feed with no dated pages: `SOURCE_DATE_EPOCH` when set (reproducible-builds.org),
/// else the Unix epoch; never the time of the build.
fn fallback_time() -> String {
    let seconds: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    let (year, month, day) = crate::content::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// JSON for a `<script>` element or file: `<`, `>` and `&` are escaped so no `</script>` or
/// `<!--` in the data can end the script early.
pub fn script_safe_json(value: &impl serde::Serialize) -> String {
    // A page's JSON-LD is most of a kilobyte: grown from empty, it was copied a few times.
    let mut out = Vec::with_capacity(1024);
    write_script_safe_json(value, &mut out);
    String::from_utf8(out).unwrap_or_else(|_| "null".into())
}

/// [`script_safe_json`] appended to `out`, escaped as it is written: one pass and one buffer
/// (the search index of a large site is megabytes, and five `replace` passes over it each
/// made and grew a copy).
fn write_script_safe_json(value: &impl serde::Serialize, out: &mut Vec<u8>) {
    let start = out.len();
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, ScriptSafe);
    if value.serialize(&mut serializer).is_err() {
        out.truncate(start);
        out.extend_from_slice(b"null");
    }
}

/// serde_json's compact output, with `<`, `>`, `&`, U+2028 and U+2029 escaped in strings
/// (the only place JSON can hold them; U+2028/9 end a line in older JavaScript).
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        // Most strings hold none of these: one test, then one write.
        if !holds_script_special(bytes) {
            return writer.write_all(bytes);
        }
        let mut run = 0;
        for (at, &b) in bytes.iter().enumerate() {
            let escape: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9: escaped at their last byte.
                0xA8 | 0xA9 if at >= 2 && bytes[at - 2] == 0xE2 && bytes[at - 1] == 0x80 => {
                    writer.write_all(&bytes[run..at - 2])?;
                    run = at + 1;
                    writer.write_all(if b == 0xA8 { b"\\u2028" } else { b"\\u2029" })?;
                    continue;
                }
                _ => continue,
            };
            writer.write_all(&bytes[run..at])?;
            writer.write_all(escape)?;
            run = at + 1;
        }
        writer.write_all(&bytes[run..])
    }
}

/// Whether [`ScriptSafe`] escapes `b` (or `b` may be the last byte of U+2028/9): `<`, `>`, `&`,
/// 0xA8 and 0xA9.
pub fn is_script_special(b: u8) -> bool {
    (b == b'<') | (b == b'>') | (b == b'&') | (b & 0xFE == 0xA8)
}

/// Whether `bytes` hold a byte [`ScriptSafe`] escapes (or the last byte of U+2028/9), a
/// block at a time (see [`block_holds`]: a byte at a time, this test was most of the time
/// spent writing the JSON).
fn holds_script_special(bytes: &[u8]) -> bool {
    let special = is_script_special;
    let mut blocks = bytes.chunks_exact(BLOCK);
    // Most strings are shorter than a block: their bytes are looked at one by one, stopping
    // at the first found (as a block, they took more instructions).
    blocks.by_ref().any(|block| block_holds(block, special))
        || blocks.remainder().iter().any(|&b| special(b))
}

/// The search index, as a script that sets `window.ATTACH_GEN_SEARCH` (a script, not JSON
/// fetched at run time, so search works from `file://` too). Per page: title, URL, category
/// indices, a snippet, keywords (with its headings' words) and the content note.
/// Serialised from borrowed structs: a `serde_json::Value` tree of every page cost more
/// memory than the rest of the index step.
///
/// On a site with `languages`, each language has its own (`mi/search-index.js`, for
/// `mi/search/`): each page once, in that language where it has a version in it (as its
/// home lists them), categories named and linked in it, every page's language, the path from
/// its search page to the site root, and the search page's words in it (`words`, from the
/// theme's `search_*` words). A site without `languages` has one, of every page.
pub fn search_index(
    site: &Site,
    language: usize,
    (words, foreign): (
        &crate::render::strings::Words,
        &crate::render::strings::Words,
    ),
) -> String {
    let multilingual = !site.config.languages.is_empty();
    let prefix = site
        .config
        .languages
        .get(language)
        .map_or("", |l| l.prefix.as_str());
    let root = crate::support::urls::root_prefix(&format!("{prefix}search/"));
    // A category with no page in this language has no page in it: it is left out, and the
    // pages' category indices are renumbered around it (only when some category is). So is
    // one of drafts only in a `--drafts` preview, as the index leaves drafts out.
    let kept: Vec<bool> = site
        .categories
        .iter()
        .map(|c| !c.published_pages(&site.pages, language).is_empty())
        .collect();
    let renumbered: Option<Vec<usize>> = kept.contains(&false).then(|| {
        kept.iter()
            .scan(0, |next, &keep| {
                let number = *next;
                *next += usize::from(keep);
                Some(number)
            })
            .collect()
    });
    let index = SearchIndex {
        categories: site
            .categories
            .iter()
            .zip(&kept)
            .filter(|(_, keep)| **keep)
            .map(|(c, _)| match c.languages.get(language) {
                Some(version) => SearchCategory {
                    l: (version.untranslated && language > 0)
                        .then_some(site.config.language.as_str()),
                    n: &version.name,
                    nh: c.name_html.as_deref().filter(|_| version.untranslated),
                    u: &version.url,
                },
                None => SearchCategory {
                    l: None,
                    n: &c.name,
                    nh: c.name_html.as_deref(),
                    u: &c.url,
                },
            })
            .collect(),
        pages: site
            .pages
            .iter()
            .enumerate()
            // A draft (built with `--drafts`, for a preview) is left out: the index is a file
            // of every page's words that anything may fetch, and a preview deployed by
            // mistake should not offer it.
            .filter(|&(index, page)| match multilingual {
                true => crate::site::translations::published_in(&site.pages, index, language),
                false => !page.draft,
            })
            .map(|(_, p)| SearchPage {
                c: match &renumbered {
                    Some(numbers) => std::borrow::Cow::Owned(
                        p.categories
                            .iter()
                            .filter(|&&c| kept.get(c).copied().unwrap_or(true))
                            .filter_map(|&c| numbers.get(c).copied())
                            .collect(),
                    ),
                    None => std::borrow::Cow::Borrowed(&p.categories),
                },
                k: &p.keywords,
                // On a search page in another language, a page in the site's says so.
                l: p.lang
                    .as_deref()
                    .or(multilingual.then_some(site.config.language.as_str())),
                n: p.content_note.as_deref(),
                nh: p.content_note_html.as_deref(),
                s: p.description.as_deref().unwrap_or(&p.excerpt),
                sh: p.description_html.as_deref(),
                t: &p.title,
                th: p.title_html.as_deref(),
                u: &p.url,
            })
            .collect(),
        root: multilingual.then_some(root.as_str()),
        // Always: a site in one language other than English (`language: mi`) showed the
        // script's English words.
        words: Some(
            SEARCH_WORDS
                .iter()
                .filter_map(|&key| Some((key, words.get(key)?.as_str())))
                .collect(),
        ),
        word_langs: Some(
            SEARCH_WORDS
                .iter()
                .filter_map(|&key| Some((key, foreign.get(key)?.as_str())))
                .collect(),
        )
        .filter(|langs: &std::collections::BTreeMap<&str, &str>| !langs.is_empty()),
    };
    // Room for every page at once: space never written to costs no memory.
    let mut out = Vec::with_capacity(4096 + index.pages.len() * 512);
    out.extend_from_slice(b"window.ATTACH_GEN_SEARCH = ");
    write_script_safe_json(&index, &mut out);
    out.extend_from_slice(b";\n");
    String::from_utf8(out).unwrap_or_default()
}

/// The theme's words `search.js` shows (it has English ones of its own for an index
/// without them).
const SEARCH_WORDS: &[&str] = &[
    "content_note",
    "search_no_match",
    "search_one_match",
    "search_matches",
    "search_first_50",
];

/// The search index's data; the one-letter names keep the file small.
#[derive(serde::Serialize)]
struct SearchIndex<'a> {
    categories: Vec<SearchCategory<'a>>,
    pages: Vec<SearchPage<'a>>,
    /// On a site with `languages`: the path from the search page to the site root.
    #[serde(skip_serializing_if = "Option::is_none")]
    root: Option<&'a str>,
    /// The search page's words in its language.
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<std::collections::BTreeMap<&'a str, &'a str>>,
    /// Those of `words` taken from another language (the language lacks them), with its tag,
    /// so that the script marks them (WCAG 3.1.2).
    #[serde(rename = "wl", skip_serializing_if = "Option::is_none")]
    word_langs: Option<std::collections::BTreeMap<&'a str, &'a str>>,
}

#[derive(serde::Serialize)]
struct SearchCategory<'a> {
    /// The name's language when it is not the index's (a category with no name in it).
    #[serde(skip_serializing_if = "Option::is_none")]
    l: Option<&'a str>,
    n: &'a str,
    /// The name as HTML when site.yaml marks its language (`[Hauora]{lang=mi}`, or a glossary
    /// term): spans with `lang` around escaped text, as `th`.
    #[serde(skip_serializing_if = "Option::is_none")]
    nh: Option<&'a str>,
    u: &'a str,
}

/// One page: category indices, keywords, language, content note, snippet, title, the title
/// as HTML when it has language spans, URL (in the order of their names, as the index has
/// always been written).
#[derive(serde::Serialize)]
struct SearchPage<'a> {
    c: std::borrow::Cow<'a, [usize]>,
    k: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    l: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<&'a str>,
    /// The content note as HTML when it has language spans or glossary terms, as `th`.
    #[serde(skip_serializing_if = "Option::is_none")]
    nh: Option<&'a str>,
    s: &'a str,
    /// The snippet as HTML when it is the description and has language spans or glossary
    /// terms, as `th`.
    #[serde(skip_serializing_if = "Option::is_none")]
    sh: Option<&'a str>,
    t: &'a str,
    /// `title_html`: only spans with `lang` and classes around escaped text (see
    /// `support::lang::marked`); the script rebuilds those spans from it, nothing else.
    #[serde(skip_serializing_if = "Option::is_none")]
    th: Option<&'a str>,
    u: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_past_its_limits_is_split_with_each_files_newest_date() {
        let date = |d: &str| Date::parse(d).ok();
        let entry = |n: usize| format!("  <url><loc>https://e.org/{n}/</loc></url>\n");
        let entries = vec![
            (entry(1), date("2024-01-02")),
            (entry(2), date("2024-03-01")),
            (entry(3), None),
            (entry(4), date("2023-05-05")),
            (entry(5), None),
        ];
        let head = "<urlset>\n";
        let files = split_sitemap(entries.clone(), head, 2, 1_000_000);
        let dates: Vec<Option<Date>> = files.iter().map(|(_, d)| *d).collect();
        assert_eq!(dates, [date("2024-03-01"), date("2023-05-05"), None]);
        assert!(
            files
                .iter()
                .all(|(t, _)| t.starts_with(head) && t.ends_with("</urlset>\n"))
        );
        assert!(files[2].0.contains("/5/") && !files[2].0.contains("/4/"));
        // By bytes: room for the head, two entries and the tail.
        let limit = head.len() + 2 * entry(1).len() + "</urlset>\n".len();
        assert_eq!(split_sitemap(entries.clone(), head, 50_000, limit).len(), 3);
        // Within both limits, one file holding every entry.
        let one = split_sitemap(entries, head, 50_000, 1_000_000);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0.matches("<url>").count(), 5);
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let json = script_safe_json(
            &serde_json::json!({ "t": "</script><script>alert(1)</script> & <!--" }),
        );
        assert!(!json.contains('<') && !json.contains('>'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back["t"], "</script><script>alert(1)</script> & <!--");
    }

    #[test]
    fn script_json_escapes_line_separators_and_keeps_other_text() {
        let text = "a\u{2028}b\u{2029}c ā\u{20AC}\u{2027} <x> & \"q\" \\ \n\u{1}";
        let json = script_safe_json(&serde_json::json!({ "t<": text }));
        assert_eq!(
            json,
            "{\"t\\u003c\":\"a\\u2028b\\u2029c ā€\u{2027} \\u003cx\\u003e \\u0026 \\\"q\\\" \\\\ \\n\\u0001\"}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back["t<"], text);
    }
}
