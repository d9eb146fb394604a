//! Shared helpers for the integration tests: small sites in temporary folders, the real
//! `attach-gen` binary run against them, and the HTML it writes parsed with `scraper`.
//!
//! ```ignore
//! let site = Site::new(); // a temp folder holding a copy of themes/default
//! site.file("site.yaml", "title: Test\n")
//!     .file("content/a.md", "---\ntitle: A\n---\nHello\n");
//! site.build(&[]).assert_ok();
//! let html = site.html("output/a/index.html");
//! assert_eq!(texts(&html, "h1"), ["A"]);
//! ```
//!
//! Each test file uses only some of these helpers, hence the `allow(dead_code)`.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The repository's own folder (the sample site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder, removed when dropped.
pub struct Site {
    dir: TempDir,
}

impl Default for Site {
    fn default() -> Self {
        Site::new()
    }
}

impl Site {
    /// An empty site folder with a copy of the repository's `themes/default`, so tests do not
    /// depend on the current folder or on the sample site. Write `site.yaml` and pages with
    /// [`Site::file`].
    pub fn new() -> Site {
        let site = Site::bare();
        site.copy_theme("default");
        site
    }

    /// An empty site folder: no theme, no `site.yaml`.
    pub fn bare() -> Site {
        let dir = tempfile::Builder::new()
            .prefix("attach-gen-test-")
            .tempdir()
            .expect("create a temp dir");
        Site { dir }
    }

