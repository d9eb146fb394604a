//! `attach-gen serve`: the site built into memory, served over HTTP on loopback, rebuilt when a
//! source changes, with open pages reloading by themselves.
//!
//! - The site is built with the same pipeline as `build` ([`Prepared`]) into a map from output
//!   path to bytes; nothing is written to disk. The configuration, bibliography, citation style
//!   and theme are kept between rebuilds and reloaded only when site.yaml, a bibliography or
//!   style file, or a template changes.
//! - Changes are watched with `notify` (inotify, FSEvents, ReadDirectoryChanges) on the folders
//!   that make the site. Events are debounced here: a rebuild starts once no event has come for
//!   [`QUIET`], so the several writes of one save, or a burst of saves, make one rebuild.
//! - HTTP is [`crate::commands::serve::http`]: synchronous, bounded (request heads, connections, time), and
//!   answering only this computer's own pages (Host, Origin and fetch-metadata checks; no
//!   CORS). Pages get a small script (injected into HTML responses only, before `</body>`)
//!   that listens to server-sent events on [`EVENTS_PATH`] and reloads the page after a
//!   rebuild.
//! - The site's folder is resolved once, at start (`.` becomes `/home/me/site`): the watcher
//!   reports absolute, resolved paths, which are compared with it.
//! - When a rebuild fails the last good build is still served, and every HTML page shows the
//!   errors (file, line, message, hint; HTML-escaped) in an overlay. The next good rebuild
//!   reloads the page without it.

pub mod http;

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::net::{IpAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::support::diagnostic::Diagnostic;
use crate::{BuildFailure, Output, Prepared};

/// The server-sent events stream of build results.
pub const EVENTS_PATH: &str = "/__attach-gen/events";
/// How long the sources must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(15);
/// The longest a burst of changes can hold a rebuild back.
const MAX_DELAY: Duration = Duration::from_millis(300);

/// What `attach-gen serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub interface: IpAddr,
    pub drafts: bool,
}

/// Messages for the person running the server.
pub trait Log: Send + Sync {
    fn info(&self, text: &str);
    /// A failed build's errors (and warnings), to print as diagnostics.
    fn diagnostics(&self, diagnostics: &[Diagnostic]);
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address is taken (another server, or another `attach-gen serve`).
    PortInUse { interface: IpAddr, port: u16 },
    /// Any other failure to listen.
    Listen(String),
    /// The site could not be loaded at all (no site.yaml): nothing to serve.
    NotASite(Vec<Diagnostic>),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::PortInUse { interface, port } => write!(
                f,
                "port {port} on {interface} is already in use (another server, or another attach-gen serve?)\n  = help: stop the other server, or pick another port: attach-gen serve --port {}",
                port.saturating_add(1).max(1024)
            ),
            ServeError::Listen(why) => write!(f, "cannot start the server: {why}"),
            ServeError::NotASite(_) => write!(f, "nothing to serve"),
        }
    }
}

/// A built site in memory: output path (`guides/sleep/index.html`) → bytes. The bytes are
/// shared, so the map is cheap to copy when a few files change.
pub type Files = HashMap<String, Arc<[u8]>>;

/// The state every request reads.
struct State {
    /// The last good build.
    files: Arc<Files>,
    /// The errors of the latest build; empty when it succeeded.
    errors: Vec<String>,
    /// Bumped whenever what is served changes.
    generation: u64,
    /// The warnings of the latest good build, as printed (printed again only when they change).
    warnings: Vec<String>,
    /// What each recent generation changed: output paths of HTML files, or `None` for
    /// "anything" (a stylesheet, the errors shown, ...). Pages reload only when theirs changed.
    history: Vec<(u64, Option<Vec<String>>)>,
}

impl State {
    /// Records a new generation.
    fn bump(&mut self, changed: Option<Vec<String>>) {
        self.generation += 1;
        self.history.push((self.generation, changed));
        if self.history.len() > 32 {
            self.history.remove(0);
        }
    }

    /// Every output path changed after generation `seen`; `None` when anything may have.
    fn changed_since(&self, seen: u64) -> Option<Vec<String>> {
        let oldest = self.history.first().map_or(u64::MAX, |(g, _)| *g);
        if seen + 1 < oldest {
            return None;
        }
        let mut all = Vec::new();
        for (generation, changed) in &self.history {
            if *generation > seen {
                all.extend(changed.as_ref()?.iter().cloned());
            }
        }
        all.sort();
        all.dedup();
        Some(all)
    }
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// Rendered files kept in memory.
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
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), Arc::from(bytes));
        Ok(())
    }
}

