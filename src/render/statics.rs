//! The static files of a build: the built-in theme's, the theme's `static/` and the site's
//! `static/`, and which of them are copied beside the generated files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::render::Theme;
use crate::support::diagnostic::{Code, Diagnostic};

/// Where a static file comes from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// A file of the built-in default theme.
    Builtin(&'static [u8]),
    /// A file under the theme's or the site's `static/` (its full path).
    File(PathBuf),
}

/// The static files of a build: output path → where it comes from (the site's `static/` over
/// the theme's, the theme's over the built-in files), and what was skipped or clashes.
#[derive(Debug, Default)]
pub struct StaticFiles {
    pub files: BTreeMap<String, StaticSource>,
    /// Links and special files skipped (warnings); a file and a folder at one path (errors).
    pub diagnostics: Vec<Diagnostic>,
}

impl StaticFiles {
    /// The text of the static file at `rel` (the site's, or the theme's), if it is UTF-8.
    pub fn text(&self, rel: &str) -> Option<String> {
        match self.files.get(rel)? {
            StaticSource::Builtin(bytes) => String::from_utf8(bytes.to_vec()).ok(),
            StaticSource::File(path) => std::fs::read_to_string(path).ok(),
        }
    }

    /// The static file at `rel` as the user would name it: `static/a.png`, or the built-in
    /// theme's file.
    pub fn shown(&self, root: &Path, rel: &str) -> String {
        match self.files.get(rel) {
            Some(StaticSource::File(path)) => crate::support::source::shown(root, path)
                .display()
                .to_string(),
            _ => format!("{rel} (a file of the built-in theme)"),
        }
    }

    /// The static files this build copies: the built-in theme's, then each static folder's
    /// (later ones replace earlier ones at the same path). A file in one folder where another
    /// has a folder of the same name is an error naming both.
    pub fn gather(root: &Path, theme: &Theme) -> StaticFiles {
        let mut statics = StaticFiles::default();
        for (name, bytes) in theme.builtin_static {
            statics
                .files
                .insert(name.to_string(), StaticSource::Builtin(bytes));
        }
        for dir in &theme.static_dirs {
            let found = crate::support::source::walk(
                root,
                dir,
                &crate::support::source::Rules {
                    hidden: crate::support::source::Hidden::Warn,
                    wanted: |_| true,
                },
            );
            statics.diagnostics.extend(found.diagnostics);
            for (rel, path) in found.files {
                statics.files.insert(rel, StaticSource::File(path));
            }
        }
        let mut clashes = Vec::new();
        for rel in statics.files.keys() {
            for folder in crate::support::urls::folders_of(rel) {
                if statics.files.contains_key(folder) {
                    clashes.push(
                        Diagnostic::error(
                            Code::StaticClash,
                            format!(
                                "{} and {} cannot both be copied: `{folder}` would have to be a file and a folder",
                                statics.shown(root, folder),
                                statics.shown(root, rel)
                            ),
                        )
                        .in_file(statics.shown(root, rel))
                        .with_hint("rename or remove one of them"),
                    );
                }
            }
        }
        clashes.extend(statics.case_clashes(root));
        statics.diagnostics.extend(clashes);
        statics
    }

    /// Errors for static files whose paths differ only in case (`static/Style.css` beside the
    /// theme's `style.css`, `static/A.pdf` beside `static/a.pdf`): where case is ignored (macOS,
    /// Windows, some hosts) one would replace the other, as with a generated file.
    fn case_clashes(&self, root: &Path) -> Vec<Diagnostic> {
        let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for rel in self.files.keys() {
            groups.entry(rel.to_lowercase()).or_default().push(rel);
        }
        let mut clashes = Vec::new();
        for mut group in groups.into_values().filter(|g| g.len() > 1) {
            // A theme's file is the one kept: the error is at the site's own file.
            group.sort_by_cached_key(|rel| self.shown(root, rel).starts_with("static/"));
            let other = group[0];
            for rel in &group[1..] {
                clashes.push(self.case_clash(root, rel, other));
            }
        }
        clashes
    }

    /// The error for the static file `rel`, whose path differs from `other`'s only in case.
    fn case_clash(&self, root: &Path, rel: &str, other: &str) -> Diagnostic {
        let (shown, other_shown) = (self.shown(root, rel), self.shown(root, other));
        let hint = if other_shown.starts_with("static/") {
            "rename one of them, or remove the one that is not wanted".to_string()
        } else {
            format!("to replace the theme's `{other}`, give it that exact name; else rename it")
        };
        Diagnostic::error(
            Code::StaticClash,
            format!(
                "{shown} and {other_shown} differ only in case: where case is ignored (macOS, Windows, some web hosts), one would replace the other"
            ),
        )
        .in_file(&shown)
        .with_hint(hint)
    }

