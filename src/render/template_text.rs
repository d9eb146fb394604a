//! What attach-gen reads from the text of a theme's templates itself, rather than through Tera:
//! the ids they write, the values they print unescaped with `| safe`, and where a template
//! includes or extends another (to place a loop of them at a line).

/// The values of the `id` attributes written literally in a template's text: `id="main"`,
/// `id='x'` or `id=x`. An id made by the template (`id="{{ r.id }}"`) is not one of them.
pub fn literal_ids(text: &str) -> impl Iterator<Item = String> + '_ {
    let bytes = text.as_bytes();
    text.match_indices("id=")
        .filter(move |(at, _)| *at > 0 && bytes[at - 1].is_ascii_whitespace())
        .filter_map(move |(at, _)| {
            let rest = &text[at + 3..];
            let value = match rest.chars().next()? {
                quote @ ('"' | '\'') => rest[1..].split(quote).next()?,
                _ => rest.split(|c: char| c.is_whitespace() || c == '>').next()?,
            };
            (!value.is_empty() && !value.contains(['{', '}'])).then(|| value.to_string())
        })
}

/// The variables attach-gen fills with ready-made HTML (see docs/templates.md): the only ones a
/// template should print with `| safe`. Matched on the last part of the expression, so that
/// `r.html` in a loop over `page.references` counts.
const HTML_FIELDS: &[&str] = &[
    "content",
    "html",
    "json_ld",
    "title_html",
    "description_html",
    "content_note_html",
    "name_html",
    "text_html",
    "note_html",
    "inline_styles",
];

/// Every `{{ expression | safe }}` whose expression is not one of the HTML fields: plain text
/// (a title, a category name, a front matter `extra` value) printed as HTML, so that a `<` in
/// it becomes markup and a page's editor can put a script on the page. Returns the byte offset
/// of each `{{` and its expression.
pub fn unsafe_prints(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let Some(close) = text[open..].find("}}").map(|i| open + i) else {
            break;
        };
        from = close + 2;
        let inside = text[open + 2..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let mut parts = inside.split('|').map(str::trim);
        let expression = parts.next().unwrap_or_default();
        if !parts.any(|filter| filter == "safe") {
            continue;
        }
        let last = expression
            .rsplit(['.', '[', ']', '"', '\''])
            .find(|part| !part.is_empty())
            .unwrap_or(expression);
        // `t_html.<key>`: a theme word as HTML (see docs/templates.md); `l.t_html.<key>` is
        // one in another language (the 404 page's `other_languages`, one name before it):
        // `page.extra.t_html.note` is a front matter value, not a theme word.
        let theme_word = expression.starts_with("t_html.")
            || expression.starts_with("t_html[")
            || [".t_html.", ".t_html["].iter().any(|word| {
                expression
                    .split_once(word)
                    .is_some_and(|(before, _)| !before.is_empty() && !before.contains('.'))
            });
        if !HTML_FIELDS.contains(&last) && !theme_word {
            found.push((open, expression.to_string()));
        }
    }
    found
}

/// The byte offset of the statement in `text` that includes or extends `target`
/// (`{% include "target" %}`, `{% extends 'target' %}`).
pub fn statement_naming(text: &str, target: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = text[from..].find("{%").map(|i| from + i) {
        // The closing `%}` comes after the opening `{%` (in `{%}` they share the `%`).
        let close = text[open + 2..]
            .find("%}")
            .map_or(text.len(), |i| open + 2 + i);
        from = close.max(open + 2);
        let statement = &text[open..close];
        let names_target = [format!("\"{target}\""), format!("'{target}'")]
            .iter()
            .any(|quoted| statement.contains(quoted.as_str()));
        if names_target && (statement.contains("include") || statement.contains("extends")) {
            return Some(open);
        }
    }
    None
}

/// The most turns nested loops over literal ranges may take in one template: ten million, far
/// beyond any real listing and about a second of rendering.
pub const MAX_LOOP_TURNS: u128 = 10_000_000;

/// Loops over literal ranges (`{% for i in range(end=99999) %}`) nested so deep that together
/// they would turn more than [`MAX_LOOP_TURNS`] times: the byte offset of the innermost `{%`
/// that passes the limit, and how many turns the nest would take. Such a template would fill
/// memory or run for hours, so it is refused before rendering. Loops over the site's own data
/// (`pages`, `categories`) are bounded by the site and not counted.
pub fn runaway_loops(text: &str) -> Vec<(usize, u128)> {
    let mut found = Vec::new();
    // The number of turns of each open `for` (1 when it does not loop over a literal range).
    let mut open: Vec<u128> = Vec::new();
    for (start, statement) in statements(text) {
        match statement.split_whitespace().next().unwrap_or_default() {
            "for" => {
                let turns = statement
                    .split_once(" in ")
                    .and_then(|(_, iterable)| range_length(iterable))
                    .unwrap_or(1);
                open.push(turns.max(1));
                let total = open
                    .iter()
                    .try_fold(1u128, |product, turns| product.checked_mul(*turns))
                    .unwrap_or(u128::MAX);
                if total > MAX_LOOP_TURNS && turns > 1 {
                    found.push((start, total));
                }
            }
            "endfor" => {
                open.pop();
            }
            _ => {}
        }
    }
    found
}

