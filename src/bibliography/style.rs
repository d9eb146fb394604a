//! The citation style: a CSL style hayagriva ships or the site's own `.csl` file, with the
//! locale for the site's language.
//!
//! Four corrections are made here, at the engine's boundary, rather than in hayagriva:
//! - a language with no bundled locale of its own (`en-NZ`, `en-AU`) uses a relative's (en-GB
//!   for English, the first bundled sibling for other languages);
//! - APA is an American style whose manual fixes its abbreviations ("ed.", "Eds.", "2nd ed.",
//!   "Trans.") in every English locale: for APA styles in an English locale other than US
//!   English, the US English terms are used, with the region's quotation marks and dates.
//!   hayagriva's en-GB locale (newer than Pandoc's) says "(Eds)" and "(2nd edn)".
//! - for APA in English, the locale's words for a work's type that are not APA's ("[Video
//!   recording]" for a film with no genre or medium) are left out, as Pandoc prints none.
//! - hayagriva's archived APA style is given the group around "Retrieved" that the CSL
//!   project's current one has, so no "Retrieved" is printed without an access date.

use std::path::Path;

use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::taxonomy::{
    Kind, NameVariable, OtherTerm, StandardVariable, Term, Variable,
};
use hayagriva::citationberg::{
    CitationFormat, DelimiterBehavior, IndependentStyle, LayoutRenderingElement, Locale,
    LocaleCode, NamesChild, Style, StyleCategory, TermForm, TextTarget,
};
use hayagriva::{BibliographyRequest, CitationItem, CitationRequest};

use crate::config::{CitationStyleSource, Config};
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::lang::same_language;

/// A citation style, loaded once per build.
pub struct CitationStyle {
    pub(super) style: IndependentStyle,
    /// The same style without its citation sort, for groups printed in the order written.
    pub(super) unsorted: IndependentStyle,
    pub(super) locales: Vec<Locale>,
    pub(super) locale: LocaleCode,
    /// The style asks for 2019a/2019b; they are assigned in `year_letters` (see there).
    pub(super) year_suffixes: bool,
    /// The style tells works apart by adding names and initials (APA's
    /// `disambiguate-add-names`, `disambiguate-add-givenname`); done in `distinguish`.
    pub(super) add_names: bool,
    pub(super) add_givenname: bool,
    /// An APA style: group authors' abbreviations are defined and used (8.21).
    pub(super) apa: bool,
    /// Author-date (or author, or label) citations: each one's text depends only on itself.
    pub(super) independent_citations: bool,
    /// The style without its reference list, for runs of the engine that format citations
    /// alone: author-date and author styles, whose citations print no citation number (the
    /// one thing the list's order gives them).
    pub(super) without_list: Option<IndependentStyle>,
    /// The locale's quotation marks: outer open and close, inner open and close.
    pub(super) quotes: [String; 4],
    /// The locale's `punctuation-in-quote` (true in en-US, false in en-GB): commas and full
    /// stops after a quotation inside a value go inside its closing mark (see `HtmlWriter`).
    pub(super) punctuation_in_quote: bool,
}

impl std::fmt::Debug for CitationStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CitationStyle")
            .field("title", &self.style.info.title.value)
            .finish()
    }
}

impl CitationStyle {
    /// `citation_style:` from site.yaml: a name hayagriva ships, or a path to a `.csl` file.
    pub fn load(config: &Config) -> Result<CitationStyle, Diagnostic> {
        let mut style = match &config.citation_style {
            CitationStyleSource::File(path) => read_style_file(config, path)?,
            CitationStyleSource::BuiltIn(name) => built_in_style(config, name)?,
        };
        let apa = is_apa(&style);
        let year_suffixes = style.citation.disambiguate_add_year_suffix;
        let add_names = style.citation.disambiguate_add_names;
        let add_givenname = style.citation.disambiguate_add_givenname;
        // These passes are done in `distinguish` and `year_letters`, or not at all.
        style.citation.disambiguate_add_year_suffix = false;
        style.citation.disambiguate_add_givenname = false;
        style.citation.disambiguate_add_names = false;
        // A site with no bibliography decodes no locale (an empty list also tells `in_language`).
        let (locales, locale) = if config.bibliography.files.is_empty() {
            (Vec::new(), LocaleCode(config.language.clone()))
        } else {
            locales_for(&config.language, apa)
        };
        let quotes = quotes(&style, &locales, &locale);
        let punctuation_in_quote = punctuation_in_quote(&style, &locales, &locale);
        let independent_citations = style.info.category.iter().any(|c| {
            matches!(
                c,
                StyleCategory::CitationFormat {
                    format: CitationFormat::AuthorDate
                        | CitationFormat::Author
                        | CitationFormat::Label
                }
            )
        });
        let mut unsorted = style.clone();
        unsorted.citation.sort = None;
        let numberless = style.info.category.iter().any(|c| {
            matches!(
                c,
                StyleCategory::CitationFormat {
                    format: CitationFormat::AuthorDate | CitationFormat::Author
                }
            )
        });
        let without_list = numberless.then(|| IndependentStyle {
            bibliography: None,
            ..style.clone()
        });
        Ok(CitationStyle {
            independent_citations,
            without_list,
            unsorted,
            apa,
            style,
            locales,
            locale,
            year_suffixes,
            add_names,
            add_givenname,
            quotes,
            punctuation_in_quote,
        })
    }
}

