//! `attach-gen check`: every finding of one run, as text and as JSON, and its exit codes.

mod common;

use common::*;
use serde_json::Value;

const SITE_YAML: &str = "title: Check\nbase_url: https://example.test/site\nbibliography: [refs.bib]\ncategories_open: true\ncategories:\n  - name: Wellbeing\n";
const REFS: &str = "@book{bowlby1973,\n  author = {Bowlby, John},\n  title = {Separation},\n  publisher = {Hogarth},\n  year = {1973},\n}\n";

fn check(site: &Site, args: &[&str]) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    let mut all = vec!["check", "--root", root.as_str()];
    all.extend_from_slice(args);
    run_in(site.root(), &all)
}

/// A site with one of every problem `check` looks for, in `content/problems.md`.
fn site_with_problems() -> Site {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("refs.bib", REFS)
        .file("static/images/walk.jpg", TINY_PNG)
        .page(
            "content/fine.md",
            "title: Fine\ndescription: A page without problems.\ncategories: [Wellbeing]",
            "## Rest well\n\nCited [@bowlby1973].\n",
        )
        .page(
            "content/problems.md",
            "title: Problems\ncategories: [Wellbeing, Welbeing]",
            // line 5 of the file is the first body line
            "See [a page](missing.md) and [a section](fine.md#rest-wel).\n\
             \n\
             ![A walk](../images/gone.jpg)\n\
             \n\
             ![](../images/walk.jpg)\n\
             \n\
             As [@bowlbi1973] says.\n",
        );
    site
}

fn findings(run: &Run) -> Vec<Value> {
    let parsed: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}):\n{}", run.stdout));
    parsed
        .as_array()
        .unwrap_or_else(|| panic!("expected a JSON array:\n{}", run.stdout))
        .clone()
}

fn find<'a>(all: &'a [Value], code: &str) -> &'a Value {
    all.iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no `{code}` finding in {all:#?}"))
}

#[test]
fn json_lists_every_problem_with_its_place() {
    let site = site_with_problems();
    let run = check(&site, &["--format", "json"]);
    run.assert_code(1);
    let all = findings(&run);

    let link = find(&all, "broken-link");
    assert_eq!(link["severity"], "error");
    assert_eq!(link["file"], "content/problems.md");
    assert_eq!(
        (link["line"].as_u64(), link["column"].as_u64()),
        (Some(5), Some(5))
    );

    let anchor = find(&all, "broken-anchor");
    assert_eq!(anchor["severity"], "error");
    assert_eq!(
        (anchor["line"].as_u64(), anchor["column"].as_u64()),
        (Some(5), Some(30))
    );
    assert_eq!(anchor["hint"], "did you mean `#rest-well`?");

    let image = find(&all, "missing-image");
    assert_eq!(image["severity"], "error");
    assert_eq!(
        (image["line"].as_u64(), image["column"].as_u64()),
        (Some(7), Some(1))
    );

    let alt = find(&all, "missing-alt");
    assert_eq!(alt["severity"], "error");
    assert_eq!(
        (alt["line"].as_u64(), alt["column"].as_u64()),
        (Some(9), Some(1))
    );

    let citation = find(&all, "unknown-citation");
    assert_eq!(citation["severity"], "error");
    assert_eq!(
        (citation["line"].as_u64(), citation["column"].as_u64()),
        (Some(11), Some(4))
    );
    assert_eq!(citation["hint"], "did you mean `bowlby1973`?");

    let description = find(&all, "missing-description");
    assert_eq!(description["severity"], "warning");
    assert_eq!(description["file"], "content/problems.md");
    assert_eq!(description["line"].as_u64(), Some(2));

    let category = find(&all, "single-use-category");
    assert_eq!(category["severity"], "warning");
    assert_eq!(category["line"].as_u64(), Some(3));
    assert_eq!(category["hint"], "did you mean `Wellbeing`?");

    for finding in &all {
        for key in [
            "file", "line", "column", "severity", "code", "message", "hint",
        ] {
            assert!(finding.get(key).is_some(), "`{key}` missing in {finding}");
        }
    }
    // The good page has nothing to report but its readability figure (a note).
    assert!(
        all.iter()
            .all(|f| f["file"] != "content/fine.md" || f["code"] == "readability"),
        "{all:#?}"
    );
    let figure = all
        .iter()
        .find(|f| f["file"] == "content/fine.md")
        .cloned()
        .unwrap_or_default();
    assert_eq!(figure["severity"], "note");
}

