//! The language of parts: bracketed spans (`[whānau]{lang=mi}`) in bodies, titles,
//! descriptions and category names, and front matter `lang:` for a page in another language.
//! Every build runs the binary from the site's folder with default flags, as an editor does.

mod common;

use common::*;

const SITE_YAML: &str = "title: Hauora Hub\nlanguage: en-NZ\nbase_url: https://example.org/h\n\
categories:\n  - name: \"[Hauora]{lang=mi}\"\n    description: Health in the round.\n";

fn site() -> Site {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML).page(
        "content/family.md",
        "title: Caring for [whānau]{lang=mi}\ndescription: Time with [whānau]{lang=mi .term} & friends.\ndate: 2024-03-01\ncategories: [Hauora]",
        "Kia ora [whānau]{lang=mi}. A [plain note] stays as written.\n\n## Our [whānau]{lang=mi}\n\n`[code]{lang=mi}`\n",
    );
    site
}

/// The JSON the search index script sets.
fn search_index(site: &Site) -> serde_json::Value {
    let script = std::fs::read_to_string(site.path("output/search-index.js")).unwrap_or_default();
    let json = script
        .trim()
        .strip_prefix("window.ATTACH_GEN_SEARCH = ")
        .and_then(|s| s.strip_suffix(';'))
        .unwrap_or_else(|| panic!("not the search index: {script}"));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn spans_mark_words_in_body_title_description_and_category_names() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/family/index.html");
    assert_eq!(attrs(&html, "html", "lang"), ["en-NZ"]);
    assert_eq!(texts(&html, "title"), ["Caring for whānau · Hauora Hub"]);
    assert_eq!(texts(&html, "h1 span[lang='mi']"), ["whānau"]);
    assert_eq!(texts(&html, "h1"), ["Caring for whānau"]);
    assert_eq!(texts(&html, ".lead span[lang='mi'].term"), ["whānau"]);
    assert_eq!(texts(&html, ".lead"), ["Time with whānau & friends."]);
    assert_eq!(
        attrs(&html, "meta[name='description']", "content"),
        ["Time with whānau & friends."]
    );
    let body = one(&html, ".content");
    assert_eq!(texts(&html, ".content p span[lang='mi']"), ["whānau"]);
    assert!(text(body).contains("A [plain note] stays as written."));
    assert_eq!(texts(&html, ".content h2 span[lang='mi']"), ["whānau"]);
    assert_eq!(attrs(&html, ".content h2", "id"), ["our-whanau"]);
    assert_eq!(texts(&html, ".content code"), ["[code]{lang=mi}"]);
    assert_eq!(texts(&html, ".categories a span[lang='mi']"), ["Hauora"]);

    let categories = site.html("output/categories/index.html");
    assert_eq!(texts(&categories, "main h2 a span[lang='mi']"), ["Hauora"]);
    let category = site.html("output/categories/hauora/index.html");
    assert_eq!(texts(&category, "h1 span[lang='mi']"), ["Hauora"]);
    assert_eq!(texts(&category, "title"), ["Hauora · Hauora Hub"]);
    let home = site.html("output/index.html");
    assert_eq!(texts(&home, ".summary h3 a span[lang='mi']"), ["whānau"]);

    let index = search_index(&site);
    assert_eq!(index["pages"][0]["t"], "Caring for whānau");
    // The title's spans, for the search script to mark the result's words the same way.
    assert_eq!(
        index["pages"][0]["th"],
        "Caring for <span lang=\"mi\">whānau</span>"
    );
    assert_eq!(index["categories"][0]["n"], "Hauora");
}