/// The output paths whose bytes differ between two builds (added and removed ones too);
/// `None` when a file other than an HTML page changed, since any page may show it.
fn changed_files(old: &Files, new: &Files) -> Option<Vec<String>> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(path, bytes)| old.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .chain(old.keys().filter(|path| !new.contains_key(*path)).cloned())
        .collect();
    if changed.iter().any(|path| !path.ends_with(".html")) {
        return None;
    }
    changed.sort();
    Some(changed)
}

/// What changed since the last build, by what must be reloaded.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    /// site.yaml, a bibliography file or a style file: reload everything.
    pub config: bool,
    /// A template: reload the theme.
    pub theme: bool,
    /// Pages or static files: rebuild from the kept configuration.
    pub content: bool,
}

/// Builds the site into memory, keeping what is slow to load between builds.
pub struct Builder {
    root: PathBuf,
    base_url: String,
    drafts: bool,
    prepared: Option<Prepared>,
    cache: crate::site::Cache,
    pages: crate::content::Cache,
}

/// A build held in memory.
pub struct Built {
    pub files: Files,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

impl Builder {
    pub fn new(root: &Path, base_url: String, drafts: bool) -> Builder {
        Builder {
            root: root.to_path_buf(),
            base_url,
            drafts,
            prepared: None,
            cache: crate::site::Cache::default(),
            pages: crate::content::Cache::default(),
        }
    }

    /// Files outside content/, static/, themes/ and templates/ whose change means reloading
    /// the configuration: site.yaml, the bibliography files and a `.csl` style.
    pub fn config_files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.root.join(crate::config::CONFIG_FILE)];
        if let Some(prepared) = &self.prepared {
            let config = &prepared.config;
            files.extend(
                config
                    .bibliography
                    .files
                    .iter()
                    .map(|f| config.root.join(f)),
            );
            if config.citation_style.trim().ends_with(".csl") {
                files.push(config.root.join(config.citation_style.trim()));
            }
        }
        files
    }

    /// Builds the site, reloading what `changes` calls for. When only pages changed, the pages
    /// whose files are in `changed` are rendered first and handed to `early`, so they can be
    /// served (and reloaded) before the rest of the site is rendered.
    pub fn build(
        &mut self,
        changes: Changes,
        changed: &[PathBuf],
        early: &mut dyn FnMut(Files),
    ) -> Result<Built, BuildFailure> {
        let fail = BuildFailure::from_diagnostics;
        if changes.config || self.prepared.is_none() {
            self.prepared = None;
            self.cache = crate::site::Cache::default();
            let config = crate::load_config(&self.root, Some(&self.base_url), self.drafts)?;
            let mut diagnostics = Vec::new();
            let prepared = Prepared::load(config, self.drafts, &mut diagnostics);
            if diagnostics.iter().any(Diagnostic::is_error) || prepared.is_none() {
                // The pages' problems too, so one look shows everything.
                diagnostics.extend(crate::content::load(&self.root, self.drafts).diagnostics);
                return Err(fail(diagnostics));
            }
            self.prepared = prepared;
        } else if changes.theme
            && let Some(prepared) = self.prepared.as_mut()
            && let Err(errors) = prepared.reload_theme()
        {
            // Keep nothing half-loaded: the next change reloads everything.
            self.prepared = None;
            return Err(fail(errors));
        }
        let Some(prepared) = &self.prepared else {
            return Err(fail(Vec::new()));
        };
        let mut clock = crate::support::timing::Clock::start();
        let loaded = prepared.load_content(Some(&mut self.pages));
        clock.lap("read content");
        let mut diagnostics = loaded.diagnostics;
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(fail(diagnostics));
        }
        let statics = prepared.static_files();
        let site = prepared
            .model(
                loaded.pages,
                &loaded.drafts,
                &statics,
                Some(&mut self.cache),
            )
            .map_err(|mut errors| {
                errors.append(&mut diagnostics);
                fail(errors)
            })?;
        diagnostics.extend(site.warnings.iter().cloned());
        clock.lap("site model");
        if !changes.config && !changes.theme {
            let first: HashSet<usize> = site
                .pages
                .iter()
                .enumerate()
                .filter(|(_, page)| changed.iter().any(|c| *c == self.root.join(&page.source)))
                .map(|(index, _)| index)
                .collect();
            if !first.is_empty() && first.len() <= 16 {
                let out = MemoryOutput::default();
                let rendered = crate::render::render_site_only(
                    &site,
                    prepared.theme.clone(),
                    Some(&first),
                    &|path, bytes| out.write(path, bytes),
                );
                if rendered.is_ok() {
                    early(out.into_files());
                }
                clock.lap("render changed pages");
            }
        }
        let out = MemoryOutput::default();
        let (_, replaced) =
            prepared
                .render(&site, &statics, &out, &|_| {})
                .map_err(|mut errors| {
                    errors.append(&mut diagnostics);
                    fail(errors)
                })?;
        diagnostics.extend(replaced);
        clock.lap("render into memory");
        Ok(Built {
            files: out.into_files(),
            pages: site.pages.len(),
            warnings: diagnostics,
        })
    }
}

