//! Template syntax of other site generators left in a page's running text: Hugo shortcodes
//! (`{{< figure src="x.jpg" >}}`, `{{% note %}}`) and Liquid tags and variables from Jekyll
//! (`{% include x.html %}`, `{{ site.title }}`). attach-gen runs none of them, so each would be
//! published as written (its quotes curled by smart punctuation): a warning at its opening
//! says what to write instead. Code spans and code blocks are never looked at: they may show
//! template syntax on purpose.

use crate::site::markdown::{Problem, Warnings};
use crate::support::diagnostic::Code;

/// How far past its opening a tag's closing is looked for (on the same line).
const MAX_TAG_BYTES: usize = 300;
/// How much of a tag a message quotes.
const MAX_QUOTED_CHARS: usize = 60;

/// Which tool's syntax an opening is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `{{<` or `{{%`.
    Shortcode,
    /// `{%`.
    LiquidTag,
    /// `{{ ` (or `{{-`).
    Variable,
}

impl Kind {
    fn closing(self) -> &'static str {
        match self {
            Kind::Shortcode => "}}",
            Kind::LiquidTag => "%}",
            Kind::Variable => "}}",
        }
    }
}

/// The kind of template syntax that opens at byte `at` of `markdown`, if any.
fn opening_at(markdown: &[u8], at: usize) -> Option<Kind> {
    match markdown.get(at..)? {
        [b'{', b'{', b'<' | b'%', ..] => Some(Kind::Shortcode),
        [b'{', b'{', b' ' | b'-', ..] => Some(Kind::Variable),
        [b'{', b'%', ..] => Some(Kind::LiquidTag),
        _ => None,
    }
}

/// Warns of each opening of template syntax that starts in `range` of `markdown` (the source
/// of one text event of running text).
pub fn find(markdown: &str, range: std::ops::Range<usize>, warnings: &mut Warnings) {
    let bytes = markdown.as_bytes();
    let Some(source) = bytes.get(range.clone()) else {
        return;
    };
    for at in memchr::memchr_iter(b'{', source).map(|i| range.start + i) {
        let Some(kind) = opening_at(bytes, at) else {
            continue;
        };
        // The `{%` of `{{%` is part of the shortcode found one byte before.
        if at > 0 && opening_at(bytes, at - 1).is_some() {
            continue;
        }
        // `\{` is a brace written as text.
        if crate::support::text::escaped_at(bytes, at) {
            continue;
        }
        warnings.push_with(|| warning(markdown, at, kind));
    }
}

/// The warning for the tag of `kind` opening at `at`.
fn warning(markdown: &str, at: usize, kind: Kind) -> Problem {
    let tag = tag_text(markdown, at, kind);
    let inner = tag
        .trim_start_matches(['{', '<', '%', '-'])
        .trim_end_matches(['}', '>', '%', '-'])
        .trim();
    let closes = inner.starts_with('/') || inner.starts_with("end");
    let name = inner
        .trim_start_matches('/')
        .split(|c: char| c.is_whitespace() || c == '"')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let what = match kind {
        Kind::Shortcode => "a Hugo shortcode",
        Kind::LiquidTag => "a Liquid tag (Jekyll's)",
        Kind::Variable => "template code",
    };
    let runs = match kind {
        Kind::Shortcode => "shortcodes",
        Kind::LiquidTag => "Liquid",
        Kind::Variable => "templates in pages",
    };
    Problem {
        code: Code::Shortcode,
        offset: at,
        message: format!(
            "{what}, `{}`, would be published as written: attach-gen does not run {runs}",
            quoted(&tag)
        ),
        hint: Some(format!(
            "{}; to show it as code, put it between backticks",
            instead(&name, inner, closes)
        )),
    }
}

/// The tag as written from `at` to its closing on the same line (or to the end of the line).
fn tag_text(markdown: &str, at: usize, kind: Kind) -> String {
    let rest = &markdown[at..];
    let line = rest.split(['\n', '\r']).next().unwrap_or_default();
    let mut limit = line.len().min(MAX_TAG_BYTES);
    while !line.is_char_boundary(limit) {
        limit -= 1;
    }
    let line = &line[..limit];
    // Past the opening, so `{{%` is not taken for the end of `%}`.
    let end = line
        .get(2..)
        .and_then(|after| after.find(kind.closing()))
        .map_or(line.len(), |i| i + 2 + kind.closing().len());
    line[..end].to_string()
}

/// `tag`, cut short with `...` when it is long.
fn quoted(tag: &str) -> String {
    match tag.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}...", &tag[..cut]),
        None => tag.to_string(),
    }
}