impl CitationStyle {
    /// This style in the CSL locale of `language` (a page's), when hayagriva has one for its
    /// language (exactly, or a sibling such as `de-AT` for `de`; English tags follow the site's
    /// rules above); `None` when it has none (`mi`), or when it is the site's locale already.
    pub fn in_language(&self, language: &str) -> Option<CitationStyle> {
        if self.locales.is_empty() || language.eq_ignore_ascii_case(&self.locale.0) {
            return None;
        }
        let bundled = bundled_codes()
            .iter()
            .flatten()
            .any(|code| same_language(code, language));
        if !bundled {
            return None;
        }
        let (locales, locale) = locales_for(language, self.apa);
        Some(CitationStyle {
            style: self.style.clone(),
            unsorted: self.unsorted.clone(),
            quotes: quotes(&self.style, &locales, &locale),
            punctuation_in_quote: punctuation_in_quote(&self.style, &locales, &locale),
            locales,
            locale,
            year_suffixes: self.year_suffixes,
            add_names: self.add_names,
            add_givenname: self.add_givenname,
            apa: self.apa,
            independent_citations: self.independent_citations,
            without_list: self.without_list.clone(),
        })
    }
}

impl CitationStyle {
    /// The language this style's citations and references are written in: its
    /// locale's, when hayagriva bundles one of its language or the style has its own;
    /// otherwise US English, whose words the engine falls back to (a site in `mi`).
    pub fn text_language(&self) -> &str {
        let code = self.locale.0.as_str();
        let own = self
            .style
            .locale
            .iter()
            .any(|l| l.lang.as_ref().is_some_and(|c| same_language(&c.0, code)));
        let bundled = bundled_codes()
            .iter()
            .flatten()
            .any(|c| same_language(c, code));
        if own || bundled { code } else { "en-US" }
    }
}

/// Requests to hayagriva's engine in this style and the site's locale.
impl CitationStyle {
    /// One citation of `items`; `sorted`: the style may sort them (otherwise they stay in
    /// the order given).
    pub(super) fn citation_request<'a>(
        &'a self,
        items: Vec<CitationItem<'a, Item>>,
        sorted: bool,
    ) -> CitationRequest<'a, Item> {
        let csl = if sorted { &self.style } else { &self.unsorted };
        CitationRequest::new(items, csl, Some(self.locale.clone()), &self.locales, None)
    }

    /// What ends a run of the engine: the citations and the reference list are formatted.
    pub(super) fn bibliography_request(&self) -> BibliographyRequest<'_> {
        BibliographyRequest::new(&self.style, Some(self.locale.clone()), &self.locales)
    }

    /// What ends a run of the engine that formats citations alone: with the style's reference
    /// list taken out where citations do not depend on it, so that the engine neither sorts
    /// nor formats the works they cite (it did both in every chunk of citations: ~3.6 million
    /// instructions a work, a seventh of a 1,000-page build).
    pub(super) fn citations_request(&self) -> BibliographyRequest<'_> {
        let style = self.without_list.as_ref().unwrap_or(&self.style);
        BibliographyRequest::new(style, Some(self.locale.clone()), &self.locales)
    }
}

