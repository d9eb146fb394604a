//! Markdown written in a value that is plain text (a page's `title`, `description` or
//! `content_note`; site.yaml's description, banner, help box, footer names and category
//! descriptions): emphasis, code or a link there is printed as written, `*very*` with its
//! stars, so the first one is warned of with the value written without it. Language spans
//! (`[whānau]{lang=mi}`) are not Markdown, and bracketed text alone is none.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What kind of Markdown a plain-text value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Emphasis,
    Code,
    Link,
}

/// The first Markdown of a plain-text value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    /// The Markdown as written (`*very*`, `` `111` ``, `[the guide](sleep.md)`).
    pub written: String,
    /// The whole value as its words would read without Markdown's marks.
    pub words: String,
}

/// The first emphasis, code or inline link (`[text](address)`) in `text`, if any.
pub fn markdown_in(text: &str) -> Option<Found> {
    // Cheap test first: most values hold none of the marks.
    if !text.contains(['*', '_', '`', '~', '[']) {
        return None;
    }
    let parser = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH);
    let mut first: Option<(Kind, std::ops::Range<usize>)> = None;
    let mut words = String::new();
    for (event, range) in parser.into_offset_iter() {
        let kind = match &event {
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => Some(Kind::Emphasis),
            Event::Code(_) => Some(Kind::Code),
            Event::Start(Tag::Link { .. }) => Some(Kind::Link),
            _ => None,
        };
        if let (Some(kind), None) = (kind, &first) {
            first = Some((kind, range.clone()));
        }
        match event {
            Event::Text(t) | Event::Code(t) => words.push_str(&t),
            Event::SoftBreak | Event::HardBreak => words.push(' '),
            Event::End(TagEnd::Paragraph) if !words.is_empty() => words.push(' '),
            _ => {}
        }
    }
    let (kind, range) = first?;
    Some(Found {
        kind,
        written: text.get(range).unwrap_or_default().to_string(),
        words: words.trim().to_string(),
    })
}

/// The warning's message and hint for `found` in the value of `what` (`description`,
/// `banner.text`).
pub fn message_and_hint(what: &str, found: &Found) -> (String, String) {
    let (name, marks) = match found.kind {
        Kind::Emphasis => ("emphasis", "with its `*`, `_` or `~` marks"),
        Kind::Code => ("code", "with its backticks"),
        Kind::Link => ("link syntax", "brackets, address and all, not as a link"),
    };
    // Code is shown between double backticks, as Markdown writes code holding one.
    let written = if found.written.contains('`') {
        format!("`` {} ``", found.written)
    } else {
        format!("`{}`", found.written)
    };
    let message = format!(
        "{written} in {what} is Markdown {name}, but this value is plain text: it is shown as written, {marks}"
    );
    let hint = match found.kind {
        Kind::Link => format!(
            "write the words alone (`{}`) and put the link in the page's text (a help contact has `url:`, the banner `link:`)",
            found.words
        ),
        Kind::Code => format!("write it without the backticks: `{}`", found.words),
        Kind::Emphasis => format!(
            "write it without the marks: `{}` (plain text has no emphasis: to stress a word, choose a stronger one or put it first)",
            found.words
        ),
    };
    (message, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_code_and_links_are_found_but_spans_brackets_and_snake_case_are_not() {
        let found = markdown_in("Sleep is *very* important.").expect("emphasis");
        assert_eq!(
            (found.kind, found.written.as_str(), found.words.as_str()),
            (Kind::Emphasis, "*very*", "Sleep is very important.")
        );
        let found = markdown_in("Call `111` now").expect("code");
        assert_eq!(
            (found.kind, found.words.as_str()),
            (Kind::Code, "Call 111 now")
        );
        let found = markdown_in("See [the guide](sleep.md) first").expect("link");
        assert_eq!(
            (found.kind, found.written.as_str(), found.words.as_str()),
            (Kind::Link, "[the guide](sleep.md)", "See the guide first")
        );
        assert_eq!(
            markdown_in("**Bold** start").map(|f| f.kind),
            Some(Kind::Emphasis)
        );
        for plain in [
            "Kai for the whole [whānau]{lang=mi}",
            "[sic] and [brackets]",
            "snake_case_words and 5 * 3 = 15",
            "A * B * C",
            "Plain words.",
            "https://example.org/a_b_c",
        ] {
            assert_eq!(markdown_in(plain), None, "{plain}");
        }
    }
}
