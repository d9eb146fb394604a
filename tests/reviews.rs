//! Review dates and reviewers: the review block and JSON-LD on pages, overdue warnings and
//! due-soon notes with their exit codes, unknown reviewers, "today" from `--today` or
//! `SOURCE_DATE_EPOCH`, and content notes on pages, in feeds and in the search index. Every
//! run is the binary in the site's folder, as an editor runs it.

mod common;

use common::*;
use serde_json::Value;

/// SITE_YAML with the review report published.
fn report_site_yaml() -> String {
    SITE_YAML.replace("warn_days: 60\n", "warn_days: 60\n  publish_report: true\n")
}

const SITE_YAML: &str = "title: Reviews\nbase_url: https://example.test/site\n\
review:\n  interval_months: 24\n  warn_days: 60\n\
people:\n  dr-ana-smith:\n    name: Dr Ana Smith\n    role: Clinical psychologist\n    credentials: PhD\n    url: https://example.test/team/ana\n  sam-lee:\n    name: Sam Lee\n";

/// Today for every run of these tests, unless a test says otherwise.
const TODAY: &str = "2026-01-01";

/// A site with a page reviewed recently (ok), one due within 60 days of [`TODAY`] and one
/// past its review date.
fn site() -> Site {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .page(
            "content/fresh.md",
            "title: Fresh\ndescription: Reviewed lately.\nreviewed: 2025-03-01\nreviewed_by: [dr-ana-smith, sam-lee]\ncontent_note: This page talks about self-harm.",
            "Short words help.\n",
        )
        .page(
            "content/soon.md",
            "title: Soon\ndescription: Due soon.\nreviewed: 2024-02-10\nreviewed_by: sam-lee",
            "Short words help.\n",
        )
        .page(
            "content/late.md",
            "title: Late\ndescription: Overdue.\nreviewed: 2023-09-01\nnext_review: 2025-06-01",
            "Short words help.\n",
        );
    site
}

fn run(site: &Site, args: &[&str]) -> Run {
    run_in(site.root(), args)
}

#[test]
fn overdue_pages_warn_in_build_and_fail_check_with_deny_warnings() {
    let site = site();
    let built = run(&site, &["build", "--today", TODAY]);
    built.assert_ok();
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 1, "{}", built.stderr);
    assert_eq!(
        (
            warnings[0].file.as_str(),
            warnings[0].line,
            warnings[0].column
        ),
        ("content/late.md", 5, 1)
    );
    assert_eq!(
        warnings[0].message,
        "this page was due for review on 2025-06-01, 214 days ago"
    );
    let notes = built.notes();
    assert_eq!(notes.len(), 1, "{}", built.stderr);
    assert_eq!(
        (notes[0].file.as_str(), notes[0].line),
        ("content/soon.md", 4)
    );
    // 2024-02-10 + 24 months = 2026-02-10, 40 days after today.
    assert_eq!(
        notes[0].message,
        "this page is due for review on 2026-02-10, in 40 days"
    );
    // A note says what to do next, as the warning does: review it, record the day, and where
    // to see the other pages due.
    let hint = notes[0].hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains("set `reviewed:` to the day you do")
            && hint.contains("`attach-gen reviews --due-within 60d`"),
        "{hint}"
    );

    run(&site, &["check", "--today", TODAY]).assert_ok();
    run(&site, &["check", "--today", TODAY, "--deny-warnings"]).assert_code(1);
    // A day before the overdue page's date, only the note is left: a note fails nothing.
    run(
        &site,
        &["check", "--today", "2025-05-31", "--deny-warnings"],
    )
    .assert_ok();
}

#[test]
fn source_date_epoch_is_today_unless_today_is_given() {
    let site = site();
    // 2025-05-31T12:00:00Z: nothing overdue yet.
    let early = run_in_env(
        site.root(),
        &["check", "--deny-warnings"],
        &[("SOURCE_DATE_EPOCH", "1748692800")],
    );
    early.assert_ok();
    let late = run_in_env(
        site.root(),
        &["check", "--deny-warnings"],
        &[("SOURCE_DATE_EPOCH", "1767225600")],
    );
    late.assert_code(1);
    assert!(late.stderr.contains("214 days ago"), "{}", late.stderr);
    // --today wins over SOURCE_DATE_EPOCH.
    run_in_env(
        site.root(),
        &["check", "--deny-warnings", "--today", "2025-05-31"],
        &[("SOURCE_DATE_EPOCH", "1767225600")],
    )
    .assert_ok();
    let bad = run_in_env(
        site.root(),
        &["build"],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    );
    bad.assert_code(2);
    assert!(
        bad.stderr
            .contains("SOURCE_DATE_EPOCH is `yesterday`, not a whole number of seconds"),
        "{}",
        bad.stderr
    );
    assert!(!site.exists("output"), "a failed build wrote output");
    let flag = run(&site, &["build", "--today", "2025-02-30"]);
    flag.assert_code(2);
    assert!(flag.stderr.contains("does not exist"), "{}", flag.stderr);
}

#[test]
fn pages_show_their_review_in_the_site_language() {
    let site = site();
    run(&site, &["build", "--today", TODAY]).assert_ok();
    let html = site.html("output/fresh/index.html");
    let review = one(&html, "article footer.review");
    let times: Vec<(String, String)> = select_in(review, "time")
        .into_iter()
        .map(|t| {
            (
                t.value().attr("datetime").unwrap_or_default().to_string(),
                text(t),
            )
        })
        .collect();
    assert_eq!(
        times,
        [
            ("2025-03-01".to_string(), "1 March 2025".to_string()),
            ("2027-03-01".to_string(), "1 March 2027".to_string())
        ]
    );
    let paragraphs: Vec<String> = select_in(review, "p").into_iter().map(text).collect();
    assert_eq!(
        paragraphs,
        [
            "Page last reviewed: 1 March 2025",
            "Next review due: 1 March 2027",
            "Reviewed by Dr Ana Smith (PhD), Clinical psychologist; Sam Lee"
        ]
    );
    assert_eq!(
        links_in(review, "a"),
        [(
            "https://example.test/team/ana".to_string(),
            "Dr Ana Smith".to_string()
        )]
    );

    // In te reo Māori, and in US English.
    for (language, shown) in [("mi", "1 Poutūterangi 2025"), ("en-US", "March 1, 2025")] {
        site.file("site.yaml", format!("{SITE_YAML}language: {language}\n"));
        run(&site, &["build", "--today", TODAY]).assert_ok();
        let html = site.html("output/fresh/index.html");
        assert_eq!(texts(&html, "footer.review time")[0], shown, "{language}");
    }
}

