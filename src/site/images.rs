//! The images of the pages: each `![alt](path)` found, checked (alt text, the file exists and
//! reads as an image) and written as an `<img>` with its size, its smaller copies (`srcset`)
//! and `loading="lazy"` below the first.
//!
//! A path is looked up, in this order: `/x.png` in the static files; a relative path against
//! the Markdown file (a bundle's file, or a static file at that path: `content/` and `static/`
//! are one tree), then against the page's URL (how a browser would read it). It is always
//! written relative to the page, so the site works under a sub-path.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{CONTENT_DIR, SourcePage};
use crate::site::bundles::{Asset, Bundles, at_the_top_as_a_home_page};
use crate::site::checks::{MAX_REPORTED_PER_PAGE, not_shown};
use crate::site::markdown::{self, Image, Rendered};
use crate::site::resize::{self, ImageCache, Picture};
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::escape;
use crate::support::urls;

/// What the images are looked up among.
pub struct Files<'a> {
    pub bundles: &'a Bundles,
    /// Output paths of the static files.
    pub static_files: &'a HashSet<String>,
    /// Output path → file, for static files on disk (the built-in theme's are not).
    pub static_paths: &'a HashMap<String, PathBuf>,
    /// File name → what to write for each file of that name, made at the first missing image
    /// (so hints cost one pass over the files, not one per missing image).
    pub by_name: OnceLock<HashMap<String, Vec<Written>>>,
}

/// How a page refers to a file of the site: `/images/x.png` for a static file, the path from
/// the Markdown file for a bundle's file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Written {
    Static(String),
    Bundle(String),
}

impl Files<'_> {
    /// The files named `name`, sorted.
    fn named(&self, name: &str) -> &[Written] {
        let index = self.by_name.get_or_init(|| {
            let mut index: HashMap<String, Vec<Written>> = HashMap::new();
            let statics = self.static_files.iter().map(|f| Written::Static(f.clone()));
            let bundled = self
                .bundles
                .by_source
                .keys()
                .map(|f| Written::Bundle(f.clone()));
            for written in statics.chain(bundled) {
                let (Written::Static(path) | Written::Bundle(path)) = &written;
                let name = path.rsplit('/').next().unwrap_or(path).to_string();
                index.entry(name).or_default().push(written);
            }
            index.values_mut().for_each(|files| files.sort());
            index
        });
        index.get(name).map_or(&[], Vec::as_slice)
    }
}

/// A local image: where it is published and its file (`None` for a built-in theme file).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Local {
    output: String,
    file: Option<PathBuf>,
}

/// What is known of a local image file.
#[derive(Debug, Clone, Default)]
struct Known {
    picture: Option<Picture>,
    /// Width and output path of each smaller copy.
    copies: Vec<(u32, String)>,
    /// Why the file cannot be used.
    problem: Option<String>,
}

/// Checks every image of every page and writes its `<img>` (see [`Rendered::image_html`]).
/// Gives the smaller copies to publish.
pub fn resolve(
    config: &Config,
    sources: &[SourcePage],
    urls: &[String],
    rendered: &mut [Rendered],
    files: &Files,
    (errors, warnings): (&mut Vec<Diagnostic>, &mut Vec<Diagnostic>),
) -> Vec<Asset> {
    if rendered.iter().all(|out| out.images.is_empty()) {
        return Vec::new();
    }
    let targets: Vec<Vec<Option<Option<Local>>>> = sources
        .iter()
        .zip(urls)
        .zip(rendered.iter())
        .map(|((page, url), out)| {
            out.images
                .iter()
                .map(|image| locate(page, url, &image.dest, files))
                .collect()
        })
        .collect();
    let unique: BTreeMap<&Local, ()> = targets
        .iter()
        .flatten()
        .filter_map(|t| t.as_ref()?.as_ref())
        .map(|local| (local, ()))
        .collect();
    let cache = ImageCache::new(&config.root);
    let max_width = config.images.max_width;
    let made: Vec<(Known, Vec<Asset>)> = unique
        .keys()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|local| examine(local, max_width, &cache))
        .collect();
    let mut assets = Vec::new();
    let mut known: HashMap<String, Known> = HashMap::new();
    for (local, (info, copies)) in unique.keys().zip(made) {
        assets.extend(copies);
        known.insert(local.output.clone(), info);
    }
    warnings.extend(cache.notes(&config.root));
    check_copies(&assets, files, errors);
    for (((page, url), out), targets) in sources.iter().zip(urls).zip(rendered).zip(&targets) {
        let problems = page_problems(page, out, targets, &known, files);
        errors.extend(problems);
        // Filled in as the page is written (see `site::HeldBody`).
        out.image_html = out
            .images
            .iter()
            .zip(targets)
            .enumerate()
            .map(|(index, (image, target))| img(image, index, url, target.as_ref(), &known))
            .collect();
    }
    assets
}

