//! Dates in BibTeX fields: biblatex's ISO 8601 `date` (`2019-03-09`, `2019-03`, `2019/2020`,
//! `2019~`), the older `year` / `month` / `day`, and the words APA prints instead of a year
//! ("in press"). What biber only warns about is never fatal here: an unreadable date is
//! printed as "n.d." with a warning.

/// A calendar date; month and day are 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i16,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub approximate: bool,
    /// A season in place of the month, as CSL numbers them: 1 spring, 2 summer, 3 autumn, 4
    /// winter (written as the months 21 to 24 in CSL-JSON and biblatex dates). APA prints it
    /// after the year, "(2020, Spring)", where it would print the month.
    pub season: Option<u8>,
}

/// The season a month number 21 to 24 stands for (CSL and biblatex's ISO 8601-2 seasons).
fn season_of(month: u8) -> Option<u8> {
    (21..=24).contains(&month).then(|| month - 20)
}

/// CSL-JSON's own `"season"` of a date: 1 to 4, or 21 to 24 as in a date's month.
pub fn csl_season(text: &str) -> Option<u8> {
    match decimal::<u8>(text.trim())? {
        s @ 1..=4 => Some(s),
        m => season_of(m),
    }
}

/// `reading` with the season `season`, which takes the place of the month (and day).
pub fn with_season(reading: DateReading, season: Option<u8>) -> DateReading {
    match (reading, season) {
        (DateReading::Date(date), Some(_)) => DateReading::Date(Date {
            month: None,
            day: None,
            season,
            ..date
        }),
        (reading, _) => reading,
    }
}

/// What a date field says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateReading {
    Date(Date),
    /// A publication status in place of a year: "in press", "forthcoming".
    Status(&'static str),
    /// "n.d.": no date, said on purpose.
    NoDate,
    Unreadable,
}

/// Every publication state [`status`] gives, as it is printed.
pub const STATUSES: &[&str] = &[
    "in press",
    "forthcoming",
    "submitted",
    "accepted",
    "in preparation",
    "under review",
    "prepublished",
];

/// The publication states APA prints in place of a date (APA 7, 8.19 and 9.14), as people
/// write them in a `year`, `date` or `pubstate` field.
pub fn status(text: &str) -> Option<&'static str> {
    let words: String = text
        .trim()
        .trim_matches(|c: char| c == '(' || c == ')' || c == '.')
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(match words.as_str() {
        "in press" | "inpress" | "im druck" => "in press",
        "forthcoming" => "forthcoming",
        "submitted" => "submitted",
        "accepted" => "accepted",
        "in preparation" | "inpreparation" => "in preparation",
        "under review" => "under review",
        "prepublished" => "prepublished",
        _ => return None,
    })
}

/// "n.d.", "no date", "undated" and their kin: no date, said on purpose.
fn says_no_date(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "n.d." | "n. d." | "nd" | "n.d" | "no date" | "undated" | "s.d." | "o.j."
    )
}

/// A biblatex `date`-style field: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, a range (`/`, whose start
/// is used), with `~` or `?` for approximate or uncertain dates.
pub fn read_date(text: &str) -> DateReading {
    let text = text.trim();
    if let Some(status) = status(text) {
        return DateReading::Status(status);
    }
    if says_no_date(text) {
        return DateReading::NoDate;
    }
    let start = text.split('/').next().unwrap_or_default().trim();
    let approximate = start.ends_with(['~', '?', '%']);
    let start = start.trim_end_matches(['~', '?', '%']);
    // A time after the date (2019-03-09T10:00) is not printed by any style we ship.
    let start = start.split('T').next().unwrap_or_default();
    let (sign, digits) = match start.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, start),
    };
    let mut parts = digits.split('-');
    let Some(year) = parts.next().and_then(decimal::<i32>) else {
        return DateReading::Unreadable;
    };
    let mut season = None;
    let month = match parts.next() {
        None => None,
        // 21–24 are seasons, 25–41 other divisions of the year: the year alone is printed.
        Some(m) => match decimal::<u8>(m) {
            Some(m @ 1..=12) => Some(m),
            Some(m @ 21..=41) => {
                season = season_of(m);
                None
            }
            _ => return DateReading::Unreadable,
        },
    };
    let day = match parts.next() {
        None => None,
        Some(d) => match decimal::<u8>(d) {
            // A day in a season: APA has no place for it.
            Some(_) if season.is_some() => None,
            Some(d) => Some(d),
            None => return DateReading::Unreadable,
        },
    };
    if parts.next().is_some() {
        return DateReading::Unreadable;
    }
    with_season(checked_date(sign * year, month, day, approximate), season)
}

