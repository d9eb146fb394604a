//! Translations: site.yaml's `languages:`, `page.mi.md` beside `page.md`, their URLs under the
//! language's prefix, and the mistakes an editor can make with them. Every build runs the
//! binary from the site's folder with default flags, as an editor does.

mod common;

use common::*;

const SITE_YAML: &str = "title: Hauora Hub\nbase_url: https://example.org/h\nlanguages:\n  - code: en-NZ\n    name: English\n  - code: mi\n    name: Te reo Māori\n    prefix: mi/\n";

/// A bilingual site: `sleep.md` with its te reo Māori translation (which has its own slug),
/// and an English page with none.
fn site() -> Site {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .page(
            "content/guides/sleep.md",
            "title: Sleep\ndate: 2024-03-01",
            "Sleep well. See [the te reo page](sleep.mi.md).\n",
        )
        .page(
            "content/guides/sleep.mi.md",
            "title: Moe\ndate: 2024-03-01",
            "He kōrero mō te moe.\n",
        )
        .page(
            "content/guides/walking.mi.md",
            "title: Hīkoi\nslug: hikoi\ndate: 2024-03-02",
            "Sample text.\n",
        )
        .page(
            "content/guides/walking.md",
            "title: Walking\ndate: 2024-03-02",
            "Walk.\n",
        )
        .page(
            "content/alone.md",
            "title: Alone\ndate: 2024-03-03",
            "Only in English.\n",
        );
    site
}

#[test]
fn translations_go_under_their_prefix_in_their_language() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let english = site.html("output/guides/sleep/index.html");
    assert_eq!(attrs(&english, "html", "lang"), ["en-NZ"]);
    assert_eq!(
        attrs(&english, ".content a", "href"),
        ["../../mi/guides/sleep/"]
    );
    let maori = site.html("output/mi/guides/sleep/index.html");
    assert_eq!(attrs(&maori, "html", "lang"), ["mi"]);
    assert_eq!(texts(&maori, "h1"), ["Moe"]);
    // Its own slug, under the prefix.
    let walking = site.html("output/mi/hikoi/index.html");
    assert_eq!(texts(&walking, "h1"), ["Hīkoi"]);
    assert!(site.exists("output/guides/walking/index.html"));
    assert!(site.exists("output/alone/index.html"));
    assert!(!site.exists("output/guides/sleep.mi/index.html"));
}

#[test]
fn a_file_named_for_an_unlisted_language_is_an_error_at_its_path() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let before = site.snapshot("output");
    site.page("content/guides/sleep.sm.md", "title: Moe", "Samoan.\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "content/guides/sleep.sm.md");
    assert!(errors[0].message.contains("`sm`"), "{errors:?}");
    assert!(
        errors[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("code: sm") && h.contains("languages")),
        "{errors:?}"
    );
    assert_eq!(site.snapshot("output"), before, "the old output is kept");
}

#[test]
fn a_file_named_for_a_listed_language_with_a_region_is_told_the_code_to_write() {
    // `sleep.mi-NZ.md` where `languages` lists `mi`: "rename it without `.mi-NZ`" would make
    // it `sleep.md`, the English page itself. The hint names the file to write.
    let site = site();
    site.page(
        "content/guides/sleep.mi-NZ.md",
        "title: Moe",
        "He kōrero.\n",
    )
    .page(
        "content/guides/rest.mi-NZ/index.md",
        "title: Okioki",
        "He kōrero.\n",
    )
    .page("content/guides/kai.en.md", "title: Food", "Food.\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 3, "{errors:?}");
    let hint_of = |file: &str| {
        let error = errors.iter().find(|e| e.file == file).expect(file);
        (
            error.message.clone(),
            error.hint.clone().unwrap_or_default(),
        )
    };
    let (message, hint) = hint_of("content/guides/sleep.mi-NZ.md");
    assert!(message.contains("it lists `mi`"), "{message}");
    assert!(hint.contains("rename the file `sleep.mi.md`"), "{hint}");
    assert!(!hint.contains("without"), "{hint}");
    let (_, hint) = hint_of("content/guides/rest.mi-NZ/index.md");
    assert!(hint.contains("`rest.mi/index.md`"), "{hint}");
    let (message, hint) = hint_of("content/guides/kai.en.md");
    assert!(
        message.contains("`en-NZ`, the site's default language"),
        "{message}"
    );
    assert!(hint.contains("rename the file `kai.md`"), "{hint}");
}

#[test]
fn a_translation_whose_lang_says_another_language_is_an_error_at_that_line() {
    let site = site();
    site.page(
        "content/guides/sleep.mi.md",
        "title: Moe\nlang: sm",
        "He kōrero.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("content/guides/sleep.mi.md", 3);
    assert!(error.message.contains("`mi`"), "{error:?}");
}

#[test]
fn a_category_name_in_an_unlisted_language_is_an_error_at_that_name() {
    // It was placed at the category's first name (column 21 here), not at `fr`'s (61).
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}categories:\n  - name: {{ en-NZ: \"Grief & Loss\", mi: \"Mate / Ngaro\", fr: \"Deuil\" }}\n"),
    )
    .page("content/a.md", "title: A", "Text.\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 10);
    assert_eq!(
        error.message,
        "the category `Grief & Loss` has a name in `fr`, which `languages` does not list"
    );
    assert_eq!(error.column, 61, "{error:?}");
}

#[test]
fn languages_mistakes_are_errors_at_their_lines() {
    for (yaml, line, needle) in [
        (
            "title: T\nlanguages:\n  - code: en-NZ\n    name: English\n  - code: maori\n    name: Māori\n    prefix: mi/\n",
            5,
            "maori",
        ),
        (
            "title: T\nlanguages:\n  - code: en-NZ\n    name: English\n  - code: mi\n    name: Te reo Māori\n",
            5,
            "prefix",
        ),
        (
            "title: T\nlanguages:\n  - { code: en-NZ, name: English, prefix: en/ }\n  - { code: mi, name: Te reo Māori, prefix: mi/ }\n",
            3,
            "default",
        ),
        (
            "title: T\nlanguage: en\nlanguages:\n  - { code: mi, name: Te reo Māori }\n",
            2,
            "first of `languages`",
        ),
        (
            "title: T\nlanguages:\n  - { code: en-NZ, name: English }\n  - { code: mi, name: Te reo Māori, prefix: \"mi a/\" }\n",
            4,
            "prefix",
        ),
    ] {
        let site = Site::new();
        site.file("site.yaml", yaml)
            .page("content/a.md", "title: A", "A.\n");
        let run = run_in(site.root(), &["build"]);
        run.assert_code(1);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{yaml}: {errors:?}");
        assert_eq!(errors[0].file, "site.yaml", "{yaml}");
        assert_eq!(errors[0].line, line, "{yaml}: {errors:?}");
        assert!(errors[0].message.contains(needle), "{yaml}: {errors:?}");
        assert!(!site.exists("output"), "{yaml}");
    }
}

#[test]
fn without_languages_a_dotted_file_name_is_an_ordinary_page() {
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.org/t\n")
        .page("content/sleep.mi.md", "title: Moe", "Moe.\n");
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/sleep-mi/index.html");
    assert_eq!(attrs(&html, "html", "lang"), ["en"]);
}

#[test]
fn the_first_language_is_the_sites_language() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let home = site.html("output/index.html");
    assert_eq!(attrs(&home, "html", "lang"), ["en-NZ"]);
}

/// `(hreflang, href)` of every `<link rel="alternate" hreflang>` in the head.
fn head_alternates(html: &scraper::Html) -> Vec<(String, String)> {
    select(html, "head link[rel='alternate'][hreflang]")
        .into_iter()
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap_or_default().to_string(),
                e.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn translated_pages_link_each_other_in_the_head_both_ways() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let expected = vec![
        (
            "en-NZ".to_string(),
            "https://example.org/h/guides/sleep/".to_string(),
        ),
        (
            "x-default".to_string(),
            "https://example.org/h/guides/sleep/".to_string(),
        ),
        (
            "mi".to_string(),
            "https://example.org/h/mi/guides/sleep/".to_string(),
        ),
    ];
    for file in [
        "output/guides/sleep/index.html",
        "output/mi/guides/sleep/index.html",
    ] {
        assert_eq!(head_alternates(&site.html(file)), expected, "{file}");
    }
    let alone = site.html("output/alone/index.html");
    assert!(head_alternates(&alone).is_empty());
    assert!(select(&alone, "nav.language-switcher").is_empty());
}

#[test]
fn the_language_switcher_names_each_language_in_itself() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let maori = site.html("output/mi/hikoi/index.html");
    let nav = one(&maori, "nav.language-switcher");
    assert_eq!(nav.value().attr("aria-label"), Some("Ngā reo"));
    let links = select_in(nav, "a");
    let seen: Vec<(String, String, String, String)> = links
        .iter()
        .map(|a| {
            let attr = |name| a.value().attr(name).unwrap_or_default().to_string();
            (attr("href"), attr("lang"), attr("hreflang"), text(*a))
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "../../guides/walking/".to_string(),
                "en-NZ".to_string(),
                "en-NZ".to_string(),
                "English".to_string()
            ),
            (
                "../../mi/hikoi/".to_string(),
                "mi".to_string(),
                "mi".to_string(),
                "Te reo Māori".to_string()
            ),
        ]
    );
    assert_eq!(
        attrs(
            &maori,
            "nav.language-switcher a[aria-current='page']",
            "lang"
        ),
        ["mi"]
    );
}