/// Where `dest` (written in `page`, at `url`) leads: `None` for a file of no site, `Some(None)`
/// for an address left as written (another site's, a `data:` image), `Some(Some(local))` for
/// a file of the site.
fn locate(page: &SourcePage, url: &str, dest: &str, files: &Files) -> Option<Option<Local>> {
    let dest = dest.trim();
    let lower = dest.to_ascii_lowercase();
    // A `javascript:` address is its own error (the page fails): not looked for as a file too.
    if dest.is_empty()
        || lower.contains("://")
        || lower.starts_with("data:")
        || dest.starts_with("//")
        || urls::script_scheme(dest).is_some()
    {
        return Some(None);
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let path = crate::support::text::nfc(&urls::percent_decode(path));
    let found = |output: &str| -> Option<Local> {
        if let Some(file) = files.bundles.by_output.get(output) {
            return Some(Local {
                output: output.to_string(),
                file: Some(file.clone()),
            });
        }
        files.static_files.contains(output).then(|| Local {
            output: output.to_string(),
            file: files.static_paths.get(output).cloned(),
        })
    };
    if let Some(absolute) = path.strip_prefix('/') {
        return urls::join_path(Vec::new(), absolute)
            .and_then(|p| found(&p))
            .map(Some);
    }
    let beside_source = urls::resolve_source_path(&page.rel_path, &path);
    if let Some(source) = &beside_source {
        if let Some(output) = files.bundles.by_source.get(source) {
            return found(output).map(Some);
        }
        if files.bundles.refused.contains(source) {
            // Not published, and its own error says why: not "missing" too.
            return Some(None);
        }
        if let Some(local) = found(source) {
            return Some(Some(local));
        }
    }
    let folder: Vec<&str> = url.split('/').filter(|s| !s.is_empty()).collect();
    urls::join_path(folder, &path)
        .and_then(|p| found(&p))
        .map(Some)
}

/// Reads the image at `local` and makes its smaller copies (when it is a photo wider than
/// `max_width`).
fn examine(local: &Local, max_width: u32, cache: &ImageCache) -> (Known, Vec<Asset>) {
    let Some(file) = &local.file else {
        return (Known::default(), Vec::new());
    };
    let picture = match resize::read_picture(file) {
        Ok(picture) => picture,
        Err(problem) => {
            let known = Known {
                problem: Some(problem),
                ..Known::default()
            };
            return (known, Vec::new());
        }
    };
    let widths = picture
        .filter(|p| p.resizable)
        .map(|p| resize::copy_widths(p.width, max_width))
        .unwrap_or_default();
    if widths.is_empty() {
        return (
            Known {
                picture,
                ..Known::default()
            },
            Vec::new(),
        );
    }
    match cache.copies(file, &widths) {
        Ok(made) => {
            let copies: Vec<(u32, String)> = widths
                .iter()
                .map(|w| (*w, resize::copy_path(&local.output, *w)))
                .collect();
            let assets = copies
                .iter()
                .zip(made)
                .map(|((_, output), from)| Asset {
                    output: output.clone(),
                    from,
                })
                .collect();
            (
                Known {
                    picture,
                    copies,
                    problem: None,
                },
                assets,
            )
        }
        Err(problem) => (
            Known {
                picture,
                problem: Some(problem),
                ..Known::default()
            },
            Vec::new(),
        ),
    }
}

/// A smaller copy at the path of a static or bundle file is an error.
fn check_copies(assets: &[Asset], files: &Files, errors: &mut Vec<Diagnostic>) {
    for asset in assets {
        // The clashing file, to name it: a bundle's source, or a static file's.
        let clash = files
            .bundles
            .by_output
            .get(&asset.output)
            .or_else(|| files.static_paths.get(&asset.output));
        if clash.is_some() || files.static_files.contains(&asset.output) {
            let mut d = Diagnostic::error(
                Code::BundleClash,
                format!(
                    "this file is published at `{}`, where a resized copy of an image goes",
                    asset.output
                ),
            )
            .with_hint("rename this file: names ending in `.480w.jpg` (a width and `w`) are the resized copies'");
            if let Some(path) = clash {
                d = d.in_file(path.strip_prefix(".").unwrap_or(path));
            }
            errors.push(d);
        }
    }
}

/// The problems of `page`'s images: no alt text, a missing or unreadable file.
fn page_problems(
    page: &SourcePage,
    out: &Rendered,
    targets: &[Option<Option<Local>>],
    known: &HashMap<String, Known>,
    files: &Files,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if out.images.is_empty() {
        return problems;
    }
    let mut shown = Vec::new();
    let mut found = 0;
    for (image, target) in out.images.iter().zip(targets) {
        for problem in image_problems(page, image, target, known, files) {
            found += 1;
            if found <= MAX_REPORTED_PER_PAGE {
                shown.push((problem, image.offset));
            }
        }
    }
    problems.extend(page.diagnostics_in_body(shown));
    problems.extend(not_shown(page, found, "errors", Diagnostic::error));
    problems
}

fn image_problems(
    page: &SourcePage,
    image: &Image,
    target: &Option<Option<Local>>,
    known: &HashMap<String, Known>,
    files: &Files,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let decorative = markdown::is_decorative(&image.title);
    let dest = image.dest.trim();
    if dest.is_empty() {
        // `![A chart]()`: an `<img src="">` shows nothing (and some browsers fetch the page
        // itself as the image).
        problems.push(
            Diagnostic::error(Code::MissingImage, "this image has no address: nothing would be shown")
                .with_hint("write the image's file between the parentheses, `![A chart of sleep hours](sleep-chart.png)`, or remove the image"),
        );
        return problems;
    }
    if let Some(problem) = crate::support::urls::web_address_problem(dest) {
        problems.push(
            Diagnostic::error(Code::MissingImage, format!("the image `{dest}` is at {problem}, so it cannot be shown"))
                .with_hint(if in_a_bundle(page, files) {
                    "write the image's whole address, `https://example.org/chart.png`, or put the image beside the page"
                } else {
                    // Beside a page that is not a bundle, the image would not be published.
                    "write the image's whole address, `https://example.org/chart.png`, or put the image under static/ (static/images/chart.png) and write `/images/chart.png`"
                }),
        );
    }
    if crate::support::text::nothing_to_read(&image.alt) && !decorative {
        problems.push(
            Diagnostic::error(Code::MissingAlt, format!("the image `{dest}` has no alt text"))
                .with_hint(format!("describe it between the brackets for people who cannot see it, `![A family walking on a beach]({dest})`; if it is only decoration, write `![]({dest} \"{}\")`", markdown::DECORATIVE)),
        );
    } else if decorative && !crate::support::text::nothing_to_read(&image.alt) {
        problems.push(
            Diagnostic::error(Code::MissingAlt, format!("the image `{dest}` is marked decorative but has alt text"))
                .with_hint("a decorative image is skipped by screen readers: remove the alt text, or remove the `\"decorative\"` title if the image says something"),
        );
    }
    if let Some(kind) = not_a_picture(dest) {
        // `![Our leaflet](leaflet.pdf)`: an `<img>` of a document or a video shows nothing.
        problems.push(
            Diagnostic::error(
                Code::BadImage,
                format!("the image `{dest}` is {kind}, not a picture: a browser shows nothing for it in an image"),
            )
            .with_hint(format!(
                "link to it instead, without the `!`: `[{}]({dest})`",
                if image.alt.trim().is_empty() { "Our leaflet" } else { image.alt.trim() }
            )),
        );
        return problems;
    }
    match target {
        None => problems.push(
            Diagnostic::error(Code::MissingImage, missing_message(page, dest, files))
                .with_hint(missing_hint(page, dest, files)),
        ),
        Some(Some(local)) => {
            if let Some(problem) = known.get(&local.output).and_then(|k| k.problem.as_ref()) {
                problems.push(
                    Diagnostic::error(Code::BadImage, format!("the image `{dest}` {problem}"))
                        .with_hint("save it again from an image editor as JPEG or PNG (8 bits a channel, no larger than the page needs), or replace it"),
                );
            }
        }
        Some(None) => {}
    }
    problems
}

/// What the file at `dest` is, by its extension, when it is a document, a recording or a video
/// rather than a picture (`a PDF`); `None` for a picture or an extension not known here.
pub(crate) fn not_a_picture(dest: &str) -> Option<&'static str> {
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "pdf" => "a PDF",
        "doc" | "docx" | "odt" | "rtf" | "txt" | "md" | "epub" => "a document",
        "xls" | "xlsx" | "ods" | "csv" => "a spreadsheet",
        "ppt" | "pptx" | "odp" => "a presentation",
        "mp3" | "m4a" | "wav" | "ogg" | "oga" | "flac" => "a recording",
        "mp4" | "m4v" | "mov" | "webm" | "avi" | "mkv" => "a video",
        "html" | "htm" => "a web page",
        "zip" => "a zip file",
        _ => return None,
    })
}

