//! Writing the site: into a fresh sibling folder first, swapped into place only when every file
//! is written, so a failed or interrupted build never leaves a half-written site behind.
//!
//! The swap is one atomic exchange of the two folders where the system has one (Linux's
//! `renameat2(RENAME_EXCHANGE)`), so there is no moment at which the output folder is missing.
//! Elsewhere it is two renames; a build killed between them leaves the old output beside the
//! target, and the next build puts it back before doing anything else. Folders left behind by
//! killed builds (`.output.attach-gen-new-<pid>`, `.output.attach-gen-old-<pid>`) are removed by
//! the next build, once the process that made them is gone.
//!
//! The output folder is guarded: it may not be the site itself or hold its sources, and a
//! non-empty folder that attach-gen did not make (it leaves a marker file) is refused unless
//! forced, because replacing it deletes what is in it. Removing an old output never follows a
//! symbolic link out of it.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The file that marks a folder as attach-gen's output.
pub const MARKER: &str = ".attach-gen-output";

/// Folders of the site that a build reads: the output may not be inside them.
const SOURCE_DIRS: &[&str] = &["content", "static", "templates", "themes"];

/// Refuses output folders whose replacement would lose the user's work.
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Diagnostic::error(
            "output-dir",
            format!("refusing to write the site to {}: {why}", output.display()),
        )
        .with_hint("pass another folder with --output, such as --output output")
    };
    let out = absolute(output).map_err(refuse)?;
    let root = absolute(root).map_err(refuse)?;
    if out.parent().is_none() {
        return Err(refuse("it is the file system's root".into()));
    }
    let home = std::env::var_os("HOME").and_then(|home| absolute(Path::new(&home)).ok());
    if home.is_some_and(|home| home == out) {
        return Err(refuse("it is your home folder".into()));
    }
    if out == root {
        return Err(refuse(
            "it is the site's own folder, which holds its sources".into(),
        ));
    }
    if root.starts_with(&out) {
        return Err(refuse(
            "it contains the site's folder, which holds its sources".into(),
        ));
    }
    if let Some(dir) = SOURCE_DIRS
        .iter()
        .find(|dir| out.starts_with(root.join(dir)))
    {
        return Err(refuse(format!(
            "it is inside the site's {dir}/ folder, which the build reads"
        )));
    }
    if out.join(crate::config::CONFIG_FILE).exists()
        || out.join(crate::content::CONTENT_DIR).exists()
    {
        return Err(refuse(
            "it holds a site.yaml or content/ folder, so it looks like a site, not output".into(),
        ));
    }
    if out.exists() && !out.is_dir() {
        return Err(refuse("it is a file, not a folder".into()));
    }
    if !force
        && out.is_dir()
        && !out.join(MARKER).exists()
        && fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some())
    {
        return Err(Diagnostic::error(
            "output-dir",
            format!(
                "refusing to replace {}: it is not empty and attach-gen did not create it",
                output.display()
            ),
        )
        .with_hint("empty it, choose another --output folder, or pass --force to replace it"));
    }
    Ok(())
}

/// `path` made absolute with every symbolic link resolved, as the system will resolve it. The
/// part that does not exist yet is appended as written; it may not climb with `..` (what that
/// means depends on folders that are not there yet).
fn absolute(path: &Path) -> Result<PathBuf, String> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("cannot tell the current folder: {e}"))?
            .join(path)
    };
    let mut existing = path.as_path();
    let mut missing: Vec<OsString> = Vec::new();
    loop {
        if let Ok(resolved) = fs::canonicalize(existing) {
            let mut resolved = resolved;
            for part in missing.iter().rev() {
                resolved.push(part);
            }
            return Ok(resolved);
        }
        let last = existing.components().next_back();
        match (last, existing.parent()) {
            (Some(Component::Normal(name)), Some(parent)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            (Some(Component::CurDir), Some(parent)) => existing = parent,
            _ => {
                return Err(
                    "its path climbs with `..` through folders that do not exist".to_string(),
                );
            }
        }
    }
}

