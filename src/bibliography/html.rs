//! Writing hayagriva's element tree as HTML. hayagriva's own writer escapes nothing and uses
//! inline styles; here text is escaped, formatting is `<i>`, `<b>`, `<sup>`... with no
//! `style=`, formatting inside values ([`marks`]) becomes tags, quotation marks are the
//! locale's, and a full stop after a title that ends in "?" or "!" is dropped, as citeproc
//! does. Only web addresses become links.

use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign};
use hayagriva::{ElemChild, ElemMeta, Formatting};

use super::marks;

/// The text of `children`, without formatting.
pub(super) fn plain_text(children: &[ElemChild], out: &mut String) {
    for child in children {
        match child {
            ElemChild::Text(t) => out.push_str(&t.text),
            ElemChild::Elem(e) => plain_text(&e.children.0, out),
            ElemChild::Markup(m) => out.push_str(m),
            ElemChild::Link { text, .. } => out.push_str(&text.text),
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// The formatting in effect for a piece of text, as HTML tags express it.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct HtmlFormat {
    italic: bool,
    bold: bool,
    small_caps: bool,
    underline: bool,
    sup: bool,
    sub: bool,
}

impl HtmlFormat {
    /// The opening and closing tags of each format switched on, outermost first.
    fn tags(self) -> Vec<(&'static str, &'static str)> {
        [
            (self.italic, "<i>", "</i>"),
            (self.bold, "<b>", "</b>"),
            (self.small_caps, "<span class=\"small-caps\">", "</span>"),
            (self.underline, "<u>", "</u>"),
            (self.sup, "<sup>", "</sup>"),
            (self.sub, "<sub>", "</sub>"),
        ]
        .into_iter()
        .filter(|(on, ..)| *on)
        .map(|(_, open, close)| (open, close))
        .collect()
    }
}

/// Writes hayagriva's element tree as HTML: text escaped, runs of one format in one tag, the
/// [`marks`] inside values applied (italic inside italic is upright, as citeproc prints it).
pub(super) struct HtmlWriter<'a> {
    out: String,
    open: HtmlFormat,
    /// Formatting switched on by marks in values.
    marked: HtmlFormat,
    /// Quotation marks open from marks, and whether the style's own quotes are open.
    quote_depth: usize,
    style_quote_open: bool,
    quotes: &'a [String; 4],
    /// The locale's `punctuation-in-quote` (en-US): a comma or full stop right after a closing
    /// quotation mark of a value, in the same formatting, goes inside it, as citeproc puts it.
    punctuation_in_quote: bool,
    /// A closing quotation mark not written yet, and its formatting, while that is undecided.
    pending_close: Option<(String, HtmlFormat)>,
    /// The last two characters written, for punctuation that collides.
    last: [char; 2],
    /// The last character written that is not a closing quotation mark: "?" in "why?’".
    before_quotes: char,
    /// Writing an address (a `url` or DOI as the style prints it), whose apostrophes stay
    /// as written: `?q='sleep'` is not `?q=’sleep’`, which a reader copying it would get.
    verbatim: bool,
}

impl<'a> HtmlWriter<'a> {
    pub(super) fn new(quotes: &'a [String; 4], punctuation_in_quote: bool) -> HtmlWriter<'a> {
        HtmlWriter {
            out: String::new(),
            open: HtmlFormat::default(),
            marked: HtmlFormat::default(),
            quote_depth: 0,
            style_quote_open: false,
            quotes,
            punctuation_in_quote,
            pending_close: None,
            last: [' ', ' '],
            before_quotes: ' ',
            verbatim: false,
        }
    }

    pub(super) fn finish(mut self) -> String {
        self.flush_close();
        self.close_all();
        self.out
    }

    fn close_all(&mut self) {
        for (_, close) in self.open.tags().into_iter().rev() {
            self.out.push_str(close);
        }
        self.open = HtmlFormat::default();
    }

    /// Markup of our own (a link, a wrapper): formatting tags are closed around it.
    pub(super) fn raw(&mut self, html: &str) {
        self.flush_close();
        self.close_all();
        self.out.push_str(html);
    }

    fn set(&mut self, effect: HtmlFormat) {
        if effect != self.open {
            self.close_all();
            for (open, _) in effect.tags() {
                self.out.push_str(open);
            }
            self.open = effect;
        }
    }

    pub(super) fn text(&mut self, text: &str, formatting: &Formatting) {
        let base = HtmlFormat {
            italic: formatting.font_style == FontStyle::Italic,
            bold: formatting.font_weight == FontWeight::Bold,
            small_caps: formatting.font_variant == FontVariant::SmallCaps,
            underline: formatting.text_decoration == TextDecoration::Underline,
            sup: formatting.vertical_align == VerticalAlign::Sup,
            sub: formatting.vertical_align == VerticalAlign::Sub,
        };
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                marks::ITALIC_ON | marks::ITALIC_OFF => self.marked.italic = c == marks::ITALIC_ON,
                marks::BOLD_ON | marks::BOLD_OFF => self.marked.bold = c == marks::BOLD_ON,
                marks::SMALL_CAPS_ON | marks::SMALL_CAPS_OFF => {
                    self.marked.small_caps = c == marks::SMALL_CAPS_ON
                }
                marks::SUP_ON | marks::SUP_OFF => self.marked.sup = c == marks::SUP_ON,
                marks::SUB_ON | marks::SUB_OFF => self.marked.sub = c == marks::SUB_ON,
                marks::QUOTE_OPEN => {
                    let inner = (self.quote_depth + usize::from(self.style_quote_open)) % 2 == 1;
                    self.quote_depth += 1;
                    let mark = self.quotes[if inner { 2 } else { 0 }].clone();
                    self.visible(&mark, base);
                }
                marks::QUOTE_CLOSE => {
                    self.quote_depth = self.quote_depth.saturating_sub(1);
                    let inner = (self.quote_depth + usize::from(self.style_quote_open)) % 2 == 1;
                    let mark = self.quotes[if inner { 3 } else { 1 }].clone();
                    if self.punctuation_in_quote {
                        self.flush_close();
                        self.pending_close = Some((mark, self.effect(base)));
                    } else {
                        self.visible(&mark, base);
                    }
                }
                c if marks::is_mark(c) => {}
                '.' if matches!(self.before_quotes, '?' | '!')
                    || (self.last[1] == '.'
                        && self.last[0] != '.'
                        && chars.peek() != Some(&'.')) =>
                {
                    // "reported?.", "‘why?’." and "U.S..": the style's full stop is not
                    // printed, as citeproc prints it.
                }
                ',' if self.punctuation_in_quote
                    && matches!(self.before_quotes, '?' | '!')
                    && (self.pending_close.is_some()
                        || chars.peek().is_some_and(|&n| self.is_closing_quote(n))) =>
                {
                    // en-US: a comma that would go inside a quotation ending in "?" or "!" is
                    // not printed, as citeproc prints it: (“Is It Anxiety?” 2021).
                }
                c => {
                    if matches!(c, ',' | '.')
                        && chars.peek().is_some_and(|&n| self.is_closing_quote(n))
                    {
                        // Already inside the style's quotation: it goes no further in, as
                        // citeproc has it (“A Study of ‘What Is “Care”’,” 2017).
                        self.flush_close();
                    }
                    if self.quotes[0].starts_with(c) {
                        self.style_quote_open = true;
                    } else if self.quotes[1].starts_with(c)
                        && !chars.peek().is_some_and(|n| n.is_alphanumeric())
                    {
                        self.style_quote_open = false;
                    }
                    let mut buf = [0u8; 4];
                    self.visible(c.encode_utf8(&mut buf), base);
                }
            }
        }
    }

    /// `base` formatting combined with the marks.
    fn effect(&self, base: HtmlFormat) -> HtmlFormat {
        let m = self.marked;
        HtmlFormat {
            italic: base.italic != m.italic,
            bold: base.bold || m.bold,
            small_caps: base.small_caps || m.small_caps,
            underline: base.underline,
            sup: base.sup || m.sup,
            sub: base.sub || m.sub,
        }
    }

    /// Writes the closing quotation mark that waits for what follows it.
    fn flush_close(&mut self) {
        if let Some((mark, effect)) = self.pending_close.take() {
            self.write(&mark, effect);
        }
    }

    /// Writes visible text with `base` formatting combined with the marks; a comma or full
    /// stop in the formatting of a waiting closing quotation mark goes before it ("rest.”",
    /// not "rest”." in en-US; "<i>“worry”</i>." stays, as the mark is inside the italics).
    fn visible(&mut self, text: &str, base: HtmlFormat) {
        let effect = self.effect(base);
        if let Some((mark, close_effect)) = self.pending_close.take() {
            if (text == "," || text == ".") && close_effect == effect {
                self.write(text, effect);
                self.write(&mark, effect);
                return;
            }
            self.write(&mark, close_effect);
        }
        self.write(text, effect);
    }

    fn write(&mut self, text: &str, effect: HtmlFormat) {
        self.set(effect);
        // citeproc prints typographic apostrophes: "infant’s", not "infant's"; an address
        // keeps its own.
        if self.verbatim {
            crate::support::escape::html(text, &mut self.out);
        } else {
            crate::support::escape::html(&text.replace('\'', "’"), &mut self.out);
        }
        for c in text.chars() {
            self.last = [self.last[1], c];
            if !self.is_closing_quote(c) {
                self.before_quotes = c;
            }
        }
    }

    /// The locale's closing quotation marks, outer and inner.
    fn is_closing_quote(&self, c: char) -> bool {
        self.quotes[1].starts_with(c) || self.quotes[3].starts_with(c)
    }

    /// Writes a link to `href` around what `inside` writes.
    fn link(&mut self, href: &str, inside: impl FnOnce(&mut Self)) {
        self.raw("<a href=\"");
        // A `url` field may hold what no address holds as written (`a b`, `"`).
        crate::support::escape::html(&crate::support::urls::encode_href(href), &mut self.out);
        self.out.push_str("\">");
        inside(self);
        self.raw("</a>");
    }

    /// Writes `children`; in a citation, each work (by its index in `keys`) links to its
    /// entry, unless its key there is empty (a work no list shows); in an entry, the element
    /// holding exactly the title may link to `title_link`.
    pub(super) fn walk(
        &mut self,
        children: &[ElemChild],
        keys: Option<&[&str]>,
        title_link: Option<&(String, String)>,
    ) {
        for child in children {
            match child {
                ElemChild::Text(text) => self.text(&text.text, &text.formatting),
                ElemChild::Elem(elem) => {
                    if let (Some(ElemMeta::Entry(index)), Some(keys)) = (&elem.meta, keys)
                        && let Some(key) = keys.get(*index)
                        && !key.is_empty()
                    {
                        let id = crate::support::urls::key_id(key);
                        self.link(&format!("#ref-{id}"), |html| {
                            html.walk(&elem.children.0, None, None)
                        });
                        continue;
                    }
                    if let Some((title, url)) = title_link
                        && elem.meta == Some(ElemMeta::Text)
                        && is_safe_url(url)
                    {
                        let mut text = String::new();
                        plain_text(&elem.children.0, &mut text);
                        if text == *title {
                            self.link(url, |html| html.walk(&elem.children.0, None, None));
                            continue;
                        }
                    }
                    let class = elem.display.map(|d| match d {
                        hayagriva::citationberg::Display::Block => "block",
                        hayagriva::citationberg::Display::LeftMargin => "left-margin",
                        hayagriva::citationberg::Display::RightInline => "right-inline",
                        hayagriva::citationberg::Display::Indent => "indent",
                    });
                    if let Some(class) = class {
                        self.raw(&format!("<span class=\"csl-{class}\">"));
                    }
                    self.walk(&elem.children.0, keys, title_link);
                    if class.is_some() {
                        self.raw("</span>");
                    }
                }
                ElemChild::Markup(markup) => self.text(markup, &Formatting::default()),
                ElemChild::Link { text, url } => {
                    self.verbatim = true;
                    if is_safe_url(url) {
                        self.link(url, |html| html.text(&text.text, &text.formatting));
                    } else {
                        self.text(&text.text, &text.formatting);
                    }
                    self.verbatim = false;
                }
                ElemChild::Transparent { .. } => {}
            }
        }
    }
}

