//! The site's folder: the name of every file and folder attach-gen reads there or writes, in
//! one place.

/// The site's settings; the folder that holds it is the site's folder.
pub const CONFIG_FILE: &str = "site.yaml";
/// The pages, as Markdown files.
pub const CONTENT_DIR: &str = "content";
/// Files copied as they are into the output.
pub const STATIC_DIR: &str = "static";
/// The site's own templates, over the theme's.
pub const TEMPLATES_DIR: &str = "templates";
/// Themes, a folder each.
pub const THEMES_DIR: &str = "themes";
/// The words of a theme per language (`i18n/mi.yaml`), in a theme and in the site over it.
pub const I18N_DIR: &str = "i18n";
/// The folders a build reads (besides site.yaml and the files it names).
pub const SOURCE_DIRS: [&str; 5] = [CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR, I18N_DIR];
/// Where a build writes when not told, inside the site's folder.
pub const OUTPUT_DIR: &str = "output";
/// The file that marks a folder as attach-gen's output.
pub const OUTPUT_MARKER: &str = ".attach-gen-output";
