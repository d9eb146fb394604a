//! Rebuilds for `serve`: the pipeline's driver, kept between builds (with what is slow to load),
//! writing into memory.

use std::path::{Path, PathBuf};

use crate::commands::build::BuildFailure;
use crate::commands::serve::ServeOptions;
use crate::config::CONFIG_FILE;
use crate::output::{Files, MemoryOutput};
use crate::pipeline::{Changes, Destination, Driver, FirstPages, Goal, Request, Settings};
use crate::support::diagnostic::Diagnostic;

/// Builds the site into memory, keeping what is slow to load between builds.
pub struct Builder {
    driver: Driver,
}

/// A build held in memory.
pub struct Built {
    pub files: Files,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

impl Builder {
    /// A builder for the site `options` name, published at `base_url` (the server's address).
    pub fn new(options: &ServeOptions, base_url: String) -> Builder {
        Builder {
            driver: Driver::keeping_caches(Settings {
                root: options.root.clone(),
                base_url: Some(base_url),
                drafts: options.drafts,
                today: None,
            }),
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
        let report = self.driver.run(Request {
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
        });
        if report.built.is_none() {
            return Err(BuildFailure::from_diagnostics(report.diagnostics));
        }
        Ok(Built {
            files: out.into_files(),
            pages: report.pages,
            warnings: report.diagnostics,
        })
    }
}
