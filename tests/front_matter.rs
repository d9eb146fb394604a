//! Front matter and site.yaml as editors get them wrong: YAML's common mistakes said in plain
//! words at the right line with the fixed line, hostile nesting refused at once, and text that
//! differs only invisibly (Unicode forms, zero-width characters) treated as one or shown.
//! Every build runs the binary from the site's folder with default flags.

mod common;

use common::*;

const SITE_YAML: &str = "title: Front matter\nbase_url: https://example.org/f\n";

fn site() -> Site {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML).page(
        "content/sleep.md",
        "title: Sleep\ndescription: Rest.",
        "Body.\n",
    );
    site
}

/// Builds `site` once (it must succeed), writes `content/rest.md` with `front`, builds again:
/// that build must fail without touching the earlier output or leaving anything beside it.
fn fails_with_front_matter(site: &Site, front: &str) -> Run {
    run_in(site.root(), &["build"]).assert_ok();
    let before = site.snapshot("output");
    site.page("content/rest.md", front, "Body.\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    assert_eq!(site.snapshot("output"), before, "the output changed");
    assert!(site.hidden_entries().is_empty());
    run
}

#[test]
fn a_title_with_a_colon_says_to_quote_it_and_shows_the_quoted_line() {
    let run = fails_with_front_matter(&site(), "title: Kia kaha: staying connected");
    let error = run.error_at("content/rest.md", 2);
    assert_eq!(error.column, 16);
    assert!(
        error
            .message
            .ends_with("a value of `title` containing `: ` must be in quotes"),
        "{error:?}"
    );
    assert_eq!(
        error.hint.as_deref(),
        Some("write it as `title: \"Kia kaha: staying connected\"`")
    );
}

#[test]
fn a_list_never_closed_is_reported_where_it_starts() {
    let run = fails_with_front_matter(
        &site(),
        "title: Rest\ncategories: [Wellbeing, Sleep\ndate: 2024-01-01",
    );
    let error = run.error_at("content/rest.md", 3);
    assert_eq!(error.column, 13);
    assert!(
        error
            .message
            .ends_with("this list is never closed: its `[` has no `]`"),
        "{error:?}"
    );
}

#[test]
fn yamls_other_common_mistakes_are_said_plainly_at_their_line() {
    for (front, line, wanted) in [
        (
            "title: \"Rest\ndescription: x",
            2,
            "this quote (`\"`) is never closed",
        ),
        ("title: @home tips", 2, "cannot start with `@`"),
        ("title: `code` tips", 2, "cannot start with a backtick"),
        ("title: *Important* tips", 2, "names an anchor"),
        (
            "title: - my title",
            2,
            "a list cannot start on its key's line",
        ),
        ("title: | tips", 2, "starts a block of text"),
        (
            "title: \"Rest\" and sleep",
            2,
            "text follows the closing quote",
        ),
        (
            "title: Rest\nextra:\n  a: 1\n   b: 2",
            5,
            "indented more than the line above",
        ),
        (
            "title: Rest\ndraft: yes",
            3,
            "expected `true` or `false`, found the text `yes`",
        ),
        // Taken silently, though the docs say a map.
        (
            "title: Rest\nextra: 5",
            3,
            "`extra`: expected a map of your own fields, such as `extra: {audience: parents}`",
        ),
        // It said "`3` is not a whole number", which hid that the quotes were the problem.
        (
            "title: Rest\nweight: \"3\"",
            3,
            "`weight`: `3` is written as text (in quotes, or tagged `!!str`), not as a number; write the number alone (`weight: 3`)",
        ),
        // It said "put it in quotes to make it text", which gives an error of its own.
        (
            "title: Rest\ndate: 2024",
            3,
            "`date`: expected a date written YYYY-MM-DD, such as 2024-03-01 (a year or a number alone is not a date)",
        ),
        (
            "title: Rest\nweight: 1e20",
            3,
            "from -999999999 to 999999999",
        ),
        (
            "title: Rest\nweight: 10:30",
            3,
            "from -999999999 to 999999999",
        ),
        (
            "title: Rest\nweight: 99999999999999999999",
            3,
            "is too large",
        ),
        ("title:\n  - Rest", 2, "expected text, found a list"),
        ("title: #1 tips", 2, "an unquoted `#` starts a comment"),
    ] {
        let run = fails_with_front_matter(&site(), front);
        let error = run.error_at("content/rest.md", line);
        assert!(error.message.contains(wanted), "{front:?}: {error:?}");
    }
}

#[test]
fn text_yaml_would_quietly_drop_is_warned_about_and_the_page_still_builds() {
    let site = site();
    site.page(
        "content/rest.md",
        "title: Tips #1 for rest\ndescription: &Co resources\ncategories:\n  - Wellbeing\n   - Sleep\ndate: 2024-05-01\nupdated: 2024-04-01",
        "Body.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let warnings: Vec<(usize, usize, String)> = run
        .warnings()
        .into_iter()
        .filter(|w| w.file == "content/rest.md")
        .map(|w| (w.line, w.column, w.message))
        .collect();
    let at = |line: usize| {
        warnings
            .iter()
            .find(|w| w.0 == line)
            .unwrap_or_else(|| panic!("no warning on line {line}: {warnings:?}"))
    };
    assert_eq!(at(2).1, 13);
    assert!(at(2).2.contains("so the title is only `Tips`"));
    assert!(at(3).2.contains("`&Co` as an anchor or tag"));
    assert_eq!(at(6).1, 4);
    assert!(at(6).2.contains("its `- ` is text, not a new list item"));
    assert!(
        at(8)
            .2
            .contains("`updated` (2024-04-01) is before `date` (2024-05-01)")
    );
    // What YAML made of it is what the page shows.
    let html = site.html("output/rest/index.html");
    assert_eq!(texts(&html, "h1"), ["Tips"]);
}

#[test]
fn deeply_nested_front_matter_fails_at_the_first_bracket_past_the_limit() {
    // 200 KB of `[` took 75 s before; the scan stops at bracket 129.
    let site = site();
    run_in(site.root(), &["build"]).assert_ok();
    let before = site.snapshot("output");
    for opener in ["[", "{", "[{"] {
        site.page(
            "content/deep.md",
            &format!(
                "title: Deep\nextra: {}",
                opener.repeat(200_000 / opener.len())
            ),
            "",
        );
        let run = run_in(site.root(), &["build"]);
        run.assert_code(1);
        let error = run.error_at("content/deep.md", 3);
        assert_eq!(error.column, 8 + 128, "{opener}");
        assert!(error.message.contains("more than 128 levels deep"));
        assert_eq!(site.snapshot("output"), before);
    }
    // site.yaml is read the same way.
    site.remove("content/deep.md");
    site.file(
        "site.yaml",
        format!("{SITE_YAML}extra: {}\n", "[".repeat(200_000)),
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    assert_eq!(run.error_at("site.yaml", 3).column, 8 + 128);
}

#[test]
fn one_category_typed_composed_and_decomposed_is_one_category() {
    let site = site();
    site.page(
        "content/a.md",
        "title: A\ndescription: D.\ncategories: [For Wh\u{101}nau]",
        "A.\n",
    )
    .page(
        "content/b.md",
        "title: Wha\u{304}nau time\ndescription: D.\ncategories: [For Wha\u{304}nau]",
        "B.\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/categories/index.html");
    assert_eq!(texts(&html, "main h2 a"), ["For Wh\u{101}nau"]);
    let category = site.html("output/categories/for-whanau/index.html");
    assert_eq!(select(&category, "main .page-list > li").len(), 2);
    let page = site.html("output/b/index.html");
    assert_eq!(texts(&page, "h1"), ["Wh\u{101}nau time"]);
}

#[test]
fn a_zero_width_character_is_shown_by_its_code() {
    let site = site();
    site.page(
        "content/a.md",
        "title: A\ndescription: D.\ncategories: [Wh\u{101}nau]",
        "A.\n",
    );
    let run = fails_with_front_matter(
        &site,
        "title: B\ndescription: D.\ncategories: [Wh\u{200d}\u{101}nau]",
    );
    let error = run.error_at("content/rest.md", 4);
    assert!(
        error
            .message
            .contains("the category `Wh<U+200D>\u{101}nau` is spelled `Wh\u{101}nau`"),
        "{error:?}"
    );
    assert!(!run.stderr.contains('\u{200d}'));
}

#[test]
fn a_page_with_thousands_of_categories_is_one_error_at_the_key_open_list_or_closed() {
    // 4,000 categories on one page, with `categories_open`, wrote 1.3 GB (every category page
    // and feed listed them all); on a closed list they were 4,000 errors.
    let categories: Vec<String> = (0..4000).map(|i| format!("Cat{i}")).collect();
    let front = format!("title: Tags\ncategories: [{}]", categories.join(", "));
    for extra in [
        "categories_open: true\n",
        "categories:\n  - name: Wellbeing\n",
    ] {
        let site = site();
        site.file("site.yaml", format!("{SITE_YAML}{extra}"));
        let run = fails_with_front_matter(&site, &front);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{extra}: {errors:#?}");
        let error = run.error_at("content/rest.md", 3);
        assert_eq!(error.column, 1);
        assert_eq!(
            error.message,
            "`categories`: this page is filed under 4000 categories, more than the 50 a page may have"
        );
        assert!(
            error
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("at most 50")),
            "{error:?}"
        );
        let check = run_in(site.root(), &["check"]);
        check.assert_code(1);
        assert_eq!(
            check.errors().len(),
            1,
            "{}",
            &check.stderr[..2000.min(check.stderr.len())]
        );
        assert!(check.warnings().iter().all(|w| !w.message.contains("Cat")));
    }
    // Fifty are still a page.
    let site = site();
    site.file("site.yaml", format!("{SITE_YAML}categories_open: true\n"));
    let fifty = format!("title: Tags\ncategories: [{}]", categories[..50].join(", "));
    site.page("content/rest.md", &fifty, "Body.\n");
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/categories/cat49/index.html");
    assert_eq!(texts(&html, "h1"), ["Cat49"]);
}

/// A misspelt key beside the right one (`titel:` and `title:`) is not told to become the key
/// the page has already (which would make it twice), but to go; alone, it is.
#[test]
fn a_misspelt_key_beside_the_right_one_is_told_to_go() {
    let run = fails_with_front_matter(&site(), "titel: Rest\ntitle: Rest");
    let error = run.error_at("content/rest.md", 2);
    assert_eq!(error.message, "unknown front matter key `titel`");
    assert_eq!(
        error.hint.as_deref(),
        Some("it looks like a second `title`, which the page has already: remove one of them")
    );
    let site = site();
    let run = fails_with_front_matter(&site, "title: Rest\ndescripton: Quiet.");
    let error = run.error_at("content/rest.md", 3);
    assert_eq!(error.hint.as_deref(), Some("did you mean `description`?"));
}

/// WordPress exports and text copied from web pages bring HTML character references: in
/// front matter, site.yaml and the glossary they are read as their characters (readers would
/// otherwise see `&nbsp;`), each with a warning at its line and column naming what to type.
/// Decoding makes text, never markup; `extra` and free-text `references` (Markdown) are left
/// as written.
#[test]
fn html_character_references_are_read_as_characters_with_a_warning() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Kia ora &amp; welcome\nbase_url: https://example.org/f\nglossary: glossary.yaml\n\
         categories:\n  - name: Grief &amp; Loss\n    description: When someone dies&hellip;\n\
         help:\n  contacts:\n    - { name: Need&nbsp;to talk?, phone: \"1737\" }\n",
    )
    .file(
        "glossary.yaml",
        "whānau:\n  lang: mi\n  meaning: extended family &ndash; the wider group\n",
    )
    .page(
        "content/sleep.md",
        "title: It&rsquo;s ok &lt;b&gt;bold&lt;/b&gt; &lt;/script&gt;\n\
         description: It’s ok&nbsp;now &#8211; &#x2019; R&D; &#0;\n\
         categories: [Grief & Loss]\nreferences: [\"Smith &amp; Jones (2020)\"]\n\
         extra: {raw: \"a&amp;b\"}",
        "Body.\n",
    );
    let run = site.build(&[]);
    run.assert_ok();
    let warnings = run.warnings();
    let at = |file: &str, line: usize, column: usize, written: &str| {
        warnings
            .iter()
            .find(|w| {
                w.file == file
                    && (w.line, w.column) == (line, column)
                    && w.message.starts_with(written)
            })
            .unwrap_or_else(|| panic!("no warning for {written} at {file}:{line}: {warnings:#?}"))
            .clone()
    };
    let nbsp = at("content/sleep.md", 3, 21, "`&nbsp;`");
    assert_eq!(nbsp.column, 21);
    assert!(
        nbsp.message.contains("a non-breaking space (U+00A0)"),
        "{nbsp:?}"
    );
    assert_eq!(
        nbsp.hint.as_deref(),
        Some("type a non-breaking space or a plain space in place of `&nbsp;`")
    );
    let rsquo = at("content/sleep.md", 2, 10, "`&rsquo;`");
    assert_eq!(
        rsquo.hint.as_deref(),
        Some("type `’` in place of `&rsquo;`")
    );
    at("site.yaml", 1, 16, "`&amp;` in the value of `title`");
    at("site.yaml", 5, 17, "`&amp;` in the value of `categories`");
    at("site.yaml", 9, 19, "`&nbsp;` in the value of `help`");
    at("glossary.yaml", 3, 28, "`&ndash;`");
    // Nothing about what is left as written.
    for w in &warnings {
        assert!(
            !w.message.contains("R&D") && !w.message.contains("&#0;"),
            "{w:?}"
        );
        assert!(!w.message.contains("`references`") && !w.message.contains("`extra`"));
    }

    let page = site.html("output/sleep/index.html");
    assert_eq!(
        texts(&page, "h1"),
        ["It’s ok <b>bold</b> </script>"],
        "the text a reader sees"
    );
    assert!(select(&page, "h1 b").is_empty(), "a reference made markup");
    assert_eq!(
        attrs(&page, "meta[name=description]", "content"),
        ["It’s ok\u{a0}now – ’ R&D; &#0;"]
    );
    let references = texts(&page, ".references li, .references p");
    assert!(
        references.iter().any(|r| r.contains("Smith & Jones")),
        "{references:?}"
    );
    let category = site.html("output/categories/grief-loss/index.html");
    assert!(text(one(&category, "main")).contains("When someone dies…"));
    assert!(text(one(&category, "h1")).contains("Grief & Loss"));
    let help = texts(&page, "#help li, [id*=help] li");
    // (`text` reads the non-breaking space as a space.)
    assert!(help.iter().any(|h| h.contains("Need to talk?")), "{help:?}");
}

#[test]
fn an_error_about_a_value_written_with_a_yaml_escape_points_at_the_value() {
    // `"tab\tx/"` was reported at column 1: the value read (with a real tab) is not the text
    // written, so it was not found on its line.
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.org/\n")
        .page(
            "content/tabby.md",
            "title: Tabby\naliases: [\"ok/\", \"tab\\tx/\"]",
            "Words.\n",
        );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("content/tabby.md", 3);
    assert!(error.message.contains("U+0009"), "{error:?}");
    // At `tab`, after `aliases: ["ok/", "` (18 characters).
    assert_eq!(error.column, 19, "{error:?}");
}

#[test]
fn a_missing_favicon_is_an_error_at_its_value_as_a_missing_logo_is() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nfavicon: icon.ico\nlogo: { src: logo.png, alt: Us }\n",
    )
    .page("content/a.md", "title: A", "Words.\n");
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let favicon = run.error_at("site.yaml", 3);
    assert!(
        favicon.message.contains("favicon `icon.ico`"),
        "{favicon:?}"
    );
    assert_eq!(favicon.column, 10, "{favicon:?}");
    let logo = run.error_at("site.yaml", 4);
    assert!(logo.message.contains("logo `logo.png`"), "{logo:?}");
    assert_eq!(logo.column, 14, "{logo:?}");
}

