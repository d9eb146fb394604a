//! What a health charity's editors need on their first day (issue 13): the help box, callouts,
//! a closed list of categories, aliases for renamed pages, and the rest. Every test runs the
//! built binary from the site's folder, as an editor would, and parses the HTML it wrote.

mod common;

use common::*;

const HELP_YAML: &str = "\
title: Test Resources
base_url: https://example.test/site
help:
  title: Need help now?
  text: If you or someone else is in immediate danger, call 111.
  contacts:
    - { name: Need to talk?, phone: \"1737\", sms: \"1737\", note: \"Free call or text, any time\" }
    - { name: Lifeline, phone: \"0800 543 354\" }
";

/// A site with `site_yaml` and one page, `content/a.md`, whose body is `body`.
fn site_with(site_yaml: &str, body: &str) -> Site {
    let site = Site::new();
    site.file("site.yaml", site_yaml)
        .page("content/a.md", "title: A page\ndate: 2024-01-02", body);
    site
}

/// `attach-gen <args>` run from the site's folder, as an editor types it.
fn run_here(site: &Site, args: &[&str]) -> Run {
    run_in(site.root(), args)
}

/// Builds `site` (which must succeed), makes `mistake`, and builds again: that build must fail
/// and leave the output as it was. Returns the failed run.
fn fails_after_a_good_build(site: &Site, mistake: impl FnOnce(&Site)) -> Run {
    run_here(site, &["build"]).assert_ok();
    let before = site.snapshot("output");
    mistake(site);
    let run = run_here(site, &["build"]);
    run.assert_code(1);
    assert_eq!(
        site.snapshot("output"),
        before,
        "the old output is unchanged"
    );
    run
}

#[test]
fn the_help_box_is_on_every_html_page_with_dialable_links() {
    let site = site_with(HELP_YAML, "Text.");
    run_here(&site, &["build"]).assert_ok();
    for file in [
        "output/index.html",
        "output/a/index.html",
        "output/categories/index.html",
        "output/bibliography/index.html",
        "output/search/index.html",
        "output/404.html",
    ] {
        let html = site.html(file);
        let help = one(&html, "aside#help.help-box[aria-labelledby=help-title]");
        assert_eq!(text(one(&html, "#help-title")), "Need help now?", "{file}");
        assert_eq!(
            links_in(help, "a"),
            [
                ("tel:1737".to_string(), "call 1737".to_string()),
                ("sms:1737".to_string(), "text 1737".to_string()),
                (
                    "tel:0800543354".to_string(),
                    "call 0800 543 354".to_string()
                ),
            ],
            "{file}"
        );
        assert!(text(help).contains("call 111"), "{file}");
        // One step from the top of the page: the header's first link after the site's name.
        let header_links = links(&html, ".site-header a");
        assert_eq!(
            header_links[1],
            ("#help".to_string(), "Get help".to_string()),
            "{file}"
        );
    }
}

#[test]
fn a_number_written_with_a_trunk_zero_for_callers_abroad_dials_without_it() {
    // `+64 (0)9 ...` dialled +64 09..., which reaches no one; shown as written.
    let site = site_with(
        "title: T\nbase_url: https://example.test/\nhelp:\n  title: Need help now?\n  contacts:\n    - { name: Clinic, phone: \"+64 (0)9 123-4567\" }\n",
        "Text.",
    );
    run_here(&site, &["build"]).assert_ok();
    let html = site.html("output/a/index.html");
    let help = one(&html, "aside#help");
    assert_eq!(
        links_in(help, "a"),
        [(
            "tel:+6491234567".to_string(),
            "call +64 (0)9 123-4567".to_string()
        )]
    );
}

#[test]
fn a_blank_help_title_is_an_error_and_blank_text_and_notes_are_left_out() {
    // A blank title was an empty <h2>, the heading that names the box's landmark, so a screen
    // reader announced a landmark without a name; blank text and notes were `<p>  </p>` and
    // "(  )" after a number.
    let blank = HELP_YAML
        .replace(
            "text: If you or someone else is in immediate danger, call 111.",
            "text: \"  \"",
        )
        .replace("\"Free call or text, any time\"", "\" \"");
    let site = site_with(&blank, "Text.");
    run_here(&site, &["build"]).assert_ok();
    let html = site.html("output/a/index.html");
    let help = one(&html, "aside#help");
    assert!(select_in(help, "p, .help-note").is_empty());
    assert_eq!(text(one(&html, "#help-title")), "Need help now?");
    let run = fails_after_a_good_build(&site, |site| {
        site.file(
            "site.yaml",
            blank.replace("title: Need help now?", "title: \" \""),
        );
    });
    let error = run.error_at("site.yaml", 4);
    assert!(error.message.contains("`title` is empty"), "{error:?}");
}

#[test]
fn without_help_nothing_is_shown() {
    let site = site_with("title: T\nbase_url: https://example.test/\n", "Text.");
    run_here(&site, &["build"]).assert_ok();
    let html = site.html("output/a/index.html");
    assert!(select(&html, "#help, .help-link").is_empty());
}

#[test]
fn a_phone_number_with_letters_is_an_error_at_its_line() {
    let yaml = HELP_YAML.replace("\"0800 543 354\"", "\"0800 LIFELINE\"");
    let site = site_with(HELP_YAML, "Text.");
    let run = fails_after_a_good_build(&site, |site| {
        site.file("site.yaml", &yaml);
    });
    let error = run.error_at("site.yaml", 8);
    assert_eq!(error.column, 33, "{error:?}");
    assert!(error.message.contains("`0800 LIFELINE`"), "{error:?}");
    assert!(error.message.contains("letters"), "{error:?}");
    assert!(error.hint.is_some_and(|h| h.contains("digits")));
}

/// Mistakes inside `help:` were shown at its first line (`help:`), or at the first contact
/// holding the same text, so an editor with ten contacts had to hunt for them; and a number
/// left unquoted was told "text containing `: ` must be in quotes".
#[test]
fn mistakes_inside_help_are_shown_at_their_own_contact() {
    let yaml = HELP_YAML.replace(
        "    - { name: Lifeline, phone: \"0800 543 354\" }\n",
        "    - { name: Lifeline, phone: \"+\" }\n    - { name: Youthline, phone: \"+\" }\n",
    );
    let site = site_with(HELP_YAML, "Text.");
    let run = fails_after_a_good_build(&site, |site| {
        site.file("site.yaml", &yaml);
    });
    let lines: Vec<(usize, usize)> = run.errors().iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(lines, [(8, 33), (9, 34)], "{}", run.stderr);

    let yaml = HELP_YAML.replace("\"0800 543 354\"", "5433540");
    site.file("site.yaml", &yaml);
    let run = run_here(&site, &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 8);
    assert_eq!(
        (error.column, error.message.as_str()),
        (
            32,
            "`help`: the `phone` of `Lifeline`: expected text, found the number `5433540`; put it in quotes to make it text"
        )
    );

    let yaml = HELP_YAML.replace(
        "phone: \"0800 543 354\"",
        "phone: \"0800 543 354\", nmae: x",
    );
    site.file("site.yaml", &yaml);
    let run = run_here(&site, &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 8);
    assert_eq!(error.column, 48, "{error:?}");
    assert!(error.message.contains("unknown field `nmae`"), "{error:?}");
}

/// A contact could not say when it is open or link to its web page or chat: `hours` and `url`
/// were unknown fields. Hours are shown as text beside the name; the link's text says where it
/// goes (the address's host, or "more about" the service for a page of the site, linked from
/// every page at any depth).
#[test]
fn a_contact_shows_its_hours_and_links_to_its_web_page() {
    let yaml = "\
title: T
base_url: https://example.test/site
help:
  contacts:
    - { name: Healthline, phone: \"0800 611 116\", hours: \"24/7\", url: \"https://www.healthline.govt.nz\" }
    - name: Local support
      hours: Mon–Fri 9am–5pm
      url: /a/
    - { name: Chat, url: \"https://1737.org.nz/chat?from=a page\" }
    - { name: Need to talk?, phone: \"1737\", sms: \"1737\" }
    - { name: Need to talk?, hours: \"24/7\", url: \"https://1737.org.nz\" }
";
    let site = site_with(yaml, "Text.");
    let run = run_here(&site, &["build"]);
    run.assert_ok();
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    for (file, root) in [("output/index.html", ""), ("output/a/index.html", "../")] {
        let html = site.html(file);
        let help = one(&html, "aside#help");
        assert_eq!(
            links_in(help, "a"),
            [
                (
                    "tel:0800611116".to_string(),
                    "call 0800 611 116".to_string()
                ),
                (
                    "https://www.healthline.govt.nz".to_string(),
                    "visit healthline.govt.nz".to_string()
                ),
                (format!("{root}a/"), "more about Local support".to_string()),
                (
                    "https://1737.org.nz/chat?from=a%20page".to_string(),
                    "visit 1737.org.nz".to_string()
                ),
                ("tel:1737".to_string(), "call 1737".to_string()),
                ("sms:1737".to_string(), "text 1737".to_string()),
                (
                    "https://1737.org.nz".to_string(),
                    "visit 1737.org.nz".to_string()
                ),
            ],
            "{file}"
        );
        let items: Vec<String> = select_in(help, "li").into_iter().map(text).collect();
        assert_eq!(
            items,
            [
                "Healthline (open 24/7): call 0800 611 116, visit healthline.govt.nz",
                "Local support (open Mon–Fri 9am–5pm): more about Local support",
                "Chat: visit 1737.org.nz",
                // A name that ends in its own question mark takes no colon after it; hours
                // between them still do.
                "Need to talk? call 1737, text 1737",
                "Need to talk? (open 24/7): visit 1737.org.nz",
            ],
            "{file}"
        );
        assert_eq!(
            select_in(help, ".help-hours").len(),
            3,
            "{file}: hours are text beside the name"
        );
    }

    // A page of the site that will not exist is a warning at its contact's line.
    site.file(
        "site.yaml",
        yaml.replace("url: /a/", "url: www.example.org/help"),
    );
    let run = run_here(&site, &["build"]);
    run.assert_ok();
    let warning = &run.warnings()[0];
    assert_eq!((warning.line, warning.column), (8, 12), "{}", run.stderr);
    assert!(
        warning
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("`https://www.example.org/help`")),
        "{warning:?}"
    );
}

/// Only one contact's mistake was reported per run: fixing an unquoted number revealed an
/// unknown field on the next contact, and so on. Every contact's mistakes, and every mistake of
/// one contact, are reported in one run, each at its own line and column.
#[test]
fn every_mistake_of_every_contact_is_reported_in_one_run() {
    let yaml = "\
title: T
base_url: https://example.test/site
help:
  contacts:
    - { name: Youthline, sms: 234, open: weekdays }
    - name: Healthline
      hour: 24/7
      url: \"mailto:help@example.org\"
    - { phone: \"1737\" }
    - { name: Script, url: \"javascript:alert(1)\", hours: \"\" }
";
    let site = site_with(HELP_YAML, "Text.");
    let run = fails_after_a_good_build(&site, |site| {
        site.file("site.yaml", yaml);
    });
    let errors = run.errors();
    let found: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.column, e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                5,
                31,
                "`help`: the `sms` of `Youthline`: expected text, found the number `234`; put it in quotes to make it text"
            ),
            (
                5,
                36,
                "`help`: the contact `Youthline` has an unknown field `open`"
            ),
            (
                7,
                7,
                "`help`: the contact `Healthline` has an unknown field `hour`"
            ),
            (9, 17, "`help`: contact 3 has no `name`"),
            (10, 15, "`help`: the `hours` of `Script` are empty"),
            (
                10,
                29,
                "`help`: the `url` `javascript:alert(1)` of `Script` is a `javascript:` URL, which would run a script when clicked"
            ),
        ],
        "{}",
        run.stderr
    );
    let hint = |i: usize| errors[i].hint.clone().unwrap_or_default();
    assert!(
        hint(1).contains("`note`") && hint(1).contains("`hours`, `url`"),
        "{}",
        hint(1)
    );
    assert!(hint(2).starts_with("did you mean `hours`?"), "{}", hint(2));
    // The `mailto:` address is found once the unknown field is fixed.
    site.file("site.yaml", yaml.replace("hour:", "hours:"));
    let run = run_here(&site, &["build"]);
    let error = run.error_at("site.yaml", 8);
    assert_eq!(error.column, 13, "{error:?}");
    assert!(
        error
            .message
            .contains("is a `mailto:` address, not a web page"),
        "{error:?}"
    );
}

#[test]
fn callouts_are_asides_with_a_visible_title_of_each_kind() {
    let body = "\
> [!NOTE]
> A note.

> [!TIP] Try this
> A tip.

> [!IMPORTANT]
> Important.

> [!WARNING] Content note
> This page talks about suicide.

> [!CAUTION]
> Careful.

<details>
<summary>More about sleep</summary>

Hidden until opened.

</details>
";
    let site = site_with(HELP_YAML, body);
    run_here(&site, &["build"]).assert_ok();
    let html = site.html("output/a/index.html");
    let kinds: Vec<String> = select(&html, ".content aside.callout")
        .iter()
        .map(|a| a.value().attr("class").unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "callout callout-note",
            "callout callout-tip",
            "callout callout-important",
            "callout callout-warning",
            "callout callout-caution"
        ]
    );
    assert_eq!(
        texts(&html, ".callout-title"),
        ["Note", "Try this", "Important", "Content note", "Caution"]
    );
    assert_eq!(
        texts(&html, ".callout-warning > p:not(.callout-title)"),
        ["This page talks about suicide."]
    );
    assert!(select(&html, ".content blockquote").is_empty());
    assert_eq!(
        texts(&html, ".content details > summary"),
        ["More about sleep"]
    );
}

#[test]
fn an_unknown_callout_kind_is_an_error_with_did_you_mean() {
    let site = site_with(HELP_YAML, "Intro.\n\n> [!WARN] Careful\n> Text.\n");
    let run = run_here(&site, &["build"]);
    run.assert_code(1);
    // The body starts on line 5 (after four front matter lines and a `---`).
    let error = run.error_at("content/a.md", 7);
    assert_eq!(error.column, 3);
    assert!(error.message.contains("`[!WARN]`"), "{error:?}");
    assert_eq!(error.hint.as_deref(), Some("did you mean `[!WARNING]`?"));
    assert!(!site.exists("output"), "nothing written");
}

const CATEGORIES_YAML: &str = "\
title: Test Resources
base_url: https://example.test/site
categories:
  - name: Wellbeing
    aliases: [Self-care]
  - name: For Family / Whānau
    slug: whanau
  - name: Grief & Loss
";

#[test]
fn a_category_site_yaml_does_not_list_is_an_error_with_did_you_mean() {
    let site = Site::new();
    site.file("site.yaml", CATEGORIES_YAML).page(
        "content/a.md",
        "title: A\ncategories: [Grief & Loss]",
        "Text.",
    );
    let run = fails_after_a_good_build(&site, |site| {
        site.page(
            "content/b.md",
            "title: B\ncategories:\n  - Grief & Loss\n  - Wellbeeing",
            "Text.",
        );
    });
    let error = run.error_at("content/b.md", 5);
    assert_eq!(error.column, 5);
    assert!(error.message.contains("`Wellbeeing`"), "{error:?}");
    let hint = error.hint.unwrap_or_default();
    assert!(hint.starts_with("did you mean `Wellbeing`?"), "{hint}");
    assert!(
        hint.contains("add it to `categories` in site.yaml"),
        "{hint}"
    );
    // `check` says it once: the closed list's error, not also a "used once" warning.
    let checked = run_here(&site, &["check"]);
    assert_eq!(checked.error_at("content/b.md", 5).column, 5);
    assert!(
        checked
            .warnings()
            .iter()
            .all(|w| !w.message.contains("Wellbeeing")),
        "{}",
        checked.stderr
    );
    // An alias misspelt is near its category.
    site.page("content/b.md", "title: B\ncategories: [Selfcare]", "Text.");
    let error = run_here(&site, &["build"]).error_at("content/b.md", 3);
    assert_eq!(error.column, 14);
    assert!(
        error
            .hint
            .unwrap_or_default()
            .starts_with("did you mean `Wellbeing`?")
    );
}

#[test]
fn aliases_file_pages_under_their_category_and_slugs_name_its_url() {
    let site = Site::new();
    site.file("site.yaml", CATEGORIES_YAML)
        .page(
            "content/a.md",
            "title: A\ncategories: [Self-care, For Family / Whānau]",
            "Text.",
        )
        .page("content/b.md", "title: B\ncategories: [Wellbeing]", "Text.");
    let run = run_here(&site, &["build"]);
    run.assert_ok();
    let html = site.html("output/categories/wellbeing/index.html");
    assert_eq!(texts(&html, ".page-list h3"), ["A", "B"]);
    assert!(site.exists("output/categories/whanau/index.html"));
    assert!(!site.exists("output/categories/for-family-whanau"));
    assert!(!site.exists("output/categories/self-care"));
    let page = site.html("output/a/index.html");
    assert_eq!(
        links(&page, ".categories a"),
        [
            (
                "../categories/wellbeing/".to_string(),
                "Wellbeing".to_string()
            ),
            (
                "../categories/whanau/".to_string(),
                "For Family / Whānau".to_string()
            ),
        ]
    );
    // The category no page uses is a warning at its line.
    let warning = run
        .warnings()
        .into_iter()
        .find(|w| w.message.contains("`Grief & Loss`"))
        .unwrap_or_else(|| panic!("no warning about Grief & Loss:\n{}", run.stderr));
    assert_eq!(
        (warning.file.as_str(), warning.line, warning.column),
        ("site.yaml", 8, 11)
    );
}

#[test]
fn categories_open_lets_pages_make_their_own() {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("{CATEGORIES_YAML}categories_open: true\n"),
    )
    .page(
        "content/a.md",
        "title: A\ncategories: [Sleep, Wellbeing]",
        "Text.",
    );
    run_here(&site, &["build"]).assert_ok();
    assert!(site.exists("output/categories/sleep/index.html"));
}

#[test]
fn a_bad_category_slug_or_alias_is_an_error_at_its_line() {
    let site = Site::new();
    let yaml = CATEGORIES_YAML
        .replace("slug: whanau", "slug: Whānau Pages")
        .replace(
            "- name: Grief & Loss",
            "- name: Grief & Loss\n    aliases: [self care]",
        );
    site.file("site.yaml", yaml)
        .page("content/a.md", "title: A\ncategories: [Wellbeing]", "Text.");
    let run = run_here(&site, &["build"]);
    run.assert_code(1);
    let slug = run.error_at("site.yaml", 7);
    assert_eq!(slug.column, 11);
    assert_eq!(slug.hint.as_deref(), Some("write it as `whanau-pages`"));
    let alias = run.error_at("site.yaml", 9);
    assert!(
        alias.message.contains("already a name of `Wellbeing`"),
        "{alias:?}"
    );
}

#[test]
fn aliases_write_redirect_pages_and_a_redirects_file() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: T\nbase_url: https://example.test/site\nlanguage: en-NZ\n",
    )
    .page(
        "content/guides/sleep.md",
        "title: Sleep & mood\naliases: [sleep-and-mood/, /guides/old-sleep, old.html]",
        "Text.",
    );
    run_here(&site, &["build"]).assert_ok();
    for (file, target) in [
        ("output/sleep-and-mood/index.html", "../guides/sleep/"),
        ("output/guides/old-sleep/index.html", "../../guides/sleep/"),
        ("output/old.html", "guides/sleep/"),
    ] {
        let html = site.html(file);
        assert_eq!(
            attrs(&html, "meta[http-equiv=refresh]", "content"),
            [format!("0; url={target}")],
            "{file}"
        );
        assert_eq!(
            attrs(&html, "link[rel=canonical]", "href"),
            ["https://example.test/site/guides/sleep/"],
            "{file}"
        );
        assert_eq!(attrs(&html, "meta[name=robots]", "content"), ["noindex"]);
        assert_eq!(
            links(&html, "main a"),
            [(target.to_string(), "Sleep & mood".to_string())],
            "{file}"
        );
        assert_eq!(attrs(&html, "html", "lang"), ["en-NZ"]);
        // The link leads to the page that was written.
        let from = site.path(file);
        let landed = from.parent().map(|dir| dir.join(target).join("index.html"));
        assert!(landed.is_some_and(|p| p.is_file()), "{file} → {target}");
    }
    let redirects = std::fs::read_to_string(site.path("output/_redirects")).unwrap_or_default();
    let moves: Vec<&str> = redirects.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        moves,
        [
            "/site/sleep-and-mood/ /site/guides/sleep/ 301",
            "/site/guides/old-sleep/ /site/guides/sleep/ 301",
            "/site/old.html /site/guides/sleep/ 301",
        ]
    );
    // Redirects are not pages: the sitemap leaves them out.
    let sitemap = std::fs::read_to_string(site.path("output/sitemap.xml")).unwrap_or_default();
    assert!(!sitemap.contains("sleep-and-mood"));
}

