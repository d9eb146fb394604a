//! Template problems as diagnostics at the template's file, line and column: Tera's errors,
//! loops of includes, runaway loops and `| safe` on plain text.

use crate::render::template_text;
use crate::render::theme::TemplateSource;
use crate::support::diagnostic::{Code, Diagnostic, LineIndex, line_col};

/// A warning for each value `source` prints with `| safe` that is not one of the HTML fields.
pub fn unsafe_print_warnings(source: &TemplateSource) -> Vec<Diagnostic> {
    let found = template_text::unsafe_prints(&source.text);
    if found.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(&source.text);
    found
        .into_iter()
        .map(|(offset, expression)| {
            let (line, column) = lines.line_col(offset);
            Diagnostic::warning(
                Code::UnsafeTemplate,
                format!(
                    "in template `{}`: `{expression} | safe` prints plain text as HTML, so a `<` in it becomes markup and can run a script",
                    source.name
                ),
            )
            .in_file(&source.shown)
            .at(&source.text, line, column)
            .with_hint("remove `| safe`: only `page.content`, `page.json_ld`, the `html` of references and works, and `inline_styles` (CSS) are markup")
        })
        .collect()
}

/// An error at each nest of loops in `source` that would turn more than
/// [`template_text::MAX_LOOP_TURNS`] times.
pub fn runaway_loop_errors(source: &TemplateSource) -> Vec<Diagnostic> {
    template_text::runaway_loops(&source.text)
        .into_iter()
        .map(|(offset, turns)| {
            let (line, column) = line_col(&source.text, offset);
            Diagnostic::error(
                Code::Template,
                format!(
                    "in template `{}`: these nested loops would turn {turns} times, more than the {} a template may take",
                    source.name,
                    template_text::MAX_LOOP_TURNS
                ),
            )
            .in_file(&source.shown)
            .at(&source.text, line, column)
            .with_hint("loop over the site's data (`pages`, `categories`), or give `range(...)` a smaller `end`")
        })
        .collect()
}

/// Tera's "Circular include/extend detected for template 'a.html'. Include chain:
/// `["a.html", "b.html", "a.html"]`" as the loop it describes, `a.html → b.html → a.html`,
/// placed at the statement in the first template that starts it.
fn template_cycle(text: &str, files: &[TemplateSource]) -> Option<Diagnostic> {
    let kind = if text.contains("Circular include") {
        "include"
    } else if text.contains("Circular extend") {
        "extend"
    } else {
        return None;
    };
    let start = text.split('\'').nth(1)?;
    let list = text.split("`[").nth(1)?.split("]`").next()?;
    let mut chain: Vec<&str> = list
        .split(',')
        .map(|name| name.trim().trim_matches('"'))
        .filter(|name| !name.is_empty())
        .collect();
    if chain.first() != Some(&start) {
        chain.insert(0, start);
    }
    if chain.last() != Some(&start) || chain.len() == 1 {
        chain.push(start);
    }
    let statement = if kind == "include" {
        "include"
    } else {
        "extends"
    };
    let message = if chain.len() == 2 {
        format!("the template `{start}` {statement} itself")
    } else {
        format!(
            "templates {kind} each other in a loop: {}",
            chain.join(" → ")
        )
    };
    let mut d = Diagnostic::error(Code::Template, message).with_hint(format!(
        "a template cannot {kind} itself, directly or through others: remove one of these `{{% {statement} %}}` statements"
    ));
    if let Some(source) = files.iter().find(|s| s.name == start) {
        d = d.in_file(&source.shown);
        if let Some(offset) = template_text::statement_naming(&source.text, chain[1]) {
            let (line, column) = line_col(&source.text, offset);
            d = d.at(&source.text, line, column);
        }
    }
    Some(d)
}

