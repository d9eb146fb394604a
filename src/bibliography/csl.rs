//! BibLaTeX entries as CSL-JSON items: the field and type mapping biber and Pandoc document
//! (Pandoc's `-f biblatex -t csljson` is the reference), so hayagriva's CSL engine gets every
//! CSL type and variable a style can ask for. Where Pandoc is wrong by the APA manual the
//! mapping follows the manual; each such place says so.
//!
//! Rich text (italic words, quotations) travels in the strings as [`marks`].

use std::collections::BTreeMap;

use hayagriva::citationberg::json::{
    DateValue, Item, LiteralName, NameItem, NameValue, Value, VecDate, VecDateRange,
};

use super::bibtex::{BibEntry, Problem};
use super::dates::{self, DateReading};
use super::latex::{self, Rich};
use super::marks;
use super::names::{self, Name};
use super::sentence_case::sentence_case;

/// Builds a CSL-JSON item from a CSL-shaped set of variables.
#[derive(Default)]
pub struct ItemBuilder {
    fields: BTreeMap<String, Value>,
}

impl ItemBuilder {
    pub fn new(key: &str, kind: &str) -> ItemBuilder {
        let mut builder = ItemBuilder::default();
        builder.text("id", key);
        builder
            .fields
            .insert("type".into(), Value::String(kind.to_string()));
        builder
    }

    pub fn has(&self, variable: &str) -> bool {
        self.fields.contains_key(variable)
    }

    /// A string variable; empty values are left out. A `language` written as a language's
    /// name ("English", as Zotero's Language field and EndNote's `LA` often hold it) becomes
    /// its code ("en-US"): the formatter takes only a code starting with `en` for English, and
    /// in an item of another language APA's title case of journal titles and capitalised
    /// labels ("Trans.") are not applied ("trans.", as Pandoc does not print it).
    pub fn text(&mut self, variable: &str, value: &str) {
        let mut value = value.trim();
        if variable == "language" {
            value = known_language(&value.to_ascii_lowercase()).unwrap_or(value);
        }
        if !value.is_empty() {
            self.fields
                .insert(variable.to_string(), Value::String(value.to_string()));
        }
    }

    pub fn rich(&mut self, variable: &str, value: &Rich) {
        if !value.is_empty() {
            self.text(variable, &value.to_marked());
        }
    }

    /// A list of names; a person's life dates, as library catalogues write them, are left out
    /// (see `life_dates`).
    pub fn names(&mut self, variable: &str, names: Vec<NameValue>) {
        if !names.is_empty() {
            let names = names.into_iter().map(super::life_dates::tidied).collect();
            self.fields
                .insert(variable.to_string(), Value::Names(names));
        }
    }

    pub fn date(&mut self, variable: &str, date: dates::Date) {
        let mut parts = vec![date.year];
        if let Some(month) = date.month {
            parts.push(i16::from(month));
            if let Some(day) = date.day {
                parts.push(i16::from(day));
            }
        }
        self.fields.insert(
            variable.to_string(),
            Value::Date(DateValue::DateParts {
                date_parts: VecDateRange(vec![VecDate(parts)]),
                literal: None,
                season: date.season.map(|s| s.to_string()),
                circa: date.approximate,
            }),
        );
    }

    pub fn build(mut self) -> Item {
        self.leave_out_the_author_as_publisher();
        Item(self.fields)
    }

    /// APA 7 (9.25, and its web page examples in 10.16): "When the author and publisher are
    /// the same, omit the publisher", and a web page's site name likewise: "Ministry of
    /// Health. (2023). *Title*. https://…", not "… *Title*. Ministry of Health. https://…",
    /// which is how a reference manager's export reads (the organisation is in both fields)
    /// and how Pandoc prints it (CSL cannot compare two variables). Only for one author that
    /// is an organisation (no given name) named as the publisher, ignoring case and spaces.
    fn leave_out_the_author_as_publisher(&mut self) {
        let Some(Value::Names(authors)) = self.fields.get("author") else {
            return;
        };
        let [author] = authors.as_slice() else {
            return;
        };
        let name = match author {
            NameValue::Literal(literal) => literal.literal.clone(),
            NameValue::Item(item) if item.given.as_deref().is_none_or(|g| g.trim().is_empty()) => [
                item.dropping_particle.as_deref(),
                item.non_dropping_particle.as_deref(),
                Some(item.family.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
            NameValue::Item(_) => return,
        };
        let name = comparable(&name);
        if name.is_empty() {
            return;
        }
        let name = OrganisationName::of(&name);
        let is_webpage = matches!(
            self.fields.get("type"),
            Some(Value::String(kind)) if kind == "webpage" || kind == "post-weblog"
        );
        for variable in ["publisher", "container-title"] {
            if variable == "container-title" && !is_webpage {
                continue;
            }
            if let Some(Value::String(value)) = self.fields.get(variable)
                && name.is_also(&OrganisationName::of(&comparable(value)))
            {
                self.fields.remove(variable);
            }
        }
    }
}

/// An organisation's name as written, split into the name and the abbreviation written after
/// it in brackets, "World Intellectual Property Organization (WIPO)", as APA's own
/// references write a group author the first time (8.21) and reference managers keep it.
struct OrganisationName<'n> {
    whole: &'n str,
    name: &'n str,
    abbreviation: Option<&'n str>,
}

impl<'n> OrganisationName<'n> {
    /// `comparable` text. Only a last bracket of one word counts as an abbreviation, so
    /// "Ministry of Health (New Zealand)" has none.
    fn of(whole: &'n str) -> Self {
        let abbreviated = whole
            .strip_suffix(')')
            .and_then(|rest| rest.rsplit_once(" ("))
            .filter(|(name, short)| {
                !name.is_empty() && !short.is_empty() && !short.contains([' ', '(', ')'])
            });
        match abbreviated {
            Some((name, short)) => Self {
                whole,
                name,
                abbreviation: Some(short),
            },
            None => Self {
                whole,
                name: whole,
                abbreviation: None,
            },
        }
    }