/// What is wrong with the image `dest` that is no file of the site. Only a bundle's folder
/// (one holding an `index.md`) has its files published: beside any other page a file is not,
/// so "not beside this page" would not be true of one that is there.
fn missing_message(page: &SourcePage, dest: &str, files: &Files) -> String {
    if at_the_top_as_a_home_page(&page.rel_path) && !dest.starts_with('/') {
        format!(
            "the image `{dest}` is not a file of the site: it is not a static file, and no file beside `{}` in content/ is published",
            page.rel_path
        )
    } else if in_a_bundle(page, files) {
        format!(
            "the image `{dest}` does not exist: it is neither beside this page nor a static file"
        )
    } else {
        format!(
            "the image `{dest}` is not a file of the site: it is not a static file, and a page that is not a bundle (`index.md` in a folder of its own) publishes no file beside it"
        )
    }
}

/// Whether `page` is in a bundle's folder (its `index.md`, or a translation or another page
/// beside it), whose files are published.
fn in_a_bundle(page: &SourcePage, files: &Files) -> bool {
    page.rel_path
        .rfind('/')
        .is_some_and(|cut| files.bundles.folders.contains(&page.rel_path[..=cut]))
}

/// Where the missing image `dest` may be, or where to put it.
fn missing_hint(page: &SourcePage, dest: &str, files: &Files) -> String {
    let name = dest.rsplit('/').next().unwrap_or(dest);
    match files.named(name).first() {
        // Written as a Markdown address: `/my%20photos/beach%3F.png` (a `?` would start a query).
        Some(Written::Static(path)) => format!(
            "the static file `{path}` has that name: write `/{}`",
            urls::encode_path(path)
        ),
        Some(Written::Bundle(source)) => format!(
            "{CONTENT_DIR}/{source} has that name: from this page write `{}`",
            urls::encode_path(&urls::source_path_from(&page.rel_path, source))
        ),
        // A path from the site's root names a file of static/, folders and all.
        None if dest.starts_with('/') => {
            format!("put the file at `static{dest}`, or fix the path")
        }
        // `content/index.md`: not the home page, and no bundle (its folder would be all of
        // content/); nor would `content/index/index.md` be the home page.
        None if at_the_top_as_a_home_page(&page.rel_path) => {
            crate::site::bundles::home_page_file_help(name, "images")
        }
        None if page.rel_path.ends_with("/index.md") && in_a_bundle(page, files) => {
            format!(
                "put `{dest}` beside this page's index.md (paths are relative to it), or under static/ and write `/{name}`"
            )
        }
        // A translation (`index.mi.md`) or another page in a bundle's folder: its files are
        // the bundle's; "make this page a bundle" would name a folder `index.mi/`.
        None if in_a_bundle(page, files) => {
            let folder = page
                .rel_path
                .rsplit_once('/')
                .map_or("", |(folder, _)| folder);
            format!(
                "put `{dest}` in this page's folder, {CONTENT_DIR}/{folder}/ (paths are relative to it), or under static/ and write `/{name}`"
            )
        }
        // `_index.md` (Hugo's) or `Index.md`: no bundle's page, so an image beside it is not
        // the page's (see `home::check_index_files`).
        None if let Some(help) =
            crate::site::bundles::index_page_file_help(&page.rel_path, name, "images") =>
        {
            help
        }
        None => {
            let stem = page.rel_path.trim_end_matches(".md");
            format!(
                "put it under static/ (static/images/{name}) and write `/images/{name}`, or make this page a bundle: move it to {CONTENT_DIR}/{stem}/index.md with `{name}` beside it"
            )
        }
    }
}