/// The site's own `.csl` file (`path` as written in site.yaml, relative to the site).
fn read_style_file(config: &Config, path: &Path) -> Result<IndependentStyle, Diagnostic> {
    let name = path.display();
    let message = format!("cannot read the style file {name}: ");
    let bytes = crate::support::source::read_site_file(&config.root, &config.root.join(path))
        .map_err(|e| {
            config.at_key(
                e.diagnostic(Code::CitationStyle, &message),
                "citation_style",
            )
        })?;
    let xml = String::from_utf8(bytes).map_err(|_| {
        config.at_key(
            Diagnostic::error(
                Code::CitationStyle,
                format!("{message}it is not valid UTF-8"),
            ),
            "citation_style",
        )
    })?;
    IndependentStyle::from_xml(&xml).map_err(|e| {
        // What the XML reader found (a file cut short, an entity CSL does not define), and
        // where in the style: the error's own text says only "Deserialization error".
        let at = e
            .path
            .as_ref()
            .map(|path| format!(" (in `{path}`)"))
            .unwrap_or_default();
        Diagnostic::error(
            Code::CitationStyle,
            format!(
                "{name} is not a usable independent CSL style: {}{at}",
                e.source
            ),
        )
        .in_file(path)
        .with_hint(format!(
            "fix the file there (it must be a whole CSL 1.0 style, as the Zotero Style Repository gives them), or name a built-in style in `citation_style:` instead: {}",
            style_names().join(", ")
        ))
    })
}

/// The built-in styles whose names hold `word` (any case) as a whole part between hyphens,
/// each in backticks; none when more than six do, as a list that long is no suggestion.
fn styles_naming(word: &str) -> Vec<String> {
    let word = word.trim().to_lowercase();
    if word.len() < 3 {
        return Vec::new();
    }
    let found: Vec<String> = style_names()
        .into_iter()
        .filter(|name| name.split('-').any(|part| part == word))
        .map(|name| format!("`{name}`"))
        .collect();
    if found.len() > 6 { Vec::new() } else { found }
}

/// A style hayagriva ships, by name (any case).
fn built_in_style(config: &Config, name: &str) -> Result<IndependentStyle, Diagnostic> {
    let archived =
        hayagriva::archive::ArchivedStyle::by_name(&name.to_lowercase()).ok_or_else(|| {
            config
                .at_key(
                    Diagnostic::error(
                        Code::CitationStyle,
                        format!("there is no citation style called `{name}`"),
                    ),
                    "citation_style",
                )
                .with_hint(
                    match crate::support::diagnostic::closest(name, style_names()) {
                        // A near name first: the whole list is 90 names long.
                        Some(near) => format!(
                            "did you mean `{near}`? (or use a path to a .csl file; the styles: {})",
                            style_names().join(", ")
                        ),
                        // `harvard` is too far from `harvard-cite-them-right` to be near,
                        // but the styles whose names hold it are what was meant.
                        None => match styles_naming(name).as_slice() {
                            [] => format!(
                                "use a path to a .csl file, or one of: {}",
                                style_names().join(", ")
                            ),
                            some => format!(
                                "the styles named for it: {} (or use a path to a .csl file; the styles: {})",
                                some.join(", "),
                                style_names().join(", ")
                            ),
                        },
                    },
                )
        })?;
    match archived.get() {
        Style::Independent(mut style) => {
            if is_apa(&style) {
                for m in style
                    .macros
                    .iter_mut()
                    .filter(|m| m.name == "source-DOI-URL")
                {
                    group_retrieved(&mut m.children);
                }
                add_with_contributors(&mut style);
                current_source_archive(&mut style);
                et_al_after_initials(&mut style);
                for m in style.macros.iter_mut() {
                    no_publisher_as_author(&mut m.children, false);
                }
            }
            Ok(style)
        }
        Style::Dependent(_) => Err(config.at_key(
            Diagnostic::error(
                Code::CitationStyle,
                format!("the style `{name}` cannot be used on its own"),
            ),
            "citation_style",
        )),
    }
}

