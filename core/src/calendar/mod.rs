//! The England and Wales calendar the deadline rules count in: bank holidays, working days,
//! school days, and the "48 hours, disregarding Sundays, Christmas Day, Good Friday and bank
//! holidays" rule of the protection-order hearing (`docs/CATALOGUE.md` §1.1).
//!
//! Elapsed-hours deadlines do not need this module: they are plain UTC arithmetic
//! ([`Instant::plus_hours`]). Calendar deadlines do, and they are all counted in **UK civil
//! time** (GMT, or BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
//! Sunday of October; see [`crate::time::uk_offset`]). The counting conventions are:
//!
//! - **Bank holiday**: the dates of the built-in table for [`BUILT_IN_YEARS`] (`docs/CATALOGUE.md` §1.1:
//!   list, including the one-off changes of 2020, 2022 and 2023), the rule-based dates of
//!   [`computed_bank_holidays`] for every other year with the one-off changes proclaimed
//!   before the table applied (1981 to 2012; see [`is_bank_holiday`]), plus any extra dates
//!   the force configures ([`CalendarConfig::extra_bank_holidays`]). The table is
//!   authoritative: a weekend day whose holiday moved to a substitute weekday is not itself a
//!   bank holiday (Saturday 26 December 2020 and 2026 are ordinary Saturdays).
//! - **Working day**: Monday to Friday, not a bank holiday ([`is_working_day`]).
//! - **"Within N working days of E"**: by 23:59:59 UK civil time on the N-th working day after
//!   the UK civil day of E; the day of E never counts, whatever its hour
//!   ([`working_days_after`]). The Code gives no counting rule; this is the convention.
//! - **School day**: a working day outside every configured school closure
//!   ([`is_school_day`]). **"Before the start of the next school day after E"**: by the
//!   configured school-day start (default 08:30 UK civil time) on the first school day whose
//!   start is strictly after E, so an event at exactly 08:30:00 rolls to the following school
//!   day ([`next_school_day_start`]).
//! - **48 hours disregarding Sundays, Christmas Day, Good Friday and bank holidays**: time
//!   counts only while the UK civil day is not one of those days. Counting starts at the
//!   service instant, or at 00:00 UK civil time on the next counted day if service falls on a
//!   disregarded day; a counted day counts its real length (23 or 25 hours on a clock-change
//!   day); a disregarded day is skipped whole; if the 48th hour ends exactly at midnight, the
//!   deadline is that midnight ([`hearing_deadline`]).
//!
//! Deadlines that leaned on computed rather than proclaimed holidays are flagged by the rules
//! through [`touches_computed_years`].
//!
//! Every function here is total: no input (not even `i64::MIN` or `i64::MAX` instants, or a
//! closure spanning millennia) makes it panic, overflow or loop without bound. Walks from day
//! to day give up after [`MAX_WALK_DAYS`] days, or at the end of the calendar (9999-12-31),
//! and then return `Instant::from_unix(i64::MAX)`: a deadline that never comes.
//!
//! Walking is the definition, and the answer outside the built-in years or with extra bank
//! holidays configured. Inside the built-in years, the working-day and school-day deadlines
//! are found by arithmetic instead: the n-th weekday in closed form, corrected by the built-in
//! holidays passed (a binary search of their day numbers, derived at compile time from the
//! dated table), with the clock changes from a table of the years' last Sundays. The tests
//! check both ways against each other on every day of the built-in years.
//!
//! One file per idea: `bank_holidays` (the built-in table, Easter, the standing rules),
//! `built_in_years` (the arithmetic inside the built-in years), `working_days`, `school_days`
//! and `hearing` (the 48-hour rule). They are private; their public items are re-exported here,
//! so `crate::calendar::X` names each of them.

use serde::{Deserialize, Serialize};

use crate::time::{Date, Instant, Weekday, date, uk_instant};

mod bank_holidays;
mod built_in_years;
mod hearing;
mod school_days;
mod working_days;

#[cfg(test)]
mod testkit;

use bank_holidays::easter_sunday;
pub use bank_holidays::is_bank_holiday;
pub use hearing::{hearing_deadline, is_disregarded_for_hearing};
pub use school_days::{is_school_day, next_school_day_start};
pub use working_days::{is_working_day, working_days_after};

/// The default school-day start: 08:30, in seconds after UK civil midnight.
pub(crate) const DEFAULT_SCHOOL_DAY_START: u32 = 8 * 3600 + 30 * 60;

/// The most days any day-by-day walk in this module looks ahead of its starting day (about
/// 1000 years). A walk that finds no answer within it returns `Instant::from_unix(i64::MAX)`.
/// No real calendar needs more than a handful of days; the bound exists so that a
/// configuration closing schools (or declaring bank holidays) for centuries still finishes.
pub(crate) const MAX_WALK_DAYS: i64 = 365_250;

