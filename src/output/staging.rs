//! Writing the site: into a fresh sibling folder first, swapped into place only when every file
//! is written, so a failed or interrupted build never leaves a half-written site behind.
//!
//! The swap is one atomic exchange of the two folders where the system has one (Linux's
//! `renameat2(RENAME_EXCHANGE)`), so there is no moment at which the output folder is missing.
//! Elsewhere it is two renames; a build killed between them leaves the old output beside the
//! target, and the next build puts it back before doing anything else. Folders left behind by
//! killed builds (`.output.attach-gen-new-<pid>`, `.output.attach-gen-old-<pid>`) are removed by
//! the next build, once the process that made them is gone. Removing an old output never
//! follows a symbolic link out of it.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::changes::{self, ChangeLog, ChangeSet, OldOutput};
use crate::config::layout::{self, OUTPUT_MARKER};
use crate::support::diagnostic::{Code, Diagnostic};

/// A new output being written: in a folder beside the output folder, swapped into place at
/// the end ([`Mode::Swap`]); or, when the output folder cannot be swapped (a mount point, or
/// its parent may not be written to), in a hidden folder inside it whose entries then replace
/// the old ones one by one ([`Mode::InPlace`]).
pub struct Staging {
    /// The output folder, resolved (a link's target).
    target: PathBuf,
    /// The output folder as the user named it, for messages.
    shown: PathBuf,
    temp: PathBuf,
    mode: Mode,
    committed: bool,
    /// What the writes changed against the old output.
    log: ChangeLog,
    /// The old output, where each file's old bytes are looked for.
    old: OldOutput,
}

/// How the new output replaces the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The whole folder in one atomic exchange.
    Swap,
    /// Entry by entry inside the folder, each in one atomic exchange: the folder itself (a mount
    /// point, whose permissions, owner and mount stay as they are) is never replaced.
    InPlace,
}

/// The names of the folders a build makes: beside `output` (`.output.attach-gen-new-<pid>`,
/// and `.output.attach-gen-old-<pid>` for the old one on its way out), or inside it, in place
/// (`.attach-gen-new-<pid>`), when `name` is `None`.
fn work_name(name: Option<&str>, kind: &str, pid: u32) -> String {
    format!("{}{pid}", work_prefix(name, kind))
}

/// [`work_name`] without the process id.
fn work_prefix(name: Option<&str>, kind: &str) -> String {
    match name {
        Some(name) => format!(".{name}.attach-gen-{kind}-"),
        None => format!(".attach-gen-{kind}-"),
    }
}

impl Staging {
    /// Starts a new output for the folder `target` (resolved; `shown` as the user named it), after
    /// tidying up what builds that were killed left. The new output is written beside `target`
    /// (same file system, so the swap is a rename) unless `target` is a mount point or its
    /// parent folder may not be written to: then inside it.
    pub fn new(target: &Path, shown: &Path) -> Result<Staging, Diagnostic> {
        let exists = fs::symlink_metadata(target).is_ok_and(|m| m.is_dir());
        let staging = if exists && is_mount_point(target) {
            Staging::inside(target, shown)
        } else {
            match Staging::beside(target, shown) {
                Err(e)
                    if exists
                        && matches!(
                            e.kind(),
                            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
                        ) =>
                {
                    Staging::inside(target, shown)
                }
                other => other,
            }
        };
        staging.map_err(|e| {
            // A new output folder is made beside where it goes: refused there, it is the
            // folder that holds it that may not be written to.
            let holder = match shown.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let refused = if exists { shown } else { holder };
            io_error(shown, refused, &e)
        })
    }

