//! `help:` in site.yaml: the "Need help now?" box every page shows, with phone and text
//! numbers a reader in crisis can tap, when each service is open and its web page or chat. A
//! number with letters in it cannot be dialled from a link, so it is an error at its line; every
//! contact's mistakes are reported in one run.

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::text::nfc;
use crate::support::yaml::Raw;

/// `help:`, checked, as templates get it (`site.help`).
#[derive(Debug, Clone, Serialize)]
pub struct Help {
    pub title: String,
    /// `title` and `text` as HTML, when they have language spans (or glossary terms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_html: Option<String>,
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_html: Option<String>,
    pub contacts: Vec<HelpContact>,
    /// `title` and `text` in the other languages of `languages`, when written per language
    /// (`title: { en-NZ: Need help now?, mi: ... }`): templates get the file's language's as
    /// `help` (see [`Help::in_language`]).
    #[serde(skip)]
    pub in_languages: Vec<HelpWords>,
    /// Each per-language `title` and `text` as written (key, tag, text), until checked
    /// against `languages` ([`check_languages`]).
    #[serde(skip)]
    pub written_per_language: Vec<(&'static str, String, String)>,
}

/// The help box's `title` and `text` in one language other than the default, where site.yaml
/// gives them (else the site's are shown).
#[derive(Debug, Clone, Default)]
pub struct HelpWords {
    /// The language's tag, as `languages` writes it.
    pub code: String,
    pub title: Option<String>,
    pub title_html: Option<String>,
    pub text: Option<String>,
    pub text_html: Option<String>,
}

/// One service of `help.contacts`.
#[derive(Debug, Clone, Serialize)]
pub struct HelpContact {
    pub name: String,
    /// `name` and `note` as HTML, when they have language spans (or glossary terms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_html: Option<String>,
    /// As written, for people to read (`0800 543 354`).
    pub phone: Option<String>,
    pub sms: Option<String>,
    pub note: Option<String>,
    /// When it is open, as written (`24/7`, `Mon–Fri 9am–5pm`): plain text.
    pub hours: Option<String>,
    /// Its web page or chat, percent-encoded for an `href`: an address of its own
    /// (`https://...`, `url_external`) or a page of the site, site-relative (`support/`).
    pub url: Option<String>,
    /// Whether `url` is an address of its own, written as it is, rather than site-relative.
    pub url_external: bool,
    /// `url` as site.yaml writes it (`get help/`, before it is encoded as `get%20help/`), for
    /// messages about it and to find it in the file; not a template field.
    #[serde(skip)]
    pub url_written: Option<String>,
    /// The host of an address of its own, for the link's text (`healthline.govt.nz`, without
    /// `www.`); none for a page of the site.
    pub url_host: Option<String>,
    /// `tel:0800543354`: digits only (and a leading `+`), what a phone dials.
    pub phone_href: Option<String>,
    /// `sms:1737`.
    pub sms_href: Option<String>,
    /// `name`, `note` and `hours` in the other languages of `languages`, when written per
    /// language (`note: { en-NZ: Free call, mi: ... }`): templates get the file's language's
    /// in `help.contacts` (see [`Help::in_language`]).
    #[serde(skip)]
    pub in_languages: Vec<ContactWords>,
    /// Each per-language `name`, `note` and `hours` as written (key, tag, text) and the line
    /// its contact starts at, until checked against `languages` ([`check_languages`]).
    #[serde(skip)]
    pub written_per_language: (Vec<(&'static str, String, String)>, usize),
}

/// A contact's `name`, `note` and `hours` in one language other than the default, where
/// site.yaml gives them (else the site's are shown).
#[derive(Debug, Clone, Default)]
pub struct ContactWords {
    /// The language's tag, as `languages` writes it.
    pub code: String,
    pub name: Option<String>,
    pub name_html: Option<String>,
    pub note: Option<String>,
    pub note_html: Option<String>,
    pub hours: Option<String>,
}

/// `help:` as written; each contact is read on its own, so that every contact's mistakes are
/// reported in one run.
/// Unknown keys are found by [`unknown_keys`], so that they do not hide the contacts' mistakes.
#[derive(Deserialize)]
struct HelpField {
    #[serde(default)]
    contacts: Vec<Raw>,
}

/// A contact as written (its fields read one by one, [`written`]).
#[derive(Default)]
struct ContactField {
    name: String,
    phone: Option<String>,
    sms: Option<String>,
    note: Option<String>,
    hours: Option<String>,
    url: Option<String>,
    /// `name`, `note` and `hours` written per language: (key, tag, text).
    per_language: Vec<(&'static str, String, String)>,
}

/// The fields of a contact that may be written per language.
const PER_LANGUAGE: [&str; 3] = ["name", "note", "hours"];

/// The hint for `title`, `text` or a contact's `name`, `note` or `hours` that is neither text
/// nor texts by language. Inside `{ ... }` a comma ends a text, so one holding commas must be
/// quoted there.
const ONE_TEXT_OR_PER_LANGUAGE: &str = "write it as text, in quotes if it holds `: ` (or a comma, inside `{ ... }`) or starts with `[`, `{`, `*` or `&`; or one text per language, `{ en-NZ: ..., mi: ... }`";

/// The name a contact is called by in messages: its `name`, or the first text of its `name`
/// written per language; `None` when it has none (or a blank one).
fn shown_name(raw: &Raw) -> Option<String> {
    let name = raw.text("name").or_else(|| {
        let (_, names) = raw.entries()?.into_iter().find(|(key, _)| key == "name")?;
        names.texts().into_iter().find(|t| !t.trim().is_empty())
    });
    name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty())
}

/// The fields of a contact, as a help line names them.
const CONTACT_FIELDS: [&str; 6] = ["name", "phone", "sms", "hours", "url", "note"];

fn default_title() -> String {
    "Need help now?".into()
}

/// Why `help:` was not taken: a message about the whole key, or errors placed in its contacts.
pub enum HelpError {
    Message(String),
    Refused(Vec<Diagnostic>),
}

/// Reads `help:` (`value` is its YAML); `config` places errors at their line.
pub fn read(
    value: &crate::support::yaml::Field,
    config: &Config,
) -> Result<Option<Help>, HelpError> {
    let Some(field) = value
        .parse::<Option<HelpField>>()
        .map_err(HelpError::Message)?
    else {
        return Ok(None);
    };
    let (words, texts) = texts(value, config);
    let mut errors = unknown_keys(value, config);
    errors.extend(texts);
    let mut contacts = Vec::with_capacity(field.contacts.len());
    // Each contact's mistakes are looked for from its own first line, its `- ` (else its own
    // name's line, else below the previous contact's), so that a number written twice (`+`,
    // `111#`), or a word the contact before it also holds, is shown at its own contact, not at
    // an earlier one; and a `note:` written before `name:` is found at its own line, not at
    // the next contact's.
    // Where the contact before ended, as (line, column): the next is looked for past it, on
    // that line too, as contacts written on one line (`contacts: [{...}, {...}]`) are.
    let mut previous = (0, 0);
    let contacts_line = key_from(config, "contacts", 1).unwrap_or(0);
    for (index, raw) in field.contacts.iter().enumerate() {
        let item = config
            .key_lines
            .item_from("help", (previous.0 + 1).max(contacts_line));
        let from = match item {
            Some(line) => (line, 0),
            None => shown_name(raw)
                .and_then(|name| config.key_lines.locate_after("help", &name, previous))
                .map_or((previous.0 + 1, 0), |at| (at.line, opening_brace(&at))),
        };
        // Where the contact's own keys are looked for from (its `name:`, when that is a map
        // and the contact's first line is not found).
        let anchor = match (item, raw.text("name")) {
            (Some(_), _) | (None, Some(_)) => from.0,
            (None, None) => key_from(config, "name", previous.0 + 1).unwrap_or(from.0),
        };
        let near = match written(raw, index, config, from, &mut errors) {
            Some(mut written) => {
                let name = written.name.clone();
                let per_language = std::mem::take(&mut written.per_language);
                let mut read = contact(written, config, from, &mut errors);
                read.written_per_language = (per_language, anchor);
                contacts.push(read);
                Some(name)
            }
            None => shown_name(raw).or_else(|| raw.texts().into_iter().next()),
        };
        match near.and_then(|near| config.key_lines.locate_after("help", &near, from)) {
            Some(at) => previous = (at.line, at.column),
            // Past the whole line.
            None if item.is_some() => previous = (from.0, usize::MAX),
            None => {}
        }
    }
    if words.title.trim().is_empty() {
        // The heading names the box's landmark: a blank one leaves it without a name.
        let d = Diagnostic::error(Code::Config, "`help`: `title` is empty".to_string())
            .with_hint("write the box's heading, such as `title: Need help now?`, or leave the line out for that one");
        errors.push(config.at_value_from(d, "help", "title", 1));
    }
    if !errors.is_empty() {
        return Err(HelpError::Refused(errors));
    }
    Ok(Some(Help {
        title: nfc(words.title.trim()),
        title_html: None,
        text: words.text.map(|t| nfc(t.trim())).filter(|t| !t.is_empty()),
        text_html: None,
        contacts,
        in_languages: Vec::new(),
        written_per_language: words.per_language,
    }))
}

/// The column (1-based) of the `{` that opens the contact whose name is at `at`, written as
/// a flow mapping on its line (`{ name: Lifeline, phone: ... }`), so its fields before its
/// name are found too; else the column before the name.
fn opening_brace(at: &crate::support::diagnostic::Located) -> usize {
    let before: Vec<char> = at.text.chars().take(at.column.saturating_sub(1)).collect();
    match before.iter().rposition(|&c| c == '{') {
        Some(brace) => brace + 1,
        None => at.column.saturating_sub(1),
    }
}

/// `title` and `text` as written: each text, or a map of texts by language (`title: { en-NZ:
/// Need help now?, mi: ... }`, checked against `languages` later by [`check_languages`]).
struct Words {
    title: String,
    text: Option<String>,
    /// (key, tag, text) for each text written per language.
    per_language: Vec<(&'static str, String, String)>,
}

/// `title` and `text` read, with an error at each that is neither text nor a map of texts (a
/// list, or a map holding one): read as a whole, `help` would say "expected text, found a
/// list" at its own line, without naming the field.
fn texts(value: &crate::support::yaml::Field, config: &Config) -> (Words, Vec<Diagnostic>) {
    let mut words = Words {
        title: default_title(),
        text: None,
        per_language: Vec::new(),
    };
    let mut errors = Vec::new();
    let Ok(Some(keys)) = value.parse::<Option<std::collections::BTreeMap<String, Raw>>>() else {
        return (words, errors);
    };
    for key in ["title", "text"] {
        let Some(raw) = keys.get(key) else { continue };
        let from = key_line(config, key);
        let mut error = |problem: String, near: &str| {
            let d = Diagnostic::error(Code::Config, problem).with_hint(ONE_TEXT_OR_PER_LANGUAGE);
            errors.push(config.at_value_from(d, "help", near, from));
        };
        if let Some(entries) = raw.entries() {
            // Per language: the default language's is filled in once `languages` is known.
            // (A stand-in until then; an empty map is an empty title, an error below.)
            if key == "title" {
                words.title = if entries.is_empty() {
                    String::new()
                } else {
                    String::from("-")
                };
            }
            for (tag, text) in entries {
                match text.parse::<String>() {
                    Ok(text) => words.per_language.push((key, tag, text)),
                    Err(problem) => error(format!("`help`: `{key}` in `{tag}`: {problem}"), &tag),
                }
            }
            continue;
        }
        let read = if key == "title" {
            raw.parse::<String>().map(|t| words.title = t)
        } else {
            raw.parse::<Option<String>>().map(|t| words.text = t)
        };
        if let Err(problem) = read {
            error(format!("`help`: `{key}`: {problem}"), key);
        }
    }
    (words, errors)
}

/// The line of `help`'s `key` (`text:`), to look for its value's words from (the title's
/// `en-NZ:` is not the text's); 1 when it is not found. The key as YAML reads one, not the
/// text `text:` in a value before it.
fn key_line(config: &Config, key: &str) -> usize {
    key_from(config, key, 1).unwrap_or(1)
}

/// The line of the first key `key` (as YAML reads a key) in `help`'s block, no higher than
/// line `from`.
fn key_from(config: &Config, key: &str, from: usize) -> Option<usize> {
    let keys = config.key_lines.locate_keys_from("help", key, from);
    keys.first().map(|(at, _)| at.line)
}

/// Checks the `title` and `text`, and each contact's `name`, `note` and `hours`, written per
/// language against `languages`: the default language's is the site's (shown on pages in a
/// language that has none), the others are kept for their languages. Each mistake is an error
/// at its text's line.
pub fn check_languages(config: &mut Config) -> Vec<Diagnostic> {
    let Some(mut help) = config.help.take() else {
        return Vec::new();
    };
    let written = std::mem::take(&mut help.written_per_language);
    let mut errors = Vec::new();
    for key in ["title", "text"] {
        let per_key = of_key(&written, key);
        if per_key.is_empty() {
            continue;
        }
        let what = (format!("`{key}`"), key);
        let Some((default, others)) =
            by_language(config, what, &per_key, key_line(config, key), &mut errors)
        else {
            continue;
        };
        match key {
            "title" => help.title = default,
            _ => help.text = Some(default),
        }
        for (code, text) in others {
            let words = words_in(
                &mut help.in_languages,
                code,
                |w| &w.code,
                |code| HelpWords {
                    code,
                    ..HelpWords::default()
                },
            );
            match key {
                "title" => words.title = Some(text),
                _ => words.text = Some(text),
            }
        }
    }
    for (index, contact) in help.contacts.iter_mut().enumerate() {
        errors.extend(contact_languages(config, contact, index));
    }
    config.help = Some(help);
    errors
}

/// The (tag, text) pairs of `key` among texts written per language.
fn of_key(written: &[(&'static str, String, String)], key: &str) -> Vec<(String, String)> {
    written
        .iter()
        .filter(|(k, _, _)| *k == key)
        .map(|(_, tag, text)| (tag.clone(), text.clone()))
        .collect()
}

/// Checks a contact's `name`, `note` and `hours` written per language (see
/// [`check_languages`]), each looked for below its contact's line; `index` counts from 0.
fn contact_languages(config: &Config, contact: &mut HelpContact, index: usize) -> Vec<Diagnostic> {
    let (written, anchor) = std::mem::take(&mut contact.written_per_language);
    let mut errors = Vec::new();
    // A name written per language with no text in any is called by its place, not its
    // stand-in.
    let nameless = of_key(&written, "name")
        .iter()
        .all(|(_, text)| text.trim().is_empty());
    let called = if nameless && written.iter().any(|(key, _, _)| *key == "name") {
        format!("contact {}", index + 1)
    } else {
        format!("`{}`", contact.name)
    };
    for key in PER_LANGUAGE {
        let per_key = of_key(&written, key);
        if per_key.is_empty() {
            continue;
        }
        let from = key_from(config, key, anchor).unwrap_or(anchor);
        let what = (format!("the `{key}` of {called}"), key);
        let Some((default, others)) = by_language(config, what, &per_key, from, &mut errors) else {
            continue;
        };
        match key {
            "name" => contact.name = default,
            "note" => contact.note = Some(default),
            _ => contact.hours = Some(default),
        }
        for (code, text) in others {
            let words = words_in(
                &mut contact.in_languages,
                code,
                |w| &w.code,
                |code| ContactWords {
                    code,
                    ..ContactWords::default()
                },
            );
            match key {
                "name" => words.name = Some(text),
                "note" => words.note = Some(text),
                _ => words.hours = Some(text),
            }
        }
    }
    errors
}

/// One field written per language (`what` names it in messages, `key` is its key), checked
/// against `languages`: the default language's text and the others' (their tag as `languages`
/// writes it, and text), trimmed; `None` when it was refused, each mistake an error in `errors`
/// at its text, looked for from line `from`.
fn by_language(
    config: &Config,
    (what, key): (String, &str),
    written: &[(String, String)],
    from: usize,
    errors: &mut Vec<Diagnostic>,
) -> Option<(String, Vec<(String, String)>)> {
    let mut error = |message: String, hint: String, near: &str| {
        let d = Diagnostic::error(Code::Config, format!("`help`: {message}")).with_hint(hint);
        let near = if near.trim().is_empty() { "\"\"" } else { near };
        errors.push(config.at_value_from(d, "help", near, from));
    };
    let first_text = written.first().map_or("", |(_, text)| text.as_str());
    let pairs: Vec<(&str, &str)> = written
        .iter()
        .map(|(tag, text)| (tag.as_str(), text.as_str()))
        .collect();
    let twice = config.language_written_twice("help", &format!("`help`: {what}"), &pairs, from);
    if let Some(d) = twice {
        errors.push(d);
        return None;
    }
    let Some(default) = config.languages.first() else {
        error(
            format!("{what} is written per language, but site.yaml lists no `languages`"),
            format!("write `{key}` once, as text, or add `languages:` to site.yaml"),
            first_text,
        );
        return None;
    };
    let listed = config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let (mut site, mut others, mut refused) = (None, Vec::new(), false);
    for (tag, text) in written {
        let Some(language) = config
            .languages
            .iter()
            .find(|l| l.code.eq_ignore_ascii_case(tag))
        else {
            refused = true;
            error(
                format!("{what} is written in `{tag}`, which `languages` does not list"),
                format!("write it in the languages of `languages`: {listed}"),
                text,
            );
            continue;
        };
        let is_default = language.code == default.code;
        if text.trim().is_empty() {
            refused = true;
            let hint = if is_default {
                format!(
                    "write it in `{tag}`, the default language: pages in a language without one show it"
                )
            } else {
                format!(
                    "write it, or take `{tag}:` out (pages in `{tag}` then show the default language's)"
                )
            };
            error(format!("{what} in `{tag}` is empty"), hint, tag);
            continue;
        }
        let text = nfc(text.trim());
        if is_default {
            site = Some(text);
        } else {
            others.push((language.code.clone(), text));
        }
    }
    if site.is_none() && !refused {
        let code = &default.code;
        error(
            format!("{what} is written per language, but not in `{code}`, the default language"),
            format!(
                "add `{code}: ...`: it is shown on pages in a language `{key}` is not written in"
            ),
            first_text,
        );
    }
    if refused {
        return None;
    }
    Some((site?, others))
}

impl Help {
    /// The help box as a file in `lang` shows it: its title and text in that language where
    /// site.yaml gives them (with the language each is in), else the site's.
    pub fn in_language<'a>(&'a self, lang: &'a str, site_language: &'a str) -> HelpIn<'a> {
        let words = self
            .in_languages
            .iter()
            .find(|w| w.code.eq_ignore_ascii_case(lang));
        let title = words.and_then(|w| w.title.as_deref().map(|t| (t, w.title_html.as_deref())));
        let text = words.and_then(|w| w.text.as_deref().map(|t| (t, w.text_html.as_deref())));
        HelpIn {
            title: title.map_or(self.title.as_str(), |(t, _)| t),
            title_html: title.map_or(self.title_html.as_deref(), |(_, h)| h),
            title_lang: if title.is_some() { lang } else { site_language },
            text: text.map(|(t, _)| t).or(self.text.as_deref()),
            text_html: text.map_or(self.text_html.as_deref(), |(_, h)| h),
            text_lang: if text.is_some() { lang } else { site_language },
            contacts: self
                .contacts
                .iter()
                .map(|c| c.in_language(lang, site_language))
                .collect(),
        }
    }
}

impl HelpContact {
    /// The contact as a file in `lang` shows it: its name, note and hours in that language
    /// where site.yaml gives them (with the language each is in), else the site's.
    fn in_language<'a>(&'a self, lang: &'a str, site_language: &'a str) -> HelpContactIn<'a> {
        let words = self
            .in_languages
            .iter()
            .find(|w| w.code.eq_ignore_ascii_case(lang));
        let name = words.and_then(|w| w.name.as_deref().map(|t| (t, w.name_html.as_deref())));
        let note = words.and_then(|w| w.note.as_deref().map(|t| (t, w.note_html.as_deref())));
        let hours = words.and_then(|w| w.hours.as_deref());
        let in_which = |own: bool| if own { lang } else { site_language };
        HelpContactIn {
            name: name.map_or(self.name.as_str(), |(t, _)| t),
            name_html: name.map_or(self.name_html.as_deref(), |(_, h)| h),
            name_lang: in_which(name.is_some()),
            note: note.map(|(t, _)| t).or(self.note.as_deref()),
            note_html: note.map_or(self.note_html.as_deref(), |(_, h)| h),
            note_lang: in_which(note.is_some()),
            hours: hours.or(self.hours.as_deref()),
            hours_lang: in_which(hours.is_some()),
            phone: self.phone.as_deref(),
            sms: self.sms.as_deref(),
            url: self.url.as_deref(),
            url_external: self.url_external,
            url_host: self.url_host.as_deref(),
            phone_href: self.phone_href.as_deref(),
            sms_href: self.sms_href.as_deref(),
        }
    }
}

/// The words of language `code` in `list` (a help box's or a contact's), added empty (by
/// `new`) when the list has none yet.
fn words_in<W>(
    list: &mut Vec<W>,
    code: String,
    code_of: impl Fn(&W) -> &String,
    new: impl FnOnce(String) -> W,
) -> &mut W {
    match list.iter().position(|w| *code_of(w) == code) {
        Some(at) => &mut list[at],
        None => {
            list.push(new(code));
            let last = list.len() - 1;
            &mut list[last]
        }
    }
}

/// A contact of `help.contacts` in templates: as [`HelpContact`], with `name`, `note` and
/// `hours` in the file's language where site.yaml gives them, and the language each is in.
#[derive(Debug, Serialize)]
pub struct HelpContactIn<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_html: Option<&'a str>,
    /// The language `name` is in: the file's, or the site's where it has none of its own.
    pub name_lang: &'a str,
    pub phone: Option<&'a str>,
    pub sms: Option<&'a str>,
    pub note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_html: Option<&'a str>,
    pub note_lang: &'a str,
    pub hours: Option<&'a str>,
    pub hours_lang: &'a str,
    pub url: Option<&'a str>,
    pub url_external: bool,
    pub url_host: Option<&'a str>,
    pub phone_href: Option<&'a str>,
    pub sms_href: Option<&'a str>,
}

/// `help` in templates: the help box in the language of the file being written.
#[derive(Debug, Serialize)]
pub struct HelpIn<'a> {
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_html: Option<&'a str>,
    /// The language `title` is in: the file's, or the site's where it has none of its own.
    pub title_lang: &'a str,
    pub text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_html: Option<&'a str>,
    pub text_lang: &'a str,
    /// The contacts in the file's language (see [`HelpContactIn`]).
    pub contacts: Vec<HelpContactIn<'a>>,
}

