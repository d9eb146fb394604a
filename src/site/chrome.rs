//! The files site.yaml names for every page's frame: the `logo` and the `favicon` must be
//! files the site's (or the theme's) `static/` holds.

use std::collections::HashSet;

use crate::config::Config;
use crate::support::diagnostic::{Code, Diagnostic};

/// Checks the logo; gives the favicon's path, encoded for a URL, when there is one (the theme's default favicon
/// may be missing from a theme of the site's own: then there is none).
pub fn files(
    config: &Config,
    static_files: &HashSet<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let missing = |what: &str, path: &str| {
        Diagnostic::error(
            Code::MissingImage,
            format!("the {what} `{path}` is not a file of the site"),
        )
        .with_hint(missing_hint(path, static_files))
    };
    if let Some(logo) = &config.logo
        && !static_files.contains(&logo.src)
    {
        errors.push(config.at_value(missing("logo", &logo.src), "logo", &logo.src));
    }
    if static_files.contains(&config.favicon) {
        return Some(crate::support::urls::encode_path(&config.favicon));
    }
    if config.key_lines.get("favicon").is_some() {
        errors.push(config.at_value(
            missing("favicon", &config.favicon),
            "favicon",
            &config.favicon,
        ));
    }
    None
}

/// What to write for a logo or favicon that names no static file: the path as it is under
/// `static/` when the editor wrote `static/` in front, a file whose name differs in case or
/// by a typo, or that a path climbing out with `..` cannot be (not "put it in
/// static/../x.svg").
fn missing_hint(path: &str, static_files: &HashSet<String>) -> String {
    let written = path.trim_start_matches('/');
    if let Some(inside) = written.strip_prefix("static/")
        && static_files.contains(inside)
    {
        return format!("write `{inside}`: the path is read inside static/ already");
    }
    // `static/images/logo.svg` for a file not there yet: looked for, and named, as the path
    // under static/ (not "put it in static/static/images/logo.svg").
    let (trimmed, under_static) = match written.strip_prefix("static/") {
        Some(inside) if !inside.is_empty() => (inside, true),
        _ => (written, false),
    };
    if trimmed.split('/').any(|part| part == ".." || part == ".") {
        return "put the file in static/ and write its path there (`images/logo.svg` for static/images/logo.svg): the path may not climb out of static/ with `..`".into();
    }
    // A name in other case first (`Logo.svg`), then a typo.
    let near = static_files
        .iter()
        .filter(|file| file.eq_ignore_ascii_case(trimmed))
        .min()
        .map(String::as_str)
        .or_else(|| {
            crate::support::diagnostic::closest(trimmed, static_files.iter().map(String::as_str))
        });
    match near {
        Some(near) => format!("did you mean `{near}`? Name the file as it is under static/"),
        None if under_static => format!(
            "put the file at static/{trimmed} and write `{trimmed}`: the path is read inside static/ already"
        ),
        None => format!("put it in static/ (static/{trimmed}), and name it as it is under static/"),
    }
}

