//! The theme's words per language: `i18n/<code>.yaml` in the theme (the default theme's are
//! built in), each key overridable by the site's own `i18n/<code>.yaml`. A file in a language
//! gets its language's words; a word its language lacks is the default language's, and the
//! build warns once per language of `languages`, listing the words it lacks.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::config::layout::I18N_DIR;
use crate::site::BodyWords;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::{source, yaml};

/// The words of one language: key → text.
pub type Words = BTreeMap<String, String>;

/// The default theme's files, built into the binary with its templates.
const DEFAULT_I18N: &[(&str, &str)] = &[
    ("en", include_str!("../../themes/default/i18n/en.yaml")),
    ("mi", include_str!("../../themes/default/i18n/mi.yaml")),
];

/// Every language's words, by the file name's tag (`en`, `mi`, `en-NZ`), lowercased; the
/// site's over the theme's, key by key.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    files: BTreeMap<String, Words>,
}

/// Where the problems of reading words files go: errors stop the build, warnings do not.
struct Found<'a> {
    errors: &'a mut Vec<Diagnostic>,
    warnings: &'a mut Vec<Diagnostic>,
}

/// Reads the theme's words (`theme_dir` is `None` for the built-in default theme), then the
/// site's. A file that is not a map of words is an error at its line; a YAML tag the words
/// files do not read (`read_more: !x Read more`) is a warning at the tag, as in site.yaml.
pub fn load(
    config: &Config,
    theme_dir: Option<&Path>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Strings {
    let mut strings = Strings::default();
    let mut found = Found { errors, warnings };
    match theme_dir {
        None => {
            for (tag, text) in DEFAULT_I18N {
                strings.add(tag, text, Path::new("(built-in default theme)"), &mut found);
            }
        }
        Some(dir) => strings.add_folder(config, &dir.join(I18N_DIR), &mut found),
    }
    strings.add_folder(config, &config.root.join(I18N_DIR), &mut found);
    strings
}

impl Strings {
    /// Adds every `*.yaml` of `dir` (sorted, so the result does not depend on the file system).
    fn add_folder(&mut self, config: &Config, dir: &Path, found: &mut Found) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        let shown = |path: &Path| {
            path.strip_prefix(&config.root)
                .unwrap_or(path)
                .to_path_buf()
        };
        // The words files read, by their tags in lower case: `mi.yml` beside `mi.yaml` is not
        // renamed onto it.
        let read: Vec<(String, PathBuf)> = files
            .iter()
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
            .filter_map(|path| {
                let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
                Some((stem, shown(path)))
            })
            .collect();
        files.retain(|path| {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            if ext != "yaml"
                && (ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"))
            {
                let stem = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default();
                let beside = read
                    .iter()
                    .find(|(read, _)| read.eq_ignore_ascii_case(stem))
                    .map(|(_, shown)| shown.as_path());
                found.warnings.push(not_read(&shown(path), beside));
            }
            ext == "yaml"
        });
        // Lowercased tag → the first file of it: `MI.yaml` and `mi.yaml` are one language's.
        let mut first_of: BTreeMap<String, PathBuf> = BTreeMap::new();
        for path in files {
            let shown = shown(&path);
            let Some(tag) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if let Some(other) = first_of.get(&tag.to_ascii_lowercase()) {
                found.errors.push(case_clash(&shown, other));
                continue;
            }
            first_of.insert(tag.to_ascii_lowercase(), shown.clone());
            if let Some(why) = crate::support::lang::tag_problem(tag) {
                found.warnings.push(not_a_language(&shown, &why));
            }
            match source::read_site_file(&config.root, &path) {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes);
                    self.add(tag, &text, &shown, found);
                }
                Err(e) => found.errors.push(
                    e.diagnostic(Code::ThemeWords, "cannot read this words file: ")
                        .in_file(&shown),
                ),
            }
        }
    }

    /// Adds the words of one file, over those already read for its language.
    fn add(&mut self, tag: &str, text: &str, shown: &Path, found: &mut Found) {
        // A byte order mark is no character of the file's: left out, so that it is not
        // counted in the columns of what is found on the first line (as site.yaml's is).
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Its words are on every page in its language, as site.yaml's title is.
        found
            .warnings
            .extend(crate::support::invisible::invisible_in(
                shown,
                text,
                0..text.len(),
                "this words file",
            ));
        // The YAML library takes a tag off its value without a word (`!x`), or reads the file
        // as bytes (`!!binary`): the same check as site.yaml's and the glossary's.
        match yaml::tag_problems(text, &yaml::scan::scan(text)) {
            Ok(tags) => found.warnings.extend(tags.into_iter().map(|w| {
                w.problem
                    .placed(|m| Diagnostic::warning(Code::ThemeWords, m), shown, text)
            })),
            Err(binary) => {
                found.errors.push(binary.problem.placed(
                    |m| Diagnostic::error(Code::ThemeWords, m),
                    shown,
                    text,
                ));
                return;
            }
        }
        match serde_yaml::from_str::<Option<Words>>(text) {
            Ok(words) => self
                .files
                .entry(tag.to_ascii_lowercase())
                .or_default()
                .extend(words.unwrap_or_default()),
            Err(e) => {
                let d = Diagnostic::error(
                    Code::ThemeWords,
                    format!("this words file is not a map of words to their text: {e}"),
                )
                .in_file(shown)
                .with_hint("write one word a line, such as `references: References`");
                found.errors.push(match e.location() {
                    Some(at) => d.at(text, at.line(), at.column()),
                    None => d,
                });
            }
        }
    }

    /// The words of the language `tag` alone: its own file's over its primary language's
    /// (`en-NZ.yaml` over `en.yaml`).
    fn own(&self, tag: &str) -> Words {
        let tag = tag.to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or_default();
        let mut words = self.files.get(primary).cloned().unwrap_or_default();
        if primary != tag {
            words.extend(self.files.get(&tag).cloned().unwrap_or_default());
        }
        words
    }

    /// What a file in language `tag` shows: its language's words, and the default
    /// language's (else English) for the rest.
    pub fn for_language(&self, tag: &str, default: &str) -> Words {
        let mut words = self.own("en");
        words.extend(self.own(default));
        words.extend(self.own(tag));
        words
    }

    /// The words a file in language `tag` shows from another language: key → that language's
    /// tag (the default language's, else `en`). Empty for the default language itself.
    pub fn foreign_words(&self, tag: &str, default: &str) -> Words {
        let own = self.own(tag);
        let of_default = self.own(default);
        self.for_language(tag, default)
            .into_keys()
            .filter(|key| !own.contains_key(key))
            .map(|key| {
                let lang = if of_default.contains_key(&key) {
                    default
                } else {
                    "en"
                };
                (key, lang.to_string())
            })
            .collect()
    }

    /// One warning for each language of `languages` but the default that lacks some of the
    /// default language's words, listing them, at the language's line in site.yaml.
    pub fn missing(&self, config: &Config) -> Vec<Diagnostic> {
        let default: BTreeSet<String> = self
            .for_language(&config.language, &config.language)
            .into_keys()
            .collect();
        config
            .languages
            .iter()
            .skip(1)
            .filter_map(|language| {
                let own = self.own(&language.code);
                let lacking: Vec<&str> = default
                    .iter()
                    .filter(|key| !own.contains_key(*key))
                    .map(String::as_str)
                    .collect();
                if lacking.is_empty() {
                    return None;
                }
                let d = Diagnostic::warning(
                    Code::ThemeWords,
                    format!(
                        "the theme's words in `{}` lack {} of {}, shown in `{}` instead: {}",
                        language.code,
                        lacking.len(),
                        default.len(),
                        config.language,
                        lacking.join(", ")
                    ),
                )
                .with_hint(format!(
                    "add them to i18n/{}.yaml in the site's folder (`{}: ...`)",
                    language.code.to_ascii_lowercase(),
                    lacking[0]
                ));
                Some(config.at_value(d, "languages", &language.code))
            })
            .collect()
    }
}

