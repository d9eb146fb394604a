//! The one build driver. `build`, `serve` and `check` all run the site through
//! [`Driver::run`], so what one of them reads, checks and reports, they all do:
//!
//! ```text
//! site.yaml → base_url, output folder → content/ → bibliography, style, theme
//!           → site model → render into the output → swap it into place
//! ```
//!
//! A run takes what changed since the last one (everything, the first time), what it is for
//! ([`Goal`]) and where the files go ([`Destination`]); it gives a [`Report`]: the pages read,
//! every diagnostic in the order found, and what was built. The driver keeps what is slow to
//! load between runs when asked to ([`Driver::keeping_caches`], for `serve`).

mod setup;
mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, LoadedPages, ParsedPageCache};
use crate::output::{self, Discard, Files, MemoryOutput, Staging};
use crate::render::{StaticFiles, StaticSource};
use crate::site::{self, ModelCache, Site};
use crate::support::diagnostic::{Code, Diagnostic, Severity};
use crate::support::timing::Clock;

pub use setup::{SiteSetup, check_base_url_present, load_config};
pub use write::write_site;

/// Which site, and how to read it.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The folder holding `site.yaml`, as given (`.` for the current folder).
    pub root: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// The date review statuses are worked out on (`--today`); else `SOURCE_DATE_EPOCH`'s
    /// day, else the clock's (see [`content::today`]).
    pub today: Option<content::Date>,
}

/// What a run is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    /// A site to publish (`build`, `serve`): the run stops at the first stage with errors.
    Publish,
    /// Findings (`check`): the run goes on as far as it can, so that one run reports every
    /// problem, and adds the editorial checks.
    Check,
}

/// Where a run's files go.
pub enum Destination<'a> {
    /// A folder (`build`), checked before anything is read (see
    /// [`output::check_output_dir`]), written in a staging folder and swapped into place.
    /// `named`: the user named the folder (`--output`), rather than the site's `output/`.
    Folder {
        path: &'a Path,
        force: bool,
        named: bool,
    },
    /// Memory (`serve`). With `first`, the pages whose source files changed are rendered
    /// before the rest and handed over, so they can be served sooner.
    Memory {
        out: &'a MemoryOutput,
        first: Option<FirstPages<'a>>,
    },
    /// Nowhere (`check`): every file is rendered, for the errors, and thrown away.
    Nowhere,
}

/// Pages to render first, and what to do with them.
pub struct FirstPages<'a> {
    /// The source files that changed (absolute, links resolved: as a file watcher reports
    /// them).
    pub changed: &'a [PathBuf],
    pub publish: &'a mut dyn FnMut(Files),
}

/// What changed since the last run, by what must be loaded again.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    /// site.yaml, a bibliography file or a style file: load everything again.
    pub config: bool,
    /// A template or a theme words file (the site's `i18n/`): load the theme again.
    pub theme: bool,
    /// Pages or static files: read them again (they are read on every run).
    pub content: bool,
}

/// Progress of a long run, for a counter on a terminal.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Reading pages and building the site model.
    Reading,
    /// `done` files written of about `total`.
    Rendering { done: usize, total: usize },
}

/// One run of the pipeline.
pub struct Request<'a> {
    pub changes: Changes,
    pub goal: Goal,
    pub destination: Destination<'a>,
    pub progress: &'a (dyn Fn(Progress) + Sync),
}

/// What a run saw and did.
#[derive(Debug)]
pub struct Report {
    /// Pages read (drafts left out unless asked for); 0 when site.yaml could not be read.
    pub pages: usize,
    /// Pages that could not be read, or whose front matter is broken (not among `pages`):
    /// their errors are among `diagnostics`.
    pub unreadable: usize,
    /// Drafts left out (none when drafts are built), known once the pages were read, whether
    /// or not the run got to the end.
    pub drafts_left_out: usize,
    /// Every problem found, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// What was built; `None` when the run stopped at an error.
    pub built: Option<Built>,
}

/// What a run that got to the end built.
#[derive(Debug)]
pub struct Built {
    pub categories: usize,
    /// Drafts left out (none when drafts are built).
    pub drafts_left_out: usize,
    pub references: usize,
    pub files: usize,
    /// The folder written to, resolved: a link's target when the output is a link.
    pub written_to: Option<PathBuf>,
    /// The output folder could not be swapped (a mount point, say), so its entries were
    /// replaced one by one inside it.
    pub in_place: bool,
    /// What changed in the output folder (`build` only).
    pub changes: Option<output::ChangeSet>,
}