/// What to write instead of the tag `name` (lowercase; `inner` is the tag's text inside its
/// delimiters), or of its closing tag when `closes`.
fn instead(name: &str, inner: &str, closes: bool) -> String {
    let name = name.strip_prefix("end").filter(|_| closes).unwrap_or(name);
    if let Some(kind) = callout_kind(name) {
        return if closes {
            format!(
                "write the text between the tags as a callout, each line starting with `> `, under a first line `> [!{kind}]`, and remove both tags"
            )
        } else {
            format!(
                "write a callout instead: a block quote whose first line is `> [!{kind}]` (each line of the text after it starts with `> `), and remove the closing tag too"
            )
        };
    }
    match name {
        "figure" | "img" | "image" => {
            let src = attribute(inner, "src").unwrap_or("x.jpg");
            let alt = attribute(inner, "alt").unwrap_or("alt text");
            match attribute(inner, "caption").or_else(|| attribute(inner, "title")) {
                Some(caption) => format!(
                    "write the image in Markdown: `![{alt}]({src} \"{caption}\")` (alone in its paragraph, its title is a caption)"
                ),
                None => format!("write the image in Markdown: `![{alt}]({src})`"),
            }
        }
        "ref" | "relref" | "link" | "post_url" => {
            "write a Markdown link to the page's file: `[words](page.md)`".to_string()
        }
        "highlight" | "code" => {
            "write the code between two lines of three backticks (a fenced code block)".to_string()
        }
        "youtube" | "vimeo" | "tweet" | "x" | "instagram" | "gist" => {
            "write a link to it instead: `[what it is](https://...)`".to_string()
        }
        "raw" => "remove it: attach-gen prints text as written".to_string(),
        _ if closes => {
            "remove it, with the tag it closes, or write what they hold in Markdown".to_string()
        }
        _ => "remove it or write it in Markdown".to_string(),
    }
}

/// The callout kind (see [`crate::site::callouts`]) a shortcode of this name stands for.
fn callout_kind(name: &str) -> Option<&'static str> {
    Some(match name {
        "note" | "info" | "notice" | "hint" | "callout" | "admonition" | "alert" => "NOTE",
        "tip" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "warn" => "WARNING",
        "caution" | "danger" => "CAUTION",
        _ => return None,
    })
}

/// The value of `name="..."` (or `name='...'`) in a tag's text.
fn attribute<'a>(inner: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = inner[from..].find(name) {
        let start = from + i;
        from = start + name.len();
        let before_ok = start == 0 || inner[..start].ends_with(char::is_whitespace);
        let rest = inner[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=').map(str::trim_start) else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..];
        let end = value.find(quote)?;
        return Some(&value[..end]).filter(|v| !v.is_empty() && !v.contains('`'));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(markdown: &str) -> Vec<Problem> {
        let mut warnings = Warnings::default();
        find(markdown, 0..markdown.len(), &mut warnings);
        warnings.shown
    }

    #[test]
    fn each_opening_is_found_once_at_its_place() {
        let text = "A {{< figure src=\"a.jpg\" >}} b {{% note %}} c {% include x.html %} d {{ site.title }} e {{- x -}}";
        let offsets: Vec<usize> = found(text).iter().map(|p| p.offset).collect();
        let expected: Vec<usize> = ["{{<", "{{%", "{% include", "{{ site", "{{-"]
            .iter()
            .map(|s| text.find(s).unwrap_or(usize::MAX))
            .collect();
        assert_eq!(offsets, expected);
    }

    #[test]
    fn plain_braces_and_escaped_ones_are_not_tags() {
        assert!(found("a {b} {{c}} {lang=mi} \\{% raw %} \\{{< x >}}").is_empty());
        assert_eq!(found("\\\\{% raw %}").len(), 1);
    }

    #[test]
    fn hints_say_what_to_write() {
        let hint = |text: &str| found(text)[0].hint.clone().unwrap_or_default();
        assert!(hint("{{< figure src=\"x.jpg\" >}}").contains("`![alt text](x.jpg)`"));
        assert!(
            hint("{{< figure src=\"a.png\" alt=\"A hill\" caption=\"Our walk\" >}}")
                .contains("`![A hill](a.png \"Our walk\")`")
        );
        assert!(hint("{{% note %}}").contains("`> [!NOTE]`"));
        assert!(hint("{{< warning >}}").contains("`> [!WARNING]`"));
        assert!(hint("{{% /note %}}").contains("remove both tags"));
        assert!(hint("{% include x.html %}").starts_with("remove it or write it in Markdown"));
        assert!(hint("{{ site.title }}").starts_with("remove it or write it in Markdown"));
        assert!(hint("{% endhighlight %}").contains("fenced code block"));
        let message = &found("{{< figure src=\"x.jpg\" >}} after")[0].message;
        assert!(
            message.starts_with("a Hugo shortcode, `{{< figure src=\"x.jpg\" >}}`, would be"),
            "{message}"
        );
    }

    #[test]
    fn a_long_or_unclosed_tag_is_quoted_short() {
        let text = format!("{{% {} é", "x".repeat(1000));
        let message = &found(&text)[0].message;
        assert!(message.contains("..."), "{message}");
        assert!(message.len() < 200);
    }
}