/// The keys `help:` takes.
const HELP_FIELDS: &[&str] = &["title", "text", "contacts"];

/// An error for each key of `help:` that is none of [`HELP_FIELDS`], at the key.
fn unknown_keys(value: &crate::support::yaml::Field, config: &Config) -> Vec<Diagnostic> {
    let Ok(Some(keys)) = value.parse::<Option<std::collections::BTreeMap<String, Raw>>>() else {
        return Vec::new();
    };
    keys.keys()
        .filter(|key| !HELP_FIELDS.contains(&key.as_str()))
        .map(|key| {
            let takes = "`help` takes `title`, `text` and `contacts`";
            let hint = match crate::support::diagnostic::closest(key, HELP_FIELDS.iter().copied()) {
                Some(known) => format!("did you mean `{known}`? {takes}"),
                None => format!("{takes}; the numbers go in `contacts`"),
            };
            let d = Diagnostic::error(Code::Config, format!("`help` has an unknown field `{key}`"))
                .with_hint(hint);
            config.at_value_from(d, "help", key, 1)
        })
        .collect()
}

/// A contact's fields as written, each one read on its own so that all of its mistakes (an
/// unknown field, a number where text goes, no `name`) are errors in `errors`, at the word each
/// is about, from `from` (line, and column on that line) on; `None` when there was one.
fn written(
    raw: &Raw,
    index: usize,
    config: &Config,
    from: (usize, usize),
    errors: &mut Vec<Diagnostic>,
) -> Option<ContactField> {
    let name = shown_name(raw);
    let (which, of) = match &name {
        Some(name) => (format!("the contact `{name}`"), format!("of `{name}`")),
        None => (
            format!("contact {}", index + 1),
            format!("of contact {}", index + 1),
        ),
    };
    // How many mistakes were found (read while `error` holds `errors`).
    let found = std::cell::Cell::new(0);
    let mut error = |message: String, hint: Option<String>, near: Option<&str>| {
        let d = Diagnostic::error(Code::Config, format!("`help`: {message}"));
        let d = match hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        };
        let near = near
            .map(str::to_string)
            .or_else(|| name.clone())
            .or_else(|| raw.texts().into_iter().next());
        errors.push(match near {
            Some(near) => config.at_value_after(d, "help", &near, from),
            None => config.at_key(d, "help"),
        });
        found.set(found.get() + 1);
    };
    let Some(entries) = raw.entries() else {
        // Not a map (`- Lifeline 0800 543 354`): serde says what it found.
        let message = raw
            .parse::<std::collections::BTreeMap<String, Raw>>()
            .err()
            .unwrap_or_default();
        let near = crate::config::parse::nested_mistake(&message).map(str::to_string);
        error(
            format!("{which}: {message}"),
            Some(
                "write each contact as a map: `- { name: Lifeline, phone: \"0800 543 354\" }`"
                    .into(),
            ),
            near.as_deref(),
        );
        return None;
    };
    let mut contact = ContactField::default();
    let mut written_name = None;
    for (key, value) in &entries {
        let per_language = PER_LANGUAGE.iter().find(|k| **k == key.as_str());
        if let (Some(&key), Some(texts)) = (per_language, value.entries()) {
            let (stand_in, problems) = by_language_as_written(key, &texts, &mut contact);
            for (problem, tag) in problems {
                error(
                    format!("the `{key}` {of} in `{tag}`: {problem}"),
                    Some(ONE_TEXT_OR_PER_LANGUAGE.into()),
                    Some(&tag),
                );
            }
            if key == "name" {
                written_name = Some(stand_in);
            }
            continue;
        }
        let slot = match key.as_str() {
            "phone" => &mut contact.phone,
            "sms" => &mut contact.sms,
            "note" => &mut contact.note,
            "hours" => &mut contact.hours,
            "url" => &mut contact.url,
            "name" => &mut written_name,
            unknown => {
                error(
                    format!("{which} has an unknown field `{unknown}`"),
                    Some(unknown_field_hint(unknown)),
                    Some(unknown),
                );
                continue;
            }
        };
        // A field left empty (`phone:`) is as if it were not there, but for `name`.
        match value.parse::<Option<String>>() {
            Ok(text) => *slot = text,
            Err(message) => {
                let near = crate::config::parse::nested_mistake(&message).map(str::to_string);
                error(
                    format!("the `{key}` {of}: {message}"),
                    per_language.map(|_| ONE_TEXT_OR_PER_LANGUAGE.into()),
                    near.as_deref().or(Some(key)),
                );
            }
        }
    }
    match written_name {
        // `name: ""` would be a bold nothing before the numbers: whose they are goes unsaid.
        Some(name) if name.trim().is_empty() => error(
            format!("{which} has an empty `name`"),
            Some("write the service's name, as a reader would ask for it, such as `name: Lifeline`".into()),
            Some("name"),
        ),
        Some(name) => contact.name = name.trim().to_string(),
        None if found.get() == 0 => error(
            format!("{which} has no `name`"),
            Some("give each contact a `name`, such as `- { name: Lifeline, phone: \"0800 543 354\" }`".into()),
            None,
        ),
        None => {}
    }
    (found.get() == 0).then_some(contact)
}

