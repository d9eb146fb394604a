//! attach-gen: a static site generator for resource pages.
//!
//! One pipeline, one module per stage, each handing plain values to the next:
//!
//! ```text
//! config → content → bibliography → site → render → output
//! ```
//!
//! [`build`] below is the whole of it. Stages report problems as [`Diagnostic`]s; nothing is
//! written unless every stage before `output` succeeded.

// Diagnostics travel only on the error path, where their size costs nothing measurable;
// boxing them would make every stage's signature noisier for no gain.
#![allow(clippy::result_large_err)]

pub mod bibliography;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod escape;
pub mod feeds;
pub mod http;
pub mod ids;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source;
pub mod template_text;
pub mod urls;
pub mod yaml;
pub mod yaml_scan;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostic::{Diagnostic, Severity};

/// With `ATTACH_GEN_TIMINGS=1` in the environment, prints how long each phase took (for
/// profiling; see docs/performance.md).
pub(crate) fn phase(name: &str, since: &mut Instant) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("ATTACH_GEN_TIMINGS").is_some()) {
        eprintln!(
            "{name:>24}: {:>7.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
    *since = Instant::now();
}

/// Runs `f`, turning a panic inside it into `Err` with the panic's message, without printing
/// it: for code we call into that may panic on input we hand it (the template engine). A panic
/// elsewhere in the process is printed as usual.
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    use std::cell::Cell;
    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|quiet| quiet.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(was_quiet));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into())
    })
}

/// What `attach-gen build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The folder holding `site.yaml`.
    pub root: PathBuf,
    /// Where to write; `<root>/output` when `None`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Replace a non-empty output folder attach-gen did not create.
    pub force: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub categories: usize,
    pub references: usize,
    pub files: usize,
    /// The output folder as given.
    pub output: PathBuf,
    /// The folder written to, resolved: a link's target when `output` is a link.
    pub written_to: PathBuf,
    /// The output folder could not be swapped (a mount point, say), so its entries were
    /// replaced one by one inside it.
    pub in_place: bool,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

/// Why a build failed: every error found, and the warnings seen on the way.
#[derive(Debug)]
pub struct BuildFailure {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl BuildFailure {
    /// Splits `diagnostics` into errors (in reading order: by file, then line) and warnings.
    pub fn from_diagnostics(diagnostics: Vec<Diagnostic>) -> BuildFailure {
        let (mut errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            diagnostics.into_iter().partition(Diagnostic::is_error);
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        BuildFailure { errors, warnings }
    }
}

/// Where rendered files go: the staging folder of `build`, memory for `serve`, nowhere for
/// `check`. Paths are relative to the output root, with `/` separators.
pub trait Output: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Copies the file at `from` (a static file, already checked by [`source::walk`]) to `rel`.
    fn copy_file(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        use std::io::Read as _;
        let (mut file, size) = source::open_regular(from).map_err(read_to_io)?;
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        file.read_to_end(&mut bytes)?;
        self.write(rel, &bytes)
    }

    /// The error to report when writing `rel` failed with `error`.
    fn write_error(&self, rel: &str, error: &std::io::Error) -> Diagnostic {
        Diagnostic::error("io", format!("cannot write {rel}: {error}"))
    }
}

/// A [`source::ReadError`] as an I/O error (its message kept).
pub(crate) fn read_to_io(e: source::ReadError) -> std::io::Error {
    match e {
        source::ReadError::Io(e) => e,
        other => std::io::Error::other(other.to_string()),
    }
}

impl Output for output::Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        output::Staging::write(self, rel, bytes)
    }

    fn copy_file(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        output::Staging::copy_file(self, rel, from)
    }

    fn write_error(&self, rel: &str, error: &std::io::Error) -> Diagnostic {
        output::Staging::write_error(self, rel, error)
    }
}

/// Passes writes on to `out` until one fails, then refuses the rest at once: a full disk is
/// one error naming the output folder, not one per file.
struct StopAtFirstError<'a> {
    out: &'a dyn Output,
    first: std::sync::Mutex<Option<Diagnostic>>,
}

impl StopAtFirstError<'_> {
    fn record<T>(&self, rel: &str, result: std::io::Result<T>) -> std::io::Result<T> {
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

    fn take(&self) -> Option<Diagnostic> {
        self.first.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl Output for StopAtFirstError<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        if self.stopped() {
            return Err(std::io::Error::other("stopped after an earlier error"));
        }
        self.record(rel, self.out.write(rel, bytes))
    }

    fn copy_file(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        if self.stopped() {
            return Err(std::io::Error::other("stopped after an earlier error"));
        }
        self.record(rel, self.out.copy_file(rel, from))
    }
}

