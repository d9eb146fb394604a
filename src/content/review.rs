//! A page's review: when it was last reviewed, when it is due next, by whom, and whether it is
//! overdue, all from its front matter, site.yaml's `review:` and `people:`, and today's date.
//! `build` and `check` report what is wrong; `reviews` lists it; the site shows it.

use serde::Serialize;

use crate::config::{Config, ReviewConfig};
use crate::content::{Date, SourcePage};
use crate::support::diagnostic::{Code, Diagnostic, closest};

/// Where a page stands against its next review date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// Past its next review date.
    Overdue,
    /// Due within `review.warn_days`.
    DueSoon,
    Ok,
    /// No `reviewed` date.
    NeverReviewed,
}

impl ReviewStatus {
    /// As `reviews` prints it: `overdue`, `due soon`, `ok`, `never reviewed`.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::DueSoon => "due soon",
            ReviewStatus::Ok => "ok",
            ReviewStatus::NeverReviewed => "never reviewed",
        }
    }
}

/// One page's review, worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub reviewed: Option<Date>,
    /// `next_review`, else `reviewed` plus `review.interval_months` (when site.yaml has
    /// `review:`), whichever is earlier when both are known.
    pub next_review: Option<Date>,
    /// Ids under site.yaml's `people:` (unknown ones are left out, and are an error).
    pub reviewed_by: Vec<String>,
    pub status: ReviewStatus,
    /// Days from today to `next_review` (negative when overdue).
    pub days_left: Option<i64>,
}

/// The review of `page` on `today`.
pub fn review_of(config: &Config, page: &SourcePage, today: Date) -> Review {
    let front = &page.front;
    // A page's own `next_review` is for a review due sooner than usual: a later one is a
    // mistake (a warning, [`later_than_usual`]), and the usual date holds.
    let next_review = match (own_next_review(page), usual_next_review(config, page)) {
        (Some(own), Some(usual)) => Some(own.min(usual)),
        (own, usual) => own.or(usual),
    };
    let days_left = next_review.map(|next| today.days_until(next));
    let warn_days = config.review.as_ref().map_or(0, |r| i64::from(r.warn_days));
    // A page's own `next_review` holds whether or not it was reviewed before: a new page
    // given one ("review it by June") is due soon, then overdue, like any other.
    let status = match (front.reviewed, days_left) {
        (_, Some(days)) if days < 0 => ReviewStatus::Overdue,
        (_, Some(days)) if days <= warn_days => ReviewStatus::DueSoon,
        (None, _) => ReviewStatus::NeverReviewed,
        _ => ReviewStatus::Ok,
    };
    Review {
        reviewed: front.reviewed,
        next_review,
        reviewed_by: front
            .reviewed_by
            .iter()
            .filter(|id| config.people.contains_key(*id))
            .cloned()
            .collect(),
        status,
        days_left,
    }
}

/// The page's own `next_review`, unless it is not after `reviewed`: that is an error (see
/// [`check`]), and its date is not taken as well, which made the page overdue, a warning
/// about the same mistaken date. The usual date holds instead.
fn own_next_review(page: &SourcePage) -> Option<Date> {
    let next = page.front.next_review?;
    match page.front.reviewed {
        Some(reviewed) if next <= reviewed => None,
        _ => Some(next),
    }
}

/// `reviewed` plus `review.interval_months`, when the page was reviewed and site.yaml has
/// `review:`.
fn usual_next_review(config: &Config, page: &SourcePage) -> Option<Date> {
    let months = config.review.as_ref()?.interval_months;
    page.front.reviewed?.add_months(months)
}

/// A warning for a page's `next_review` after `reviewed` plus `review.interval_months`
/// (`9999-12-31` for a page reviewed in 2025): `next_review` is for a review due sooner than
/// usual, so a later one would let the page go unreviewed for longer than the site allows. The
/// usual date is taken.
fn later_than_usual(config: &Config, page: &SourcePage) -> Option<Diagnostic> {
    let own = page.front.next_review?;
    let usual = usual_next_review(config, page)?;
    let months = config.review.as_ref()?.interval_months;
    let reviewed = page.front.reviewed?;
    (own > usual).then(|| {
        let d = Diagnostic::warning(
            Code::ReviewDate,
            format!(
                "`next_review` ({own}) is later than `reviewed` plus `review.interval_months` \
                 ({reviewed} + {months} month{}): the page is taken as due on {usual}",
                if months == 1 { "" } else { "s" }
            ),
        )
        .with_hint(
            "`next_review` is for a page due sooner than usual: take it out, or write an \
             earlier date; to give every page longer, raise `review.interval_months` in site.yaml",
        );
        page.diagnostic_at_key_value(d, "next_review")
    })
}

