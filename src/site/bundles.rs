//! Page bundles: a page written as `content/guides/sleep/index.md` is its folder's page
//! (`guides/sleep/`), and the other files directly in that folder (`photo.jpg`, a PDF) are
//! published beside its HTML (`guides/sleep/photo.jpg`). Files in folders below it are not
//! part of it (such a folder may be a page or a bundle of its own).
//!
//! With `markdown: {raw_html: false}` editors may not put HTML on the site, so neither may
//! their bundles: a file a browser would run as a page or a script on the site's origin
//! ([`ACTIVE_EXTENSIONS`]: HTML, XHTML, SVG, XML, JavaScript) is an error, not published. SVG
//! goes with them, even shown as an image: opened on its own it runs its scripts, and telling
//! a safe SVG from an unsafe one would mean sanitising XML, which attach-gen does not do.
//! Every extension of a name counts, not only the last: Apache reads each (`notes.html.en` is
//! served as HTML, `photo.php.jpg` run as PHP where a host maps `.php` with `AddHandler`).
//!
//! Whatever `raw_html` says, a bundle never publishes what a web server would run or read as
//! its settings ([`SERVER_EXTENSIONS`], `web.config`): that is the site owner's to put in
//! `static/`, not an editor's.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::content::{CONTENT_DIR, SourcePage};
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::urls::folders_of;

/// A file the site publishes besides its pages and static files: a bundle's file, or a
/// smaller copy of an image.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Site-relative output path: `guides/sleep/photo.jpg`.
    pub output: String,
    pub from: AssetSource,
}

/// Where an [`Asset`]'s bytes come from.
#[derive(Debug, Clone)]
pub enum AssetSource {
    /// A file, copied as it is (a bundle's file, or a resized copy in the image cache).
    File(PathBuf),
    /// Bytes made by this build (a resized copy when the cache cannot be written).
    Bytes(Arc<Vec<u8>>),
}

/// Extensions (lower case) of files a browser runs as a page or a script when it opens them:
/// not published from a bundle unless `raw_html` is true.
pub const ACTIVE_EXTENSIONS: [&str; 12] = [
    "htm", "html", "js", "mjs", "shtml", "svg", "svgz", "xht", "xhtml", "xml", "xsl", "xslt",
];

/// Extensions (lower case) of files a web server runs as a program on shared hosting (PHP,
/// server-side includes, ASP, CGI, JSP, ColdFusion): never published from a bundle.
pub const SERVER_EXTENSIONS: [&str; 23] = [
    "asp", "aspx", "ashx", "asmx", "cfm", "cgi", "fcgi", "jsp", "jspx", "phar", "php", "php3",
    "php4", "php5", "php7", "php8", "phps", "pht", "phtml", "pl", "shtm", "shtml", "stm",
];

/// Files a web server reads as its settings for the folder they are in (IIS, Azure App
/// Service: `web.config`; PHP run as CGI: `php.ini`; Apache's `.htaccess` and PHP's
/// `.user.ini` are hidden, so never read from `content/`).
const SERVER_SETTINGS: [&str; 2] = ["web.config", "php.ini"];

/// Extensions (lower case) that give a file a content type browsers only show or download
/// (images, documents, media): Apache serves a file by the rightmost extension that has a
/// type, so `Heart.svg.png` (as Wikimedia names its thumbnails) is a PNG there, while in
/// `notes.html.en` the language `en` gives no type and `html` does.
const SAFE_LAST_EXTENSIONS: [&str; 30] = [
    "avif", "bmp", "csv", "doc", "docx", "epub", "gif", "ico", "jpeg", "jpg", "m4a", "mov", "mp3",
    "mp4", "odp", "ods", "odt", "oga", "ogg", "ogv", "pdf", "png", "ppt", "pptx", "rtf", "tif",
    "tiff", "txt", "webm", "webp",
];

/// The bundles' files: where each is published.
#[derive(Debug, Default)]
pub struct Bundles {
    /// Path under `content/` → output path.
    pub by_source: HashMap<String, String>,
    /// Output path → the file.
    pub by_output: HashMap<String, PathBuf>,
    /// Paths under `content/` of files not published because they would run as a page or
    /// script (`raw_html: false`) or clash with another file: each is an error of its own, so
    /// an image showing one is not also reported missing.
    pub refused: HashSet<String>,
    /// Where those would have been published: a link to one is not reported broken too.
    pub refused_outputs: Vec<String>,
    /// Those files' paths under `content/` → where they would have been published.
    pub refused_sources: HashMap<String, String>,
    /// The bundles' folders under `content/`, each ending in `/` (`guides/sleep/`): the
    /// files beside any page in one are published (as the bundle's), beside other pages not.
    pub folders: HashSet<String>,
}

