//! Language spans in site.yaml's running text: `[Aotearoa]{lang=mi}` in the site's
//! description, a category's description, the banner, the help box and the footer links'
//! names, as in page titles. Each text keeps its plain words (for `<meta>`, feeds and search)
//! and gets its HTML, the spans marked up, when it has any; a mistake in a span is an error
//! at the text's line. (Without spans the braces were printed as written, and te reo in the
//! footer or the help box was announced as English: WCAG 3.1.2.)

use crate::config::Config;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::lang;

/// Each running text of site.yaml that may hold spans: its key (for placing an error), what
/// it is (for the message), the text, and its HTML. One list, so that reading spans and marking
/// the glossary's terms see the same texts.
pub type RunningText<'c> = (
    &'static str,
    &'static str,
    &'c mut String,
    &'c mut Option<String>,
);

impl Config {
    pub fn running_texts_mut(&mut self) -> Vec<RunningText<'_>> {
        let mut texts: Vec<RunningText<'_>> =
            vec![("title", "title", &mut self.title, &mut self.title_html)];
        if let Some(description) = self.description.as_mut() {
            texts.push((
                "description",
                "description",
                description,
                &mut self.description_html,
            ));
        }
        if let Some(banner) = self.banner.as_mut() {
            texts.push((
                "banner",
                "banner.text",
                &mut banner.text,
                &mut banner.text_html,
            ));
        }
        if let Some(help) = self.help.as_mut() {
            texts.push(("help", "help.title", &mut help.title, &mut help.title_html));
            if let Some(text) = help.text.as_mut() {
                texts.push(("help", "help.text", text, &mut help.text_html));
            }
            for words in &mut help.in_languages {
                if let Some(title) = words.title.as_mut() {
                    texts.push(("help", "help.title", title, &mut words.title_html));
                }
                if let Some(text) = words.text.as_mut() {
                    texts.push(("help", "help.text", text, &mut words.text_html));
                }
            }
            for contact in &mut help.contacts {
                texts.push((
                    "help",
                    "a help contact's name",
                    &mut contact.name,
                    &mut contact.name_html,
                ));
                if let Some(note) = contact.note.as_mut() {
                    texts.push((
                        "help",
                        "a help contact's note",
                        note,
                        &mut contact.note_html,
                    ));
                }
                for words in &mut contact.in_languages {
                    if let Some(name) = words.name.as_mut() {
                        texts.push(("help", "a help contact's name", name, &mut words.name_html));
                    }
                    if let Some(note) = words.note.as_mut() {
                        texts.push(("help", "a help contact's note", note, &mut words.note_html));
                    }
                }
            }
        }
        for link in &mut self.footer_links {
            texts.push((
                "footer",
                "a footer link's name",
                &mut link.name,
                &mut link.name_html,
            ));
        }
        for category in &mut self.categories {
            if let Some(description) = category.description.as_mut() {
                texts.push((
                    "categories",
                    "a category's description",
                    description,
                    &mut category.description_html,
                ));
            }
        }
        texts
    }
}

/// A warning at the first Markdown (emphasis, code, a link) in each running text of `config`,
/// which is plain text: it would be shown as written, `*very*` with its stars. Read before the
/// spans, so the text is as written in site.yaml.
pub fn markdown_warnings(config: &mut Config) -> Vec<Diagnostic> {
    let found: Vec<(
        &'static str,
        &'static str,
        crate::support::plain_text::Found,
    )> = config
        .running_texts_mut()
        .into_iter()
        .filter_map(|(key, what, text, _)| {
            Some((key, what, crate::support::plain_text::markdown_in(text)?))
        })
        .collect();
    found
        .into_iter()
        .map(|(key, what, found)| {
            // `description`, `help.text`; "a category's description" as it is.
            let what = if what.contains(' ') {
                what.to_string()
            } else {
                format!("`{what}`")
            };
            let (message, hint) = crate::support::plain_text::message_and_hint(&what, &found);
            config.at_value(
                Diagnostic::warning(Code::PlainText, message).with_hint(hint),
                key,
                &found.written,
            )
        })
        .collect()
}

/// Reads the spans of every running text of `config`; the errors, placed at their text. A text
/// that must not be empty (a name, the banner) and holds only an empty span is an error too.
pub fn read(config: &mut Config) -> Vec<Diagnostic> {
    let mut failed: Vec<(&'static str, String, String, String)> = Vec::new();
    for (key, what, text, html) in config.running_texts_mut() {
        match lang::marked(text) {
            Ok(marked) if marked.plain.trim().is_empty() && !text.trim().is_empty() => {
                failed.push((
                    key,
                    text.clone(),
                    format!("{what} has no words outside its span's markup"),
                    "write the words inside the brackets: `[Kia ora]{lang=mi}`".into(),
                ))
            }
            Ok(marked) => {
                *html = marked.html;
                *text = marked.plain;
            }
            Err(problem) => failed.push((
                key,
                text.clone(),
                format!("{what}: {}", problem.message),
                problem.hint,
            )),
        }
    }
    failed
        .into_iter()
        .map(|(key, text, message, hint)| {
            config.at_value(
                Diagnostic::error(Code::Span, message).with_hint(hint),
                key,
                &text,
            )
        })
        .collect()
}
