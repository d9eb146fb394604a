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
}

/// One citation as written: a bracketed group or a bare `@key` in running text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Citation {
    pub items: Vec<CiteItem>,
    /// A bare `@key`: the author's name is part of the sentence, "Bowlby (1973)".
    pub narrative: bool,
}