#[test]
fn a_region_that_is_an_area_not_a_country_gives_og_locale_the_language_alone() {
    // `es-419` is Spanish of Latin America: a UN M.49 area, which Open Graph (ll_TT) cannot
    // say; `es_419` is no locale, and the site's NZ is not what the page means.
    let site = site();
    site.page(
        "content/sueno.md",
        "title: Dormir bien\nlang: es-419\ndate: 2024-04-02\ncategories: [Hauora]",
        "Unas palabras sobre el sueño.\n",
    )
    .page(
        "content/moe.md",
        "title: He moe\nlang: mi\ndate: 2024-04-03\ncategories: [Hauora]",
        "He kōrero poto.\n",
    )
    .page(
        "content/mexico.md",
        "title: Dormir en México\nlang: es-MX\ndate: 2024-04-04\ncategories: [Hauora]",
        "Unas palabras.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let locale = |path: &str| attrs(&site.html(path), "meta[property='og:locale']", "content");
    assert_eq!(locale("output/sueno/index.html"), ["es"]);
    // The page keeps its whole tag everywhere else.
    assert_eq!(
        attrs(&site.html("output/sueno/index.html"), "html", "lang"),
        ["es-419"]
    );
    // Tags with a country, or none, are as before.
    assert_eq!(locale("output/mexico/index.html"), ["es_MX"]);
    assert_eq!(locale("output/moe/index.html"), ["mi_NZ"]);
    assert_eq!(locale("output/family/index.html"), ["en_NZ"]);
}

#[test]
fn a_page_in_another_language_says_so_everywhere() {
    let site = site();
    site.page(
        "content/kupu.md",
        "title: He kupu\nlang: mi\ndate: 2024-04-01\ncategories: [Hauora]",
        "He kōrero poto.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/kupu/index.html");
    assert_eq!(attrs(&html, "html", "lang"), ["mi"]);
    assert_eq!(
        attrs(&html, "meta[property='og:locale']", "content"),
        ["mi_NZ"]
    );
    let scripts = select(&html, "script[type='application/ld+json']");
    let json: serde_json::Value =
        serde_json::from_str(&scripts[0].inner_html()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["inLanguage"], "mi");
    let english = site.html("output/family/index.html");
    let scripts = select(&english, "script[type='application/ld+json']");
    let json: serde_json::Value =
        serde_json::from_str(&scripts[0].inner_html()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["inLanguage"], "en-NZ");

    // On the English home page, the te reo page's summary carries its language.
    let home = site.html("output/index.html");
    assert_eq!(attrs(&home, "li.summary[lang]", "lang"), ["mi"]);

    let feed = std::fs::read_to_string(site.path("output/atom.xml")).unwrap_or_default();
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-NZ\">"));
    assert!(
        feed.contains("<entry xml:lang=\"mi\">\n    <title>He kupu</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("<entry>\n    <title>Caring for whānau</title>"),
        "{feed}"
    );

    let index = search_index(&site);
    let pages = index["pages"].as_array().cloned().unwrap_or_default();
    let kupu = pages.iter().find(|p| p["u"] == "kupu/");
    assert_eq!(kupu.map(|p| p["l"].clone()), Some("mi".into()));
    let family = pages.iter().find(|p| p["u"] == "family/");
    assert_eq!(family.map(|p| p.get("l").is_none()), Some(true));
}