/// hayagriva 0.10's archived APA style printed "Retrieved" before the URL of a work with no date
/// even with no access date ("Retrieved http://…"): the words were not in a group of their
/// own, as the CSL project's style now puts them (2025-04-14), so that "Retrieved" goes with
/// the empty date, as Pandoc prints it. The group is added here: `[Retrieved, (accessed,
/// from)]` becomes `[(Retrieved, (accessed, from))]`.
fn group_retrieved(children: &mut Vec<LayoutRenderingElement>) {
    let retrieved = |e: &LayoutRenderingElement| matches!(e, LayoutRenderingElement::Text(t) if matches!(t.target, TextTarget::Term { term: Term::Other(OtherTerm::Retrieved), .. }));
    if let [first, LayoutRenderingElement::Group(inner)] = children.as_slice()
        && retrieved(first)
    {
        let mut group = inner.clone();
        group.children = std::mem::take(children);
        group.delimiter = Some(" ".into());
        *children = vec![LayoutRenderingElement::Group(group)];
        return;
    }
    for child in children.iter_mut() {
        match child {
            LayoutRenderingElement::Group(group) => group_retrieved(&mut group.children),
            LayoutRenderingElement::Choose(choose) => {
                for branch in std::iter::once(&mut choose.if_).chain(choose.else_if.iter_mut()) {
                    group_retrieved(&mut branch.children);
                }
                if let Some(otherwise) = &mut choose.otherwise {
                    group_retrieved(&mut otherwise.children);
                }
            }
            _ => {}
        }
    }
}

/// hayagriva's older APA puts a web page's or software's publisher in place of missing
/// authors ("Health Site. (2022). *Is it stress?* https://…"); the current style, and so
/// Pandoc, puts the title there and leaves the publisher where it is ("*Is it stress?*
/// (2022). Health Site. https://…", APA 9.12). This empties that branch of the `cs:substitute`s.
fn no_publisher_as_author(children: &mut [LayoutRenderingElement], in_substitute: bool) {
    let publisher = |e: &LayoutRenderingElement| matches!(e, LayoutRenderingElement::Text(t) if matches!(t.target, TextTarget::Variable { var: Variable::Standard(StandardVariable::Publisher), .. }));
    for child in children.iter_mut() {
        match child {
            LayoutRenderingElement::Group(group) => {
                no_publisher_as_author(&mut group.children, in_substitute)
            }
            LayoutRenderingElement::Names(names) => {
                for names_child in names.children.iter_mut() {
                    if let NamesChild::Substitute(substitute) = names_child {
                        no_publisher_as_author(&mut substitute.children, true);
                    }
                }
            }
            LayoutRenderingElement::Choose(choose) => {
                for branch in std::iter::once(&mut choose.if_).chain(choose.else_if.iter_mut()) {
                    let web = branch
                        .type_
                        .as_ref()
                        .is_some_and(|kinds| kinds.contains(&Kind::Webpage));
                    if in_substitute && web && branch.children.iter().all(publisher) {
                        branch.children.clear();
                    } else {
                        no_publisher_as_author(&mut branch.children, in_substitute);
                    }
                }
                if let Some(otherwise) = &mut choose.otherwise {
                    no_publisher_as_author(&mut otherwise.children, in_substitute);
                }
            }
            _ => {}
        }
    }
}

/// The current APA style (2025-04-14, Pandoc's copy) prints an `archive_location` in the
/// `source-archive` macro only for a physical archive (one with an `archive_collection` or an
/// `archive-place`): for a work found online it is a database's accession number, which APA
/// 9.30 leaves out. hayagriva's older copy printed it for every work, so a journal article a
/// reference manager took from a database (Zotero fills "Loc. in Archive" with PsycINFO's
/// "2008-14857-008") ended in "…, 1113–1135. (2008-14857-008). https://doi.org/…". This puts
/// the current macro in its place.
fn current_source_archive(style: &mut IndependentStyle) {
    const ARCHIVE: &str = r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><id>archive</id><title>archive</title><updated>2025-04-14T00:00:00+00:00</updated></info><macro name="source-archive"><group delimiter=", "><choose><if match="any" variable="archive_collection archive-place"><choose><if variable="archive_collection"><group delimiter=" "><text variable="archive_collection"/><text prefix="(" suffix=")" variable="archive_location"/></group><text variable="archive"/><text variable="archive-place"/></if><else><group delimiter=" "><text variable="archive"/><text prefix="(" suffix=")" variable="archive_location"/></group><text variable="archive-place"/></else></choose></if><else><text variable="archive"/></else></choose></group></macro><citation><layout><text value="x"/></layout></citation></style>"#;
    let Some(old) = style.macros.iter_mut().find(|m| m.name == "source-archive") else {
        return;
    };
    let Ok(current) = IndependentStyle::from_xml(ARCHIVE) else {
        return;
    };
    if let Some(current) = current.macros.into_iter().next() {
        old.children = current.children;
    }
}