/// A Tera error as a diagnostic at the template's file, line and column.
pub fn template_error(error: &tera::Error, files: &[TemplateSource]) -> Diagnostic {
    let file_of = |name: &str| files.iter().find(|s| s.name == name);
    if let Some(cycle) = template_cycle(&error.to_string(), files) {
        return cycle;
    }
    if let Some(missing) = missing_parent(&error.to_string(), files) {
        return missing;
    }
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let mut d = Diagnostic::error(
                Code::Template,
                format!("in template `{}`: {}", report.filename(), report.message()),
            );
            if let Some(source) = file_of(report.filename()) {
                d = d
                    .in_file(&source.shown)
                    .at(&source.text, span.start_line, span.start_col + 1);
            }
            // The line split at the error: Tera's column counts characters, not bytes
            // (`ā {% macro %}`).
            let (before, rest) = file_of(report.filename())
                .and_then(|source| source.text.lines().nth(span.start_line.checked_sub(1)?))
                .and_then(|line| {
                    let (at, _) = line.char_indices().nth(span.start_col)?;
                    Some((line.get(..at)?, line.get(at..)?))
                })
                .unzip();
            let tag = rest.map(|rest| {
                rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or_default()
            });
            // What is still open where Tera stopped: a tag closed in the wrong order, or a
            // template that ends before its end tags.
            let open = file_of(report.filename()).map(|source| {
                let upto = offset_at(&source.text, span.start_line, span.start_col);
                (source, template_text::open_statements(&source.text, upto))
            });
            let hint = match (report.message(), tag) {
                ("Unknown tag", Some(tag)) => open
                    .and_then(|(source, open)| misclosed_hint(tag, &source.text, &open))
                    .or_else(|| Some(unknown_tag_hint(tag))),
                ("Unexpected end of input", _) => {
                    open.and_then(|(source, open)| unclosed_hint(&source.text, &open))
                }
                (message, _) => unnamed_argument_hint(message, before.unwrap_or_default())
                    .or_else(|| report_hint(message, files)),
            };
            match hint {
                Some(hint) => d.with_hint(hint),
                None => d,
            }
        }
        _ => {
            // Load-time checks (an unknown filter, a missing parent) come as text holding a
            // rustc-style report; its `--> name:line:col` line still tells us where.
            let text = error.to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
            let place = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("--> "))
                .and_then(|place| {
                    let mut parts = place.rsplitn(3, ':');
                    let column: usize = parts.next()?.parse().ok()?;
                    let line: usize = parts.next()?.parse().ok()?;
                    Some((parts.next()?.to_string(), line, column))
                });
            let d = match &place {
                Some((name, line, column)) => {
                    let mut d =
                        Diagnostic::error(Code::Template, format!("in template `{name}`: {first}"));
                    if let Some(source) = file_of(name) {
                        d = d.in_file(&source.shown).at(&source.text, *line, *column);
                    }
                    d
                }
                None => Diagnostic::error(Code::Template, format!("template error: {first}")),
            };
            let hint = unknown_name_hint(&first)
                .or_else(|| report_hint(&first, files))
                .or_else(|| {
                    let (name, ..) = place.as_ref()?;
                    unknown_block_hint(&first, name, files)
                });
            match hint {
                Some(hint) => d.with_hint(hint),
                None => d,
            }
        }
    }
}

/// Tera's "Template 'page.html' is inheriting from 'nope.html', which doesn't exist or isn't
/// loaded." (it names no line) as an error at the `{% extends %}` that names the missing one.
fn missing_parent(text: &str, files: &[TemplateSource]) -> Option<Diagnostic> {
    let rest = text.split("Template '").nth(1)?;
    let (child, rest) = rest.split_once("' is inheriting from '")?;
    let (parent, _) = rest.split_once("', which doesn't exist")?;
    let mut d = Diagnostic::error(
        Code::Template,
        format!("in template `{child}`: it extends `{parent}`, which is not a template of the site or its theme"),
    )
    .with_hint(template_names_hint(parent, files));
    if let Some(source) = files.iter().find(|s| s.name == child) {
        d = d.in_file(&source.shown);
        if let Some(offset) = template_text::statement_naming(&source.text, parent) {
            let (line, column) = line_col(&source.text, offset);
            d = d.at(&source.text, line, column);
        }
    }
    Some(d)
}

/// The byte offset of `column` (in characters, from 0) of `line` (from 1) of `text`; the end
/// of the text for a place past it (where Tera reports "Unexpected end of input").
fn offset_at(text: &str, line: usize, column: usize) -> usize {
    let Some(start) = line.checked_sub(1).and_then(|skip| match skip {
        0 => Some(0),
        _ => text.match_indices('\n').nth(skip - 1).map(|(at, _)| at + 1),
    }) else {
        return text.len();
    };
    text[start..]
        .char_indices()
        .nth(column)
        .map_or(text.len(), |(at, _)| start + at)
}

/// `{% if %}` (line 3), as an open statement is named in a hint.
fn named_statement(text: &str, statement: &template_text::OpenStatement) -> String {
    let (line, _) = line_col(text, statement.offset);
    match statement.name {
        "" => format!("`{{% {} %}}` (line {line})", statement.keyword),
        name => format!("`{{% {} {name} %}}` (line {line})", statement.keyword),
    }
}

