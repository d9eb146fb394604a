//! Markdown written by others: every example of the CommonMark spec and of pulldown-cmark's
//! regression, footnote, table, heading-attribute and smart-punctuation suites, built as the
//! pages of one site (once with `raw_html` on, its default, and once off).
//!
//! The examples are read at test time from the copy of pulldown-cmark that Cargo downloaded
//! (its `tests/suite/*.rs`), found through `cargo metadata`: none of that text is kept in this
//! repository. A missing suite folder fails the test; it is not skipped.
//!
//! For every example: the build does not panic; it succeeds, or fails with errors that each
//! name a file and line; a page it refuses is left out and the rest build, every page is
//! written; and each page's HTML has no script, event handler or `javascript:` address that
//! the build made, unique ids, in-page links that lead somewhere, alt text on every image, and
//! no heading that skips a level without a warning.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::*;
use pulldown_cmark::{Event, Options, Parser};

/// The suites read, by file name under pulldown-cmark's `tests/suite/`.
const SUITES: &[&str] = &[
    "spec.rs",
    "regression.rs",
    "footnotes.rs",
    "old_footnotes.rs",
    "table.rs",
    "gfm_table.rs",
    "heading_attrs.rs",
    "smart_punct.rs",
];

/// One example: the page it becomes (`spec-12`) and its Markdown.
struct Example {
    name: String,
    markdown: String,
    /// Whether pulldown-cmark (with attach-gen's options) reads HTML in it: with `raw_html`
    /// on, that HTML is the author's and is passed through as written, script and all.
    raw_html: bool,
}

/// pulldown-cmark's `tests/suite` folder, from `cargo metadata` (run with the `cargo` that runs
/// this test).
fn suite_dir() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
    let manifest = repo_root().join("Cargo.toml");
    let output = Command::new(&cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(&manifest)
        .output()
        .unwrap_or_else(|e| panic!("run {cargo} metadata: {e}"));
    assert!(
        output.status.success(),
        "cargo metadata failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let package = metadata["packages"]
        .as_array()
        .expect("cargo metadata lists packages")
        .iter()
        .find(|p| p["name"] == "pulldown-cmark")
        .expect("pulldown-cmark is a dependency");
    let manifest_path = PathBuf::from(
        package["manifest_path"]
            .as_str()
            .expect("pulldown-cmark has a manifest path"),
    );
    let dir = manifest_path
        .parent()
        .expect("a manifest is in a folder")
        .join("tests/suite");
    assert!(
        dir.is_dir(),
        "pulldown-cmark's test suite is not at {}: this test needs the crate's source as \
         Cargo downloads it (with its tests/ folder)",
        dir.display()
    );
    dir
}

/// Every `let original = r##"..."##;` in the suites, in order.
fn examples() -> Vec<Example> {
    let dir = suite_dir();
    let mut out = Vec::new();
    for suite in SUITES {
        let path = dir.join(suite);
        let text =
            fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let stem = suite.trim_end_matches(".rs").replace('_', "-");
        let before = out.len();
        for (n, piece) in text.split("let original = r##\"").skip(1).enumerate() {
            let markdown = piece
                .split_once("\"##;")
                .unwrap_or_else(|| panic!("{suite}: example {} is not closed", n + 1))
                .0;
            out.push(Example {
                name: format!("{stem}-{}", n + 1),
                markdown: markdown.to_string(),
                raw_html: has_raw_html(markdown),
            });
        }
        assert!(out.len() > before, "{suite}: no examples found");
    }
    assert!(out.len() > 900, "only {} examples found", out.len());
    out
}

fn has_raw_html(markdown: &str) -> bool {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    Parser::new_ext(markdown, options).any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
}

/// What one site's builds did.
struct Built {
    site: Site,
    /// Pages refused (by the first build), by name.
    refused: BTreeSet<String>,
    /// Warnings of the final build: page name → messages.
    warnings: BTreeMap<String, Vec<String>>,
}

/// Writes every example as a page of one site and builds it. When the build refuses pages,
/// every error must name a page and a line; those pages are then removed and the site built
/// again, which must succeed (two builds at most, whatever the number of examples).
fn build_all(examples: &[Example], raw_html: bool) -> Built {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("title: Corpus\nmarkdown: {{raw_html: {raw_html}}}\n"),
    );
    // The images the examples show, as static files, so that their pages are built and their
    // `<img>`s checked rather than refused for a missing file.
    for name in ["url", "url2", "uri3", "image.png"] {
        site.file(&format!("static/{name}"), TINY_PNG);
    }
    for name in ["moon.jpg", "train.jpg", "path/to/train.jpg"] {
        site.file(&format!("static/{name}"), tiny_jpeg());
    }
    for example in examples {
        site.page(
            &format!("content/{}.md", example.name),
            &format!("title: \"{}\"", example.name),
            &example.markdown,
        );
    }
    let page_of = |file: &str| {
        file.strip_prefix("content/")
            .and_then(|f| f.strip_suffix(".md"))
            .map(str::to_string)
    };
    let mut refused = BTreeSet::new();
    let mut run = site.build(&["--show-all"]);
    if run.code == 1 {
        let errors = run.errors();
        assert!(
            !errors.is_empty(),
            "exit 1 without an error:\n{}",
            run.stderr
        );
        for error in errors {
            let page = page_of(&error.file);
            assert!(
                page.is_some() && error.line > 0,
                "an error that names no page and line: {error:?}"
            );
            eprintln!("refused: {}:{}: {}", error.file, error.line, error.message);
            refused.extend(page);
        }
        for name in &refused {
            site.remove(&format!("content/{name}.md"));
        }
        run = site.build(&["--show-all"]);
    }
    run.assert_ok();
    let mut warnings: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for warning in run.warnings() {
        if let Some(page) = page_of(&warning.file) {
            warnings.entry(page).or_default().push(warning.message);
        }
    }
    Built {
        site,
        refused,
        warnings,
    }
}