/// APA's `author` macro, as the current style (and Pandoc's copy) has it, prints a book's
/// "with" contributors (CSL-JSON `contributor`, BibLaTeX `with`) after its authors: "Hall, I.
/// (with Ivy, J.). (2016)". hayagriva's older copy leaves them out, so the names were lost and
/// the book sorted before the same author's others; this adds the current style's `cs:choose`.
fn add_with_contributors(style: &mut IndependentStyle) {
    const WITH: &str = r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><id>with</id><title>with</title><updated>2024-01-01T00:00:00+00:00</updated></info><macro name="with"><group delimiter=" "><choose><if match="any" type="book classic collection"><names prefix="(" suffix=")" variable="contributor"><label form="verb" suffix=" "/><name delimiter-precedes-last="always" name-as-sort-order="all"/></names></if></choose></group></macro><citation><layout><text value="x"/></layout></citation></style>"#;
    let contributor = Variable::Name(NameVariable::Contributor);
    let macros = style.macros.clone();
    let Some(author) = style.macros.iter_mut().find(|m| m.name == "author") else {
        return;
    };
    if author
        .children
        .iter()
        .any(|c| c.find_variable_element(contributor, &macros).is_some())
    {
        return;
    }
    let Ok(with) = IndependentStyle::from_xml(WITH) else {
        return;
    };
    let Some(LayoutRenderingElement::Group(mut with)) = with
        .macros
        .into_iter()
        .next()
        .and_then(|m| m.children.into_iter().next())
    else {
        return;
    };
    match author.children.as_mut_slice() {
        [LayoutRenderingElement::Group(group)] => group.children.append(&mut with.children),
        _ => {
            let mut children = std::mem::take(&mut author.children);
            children.append(&mut with.children);
            with.children = children;
            author.children = vec![LayoutRenderingElement::Group(with)];
        }
    }
}

/// A list cut short (BibTeX's `Smith, Jane and others`) ends in "et al." in the reference list
/// too, where every name is inverted. APA 9.8 puts a comma after an author's initials before
/// whatever follows ("Smith, J., & Brown, B."), so one name and "et al." is "Smith, J., et
/// al.", as with two names; the style leaves the delimiter to CSL's default, which omits it
/// after one name ("Smith, J. et al."). The bibliography's names put it after an inverted
/// name; citations ("Smith et al.") are not inverted, so keep none.
fn et_al_after_initials(style: &mut IndependentStyle) {
    if let Some(bibliography) = style.bibliography.as_mut() {
        bibliography
            .name_options
            .delimiter_precedes_et_al
            .get_or_insert(DelimiterBehavior::AfterInvertedName);
    }
}

pub fn style_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = hayagriva::archive::ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// An APA style: the one hayagriva ships, or a `.csl` file of APA's (by its id or title).
fn is_apa(style: &IndependentStyle) -> bool {
    let id = style.info.id.to_ascii_lowercase();
    let title = style.info.title.value.to_ascii_lowercase();
    id.contains("/apa")
        || id.ends_with("apa")
        || title.contains("american psychological association")
        || title.starts_with("apa ")
}

