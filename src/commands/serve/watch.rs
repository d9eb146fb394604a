//! Watching the site's sources for `serve`: which folders, and what a changed path means.
//!
//! Changes are watched with `notify` (inotify, FSEvents, ReadDirectoryChanges). Events are
//! debounced here: a rebuild starts once no event has come for [`QUIET`], so the several
//! writes of one save, or a burst of saves, make one rebuild.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crate::commands::serve::Log;
use crate::config::layout::{
    CONTENT_DIR, I18N_DIR, SOURCE_DIRS, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR,
};
use crate::pipeline::Changes;
use crate::support::diagnostic::printable_path;

/// How long the sources must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(15);
/// The longest a burst of changes can hold a rebuild back.
const MAX_DELAY: Duration = Duration::from_millis(300);

type Event = notify::Result<notify::Event>;

/// The file watcher, and the folders it watches.
pub struct Watcher {
    /// `None` when the system would not watch (then pages do not rebuild by themselves).
    inner: Option<notify::RecommendedWatcher>,
    events: Receiver<Event>,
    /// Each folder watched, with the identity it had then: a folder deleted and made again
    /// (restored from a copy, `rsync --delete`) is another folder, which the old watch does
    /// not see.
    watched: Vec<(PathBuf, Option<FolderId>)>,
}

/// A folder's device and inode number (Unix); `None` elsewhere.
type FolderId = (u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

impl Watcher {
    /// Starts watching nothing yet; says so in `log` when the system cannot watch at all.
    pub fn start(log: &dyn Log) -> Watcher {
        let (sender, events) = std::sync::mpsc::channel::<Event>();
        let inner = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })
        .map_err(|e| {
            log.info(&format!(
                "cannot watch the site for changes ({e}); pages will not rebuild by themselves"
            ))
        })
        .ok();
        Watcher {
            inner,
            events,
            watched: Vec::new(),
        }
    }

    /// Watches the folders that make the site (recursively) and the site's folder itself (not
    /// recursively: output/ or target/ may be huge), and the folders of `config_files` outside
    /// content/. Folders created later, or deleted and made again, are picked up after the
    /// next rebuild.
    pub fn watch_all(&mut self, root: &Path, config_files: &[PathBuf]) {
        use notify::{RecursiveMode, Watcher as _};
        let Some(inner) = self.inner.as_mut() else {
            return;
        };
        let mut wanted: Vec<(PathBuf, RecursiveMode)> =
            vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
        for dir in SOURCE_DIRS {
            wanted.push((root.join(dir), RecursiveMode::Recursive));
        }
        for file in config_files {
            if let Some(parent) = file.parent()
                && !parent.starts_with(root.join(CONTENT_DIR))
            {
                wanted.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
            }
        }
        for (path, mode) in wanted {
            if !path.is_dir() {
                continue;
            }
            let id = folder_id(&path);
            match self.watched.iter().position(|(p, _)| *p == path) {
                Some(at) if self.watched[at].1 == id => continue,
                Some(at) => {
                    // Made again since it was watched: the old watch went with the old folder.
                    let _ = inner.unwatch(&path);
                    self.watched.remove(at);
                }
                None => {}
            }
            if inner.watch(&path, mode).is_ok() {
                self.watched.push((path, id));
            }
        }
    }

    /// Waits for changes, then for the sources to be quiet; `None` when nothing relevant
    /// changed (or on a timeout, so `stop` is looked at).
    pub fn next_changes(
        &mut self,
        root: &Path,
        config_files: &[PathBuf],
        stop: &AtomicBool,
    ) -> Option<(Changes, Vec<PathBuf>)> {
        let events = &self.events;
        let first = events.recv_timeout(Duration::from_millis(200)).ok()?;
        let mut changes = Changes::default();
        let mut paths = Vec::new();
        let watched = &mut self.watched;
        let mut take = |event: Event| {
            let Ok(event) = event else { return };
            if event.kind.is_access() {
                return;
            }
            // A watched folder removed or made (again), or renamed away or back: its watch
            // is gone or never was, so `watch_all` watches it anew. (Its inode number may be
            // the old one's: file systems reuse them at once, and a folder moved back keeps
            // its own.)
            let renamed = matches!(
                event.kind,
                notify::EventKind::Modify(notify::event::ModifyKind::Name(_))
            );
            if event.kind.is_remove() || event.kind.is_create() || renamed {
                watched.retain(|(folder, _)| !event.paths.contains(folder));
            }
            for path in event.paths {
                if let Some(kind) = classify(root, config_files, &path) {
                    match kind {
                        Kind::Config => changes.config = true,
                        Kind::Theme => changes.theme = true,
                        Kind::Content => changes.content = true,
                    }
                    if !paths.contains(&path) {
                        paths.push(path);
                    }
                }
            }
        };
        take(first);
        let deadline = Instant::now() + MAX_DELAY;
        while !stop.load(Ordering::Relaxed) {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            match events.recv_timeout(QUIET.min(deadline - now)) {
                Ok(event) => take(event),
                Err(_) => break,
            }
        }
        (changes != Changes::default()).then_some((changes, paths))
    }
}

enum Kind {
    Config,
    Theme,
    Content,
}

/// What a changed path means for the build; `None` for files that do not make the site
/// (editor swap and backup files, output/, anything else in the site's folder).
fn classify(root: &Path, config_files: &[PathBuf], path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_string_lossy();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913" {
        return None;
    }
    if config_files.iter().any(|f| f == path) {
        return Some(Kind::Config);
    }
    let rel = path.strip_prefix(root).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    match first.as_ref() {
        // The site's own theme words (`i18n/mi.yaml`) are loaded with the theme's.
        THEMES_DIR | TEMPLATES_DIR | I18N_DIR => Some(Kind::Theme),
        CONTENT_DIR | STATIC_DIR => Some(Kind::Content),
        _ => None,
    }
}

/// `content/a.md changed`, `3 files changed`.
pub fn describe(root: &Path, paths: &[PathBuf]) -> String {
    // Editors and tools save through temporary files that are gone by now.
    let existing: Vec<PathBuf> = paths.iter().filter(|p| p.exists()).cloned().collect();
    let paths = if existing.is_empty() {
        paths
    } else {
        &existing
    };
    match paths {
        // A file name may hold escape sequences or line breaks: shown, not obeyed.
        [one] => format!(
            "{} changed",
            printable_path(one.strip_prefix(root).unwrap_or(one))
        ),
        many => format!("{} files changed", many.len()),
    }
}
