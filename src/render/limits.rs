//! Rendering one file within limits: at most [`MAX_RENDERED_BYTES`], and a panic inside the
//! template engine caught, each an error naming the template.

use crate::render::template_errors::template_error;
use crate::render::theme::TemplateSource;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::panic::catch_panic;

/// The most a template may write for one file: far above any real page (a 20 MB Markdown page
/// renders to about 25 MB), and far below what would exhaust memory. A template that passes it
/// is looping more than it means to (`{% for i in range(end=99999) %}` twice over is 10 billion
/// turns).
pub const MAX_RENDERED_BYTES: usize = 128 * 1024 * 1024;

/// The diagnostic code of a file that passed [`MAX_RENDERED_BYTES`].
pub const TOO_BIG: Code = Code::TemplateOutputLimit;

/// A buffer that refuses to grow past a limit, so that a runaway template fails with a message
/// instead of taking all memory and aborting.
struct CappedBuffer {
    bytes: Vec<u8>,
    limit: usize,
    exceeded: bool,
}

impl std::io::Write for CappedBuffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len().saturating_add(data.len()) > self.limit {
            self.exceeded = true;
            return Err(std::io::Error::other("the rendered file is too large"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A template error met while writing `path`: the hint says which file it was (a field may
/// be missing on only some pages) and, for a missing field, how to print it only when set.
fn written_at(d: Diagnostic, path: &str) -> Diagnostic {
    if d.hint.is_some() {
        return d;
    }
    let file = if path.is_empty() { "index.html" } else { path };
    // `Field `titel` is not defined. Available fields: categories, ..., title, ...`, and
    // `Variable `pgae` is not defined. Available variables: ..., page, ...` for a name
    // before any dot.
    let variable = d.message.contains("Variable `");
    let (named, available) = if variable {
        ("Variable `", "Available variables: ")
    } else {
        ("Field `", "Available fields: ")
    };
    let unknown = d
        .message
        .split_once(named)
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name);
    let misspelt = unknown
        .zip(d.message.split_once(available))
        .and_then(|(field, (_, known))| {
            crate::support::diagnostic::closest(field, known.split(", ").map(str::trim))
                .map(|near| (field.to_string(), near.to_string()))
        });
    let hint = if let Some((field, near)) = misspelt {
        format!("did you mean `{near}` (not `{field}`)? Met writing `{file}`")
    } else if let Some(name) = unknown.filter(|_| variable) {
        // Not `page.extra.x`'s advice: a name before any dot is a variable of the file.
        format!(
            "met writing `{file}`: `{name}` is not one of its variables (those it has are listed above; docs/templates.md gives each template's); if other files have it, print it inside `{{% if {name} is defined %}}`"
        )
    } else if d.message.contains("is not defined") {
        format!(
            "met writing `{file}`: if the field is spelt right, this file has no value for it; print it only where it is set: `{{% if page.extra.x %}}{{{{ page.extra.x }}}}{{% endif %}}`"
        )
    } else {
        format!("met writing `{file}`")
    };
    d.with_hint(hint)
}

/// Renders `template` for the file at `path` (relative to the output), at most
/// [`MAX_RENDERED_BYTES`] of it. A template error, a file past the limit and a panic inside
/// the template engine are all errors naming the template.
pub fn render_capped(
    tera: &tera::Tera,
    files: &[TemplateSource],
    template: &str,
    ctx: &tera::Context,
    path: &str,
) -> Result<Vec<u8>, Diagnostic> {
    // Files rendered one after another on a thread are alike in size (pages, then listings):
    // sized from the last one, the buffer is seldom grown and copied as the template writes.
    thread_local! {
        static LAST_SIZE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    let expected = LAST_SIZE.with(|last| last.get());
    let mut buffer = CappedBuffer {
        bytes: Vec::with_capacity((expected + expected / 4).clamp(4096, 1024 * 1024)),
        limit: MAX_RENDERED_BYTES,
        exceeded: false,
    };
    let shown = files
        .iter()
        .find(|s| s.name == template)
        .map(|s| s.shown.clone());
    let at_template = |d: Diagnostic| match &shown {
        Some(shown) => d.in_file(shown),
        None => d,
    };
    let watched = crate::support::render_guard::RenderedFile {
        template,
        shown: shown
            .as_deref()
            .and_then(std::path::Path::to_str)
            .unwrap_or(template),
        path,
    };
    let rendered = crate::support::render_guard::watching(&watched, || {
        catch_panic(|| tera.render_to(template, ctx, &mut buffer))
    });
    match rendered {
        Ok(Ok(())) => {
            LAST_SIZE.with(|last| last.set(buffer.bytes.len()));
            Ok(buffer.bytes)
        }
        Ok(Err(_)) if buffer.exceeded => Err(at_template(
            Diagnostic::error(
                TOO_BIG,
                format!(
                    "in template `{template}`: {path} grew past {} MB, the most one file may have",
                    MAX_RENDERED_BYTES / (1024 * 1024)
                ),
            )
            .with_hint("a loop probably repeats far more than meant: look at the `{% for %}` loops (and `range(...)`) of this template and those it extends or includes"),
        )),
        Ok(Err(e)) => Err(written_at(template_error(&e, files), path)),
        Err(panic) => Err(at_template(Diagnostic::error(
            Code::Template,
            format!("in template `{template}`: rendering {path} crashed the template engine ({panic})"),
        )
        .with_hint("this is a bug in Tera or attach-gen; please report it with the template, and simplify the template around what it does last to work around it"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::diagnostic::Code;

    fn hint(message: &str) -> Option<String> {
        written_at(Diagnostic::error(Code::Template, message), "a/index.html").hint
    }

    #[test]
    fn an_unknown_variable_gets_the_nearest_or_what_to_do() {
        assert_eq!(
            hint("in template `page.html`: Variable `pgae` is not defined. Available variables: canonical, page, root, site").as_deref(),
            Some("did you mean `page` (not `pgae`)? Met writing `a/index.html`")
        );
        // Far from every name: not the advice for a missing `page.extra` field.
        let far = hint("in template `page.html`: Variable `no_such_thing` is not defined. Available variables: page, site")
            .unwrap_or_default();
        assert!(
            far.contains("`no_such_thing` is not one of its variables")
                && far.contains("{% if no_such_thing is defined %}")
                && !far.contains("page.extra"),
            "{far}"
        );
        assert_eq!(
            hint("in template `page.html`: Field `titel` is not defined. Available fields: date, title").as_deref(),
            Some("did you mean `title` (not `titel`)? Met writing `a/index.html`")
        );
    }
}