#[test]
fn without_aliases_a_sites_own_redirects_file_is_copied() {
    let site = site_with("title: T\nbase_url: https://example.test/\n", "Text.");
    site.file("static/_redirects", "/x /y 302\n");
    run_here(&site, &["build"]).assert_ok();
    assert_eq!(
        std::fs::read_to_string(site.path("output/_redirects")).unwrap_or_default(),
        "/x /y 302\n"
    );
}

#[test]
fn an_alias_that_collides_is_an_error_naming_both() {
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.test/\n")
        .page("content/a.md", "title: A", "Text.")
        .page("content/b.md", "title: B\naliases: [old/]", "Text.");
    let run = fails_after_a_good_build(&site, |site| {
        site.page(
            "content/c.md",
            "title: C\naliases:\n  - a/\n  - /old\n  - categories/x/\n  - ../up/",
            "Text.",
        );
    });
    let page = run.error_at("content/c.md", 4);
    assert_eq!(page.column, 5);
    assert!(
        page.message.contains("`a/` is the address of content/a.md"),
        "{page:?}"
    );
    let alias = run.error_at("content/c.md", 5);
    assert!(
        alias
            .message
            .contains("`old/` is an alias of content/b.md too"),
        "{alias:?}"
    );
    let reserved = run.error_at("content/c.md", 6);
    assert!(
        reserved.message.contains("attach-gen writes itself"),
        "{reserved:?}"
    );
    let outside = run.error_at("content/c.md", 7);
    assert!(outside.message.contains("outside"), "{outside:?}");
    assert!(!site.exists("up"), "nothing written outside the output");
}

