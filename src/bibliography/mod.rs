//! References: reading bibliography files and formatting citations and reference lists with a
//! real citation style (APA 7 by default).
//!
//! The stages, one module each:
//! - `bibtex` reads a `.bib` file's entries, with `@string` macros put in and `crossref` /
//!   `xdata` inherited (bounded: no macro or link can make it loop or blow up);
//! - `latex`, `sentence_case`, `names` and `dates` decode field values as biber and Pandoc
//!   read them;
//! - `csl` maps each entry to a CSL-JSON item, the way Pandoc does (`yaml` does the same for
//!   Hayagriva YAML entries);
//! - `style` loads the CSL style and its locale;
//! - `distinguish` tells works apart in citations (initials, added names) and `year_letters`
//!   gives 2019a, 2019b;
//! - `format` formats citations and reference lists with hayagriva's CSL engine, and `html`
//!   writes them as HTML.
//!
//! Why CSL-JSON: hayagriva's own entry model drops or cannot express much of what
//! bibliographies hold (data sets, magazine articles, publication status, particles...), and
//! its BibLaTeX conversion is lossy; with Pandoc's mapping fed in as CSL-JSON, the same engine
//! formats 231 of the 267 real-world entries of `../shared/citations/real-world` as Pandoc
//! does, against 105 with hayagriva's own conversion. docs/citations.md ("Design") has the
//! figures and where each remaining correction lives.

mod bibtex;
mod csl;
mod csl_json;
mod dates;
mod distinguish;
mod format;
mod html;
mod latex;
mod marks;
mod names;
mod sentence_case;
mod style;
mod yaml;
mod year_letters;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use hayagriva::citationberg::json::Item;

use crate::config::Config;
use crate::support::diagnostic::{Code, Diagnostic, LineIndex};

pub use distinguish::distinguish_page;
pub use format::{FormattedBibliography, FormattedWork, format};
pub use style::CitationStyle;

/// Every work in the site's bibliography files, as CSL-JSON items.
#[derive(Default)]
pub struct Library {
    items: Vec<Item>,
    /// Key → position in `items`.
    index: HashMap<String, usize>,
    /// Key → the file it came from.
    sources: HashMap<String, PathBuf>,
}

impl Library {
    pub fn keys(&self) -> HashSet<String> {
        self.sources.keys().cloned().collect()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn get(&self, key: &str) -> Option<&Item> {
        self.items.get(*self.index.get(key)?)
    }

    /// Keys in the order the files list them.
    fn keys_in_order(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|item| match item.0.get("id") {
            Some(hayagriva::citationberg::json::Value::String(id)) => Some(id.as_str()),
            _ => None,
        })
    }

    fn push(&mut self, key: String, item: Item, file: &Path) {
        self.index.insert(key.clone(), self.items.len());
        self.items.push(item);
        self.sources.insert(key, file.to_path_buf());
    }
}

/// Reads every file named by `bibliography:` in site.yaml.
/// Problems (errors, and warnings for what is printed differently) come back with it.
pub fn load(config: &Config) -> (Library, Vec<Diagnostic>) {
    let mut library = Library::default();
    let mut errors = Vec::new();
    for file in &config.bibliography.files {
        let path = config.root.join(file);
        let text = match crate::support::source::read_site_file(&config.root, &path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    errors.push(
                        Diagnostic::error(
                            Code::Bibliography,
                            "this bibliography file is not valid UTF-8",
                        )
                        .in_file(file),
                    );
                    continue;
                }
            },
            Err(e) => {
                errors.push(
                    config
                        .at_key(
                            Diagnostic::error(Code::Bibliography, format!("cannot read the bibliography file {}: {e}", file.display())),
                            "bibliography",
                        )
                        .with_hint("fix the path under `bibliography:` in site.yaml (it is relative to the site's folder)"),
                );
                continue;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let entries = match extension(file).as_str() {
            "bib" | "bibtex" | "biblatex" => read_bib(file, text, &mut errors),
            "yaml" | "yml" => read_yaml(file, text, &mut errors),
            "json" => read_csl_json(file, text, &mut errors),
            other => {
                errors.push(
                    Diagnostic::error(
                        Code::Bibliography,
                        format!("cannot read `.{other}` bibliography files"),
                    )
                    .in_file(file)
                    .with_hint(
                        "use BibTeX/BibLaTeX (.bib), CSL-JSON (.json) or Hayagriva YAML (.yaml)",
                    ),
                );
                continue;
            }
        };
        for (key, item) in entries {
            if let Some(first) = library.sources.get(&key) {
                errors.push(
                    Diagnostic::error(
                        Code::DuplicateKey,
                        format!(
                            "the key `{key}` is in both {} and {}",
                            first.display(),
                            file.display()
                        ),
                    )
                    .in_file(file)
                    .with_hint(
                        "keys must be unique across all bibliography files; rename or remove one",
                    ),
                );
                continue;
            }
            library.push(key, item, file);
        }
    }
    (library, errors)
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// A problem of a `.bib` or `.json` file as a diagnostic at its place.
/// `lines` is the file's, made once for all its problems (a file may have thousands).
fn diagnostic_at(
    file: &Path,
    lines: &LineIndex,
    problem: bibtex::Problem,
    error: bool,
) -> Diagnostic {
    let (line, column) = lines.line_col(problem.offset);
    let diagnostic = if error {
        Diagnostic::error(Code::Bibliography, problem.message)
    } else {
        Diagnostic::warning(Code::Bibliography, problem.message)
    };
    let mut d = diagnostic.in_file(file).with_hint(problem.hint);
    d.line = line;
    d.column = column;
    if let Some(text) = lines.line(line) {
        d.set_source_line(text);
    }
    d
}

/// A CSL-JSON file's items as (key, item); problems go to `diagnostics`.
fn read_csl_json(
    file: &Path,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Item)> {
    let (mut problems, mut warnings) = (Vec::new(), Vec::new());
    let items = csl_json::read(text, &mut problems, &mut warnings);
    let lines = LineIndex::new(text);
    diagnostics.extend(
        problems
            .into_iter()
            .map(|p| diagnostic_at(file, &lines, p, true)),
    );
    diagnostics.extend(
        warnings
            .into_iter()
            .map(|p| diagnostic_at(file, &lines, p, false)),
    );
    items
}

/// A `.bib` file's entries as (key, item); problems go to `diagnostics`.
fn read_bib(file: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, Item)> {
    let mut problems = Vec::new();
    let entries = bibtex::read(text, &mut problems);
    let lines = LineIndex::new(text);
    diagnostics.extend(
        problems
            .into_iter()
            .map(|p| diagnostic_at(file, &lines, p, true)),
    );
    let mut warnings = Vec::new();
    let items = entries
        .iter()
        .map(|entry| (entry.key.clone(), csl::from_bib(entry, &mut warnings)))
        .collect();
    diagnostics.extend(
        warnings
            .into_iter()
            .map(|p| diagnostic_at(file, &lines, p, false)),
    );
    items
}

fn read_yaml(file: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, Item)> {
    match hayagriva::io::from_yaml_str(text) {
        Ok(library) => library
            .iter()
            .map(|e| e.key().to_string())
            .zip(yaml::items(&library, text))
            .collect(),
        Err(e) => {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            let message = e.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            diagnostics.push(
                Diagnostic::error(
                    Code::Bibliography,
                    format!("this Hayagriva YAML file cannot be read: {message}"),
                )
                .in_file(file)
                .at(text, line, column),
            );
            Vec::new()
        }
    }
}
