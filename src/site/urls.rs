//! Pages' URLs: from a `slug` in front matter or the file's path, checked so that every page
//! is written inside the output, at a path no other page, generated file or static file takes.

use std::collections::HashSet;

use crate::content::SourcePage;
use crate::site::translations::PageLanguage;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::hash::{self, HashMap};
use crate::support::slug::slugify;
use crate::support::urls::{folders_of, written_file};

/// Site-relative URLs the generator writes itself; pages may not take them.
pub const RESERVED_SECTIONS: &[&str] = &[
    "categories",
    "bibliography",
    "search",
    "page",
    "index.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "search-index.js",
    "_redirects",
    crate::config::layout::OUTPUT_MARKER,
];

/// Whether `path` (site-relative) is where a part of a split sitemap goes, `sitemap-N.xml`
/// (in any case): a site of more than 50,000 URLs writes them, so a page or a static file may
/// not take one, even on a smaller site (it would be lost, or a build fail, once it grows).
pub fn is_sitemap_part(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower
        .strip_prefix("sitemap-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// What attach-gen writes at a reserved section, for an error that says why a page may not
/// have it (` (the search page)`); empty for a file, whose name says it.
fn reserved_what(section: &str) -> &'static str {
    match section {
        "categories" => " (the category pages)",
        "bibliography" => " (the bibliography page)",
        "search" => " (the search page)",
        "page" => " (the home page's `page/1/` redirect and its later pages, `page/2/` and on)",
        _ => "",
    }
}

/// What pages and aliases may not take: the URLs attach-gen writes itself for this site and
/// the paths of static files. Compared without regard to case: on a case-insensitive file
/// system (macOS, Windows) `Search/` and `search/` are one folder, and one would overwrite
/// the other.
pub struct Taken<'a> {
    /// Sections this site's options add to [`RESERVED_SECTIONS`], with the option's name.
    optional: Vec<(&'static str, &'static str)>,
    /// Static files' output paths, lowercased → as written.
    static_files: HashMap<String, &'a str>,
    /// The folders static files are in, lowercased.
    static_folders: hash::HashSet<String>,
}