/// For an end tag Tera does not take (`{% endblock %}` while a `{% for %}` inside the block
/// is open): the statement still open, which must be closed first. Tera's own message
/// ("Unknown tag") said nothing of it, and the hint for an end tag with nothing to close
/// would be wrong: its statement is open, further out.
fn misclosed_hint(tag: &str, text: &str, open: &[template_text::OpenStatement]) -> Option<String> {
    let closed = tag.strip_prefix("end")?;
    let innermost = open.last()?;
    if innermost.keyword == closed || !open.iter().any(|o| o.keyword == closed) {
        return None;
    }
    Some(format!(
        "{} is still open here: close it with `{{% end{} %}}` before this `{{% {tag} %}}`",
        named_statement(text, innermost),
        innermost.keyword
    ))
}

/// For a template that ends early ("Unexpected end of input"): a `{{` or `{%` it ends inside
/// (no `}}` or `%}` after it), then each statement left open, innermost first, with the end
/// tag it needs.
fn unclosed_hint(text: &str, open: &[template_text::OpenStatement]) -> Option<String> {
    let unterminated = template_text::unterminated_tag(text);
    let mut each: Vec<String> = Vec::new();
    if let Some((offset, opener)) = unterminated {
        let (line, _) = line_col(text, offset);
        let closer = if opener == "{{" { "}}" } else { "%}" };
        each.push(format!("`{opener}` (line {line}) needs `{closer}`"));
    }
    // The statement a `{%` left unterminated would open (`{% if x`) is not open yet.
    let before = unterminated.map_or(usize::MAX, |(offset, _)| offset);
    each.extend(open.iter().rev().filter(|o| o.offset < before).map(|o| {
        format!(
            "{} needs `{{% end{} %}}`",
            named_statement(text, o),
            o.keyword
        )
    }));
    if each.is_empty() {
        return None;
    }
    let order = if each.len() > 1 {
        " (innermost first)"
    } else {
        ""
    };
    Some(format!(
        "the template ends before what it opens is closed: {}{order}",
        each.join(", then ")
    ))
}

/// For "Block `x` is not defined in any parent template": the blocks the templates `child`
/// extends do define (the nearest first), since a child template can only fill those.
fn unknown_block_hint(message: &str, child: &str, files: &[TemplateSource]) -> Option<String> {
    let written = message.strip_prefix("Block `")?.split('`').next()?;
    let file = |name: &str| files.iter().find(|s| s.name == name);
    let mut names: Vec<&str> = Vec::new();
    let mut chain: Vec<&str> = Vec::new();
    let mut parent = template_text::extended(&file(child)?.text);
    // Each parent once: a loop of extends is reported on its own.
    while let Some(name) = parent.filter(|name| !chain.contains(name)) {
        chain.push(name);
        let Some(source) = file(name) else { break };
        names.extend(template_text::block_names(&source.text));
        parent = template_text::extended(&source.text);
    }
    names.sort_unstable();
    names.dedup();
    let parents = ticked(&chain);
    let list = if names.is_empty() {
        format!("there is no block to fill in {parents}")
    } else {
        format!("the blocks to fill, from {parents}: {}", ticked(&names))
    };
    Some(
        match crate::support::diagnostic::closest(written, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? {list}"),
            None => format!("a child template can only fill its parent's blocks; {list}"),
        },
    )
}

/// Tera 1 and Jinja pass a test's, filter's or function's arguments by place
/// (`is ending_with("?")`, `default("none")`); Tera 2 names each one, and its message
/// ("Found string but expected identifier") does not say so. `before` is the line up to the
/// error.
fn unnamed_argument_hint(message: &str, before: &str) -> Option<String> {
    let expects_name = message.starts_with("Found ")
        && message
            .trim_end_matches('.')
            .ends_with("but expected identifier");
    let call = before.trim_end().strip_suffix('(')?;
    let called: String = call
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (expects_name && !called.is_empty()).then(|| {
        format!(
            "Tera 2 names every argument: write `{called}(name=value)` with the name Tera's documentation gives `{called}` (`ending_with(pat=\"?\")`, `default(value=\"\")`, `truncate(length=20)`), not the value alone as Tera 1 and Jinja allow"
        )
    })
}

