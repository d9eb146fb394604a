//! Templates: load a theme once, then turn the [`Site`] model into HTML files.
//!
//! Templates get plain serialisable structs (documented in `docs/templates.md`). Every link in
//! them is written as `{{ root }}{{ x.url }}`, where `root` leads from the page being written back
//! to the site root, so the output works under any sub-path and from disk.

pub mod feeds;
pub mod template_text;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, layout};
use crate::content::Date;
use crate::site::{PageReference, Site};
use crate::support::diagnostic::Diagnostic;

use crate::support::urls;

/// The templates every theme must provide.
pub const TEMPLATES: &[&str] = &[
    "index.html",
    "page.html",
    "categories.html",
    "category.html",
    "bibliography.html",
    "404.html",
];

/// A theme, parsed once: its templates (with the site's overrides) and its static files.
#[derive(Clone)]
pub struct Theme {
    tera: tera::Tera,
    /// Every template's name, file and text, for error messages.
    files: Vec<TemplateSource>,
    /// Built-in static files (the default theme's, when the site has no copy of it).
    pub builtin_static: &'static [(&'static str, &'static [u8])],
    /// Copied to the output root in this order, after the built-in files (later ones win).
    pub static_dirs: Vec<PathBuf>,
    /// Every id the templates write literally (`id="site-search"`): headings in pages must
    /// not take them. Read from the templates themselves, so the list cannot drift from them.
    pub ids: HashSet<String>,
    /// What is wrong with the templates without stopping a build: files and folders skipped
    /// while loading (links out of the site, ...), `| safe` on plain text.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Clone)]
struct TemplateSource {
    name: String,
    /// As the user would type it, relative to the site root.
    shown: PathBuf,
    text: String,
}

/// The default theme, built into the binary: a new site needs no `themes/` folder.
macro_rules! default_templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}
const DEFAULT_TEMPLATES: &[(&str, &str)] = default_templates!(
    "404.html",
    "base.html",
    "bibliography.html",
    "categories.html",
    "category.html",
    "index.html",
    "page.html",
    "pagination.html",
    "search.html",
    "summary.html",
);
const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
];

/// Loads `themes/<theme>/templates/` (or the built-in default theme), then the site's own
/// `templates/` over it.
pub fn load_theme(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let themes = config.root.join(layout::THEMES_DIR);
    let theme_dir = themes.join(&config.theme);
    let mut warnings = Vec::new();
    // A theme folder that leads outside the site (a link) is not used: see `source`.
    let usable =
        crate::support::source::usable_folder(&config.root, &theme_dir).unwrap_or_else(|warning| {
            warnings.push(warning);
            false
        });
    let builtin = !usable && config.theme == "default";
    if !usable && !builtin {
        let mut available: Vec<String> = std::fs::read_dir(&themes)
            .map(|dir| {
                dir.filter_map(|e| e.ok())
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        available.push("default".into());
        available.sort();
        available.dedup();
        warnings.push(
            config
                .at_key(
                    Diagnostic::error(
                        "theme",
                        format!(
                            "there is no theme `{}` (no folder themes/{})",
                            config.theme, config.theme
                        ),
                    ),
                    "theme",
                )
                .with_hint(format!("themes here: {}", available.join(", "))),
        );
        return Err(warnings);
    }

    let mut errors = Vec::new();
    let mut sources: Vec<TemplateSource> = Vec::new();
    let mut add = |source: TemplateSource| match sources.iter_mut().find(|s| s.name == source.name)
    {
        Some(existing) => *existing = source,
        None => sources.push(source),
    };
    if builtin {
        for (name, text) in DEFAULT_TEMPLATES {
            add(TemplateSource {
                name: name.to_string(),
                shown: Path::new("themes/default/templates (built in)").join(name),
                text: text.to_string(),
            });
        }
    }
    let mut dirs = vec![config.root.join(layout::TEMPLATES_DIR)];
    if !builtin {
        dirs.insert(0, theme_dir.join(layout::TEMPLATES_DIR));
    }
    for dir in dirs {
        let found = crate::support::source::walk(
            &config.root,
            &dir,
            &crate::support::source::Rules {
                skip_hidden: true,
                wanted: |_| true,
            },
        );
        for diagnostic in found.diagnostics {
            if diagnostic.is_error() {
                errors.push(diagnostic);
            } else {
                warnings.push(diagnostic);
            }
        }
        for (name, path) in found.files {
            let shown = crate::support::source::shown(&config.root, &path);
            let text = crate::support::source::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| "it is not valid UTF-8".to_string())
                });
            match text {
                Ok(text) => add(TemplateSource { name, shown, text }),
                Err(why) => errors.push(
                    Diagnostic::error("template", format!("cannot read this template: {why}"))
                        .in_file(shown),
                ),
            }
        }
    }
    for required in TEMPLATES {
        if !sources.iter().any(|s| s.name == *required) {
            errors.push(
                Diagnostic::error(
                    "template",
                    format!("the theme `{}` has no template `{required}`", config.theme),
                )
                .in_file(
                    theme_dir
                        .join(layout::TEMPLATES_DIR)
                        .strip_prefix(&config.root)
                        .unwrap_or(&theme_dir),
                ),
            );
        }
    }
    errors.extend(sources.iter().flat_map(runaway_loop_errors));
    if !errors.is_empty() {
        errors.append(&mut warnings);
        return Err(errors);
    }
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str())))
        .map_err(|e| vec![template_error(&e, &sources)])?;
    let ids = sources
        .iter()
        .flat_map(|s| template_text::literal_ids(&s.text))
        .collect();
    warnings.extend(sources.iter().flat_map(unsafe_print_warnings));
    Ok(Theme {
        tera,
        ids,
        files: sources,
        builtin_static: if builtin { DEFAULT_STATIC } else { &[] },
        warnings,
        static_dirs: if builtin {
            vec![config.root.join(layout::STATIC_DIR)]
        } else {
            vec![
                theme_dir.join(layout::STATIC_DIR),
                config.root.join(layout::STATIC_DIR),
            ]
        },
    })
}

