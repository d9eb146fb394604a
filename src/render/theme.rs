//! A theme: its templates (with the site's overrides) parsed once, its static folders, and the
//! ids its templates write.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::config::layout::{STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use crate::render::template_errors::{runaway_loop_errors, template_error, unsafe_print_warnings};
use crate::render::template_text;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::source;

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
    pub(super) tera: tera::Tera,
    /// Every template's name, file and text, for error messages.
    pub(super) files: Vec<TemplateSource>,
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
    /// The theme's words per language, the site's over the theme's.
    pub strings: crate::render::strings::Strings,
    /// The site's `style.css`, printed inside the 404 page (see [`super::StaticFiles::text`]).
    pub inline_styles: Option<String>,
}

/// One template as read.
#[derive(Clone)]
pub struct TemplateSource {
    pub name: String,
    /// As the user would type it, relative to the site root.
    pub shown: PathBuf,
    pub text: String,
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
    "glossary.html",
    "index.html",
    "page.html",
    "pagination.html",
    "reviews.html",
    "search.html",
    "summary.html",
);
const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
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
    let themes = config.root.join(THEMES_DIR);
    let theme_dir = themes.join(&config.theme);
    let mut warnings = Vec::new();
    // A theme folder that leads outside the site (a link) is not used: see `source`.
    let usable = source::usable_folder(&config.root, &theme_dir).unwrap_or_else(|warning| {
        warnings.push(warning);
        false
    });
    let builtin = !usable && config.theme == "default";
    if !usable && !builtin {
        warnings.push(no_such_theme(config, &themes));
        return Err(warnings);
    }
    let mut errors = Vec::new();
    let mut dirs = vec![config.root.join(TEMPLATES_DIR)];
    if !builtin {
        dirs.insert(0, theme_dir.join(TEMPLATES_DIR));
    }
    let sources = read_templates(config, builtin, &dirs, &mut errors, &mut warnings);
    for required in TEMPLATES {
        if !sources.iter().any(|s| s.name == *required) {
            errors.push(
                Diagnostic::error(
                    Code::Template,
                    format!("the theme `{}` has no template `{required}`", config.theme),
                )
                .in_file(
                    theme_dir
                        .join(TEMPLATES_DIR)
                        .strip_prefix(&config.root)
                        .unwrap_or(&theme_dir),
                ),
            );
        }
    }
    errors.extend(sources.iter().flat_map(runaway_loop_errors));
    let strings = crate::render::strings::load(
        config,
        (!builtin).then_some(theme_dir.as_path()),
        &mut errors,
        &mut warnings,
    );
    warnings.extend(strings.missing(config));
    if !errors.is_empty() {
        errors.append(&mut warnings);
        return Err(errors);
    }
    let mut tera = tera::Tera::new();
    tera.register_filter("safe", safe_without_copy);
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
        inline_styles: None,
        strings,
        warnings,
        static_dirs: if builtin {
            vec![config.root.join(STATIC_DIR)]
        } else {
            vec![theme_dir.join(STATIC_DIR), config.root.join(STATIC_DIR)]
        },
    })
}

/// Tera's `safe`, giving the same value, but a string marked safe rather than copied: the
/// built-in filter copies its input into a new string, and every page prints its whole body
/// with it (`page.content | safe`). A value that is not a string is written out as the
/// built-in writes it.
fn safe_without_copy(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.as_str().is_some() {
        value.clone().mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// The error for a theme that does not exist, naming those that do.
fn no_such_theme(config: &Config, themes: &Path) -> Diagnostic {
    let mut available: Vec<String> = std::fs::read_dir(themes)
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
    config
        .at_key(
            Diagnostic::error(
                Code::Theme,
                format!(
                    "there is no theme `{}` (no folder themes/{})",
                    config.theme, config.theme
                ),
            ),
            "theme",
        )
        .with_hint(format!("themes here: {}", available.join(", ")))
}

/// The templates: the built-in theme's (when `builtin`), then those in each of `dirs`, a later
/// one replacing an earlier one of the same name.
fn read_templates(
    config: &Config,
    builtin: bool,
    dirs: &[PathBuf],
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<TemplateSource> {
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
    for dir in dirs {
        let found = source::walk(
            &config.root,
            dir,
            &source::Rules {
                hidden: source::Hidden::Skip,
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
            let shown = source::shown(&config.root, &path);
            let text = source::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| "it is not valid UTF-8".to_string())
                });
            match text {
                Ok(text) => add(TemplateSource { name, shown, text }),
                Err(why) => errors.push(
                    Diagnostic::error(Code::Template, format!("cannot read this template: {why}"))
                        .in_file(shown),
                ),
            }
        }
    }
    sources
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

    /// `safe` as the theme's Tera has it prints what Tera's own prints, for strings short and
    /// long (kept inline, or shared), values that are not strings, and in a filter section;
    /// and what it gives stays safe through a further filter and unsafe once concatenated.
    #[test]
    fn safe_without_copy_prints_what_teras_safe_prints() {
        let template = "{{ short | safe }}|{{ long | safe }}|{{ number | safe }}|\
            {{ list | safe }}|{{ map | safe }}|{{ nothing | safe }}|{{ flag | safe }}|\
            {% filter safe %}<b>{{ short }}</b>{% endfilter %}|{{ short | safe | upper }}|\
            {{ short | safe ~ long }}|{{ short | safe | escape_html }}";
        let mut ctx = tera::Context::new();
        ctx.insert("short", "<a href=\"x\">&'</a>");
        ctx.insert(
            "long",
            &"<p>A body & more: 'quoted' \"text\".</p>\n".repeat(200),
        );
        ctx.insert("number", &12.5);
        ctx.insert("list", &vec!["<a>", "b"]);
        ctx.insert("map", &std::collections::BTreeMap::from([("k", "<v>")]));
        ctx.insert("nothing", &None::<&str>);
        ctx.insert("flag", &true);
        let render = |tera: &mut tera::Tera| {
            tera.add_raw_template("t.html", template)
                .map_err(|e| e.to_string())?;
            tera.render("t.html", &ctx).map_err(|e| e.to_string())
        };
        let builtin = render(&mut tera::Tera::new());
        let mut ours = tera::Tera::new();
        ours.register_filter("safe", safe_without_copy);
        let ours = render(&mut ours);
        assert!(builtin.is_ok(), "{builtin:?}");
        assert_eq!(ours, builtin);
        assert!(
            builtin
                .unwrap_or_default()
                .contains("<a href=\"x\">&'</a>|<p>A body")
        );
    }
}