    /// The same organisation: the same name, or one written as the other's abbreviation
    /// ("WIPO" for "World Intellectual Property Organization (WIPO)"). An abbreviation is
    /// never guessed from the words of a name: it must be written. The same name with two
    /// different brackets is two organisations ("Ministry of Health (Singapore)" and "Ministry
    /// of Health (Malaysia)"): the bracket is then what tells them apart.
    fn is_also(&self, other: &OrganisationName) -> bool {
        self.whole == other.whole
            || (self.name == other.name
                && (self.abbreviation.is_none() || other.abbreviation.is_none()))
            || self.abbreviation.is_some_and(|a| a == other.whole)
            || other.abbreviation.is_some_and(|a| a == self.whole)
    }
}

/// A name as compared with another: without marks, case or extra spaces.
fn comparable(name: &str) -> String {
    name.chars()
        .filter(|c| !marks::is_mark(*c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A person or organisation as hayagriva's CSL-JSON reader needs it.
///
/// hayagriva re-parses a `family` with no particle BibTeX-style, so "Orobio de Castro" would
/// become "Castro, B. Orobio de". With a particle it takes the parts as given and joins them
/// ("{particle} {family}"), so a multi-word family name is handed over as its first word plus
/// the rest: the printed and sorted name is the same, and nothing is re-parsed.
pub fn name_value(name: &Name, useprefix: bool) -> NameValue {
    if let Some(literal) = &name.literal {
        return NameValue::Literal(LiteralName {
            literal: literal.clone(),
        });
    }
    if name.others {
        return NameValue::Literal(LiteralName {
            literal: "others".into(),
        });
    }
    let useprefix = name.useprefix.unwrap_or(useprefix);
    let (mut family, mut non_dropping, dropping) = match &name.particle {
        Some(particle) if useprefix => (name.family.clone(), Some(particle.clone()), None),
        Some(particle) => (name.family.clone(), None, Some(particle.clone())),
        None => (name.family.clone(), None, None),
    };
    if non_dropping.is_none()
        && dropping.is_none()
        && let Some((first, rest)) = family.split_once(' ')
    {
        non_dropping = Some(first.to_string());
        family = rest.to_string();
    }
    if name.given.is_none() && non_dropping.is_none() && dropping.is_none() {
        // One word, no given name ("Plato", "jamovi project" is two): as written.
        return NameValue::Literal(LiteralName { literal: family });
    }
    NameValue::Item(NameItem {
        family,
        given: name.given.clone(),
        non_dropping_particle: non_dropping,
        dropping_particle: dropping,
        suffix: name.suffix.clone(),
        comma_suffix: None,
    })
}

/// biblatex entry types as CSL types (biber's and Pandoc's table).
fn csl_type(kind: &str, subtype: Option<&str>) -> &'static str {
    match kind {
        "article" => match subtype.map(str::to_ascii_lowercase).as_deref() {
            Some("magazine") => "article-magazine",
            Some("newspaper") => "article-newspaper",
            _ => "article-journal",
        },
        "book" | "mvbook" | "collection" | "mvcollection" | "proceedings" | "mvproceedings"
        | "reference" | "mvreference" | "manual" => "book",
        "inbook" | "bookinbook" | "suppbook" | "incollection" | "suppcollection" => "chapter",
        "booklet" => "pamphlet",
        "dataset" => "dataset",
        "online" | "electronic" | "www" => "webpage",
        "patent" => "patent",
        "periodical" | "suppperiodical" => "article-journal",
        "inproceedings" => "paper-conference",
        "inreference" => "entry-encyclopedia",
        "report" | "techreport" => "report",
        "thesis" | "mastersthesis" | "phdthesis" => "thesis",
        "unpublished" => "manuscript",
        // Pandoc makes software a book; APA 7 (10.10) labels it "[Computer software]", which
        // CSL's `software` type gives.
        "software" => "software",
        "video" | "movie" => "motion_picture",
        "audio" | "music" => "song",
        "artwork" | "image" => "graphic",
        "letter" => "personal_communication",
        "jurisdiction" => "legal_case",
        "legislation" | "standard" => "legislation",
        "legal" => "treaty",
        "performance" => "speech",
        "review" => "review",
        // misc, conference (in Pandoc), set and anything else: no CSL type, as Pandoc has it.
        _ => "",
    }
}

/// The CSL `language` for a `langid` (or `hyphenation`), and whether it is English (titles
/// of English entries are converted to sentence case).
fn language(langid: Option<&str>) -> (Option<String>, bool) {
    let Some(langid) = langid.map(|l| l.trim().to_ascii_lowercase()) else {
        return (None, true);
    };
    let code = known_language(&langid).unwrap_or(&langid);
    (Some(code.to_string()), code.starts_with("en"))
}

/// The code of a language written by its (babel, biblatex or English) name, lowercase:
/// "english" is "en-US", "newzealand" "en-NZ", "maori" "mi-NZ"; `None` for anything else.
fn known_language(name: &str) -> Option<&'static str> {
    Some(match name {
        "english" | "american" | "usenglish" | "en-us" => "en-US",
        "british" | "ukenglish" | "en-gb" => "en-GB",
        "australian" | "en-au" => "en-AU",
        "newzealand" | "en-nz" => "en-NZ",
        "canadian" | "en-ca" => "en-CA",
        "german" | "ngerman" => "de-DE",
        "austrian" | "naustrian" => "de-AT",
        "swissgerman" | "nswissgerman" => "de-CH",
        "french" => "fr-FR",
        "spanish" => "es-ES",
        "italian" => "it-IT",
        "dutch" => "nl-NL",
        "portuguese" => "pt-PT",
        "brazil" | "brazilian" => "pt-BR",
        "swedish" => "sv-SE",
        "danish" => "da-DK",
        "norsk" | "norwegian" => "nb-NO",
        "nynorsk" => "nn-NO",
        "finnish" => "fi-FI",
        "polish" => "pl-PL",
        "russian" => "ru-RU",
        "maori" | "māori" => "mi-NZ",
        _ => return None,
    })
}

/// Converts one `.bib` entry. Problems that do not stop the entry (a date that cannot be
/// read) come back as warnings.
pub fn from_bib(entry: &BibEntry, warnings: &mut Vec<Problem>) -> Item {
    let kind = csl_type(&entry.kind, entry.get("entrysubtype"));
    let mut item = ItemBuilder::new(&entry.key, kind);
    let (lang, english) = language(entry.get("langid").or(entry.get("hyphenation")));
    if let Some(lang) = &lang {
        item.text("language", lang);
    }
    let fields = EntryFields { entry, english };
    map_names(entry, &mut item, warnings);
    map_titles(&fields, kind, &mut item);
    map_numbers(&fields, kind, &mut item);
    map_publisher(&fields, &mut item);
    map_descriptions(&fields, &mut item);
    map_identifiers(entry, &mut item);
    let (url, url_field) = match url_in_howpublished(entry) {
        Some(url) => (Some(url), "howpublished"),
        None => (entry.get("url").map(verbatim_field), "url"),
    };
    if let Some(message) =
        url.and_then(|url| crate::bibliography::html::unlinked_url(&entry.key, &url))
    {
        warnings.push(Problem {
            offset: entry.offset_of(url_field),
            message,
            hint: crate::bibliography::html::UNLINKED_URL_HINT,
        });
    }
    map_dates(entry, &mut item, warnings);
    item.build()
}

/// A `.bib` entry's fields decoded from LaTeX; titles of English entries in sentence case.
struct EntryFields<'e> {
    entry: &'e BibEntry,
    english: bool,
}

impl EntryFields<'_> {
    /// A title field: in sentence case when the entry is in English (`.bib` titles are
    /// stored in title case; APA prints sentence case). `None` when missing or empty.
    fn title(&self, field: &str) -> Option<Rich> {
        let rich = latex::decode(self.entry.get(field)?);
        (!rich.is_empty()).then(|| {
            if self.english {
                sentence_case(&rich)
            } else {
                rich
            }
        })
    }