#[test]
fn the_sitemap_lists_alternates_with_the_xhtml_namespace() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let text = std::fs::read_to_string(site.path("output/sitemap.xml")).unwrap_or_default();
    let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    let alternates_of = |loc: &str| -> Vec<(String, String)> {
        xml.descendants()
            .filter(|n| n.has_tag_name("url"))
            .find(|u| {
                u.children()
                    .any(|c| c.has_tag_name("loc") && c.text() == Some(loc))
            })
            .map(|u| {
                u.children()
                    .filter(|c| c.has_tag_name((XHTML, "link")))
                    .map(|c| {
                        assert_eq!(c.attribute("rel"), Some("alternate"));
                        (
                            c.attribute("hreflang").unwrap_or_default().to_string(),
                            c.attribute("href").unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_else(|| panic!("no <url> for {loc}: {text}"))
    };
    let both = vec![
        (
            "en-NZ".to_string(),
            "https://example.org/h/guides/walking/".to_string(),
        ),
        (
            "mi".to_string(),
            "https://example.org/h/mi/hikoi/".to_string(),
        ),
        (
            "x-default".to_string(),
            "https://example.org/h/guides/walking/".to_string(),
        ),
    ];
    assert_eq!(alternates_of("https://example.org/h/guides/walking/"), both);
    assert_eq!(alternates_of("https://example.org/h/mi/hikoi/"), both);
    assert!(alternates_of("https://example.org/h/alone/").is_empty());
}

#[test]
fn a_translation_gets_its_languages_theme_words() {
    let site = site();
    site.page(
        "content/guides/sleep.mi.md",
        "title: Moe\ndate: 2024-03-01\nreferences: [smith2020]",
        "He kōrero mō te moe.\n",
    )
    .file(
        "refs.yaml",
        "smith2020:\n  type: book\n  title: Sleep\n  author: Smith, Ana\n  date: 2020\n",
    )
    .file(
        "site.yaml",
        format!("{SITE_YAML}bibliography: [refs.yaml]\n"),
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let maori = site.html("output/mi/guides/sleep/index.html");
    assert_eq!(texts(&maori, "#references"), ["Rārangi tohutoro"]);
    assert_eq!(texts(&maori, ".breadcrumbs li:first-child a"), ["Kāinga"]);
    assert_eq!(texts(&maori, ".skip-link"), ["Tīpoka ki te ihirangi matua"]);
    assert_eq!(
        texts(&maori, ".meta"),
        ["I whakaputaina 1 Poutūterangi 2024 · 1 meneti pānui"]
    );
    // The theme has every word in te reo: none is marked as another language's; only the
    // site's own title, from site.yaml, is English.
    assert_eq!(texts(&maori, "body span[lang=\"en-NZ\"]"), ["Hauora Hub"]);
    assert_eq!(attrs(&maori, ".site-title span", "lang"), ["en-NZ"]);
    // The English page's words are its own.
    let english = site.html("output/guides/sleep/index.html");
    assert_eq!(texts(&english, ".breadcrumbs li:first-child a"), ["Home"]);
    assert_eq!(texts(&english, ".skip-link"), ["Skip to main content"]);
    assert_eq!(texts(&english, ".skip-link span"), Vec::<String>::new());
    // Attributes keep plain words, in the page's language.
    let nav_label = |html: &scraper::Html| {
        html.select(&scraper::Selector::parse("nav.breadcrumbs").unwrap_or_else(|e| panic!("{e}")))
            .next()
            .and_then(|nav| nav.value().attr("aria-label").map(str::to_string))
    };
    assert_eq!(nav_label(&maori).as_deref(), Some("Ara whakatere"));
    assert_eq!(nav_label(&english).as_deref(), Some("Breadcrumb"));
    // No word is missing, so no warning.
    let warnings: Vec<_> = run
        .warnings()
        .into_iter()
        .filter(|w| w.message.contains("theme's words"))
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A site in English and Samoan: the theme has no Samoan words, the site gives two.
const SAMOAN_SITE_YAML: &str = "title: Hauora Hub\nbase_url: https://example.org/h\nlanguages:\n  - code: en-NZ\n    name: English\n  - code: sm\n    name: Gagana Sāmoa\n    prefix: sm/\n";

#[test]
fn a_word_the_language_lacks_is_the_default_languages_marked_with_its_lang() {
    let site = Site::new();
    site.file("site.yaml", SAMOAN_SITE_YAML)
        .file(
            "i18n/sm.yaml",
            "references: Test references word\nhome: Test home word\n",
        )
        .page(
            "content/sleep.md",
            "title: Sleep\ndate: 2024-03-01\nreferences: [smith2020]",
            "Sleep.\n\n> [!NOTE]\n> Rest.\n",
        )
        .page(
            "content/sleep.sm.md",
            "title: Moe\ndate: 2024-03-01\nreferences: [smith2020]",
            "Moe.\n\n> [!NOTE]\n> Malolo.\n",
        )
        .file(
            "refs.yaml",
            "smith2020:\n  type: book\n  title: Sleep\n  author: Smith, Ana\n  date: 2020\n",
        )
        .file(
            "site.yaml",
            format!("{SAMOAN_SITE_YAML}bibliography: [refs.yaml]\n"),
        );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let samoan = site.html("output/sm/sleep/index.html");
    assert_eq!(attrs(&samoan, "html", "lang"), ["sm"]);
    assert_eq!(texts(&samoan, "#references"), ["Test references word"]);
    assert_eq!(
        texts(&samoan, ".breadcrumbs li:first-child a"),
        ["Test home word"]
    );
    // Not in sm.yaml: the default language's word, marked as in that language wherever it
    // is text (WCAG 3.1.2), in the body's callout title as in the theme's words.
    assert_eq!(texts(&samoan, ".skip-link"), ["Skip to main content"]);
    assert_eq!(
        texts(&samoan, ".skip-link > span[lang=\"en-NZ\"]"),
        ["Skip to main content"]
    );
    assert_eq!(
        texts(&samoan, ".meta span[lang=\"en-NZ\"]"),
        ["Published", "min read"]
    );
    assert_eq!(
        texts(&samoan, ".callout-title > span[lang=\"en-NZ\"]"),
        ["Note"]
    );
    // Its own words are not wrapped: the page's lang covers them.
    assert_eq!(texts(&samoan, "#references span"), Vec::<String>::new());
    // The English page's are its own, unmarked.
    let english = site.html("output/sleep/index.html");
    assert_eq!(texts(&english, ".callout-title"), ["Note"]);
    assert_eq!(texts(&english, ".callout-title span"), Vec::<String>::new());
    assert_eq!(texts(&english, ".skip-link span"), Vec::<String>::new());
    // One warning for `sm`, at its line in site.yaml, listing the words it lacks.
    let warnings: Vec<_> = run
        .warnings()
        .into_iter()
        .filter(|w| w.message.contains("theme's words"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        (warnings[0].file.as_str(), warnings[0].line),
        ("site.yaml", 6)
    );
    assert!(warnings[0].message.contains("skip_link"), "{warnings:?}");
    assert!(warnings[0].message.contains("callout_note"), "{warnings:?}");
    assert!(!warnings[0].message.contains("references"), "{warnings:?}");
    assert!(
        warnings[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("i18n/sm.yaml"),
        "{warnings:?}"
    );
}

#[test]
fn every_visible_word_of_a_te_reo_page_is_te_reo_or_marked_as_the_sites_language() {
    let site = site();
    site.file(
        "site.yaml",
        format!(
            "{SITE_YAML}paginate_by: 1\nbanner:\n  text: A new course\nhelp:\n  title: Need help now?\n  text: Phone 111 in an emergency.\n  contacts:\n    - {{ name: Need to talk?, phone: \"1737\", sms: \"1737\", note: free }}\nfooter:\n  links:\n    - {{ name: Privacy, url: \"https://example.org/privacy\" }}\ncategories:\n  - name: {{ en-NZ: Sleep, mi: Moe }}\n"
        ),
    )
    .page(
        "content/guides/sleep.mi.md",
        "title: Moe\ndate: 2024-03-01\ncategories: [Moe]\ncontent_note: He kōrero mō te mate.",
        "> [!NOTE]\n> He kōrero.\n\n> [!WARNING] Kia tūpato\n> He kōrero anō.\n\n> [!TIP]\n> Moe.\n\n- [x] Moe\n- [ ] Oho\n\nHe tuhipoka[^a], anō[^a].\n\n[^a]: He kōrero.\n",
    )
    .page(
        "content/guides/walking.mi.md",
        "title: Hīkoi\nslug: hikoi\ndate: 2024-03-02\ncategories: [Moe]",
        "Sample text.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let maori = site.html("output/mi/guides/sleep/index.html");
    // Callouts without a title get the theme's word in the page's language; a title
    // written on the marker line stays.
    assert_eq!(
        texts(&maori, ".callout-title"),
        ["Tuhipoka", "Kia tūpato", "He tohutohu"]
    );
    // So are the footnotes' heading and the labels a screen reader reads.
    assert_eq!(texts(&maori, "section.footnotes h2"), ["Ngā tuhipoka"]);
    assert_eq!(
        attrs(&maori, "a.footnote-back", "aria-label"),
        [
            "Hoki ki te tohutoro 1, whakamahinga 1",
            "Hoki ki te tohutoro 1, whakamahinga 2"
        ]
    );
    assert_eq!(
        attrs(&maori, "input[type=checkbox]", "aria-label"),
        ["Kua oti", "Kāore anō kia oti"]
    );
    // The help box's words are te reo; what site.yaml wrote is marked as English.
    assert_eq!(
        texts(&maori, ".help-contacts a"),
        ["waea 1737", "pātuhi 1737"]
    );
    assert_eq!(
        attrs(
            &maori,
            "#help-title, .help-box p, .help-contacts strong, .help-note, .banner p, .footer-links a, .site-footer > p, .site-title span",
            "lang"
        ),
        ["en-NZ"; 8]
    );
    // The English page marks nothing: it is all in the site's language.
    let english = site.html("output/guides/sleep/index.html");
    assert!(
        attrs(
            &english,
            "#help-title, .banner p, .footer-links a, .site-title span",
            "lang"
        )
        .is_empty()
    );
    assert_eq!(
        texts(&english, ".help-contacts a"),
        ["call 1737", "text 1737"]
    );
    // The te reo category page is paginated in te reo.
    let category = site.html("output/mi/categories/sleep/index.html");
    assert_eq!(texts(&category, ".page-number"), ["(whārangi 1 o 2)"]);
    let categories = site.html("output/mi/categories/index.html");
    assert_eq!(texts(&categories, ".meta"), ["2 rauemi"]);
    // The te reo home's heading is the site's title, in English.
    let home = site.html("output/mi/index.html");
    assert_eq!(attrs(&home, "main h1", "lang"), ["en-NZ"]);
    // The feed's content note is labelled in the entry's language.
    let feed = std::fs::read_to_string(site.root().join("output/mi/atom.xml")).unwrap_or_default();
    assert!(
        feed.contains("<summary>Kupu whakatūpato: He kōrero mō te mate."),
        "{feed}"
    );
}

#[test]
fn the_sites_own_words_win_over_the_themes_key_by_key() {
    let site = site();
    site.file("i18n/mi.yaml", "skip_link: Peke ki te ihirangi # sample\n")
        .file("i18n/en.yaml", "home: Start\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let maori = site.html("output/mi/guides/sleep/index.html");
    assert_eq!(texts(&maori, ".skip-link"), ["Peke ki te ihirangi"]);
    assert_eq!(texts(&maori, ".breadcrumbs li:first-child a"), ["Kāinga"]);
    let english = site.html("output/guides/sleep/index.html");
    assert_eq!(texts(&english, ".breadcrumbs li:first-child a"), ["Start"]);
    assert_eq!(texts(&english, ".skip-link"), ["Skip to main content"]);
}

#[test]
fn a_words_file_that_is_not_a_map_is_an_error_at_its_line() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let before = site.snapshot("output");
    site.file("i18n/mi.yaml", "home: Kāinga\nsearch: [Rapu\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "i18n/mi.yaml");
    assert!(errors[0].line >= 2, "{errors:?}");
    assert_eq!(site.snapshot("output"), before);
}

#[test]
fn a_single_language_site_gets_no_words_warning() {
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.org/t\n")
        .page("content/a.md", "title: A\nlang: mi", "Kia ora.\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    assert!(run.warnings().is_empty(), "{:?}", run.warnings());
    // A page in te reo on an English site still gets the te reo words.
    let html = site.html("output/a/index.html");
    assert_eq!(texts(&html, ".breadcrumbs li:first-child a"), ["Kāinga"]);
    assert_eq!(texts(&html, ".skip-link"), ["Tīpoka ki te ihirangi matua"]);
}

#[test]
fn the_sample_site_has_a_te_reo_translation_marked_as_sample_text() {
    let out = tempfile::tempdir().expect("a folder");
    let output = out.path().join("site");
    run_in(
        &repo_root(),
        &[
            "build",
            "--today",
            "2026-03-01",
            "--output",
            &output.to_string_lossy(),
        ],
    )
    .assert_ok();
    let source =
        std::fs::read_to_string(repo_root().join("content/about.mi.md")).unwrap_or_default();
    assert!(
        source.contains("SAMPLE TEXT"),
        "marked as sample text in its source"
    );
    let maori = parse_html_file(&output.join("mi/about/index.html"));
    assert_eq!(attrs(&maori, "html", "lang"), ["mi"]);
    assert_eq!(texts(&maori, "h1"), ["Mō ēnei aratohu"]);
    // The page says it is sample text, in English, marked so.
    let notes = texts(&maori, ".callout span[lang=\"en-NZ\"]");
    assert!(
        notes.first().is_some_and(|n| n.starts_with("Sample text:")),
        "{notes:?}"
    );
    assert_eq!(texts(&maori, ".callout-title"), ["Tuhipoka", "Tuhipoka"]);
    let english = parse_html_file(&output.join("about/index.html"));
    assert_eq!(
        attrs(&english, "nav.language-switcher a", "hreflang"),
        ["en-NZ", "mi"]
    );
}

#[test]
fn each_language_has_a_home_that_reaches_every_page() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let home = site.html("output/index.html");
    // Each page once, in English where it has an English version.
    assert_eq!(
        links(&home, "#all ~ ul.page-list h3 a")
            .into_iter()
            .map(|(href, _)| href)
            .collect::<Vec<_>>(),
        ["alone/", "guides/sleep/", "guides/walking/"]
    );
    let maori = site.html("output/mi/index.html");
    assert_eq!(attrs(&maori, "html", "lang"), ["mi"]);
    // The te reo versions, and the page that has none still reachable.
    assert_eq!(
        links(&maori, "#all ~ ul.page-list h3 a")
            .into_iter()
            .map(|(href, _)| href)
            .collect::<Vec<_>>(),
        ["../alone/", "../mi/hikoi/", "../mi/guides/sleep/"]
    );
    // The homes are each other's versions.
    assert_eq!(
        head_alternates(&maori),
        [
            ("en-NZ".to_string(), "https://example.org/h/".to_string()),
            (
                "x-default".to_string(),
                "https://example.org/h/".to_string()
            ),
            ("mi".to_string(), "https://example.org/h/mi/".to_string()),
        ]
    );
    assert_eq!(
        attrs(&home, "nav.language-switcher a", "href"),
        ["./", "mi/"]
    );
}

#[test]
fn a_page_cannot_take_a_languages_home_url() {
    let site = site();
    site.page("content/mine.md", "title: Mine\nslug: mi", "Mine.\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("content/mine.md", 3);
    assert!(error.message.contains("home page of `mi`"), "{error:?}");
}

#[test]
fn categories_take_a_name_per_language() {
    let site = site();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}categories:\n  - name: {{ en-NZ: Wellbeing, mi: Hauora }}\n"),
    )
    .page(
        "content/guides/sleep.md",
        "title: Sleep\ndate: 2024-03-01\ncategories: [Wellbeing]",
        "Sleep well.\n",
    )
    .page(
        "content/guides/sleep.mi.md",
        "title: Moe\ndate: 2024-03-01\ncategories: [Hauora]",
        "He kōrero mō te moe.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let english = site.html("output/guides/sleep/index.html");
    assert_eq!(
        links(&english, ".categories a"),
        [(
            "../../categories/wellbeing/".to_string(),
            "Wellbeing".to_string()
        )]
    );
    // A te reo page's category links go to the category's te reo page.
    let maori = site.html("output/mi/guides/sleep/index.html");
    assert_eq!(
        links(&maori, ".categories a"),
        [(
            "../../../mi/categories/wellbeing/".to_string(),
            "Hauora".to_string()
        )]
    );
    // One category, each page once in each language's listing of it.
    let category = site.html("output/categories/wellbeing/index.html");
    assert_eq!(texts(&category, "ul.page-list h3 a"), ["Sleep"]);
    let hauora = site.html("output/mi/categories/wellbeing/index.html");
    assert_eq!(texts(&hauora, "ul.page-list h3 a"), ["Moe"]);
    assert_eq!(texts(&hauora, "h1"), ["Hauora"]);
    assert!(!site.exists("output/categories/hauora/index.html"));
    // Its JSON-LD is about the category by the name it shows, in its `inLanguage`.
    let about = |html: &scraper::Html| -> (Vec<String>, String) {
        let script = text(one(html, "script[type=\"application/ld+json\"]"));
        let json: serde_json::Value = serde_json::from_str(&script).unwrap();
        let names = json["about"]
            .as_array()
            .unwrap()
            .iter()
            .map(|thing| thing["name"].as_str().unwrap_or_default().to_string())
            .collect();
        (
            names,
            json["inLanguage"].as_str().unwrap_or_default().to_string(),
        )
    };
    assert_eq!(
        about(&maori),
        (vec!["Hauora".to_string()], "mi".to_string())
    );
    assert_eq!(
        about(&english),
        (vec!["Wellbeing".to_string()], "en-NZ".to_string())
    );
}

#[test]
fn a_category_name_in_an_unlisted_language_is_an_error_at_its_line() {
    for (categories, needle) in [
        ("  - name: { en-NZ: Wellbeing, sm: Soifua }\n", "`sm`"),
        ("  - name: { mi: Hauora }\n", "default language"),
    ] {
        let site = site();
        site.file("site.yaml", format!("{SITE_YAML}categories:\n{categories}"));
        let run = run_in(site.root(), &["build"]);
        run.assert_code(1);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].file.as_str(), errors[0].line), ("site.yaml", 10));
        assert!(errors[0].message.contains(needle), "{errors:?}");
    }
}

#[test]
fn dates_are_written_in_the_pages_language() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let maori = site.html("output/mi/guides/sleep/index.html");
    assert_eq!(texts(&maori, ".meta time"), ["1 Poutūterangi 2024"]);
    let english = site.html("output/guides/sleep/index.html");
    assert_eq!(texts(&english, ".meta time"), ["1 March 2024"]);
}

#[test]
fn each_language_has_its_own_feed_and_its_pages_lead_to_its_home() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let feed = |rel: &str| -> (Option<String>, Vec<String>) {
        let text = std::fs::read_to_string(site.path(rel)).unwrap_or_default();
        let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let root = xml.root_element();
        let lang = root
            .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
            .map(str::to_string);
        let mut titles: Vec<String> = root
            .children()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|e| e.children().find(|c| c.has_tag_name("title")))
            .filter_map(|t| t.text().map(str::to_string))
            .collect();
        titles.sort();
        (lang, titles)
    };
    assert_eq!(
        feed("output/atom.xml"),
        (
            Some("en-NZ".into()),
            vec!["Alone".into(), "Sleep".into(), "Walking".into()]
        )
    );
    assert_eq!(
        feed("output/mi/atom.xml"),
        (Some("mi".into()), vec!["Hīkoi".into(), "Moe".into()])
    );
    let maori = site.html("output/mi/guides/sleep/index.html");
    assert_eq!(
        attrs(&maori, "head link[type='application/atom+xml']", "href"),
        ["../../../mi/atom.xml"]
    );
    assert_eq!(attrs(&maori, "a.site-title", "href"), ["../../../mi/"]);
    let maori_home = site.html("output/mi/index.html");
    assert_eq!(
        attrs(
            &maori_home,
            "nav[aria-label='Paetukutuku'] a[aria-current='page']",
            "href"
        ),
        ["../mi/"]
    );
}

/// A site in English, German and te reo Māori, each version citing a work with no date.
fn citing_site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: T\nbase_url: https://example.org\nbibliography: [refs.bib]\nlanguages:\n  - { code: en-NZ, name: English }\n  - { code: de, name: Deutsch, prefix: de/ }\n  - { code: mi, name: Te reo Māori, prefix: mi/ }\n",
    )
    .file(
        "refs.bib",
        "@book{bowlby,\n  author = {Bowlby, John},\n  title = {Separation},\n  publisher = {Hogarth Press},\n}\n",
    );
    for (file, title) in [
        ("sleep.md", "Sleep"),
        ("sleep.de.md", "Schlaf"),
        ("sleep.mi.md", "Moe"),
    ] {
        site.page(
            &format!("content/{file}"),
            &format!("title: {title}"),
            "Text [@bowlby].\n",
        );
    }
    site
}

/// Citations and reference lists are marked with the language they are written in (the CSL
/// locale used), only where it is not the page's (WCAG 3.1.2): a German page's German
/// citations were marked `lang="en-NZ"`, the English page of a site in te reo Māori marked
/// `lang="mi"`, and a te reo page's US English fallback left unmarked.
#[test]
fn citations_are_marked_with_the_language_they_are_written_in() {
    let site = citing_site();
    run_in(site.root(), &["build"]).assert_ok();
    let marks_on = |site: &Site, rel: &str| {
        let html = site.html(rel);
        (
            attrs(&html, ".content .citation", "lang"),
            attrs(&html, ".reference-list", "lang"),
        )
    };
    let marks = |rel: &str| marks_on(&site, rel);
    let none: Vec<String> = Vec::new();
    assert_eq!(
        marks("output/de/sleep/index.html"),
        (none.clone(), none.clone())
    );
    assert_eq!(
        marks("output/sleep/index.html"),
        (none.clone(), none.clone())
    );
    let en = vec!["en-NZ".to_string()];
    assert_eq!(
        marks("output/mi/sleep/index.html"),
        (en.clone(), en.clone())
    );
    let german = site.html("output/de/bibliography/index.html");
    assert!(attrs(&german, ".entry", "lang").is_empty());
    let maori = site.html("output/mi/bibliography/index.html");
    assert_eq!(attrs(&maori, ".entry", "lang"), en);

    // A site in te reo Māori, which hayagriva has no locale of: its citations are in US
    // English, and its English pages' in English.
    let te_reo = Site::new();
    te_reo.file(
        "site.yaml",
        "title: T\nbase_url: https://example.org\nbibliography: [refs.bib]\nlanguages:\n  - { code: mi, name: Te reo Māori }\n  - { code: en-NZ, name: English, prefix: en/ }\n",
    )
    .file(
        "refs.bib",
        "@book{bowlby,\n  author = {Bowlby, John},\n  title = {Separation},\n  publisher = {Hogarth Press},\n}\n",
    )
    .page("content/sleep.md", "title: Moe", "Kōrero [@bowlby].\n")
    .page("content/sleep.en-NZ.md", "title: Sleep", "Text [@bowlby].\n");
    run_in(te_reo.root(), &["build"]).assert_ok();
    let us = vec!["en-US".to_string()];
    assert_eq!(
        marks_on(&te_reo, "output/sleep/index.html"),
        (us.clone(), us.clone())
    );
    assert_eq!(
        marks_on(&te_reo, "output/en/sleep/index.html"),
        (none.clone(), none)
    );
    let bibliography = te_reo.html("output/bibliography/index.html");
    assert_eq!(attrs(&bibliography, ".entry", "lang"), us);
}

#[test]
fn citations_are_in_the_pages_language_where_it_has_a_csl_locale() {
    let site = citing_site();
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let cited = |rel: &str| {
        let html = site.html(rel);
        (
            texts(&html, ".content .citation"),
            texts(&html, ".reference-list li"),
        )
    };
    let (german, german_list) = cited("output/de/sleep/index.html");
    assert_eq!(german, ["(Bowlby, o. J.)"]);
    assert!(german_list[0].contains("o. J."), "{german_list:?}");
    let (english, english_list) = cited("output/sleep/index.html");
    assert_eq!(english, ["(Bowlby, n.d.)"]);
    assert!(english_list[0].contains("n.d."), "{english_list:?}");
    // hayagriva has no te reo Māori locale: the site's is used, without a word said.
    let (maori, maori_list) = cited("output/mi/sleep/index.html");
    assert_eq!(maori, ["(Bowlby, n.d.)"]);
    assert!(maori_list[0].contains("n.d."), "{maori_list:?}");
    assert!(
        run.warnings().iter().all(|w| !w.message.contains("locale")),
        "{:?}",
        run.warnings()
    );
    // Each language's bibliography page is in its locale too.
    let bibliography = site.html("output/de/bibliography/index.html");
    assert!(
        texts(&bibliography, ".bibliography .entry")[0].contains("o. J."),
        "{:?}",
        texts(&bibliography, ".bibliography .entry")
    );
    let bibliography = site.html("output/bibliography/index.html");
    assert!(texts(&bibliography, ".bibliography .entry")[0].contains("n.d."));
}

#[test]
fn a_page_and_a_bundle_are_versions_of_each_other() {
    let site = site();
    site.page("content/rest.md", "title: Rest", "Rest.\n")
        .page(
            "content/rest.mi/index.md",
            "title: Okioki",
            "Sample text.\n",
        )
        .page("content/garden/index.md", "title: Garden", "Garden.\n")
        .page("content/garden.mi.md", "title: Māra", "Sample text.\n");
    run_in(site.root(), &["build"]).assert_ok();
    for (english, maori) in [("rest/", "mi/rest/"), ("garden/", "mi/garden/")] {
        let expected = vec![
            (
                "en-NZ".to_string(),
                format!("https://example.org/h/{english}"),
            ),
            (
                "x-default".to_string(),
                format!("https://example.org/h/{english}"),
            ),
            ("mi".to_string(), format!("https://example.org/h/{maori}")),
        ];
        for url in [english, maori] {
            let html = site.html(&format!("output/{url}index.html"));
            assert_eq!(head_alternates(&html), expected, "{url}");
        }
    }
    // Each is listed once on each home.
    let home = site.html("output/mi/index.html");
    let listed: Vec<String> = links(&home, "#all ~ ul.page-list h3 a")
        .into_iter()
        .map(|(href, _)| href)
        .collect();
    assert!(listed.contains(&"../mi/rest/".to_string()), "{listed:?}");
    assert!(!listed.contains(&"../rest/".to_string()), "{listed:?}");
    assert!(listed.contains(&"../mi/garden/".to_string()), "{listed:?}");
}

#[test]
fn a_featured_page_is_featured_in_its_translation_on_each_home() {
    let site = site();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}home:\n  featured: [guides/walking.md]\n"),
    );
    run_in(site.root(), &["build"]).assert_ok();
    let first = |rel: &str| {
        links(&site.html(rel), "#all ~ ul.page-list h3 a")
            .into_iter()
            .map(|(_, title)| title)
            .next()
            .unwrap_or_default()
    };
    assert_eq!(first("output/index.html"), "Walking");
    assert_eq!(first("output/mi/index.html"), "Hīkoi");
}

