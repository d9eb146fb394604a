//! What search engines, feed readers and the site's own search read: sitemap, robots.txt, Atom
//! feeds, canonical links, Open Graph, JSON-LD and the search index; plus the navigation aids
//! for long sites (pagination, table of contents, related resources, reading time).

mod common;

use common::*;

const BASE: &str = "https://example.org/resources";

fn site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("title: Resources\ndescription: Guides.\nlanguage: en-NZ\nbase_url: {BASE}/\nbibliography: [refs.bib]\n"),
    )
    .file("refs.bib", "@book{bowlby1973, author = {Bowlby, John}, title = {Attachment and Loss}, publisher = {Hogarth}, year = {1973}}\n")
    .page(
        "content/attachment.md",
        "title: Attachment\ndescription: About bonds.\ncategories: [For Family / Whānau, Wellbeing]\ndate: 2024-03-12\nupdated: 2024-08-02",
        "## One\n\nText [@bowlby1973].\n\n## Two\n\nMore.\n\n### Two and a half\n\nEven more.\n",
    )
    .page("content/sleep.md", "title: Sleep\ncategories: [Wellbeing]\ndate: 2024-01-22", "## Only one heading\n\nRest well.\n")
    .page("content/undated.md", "title: Undated\ncategories: [Wellbeing, For Family / Whānau]", "Words.\n");
    site
}

