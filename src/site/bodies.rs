//! Every page's Markdown, rendered in parallel. Citations stay placeholders until the whole
//! site's are known (see `references`); problems found on the way are errors at their line.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::SourcePage;
use crate::content::body::Changed;
use crate::site::Input;
use crate::site::cache::{ModelCache, hash_of};
use crate::site::checks::{MAX_REPORTED_PER_PAGE, not_shown};
use crate::site::markdown::{self, Problem, Rendered};
use crate::support::diagnostic::{Code, Diagnostic};

/// What every page's Markdown is rendered against, besides its own text.
struct Surroundings<'a> {
    /// Every bibliography key.
    pub keys: &'a HashSet<String>,
    /// The keys of entries left out of the bibliography for having no fields.
    pub left_out: &'a HashSet<String>,
    /// Source paths of drafts left out of this build.
    pub drafts_left_out: &'a HashSet<String>,
    /// Source paths of pages that could not be read.
    pub unreadable: &'a HashSet<String>,
    pub raw_html: bool,
    /// Every literal id in the theme's templates.
    pub theme_ids: &'a HashSet<String>,
    pub glossary: Option<&'a crate::content::glossary::Glossary>,
    /// The site's `language`, a page's unless it says another.
    pub site_language: &'a str,
    pub body_words: &'a crate::site::BodyWords,
    /// What the built site will hold, for links to its files.
    pub files: &'a crate::site::SiteFiles,
}

/// Renders every page's body (`urls` in the order of `sources`; `keys` the bibliography's),
/// reusing what `cache` holds for bodies that have not changed when `caching`. The problems
/// found go to `errors` and `warnings`. Each page's Markdown is read from its file here (see
/// [`crate::content::Body`]) and dropped once rendered.
pub fn render(
    sources: &mut [SourcePage],
    urls: &[String],
    input: &Input,
    (keys, files): (&HashSet<String>, &crate::site::SiteFiles),
    (cache, caching): (&mut ModelCache, bool),
    (errors, warnings): (&mut Vec<Diagnostic>, &mut Vec<Diagnostic>),
) -> Vec<Rendered> {
    let set = |paths: &[String]| paths.iter().cloned().collect::<HashSet<String>>();
    let around = Surroundings {
        keys,
        left_out: &input.library.left_out_keys(),
        drafts_left_out: &set(input.drafts_left_out),
        unreadable: &set(input.unreadable),
        raw_html: input.config.markdown.raw_html,
        theme_ids: input.theme.ids,
        glossary: input.glossary,
        site_language: &input.config.language,
        body_words: input.theme.body_words,
        files,
    };
    let rendered = render_all(sources, urls, &around, cache, caching);
    report_problems(sources, &rendered, around.raw_html, errors, warnings);
    rendered
}

fn render_all(
    sources: &mut [SourcePage],
    urls: &[String],
    around: &Surroundings,
    cache: &mut ModelCache,
    caching: bool,
) -> Vec<Rendered> {
    let by_source: HashMap<String, String> = sources
        .iter()
        .zip(urls)
        .map(|(page, url)| (page.rel_path.clone(), url.clone()))
        .collect();
    // What every body depends on besides its own text: only `serve` keeps bodies between
    // builds, so only it needs to know whether that changed.
    if caching {
        let context = context_hash(sources, urls, around);
        if cache.context != context {
            cache.markdown.clear();
            cache.context = context;
        }
    }
    let body_hashes: Vec<u64> = if caching {
        // Its language too: it decides how glossary terms are marked.
        sources
            .par_iter()
            .map(|page| hash_of(&(&page.body, &page.front.lang)))
            .collect()
    } else {
        Vec::new()
    };
    let shared: Vec<Arc<Rendered>> = sources
        .par_iter()
        .zip(urls.par_iter())
        .enumerate()
        .map(|(index, (page, url))| {
            render_one(page, url, index, around, (&by_source, &body_hashes), cache)
        })
        .collect();
    if caching {
        cache.markdown = sources
            .iter()
            .zip(&body_hashes)
            .zip(&shared)
            .map(|((page, hash), out)| (page.rel_path.clone(), (*hash, out.clone())))
            .collect();
    }
    // The model takes its own copy; without a cache the only reference is given up.
    shared
        .into_par_iter()
        .map(|out| Arc::try_unwrap(out).unwrap_or_else(|out| (*out).clone()))
        .collect()
}

