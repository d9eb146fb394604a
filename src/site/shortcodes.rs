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
/// How far past a WordPress shortcode's opening its closing tag (`[/caption]`) is looked for,
/// on the same line: a caption holds an image and a sentence. Bounded, so that a line of
/// thousands of `[caption ` is not searched to its end from each.
const MAX_HELD_BYTES: usize = 4096;
/// How much of a tag a message quotes.
const MAX_QUOTED_CHARS: usize = 60;

/// How a Liquid or Hugo variable written without a space after `{{` starts.
/// (Hugo's all start with `.` and a letter: `.Site`, `.Params`.)
const VARIABLE_ROOTS: &[&[u8]] = &[b"site.", b"page.", b"post.", b"include."];

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
        // `{{site.baseurl}}`, `{{.Site.BaseURL}}`: written without a space, as often in
        // Jekyll's and Hugo's pages; a bare `{{c}}` stays text.
        [b'{', b'{', b'.', letter, ..] if letter.is_ascii_alphabetic() => Some(Kind::Variable),
        [b'{', b'{', rest @ ..] if VARIABLE_ROOTS.iter().any(|r| rest.starts_with(r)) => {
            Some(Kind::Variable)
        }
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
        warnings.push_with(at, || warning(markdown, at, kind));
    }
}

/// [`find`] and [`find_wordpress`] for the text at `range`: most texts hold neither a `{` nor
/// a `[`, and are looked through once instead of twice.
pub fn find_both(markdown: &str, range: std::ops::Range<usize>, warnings: &mut Warnings) {
    let Some(source) = markdown.as_bytes().get(range.clone()) else {
        return;
    };
    if memchr::memchr2(b'{', b'[', source).is_none() {
        return;
    }
    find(markdown, range.clone(), warnings);
    find_wordpress(markdown, range, warnings);
}

/// Shortcodes WordPress exports leave in a post's text (`[caption id="..."]`, `[embed]`);
/// only these names are looked for, since `[word]` is ordinary text too (`[sic]`).
const WORDPRESS_SHORTCODES: &[&str] = &[
    "caption",
    "wp_caption",
    "embed",
    "gallery",
    "video",
    "audio",
    "playlist",
    "youtube",
    "vimeo",
    "googlemaps",
    "contact-form-7",
    "contact-form",
    "button",
    "soundcloud",
    "spotify",
    "pdf-embedder",
    "pdf",
    "table",
    "toc",
    "ez-toc",
];
/// The shortcodes of [`WORDPRESS_SHORTCODES`] whose names are everyday words in brackets.
const EVERYDAY_WORDS: &[&str] = &[
    "video", "audio", "table", "pdf", "button", "playlist", "embed",
];
/// Page builders' shortcodes (Visual Composer, Divi, Avada, Shortcodes Ultimate).
const WORDPRESS_PREFIXES: &[&str] = &["vc_", "et_pb_", "fusion_", "su_"];

/// Warns of each WordPress shortcode (`[caption ...]`, `[/caption]`, `[embed]`) that opens in
/// `range` of `markdown` (the source of one text event of running text).
pub fn find_wordpress(markdown: &str, range: std::ops::Range<usize>, warnings: &mut Warnings) {
    let bytes = markdown.as_bytes();
    let Some(source) = bytes.get(range.clone()) else {
        return;
    };
    for at in memchr::memchr_iter(b'[', source).map(|i| range.start + i) {
        if crate::support::text::escaped_at(bytes, at) {
            continue;
        }
        let Some((name, closes, tag)) = wordpress_tag(markdown, at) else {
            continue;
        };
        warnings.push_with(at, || Problem {
            code: Code::Shortcode,
            offset: at,
            message: format!(
                "a WordPress shortcode, `{}`, would be published as written: attach-gen does not run shortcodes",
                quoted(tag)
            ),
            hint: Some(format!(
                "{}; to show it as code, put it between backticks",
                wordpress_instead(markdown, at + tag.len(), name, tag, closes)
            )),
        });
    }
}

/// Whether a WordPress shortcode opens at `at` (`[audio mp3="x.mp3"]`), warned of by
/// [`find_wordpress`]: a `[...][/audio]` it starts is no link with a missing label.
pub fn wordpress_opener_at(markdown: &str, at: usize) -> bool {
    wordpress_tag(markdown, at).is_some_and(|(_, closes, _)| !closes)
}