fn xml(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

#[test]
fn sitemap_lists_absolute_urls_with_lastmod_and_robots_names_it() {
    let site = site();
    site.build(&[]).assert_ok();
    let text = xml(&site, "output/sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let urls: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|url| {
            let child = |name: &str| {
                url.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").unwrap_or_default(), child("lastmod"))
        })
        .collect();
    assert!(
        urls.contains(&(format!("{BASE}/attachment/"), Some("2024-08-02".into()))),
        "{urls:?}"
    );
    assert!(urls.contains(&(format!("{BASE}/sleep/"), Some("2024-01-22".into()))));
    assert!(urls.contains(&(format!("{BASE}/undated/"), None)));
    assert!(urls.contains(&(format!("{BASE}/categories/wellbeing/"), None)));
    assert!(urls.iter().all(|(loc, _)| loc.starts_with(BASE)));
    // Published under /resources/, where crawlers do not read robots.txt: the file says so.
    assert_eq!(
        xml(&site, "output/robots.txt"),
        format!(
            "# Crawlers read robots.txt only at the root of a host (https://example.org/robots.txt), not under\n\
             # /resources/: add the Sitemap line below to that file.\n\
             User-agent: *\nAllow: /\n\nSitemap: {BASE}/sitemap.xml\n"
        )
    );
    // At a host's root, the file is read where it is: no note.
    site.build(&["--base-url", "https://example.org/"])
        .assert_ok();
    assert_eq!(
        xml(&site, "output/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn atom_feeds_for_the_site_and_each_category() {
    let site = site();
    site.build(&[]).assert_ok();
    // A page with none of `date`, `updated` and `reviewed` is left out: it showed in feed
    // readers as new on 1 January 1970.
    for (feed, expected) in [
        ("output/atom.xml", vec!["Attachment", "Sleep"]),
        (
            "output/categories/for-family-whanau/atom.xml",
            vec!["Attachment"],
        ),
    ] {
        let text = xml(&site, feed);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let titles: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|e| {
                e.children()
                    .find(|c| c.has_tag_name("title"))
                    .and_then(|t| t.text())
            })
            .collect();
        assert_eq!(titles, expected, "{feed}");
    }
    let text = xml(&site, "output/atom.xml");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let feed_updated = doc
        .root_element()
        .children()
        .find(|c| c.has_tag_name("updated"))
        .and_then(|u| u.text());
    assert_eq!(feed_updated, Some("2024-08-02T00:00:00Z"));
    let first = doc
        .descendants()
        .find(|n| n.has_tag_name("entry"))
        .unwrap_or_else(|| panic!("no entry"));
    let id = first
        .children()
        .find(|c| c.has_tag_name("id"))
        .and_then(|c| c.text());
    assert_eq!(id, Some(format!("{BASE}/attachment/").as_str()));
    let terms: Vec<&str> = first
        .children()
        .filter(|c| c.has_tag_name("category"))
        .filter_map(|c| c.attribute("term"))
        .collect();
    assert_eq!(terms, ["For Family / Whānau", "Wellbeing"]);
}

/// A page of pictures alone, without a `description`, has no words for a summary: its feed
/// entry has none (an empty `<summary>` showed as a blank preview), and stays a valid entry.
#[test]
fn a_page_without_words_has_no_empty_summary_in_the_feed() {
    let site = site();
    site.page(
        "content/pictures.md",
        "title: Pictures\ndate: 2024-09-01",
        "![A map of the track](https://example.org/map.png)\n",
    );
    site.build(&[]).assert_ok();
    let text = xml(&site, "output/atom.xml");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let summaries: Vec<(Option<&str>, Option<&str>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            let child = |name: &str| {
                e.children()
                    .find(|c| c.has_tag_name(name))
                    .map(|c| c.text().unwrap_or(""))
            };
            (child("title"), child("summary"))
        })
        .collect();
    assert_eq!(summaries[0], (Some("Pictures"), None));
    assert_eq!(summaries[1], (Some("Attachment"), Some("About bonds.")));
    assert_eq!(summaries.len(), 3, "{summaries:?}");
    assert!(
        summaries[2].1.is_some_and(|s| !s.is_empty()),
        "{summaries:?}"
    );
}

#[test]
fn feeds_without_dates_use_source_date_epoch_not_the_clock() {
    let site = Site::new();
    site.file("site.yaml", format!("title: T\nbase_url: {BASE}\n"))
        .page("content/a.md", "title: A", "x\n");
    let root = site.root().to_string_lossy().into_owned();
    let run = run_in_env(
        site.root(),
        &["build", "--root", &root],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    run.assert_ok();
    let feed = xml(&site, "output/atom.xml");
    assert!(feed.contains("<updated>2023-11-14T22:13:20Z</updated>"));
    // The undated page is not an entry (nor given the fallback time as its own).
    let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count(),
        0
    );
}

#[test]
fn pages_carry_canonical_description_open_graph_and_json_ld() {
    let site = site();
    site.build(&[]).assert_ok();
    let html = site.html("output/attachment/index.html");
    assert_eq!(
        attrs(&html, "link[rel=canonical]", "href"),
        [format!("{BASE}/attachment/")]
    );
    assert_eq!(
        attrs(&html, "meta[name=description]", "content"),
        ["About bonds."]
    );
    assert_eq!(
        attrs(&html, "meta[property='og:title']", "content"),
        ["Attachment"]
    );
    assert_eq!(
        attrs(&html, "meta[property='og:type']", "content"),
        ["article"]
    );
    assert_eq!(
        attrs(&html, "meta[property='og:url']", "content"),
        [format!("{BASE}/attachment/")]
    );
    let scripts = select(&html, "script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    let json: serde_json::Value =
        serde_json::from_str(&scripts[0].inner_html()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["@type"], "Article");
    assert_eq!(json["headline"], "Attachment");
    assert_eq!(json["datePublished"], "2024-03-12");
    assert_eq!(json["dateModified"], "2024-08-02");
    assert_eq!(json["about"][0]["name"], "For Family / Whānau");
    assert_eq!(
        json["citation"][0]["name"],
        "Bowlby, J. (1973). Attachment and loss. Hogarth."
    );
    // Listings have a canonical link too; the 404 page links through base_url, not relatively,
    // and carries its styles inside it.
    let home = site.html("output/index.html");
    assert_eq!(
        attrs(&home, "link[rel=canonical]", "href"),
        [format!("{BASE}/")]
    );
    let not_found = site.html("output/404.html");
    assert!(select(&not_found, "link[rel=stylesheet]").is_empty());
    assert_eq!(attrs(&not_found, "main a", "href")[0], format!("{BASE}/"));
    // Served as it is at /404.html too: kept out of search results, its other metadata kept.
    assert_eq!(
        attrs(&not_found, "meta[name=robots]", "content"),
        ["noindex"]
    );
    assert_eq!(select(&not_found, "meta[property='og:site_name']").len(), 1);
    assert!(select(&home, "meta[name=robots]").is_empty());
}

/// JSON-LD is written from structs (not a `serde_json::Value`) in the same form as before:
/// compact, keys in sorted order, missing values left out rather than `null`. A reference
/// written out in `references:` is named by its plain text: its Markdown rendered, then the
/// tags left out, never `*italics*` or `[text](address)` as written.
#[test]
fn json_ld_is_written_as_before_and_names_free_text_references_in_plain_text() {
    let site = site();
    site.page(
        "content/reading.md",
        "title: Reading\ncategories: [Wellbeing]\nreferences:\n  - bowlby1973\n  - \"Health Navigator. (2024). *Sleep and you*. [Read online](https://example.org/s). `v2` and **more** & <b>'more'</b>\"",
        "Words.\n",
    );
    site.build(&[]).assert_ok();
    for page in ["attachment", "sleep", "undated", "reading"] {
        let html = site.html(&format!("output/{page}/index.html"));
        let (raw, sorted) = json_ld_as_written_and_sorted(&html);
        assert_eq!(raw, sorted, "{page}");
        assert!(!raw.contains("null"), "{page}: {raw}");
        let value: serde_json::Value = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            raw,
            attach_gen::render::feeds::script_safe_json(&value),
            "{page}"
        );
    }
    let html = site.html("output/undated/index.html");
    assert_eq!(
        json_ld_as_written_and_sorted(&html).0,
        format!(
            "{{\"@context\":\"https://schema.org\",\"@type\":\"Article\",\"about\":[{{\"@type\":\"Thing\",\"name\":\"Wellbeing\"}},{{\"@type\":\"Thing\",\"name\":\"For Family / Whānau\"}}],\"citation\":[],\"headline\":\"Undated\",\"inLanguage\":\"en-NZ\",\"isPartOf\":{{\"@type\":\"WebSite\",\"name\":\"Resources\",\"url\":\"{BASE}/\"}},\"publisher\":{{\"@type\":\"Organization\",\"name\":\"Resources\"}},\"url\":\"{BASE}/undated/\"}}"
        )
    );
    let html = site.html("output/reading/index.html");
    let json: serde_json::Value = serde_json::from_str(&json_ld_as_written_and_sorted(&html).0)
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = json["citation"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Bowlby, J. (1973). Attachment and loss. Hogarth.",
            "Health Navigator. (2024). Sleep and you. Read online. v2 and more & <b>\u{2018}more\u{2019}</b>",
        ]
    );
}