/// A folder being filled beside the real output folder.
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

/// The names of the folders a build makes beside `output`: `.output.attach-gen-new-<pid>`
/// (the new site being written) and `.output.attach-gen-old-<pid>` (the old one, on its way
/// out).
fn sibling_name(name: &str, kind: &str, pid: u32) -> String {
    format!(".{name}.attach-gen-{kind}-{pid}")
}

impl Staging {
    /// Creates the temporary folder next to `target` (same file system, so the swap is a rename),
    /// after tidying up what builds that were killed left there.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        recover(&parent, &name, target)?;
        let temp = parent.join(sibling_name(&name, "new", std::process::id()));
        if fs::symlink_metadata(&temp).is_ok() {
            remove(&temp)?;
        }
        fs::create_dir(&temp)?;
        let staging = Staging {
            target: target.to_path_buf(),
            temp,
            committed: false,
        };
        fs::write(
            staging.temp.join(MARKER),
            "This folder is written by attach-gen build; it is replaced on every build.\n",
        )?;
        Ok(staging)
    }

    /// Writes `bytes` to `rel` (a `/`-separated path) inside the new output.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.inside(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)
    }

    /// `rel` under the new output; an error if it would lead anywhere else.
    fn inside(&self, rel: &str) -> io::Result<PathBuf> {
        let rel = Path::new(rel);
        if rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} would be written outside the output folder",
                    rel.display()
                ),
            ));
        }
        Ok(self.temp.join(rel))
    }

    /// Copies the files under `from` into the output root (later copies overwrite earlier ones).
    pub fn copy_tree(&self, from: &Path) -> io::Result<usize> {
        let mut copied = 0;
        if !from.is_dir() {
            return Ok(0);
        }
        for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
            let entry = entry.map_err(io::Error::other)?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(from).map_err(io::Error::other)?;
            let dest = self.temp.join(rel);
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::copy(entry.path(), dest)?;
            copied += 1;
        }
        Ok(copied)
    }

    /// Puts the new output in place of the old one, then removes the old one.
    pub fn commit(mut self) -> io::Result<()> {
        if fs::symlink_metadata(&self.target).is_err() {
            fs::rename(&self.temp, &self.target)?;
            self.committed = true;
            return Ok(());
        }
        match exchange(&self.temp, &self.target) {
            Ok(()) => {
                // The new site is in place; `temp` now holds the old one.
                self.committed = true;
                // If this fails (or the build is killed now), the next build removes it.
                let _ = remove(&self.temp);
                return Ok(());
            }
            Err(e) if !exchange_unsupported(&e) => return Err(e),
            Err(_) => {}
        }
        let old = self.temp.with_file_name(sibling_name(
            &self
                .target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            "old",
            std::process::id(),
        ));
        fs::rename(&self.target, &old)?;
        if let Err(e) = fs::rename(&self.temp, &self.target) {
            let _ = fs::rename(&old, &self.target);
            return Err(e);
        }
        self.committed = true;
        let _ = remove(&old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove(&self.temp);
        }
    }
}

/// Removes a folder, or a file or symbolic link, without following links: removing a link
/// removes the link, never what it points to.
fn remove(path: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let meta = fs::symlink_metadata(path)?;
    if !meta.is_dir() {
        return fs::remove_file(path);
    }
    // An old site holds tens of thousands of files: its top-level entries go in parallel.
    // `symlink_metadata` and `remove_dir_all` never follow a link out of the folder.
    let entries: Vec<PathBuf> = fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.par_iter().try_for_each(|entry| {
        if fs::symlink_metadata(entry)?.is_dir() {
            fs::remove_dir_all(entry)
        } else {
            fs::remove_file(entry)
        }
    })?;
    fs::remove_dir(path)
}

