//! `attach-gen build`: the site written into its output folder.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::layout::OUTPUT_DIR;
use crate::output::ChangeSet;
use crate::pipeline::{Changes, Destination, Driver, Goal, Progress, Request, Settings};
use crate::support::diagnostic::{Code, Diagnostic};

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
    /// Where to write the list of files the build added, modified or deleted
    /// (`--changed-list`).
    pub changed_list: Option<PathBuf>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    /// Drafts left out (none with `--drafts`).
    pub drafts_left_out: usize,
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
    /// The files added, modified and deleted against the previous output.
    pub changes: ChangeSet,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

/// Why a build failed: every error found, and the warnings seen on the way.
#[derive(Debug)]
pub struct BuildFailure {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// The new site was put in place before the failure (only `--changed-list` fails then).
    pub site_replaced: bool,
}

impl BuildFailure {
    /// Splits `diagnostics` into errors (in reading order: by file, then line) and warnings.
    pub fn from_diagnostics(diagnostics: Vec<Diagnostic>) -> BuildFailure {
        let (mut errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            diagnostics.into_iter().partition(Diagnostic::is_error);
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        BuildFailure {
            errors,
            warnings,
            site_replaced: false,
        }
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
    if let Some(list) = &options.changed_list {
        check_list_path(list, &output, &site_sources(&options.root))
            .map_err(|d| BuildFailure::from_diagnostics(vec![d]))?;
    }
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
            named: options.output.is_some(),
        },
        progress,
    });
    let Some(built) = report.built else {
        return Err(BuildFailure::from_diagnostics(report.diagnostics));
    };
    let changes = built.changes.unwrap_or_default();
    if let Some(list) = &options.changed_list
        && let Err(e) = std::fs::write(list, changes.to_list())
    {
        let d = Diagnostic::error(
            Code::Io,
            format!(
                "the site was built into {}, but the list of changed files could not be written to {}: {e}",
                output.display(),
                list.display()
            ),
        )
        .with_hint("the new site is in place, so a build now would list nothing changed: make room (or fix what the message names) and upload the whole output folder this time");
        return Err(BuildFailure {
            errors: vec![d],
            warnings: report.diagnostics,
            site_replaced: true,
        });
    }
    Ok(BuildReport {
        pages: report.pages,
        drafts_left_out: built.drafts_left_out,
        categories: built.categories,
        references: built.references,
        files: built.files,
        written_to: built.written_to.unwrap_or_else(|| output.clone()),
        output,
        in_place: built.in_place,
        changes,
        elapsed: started.elapsed(),
        warnings: report.diagnostics,
    })
}

/// The site's own files and folders (site.yaml, content/, static/..., the files site.yaml
/// names), under `root`; without a readable site.yaml, those every site has.
fn site_sources(root: &Path) -> Vec<PathBuf> {
    let relative = match crate::config::load(root) {
        Ok(config) => config.source_paths(),
        Err(_) => std::iter::once(crate::config::CONFIG_FILE)
            .chain(crate::config::layout::SOURCE_DIRS)
            .map(PathBuf::from)
            .collect(),
    };
    relative.iter().map(|path| root.join(path)).collect()
}

