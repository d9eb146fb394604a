//! Which folders a build may replace: never one whose loss would lose the user's work.
//!
//! The output folder may not be the site itself or hold its sources, and a non-empty folder
//! that attach-gen did not make (it leaves a marker file) is refused unless forced, because
//! replacing it deletes what is in it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::layout::{self, OUTPUT_MARKER};
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::source::absolute_resolved;

/// Refuses output folders whose replacement would lose the user's work, whatever `force` says:
/// the file system's root, the home folder, the site's folder, a folder holding any of them
/// or any of the site's `sources` ([`Config::source_paths`](crate::config::Config::source_paths),
/// relative to `root`), and a folder inside a source folder.
/// Every path is compared fully resolved (links followed), so a link cannot disguise one.
/// Without `force`, a non-empty folder that attach-gen did not make is refused too.
///
/// Gives the output folder resolved: when `output` is a link (to a web root, say), the site is
/// built into its target.
pub fn check_output_dir(
    root: &Path,
    sources: &[PathBuf],
    output: &Path,
    force: bool,
) -> Result<PathBuf, Diagnostic> {
    let refuse = |why: String| {
        Diagnostic::error(
            Code::OutputDir,
            format!("refusing to write the site to {}: {why}", output.display()),
        )
        .with_hint("pass another folder with --output, such as --output output")
    };
    if fs::symlink_metadata(output).is_ok_and(|m| m.file_type().is_symlink())
        && fs::metadata(output).is_err()
    {
        // Building would replace the link with a folder, and the site would never reach
        // where the link points.
        let target = fs::read_link(output).unwrap_or_default();
        return Err(Diagnostic::error(
            Code::OutputDir,
            format!(
                "refusing to write the site to {}: it is a link to {}, which does not exist (or links loop)",
                output.display(),
                target.display()
            ),
        )
        .with_hint("create the folder it points to, or remove the link"));
    }
    let out = absolute_resolved(output).map_err(refuse)?;
    let root = absolute_resolved(root).map_err(refuse)?;
    if let Some(why) = protected(&out, &root).or_else(|| source_inside(&out, &root, sources)) {
        return Err(refuse(why));
    }
    if out.join(layout::CONFIG_FILE).exists() || out.join(layout::CONTENT_DIR).exists() {
        return Err(refuse(
            "it holds a site.yaml or content/ folder, so it looks like a site, not output".into(),
        ));
    }
    if out.exists() && !out.is_dir() {
        return Err(refuse("it is a file, not a folder".into()));
    }
    if !force
        && out.is_dir()
        && !out.join(OUTPUT_MARKER).exists()
        && fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some())
    {
        return Err(Diagnostic::error(
            Code::OutputDir,
            format!(
                "refusing to replace {}: it is not empty and attach-gen did not create it",
                output.display()
            ),
        )
        .with_hint("empty it, choose another --output folder, or pass --force to replace it"));
    }
    Ok(out)
}

/// Why `out` (resolved) may never be replaced: it is the file system's root, or is or holds
/// the home folder or the site's folder (`root`, resolved).
fn protected(out: &Path, root: &Path) -> Option<String> {
    if out.parent().is_none() {
        return Some("it is the file system's root".into());
    }
    if let Some(home) = std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .and_then(|home| absolute_resolved(Path::new(&home)).ok())
    {
        if home == out {
            return Some("it is your home folder".into());
        }
        if home.starts_with(out) {
            return Some(format!("it contains your home folder ({})", home.display()));
        }
    }
    if out == root {
        return Some("it is the site's own folder, which holds its sources".into());
    }
    if root.starts_with(out) {
        return Some("it contains the site's folder, which holds its sources".into());
    }
    None
}

/// Why `out` may not be replaced because of one of the site's `sources`: it is one, holds
/// one, or is inside one (or inside the folder of a bibliography or style file kept in a
/// folder of its own).
fn source_inside(out: &Path, root: &Path, sources: &[PathBuf]) -> Option<String> {
    for source in sources {
        let written = root.join(source);
        let Ok(resolved) = absolute_resolved(&written) else {
            continue;
        };
        let name = source.display().to_string();
        let name = if layout::SOURCE_DIRS.contains(&name.as_str()) {
            format!("{name}/ folder")
        } else {
            name
        };
        // A linked source: say where it leads, since that is not the path the user sees.
        let via = if resolved == written {
            String::new()
        } else {
            format!(" (a link to {})", resolved.display())
        };
        if resolved == out {
            return Some(format!(
                "it is the site's {name}{via}, which the build reads"
            ));
        }
        if resolved.starts_with(out) {
            return Some(format!(
                "it contains the site's {name}{via}, which the build reads"
            ));
        }
        if out.starts_with(&resolved) {
            return Some(format!(
                "it is inside the site's {name}{via}, which the build reads"
            ));
        }
        // A bibliography or style file in a folder of its own (refs/library.bib): that folder
        // is a source folder too.
        if let Some(folder) = resolved.parent().filter(|_| resolved.is_file())
            && !root.starts_with(folder)
            && out.starts_with(folder)
        {
            return Some(format!(
                "it is inside {}, the folder of the site's {name}{via}",
                folder.display()
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_resolved_before_they_are_judged() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content")).ok();
        fs::write(root.join("site.yaml"), "title: T\n").ok();
        for (output, refused) in [
            (root.join("."), true),
            (root.join("content/../.."), true),
            (root.join("new/../.."), true),
            (root.join("static/out"), true),
            (root.join("output"), false),
            (dir.path().join("elsewhere/deeper"), false),
        ] {
            assert_eq!(
                check_output_dir(
                    &root,
                    &[root.join("content"), root.join("static")],
                    &output,
                    false
                )
                .is_err(),
                refused,
                "{}",
                output.display()
            );
        }
    }
}
