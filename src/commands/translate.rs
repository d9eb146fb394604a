//! `attach-gen new guides/sleep.mi.md`: starts the te reo Māori version of `guides/sleep.md`
//! from the original's front matter (its date, categories, review dates and the rest), as a
//! draft holding `new`'s placeholder text, so that a translator writes the words and nothing
//! else. A language the site does not list, or a page that is not there to translate, is an
//! error that says what to do.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::config::languages::file_language_suffix;
use crate::content::placeholder;
use crate::support::diagnostic::{Code, Diagnostic};

use super::scaffold::{NewPage, without_content_prefix, write_failed, write_new};

/// Whether `new`'s argument names a translation's file (`guides/sleep.mi.md`) rather than a
/// title: it ends in `.md`.
pub fn is_file_name(argument: &str) -> bool {
    let argument = argument.trim();
    argument.len() > 3 && argument.to_ascii_lowercase().ends_with(".md")
}

/// Writes the translation `page.title` names (a path under `content/`) and returns its path.
pub fn new_translation(page: &NewPage) -> Result<PathBuf, Diagnostic> {
    let typed = page.title.trim();
    if let Some(dir) = &page.dir {
        // The folder as given, as `new` reads it under content/ (`--dir content/guides` is
        // `guides`).
        let written = match without_content_prefix(&page.root, dir) {
            Some(dir) => format!("{}/{typed}", dir.to_string_lossy().trim_end_matches('/')),
            None => typed.to_string(),
        };
        return Err(Diagnostic::error(
            Code::Usage,
            format!("`{typed}` is a file name, so --dir is not needed"),
        )
        .with_hint(format!(
            "write the folder in the file name: attach-gen new {}",
            crate::support::escape::shell_word(&written)
        )));
    }
    let rel = inside_content(&page.root, typed)?;
    let config = crate::config::load(&page.root).map_err(|errors| {
        errors
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error(Code::Config, "site.yaml could not be read"))
    })?;
    let language = language_of(&config, &rel)?;
    let original = original_of(&page.root, &rel, &language)?;
    let content = page.root.join(crate::content::CONTENT_DIR);
    let path = content.join(&rel);
    let shown = path.strip_prefix(".").unwrap_or(&path).to_path_buf();
    if let Some(twin) = other_file_of_same_version(&content, &rel) {
        return Err(Diagnostic::error(
            Code::Exists,
            format!(
                "{} is already the `{language}` version of this page",
                twin.strip_prefix(".").unwrap_or(&twin).display()
            ),
        )
        .with_hint("edit that file; a page has one file per language"));
    }
    let source = fs::read_to_string(&original).map_err(|e| {
        write_failed(
            "read",
            &original,
            &e,
            "or check that the original page can be read",
        )
    })?;
    let categories = super::scaffold::categories_to_write(&page.root, &page.categories)?;
    let text = translation_text(&source, &categories, &original, &language)?;
    if let Some(folder) = path.parent() {
        super::scaffold::check_real_folder(
            &page.root,
            folder,
            "or translate a page whose folder is inside content/",
        )?;
    }
    write_new(&path, &shown, &text, "edit that translation")?;
    Ok(shown)
}

/// The translation's path under `content/`, with `/` between its parts (`content/` taken off
/// when it was typed); an error for one outside `content/`.
fn inside_content(root: &Path, typed: &str) -> Result<String, Diagnostic> {
    let path = without_content_prefix(root, Path::new(typed))
        .filter(|p| {
            p.components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        })
        .ok_or_else(|| {
            Diagnostic::error(
                Code::Usage,
                format!("`{typed}` is not a file inside content/"),
            )
            .with_hint("name the translation as a path under content/, such as guides/sleep.mi.md")
        })?;
    Ok(path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/"))
}

/// The language `rel` is named for, as `languages` writes its code; an error saying what to
/// do when the site has no `languages`, when the name has no language in it, or when it is
/// one the site does not list (or the default, whose pages have none).
fn language_of(config: &crate::config::Config, rel: &str) -> Result<String, Diagnostic> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let code = config.languages.get(1).map_or("mi", |l| l.code.as_str());
    let Some(suffix) = file_language_suffix(rel) else {
        return Err(Diagnostic::error(
            Code::Usage,
            format!("`{name}` names no language: a translation's file name ends in its language's code, before `.md`"),
        )
        .with_hint(format!(
            "for its `{code}` version, write `{}.{code}.md`; to start a page of its own, give its title: attach-gen new \"Sleep and mood\"",
            name.trim_end_matches(".md")
        )));
    };
    let listed: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let stem = name
        .trim_end_matches(".md")
        .trim_end_matches(suffix)
        .trim_end_matches('.');
    if config.languages.is_empty() && crate::support::lang::same_language(suffix, &config.language)
    {
        return Err(Diagnostic::error(
            Code::Translation,
            format!("`{suffix}` is the site's own language (`language: {}` in site.yaml), whose pages have no language in their file names", config.language),
        )
        .with_hint(format!(
            "to start a page of its own, give its title: attach-gen new \"{stem}\"; a translation's name ends in another language's code, such as `{stem}.mi.md`"
        )));
    }
    if config.languages.is_empty() {
        return Err(Diagnostic::error(
            Code::Translation,
            format!("site.yaml lists no `languages`, so `{name}` would be a page of its own, not the `{suffix}` version of another"),
        )
        .with_hint(format!(
            "{}; then run this again",
            crate::site::translations::languages_to_add(&config.language, suffix)
        )));
    }
    if let Some(language) = crate::config::languages::of_file(&config.languages, rel) {
        return Ok(language.code.clone());
    }
    if config.languages[0].code.eq_ignore_ascii_case(suffix) {
        return Err(Diagnostic::error(
            Code::Translation,
            format!("`{suffix}` is the site's default language, whose pages have no language in their file names"),
        )
        .with_hint(format!(
            "name the translation for one of the other languages: {}",
            listed[1..].join(", ")
        )));
    }
    Err(Diagnostic::error(
        Code::Translation,
        format!(
            "`{suffix}` is not one of the site's languages ({})",
            listed.join(", ")
        ),
    )
    .with_hint(format!(
        "add `- {{ code: {suffix}, name: <its name in {suffix}>, prefix: {}/ }}` to `languages` in site.yaml, then run this again; or name the file for a language it lists",
        suffix.to_ascii_lowercase()
    )))
}

