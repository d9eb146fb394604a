//! `site.yaml`: what the whole site is called, how it looks and where its references live.
//!
//! Every key is checked: an unknown one is an error naming the key, its line and the closest
//! known key, because a typo that passes silently is a setting that silently does nothing.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::support::diagnostic::{Code, Diagnostic, KeyLines, Located};

mod chrome;
mod help;
pub mod languages;
pub mod layout;
mod parse;
pub mod review;
mod spans;

pub use chrome::{DEFAULT_FAVICON, FooterLink, Logo};
pub use help::{Help, HelpContact, HelpContactIn, HelpIn};
pub use languages::Language;

pub use layout::CONFIG_FILE;
pub use parse::parse;
pub use review::{People, Person, ReadabilityConfig, ReviewConfig};

/// The site's settings, with defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder that holds `site.yaml`.
    pub root: PathBuf,
    pub title: String,
    /// `title` as HTML, its `[spans]{lang=mi}` (or the glossary's terms) marked up; not set
    /// when it has none. `title` itself is then plain text, for `<title>` and `<meta>`.
    pub title_html: Option<String>,
    pub description: Option<String>,
    /// `description` as HTML, its `[spans]{lang=mi}` (or the glossary's terms) marked up; not
    /// set when it has none.
    pub description_html: Option<String>,
    /// Absolute URL the site is published at, without a trailing slash; only needed where a
    /// link must be absolute (canonical links, feeds, sitemap).
    pub base_url: Option<String>,
    /// A BCP 47 tag such as `en-NZ`, written to `<html lang>`.
    pub language: String,
    /// `languages:`: the languages the site publishes in, the default first; empty for a
    /// site in one language.
    pub languages: Vec<Language>,
    /// `region:`: the country the site is for, an ISO 3166 code in capitals (`NZ`), for the
    /// territory of `og:locale` where a page's tag has none (see [`Config::og_locale`]).
    pub region: Option<String>,
    pub theme: String,
    pub banner: Option<Banner>,
    /// The "Need help now?" box on every page.
    pub help: Option<Help>,
    pub logo: Option<Logo>,
    /// `footer.links`.
    pub footer_links: Vec<FooterLink>,
    /// The icon browsers show for the site, a path under the output.
    pub favicon: String,
    /// `home.featured`: pages (by source path under `content/`) first on the home page.
    pub featured: Vec<String>,
    /// Categories in the order the site wants them, with their introductions.
    pub categories: Vec<CategoryConfig>,
    /// Pages may name categories `categories` does not list (otherwise, when it lists any,
    /// a page's category must be one of them).
    pub categories_open: bool,
    pub bibliography: BibliographyConfig,
    /// The glossary file (`glossary: glossary.yaml`), relative to the site's folder.
    pub glossary: Option<PathBuf>,
    /// A style the citation library ships (`apa`, `ieee`, ...) or a `.csl` file.
    pub citation_style: CitationStyleSource,
    pub markdown: MarkdownConfig,
    /// How page images are resized.
    pub images: ImagesConfig,
    /// Pages per listing page (home and categories).
    pub paginate_by: usize,
    /// Free-form values handed to templates as `site.extra`.
    pub extra: serde_json::Value,
    /// Review dates; `None` when site.yaml has no `review:` (pages stay `Article`s).
    pub review: Option<ReviewConfig>,
    /// Reviewers by id.
    pub people: People,
    pub readability: ReadabilityConfig,
    /// Where each key stands in site.yaml, for later diagnostics.
    pub key_lines: KeyLines,
    /// Likely mistakes in site.yaml that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