impl<'a> Taken<'a> {
    /// `static_files` are the output paths of the static files.
    pub fn new(config: &crate::config::Config, static_files: &'a HashSet<String>) -> Taken<'a> {
        let mut optional = Vec::new();
        if config.glossary.is_some() {
            optional.push(("glossary", "the glossary page (site.yaml's `glossary`)"));
        }
        if config.review.as_ref().is_some_and(|r| r.publish_report) {
            optional.push((
                "reviews",
                "the review report (site.yaml's `review.publish_report`)",
            ));
        }
        Taken {
            optional,
            static_files: static_files
                .iter()
                .map(|path| (path.to_lowercase(), path.as_str()))
                .collect(),
            static_folders: static_files
                .iter()
                .flat_map(|path| folders_of(path))
                .map(str::to_lowercase)
                .collect(),
        }
    }

    /// The sections this site's options add to [`RESERVED_SECTIONS`] (`glossary`, `reviews`).
    pub fn optional_sections(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.optional.iter().map(|(section, _)| *section)
    }

    /// The error (without a place or hint) when `url` is one the generator writes itself, or
    /// where a static file goes. A `url` ending in `/` is written to its `index.html`.
    pub(super) fn clash(&self, url: &str) -> Option<Diagnostic> {
        let first_segment = url.split('/').next().unwrap_or_default();
        let first_lower = first_segment.to_lowercase();
        if let Some(reserved) = RESERVED_SECTIONS.iter().find(|s| **s == first_lower) {
            return Some(Diagnostic::error(
                Code::UrlReserved,
                format!(
                    "the URL `{url}` would overwrite `{reserved}`, which attach-gen writes itself{}",
                    reserved_what(reserved)
                ),
            ));
        }
        if is_sitemap_part(first_segment) {
            return Some(Diagnostic::error(
                Code::UrlReserved,
                format!(
                    "the URL `{url}` would overwrite `{first_segment}`, which attach-gen writes itself (a part of the sitemap, on a site of more than 50,000 URLs)"
                ),
            ));
        }
        if let Some((section, what)) = self.optional.iter().find(|(s, _)| *s == first_lower) {
            return Some(Diagnostic::error(
                Code::UrlReserved,
                format!("the URL `{url}` is under `{section}/`, where attach-gen writes {what}"),
            ));
        }
        let written = written_file(url);
        let lower = written.to_lowercase();
        let clash = self
            .static_files
            .get(&lower)
            .or_else(|| folders_of(&lower).find_map(|folder| self.static_files.get(folder)))
            .copied();
        let what = match clash {
            Some(clash) if clash.to_lowercase() == lower => format!("the static file `{clash}`"),
            Some(clash) => format!("the static file `{clash}`, where the page needs a folder"),
            None if self.static_folders.contains(&lower) => {
                format!("the static folder `{written}/`")
            }
            None => return None,
        };
        Some(Diagnostic::error(
            Code::UrlReserved,
            format!(
                "the URL `{url}` is written to `{written}`, which clashes with {what} (in static/ or the theme's static/)"
            ),
        ))
    }
}

/// Errors for languages whose `prefix` is a folder attach-gen writes itself (`search/`,
/// `categories/`) or a static file's: the language's home page would be written over it, or
/// over the site's own page, with no word said.
pub fn check_language_prefixes(
    config: &crate::config::Config,
    taken: &Taken,
    errors: &mut Vec<Diagnostic>,
) {
    for language in config.languages.iter().skip(1) {
        if let Some(clash) = taken.clash(&language.prefix) {
            let d = Diagnostic::error(
                Code::UrlReserved,
                format!(
                    "`languages`: the prefix `{}` of `{}` is taken: {}",
                    language.prefix,
                    language.code,
                    clash.message.replacen("the URL", "its home page's URL", 1)
                ),
            )
            .with_hint("give the language a prefix of its own, such as its code");
            errors.push(config.at_value(d, "languages", language.prefix.trim_end_matches('/')));
        }
    }
}

/// Each page's site-relative URL (`guides/sleep/`), in the order of `sources`; an empty one for
/// a page whose URL is refused (the error is in `errors`). Pages may not take what is `taken`,
/// nor each other's URLs, whatever their case.
pub fn assign(
    sources: &[SourcePage],
    (languages, homes): (&[PageLanguage], &[crate::config::Language]),
    taken: &Taken,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut urls: Vec<String> = Vec::with_capacity(sources.len());
    // Lowercased URL → the page that has it.
    let mut owner: HashMap<String, usize> = hash::map_with_capacity(sources.len());
    // Lowercased folder of a URL → the folder as first written, and by which page.
    let mut folders: HashMap<String, (String, usize)> = HashMap::default();
    for (index, (page, language)) in sources.iter().zip(languages).enumerate() {
        let url = page_url(page, language).unwrap_or_else(|d| {
            errors.push(d);
            String::new()
        });
        if !url.is_empty() {
            let key = url.to_lowercase();
            let clash = taken
                .clash(&url)
                .or_else(|| language_home(&url, homes))
                .map(|d| {
                    page.diagnostic_at_key(
                        d.with_hint("give the page another `slug`, or move the file"),
                        "slug",
                    )
                })
                .or_else(|| {
                    owner.get(&key).map(|&other| {
                        // `sleep.MI.md` beside `sleep.mi.md`: one page's version in one
                        // language, twice (a language code is the same in any case).
                        let twin = languages.get(other).is_some_and(|l| {
                            l.key == language.key && l.language == language.language
                        });
                        collision(page, &sources[other], (&url, &urls[other]), twin)
                    })
                })
                .or_else(|| folder_case(page, &url, &folders, sources));
            match clash {
                Some(d) => errors.push(d),
                None => {
                    owner.insert(key, index);
                    for folder in folders_of(&url) {
                        folders
                            .entry(folder.to_lowercase())
                            .or_insert_with(|| (folder.to_string(), index));
                    }
                }
            }
        }
        urls.push(url);
    }
    urls
}

/// The error (without a place or hint) when `url` is one attach-gen writes itself under a
/// language's prefix: its home page (`mi/`), a later page of it (`mi/page/2/`), or one of its
/// own categories, bibliography, search or feed files (`mi/categories/`, `mi/search/`).
pub(super) fn language_home(
    url: &str,
    languages: &[crate::config::Language],
) -> Option<Diagnostic> {
    let lower = url.to_lowercase();
    let (language, rest) = languages
        .iter()
        .skip(1)
        .find_map(|l| Some((l, lower.strip_prefix(&l.prefix.to_lowercase())?)))?;
    let section = rest.split('/').next().unwrap_or_default();
    let message = if section == "page" {
        format!(
            "the URL `{url}` would overwrite the home page of `{}`'s `{}page/1/` redirect and its later pages (`page/2/` and on), which attach-gen writes itself",
            language.code, language.prefix
        )
    } else if rest.is_empty() {
        format!(
            "the URL `{url}` would overwrite the home page of `{}` (its prefix is `{}`), which attach-gen writes itself",
            language.code, language.prefix
        )
    } else if RESERVED_SECTIONS.contains(&section) {
        format!(
            "the URL `{url}` would overwrite the `{}` language's own `{section}` (under its prefix `{}`), which attach-gen writes itself",
            language.code, language.prefix
        )
    } else {
        return None;
    };
    Some(Diagnostic::error(Code::UrlReserved, message))
}

/// The error when a folder of `url` is written in other case by an earlier page's URL
/// (`Guides/one/` and `guides/two/`): a case-insensitive file system would write both into one
/// folder, and links written either way would work on one host and not another.
fn folder_case(
    page: &SourcePage,
    url: &str,
    folders: &HashMap<String, (String, usize)>,
    sources: &[SourcePage],
) -> Option<Diagnostic> {
    folders_of(url).find_map(|folder| {
        let (written, other) = folders.get(&folder.to_lowercase())?;
        (written != folder).then(|| {
            page.diagnostic_at_key(
                Diagnostic::error(
                    Code::UrlCollision,
                    format!(
                        "this page's URL `{url}` is in the folder `{folder}/`, which {} writes as `{written}/`: a case-insensitive file system (macOS, Windows) would make them one folder",
                        sources[*other].path.display()
                    ),
                )
                .with_hint("write the folder the same way in both pages' `slug`s (or file paths)"),
                "slug",
            )
        })
    })
}

/// The error when `page` wants the URL `url`, which `other` has already (as `other_url`:
/// the same but maybe for case). `twin`: both are the same page's version in one language
/// (their names differ only in the case of the language code), which a slug would not mend.
fn collision(
    page: &SourcePage,
    other: &SourcePage,
    (url, other_url): (&str, &str),
    twin: bool,
) -> Diagnostic {
    let message = if url == other_url {
        format!(
            "this page and {} both want the URL `{url}`",
            other.path.display()
        )
    } else {
        format!(
            "this page's URL `{url}` differs from the URL `{other_url}` of {} only in case, and a case-insensitive file system (macOS, Windows) would write both to one folder",
            other.path.display()
        )
    };
    let hint = if twin {
        "both are the same page in the same language (a language code in a file name is the same in any case, `.MI.md` and `.mi.md`): keep one of them"
    } else {
        "give one of them a different `slug`"
    };
    page.diagnostic_at_key(
        Diagnostic::error(Code::UrlCollision, message).with_hint(hint),
        "slug",
    )
}

/// `slug` from front matter, checked, or the file's path under `content/` (a translation's
/// without its language), slugified; under the language's prefix.
fn page_url(page: &SourcePage, language: &PageLanguage) -> Result<String, Diagnostic> {
    let slug = match &page.front.slug {
        Some(slug) => {
            check_slug(slug).map_err(|why| {
                page.diagnostic_at_key(
                    Diagnostic::error(Code::BadSlug, format!("the slug `{}` {why}", shown(slug)))
                        .with_hint(format!(
                            "use letters, digits and hyphens, such as `{}`",
                            suggest_slug(slug)
                        )),
                    "slug",
                )
            })?;
            slug.trim_matches('/').to_string()
        }
        None => {
            // A page bundle (`guides/sleep/index.md`) is its folder's page; `content/index.md`
            // stays `index/`, as the home page is the generator's.
            let without_ext = language
                .key
                .strip_suffix("/index.md")
                .or_else(|| language.key.strip_suffix(".md"))
                .unwrap_or(&language.key);
            let mut parts = Vec::new();
            for segment in without_ext.split('/') {
                let slug = slugify(segment);
                if slug.is_empty() {
                    return Err(Diagnostic::error(
                        Code::BadSlug,
                        format!("cannot make a URL from the name `{segment}`: it has no letters or digits"),
                    )
                    .in_file(&page.path)
                    .with_hint("rename the file, or set `slug:` in the front matter"));
                }
                parts.push(slug);
            }
            let url = parts.join("/");
            // A file name can make a URL no file system takes (`con.md`, or a long name in a
            // script that transliterates to several letters a character).
            check_slug(&url).map_err(|why| {
                Diagnostic::error(
                    Code::BadSlug,
                    format!(
                        "the URL made from this file's path, `{}`, {why}",
                        shown(&url)
                    ),
                )
                .in_file(&page.path)
                .with_hint(format!(
                    "rename the file, or set `slug:` in the front matter, such as `slug: {}`",
                    suggest_slug(&url)
                ))
            })?;
            url
        }
    };
    Ok(format!("{}{slug}/", language.prefix))
}

/// A slug as it may be shown in a message: control characters escaped, and cut short.
pub(super) fn shown(slug: &str) -> String {
    let mut out: String = slug
        .chars()
        .take(80)
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    if slug.chars().nth(80).is_some() {
        out.push('…');
    }
    out
}

/// A slug to suggest instead of `bad`: one that passes [`check_slug`].
fn suggest_slug(bad: &str) -> String {
    let mut slug = slugify(bad);
    if let Some((cut, _)) = slug.char_indices().nth(60) {
        slug.truncate(cut);
        slug = slug.trim_end_matches('-').to_string();
    }
    let slug = if slug.is_empty() {
        "my-page".to_string()
    } else {
        slug
    };
    if check_slug(&slug).is_ok() {
        slug
    } else {
        format!("{slug}-page")
    }
}

const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Paths in the output stay well inside what file systems (4096 bytes on Linux, less on
/// Windows) and web servers take.
const MAX_URL_BYTES: usize = 1024;
const MAX_URL_DEPTH: usize = 32;

/// A slug must name a folder inside the output: no `..`, no absolute paths, nothing a file
/// system or URL would choke on.
pub fn check_slug(slug: &str) -> Result<(), String> {
    let trimmed = slug.trim_matches('/');
    if trimmed.is_empty() {
        return Err("is empty".into());
    }
    if slug.starts_with('/') {
        return Err("is an absolute path".into());
    }
    if trimmed.len() > MAX_URL_BYTES {
        return Err(format!("is longer than {MAX_URL_BYTES} bytes"));
    }
    if trimmed.split('/').count() > MAX_URL_DEPTH {
        return Err(format!("is more than {MAX_URL_DEPTH} folders deep"));
    }
    for segment in trimmed.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err("would lead outside its folder (it has an empty, `.` or `..` part)".into());
        }
        // `.git/`, `.htaccess`, `.well-known/`: hidden names that hosts refuse to serve, read
        // as their configuration, or keep for themselves; and an output holding `.git` is
        // refused by the next build.
        if segment.starts_with('.') {
            return Err(format!(
                "has a part starting with a dot (`{segment}`): hosts hide such names or read them as their own settings"
            ));
        }
        // IIS and Azure App Service read a `web.config` in any folder as its settings: an
        // alias's redirect page written there fails every page below it (HTTP 500.19).
        if segment.eq_ignore_ascii_case("web.config") {
            return Err(format!(
                "has the part `{segment}`, the file IIS reads as its settings for the folder"
            ));
        }
        if segment.len() > MAX_SEGMENT_BYTES {
            return Err(format!("has a part longer than {MAX_SEGMENT_BYTES} bytes"));
        }
        if let Some(c) = segment
            .chars()
            .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')))
        {
            return Err(format!(
                "contains {}, which cannot stand in a URL path as written",
                crate::support::text::char_name(c)
            ));
        }
        let stem = segment
            .split('.')
            .next()
            .unwrap_or(segment)
            .to_ascii_lowercase();
        if WINDOWS_RESERVED.contains(&stem.as_str()) {
            return Err(format!("uses `{segment}`, a name Windows reserves"));
        }
        // Windows drops a name's trailing dots: `sleep.` is the folder `sleep` there, so the
        // output could not be copied to (or checked out on) it without one page replacing
        // another's folder.
        if segment.ends_with('.') {
            return Err(format!(
                "has a part ending with a dot (`{segment}`), which Windows drops (`{}` there)",
                segment.trim_end_matches('.')
            ));
        }
    }
    Ok(())
}