/// A warning for each value `source` prints with `| safe` that is not one of the HTML fields.
fn unsafe_print_warnings(source: &TemplateSource) -> Vec<Diagnostic> {
    let found = template_text::unsafe_prints(&source.text);
    if found.is_empty() {
        return Vec::new();
    }
    let lines = crate::support::diagnostic::LineIndex::new(&source.text);
    found
        .into_iter()
        .map(|(offset, expression)| {
            let (line, column) = lines.line_col(offset);
            Diagnostic::warning(
                "unsafe-template",
                format!(
                    "in template `{}`: `{expression} | safe` prints plain text as HTML, so a `<` in it becomes markup and can run a script",
                    source.name
                ),
            )
            .in_file(&source.shown)
            .at(&source.text, line, column)
            .with_hint("remove `| safe`: only `page.content`, `page.json_ld` and the `html` of references and works hold HTML")
        })
        .collect()
}

/// An error at each nest of loops in `source` that would turn more than
/// [`template_text::MAX_LOOP_TURNS`] times.
fn runaway_loop_errors(source: &TemplateSource) -> Vec<Diagnostic> {
    template_text::runaway_loops(&source.text)
        .into_iter()
        .map(|(offset, turns)| {
            let (line, column) = crate::support::diagnostic::line_col(&source.text, offset);
            Diagnostic::error(
                "template",
                format!(
                    "in template `{}`: these nested loops would turn {turns} times, more than the {} a template may take",
                    source.name,
                    template_text::MAX_LOOP_TURNS
                ),
            )
            .in_file(&source.shown)
            .at(&source.text, line, column)
            .with_hint("loop over the site's data (`pages`, `categories`), or give `range(...)` a smaller `end`")
        })
        .collect()
}

