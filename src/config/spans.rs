//! Language spans in site.yaml's running text: `[Aotearoa]{lang=mi}` in the site's
//! description, a category's description, the banner, the help box and the footer links'
//! names, as in page titles. Each text keeps its plain words (for `<meta>`, feeds and search)
//! and gets its HTML, the spans marked up, when it has any; a mistake in a span is an error
//! at the text's line. (Without spans the braces were printed as written, and te reo in the
//! footer or the help box was announced as English: WCAG 3.1.2.)

use crate::config::Config;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::lang;

/// Reads the spans of every such text of `config`; the errors, placed at their text.
pub fn read(config: &mut Config) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut texts: Vec<(&'static str, &str, &mut String, &mut Option<String>)> = Vec::new();
    if let Some(description) = config.description.as_mut() {
        texts.push((
            "description",
            "description",
            description,
            &mut config.description_html,
        ));
    }
    if let Some(banner) = config.banner.as_mut() {
        texts.push((
            "banner",
            "banner.text",
            &mut banner.text,
            &mut banner.text_html,
        ));
    }
    if let Some(help) = config.help.as_mut() {
        texts.push(("help", "help.title", &mut help.title, &mut help.title_html));
        if let Some(text) = help.text.as_mut() {
            texts.push(("help", "help.text", text, &mut help.text_html));
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
        }
    }
    for link in &mut config.footer_links {
        texts.push((
            "footer",
            "a footer link's name",
            &mut link.name,
            &mut link.name_html,
        ));
    }
    for category in &mut config.categories {
        if let Some(description) = category.description.as_mut() {
            texts.push((
                "categories",
                "a category's description",
                description,
                &mut category.description_html,
            ));
        }
    }
    let mut failed: Vec<(&'static str, String, lang::SpanProblem, &'static str)> = Vec::new();
    for (key, what, text, html) in texts {
        match lang::marked(text) {
            Ok(marked) => {
                *html = marked.html;
                *text = marked.plain;
            }
            Err(problem) => failed.push((key, text.clone(), problem, what)),
        }
    }
    for (key, text, problem, what) in failed {
        let d = Diagnostic::error(Code::Span, format!("{what}: {}", problem.message))
            .with_hint(problem.hint);
        errors.push(config.at_value(d, key, &text));
    }
    errors
}
