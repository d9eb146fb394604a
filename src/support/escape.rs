//! Escaping text for where it lands: HTML text and attributes, and XML.

/// Escapes `text` for HTML text or a quoted attribute value.
pub fn html(text: &str, out: &mut String) {
    escape(text, "&#39;", |_| true, out);
}

/// Escapes `text` for XML text or attributes, dropping the characters XML 1.0 forbids (control
/// characters, U+FFFE and U+FFFF): one of them makes a feed reader refuse the whole feed.
pub fn xml(text: &str, out: &mut String) {
    escape(
        text,
        "&apos;",
        |c| {
            (!c.is_control() || matches!(c, '\n' | '\t' | '\r'))
                && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        },
        out,
    );
}

/// Escapes the characters markup gives a meaning to (`'` as `apostrophe`), and leaves out
/// those `allowed` refuses.
fn escape(text: &str, apostrophe: &str, allowed: impl Fn(char) -> bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_and_xml() {
        let mut out = String::new();
        super::html("<b> & \"x\" 'y'", &mut out);
        assert_eq!(out, "&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;");
        out.clear();
        super::xml("a < b & \"c\" \u{1}", &mut out);
        assert_eq!(out, "a &lt; b &amp; &quot;c&quot; ");
    }
}