/// Where a static file comes from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// A file of the built-in default theme.
    Builtin(&'static [u8]),
    /// A file under the theme's or the site's `static/` (its full path).
    File(PathBuf),
}

/// The static files of a build: output path → where it comes from (the site's `static/` over
/// the theme's, the theme's over the built-in files), and what was skipped or clashes.
#[derive(Debug, Default)]
pub struct StaticFiles {
    pub files: std::collections::BTreeMap<String, StaticSource>,
    /// Links and special files skipped (warnings); a file and a folder at one path (errors).
    pub diagnostics: Vec<Diagnostic>,
}

impl StaticFiles {
    /// The static file at `rel` as the user would name it: `static/a.png`, or the built-in
    /// theme's file.
    pub fn shown(&self, root: &Path, rel: &str) -> String {
        match self.files.get(rel) {
            Some(StaticSource::File(path)) => source::shown(root, path).display().to_string(),
            _ => format!("{rel} (a file of the built-in theme)"),
        }
    }
}

/// Progress of a long build, for a counter on a terminal.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Reading pages and building the site model.
    Reading,
    /// `done` files written of about `total`.
    Rendering { done: usize, total: usize },
}

/// The parts of a site that are slow to load and rarely change: the configuration, the
/// bibliography, the citation style (loading its locales alone takes ~50 ms) and the theme.
/// `build` and `check` use one once; `serve` keeps one across rebuilds and reloads it only when
/// site.yaml, a bibliography file, the style or a template changes.
pub struct Prepared {
    pub config: config::Config,
    pub library: bibliography::Library,
    pub style: bibliography::CitationStyle,
    pub theme: render::Theme,
    pub drafts: bool,
}

/// Reads site.yaml and applies `--base-url`. On failure the pages' own problems are reported
/// in the same run, because they can be checked without the configuration.
pub fn load_config(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
) -> Result<config::Config, BuildFailure> {
    let mut config = config::load(root).map_err(|mut errors| {
        if errors.iter().all(|e| e.code != "no-site") {
            errors.extend(content::load(root, drafts).diagnostics);
        }
        BuildFailure::from_diagnostics(errors)
    })?;
    if let Some(url) = base_url {
        let url = config::check_base_url(url).map_err(|why| {
            BuildFailure::from_diagnostics(vec![Diagnostic::error(
                "usage",
                format!("--base-url: {why}"),
            )])
        })?;
        config.base_url = Some(url);
    }
    Ok(config)
}

/// The error for a site without `base_url`, which canonical links, feeds and the sitemap need.
pub fn check_base_url_present(config: &config::Config) -> Option<Diagnostic> {
    config.base_url.is_none().then(|| {
        Diagnostic::error(
            "no-base-url",
            "site.yaml has no `base_url`, which canonical links, feeds and the sitemap need",
        )
        .in_file(config::CONFIG_FILE)
        .with_hint(
            "add a line such as `base_url: https://example.org/resources`, or pass --base-url URL",
        )
    })
}