#[test]
fn a_page_cannot_take_a_languages_own_categories_search_or_bibliography() {
    for (file, front, url) in [
        (
            "content/categories.mi.md",
            "title: Ngā kāwai",
            "mi/categories/",
        ),
        ("content/mi/search.md", "title: Search", "mi/search/"),
        (
            "content/notes.md",
            "title: Notes\nslug: mi/bibliography",
            "mi/bibliography/",
        ),
        (
            "content/feed.mi.md",
            "title: Feed\nslug: atom.xml",
            "mi/atom.xml/",
        ),
    ] {
        let site = site();
        run_in(site.root(), &["build"]).assert_ok();
        let before = site.snapshot("output");
        site.page(file, front, "Sample text.\n");
        let run = run_in(site.root(), &["build"]);
        run.assert_code(1);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{file}: {errors:?}");
        assert_eq!(errors[0].file, file);
        assert!(
            errors[0].message.contains(&format!("`{url}`")) && errors[0].message.contains("`mi`"),
            "{file}: {errors:?}"
        );
        assert_eq!(
            site.snapshot("output"),
            before,
            "{file}: the old output is kept"
        );
    }
}

#[test]
fn an_alias_cannot_take_a_languages_home_or_its_own_pages() {
    for alias in ["mi/", "mi/search/", "mi/categories/"] {
        let site = site();
        run_in(site.root(), &["build"]).assert_ok();
        let before = site.snapshot("output");
        site.page(
            "content/alone.md",
            &format!("title: Alone\ndate: 2024-03-03\naliases: [old/, {alias}]"),
            "Only in English.\n",
        );
        let run = run_in(site.root(), &["build"]);
        run.assert_code(1);
        let error = run.error_at("content/alone.md", 4);
        assert!(
            error.message.contains(&format!("`{alias}`")) && error.message.contains("`mi`"),
            "{alias}: {error:?}"
        );
        assert_eq!(
            site.snapshot("output"),
            before,
            "{alias}: the old output is kept"
        );
    }
}

