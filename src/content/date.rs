//! Dates as front matter writes them, `YYYY-MM-DD`, checked against the calendar.

use std::fmt;

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(text: &str) -> Result<Date, String> {
        Date::plain(text).map_or_else(|| Date::parse_any(text), Ok)
    }

    /// [`Date::parse`] for a date written any way, with what is wrong with it.
    fn parse_any(text: &str) -> Result<Date, String> {
        let bad = || match written_otherwise(text) {
            Some(meant) => format!("`{text}` is not a date written YYYY-MM-DD: {meant}"),
            None => format!("`{text}` is not a date written YYYY-MM-DD, such as 2024-03-09"),
        };
        // A date and time, as Hugo, Jekyll and WordPress exports write them
        // (`2024-03-05T10:00:00+13:00`): the day is what a page's date is.
        if let Some((day, _time)) = text.trim().split_once(['T', ' '])
            && Date::parse(day).is_ok()
        {
            return Err(format!(
                "`{text}` has a time of day; write the day only, as written there: `{day}`"
            ));
        }
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year: u16 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let day: u8 = d.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(format!(
                "`{text}` has no month {month}: months run from 01 to 12"
            ));
        }
        let days = days_in_month(year, month);
        if day == 0 || day > days {
            return Err(format!(
                "`{text}` does not exist: that month has {days} days"
            ));
        }
        Ok(Date { year, month, day })
    }
}