/// What `serve` keeps between runs.
#[derive(Default)]
struct Caches {
    pages: ParsedPageCache,
    model: ModelCache,
}

/// Runs the pipeline for one site; keeps its configuration and setup between runs.
pub struct Driver {
    settings: Settings,
    /// The site's folder with every link resolved, as a file watcher reports paths.
    resolved_root: PathBuf,
    config: Option<Config>,
    setup: Option<SiteSetup>,
    /// `None` for a driver that runs once.
    caches: Option<Caches>,
}

impl Driver {
    /// A driver for one run (`build`, `check`).
    pub fn new(settings: Settings) -> Driver {
        let resolved_root = crate::support::source::absolute_resolved(&settings.root)
            .unwrap_or_else(|_| settings.root.clone());
        Driver {
            settings,
            resolved_root,
            config: None,
            setup: None,
            caches: None,
        }
    }

    /// A driver for many runs (`serve`): pages whose files have not changed are not parsed
    /// again, nor their Markdown rendered, nor citations formatted.
    pub fn keeping_caches(settings: Settings) -> Driver {
        Driver {
            caches: Some(Caches::default()),
            ..Driver::new(settings)
        }
    }

    /// The site's folder with every link resolved.
    pub fn resolved_root(&self) -> &Path {
        &self.resolved_root
    }

    /// The configuration of the last run that could read it.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// Runs the pipeline: see the module documentation.
    pub fn run(&mut self, request: Request) -> Report {
        let Request {
            changes,
            goal,
            destination,
            progress,
        } = request;
        let mut clock = Clock::start();
        progress(Progress::Reading);
        let config = match self.load_config(changes) {
            Ok(config) => config,
            Err(diagnostics) => return Report::stopped(PageCount::default(), diagnostics),
        };
        clock.lap("config");
        let today = match content::today(self.settings.today) {
            Ok(today) => today,
            Err(message) => {
                return Report::stopped(
                    PageCount::default(),
                    vec![Diagnostic::error(Code::Usage, message)],
                );
            }
        };
        let mut diagnostics: Vec<Diagnostic> =
            check_base_url_present(&config).into_iter().collect();
        let written_to = match &destination {
            Destination::Folder { path, force, named } => {
                let sources = config.source_paths();
                output::check_output_dir(&config.root, &sources, path, *force, *named)
                    .map_err(|d| diagnostics.push(d))
                    .ok()
            }
            _ => None,
        };
        // The pages and the setup (citation style, theme) do not depend on each other: loading
        // the setup while the pages are read keeps the second core busy through the read's
        // single-threaded walk.
        let (mut pages, (setup_loaded, mut setup_found)) = {
            let (setup, caches, drafts) = (&mut self.setup, &mut self.caches, self.settings.drafts);
            rayon::join(
                || read_pages(caches, drafts, &config),
                || {
                    let mut found = Vec::new();
                    let loaded = load_setup(setup, &config, changes, &mut found);
                    (loaded, found)
                },
            )
        };
        diagnostics.append(&mut pages.diagnostics);
        clock.lap("read content");
        diagnostics.extend(content::review::check(&config, &pages.pages, today));
        match goal {
            Goal::Check => {
                diagnostics.extend(content::lint::editorial(&config, &pages.pages));
                diagnostics.append(&mut pages.draft_aliases);
                diagnostics.extend(placeholders(&pages.pages, Severity::Warning));
                diagnostics.extend(content::readability::check(&config, &pages.pages));
                clock.lap("editorial checks, readability");
            }
            // A page with `new`'s placeholder text is published only as a preview.
            Goal::Publish if !self.settings.drafts => {
                diagnostics.extend(placeholders(&pages.pages, Severity::Error));
            }
            Goal::Publish => {}
        }
        let page_count = PageCount {
            read: pages.pages.len(),
            unreadable: pages.unreadable.len(),
            drafts_left_out: pages.drafts_left_out.len(),
        };
        diagnostics.append(&mut setup_found);
        if !setup_loaded || (goal == Goal::Publish && diagnostics.iter().any(Diagnostic::is_error))
        {
            return Report::stopped(page_count, diagnostics);
        }
        clock.restart();
        let (site, statics) = match self.model(config, pages, today) {
            Ok(model) => model,
            Err(mut errors) => {
                errors.append(&mut diagnostics);
                return Report::stopped(page_count, errors);
            }
        };
        diagnostics.extend(site.warnings.iter().cloned());
        clock.lap("site model");
        let render = Render {
            site: &site,
            statics: &statics,
            progress,
            diagnostics,
            page_count,
            clock,
        };
        let report = match destination {
            Destination::Folder { path, .. } => match written_to {
                Some(written_to) => self.write_folder(render, path, written_to),
                None => Report::stopped(page_count, render.diagnostics),
            },
            Destination::Memory { out, first } => {
                let mut render = render;
                if let Some(first) = first.filter(|_| !changes.config && !changes.theme) {
                    self.render_first(&mut render, first);
                }
                self.write_into(render, out, "render into memory")
            }
            Destination::Nowhere => self.write_into(render, &Discard, "render"),
        };
        // Freeing the model (every page's parts) takes a few percent of a one-shot build's
        // last, single-threaded moments: a thread does it while the report is printed.
        // (Should no thread start, the closure and the model are dropped here.)
        if self.caches.is_none() {
            let _ = std::thread::Builder::new().spawn(move || drop((site, statics)));
        }
        report
    }