#[test]
fn json_ld_is_a_medical_web_page_with_its_reviewers() {
    let site = site();
    run(&site, &["build", "--today", TODAY]).assert_ok();
    let json_ld = |page: &str| -> Value {
        let html = site.html(&format!("output/{page}/index.html"));
        let script = one(&html, "script[type='application/ld+json']");
        let written = script.inner_html();
        let value: Value = serde_json::from_str(&written).expect("JSON-LD parses");
        // Written by hand: byte for byte what serde_json writes for it, script-safe.
        assert_eq!(
            written,
            attach_gen::render::feeds::script_safe_json(&value),
            "{page}"
        );
        value
    };
    let fresh = json_ld("fresh");
    assert_eq!(fresh["@type"], "MedicalWebPage");
    // Written from structs in the form a `serde_json::Value` gave: compact, keys sorted.
    for page in ["fresh", "soon", "late"] {
        let (raw, sorted) =
            json_ld_as_written_and_sorted(&site.html(&format!("output/{page}/index.html")));
        assert_eq!(raw, sorted, "{page}");
    }
    assert_eq!(fresh["lastReviewed"], "2025-03-01");
    assert_eq!(
        fresh["reviewedBy"],
        serde_json::json!([
            {"@type": "Person", "name": "Dr Ana Smith", "jobTitle": "Clinical psychologist",
             "honorificSuffix": "PhD", "url": "https://example.test/team/ana"},
            {"@type": "Person", "name": "Sam Lee"}
        ])
    );
    let late = json_ld("late");
    assert_eq!(late["lastReviewed"], "2023-09-01");
    assert!(late.get("reviewedBy").is_none(), "{late}");

    // Without `review:`, pages stay Articles and nothing is said about review dates.
    site.file(
        "site.yaml",
        SITE_YAML.replace("review:\n  interval_months: 24\n  warn_days: 60\n", ""),
    );
    let quiet = run(&site, &["build", "--today", TODAY]);
    quiet.assert_ok();
    assert!(
        quiet.warnings().is_empty() && quiet.notes().is_empty(),
        "{}",
        quiet.stderr
    );
    let fresh = json_ld("fresh");
    assert_eq!(fresh["@type"], "Article");
    assert!(fresh.get("lastReviewed").is_none());
    // The page still shows when it was reviewed, but not a next date nobody set.
    let html = site.html("output/fresh/index.html");
    assert_eq!(texts(&html, "footer.review time"), ["1 March 2025"]);
}

/// One reviewer named twice (`[sam-lee, dr-ana-smith, sam-lee]`, or with spaces around one) is
/// one reviewer: shown once on the page, in its JSON-LD and in the report, in the order first
/// named, as a category named twice files the page once.
#[test]
fn a_reviewer_named_twice_is_shown_once() {
    let site = site();
    site.page(
        "content/fresh.md",
        "title: Fresh\ndescription: Reviewed lately.\nreviewed: 2025-03-01\nreviewed_by: [sam-lee, dr-ana-smith, \" sam-lee\"]",
        "Short words help.\n",
    );
    run(&site, &["build", "--today", TODAY]).assert_ok();
    let html = site.html("output/fresh/index.html");
    let review = one(&html, "article footer.review");
    let paragraphs: Vec<String> = select_in(review, "p").into_iter().map(text).collect();
    assert_eq!(
        paragraphs.last().map(String::as_str),
        Some("Reviewed by Sam Lee; Dr Ana Smith (PhD), Clinical psychologist")
    );
    let script = one(&html, "script[type='application/ld+json']");
    let json_ld: Value = serde_json::from_str(&script.inner_html()).expect("JSON-LD parses");
    let names: Vec<&str> = json_ld["reviewedBy"]
        .as_array()
        .expect("reviewers")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["Sam Lee", "Dr Ana Smith"]);
    let report = run(&site, &["reviews", "--format", "json", "--today", TODAY]);
    report.assert_ok();
    let rows: Value = serde_json::from_str(&report.stdout).expect("JSON");
    let fresh = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["source"] == "content/fresh.md")
        .expect("the page's row");
    assert_eq!(
        fresh["reviewed_by"],
        serde_json::json!(["Sam Lee", "Dr Ana Smith"])
    );
}

#[test]
fn an_unknown_reviewer_is_an_error_with_the_closest_id_and_nothing_is_written() {
    let site = site();
    run(&site, &["build", "--today", TODAY]).assert_ok();
    let before = site.snapshot("output");
    site.page(
        "content/fresh.md",
        "title: Fresh\ndescription: Reviewed lately.\nreviewed: 2025-03-01\nreviewed_by: [dr-ana-smth]",
        "Text.\n",
    );
    let failed = run(&site, &["build", "--today", TODAY]);
    failed.assert_code(1);
    let error = failed.error_at("content/fresh.md", 5);
    assert_eq!(error.column, 1);
    assert_eq!(
        error.message,
        "`reviewed_by` names `dr-ana-smth`, who is not under `people:` in site.yaml"
    );
    assert_eq!(error.hint.as_deref(), Some("did you mean `dr-ana-smith`?"));
    assert_eq!(site.snapshot("output"), before, "the old output changed");
    assert!(site.hidden_entries().is_empty());
    let checked = run(&site, &["check", "--today", TODAY]);
    checked.assert_code(1);
    assert_eq!(checked.error_at("content/fresh.md", 5).hint, error.hint);
}

#[test]
fn impossible_review_dates_and_missing_reviews_are_errors_at_their_line() {
    let site = site();
    site.page(
        "content/swapped.md",
        "title: Swapped\ndescription: D.\nreviewed: 2025-03-01\nnext_review: 2024-03-01",
        "Text.\n",
    )
    .page(
        "content/future.md",
        "title: Future\ndescription: D.\nreviewed: 2026-06-01",
        "Text.\n",
    )
    // Today in UTC is 2026-01-01; in New Zealand it may be the 2nd already.
    .page(
        "content/nz-morning.md",
        "title: Morning\ndescription: D.\nreviewed: 2026-01-02",
        "Text.\n",
    );
    let failed = run(&site, &["build", "--today", TODAY]);
    assert!(
        failed
            .errors()
            .iter()
            .all(|e| e.file != "content/nz-morning.md"),
        "{}",
        failed.stderr
    );
    failed.assert_code(1);
    assert_eq!(
        failed.error_at("content/swapped.md", 5).message,
        "`next_review` (2024-03-01) is not after `reviewed` (2025-03-01)"
    );
    let future = failed.error_at("content/future.md", 4);
    assert_eq!(
        future.message,
        "`reviewed` (2026-06-01) is after today (2026-01-01)"
    );
    assert!(!site.exists("output"));

    // All of a page's review errors in one run: the next_review one hid the others, as the
    // page was left out of every later check.
    site.page(
        "content/swapped.md",
        "title: Both\ndescription: D.\nreviewed: 2027-06-01\nnext_review: 2026-01-01",
        "Text.\n",
    );
    let failed = run(&site, &["build", "--today", TODAY]);
    let messages: Vec<String> = failed
        .errors()
        .into_iter()
        .filter(|e| e.file == "content/swapped.md")
        .map(|e| e.message)
        .collect();
    assert_eq!(
        messages,
        [
            "`reviewed` (2027-06-01) is after today (2026-01-01)",
            "`next_review` (2026-01-01) is not after `reviewed` (2027-06-01)",
        ],
        "{}",
        failed.stderr
    );

    let site = site_requiring_reviews();
    let failed = run(&site, &["build", "--today", TODAY]);
    failed.assert_code(1);
    let missing = failed.error_at("content/never.md", 2);
    assert_eq!(
        missing.message,
        "this page has no `reviewed` date, and site.yaml's `review.require` is true"
    );
}