/// Dates on a page in a language with no date words of its own are in English, and were not
/// marked so (WCAG 3.1.2): `<span lang="en-NZ">Published</span> <time>1 January 2026</time>`
/// on a German page. They carry the site's language when it is English, on the page and in
/// listings; a te reo Māori page's dates are in te reo, unmarked.
#[test]
fn english_dates_on_pages_in_another_language_are_marked() {
    let site = site();
    site.page(
        "content/strasse.md",
        "title: Die Straße\nlang: de\ndate: 2026-01-01\nupdated: 2026-02-01",
        "Ein Text.\n",
    )
    .page(
        "content/kupu.md",
        "title: He kupu\nlang: mi\ndate: 2026-01-02",
        "He kōrero poto.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let german = site.html("output/strasse/index.html");
    assert_eq!(
        texts(&german, "article .meta time[lang='en-NZ']"),
        ["1 January 2026", "1 February 2026"]
    );
    let maori = site.html("output/kupu/index.html");
    assert_eq!(texts(&maori, "article .meta time"), ["2 Kohitātea 2026"]);
    assert!(select(&maori, "article .meta time[lang]").is_empty());
    let home = site.html("output/index.html");
    assert_eq!(
        attrs(&home, "li.summary[lang='de'] time", "lang"),
        ["en-NZ"]
    );
    assert!(select(&home, "li.summary[lang='mi'] time[lang]").is_empty());
    assert!(select(&home, "li.summary:not([lang]) time[lang]").is_empty());
}

/// The logo's alt text is site.yaml's, in the site's language: on a page in another it was
/// outside the `<span lang>` that marks the site's title, so read in the page's language.
#[test]
fn the_logos_alt_text_is_marked_with_the_sites_language_on_other_pages() {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}logo: {{src: logo.svg, alt: Hauora Hub logo}}\n"),
    )
    .file(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .page(
        "content/kupu.md",
        "title: He kupu\nlang: mi",
        "He kōrero.\n",
    )
    .page("content/words.md", "title: Words", "Text.\n");
    run_in(site.root(), &["build"]).assert_ok();
    let maori = site.html("output/kupu/index.html");
    assert_eq!(
        attrs(&maori, ".site-title > span[lang='en-NZ'] > img.logo", "alt"),
        ["Hauora Hub logo"]
    );
    assert_eq!(
        texts(&maori, ".site-title > span[lang='en-NZ']"),
        ["Hauora Hub"]
    );
    let english = site.html("output/words/index.html");
    assert_eq!(
        attrs(&english, ".site-title > img.logo", "alt"),
        ["Hauora Hub logo"]
    );
    assert!(select(&english, ".site-title span[lang]").is_empty());
}

#[test]
fn a_span_with_other_attributes_or_a_bad_tag_is_an_error_at_its_place() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let before = site.snapshot("output");
    site.page(
        "content/family.md",
        "title: Caring for [whānau]{lang=mi}\ndate: 2024-03-01",
        "Intro.\n\nSee [x]{lang=mi onclick=alert(1)} and [y]{lang=maori}.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let errors = run.errors();
    let places: Vec<(&str, usize, usize)> = errors
        .iter()
        .map(|e| (e.file.as_str(), e.line, e.column))
        .collect();
    assert_eq!(
        places,
        [("content/family.md", 7, 17), ("content/family.md", 7, 43)],
        "{}",
        run.stderr
    );
    assert!(
        errors[0]
            .message
            .contains("`onclick=alert(1)` cannot be set on a span")
    );
    assert!(
        errors[1]
            .message
            .contains("`maori` is not a registered language tag")
    );
    assert!(
        errors[1]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("`mi` (te reo Māori)")),
        "{errors:?}"
    );
    assert_eq!(
        site.snapshot("output"),
        before,
        "a failed build changed the output"
    );
    // `check` finds the same.
    let check = run_in(site.root(), &["check"]);
    check.assert_code(1);
    assert_eq!(check.errors().len(), 2, "{}", check.stderr);
}

/// A page whose spans hold links, citations, footnote references and other spans, in every
/// kind of block, and the page they link to.
fn site_with_spans_holding_links() -> Site {
    let site = site();
    site.file("site.yaml", format!("{SITE_YAML}bibliography: [refs.bib]\n"))
        .file(
            "refs.bib",
            "@book{smith2020,\n  author = {Smith, Ana},\n  title = {Resting well},\n  year = {2020},\n  publisher = {Harbour Press}\n}\n",
        )
        .page("content/guide.md", "title: Guide\ndate: 2024-03-01", "A guide.\n")
        .file("content/walk/photo.png", png())
        .page(
            "content/walk/index.md",
            "title: Links in spans\ndate: 2024-03-02",
            "[see [the guide](../guide.md) today]{lang=en}\n\n\
             [kōrero [mō te whānau](../guide.md)]{lang=mi}\n\n\
             [see [the guide][g] and <https://example.org/> now]{lang=en}\n\n\
             [as shown [@smith2020]]{lang=en}\n\n\
             [a note[^1] here]{lang=en}\n\n\
             [outer [inner]{lang=mi} [link](../guide.md) words]{lang=en}\n\n\
             ## [Read [the guide](../guide.md)]{lang=en}\n\nText.\n\n## More\n\nText.\n\n## Last\n\n\
             - [item [linked](../guide.md)]{lang=mi}\n\n\
             | Column |\n| --- |\n| [cell [linked](../guide.md)]{lang=mi} |\n\n\
             ![A [walk [here](../guide.md)]{lang=mi}](photo.png)\n\n\
             [g]: ../guide.md\n\n\
             [^1]: A note [with [a link](../guide.md) in]{lang=en}.\n",
        );
    site
}