/// The years whose bank holidays are built in from the catalogue's table (`docs/CATALOGUE.md` §1.1) (2028 to 2030 are
/// computed there too, but fixed here so that a later proclamation changes only this table).
pub(crate) const BUILT_IN_YEARS: core::ops::RangeInclusive<i32> =
    FIRST_BUILT_IN_YEAR..=LAST_BUILT_IN_YEAR;

const FIRST_BUILT_IN_YEAR: i32 = 2020;
const LAST_BUILT_IN_YEAR: i32 = 2030;

/// The first day `Date` can hold (-9999-01-01).
const FIRST_DATE: Date = Date::from_days_since_epoch(i64::MIN);
/// The last day `Date` can hold (9999-12-31).
const LAST_DATE: Date = Date::from_days_since_epoch(i64::MAX);
/// The deadline returned when a walk runs off the calendar or past [`MAX_WALK_DAYS`].
const NEVER: Instant = Instant::from_unix(i64::MAX);
/// 23:59:59, in seconds after midnight.
const LAST_SECOND: u32 = 86_399;

/// Local calendar choices a force configures (borrowed from its policy).
#[derive(Clone, Copy, Debug)]
pub struct CalendarConfig<'a> {
    /// Extra bank holidays (e.g. a one-off proclaimed day beyond the built-in table).
    pub extra_bank_holidays: &'a [Date],
    /// School closures: inclusive ranges of dates on which schools are closed.
    pub school_closures: &'a [DateRange],
    /// School-day start, seconds after UK civil midnight (default 8*3600+30*60). A value above
    /// 86 399 is read as 23:59:59.
    pub school_day_start: u32,
}

impl Default for CalendarConfig<'static> {
    /// No extra bank holidays, no school closures, school day starting at 08:30.
    fn default() -> Self {
        CalendarConfig {
            extra_bank_holidays: &[],
            school_closures: &[],
            school_day_start: DEFAULT_SCHOOL_DAY_START,
        }
    }
}

/// An inclusive range of dates, `first` to `last`. A range with `last` before `first` is
/// empty.
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// The first date in the range.
    pub first: Date,
    /// The last date in the range (inclusive).
    pub last: Date,
}

impl DateRange {
    /// Whether `d` lies in the range (`first <= d <= last`).
    #[must_use]
    pub const fn contains(self, d: Date) -> bool {
        let day = d.days_since_epoch();
        self.first.days_since_epoch() <= day && day <= self.last.days_since_epoch()
    }
}

/// Monday = 0 … Sunday = 6.
const fn weekday_index(weekday: Weekday) -> i64 {
    match weekday {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    }
}

const fn is_weekend(weekday: Weekday) -> bool {
    matches!(weekday, Weekday::Saturday | Weekday::Sunday)
}

/// Days from `from` to `to` (both held by [`Date`], so no overflow).
const fn days_between(from: Date, to: Date) -> i64 {
    to.days_since_epoch() - from.days_since_epoch()
}

/// Whether any UK civil year from the year of `from` to the year of `to` (inclusive; the order
/// of the two does not matter) lies outside [`BUILT_IN_YEARS`]: a deadline counted over such a
/// year relied on computed, not proclaimed, bank holidays, and the rules flag it. The one-off
/// changes of 1981 to 2012 are applied to such years but do not change the flag (`docs/CATALOGUE.md`
/// §1.1): those years are still outside the table.
#[must_use]
pub(crate) fn touches_computed_years(from: Instant, to: Instant) -> bool {
    // The first and last instants of the built-in years in UK civil time, worked out once at
    // compile time: two comparisons instead of two civil-date conversions.
    const FIRST: Instant = uk_instant(date(FIRST_BUILT_IN_YEAR, 1, 1), 0);
    const AFTER_LAST: Instant = uk_instant(date(LAST_BUILT_IN_YEAR + 1, 1, 1), 0);
    from.min(to) < FIRST || from.max(to) >= AFTER_LAST
}

#[cfg(test)]
mod tests {
    use super::testkit::{cfg, d, t};
    use super::*;
    use crate::time::uk_civil;

