//! `attach-gen init` and `attach-gen new`: what they write builds and checks cleanly, and they
//! never overwrite anything.

mod common;

use std::fs;

use common::*;

fn root_arg(site: &Site) -> String {
    site.root().to_string_lossy().into_owned()
}

fn check(site: &Site) -> Run {
    run_in(site.root(), &["check", "--root", &root_arg(site)])
}

#[test]
fn init_writes_a_site_that_builds_and_checks() {
    let site = Site::bare();
    let run = run_in(site.root(), &["init"]);
    run.assert_ok();
    for file in [
        "site.yaml",
        "bibliography.bib",
        ".gitignore",
        "content/why-feeling-safe-with-others-matters.md",
    ] {
        assert!(site.exists(file), "init did not write {file}");
        assert!(run.stdout.contains(file), "{}", run.stdout);
    }
    assert_eq!(
        fs::read_to_string(site.path(".gitignore")).unwrap_or_default(),
        "output/\n.attach-gen-cache/\n"
    );
    let yaml = fs::read_to_string(site.path("site.yaml")).unwrap_or_default();
    for key in [
        "theme:",
        "banner:",
        "citation_style:",
        "extra:",
        "show_uncited:",
    ] {
        assert!(yaml.contains(key), "site.yaml does not mention {key}");
    }

    let built = site.build_exactly(&[]);
    built.assert_ok();
    assert!(built.warnings().is_empty(), "{}", built.stderr);
    let html = site.html("output/why-feeling-safe-with-others-matters/index.html");
    let cited = texts(&html, ".references li");
    assert_eq!(cited.len(), 2, "{cited:?}");
    assert!(
        cited.iter().any(|r| r.contains("Bowlby, J. (1973)")),
        "{cited:?}"
    );
    assert!(site.exists("output/categories/wellbeing/index.html"));

    let checked = check(&site);
    checked.assert_ok();
    assert!(
        checked.errors().is_empty() && checked.warnings().is_empty(),
        "{}",
        checked.stderr
    );
}

#[test]
fn init_into_a_new_folder_and_refusing_a_non_empty_one() {
    let site = Site::bare();
    run_in(site.root(), &["init", "fresh"]).assert_ok();
    assert!(site.exists("fresh/site.yaml"));

    site.file("taken/notes.txt", "mine");
    let run = run_in(site.root(), &["init", "taken"]);
    run.assert_code(1);
    assert!(
        run.errors()[0].message.contains("is not empty"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("taken/site.yaml"));
    assert_eq!(
        fs::read_to_string(site.path("taken/notes.txt")).unwrap_or_default(),
        "mine"
    );

    // Running it twice in the same place refuses the second time.
    run_in(site.root(), &["init", "fresh"]).assert_code(1);

    // A file where the folder should be is a usage error that says what to do instead.
    site.file("notes.txt", "mine");
    let run = run_in(site.root(), &["init", "notes.txt"]);
    run.assert_code(2);
    let error = &run.errors()[0];
    assert!(
        error.message.contains("notes.txt is a file, not a folder"),
        "{}",
        run.stderr
    );
    assert!(
        error
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("attach-gen init my-site"),
        "{}",
        run.stderr
    );
}

#[test]
fn init_s_gitignore_leaves_out_the_output_and_the_image_cache() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let ignored = fs::read_to_string(site.path(".gitignore")).unwrap_or_default();
    let lines: Vec<&str> = ignored.lines().collect();
    assert_eq!(lines, ["output/", ".attach-gen-cache/"]);
}

#[test]
fn the_cd_that_init_suggests_works_for_folders_with_spaces_and_quotes() {
    // `Next: cd my site && attach-gen serve`, pasted into a shell, went to `my` (or failed).
    let site = Site::bare();
    for (name, shown) in [
        ("my-site", "cd my-site && "),
        ("Ngā rauemi/my site", "cd \"Ngā rauemi/my site\" && "),
        ("Kate's site", "cd \"Kate's site\" && "),
        ("Kate's $5 site", "cd 'Kate'\\''s $5 site' && "),
        // A leading `-` would be read as an option (`cd: -s: invalid option`).
        ("-site", "cd ./-site && "),
    ] {
        let run = run_in(site.root(), &["init", "--", name]);
        run.assert_ok();
        assert!(
            run.stdout
                .contains(&format!("Next: {shown}attach-gen serve")),
            "{name}: {}",
            run.stdout
        );
        // The shell agrees: the suggested `cd` goes into the site.
        let cd = shown.trim_end_matches(" && ");
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{cd} && test -f site.yaml"))
            .current_dir(site.root())
            .status()
            .expect("sh");
        assert!(out.success(), "{cd}");
    }
}

#[test]
fn init_and_new_show_a_folder_name_s_control_characters_and_never_print_them() {
    // `init "$(printf 'evil\e]0;pwned\a')"` echoed the name raw: the terminal's title changed.
    let site = Site::bare();
    let name = "evil\u{1b}]0;pwned\u{7}";
    let run = run_in(site.root(), &["init", name]);
    run.assert_ok();
    assert!(
        !run.stdout.contains(['\u{1b}', '\u{7}']),
        "{:?}",
        run.stdout
    );
    assert!(
        run.stdout
            .starts_with("Created a new site in evil␛]0;pwned␇:\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Next: cd \"evil␛]0;pwned␇\" && attach-gen serve")
    );
    // Nothing is lost: the folder has the name asked for.
    assert!(site.exists(&format!("{name}/site.yaml")));
    // `new` refuses to make such a folder, and shows its name the same way.
    let new = run_in(&site.path(name), &["new", "Sleep", "--dir", "a\u{1b}[31m"]);
    new.assert_code(2);
    assert!(
        new.stderr
            .starts_with("error: --dir `a␛[31m` holds the control character U+001B"),
        "{}",
        new.stderr
    );
    assert!(!site.exists(&format!("{name}/content/a\u{1b}[31m")));
    // A title that makes no file name is refused, its folder shown the same way.
    let new = run_in(&site.path(name), &["new", "Con", "--dir", "b\u{1b}[31m"]);
    new.assert_code(2);
    assert!(new.stderr.contains("--dir `b␛[31m`"), "{}", new.stderr);
    assert!(!new.stderr.contains('\u{1b}'));
}