impl Config {
    /// The Open Graph locale (`og:locale`, language_TERRITORY) of a file in the language
    /// `tag`: `en_NZ` for `en-NZ`. A tag without a region takes site.yaml's `region`, else
    /// the region of the site's `language` (`mi` on an `en-NZ` site is `mi_NZ`), else, for
    /// te reo Māori, `NZ`; with none of these it is the language alone (`en`). A tag whose
    /// region is a UN M.49 area (`es-419`, Latin America) is the language alone (`es`): Open
    /// Graph has two-letter territories only, and the site's region is not the one the tag
    /// names. A language with no two-letter code (`haw`, Hawaiian; `fil`, Filipino) is the
    /// language alone too, whatever the tag's or the site's region: a locale's language has two
    /// letters, so `haw_US` is no locale either, and the bare tag still says the page's
    /// language where leaving `og:locale` out would leave readers to assume `en_US`.
    pub fn og_locale(&self, tag: &str) -> String {
        let parsed = language_tags::LanguageTag::parse(tag).ok();
        let language = parsed
            .as_ref()
            .map_or(tag, |t| t.primary_language())
            .to_ascii_lowercase();
        let area = parsed
            .as_ref()
            .and_then(|t| t.region())
            .is_some_and(|region| region.bytes().all(|b| b.is_ascii_digit()));
        if area || language.len() != 2 {
            return language;
        }
        let region_of = |tag: &str| {
            language_tags::LanguageTag::parse(tag)
                .ok()
                .and_then(|t| t.region().map(str::to_ascii_uppercase))
        };
        let region = parsed
            .as_ref()
            .and_then(|t| t.region().map(str::to_ascii_uppercase))
            .or_else(|| self.region.clone())
            .or_else(|| region_of(&self.language))
            .or_else(|| (language == "mi").then(|| "NZ".to_string()));
        match region {
            Some(region) => format!("{language}_{region}"),
            None => language,
        }
    }

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
        paths.extend(self.citation_style.file().map(Path::to_path_buf));
        paths.extend(self.glossary.clone());
        paths
    }

    /// Places `d` at the line of `key` in site.yaml (or on the file, if the key is not there).
    pub fn at_key(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let mut d = d.in_file(CONFIG_FILE);
        if let Some(at) = self.key_lines.get(key) {
            d.line = at.line;
            d.column = 1;
            d.set_source_line(at.text);
        }
        d
    }

    /// Places `d` where `value` is written inside the block of `key` in site.yaml (a list
    /// item, a nested value), or at the key.
    pub fn at_value(&self, d: Diagnostic, key: &str, value: &str) -> Diagnostic {
        self.at_value_from(d, key, value, 0)
    }

    /// [`Config::at_value`], looking no higher than line `from`.
    pub fn at_value_from(&self, d: Diagnostic, key: &str, value: &str, from: usize) -> Diagnostic {
        self.at_located(d, key, self.key_lines.locate_from(key, value, from))
    }

    /// [`Config::at_value_from`], looking on line `after.0` only past column `after.1` (see
    /// [`crate::support::diagnostic::KeyLines::locate_after`]): the value of the second of
    /// two list items written on one line.
    pub fn at_value_after(
        &self,
        d: Diagnostic,
        key: &str,
        value: &str,
        after: (usize, usize),
    ) -> Diagnostic {
        self.at_located(d, key, self.key_lines.locate_after(key, value, after))
    }

    /// `d` placed at `at` in site.yaml, else at `key`.
    pub fn at_located(&self, d: Diagnostic, key: &str, at: Option<Located>) -> Diagnostic {
        match at {
            Some(at) => {
                let mut d = d.in_file(CONFIG_FILE);
                d.line = at.line;
                d.column = at.column;
                d.set_source_line(&at.text);
                d
            }
            None => self.at_key(d, key),
        }
    }

    /// The error for a language map (`what`, under site.yaml's `key`; its (tag, text) pairs)
    /// that writes one language twice, in tags that differ only in case (`mi:` and `MI:`; BCP
    /// 47 tags ignore case, so one would silently replace the other): at the second one
    /// written, naming the first and its line. Each is placed at its key from line `from`
    /// ([`KeyLines::locate_keys_from`]). `None` when each language is written once.
    pub fn language_written_twice(
        &self,
        key: &str,
        what: &str,
        written: &[(&str, &str)],
        from: usize,
    ) -> Option<Diagnostic> {
        // Most maps write each language once: nothing to place (placing reads the whole block,
        // which for each of thousands of categories took minutes).
        if !tags_differ_only_in_case(written.iter().map(|(tag, _)| *tag)) {
            return None;
        }
        // Each tag where it is written, in the order written (a map read into a sorted map has
        // lost that order); one not found goes last.
        // Each at its key (`mi:` as YAML reads a key, not the text `mi:` in a value written
        // before it): the first from line `from` whose line holds its text, else the first.
        let mut written: Vec<(&str, Option<Located>)> = written
            .iter()
            .map(|(tag, text)| {
                let mut keys = self.key_lines.locate_keys_from(key, tag, from);
                let text = text.trim();
                let with_text = keys
                    .iter()
                    .position(|(_, rest)| text.is_empty() || rest.contains(text));
                let at = match with_text {
                    Some(i) => Some(keys.swap_remove(i).0),
                    None => keys.into_iter().next().map(|(at, _)| at),
                };
                (*tag, at)
            })
            .collect();
        written.sort_by_key(|(_, at)| {
            at.as_ref()
                .map_or((usize::MAX, 0), |at| (at.line, at.column))
        });
        let (second, first) = written.iter().enumerate().find_map(|(i, (tag, at))| {
            let first = written[..i]
                .iter()
                .find(|(earlier, _)| earlier.eq_ignore_ascii_case(tag))?;
            Some(((tag, at), first))
        })?;
        let (first_tag, first_at) = first;
        let (second_tag, second_at) = second;
        let on_line = first_at
            .as_ref()
            .map(|at| format!(" (line {})", at.line))
            .unwrap_or_default();
        let d = Diagnostic::error(
            Code::Config,
            format!(
                "{what} is written in `{first_tag}`{on_line} and again in `{second_tag}`: language tags ignore case, so both are the one language and the second would replace the first"
            ),
        )
        .with_hint(format!("keep one of `{first_tag}:` and `{second_tag}:`"));
        Some(self.at_located(d, key, second_at.clone()))
    }
}