/// The archived locales, with one for the site's language added when it is not archived
/// itself (en-NZ and en-AU follow en-GB; others their first sibling), or when an APA style
/// needs US English terms in another English locale.
fn locales_for(language: &str, apa: bool) -> (Vec<Locale>, LocaleCode) {
    let mut locales = bundled_locales_for(language);
    let code = LocaleCode(language.to_string());
    let find = |code: &str, locales: &[Locale]| {
        locales.iter().position(|l| {
            l.lang
                .as_ref()
                .is_some_and(|c| c.0.eq_ignore_ascii_case(code))
        })
    };
    let english = same_language(language, "en");
    if apa && english {
        drop_type_terms(&mut locales);
    }
    // An untagged `en` takes en-GB's dates and quotation marks, and so also needs APA's terms.
    let us = language.eq_ignore_ascii_case("en-US");
    let own = find(language, &locales);
    let regional = own.or_else(|| {
        if english {
            find("en-GB", &locales)
        } else {
            locales.iter().position(|l| {
                l.lang
                    .as_ref()
                    .is_some_and(|c| same_language(&c.0, language))
            })
        }
    });
    let Some(regional) = regional else {
        return (locales, code);
    };
    let mut site = locales[regional].clone();
    if apa
        && english
        && !us
        && let Some(us) = find("en-US", &locales)
        && let (Some(us_terms), Some(site_terms)) = (locales[us].terms.clone(), site.terms.as_mut())
    {
        let quote = |t: &hayagriva::citationberg::LocalizedTerm| {
            matches!(
                t.name,
                Term::Other(
                    OtherTerm::OpenQuote
                        | OtherTerm::CloseQuote
                        | OtherTerm::OpenInnerQuote
                        | OtherTerm::CloseInnerQuote
                )
            )
        };
        let regional_quotes: Vec<_> = site_terms
            .terms
            .iter()
            .filter(|t| quote(t))
            .cloned()
            .collect();
        site_terms.terms = us_terms.terms.into_iter().filter(|t| !quote(t)).collect();
        site_terms.terms.extend(regional_quotes);
    } else if own.is_some() {
        return (locales, code);
    }
    site.lang = Some(code.clone());
    match own {
        Some(index) => locales[index] = site,
        None => locales.push(site),
    }
    (locales, code)
}

/// The language tag of each locale hayagriva bundles, in the archive's order, read without
/// decoding the locales' terms: decoding all 63 cost ~150 million instructions a build (most in
/// the messages serde formats as it tries each term's variants), and a build needs two or three.
fn bundled_codes() -> &'static [Option<String>] {
    static CODES: std::sync::OnceLock<Vec<Option<String>>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        hayagriva::archive::LOCALES
            .iter()
            .map(|bytes| {
                ciborium::de::from_reader::<FirstLang, _>(*bytes)
                    .ok()
                    .and_then(|l| l.0)
            })
            .collect()
    })
}

/// A locale's `@xml:lang`, read from the start of its map: the archive writes it first, and
/// the rest (most of the bytes) is not read at all. Should it not come first, the tag is
/// unknown and the locale is decoded whole (see `bundled_locales_for`).
struct FirstLang(Option<String>);

impl<'de> serde::Deserialize<'de> for FirstLang {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FirstLang;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a CSL locale")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<FirstLang, A::Error> {
                if map.next_key::<String>()?.as_deref() != Some("@xml:lang") {
                    return Ok(FirstLang(None));
                }
                Ok(FirstLang(map.next_value::<Option<String>>()?))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// A language tag's first part, its language (`en` of `en-NZ`).
fn primary_subtag(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// The bundled locales [`locales_for`] and hayagriva may consult for `language`, decoded, in
/// the archive's order: the language's own, its first sibling (or en-GB for English), the one
/// hayagriva falls back to for it (`de` → `de-DE`), and en-US, CSL's last resort. hayagriva
/// looks a term up in no other (`StyleContext::lookup_locale`), so the result is as with all.
fn bundled_locales_for(language: &str) -> Vec<Locale> {
    let codes = bundled_codes();
    let is = |code: &Option<String>, wanted: &str| {
        code.as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(wanted))
    };
    let sibling =
        |code: &Option<String>| code.as_deref().is_some_and(|c| same_language(c, language));
    let fallback = LocaleCode(language.to_string()).fallback();
    let first_sibling = codes.iter().position(sibling);
    // A locale whose tag could not be read is decoded, to be looked at as before.
    let wanted = |index: usize, code: &Option<String>| {
        code.is_none()
            || is(code, language)
            || is(code, "en-US")
            || (same_language(language, "en") && is(code, "en-GB"))
            || fallback.as_ref().is_some_and(|f| is(code, &f.0))
            || first_sibling == Some(index)
    };
    hayagriva::archive::LOCALES
        .iter()
        .zip(codes)
        .enumerate()
        .filter(|(index, (_, code))| wanted(*index, code))
        .filter_map(|(_, (bytes, _))| ciborium::de::from_reader::<Locale, _>(*bytes).ok())
        .collect()
}

/// The English words for a work's type that APA's style prints in brackets when a work has no
/// genre or medium, and that are not APA 7's: "[Video recording]" (APA: "[Film]", "[Video]"),
/// "[Audio recording]", "[Broadcast]", "[Graphic]". Left out, as Pandoc 2.17, whose locales
/// lack them, prints nothing there; "[Data set]" and "[Map]", APA's own words, stay.
fn drop_type_terms(locales: &mut [Locale]) {
    let english = |l: &&mut Locale| l.lang.as_ref().is_some_and(|c| c.0.starts_with("en"));
    for locale in locales.iter_mut().filter(english) {
        if let Some(terms) = locale.terms.as_mut() {
            terms.terms.retain(|t| {
                !matches!(
                    t.name,
                    Term::Kind(Kind::MotionPicture | Kind::Song | Kind::Broadcast | Kind::Graphic)
                )
            });
        }
    }
}

/// The locales to look a term or option up in for `code`: the style's own `<locale>` first,
/// then the bundled one, then en-US (CSL 1.0.2's fallback).
fn locale_chain<'a>(
    style: &'a IndependentStyle,
    locales: &'a [Locale],
    code: &'a LocaleCode,
) -> Vec<&'a Locale> {
    let base = primary_subtag(&code.0);
    style
        .locale
        .iter()
        .filter(|l| {
            l.lang
                .as_ref()
                .is_none_or(|c| c.0.eq_ignore_ascii_case(&code.0) || c.0.eq_ignore_ascii_case(base))
        })
        .chain(locales.iter().filter(|l| l.lang.as_ref() == Some(code)))
        .chain(
            locales
                .iter()
                .filter(|l| l.lang.as_ref().is_some_and(|c| c.0 == "en-US")),
        )
        .collect()
}