/// The error for a words file whose name differs from `other`'s only in case (`i18n/mi.yaml`
/// beside `i18n/MI.yaml`): tags are the same in any case, so both would be read as the words
/// of one language, the later's over the earlier's key by key, with no word of which won.
fn case_clash(shown: &Path, other: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::ThemeWords,
        format!(
            "{} and {} differ only in case, so both are the words of one language (tags are the same in any case) and one would silently replace the other's words; where case is ignored (macOS, Windows) they could not both exist",
            shown.display(),
            other.display()
        ),
    )
    .in_file(shown)
    .with_hint("put the words in one of them and remove the other")
}

/// The warning for a words file whose name ends in `.yml` or `.YAML`: only `.yaml` files are
/// read, so its words would be missing with no word of why. `beside`: the `.yaml` file of its
/// language that is read, which renaming it would replace.
fn not_read(shown: &Path, beside: Option<&Path>) -> Diagnostic {
    let hint = match beside {
        Some(read) => format!(
            "{} is read for its language: move the words you want from this file into it, then remove this one",
            read.display()
        ),
        None => format!("rename it {}", shown.with_extension("yaml").display()),
    };
    Diagnostic::warning(
        Code::ThemeWords,
        format!(
            "{} is not read: words files are read only from names ending in `.yaml`",
            shown.display()
        ),
    )
    .in_file(shown)
    .with_hint(hint)
}

