//! `help:` in site.yaml: the "Need help now?" box every page shows, with phone and text
//! numbers a reader in crisis can tap. A number with letters in it cannot be dialled from a
//! link, so it is an error at its line.

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::text::nfc;

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
    /// `tel:0800543354`: digits only (and a leading `+`), what a phone dials.
    pub phone_href: Option<String>,
    /// `sms:1737`.
    pub sms_href: Option<String>,
}

/// `help:` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HelpField {
    #[serde(default = "default_title")]
    title: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    contacts: Vec<ContactField>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactField {
    name: String,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    sms: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

fn default_title() -> String {
    "Need help now?".into()
}

/// Why `help:` was not taken: a message about the whole key, or errors placed at a number.
pub enum HelpError {
    Message(String),
    Numbers(Vec<Diagnostic>),
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
    let mut errors = Vec::new();
    let mut contacts = Vec::with_capacity(field.contacts.len());
    // Each contact's mistakes are looked for below the previous contact's name, so that a
    // number written twice (`+`, `111#`) is shown at its own contact, not at the first.
    let mut previous = 0;
    for contact in field.contacts {
        let from = previous + 1;
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
                    errors.push(config.at_value_from(d, "help", near, from));
                    None
                }
            }
        };
        let phone_href = href(&contact.phone, "tel", "phone");
        let sms_href = href(&contact.sms, "sms", "text");
        if let Some(at) = config.key_lines.locate_from("help", &contact.name, from) {
            previous = at.line;
        }
        contacts.push(HelpContact {
            name: nfc(&contact.name),
            name_html: None,
            note_html: None,
            phone: contact.phone,
            sms: contact.sms,
            note: contact.note.map(|n| nfc(&n)),
            phone_href,
            sms_href,
        });
    }
    if !errors.is_empty() {
        return Err(HelpError::Numbers(errors));
    }
    Ok(Some(Help {
        title: nfc(&field.title),
        title_html: None,
        text: field.text.map(|t| nfc(&t)),
        text_html: None,
        contacts,
    }))
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
