//! Escaping text for where it lands: HTML text and attributes, and XML.

/// Escapes `text` for HTML text or a quoted attribute value, dropping what
/// [`forbidden_in_markup`] names (a bibliography's `"\u0001"` reached pages as it was).
pub fn html(text: &str, out: &mut String) {
    escape(text, "&#39;", |c| !forbidden_in_markup(c), out);
}

/// Characters no HTML page or XML feed may hold: C0 controls but tab and line breaks, DEL,
/// the C1 controls, and U+FFFE/U+FFFF (XML 1.0 forbids them: one makes a feed reader refuse
/// the whole feed).
pub fn forbidden_in_markup(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Escapes `text` for XML text or attributes, dropping what [`forbidden_in_markup`] names.
pub fn xml(text: &str, out: &mut String) {
    escape(text, "&apos;", |c| !forbidden_in_markup(c), out);
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
        super::html("<b> & \"x\" 'y'\u{1}\u{FFFE}", &mut out);
        assert_eq!(out, "&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;");
        out.clear();
        super::xml("a < b & \"c\" \u{1}", &mut out);
        assert_eq!(out, "a &lt; b &amp; &quot;c&quot; ");
    }
}
