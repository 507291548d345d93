//! [`Date`]: a publication date or date-time from front matter.
//!
//! Front matter may give `2025-10-15`, `2025-10-15T08:30:00`,
//! `2025-10-15T08:30:00+02:00` or the same as a string. A date alone means
//! midnight UTC. Dates order by the instant they denote and render in the
//! forms the site needs (ISO for `<time datetime>`, RFC 3339 for Atom and
//! sitemaps, a long English form for readers).
//!
//! May use: nothing else in the crate.

use std::cmp::Ordering;
use std::fmt;

use toml::value::{Datetime, Offset};

/// A validated calendar date with an optional time of day and UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
    /// Seconds since midnight, if a time was given.
    time: Option<u32>,
    /// Offset from UTC in minutes, if one was given.
    offset: Option<i16>,
}

/// Why a value is not a usable date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// A time without a date (`08:30:00`).
    NoDate,
    /// Day or month out of range (`2025-02-30`).
    OutOfRange,
    /// A string that is not a TOML date or date-time.
    Unparseable,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateError::NoDate => "a time of day without a date",
            DateError::OutOfRange => "not a real calendar date",
            DateError::Unparseable => "not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
        })
    }
}

const MONTHS: [&str; 12] = [
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

impl Date {
    /// A date from a TOML date or date-time value.
    pub fn from_toml(value: &Datetime) -> Result<Self, DateError> {
        let date = value.date.ok_or(DateError::NoDate)?;
        if date.month == 0
            || date.month > 12
            || date.day == 0
            || date.day > days_in_month(date.year, date.month)
        {
            return Err(DateError::OutOfRange);
        }
        let time = value.time.map(|t| {
            u32::from(t.hour) * 3600 + u32::from(t.minute) * 60 + u32::from(t.second.unwrap_or(0))
        });
        let offset = value.offset.map(|o| match o {
            Offset::Z => 0,
            Offset::Custom { minutes } => minutes,
        });
        Ok(Self {
            year: date.year,
            month: date.month,
            day: date.day,
            time,
            offset,
        })
    }

    /// A date from a string in TOML's date or date-time syntax.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let value: Datetime = text.trim().parse().map_err(|_| DateError::Unparseable)?;
        Self::from_toml(&value)
    }

    /// A plain calendar date (midnight UTC). Panics on an invalid date: for
    /// constants and tests.
    pub fn ymd(year: u16, month: u8, day: u8) -> Self {
        assert!((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month));
        Self {
            year,
            month,
            day,
            time: None,
            offset: None,
        }
    }

    /// The calendar date (UTC) of an instant given in seconds since
    /// 1970-01-01T00:00:00Z, without its time of day. `None` outside the
    /// years 0000-9999 that TOML dates can write.
    pub fn from_timestamp(seconds: i64) -> Option<Self> {
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        let year = u16::try_from(year).ok().filter(|y| *y <= 9999)?;
        Some(Self::ymd(year, month, day))
    }

    /// Today's date in UTC, from the system clock (for `cable new`).
    pub fn today() -> Self {
        let now = std::time::SystemTime::now();
        let seconds = match now.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        };
        Self::from_timestamp(seconds).unwrap_or(Self::ymd(1970, 1, 1))
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1-12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(&self) -> u8 {
        self.day
    }

    /// Seconds since 1970-01-01T00:00:00Z; a date alone is midnight UTC and
    /// a time without offset is taken as UTC.
    pub fn timestamp(&self) -> i64 {
        let days = days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        days * 86_400 + i64::from(self.time.unwrap_or(0)) - i64::from(self.offset.unwrap_or(0)) * 60
    }

    /// `2025-10-15`: the calendar date as written.
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The value for `<time datetime>`: the date, or the full date-time when
    /// a time was given.
    pub fn machine(&self) -> String {
        if self.time.is_some() {
            self.rfc3339()
        } else {
            self.iso_date()
        }
    }

    /// `2025-10-15T00:00:00Z` or `2025-10-15T08:30:00+02:00`.
    pub fn rfc3339(&self) -> String {
        let secs = self.time.unwrap_or(0);
        let offset = match self.offset.unwrap_or(0) {
            0 => "Z".to_string(),
            minutes => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let m = minutes.unsigned_abs();
                format!("{sign}{:02}:{:02}", m / 60, m % 60)
            }
        };
        format!(
            "{}T{:02}:{:02}:{:02}{offset}",
            self.iso_date(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }

    /// `Wed, 15 Oct 2025 08:30:00 +0200`: RFC 2822, for RSS.
    pub fn rfc2822(&self) -> String {
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        let days = days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        // 1970-01-01 was a Thursday.
        let weekday = DAYS[usize::try_from((days + 4).rem_euclid(7)).expect("0..7")];
        let secs = self.time.unwrap_or(0);
        let minutes = self.offset.unwrap_or(0);
        let sign = if minutes < 0 { '-' } else { '+' };
        let m = minutes.unsigned_abs();
        format!(
            "{weekday}, {:02} {} {:04} {:02}:{:02}:{:02} {sign}{:02}{:02}",
            self.day,
            &MONTHS[usize::from(self.month - 1)][..3],
            self.year,
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            m / 60,
            m % 60
        )
    }

    /// `15 October 2025`, for readers.
    pub fn long(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }

    /// `October`: the month's English name.
    pub fn month_name(&self) -> &'static str {
        MONTHS[usize::from(self.month - 1)]
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.timestamp().cmp(&other.timestamp()).then_with(|| {
            (self.year, self.month, self.day, self.time, self.offset).cmp(&(
                other.year,
                other.month,
                other.day,
                other.time,
                other.offset,
            ))
        })
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian (year, month, day) of a day count since
/// 1970-01-01: the inverse of [`days_from_civil`] (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // day is 1..=31 and month 1..=12 by construction.
    (year, month as u8, day as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_datetimes() {
        let d = Date::parse("2025-10-15").unwrap();
        assert_eq!(d.long(), "15 October 2025");
        assert_eq!(d.rfc3339(), "2025-10-15T00:00:00Z");
        assert_eq!(d.machine(), "2025-10-15");
        let t = Date::parse("2025-10-15T08:30:00+02:00").unwrap();
        assert_eq!(t.rfc3339(), "2025-10-15T08:30:00+02:00");
        assert_eq!(t.timestamp() - d.timestamp(), 6 * 3600 + 30 * 60);
        assert!(t > d);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert_eq!(Date::parse("08:30:00"), Err(DateError::NoDate));
        assert_eq!(Date::parse("yesterday"), Err(DateError::Unparseable));
    }

    #[test]
    fn rfc2822_for_rss() {
        assert_eq!(
            Date::parse("2025-10-15").unwrap().rfc2822(),
            "Wed, 15 Oct 2025 00:00:00 +0000"
        );
        assert_eq!(
            Date::parse("2024-02-29T08:05:09-05:30").unwrap().rfc2822(),
            "Thu, 29 Feb 2024 08:05:09 -0530"
        );
    }

    #[test]
    fn epoch_arithmetic() {
        assert_eq!(Date::ymd(1970, 1, 1).timestamp(), 0);
        assert_eq!(Date::ymd(2000, 3, 1).timestamp(), 951_868_800);
    }

    #[test]
    fn dates_from_timestamps() {
        assert_eq!(Date::from_timestamp(0), Some(Date::ymd(1970, 1, 1)));
        assert_eq!(Date::from_timestamp(86_399), Some(Date::ymd(1970, 1, 1)));
        assert_eq!(Date::from_timestamp(-1), Some(Date::ymd(1969, 12, 31)));
        assert_eq!(
            Date::from_timestamp(951_868_799),
            Some(Date::ymd(2000, 2, 29))
        );
        assert_eq!(
            Date::from_timestamp(951_868_800),
            Some(Date::ymd(2000, 3, 1))
        );
        assert_eq!(
            Date::from_timestamp(1_760_531_400),
            Some(Date::ymd(2025, 10, 15))
        );
        assert_eq!(Date::from_timestamp(i64::MAX), None);
        assert_eq!(Date::from_timestamp(i64::MIN), None);
        // The inverse of `timestamp` for every day of four centuries.
        let mut date = Date::ymd(1900, 1, 1);
        for _ in 0..146_097 {
            assert_eq!(Date::from_timestamp(date.timestamp()), Some(date));
            assert_eq!(Date::from_timestamp(date.timestamp() + 86_399), Some(date));
            date = Date::from_timestamp(date.timestamp() + 86_400).unwrap();
        }
        assert_eq!(date, Date::ymd(2300, 1, 1));
        assert!(Date::today() >= Date::ymd(2025, 1, 1));
    }
}