/// The longest name a file system takes for one folder.
pub(super) const MAX_SEGMENT_BYTES: usize = 255;

#[cfg(test)]
mod tests {
    use super::check_slug;

    #[test]
    fn slugs_cannot_escape() {
        assert!(check_slug("guides/sleep").is_ok());
        assert!(check_slug("../../etc").is_err());
        assert!(check_slug("/etc/passwd").is_err());
        assert!(check_slug("a//b").is_err());
        assert!(check_slug("con").is_err());
        assert!(check_slug("a\u{0}b").is_err());
        assert!(check_slug(&"x".repeat(256)).is_err());
        assert!(check_slug("a b").is_err());
        for hidden in [".git", "a/.htaccess", ".well-known/security.txt", "..."] {
            assert!(check_slug(hidden).is_err(), "{hidden}");
        }
        assert!(check_slug("v1.2/notes").is_ok());
        for dotted in ["sleep.", "guides./sleep", "v1.2.."] {
            assert!(check_slug(dotted).is_err(), "{dotted}");
        }
        assert!(check_slug(&"a/".repeat(40)).is_err());
        assert!(check_slug(&"a".repeat(1100)).is_err());
        for bad in ["CON", "../../etc", "a\u{0}b", &"x".repeat(300), "Ünïcødé ✓"] {
            let suggested = super::suggest_slug(bad);
            assert!(check_slug(&suggested).is_ok(), "{bad:?} → {suggested:?}");
        }
        assert_eq!(super::shown("a\u{0}b"), "a\\u{0}b");
    }
}