/// What `build` and `check` report about reviews and dates: unknown reviewers, a `date`,
/// `updated` or `reviewed` after today and any of the page's dates before [`EARLIEST_YEAR`] (errors), and, when site.yaml has `review:`, overdue pages (warnings), pages
/// due soon (notes) and, with `require: true`, pages never reviewed (errors).
pub fn check(config: &Config, pages: &[SourcePage], today: Date) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for page in pages {
        found.extend(unknown_reviewers(config, page));
        // Checked here, not when the front matter is read: an error there leaves the page out
        // of every later check, so its other review errors showed only once this was fixed.
        // A `next_review` before 1900 is an error of its own ([`early_dates`]): not twice.
        if let (Some(reviewed), Some(next)) = (page.front.reviewed, page.front.next_review)
            && next <= reviewed
            && next.year >= EARLIEST_YEAR
        {
            found.push(page.diagnostic_at_key_value(
                Diagnostic::error(
                    Code::ReviewDate,
                    format!("`next_review` ({next}) is not after `reviewed` ({reviewed})"),
                )
                .with_hint("`next_review` is when the page is due for its next review, so it comes after `reviewed`; leave it out to use site.yaml's `review.interval_months`"),
                "next_review",
            ));
        }
        found.extend(future_dates(page, today));
        found.extend(early_dates(page));
        found.extend(later_than_usual(config, page));
        // A review date before 1900 is an error already: "due 739953 days ago" would add noise.
        let early = [page.front.reviewed, page.front.next_review]
            .iter()
            .flatten()
            .any(|d| d.year < EARLIEST_YEAR);
        if let Some(settings) = config.review.as_ref().filter(|_| !early) {
            found.extend(status_finding(
                settings,
                page,
                &review_of(config, page, today),
            ));
        }
    }
    found
}

/// An error for each of the page's dates (`date`, `updated`, `reviewed`) after today. A date
/// in the future is a typo (2062 for 2026): a page is published when it is built, whatever its
/// date, and a future `updated` would head the feeds and give the sitemap a `lastmod` that
/// search engines distrust, until that day came.
fn future_dates(page: &SourcePage, today: Date) -> impl Iterator<Item = Diagnostic> + '_ {
    // Today is UTC's, and in Aotearoa it is already tomorrow for half of every day: a
    // date is in the future only once it is after tomorrow in UTC.
    let tomorrow = Date::from_days_since_epoch(today.days_since_epoch() + 1).unwrap_or(today);
    let front = &page.front;
    [
        ("date", front.date, Code::FutureDate, "write the day the page was first published; a page is published when it is built, whatever its date"),
        ("updated", front.updated, Code::FutureDate, "write the day the page last changed, or leave `updated` out until it does"),
        ("reviewed", front.reviewed, Code::ReviewDate, "write the date the review was done"),
    ]
    .into_iter()
    .filter_map(move |(key, date, code, hint)| {
        let date = date.filter(|d| *d > tomorrow)?;
        let d = Diagnostic::error(code, format!("`{key}` ({date}) is after today ({today})"))
            .with_hint(format!(
                "{hint}; if the clock is wrong, pass the date with --today YYYY-MM-DD"
            ));
        Some(page.diagnostic_at_key_value(d, key))
    })
}

/// The earliest year a page's `date`, `updated`, `reviewed` or `next_review` may have: no
/// web page was published, changed or reviewed before it, so an earlier one is a typo (`0000`
/// for a year left to fill in, `1025` for `2025`).
pub const EARLIEST_YEAR: u16 = 1900;

/// An error for each of the page's dates before [`EARLIEST_YEAR`]: `date: 0000-01-01` was
/// published as is, and `reviewed: 0000-01-01` made a page "due for review 739630 days ago".
fn early_dates(page: &SourcePage) -> impl Iterator<Item = Diagnostic> + '_ {
    let front = &page.front;
    [
        ("date", front.date, Code::EarlyDate),
        ("updated", front.updated, Code::EarlyDate),
        ("reviewed", front.reviewed, Code::ReviewDate),
        ("next_review", front.next_review, Code::ReviewDate),
    ]
    .into_iter()
    .filter_map(move |(key, date, code)| {
        let date = date.filter(|d| d.year < EARLIEST_YEAR)?;
        let d = Diagnostic::error(
            code,
            format!(
                "`{key}` ({date}) is before {EARLIEST_YEAR}, which cannot be right for a web page"
            ),
        )
        .with_hint(
            "write the full date, year first (YYYY-MM-DD), or leave the key out until you know it",
        );
        Some(page.diagnostic_at_key_value(d, key))
    })
}