/// site.yaml's descriptions are written in the site's language: shown on a te reo Māori home or
/// category page, they say so (WCAG 3.1.2); on the English pages they need nothing.
#[test]
fn site_and_category_descriptions_say_their_language_on_pages_in_another() {
    let site = site();
    site.file(
        "site.yaml",
        format!(
            "{SITE_YAML}description: Guides for whānau.\ncategories:\n  - name: Sleep\n    description: Resting well.\n"
        ),
    )
    .page(
        "content/guides/rest.md",
        "title: Rest\ndate: 2024-03-02\ncategories: [Sleep]",
        "Rest.\n",
    )
    .page(
        "content/guides/rest.mi.md",
        "title: Okioki\ndate: 2024-03-02\ncategories: [Sleep]",
        "Okioki.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    for (file, lang) in [
        ("output/mi/index.html", vec!["en-NZ"]),
        ("output/mi/categories/sleep/index.html", vec!["en-NZ"]),
        ("output/index.html", vec![]),
        ("output/categories/sleep/index.html", vec![]),
    ] {
        let html = site.html(file);
        assert_eq!(texts(&html, "p.lead").len(), 1, "{file}");
        assert_eq!(attrs(&html, "p.lead", "lang"), lang, "{file}");
    }
    let categories = site.html("output/mi/categories/index.html");
    assert_eq!(attrs(&categories, "main p[lang]", "lang"), ["en-NZ"]);
}