#[test]
fn human_output_names_the_place_shows_the_line_and_a_hint() {
    let site = site_with_problems();
    let run = check(&site, &[]);
    run.assert_code(1);
    let errors = run.errors();
    assert!(errors.len() >= 4, "{}", run.stderr);
    let citation = run.error_at("content/problems.md", 11);
    assert_eq!(citation.column, 4);
    assert_eq!(citation.hint.as_deref(), Some("did you mean `bowlby1973`?"));
    assert!(
        run.stderr.contains("11 | As [@bowlbi1973] says."),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains('\x1b'),
        "no colour when not on a terminal"
    );
    let warnings = run.warnings();
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("no `description`"))
    );
    assert!(run.stdout.contains("errors"), "{}", run.stdout);
}

#[test]
fn check_writes_nothing() {
    let site = site_with_problems();
    check(&site, &[]);
    assert!(!site.exists("output"));
    assert!(
        site.hidden_entries().is_empty(),
        "{:?}",
        site.hidden_entries()
    );
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("refs.bib", REFS)
        .page(
            "content/a.md",
            "title: A\ncategories: [Wellbeing]",
            "Cited [@bowlby1973].\n",
        )
        .page(
            "content/b.md",
            "title: B\ndescription: Has one.\ncategories: [Wellbeing]",
            "Text.\n",
        );
    let run = check(&site, &[]);
    run.assert_ok();
    assert_eq!(run.warnings().len(), 1, "{}", run.stderr);
    check(&site, &["--deny-warnings"]).assert_code(1);

    site.page(
        "content/a.md",
        "title: A\ndescription: Now it has one.\ncategories: [Wellbeing]",
        "Cited [@bowlby1973].\n",
    );
    let run = check(&site, &["--deny-warnings"]);
    run.assert_ok();
    assert!(run.stdout.contains("no problems"), "{}", run.stdout);
}

#[test]
fn anchors_to_headings_footnotes_and_references_are_fine() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("refs.bib", REFS)
        .page(
            "content/a.md",
            "title: A\ndescription: Anchors.\ncategories: [Wellbeing]",
            "## Rest {#rest}\n\nSee [rest](#rest), [the note](#fn-why), [Bowlby](#ref-bowlby1973), \
         [top](#top), [raw](#raw) and [refs](#references).[^why]\n\n<span id=\"raw\"></span>\n\n\
         Cited [@bowlby1973].\n\n[^why]: Because.\n",
        );
    let run = check(&site, &["--format", "json"]);
    let all = findings(&run);
    assert!(all.iter().all(|f| f["code"] != "broken-anchor"), "{all:#?}");
    run.assert_ok();
}

/// A page that cites nothing has no reference list, so `#references` leads nowhere there
/// (its own "References" heading is `#references-2`, the theme's list having the id).
#[test]
fn a_link_to_the_reference_list_of_a_page_without_one_is_broken() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("refs.bib", REFS)
        .page(
            "content/cites.md",
            "title: Cites\ndescription: Cites.\ncategories: [Wellbeing]",
            "Cited [@bowlby1973]; see [the list](#references).\n",
        )
        .page(
            "content/none.md",
            "title: None\ndescription: None.\ncategories: [Wellbeing]",
            "## References\n\nSee [the list](#references) and [cites](cites.md#references).\n",
        );
    let run = check(&site, &["--format", "json"]);
    let all = findings(&run);
    let broken: Vec<&Value> = all
        .iter()
        .filter(|f| f["code"] == "broken-anchor")
        .collect();
    assert_eq!(broken.len(), 1, "{all:#?}");
    assert_eq!(broken[0]["file"], "content/none.md");
    assert_eq!(broken[0]["line"], 8);
    assert!(
        broken[0]["hint"]
            .as_str()
            .is_some_and(|h| h.contains("#references-2")),
        "{:#?}",
        broken[0]
    );
}