/// The legacy `year` (with `month` and `day`) fields. A year may carry text after it
/// ("1975 Mar-Apr", as PubMed writes it): the year is used.
pub fn read_year(year: &str, month: Option<&str>, day: Option<&str>) -> DateReading {
    let trimmed = year.trim();
    if let Some(status) = status(trimmed) {
        return DateReading::Status(status);
    }
    if says_no_date(trimmed) {
        return DateReading::NoDate;
    }
    let parts: Vec<&str> = trimmed.split(['-', '–']).map(str::trim).collect();
    if parts.len() > 1 && parts.iter().all(|p| decimal::<i32>(p).is_some()) {
        // A range of years (2019-2020, 2019–2020): its start. A date written in `year`
        // (2019-03-09): the date.
        if parts.len() == 2 && parts[1].len() >= 4 {
            return read_date(parts[0]);
        }
        return read_date(trimmed);
    }
    if let Some(reading) = read_dotted(trimmed) {
        return reading;
    }
    let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
    let rest = &trimmed[digits.len()..];
    // `23.02` or `3/4/2011`: more numbers after a short one are not a year with a note.
    // (By characters: what follows the digits may be any text, `”1999` pasted from a page.)
    let mut after = rest.chars().skip(1);
    if digits.len() < 3 && after.next().is_some_and(|c| c.is_ascii_digit()) {
        return DateReading::Unreadable;
    }
    let rest_ok = rest.is_empty()
        || rest.starts_with([' ', '/', ',', '.', '~', '?'])
        || (rest.len() == 1 && rest.chars().all(|c| c.is_ascii_lowercase()));
    let Some(year) = decimal::<i32>(&digits).filter(|_| rest_ok) else {
        return DateReading::Unreadable;
    };
    let month = month.map(str::trim).filter(|m| !m.is_empty());
    // `month = {21}` (CSL-JSON's `[2020, 21]` comes here too): a season.
    let season = month.and_then(decimal::<u8>).and_then(season_of);
    let month = match month {
        None => None,
        Some(_) if season.is_some() => None,
        Some(m) => match month_number(m) {
            Some(m) => Some(m),
            None => return DateReading::Unreadable,
        },
    };
    let day = match day.map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(_) if season.is_some() => None,
        Some(d) => match decimal::<u8>(d) {
            Some(d) => Some(d),
            None => return DateReading::Unreadable,
        },
    };
    with_season(
        checked_date(year, month, day, rest.starts_with(['~', '?'])),
        season,
    )
}

/// A day first, with dots, as Citavi and other European exports write a date (`23.02.2011`,
/// in `year` and in `urldate`): the date.
pub fn read_dotted(text: &str) -> Option<DateReading> {
    let dotted: Vec<&str> = text.trim().split('.').collect();
    if let [day, month, year] = dotted[..]
        && year.len() == 4
        && day.len() <= 2
        && month.len() <= 2
        && [day, month, year]
            .iter()
            .all(|p| decimal::<u16>(p).is_some())
    {
        return Some(read_year(year, Some(month), Some(day)));
    }
    None
}

/// A date, when its year fits and its day exists in its month (a day needs a month).
fn checked_date(year: i32, month: Option<u8>, day: Option<u8>, approximate: bool) -> DateReading {
    let Ok(year) = i16::try_from(year) else {
        return DateReading::Unreadable;
    };
    if let Some(day) = day {
        let Some(month) = month else {
            return DateReading::Unreadable;
        };
        if day == 0 || day > days_in_month(year, month) {
            return DateReading::Unreadable;
        }
    }
    DateReading::Date(Date {
        year,
        month,
        day,
        approximate,
        season: None,
    })
}

/// How many days `month` (1-based) has in `year`.
fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The words of a date written in words: split at spaces and commas (`December 4, 2023`).
fn date_words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect()
}

/// A date written in words, as EndNote's free-text dates (RIS `Y2`, "Access Date", and `DA`)
/// hold it: `4 December 2023`, `December 4, 2023`, `Dec. 4 2023`, `2021 Dec 3` (PubMed's
/// order), `June 2023`. `None` when it is not one: a year of four digits, a month in words and
/// at most a day of one or two digits, each once.
pub fn read_words(text: &str) -> Option<DateReading> {
    let words = date_words(text);
    if !(2..=3).contains(&words.len()) {
        return None;
    }
    let (mut year, mut month, mut day) = (None, None, None);
    for word in words {
        let digits = word.bytes().all(|b| b.is_ascii_digit());
        let slot = match word.len() {
            4 if digits => &mut year,
            1 | 2 if digits => &mut day,
            _ if word.starts_with(char::is_alphabetic) => &mut month,
            _ => return None,
        };
        if slot.replace(word).is_some() {
            return None;
        }
    }
    let month = month_number(month?)?;
    Some(read_year(year?, Some(&month.to_string()), day))
}