/// Runs the server until `stop` is set. Returns once the listener is closed.
pub fn serve(
    options: &ServeOptions,
    stop: Arc<AtomicBool>,
    log: Arc<dyn Log>,
    on_ready: &dyn Fn(&str),
) -> Result<(), ServeError> {
    if !options.root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(ServeError::NotASite(
            crate::load_config(&options.root, None, options.drafts)
                .err()
                .map(|f| f.errors)
                .unwrap_or_default(),
        ));
    }
    // The watcher reports absolute paths with links resolved; `.` or `site` would match none.
    let root = options.root.canonicalize().map_err(|e| {
        ServeError::Listen(format!("cannot resolve {}: {e}", options.root.display()))
    })?;
    let options = &ServeOptions {
        root,
        ..options.clone()
    };
    let server = crate::commands::serve::http::Server::bind(options.interface, options.port)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                ServeError::PortInUse {
                    interface: options.interface,
                    port: options.port,
                }
            } else {
                ServeError::Listen(format!(
                    "cannot listen on {}:{}: {e}",
                    options.interface, options.port
                ))
            }
        })?;
    let port = server.address().port();
    let host = match options.interface {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let address = format!("http://{host}:{port}");

    // The first build, before anything is served.
    let mut builder = Builder::new(&options.root, address.clone(), options.drafts);
    let started = Instant::now();
    let first = builder.build(Changes::default(), &[], &mut |_| {});
    let shared: Shared = Arc::new((
        Mutex::new(State {
            files: Arc::new(HashMap::new()),
            errors: Vec::new(),
            generation: 0,
            warnings: Vec::new(),
            history: Vec::new(),
        }),
        Condvar::new(),
    ));
    publish(&shared, &log, first, started, "Built", None);

    let (sender, receiver) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    });
    let mut watcher = match watcher {
        Ok(w) => Some(w),
        Err(e) => {
            log.info(&format!(
                "cannot watch the site for changes ({e}); pages will not rebuild by themselves"
            ));
            None
        }
    };
    let mut watched = Vec::new();
    if let Some(watcher) = watcher.as_mut() {
        watch_all(watcher, &options.root, &builder, &mut watched);
    }
    on_ready(&format!("{address}/"));

    let rebuild_shared = shared.clone();
    let rebuild_log = log.clone();
    let rebuild_stop = stop.clone();
    let root = options.root.clone();
    std::thread::spawn(move || {
        while !rebuild_stop.load(Ordering::Relaxed) {
            let Some((changes, paths)) = next_changes(&receiver, &root, &builder, &rebuild_stop)
            else {
                continue;
            };
            let started = Instant::now();
            let mut early_ms = None;
            let result = builder.build(changes, &paths, &mut |files| {
                if publish_early(&rebuild_shared, files) {
                    early_ms = Some(started.elapsed().as_millis());
                }
            });
            let what = describe(&root, &paths);
            publish(
                &rebuild_shared,
                &rebuild_log,
                result,
                started,
                &format!("{what}: rebuilt"),
                early_ms,
            );
            if let Some(watcher) = watcher.as_mut() {
                watch_all(watcher, &root, &builder, &mut watched);
            }
        }
    });

    let guard = crate::commands::serve::http::Guard::new();
    let handler_shared = shared.clone();
    let handler_stop = stop.clone();
    server.run(
        &stop,
        Arc::new(move |stream, request| {
            respond(stream, &request, &guard, &handler_shared, &handler_stop)
        }),
    );
    // Wake the event streams so they end.
    shared.1.notify_all();
    Ok(())
}

