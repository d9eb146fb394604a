//! Citations as a page writes them (`[see @bowlby1973, p. 42]`, `@walker2017`): what Markdown
//! parsing finds and the bibliography formats. Their own module, so that neither of those two
//! stages depends on the other for it.

/// A locator such as "p. 42": the kind (a CSL locator term) and the value as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Locator {
    pub kind: &'static str,
    pub value: String,
}

/// One work cited, with what surrounds it in the citation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CiteItem {
    pub key: String,
    pub prefix: Option<String>,
    pub locator: Option<Locator>,
    pub suffix: Option<String>,
    /// `[-@key]`: only the year.
    pub suppress_author: bool,
    /// How the citation tells this work from others on its page (set after parsing, by
    /// `bibliography::distinguish_page`).
    pub form: CiteForm,
}

/// One citation as written: a bracketed group or a bare `@key` in running text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Citation {
    pub items: Vec<CiteItem>,
    /// A bare `@key`: the author's name is part of the sentence, "Bowlby (1973)".
    pub narrative: bool,
}

/// How a work's citation differs from the style's plain form, to tell it from other works on
/// its page (APA 8.18–8.20).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CiteForm {
    /// The first author's initials are shown.
    pub initials: bool,
    /// This many names are shown before "et al." (0: as the style says).
    pub names: u8,
    /// How an organisation with an abbreviation is named (APA 8.21; see
    /// `bibliography::group_authors`).
    pub group: GroupForm,
}

/// How a citation names an organisation whose abbreviation the bibliography gives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupForm {
    /// Its name alone, as the reference list has it.
    #[default]
    Full,
    /// Its name with the abbreviation defined: the page's first citation of it.
    Defined,
    /// The abbreviation alone: the page's later citations.
    Abbreviated,
}

impl CiteForm {
    pub fn is_plain(self) -> bool {
        self == CiteForm::default()
    }
}