/// Warns about site.yaml's links every page carries that lead nowhere: a footer link or a help
/// contact's `url` to a page or file the site will not have (`privacy/` with no such page), and a
/// banner link that is not
/// an address of its own (it is written into every page as it is, so a site-relative one breaks
/// on every page below the home page).
pub fn links(config: &Config, files: &crate::site::SiteFiles, warnings: &mut Vec<Diagnostic>) {
    for link in config.footer_links.iter().filter(|l| !l.external) {
        let target = link.url.trim().trim_start_matches('/');
        let path = target.split(['#', '?']).next().unwrap_or(target);
        if !files.has(&crate::support::urls::percent_decode(path)) {
            warnings.push(config.at_value(
                Diagnostic::warning(
                    Code::BrokenLink,
                    format!(
                        "the footer link `{}` leads to `{}`, but the site will have no page or file there",
                        link.name, link.written
                    ),
                )
                .with_hint("write the URL of one of the site's pages (its `slug`, such as `privacy/`), or an address of its own (https://...)"),
                "footer",
                &link.written,
            ));
        }
    }
    let contacts = config.help.iter().flat_map(|h| &h.contacts);
    for (contact, url) in contacts.filter_map(|c| Some((c, c.url.as_deref()?))) {
        if contact.url_external {
            continue;
        }
        let path = url.split(['#', '?']).next().unwrap_or(url);
        if !files.has(&crate::support::urls::percent_decode(path)) {
            // As written (`get help/`), not as encoded for the `href` (`get%20help/`).
            let url = contact.url_written.as_deref().unwrap_or(url);
            // `www.example.org` without `https://` reads as a folder of the site.
            let hint = if url.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("www.")) {
                format!("did you mean `https://{url}`? Write a web address in full")
            } else {
                "write the URL of one of the site's pages (its `slug`, such as `support/`), or a web address (https://...)".into()
            };
            warnings.push(config.at_value(
                Diagnostic::warning(
                    Code::BrokenLink,
                    format!(
                        "the `url` of the help contact `{}` leads to `{url}`, but the site will have no page or file there",
                        contact.name
                    ),
                )
                .with_hint(hint),
                "help",
                url,
            ));
        }
    }
    // A reviewer's `url` is written into the `href` as it is, on pages at every depth, so one
    // without a scheme (`team/ana/`) leads somewhere else on each page below the home page.
    for (id, url) in config
        .people
        .iter()
        .filter_map(|(id, p)| Some((id, p.url.as_deref()?.trim())))
    {
        let written = crate::support::urls::percent_decode(url);
        let what = format!("the `url` of `{id}` in `people` (`{written}`)");
        if let Some(problem) = written_as_is(config, &what, &written) {
            warnings.push(config.at_value(
                Diagnostic::warning(Code::BrokenLink, problem).with_hint(
                    "write the full address, such as `https://example.org/team/ana-smith`",
                ),
                "people",
                &written,
            ));
        }
    }
    // As written (`news today/`), not as encoded for the `href` (`news%20today/`).
    let banner_link = config
        .banner
        .as_ref()
        .and_then(|b| b.link_written.as_deref().or(b.link.as_deref()));
    if let Some(link) = banner_link {
        let link = link.trim();
        if let Some(problem) = written_as_is(config, &format!("the banner link `{link}`"), link) {
            warnings.push(
                config.at_value(
                    Diagnostic::warning(Code::BrokenLink, problem)
                        .with_hint("write the full address, such as `https://example.org/course`"),
                    "banner",
                    link,
                ),
            );
        }
    }
}

/// What is wrong with `link` (`what`, as the message names it), a link site.yaml gives that is
/// written into the `href` of pages at every depth as it is (the banner's, a reviewer's):
/// one without a scheme (`team/ana/`) leads somewhere else on each page below the home page;
/// one from the server's root (`/team/ana/`) leads to the same place on every page, which is
/// outside the site when `base_url` has a path (`https://example.org/resources`). `None` for a
/// full address, or one from the root of a site published at the server's root.
fn written_as_is(config: &Config, what: &str, link: &str) -> Option<String> {
    if link.is_empty() || link.starts_with("//") || crate::support::urls::has_scheme(link) {
        return None;
    }
    if link.starts_with('/') {
        let base = config.base_url.as_deref()?.trim().trim_end_matches('/');
        let path = base.split_once("://").map_or(base, |(_, rest)| rest);
        let site_path = path.find('/').map(|at| &path[at..])?;
        return Some(format!(
            "{what} starts from the root of the server, not of the site (`base_url` is `{base}`), so on every page it leads outside the site, not to `{site_path}{link}`"
        ));
    }
    Some(format!(
        "{what} is not a full address: it is written into every page as it is, so it breaks on every page below the home page"
    ))
}