/// The help for a message Tera gives at a line: the templates there are, for an unknown one
/// (`{% include "nope.html" %}`); the range Tera holds, for a whole number past it.
fn report_hint(message: &str, files: &[TemplateSource]) -> Option<String> {
    if message == "Invalid Integer" {
        return Some(format!(
            "a whole number in a template must be from {} to {}: write a smaller one",
            i64::MIN,
            i64::MAX
        ));
    }
    let name = message
        .strip_prefix("Unknown template `")?
        .strip_suffix('`')?;
    Some(template_names_hint(name, files))
}

/// Tera 2's tags, for "Unknown tag" (`{% macro %}`, `{% endfor %}` with no `for`, a Liquid
/// `{% assign %}`).
const TAGS: &[&str] = &[
    "block",
    "break",
    "component",
    "continue",
    "extends",
    "filter",
    "for",
    "if",
    "include",
    "raw",
    "set",
    "set_global",
];

/// The help for `{% tag %}` that Tera does not know: macros are gone from Tera 2, and a
/// misspelt tag gets the nearest one; each with the tags there are.
fn unknown_tag_hint(tag: &str) -> String {
    let all = ticked(TAGS);
    let list = format!("the tags there are: {all} (each block one closed by its `end` tag)");
    match tag {
        "macro" | "import" | "endmacro" => format!(
            "Tera 2 has no macros: put the piece in a template of its own and `{{% include %}}` it; {list}"
        ),
        "assign" | "capture" => format!("`{tag}` is Liquid's: Tera writes it `set`; {list}"),
        "unless" | "case" => format!("`{tag}` is Liquid's: Tera writes it with `if`; {list}"),
        "elif" => format!(
            "`elif` belongs inside an `{{% if %}}` before its `{{% endif %}}`, and none is open here; {list}"
        ),
        "else" => format!(
            "`else` belongs inside an `{{% if %}}` or a `{{% for %}}`, before its end tag, and none is open here; {list}"
        ),
        _ if tag.len() > 3 && tag.starts_with("end") => format!(
            "`{tag}` has no `{{% {} %}}` open before it to close: take it out, or add the `{}`",
            &tag[3..],
            &tag[3..]
        ),
        _ => match crate::support::diagnostic::closest(tag, TAGS.iter().copied()) {
            Some(near) if !tag.is_empty() => format!("did you mean `{near}`? {list}"),
            _ => list,
        },
    }
}

/// `names` in backticks, separated by commas: `` `for`, `if` ``.
fn ticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "did you mean `base.html`?" and the names `{% include %}` and `{% extends %}` may give:
/// the templates of the site's `templates/` and of its theme, as named under those folders.
fn template_names_hint(written: &str, files: &[TemplateSource]) -> String {
    let mut names: Vec<&str> = files.iter().map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let near = crate::support::diagnostic::closest(written, names.iter().copied());
    let all = ticked(&names);
    let list =
        format!("name a template by its path under templates/ (the site's or the theme's): {all}");
    match near {
        Some(near) => format!("did you mean `{near}`? {list}"),
        None => list,
    }
}

/// Tera's built-in filters, tests and functions (tera 2.4; attach-gen registers none of its
/// own). Tera keeps its list private, so it is written here; a unit test checks each name
/// against Tera itself.
const FILTERS: &[&str] = &[
    "abs",
    "capitalize",
    "default",
    "escape",
    "escape_html",
    "escape_xml",
    "first",
    "float",
    "get",
    "group_by",
    "indent",
    "int",
    "join",
    "keys",
    "last",
    "length",
    "lower",
    "newlines_to_br",
    "nth",
    "pairs",
    "pluralize",
    "replace",
    "reverse",
    "round",
    "safe",
    "sort",
    "split",
    "str",
    "title",
    "trim",
    "trim_end",
    "trim_start",
    "truncate",
    "unique",
    "upper",
    "values",
    "wordcount",
];
const TESTS: &[&str] = &[
    "array",
    "bool",
    "containing",
    "defined",
    "divisible_by",
    "ending_with",
    "even",
    "float",
    "integer",
    "iterable",
    "map",
    "none",
    "number",
    "odd",
    "starting_with",
    "string",
    "undefined",
];
const FUNCTIONS: &[&str] = &["range", "throw"];

