//! Instants and civil dates.
//!
//! An [`Instant`] is a count of whole seconds since 1970-01-01T00:00:00Z (UTC), as `docs/CATALOGUE.md` §1.1
//! asks: the core never reads a clock and never uses floating point. A [`Date`] is a day of the
//! proleptic Gregorian calendar. UK civil time (GMT/BST) is derived from UTC by the rule of the
//! Summer Time Order 2002, computed here, with no time-zone database: see [`uk_offset`].
//!
//! Every value a caller can hand in is checked against the supported range
//! ([`Instant::EARLIEST`] to [`Instant::LATEST`], years 1900 to 2200) when a case is validated,
//! so the arithmetic inside the rules works far from `i64`'s edges. The helpers here still use
//! checked or saturating arithmetic, so that no input can make them overflow, or wrapping
//! arithmetic where the operands' bounds make it exact (a product of a `u32` and the seconds
//! in a day; four-digit years), which spares a 32-bit target a 128-bit multiply.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds in a day.
pub(crate) const SECS_PER_DAY: i64 = 86_400;
/// Seconds in an hour.
pub(crate) const SECS_PER_HOUR: i64 = 3_600;

/// A moment in time: whole seconds since the Unix epoch, UTC.
///
/// In human-readable formats (JSON, TOML) it is written as an RFC 3339 timestamp; a timestamp
/// with an offset (`+01:00`) is converted to UTC when read and always written back in UTC
/// (`Z`). In compact formats (postcard) it is the plain `i64`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant(i64);

impl Instant {
    /// The earliest supported instant: 1900-01-01T00:00:00Z.
    pub const EARLIEST: Instant = Instant(-2_208_988_800);
    /// The latest supported instant: 2200-12-31T23:59:59Z.
    pub const LATEST: Instant = Instant(7_289_654_399);

    /// The instant `secs` seconds after the Unix epoch.
    #[must_use]
    pub const fn from_unix(secs: i64) -> Self {
        Instant(secs)
    }

    /// Seconds since the Unix epoch.
    #[must_use]
    pub const fn unix(self) -> i64 {
        self.0
    }

    /// Whether this instant lies in the supported range (years 1900 to 2200).
    #[must_use]
    pub const fn is_supported(self) -> bool {
        self.0 >= Self::EARLIEST.0 && self.0 <= Self::LATEST.0
    }

    /// This instant moved by `secs` seconds, saturating at the ends of `i64`.
    ///
    /// Saturation is harmless here: validated instants sit in 1900–2200 and every period the
    /// rules add is at most a few years, so the result is exact for any validated case; for an
    /// unvalidated instant the result stays ordered (never wraps round to the other end).
    #[must_use]
    pub const fn plus_secs(self, secs: i64) -> Self {
        Instant(self.0.saturating_add(secs))
    }

    /// This instant moved by `hours` elapsed hours (saturating, see [`Instant::plus_secs`]).
    #[must_use]
    pub const fn plus_hours(self, hours: u32) -> Self {
        self.plus_secs((hours as i64).wrapping_mul(SECS_PER_HOUR))
    }

    /// This instant moved by `minutes` elapsed minutes (saturating).
    #[must_use]
    pub const fn plus_minutes(self, minutes: u32) -> Self {
        self.plus_secs((minutes as i64).wrapping_mul(60))
    }

    /// This instant moved by `days` × 24 elapsed hours (saturating): the "elapsed days" of `docs/CATALOGUE.md` §1.1.
    #[must_use]
    pub const fn plus_days(self, days: u32) -> Self {
        self.plus_secs((days as i64).wrapping_mul(SECS_PER_DAY))
    }

    /// The UTC calendar date and the seconds since UTC midnight.
    #[must_use]
    pub const fn utc_date_and_secs(self) -> (Date, u32) {
        let days = self.0.div_euclid(SECS_PER_DAY);
        let secs = self.0.rem_euclid(SECS_PER_DAY) as u32;
        (Date::from_days_since_epoch(days), secs)
    }

