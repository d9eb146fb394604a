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
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod feeds;
pub mod markdown;
pub mod output;
pub mod render;
pub mod site;
pub mod slug;
pub mod urls;
pub mod yaml;

use std::path::PathBuf;
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

/// Builds the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let mut clock = started;
    let fail = |diagnostics: Vec<Diagnostic>| {
        let (mut errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            diagnostics.into_iter().partition(Diagnostic::is_error);
        // Reported in reading order: by file, then line.
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        BuildFailure { errors, warnings }
    };

    let mut config = config::load(&options.root).map_err(|mut errors| {
        // Pages can be checked without the config: report their problems in the same run.
        if errors.iter().all(|e| e.code != "no-site") {
            errors.extend(content::load(&options.root, options.drafts).diagnostics);
        }
        fail(errors)
    })?;
    if let Some(url) = &options.base_url {
        let url = config::check_base_url(url).map_err(|why| {
            fail(vec![Diagnostic::error(
                "usage",
                format!("--base-url: {why}"),
            )])
        })?;
        config.base_url = Some(url);
    }
    phase("config", &mut clock);
    let output_dir = options
        .output
        .clone()
        .unwrap_or_else(|| config.root.join("output"));

    let mut diagnostics = Vec::new();
    if config.base_url.is_none() {
        diagnostics.push(
            Diagnostic::error(
                "no-base-url",
                "site.yaml has no `base_url`, which canonical links, feeds and the sitemap need",
            )
            .in_file(config::CONFIG_FILE)
            .with_hint("add a line such as `base_url: https://example.org/resources`, or pass --base-url URL"),
        );
    }
    if let Err(d) = output::check_output_dir(&config.root, &output_dir, options.force) {
        diagnostics.push(d);
    }
    let loaded = content::load(&config.root, options.drafts);
    diagnostics.extend(loaded.diagnostics);
    phase("read content", &mut clock);
    let library = bibliography::load(&config).unwrap_or_else(|mut errors| {
        diagnostics.append(&mut errors);
        bibliography::Library::default()
    });
    phase("read bibliography", &mut clock);
    let style = bibliography::CitationStyle::load(&config)
        .map_err(|d| diagnostics.push(d))
        .ok();
    let theme = render::load_theme(&config)
        .map_err(|mut e| diagnostics.append(&mut e))
        .ok();
    phase("load style and theme", &mut clock);
    let (Some(style), Some(theme)) = (style, theme) else {
        return Err(fail(diagnostics));
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(fail(diagnostics));
    }

    let site = site::build(
        config,
        loaded.pages,
        &loaded.drafts,
        &theme.static_names(),
        &library,
        &style,
    )
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
    let io_error = |e: std::io::Error| {
        fail(vec![Diagnostic::error(
            "io",
            format!("cannot write the output: {e}"),
        )])
    };
    let mut files = theme.builtin_static.len();
    for (name, bytes) in theme.builtin_static {
        staging.write(name, bytes).map_err(io_error)?;
    }
    for dir in &theme.static_dirs {
        files += staging.copy_tree(dir).map_err(io_error)?;
    }
    files += render::render_site(&site, theme, &|path, bytes| staging.write(path, bytes)).map_err(
        |mut errors| {
            errors.append(&mut diagnostics);
            fail(errors)
        },
    )?;
    phase("render and write", &mut clock);
    staging.commit().map_err(io_error)?;
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