/// A date before 1900 (`0000-01-01`, a year left to fill in) was taken: `reviewed` made the page
/// "due for review 739630 days ago" and `date` was published. Each is an error at its line, and
/// the overdue warning it would bring is not added to it.
#[test]
fn dates_before_1900_are_errors_at_their_line() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML).page(
        "content/zero.md",
        "title: Zero\ndescription: D.\ndate: 0000-01-01\nupdated: 1899-12-31\nreviewed: 0000-01-01\nnext_review: 0001-01-01",
        "Text.\n",
    )
    .page(
        "content/fine.md",
        "title: Fine\ndescription: D.\ndate: 1900-01-01\nreviewed: 2025-06-01",
        "Text.\n",
    );
    for command in ["build", "check"] {
        let failed = run(&site, &[command, "--today", TODAY]);
        failed.assert_code(1);
        let found: Vec<(String, usize, String)> = failed
            .errors()
            .into_iter()
            .map(|e| (e.file, e.line, e.message))
            .collect();
        let before = |line: usize, key: &str, date: &str| {
            (
                "content/zero.md".to_string(),
                line,
                format!("`{key}` ({date}) is before 1900, which cannot be right for a web page"),
            )
        };
        assert_eq!(
            found,
            [
                before(4, "date", "0000-01-01"),
                before(5, "updated", "1899-12-31"),
                before(6, "reviewed", "0000-01-01"),
                before(7, "next_review", "0001-01-01"),
            ],
            "{}",
            failed.stderr
        );
        assert!(!failed.stderr.contains("days ago"), "{}", failed.stderr);
    }
    // `date` and `updated` are `early-date`, like `future-date`; the review dates `review-date`.
    let json = run(
        &site,
        &["check", "--message-format", "json", "--today", TODAY],
    );
    let findings: Value = serde_json::from_str(&json.stdout).unwrap();
    let codes: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["early-date", "early-date", "review-date", "review-date"]
    );
    assert!(!site.exists("output"));
}

/// A new page given its own `next_review` ("review it by June") but no `reviewed` date was
/// never warned about: past that date, build and check said nothing and `reviews` called it
/// only "never reviewed". Its own date counts like any other page's.
#[test]
fn a_page_never_reviewed_with_its_own_next_review_is_due_soon_then_overdue() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .page(
            "content/new.md",
            "title: New\ndescription: Not reviewed yet.\nnext_review: 2025-06-01",
            "Short words help.\n",
        )
        .page(
            "content/plain.md",
            "title: Plain\ndescription: Never reviewed.",
            "Short words help.\n",
        );
    let built = run(&site, &["build", "--today", TODAY]);
    built.assert_ok();
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 1, "{}", built.stderr);
    assert_eq!(
        (warnings[0].file.as_str(), warnings[0].line),
        ("content/new.md", 4)
    );
    assert_eq!(
        warnings[0].message,
        "this page was due for review on 2025-06-01, 214 days ago"
    );
    let soon = run(&site, &["check", "--today", "2025-05-01"]);
    soon.assert_ok();
    assert_eq!(
        soon.notes()
            .iter()
            .filter(|n| n.message.contains("due for review"))
            .map(|n| (n.file.as_str(), n.line))
            .collect::<Vec<_>>(),
        [("content/new.md", 4)],
        "{}",
        soon.stderr
    );
    let report = run(&site, &["reviews", "--format", "json", "--today", TODAY]);
    report.assert_ok();
    let rows: Value = serde_json::from_str(&report.stdout).unwrap();
    let statuses: Vec<(&str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["source"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("content/plain.md", "never-reviewed"),
            ("content/new.md", "overdue")
        ]
    );
    // `review.require` still wants a `reviewed` date, whatever `next_review` says.
    site.file(
        "site.yaml",
        SITE_YAML.replace("warn_days: 60\n", "warn_days: 60\n  require: true\n"),
    );
    let failed = run(&site, &["build", "--today", TODAY]);
    failed.assert_code(1);
    assert!(
        failed
            .error_at("content/new.md", 2)
            .message
            .contains("`review.require` is true")
    );
}

/// `next_review` is for a page due sooner than usual: one after `reviewed` plus
/// `review.interval_months` (9999-12-31) is a warning at its line naming the usual date, and
/// the usual date is the one the page is held to (in `reviews`, on the page, in the warnings).
#[test]
fn a_next_review_later_than_usual_is_a_warning_and_the_usual_date_holds() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML).page(
        "content/far.md",
        "title: Far\ndescription: Far off.\nreviewed: 2024-01-01\nnext_review: 9999-12-31",
        "Short words help.\n",
    );
    for command in ["build", "check"] {
        let run = run(&site, &[command, "--today", TODAY]);
        run.assert_ok();
        let warnings: Vec<_> = run
            .warnings()
            .into_iter()
            .filter(|w| w.message.contains("later than"))
            .collect();
        assert_eq!(warnings.len(), 1, "{}", run.stderr);
        assert_eq!(
            (warnings[0].file.as_str(), warnings[0].line),
            ("content/far.md", 5)
        );
        assert_eq!(
            warnings[0].message,
            "`next_review` (9999-12-31) is later than `reviewed` plus `review.interval_months` \
             (2024-01-01 + 24 months): the page is taken as due on 2026-01-01"
        );
    }
    let report = run(
        &site,
        &["reviews", "--format", "json", "--today", "2025-12-01"],
    );
    report.assert_ok();
    let rows: Value = serde_json::from_str(&report.stdout).unwrap();
    assert_eq!(rows[0]["next_review"], "2026-01-01");
    assert_eq!(rows[0]["status"], "due-soon");
    run(&site, &["build", "--today", TODAY]).assert_ok();
    let html = site.html("output/far/index.html");
    assert!(
        texts(&html, "time").iter().any(|t| t == "1 January 2026"),
        "{:?}",
        texts(&html, "time")
    );
    // An earlier `next_review` is what it is for: no warning.
    site.page(
        "content/far.md",
        "title: Far\ndescription: Far off.\nreviewed: 2025-06-01\nnext_review: 2026-03-01",
        "Short words help.\n",
    );
    let quiet = run(&site, &["check", "--today", TODAY]);
    assert!(!quiet.stderr.contains("later than"), "{}", quiet.stderr);
}

fn site_requiring_reviews() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: R\nbase_url: https://example.test/\nreview: {require: true}\n",
    )
    .page("content/never.md", "title: Never", "Text.\n");
    site
}