#[test]
fn new_writes_a_draft_dated_today_in_the_local_time_zone() {
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.test/\n");
    // 26 hours apart: the two zones never share a date.
    for (n, zone) in ["XXX-14", "YYY+12"].iter().enumerate() {
        let title = format!("Page {n}");
        let run = run_in_env(site.root(), &["new", &title], &[("TZ", zone)]);
        run.assert_ok();
        let text = std::fs::read_to_string(site.path(run.stdout.trim())).unwrap_or_default();
        let expected = std::process::Command::new("date")
            .arg("+%F")
            .env("TZ", zone)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        assert!(
            text.contains(&format!("\ndate: {expected}\n")),
            "{zone}: {text}"
        );
        assert!(text.contains("\ndraft: true\n"), "{text}");
    }
}

#[test]
fn a_page_with_new_s_placeholder_text_is_refused_by_build_and_warned_by_check() {
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.test/\n")
        .page("content/a.md", "title: A", "Text.");
    let run = fails_after_a_good_build(&site, |site| {
        run_here(site, &["new", "Sleep and mood"]).assert_ok();
        let path = site.path("content/sleep-and-mood.md");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // The editor publishes it without writing it.
        site.file(
            "content/sleep-and-mood.md",
            text.replace("draft: true\n", ""),
        );
    });
    // `---`, title, description, categories, date, the comment, `---`, a blank line: line 9.
    let error = run.error_at("content/sleep-and-mood.md", 9);
    assert_eq!(error.column, 1);
    assert!(error.message.contains("placeholder text"), "{error:?}");
    // As a preview it builds.
    run_here(&site, &["build", "--drafts"]).assert_ok();
    assert!(site.exists("output/sleep-and-mood/index.html"));
    let checked = run_here(&site, &["check"]);
    let warning = checked
        .warnings()
        .into_iter()
        .find(|w| w.message.contains("placeholder text"))
        .unwrap_or_else(|| panic!("no placeholder warning:\n{}", checked.stderr));
    assert_eq!(
        (warning.file.as_str(), warning.line),
        ("content/sleep-and-mood.md", 9)
    );
}