/// Tera's "Circular include/extend detected for template 'a.html'. Include chain:
/// `["a.html", "b.html", "a.html"]`" as the loop it describes, `a.html → b.html → a.html`,
/// placed at the statement in the first template that starts it.
fn template_cycle(text: &str, files: &[TemplateSource]) -> Option<Diagnostic> {
    let kind = if text.contains("Circular include") {
        "include"
    } else if text.contains("Circular extend") {
        "extend"
    } else {
        return None;
    };
    let start = text.split('\'').nth(1)?;
    let list = text.split("`[").nth(1)?.split("]`").next()?;
    let mut chain: Vec<&str> = list
        .split(',')
        .map(|name| name.trim().trim_matches('"'))
        .filter(|name| !name.is_empty())
        .collect();
    if chain.first() != Some(&start) {
        chain.insert(0, start);
    }
    if chain.last() != Some(&start) || chain.len() == 1 {
        chain.push(start);
    }
    let statement = if kind == "include" {
        "include"
    } else {
        "extends"
    };
    let message = if chain.len() == 2 {
        format!("the template `{start}` {statement} itself")
    } else {
        format!(
            "templates {kind} each other in a loop: {}",
            chain.join(" → ")
        )
    };
    let mut d = Diagnostic::error("template", message).with_hint(format!(
        "a template cannot {kind} itself, directly or through others: remove one of these `{{% {statement} %}}` statements"
    ));
    if let Some(source) = files.iter().find(|s| s.name == start) {
        d = d.in_file(&source.shown);
        if let Some(offset) = template_text::statement_naming(&source.text, chain[1]) {
            let (line, column) = crate::support::diagnostic::line_col(&source.text, offset);
            d = d.at(&source.text, line, column);
        }
    }
    Some(d)
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn template_error(error: &tera::Error, files: &[TemplateSource]) -> Diagnostic {
    let file_of = |name: &str| files.iter().find(|s| s.name == name);
    if let Some(cycle) = template_cycle(&error.to_string(), files) {
        return cycle;
    }
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let mut d = Diagnostic::error(
                "template",
                format!("in template `{}`: {}", report.filename(), report.message()),
            );
            if let Some(source) = file_of(report.filename()) {
                d = d
                    .in_file(&source.shown)
                    .at(&source.text, span.start_line, span.start_col + 1);
            }
            d
        }
        _ => {
            // Load-time checks (an unknown filter, a missing parent) come as text holding a
            // rustc-style report; its `--> name:line:col` line still tells us where.
            let text = error.to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
            let place = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("--> "))
                .and_then(|place| {
                    let mut parts = place.rsplitn(3, ':');
                    let column: usize = parts.next()?.parse().ok()?;
                    let line: usize = parts.next()?.parse().ok()?;
                    Some((parts.next()?.to_string(), line, column))
                });
            match place {
                Some((name, line, column)) => {
                    let mut d =
                        Diagnostic::error("template", format!("in template `{name}`: {first}"));
                    if let Some(source) = file_of(&name) {
                        d = d.in_file(&source.shown).at(&source.text, line, column);
                    }
                    d
                }
                None => Diagnostic::error("template", format!("template error: {first}")),
            }
        }
    }
}

#[derive(Serialize)]
struct SiteVars<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: Option<&'a str>,
    banner: Option<&'a crate::config::Banner>,
    extra: &'a serde_json::Value,
    page_count: usize,
    work_count: usize,
}

#[derive(Serialize, Clone)]
struct Link<'a> {
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct CategoryVars<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    description: Option<&'a str>,
    count: usize,
}

#[derive(Serialize)]
struct DateVars {
    /// `2024-03-09`, for `<time datetime>`.
    iso: String,
    /// `9 March 2024`.
    display: String,
}

impl DateVars {
    fn new(date: Option<Date>) -> Option<DateVars> {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        date.map(|d| DateVars {
            iso: d.to_string(),
            display: format!(
                "{} {} {}",
                d.day,
                MONTHS[usize::from(d.month.clamp(1, 12)) - 1],
                d.year
            ),
        })
    }
}

#[derive(Serialize)]
struct PageSummary<'a> {
    title: &'a str,
    url: &'a str,
    description: Option<&'a str>,
    date: Option<DateVars>,
    updated: Option<DateVars>,
    weight: Option<i64>,
    categories: Vec<Link<'a>>,
    /// Minutes, at 200 words a minute (at least 1).
    reading_time: usize,
}

#[derive(Serialize)]
struct ReferenceVars<'a> {
    /// The anchor in-text citations point to (`ref-bowlby1973`), if the entry is a work.
    id: Option<String>,
    key: Option<&'a str>,
    html: &'a str,
}