/// What to do about a contact's unknown field `unknown`: the field meant, or `note`.
fn unknown_field_hint(unknown: &str) -> String {
    let fields = "A contact's fields are `name`, `phone`, `sms`, `hours`, `url` and `note`";
    match crate::support::diagnostic::closest(unknown, CONTACT_FIELDS) {
        Some(known) => format!("did you mean `{known}`? {fields}; write anything else in `note`"),
        None => format!("{fields}; write anything else (who it is for, what it costs) in `note`"),
    }
}

/// A contact's `key` (`name`, `note` or `hours`) written per language: each text kept in
/// `contact`'s `per_language` (the default language's is filled in once `languages` is known,
/// [`check_languages`]). Gives the name's stand-in until then (its first text; empty for an
/// empty map, which is as if the field were empty) and each (problem, tag) that is not text.
fn by_language_as_written(
    key: &'static str,
    texts: &[(String, Raw)],
    contact: &mut ContactField,
) -> (String, Vec<(String, String)>) {
    let mut first = None;
    let mut problems = Vec::new();
    for (tag, text) in texts {
        match text.parse::<String>() {
            Ok(text) => {
                if first.is_none() && !text.trim().is_empty() {
                    first = Some(text.trim().to_string());
                }
                contact.per_language.push((key, tag.clone(), text));
            }
            Err(problem) => problems.push((problem, tag.clone())),
        }
    }
    match key {
        "note" => contact.note = Some(String::new()),
        "hours" => contact.hours = texts.is_empty().then(String::new),
        _ => {}
    }
    let stand_in = if texts.is_empty() {
        String::new()
    } else {
        first.unwrap_or_else(|| "-".into())
    };
    (stand_in, problems)
}