/// Whether two of `tags` differ only in case (`mi` and `MI`).
pub(crate) fn tags_differ_only_in_case<'a>(tags: impl Iterator<Item = &'a str> + Clone) -> bool {
    tags.clone().enumerate().any(|(i, tag)| {
        tags.clone()
            .take(i)
            .any(|earlier| earlier.eq_ignore_ascii_case(tag))
    })
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Banner {
    pub text: String,
    /// `text` as HTML, when it has language spans (or glossary terms).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub text_html: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    /// `link` as site.yaml writes it (`news today/`, before it is encoded as `news%20today/`),
    /// for messages about it and to find it in the file; not a template field.
    #[serde(skip)]
    pub link_written: Option<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    /// Plain text: what pages write in their `categories:`.
    pub name: String,
    /// The name as HTML, its `[spans]{lang=mi}` marked up (set when site.yaml is read).
    #[serde(skip)]
    pub name_html: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// `description` as HTML, when it has language spans (or glossary terms).
    #[serde(skip)]
    pub description_html: Option<String>,
    /// Other names pages may file themselves under (an old name, after a rename).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The category's URL part, when it is not made from its name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Its name in each language, when site.yaml gives one per language
    /// (`name: { en-NZ: Wellbeing, mi: Hauora }`): (tag, name), `name` being the default's.
    #[serde(skip)]
    pub names: Vec<(String, String)>,
}

/// `home:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomeConfig {
    /// Source paths of the pages the home page lists first, in this order.
    #[serde(default)]
    pub featured: Vec<String>,
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

/// `images:`: photos wider than `max_width` pixels get smaller copies (see `site::images`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    #[serde(default = "default_max_width", deserialize_with = "max_width")]
    pub max_width: u32,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            max_width: default_max_width(),
        }
    }
}

fn default_max_width() -> u32 {
    1600
}

fn max_width<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    crate::support::yaml::whole_number_in(d, "max_width", IMAGE_MAX_WIDTH)
}

/// What `images.max_width` may be: a phone's width at least, a large screen's at most.
pub const IMAGE_MAX_WIDTH: std::ops::RangeInclusive<u32> = 480..=4000;

fn yes() -> bool {
    true
}

/// How many pages a listing page may show.
pub const PAGINATE_BY: std::ops::RangeInclusive<usize> = 1..=10_000;

