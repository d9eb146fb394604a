//! Reading `content/`: every Markdown file, in parallel, in a stable order (sorted by path)
//! whatever order the file system lists them in.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::layout::CONTENT_DIR;
use crate::content::{SourcePage, parse_file_page};
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::source;
use crate::support::text::nfc;

/// What reading `content/` found: the pages (drafts left out unless asked for) and every
/// problem.
pub struct LoadedPages {
    pub pages: Vec<SourcePage>,
    /// Source paths (under `content/`) of drafts left out of this build.
    pub drafts_left_out: Vec<String>,
    /// For `check`: the aliases of drafts left out lead nowhere on the published site.
    pub draft_aliases: Vec<Diagnostic>,
    /// Source paths (under `content/`) of pages that could not be read or whose front matter
    /// is broken: their errors are among `diagnostics`, and links to them are not broken links.
    pub unreadable: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every other file under `content/` (images, PDFs): path under `content/` and full path,
    /// sorted. The site publishes those of page bundles (see `site::bundles`).
    pub files: Vec<(String, PathBuf)>,
}

/// What reading one page gives.
type PageResult = Result<SourcePage, Vec<Diagnostic>>;

/// Pages already read, kept by `serve` between builds: a file whose bytes have not changed is
/// not parsed again.
#[derive(Default)]
pub struct ParsedPageCache {
    /// Path → (the file's bytes, what they gave).
    files: HashMap<PathBuf, (Vec<u8>, Arc<PageResult>)>,
}

/// The error for a site (at `root`, as given: relative to where attach-gen runs) with no
/// `content/` folder. Its site would have no pages, and a build would replace the output with
/// an empty site, so it is an error: the folder is most often named otherwise (`Content/`,
/// Jekyll's `_posts/`) or attach-gen was pointed at the wrong site. A `content/` folder with
/// no pages in it is a site not yet written, and fine.
fn no_content(root: &Path) -> Diagnostic {
    let looked = if root.as_os_str().is_empty() || root == Path::new(".") {
        format!("{CONTENT_DIR}/")
    } else {
        let root = root.display().to_string();
        crate::support::diagnostic::printable_message(&format!(
            "{}/{CONTENT_DIR}/",
            root.trim_end_matches('/')
        ))
    };
    let here = if looked == format!("{CONTENT_DIR}/") {
        " in this folder"
    } else {
        ""
    };
    // A folder of another name that may hold the pages.
    let near = [
        "Content", "CONTENT", "contents", "Contents", "pages", "posts", "_posts",
    ]
    .into_iter()
    .find(|name| root.join(name).is_dir());
    let hint = match near {
        // Case is named only when it is what differs (`Content/`), not for `pages/`.
        Some(name) if name.eq_ignore_ascii_case(CONTENT_DIR) => format!(
            "attach-gen reads pages from `{CONTENT_DIR}/`, in small letters: if the pages are in `{name}/`, rename it to `{CONTENT_DIR}` (where names differ only in case, through another name)"
        ),
        Some(name) => format!(
            "attach-gen reads pages from `{CONTENT_DIR}/`: if the pages are in `{name}/`, rename it to `{CONTENT_DIR}`"
        ),
        None => format!(
            "run attach-gen in the site's folder (the one holding site.yaml and {CONTENT_DIR}/), or pass --root DIR; for a site with no pages yet, create the folder (`mkdir {}`) and start a page with `attach-gen new \"Title\"`",
            crate::support::escape::shell_path(looked.trim_end_matches('/'))
        ),
    };
    Diagnostic::error(
        Code::NoContent,
        format!(
            "there is no folder {looked}{here}, where the site's pages go, so the site would have no pages"
        ),
    )
    .with_hint(hint)
}

/// Reads every `content/**/*.md` of the site at `root`.
pub fn load(root: &Path, include_drafts: bool) -> LoadedPages {
    load_cached(root, include_drafts, None)
}