    /// Which static files to copy, given the output paths of the generated files: those at a
    /// generated file's path are left out with a warning; a file where a generated folder goes (or
    /// a folder where a generated file goes) is an error.
    pub fn against_generated<'a>(
        &'a self,
        root: &Path,
        generated: &HashSet<String>,
    ) -> StaticCopies<'a> {
        let statics = self;
        let generated_folders: HashSet<&str> = generated
            .iter()
            .flat_map(|path| crate::support::urls::folders_of(path))
            .collect();
        // Lowercased → as written: a host that ignores case (macOS, Windows, some object
        // stores) would serve one of `Sitemap.xml` and `sitemap.xml` for both.
        let generated_lower: HashMap<String, &str> = generated
            .iter()
            .map(|path| (path.to_lowercase(), path.as_str()))
            .collect();
        let (mut copy, mut warnings, mut errors) = (Vec::new(), Vec::new(), Vec::new());
        for (rel, from) in &statics.files {
            let shown = statics.shown(root, rel);
            let same_but_case = generated_lower
                .get(&rel.to_lowercase())
                .filter(|g| **g != rel.as_str());
            if let Some(written) = same_but_case {
                errors.push(
                    Diagnostic::error(
                        Code::StaticClash,
                        format!("{shown} differs only in case from `{written}`, which attach-gen writes: where case is ignored, one would replace the other"),
                    )
                    .in_file(&shown)
                    .with_hint("rename it, or remove it if it was meant to replace that file"),
                );
            } else if generated.contains(rel) || crate::site::is_sitemap_part(rel) {
                // A part of a split sitemap is kept for the sitemap on any site: one that grows
                // past 50,000 URLs would otherwise lose the file, or fail to build.
                let when = if generated.contains(rel) {
                    "from the site's pages"
                } else {
                    "as a part of the sitemap once the site has more than 50,000 URLs"
                };
                warnings.push(
                    Diagnostic::warning(
                        Code::StaticReplaced,
                        format!("{shown} is not copied: attach-gen writes `{rel}` itself, {when}"),
                    )
                    .in_file(&shown)
                    .with_hint(replaced_hint(rel)),
                );
            } else if generated_folders.contains(rel.as_str()) {
                errors.push(
                    Diagnostic::error(
                        Code::StaticClash,
                        format!("{shown} is a file where attach-gen writes the folder `{rel}/`"),
                    )
                    .in_file(&shown)
                    .with_hint("rename or move it"),
                );
            } else if let Some(file) = crate::support::urls::folders_of(rel)
                .find(|f| generated.contains(*f) || crate::site::is_sitemap_part(f))
            {
                let when = if generated.contains(file) {
                    ""
                } else {
                    " (a part of the sitemap, once the site has more than 50,000 URLs)"
                };
                errors.push(
                Diagnostic::error(
                    Code::StaticClash,
                    format!("{shown} would need `{file}` to be a folder, but attach-gen writes the file `{file}` there{when}"),
                )
                .in_file(&shown)
                .with_hint("rename or move its folder"),
            );
            } else {
                copy.push((rel.as_str(), from));
            }
        }
        StaticCopies {
            copy,
            warnings,
            errors,
        }
    }
}

/// Which static files are copied, and what the generated files leave out.
pub struct StaticCopies<'a> {
    /// Output path and source of each file to copy.
    pub copy: Vec<(&'a str, &'a StaticSource)>,
    /// Files left out because a generated file has their path.
    pub warnings: Vec<Diagnostic>,
    /// Files where a generated folder goes, or under a generated file.
    pub errors: Vec<Diagnostic>,
}

/// What to do about a static file that a generated one replaces.
fn replaced_hint(rel: &str) -> String {
    if rel == "page/1/index.html" || rel.ends_with("/page/1/index.html") {
        return "remove it: attach-gen writes a redirect there, to the listing's first page (as Hugo does)".into();
    }
    let template = match rel {
        "index.html" => Some("index.html"),
        "404.html" => Some("404.html"),
        _ if rel.starts_with("categories/") && rel.ends_with("index.html") => Some("category.html"),
        _ if rel.starts_with("bibliography/") => Some("bibliography.html"),
        _ if rel.ends_with("/index.html") => Some("page.html"),
        _ => None,
    };
    match template {
        Some(template) => format!(
            "remove it; to change that page, override the template `{template}` in templates/"
        ),
        None => "remove it (or rename it, to publish it beside the generated file)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_static_file_in_place_of_a_generated_one_is_told_what_writes_it() {
        for rel in ["page/1/index.html", "categories/sleep/page/1/index.html"] {
            assert!(replaced_hint(rel).contains("a redirect there"), "{rel}");
        }
        assert!(replaced_hint("about/index.html").contains("`page.html`"));
        assert!(replaced_hint("categories/sleep/index.html").contains("`category.html`"));
        assert!(replaced_hint("feed.xml").contains("rename it"));
    }
}
