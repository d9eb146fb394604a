//! RIS files (`.ris`): the tagged format every reference manager and database exports
//! (EndNote, Zotero, Mendeley, Scopus, Web of Science, library catalogues). A record is lines
//! of `TAG  - value`, from `TY  - JOUR` to `ER  -`; each becomes a CSL-JSON item.
//!
//! Tags mean different things in different types (`T2` is a journal for an article, the
//! book for a chapter, the series for a book; `A2` is a chapter's editors but a book's series
//! editors): the mapping follows the RIS specification as Zotero and EndNote write it.
//! RIS has no citation keys: a record's `ID` is its key, else Pandoc's rule makes one (the
//! first word of each author's family name and the year, joined by `_`: `Smith_Jones_2019`,
//! then `Smith_Jones_2019a` for a second work that would get the same key).
//! Titles are taken as written (RIS holds them as the reference manager stores them), with
//! Zotero's rich text (`<i>`) read as in CSL-JSON.

use std::collections::HashMap;

use hayagriva::citationberg::json::{Item, LiteralName, NameItem, NameValue};

use super::bibtex::{Problem, UNSEEN_HINT, UNSEEN_SHOWN};
use super::csl::{ItemBuilder, clean_doi};
use super::dates::{self, DateReading};
use crate::support::diagnostic::LineIndex;

/// One `TAG  - value` line (with the lines that continue it), and where it starts.
struct Field {
    tag: String,
    value: String,
    offset: usize,
}

/// A record: its fields in order, and where it starts.
struct Record {
    fields: Vec<Field>,
    offset: usize,
}

impl Record {
    fn first(&self, tags: &[&str]) -> Option<&Field> {
        tags.iter().find_map(|tag| {
            self.fields
                .iter()
                .find(|f| f.tag == *tag && !f.value.is_empty())
        })
    }

    fn value(&self, tags: &[&str]) -> Option<&str> {
        self.first(tags).map(|f| f.value.as_str())
    }

    fn all<'r>(&'r self, tags: &'r [&str]) -> impl Iterator<Item = &'r str> + 'r {
        self.fields
            .iter()
            .filter(move |f| tags.contains(&f.tag.as_str()) && !f.value.is_empty())
            .map(|f| f.value.as_str())
    }
}

const FORMAT_HINT: &str = "a RIS record is lines of `TAG  - value` (two capital letters or a letter and a digit, two spaces, a hyphen, a space), from `TY  - JOUR` to `ER  - `; export the references again as RIS";

/// The items of a RIS file as (key, item, byte offset of the record). Problems go to
/// `problems` (errors: a key used twice) and `warnings` (what was read another way or left
/// out).
pub fn read(
    text: &str,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Vec<super::KeyedItem> {
    let records = records(text, warnings);
    if records.is_empty() && !text.trim().is_empty() && warnings.is_empty() {
        warnings.push(Problem {
            offset: 0,
            message: "this RIS file holds no records".into(),
            hint: FORMAT_HINT,
        });
    }
    let order = name_order(&records, warnings);
    comma_organisation_warnings(&records, warnings);
    let mut items = Vec::with_capacity(records.len());
    // Key → the offset of the record that has it first; for made keys, how many took it.
    let mut given: HashMap<String, usize> = HashMap::new();
    let mut made: HashMap<String, u32> = HashMap::new();
    // Made at the first key used twice, not counted from the file's start for each.
    let lines = std::cell::OnceCell::new();
    for record in &records {
        let key = match record.value(&["ID"]) {
            Some(id) => {
                let id = id.to_string();
                if let Some(first) = given.get(&id) {
                    let line = lines
                        .get_or_init(|| LineIndex::new(text))
                        .line_col(*first)
                        .0;
                    problems.push(Problem {
                        offset: record.offset,
                        message: format!(
                            "the key `{id}` (`ID`) is used by two records in this file (the first is on line {line})"
                        ),
                        hint: "keys must be unique: give one of them another `ID`",
                    });
                    continue;
                }
                given.insert(id.clone(), record.offset);
                id
            }
            None => {
                let key = made_key(record, order);
                let count = made.entry(key.clone()).or_insert(0);
                *count += 1;
                match *count {
                    1 => key,
                    // `a` for the second, `b`..., then `aa`: as year letters run.
                    n => format!("{key}{}", super::year_letters::letters(n as usize - 2)),
                }
            }
        };
        let item = item(record, &key, order, warnings);
        items.push((key, item, record.offset));
    }
    items
}

/// Pandoc's key for a record without an `ID`: the first word of each author's name (up to a
/// comma or space), then the year, each after a `_` (`Smith_Jones_2019`; `_2019` without
/// authors). Only letters, digits and `-` are kept of a name, so the key can be cited as
/// written (`O'Brien` gives `OBrien`), and only the year of a date. In a file that writes
/// `Given Family`, the family name is taken (`A. Miller` gives `Miller`).
fn made_key(record: &Record, order: NameOrder) -> String {
    let mut key = String::new();
    for author in record.all(&["AU", "A1"]) {
        if !key.is_empty() {
            key.push('_');
        }
        let word = match given_first(author) {
            NameValue::Item(name)
                if order == NameOrder::GivenFirst
                    && !author.contains(',')
                    && !reads_as_organisation(author) =>
            {
                name.family
            }
            _ => author
                .split(|c: char| c == ',' || c.is_whitespace())
                .next()
                .unwrap_or_default()
                .to_string(),
        };
        key.extend(word.chars().filter(|c| c.is_alphanumeric() || *c == '-'));
    }
    if let Some(year) = record.value(&["PY", "Y1", "DA"]) {
        let digits: String = year
            .trim()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            key.push('_');
            key.push_str(&digits);
        }
    }
    if key.is_empty() {
        key.push_str("_untitled");
    }
    key
}

/// Whether `line` is a tag line: the tag and the value after `- `.
/// Tags longer than two characters (`NOTE - `, written by some scripts) are read as tags too,
/// so that their text does not run into the field before; no mapping uses them.
fn tag_line(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    if bytes.len() < 3
        || !bytes[0].is_ascii_uppercase()
        || !(bytes[1].is_ascii_uppercase() || bytes[1].is_ascii_digit())
    {
        return None;
    }
    let length = 2 + bytes[2..]
        .iter()
        .take(2)
        .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        .count();
    // `TY  - JOUR` as the specification writes it; `TY - JOUR` and `TY  -JOUR` as some
    // exporters do. A longer tag needs its space (`USA-wide` starts no field).
    let after = &line[length..];
    let rest = after.trim_start_matches([' ', '\t']);
    let value = rest.strip_prefix('-')?;
    let spaced = after.starts_with([' ', '\t']);
    if !(value.is_empty() || value.starts_with([' ', '\t']) || spaced) || (length > 2 && !spaced) {
        return None;
    }
    Some((&line[..length], value.trim()))
}