    /// How this build will replace the old output.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    fn beside(target: &Path, shown: &Path) -> io::Result<Staging> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| layout::OUTPUT_DIR.into());
        recover(&parent, Some(&name), Some(target))?;
        let temp = parent.join(work_name(Some(&name), "new", std::process::id()));
        Staging::make(temp, target, shown, Mode::Swap)
    }

    fn inside(target: &Path, shown: &Path) -> io::Result<Staging> {
        recover(target, None, None)?;
        let temp = target.join(work_name(None, "new", std::process::id()));
        Staging::make(temp, target, shown, Mode::InPlace)
    }

    fn make(temp: PathBuf, target: &Path, shown: &Path, mode: Mode) -> io::Result<Staging> {
        if fs::symlink_metadata(&temp).is_ok() {
            remove(&temp)?;
        }
        fs::create_dir(&temp)?;
        crate::support::render_guard::unfinished_output(&temp, true);
        let staging = Staging {
            target: target.to_path_buf(),
            shown: shown.to_path_buf(),
            temp,
            mode,
            committed: false,
            log: ChangeLog::default(),
            old: OldOutput::open(target),
        };
        // Kept as it was like any file, but not one of the site's: not in the change log.
        let marker = staging.inside_new(OUTPUT_MARKER)?;
        ChangeLog::default().write(
            OUTPUT_MARKER,
            &staging.old,
            &marker,
            b"This folder is written by attach-gen build; it is replaced on every build.\n",
        )?;
        Ok(staging)
    }

    /// Writes `bytes` to `rel` (a `/`-separated path) inside the new output.
    /// A file whose bytes are those of the old output's file there is kept as it was (see
    /// [`super::changes`]).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.inside_new(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        self.log.write(rel, &self.old, &path, bytes)
    }

    /// `rel` under the new output; an error if it would lead anywhere else.
    fn inside_new(&self, rel: &str) -> io::Result<PathBuf> {
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

    /// Copies the file at `from` to `rel` inside the new output, as a stream (static files may
    /// be large). Only a regular file is copied (see `source`).
    pub fn copy_file(&self, rel: &str, from: &Path) -> io::Result<()> {
        let path = self.inside_new(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let open = || crate::support::source::open_regular(from).map_err(io::Error::from);
        let (_, size) = open()?;
        self.log.copy(rel, &self.old, &path, size, &|| {
            open().map(|(file, _)| file)
        })
    }

    /// The error for a failed write of `rel`: one line naming the output folder.
    pub fn write_error(&self, rel: &str, error: &io::Error) -> Diagnostic {
        io_error(&self.shown, &self.shown.join(rel), error)
    }

    /// Puts the new output in place of the old one, then removes the old one. The output
    /// folder keeps its permissions. Gives what changed against the old output.
    pub fn commit(mut self) -> Result<ChangeSet, Diagnostic> {
        let work = |name: &str| name.starts_with(".attach-gen-");
        let (changed, unchanged) = std::mem::take(&mut self.log).into_parts();
        // Made only when there is an old output to compare with.
        let written = || -> HashSet<&str> {
            changed
                .iter()
                .map(|(path, _)| path.as_str())
                .chain(unchanged.iter().map(String::as_str))
                .collect()
        };
        let result = match self.mode {
            // The old output's files the new one lacks are found as it is removed.
            Mode::Swap => self.swap(written),
            Mode::InPlace => {
                let gone = changes::deleted(&self.target, &self.temp, &work);
                self.replace_entries().map(|()| gone)
            }
        };
        let gone = result.map_err(|e| {
            let d = io_error(&self.shown, &self.shown, &e);
            match self.mode {
                Mode::Swap => d,
                // Entries already exchanged stay exchanged: say so.
                Mode::InPlace => Diagnostic::error(
                    d.code,
                    format!("{}; part of the old site may have been replaced", d.message),
                )
                .with_hint("fix the cause and build again: the next build replaces every file"),
            }
        })?;
        Ok(ChangeSet::new(changed, unchanged.len(), gone))
    }

    /// Swaps the new output in, removes the old one, and gives the files the old one had
    /// that the new one (whose files `written` gives) does not.
    fn swap<'w>(&mut self, written: impl FnOnce() -> HashSet<&'w str>) -> io::Result<Vec<String>> {
        let Ok(old) = fs::metadata(&self.target) else {
            fs::rename(&self.temp, &self.target)?;
            self.committed = true;
            return Ok(Vec::new());
        };
        let written = written();
        // A folder made for the web server (0750, say) stays so.
        fs::set_permissions(&self.temp, old.permissions())?;
        match exchange(&self.temp, &self.target) {
            Ok(()) => {
                // The new site is in place; `temp` now holds the old one.
                self.committed = true;
                // If this fails (or the build is killed now), the next build removes it.
                let gone = changes::remove_old(&self.temp, &self.target, &written);
                let _ = remove(&self.temp);
                return Ok(gone);
            }
            Err(e) if !exchange_unsupported(&e) => return Err(e),
            Err(_) => {}
        }
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = self
            .temp
            .with_file_name(work_name(Some(&name), "old", std::process::id()));
        fs::rename(&self.target, &old)?;
        if let Err(e) = fs::rename(&self.temp, &self.target) {
            let _ = fs::rename(&old, &self.target);
            return Err(e);
        }
        self.committed = true;
        let gone = changes::remove_old(&old, &self.target, &written);
        let _ = remove(&old);
        Ok(gone)
    }

    /// In place: each entry of the new output replaces the old entry of that name in one
    /// exchange (a moved-in file or folder is never half there), then the old entries the new
    /// site no longer has are removed.
    fn replace_entries(&mut self) -> io::Result<()> {
        let mut names: Vec<OsString> = fs::read_dir(&self.temp)?
            .map(|entry| entry.map(|e| e.file_name()))
            .collect::<io::Result<_>>()?;
        // The marker last: until then the folder still reads as attach-gen's.
        names.sort_by_key(|name| name == OUTPUT_MARKER);
        for name in &names {
            let (from, to) = (self.temp.join(name), self.target.join(name));
            if fs::symlink_metadata(&to).is_err() {
                fs::rename(&from, &to)?;
                continue;
            }
            match exchange(&from, &to) {
                // `from` now holds the old entry; it goes with `temp`.
                Ok(()) => {}
                Err(e) if exchange_unsupported(&e) => {
                    remove(&to)?;
                    fs::rename(&from, &to)?;
                }
                Err(e) => return Err(e),
            }
        }
        self.committed = true;
        let ours = self.temp.file_name().map(OsString::from);
        for entry in fs::read_dir(&self.target)? {
            let name = entry?.file_name();
            let work = name.to_string_lossy().starts_with(".attach-gen-");
            if !names.contains(&name) && Some(&name) != ours.as_ref() && !work {
                remove(&self.target.join(&name))?;
            }
        }
        remove(&self.temp)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        crate::support::render_guard::unfinished_output(&self.temp, false);
        if !self.committed {
            let _ = remove(&self.temp);
        }
    }
}