/// Hugo's and WordPress's summary divider, `<!--more-->`, does nothing here (a page's summary
/// is its `description`): it is warned of at its place, with help that writes the text above
/// it as the `description:` line, or (when the page has one) says it can go. Nothing is lost.
#[test]
fn a_summary_divider_is_warned_of_with_the_description_to_write() {
    let site = site();
    site.page(
        "content/rest.md",
        "title: Rest",
        "Rest helps you *heal*. It \"matters\" to [whānau](sleep.md).\n\n<!--more-->\n\nThe rest of the page.\n",
    );
    site.page(
        "content/food.md",
        "title: Food\ndescription: Eating well.",
        "Food matters. <!-- more --> Eat well.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let warnings = run.warnings();
    let rest = warnings
        .iter()
        .find(|w| w.file == "content/rest.md")
        .expect("a warning for rest.md");
    assert_eq!((rest.line, rest.column), (6, 1));
    assert!(rest.message.contains("`<!--more-->`"), "{rest:?}");
    assert_eq!(
        rest.hint.as_deref(),
        Some(
            "to keep the text above it as the summary, add `description: \"Rest helps you heal. It “matters” to whānau.\"` to the front matter, and remove the divider"
        )
    );
    let food = warnings
        .iter()
        .find(|w| w.file == "content/food.md")
        .expect("a warning for food.md");
    assert_eq!((food.line, food.column), (5, 15));
    assert!(
        food.message
            .contains("this page's summary is its `description`")
    );
    assert_eq!(food.hint.as_deref(), Some("remove the line"));
    let html = site.html("output/rest/index.html");
    let body = texts(&html, "main p").join(" ");
    assert!(body.contains("Rest helps you heal") && body.contains("The rest of the page."));
    let html = site.html("output/food/index.html");
    let body = texts(&html, "main p").join(" ");
    assert!(body.contains("Food matters.") && body.contains("Eat well."));
}

/// A date written another tool's way (`12/03/2024`, month 13) or one that cannot be right
/// (after today) is an error at the day written, not at its key: the column is where the
/// editor's fix goes. The site is not built, so the earlier build is kept as it was.
#[test]
fn a_wrong_date_is_pointed_at_where_it_is_written() {
    let site = site();
    assert_eq!(site.build(&[]).code, 0);
    let before = site.snapshot("output");
    site.page(
        "content/moved.md",
        "title: Moved\ndescription: From Jekyll.\ndate: 12/03/2024\nupdated:   2024-13-01\nweight: 1_000",
        "Body.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (place, says) in [
        ("content/moved.md:4:7: error", "`date`"),
        ("content/moved.md:5:12: error", "`updated`"),
        ("content/moved.md:6:9: error", "`weight: 1000`"),
    ] {
        let line = run.stderr.lines().find(|l| l.contains(place));
        assert!(
            line.is_some_and(|l| l.contains(says)),
            "{place}:\n{}",
            run.stderr
        );
    }
    assert_eq!(
        site.snapshot("output"),
        before,
        "the earlier build was changed"
    );

    // A day after today is found once the dates read: at the day too.
    site.page(
        "content/moved.md",
        "title: Moved\ndescription: From Jekyll.\nreviewed: 2999-01-01",
        "Body.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/moved.md:4:11: error: `reviewed` (2999-01-01) is after today"),
        "{}",
        run.stderr
    );
}
