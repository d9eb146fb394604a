//! The glossary: terms marked with their language in every page's running text (not in code,
//! links or citations), the first use on a page linked to the generated glossary page with its
//! "Used in" links, and words missing their macrons warned about at their line. Every build runs
//! the binary from the site's folder with default flags, as an editor does.

mod common;

use common::*;

const SITE_YAML: &str = "title: Hauora Hub\nlanguage: en-NZ\nbase_url: https://example.org/h\n\
bibliography: [refs.bib]\nglossary: glossary.yaml\n";

const GLOSSARY: &str = "whānau:\n  lang: mi\n  meaning: extended family, the wider family group\n\
wairua:\n  lang: mi\n  meaning: spirit, the spiritual side of wellbeing\n\
hauora: {lang: mi, meaning: health and wellbeing in the round}\n\
Māori: {lang: mi, meaning: the Indigenous people of Aotearoa New Zealand, accept: [Maaori]}\n";

fn site() -> Site {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("glossary.yaml", GLOSSARY)
        .file(
            "refs.bib",
            "@book{durie1998, author = {Durie, Mason}, title = {Whaiora}, year = {1998}, publisher = {Oxford}}\n",
        )
        .page(
            "content/family.md",
            "title: Time with whānau\ndate: 2024-03-01",
            "## Whānau and hauora\n\nTime with whānau lifts hauora [@durie1998]. More whānau time helps.\n\nSee [whānau](https://example.org/whanau) and `whānau`.\n\n```\nwhānau\n```\n",
        )
        .page(
            "content/spirit.md",
            "title: Spirit\ndate: 2024-02-01",
            "Wairua matters to whānau.\n",
        );
    site
}

#[test]
fn terms_are_marked_and_the_first_use_links_to_the_glossary() {
    let site = site();
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let html = site.html("output/family/index.html");
    // Every use in running text carries its language; only the first is a link.
    assert_eq!(
        links(&html, ".content a.glossary-term"),
        [
            ("../glossary/#term-whanau".to_string(), "whānau".to_string()),
            ("../glossary/#term-hauora".to_string(), "hauora".to_string()),
        ]
    );
    assert_eq!(
        attrs(&html, ".content a.glossary-term", "lang"),
        ["mi", "mi"]
    );
    assert_eq!(texts(&html, ".content p span[lang='mi']"), ["whānau"]);
    // Headings are marked, not linked, and keep their id.
    assert_eq!(
        texts(&html, ".content h2 span[lang='mi']"),
        ["Whānau", "hauora"]
    );
    assert_eq!(attrs(&html, ".content h2", "id"), ["whanau-and-hauora"]);
    // Links, code and citations are left as they are.
    assert_eq!(
        texts(&html, ".content a[href='https://example.org/whanau']"),
        ["whānau"]
    );
    assert!(select(&html, ".content a[href='https://example.org/whanau'] span").is_empty());
    assert!(select(&html, ".content code span").is_empty());
    assert!(select(&html, ".content pre span").is_empty());
    assert!(text(one(&html, ".content")).contains("(Durie, 1998)"));
    // Nothing visible is added: the text reads as written.
    assert_eq!(
        texts(&html, ".content p")[0],
        "Time with whānau lifts hauora (Durie, 1998). More whānau time helps."
    );
}