#[test]
fn check_reports_aliases_of_a_draft_that_lead_nowhere() {
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.test/\n")
        .page("content/a.md", "title: A", "Text.")
        .page(
            "content/b.md",
            "title: B\ndraft: true\naliases: [old-b/]",
            "Text.",
        );
    let checked = run_here(&site, &["check"]);
    let warning = checked
        .warnings()
        .into_iter()
        .find(|w| w.message.contains("lead nowhere"))
        .unwrap_or_else(|| panic!("no alias warning:\n{}", checked.stderr));
    assert_eq!(
        (warning.file.as_str(), warning.line, warning.column),
        ("content/b.md", 4, 11)
    );
    run_here(&site, &["build"]).assert_ok();
    assert!(!site.exists("output/old-b"));
}

#[test]
fn the_404_page_carries_its_own_styles_whatever_base_url_says() {
    let site = site_with(
        "title: T\nbase_url: https://production.example/resources\n",
        "Text.",
    );
    site.file("static/style.css", "body { color: rebeccapurple; }\n");
    run_here(&site, &["build"]).assert_ok();
    let html = site.html("output/404.html");
    assert!(select(&html, "link[rel=stylesheet]").is_empty());
    assert_eq!(
        texts(&html, "style"),
        ["body { color: rebeccapurple; }"],
        "the site's own style.css, inside the page"
    );
    // Other pages link to the stylesheet.
    let page = site.html("output/a/index.html");
    assert_eq!(
        attrs(&page, "link[rel=stylesheet]", "href"),
        ["../style.css"]
    );
    assert!(select(&page, "style").is_empty());
}