/// Every `<loc>` of the sitemap, and the Atom feed's `<id>` and `<link href>`s.
fn sitemap_and_feed_urls(site: &Site) -> Vec<String> {
    let mut urls = Vec::new();
    for rel in ["output/sitemap.xml", "output/atom.xml"] {
        let text = xml(site, rel);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        for node in doc.descendants() {
            if node.has_tag_name("loc") || node.has_tag_name("id") {
                urls.extend(node.text().map(str::to_string));
            }
            urls.extend(node.attribute("href").map(str::to_string));
        }
    }
    urls
}

#[test]
fn a_base_url_in_another_script_is_written_as_a_url_browsers_send() {
    // .nz names may hold macrons: the sitemap and robots.txt need URLs (RFC 3986), so the host
    // is written in Punycode and the path percent-encoded, from site.yaml and --base-url alike.
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: T\nbase_url: https://Hauora.Māori.nz/kōrero/\n",
    )
    .page("content/a.md", "title: A\ndate: 2024-01-02", "x\n");
    site.build_exactly(&[]).assert_ok();
    let base = "https://hauora.xn--mori-qsa.nz/k%C5%8Drero";
    let urls = sitemap_and_feed_urls(&site);
    assert!(urls.contains(&format!("{base}/a/")), "{urls:?}");
    assert!(
        urls.iter().all(|u| u.starts_with(base) && u.is_ascii()),
        "{urls:?}"
    );
    assert_eq!(
        xml(&site, "output/robots.txt"),
        format!(
            "# Crawlers read robots.txt only at the root of a host (https://hauora.xn--mori-qsa.nz/robots.txt), not under\n\
             # /k%C5%8Drero/: add the Sitemap line below to that file.\n\
             User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n"
        )
    );
    let canonical = attrs(
        &site.html("output/a/index.html"),
        "link[rel=canonical]",
        "href",
    );
    assert_eq!(canonical, [format!("{base}/a/")]);
    site.build_exactly(&["--base-url", "https://例え.jp"])
        .assert_ok();
    let urls = sitemap_and_feed_urls(&site);
    assert!(
        urls.contains(&"https://xn--r8jz45g.jp/a/".to_string()),
        "{urls:?}"
    );
}