/// Serves the changed pages of a build that is still rendering the rest, and reloads them.
/// Returns whether any page changed.
fn publish_early(shared: &Shared, pages: Files) -> bool {
    let (lock, wake) = &**shared;
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    if !state.errors.is_empty() {
        // The overlay goes only once the whole site builds again.
        return false;
    }
    let changed: Vec<String> = pages
        .iter()
        .filter(|(path, bytes)| state.files.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect();
    if changed.is_empty() {
        return false;
    }
    let mut files: Files = (*state.files).clone();
    files.extend(pages);
    state.files = Arc::new(files);
    state.bump(Some(changed));
    drop(state);
    wake.notify_all();
    true
}

/// Stores a build's result and tells the open pages it changed.
fn publish(
    shared: &Shared,
    log: &Arc<dyn Log>,
    result: Result<Built, BuildFailure>,
    started: Instant,
    what: &str,
    early_ms: Option<u128>,
) {
    let elapsed = started.elapsed().as_millis();
    let (lock, wake) = &**shared;
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(built) => {
            let changed = if state.errors.is_empty() {
                changed_files(&state.files, &built.files)
            } else {
                None
            };
            state.files = Arc::new(built.files);
            state.errors.clear();
            let warnings: Vec<String> = built.warnings.iter().map(Diagnostic::render).collect();
            let new_warnings = warnings != state.warnings;
            state.warnings = warnings;
            let count = changed.as_ref().map(Vec::len);
            if count != Some(0) {
                state.bump(changed);
            }
            drop(state);
            wake.notify_all();
            if new_warnings {
                log.diagnostics(&built.warnings);
            }
            let early = early_ms
                .map(|ms| format!(" (the changed page reloaded after {ms} ms)"))
                .unwrap_or_default();
            log.info(&format!(
                "{what} in {elapsed} ms{early}: {} page{}.",
                built.pages,
                if built.pages == 1 { "" } else { "s" }
            ));
        }
        Err(failure) => {
            let nothing_built = state.files.is_empty();
            state.errors = failure.errors.iter().map(Diagnostic::render).collect();
            if state.errors.is_empty() {
                state.errors.push("the site could not be built".into());
            }
            state.bump(None);
            drop(state);
            wake.notify_all();
            log.diagnostics(&failure.warnings);
            log.diagnostics(&failure.errors);
            log.info(&format!(
                "Build failed with {} error{} in {elapsed} ms; {}",
                failure.errors.len(),
                if failure.errors.len() == 1 { "" } else { "s" },
                if nothing_built {
                    "the browser shows them until they are fixed."
                } else {
                    "still serving the last good build."
                }
            ));
        }
    }
}

/// Watches the folders that make the site (recursively) and the site's folder itself (not
/// recursively: output/ or target/ may be huge). Folders created later are picked up after the
/// next rebuild.
fn watch_all(
    watcher: &mut notify::RecommendedWatcher,
    root: &Path,
    builder: &Builder,
    watched: &mut Vec<PathBuf>,
) {
    use notify::{RecursiveMode, Watcher as _};
    let mut wanted: Vec<(PathBuf, RecursiveMode)> =
        vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in ["content", "static", "themes", "templates"] {
        wanted.push((root.join(dir), RecursiveMode::Recursive));
    }
    for file in builder.config_files() {
        if let Some(parent) = file.parent()
            && !parent.starts_with(root.join("content"))
        {
            wanted.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
        }
    }
    for (path, mode) in wanted {
        if watched.contains(&path) || !path.is_dir() {
            continue;
        }
        if watcher.watch(&path, mode).is_ok() {
            watched.push(path);
        }
    }
}