    /// Copies the repository's `themes/<name>` into this site's `themes/<name>`.
    pub fn copy_theme(&self, name: &str) -> &Site {
        copy_dir(
            &repo_root().join("themes").join(name),
            &self.path(&format!("themes/{name}")),
        );
        self
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `rel` (a `/`-separated path) inside the site's folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes `contents` to `rel`, creating folders as needed.
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Site {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folders");
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Writes a page: `front` is the front matter without the `---` lines.
    pub fn page(&self, rel: &str, front: &str, body: &str) -> &Site {
        self.file(rel, page_text(front, body))
    }

    /// Removes the file `rel`.
    pub fn remove(&self, rel: &str) -> &Site {
        let path = self.path(rel);
        fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        self
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Runs `attach-gen build --root <site> <args>`. Sites need a `base_url`; when neither
    /// site.yaml nor `args` gives one, `--base-url https://example.test/site` is added (see
    /// [`Site::build_exactly`] for a run without it).
    pub fn build(&self, args: &[&str]) -> Run {
        let config = fs::read_to_string(self.path("site.yaml")).unwrap_or_default();
        let has_base =
            config.lines().any(|l| l.starts_with("base_url:")) || args.contains(&"--base-url");
        let mut all: Vec<&str> = args.to_vec();
        if !has_base {
            all.extend(["--base-url", "https://example.test/site"]);
        }
        self.build_exactly(&all)
    }

    /// Runs `attach-gen build --root <site> <args>`, adding nothing.
    pub fn build_exactly(&self, args: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let mut all = vec!["build", "--root", root.as_str()];
        all.extend_from_slice(args);
        run_in(self.root(), &all)
    }

    /// Parses the HTML file at `rel` (relative to the site's folder: `output/a/index.html`).
    pub fn html(&self, rel: &str) -> Html {
        parse_html_file(&self.path(rel))
    }

    /// Every file under `rel` with its bytes and modification time.
    pub fn snapshot(&self, rel: &str) -> Snapshot {
        snapshot(&self.path(rel))
    }

    /// Names of entries directly in the site's folder that start with `.` (staging folders
    /// left behind by an interrupted or failed build would show up here).
    pub fn hidden_entries(&self) -> Vec<String> {
        hidden_entries(self.root())
    }
}

/// Names of entries directly in `dir` that start with `.`, sorted (staging folders left
/// behind by a failed or killed build show up here).
pub fn hidden_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list the folder")
        .map(|e| {
            e.expect("read entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// A real 1×1 PNG (images must be readable: a few made-up bytes are a `bad-image` error).
pub const TINY_PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0,
    0, 0, 144, 119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 156, 99, 104, 104, 104, 0, 0, 3, 4,
    1, 129, 75, 211, 210, 16, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// `---\n<front>\n---\n<body>`.
pub fn page_text(front: &str, body: &str) -> String {
    format!("---\n{}\n---\n{body}", front.trim_end_matches('\n'))
}

/// Runs the binary with `args` in `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    run_in_env(cwd, args, &[])
}

/// Like [`run_in`], with extra environment variables.
pub fn run_in_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_attach-gen"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        // Inside GitHub Actions the messages would be workflow commands; tests read the human
        // form unless they ask for another.
        .env_remove("GITHUB_ACTIONS")
        .envs(env.iter().copied())
        .output()
        .expect("run attach-gen");
    finished(output, args)
}

/// What a finished run of the binary with `args` did; a panic fails the test.
fn finished(output: std::process::Output, args: &[&str]) -> Run {
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        run.code != 101 && !run.stderr.contains("panicked"),
        "attach-gen panicked on {args:?}:\n{}",
        run.stderr
    );
    run
}

/// Runs the binary with `args` in `cwd` as someone whom the read-only folder `locked` keeps
/// out. Root (and a process with `CAP_DAC_OVERRIDE`, as tests often run in containers) writes
/// anywhere: when a file can be made in `locked`, the run goes through `setpriv` as the user
/// `nobody`, with `top` (the test's temporary folder) opened to be read; `None` when that cannot
/// be done either, and the test should stop there (it says so). No user id is guessed: the
/// folder is tried.
pub fn run_locked_out(top: &Path, cwd: &Path, locked: &Path, args: &[&str]) -> Option<Run> {
    let probe = locked.join(".attach-gen-probe");
    if fs::write(&probe, "").is_err() {
        return Some(run_in(cwd, args));
    }
    let _ = fs::remove_file(&probe);
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let can_drop = Command::new("setpriv")
        .args(nobody)
        .arg("true")
        .status()
        .is_ok_and(|s| s.success());
    if !can_drop {
        eprintln!(
            "skipped: {} can be written to, and setpriv cannot drop privileges",
            locked.display()
        );
        return None;
    }
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(top, fs::Permissions::from_mode(0o755)).expect("open the temp folder");
    }
    let output = Command::new("setpriv")
        .args(nobody)
        .arg(env!("CARGO_BIN_EXE_attach-gen"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("run attach-gen through setpriv");
    Some(finished(output, args))
}

/// Runs the binary with `args` in a neutral folder (for `--help`, `--version`, ...).
pub fn run(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("create a temp dir");
    run_in(dir.path(), args)
}

/// What one run of the binary did.
#[derive(Debug, Clone)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// One `path:line:col: error: message` printed by the binary, with its `= help:` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// With `/` separators; empty when the message names no file.
    pub file: String,
    /// 0 when not given.
    pub line: usize,
    /// 0 when not given.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Run {
    /// Panics (showing stderr) unless the build succeeded.
    pub fn assert_ok(&self) -> &Run {
        assert_eq!(
            self.code, 0,
            "expected success; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Panics (showing stderr) unless the exit code is `code`.
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit code {code}; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Every error the run printed, in order.
    pub fn errors(&self) -> Vec<Reported> {
        self.reported(": error: ", "error: ")
    }

    /// Every warning the run printed, in order.
    pub fn warnings(&self) -> Vec<Reported> {
        self.reported(": warning: ", "warning: ")
    }

    /// The warnings the run printed about `file` (`/` separators), in order.
    pub fn warnings_in(&self, file: &str) -> Vec<Reported> {
        let mut warnings = self.warnings();
        warnings.retain(|w| w.file == file);
        warnings
    }

    /// Every note the run printed, in order.
    pub fn notes(&self) -> Vec<Reported> {
        self.reported(": note: ", "note: ")
    }

    fn reported(&self, infix: &str, prefix: &str) -> Vec<Reported> {
        let mut found: Vec<Reported> = Vec::new();
        // Whether the latest diagnostic header was of the kind collected (so a `= help:` line
        // belongs to it).
        let mut last_was_ours = false;
        for line in self.stderr.lines() {
            let parsed = match line.split_once(infix) {
                Some((location, message)) => Some((parse_location(location), message)),
                None => line
                    .strip_prefix(prefix)
                    .map(|message| ((String::new(), 0, 0), message)),
            };
            if let Some(((file, line_no, column), message)) = parsed {
                found.push(Reported {
                    file,
                    line: line_no,
                    column,
                    message: message.to_string(),
                    hint: None,
                });
                last_was_ours = true;
            } else if let Some(hint) = line.trim_start().strip_prefix("= help: ") {
                if last_was_ours && let Some(last) = found.last_mut() {
                    last.hint = Some(hint.to_string());
                }
            } else if line.contains(": warning: ")
                || line.contains(": error: ")
                || line.contains(": note: ")
                || line.starts_with("Build")
            {
                last_was_ours = false;
            }
        }
        found
    }

    /// The error reported at `file:line`; panics listing every error when there is none.
    pub fn error_at(&self, file: &str, line: usize) -> Reported {
        let errors = self.errors();
        errors
            .iter()
            .find(|e| e.file == file && e.line == line)
            .cloned()
            .unwrap_or_else(|| {
                panic!(
                    "no error at {file}:{line}; errors: {errors:#?}\nstderr:\n{}",
                    self.stderr
                )
            })
    }
}

/// `content/a.md:3:7` → ("content/a.md", 3, 7); `site.yaml` → ("site.yaml", 0, 0).
fn parse_location(location: &str) -> (String, usize, usize) {
    let mut parts: Vec<&str> = location.rsplitn(3, ':').collect();
    parts.reverse();
    let numbers: Vec<usize> = parts.iter().rev().map_while(|p| p.parse().ok()).collect();
    let (file, line, column) = match numbers.as_slice() {
        [column, line] => (parts[0], *line, *column),
        [line] => (
            location.rsplit_once(':').map_or(location, |(f, _)| f),
            *line,
            0,
        ),
        _ => (location, 0, 0),
    };
    (file.replace('\\', "/"), line, column)
}

/// Every file under a folder: its path (with `/`) → bytes and modification time.
pub type Snapshot = BTreeMap<String, (Vec<u8>, Option<SystemTime>)>;

pub fn snapshot(dir: &Path) -> Snapshot {
    files_under(dir)
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = fs::read(&path).expect("read file");
            let modified = fs::metadata(&path).and_then(|m| m.modified()).ok();
            (rel, (bytes, modified))
        })
        .collect()
}

/// Every file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in
            fs::read_dir(&current).unwrap_or_else(|e| panic!("list {}: {e}", current.display()))
        {
            let path = entry.expect("read entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for file in files_under(from) {
        let dest = to.join(file.strip_prefix(from).expect("under from"));
        fs::create_dir_all(dest.parent().expect("has parent")).expect("create folders");
        fs::copy(&file, &dest).unwrap_or_else(|e| panic!("copy {}: {e}", file.display()));
    }
}

pub fn parse_html_file(path: &Path) -> Html {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// Every element matching `css`.
pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&selector(css)).collect()
}

/// Every element matching `css` inside `element`.
pub fn select_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&selector(css)).collect()
}