/// A contact read: its numbers made into links, its hours and its web address checked (each
/// mistake an error in `errors`, placed from `from`, a line and a column on it, on).
fn contact(
    contact: ContactField,
    config: &Config,
    from: (usize, usize),
    errors: &mut Vec<Diagnostic>,
) -> HelpContact {
    let mut href = |number: &Option<String>, scheme: &str, what: &str| {
        let number = number.as_deref()?;
        match dialled(number, scheme == "tel") {
            Ok(digits) => Some(format!("{scheme}:{digits}")),
            Err(problem) => {
                // An empty number is not named, nor found on its line: its contact's name is.
                let (shown, near) = if number.trim().is_empty() {
                    (String::new(), contact.name.as_str())
                } else {
                    (format!(" `{number}`"), number)
                };
                let d = Diagnostic::error(
                    Code::Config,
                    format!("`help`: the {what} number{shown} of `{}` {problem}", contact.name),
                )
                .with_hint("write the digits a phone dials, as in `0800 543 354` or `+64 4 123 4567`; put words in `note`");
                errors.push(config.at_value_after(d, "help", near, from));
                None
            }
        }
    };
    let phone_href = href(&contact.phone, "tel", "phone");
    let sms_href = href(&contact.sms, "sms", "text");
    if contact
        .hours
        .as_deref()
        .is_some_and(|h| h.trim().is_empty())
    {
        let d = Diagnostic::error(
            Code::Config,
            format!("`help`: the `hours` of `{}` are empty", contact.name),
        )
        .with_hint(
            "write when it is open, such as `24/7` or `Mon–Fri 9am–5pm`, or take `hours` out",
        );
        errors.push(config.at_value_after(d, "help", &contact.name, from));
    }
    let url = contact
        .url
        .as_deref()
        .and_then(|url| match web_address(url) {
            Ok(address) => Some(address),
            Err((code, problem, hint)) => {
                let shown = if url.trim().is_empty() {
                    String::new()
                } else {
                    format!(" `{}`", url.trim())
                };
                let d = Diagnostic::error(
                    code,
                    format!("`help`: the `url`{shown} of `{}` {problem}", contact.name),
                )
                .with_hint(hint);
                let near = if url.trim().is_empty() {
                    contact.name.as_str()
                } else {
                    url.trim()
                };
                errors.push(config.at_value_after(d, "help", near, from));
                None
            }
        });
    let url_written = url
        .as_ref()
        .and(contact.url.as_deref())
        .map(|u| u.trim().to_string());
    let (url, url_external, url_host) = match url {
        Some(address) => (Some(address.href), address.host.is_some(), address.host),
        None => (None, false, None),
    };
    HelpContact {
        name: nfc(&contact.name),
        name_html: None,
        note_html: None,
        phone: contact.phone,
        sms: contact.sms,
        note: contact
            .note
            .map(|n| nfc(n.trim()))
            .filter(|n| !n.is_empty()),
        hours: contact.hours.map(|h| nfc(h.trim())),
        url,
        url_external,
        url_written,
        url_host,
        phone_href,
        sms_href,
        in_languages: Vec::new(),
        written_per_language: (Vec::new(), from.0),
    }
}