impl Bundles {
    /// Records the file `rel` (under `content/`) as not published, though it belonged at
    /// `output`.
    fn refuse(&mut self, rel: &str, output: String) {
        self.refused.insert(rel.to_string());
        self.refused_sources.insert(rel.to_string(), output.clone());
        self.refused_outputs.push(output);
    }

    /// Every bundle file's path under `content/` → where it is (or, refused, would have
    /// been) published, for links to it read from the Markdown file.
    pub fn sources_with_refused(&self) -> HashMap<String, String> {
        let mut sources = self.by_source.clone();
        sources.extend(self.refused_sources.clone());
        sources
    }

    /// Every bundle file, to copy.
    pub fn assets(&self) -> Vec<Asset> {
        let mut assets: Vec<Asset> = self
            .by_output
            .iter()
            .map(|(output, path)| Asset {
                output: output.clone(),
                from: AssetSource::File(path.clone()),
            })
            .collect();
        assets.sort_by(|a, b| a.output.cmp(&b.output));
        assets
    }
}

/// The files of every bundle among `sources` (whose URLs are `urls`), from `files` (every
/// non-page file under `content/`). A file whose output path is a static file's, or the page's
/// own `index.html`, is an error; so is one of the [`ACTIVE_EXTENSIONS`] unless `raw_html`.
pub fn collect(
    sources: &[SourcePage],
    urls: &[String],
    files: &[(String, PathBuf)],
    static_files: &HashSet<String>,
    raw_html: bool,
    errors: &mut Vec<Diagnostic>,
) -> Bundles {
    let folders: HashMap<&str, &str> = sources
        .iter()
        .zip(urls)
        .filter(|(_, url)| !url.is_empty())
        .filter_map(|(page, url)| Some((page.rel_path.strip_suffix("index.md")?, url.as_str())))
        .filter(|(folder, _)| !folder.is_empty())
        .collect();
    let mut bundles = Bundles {
        folders: folders.keys().map(|folder| folder.to_string()).collect(),
        ..Bundles::default()
    };
    if folders.is_empty() {
        return bundles;
    }
    // Compared without regard to case: on macOS and Windows `Chart.png` and `chart.png` are
    // one file, and `Index.html` is the page's own.
    let statics: HashMap<String, &str> = static_files
        .iter()
        .map(|path| (path.to_lowercase(), path.as_str()))
        .collect();
    // The folders pages are written into (lowercased → the page's URL): a bundle's file
    // named `notes` where the page `notes.md` beside it needs the folder `notes/`.
    let page_folders: HashMap<String, &str> = urls
        .iter()
        .filter(|url| !url.is_empty())
        .flat_map(|url| {
            let file = crate::support::urls::written_file(url);
            folders_of(&file)
                .map(|f| (f.to_lowercase(), url.as_str()))
                .collect::<Vec<_>>()
        })
        .collect();
    // The bundles' files published so far (lowercased → as written).
    let mut published: HashMap<String, String> = HashMap::new();
    for (rel, path) in files {
        let (folder, name) = match rel.rfind('/') {
            Some(cut) => rel.split_at(cut + 1),
            None => continue,
        };
        let Some(url) = folders.get(folder) else {
            continue;
        };
        let output = format!("{url}{name}");
        if let Some(refusal) = server_file(name) {
            errors.push(refusal.in_file(format!("{CONTENT_DIR}/{rel}")));
            bundles.refuse(rel, output);
            continue;
        }
        if !raw_html && let Some(ext) = active_extension(name) {
            errors.push(active_file(rel, &ext));
            bundles.refuse(rel, output);
            continue;
        }
        let lower = output.to_lowercase();
        let clash = if let Some(file) = statics.get(&lower) {
            Some(format!("the static file `{file}`"))
        } else if name.eq_ignore_ascii_case("index.html") {
            Some("the page's own `index.html`".to_string())
        } else if let Some(url) = page_folders.get(&lower) {
            Some(format!("the folder of the page at `{url}`"))
        } else if let Some(other) = published.get(&lower) {
            Some(format!(
                "the bundle's file `{other}`: their names differ only in case, and where case is ignored (macOS, Windows, some web hosts) one would replace the other"
            ))
        } else {
            folders_of(&lower)
                .find_map(|f| statics.get(f))
                .map(|f| format!("the static file `{f}`, where this needs a folder"))
        };
        if let Some(clash) = clash {
            errors.push(
                Diagnostic::error(
                    Code::BundleClash,
                    format!("this file of a page bundle would be published at `{output}`, which clashes with {clash}"),
                )
                .in_file(format!("{CONTENT_DIR}/{rel}"))
                .with_hint("rename it, or remove one of the two"),
            );
            // Its own error says why it is not published: an image showing it is not
            // "missing" too.
            bundles.refuse(rel, output);
            continue;
        }
        published.insert(lower, output.clone());
        bundles.by_source.insert(rel.clone(), output.clone());
        bundles.by_output.insert(output, path.clone());
    }
    bundles
}

