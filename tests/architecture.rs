//! The shape of the source tree, checked so that it cannot drift: the pipeline's stages import
//! only from themselves and from earlier stages (so there is no cycle between them), no
//! function outside tests is longer than [`MAX_FUNCTION_LINES`], and only `support::panic`
//! swaps the panic hook. See `src/lib.rs` for the stages.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The stages, in pipeline order, and the top-level modules of `src/` that make each. A module
/// may use its own stage and earlier ones, never a later one.
const STAGES: &[(&str, &[&str])] = &[
    ("support", &["support"]),
    ("config", &["config"]),
    ("content", &["content"]),
    // `citation` is what a page cites, the value the bibliography formats.
    ("bibliography", &["citation", "bibliography"]),
    ("site", &["site"]),
    ("render", &["render"]),
    ("output", &["output"]),
    ("pipeline", &["pipeline"]),
    ("commands", &["commands"]),
];

/// The longest a function may be, outside tests.
const MAX_FUNCTION_LINES: usize = 120;

/// Where the panic hook may be swapped: `catch_panic` does it once, for the whole process.
const HOOK_ALLOWED: &[&str] = &["src/support/panic.rs"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/` but `main.rs` (the binary, a crate of its own, which only
/// the function-length rule looks at), with its path relative to the package
/// (`src/site/mod.rs`).
fn source_files() -> Vec<(String, String)> {
    all_source_files()
        .into_iter()
        .filter(|(rel, _)| rel != "src/main.rs")
        .collect()
}

/// Every `.rs` file under `src/`, with its path relative to the package.
fn all_source_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("read src/") {
            let path = entry.expect("read src/").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&src(), &mut paths);
    paths.sort();
    let root = src().parent().map(Path::to_path_buf).unwrap_or_default();
    paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read_to_string(&p).expect("read a source file"))
        })
        .collect()
}

/// The module path of a file: `src/site/urls.rs` → `[site, urls]`, `src/site/mod.rs` →
/// `[site]`, `src/lib.rs` → `[]`.
fn module_path(rel: &str) -> Vec<String> {
    let rel = rel.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// `text` with comments, string literals and character literals blanked out (line breaks
/// kept), so that what remains is code.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, part: &[char]| {
        out.extend(part.iter().map(|c| if *c == '\n' { '\n' } else { ' ' }))
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let previous_is_ident = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if c == '/' && next == Some('/') {
            let end = chars[i..]
                .iter()
                .position(|c| *c == '\n')
                .map_or(chars.len(), |p| i + p);
            blank(&mut out, &chars[i..end]);
            i = end;
        } else if c == '/' && next == Some('*') {
            let (mut depth, mut j) = (0, i);
            while j < chars.len() {
                if chars[j] == '/' && chars.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if chars[j] == '*' && chars.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &chars[i..j.min(chars.len())]);
            i = j;
        } else if (c == 'r' || (c == 'b' && next == Some('r'))) && !previous_is_ident && {
            let start = if c == 'b' { i + 2 } else { i + 1 };
            let hashes = chars[start..].iter().take_while(|c| **c == '#').count();
            chars.get(start + hashes) == Some(&'"')
        } {
            let start = if c == 'b' { i + 2 } else { i + 1 };
            let hashes = chars[start..].iter().take_while(|c| **c == '#').count();
            let mut j = start + hashes + 1;
            while j < chars.len()
                && !(chars[j] == '"'
                    && chars[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|c| **c == '#')
                        .count()
                        == hashes)
            {
                j += 1;
            }
            let end = (j + 1 + hashes).min(chars.len());
            blank(&mut out, &chars[i..end]);
            i = end;
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(chars.len());
            blank(&mut out, &chars[i..end]);
            i = end;
        } else if c == '\'' && next == Some('\\') {
            let end = chars[i + 2..]
                .iter()
                .position(|c| *c == '\'')
                .map_or(chars.len(), |p| i + 3 + p);
            blank(&mut out, &chars[i..end]);
            i = end;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            blank(&mut out, &chars[i..i + 3]);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The byte ranges of `#[cfg(test)]` modules in `code`.
fn test_modules(code: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("#[cfg(test)]") {
        let start = from + found;
        from = start + 1;
        let after = code[start + "#[cfg(test)]".len()..].trim_start();
        if !after.starts_with("mod ") {
            continue;
        }
        let Some(open) = code[start..].find('{').map(|o| start + o) else {
            continue;
        };
        ranges.push(start..matching_brace(code, open));
    }
    ranges
}

/// The offset just past the `}` that closes the `{` at `open`.
fn matching_brace(code: &str, open: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i + 1;
                }
            }
            _ => {}
        }
    }
    code.len()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Each path `code` uses that starts with `crate::` or `super::`, resolved to the top-level