/// A contact's `url`, checked: its `href` (percent-encoded; site-relative for a page of the
/// site) and, for an address of its own, its host to show.
struct WebAddress {
    href: String,
    host: Option<String>,
}

/// What is wrong with a contact's `url`: its code, the problem and what to do.
type UrlProblem = (Code, String, &'static str);

/// Reads a contact's `url`: an `http(s)://` address with a host, `//host/...`, or a page of the
/// site (`support/`, `/support/`). A script, another scheme (`mailto:`, `tel:`) or an address
/// without a host is refused.
fn web_address(url: &str) -> Result<WebAddress, UrlProblem> {
    let url = url.trim();
    let web = "write its web page or chat (`https://...`) or a page of the site (`support/`)";
    if url.is_empty() {
        return Err((
            Code::Config,
            "is empty".into(),
            "write its web page or chat (`https://...`), or take `url` out",
        ));
    }
    if let Some(scheme) = crate::support::urls::script_scheme(url) {
        return Err((
            Code::UnsafeLink,
            format!("is a `{scheme}` URL, which would run a script when clicked"),
            web,
        ));
    }
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    let external = url.starts_with("//") || crate::support::urls::has_scheme(url);
    if !external {
        let href = crate::support::urls::encode_href(url);
        return Ok(WebAddress {
            href: href.trim_start_matches('/').to_string(),
            host: None,
        });
    }
    if let Some(scheme) = scheme.filter(|s| !url.starts_with("//") && s != "http" && s != "https") {
        let hint = if matches!(scheme.as_str(), "tel" | "sms") {
            "put the number in `phone` or `sms`, which make the call and text links"
        } else {
            web
        };
        return Err((
            Code::Config,
            format!("is a `{scheme}:` address, not a web page"),
            hint,
        ));
    }
    let absolute = if url.starts_with("//") {
        format!("https:{url}")
    } else {
        url.to_string()
    };
    match url::Url::parse(&absolute) {
        Ok(parsed) if parsed.host_str().is_some_and(|h| !h.is_empty()) => {}
        Ok(_) => return Err((Code::Config, "names no host".into(), web)),
        Err(e) => {
            return Err((
                Code::Config,
                format!("is not a web address that works ({e})"),
                web,
            ));
        }
    }
    if let Some(problem) = crate::support::urls::web_address_problem(&absolute) {
        return Err((Code::Config, format!("is {problem}"), web));
    }
    Ok(WebAddress {
        href: crate::support::urls::encode_href(url),
        host: Some(shown_host(url)),
    })
}

/// The host of `url` (`https://user@www.Example.org:8080/x` → `Example.org:8080`), as written,
/// without `www.`: what a reader recognises as where the link goes.
fn shown_host(url: &str) -> String {
    let after = url.split_once("//").map_or(url, |(_, rest)| rest);
    let authority = after.split(['/', '?', '#']).next().unwrap_or(after);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    match host.get(..4) {
        Some(www) if www.eq_ignore_ascii_case("www.") && host.len() > 4 => host[4..].to_string(),
        _ => host.to_string(),
    }
}

/// The digits of a phone number as written (spaces, dashes, dots and brackets left out; a
/// leading `+` kept), or what is wrong with it.
///
/// `+64 (0)9 123 4567`, a common way to write a number for callers at home and abroad, means
/// the `(0)` is left out after the country code: it dials `+6491234567` (dialling the 0 too
/// reaches no one). Any space counts as one: a non-breaking space comes with numbers copied
/// from web pages (and `&nbsp;` in site.yaml is read as one). A phone number (`star`) may
/// start with `*`, as New Zealand's `*555` does; a text number may not.
fn dialled(number: &str, star: bool) -> Result<String, &'static str> {
    let number = number.trim();
    if number.is_empty() {
        return Err("is empty");
    }
    let (plus, rest) = match (number.strip_prefix('+'), number.strip_prefix('*')) {
        (Some(rest), _) => ("+", rest),
        (None, Some(rest)) if star => ("*", rest),
        _ => ("", number),
    };
    if rest.chars().any(|c| c.is_alphabetic()) {
        return Err("has letters in it, which a phone link cannot dial");
    }
    // `０８００` (full width) or `٠٨٠٠` (Arabic-Indic) are digits, but not ones a `tel:`
    // link dials.
    if rest.chars().any(|c| c.is_numeric() && !c.is_ascii_digit()) {
        return Err(
            "has digits written in another script, which a phone link cannot dial: write them as 0–9",
        );
    }
    if rest.contains('+') {
        return Err("has a `+` after its start (a `+` may only begin an international number)");
    }
    if rest
        .chars()
        .any(|c| !(c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')')))
    {
        return Err(if star {
            "has characters other than digits, spaces, dashes, dots and brackets (and a `*` to start a code such as `*555`)"
        } else {
            "has characters other than digits, spaces, dashes, dots and brackets"
        });
    }
    let rest = if plus != "+" {
        rest.to_string()
    } else {
        rest.replacen("(0)", "", 1)
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err("has no digits");
    }
    Ok(format!("{plus}{digits}"))
}

