//! One page file, as bytes, through everything that reads it before templates do: front matter
//! splitting and checking, Markdown rendering with citations and links, citation groups, the
//! placement and drawing of every diagnostic, slugs, and free-text references. Any panic, hang
//! or runaway allocation is a finding (see scripts/fuzz).

#![no_main]

use std::collections::{HashMap, HashSet};
use std::path::Path;

use attach_gen::content::parse_page;
use attach_gen::site::markdown::{self, Context};
use attach_gen::support::diagnostic::LineIndex;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = match parse_page(
        Path::new("content/guides/page.md"),
        "guides/page.md".into(),
        data.to_vec(),
    ) {
        Ok(page) => page,
        Err(diagnostics) => {
            for d in diagnostics {
                let _ = d.render();
            }
            return;
        }
    };

    // A small site around the page: some pages to link to, some keys to cite, a draft.
    let pages: HashMap<String, String> = [
        ("guides/page.md", "guides/page/"),
        ("guides/sleep.md", "guides/sleep/"),
        ("attachment.md", "attachment/"),
        ("deep/er/still.md", "deep/er/still/"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let keys: HashSet<String> = ["bowlby1973", "heller2019", "levine2011", "a", "x:y.z"]
        .into_iter()
        .map(str::to_string)
        .collect();
    let drafts: HashSet<String> = ["draft.md".to_string()].into_iter().collect();
    // A key whose `.bib` entry has no fields: citing it is an error of its own.
    let left_out: HashSet<String> = ["empty2020".to_string()].into_iter().collect();
    let theme_ids: HashSet<String> = ["main", "site-search", "references"]
        .into_iter()
        .map(str::to_string)
        .collect();
    let body = page.body.text();
    let body_words = attach_gen::site::BodyWords::default();
    let files = attach_gen::site::SiteFiles::default();
    for raw_html in [true, false] {
        let ctx = Context {
            rel_path: &page.rel_path,
            url: "guides/page/",
            pages: &pages,
            keys: &keys,
            left_out: &left_out,
            drafts: &drafts,
            unreadable: &HashSet::new(),
            raw_html,
            theme_ids: &theme_ids,
            glossary: None,
            lang: "en",
            body_words: &body_words,
            files: &files,
        };
        let out = markdown::render(&body, &ctx);
        let lines = LineIndex::new(&body);
        for problem in &out.problems {
            let d = attach_gen::Diagnostic::error(problem.code, problem.message.clone());
            let _ = page
                .diagnostic_at_offset(&lines, d, problem.offset)
                .render();
        }
        for image in &out.images {
            let _ = lines.line_col(image.offset);
        }
        for link in &out.fragment_links {
            let _ = lines.line_col(link.offset);
        }
        let _ = markdown::fill_citations(out.html.unpack(), |i| format!("<cite>{i}</cite>"));
        if !raw_html {
            break;
        }
    }

    for reference in &page.front.references {
        let _ = markdown::render_inline(reference);
        let _ = markdown::script_link_in_inline(reference);
    }
    let _ = attach_gen::support::slug::slugify(&page.front.title);
    for category in &page.front.categories {
        let _ = attach_gen::support::slug::slugify(category);
    }
    // Citation groups as the Markdown parser would hand them over: each bracketed span.
    for part in body.split('[').skip(1) {
        if let Some(inside) = part.split(']').next() {
            let _ = markdown::parse_citation_group(inside);
        }
    }
    let _ = markdown::parse_citation_group(&body);
});
