//! What each language of a bilingual site lists: its search page and index, its category
//! pages (paginated, with feeds), its categories page and its bibliography, each listing every
//! page once, in that language where it has a version. Every build runs the binary from the
//! site's folder with default flags, as an editor does.

mod common;

use common::*;

const SITE_YAML: &str = "title: Hauora Hub\nbase_url: https://example.org/h\nbibliography: [refs.bib]\nlanguages:\n  - code: en-NZ\n    name: English\n  - code: mi\n    name: Te reo Māori\n    prefix: mi/\ncategories:\n  - name: { en-NZ: Wellbeing, mi: Hauora }\n";

const REFS_BIB: &str = r"@book{bowlby1973,
  author    = {Bowlby, John},
  title     = {Separation},
  publisher = {Hogarth Press},
  year      = {1973},
}
";

/// A bilingual site: `sleep.md` and `walking.md` with te reo Māori versions, and `alone.md`
/// with none; every page in one category, and three of them citing one work.
fn site() -> Site {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("refs.bib", REFS_BIB)
        .page(
            "content/guides/sleep.md",
            "title: Sleep\ndate: 2024-03-01\ncategories: [Wellbeing]",
            "Sleep well [@bowlby1973].\n",
        )
        .page(
            "content/guides/sleep.mi.md",
            "title: Moe\ndate: 2024-03-01\ncategories: [Hauora]",
            "He kōrero mō te moe [@bowlby1973].\n",
        )
        .page(
            "content/guides/walking.md",
            "title: Walking\ndate: 2024-03-02\ncategories: [Wellbeing]",
            "Walk.\n",
        )
        .page(
            "content/guides/walking.mi.md",
            "title: Hīkoi\nslug: hikoi\ndate: 2024-03-02\ncategories: [Hauora]",
            "Sample text.\n",
        )
        .page(
            "content/alone.md",
            "title: Alone\ndate: 2024-03-03\ncategories: [Wellbeing]",
            "Only in English [@bowlby1973].\n",
        );
    site
}