/// The file's records. A line that is not a tag continues the field before it (a long
/// abstract or title wrapped); text outside records, a record that starts without `TY` or
/// ends without `ER` are read as well as they can be, with a warning.
fn records(text: &str, warnings: &mut Vec<Problem>) -> Vec<Record> {
    let mut records = Vec::new();
    let mut open: Option<Record> = None;
    let mut stray_warned = false;
    let mut unseen = 0;
    let mut offset = 0;
    // Lines end in LF, CRLF, or CR alone (as classic Mac OS exports wrote them).
    let cr_only = !text.contains('\n');
    let ends = |c: char| c == '\n' || (cr_only && c == '\r');
    for raw in text.split_inclusive(ends) {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        let Some((tag, value)) = tag_line(line) else {
            match open.as_mut().and_then(|r| r.fields.last_mut()) {
                Some(field) => {
                    unseen_in_line(line, at, &field.tag, &mut unseen, warnings);
                    if !field.value.is_empty() {
                        field.value.push(' ');
                    }
                    field.value.push_str(line.trim());
                }
                None if !stray_warned => {
                    stray_warned = true;
                    warnings.push(Problem {
                        offset: at,
                        message: "this line is not part of a RIS record; it is left out (and any like it before the next record)".into(),
                        hint: FORMAT_HINT,
                    });
                }
                None => {}
            }
            continue;
        };
        stray_warned = false;
        unseen_in_line(line, at, tag, &mut unseen, warnings);
        match tag {
            "TY" => {
                if let Some(unended) = open.take() {
                    warnings.push(Problem {
                        offset: unended.offset,
                        message: "this RIS record has no `ER  - ` line before the next `TY`; it is read up to there".into(),
                        hint: "end each record with a line `ER  - `",
                    });
                    records.push(unended);
                }
                open = Some(Record {
                    fields: Vec::new(),
                    offset: at,
                });
            }
            "ER" => {
                match open.take() {
                    Some(record) => records.push(record),
                    None => warnings.push(Problem {
                        offset: at,
                        message:
                            "this `ER` ends no record (no `TY` line before it); it is left out"
                                .into(),
                        hint: FORMAT_HINT,
                    }),
                }
                continue;
            }
            _ if open.is_none() => {
                warnings.push(Problem {
                    offset: at,
                    message: format!(
                        "this record starts with `{tag}`, not `TY`; its type is not known, so it is read as a document"
                    ),
                    hint: "start each record with its type: `TY  - JOUR`, `TY  - BOOK`...",
                });
                open = Some(Record {
                    fields: Vec::new(),
                    offset: at,
                });
            }
            _ => {}
        }
        if let Some(record) = open.as_mut() {
            record.fields.push(Field {
                tag: tag.to_string(),
                value: value.to_string(),
                offset: at,
            });
        }
        if let Some(field) = open.as_mut().and_then(|r| r.fields.last_mut())
            && field.value.contains("  ")
        {
            // `Washington  D.C.`: runs of spaces, as exporters pad or wrap values.
            field.value = field.value.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    if let Some(unended) = open {
        warnings.push(Problem {
            offset: unended.offset,
            message: "the last RIS record has no `ER  - ` line; it is read to the end of the file"
                .into(),
            hint: "end each record with a line `ER  - `",
        });
        records.push(unended);
    }
    leave_out_unseen(&mut records, unseen, warnings);
    records
}

/// Takes the characters [`unseen_in_line`] warned of (`unseen` of them) out of the values, and
/// counts those past the first few in one warning.
fn leave_out_unseen(records: &mut [Record], unseen: usize, warnings: &mut Vec<Problem>) {
    if unseen == 0 {
        return;
    }
    for field in records.iter_mut().flat_map(|r| r.fields.iter_mut()) {
        field
            .value
            .retain(|c| !crate::support::escape::forbidden_in_markup(c));
    }
    if unseen > UNSEEN_SHOWN {
        warnings.push(Problem {
            offset: 0,
            message: format!(
                "{} more characters no web page or feed may hold are left out of this file's fields",
                unseen - UNSEEN_SHOWN
            ),
            hint: UNSEEN_HINT,
        });
    }
}

/// A warning at each character no page or feed may hold (a raw BEL or ESC pasted into a
/// title) in `line`, which starts at `at` and belongs to the field `tag`: it is left out, as
/// the `.bib` reader leaves it out. `unseen` counts them across the file.
fn unseen_in_line(
    line: &str,
    at: usize,
    tag: &str,
    unseen: &mut usize,
    warnings: &mut Vec<Problem>,
) {
    let what = || format!("the `{tag}` field of this record");
    super::bibtex::unseen_characters(line, at, what, unseen, warnings);
}

/// RIS reference types as CSL types: the specification's types and EndNote's and Zotero's
/// readings of them (Zotero writes a web page as `ELEC`, a film as `MPCT`, a presentation as
/// `SLIDE`). Pandoc's table is followed except where it gives a wrong kind of work for APA:
/// `VIDEO` and `ADVS` are films and videos, `SOUND` a recording, not a score.
fn csl_type(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "ABST" | "EJOUR" | "INPR" | "JFULL" | "JOUR" => "article-journal",
        "ADVS" | "MPCT" | "VIDEO" => "motion_picture",
        "AGGR" | "DATA" | "DBASE" => "dataset",
        "ANCIENT" | "BOOK" | "CLSWK" | "EBOOK" | "EDBOOK" | "DICT" => "book",
        "ART" | "CHART" | "FIGURE" | "EQUA" => "graphic",
        "BILL" | "UNBILL" => "bill",
        "BLOG" => "post-weblog",
        "CASE" | "LEGAL" => "legal_case",
        "CHAP" | "ECHAP" => "chapter",
        "COMP" => "software",
        "CONF" | "CPAPER" => "paper-conference",
        "CTLG" => "article-magazine",
        "ELEC" | "WEB" | "MULTI" => "webpage",
        "ENCYC" => "entry-encyclopedia",
        "GEN" => "document",
        "GOVDOC" | "GRANT" | "GRNT" | "HEAR" | "RPRT" | "STAND" => "report",
        "ICOMM" | "PCOMM" => "personal_communication",
        "MANSCPT" | "UNPB" | "UNPD" => "manuscript",
        "MAP" => "map",
        "MGZN" => "article-magazine",
        "MUSIC" => "musical_score",
        "NEWS" => "article-newspaper",
        "PAMP" => "pamphlet",
        "PAT" => "patent",
        "SER" => "book",
        "SLIDE" => "speech",
        "SOUND" => "song",
        "STAT" => "legislation",
        "THES" => "thesis",
        _ => return None,
    })
}

/// A record as a CSL-JSON item.
fn item(record: &Record, key: &str, order: NameOrder, warnings: &mut Vec<Problem>) -> Item {
    let ty_field = record.first(&["TY"]);
    let ty = ty_field.map_or("", |f| f.value.trim());
    let ty_upper = ty.to_ascii_uppercase();
    let kind = match csl_type(&ty_upper) {
        // Zotero writes a dictionary entry as `DICT`, with the dictionary in `T2`; EndNote a
        // whole dictionary.
        Some("book") if ty_upper == "DICT" && record.value(&["T2"]).is_some() => "entry-dictionary",
        Some(kind) => kind,
        None => {
            if !ty.is_empty() {
                warnings.push(Problem {
                    offset: ty_field.map_or(record.offset, |f| f.offset),
                    message: format!(
                        "`TY  - {ty}` is not a RIS reference type; the work `{key}` is read as a document"
                    ),
                    hint: "RIS types are JOUR, BOOK, CHAP, RPRT, THES, ELEC, NEWS, MGZN, CONF, GEN and the others of the RIS specification",
                });
            }
            "document"
        }
    };
    let book = matches!(kind, "book");
    let mut builder = ItemBuilder::new(key, kind);
    map_names(record, &ty_upper, book, order, &mut builder);
    map_titles(record, kind, &mut builder);
    map_dates(record, &mut builder, warnings);
    if ty_upper == "INPR" && !builder.has("issued") && !builder.has("status") {
        builder.text("status", "in press");
    }
    map_numbers(record, &ty_upper, kind, &mut builder);
    builder.text("publisher", record.value(&["PB"]).unwrap_or_default());
    builder.text(
        "publisher-place",
        record.value(&["CY", "PP"]).unwrap_or_default(),
    );
    builder.text("language", record.value(&["LA"]).unwrap_or_default());
    if let Some(genre) = record.value(&["M3"]) {
        let genre = genre.trim();
        if looks_like_doi(genre) {
            // EndNote writes a DOI in `M3` ("Type of Work") when it has nowhere else.
            if record.value(&["DO"]).is_none() {
                builder.text("DOI", &clean_doi(genre));
            }
        } else if matches!(
            kind,
            "thesis"
                | "report"
                | "webpage"
                | "post-weblog"
                | "manuscript"
                | "map"
                | "graphic"
                | "speech"
                | "motion_picture"
                | "song"
                | "dataset"
        ) {
            builder.text("genre", genre);
        }
    }
    // APA 7 (10.9) labels a data set "[Data set]"; CSL's term says "Dataset" (as for `.bib`
    // and CSL-JSON).
    if kind == "dataset" && !builder.has("genre") {
        builder.text("genre", "Data set");
    }
    // A thesis's `DB` ("Name of Database") is the repository or database it is in, which APA
    // 10.6 prints after the university: "[Doctoral thesis, University of Waikato]. Research
    // Commons." (Zotero's CSL-JSON `archive`). Another work's `DB` is the database it was
    // found in (PubMed, Scopus), which APA 9.30 leaves out.
    if kind == "thesis" {
        builder.text("archive", record.value(&["DB"]).unwrap_or_default());
    }
    if let Some(doi) = record.value(&["DO"]) {
        builder.text("DOI", &clean_doi(doi));
    }
    if let Some((url, offset)) = record_url(record) {
        if !builder.has("DOI") && url.to_ascii_lowercase().contains("doi.org/10.") {
            builder.text("DOI", &clean_doi(url));
        } else {
            if let Some(message) = crate::bibliography::html::unlinked_url(key, url) {
                warnings.push(Problem {
                    offset,
                    message,
                    hint: crate::bibliography::html::UNLINKED_URL_HINT,
                });
            }
            builder.text("URL", url);
        }
    }
    builder.build()
}

