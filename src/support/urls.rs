//! Site-relative URLs and the relative links between them.
//!
//! Every URL inside the site is kept relative to the site root without a leading slash
//! (`guides/sleep/`, `categories/wellbeing/`, `` for the home page), and every link written into
//! a page is relative to that page, so the output works under any sub-path and from disk.

/// The prefix that leads from the folder of `from` (a site-relative URL) back to the root:
/// `` for the home page, `../../` for `guides/sleep/`.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// The file a site-relative URL is written to: `index.html` inside a folder URL.
pub fn written_file(url: &str) -> String {
    if url.ends_with('/') || url.is_empty() {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// A link from the page at `from` to the site-relative `to`.
pub fn relative(from: &str, to: &str) -> String {
    let link = format!("{}{}", root_prefix(from), to);
    if link.is_empty() { "./".into() } else { link }
}

/// Resolves `target` (a path written in the page at `page_path`, both under `content/` with `/`
/// separators) to a normalised path under `content/`, or `None` if it climbs out.
pub fn resolve_source_path(page_path: &str, target: &str) -> Option<String> {
    // "/guides/sleep.md" is relative to content/; anything else to the page's folder.
    let folder: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => {
            let mut parts: Vec<&str> = page_path.split('/').collect();
            parts.pop();
            parts
        }
    };
    join_path(folder, target)
}

/// How the page at `page_path` links to the file at `target` (both under `content/`, with
/// `/` separators): `guides/a.md` → `guides/b.md` is `b.md`, → `about.md` is `../about.md`.
pub fn source_path_from(page_path: &str, target: &str) -> String {
    let mut from: Vec<&str> = page_path.split('/').collect();
    from.pop();
    let to: Vec<&str> = target.split('/').collect();
    let (to_folders, name) = to.split_at(to.len().saturating_sub(1));
    let shared = from
        .iter()
        .zip(to_folders)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from.len() - shared];
    parts.extend(&to_folders[shared..]);
    parts.extend(name);
    parts.join("/")
}

/// Applies the `/`-separated `path` to the folder `parts` (`.` and empty parts skipped, `..`
/// going up); `None` when it climbs out of the root.
pub fn join_path<'a>(mut parts: Vec<&'a str>, path: &'a str) -> Option<String> {
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The scheme of `url` if it is `javascript:`, `vbscript:` or `data:`, read the way browsers
/// read it: ignoring case, leading spaces and control characters, and tabs and line breaks
/// anywhere (`" Java\tScript:alert(1)"` is a `javascript:` URL).
pub fn script_scheme(url: &str) -> Option<&'static str> {
    let start: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|scheme| start.starts_with(scheme))
}

/// What is wrong with an `http://` or `https://` address that names no host a browser can
/// reach (`http://`, `https://../`); `None` for other addresses.
pub fn web_address_problem(dest: &str) -> Option<String> {
    let start: String = dest
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    if !start.starts_with("http://") && start != "https://" {
        return None;
    }
    let host = match url::Url::parse(dest) {
        Err(e) => return Some(format!("an address that cannot be read ({e})")),
        Ok(url) => url.host_str().unwrap_or_default().to_string(),
    };
    // A trailing dot is allowed (`example.org.`); no other label may be empty.
    let labels = host.strip_suffix('.').unwrap_or(&host);
    if labels.is_empty() || labels.split('.').any(str::is_empty) {
        return Some("an address whose site name is empty or has an empty part".into());
    }
    None
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`, `tel:`): an address of its own,
/// not a path of the site.
pub fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Percent-decodes `%20`-style escapes, as editors' tools write spaces in link targets.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(byte) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The file at `path` (a `/`-separated path of the output, named as on disk) as a URL path:
/// what a URL cannot hold as written (spaces, quotes, `<`...) and what it would read as
/// something else (`%` an escape, `#` a fragment, `?` a query, `,` the next `srcset`
/// candidate) is percent-encoded, so `my photo,1.jpg` is `my%20photo%2C1.jpg`. Letters of any
/// script are kept: `whānau.jpg` stays as it is.
pub fn encode_path(path: &str) -> String {
    encode(path, |c| {
        needs_encoding(c) || matches!(c, '%' | '#' | '?' | ',' | '[' | ']' | '\\')
    })
}

/// `url`, an address written by an editor or a bibliography (`https://...`, a page of the
/// site), with the characters a URL cannot hold as written percent-encoded, as a browser does
/// when it follows it (`a b"c` → `a%20b%22c`), so the HTML that holds it is valid. Escapes
/// already in it (`%20`), its `?query` and its `#fragment` are kept; a `#` after the first is
/// encoded, and so are `[` and `]` outside the host (`https://[::1]/` keeps them).
pub fn encode_href(url: &str) -> String {
    let authority = url
        .find("//")
        .filter(|&start| start == 0 || url[..start].ends_with(':'));
    let host_end = authority.map_or(0, |start| {
        let host = start + 2;
        host + url[host..]
            .find(['/', '?', '#'])
            .unwrap_or(url.len() - host)
    });
    let fragment = url.find('#');
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        let encode = needs_encoding(c)
            || c == '\\'
            || (matches!(c, '[' | ']') && i >= host_end)
            || (c == '#' && fragment.is_some_and(|first| i > first));
        push_char(&mut out, c, encode);
    }
    out
}