#[test]
fn a_slug_outside_ascii_is_percent_encoded_in_the_sitemap_and_every_feed() {
    // The sitemap held `k%C5%8Drero`, but the feeds' ids and links held `kōrero` as written.
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("title: T\nbase_url: {BASE}\ncategories:\n  - name: Whānau ora\n"),
    )
    .page(
        "content/talk.md",
        "title: Kōrero\nslug: kōrero\ncategories: [Whānau ora]\ndate: 2024-01-02",
        "x\n",
    );
    site.build(&[]).assert_ok();
    let page = format!("{BASE}/k%C5%8Drero/");
    for rel in [
        "output/sitemap.xml",
        "output/atom.xml",
        "output/categories/whanau-ora/atom.xml",
    ] {
        let text = xml(&site, rel);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let urls: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("loc") || n.has_tag_name("id"))
            .filter_map(|n| n.text())
            .chain(doc.descendants().filter_map(|n| n.attribute("href")))
            .collect();
        assert!(urls.contains(&page.as_str()), "{rel}: {urls:?}");
        assert!(urls.iter().all(|u| u.is_ascii()), "{rel}: {urls:?}");
    }
    // The pages link to it as written, which browsers encode; the folder is named so.
    assert!(site.exists("output/kōrero/index.html"));
    let home = site.html("output/index.html");
    assert!(attrs(&home, "main a", "href").contains(&"kōrero/".to_string()));
    let category = site.html("output/categories/whanau-ora/index.html");
    assert!(attrs(&category, "main a", "href").contains(&"../../kōrero/".to_string()));
}

#[test]
fn a_missing_base_url_is_a_clear_error() {
    let site = Site::new();
    site.file("site.yaml", "title: T\n")
        .page("content/a.md", "title: A", "x\n");
    let run = site.build_exactly(&[]);
    run.assert_code(1);
    let error = run
        .errors()
        .into_iter()
        .find(|e| e.file == "site.yaml")
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(error.message.contains("base_url"), "{error:?}");
    assert!(error.hint.unwrap_or_default().contains("--base-url"));
    assert!(!site.exists("output"));
}