/// The address of a record's `UR` (or `LK`) lines, which may hold several apart by spaces
/// or `;`, and the offset of its line: the first web address, else the first with a scheme
/// (`ftp://`), else the first word (`www.example.org` without its `https://`, `javascript:`),
/// which is printed as text with a warning as a `.bib` file's is, not left out unseen.
fn record_url(record: &Record) -> Option<(&str, usize)> {
    let candidates = || {
        record
            .fields
            .iter()
            .filter(|f| matches!(f.tag.as_str(), "UR" | "LK"))
            .flat_map(|f| f.value.split([' ', ';']).map(move |u| (u.trim(), f.offset)))
            .filter(|(u, _)| !u.is_empty())
    };
    candidates()
        .find(|(u, _)| crate::bibliography::html::is_safe_url(u))
        .or_else(|| candidates().find(|(u, _)| u.contains("://")))
        .or_else(|| candidates().next())
}

fn looks_like_doi(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let lower = lower
        .trim_start_matches("doi:")
        .trim_start_matches("https://doi.org/")
        .trim();
    lower.starts_with("10.") && lower.contains('/')
}

/// Authors, editors, series editors and translators. `A2` is a book's series editors but
/// every other work's editors; `A3` a book's editors but other works' series editors; an
/// edited book (`EDBOOK`) lists its editors as its authors.
fn map_names(record: &Record, ty: &str, book: bool, order: NameOrder, builder: &mut ItemBuilder) {
    let names = |tags: &[&str]| -> Vec<NameValue> {
        record.all(tags).map(|raw| name_value(raw, order)).collect()
    };
    let mut authors = names(&["AU", "A1"]);
    let (mut editors, mut series_editors) = if book {
        (names(&["A3"]), names(&["A2"]))
    } else {
        (names(&["A2"]), names(&["A3"]))
    };
    if matches!(ty, "MPCT" | "VIDEO" | "ADVS") {
        // A film's or video's `A2` and `A3` are its producers or the channel that put it out
        // (EndNote, Zotero), not editors: APA names them as the author when no one else is.
        let makers = [
            std::mem::take(&mut editors),
            std::mem::take(&mut series_editors),
        ]
        .concat();
        if authors.is_empty() {
            authors = makers;
        }
    }
    editors.extend(names(&["ED"]));
    if ty == "EDBOOK" && editors.is_empty() {
        editors = authors;
    } else {
        builder.names("author", authors);
    }
    builder.names("editor", editors);
    builder.names("collection-editor", series_editors);
    builder.names("translator", names(&["A4"]));
}

/// The tags that hold names.
const NAME_TAGS: [&str; 7] = ["AU", "A1", "A2", "A3", "A4", "ED", "TA"];

/// How a file writes names without a comma.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum NameOrder {
    /// As RIS says: a person is `Family, Given`, so a name without a comma is an
    /// organisation's.
    FamilyFirst,
    /// No name in the file has a comma and some have initials (`A. Miller`): the file writes
    /// people as `Given Family`, as some scripts do.
    GivenFirst,
}

/// The file's way of writing names; a warning says so when it is not RIS's own.
fn name_order(records: &[Record], warnings: &mut Vec<Problem>) -> NameOrder {
    let names = || {
        records
            .iter()
            .flat_map(|r| r.fields.iter())
            .filter(|f| NAME_TAGS.contains(&f.tag.as_str()))
    };
    if names().any(|f| f.value.contains(',')) {
        return NameOrder::FamilyFirst;
    }
    let initial = |word: &str| {
        let mut chars = word.chars();
        matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
    };
    match names().find(|f| f.value.split_whitespace().any(initial)) {
        Some(field) => {
            warnings.push(Problem {
                offset: field.offset,
                message: format!(
                    "no name in this file has a comma, and some have initials (`{}`): each is read as given names, then the family name",
                    field.value
                ),
                hint: "RIS writes a person as `Family, Given` (`Miller, A.`) and an organisation without a comma; in this file an organisation is read as a person unless it is evidently one (`Ministry of Health`, `World Health Organization`: docs/citations.md gives the rule)",
            });
            NameOrder::GivenFirst
        }
        None => NameOrder::FamilyFirst,
    }
}

/// The name of an organisation written with a comma, so that it reads as a person
/// (`Te Whatu Ora, Health New Zealand`), when its given part is no person's
/// ([`super::names::reversed_organisation_clue`]); `None` for a person.
fn comma_organisation(raw: &str) -> Option<CommaOrganisation<'_>> {
    let (family, given) = raw.trim().split_once(',')?;
    let (family, given) = (family.trim(), given.trim().trim_end_matches(',').trim());
    if given.contains(',') || family.is_empty() {
        return None;
    }
    let clue = super::names::reversed_organisation_clue(family, given)?;
    Some(CommaOrganisation {
        name: raw.trim().trim_end_matches(',').trim(),
        family,
        given,
        clue,
    })
}

/// An RIS organisation written with a comma, as [`comma_organisation`] reads it.
struct CommaOrganisation<'a> {
    /// The name as written, less the spaces and commas around it.
    name: &'a str,
    /// The parts before and after the comma, which RIS reads as family and given names.
    family: &'a str,
    given: &'a str,
    /// The word that gave it away.
    clue: String,
}

/// A warning at each name [`comma_organisation`] takes for an organisation's: it is printed
/// as written, where RIS readers print a person ("Te Whatu Ora, H. N. Z."), and RIS has no
/// way to write an organisation's comma that every tool reads.
fn comma_organisation_warnings(records: &[Record], warnings: &mut Vec<Problem>) {
    let fields = records
        .iter()
        .flat_map(|r| r.fields.iter())
        .filter(|f| NAME_TAGS.contains(&f.tag.as_str()));
    for field in fields {
        let Some(CommaOrganisation {
            name,
            family,
            given,
            clue,
        }) = comma_organisation(&field.value)
        else {
            continue;
        };
        // A company's suffix follows its name without a comma (`Acme LLC`); other parts
        // after one, with a dash (`Te Whatu Ora – Health New Zealand`).
        let company = super::names::is_company_suffix(given);
        let without_comma = if company {
            format!("`{}  - {family} {given}`", field.tag)
        } else {
            format!("`{}  - {}`", field.tag, name.replacen(',', " –", 1))
        };
        // A one-word family name before an organisation word ("Organization, World
        // Health") is most likely the name turned round, as Google Scholar writes it; never
        // one before a company's suffix ("LLC Acme" is no name).
        let fix = if company || family.contains(char::is_whitespace) {
            format!("write it without the comma ({without_comma})")
        } else {
            format!(
                "write it the right way round if the comma turned it, as Google Scholar's RIS writes organisations (`{}  - {given} {family}`), or else without the comma ({without_comma})",
                field.tag
            )
        };
        warnings.push(Problem {
            offset: field.offset,
            message: format!(
                "`{}  - {name}` is written as a person, the family name \"{family}\" and the given names \"{given}\", but \"{clue}\" is no one's given name: it is printed as written, as an organisation's name; other tools print it as a person, so {fix}",
                field.tag,
            ),
            hint: "RIS writes a person `Family, Given` and an organisation without a comma; in Zotero, make the author one field (\"Switch to single field\") and leave the comma out; docs/citations.md lists the words that make a given name an organisation's",
        });
    }
}