/// module it leads into (`None` for an item of the crate root itself), with its line.
fn top_level_uses(rel: &str, code: &str) -> Vec<(usize, Option<String>, String)> {
    let file_module = module_path(rel);
    // Inline modules (`mod tests { ... }`) add a level for `super::`.
    let mut inline: Vec<std::ops::Range<usize>> = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("mod ") {
        let start = from + found;
        from = start + 4;
        if start > 0 && is_ident(code[..start].chars().next_back().unwrap_or(' ')) {
            continue;
        }
        let rest = &code[start + 4..];
        let name_len = rest
            .chars()
            .take_while(|c| is_ident(*c))
            .map(char::len_utf8)
            .sum::<usize>();
        if rest[name_len..].trim_start().starts_with('{') {
            let open = start + 4 + name_len + rest[name_len..].find('{').unwrap_or(0);
            inline.push(start..matching_brace(code, open));
        }
    }
    let mut uses = Vec::new();
    for (index, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        if index > 0 && is_ident(code[..index].chars().next_back().unwrap_or(' ')) {
            continue;
        }
        let line = code[..index].matches('\n').count() + 1;
        let path: String = code[index..]
            .chars()
            .take_while(|c| is_ident(*c) || *c == ':')
            .collect();
        let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let mut module: Vec<String> = if segments.first() == Some(&"crate") {
            segments.remove(0);
            Vec::new()
        } else {
            let depth = inline.iter().filter(|r| r.contains(&index)).count();
            let mut module = file_module.clone();
            module.extend(std::iter::repeat_n("(inline)".to_string(), depth));
            while segments.first() == Some(&"super") {
                segments.remove(0);
                module.pop();
            }
            module
        };
        if module.is_empty() {
            // From the crate root: the first segment names the top-level module, unless the
            // path is a group (`crate::{a, b}`) or an item of the root.
            match segments.first() {
                Some(first) => module.push(first.to_string()),
                None => module.push("{".to_string()),
            }
        }
        let top = module.first().cloned();
        uses.push((line, top, path));
    }
    uses
}