/// Waits for changes, then for the sources to be quiet; `None` when nothing relevant changed
/// (or on a timeout, so `stop` is looked at).
fn next_changes(
    receiver: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    root: &Path,
    builder: &Builder,
    stop: &AtomicBool,
) -> Option<(Changes, Vec<PathBuf>)> {
    let first = receiver.recv_timeout(Duration::from_millis(200)).ok()?;
    let config_files = builder.config_files();
    let mut changes = Changes::default();
    let mut paths = Vec::new();
    let mut take = |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if event.kind.is_access() {
            return;
        }
        for path in event.paths {
            if let Some(kind) = classify(root, &config_files, &path) {
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
        match receiver.recv_timeout(QUIET.min(deadline - now)) {
            Ok(event) => take(event),
            Err(_) => break,
        }
    }
    (changes != Changes::default()).then_some((changes, paths))
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
        "themes" | "templates" => Some(Kind::Theme),
        "content" | "static" => Some(Kind::Content),
        _ => None,
    }
}

/// `content/a.md changed`, `3 files changed`.
fn describe(root: &Path, paths: &[PathBuf]) -> String {
    // Editors and tools save through temporary files that are gone by now.
    let existing: Vec<PathBuf> = paths.iter().filter(|p| p.exists()).cloned().collect();
    let paths = if existing.is_empty() {
        paths
    } else {
        &existing
    };
    match paths {
        [one] => format!(
            "{} changed",
            one.strip_prefix(root).unwrap_or(one).display()
        ),
        many => format!("{} files changed", many.len()),
    }
}

/// Answers one request.
fn respond(
    mut stream: TcpStream,
    request: &http::Request,
    guard: &http::Guard,
    shared: &Shared,
    stop: &AtomicBool,
) {
    let head_only = request.method == "HEAD";
    let send = |mut stream: TcpStream, response: http::Response| {
        http::write_response(&mut stream, &response, head_only);
    };
    if let Some(why) = guard.refuse(request) {
        send(
            stream,
            http::Response::text(
                403,
                &format!("refused: {why}; this preview answers only its own pages\n"),
            ),
        );
        return;
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        send(
            stream,
            http::Response::text(405, "only GET and HEAD are supported\n"),
        );
        return;
    }
    let (path, query) = match request.target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.target.as_str(), None),
    };
    if path == EVENTS_PATH {
        events(&mut stream, shared, stop);
        return;
    }
    let decoded = crate::support::urls::percent_decode(path);
    let (files, errors, generation) = {
        let state = shared.0.lock().unwrap_or_else(|e| e.into_inner());
        (state.files.clone(), state.errors.clone(), state.generation)
    };
    let rel = match lookup(&files, &decoded) {
        Lookup::Found(rel) => Some(rel),
        Lookup::Redirect(to) => {
            let location = match query {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            send(
                stream,
                http::Response::text(301, "").with_header("Location", location),
            );
            return;
        }
        Lookup::Missing => None,
    };
    let html = "text/html; charset=utf-8";
    let (status, content_type, bytes) = match (&rel, rel.as_ref().and_then(|r| files.get(r))) {
        (Some(rel), Some(bytes)) => {
            let content_type = content_type(rel);
            if content_type == html {
                (200, html, inject(bytes, generation, &errors, rel).into_bytes())
            } else {
                (200, content_type, bytes.to_vec())
            }
        }
        _ => match files.get("404.html") {
            Some(page) => (
                404,
                html,
                inject(page, generation, &errors, "404.html").into_bytes(),
            ),
            // The first build failed: nothing to show but the errors.
            None if files.is_empty() => (
                503,
                html,
                inject(
                    b"<!doctype html><html><head><meta charset=\"utf-8\"><title>attach-gen</title></head><body><p>The site has not been built yet.</p></body></html>",
                    generation,
                    &errors,
                    "",
                )
                .into_bytes(),
            ),
            None => (404, "text/plain; charset=utf-8", b"Not found\n".to_vec()),
        },
    };
    send(stream, http::Response::new(status, content_type, bytes));
}

enum Lookup {
    Found(String),
    /// A folder asked for without its trailing `/`: the page's relative links need it.
    Redirect(String),
    Missing,
}

/// Finds the file for a decoded URL path: `/` and `/guides/sleep/` are folders holding
/// `index.html`.
fn lookup(files: &Files, path: &str) -> Lookup {
    let trimmed = path.trim_start_matches('/');
    if trimmed.split('/').any(|s| s == ".." || s == ".") {
        return Lookup::Missing;
    }
    if trimmed.is_empty() || trimmed.ends_with('/') {
        let index = format!("{trimmed}index.html");
        return if files.contains_key(&index) {
            Lookup::Found(index)
        } else {
            Lookup::Missing
        };
    }
    if files.contains_key(trimmed) {
        return Lookup::Found(trimmed.to_string());
    }
    if files.contains_key(&format!("{trimmed}/index.html")) {
        return Lookup::Redirect(format!("/{trimmed}/"));
    }
    Lookup::Missing
}