/// `init my-site` where `my-site` is a link to a folder since deleted was "cannot create
/// my-site: File exists (os error 17)", with no help.
#[cfg(unix)]
#[test]
fn init_into_a_link_that_leads_nowhere_names_the_link_and_what_to_do() {
    let site = Site::bare();
    std::os::unix::fs::symlink("gone", site.path("my-site")).expect("a link");
    fs::create_dir_all(site.path("links")).expect("a folder");
    std::os::unix::fs::symlink("../gone", site.path("links/site")).expect("a link");
    // Links round in a loop, and a link to a link that leads nowhere: no `mkdir -p` mends them.
    std::os::unix::fs::symlink("loop-b", site.path("loop-a")).expect("a link");
    std::os::unix::fs::symlink("loop-a", site.path("loop-b")).expect("a link");
    std::os::unix::fs::symlink("my-site", site.path("via")).expect("a link");
    for (dir, message, hint) in [
        (
            "loop-a",
            "cannot create loop-a: loop-a is a link to loop-b, itself a link that leads nowhere (or round in a loop)",
            "remove the link (`rm loop-a`) and run the command again",
        ),
        (
            "via",
            "via is a link to my-site, itself a link",
            "remove the link (`rm via`)",
        ),
        (
            "my-site",
            "cannot create my-site: my-site is a link to gone, which does not exist",
            "make that folder first (`mkdir -p gone`), or remove the link (`rm my-site`)",
        ),
        (
            "links/site/new",
            "links/site is a link to ../gone, which does not exist",
            "`mkdir -p links/../gone`",
        ),
    ] {
        let run = run_in(site.root(), &["init", dir]);
        run.assert_code(1);
        assert!(
            run.stderr.contains(message) && run.stderr.contains(hint),
            "{dir}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("File exists"), "{}", run.stderr);
    }
    assert!(!site.exists("gone"));
    run_in(site.root(), &["init", "fresh"]).assert_ok();
}

#[test]
fn init_allows_a_git_folder() {
    let site = Site::bare();
    site.file("repo/.git/HEAD", "ref: refs/heads/main\n");
    run_in(site.root(), &["init", "repo"]).assert_ok();
    assert!(site.exists("repo/site.yaml"));
}

#[test]
fn new_writes_a_page_that_builds_and_checks() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let run = run_in(
        site.root(),
        &[
            "new",
            "Sleep: and \"mood\" # 1",
            "--category",
            "Wellbeing",
            "--category",
            "For Family / Whānau",
            "--dir",
            "guides",
        ],
    );
    run.assert_ok();
    assert_eq!(run.stdout.trim(), "content/guides/sleep-and-mood-1.md");
    let text =
        fs::read_to_string(site.path("content/guides/sleep-and-mood-1.md")).unwrap_or_default();
    assert!(
        text.starts_with("---\ntitle: \"Sleep: and \\\"mood\\\" # 1\"\n"),
        "{text}"
    );
    assert!(text.contains("description: \"\"\n"), "{text}");
    assert!(
        text.contains("categories: [\"Wellbeing\", \"For Family / Whānau\"]\n"),
        "{text}"
    );
    let date = text
        .lines()
        .find_map(|l| l.strip_prefix("date: "))
        .unwrap_or_default();
    assert_eq!(date.len(), 10, "{text}");
    assert!(date.starts_with("20"), "{date}");

    // A new page is a draft: built as a preview with --drafts only.
    assert!(text.contains("\ndraft: true\n"), "{text}");
    site.build_exactly(&[]).assert_ok();
    assert!(!site.exists("output/guides/sleep-and-mood-1"));
    site.build_exactly(&["--drafts"]).assert_ok();
    let html = site.html("output/guides/sleep-and-mood-1/index.html");
    assert_eq!(texts(&html, "h1"), ["Sleep: and \"mood\" # 1"]);

    // check accepts it: the empty description is only a warning, a reminder to fill it in.
    let checked = run_in(site.root(), &["check", "--drafts"]);
    checked.assert_ok();
    assert!(checked.errors().is_empty(), "{}", checked.stderr);
    assert!(
        checked
            .warnings()
            .iter()
            .any(|w| w.file == "content/guides/sleep-and-mood-1.md"
                && w.message.contains("description")),
        "{}",
        checked.stderr
    );
}

#[test]
fn new_with_root_and_no_categories() {
    let site = Site::bare();
    run_in(site.root(), &["init", "site"]).assert_ok();
    let root = site.path("site").to_string_lossy().into_owned();
    let run = run_in(site.root(), &["new", "Getting outside", "--root", &root]);
    run.assert_ok();
    assert!(
        site.exists("site/content/getting-outside.md"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.trim().ends_with("content/getting-outside.md"),
        "{}",
        run.stdout
    );
    run_in(site.root(), &["build", "--root", &root]).assert_ok();
}

#[test]
fn new_refuses_a_category_span_the_build_would_refuse() {
    // With categories_open, `new --category '[x]{lang=mi onclick=1}'` wrote the page, and the
    // next build failed on it.
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let yaml = fs::read_to_string(site.path("site.yaml")).unwrap_or_default();
    site.file(
        "site.yaml",
        yaml.replace("# categories_open: false", "categories_open: true"),
    );
    let run = run_in(
        site.root(),
        &["new", "Rest", "--category", "[x]{lang=mi onclick=1}"],
    );
    run.assert_code(2);
    assert_eq!(
        run.errors()[0].message,
        "--category `[x]{lang=mi onclick=1}`: `onclick=1` cannot be set on a span: only `lang=...` and `.class` can"
    );
    assert!(!site.exists("content/rest.md"));
    // A folder written with doubled or `.` parts is the folder it names.
    let nested = run_in(site.root(), &["new", "Zed", "--dir", "./a//./b"]);
    nested.assert_ok();
    assert_eq!(nested.stdout, "content/a/b/zed.md\n");
    assert!(site.exists("content/a/b/zed.md"));
    // A good span is written as given.
    run_in(
        site.root(),
        &["new", "Rest", "--category", "[Hauora]{lang=mi}"],
    )
    .assert_ok();
    let page = fs::read_to_string(site.path("content/rest.md")).unwrap_or_default();
    assert!(page.contains("[Hauora]{lang=mi}"), "{page}");
}

#[test]
fn new_dir_written_from_the_site_folder_with_content_in_front_means_the_folder_under_content() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let run = run_in(
        site.root(),
        &["new", "Grief basics", "--dir", "content/guides"],
    );
    run.assert_ok();
    assert_eq!(run.stdout.trim(), "content/guides/grief-basics.md");
    assert!(site.exists("content/guides/grief-basics.md"));
    assert!(!site.exists("content/content"));
    let run = run_in(site.root(), &["new", "Sleep", "--dir", "./content"]);
    assert_eq!(run.stdout.trim(), "content/sleep.md");
    // It builds where the editor meant, not under content/content/.
    for page in ["content/guides/grief-basics.md", "content/sleep.md"] {
        let text = fs::read_to_string(site.path(page)).unwrap_or_default();
        fs::write(
            site.path(page),
            text.replace("draft: true\n", "")
                .replace("Start with a sentence or two: who this page is for, and what it will help them with.", "Our own words.")
                .replace("Write the page here.", "More of them."),
        )
        .unwrap_or_default();
    }
    run_in(site.root(), &["build"]).assert_ok();
    let html = site.html("output/guides/grief-basics/index.html");
    assert_eq!(texts(&html, "h1"), ["Grief basics"]);

    // A site that does have content/content/ keeps it.
    site.file("content/content/keep.md", "---\ntitle: Keep\n---\nText.\n");
    run_in(site.root(), &["new", "Inner", "--dir", "content"]).assert_ok();
    assert!(site.exists("content/content/inner.md"));
}

#[test]
fn new_refuses_to_overwrite() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    run_in(site.root(), &["new", "Rest"]).assert_ok();
    fs::write(site.path("content/rest.md"), "my words").unwrap_or_default();
    let run = run_in(site.root(), &["new", "Rest"]);
    run.assert_code(1);
    assert!(
        run.errors()[0].message.contains("already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(site.path("content/rest.md")).unwrap_or_default(),
        "my words"
    );
}

/// A page bundle (`content/rest/index.md`) already has the URL `rest/`: `new "Rest"` beside it
/// would write `content/rest.md`, which wants the same URL, so no build could publish both.
#[test]
fn new_refuses_a_title_whose_url_a_page_bundle_has() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    site.file(
        "content/guides/rest/index.md",
        "---\ntitle: Rest\ndescription: d\n---\n\nText.\n",
    );
    let run = run_in(site.root(), &["new", "Rest", "--dir", "guides"]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .message
            .contains("content/guides/rest/index.md already has the URL `guides/rest/`"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("content/guides/rest.md"));
    // Another title beside it is fine.
    run_in(site.root(), &["new", "Rest well", "--dir", "guides"]).assert_ok();
}