/// The one element matching `css`; panics when there are none or several.
pub fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{css}`, found {}",
        found.len()
    );
    found[0]
}

/// An element's text with whitespace runs collapsed to single spaces.
pub fn text(element: ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of every element matching `css`.
pub fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(text).collect()
}

/// The value of `attr` on every element matching `css` (elements without it are skipped).
pub fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    select(html, css)
        .into_iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// The `(href, text)` of every link matching `css`.
pub fn links(html: &Html, css: &str) -> Vec<(String, String)> {
    select(html, css)
        .into_iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                text(a),
            )
        })
        .collect()
}

/// The `(href, text)` of every link matching `css` inside `element`.
pub fn links_in(element: ElementRef, css: &str) -> Vec<(String, String)> {
    select_in(element, css)
        .into_iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                text(a),
            )
        })
        .collect()
}

/// Every `id` in a document.
pub fn ids(html: &Html) -> HashSet<String> {
    attrs(html, "[id]", "id").into_iter().collect()
}

/// Every `id` that appears more than once in a document.
pub fn duplicate_ids(html: &Html) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut duplicates: Vec<String> = attrs(html, "[id]", "id")
        .into_iter()
        .filter(|id| !seen.insert(id.clone()))
        .collect();
    duplicates.dedup();
    duplicates
}

/// Where a relative link in the file `from` leads: the file (a folder's `index.html`) and the
/// fragment. `Err` explains why it cannot be followed. `output` is the output root, which
/// root-absolute (`/x`) links are resolved against.
pub fn resolve_link(
    output: &Path,
    from: &Path,
    link: &str,
) -> Result<(PathBuf, Option<String>), String> {
    let (path, fragment) = match link.split_once('#') {
        Some((path, fragment)) => (path, Some(percent_decode(fragment))),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = percent_decode(path);
    if path.is_empty() {
        return Ok((from.to_path_buf(), fragment));
    }
    let base = if path.starts_with('/') {
        output.to_path_buf()
    } else {
        from.parent().expect("file has a folder").to_path_buf()
    };
    let mut resolved = output.to_path_buf();
    let relative_base = base.strip_prefix(output).expect("inside the output");
    let mut depth = 0usize;
    for component in relative_base
        .components()
        .chain(Path::new(path.trim_start_matches('/')).components())
    {
        match component {
            Component::Normal(part) => {
                resolved.push(part);
                depth += 1;
            }
            Component::ParentDir => {
                if depth == 0 {
                    return Err("climbs out of the output folder".into());
                }
                resolved.pop();
                depth -= 1;
            }
            _ => {}
        }
    }
    if path.ends_with('/') || resolved.is_dir() {
        resolved.push("index.html");
    }
    if !resolved.is_file() {
        return Err(format!(
            "{} does not exist",
            resolved.strip_prefix(output).unwrap_or(&resolved).display()
        ));
    }
    Ok((resolved, fragment))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What [`check_links`] found.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// Relative links followed (absolute http(s)/mailto links are skipped).
    pub checked: usize,
    /// Links that ended in a fragment, whose target id was checked.
    pub fragments: usize,
    pub problems: Vec<String>,
}

/// Follows every relative `a[href]`, `link[href]`, `img[src]` and `script[src]` in every HTML
/// file under `output`: each must lead to an existing file (a folder's `index.html`), and a
/// `#fragment` must name an id in the target. `http(s)://` and `mailto:` links are skipped.
/// Root-absolute links (`/x`) are only accepted in `404.html`, which is served at any depth.
pub fn check_links(output: &Path) -> LinkReport {
    let mut report = LinkReport::default();
    let mut id_cache: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let sources = [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("img[src]", "src"),
        ("script[src]", "src"),
    ];
    for file in files_under(output) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let shown = file
            .strip_prefix(output)
            .expect("under output")
            .to_string_lossy()
            .replace('\\', "/");
        let html = parse_html_file(&file);
        for (css, attr) in sources {
            for link in attrs(&html, css, attr) {
                let link = link.trim();
                let lower = link.to_ascii_lowercase();
                // Phone and text links (the help box) dial; they lead to no file.
                if ["http://", "https://", "mailto:", "tel:", "sms:"]
                    .iter()
                    .any(|scheme| lower.starts_with(scheme))
                {
                    continue;
                }
                report.checked += 1;
                let scheme = link
                    .find(':')
                    .is_some_and(|colon| link.find('/').is_none_or(|slash| colon < slash));
                if link.starts_with("//") || scheme {
                    report.problems.push(format!(
                        "{shown}: {attr}=\"{link}\": unexpected absolute link"
                    ));
                    continue;
                }
                if link.starts_with('/') && shown != "404.html" {
                    report.problems.push(format!(
                        "{shown}: {attr}=\"{link}\": root-absolute, so it breaks under a sub-path"
                    ));
                    continue;
                }
                match resolve_link(output, &file, link) {
                    Err(why) => report
                        .problems
                        .push(format!("{shown}: {attr}=\"{link}\": {why}")),
                    Ok((target, Some(fragment))) if !fragment.is_empty() => {
                        report.fragments += 1;
                        let ids = id_cache.entry(target.clone()).or_insert_with(|| {
                            if target.extension().is_some_and(|e| e == "html") {
                                ids(&parse_html_file(&target))
                            } else {
                                HashSet::new()
                            }
                        });
                        if !ids.contains(&fragment) {
                            let target = target
                                .strip_prefix(output)
                                .unwrap_or(&target)
                                .display()
                                .to_string();
                            report.problems.push(format!(
                                "{shown}: {attr}=\"{link}\": {target} has no id `{fragment}`"
                            ));
                        }
                    }
                    Ok(_) => {}
                }
            }
        }
    }
    report
}

/// A page's JSON-LD as written, and as `serde_json::Value` writes it (compact, keys sorted),
/// escaped as attach-gen escapes JSON in a `<script>`.
pub fn json_ld_as_written_and_sorted(html: &Html) -> (String, String) {
    let raw = one(html, "script[type='application/ld+json']").inner_html();
    let value: serde_json::Value = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{e}"));
    let sorted = serde_json::to_string(&value)
        .unwrap_or_else(|e| panic!("{e}"))
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    (raw, sorted)
}
