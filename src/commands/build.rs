//! `attach-gen build`: the site written into its output folder.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::layout::OUTPUT_DIR;
use crate::pipeline::{Changes, Destination, Driver, Goal, Progress, Request, Settings};
use crate::support::diagnostic::Diagnostic;

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
    /// The date review statuses are worked out on (`--today`); `None` for
    /// `SOURCE_DATE_EPOCH` or the clock.
    pub today: Option<crate::content::Date>,
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
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(OUTPUT_DIR));
    let mut driver = Driver::new(Settings {
        root: options.root.clone(),
        base_url: options.base_url.clone(),
        drafts: options.drafts,
        today: options.today,
    });
    let report = driver.run(Request {
        changes: Changes::default(),
        goal: Goal::Publish,
        destination: Destination::Folder {
            path: &output,
            force: options.force,
        },
        progress,
    });
    let Some(built) = report.built else {
        return Err(BuildFailure::from_diagnostics(report.diagnostics));
    };
    Ok(BuildReport {
        pages: report.pages,
        categories: built.categories,
        references: built.references,
        files: built.files,
        written_to: built.written_to.unwrap_or_else(|| output.clone()),
        output,
        in_place: built.in_place,
        elapsed: started.elapsed(),
        warnings: report.diagnostics,
    })
}
