//! `attach-gen check`: every validation of `build`, without writing anything, and a few more
//! that are about how the site reads rather than whether it can be built.
//!
//! What `check` adds to `build`:
//! - links to `#anchors` (on the same page or another one) that do not exist are errors here
//!   (`broken-anchor`); `build` only warns about them, because the site still works without
//!   them (a missing image or one without alt text is an error in both);
//! - pages without a `description` (`missing-description`) and categories that only one page
//!   uses and site.yaml does not list (`single-use-category`, often a typo) are warnings, in
//!   `check` only, so that `build` stays quiet about editorial matters.
//!
//! All findings of one run are reported together, even when some pages could not be read.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::pipeline::{Changes, Destination, Driver, Goal, Request, Settings};
use crate::support::diagnostic::{self, Code, Diagnostic, Severity};

/// What `attach-gen check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The folder holding `site.yaml`.
    pub root: PathBuf,
    /// Overrides `base_url` from site.yaml (`--base-url`), as `build` takes it: a site that
    /// gives its address only when built checks clean.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The date review statuses are worked out on (`--today`); `None` for
    /// `SOURCE_DATE_EPOCH` or the clock.
    pub today: Option<crate::content::Date>,
}

/// Everything `check` found, in reading order (file, line, column).
#[derive(Debug)]
pub struct CheckReport {
    pub findings: Vec<Diagnostic>,
    /// Pages read (0 when site.yaml could not be read).
    pub pages: usize,
    /// Pages that could not be read, or whose front matter is broken: not among `pages`, and
    /// checked no further than their errors.
    pub unreadable: usize,
    /// Drafts left out (not checked; `--drafts` checks them).
    pub drafts_left_out: usize,
    pub elapsed: Duration,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        diagnostic::count(self.findings.iter().filter(|d| d.is_error()))
    }

    /// Warnings, not notes: a note (a page due for review soon) never fails `check`.
    pub fn warnings(&self) -> usize {
        diagnostic::count(self.findings.iter().filter(|d| d.is_warning()))
    }

    /// The folder given is not a site (or another usage error): exit 2, not 1.
    pub fn is_usage_error(&self) -> bool {
        self.findings.iter().any(Diagnostic::is_usage_error)
    }
}

/// Findings that are warnings in `build` and errors in `check`.
pub const ERRORS_IN_CHECK: &[Code] = &[Code::BrokenAnchor];

/// Checks the site at `options.root`.
pub fn check(options: &CheckOptions) -> CheckReport {
    let started = Instant::now();
    let mut driver = Driver::new(Settings {
        root: options.root.clone(),
        base_url: options.base_url.clone(),
        drafts: options.drafts,
        today: options.today,
    });
    let report = driver.run(Request {
        changes: Changes::default(),
        goal: Goal::Check,
        destination: Destination::Nowhere,
        progress: &|_| {},
    });
    let mut findings = report.diagnostics;
    // A link to a page that could not be read is not a problem of its own: the page's error
    // says what is wrong.
    findings.retain(|d| d.code != Code::LinkToUnreadable);
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
        pages: report.pages,
        unreadable: report.unreadable,
        drafts_left_out: report.drafts_left_out,
        elapsed: started.elapsed(),
    }
}