/// The `Content-Type` for a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// The HTML page with the live-reload script (and the error overlay, when the latest build
/// failed) put before its last `</body>`.
/// `page` is the output path served, so the page knows whether a rebuild changed it.
fn inject(html: &[u8], generation: u64, errors: &[String], page: &str) -> String {
    let html = String::from_utf8_lossy(html);
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay_html(errors));
    }
    let page = serde_json::to_string(page)
        .unwrap_or_else(|_| "\"\"".into())
        .replace('<', "\\u003c");
    extra.push_str(
        &RELOAD_SCRIPT
            .replace("GENERATION", &generation.to_string())
            .replace("PAGE", &page),
    );
    let position = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..position]);
    out.push_str(&extra);
    out.push_str(&html[position..]);
    out
}

/// The overlay listing a failed build's errors, every character of them escaped.
fn overlay_html(errors: &[String]) -> String {
    let mut out = String::from(
        "<div id=\"attach-gen-errors\" role=\"alert\" style=\"position:fixed;inset:1rem;z-index:2147483647;overflow:auto;background:#fff5f5;color:#1a1a1a;border:3px solid #b00020;border-radius:8px;padding:1rem 1.5rem;font:15px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.3)\">",
    );
    out.push_str(&format!(
        "<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right;font-size:1rem\" aria-label=\"Hide\">Hide</button><h2 style=\"margin-top:0;color:#b00020\">The site could not be rebuilt: {} error{}</h2><p>Fix {} and save: this page reloads by itself. Until then you see the last good build.</p>",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        if errors.len() == 1 { "it" } else { "them" }
    ));
    for error in errors {
        out.push_str("<pre class=\"attach-gen-error\" style=\"white-space:pre-wrap;background:#fff;border:1px solid #e0b4b4;padding:.75rem;font:14px/1.4 ui-monospace,monospace\">");
        out.push_str(&escape_html(error));
        out.push_str("</pre>");
    }
    out.push_str("</div>");
    out
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::support::escape::html(text, &mut out);
    out
}

/// Reloads the page when a rebuild changed it (or changed a stylesheet or the like); shows the
/// errors (as text, never as HTML) when one fails; reloads after a reconnect if a build
/// happened meanwhile.
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var generation = GENERATION, page = PAGE;
  var events = new EventSource("/__attach-gen/events");
  events.addEventListener("hello", function (e) {
    if (Number(e.data) !== generation) location.reload();
  });
  events.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    if (!data.paths || data.paths.indexOf(page) >= 0 || document.getElementById("attach-gen-errors")) {
      location.reload();
    } else {
      generation = data.generation;
    }
  });
  events.addEventListener("errors", function (e) {
    var data = JSON.parse(e.data);
    generation = data.generation;
    var old = document.getElementById("attach-gen-errors");
    if (old) old.remove();
    var box = document.createElement("div");
    box.id = "attach-gen-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:1rem;z-index:2147483647;overflow:auto;background:#fff5f5;color:#1a1a1a;border:3px solid #b00020;border-radius:8px;padding:1rem 1.5rem;font:15px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.3)";
    var hide = document.createElement("button");
    hide.type = "button";
    hide.textContent = "Hide";
    hide.style.cssText = "float:right;font-size:1rem";
    hide.onclick = function () { box.remove(); };
    var title = document.createElement("h2");
    title.style.cssText = "margin-top:0;color:#b00020";
    var n = data.errors.length;
    title.textContent = "The site could not be rebuilt: " + n + (n === 1 ? " error" : " errors");
    var note = document.createElement("p");
    note.textContent = "Fix " + (n === 1 ? "it" : "them") + " and save: this page reloads by itself. Until then you see the last good build.";
    box.append(hide, title, note);
    data.errors.forEach(function (text) {
      var pre = document.createElement("pre");
      pre.className = "attach-gen-error";
      pre.style.cssText = "white-space:pre-wrap;background:#fff;border:1px solid #e0b4b4;padding:.75rem;font:14px/1.4 ui-monospace,monospace";
      pre.textContent = text;
      box.append(pre);
    });
    document.body.append(box);
  });
})();
</script>
"#;