#[test]
fn hostile_titles_cannot_break_out_of_json_ld_or_the_search_index() {
    let evil = r#"</script><script>alert(1)</script> "quoted" & <!-- \ whānau’s > é"#;
    let site = Site::new();
    site.file("site.yaml", format!("title: T\nbase_url: {BASE}\n"))
        .page(
            "content/a.md",
            &format!("title: '{evil}'\ndescription: '{evil}'\ncategories: ['{evil}']"),
            "x\n",
        );
    site.build(&[]).assert_ok();
    let html = site.html("output/a/index.html");
    // Only the JSON-LD script: nothing injected.
    let scripts = select(&html, "script");
    assert_eq!(scripts.len(), 1);
    let written = scripts[0].inner_html();
    let json: serde_json::Value = serde_json::from_str(&written).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["headline"], evil);
    assert_eq!(texts(&html, "h1"), [evil]);
    // The JSON-LD is written by hand: byte for byte what serde_json, with the script-safe
    // escapes, writes for the same value (its keys kept in the order written).
    assert_eq!(
        written,
        attach_gen::render::feeds::script_safe_json(&json),
        "{written}"
    );
    let index = xml(&site, "output/search-index.js");
    assert!(!index.contains("</script") && !index.contains("<!--"));
    let json = index
        .trim()
        .strip_prefix("window.ATTACH_GEN_SEARCH = ")
        .and_then(|s| s.strip_suffix(';'))
        .unwrap_or_default();
    let parsed: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(parsed["pages"][0]["t"], evil);
    assert_eq!(parsed["categories"][0]["n"], evil);
}

