//! `attach-gen reviews`: every page with its last review, next review, reviewers, status and
//! readability grade, soonest due first, as a table, CSV or JSON: what an editor takes to a
//! content meeting. CSV and JSON also give each page's language and URL (site-relative, and
//! absolute from `base_url`), so a dashboard or a CI step can link to the page and tell its
//! versions apart; the table shows the language when the pages are not all in one.
//!
//! Paths, titles and reviewers' names are the site's text: in the table and CSV, control and
//! invisible characters are shown by their pictures and codes (they go to a terminal), and a
//! CSV cell of the site's text is quoted and, when a spreadsheet would read it as a formula,
//! written as text. JSON keeps them exactly (it escapes what it must itself).

use std::path::PathBuf;

use serde::Serialize;

use crate::content::{self, Date, review::ReportRow};
use crate::pipeline::load_config;
use crate::support::diagnostic::{Code, Diagnostic, printable};

/// What `attach-gen reviews` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ReviewsOptions {
    /// The folder holding `site.yaml`.
    pub root: PathBuf,
    /// The date statuses are worked out on; `None` for `SOURCE_DATE_EPOCH` or the clock.
    pub today: Option<Date>,
    /// Only pages due within this span (and overdue or never reviewed ones).
    pub due_within: Option<Span>,
    /// `--base-url`: overrides site.yaml's `base_url` for the absolute URLs, as in `build`.
    pub base_url: Option<String>,
}

/// One page of the report: its review, and where and in what language it is published.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    #[serde(flatten)]
    pub row: ReportRow,
    /// The page's language tag: a translation's from its file name (`sleep.mi.md`), else its
    /// `lang:`, else the site's `language`.
    pub lang: String,
    /// Site-relative, as a build writes it (`guides/sleep/`, `mi/sleep/`); `None` when its
    /// `slug` or file name makes no URL (`build` says why).
    pub url: Option<String>,
    /// `base_url` and `url`, with letters outside ASCII percent-encoded as in the sitemap;
    /// `None` without a `base_url` (or without `url`).
    pub absolute_url: Option<String>,
}

/// The report: its entries, and whether its pages are in more than one language (the table
/// then shows each one's).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub entries: Vec<Entry>,
    pub languages_differ: bool,
}

/// The report's rows, or every error that stopped it (a site.yaml or page that cannot be
/// read: the report would leave pages out).
pub fn reviews(options: &ReviewsOptions) -> Result<Report, Vec<Diagnostic>> {
    let today = content::today(options.today)
        .map_err(|message| vec![Diagnostic::error(Code::Usage, message)])?;
    let config = load_config(&options.root, options.base_url.as_deref(), false)?;
    let loaded = content::load(&config.root, false);
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let rows = crate::site::report::for_command(
        &config,
        loaded.pages,
        today,
        options.due_within.map(|span| span.days_from(today)),
    );
    let entries: Vec<Entry> = rows
        .into_iter()
        .map(|published| {
            let url = Some(published.url).filter(|url| !url.is_empty());
            Entry {
                lang: published.lang.unwrap_or_else(|| config.language.clone()),
                absolute_url: url.as_ref().and_then(|url| {
                    let base = config.base_url.as_deref()?;
                    Some(format!("{base}/{}", crate::support::urls::ascii_path(url)))
                }),
                url,
                row: published.row,
            }
        })
        .collect();
    let languages_differ = entries
        .iter()
        .any(|e| !e.lang.eq_ignore_ascii_case(&config.language));
    Ok(Report {
        entries,
        languages_differ,
    })
}

/// A `--due-within` span: a number of days (`90d`, `12w`, `90`) or of calendar months (`3m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Days(i64),
    Months(u32),
}

