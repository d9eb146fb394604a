//! Translations: `sleep.mi.md` beside `sleep.md` is its te reo Māori version. Each page's
//! language comes from its file name (checked against site.yaml's `languages:`), and the
//! versions of one page are found by the name they share, with one hash map (no pages × pages).

use std::collections::HashMap;

use crate::config::languages::{file_language_suffix, of_file};
use crate::config::{Config, Language};
use crate::content::SourcePage;
use crate::site::Page;
use crate::support::diagnostic::{Code, Diagnostic};

/// What a page's file name says about its language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLanguage {
    /// Index into site.yaml's `languages` (0, the default, for a site without them).
    pub language: usize,
    /// The path under `content/` of the page it translates, which its versions share
    /// (`guides/sleep.md` for `guides/sleep.mi.md`).
    pub key: String,
    /// Where the language's pages go (`mi/`); empty for the default language.
    pub prefix: String,
}

/// Each page's language, in the order of `sources`; a translation's `lang` is set to its
/// language. A file named for a language `languages` does not list is an error at its path.
pub fn detect(
    config: &Config,
    sources: &mut [SourcePage],
    errors: &mut Vec<Diagnostic>,
) -> Vec<PageLanguage> {
    sources
        .iter_mut()
        .map(|page| {
            if config.languages.is_empty() {
                return PageLanguage {
                    key: page.rel_path.clone(),
                    ..PageLanguage::default()
                };
            }
            match of_file(&config.languages, &page.rel_path) {
                Some(language) => translation(config, language, page, errors),
                None => {
                    errors.extend(unlisted(&config.languages, page));
                    PageLanguage {
                        key: page.rel_path.clone(),
                        ..PageLanguage::default()
                    }
                }
            }
        })
        .collect()
}

/// A translation into `language`: its `lang` is the language's (a `lang:` in its front
/// matter that says another is an error), its key the name without the language.
fn translation(
    config: &Config,
    language: &Language,
    page: &mut SourcePage,
    errors: &mut Vec<Diagnostic>,
) -> PageLanguage {
    let suffix = format!(
        ".{}",
        file_language_suffix(&page.rel_path).unwrap_or_default()
    );
    let key = match page.rel_path.strip_suffix("/index.md") {
        Some(folder) => format!(
            "{}/index.md",
            folder.strip_suffix(&suffix).unwrap_or(folder)
        ),
        None => {
            let stem = page.rel_path.strip_suffix(".md").unwrap_or(&page.rel_path);
            format!("{}.md", stem.strip_suffix(&suffix).unwrap_or(stem))
        }
    };
    match &page.front.lang {
        Some(lang) if !lang.eq_ignore_ascii_case(&language.code) => errors.push(
            page.diagnostic_at_key(
                Diagnostic::error(
                    Code::Translation,
                    format!(
                        "this page says `lang: {lang}`, but its file name makes it the `{}` translation",
                        language.code
                    ),
                )
                .with_hint(format!(
                    "take out `lang:` (the file name gives the language), or rename the file to end in `.{lang}.md`"
                )),
                "lang",
            ),
        ),
        _ => page.front.lang = Some(language.code.clone()),
    }
    PageLanguage {
        language: config
            .languages
            .iter()
            .position(|l| l.code == language.code)
            .unwrap_or_default(),
        key,
        prefix: language.prefix.clone(),
    }
}