/// `--changed-list FILE` may not be inside the output folder (the next build would take it for
/// a file of the old site, and a deploy would publish it), nor be one of the site's own files or
/// inside its folders (`--changed-list site.yaml` replaced the site's configuration).
fn check_list_path(list: &Path, output: &Path, sources: &[PathBuf]) -> Result<(), Diagnostic> {
    let absolute = |path: &Path| -> PathBuf {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        // Resolve what exists (links included), keep the rest as written.
        let mut existing = path.as_path();
        let mut rest = Vec::new();
        while let Some(parent) = existing.parent() {
            if let Ok(real) = existing.canonicalize() {
                return rest
                    .iter()
                    .rev()
                    .fold(real, |p: PathBuf, part| p.join(part));
            }
            rest.extend(existing.file_name());
            existing = parent;
        }
        path
    };
    let list_path = absolute(list);
    if let Some(source) = sources.iter().find(|s| list_path.starts_with(absolute(s))) {
        let source = source.strip_prefix(".").unwrap_or(source);
        return Err(Diagnostic::error(
            Code::Usage,
            if list_path == absolute(source) {
                format!(
                    "--changed-list {} is the site's own {}: the list would replace it",
                    list.display(),
                    source.display()
                )
            } else {
                format!(
                    "--changed-list {} is inside {}/, which the build reads",
                    list.display(),
                    source.display()
                )
            },
        )
        .with_hint("write the list outside the site's sources, for example --changed-list changed.txt in the site's folder"));
    }
    if list_path.starts_with(absolute(output)) {
        return Err(Diagnostic::error(
            Code::Usage,
            format!(
                "--changed-list {} is inside the output folder {}",
                list.display(),
                output.display()
            ),
        )
        .with_hint("write the list somewhere else, for example --changed-list changed.txt in the site's folder"));
    }
    list_is_writable_file(list)
}

/// A `--changed-list` that names a folder (`.`, `deploy/`), a file in a folder that does not
/// exist, or a file that cannot be opened for writing (a read-only folder, `/proc`), could never
/// be written: refused before the build rather than after it replaced the output, when building
/// again would list nothing changed. (A full disk is still found only when the list is written.)
fn list_is_writable_file(list: &Path) -> Result<(), Diagnostic> {
    let shown = list.display();
    let written_as_folder = list.to_string_lossy().ends_with(std::path::is_separator);
    if list.is_dir() || written_as_folder {
        let inside = list.join("changed.txt");
        return Err(Diagnostic::error(
            Code::Usage,
            format!("--changed-list {shown} is a folder, but the list is a file"),
        )
        .with_hint(format!(
            "name a file for the list, for example --changed-list {}",
            crate::support::escape::shell_word(&inside.to_string_lossy())
        )));
    }
    let folder = list.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(folder) = folder
        && !folder.is_dir()
    {
        let why = if folder.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        let quoted = crate::support::escape::shell_word(&folder.to_string_lossy());
        return Err(Diagnostic::error(
            Code::Usage,
            format!("--changed-list {shown}: its folder `{}` {why}", folder.display()),
        )
        .with_hint(if folder.exists() {
            "write the list in a folder, for example --changed-list changed.txt in the site's folder".to_string()
        } else {
            format!("make the folder first (mkdir -p {quoted}), or write the list in the site's folder: --changed-list changed.txt")
        }));
    }
    can_open_list(list)
}

/// Opens `list` for writing, as the build will, without changing it: a file made for the try is
/// removed again. Only a file, or nothing yet, is tried: opening a named pipe would wait for a
/// reader, and a device (`/dev/stdout`) is written when the build is done.
fn can_open_list(list: &Path) -> Result<(), Diagnostic> {
    let before = list.symlink_metadata().ok();
    let try_it = match &before {
        None => true,
        Some(m) if m.is_symlink() => list.metadata().is_ok_and(|m| m.is_file()),
        Some(m) => m.is_file(),
    };
    if !try_it {
        return Ok(());
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(list)
    {
        Ok(_) => {
            if before.is_none() {
                let _ = std::fs::remove_file(list);
            }
            Ok(())
        }
        Err(e) => Err(Diagnostic::error(
            Code::Usage,
            // The folder exists (see above): "No such file" is its way of taking no new file.
            if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "--changed-list {}: the list cannot be written there: its folder takes no new file",
                    list.display()
                )
            } else {
                format!(
                    "--changed-list {}: the list cannot be written there: {e}",
                    list.display()
                )
            },
        )
        .with_hint("write the list in a folder you may write to, for example --changed-list changed.txt in the site's folder")),
    }
}