#[derive(Serialize)]
struct PageVars<'a> {
    #[serde(flatten)]
    summary: &'a PageSummary<'a>,
    content: &'a str,
    headings: &'a [crate::site::markdown::Heading],
    /// The headings worth a table of contents (levels 2 and 3), when there are three or more.
    toc: Vec<&'a crate::site::markdown::Heading>,
    references: Vec<ReferenceVars<'a>>,
    related: Vec<&'a PageSummary<'a>>,
    /// schema.org `Article` as JSON, safe to print inside `<script>` with `| safe`.
    json_ld: String,
    extra: &'a serde_json::Value,
    source: String,
    draft: bool,
}

#[derive(Serialize)]
struct WorkVars<'a> {
    key: &'a str,
    html: &'a str,
    cited_in: Vec<Link<'a>>,
}

/// One page of a listing to render: template, URL, category, its pages, and where it sits.
type ListingJob<'a> = (
    &'a str,
    String,
    Option<&'a CategoryVars<'a>>,
    &'a [&'a PageSummary<'a>],
    Pagination,
);

/// Where a listing page sits among its siblings.
#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    /// Site-relative URLs, like every URL given to templates.
    first: String,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PaginationLink>,
}

#[derive(Serialize)]
struct PaginationLink {
    number: usize,
    url: String,
    current: bool,
    /// Page numbers were left out just before this one ("1 … 7 8 9").
    gap_before: bool,
}

/// Listing pages linked on either side of the current one (plus the first and the last): a
/// 50,000-page site has 2,500 home listing pages, and linking all from each is 6 million links.
const PAGINATION_WINDOW: usize = 2;

/// `base` for the first page of a listing, `base` + `page/N/` for the others.
fn listing_url(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

fn pagination(base: &str, current: usize, total: usize) -> Pagination {
    Pagination {
        current,
        total,
        first: listing_url(base, 1),
        prev: (current > 1).then(|| listing_url(base, current - 1)),
        next: (current < total).then(|| listing_url(base, current + 1)),
        pages: {
            let near = current.saturating_sub(PAGINATION_WINDOW).max(1)
                ..=(current + PAGINATION_WINDOW).min(total);
            let mut numbers: Vec<usize> = std::iter::once(1)
                .chain(near)
                .chain(std::iter::once(total))
                .collect();
            numbers.dedup();
            let mut previous = 0;
            numbers
                .into_iter()
                .map(|number| {
                    let link = PaginationLink {
                        number,
                        url: listing_url(base, number),
                        current: number == current,
                        gap_before: number > previous + 1,
                    };
                    previous = number;
                    link
                })
                .collect()
        },
    }
}

/// Tags stripped and the five entities decoded: the plain text of a formatted reference.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn json_ld(site: &Site, page: &crate::site::Page) -> String {
    let about: Vec<serde_json::Value> = page
        .categories
        .iter()
        .map(|&c| serde_json::json!({ "@type": "Thing", "name": site.categories[c].name }))
        .collect();
    let citation: Vec<serde_json::Value> = page
        .references
        .iter()
        .map(|r| {
            let html = match r {
                PageReference::Work(i) => &site.bibliography.works[*i].html,
                PageReference::Text(html) => html,
            };
            serde_json::json!({ "@type": "CreativeWork", "name": plain_text(html) })
        })
        .collect();
    let mut article = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "url": feeds::absolute(site, &page.url),
        "inLanguage": site.config.language,
        "isPartOf": { "@type": "WebSite", "name": site.config.title, "url": feeds::absolute(site, "") },
        "publisher": { "@type": "Organization", "name": site.config.title },
        "about": about,
        "citation": citation,
    });
    if let Some(description) = &page.description {
        article["description"] = description.clone().into();
    }
    if let Some(date) = page.date {
        article["datePublished"] = date.to_string().into();
    }
    if let Some(date) = page.updated.or(page.date) {
        article["dateModified"] = date.to_string().into();
    }
    feeds::script_safe_json(&article)
}

