//! Aliases: a page's old addresses (`aliases: [old-name/]` in its front matter), each given a
//! redirect page and a line of `_redirects` when the site is written. An alias must be a usable
//! URL that no page, other alias, generated file, static file or page bundle's file has
//! (compared by the file it is written to, without regard to case: `victim/index.html` is the
//! page at `victim/`): a collision is an error naming both.

use std::collections::HashMap;

use crate::content::SourcePage;
use crate::site::checks::{MAX_REPORTED_PER_PAGE, not_shown};
use crate::site::urls::{Taken, check_slug, language_home, shown};
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::urls::written_file;

/// Each page's aliases as site-relative URLs (`old-name/`, or `old.html` for a file), in the
/// order of `sources`; `urls` are the pages' own URLs (empty when refused). An alias may not
/// take what attach-gen writes itself, under a language's prefix (`languages`) too.
pub fn assign(
    sources: &[SourcePage],
    (urls, languages): (&[String], &[crate::config::Language]),
    reserved: &Taken,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Vec<String>> {
    // The file each page is written to, lowercased → the page.
    let pages: HashMap<String, usize> = urls
        .iter()
        .enumerate()
        .filter(|(_, url)| !url.is_empty())
        .map(|(index, url)| (written_file(url).to_lowercase(), index))
        .collect();
    // The file each alias is written to, lowercased → the page it belongs to.
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut all = Vec::with_capacity(sources.len());
    for (index, page) in sources.iter().enumerate() {
        let mut aliases = Vec::with_capacity(page.front.aliases.len());
        // Placing an error finds its alias in the line, so thousands on one line took time
        // growing with the square of its length: past the first hundred, they are counted.
        let mut found = 0;
        for written in &page.front.aliases {
            let mut report = |d: Diagnostic| {
                found += 1;
                if found <= MAX_REPORTED_PER_PAGE {
                    errors.push(page.diagnostic_at_value(d, "aliases", written));
                }
            };
            let url = match alias_url(written) {
                Ok(url) => url,
                Err(d) => {
                    report(d);
                    continue;
                }
            };
            let file = written_file(&url).to_lowercase();
            let clash = pages
                .get(&file)
                .map(|&other| collision(Clash::Page, &url, index, other, sources))
                .or_else(|| {
                    taken
                        .get(&file)
                        .map(|&other| collision(Clash::Alias, &url, index, other, sources))
                })
                .or_else(|| {
                    reserved
                        .clash(&url)
                        .or_else(|| language_home(&url, languages))
                        .map(|d| d.with_hint("take it out of `aliases`: that address is in use"))
                });
            match clash {
                Some(d) => report(d),
                None => {
                    taken.insert(file, index);
                    aliases.push(url);
                }
            }
        }
        errors.extend(not_shown(
            page,
            found,
            "errors about aliases",
            Diagnostic::error,
        ));
        all.push(aliases);
    }
    all
}

/// Takes out of `aliases` (with an error) those written where a page bundle's file is
/// published (`bundle_files`: output paths), which are known only once the pages' URLs are.
pub fn drop_bundle_files(
    sources: &[SourcePage],
    aliases: &mut [Vec<String>],
    bundle_files: &std::collections::HashMap<String, std::path::PathBuf>,
    errors: &mut Vec<Diagnostic>,
) {
    if bundle_files.is_empty() {
        return;
    }
    let files: HashMap<String, &str> = bundle_files
        .keys()
        .map(|path| (path.to_lowercase(), path.as_str()))
        .collect();
    for (page, aliases) in sources.iter().zip(aliases.iter_mut()) {
        aliases.retain(|url| {
            let written_to = written_file(url).to_lowercase();
            // At the file, or where the alias needs a folder (`sleep/notes/old/` beside the
            // bundle's file `sleep/notes`).
            let (file, folder) = match files.get(&written_to) {
                Some(file) => (file, false),
                None => match crate::support::urls::folders_of(&written_to)
                    .find_map(|f| files.get(f))
                {
                    Some(file) => (file, true),
                    None => return true,
                },
            };
            let written = page
                .front
                .aliases
                .iter()
                .find(|a| alias_url(a).is_ok_and(|u| u == *url))
                .map_or(url.as_str(), String::as_str);
            errors.push(page.diagnostic_at_value(
                Diagnostic::error(
                    Code::Alias,
                    if folder {
                        format!("the alias `{url}` needs `{file}` to be a folder, but the page bundle's file `{file}` is published there")
                    } else {
                        format!("the alias `{url}` is where the page bundle's file `{file}` is published")
                    },
                )
                .with_hint("take it out of `aliases`: a redirect there would hide that file"),
                "aliases",
                written,
            ));
            false
        });
    }
}

/// An alias as written (`/old-name`, `old-name/`, `guides/old.html`) as a site-relative URL:
/// a folder URL ending in `/`, or a file when its last part has an extension.
fn alias_url(written: &str) -> Result<String, Diagnostic> {
    let trimmed = written.trim().trim_start_matches('/');
    check_slug(trimmed).map_err(|why| {
        Diagnostic::error(
            Code::Alias,
            format!("the alias `{}` {why}", shown(written)),
        )
        .with_hint("write the page's old address inside the site, such as `old-name/` or `guides/old-name/`")
    })?;
    let last = trimmed
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    Ok(if !trimmed.ends_with('/') && last.contains('.') {
        trimmed.to_string()
    } else {
        format!("{}/", trimmed.trim_end_matches('/'))
    })
}

/// What an alias collides with.
enum Clash {
    /// The address of a page.
    Page,
    /// An alias of a page.
    Alias,
}

/// The error when the alias `url` of page `index` is the address (or an alias) of page `other`.
fn collision(
    clash: Clash,
    url: &str,
    index: usize,
    other: usize,
    sources: &[SourcePage],
) -> Diagnostic {
    let other_path = sources[other].path.display();
    let (message, hint) = match (clash, index == other) {
        (Clash::Page, true) => (
            format!("the alias `{url}` is this page's own address"),
            "take it out of `aliases`: it needs no redirect",
        ),
        (Clash::Page, false) => (
            format!("the alias `{url}` is the address of {other_path}"),
            "take it out of `aliases`: a redirect there would hide that page",
        ),
        (Clash::Alias, true) => (
            format!("the alias `{url}` is listed twice"),
            "take one of them out",
        ),
        (Clash::Alias, false) => (
            format!("the alias `{url}` is an alias of {other_path} too"),
            "an old address can lead to one page only: take it out of one of them",
        ),
    };
    Diagnostic::error(Code::Alias, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::alias_url;

    #[test]
    fn aliases_are_site_relative_folder_or_file_urls() {
        assert_eq!(alias_url("/old-name").ok().as_deref(), Some("old-name/"));
        assert_eq!(
            alias_url("guides/old/").ok().as_deref(),
            Some("guides/old/")
        );
        assert_eq!(alias_url("old.html").ok().as_deref(), Some("old.html"));
        for bad in ["../x/", "", "/", "a b/", "con/"] {
            assert!(alias_url(bad).is_err(), "{bad}");
        }
    }
}