#[test]
fn wrong_review_settings_are_errors_at_their_line() {
    for (yaml, line, message) in [
        (
            "review: {interval_months: 0}\n",
            2,
            "`review`: expected a whole number from 1 to 1200 for `interval_months`, found `0`",
        ),
        // Negative and huge numbers name the setting's range, not the type's (0 to 4294967295).
        (
            "review: {interval_months: -1}\n",
            2,
            "`review`: expected a whole number from 1 to 1200 for `interval_months`, found `-1`",
        ),
        (
            "review: {warn_days: -1}\n",
            2,
            "`review`: expected a whole number from 0 to 3650 for `warn_days`, found `-1`",
        ),
        (
            "review:\n  warn_days: 99999999999\n",
            3,
            "`review`: expected a whole number from 0 to 3650 for `warn_days`, found `99999999999`",
        ),
        (
            "readability: {max_sentence_words: -3}\n",
            2,
            "`readability`: expected a whole number from 5 to 500 for `max_sentence_words`, found `-3`",
        ),
        (
            "readability: {max_grade: 1e400}\n",
            2,
            "`readability`: expected a number, found the text `1e400`",
        ),
        (
            "review: {intervall_months: 3}\n",
            2,
            "`review`: unknown field `intervall_months`, expected one of `interval_months`, `warn_days`, `require`, `publish_report`",
        ),
        (
            "people:\n  x: {role: Nurse}\n",
            2,
            "`people`: missing field `name`",
        ),
        (
            "people:\n  x: {name: X, url: 'javascript:alert(1)'}\n",
            3,
            "`people`: the `url` of `x` is a `javascript:` URL, which would run a script when clicked",
        ),
        (
            "readability: {max_grade: 99}\n",
            2,
            "`readability`: `max_grade` must be a number from 0 to 30",
        ),
    ] {
        let site = Site::new();
        site.file("site.yaml", format!("title: T\n{yaml}")).page(
            "content/a.md",
            "title: A",
            "Text.\n",
        );
        let failed = run(&site, &["build", "--base-url", "https://example.test/"]);
        failed.assert_code(1);
        let error = failed.error_at("site.yaml", line);
        assert!(
            error.message.starts_with(message),
            "{yaml}: {}",
            error.message
        );
    }
}

#[test]
fn content_notes_come_before_the_body_and_go_into_feeds_and_search() {
    let site = site();
    run(&site, &["build", "--today", TODAY]).assert_ok();
    let html = site.html("output/fresh/index.html");
    let note = one(&html, "article aside.content-note[role='note']");
    assert_eq!(
        texts(&html, "aside.content-note p"),
        ["Content note", "This page talks about self-harm."]
    );
    let labelled_by = note.value().attr("aria-labelledby").unwrap_or_default();
    assert_eq!(texts(&html, &format!("#{labelled_by}")), ["Content note"]);
    // Before the body in document order, so a screen reader reads it first.
    let source = std::fs::read_to_string(site.path("output/fresh/index.html")).unwrap_or_default();
    let (note_at, body_at) = (
        source.find("class=\"content-note\""),
        source.find("<div class=\"content\">"),
    );
    assert!(note_at.is_some() && note_at < body_at, "{source}");
    // Pages without one have none.
    assert!(select(&site.html("output/late/index.html"), ".content-note").is_empty());

    let feed = std::fs::read_to_string(site.path("output/atom.xml")).unwrap_or_default();
    let feed = roxmltree::Document::parse(&feed).expect("the feed is XML");
    // The text of a child of the entry for the page titled "Fresh".
    let fresh = |child: &str| {
        feed.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .find(|entry| {
                entry
                    .children()
                    .any(|c| c.has_tag_name("title") && c.text() == Some("Fresh"))
            })
            .and_then(|entry| entry.children().find(|c| c.has_tag_name(child)))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        fresh("summary"),
        "Content note: This page talks about self-harm. Reviewed lately."
    );
    // Undated, it is in the feed as of its last review.
    assert_eq!(fresh("updated"), "2025-03-01T00:00:00Z");

    let index = std::fs::read_to_string(site.path("output/search-index.js")).unwrap_or_default();
    let json = index
        .trim()
        .strip_prefix("window.ATTACH_GEN_SEARCH = ")
        .and_then(|j| j.strip_suffix(';'))
        .unwrap_or_default();
    let index: Value = serde_json::from_str(json).expect("the index is JSON");
    let pages = index["pages"].as_array().cloned().unwrap_or_default();
    let fresh = pages
        .iter()
        .find(|p| p["t"] == "Fresh")
        .cloned()
        .unwrap_or_default();
    assert_eq!(fresh["n"], "This page talks about self-harm.");
    let late = pages
        .iter()
        .find(|p| p["t"] == "Late")
        .cloned()
        .unwrap_or_default();
    assert!(late.get("n").is_none());
}

/// `site()` and a page never reviewed whose title has a comma and quotes (for CSV).
fn site_for_report() -> Site {
    let site = site();
    site.page(
        "content/never.md",
        "title: 'Never, \"ever\" reviewed'\ndescription: D.",
        "Rest is good for you. We all need more sleep.\n",
    );
    site
}

#[test]
fn reviews_lists_every_page_soonest_due_first_as_json() {
    let site = site_for_report();
    let run = run(&site, &["reviews", "--today", TODAY, "--format", "json"]);
    run.assert_ok();
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).expect("JSON");
    let order: Vec<(&str, &str, Option<i64>)> = rows
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap_or_default(),
                r["status"].as_str().unwrap_or_default(),
                r["days_left"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            ("content/never.md", "never-reviewed", None),
            ("content/late.md", "overdue", Some(-214)),
            ("content/soon.md", "due-soon", Some(40)),
            ("content/fresh.md", "ok", Some(424)),
        ]
    );
    assert_eq!(rows[3]["reviewed"], "2025-03-01");
    assert_eq!(rows[3]["next_review"], "2027-03-01");
    assert_eq!(
        rows[3]["reviewed_by"],
        serde_json::json!(["Dr Ana Smith", "Sam Lee"])
    );
    // "Rest is good for you. We all need more sleep.": 10 words, 2 sentences, 10 syllables.
    // The formula gives -1.8; no school grade is below 0, and the report says 0.
    assert_eq!(rows[0]["grade"], 0.0);
    assert_eq!(rows[0]["title"], "Never, \"ever\" reviewed");
}