/// Only web addresses become links (not `javascript:` or `file:` in a `url` field).
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The warning for a work's `url` that is printed as text but not linked (see
/// [`is_safe_url`]): `www.example.org` without its `https://`, `javascript:`, `file:`.
pub fn unlinked_url(key: &str, url: &str) -> Option<String> {
    // The spaces around an address are not part of it (the link is made without them).
    let url = url.trim();
    (!url.is_empty() && !is_safe_url(url)).then(|| {
        format!(
            "the `url` of `{key}` is not an address starting with https:// or http:// (`{}`), so it is printed as text, not linked",
            url.chars().take(80).collect::<String>()
        )
    })
}

/// The hint for [`unlinked_url`].
pub const UNLINKED_URL_HINT: &str = "write the whole web address, as in `https://www.example.org/page`, in the reference manager or the file";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_merges_runs_and_drops_colliding_full_stops() {
        let quotes = ["‘".to_string(), "’".into(), "“".into(), "”".into()];
        let mut html = HtmlWriter::new(&quotes, false);
        let italic = Formatting {
            font_style: FontStyle::Italic,
            ..Default::default()
        };
        html.text("What is it?", &Formatting::default());
        html.text(". ", &Formatting::default());
        html.text("Book", &italic);
        html.text(" title", &italic);
        html.text(
            " with \u{E000}t\u{E001}-test \u{E00A}quoted\u{E00B} <&>",
            &Formatting::default(),
        );
        assert_eq!(
            html.finish(),
            "What is it? <i>Book title</i> with <i>t</i>-test ‘quoted’ &lt;&amp;&gt;"
        );
    }
}
