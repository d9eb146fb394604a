//! Plain language: `check` measures each page's Flesch–Kincaid grade over its English running
//! text, warns above `readability.max_grade` (or the page's own) and about sentences over
//! `readability.max_sentence_words` at their line, and gives the figures in `--format json`.

mod common;

use common::*;
use serde_json::Value;

const SITE_YAML: &str = "title: Plain\nbase_url: https://example.test/site\n";

/// 2 sentences, 10 one-syllable words (hand-counted): grade 0.39 × 5 + 11.8 × 1 − 15.59 =
/// −1.84.
const PLAIN: &str = "Rest is good for you. We all need more sleep.\n";

/// 7 words, 19 syllables (daily 2, anxiety 4, responds 2, to 1, regular 3, physical 3,
/// activity 4): 0.39 × 7 + 11.8 × 19 / 7 − 15.59 = 19.169.
const HARD: &str = "Daily anxiety responds to regular physical activity.\n";

fn check_json(site: &Site, args: &[&str]) -> (Run, Vec<Value>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = run_in(site.root(), &all);
    let findings: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    (run, findings)
}

fn readability_of<'a>(findings: &'a [Value], file: &str) -> &'a Value {
    findings
        .iter()
        .find(|f| f["code"] == "readability" && f["file"] == file)
        .unwrap_or_else(|| panic!("no readability finding for {file}: {findings:#?}"))
}

#[test]
fn figures_in_check_json_equal_hand_counted_values() {
    let site = Site::new();
    site.file("site.yaml", format!("{SITE_YAML}bibliography: [refs.bib]\n"))
        .file(
            "refs.bib",
            "@book{smith2020, author = {Smith, Ana}, title = {Rest}, publisher = {P}, year = {2020}}\n",
        )
        .page("content/plain.md", "title: Plain\ndescription: D.", PLAIN)
        .page(
            "content/hard.md",
            "title: Hard\ndescription: D.",
            // Code, a citation, a heading and te reo Māori are left out of the count.
            &format!(
                "## A heading that is not counted at all\n\n{HARD}\n```\nlet x = unreadable.code();\n```\n\nSay <span lang=\"mi\">kia ora</span> [tēnā koe]{{lang=mi}} `x` [see @smith2020].\n"
            ),
        );
    let (run, findings) = check_json(&site, &[]);
    run.assert_ok();
    let plain = readability_of(&findings, "content/plain.md");
    assert_eq!(plain["severity"], "note");
    assert_eq!(
        plain["figures"],
        serde_json::json!({"grade": -1.8, "words": 10, "sentences": 2, "syllables": 10, "max_grade": 9.0})
    );
    // A figure below 1 is no school grade: the note says "below grade 1" ("grade -1.8" read
    // as a mistake).
    assert_eq!(
        plain["message"],
        "this page reads below grade 1 (Flesch–Kincaid -1.8, 10 words in 2 sentences)"
    );
    let hard = readability_of(&findings, "content/hard.md");
    // The last paragraph is one more sentence: "Say" (1 syllable). 8 words, 2 sentences,
    // 20 syllables: 0.39 × 4 + 11.8 × 2.5 − 15.59 = 15.47.
    assert_eq!(
        hard["figures"],
        serde_json::json!({"grade": 15.5, "words": 8, "sentences": 2, "syllables": 20, "max_grade": 9.0})
    );
    // A short page gets its figure but no warning: the formula means little on 8 words.
    assert_eq!(hard["severity"], "note");
}

/// `HARD` repeated until the page has more than 100 words.
fn hard_page() -> String {
    HARD.repeat(15)
}

#[test]
fn pages_above_the_grade_warn_unless_they_raise_their_own_limit() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .page(
            "content/hard.md",
            "title: Hard\ndescription: D.",
            &hard_page(),
        )
        .page(
            "content/allowed.md",
            "title: Allowed\ndescription: D.\nreadability: {max_grade: 20}",
            &hard_page(),
        );
    let (run, findings) = check_json(&site, &[]);
    run.assert_ok();
    let hard = readability_of(&findings, "content/hard.md");
    assert_eq!(hard["severity"], "warning");
    assert_eq!(
        (hard["line"].as_u64(), hard["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        hard["message"],
        "this page reads at grade 19.2, above the most of 9 (Flesch–Kincaid, 105 words in 15 sentences)"
    );
    assert_eq!(hard["figures"]["grade"], 19.2);
    let allowed = readability_of(&findings, "content/allowed.md");
    assert_eq!(allowed["severity"], "note");
    assert_eq!(allowed["figures"]["max_grade"], 20.0);

    // In human output the warning shows, the notes do not; --deny-warnings fails on it.
    let human = run_in(site.root(), &["check"]);
    human.assert_ok();
    let warnings = human.warnings();
    assert_eq!(warnings.len(), 1, "{}", human.stderr);
    assert_eq!(
        (warnings[0].file.as_str(), warnings[0].line),
        ("content/hard.md", 2)
    );
    assert!(human.notes().is_empty(), "{}", human.stderr);
    run_in(site.root(), &["check", "--deny-warnings"]).assert_code(1);
    // The site-wide limit raised: nothing to warn about. `build` never measures.
    site.file(
        "site.yaml",
        format!("{SITE_YAML}readability: {{max_grade: 20}}\n"),
    );
    run_in(site.root(), &["check", "--deny-warnings"]).assert_ok();
    let built = run_in(site.root(), &["build"]);
    built.assert_ok();
    assert!(built.warnings().is_empty(), "{}", built.stderr);
}

#[test]
fn long_sentences_are_warnings_at_their_line() {
    let long = "word ".repeat(36);
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}readability: {{max_sentence_words: 35}}\n"),
    )
    .page(
        "content/long.md",
        "title: Long\ndescription: D.",
        // The body starts on line 5; the long sentence starts on line 7, column 7.
        &format!("Short one.\n\nFirst. {}end.\n\n> {long}again.\n", long),
    );
    let (run, findings) = check_json(&site, &[]);
    run.assert_ok();
    let long: Vec<(u64, u64, String)> = findings
        .iter()
        .filter(|f| f["code"] == "long-sentence")
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        long,
        [
            (
                7,
                8,
                "this sentence has 37 words; the most is 35".to_string()
            ),
            (
                9,
                3,
                "this sentence has 37 words; the most is 35".to_string()
            )
        ]
    );
    // 37 is fine with a higher limit.
    site.file(
        "site.yaml",
        format!("{SITE_YAML}readability: {{max_sentence_words: 37}}\n"),
    );
    let (_, findings) = check_json(&site, &[]);
    assert!(!findings.iter().any(|f| f["code"] == "long-sentence"));
}