/// Renders every file of the site and hands each to `write` (a path relative to the output
/// root, and the bytes). Pages are rendered in parallel. Returns how many files were written.
pub fn render_site(
    site: &Site,
    theme: Theme,
    write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> Result<usize, Vec<Diagnostic>> {
    render_site_only(site, theme, None, write)
}

/// [`render_site`], or with `only` just the pages at those indices of [`Site::pages`] and
/// nothing else (`serve` renders a changed page first, to reload it sooner).
pub fn render_site_only(
    site: &Site,
    theme: Theme,
    only: Option<&HashSet<usize>>,
    write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> Result<usize, Vec<Diagnostic>> {
    let Theme {
        mut tera, files, ..
    } = theme;
    let categories: Vec<CategoryVars> = site
        .categories
        .iter()
        .map(|c| CategoryVars {
            name: &c.name,
            slug: &c.slug,
            url: &c.url,
            description: c.description.as_deref(),
            count: c.pages.len(),
        })
        .collect();
    let site_vars = SiteVars {
        title: &site.config.title,
        description: site.config.description.as_deref(),
        language: &site.config.language,
        base_url: site.config.base_url.as_deref(),
        banner: site.config.banner.as_ref(),
        extra: &site.config.extra,
        page_count: site.pages.len(),
        work_count: site.bibliography.works.len(),
    };
    tera.global_context().insert("site", &site_vars);
    tera.global_context().insert("categories", &categories);

    let summaries: Vec<PageSummary> = site
        .pages
        .iter()
        .map(|p| PageSummary {
            title: &p.title,
            url: &p.url,
            description: p.description.as_deref(),
            date: DateVars::new(p.date),
            updated: DateVars::new(p.updated),
            weight: p.weight,
            categories: p
                .categories
                .iter()
                .map(|&c| Link {
                    name: &site.categories[c].name,
                    url: &site.categories[c].url,
                })
                .collect(),
            reading_time: p.word_count.div_ceil(200).max(1),
        })
        .collect();

    let written = std::sync::atomic::AtomicUsize::new(0);
    let write_counted = |path: &str, bytes: &[u8]| -> Result<(), Diagnostic> {
        written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        write(path, bytes).map_err(|e| Diagnostic::error("io", format!("cannot write {path}: {e}")))
    };
    let too_big = std::sync::atomic::AtomicBool::new(false);
    // `url` is where the file is served from; `feed` the Atom feed that belongs to it.
    let render = |template: &str, url: &str, mut ctx: tera::Context| -> Result<(), Diagnostic> {
        let not_found = template == "404.html";
        let root = if not_found {
            // The 404 page is served at any depth, so its links cannot be relative.
            format!("{}/", site.config.base_url.as_deref().unwrap_or_default())
        } else {
            urls::root_prefix(url)
        };
        ctx.insert("root", &root);
        ctx.insert("current_url", if not_found { "404.html" } else { url });
        if !not_found {
            ctx.insert("canonical", &feeds::absolute(site, url));
        }
        let path = if not_found {
            "404.html".to_string()
        } else {
            format!("{url}index.html")
        };
        // After one file passed the size limit, the others (from the same templates) would
        // only take as long to fail the same way.
        if too_big.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(());
        }
        let html = render_capped(&tera, &files, template, &ctx, &path).inspect_err(|d| {
            if d.code == TOO_BIG {
                too_big.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        })?;
        write_counted(&path, &html)
    };
    let context = |vars: &[(&'static str, &dyn template_vars::Vars)]| {
        let mut ctx = tera::Context::new();
        for (name, value) in vars {
            value.insert_into(&mut ctx, name);
        }
        ctx
    };

    let pages: Vec<Result<(), Diagnostic>> = site
        .pages
        .par_iter()
        .zip(summaries.par_iter())
        .enumerate()
        .filter(|(index, _)| only.is_none_or(|only| only.contains(index)))
        .map(|(_, (page, summary))| {
            let references = page
                .references
                .iter()
                .map(|r| match r {
                    PageReference::Work(i) => {
                        let work = &site.bibliography.works[*i];
                        ReferenceVars {
                            id: Some(format!("ref-{}", work.key)),
                            key: Some(&work.key),
                            html: &work.html,
                        }
                    }
                    PageReference::Text(html) => ReferenceVars {
                        id: None,
                        key: None,
                        html,
                    },
                })
                .collect();
            let toc: Vec<&crate::site::markdown::Heading> = page
                .headings
                .iter()
                .filter(|h| (2..=3).contains(&h.level))
                .collect();
            let vars = PageVars {
                summary,
                content: &page.content,
                headings: &page.headings,
                toc: if toc.len() >= 3 { toc } else { Vec::new() },
                references,
                related: page.related.iter().map(|&p| &summaries[p]).collect(),
                json_ld: json_ld(site, page),
                extra: &page.extra,
                source: page.source.display().to_string(),
                draft: page.draft,
            };
            render("page.html", &page.url, context(&[("page", &vars)]))
        })
        .collect();
    let mut errors: Vec<Diagnostic> = pages.into_iter().filter_map(Result::err).collect();
    // One template error repeated for every page says nothing new.
    errors.dedup_by(|a, b| a.message == b.message && a.file == b.file && a.line == b.line);
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(only) = only {
        return Ok(only.len());
    }

    // Listings, paginated: the home page and each category.
    let per_page = site.config.paginate_by.max(1);
    let mut listings: Vec<(&str, &str, Option<&CategoryVars>, Vec<&PageSummary>)> = Vec::new();
    listings.push(("index.html", "", None, summaries.iter().collect()));
    for (category, vars) in site.categories.iter().zip(&categories) {
        listings.push((
            "category.html",
            &category.url,
            Some(vars),
            category.pages.iter().map(|&p| &summaries[p]).collect(),
        ));
    }
    let mut sitemap_urls: Vec<String> = vec!["categories/".into(), "bibliography/".into()];
    let mut jobs: Vec<ListingJob> = Vec::new();
    for (template, base, category, pages) in &listings {
        let total = pages.len().div_ceil(per_page).max(1);
        for number in 1..=total {
            let start = (number - 1) * per_page;
            let chunk = &pages[start.min(pages.len())..(start + per_page).min(pages.len())];
            let url = listing_url(base, number);
            if !url.is_empty() {
                sitemap_urls.push(url.clone());
            }
            jobs.push((
                template,
                url,
                *category,
                chunk,
                pagination(base, number, total),
            ));
        }
    }
    let mut others: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|(template, url, category, chunk, pagination)| {
            let mut ctx = context(&[("pages", chunk), ("pagination", pagination)]);
            if let Some(category) = category {
                ctx.insert("category", category);
                ctx.insert("feed_url", &format!("{}atom.xml", category.url));
            } else {
                ctx.insert("feed_url", "atom.xml");
            }
            render(template, url, ctx)
        })
        .collect();
    others.push(render(
        "categories.html",
        "categories/",
        tera::Context::new(),
    ));
    fn work_vars<'a>(
        site: &'a Site,
        works: &'a [crate::bibliography::FormattedWork],
    ) -> Vec<WorkVars<'a>> {
        works
            .iter()
            .map(|w| WorkVars {
                key: &w.key,
                html: &w.html,
                cited_in: w
                    .cited_in
                    .iter()
                    .map(|&p| Link {
                        name: &site.pages[p].title,
                        url: &site.pages[p].url,
                    })
                    .collect(),
            })
            .collect()
    }
    let further: Vec<WorkVars> = if site.config.bibliography.show_uncited {
        work_vars(site, &site.bibliography.uncited)
    } else {
        Vec::new()
    };
    others.push(render(
        "bibliography.html",
        "bibliography/",
        context(&[
            ("works", &work_vars(site, &site.bibliography.works)),
            ("further_reading", &further),
        ]),
    ));
    if tera.get_template_names().any(|name| name == "search.html") {
        others.push(render("search.html", "search/", tera::Context::new()));
        sitemap_urls.push("search/".into());
    }
    others.push(render("404.html", "", tera::Context::new()));

    // Files for machines.
    others.push(write_counted(
        "search-index.js",
        feeds::search_index(site).as_bytes(),
    ));
    others.push(write_counted(
        "sitemap.xml",
        feeds::sitemap(site, &sitemap_urls).as_bytes(),
    ));
    others.push(write_counted("robots.txt", feeds::robots(site).as_bytes()));
    let all: Vec<usize> = (0..site.pages.len()).collect();
    others.push(write_counted(
        "atom.xml",
        feeds::atom(site, &site.config.title, "atom.xml", "", &all).as_bytes(),
    ));
    others.extend(
        site.categories
            .par_iter()
            .map(|category| {
                let title = format!("{}: {}", site.config.title, category.name);
                let feed = format!("{}atom.xml", category.url);
                write_counted(
                    &feed,
                    feeds::atom(site, &title, &feed, &category.url, &category.pages).as_bytes(),
                )
            })
            .collect::<Vec<_>>(),
    );

    let errors: Vec<Diagnostic> = others.into_iter().filter_map(Result::err).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(written.into_inner())
}