fn stage_of(module: &str) -> Option<usize> {
    STAGES
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

#[test]
fn every_top_level_module_belongs_to_a_stage() {
    let lib = code_only(&fs::read_to_string(src().join("lib.rs")).expect("read lib.rs"));
    let mut declared = Vec::new();
    for line in lib.lines() {
        let line = line.trim();
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
            .and_then(|rest| rest.strip_suffix(';'))
        {
            declared.push(name.to_string());
        }
    }
    assert!(!declared.is_empty(), "no modules found in lib.rs");
    let unknown: Vec<&String> = declared.iter().filter(|m| stage_of(m).is_none()).collect();
    assert!(
        unknown.is_empty(),
        "modules not in any stage (add them to STAGES in tests/architecture.rs): {unknown:?}"
    );
}

#[test]
fn stages_use_only_themselves_and_earlier_stages() {
    let mut problems = Vec::new();
    // Top-level module → the top-level modules it uses.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in source_files() {
        let Some(own) = module_path(&rel).first().cloned() else {
            continue; // lib.rs: the facade may name every stage
        };
        let own_stage = stage_of(&own);
        let code = code_only(&text);
        for (line, used, path) in top_level_uses(&rel, &code) {
            let Some(used) = used else { continue };
            if used == own {
                continue;
            }
            match (own_stage, stage_of(&used)) {
                (Some(from), Some(to)) if to > from => problems.push(format!(
                    "{rel}:{line}: `{path}`: {} (stage {}) uses {} (stage {}), a later stage",
                    own, STAGES[from].0, used, STAGES[to].0
                )),
                (_, None) => problems.push(format!(
                    "{rel}:{line}: `{path}` uses the crate root: name the item by its module's path"
                )),
                _ => {}
            }
            graph.entry(own.clone()).or_default().insert(used);
        }
    }
    // No cycle between top-level modules (within a stage too).
    fn reaches(
        graph: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        graph.get(from).is_some_and(|next| {
            next.iter()
                .any(|n| n == to || (seen.insert(n.clone()) && reaches(graph, n, to, seen)))
        })
    }
    for module in graph.keys() {
        if reaches(&graph, module, module, &mut BTreeSet::new()) {
            problems.push(format!(
                "`{module}` is part of a cycle of top-level modules: {graph:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every function outside `#[cfg(test)]` modules: its file, name, first line and length.
fn functions() -> Vec<(String, String, usize, usize)> {
    let mut found = Vec::new();
    for (rel, text) in all_source_files() {
        let code = code_only(&text);
        let tests = test_modules(&code);
        for (index, _) in code.match_indices("fn ") {
            if index > 0 && is_ident(code[..index].chars().next_back().unwrap_or(' ')) {
                continue;
            }
            if tests.iter().any(|r| r.contains(&index)) {
                continue;
            }
            let name: String = code[index + 3..]
                .chars()
                .take_while(|c| is_ident(*c))
                .collect();
            if name.is_empty() {
                continue; // `fn(` in a type
            }
            let Some(body) = code[index..].find(['{', ';']).map(|o| index + o) else {
                continue;
            };
            if code[body..].starts_with(';') {
                continue; // a declaration without a body
            }
            let end = matching_brace(&code, body);
            let first = code[..index].matches('\n').count() + 1;
            let last = code[..end].matches('\n').count() + 1;
            found.push((rel.clone(), name, first, last - first + 1));
        }
    }
    found
}

#[test]
fn no_function_outside_tests_is_longer_than_the_limit() {
    let long: Vec<String> = functions()
        .into_iter()
        .filter(|(.., lines)| *lines > MAX_FUNCTION_LINES)
        .map(|(rel, name, line, lines)| format!("{rel}:{line}: `{name}` is {lines} lines long"))
        .collect();
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them into steps):\n{}",
        long.join("\n")
    );
}

#[test]
fn only_catch_panic_swaps_the_panic_hook() {
    let mut found = Vec::new();
    for (rel, text) in source_files() {
        if HOOK_ALLOWED.contains(&rel.as_str()) {
            continue;
        }
        let code = code_only(&text);
        for (index, _) in code
            .match_indices("set_hook")
            .chain(code.match_indices("take_hook"))
        {
            let line = code[..index].matches('\n').count() + 1;
            found.push(format!(
                "{rel}:{line}: use support::panic::catch_panic instead"
            ));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_checks_see_what_they_look_for() {
    // The scanner itself: strings and comments are not code, nested modules count for `super`.
    let code = code_only(
        "let a = \"crate::x {\"; // crate::y\nlet b = r#\"}\"#; let c = '{';\nuse crate::site::Page;\n",
    );
    assert!(!code.contains("crate::x") && !code.contains("crate::y"));
    assert_eq!(code.matches('{').count(), 0);
    let uses = top_level_uses("src/render/mod.rs", &code);
    assert_eq!(
        uses,
        [(3, Some("site".to_string()), "crate::site::Page".to_string())]
    );
    let nested = code_only("mod tests {\n    use super::super::output::X;\n}\n");
    let uses = top_level_uses("src/render/feeds.rs", &nested);
    assert_eq!(uses[0].1.as_deref(), Some("render"));
    let escaped = top_level_uses(
        "src/render/feeds.rs",
        &code_only("use super::super::output::X;\n"),
    );
    assert_eq!(escaped[0].1.as_deref(), Some("output"));
    let lengths = {
        let code = code_only("fn a() {\n}\n#[cfg(test)]\nmod tests {\n    fn b() {}\n}\n");
        let tests = test_modules(&code);
        (tests.len(), code.contains("fn b"))
    };
    assert_eq!(lengths, (1, true));
}