/// A server-sent events stream: `hello` with the current generation, then `reload` after each
/// change to what is served (JSON: the generation and the output paths changed, or `null` for
/// "reload every page") and `errors` (JSON: generation and the errors as text) after each
/// failed rebuild.
fn events(writer: &mut TcpStream, shared: &Shared, stop: &AtomicBool) {
    let (lock, wake) = &**shared;
    let mut seen = lock.lock().unwrap_or_else(|e| e.into_inner()).generation;
    let head = http::event_stream_head(&format!("retry: 500\nevent: hello\ndata: {seen}\n\n"));
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    let mut last_write = Instant::now();
    loop {
        let message = {
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            while state.generation == seen && !stop.load(Ordering::Relaxed) {
                let (next, timeout) = wake
                    .wait_timeout(state, Duration::from_secs(1))
                    .unwrap_or_else(|e| e.into_inner());
                state = next;
                if timeout.timed_out() && last_write.elapsed() >= Duration::from_secs(15) {
                    break;
                }
            }
            if stop.load(Ordering::Relaxed) {
                return;
            }
            if state.generation == seen {
                ": keep-alive\n\n".to_string()
            } else {
                let changed = state.changed_since(seen);
                seen = state.generation;
                if state.errors.is_empty() {
                    let data = serde_json::json!({ "generation": seen, "paths": changed });
                    format!("event: reload\ndata: {data}\n\n")
                } else {
                    let data = serde_json::json!({ "generation": seen, "errors": state.errors });
                    format!("event: errors\ndata: {data}\n\n")
                }
            }
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
        last_write = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let html = inject(b"<p></body> x</BODY>", 7, &[], "a/index.html");
        assert!(html.starts_with("<p></body> x<script>"));
        assert!(html.contains("var generation = 7, page = \"a/index.html\";"));
        assert!(html.ends_with("</BODY>"));
    }

    #[test]
    fn overlay_escapes_errors() {
        let html = overlay_html(&["a.md:1:1: error: <script>alert('x')</script> & \"".into()]);
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;"));
        assert!(!html.contains("<script>alert"));
    }

    #[test]
    fn only_changed_pages_reload() {
        let file = |text: &str| -> Arc<[u8]> { Arc::from(text.as_bytes()) };
        let old: Files = [("a/index.html", "a"), ("b/index.html", "b")]
            .into_iter()
            .map(|(p, t)| (p.to_string(), file(t)))
            .collect();
        let mut new = old.clone();
        new.insert("a/index.html".into(), file("A"));
        assert_eq!(
            changed_files(&old, &new),
            Some(vec!["a/index.html".to_string()])
        );
        new.insert("style.css".into(), file("x"));
        assert_eq!(changed_files(&old, &new), None);

        let mut state = State {
            files: Arc::new(old),
            errors: Vec::new(),
            generation: 0,
            warnings: Vec::new(),
            history: Vec::new(),
        };
        state.bump(Some(vec!["a/index.html".into()]));
        state.bump(Some(vec!["b/index.html".into()]));
        assert_eq!(
            state.changed_since(1),
            Some(vec!["b/index.html".to_string()])
        );
        assert_eq!(state.changed_since(0).map(|c| c.len()), Some(2));
        state.bump(None);
        assert_eq!(state.changed_since(1), None);
    }

    #[test]
    fn looks_up_folders_and_redirects() {
        let mut files = Files::new();
        for path in ["index.html", "guides/sleep/index.html", "style.css"] {
            files.insert(path.to_string(), Arc::from(&b""[..]));
        }
        assert!(matches!(lookup(&files, "/"), Lookup::Found(f) if f == "index.html"));
        assert!(
            matches!(lookup(&files, "/guides/sleep/"), Lookup::Found(f) if f == "guides/sleep/index.html")
        );
        assert!(
            matches!(lookup(&files, "/guides/sleep"), Lookup::Redirect(to) if to == "/guides/sleep/")
        );
        assert!(matches!(lookup(&files, "/style.css"), Lookup::Found(_)));
        assert!(matches!(lookup(&files, "/../etc/passwd"), Lookup::Missing));
        assert!(matches!(lookup(&files, "/nope"), Lookup::Missing));
        assert_eq!(content_type("a/b.CSS"), "text/css; charset=utf-8");
    }
}