#[test]
fn a_span_holding_a_link_marks_its_words_and_the_link_is_resolved() {
    let site = site_with_spans_holding_links();
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let html = site.html("output/walk/index.html");
    let body = one(&html, ".content");
    assert!(!text(body).contains("]{"), "{}", text(body));
    assert!(!text(body).contains("lang="), "{}", text(body));
    let paragraphs = texts(&html, ".content > p > span[lang]");
    assert_eq!(
        paragraphs,
        [
            "see the guide today",
            "kōrero mō te whānau",
            "see the guide and https://example.org/ now",
            "as shown (Smith, 2020)",
            "a note1 here",
            "outer inner link words",
        ]
    );
    assert_eq!(
        links(
            &html,
            ".content > p > span[lang] > a:not(.citation):not([href^='#'])"
        ),
        [
            ("../guide/".to_string(), "the guide".to_string()),
            ("../guide/".to_string(), "mō te whānau".to_string()),
            ("../guide/".to_string(), "the guide".to_string()),
            (
                "https://example.org/".to_string(),
                "https://example.org/".to_string()
            ),
            ("../guide/".to_string(), "link".to_string()),
        ]
    );
    assert_eq!(
        texts(&html, ".content > p > span[lang='en'] > span[lang='mi']"),
        ["inner"]
    );
    assert_eq!(
        links(&html, ".content h2 span[lang='en'] a"),
        [("../guide/".to_string(), "the guide".to_string())]
    );
    assert_eq!(
        attrs(&html, ".content > h2", "id"),
        ["read-the-guide", "more", "last"]
    );
    assert_eq!(
        texts(&html, "nav.toc a span[lang='en']"),
        ["Read the guide"]
    );
    for place in ["ul > li", "td", ".footnotes li"] {
        let inside = format!(".content {place} span[lang] a[href='../guide/']");
        assert_eq!(select(&html, &inside).len(), 1, "{place}");
    }
    assert_eq!(attrs(&html, ".content img", "alt"), ["A walk here"]);
    // The cited work is listed as cited on the page.
    let references = texts(&html, ".references li");
    assert_eq!(references.len(), 1, "{references:?}");
    assert!(references[0].contains("Resting well"), "{references:?}");
    assert!(duplicate_ids(&html).is_empty());
}

#[test]
fn a_link_in_a_span_to_a_missing_page_is_the_usual_error() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let before = site.snapshot("output");
    site.page(
        "content/family.md",
        "title: Whānau\ndate: 2024-03-01",
        "Intro.\n\n[Read [the other page](other.md) first.]{lang=en-NZ}\n\n[See [^nope]]{lang=en}\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let errors = run.errors();
    // A footnote reference without a note in a span is its own error, and the span is read.
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    let note = run.error_at("content/family.md", 9);
    assert!(note.message.contains("`[^nope]`"), "{note:?}");
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line, errors[0].column),
        ("content/family.md", 7, 7),
        "{}",
        run.stderr
    );
    assert!(errors[0].message.contains("other.md"), "{:?}", errors[0]);
    assert!(!errors[0].message.contains("span"), "{:?}", errors[0]);
    assert_eq!(
        site.snapshot("output"),
        before,
        "a failed build changed the output"
    );
}