/// One RIS name. `Family, Given, Suffix` is a person (a leading lowercase word of the family
/// part is a particle: `van der Berg, Jan`); a name without a comma is an organisation, printed
/// as written ("World Health Organization"), except the `Family GI` form of PubMed's exports
/// ("Smith JA": a family name and up to three capital initials), and in a file that writes
/// people `Given Family` (see [`NameOrder`]).
fn name_value(raw: &str, order: NameOrder) -> NameValue {
    let raw = raw.trim();
    // EndNote ends a list cut short with "et al.," or "and others," (its comma marks a name
    // not to be split): "et al.", as a `.bib` file's `and others` is.
    let unmarked = raw.trim_end_matches([',', ' ']);
    if super::names::is_et_al(unmarked) || unmarked.eq_ignore_ascii_case("and others") {
        return NameValue::Literal(LiteralName {
            literal: "others".into(),
        });
    }
    if order == NameOrder::GivenFirst && !raw.contains(',') && !reads_as_organisation(raw) {
        return given_first(raw);
    }
    if let Some(organisation) = comma_organisation(raw) {
        return NameValue::Literal(LiteralName {
            literal: organisation.name.to_string(),
        });
    }
    if let Some(organisation) = marked_organisation_with_comma(raw) {
        return NameValue::Literal(LiteralName {
            literal: organisation.to_string(),
        });
    }
    let mut parts: Vec<&str> = raw.split(',').map(str::trim).collect();
    let family_part = parts.remove(0);
    // Empty parts are stray commas (`Brown,, Bob`, `Smith, John,`).
    parts.retain(|p| !p.is_empty());
    // BibTeX's `Family, Jr., Given` order, which some exporters keep in RIS.
    if parts.len() == 2 && super::names::is_suffix(parts[0]) && !super::names::is_suffix(parts[1]) {
        parts.swap(0, 1);
    }
    let given = parts.first().copied();
    let suffix = (parts.len() > 1).then(|| parts[1..].join(", "));
    // `King, Jr.`: a suffix alone after the family name is no given name ("King, J."), as a
    // Hayagriva YAML file's is not.
    let (given, suffix) = match (given, suffix) {
        // Web of Science's `Smith, JR` is initials ("J. R."), not "Smith, JR".
        (Some(given), None)
            if super::names::is_suffix(given) && !matches!(given.trim(), "JR" | "SR") =>
        {
            (None, Some(given.to_string()))
        }
        other => other,
    };
    if family_part.is_empty() {
        // `, Ann`: a given name alone is printed as the name, as a CSL-JSON name with only
        // a given name is (a line of commas alone, as written).
        let literal = if parts.is_empty() {
            raw.to_string()
        } else {
            parts.join(", ")
        };
        return NameValue::Literal(LiteralName { literal });
    }
    let (family_part, given) = match given {
        Some(given) => (
            family_part,
            Some(super::names::capital_initials(
                &super::names::spaced_initials(given),
                family_part,
            )),
        ),
        None if suffix.is_some() => (family_part, None),
        None => match family_part.rsplit_once(' ') {
            // `Jean LI`: a given name, then a family name in capitals, not PubMed's initials.
            Some((given, family))
                if super::names::is_given_then_two_letter_family(
                    &family_part.split_whitespace().collect::<Vec<_>>(),
                ) =>
            {
                (family, Some(given.to_string()))
            }
            Some((family, initials))
                if !family.contains(' ')
                    && (1..=3).contains(&initials.len())
                    && initials.chars().all(|c| c.is_ascii_uppercase()) =>
            {
                let spaced: Vec<String> = initials.chars().map(|c| format!("{c}.")).collect();
                (family, Some(spaced.join(" ")))
            }
            // An organisation; EndNote writes one with a comma after it (`World Health
            // Organization,`), so that it is not read as a person: the comma is not printed.
            _ => {
                return NameValue::Literal(LiteralName {
                    literal: family_part.to_string(),
                });
            }
        },
    };
    let words: Vec<&str> = family_part.split_whitespace().collect();
    let particles = words
        .iter()
        .take_while(|w| w.starts_with(char::is_lowercase))
        .count()
        .min(words.len().saturating_sub(1));
    let particle = (particles > 0).then(|| words[..particles].join(" "));
    let family = words[particles..].join(" ");
    if family.is_empty() {
        return NameValue::Literal(LiteralName {
            literal: raw.to_string(),
        });
    }
    // The particle is kept with the family name ("van der Berg, J."), as citeproc-js reads
    // a reference manager's family name. A multi-word family name goes over as its first word
    // and the rest, as the `.bib` reader hands it (hayagriva would re-parse it otherwise: see
    // `csl::name_value`).
    let (family, non_dropping) = match (particle, family.split_once(' ')) {
        (Some(particle), _) => (family, Some(particle)),
        (None, Some((first, rest))) => (rest.to_string(), Some(first.to_string())),
        (None, None) => (family, None),
    };
    NameValue::Item(NameItem {
        family,
        given,
        non_dropping_particle: non_dropping,
        dropping_particle: None,
        suffix,
        comma_suffix: None,
    })
}

/// An organisation's name that holds a comma, marked as EndNote marks an organisation, with a
/// comma after it (`U.S. Department of Agriculture, Agricultural Research Service,`): the
/// name without that comma, when its part before the first comma is evidently an
/// organisation's by the rule for `.bib` names ([`super::names::organisation_clue`]:
/// "Department", "of" between words). A person written with a stray comma after the name
/// (`Smith, John,`, `van der Berg, Jan,`) has no such part, nor has a two-word family name
/// that starts as Māori organisations' names do (`Te Awa, Hemi,`: a person's as often).
fn marked_organisation_with_comma(raw: &str) -> Option<&str> {
    let name = raw.trim().strip_suffix(',')?.trim_end();
    let (first, rest) = name.split_once(',')?;
    if rest.trim_matches([',', ' ']).is_empty() {
        return None;
    }
    let words: Vec<String> = first.split_whitespace().map(str::to_string).collect();
    if words.len() == 2 && super::names::is_maori_leading_word(&words[0]) {
        return None;
    }
    super::names::organisation_clue(&words).map(|_| name)
}

/// Whether a name without a comma is evidently an organisation's ("World Health
/// Organization", "Ministry of Health"), by the rule `.bib` names follow
/// ([`super::names::organisation_clue`]): kept whole in a file that writes people
/// `Given Family`.
fn reads_as_organisation(raw: &str) -> bool {
    let words: Vec<String> = raw.split_whitespace().map(str::to_string).collect();
    super::names::organisation_clue(&words).is_some()
}

/// `G. A. Clyde Jr`: given names, the family name, and a suffix after it.
fn given_first(raw: &str) -> NameValue {
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    let suffix = match words.last() {
        Some(last) if words.len() > 2 && super::names::is_suffix(last) => {
            words.pop().map(str::to_string)
        }
        _ => None,
    };
    let Some((family, given)) = words.split_last().filter(|(_, given)| !given.is_empty()) else {
        return NameValue::Literal(LiteralName {
            literal: raw.to_string(),
        });
    };
    NameValue::Item(NameItem {
        family: family.to_string(),
        given: Some(given.join(" ")),
        non_dropping_particle: None,
        dropping_particle: None,
        suffix,
        comma_suffix: None,
    })
}