#[test]
fn reviews_as_csv_and_as_a_table() {
    let site = site_for_report();
    let csv = run(&site, &["reviews", "--today", TODAY, "--format", "csv"]);
    csv.assert_ok();
    let records = parse_csv(&csv.stdout);
    assert_eq!(
        records[0],
        [
            "source",
            "title",
            "reviewed",
            "next_review",
            "reviewed_by",
            "status",
            "days_left",
            "grade",
            "lang",
            "url",
            "absolute_url"
        ]
    );
    assert_eq!(
        records[1],
        [
            "content/never.md",
            "Never, \"ever\" reviewed",
            "",
            "",
            "",
            "never reviewed",
            "",
            "0.0",
            "en",
            "never/",
            "https://example.test/site/never/"
        ]
    );
    assert_eq!(
        records[4],
        // "Short words help.": 3 words, 1 sentence, 3 syllables: 0.39 × 3 + 11.8 − 15.59.
        [
            "content/fresh.md",
            "Fresh",
            "2025-03-01",
            "2027-03-01",
            "Dr Ana Smith; Sam Lee",
            "ok",
            "424",
            "0.0",
            "en",
            "fresh/",
            "https://example.test/site/fresh/"
        ]
    );
    assert_eq!(records.len(), 5);

    let table = run(&site, &["reviews", "--today", TODAY]);
    table.assert_ok();
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(
        lines[0].starts_with("next review  status"),
        "{}",
        table.stdout
    );
    let columns: Vec<Vec<&str>> = lines[1..]
        .iter()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(
        columns[1],
        [
            "2025-06-01",
            "overdue by 214d",
            "2023-09-01",
            "-",
            "0.0",
            "content/late.md (Late)"
        ]
    );
    assert_eq!(columns[2][1], "due in 40d");
    assert_eq!(columns.len(), 4);
}

#[test]
fn reviews_due_within_leaves_out_pages_due_later() {
    let site = site_for_report();
    let run = run(
        &site,
        &[
            "reviews",
            "--today",
            TODAY,
            "--due-within",
            "90d",
            "--format",
            "json",
        ],
    );
    run.assert_ok();
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).expect("JSON");
    let sources: Vec<&str> = rows.iter().filter_map(|r| r["source"].as_str()).collect();
    assert_eq!(
        sources,
        ["content/never.md", "content/late.md", "content/soon.md"]
    );
    let weeks = run_in(
        site.root(),
        &[
            "reviews",
            "--today",
            TODAY,
            "--due-within",
            "5w",
            "--format",
            "json",
        ],
    );
    let rows: Vec<Value> = serde_json::from_str(&weeks.stdout).expect("JSON");
    assert_eq!(
        rows.len(),
        2,
        "35 days: the due-soon page (40 days) is left out"
    );
    // Calendar months, from 1 January: `1m` ends on 1 February (31 days), before the due-soon
    // page (10 February); `2m` on 1 March. A unit may be a word after a space.
    for (span, expected) in [
        ("1m", vec!["content/never.md", "content/late.md"]),
        (
            "2m",
            vec!["content/never.md", "content/late.md", "content/soon.md"],
        ),
        (
            "2 months",
            vec!["content/never.md", "content/late.md", "content/soon.md"],
        ),
        ("1 month", vec!["content/never.md", "content/late.md"]),
    ] {
        let months = run_in(
            site.root(),
            &[
                "reviews",
                "--today",
                TODAY,
                "--due-within",
                span,
                "--format",
                "json",
            ],
        );
        months.assert_ok();
        let rows: Vec<Value> = serde_json::from_str(&months.stdout).expect("JSON");
        let sources: Vec<&str> = rows.iter().filter_map(|r| r["source"].as_str()).collect();
        assert_eq!(sources, expected, "{span}");
    }
    for (span, says) in [
        (
            "3 moons",
            "`3 moons` is not a number of days, weeks or months, such as `90d`, `12w` or `3m`",
        ),
        ("1.5m", "`1.5m` is not a number of days, weeks or months"),
        ("-3m", "`-3m` is below 0, which no span is"),
        (
            "99999999999m",
            "`99999999999m` is more months than can be counted",
        ),
    ] {
        let bad = run_in(site.root(), &["reviews", "--due-within", span]);
        bad.assert_code(2);
        assert!(bad.stderr.contains(says), "{span}: {}", bad.stderr);
    }
    // A negative span is out of range, not "not a number" (as `serve --port -5`).
    for args in [
        &["--due-within=-5d"][..],
        &["--due-within", "-5d"],
        &["--due-within", "-2"],
    ] {
        let mut all = vec!["reviews"];
        all.extend_from_slice(args);
        let bad = run_in(site.root(), &all);
        bad.assert_code(2);
        assert!(
            bad.stderr.contains("is below 0, which no span is"),
            "{args:?}: {}",
            bad.stderr
        );
    }
}

#[test]
fn reviews_reports_what_stops_it() {
    let site = site_for_report();
    site.file("content/broken.md", "---\ntitle: [unclosed\n---\n");
    let run = run(&site, &["reviews", "--today", TODAY]);
    run.assert_code(1);
    assert_eq!(run.errors()[0].file, "content/broken.md");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let empty = tempfile::tempdir().expect("a folder");
    let not_a_site = run_in(empty.path(), &["reviews"]);
    not_a_site.assert_code(2);
    assert!(
        not_a_site.stderr.contains("holds no site.yaml"),
        "{}",
        not_a_site.stderr
    );
}

#[test]
fn a_separator_inside_the_sites_text_cannot_start_a_formula_cell() {
    // Excel in many locales splits CSV at `;`, and an import may split at tabs: a cell of
    // the site's text is always quoted, so what follows one stays in its cell.
    let site = site();
    site.file(
        "site.yaml",
        SITE_YAML.replace("name: Sam Lee", "name: \"Sam;=1+2\""),
    )
    .page(
        "content/semicolon.md",
        "title: \"Rest;=HYPERLINK(1)\\t@SUM(A1)\"\nreviewed: 2025-03-05\nreviewed_by: [dr-ana-smith, sam-lee]",
        "Short words help.\n",
    );
    let csv = run(&site, &["reviews", "--today", TODAY, "--format", "csv"]);
    csv.assert_ok();
    // Read as a spreadsheet set to `;` or tab would: no cell starts a formula.
    for separator in [';', '\t'] {
        for record in parse_csv_with(&csv.stdout, separator) {
            for cell in record {
                assert!(
                    !cell.starts_with(['=', '+', '@']),
                    "{cell:?} in {:?}",
                    csv.stdout
                );
            }
        }
    }
    // Read with commas, nothing was lost: the title (its tab made a space when the page was
    // read) and both reviewers are whole.
    let records = parse_csv(&csv.stdout);
    let row = records.iter().find(|r| r[0] == "content/semicolon.md");
    assert_eq!(
        row.map(|r| (r[1].as_str(), r[4].as_str())),
        Some(("Rest;=HYPERLINK(1) @SUM(A1)", "Dr Ana Smith; Sam;=1+2")),
        "{}",
        csv.stdout
    );
    assert_eq!(records.len(), 5);
    assert!(records.iter().all(|r| r.len() == 11), "{records:?}");
}

/// RFC 4180 records: quoted fields may hold commas and doubled quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    parse_csv_with(text, ',')
}