/// A month and perhaps a day but no year, as EndNote's free-text "Date" (RIS `DA`) and a
/// `.bib` `month` sometimes hold them: `Jun`, `June 12`, `Jun 12,`, `12 June`. The month must
/// be a word, so that `2019/05` and `12` are not taken for one.
pub fn month_and_day(text: &str) -> Option<(u8, Option<u8>)> {
    let words = date_words(text);
    let is_word = |w: &str| w.chars().next().is_some_and(char::is_alphabetic);
    let day = |w: &str| (w.len() <= 2).then(|| w.parse::<u8>().ok()).flatten();
    match words[..] {
        [month] if is_word(month) => Some((month_number(month)?, None)),
        [month, d] if is_word(month) => Some((month_number(month)?, Some(day(d)?))),
        [d, month] if is_word(month) => Some((month_number(month)?, Some(day(d)?))),
        _ => None,
    }
}

/// `3`, `03`, `mar`, `March`, `Mar.`, `Sept`.
pub fn month_number(text: &str) -> Option<u8> {
    if let Some(n) = decimal::<u8>(text).filter(|n| (1..=12).contains(n)) {
        return Some(n);
    }
    let word = text.trim_end_matches('.').to_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 {
        return None;
    }
    let word = if word == "sept" {
        "sep".to_string()
    } else {
        word
    };
    MONTHS
        .iter()
        .position(|m| m.starts_with(&word))
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// An ASCII decimal number (no sign, no spaces, at most 9 digits).
fn decimal<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i16, month: Option<u8>, day: Option<u8>) -> DateReading {
        DateReading::Date(Date {
            year,
            month,
            day,
            approximate: false,
            season: None,
        })
    }

    fn season(year: i16, season: u8) -> DateReading {
        DateReading::Date(Date {
            year,
            month: None,
            day: None,
            approximate: false,
            season: Some(season),
        })
    }

    #[test]
    fn months_21_to_24_are_seasons() {
        assert_eq!(read_date("2019-21"), season(2019, 1));
        assert_eq!(read_date("2019-24"), season(2019, 4));
        assert_eq!(read_date("2019-23-05"), season(2019, 3));
        assert_eq!(read_date("2019-25"), date(2019, None, None));
        assert_eq!(read_year("2020", Some("22"), None), season(2020, 2));
        assert_eq!(read_year("2020", Some("13"), None), DateReading::Unreadable);
    }

    #[test]
    fn a_year_after_other_text_is_unreadable_and_never_a_panic() {
        // Found by fuzzing: the character after the digits was sliced by bytes.
        for text in ["”1999", "“sometime", "”1", "é2", "19”99", "1”2"] {
            assert_eq!(
                read_year(text, None, None),
                DateReading::Unreadable,
                "{text}"
            );
            assert_eq!(read_date(text), DateReading::Unreadable, "{text}");
        }
        assert_eq!(read_year("1999”", None, None), DateReading::Unreadable);
    }

    #[test]
    fn iso_dates_and_ranges() {
        assert_eq!(read_date("2019-03-09"), date(2019, Some(3), Some(9)));
        assert_eq!(read_date("2019-03"), date(2019, Some(3), None));
        assert_eq!(read_date("2019/2020"), date(2019, None, None));
        assert_eq!(read_date("2019-02-30"), DateReading::Unreadable);
        assert_eq!(read_date("١٩٩٠"), DateReading::Unreadable);
        assert_eq!(read_date("- 01"), DateReading::Unreadable);
        assert_eq!(read_date("99999"), DateReading::Unreadable);
    }

    #[test]
    fn years_months_and_words() {
        assert_eq!(
            read_year("2017", Some("sep"), Some("26")),
            date(2017, Some(9), Some(26))
        );
        assert_eq!(
            read_year("1975 Mar-Apr", None, None),
            date(1975, None, None)
        );
        assert_eq!(
            read_year("In Press", None, None),
            DateReading::Status("in press")
        );
        assert_eq!(read_year("{n.d.}", None, None), DateReading::Unreadable);
        // Citavi writes the day first; "23 C.E." came of it.
        assert_eq!(
            read_year("23.02.2011", None, None),
            date(2011, Some(2), Some(23))
        );
        assert_eq!(read_year("3/4/2011", None, None), DateReading::Unreadable);
        assert_eq!(read_year("23.02", None, None), DateReading::Unreadable);
        assert_eq!(read_year("2019.", None, None), date(2019, None, None));
        assert_eq!(read_year("n.d.", None, None), DateReading::NoDate);
        assert_eq!(read_year("2001", Some("٣"), None), DateReading::Unreadable);
        assert_eq!(
            read_year("2001", Some("3"), Some("300")),
            DateReading::Unreadable
        );
        assert_eq!(
            read_year("forthcoming", None, None),
            DateReading::Status("forthcoming")
        );
    }
}