    /// Parses an RFC 3339 timestamp (`2024-03-31T00:30:00Z`, `2024-06-01T09:00:00+01:00`).
    ///
    /// Fractional seconds are not accepted: the core counts whole seconds and would otherwise
    /// have to drop what the caller gave. A leap second (`:60`) is rejected for the same reason.
    pub fn parse_rfc3339(text: &str) -> Result<Self, TimeError> {
        let b = text.as_bytes();
        if b.len() < 20 {
            return Err(TimeError::Malformed);
        }
        // A date that is not in the calendar is refused only once the rest is known to be
        // well formed.
        let date = Date::parse(text.get(..10).unwrap_or(""));
        if date == Err(TimeError::Malformed) {
            return Err(TimeError::Malformed);
        }
        // Two digits at `at`.
        let two = |at: usize| match b.get(at..at.wrapping_add(2)) {
            Some([tens @ b'0'..=b'9', units @ b'0'..=b'9']) => Some(i64::from(
                tens.wrapping_sub(b'0')
                    .wrapping_mul(10)
                    .wrapping_add(units.wrapping_sub(b'0')),
            )),
            _ => None,
        };
        let (
            Some(hour),
            Some(minute),
            Some(second),
            Some(b'T' | b't' | b' '),
            Some(b':'),
            Some(b':'),
        ) = (two(11), two(14), two(17), b.get(10), b.get(13), b.get(16))
        else {
            return Err(TimeError::Malformed);
        };
        let offset = match b.get(19..) {
            Some([b'Z' | b'z']) => 0,
            Some([sign @ (b'+' | b'-'), _, _, b':', _, _]) => {
                let (Some(hours), Some(minutes)) = (two(20), two(23)) else {
                    return Err(TimeError::Malformed);
                };
                if hours > 23 || minutes > 59 {
                    return Err(TimeError::BadOffset);
                }
                let magnitude = hours
                    .wrapping_mul(SECS_PER_HOUR)
                    .wrapping_add(minutes.wrapping_mul(60));
                if *sign == b'-' {
                    magnitude.wrapping_neg()
                } else {
                    magnitude
                }
            }
            Some([b'.', ..]) => return Err(TimeError::FractionalSeconds),
            _ => return Err(TimeError::Malformed),
        };
        let date = date?;
        if hour > 23 || minute > 59 || second > 59 {
            return Err(TimeError::NoSuchTime);
        }
        // Exact: a four-digit year's midnight is within 2^39 seconds of the epoch, and the
        // other terms are below a day (wrapping only spares the optimiser overflow checks).
        let instant = Instant(
            date.utc_midnight()
                .0
                .wrapping_add(hour.wrapping_mul(SECS_PER_HOUR))
                .wrapping_add(minute.wrapping_mul(60))
                .wrapping_add(second)
                .wrapping_sub(offset),
        );
        if instant.is_supported() {
            Ok(instant)
        } else {
            Err(TimeError::OutOfRange)
        }
    }
}

/// Writes `YYYY-MM-DDTHH:MM:SSZ` (UTC). A year before 0 is written with a minus sign (see
/// [`Date`]'s `Display`); an instant beyond the years -9999 to 9999 is written as if on the
/// nearest date [`Date`] can hold (only unvalidated instants can be that far out).
impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (date, secs) = self.utc_date_and_secs();
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            date,
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

impl fmt::Debug for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why a timestamp or date could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeError {
    /// Not of the form `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM`.
    Malformed,
    /// The calendar has no such date (for example 2023-02-29).
    NoSuchDate,
    /// The clock has no such time (hour 24, minute 60, a leap second).
    NoSuchTime,
    /// The offset is not a valid `±HH:MM`.
    BadOffset,
    /// Fractional seconds were given; the core counts whole seconds.
    FractionalSeconds,
    /// Outside the supported range, 1900-01-01T00:00:00Z to 2200-12-31T23:59:59Z.
    OutOfRange,
}

impl TimeError {
    /// Every kind, for a reader that recognises them by their messages (serde's errors carry
    /// a message, not the kind: the JSON reader and the command line tell a timestamp's
    /// refusal apart so).
    pub const ALL: &[TimeError] = &[
        TimeError::Malformed,
        TimeError::NoSuchDate,
        TimeError::NoSuchTime,
        TimeError::BadOffset,
        TimeError::FractionalSeconds,
        TimeError::OutOfRange,
    ];

    /// A plain-words description.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            TimeError::Malformed => {
                "not an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SS then Z or +HH:MM)"
            }
            TimeError::NoSuchDate => "no such calendar date",
            TimeError::NoSuchTime => "no such time of day",
            TimeError::BadOffset => "the UTC offset is not a valid +HH:MM",
            TimeError::FractionalSeconds => {
                "fractional seconds are not accepted; give whole seconds"
            }
            TimeError::OutOfRange => "outside the supported range 1900-01-01 to 2200-12-31",
        }
    }
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Instant;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp such as 2024-03-31T00:30:00Z")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Instant, E> {
                Instant::parse_rfc3339(v).map_err(|e| E::custom(e.as_str()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Instant, E> {
                Ok(Instant(v))
            }
        }
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(Visitor)
        } else {
            deserializer.deserialize_i64(Visitor)
        }
    }
}