/// Whether the locale for `code` puts commas and full stops inside quotation marks.
fn punctuation_in_quote(style: &IndependentStyle, locales: &[Locale], code: &LocaleCode) -> bool {
    locale_chain(style, locales, code)
        .iter()
        .find_map(|l| l.style_options.as_ref()?.punctuation_in_quote)
        .unwrap_or(false)
}

/// The quotation marks of the style's locale for `code` (the style's own `<locale>` first).
fn quotes(style: &IndependentStyle, locales: &[Locale], code: &LocaleCode) -> [String; 4] {
    let terms = [
        OtherTerm::OpenQuote,
        OtherTerm::CloseQuote,
        OtherTerm::OpenInnerQuote,
        OtherTerm::CloseInnerQuote,
    ];
    let defaults = ["“", "”", "‘", "’"];
    let candidates = locale_chain(style, locales, code);
    let mut out: [String; 4] = Default::default();
    for (index, term) in terms.iter().enumerate() {
        out[index] = candidates
            .iter()
            .find_map(|l| l.term(Term::Other(*term), TermForm::Long)?.single())
            .unwrap_or(defaults[index])
            .to_string();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(locales: &[Locale]) -> Vec<String> {
        locales
            .iter()
            .map(|l| l.lang.as_ref().map_or(String::new(), |c| c.0.clone()))
            .collect()
    }

    #[test]
    fn the_tags_read_without_decoding_are_those_of_the_decoded_locales() {
        let read: Vec<String> = bundled_codes()
            .iter()
            .map(|c| c.clone().unwrap_or_default())
            .collect();
        assert_eq!(read, tags(&hayagriva::archive::locales()));
        assert!(read.iter().all(|t| !t.is_empty()));
    }

    #[test]
    fn only_the_locales_a_language_can_consult_are_decoded() {
        assert_eq!(tags(&bundled_locales_for("en-NZ")), ["en-GB", "en-US"]);
        assert_eq!(tags(&bundled_locales_for("en-US")), ["en-GB", "en-US"]);
        assert_eq!(tags(&bundled_locales_for("mi")), ["en-US"]);
        // Its own, hayagriva's fallback for German, and en-US.
        assert_eq!(
            tags(&bundled_locales_for("de-AT")),
            ["de-AT", "de-DE", "en-US"]
        );
        // No locale of its own: the first sibling, which is also the fallback.
        let fr = tags(&bundled_locales_for("fr"));
        assert!(fr.contains(&"fr-FR".to_string()) && fr.contains(&"en-US".to_string()));
    }

    #[test]
    fn a_site_in_a_language_without_a_bundled_locale_keeps_en_us_terms() {
        let (locales, code) = locales_for("mi", true);
        assert_eq!(code.0, "mi");
        assert_eq!(tags(&locales), ["en-US"]);
    }
}
