//! Templates: load a theme once, then turn the [`Site`] model into HTML files.
//!
//! Templates get plain serialisable structs (documented in `docs/templates.md`). Every link in
//! them is written as `{{ root }}{{ x.url }}`, where `root` leads from the page being written back
//! to the site root, so the output works under any sub-path and from disk.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::site::{PageReference, Site};
use crate::urls;

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
pub struct Theme {
    tera: tera::Tera,
    /// Every template's name, file and text, for error messages.
    files: Vec<TemplateSource>,
    /// Built-in static files (the default theme's, when the site has no copy of it).
    pub builtin_static: &'static [(&'static str, &'static [u8])],
    /// Copied to the output root in this order, after the built-in files (later ones win).
    pub static_dirs: Vec<PathBuf>,
}

struct TemplateSource {
    name: String,
    /// As the user would type it, relative to the site root.
    shown: PathBuf,
    text: String,
}

/// The default theme, built into the binary: a new site needs no `themes/` folder.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "bibliography.html",
        include_str!("../themes/default/templates/bibliography.html"),
    ),
    (
        "categories.html",
        include_str!("../themes/default/templates/categories.html"),
    ),
    (
        "category.html",
        include_str!("../themes/default/templates/category.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "summary.html",
        include_str!("../themes/default/templates/summary.html"),
    ),
];
const DEFAULT_STATIC: &[(&str, &[u8])] = &[(
    "style.css",
    include_bytes!("../themes/default/static/style.css"),
)];

/// Loads `themes/<theme>/templates/` (or the built-in default theme), then the site's own
/// `templates/` over it.
pub fn load_theme(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let themes = config.root.join("themes");
    let theme_dir = themes.join(&config.theme);
    let builtin = !theme_dir.is_dir() && config.theme == "default";
    if !theme_dir.is_dir() && !builtin {
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
        return Err(vec![
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
        ]);
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
    let mut dirs = vec![config.root.join("templates")];
    if !builtin {
        dirs.insert(0, theme_dir.join("templates"));
    }
    for dir in dirs {
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
        {
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let shown = entry
                .path()
                .strip_prefix(&config.root)
                .unwrap_or(entry.path())
                .to_path_buf();
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => add(TemplateSource { name, shown, text }),
                Err(e) => errors.push(
                    Diagnostic::error("template", format!("cannot read this template: {e}"))
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
                        .join("templates")
                        .strip_prefix(&config.root)
                        .unwrap_or(&theme_dir),
                ),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str())))
        .map_err(|e| vec![template_error(&e, &sources)])?;
    Ok(Theme {
        tera,
        files: sources,
        builtin_static: if builtin { DEFAULT_STATIC } else { &[] },
        static_dirs: if builtin {
            vec![config.root.join("static")]
        } else {
            vec![theme_dir.join("static"), config.root.join("static")]
        },
    })
}

impl Theme {
    /// The names at the top of the output that static files will take.
    pub fn static_names(&self) -> HashSet<String> {
        let mut names: HashSet<String> = self
            .builtin_static
            .iter()
            .map(|(name, _)| name.to_string())
            .collect();
        for dir in &self.static_dirs {
            if let Ok(entries) = std::fs::read_dir(dir) {
                names.extend(
                    entries
                        .filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned()),
                );
            }
        }
        names
    }
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn template_error(error: &tera::Error, files: &[TemplateSource]) -> Diagnostic {
    let file_of = |name: &str| files.iter().find(|s| s.name == name);
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
    headings: &'a [crate::markdown::Heading],
    references: Vec<ReferenceVars<'a>>,
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

/// Renders every file of the site and hands each to `write` (a path relative to the output
/// root, and the bytes). Pages are rendered in parallel.
pub fn render_site(
    site: &Site,
    theme: Theme,
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
        })
        .collect();

    let render = |template: &str, url: &str, mut ctx: tera::Context| -> Result<(), Diagnostic> {
        let root = if template == "404.html" {
            // The 404 page is served at any depth, so its links cannot be relative.
            site.config
                .base_url
                .as_ref()
                .map(|b| format!("{b}/"))
                .unwrap_or_else(|| "/".into())
        } else {
            urls::root_prefix(url)
        };
        ctx.insert("root", &root);
        ctx.insert(
            "current_url",
            if template == "404.html" {
                "404.html"
            } else {
                url
            },
        );
        let html = tera
            .render(template, &ctx)
            .map_err(|e| template_error(&e, &files))?;
        let path = if template == "404.html" {
            "404.html".to_string()
        } else {
            format!("{url}index.html")
        };
        write(&path, html.as_bytes())
            .map_err(|e| Diagnostic::error("io", format!("cannot write {path}: {e}")))
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
        .map(|(page, summary)| {
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
            let vars = PageVars {
                summary,
                content: &page.content,
                headings: &page.headings,
                references,
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

    let mut others: Vec<Result<(), Diagnostic>> = Vec::new();
    let all: Vec<&PageSummary> = summaries.iter().collect();
    others.push(render("index.html", "", context(&[("pages", &all)])));
    others.push(render(
        "categories.html",
        "categories/",
        tera::Context::new(),
    ));
    others.extend(
        site.categories
            .par_iter()
            .zip(categories.par_iter())
            .map(|(category, vars)| {
                let pages: Vec<&PageSummary> =
                    category.pages.iter().map(|&p| &summaries[p]).collect();
                render(
                    "category.html",
                    &category.url,
                    context(&[("category", vars), ("pages", &pages)]),
                )
            })
            .collect::<Vec<_>>(),
    );
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
    others.push(render("404.html", "", tera::Context::new()));
    let errors: Vec<Diagnostic> = others.into_iter().filter_map(Result::err).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(site.pages.len() + site.categories.len() + 4)
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