/// One page's body (the `index`th of the site, at `url`), from `cache` when its Markdown
/// hashes as it did (`body_hashes`, empty when not caching).
fn render_one(
    page: &SourcePage,
    url: &str,
    index: usize,
    around: &Surroundings,
    (by_source, body_hashes): (&HashMap<String, String>, &[u64]),
    cache: &ModelCache,
) -> Arc<Rendered> {
    if let Some((hash, rendered)) = cache.markdown.get(&page.rel_path)
        && body_hashes.get(index) == Some(hash)
    {
        return rendered.clone();
    }
    let ctx = markdown::Context {
        rel_path: &page.rel_path,
        url,
        pages: by_source,
        keys: around.keys,
        left_out: around.left_out,
        drafts: around.drafts_left_out,
        unreadable: around.unreadable,
        raw_html: around.raw_html,
        theme_ids: around.theme_ids,
        glossary: around.glossary,
        lang: page.front.lang.as_deref().unwrap_or(around.site_language),
        body_words: around.body_words,
        files: around.files,
    };
    match page.body.read() {
        Ok(markdown) => {
            Arc::new(markdown::render(&markdown, &ctx))
        }
        Err(Changed) => Arc::new(Rendered {
            problems: vec![Problem {
                code: Code::Io,
                offset: 0,
                message: "this page's file changed (or could not be read again) while the site was being built, so the page was not rendered".to_string(),
                hint: Some("build again: `serve` does so by itself once the file is saved".to_string()),
            }],
            ..Rendered::default()
        }),
    }
}

/// The problems found while rendering, as errors at their line, and the warnings: at most
/// [`MAX_REPORTED_PER_PAGE`] of each a page, and one more message counting the rest. Each
/// diagnostic holds a copy of its line, so an uncapped list on a long one-line page grew with
/// the square of its length.
fn report_problems(
    sources: &[SourcePage],
    rendered: &[Rendered],
    raw_html: bool,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    for (page, out) in sources.iter().zip(rendered) {
        // Errors and warnings placed together: the page's Markdown is read once, if at all.
        let divider = out
            .summary_divider
            .as_ref()
            .map(|divider| summary_divider_warning(page, divider, raw_html));
        let found = first_shown(&out.warnings.shown, Diagnostic::warning)
            .chain(divider)
            .chain(first_shown(&out.problems, Diagnostic::error))
            .collect();
        let (placed_errors, placed_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = page
            .diagnostics_in_body(found)
            .into_iter()
            .partition(Diagnostic::is_error);
        warnings.extend(placed_warnings);
        warnings.extend(not_shown(
            page,
            out.warnings.len(),
            "warnings",
            Diagnostic::warning,
        ));
        errors.extend(placed_errors);
        errors.extend(not_shown(
            page,
            out.problems.len(),
            "errors",
            Diagnostic::error,
        ));
    }
}

/// The longest `description:` the help for a summary divider writes from the text above it.
const SUMMARY_CHARS: usize = 160;

/// The warning for a page's `<!--more-->`, which does nothing: a page's summary is its
/// `description` (or, without one, its first words), so the help writes the text above the
/// divider as one, unless the page has one already.
fn summary_divider_warning(
    page: &SourcePage,
    divider: &markdown::SummaryDivider,
    raw_html: bool,
) -> (Diagnostic, usize) {
    let warning = |message: &str, hint: String| {
        (
            Diagnostic::warning(Code::Shortcode, message.to_string()).with_hint(hint),
            divider.offset,
        )
    };
    // Without raw HTML the divider is not hidden: it is shown on the page as written.
    let effect = if raw_html {
        "does nothing here"
    } else {
        "is shown on the page as text here (site.yaml has `markdown: {raw_html: false}`), and marks nothing"
    };
    if page.front.description.is_some() {
        return warning(
            &format!(
                "`<!--more-->` (the summary divider of Hugo and WordPress) {effect}: this page's summary is its `description`"
            ),
            "remove the line".to_string(),
        );
    }
    let message = &format!(
        "`<!--more-->` (the summary divider of Hugo and WordPress) {effect}: a page's summary (in page lists, search results and feeds) is its front matter's `description`"
    );
    let summary = shortened_summary(&divider.above);
    if summary.is_empty() {
        return warning(
            message,
            "write the page's summary as `description: ...` in its front matter, and remove the divider".to_string(),
        );
    }
    let quoted = summary.replace('\\', "\\\\").replace('"', "\\\"");
    warning(
        message,
        format!(
            "to keep the text above it as the summary, add `description: \"{quoted}\"` to the front matter, and remove the divider"
        ),
    )
}

/// `text` shortened to at most [`SUMMARY_CHARS`] characters: its whole sentences that fit,
/// else its words that fit and `…`.
fn shortened_summary(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= SUMMARY_CHARS {
        return text.to_string();
    }
    let cut = text
        .char_indices()
        .nth(SUMMARY_CHARS)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..cut];
    let sentence_end = head
        .rmatch_indices(['.', '!', '?'])
        .map(|(at, mark)| at + mark.len())
        .find(|&end| text[end..].starts_with(' '));
    match sentence_end {
        Some(end) if end >= SUMMARY_CHARS / 4 => text[..end].to_string(),
        _ => {
            let words = head.rsplit_once(' ').map_or(head, |(words, _)| words);
            format!("{}…", words.trim_end_matches([',', ';', ':', ' ']))
        }
    }
}