    /// Any other field, its case as written. `None` when missing or empty.
    fn text(&self, field: &str) -> Option<Rich> {
        let rich = latex::decode(self.entry.get(field)?);
        (!rich.is_empty()).then_some(rich)
    }

    /// A title with its subtitle and addon, as biblatex names them for `prefix` (`book`:
    /// `booktitle`, `: booksubtitle`, `. booktitleaddon`).
    fn full_title(&self, prefix: &str) -> Option<Rich> {
        let names = ["title", "subtitle", "titleaddon"].map(|part| format!("{prefix}{part}"));
        self.joined(
            &[(&names[0], ""), (&names[1], ": "), (&names[2], ". ")],
            EntryFields::title,
        )
    }

    /// Fields read with `read` and joined, each after its separator when something comes
    /// before it (`title`, `: subtitle`, `. titleaddon`).
    fn joined(
        &self,
        parts: &[(&str, &str)],
        read: fn(&Self, &str) -> Option<Rich>,
    ) -> Option<Rich> {
        let mut out = Rich::default();
        for (field, separator) in parts {
            if let Some(text) = read(self, field) {
                out.append(separator, &text);
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// Authors, editors, translators and a book's author; particles as `options = {useprefix}`
/// says. A name without a comma that reads as an organisation (`Ministry of Health`) is
/// printed as written, with a warning at its field.
fn map_names(entry: &BibEntry, item: &mut ItemBuilder, warnings: &mut Vec<Problem>) {
    let options = entry
        .get("options")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let useprefix = options
        .split(',')
        .any(|o| o.trim().replace(' ', "") == "useprefix=true" || o.trim() == "useprefix");
    for (field, variable) in [
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("bookauthor", "container-author"),
    ] {
        if let Some(raw) = entry.get(field) {
            let parsed = names::parse_list(raw);
            if let Some(split) = names::split_list(raw) {
                warnings.push(split_list_warning(entry, field, raw, &split));
            } else {
                for name in &parsed {
                    if let (Some(clue), Some(written)) =
                        (&name.taken_as_organisation, &name.literal)
                    {
                        warnings.push(organisation_warning(entry, field, written, clue));
                    }
                }
            }
            if let Some((reversed, rewritten)) = names::reversed_organisations(raw) {
                warnings.push(reversed_organisation_warning(
                    entry, field, &reversed, &rewritten,
                ));
            } else if let Some((misread, rewritten)) = names::misread_people(raw) {
                warnings.push(misread_people_warning(entry, field, &misread, &rewritten));
            }
            let list: Vec<NameValue> = parsed
                .iter()
                .filter(|n| !n.family.is_empty() || n.literal.is_some() || n.others)
                .map(|n| name_value(n, useprefix))
                .collect();
            item.names(variable, list);
        }
    }
}

/// How many names as read a split field's warning lists; the rest are counted.
const SPLIT_NAMES_LISTED: usize = 10;

/// How long (in characters) a split field may be for its warning to quote it and give it
/// rewritten whole; a longer one (a list of thousands of authors) is named by its
/// organisations alone, so that one warning is not several copies of the field.
const SPLIT_FIELD_QUOTED: usize = 300;

/// The warning for a name field that `and` split into several names, one at least taken as an
/// organisation (`author = {Ministry of Health and Te Whatu Ora}`): one warning for the field,
/// with the braced forms for separate authors and for one organisation.
fn split_list_warning(
    entry: &BibEntry,
    field: &str,
    raw: &str,
    split: &names::SplitList,
) -> Problem {
    let kind = |organisation: bool| {
        if organisation {
            "an organisation"
        } else {
            "a person"
        }
    };
    let mut read: Vec<String> = split
        .names
        .iter()
        .take(SPLIT_NAMES_LISTED)
        .map(|(name, organisation)| format!("\"{name}\" ({})", kind(*organisation)))
        .collect();
    if split.names.len() > SPLIT_NAMES_LISTED {
        read.push(format!(
            "and {} more",
            split.names.len() - SPLIT_NAMES_LISTED
        ));
    }
    let written = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let fix = if written.chars().count() <= SPLIT_FIELD_QUOTED {
        let whole = match &split.whole {
            Some(whole) => {
                format!(", or `{field} = {{{whole}}}` if it is the name of one organisation")
            }
            None => String::new(),
        };
        format!(
            "has \"{written}\", which \"and\" splits into {} names, as in BibTeX and Pandoc: {}; the organisations are written without braces, so BibTeX and Pandoc read them as people; write `{field} = {{{}}}` if these are separate authors{whole}",
            split.names.len(),
            read.join(", "),
            split.separate,
        )
    } else {
        let braced: Vec<String> = split
            .names
            .iter()
            .filter(|(_, organisation)| *organisation)
            .take(SPLIT_NAMES_LISTED)
            .map(|(name, _)| format!("`{{{name}}}`"))
            .collect();
        format!(
            "has {} names as \"and\" splits it, as in BibTeX and Pandoc: {}; the organisations are written without braces, so BibTeX and Pandoc read them as people; write each organisation's name in braces: {}",
            split.names.len(),
            read.join(", "),
            braced.join(", "),
        )
    };
    Problem {
        offset: entry.offset_of(field),
        message: format!("the `{field}` of the entry `{}` {fix}", entry.key),
        hint: "an organisation's name is written in braces, and one whose name has \"and\" in it must be: `{Centers for Disease Control and Prevention}`; docs/citations.md lists the words that make a name without a comma an organisation",
    }
}

/// The warning for names of `field` written `Family, Given` that read as organisations written
/// the wrong way round, as Google Scholar writes them (`Organization, World Health`): still
/// read as BibTeX reads them, people, so the warning gives the field to write.
fn reversed_organisation_warning(
    entry: &BibEntry,
    field: &str,
    reversed: &[names::ReversedOrganisation],
    rewritten: &str,
) -> Problem {
    let each: Vec<String> = reversed
        .iter()
        .map(|r| {
            let what = if names::is_company_suffix(&r.given) {
                "a company's suffix: it looks like the organisation"
            } else {
                "no one's given name: it looks like the organisation"
            };
            let turned = if names::is_company_suffix(&r.given) {
                ""
            } else {
                " written the wrong way round"
            };
            format!(
                "\"{}\", read as a person whose given names are \"{}\", but \"{}\" is {what} \"{}\"{turned}",
                r.written, r.given, r.clue, r.organisation,
            )
        })
        .collect();
    // A company's suffix after a comma (`Acme, LLC`) is no name turned round.
    let scholar = if reversed.iter().all(|r| names::is_company_suffix(&r.given)) {
        ""
    } else {
        ", as Google Scholar's BibTeX writes organisations"
    };
    let (listed, fix) = names_and_fix(
        field,
        each,
        rewritten,
        reversed.iter().map(|r| format!("{{{}}}", r.organisation)),
    );
    Problem {
        offset: entry.offset_of(field),
        message: format!(
            "the `{field}` of the entry `{}` has {listed}{scholar}; {fix}",
            entry.key,
        ),
        hint: "an organisation's name is written in braces (`{World Health Organization}`) and printed as written; a name whose given names hold one of the words docs/citations.md lists is taken for an organisation written the wrong way round, never a family name alone (`Trust, Mary` is a person)",
    }
}

/// The names of a warning about a name field (the first [`SPLIT_NAMES_LISTED`], the rest
/// counted), and what to write: the whole field rewritten when it is short enough to quote,
/// else each listed name as it should be written (a field of thousands of names would make
/// the warning several copies of it).
fn names_and_fix(
    field: &str,
    each: Vec<String>,
    rewritten_field: &str,
    rewritten_names: impl Iterator<Item = String>,
) -> (String, String) {
    let count = each.len();
    let mut listed: Vec<String> = each.into_iter().take(SPLIT_NAMES_LISTED).collect();
    if count > SPLIT_NAMES_LISTED {
        listed.push(format!("{} more", count - SPLIT_NAMES_LISTED));
    }
    let fix = if rewritten_field.chars().count() <= SPLIT_FIELD_QUOTED {
        format!("write `{field} = {{{rewritten_field}}}`")
    } else {
        let names: Vec<String> = rewritten_names
            .take(SPLIT_NAMES_LISTED)
            .map(|name| format!("`{name}`"))
            .collect();
        format!("write each of them as meant: {}", names.join(", "))
    };
    (listed.join("; and "), fix)
}

/// The warning for people BibTeX reads otherwise than meant (`Martin Luther King, Jr.`,
/// `SMITH JA`, `Chen, SH A`): how each is read, and the field written as meant. The names are
/// printed as read, as BibTeX and Pandoc read them, since the file may be right.
fn misread_people_warning(
    entry: &BibEntry,
    field: &str,
    misread: &[names::MisreadPerson],
    rewritten: &str,
) -> Problem {
    let each: Vec<String> = misread
        .iter()
        .map(|m| format!("\"{}\", read as {}", m.written, m.read_as))
        .collect();
    let (listed, fix) = names_and_fix(
        field,
        each,
        rewritten,
        misread.iter().map(|m| m.rewritten.clone()),
    );
    Problem {
        offset: entry.offset_of(field),
        message: format!(
            "the `{field}` of the entry `{}` has {listed}; if that is not what is meant, {fix}",
            entry.key,
        ),
        hint: "BibTeX reads a name as `Given Family`, `Family, Given` or `Family, Jr., Given`: after one comma a suffix (`Jr.`) is a given name, a name without a comma ends with its family name (`SMITH JA`, as PubMed writes names, is read as the family name \"JA\"), and capitals run together (`SH`) are one given name, of one initial",
    }
}

/// The warning for a name in `field` written without a comma or braces that was taken as an
/// organisation because of the word `clue`.
fn organisation_warning(entry: &BibEntry, field: &str, written: &str, clue: &str) -> Problem {
    let joined = if clue.chars().any(|c| c.is_ascii_digit()) {
        format!("the number in \"{clue}\"")
    } else if names::is_maori_leading_word(clue) {
        format!(
            "\"{clue}\", a te reo Māori word that begins the names of organisations and iwi, with one word after it,"
        )
    } else if matches!(clue, "of" | "for" | "the" | "&") {
        format!("\"{clue}\" between its words")
    } else {
        format!("the word \"{clue}\"")
    };
    let family = written.split_whitespace().last().unwrap_or(written);
    let person = if names::is_maori_leading_word(clue) {
        format!(" (if it is a person, write `{field} = {{{family}, {clue}}}`)")
    } else {
        String::new()
    };
    Problem {
        offset: entry.offset_of(field),
        message: format!(
            "the `{field}` of the entry `{}` has \"{written}\", written without braces: BibTeX and Pandoc read it as a person whose family name is \"{family}\", but {joined} makes it an organisation, so it is printed as written; write `{field} = {{{{{}}}}}` so that BibTeX, Pandoc and reference managers read it the same{person}",
            entry.key,
            written.replace('&', "\\&"),
        ),
        hint: "if it is a person, write the name `Family, Given` (`author = {Trust, Mary}`) and it is read as one; docs/citations.md lists the words that make a name without a comma an organisation",
    }
}

/// The title, the container's (book, journal, multi-volume work), short titles, series,
/// event and original title.
fn map_titles(fields: &EntryFields, kind: &str, item: &mut ItemBuilder) {
    let (main, own, book) = (
        fields.full_title("main"),
        fields.full_title(""),
        fields.full_title("book"),
    );
    let journal = fields.joined(
        &[
            ("journaltitle", ""),
            ("journal", ""),
            ("journalsubtitle", ": "),
        ],
        EntryFields::text,
    );
    let periodical = matches!(fields.entry.kind.as_str(), "periodical");
    match (&main, kind) {
        // A volume of a multi-volume book: the work's title, and this volume's.
        (Some(main), "book") => {
            item.rich("title", main);
            if let Some(own) = &own {
                item.rich("volume-title", own);
            }
        }
        _ if periodical => {
            if let Some(own) = &own {
                item.rich("container-title", own);
            }
        }
        _ => {
            if let Some(own) = &own {
                item.rich("title", own);
            }
        }
    }
    if let Some(short) = fields.title("shorttitle") {
        item.rich("title-short", &short);
    }
    let container =
        book.as_ref()
            .or(journal.as_ref())
            .or(if kind == "book" { None } else { main.as_ref() });
    if !periodical && let Some(container) = container {
        item.rich("container-title", container);
    }
    if let Some(short) = fields
        .text("shortjournal")
        .or_else(|| fields.text("journalabbr"))
    {
        item.rich("container-title-short", &short);
    }
    if let Some(series) = fields.title("series") {
        item.rich("collection-title", &series);
    }
    if let Some(event) = fields.title("eventtitle") {
        item.rich("event-title", &event);
        item.rich("event", &event);
    }
    if let Some(original) = fields.title("origtitle") {
        item.rich("original-title", &original);
    }
}

/// Volume, issue and number (each where the type puts it), counts, version, edition, pages.
fn map_numbers(fields: &EntryFields, kind: &str, item: &mut ItemBuilder) {
    let number = fields.text("number").map(|n| n.plain());
    let issue = fields.text("issue").map(|n| n.plain());
    match kind {
        "article-journal" | "article-magazine" | "article-newspaper" => {
            // biblatex's `number` is the issue, and its `issue` ("Spring") goes after it;
            // an `issue` alone is left out, and a `number` with no `volume` is printed as the
            // volume, as Pandoc does.
            if fields.entry.get("volume").is_none() && number.is_some() {
                item.text("volume", &number.unwrap_or_default());
            } else if let Some(number) = number {
                let joined: Vec<String> = [Some(number), issue].into_iter().flatten().collect();
                item.text("issue", &joined.join(", "));
            }
        }
        "book" | "chapter" | "paper-conference" | "entry-encyclopedia" => {
            if let Some(number) = number {
                item.text("collection-number", &number);
            }
        }
        _ => {
            if let Some(number) = number {
                item.text("number", &number);
            }
        }
    }
    for (field, variable) in [
        ("volume", "volume"),
        ("volumes", "number-of-volumes"),
        ("chapter", "chapter-number"),
        ("pagetotal", "number-of-pages"),
        ("version", "version"),
    ] {
        if let Some(value) = fields.text(field) {
            item.text(variable, &marks::strip(&value.plain()));
        }
    }
    if let Some(edition) = fields.text("edition") {
        item.text("edition", &edition.plain());
    }
    if let Some(pages) = fields.entry.get("pages") {
        // "9--23" is a range whatever the dash; hayagriva prints it with the style's.
        let plain = latex::decode(&pages.replace("--", "-")).plain();
        item.text("page", &plain.replace(['–', '—'], "-"));
    }
}

/// The publisher (school, institution, organization, howpublished and publisher, joined as
/// Pandoc joins them), its place, and an event's venue.
fn map_publisher(fields: &EntryFields, item: &mut ItemBuilder) {
    let mut publisher = Rich::default();
    for field in [
        "school",
        "institution",
        "organization",
        "howpublished",
        "publisher",
    ] {
        if let Some(raw) = fields.entry.get(field) {
            if field == "howpublished"
                && url_in_howpublished(fields.entry).is_some()
                && (url_argument(raw).is_some()
                    || bare_address(raw).is_some()
                    || latex::decode(raw).plain().trim().is_empty())
            {
                continue;
            }
            let text = if field == "howpublished" && raw.trim_start().starts_with("\\url") {
                Rich::plain_text(&latex::decode_verbatim(
                    raw.trim_start().trim_start_matches("\\url"),
                ))
            } else {
                latex::decode(raw)
            };
            publisher.append("; ", &text);
        }
    }
    item.rich("publisher", &publisher);
    if let Some(place) = fields.text("location").or_else(|| fields.text("address")) {
        item.rich("publisher-place", &place);
    }
    if let Some(venue) = fields.text("venue") {
        item.rich("event-place", &venue);
    }
}

/// The genre (a thesis's or data set's label as APA prints it), notes and publication status.
fn map_descriptions(fields: &EntryFields, item: &mut ItemBuilder) {
    if let Some(genre) = fields.text("type") {
        item.text("genre", &genre_name(&genre.plain()));
    } else {
        match fields.entry.kind.as_str() {
            // APA 7 (10.6): "[Doctoral dissertation, University]"; Pandoc says "PhD thesis".
            "phdthesis" => item.text("genre", "Doctoral dissertation"),
            "mastersthesis" => item.text("genre", "Master’s thesis"),
            // APA 7 (10.9) labels a data set "[Data set]"; CSL's term says "dataset".
            "dataset" => item.text("genre", "Data set"),
            _ => {}
        }
    }
    let mut note = Rich::default();
    for field in ["note", "addendum"] {
        if let Some(text) = fields.text(field) {
            note.append(". ", &text);
        }
    }
    item.rich("note", &note);
    if let Some(state) = fields.entry.get("pubstate") {
        let plain = latex::decode(state).plain();
        item.text("status", dates::status(&plain).unwrap_or(plain.as_str()));
    }
}

/// The address of a `howpublished` that is only `\url{…}`, in an entry with no `url`: the
/// usual way to give a web page's address in BibTeX (LaTeX prints it as a link). It is the
/// work's URL, a link with no full stop after it (APA 9.34), where Pandoc makes it the
/// publisher: the address as text, with a full stop after it. Of one that is only
/// `\href{address}{Site name}`, the address (the site's name stays the publisher; Pandoc
/// prints the name and leaves the address out).
fn url_in_howpublished(entry: &BibEntry) -> Option<String> {
    if entry.get("url").is_some() {
        return None;
    }
    let raw = entry.get("howpublished")?;
    let url = latex::decode_verbatim(
        url_argument(raw)
            .or_else(|| href_target(raw))
            .or_else(|| bare_address(raw))?,
    );
    let url = url.trim();
    (!url.is_empty()).then(|| url.to_string())
}

/// A value that is only an address, not in `\url{}`: Zotero's BibTeX export writes a web
/// page's URL so (`howpublished = {https://www.abc.net.au/news/…}`). One word starting with
/// `http://` or `https://`; two addresses (`https://a, http://b`) stay the publisher.
fn bare_address(raw: &str) -> Option<&str> {
    let raw = raw.trim();
    // Bytes, not a slice of the text: `http://ü.example` has no character boundary at 8.
    let is_address = ["http://", "https://"].iter().any(|scheme| {
        raw.as_bytes()
            .get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme.as_bytes()))
    });
    (is_address && !raw.contains(char::is_whitespace) && !raw.ends_with(',')).then_some(raw)
}

/// The argument of a value that is only `\url{…}` (a `howpublished`, or a `url` written
/// `url = {\url{https://…}}` as some citation snippets have it).
fn url_argument(raw: &str) -> Option<&str> {
    let rest = raw.trim().strip_prefix("\\url")?.trim_start();
    // The argument is the whole rest: `\url{a}, \url{b}` is two.
    match braced_group(rest)? {
        (argument, "") => Some(argument),
        _ => None,
    }
}

/// The address of a value that is only `\href{address}{text}` (or `\href{address}` alone).
fn href_target(raw: &str) -> Option<&str> {
    let rest = raw.trim().strip_prefix("\\href")?.trim_start();
    let (address, after) = braced_group(rest)?;
    // Then its text, one group, whole, or nothing.
    let text = after.trim();
    if !text.is_empty() && !braced_group(text)?.1.is_empty() {
        return None;
    }
    Some(address)
}

/// The group `text` starts with, `{…}` (its braces balanced inside), and the text after it.
fn braced_group(text: &str) -> Option<(&str, &str)> {
    let inside = text.strip_prefix('{')?;
    let mut depth = 0usize;
    let end = inside.char_indices().find_map(|(at, c)| match c {
        '{' => {
            depth += 1;
            None
        }
        '}' if depth == 0 => Some(at),
        '}' => {
            depth -= 1;
            None
        }
        _ => None,
    })?;
    Some((&inside[..end], &inside[end + 1..]))
}

/// A `url` or `doi` field's text: `url = {\url{https://…}}` is the address inside.
fn verbatim_field(raw: &str) -> String {
    latex::decode_verbatim(url_argument(raw).unwrap_or(raw))
}

/// DOI, URL, ISBN, ISSN, PubMed ids, and an e-print as the id or link its archive gives.
fn map_identifiers(entry: &BibEntry, item: &mut ItemBuilder) {
    if let Some(doi) = entry.get("doi").map(verbatim_field) {
        item.text("DOI", &clean_doi(&doi));
    }
    if let Some(url) = entry
        .get("url")
        .map(verbatim_field)
        .or_else(|| url_in_howpublished(entry))
    {
        item.text("URL", &url);
    }
    for (field, variable) in [
        ("isbn", "ISBN"),
        ("issn", "ISSN"),
        ("pmid", "PMID"),
        ("pmcid", "PMCID"),
    ] {
        if let Some(value) = entry.get(field).map(latex::decode_verbatim) {
            item.text(variable, &value);
        }
    }
    if let Some(eprint) = entry.get("eprint").map(latex::decode_verbatim) {
        let kind = entry
            .get("eprinttype")
            .or(entry.get("archiveprefix"))
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match kind.as_str() {
            "pubmed" | "pmid" => item.text("PMID", &eprint),
            "pmcid" | "pmc" => item.text("PMCID", &eprint),
            "doi" if !item.has("DOI") => item.text("DOI", &clean_doi(&eprint)),
            _ => {
                if let Some(url) = eprint_url(&kind, &eprint)
                    && !item.has("URL")
                {
                    item.text("URL", &url);
                }
            }
        }
    }
}

/// biblatex's localisation keys in `type` ("phdthesis") as words; other values as written.
fn genre_name(value: &str) -> String {
    match value.trim().to_ascii_lowercase().as_str() {
        "phdthesis" => "Doctoral dissertation".into(),
        "mathesis" | "mastersthesis" => "Master’s thesis".into(),
        "candthesis" => "Candidate thesis".into(),
        "techreport" => "Technical report".into(),
        "resreport" => "Research report".into(),
        "software" => "Computer software".into(),
        "datacd" => "Data CD".into(),
        "audiocd" => "Audio CD".into(),
        _ => value.trim().to_string(),
    }
}

/// A DOI without the resolver written before it: `https://doi.org/10.1/x`, `doi:10.1/x` and a
/// library proxy's `http://dx.doi.org.proxy.example/10.1/x` are all `10.1/x` (APA 7, 9.35:
/// DOIs are printed as https://doi.org/… URLs, once).
pub fn clean_doi(doi: &str) -> String {
    let doi = doi.trim();
    // MEDLINE tags its identifiers (`AID - 10.1111/x.13000 [doi]`), and RIS converted from a
    // PubMed `.nbib` file keeps the tag in `DO`: the DOI is what comes before it.
    let doi = match doi.len().checked_sub(5) {
        Some(at) if doi.is_char_boundary(at) && doi[at..].eq_ignore_ascii_case("[doi]") => {
            doi[..at].trim_end()
        }
        _ => doi,
    };
    let lower = doi.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("doi:") {
        return doi[doi.len() - rest.len()..].trim().to_string();
    }
    if (lower.starts_with("http://") || lower.starts_with("https://"))
        && let Some(at) = lower.find("/10.")
        && lower[..at].contains("doi.org")
    {
        return doi[at + 1..].to_string();
    }
    // The same DOI written twice, the second time as its address (a real export's
    // `10.1093/biomet/asm014https://doi.org/10.1093/biomet/asm014`): once.
    if let Some(at) = lower.find("http://").or_else(|| lower.find("https://"))
        && at > 0
        && clean_doi(&doi[at..]) == doi[..at].trim()
    {
        return doi[..at].trim().to_string();
    }
    doi.to_string()
}

/// The URL of an e-print on a known archive (biblatex's `eprinttype`).
fn eprint_url(kind: &str, id: &str) -> Option<String> {
    Some(match kind {
        "jstor" => format!("https://www.jstor.org/stable/{id}"),
        "arxiv" => format!("https://arxiv.org/abs/{id}"),
        "hdl" | "handle" => format!("https://hdl.handle.net/{id}"),
        "googlebooks" => format!("https://books.google.com?id={id}"),
        _ => return None,
    })
}

/// `date` (or `year`, `month`, `day`), `origdate`, `urldate` and `eventdate`. What cannot
/// be read is left out with a warning, as biber does: a year (the work is then printed as
/// "n.d."), or just a month or day (the year is kept).
fn map_dates(entry: &BibEntry, item: &mut ItemBuilder, warnings: &mut Vec<Problem>) {
    let mut unreadable = |field: &str, value: &str, consequence: &str| {
        warnings.push(Problem {
            offset: entry.offset_of(field),
            message: match value.trim() {
                // `month = {30}`: ISO 8601-2's quarters and other divisions (25 to 41) are
                // neither months nor the seasons CSL and APA know.
                month if field == "month" && month.parse::<u8>().is_ok() => format!(
                    "the `month` of the entry `{}` is {month}, which is not a month (1 to 12) or a season (21 to 24); {consequence}",
                    entry.key
                ),
                value => format!(
                    "the `{field}` of the entry `{}` is not a date (`{value}`); {consequence}",
                    entry.key
                ),
            },
            hint: "write years as 2019, dates as 2019-03-09, months as 3 or mar (or a season as 21 to 24, spring to winter), days as 9; \"in press\" and \"forthcoming\" are printed as they are",
        });
    };
    let plain = |field: &str| entry.get(field).map(|raw| latex::decode(raw).plain());
    let no_date = "the work is printed without one (\"n.d.\")";
    let mut day_in_month = None;
    let issued = match plain("date") {
        Some(date) => match dates::read_date(&date) {
            DateReading::Unreadable => {
                unreadable("date", &date, no_date);
                None
            }
            reading => Some(reading),
        },
        None => plain("year").map(|year| {
            let (month, day) = (plain("month"), plain("day"));
            let reading = dates::read_year(&year, month.as_deref(), day.as_deref());
            if reading != DateReading::Unreadable {
                return reading;
            }
            if let Some((reading, problem)) =
                month_with_day(entry, &year, month.as_deref(), day.as_deref())
            {
                day_in_month = Some(problem);
                return reading;
            }
            match dates::read_year(&year, None, None) {
                DateReading::Unreadable => {
                    unreadable("year", &year, no_date);
                    DateReading::Unreadable
                }
                year_only => {
                    let month_ok = month
                        .as_deref()
                        .is_none_or(|m| dates::month_number(m.trim()).is_some());
                    let (field, value) = if month_ok {
                        ("day", day.unwrap_or_default())
                    } else {
                        ("month", month.unwrap_or_default())
                    };
                    unreadable(field, &value, "only the year is printed");
                    year_only
                }
            }
        }),
    };
    match issued {
        Some(DateReading::Date(date)) => item.date("issued", date),
        // A `pubstate` read before wins over a status written in the year.
        Some(DateReading::Status(status)) if !item.has("status") => item.text("status", status),
        _ => {}
    }
    for (fields, variable) in [
        (&["origdate", "origyear"][..], "original-date"),
        (&["urldate"][..], "accessed"),
        (&["eventdate"][..], "event-date"),
    ] {
        let Some((field, text)) = fields.iter().find_map(|f| Some((*f, plain(f)?))) else {
            continue;
        };
        let reading = match dates::read_date(&text) {
            DateReading::Unreadable => dates::read_dotted(&text).unwrap_or(DateReading::Unreadable),
            reading => reading,
        };
        match reading {
            DateReading::Date(date) => item.date(variable, date),
            DateReading::Unreadable => unreadable(field, &text, "it is left out"),
            DateReading::Status(_) | DateReading::NoDate => {}
        }
    }
    if !item.has("accessed")
        && let Some(DateReading::Date(date)) = plain("note").and_then(|n| accessed_note(&n))
    {
        item.date("accessed", date);
    }
    warnings.extend(day_in_month);
}

/// Paperpile's BibTeX writes a web page's access date in its `note`, `note = "Accessed:
/// 2023-5-2"`, where biblatex has `urldate`; read as `urldate` is when it is the whole note and
/// a date (as a CSL-JSON `note`'s `accessed: …` line is), for an entry without `urldate`.
fn accessed_note(note: &str) -> Option<DateReading> {
    let (label, date) = note.trim().split_once(':')?;
    if !label.trim().eq_ignore_ascii_case("accessed") {
        return None;
    }
    match dates::read_date(date.trim()) {
        reading @ DateReading::Date(_) => Some(reading),
        _ => None,
    }
}

/// A `month` that holds the day too (`month = {4 December}`, `{Dec. 4}`), with no `day`: APA
/// dates a newspaper article or a web page with both, and the day is evidently meant, so the
/// date is read whole; biblatex and Pandoc read a month alone there, so a warning gives the
/// fields that say the same to every tool.
fn month_with_day(
    entry: &BibEntry,
    year: &str,
    month: Option<&str>,
    day: Option<&str>,
) -> Option<(DateReading, Problem)> {
    let written = month?.trim();
    if day.is_some_and(|d| !d.trim().is_empty()) {
        return None;
    }
    let (month, Some(day)) = dates::month_and_day(written)? else {
        return None;
    };
    let reading = dates::read_year(year, Some(&month.to_string()), Some(&day.to_string()));
    let DateReading::Date(date) = &reading else {
        return None;
    };
    let problem = Problem {
        offset: entry.offset_of("month"),
        message: format!(
            "the `month` of the entry `{}` holds a day too (`{written}`): it is read as the date {}-{month:02}-{day:02}, but biblatex and Pandoc read only a month there and print the year alone",
            entry.key, date.year
        ),
        hint: "write the day in its own field, `month = {12}, day = {4}`, or the whole date, `date = {2023-12-04}`, so that every tool reads it",
    };
    Some((reading, problem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paperpiles_accessed_note_is_an_access_date() {
        let date = |note: &str| match accessed_note(note) {
            Some(DateReading::Date(d)) => Some((d.year, d.month, d.day)),
            _ => None,
        };
        assert_eq!(date("Accessed: 2023-5-2"), Some((2023, Some(5), Some(2))));
        assert_eq!(
            date(" accessed:2023-12-04 "),
            Some((2023, Some(12), Some(4)))
        );
        assert_eq!(date("Accessed: 2023-5-2. Updated yearly"), None);
        assert_eq!(date("Accessed: yesterday"), None);
        assert_eq!(date("Published: 2023-5-2"), None);
    }

    #[test]
    fn a_publisher_that_is_the_only_author_is_left_out() {
        let organisation = |name: &str| {
            vec![NameValue::Literal(LiteralName {
                literal: name.into(),
            })]
        };
        let build = |kind: &str, authors: Vec<NameValue>, publisher: &str| {
            let mut item = ItemBuilder::new("k", kind);
            item.names("author", authors);
            item.text("publisher", publisher);
            item.text("container-title", publisher);
            item.build()
        };
        // The same organisation, whatever its case and spaces: no publisher (APA 9.25); a web
        // page's site name likewise, not another type's container.
        let item = build(
            "report",
            organisation("Ministry of Health"),
            "ministry of  Health",
        );
        assert!(!item.0.contains_key("publisher") && item.0.contains_key("container-title"));
        let item = build("webpage", organisation("Debian Project"), "Debian Project");
        assert!(!item.0.contains_key("publisher") && !item.0.contains_key("container-title"));
        // The organisation's abbreviation, written after its name in brackets, either way
        // round, or its name without it: the same organisation.
        let wipo = "World Intellectual Property Organization (WIPO)";
        for (author, publisher) in [
            (wipo, "WIPO"),
            ("WIPO", wipo),
            (wipo, "World Intellectual Property Organization"),
        ] {
            let item = build("report", organisation(author), publisher);
            assert!(!item.0.contains_key("publisher"), "{author} / {publisher}");
        }
        // An abbreviation not written is not guessed, and a bracket of several words ("New
        // Zealand") is not one; another organisation's abbreviation is another.
        for (author, publisher) in [
            ("World Intellectual Property Organization", "WIPO"),
            ("Ministry of Health (New Zealand)", "New Zealand"),
            ("Ministry of Health (MOH)", "Ministry of Education (MOE)"),
            ("Ministry of Health (MOH)", "MOE"),
            (
                "Ministry of Health (Singapore)",
                "Ministry of Health (Malaysia)",
            ),
            (
                "Department of Health (UK)",
                "Department of Health (Ireland)",
            ),
        ] {
            let item = build("report", organisation(author), publisher);
            assert!(item.0.contains_key("publisher"), "{author} / {publisher}");
        }
        // Another publisher, a person, or two authors: kept.
        let item = build("report", organisation("Te Pou"), "Ministry of Health");
        assert!(item.0.contains_key("publisher"));
        let person = vec![NameValue::Item(NameItem {
            family: "Health".into(),
            given: Some("Ministry".into()),
            non_dropping_particle: None,
            dropping_particle: None,
            suffix: None,
            comma_suffix: None,
        })];
        assert!(
            build("report", person, "Ministry Health")
                .0
                .contains_key("publisher")
        );
        let mut two = organisation("Ministry of Health");
        two.extend(organisation("Te Pou"));
        assert!(
            build("report", two, "Ministry of Health")
                .0
                .contains_key("publisher")
        );
    }

    #[test]
    fn dois_lose_their_resolver() {
        assert_eq!(clean_doi("https://doi.org/10.1000/xyz"), "10.1000/xyz");
        assert_eq!(
            clean_doi("http://dx.doi.org/10.1098/rsif.2017.0213"),
            "10.1098/rsif.2017.0213"
        );
        assert_eq!(clean_doi("doi: 10.1/A"), "10.1/A");
        assert_eq!(
            clean_doi("http://dx.doi.org.dianus.libr.tue.nl/10.1037/1082-989X.3.4.403"),
            "10.1037/1082-989X.3.4.403"
        );
        assert_eq!(clean_doi("10.1093/biomet/asm014"), "10.1093/biomet/asm014");
        assert_eq!(
            clean_doi("10.1093/biomet/asm014https://doi.org/10.1093/biomet/asm014"),
            "10.1093/biomet/asm014"
        );
        // Two different DOIs run together are left as written.
        assert_eq!(
            clean_doi("10.1/ahttps://doi.org/10.1/b"),
            "10.1/ahttps://doi.org/10.1/b"
        );
        // MEDLINE's tag, as PubMed-converted RIS keeps it.
        assert_eq!(
            clean_doi("10.1111/1753-6405.13000 [doi]"),
            "10.1111/1753-6405.13000"
        );
        assert_eq!(clean_doi("10.1/x[DOI]"), "10.1/x");
    }

    fn entry(fields: &[(&str, &str)]) -> BibEntry {
        BibEntry {
            key: "k".to_string(),
            kind: "misc".to_string(),
            offset: 0,
            fields: fields
                .iter()
                .map(|(name, raw)| {
                    let field = crate::bibliography::bibtex::Field {
                        raw: (*raw).to_string(),
                        offset: 0,
                    };
                    ((*name).to_string(), field)
                })
                .collect(),
        }
    }

    #[test]
    fn a_howpublished_that_is_only_a_url_is_the_url() {
        // From github.com/613Martin/transfer-effect-mistriage, library.bib (an EndNote export).
        let only = entry(&[(
            "howpublished",
            "\\url{https://github.com/613Martin/transfer-effect-mistriage}",
        )]);
        assert_eq!(
            url_in_howpublished(&only).as_deref(),
            Some("https://github.com/613Martin/transfer-effect-mistriage")
        );
        let escaped = entry(&[("howpublished", " \\url{https://example.org/a\\_b} ")]);
        assert_eq!(
            url_in_howpublished(&escaped).as_deref(),
            Some("https://example.org/a_b")
        );
        // `\href{address}{Site name}`: the address (a file quoting the citation that
        // github.com/n0obcoder/NIH-Chest-X-Rays-Multi-Label-Image-Classification-In-Pytorch
        // asks for; the site's name stays the publisher), also with nothing after it.
        let href = entry(&[(
            "howpublished",
            "\\href{https://github.com/n0obcoder/NIH-Chest-X-Rays-Multi-Label-Image-Classification-In-Pytorch}{GitHub Repository}",
        )]);
        assert_eq!(
            url_in_howpublished(&href).as_deref(),
            Some(
                "https://github.com/n0obcoder/NIH-Chest-X-Rays-Multi-Label-Image-Classification-In-Pytorch"
            )
        );
        for raw in [
            "\\href{https://x.org/c}{X {site}}",
            "\\href{https://x.org/c}",
        ] {
            let href = entry(&[("howpublished", raw)]);
            assert_eq!(
                url_in_howpublished(&href).as_deref(),
                Some("https://x.org/c")
            );
        }
        // An address alone, as Zotero writes a web page's (github.com/DavidPatShuiFong/coHealth,
        // `My Library.bib`), with BibTeX's escapes.
        let bare = entry(&[(
            "howpublished",
            "https://www.abc.net.au/news/2011-05-31/chestnut-growers-seek-better-compo-deal/2738550",
        )]);
        assert_eq!(
            url_in_howpublished(&bare).as_deref(),
            Some(
                "https://www.abc.net.au/news/2011-05-31/chestnut-growers-seek-better-compo-deal/2738550"
            )
        );
        // An address whose eighth byte is inside a letter (`ü`) is one too.
        let international = entry(&[("howpublished", "http://ü.example/x")]);
        assert_eq!(
            url_in_howpublished(&international).as_deref(),
            Some("http://ü.example/x")
        );
        let escaped = entry(&[("howpublished", " HTTP://x.org/a?b=1\\&c=2 ")]);
        assert_eq!(
            url_in_howpublished(&escaped).as_deref(),
            Some("HTTP://x.org/a?b=1&c=2")
        );
        // Text around it, two of them, or a `url` of the entry's own: left as the publisher.
        for fields in [
            vec![("howpublished", "https://a.org, http://b.org")],
            vec![("howpublished", "See https://a.org")],
            vec![("howpublished", "http:")],
            vec![("howpublished", "Online at \\url{https://example.org}")],
            vec![("howpublished", "\\url{https://a.org}, \\url{https://b.org}")],
            vec![("howpublished", "\\href{https://a.org}{A} and more")],
            vec![
                ("howpublished", "\\url{https://a.org}"),
                ("url", "https://b.org"),
            ],
        ] {
            assert_eq!(url_in_howpublished(&entry(&fields)), None, "{fields:?}");
        }
        // A `url` written as `\url{…}` (github.com/svmiller/jpr-bst-file, README.md).
        assert_eq!(
            verbatim_field("\\url{http://newsarticletimes.com/dec-4-news.html}"),
            "http://newsarticletimes.com/dec-4-news.html"
        );
        assert_eq!(verbatim_field("https://x.org/a\\_b"), "https://x.org/a_b");
    }

    #[test]
    fn multi_word_family_names_are_not_re_parsed() {
        let name = names::parse_list("Orobio de Castro, Bram").remove(0);
        match name_value(&name, false) {
            NameValue::Item(item) => {
                assert_eq!(item.non_dropping_particle.as_deref(), Some("Orobio"));
                assert_eq!(item.family, "de Castro");
            }
            other => panic!("{other:?}"),
        }
    }
}
