//! The placeholder text `attach-gen new` writes into a page, and finding it again: a page
//! published with it would tell readers to "write the page here". `check` warns about such a
//! page; `build` refuses to publish it unless drafts are asked for (`--drafts`).

use crate::content::SourcePage;
use crate::support::diagnostic::{Code, Diagnostic, Severity};

/// The sentences of `new`'s page body that an editor is meant to replace.
pub const SENTENCES: &[&str] = &[
    "Start with a sentence or two: who this page is for, and what it will help them with.",
    "Write the page here.",
];

/// The word every placeholder sentence holds, followed by a space: a page is searched for it
/// once, not for each sentence (each search reads the whole page).
const SHARED: &str = "page ";

/// Where the first placeholder sentence still in `body` starts, if one is.
pub fn offset(body: &str) -> Option<usize> {
    // Every page is searched on every build: memchr's vectorised search, not `str::find`
    // (which was 2% of a build), with its searcher made once, not for every page.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(SHARED.as_bytes()));
    static WHERE_SHARED: std::sync::LazyLock<Vec<usize>> = std::sync::LazyLock::new(|| {
        SENTENCES
            .iter()
            .map(|sentence| sentence.find(SHARED).unwrap_or_default())
            .collect()
    });
    // Sentences cannot overlap (neither holds the start of another), so the first `page `
    // that is part of one is in the first sentence.
    FINDER.find_iter(body.as_bytes()).find_map(|at| {
        SENTENCES
            .iter()
            .zip(WHERE_SHARED.iter())
            .find_map(|(sentence, &shared)| {
                let start = at.checked_sub(shared)?;
                body.as_bytes()[start..]
                    .starts_with(sentence.as_bytes())
                    .then_some(start)
            })
    })
}

/// A finding (of `severity`) at the first placeholder sentence still in `page`, if any.
pub fn find(page: &SourcePage, severity: Severity) -> Option<Diagnostic> {
    let offset = page.placeholder_at?;
    let d = Diagnostic::error(
        Code::Placeholder,
        "this page still holds the placeholder text `attach-gen new` wrote",
    )
    .with_hint(match severity {
        Severity::Error => "replace it with the page's own text, or mark the page `draft: true` (`serve --drafts` or `build --drafts` shows it)",
        _ => "replace it with the page's own text before the page is published",
    });
    let d = Diagnostic { severity, ..d };
    page.diagnostics_in_body(vec![(d, offset)]).pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `offset` gave before it searched for the shared word: each sentence searched for.
    fn each_searched(body: &str) -> Option<usize> {
        SENTENCES.iter().filter_map(|s| body.find(s)).min()
    }

    #[test]
    fn the_first_placeholder_sentence_is_found_as_searching_for_each_finds_it() {
        let [first, second] = [SENTENCES[0], SENTENCES[1]];
        for body in [
            String::new(),
            "A page about sleep. This page is for parents.".to_string(),
            format!("{first}\n\n{second}\n"),
            format!("# Sleep\n\n{second} Then {first}"),
            format!("page page {}", &first[..first.len() - 1]),
            format!("Write the page {second}"),
            format!("whānau page ā{first}"),
            format!("{second}{second}"),
        ] {
            assert_eq!(offset(&body), each_searched(&body), "{body:?}");
        }
        for sentence in SENTENCES {
            assert!(sentence.contains(SHARED), "{sentence}");
        }
        // What `offset` relies on: no sentence ends with the start of another (or of itself),
        // so two found in a page never overlap and the first `page ` found is the first's.
        for a in SENTENCES {
            for b in SENTENCES {
                for cut in 1..a.len() {
                    if let Some(end) = a.get(cut..) {
                        assert!(!b.starts_with(end), "{a:?} ends with the start of {b:?}");
                    }
                }
            }
        }
    }
}
