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

/// Where the first placeholder sentence still in `body` starts, if one is.
pub fn offset(body: &str) -> Option<usize> {
    // Every page is searched on every build: memchr's vectorised search, not `str::find`
    // (which was 2% of a build), with its searchers made once, not for every page.
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            SENTENCES
                .iter()
                .map(|sentence| memchr::memmem::Finder::new(sentence.as_bytes()))
                .collect()
        });
    FINDERS
        .iter()
        .filter_map(|finder| finder.find(body.as_bytes()))
        .min()
}

/// A finding (of `severity`) at the first placeholder sentence still in `page`, if any.
pub fn find(page: &SourcePage, severity: Severity) -> Option<Diagnostic> {
    let offset = page.placeholder_at?;
    let d = Diagnostic::error(
        Code::Placeholder,
        "this page still holds the placeholder text `attach-gen new` wrote",
    )
    .with_hint(match severity {
        Severity::Error => "replace it with the page's own text, or mark the page `draft: true` (build it with --drafts to preview)",
        _ => "replace it with the page's own text before the page is published",
    });
    let d = Diagnostic { severity, ..d };
    page.diagnostics_in_body(vec![(d, offset)]).pop()
}