/// The data a search index file sets (`window.ATTACH_GEN_SEARCH = {...};`).
fn search_index(site: &Site, rel: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(site.path(rel)).unwrap_or_default();
    let json = text
        .trim_end()
        .strip_prefix("window.ATTACH_GEN_SEARCH = ")
        .and_then(|t| t.strip_suffix(';'))
        .unwrap_or_else(|| panic!("{rel} is not a search index: {text}"));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The titles of an index's pages, sorted, each with its URL and language.
fn indexed(index: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut pages: Vec<(String, String, String)> = index["pages"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let field = |k: &str| p[k].as_str().unwrap_or_default().to_string();
            (field("t"), field("u"), field("l"))
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn each_language_has_a_search_page_and_index_of_its_versions() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let maori = search_index(&site, "output/mi/search-index.js");
    assert_eq!(
        indexed(&maori),
        [
            ("Alone".into(), "alone/".into(), "en-NZ".into()),
            ("Hīkoi".into(), "mi/hikoi/".into(), "mi".into()),
            ("Moe".into(), "mi/guides/sleep/".into(), "mi".into()),
        ]
    );
    // Search runs from mi/search/, two folders below the root, in te reo.
    assert_eq!(maori["root"], "../../");
    assert_eq!(maori["categories"][0]["n"], "Hauora");
    assert_eq!(maori["categories"][0]["u"], "mi/categories/wellbeing/");
    let english = search_index(&site, "output/search-index.js");
    assert_eq!(
        indexed(&english)
            .into_iter()
            .map(|(t, ..)| t)
            .collect::<Vec<_>>(),
        ["Alone", "Sleep", "Walking"]
    );
    assert_eq!(english["root"], "../");

    let page = site.html("output/mi/search/index.html");
    assert_eq!(attrs(&page, "html", "lang"), ["mi"]);
    assert_eq!(texts(&page, "h1"), ["Rapu"], "the te reo theme word");
    let scripts = attrs(&page, "script[src]", "src");
    assert!(
        scripts.contains(&"../../mi/search-index.js".to_string()),
        "{scripts:?}"
    );
    assert_eq!(
        links(&page, "nav.language-switcher a"),
        [
            ("../../search/".to_string(), "English".to_string()),
            ("../../mi/search/".to_string(), "Te reo Māori".to_string())
        ]
    );
    // Every te reo page's search box searches in te reo.
    let moe = site.html("output/mi/guides/sleep/index.html");
    assert_eq!(
        attrs(&moe, "form.search-box", "action"),
        ["../../../mi/search/index.html"]
    );
    // The sitemap lists each language's pages with their versions as alternates.
    for url in [
        "",
        "mi/categories/",
        "mi/bibliography/",
        "mi/categories/wellbeing/",
    ] {
        let english = url.strip_prefix("mi/").unwrap_or(url);
        assert_eq!(
            sitemap_alternates(&site, url),
            [
                (
                    "en-NZ".to_string(),
                    format!("https://example.org/h/{english}")
                ),
                (
                    "mi".to_string(),
                    format!("https://example.org/h/mi/{english}")
                ),
                (
                    "x-default".to_string(),
                    format!("https://example.org/h/{english}")
                ),
            ],
            "{url}"
        );
    }
    // The search pages hold nothing of their own to find: not in the sitemap, and noindex.
    let locs = sitemap_locs(&site);
    assert!(locs.contains(&"https://example.org/h/mi/categories/".to_string()));
    assert!(!locs.iter().any(|loc| loc.ends_with("search/")), "{locs:?}");
    for search in ["output/search/index.html", "output/mi/search/index.html"] {
        let html = site.html(search);
        assert_eq!(attrs(&html, "meta[name=robots]", "content"), ["noindex"]);
    }
}

/// The URLs (`<loc>`) the sitemap lists.
fn sitemap_locs(site: &Site) -> Vec<String> {
    let text = std::fs::read_to_string(site.path("output/sitemap.xml")).unwrap_or_default();
    let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    xml.descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

/// The `xhtml:link` alternates (hreflang, href) of `url`'s entry in the sitemap.
fn sitemap_alternates(site: &Site, url: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(site.path("output/sitemap.xml")).unwrap_or_default();
    let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let loc = format!("https://example.org/h/{url}");
    let entry = xml
        .root_element()
        .children()
        .find(|n| {
            n.children()
                .any(|c| c.has_tag_name("loc") && c.text() == Some(loc.as_str()))
        })
        .unwrap_or_else(|| panic!("no {loc} in {text}"));
    entry
        .children()
        .filter(|n| n.has_tag_name("link"))
        .map(|n| {
            let attr = |name: &str| n.attribute(name).unwrap_or_default().to_string();
            (attr("hreflang"), attr("href"))
        })
        .collect()
}

#[test]
fn a_site_without_languages_has_one_search_index_of_every_page() {
    let site = Site::new();
    site.file("site.yaml", "title: One\nbase_url: https://example.org\n")
        .page("content/a.md", "title: A", "A.\n")
        .page("content/b.md", "title: B\nlang: mi", "He kōrero.\n");
    run_in(site.root(), &["build"]).assert_ok();
    let index = search_index(&site, "output/search-index.js");
    assert_eq!(
        indexed(&index),
        [
            ("A".into(), "a/".into(), String::new()),
            ("B".into(), "b/".into(), "mi".into())
        ]
    );
    // A single-language site's index needs no root; it has its words (a site in te reo alone
    // got the script's English ones).
    assert!(index.get("root").is_none());
    assert_eq!(index["words"]["search_no_match"], "No resources match");
    assert!(!site.exists("output/mi"));
}

/// Every later page of a home listed every category again: with a category per page, the
/// home's pages × the categories (3,000 pages and categories took 4.9 s, most of it there).
/// The first page of each home lists them; the later ones only continue the list of pages.
#[test]
fn only_the_first_page_of_each_home_lists_the_categories() {
    let site = site();
    site.file("site.yaml", format!("{SITE_YAML}paginate_by: 1\n"));
    run_in(site.root(), &["build"]).assert_ok();
    for home in ["output/index.html", "output/mi/index.html"] {
        let first = site.html(home);
        assert!(!texts(&first, "ul.category-chips a").is_empty(), "{home}");
        let second = site.html(&home.replace("index.html", "page/2/index.html"));
        assert_eq!(texts(&second, "ul.category-chips a").len(), 0, "{home}");
        assert_eq!(texts(&second, "ul.page-list h3 a").len(), 1, "{home}");
    }
}

#[test]
fn each_language_has_its_category_pages_paginated_with_their_feeds() {
    let site = site();
    site.file("site.yaml", format!("{SITE_YAML}paginate_by: 2\n"));
    run_in(site.root(), &["build"]).assert_ok();
    let first = site.html("output/mi/categories/wellbeing/index.html");
    assert_eq!(attrs(&first, "html", "lang"), ["mi"]);
    assert_eq!(texts(&first, "h1"), ["Hauora"]);
    let second = site.html("output/mi/categories/wellbeing/page/2/index.html");
    let mut listed = texts(&first, "ul.page-list h3 a");
    listed.extend(texts(&second, "ul.page-list h3 a"));
    listed.sort();
    assert_eq!(listed, ["Alone", "Hīkoi", "Moe"]);
    // The English page in the te reo listing says it is in English.
    assert_eq!(
        attrs(&first, "ul.page-list li.summary", "lang").len()
            + attrs(&second, "ul.page-list li.summary", "lang").len(),
        3
    );
    assert_eq!(
        links(&first, ".breadcrumbs a")[..2],
        [
            ("../../../mi/".to_string(), "Kāinga".to_string()),
            (
                "../../../mi/categories/".to_string(),
                "Ngā kāwai".to_string()
            )
        ]
    );
    assert_eq!(
        attrs(&first, "nav.language-switcher a", "href"),
        [
            "../../../categories/wellbeing/",
            "../../../mi/categories/wellbeing/"
        ]
    );
    let english = site.html("output/categories/wellbeing/index.html");
    let english_two = site.html("output/categories/wellbeing/page/2/index.html");
    let mut listed = texts(&english, "ul.page-list h3 a");
    listed.extend(texts(&english_two, "ul.page-list h3 a"));
    listed.sort();
    assert_eq!(listed, ["Alone", "Sleep", "Walking"]);

    let text = std::fs::read_to_string(site.path("output/mi/categories/wellbeing/atom.xml"))
        .unwrap_or_default();
    let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let feed = xml.root_element();
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("mi")
    );
    let mut titles: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|t| t.text())
        .collect();
    titles.sort_unstable();
    assert_eq!(titles, ["Alone", "Hauora Hub: Hauora", "Hīkoi", "Moe"]);
    // Each entry in its own language: the English page's says so in the te reo feed.
    let mut entries: Vec<(&str, &str)> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            let title = e
                .children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
                .unwrap_or_default();
            let lang = e
                .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                .unwrap_or_default();
            (title, lang)
        })
        .collect();
    entries.sort_unstable();
    assert_eq!(
        entries,
        [("Alone", "en-NZ"), ("Hīkoi", "mi"), ("Moe", "mi")]
    );
    // The entries' category is named as in the feed's language (it was the English name).
    let terms: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("category"))
        .filter_map(|c| c.attribute("term"))
        .collect();
    assert_eq!(terms, ["Hauora", "Hauora", "Hauora"]);
    let english = std::fs::read_to_string(site.path("output/categories/wellbeing/atom.xml"))
        .unwrap_or_default();
    assert_eq!(english.matches("<category term=\"Wellbeing\"/>").count(), 3);
}