/// Names other template languages (Liquid, Jinja, Tera 1) give filters that Tera has under
/// another name, too far off by spelling for [`closest`] to find.
///
/// [`closest`]: crate::support::diagnostic::closest
const FILTERS_ELSEWHERE: &[(&str, &str)] = &[
    ("capfirst", "capitalize"),
    ("count", "length"),
    ("downcase", "lower"),
    ("linebreaksbr", "newlines_to_br"),
    ("lowercase", "lower"),
    ("lstrip", "trim_start"),
    ("rstrip", "trim_end"),
    ("size", "length"),
    ("strip", "trim"),
    ("upcase", "upper"),
    ("uppercase", "upper"),
];

/// For Tera's "Unknown filter `x`" (or test, or function): the nearest name that exists
/// ("did you mean `upper`?") and all that do, so a misspelt or borrowed name can be fixed.
fn unknown_name_hint(message: &str) -> Option<String> {
    let (kind, names, elsewhere) = [
        ("filter", FILTERS, FILTERS_ELSEWHERE),
        ("test", TESTS, &[][..]),
        ("function", FUNCTIONS, &[][..]),
    ]
    .into_iter()
    .find(|(kind, ..)| message.starts_with(&format!("Unknown {kind} `")))?;
    let written = message
        .strip_prefix(&format!("Unknown {kind} `"))?
        .split('`')
        .next()?;
    let near = elsewhere
        .iter()
        .find(|(other, _)| *other == written)
        .map(|(_, ours)| *ours)
        .or_else(|| crate::support::diagnostic::closest(written, names.iter().copied()));
    let all = ticked(names);
    let list = format!("the {kind}s there are: {all} (Tera's own; attach-gen adds none)");
    Some(match near {
        Some(near) => format!("did you mean `{near}`? {list}"),
        None => list,
    })
}

#[cfg(test)]
mod tests {
    use crate::render::theme::TemplateSource;

    /// The hint attach-gen gives for the templates `files` (name, text), which Tera refuses.
    fn hint_for(files: &[(&str, &str)]) -> (usize, Option<String>) {
        let sources: Vec<TemplateSource> = files
            .iter()
            .map(|(name, text)| TemplateSource {
                name: name.to_string(),
                shown: std::path::PathBuf::from("templates").join(name),
                text: text.to_string(),
            })
            .collect();
        let mut tera = tera::Tera::new();
        let Err(error) = tera.add_raw_templates(files.iter().copied()) else {
            panic!("Tera took {files:?}");
        };
        let d = super::template_error(&error, &sources);
        (d.line, d.hint)
    }

    #[test]
    fn statements_left_open_are_named_with_their_end_tags() {
        let base = ("base.html", "{% block main %}{% endblock %}");
        // The template ends with a block and an if open.
        let (_, hint) = hint_for(&[
            base,
            (
                "page.html",
                "{% extends \"base.html\" %}\n{% block main %}\n{% if x %}<h1>\n",
            ),
        ]);
        assert_eq!(
            hint.as_deref(),
            Some(
                "the template ends before what it opens is closed: `{% if %}` (line 3) needs `{% endif %}`, then `{% block main %}` (line 2) needs `{% endblock %}` (innermost first)"
            )
        );
        // A template ending inside a tag: the tag first, then what is open before it.
        for (last, first) in [
            ("<h1>{{ page.title\n", "`{{` (line 3) needs `}}`"),
            ("<h1>{% if x\n", "`{%` (line 3) needs `%}`"),
        ] {
            let (_, hint) = hint_for(&[
                base,
                (
                    "page.html",
                    &format!("{{% extends \"base.html\" %}}\n{{% block main %}}\n{last}"),
                ),
            ]);
            assert_eq!(
                hint,
                Some(format!(
                    "the template ends before what it opens is closed: {first}, then `{{% block main %}}` (line 2) needs `{{% endblock %}}` (innermost first)"
                ))
            );
        }
        // A block closed while a loop inside it is open: the loop needs closing first (the
        // block is open, so "no block open before it" would be wrong).
        let (line, hint) = hint_for(&[
            base,
            (
                "page.html",
                "{% extends \"base.html\" %}\n{% block main %}\n{% for x in y %}ā\n{% endblock %}\n",
            ),
        ]);
        assert_eq!(line, 4);
        assert_eq!(
            hint.as_deref(),
            Some(
                "`{% for %}` (line 3) is still open here: close it with `{% endfor %}` before this `{% endblock %}`"
            )
        );
        // An end tag with nothing of its kind open keeps its own hint; statements in comments
        // and raw blocks do not count.
        let (_, hint) = hint_for(&[(
            "page.html",
            "{# {% for x in y %} #}{% raw %}{% for %}{% endraw %}{% if a %}{% endfor %}{% endif %}",
        )]);
        assert!(hint.is_some_and(|h| h.starts_with("`endfor` has no `{% for %}` open")));
    }