/// The WordPress shortcode at `at` (`[name ...]` or `[/name]`, closed on its line): its name,
/// whether it closes another, and its text.
fn wordpress_tag(markdown: &str, at: usize) -> Option<(&str, bool, &str)> {
    let rest = markdown.get(at + 1..)?;
    let (closes, rest) = match rest.strip_prefix('/') {
        Some(after) => (true, after),
        None => (false, rest),
    };
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    let known = WORDPRESS_SHORTCODES.contains(&name)
        || WORDPRESS_PREFIXES
            .iter()
            .any(|p| name.starts_with(p) && name.len() > p.len());
    let after = rest[name_len..].chars().next()?;
    if !known || !(after == ']' || (after == ' ' && !closes)) {
        return None;
    }
    let line = line_within(markdown, at, MAX_TAG_BYTES + MAX_HELD_BYTES);
    let end = line[..line.floor_char_boundary(MAX_TAG_BYTES)].find(']')?;
    // `[video](clip.mp4)` left unread, `[gallery][photos]`, `[toc]: /x`: a link's text. Not
    // so `[audio mp3="x.mp3"][/audio]`: Markdown reads it as a link to the label `/audio`,
    // but the second brackets are the shortcode's closer.
    let closed_at_once = !closes && line[end + 1..].starts_with(&format!("[/{name}]"));
    if matches!(line.as_bytes().get(end + 1), Some(b'(' | b'[' | b':')) && !closed_at_once {
        return None;
    }
    // A name that is an everyday word too (a transcript's `[video]` or `[audio]`, "see the
    // [table]") is a shortcode only with an attribute or its closing tag on the line, as
    // WordPress's are written (`[video src="..."]`, `[embed]...[/embed]`).
    if !closes
        && EVERYDAY_WORDS.contains(&name)
        && !line[..end].contains('=')
        && !line[end..].contains(&format!("[/{name}]"))
    {
        return None;
    }
    Some((name, closes, &line[..=end]))
}

/// What to write instead of a WordPress shortcode `name`; `after` is where its text ends.
fn wordpress_instead(markdown: &str, after: usize, name: &str, tag: &str, closes: bool) -> String {
    if closes {
        return format!(
            "remove it, with the `[{name}]` it closes, and write what they hold in Markdown"
        );
    }
    // What the shortcode holds, up to its closing tag on the same line.
    let line = line_within(markdown, after, MAX_HELD_BYTES);
    let held = line
        .find(&format!("[/{name}]"))
        .map(|end| line[..end].trim());
    match name {
        "caption" | "wp_caption" => match held.and_then(captioned_image) {
            Some((alt, src, caption)) => format!(
                "write the image alone in its paragraph with its caption as its title: `![{alt}]({src} \"{caption}\")`, and remove `[/{name}]`"
            ),
            None => format!(
                "write the image alone in its paragraph with its caption as its title, `![what it shows](photo.jpg \"The caption\")`, and remove `[/{name}]`"
            ),
        },
        "embed" | "youtube" | "vimeo" | "soundcloud" | "spotify" => {
            let address = held
                .filter(|h| h.starts_with("http"))
                .or_else(|| tag.split_whitespace().nth(1).map(|a| a.trim_end_matches(']')))
                .filter(|a| a.starts_with("http"))
                .unwrap_or("https://...");
            format!("write a link to it instead: `[what it is]({address})`")
        }
        "gallery" => "show each picture with `![what it shows](photo.jpg)`, the files beside the page in a bundle or under static/".to_string(),
        "video" | "audio" | "playlist" | "pdf" | "pdf-embedder" => {
            "write a link to the file instead: `[what it is](file.mp4)`, the file beside the page in a bundle or under static/".to_string()
        }
        _ => "remove it or write what it shows in Markdown".to_string(),
    }
}

/// The text from `at` to the end of its line, or to at most `limit` bytes on.
fn line_within(markdown: &str, at: usize, limit: usize) -> &str {
    let window = markdown
        .get(at..markdown.floor_char_boundary(at.saturating_add(limit)))
        .unwrap_or_default();
    let end = memchr::memchr2(b'\n', b'\r', window.as_bytes()).unwrap_or(window.len());
    &window[..end]
}