#[test]
fn a_page_of_long_sentences_reports_twenty_and_counts_the_rest() {
    let paragraph = format!("{}end.\n\n", "word ".repeat(40));
    let site = Site::new();
    site.file("site.yaml", SITE_YAML).page(
        "content/long.md",
        "title: Long\ndescription: D.",
        &paragraph.repeat(25),
    );
    let (_, findings) = check_json(&site, &[]);
    let long = findings
        .iter()
        .filter(|f| f["code"] == "long-sentence")
        .count();
    assert_eq!(long, 20);
    let rest = findings
        .iter()
        .find(|f| f["code"] == "too-many")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        rest["message"],
        "5 more of this page's sentences are longer than 35 words (the first 20 are shown)"
    );
    assert_eq!(rest["file"], "content/long.md");
}

#[test]
fn a_wrong_page_readability_is_an_error_at_its_line() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML).page(
        "content/a.md",
        "title: A\nreadability: {max_grade: 50}",
        PLAIN,
    );
    let run = run_in(site.root(), &["build"]);
    run.assert_code(1);
    let error = run.error_at("content/a.md", 3);
    assert_eq!(
        error.message,
        "`readability`: `max_grade` is 50; it must be a number from 0 to 30"
    );
    assert!(!site.exists("output"));
}

#[test]
fn a_page_in_another_language_is_not_measured() {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}readability: {{max_grade: 5}}\n"),
    )
    .page(
        "content/english.md",
        "title: English\ndescription: D.",
        HARD,
    )
    .page(
        "content/reo.md",
        "title: Te reo\ndescription: D.\nlang: mi",
        "Ko te hauora o te whānau te mea nui, ā, ka tiakina e tātou katoa.\n",
    );
    let (_, findings) = check_json(&site, &[]);
    readability_of(&findings, "content/english.md");
    assert!(
        !findings
            .iter()
            .any(|f| f["file"] == "content/reo.md" && f["code"] == "readability"),
        "{findings:#?}"
    );
    // A site written in another language is not measured either, unless a page says `lang: en`.
    site.file("site.yaml", format!("{SITE_YAML}language: mi\n"))
        .page(
            "content/english.md",
            "title: English\ndescription: D.\nlang: en",
            HARD,
        );
    let (_, findings) = check_json(&site, &[]);
    readability_of(&findings, "content/english.md");
    assert!(
        !findings
            .iter()
            .any(|f| f["file"] == "content/reo.md" && f["code"] == "readability")
    );
}

#[test]
fn a_translation_is_not_measured_though_only_its_file_name_gives_its_language() {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!(
            "{SITE_YAML}languages:\n  - {{ code: en, name: English }}\n  - {{ code: mi, name: Te reo Māori, prefix: mi/ }}\n"
        ),
    )
    .page("content/sleep.md", "title: Sleep\ndescription: D.", HARD)
    .page(
        "content/sleep.mi.md",
        "title: Moe\ndescription: D.",
        "Ko te moe te mea nui mō te hauora o te tinana me te hinengaro.\n",
    );
    let (_, findings) = check_json(&site, &[]);
    readability_of(&findings, "content/sleep.md");
    assert!(
        !findings
            .iter()
            .any(|f| f["file"] == "content/sleep.mi.md" && f["code"] == "readability"),
        "{findings:#?}"
    );
}

/// Runs of sentence marks ("Wait... what?!", "It ends..") end one sentence: they once made
/// `check`, `reviews` and a build publishing the staff report stop on a panic.
#[test]
fn ellipses_and_runs_of_marks_end_one_sentence() {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}review:\n  publish_report: true\n"),
    )
    .page(
        "content/dots.md",
        "title: Dots\ndescription: D.\nreviewed: 2026-01-10",
        "Wait... what?! Really?? It ends.. Then this. And... \"so.\" Done!!!\n",
    );
    let (run, findings) = check_json(&site, &[]);
    run.assert_ok();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let figures = &readability_of(&findings, "content/dots.md")["figures"];
    // "Wait...", "what?!", "Really??", "It ends..", "Then this.", "And...", ""so."", "Done!!!".
    assert_eq!(figures["sentences"], 8, "{figures}");
    assert_eq!(figures["words"], 10, "{figures}");
    let reviews = run_in(site.root(), &["reviews", "--today", "2026-03-01"]);
    reviews.assert_ok();
    assert!(reviews.stdout.contains("Dots"), "{}", reviews.stdout);
    let build = site.build(&["--today", "2026-03-01"]);
    build.assert_ok();
    let report = site.html("output/reviews/index.html");
    assert!(
        texts(&report, "td, th").iter().any(|t| t == "Dots"),
        "{:?}",
        texts(&report, "td, th")
    );
}