/// The relative URL of the file at `path` from the page at `url`: just its name when it is
/// beside the page (a bundle's file).
/// Encoded for a URL: `my photo.jpg` is `my%20photo.jpg`.
fn relative(url: &str, path: &str) -> String {
    let path = urls::encode_path(path);
    match path.strip_prefix(url) {
        Some(name) if !url.is_empty() => name.to_string(),
        _ => urls::relative(url, &path),
    }
}

/// The `<img>` for `image` (the `index`th of its page, on the page at `url`).
fn img(
    image: &Image,
    index: usize,
    url: &str,
    target: Option<&Option<Local>>,
    known: &HashMap<String, Known>,
) -> String {
    let decorative = markdown::is_decorative(&image.title);
    let local = target.and_then(Option::as_ref);
    let info = local.and_then(|l| known.get(&l.output));
    let mut src = match local {
        Some(local) => relative(url, &local.output),
        None => urls::encode_href(&image.dest),
    };
    let mut size = info.and_then(|k| k.picture).map(|p| (p.width, p.height));
    let mut srcset = String::new();
    if let (Some(info), Some((w, h))) = (info, size)
        && let Some((largest, path)) = info.copies.last()
    {
        src = relative(url, path);
        size = Some((*largest, resize::scaled_height(w, h, *largest)));
        srcset = info
            .copies
            .iter()
            .map(|(width, path)| format!("{} {width}w", relative(url, path)))
            .collect::<Vec<_>>()
            .join(", ");
    }
    let mut html = String::from("<img src=\"");
    escape::html(&src, &mut html);
    html.push_str("\" alt=\"");
    if !decorative {
        escape::html(image.alt.trim(), &mut html);
    }
    html.push('"');
    if !decorative && !image.figure && !image.title.trim().is_empty() {
        html.push_str(" title=\"");
        escape::html(&image.title, &mut html);
        html.push('"');
    }
    if let Some((w, h)) = size {
        html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    if !srcset.is_empty() {
        html.push_str(" srcset=\"");
        escape::html(&srcset, &mut html);
        // The default theme's text column: the window less its margins on a phone, 40rem on a
        // wider screen.
        html.push_str("\" sizes=\"(max-width: 42rem) calc(100vw - 2rem), 40rem\"");
    }
    if index > 0 {
        html.push_str(" loading=\"lazy\" decoding=\"async\"");
    }
    html.push('>');
    html
}

#[cfg(test)]
mod tests {
    use crate::support::urls::source_path_from as from_markdown;

    #[test]
    fn paths_from_the_markdown_files_folder() {
        assert_eq!(from_markdown("a/b.md", "a/x.png"), "x.png");
        assert_eq!(from_markdown("a/b/index.md", "a/b/x.png"), "x.png");
        assert_eq!(from_markdown("a/b.md", "c/d/x.png"), "../c/d/x.png");
        assert_eq!(from_markdown("top.md", "c/x.png"), "c/x.png");
        assert_eq!(from_markdown("a/b/c.md", "x.png"), "../../x.png");
        assert_eq!(from_markdown("a/b/c.md", "a/x/y.png"), "../x/y.png");
    }
}