/// Characters no URL holds as written: ASCII controls and space, `"`, `<`, `>`, `^`, `` ` ``,
/// `{`, `|`, `}`, and any other whitespace or control character.
fn needs_encoding(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '"' | '<' | '>' | '^' | '`' | '{' | '|' | '}')
}

/// `path`, a URL path of the site, with the characters outside ASCII percent-encoded as UTF-8
/// (`mi/whārangi/` → `mi/wh%C4%81rangi/`), for the files whose URLs must be URIs rather than
/// IRIs: the sitemap protocol asks for URLs "escaped" so.
pub fn ascii_path(path: &str) -> std::borrow::Cow<'_, str> {
    encoded_if_needed(path, |c| !c.is_ascii())
}

/// A work's key as an HTML id and `#fragment` (`ref-{id}`, the bibliography page's entries):
/// an id may not hold whitespace, which a CSL-JSON `id` may (`"a b"`), so whitespace and `%`
/// are percent-encoded (`a%20b`); a fragment written so finds the id written so.
pub fn key_id(key: &str) -> std::borrow::Cow<'_, str> {
    encoded_if_needed(key, |c| c == '%' || c.is_whitespace())
}

/// [`encode`], borrowing `text` when no character of it is to be encoded (the usual case).
fn encoded_if_needed(text: &str, encoded: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if text.chars().any(&encoded) {
        std::borrow::Cow::Owned(encode(text, encoded))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn encode(text: &str, encode: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_char(&mut out, c, encode(c));
    }
    out
}

fn push_char(out: &mut String, c: char, encode: bool) {
    if encode {
        for byte in c.encode_utf8(&mut [0; 4]).bytes() {
            out.push_str(&format!("%{byte:02X}"));
        }
    } else {
        out.push(c);
    }
}

/// The folders `rel` (a `/`-separated path) is inside: `a/b/c.png` → `a`, `a/b`.
pub fn folders_of(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_paths_from_a_page() {
        use super::source_path_from;
        assert_eq!(source_path_from("guides/a.md", "guides/b.md"), "b.md");
        assert_eq!(source_path_from("guides/a.md", "about.md"), "../about.md");
        assert_eq!(
            source_path_from("a.md", "guides/deep/b.md"),
            "guides/deep/b.md"
        );
        assert_eq!(source_path_from("x/y/a.md", "x/z/b.md"), "../z/b.md");
    }

    #[test]
    fn ascii_paths_encode_only_what_is_not_ascii() {
        assert_eq!(ascii_path("mi/whārangi-a/"), "mi/wh%C4%81rangi-a/");
        assert_eq!(ascii_path("guides/sleep~1/"), "guides/sleep~1/");
    }

    #[test]
    fn script_schemes_are_found_as_browsers_read_them() {
        assert_eq!(script_scheme("javascript:alert(1)"), Some("javascript:"));
        assert_eq!(script_scheme(" \u{1}JaVa\tScRiPt:x"), Some("javascript:"));
        assert_eq!(script_scheme("VBScript:x"), Some("vbscript:"));
        assert_eq!(script_scheme("data:text/html,x"), Some("data:"));
        assert_eq!(script_scheme("https://example.org/javascript:"), None);
        assert_eq!(script_scheme("guides/javascript.md"), None);
        assert_eq!(script_scheme(""), None);
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative("", "categories/"), "categories/");
        assert_eq!(
            relative("guides/sleep/", "categories/x/"),
            "../../categories/x/"
        );
        assert_eq!(relative("a/", ""), "../");
        assert_eq!(relative("", ""), "./");
    }

    #[test]
    fn resolves_source_paths() {
        assert_eq!(
            resolve_source_path("guides/sleep.md", "rest.md").as_deref(),
            Some("guides/rest.md")
        );
        assert_eq!(
            resolve_source_path("guides/sleep.md", "../a.md").as_deref(),
            Some("a.md")
        );
        assert_eq!(
            resolve_source_path("a.md", "./guides/b.md").as_deref(),
            Some("guides/b.md")
        );
        assert_eq!(resolve_source_path("a.md", "../../x.md"), None);
        assert_eq!(
            resolve_source_path("guides/a.md", "/b.md").as_deref(),
            Some("b.md")
        );
    }

    #[test]
    fn file_paths_are_encoded_for_urls() {
        assert_eq!(encode_path("guides/whānau.jpg"), "guides/whānau.jpg");
        assert_eq!(
            encode_path("my images/a,b 100%#1?.jpg"),
            "my%20images/a%2Cb%20100%25%231%3F.jpg"
        );
        assert_eq!(encode_path("a\"<b>.png"), "a%22%3Cb%3E.png");
        assert_eq!(encode_path("a\u{a0}b.png"), "a%C2%A0b.png");
    }

    #[test]
    fn written_addresses_are_encoded_where_a_url_cannot_hold_them() {
        assert_eq!(
            encode_href("https://example.org/a b?q=\"<x>\"#f#g"),
            "https://example.org/a%20b?q=%22%3Cx%3E%22#f%23g"
        );
        assert_eq!(
            encode_href("https://doi.org/10.1000/a%20b"),
            "https://doi.org/10.1000/a%20b"
        );
        assert_eq!(
            encode_href("http://[::1]:8080/a[1]"),
            "http://[::1]:8080/a%5B1%5D"
        );
        assert_eq!(encode_href("privacy/?x=a|b"), "privacy/?x=a%7Cb");
        assert_eq!(encode_href("mailto:a@example.org"), "mailto:a@example.org");
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("my%20page.md"), "my page.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