/// A day of the proleptic Gregorian calendar.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are the days")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date, if the calendar has it. Years are limited to -9999..=9999.
    #[must_use]
    pub const fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if year < -9999 || year > 9999 || day == 0 || day > days_in_month(year, month) {
            None
        } else {
            Some(Date { year, month, day })
        }
    }

    /// The year.
    #[must_use]
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    #[must_use]
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    #[must_use]
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it). Howard Hinnant's `days_from_civil`.
    #[must_use]
    pub const fn days_since_epoch(self) -> i64 {
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, by Neri and Schneider's algorithm. The input is
    /// clamped to the years -9999..=9999 so the result is always a valid date.
    #[must_use]
    pub const fn from_days_since_epoch(days: i64) -> Date {
        // -9999-01-01 and 9999-12-31.
        let days = if days < -4_371_587 {
            -4_371_587
        } else if days > 2_932_896 {
            2_932_896
        } else {
            days
        };
        // Neri and Schneider's algorithm ("Euclidean affine functions and their application to
        // calendar algorithms", 2022), in unsigned 32-bit arithmetic: the day count is shifted
        // by 82 eras of 400 years so that it is positive. After the clamp every intermediate
        // value is far inside its type (n < 16 million, 4n + 3 < 64 million, the product below
        // < 2^33), so the wrapping operations never wrap; they only spare the optimiser overflow
        // checks it cannot prove away. A test compares every day of the calendar with the
        // textbook algorithm.
        const ERAS: u32 = 82;
        const SHIFT: u32 = 719_468 + 146_097 * ERAS;
        let n = (days as u32).wrapping_add(SHIFT);
        let n1 = n.wrapping_mul(4).wrapping_add(3);
        let century = n1 / 146_097;
        let of_century = n1 % 146_097 / 4;
        let n2 = of_century.wrapping_mul(4).wrapping_add(3);
        let p2 = (n2 as u64).wrapping_mul(2_939_745);
        let year_of_century = (p2 >> 32) as u32;
        let day_of_year = (p2 as u32) / 2_939_745 / 4;
        let n3 = day_of_year.wrapping_mul(2_141).wrapping_add(197_913);
        let month = n3 >> 16;
        let day = (n3 & 0xFFFF) / 2_141 + 1;
        // The computation's year starts on 1 March: January and February belong to the next.
        let january_or_february = day_of_year >= 306;
        let year = century
            .wrapping_mul(100)
            .wrapping_add(year_of_century)
            .wrapping_add(january_or_february as u32)
            .wrapping_sub(400 * ERAS) as i32;
        let month = if january_or_february {
            month.wrapping_sub(12)
        } else {
            month
        };
        Date {
            year,
            month: month as u8,
            day: day as u8,
        }
    }

    /// The day of the week.
    #[must_use]
    pub const fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.days_since_epoch() + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// The date `n` days later (negative: earlier).
    #[must_use]
    pub const fn plus_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch().saturating_add(n))
    }

    /// The next day.
    #[must_use]
    pub const fn next(self) -> Date {
        // The calendar walks call this once per day: stepping the fields avoids two civil
        // conversions. The last date the type holds stays put, as `plus_days` clamps.
        if self.day < days_in_month(self.year, self.month) {
            Date {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            Date {
                year: self.year,
                month: self.month + 1,
                day: 1,
            }
        } else if self.year < 9999 {
            Date {
                year: self.year + 1,
                month: 1,
                day: 1,
            }
        } else {
            self
        }
    }

    /// Midnight UTC at the start of this date.
    #[must_use]
    pub const fn utc_midnight(self) -> Instant {
        // Exact for every date (years -9999..=9999, under 2^39 seconds from the epoch);
        // wrapping only so that no overflow check is left for the optimiser to keep.
        Instant(self.days_since_epoch().wrapping_mul(SECS_PER_DAY))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, TimeError> {
        let b = text.as_bytes();
        if b.len() != 10 {
            return Err(TimeError::Malformed);
        }
        // Each field's value, digit by digit (at most four: never wraps); `-` at 4 and 7.
        let mut fields = [0i32; 3];
        for (at, byte) in b.iter().enumerate() {
            let field = usize::from(at > 4) + usize::from(at > 7);
            match (at, byte) {
                (4 | 7, b'-') => {}
                (_, b'0'..=b'9') if at != 4 && at != 7 => {
                    if let Some(value) = fields.get_mut(field) {
                        *value = value
                            .wrapping_mul(10)
                            .wrapping_add(i32::from(byte.wrapping_sub(b'0')));
                    }
                }
                _ => return Err(TimeError::Malformed),
            }
        }
        let [year, month, day] = fields;
        Date::new(year, month as u8, day as u8).ok_or(TimeError::NoSuchDate)
    }
}

/// Writes `YYYY-MM-DD`.
///
/// A year before 0 (proleptic, astronomical numbering) is written with a minus sign and four
/// digits, as ISO 8601's expanded form does: `-0044-03-15`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year < 0 {
            f.write_str("-")?;
        }
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year.unsigned_abs(),
            self.month,
            self.day
        )
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i32(self.days_since_epoch() as i32)
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date such as 2024-12-25")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(|e| E::custom(e.as_str()))
            }
            fn visit_i32<E: serde::de::Error>(self, v: i32) -> Result<Date, E> {
                let date = Date::from_days_since_epoch(i64::from(v));
                if date.days_since_epoch() == i64::from(v) {
                    Ok(date)
                } else {
                    Err(E::custom("day number outside the years -9999 to 9999"))
                }
            }
        }
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(Visitor)
        } else {
            deserializer.deserialize_i32(Visitor)
        }
    }
}

/// A date written in the source: for the literal dates of the crate's constants and static
/// tables (the law's dates, the built-in bank holidays, the calendar's bounds). It is meant for
/// `const` and `static` initialisers, where an impossible date fails the build, never a run;
/// dates worked out at run time (Easter) use [`Date::new`].
#[allow(
    clippy::panic,
    reason = "evaluated at compile time: a bad literal fails the build"
)]
pub(crate) const fn date(year: i32, month: u8, day: u8) -> Date {
    match Date::new(year, month, day) {
        Some(date) => date,
        None => panic!("a date literal that is not a real date"),
    }
}

