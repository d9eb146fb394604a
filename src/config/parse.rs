//! Reading `site.yaml`'s text: every key checked, each mistake an error at its line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::review;
use crate::config::{
    Banner, BibliographyConfig, CONFIG_FILE, CategoryConfig, CitationStyleSource, Config,
    IMAGE_MAX_WIDTH, ImagesConfig, KEYS, MarkdownConfig, PAGINATE_BY, check_base_url,
};
use crate::support::diagnostic::{Code, Diagnostic, KeyLines, LineIndex, closest};
use crate::support::text::nfc;
use crate::support::yaml;

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

/// Parses the text of a `site.yaml` belonging to the site at `root`.
pub fn parse(root: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let parsed = yaml::parse_fields(&text).map_err(|e| {
        let make = |message| {
            Diagnostic::error(
                Code::Yaml,
                format!("site.yaml is not valid YAML: {message}"),
            )
        };
        vec![e.placed(make, CONFIG_FILE, &text)]
    })?;
    let lines = LineIndex::new(&text);
    let mut key_lines = KeyLines::default();
    for field in &parsed.fields {
        key_lines.push(
            &field.key,
            field.line,
            lines.line(field.line).unwrap_or_default(),
        );
    }
    key_lines.keep_lines(text.lines(), 1);
    let mut warnings: Vec<Diagnostic> = parsed
        .warnings
        .into_iter()
        .map(|w| w.placed(|m| Diagnostic::warning(Code::Yaml, m), CONFIG_FILE, &text))
        .collect();
    // Its title, help box and category names are on every page, as a page's title is on its.
    warnings.extend(crate::support::invisible::invisible_in(
        Path::new(CONFIG_FILE),
        &text,
        0..text.len(),
        "site.yaml",
    ));
    let mut config = defaults(root, key_lines, warnings);
    let mut errors = Vec::new();
    let mut seen_title = false;
    for field in &parsed.fields {
        let error = |message: String| {
            Diagnostic::error(Code::Config, message)
                .in_file(CONFIG_FILE)
                .at(&text, field.line, field.column)
        };
        match set_field(&mut config, field, &text) {
            Some(Ok(())) => seen_title |= field.key == "title",
            Some(Err(FieldError::Message(message))) => {
                let d = error(format!("`{}`: {message}", field.key));
                // A mistake inside a map (`help:`'s tenth contact) is shown at its own line.
                errors.push(match nested_mistake(&message) {
                    Some(word) => config.at_value(d, &field.key, word),
                    None => d,
                })
            }
            Some(Err(FieldError::Refused(found))) => errors.extend(found),
            None => {
                let key = &field.key;
                let d = error(format!("unknown key `{key}` in site.yaml"));
                errors.push(match closest(key, KEYS.iter().copied()) {
                    Some(key) => d.with_hint(format!("did you mean `{key}`?")),
                    None => {
                        d.with_hint(format!("the keys site.yaml knows are: {}", KEYS.join(", ")))
                    }
                });
            }
        }
    }
    if errors.is_empty() {
        errors.extend(default_language(&mut config, &text));
    }
    if errors.is_empty() {
        errors.extend(category_names(&mut config));
    }
    if errors.is_empty() {
        errors.extend(super::help::check_languages(&mut config));
    }
    if errors.is_empty() {
        let warnings = super::spans::markdown_warnings(&mut config);
        config.warnings.extend(warnings);
        errors.extend(super::spans::read(&mut config));
    }
    if !seen_title && errors.is_empty() {
        errors.push(
            Diagnostic::error(Code::Config, "site.yaml has no `title`")
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

/// `region:` as written (`nz`), checked and in capitals (`NZ`): a two-letter country code
/// of the IANA registry (ISO 3166), as Open Graph's language_TERRITORY wants.
fn region(written: &str) -> Result<String, String> {
    let code = written.trim().to_ascii_uppercase();
    // AA, QM–QZ, XA–XZ and ZZ are left for private use: they name no country.
    let private = code == "AA"
        || code == "ZZ"
        || (code.starts_with('Q') && code.as_str() >= "QM")
        || code.starts_with('X');
    let registered = code.len() == 2
        && !private
        && code.bytes().all(|b| b.is_ascii_alphabetic())
        && language_tags::LanguageTag::parse(&format!("und-{code}"))
            .is_ok_and(|t| t.validate().is_ok());
    if registered {
        return Ok(code);
    }
    let named = crate::support::text::nfc(written)
        .to_lowercase()
        .replace('ā', "a");
    let meant = match named.trim() {
        "new zealand" | "aotearoa" | "aotearoa new zealand" | "nzl" => "; `NZ` is New Zealand's",
        "australia" | "aus" => "; `AU` is Australia's",
        "samoa" | "wsm" => "; `WS` is Samoa's",
        "tonga" | "ton" => "; `TO` is Tonga's",
        "cook islands" | "cok" => "; `CK` is the Cook Islands'",
        "fiji" | "fji" => "; `FJ` is Fiji's",
        _ => "",
    };
    Err(format!(
        "`{}` is not a two-letter country code{meant}; write one such as `NZ` (ISO 3166), or take `region` out",
        written.trim()
    ))
}

/// With `languages:`, the site's language is the first one listed: `language:` may be left
/// out, and when given must be the same tag.
fn default_language(config: &mut Config, text: &str) -> Option<Diagnostic> {
    let first = config.languages.first()?;
    match config.key_lines.get("language") {
        Some(at) if !first.code.eq_ignore_ascii_case(&config.language) => Some(
            Diagnostic::error(
                Code::Config,
                format!(
                    "`language` is `{}`, but the first of `languages`, the default, is `{}`",
                    config.language, first.code
                ),
            )
            .in_file(CONFIG_FILE)
            .at(text, at.line, 1)
            .with_hint("take out `language` (the first of `languages` is the site's language), or list that language first"),
        ),
        _ => {
            config.language = first.code.clone();
            None
        }
    }
}

/// The settings a site.yaml without any keys gives.
fn defaults(root: &Path, key_lines: KeyLines, warnings: Vec<Diagnostic>) -> Config {
    Config {
        root: root.to_path_buf(),
        title: String::new(),
        title_html: None,
        description: None,
        description_html: None,
        base_url: None,
        language: "en".into(),
        languages: Vec::new(),
        region: None,
        theme: "default".into(),
        banner: None,
        help: None,
        logo: None,
        footer_links: Vec::new(),
        favicon: crate::config::DEFAULT_FAVICON.into(),
        featured: Vec::new(),
        categories: Vec::new(),
        categories_open: false,
        bibliography: BibliographyConfig::default(),
        glossary: None,
        citation_style: CitationStyleSource::BuiltIn("apa".into()),
        markdown: MarkdownConfig::default(),
        images: ImagesConfig::default(),
        paginate_by: 20,
        extra: serde_json::Value::Object(Default::default()),
        review: None,
        people: Default::default(),
        readability: Default::default(),
        key_lines,
        warnings,
    }
}

/// Why a key's value was not taken.
enum FieldError {
    /// What is wrong with the value (the message names the key).
    Message(String),
    /// Errors of their own, placed where the problem is inside the value.
    Refused(Vec<Diagnostic>),
}

impl From<String> for FieldError {
    fn from(message: String) -> Self {
        FieldError::Message(message)
    }
}

/// Sets `field` in `config`; `None` for a key site.yaml does not have. `text` is site.yaml's.
fn set_field(
    config: &mut Config,
    field: &yaml::Field,
    text: &str,
) -> Option<Result<(), FieldError>> {
    set_identity_field(config, field, text).or_else(|| set_content_field(config, field, text))
}

/// The settings of what the site is and how it looks: title, language, theme, help box,
/// logo, footer, home page.
fn set_identity_field(
    config: &mut Config,
    field: &yaml::Field,
    text: &str,
) -> Option<Result<(), FieldError>> {
    let result: Result<(), String> = match field.key.as_str() {
        "title" => field.parse::<String>().map(|v| config.title = nfc(&v)),
        "description" => field
            .parse::<Option<String>>()
            .map(|v| config.description = v.map(|v| nfc(&v))),
        "base_url" => field.parse::<Option<String>>().and_then(|v| {
            config.base_url = v.map(|url| check_base_url(&url)).transpose()?;
            Ok(())
        }),
        "language" => {
            field
                .parse()
                .and_then(|v: String| match crate::support::lang::tag_problem(&v) {
                    None => {
                        config.language = crate::support::lang::canonical_case(&v);
                        Ok(())
                    }
                    Some(problem) => Err(format!("{problem}; write a tag such as `en` or `en-NZ`")),
                })
        }
        "languages" => {
            return Some(
                crate::config::languages::read(field, text)
                    .map(|v| config.languages = v)
                    .map_err(FieldError::Refused),
            );
        }
        "region" => field.parse::<Option<String>>().and_then(|v| {
            config.region = v.map(|v| region(&v)).transpose()?;
            Ok(())
        }),
        "theme" => field.parse::<String>().and_then(|v| {
            // A name, not a path: `../../x` led out of themes/ and was told it did not exist
            // (with a warning calling it a link).
            if v.is_empty() || v == "." || v == ".." || v.contains(['/', '\\']) {
                let name = v
                    .rsplit(['/', '\\'])
                    .find(|part| !part.is_empty() && *part != "." && *part != "..")
                    .unwrap_or("calm");
                return Err(format!(
                    "`{v}` is not a theme's name: a theme is a folder in the site's themes/, named without a path (`theme: {name}` for themes/{name}/)"
                ));
            }
            config.theme = v;
            Ok(())
        }),
        "banner" => return Some(banner(field, text).map(|b| config.banner = b)),
        "help" => {
            return Some(match crate::config::help::read(field, config) {
                Ok(help) => {
                    config.help = help;
                    Ok(())
                }
                Err(crate::config::help::HelpError::Message(m)) => Err(FieldError::Message(m)),
                Err(crate::config::help::HelpError::Refused(errors)) => {
                    Err(FieldError::Refused(errors))
                }
            });
        }
        "logo" => crate::config::chrome::logo(field).map(|v| config.logo = v),
        "favicon" => field
            .parse::<String>()
            .map(|v| config.favicon = v.trim().trim_start_matches('/').to_string()),
        "footer" => {
            return Some(match crate::config::chrome::footer(field, config) {
                Ok(footer) => {
                    config.footer_links = footer.links;
                    Ok(())
                }
                Err(errors) => Err(FieldError::Refused(errors)),
            });
        }
        "home" => field.parse::<Option<crate::config::HomeConfig>>().map(|v| {
            config.featured = v
                .unwrap_or_default()
                .featured
                .iter()
                .map(|path| nfc(path.trim()))
                .collect()
        }),
        _ => return None,
    };
    Some(result.map_err(FieldError::from))
}

/// The settings of what the site holds and how it is checked: categories, bibliography,
/// Markdown, images, pagination, reviews and readability.
fn set_content_field(
    config: &mut Config,
    field: &yaml::Field,
    text: &str,
) -> Option<Result<(), FieldError>> {
    let result: Result<(), String> = match field.key.as_str() {
        "categories" => return Some(categories(field, text).map(|c| config.categories = c)),
        "categories_open" => field.parse().map(|v| config.categories_open = v),
        "bibliography" => bibliography(field).map(|b| config.bibliography = b),
        "glossary" => field
            .parse::<Option<PathBuf>>()
            .map(|v| config.glossary = v),
        "citation_style" => field
            .parse::<String>()
            .map(|v| config.citation_style = CitationStyleSource::from_setting(&v)),
        "markdown" => field
            .parse::<Option<MarkdownConfig>>()
            .map(|v| config.markdown = v.unwrap_or_default()),
        "images" => field.parse::<Option<ImagesConfig>>().and_then(|v| {
            let images = v.unwrap_or_default();
            if !IMAGE_MAX_WIDTH.contains(&images.max_width) {
                return Err(format!(
                    "`max_width` must be a whole number of pixels from {} to {}",
                    IMAGE_MAX_WIDTH.start(),
                    IMAGE_MAX_WIDTH.end()
                ));
            }
            config.images = images;
            Ok(())
        }),
        "paginate_by" => paginate_by(field).map(|n| config.paginate_by = n),
        "extra" => field.parse_extra().map(|v| {
            if let Some(extra) = v {
                config.extra = extra;
            }
        }),
        "review" => field
            .parse::<Option<crate::config::ReviewConfig>>()
            .and_then(|v| {
                let review = v.unwrap_or_default();
                review::check_review(&review)?;
                config.review = Some(review);
                Ok(())
            }),
        "people" => return Some(people(field, text, config)),
        "readability" => field
            .parse::<Option<crate::config::ReadabilityConfig>>()
            .and_then(|v| {
                let readability = v.unwrap_or_default();
                review::check_readability(&readability)?;
                config.readability = readability;
                Ok(())
            }),
        _ => return None,
    };
    // A message that starts with a key inside the map (`interval_months` must be ...) is shown
    // at that key's line, not at the map's.
    Some(result.map_err(|m| match m.starts_with('`') {
        true => in_map(text, field, m),
        false => FieldError::Message(m),
    }))
}

/// `paginate_by`: a whole number in [`PAGINATE_BY`]; else the message says what it found
/// (`found `-1``), so that it is shown at the value, as other numbers out of range are.
fn paginate_by(field: &yaml::Field) -> Result<usize, String> {
    let range = format!(
        "expected a whole number from {} to {}",
        PAGINATE_BY.start(),
        PAGINATE_BY.end()
    );
    match field.parse::<Option<serde_json::Value>>()? {
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| PAGINATE_BY.contains(n))
            .ok_or_else(|| format!("{range}, found `{n}`")),
        Some(serde_json::Value::String(s)) => Err(format!("{range}, found the text `{s}`")),
        _ => Err(range),
    }
}

/// A category's `name`: one, or one per language.
#[derive(Deserialize)]
#[serde(untagged)]
enum CategoryName {
    One(String),
    PerLanguage(std::collections::BTreeMap<String, String>),
}

/// An item of `categories:` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryEntry {
    name: CategoryName,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    slug: Option<String>,
}

/// Names given per language (`name: { en-NZ: Wellbeing, mi: Hauora }`) checked against
/// `languages`: the default language's is the category's name, and the others are names
/// pages may file under too. Each mistake is an error at the category's line.
fn category_names(config: &mut Config) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let languages = config.languages.clone();
    let mut categories = std::mem::take(&mut config.categories);
    for category in categories.iter_mut().filter(|c| !c.names.is_empty()) {
        let first = category.names[0].1.clone();
        if let Some(d) = named_twice(config, category) {
            errors.push(d);
            continue;
        }
        // At `at` (the name at fault), else found by a name it has (when the first is empty,
        // another).
        let mut error = |message: String, hint: String, at: Option<&str>| {
            let d = Diagnostic::error(Code::Config, message).with_hint(hint);
            let written = at
                .filter(|name| !name.trim().is_empty())
                .or_else(|| {
                    category
                        .names
                        .iter()
                        .map(|(_, name)| name.as_str())
                        .find(|name| !name.trim().is_empty())
                })
                .unwrap_or("\"\"");
            errors.push(config.at_value(d, "categories", written));
        };
        let Some(default) = languages.first() else {
            error(
                format!(
                    "the category `{first}` has a name per language, but site.yaml lists no `languages`"
                ),
                "add `languages:` to site.yaml, or give the category one name".into(),
                None,
            );
            continue;
        };
        if let Some((tag, name)) = category
            .names
            .iter()
            .find(|(tag, _)| !languages.iter().any(|l| l.code.eq_ignore_ascii_case(tag)))
        {
            error(
                format!(
                    "the category `{first}` has a name in `{tag}`, which `languages` does not list"
                ),
                format!(
                    "name it in the languages of `languages`: {}",
                    languages
                        .iter()
                        .map(|l| l.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some(name),
            );
            continue;
        }
        if let Some((tag, _)) = category
            .names
            .iter()
            .find(|(_, name)| name.trim().is_empty())
        {
            error(
                if first.trim().is_empty() {
                    format!("a category has an empty name in `{tag}`")
                } else {
                    format!("the category `{first}` has an empty name in `{tag}`")
                },
                if tag.eq_ignore_ascii_case(&default.code) {
                    format!(
                        "write its name in `{tag}`, the default language: the name its pages file under"
                    )
                } else {
                    format!(
                        "write its name in `{tag}`, or take `{tag}:` out (its page in `{tag}` then has the default language's name)"
                    )
                },
                None,
            );
            continue;
        }
        match category
            .names
            .iter()
            .find(|(tag, _)| tag.eq_ignore_ascii_case(&default.code))
        {
            Some((_, name)) => {
                category.name = name.clone();
                let others = category
                    .names
                    .iter()
                    .filter(|(_, other)| other != name)
                    .map(|(_, other)| other.clone());
                category.aliases.extend(others);
            }
            None => error(
                format!(
                    "the category `{first}` has no name in `{}`, the default language",
                    default.code
                ),
                format!("add `{}: ...` to its `name`", default.code),
                None,
            ),
        }
    }
    config.categories = categories;
    errors
}

/// The error for a category named per language that names one language twice, in tags that
/// differ only in case (`en-NZ:` and `EN-NZ:`), at the second (see
/// [`Config::language_written_twice`]).
fn named_twice(config: &Config, category: &CategoryConfig) -> Option<Diagnostic> {
    // Found only when there is one to place: the search reads the whole `categories:` block.
    if !super::tags_differ_only_in_case(category.names.iter().map(|(tag, _)| tag.as_str())) {
        return None;
    }
    // From the category's first name written (its names are sorted by tag).
    let from = category
        .names
        .iter()
        .filter_map(|(_, name)| config.key_lines.locate_from("categories", name, 0))
        .map(|at| at.line)
        .min()
        .unwrap_or(0);
    let pairs: Vec<(&str, &str)> = category
        .names
        .iter()
        .map(|(tag, name)| (tag.as_str(), name.as_str()))
        .collect();
    config.language_written_twice("categories", "a category's `name`", &pairs, from)
}

/// `categories:`: each name composed (NFC) and its spans read, so that `name` is the plain
/// name pages file under and `name_html` what the theme shows. A mistake in a span is an error
/// at the name's own line.
fn categories(field: &yaml::Field, text: &str) -> Result<Vec<CategoryConfig>, FieldError> {
    let listed = field.parse::<Option<Vec<CategoryEntry>>>()?;
    let mut categories = Vec::new();
    for entry in listed.unwrap_or_default() {
        let (written, names) = match entry.name {
            CategoryName::One(name) => (name, Vec::new()),
            CategoryName::PerLanguage(names) => {
                let names: Vec<(String, String)> = names
                    .into_iter()
                    .map(|(tag, name)| (tag, nfc(&name)))
                    .collect();
                let first = names.first().map(|(_, n)| n.clone()).unwrap_or_default();
                (first, names)
            }
        };
        let category = CategoryConfig {
            name: written,
            name_html: None,
            description: entry.description,
            description_html: None,
            aliases: entry.aliases,
            slug: entry.slug,
            names,
        };
        // Every name is read for spans, the per-language ones too (their spans were shown as
        // written, and a span's `onclick=` was not refused).
        let marked = span_checked(&category.name, field, text)?;
        let names = category
            .names
            .iter()
            .map(|(tag, name)| Ok((tag.clone(), span_checked(name, field, text)?.plain)))
            .collect::<Result<Vec<_>, FieldError>>()?;
        categories.push(CategoryConfig {
            name: marked.plain,
            name_html: marked.html,
            aliases: category.aliases.iter().map(|a| nfc(a)).collect(),
            names,
            ..category
        });
    }
    Ok(categories)
}

/// A category name read for `[text]{lang=mi}` spans; a mistake is an error at the name's own
/// line (the first line below `categories:` that holds it).
fn span_checked(
    written: &str,
    field: &yaml::Field,
    text: &str,
) -> Result<crate::support::lang::Marked, FieldError> {
    let name = nfc(written);
    crate::support::lang::marked(&name).map_err(|problem| {
        let (line, column) = text
            .lines()
            .enumerate()
            .skip(field.line)
            .find_map(|(i, l)| {
                let at = l.find(written)?;
                let before = l[..at].chars().count();
                let into = name.get(..problem.offset).map_or(0, |n| n.chars().count());
                Some((i + 1, before + into + 1))
            })
            .unwrap_or((field.line, 1));
        FieldError::Refused(vec![
            Diagnostic::error(
                Code::Span,
                format!("the category `{name}`: {}", problem.message),
            )
            .in_file(CONFIG_FILE)
            .at(text, line, column)
            .with_hint(problem.hint),
        ])
    })
}

/// The word serde's message names inside a field's value: an unknown key (`nmae`) or the
/// value of a wrong type (`1737` in "found the number `1737`").
pub(super) fn nested_mistake(message: &str) -> Option<&str> {
    // `found `-1`` ends the message of a number out of a whole-number field's range.
    [
        "unknown field `",
        "found the number `",
        "found the text `",
        "found `",
    ]
    .iter()
    .find_map(|start| {
        let rest = &message[message.find(start)? + start.len()..];
        rest.split_once('`').map(|(word, _)| word)
    })
    .filter(|word| !word.trim().is_empty())
}

/// `message` about a key inside `field`'s map (the first word it puts in backticks:
/// `interval_months`, a person's id), placed at that key's line; else at `field`.
fn in_map(text: &str, field: &yaml::Field, message: String) -> FieldError {
    let key = message.split('`').nth(1).unwrap_or_default();
    match nested_key(text, field.line, key).filter(|_| !key.is_empty()) {
        Some((line, column)) => FieldError::Refused(vec![
            Diagnostic::error(Code::Config, format!("`{}`: {message}", field.key))
                .in_file(CONFIG_FILE)
                .at(text, line, column),
        ]),
        None => FieldError::Message(message),
    }
}

/// `people:`, each person's mistakes an error at the value (or at the person's id): only the
/// first was told, at `people:`, however many people there were.
fn people(field: &yaml::Field, text: &str, config: &mut Config) -> Result<(), FieldError> {
    let mut people = field
        .parse::<Option<crate::config::People>>()?
        .unwrap_or_default();
    let problems = review::people_problems(&people);
    if !problems.is_empty() {
        let errors = problems.into_iter().map(|(id, near, message)| {
            let d = Diagnostic::error(Code::Config, format!("`people`: {message}"))
                .in_file(CONFIG_FILE);
            let (line, column) = nested_key(text, field.line, &id).unwrap_or((field.line, 1));
            match near.and_then(|value| config.key_lines.locate_from("people", &value, line)) {
                Some(at) => config.at_located(d, "people", Some(at)),
                None => d.at(text, line, column),
            }
        });
        return Err(FieldError::Refused(errors.collect()));
    }
    for person in people.values_mut() {
        person.url = person.url.as_deref().map(crate::support::urls::encode_href);
    }
    config.people = people;
    Ok(())
}

/// `banner:`; a link that would run a script is refused at its own line.
fn banner(field: &yaml::Field, text: &str) -> Result<Option<Banner>, FieldError> {
    let banner = field.parse::<Option<Banner>>()?;
    if banner.as_ref().is_some_and(|b| b.text.trim().is_empty()) {
        let (line, column) = nested_key(text, field.line, "text").unwrap_or((field.line, 1));
        return Err(FieldError::Refused(vec![
            Diagnostic::error(
                Code::Config,
                "`banner.text` is empty: every page would show an empty notice (with a `link`, a link with no text)",
            )
            .in_file(CONFIG_FILE)
            .at(text, line, column)
            .with_hint("write the notice, or take `banner:` out"),
        ]));
    }
    if let Some(link) = banner.as_ref().and_then(|b| b.link.as_deref())
        && let Some(scheme) = crate::support::urls::script_scheme(link)
    {
        let (line, column) = nested_key(text, field.line, "link").unwrap_or((field.line, 1));
        return Err(FieldError::Refused(vec![
            Diagnostic::error(
                Code::UnsafeLink,
                format!("`banner.link` is a `{scheme}` URL, which would run a script or open a hidden document when clicked"),
            )
            .in_file(CONFIG_FILE)
            .at(text, line, column)
            .with_hint("link to a page of the site or to an https:// address"),
        ]));
    }
    if let Some(link) = banner.as_ref().and_then(|b| b.link.as_deref())
        && let Some(problem) = crate::support::urls::web_address_problem(link.trim())
    {
        let (line, column) = nested_key(text, field.line, "link").unwrap_or((field.line, 1));
        return Err(FieldError::Refused(vec![
            Diagnostic::error(
                Code::Config,
                format!("`banner.link` is `{link}`, {problem}, so it leads nowhere"),
            )
            .in_file(CONFIG_FILE)
            .at(text, line, column)
            .with_hint(
                "write the whole address, `https://example.org/course`, or a page of the site",
            ),
        ]));
    }
    // Written into every page's `href`: `a b` as `a%20b`, so the HTML is valid.
    Ok(banner.map(|banner| Banner {
        link_written: banner.link.clone(),
        link: banner
            .link
            .as_deref()
            .map(crate::support::urls::encode_href),
        ..banner
    }))
}

/// `bibliography:`, in any of its three forms.
fn bibliography(field: &yaml::Field) -> Result<BibliographyConfig, String> {
    let value = field.parse::<Option<BibliographyField>>().map_err(|_| {
        "`bibliography` must be a list of files, or a map with `files` and `show_uncited`"
            .to_string()
    })?;
    Ok(match value {
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
    })
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