impl Prepared {
    /// Loads the bibliography, the citation style and the theme for `config`. Problems go to
    /// `diagnostics`; `None` when one of them could not be loaded at all.
    pub fn load(
        config: config::Config,
        drafts: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Prepared> {
        let mut clock = Instant::now();
        diagnostics.extend(config.warnings.iter().cloned());
        let (library, mut problems) = bibliography::load(&config);
        diagnostics.append(&mut problems);
        phase("read bibliography", &mut clock);
        let style = bibliography::CitationStyle::load(&config)
            .map_err(|d| diagnostics.push(d))
            .ok();
        let theme = render::load_theme(&config)
            .map_err(|mut e| diagnostics.append(&mut e))
            .ok();
        if let Some(theme) = &theme {
            diagnostics.extend(theme.warnings.iter().cloned());
        }
        phase("load style and theme", &mut clock);
        Some(Prepared {
            config,
            library,
            style: style?,
            theme: theme?,
            drafts,
        })
    }

    /// Reloads only the templates (after a change under `themes/` or `templates/`).
    pub fn reload_theme(&mut self) -> Result<(), Vec<Diagnostic>> {
        self.theme = render::load_theme(&self.config)?;
        Ok(())
    }

    /// The static files this build copies: the built-in theme's, then each static folder's
    /// (later ones replace earlier ones at the same path). A file in one folder where another
    /// has a folder of the same name is an error naming both.
    pub fn static_files(&self) -> StaticFiles {
        let root = &self.config.root;
        let mut statics = StaticFiles::default();
        for (name, bytes) in self.theme.builtin_static {
            statics
                .files
                .insert(name.to_string(), StaticSource::Builtin(bytes));
        }
        for dir in &self.theme.static_dirs {
            let found = source::walk(
                root,
                dir,
                &source::Rules {
                    skip_hidden: false,
                    wanted: |_| true,
                },
            );
            statics.diagnostics.extend(found.diagnostics);
            for (rel, path) in found.files {
                statics.files.insert(rel, StaticSource::File(path));
            }
        }
        let mut clashes = Vec::new();
        for rel in statics.files.keys() {
            for folder in output::folders_of(rel) {
                if statics.files.contains_key(folder) {
                    clashes.push(
                        Diagnostic::error(
                            "static-clash",
                            format!(
                                "{} and {} cannot both be copied: `{folder}` would have to be a file and a folder",
                                statics.shown(root, folder),
                                statics.shown(root, rel)
                            ),
                        )
                        .in_file(statics.shown(root, rel))
                        .with_hint("rename or remove one of them"),
                    );
                }
            }
        }
        statics.diagnostics.extend(clashes);
        statics
    }

    /// Reads every page; with `cache` (kept by `serve`), files whose bytes have not changed are
    /// not parsed again.
    pub fn load_content(&self, cache: Option<&mut content::Cache>) -> content::Loaded {
        content::load_cached(&self.config.root, self.drafts, cache)
    }

    /// Builds the site model from `pages`. The error holds every diagnostic (warnings too).
    /// `cache` (kept by `serve` between builds) saves rendering unchanged pages' Markdown and
    /// formatting unchanged citations again; it must be dropped when `self` is reloaded.
    /// What `statics` and the theme skipped, or found clashing, is reported here too.
    pub fn model(
        &self,
        pages: Vec<content::SourcePage>,
        drafts: &[String],
        statics: &StaticFiles,
        cache: Option<&mut site::Cache>,
    ) -> Result<site::Site, Vec<Diagnostic>> {
        let names: HashSet<String> = statics.files.keys().cloned().collect();
        let found = self
            .theme
            .warnings
            .iter()
            .chain(&statics.diagnostics)
            .cloned();
        match site::build(
            self.config.clone(),
            pages,
            drafts,
            site::ThemeNames {
                static_files: &names,
                ids: &self.theme.ids,
            },
            &self.library,
            &self.style,
            cache,
        ) {
            Ok(mut site) if !statics.diagnostics.iter().any(Diagnostic::is_error) => {
                site.warnings.extend(found);
                Ok(site)
            }
            Ok(site) => Err(found.chain(site.warnings).collect()),
            Err(mut errors) => {
                errors.extend(found);
                Err(errors)
            }
        }
    }

    /// Renders every file of `site` into `out`: the generated files first, then the static
    /// files. A static file at the path of a generated one is not copied (the generated file is
    /// built from the site as it is now; a copy would go stale unnoticed): that is a warning
    /// naming both. A static file where a generated folder goes, or the other way round, is an
    /// error. Gives the number of files written and those warnings. The first write that fails
    /// stops the rest and is the only error reported.
    pub fn render(
        &self,
        site: &site::Site,
        statics: &StaticFiles,
        out: &dyn Output,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<(usize, Vec<Diagnostic>), Vec<Diagnostic>> {
        let out = StopAtFirstError {
            out,
            first: std::sync::Mutex::new(None),
        };
        let total = site.pages.len() + site.categories.len() + 4;
        let done = std::sync::atomic::AtomicUsize::new(0);
        let generated = std::sync::Mutex::new(HashSet::from([output::MARKER.to_string()]));
        let rendered = render::render_site(site, self.theme.clone(), &|path, bytes| {
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
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
        let (copy, warnings, errors) =
            static_against_generated(&self.config.root, statics, &generated);
        if !errors.is_empty() {
            return Err(errors);
        }
        for (rel, from) in copy {
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
            None => Ok((files, warnings)),
        }
    }
}

/// Which static files to copy, given the output paths of the generated files: those at a
/// generated file's path are left out with a warning; a file where a generated folder goes (or
/// a folder where a generated file goes) is an error.
fn static_against_generated<'a>(
    root: &Path,
    statics: &'a StaticFiles,
    generated: &HashSet<String>,
) -> (
    Vec<(&'a str, &'a StaticSource)>,
    Vec<Diagnostic>,
    Vec<Diagnostic>,
) {
    let generated_folders: HashSet<&str> = generated
        .iter()
        .flat_map(|path| output::folders_of(path))
        .collect();
    let (mut copy, mut warnings, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for (rel, from) in &statics.files {
        let shown = statics.shown(root, rel);
        if generated.contains(rel) {
            warnings.push(
                Diagnostic::warning(
                    "static-replaced",
                    format!("{shown} is not copied: attach-gen writes `{rel}` itself, from the site's pages"),
                )
                .in_file(&shown)
                .with_hint(replaced_hint(rel)),
            );
        } else if generated_folders.contains(rel.as_str()) {
            errors.push(
                Diagnostic::error(
                    "static-clash",
                    format!("{shown} is a file where attach-gen writes the folder `{rel}/`"),
                )
                .in_file(&shown)
                .with_hint("rename or move it"),
            );
        } else if let Some(file) = output::folders_of(rel).find(|f| generated.contains(*f)) {
            errors.push(
                Diagnostic::error(
                    "static-clash",
                    format!("{shown} would need `{file}` to be a folder, but attach-gen writes the file `{file}` there"),
                )
                .in_file(&shown)
                .with_hint("rename or move its folder"),
            );
        } else {
            copy.push((rel.as_str(), from));
        }
    }
    (copy, warnings, errors)
}

/// What to do about a static file that a generated one replaces.
fn replaced_hint(rel: &str) -> String {
    let template = match rel {
        "index.html" => Some("index.html"),
        "404.html" => Some("404.html"),
        _ if rel.starts_with("categories/") && rel.ends_with("index.html") => Some("category.html"),
        _ if rel.starts_with("bibliography/") => Some("bibliography.html"),
        _ if rel.ends_with("/index.html") => Some("page.html"),
        _ => None,
    };
    match template {
        Some(template) => format!(
            "remove it; to change that page, override the template `{template}` in templates/"
        ),
        None => "remove it (or rename it, to publish it beside the generated file)".into(),
    }
}

/// Builds the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    build_with_progress(options, &|_| {})
}

/// [`build`], telling `progress` how far it got (for a counter on a terminal).
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let mut clock = started;
    let fail = BuildFailure::from_diagnostics;
    progress(Progress::Reading);

    let config = load_config(&options.root, options.base_url.as_deref(), options.drafts)?;
    phase("config", &mut clock);
    let output_dir = options
        .output
        .clone()
        .unwrap_or_else(|| config.root.join("output"));

    let mut diagnostics = Vec::new();
    diagnostics.extend(check_base_url_present(&config));
    // The folder written to: a link's target when `output` is a link.
    let written_to = output::check_output_dir(
        &config.root,
        &output::source_paths(&config),
        &output_dir,
        options.force,
    )
    .map_err(|d| diagnostics.push(d))
    .ok();
    let loaded = content::load(&config.root, options.drafts);
    diagnostics.extend(loaded.diagnostics);
    phase("read content", &mut clock);
    let Some(prepared) = Prepared::load(config, options.drafts, &mut diagnostics) else {
        return Err(fail(diagnostics));
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(fail(diagnostics));
    }
    clock = Instant::now();

    let statics = prepared.static_files();
    let site = prepared
        .model(loaded.pages, &loaded.drafts, &statics, None)
        .map_err(|mut errors| {
            errors.append(&mut diagnostics);
            fail(errors)
        })?;
    diagnostics.extend(site.warnings.iter().cloned());
    phase("site model", &mut clock);

    let Some(written_to) = written_to else {
        return Err(fail(diagnostics));
    };
    let with_warnings = |d: Diagnostic, warnings: &[Diagnostic]| {
        fail([d].into_iter().chain(warnings.to_vec()).collect())
    };
    let staging = output::Staging::new(&written_to, &output_dir)
        .map_err(|d| with_warnings(d, &diagnostics))?;
    let (files, replaced) = prepared
        .render(&site, &statics, &staging, progress)
        .map_err(|mut errors| {
            errors.append(&mut diagnostics);
            fail(errors)
        })?;
    diagnostics.extend(replaced);
    phase("render and write", &mut clock);
    let in_place = staging.mode() == output::Mode::InPlace;
    staging
        .commit()
        .map_err(|d| with_warnings(d, &diagnostics))?;
    phase("swap output", &mut clock);

    Ok(BuildReport {
        pages: site.pages.len(),
        categories: site.categories.len(),
        references: site.bibliography.works.len(),
        files,
        output: output_dir,
        written_to,
        in_place,
        elapsed: started.elapsed(),
        warnings: diagnostics,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn panics_become_errors_and_the_process_goes_on() {
        let caught = super::catch_panic(|| -> u8 { panic!("the engine broke") });
        assert_eq!(caught, Err("the engine broke".to_string()));
        let formatted = super::catch_panic(|| -> u8 { panic!("{} broke", "it") });
        assert_eq!(formatted, Err("it broke".to_string()));
        assert_eq!(super::catch_panic(|| 7), Ok(7));
        // Nested: the inner call leaves the outer one quiet.
        let nested = super::catch_panic(|| {
            let _ = super::catch_panic(|| -> u8 { panic!("inner") });
            panic!("outer")
        });
        assert_eq!(nested, Err::<(), _>("outer".to_string()));
    }
}