/// The most a template may write for one file: far above any real page (a 20 MB Markdown page
/// renders to about 25 MB), and far below what would exhaust memory. A template that passes it
/// is looping more than it means to (`{% for i in range(end=99999) %}` twice over is 10 billion
/// turns).
pub const MAX_RENDERED_BYTES: usize = 128 * 1024 * 1024;

/// The diagnostic code of a file that passed [`MAX_RENDERED_BYTES`].
const TOO_BIG: &str = "template-output-limit";

/// A buffer that refuses to grow past a limit, so that a runaway template fails with a message
/// instead of taking all memory and aborting.
struct CappedBuffer {
    bytes: Vec<u8>,
    limit: usize,
    exceeded: bool,
}

impl std::io::Write for CappedBuffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len().saturating_add(data.len()) > self.limit {
            self.exceeded = true;
            return Err(std::io::Error::other("the rendered file is too large"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders `template` for the file at `path` (relative to the output), at most
/// [`MAX_RENDERED_BYTES`] of it. A template error, a file past the limit and a panic inside
/// the template engine are all errors naming the template.
fn render_capped(
    tera: &tera::Tera,
    files: &[TemplateSource],
    template: &str,
    ctx: &tera::Context,
    path: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let mut buffer = CappedBuffer {
        bytes: Vec::new(),
        limit: MAX_RENDERED_BYTES,
        exceeded: false,
    };
    let shown = files
        .iter()
        .find(|s| s.name == template)
        .map(|s| s.shown.clone());
    let at_template = |d: Diagnostic| match &shown {
        Some(shown) => d.in_file(shown),
        None => d,
    };
    match crate::support::panic::catch_panic(|| tera.render_to(template, ctx, &mut buffer)) {
        Ok(Ok(())) => Ok(buffer.bytes),
        Ok(Err(_)) if buffer.exceeded => Err(at_template(
            Diagnostic::error(
                TOO_BIG,
                format!(
                    "in template `{template}`: {path} grew past {} MB, the most one file may have",
                    MAX_RENDERED_BYTES / (1024 * 1024)
                ),
            )
            .with_hint("a loop probably repeats far more than meant: look at the `{% for %}` loops (and `range(...)`) of this template and those it extends or includes"),
        )),
        Ok(Err(e)) => Err(template_error(&e, files)),
        Err(panic) => Err(at_template(Diagnostic::error(
            "template",
            format!("in template `{template}`: rendering {path} crashed the template engine ({panic})"),
        )
        .with_hint("this is a bug in Tera or attach-gen; please report it with the template, and simplify the template around what it does last to work around it"))),
    }
}

/// Lets one helper insert template variables of different types into a context.
mod template_vars {
    pub trait Vars: Sync {
        fn insert_into(&self, ctx: &mut tera::Context, name: &'static str);
    }
    impl<T: serde::Serialize + Sync> Vars for T {
        fn insert_into(&self, ctx: &mut tera::Context, name: &'static str) {
            ctx.insert(name, self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_reserves_every_id_it_writes() {
        let ids: HashSet<String> = DEFAULT_TEMPLATES
            .iter()
            .flat_map(|(_, text)| template_text::literal_ids(text))
            .collect();
        for id in [
            "main",
            "site-search",
            "references",
            "toc-heading",
            "search-results",
        ] {
            assert!(ids.contains(id), "{id} missing from {ids:?}");
        }
        // Every `id="` in the templates is either read or made by the template itself.
        let written = DEFAULT_TEMPLATES
            .iter()
            .map(|(_, text)| text.matches(" id=\"").count())
            .sum::<usize>();
        let templated = DEFAULT_TEMPLATES
            .iter()
            .map(|(_, text)| text.matches(" id=\"{{").count())
            .sum::<usize>();
        let literal = DEFAULT_TEMPLATES
            .iter()
            .map(|(_, text)| template_text::literal_ids(text).count())
            .sum::<usize>();
        assert_eq!(literal, written - templated);
    }
}