#[test]
fn each_language_has_a_categories_page_and_its_home_links_its_categories() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let categories = site.html("output/mi/categories/index.html");
    assert_eq!(attrs(&categories, "html", "lang"), ["mi"]);
    assert_eq!(
        links(&categories, ".category-list h2 a"),
        [(
            "../../mi/categories/wellbeing/".to_string(),
            "Hauora".to_string()
        )]
    );
    assert_eq!(texts(&categories, ".category-list .meta"), ["3 rauemi"]);
    let home = site.html("output/mi/index.html");
    assert_eq!(
        links(&home, ".category-chips a"),
        [(
            "../mi/categories/wellbeing/".to_string(),
            "Hauora (3)".to_string()
        )]
    );
    assert_eq!(
        attrs(&home, "nav[aria-label='Paetukutuku'] a", "href")[1..3],
        ["../mi/categories/", "../mi/bibliography/"]
    );
}

#[test]
fn each_language_has_a_bibliography_citing_its_versions_of_pages() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let cited_in = |rel: &str| -> Vec<(String, String)> {
        let html = site.html(rel);
        let mut links = links(&html, "#bowlby1973 .cited-in a");
        links.sort();
        links
    };
    assert_eq!(
        cited_in("output/mi/bibliography/index.html"),
        [
            ("../../alone/".to_string(), "Alone".to_string()),
            ("../../mi/guides/sleep/".to_string(), "Moe".to_string())
        ]
    );
    assert_eq!(
        cited_in("output/bibliography/index.html"),
        [
            ("../alone/".to_string(), "Alone".to_string()),
            ("../guides/sleep/".to_string(), "Sleep".to_string())
        ]
    );
    let bibliography = site.html("output/mi/bibliography/index.html");
    assert_eq!(attrs(&bibliography, "html", "lang"), ["mi"]);
    // A te reo page's links lead to the te reo bibliography.
    let moe = site.html("output/mi/guides/sleep/index.html");
    assert_eq!(
        attrs(&moe, "nav[aria-label='Paetukutuku'] a", "href")[2],
        "../../../mi/bibliography/"
    );
}

