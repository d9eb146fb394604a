//! Callouts: GitHub's alert syntax, a block quote whose first line is `[!NOTE]`, `[!TIP]`,
//! `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]`, optionally followed by a title
//! (`> [!WARNING] Content note`). pulldown-cmark reads only the bare marker, so the first line
//! is read here, from the Markdown itself, which lets a title follow and an unknown kind be
//! reported rather than printed as text.

use crate::support::escape;

/// Each kind as written (in capitals) and its English title (a callout with no title of its
/// own gets the theme's word for its kind: see [`crate::site::body_words`]).
pub const KINDS: [(&str, &str); 5] = [
    ("NOTE", "Note"),
    ("TIP", "Tip"),
    ("IMPORTANT", "Important"),
    ("WARNING", "Warning"),
    ("CAUTION", "Caution"),
];

/// The `[!KIND] title` line at the start of a block quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The kind as written (`WARN` for `[!WARN]`).
    pub kind: String,
    /// The title after the marker, trimmed; empty when there is none.
    pub title: String,
    /// Byte offsets of the marker line in the Markdown, from its `[` to past its line break.
    pub range: std::ops::Range<usize>,
}

impl Marker {
    /// The kind's entry of [`KINDS`], when it is one (in any case: `[!note]` too).
    pub fn known(&self) -> Option<(&'static str, &'static str)> {
        KINDS
            .iter()
            .copied()
            .find(|(kind, _)| kind.eq_ignore_ascii_case(&self.kind))
    }

    /// The opening tag and visible title of the callout (`kind` being one of [`KINDS`]);
    /// `title_html`, when given, is the title already written as HTML (its language spans
    /// marked up); `default_html`, the theme's word for the kind in the page's language
    /// (see [`crate::site::body_words`]), shown when the callout has no title of its own.
    pub fn open_html(&self, kind: &str, title_html: Option<&str>, default_html: &str) -> String {
        let mut html = format!(
            "<aside class=\"callout callout-{}\" role=\"note\">\n<p class=\"callout-title\">",
            kind.to_ascii_lowercase()
        );
        match title_html {
            Some(title) => html.push_str(title),
            None if self.title.is_empty() => html.push_str(default_html),
            None => escape::html(&self.title, &mut html),
        }
        html.push_str("</p>\n");
        html
    }

    /// Byte offset of the title in the Markdown.
    pub fn title_offset(&self, markdown: &str) -> usize {
        let line = markdown.get(self.range.clone()).unwrap_or_default();
        self.range.start + line.find(&self.title).unwrap_or(0)
    }
}

/// The marker of the block quote starting at byte `start` of `markdown` (at its `>`), if its
/// first line is `[!` letters `]`.
pub fn marker(markdown: &str, start: usize) -> Option<Marker> {
    let rest = markdown.get(start..)?;
    let after_quote = rest.strip_prefix('>')?;
    let open = start + 1 + (after_quote.len() - after_quote.trim_start_matches([' ', '\t']).len());
    let line = markdown.get(open..)?;
    let line_end = line.find('\n').map_or(line.len(), |n| n + 1);
    let line = &line[..line_end];
    let inner = line.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let kind = &inner[..close];
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(Marker {
        kind: kind.to_string(),
        title: inner[close + 1..].trim().to_string(),
        range: open..open + line_end,
    })
}

pub const CLOSE_HTML: &str = "</aside>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_read_with_their_titles() {
        let text = "> [!WARNING] Content note\n> Body\n";
        let found = marker(text, 0);
        assert_eq!(
            found,
            Some(Marker {
                kind: "WARNING".into(),
                title: "Content note".into(),
                range: 2..26,
            })
        );
        let found = found.and_then(|m| m.known());
        assert_eq!(found, Some(("WARNING", "Warning")));
        assert_eq!(
            marker("> [!note]\n", 0).and_then(|m| m.known()),
            Some(("NOTE", "Note"))
        );
        assert_eq!(marker("> [!WARN]\n", 0).map(|m| m.known()), Some(None));
        assert_eq!(marker("> [link](x)\n", 0), None);
        assert_eq!(marker("> [!a b]\n", 0), None);
    }

    #[test]
    fn titles_are_escaped() {
        let m = marker("> [!TIP] <b>&</b>\n", 0);
        let html = m
            .map(|m| m.open_html("TIP", None, "Tip"))
            .unwrap_or_default();
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
        assert!(html.starts_with("<aside class=\"callout callout-tip\" role=\"note\">"));
    }
}