    /// site.yaml, read again when it (or a file it names) changed or was never read.
    fn load_config(&mut self, changes: Changes) -> Result<Config, Vec<Diagnostic>> {
        if changes.config || self.config.is_none() {
            self.config = None;
            self.setup = None;
            if let Some(caches) = self.caches.as_mut() {
                caches.model = ModelCache::default();
            }
            let settings = &self.settings;
            let config = load_config(
                &settings.root,
                settings.base_url.as_deref(),
                settings.drafts,
            )?;
            self.config = Some(config);
        }
        self.config.clone().ok_or_else(Vec::new)
    }

    /// The site model, and the static files it was checked against. Errors come with every
    /// warning found on the way.
    fn model(
        &mut self,
        config: Config,
        pages: LoadedPages,
        today: content::Date,
    ) -> Result<(Site, StaticFiles), Vec<Diagnostic>> {
        let Driver { setup, caches, .. } = self;
        let Some(setup) = setup.as_ref() else {
            return Err(Vec::new());
        };
        let statics = StaticFiles::gather(&config.root, &setup.theme);
        let names: HashSet<String> = statics.files.keys().cloned().collect();
        let static_paths: HashMap<String, PathBuf> = statics
            .files
            .iter()
            .filter_map(|(rel, from)| match from {
                StaticSource::File(path) => Some((rel.clone(), path.clone())),
                StaticSource::Builtin(_) => None,
            })
            .collect();
        let body_words = setup.theme.strings.body_words(
            &config,
            pages.pages.iter().filter_map(|p| p.front.lang.as_deref()),
        );
        let input = site::Input {
            config,
            pages: pages.pages,
            drafts_left_out: &pages.drafts_left_out,
            unreadable: &pages.unreadable,
            content_files: &pages.files,
            theme: site::ThemeNames {
                static_files: &names,
                static_paths: &static_paths,
                ids: &setup.theme.ids,
                body_words: &body_words,
            },
            library: &setup.library,
            style: &setup.style,
            glossary: setup.glossary.as_ref(),
            today,
        };
        let found = statics.diagnostics.iter().cloned();
        match site::build(input, caches.as_mut().map(|caches| &mut caches.model)) {
            Ok(mut site) if !statics.diagnostics.iter().any(Diagnostic::is_error) => {
                site.warnings.extend(found);
                Ok((site, statics))
            }
            Ok(site) => Err(found.chain(site.warnings).collect()),
            Err(mut errors) => {
                errors.extend(found);
                Err(errors)
            }
        }
    }

    fn theme(&self) -> Option<&crate::render::Theme> {
        self.setup.as_ref().map(|setup| &setup.theme)
    }

    /// `build`: into a staging folder beside (or inside) `written_to`, swapped into place.
    fn write_folder(&self, mut render: Render, shown: &Path, written_to: PathBuf) -> Report {
        let staging = match Staging::new(&written_to, shown) {
            Ok(staging) => staging,
            Err(d) => return render.stopped_by(vec![d]),
        };
        let files = match self.write(&mut render, &staging) {
            Ok(files) => files,
            Err(errors) => return render.stopped_by(errors),
        };
        render.clock.lap("render and write");
        let in_place = staging.mode() == output::Mode::InPlace;
        let changes = match staging.commit() {
            Ok(changes) => changes,
            Err(d) => return render.stopped_by(vec![d]),
        };
        render.clock.lap("swap output");
        let mut report = render.built(files, Some(written_to), in_place);
        if let Some(built) = &mut report.built {
            built.changes = Some(changes);
        }
        report
    }

