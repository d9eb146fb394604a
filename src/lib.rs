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
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod urls;
pub mod yaml;

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
    pub output: PathBuf,
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

    /// Copies every file under `dir` into the output root; returns how many.
    fn copy_tree(&self, dir: &Path) -> std::io::Result<usize> {
        let mut copied = 0;
        for (rel, path) in static_files_in(dir) {
            self.write(&rel, &std::fs::read(&path)?)?;
            copied += 1;
        }
        Ok(copied)
    }
}

impl Output for output::Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        output::Staging::write(self, rel, bytes)
    }

    fn copy_tree(&self, dir: &Path) -> std::io::Result<usize> {
        output::Staging::copy_tree(self, dir)
    }
}

/// Every file under `dir` (recursively, sorted): its `/`-separated path relative to `dir`,
/// and its full path. Nothing when `dir` does not exist.
pub fn static_files_in(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let rel = entry.path().strip_prefix(dir).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((rel, entry.path().to_path_buf()))
        })
        .collect()
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
        let (library, mut problems) = bibliography::load(&config);
        diagnostics.append(&mut problems);
        phase("read bibliography", &mut clock);
        let style = bibliography::CitationStyle::load(&config)
            .map_err(|d| diagnostics.push(d))
            .ok();
        let theme = render::load_theme(&config)
            .map_err(|mut e| diagnostics.append(&mut e))
            .ok();
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

    /// The files the theme's static folders and built-in files put at the output root.
    pub fn static_files(&self) -> HashSet<String> {
        let mut files: HashSet<String> = self
            .theme
            .builtin_static
            .iter()
            .map(|(name, _)| name.to_string())
            .collect();
        for dir in &self.theme.static_dirs {
            files.extend(static_files_in(dir).into_iter().map(|(rel, _)| rel));
        }
        files
    }

    /// Reads every page; with `cache` (kept by `serve`), files whose bytes have not changed are
    /// not parsed again.
    pub fn load_content(&self, cache: Option<&mut content::Cache>) -> content::Loaded {
        content::load_cached(&self.config.root, self.drafts, cache)
    }

    /// Builds the site model from `pages`. The error holds every diagnostic (warnings too).
    /// `cache` (kept by `serve` between builds) saves rendering unchanged pages' Markdown and
    /// formatting unchanged citations again; it must be dropped when `self` is reloaded.
    pub fn model(
        &self,
        pages: Vec<content::SourcePage>,
        drafts: &[String],
        cache: Option<&mut site::Cache>,
    ) -> Result<site::Site, Vec<Diagnostic>> {
        site::build(
            self.config.clone(),
            pages,
            drafts,
            &self.static_files(),
            &self.library,
            &self.style,
            cache,
        )
    }

    /// Renders every file of `site` (static files first, then the templates) into `out`;
    /// returns how many files were written.
    pub fn render(
        &self,
        site: &site::Site,
        out: &dyn Output,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<usize, Vec<Diagnostic>> {
        let io_error = |e: std::io::Error| {
            vec![Diagnostic::error(
                "io",
                format!("cannot write the output: {e}"),
            )]
        };
        let mut files = self.theme.builtin_static.len();
        for (name, bytes) in self.theme.builtin_static {
            out.write(name, bytes).map_err(io_error)?;
        }
        for dir in &self.theme.static_dirs {
            files += out.copy_tree(dir).map_err(io_error)?;
        }
        let total = site.pages.len() + site.categories.len() + 4;
        let done = std::sync::atomic::AtomicUsize::new(0);
        files += render::render_site(site, self.theme.clone(), &|path, bytes| {
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(Progress::Rendering {
                done: n,
                total: total.max(n),
            });
            out.write(path, bytes)
        })?;
        Ok(files)
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
    if let Err(d) = output::check_output_dir(&config.root, &output_dir, options.force) {
        diagnostics.push(d);
    }
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

    let site = prepared
        .model(loaded.pages, &loaded.drafts, None)
        .map_err(|mut errors| {
            errors.append(&mut diagnostics);
            fail(errors)
        })?;
    diagnostics.extend(site.warnings.iter().cloned());
    phase("site model", &mut clock);

    let staging = output::Staging::new(&output_dir).map_err(|e| {
        fail(vec![Diagnostic::error(
            "io",
            format!(
                "cannot create the output folder next to {}: {e}",
                output_dir.display()
            ),
        )])
    })?;
    let files = prepared
        .render(&site, &staging, progress)
        .map_err(|mut errors| {
            errors.append(&mut diagnostics);
            fail(errors)
        })?;
    phase("render and write", &mut clock);
    staging.commit().map_err(|e| {
        fail(vec![Diagnostic::error(
            "io",
            format!("cannot write the output: {e}"),
        )])
    })?;
    phase("swap output", &mut clock);

    Ok(BuildReport {
        pages: site.pages.len(),
        categories: site.categories.len(),
        references: site.bibliography.works.len(),
        files,
        output: output_dir,
        elapsed: started.elapsed(),
        warnings: diagnostics,
    })
}