/// The error for `page.xx.md` when `xx` is a language tag that `languages` does not list
/// (or the default language, whose pages have no language in their names).
fn unlisted(languages: &[Language], page: &SourcePage) -> Option<Diagnostic> {
    let suffix = file_language_suffix(&page.rel_path)?;
    if crate::support::lang::tag_problem(suffix).is_some() {
        return None;
    }
    let listed: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    // `mi-NZ` where `languages` lists `mi` (or `en` where it lists `en-NZ`): the same
    // language, written with another region. Dropping the code would make the file the
    // original's twin, so the hint names the code to write.
    let same_language = languages
        .iter()
        .position(|l| primary_subtag(&l.code).eq_ignore_ascii_case(primary_subtag(suffix)));
    let d = if let Some(index) =
        same_language.filter(|_| !languages[0].code.eq_ignore_ascii_case(suffix))
    {
        let code = &languages[index].code;
        let renamed = renamed(&page.rel_path, suffix, (index > 0).then_some(code.as_str()));
        let what = if index == 0 {
            format!(
                "`{code}`, the site's default language, whose pages have no language in their file names"
            )
        } else {
            format!("`{code}`")
        };
        Diagnostic::error(
            Code::Translation,
            format!(
                "this file is named as a translation into `{suffix}`, which `languages` in site.yaml does not list; it lists {what}"
            ),
        )
        .with_hint(if index == 0 {
            format!(
                "rename the file `{renamed}`, or add `- {{ code: {suffix}, name: <its name in {suffix}>, prefix: {}/ }}` to `languages` in site.yaml",
                suffix.to_ascii_lowercase()
            )
        } else {
            format!(
                "rename the file `{renamed}`, or write `code: {suffix}` in `languages` if every page in that language is in `{suffix}`"
            )
        })
    } else if languages
        .first()
        .is_some_and(|l| l.code.eq_ignore_ascii_case(suffix))
    {
        Diagnostic::error(
            Code::Translation,
            format!("`{suffix}` is the site's default language, so its pages have no language in their file names"),
        )
        .with_hint(format!("rename the file without `.{suffix}`"))
    } else {
        Diagnostic::error(
            Code::Translation,
            format!(
                "this file is named as a translation into `{suffix}`, which `languages` in site.yaml does not list ({})",
                listed.join(", ")
            ),
        )
        .with_hint(format!(
            "add `- {{ code: {suffix}, name: <its name in {suffix}>, prefix: {}/ }}` to `languages` in site.yaml, or rename the file without `.{suffix}`",
            suffix.to_ascii_lowercase()
        ))
    };
    Some(d.in_file(&page.path))
}

