//! Writing the site: into a fresh sibling folder first, swapped into place only when every file
//! is written, so a failed or interrupted build never leaves a half-written site behind.
//!
//! The output folder is guarded: it may not be the site itself or hold its sources, and a
//! non-empty folder that attach-gen did not make (it leaves a marker file) is refused unless
//! forced, because replacing it deletes what is in it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The file that marks a folder as attach-gen's output.
pub const MARKER: &str = ".attach-gen-output";

/// Refuses output folders whose replacement would lose the user's work.
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Diagnostic::error(
            "output-dir",
            format!("refusing to write the site to {}: {why}", output.display()),
        )
        .with_hint("pass another folder with --output, such as --output output")
    };
    let absolute = |p: &Path| {
        fs::canonicalize(p).unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|d| d.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        })
    };
    let out = absolute(output);
    let root = absolute(root);
    if out.parent().is_none() {
        return Err(refuse("it is the file system's root".into()));
    }
    if std::env::var_os("HOME").is_some_and(|home| absolute(Path::new(&home)) == out) {
        return Err(refuse("it is your home folder".into()));
    }
    if out == root {
        return Err(refuse(
            "it is the site's own folder, which holds its sources".into(),
        ));
    }
    if root.starts_with(&out) {
        return Err(refuse("it contains the site's sources".into()));
    }
    if out.join(crate::config::CONFIG_FILE).exists()
        || out.join(crate::content::CONTENT_DIR).exists()
    {
        return Err(refuse(
            "it holds a site.yaml or content/ folder, so it looks like a site, not output".into(),
        ));
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

/// A folder being filled beside the real output folder.
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the temporary folder next to `target` (same file system, so the swap is a rename).
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
        let temp = parent.join(format!(".{name}.attach-gen-new-{}", std::process::id()));
        if temp.exists() {
            fs::remove_dir_all(&temp)?;
        }
        fs::create_dir(&temp)?;
        fs::write(
            temp.join(MARKER),
            "This folder is written by attach-gen build; it is replaced on every build.\n",
        )?;
        Ok(Staging {
            target: target.to_path_buf(),
            temp,
            committed: false,
        })
    }

    /// Writes `bytes` to `rel` (a `/`-separated path) inside the new output.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.temp.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)
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
        let old = self.temp.with_file_name(format!(
            ".{}.attach-gen-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.temp, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            // Removing a symlink removes the link, never what it points to.
            fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}
