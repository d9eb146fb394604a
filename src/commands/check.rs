//! `attach-gen check`: every validation of `build`, without writing anything, and a few more
//! that are about how the site reads rather than whether it can be built.
//!
//! What `check` adds to `build`:
//! - links to `#anchors` (on the same page or another one) and images that do not exist are
//!   errors here (`broken-anchor`, `missing-image`); `build` only warns about them, because
//!   the site still works without them;
//! - images without alt text (`missing-alt`) are warnings in both: a decorative image may
//!   rightly have none, and `--deny-warnings` makes them fail CI where every image must have
//!   one;
//! - pages without a `description` (`missing-description`) and categories that only one page
//!   uses and site.yaml does not list (`single-use-category`, often a typo) are warnings, in
//!   `check` only, so that `build` stays quiet about editorial matters.
//!
//! All findings of one run are reported together, even when some pages could not be read.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::SourcePage;
use crate::support::diagnostic::{Diagnostic, Severity, closest};
use crate::support::slug::slugify;
use crate::{Output, Prepared, content};

/// What `attach-gen check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The folder holding `site.yaml`.
    pub root: PathBuf,
    pub drafts: bool,
}

/// Everything `check` found, in reading order (file, line, column).
#[derive(Debug)]
pub struct CheckReport {
    pub findings: Vec<Diagnostic>,
    /// Pages read (0 when site.yaml could not be read).
    pub pages: usize,
    pub elapsed: Duration,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// The folder given is not a site (or another usage error): exit 2, not 1.
    pub fn is_usage_error(&self) -> bool {
        self.findings
            .iter()
            .any(|d| matches!(d.code, "no-site" | "usage"))
    }
}

/// Findings that are warnings in `build` and errors in `check`.
pub const ERRORS_IN_CHECK: &[&str] = &["broken-anchor", "missing-image"];

/// An output that keeps nothing: templates are rendered (their errors are build errors) and
/// thrown away.
struct Discard;

impl Output for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> std::io::Result<()> {
        Ok(())
    }

    fn copy_file(&self, _rel: &str, _from: &std::path::Path) -> std::io::Result<()> {
        Ok(())
    }
}

/// Checks the site at `options.root`.
pub fn check(options: &CheckOptions) -> CheckReport {
    let started = Instant::now();
    let mut findings = Vec::new();
    let mut pages = 0;
    match crate::load_config(&options.root, None, options.drafts) {
        Err(failure) => {
            findings.extend(failure.errors);
            findings.extend(failure.warnings);
        }
        Ok(config) => {
            findings.extend(crate::check_base_url_present(&config));
            let loaded = content::load(&config.root, options.drafts);
            pages = loaded.pages.len();
            // Pages whose front matter is broken are missing from the model; links to them
            // are not broken links.
            let unreadable: HashSet<String> = loaded
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .filter_map(|d| d.file.as_ref())
                .map(|f| f.to_string_lossy().replace('\\', "/"))
                .collect();
            findings.extend(loaded.diagnostics);
            findings.extend(lint_pages(&config, &loaded.pages));
            if let Some(prepared) = Prepared::load(config, options.drafts, &mut findings) {
                let statics = prepared.static_files();
                match prepared.model(loaded.pages, &loaded.drafts, &statics, None) {
                    Ok(site) => {
                        findings.extend(site.warnings.iter().cloned());
                        match prepared.render(&site, &statics, &Discard, &|_| {}) {
                            Ok((_, warnings)) => findings.extend(warnings),
                            Err(errors) => findings.extend(errors),
                        }
                    }
                    Err(diagnostics) => findings.extend(diagnostics.into_iter().filter(|d| {
                        !(d.code == "broken-link"
                            && unreadable
                                .iter()
                                .any(|file| d.message.ends_with(file.as_str())))
                    })),
                }
            }
        }
    }
    for finding in &mut findings {
        if ERRORS_IN_CHECK.contains(&finding.code) {
            finding.severity = Severity::Error;
        }
    }
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    findings.dedup();
    CheckReport {
        findings,
        pages,
        elapsed: started.elapsed(),
    }
}

/// The editorial warnings: pages without a description, categories used once.
pub fn lint_pages(config: &Config, pages: &[SourcePage]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for page in pages {
        if page
            .front
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            let d = Diagnostic::warning("missing-description", "this page has no `description`")
                .with_hint("add a one-sentence summary, such as `description: Why a good night's sleep makes hard days easier.`; it is shown in page lists, search results and link previews");
            findings.push(
                if page
                    .front
                    .key_lines
                    .iter()
                    .any(|(k, ..)| k == "description")
                {
                    page.diagnostic_at_key(d, "description")
                } else {
                    page.diagnostic_at_key(d, "title")
                },
            );
        }
    }

    // Categories that site.yaml lists are meant; one used once and listed nowhere is often a
    // typo of another.
    let listed: HashSet<String> = config.categories.iter().map(|c| slugify(&c.name)).collect();
    let mut uses: HashMap<String, (usize, &SourcePage, &str)> = HashMap::new();
    for page in pages {
        let mut seen = HashSet::new();
        for name in &page.front.categories {
            let slug = slugify(name.trim());
            if slug.is_empty() || !seen.insert(slug.clone()) {
                continue;
            }
            uses.entry(slug).or_insert((0, page, name.trim())).0 += 1;
        }
    }
    let names: Vec<&str> = {
        let mut names: Vec<&str> = config
            .categories
            .iter()
            .map(|c| c.name.as_str())
            .chain(
                uses.values()
                    .filter(|(n, ..)| *n > 1)
                    .map(|(_, _, name)| *name),
            )
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    };
    let mut single: Vec<(&String, &(usize, &SourcePage, &str))> = uses
        .iter()
        .filter(|(slug, (n, ..))| *n == 1 && !listed.contains(*slug))
        .collect();
    single.sort_by(|a, b| (&a.1.1.path, a.0).cmp(&(&b.1.1.path, b.0)));
    for (_, (_, page, name)) in single {
        let hint = match closest(name, names.iter().copied().filter(|n| n != name)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "if it is meant, list it under `categories:` in site.yaml (with a description) to keep it".into(),
        };
        findings.push(
            page.diagnostic_at_key(
                Diagnostic::warning(
                    "single-use-category",
                    format!("only this page is filed under the category `{name}`"),
                )
                .with_hint(hint),
                "categories",
            ),
        );
    }
    findings
}
