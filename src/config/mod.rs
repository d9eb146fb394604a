//! `site.yaml`: what the whole site is called, how it looks and where its references live.
//!
//! Every key is checked: an unknown one is an error naming the key, its line and the closest
//! known key, because a typo that passes silently is a setting that silently does nothing.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::support::diagnostic::{Diagnostic, closest};
use crate::support::text::nfc;
use crate::support::yaml;

pub mod layout;

pub use layout::CONFIG_FILE;

/// The site's settings, with defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder that holds `site.yaml`.
    pub root: PathBuf,
    pub title: String,
    pub description: Option<String>,
    /// Absolute URL the site is published at, without a trailing slash; only needed where a
    /// link must be absolute (canonical links, feeds, sitemap).
    pub base_url: Option<String>,
    /// A BCP 47 tag such as `en-NZ`, written to `<html lang>`.
    pub language: String,
    pub theme: String,
    pub banner: Option<Banner>,
    /// Categories in the order the site wants them, with their introductions.
    pub categories: Vec<CategoryConfig>,
    pub bibliography: BibliographyConfig,
    /// A style name the citation library ships (`apa`, `ieee`, ...) or a path to a `.csl` file.
    pub citation_style: String,
    pub markdown: MarkdownConfig,
    /// Pages per listing page (home and categories).
    pub paginate_by: usize,
    /// Free-form values handed to templates as `site.extra`.
    pub extra: serde_json::Value,
    /// Each key with its line in site.yaml and that line's text, for later diagnostics.
    pub key_lines: Vec<(String, usize, String)>,
    /// Likely mistakes in site.yaml that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

impl Config {
    /// Every file and folder the site is built from, relative to its folder as written in
    /// site.yaml (a bibliography file may be given by an absolute path): site.yaml, the source
    /// folders, the bibliography files and a `.csl` style.
    pub fn source_paths(&self) -> Vec<PathBuf> {
        let mut paths = vec![PathBuf::from(CONFIG_FILE)];
        paths.extend(layout::SOURCE_DIRS.iter().map(PathBuf::from));
        paths.extend(self.files_named());
        paths
    }

    /// The files site.yaml names, as written: the bibliography files and a `.csl` style.
    pub fn files_named(&self) -> Vec<PathBuf> {
        let mut paths = self.bibliography.files.clone();
        let style = self.citation_style.trim();
        if style.ends_with(".csl") {
            paths.push(PathBuf::from(style));
        }
        paths
    }

    /// Places `d` at the line of `key` in site.yaml (or on the file, if the key is not there).
    pub fn at_key(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let mut d = d.in_file(CONFIG_FILE);
        if let Some((_, line, text)) = self.key_lines.iter().find(|(k, ..)| k == key) {
            d.line = *line;
            d.column = 1;
            d.source_line = Some(text.clone());
        }
        d
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Banner {
    pub text: String,
    #[serde(default)]
    pub link: Option<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BibliographyConfig {
    /// Relative to the site root.
    pub files: Vec<PathBuf>,
    /// List works no page cites under "Further reading" on the bibliography page.
    pub show_uncited: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Pass raw HTML in Markdown through (editors are trusted) or escape it.
    #[serde(default = "yes")]
    pub raw_html: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { raw_html: true }
    }
}

fn yes() -> bool {
    true
}

/// `bibliography:` may be a list of files, or a map with the files and options.
#[derive(Deserialize)]
#[serde(untagged)]
enum BibliographyField {
    Files(Vec<PathBuf>),
    One(PathBuf),
    Full(BibliographyMap),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BibliographyMap {
    #[serde(default)]
    files: Vec<PathBuf>,
    #[serde(default)]
    show_uncited: bool,
}

/// How many pages a listing page may show.
pub const PAGINATE_BY: std::ops::RangeInclusive<usize> = 1..=10_000;

pub const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "banner",
    "categories",
    "bibliography",
    "citation_style",
    "markdown",
    "paginate_by",
    "extra",
];

/// Reads `<root>/site.yaml`.
pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let text = match crate::support::source::read_site_file(root, &path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                return Err(vec![
                    crate::support::diagnostic::decode_utf8(Path::new(CONFIG_FILE), e.into_bytes())
                        .err()
                        .unwrap_or_else(|| {
                            Diagnostic::error("encoding", "site.yaml is not valid UTF-8")
                                .in_file(CONFIG_FILE)
                        }),
                ]);
            }
        },
        Err(crate::support::source::ReadError::Io(e))
            if e.kind() == std::io::ErrorKind::NotFound =>
        {
            return Err(vec![
                Diagnostic::error(
                    "no-site",
                    format!("{} holds no site.yaml, so it is not a site", root.display()),
                )
                .with_hint("run attach-gen in the site's folder, or pass --root DIR"),
            ]);
        }
        Err(e) => {
            return Err(vec![
                e.diagnostic("io", "cannot read site.yaml: ")
                    .in_file(CONFIG_FILE),
            ]);
        }
    };
    parse(root, &text)
}

