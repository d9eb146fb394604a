//! The last step of a run: every file of the site rendered into an [`Output`], then the page
//! bundles' files, resized images and static files copied beside them.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::layout::OUTPUT_MARKER;
use crate::output::{Output, StopAtFirstError};
use crate::pipeline::Progress;
use crate::render::{self, StaticFiles, StaticSource, Theme};
use crate::site::{AssetSource, Site};
use crate::support::diagnostic::Diagnostic;

/// Renders every file of `site` into `out`: the generated files first, then the static files.
/// A static file at the path of a generated one is not copied (the generated file is built
/// from the site as it is now; a copy would go stale unnoticed): that is a warning naming both.
/// A static file where a generated folder goes, or the other way round, is an error. Gives the
/// number of files written and those warnings. The first write that fails stops the rest and
/// is the only error reported.
pub fn write_site(
    site: &Site,
    theme: &Theme,
    statics: &StaticFiles,
    out: &dyn Output,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    let out = StopAtFirstError::new(out);
    let total = site.pages.len() + site.categories.len() + 4;
    let done = AtomicUsize::new(0);
    let generated = Mutex::new(HashSet::from([OUTPUT_MARKER.to_string()]));
    let mut theme = theme.clone();
    // The 404 page is served at any address, where a relative stylesheet link cannot work.
    theme.inline_styles = statics.text("style.css");
    let rendered = render::render_site(site, theme, render::Which::Everything, &|path, bytes| {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress(Progress::Rendering {
            done: n,
            total: total.max(n),
        });
        generated
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_string());
        out.write(path, bytes)
    });
    if let Some(first) = out.take() {
        return Err(vec![first]);
    }
    let mut files = rendered?;
    let generated = generated.into_inner().unwrap_or_else(|p| p.into_inner());
    let copies = statics.against_generated(&site.config.root, &generated);
    if !copies.errors.is_empty() {
        return Err(copies.errors);
    }
    // Bundles' files and resized images; the site model checked their paths.
    for asset in &site.assets {
        let copied = match &asset.from {
            AssetSource::File(path) => out.copy_file(&asset.output, path),
            AssetSource::Bytes(bytes) => out.write(&asset.output, bytes),
        };
        if copied.is_err() {
            break;
        }
        files += 1;
    }
    for (rel, from) in copies.copy {
        let copied = match from {
            StaticSource::Builtin(bytes) => out.write(rel, bytes),
            StaticSource::File(path) => out.copy_file(rel, path),
        };
        if copied.is_err() {
            break;
        }
        files += 1;
    }
    match out.take() {
        Some(first) => Err(vec![first]),
        None => Ok((files, copies.warnings)),
    }
}
