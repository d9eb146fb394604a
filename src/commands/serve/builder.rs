//! Rebuilds for `serve`: the pipeline's driver, kept between builds (with what is slow to load),
//! writing into memory.

use std::path::{Path, PathBuf};

use crate::commands::build::BuildFailure;
use crate::commands::serve::ServeOptions;
use crate::config::CONFIG_FILE;
use crate::output::{Files, MemoryOutput};
use crate::pipeline::{Changes, Destination, Driver, FirstPages, Goal, Request, Settings};
use crate::support::diagnostic::{Code, Diagnostic};

/// Builds the site into memory, keeping what is slow to load between builds.
pub struct Builder {
    driver: Driver,
    /// To start again from nothing after a build stopped on a bug.
    settings: Settings,
    /// Whether a build has read the site's content/: once one has, content/ gone is an error
    /// (see [`content_gone`]), not a site of no pages.
    had_content: bool,
}

/// A build held in memory.
pub struct Built {
    pub files: Files,
    pub pages: usize,
    /// Drafts left out (none with `--drafts`).
    pub drafts_left_out: usize,
    pub warnings: Vec<Diagnostic>,
}

impl Builder {
    /// A builder for the site `options` name, published at `base_url` (the server's address).
    pub fn new(options: &ServeOptions, base_url: String) -> Builder {
        let settings = Settings {
            root: options.root.clone(),
            base_url: Some(base_url),
            drafts: options.drafts,
            today: None,
        };
        Builder {
            driver: Driver::keeping_caches(settings.clone()),
            settings,
            had_content: false,
        }
    }

    /// The site's folder, resolved (as the file watcher reports paths).
    pub fn root(&self) -> &Path {
        self.driver.resolved_root()
    }

    /// Files outside content/, static/, themes/ and templates/ whose change means reloading
    /// the configuration: site.yaml, the bibliography files and a `.csl` style.
    pub fn config_files(&self) -> Vec<PathBuf> {
        let root = self.root();
        let mut files = vec![root.join(CONFIG_FILE)];
        if let Some(config) = self.driver.config() {
            files.extend(config.files_named().iter().map(|f| root.join(f)));
        }
        files
    }

    /// Builds the site, loading again what `changes` calls for. When only pages changed, the
    /// pages whose files are in `changed` are rendered first and handed to `early`, so they can
    /// be served (and reloaded) before the rest of the site is rendered.
    pub fn build(
        &mut self,
        changes: Changes,
        changed: &[PathBuf],
        early: &mut dyn FnMut(Files),
    ) -> Result<Built, BuildFailure> {
        let out = MemoryOutput::default();
        // A bug in one build must not stop the server: it is shown like any error, and the
        // next change is built from nothing (what the driver kept may be half updated).
        let run = crate::support::panic::catch_panic(|| {
            self.driver.run(Request {
                changes,
                goal: Goal::Publish,
                destination: Destination::Memory {
                    out: &out,
                    first: Some(FirstPages {
                        changed,
                        publish: early,
                    }),
                },
                progress: &|_| {},
            })
        });
        let report = match run {
            Ok(report) => report,
            Err(message) => {
                self.driver = Driver::keeping_caches(self.settings.clone());
                return Err(BuildFailure::from_diagnostics(vec![internal_error(
                    &message,
                )]));
            }
        };
        let no_content = report.diagnostics.iter().any(|d| d.code == Code::NoContent);
        if no_content && self.had_content {
            // Its other findings (every category and work left without a page) follow from
            // it alone: they are not news.
            return Err(BuildFailure::from_diagnostics(vec![content_gone()]));
        }
        let Some(built) = report.built else {
            let diagnostics = report.diagnostics.into_iter().map(site_yaml_gone).collect();
            return Err(BuildFailure::from_diagnostics(diagnostics));
        };
        self.had_content |= !no_content;
        Ok(Built {
            files: out.into_files(),
            pages: report.pages,
            drafts_left_out: built.drafts_left_out,
            warnings: report.diagnostics,
        })
    }
}

/// While serving, content/ gone since a build read it (deleted, renamed or moved) would make
/// a site of no pages, served in place of the editor's with a warning that scrolls away: it
/// is an error, as site.yaml gone is, and the last good build is served until it is back.
fn content_gone() -> Diagnostic {
    Diagnostic::error(
        Code::NoContent,
        "content/ is gone from the site's folder: it was deleted, renamed or moved while serve runs, so the site would have no pages",
    )
    .with_hint("put it back (undo the rename, or restore it: `git checkout -- content`): the site is rebuilt as soon as it is there; until then the last good build is served")
}

/// While serving, "this folder holds no site.yaml, so it is not a site" (with its help to run
/// `attach-gen init`) means site.yaml was deleted, renamed or moved since `serve` started: say
/// so, and that putting it back rebuilds the site.
fn site_yaml_gone(d: Diagnostic) -> Diagnostic {
    if d.code != Code::NoSite {
        return d;
    }
    Diagnostic::error(
        Code::NoSite,
        "site.yaml is gone from the site's folder: it was deleted, renamed or moved while serve runs",
    )
    .with_hint("put it back (undo the rename, or restore it: `git checkout -- site.yaml`): the site is rebuilt as soon as it is there; until then the last good build is served")
}

/// The error shown for a build that stopped on a bug.
pub fn internal_error(message: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Internal,
        format!("attach-gen stopped on a bug while building: {message}"),
    )
    .with_hint("this is attach-gen's fault, not the site's: please report it with the page that caused it; the next change is built from scratch")
}