/// `![alt](src) The caption`, as WordPress exports a caption's contents: its parts.
fn captioned_image(held: &str) -> Option<(&str, &str, &str)> {
    let rest = held.strip_prefix("![")?;
    let (alt, rest) = rest.split_once("](")?;
    let (src, caption) = rest.split_once(')')?;
    let caption = caption.trim();
    let alt = if alt.is_empty() { caption } else { alt };
    let plain = |t: &str| !t.is_empty() && !t.contains(['"', '`', '[', ']']);
    (plain(alt) && plain(caption) && !src.contains(char::is_whitespace))
        .then_some((alt, src, caption))
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
    if let Some(hint) = site_address(name, inner) {
        return hint;
    }
    // `{{< notice tip >}}`: a shortcode for every kind names the kind after its name.
    let generic = matches!(name, "notice" | "alert" | "admonition" | "callout");
    let argument = || kind_argument(inner).filter(|_| generic);
    if let Some(kind) = callout_kind(name).map(|kind| argument().unwrap_or(kind)) {
        let named = if generic {
            " (or the kind its opening tag names)"
        } else {
            ""
        };
        return if closes {
            format!(
                "write the text between the tags as a callout, each line starting with `> `, under a first line `> [!{kind}]`{named}, and remove both tags"
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
            let file = quoted_argument(inner)
                .or_else(|| inner.split_whitespace().nth(1))
                .filter(|f| !f.contains(['`', '(', ')']))
                .unwrap_or("page.md");
            // `{% post_url 2024-03-05-sleep %}` and `{{< ref "about" >}}` name the file
            // without its `.md`.
            let md = if file.rsplit('/').next().is_some_and(|n| n.contains('.')) {
                ""
            } else {
                ".md"
            };
            format!("write a Markdown link to the page's file: `[words]({file}{md})`")
        }
        "highlight" | "code" => {
            "write the code between two lines of three backticks (a fenced code block)".to_string()
        }
        "youtube" | "vimeo" | "tweet" | "x" | "instagram" | "gist" => {
            let id = attribute(inner, "id")
                .or_else(|| inner.split_whitespace().nth(1).map(|w| w.trim_matches('"')))
                .filter(|id| {
                    id.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                });
            let address = match (name, id) {
                ("youtube", Some(id)) => format!("https://www.youtube.com/watch?v={id}"),
                ("vimeo", Some(id)) => format!("https://vimeo.com/{id}"),
                _ => "https://...".to_string(),
            };
            format!("write a link to it instead: `[what it is]({address})`")
        }
        "raw" => "remove it: attach-gen prints text as written".to_string(),
        _ if closes => {
            "remove it, with the tag it closes, or write what they hold in Markdown".to_string()
        }
        _ => "remove it or write it in Markdown".to_string(),
    }
}

/// For the site's address as Jekyll and Hugo write it before a path (`{{ site.baseurl }}`,
/// `{{ .Site.BaseURL }}`, `{{ "/x.png" | relative_url }}`): what to write instead. A path
/// starting with `/` is from the site's root already, wherever `base_url` puts the site.
fn site_address(name: &str, inner: &str) -> Option<String> {
    let lower = inner.to_ascii_lowercase();
    let filter = ["relative_url", "absolute_url", "relurl", "absurl"]
        .iter()
        .any(|f| lower.contains(f));
    if filter && let Some(path) = quoted_argument(inner) {
        return Some(format!(
            "write the address alone: `{path}` (a path starting with `/` is from the site's root, wherever `base_url` puts the site)"
        ));
    }
    let base = matches!(name, "site.url" | "baseurl" | ".baseurl") || name.ends_with(".baseurl");
    (base || filter).then(|| {
        "remove it and start the address with `/` (`/assets/photo.jpg`): such a path is from the site's root, wherever `base_url` puts the site".to_string()
    })
}

/// The first quoted text in a tag (`"/x.png"` of `{{ "/x.png" | relative_url }}`).
fn quoted_argument(inner: &str) -> Option<&str> {
    let start = inner.find(['"', '\''])?;
    let quote = inner[start..].chars().next()?;
    let value = &inner[start + 1..];
    let end = value.find(quote)?;
    Some(&value[..end]).filter(|v| !v.is_empty() && !v.contains('`'))
}

/// The callout kind a shortcode's argument names: `tip` in `{{< notice tip >}}` (as Hugo's
/// Learn and Relearn themes write it) or `type="warning"` in `{{< alert type="warning" >}}`.
fn kind_argument(inner: &str) -> Option<&'static str> {
    let second = inner
        .split_whitespace()
        .nth(1)
        .map(|w| w.trim_matches(['"', '\'']));
    attribute(inner, "type")
        .or_else(|| attribute(inner, "style"))
        .or(second)
        .map(str::to_ascii_lowercase)
        .and_then(|word| callout_kind(&word))
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
    fn a_notice_takes_its_kind_and_the_site_address_is_left_out() {
        let hint = |text: &str| found(text)[0].hint.clone().unwrap_or_default();
        assert!(hint("{{< notice tip >}}").contains("`> [!TIP]`"));
        assert!(hint("{{< ref \"sleep/rest.md\" >}}").contains("`[words](sleep/rest.md)`"));
        assert!(hint("{{< relref >}}").contains("`[words](page.md)`"));
        assert!(
            hint("{{< youtube w7Ft2ymGmfc >}}")
                .contains("`[what it is](https://www.youtube.com/watch?v=w7Ft2ymGmfc)`")
        );
        assert!(hint("{{< vimeo id=\"146022717\" >}}").contains("(https://vimeo.com/146022717)"));
        assert!(hint("{{< tweet user=\"x\" >}}").contains("(https://...)"));
        assert!(hint("{% post_url 2024-03-05-sleep %}").contains("`[words](2024-03-05-sleep.md)`"));
        assert!(hint("{{% notice warning %}}").contains("`> [!WARNING]`"));
        assert!(hint("{{< alert type=\"danger\" >}}").contains("`> [!CAUTION]`"));
        assert!(hint("{{< warning hint >}}").contains("`> [!WARNING]`"));
        assert!(hint("{{< /notice >}}").contains("or the kind its opening tag names"));
        for text in [
            "{{ site.baseurl }}/a.png",
            "{{site.baseurl}}/a.png",
            "{{ .Site.BaseURL }}",
        ] {
            assert!(hint(text).contains("start the address with `/`"), "{text}");
        }
        assert!(hint("{{ \"/assets/a.png\" | relative_url }}").contains("`/assets/a.png`"));
        assert_eq!(found("{{.Title}} {{page.title}}").len(), 2);
        assert!(found("{{c}} {{...}} {{ }").len() == 1);
    }

    fn found_wordpress(markdown: &str) -> Vec<Problem> {
        let mut warnings = Warnings::default();
        find_wordpress(markdown, 0..markdown.len(), &mut warnings);
        warnings.shown
    }

    #[test]
    fn wordpress_shortcodes_are_found_with_what_to_write() {
        let text = "[caption id=\"a\" width=\"300\"]![](stress.jpg) Breathing helps[/caption]";
        let found = found_wordpress(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].offset, text.find("[/caption]").unwrap_or_default());
        let hint = found[0].hint.clone().unwrap_or_default();
        assert!(
            hint.contains("`![Breathing helps](stress.jpg \"Breathing helps\")`"),
            "{hint}"
        );
        let embed = found_wordpress("[embed]https://example.org/v[/embed]");
        assert!(
            embed[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("`[what it is](https://example.org/v)`"))
        );
        assert_eq!(found_wordpress("[gallery ids=\"1,2\"] [vc_row]").len(), 2);
        // A long line of te reo Māori after the tag: its 300th byte may be inside a letter.
        let long = format!("[embed]https://example.org/v[/embed] {}", "ā".repeat(200));
        assert_eq!(found_wordpress(&long).len(), 2);
        // Link text, bracketed words and an escaped bracket are not shortcodes.
        let quiet = "[video](clip.mp4) [gallery][photos] [toc]: /x [sic] \\[embed] [/x]";
        assert!(found_wordpress(quiet).is_empty());
        // Everyday words in brackets are shortcodes only with an attribute or a closing tag.
        let prose = "[video] Kia ora. [audio] See the [table] or the [pdf]. [button]";
        assert!(found_wordpress(prose).is_empty());
        let written = "[video src=\"a.mp4\"] [audio mp3=\"a.mp3\"] [/audio] [table id=1 /]";
        assert_eq!(found_wordpress(written).len(), 4);
        // Closed at once, as a link to the label `/audio` reads: both tags are shortcodes.
        let closed = "[audio mp3=\"x.mp3\"][/audio] [gallery ids=\"1\"][/gallery]";
        let offsets: Vec<usize> = found_wordpress(closed).iter().map(|p| p.offset).collect();
        assert_eq!(offsets, [0, 19, 28, 45]);
        assert!(super::wordpress_opener_at(closed, 0));
        assert!(!super::wordpress_opener_at(closed, 19));
        assert!(!super::wordpress_opener_at("[gallery][photos]", 0));
    }

    #[test]
    fn a_long_or_unclosed_tag_is_quoted_short() {
        let text = format!("{{% {} é", "x".repeat(1000));
        let message = &found(&text)[0].message;
        assert!(message.contains("..."), "{message}");
        assert!(message.len() < 200);
    }
}