/// Siblings of the bundle above: a folder or a page whose name is written otherwise but makes
/// the same URL (`Rest/index.md`, `Sleep Well.md`: a build slugifies each name), which a
/// build then refuses as two pages wanting one URL.
#[test]
fn new_refuses_a_title_whose_url_a_page_named_otherwise_has() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let page = "---\ntitle: T\ndescription: d\n---\n\nText.\n";
    site.file("content/guides/Rest/index.md", page);
    site.file("content/guides/Sleep Well.md", page);
    for (title, there, url) in [
        ("Rest", "content/guides/Rest/index.md", "guides/rest/"),
        (
            "Sleep well",
            "content/guides/Sleep Well.md",
            "guides/sleep-well/",
        ),
    ] {
        let run = run_in(site.root(), &["new", title, "--dir", "guides"]);
        run.assert_code(1);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{title}: {errors:#?}");
        assert!(
            errors[0]
                .message
                .contains(&format!("{there} already has the URL `{url}`")),
            "{title}: {}",
            run.stderr
        );
    }
    assert!(!site.exists("content/guides/rest.md"));
    assert!(!site.exists("content/guides/sleep-well.md"));
    // The site as it is still builds: nothing was written that it would refuse.
    run_in(site.root(), &["build"]).assert_ok();
}

/// Another page's `slug`, one of its `aliases`, or a file whose path makes the same URL
/// (`content/Rest_Well.md` is `rest-well/` too) already claims the new page's URL: the build
/// after `new` would fail with a clash, so `new` refuses, names that page (at its key) and
/// writes nothing.
#[test]
fn new_refuses_a_url_another_pages_slug_alias_or_path_claims() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    site.file(
        "content/sleep.md",
        "---\ntitle: Sleep\ndescription: d\nslug: guides/rest\naliases: [old/unwind/, /calm]\n---\n\nText.\n",
    );
    site.file(
        "content/Rest_Well.md",
        "---\ntitle: Rest well\ndescription: d\ndraft: true\n---\n\nText.\n",
    );
    for (args, file, line, says) in [
        (
            &["new", "Rest", "--dir", "guides"][..],
            "content/sleep.md",
            4,
            "content/sleep.md already has the URL `guides/rest/` (its `slug`), which content/guides/rest.md would want too",
        ),
        (
            &["new", "Unwind", "--dir", "old"],
            "content/sleep.md",
            5,
            "content/sleep.md has `old/unwind/` among its `aliases`",
        ),
        (
            &["new", "Calm"],
            "content/sleep.md",
            5,
            "content/sleep.md has `calm/` among its `aliases`",
        ),
        (
            &["new", "Rest well"],
            "content/Rest_Well.md",
            0,
            "content/Rest_Well.md already has the URL `rest-well/`, which content/rest-well.md",
        ),
    ] {
        let before = files_under(&site.path("content")).len();
        let run = run_in(site.root(), args);
        run.assert_code(1);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{args:?}: {errors:#?}");
        assert!(errors[0].message.contains(says), "{args:?}: {}", run.stderr);
        assert_eq!(
            (errors[0].file.as_str(), errors[0].line),
            (file, line),
            "{args:?}"
        );
        assert!(errors[0].hint.is_some(), "{args:?}");
        assert_eq!(files_under(&site.path("content")).len(), before, "{args:?}");
        assert_eq!(run.stdout, "", "{args:?}");
    }
    // A URL no page claims is fine, and a build of the site then has no clash.
    run_in(site.root(), &["new", "Rest", "--dir", "later"]).assert_ok();
    assert!(site.exists("content/later/rest.md"));
}

/// A site with `languages`: `new` knows the URLs translations and the languages' own pages
/// have, as a build does.
#[test]
fn new_on_a_site_with_translations_refuses_their_urls_and_the_languages_pages() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let yaml = fs::read_to_string(site.path("site.yaml")).unwrap_or_default();
    let yaml = yaml.replace(
        "# languages:\n#   - { code: en, name: English }\n#   - { code: mi, name: Te reo Māori, prefix: mi/ }",
        "languages:\n  - { code: en, name: English }\n  - { code: mi, name: Te reo Māori, prefix: mi/ }",
    );
    assert!(yaml.contains("\nlanguages:\n"), "init's site.yaml changed");
    site.file("site.yaml", yaml);
    site.file(
        "content/rest.md",
        "---\ntitle: Rest\ndescription: d\n---\n\nText.\n",
    );
    site.file(
        "content/rest.mi.md",
        "---\ntitle: Okiokinga\ndescription: d\n---\n\nKupu.\n",
    );
    site.file(
        "content/walk.mi.md",
        "---\ntitle: Hīkoi\ndescription: d\nslug: haere\n---\n\nKupu.\n",
    );
    for (args, code, file, says) in [
        (
            &["new", "Rest", "--dir", "mi"][..],
            1,
            "content/rest.mi.md",
            "content/rest.mi.md already has the URL `mi/rest/`, which content/mi/rest.md would want too",
        ),
        (
            &["new", "Haere", "--dir", "mi"],
            1,
            "content/walk.mi.md",
            "content/walk.mi.md already has the URL `mi/haere/` (its `slug`)",
        ),
        (
            &["new", "Mi"],
            2,
            "",
            "the page content/mi.md would be at `mi/`, so no build would publish it: it would overwrite the home page of `mi`",
        ),
        (
            &["new", "Page", "--dir", "mi"],
            2,
            "",
            "would overwrite the home page of `mi`'s `mi/page/1/` redirect and its later pages (`page/2/` and on)",
        ),
        (
            &["new", "Search", "--dir", "MI"],
            2,
            "",
            "the `mi` language's own `search`",
        ),
    ] {
        let before = files_under(&site.path("content")).len();
        let run = run_in(site.root(), args);
        run.assert_code(code);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{args:?}: {errors:#?}");
        assert!(errors[0].message.contains(says), "{args:?}: {}", run.stderr);
        assert_eq!(errors[0].file, file, "{args:?}");
        assert!(errors[0].hint.is_some(), "{args:?}");
        assert_eq!(files_under(&site.path("content")).len(), before, "{args:?}");
    }
    // The default language's version of a translation is not a clash: the two are one page.
    site.file(
        "content/sleep.mi.md",
        "---\ntitle: Moe\ndescription: d\n---\n\nKupu.\n",
    );
    run_in(site.root(), &["new", "Sleep"]).assert_ok();
    let built = site.build_exactly(&["--drafts"]);
    built.assert_ok();
    let html = site.html("output/sleep/index.html");
    assert_eq!(
        attrs(&html, "link[rel=alternate][hreflang=mi]", "href").len(),
        1,
        "{}",
        built.stderr
    );
}

/// A bundle whose front matter does not parse is not read by a build, but its URL is still
/// taken: `new` finds it by its file name (as it does when site.yaml cannot be read).
#[test]
fn new_refuses_the_url_of_a_bundle_whose_front_matter_is_broken() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    site.file(
        "content/rest/index.md",
        "---\ntitle: [never closed\n---\n\nText.\n",
    );
    let run = run_in(site.root(), &["new", "Rest"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("content/rest/index.md already has the URL `rest/`, which content/rest.md would want too"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("content/rest.md"));
}

/// `new` writes a draft, which `build` leaves out: its summary says so, and how to build it.
#[test]
fn build_counts_the_draft_new_wrote_and_says_how_to_build_it() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    run_in(
        site.root(),
        &["new", "Sleep and mood", "--category", "Wellbeing"],
    )
    .assert_ok();
    let built = run_in(site.root(), &["build"]);
    built.assert_ok();
    assert!(
        built
            .stdout
            .contains(": 1 page (1 draft left out; --drafts builds it), 2 categories,"),
        "{}",
        built.stdout
    );
    assert!(!site.exists("output/sleep-and-mood/index.html"));
    let drafts = run_in(site.root(), &["build", "--drafts"]);
    drafts.assert_ok();
    assert!(
        drafts.stdout.contains(": 2 pages, 2 categories,"),
        "{}",
        drafts.stdout
    );
    assert!(site.exists("output/sleep-and-mood/index.html"));
}