/// The last Sunday of `month` in `year`: the rule as the Order words it, against which the
/// tests check [`uk_offset`]'s arithmetic.
#[cfg(test)]
#[must_use]
pub(crate) const fn last_sunday(year: i32, month: u8) -> Date {
    let last = Date {
        year,
        month,
        day: days_in_month(year, month),
    };
    let back = match last.weekday() {
        Weekday::Sunday => 0,
        Weekday::Monday => 1,
        Weekday::Tuesday => 2,
        Weekday::Wednesday => 3,
        Weekday::Thursday => 4,
        Weekday::Friday => 5,
        Weekday::Saturday => 6,
    };
    last.plus_days(-back)
}

/// UK civil time's offset from UTC at `at`, in seconds: 3600 during British Summer Time, else 0.
///
/// BST runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
/// October (Summer Time Order 2002, art. 2; the same rule has applied since 1981 under EU
/// directives). The rule is applied to every year; before 1981 the UK's history of summer time
/// differs, which only matters for calendar deadlines and is documented, not modelled.
#[must_use]
pub const fn uk_offset(at: Instant) -> i64 {
    let days = at.0.div_euclid(SECS_PER_DAY);
    let secs = at.0.rem_euclid(SECS_PER_DAY);
    if is_bst_at_utc(Date::from_days_since_epoch(days), secs) {
        SECS_PER_HOUR
    } else {
        0
    }
}

/// The day of March or October (both 31 days long) that is the month's last Sunday: 31 less
/// the days from that Sunday to the 31st. Monday = 0 … Sunday = 6; 1970-01-01 was a Thursday.
const fn last_sunday_of_31_day_month(date: Date) -> i64 {
    let weekday_of_31st = (date.days_since_epoch() + 3 + 31 - date.day as i64).rem_euclid(7);
    31 - (weekday_of_31st + 1) % 7
}

/// Whether BST is in force on `date` at `secs` seconds into the day, where `change` is the
/// second of the day at which the clocks change on the last Sunday in that reckoning. April to
/// September are summer and November to February winter whatever the day, so only March and
/// October need their last Sunday. A date clamped at the ends of the calendar is 1 January or
/// 31 December, so the clamp never reaches those two months.
const fn is_bst(date: Date, secs: i64, change: i64) -> bool {
    match date.month {
        4..=9 => true,
        3 | 10 => {
            let day = date.day as i64;
            let last_sunday = last_sunday_of_31_day_month(date);
            let changed = day > last_sunday || (day == last_sunday && secs >= change);
            if date.month == 3 { changed } else { !changed }
        }
        _ => false,
    }
}

/// Whether BST is in force at `secs` seconds after UTC midnight of the UTC date `date`: the
/// clocks change at 01:00 UTC.
const fn is_bst_at_utc(date: Date, secs: i64) -> bool {
    is_bst(date, secs, SECS_PER_HOUR)
}

/// Whether UK clocks show BST at the civil time `secs` (below 86 400) on `date`. The change
/// comes when civil clocks would show 02:00 on the last Sunday: in spring 01:00–01:59 GMT
/// never happens (read as GMT, which is the instant an hour later in BST terms), and in autumn
/// the repeated hour 01:00–01:59 is read as its first, BST, occurrence.
const fn is_bst_at_civil(date: Date, secs: u32) -> bool {
    is_bst(date, secs as i64, 2 * SECS_PER_HOUR)
}

/// The UK civil date at `at` and the seconds since UK civil midnight.
#[must_use]
pub const fn uk_civil(at: Instant) -> (Date, u32) {
    let days = at.0.div_euclid(SECS_PER_DAY);
    let secs = at.0.rem_euclid(SECS_PER_DAY);
    let date = Date::from_days_since_epoch(days);
    // One civil conversion: in summer the hour is added to the UTC date and seconds found.
    if !is_bst_at_utc(date, secs) {
        return (date, secs as u32);
    }
    let secs = secs + SECS_PER_HOUR;
    if secs < SECS_PER_DAY {
        (date, secs as u32)
    } else {
        (date.next(), (secs - SECS_PER_DAY) as u32)
    }
}

