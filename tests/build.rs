//! `attach-gen build` end to end: the real binary on small sites in temp folders, the HTML it
//! writes parsed with scraper (never grepped).

mod common;

use common::*;

// ---------------------------------------------------------------------------------------------
// A small site with categories, used by the page, category, overview and home page tests.

const FAMILY_SITE_YAML: &str = "\
title: Test Resources
description: Plain-language guides for people and their whānau.
language: en-NZ
banner:
  text: Try our free, self-paced course
  link: https://example.org/course
# Pages name categories this list does not have: they follow it, alphabetically.
categories_open: true
categories:
  - name: Wellbeing
    description: Everyday habits for feeling well.
  - name: For Family / Whānau
    description: Guides for parents, caregivers and whānau.
";

const NINE_STEPS_BODY: &str = "\
Evenings can be the hardest part of the day.

1. Dim the lights an hour before bed.
2. Put phones on charge outside the bedroom.
   - even the grown-ups' phones
   - yes, really
3. Share one good thing from the day.
4. Read together.
5. Keep the same bedtime on weekends.
6. Have a warm drink without caffeine.
7. Write tomorrow's worries on paper.
8. Breathe slowly for two minutes.
9. Say goodnight to everyone.

Some things to avoid:

- screens in bed
- heavy meals
";

/// A page of the fixture: (file, title, date, weight, categories).
type PageSpec = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<i64>,
    &'static [&'static str],
);

const FAMILY_PAGES: &[PageSpec] = &[
    (
        "nine-steps.md",
        "Nine steps to calmer evenings",
        Some("2024-03-09"),
        None,
        &["For Family / Whānau", "Wellbeing"],
    ),
    (
        "weighted-two.md",
        "Weighted two",
        Some("2020-01-01"),
        Some(2),
        &["For Family / Whānau"],
    ),
    (
        "weighted-one.md",
        "Weighted one",
        Some("2019-06-01"),
        Some(1),
        &["For Family / Whānau"],
    ),
    (
        "newest.md",
        "Newest news",
        Some("2025-01-15"),
        None,
        &["For Family / Whānau"],
    ),
    // Same date: ties go by title, ignoring case ("apple" before "Banana"), whatever the file names.
    (
        "z-apple.md",
        "apple tie",
        Some("2023-05-05"),
        None,
        &["For Family / Whānau"],
    ),
    (
        "a-banana.md",
        "Banana tie",
        Some("2023-05-05"),
        None,
        &["For Family / Whānau"],
    ),
    (
        "undated.md",
        "Undated note",
        None,
        None,
        &["For Family / Whānau"],
    ),
    (
        "elsewhere.md",
        "Elsewhere entirely",
        Some("2024-08-08"),
        None,
        &["Wellbeing", "Mental Health"],
    ),
    (
        "mind.md",
        "Mind matters",
        Some("2024-08-08"),
        None,
        &["Mental Health"],
    ),
    (
        "city.md",
        "Events in the city",
        Some("2022-02-02"),
        None,
        &["Ōtautahi Events"],
    ),
    (
        "parenting.md",
        "Parenting basics",
        Some("2021-01-01"),
        None,
        &["Parenting", "anxiety"],
    ),
];

fn family_site() -> Site {
    let site = Site::new();
    site.file("site.yaml", FAMILY_SITE_YAML);
    for (file, title, date, weight, categories) in FAMILY_PAGES {
        let mut front = format!("title: {title}\ndescription: About {title}.\n");
        if let Some(date) = date {
            front.push_str(&format!("date: {date}\n"));
        }
        if let Some(weight) = weight {
            front.push_str(&format!("weight: {weight}\n"));
        }
        let quoted: Vec<String> = categories.iter().map(|c| format!("\"{c}\"")).collect();
        front.push_str(&format!("categories: [{}]\n", quoted.join(", ")));
        let body = if *file == "nine-steps.md" {
            NINE_STEPS_BODY.to_string()
        } else {
            format!("About {title}.\n")
        };
        site.page(&format!("content/{file}"), &front, &body);
    }
    site.build(&[]).assert_ok();
    site
}

#[test]
fn page_shows_title_language_numbered_list_and_category_links() {
    let site = family_site();
    let html = site.html("output/nine-steps/index.html");

    assert_eq!(attrs(&html, "html", "lang"), ["en-NZ"]);
    assert_eq!(texts(&html, "h1"), ["Nine steps to calmer evenings"]);

    let lists = select(&html, ".content ol");
    assert_eq!(lists.len(), 1, "one numbered list in the body");
    let items: Vec<String> = lists[0]
        .child_elements()
        .filter(|e| e.value().name() == "li")
        .map(text)
        .collect();
    assert_eq!(items.len(), 9, "{items:#?}");
    assert!(items[0].starts_with("Dim the lights"), "{items:#?}");
    assert_eq!(items[8], "Say goodnight to everyone.");

    let categories = links(&html, "article p.categories a");
    assert_eq!(
        categories,
        [
            (
                "../categories/for-family-whanau/".to_string(),
                "For Family / Whānau".to_string()
            ),
            (
                "../categories/wellbeing/".to_string(),
                "Wellbeing".to_string()
            ),
        ]
    );
    // The links lead to the category pages, which keep the macron in their heading.
    let output = site.path("output");
    for (href, name) in categories {
        let (target, _) = resolve_link(&output, &site.path("output/nine-steps/index.html"), &href)
            .expect("category link resolves");
        assert_eq!(texts(&parse_html_file(&target), "h1"), [name]);
    }
}

#[test]
fn category_page_lists_exactly_its_pages_weighted_first_then_newest() {
    let site = family_site();
    let html = site.html("output/categories/for-family-whanau/index.html");

    assert_eq!(texts(&html, "h1"), ["For Family / Whānau"]);
    assert_eq!(
        texts(&html, "main p.lead"),
        ["Guides for parents, caregivers and whānau."]
    );

    let listed = links(&html, "main ul.page-list > li h3 a");
    let expected = [
        ("weighted-one", "Weighted one"),
        ("weighted-two", "Weighted two"),
        ("newest", "Newest news"),
        ("nine-steps", "Nine steps to calmer evenings"),
        ("z-apple", "apple tie"),
        ("a-banana", "Banana tie"),
        ("undated", "Undated note"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(slug, title)| (format!("../../{slug}/"), title.to_string()))
        .collect();
    assert_eq!(listed, expected);

    // Each entry shows its description and date.
    let first = select(&html, "main ul.page-list > li")[0];
    assert!(
        select_in(first, "p")
            .iter()
            .any(|p| text(*p) == "About Weighted one.")
    );
    let dates: Vec<&str> = select_in(first, "time")
        .iter()
        .filter_map(|t| t.value().attr("datetime"))
        .collect();
    assert_eq!(dates, ["2019-06-01"]);
}

#[test]
fn categories_overview_follows_site_yaml_then_alphabetical_with_counts() {
    let site = family_site();
    let html = site.html("output/categories/index.html");

    let mut found = Vec::new();
    for item in select(&html, "main ul.category-list > li") {
        let link = select_in(item, "h2 a");
        assert_eq!(link.len(), 1);
        let meta = select_in(item, "p.meta");
        assert_eq!(meta.len(), 1);
        let count: usize = text(meta[0])
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a count");
        found.push((
            text(link[0]),
            link[0].value().attr("href").unwrap_or_default().to_string(),
            count,
        ));
    }
    let expected = [
        ("Wellbeing", "wellbeing", 2),
        ("For Family / Whānau", "for-family-whanau", 7),
        ("anxiety", "anxiety", 1),
        ("Mental Health", "mental-health", 2),
        ("Ōtautahi Events", "otautahi-events", 1),
        ("Parenting", "parenting", 1),
    ];
    let expected: Vec<(String, String, usize)> = expected
        .iter()
        .map(|(name, slug, n)| (name.to_string(), format!("../categories/{slug}/"), *n))
        .collect();
    assert_eq!(found, expected);

    // Descriptions from site.yaml are shown with their categories.
    let wellbeing = select(&html, "main ul.category-list > li")[0];
    assert!(
        select_in(wellbeing, "p")
            .iter()
            .any(|p| text(*p) == "Everyday habits for feeling well.")
    );
}

#[test]
fn home_page_has_banner_description_categories_and_every_page_by_weight_then_title() {
    let site = family_site();
    let html = site.html("output/index.html");

    assert_eq!(attrs(&html, "html", "lang"), ["en-NZ"]);
    assert_eq!(
        links(&html, "aside.banner a"),
        [(
            "https://example.org/course".to_string(),
            "Try our free, self-paced course".to_string()
        )]
    );
    assert_eq!(
        texts(&html, "main p.lead"),
        ["Plain-language guides for people and their whānau."]
    );

    let chips: Vec<String> = attrs(&html, "main .category-chips a", "href");
    assert_eq!(
        chips,
        [
            "categories/wellbeing/",
            "categories/for-family-whanau/",
            "categories/anxiety/",
            "categories/mental-health/",
            "categories/otautahi-events/",
            "categories/parenting/",
        ]
    );

    let pages = links(&html, "main ul.page-list > li h3 a");
    // Weighted pages first (lowest first), then by title: not newest first.
    let expected = [
        ("weighted-one", "Weighted one"),
        ("weighted-two", "Weighted two"),
        ("z-apple", "apple tie"),
        ("a-banana", "Banana tie"),
        ("elsewhere", "Elsewhere entirely"),
        ("city", "Events in the city"),
        ("mind", "Mind matters"),
        ("newest", "Newest news"),
        ("nine-steps", "Nine steps to calmer evenings"),
        ("parenting", "Parenting basics"),
        ("undated", "Undated note"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(slug, title)| (format!("{slug}/"), title.to_string()))
        .collect();
    assert_eq!(pages, expected);
    assert_eq!(pages.len(), FAMILY_PAGES.len());
}

#[test]
fn home_page_and_categories_sort_numbers_by_value_and_skip_leading_quotes() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Steps\nbase_url: https://example.org/site/\ncategories_open: true\n",
    );
    for (file, title, category) in [
        ("a.md", "Step 10, ask for help", "Week 10"),
        ("b.md", "\"“Am I okay?”\"", "Week 2"),
        ("c.md", "Step 2, rest", "Week 1"),
        ("d.md", "Breathing", "Week 2"),
    ] {
        site.page(
            &format!("content/{file}"),
            &format!("title: {title}\ncategories: [{category}]"),
            "Text.\n",
        );
    }
    site.build(&[]).assert_ok();
    let html = site.html("output/index.html");
    // "Step 2" before "Step 10"; the quoted title among the A's, not before them all.
    assert_eq!(
        texts(&html, "main ul.page-list > li h3 a"),
        [
            "“Am I okay?”",
            "Breathing",
            "Step 2, rest",
            "Step 10, ask for help"
        ]
    );
    let overview = site.html("output/categories/index.html");
    assert_eq!(
        texts(&overview, "main .category-list h2 a"),
        ["Week 1", "Week 2", "Week 10"]
    );
}