#[test]
fn build_only_warns_about_anchors_but_a_missing_image_is_an_error_in_both() {
    let site = site_with_problems();
    // Without the hard errors, build succeeds and warns about the anchor.
    site.page(
        "content/problems.md",
        "title: Problems\ndescription: Some.\ncategories: [Wellbeing]",
        "See [a section](fine.md#rest-wel).\n",
    );
    let run = site.build(&[]);
    run.assert_ok();
    let warnings = run.warnings();
    assert!(
        warnings.iter().any(|w| w.message.contains("#rest-wel")),
        "{}",
        run.stderr
    );
    check(&site, &[]).assert_code(1);
    // A missing image is an error in build too, at its line.
    site.page(
        "content/problems.md",
        "title: Problems\ndescription: Some.\ncategories: [Wellbeing]",
        "Text.\n\n![A walk](../images/gone.jpg)\n",
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(
        run.error_at("content/problems.md", 8)
            .message
            .contains("gone.jpg")
    );
}

#[test]
fn not_a_site_is_a_usage_error() {
    let site = Site::bare();
    check(&site, &[]).assert_code(2);
}

#[test]
fn front_matter_errors_do_not_hide_other_findings() {
    let site = site_with_problems();
    site.page("content/broken.md", "title: [unclosed", "Text.\n");
    let run = check(&site, &["--format", "json"]);
    let all = findings(&run);
    assert!(
        all.iter().any(|f| f["file"] == "content/broken.md"),
        "{all:#?}"
    );
    assert!(
        all.iter().any(|f| f["code"] == "unknown-citation"),
        "{all:#?}"
    );
    assert!(all.iter().any(|f| f["code"] == "missing-image"), "{all:#?}");
}

#[test]
fn categories_used_once_are_warned_about_a_hundred_at_most_then_counted() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML).file("refs.bib", REFS);
    for page in 0..3 {
        let names: Vec<String> = (0..50).map(|i| format!("Tag{page}x{i}")).collect();
        site.page(
            &format!("content/p{page}.md"),
            &format!(
                "title: P{page}\ndescription: A page.\ncategories: [{}]",
                names.join(", ")
            ),
            "Body.\n",
        );
    }
    // Every warning printed: the per-code limit of the human format is not what is tested.
    let run = check(&site, &["--show-all"]);
    run.assert_ok();
    let warnings = run.warnings();
    let single: Vec<&Reported> = warnings
        .iter()
        .filter(|w| w.message.starts_with("only this page is filed under"))
        .collect();
    assert_eq!(single.len(), 100, "{}", run.stderr);
    assert!(single.iter().all(|w| w.line == 4));
    let more: Vec<&Reported> = warnings
        .iter()
        .filter(|w| w.message.contains("more categories"))
        .collect();
    assert_eq!(more.len(), 1, "{}", run.stderr);
    assert_eq!(
        more[0].message,
        "50 more categories are used by only one page each and listed nowhere (the first 100 are shown)"
    );
    // Every category still gets its page.
    site.build(&[]).assert_ok();
    assert!(site.exists("output/categories/tag2x49/index.html"));
}

#[test]
fn errors_past_the_hundred_shown_are_counted_in_the_summaries() {
    let site = Site::new();
    let links: String = (0..250)
        .map(|i| format!("[l{i}](missing{i}.md) "))
        .collect();
    site.file("site.yaml", SITE_YAML)
        .file("refs.bib", REFS)
        .page(
            "content/broken.md",
            "title: Broken\ndescription: A page.\ncategories: [Wellbeing]",
            &links,
        );
    let built = site.build(&["--show-all"]);
    built.assert_code(1);
    assert_eq!(built.errors().len(), 101, "{}", built.stderr);
    assert!(
        built
            .stderr
            .contains("Build failed with 250 errors; the output folder was not changed."),
        "{}",
        built.stderr
    );
    let checked = check(&site, &[]);
    checked.assert_code(1);
    assert!(
        checked.stdout.contains(": 250 errors, "),
        "{}",
        checked.stdout
    );
    let json = check(&site, &["--format", "json"]);
    let all = findings(&json);
    let more = find(&all, "too-many");
    assert_eq!(more["figures"]["not_shown"], 150, "{more:#}");
}