/// The page `rel` translates: `<name>.md` or `<name>/index.md` beside it, without the
/// language; an error naming both when neither is there.
fn original_of(root: &Path, rel: &str, language: &str) -> Result<PathBuf, Diagnostic> {
    let stem = crate::site::translations::stem(rel);
    let base = stem.rsplit_once('.').map_or(stem, |(base, _)| base);
    let content = root.join(crate::content::CONTENT_DIR);
    let candidates = [format!("{base}.md"), format!("{base}/index.md")];
    if let Some(found) = candidates
        .iter()
        .map(|c| content.join(c))
        .find(|p| p.is_file())
    {
        return Ok(found);
    }
    Err(Diagnostic::error(
        Code::Usage,
        format!(
            "there is no page content/{} (nor content/{}) for `{rel}` to be the `{language}` version of",
            candidates[0], candidates[1]
        ),
    )
    .with_hint(format!(
        "a translation is named after the page it translates: `<name>.{language}.md` beside `<name>.md`; check the name (attach-gen new \"Title\" starts a page of its own)"
    )))
}

/// The translation's other file, when one is there: the other form (`sleep.mi/index.md` for
/// `sleep.mi.md`, and the other way round), or either form with the code in other case
/// (`sleep.MI.md`: a code is read in any case, so it is the same version). The page would
/// have two files in one language, which a build refuses.
fn other_file_of_same_version(content: &Path, rel: &str) -> Option<PathBuf> {
    let stem = crate::site::translations::stem(rel);
    let (base, code) = stem.rsplit_once('.')?;
    let (folder, name) = base.rsplit_once('/').unwrap_or(("", base));
    let folder = content.join(folder);
    let same_code = |text: &str| {
        text.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|c| c.eq_ignore_ascii_case(code))
    };
    let written = content.join(rel);
    let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let entry_name = entry.file_name().to_string_lossy().into_owned();
            let path = match entry_name.strip_suffix(".md") {
                Some(page) if same_code(page) => entry.path(),
                _ if same_code(&entry_name) => entry.path().join("index.md"),
                _ => return None,
            };
            (path.is_file() && path != written).then_some(path)
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// Front matter keys a translation does not take from its original: its own URL and old
/// URLs (which would clash), its language (the file name gives it) and `draft` (written anew).
const NOT_COPIED: &[&str] = &["slug", "aliases", "lang", "draft"];

/// The translation's text: the original's front matter (without [`NOT_COPIED`], and with
/// `--category` values in place of its categories when given), `draft: true`, and `new`'s
/// placeholder body.
fn translation_text(
    source: &str,
    categories: &[String],
    original: &Path,
    language: &str,
) -> Result<String, Diagnostic> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.lines();
    let front: Option<Vec<&str>> = match lines.next().map(str::trim_end) {
        Some("---") => {
            let inside: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !matches!(l.trim_end(), "---" | "..."))
                .collect();
            Some(inside)
        }
        _ => None,
    };
    let Some(front) = front else {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            "the page to translate has no front matter (the lines between two `---` at its top)",
        )
        .in_file(original)
        .with_hint("give it a title between `---` lines, then run this again"));
    };
    let mut out = String::from("---\n");
    let mut skipping = false;
    for line in front {
        let key = top_level_key(line);
        if let Some(key) = key {
            skipping = NOT_COPIED.contains(&key) || (key == "categories" && !categories.is_empty());
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !categories.is_empty() {
        let list = super::scaffold::categories_list(categories);
        out.push_str(&format!("categories: [{list}]\n"));
    }
    let original_name = original
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.push_str(&format!(
        "# The `{language}` version of {original_name}: translate the title and description above.\n\
         {}\
         ---\n\
         \n\
         {}\n\
         \n\
         {}\n",
        super::scaffold::DRAFT_LINES,
        placeholder::SENTENCES[0],
        placeholder::SENTENCES[1],
    ));
    Ok(out)
}

/// The key of a front matter line that starts one at the top level (`title: ...`); `None`
/// for a line inside one (indented, or a list item) and for a comment or a blank line.
fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '-', '#']) || line.trim().is_empty() {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then_some(key)
}