/// A real 1×1 JPEG.
fn tiny_jpeg() -> Vec<u8> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut bytes)
        .encode_image(&image::RgbImage::new(1, 1))
        .expect("encode a JPEG");
    bytes
}

/// What is wrong with one built page.
fn page_problems(built: &Built, example: &Example, raw_html: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let file = built
        .site
        .path(&format!("output/{}/index.html", example.name));
    if !file.is_file() {
        return vec!["not written".into()];
    }
    let html = parse_html_file(&file);
    // With raw_html on, HTML the author wrote is passed through unchanged (docs/content.md):
    // a script, handler or address in it is the author's, not the build's.
    let authors_html = raw_html && example.raw_html;
    if !authors_html {
        // What the build writes must parse without the browser's repairs (a link inside a
        // link, say, which a parser splits in two).
        for error in &html.errors {
            problems.push(format!("the HTML does not parse cleanly: {error}"));
        }
        for script in select(&html, "script") {
            if script.value().attr("type") != Some("application/ld+json") {
                problems.push(format!("a <script>: {}", script.html()));
            }
        }
        for element in select(&html, "*") {
            for (name, value) in element.value().attrs() {
                let lower = value.trim().to_ascii_lowercase();
                if name.to_ascii_lowercase().starts_with("on") {
                    problems.push(format!("an event handler: {name}={value:?}"));
                }
                if matches!(name, "href" | "src") && lower.starts_with("javascript:") {
                    problems.push(format!("a javascript: address: {name}={value:?}"));
                }
            }
        }
        for img in select(&html, "img") {
            if img.value().attr("alt").is_none() {
                problems.push(format!("an image without alt: {}", img.html()));
            }
            if img
                .value()
                .attr("src")
                .is_none_or(|src| src.trim().is_empty())
            {
                problems.push(format!("an image without an address: {}", img.html()));
            }
        }
    }
    for id in duplicate_ids(&html) {
        problems.push(format!("the id `{id}` is used more than once"));
    }
    // The author's raw HTML may link to ids it never made. Markdown may too (`[a](#nowhere)`):
    // the build then warns (`broken-anchor`; `check` makes it an error), as it should.
    let warned_anchor = built.warnings.get(&example.name).is_some_and(|w| {
        w.iter()
            .any(|m| m.contains("has no such heading or anchor"))
    });
    if !authors_html && !warned_anchor {
        let ids = ids(&html);
        for href in attrs(&html, "a[href]", "href") {
            if let Some(fragment) = href.strip_prefix('#')
                && !fragment.is_empty()
                && !ids.contains(&decode(fragment))
            {
                problems.push(format!("href=\"{href}\" leads to no id on the page"));
            }
        }
    }
    if !authors_html {
        let mut last = 1;
        let skipped = select(&html, "div.content :is(h1, h2, h3, h4, h5, h6)")
            .into_iter()
            .any(|h| {
                let level = h.value().name()[1..].parse::<usize>().unwrap_or(1);
                let skip = level > last + 1;
                last = level;
                skip
            });
        let warned = built.warnings.get(&example.name).is_some_and(|w| {
            w.iter()
                .any(|m| m.contains("skips a level") || m.contains("shown at level 6"))
        });
        if skipped && !warned {
            problems.push("a heading skips a level, and the build did not say so".into());
        }
    }
    problems
}

fn decode(fragment: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = fragment.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        let hex = tail
            .get(..2)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (first, hex) {
            (b'%', Some(byte)) => {
                bytes.push(byte);
                rest = &tail[2..];
            }
            _ => {
                bytes.push(first);
                rest = tail;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn check_corpus(raw_html: bool) {
    let examples = examples();
    let built = build_all(&examples, raw_html);
    let mut report = Vec::new();
    for example in &examples {
        if built.refused.contains(&example.name) {
            continue;
        }
        for problem in page_problems(&built, example, raw_html) {
            report.push(format!("{}: {problem}", example.name));
        }
    }
    if std::env::var_os("CORPUS_KEEP").is_some() {
        let keep = built.site.root().to_path_buf();
        std::mem::forget(built.site);
        eprintln!("kept the site at {}", keep.display());
    }
    assert!(
        report.is_empty(),
        "{} problems (raw_html: {raw_html}):\n{}",
        report.len(),
        report.join("\n")
    );
    // Most examples are ordinary Markdown: a build refusing most of them tests nothing.
    let refused: HashSet<_> = built.refused.iter().collect();
    assert!(
        refused.len() * 4 < examples.len(),
        "{} of {} examples refused",
        refused.len(),
        examples.len()
    );
}

#[test]
fn every_example_builds_to_clean_html_with_raw_html_on() {
    check_corpus(true);
}

#[test]
fn every_example_builds_to_clean_html_with_raw_html_off() {
    check_corpus(false);
}