pub const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "languages",
    "region",
    "theme",
    "banner",
    "help",
    "logo",
    "favicon",
    "footer",
    "home",
    "categories",
    "categories_open",
    "bibliography",
    "glossary",
    "citation_style",
    "markdown",
    "images",
    "paginate_by",
    "extra",
    "review",
    "people",
    "readability",
];

/// `citation_style:`: a style the citation library ships, by name, or a `.csl` file of the
/// site (a path ending in `.csl`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CitationStyleSource {
    BuiltIn(String),
    File(PathBuf),
}

impl CitationStyleSource {
    /// The setting as written (spaces around it do not count).
    pub fn from_setting(text: &str) -> CitationStyleSource {
        let text = text.trim();
        if text.ends_with(".csl") {
            CitationStyleSource::File(PathBuf::from(text))
        } else {
            CitationStyleSource::BuiltIn(text.to_string())
        }
    }

    /// The style file, for a `.csl` style.
    pub fn file(&self) -> Option<&Path> {
        match self {
            CitationStyleSource::File(path) => Some(path),
            CitationStyleSource::BuiltIn(_) => None,
        }
    }
}

/// As written in site.yaml.
impl std::fmt::Display for CitationStyleSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CitationStyleSource::BuiltIn(name) => f.write_str(name),
            CitationStyleSource::File(path) => write!(f, "{}", path.display()),
        }
    }
}

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
                            Diagnostic::error(Code::Encoding, "site.yaml is not valid UTF-8")
                                .in_file(CONFIG_FILE)
                        }),
                ]);
            }
        },
        Err(crate::support::source::ReadError::Io(e))
            if e.kind() == std::io::ErrorKind::NotFound || !root.is_dir() =>
        {
            return Err(vec![no_site(root, "attach-gen")]);
        }
        Err(e) => {
            return Err(vec![
                e.diagnostic(Code::Io, "cannot read site.yaml: ")
                    .in_file(CONFIG_FILE),
            ]);
        }
    };
    parse(root, &text)
}

/// The error for a `root` that holds no site.yaml, for `command` (`attach-gen`, or
/// `attach-gen new`). It says what to do next: when `root` is inside a site (an editor in
/// `content/guides/`), the folder to run from or pass as `--root`; when it does not exist,
/// that; else how to start a site.
pub fn no_site(root: &Path, command: &str) -> Diagnostic {
    let shown = if root.as_os_str().is_empty() || root == Path::new(".") {
        "this folder".to_string()
    } else {
        crate::support::diagnostic::printable_message(&root.display().to_string())
    };
    if !root.exists() {
        return Diagnostic::error(
            Code::NoSite,
            format!("{shown} does not exist, so it holds no site.yaml"),
        )
        .with_hint(
            "check the folder's name (a relative --root starts from the current folder), or run attach-gen in the site's folder without --root",
        );
    }
    if !root.is_dir() {
        return not_a_folder(root, &shown);
    }
    let message = format!("{shown} holds no site.yaml, so it is not a site");
    let site_above = root.canonicalize().ok().and_then(|dir| {
        dir.ancestors()
            .skip(1)
            .take(32)
            .position(|up| up.join(CONFIG_FILE).is_file())
            .map(|levels| (levels + 1, dir))
    });
    let hint = match site_above {
        Some((levels, dir)) => {
            let up = if shown == "this folder" {
                vec![".."; levels].join("/")
            } else {
                let above = dir.ancestors().nth(levels).unwrap_or(&dir);
                crate::support::diagnostic::printable_message(&above.display().to_string())
            };
            let up = crate::support::escape::shell_path(&up);
            format!(
                "the site is in {up}, which holds site.yaml: run {command} from there (`cd {up}`), or pass `--root {up}`"
            )
        }
        None => format!(
            "run {command} in the site's folder (the one holding site.yaml), or pass --root DIR; to start a new site, run `attach-gen init`"
        ),
    };
    Diagnostic::error(Code::NoSite, message).with_hint(hint)
}