#[test]
fn words_in_the_sites_language_on_a_te_reo_page_are_marked_as_such() {
    let site = site();
    site.file("site.yaml", format!("{SITE_YAML}  - name: Rest\n"))
        .page(
            "content/alone.md",
            "title: Alone\ndate: 2024-03-03\ncategories: [Wellbeing, Rest]",
            "Only in English [@bowlby1973].\n",
        )
        .page(
            "content/karakia.mi.md",
            "title: Karakia\ndate: 2024-03-04\ncategories: [Hauora, Rest]",
            "He karakia.\n",
        );
    run_in(site.root(), &["build"]).assert_ok();
    // A category with no te reo name is in English; Hauora is in the page's language.
    let lang_of = |html: &scraper::Html, css: &str| -> Vec<(String, Option<String>)> {
        select(html, css)
            .into_iter()
            .map(|e| (text(e), e.value().attr("lang").map(str::to_string)))
            .collect()
    };
    let categories = site.html("output/mi/categories/index.html");
    assert_eq!(
        lang_of(&categories, ".category-list h2 a"),
        [
            ("Hauora".to_string(), None),
            ("Rest".to_string(), Some("en-NZ".to_string()))
        ]
    );
    let rest = site.html("output/mi/categories/rest/index.html");
    assert_eq!(attrs(&rest, "h1", "lang"), ["en-NZ"]);
    let hauora = site.html("output/mi/categories/wellbeing/index.html");
    assert!(attrs(&hauora, "h1", "lang").is_empty());
    // A te reo page with no English version, on an English listing: its item is te reo, so
    // its untranslated category's English name is marked, its te reo one is not.
    let english_rest = site.html("output/categories/rest/index.html");
    assert_eq!(
        lang_of(&english_rest, "li.summary[lang='mi'] .meta a"),
        [
            ("Hauora".to_string(), None),
            ("Rest".to_string(), Some("en-NZ".to_string()))
        ]
    );
    // The te reo search index says which category names are not in te reo.
    let index = search_index(&site, "output/mi/search-index.js");
    let names: Vec<(String, Option<String>)> = index["categories"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["n"].as_str().unwrap_or_default().to_string(),
                c.get("l").and_then(|l| l.as_str()).map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Hauora".to_string(), None),
            ("Rest".to_string(), Some("en-NZ".to_string()))
        ]
    );
    // The English page cited on the te reo bibliography says it is in English.
    let bibliography = site.html("output/mi/bibliography/index.html");
    let mut cited = lang_of(&bibliography, ".cited-in a");
    cited.sort();
    assert_eq!(
        cited,
        [
            ("Alone".to_string(), Some("en-NZ".to_string())),
            ("Moe".to_string(), None)
        ]
    );
    // On English pages, nothing is marked again.
    let english = site.html("output/bibliography/index.html");
    assert!(attrs(&english, ".cited-in a", "lang").is_empty());
    let alone = site.html("output/alone/index.html");
    assert!(attrs(&alone, ".categories a", "lang").is_empty());
}