/// [`load`], reusing (and then refreshing) what `cache` holds.
pub fn load_cached(
    root: &Path,
    include_drafts: bool,
    cache: Option<&mut ParsedPageCache>,
) -> LoadedPages {
    let content = root.join(CONTENT_DIR);
    let mut diagnostics = Vec::new();
    if !content.is_dir() {
        diagnostics.push(no_content(root));
    }
    // One walk finds the pages and the other files (those of page bundles are published).
    // Links out of the site, links to folders and special files are skipped with a warning
    // (see `source`), whatever their name; hidden files and folders are neither.
    let found = source::walk(
        root,
        &content,
        &source::Rules {
            hidden: source::Hidden::Skip,
            wanted: |_| true,
        },
    );
    diagnostics.extend(found.diagnostics);
    let (pages, others): (Vec<_>, Vec<_>) = found
        .files
        .into_iter()
        .partition(|(_, path)| path.extension().is_some_and(|ext| ext == "md"));
    diagnostics.extend(
        others
            .iter()
            .filter_map(|(_, path)| named_like_a_page(root, path)),
    );
    // Each page's path under `content/` is the walk's (`source::walk` found it once), in NFC
    // like the links to it: macOS may store `Whānau.md` decomposed while an editor types the
    // link composed.
    let (rels, files): (Vec<String>, Vec<PathBuf>) = pages
        .into_iter()
        .map(|(rel, path)| (nfc(&rel), path))
        .unzip();
    let other_files = others
        .into_iter()
        .map(|(rel, path)| (nfc(&rel), path))
        .collect();
    let results = match cache {
        None => files
            .par_iter()
            .zip(&rels)
            .map(|(path, rel)| read_page(root, path, rel))
            .collect(),
        Some(cache) => read_with_cache(root, &files, &rels, cache),
    };
    let mut loaded = LoadedPages {
        pages: Vec::with_capacity(results.len()),
        drafts_left_out: Vec::new(),
        draft_aliases: Vec::new(),
        unreadable: Vec::new(),
        diagnostics,
        files: other_files,
    };
    for (rel, result) in rels.into_iter().zip(results) {
        match result {
            Ok(page) if page.front.draft && !include_drafts => {
                loaded.draft_aliases.extend(draft_aliases(&page));
                loaded.drafts_left_out.push(page.rel_path)
            }
            Ok(mut page) => {
                loaded.diagnostics.append(&mut page.warnings);
                loaded.pages.push(page);
            }
            Err(mut errors) => {
                loaded.unreadable.push(rel);
                loaded.diagnostics.append(&mut errors);
            }
        }
    }
    loaded
}

/// A warning for a file named like a page that is not read as one (`Sleep.MD`,
/// `sleep.markdown`, `sleep.md.txt`, `sleep.md ` with a space): an editor expects it on the site.
/// The name it suggests changes only the extension (`Sleep.MD` → `Sleep.md`), except a
/// bundle's page in any case (`INDEX.MD` → `index.md`), which is a bundle only so.
fn named_like_a_page(root: &Path, path: &Path) -> Option<Diagnostic> {
    let name = path.file_name()?.to_string_lossy();
    let (stem, ext) = name.trim_end().rsplit_once('.')?;
    let ends_md = |stem: &str| {
        stem.len()
            .checked_sub(3)
            .and_then(|at| stem.get(at..))
            .is_some_and(|end| end.eq_ignore_ascii_case(".md"))
    };
    let page_like = matches!(
        ext.to_lowercase().as_str(),
        "md" | "markdown" | "mdown" | "mkd" | "mkdn"
    ) || (matches!(ext.to_lowercase().as_str(), "txt" | "bak") && ends_md(stem));
    if !page_like || stem.is_empty() {
        return None;
    }
    let mut stem = stem;
    while ends_md(stem) {
        stem = &stem[..stem.len() - 3];
    }
    let stem = if stem.eq_ignore_ascii_case("index") {
        "index"
    } else {
        stem
    };
    let wanted = format!("{stem}.md");
    Some(
        Diagnostic::warning(
            Code::NotAPage,
            format!("`{name}` is named like a page but is not read as one: only files whose names end in `.md` are pages"),
        )
        .in_file(source::shown(root, path))
        .with_hint(format!("rename it to `{wanted}` to publish it (or move it out of content/ if it is not a page)")),
    )
}