/// The error for a `root` that is a file (`--root site.yaml`), naming the folder to give
/// instead when it holds a site.
fn not_a_folder(root: &Path, shown: &str) -> Diagnostic {
    let parent = match root.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let hint = if parent.join(CONFIG_FILE).is_file() {
        let folder = crate::support::diagnostic::printable_message(&parent.display().to_string());
        format!(
            "--root takes the site's folder, not a file in it: pass `--root {}`",
            crate::support::escape::shell_path(&folder)
        )
    } else {
        "--root takes the site's folder (the one holding site.yaml), not a file".to_string()
    };
    Diagnostic::error(
        Code::NoSite,
        format!("{shown} is a file, not a folder, so it is not a site"),
    )
    .with_hint(hint)
}

/// `url` as the site's base URL, without its trailing `/` and with its scheme in lowercase; or
/// why it cannot be one. It is put before every absolute URL the site has (canonical links,
/// feeds, the sitemap), so only a scheme, host, port and path may be in it.
pub fn check_base_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim().trim_end_matches('/');
    let shown = crate::support::diagnostic::printable_message(url.trim());
    let Some((scheme, rest)) = trimmed.split_once("://").filter(|(scheme, _)| {
        ["http", "https"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme))
    }) else {
        return Err(format!(
            "`{shown}` is not an absolute http(s) URL such as `https://example.org/resources`"
        ));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!(
            "`{shown}` has no host name, as in `https://example.org`"
        ));
    }
    // Written into href attributes, feeds and the sitemap: a character a URL cannot hold as
    // written is a mistake (or an attempt to break out of them).
    if let Some(c) = trimmed
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(*c))
    {
        return Err(format!(
            "`{shown}` contains {}, which a URL cannot hold as written (percent-encode it)",
            crate::support::text::char_name(c)
        ));
    }
    let parsed = url::Url::parse(trimmed).map_err(|e| format!("`{shown}` is not a URL: {e}"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') || !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(format!(
            "`{shown}` holds a user name or password, which would be published on every page"
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!(
            "`{shown}` has a `?` query or `#` fragment: every page's address is made by adding a path to the base URL, which a query or fragment would end"
        ));
    }
    // `https://example.org/a/../b/`: a browser resolves the dots away (`/b/`), so canonical
    // links and the sitemap would name addresses other than the pages'.
    let written_path = rest.split_once('/').map_or("", |(_, path)| path);
    if written_path.split('/').any(|part| {
        let part = part.to_ascii_lowercase().replace("%2e", ".");
        part == "." || part == ".."
    }) {
        let resolved = format!("{}", parsed).trim_end_matches('/').to_string();
        return Err(format!(
            "`{shown}` has a `.` or `..` part in its path, which browsers resolve away: write the address the site is published at as it is, `{resolved}`"
        ));
    }
    // The address of the home page's file, copied from the browser's address bar
    // (`https://example.org/resources/index.html`), would put every page under a folder
    // named like that file (`index.html/sleep/`), which no host serves.
    let last = parsed.path().trim_end_matches('/').rsplit('/').next();
    if let Some(file) = last.filter(|last| is_page_file_name(last)) {
        let folder = trimmed.strip_suffix(file).unwrap_or(trimmed);
        return Err(format!(
            "`{shown}` ends with `{file}`, the name of a page's file, but every page's address is made by adding a path to the base URL (`{trimmed}/sleep/`): give the folder the site is published in, `{folder}`"
        ));
    }
    // A host or path in another script (`https://hauora.māori.nz`, `/kōrero`) is written as a
    // browser sends it: the host in Punycode (`xn--mori-qsa.nz`) and the path percent-encoded,
    // since sitemap.xml, robots.txt and the feeds must hold URLs, not IRIs. An ASCII URL is kept
    // as written.
    if !rest.is_ascii() {
        let host = parsed.host_str().unwrap_or_default();
        let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
        let path = parsed.path().trim_end_matches('/');
        return Ok(format!("{}://{host}{port}{path}", parsed.scheme()));
    }
    Ok(format!("{}://{rest}", scheme.to_ascii_lowercase()))
}