/// The language of a tag, without its script or region: `mi` of `mi-NZ`.
fn primary_subtag(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// The file's name with its language code `from` replaced by `to` (or taken out): the name
/// only, as a reader finds it in its folder (`sleep.mi.md`, `walking.mi/index.md`).
fn renamed(rel_path: &str, from: &str, to: Option<&str>) -> String {
    let (stem, end) = match rel_path.strip_suffix("/index.md") {
        Some(stem) => (stem, "/index.md"),
        None => (rel_path.strip_suffix(".md").unwrap_or(rel_path), ".md"),
    };
    let name = stem.rsplit('/').next().unwrap_or(stem);
    let base = name
        .strip_suffix(from)
        .and_then(|b| b.strip_suffix('.'))
        .unwrap_or(name);
    match to {
        Some(code) => format!("{base}.{code}{end}"),
        None => format!("{base}{end}"),
    }
}

/// Two files that are the same page in the same language (`sleep.mi.md` and
/// `sleep.mi/index.md`, or `sleep.md` and `sleep/index.md`) with different URLs: the page would
/// name both as its version in that language (two `hreflang` alternates for one language, two
/// switcher links) and listings would show only one. An error at the later file, naming the
/// other. Files with the same URL are left to the error for a URL taken twice.
pub fn check_one_per_language(
    config: &Config,
    sources: &[SourcePage],
    (languages, urls): (&[PageLanguage], &[String]),
    errors: &mut Vec<Diagnostic>,
) {
    if config.languages.is_empty() {
        return;
    }
    let mut first: HashMap<(&str, usize), usize> = HashMap::with_capacity(sources.len());
    for (index, language) in languages.iter().enumerate() {
        let Some(&earlier) = first.get(&(stem(&language.key), language.language)) else {
            first.insert((stem(&language.key), language.language), index);
            continue;
        };
        let (Some(page), Some(other)) = (sources.get(index), sources.get(earlier)) else {
            continue;
        };
        if urls.get(index) == urls.get(earlier) {
            continue;
        }
        let code = config
            .languages
            .get(language.language)
            .map_or("", |l| l.code.as_str());
        errors.push(
            Diagnostic::error(
                Code::Translation,
                format!(
                    "this file and {} are both the `{code}` version of one page (a page and a folder with `index.md` of the same name are versions of each other)",
                    other.path.display()
                ),
            )
            .with_hint("keep one of them, or rename one so that it is a page of its own")
            .in_file(&page.path),
        );
    }
}

/// How many translations without an original [`check_near_originals`] looks at: past this, a
/// site has pages only in other languages on purpose, and each look costs a folder's names.
const ORPHANS_LOOKED_AT: usize = 200;

/// How to give site.yaml the `languages` a file named for `suffix` (`mi`) needs, the site's
/// language (`language`) first.
pub fn languages_to_add(language: &str, suffix: &str) -> String {
    format!(
        "add `languages:` to site.yaml, the site's language first: `- {{ code: {language}, name: {} }}` then `- {{ code: {suffix}, name: {}, prefix: {}/ }}` (see docs/configuration.md#languages)",
        name_of(language),
        name_of(suffix),
        suffix.to_ascii_lowercase()
    )
}

/// What `languages` may call the language of `tag`: English and te reo Māori by name, any
/// other as a placeholder to fill in.
fn name_of(tag: &str) -> String {
    if crate::support::lang::same_language(tag, "en") {
        "English".to_string()
    } else if crate::support::lang::same_language(tag, "mi") {
        "Te reo Māori".to_string()
    } else {
        format!("<its name in {tag}>")
    }
}

/// On a site without `languages`, a warning at each page named as a version in a language
/// (`sleep.mi.md`, `sleep.en-NZ.md`): it is published as a page of its own, in the site's
/// language, where its editor likely meant the te reo version of `sleep.md`. Only
/// names ending in a registered tag whose language has a two-letter code are read so
/// (`notes.old.md` is not).
pub fn check_named_without_languages(
    config: &Config,
    sources: &[SourcePage],
    warnings: &mut Vec<Diagnostic>,
) {
    if !config.languages.is_empty() {
        return;
    }
    for page in sources {
        let Some(suffix) = file_language_suffix(&page.rel_path) else {
            continue;
        };
        let primary = primary_subtag(suffix);
        if primary.len() != 2
            || !primary.bytes().all(|b| b.is_ascii_alphabetic())
            || crate::support::lang::tag_problem(suffix).is_some()
        {
            continue;
        }
        let renamed = renamed(&page.rel_path, suffix, None);
        // `about.en.md` on an English site: no `languages` could make it a translation.
        let warning = if crate::support::lang::same_language(suffix, &config.language) {
            Diagnostic::warning(
                Code::Translation,
                format!(
                    "this file is named as the `{suffix}` version of `{renamed}`, but `{suffix}` is the site's own language (`language: {}` in site.yaml), whose pages have no language in their file names; it is published as a page of its own",
                    config.language
                ),
            )
            .with_hint(format!(
                "rename it `{renamed}` (if that page exists too, keep one of the two), or give it a name without `.{suffix}`"
            ))
        } else {
            Diagnostic::warning(
                Code::Translation,
                format!(
                    "this file is named as the `{suffix}` version of `{renamed}`, but site.yaml lists no `languages`, so it is published as a page of its own, in the site's language (`{}`), not as a translation",
                    config.language
                ),
            )
            .with_hint(format!(
                "to publish it as a translation, {}; to keep it as a page of its own, rename it without `.{suffix}`",
                languages_to_add(&config.language, suffix)
            ))
        };
        warnings.push(warning.in_file(&page.path));
    }
}

/// A translation whose name has no page of the default language (`slep.mi.md`, no `slep.md`)
/// while one in its folder has a name near it and no version in that language (`sleep.md`):
/// a slip that leaves both pages without their versions (no switcher, no `hreflang`), and
/// the te reo page beside, not in place of, the English one in every listing. A warning at
/// the translation, naming the file it likely translates. A page that is only in another
/// language, with no page of a near name, is not one: a site may have those.
pub fn check_near_originals(
    sources: &[SourcePage],
    languages: &[PageLanguage],
    drafts_left_out: &[String],
    warnings: &mut Vec<Diagnostic>,
) {
    if languages.iter().all(|l| l.language == 0) {
        return;
    }
    let versions: std::collections::HashSet<(&str, usize)> = languages
        .iter()
        .map(|l| (stem(&l.key), l.language))
        .collect();
    let drafts: std::collections::HashSet<&str> = drafts_left_out.iter().map(|d| stem(d)).collect();
    // The default language's names, by folder: `guides` → `sleep`, `walking`.
    let mut by_folder: HashMap<&str, Vec<&str>> = HashMap::new();
    for language in languages.iter().filter(|l| l.language == 0) {
        let (folder, name) = split_stem(stem(&language.key));
        by_folder.entry(folder).or_default().push(name);
    }
    let orphans = languages.iter().enumerate().filter(|(_, l)| {
        let key = stem(&l.key);
        l.language > 0 && !versions.contains(&(key, 0)) && !drafts.contains(key)
    });
    for (index, language) in orphans.take(ORPHANS_LOOKED_AT) {
        let (folder, name) = split_stem(stem(&language.key));
        let free = by_folder
            .get(folder)
            .into_iter()
            .flatten()
            .copied()
            .filter(|other| {
                let other_key = if folder.is_empty() {
                    (*other).to_string()
                } else {
                    format!("{folder}/{other}")
                };
                !versions.contains(&(other_key.as_str(), language.language))
            });
        let (Some(near), Some(page)) = (
            crate::support::diagnostic::closest(name, free.collect::<Vec<_>>()),
            sources.get(index),
        ) else {
            continue;
        };
        let suffix = file_language_suffix(&page.rel_path).unwrap_or_default();
        let renamed = renamed(&page.rel_path, suffix, Some(suffix)).replacen(name, near, 1);
        warnings.push(
            Diagnostic::warning(
                Code::Translation,
                format!(
                    "this file is named as the `{suffix}` version of `{name}`, which the site does not have; it has `{near}`, with no `{suffix}` version"
                ),
            )
            .with_hint(format!(
                "if it translates `{near}`, rename it `{renamed}` so that the two link each other as versions; a page only in `{suffix}` may keep its name"
            ))
            .in_file(&page.path),
        );
    }
}

/// A published translation whose `title` or `description` is still its original's, word for
/// word (`attach-gen new guides/sleep.mi.md` copies them for the translator to replace): the
/// te reo page would go out with an English title in its header, tab and search results. A
/// warning at the line, naming the original. Not one: a draft; a title of one word (a name
/// such as "Healthline" is often the same in every language); a text with language spans in
/// either version (its words' languages are marked, so the sameness is meant); versions in two
/// forms of one language (`en-GB` beside `en`). Compared without regard to case or spacing.
pub fn check_copied_texts(
    config: &Config,
    sources: &[SourcePage],
    languages: &[PageLanguage],
    warnings: &mut Vec<Diagnostic>,
) {
    if languages.iter().all(|l| l.language == 0) {
        return;
    }
    let originals: HashMap<&str, usize> = languages
        .iter()
        .enumerate()
        .filter(|(_, l)| l.language == 0)
        .map(|(index, l)| (stem(&l.key), index))
        .collect();
    let code = |language: usize| {
        config
            .languages
            .get(language)
            .map_or("", |l| l.code.as_str())
    };
    for (page, language) in sources.iter().zip(languages) {
        if language.language == 0 || page.front.draft {
            continue;
        }
        let Some(original) = originals
            .get(stem(&language.key))
            .and_then(|&index| sources.get(index))
        else {
            continue;
        };
        let (suffix, first) = (code(language.language), code(0));
        if primary_subtag(suffix).eq_ignore_ascii_case(primary_subtag(first)) {
            continue;
        }
        let texts = [
            (
                "title",
                Some(page.front.title.as_str()),
                page.front.title_html.is_some() || original.front.title_html.is_some(),
                Some(original.front.title.as_str()),
            ),
            (
                "description",
                page.front.description.as_deref(),
                page.front.description_html.is_some() || original.front.description_html.is_some(),
                original.front.description.as_deref(),
            ),
        ];
        for (key, text, spans, original_text) in texts {
            let (Some(text), Some(original_text)) = (text, original_text) else {
                continue;
            };
            if spans
                || (key == "title" && text.split_whitespace().count() < 2)
                || !same_words(text, original_text)
            {
                continue;
            }
            warnings.push(page.diagnostic_at_value(
                Diagnostic::warning(
                    Code::Translation,
                    format!(
                        "this `{suffix}` version's {key} is the same as its original's (`{}`), so the page is published with it untranslated",
                        original.path.display()
                    ),
                )
                .with_hint(format!(
                    "translate the {key}, or mark its words' language when it is meant to be the same (a name: `[Healthline]{{lang={first}}}`)"
                )),
                key,
                text,
            ));
        }
    }
}

/// Whether two texts have the same words, regardless of case and spacing.
fn same_words(a: &str, b: &str) -> bool {
    let words = |t: &str| {
        t.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    !a.trim().is_empty() && words(a) == words(b)
}

/// `guides/sleep` as its folder and name: (`guides`, `sleep`); (``, `sleep`) at the top.
fn split_stem(stem: &str) -> (&str, &str) {
    stem.rsplit_once('/').unwrap_or(("", stem))
}

/// For each page (given as its key and language), every version of it, itself included, as
/// indices into the same list in the order of `languages`; empty for a page with no
/// translation. A page and a bundle are versions of each other (`sleep.md` and
/// `sleep.mi/index.md`, `walking/index.md` and `walking.mi.md`).
pub fn versions(keys: &[(&str, usize)]) -> Vec<Vec<usize>> {
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::with_capacity(keys.len());
    for (index, (key, _)) in keys.iter().enumerate() {
        by_key.entry(stem(key)).or_default().push(index);
    }
    keys.iter()
        .map(|(key, _)| {
            let mut all = by_key.get(stem(key)).cloned().unwrap_or_default();
            if all.len() < 2 {
                return Vec::new();
            }
            all.sort_by_key(|&i| (keys[i].1, i));
            all
        })
        .collect()
}

/// What the versions of a page share, whether each is a plain page or a bundle: its key
/// without `.md` or `/index.md` (`guides/sleep` for `guides/sleep.md` and
/// `guides/sleep/index.md`).
pub fn stem(key: &str) -> &str {
    key.strip_suffix("/index.md")
        .or_else(|| key.strip_suffix(".md"))
        .unwrap_or(key)
}

/// The version of `pages[index]` that the listings of `language` show (home, categories,
/// search, bibliography): its version in `language`, else in the default language, else its
/// first; the page itself when it has no translation.
pub fn shown_version(pages: &[Page], index: usize, language: usize) -> usize {
    version_among(pages, &pages[index], language, |_| true).unwrap_or(index)
}

/// [`shown_version`] as a build without `--drafts` has it: the version of `pages[index]`
/// that the listings of `language` show when drafts are left out, `None` when every version
/// is a draft. Feeds, the search index and the sitemap of a `--drafts` preview use it, so
/// that they hold what the published site's do (a published page stands in for its draft
/// translation there).
pub fn published_version(pages: &[Page], index: usize, language: usize) -> Option<usize> {
    let page = pages.get(index)?;
    if page.translations.is_empty() {
        return (!page.draft).then_some(index);
    }
    version_among(pages, page, language, |v| {
        pages.get(v).is_some_and(|p| !p.draft)
    })
}

/// The version of `page` the listings of `language` show, among its translations that `keep`
/// (by index): the one in `language`, else in the default language, else the first.
fn version_among(
    pages: &[Page],
    page: &Page,
    language: usize,
    keep: impl Fn(usize) -> bool,
) -> Option<usize> {
    let kept = || page.translations.iter().copied().filter(|&v| keep(v));
    let version_in =
        |wanted: usize| kept().find(|&v| pages.get(v).is_some_and(|p| p.language == wanted));
    version_in(language)
        .or_else(|| version_in(0))
        .or_else(|| kept().next())
}

/// Whether `pages[index]` is the version a build without `--drafts` lists in `language`
/// (see [`published_version`]).
pub fn published_in(pages: &[Page], index: usize, language: usize) -> bool {
    published_version(pages, index, language) == Some(index)
}

/// Whether `pages[index]` is the version the listings of `language` show, so each page is
/// listed once per language, and a page with no translation in every language.
pub fn listed_in(pages: &[Page], index: usize, language: usize) -> bool {
    shown_version(pages, index, language) == index
}