impl Span {
    /// The days from `today` to the span's end: `3m` from 30 November ends on 28 February
    /// (or the 29th), as `review.interval_months` counts months.
    pub fn days_from(self, today: Date) -> i64 {
        match self {
            Span::Days(days) => days,
            Span::Months(months) => today
                .add_months(months)
                .map_or(i64::MAX, |end| today.days_until(end)),
        }
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Span::Days(1) => write!(f, "1 day"),
            Span::Days(days) => write!(f, "{days} days"),
            Span::Months(1) => write!(f, "1 month"),
            Span::Months(months) => write!(f, "{months} months"),
        }
    }
}

/// The units a span may be written in, each as a letter or a word: days, weeks (7 days) and
/// months (0 for calendar months).
const UNITS: &[(&[&str], i64, &str)] = &[
    (&["d", "day", "days"], 1, "days"),
    (&["w", "week", "weeks"], 7, "weeks"),
    (&["m", "mo", "month", "months"], 0, "months"),
];

/// `--due-within`: `90d` (days), `12w` (weeks), `3m` (calendar months) or `90` (days); the
/// unit may be a word after a space too (`3 months`).
pub fn parse_span(text: &str) -> Result<Span, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '-' && c != '+')
        .unwrap_or(text.len());
    let (number, unit) = (&text[..split], text[split..].trim_start().to_lowercase());
    let Some(&(_, days_each, unit_name)) = UNITS
        .iter()
        .find(|(names, _, _)| unit.is_empty() || names.contains(&unit.as_str()))
    else {
        return Err(format!(
            "`{text}` is not a number of days, weeks or months, such as `90d`, `12w` or `3m`"
        ));
    };
    number
        .parse::<u32>()
        .map(|n| match days_each {
            0 => Span::Months(n),
            each => Span::Days(i64::from(n) * each),
        })
        .map_err(|e| match e.kind() {
            std::num::IntErrorKind::PosOverflow => format!(
                "`{text}` is more {unit_name} than can be counted (at most {})",
                u32::MAX
            ),
            // `-5d`: a number, out of range, as `serve --port -5` says.
            _ if number.strip_prefix('-').is_some_and(|n| {
                !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
            }) =>
            {
                format!(
                    "`{text}` is below 0, which no span is: give the days, weeks or months from today, such as `90d`, `12w` or `3m` (`0d`: only overdue and never-reviewed pages)"
                )
            }
            _ => format!(
                "`{text}` is not a number of days, weeks or months, such as `90d`, `12w` or `3m`"
            ),
        })
}