// ---------------------------------------------------------------------------------------------
// Bibliography

const REFS_BIB: &str = r"@book{bowlby1973,
  author    = {Bowlby, John},
  title     = {Attachment and Loss: Volume {II}: Separation, Anxiety and Anger},
  publisher = {Hogarth Press},
  year      = {1973},
}

@book{heller2019,
  author    = {Heller, Diane Poole},
  title     = {The Power of Attachment},
  publisher = {Sounds True},
  year      = {2019},
}

@book{levine2011,
  author    = {Levine, Amir and Heller, Rachel S. F.},
  title     = {Attached},
  publisher = {TarcherPerigee},
  year      = {2011},
}

@book{ainsworth1978,
  author    = {Ainsworth, Mary D. Salter},
  title     = {Patterns of Attachment},
  publisher = {Lawrence Erlbaum},
  year      = {1978},
}
";

fn bibliography_site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Refs\nlanguage: en-NZ\nbibliography: [refs.bib]\n",
    )
    .file("refs.bib", REFS_BIB)
    .page(
        "content/secure.md",
        "title: Secure bases\ndate: 2024-02-01",
        "Children explore from a secure base [@bowlby1973].\n",
    )
    .page(
        "content/guides/adult.md",
        "title: Adult attachment\ndate: 2024-03-01\nreferences: [heller2019]",
        "Early bonds shape adult ones [@bowlby1973; @levine2011].\n",
    )
    .page(
        "content/unrelated.md",
        "title: Unrelated\ndate: 2024-04-01",
        "Nothing cited here.\n",
    );
    site
}

#[test]
fn bibliography_page_lists_cited_works_with_links_back_to_citing_pages() {
    let site = bibliography_site();
    let run = site.build(&[]);
    run.assert_ok();
    assert!(
        run.warnings()
            .iter()
            .any(|w| w.message.contains("ainsworth1978")),
        "uncited work warned about:\n{}",
        run.stderr
    );

    let path = site.path("output/bibliography/index.html");
    let html = parse_html_file(&path);
    let entries = select(&html, "main ul.bibliography > li");
    let keys: Vec<&str> = entries
        .iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(
        keys,
        ["bowlby1973", "heller2019", "levine2011"],
        "APA order, uncited work left out"
    );

    let expected_citers: &[(&str, &[&str])] = &[
        ("bowlby1973", &["Adult attachment", "Secure bases"]),
        ("heller2019", &["Adult attachment"]),
        ("levine2011", &["Adult attachment"]),
    ];
    let output = site.path("output");
    for (li, (key, citers)) in entries.iter().zip(expected_citers) {
        let author = match *key {
            "bowlby1973" => "Bowlby",
            "heller2019" => "Heller",
            _ => "Levine",
        };
        assert!(
            text(select_in(*li, ".entry")[0]).starts_with(author),
            "{}",
            text(*li)
        );
        let cited_in = links_in(*li, ".cited-in a");
        let mut names: Vec<&str> = cited_in.iter().map(|(_, name)| name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, *citers, "cited in, for {key}");
        for (href, name) in &cited_in {
            let (target, _) =
                resolve_link(&output, &path, href).unwrap_or_else(|e| panic!("{href}: {e}"));
            let page = parse_html_file(&target);
            assert_eq!(
                texts(&page, "h1"),
                [name.as_str()],
                "{href} leads to the citing page"
            );
            // ...whose own reference list holds the work.
            assert_eq!(
                select(&page, &format!("li#ref-{key}")).len(),
                1,
                "{href} lists {key}"
            );
        }
    }

    // In-text citations link to the page's own reference list.
    let secure = site.html("output/secure/index.html");
    assert_eq!(
        attrs(&secure, ".content .citation a", "href"),
        ["#ref-bowlby1973"]
    );
}

// ---------------------------------------------------------------------------------------------
// Links

fn assert_links_resolve(output: &std::path::Path) {
    let report = check_links(output);
    assert!(
        report.problems.is_empty(),
        "broken links:\n{}",
        report.problems.join("\n")
    );
    assert!(report.checked > 50, "only {} links checked", report.checked);
    assert!(report.fragments > 0, "no fragment links checked");
    let mut pages = 0;
    for file in files_under(output) {
        if file.extension().is_some_and(|e| e == "html") {
            pages += 1;
            let duplicates = duplicate_ids(&parse_html_file(&file));
            assert!(
                duplicates.is_empty(),
                "duplicate ids in {}: {duplicates:?}",
                file.display()
            );
        }
    }
    assert!(pages >= 8, "only {pages} HTML files");
}

#[test]
fn every_relative_link_in_the_sample_site_resolves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("site");
    let root = repo_root();
    let run = run_in(
        dir.path(),
        &[
            "build",
            "--root",
            &root.to_string_lossy(),
            "--output",
            &output.to_string_lossy(),
        ],
    );
    run.assert_ok();
    assert!(output.join("index.html").is_file());
    assert!(
        output
            .join("categories/for-family-whanau/index.html")
            .is_file()
    );
    assert_links_resolve(&output);
}

#[test]
fn every_relative_link_in_a_test_site_resolves() {
    let site = bibliography_site();
    // No base_url: the 404 page links from the host's root; everything else is relative.
    site.page(
        "content/guides/deep/notes.md",
        "title: Notes\ncategories: [\"For Family / Whānau\", \"Grief & Loss\"]\ndate: 2023-01-01",
        "## Part one\n\nSee [secure bases](../../secure.md) and [part](../part.md#part-one).[^a] [@bowlby1973]\n\n\
         ![logo](../../../logo.png)\n\n[^a]: A note.\n",
    )
    .page("content/guides/part.md", "title: Part\ndate: 2023-01-02", "## Part one\n\nBack to [notes](deep/notes.md#part-one).\n")
    .file("static/logo.png", TINY_PNG);
    site.build(&[]).assert_ok();
    assert_links_resolve(&site.path("output"));
}

#[test]
fn link_checker_finds_broken_links() {
    // The checker itself, on hand-written pages, so the link tests above cannot pass vacuously.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path();
    std::fs::create_dir_all(out.join("a")).expect("mkdir");
    std::fs::write(out.join("style.css"), "").expect("write");
    std::fs::write(
        out.join("a/index.html"),
        "<!DOCTYPE html><html><head><link rel=stylesheet href=\"../style.css\"></head><body>\
         <h2 id=\"here\">x</h2><a href=\"#here\">ok</a><a href=\"../\">ok</a><a href=\"https://example.org/\">skip</a>\
         <a href=\"#gone\">bad</a><a href=\"../b/\">bad</a><a href=\"../../up/\">bad</a><img src=\"x.png\"><a href=\"/a/\">bad</a>\
         <script src=\"../app.js\"></script><a href=\"./#here\">ok</a></body></html>",
    )
    .expect("write");
    std::fs::write(
        out.join("index.html"),
        "<a href=\"a/\">ok</a><a href=\"a/#nope\">bad</a>",
    )
    .expect("write");
    let report = check_links(out);
    assert_eq!(report.checked, 12, "{report:#?}");
    assert_eq!(report.problems.len(), 7, "{report:#?}");
}

