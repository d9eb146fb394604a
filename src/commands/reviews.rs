//! `attach-gen reviews`: every page with its last review, next review, reviewers, status and
//! readability grade, soonest due first, as a table, CSV or JSON: what an editor takes to a
//! content meeting.
//!
//! Paths, titles and reviewers' names are the site's text: in the table and CSV, control and
//! invisible characters are shown by their pictures and codes (they go to a terminal), and a
//! CSV cell that a spreadsheet would read as a formula is written as text. JSON keeps them
//! exactly (it escapes what it must itself).

use std::path::PathBuf;

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
    /// Only pages due within this many days (and overdue or never reviewed ones).
    pub due_within: Option<i64>,
}

/// The report's rows, or every error that stopped it (a site.yaml or page that cannot be
/// read: the report would leave pages out).
pub fn reviews(options: &ReviewsOptions) -> Result<Vec<ReportRow>, Vec<Diagnostic>> {
    let today = content::today(options.today)
        .map_err(|message| vec![Diagnostic::error(Code::Usage, message)])?;
    let config = load_config(&options.root, None, false)?;
    let loaded = content::load(&config.root, false);
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(content::review::report(
        &config,
        &loaded.pages,
        today,
        options.due_within,
    ))
}

/// `--due-within`: `90d` (days), `12w` (weeks) or `90` (days).
pub fn parse_span(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let (number, days_each) = match text.strip_suffix('w') {
        Some(weeks) => (weeks, 7),
        None => (text.strip_suffix('d').unwrap_or(text), 1),
    };
    number
        .parse::<u32>()
        .map(|n| i64::from(n) * days_each)
        .map_err(|e| match e.kind() {
            std::num::IntErrorKind::PosOverflow => format!(
                "`{text}` is more {} than can be counted (at most {})",
                if days_each == 7 { "weeks" } else { "days" },
                u32::MAX
            ),
            // `-5d`: a number, out of range, as `serve --port -5` says.
            _ if number.strip_prefix('-').is_some_and(|n| {
                !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
            }) =>
            {
                format!(
                    "`{text}` is below 0, which no span is: give the days or weeks from today, such as `90d` or `12w` (`0d`: only overdue and never-reviewed pages)"
                )
            }
            _ => format!("`{text}` is not a number of days or weeks, such as `90d` or `12w`"),
        })
}

/// The rows as an aligned plain-text table, with a header.
pub fn table(rows: &[ReportRow]) -> String {
    let header = [
        "next review",
        "status",
        "last reviewed",
        "reviewed by",
        "grade",
        "page",
    ];
    let cells: Vec<[String; 6]> = rows.iter().map(cells).collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |row: &[String]| {
        let padded: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    };
    line(&header.map(String::from));
    for row in &cells {
        line(row);
    }
    out
}

/// The rows as CSV (RFC 4180), with a header.
pub fn csv(rows: &[ReportRow]) -> String {
    let mut out =
        String::from("source,title,reviewed,next_review,reviewed_by,status,days_left,grade\n");
    for row in rows {
        let fields = [
            text_cell(&row.source),
            text_cell(&row.title),
            row.reviewed.clone().unwrap_or_default(),
            row.next_review.clone().unwrap_or_default(),
            text_cell(&row.reviewed_by.join("; ")),
            row.status.label().to_string(),
            row.days_left.map(|d| d.to_string()).unwrap_or_default(),
            row.grade.map(|g| format!("{g:.1}")).unwrap_or_default(),
        ];
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    }
    out
}

/// A CSV cell of the site's text: printable, and one a spreadsheet would take for a formula
/// (`=`, `+`, `-`, `@`, tab or carriage return first) behind a `'`, as OWASP advises against
/// CSV injection. The cells attach-gen writes itself (dates, numbers) are left as they are.
fn text_cell(text: &str) -> String {
    let text = printable(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
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
        assert_eq!(parse_span("90d"), Ok(90));
        assert_eq!(parse_span("12w"), Ok(84));
        assert_eq!(parse_span("30"), Ok(30));
        assert!(parse_span("3 months").is_err());
        assert!(parse_span("-5d").is_err());
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
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for first in ["+1", "-1", "@SUM(A1)", "\tx"] {
            assert_eq!(text_cell(first), format!("'{first}"));
        }
        assert_eq!(text_cell("\rx"), "␍x");
        assert_eq!(text_cell("a\u{1b}[31m\u{7}\u{202e}b"), "a␛[31m␇<U+202E>b");
        assert_eq!(text_cell("Sleep - and rest"), "Sleep - and rest");
    }
}
