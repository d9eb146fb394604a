//! `languages:`: the languages a bilingual site publishes in, each with its own name and URL
//! prefix. The first is the default: its pages keep their URLs, and `language:` follows it.

use serde::Deserialize;

use crate::config::CONFIG_FILE;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::text::nfc;
use crate::support::yaml;

/// One item of `languages:`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// A BCP 47 tag: `en-NZ`, `mi`. A translation's file name ends in it (`page.mi.md`).
    pub code: String,
    /// The language's name in the language itself: "Te reo Māori", "English".
    pub name: String,
    /// Where its pages go in the site (`mi/`); empty for the default language.
    #[serde(default)]
    pub prefix: String,
}

/// Reads `languages:`; each mistake is an error at the line of the item it is in.
pub fn read(field: &yaml::Field, text: &str) -> Result<Vec<Language>, Vec<Diagnostic>> {
    let listed = field
        .parse::<Option<Vec<Language>>>()
        .map_err(|message| vec![at_line(text, field.line, format!("`languages`: {message}"))])?
        .unwrap_or_default();
    let mut errors = Vec::new();
    let mut languages: Vec<Language> = Vec::with_capacity(listed.len());
    for (index, language) in listed.into_iter().enumerate() {
        let line = item_line(text, field.line, &language.code);
        let mut error = |message: String, hint: &str| {
            errors.push(at_line(text, line, message).with_hint(hint.to_string()));
        };
        if let Some(problem) = crate::support::lang::tag_problem(&language.code) {
            error(
                format!("`languages`: {problem}"),
                crate::support::lang::TAG_HINT,
            );
            continue;
        }
        let prefix = language.prefix.trim().trim_matches('/').to_string();
        if index == 0 && !prefix.is_empty() {
            error(
                format!(
                    "`languages`: the first language, `{}`, is the default, so its pages have no prefix",
                    language.code
                ),
                "take out its `prefix` (its pages keep their URLs)",
            );
        } else if index > 0 && !valid_prefix(&prefix) {
            let suggested = crate::support::slug::slugify(&language.code);
            error(
                format!(
                    "`languages`: `{}` needs a `prefix` of lowercase letters, digits and hyphens, the folder its pages go in",
                    language.code
                ),
                &format!("write `prefix: {suggested}/`"),
            );
        } else if language.name.trim().is_empty() {
            // The language switcher's link is the name: an empty one is a link with no text.
            error(
                format!("`languages`: `{}` has an empty `name`", language.code),
                "write the language's name in the language itself, such as `Te reo Māori`",
            );
        } else if languages
            .iter()
            .any(|l| l.code.eq_ignore_ascii_case(&language.code))
        {
            error(
                format!("`languages`: `{}` is listed twice", language.code),
                "list each language once",
            );
        } else if !prefix.is_empty() && languages.iter().any(|l| l.prefix == format!("{prefix}/")) {
            error(
                format!("`languages`: two languages have the prefix `{prefix}/`"),
                "give each language a prefix of its own",
            );
        }
        languages.push(Language {
            code: crate::support::lang::canonical_case(&language.code),
            name: nfc(&language.name),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
        });
    }
    if errors.is_empty() {
        Ok(languages)
    } else {
        Err(errors)
    }
}

/// A prefix is one folder name a URL holds as written.
fn valid_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The line (1-based) of the item of `languages:` that names `code`, or the key's line.
fn item_line(text: &str, start: usize, code: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(start.saturating_sub(1))
        .take_while(|(i, l)| {
            *i + 1 == start || l.is_empty() || l.starts_with([' ', '\t', '-', '#'])
        })
        .find(|(_, l)| {
            l.split(|c: char| c.is_whitespace() || ",{}:\"'".contains(c))
                .any(|word| word == code)
                && l.contains("code")
        })
        .map_or(start, |(i, _)| i + 1)
}

fn at_line(text: &str, line: usize, message: String) -> Diagnostic {
    let column = text
        .lines()
        .nth(line.saturating_sub(1))
        .map_or(1, |l| l.len() - l.trim_start_matches([' ', '-']).len() + 1);
    Diagnostic::error(Code::Config, message)
        .in_file(CONFIG_FILE)
        .at(text, line, column)
}

/// The language whose code a translation's file name ends in: `mi` for `sleep.mi.md`, when
/// `languages` lists `mi` (any case). `None` for a page of the default language.
pub fn of_file<'a>(languages: &'a [Language], rel_path: &str) -> Option<&'a Language> {
    let suffix = file_language_suffix(rel_path)?;
    languages
        .iter()
        .skip(1)
        .find(|l| l.code.eq_ignore_ascii_case(suffix))
}

/// The `mi` of `guides/sleep.mi.md` (of `guides/sleep.mi/index.md`, a bundle); `None` when
/// the name has no second extension.
pub fn file_language_suffix(rel_path: &str) -> Option<&str> {
    let stem = rel_path
        .strip_suffix("/index.md")
        .or_else(|| rel_path.strip_suffix(".md"))?;
    let name = stem.rsplit('/').next()?;
    let (base, suffix) = name.rsplit_once('.')?;
    (!base.is_empty() && !suffix.is_empty()).then_some(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_their_language() {
        let languages = vec![
            Language {
                code: "en-NZ".into(),
                name: "English".into(),
                prefix: String::new(),
            },
            Language {
                code: "mi".into(),
                name: "Te reo Māori".into(),
                prefix: "mi/".into(),
            },
        ];
        assert_eq!(
            of_file(&languages, "guides/sleep.mi.md").map(|l| l.code.as_str()),
            Some("mi")
        );
        assert_eq!(
            of_file(&languages, "guides/sleep.mi/index.md").map(|l| l.code.as_str()),
            Some("mi")
        );
        assert!(of_file(&languages, "guides/sleep.md").is_none());
        assert!(of_file(&languages, "guides/sleep.en-NZ.md").is_none());
        assert_eq!(file_language_suffix("a/.mi.md"), None);
        assert_eq!(file_language_suffix("v1.2.md"), Some("2"));
    }
}