#[test]
fn characters_xml_forbids_never_reach_a_feed_and_pasted_ones_are_reported() {
    // U+FFFE in a title (written as a YAML escape) made every feed listing the page invalid XML;
    // the same characters pasted into the text are left out with a warning at their place.
    let site = Site::new();
    site.file("site.yaml", format!("title: T\nbase_url: {BASE}\n"))
        .page(
            "content/a.md",
            "title: \"Kia \\ufffe ora \\uffff\"\ndescription: \"Te \\x01 reo\"\ncategories: [\"Hauora \\ufffe\"]\ndate: 2024-01-02",
            "First line.\n\nPasted \u{FFFE}here and\u{1} \u{B}there.\n",
        );
    let run = site.build(&[]);
    run.assert_ok();
    for feed in ["output/atom.xml", "output/categories/hauora/atom.xml"] {
        let text = xml(&site, feed);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let title = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .find(|t| t.starts_with("Kia"));
        // Taken out of the value when front matter is read (a warning), so the title is
        // trimmed after.
        assert_eq!(title, Some("Kia  ora"), "{feed}");
    }
    let escaped: Vec<(usize, String)> = run
        .warnings()
        .iter()
        .filter(|w| w.file == "content/a.md" && w.message.contains("YAML escape"))
        .map(|w| {
            (
                w.line,
                w.message.split(',').next().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        escaped,
        [
            (2, "the value of `title` holds U+FFFE".to_string()),
            // Each character has its warning, not only the first of a value.
            (2, "the value of `title` holds U+FFFF".to_string()),
            (3, "the value of `description` holds U+0001".to_string()),
            (4, "the value of `categories` holds U+FFFE".to_string()),
        ],
        "{}",
        run.stderr
    );
    let places: Vec<(usize, usize)> = run
        .warnings()
        .iter()
        .filter(|w| w.file == "content/a.md" && w.message.contains("invisible character"))
        .map(|w| (w.line, w.column))
        .collect();
    assert_eq!(places, [(9, 8), (9, 17), (9, 19)], "{}", run.stderr);
    let html = site.html("output/a/index.html");
    assert_eq!(
        texts(&html, ".content p"),
        ["First line.", "Pasted here and there."]
    );
}

#[test]
fn search_index_holds_titles_categories_snippets_and_keywords() {
    let site = site();
    site.build(&[]).assert_ok();
    let index = xml(&site, "output/search-index.js");
    let json = index
        .trim()
        .strip_prefix("window.ATTACH_GEN_SEARCH = ")
        .and_then(|s| s.strip_suffix(';'))
        .unwrap_or_default();
    let parsed: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
    let pages = parsed["pages"].as_array().cloned().unwrap_or_default();
    assert_eq!(pages.len(), 3);
    let attachment = pages
        .iter()
        .find(|p| p["t"] == "Attachment")
        .cloned()
        .unwrap_or_default();
    assert_eq!(attachment["u"], "attachment/");
    assert_eq!(attachment["s"], "About bonds.");
    let category = attachment["c"][0].as_u64().unwrap_or(99) as usize;
    assert_eq!(parsed["categories"][category]["n"], "For Family / Whānau");
    // A page without a description gets the start of its text as its snippet.
    let sleep = pages
        .iter()
        .find(|p| p["t"] == "Sleep")
        .cloned()
        .unwrap_or_default();
    assert_eq!(sleep["s"], "Only one heading Rest well.");
    assert!(
        sleep["k"]
            .as_str()
            .unwrap_or_default()
            .split(' ')
            .any(|k| k == "rest")
    );
    // The search page loads the index as a script (so it works from file://).
    let search = site.html("output/search/index.html");
    assert_eq!(
        attrs(&search, "script[src]", "src"),
        ["../search-index.js", "../search.js"]
    );
    assert_eq!(
        attrs(&search, "input[type=search]", "id"),
        ["site-search", "search-query"]
    );
    assert_eq!(attrs(&search, "[role=status]", "aria-live"), ["polite"]);
}

#[test]
fn listings_paginate_with_relative_links() {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("title: T\nbase_url: {BASE}\npaginate_by: 2\n"),
    );
    for n in 1..=5 {
        site.page(
            &format!("content/p{n}.md"),
            &format!("title: Page {n}\ndate: 2024-01-0{n}\ncategories: [Wellbeing]"),
            "x\n",
        );
    }
    site.build(&[]).assert_ok();
    // The home page lists by title; categories newest first.
    let first = site.html("output/index.html");
    assert_eq!(texts(&first, ".page-list h3"), ["Page 1", "Page 2"]);
    assert_eq!(
        links(&first, ".pagination a[rel=next]"),
        [("page/2/".to_string(), "Next".to_string())]
    );
    let second = site.html("output/page/2/index.html");
    assert_eq!(texts(&second, ".page-list h3"), ["Page 3", "Page 4"]);
    assert_eq!(
        attrs(&second, ".pagination a[rel=prev]", "href"),
        ["../../"]
    );
    assert_eq!(
        attrs(&second, ".pagination a[aria-current=page]", "href"),
        ["../../page/2/"]
    );
    let third = site.html("output/page/3/index.html");
    assert_eq!(texts(&third, ".page-list h3"), ["Page 5"]);
    assert!(select(&third, ".pagination a[rel=next]").is_empty());
    let category = site.html("output/categories/wellbeing/page/3/index.html");
    assert_eq!(texts(&category, ".page-list h3"), ["Page 1"]);
    assert_eq!(
        attrs(&category, ".pagination a[rel=prev]", "href"),
        ["../../../../categories/wellbeing/page/2/"]
    );
    let report = check_links(&site.path("output"));
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert!(report.checked > 10);
}

#[test]
fn later_listing_pages_have_their_own_title_and_description() {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!(
            "title: T\ndescription: Guides for rest.\nbase_url: {BASE}\npaginate_by: 2\n\
             categories:\n  - name: Wellbeing\n    description: Feeling well.\n"
        ),
    );
    for n in 1..=5 {
        site.page(
            &format!("content/p{n}.md"),
            &format!("title: Page {n}\ndate: 2024-01-0{n}\ncategories: [Wellbeing]"),
            "x\n",
        );
    }
    site.build(&[]).assert_ok();
    let meta = |html: &scraper::Html, name: &str| {
        attrs(
            html,
            &format!("meta[name={name}], meta[property='og:{name}']"),
            "content",
        )
    };
    for (listing, description) in [
        ("", "Guides for rest."),
        ("categories/wellbeing/", "Feeling well."),
    ] {
        let mut titles = Vec::new();
        for n in 1..=3 {
            let path = if n == 1 {
                format!("output/{listing}index.html")
            } else {
                format!("output/{listing}page/{n}/index.html")
            };
            let html = site.html(&path);
            let wanted = if n == 1 {
                description.to_string()
            } else {
                format!("{description} — page {n} of 3")
            };
            assert_eq!(
                meta(&html, "description"),
                [wanted.clone(), wanted],
                "{path}"
            );
            titles.push(text(one(&html, "title")));
            // Each page is its own canonical page; page 2 links back to the first.
            let own = if n == 1 {
                String::new()
            } else {
                format!("page/{n}/")
            };
            assert_eq!(
                attrs(&html, "link[rel=canonical]", "href"),
                [format!("{BASE}/{listing}{own}")],
                "{path}"
            );
        }
        titles.dedup();
        assert_eq!(titles.len(), 3, "{titles:?}");
    }
}