/// A warning when `page`, a draft left out, has aliases: its old addresses lead nowhere until
/// it is published.
fn draft_aliases(page: &SourcePage) -> Option<Diagnostic> {
    let first = page.front.aliases.first()?;
    let d = Diagnostic::warning(
        Code::Alias,
        format!(
            "this page is a draft, so its aliases ({}) lead nowhere on the published site",
            page.front.aliases.join(", ")
        ),
    )
    .with_hint("publish the page (take out `draft: true`), or move its aliases to the page that replaces it");
    Some(page.diagnostic_at_value(d, "aliases", first))
}

/// Reads `files` (whose paths under `content/` are `rels`), parsing only those whose bytes
/// differ from what `cache` holds, and keeps what they gave in `cache` for the next time.
fn read_with_cache(
    root: &Path,
    files: &[PathBuf],
    rels: &[String],
    cache: &mut ParsedPageCache,
) -> Vec<PageResult> {
    type Read = (Option<Vec<u8>>, Arc<PageResult>);
    let read: Vec<Read> = files
        .par_iter()
        .zip(rels)
        .map(|(path, rel)| {
            let Ok(bytes) = source::read(path) else {
                return (None, Arc::new(read_page(root, path, rel)));
            };
            match cache.files.get(path) {
                Some((old, result)) if *old == bytes => (Some(bytes), result.clone()),
                _ => {
                    let result = parse_file_page(
                        &display_path(root, path),
                        rel.clone(),
                        bytes.clone(),
                        path,
                    );
                    (Some(bytes), Arc::new(result))
                }
            }
        })
        .collect();
    let results = read
        .par_iter()
        .map(|(_, result)| Result::clone(result))
        .collect();
    cache.files = files
        .iter()
        .cloned()
        .zip(read)
        .filter_map(|(path, (bytes, result))| Some((path, (bytes?, result))))
        .collect();
    results
}

/// `path` below `root`, as messages show it: what `path.strip_prefix(root)` gives.
fn display_path(root: &Path, path: &Path) -> PathBuf {
    below_plainly(root, path)
        .unwrap_or_else(|| path.strip_prefix(root).unwrap_or(path))
        .to_path_buf()
}

/// What `path.strip_prefix(root)` gives, found from their text when `path` is written as
/// `root`, a `/` and a path that starts and ends with a name (as the walk makes each file's
/// path); `None` for any other. std's `strip_prefix` compares the two part by part, which for
/// every page of a build was more than reading its path below `content/`. Below a plain `/`
/// their parts are the root's then the rest's, so the rest is what `strip_prefix` keeps.
fn below_plainly<'a>(root: &Path, path: &'a Path) -> Option<&'a Path> {
    let (root, path) = (root.to_str()?, path.to_str()?);
    let rest = path.strip_prefix(root)?.strip_prefix('/')?;
    let names_at_ends = !root.is_empty()
        && !root.ends_with('/')
        && !rest.is_empty()
        && !rest.starts_with('/')
        && !rest.starts_with("./")
        && rest != "."
        && !rest.ends_with('/')
        && !rest.ends_with("/.");
    (cfg!(unix) && names_at_ends).then(|| Path::new(rest))
}

/// Reads the page at `path`, whose path under `content/` is `rel`.
fn read_page(root: &Path, path: &Path, rel: &str) -> PageResult {
    let shown = display_path(root, path);
    let bytes = source::read(path).map_err(|e| {
        vec![
            e.diagnostic(Code::Io, "cannot read this file: ")
                .in_file(&shown),
        ]
    })?;
    parse_file_page(&shown, rel.to_string(), bytes, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_below_its_root_is_what_strip_prefix_gives() {
        let roots = [
            "site",
            ".",
            "..",
            "./site",
            "/abs/site",
            "a//b",
            "a/.",
            "site/",
            "/",
            "",
        ];
        let rests = [
            "content/sleep.md",
            "content/a//b.md",
            "content/./b.md",
            "./content/x.md",
            "/content/x.md",
            "content/x.md/",
            "content/.",
            ".",
            "x",
            "",
        ];
        for root in roots {
            for rest in rests {
                for path in [format!("{root}/{rest}"), format!("{root}{rest}")] {
                    let (root, path) = (Path::new(root), Path::new(&path));
                    let slow = path.strip_prefix(root).unwrap_or(path);
                    assert_eq!(
                        display_path(root, path).as_os_str(),
                        slow.as_os_str(),
                        "{path:?}"
                    );
                }
            }
        }
    }
}