/// CSV records split at `separator` outside quotes, as a spreadsheet set to it reads them.
fn parse_csv_with(text: &str, separator: char) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    for line in text.lines() {
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (c, false) if c == separator => fields.push(std::mem::take(&mut field)),
                (c, _) => field.push(c),
            }
        }
        fields.push(field);
        records.push(fields);
    }
    records
}

#[test]
fn the_published_report_is_for_staff_only() {
    let site = site_for_report();
    // Not asked for: not written.
    run(&site, &["build", "--today", TODAY]).assert_ok();
    assert!(!site.exists("output/reviews/index.html"));

    site.file("site.yaml", report_site_yaml());
    run(&site, &["build", "--today", TODAY]).assert_ok();
    let html = site.html("output/reviews/index.html");
    assert_eq!(
        attrs(&html, "meta[name='robots']", "content"),
        ["noindex, nofollow"]
    );
    let rows: Vec<Vec<String>> = select(&html, "table.review-report tbody tr")
        .into_iter()
        .map(|tr| select_in(tr, "th, td").into_iter().map(text).collect())
        .collect();
    assert_eq!(
        rows,
        [
            [
                "Never, \"ever\" reviewed",
                "Never reviewed",
                "—",
                "—",
                "—",
                "0.0"
            ],
            [
                "Late",
                "Overdue by 214 days",
                "1 June 2025",
                "1 September 2023",
                "—",
                "0.0"
            ],
            [
                "Soon",
                "Due in 40 days",
                "10 February 2026",
                "10 February 2024",
                "Sam Lee",
                "0.0"
            ],
            [
                "Fresh",
                "OK",
                "1 March 2027",
                "1 March 2025",
                "Dr Ana Smith, Sam Lee",
                "0.0"
            ],
        ]
    );
    assert_eq!(
        links(&html, "tbody th a")[1],
        ("../late/".to_string(), "Late".to_string())
    );
    // On an English site nothing marks its language again.
    assert!(attrs(&html, "main [lang]", "lang").is_empty());
    // Left out of the sitemap, the feed and the search index.
    for file in ["sitemap.xml", "atom.xml", "search-index.js"] {
        let text =
            std::fs::read_to_string(site.path(&format!("output/{file}"))).unwrap_or_default();
        assert!(!text.contains("reviews/"), "{file} lists the report");
    }
    // A page may not take the report's URL while it is published.
    let before = site.snapshot("output");
    site.page(
        "content/reviews/books.md",
        "title: Book reviews\ndescription: D.",
        "Text.\n",
    );
    let failed = run(&site, &["build", "--today", TODAY]);
    failed.assert_code(1);
    let error = failed.error_at("content/reviews/books.md", 1);
    assert!(
        error
            .message
            .starts_with("the URL `reviews/books/` is under `reviews/`"),
        "{}",
        error.message
    );
    assert_eq!(site.snapshot("output"), before);
}

#[test]
fn the_sample_site_has_reviewed_pages_one_due_soon_and_one_overdue() {
    // The date .ci/run and the browser tests build the sample site on.
    let out = tempfile::tempdir().expect("a folder");
    let output = out.path().join("site");
    let built = run_in(
        &repo_root(),
        &[
            "build",
            "--today",
            "2026-03-01",
            "--output",
            &output.to_string_lossy(),
        ],
    );
    built.assert_ok();
    let overdue: Vec<(String, usize)> = built
        .warnings()
        .into_iter()
        .filter(|w| w.message.starts_with("this page was due for review"))
        .map(|w| (w.file, w.line))
        .collect();
    assert_eq!(
        overdue,
        [("content/repairing-after-conflict.md".to_string(), 6)]
    );
    let notes: Vec<String> = built.notes().into_iter().map(|n| n.file).collect();
    assert_eq!(notes, ["content/noticing-anxiety.md"]);
    let page = parse_html_file(&output.join("supporting-a-grieving-child/index.html"));
    assert_eq!(texts(&page, ".content-note p").len(), 2);
    assert_eq!(texts(&page, "footer.review time").len(), 2);
    assert!(output.join("reviews/index.html").is_file());
}

#[test]
fn pages_not_in_english_have_no_grade_in_the_report() {
    let site = site();
    site.file(
        "site.yaml",
        format!(
            "{}languages:\n  - {{ code: en, name: English }}\n  - {{ code: mi, name: Te reo Māori, prefix: mi/ }}\n",
            report_site_yaml()
        ),
    )
    // A translation (its language from its file name) and a page that says its language.
    .page(
        "content/fresh.mi.md",
        "title: Hou\nreviewed: 2025-03-01",
        "He kōrero poto.\n",
    )
    .page(
        "content/samoan.md",
        "title: Samoan\nlang: sm\nreviewed: 2025-03-01",
        "O se tala puupuu.\n",
    );
    let json = run(&site, &["reviews", "--today", TODAY, "--format", "json"]);
    json.assert_ok();
    let rows: Vec<Value> = serde_json::from_str(&json.stdout).expect("JSON");
    let grade = |source: &str| {
        rows.iter()
            .find(|r| r["source"] == source)
            .map(|r| r["grade"].clone())
    };
    assert_eq!(grade("content/fresh.mi.md"), Some(Value::Null));
    assert_eq!(grade("content/samoan.md"), Some(Value::Null));
    assert_eq!(grade("content/fresh.md"), Some(serde_json::json!(0.0)));
    let csv = run(&site, &["reviews", "--today", TODAY, "--format", "csv"]);
    let records = parse_csv(&csv.stdout);
    let row = records
        .iter()
        .find(|r| r[0] == "content/samoan.md")
        .cloned()
        .unwrap_or_default();
    // The `grade` column, empty.
    assert_eq!(row.get(7).map(String::as_str), Some(""), "{row:?}");

    run(&site, &["build", "--today", TODAY]).assert_ok();
    let html = site.html("output/reviews/index.html");
    // The titles of pages in another language say so.
    let mut langs = attrs(&html, "table.review-report th a[lang]", "lang");
    langs.sort();
    assert_eq!(langs, ["mi", "sm"]);
    let grades: Vec<(String, String)> = select(&html, "table.review-report tbody tr")
        .into_iter()
        .map(|tr| {
            let cells: Vec<String> = select_in(tr, "th, td").into_iter().map(text).collect();
            (cells[0].clone(), cells[5].clone())
        })
        .filter(|(title, _)| title == "Hou" || title == "Samoan")
        .collect();
    assert_eq!(
        grades,
        [
            ("Hou".to_string(), "—".to_string()),
            ("Samoan".to_string(), "—".to_string())
        ]
    );
}

