//! The review report published for staff (`review.publish_report: true`): the rows of
//! `attach-gen reviews` with each page's URL, written at `reviews/` and left out of search,
//! the sitemap and the feeds. Pages may not take that URL while it is published. The same rows,
//! URLs and languages are what `attach-gen reviews` prints ([`for_command`]).

use crate::config::Config;
use crate::content::review::{ReportRow, report};
use crate::content::{Date, SourcePage};

/// Where the report is published, site-relative.
pub const REPORT_URL: &str = "reviews/";

/// One row of the published report: a row of `attach-gen reviews` and the page's URL.
#[derive(Debug, Clone)]
pub struct PublishedRow {
    pub row: ReportRow,
    /// Site-relative, as pages' URLs are.
    pub url: String,
    /// The page's language when it says one (`lang:`, or a translation's file name), for
    /// its title on the report page.
    pub lang: Option<String>,
    /// Its title with its language spans marked up (`[whānau]{lang=mi}`), when it has any.
    pub title_html: Option<String>,
}

/// The report's rows when site.yaml asks for it to be published, else nothing. `urls` are the
/// pages' URLs, in `sources` order.
pub fn published(
    config: &Config,
    sources: &[SourcePage],
    urls: &[String],
    today: Date,
) -> Vec<PublishedRow> {
    if !config.review.as_ref().is_some_and(|r| r.publish_report) {
        return Vec::new();
    }
    // Pages under `reviews/` are refused with the other URLs (`urls::Taken`).
    rows(config, sources, urls, today, None)
}

/// The rows of `attach-gen reviews` (only those due within `due_within` days, when given),
/// each with its page's URL as a build writes it and its language, from the pages read
/// (drafts left out). A translation's language comes from its file name, as in a build. The
/// URLs are worked out as a build does, but not checked: a page whose `slug` or file name
/// makes no URL has an empty one (the build's error says why), and a URL another page or a
/// static file takes is given as the page asks for it.
pub fn for_command(
    config: &Config,
    mut sources: Vec<SourcePage>,
    today: Date,
    due_within: Option<i64>,
) -> Vec<PublishedRow> {
    // The errors are the build's and `check`'s to report; the report lists pages.
    let mut ignored = Vec::new();
    let languages = super::translations::detect(config, &mut sources, &mut ignored);
    let no_static_files = std::collections::HashSet::new();
    let taken = super::urls::Taken::new(config, &no_static_files);
    let urls = super::urls::assign(
        &sources,
        (&languages, &config.languages),
        &taken,
        &mut ignored,
    );
    rows(config, &sources, &urls, today, due_within)
}

/// The rows of the report, each with its page's URL (from `urls`, in `sources` order),
/// language and title's markup.
fn rows(
    config: &Config,
    sources: &[SourcePage],
    urls: &[String],
    today: Date,
    due_within: Option<i64>,
) -> Vec<PublishedRow> {
    type Of<'a> = (&'a str, Option<&'a String>, Option<&'a String>);
    let of_page: std::collections::HashMap<&std::path::Path, Of> = sources
        .iter()
        .zip(urls)
        .map(|(page, url)| {
            (
                page.path.as_path(),
                (
                    url.as_str(),
                    page.front.lang.as_ref(),
                    page.front.title_html.as_ref(),
                ),
            )
        })
        .collect();
    report(config, sources, today, due_within)
        .into_iter()
        .map(|row| {
            let (url, lang, title_html) = of_page
                .get(std::path::Path::new(&row.source))
                .copied()
                .unwrap_or_default();
            PublishedRow {
                url: url.to_string(),
                lang: lang.cloned(),
                title_html: title_html.cloned(),
                row,
            }
        })
        .collect()
}
