//! Where rendered files go: the [`Output`] trait and its three kinds, a staging folder swapped
//! into place (`build`, [`Staging`]), memory (`serve`, [`MemoryOutput`]) and nowhere (`check`,
//! [`Discard`]); and which folders a build may replace ([`check_output_dir`]).

mod changes;
mod guard;
mod staging;

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::support::diagnostic::{Code, Diagnostic};

pub use changes::{ChangeKind, ChangeSet};
pub use guard::check_output_dir;
pub use staging::{Mode, Staging, io_error};

/// Where rendered files go. Paths are relative to the output root, with `/` separators.
pub trait Output: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// Copies the file at `from` (a static file, already checked by
    /// [`crate::support::source::walk`]) to `rel`.
    fn copy_file(&self, rel: &str, from: &Path) -> io::Result<()> {
        use std::io::Read as _;
        let (mut file, size) =
            crate::support::source::open_regular(from).map_err(io::Error::from)?;
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        file.read_to_end(&mut bytes)?;
        self.write(rel, &bytes)
    }

    /// The error to report when writing `rel` failed with `error`.
    fn write_error(&self, rel: &str, error: &io::Error) -> Diagnostic {
        Diagnostic::error(Code::Io, format!("cannot write {rel}: {error}"))
    }
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        Staging::write(self, rel, bytes)
    }

    fn copy_file(&self, rel: &str, from: &Path) -> io::Result<()> {
        Staging::copy_file(self, rel, from)
    }

    fn write_error(&self, rel: &str, error: &io::Error) -> Diagnostic {
        Staging::write_error(self, rel, error)
    }
}

/// A built site in memory: output path (`guides/sleep/index.html`) → bytes. The bytes are
/// shared, so the map is cheap to copy when a few files change.
pub type Files = HashMap<String, Arc<[u8]>>;

/// Rendered files kept in memory (`serve`).
#[derive(Default)]
pub struct MemoryOutput {
    files: Mutex<Files>,
}

impl MemoryOutput {
    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for MemoryOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), Arc::from(bytes));
        Ok(())
    }
}

/// An output that keeps nothing (`check`): templates are rendered (their errors are build
/// errors) and thrown away.
pub struct Discard;

impl Output for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn copy_file(&self, _rel: &str, _from: &Path) -> io::Result<()> {
        Ok(())
    }
}

/// Passes writes on to `out` until one fails, then refuses the rest at once: a full disk is
/// one error naming the output folder, not one per file.
pub struct StopAtFirstError<'a> {
    out: &'a dyn Output,
    first: Mutex<Option<Diagnostic>>,
}

impl<'a> StopAtFirstError<'a> {
    pub fn new(out: &'a dyn Output) -> StopAtFirstError<'a> {
        StopAtFirstError {
            out,
            first: Mutex::new(None),
        }
    }

    fn record<T>(&self, rel: &str, result: io::Result<T>) -> io::Result<T> {
        result.inspect_err(|e| {
            let mut first = self.first.lock().unwrap_or_else(|p| p.into_inner());
            if first.is_none() {
                *first = Some(self.out.write_error(rel, e));
            }
        })
    }

    fn stopped(&self) -> bool {
        self.first
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// The first write error, if there was one.
    pub fn take(&self) -> Option<Diagnostic> {
        self.first.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl Output for StopAtFirstError<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if self.stopped() {
            return Err(io::Error::other("stopped after an earlier error"));
        }
        self.record(rel, self.out.write(rel, bytes))
    }

    fn copy_file(&self, rel: &str, from: &Path) -> io::Result<()> {
        if self.stopped() {
            return Err(io::Error::other("stopped after an earlier error"));
        }
        self.record(rel, self.out.copy_file(rel, from))
    }
}
