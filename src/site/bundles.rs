//! Page bundles: a page written as `content/guides/sleep/index.md` is its folder's page
//! (`guides/sleep/`), and the other files directly in that folder (`photo.jpg`, a PDF) are
//! published beside its HTML (`guides/sleep/photo.jpg`). Files in folders below it are not
//! part of it (such a folder may be a page or a bundle of its own).

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

/// The bundles' files: where each is published.
#[derive(Debug, Default)]
pub struct Bundles {
    /// Path under `content/` → output path.
    pub by_source: HashMap<String, String>,
    /// Output path → the file.
    pub by_output: HashMap<String, PathBuf>,
}

impl Bundles {
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
/// own `index.html`, is an error.
pub fn collect(
    sources: &[SourcePage],
    urls: &[String],
    files: &[(String, PathBuf)],
    static_files: &HashSet<String>,
    errors: &mut Vec<Diagnostic>,
) -> Bundles {
    let folders: HashMap<&str, &str> = sources
        .iter()
        .zip(urls)
        .filter(|(_, url)| !url.is_empty())
        .filter_map(|(page, url)| Some((page.rel_path.strip_suffix("index.md")?, url.as_str())))
        .filter(|(folder, _)| !folder.is_empty())
        .collect();
    let mut bundles = Bundles::default();
    if folders.is_empty() {
        return bundles;
    }
    for (rel, path) in files {
        let (folder, name) = match rel.rfind('/') {
            Some(cut) => rel.split_at(cut + 1),
            None => continue,
        };
        let Some(url) = folders.get(folder) else {
            continue;
        };
        let output = format!("{url}{name}");
        let clash = if static_files.contains(&output) {
            Some(format!("the static file `{output}`"))
        } else if name == "index.html" {
            Some("the page's own `index.html`".to_string())
        } else {
            folders_of(&output)
                .find(|f| static_files.contains(*f))
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
            continue;
        }
        bundles.by_source.insert(rel.clone(), output.clone());
        bundles.by_output.insert(output, path.clone());
    }
    bundles
}
