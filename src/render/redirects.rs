//! Redirects for pages' old addresses (`aliases:`): a small HTML page at each old address
//! (a meta refresh, a canonical link, `noindex`, and a visible link for when the refresh does
//! not happen), and `_redirects`, the file Netlify and Cloudflare Pages read, with the same
//! moves as permanent (301) redirects.

use crate::render::strings::Words;
use crate::site::{Page, Site};
use crate::support::escape;
use crate::support::urls;

/// The redirect page written at the site-relative `alias` for `page`, in the page's language
/// (its `lang`, else the site's), with the theme's words in it: `words` as text (for
/// `<title>`), `words_html` as HTML (a word shown from another language marked with its
/// `lang`). A theme without the words gets English ones.
pub fn page(site: &Site, alias: &str, page: &Page, words: &Words, words_html: &Words) -> String {
    let target = Target {
        url: &page.url,
        title: &page.title,
        title_html: page.title_html.as_deref(),
        lang: page.lang.as_deref(),
        title_lang: page.lang.as_deref(),
    };
    to(site, alias, &target, words, words_html)
}

/// What a redirect page leads to: a site-relative URL, its title as text and as HTML (with
/// its language spans), the redirect page's language when not the site's, and the title's
/// language where it is to be marked (a listing's redirect under `mi/` leads to a page titled
/// with the site's English title, or a category's name that has no te reo one).
pub struct Target<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub title_html: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub title_lang: Option<&'a str>,
}

/// The redirect page written at the site-relative `alias` for `page` (see [`page`]).
pub fn to(site: &Site, alias: &str, page: &Target, words: &Words, words_html: &Words) -> String {
    // Relative, like every link of the site, so it works under any sub-path and from disk.
    let mut target = String::new();
    escape::html(&urls::relative(alias, page.url), &mut target);
    let mut canonical = String::new();
    escape::html(
        &match site.config.base_url {
            Some(_) => site.absolute_url(page.url),
            None => urls::relative(alias, page.url),
        },
        &mut canonical,
    );
    let mut title = String::new();
    escape::html(page.title, &mut title);
    // The link shows the page's title in its own language (a translation's, or its `lang:`),
    // with its language spans, so a screen reader reads "Te moe" as te reo Māori on this
    // English page (WCAG 3.1.2); `<title>` holds no markup and stays plain.
    let mut link = String::from("<a href=\"");
    link.push_str(&target);
    link.push('"');
    if let Some(lang) = page.title_lang {
        link.push_str(" lang=\"");
        escape::html(lang, &mut link);
        link.push('"');
    }
    link.push('>');
    match page.title_html {
        Some(html) => link.push_str(html),
        None => link.push_str(&title),
    }
    link.push_str("</a>");
    let mut language = String::new();
    escape::html(page.lang.unwrap_or(&site.config.language), &mut language);
    let mut moved = String::new();
    escape::html(word(words, "moved", "Moved"), &mut moved);
    let html = |key: &str, english: &str| match words_html.get(key) {
        Some(word) => word.clone(),
        None => {
            let mut escaped = String::new();
            escape::html(english, &mut escaped);
            escaped
        }
    };
    let moved_text = html("moved_text", "This page has moved to");
    let moved_end = html("moved_end", ".");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{moved}: {title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n\
         <main>\n<p>{moved_text} {link}{moved_end}</p>\n</main>\n\
         </body>\n</html>\n"
    )
}

/// The theme's word `key`, else its English.
fn word<'w>(words: &'w Words, key: &str, english: &'w str) -> &'w str {
    words.get(key).map_or(english, String::as_str)
}

/// `_redirects`: a line `/old/ /new/ 301` for each alias, paths from the domain's root (so
/// under `base_url`'s path, when it has one); `None` when no page has aliases, so that a
/// site's own `_redirects` in `static/` is copied as it is.
pub fn netlify_file(site: &Site) -> Option<String> {
    let prefix = base_path(site.config.base_url.as_deref());
    let mut lines = String::new();
    for page in &site.pages {
        for alias in &page.aliases {
            lines.push_str(&format!("{prefix}/{alias} {prefix}/{} 301\n", page.url));
        }
    }
    (!lines.is_empty())
        .then(|| format!("# Written by attach-gen from the pages' `aliases:`.\n{lines}"))
}

/// The path of `base_url` without its trailing `/`: `/resources` for
/// `https://example.org/resources`, empty for a site at the root of its domain.
fn base_path(base_url: Option<&str>) -> &str {
    base_url
        .and_then(|url| url.split("://").nth(1))
        .and_then(|rest| rest.find('/').map(|at| &rest[at..]))
        .map_or("", |path| path.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_paths_are_taken_from_base_url() {
        assert_eq!(
            base_path(Some("https://example.org/resources")),
            "/resources"
        );
        assert_eq!(base_path(Some("https://example.org")), "");
        assert_eq!(base_path(None), "");
    }
}