#[test]
fn file_names_with_escapes_and_line_breaks_are_shown_escaped_in_human_and_github_formats() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML).file("refs.bib", REFS);
    let evil = "content/evil\u{1b}]0;PWNED\u{7}\u{1b}[41m\u{202e}.md";
    let forged = "content/a\n::error file=x.md::forged\nb.md";
    site.page(evil, "title: Evil\ntitel: x", "Body.\n")
        .page(forged, "title: Forged\ntitel: x", "Body.\n")
        // A message quoting the site's text (a key) is escaped in the GitHub format too.
        .page("content/key.md", "title: Key\n\"k\\e[31m\": x", "Body.\n")
        // A tab before the message would look like spaces (`content/t  ab.md:3:1:`).
        .page("content/t\tab.md", "title: Tab\ntitel: x", "Body.\n");
    let raw = ['\u{1b}', '\u{7}', '\u{202e}', '\t'];
    let shown_evil = "content/evil␛]0;PWNED␇␛[41m<U+202E>.md";
    let shown_forged = "content/a␊::error file=x.md::forged␊b.md";

    for command in ["build", "check"] {
        let human = run_in(site.root(), &[command]);
        human.assert_code(1);
        assert!(!human.stderr.contains(raw), "{command}: {:?}", human.stderr);
        assert!(
            human.stderr.lines().all(|l| !l.starts_with("::")),
            "{command}: {}",
            human.stderr
        );
        let errors = human.errors();
        let mut files: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
        files.sort_unstable();
        assert_eq!(
            files,
            [
                shown_forged,
                shown_evil,
                "content/key.md",
                "content/t␉ab.md"
            ],
            "{command}: {errors:#?}"
        );
        assert!(errors.iter().all(|e| e.line == 3));

        let github = run_in(site.root(), &[command, "--message-format", "github"]);
        github.assert_code(1);
        let all = format!("{}{}", github.stdout, github.stderr);
        assert!(!all.contains(raw), "{command}: {all:?}");
        // Only the two errors (and `check`'s warnings about the rest of the site) are commands.
        let commands: Vec<&str> = all.lines().filter(|l| l.starts_with("::")).collect();
        assert!(
            commands
                .iter()
                .all(|c| c.starts_with("::error file=content/") || c.starts_with("::warning ")),
            "{command}: {all}"
        );
        assert_eq!(
            commands.iter().filter(|c| c.starts_with("::error")).count(),
            4,
            "{command}: {all}"
        );
        assert!(
            commands
                .iter()
                .any(|c| c.starts_with("::error file=content/t␉ab.md,line=3,col=1,")),
            "{command}: {all}"
        );
        assert!(
            // The ESC made by the key's YAML escape is taken out of the key (case 200).
            all.contains("::unknown front matter key `k[31m`"),
            "{command}: {all}"
        );
        assert!(
            commands.iter().any(|c| c.starts_with(
                "::error file=content/a␊%3A%3Aerror file=x.md%3A%3Aforged␊b.md,line=3,col=1,"
            )),
            "{command}: {all}"
        );

        // JSON escapes what it must itself: the names are exact.
        let json = run_in(site.root(), &[command, "--message-format", "json"]);
        json.assert_code(1);
        let files: Vec<String> = findings(&json)
            .iter()
            .filter_map(|f| f["file"].as_str().map(str::to_string))
            .collect();
        assert!(files.iter().any(|f| f == evil), "{command}: {files:?}");
        assert!(files.iter().any(|f| f == forged), "{command}: {files:?}");
    }
}

/// A site of 500 broken pages: `check` and `build` print the first 20 findings of each code,
/// then how many more there are and how to see them; the counts and exit codes stay whole,
/// and `--show-all` and JSON print every one.
#[test]
fn findings_past_twenty_of_a_code_are_counted_not_printed() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML).file("refs.bib", REFS);
    for n in 0..500 {
        site.page(
            &format!("content/p{n:03}.md"),
            &format!("title: Page {n}\ndescription: One of many."),
            &format!("See [the next one](gone-{n}.md), as [@nobody{n}] says.\n"),
        );
    }
    let note = |code: &str| {
        format!(
            "note: 480 more `{code}` errors are not shown (the first 20 are); add --show-all to see every one"
        )
    };
    let checked = check(&site, &["--message-format", "human"]);
    checked.assert_code(1);
    let errors = checked.errors();
    assert_eq!(errors.len(), 40, "{}", checked.stderr);
    assert_eq!(errors[0].file, "content/p000.md");
    for code in ["broken-link", "unknown-citation"] {
        assert!(checked.stderr.contains(&note(code)), "{}", checked.stderr);
    }
    assert!(
        checked.stdout.contains("Checked 500 pages") && checked.stdout.contains(": 1000 errors,"),
        "{}",
        checked.stdout
    );

    let all = check(&site, &["--message-format", "human", "--show-all"]);
    all.assert_code(1);
    assert_eq!(all.errors().len(), 1000);
    assert!(!all.stderr.contains("not shown"), "{}", all.stderr);

    let json = check(&site, &["--message-format", "json"]);
    json.assert_code(1);
    let findings: Value = serde_json::from_str(&json.stdout).unwrap_or(Value::Null);
    let errors = findings
        .as_array()
        .map_or(0, |a| a.iter().filter(|f| f["severity"] == "error").count());
    assert_eq!(errors, 1000);

    let built = run_in(
        site.root(),
        &[
            "build",
            "--root",
            &site.root().to_string_lossy(),
            "--message-format",
            "human",
        ],
    );
    built.assert_code(1);
    assert_eq!(built.errors().len(), 40, "{}", built.stderr);
    assert!(
        built.stderr.contains(&note("broken-link")),
        "{}",
        built.stderr
    );
    assert!(
        built
            .stderr
            .contains("Build failed with 1000 errors; the output folder was not changed."),
        "{}",
        built.stderr
    );
}