/// A translation's related resources are other pages, in its own language where they have a
/// version in it: never its own original (which once headed the list), nor, on the original,
/// its translation.
#[test]
fn related_resources_leave_out_a_pages_own_translations() {
    let site = Site::new();
    site.file("site.yaml", format!("{SITE_YAML}categories_open: true\n"));
    for (path, front) in [
        ("content/sleep.md", "title: Sleep\ndate: 2024-03-04"),
        ("content/sleep.mi.md", "title: Moe\ndate: 2024-03-04"),
        ("content/rest.md", "title: Rest\ndate: 2024-03-03"),
        ("content/rest.mi.md", "title: Okioki\ndate: 2024-03-03"),
        ("content/naps.md", "title: Naps\ndate: 2024-03-02"),
    ] {
        site.page(
            path,
            &format!("{front}\ncategories: [Wellbeing]"),
            "Text.\n",
        );
    }
    run_in(site.root(), &["build"]).assert_ok();
    let maori = site.html("output/mi/sleep/index.html");
    assert_eq!(texts(&maori, ".related h3"), ["Okioki", "Naps"]);
    let english = site.html("output/sleep/index.html");
    assert_eq!(texts(&english, ".related h3"), ["Rest", "Naps"]);
}

/// On a page in another language, what is written in the site's language is marked so (WCAG
/// 3.1.2): its in-text citations and reference list (the citation style's locale follows the
/// site's language), a reviewer's role and credentials from site.yaml, the bibliography
/// page's entries under the language's prefix, and its feeds' subtitle (site.yaml's
/// description). English pages are as before, unmarked.
#[test]
fn english_citations_references_roles_and_subtitle_are_marked_on_te_reo_pages() {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!(
            "{SITE_YAML}language: en-NZ\ndescription: Guides on wellbeing.\nbibliography: [refs.bib]\n\
             people:\n  ana:\n    name: Ana Smith\n    role: Clinical psychologist\n    credentials: PhD\n"
        ),
    )
    .file(
        "refs.bib",
        "@book{bowlby1973, author = {Bowlby, John}, title = {Separation}, publisher = {Hogarth}, year = {1973}}\n",
    )
    .page(
        "content/sleep.md",
        "title: Sleep\ndate: 2024-03-01\nreviewed: 2024-03-01\nreviewed_by: ana",
        "Sleep well [@bowlby1973].\n",
    )
    .page(
        "content/sleep.mi.md",
        "title: Moe\ndate: 2024-03-01\nreviewed: 2024-03-01\nreviewed_by: ana",
        "He kōrero mō te moe [@bowlby1973].\n",
    );
    run_in(site.root(), &["build", "--today", "2024-06-01"]).assert_ok();
    let maori = site.html("output/mi/sleep/index.html");
    assert_eq!(attrs(&maori, ".content .citation", "lang"), ["en-NZ"]);
    assert_eq!(attrs(&maori, ".reference-list", "lang"), ["en-NZ"]);
    assert_eq!(
        texts(&maori, ".review span[lang=en-NZ]"),
        ["(PhD), Clinical psychologist"]
    );
    let english = site.html("output/sleep/index.html");
    assert!(
        select(
            &english,
            ".content .citation[lang], .reference-list[lang], .review span[lang]"
        )
        .is_empty()
    );
    let bibliography = site.html("output/mi/bibliography/index.html");
    assert_eq!(attrs(&bibliography, ".entry", "lang"), ["en-NZ"]);
    let feed = std::fs::read_to_string(site.path("output/mi/atom.xml")).unwrap_or_default();
    let feed = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}"));
    let subtitle = feed
        .descendants()
        .find(|n| n.has_tag_name("subtitle"))
        .expect("subtitle");
    assert_eq!(
        subtitle.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en-NZ")
    );
}

#[test]
fn the_sitemap_percent_encodes_letters_outside_ascii_in_a_slug() {
    // The sitemap protocol wants URLs escaped: `hīkoi` was listed as written, in <loc> and
    // in each alternate's href.
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .page("content/walking.md", "title: Walking", "Walk.\n")
        .page(
            "content/walking.mi.md",
            "title: Hīkoi\nslug: hīkoi",
            "Hīkoi.\n",
        );
    run_in(site.root(), &["build"]).assert_ok();
    assert!(site.exists("output/mi/hīkoi/index.html"));
    let text = std::fs::read_to_string(site.path("output/sitemap.xml")).unwrap_or_default();
    let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let mut urls: Vec<&str> = xml
        .descendants()
        .filter_map(|n| match n.tag_name().name() {
            "loc" => n.text(),
            "link" => n.attribute("href"),
            _ => None,
        })
        .collect();
    assert!(urls.iter().all(|url| url.is_ascii()), "{text}");
    urls.retain(|url| url.contains("/mi/h"));
    assert_eq!(urls.len(), 3, "{text}");
    assert!(
        urls.iter()
            .all(|url| *url == "https://example.org/h/mi/h%C4%ABkoi/")
    );
}

/// The redirect page at a translation's old address is in the translation's language, in the
/// theme's words (it was in English: "Moved:", "This page has moved to"); its link showed the
/// te reo Māori title unmarked, to be read as English.
#[test]
fn a_translation_s_redirect_page_marks_the_title_s_language() {
    let site = site();
    site.page(
        "content/guides/sleep.mi.md",
        "title: Moe\ndate: 2024-03-01\naliases: [mi/moe-tawhito/]",
        "He kōrero mō te moe.\n",
    )
    .page(
        "content/alone.md",
        "title: \"Alone with [whānau]{lang=mi}\"\ndate: 2024-03-03\naliases: [old-alone/]",
        "Only in English.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let moved = site.html("output/mi/moe-tawhito/index.html");
    assert_eq!(attrs(&moved, "html", "lang"), ["mi"]);
    assert_eq!(attrs(&moved, "main a", "lang"), ["mi"]);
    assert_eq!(texts(&moved, "title"), ["Kua nekehia: Moe"]);
    assert_eq!(
        texts(&moved, "main p"),
        ["Kua nekehia tēnei whārangi ki Moe."]
    );
    assert_eq!(texts(&moved, "main a"), ["Moe"]);
    assert_eq!(attrs(&moved, "main a", "href"), ["../../mi/guides/sleep/"]);
    // A title with a span keeps it; the page in the site's language needs no `lang`.
    let alone = site.html("output/old-alone/index.html");
    assert!(attrs(&alone, "main a", "lang").is_empty());
    assert_eq!(texts(&alone, "main a span[lang=mi]"), ["whānau"]);
    assert_eq!(texts(&alone, "title"), ["Moved: Alone with whānau"]);
    assert_eq!(attrs(&alone, "html", "lang"), ["en-NZ"]);
    assert_eq!(
        texts(&alone, "main p"),
        ["This page has moved to Alone with whānau."]
    );
}

#[test]
fn language_codes_are_written_in_the_case_bcp_47_gives_them_whatever_case_they_were_read_in() {
    // `MI` and `en-nz` are the same tags as `mi` and `en-NZ`, but pages compared them as
    // written: a page with `lang: EN-nz` on an `en-NZ` site was marked as another language
    // (its home entry) and marked the site's own words inside it as English again.
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Hauora Hub\nbase_url: https://example.org/h\nlanguage: EN-nz\nlanguages:\n  - code: en-nz\n    name: English\n  - code: MI\n    name: Te reo Māori\n    prefix: mi/\n",
    )
    .page(
        "content/sleep.md",
        "title: Sleep\nlang: EN-NZ\ndate: 2024-03-01",
        "Rest, then [moe]{lang=MI}.\n",
    )
    .page("content/sleep.MI.md", "title: Moe\ndate: 2024-03-01", "He kōrero.\n");
    run_in(site.root(), &["build"]).assert_ok();
    let english = site.html("output/sleep/index.html");
    assert_eq!(attrs(&english, "html", "lang"), ["en-NZ"]);
    assert_eq!(attrs(&english, ".content span[lang]", "lang"), ["mi"]);
    assert_eq!(
        attrs(&english, "link[hreflang]", "hreflang"),
        ["en-NZ", "x-default", "mi"]
    );
    assert!(
        select(&english, ".site-title [lang], .site-footer [lang]").is_empty(),
        "the site's own words are in the page's language"
    );
    let maori = site.html("output/mi/sleep/index.html");
    assert_eq!(attrs(&maori, "html", "lang"), ["mi"]);
    assert_eq!(
        attrs(&maori, ".language-switcher a", "lang"),
        ["en-NZ", "mi"]
    );
    let home = site.html("output/index.html");
    for tag in attrs(&home, "[lang]", "lang") {
        assert!(tag == "en-NZ" || tag == "mi", "{tag}");
    }
    let sitemap = std::fs::read_to_string(site.path("output/sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("hreflang=\"MI\"") && !sitemap.contains("en-nz"),
        "{sitemap}"
    );
    let feed = std::fs::read_to_string(site.path("output/mi/atom.xml")).unwrap();
    assert!(feed.contains("xml:lang=\"mi\""), "{feed}");
}