/// An error for each `reviewed_by` id that `people:` does not declare, with the closest one.
fn unknown_reviewers<'a>(
    config: &'a Config,
    page: &'a SourcePage,
) -> impl Iterator<Item = Diagnostic> + 'a {
    page.front
        .reviewed_by
        .iter()
        .filter(|id| !config.people.contains_key(*id))
        .map(move |id| {
            let d = Diagnostic::error(
                Code::UnknownReviewer,
                format!("`reviewed_by` names `{id}`, who is not under `people:` in site.yaml"),
            );
            let hint = match closest(id, config.people.keys().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "declare them in site.yaml: `people: {{ {id}: {{ name: ..., role: ... }} }}`"
                ),
            };
            page.diagnostic_at_key(d.with_hint(hint), "reviewed_by")
        })
}

/// The warning, note or error for a page's review status, if it needs one.
fn status_finding(
    settings: &ReviewConfig,
    page: &SourcePage,
    review: &Review,
) -> Option<Diagnostic> {
    let days = review.days_left.unwrap_or_default();
    let next = review
        .next_review
        .map(|d| d.to_string())
        .unwrap_or_default();
    if settings.require && review.reviewed.is_none() {
        let d = Diagnostic::error(
            Code::ReviewMissing,
            "this page has no `reviewed` date, and site.yaml's `review.require` is true",
        )
        .with_hint("add `reviewed: YYYY-MM-DD` (the day it was last reviewed) to its front matter");
        return Some(page.diagnostic_at_key(d, "title"));
    }
    let d = match review.status {
        ReviewStatus::Overdue => Diagnostic::warning(
            Code::ReviewOverdue,
            format!(
                "this page was due for review on {next}, {} ago",
                plural_days(-days)
            ),
        )
        .with_hint("review it, then set `reviewed:` to the day you did (and `next_review:` if it is due sooner than usual)"),
        ReviewStatus::DueSoon => Diagnostic::note(
            Code::ReviewDueSoon,
            format!("this page is due for review on {next}, in {}", plural_days(days)),
        )
        .with_hint(format!(
            "review it by then, and set `reviewed:` to the day you do; `attach-gen reviews --due-within {w}d` lists every page due within {w} days",
            w = settings.warn_days
        )),
        _ => return None,
    };
    let key = if own_next_review(page).is_some() {
        "next_review"
    } else {
        "reviewed"
    };
    Some(page.diagnostic_at_key(d, key))
}

fn plural_days(days: i64) -> String {
    if days == 1 {
        "1 day".into()
    } else {
        format!("{days} days")
    }
}

/// One line of the review report: a page, its review and its readability grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    /// As the user would type it: `content/guides/sleep.md`.
    pub source: String,
    pub title: String,
    pub reviewed: Option<String>,
    pub next_review: Option<String>,
    /// The reviewers' names (an id `people:` does not declare, as written).
    pub reviewed_by: Vec<String>,
    pub status: ReviewStatus,
    /// Days from today to `next_review` (negative when overdue).
    pub days_left: Option<i64>,
    /// The Flesch–Kincaid grade of the page's English running text, 0 at the least; none for a page in
    /// another language (its `lang:`, else the site's `language`), as `check` skips them: the
    /// formula is English's.
    pub grade: Option<f64>,
}

/// The review report: every page, never-reviewed pages first, then by next review date
/// (soonest first), then by path. With `due_within`, only pages never reviewed or due within
/// that many days (overdue ones too).
pub fn report(
    config: &Config,
    pages: &[SourcePage],
    today: Date,
    due_within: Option<i64>,
) -> Vec<ReportRow> {
    let mut rows: Vec<(Review, &SourcePage)> = pages
        .iter()
        .map(|page| (review_of(config, page, today), page))
        .filter(|(review, _)| {
            due_within.is_none_or(|days| {
                review.status == ReviewStatus::NeverReviewed
                    || review.days_left.is_some_and(|left| left <= days)
            })
        })
        .collect();
    rows.sort_by(|(a, pa), (b, pb)| {
        let never = |r: &Review| r.status != ReviewStatus::NeverReviewed;
        (never(a), a.next_review, &pa.path).cmp(&(never(b), b.next_review, &pb.path))
    });
    rows.into_iter()
        .map(|(review, page)| ReportRow {
            source: page.path.display().to_string(),
            title: page.front.title.clone(),
            reviewed: review.reviewed.map(|d| d.to_string()),
            next_review: review.next_review.map(|d| d.to_string()),
            reviewed_by: page
                .front
                .reviewed_by
                .iter()
                .map(|id| config.people.get(id).map_or(id, |p| &p.name).clone())
                .collect(),
            status: review.status,
            days_left: review.days_left,
            // The formula goes below zero for short, plain text (-2.0 for two short sentences):
            // no school grade is called that, so the report shows 0; `check`'s note gives the
            // figure itself.
            grade: crate::content::readability::measured(config, page).then(|| {
                crate::content::readability::measure(&page.body.text())
                    .figures
                    .grade
                    .max(0.0)
            }),
        })
        .collect()
}
