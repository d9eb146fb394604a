//! Headings written by editors: what their `{#id .class}` blocks may set, and the ids they get
//! beside the ids the theme and the generator use. Every build runs the binary from the site's
//! folder with default flags, as an editor does.

mod common;

use common::*;

const SITE_YAML: &str = "title: Headings\nbase_url: https://example.org/h\n";

/// A site whose one page is `body`, with `raw_html` as given and a bibliography of one work.
fn site_with(body: &str, raw_html: bool) -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}bibliography: [refs.bib]\nmarkdown: {{raw_html: {raw_html}}}\n"),
    )
    .file(
        "refs.bib",
        "@book{walker2017, author = {Walker, Matthew}, title = {Why We Sleep}, year = {2017}, publisher = {Scribner}}\n",
    )
    .page("content/sleep.md", "title: Page\ndescription: D.", body);
    site
}

/// Builds once (which must succeed), so that a failing build can be seen to leave it alone.
fn built_once(site: &Site) -> Snapshot {
    run_in(site.root(), &["build"]).assert_ok();
    site.snapshot("output")
}

#[test]
fn script_in_heading_attributes_is_an_error_at_its_line_in_build_and_check() {
    let site = site_with("Intro [@walker2017].\n", false);
    let before = built_once(&site);
    site.page(
        "content/sleep.md",
        "title: Page\ndescription: D.",
        "Intro [@walker2017].\n\n## Hi {#ok autofocus onfocus=alert(document.domain) tabindex=0}\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let errors = run.errors();
    let places: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(places, [(7, 12), (7, 22), (7, 53)], "{}", run.stderr);
    assert!(
        errors[1]
            .message
            .contains("`onfocus=alert(document.domain)` cannot be set here")
    );
    assert!(errors.iter().all(|e| e.file == "content/sleep.md"));
    assert!(
        errors[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("remove it")),
        "{errors:?}"
    );
    assert_eq!(
        site.snapshot("output"),
        before,
        "a failed build changed the output"
    );
    assert!(site.hidden_entries().is_empty());

    let check = run_in(site.root(), &["check"]);
    check.assert_code(1);
    assert!(
        check
            .errors()
            .iter()
            .any(|e| e.line == 7 && e.message.contains("onfocus")),
        "{}",
        check.stderr
    );
}

#[test]
fn ids_and_classes_pass_and_nothing_else_is_ever_written() {
    let site = site_with(
        "## Tips {#tips .note .big_one}\n\n## Whānau {#whānau}\n",
        true,
    );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/sleep/index.html");
    let heading = one(&html, ".content h2#tips");
    assert_eq!(heading.value().attr("class"), Some("note big_one"));
    let mut attributes: Vec<&str> = heading.value().attrs().map(|(name, _)| name).collect();
    attributes.sort_unstable();
    assert_eq!(attributes, ["class", "id"]);
    assert_eq!(attrs(&html, ".content h2", "id"), ["tips", "whānau"]);

    for (block, wanted) in [
        ("{#a\"b}", "not a usable id"),
        ("{.x onclick=y}", "`onclick=y` cannot be set"),
        ("{#one #two}", "asks for a second"),
        ("{data-x=1}", "`data-x=1` cannot be set"),
    ] {
        site.page(
            "content/sleep.md",
            "title: Page\ndescription: D.",
            &format!("## Heading {block}\n"),
        );
        let run = run_in(site.root(), &["build"]);
        run.assert_code(1);
        let error = run.error_at("content/sleep.md", 5);
        assert!(error.message.contains(wanted), "{block}: {error:?}");
    }
}

#[test]
fn headings_never_take_the_ids_of_references_footnotes_or_the_theme() {
    let site = site_with(
        "## Ref walker2017\n\n## Site search\n\n## Fn a\n\n## References\n\n## Footnotes\n\nSleep matters [@walker2017].[^a]\n\n[^a]: A note.\n",
        false,
    );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/sleep/index.html");
    assert_eq!(
        attrs(&html, ".content > h2", "id"),
        [
            "ref-walker2017-2",
            "site-search-2",
            "fn-a-2",
            "references-2",
            "footnotes-2"
        ]
    );
    assert_eq!(duplicate_ids(&html), Vec::<String>::new());
    // The links still reach what they name.
    assert_eq!(attrs(&html, "#ref-walker2017", "id").len(), 1);
    assert_eq!(one(&html, "#fn-a").value().name(), "li");
    assert_eq!(one(&html, "#site-search").value().name(), "input");
    let report = check_links(&site.path("output"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn asking_for_a_reserved_or_used_id_is_an_error_naming_its_owner() {
    let site = site_with("Sleep [@walker2017].\n", false);
    let before = built_once(&site);
    site.page(
        "content/sleep.md",
        "title: Page\ndescription: D.",
        "Sleep [@walker2017].[^a]\n\n## One {#fn-a}\n\n## Two {#ref-walker2017}\n\n## Three {#site-search}\n\n## Four {#mine}\n\n## Five {#mine}\n\n[^a]: A note.\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let owner = |line: usize| run.error_at("content/sleep.md", line).message;
    assert!(owner(7).contains("footnote `[^a]`"), "{}", owner(7));
    assert!(owner(9).contains("reference list entry for `walker2017`"));
    assert!(owner(11).contains("theme's templates use the id `site-search`"));
    assert!(owner(15).contains("the heading “Four” already has it"));
    assert_eq!(run.error_at("content/sleep.md", 7).column, 9);
    assert_eq!(site.snapshot("output"), before);
    assert!(site.hidden_entries().is_empty());
}

#[test]
fn a_custom_theme_reserves_its_own_ids_read_from_its_templates() {
    let site = site_with("## Help line\n\n## Main\n", false);
    // The site overrides the base template with one that has an element of its own.
    let base = std::fs::read_to_string(repo_root().join("themes/default/templates/base.html"))
        .expect("read base.html");
    site.file(
        "templates/base.html",
        base.replace("<body>", "<body>\n<div id=\"help-line\">Call 1737</div>"),
    );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/sleep/index.html");
    assert_eq!(attrs(&html, ".content h2", "id"), ["help-line-2", "main-2"]);
    assert_eq!(duplicate_ids(&html), Vec::<String>::new());
}

#[test]
fn data_links_are_refused_like_script_links() {
    let site = site_with("Intro.\n", true);
    let before = built_once(&site);
    site.page(
        "content/sleep.md",
        "title: Page\ndescription: D.",
        "Intro.\n\n[Sign in](data:text/html;base64,PHNjcmlwdD4=) ![Dot](data:image/png;base64,iVBORw0KGgo=)\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    let error = run.error_at("content/sleep.md", 7);
    assert!(error.message.contains("`data:` address"), "{error:?}");
    assert_eq!(site.snapshot("output"), before);
}

#[test]
fn a_bibliography_key_the_theme_uses_as_an_id_is_a_warning() {
    let site = site_with("Sleep [@main].\n", false);
    site.file(
        "refs.bib",
        "@book{main, author = {Walker, Matthew}, title = {Why We Sleep}, year = {2017}, publisher = {Scribner}}\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    assert!(
        run.warnings().iter().any(|w| w
            .message
            .contains("the theme's templates use `main` as ids too")),
        "{}",
        run.stderr
    );
}

#[test]
fn headings_that_skip_a_level_are_warned_about_and_fail_check_deny_warnings() {
    // `###` right after the title, `#####` after `###`: vnu and axe (heading-order) flag the
    // page, and nothing said so. With `#` headings in the body every heading moves down a level,
    // so `######` landed on `#####`'s level.
    let site = site_with(
        "### Starts at three\n\nText [@walker2017].\n\n##### Jumps to five\n\n## Two\n\n### Three is fine\n",
        false,
    );
    site.page(
        "content/shifted.md",
        "title: Shifted\ndescription: D.",
        "# Top\n\n##### Five\n\n###### Six\n",
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_ok();
    let found: Vec<(String, usize, String)> = run
        .warnings()
        .into_iter()
        .map(|w| (w.file, w.line, w.message))
        .collect();
    assert_eq!(
        found,
        [
            ("content/shifted.md".to_string(), 7, "this `#####` heading (level 6 on the page, as its `#` headings are moved below the title) skips a level: it follows a level 2 heading".to_string()),
            ("content/shifted.md".to_string(), 9, "this `######` heading is shown at level 6, the same as a `#####` heading: the page's `#` headings move every heading down a level, and there is none below 6".to_string()),
            ("content/sleep.md".to_string(), 5, "this `###` heading skips a level: it follows the page's title, level 1".to_string()),
            ("content/sleep.md".to_string(), 9, "this `#####` heading skips a level: it follows a level 3 heading".to_string()),
        ],
        "{}",
        run.stderr
    );
    // Nothing is lost: the headings are written as the editor wrote them.
    let html = site.html("output/sleep/index.html");
    assert_eq!(
        texts(&html, ".content h2, .content h3, .content h5"),
        ["Starts at three", "Jumps to five", "Two", "Three is fine"]
    );
    let check = run_in(site.root(), &["check", "--deny-warnings"]);
    check.assert_code(1);
}