#[test]
fn the_search_page_and_its_index_speak_the_languages_theme_words() {
    let site = site();
    site.file(
        "site.yaml",
        SITE_YAML.replace(
            "categories:",
            "  - code: sm\n    name: Gagana Sāmoa\n    prefix: sm/\ncategories:",
        ),
    )
    .file("i18n/sm.yaml", "search_no_match: Test word\n")
    .file(
        "i18n/mi.yaml",
        "search_the_resources: Rapua ngā rauemi\nsearch_no_match: Kāore he rauemi e hāngai ana ki\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let page = site.html("output/mi/search/index.html");
    assert_eq!(
        texts(&page, "label[for='search-query']"),
        ["Rapua ngā rauemi"]
    );
    let index = search_index(&site, "output/mi/search-index.js");
    assert_eq!(
        index["words"]["search_no_match"],
        "Kāore he rauemi e hāngai ana ki"
    );
    // The theme has every search word in te reo: none is taken from another language.
    assert_eq!(index["words"]["search_matches"], "ngā rauemi e hāngai ana");
    assert!(index.get("wl").is_none(), "{}", index["wl"]);
    // In a language the theme has no words for, a word the site does not give is the default
    // language's, as on its pages, and the index says so, for the script to mark it (`wl`);
    // the language's own words are not listed.
    let samoan = search_index(&site, "output/sm/search-index.js");
    assert_eq!(samoan["words"]["search_matches"], "resources match");
    assert_eq!(samoan["wl"]["search_matches"], "en-NZ");
    assert_eq!(samoan["words"]["search_no_match"], "Test word");
    assert!(
        samoan["wl"].get("search_no_match").is_none(),
        "{}",
        samoan["wl"]
    );
    let english = search_index(&site, "output/search-index.js");
    assert_eq!(english["words"]["search_no_match"], "No resources match");
    assert!(
        english.get("wl").is_none(),
        "the default language's words are its own"
    );
    let english_page = site.html("output/search/index.html");
    assert_eq!(
        texts(&english_page, "label[for='search-query']"),
        ["Search the resources"]
    );
}

/// A page's headings are searchable: their words (normalised, stop words left out) follow the
/// page's frequent words in `k`, once each; the content note is in `n` (search.js matches it).
#[test]
fn search_index_holds_heading_words_and_the_content_note() {
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.test/\n")
        .page(
            "content/sleep.md",
            "title: Sleep\ncontent_note: This page talks about grief.",
            "Sleep sleep sleep.\n\n## Naps and the Whānau\n\n## Screens at night\n\nSleep.\n",
        );
    run_in(site.root(), &["build"]).assert_ok();
    let index = search_index(&site, "output/search-index.js");
    let page = &index["pages"][0];
    let words: Vec<&str> = page["k"].as_str().unwrap_or_default().split(' ').collect();
    for word in ["naps", "whanau", "screens", "night"] {
        assert_eq!(
            words.iter().filter(|w| **w == word).count(),
            1,
            "{word}: {words:?}"
        );
    }
    assert!(
        !words.contains(&"and") && !words.contains(&"the"),
        "{words:?}"
    );
    assert_eq!(
        words.iter().filter(|w| **w == "sleep").count(),
        1,
        "{words:?}"
    );
    assert_eq!(page["n"], "This page talks about grief.");
}

/// Both ways a language can have no page in a category: a translation that drops its
/// original's category (`Moe` is not filed under Sleep, so te reo Māori has nothing there),
/// and a translation filed under one its original is not (English has nothing in Movement).
fn dropped_site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Hauora Hub\nbase_url: https://example.org/h\nlanguages:\n  - { code: en-NZ, name: English }\n  - { code: mi, name: Te reo Māori, prefix: mi/ }\ncategories:\n  - name: { en-NZ: Wellbeing, mi: Hauora }\n  - name: { en-NZ: Sleep, mi: Moe }\n  - name: { en-NZ: Movement, mi: Korikori }\n",
    )
    .page(
        "content/sleep.md",
        "title: Sleep\ndate: 2024-03-01\ncategories: [Sleep, Wellbeing]",
        "Sleep well.\n",
    )
    .page(
        "content/sleep.mi.md",
        "title: Moe\ndate: 2024-03-01\ncategories: [Hauora]",
        "Sample text.\n",
    )
    .page(
        "content/walking.md",
        "title: Walking\ndate: 2024-03-02\ncategories: [Wellbeing]",
        "Walk.\n",
    )
    .page(
        "content/walking.mi.md",
        "title: Hīkoi\ndate: 2024-03-02\ncategories: [Korikori, Hauora]",
        "Sample text.\n",
    );
    site
}

