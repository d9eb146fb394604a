//! What the built site will hold, for links to it that are not to a page's `.md` file: a link to
//! a leaflet in `static/` (`/files/leaflet.pdf`), a page bundle's file, a page's URL or a
//! generated page (`/categories/wellbeing/`). Known before any page's Markdown is rendered, so
//! such links are checked (and a link from the site's root rewritten to work under `base_url`'s
//! path) while rendering.

use std::collections::{HashMap, HashSet};

use crate::site::urls::{RESERVED_SECTIONS, Taken};
use crate::support::urls::written_file;

/// Every file the site will have, by site-relative path.
#[derive(Default)]
pub struct SiteFiles {
    /// Pages' and aliases' `index.html` (or alias file), static files, bundle files.
    files: HashSet<String>,
    /// First parts of the paths attach-gen writes itself (`categories`, `search`, ...), whose
    /// every page is not listed here; under a language's prefix too.
    generated: Vec<String>,
    /// Those written only at the site's root (`glossary`, `reviews`).
    root_only: Vec<String>,
    /// The categories that get a page (their URL parts), once known: under `categories/` only
    /// those are pages.
    categories: Option<std::collections::HashSet<String>>,
    /// Language prefixes (`mi/`), under which the generated sections are written again.
    prefixes: Vec<String>,
    /// File name → paths with it, for "did you mean": made when a link first needs it (few
    /// sites have a broken one).
    by_name: std::sync::OnceLock<HashMap<String, Vec<String>>>,
    /// Bundle files by their path under `content/` → where each is published: a relative link
    /// is read from the Markdown file first, as an image is (see [`SiteFiles::beside_source`]).
    bundle_sources: HashMap<String, String>,
    /// The bundles' folders under `content/` (`walk/`), whose every page has its files beside it.
    bundle_folders: HashSet<String>,
    /// The other way: output path → the bundle's file under `content/`.
    bundle_outputs: HashMap<String, String>,
}