/// Whether the folder `path` (resolved) is a mount point: on another device than its parent,
/// or listed as one by the system (a bind mount is on the same device).
fn is_mount_point(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(own), Some(Ok(parent))) = (fs::metadata(path), path.parent().map(fs::metadata))
            && own.dev() != parent.dev()
        {
            return true;
        }
    }
    let Ok(table) = fs::read_to_string("/proc/self/mountinfo") else {
        return false;
    };
    // The fifth field is the mount point, with space, tab, newline and `\` written in octal.
    table
        .lines()
        .filter_map(|line| line.split(' ').nth(4))
        .any(|mount| Path::new(&unescape_octal(mount)) == path)
}

/// `/a\040b` → `/a b`, as /proc/self/mountinfo writes paths.
fn unescape_octal(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && let Some(byte) = bytes
                .get(i + 1..i + 4)
                .and_then(|o| std::str::from_utf8(o).ok())
                .and_then(|o| u8::from_str_radix(o, 8).ok())
        {
            out.push(byte);
            i += 4;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An I/O error of the build's output as one line naming the output folder (`output`, as the
/// user named it; `path` is what failed) and saying what to do.
pub fn io_error(output: &Path, path: &Path, error: &io::Error) -> Diagnostic {
    use io::ErrorKind as K;
    let out = output.display();
    let kept = "the previous site in it was left as it was";
    let (why, hint) = match error.kind() {
        K::StorageFull => (
            format!("the disk holding {out} is full"),
            format!("free some space on it, or build somewhere else with --output DIR; {kept}"),
        ),
        K::QuotaExceeded => (
            format!("your disk quota on the disk holding {out} is used up"),
            format!("free some space, or build somewhere else with --output DIR; {kept}"),
        ),
        K::ReadOnlyFilesystem => (
            format!("{out} is on a read-only file system"),
            "build into a folder you can write to, with --output DIR".to_string(),
        ),
        K::PermissionDenied => (
            if path != output && output.starts_with(path) {
                format!(
                    "you may not write to {}, the folder it goes in",
                    path.display()
                )
            } else {
                format!("you may not write to {}", path.display())
            },
            format!(
                "check who owns {0} and its permissions (`ls -ld {0}`) and make it writable (`chmod u+w {0}`), or build somewhere else with --output DIR",
                path.display()
            ),
        ),
        K::ResourceBusy | K::CrossesDevices => (
            format!("{out} cannot be replaced: it is in use, or a mount point"),
            "build into a folder inside it instead (--output DIR/site), or into another folder"
                .to_string(),
        ),
        K::AlreadyExists | K::NotADirectory | K::IsADirectory => (
            format!(
                "{} clashes with another file or folder of the site",
                path.display()
            ),
            "two files of the site want the same path: rename one of them".to_string(),
        ),
        _ => (
            format!("cannot write {}", path.display()),
            format!("fix the cause and build again; {kept}"),
        ),
    };
    Diagnostic::error(
        Code::Io,
        format!("cannot write the site into {out}: {why} ({error})"),
    )
    .with_hint(hint)
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

/// Tidies up after builds that were killed: in `folder`, the work folders of output `name`
/// (beside it) or, with `None`, of a build in place (inside it). With `target`, puts back an
/// old output that a build moved aside and did not replace. Folders of builds still running
/// are left alone.
fn recover(folder: &Path, name: Option<&str>, target: Option<&Path>) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Ok(());
    };
    let new_prefix = work_prefix(name, "new");
    let old_prefix = work_prefix(name, "old");
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
    if let Some(target) = target
        && fs::symlink_metadata(target).is_err()
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

    /// A folder `name` in a new temporary folder, holding an old site: `file` reads "old".
    fn old_output(name: &str, file: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = temp();
        let target = dir.path().join(name);
        fs::create_dir_all(&target).ok();
        fs::write(target.join(file), "old").ok();
        (dir, target)
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_the_old_output_and_leaves_nothing_beside_it() {
        let (dir, target) = old_output("output", "old.html");
        let staging = Staging::new(&target, &target).unwrap_or_else(|e| panic!("{e}"));
        staging.write("a/index.html", b"new").ok();
        staging.commit().unwrap_or_else(|e| panic!("{e}"));
        assert!(target.join("a/index.html").is_file());
        assert!(target.join(OUTPUT_MARKER).is_file());
        assert!(!target.join("old.html").exists());
        assert_eq!(names(dir.path()), ["output"]);
    }

    #[test]
    fn writes_cannot_leave_the_staging_folder() {
        let dir = temp();
        let output = dir.path().join("output");
        let staging = Staging::new(&output, &output).unwrap_or_else(|e| panic!("{e}"));
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
        let old = dir.path().join(work_name(Some("site"), "old", 4_194_305));
        let new = dir.path().join(work_name(Some("site"), "new", 4_194_305));
        fs::create_dir(&old).ok();
        fs::write(old.join("index.html"), "previous").ok();
        fs::create_dir(&new).ok();
        recover(dir.path(), Some("site"), Some(&target)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap_or_default(),
            "previous"
        );
        assert!(!old.exists() && !new.exists());
    }

    #[test]
    fn in_place_each_entry_is_replaced_and_the_folder_itself_stays() {
        use std::os::unix::fs::MetadataExt;
        let dir = temp();
        let target = dir.path().join("mounted");
        fs::create_dir_all(target.join("gone/deeper")).ok();
        fs::create_dir_all(target.join("kept")).ok();
        fs::write(target.join("kept/index.html"), "old").ok();
        fs::write(target.join("gone/deeper/x.html"), "old").ok();
        fs::write(target.join("index.html"), "old").ok();
        let inode = fs::metadata(&target).map(|m| m.ino()).ok();
        let staging = Staging::inside(&target, &target).unwrap_or_else(|e| panic!("{e}"));
        for rel in ["index.html", "kept/index.html", "new/index.html"] {
            staging.write(rel, b"new").unwrap_or_else(|e| panic!("{e}"));
        }
        // The old site is untouched until the commit.
        assert_eq!(
            fs::read_to_string(target.join("index.html"))
                .ok()
                .as_deref(),
            Some("old")
        );
        staging.commit().unwrap_or_else(|e| panic!("{e:?}"));
        for rel in ["index.html", "kept/index.html", "new/index.html"] {
            assert_eq!(
                fs::read_to_string(target.join(rel)).ok().as_deref(),
                Some("new"),
                "{rel}"
            );
        }
        assert!(!target.join("gone").exists());
        assert_eq!(names(&target), [OUTPUT_MARKER, "index.html", "kept", "new"]);
        assert_eq!(fs::metadata(&target).map(|m| m.ino()).ok(), inode);
    }

    #[test]
    fn a_dropped_in_place_build_leaves_the_folder_as_it_was() {
        let (_dir, target) = old_output("mounted", "index.html");
        let staging = Staging::inside(&target, &target).unwrap_or_else(|e| panic!("{e}"));
        staging.write("index.html", b"new").ok();
        drop(staging);
        assert_eq!(names(&target), ["index.html"]);
    }

    #[test]
    fn mount_points_are_recognised() {
        assert!(!is_mount_point(
            &temp().path().canonicalize().unwrap_or_default()
        ));
        if Path::new("/proc/self/mountinfo").exists() {
            assert!(is_mount_point(Path::new("/proc")));
        }
        assert_eq!(unescape_octal("/mnt/a\\040b\\134c"), "/mnt/a b\\c");
    }

    #[test]
    fn io_errors_name_the_output_folder_and_say_what_to_do() {
        let full = io_error(
            Path::new("public"),
            Path::new("public/a/index.html"),
            &io::Error::from(io::ErrorKind::StorageFull),
        );
        assert!(
            full.message
                .starts_with("cannot write the site into public: the disk holding public is full"),
            "{}",
            full.message
        );
        assert!(
            full.hint
                .as_deref()
                .unwrap_or_default()
                .contains("left as it was")
        );
        let read_only = io_error(
            Path::new("public"),
            Path::new("public"),
            &io::Error::from(io::ErrorKind::ReadOnlyFilesystem),
        );
        assert!(read_only.message.contains("read-only file system"));
    }
}