#[test]
fn links_to_source_files_become_relative_urls() {
    let site = Site::new();
    site.file("site.yaml", "title: Links\n")
        .page("content/a.md", "title: A", "Intro.\n\n## Section\n\nText.\n")
        .page("content/my page.md", "title: My page", "Spaces in the name.\n")
        .page("content/custom.md", "title: Custom\nslug: elsewhere/deep", "Moved.\n")
        .page("content/b.md", "title: B", "[x](guides/sleep.md), [c](custom.md), [m](my%20page.md), [ext](https://example.org/a.md)\n")
        .page("content/guides/sleep.md", "title: Sleep", "[y](../a.md#section) and [b](../b.md) and [q](../a.md?from=sleep#section).\n");
    site.build(&[]).assert_ok();

    let b = site.html("output/b/index.html");
    assert_eq!(
        attrs(&b, ".content a", "href"),
        [
            "../guides/sleep/",
            "../elsewhere/deep/",
            "../my-page/",
            "https://example.org/a.md"
        ]
    );
    let sleep = site.html("output/guides/sleep/index.html");
    assert_eq!(
        attrs(&sleep, ".content a", "href"),
        // A query was dropped without a word; it is the reader's to send, so it is kept.
        [
            "../../a/#section",
            "../../b/",
            "../../a/?from=sleep#section"
        ]
    );

    // Each rewritten link lands on the right page, and the fragment on the heading.
    let output = site.path("output");
    let from = site.path("output/guides/sleep/index.html");
    let (target, fragment) = resolve_link(&output, &from, "../../a/#section").expect("resolves");
    let a = parse_html_file(&target);
    assert_eq!(texts(&a, "h1"), ["A"]);
    assert_eq!(fragment.as_deref(), Some("section"));
    assert_eq!(texts(&a, "h2#section"), ["Section"]);
    let (target, _) = resolve_link(
        &output,
        &site.path("output/b/index.html"),
        "../elsewhere/deep/",
    )
    .expect("resolves");
    assert_eq!(texts(&parse_html_file(&target), "h1"), ["Custom"]);
}

/// Links to a leaflet in static/, a page bundle's file or a generated page, rather than to a
/// page's `.md`: once neither checked nor rewritten, so `/files/leaflet.pdf` broke under
/// `base_url`'s path and `../files/leaflet.pdf` (relative to the page's URL) led nowhere, without
/// a word. A link from the site's root is now rewritten relative to the page; one the site will
/// not have is a warning at its line, with the file of that name when there is one.
#[test]
fn links_to_files_and_generated_pages_are_checked_and_work_under_base_urls_path() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Links\nbase_url: https://example.org/resources\ncategories_open: true\n",
    )
    .file("static/files/leaflet.pdf", "%PDF-1.4\n")
    .file("static/files/Fact sheet #3.pdf", "%PDF-1.4\n")
    .page("content/kit/index.md", "title: Kit", "[Chart](chart.txt)\n")
    .file("content/kit/chart.txt", "chart\n")
    .page(
        "content/guides/deep.md",
        "title: Deep\ncategories: [Wellbeing]",
        "Intro.\n\n[abs](/files/leaflet.pdf#page=2) [cat](/categories/wellbeing/) [kit](/kit/chart.txt) \
         [tel](tel:0800543354) [home](/) [sheet](/files/Fact%20sheet%20%233.pdf)\n\n[rel](../files/leaflet.pdf) [away](../nowhere/leaflet.pdf) [gone](/files/old.pdf) [up](../../../x) [nocat](/categories/nope/) [enc](%2Ffiles%2Fleaflet.pdf)\n",
    );
    let run = site.build(&[]);
    run.assert_ok();
    let deep = site.html("output/guides/deep/index.html");
    assert_eq!(
        attrs(&deep, ".content a", "href"),
        [
            "../../files/leaflet.pdf#page=2",
            "../../categories/wellbeing/",
            "../../kit/chart.txt",
            "tel:0800543354",
            "../../",
            "../../files/Fact%20sheet%20%233.pdf",
            // Read from the Markdown file first, as an image is: `content/` and `static/` are
            // one tree, so from `content/guides/deep.md` this is `static/files/leaflet.pdf`.
            "../../files/leaflet.pdf",
            "../nowhere/leaflet.pdf",
            "/files/old.pdf",
            "../../../x",
            "/categories/nope/",
            "%2Ffiles%2Fleaflet.pdf",
        ]
    );
    // Every rewritten link lands on its file.
    let from = site.path("output/guides/deep/index.html");
    for href in [
        "../../files/leaflet.pdf",
        "../../kit/chart.txt",
        "../../categories/wellbeing/",
        "../../files/Fact%20sheet%20%233.pdf",
    ] {
        assert!(
            resolve_link(&site.path("output"), &from, href).is_ok(),
            "{href}"
        );
    }
    let warnings: Vec<(usize, String, Option<String>)> = run
        .warnings()
        .into_iter()
        .filter(|w| w.file == "content/guides/deep.md")
        .map(|w| (w.line, w.message, w.hint))
        .collect();
    assert_eq!(warnings.len(), 5, "{warnings:#?}");
    // From the page's URL it would lead nowhere: a link from a folder holding no page.
    assert!(warnings[0].1.contains("`../nowhere/leaflet.pdf`, but the site will have no file or page at `/guides/nowhere/leaflet.pdf`"), "{warnings:#?}");
    assert_eq!(warnings[0].0, 9);
    assert!(
        warnings[0]
            .2
            .as_deref()
            .is_some_and(|h| h.starts_with("did you mean `/files/leaflet.pdf`?")),
        "{warnings:#?}"
    );
    assert!(warnings[1].1.contains("`/files/old.pdf`"), "{warnings:#?}");
    assert!(
        warnings[2].1.contains("leads above the site's root"),
        "{warnings:#?}"
    );
    // Under categories/, only the categories that get a page.
    assert!(
        warnings[3].1.contains("`/categories/nope/`"),
        "{warnings:#?}"
    );
    // `%2F` is part of a name, as browsers read it: a file in the page's folder.
    assert!(
        warnings[4]
            .1
            .contains("no file or page at `/guides/deep/files/leaflet.pdf`"),
        "{warnings:#?}"
    );
    // The bundle page's relative link to its own file is fine as written.
    let kit = site.html("output/kit/index.html");
    assert_eq!(attrs(&kit, ".content a", "href"), ["chart.txt"]);
}

#[test]
fn link_to_a_missing_page_is_an_error_naming_file_and_line() {
    let run = rejected(|site| {
        site.file(
            "content/b.md",
            "---\ntitle: B\n---\n\nIntro.\n\nSee [gone](guides/missing.md) today.\n",
        );
    });
    let error = run.error_at("content/b.md", 7);
    assert_eq!(error.column, 5);
    assert!(error.message.contains("guides/missing.md"), "{error:?}");
}