#[test]
fn logo_footer_links_and_favicon_frame_every_page() {
    let site = site_with(
        "title: T\nbase_url: https://example.test/\nlogo: {src: images/logo.svg, alt: Trust logo}\n\
         favicon: icon.png\nfooter:\n  links:\n    - { name: Privacy, url: privacy/ }\n\
         \x20   - { name: Contact, url: \"mailto:hi@example.org\" }\n\
         \x20   - { name: Summer, url: \"events/2024:summer/\" }\n",
        "Text.",
    );
    site.file(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .file("static/icon.png", [0x89, b'P', b'N', b'G']);
    run_here(&site, &["build"]).assert_ok();
    let html = site.html("output/a/index.html");
    assert_eq!(
        attrs(&html, ".site-title img", "src"),
        ["../images/logo.svg"]
    );
    assert_eq!(attrs(&html, ".site-title img", "alt"), ["Trust logo"]);
    assert_eq!(attrs(&html, "link[rel=icon]", "href"), ["../icon.png"]);
    assert_eq!(
        links(&html, "footer nav[aria-label=Footer] a"),
        [
            ("../privacy/".to_string(), "Privacy".to_string()),
            ("mailto:hi@example.org".to_string(), "Contact".to_string()),
            // A path with a `:` is the site's, made relative like the others.
            ("../events/2024:summer/".to_string(), "Summer".to_string()),
        ]
    );
    // Without a favicon setting, the theme's.
    let plain = site_with("title: T\nbase_url: https://example.test/\n", "Text.");
    run_here(&plain, &["build"]).assert_ok();
    let html = plain.html("output/a/index.html");
    assert_eq!(attrs(&html, "link[rel=icon]", "href"), ["../favicon.svg"]);
    assert!(plain.exists("output/favicon.svg"));
}

/// A footer link to a page the site does not have (init's `privacy/`, uncommented before the
/// page is written) was a broken link on every page, without a word; a banner link written
/// site-relative breaks on every page below the home page. Both are warnings at their line.
#[test]
fn footer_links_to_missing_pages_and_relative_banner_links_are_warnings() {
    let site = site_with(
        "title: T\nbase_url: https://example.test/\nbanner:\n  text: News\n  link: news/\n\
         footer:\n  links:\n    - { name: Privacy, url: privacy/ }\n\
         \x20   - { name: Home, url: / }\n\
         \x20   - { name: A, url: /a/ }\n\
         \x20   - { name: Call, url: \"tel:0800\" }\n",
        "Text.",
    );
    let run = run_here(&site, &["build"]);
    run.assert_ok();
    let warnings: Vec<(usize, String)> = run
        .warnings()
        .into_iter()
        .filter(|w| w.file == "site.yaml")
        .map(|w| (w.line, w.message))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings.iter().any(|(line, m)| *line == 8
            && m.contains("the footer link `Privacy` leads to `privacy/`, but the site will have no page or file there")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|(line, m)| *line == 5
                && m.contains("the banner link `news/` is not a full address")),
        "{warnings:#?}"
    );
    site.page("content/privacy.md", "title: Privacy", "Text.");
    let yaml = std::fs::read_to_string(site.path("site.yaml")).unwrap_or_default();
    site.file(
        "site.yaml",
        yaml.replace("link: news/", "link: https://example.test/news/"),
    );
    let run = run_here(&site, &["build"]);
    run.assert_ok();
    assert!(
        run.warnings().iter().all(|w| w.file != "site.yaml"),
        "{}",
        run.stderr
    );
}

