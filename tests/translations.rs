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