#[test]
fn a_broken_links_hint_is_a_path_from_the_linking_page() {
    // The hint gave paths from content/ ("did you mean `guides/b.md`?" in guides/a.md, which
    // leads to guides/guides/b.md) and could suggest the page itself.
    let site = Site::new();
    site.file("site.yaml", "title: T\n")
        .page(
            "content/guides/a.md",
            "title: A",
            "[x](c.md) [y](../Guides/b.md) [z](../abot.md)\n",
        )
        .page("content/guides/b.md", "title: B", "Text.\n")
        .page("content/about.md", "title: About", "Text.\n");
    let run = site.build(&[]);
    run.assert_code(1);
    let hints: Vec<Option<String>> = run.errors().into_iter().map(|e| e.hint).collect();
    assert_eq!(
        hints,
        [
            Some(
                "did you mean `b.md` (content/guides/b.md)? Paths are relative to this page"
                    .to_string()
            ),
            Some(
                "did you mean `b.md` (content/guides/b.md)? Paths are relative to this page"
                    .to_string()
            ),
            Some(
                "did you mean `../about.md` (content/about.md)? Paths are relative to this page"
                    .to_string()
            ),
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_beside_a_page_that_is_not_a_bundle_gets_a_hint_to_make_it_one() {
    // `[leaflet](leaflet.pdf)` in content/sleep.md, the PDF beside it: only a bundle's files
    // are published, and the hint spoke of pages and static/ only.
    let site = Site::new();
    site.file("site.yaml", "title: T\n")
        .page(
            "content/guides/sleep.md",
            "title: Sleep",
            "Get the [leaflet](leaflet.pdf) or [the page](other).\n",
        )
        // A page whose name only ends like a bundle's `index.md` is no bundle either.
        .page(
            "content/reindex.md",
            "title: Reindex",
            "[Chart](chart.pdf)\n",
        )
        .file("content/guides/leaflet.pdf", "%PDF-1.4\n");
    let run = site.build(&[]);
    run.assert_ok();
    let hints: Vec<Option<String>> = run
        .warnings()
        .into_iter()
        .filter(|w| w.file == "content/guides/sleep.md")
        .map(|w| w.hint)
        .collect();
    assert_eq!(hints.len(), 2, "{}", run.stderr);
    assert_eq!(
        hints[0].as_deref(),
        Some(
            "a file beside a page is published only when the page is a bundle: move the page to content/guides/sleep/index.md with `leaflet.pdf` beside it, or put the file under static/ (static/files/leaflet.pdf) and write `/files/leaflet.pdf`"
        )
    );
    let reindex: Vec<Option<String>> = run
        .warnings()
        .into_iter()
        .filter(|w| w.file == "content/reindex.md")
        .map(|w| w.hint)
        .collect();
    assert_eq!(
        reindex,
        [Some("a file beside a page is published only when the page is a bundle: move the page to content/reindex/index.md with `chart.pdf` beside it, or put the file under static/ (static/files/chart.pdf) and write `/files/chart.pdf`".to_string())]
    );
    // A link without an extension is likely a page: the general hint.
    assert!(
        hints[1]
            .as_deref()
            .is_some_and(|h| h.starts_with("link to a page by its file")),
        "{hints:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input: each is reported at its file and line, exit 1, and the output is left alone.

fn good_site() -> Site {
    let site = Site::new();
    site.file("site.yaml", "title: Good\nlanguage: en-NZ\n")
        .page(
            "content/a.md",
            "title: A\ndate: 2024-01-01\ncategories: [Wellbeing]",
            "# A\n\nText.\n",
        )
        .page(
            "content/b.md",
            "title: B\ndate: 2024-01-02",
            "Text with a [link](a.md).\n",
        )
        .page("content/guides/c.md", "title: C", "Guide.\n");
    site
}

/// Builds [`good_site`], breaks it with `break_site`, and checks the second build fails with
/// exit code `code` and changes nothing in the output folder.
fn rejected_with(code: i32, break_site: impl FnOnce(&Site)) -> Run {
    let site = good_site();
    site.build(&[]).assert_ok();
    assert!(site.exists("output/a/index.html"));
    let before = site.snapshot("output");
    break_site(&site);
    let run = site.build(&[]);
    run.assert_code(code);
    assert!(!run.stdout.contains("Built"), "{}", run.stdout);
    assert!(
        site.snapshot("output") == before,
        "the output folder changed after a failed build:\n{}",
        run.stderr
    );
    assert_eq!(
        site.hidden_entries(),
        Vec::<String>::new(),
        "a staging folder was left behind"
    );
    run
}

fn rejected(break_site: impl FnOnce(&Site)) -> Run {
    rejected_with(1, break_site)
}

#[test]
fn bad_input_invalid_yaml() {
    let run = rejected(|site| {
        site.file("content/a.md", "---\ntitle: A\n  bad: x\n---\nbody\n");
    });
    let error = run.error_at("content/a.md", 3);
    assert!(error.message.contains("not valid YAML"), "{error:?}");
}

#[test]
fn bad_input_front_matter_never_closed() {
    let run = rejected(|site| {
        site.file("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n\n# A\n");
    });
    let error = run.error_at("content/a.md", 1);
    assert!(error.message.contains("never closed"), "{error:?}");
}

#[test]
fn bad_input_missing_title() {
    let run = rejected(|site| {
        site.file("content/b.md", "---\ndate: 2024-01-02\n---\nbody\n");
    });
    let error = run.error_at("content/b.md", 3);
    assert!(error.message.contains("no `title`"), "{error:?}");
}

#[test]
fn bad_input_categories_of_the_wrong_type() {
    let run = rejected(|site| {
        site.file("content/a.md", "---\ntitle: A\ncategories: 5\n---\nbody\n");
    });
    let error = run.error_at("content/a.md", 3);
    assert!(error.message.contains("categories"), "{error:?}");
}

#[test]
fn bad_input_impossible_date() {
    let run = rejected(|site| {
        site.file(
            "content/guides/c.md",
            "---\ntitle: C\ndescription: x\ndate: 2025-02-30\n---\nbody\n",
        );
    });
    let error = run.error_at("content/guides/c.md", 4);
    assert!(error.message.contains("2025-02-30"), "{error:?}");
}

#[test]
fn bad_input_unknown_front_matter_key_suggests_the_right_one() {
    let run = rejected(|site| {
        site.file(
            "content/a.md",
            "---\ntitle: A\ncatgories: [Wellbeing]\n---\nbody\n",
        );
    });
    let error = run.error_at("content/a.md", 3);
    assert!(error.message.contains("catgories"), "{error:?}");
    assert_eq!(error.hint.as_deref(), Some("did you mean `categories`?"));
}

#[test]
fn bad_input_unknown_site_yaml_key() {
    let run = rejected(|site| {
        site.file("site.yaml", "title: Good\nlangauge: en-NZ\n");
    });
    let error = run.error_at("site.yaml", 2);
    assert!(error.message.contains("langauge"), "{error:?}");
    assert_eq!(error.hint.as_deref(), Some("did you mean `language`?"));
}

#[test]
fn bad_input_two_pages_with_one_url_names_both_files() {
    let run = rejected(|site| {
        site.file("content/guides/c.md", "---\ntitle: C\nslug: b\n---\nbody\n");
    });
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    // The later page (by path) is the location, at its `slug:`; the other is named.
    let error = run.error_at("content/guides/c.md", 3);
    assert!(error.message.contains("content/b.md"), "{error:?}");
    assert!(error.message.contains("`b/`"), "names the URL: {error:?}");
}

#[test]
fn bad_input_file_not_utf8() {
    let run = rejected(|site| {
        site.file("content/guides/c.md", b"---\ntitle: Caf\xe9\n---\nbody\n");
    });
    let error = run.error_at("content/guides/c.md", 2);
    assert_eq!(error.column, 11);
    assert!(error.message.contains("UTF-8"), "{error:?}");
}

#[test]
fn bad_input_theme_that_does_not_exist() {
    let run = rejected(|site| {
        site.file("site.yaml", "title: Good\nlanguage: en-NZ\ntheme: nope\n");
    });
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    let error = run.error_at("site.yaml", 3);
    assert!(error.message.contains("nope"), "{error:?}");
}

#[test]
fn bad_input_theme_missing_a_template() {
    let run = rejected(|site| {
        copy_dir(
            &repo_root().join("themes/default"),
            &site.path("themes/broken"),
        );
        site.remove("themes/broken/templates/category.html")
            .file("site.yaml", "title: Good\nlanguage: en-NZ\ntheme: broken\n");
    });
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert_eq!(errors[0].file, "themes/broken/templates");
    assert!(
        errors[0].message.contains("category.html"),
        "{:?}",
        errors[0]
    );
}

#[test]
fn bad_input_template_including_a_template_that_does_not_exist() {
    let run = rejected(|site| {
        site.file(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>x</h1>\n{% include \"nope.html\" %}\n{% endblock main %}\n",
        );
    });
    let error = run.error_at("templates/page.html", 4);
    assert!(error.message.contains("nope.html"), "{error:?}");
}

#[test]
fn bad_input_template_syntax_error_names_template_and_line() {
    let run = rejected(|site| {
        site.file(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title </h1>\n{% endblock main %}\n",
        );
    });
    let error = run.error_at("templates/page.html", 3);
    assert!(error.message.contains("page.html"), "{error:?}");
}

#[test]
fn bad_input_template_with_undefined_variable() {
    let run = rejected(|site| {
        site.file(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n<p>{{ nope }}</p>\n{% endblock main %}\n",
        );
    });
    let error = run.error_at("templates/page.html", 4);
    assert!(error.message.contains("nope"), "{error:?}");
}

#[test]
fn bad_input_errors_in_several_files_are_all_reported_in_one_run() {
    let run = rejected(|site| {
        site.file("content/a.md", "---\ntitle: A\ndate: 2024-02-30\n---\nbody\n")
            .file("content/b.md", "---\ntitle: B\ntitel: x\n---\nbody\n")
            .file("content/guides/c.md", b"---\ntitle: \xff\n---\n")
            .file("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title </h1>\n{% endblock main %}\n");
    });
    run.error_at("content/a.md", 3);
    run.error_at("content/b.md", 3);
    run.error_at("content/guides/c.md", 2);
    run.error_at("templates/page.html", 3);
    assert_eq!(run.errors().len(), 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("Build failed with 4 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_input_site_yaml_error_does_not_hide_page_errors() {
    let run = rejected(|site| {
        site.file("site.yaml", "title: Good\nlangauge: en-NZ\n")
            .file(
                "content/a.md",
                "---\ntitle: A\ndate: 2024-02-30\n---\nbody\n",
            );
    });
    run.error_at("site.yaml", 2);
    run.error_at("content/a.md", 3);
}

#[test]
fn bad_input_site_yaml_not_utf8_names_the_line() {
    let run = rejected(|site| {
        site.file("site.yaml", b"title: Good\ndescription: caf\xe9\n");
    });
    let error = run.error_at("site.yaml", 2);
    assert_eq!(error.column, 17);
}

#[test]
fn bad_input_one_category_spelled_two_ways_names_both_pages() {
    let run = rejected(|site| {
        site.file(
            "content/b.md",
            "---\ntitle: B\ndate: 2024-01-02\ncategories: [wellbeing]\n---\nbody\n",
        );
    });
    let error = run.error_at("content/b.md", 4);
    assert!(
        error.message.contains("`wellbeing`") && error.message.contains("`Wellbeing`"),
        "{error:?}"
    );
    assert!(
        error.message.contains("content/a.md"),
        "names the other page: {error:?}"
    );
}

#[test]
fn an_output_folder_attach_gen_did_not_make_is_left_alone() {
    let site = good_site();
    site.file("mine/notes.txt", "precious\n");
    let mine = site.path("mine").to_string_lossy().into_owned();
    let run = site.build(&["--output", &mine]);
    run.assert_code(1);
    assert!(
        run.errors().iter().any(|e| e.message.contains("not empty")),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.path("mine/notes.txt")).expect("kept"),
        "precious\n"
    );
    assert!(!site.exists("mine/index.html"));
}

#[test]
fn no_site_yaml_is_a_clear_usage_error() {
    let run = rejected_with(2, |site| {
        site.remove("site.yaml");
    });
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("holds no site.yaml"),
        "{:?}",
        errors[0]
    );
}

#[test]
fn bad_input_slug_taking_a_generated_file_is_reported_at_the_slug() {
    for slug in ["index.html", "404.html", "style.css"] {
        let run = rejected(|site| {
            site.file(
                "content/guides/c.md",
                format!("---\ntitle: C\nslug: {slug}\n---\nbody\n"),
            );
        });
        run.error_at("content/guides/c.md", 3);
    }
}

// ---------------------------------------------------------------------------------------------
// Command line

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = good_site();
    site.page(
        "content/draft.md",
        "title: Work in progress\ndate: 2024-05-05\ndraft: true",
        "Not yet.\n",
    );

    site.build(&[]).assert_ok();
    assert!(!site.exists("output/draft/index.html"));
    let home = site.html("output/index.html");
    assert!(!texts(&home, "main ul.page-list h3 a").contains(&"Work in progress".to_string()));

    site.build(&["--drafts"]).assert_ok();
    assert_eq!(
        texts(&site.html("output/draft/index.html"), "h1"),
        ["Work in progress"]
    );
    let home = site.html("output/index.html");
    assert!(texts(&home, "main ul.page-list h3 a").contains(&"Work in progress".to_string()));
}

/// A draft built with `--drafts` is a preview: shown where a reader browses, but not
/// announced (feeds, sitemap) or offered to search engines and the site's search, so that a
/// preview deployed by mistake does not publish it to anyone who is not browsing it.
#[test]
fn drafts_built_for_a_preview_are_not_announced_or_indexed() {
    let site = good_site();
    site.page(
        "content/draft.md",
        "title: Work in progress\ndate: 2025-05-05\ncategories: [Wellbeing]\ndraft: true",
        "Not yet.\n",
    );
    site.build(&["--drafts"]).assert_ok();
    let robots = |rel: &str| attrs(&site.html(rel), "meta[name=robots]", "content");
    assert_eq!(robots("output/draft/index.html"), ["noindex"]);
    assert!(robots("output/a/index.html").is_empty());
    // Shown where a reader browses: the home page and its category.
    let home = site.html("output/index.html");
    assert!(texts(&home, "main ul.page-list h3 a").contains(&"Work in progress".to_string()));
    // Marked as a draft where it is listed, and only it: the home page and its category.
    for listing in [
        "output/index.html",
        "output/categories/wellbeing/index.html",
    ] {
        let html = site.html(listing);
        let marked: Vec<String> = select(&html, "main ul.page-list li.summary")
            .into_iter()
            .filter(|item| item.select(&selector(".draft-badge")).next().is_some())
            .flat_map(|item| {
                item.select(&selector("h3 a"))
                    .map(|a| a.text().collect::<String>())
                    .collect::<Vec<String>>()
            })
            .collect();
        assert_eq!(marked, ["Work in progress"], "{listing}");
        assert_eq!(texts(&html, ".draft-badge"), ["Draft"], "{listing}");
    }
    // Not in any feed, the sitemap (nor its home's `lastmod`, the draft being the newest) or
    // the search index.
    for feed in ["output/atom.xml", "output/categories/wellbeing/atom.xml"] {
        let links = attrs(&site.html(feed), "entry link", "href");
        assert!(!links.is_empty(), "{feed}: {links:?}");
        assert!(
            links.iter().all(|l| !l.contains("draft")),
            "{feed}: {links:?}"
        );
    }
    let sitemap = site.html("output/sitemap.xml");
    assert!(texts(&sitemap, "loc").iter().all(|l| !l.contains("draft")));
    assert_eq!(texts(&sitemap, "url:first-child lastmod"), ["2024-01-02"]);
    let script = std::fs::read_to_string(site.path("output/search-index.js")).unwrap_or_default();
    let json = script
        .trim()
        .strip_prefix("window.ATTACH_GEN_SEARCH = ")
        .and_then(|s| s.strip_suffix(';'))
        .unwrap_or_default();
    let index: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let urls: Vec<&str> = index["pages"]
        .as_array()
        .map(|pages| pages.iter().filter_map(|p| p["u"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(urls.len(), 3, "{urls:?}");
    assert!(!urls.contains(&"draft/"), "{urls:?}");
}

#[test]
fn base_url_flag_is_accepted_and_only_used_where_absolute_urls_are_needed() {
    let site = good_site();
    site.build(&["--base-url", "https://example.org/sub/"])
        .assert_ok();
    // The 404 page's links lead to the published site; its styles are inside it.
    let not_found = site.html("output/404.html");
    assert!(select(&not_found, "link[rel=stylesheet]").is_empty());
    assert_eq!(select(&not_found, "head style").len(), 1);
    assert!(
        attrs(&not_found, "main a", "href")
            .iter()
            .all(|href| href.starts_with("https://example.org/sub/"))
    );
    let page = site.html("output/a/index.html");
    assert_eq!(
        attrs(&page, "link[rel=stylesheet]", "href"),
        ["../style.css"]
    );
}

#[test]
fn base_url_flag_must_be_absolute() {
    let site = good_site();
    site.build(&[]).assert_ok();
    let before = site.snapshot("output");
    let run = site.build(&["--base-url", "example.org"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.message.contains("--base-url")),
        "{}",
        run.stderr
    );
    assert!(
        site.snapshot("output") == before,
        "the output folder changed"
    );
}

#[test]
fn base_url_flag_that_is_not_absolute_is_a_usage_error() {
    let site = good_site();
    site.build(&["--base-url", "example.org"]).assert_code(2);
}

#[test]
fn version_and_help_exit_zero() {
    let version = run(&["--version"]);
    version.assert_ok();
    assert_eq!(
        version.stdout.trim(),
        format!("attach-gen {}", env!("CARGO_PKG_VERSION"))
    );

    let help = run(&["--help"]);
    help.assert_ok();
    assert!(help.stdout.contains("build"), "{}", help.stdout);

    let build_help = run(&["build", "--help"]);
    build_help.assert_ok();
    for flag in ["--root", "--output", "--base-url", "--drafts", "--quiet"] {
        assert!(
            build_help.stdout.contains(flag),
            "{flag} in:\n{}",
            build_help.stdout
        );
    }
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = good_site();
    let run = site.build(&["--bogus"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--bogus"), "{}", run.stderr);
    assert!(!site.exists("output"), "nothing built");
    run_in(site.root(), &["frobnicate"]).assert_code(2);
}

#[test]
fn quiet_prints_nothing_on_success() {
    let site = good_site();
    let run = site.build(&["--quiet"]);
    run.assert_ok();
    assert_eq!(run.stdout, "");
    let run = site.build(&[]);
    assert!(
        run.stdout.contains("3 pages"),
        "summary line: {}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// Encodings and line endings

#[test]
fn utf8_bom_and_crlf_line_endings_are_accepted() {
    let site = Site::new();
    site.file("site.yaml", "\u{feff}title: Windows site\r\nlanguage: en-NZ\r\ncategories:\r\n  - name: Wellbeing\r\n    description: Feeling well.\r\n")
        .file(
            "content/a.md",
            "\u{feff}---\r\ntitle: Saved on Windows\r\ncategories: [Wellbeing]\r\ndate: 2024-02-29\r\n---\r\n\r\n## First part\r\n\r\n1. one\r\n2. two\r\n",
        );
    site.build(&[]).assert_ok();
    let html = site.html("output/a/index.html");
    assert_eq!(texts(&html, "h1"), ["Saved on Windows"]);
    assert_eq!(attrs(&html, "html", "lang"), ["en-NZ"]);
    assert_eq!(attrs(&html, ".content h2", "id"), ["first-part"]);
    assert_eq!(texts(&html, ".content ol > li"), ["one", "two"]);
    assert_eq!(attrs(&html, "time", "datetime"), ["2024-02-29"]);
    let category = site.html("output/categories/wellbeing/index.html");
    assert_eq!(texts(&category, "main p.lead"), ["Feeling well."]);
}

#[test]
fn crlf_errors_point_at_the_right_line() {
    let run = rejected(|site| {
        site.file(
            "content/b.md",
            "\u{feff}---\r\ntitle: B\r\n---\r\n\r\nIntro.\r\n\r\nSee [gone](missing.md).\r\n",
        );
    });
    let error = run.error_at("content/b.md", 7);
    assert_eq!(error.column, 5);
}

// ---------------------------------------------------------------------------------------------
// Markdown

const MARKDOWN_BODY: &str = "\
## Whānau & Family

Text.[^note-one] More.[^note-one] And another.[^2]

## Whānau & Family

### Custom {#my-id}

## References

<div class=\"callout\">Raw <strong>HTML</strong></div>

| A | B |
|---|---|
| 1 | 2 |

~~old~~ new

- [x] done
- [ ] to do

[^note-one]: The first note.
[^2]: The second note.
";

fn markdown_site(site_yaml: &str) -> Site {
    let site = Site::new();
    site.file("site.yaml", site_yaml)
        .page("content/md.md", "title: Markdown", MARKDOWN_BODY);
    site.build(&[]).assert_ok();
    site
}

#[test]
fn markdown_headings_get_stable_unique_ids() {
    let site = markdown_site("title: M\n");
    let html = site.html("output/md/index.html");
    // `references` is taken by the theme's reference list, so the heading gets the next one.
    assert_eq!(
        attrs(&html, ".content > h2", "id"),
        ["whanau-family", "whanau-family-2", "references-2"]
    );
    assert_eq!(
        texts(&html, ".content > h2"),
        ["Whānau & Family", "Whānau & Family", "References"]
    );
    assert_eq!(texts(&html, "h3#my-id"), ["Custom"]);
}

#[test]
fn markdown_footnotes_are_accessible_with_label_ids_and_back_links() {
    let site = markdown_site("title: M\n");
    let html = site.html("output/md/index.html");
    let notes = one(&html, "section[role=\"doc-endnotes\"]");
    let items: Vec<&str> = select_in(notes, "li")
        .iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(items, ["fn-note-one", "fn-2"]);

    let refs = select(&html, "a[role=\"doc-noteref\"]");
    let targets: Vec<&str> = refs.iter().filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(targets, ["#fn-note-one", "#fn-note-one", "#fn-2"]);
    let ref_ids: Vec<&str> = refs.iter().filter_map(|a| a.value().attr("id")).collect();
    assert_eq!(ref_ids, ["fnref-note-one", "fnref-note-one--2", "fnref-2"]);

    // One back-link per reference, each to an id on the page.
    let back = attrs(&html, "li#fn-note-one a[role=\"doc-backlink\"]", "href");
    assert_eq!(back, ["#fnref-note-one", "#fnref-note-one--2"]);
    assert_eq!(
        attrs(&html, "li#fn-2 a[role=\"doc-backlink\"]", "href"),
        ["#fnref-2"]
    );
    let page_ids = ids(&html);
    for href in attrs(
        &html,
        "a[role=\"doc-backlink\"], a[role=\"doc-noteref\"]",
        "href",
    ) {
        assert!(
            page_ids.contains(href.trim_start_matches('#')),
            "{href} has no target"
        );
    }
    assert!(texts(&html, "li#fn-note-one")[0].starts_with("The first note."));
}

#[test]
fn markdown_footnote_labels_that_slugify_alike_get_distinct_ids() {
    let site = Site::new();
    site.file("site.yaml", "title: M\n").page(
        "content/md.md",
        "title: Notes",
        "One.[^Note_One] Two.[^note-one]\n\n[^Note_One]: First.\n[^note-one]: Second.\n",
    );
    site.build(&[]).assert_ok();
    let html = site.html("output/md/index.html");
    assert_eq!(duplicate_ids(&html), Vec::<String>::new());
}

#[test]
fn a_second_reference_never_takes_the_id_of_another_notes_first() {
    // `x` referred to twice beside a note labelled `x-2`; `Ünï` twice beside `uni`: the second
    // reference to one once took the id of the first reference to the other.
    let site = Site::new();
    site.file("site.yaml", "title: M\n").page(
        "content/md.md",
        "title: Notes",
        "One[^x] two[^x] three[^x-2]. A[^Ünï] b[^uni] c[^ÜNÏ].\n\n[^x]: X.\n[^x-2]: X two.\n[^Ünï]: U.\n[^uni]: Plain.\n",
    );
    site.build(&[]).assert_ok();
    let html = site.html("output/md/index.html");
    assert_eq!(duplicate_ids(&html), Vec::<String>::new());
    // Every back-link leads to a reference to its own note.
    for note in select(&html, "section[role=\"doc-endnotes\"] li") {
        let note_id = note.value().attr("id").unwrap_or_default();
        for link in select_in(note, "a[role=\"doc-backlink\"]") {
            let back = link.value().attr("href").unwrap_or_default();
            let reference = one(
                &html,
                &format!("a[id=\"{}\"]", back.trim_start_matches('#')),
            );
            assert_eq!(
                reference.value().attr("href"),
                Some(format!("#{note_id}").as_str()),
                "{back}"
            );
        }
    }
    assert_eq!(select(&html, "a[role=\"doc-noteref\"]").len(), 6);
}

#[test]
fn markdown_raw_html_passes_through_by_default() {
    let site = markdown_site("title: M\n");
    let html = site.html("output/md/index.html");
    assert_eq!(texts(&html, ".content div.callout strong"), ["HTML"]);
}

#[test]
fn markdown_raw_html_is_escaped_when_disabled() {
    let site = markdown_site("title: M\nmarkdown: {raw_html: false}\n");
    let html = site.html("output/md/index.html");
    assert!(select(&html, "div.callout").is_empty());
    assert!(select(&html, ".content strong").is_empty());
    let content = text(one(&html, ".content"));
    assert!(
        content.contains("<div class=\"callout\">Raw <strong>HTML</strong></div>"),
        "shown as text: {content}"
    );
}

#[test]
fn markdown_tables_strikethrough_and_task_lists_render() {
    let site = markdown_site("title: M\n");
    let html = site.html("output/md/index.html");
    assert_eq!(texts(&html, ".content table th"), ["A", "B"]);
    assert_eq!(texts(&html, ".content table td"), ["1", "2"]);
    assert_eq!(texts(&html, ".content del"), ["old"]);
    let boxes = select(&html, ".content li input[type=checkbox]");
    assert_eq!(boxes.len(), 2);
    assert!(boxes.iter().all(|b| b.value().attr("disabled").is_some()));
    let checked: Vec<bool> = boxes
        .iter()
        .map(|b| b.value().attr("checked").is_some())
        .collect();
    assert_eq!(checked, [true, false]);
}

// ---------------------------------------------------------------------------------------------
// Themes

#[test]
fn site_templates_override_the_themes_and_site_static_files_are_copied() {
    let site = good_site();
    site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1 class=\"custom\">{{ page.title }}</h1>\n{{ page.content | safe }}{% endblock main %}\n",
    )
    .file("static/extra.css", "body { color: rebeccapurple; }\n")
    .file("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    site.build(&[]).assert_ok();

    let page = site.html("output/a/index.html");
    assert_eq!(texts(&page, "h1.custom"), ["A"]);
    assert!(
        select(&page, "article").is_empty(),
        "the theme's page.html is not used"
    );
    // Other templates still come from the theme.
    let home = site.html("output/index.html");
    assert_eq!(select(&home, "main ul.page-list > li").len(), 3);

    assert_eq!(
        std::fs::read_to_string(site.path("output/extra.css")).expect("extra.css"),
        "body { color: rebeccapurple; }\n"
    );
    assert!(site.exists("output/img/logo.svg"));
    assert_eq!(
        std::fs::read(site.path("output/style.css")).expect("theme stylesheet"),
        std::fs::read(repo_root().join("themes/default/static/style.css"))
            .expect("repo stylesheet")
    );
}

#[test]
fn site_static_files_replace_the_themes() {
    let site = good_site();
    site.file("static/style.css", "/* mine */\n");
    site.build(&[]).assert_ok();
    assert_eq!(
        std::fs::read_to_string(site.path("output/style.css")).expect("style.css"),
        "/* mine */\n"
    );
}

#[test]
fn theme_setting_picks_another_theme_folder() {
    let site = good_site();
    copy_dir(
        &repo_root().join("themes/default"),
        &site.path("themes/plain"),
    );
    site.file(
        "themes/plain/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1 class=\"plain\">{{ page.title }}</h1>{% endblock main %}\n",
    )
    .file("site.yaml", "title: Good\nlanguage: en-NZ\ntheme: plain\n");
    site.build(&[]).assert_ok();
    assert_eq!(texts(&site.html("output/a/index.html"), "h1.plain"), ["A"]);
}

// ---------------------------------------------------------------------------------------------
// Odds and ends

#[test]
fn hidden_files_and_folders_are_skipped() {
    let site = good_site();
    site.file("content/.secret.md", "not even front matter")
        .file("content/.git/notes.md", "not even front matter")
        .file("content/notes.txt", "not Markdown");
    site.build(&[]).assert_ok();
    assert_eq!(
        texts(&site.html("output/index.html"), "main ul.page-list h3 a").len(),
        3
    );
}

#[test]
fn not_found_page_marks_no_nav_link_as_current() {
    let site = good_site();
    site.build(&[]).assert_ok();
    let html = site.html("output/404.html");
    assert_eq!(texts(&html, "h1"), ["Page not found"]);
    assert!(
        select(&html, "[aria-current]").is_empty(),
        "{:?}",
        texts(&html, "[aria-current]")
    );
}

#[test]
fn a_rebuild_swaps_the_folder_but_keeps_unchanged_files_as_they_were() {
    // The "output untouched" checks above compare snapshots (bytes and times). A rebuild with
    // the same content keeps both (deploys upload nothing, see tests/deploy.rs), so what shows
    // that a build did replace the output is the folder itself: a new one, swapped in.
    let site = good_site();
    site.build(&[]).assert_ok();
    let before = site.snapshot("output");
    let folder = folder_id(&site.path("output"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build(&[]).assert_ok();
    assert_eq!(site.snapshot("output"), before);
    assert_ne!(folder_id(&site.path("output")), folder);
}

#[cfg(unix)]
fn folder_id(path: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("output exists").ino()
}

#[cfg(not(unix))]
fn folder_id(path: &std::path::Path) -> std::time::SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.created())
        .expect("output exists")
}

#[test]
fn a_table_in_a_footnote_scrolls_in_a_named_wrapper_with_a_tab_stop() {
    // It had none: the theme let it scroll, but the keyboard could not reach what it hid
    // (axe's scrollable-region-focusable).
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.org\n")
        .page(
            "content/doses.md",
            "title: Doses",
            "See the note[^1].\n\n[^1]: By age:\n\n    | Age | Dose |\n    |---|---|\n    | 5–11 | 0.25 mg |\n",
        );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/doses/index.html");
    let wrapped = ".footnotes li div.table-scroll[tabindex='0'][role=region] > table";
    assert_eq!(select(&html, wrapped).len(), 1);
    assert_eq!(
        attrs(&html, ".footnotes div.table-scroll", "aria-label"),
        ["Age, Dose"]
    );
    assert_eq!(texts(&html, ".footnotes td"), ["5–11", "0.25 mg"]);
    assert!(select(&html, ".content > div.table-scroll").is_empty());
}

#[test]
fn tables_with_the_same_header_row_get_regions_of_different_names() {
    // Both were "Age, Dose": two landmarks of one name cannot be told apart in a screen
    // reader's list of landmarks (axe's landmark-unique). A footnote's table counts too.
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.org\n")
        .page(
            "content/doses.md",
            "title: Doses",
            "| Age | Dose |\n|---|---|\n| 5–11 | 0.25 mg |\n\nAdults[^1]:\n\n| Age | Dose |\n|---|---|\n| 18+ | 1 mg |\n\n| Age | Dose |\n|---|---|\n| 65+ | 0.5 mg |\n\n[^1]: Also:\n\n    | Age | Dose |\n    |---|---|\n    | 12–17 | 0.5 mg |\n",
        );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/doses/index.html");
    assert_eq!(
        attrs(&html, "div.table-scroll[role=region]", "aria-label"),
        [
            "Age, Dose",
            "Age, Dose (Table 2)",
            "Age, Dose (Table 3)",
            "Age, Dose (Table 4)"
        ]
    );
}

#[test]
fn tables_and_code_blocks_that_scroll_are_reached_by_the_keyboard() {
    // A wide table or a long code line scrolls sideways; the part it hides must be reachable
    // without a mouse (WCAG 2.1.1, axe's scrollable-region-focusable). Tables were
    // `display: block` with no tab stop, code blocks plain `<pre>`.
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: T\nlanguage: en-NZ\nbase_url: https://example.org\n",
    )
    .page(
        "content/help.md",
        "title: Help lines",
        "| Service | Phone `tel` |\n|---|---|\n| Lifeline | 0800 543 354 |\n\n| | |\n|---|---|\n| a | b |\n\n```sh\necho \"<hi>\"\n```\n\n    indented\n",
    );
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/help/index.html");
    let wrappers = select(&html, ".content > div.table-scroll");
    assert_eq!(wrappers.len(), 2);
    assert_eq!(
        attrs(&html, ".content > div.table-scroll", "tabindex"),
        ["0", "0"]
    );
    // Named by its header row, or by its first row when the header row is empty (`| | |`):
    // a region needs a name.
    assert_eq!(
        attrs(
            &html,
            ".content > div.table-scroll[role=region]",
            "aria-label"
        ),
        ["Service, Phone tel", "a, b"]
    );
    assert_eq!(select(&html, ".content div.table-scroll > table").len(), 2);
    assert_eq!(
        texts(&html, ".content div.table-scroll td"),
        ["Lifeline", "0800 543 354", "a", "b"]
    );
    assert_eq!(attrs(&html, ".content pre", "tabindex"), ["0", "0"]);
    assert_eq!(
        attrs(&html, ".content pre > code", "class"),
        ["language-sh"]
    );
    assert_eq!(
        texts(&html, ".content pre > code"),
        ["echo \"<hi>\"", "indented"]
    );
}

// ---------------------------------------------------------------------------------------------
// `content/index.md` and `_index.md`: the home page and folder introductions of Hugo, Zola and
// Jekyll are ordinary pages here, and each is warned of at the file.

#[test]
fn index_and_underscore_index_files_are_pages_with_a_warning_saying_what_to_write_instead() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Index files\nbase_url: https://example.test/site\ndescription: Guides for every day.\n",
    )
    .page("content/index.md", "title: Welcome", "Hello, and welcome to our guides.\n")
    .page("content/guides/_index.md", "title: Our guides", "Every guide we have.\n")
    .page("content/guides/sleep.md", "title: Sleep", "Rest well.\n")
    // A page its editor placed with a `slug` is not warned of.
    .page(
        "content/about/_index.md",
        "title: About us\nslug: about",
        "Who we are.\n",
    );
    let run = site.build(&[]);
    run.assert_ok();
    let warnings: Vec<(String, usize, String, String)> = run
        .warnings()
        .into_iter()
        .map(|w| (w.file, w.line, w.message, w.hint.unwrap_or_default()))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert_eq!(
        (warnings[0].0.as_str(), warnings[0].1),
        ("content/guides/_index.md", 1)
    );
    assert_eq!(
        warnings[0].2,
        "`_index.md` does not introduce the folder `guides/`: attach-gen has no folder pages (folders only make URLs), so this is an ordinary page at `guides/index/`"
    );
    assert!(
        warnings[0]
            .3
            .contains("name this file `content/guides/index.md`"),
        "{}",
        warnings[0].3
    );
    assert_eq!(
        (warnings[1].0.as_str(), warnings[1].1),
        ("content/index.md", 1)
    );
    assert_eq!(
        warnings[1].2,
        "`index.md` is not the home page: attach-gen writes the home page itself (the site's `description`, then every page), so this is an ordinary page at `index/`"
    );
    assert!(
        warnings[1].3.contains("`description: ...`")
            && warnings[1].3.contains("`home: {featured: [...]}`"),
        "{}",
        warnings[1].3
    );
    // What the warnings say is what was built: the home page is the generated one, and each
    // file is a page at the URL named.
    let home = site.html("output/index.html");
    assert!(!texts(&home, "h1").contains(&"Welcome".to_string()));
    assert!(
        texts(&home, "main")
            .concat()
            .contains("Guides for every day.")
    );
    assert_eq!(
        texts(&site.html("output/index/index.html"), "h1"),
        ["Welcome"]
    );
    assert_eq!(
        texts(&site.html("output/guides/index/index.html"), "h1"),
        ["Our guides"]
    );
    assert_eq!(
        texts(&site.html("output/about/index.html"), "h1"),
        ["About us"]
    );

    // Done as the warning says (the home page's sentence in site.yaml, the folder's page at
    // its own URL), nothing is warned of.
    site.remove("content/index.md")
        .remove("content/guides/_index.md")
        .page(
            "content/guides/index.md",
            "title: Our guides",
            "Every guide we have.\n",
        );
    let run = site.build(&[]);
    run.assert_ok();
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    assert_eq!(
        texts(&site.html("output/guides/index.html"), "h1"),
        ["Our guides"]
    );
    assert_eq!(
        texts(&site.html("output/guides/sleep/index.html"), "h1"),
        ["Sleep"]
    );
}

#[test]
fn a_translated_underscore_index_and_a_category_introduction_are_warned_of_too() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Index files\nbase_url: https://example.test/site\n\
         languages:\n  - { code: en, name: English }\n  - { code: mi, name: Te reo Māori, prefix: mi/ }\n",
    )
    .page("content/sleep.md", "title: Sleep", "Rest well.\n")
    .page("content/_index.mi.md", "title: Nau mai", "Kia ora.\n");
    let run = site.build(&[]);
    run.assert_ok();
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert_eq!(warnings[0].file, "content/_index.mi.md");
    assert!(
        warnings[0]
            .message
            .ends_with("so this is an ordinary page at `mi/index/`"),
        "{}",
        warnings[0].message
    );
    assert_eq!(
        texts(&site.html("output/mi/index/index.html"), "h1"),
        ["Nau mai"]
    );

    // Hugo's introduction of a taxonomy's term: here the category's `description` does that.
    site.remove("content/_index.mi.md").page(
        "content/categories/wellbeing/_index.md",
        "title: Wellbeing",
        "Looking after yourself.\n",
    );
    let run = site.build(&[]);
    run.assert_code(1);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert_eq!(
        warnings[0].message,
        "`_index.md` does not introduce a category: category pages are written from site.yaml"
    );
    assert!(
        warnings[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("give the category a `description` in site.yaml's `categories`"),
        "{}",
        run.stderr
    );
    // Its URL is the category pages' own: an error, as for any page there.
    assert!(
        run.errors()
            .iter()
            .any(|e| e.file == "content/categories/wellbeing/_index.md"),
        "{}",
        run.stderr
    );
    // check --message-format json gives the code.
    let checked = run_in(site.root(), &["check", "--message-format", "json"]);
    let found: Vec<serde_json::Value> = serde_json::from_str(&checked.stdout).expect("JSON");
    assert!(
        found.iter().any(|f| f["code"] == "index-page"
            && f["file"] == "content/categories/wellbeing/_index.md"
            && f["line"] == 1),
        "{}",
        checked.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// Markdown in plain-text values: shown as written, so warned of at its place.

#[test]
fn markdown_in_plain_text_values_is_warned_of_at_its_place_and_shown_as_written() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Plain text\nbase_url: https://example.test/site\n\
         description: Guides for *every* day.\n\
         banner:\n  text: \"Our `new` course\"\n\
         categories:\n  - name: Wellbeing\n    description: See [the list](https://example.org/) first.\n",
    )
    .page(
        "content/sleep.md",
        "title: Sleep `well`\ndescription: Rest is **very** good.\ncategories: [Wellbeing]\ncontent_note: Talks about _loss_.",
        "Rest well.\n",
    )
    // Spans, snake_case and a lone `*` are not Markdown a reader would see.
    .page(
        "content/kai.md",
        "title: Kai for the [whānau]{lang=mi}\ndescription: Use snake_case_names and 5 * 3 cups.\ncategories: [Wellbeing]",
        "Eat well.\n",
    );
    let run = site.build(&[]);
    run.assert_ok();
    let mut warnings: Vec<(String, usize, usize, String)> = run
        .warnings()
        .into_iter()
        .map(|w| (w.file, w.line, w.column, w.message))
        .collect();
    warnings.sort();
    let expected = [
        (
            "content/sleep.md",
            2,
            14,
            "`` `well` `` in the `title` is Markdown code, but this value is plain text: it is shown as written, with its backticks",
        ),
        (
            "content/sleep.md",
            3,
            22,
            "`**very**` in the `description` is Markdown emphasis, but this value is plain text: it is shown as written, with its `*`, `_` or `~` marks",
        ),
        (
            "content/sleep.md",
            5,
            27,
            "`_loss_` in the `content_note` is Markdown emphasis, but this value is plain text: it is shown as written, with its `*`, `_` or `~` marks",
        ),
        (
            "site.yaml",
            3,
            25,
            "`*every*` in `description` is Markdown emphasis, but this value is plain text: it is shown as written, with its `*`, `_` or `~` marks",
        ),
        (
            "site.yaml",
            5,
            14,
            "`` `new` `` in `banner.text` is Markdown code, but this value is plain text: it is shown as written, with its backticks",
        ),
        (
            "site.yaml",
            8,
            22,
            "`[the list](https://example.org/)` in a category's description is Markdown link syntax, but this value is plain text: it is shown as written, brackets, address and all, not as a link",
        ),
    ];
    assert_eq!(
        warnings,
        expected.map(|(f, l, c, m)| (f.to_string(), l, c, m.to_string())),
        "{}",
        run.stderr
    );
    let hint = run
        .warnings()
        .into_iter()
        .find(|w| w.message.starts_with("`**very**`"))
        .and_then(|w| w.hint)
        .unwrap_or_default();
    assert!(
        hint.starts_with("write it without the marks: `Rest is very good.`"),
        "{hint}"
    );
    // What the warnings say is what was built: the marks, as written.
    let html = site.html("output/sleep/index.html");
    assert_eq!(texts(&html, "h1"), ["Sleep `well`"]);
    assert_eq!(
        attrs(&html, "meta[name=description]", "content"),
        ["Rest is **very** good."]
    );
}

/// The `(line, column)` of each diagnostic `stderr` prints for `file`, in the order printed.
fn places_printed(stderr: &str, file: &str, kind: &str) -> Vec<(usize, usize)> {
    stderr
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix(file)?.strip_prefix(':')?;
            let mut parts = rest.splitn(3, ':');
            let line_no = parts.next()?.parse().ok()?;
            let column = parts.next()?.parse().ok()?;
            parts
                .next()?
                .trim_start()
                .starts_with(kind)
                .then_some((line_no, column))
        })
        .collect()
}

/// A page's raw HTML addresses are read before its Markdown is walked: their warnings and
/// errors were printed before those of earlier lines. They are printed top to bottom.
#[test]
fn a_pages_problems_are_printed_in_the_order_of_its_lines() {
    let site = Site::new();
    site.file("site.yaml", "title: Order\n");
    site.page(
        "content/moved.md",
        "title: Moved\ndescription: A page moved from Hugo and Jekyll.",
        "Watch {{< youtube abc >}} first.\n\nThen rest.\n\n<img src=\"{{ site.baseurl }}/img/moon.png\" alt=\"The moon\">\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings = places_printed(&run.stderr, "content/moved.md", "warning");
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert!(
        warnings[0].0 < warnings[1].0,
        "{warnings:?}\n{}",
        run.stderr
    );
    assert_eq!(warnings.iter().map(|w| w.0).collect::<Vec<_>>(), [5, 9]);
    // Nothing lost: the text and the image (its address as written) are on the page.
    let html = site.html("output/moved/index.html");
    assert!(texts(&html, "p").iter().any(|t| t == "Then rest."));
    assert_eq!(
        attrs(&html, "img[alt=\"The moon\"]", "src"),
        ["{{ site.baseurl }}/img/moon.png"]
    );

    // Errors too: a link to no page on line 1, a raw image the site lacks on line 3.
    site.page(
        "content/moved.md",
        "title: Moved\ndescription: A page moved.",
        "See [the guide](gone.md).\n\n<img src=\"/img/gone.png\" alt=\"Gone\">\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = places_printed(&run.stderr, "content/moved.md", "error");
    assert_eq!(
        errors.iter().map(|e| e.0).collect::<Vec<_>>(),
        [5, 7],
        "{}",
        run.stderr
    );
}