#[test]
fn the_report_says_it_is_english_on_a_site_in_another_language() {
    let site = site_for_report();
    site.file("site.yaml", format!("language: mi\n{}", report_site_yaml()));
    run(&site, &["build", "--today", TODAY]).assert_ok();
    let html = site.html("output/reviews/index.html");
    assert_eq!(attrs(&html, "html", "lang"), ["mi"]);
    assert_eq!(attrs(&html, "main > div[lang]", "lang"), ["en"]);
    assert_eq!(texts(&html, "main > div[lang] > h1"), ["Review report"]);
    // Inside it, the pages' titles and the dates are in te reo Māori, and say so: they were
    // declared English by the div.
    let rows = select(&html, "table.review-report tbody tr").len();
    assert_eq!(
        attrs(&html, "table.review-report th a", "lang"),
        vec!["mi"; rows]
    );
    let dates = select(&html, "table.review-report time").len();
    assert!(dates > 0);
    assert_eq!(
        attrs(&html, "table.review-report time", "lang"),
        vec!["mi"; dates]
    );
}

#[test]
fn hostile_titles_are_shown_escaped_in_the_table_and_csv_and_never_as_formulas() {
    let site = site();
    site.page(
        "content/escape.md",
        "title: \"Bad\\e]0;PWNED\\a\\e[41m \\u202Eevil\\u2028x\\u2029y\"\nreviewed: 2025-03-01",
        "Short words help.\n",
    )
    .page(
        "content/formula.md",
        "title: '=HYPERLINK(\"https://evil.example\",\"Click\")'\nreviewed: 2025-03-02",
        "Short words help.\n",
    )
    .page(
        "content/plus.md",
        "title: '+1 555, -2 or @SUM(A1)'\nreviewed: 2025-03-03",
        "Short words help.\n",
    )
    .page(
        "content/minus.md",
        "title: '-1 reasons'\nreviewed: 2025-03-04",
        "Short words help.\n",
    );
    // ESC and BEL are taken out of the title when it is read (no page may hold them); the
    // override stays in the page, and must not reach the terminal or the CSV raw.
    // Nor the line and paragraph separators, which some terminals and spreadsheets break at.
    let raw = ['\u{1b}', '\u{7}', '\u{202e}', '\u{2028}', '\u{2029}'];

    let table = run(&site, &["reviews", "--today", TODAY]);
    table.assert_ok();
    assert!(!table.stdout.contains(raw), "{:?}", table.stdout);
    assert!(
        table
            .stdout
            .contains("content/escape.md (Bad]0;PWNED[41m <U+202E>evil<U+2028>x<U+2029>y)"),
        "{}",
        table.stdout
    );

    let csv = run(&site, &["reviews", "--today", TODAY, "--format", "csv"]);
    csv.assert_ok();
    assert!(!csv.stdout.contains(raw), "{:?}", csv.stdout);
    let records = parse_csv(&csv.stdout);
    let title = |source: &str| {
        records
            .iter()
            .find(|r| r[0] == source)
            .map(|r| r[1].clone())
            .unwrap_or_default()
    };
    assert_eq!(
        title("content/escape.md"),
        "Bad]0;PWNED[41m <U+202E>evil<U+2028>x<U+2029>y"
    );
    assert_eq!(
        title("content/formula.md"),
        "'=HYPERLINK(\"https://evil.example\",\"Click\")"
    );
    assert_eq!(title("content/plus.md"), "'+1 555, -2 or @SUM(A1)");
    assert_eq!(title("content/minus.md"), "'-1 reasons");
    // attach-gen's own numbers stay numbers; every page is still there.
    let late = records.iter().find(|r| r[0] == "content/late.md");
    assert_eq!(late.map(|r| r[6].as_str()), Some("-214"));
    assert_eq!(records.len(), 8);

    // JSON keeps the titles exactly.
    let json = run(&site, &["reviews", "--today", TODAY, "--format", "json"]);
    json.assert_ok();
    let rows: Vec<Value> = serde_json::from_str(&json.stdout).expect("JSON");
    let titles: Vec<&str> = rows.iter().filter_map(|r| r["title"].as_str()).collect();
    assert!(
        titles.contains(&"Bad]0;PWNED[41m \u{202e}evil\u{2028}x\u{2029}y"),
        "{titles:?}"
    );
    assert!(titles.contains(&"=HYPERLINK(\"https://evil.example\",\"Click\")"));
}

#[test]
fn an_empty_review_table_says_why_on_standard_error() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Reviews\nbase_url: https://example.test/site\n",
    )
    .page(
        "content/fresh.md",
        "title: Fresh\nreviewed: 2025-12-01\nnext_review: 2026-06-01",
        "Short words help.\n",
    );
    let run = run(&site, &["reviews", "--today", TODAY, "--due-within", "30d"]);
    run.assert_ok();
    assert_eq!(
        run.stdout.lines().count(),
        1,
        "only the header: {}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("No page is due for review within 30 days, overdue or never reviewed."),
        "{}",
        run.stderr
    );
    // JSON stays an empty array, with nothing else said.
    let json = run_in(
        site.root(),
        &[
            "reviews",
            "--today",
            TODAY,
            "--due-within",
            "30d",
            "--format",
            "json",
        ],
    );
    assert_eq!(json.stdout.trim(), "[]");
    assert!(json.stderr.is_empty(), "{}", json.stderr);
}

#[test]
fn the_published_report_marks_the_language_of_words_in_titles() {
    // "Kai for the whole [whānau]{lang=mi}" was "Kai for the whole whānau" in the report, the
    // te reo word read out as English: the report now shows the title as pages and lists do.
    let site = site();
    site.file("site.yaml", report_site_yaml()).page(
        "content/kai.md",
        "title: \"Kai for the whole [whānau]{lang=mi}\"\nreviewed: 2025-03-01",
        "Short words help.\n",
    );
    run(&site, &["build", "--today", TODAY]).assert_ok();
    let html = site.html("output/reviews/index.html");
    let kai = select(&html, "th a")
        .into_iter()
        .find(|a| a.value().attr("href") == Some("../kai/"))
        .expect("the page's row");
    assert_eq!(text(kai), "Kai for the whole whānau");
    assert_eq!(
        select_in(kai, "span[lang]")
            .iter()
            .map(|s| (
                text(*s),
                s.value().attr("lang").unwrap_or_default().to_string()
            ))
            .collect::<Vec<_>>(),
        [("whānau".to_string(), "mi".to_string())]
    );
}

/// A site in English and te reo Māori: a page with its translation (the English one at a
/// `slug` with a macron), a page that says its own language, and a page bundle.
fn two_language_site() -> Site {
    let site = site();
    site.file(
        "site.yaml",
        format!(
            "{SITE_YAML}languages:\n  - {{ code: en, name: English }}\n  - {{ code: mi, name: Te reo Māori, prefix: mi/ }}\n"
        ),
    )
    .page(
        "content/guides/sleep.md",
        "title: Sleep\ndescription: D.\nslug: whārangi/sleep\nreviewed: 2025-03-01",
        "Short words help.\n",
    )
    .page(
        "content/guides/sleep.mi.md",
        "title: Te moe\ndescription: D.\nreviewed: 2025-03-01",
        "He kōrero poto.\n",
    )
    .page(
        "content/samoan.md",
        "title: Samoan\ndescription: D.\nlang: sm\nreviewed: 2025-03-01",
        "O se tala puupuu.\n",
    )
    .page(
        "content/walks/index.md",
        "title: Walks\ndescription: D.\nreviewed: 2025-03-01",
        "Short words help.\n",
    );
    site
}