/// Parses the text of a `site.yaml` belonging to the site at `root`.
pub fn parse(root: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let parsed = yaml::parse_fields(&text).map_err(|e| {
        let d = Diagnostic::error(
            "yaml",
            format!("site.yaml is not valid YAML: {}", e.message),
        )
        .in_file(CONFIG_FILE)
        .at(&text, e.line, e.column);
        vec![match e.hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        }]
    })?;
    let fields = parsed.fields;
    let lines = crate::support::diagnostic::LineIndex::new(&text);

    let mut config = Config {
        root: root.to_path_buf(),
        title: String::new(),
        description: None,
        base_url: None,
        language: "en".into(),
        theme: "default".into(),
        banner: None,
        categories: Vec::new(),
        bibliography: BibliographyConfig::default(),
        citation_style: "apa".into(),
        markdown: MarkdownConfig::default(),
        paginate_by: 20,
        extra: serde_json::Value::Object(Default::default()),
        key_lines: fields
            .iter()
            .map(|f| {
                (
                    f.key.clone(),
                    f.line,
                    lines.line(f.line).unwrap_or_default().to_string(),
                )
            })
            .collect(),
        warnings: parsed
            .warnings
            .into_iter()
            .map(|w| {
                let d = Diagnostic::warning("yaml", w.message)
                    .in_file(CONFIG_FILE)
                    .at(&text, w.line, w.column);
                match w.hint {
                    Some(hint) => d.with_hint(hint),
                    None => d,
                }
            })
            .collect(),
    };
    let mut errors = Vec::new();
    let mut seen_title = false;
    for field in &fields {
        let error = |message: String| {
            Diagnostic::error("config", message)
                .in_file(CONFIG_FILE)
                .at(&text, field.line, field.column)
        };
        let result: Result<(), String> = match field.key.as_str() {
            "title" => field.parse::<String>().map(|v| {
                seen_title = true;
                config.title = nfc(&v)
            }),
            "description" => field
                .parse::<Option<String>>()
                .map(|v| config.description = v.map(|v| nfc(&v))),
            "base_url" => field.parse::<Option<String>>().and_then(|v| {
                config.base_url = v.map(|url| check_base_url(&url)).transpose()?;
                Ok(())
            }),
            "language" => field.parse().and_then(|v: String| {
                if is_language_tag(&v) {
                    config.language = v;
                    Ok(())
                } else {
                    Err(format!("`{v}` is not a language tag such as `en` or `en-NZ`"))
                }
            }),
            "theme" => field.parse().map(|v| config.theme = v),
            "banner" => match field.parse::<Option<Banner>>() {
                Ok(banner) => {
                    if let Some(link) = banner.as_ref().and_then(|b| b.link.as_deref())
                        && let Some(scheme) = crate::support::urls::script_scheme(link)
                    {
                        let (line, column) =
                            nested_key(&text, field.line, "link").unwrap_or((field.line, 1));
                        errors.push(
                            Diagnostic::error(
                                "unsafe-link",
                                format!("`banner.link` is a `{scheme}` URL, which would run a script or open a hidden document when clicked"),
                            )
                            .in_file(CONFIG_FILE)
                            .at(&text, line, column)
                            .with_hint("link to a page of the site or to an https:// address"),
                        );
                        continue;
                    }
                    config.banner = banner;
                    Ok(())
                }
                Err(message) => Err(message),
            },
            "categories" => field
                .parse::<Option<Vec<CategoryConfig>>>()
                .map(|v| {
                    config.categories = v
                        .unwrap_or_default()
                        .into_iter()
                        .map(|c| CategoryConfig {
                            name: nfc(&c.name),
                            ..c
                        })
                        .collect()
                }),
            "bibliography" => field.parse::<Option<BibliographyField>>().map(|v| {
                config.bibliography = match v {
                    None => BibliographyConfig::default(),
                    Some(BibliographyField::Files(files)) => BibliographyConfig {
                        files,
                        show_uncited: false,
                    },
                    Some(BibliographyField::One(file)) => BibliographyConfig {
                        files: vec![file],
                        show_uncited: false,
                    },
                    Some(BibliographyField::Full(map)) => BibliographyConfig {
                        files: map.files,
                        show_uncited: map.show_uncited,
                    },
                }
            })
            .map_err(|_| {
                "`bibliography` must be a list of files, or a map with `files` and `show_uncited`".to_string()
            }),
            "citation_style" => field.parse().map(|v| config.citation_style = v),
            "markdown" => field
                .parse::<Option<MarkdownConfig>>()
                .map(|v| config.markdown = v.unwrap_or_default()),
            "paginate_by" => match field.parse::<usize>() {
                Ok(n) if PAGINATE_BY.contains(&n) => {
                    config.paginate_by = n;
                    Ok(())
                }
                _ => Err(format!(
                    "must be a whole number from {} to {}",
                    PAGINATE_BY.start(),
                    PAGINATE_BY.end()
                )),
            },
            "extra" => field
                .parse::<Option<serde_json::Value>>()
                .map(|v| config.extra = v.unwrap_or(config.extra.clone())),
            other => {
                let mut d = error(format!("unknown key `{other}` in site.yaml"));
                d = match closest(other, KEYS.iter().copied()) {
                    Some(key) => d.with_hint(format!("did you mean `{key}`?")),
                    None => d.with_hint(format!("the keys site.yaml knows are: {}", KEYS.join(", "))),
                };
                errors.push(d);
                continue;
            }
        };
        if let Err(message) = result {
            errors.push(error(format!("`{}`: {message}", field.key)));
        }
    }
    if !seen_title && errors.is_empty() {
        errors.push(
            Diagnostic::error("config", "site.yaml has no `title`")
                .in_file(CONFIG_FILE)
                .with_hint("add a line such as `title: Our Resources`"),
        );
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

/// The line and column of `key:` inside the block of the top-level key on line `start`
/// (1-based): on that line itself (`banner: {link: x}`) or on the indented lines below it.
fn nested_key(text: &str, start: usize, key: &str) -> Option<(usize, usize)> {
    let pattern = format!("{key}:");
    for (index, line) in text.lines().enumerate().skip(start.checked_sub(1)?) {
        let line_no = index + 1;
        if line_no == start {
            // Flow style: `banner: {text: Hi, link: x}`.
            if let Some(found) = line
                .match_indices(&pattern)
                .map(|(i, _)| i)
                .find(|&i| line[..i].trim_end().ends_with(['{', ',']))
            {
                return Some((line_no, line[..found].chars().count() + 1));
            }
            continue;
        }
        if !line.is_empty() && !line.starts_with([' ', '\t', '#']) {
            break;
        }
        let indent = line.len() - line.trim_start().len();
        if line.trim_start().starts_with(&pattern) {
            return Some((line_no, line[..indent].chars().count() + 1));
        }
    }
    None
}

pub fn check_base_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim().trim_end_matches('/');
    if !(trimmed.starts_with("https://") || trimmed.starts_with("http://")) {
        return Err(format!(
            "`{url}` is not an absolute http(s) URL such as `https://example.org/resources`"
        ));
    }
    let host = trimmed.split("://").nth(1).unwrap_or_default();
    if host.is_empty() || host.starts_with('/') {
        return Err(format!(
            "`{url}` has no host name, as in `https://example.org`"
        ));
    }
    // Written into href attributes, feeds and the sitemap: a character a URL cannot hold as
    // written is a mistake (or an attempt to break out of them).
    if let Some(c) = trimmed
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(*c))
    {
        return Err(format!(
            "`{}` contains {c:?}, which a URL cannot hold as written (percent-encode it)",
            url.escape_debug()
        ));
    }
    Ok(trimmed.to_string())
}

fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_banner_links_are_refused_at_their_line() {
        for (text, line, column) in [
            (
                "title: T\nbanner:\n  text: \"Hi link: x\"\n  link: javascript:alert(1)\n",
                4,
                3,
            ),
            (
                "title: T\nbanner: {text: Hi, link: ' JavaScript:x'}\n",
                2,
                20,
            ),
            (
                "title: T\nbanner:\n  link: \"data:text/html,<script>x</script>\"\n  text: Hi\n",
                3,
                3,
            ),
            ("title: T\nbanner:\n  link: VBScript:x\n  text: Hi\n", 3, 3),
        ] {
            let errors = parse(Path::new("."), text).err().unwrap_or_default();
            assert_eq!(errors.len(), 1, "{text}: {errors:?}");
            assert_eq!(errors[0].code, "unsafe-link", "{text}: {errors:?}");
            assert_eq!((errors[0].line, errors[0].column), (line, column), "{text}");
        }
        assert!(
            parse(
                Path::new("."),
                "title: T\nbanner: {text: Hi, link: /course}\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn reads_every_setting() {
        let config = parse(
            Path::new("/site"),
            "title: T\nbase_url: https://example.org/r/\nlanguage: en-NZ\nbanner: {text: Hi, link: /x}\n\
             categories:\n  - name: Wellbeing\n    description: About wellbeing\n\
             bibliography: [refs.bib]\nmarkdown: {raw_html: false}\nextra: {a: 1}\n",
        );
        let config = match config {
            Ok(config) => config,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(config.base_url.as_deref(), Some("https://example.org/r"));
        assert_eq!(config.language, "en-NZ");
        assert_eq!(config.categories[0].name, "Wellbeing");
        assert_eq!(config.bibliography.files, [PathBuf::from("refs.bib")]);
        assert!(!config.markdown.raw_html);
        assert_eq!(config.extra["a"], 1);
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        let errors = parse(Path::new("."), "title: T\nthem: x\nbogus_thing: 1\n")
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 2);
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `theme`?"));
        assert!(errors[1].message.contains("`bogus_thing`"));
    }

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            check_base_url(" https://example.org/r/ ").as_deref(),
            Ok("https://example.org/r")
        );
        for bad in [
            "example.org",
            "https://",
            "https:///path",
            "https://example.org/a\"><script>",
            "https://example.org/a b",
            "javascript://example.org/%0aalert(1)\n",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bibliography_map_form() {
        let config = parse(
            Path::new("."),
            "title: T\nbibliography: {files: [a.bib], show_uncited: true}\n",
        );
        let bib = config.map(|c| c.bibliography).unwrap_or_default();
        assert!(bib.show_uncited);
        assert_eq!(bib.files.len(), 1);
    }
}