impl Date {
    /// A date written as most are, ten bytes `YYYY-MM-DD` of digits, that exists: what
    /// [`Date::parse`] reads it as, without its checks for every other way of writing one.
    fn plain(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        let digits = [0, 1, 2, 3, 5, 6, 8, 9];
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits.iter().all(|&i| b[i].is_ascii_digit())
        {
            return None;
        }
        let number = |range: std::ops::Range<usize>| {
            b[range]
                .iter()
                .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'))
        };
        let year = number(0..4);
        let month = u8::try_from(number(5..7)).ok()?;
        let day = u8::try_from(number(8..10)).ok()?;
        let exists = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        exists.then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before it), for counting the days between two dates.
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        )
    }

    /// The date `days` after 1970-01-01; `None` outside the years 0 to 9999 a date can hold.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let (year, month, day) = civil_from_days(days);
        Some(Date {
            year: u16::try_from(year).ok().filter(|y| *y <= 9999)?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The same day `months` later; a day the month does not have becomes its last day
    /// (31 January + 1 month is 28 or 29 February). `None` past the year 9999.
    pub fn add_months(self, months: u32) -> Option<Date> {
        // Checked: `reviews --due-within 4294967295m` asks for that many months.
        let index = (u32::from(self.year) * 12 + u32::from(self.month) - 1).checked_add(months)?;
        let year = u16::try_from(index / 12).ok().filter(|y| *y <= 9999)?;
        let month = (index % 12 + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Some(Date { year, month, day })
    }
}

/// Today's date, for review dates: `given` (the `--today` flag) when there is one, else the day
/// of `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds.org convention) when it
/// is set, else the system clock's, in UTC. The error says what is wrong with a
/// `SOURCE_DATE_EPOCH` that is not a whole number of seconds.
pub fn today(given: Option<Date>) -> Result<Date, String> {
    if let Some(date) = given {
        return Ok(date);
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text.trim().parse::<i64>().map_err(|_| {
            format!("SOURCE_DATE_EPOCH is `{text}`, not a whole number of seconds since 1970-01-01")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
    };
    Date::from_days_since_epoch(seconds.div_euclid(86_400)).ok_or_else(|| {
        format!("SOURCE_DATE_EPOCH is `{seconds}`, which is not a date from the year 0 to 9999")
    })
}

/// The months' English names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The date `text` means when it is written another common way (`25/12/2024`, `2024/12/25`,
/// `2024-3-5`, `5 March 2024`, `March 5, 2024`), said as what to write instead; both readings
/// when the day and month could be either (`12/03/2024`: day first, as New Zealand writes
/// dates, or month first, as the US does). `None` when it is no date at all.
fn written_otherwise(text: &str) -> Option<String> {
    let date = |year: u32, month: u32, day: u32| {
        let year = u16::try_from(year)
            .ok()
            .filter(|y| (1000..=9999).contains(y))?;
        let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
        let day = u8::try_from(day).ok()?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    };
    let said = |d: Date| format!("{} {} {}", d.day, MONTHS[usize::from(d.month) - 1], d.year);
    let words: Vec<&str> = text
        .trim()
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let month_named = |word: &str| {
        let word = word.trim_end_matches('.').to_lowercase();
        (word.len() >= 3)
            .then(|| {
                MONTHS
                    .iter()
                    .position(|m| m.to_lowercase().starts_with(&word))
            })
            .flatten()
            .and_then(|i| u32::try_from(i + 1).ok())
    };
    let number = |word: &str| {
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
    };
    let found: Vec<Date> = match words.as_slice() {
        // 5 March 2024, March 5 2024, 5th March 2024
        [a, b, c] => {
            let (day, month) = match (month_named(a), month_named(b)) {
                (None, Some(month)) => (number(a)?, month),
                (Some(month), None) => (number(b)?, month),
                _ => return None,
            };
            vec![date(number(c)?, month, day)?]
        }
        [one] => {
            let parts: Vec<&str> = one.split(['/', '.', '-']).collect();
            let [a, b, c] = parts.as_slice() else {
                return None;
            };
            if [a, b, c]
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
            {
                return None;
            }
            let (a, b, c) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
            if parts[0].len() == 4 {
                vec![date(a, b, c)?]
            } else if parts[2].len() == 4 {
                let day_first = date(c, b, a);
                let month_first = date(c, a, b).filter(|d| Some(*d) != day_first);
                day_first.into_iter().chain(month_first).collect()
            } else {
                return None;
            }
        }
        _ => return None,
    };
    match found.as_slice() {
        [one] => Some(format!("write `{one}` ({})", said(*one))),
        [day_first, month_first] => Some(format!(
            "write `{day_first}` if it means {} (day first, as New Zealand writes dates), or `{month_first}` if it means {}",
            said(*day_first),
            said(*month_first)
        )),
        _ => None,
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// (year, month, day) → days since 1970-01-01, proleptic Gregorian (Howard Hinnant's
/// `days_from_civil`, the inverse of [`civil_from_days`]).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's
/// `civil_from_days`). For today's date and `SOURCE_DATE_EPOCH`, without a date crate.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Digit by digit: padded numbers through `write!` cost about a thousand instructions
        // a date, and a build writes a few for each page (its `date.iso`, its JSON-LD, its
        // sitemap entry and feed entries).
        let (year, month, day) = (self.year, u16::from(self.month), u16::from(self.day));
        if year > 9999 || month > 99 || day > 99 {
            return write!(f, "{year:04}-{month:02}-{day:02}");
        }
        let digit = |n: u16, place: u16| b'0' + (n / place % 10) as u8;
        let text = [
            digit(year, 1000),
            digit(year, 100),
            digit(year, 10),
            digit(year, 1),
            b'-',
            digit(month, 10),
            digit(month, 1),
            b'-',
            digit(day, 10),
            digit(day, 1),
        ];
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_written_as_padded_numbers_would_be() {
        for year in [0, 1, 9, 10, 99, 100, 999, 1000, 2024, 9999, 10000, u16::MAX] {
            for month in [0, 1, 9, 10, 12, 99, 100, u8::MAX] {
                for day in [0, 1, 9, 10, 31, 99, 100, u8::MAX] {
                    let date = Date { year, month, day };
                    assert_eq!(
                        date.to_string(),
                        format!("{year:04}-{month:02}-{day:02}"),
                        "{date:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_plain_date_reads_as_any_date_does() {
        for year in ["0000", "1900", "2000", "2023", "2024", "9999"] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let text = format!("{year}-{month:02}-{day:02}");
                    let any = Date::parse_any(&text);
                    assert_eq!(Date::plain(&text), any.clone().ok(), "{text}");
                    assert_eq!(Date::parse(&text), any, "{text}");
                }
            }
        }
        for text in [
            "2024-1-01",
            "+024-01-01",
            "2024-01-01 ",
            "2024/01/01",
            "２０２４-01-01",
        ] {
            assert_eq!(Date::plain(text), None, "{text}");
        }
    }

    #[test]
    fn a_date_with_a_time_names_its_day() {
        // As Hugo and WordPress exports write dates: the day as written, not UTC's.
        for text in ["2024-03-05T10:00:00+13:00", "2024-03-05 10:00"] {
            let message = Date::parse(text).err().unwrap_or_default();
            assert!(
                message.contains("write the day only, as written there: `2024-03-05`"),
                "{message}"
            );
        }
        // A day that does not exist gets the calendar's message, not the time's.
        let message = Date::parse("2024-02-30T10:00:00").err().unwrap_or_default();
        assert!(
            message.contains("not a date written YYYY-MM-DD"),
            "{message}"
        );
    }

    #[test]
    fn days_since_the_epoch() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn days_between_dates_and_months_later() {
        let date = |text: &str| Date::parse(text).unwrap_or_else(|e| panic!("{e}"));
        for (text, days) in [
            ("1970-01-01", 0),
            ("2024-01-01", 19_723),
            ("2024-02-29", 19_782),
            ("1969-12-31", -1),
        ] {
            assert_eq!(date(text).days_since_epoch(), days, "{text}");
            assert_eq!(Date::from_days_since_epoch(days), Some(date(text)));
        }
        assert_eq!(date("2025-03-01").days_until(date("2027-03-01")), 730);
        assert_eq!(date("2025-05-01").days_until(date("2025-04-30")), -1);
        assert_eq!(date("2025-03-01").add_months(24), Some(date("2027-03-01")));
        assert_eq!(date("2024-01-31").add_months(1), Some(date("2024-02-29")));
        assert_eq!(date("2024-02-29").add_months(12), Some(date("2025-02-28")));
        assert_eq!(date("2024-11-15").add_months(2), Some(date("2025-01-15")));
        assert_eq!(date("9999-06-01").add_months(12), None);
    }

    #[test]
    fn a_date_written_another_way_is_told_as_it_should_be_written() {
        let told = |text: &str| Date::parse(text).err().unwrap_or_default();
        for (text, meant) in [
            ("25/12/2024", "write `2024-12-25` (25 December 2024)"),
            ("12/25/2024", "write `2024-12-25` (25 December 2024)"),
            (
                "5.3.2024",
                "write `2024-03-05` if it means 5 March 2024 (day first, as New Zealand writes dates), or `2024-05-03` if it means 3 May 2024",
            ),
            ("12/12/2024", "write `2024-12-12` (12 December 2024)"),
            ("2024/12/25", "write `2024-12-25` (25 December 2024)"),
            ("2024-3-5", "write `2024-03-05` (5 March 2024)"),
            ("5 March 2024", "write `2024-03-05` (5 March 2024)"),
            ("March 5, 2024", "write `2024-03-05` (5 March 2024)"),
            ("5th Sept 2024", "write `2024-09-05` (5 September 2024)"),
            ("29/02/2024", "write `2024-02-29` (29 February 2024)"),
        ] {
            assert_eq!(
                told(text),
                format!("`{text}` is not a date written YYYY-MM-DD: {meant}")
            );
        }
        // No date either way: the plain message, with an example.
        for text in [
            "31/02/2024",
            "13/13/2024",
            "1/2/24",
            "5 Smarch 2024",
            "soon",
            "2024",
            "May 2024",
        ] {
            assert_eq!(
                told(text),
                format!("`{text}` is not a date written YYYY-MM-DD, such as 2024-03-09"),
                "{text}"
            );
        }
    }

    #[test]
    fn dates_are_checked() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-13-01").is_err());
        assert!(Date::parse("24-1-1").is_err());
    }
}