/// Whether `rel_path` (under `content/`) is a page at the top of `content/` named as a home
/// page is elsewhere: `index.md`, `_index.md`, `Index.md`, or a translation of one. It is an
/// ordinary page (at `index/`), and `content/` is no bundle's folder, so the files beside it are
/// not published: its images and files go in `static/`, not in a folder of their own (moving it
/// to `content/index/index.md` would not make it the home page either).
pub fn at_the_top_as_a_home_page(rel_path: &str) -> bool {
    if rel_path.contains('/') {
        return false;
    }
    let lower = rel_path.to_ascii_lowercase();
    let name = lower.strip_prefix('_').unwrap_or(&lower);
    name.strip_prefix("index.")
        .is_some_and(|rest| rest.ends_with("md"))
}

/// The help for a file `name` linked or shown from a page in a folder named as a page bundle's
/// page is elsewhere, which is no bundle here, so the files beside it are not published:
/// Hugo's `_index.md` (or a translation, `_index.mi.md`; Hugo's "branch bundle", whose files
/// sit beside it) or `Index.md` in other letters. Renamed `index.md`, it is the page at its
/// folder's own URL and a bundle. `None` for any other page, and for one at the top of
/// `content/` (see [`at_the_top_as_a_home_page`]). `folder` is where the file would go in
/// `static/` (`images`, `files`).
pub fn index_page_file_help(rel_path: &str, name: &str, folder: &str) -> Option<String> {
    let (page_folder, file) = rel_path.rsplit_once('/')?;
    let (renamed, why) = match file.strip_prefix('_') {
        Some(rest) if rest.starts_with("index.") && rest.ends_with(".md") => (
            rest,
            "Hugo's `_index.md` is no page bundle here (attach-gen has no folder pages, and only `index.md` has its files beside it)",
        ),
        _ if file != "index.md" && file.eq_ignore_ascii_case("index.md") => (
            "index.md",
            "only a page named `index.md`, in small letters, has its files beside it",
        ),
        _ => return None,
    };
    Some(format!(
        "{why}: rename `{file}` to `{renamed}`, with `{name}` beside it (content/{page_folder}/{renamed}, the page at `{page_folder}/`), or put the file under static/ (static/{folder}/{name}) and write `/{folder}/{name}`"
    ))
}

/// The help for a file `name` linked or shown from such a page (see
/// [`at_the_top_as_a_home_page`]), to go in `static/{folder}/`.
pub fn home_page_file_help(name: &str, folder: &str) -> String {
    format!(
        "files in content/ beside this page are not published (content/ is no page bundle's folder, and this page is not the home page, which has no Markdown of its own): put it under static/ (static/{folder}/{name}) and write `/{folder}/{name}`"
    )
}

/// The extensions of `name`, lower case: each part after a dot (`notes.html.en` has `html`
/// and `en`), since Apache reads every one.
fn extensions(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split('.').skip(1).map(str::to_ascii_lowercase)
}

/// An extension of `name` (lower case) that is one of the [`ACTIVE_EXTENSIONS`], if any, unless
/// its last one gives it a type browsers only show ([`SAFE_LAST_EXTENSIONS`]).
fn active_extension(name: &str) -> Option<String> {
    let last = extensions(name).last()?;
    if SAFE_LAST_EXTENSIONS.contains(&last.as_str()) {
        return None;
    }
    extensions(name).find(|ext| ACTIVE_EXTENSIONS.contains(&ext.as_str()))
}