/// The title, the container's, the series' and the short title. `T2` is the journal (or
/// book, site, conference) a work is in, except for a book or report, where it is the series.
fn map_titles(record: &Record, kind: &str, builder: &mut ItemBuilder) {
    // `Cooperation and Conflict,`: a title's trailing comma or semicolon is left from the
    // citation it was copied out of.
    let marked = |text: &str| super::csl_json::marked(text.trim_end_matches([',', ';', ' ']));
    let whole = matches!(kind, "book" | "report");
    let title = record
        .value(&["TI", "T1", "CT"])
        .or_else(|| whole.then(|| record.value(&["BT"])).flatten());
    if let Some(title) = title {
        builder.text("title", &marked(title));
    }
    let container = if whole {
        None
    } else {
        record.value(&["JF", "T2", "JO", "BT"])
    };
    if let Some(container) = container {
        builder.text("container-title", &marked(container));
    }
    let series = if whole {
        record.value(&["T2", "T3"])
    } else {
        record.value(&["T3"])
    };
    if let Some(series) = series {
        builder.text("collection-title", &marked(series));
    }
    if let Some(short) = record.value(&["J2", "JA"]) {
        builder.text("container-title-short", short);
    }
    if let Some(short) = record.value(&["ST"]) {
        builder.text("title-short", &marked(short));
    }
}

/// Whether a value is an ISBN or ISSN (or several, or one marked "(online)"): 13 digits
/// starting 978 or 979, or, written with hyphens or after "ISBN"/"ISSN", 10 digits (the last
/// may be `X`) or 8 in the ISSN's `1234-567X`; written with spaces (`92 4 154614 X`, as WHO
/// prints its ISBNs), 10 or 8 whose check digit holds, as a report number's rarely would. A
/// report number of digits alone is kept.
fn is_isbn_or_issn(value: &str) -> bool {
    value.split([',', ';']).all(|part| {
        let part = part.trim();
        let stripped = part
            .strip_prefix("ISBN")
            .or_else(|| part.strip_prefix("ISSN"))
            .map(|rest| rest.trim_start_matches([':', ' ']));
        let named = stripped.is_some();
        let part = stripped.unwrap_or(part);
        let part = part.split(" (").next().unwrap_or(part).trim();
        let digits: String = part.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
        let hyphenated = part.contains('-');
        // An ISBN-10 written with spaces has its four parts (`92 4 154614 X`); two groups of
        // digits (`2021 0019`) are a report number as often as a spaced ISSN.
        let spaced = part.split(' ').filter(|group| !group.is_empty()).count() == 4;
        let body_is_digits = |n: usize| digits.chars().take(n).all(|c| c.is_ascii_digit());
        let last_is_check = digits
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_digit() || c == 'X' || c == 'x');
        match digits.len() {
            13 => body_is_digits(13) && (digits.starts_with("978") || digits.starts_with("979")),
            10 => {
                body_is_digits(9)
                    && last_is_check
                    && (named || hyphenated || (spaced && check_digit_holds(&digits)))
            }
            8 => {
                body_is_digits(7)
                    && last_is_check
                    && (named || part.as_bytes().get(4) == Some(&b'-'))
            }
            _ => false,
        }
    })
}

/// Whether the last character of an ISBN-10 or ISSN (digits, the last may be `X` for 10) is
/// its check digit: the digits weighted from their count down to 1 sum to a multiple of 11.
fn check_digit_holds(digits: &str) -> bool {
    let count = digits.chars().count();
    let sum = digits.chars().enumerate().try_fold(0, |sum, (place, c)| {
        let value = match c {
            'X' | 'x' if place + 1 == count => 10,
            c => c.to_digit(10)?,
        };
        Some(sum + value * (count - place) as u32)
    });
    sum.is_some_and(|sum| sum % 11 == 0)
}

/// Volume, issue, edition, pages. `SP` and `EP` make a page range (`SP` may hold the range
/// already); a book's or thesis's `SP` is its number of pages. A report's `SN` is its number
/// when `IS` does not give one (Zotero writes the report number there), unless it is an ISBN
/// or ISSN, which APA does not print; a government document's (EndNote's `GOVDOC`) number is
/// its `M1` ("Number"), its `SN` its ISBN or ISSN.
fn map_numbers(record: &Record, ty: &str, kind: &str, builder: &mut ItemBuilder) {
    builder.text("volume", record.value(&["VL"]).unwrap_or_default());
    builder.text("edition", record.value(&["ET"]).unwrap_or_default());
    builder.text(
        "number-of-volumes",
        record.value(&["NV"]).unwrap_or_default(),
    );
    let issue = record.value(&["IS"]);
    if kind == "report" {
        let number = if ty == "GOVDOC" {
            issue.or(record.value(&["M1"]))
        } else {
            issue.or(record.value(&["SN"]).filter(|sn| !is_isbn_or_issn(sn)))
        };
        builder.text("number", number.unwrap_or_default());
    } else {
        builder.text("issue", issue.unwrap_or_default());
    }
    let start = record.value(&["SP"]).map(str::trim);
    let end = record.value(&["EP"]).map(str::trim);
    if matches!(kind, "book" | "thesis") {
        if let Some(pages) = start {
            builder.text("number-of-pages", pages);
        }
        return;
    }
    // `150 – 168`: a range with spaces, as some exports write it.
    let tight = |pages: &str| pages.split_whitespace().collect::<String>();
    let (start, end) = (start.map(tight), end.map(tight));
    let (start, end) = (start.as_deref(), end.as_deref());
    let pages = match (start, end) {
        (Some(start), Some(end)) if !start.contains(['-', '–']) && start != end => {
            format!("{start}-{end}")
        }
        (Some(start), _) => start.to_string(),
        (None, Some(end)) => end.to_string(),
        (None, None) => return,
    };
    builder.text("page", &pages);
}

/// `PY` (or `Y1`) and `DA`, as RIS writes dates: `2019`, `2019/05/12/`, `2019/05//`, with
/// ISO dates (`2019-05-12`) read too. `DA` wins when it gives more than the year of `PY`; a
/// `DA` that is only a month ("Jun", as EndNote writes it) goes with `PY`'s year. `Y2` is the
/// date a page was accessed.
fn map_dates(record: &Record, builder: &mut ItemBuilder, warnings: &mut Vec<Problem>) {
    let year = record.first(&["PY", "Y1"]);
    let full = record.first(&["DA"]);
    let year_reading = year.map(|f| (f, ris_date(&f.value)));
    let full_reading = full.map(|f| (f, ris_date(&f.value)));
    let unreadable = |field: &Field, consequence: &str, warnings: &mut Vec<Problem>| {
        warnings.push(Problem {
            offset: field.offset,
            message: format!(
                "the `{}` of this record is not a date (`{}`); {consequence}",
                field.tag, field.value
            ),
            hint: "RIS writes dates as 2019, 2019/05/12/ or 2019/05//; \"in press\" is printed as it is",
        });
    };
    let month_day = full.and_then(|da| {
        dates::month_and_day(&da.value).or_else(|| {
            // `Jun 12-15` (a conference's days), read no further: its month, as before.
            let unread = matches!(full_reading, Some((_, DateReading::Unreadable)));
            let first = da.value.split_whitespace().next()?;
            let month = dates::month_number(first).filter(|_| unread);
            month
                .filter(|_| first.starts_with(char::is_alphabetic))
                .map(|m| (m, None))
        })
    });
    let issued = match (year_reading, full_reading) {
        // `DA  - Jun`, `DA  - Jun 12` or `DA  - 12 June` (EndNote's free-text "Date"): a
        // month (and day) of `PY`'s year, checked before `DA` alone, which would read
        // "12 June" as the year 12.
        (Some((_, DateReading::Date(date))), Some((da, _))) if month_day.is_some() => {
            let (month, day) = month_day.unwrap_or_default();
            match dates::read_year(
                &date.year.to_string(),
                Some(&month.to_string()),
                day.map(|d| d.to_string()).as_deref(),
            ) {
                DateReading::Date(with_day) => Some(DateReading::Date(with_day)),
                _ => {
                    unreadable(da, "the year of `PY` is printed", warnings);
                    Some(DateReading::Date(date))
                }
            }
        }
        (_, Some((_, DateReading::Date(date)))) => Some(DateReading::Date(date)),
        (Some((_, DateReading::Date(date))), Some((da, DateReading::Unreadable))) => {
            unreadable(da, "the year of `PY` is printed", warnings);
            Some(DateReading::Date(date))
        }
        (Some((py, reading)), full) => {
            if let Some((da, DateReading::Unreadable)) = full {
                unreadable(da, "it is left out", warnings);
            }
            if reading == DateReading::Unreadable {
                unreadable(py, "the work is printed without one (\"n.d.\")", warnings);
            }
            Some(reading)
        }
        (None, Some((da, reading))) => {
            if reading == DateReading::Unreadable {
                unreadable(da, "the work is printed without one (\"n.d.\")", warnings);
            }
            Some(reading)
        }
        (None, None) => None,
    };
    match issued {
        Some(DateReading::Date(date)) => builder.date("issued", date),
        Some(DateReading::Status(status)) => builder.text("status", status),
        _ => {}
    }
    if let Some(accessed) = record.first(&["Y2"]) {
        match ris_date(&accessed.value) {
            DateReading::Date(date) => builder.date("accessed", date),
            DateReading::Unreadable => unreadable(accessed, "it is left out", warnings),
            _ => {}
        }
    }
}