/// `check` leaves the draft `new` wrote unchecked too: its summary says so, not "no problems
/// found" alone, and `--drafts` checks it (its placeholder text then warns).
#[test]
fn check_counts_the_draft_it_left_out_and_says_how_to_check_it() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    run_in(site.root(), &["new", "Sleep and mood"]).assert_ok();
    let checked = run_in(site.root(), &["check"]);
    checked.assert_ok();
    assert!(
        checked
            .stdout
            .contains("Checked 1 page (1 draft left out; --drafts checks it) in "),
        "{}",
        checked.stdout
    );
    let drafts = run_in(site.root(), &["check", "--drafts"]);
    drafts.assert_ok();
    assert!(
        drafts.stdout.contains("Checked 2 pages in "),
        "{}",
        drafts.stdout
    );
    assert!(
        drafts.stderr.contains("still holds the placeholder text"),
        "{}",
        drafts.stderr
    );
}

/// A site with a glossary or a published review report: `new` refuses their URLs too.
#[test]
fn new_refuses_the_urls_a_site_s_options_add() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let yaml = fs::read_to_string(site.path("site.yaml")).unwrap_or_default();
    site.file(
        "site.yaml",
        format!("{yaml}\nglossary: glossary.yaml\nreview:\n  publish_report: true\n"),
    );
    site.file("glossary.yaml", "kai: { lang: mi, meaning: food }\n");
    for (title, says) in [
        (
            "Glossary",
            "it is under `glossary/`, where attach-gen writes the glossary page",
        ),
        (
            "Reviews",
            "it is under `reviews/`, where attach-gen writes the review report",
        ),
    ] {
        let run = run_in(site.root(), &["new", title]);
        run.assert_code(2);
        assert!(run.stderr.contains(says), "{title}: {}", run.stderr);
        assert!(!site.exists(&format!("content/{}.md", title.to_lowercase())));
    }
}

#[test]
fn new_rejects_a_title_without_letters() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let run = run_in(site.root(), &["new", "!!! ???"]);
    run.assert_code(1);
    let error = &run.errors()[0];
    assert!(
        error.message.contains("no letters or digits"),
        "{}",
        run.stderr
    );
    assert!(error.hint.is_some(), "{}", run.stderr);
    assert!(
        files_under(&site.path("content")).len() == 1,
        "nothing new written"
    );
}