/// The error (without its file) for a bundle's file named `name` that a web server would run
/// ([`SERVER_EXTENSIONS`]) or read as its settings ([`SERVER_SETTINGS`]).
fn server_file(name: &str) -> Option<Diagnostic> {
    let what = if SERVER_SETTINGS.iter().any(|s| name.eq_ignore_ascii_case(s)) {
        format!(
            "`{name}` is a web server's settings for its folder (IIS reads it), which can make every page there fail or change how its files are served"
        )
    } else {
        let ext = extensions(name).find(|ext| SERVER_EXTENSIONS.contains(&ext.as_str()))?;
        format!(
            "a `.{ext}` file is a program that web servers on shared hosting run (PHP, ASP, CGI and the like) when it is opened"
        )
    };
    Some(
        Diagnostic::error(
            Code::UnsafeFile,
            format!("this file of a page bundle is not published: {what}"),
        )
        .with_hint("a page's files are shown or downloaded, never run: rename it, or, if the site's owner means the server to use it, put it in static/"),
    )
}

/// The error for the bundle file `rel` (under `content/`), of the active type `ext`.
fn active_file(rel: &str, ext: &str) -> Diagnostic {
    let what = match ext {
        "svg" | "svgz" => "an SVG image, which runs the scripts it holds when opened on its own",
        "js" | "mjs" => "a script",
        _ => "a page (HTML or XML), which runs the scripts it holds",
    };
    Diagnostic::error(
        Code::UnsafeFile,
        format!(
            "this file of a page bundle is not published: it is {what}, and site.yaml has `markdown: {{raw_html: false}}`, so pages may not add HTML or scripts to the site"
        ),
    )
    .in_file(format!("{CONTENT_DIR}/{rel}"))
    .with_hint(match ext {
        "svg" | "svgz" => "convert it to PNG (or WebP), or set `markdown: {raw_html: true}` in site.yaml if the site's editors are trusted with HTML",
        _ => "convert it to a PDF or a page of the site, or set `markdown: {raw_html: true}` in site.yaml if the site's editors are trusted with HTML",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_of_a_name_counts_unless_the_last_is_a_safe_type() {
        for name in [
            "notes.html",
            "notes.html.en",
            "f.HTML.zz",
            "f.svg.en",
            "a.js.x",
        ] {
            assert!(active_extension(name).is_some(), "{name}");
        }
        // The name before the first dot is no extension.
        // A last extension of a type browsers only show decides (Wikimedia's thumbnails).
        for name in [
            "html.pdf",
            "notes.pdf",
            "svg",
            "report.2024.pdf",
            "Heart.svg.png",
            "a.html.PDF",
            "a.js.txt",
        ] {
            assert_eq!(active_extension(name), None, "{name}");
        }
        for name in [
            "form.php",
            "photo.php.jpg",
            "a.PHTML",
            "x.aspx",
            "notes.shtml",
            "run.pl",
            "web.config",
            "Web.Config",
            "php.ini",
        ] {
            assert!(server_file(name).is_some(), "{name}");
        }
        for name in [
            "php.pdf",
            "leaflet.pdf",
            "web.config.txt.pdf",
            "notweb.config",
        ] {
            assert!(server_file(name).is_none(), "{name}");
        }
    }

    #[test]
    fn hugos_index_page_and_one_in_capitals_are_told_to_be_index_md() {
        let help = |path| index_page_file_help(path, "a.png", "images");
        let hugo = help("guides/_index.md").unwrap();
        assert!(
            hugo.contains(
                "rename `_index.md` to `index.md`, with `a.png` beside it (content/guides/index.md, the page at `guides/`)"
            ),
            "{hugo}"
        );
        assert!(!hugo.contains("_index/"), "{hugo}");
        let translation = help("a/b/_index.mi.md").unwrap();
        assert!(
            translation.contains("rename `_index.mi.md` to `index.mi.md`, with `a.png` beside it (content/a/b/index.mi.md"),
            "{translation}"
        );
        let capitals = help("walk/Index.md").unwrap();
        assert!(
            capitals.contains("rename `Index.md` to `index.md`"),
            "{capitals}"
        );
        // At the top of content/ (the home page's help), and any other page: none.
        for other in [
            "_index.md",
            "guides/index.md",
            "guides/sleep.md",
            "guides/_other.md",
        ] {
            assert_eq!(help(other), None, "{other}");
        }
    }
}
