//! What a run loads before the pages: site.yaml, and the site's setup (bibliography, citation
//! style and theme).

use std::path::Path;

use crate::bibliography::{self, CitationStyle, Library};
use crate::config::{self, CONFIG_FILE, Config};
use crate::content;
use crate::content::glossary::{self, Glossary};
use crate::render::{self, Theme};
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::timing::Clock;

/// Reads site.yaml and applies `--base-url`. When site.yaml cannot be used, the pages' own
/// problems are reported in the same run too, because they can be checked without it (unless
/// the folder is not a site at all).
pub fn load_config(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
) -> Result<Config, Vec<Diagnostic>> {
    let mut config = config::load(root).map_err(|mut errors| {
        if errors.iter().all(|e| e.code != Code::NoSite) {
            errors.extend(content::load(root, drafts).diagnostics);
        }
        errors
    })?;
    if let Some(url) = base_url {
        let url = config::check_base_url(url)
            .map_err(|why| vec![Diagnostic::error(Code::Usage, format!("--base-url: {why}"))])?;
        config.base_url = Some(url);
    }
    Ok(config)
}

/// The error for a site without `base_url`, which canonical links, feeds and the sitemap need.
pub fn check_base_url_present(config: &Config) -> Option<Diagnostic> {
    config.base_url.is_none().then(|| {
        Diagnostic::error(
            Code::NoBaseUrl,
            "site.yaml has no `base_url`, which canonical links, feeds and the sitemap need",
        )
        .in_file(CONFIG_FILE)
        .with_hint(
            "add a line such as `base_url: https://example.org/resources`, or pass --base-url URL",
        )
    })
}

/// The parts of a site that are slow to load and rarely change: the bibliography, the citation
/// style (loading its locales alone takes ~50 ms) and the theme. `build` and `check` load one
/// once; `serve` keeps one across rebuilds and loads it again only when site.yaml, a
/// bibliography file, the style or a template changes.
pub struct SiteSetup {
    pub library: Library,
    pub style: CitationStyle,
    pub theme: Theme,
    /// The glossary site.yaml names (`None` without one, or when it has errors).
    pub glossary: Option<Glossary>,
    /// What loading site.yaml and the bibliography found (warnings, and errors that do not stop
    /// `check`): reported by every run that uses this setup, like the theme's warnings.
    found: Vec<Diagnostic>,
}

impl SiteSetup {
    /// Loads the bibliography, the citation style and the theme for `config`. `None` when the
    /// style or the theme could not be loaded at all; their problems then go to `diagnostics`.
    pub fn load(config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Option<SiteSetup> {
        let mut clock = Clock::start();
        let mut found = config.warnings.clone();
        let (library, mut problems) = bibliography::load(config);
        found.append(&mut problems);
        clock.lap("read bibliography");
        let mut glossary = glossary::load(config)
            .map_err(|mut e| found.append(&mut e))
            .ok()
            .flatten();
        if let Some(glossary) = glossary.as_mut() {
            found.append(&mut glossary.warnings);
        }
        let style = CitationStyle::load(config).map_err(|d| found.push(d)).ok();
        let theme = render::load_theme(config)
            .map_err(|mut e| found.append(&mut e))
            .ok();
        clock.lap("load style and theme");
        let (Some(style), Some(theme)) = (style, theme) else {
            diagnostics.append(&mut found);
            return None;
        };
        let mut library = library;
        library.abbreviate_groups(&style);
        Some(SiteSetup {
            library,
            style,
            theme,
            glossary,
            found,
        })
    }

    /// Loads the templates again (after a change under `themes/` or `templates/`).
    pub fn reload_theme(&mut self, config: &Config) -> Result<(), Vec<Diagnostic>> {
        self.theme = render::load_theme(config)?;
        Ok(())
    }

    /// Whether loading found errors (which stop `build` and `serve`).
    pub fn has_errors(&self) -> bool {
        self.found.iter().any(Diagnostic::is_error)
    }

    /// Everything loading found, the theme's warnings last.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.found.iter().chain(&self.theme.warnings)
    }
}