/// The instant at which UK civil clocks on `date` show `secs_of_day` seconds after midnight.
///
/// Clocks change at 01:00 GMT (spring, to 02:00 BST) and 02:00 BST (autumn, to 01:00 GMT), so
/// midnight, the school-day start and 23:59:59 always exist exactly once. For a civil time in the
/// spring gap the instant one hour later is returned; for a time in the autumn's repeated hour,
/// the first (BST) occurrence. A `secs_of_day` of a day or more counts on into the next days.
#[must_use]
pub const fn uk_instant(date: Date, secs_of_day: u32) -> Instant {
    let naive = date.utc_midnight().plus_secs(secs_of_day as i64);
    if secs_of_day >= SECS_PER_DAY as u32 {
        // Past the end of `date`: judged by the UTC reading, an hour back, as at any time.
        let as_bst = naive.plus_secs(-SECS_PER_HOUR);
        return if uk_offset(as_bst) == SECS_PER_HOUR {
            as_bst
        } else {
            naive
        };
    }
    if is_bst_at_civil(date, secs_of_day) {
        naive.plus_secs(-SECS_PER_HOUR)
    } else {
        naive
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests fail loudly"
)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn t(text: &str) -> Instant {
        Instant::parse_rfc3339(text).unwrap()
    }

    /// The UK clock changes 2020–2030: (spring Sunday, autumn Sunday).
    const CHANGES: [(&str, &str); 11] = [
        ("2020-03-29", "2020-10-25"),
        ("2021-03-28", "2021-10-31"),
        ("2022-03-27", "2022-10-30"),
        ("2023-03-26", "2023-10-29"),
        ("2024-03-31", "2024-10-27"),
        ("2025-03-30", "2025-10-26"),
        ("2026-03-29", "2026-10-25"),
        ("2027-03-28", "2027-10-31"),
        ("2028-03-26", "2028-10-29"),
        ("2029-03-25", "2029-10-28"),
        ("2030-03-31", "2030-10-27"),
    ];

    #[test]
    fn the_offset_follows_the_last_sunday_rule_1900_to_2200() {
        // Every hour of March and October, and a second either side of each change.
        for year in 1900..=2200 {
            let starts = last_sunday(year, 3).utc_midnight().plus_secs(SECS_PER_HOUR);
            let ends = last_sunday(year, 10)
                .utc_midnight()
                .plus_secs(SECS_PER_HOUR);
            let by_rule = |at: Instant| {
                if at >= starts && at < ends {
                    SECS_PER_HOUR
                } else {
                    0
                }
            };
            for month in [3, 10] {
                let first = Date::new(year, month, 1).unwrap().utc_midnight();
                for hour in 0..31 * 24 {
                    let at = first.plus_hours(hour);
                    assert_eq!(uk_offset(at), by_rule(at), "{at}");
                }
            }
            for change in [starts, ends] {
                for at in [change.plus_secs(-1), change, change.plus_secs(1)] {
                    assert_eq!(uk_offset(at), by_rule(at), "{at}");
                }
            }
            // Mid-summer and mid-winter.
            let june = Date::new(year, 6, 15).unwrap().utc_midnight();
            let january = Date::new(year, 1, 15).unwrap().utc_midnight();
            assert_eq!(uk_offset(june), SECS_PER_HOUR);
            assert_eq!(uk_offset(january), 0);
        }
    }

    /// The civil conversions as first written, from `uk_offset` alone: the reference the direct
    /// arithmetic of `uk_civil` and `uk_instant` is checked against.
    fn uk_civil_by_offset(at: Instant) -> (Date, u32) {
        at.plus_secs(uk_offset(at)).utc_date_and_secs()
    }

    fn uk_instant_by_offset(date: Date, secs_of_day: u32) -> Instant {
        let naive = date.utc_midnight().plus_secs(i64::from(secs_of_day));
        let as_bst = naive.plus_secs(-SECS_PER_HOUR);
        if uk_offset(as_bst) == SECS_PER_HOUR {
            as_bst
        } else {
            naive
        }
    }

    #[test]
    fn civil_conversions_agree_with_the_offset_every_day_1900_to_2200() {
        let seconds = [
            0, 1, 3599, 3600, 3601, 5400, 7199, 7200, 7201, 10_800, 30_600, 82_800, 86_399,
        ];
        let mut day = Date::new(1900, 1, 1).unwrap();
        while day.year() <= 2200 {
            for secs in seconds {
                assert_eq!(
                    uk_instant(day, secs),
                    uk_instant_by_offset(day, secs),
                    "{day} {secs}"
                );
                let at = day.utc_midnight().plus_secs(i64::from(secs));
                assert_eq!(uk_civil(at), uk_civil_by_offset(at), "{at}");
            }
            day = day.next();
        }
        // Beyond one day, and at the ends of the calendar.
        let summer = Date::new(2024, 7, 1).unwrap();
        for secs in [86_400, 90_000, u32::MAX] {
            assert_eq!(uk_instant(summer, secs), uk_instant_by_offset(summer, secs));
        }
        for at in [i64::MIN, -1, 0, i64::MAX] {
            let at = Instant::from_unix(at);
            assert_eq!(uk_civil(at), uk_civil_by_offset(at), "{at}");
        }
        for date in [
            Date::new(-9999, 1, 1).unwrap(),
            Date::new(9999, 12, 31).unwrap(),
        ] {
            for secs in [0, 86_399] {
                assert_eq!(uk_instant(date, secs), uk_instant_by_offset(date, secs));
            }
        }
    }

    /// Howard Hinnant's `civil_from_days`, the textbook algorithm the fast one is checked against.
    fn civil_from_days(days: i64) -> (i32, u8, u8) {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        (year, month, day)
    }

    #[test]
    fn every_day_of_the_calendar_converts_as_the_textbook_says() {
        for days in -4_371_587..=2_932_896 {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(
                (date.year, date.month, date.day),
                civil_from_days(days),
                "{days}"
            );
            assert_eq!(date.days_since_epoch(), days);
        }
        assert_eq!(
            Date::from_days_since_epoch(i64::MIN),
            Date::new(-9999, 1, 1).unwrap()
        );
        assert_eq!(
            Date::from_days_since_epoch(i64::MAX),
            Date::new(9999, 12, 31).unwrap()
        );
    }

    #[test]
    fn next_is_plus_one_day_everywhere_including_the_last_date() {
        let mut day = Date::new(1899, 1, 1).unwrap();
        while day.year() < 2201 {
            assert_eq!(day.next(), day.plus_days(1), "{day}");
            day = day.next();
        }
        let last = Date::new(9999, 12, 31).unwrap();
        assert_eq!(last.next(), last);
        let first = Date::new(-9999, 1, 1).unwrap();
        assert_eq!(first.next(), first.plus_days(1));
    }

    #[test]
    fn every_clock_change_2020_to_2030() {
        for (year, (spring, autumn)) in (2020..).zip(CHANGES) {
            let (spring, autumn) = (d(spring), d(autumn));
            assert_eq!(last_sunday(year, 3), spring);
            assert_eq!(last_sunday(year, 10), autumn);
            assert_eq!(spring.weekday(), Weekday::Sunday);
            assert_eq!(autumn.weekday(), Weekday::Sunday);

            // Spring: 01:00 GMT becomes 02:00 BST.
            let change = t(&format!("{spring}T01:00:00Z"));
            assert_eq!(uk_offset(change.plus_secs(-1)), 0, "{spring}");
            assert_eq!(uk_offset(change), 3600, "{spring}");
            assert_eq!(uk_civil(change.plus_secs(-1)), (spring, 3599));
            assert_eq!(uk_civil(change), (spring, 2 * 3600));

            // Autumn: 02:00 BST becomes 01:00 GMT.
            let change = t(&format!("{autumn}T01:00:00Z"));
            assert_eq!(uk_offset(change.plus_secs(-1)), 3600, "{autumn}");
            assert_eq!(uk_offset(change), 0, "{autumn}");
            assert_eq!(uk_civil(change.plus_secs(-1)), (autumn, 2 * 3600 - 1));
            assert_eq!(uk_civil(change), (autumn, 3600));

            // Midnight, the school-day start and the last second, on both change days.
            let prev = |date: Date| date.plus_days(-1);
            for (secs, on_spring, on_autumn) in [
                (
                    0,
                    format!("{spring}T00:00:00Z"),
                    format!("{}T23:00:00Z", prev(autumn)),
                ),
                (
                    30_600,
                    format!("{spring}T07:30:00Z"),
                    format!("{autumn}T08:30:00Z"),
                ),
                (
                    86_399,
                    format!("{spring}T22:59:59Z"),
                    format!("{autumn}T23:59:59Z"),
                ),
            ] {
                assert_eq!(uk_instant(spring, secs), t(&on_spring), "{spring} {secs}");
                assert_eq!(uk_instant(autumn, secs), t(&on_autumn), "{autumn} {secs}");
                for day in [
                    prev(spring),
                    spring,
                    spring.next(),
                    prev(autumn),
                    autumn,
                    autumn.next(),
                ] {
                    assert_eq!(uk_civil(uk_instant(day, secs)), (day, secs), "{day} {secs}");
                }
            }

            // Every minute of both change days round-trips, except the skipped spring hour.
            for minute in 0..24 * 60 {
                let secs = minute * 60;
                let in_gap = (3600..7200).contains(&secs);
                let back = uk_civil(uk_instant(spring, secs));
                assert_eq!(back == (spring, secs), !in_gap, "{spring} {minute}");
                assert_eq!(uk_civil(uk_instant(autumn, secs)), (autumn, secs));
            }
            // A civil time in the spring gap gives the instant an hour later on the clock; one
            // in the autumn's repeated hour gives its first (BST) occurrence.
            assert_eq!(uk_instant(spring, 5400), t(&format!("{spring}T01:30:00Z")));
            assert_eq!(uk_instant(autumn, 5400), t(&format!("{autumn}T00:30:00Z")));

            // Lengths of the change days: 23 and 25 hours.
            let length = |day: Date| uk_instant(day.next(), 0).unix() - uk_instant(day, 0).unix();
            assert_eq!(length(spring), 23 * 3600);
            assert_eq!(length(autumn), 25 * 3600);
            assert_eq!(length(spring.next()), 24 * 3600);
        }
    }

    #[test]
    fn offsets_in_summer_winter_and_at_the_edges() {
        assert_eq!(uk_offset(t("2024-07-01T12:00:00Z")), 3600);
        assert_eq!(uk_offset(t("2024-01-01T12:00:00Z")), 0);
        assert_eq!(uk_offset(t("2024-12-31T23:59:59Z")), 0);
        assert_eq!(uk_civil(t("2024-07-01T23:30:00Z")), (d("2024-07-02"), 1800));
        assert_eq!(
            uk_civil(t("2024-12-31T23:30:00Z")),
            (d("2024-12-31"), 84_600)
        );
        for secs in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX] {
            let at = Instant::from_unix(secs);
            assert!(matches!(uk_offset(at), 0 | 3600));
            let (date, secs_of_day) = uk_civil(at);
            assert!(secs_of_day < 86_400);
            let _ = uk_instant(date, secs_of_day);
            let _ = at.to_string();
        }
        // Far outside the calendar the date is clamped to its ends.
        assert_eq!(
            uk_civil(Instant::from_unix(i64::MIN)).0,
            Date::new(-9999, 1, 1).unwrap()
        );
        assert_eq!(uk_civil(Instant::from_unix(i64::MAX)).0, d("9999-12-31"));
    }

    #[test]
    fn parses_rfc3339() {
        assert_eq!(t("1970-01-01T00:00:00Z").unix(), 0);
        assert_eq!(t("2024-03-31T00:30:00Z").unix(), 1_711_845_000);
        assert_eq!(t("2024-03-31t00:30:00z"), t("2024-03-31T00:30:00Z"));
        assert_eq!(t("2024-03-31 00:30:00Z"), t("2024-03-31T00:30:00Z"));
        assert_eq!(t("2024-06-01T09:00:00+01:00"), t("2024-06-01T08:00:00Z"));
        assert_eq!(t("2024-06-01T09:00:00-05:00"), t("2024-06-01T14:00:00Z"));
        assert_eq!(t("2024-06-01T09:00:00+05:30"), t("2024-06-01T03:30:00Z"));
        assert_eq!(t("2024-06-01T09:00:00+00:00"), t("2024-06-01T09:00:00Z"));
        assert_eq!(
            t("2024-02-29T12:00:00Z"),
            d("2024-02-29").utc_midnight().plus_hours(12)
        );
        assert_eq!(t("1900-01-01T00:00:00Z"), Instant::EARLIEST);
        assert_eq!(t("2200-12-31T23:59:59Z"), Instant::LATEST);
        // An offset can bring a local time just outside the range back inside it.
        assert_eq!(t("1899-12-31T23:00:00-01:00"), Instant::EARLIEST);
    }

    #[test]
    fn rejects_bad_timestamps() {
        use TimeError::*;
        for (text, want) in [
            ("2024-03-31T00:30:00.5Z", FractionalSeconds),
            ("2024-03-31T00:30:00.000Z", FractionalSeconds),
            ("2023-02-29T00:00:00Z", NoSuchDate),
            ("2024-02-30T00:00:00Z", NoSuchDate),
            ("2024-13-01T00:00:00Z", NoSuchDate),
            ("2024-00-01T00:00:00Z", NoSuchDate),
            ("2024-01-00T00:00:00Z", NoSuchDate),
            ("2024-03-31T24:00:00Z", NoSuchTime),
            ("2024-03-31T23:60:00Z", NoSuchTime),
            ("2016-12-31T23:59:60Z", NoSuchTime),
            ("2024-03-31T00:30:00+24:00", BadOffset),
            ("2024-03-31T00:30:00+01:60", BadOffset),
            ("1899-12-31T23:59:59Z", OutOfRange),
            ("1899-06-01T00:00:00Z", OutOfRange),
            ("2201-01-01T00:00:00Z", OutOfRange),
            ("1900-01-01T00:00:00+00:01", OutOfRange),
            ("2200-12-31T23:59:59-00:01", OutOfRange),
            ("0000-01-01T00:00:00Z", OutOfRange),
            ("9999-12-31T23:59:59Z", OutOfRange),
            ("", Malformed),
            ("2024-03-31", Malformed),
            ("2024-03-31T00:30:00", Malformed),
            ("2024-03-31T00:30:00+0100", Malformed),
            ("2024-03-31T00:30:00+01", Malformed),
            ("2024-03-31T00:30:00Zjunk", Malformed),
            ("2024-03-31T00:30:00 Z", Malformed),
            ("2024/03/31T00:30:00Z", Malformed),
            ("2024-3-31T00:30:00Z", Malformed),
            ("2024-03-31X00:30:00Z", Malformed),
            ("2024-03-31T00.30:00Z", Malformed),
            ("+024-03-31T00:30:00Z", Malformed),
            ("2024-03-31T0a:30:00Z", Malformed),
            ("2024-03-31T00:30:00+ab:00", Malformed),
            ("2024-03-31T00:30:00\u{2212}01:00", Malformed),
            ("２０２４-03-31T00:30:00Z", Malformed),
        ] {
            assert_eq!(Instant::parse_rfc3339(text), Err(want), "{text:?}");
        }
        assert!(!TimeError::OutOfRange.as_str().is_empty());
        assert_eq!(TimeError::NoSuchDate.to_string(), "no such calendar date");
    }

    #[test]
    fn displays_instants_and_dates() {
        assert_eq!(Instant::from_unix(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(Instant::from_unix(-1).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(Instant::EARLIEST.to_string(), "1900-01-01T00:00:00Z");
        assert_eq!(Instant::LATEST.to_string(), "2200-12-31T23:59:59Z");
        assert_eq!(
            format!("{:?}", t("2024-06-01T09:05:07+01:00")),
            "2024-06-01T08:05:07Z"
        );
        for text in [
            "2024-03-31T00:30:00Z",
            "2000-02-29T23:59:59Z",
            "1969-07-20T20:17:40Z",
        ] {
            assert_eq!(t(text).to_string(), text);
            assert_eq!(t(&t(text).to_string()), t(text));
        }
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        assert_eq!(format!("{:?}", d("2024-02-29")), "2024-02-29");
        assert_eq!(Date::new(5, 1, 2).unwrap().to_string(), "0005-01-02");
        assert_eq!(Date::new(0, 1, 2).unwrap().to_string(), "0000-01-02");
        assert_eq!(Date::new(-44, 3, 15).unwrap().to_string(), "-0044-03-15");
        assert_eq!(Date::new(-9999, 1, 1).unwrap().to_string(), "-9999-01-01");
    }

    #[test]
    fn weekdays_of_known_dates() {
        for (date, want) in [
            ("1970-01-01", Weekday::Thursday),
            ("1900-01-01", Weekday::Monday),
            ("2000-01-01", Weekday::Saturday),
            ("2024-02-29", Weekday::Thursday),
            ("2024-12-25", Weekday::Wednesday),
            ("2026-11-15", Weekday::Sunday),
            ("2026-12-26", Weekday::Saturday),
            ("2200-12-31", Weekday::Wednesday),
            ("1969-12-29", Weekday::Monday),
            ("2024-03-05", Weekday::Tuesday),
            ("2024-03-08", Weekday::Friday),
        ] {
            assert_eq!(d(date).weekday(), want, "{date}");
        }
        // Consecutive days step through the week.
        let mut day = d("1899-12-25");
        for _ in 0..3000 {
            let next = day.next();
            let idx = |w: Weekday| w as u8;
            assert_eq!((idx(day.weekday()) + 1) % 7, idx(next.weekday()));
            day = next;
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        let first = d("1900-01-01").days_since_epoch();
        let last = d("2200-12-31").days_since_epoch();
        assert_eq!((first, last), (-25_567, 84_370));
        let mut n = first;
        while n <= last {
            let date = Date::from_days_since_epoch(n);
            assert_eq!(date.days_since_epoch(), n);
            assert_eq!(Date::new(date.year(), date.month(), date.day()), Some(date));
            assert_eq!(date.utc_midnight().utc_date_and_secs(), (date, 0));
            n += 97;
        }
        assert_eq!(Date::from_days_since_epoch(0), d("1970-01-01"));
        assert_eq!(Date::from_days_since_epoch(-1), d("1969-12-31"));
        assert_eq!(Date::from_days_since_epoch(11_016), d("2000-02-29"));
        // Clamped to the years -9999..=9999.
        let lo = Date::from_days_since_epoch(i64::MIN);
        let hi = Date::from_days_since_epoch(i64::MAX);
        assert_eq!((lo.year(), lo.month(), lo.day()), (-9999, 1, 1));
        assert_eq!(hi, d("9999-12-31"));
        assert_eq!(lo.days_since_epoch(), -4_371_587);
        assert_eq!(hi.days_since_epoch(), 2_932_896);
        assert_eq!(hi.next(), hi);
        assert_eq!(lo.plus_days(-1), lo);
        assert_eq!(d("2024-02-28").plus_days(2), d("2024-03-01"));
        assert_eq!(d("2024-03-01").plus_days(-1), d("2024-02-29"));
        assert_eq!(d("2024-01-01").plus_days(i64::MAX), hi);
        assert_eq!(d("2024-01-01").plus_days(i64::MIN), lo);
    }

    #[test]
    fn dates_are_validated() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2024, 4, 31).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 0, 1).is_none());
        assert!(Date::new(2024, 1, 0).is_none());
        assert!(Date::new(10_000, 1, 1).is_none());
        assert!(Date::new(-10_000, 1, 1).is_none());
        assert_eq!(Date::parse("2023-02-29"), Err(TimeError::NoSuchDate));
        assert_eq!(Date::parse("2024-2-29"), Err(TimeError::Malformed));
        assert_eq!(Date::parse("2024-02-29T"), Err(TimeError::Malformed));
        assert_eq!(Date::parse("2024-0a-29"), Err(TimeError::Malformed));
        assert_eq!(Date::parse("2024/02/29"), Err(TimeError::Malformed));
        let leap = d("2024-02-29");
        assert_eq!((leap.year(), leap.month(), leap.day()), (2024, 2, 29));
    }

    #[test]
    fn arithmetic_saturates() {
        let max = Instant::from_unix(i64::MAX);
        let min = Instant::from_unix(i64::MIN);
        assert_eq!(max.plus_secs(1), max);
        assert_eq!(min.plus_secs(-1), min);
        assert_eq!(max.plus_hours(u32::MAX), max);
        assert_eq!(max.plus_minutes(u32::MAX), max);
        assert_eq!(max.plus_days(u32::MAX), max);
        let at = t("2024-03-30T12:00:00Z");
        assert_eq!(at.plus_hours(24), t("2024-03-31T12:00:00Z"));
        assert_eq!(at.plus_minutes(90), t("2024-03-30T13:30:00Z"));
        assert_eq!(at.plus_days(2), t("2024-04-01T12:00:00Z"));
        assert!(at.is_supported() && !max.is_supported() && !min.is_supported());
        assert_eq!(
            Instant::from_unix(-1).utc_date_and_secs(),
            (d("1969-12-31"), 86_399)
        );
    }

    #[test]
    fn serde_json_forms() {
        let at: Instant = serde_json::from_str(r#""2024-06-01T09:00:00+01:00""#).unwrap();
        assert_eq!(at, t("2024-06-01T08:00:00Z"));
        assert_eq!(
            serde_json::to_string(&at).unwrap(),
            r#""2024-06-01T08:00:00Z""#
        );
        assert!(serde_json::from_str::<Instant>(r#""2024-06-01T09:00:00.5Z""#).is_err());
        assert!(serde_json::from_str::<Instant>("1717228800").is_err());
        let date: Date = serde_json::from_str(r#""2024-12-25""#).unwrap();
        assert_eq!(date, d("2024-12-25"));
        assert_eq!(serde_json::to_string(&date).unwrap(), r#""2024-12-25""#);
        assert!(serde_json::from_str::<Date>(r#""2023-02-29""#).is_err());
    }
}