/// A RIS date: `YYYY/MM/DD/other` (any part after the year may be empty), or what the `.bib`
/// reader reads in a `date` or `year`.
fn ris_date(text: &str) -> DateReading {
    let text = text.trim();
    if let Some((year, rest)) = text.split_once('/')
        && !year.trim().is_empty()
        && year.trim().chars().all(|c| c.is_ascii_digit())
    {
        let mut parts = rest.split('/').map(str::trim);
        let month = parts.next().filter(|m| !m.is_empty());
        let day = parts.next().filter(|d| !d.is_empty());
        return dates::read_year(year.trim(), month, day);
    }
    if let reading @ (DateReading::Date(_) | DateReading::Status(_) | DateReading::NoDate) =
        dates::read_date(text)
    {
        return reading;
    }
    if let Some(reading) = dates::read_words(text) {
        return reading;
    }
    // A day or a short number before words ("4 December", "12 June"): not a year with a note
    // after it, as `2019 Spring` is.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..3).contains(&digits) && text[digits..].trim_start().starts_with(char::is_alphabetic) {
        return DateReading::Unreadable;
    }
    dates::read_year(text, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayagriva::citationberg::json::Value;

    fn text_of<'i>(item: &'i Item, variable: &str) -> Option<&'i str> {
        match item.0.get(variable)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn read_all(
        text: &str,
    ) -> (
        Vec<crate::bibliography::KeyedItem>,
        Vec<Problem>,
        Vec<Problem>,
    ) {
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let items = read(text, &mut problems, &mut warnings);
        (items, problems, warnings)
    }

    const ZOTERO_ARTICLE: &str = "TY  - JOUR\r\nTI  - Attachment in adolescence: a <i>review</i>\r\nAU  - van der Berg, Jan\r\nAU  - O'Brien, K.A.\r\nT2  - Journal of Family Studies\r\nJ2  - J. Fam. Stud.\r\nDA  - 2019/05/12/\r\nPY  - 2019\r\nVL  - 12\r\nIS  - 3\r\nSP  - 101\r\nEP  - 118\r\nDO  - https://doi.org/10.1000/jfs.2019.3\r\nUR  - https://example.org/article\r\nY2  - 2024/02/01/10:22:31\r\nER  - \r\n\r\n";

    #[test]
    fn a_report_number_is_not_an_isbn_and_a_government_documents_is_its_m1() {
        // EndNote's GOVDOC: `M1` is its "Number", `SN` its "ISSN/ISBN".
        let ris = "TY  - GOVDOC\nAU  - Ministry of Health\nTI  - Annual update\nPY  - 2019\nM1  - HP 7134\nSN  - 978-1-98-859313-0\nER  - \n\nTY  - RPRT\nAU  - Te Pou\nTI  - Workforce\nPY  - 2020\nSN  - 978-1-99-110077-4 (online)\nER  - \n\nTY  - RPRT\nAU  - Te Pou\nTI  - Survey\nPY  - 2021\nSN  - 20210415\nER  - \n\nTY  - RPRT\nAU  - World Health Organization\nTI  - Guidelines\nPY  - 2010\nSN  - 92 4 154614 X\nER  - \n\nTY  - RPRT\nAU  - World Health Organization\nTI  - Guidelines\nPY  - 2011\nSN  - 978 92 4 154614 0\nER  - \n";
        let (items, problems, _) = read_all(ris);
        assert!(problems.is_empty(), "{problems:?}");
        let numbers: Vec<Option<&str>> = items
            .iter()
            .map(|(_, item, _)| text_of(item, "number"))
            .collect();
        assert_eq!(
            numbers,
            [Some("HP 7134"), None, Some("20210415"), None, None]
        );
        for (value, isbn) in [
            ("978-1-98-859313-0", true),
            ("ISBN 0-19-852663-6", true),
            ("1177-3960", true),
            ("ISSN: 1177-3960; 2253-1475", true),
            ("9781988593130", true),
            ("HP 7134", false),
            ("1234567890", false),
            ("2021-04", false),
            // Written with spaces: an ISBN of its four parts when its check digit holds; two
            // groups of four digits are a report number as often as an ISSN, so kept.
            ("92 4 154614 X", true),
            ("92 4 154614 x", true),
            ("0 19 852663 6", true),
            ("978 92 4 154614 0", true),
            ("978 92 4 154614 2", true),
            ("ISBN 92 4 154614 X", true),
            ("1177 3960", false),
            ("2253 1475", false),
            ("2021 0019", false),
            ("ISSN 1177 3960", true),
            ("92 4 154614 5", false),
            ("12 3456 7890", false),
            ("1177 3961", false),
            ("2021 0415", false),
        ] {
            assert_eq!(is_isbn_or_issn(value), isbn, "{value}");
        }
    }

    #[test]
    fn a_zotero_article_becomes_a_csl_item() {
        let (items, problems, warnings) = read_all(ZOTERO_ARTICLE);
        assert!(
            problems.is_empty() && warnings.is_empty(),
            "{problems:?} {warnings:?}"
        );
        let (key, item, offset) = &items[0];
        assert_eq!(
            key, "van_OBrien_2019",
            "Pandoc's made key, citable as written"
        );
        assert_eq!(*offset, 0);
        assert_eq!(text_of(item, "type"), Some("article-journal"));
        assert_eq!(
            text_of(item, "container-title"),
            Some("Journal of Family Studies")
        );
        assert_eq!(
            text_of(item, "container-title-short"),
            Some("J. Fam. Stud.")
        );
        assert_eq!(text_of(item, "page"), Some("101-118"));
        assert_eq!(text_of(item, "DOI"), Some("10.1000/jfs.2019.3"));
        assert_eq!(text_of(item, "URL"), Some("https://example.org/article"));
        assert!(text_of(item, "title").is_some_and(|t| !t.contains("<i>")));
        match item.0.get("author") {
            Some(Value::Names(names)) => {
                let NameValue::Item(first) = &names[0] else {
                    panic!("{names:?}")
                };
                assert_eq!(first.family, "Berg");
                assert_eq!(first.non_dropping_particle.as_deref(), Some("van der"));
                let NameValue::Item(second) = &names[1] else {
                    panic!("{names:?}")
                };
                assert_eq!(second.given.as_deref(), Some("K. A."));
            }
            other => panic!("{other:?}"),
        }
        assert!(item.0.contains_key("issued") && item.0.contains_key("accessed"));
    }

    #[test]
    fn names_without_a_comma_are_organisations_except_pubmed_initials() {
        assert!(matches!(
            name_value("World Health Organization", NameOrder::FamilyFirst),
            NameValue::Literal(l) if l.literal == "World Health Organization"
        ));
        match name_value("Smith JA", NameOrder::FamilyFirst) {
            NameValue::Item(n) => {
                assert_eq!(n.family, "Smith");
                assert_eq!(n.given.as_deref(), Some("J. A."));
            }
            other => panic!("{other:?}"),
        }
        // A given name, then a two-letter family name in capitals: "LI, J.", not "Jean, L. I.".
        match name_value("Jean LI", NameOrder::FamilyFirst) {
            NameValue::Item(n) => {
                assert_eq!(n.family, "LI");
                assert_eq!(n.given.as_deref(), Some("Jean"));
            }
            other => panic!("{other:?}"),
        }
        match name_value("King, Martin Luther, Jr.", NameOrder::FamilyFirst) {
            NameValue::Item(n) => assert_eq!(n.suffix.as_deref(), Some("Jr.")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_organisation_with_a_comma_in_its_name_is_printed_as_written() {
        for (raw, printed) in [
            (
                "Te Whatu Ora, Health New Zealand",
                "Te Whatu Ora, Health New Zealand",
            ),
            (
                "Ministry of Health, Manatū Hauora",
                "Ministry of Health, Manatū Hauora",
            ),
            (
                "Ministry of Health, Manatū Hauora,",
                "Ministry of Health, Manatū Hauora",
            ),
            ("Organization, World Health", "Organization, World Health"),
        ] {
            match name_value(raw, NameOrder::FamilyFirst) {
                NameValue::Literal(l) => assert_eq!(l.literal, printed),
                other => panic!("{raw}: {other:?}"),
            }
        }
        // EndNote marks an organisation with a comma after its name: one that holds a comma
        // itself is taken whole when its first part is evidently an organisation's.
        for (raw, printed) in [
            (
                "U.S. Department of Agriculture, Agricultural Research Service,",
                "U.S. Department of Agriculture, Agricultural Research Service",
            ),
            (
                "Centers for Disease Control and Prevention, National Center for Health Statistics ,",
                "Centers for Disease Control and Prevention, National Center for Health Statistics",
            ),
            (
                "University of Otago, Department of Psychology, Dunedin,",
                "University of Otago, Department of Psychology, Dunedin",
            ),
        ] {
            match name_value(raw, NameOrder::FamilyFirst) {
                NameValue::Literal(l) => assert_eq!(l.literal, printed),
                other => panic!("{raw}: {other:?}"),
            }
        }
        for raw in [
            "Trust, Mary",
            "Moyo, Trust Tendai",
            "Kingi, Te Kani",
            "Ngāta, Tāne",
            "Smith, John,",
            "van der Berg, Jan,",
            "Te Awa, Hemi,",
            "King, Martin Luther, Jr.,",
            "U.S. Department of Agriculture, Agricultural Research Service",
        ] {
            assert!(
                matches!(name_value(raw, NameOrder::FamilyFirst), NameValue::Item(_)),
                "{raw}"
            );
        }
    }

    #[test]
    fn initials_in_capitals_without_full_stops_are_each_an_initial() {
        let given = |raw: &str| match name_value(raw, NameOrder::FamilyFirst) {
            NameValue::Item(n) => (n.given, n.suffix),
            other => panic!("{raw}: {other:?}"),
        };
        assert_eq!(given("Smith, JR"), (Some("J. R.".into()), None));
        assert_eq!(given("Smith, SR"), (Some("S. R.".into()), None));
        assert_eq!(given("Smith, JAC"), (Some("J. A. C.".into()), None));
        assert_eq!(given("Tane, Jr."), (None, Some("Jr.".into())));
        assert_eq!(given("King, III"), (None, Some("III".into())));
        assert_eq!(given("SMITH, JO"), (Some("JO".into()), None));
        assert_eq!(given("Williams, Janet BW"), (Some("Janet BW".into()), None));
    }

    #[test]
    fn stray_commas_in_names_are_passed_over() {
        let person = |raw: &str| match name_value(raw, NameOrder::FamilyFirst) {
            NameValue::Item(n) => (n.family, n.given, n.suffix),
            other => panic!("{raw}: {other:?}"),
        };
        let brown = ("Brown".to_string(), Some("Bob".to_string()), None);
        assert_eq!(person("Brown,, Bob"), brown);
        assert_eq!(person("Brown, , Bob,"), brown);
        assert_eq!(person("Brown, Bob,"), brown);
        let green = (
            "Green".to_string(),
            Some("Mary".to_string()),
            Some("Jr.".to_string()),
        );
        assert_eq!(person("Green, Jr., Mary"), green);
        assert_eq!(person("Green, Mary, Jr."), green);
        // A suffix alone is not a given name.
        assert_eq!(
            person("King, Jr."),
            ("King".to_string(), None, Some("Jr.".to_string()))
        );
        assert_eq!(
            person("King,, III,"),
            ("King".to_string(), None, Some("III".to_string()))
        );
        assert!(matches!(
            name_value("World Health Organization,", NameOrder::FamilyFirst),
            NameValue::Literal(l) if l.literal == "World Health Organization"
        ));
        // A list cut short, as EndNote writes it ("et al.,"), or turned round as a name.
        for raw in [
            "et al.,",
            "and others,",
            "et al",
            "al, et",
            "Al., Et",
            "others",
        ] {
            assert!(
                matches!(
                    name_value(raw, NameOrder::FamilyFirst),
                    NameValue::Literal(l) if l.literal == "others"
                ),
                "{raw}"
            );
        }
        assert!(matches!(
            name_value(", Ann", NameOrder::FamilyFirst),
            NameValue::Literal(l) if l.literal == "Ann"
        ));
        assert!(matches!(
            name_value(",", NameOrder::FamilyFirst),
            NameValue::Literal(l) if l.literal == ","
        ));
    }

    #[test]
    fn ids_are_keys_made_keys_are_told_apart_and_given_ones_must_be_unique() {
        let text = "TY  - BOOK\nAU  - Smith, A\nPY  - 2020\nER  - \nTY  - BOOK\nAU  - Smith, B\nPY  - 2020///\nER  - \nTY  - RPRT\nID  - report1\nER  - \nTY  - RPRT\nID  - report1\nER  - \n";
        let (items, problems, _) = read_all(text);
        let keys: Vec<&str> = items.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(keys, ["Smith_2020", "Smith_2020a", "report1"]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("`report1`"), "{problems:?}");
        assert!(problems[0].message.contains("line 9"), "{problems:?}");
    }

    #[test]
    fn a_data_set_is_a_data_set_and_a_theses_database_is_its_repository() {
        let text = "TY  - DATA\nAU  - Stats NZ Tatauranga Aotearoa,\nTI  - Wellbeing statistics: 2023\nPY  - 2023\nER  - \nTY  - DATA\nTI  - Survey\nM3  - Unpublished raw data\nER  - \nTY  - THES\nAU  - Waaka, Tania\nTI  - Rangatahi voices on hauora\nPB  - University of Waikato\nM3  - Doctoral thesis\nDB  - Research Commons\nPY  - 2019\nER  - \nTY  - JOUR\nAU  - Harris, R.\nTI  - Māori health\nDB  - PubMed\nER  - \n";
        let (items, _, warnings) = read_all(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(text_of(&items[0].1, "genre"), Some("Data set"));
        assert_eq!(text_of(&items[1].1, "genre"), Some("Unpublished raw data"));
        assert_eq!(text_of(&items[2].1, "archive"), Some("Research Commons"));
        assert_eq!(text_of(&items[3].1, "archive"), None);
    }

    #[test]
    fn books_chapters_and_editors_follow_the_type() {
        let text = "TY  - CHAP\nAU  - Tan, Mere\nA2  - Walker, Ranginui\nTI  - Whānau wellbeing\nT2  - Health in Aotearoa\nT3  - Health series\nPB  - Huia\nCY  - Wellington\nPY  - 2021\nSP  - 10-20\nER  - \nTY  - BOOK\nA2  - Series, Editor\nA3  - Book, Editor\nTI  - A book\nT2  - A series\nSP  - 240\nPY  - 2018\nER  - \n";
        let (items, _, warnings) = read_all(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        let chapter = &items[0].1;
        assert_eq!(
            text_of(chapter, "container-title"),
            Some("Health in Aotearoa")
        );
        assert_eq!(text_of(chapter, "collection-title"), Some("Health series"));
        assert_eq!(text_of(chapter, "page"), Some("10-20"));
        assert_eq!(text_of(chapter, "publisher-place"), Some("Wellington"));
        assert!(chapter.0.contains_key("editor"));
        let book = &items[1].1;
        assert_eq!(text_of(book, "collection-title"), Some("A series"));
        assert_eq!(text_of(book, "container-title"), None);
        assert_eq!(text_of(book, "number-of-pages"), Some("240"));
        assert!(book.0.contains_key("editor") && book.0.contains_key("collection-editor"));
    }

    #[test]
    fn dates_in_ris_forms() {
        let date = |text: &str| match ris_date(text) {
            DateReading::Date(d) => Some((d.year, d.month, d.day)),
            _ => None,
        };
        assert_eq!(date("2019"), Some((2019, None, None)));
        assert_eq!(date("2019///"), Some((2019, None, None)));
        assert_eq!(date("2019/05//"), Some((2019, Some(5), None)));
        assert_eq!(date("2019/05/12/"), Some((2019, Some(5), Some(12))));
        assert_eq!(date("2019-05-12"), Some((2019, Some(5), Some(12))));
        assert_eq!(date("2019/13/01/"), None);
        assert_eq!(ris_date("in press"), DateReading::Status("in press"));
        // EndNote's free-text dates in words, as its `Y2` ("Access Date") holds them; a day
        // and month without a year is no date (it was the year 4).
        for text in [
            "4 December 2023",
            "December 4, 2023",
            "Dec. 4 2023",
            "2023 Dec 4",
        ] {
            assert_eq!(date(text), Some((2023, Some(12), Some(4))), "{text}");
        }
        assert_eq!(date("June 2023"), Some((2023, Some(6), None)));
        assert_eq!(date("4 December"), None);
        assert_eq!(date("31 June 2023"), None);
        assert_eq!(date("1975 Mar-Apr"), Some((1975, None, None)));
        // EndNote's month-only DA goes with PY's year.
        let (items, _, warnings) = read_all("TY  - JOUR\nPY  - 2017\nDA  - Jun\nER  - \n");
        assert!(warnings.is_empty(), "{warnings:?}");
        let issued = format!("{:?}", items[0].1.0.get("issued"));
        assert!(issued.contains("2017") && issued.contains('6'), "{issued}");
        // EndNote's free-text day and month, either way round, go with PY's year too (the
        // year 12 was read of `12 June`).
        for da in ["12 June", "June 12", "Jun 12,", "12 Jun"] {
            let record = format!("TY  - ELEC\nPY  - 2023\nDA  - {da}\nER  - \n");
            let (items, _, warnings) = read_all(&record);
            assert!(warnings.is_empty(), "{da}: {warnings:?}");
            let issued = format!("{:?}", items[0].1.0.get("issued"));
            assert!(
                issued.contains("2023") && issued.contains("6") && issued.contains("12"),
                "{da}: {issued}"
            );
        }
        // A month with a conference's days, `Jun 12-15`: the month is kept, as it was before
        // days were read (it became a warning and the year alone).
        for da in ["Jun 12-15", "June 12–15", "Jun. 3 & 4"] {
            let record = format!("TY  - CPAPER\nPY  - 2023\nDA  - {da}\nER  - \n");
            let (items, _, warnings) = read_all(&record);
            assert!(warnings.is_empty(), "{da}: {warnings:?}");
            let issued = format!("{:?}", items[0].1.0.get("issued"));
            assert!(
                issued.contains("2023") && issued.contains('6'),
                "{da}: {issued}"
            );
        }
        assert_eq!(dates::month_and_day("31 June").map(|(m, _)| m), Some(6));
        let (_, _, warnings) = read_all("TY  - ELEC\nPY  - 2023\nDA  - 31 June\nER  - \n");
        assert_eq!(warnings.len(), 1, "no 31 June: {warnings:?}");
        assert_eq!(dates::month_and_day("2019/05"), None);
        assert_eq!(dates::month_and_day("Spring"), None);
    }

    #[test]
    fn damaged_files_are_read_as_well_as_they_can_be_with_warnings() {
        let text = "Exported from somewhere\nTY  - JOUR\nTI  - A long title that\n  goes on\nTY  - XYZ\nTI  - Second\nPY  - whenever\nER  - \nER  - \nAU  - Loose, Field\n";
        let (items, problems, warnings) = read_all(text);
        assert!(problems.is_empty());
        assert_eq!(items.len(), 3);
        assert_eq!(
            text_of(&items[0].1, "title"),
            Some("A long title that goes on")
        );
        assert_eq!(text_of(&items[1].1, "type"), Some("document"));
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        for expected in [
            "not part of a RIS record",
            "no `ER  - ` line before the next `TY`",
            "`TY  - XYZ` is not a RIS reference type",
            "the `PY` of this record is not a date (`whenever`)",
            "this `ER` ends no record",
            "starts with `AU`, not `TY`",
            "the last RIS record has no `ER  - ` line",
        ] {
            assert!(
                messages.iter().any(|m| m.contains(expected)),
                "{expected}: {messages:#?}"
            );
        }
    }

    #[test]
    fn a_file_that_writes_given_names_first_is_read_that_way_with_a_warning() {
        let text = "TY  - GEN\nAU  - Hani Abu-Hmeidan\nAU  - A. Miller\nAU  - G. A. Clyde Jr\nAU  - Ministry of Health\nTI  - Lake sediments\nJO  - Hydrology\nPY  - 2018\nSP  - 150 – 168\nUR  - https://doi.org/10.3390/hydrology5010008\nNOTE - PDF file: a.pdf\nER  - \n";
        let (items, _, warnings) = read_all(text);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("`A. Miller`"), "{warnings:?}");
        let (key, item, _) = &items[0];
        assert_eq!(
            key, "Abu-Hmeidan_Miller_Clyde_Ministry_2018",
            "family names; an organisation's first word"
        );
        let Some(Value::Names(names)) = item.0.get("author") else {
            panic!("{item:?}")
        };
        let families: Vec<String> = names
            .iter()
            .map(|n| match n {
                NameValue::Item(n) => format!("{}|{:?}|{:?}", n.family, n.given, n.suffix),
                NameValue::Literal(l) => l.literal.clone(),
            })
            .collect();
        assert_eq!(
            families,
            [
                "Abu-Hmeidan|Some(\"Hani\")|None",
                "Miller|Some(\"A.\")|None",
                "Clyde|Some(\"G. A.\")|Some(\"Jr\")",
                "Ministry of Health"
            ]
        );
        assert_eq!(text_of(item, "page"), Some("150–168"));
        assert_eq!(
            text_of(item, "DOI"),
            Some("10.3390/hydrology5010008"),
            "{item:?}"
        );
        assert_eq!(
            text_of(item, "URL"),
            None,
            "the note did not run into the address"
        );
    }

    #[test]
    fn lines_may_end_in_a_carriage_return_alone() {
        let (items, _, warnings) =
            read_all("TY  - BOOK\rID  - mac\rTI  - Old export\rPY  - 1999\rER  - \r");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(items[0].0, "mac");
        assert_eq!(text_of(&items[0].1, "title"), Some("Old export"));
    }

    #[test]
    fn a_control_character_in_a_value_is_left_out_with_a_warning_at_it() {
        // A raw BEL or ESC pasted into a value reached the formatter unsaid (the HTML escape
        // dropped it), where the `.bib` reader warns; now RIS does too, at the character.
        let text = "TY  - BOOK\nID  - x\nTI  - A\u{7}b\n  c\u{1b}d\nPY  - 2019\nER  - \n";
        let (items, _, warnings) = read_all(text);
        let found: Vec<(usize, &str)> = warnings
            .iter()
            .map(|w| (w.offset, w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    text.find('\u{7}').unwrap(),
                    "the `TI` field of this record holds U+0007, a character no web page or feed may hold, here; it is left out"
                ),
                (
                    text.find('\u{1b}').unwrap(),
                    "the `TI` field of this record holds U+001B, a character no web page or feed may hold, here; it is left out"
                )
            ]
        );
        assert_eq!(text_of(&items[0].1, "title"), Some("Ab cd"));
    }
}