/// Each `{% statement %}` of `text` Tera reads: its byte offset and what is inside, trimmed
/// (of `-` too). Comments (`{# #}`) and what a `{% raw %}` holds are skipped; the `raw` and
/// `endraw` statements themselves are given.
fn statements(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    let mut in_raw = false;
    std::iter::from_fn(move || {
        while let Some(start) = text.get(from..)?.find('{').map(|i| from + i) {
            let rest = &text[start..];
            if let Some(comment) = rest.strip_prefix("{#") {
                from = comment.find("#}").map_or(text.len(), |i| start + 2 + i + 2);
                continue;
            }
            let Some(inside) = rest.strip_prefix("{%") else {
                from = start + 1;
                continue;
            };
            // The closing `%}` comes after the opening `{%` (in `{%}` they share the `%`).
            let end = inside.find("%}").map_or(text.len(), |i| start + 2 + i);
            from = (end + 2).min(text.len());
            let statement =
                text[start + 2..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
            match statement.split_whitespace().next().unwrap_or_default() {
                "raw" => in_raw = true,
                "endraw" => in_raw = false,
                _ if in_raw => continue,
                _ => {}
            }
            return Some((start, statement));
        }
        None
    })
}

/// The template `text` extends (`{% extends "base.html" %}`), if it extends one.
pub fn extended(text: &str) -> Option<&str> {
    statements(text).find_map(|(_, statement)| {
        let name = statement.strip_prefix("extends")?.trim();
        name.strip_prefix('"')
            .and_then(|n| n.strip_suffix('"'))
            .or_else(|| name.strip_prefix('\'')?.strip_suffix('\''))
    })
}

/// The names of the blocks `text` defines (`{% block main %}`), in order.
pub fn block_names(text: &str) -> Vec<&str> {
    statements(text)
        .filter_map(|(_, statement)| {
            let mut words = statement.split_whitespace();
            (words.next() == Some("block")).then(|| words.next())?
        })
        .collect()
}

/// The `{{` or `{%` that `text` ends inside, with no `}}` or `%}` after it: its byte offset and
/// which it is. A `{{` in a comment or in what a `{% raw %}` holds is text, no tag. (A `{#`
/// comment left open is Tera's own "Closing comment tag" error.)
pub fn unterminated_tag(text: &str) -> Option<(usize, &'static str)> {
    let mut from = 0;
    let mut in_raw = false;
    while let Some(start) = text.get(from..)?.find('{').map(|i| from + i) {
        let rest = &text[start..];
        let (opener, closer) = match rest.get(..2) {
            Some("{%") => ("{%", "%}"),
            Some("{{") if !in_raw => ("{{", "}}"),
            Some("{#") if !in_raw => ("{#", "#}"),
            _ => {
                from = start + 1;
                continue;
            }
        };
        // `{%}` shares its `%`: the closer must come after the opener.
        let Some(length) = rest[2..].find(closer) else {
            return (opener != "{#").then_some((start, opener));
        };
        if opener == "{%" {
            let statement =
                rest[2..2 + length].trim_matches(|c: char| c == '-' || c.is_whitespace());
            match statement.split_whitespace().next() {
                Some("raw") => in_raw = true,
                Some("endraw") => in_raw = false,
                _ => {}
            }
        }
        from = start + 2 + length + 2;
    }
    None
}

/// A statement that opens a body closed by its own end tag: `{% if %}`, `{% for %}`...
pub struct OpenStatement<'a> {
    /// `if`, `for`, `block`, `filter`, `set`, `component` or `raw`.
    pub keyword: &'a str,
    /// The block's name, for `block` (`main`); empty for the others.
    pub name: &'a str,
    /// The byte offset of its `{%`.
    pub offset: usize,
}

/// The statements still open at byte `upto` of `text` (no end tag of theirs before it),
/// outermost first: what a template that ends early, or closes the wrong one, left open.
pub fn open_statements(text: &str, upto: usize) -> Vec<OpenStatement<'_>> {
    let mut open: Vec<OpenStatement> = Vec::new();
    for (offset, statement) in statements(text).take_while(|&(offset, _)| offset < upto) {
        let mut words = statement.split_whitespace();
        let keyword = words.next().unwrap_or_default();
        // `{% set x = 1 %}` sets a value; `{% set x %}...{% endset %}` captures a body.
        let opens = match keyword {
            "if" | "for" | "block" | "filter" | "component" | "raw" => true,
            "set" | "set_global" => !statement.contains('='),
            _ => false,
        };
        if opens {
            let keyword = if keyword == "set_global" {
                "set"
            } else {
                keyword
            };
            let name = if keyword == "block" {
                words.next().unwrap_or_default()
            } else {
                ""
            };
            open.push(OpenStatement {
                keyword,
                name,
                offset,
            });
        } else if let Some(closed) = keyword.strip_prefix("end") {
            // Tera stops at the first end tag that does not match; this one is closed only
            // when it is the innermost.
            if open.last().is_some_and(|last| last.keyword == closed) {
                open.pop();
            }
        }
    }
    open
}