#[test]
fn a_span_whose_brackets_cross_emphasis_is_still_an_error_at_its_bracket() {
    let site = site();
    site.page(
        "content/family.md",
        "title: Whānau\ndate: 2024-03-01",
        "Intro.\n\n[Read *the [other page](family.md) first.]{lang=en-NZ} now*\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line, errors[0].column),
        ("content/family.md", 7, 42),
        "{}",
        run.stderr
    );
    assert!(
        errors[0].message.contains("closes no span"),
        "{:?}",
        errors[0]
    );
}

#[test]
fn a_bad_tag_in_front_matter_or_in_a_title_span_is_an_error_at_its_line() {
    let site = site();
    site.page(
        "content/family.md",
        "title: Caring for [whānau]{lang=mi data-x=1}\nlang: maori\ndate: 2024-03-01",
        "Intro.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let title = run.error_at("content/family.md", 2);
    assert!(title.message.contains("`title`"), "{title:?}");
    assert!(
        title.message.contains("`data-x=1` cannot be set on a span"),
        "{title:?}"
    );
    assert_eq!(title.column, 36, "{title:?}");
    let lang = run.error_at("content/family.md", 3);
    assert!(lang.message.contains("`maori`"), "{lang:?}");
    assert!(!site.exists("output"));
}

#[test]
fn a_bad_span_in_a_category_name_of_site_yaml_is_an_error() {
    let site = site();
    site.file(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ncategories:\n  - name: \"[Hauora]{lang=mī}\"\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 4);
    assert!(error.message.contains("`mī`"), "{error:?}");
    // At the span's `lang=`, after `  - name: "[Hauora]{` (20 characters).
    assert_eq!(error.column, 21, "{error:?}");
    assert!(!site.exists("output"));
}

#[test]
fn a_span_in_the_site_title_is_marked_in_the_header_footer_and_home_and_plain_in_title() {
    // It was printed as written, brackets and braces, everywhere the site's name is.
    let site = site();
    site.file(
        "site.yaml",
        SITE_YAML.replace("title: Hauora Hub", "title: \"[Hauora]{lang=mi} Hub\""),
    );
    run_in(site.root(), &["build"]).assert_ok();
    for file in ["output/index.html", "output/family/index.html"] {
        let html = site.html(file);
        assert_eq!(texts(&html, ".site-title"), ["Hauora Hub"], "{file}");
        assert_eq!(
            texts(&html, ".site-title span[lang='mi']"),
            ["Hauora"],
            "{file}"
        );
        assert_eq!(texts(&html, "footer span[lang='mi']"), ["Hauora"], "{file}");
        assert!(texts(&html, "title")[0].ends_with("Hauora Hub"), "{file}");
        assert_eq!(
            attrs(&html, "meta[property='og:site_name']", "content"),
            ["Hauora Hub"],
            "{file}"
        );
    }
    let home = site.html("output/index.html");
    assert_eq!(texts(&home, "h1 span[lang='mi']"), ["Hauora"]);
    let feed = std::fs::read_to_string(site.path("output/atom.xml")).unwrap_or_default();
    assert!(feed.contains("<title>Hauora Hub</title>"), "{feed}");
    assert!(!feed.contains("{lang"), "{feed}");
    // A bad tag in it is an error at its place.
    site.file(
        "site.yaml",
        SITE_YAML.replace("title: Hauora Hub", "title: \"[Hauora]{lang=m_i} Hub\""),
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 1);
    assert!(error.message.contains("`m_i`"), "{error:?}");
    assert_eq!(error.column, 9, "{error:?}");
}

/// A small PNG, for a page bundle's picture.
fn png() -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(8, 6, image::Rgb([200, 100, 50]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{e}"));
    bytes.into_inner()
}

#[test]
fn spans_in_callout_titles_are_marked_and_in_alt_text_are_plain_words() {
    let site = site();
    site.file("content/walk/photo.png", png()).page(
        "content/walk/index.md",
        "title: A walk\ndate: 2024-03-02\ncategories: [Hauora]",
        "> [!TIP] Time with [whānau]{lang=mi}\n> Walk together.\n\n![A walk with [whānau]{lang=mi} at dusk](photo.png)\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let html = site.html("output/walk/index.html");
    assert_eq!(texts(&html, ".callout-title"), ["Time with whānau"]);
    assert_eq!(texts(&html, ".callout-title span[lang='mi']"), ["whānau"]);
    // An attribute cannot hold a span: the alt text keeps the words, not the `{...}`.
    assert_eq!(
        attrs(&html, ".content img", "alt"),
        ["A walk with whānau at dusk"]
    );
}

#[test]
fn a_link_in_a_callout_title_is_a_warning_at_its_bracket_and_printed_as_written() {
    let site = site();
    site.page(
        "content/walk/index.md",
        "title: A walk\ndate: 2024-03-02\ncategories: [Hauora]",
        "> [!TIP] Read [the [guide](../family.md) now]{lang=en}\n> Walk together.\n\n\
         > [!NOTE] Plain \\[brackets](x) stay quiet\n> Rest.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert_eq!(
        (
            warnings[0].file.as_str(),
            warnings[0].line,
            warnings[0].column
        ),
        ("content/walk/index.md", 6, 20),
        "{}",
        run.stderr
    );
    assert!(
        warnings[0].message.contains("callout's title"),
        "{:?}",
        warnings[0]
    );
    let html = site.html("output/walk/index.html");
    assert_eq!(
        texts(&html, ".callout-title").first().map(String::as_str),
        Some("Read [the [guide](../family.md) now]{lang=en}")
    );
}

/// The sibling of the test above: a link after an escaped `\[...](...)` in the same title is
/// warned about too (only the first `](` of a title was looked at).
#[test]
fn a_link_after_escaped_brackets_in_a_callout_title_is_a_warning_too() {
    let site = site();
    site.page(
        "content/walk/index.md",
        "title: A walk\ndate: 2024-03-02\ncategories: [Hauora]",
        "> [!NOTE] Plain \\[brackets](x) and [the guide](../family.md)\n> Rest.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert_eq!(
        (warnings[0].line, warnings[0].column),
        (6, 36),
        "{}",
        run.stderr
    );
    assert!(warnings[0].message.contains("callout's title"));
}

#[test]
fn a_bad_span_in_a_callout_title_or_alt_text_is_an_error_at_its_place() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let before = site.snapshot("output");
    site.file("content/walk/photo.png", png()).page(
        "content/walk/index.md",
        "title: A walk\ndate: 2024-03-02\ncategories: [Hauora]",
        "> [!NOTE] Our [whānau]{lang=maori}\n> Walk.\n\n![A [walk]{lang=mi onclick=x}](photo.png)\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let callout = run.error_at("content/walk/index.md", 6);
    assert_eq!(callout.column, 24, "{callout:?}");
    assert!(callout.message.contains("`maori`"), "{callout:?}");
    let alt = run.error_at("content/walk/index.md", 9);
    assert_eq!(alt.column, 20, "{alt:?}");
    assert!(alt.message.contains("`onclick=x`"), "{alt:?}");
    assert_eq!(
        site.snapshot("output"),
        before,
        "a failed build changed the output"
    );
}

#[test]
fn table_of_contents_entries_keep_their_headings_language_spans() {
    let site = site();
    site.page(
        "content/toc.md",
        "title: Contents",
        "## Caring for [whānau]{lang=mi}\n\nText.\n\n## Sleep & rest\n\nText.\n\n### [Hauora]{.term lang=mi} at home\n\nText.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/toc/index.html");
    assert_eq!(
        texts(&html, "nav.toc a"),
        ["Caring for whānau", "Sleep & rest", "Hauora at home"]
    );
    let marked: Vec<(String, String)> = select(&html, "nav.toc a span[lang]")
        .into_iter()
        .map(|span| {
            (
                span.value().attr("lang").unwrap_or_default().to_string(),
                text(span),
            )
        })
        .collect();
    assert_eq!(
        marked,
        [
            ("mi".to_string(), "whānau".to_string()),
            ("mi".to_string(), "Hauora".to_string())
        ]
    );
    // Only the language is kept: a class or link inside a TOC link has no use there.
    assert!(select(&html, "nav.toc a span[class], nav.toc a a").is_empty());
}

#[test]
fn the_search_index_carries_spans_of_category_names_and_snippets_and_the_site_s_words() {
    // Search results marked a title's te reo words but not a category's or a snippet's (the
    // listings do), and a site in te reo alone got the script's English words.
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let index = search_index(&site);
    assert_eq!(index["categories"][0]["n"], "Hauora");
    assert_eq!(
        index["categories"][0]["nh"],
        "<span lang=\"mi\">Hauora</span>"
    );
    let page = &index["pages"][0];
    assert_eq!(page["s"], "Time with whānau & friends.");
    assert_eq!(
        page["sh"],
        "Time with <span class=\"term\" lang=\"mi\">whānau</span> &amp; friends."
    );
    assert_eq!(index["words"]["search_one_match"], "resource matches");

    let maori = Site::new();
    maori
        .file(
            "site.yaml",
            "title: Hauora Hub\nlanguage: mi\nbase_url: https://example.org/h\n",
        )
        .page("content/moe.md", "title: Moe", "He kōrero.\n");
    run_in(maori.root(), &["build"]).assert_ok();
    let index = search_index(&maori);
    let words = &index["words"];
    assert!(words.is_object(), "{index}");
    assert_ne!(words["search_one_match"], "resource matches", "{words}");
}

#[test]
fn theme_words_may_mark_words_of_another_language() {
    // The English search help's "“whanau” finds “whānau”" was announced as English; a theme
    // word may now hold spans, marked in HTML and read out of the plain words.
    let site = site();
    site.file(
        "i18n/en.yaml",
        "skip_link: \"Skip to the [kōrero]{lang=mi}\"\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let search = site.html("output/search/index.html");
    assert_eq!(
        texts(&search, "#search-help span[lang=mi]"),
        ["whanau", "whānau"]
    );
    assert!(!text(one(&search, "#search-help")).contains('{'));
    let page = site.html("output/family/index.html");
    assert_eq!(texts(&page, ".skip-link span[lang=mi]"), ["kōrero"]);
    assert_eq!(texts(&page, ".skip-link"), ["Skip to the kōrero"]);
}

#[test]
fn a_byte_order_mark_and_a_repeat_on_the_first_ones_line_do_not_move_columns() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: T\nlanguages:\n  - code: en\n    name: English\n  - code: mi\n    name: Te reo Māori\n    prefix: mi/\nbibliography: [refs.bib, ./refs.bib, refs.bib]\n",
    )
    .file(
        "refs.bib",
        "@book{bowlby1973,\n  author = {Bowlby, John},\n  title = {Separation},\n  year = {1973}\n}\n",
    )
    .file(
        "i18n/mi.yaml",
        "\u{feff}references: \"Ngā mātāpuna\u{202e}\"\n",
    )
    .page("content/sleep.md", "title: Sleep", "Rest well [@bowlby1973].\n")
    .page("content/sleep.mi.md", "title: Moe", "Okioki [@bowlby1973].\n");
    let run = site.build(&["--show-all"]);
    run.assert_ok();
    let columns = |file: &str| -> Vec<(usize, usize)> {
        run.warnings()
            .iter()
            .filter(|w| w.file == file)
            .map(|w| (w.line, w.column))
            .collect()
    };
    // `./refs.bib` at its `.`, the third `refs.bib` at its own `r` (not inside `./refs.bib`).
    assert_eq!(columns("site.yaml"), [(8, 26), (8, 38)]);
    // `references: "Ngā mātāpuna` is 25 characters: the mark is not one of them.
    assert_eq!(columns("i18n/mi.yaml"), [(1, 26)]);
    // The words are kept.
    let html = site.html("output/mi/sleep/index.html");
    assert!(text(one(&html, "body")).contains("Ngā mātāpuna"));
}