/// The warning for a words file whose name is no language tag (`i18n/maori.yaml`,
/// `i18n/en_NZ.yaml`): no page is in its language, so its words would never be shown.
fn not_a_language(shown: &Path, why: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::ThemeWords,
        format!(
            "{} is the words of no language, so no page shows them: its name must be a language tag, and {why}",
            shown.display()
        ),
    )
    .in_file(shown)
    .with_hint("name the file for its language's tag, as in `i18n/mi.yaml` or `i18n/en-NZ.yaml`")
}

/// Words (text, HTML or their languages) by language tag.
pub type WordsByTag = HashMap<String, Words>;

impl Strings {
    /// The theme's words for the site's language, each of `languages` and each language a
    /// page says it is in (`page_langs`: a handful, however many pages there are): as text,
    /// as HTML ([`text_and_html`]), and those taken from another language with its tag
    /// ([`Strings::foreign_words`]).
    pub fn by_language<'p>(
        &self,
        config: &'p Config,
        page_langs: impl Iterator<Item = &'p str>,
    ) -> [WordsByTag; 3] {
        let default = config.language.as_str();
        let [mut words, mut html, mut foreign] = [HashMap::new(), HashMap::new(), HashMap::new()];
        for tag in std::iter::once(default)
            .chain(config.languages.iter().map(|l| l.code.as_str()))
            .chain(page_langs)
        {
            if !words.contains_key(tag) {
                let taken = self.foreign_words(tag, default);
                let (text, marked) = text_and_html(self.for_language(tag, default), &taken);
                html.insert(tag.to_string(), marked);
                words.insert(tag.to_string(), text);
                foreign.insert(tag.to_string(), taken);
            }
        }
        [words, html, foreign]
    }

    /// The words Markdown writes into bodies (callout titles, the footnotes' heading, ...),
    /// in the languages of [`Strings::by_language`], as text and as HTML.
    pub fn body_words<'p>(
        &self,
        config: &'p Config,
        page_langs: impl Iterator<Item = &'p str>,
    ) -> BodyWords {
        let [words, html, _] = self.by_language(config, page_langs);
        BodyWords::new(
            words
                .iter()
                .filter_map(|(tag, text)| Some((tag.as_str(), text, html.get(tag)?))),
        )
    }
}

/// `words` ([`Strings::for_language`]) as text and as HTML, `foreign` being those of them taken
/// from another language ([`Strings::foreign_words`]). The HTML is for the places a template
/// prints a word as text (`{{ t_html.references | safe }}`): each word escaped as Tera escapes,
/// and a word shown from another language (the default language's, else English) marked with
/// its `lang`, so that a screen reader reads "Skip to main content" on a te reo Māori page as
/// English (WCAG 2.2, 3.1.2 Language of Parts). In the file's own language the HTML is the
/// escaped word alone, as `{{ t.key }}` prints it.
///
/// A word may mark words of another language itself, as a title does: the English
/// `search_help`'s `[whānau]{lang=mi}` is `<span lang="mi">whānau</span>` in the HTML and
/// `whānau` in the text (for `{{ t.key }}`, attributes and scripts).
pub fn text_and_html(words: Words, foreign: &Words) -> (Words, Words) {
    let mut text = Words::new();
    let mut html = Words::new();
    for (key, word) in words {
        let (plain, escaped) = match crate::support::lang::marked(&word) {
            Ok(crate::support::lang::Marked {
                plain,
                html: Some(html),
            }) => (plain, html),
            _ => {
                let mut escaped = Vec::with_capacity(word.len());
                // Writing into a Vec cannot fail.
                let _ = tera::escape_html(&word, &mut escaped);
                let escaped = String::from_utf8(escaped)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                (word, escaped)
            }
        };
        let marked = match foreign.get(&key) {
            Some(lang) => format!("<span lang=\"{lang}\">{escaped}</span>"),
            None => escaped,
        };
        html.insert(key.clone(), marked);
        text.insert(key, plain);
    }
    (text, html)
}
