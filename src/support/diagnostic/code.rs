//! Every kind of finding, by a short stable name: what tools (and `check --format json`)
//! match on, never the message's text. docs/commands.md lists them all (a test compares).

/// Defines [`Code`] from one list: each variant, its name, and what it means.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal,)+) => {
        /// The kind of a [`Diagnostic`](super::Diagnostic).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in alphabetical order of their names.
            pub const ALL: &[Code] = &[$(Code::$variant),+];

            /// The code's name: `front-matter`, `broken-link`, ...
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }
        }
    };
}

codes! {
    /// A page's `aliases:` entry that cannot be used: it collides with a page or another
    /// alias, or (`check`) it no longer leads anywhere.
    Alias = "alias",
    /// An image that cannot be read: not an image, cut short, or too large to decode.
    BadImage = "bad-image",
    /// A `slug`, or a file name made into a URL, that cannot be a URL.
    BadSlug = "bad-slug",
    /// A bibliography file that cannot be read, or an entry in it that cannot be used (a date
    /// that cannot be read is a warning).
    Bibliography = "bibliography",
    /// A link to an `#anchor` that the target page does not have.
    BrokenAnchor = "broken-anchor",
    /// A link to a page that does not exist (an error); a link to a file or URL the site will
    /// not have, such as a leaflet missing from `static/` (a warning).
    BrokenLink = "broken-link",
    /// A file of a page bundle, or a resized copy of an image, at a path another file takes.
    BundleClash = "bundle-clash",
    /// A callout (`> [!NOTE]`) of a kind there is not.
    Callout = "callout",
    /// A category name that makes no URL, one category spelled two ways, or a category
    /// site.yaml does not list.
    Category = "category",
    /// Brackets right after a bare `@key` that are not read as its locator (a link, or
    /// another citation).
    CitationBrackets = "citation-brackets",
    /// `citation_style` names no style that can be used.
    CitationStyle = "citation-style",
    /// A setting of site.yaml that is unknown or has a wrong value.
    Config = "config",
    /// Two works of the bibliography with one key.
    DuplicateKey = "duplicate-key",
    /// A page's `date` or `updated` before 1900 (a `reviewed` or `next_review` that early is
    /// `review-date`).
    EarlyDate = "early-date",
    /// A category site.yaml lists that no page is filed under.
    EmptyCategory = "empty-category",
    /// A heading with no words (`## ` alone, `## ***`): written, but empty to a screen reader.
    EmptyHeading = "empty-heading",
    /// A link with nothing a screen reader can read as its name (`[](page.md)`, or only a
    /// decorative image).
    EmptyLink = "empty-link",
    /// `new`: a title that makes no file name.
    EmptySlug = "empty-slug",
    /// A file that is not UTF-8 text; or (a warning, the file skipped) one whose name is not.
    Encoding = "encoding",
    /// `new`: the page's file exists already.
    Exists = "exists",
    /// A file or folder of `content/`, `static/` or a theme whose name Windows does not allow (`?`,
    /// `:`, a control character...): a warning, the file still built.
    FileName = "file-name",
    /// A footnote reference to a note the page does not have (`[^2]` with no `[^2]: ...`, an
    /// error), or a note nothing refers to (a warning).
    Footnote = "footnote",
    /// A page's front matter: missing, unclosed, not YAML, or a key with a wrong value.
    FrontMatter = "front-matter",
    /// A page's `date` or `updated` after today (after tomorrow in UTC).
    FutureDate = "future-date",
    /// The glossary file: it cannot be read, or a term in it lacks a meaning or a valid `lang`.
    Glossary = "glossary",
    /// A word that equals a glossary term but for its macrons (`whanau` for `whānau`).
    GlossarySpelling = "glossary-spelling",
    /// A heading's `{...}` that sets more than an id and classes.
    HeadingAttribute = "heading-attribute",
    /// A heading that asks for an id another element has.
    HeadingId = "heading-id",
    /// A heading that skips a level (`###` right after the title), or that the page's `#`
    /// headings push down onto the level below it (a warning).
    HeadingLevel = "heading-level",
    /// A hidden file or folder in `static/` (other than `.well-known/`, `.htaccess` and
    /// `.nojekyll`), or a link to one anywhere in the site: not published (skipped).
    HiddenFile = "hidden-file",
    /// A bibliography key that the theme's templates use as an id too.
    IdClash = "id-clash",
    /// The image cache folder cannot be written (a read-only checkout) or is a link: images
    /// are resized in memory for this build; or a cached copy that is a link or not a regular
    /// file, made again.
    ImageCache = "image-cache",
    /// `content/index.md` or an `_index.md`, which Hugo, Zola and Jekyll read as the home page
    /// or a section's introduction, and which here is an ordinary page (a warning saying what
    /// to write instead).
    IndexPage = "index-page",
    /// attach-gen itself stopped on a bug while building; the message says where. Please
    /// report it.
    Internal = "internal",
    /// A control character (U+0001, a vertical tab) or U+FFFE/U+FFFF in a page: no HTML or
    /// feed may hold it, so it is left out (a warning at its place); or, in front matter, a
    /// line or paragraph separator (U+2028, U+2029), a zero-width space (U+200B, U+2060,
    /// U+FEFF) or a direction control (U+202A–U+202E, U+2066–U+2069), kept (a warning).
    InvisibleCharacter = "invisible-character",
    /// A file or folder that cannot be read or written.
    Io = "io",
    /// A link to a draft that is left out of the build.
    LinkToDraft = "link-to-draft",
    /// A link to a page that could not be read (that page's own error says why; `check`
    /// leaves this one out).
    LinkToUnreadable = "link-to-unreadable",
    /// `check`: a sentence longer than `readability.max_sentence_words`.
    LongSentence = "long-sentence",
    /// An image without alt text.
    MissingAlt = "missing-alt",
    /// `check`: a page without a `description`.
    MissingDescription = "missing-description",
    /// An image that is not a file of the site.
    MissingImage = "missing-image",
    /// A link written inside another link (a warning: it is shown as text).
    NestedLink = "nested-link",
    /// site.yaml has no `base_url`.
    NoBaseUrl = "no-base-url",
    /// The site has no `content/` folder.
    NoContent = "no-content",
    /// The folder holds no site.yaml.
    NoSite = "no-site",
    /// A file in `content/` named like a page that is not read as one (`Sleep.MD`,
    /// `sleep.markdown`, `sleep.md.txt`): only names ending in `.md` are pages.
    NotAPage = "not-a-page",
    /// `init`: the folder is not empty.
    NotEmpty = "not-empty",
    /// An output folder that may not be replaced.
    OutputDir = "output-dir",
    /// `new --dir`: a folder outside `content/`.
    Outside = "outside",
    /// A page that still holds the placeholder text `new` wrote.
    Placeholder = "placeholder",
    /// Markdown (emphasis, code or a link) in a value that is plain text, such as a page's
    /// `description` or site.yaml's help box: shown as written, marks and all (a warning).
    PlainText = "plain-text",
    /// Raw HTML a browser reads otherwise than it looks (a warning): an attribute written
    /// twice, a tag cut by a blank line, a form sending what a reader types to another site, a
    /// `<meta>` refresh sending the reader away.
    RawHtml = "raw-html",
    /// `check`: a page's readability figure (a note), or one above `readability.max_grade` (a
    /// warning).
    Readability = "readability",
    /// A review date that cannot be right: `next_review` before `reviewed`, or `reviewed` after
    /// today (errors); `next_review` later than `reviewed` plus `review.interval_months` (a
    /// warning).
    ReviewDate = "review-date",
    /// A page due for review within `review.warn_days` (a note).
    ReviewDueSoon = "review-due-soon",
    /// A page without `reviewed` on a site with `review.require: true`.
    ReviewMissing = "review-missing",
    /// A page past its next review date.
    ReviewOverdue = "review-overdue",
    /// `serve`: the server cannot start.
    Serve = "serve",
    /// A Hugo shortcode (`{{< figure >}}`, `{{% note %}}`) or Jekyll's Liquid (`{% include %}`,
    /// `{{ site.title }}`) in a page's running text: published as written (a warning); also
    /// Hugo's and WordPress's summary divider (`<!--more-->`), which does nothing here.
    Shortcode = "shortcode",
    /// `check`: a category only one page uses, and site.yaml does not list.
    SingleUseCategory = "single-use-category",
    /// A bracketed span (`[words]{lang=mi}`) that sets more than a language and classes, or
    /// names a language tag that is not valid.
    Span = "span",
    /// A named pipe, device or socket where a file should be (skipped).
    SpecialFile = "special-file",
    /// A static file where another file, or a generated one, needs a folder.
    StaticClash = "static-clash",
    /// A static file at the path of a file attach-gen writes itself (not copied).
    StaticReplaced = "static-replaced",
    /// A symbolic link that is not followed (out of the site, or to a folder).
    Symlink = "symlink",
    /// A template that cannot be loaded or rendered.
    Template = "template",
    /// A template that writes a file past the size limit.
    TemplateOutputLimit = "template-output-limit",
    /// `theme` names no theme.
    Theme = "theme",
    /// A theme words file (`i18n/mi.yaml`) that cannot be read, or (a warning) a language
    /// whose file leaves words out, shown in the default language instead.
    ThemeWords = "theme-words",
    /// More problems of one kind in a page than are shown.
    TooMany = "too-many",
    /// A translation (`page.mi.md`) in a language site.yaml's `languages` does not list, or
    /// whose `lang:` says another language than its file name.
    Translation = "translation",
    /// Works of the bibliography that no page cites.
    Uncited = "uncited",
    /// A citation or front matter reference whose key is in no bibliography file.
    UnknownCitation = "unknown-citation",
    /// A `reviewed_by` id that site.yaml's `people` does not declare.
    UnknownReviewer = "unknown-reviewer",
    /// A `[...](...)` that is not a link, printed as written (a warning): its brackets hold
    /// another link or a footnote reference, or its address is not one.
    UnreadLink = "unread-link",
    /// A file of a page bundle that a browser would run as a page or script (HTML, SVG, XML,
    /// JavaScript) on a site with `markdown: {raw_html: false}`: not published.
    UnsafeFile = "unsafe-file",
    /// A link, image, reference or banner link whose address would run a script.
    UnsafeLink = "unsafe-link",
    /// `| safe` on plain text in a template.
    UnsafeTemplate = "unsafe-template",
    /// Two pages that want one URL.
    UrlCollision = "url-collision",
    /// A page URL that attach-gen or a static file uses.
    UrlReserved = "url-reserved",
    /// A usage error: a flag with a wrong value.
    Usage = "usage",
    /// site.yaml that is not valid YAML, or likely mistakes in it.
    Yaml = "yaml",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Codes sort by name, as they read.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn names_are_unique_kebab_case_and_in_order() {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
    }

    #[test]
    fn docs_list_every_code() {
        let docs = include_str!("../../../docs/commands.md");
        let table = docs
            .split("Every code there is")
            .nth(1)
            .and_then(|rest| rest.split("\n\n#").next())
            .unwrap_or_default();
        let documented: Vec<&str> = table
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|rest| rest.split('`').next())
            .collect();
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(documented, names, "docs/commands.md's table of codes");
    }
}