/// How many values `range(start=a, end=b, step_by=c)` gives, when every argument it has is a
/// whole number written out.
fn range_length(expression: &str) -> Option<u128> {
    let inside = expression.trim().strip_prefix("range(")?;
    let inside = inside.rsplit_once(')')?.0;
    let (mut start, mut end, mut step) = (0i128, None, 1i128);
    for argument in inside.split(',') {
        let (name, value) = argument.split_once('=')?;
        let value: i128 = value.trim().parse().ok()?;
        match name.trim() {
            "start" => start = value,
            "end" => end = Some(value),
            "step_by" => step = value,
            _ => return None,
        }
    }
    let span = end?.checked_sub(start)?;
    if step == 0 || (span > 0) != (step > 0) {
        return Some(0);
    }
    Some((span.unsigned_abs()).div_ceil(step.unsigned_abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_left_open_is_not_one_in_raw_text_or_a_comment() {
        assert_eq!(unterminated_tag("a {{ b }} {% if x"), Some((10, "{%")));
        assert_eq!(
            unterminated_tag("{{ x }} ā {{ page.title"),
            Some((11, "{{"))
        );
        // A raw `{{` (Vue, Handlebars, Tera shown as code) or one in a comment is text.
        assert_eq!(
            unterminated_tag("{% raw %}{{ {% endraw %}{# {{ #}{% if x %}"),
            None
        );
        assert_eq!(
            unterminated_tag("{% raw %}{{{% endraw %}{{ x"),
            Some((23, "{{"))
        );
        assert_eq!(unterminated_tag("{# open"), None);
    }

    #[test]
    fn literal_ids_are_read_from_the_templates() {
        let found: Vec<String> = literal_ids(
            "<a id=\"x\"><b id='y'><i id=z>{% if r.id %} id=\"{{ r.id }}\"{% endif %}<p data-id=\"no\" grid=\"no\">",
        )
        .collect();
        assert_eq!(found, ["x", "y", "z"]);
    }

    #[test]
    fn only_html_fields_may_be_printed_safe() {
        let text = "{{ page.content | safe }}{{ r.html|safe }}{{ page.json_ld | safe }}\
            {{ page.title | safe }}{{- page.extra.note | upper | safe -}}{{ site.title }}\
            {{ t_html.references | safe }}{{ t.references | safe }}\
            {{ l.t_html.not_found | safe }}{{ l.t.not_found | safe }}\
            {{ other_languages[0].t_html.not_found | safe }}\
            {{ page.extra.t_html.note | safe }}{{ page.extra[\"t_html\"].note | safe }}";
        let found: Vec<String> = unsafe_prints(text).into_iter().map(|(_, e)| e).collect();
        assert_eq!(
            found,
            [
                "page.title",
                "page.extra.note",
                "t.references",
                "l.t.not_found",
                "page.extra.t_html.note",
                "page.extra[\"t_html\"].note"
            ]
        );
    }

    #[test]
    fn nested_literal_ranges_past_the_limit_are_found() {
        let text = "{% for i in range(end=99999) %}\n{%- for j in range(start=1, end=100000, step_by=1) -%}x{% endfor %}{% endfor %}";
        assert_eq!(runaway_loops(text), [(32, 99_999 * 99_999)]);
        // Loops over data, small nests and loops in raw blocks or comments pass.
        let fine = "{% for p in pages %}{% for i in range(end=1000) %}{% for q in pages %}{% endfor %}{% endfor %}{% endfor %}\
            {% for i in range(end=1000) %}{% endfor %}{% for i in range(end=1000) %}{% endfor %}\
            {% raw %}{% for i in range(end=99999) %}{% for i in range(end=99999) %}{% endraw %}\
            {# {% for i in range(end=99999) %}{% for i in range(end=99999) %} #}";
        assert_eq!(runaway_loops(fine), []);
        assert_eq!(range_length("range(end=10, step_by=3)"), Some(4));
        assert_eq!(range_length("range(start=10, end=0, step_by=-2)"), Some(5));
        assert_eq!(range_length("range(end=n)"), None);
    }

    #[test]
    fn a_brace_and_percent_sign_sharing_a_percent_are_not_a_statement() {
        // Found by fuzzing: `{{%}` made the statement's end come before its start.
        for text in [
            "{{%}</ul>",
            "{%}",
            "{#}",
            "{%",
            "{#",
            "{% for x in range(end=9) %}{%}",
        ] {
            assert_eq!(runaway_loops(text), [], "{text}");
            assert_eq!(statement_naming(text, "a.html"), None, "{text}");
            assert_eq!(unsafe_prints(text), [], "{text}");
        }
    }

    #[test]
    fn include_and_extends_statements_are_found() {
        let text = "<p>\n{% include \"b.html\" %}\n{% extends 'c.html' %}";
        assert_eq!(statement_naming(text, "b.html"), Some(4));
        assert_eq!(statement_naming(text, "c.html"), Some(27));
        assert_eq!(statement_naming(text, "d.html"), None);
    }
}