#[test]
fn the_json_report_gives_each_page_its_url_and_language_as_the_build_publishes_it() {
    // A dashboard or CI step could not link to a page from the report, nor tell the te reo
    // version of a page from the English one: both had one `title` and no address.
    let site = two_language_site();
    let json = run(&site, &["reviews", "--today", TODAY, "--format", "json"]);
    json.assert_ok();
    let rows: Vec<Value> = serde_json::from_str(&json.stdout).expect("JSON");
    let of = |source: &str| -> (String, String, String) {
        let row = rows
            .iter()
            .find(|r| r["source"] == source)
            .unwrap_or_else(|| panic!("{source} in {}", json.stdout));
        let s = |key: &str| row[key].as_str().unwrap_or("null").to_string();
        (s("lang"), s("url"), s("absolute_url"))
    };
    let expected = [
        ("content/fresh.md", "en", "fresh/"),
        ("content/guides/sleep.md", "en", "whārangi/sleep/"),
        ("content/guides/sleep.mi.md", "mi", "mi/guides/sleep/"),
        ("content/samoan.md", "sm", "samoan/"),
        ("content/walks/index.md", "en", "walks/"),
    ];
    for (source, lang, url) in expected {
        let (got_lang, got_url, absolute) = of(source);
        assert_eq!(
            (got_lang.as_str(), got_url.as_str()),
            (lang, url),
            "{source}"
        );
        // Absolute from base_url, letters outside ASCII percent-encoded as in the sitemap.
        assert_eq!(
            absolute,
            format!("https://example.test/site/{}", url.replace('ā', "%C4%81"))
        );
    }
    // Every URL is the page the build writes, in the language the report says.
    run(&site, &["build", "--today", TODAY]).assert_ok();
    for (source, lang, url) in expected {
        let file = format!("output/{url}index.html");
        assert!(site.exists(&file), "{source}: no {file}");
        let html = site.html(&file);
        assert_eq!(attrs(&html, "html", "lang"), [lang], "{file}");
        let canonical = attrs(&html, "link[rel=canonical]", "href");
        assert_eq!(
            canonical,
            [format!("https://example.test/site/{url}")],
            "{file}"
        );
    }
}

#[test]
fn the_csv_and_table_give_the_language_and_base_url_can_be_overridden() {
    let site = two_language_site();
    let csv = run(
        &site,
        &[
            "reviews",
            "--today",
            TODAY,
            "--format",
            "csv",
            "--base-url",
            "https://staging.example.test/",
        ],
    );
    csv.assert_ok();
    let records = parse_csv(&csv.stdout);
    let header = &records[0];
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (lang, url, absolute) = (column("lang"), column("url"), column("absolute_url"));
    let translation = records
        .iter()
        .find(|r| r[0] == "content/guides/sleep.mi.md")
        .expect("the translation's row");
    assert_eq!(
        [
            &translation[lang],
            &translation[url],
            &translation[absolute]
        ],
        [
            "mi",
            "mi/guides/sleep/",
            "https://staging.example.test/mi/guides/sleep/"
        ]
    );

    // The table, for reading, shows the language when the pages are not all in one.
    let table = run(&site, &["reviews", "--today", TODAY]);
    table.assert_ok();
    let lines: Vec<&str> = table.stdout.lines().collect();
    let header: Vec<&str> = lines[0]
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        header,
        [
            "next review",
            "status",
            "last reviewed",
            "reviewed by",
            "grade",
            "lang",
            "page"
        ]
    );
    let row = lines
        .iter()
        .find(|l| l.contains("content/guides/sleep.mi.md"))
        .expect("the translation's row");
    let cells: Vec<&str> = row
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells[5], "mi");
    // A site in one language has no such column.
    let one = run(&site_for_report(), &["reviews", "--today", TODAY]);
    assert!(
        !one.stdout
            .lines()
            .next()
            .unwrap_or_default()
            .contains("lang"),
        "{}",
        one.stdout
    );

    // A wrong --base-url is a usage error, as in `build`.
    let bad = run(&site, &["reviews", "--base-url", "example.org"]);
    bad.assert_code(2);
    assert!(bad.stderr.contains("--base-url"), "{}", bad.stderr);
}

#[test]
fn without_a_base_url_or_a_url_the_report_says_null() {
    let site = site_for_report();
    site.file(
        "site.yaml",
        SITE_YAML.replace("base_url: https://example.test/site\n", ""),
    )
    .page(
        "content/bad.md",
        "title: Bad\ndescription: D.\nslug: \"../outside\"",
        "Short words help.\n",
    );
    let json = run(&site, &["reviews", "--today", TODAY, "--format", "json"]);
    json.assert_ok();
    let rows: Vec<Value> = serde_json::from_str(&json.stdout).expect("JSON");
    let row = |source: &str| rows.iter().find(|r| r["source"] == source).expect(source);
    assert_eq!(row("content/fresh.md")["url"], "fresh/");
    assert_eq!(row("content/fresh.md")["absolute_url"], Value::Null);
    // A slug that makes no URL: the report still lists the page (`build` says what is wrong).
    assert_eq!(row("content/bad.md")["url"], Value::Null);
    assert_eq!(row("content/bad.md")["absolute_url"], Value::Null);
    assert_eq!(row("content/bad.md")["lang"], "en");
}

/// A page the site cannot read stops the report (it would leave the page out): `reviews` says
/// no report was made and what to do, as `build` ends with "Build failed", in every format, and
/// writes nothing a script would take for a report.
#[test]
fn a_page_with_an_error_stops_the_report_and_says_what_to_do() {
    let site = site();
    site.page(
        "content/typo.md",
        "title: Typo\ndescription: A key from another tool.\nreview_every: 6",
        "Short words help.\n",
    );
    for format in ["table", "csv", "json"] {
        let ran = run(&site, &["reviews", "--today", TODAY, "--format", format]);
        ran.assert_code(1);
        assert_eq!(ran.stdout, "", "{format}");
        let errors = ran.errors();
        assert_eq!(errors.len(), 1, "{}", ran.stderr);
        assert_eq!(
            (errors[0].file.as_str(), errors[0].line),
            ("content/typo.md", 4)
        );
        assert_eq!(
            ran.stderr.trim_end().lines().last(),
            Some(
                "No report made: 1 error in the site (a report would leave pages out); fix it and run `attach-gen reviews` again."
            ),
            "{format}"
        );
    }
    // A usage error (no site here) is shown alone, as `build` shows it.
    let empty = tempfile::tempdir().unwrap();
    let ran = run_in(empty.path(), &["reviews"]);
    ran.assert_code(2);
    assert!(!ran.stderr.contains("No report made"), "{}", ran.stderr);
}