    #[test]
    fn date_range_serde() {
        let r = DateRange {
            first: d("2024-02-12"),
            last: d("2024-02-16"),
        };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"first":"2024-02-12","last":"2024-02-16"}"#);
        assert_eq!(serde_json::from_str::<DateRange>(&json).unwrap(), r);
        assert!(
            serde_json::from_str::<DateRange>(
                r#"{"first":"2024-02-12","last":"2024-02-16","to":"x"}"#
            )
            .is_err()
        );
    }

    #[test]
    fn default_config() {
        let c = CalendarConfig::default();
        assert!(c.extra_bank_holidays.is_empty());
        assert!(c.school_closures.is_empty());
        assert_eq!(c.school_day_start, 30_600);
        assert_eq!(DEFAULT_SCHOOL_DAY_START, 8 * 3600 + 30 * 60);
    }

    #[test]
    fn computed_year_flag() {
        let pairs = [
            ("2024-01-01T00:00:00Z", "2024-01-03T00:00:00Z", false),
            ("2020-01-01T00:00:00Z", "2030-12-31T23:59:59Z", false),
            // 2019-12-31 23:30 GMT is still 2019.
            ("2019-12-31T23:30:00Z", "2020-01-02T00:00:00Z", true),
            ("2030-12-31T10:00:00Z", "2031-01-02T23:59:59Z", true),
            ("2031-01-02T23:59:59Z", "2030-12-31T10:00:00Z", true),
            ("2035-01-02T00:00:00Z", "2035-01-05T00:00:00Z", true),
        ];
        for (from, to, want) in pairs {
            assert_eq!(touches_computed_years(t(from), t(to)), want, "{from} {to}");
        }
        assert!(touches_computed_years(
            Instant::from_unix(i64::MIN),
            Instant::from_unix(i64::MAX)
        ));
        assert!(touches_computed_years(t("2024-01-01T00:00:00Z"), NEVER));
        // The boundaries to the second, against the definition by UK civil year.
        let by_year = |from: Instant, to: Instant| {
            let first = uk_civil(from.min(to)).0.year();
            let last = uk_civil(from.max(to)).0.year();
            !BUILT_IN_YEARS.contains(&first) || !BUILT_IN_YEARS.contains(&last)
        };
        let inside = t("2025-06-01T12:00:00Z");
        for edge in ["2020-01-01T00:00:00Z", "2031-01-01T00:00:00Z"] {
            for delta in -2..=2 {
                let at = t(edge).plus_secs(delta);
                assert_eq!(
                    touches_computed_years(at, inside),
                    by_year(at, inside),
                    "{at}"
                );
                assert_eq!(
                    touches_computed_years(inside, at),
                    by_year(inside, at),
                    "{at}"
                );
            }
        }
    }

    #[test]
    fn total_at_the_edges() {
        let edges = [
            Instant::from_unix(i64::MIN),
            Instant::from_unix(i64::MIN + 1),
            Instant::from_unix(-1_000_000_000_000),
            Instant::from_unix(0),
            Instant::EARLIEST,
            Instant::LATEST,
            uk_instant(LAST_DATE, 0),
            uk_instant(LAST_DATE, LAST_SECOND),
            Instant::from_unix(1_000_000_000_000),
            Instant::from_unix(i64::MAX - 1),
            Instant::from_unix(i64::MAX),
        ];
        let everything = [DateRange {
            first: FIRST_DATE,
            last: LAST_DATE,
        }];
        let closed = CalendarConfig {
            school_closures: &everything,
            school_day_start: u32::MAX,
            ..CalendarConfig::default()
        };
        // Extra bank holidays on every day of a stretch of about eight years.
        let many: Vec<Date> = (0..3000).map(|n| d("2024-01-01").plus_days(n)).collect();
        let lots = CalendarConfig {
            extra_bank_holidays: &many,
            ..CalendarConfig::default()
        };
        for e in edges {
            for c in [cfg(), closed, lots] {
                assert!(working_days_after(e, 0, &c) >= uk_instant(FIRST_DATE, LAST_SECOND));
                let n = if c.extra_bank_holidays.is_empty() {
                    u16::MAX
                } else {
                    1
                };
                let _ = working_days_after(e, n, &c);
                let _ = next_school_day_start(e, &c);
                let h = hearing_deadline(e, &c);
                assert!(h > e || e == NEVER, "{e:?} {h:?}");
                let _ = touches_computed_years(e, h);
            }
            assert_eq!(next_school_day_start(e, &closed), NEVER);
        }
        assert_eq!(working_days_after(NEVER, 1, &cfg()), NEVER);
        assert_eq!(working_days_after(NEVER, 0, &cfg()), NEVER);
        assert_eq!(hearing_deadline(NEVER, &cfg()), NEVER);
        // The stretch of extra holidays is walked through (2032-03-19 is a Friday, the
        // 20th a Saturday).
        assert_eq!(
            working_days_after(t("2023-12-29T12:00:00Z"), 1, &lots),
            uk_instant(d("2032-03-19"), LAST_SECOND)
        );
        assert_eq!(
            hearing_deadline(t("2024-01-01T12:00:00Z"), &lots),
            uk_instant(d("2032-03-21"), 0)
        );
    }
}