    /// `serve` and `check`: into memory, or nowhere.
    fn write_into(&self, mut render: Render, out: &dyn output::Output, step: &str) -> Report {
        match self.write(&mut render, out) {
            Ok(files) => {
                render.clock.lap(step);
                render.built(files, None, false)
            }
            Err(errors) => render.stopped_by(errors),
        }
    }

    /// Writes the site into `out`: the number of files, the warnings going to `render`.
    fn write(
        &self,
        render: &mut Render,
        out: &dyn output::Output,
    ) -> Result<usize, Vec<Diagnostic>> {
        let theme = self.theme().ok_or_else(Vec::new)?;
        let (files, replaced) =
            write_site(render.site, theme, render.statics, out, render.progress)?;
        render.diagnostics.extend(replaced);
        Ok(files)
    }

    /// `serve`: the pages whose files changed, rendered alone and handed to `first.publish`
    /// (when there are only a few: otherwise the whole site is about as quick).
    fn render_first(&self, render: &mut Render, first: FirstPages) {
        let Some(theme) = self.theme() else {
            return;
        };
        let only: HashSet<usize> = render
            .site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, page)| {
                let path = self.resolved_root.join(&page.source);
                first.changed.contains(&path)
            })
            .map(|(index, _)| index)
            .collect();
        if only.is_empty() || only.len() > 16 {
            return;
        }
        let out = MemoryOutput::default();
        let rendered = crate::render::render_site(
            render.site,
            theme.clone(),
            crate::render::Which::Pages(&only),
            &|path, bytes| output::Output::write(&out, path, bytes),
        );
        if rendered.is_ok() {
            (first.publish)(out.into_files());
        }
        render.clock.lap("render changed pages");
    }
}

/// The pages of a run: read, not read (see [`Report::unreadable`]) and drafts left out.
#[derive(Debug, Clone, Copy, Default)]
struct PageCount {
    read: usize,
    unreadable: usize,
    drafts_left_out: usize,
}

/// A run between the model and the output.
struct Render<'a> {
    site: &'a Site,
    statics: &'a StaticFiles,
    progress: &'a (dyn Fn(Progress) + Sync),
    /// Everything found so far.
    diagnostics: Vec<Diagnostic>,
    page_count: PageCount,
    clock: Clock,
}

impl Render<'_> {
    /// The report of a run stopped by `errors` (the warnings found so far after them).
    fn stopped_by(self, mut errors: Vec<Diagnostic>) -> Report {
        errors.extend(self.diagnostics);
        Report::stopped(self.page_count, errors)
    }

    fn built(self, files: usize, written_to: Option<PathBuf>, in_place: bool) -> Report {
        Report {
            pages: self.page_count.read,
            unreadable: self.page_count.unreadable,
            drafts_left_out: self.page_count.drafts_left_out,
            diagnostics: self.diagnostics,
            built: Some(Built {
                categories: self.site.categories.len(),
                drafts_left_out: self.page_count.drafts_left_out,
                references: self.site.bibliography.works.len(),
                files,
                written_to,
                in_place,
                changes: None,
            }),
        }
    }
}

impl Report {
    fn stopped(pages: PageCount, diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            pages: pages.read,
            unreadable: pages.unreadable,
            drafts_left_out: pages.drafts_left_out,
            diagnostics,
            built: None,
        }
    }
}

/// A finding of `severity` for each page still holding `new`'s placeholder text.
fn placeholders(pages: &[content::SourcePage], severity: Severity) -> Vec<Diagnostic> {
    pages
        .par_iter()
        .filter_map(|page| content::placeholder::find(page, severity))
        .collect()
}

fn read_pages(caches: &mut Option<Caches>, drafts: bool, config: &Config) -> LoadedPages {
    let cache = caches.as_mut().map(|caches| &mut caches.pages);
    content::load_cached(&config.root, drafts, cache)
}

/// Loads the setup (or the theme alone, when only a template changed) unless it is kept,
/// and adds what loading it found to `diagnostics`. False when there is no setup to go on
/// with.
fn load_setup(
    kept: &mut Option<SiteSetup>,
    config: &Config,
    changes: Changes,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if changes.theme
        && let Some(setup) = kept.as_mut()
        && setup.reload_theme(config).is_err()
    {
        // Load it all again: its errors are then reported as a first load reports them.
        *kept = None;
    }
    // Keep nothing half-loaded: a setup that had errors is loaded again.
    if kept.as_ref().is_none_or(SiteSetup::has_errors) {
        *kept = SiteSetup::load(config, diagnostics);
    }
    let Some(setup) = kept else {
        return false;
    };
    diagnostics.extend(setup.diagnostics().cloned());
    true
}