/// `attach-gen new Two words` got clap's "unexpected argument 'words' found".
#[test]
fn new_with_an_unquoted_title_says_to_quote_it() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let before = files_under(&site.path("content")).len();
    let run = run_in(
        site.root(),
        &[
            "new",
            "Sleep",
            "and",
            "mood",
            "--category",
            "For Family",
            "--dir",
            "guides",
        ],
    );
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("`new` takes the title as one argument, but it got 3 words"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "put the title in quotes: attach-gen new \"Sleep and mood\" --category \"For Family\" --dir guides"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("unexpected argument"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(&site.path("content")).len(), before);
    // A title with a quote or `$` in it is shown in single quotes, as a shell keeps it.
    let run = run_in(site.root(), &["new", "Rest", "$5", "plan"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("attach-gen new 'Rest $5 plan'"),
        "{}",
        run.stderr
    );
    // Other unexpected arguments keep clap's message, among several words too: quoting them
    // would not mend an option `new` does not have (it was put in the command to paste).
    for args in [
        &["new", "Rest", "--bogus"][..],
        &["new", "Rest", "and", "sleep", "--bogus"],
        &["new", "--bogus", "content/a.mi.md", "content/b.mi.md"],
    ] {
        let run = run_in(site.root(), args);
        run.assert_code(2);
        assert!(
            run.stderr.contains("unexpected argument '--bogus'"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("put the title in quotes"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // Several translations' file names are not a title to quote.
    let run = run_in(site.root(), &["new", "content/a.mi.md", "content/b.mi.md"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains(
            "`new` starts one page at a time, but it got 2 arguments: `content/a.mi.md`, `content/b.mi.md`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("put the title in quotes"),
        "{}",
        run.stderr
    );
    // `new`'s own options, written as clap also reads them, are not unknown ones: the title is
    // still to be quoted, with them kept in the command to paste.
    for (option, kept) in [
        (
            "-cWellbeing",
            "attach-gen new \"Rest and sleep\" -cWellbeing",
        ),
        ("--help", "attach-gen new \"Rest and sleep\" --help"),
        ("-h", "attach-gen new \"Rest and sleep\" -h"),
    ] {
        let run = run_in(site.root(), &["new", "Rest", "and", "sleep", option]);
        run.assert_code(2);
        assert!(
            run.stderr
                .contains(&format!("put the title in quotes: {kept}")),
            "{option}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("no such option"), "{}", run.stderr);
    }
    // Options written after `--` are words of the title there: the help puts them before it,
    // rather than folding them into the title (`new -- "-5 ways to rest -c Wellbeing"`).
    for (args, help) in [
        (
            &["new", "--", "-5 ways to rest", "-c", "Wellbeing"][..],
            "put the options before `--`: attach-gen new -c Wellbeing -- \"-5 ways to rest\"",
        ),
        (
            &["new", "--", "-5 ways", "-cWellbeing", "--dir=guides"],
            "put the options before `--`: attach-gen new -cWellbeing --dir=guides -- \"-5 ways\"",
        ),
        (
            &["new", "--", "-5 ways", "-c"],
            "put the options before `--`: attach-gen new -c NAME -- \"-5 ways\"",
        ),
        (
            &["new", "--", "Sleep", "well", "--dir", "guides"],
            "put the title in quotes: attach-gen new \"Sleep well\" --dir guides",
        ),
    ] {
        let run = run_in(site.root(), args);
        run.assert_code(2);
        assert!(run.stderr.contains(help), "{args:?}: {}", run.stderr);
    }
    // A word holding a terminal control is shown printable, not sent to the terminal.
    for args in [
        &["new", "a\u{1b}[31mred", "b.md"][..],
        &["new", "Rest", "\u{1b}[31mred"],
    ] {
        let run = run_in(site.root(), args);
        run.assert_code(2);
        assert!(!run.stderr.contains('\u{1b}'), "{args:?}: {}", run.stderr);
    }
    assert_eq!(files_under(&site.path("content")).len(), before);
}

#[test]
fn new_outside_a_site_and_bad_dirs_are_usage_errors() {
    let site = Site::bare();
    run_in(site.root(), &["new", "Rest"]).assert_code(2);
    run_in(site.root(), &["init"]).assert_ok();
    run_in(site.root(), &["new", "Rest", "--dir", "../outside"]).assert_code(2);
    assert!(!site.exists("outside"));
}

/// `--dir content/..` was reported as `--dir ..` (what was left once `content/` was taken
/// off), which the editor never typed.
#[test]
fn a_dir_outside_content_is_named_as_typed_with_what_to_do() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let before = files_under(site.root());
    for (dir, why) in [
        (
            "content/..",
            "--dir `content/..` leads out of content/ with `..`",
        ),
        (
            "content/../guides",
            "--dir `content/../guides` leads out of content/",
        ),
        ("../outside", "--dir `../outside` leads out of content/"),
        (
            "./content/../..",
            "--dir `./content/../..` leads out of content/",
        ),
        ("guides/../tips", "--dir `guides/../tips` has `..` in it"),
        ("/tmp", "--dir `/tmp` is an absolute path, outside content/"),
    ] {
        let run = run_in(site.root(), &["new", "Rest", "--dir", dir]);
        run.assert_code(2);
        assert!(run.stderr.contains(why), "{dir}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("writes pages only in content/ and the folders inside it"),
            "{dir}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("such as `--dir guides` for content/guides/"),
            "{dir}: {}",
            run.stderr
        );
    }
    assert_eq!(files_under(site.root()), before, "nothing was written");
}

/// `--dir` made folders named with control characters (`$'gui\x01des'`, a line break) and
/// characters Windows refuses (`x:y`, `a\b`), where the site could then not be checked out.
/// The message shows a control character as its picture (␁), never the character itself.
#[test]
fn a_dir_with_characters_no_folder_should_hold_is_refused_with_the_command_to_run() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let before = files_under(site.root());
    for (dir, why, instead) in [
        (
            "gui\u{1}des",
            "--dir `gui\u{2401}des` holds the control character U+0001",
            Some("attach-gen new \"Sleep tips\" --dir guides"),
        ),
        (
            "gui\ndes",
            "--dir `gui\u{240a}des` holds a line break",
            Some("attach-gen new \"Sleep tips\" --dir \"gui des\""),
        ),
        (
            "Guides: sleep?",
            "holds `:`, which Windows does not allow in a folder's name",
            Some("attach-gen new \"Sleep tips\" --dir \"Guides sleep\""),
        ),
        (
            "guides\\sleep",
            "holds `\\`, which Windows reads as a folder separator",
            Some("attach-gen new \"Sleep tips\" --dir guides/sleep"),
        ),
        ("?", "holds `?`", None),
        // Cleaned, these lead out of content/: no command that sends the page there.
        ("..\\guides", "holds `\\`", None),
        ("..?", "holds `?`", None),
    ] {
        let run = run_in(site.root(), &["new", "Sleep tips", "--dir", dir]);
        run.assert_code(2);
        let first = run.stderr.lines().next().unwrap_or_default();
        assert!(first.contains(why), "{dir:?}: {}", run.stderr);
        let help = run
            .stderr
            .lines()
            .find(|l| l.contains("help:"))
            .unwrap_or_default();
        assert!(
            help.contains("a folder's name is plain words; separate folders with `/`"),
            "{dir:?}: {}",
            run.stderr
        );
        match instead {
            Some(command) => assert!(help.ends_with(command), "{dir:?}: {help}"),
            None => assert!(!help.contains("attach-gen new"), "{dir:?}: {help}"),
        }
    }
    // One outside content/ is told so first, not sent to `--dir tmp/a` or `--dir ../a`.
    for (dir, why) in [
        (
            "/tmp/a?",
            "--dir `/tmp/a?` is an absolute path, outside content/",
        ),
        ("../a?", "--dir `../a?` leads out of content/ with `..`"),
    ] {
        let run = run_in(site.root(), &["new", "Sleep tips", "--dir", dir]);
        run.assert_code(2);
        assert!(run.stderr.contains(why), "{dir}: {}", run.stderr);
    }
    assert_eq!(files_under(site.root()), before, "nothing was written");
    // The suggested command works.
    run_in(site.root(), &["new", "Sleep tips", "--dir", "guides/sleep"]).assert_ok();
    assert!(site.exists("content/guides/sleep/sleep-tips.md"));
}

/// `init` inside another site's `content/` wrote a site whose sample page the outer site's
/// next build published as its own; inside its `output/`, a site the next build deleted.
#[test]
fn init_inside_another_site_s_content_or_output_is_refused() {
    let site = Site::bare();
    run_in(site.root(), &["init", "outer"]).assert_ok();
    let outer = site.path("outer");
    run_in(&outer, &["build"]).assert_ok();
    let before = files_under(&outer);
    for (from, folder) in [
        ("content", "content"),
        ("output", "output"),
        ("static", "static"),
    ] {
        std::fs::create_dir_all(outer.join(from)).unwrap_or_default();
        let run = run_in(&outer.join(from), &["init", "inner"]);
        run.assert_code(2);
        let first = run.stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!(
                "error: inner is inside {folder}/ of the site in {}",
                outer.canonicalize().unwrap_or_default().display()
            )),
            "{}",
            run.stderr
        );
        let outside = site.root().canonicalize().unwrap_or_default();
        assert!(
            run.stderr.contains(&format!(
                "= help: start the new site outside that one: cd {} && attach-gen init inner",
                outside.display()
            )),
            "{}",
            run.stderr
        );
        assert!(!outer.join(from).join("inner").exists());
    }
    assert!(
        run_in(&outer.join("output"), &["init", "inner"])
            .stderr
            .contains("its next build would delete it")
    );
    assert_eq!(files_under(&outer), before, "nothing was written");
    // Elsewhere in the site's folder no build reads it: allowed.
    run_in(&outer, &["init", "another"]).assert_ok();
    run_in(&outer, &["build"]).assert_ok();
    assert!(!outer.join("output/another").exists());
}

/// `init` looked only at the nearest site.yaml and at `output/`: under a stray site.yaml in
/// another site's `content/notes/`, or in a folder built with `--output public`, it wrote a
/// site that the outer site's build published, or that the next build deleted.
#[test]
fn init_looks_at_every_site_above_and_at_any_built_output_folder() {
    let site = Site::bare();
    run_in(site.root(), &["init", "outer"]).assert_ok();
    let outer = site.path("outer");
    // A stray site.yaml inside content/ (a copied example, say) is the nearest one.
    std::fs::create_dir_all(outer.join("content/notes")).unwrap_or_default();
    std::fs::write(outer.join("content/notes/site.yaml"), "title: Notes\n").unwrap_or_default();
    let run = run_in(&outer.join("content/notes"), &["init", "inner"]);
    run.assert_code(2);
    let outer_shown = outer.canonicalize().unwrap_or_default();
    assert!(
        run.stderr.starts_with(&format!(
            "error: inner is inside content/ of the site in {}",
            outer_shown.display()
        )),
        "{}",
        run.stderr
    );
    assert!(!outer.join("content/notes/inner").exists());
    std::fs::remove_file(outer.join("content/notes/site.yaml")).unwrap_or_default();
    // A site built into a folder of another name, beside it.
    run_in(&outer, &["build", "--output", "../public"]).assert_ok();
    let public = site.path("public");
    std::fs::create_dir_all(public.join("guides")).unwrap_or_default();
    let before = files_under(&public);
    let run = run_in(&public.join("guides"), &["init", "inner"]);
    run.assert_code(2);
    let public_shown = public.canonicalize().unwrap_or_default();
    assert!(
        run.stderr.starts_with(&format!(
            "error: inner is inside {}, a site that attach-gen built (it has a .attach-gen-output): the next build into that folder would delete it",
            public_shown.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "= help: start the new site outside that one: cd {} && attach-gen init inner",
            site.root().canonicalize().unwrap_or_default().display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(&public), before, "nothing was written");
}

/// `new` wrote pages every build then skipped (`--dir .hidden`) or refused (`new con`,
/// `new Categories`), and a 100-word title ended in "File name too long (os error 36)".
#[test]
fn new_refuses_pages_no_build_would_publish_and_shortens_long_titles() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let before = files_under(&site.path("content"));
    for (args, expected) in [
        (
            &["new", "Hello", "--dir", ".hidden"][..],
            "the page `content/.hidden/hello.md` is in a hidden folder, which builds skip",
        ),
        (
            &["new", "Hello", "--dir", "a/.git"][..],
            "the page `content/a/.git/hello.md` is in a hidden folder",
        ),
        (&["new", "Con"][..], "uses `con`, a name Windows reserves"),
        (
            &["new", "Categories"][..],
            "would be at `categories/`, which attach-gen writes itself",
        ),
    ] {
        let run = run_in(site.root(), args);
        run.assert_code(2);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
    assert_eq!(
        files_under(&site.path("content")),
        before,
        "nothing written"
    );

    let title: Vec<String> = (0..100).map(|i| format!("word{i}")).collect();
    run_in(site.root(), &["new", &title.join(" ")]).assert_ok();
    let written = site.path(
        "content/word0-word1-word2-word3-word4-word5-word6-word7-word8-word9-word10-word11.md",
    );
    assert!(
        written.is_file(),
        "{:?}",
        files_under(&site.path("content"))
    );
    let text = std::fs::read_to_string(&written).unwrap_or_default();
    assert!(
        text.contains("word99"),
        "the whole title is kept in the page"
    );
}

/// `new --dir "Our Guides"` was refused ("contains a space, which cannot stand in a URL path"),
/// though a build publishes `content/Our Guides/x.md` at `our-guides/x/`: the folders' names
/// were checked as written, not as the build makes them into a URL. `--dir "Search!"` (the
/// build's `search/`) and `--dir "!!!"` (no URL at all) were not refused for what they are.
#[test]
fn new_makes_the_url_from_its_folders_as_a_build_does() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let run = run_in(
        site.root(),
        &["new", "Sleep", "--dir", "Our Guides/Ngā Mahi"],
    );
    run.assert_ok();
    assert_eq!(run.stdout.trim(), "content/Our Guides/Ngā Mahi/sleep.md");
    run_in(site.root(), &["build", "--drafts"]).assert_ok();
    assert!(site.exists("output/our-guides/nga-mahi/sleep/index.html"));
    let before = files_under(&site.path("content"));
    for (dir, expected) in [
        (
            "Search!",
            "the page `content/Search!/hello.md` would be at `search/`, which attach-gen writes itself",
        ),
        (
            "a/!!!",
            "the page `content/a/!!!/hello.md` is in the folder `!!!`, whose name has no letters or digits to make a URL from",
        ),
    ] {
        let run = run_in(site.root(), &["new", "Hello", "--dir", dir]);
        run.assert_code(2);
        assert!(run.stderr.contains(expected), "{dir}: {}", run.stderr);
    }
    assert_eq!(
        files_under(&site.path("content")),
        before,
        "nothing written"
    );
}

/// `new --category` with a name site.yaml's closed list lacks was written as typed, and only
/// the build that published the page (a new page is a draft) said so. It is refused now, with
/// the nearest name; a listed name written in other case, or an alias, becomes the category's
/// own name.
#[test]
fn new_checks_categories_against_the_closed_list() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let run = run_in(site.root(), &["new", "Kia kaha", "--category", "Wellbieng"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("--category `Wellbieng` is not one of the categories site.yaml lists"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `Wellbeing`?"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("content/kia-kaha.md"));
    // A word of a listed name, its macron left out, had no suggestion.
    let run = run_in(site.root(), &["new", "Kia kaha", "-c", "Whanau"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("did you mean `For Family / Whānau`?"),
        "{}",
        run.stderr
    );
    run_in(site.root(), &["new", "Kia kaha", "-c", "wellbeing"]).assert_ok();
    let text = fs::read_to_string(site.path("content/kia-kaha.md")).unwrap_or_default();
    assert!(text.contains("categories: [\"Wellbeing\"]\n"), "{text}");
    // An open list takes any name.
    let config = fs::read_to_string(site.path("site.yaml")).unwrap_or_default();
    site.file("site.yaml", format!("{config}\ncategories_open: true\n"));
    run_in(site.root(), &["new", "Whānau time", "-c", "Tamariki"]).assert_ok();
    let text = fs::read_to_string(site.path("content/whanau-time.md")).unwrap_or_default();
    assert!(text.contains("categories: [\"Tamariki\"]\n"), "{text}");
    // A name another page uses (a draft too) is written as it is there; one given twice, once.
    run_in(
        site.root(),
        &[
            "new",
            "Play",
            "-c",
            "tamariki",
            "-c",
            "Wellbeing",
            "-c",
            "wellbeing",
        ],
    )
    .assert_ok();
    let text = fs::read_to_string(site.path("content/play.md")).unwrap_or_default();
    assert!(
        text.contains("categories: [\"Tamariki\", \"Wellbeing\"]\n"),
        "{text}"
    );
    let check = run_in(site.root(), &["check", "--drafts"]);
    assert!(!check.stderr.contains("is spelled"), "{}", check.stderr);
}

/// `new` into a read-only `content/`, `init` into a read-only folder, and a build whose output
/// goes in a read-only folder said only "Permission denied" (or named the output, not the
/// folder that refused): each names the folder and how to make it writable.
#[test]
fn new_init_and_build_name_the_folder_they_may_not_write_to() {
    use std::os::unix::fs::PermissionsExt;
    let top = Site::bare();
    run_in(top.root(), &["init", "site"]).assert_ok();
    fs::create_dir(top.path("locked")).expect("mkdir");
    let site = top.path("site");
    let lock = |p: &std::path::Path, mode: u32| {
        fs::set_permissions(p, fs::Permissions::from_mode(mode)).expect("chmod")
    };
    lock(&site.join("content"), 0o555);
    lock(&top.path("locked"), 0o555);
    let cases: [(&std::path::Path, &std::path::Path, Vec<&str>, &str, &str); 4] = [
        (
            &site,
            &site.join("content"),
            vec!["new", "A page"],
            "cannot write content/a-page.md: you may not write to the folder content (",
            "(`ls -ld content`) and make it writable (`chmod u+w content`), or run attach-gen new as the user who owns the site",
        ),
        (
            top.root(),
            &top.path("locked"),
            vec!["init", "locked"],
            "cannot write locked/site.yaml: you may not write to the folder locked (",
            "(`chmod u+w locked`), or start the site in a folder of your own",
        ),
        (
            top.root(),
            &top.path("locked"),
            vec!["init", "locked/new"],
            "cannot create locked/new: you may not write to the folder locked (",
            "(`chmod u+w locked`)",
        ),
        (
            &site,
            &top.path("locked"),
            vec!["build", "--output", "../locked/out"],
            "cannot write the site into ../locked/out: you may not write to ../locked, the folder it goes in (",
            "(`chmod u+w ../locked`), or build somewhere else with --output DIR",
        ),
    ];
    for (cwd, locked, args, message, hint) in cases {
        let Some(run) = run_locked_out(top.root(), cwd, locked, &args) else {
            return;
        };
        run.assert_code(1);
        let errors = run.errors();
        assert!(
            errors.len() == 1
                && errors[0].message.starts_with(message)
                && errors[0].hint.as_deref().is_some_and(|h| h.contains(hint)),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!top.exists("site/content/a-page.md") && !top.exists("locked/new"));
    lock(&site.join("content"), 0o755);
    lock(&top.path("locked"), 0o755);
}

/// `attach-gen new Sleep tips <a word that is not UTF-8>` panicked: the hint for an unquoted
/// title read the arguments with `std::env::args`, which panics on one that is not UTF-8.
/// Such a run is a usage error (exit 2), as any other mistyped command.
#[cfg(unix)]
#[test]
fn new_with_unquoted_words_one_not_utf8_is_a_usage_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let before = files_under(&site.path("content")).len();
    for words in [
        [b"Sleep".as_slice(), b"tips", b"\xff"],
        [b"\xffSleep".as_slice(), b"tips", b"now"],
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_attach-gen"))
            .arg("new")
            .args(words.iter().map(|w| std::ffi::OsStr::from_bytes(w)))
            .current_dir(site.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run attach-gen");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        // No command is suggested from a word that could not be pasted back as written:
        // clap's own usage error is shown.
        assert!(stderr.contains("error:"), "{stderr}");
        assert!(!stderr.contains("put the title in quotes"), "{stderr}");
    }
    assert_eq!(files_under(&site.path("content")).len(), before);
}

/// `new $'Sleep\nand mood'` wrote `title: "Sleep\nand mood"`: a line break no one meant, kept
/// in the page's `<h1>`, feeds and JSON-LD, and in no warning. Control characters and the
/// invisible ones the build warns of are refused, with the command to run instead.
#[test]
fn new_refuses_line_breaks_and_other_control_characters_in_a_title() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let before = files_under(&site.path("content"));
    for (title, holds, suggested) in [
        ("Sleep\nand mood", "a line break", "\"Sleep and mood\""),
        (
            "Sleep\r\nand mood",
            "a carriage return",
            "\"Sleep and mood\"",
        ),
        ("Sleep\tand mood", "a tab", "\"Sleep and mood\""),
        (
            "Sleep\u{1b}[31m",
            "the control character U+001B",
            "\"Sleep[31m\"",
        ),
        ("Sleep\u{7f}", "the control character U+007F", "Sleep"),
        (
            "Sleep\u{85}mood",
            "the control character U+0085",
            "Sleepmood",
        ),
        ("Sleep\u{fffe}", "the control character U+FFFE", "Sleep"),
        (
            "Sleep\u{2028}and mood",
            "an invisible line separator, U+2028",
            "\"Sleep and mood\"",
        ),
        (
            "Sle\u{200b}ep",
            "an invisible zero-width character, U+200B",
            "Sleep",
        ),
        (
            "\u{feff}Sleep",
            "an invisible zero-width character, U+FEFF",
            "Sleep",
        ),
        (
            "Sleep\u{202e}doom",
            "an invisible direction control, U+202E",
            "Sleepdoom",
        ),
    ] {
        let run = run_in(
            site.root(),
            &["new", title, "--category", "Wellbeing", "--dir", "guides"],
        );
        run.assert_code(2);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{title:?}: {}", run.stderr);
        assert!(
            errors[0].message.contains(&format!("holds {holds}")),
            "{title:?}: {}",
            run.stderr
        );
        // The control character is shown by its picture, never sent to the terminal.
        assert!(
            !run.stderr.contains(
                ['\n', '\t', '\u{1b}', '\u{7f}']
                    .map(|c| format!("`{c}"))
                    .concat()
                    .as_str()
            )
        );
        assert!(
            !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{202e}'),
            "{title:?}"
        );
        assert_eq!(
            errors[0].hint.as_deref(),
            Some(
                format!(
                    "a title is one line of plain text, typed or pasted without such characters: attach-gen new {suggested} --category Wellbeing --dir guides"
                )
                .as_str()
            ),
            "{title:?}"
        );
    }
    // A category's name likewise.
    let run = run_in(site.root(), &["new", "Rest", "--category", "Well\nbeing"]);
    run.assert_code(2);
    assert_eq!(
        run.errors()[0].message,
        "--category `Well␊being` holds a line break"
    );
    // And a span the build would refuse, as for a category.
    let run = run_in(site.root(), &["new", "Kai [for]{onclick=alert(1)}"]);
    run.assert_code(2);
    assert!(
        run.errors()[0]
            .message
            .contains("`onclick=alert(1)` cannot be set on a span"),
        "{}",
        run.stderr
    );
    assert_eq!(
        files_under(&site.path("content")),
        before,
        "nothing written"
    );
    // The command suggested writes the page.
    run_in(
        site.root(),
        &[
            "new",
            "Sleep and mood",
            "--category",
            "Wellbeing",
            "--dir",
            "guides",
        ],
    )
    .assert_ok();
}

/// Titles YAML would read as something else unquoted, or that a shell or clap would: each is
/// written so that the built page's `<h1>` and `<title>` are the title exactly.
#[test]
fn new_titles_with_yaml_s_own_characters_round_trip_into_the_built_page() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let long = "Long ".repeat(200) + "end";
    let one_word = "a".repeat(300);
    let titles: Vec<(&str, String)> = [
        ("key-value-not-a-comment", "Key: value # not a comment"),
        ("question", "? question"),
        ("anchor", "& anchor"),
        ("alias", "* alias"),
        ("tag", "!tag"),
        ("hash", "#hash"),
        ("bracket", "[bracket"),
        ("brace", "{brace"),
        ("single", "'single'"),
        ("double", "\"double\" \\ back"),
        ("yes", "yes"),
        ("null", "null"),
        ("0x1f", "0x1F"),
        ("percent", "%percent"),
        ("at", "@at"),
        ("tick", "`tick"),
        ("pipe", "|pipe"),
        ("fold", ">fold"),
        (
            "kai-for-the-whole-whanau",
            "Kai for the whole [whānau]{lang=mi}",
        ),
    ]
    .into_iter()
    .map(|(slug, title)| (slug, title.to_string()))
    .chain([("long-long", long.clone()), ("a", one_word.clone())])
    .collect();
    for (_, title) in &titles {
        run_in(site.root(), &["new", title]).assert_ok();
    }
    // A title that starts with `-` is written after `--`.
    for title in ["- dash first", "-5 ways to rest"] {
        run_in(site.root(), &["new", "--", title]).assert_ok();
    }
    site.build_exactly(&["--drafts"]).assert_ok();
    let pages = files_under(&site.path("output"));
    let mut checked = 0;
    for page in pages.iter().filter(|p| p.ends_with("index.html")) {
        let html = parse_html_file(page);
        let Some(h1) = texts(&html, "h1").into_iter().next() else {
            continue;
        };
        let expected: Vec<String> = titles
            .iter()
            .map(|(_, t)| t.replace("[whānau]{lang=mi}", "whānau"))
            .chain(["- dash first".into(), "-5 ways to rest".into()])
            .collect();
        if !expected.contains(&h1) {
            continue;
        }
        checked += 1;
        let title = texts(&html, "title").concat();
        assert!(title.starts_with(&h1), "{title:?} for {h1:?}");
    }
    assert_eq!(
        checked,
        titles.len() + 2,
        "every title's page found by its <h1>"
    );
    // The span is marked up in the heading.
    let html = site.html("output/kai-for-the-whole-whanau/index.html");
    assert_eq!(attrs(&html, "h1 span[lang]", "lang"), ["mi"]);
    // Long titles make file names cut to 80 bytes, at a word's end when there is one.
    assert!(site.exists(&format!("content/{}.md", "a".repeat(80))));
    assert!(site.exists(&format!("content/{}.md", ["long"; 16].join("-"))));
}

/// `new "- dash first"` got clap's "unexpected argument '- ' found" and a tip to pass `'- '`.
#[test]
fn new_with_a_title_that_starts_with_a_hyphen_says_to_put_two_hyphens_before_it() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let before = files_under(&site.path("content"));
    for (args, command) in [
        (
            &["new", "- dash first", "-c", "Wellbeing"][..],
            "attach-gen new -c Wellbeing -- \"- dash first\"",
        ),
        (
            &["new", "-5 ways to rest"][..],
            "attach-gen new -- \"-5 ways to rest\"",
        ),
        (&["new", "-5"][..], "attach-gen new -- -5"),
        // One word of letters that is no option of `new`: clap's tip was `-- -r`.
        (&["new", "-rf"][..], "attach-gen new -- -rf"),
        (
            &["new", "-cWellbeing", "-Kia"][..],
            "attach-gen new -cWellbeing -- -Kia",
        ),
    ] {
        let run = run_in(site.root(), args);
        run.assert_code(2);
        assert!(
            run.stderr
                .contains("starts with `-`, so it is read as an option"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!(
                "put `--` before the title (every word after it is the title): {command}"
            )),
            "{args:?}: {}",
            run.stderr
        );
    }
    // Unquoted words after `--`: the quoted title goes after it too.
    let run = run_in(site.root(), &["new", "--", "-5", "ways"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("attach-gen new -- \"-5 ways\""),
        "{}",
        run.stderr
    );
    assert_eq!(
        files_under(&site.path("content")),
        before,
        "nothing written"
    );
    // `new`'s own short options are still options.
    let help = run_in(site.root(), &["new", "-h"]);
    help.assert_ok();
    assert!(help.stdout.contains("--category"), "{}", help.stdout);
    let run = run_in(site.root(), &["new", "-cWellbeing", "Rest well"]);
    run.assert_ok();
    assert_eq!(run.stdout.trim(), "content/rest-well.md");
    // An unknown option is still clap's to report.
    let run = run_in(site.root(), &["new", "Rest", "--bogus"]);
    assert!(
        run.stderr.contains("unexpected argument '--bogus'"),
        "{}",
        run.stderr
    );
}

/// A site in English and te reo Māori with one English page to translate.
fn bilingual_site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Hauora Hub\nbase_url: https://example.org/h\nlanguages:\n  - { code: en-NZ, name: English }\n  - { code: mi, name: Te reo Māori, prefix: mi/ }\ncategories:\n  - name: { en-NZ: Wellbeing, mi: Hauora }\n  - name: Sleep\n",
    )
    .page(
        "content/guides/sleep.md",
        "title: Sleep\ndescription: How rest and mood go together.\ncategories: [Sleep, Wellbeing]\ndate: 2024-03-01\nweight: 2\nslug: rest\naliases:\n  - old/sleep/\n",
        "Sleep well.\n",
    );
    site
}

#[test]
fn new_with_a_translations_file_name_starts_it_from_the_original() {
    let site = bilingual_site();
    let run = run_in(site.root(), &["new", "guides/sleep.mi.md"]);
    run.assert_ok();
    assert_eq!(run.stdout.trim(), "content/guides/sleep.mi.md");
    let text = fs::read_to_string(site.path("content/guides/sleep.mi.md")).unwrap_or_default();
    for copied in [
        "title: Sleep\n",
        "description: How rest and mood go together.\n",
        "categories: [Sleep, Wellbeing]\n",
        "date: 2024-03-01\n",
        "weight: 2\n",
        "draft: true\n",
        "Write the page here.",
    ] {
        assert!(text.contains(copied), "no {copied:?} in:\n{text}");
    }
    // Its own URL, not the original's, and no old URLs of the original's.
    assert!(
        !text.contains("slug") && !text.contains("old/sleep"),
        "{text}"
    );
    // A draft with placeholder text: left out until written, built with --drafts as the te
    // reo version of the page, linked both ways.
    run_in(site.root(), &["build", "--drafts"]).assert_ok();
    let maori = site.html("output/mi/guides/sleep/index.html");
    assert_eq!(attrs(&maori, "html", "lang"), ["mi"]);
    assert_eq!(
        attrs(&maori, "link[rel='alternate'][hreflang='en-NZ']", "href"),
        ["https://example.org/h/rest/"]
    );
    // `content/` may be typed, and --category replaces the original's categories.
    site.remove("content/guides/sleep.mi.md");
    run_in(
        site.root(),
        &["new", "content/guides/sleep.mi.md", "--category", "hauora"],
    )
    .assert_ok();
    let text = fs::read_to_string(site.path("content/guides/sleep.mi.md")).unwrap_or_default();
    assert!(text.contains("categories: [\"Wellbeing\"]\n"), "{text}");
    assert!(!text.contains("[Sleep, Wellbeing]"), "{text}");
    // Never twice.
    let again = run_in(site.root(), &["new", "guides/sleep.mi.md"]);
    again.assert_code(1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

/// A translation already there under its code in other case (`sleep.MI.md`, or the bundle
/// `sleep.Mi/index.md`) is the same version, since a code is read in any case: `new
/// guides/sleep.mi.md` refuses, naming it, and writes nothing (a build would refuse the two).
#[test]
fn new_refuses_a_translation_there_already_with_its_code_in_other_case() {
    for there in [
        "content/guides/sleep.MI.md",
        "content/guides/sleep.Mi/index.md",
    ] {
        let site = bilingual_site();
        site.page(there, "title: Moe", "He kōrero.\n");
        for asked in ["guides/sleep.mi.md", "guides/sleep.mi/index.md"] {
            let run = run_in(site.root(), &["new", asked]);
            run.assert_code(1);
            assert!(
                run.stderr
                    .contains(&format!("{there} is already the `mi` version of this page")),
                "{there}, {asked}: {}",
                run.stderr
            );
            assert_eq!(
                files_under(&site.path("content")).len(),
                2,
                "{there}, {asked}: a file was written"
            );
        }
        assert!(
            fs::read_to_string(site.path(there))
                .unwrap()
                .contains("title: Moe")
        );
    }
}

#[test]
fn new_refuses_a_translation_the_site_cannot_have_and_says_what_to_do() {
    let site = bilingual_site();
    let cases: [(&str, i32, &str, &str); 4] = [
        (
            "guides/sleep.sm.md",
            1,
            "`sm` is not one of the site's languages (en-NZ, mi)",
            "add `- { code: sm, name: <its name in sm>, prefix: sm/ }` to `languages` in site.yaml",
        ),
        (
            "guides/sleep.en-NZ.md",
            1,
            "`en-NZ` is the site's default language",
            "mi",
        ),
        (
            "guides/slep.mi.md",
            2,
            "there is no page content/guides/slep.md",
            "named after the page it translates",
        ),
        ("guides/sleep.md", 2, "names no language", "sleep.mi.md"),
    ];
    for (name, code, message, hint) in cases {
        let run = run_in(site.root(), &["new", name]);
        run.assert_code(code);
        assert!(run.stderr.contains(message), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(hint), "{name}: {}", run.stderr);
    }
    // Nothing was written.
    assert_eq!(files_under(&site.path("content")).len(), 1);
    // A site without `languages` is told how to add them.
    site.file("site.yaml", "title: Hauora Hub\nlanguage: en-NZ\n");
    let run = run_in(site.root(), &["new", "guides/sleep.mi.md"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("site.yaml lists no `languages`")
            && run.stderr.contains("- { code: en-NZ, name: English }"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("content/guides/sleep.mi.md"));
    // A name in the site's own language is told to drop it, not to list English twice.
    let run = run_in(site.root(), &["new", "guides/sleep.en.md"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("`en` is the site's own language (`language: en-NZ` in site.yaml)")
            && run.stderr.contains("attach-gen new \"sleep\"")
            && !run.stderr.contains("languages:"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("content/guides/sleep.en.md"));
}

/// `attach-gen translate …` got clap's "unrecognized subcommand" and no suggestion (no
/// command's name is like it): translations are started with `new`, given the file's name.
#[test]
fn translate_suggests_new_with_the_translations_name() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    let before = files_under(&site.path("content")).len();
    for (args, suggested) in [
        (
            &["translate", "guides/sleep.md", "mi"][..],
            "attach-gen new guides/sleep.mi.md;",
        ),
        (
            &["translate", "guides/sleep.md", "--to", "mi"][..],
            "attach-gen new guides/sleep.mi.md;",
        ),
        (
            &["translate", "walking/index.md", "to", "mi"][..],
            "attach-gen new walking.mi/index.md;",
        ),
        (
            &["translate", "sleep.mi.md"][..],
            "attach-gen new sleep.mi.md;",
        ),
        (
            &["translate", "sleep.md"][..],
            "attach-gen new sleep.mi.md (`mi` standing for the language's code",
        ),
        (
            &["translate"][..],
            "attach-gen new guides/sleep.mi.md (the `mi` version",
        ),
    ] {
        let run = run_in(site.root(), args);
        run.assert_code(2);
        assert!(
            run.stderr.contains("attach-gen has no `translate` command"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(suggested), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("Starting a translation"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(files_under(&site.path("content")).len(), before);
    // Another unknown command is still clap's to report, with its own tip.
    let run = run_in(site.root(), &["biuld"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("similar subcommand exists: 'build'"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_translations_file_name_with_dir_is_told_to_hold_that_folder() {
    // The help named `guides/` whatever folder was given.
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.test/\n");
    for (dir, written) in [
        ("advice", "attach-gen new advice/sleep.mi.md"),
        (
            "content/Our Guides/",
            "attach-gen new \"Our Guides/sleep.mi.md\"",
        ),
        ("content", "attach-gen new sleep.mi.md"),
    ] {
        let run = run_in(site.root(), &["new", "sleep.mi.md", "--dir", dir]);
        run.assert_code(2);
        assert!(
            run.stderr
                .contains(&format!("write the folder in the file name: {written}")),
            "{dir}: {}",
            run.stderr
        );
    }
}
