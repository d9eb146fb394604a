//! Templates that would run away, loop into each other or print text as HTML: each is refused
//! (or warned about) with the template's file and line, and a failed build leaves the earlier
//! output as it was and nothing beside it. Builds run from the site's folder with default flags.

mod common;

use common::*;

fn site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Templates\nbase_url: https://example.org/t\n",
    )
    .page(
        "content/sleep.md",
        "title: Sleep\ndescription: Rest.",
        &"Some words to fill the page a little. ".repeat(60),
    );
    site
}

/// Builds `site`, then adds `templates/<name>` with `text` and builds again: the second build
/// must fail, leave the first one's output as it was and leave nothing beside it.
fn fails_with_template(site: &Site, name: &str, text: &str) -> Run {
    fails_with_templates(site, &[(name, text)])
}

/// [`fails_with_template`] with several templates.
fn fails_with_templates(site: &Site, templates: &[(&str, &str)]) -> Run {
    run_in(site.root(), &["build"]).assert_ok();
    let before = site.snapshot("output");
    for (name, text) in templates {
        site.file(&format!("templates/{name}"), text);
    }
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    assert_eq!(site.snapshot("output"), before, "the output changed");
    assert!(
        site.hidden_entries().is_empty(),
        "{:?}",
        site.hidden_entries()
    );
    run
}

#[test]
fn nested_range_loops_are_refused_at_their_line_before_rendering() {
    let site = site();
    let run = fails_with_template(
        &site,
        "page.html",
        "<html>\n{% for i in range(end=99999) %}\n{% for j in range(end=99999) %}x{% endfor %}{% endfor %}\n</html>\n",
    );
    let error = run.error_at("templates/page.html", 3);
    assert_eq!(error.column, 1);
    assert!(
        error.message.contains("in template `page.html`"),
        "{error:?}"
    );
    assert!(error.message.contains("9999800001 times"), "{error:?}");
    // `check` finds it too.
    let check = run_in(site.root(), &["check"]);
    check.assert_code(1);
    assert!(
        check
            .errors()
            .iter()
            .any(|e| e.file == "templates/page.html" && e.line == 3)
    );
}

#[test]
fn a_file_past_the_size_limit_is_an_error_naming_the_template_not_an_abort() {
    let site = site();
    // One loop is allowed, but 99,999 copies of the page's body pass 128 MB.
    let run = fails_with_template(
        &site,
        "page.html",
        "<html>{% for i in range(end=99999) %}{{ page.content | safe }}{% endfor %}</html>\n",
    );
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert_eq!(errors[0].file, "templates/page.html");
    assert!(
        errors[0]
            .message
            .contains("in template `page.html`: sleep/index.html grew past 128 MB"),
        "{errors:?}"
    );
}

#[test]
fn templates_that_include_each_other_are_named_in_order_at_the_statement() {
    let site = site();
    let run = fails_with_templates(
        &site,
        &[
            ("a.html", "<p>\n{% include \"b.html\" %}\n"),
            ("b.html", "{% include \"a.html\" %}\n"),
        ],
    );
    let error = run.error_at("templates/a.html", 2);
    assert!(
        error
            .message
            .contains("templates include each other in a loop: a.html → b.html → a.html"),
        "{error:?}"
    );

    let site = self::site();
    let run = fails_with_template(&site, "page.html", "{% extends \"page.html\" %}\n");
    let error = run.error_at("templates/page.html", 1);
    assert!(
        error.message.contains("`page.html` extends itself"),
        "{error:?}"
    );
}

#[test]
fn plain_text_printed_with_safe_is_a_warning_at_its_line() {
    let site = site();
    let page = std::fs::read_to_string(repo_root().join("themes/default/templates/page.html"))
        .expect("read page.html");
    site.file(
        "templates/page.html",
        page.replace(
            "{% else %}{{ page.title }}{% endif %}</h1>",
            "{% else %}{{ page.title | safe }}{% endif %}</h1>",
        ),
    );
    let line = page
        .lines()
        .position(|l| l.contains("{% else %}{{ page.title }}{% endif %}</h1>"))
        .expect("the theme has an h1")
        + 1;
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let warnings = run.warnings();
    let warning = warnings
        .iter()
        .find(|w| w.file == "templates/page.html")
        .unwrap_or_else(|| panic!("no warning: {}", run.stderr));
    let column = page
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find("{{ page.title }}"));
    assert_eq!(
        (warning.line, Some(warning.column)),
        (line, column.map(|c| c + 1))
    );
    assert!(
        warning.message.contains("`page.title | safe`"),
        "{warning:?}"
    );
    let check = run_in(site.root(), &["check", "--deny-warnings"]);
    assert_ne!(check.code, 0);
}

/// A misspelt field was reported once per page whose list of fields differed (a title with
/// language spans has `title_html`), without a word on which file or which field was meant; a
/// field only some pages have did not say which page lacked it.
#[test]
fn a_missing_field_is_reported_once_with_the_field_meant_and_the_file_written() {
    let site = site();
    site.page(
        "content/whanau.md",
        "title: \"For [whānau]{lang=mi}\"\ndescription: Family.\nextra: { mood: calm }",
        "Words.\n",
    )
    .page(
        "content/walk.md",
        "title: Walk\ndescription: Air.",
        "Words.\n",
    );
    let run = fails_with_template(
        &site,
        "page.html",
        "<html><body>\n<h1>{{ page.titel }}</h1>\n</body></html>\n",
    );
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    let error = run.error_at("templates/page.html", 2);
    assert!(
        error.message.contains("Field `titel` is not defined"),
        "{error:?}"
    );
    let hint = error.hint.clone().unwrap_or_default();
    assert!(
        hint.contains("did you mean `title` (not `titel`)"),
        "{hint}"
    );
    assert!(hint.contains("Met writing `"), "{hint}");

    // A field that only one page has: the hint names a file that lacks it.
    site.remove("templates/page.html");
    let run = fails_with_template(
        &site,
        "page.html",
        "<html><body>\n<p>{{ page.extra.mood }}</p>\n</body></html>\n",
    );
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    let hint = run
        .error_at("templates/page.html", 2)
        .hint
        .clone()
        .unwrap_or_default();
    assert!(
        hint.contains("met writing `sleep/index.html`")
            || hint.contains("met writing `walk/index.html`"),
        "{hint}"
    );
    assert!(hint.contains("{% if page.extra.x %}"), "{hint}");

    // Printed inside an `{% if %}`, as docs/templates.md says, it builds.
    site.file(
        "templates/page.html",
        "<html><body>\n<p>{% if page.extra.mood %}{{ page.extra.mood }}{% endif %}</p>{% if page.title_html %}{{ page.title_html | safe }}{% endif %}\n</body></html>\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/whanau/index.html");
    assert_eq!(texts(&html, "p"), vec!["calm".to_string()]);
    assert_eq!(texts(&html, "span[lang=mi]"), vec!["whānau".to_string()]);
}