/// The report as an aligned plain-text table, with a header; with a `lang` column before the
/// page when its pages are not all in the site's language.
pub fn table(report: &Report) -> String {
    let mut header = vec![
        "next review",
        "status",
        "last reviewed",
        "reviewed by",
        "grade",
        "page",
    ];
    if report.languages_differ {
        header.insert(5, "lang");
    }
    let cells: Vec<Vec<String>> = report
        .entries
        .iter()
        .map(|entry| {
            let mut row = cells(&entry.row).to_vec();
            if report.languages_differ {
                row.insert(5, printable(&entry.lang));
            }
            row
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |row: &[String]| {
        let padded: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, &width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    };
    let header: Vec<String> = header.into_iter().map(String::from).collect();
    line(&header);
    for row in &cells {
        line(row);
    }
    out
}

/// The report as CSV (RFC 4180), with a header.
pub fn csv(report: &Report) -> String {
    let mut out = String::from(
        "source,title,reviewed,next_review,reviewed_by,status,days_left,grade,lang,url,absolute_url\n",
    );
    for entry in &report.entries {
        let row = &entry.row;
        let fields = [
            text_cell(&row.source),
            text_cell(&row.title),
            csv_field(&row.reviewed.clone().unwrap_or_default()),
            csv_field(&row.next_review.clone().unwrap_or_default()),
            text_cell(&row.reviewed_by.join("; ")),
            csv_field(row.status.label()),
            csv_field(&row.days_left.map(|d| d.to_string()).unwrap_or_default()),
            csv_field(&row.grade.map(|g| format!("{g:.1}")).unwrap_or_default()),
            text_cell(&entry.lang),
            text_cell(entry.url.as_deref().unwrap_or_default()),
            text_cell(entry.absolute_url.as_deref().unwrap_or_default()),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// A CSV field of the site's text, as OWASP advises against CSV injection: printable, one a
/// spreadsheet would take for a formula (`=`, `+`, `-`, `@`, their full-width and small forms,
/// tab or carriage return first)
/// behind a `'`, and always in double quotes, so that a `;` or a tab inside it cannot start a
/// new cell (a formula) in a spreadsheet that splits at those. The cells attach-gen writes
/// itself (dates, numbers, the status) are left as they are.
fn text_cell(text: &str) -> String {
    let text = printable(text);
    // The full-width and small forms too: a spreadsheet set for Japanese or Chinese input may
    // read them as their ASCII counterparts.
    let text = if text.starts_with([
        '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫',
    ]) {
        format!("'{text}")
    } else {
        text
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A row's table cells, in the header's order.
fn cells(row: &ReportRow) -> [String; 6] {
    let status = match (row.status, row.days_left) {
        (content::ReviewStatus::Overdue, Some(days)) => format!("overdue by {}d", -days),
        (content::ReviewStatus::DueSoon, Some(days)) => format!("due in {days}d"),
        (status, _) => status.label().to_string(),
    };
    [
        row.next_review.clone().unwrap_or_else(|| "-".into()),
        status,
        row.reviewed.clone().unwrap_or_else(|| "-".into()),
        if row.reviewed_by.is_empty() {
            "-".into()
        } else {
            printable(&row.reviewed_by.join(", "))
        },
        row.grade.map_or_else(|| "-".into(), |g| format!("{g:.1}")),
        format!("{} ({})", printable(&row.source), printable(&row.title)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_csv_quoting() {
        assert_eq!(parse_span("90d"), Ok(Span::Days(90)));
        assert_eq!(parse_span("12w"), Ok(Span::Days(84)));
        assert_eq!(parse_span("30"), Ok(Span::Days(30)));
        assert_eq!(parse_span("3m"), Ok(Span::Months(3)));
        assert_eq!(parse_span("3 Months"), Ok(Span::Months(3)));
        assert_eq!(parse_span("1 week"), Ok(Span::Days(7)));
        for bad in ["3 moons", "m", "3mm", "", "3 m s", "1.5m", "-5d", "-3m"] {
            assert!(parse_span(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_span("99999999999m"),
            Err("`99999999999m` is more months than can be counted (at most 4294967295)".into())
        );
        let day = |t: &str| Date::parse(t).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Span::Months(3).days_from(day("2026-11-30")), 90);
        assert_eq!(
            Span::Months(u32::MAX).days_from(day("2026-11-30")),
            i64::MAX
        );
        assert_eq!(Span::Months(1).to_string(), "1 month");
        // A number too large is said to be one, not "not a number".
        assert_eq!(
            parse_span("99999999999999d"),
            Err("`99999999999999d` is more days than can be counted (at most 4294967295)".into())
        );
        assert_eq!(
            parse_span("99999999999w"),
            Err("`99999999999w` is more weeks than can be counted (at most 4294967295)".into())
        );
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn csv_text_cells_are_printable_and_never_formulas() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for first in [
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "＝1+2",
            "＋1",
            "－1",
            "＠SUM(A1)",
        ] {
            assert_eq!(text_cell(first), format!("\"'{first}\""));
        }
        assert_eq!(text_cell("\rx"), "\"␍x\"");
        assert_eq!(
            text_cell("a\u{1b}[31m\u{7}\u{202e}b"),
            "\"a␛[31m␇<U+202E>b\""
        );
        assert_eq!(text_cell("Sleep - and rest"), "\"Sleep - and rest\"");
        // A `;` or tab inside stays inside the one quoted cell.
        assert_eq!(text_cell("Sleep;=1+2"), "\"Sleep;=1+2\"");
        assert_eq!(text_cell("Sleep\t=1+2"), "\"Sleep\t=1+2\"");
    }
}