#[test]
fn a_translation_named_near_a_page_without_that_translation_is_a_warning_naming_it() {
    // `slep.mi.md` beside `sleep.md` was published quietly as a page of its own: neither page
    // linked the other, and the te reo home listed both.
    let site = site();
    site.page(
        "content/guides/slep.mi.md",
        "title: Moe anō",
        "He kōrero.\n",
    )
    .page(
        "content/guides/walkin.mi/index.md",
        "title: Hīkoi anō",
        "He kōrero.\n",
    )
    .page("content/alon.mi.md", "title: Anake", "He kōrero.\n")
    .page("content/kai.mi.md", "title: Kai", "He kōrero mō te kai.\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let mut warnings: Vec<(String, String)> = run
        .warnings()
        .into_iter()
        .filter(|w| w.message.contains("version of"))
        .map(|w| (w.file.clone(), w.hint.clone().unwrap_or_default()))
        .collect();
    warnings.sort();
    // `slep` and `walkin` are near `sleep` and `walking`, which have their te reo versions
    // already: not them. `kai` is near no page: a page only in te reo, as a site may have.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].0, "content/alon.mi.md");
    assert!(
        warnings[0].1.contains("rename it `alone.mi.md`"),
        "{warnings:?}"
    );
    // The page is still published, under its own name.
    assert!(site.exists("output/mi/alon/index.html"));
}

/// `og:locale` and its `og:locale:alternate`s of a written file.
fn og_locales(html: &scraper::Html) -> (Vec<String>, Vec<String>) {
    (
        attrs(html, "meta[property='og:locale']", "content"),
        attrs(html, "meta[property='og:locale:alternate']", "content"),
    )
}

#[test]
fn og_locale_is_language_and_territory_with_the_other_versions_as_alternates() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    // `mi` has no region: it takes the site's (`en-NZ`).
    assert_eq!(
        og_locales(&site.html("output/guides/sleep/index.html")),
        (vec!["en_NZ".to_string()], vec!["mi_NZ".to_string()])
    );
    assert_eq!(
        og_locales(&site.html("output/mi/guides/sleep/index.html")),
        (vec!["mi_NZ".to_string()], vec!["en_NZ".to_string()])
    );
    // A page with no translation has no alternate.
    assert_eq!(
        og_locales(&site.html("output/alone/index.html")),
        (vec!["en_NZ".to_string()], Vec::new())
    );
    // Each language's home and listing pages name the other's.
    for (file, own, other) in [
        ("output/index.html", "en_NZ", "mi_NZ"),
        ("output/mi/index.html", "mi_NZ", "en_NZ"),
        ("output/mi/search/index.html", "mi_NZ", "en_NZ"),
        ("output/categories/index.html", "en_NZ", "mi_NZ"),
    ] {
        assert_eq!(
            og_locales(&site.html(file)),
            (vec![own.to_string()], vec![other.to_string()]),
            "{file}"
        );
    }
}

#[test]
fn og_locale_territory_comes_from_region_then_the_site_language_then_none() {
    let site = site();
    // Bare tags and `region:`: every bare tag takes it; a tag's own region wins.
    site.file(
        "site.yaml",
        "title: Hauora Hub\nbase_url: https://example.org/h\nregion: au\nlanguages:\n  - { code: en, name: English }\n  - { code: mi, name: Te reo Māori, prefix: mi/ }\n",
    )
    .page(
        "content/tonga.md",
        "title: Tonga\nlang: to-TO\ndate: 2024-03-05",
        "Sample text.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    assert_eq!(
        og_locales(&site.html("output/guides/sleep/index.html")),
        (vec!["en_AU".to_string()], vec!["mi_AU".to_string()])
    );
    assert_eq!(
        og_locales(&site.html("output/tonga/index.html")).0,
        ["to_TO"]
    );
    // Without `region` and with a bare site language: te reo Māori is New Zealand's; English
    // has no territory to go on, so it is the language alone.
    site.file(
        "site.yaml",
        "title: Hauora Hub\nbase_url: https://example.org/h\nlanguages:\n  - { code: en, name: English }\n  - { code: mi, name: Te reo Māori, prefix: mi/ }\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    assert_eq!(
        og_locales(&site.html("output/mi/guides/sleep/index.html")),
        (vec!["mi_NZ".to_string()], vec!["en".to_string()])
    );
}

#[test]
fn a_region_that_is_not_a_country_code_is_an_error_at_its_line() {
    let site = site();
    site.file("site.yaml", format!("{SITE_YAML}region: New Zealand\n"));
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 9);
    assert!(error.message.contains("`NZ` is New Zealand's"), "{error:?}");
    for bad in ["NZL", "\"554\"", "XX", "\"\""] {
        site.file("site.yaml", format!("{SITE_YAML}region: {bad}\n"));
        let run = run_in(site.root(), &["build"]);
        run.assert_code(1);
        run.error_at("site.yaml", 9);
    }
}

