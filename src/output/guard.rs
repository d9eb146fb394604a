//! Which folders a build may replace: never one whose loss would lose the user's work.
//!
//! The output folder may not be the site itself or hold its sources, and a non-empty folder
//! that attach-gen did not make (it leaves a marker file) is refused unless forced, because
//! replacing it deletes what is in it.
//!
//! Some folders are refused even when forced, because no site's output is ever there: the
//! system's own folders (`/dev`, `/etc`, `/usr`, ...) and what holds them, a folder holding
//! special files or a mount point (attach-gen writes neither), and a repository (a `.git`
//! in or above it). And `--force` does not reach through a link out of the site that the site's
//! folder holds (`output -> /elsewhere`, which a cloned site may commit): only a folder the user
//! named with `--output` is replaced by force.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::layout::{self, OUTPUT_MARKER};
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::source::{VCS_DIRS, absolute_resolved, kind};

/// Refuses output folders whose replacement would lose the user's work, whatever `force` says:
/// the file system's root, the home folder, the site's folder, a folder holding any of them
/// or any of the site's `sources` ([`Config::source_paths`](crate::config::Config::source_paths),
/// relative to `root`), and a folder inside a source folder.
/// Every path is compared fully resolved (links followed), so a link cannot disguise one.
/// Without `force`, a non-empty folder that attach-gen did not make is refused too.
///
/// `named` says the user named `output` (`--output`); otherwise it is the site's `output/`,
/// and `force` does not apply when that leads out of the site.
///
/// Gives the output folder resolved: when `output` is a link (to a web root, say), the site is
/// built into its target.
pub fn check_output_dir(
    root: &Path,
    sources: &[PathBuf],
    output: &Path,
    force: bool,
    named: bool,
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
    if let Some(why) = protected(&out, &root) {
        return Err(refuse(why));
    }
    if let Some(why) = system_folder(&out) {
        return Err(refuse(why).with_hint(
            "pass a folder of its own with --output, such as --output output, or one below this folder (--output /var/www/site)",
        ));
    }
    if let Some(why) = source_inside(&out, &root, sources) {
        return Err(refuse(why));
    }
    if let Some(why) = repository(&out) {
        return Err(refuse(why).with_hint(REPOSITORY_HINT));
    }
    if out.join(layout::CONFIG_FILE).exists() || out.join(layout::CONTENT_DIR).exists() {
        return Err(refuse(
            "it holds a site.yaml or content/ folder, so it looks like a site, not output".into(),
        ));
    }
    if out.exists() && !out.is_dir() {
        return Err(refuse("it is a file, not a folder".into()));
    }
    let foreign = out.is_dir()
        && !out.join(OUTPUT_MARKER).exists()
        && fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some());
    if !foreign {
        return Ok(out);
    }
    // Said before "not empty", so that the advice is not to force what force cannot do.
    if let Some((why, hint)) = never_output(&out) {
        return Err(refuse(why).with_hint(hint));
    }
    if force && !named && !out.starts_with(&root) {
        // A link the site's folder holds (a cloned site may commit one) decides nothing for
        // the user: what it leads to is replaced only when named.
        return Err(Diagnostic::error(
            Code::OutputDir,
            format!(
                "refusing to replace {}: it is a link to {}, a folder outside the site that is not empty and that attach-gen did not create; --force replaces such a folder only when you name it with --output",
                output.display(),
                out.display()
            ),
        )
        .with_hint(format!(
            "if you mean to replace it, run again with --output {} --force; otherwise remove the link `{}`",
            out.display(),
            output.display()
        )));
    }
    if !force {
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

/// Folders of the system that are never an output, nor is a folder that holds one (the
/// folders below them may be: `/var/www/site`, `/srv/www/site`, `/tmp/x`, `/dev/shm/x`).
const SYSTEM_FOLDERS: &[&str] = &[
    "/bin",
    "/boot",
    "/dev",
    "/dev/shm",
    "/etc",
    "/home",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/snap",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/include",
    "/usr/lib",
    "/usr/lib32",
    "/usr/lib64",
    "/usr/libexec",
    "/usr/libx32",
    "/usr/local",
    "/usr/local/bin",
    "/usr/local/lib",
    "/usr/local/sbin",
    "/usr/local/share",
    "/usr/sbin",
    "/usr/share",
    "/usr/src",
    "/var",
    "/var/backups",
    "/var/cache",
    "/var/lib",
    "/var/log",
    "/var/mail",
    "/var/spool",
    "/var/tmp",
    // macOS, where /etc, /var and /tmp resolve into /private.
    "/Applications",
    "/Library",
    "/System",
    "/Users",
    "/Volumes",
    "/private",
    "/private/etc",
    "/private/tmp",
    "/private/var",
];

/// System folders where no folder at any depth is an output: device nodes, the kernel's
/// files, settings and programs. `/dev/shm` (a RAM disk) is the exception: `/dev/shm/x` is fine.
const SYSTEM_TREES: &[&str] = &[
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/proc",
    "/sbin",
    "/sys",
    "/usr/bin",
    "/usr/include",
    "/usr/lib",
    "/usr/lib32",
    "/usr/lib64",
    "/usr/libexec",
    "/usr/libx32",
    "/usr/sbin",
    "/System",
    "/private/etc",
];

/// Why `out` (resolved) may never be replaced because the system owns it: it is, holds or (in
/// one of the [`SYSTEM_TREES`]) is inside a system folder.
fn system_folder(out: &Path) -> Option<String> {
    for folder in SYSTEM_FOLDERS.iter().map(Path::new) {
        if out == folder {
            return Some(format!(
                "it is the system folder {}, which holds the computer's own files",
                folder.display()
            ));
        }
        if folder.starts_with(out) {
            return Some(format!(
                "it contains the system folder {}, which holds the computer's own files",
                folder.display()
            ));
        }
    }
    let shm = Path::new("/dev/shm");
    SYSTEM_TREES
        .iter()
        .map(Path::new)
        .find(|tree| out.starts_with(tree) && !out.starts_with(shm))
        .map(|tree| {
            format!(
                "it is inside the system folder {}, which holds the computer's own files",
                tree.display()
            )
        })
}

/// Why `out` (resolved) is part of a repository's own data, or holds a repository: it is or
/// is inside a `.git` (`.hg`, `.svn`) folder, or holds one.
fn repository(out: &Path) -> Option<String> {
    if let Some(vcs) = out
        .components()
        .map(|c| c.as_os_str())
        .find(|name| VCS_DIRS.iter().any(|v| name == v))
    {
        return Some(format!(
            "it is inside a {} folder, where version control keeps a repository's history",
            vcs.to_string_lossy()
        ));
    }
    VCS_DIRS
        .iter()
        .find(|vcs| fs::symlink_metadata(out.join(vcs)).is_ok())
        .map(|vcs| {
            format!(
                "it holds a {vcs} folder, so it is a repository, and replacing it would delete the repository's history"
            )
        })
}

const REPOSITORY_HINT: &str = "build into a folder of its own, such as --output output, and copy the files into the repository from there";

/// Why the folder `out` (resolved; not attach-gen's) can be no site's output, and what to do:
/// somewhere inside it is a special file (a device, socket or named pipe), a mount point, or a
/// repository. Links are not followed.
fn never_output(out: &Path) -> Option<(String, &'static str)> {
    const SPECIAL_HINT: &str = "attach-gen only writes ordinary files and folders: pass a folder of the site's own, such as --output output";
    #[cfg(unix)]
    use std::os::unix::fs::MetadataExt;
    #[cfg(unix)]
    let device = fs::metadata(out).ok().map(|m| m.dev());
    for entry in walkdir::WalkDir::new(out).min_depth(1).sort_by_file_name() {
        // What cannot be read is left for the removal to report.
        let Ok(entry) = entry else { continue };
        let shown = entry.path().display();
        let file_type = entry.file_type();
        if VCS_DIRS.iter().any(|vcs| entry.file_name() == *vcs) {
            return Some((
                format!(
                    "it holds {shown}, a repository, and replacing it would delete the repository's history"
                ),
                REPOSITORY_HINT,
            ));
        }
        if !(file_type.is_file() || file_type.is_dir() || file_type.is_symlink()) {
            return Some((
                format!(
                    "it holds {shown}, which is {}, and attach-gen never writes one, so this folder is not a site's output",
                    kind(&file_type)
                ),
                SPECIAL_HINT,
            ));
        }
        #[cfg(unix)]
        if file_type.is_dir() && entry.metadata().ok().map(|m| m.dev()) != device {
            return Some((
                format!(
                    "it holds {shown}, a mount point (another disk), and replacing it would delete that disk's files"
                ),
                SPECIAL_HINT,
            ));
        }
    }
    None
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
        let folder_source = layout::SOURCE_DIRS.contains(&name.as_str());
        // A file setting that names the site's folder or one above it (`glossary: "."`) fails
        // with its own error at its line; refusing the output for it said "inside the site's
        // ." and asked for the same --output.
        if !folder_source && resolved.is_dir() && root.starts_with(&resolved) {
            continue;
        }
        let name = if folder_source {
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
    fn system_folders_and_what_holds_them_but_not_what_is_below_some() {
        for refused in [
            "/dev",
            "/dev/pts",
            "/dev/shm",
            "/etc",
            "/etc/nginx",
            "/usr",
            "/usr/lib/x",
            "/var",
            "/var/lib",
            "/srv",
            "/opt",
            "/root",
            "/run",
            "/proc/1",
            "/sys/kernel",
            "/tmp",
        ] {
            assert!(system_folder(Path::new(refused)).is_some(), "{refused}");
        }
        for allowed in [
            "/var/www",
            "/var/www/site",
            "/srv/www/site",
            "/opt/site",
            "/tmp/x",
            "/dev/shm/x",
            "/usr/share/nginx/html",
            "/home/me/site",
            "/run/user/1000/site",
        ] {
            assert_eq!(system_folder(Path::new(allowed)), None, "{allowed}");
        }
    }

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
                    false,
                    true
                )
                .is_err(),
                refused,
                "{}",
                output.display()
            );
        }
    }
}