/// A banner link or reviewer's url from the server's root (`/news/`) is the same address on
/// every page: not a link that breaks below the home page, as the warning said, but outside
/// the site when `base_url` has a path, and fine when the site is at the server's root.
#[test]
fn links_from_the_servers_root_are_warned_about_only_when_they_leave_the_site() {
    let yaml = |base: &str| {
        format!(
            "title: T\nbase_url: {base}\nbanner:\n  text: News\n  link: /news/\n\
             review: {{}}\npeople:\n  ana:\n    name: Ana\n    url: /team/ana/\n"
        )
    };
    let site = site_with(&yaml("https://example.test/resources/"), "Text.");
    let run = run_here(&site, &["build"]);
    run.assert_ok();
    let warnings: Vec<(usize, String)> = run
        .warnings()
        .into_iter()
        .filter(|w| w.file == "site.yaml")
        .map(|w| (w.line, w.message))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    for (line, link) in [(5, "/news/"), (10, "/team/ana/")] {
        assert!(
            warnings.iter().any(|(at, m)| *at == line
                && m.contains(&format!("`{link}`"))
                && m.contains("starts from the root of the server, not of the site")
                && m.contains(&format!("not to `/resources{link}`"))
                && !m.contains("below the home page")),
            "{line}: {warnings:#?}"
        );
    }
    site.file("site.yaml", yaml("https://example.test/"));
    let run = run_here(&site, &["build"]);
    run.assert_ok();
    assert!(
        run.warnings().iter().all(|w| w.file != "site.yaml"),
        "{}",
        run.stderr
    );
}

/// Addresses written in site.yaml and in the bibliography went into `href` as written: a space,
/// a `"` or a `|` made the page invalid HTML (the Nu checker refuses `href="a b"`), and a
/// footer link to `files/our%20leaflet.pdf` was warned about although the file is there.
#[test]
fn addresses_from_site_yaml_and_the_bibliography_are_encoded_in_href() {
    let site = site_with(
        "title: T\nbase_url: https://example.test/\nbibliography: [refs.bib]\n\
         banner: {text: News, link: \"https://example.org/news?q=a b|c\"}\n\
         footer:\n  links:\n    - { name: Leaflet, url: \"files/our leaflet.pdf\" }\n\
         \x20   - { name: Again, url: \"files/our%20leaflet.pdf#p2\" }\n\
         review: {}\npeople:\n  ana: {name: Ana, url: \"https://example.org/team/<ana>\"}\n",
        "See @smith2020.",
    );
    site.page(
        "content/a.md",
        "title: A page\ndate: 2024-01-02\nreviewed: 2024-01-01\nreviewed_by: ana",
        "See @smith2020.",
    )
    .file("static/files/our leaflet.pdf", "%PDF-1.4")
    .file(
        "refs.bib",
        "@misc{smith2020, author = {Smith, Jo}, title = {Tips}, year = {2020},\n  url = {https://example.org/a \"b\"{}^x}}\n",
    );
    let run = run_here(&site, &["build", "--today", "2024-06-01"]);
    run.assert_ok();
    assert!(
        run.warnings().iter().all(|w| w.file != "site.yaml"),
        "{}",
        run.stderr
    );
    let html = site.html("output/a/index.html");
    assert_eq!(
        attrs(&html, ".banner a", "href"),
        ["https://example.org/news?q=a%20b%7Cc"]
    );
    assert_eq!(
        attrs(&html, "footer nav[aria-label=Footer] a", "href"),
        [
            "../files/our%20leaflet.pdf",
            "../files/our%20leaflet.pdf#p2"
        ]
    );
    assert_eq!(
        attrs(&html, ".review a", "href"),
        ["https://example.org/team/%3Cana%3E"]
    );
    let reference = one(&html, "#ref-smith2020 a");
    assert_eq!(
        reference.attr("href"),
        Some("https://example.org/a%20%22b%22%5Ex")
    );
    // The reference list shows the address as the bibliography wrote it.
    assert_eq!(text(reference), "https://example.org/a \"b\"^x");
}