/// The first [`MAX_REPORTED_PER_PAGE`] of `problems` as diagnostics made by `new` (an error or
/// a warning), each with its offset in the page's Markdown.
fn first_shown(
    problems: &[Problem],
    new: fn(Code, String) -> Diagnostic,
) -> impl Iterator<Item = (Diagnostic, usize)> + '_ {
    problems
        .iter()
        .take(MAX_REPORTED_PER_PAGE)
        .map(move |problem| (as_diagnostic(new, problem), problem.offset))
}

/// `problem` as a diagnostic, made by `new` (an error or a warning).
fn as_diagnostic(new: fn(Code, String) -> Diagnostic, problem: &Problem) -> Diagnostic {
    let d = new(problem.code, problem.message.clone());
    match &problem.hint {
        Some(hint) => d.with_hint(hint.clone()),
        None => d,
    }
}

fn context_hash(sources: &[SourcePage], urls: &[String], around: &Surroundings) -> u64 {
    let sorted = |set: &HashSet<String>| {
        let mut items: Vec<String> = set.iter().cloned().collect();
        items.sort_unstable();
        items
    };
    let paths: Vec<&str> = sources.iter().map(|p| p.rel_path.as_str()).collect();
    hash_of(&(
        paths,
        urls,
        sorted(around.keys),
        sorted(around.left_out),
        sorted(around.drafts_left_out),
        sorted(around.unreadable),
        around.raw_html,
        sorted(around.theme_ids),
        around.glossary.map(|g| g.fingerprint()),
        around.body_words,
        around.files.fingerprint(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_is_cut_after_a_sentence_or_else_a_word() {
        assert_eq!(shortened_summary(" Short. "), "Short.");
        let sentences = format!("{}. {}.", "a".repeat(100), "b".repeat(100));
        assert_eq!(
            shortened_summary(&sentences),
            format!("{}.", "a".repeat(100))
        );
        let words = "word, ".repeat(40);
        let cut = shortened_summary(&words);
        assert!(cut.ends_with("word…") && cut.chars().count() <= SUMMARY_CHARS + 1);
        // Not cut inside a character.
        assert!(shortened_summary(&"ā".repeat(400)).ends_with('…'));
    }
}