#[test]
fn the_glossary_page_lists_terms_in_te_reo_order_with_used_in_links() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/glossary/index.html");
    assert_eq!(texts(&html, "h1"), ["Glossary"]);
    assert_eq!(texts(&html, "dt"), ["hauora", "Māori", "wairua", "whānau"]);
    assert_eq!(attrs(&html, "dt", "lang"), ["mi", "mi", "mi", "mi"]);
    assert_eq!(
        attrs(&html, "dt", "id"),
        ["term-hauora", "term-maori", "term-wairua", "term-whanau"]
    );
    let entries = select(&html, ".glossary-entry");
    assert_eq!(
        links_in(entries[3], ".cited-in a"),
        [
            ("../family/".to_string(), "Time with whānau".to_string()),
            ("../spirit/".to_string(), "Spirit".to_string()),
        ]
    );
    assert!(
        select_in(entries[1], ".cited-in").is_empty(),
        "Māori is used nowhere"
    );
    assert!(text(entries[2]).contains("spirit, the spiritual side of wellbeing"));
    // The site's navigation links the glossary, and the sitemap lists it.
    let home = site.html("output/index.html");
    assert_eq!(
        links(&home, "nav[aria-label='Site'] a[href='glossary/']"),
        [("glossary/".to_string(), "Glossary".to_string())]
    );
    let sitemap = std::fs::read_to_string(site.path("output/sitemap.xml")).unwrap_or_default();
    assert!(
        sitemap.contains("<loc>https://example.org/h/glossary/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn words_missing_macrons_are_warnings_at_their_line_and_fail_check_deny_warnings() {
    let site = site();
    site.page(
        "content/spirit.md",
        "title: Spirit\ndate: 2024-02-01",
        "Wairua matters.\n\nOur whanau and the Maori way; Maaori is accepted.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let warnings = run.warnings();
    let places: Vec<(&str, usize, usize)> = warnings
        .iter()
        .map(|w| (w.file.as_str(), w.line, w.column))
        .collect();
    assert_eq!(
        places,
        [("content/spirit.md", 7, 5), ("content/spirit.md", 7, 20)],
        "{}",
        run.stderr
    );
    assert!(
        warnings[0].message.contains("did you mean `whānau`?"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].message.contains("did you mean `Māori`?"),
        "{warnings:?}"
    );
    assert!(
        warnings[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("accept:")),
        "{warnings:?}"
    );
    // The near miss is left as written; the accepted spelling is marked.
    let html = site.html("output/spirit/index.html");
    assert_eq!(texts(&html, ".content [lang='mi']"), ["Wairua", "Maaori"]);
    let check = run_in(site.root(), &["check", "--deny-warnings"]);
    assert_ne!(check.code, 0, "{}", check.stderr);
    run_in(site.root(), &["check"]).assert_ok();
}

#[test]
fn a_bad_glossary_is_an_error_at_its_line_and_the_output_is_kept() {
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let before = site.snapshot("output");
    site.file(
        "glossary.yaml",
        "whānau: {lang: mi, meaning: family}\nkai: {lang: maori, meaning: food}\nmana: {lang: mi}\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let kai = run.error_at("glossary.yaml", 2);
    assert!(kai.message.contains("`maori`"), "{kai:?}");
    let mana = run.error_at("glossary.yaml", 3);
    assert!(mana.message.contains("the term `mana`"), "{mana:?}");
    assert_eq!(site.snapshot("output"), before);

    site.remove("glossary.yaml");
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let missing = run.error_at("site.yaml", 5);
    assert!(
        missing
            .message
            .contains("cannot read the glossary file glossary.yaml"),
        "{missing:?}"
    );
    assert_eq!(site.snapshot("output"), before);
}

/// `meanings:` under a term was an error at the term's line with a hint that showed a whole
/// term, not which key was wrong.
#[test]
fn a_misspelt_key_of_a_term_is_an_error_at_the_key_naming_the_key_meant() {
    let site = site();
    site.file(
        "glossary.yaml",
        "whānau:\n  lang: mi\n  meanings: family\nkai: { lang: mi, meaning: food, acept: [Kai] }\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let whanau = run.error_at("glossary.yaml", 3);
    assert_eq!(whanau.column, 3);
    assert!(
        whanau.message.contains("unknown field `meanings`"),
        "{whanau:?}"
    );
    assert!(
        whanau
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("did you mean `meaning:`?")),
        "{whanau:?}"
    );
    let kai = run.error_at("glossary.yaml", 4);
    assert_eq!(kai.column, 33);
    assert!(
        kai.hint
            .as_deref()
            .is_some_and(|h| h.contains("did you mean `accept:`?")),
        "{kai:?}"
    );
}

#[test]
fn a_site_without_a_glossary_has_no_glossary_page_or_link() {
    let site = site();
    site.file(
        "site.yaml",
        SITE_YAML.replace("glossary: glossary.yaml\n", ""),
    );
    run_in(site.root(), &["build"]).assert_ok();
    assert!(!site.exists("output/glossary"));
    let html = site.html("output/family/index.html");
    assert!(select(&html, "a[href$='glossary/']").is_empty());
    assert!(select(&html, ".content [lang]").is_empty());
}

#[test]
fn terms_inside_callouts_are_marked_and_near_misses_warned_at_their_line() {
    let site = site();
    site.page(
        "content/note.md",
        "title: A note\ndate: 2024-01-01",
        "> [!NOTE] For whānau\n> Talk with your whānau first.\n>\n> Then your whanau.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let html = site.html("output/note/index.html");
    // The body of a callout is running text; its title is left as written.
    assert_eq!(
        links(&html, ".content .callout a.glossary-term"),
        [("../glossary/#term-whanau".to_string(), "whānau".to_string())]
    );
    assert_eq!(texts(&html, ".callout-title"), ["For whānau"]);
    let warnings = run.warnings();
    let places: Vec<(&str, usize, usize)> = warnings
        .iter()
        .map(|w| (w.file.as_str(), w.line, w.column))
        .collect();
    assert_eq!(places, [("content/note.md", 8, 13)], "{}", run.stderr);
    let glossary = site.html("output/glossary/index.html");
    let entries = select(&glossary, ".glossary-entry");
    assert!(
        links_in(entries[3], ".cited-in a")
            .contains(&("../note/".to_string(), "A note".to_string())),
        "{:?}",
        links_in(entries[3], ".cited-in a")
    );
}

#[test]
fn on_a_page_in_the_terms_language_terms_are_linked_but_not_marked_again() {
    let site = site();
    site.page(
        "content/reo.md",
        "title: Te whānau\nlang: mi\ndate: 2024-04-01",
        "Ko te whānau te mea nui. Ka ora te whānau.\n\nKo te whanau tēnei.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let html = site.html("output/reo/index.html");
    assert_eq!(attrs(&html, "html", "lang"), ["mi"]);
    // The first use is still linked to its entry, without a lang the page already gives.
    assert_eq!(
        links(&html, ".content a.glossary-term"),
        [("../glossary/#term-whanau".to_string(), "whānau".to_string())]
    );
    assert!(select(&html, ".content [lang]").is_empty());
    // A missing macron is still a warning there, at its line.
    let warnings = run.warnings();
    assert!(
        warnings.iter().any(|w| w.file == "content/reo.md"
            && (w.line, w.column) == (8, 7)
            && w.message.contains("whanau")),
        "{warnings:?}"
    );
    // The English page keeps its marks.
    let english = site.html("output/family/index.html");
    assert_eq!(texts(&english, ".content p span[lang='mi']"), ["whānau"]);
    // The glossary page lists the te reo page as a use.
    let glossary = site.html("output/glossary/index.html");
    assert!(
        links(&glossary, "a")
            .iter()
            .any(|(href, _)| href == "../reo/"),
        "{:?}",
        links(&glossary, "a")
    );
}

#[test]
fn thousands_of_near_misses_on_one_line_are_capped_and_the_text_is_kept() {
    // 8,000 on one line: every warning used to hold a copy of the whole line (922 MB).
    let site = site();
    site.page(
        "content/many.md",
        "title: Many\ndate: 2024-01-01",
        &format!("{}\n", "whanau ".repeat(8000)),
    );
    let run = run_in(site.root(), &["build", "--show-all"]);
    run.assert_ok();
    let warnings: Vec<Reported> = run
        .warnings()
        .into_iter()
        .filter(|w| w.file == "content/many.md")
        .collect();
    assert_eq!(warnings.len(), 101, "{}", &run.stderr[..2000]);
    assert!(
        warnings[..100]
            .iter()
            .all(|w| w.message.contains("did you mean `whānau`?") && w.line == 5),
        "{:?}",
        &warnings[..3]
    );
    assert_eq!(warnings[99].column, 99 * 7 + 1);
    assert_eq!(
        warnings[100].message,
        "7900 more of this page's warnings are not shown (the first 100 are)"
    );
    // The words are left as written, every one.
    let html = site.html("output/many/index.html");
    let text = texts(&html, ".content p").join(" ");
    assert_eq!(text.matches("whanau").count(), 8000);
}

#[test]
fn terms_that_differ_only_in_case_or_macrons_are_an_error_at_the_second() {
    // `whānau:` and `Whānau:` made two entries with one id, `term-whanau`.
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let before = site.snapshot("output");
    site.file(
        "glossary.yaml",
        format!("{GLOSSARY}Whānau:\n  lang: mi\n  meaning: family, written with a capital\nWairua: {{lang: mi, meaning: spirit}}\n"),
    );
    for command in ["build", "check"] {
        let run = run_in(site.root(), &[command]);
        run.assert_code(1);
        let errors = run.errors();
        assert_eq!(errors.len(), 2, "{command}: {errors:#?}");
        let whanau = run.error_at("glossary.yaml", 9);
        assert_eq!(whanau.column, 1);
        assert_eq!(
            whanau.message,
            "the term `Whānau` is the term `whānau` of line 1 again (both would be #term-whanau on the glossary page)"
        );
        assert!(
            whanau
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("accept:")),
            "{whanau:?}"
        );
        let wairua = run.error_at("glossary.yaml", 12);
        assert!(wairua.message.contains("`wairua` of line 4"), "{wairua:?}");
    }
    assert_eq!(site.snapshot("output"), before);

    // One entry, with the other spelling accepted, builds, and the glossary has one id each.
    site.file("glossary.yaml", GLOSSARY);
    run_in(site.root(), &["build"]).assert_ok();
    let glossary = site.html("output/glossary/index.html");
    assert!(duplicate_ids(&glossary).is_empty());
    assert_eq!(attrs(&glossary, "#term-whanau", "id").len(), 1);
}

/// A term in a page's title or description is marked with its language wherever they are
/// shown (the heading, the lead, listings, the search index's title): they were plain, so
/// screen readers read `whānau` in English (WCAG 3.1.2). A title the editor marked keeps its
/// own spans, and a te reo page's title needs none.
#[test]
fn terms_in_titles_and_descriptions_are_marked_in_every_listing() {
    let site = site();
    site.page(
        "content/rest.md",
        "title: Rest for the \"whānau\" & hauora\ndescription: Why whānau rest.\ndate: 2024-04-01",
        "Text.\n",
    )
    .page(
        "content/own.md",
        "title: \"[Whānau]{lang=mi} own\"\ndate: 2024-01-01",
        "Text.\n",
    )
    .page(
        "content/maori.md",
        "title: Te whānau\nlang: mi\ndate: 2023-01-01",
        "Kōrero.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let rest = site.html("output/rest/index.html");
    assert_eq!(texts(&rest, "h1 span[lang=mi]"), ["whānau", "hauora"]);
    assert_eq!(texts(&rest, "h1"), ["Rest for the \"whānau\" & hauora"]);
    assert_eq!(texts(&rest, ".lead span[lang=mi]"), ["whānau"]);
    assert_eq!(
        texts(&rest, "title"),
        ["Rest for the \"whānau\" & hauora · Hauora Hub"]
    );
    let home = site.html("output/index.html");
    assert!(
        texts(&home, "main li span[lang=mi]")
            .iter()
            .any(|t| t == "hauora"),
        "{:?}",
        texts(&home, "main li")
    );
    let own = site.html("output/own/index.html");
    assert_eq!(texts(&own, "h1 span[lang=mi]"), ["Whānau"]);
    let maori = site.html("output/maori/index.html");
    assert!(select(&maori, "h1 span").is_empty());
}

#[test]
fn words_missing_macrons_in_titles_and_descriptions_are_warned_at_their_place() {
    // The body's near misses were warned about; a title's or description's were not, and
    // `Whanau` in a title was printed as written on every listing.
    let site = site();
    site.page(
        "content/rest.md",
        "title: Rest for the whanau\ndescription: \"Why Maori and whanau rest; Maaori too.\"\ndate: 2024-04-01",
        "Text.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let warnings = run.warnings();
    let found: Vec<(&str, usize, usize, &str)> = warnings
        .iter()
        .map(|w| (w.file.as_str(), w.line, w.column, w.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/rest.md",
                2,
                21,
                "`whanau` differs from the glossary's `whānau` only in its macrons: did you mean `whānau`?"
            ),
            (
                "content/rest.md",
                3,
                19,
                "`Maori` differs from the glossary's `Māori` only in its macrons: did you mean `Māori`?"
            ),
            (
                "content/rest.md",
                3,
                29,
                "`whanau` differs from the glossary's `whānau` only in its macrons: did you mean `whānau`?"
            ),
        ],
        "{}",
        run.stderr
    );
    assert!(
        warnings
            .iter()
            .all(|w| w.hint.as_deref().is_some_and(|h| h.contains("accept:"))),
        "{warnings:#?}"
    );
    // Nothing is lost: the title is printed as written.
    let rest = site.html("output/rest/index.html");
    assert_eq!(texts(&rest, "h1"), ["Rest for the whanau"]);
    // A title whose language the editor marked by hand is left alone, as in the body.
    site.page(
        "content/rest.md",
        "title: \"[Whanau]{lang=mi} rest\"\ndate: 2024-04-01",
        "Text.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

/// A category named in site.yaml with a glossary term ("For Family / Whānau") is marked where
/// its name is shown, unless site.yaml marked it with spans.
#[test]
fn terms_in_category_names_are_marked() {
    let site = site();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}categories:\n  - name: For Family / Whānau\n  - name: \"[Hauora]{{lang=mi}} tips\"\n"),
    )
    .page(
        "content/family.md",
        "title: Time together\ndate: 2024-03-01\ncategories: [For Family / Whānau, Hauora tips]",
        "Text.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let category = site.html("output/categories/for-family-whanau/index.html");
    assert_eq!(texts(&category, "h1 span[lang=mi]"), ["Whānau"]);
    let page = site.html("output/family/index.html");
    assert!(
        texts(&page, "main a span[lang=mi]")
            .iter()
            .any(|t| t == "Whānau"),
        "{:?}",
        texts(&page, "main a")
    );
    let own = site.html("output/categories/hauora-tips/index.html");
    assert_eq!(texts(&own, "h1 span[lang=mi]"), ["Hauora"]);
}

#[test]
fn site_wide_text_is_marked_by_spans_and_the_glossary() {
    // site.yaml's description, category descriptions, banner, help box and footer links were
    // printed as written: `[Aotearoa]{lang=mi}` kept its braces, and te reo in them was
    // announced as English (WCAG 3.1.2).
    let site = site();
    site.file(
        "site.yaml",
        format!(
            "{SITE_YAML}description: \"Guides for [Aotearoa]{{lang=mi}} and every whānau.\"\n\
banner: {{text: \"Hauora week starts Monday\", link: \"https://example.org/week\"}}\n\
help:\n  title: Need help now?\n  text: \"[Kia kaha]{{lang=mi}}. Call 111.\"\n  contacts:\n    - {{ name: Whānau line, phone: \"0800 1\", note: for any whānau }}\n\
footer:\n  links:\n    - {{ name: \"[Mō mātou]{{lang=mi}}\", url: about/ }}\n\
categories:\n  - name: Wellbeing\n    description: \"Care for hauora.\"\n"
        ),
    )
    .page(
        "content/family.md",
        "title: Time with whānau\ndate: 2024-03-01\ncategories: [Wellbeing]",
        "Text.\n",
    )
    .page("content/about.md", "title: About", "Us.\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let home = site.html("output/index.html");
    // A text with spans of its own is marked by them alone (as a title is).
    assert_eq!(texts(&home, "main p.lead span[lang=mi]"), ["Aotearoa"]);
    assert_eq!(
        texts(&home, "main p.lead"),
        ["Guides for Aotearoa and every whānau."]
    );
    // The plain words (no braces) in <meta>.
    assert_eq!(
        attrs(&home, "meta[name=description]", "content"),
        ["Guides for Aotearoa and every whānau."]
    );
    assert_eq!(texts(&home, ".banner a span[lang=mi]"), ["Hauora"]);
    assert_eq!(texts(&home, "#help p span[lang=mi]"), ["Kia kaha"]);
    assert_eq!(
        texts(&home, "#help .help-contacts span[lang=mi]"),
        ["Whānau", "whānau"]
    );
    assert_eq!(texts(&home, ".footer-links a span[lang=mi]"), ["Mō mātou"]);
    // The site's name (`Hauora Hub`) has its term marked too, as in the header.
    assert_eq!(
        texts(&home, ".site-footer p span[lang=mi]"),
        ["Hauora", "Aotearoa"]
    );
    assert_eq!(texts(&home, ".site-title span[lang=mi]"), ["Hauora"]);
    assert_eq!(texts(&home, "title"), ["Hauora Hub"]);
    let categories = site.html("output/categories/index.html");
    assert_eq!(texts(&categories, "main p span[lang=mi]"), ["hauora"]);
    let category = site.html("output/categories/wellbeing/index.html");
    assert_eq!(texts(&category, "p.lead span[lang=mi]"), ["hauora"]);
    // A bad span is an error at its line, and nothing is written.
    site.file(
        "site.yaml",
        format!("{SITE_YAML}description: \"In [Aotearoa]{{lang=mi onclick=x}}\"\n"),
    );
    let before = site.snapshot("output");
    let failed = run_in(site.root(), &["build"]);
    failed.assert_code(1);
    let error = failed.error_at("site.yaml", 6);
    assert!(
        error
            .message
            .starts_with("description: `onclick=x` cannot be set on a span"),
        "{}",
        error.message
    );
    assert_eq!(site.snapshot("output"), before);
}

/// WCAG 3.1.2 (Language of Parts): a content note and a figure's caption are running text too.
/// An audit found both printed as written: `[...]{lang=...}` with its brackets and braces, and
/// the glossary's terms unmarked.
#[test]
fn content_notes_and_captions_mark_spans_and_terms_with_their_language() {
    let site = site();
    site.file("content/walk/photo.png", TINY_PNG).page(
        "content/walk/index.md",
        "title: Walks\ndate: 2024-01-05\ncontent_note: This page mentions the death of a whānau member.",
        "![A path](photo.png \"A walk with whānau\")\n\n![A bench](photo.png \"A rest, or [he okiokinga]{lang=mi}, on the way\")\n\nWalking helps.\n",
    );
    site.page(
        "content/note-span.md",
        "title: Spans in a note\ndate: 2024-01-06\ncontent_note: \"Talks about [mate]{lang=mi} and loss.\"",
        "Loss is hard.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let walk = site.html("output/walk/index.html");
    assert_eq!(
        texts(&walk, "aside.content-note span[lang='mi']"),
        ["whānau"]
    );
    assert_eq!(
        texts(&walk, "aside.content-note p")[1],
        "This page mentions the death of a whānau member."
    );
    assert_eq!(
        texts(&walk, "figcaption"),
        ["A walk with whānau", "A rest, or he okiokinga, on the way"]
    );
    assert_eq!(
        texts(&walk, "figcaption span[lang='mi']"),
        ["whānau", "he okiokinga"]
    );
    // A caption's term is marked, not linked: the body's first use is the link.
    assert!(select(&walk, "figcaption a").is_empty());
    let spans = site.html("output/note-span/index.html");
    assert_eq!(
        texts(&spans, "aside.content-note p")[1],
        "Talks about mate and loss."
    );
    assert_eq!(
        texts(&spans, "aside.content-note span[lang='mi']"),
        ["mate"]
    );
    // The feed gets the note's words without the markup.
    let feed = std::fs::read_to_string(site.path("output/atom.xml")).unwrap_or_default();
    assert!(
        feed.contains("Content note: Talks about mate and loss."),
        "{feed}"
    );
    assert!(!feed.contains("{lang=mi}"), "{feed}");
    // The search index has the note's words, and its HTML for the script to mark them.
    let index = std::fs::read_to_string(site.path("output/search-index.js")).unwrap_or_default();
    assert!(
        index.contains(r#""n":"Talks about mate and loss.""#),
        "{index}"
    );
    assert!(index.contains(r#""nh":"Talks about "#), "{index}");
    assert!(index.contains("mate\\u003c/span"), "{index}");
}

/// A mistake in a caption's span is an error at the image, as in its alt text.
#[test]
fn a_bad_span_in_a_caption_is_an_error_at_the_image() {
    let site = site();
    site.file("content/walk/photo.png", TINY_PNG).page(
        "content/walk/index.md",
        "title: Walks\ndate: 2024-01-05",
        "Walking helps.\n\n![A path](photo.png \"A walk with [whānau]{lang=maori}\")\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("content/walk/index.md", 7);
    // At the tag refused, as in the body.
    assert_eq!(error.column, 43, "{}", run.stderr);
    assert!(error.message.contains("caption"), "{}", run.stderr);
    assert!(error.message.contains("`mi`"), "{}", run.stderr);
}

/// A screen reader reads an image's alt text and a link's text out, and its te reo Māori
/// pronunciation depends on the macrons: a word there missing them is warned about at its
/// place, as in the body, and the HTML is as without a glossary (no span in an attribute, a
/// link's markup as written). A raw `<img>`'s `alt` is spelt too, unless the tag has a `lang`.
/// Addresses and text in a `lang` span are not spelt.
#[test]
fn words_missing_macrons_in_alt_text_and_link_text_are_warned_and_the_html_is_unchanged() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    site.page(
        "content/beach.md",
        "title: Beach day\ndescription: A day out.",
        "![Our whanau at the beach](https://example.org/beach.jpg)\n\n\
Read [about Maori health](https://example.org/health) and [whānau days](https://example.org/days).\n\n\
Visit <https://www.whanau.example/> or [www.whanau.example](https://www.whanau.example/).\n\n\
![Māori art](https://example.org/art.jpg) and ![[Whanau]{lang=mi}](https://example.org/x.jpg)\n\n\
<img src=\"https://example.org/kids.jpg\" alt=\"Our whanau kids\"> \
<img src=\"https://example.org/k.jpg\" alt=\"Whanau\" lang=\"mi\">\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let content = |html: &scraper::Html| one(html, ".content").html();
    let before = content(&site.html("output/beach/index.html"));
    let site_yaml = std::fs::read_to_string(site.path("site.yaml")).unwrap();
    site.file(
        "site.yaml",
        format!("{site_yaml}\nglossary: glossary.yaml\n"),
    )
    .file("glossary.yaml", GLOSSARY);
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let found: Vec<(String, usize, usize, String)> = run
        .warnings()
        .into_iter()
        .filter(|w| w.message.contains("glossary"))
        .map(|w| (w.file, w.line, w.column, w.message))
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/beach.md".to_string(),
                5,
                7,
                "`whanau` differs from the glossary's `whānau` only in its macrons: did you mean `whānau`?".to_string()
            ),
            (
                "content/beach.md".to_string(),
                7,
                13,
                "`Maori` differs from the glossary's `Māori` only in its macrons: did you mean `Māori`?".to_string()
            ),
            (
                "content/beach.md".to_string(),
                13,
                50,
                "`whanau` differs from the glossary's `whānau` only in its macrons: did you mean `whānau`?".to_string()
            ),
        ],
        "{}",
        run.stderr
    );
    let html = site.html("output/beach/index.html");
    assert_eq!(content(&html), before);
    assert_eq!(
        attrs(&html, ".content img", "alt"),
        [
            "Our whanau at the beach",
            "Māori art",
            "Whanau",
            "Our whanau kids",
            "Whanau"
        ]
    );
}