#[test]
fn a_category_with_no_page_in_a_language_gets_no_page_feed_or_link_in_it() {
    let site = dropped_site();
    run_in(site.root(), &["build"]).assert_ok();
    for gone in ["output/mi/categories/sleep", "output/categories/movement"] {
        assert!(!site.exists(gone), "{gone} was written");
    }
    for kept in [
        "output/categories/sleep/index.html",
        "output/categories/sleep/atom.xml",
        "output/mi/categories/movement/index.html",
        "output/mi/categories/movement/atom.xml",
        "output/mi/categories/wellbeing/index.html",
    ] {
        assert!(site.exists(kept), "{kept} is missing");
    }
    // Each language's categories page and home list only its own.
    let maori = site.html("output/mi/categories/index.html");
    assert_eq!(texts(&maori, "main h2 a"), ["Hauora", "Korikori"]);
    let english = site.html("output/categories/index.html");
    assert_eq!(texts(&english, "main h2 a"), ["Wellbeing", "Sleep"]);
    let home = site.html("output/mi/index.html");
    assert_eq!(
        attrs(&home, "section[aria-labelledby='browse'] a", "href"),
        ["../mi/categories/wellbeing/", "../mi/categories/movement/"]
    );
    // A category page names as versions only the languages it has pages in.
    let sleep = site.html("output/categories/sleep/index.html");
    assert_eq!(
        attrs(&sleep, "link[rel='alternate'][hreflang]", "hreflang"),
        Vec::<String>::new()
    );
    assert!(select(&sleep, "meta[property='og:locale:alternate']").is_empty());
    assert!(select(&sleep, ".language-switcher").is_empty());
    let wellbeing = site.html("output/mi/categories/wellbeing/index.html");
    assert_eq!(
        attrs(
            &wellbeing,
            "meta[property='og:locale:alternate']",
            "content"
        ),
        ["en_NZ"]
    );
    // The sitemap has neither.
    let sitemap = std::fs::read_to_string(site.path("output/sitemap.xml")).unwrap_or_default();
    assert!(!sitemap.contains("mi/categories/sleep/"), "{sitemap}");
    assert!(!sitemap.contains("h/categories/movement/"), "{sitemap}");
    assert!(sitemap.contains("h/mi/categories/movement/"), "{sitemap}");
    // Nor the search index, whose pages still name their categories right.
    let index = search_index(&site, "output/mi/search-index.js");
    let names: Vec<&str> = index["categories"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["n"].as_str())
        .collect();
    assert_eq!(names, ["Hauora", "Korikori"]);
    let hikoi = index["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["t"] == "Hīkoi")
        .unwrap_or_else(|| panic!("no Hīkoi in {index}"));
    let named: Vec<&str> = hikoi["c"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| index["categories"][c.as_u64().unwrap_or(99) as usize]["n"].as_str())
        .collect();
    assert_eq!(named, ["Korikori", "Hauora"]);
    let english_index = search_index(&site, "output/search-index.js");
    assert_eq!(
        english_index["categories"].as_array().map(Vec::len),
        Some(2)
    );
    // And every link on the site leads somewhere.
    let report = check_links(&site.path("output"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