impl SiteFiles {
    /// `urls` and `aliases` are the pages' (URLs, empty for a refused page); `static_files`
    /// and `bundle_files` output paths.
    pub fn new<'a>(
        urls: &[String],
        aliases: &[Vec<String>],
        static_files: impl IntoIterator<Item = &'a String>,
        bundle_files: impl IntoIterator<Item = &'a String>,
        (taken, languages): (&Taken, &[crate::config::Language]),
    ) -> SiteFiles {
        let mut files: HashSet<String> = urls
            .iter()
            .chain(aliases.iter().flatten())
            .filter(|url| !url.is_empty())
            .map(|url| written_file(url))
            .collect();
        files.extend(static_files.into_iter().cloned());
        files.extend(bundle_files.into_iter().cloned());
        SiteFiles {
            files,
            generated: RESERVED_SECTIONS.iter().map(|s| s.to_string()).collect(),
            root_only: taken.optional_sections().map(str::to_string).collect(),
            prefixes: languages.iter().skip(1).map(|l| l.prefix.clone()).collect(),
            by_name: std::sync::OnceLock::new(),
            categories: None,
            bundle_sources: HashMap::new(),
            bundle_folders: HashSet::new(),
            bundle_outputs: HashMap::new(),
        }
    }

    /// Sets the bundles' files (path under `content/` → output path, refused ones included
    /// with where they would have gone)
    /// and their folders under `content/`, each ending in `/`.
    pub fn set_bundles(&mut self, sources: HashMap<String, String>, folders: HashSet<String>) {
        self.bundle_outputs.clear();
        for (source, output) in &sources {
            let known = self.bundle_outputs.entry(output.clone()).or_default();
            if known.is_empty() || source < known {
                *known = source.clone();
            }
        }
        self.bundle_sources = sources;
        self.bundle_folders = folders;
    }

    /// The path under `content/` of the bundle's file published at `output`, if it is one.
    pub fn bundle_source_of(&self, output: &str) -> Option<&str> {
        self.bundle_outputs.get(output).map(String::as_str)
    }

    /// Whether the page at `rel_path` (under `content/`) is in a bundle's folder, so files
    /// beside it are published.
    pub fn in_a_bundle(&self, rel_path: &str) -> bool {
        rel_path
            .rfind('/')
            .is_some_and(|cut| self.bundle_folders.contains(&rel_path[..=cut]))
    }

    /// The file of the site that `source`, a path under `content/` a page's link resolves to
    /// from the Markdown file, is published as: a bundle's file (from a page beside the
    /// bundle's `index.md`, or a translation of it, whose URLs are not that folder), or a
    /// static file at that path (`content/` and `static/` are one tree), as images are looked
    /// up. Pages and generated pages are not: a link to one is read as the browser reads it.
    pub fn beside_source(&self, source: &str) -> Option<&str> {
        if let Some(output) = self.bundle_sources.get(source) {
            return Some(output);
        }
        self.files
            .get(source)
            .filter(|file| !file.ends_with("index.html") && !source.is_empty())
            .map(String::as_str)
    }

    /// Sets the categories that get a page (their URL parts).
    pub fn set_categories(&mut self, slugs: impl IntoIterator<Item = String>) {
        self.categories = Some(slugs.into_iter().collect());
    }

    /// Whether the site-relative `target` (a file, or a folder URL ending in `/`) will be in
    /// the built site.
    pub fn has(&self, target: &str) -> bool {
        let target = target.trim_start_matches('/');
        if self.files.contains(&written_file(target)) || self.files.contains(target) {
            return true;
        }
        // A folder URL written without its `/` (`guides/sleep`): hosts redirect to the folder.
        if !target.ends_with('/') && self.files.contains(&format!("{target}/index.html")) {
            return true;
        }
        // A language's home page, with or without its `/`.
        if self
            .prefixes
            .iter()
            .any(|prefix| prefix.trim_end_matches('/') == target.trim_end_matches('/'))
        {
            return true;
        }
        let (rest, at_root) = match self
            .prefixes
            .iter()
            .find_map(|prefix| target.strip_prefix(prefix.as_str()))
        {
            Some(rest) => (rest, false),
            None => (target, true),
        };
        let mut parts = rest.split('/');
        let first = parts.next().unwrap_or_default();
        if first == "categories"
            && let (Some(categories), Some(slug)) =
                (&self.categories, parts.next().filter(|s| !s.is_empty()))
        {
            return categories.contains(slug);
        }
        rest.is_empty()
            || self.generated.iter().any(|section| section == first)
            || (at_root && self.root_only.iter().any(|section| section == first))
    }

    /// A file of the site with the same name as `target` (a leaflet linked from the wrong
    /// folder), when there is one.
    pub fn same_name(&self, target: &str) -> Option<&str> {
        let name = target.trim_end_matches('/').rsplit('/').next()?;
        let by_name = self.by_name.get_or_init(|| {
            let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
            for file in &self.files {
                let name = file.rsplit('/').next().unwrap_or(file);
                if name != "index.html" {
                    by_name
                        .entry(name.to_lowercase())
                        .or_default()
                        .push(file.clone());
                }
            }
            for paths in by_name.values_mut() {
                paths.sort();
            }
            by_name
        });
        by_name
            .get(&name.to_lowercase())
            .and_then(|paths| paths.first())
            .map(String::as_str)
    }

    /// A hash of what links are checked against, for `serve`'s cache of rendered pages.
    pub fn fingerprint(&self) -> u64 {
        let mut files: Vec<&String> = self.files.iter().collect();
        files.sort_unstable();
        let mut categories: Vec<&String> = self.categories.iter().flatten().collect();
        categories.sort_unstable();
        crate::site::cache::hash_of(&(
            files,
            &self.generated,
            &self.root_only,
            &self.prefixes,
            categories,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_files_and_generated_sections_are_known() {
        let config = crate::config::parse(std::path::Path::new("."), "title: T\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
        let statics: HashSet<String> = ["files/leaflet.pdf".to_string()].into();
        let taken = Taken::new(&config, &statics);
        let files = SiteFiles::new(
            &["guides/sleep/".into(), String::new()],
            &[vec!["old/".into()], vec![]],
            &statics,
            &["guides/sleep/chart.png".to_string()],
            (&taken, &[]),
        );
        for known in [
            "files/leaflet.pdf",
            "guides/sleep/",
            "guides/sleep",
            "guides/sleep/index.html",
            "guides/sleep/chart.png",
            "old/",
            "",
            "categories/wellbeing/",
            "search/",
            "atom.xml",
        ] {
            assert!(files.has(known), "{known}");
        }
        for unknown in [
            "files/leaflet.PDF",
            "guides/",
            "guides/files/leaflet.pdf",
            "glossary/",
        ] {
            assert!(!files.has(unknown), "{unknown}");
        }
        assert_eq!(
            files.same_name("guides/files/leaflet.pdf"),
            Some("files/leaflet.pdf")
        );

        // Under a language's prefix: its home page (with or without its `/`) and the sections
        // written for every language, not those written only at the root.
        let config =
            crate::config::parse(std::path::Path::new("."), "title: T\nglossary: g.yaml\n")
                .unwrap_or_else(|e| panic!("{e:?}"));
        let taken = Taken::new(&config, &statics);
        let language = |code: &str, prefix: &str| crate::config::Language {
            code: code.into(),
            name: code.into(),
            prefix: prefix.into(),
        };
        let files = SiteFiles::new(
            &["mi/moe/".into()],
            &[vec![]],
            &statics,
            &Vec::<String>::new(),
            (&taken, &[language("en", ""), language("mi", "mi/")]),
        );
        for known in ["mi", "mi/", "mi/moe/", "mi/search/", "glossary/"] {
            assert!(files.has(known), "{known}");
        }
        assert!(!files.has("mi/glossary/"));
        let mut files = files;
        files.set_categories(["wellbeing".to_string()]);
        for known in [
            "categories/",
            "categories/wellbeing/",
            "mi/categories/wellbeing/page/2/",
        ] {
            assert!(files.has(known), "{known}");
        }
        assert!(!files.has("categories/nope/") && !files.has("mi/categories/Wellbeing/"));
    }
}