/// Pages that could not be read (a broken front matter, bytes that are not UTF-8) were left
/// out of the summary's count, and so were the drafts left out when an error stopped the
/// check: "Checked 1 page" for a site of four pages.
#[test]
fn the_summary_counts_pages_that_could_not_be_read_and_drafts_left_out() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("refs.bib", REFS)
        .page("content/fine.md", "title: Fine\ndescription: D.", "Text.\n")
        .page("content/broken.md", "title: [unclosed", "Text.\n")
        .file("content/latin1.md", b"---\ntitle: Caf\xe9\n---\nText.\n")
        .page(
            "content/draft.md",
            "title: Draft\ndescription: D.\ndraft: true",
            "Text.\n",
        );
    // As an editor runs it: in the site's folder, no --root.
    let run = run_in(site.root(), &["check"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains(
            "Checked 3 pages (2 could not be read; 1 draft left out; --drafts checks it) in "
        ),
        "{}",
        run.stdout
    );
    // Each page that could not be read still has its own error.
    for file in ["content/broken.md", "content/latin1.md"] {
        assert!(
            run.errors().iter().any(|e| e.file == file),
            "{file}: {}",
            run.stderr
        );
    }

    // Once they read, the summary is as before.
    site.page(
        "content/broken.md",
        "title: Mended\ndescription: D.",
        "Text.\n",
    )
    .page(
        "content/latin1.md",
        "title: Café\ndescription: D.",
        "Text.\n",
    );
    let run = run_in(site.root(), &["check"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("Checked 3 pages (1 draft left out; --drafts checks it) in "),
        "{}",
        run.stdout
    );
}

/// Only a real `id` attribute of a real tag (or an `<a>`'s `name`) is an anchor: once an
/// `id=` in a comment, in another attribute's value, in a script's text or on an `<input>`'s
/// `name` made a broken `#link` look fine. `check` and `build` agree.
#[test]
fn only_real_ids_of_raw_html_are_anchors() {
    let site = Site::bare();
    // `init` writes `markdown: {raw_html: true}`.
    run_in(site.root(), &["init"]).assert_ok();
    site.page(
        "content/ids.md",
        "title: Ids\ndescription: Anchors in raw HTML.",
        "<!--\n<p id=\"commented\">old</p>\n-->\n\n<p title=\"see id=inside\">A <span id=\"real\">real</span> one.</p>\n\n<a name=\"old\"></a><input name=\"field\">\n\n<script>var s = '<p id=\"scripted\">';</script>\n\n[a](#commented) [b](#inside) [c](#real) [d](#old) [e](#field) [f](#scripted)\n",
    );
    for args in [&["check"][..], &["build"]] {
        let run = run_in(site.root(), args);
        let broken: Vec<String> = run
            .errors()
            .into_iter()
            .chain(run.warnings())
            .filter(|p| p.message.contains("has no such heading or anchor"))
            .map(|p| p.message)
            .collect();
        let named: Vec<&str> = ["commented", "inside", "field", "scripted"]
            .into_iter()
            .filter(|id| broken.iter().any(|m| m.contains(&format!("`#{id}`"))))
            .collect();
        assert_eq!(named.len(), 4, "{args:?}: {}", run.stderr);
        assert_eq!(broken.len(), 4, "{args:?}: {}", run.stderr);
    }
    let html = site.html("output/ids/index.html");
    assert_eq!(select(&html, "#real").len(), 1);
    assert_eq!(select(&html, "a[name=old]").len(), 1);
    assert!(select(&html, "#commented, #inside, #scripted").is_empty());
}

/// Categories written on one line that share a slug: each clash is at its own `slug:` value,
/// past its own name (each was placed at the first `slug: same` on the line).
#[test]
fn a_slug_shared_on_one_line_is_placed_at_each_category() {
    let site = Site::new();
    let line = "categories: [{name: Sleep, slug: same}, {name: Rest, slug: same}, {name: Calm, slug: same}]";
    site.file(
        "site.yaml",
        format!("title: Check\nbase_url: https://example.test/site\n{line}\n"),
    )
    .page("content/a.md", "title: A\ncategories: [Sleep]", "Hi.\n");
    let run = check(&site, &["--format", "json"]);
    run.assert_code(1);
    let all = findings(&run);
    let mut places: Vec<(Option<u64>, Option<u64>)> = all
        .iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("would both be categories/same/"))
        })
        .map(|f| (f["line"].as_u64(), f["column"].as_u64()))
        .collect();
    places.sort();
    let column = |after: &str| {
        let at = line.find(after).expect("in the line") + after.len();
        let same = at + line[at..].find("same").expect("slug");
        Some(u64::try_from(same).expect("small") + 1)
    };
    assert_eq!(
        places,
        vec![(Some(3), column("Rest")), (Some(3), column("Calm"))],
        "{all:#?}"
    );
}