/// The help box's heading and text on a written file: (heading, its `lang`), (text, its `lang`).
fn help_box(html: &scraper::Html) -> Vec<(String, String)> {
    ["#help h2", "#help > p"]
        .into_iter()
        .map(|css| {
            let element = one(html, css);
            (
                text(element),
                element.value().attr("lang").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_help_box_is_in_each_languages_words_where_given_else_the_sites() {
    let site = site();
    site.file(
        "site.yaml",
        format!(
            "{SITE_YAML}help:\n  title:\n    en-NZ: Need help now?\n    mi: \"Me whai [āwhina]{{lang=mi .term}} koe?\"\n  text: Call 111 in an emergency.\n  contacts:\n    - {{ name: Need to talk?, phone: \"1737\" }}\n"
        ),
    );
    run_in(site.root(), &["build"]).assert_ok();
    // Te reo pages (and the te reo home) get the te reo title, in their own language, and
    // the one text, marked as the site's language.
    for file in ["output/mi/guides/sleep/index.html", "output/mi/index.html"] {
        let html = site.html(file);
        assert_eq!(
            help_box(&html),
            [
                ("Me whai āwhina koe?".to_string(), String::new()),
                ("Call 111 in an emergency.".to_string(), "en-NZ".to_string())
            ],
            "{file}"
        );
        assert_eq!(texts(&html, "#help h2 span.term[lang='mi']"), ["āwhina"]);
        assert_eq!(attrs(&html, "#help a[href^='tel:']", "href"), ["tel:1737"]);
    }
    let english = site.html("output/guides/sleep/index.html");
    assert_eq!(
        help_box(&english),
        [
            ("Need help now?".to_string(), String::new()),
            ("Call 111 in an emergency.".to_string(), String::new())
        ]
    );
    // The text per language too; a language the map leaves out would show the default's.
    site.file(
        "site.yaml",
        format!(
            "{SITE_YAML}help:\n  title: Need help now?\n  text:\n    en-NZ: Call 111 in an emergency.\n    mi: Waea atu ki 111.\n"
        ),
    );
    run_in(site.root(), &["build"]).assert_ok();
    assert_eq!(
        help_box(&site.html("output/mi/guides/sleep/index.html")),
        [
            ("Need help now?".to_string(), "en-NZ".to_string()),
            ("Waea atu ki 111.".to_string(), String::new())
        ]
    );
    assert_eq!(
        help_box(&site.html("output/guides/sleep/index.html"))[1],
        ("Call 111 in an emergency.".to_string(), String::new())
    );
}

#[test]
fn a_help_box_per_language_without_languages_or_the_default_is_an_error_at_its_line() {
    let site = site();
    // No `languages`.
    site.file(
        "site.yaml",
        "title: Hauora Hub\nbase_url: https://example.org/h\nhelp:\n  title:\n    en: Need help now?\n    mi: Me whai āwhina koe?\n",
    )
    .remove("content/guides/sleep.mi.md")
    .remove("content/guides/walking.mi.md");
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 5);
    assert!(
        error.message.contains("site.yaml lists no `languages`"),
        "{error:?}"
    );
    // A list for one language's text.
    site.file(
        "site.yaml",
        format!("{SITE_YAML}help:\n  text:\n    en-NZ: Call 111.\n    mi: [Waea, atu]\n"),
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 12);
    assert!(
        error
            .message
            .contains("`text` in `mi`: expected text, found a list"),
        "{error:?}"
    );
}

/// Each contact of the help box on a written file: (name, its `lang`), (hours with the theme's
/// "open", the `lang` of the hours), (note, its `lang`), empty where the contact has none or the
/// element carries no `lang`.
fn help_contacts(html: &scraper::Html) -> Vec<[(String, String); 3]> {
    let item = selector(".help-contacts > li");
    let part = |li: scraper::ElementRef, css: &str| {
        li.select(&selector(css)).next().map_or_else(
            || (String::new(), String::new()),
            |e| {
                (
                    text(e),
                    e.value().attr("lang").unwrap_or_default().to_string(),
                )
            },
        )
    };
    html.select(&item)
        .map(|li| {
            [
                part(li, "strong"),
                (
                    part(li, ".help-hours").0,
                    part(li, ".help-hours > span[lang]").1,
                ),
                part(li, ".help-note"),
            ]
        })
        .collect()
}

/// Pairs of texts for [`help_contacts`].
fn pair(text: &str, lang: &str) -> (String, String) {
    (text.to_string(), lang.to_string())
}

const CONTACTS_PER_LANGUAGE: &str = "help:\n  title:\n    en-NZ: Need help now?\n    mi: Me whai āwhina koe?\n  contacts:\n    - name: { en-NZ: Need to talk?, mi: \"Me [kōrero]{lang=mi .term}?\" }\n      phone: \"1737\"\n      sms: \"1737\"\n      note:\n        en-NZ: Free call or text, any time\n        mi: He waea, he pātuhi utu kore\n    - name: Healthline\n      phone: \"0800 611 116\"\n      hours: { en-NZ: Every day, mi: Ia rā }\n      note: { en-NZ: Advice from nurses }\n    - { name: { en-NZ: Our support page, mi: Tā mātou whārangi }, url: guides/sleep/ }\ncategories:\n  - name: { en-NZ: Sleep, mi: Moe }\n";

#[test]
fn help_contacts_are_in_each_languages_words_where_given_else_the_sites_marked() {
    let site = site();
    site.file("site.yaml", format!("{SITE_YAML}{CONTACTS_PER_LANGUAGE}"))
        .page(
            "content/guides/sleep.md",
            "title: Sleep\ndate: 2024-03-01\ncategories: [Sleep]",
            "Sleep well.\n",
        )
        .page(
            "content/guides/sleep.mi.md",
            "title: Moe\ndate: 2024-03-01\ncategories: [Sleep]",
            "He kōrero mō te moe.\n",
        );
    run_in(site.root(), &["build"]).assert_ok();
    let none = || pair("", "");
    // A te reo page, and its siblings that also carry the box: the te reo home, search,
    // categories and a category.
    for file in [
        "output/mi/guides/sleep/index.html",
        "output/mi/index.html",
        "output/mi/search/index.html",
        "output/mi/categories/index.html",
        "output/mi/categories/sleep/index.html",
        "output/mi/bibliography/index.html",
    ] {
        let html = site.html(file);
        assert_eq!(
            help_contacts(&html),
            [
                [
                    pair("Me kōrero?", ""),
                    none(),
                    pair("(He waea, he pātuhi utu kore)", "")
                ],
                // Written once (its name), or without `mi` (its note): the site's, marked.
                [
                    pair("Healthline", "en-NZ"),
                    pair("(tuwhera Ia rā)", ""),
                    pair("(Advice from nurses)", "en-NZ")
                ],
                [pair("Tā mātou whārangi", ""), none(), none()],
            ],
            "{file}"
        );
        assert_eq!(
            texts(&html, ".help-contacts span.term[lang='mi']"),
            ["kōrero"]
        );
        // Numbers and links are one for every language.
        assert_eq!(
            attrs(
                &html,
                "#help a[href^='tel:'], #help a[href^='sms:']",
                "href"
            ),
            ["tel:1737", "sms:1737", "tel:0800611116"],
            "{file}"
        );
        // The link to a page of the site is named in te reo too.
        let more = texts(&html, ".help-contacts li:last-child a");
        assert_eq!(more.len(), 1, "{file}");
        assert!(more[0].ends_with("Tā mātou whārangi"), "{file}: {more:?}");
        assert!(
            attrs(&html, ".help-contacts li:last-child a span", "lang").is_empty(),
            "{file}"
        );
    }
    // English pages (and the 404 page, in the site's language) get the default language's,
    // unmarked.
    for file in [
        "output/guides/sleep/index.html",
        "output/search/index.html",
        "output/categories/sleep/index.html",
        "output/404.html",
    ] {
        let html = site.html(file);
        assert_eq!(
            help_contacts(&html),
            [
                [
                    pair("Need to talk?", ""),
                    none(),
                    pair("(Free call or text, any time)", "")
                ],
                [
                    pair("Healthline", ""),
                    pair("(open Every day)", ""),
                    pair("(Advice from nurses)", "")
                ],
                [pair("Our support page", ""), none(), none()],
            ],
            "{file}"
        );
    }
}

#[test]
fn help_contacts_per_language_mistakes_are_errors_at_their_lines() {
    let site = site();
    // No `languages`.
    site.file(
        "site.yaml",
        "title: Hauora Hub\nbase_url: https://example.org/h\nhelp:\n  contacts:\n    - name: Lifeline\n      note:\n        en: Free\n        mi: Utu kore\n",
    )
    .remove("content/guides/sleep.mi.md")
    .remove("content/guides/walking.mi.md");
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 7);
    assert!(
        error.message.contains(
            "the `note` of `Lifeline` is written per language, but site.yaml lists no `languages`"
        ),
        "{error:?}"
    );
    // A list for one language's name, then a list for the whole of `hours`.
    site.file(
        "site.yaml",
        format!("{SITE_YAML}help:\n  contacts:\n    - name:\n        en-NZ: Lifeline\n        mi: [Rārangi, ora]\n      hours: [Mon, Tue]\n"),
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 13);
    assert!(
        error
            .message
            .contains("the `name` of `Lifeline` in `mi`: expected text, found a list"),
        "{error:?}"
    );
    let error = run.error_at("site.yaml", 14);
    assert!(
        error
            .message
            .contains("the `hours` of `Lifeline`: expected text, found a list"),
        "{error:?}"
    );
}

#[test]
fn a_language_written_twice_in_tags_differing_in_case_is_an_error_at_the_second() {
    // SITE_YAML is 8 lines; `help:` is line 9. The contact writes `note:` before `name:`.
    let help = "help:\n  title:\n    en-NZ: Need help now?\n    mi: Me whai āwhina koe?\n    MI: He āwhina\n  contacts:\n    - note:\n        en-NZ: Free call or text\n        mi: \"\"\n      name:\n        en-NZ: Need to talk?\n        EN-nz: Talk to us\n        mi: Me kōrero?\n      phone: \"1737\"\n    - { name: Healthline, phone: \"0800 611 116\", note: { en-NZ: Nurses, mi: Tapuhi } }\n";
    let site = site();
    site.file("site.yaml", format!("{SITE_YAML}{help}"));
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    // Every mistake in one run, each at its own line and column.
    let title = run.error_at("site.yaml", 13);
    assert_eq!(title.column, 5, "{title:?}");
    assert!(
        title.message.contains(
            "`help`: `title` is written in `mi` (line 12) and again in `MI`: language tags ignore case"
        ),
        "{title:?}"
    );
    assert_eq!(title.hint.as_deref(), Some("keep one of `mi:` and `MI:`"));
    let note = run.error_at("site.yaml", 17);
    assert_eq!(note.column, 9, "{note:?}");
    assert!(
        note.message
            .contains("the `note` of `Need to talk?` in `mi` is empty"),
        "{note:?}"
    );
    let name = run.error_at("site.yaml", 20);
    assert_eq!(name.column, 9, "{name:?}");
    assert!(
        name.message.contains(
            "the `name` of `Need to talk?` is written in `en-NZ` (line 19) and again in `EN-nz`"
        ),
        "{name:?}"
    );
    assert_eq!(run.errors().len(), 3, "{:?}", run.errors());

    // Each kept once: the te reo page has its own words, and nothing was dropped.
    let fixed = help
        .replace("    MI: He āwhina\n", "")
        .replace("        EN-nz: Talk to us\n", "")
        .replace("mi: \"\"", "mi: Utu kore");
    site.file("site.yaml", format!("{SITE_YAML}{fixed}"));
    run_in(site.root(), &["build"]).assert_ok();
    let maori = site.html("output/mi/index.html");
    assert_eq!(texts(&maori, "#help-title"), ["Me whai āwhina koe?"]);
    let contacts = help_contacts(&maori);
    assert_eq!(contacts.len(), 2, "{contacts:?}");
    assert_eq!(contacts[0][0].0, "Me kōrero?");
    assert_eq!(contacts[0][2].0, "(Utu kore)");
    assert_eq!(contacts[1][2].0, "(Tapuhi)");
    let english = site.html("output/index.html");
    assert_eq!(help_contacts(&english)[0][0].0, "Need to talk?");

    // A category named twice in one language (the names are read into a sorted map: the
    // second is still the one written second).
    site.file(
        "site.yaml",
        format!("{SITE_YAML}categories:\n  - name: {{ mi: Moe, en-NZ: Sleep, MI: Moe pai }}\n"),
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let category = run.error_at("site.yaml", 10);
    assert_eq!(category.column, 36, "{category:?}");
    assert!(
        category
            .message
            .contains("a category's `name` is written in `mi` (line 10) and again in `MI`"),
        "{category:?}"
    );
}

#[test]
fn without_languages_a_file_named_for_the_sites_own_language_is_told_to_drop_it() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: T\nlanguage: en-NZ\nbase_url: https://example.org/t\n",
    )
    .page("content/about.en.md", "title: About us", "Words.\n")
    .page("content/sleep.mi.md", "title: Moe", "Moe.\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let warnings = run.warnings();
    let own = warnings
        .iter()
        .find(|w| w.file == "content/about.en.md")
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert!(
        own.message
            .contains("`en` is the site's own language (`language: en-NZ` in site.yaml)"),
        "{own:?}"
    );
    // Adding `languages` with the site's language twice would not make it a translation.
    assert!(
        own.hint
            .as_deref()
            .is_some_and(|h| h.contains("rename it `about.md`") && !h.contains("languages")),
        "{own:?}"
    );
    let other = warnings
        .iter()
        .find(|w| w.file == "content/sleep.mi.md")
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert!(
        other
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("code: mi")),
        "{other:?}"
    );
    let html = site.html("output/about-en/index.html");
    assert_eq!(texts(&html, "h1"), ["About us"]);
}

#[test]
fn a_published_translation_with_its_originals_title_or_description_is_a_warning_at_the_line() {
    // `new guides/rest.mi.md` copies the English title and description for the translator to
    // replace; published as they were, the te reo page went out with an English title.
    let site = site();
    site.page(
        "content/guides/rest.md",
        "title: Rest and recovery\ndescription: How to rest after a hard week.",
        "Rest.\n",
    )
    .page(
        "content/guides/rest.mi.md",
        "title: rest  and Recovery\ndescription: How to rest after a hard week.",
        "He kōrero.\n",
    )
    // Not these: a one-word title (a name), a title whose words are marked with their
    // language, a translated description, a draft.
    .page("content/help.md", "title: Healthline", "Call.\n")
    .page("content/help.mi.md", "title: Healthline", "Waea.\n")
    .page("content/kai.md", "title: Healthy kai", "Food.\n")
    .page(
        "content/kai.mi.md",
        "title: \"[Healthy kai]{lang=en-NZ}\"",
        "Kai.\n",
    )
    .page(
        "content/moe.md",
        "title: Sleep tips\ndescription: Sleep.",
        "Sleep.\n",
    )
    .page(
        "content/moe.mi.md",
        "title: Sleep tips\ndraft: true",
        "Moe.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let mut warnings: Vec<(String, usize, usize, String, String)> = run
        .warnings()
        .into_iter()
        .filter(|w| w.message.contains("the same as its original"))
        .map(|w| {
            let hint = w.hint.clone().unwrap_or_default();
            (w.file.clone(), w.line, w.column, w.message.clone(), hint)
        })
        .collect();
    warnings.sort();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(
        (warnings[0].0.as_str(), warnings[0].1, warnings[0].2),
        ("content/guides/rest.mi.md", 2, 8),
        "{warnings:?}"
    );
    assert!(
        warnings[0].3.contains("`mi` version's title"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].3.contains("(`content/guides/rest.md`)"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].4.contains("translate the title"),
        "{warnings:?}"
    );
    assert_eq!(
        (warnings[1].0.as_str(), warnings[1].1, warnings[1].2),
        ("content/guides/rest.mi.md", 3, 14),
        "{warnings:?}"
    );
    assert!(warnings[1].3.contains("description"), "{warnings:?}");
    // Still published, with the title as written.
    let html = site.html("output/mi/guides/rest/index.html");
    assert!(texts(&html, "h1").concat().contains("Recovery"));
}

/// The one 404.html a static host serves for every missing address of a bilingual site says
/// what it says in each language, each marked with its `lang`, under one `h1`.
#[test]
fn the_404_page_speaks_every_language_of_the_site() {
    let site = site();
    // Samoan has no words in the default theme: its block falls back to the site's, marked.
    site.file(
        "site.yaml",
        format!("{SITE_YAML}  - code: sm\n    name: Gagana Sāmoa\n    prefix: sm/\n"),
    );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/404.html");
    assert_eq!(attrs(&html, "html", "lang"), ["en-NZ"]);
    assert_eq!(texts(&html, "h1"), ["Page not found"]);
    assert_eq!(
        select(&html, "main h1 ~ *").len(),
        4,
        "two paragraphs and two sections"
    );
    assert_eq!(attrs(&html, "main section", "lang"), ["mi", "sm"]);
    assert_eq!(
        texts(&html, "main section h2"),
        ["Kāore i kitea te whārangi", "Page not found"]
    );
    // The site's language first, then each other one's links to its own home and categories.
    assert_eq!(
        links(&html, "main a"),
        [
            (
                "https://example.org/h/".to_string(),
                "Browse all resources".to_string()
            ),
            (
                "https://example.org/h/categories/".into(),
                "look through the categories".into()
            ),
            (
                "https://example.org/h/mi/".into(),
                "Tirohia ngā rauemi katoa".into()
            ),
            (
                "https://example.org/h/mi/categories/".into(),
                "tirohia ngā kāwai".into()
            ),
            (
                "https://example.org/h/sm/".into(),
                "Browse all resources".into()
            ),
            (
                "https://example.org/h/sm/categories/".into(),
                "look through the categories".into()
            ),
        ]
    );
    assert_eq!(
        attrs(&html, "main section a", "hreflang"),
        ["mi", "mi", "sm", "sm"]
    );
    // Te reo Māori has every word: nothing in its block is marked as another language's.
    assert!(select(&html, "main section[lang='mi'] [lang]").is_empty());
    // Samoan's are the default language's, each marked as such.
    let samoan = select(&html, "main section[lang='sm'] span[lang='en-NZ']");
    assert_eq!(
        samoan.len(),
        6,
        "{:?}",
        texts(&html, "main section[lang='sm'] span")
    );
    // The links work from any address: each language's home and categories page exist.
    for written in ["mi/index.html", "mi/categories/index.html", "sm/index.html"] {
        assert!(site.exists(&format!("output/{written}")), "{written}");
    }
}

/// A site in one language keeps its 404 page as it was: one message, nothing marked.
#[test]
fn the_404_page_of_a_site_in_one_language_has_one_message() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Hub\nbase_url: https://example.org/h\nlanguage: en-NZ\n",
    )
    .page("content/a.md", "title: A", "Text.\n");
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/404.html");
    assert_eq!(texts(&html, "h1"), ["Page not found"]);
    assert!(select(&html, "main section, main h2, main [lang]").is_empty());
    assert_eq!(
        attrs(&html, "main a", "href"),
        [
            "https://example.org/h/",
            "https://example.org/h/categories/"
        ]
    );
    let main = one(&html, "main");
    assert_eq!(
        text(main),
        "Page not found There is no page at this address. It may have moved, or the link may be mistyped. Browse all resources or look through the categories."
    );
}