#[test]
fn a_missing_logo_and_a_script_footer_link_are_errors_at_their_lines() {
    let site = site_with(
        "title: T\nbase_url: https://example.test/\nlogo:\n  src: logo.png\n  alt: Logo\n\
         footer:\n  links:\n    - { name: Evil, url: \"javascript:alert(1)\" }\n",
        "Text.",
    );
    let run = run_here(&site, &["build"]);
    run.assert_code(1);
    let link = run.error_at("site.yaml", 8);
    assert!(link.message.contains("`javascript:`"), "{link:?}");
    // site.yaml's errors come first; fixed, the logo's.
    let yaml = std::fs::read_to_string(site.path("site.yaml")).unwrap_or_default();
    site.file(
        "site.yaml",
        yaml.replace("javascript:alert(1)", "https://example.org"),
    );
    let run = run_here(&site, &["build"]);
    run.assert_code(1);
    let logo = run.error_at("site.yaml", 4);
    assert_eq!(logo.column, 8);
    assert!(
        logo.message.contains("`logo.png` is not a file"),
        "{logo:?}"
    );
    assert!(!site.exists("output"));
}

#[test]
fn the_home_page_lists_featured_pages_then_by_weight_and_title() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: T\nbase_url: https://example.test/\nhome:\n  featured:\n    - guides/crisis.md\n    - content/b.md\n",
    )
    .page("content/a.md", "title: Apples\ndate: 2025-01-01", "Text.")
    .page("content/b.md", "title: Bananas\ndate: 2020-01-01", "Text.")
    .page("content/c.md", "title: Cherries\nweight: 2", "Text.")
    .page("content/d.md", "title: Dates\nweight: 1", "Text.")
    .page("content/guides/crisis.md", "title: In a crisis", "Text.");
    run_here(&site, &["build"]).assert_ok();
    let html = site.html("output/index.html");
    assert_eq!(
        texts(&html, ".page-list h3"),
        ["In a crisis", "Bananas", "Dates", "Cherries", "Apples"]
    );
    site.file(
        "site.yaml",
        "title: T\nbase_url: https://example.test/\nhome:\n  featured: [guides/crsis.md]\n",
    );
    let run = run_here(&site, &["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 4);
    assert_eq!(error.column, 14);
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean `guides/crisis.md`?")
    );
}

/// A site whose page has an unknown callout kind (an error at content/a.md:7:3).
fn site_with_an_error() -> Site {
    site_with(HELP_YAML, "Intro.\n\n> [!WARN] Careful\n> Text.\n")
}

#[test]
fn github_format_prints_workflow_commands_for_build_and_check() {
    let site = site_with_an_error();
    for args in [
        vec!["build", "--message-format", "github"],
        vec!["check", "--message-format", "github"],
    ] {
        let run = run_here(&site, &args);
        run.assert_code(1);
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with("::error "))
            .unwrap_or_else(|| panic!("{args:?}: no ::error line in\n{}", run.stdout));
        assert!(
            line.starts_with(
                "::error file=content/a.md,line=7,col=3,title=attach-gen callout::`[!WARN]` is not a kind of callout%0Ahelp: did you mean `[!WARNING]`?"
            ),
            "{line}"
        );
    }
}