#[test]
fn a_site_that_gives_its_address_only_when_built_checks_with_base_url() {
    // CI sites often leave base_url out of site.yaml and pass it to `build`: the missing
    // base_url's hint names --base-url, so `check` must take it too.
    let site = Site::new();
    site.file("site.yaml", "title: Check\n").page(
        "content/a.md",
        "title: A\ndescription: A page.",
        "Text.\n",
    );
    let without = run_in(site.root(), &["check", "--format", "json"]);
    assert_eq!(without.code, 1, "{}\n{}", without.stdout, without.stderr);
    let missing = findings(&without);
    let finding = find(&missing, "no-base-url");
    assert!(
        finding["hint"]
            .as_str()
            .is_some_and(|hint| hint.contains("--base-url")),
        "{finding:#?}"
    );
    let with = run_in(
        site.root(),
        &[
            "check",
            "--base-url",
            "https://example.test/",
            "--format",
            "json",
        ],
    );
    with.assert_ok();
    // Only the page's readability note is left.
    assert!(
        findings(&with).iter().all(|f| f["severity"] == "note"),
        "{}",
        with.stdout
    );
    // A wrong address is refused as build refuses it.
    let wrong = run_in(site.root(), &["check", "--base-url", "not a url"]);
    assert_ne!(wrong.code, 0, "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains("base_url") || wrong.stderr.contains("base-url"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn build_and_serve_take_format_as_check_does() {
    // `--format` was only check's; on build, clap suggested `--force` for it.
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("refs.bib", REFS)
        .page(
            "content/a.md",
            "title: A\ndescription: A page.",
            "See [gone](gone.md).\n",
        );
    let run = run_in(site.root(), &["build", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("--force"), "{}", run.stderr);
    let parsed: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("build --format json printed no JSON ({e}):\n{}", run.stdout));
    assert!(
        parsed
            .as_array()
            .is_some_and(|all| all.iter().any(|f| f["code"] == "broken-link")),
        "{parsed:#?}"
    );
    let help = run_in(site.root(), &["serve", "--format", "bogus"]);
    assert_eq!(help.code, 2);
    assert!(!help.stderr.contains("--port"), "{}", help.stderr);
}

#[test]
fn an_email_autolink_is_an_address_not_a_file_beside_the_page() {
    // `<kai@whanau.example>` was warned of as a missing file `/contact/kai@whanau.example`,
    // failing `check --deny-warnings`.
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("refs.bib", REFS)
        .page(
            "content/contact.md",
            "title: Contact\ndescription: How to reach us.\ncategories: [Wellbeing]",
            "Email us at <kai@whanau.example>, or see [the missing page](gone.md).\n",
        );
    let run = check(&site, &["--format", "json"]);
    let all = findings(&run);
    let links: Vec<&Value> = all.iter().filter(|f| f["code"] == "broken-link").collect();
    assert_eq!(links.len(), 1, "{all:#?}");
    assert!(
        links[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("gone.md"),
        "{all:#?}"
    );
    site.page(
        "content/contact.md",
        "title: Contact\ndescription: How to reach us.\ncategories: [Wellbeing]",
        "Email us at <kai@whanau.example>.\n",
    );
    let built = run_in(site.root(), &["build"]);
    assert!(
        !built.stderr.contains("broken-link") && !built.stderr.contains("kai@"),
        "{}",
        built.stderr
    );
    let html = site.html("output/contact/index.html");
    assert_eq!(
        attrs(&html, "main a[href^='mailto:']", "href"),
        ["mailto:kai@whanau.example"],
        "{}",
        built.stderr
    );
}