#[test]
fn the_sitemap_leaves_out_search_404_and_drafts_built_for_a_preview() {
    let site = Site::new();
    site.file("site.yaml", format!("title: T\nbase_url: {BASE}\n"))
        .page("content/draft.md", "title: Draft\ndraft: true", "x\n")
        .page("content/done.md", "title: Done", "x\n");
    site.build(&["--drafts"]).assert_ok();
    assert_eq!(
        texts(&site.html("output/draft/index.html"), "h1"),
        ["Draft"]
    );
    let text = std::fs::read_to_string(site.path("output/sitemap.xml")).unwrap_or_default();
    let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let locs: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let wanted = ["", "done/", "categories/", "bibliography/"].map(|url| format!("{BASE}/{url}"));
    assert_eq!(locs, wanted);
    let search = site.html("output/search/index.html");
    assert_eq!(attrs(&search, "meta[name=robots]", "content"), ["noindex"]);
}

#[test]
fn a_listings_page_1_under_a_languages_prefix_marks_a_link_in_another_language() {
    // Under `mi/`, the home's redirect links the site's English title and a category with no
    // te reo name its English name: both were marked `lang="mi"`.
    let site = Site::new();
    site.file(
        "site.yaml",
        format!(
            "title: Resources\nbase_url: {BASE}\npaginate_by: 1\nlanguages:\n  - {{ code: en-NZ, name: English }}\n  - {{ code: mi, name: Te reo Māori, prefix: mi/ }}\n\
             categories:\n  - {{ name: {{ en-NZ: Wellbeing, mi: Hauora }} }}\n  - {{ name: Sleep }}\n"
        ),
    );
    for n in 1..=2 {
        site.page(
            &format!("content/p{n}.mi.md"),
            &format!("title: Whārangi {n}\ncategories: [Wellbeing, Sleep]"),
            "x\n",
        );
    }
    site.build(&[]).assert_ok();
    for (file, lang) in [
        ("output/mi/page/1/index.html", vec!["en-NZ"]),
        (
            "output/mi/categories/sleep/page/1/index.html",
            vec!["en-NZ"],
        ),
        ("output/mi/categories/wellbeing/page/1/index.html", vec![]),
    ] {
        let html = site.html(file);
        assert_eq!(attrs(&html, "html", "lang"), ["mi"], "{file}");
        assert_eq!(attrs(&html, "main a", "lang"), lang, "{file}");
    }
}