    #[test]
    fn a_block_the_parents_lack_gets_theirs() {
        let files = [
            (
                "base.html",
                "{% block head %}{% endblock %}{% block main %}{% endblock %}",
            ),
            (
                "mid.html",
                "{% extends 'base.html' %}{% block main %}{% block inner %}{% endblock %}{% endblock %}",
            ),
            (
                "page.html",
                "{% extends \"mid.html\" %}\n{% block mian %}x{% endblock %}",
            ),
        ];
        let (line, hint) = hint_for(&files);
        assert_eq!(line, 2);
        assert_eq!(
            hint.as_deref(),
            Some(
                "did you mean `main`? the blocks to fill, from `mid.html`, `base.html`: `head`, `inner`, `main`"
            )
        );
        let (_, hint) = hint_for(&[
            ("base.html", "<p>no blocks</p>"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block main %}x{% endblock %}",
            ),
        ]);
        assert_eq!(
            hint.as_deref(),
            Some(
                "a child template can only fill its parent's blocks; there is no block to fill in `base.html`"
            )
        );
    }

    #[test]
    fn an_argument_without_its_name_gets_the_named_form() {
        let found = "Found string but expected identifier.";
        let hint = super::unnamed_argument_hint(found, "{% if x is ending_with(");
        assert!(hint.is_some_and(|h| {
            h.starts_with("Tera 2 names every argument: write `ending_with(name=value)`")
        }),);
        assert!(
            super::unnamed_argument_hint(
                "Found integer but expected identifier",
                "{{ x | truncate( "
            )
            .is_some()
        );
        // Not after an opening bracket, or another message: no such hint.
        assert_eq!(super::unnamed_argument_hint(found, "{{ x | f(a=1, "), None);
        assert_eq!(super::unnamed_argument_hint(found, "{{ ("), None);
        assert_eq!(
            super::unnamed_argument_hint("Unknown tag", "{% if f("),
            None
        );
    }

    #[test]
    fn every_name_listed_is_one_tera_has() {
        for filter in super::FILTERS {
            let mut tera = tera::Tera::new();
            let added = tera.add_raw_template("t", &format!("{{{{ x | {filter} }}}}"));
            assert!(added.is_ok(), "filter {filter}: {added:?}");
        }
        for test in super::TESTS {
            let mut tera = tera::Tera::new();
            let added = tera.add_raw_template("t", &format!("{{% if x is {test} %}}{{% endif %}}"));
            assert!(added.is_ok(), "test {test}: {added:?}");
        }
        for function in super::FUNCTIONS {
            let mut tera = tera::Tera::new();
            let added = tera.add_raw_template("t", &format!("{{{{ {function}() }}}}"));
            assert!(added.is_ok(), "function {function}: {added:?}");
        }
        let mut tera = tera::Tera::new();
        assert!(tera.add_raw_template("t", "{{ x | upcase }}").is_err());
        // A tag Tera has is never "Unknown tag", whatever else it finds missing around it.
        for tag in super::TAGS.iter().chain(&["macro"]) {
            let mut tera = tera::Tera::new();
            let added = tera.add_raw_template("t", &format!("{{% {tag} %}}"));
            let unknown = matches!(added, Err(ref e) if format!("{e:?}").contains("Unknown tag"));
            assert_eq!(unknown, *tag == "macro", "tag {tag}: {added:?}");
        }
    }

    #[test]
    fn an_unknown_filter_is_given_the_nearest_and_the_list() {
        let hint = super::unknown_name_hint("Unknown filter `upcase`").unwrap_or_default();
        assert!(
            hint.starts_with("did you mean `upper`? the filters there are: `abs`, "),
            "{hint}"
        );
        let hint = super::unknown_name_hint("Unknown filter `lenght`").unwrap_or_default();
        assert!(hint.starts_with("did you mean `length`?"), "{hint}");
        let hint = super::unknown_name_hint("Unknown filter `markdown`").unwrap_or_default();
        assert!(hint.starts_with("the filters there are: "), "{hint}");
        let hint = super::unknown_name_hint("Unknown test `defind`").unwrap_or_default();
        assert!(
            hint.starts_with("did you mean `defined`? the tests there are:"),
            "{hint}"
        );
        assert_eq!(super::unknown_name_hint("Unexpected end of template"), None);
    }
}