/// Tidies up after builds of `parent/name` that were killed: puts back an old output that a
/// build moved aside and did not replace, and removes the other folders they left. Folders of
/// builds still running are left alone.
fn recover(parent: &Path, name: &str, target: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let new_prefix = format!(".{name}.attach-gen-new-");
    let old_prefix = format!(".{name}.attach-gen-old-");
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let (pid, is_old) = if let Some(pid) = file_name.strip_prefix(&new_prefix) {
            (pid, false)
        } else if let Some(pid) = file_name.strip_prefix(&old_prefix) {
            (pid, true)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || process_running(pid, &entry.path()) {
            continue;
        }
        leftovers.push((entry.path(), is_old));
    }
    leftovers.sort();
    if fs::symlink_metadata(target).is_err()
        && let Some((old, _)) = leftovers
            .iter()
            .find(|(path, is_old)| *is_old && path.is_dir())
    {
        // Killed between moving the old output aside and moving the new one in.
        fs::rename(old, target)?;
    }
    for (path, _) in &leftovers {
        if fs::symlink_metadata(path).is_ok() {
            remove(path)?;
        }
    }
    Ok(())
}

/// Whether the build with process id `pid`, which made `folder`, may still be running.
fn process_running(pid: u32, folder: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    // No /proc to ask: a folder untouched for an hour belongs to no running build.
    fs::symlink_metadata(folder)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|modified| modified.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 3600)
}

/// Swaps two paths in one step, so that neither is ever missing.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are to NUL-terminated strings that outlive the call, and
    // renameat2 only reads them.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether `exchange` failed because the system or file system cannot do it (so the two-rename
/// swap is used instead), rather than for a reason that would stop a rename too.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if let Some(code) = e.raw_os_error() {
        return matches!(code, libc::ENOSYS | libc::EINVAL | libc::ENOTSUP);
    }
    e.kind() == io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp() -> tempfile::TempDir {
        tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"))
    }

    #[test]
    fn commit_replaces_the_old_output_and_leaves_nothing_beside_it() {
        let dir = temp();
        let target = dir.path().join("output");
        fs::create_dir(&target).ok();
        fs::write(target.join("old.html"), "old").ok();
        let staging = Staging::new(&target).unwrap_or_else(|e| panic!("{e}"));
        staging.write("a/index.html", b"new").ok();
        staging.commit().unwrap_or_else(|e| panic!("{e}"));
        assert!(target.join("a/index.html").is_file());
        assert!(target.join(MARKER).is_file());
        assert!(!target.join("old.html").exists());
        let names: Vec<String> = fs::read_dir(dir.path())
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(names, ["output"]);
    }

    #[test]
    fn writes_cannot_leave_the_staging_folder() {
        let dir = temp();
        let staging = Staging::new(&dir.path().join("output")).unwrap_or_else(|e| panic!("{e}"));
        for rel in ["../escape.html", "/etc/x", "a/../../b"] {
            assert!(staging.write(rel, b"x").is_err(), "{rel}");
        }
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn an_old_output_moved_aside_by_a_killed_build_is_put_back() {
        let dir = temp();
        let target = dir.path().join("site");
        // A pid that cannot be running (above the kernel's maximum).
        let old = dir.path().join(sibling_name("site", "old", 4_194_305));
        let new = dir.path().join(sibling_name("site", "new", 4_194_305));
        fs::create_dir(&old).ok();
        fs::write(old.join("index.html"), "previous").ok();
        fs::create_dir(&new).ok();
        recover(dir.path(), "site", &target).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap_or_default(),
            "previous"
        );
        assert!(!old.exists() && !new.exists());
    }

    #[test]
    fn paths_are_resolved_before_they_are_judged() {
        let dir = temp();
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
                check_output_dir(&root, &output, false).is_err(),
                refused,
                "{}",
                output.display()
            );
        }
    }
}