#[test]
fn a_listings_page_1_leads_to_its_first_page_as_hugo_sites_link_it() {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("title: T\nbase_url: {BASE}\npaginate_by: 2\n"),
    );
    for n in 1..=3 {
        site.page(
            &format!("content/p{n}.md"),
            &format!("title: Page {n}\ncategories: [Wellbeing]"),
            "x\n",
        );
    }
    let run = site.build(&["--changed-list", "changes.txt"]);
    run.assert_ok();
    for (listing, title) in [("", "T"), ("categories/wellbeing/", "Wellbeing")] {
        let file = format!("output/{listing}page/1/index.html");
        let html = site.html(&file);
        assert_eq!(attrs(&html, "meta[name=robots]", "content"), ["noindex"]);
        assert_eq!(
            attrs(&html, "link[rel=canonical]", "href"),
            [format!("{BASE}/{listing}")]
        );
        let back = format!(
            "{}{listing}",
            "../".repeat(2 + listing.matches('/').count())
        );
        assert_eq!(
            attrs(&html, "meta[http-equiv=refresh]", "content"),
            [format!("0; url={back}")]
        );
        assert_eq!(links(&html, "main a"), [(back.clone(), title.to_string())]);
        // The link leads to the listing's first page, which was written.
        let first = site.path(&file);
        let landed = first.parent().map(|dir| dir.join(&back).join("index.html"));
        assert!(landed.is_some_and(|p| p.is_file()), "{file} → {back}");
    }
    // Known to the output stage: listed as added, and not in the sitemap.
    let changes = std::fs::read_to_string(site.path("changes.txt")).unwrap_or_default();
    assert!(
        changes
            .lines()
            .any(|l| l.ends_with("categories/wellbeing/page/1/index.html")),
        "{changes}"
    );
    let sitemap = std::fs::read_to_string(site.path("output/sitemap.xml")).unwrap_or_default();
    assert!(!sitemap.contains("page/1/"), "{sitemap}");
    assert!(sitemap.contains("page/2/"), "{sitemap}");
    let report = check_links(&site.path("output"));
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
}

#[test]
fn table_of_contents_related_resources_and_reading_time() {
    let site = site();
    site.build(&[]).assert_ok();
    let html = site.html("output/attachment/index.html");
    assert_eq!(texts(&html, ".toc li"), ["One", "Two", "Two and a half"]);
    assert_eq!(
        attrs(&html, ".toc a", "href"),
        ["#one", "#two", "#two-and-a-half"]
    );
    // "Undated" shares both categories, "Sleep" one.
    assert_eq!(texts(&html, ".related h3"), ["Undated", "Sleep"]);
    assert!(text(one(&html, ".page-header .meta")).ends_with("1 min read"));
    let sleep = site.html("output/sleep/index.html");
    assert!(
        select(&sleep, ".toc").is_empty(),
        "one heading needs no table of contents"
    );
}

#[test]
fn a_body_h1_is_demoted_so_the_title_is_the_only_h1() {
    let site = Site::new();
    site.file("site.yaml", format!("title: T\nbase_url: {BASE}\n"))
        .page(
            "content/a.md",
            "title: The title",
            "# Body heading\n\n## Sub\n\nText.\n",
        );
    site.build(&[]).assert_ok();
    let html = site.html("output/a/index.html");
    assert_eq!(texts(&html, "h1"), ["The title"]);
    assert_eq!(texts(&html, ".content h2"), ["Body heading"]);
    assert_eq!(texts(&html, ".content h3"), ["Sub"]);
}

#[test]
fn long_listings_link_a_window_of_pages() {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("title: T\nbase_url: {BASE}\npaginate_by: 1\n"),
    );
    for n in 1..=10 {
        site.page(
            &format!("content/p{n}.md"),
            &format!("title: Page {n}\ndate: 2024-01-{n:02}"),
            "x\n",
        );
    }
    site.build(&[]).assert_ok();
    let fifth = site.html("output/page/5/index.html");
    assert_eq!(
        texts(&fifth, ".pagination li"),
        [
            "Previous", "1", "…", "3", "4", "5", "6", "7", "…", "10", "Next"
        ]
    );
    assert_eq!(
        attrs(&fifth, ".pagination a[aria-current=page]", "href"),
        ["../../page/5/"]
    );
    let report = check_links(&site.path("output"));
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
}