#[test]
fn github_format_is_chosen_inside_github_actions() {
    let site = site_with_an_error();
    let run = run_in_env(site.root(), &["build"], &[("GITHUB_ACTIONS", "true")]);
    run.assert_code(1);
    assert!(
        run.stdout
            .contains("::error file=content/a.md,line=7,col=3"),
        "{}",
        run.stdout
    );
    // Asked for, human wins.
    let run = run_in_env(
        site.root(),
        &["build", "--message-format", "human"],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert_eq!(run.error_at("content/a.md", 7).column, 3);
    assert!(!run.stdout.contains("::error"));
    // Warnings too, with `::warning`.
    let site = site_with(
        "title: T\nbase_url: https://example.test/\ncategories: [{name: Unused}]\ncategories_open: true\n",
        "Text.",
    );
    let run = run_in_env(site.root(), &["build"], &[("GITHUB_ACTIONS", "true")]);
    run.assert_ok();
    assert!(
        run.stdout
            .contains("::warning file=site.yaml,line=3,col=21,title=attach-gen empty-category::"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_format_on_build_and_check_and_format_kept_as_an_alias() {
    let site = site_with_an_error();
    for args in [
        vec!["build", "--message-format", "json"],
        vec!["check", "--message-format", "json"],
        vec!["check", "--format", "json"],
    ] {
        let run = run_here(&site, &args);
        run.assert_code(1);
        let found: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", run.stdout));
        let first = found
            .as_array()
            .and_then(|all| all.iter().find(|d| d["code"] == "callout"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(first["file"], "content/a.md", "{args:?}");
        assert_eq!(
            (first["line"].as_u64(), first["column"].as_u64()),
            (Some(7), Some(3))
        );
    }
}

/// A successful build with `--message-format json`: the array (of warnings) alone on standard
/// output, the summary on standard error (it was printed nowhere), and nothing with --quiet
/// but the array.
#[test]
fn json_build_prints_the_array_on_stdout_and_the_summary_on_stderr() {
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.test/\n")
        .page(
            "content/a.md",
            "title: A\ndate: 2024-03-01\nupdated: 2024-01-01",
            "Text.\n",
        );
    let run = run_here(&site, &["build", "--message-format", "json"]);
    run.assert_ok();
    let found: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout));
    assert!(
        found
            .as_array()
            .is_some_and(|all| all.iter().any(|d| d["file"] == "content/a.md")),
        "{found}"
    );
    assert!(run.stderr.starts_with("Built "), "{}", run.stderr);
    let quiet = run_here(&site, &["build", "--message-format", "json", "--quiet"]);
    quiet.assert_ok();
    assert_eq!(quiet.stdout.trim(), "[]");
    assert_eq!(quiet.stderr, "");
}

#[test]
fn serve_takes_the_message_format_too() {
    let dir = Site::bare();
    let run = run_here(
        &dir,
        &["serve", "--port", "0", "--message-format", "github"],
    );
    run.assert_code(2);
    assert!(
        run.stdout.starts_with("::error title=attach-gen no-site::"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_command_run_from_a_folder_inside_the_site_names_the_site_folder_to_use() {
    let site = site_with("title: T\n", "Hello.");
    std::fs::create_dir_all(site.path("content/guides")).unwrap();
    let guides = site.path("content/guides");
    for args in [
        &["build"][..],
        &["check"],
        &["reviews"],
        &["new", "Sleep and mood"],
    ] {
        let run = run_in(&guides, args);
        run.assert_code(2);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{args:?}: {errors:#?}");
        assert!(
            errors[0].message.contains("this folder holds no site.yaml"),
            "{args:?}: {:?}",
            errors[0]
        );
        let hint = errors[0].hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("the site is in ../.., which holds site.yaml")
                && hint.contains("`cd ../..`")
                && hint.contains("`--root ../..`"),
            "{args:?}: {hint}"
        );
    }
    // Nothing was written there.
    assert!(!site.exists("content/guides/content"));
    assert!(!site.exists("content/guides/output"));
}

/// `--root site.yaml` (the file, not its folder) is a usage error that names the folder, for
/// every command, not "cannot read site.yaml: Not a directory" and a site with no pages.
#[test]
fn a_root_that_is_a_file_is_a_usage_error_naming_the_folder() {
    let top = tempfile::tempdir().unwrap();
    run_in(top.path(), &["init", "site"]).assert_code(0);
    let site = top.path().join("site");
    for args in [
        &["build", "--root", "site.yaml"][..],
        &["check", "--root", "site.yaml"],
        &["reviews", "--root", "site.yaml"],
        &["new", "Sleep", "--root", "site.yaml"],
        &["serve", "--port", "0", "--root", "site.yaml"],
    ] {
        let run = run_in(&site, args);
        run.assert_code(2);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{args:?}: {errors:#?}");
        assert_eq!(
            errors[0].message, "site.yaml is a file, not a folder, so it is not a site",
            "{args:?}"
        );
        let hint = errors[0].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("pass `--root .`"), "{args:?}: {hint}");
        // The usage error alone: no "Checked 0 pages ... 1 error" or "Build failed with 1
        // error" after it, as if a site had been read.
        assert_eq!(run.stdout, "", "{args:?}");
        for summary in ["Checked", "Build failed", "Built"] {
            assert!(!run.stderr.contains(summary), "{args:?}: {}", run.stderr);
        }
    }
    let run = run_in(
        top.path(),
        &[
            "check",
            "--root",
            "site/content/why-feeling-safe-with-others-matters.md",
        ],
    );
    run.assert_code(2);
    assert_eq!(run.stdout, "");
    let hint = run.errors()[0].hint.clone().unwrap_or_default();
    assert!(hint.contains("not a file"), "{hint}");
    assert!(!site.join("output").exists());
}

#[test]
fn a_root_that_does_not_exist_says_so_and_outside_any_site_init_is_suggested() {
    let top = tempfile::tempdir().unwrap();
    let run = run_in(top.path(), &["build", "--root", "my-sit"]);
    run.assert_code(2);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("my-sit does not exist"),
        "{:?}",
        errors[0]
    );
    let run = run_in(top.path(), &["check"]);
    run.assert_code(2);
    let hint = run.errors()[0].hint.clone().unwrap_or_default();
    assert!(hint.contains("run `attach-gen init`"), "{hint}");
}

#[test]
fn a_site_without_content_is_an_error_in_build_and_check_naming_where_it_looked() {
    let top = Site::bare();
    top.file(
        "site/site.yaml",
        "title: T\nbase_url: https://example.org/\n",
    );
    // An earlier build, of a site with no pages yet (an empty content/ is fine).
    std::fs::create_dir(top.path("site/content")).expect("mkdir");
    run_in(top.root(), &["build", "--root", "site"]).assert_ok();
    let earlier = snapshot(&top.path("site/output"));
    std::fs::remove_dir(top.path("site/content")).expect("rmdir");
    for command in ["build", "check"] {
        let run = run_in(top.root(), &[command, "--root", "site"]);
        run.assert_code(1);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{command}: {errors:?}");
        assert!(
            errors[0]
                .message
                .contains("there is no folder site/content/"),
            "{command}: {}",
            errors[0].message
        );
        let hint = errors[0].hint.clone().unwrap_or_default();
        assert!(hint.contains("`mkdir site/content`"), "{command}: {hint}");
    }
    // The earlier build is left as it was, not replaced by an empty site.
    assert!(snapshot(&top.path("site/output")) == earlier);
    // From the site's own folder, with the pages in a folder of another name.
    top.page("site/pages/sleep.md", "title: Sleep", "Rest.\n");
    let run = run_in(&top.path("site"), &["build"]);
    run.assert_code(1);
    let error = &run.errors()[0];
    assert!(
        error
            .message
            .contains("there is no folder content/ in this folder")
    );
    assert!(
        error
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("if the pages are in `pages/`, rename it to `content`"))
    );
    // `pages/` differs from `content/` by more than case: the help says nothing of case.
    assert!(
        error
            .hint
            .as_deref()
            .is_some_and(|h| !h.contains("small letters") && !h.contains("only in case")),
        "{:?}",
        error.hint
    );
}
