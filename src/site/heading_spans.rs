//! A heading's text as HTML with its language spans and nothing else, for a table of
//! contents: its entries are links, so the heading's own links and markup are left out, but a
//! word marked `lang="mi"` stays marked (WCAG 3.1.2, Language of Parts).

use crate::support::escape;

/// Collects a heading's text and the `<span ... lang>` elements around parts of it.
#[derive(Debug, Default)]
pub struct LangSpans {
    html: String,
    /// For each `<span>` open: whether it is a language span (kept).
    open: Vec<bool>,
    /// Whether any language span was kept.
    any: bool,
}

impl LangSpans {
    /// Text of the heading, escaped.
    pub fn text(&mut self, text: &str) {
        escape::html(text, &mut self.html);
    }

    /// Inline HTML in the heading: a span's opening tag (kept, as `<span lang>`, when it
    /// has a `lang`) or closing tag; any other tag is left out.
    pub fn html(&mut self, html: &str) {
        if html.starts_with("<span") {
            let lang = attribute(html, "lang");
            if let Some(lang) = lang {
                self.html.push_str("<span lang=\"");
                escape::html(lang, &mut self.html);
                self.html.push_str("\">");
                self.any = true;
            }
            self.open.push(lang.is_some());
        } else if html == "</span>" && self.open.pop() == Some(true) {
            self.html.push_str("</span>");
        }
    }

    /// The HTML, when it has a language span; the spans still open are closed.
    pub fn finish(mut self) -> Option<String> {
        if !self.any {
            return None;
        }
        for kept in self.open.drain(..).rev() {
            if kept {
                self.html.push_str("</span>");
            }
        }
        Some(self.html.trim().to_string())
    }
}

/// The value of `name="..."` in an opening tag the build wrote (always double-quoted).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let length = tag[start..].find('"')?;
    Some(&tag[start..start + length])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_language_spans_only() {
        let mut spans = LangSpans::default();
        spans.text("Caring for ");
        spans.html("<span class=\"term\" lang=\"mi\">");
        spans.text("whānau & <kin>");
        spans.html("</span>");
        spans.html("<span class=\"x\">");
        spans.text(" too");
        spans.html("</span>");
        assert_eq!(
            spans.finish().as_deref(),
            Some("Caring for <span lang=\"mi\">whānau &amp; &lt;kin&gt;</span> too")
        );
        let mut plain = LangSpans::default();
        plain.text("Plain");
        assert_eq!(plain.finish(), None);
    }
}