/// Whether `name`, the last part of a URL's path, names a web page's file (`index.html`,
/// `home.php`) rather than a folder.
fn is_page_file_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && ["html", "htm", "shtml", "xhtml", "php", "asp", "aspx", "jsp"]
            .iter()
            .any(|e| e.eq_ignore_ascii_case(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn og_locale_of_a_three_letter_language_is_the_language_alone() {
        let config = |yaml: &str| {
            parse(Path::new("."), &format!("title: T\n{yaml}")).unwrap_or_else(|e| panic!("{e:?}"))
        };
        let nz = config("language: en-NZ\nregion: NZ\n");
        for (tag, locale) in [
            ("haw", "haw"),
            ("haw-US", "haw"),
            ("fil", "fil"),
            ("FIL-ph", "fil"),
            // Two-letter languages as before.
            ("mi", "mi_NZ"),
            ("en-AU", "en_AU"),
            ("sm", "sm_NZ"),
            ("es-419", "es"),
        ] {
            assert_eq!(nz.og_locale(tag), locale, "{tag}");
        }
        // A site in Hawaiian: its own pages too; a two-letter language takes its region.
        let hawaii = config("language: haw-US\n");
        assert_eq!(hawaii.og_locale("haw-US"), "haw");
        assert_eq!(hawaii.og_locale("en"), "en_US");
    }

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
            assert_eq!(errors[0].code, Code::UnsafeLink, "{text}: {errors:?}");
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
    fn paginate_by_out_of_range_names_the_value_at_the_value() {
        for (value, found) in [
            ("-1", "found `-1`"),
            ("0", "found `0`"),
            ("2.5", "found `2.5`"),
            ("ten", "found the text `ten`"),
        ] {
            let text = format!("title: T\npaginate_by: {value}\n");
            let errors = parse(Path::new("."), &text).err().unwrap_or_default();
            let got: Vec<(usize, usize, &str)> = errors
                .iter()
                .map(|e| (e.line, e.column, e.message.as_str()))
                .collect();
            let want = format!("`paginate_by`: expected a whole number from 1 to 10000, {found}");
            assert_eq!(got, [(2, 14, want.as_str())], "{value}");
        }
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
            "https://example.org?q=1",
            "https://example.org/r/#top",
            "https://user:pass@example.org",
            "https://@example.org",
            "https://example.org:99999/",
            "https://example.org:8a/",
            "https://example.org/index.html",
            "https://example.org/r/Index.HTM/",
            "https://example.org/home.php",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
        // A folder with a dot in its name is still a folder.
        for good in [
            "https://example.org/v1.2",
            "https://example.org/.html",
            "https://example.org/site.html.d/",
        ] {
            assert!(check_base_url(good).is_ok(), "{good}");
        }
        assert_eq!(
            check_base_url("HTTPS://Example.org:8443/R/").as_deref(),
            Ok("https://Example.org:8443/R")
        );
        assert_eq!(
            check_base_url("https://Hauora.Māori.nz:8443/Kōrero/").as_deref(),
            Ok("https://hauora.xn--mori-qsa.nz:8443/K%C5%8Drero")
        );
        assert_eq!(
            check_base_url("https://Kōrero.example.nz:8443/wāhi/").as_deref(),
            Ok("https://xn--krero-g9a.example.nz:8443/w%C4%81hi")
        );
        for dotted in [
            "https://example.org/a/../b/",
            "https://example.org/./b",
            "https://example.org/a/%2E%2e/b",
            "https://example.org/..",
        ] {
            let error = check_base_url(dotted).err().unwrap_or_default();
            assert!(
                error.contains("has a `.` or `..` part in its path"),
                "{dotted}: {error}"
            );
        }
        assert!(
            check_base_url("https://example.org/a/../b/")
                .err()
                .unwrap_or_default()
                .ends_with("as it is, `https://example.org/b`"),
        );
        assert!(check_base_url("https://example.org/a..b/.well-known.d").is_ok());
        assert_eq!(
            check_base_url("https://example.org/a\"b"),
            Err("`https://example.org/a\"b` contains `\"`, which a URL cannot hold as written (percent-encode it)".to_string())
        );
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