#[cfg(test)]
mod tests {
    use super::dialled;

    #[test]
    fn numbers_keep_only_what_is_dialled() {
        assert_eq!(dialled("0800 543 354", true), Ok("0800543354".into()));
        assert_eq!(dialled("+64 (4) 123-4567", true), Ok("+6441234567".into()));
        assert!(dialled("0800 HELP", true).is_err());
        assert!(dialled("1737; x", true).is_err());
        assert!(dialled(" - ", true).is_err());
        for other_script in ["0800 ٤٥٦ ٧٨٩", "0800１２３４"] {
            assert_eq!(
                dialled(other_script, true),
                Err(
                    "has digits written in another script, which a phone link cannot dial: write them as 0–9"
                )
            );
        }
        // The `(0)` of a number written for callers at home and abroad is not dialled.
        assert_eq!(dialled("+64 (0)9 123-4567", true), Ok("+6491234567".into()));
        assert_eq!(dialled("(09) 123 4567", true), Ok("091234567".into()));
        assert_eq!(dialled("", true), Err("is empty"));
        // Star codes dial from a phone link, not from a text link; any space is a space.
        assert_eq!(dialled("*555", true), Ok("*555".into()));
        assert!(dialled("*555", false).is_err());
        assert!(dialled("5*55", true).is_err());
        assert_eq!(
            dialled("0800\u{a0}543\u{202f}354", false),
            Ok("0800543354".into())
        );
        assert_eq!(
            dialled("++--..()", true),
            Err("has a `+` after its start (a `+` may only begin an international number)")
        );
    }
}