/// A bilingual site whose te reo Māori translation of `sleep.md` is a draft, and whose
/// category "Only Drafts" only a draft uses.
fn site_with_draft_translation() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}categories:\n  - name: Wellbeing\n  - name: Only Drafts\n"),
    )
    .page(
        "content/sleep.md",
        "title: Sleep\ndate: 2024-03-01\ncategories: [Wellbeing]",
        "Sleep well.\n",
    )
    .page(
        "content/sleep.mi.md",
        "title: Moe\ndate: 2024-03-02\ncategories: [Wellbeing]\ndraft: true",
        "He kōrero mō te moe.\n",
    )
    .page(
        "content/secret.md",
        "title: Secret\ndate: 2024-03-03\ncategories: [Only Drafts]\ndraft: true",
        "Not yet.\n",
    );
    site
}

/// The `<loc>`s of a sitemap.
fn sitemap_locs(xml: &str) -> Vec<&str> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|part| part.split("</loc>").next())
        .collect()
}

#[test]
fn a_drafts_preview_links_no_draft_translation_and_announces_what_a_build_without_drafts_does() {
    let site = site_with_draft_translation();
    run_in(site.root(), &["build", "--output", "published"]).assert_ok();
    run_in(site.root(), &["build", "--drafts", "--output", "preview"]).assert_ok();
    // The published page links no draft: in the preview as in a build without drafts.
    for output in ["published", "preview"] {
        let sleep = site.html(&format!("{output}/sleep/index.html"));
        assert!(head_alternates(&sleep).is_empty(), "{output}");
        assert!(
            select(&sleep, "nav.language-switcher").is_empty(),
            "{output}"
        );
        assert!(
            select(&sleep, "meta[property='og:locale:alternate']").is_empty(),
            "{output}"
        );
        assert!(select(&sleep, ".draft-notice").is_empty(), "{output}");
    }
    // The feeds, the sitemap and the search indexes are those of a build without drafts:
    // no category only drafts use, and the English page still in the te reo Māori ones,
    // where its draft translation is listed in the preview.
    for file in [
        "sitemap.xml",
        "atom.xml",
        "mi/atom.xml",
        "categories/wellbeing/atom.xml",
        "mi/categories/wellbeing/atom.xml",
        "search-index.js",
        "mi/search-index.js",
    ] {
        let published = std::fs::read_to_string(site.path(&format!("published/{file}")));
        let preview = std::fs::read_to_string(site.path(&format!("preview/{file}")));
        assert_eq!(published.ok(), preview.ok(), "{file}");
    }
    let sitemap = std::fs::read_to_string(site.path("preview/sitemap.xml")).unwrap_or_default();
    let locs = sitemap_locs(&sitemap);
    assert!(locs.contains(&"https://example.org/h/sleep/"), "{locs:?}");
    assert!(
        !locs
            .iter()
            .any(|l| l.contains("only-drafts") || l.contains("secret"))
    );
    assert!(!sitemap.contains("mi/sleep/"), "{sitemap}");
    let feed = std::fs::read_to_string(site.path("preview/mi/categories/wellbeing/atom.xml"))
        .unwrap_or_default();
    assert!(feed.contains("<title>Sleep</title>"), "{feed}");
    // The preview still shows the drafts, each marked in its own language.
    let secret = site.html("preview/secret/index.html");
    assert_eq!(
        texts(&secret, "article .draft-notice"),
        ["Draft: not published"]
    );
    let moe = site.html("preview/mi/sleep/index.html");
    assert_eq!(
        texts(&moe, "article .draft-notice"),
        ["Hukihuki: kāore anō kia whakaputaina"]
    );
    assert_eq!(texts(&moe, "h1"), ["Moe"]);
    // A draft's own switcher leads to its published version, for the preview.
    assert_eq!(
        attrs(&moe, "nav.language-switcher a", "hreflang"),
        ["en-NZ", "mi"]
    );
    assert!(site.exists("preview/categories/only-drafts/index.html"));
    assert!(!site.exists("published/categories/only-drafts"));
}
